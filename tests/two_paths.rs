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
    transcript_limited(name, text, fast, None)
}

/// `transcript` with at most `operations` loop rounds and calls, when given.
fn transcript_limited(name: &str, text: &str, fast: bool, operations: Option<u64>) -> String {
    transcript_of(name, text, fast, Some(0), operations)
}

/// `transcript_limited`, with compiled loops run as machine code once they have used
/// `machine_code_after` operations interpreted (never when `None`).
fn transcript_of(
    name: &str,
    text: &str,
    fast: bool,
    machine_code_after: Option<u64>,
    operations: Option<u64>,
) -> String {
    let mut limits = la::Limits::default();
    if let Some(max_operations) = operations {
        limits.max_operations = max_operations;
    }
    transcript_with(name, text, fast, machine_code_after, limits)
}

/// `transcript_of` under the limits given.
fn transcript_with(
    name: &str,
    text: &str,
    fast: bool,
    machine_code_after: Option<u64>,
    limits: la::Limits,
) -> String {
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
    la.set_loop_machine_code_after(machine_code_after);
    la.set_limits(limits);
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

/// A number in a loop program: over the scalars `a`, `b`, `c`, the loop variables `i` and
/// `j`, elements of the vector `v` (5 long) and the 2×3 matrix `A` (some out of range or not
/// whole), constants and builtins (`sqrt` is outside the compiled subset).
fn loop_expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        8 => (-3i32..12).prop_map(|n| n.to_string()),
        2 => Just("0.5".to_string()),
        6 => Just("a".to_string()),
        6 => Just("b".to_string()),
        4 => Just("c".to_string()),
        6 => Just("i".to_string()),
        1 => Just("j".to_string()),
        1 => Just("u".to_string()),
        1 => Just("inf".to_string()),
        1 => Just("nan".to_string()),
        4 => (0i32..7).prop_map(|k| format!("v[{k}]")),
        3 => Just("v[i]".to_string()),
        1 => Just("v[end]".to_string()),
        1 => Just("v[end - 1]".to_string()),
        4 => (0i32..4, 0i32..5).prop_map(|(r, k)| format!("A[{r}, {k}]")),
        1 => Just("A[end, i]".to_string()),
        1 => Just("A[2, j]".to_string()),
        1 => Just("A[i / 2, 1]".to_string()),
        // Indices in registers the body assigns: a check made before an assignment must
        // not stand for one after it.
        2 => Just("v[a]".to_string()),
        1 => Just("A[b, a]".to_string()),
        1 => Just("A[2, b]".to_string()),
        1 => Just("size(A, 1)".to_string()),
        1 => Just("size(v, 2)".to_string()),
    ];
    leaf.prop_recursive(3, 12, 2, |inner| {
        let op = prop_oneof![
            Just("+"),
            Just("-"),
            Just("*"),
            Just("/"),
            Just("^"),
            Just(".*"),
            Just("\\")
        ];
        let builtin = prop_oneof![
            3 => Just("abs"),
            2 => Just("floor"),
            2 => Just("round"),
            1 => Just("exp"),
            1 => Just("sign"),
            1 => Just("sqrt")
        ];
        prop_oneof![
            6 => (inner.clone(), op, inner.clone()).prop_map(|(l, o, r)| format!("({l} {o} {r})")),
            1 => inner.clone().prop_map(|e| format!("-{e}")),
            2 => (builtin, inner.clone()).prop_map(|(f, e)| format!("{f}({e})")),
        ]
    })
}

/// A condition in a loop program.
fn loop_test() -> impl Strategy<Value = String> {
    let cmp = prop_oneof![
        Just("<"),
        Just(">"),
        Just("=="),
        Just("!="),
        Just("<="),
        Just(">=")
    ];
    let simple = prop_oneof![
        4 => (loop_expr(), cmp, loop_expr()).prop_map(|(l, c, r)| format!("{l} {c} {r}")),
        1 => loop_expr(),
        1 => Just("true".to_string()),
    ];
    simple.prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(l, r)| format!("({l}) && ({r})")),
            (inner.clone(), inner.clone()).prop_map(|(l, r)| format!("({l}) || ({r})")),
            inner.clone().prop_map(|t| format!("!({t})")),
        ]
    })
}

