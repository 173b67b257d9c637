//! The compiled scalar fast path and the general evaluator must agree exactly: every
//! example, test script and failing program runs twice, with the fast path on and forced
//! off, and must print the same output, warnings and diagnostics both times; a proptest does
//! the same for random scalar programs (loops, conditions, element reads and writes,
//! functions, kind changes and errors mid-loop).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use la::{Event, Interpreter};
use proptest::prelude::*;

/// Everything a run shows: printed text, rendered warnings, then the rendered error.
fn transcript(name: &str, text: &str, fast: bool) -> String {
    let out = Arc::new(Mutex::new(String::new()));
    let captured = Arc::clone(&out);
    let mut la = Interpreter::with_sink(Box::new(move |event| {
        let mut out = captured.lock().unwrap();
        match event {
            Event::Text(t) | Event::Shown { text: t, .. } | Event::Picture { text: t, .. } => {
                out.push_str(&t)
            }
            Event::Warning(w) => out.push_str(&format!("warning: {w:?}\n")),
        }
    }));
    la.set_fast_path(fast);
    // Random numbers must not tell the two runs apart.
    la.run("<seed>", "seed(1);").unwrap();
    let result = la.run(name, text);
    let mut shown = out.lock().unwrap().clone();
    match result {
        Ok(value) => shown.push_str(&format!("=> {value:?}\n")),
        Err(e) => shown.push_str(&la.render(&e, false)),
    }
    for (name, value) in la.variables() {
        shown.push_str(&format!("{name} = {value:?}\n"));
    }
    shown
}

fn programs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for dir in [
        "examples",
        "tests/scripts",
        "tests/errors",
        "tests/regressions",
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        paths.extend(
            entries
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "la")),
        );
    }
    paths.sort();
    paths
}

#[test]
fn every_program_gives_the_same_results_on_both_paths() {
    let programs = programs();
    assert!(
        programs.len() > 100,
        "only {} programs found",
        programs.len()
    );
    let mut differ = Vec::new();
    for path in programs {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // not UTF-8 on purpose (a regression file); both paths refuse it alike
        };
        // Timing output differs between any two runs.
        if text.contains("toc()") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let fast = transcript(&name, &text, true);
        let general = transcript(&name, &text, false);
        if fast != general {
            differ.push(format!(
                "{name}:\n--- fast path\n{fast}\n--- general evaluator\n{general}"
            ));
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

/// A scalar expression over the variables `a`, `b`, `i` and the vector `v`.
fn expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        (-5i32..20).prop_map(|n| n.to_string()),
        Just("0.5".to_string()),
        Just("a".to_string()),
        Just("b".to_string()),
        Just("i".to_string()),
        (0i32..6).prop_map(|k| format!("v[{k}]")),
        Just("v[i]".to_string()),
    ];
    leaf.prop_recursive(3, 16, 2, |inner| {
        let op = prop_oneof![
            Just("+"),
            Just("-"),
            Just("*"),
            Just("/"),
            Just("^"),
            Just(".*")
        ];
        prop_oneof![
            (inner.clone(), op, inner.clone()).prop_map(|(l, o, r)| format!("({l} {o} {r})")),
            inner.clone().prop_map(|e| format!("-{e}")),
        ]
    })
}

/// A statement inside the loop body.
fn statement() -> impl Strategy<Value = String> {
    let cmp = prop_oneof![Just("<"), Just(">"), Just("=="), Just("!="), Just("<=")];
    prop_oneof![
        expr().prop_map(|e| format!("a = {e}")),
        expr().prop_map(|e| format!("b += {e}")),
        (0i32..6, expr()).prop_map(|(k, e)| format!("v[{k}] = {e}")),
        (expr(), cmp, expr(), expr())
            .prop_map(|(l, c, r, e)| format!("if {l} {c} {r} {{ a = {e} }} else {{ b = a }}")),
        // The kind of a variable changes mid-loop.
        Just("a = [a, 1]".to_string()),
        Just("b = 1i".to_string()),
        Just("a = f(a)".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_scalar_loops_agree(body in prop::collection::vec(statement(), 1..6), n in 1u32..8) {
        let program = format!(
            "fn f(x) = x * 2 + 1\na = 1; b = 2; v = [1, 2, 3, 4, 5];\nfor i in 1:{n} {{\n    {}\n}}\nprint(a, b)\nv",
            body.join("\n    ")
        );
        let fast = transcript("<random>", &program, true);
        let general = transcript("<random>", &program, false);
        prop_assert_eq!(fast, general, "{}", program);
    }
}
