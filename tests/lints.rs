//! One program per lint: each `tests/lints/NAME.la` is compiled (never run) and its
//! warnings, rendered with colour off, must equal `tests/lints/NAME.out` (`LA_BLESS=1`
//! writes them after review). `allowed.la` holds lints that `# la: allow(...)` silences,
//! so its snapshot says there are none. The examples, which show how la is meant to be
//! written, get no lint at all.

use std::path::Path;

use la::Interpreter;

mod support;
use support::check_snapshots;

#[test]
fn every_lint_program_renders_its_snapshot() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lints");
    check_snapshots(&dir, 8, |name, text| {
        let mut la = Interpreter::new();
        let program = la
            .compile(name, text)
            .map_err(|e| format!("{name} does not parse: {e}"))?;
        let lints = la.lint(&program);
        if lints.is_empty() {
            return Ok(format!("{name}: no lints\n"));
        }
        Ok(lints
            .iter()
            .map(|d| la.render_diagnostic(d, false))
            .collect())
    });
}

#[test]
fn lints_are_warnings_that_la_check_prints_and_passes() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lints/inverse_times.la");
    let out = assert_cmd::Command::cargo_bin("la")
        .unwrap()
        .args(["check", "--no-color"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("[L003] Warning"), "{err}");
    // A script with lints still runs.
    assert_cmd::Command::cargo_bin("la")
        .unwrap()
        .arg(&path)
        .assert()
        .success();
}

#[test]
fn the_examples_are_lint_free() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "la") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut la = Interpreter::new();
        let program = la.compile(&path.display().to_string(), &text).unwrap();
        found.extend(
            la.lint(&program)
                .iter()
                .map(|d| la.render_diagnostic(d, false)),
        );
    }
    assert!(found.is_empty(), "{}", found.concat());
}