/// A statement of a loop body, nested up to two levels.
fn loop_statement() -> impl Strategy<Value = String> {
    let simple = prop_oneof![
        4 => loop_expr().prop_map(|e| format!("a = {e}")),
        2 => loop_expr().prop_map(|e| format!("b += {e}")),
        1 => loop_expr().prop_map(|e| format!("c -= {e}")),
        1 => loop_expr().prop_map(|e| format!("c *= {e}")),
        1 => loop_expr().prop_map(|e| format!("u = {e}")),
        2 => (0i32..7, loop_expr()).prop_map(|(k, e)| format!("v[{k}] = {e}")),
        1 => loop_expr().prop_map(|e| format!("v[end] = {e}")),
        2 => (0i32..4, 0i32..5, loop_expr()).prop_map(|(r, k, e)| format!("A[{r}, {k}] = {e}")),
        1 => loop_expr().prop_map(|e| format!("A[2, i / 2] += {e}")),
        1 => loop_expr().prop_map(|e| format!("A[i] = {e}")),
        1 => loop_expr().prop_map(|e| format!("v[a] = {e}")),
        1 => loop_expr().prop_map(|e| format!("A[b, 1] = {e}")),
        2 => (1i32..7).prop_map(|k| format!("a = {k}")),
        1 => (1i32..4).prop_map(|k| format!("b = {k}")),
        // Leaving the compiled subset, or changing a variable's kind.
        1 => Just("j = a".to_string()),
        1 => prop_oneof![
            Just("a = [a, 1]".to_string()),
            Just("b = 1i".to_string()),
            Just("c = c > 1".to_string()),
            Just("a = f(a)".to_string()),
            Just("v = [v, 1]".to_string()),
            Just("A = A'".to_string()),
            Just("print(a)".to_string()),
        ],
    ];
    simple.prop_recursive(2, 10, 3, |inner| {
        let body = prop::collection::vec(inner, 1..4).prop_map(|b| b.join("; "));
        prop_oneof![
            (loop_test(), body.clone(), body.clone())
                .prop_map(|(t, y, n)| format!("if {t} {{ {y} }} else {{ {n} }}")),
            (loop_test(), body.clone()).prop_map(|(t, y)| format!("if {t} {{ {y} }}")),
            (0i32..4, body.clone()).prop_map(|(k, b)| format!("for j in 1:{k} {{ {b} }}")),
            (body.clone()).prop_map(|b| format!("for j in i:-1:1 {{ {b} }}")),
            (body.clone()).prop_map(|b| format!("for j in 1:0.5:a {{ {b} }}")),
            (body.clone()).prop_map(|b| format!("w = 0; while w < 3 {{ w += 1; {b} }}")),
            // An index register checked, then assigned in a branch or a loop, then used.
            (loop_test(), 1i32..7)
                .prop_map(|(t, k)| format!("u = v[a]; if {t} {{ a = {k} }}; u = v[a]")),
            (0i32..4, 1i32..7)
                .prop_map(|(n, k)| format!("u = v[a]; for j in 1:{n} {{ u = v[a]; a = {k} }}")),
            (loop_test()).prop_map(|t| format!("if {t} {{ break }}")),
            (loop_test()).prop_map(|t| format!("if {t} {{ continue }}")),
        ]
    })
}

