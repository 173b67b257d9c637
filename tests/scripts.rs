//! Programs are the tests: every `examples/*.la` and `tests/scripts/*.la` runs through the
//! public `Interpreter`. A script's `# expect: TEXT` lines, in order, are the exact output it
//! must print; `# expect error: TEXT` means it must fail with a message containing TEXT.
//! Examples check themselves with `assert`/`approx` and must run without error.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use la::{Event, FileAccess, Interpreter};

/// Output captured from one run.
fn run(path: &Path) -> (String, Result<(), String>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let out = Arc::new(Mutex::new(String::new()));
    let captured = Arc::clone(&out);
    let mut la = Interpreter::with_sink(Box::new(move |event| {
        if let Event::Text(t) = event {
            captured.lock().unwrap().push_str(&t);
        }
    }));
    // Scripts may `source` files of the repository, as `la script.la` may.
    la.set_file_access(FileAccess::inside(env!("CARGO_MANIFEST_DIR")).unwrap());
    let result = la
        .run(&path.display().to_string(), &text)
        .map(|_| ())
        .map_err(|e| la.render(&e, false));
    let printed = out.lock().unwrap().clone();
    (printed, result)
}

fn scripts_in(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "la"))
        .collect();
    paths.sort();
    paths
}

fn expectations(text: &str) -> (Vec<String>, Option<String>) {
    let mut lines = Vec::new();
    let mut error = None;
    for line in text.lines() {
        let line = line.trim_start();
        if let Some(rest) = line.strip_prefix("# expect error:") {
            error = Some(rest.trim().to_string());
        } else if let Some(rest) = line.strip_prefix("# expect:") {
            lines.push(
                rest.strip_prefix(' ')
                    .unwrap_or(rest)
                    .trim_end()
                    .to_string(),
            );
        }
    }
    (lines, error)
}

fn normalise(output: &str) -> Vec<String> {
    output.lines().map(|l| l.trim_end().to_string()).collect()
}

#[test]
fn examples_run_and_check_themselves() {
    let paths = scripts_in("examples");
    assert!(
        paths.len() >= 4,
        "expected the example scripts, found {paths:?}"
    );
    for path in paths {
        let (printed, result) = run(&path);
        if let Err(rendered) = result {
            panic!("{} failed:\n{printed}\n{rendered}", path.display());
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let (expected, _) = expectations(&text);
        if !expected.is_empty() {
            assert_eq!(
                normalise(&printed),
                expected,
                "output of {}",
                path.display()
            );
        }
    }
}

#[test]
fn scripts_print_what_they_expect() {
    let paths = scripts_in("tests/scripts");
    assert!(!paths.is_empty());
    let mut failures = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let (expected, expected_error) = expectations(&text);
        let (printed, result) = run(&path);
        let name = path.display().to_string();
        match (&expected_error, &result) {
            (None, Err(rendered)) => failures.push(format!("{name}: unexpected error\n{rendered}")),
            (Some(want), Ok(())) => {
                failures.push(format!("{name}: expected an error containing {want:?}"))
            }
            (Some(want), Err(rendered)) if !rendered.contains(want.as_str()) => failures.push(
                format!("{name}: error does not contain {want:?}:\n{rendered}"),
            ),
            _ => {}
        }
        if normalise(&printed) != expected {
            failures.push(format!(
                "{name}: output differs\n--- expected\n{}\n--- printed\n{}",
                expected.join("\n"),
                printed
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