/// How many random loop programs `random_loop_programs_agree` runs: 2,000 unless
/// `LA_LOOP_CASES` says (run far more locally).
fn loop_cases() -> u32 {
    std::env::var("LA_LOOP_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000)
}

/// Runs a program with the loop tier off (the reference), its loops as machine code from
/// the start, interpreted, and interpreted until machine code takes over after `switch`
/// operations, under an operation limit: all four must give the same transcript.
fn all_paths_agree(program: &str, limit: u64, switch: u64) -> Result<(), TestCaseError> {
    let general = transcript_limited("<random>", program, false, Some(limit));
    let machine_code = transcript_of("<random>", program, true, Some(0), Some(limit));
    prop_assert_eq!(&machine_code, &general, "machine code:\n{}", program);
    let interpreted = transcript_of("<random>", program, true, None, Some(limit));
    prop_assert_eq!(&interpreted, &general, "interpreted:\n{}", program);
    let switched = transcript_of("<random>", program, true, Some(switch), Some(limit));
    prop_assert_eq!(
        &switched,
        &general,
        "machine code after {}:\n{}",
        switch,
        program
    );
    Ok(())
}

/// A number for `dot` near the ends of the doubles: the largest, pairs whose compensated
/// sum is finite while a step of Knuth's TwoSum (which compiled loops use) overflows,
/// infinities, NaN, signed zeros, the smallest subnormal and ordinary numbers.
fn extreme() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "1.7976931348623157e308",
        "-1.7976931348623157e308",
        "1.3482698511467367e308",
        "-4.2799646616514367e307",
        "3.1618887375787307e307",
        "7.171616347188637e307",
        "1e292",
        "-1e292",
        "1e16",
        "-1e16",
        "1",
        "-1",
        "0.1",
        "0",
        "-0",
        "1/0",
        "-1/0",
        "0/0",
        "4.9e-324",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: loop_cases(), ..ProptestConfig::default() })]

    /// Random loop programs give the same output, variables and diagnostics with the
    /// loop tier (and the scalar fast path) on and off, its compiled loops run as machine
    /// code, interpreted, and interpreted until machine code takes over in the middle of a
    /// loop; some under an operation limit.
    #[test]
    fn random_loop_programs_agree(
        body in prop::collection::vec(loop_statement(), 1..6),
        n in 0u32..7,
        start in prop_oneof![
            4 => Just("a = 1; b = 2; c = 0.5"),
            1 => Just("a = 1; b = true; c = 0.5"),
            1 => Just("a = 2; b = 2"),
        ],
        // A loop can run away (`1:0.5:a` with a large `a`, a `while` whose counter an
        // inner one resets): the limit ends it, at the same place on both paths.
        limit in prop_oneof![3 => Just(20_000u64), 1 => 1u64..200],
        switch in 1u64..40,
    ) {
        all_paths_agree(&loop_program(&body, n, start), limit, switch)?;
    }

    /// `dot` of small vectors in a compiled loop gives the evaluator's bits near overflow,
    /// with infinities and NaN, for sums whose compensation matters, and for zeros of
    /// either sign (`1 / d` shows the sign, which the display does not).
    #[test]
    fn compiled_dot_agrees_at_the_ends_of_the_doubles(
        (u, v) in (1usize..=3).prop_flat_map(|n| {
            (prop::collection::vec(extreme(), n), prop::collection::vec(extreme(), n))
        }),
        scale in prop::sample::select(vec!["1", "-1", "0.5", "2", "1e-300"]),
    ) {
        let program = format!(
            "u = [[{}]]; v = [[{}]]; r = zeros(1, 4); s = r\nfor i in 1:4 {{ r[i] = dot(u, v); s[i] = 1 / r[i]; v = {scale} * v - u }}\nr\ns",
            u.join(", "),
            v.join(", ")
        );
        all_paths_agree(&program, 20_000, 2)?;
    }
}

/// `dot` in a compiled loop of every mix of signed zeros with ±1 (the products ±0), for one to
/// three elements: the sum's sign, which `1 / d` shows, is the evaluator's.
#[test]
fn compiled_dot_gives_sums_of_zeros_their_sign() {
    for n in 1..=3 {
        for signs in 0..1u32 << (2 * n) {
            let sign = |k: usize| if signs >> k & 1 == 1 { "-" } else { "" };
            let u: Vec<String> = (0..n).map(|k| format!("{}0", sign(k))).collect();
            let v: Vec<String> = (0..n).map(|k| format!("{}1", sign(n + k))).collect();
            let program = format!(
                "u = [[{}]]; v = [[{}]]; s = zeros(1, 3)\nfor i in 1:3 {{ s[i] = 1 / dot(u, v); u = -u }}\ns",
                u.join(", "),
                v.join(", ")
            );
            all_paths_agree(&program, 20_000, 1).unwrap();
        }
    }
}

/// A read of vector or matrix `m` by the loop variable `j` (in range or not).
fn ranged_read(m: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just(format!("{m}[j]")),
        2 => Just(format!("{m}[j, 1]")),
        2 => Just(format!("{m}[1, j]")),
        1 => Just(format!("{m}[j + 1]")),
        1 => Just(format!("{m}[end - j + 1]")),
    ]
}

/// A loop over a range that ends at an extent of a column `c`, a row `r` or a matrix `M`
/// (`for j in 1:size(c, 1)`), or at `n`, whose body indexes one of them by its variable:
/// the indices it keeps within an extent need no check, the others must be checked as
/// before.
fn ranged_loop() -> impl Strategy<Value = String> {
    let m = prop::sample::select(vec!["c", "r", "M"]);
    let read = m.clone().prop_flat_map(ranged_read);
    let statement = prop_oneof![
        4 => read.clone().prop_map(|e| format!("s = s + {e}")),
        2 => (read.clone(), m.clone()).prop_map(|(e, m)| format!("{m}[j] = {e} + 1")),
        1 => read.clone().prop_map(|e| format!("if {e} > 4 {{ break }}")),
        1 => read.clone().prop_map(|e| format!("t = j * {e}")),
        1 => Just("j = 1".to_string()),
        1 => Just("n = 7".to_string()),
    ];
    let end = prop_oneof![
        2 => (m, 1u32..3).prop_map(|(m, d)| format!("size({m}, {d})")),
        1 => Just("n".to_string()),
    ];
    (
        prop::sample::select(vec!["0", "1", "2", "1.5"]),
        end,
        prop::collection::vec(statement, 1..4),
    )
        .prop_map(|(start, end, body)| format!("for j in {start}:{end} {{ {} }}", body.join("; ")))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: loop_cases(), ..ProptestConfig::default() })]

    /// Loops over ranges ending at a matrix's extent, indexing by their variable: at the
    /// top level, and in a function called with a column, a row, a matrix and their
    /// transposes, so machine code made for one shape meets the others.
    #[test]
    fn ranged_loops_agree(
        loops in prop::collection::vec(ranged_loop(), 1..3),
        n in 0u32..4,
        end in prop::sample::select(vec!["0", "1", "2", "3", "4", "6", "7", "2.5"]),
        switch in 1u64..30,
    ) {
        let body = loops.join("\n    ");
        let top = format!(
            "c = [[1], [2], [3]]; r = [[4, 5, 6, 7]]; M = [[1, 2], [3, 4], [5, 6]]; s = 0; t = 0; n = {end}\nfor i in 1:{n} {{\n    {body}\n}}\nprint(s, t)\nc\nr\nM"
        );
        all_paths_agree(&top, 20_000, switch)?;
        let called = format!(
            "fn g(c, r, M, n) {{\n    s = 0; t = 0\n    for i in 1:{n} {{\n    {body}\n    }}\n    return [[s, t]]\n}}\nc = [[1], [2], [3]]; r = [[4, 5, 6, 7]]; M = [[1, 2], [3, 4], [5, 6]]\nfor k in 1:3 {{ print(g(c, r, M, {end}), g(r', c', M', 3), g(M, M, c, 6), g(r, r, r, {end}), g(c, c, zeros(0, 2), 1)) }}"
        );
        all_paths_agree(&called, 20_000, switch)?;
    }
}

/// A row index of `X` (4×3) in a small-matrix program: in range, out of range, not whole,
/// or counting an operation.
fn small_row() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just("i".to_string()),
        2 => Just("a".to_string()),
        1 => Just("end".to_string()),
        1 => Just("i + 1".to_string()),
        1 => Just("floor(s)".to_string()),
        1 => Just("5".to_string()),
        1 => Just("a / 2".to_string()),
    ]
}

/// A number in a small-matrix program.
fn small_number() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => Just("a".to_string()),
        6 => Just("s".to_string()),
        4 => Just("y[i]".to_string()),
        2 => Just("0.5".to_string()),
        5 => Just("dot(w, x)".to_string()),
        1 => Just("dot(w, z)".to_string()),
        2 => (small_row()).prop_map(|k| format!("dot(x, X[{k}, :])")),
        1 => Just("dot(z, q)".to_string()),
        1 => Just("abs(s)".to_string()),
        2 => Just("dot(w + x, 2 * x)".to_string()),
    ]
}

/// A small matrix in a small-matrix program: `w` (1×3), `x` (1×3, 1×2 or not set), `z` (3×1),
/// `q` (a column of `X`, 4×1, not set), rows of `X`, and arithmetic with them.
fn small_matrix() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        12 => Just("w".to_string()),
        10 => Just("x".to_string()),
        3 => Just("z'".to_string()),
        1 => Just("z".to_string()),
        6 => (small_row()).prop_map(|k| format!("X[{k}, :]")),
        1 => Just("X[:, 2]".to_string()),
        1 => Just("q".to_string()),
    ];
    leaf.prop_recursive(2, 6, 2, |inner| {
        let op = prop_oneof![
            4 => Just("+"),
            3 => Just("-"),
            3 => Just(".*"),
            2 => Just("./"),
            1 => Just(".^"),
            2 => Just("*"),
            1 => Just("/")
        ];
        prop_oneof![
            3 => (inner.clone(), op.clone(), inner.clone())
                .prop_map(|(l, o, r)| format!("({l} {o} {r})")),
            3 => (small_number(), op.clone(), inner.clone())
                .prop_map(|(l, o, r)| format!("({l} {o} {r})")),
            3 => (inner.clone(), op, small_number())
                .prop_map(|(l, o, r)| format!("({l} {o} {r})")),
            1 => inner.clone().prop_map(|e| format!("-{e}")),
            1 => inner.prop_map(|e| format!("({e}')'")),
        ]
    })
}

/// A statement of a small-matrix loop body, nested up to two levels.
fn small_statement() -> impl Strategy<Value = String> {
    let simple = prop_oneof![
        8 => (small_matrix()).prop_map(|e| format!("w = {e}")),
        6 => (small_row()).prop_map(|k| format!("x = X[{k}, :]")),
        2 => (small_matrix()).prop_map(|e| format!("x = {e}")),
        1 => (small_matrix()).prop_map(|e| format!("z = {e}")),
        1 => Just("q = X[:, 3]".to_string()),
        2 => (small_matrix()).prop_map(|e| format!("w += {e}")),
        2 => (small_number()).prop_map(|e| format!("w -= {e}")),
        2 => (small_number()).prop_map(|e| format!("w /= {e}")),
        6 => (small_number()).prop_map(|e| format!("s = {e}")),
        4 => (small_number()).prop_map(|e| format!("a = a + {e}")),
        2 => Just("a = y[i]".to_string()),
        // Leaving the subset, or changing a kind.
        1 => prop_oneof![
            Just("w = 5".to_string()),
            Just("x = [[1, 2, 3]]".to_string()),
            Just("s = w".to_string()),
            Just("w = w * w".to_string()),
            Just("w[2] = 1".to_string()),
            Just("s = sum(w)".to_string()),
        ],
    ];
    simple.prop_recursive(2, 8, 3, |inner| {
        let body = prop::collection::vec(inner, 1..4).prop_map(|b| b.join("; "));
        let cmp = prop_oneof![Just("<="), Just(">"), Just("==")];
        prop_oneof![
            (small_number(), cmp, small_number(), body.clone())
                .prop_map(|(l, c, r, b)| format!("if {l} {c} {r} {{ {b} }}")),
            (0i32..3, body.clone()).prop_map(|(k, b)| format!("for j in 1:{k} {{ {b} }}")),
            (small_number()).prop_map(|t| format!("if {t} > 1 {{ break }}")),
        ]
    })
}

/// Random loops over small matrices (held element by element in compiled loops) give the
/// same output, variables and diagnostics on every path, as `random_loop_programs_agree`.
/// The strategy nests deeply, and a debug build's frames for making its values overflowed
/// the test thread's 2 MB stack: the cases run on a thread of their own with more.
#[test]
fn random_small_matrix_loops_agree() {
    let cases = move || {
        let config = ProptestConfig {
            cases: loop_cases(),
            ..ProptestConfig::default()
        };
        let strategy = (
            prop::collection::vec(small_statement(), 1..6),
            0u32..6,
            prop_oneof![
                6 => Just("x = [[0.5, -1, 2]]"),
                2 => Just("a = 2"),
                1 => Just("x = [[1, 2]]"),
            ],
            prop_oneof![3 => Just(20_000u64), 1 => 1u64..120],
            1u64..30,
        );
        let result = proptest::test_runner::TestRunner::new(config).run(
            &strategy,
            |(body, n, start, limit, switch)| {
                all_paths_agree(&small_program(&body, n, start), limit, switch)
            },
        );
        if let Err(e) = result {
            panic!("{e}");
        }
    };
    let runner = std::thread::Builder::new().stack_size(64 << 20);
    runner.spawn(cases).unwrap().join().unwrap();
}

/// A loop program of `n` rounds over `loop_statement`s.
fn loop_program(body: &[String], n: u32, start: &str) -> String {
    format!(
        "fn f(x) = x * 2 + 1\n{start}; v = [1, 2, 3, 4, 5]; A = [[1, 2, 3], [4, 5, 6]]; B = A;\nfor i in 1:{n} {{\n    {}\n}}\nprint(a, b, c)\nv\nA\nB",
        body.join("\n    ")
    )
}

/// A loop program of `n` rounds over `small_statement`s.
fn small_program(body: &[String], n: u32, start: &str) -> String {
    format!(
        "a = 1; s = 0.25; w = [[0.1, -2, 0.3]]; z = [3, 1, -1]; {start}\nX = [[1, 2, 3], [1e16, 1, -1e16], [0, 0.7, -3], [2, 2, 1]]; y = [[1], [-1], [1], [-1]]\nfor i in 1:{n} {{\n    {}\n}}\nprint(a, s)\nw\nx\nz",
        body.join("\n    ")
    )
}

/// Loops long enough to pass the periodic checks (due every 1024 operations, a call out of
/// machine code) in the middle of their rounds, with numbers live across the call: they
/// come back intact on every path. Fewer cases than the short loops: each runs thousands
/// of operations on four paths.
#[test]
fn long_loops_keep_their_numbers_across_the_periodic_checks() {
    let cases = move || {
        let config = ProptestConfig {
            cases: loop_cases() / 10,
            ..ProptestConfig::default()
        };
        let scalar = (prop::collection::vec(loop_statement(), 1..6), 300u32..1500)
            .prop_map(|(body, n)| loop_program(&body, n, "a = 1; b = 2; c = 0.5"));
        let small = (prop::collection::vec(small_statement(), 1..6), 300u32..1500)
            .prop_map(|(body, n)| small_program(&body, n, "x = [[0.5, -1, 2]]"));
        let strategy = (prop_oneof![scalar, small], 1u64..3000);
        let result = proptest::test_runner::TestRunner::new(config)
            .run(&strategy, |(program, switch)| {
                all_paths_agree(&program, 200_000, switch)
            });
        if let Err(e) = result {
            panic!("{e}");
        }
    };
    let runner = std::thread::Builder::new().stack_size(64 << 20);
    runner.spawn(cases).unwrap().join().unwrap();
}

/// Reading a small matrix that is not set yet fails before a later call in the same
/// statement counts an operation, as in the evaluator, and `size` counts one as every
/// call does: under every operation limit, the compiled paths report what the evaluator
/// reports.
#[test]
fn compiled_loops_fail_and_count_in_the_evaluators_order() {
    let programs = [
        "a = 2; w = [[1, 2, 3]]; s = 0.5\nfor i in 1:3 { if i > 1 { x = w }; w = x + abs(s) * x }\nw",
        "w = [[1, 2, 3]]; X = [[1, 2, 3], [4, 5, 6]]; s = -9\nfor i in 1:3 { w = X[i, :] + abs(s) * w }\nw",
        "w = [[1, 2, 3]]; X = [[1, 2, 3], [4, 5, 6]]\nfor i in 1:3 { s = dot(w, X[i, :]) + abs(i) }\ns",
        "w = [[1, 2, 3]]; X = [[1, 2, 3], [4, 5, 6]]\nfor i in 1:3 { w = abs(i) * X[floor(i), :] - w }\nw",
        "A = [[1, 2, 3], [4, 5, 6]]; s = 0\nfor i in 1:5 { for j in 1:size(A, 2) { s = s + size(A, 1) } }\ns",
    ];
    for program in programs {
        for limit in 1..30 {
            let general = transcript_limited("<order>", program, false, Some(limit));
            let machine_code = transcript_of("<order>", program, true, Some(0), Some(limit));
            assert_eq!(
                machine_code, general,
                "machine code, limit {limit}:\n{program}"
            );
            let interpreted = transcript_of("<order>", program, true, None, Some(limit));
            assert_eq!(
                interpreted, general,
                "interpreted, limit {limit}:\n{program}"
            );
        }
    }
}

/// A loop that sets small matrices runs compiled only when the memory limits leave room
/// for them: near the limit on all elements, the evaluator's own error comes, at its place.
#[test]
fn small_matrices_meet_the_memory_limits_as_in_the_evaluator() {
    let program =
        "X = ones(2, 16); w = zeros(1, 16)\nfor i in 1:2 { x = X[i, :]; w = w + 2 * x - x }\nw";
    for max_total_elements in 40..90 {
        let limits = la::Limits {
            max_total_elements,
            ..la::Limits::default()
        };
        let general = transcript_with("<memory>", program, false, Some(0), limits);
        let machine_code = transcript_with("<memory>", program, true, Some(0), limits);
        assert_eq!(
            machine_code, general,
            "machine code, {max_total_elements} elements"
        );
        let interpreted = transcript_with("<memory>", program, true, None, limits);
        assert_eq!(
            interpreted, general,
            "interpreted, {max_total_elements} elements"
        );
    }
}

/// A column or row of one of the matrices of a slice program (`Q` 3×3, `P` its copy or
/// share, `Y` 3×2, `Z` 2×3, `L` a mask, `C` complex, `s` a number, `u` unset), at an index
/// in range, out of range, not whole, or the loop counter.
fn slice() -> impl Strategy<Value = String> {
    let matrix = prop_oneof![
        6 => Just("Q"),
        2 => Just("P"),
        2 => Just("Y"),
        1 => Just("Z"),
        1 => Just("L"),
        1 => Just("C"),
        1 => Just("s"),
        1 => Just("u"),
    ];
    let index = prop_oneof![
        4 => (1u32..4).prop_map(|k| k.to_string()),
        2 => Just("t".to_string()),
        1 => Just("t + 1".to_string()),
        1 => prop_oneof![Just("0"), Just("4"), Just("1.5"), Just("end"), Just("s")]
            .prop_map(str::to_string),
    ];
    (matrix, index, prop::bool::weighted(0.3)).prop_map(|(m, k, row)| match row {
        true => format!("{m}[{k}, :]"),
        false => format!("{m}[:, {k}]"),
    })
}

/// A number of a slice program: plain, from an element, signed zero, NaN, infinite, or a
/// name that holds a matrix.
fn slice_number() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just("s"),
        2 => Just("Q[1, 2]"),
        1 => Just("2.5"),
        1 => Just("-0"),
        1 => Just("NaN"),
        1 => Just("1 / 0"),
        1 => Just("(s - 1) * 3"),
        1 => Just("M"),
    ]
    .prop_map(str::to_string)
}

/// One statement of a slice program: the forms the slice path takes, and the statements
/// around them that share, reshape, re-kind or poison the matrices.
fn slice_statement() -> impl Strategy<Value = String> {
    let scaled = || {
        (slice(), slice_number(), 0u32..5).prop_map(|(c, s, form)| match form {
            0 => format!("{s} * {c}"),
            1 => format!("{c} * {s}"),
            2 => format!("{c} / {s}"),
            3 => format!("{s} .* {c}"),
            _ => format!("{c} ./ {s}"),
        })
    };
    let op = prop_oneof![Just("+"), Just("-"), Just(".+"), Just(".-")];
    prop_oneof![
        6 => (slice(), slice(), op.clone(), scaled())
            .prop_map(|(x, p, op, y)| format!("{x} = {p} {op} {y}")),
        3 => (slice(), scaled()).prop_map(|(x, y)| format!("{x} = {y}")),
        4 => (slice(), slice()).prop_map(|(a, b)| format!("r = r + dot({a}, {b})")),
        4 => (prop_oneof![Just("v"), Just("w")], op.clone(), scaled())
            .prop_map(|(v, op, y)| format!("{v} = {v} {op} {y}")),
        1 => Just("v = Y[:, 2]".to_string()),
        1 => Just("w = Y[1, :]".to_string()),
        1 => Just("v = v'".to_string()),
        1 => Just("P = Q".to_string()),
        1 => Just("P = Q + 0".to_string()),
        1 => Just("Q[2, 2] = NaN".to_string()),
        1 => Just("Q[3, 1] = -0".to_string()),
        1 => Just("s = s + 1".to_string()),
        1 => Just("Y = Q".to_string()),
        1 => Just("u = Y".to_string()),
    ]
}

/// Runs a program with the fast paths off (the reference) and on, interpreted and as
/// machine code, under `limits`: all must give the same transcript.
fn fast_paths_agree(program: &str, limits: la::Limits) -> Result<(), TestCaseError> {
    let general = transcript_with("<random>", program, false, Some(0), limits);
    for machine_code_after in [Some(0), None] {
        let fast = transcript_with("<random>", program, true, machine_code_after, limits);
        prop_assert_eq!(&fast, &general, "{:?}:\n{}", machine_code_after, program);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: loop_cases(), ..ProptestConfig::default() })]

    /// Random programs of row and column updates, vectors updated by a scaled slice
    /// (`v = v - s * Q[:, k]`) and `dot`s of rows and columns (at the top level, in a loop,
    /// in a function on its locals), with shared matrices, slices out
    /// of range, other shapes and kinds, NaN, -0 and infinities, under memory limits from
    /// tight to none: the slice path gives what the general evaluator gives.
    #[test]
    fn random_slice_programs_agree(
        body in prop::collection::vec(slice_statement(), 1..6),
        n in 0u32..4,
        place in 0u32..3,
        total in prop_oneof![2 => Just(usize::MAX), 1 => 40usize..90],
    ) {
        let setup = "Q = [[1e16, -2, 1], [1, 4, 1], [-1e16, 0.5, 1]]; P = Q; Y = Q[:, 1:2]; \
            Z = Q[1:2, :]; L = Q > 0; C = Q + 1i; s = 2; M = [1, 2]; r = 0; t = 1; \
            v = Q[:, 1]; w = Q[1, :]";
        let body = body.join("\n    ");
        let program = match place {
            0 => format!("{setup}\n{body}"),
            1 => format!("{setup}\nfor t in 1:{n} {{\n    {body}\n}}"),
            _ => format!(
                "fn f(Q, P, Y, s, r, v, w) {{\n    Z = Q[1:2, :]; L = Q > 0; C = Q + 1i; M = [1, 2]; \
                 t = 1\n    for t in 1:{n} {{\n    {body}\n    }}\n    return Q, P, Y, r, v, w\n}}\n\
                 {setup}\nQ, P, Y, r, v, w = f(Q, P, Y, s, r, v, w)"
            ),
        };
        let limits = la::Limits { max_total_elements: total, ..la::Limits::default() };
        fast_paths_agree(&format!("{program}\nprint(r)"), limits)?;
    }
}

/// The slice path runs only where the memory limits leave room for the copies the
/// evaluator makes: under every total-element limit around what the variables hold, each
/// form (a `dot`, a slice updated, a vector updated) fails or runs as the evaluator does.
#[test]
fn slices_meet_the_memory_limits_as_in_the_evaluator() {
    let setup = "Q = ones(3, 3); s = 2; v = Q[:, 1]; r = 0";
    for statement in [
        "r = r + dot(Q[:, 1], Q[2, :])",
        "Q[:, 3] = Q[:, 3] - s * Q[:, 2]",
        "Q[1, :] = Q[2, :] / s",
        "v = v - s * Q[:, 2]",
    ] {
        let program = format!("{setup}\nfor t in 1:2 {{ {statement} }}\nr");
        for max_total_elements in 10..30 {
            let limits = la::Limits {
                max_total_elements,
                ..la::Limits::default()
            };
            let general = transcript_with("<memory>", &program, false, Some(0), limits);
            let fast = transcript_with("<memory>", &program, true, Some(0), limits);
            assert_eq!(fast, general, "{statement}, {max_total_elements} elements");
        }
    }
}
