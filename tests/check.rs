//! The shape checker against the runs themselves. Every program of the repository
//! (examples/, tests/scripts/, tests/errors/) is checked and run: an error the checker
//! reports at the top level must be the error the run stops at, rendered identically, and a
//! program that runs without error must get no report at all (no false errors). The
//! run-time shape errors under tests/errors/ that the checker finds before running are
//! counted, and the count may not fall. `la check` and the check before `la FILE` are
//! tested through the binary.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use la::{ErrorKind, FileAccess, Interpreter};

fn la_files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "la"))
        .collect();
    files.sort();
    files
}

/// What checking and running one program gave.
struct Outcome {
    /// Every finding, rendered; and whether it is at the top level.
    found: Vec<(String, bool)>,
    /// The run's error, rendered, and its kind.
    error: Option<(String, ErrorKind)>,
}

fn check_and_run(path: &Path) -> Outcome {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let mut la = Interpreter::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    la.set_file_access(FileAccess::inside(root).unwrap());
    if text.starts_with("# limit:") {
        // A limit changes no shape; the run would just be slow without it.
        la.set_limits(la::Limits::strict());
    }
    let found = match la.compile(&name, &text) {
        Ok(program) => la
            .check(&program)
            .iter()
            .map(|f| (la.render_diagnostic(&f.diagnostic, false), f.always))
            .collect(),
        Err(_) => Vec::new(),
    };
    let error = la
        .run(&name, &text)
        .err()
        .map(|e| (la.render(&e, false), e.kind()));
    Outcome { found, error }
}

#[test]
fn no_program_that_runs_gets_a_report_and_every_report_is_the_run_s_own_error() {
    let mut programs = la_files("examples");
    programs.extend(la_files("tests/scripts"));
    programs.extend(la_files("tests/errors"));
    let mut wrong = Vec::new();
    for path in &programs {
        let outcome = check_and_run(path);
        let first_always = outcome.found.iter().find(|(_, always)| *always);
        match (&outcome.error, first_always) {
            (None, _) if !outcome.found.is_empty() => wrong.push(format!(
                "{}: runs without error, but the checker reported\n{}",
                path.display(),
                outcome.found[0].0
            )),
            (Some((run, _)), Some((checked, _))) if run != checked => wrong.push(format!(
                "{}: the run stops at\n{run}\nbut the checker reported\n{checked}",
                path.display()
            )),
            _ => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_shape_and_index_errors_under_tests_errors_found_before_running_do_not_fall() {
    let mut counts = Vec::new();
    for kind in [ErrorKind::Shape, ErrorKind::Index] {
        let mut errors = 0;
        let mut found = Vec::new();
        for path in la_files("tests/errors") {
            let outcome = check_and_run(&path);
            if outcome.error.as_ref().is_some_and(|(_, k)| *k == kind) {
                errors += 1;
                if outcome.found.iter().any(|(_, always)| *always) {
                    found.push(path.file_name().unwrap().to_string_lossy().to_string());
                }
            }
        }
        println!(
            "{kind:?} errors found before running: {} of {errors}: {}",
            found.len(),
            found.join(" ")
        );
        counts.push(found.len());
    }
    // The counts when the checker landed; raise them as it learns more.
    assert!(counts[0] >= 14 && counts[1] >= 6, "only {counts:?} found");
}

fn la() -> Command {
    Command::cargo_bin("la").unwrap()
}

fn script(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn la_check_reports_certain_errors_and_exits_by_them() {
    let dir = tempfile::tempdir().unwrap();
    let bad = script(
        &dir,
        "bad.la",
        "X = randn(64, 10);\nW = randn(64, 10);\nY = X * W;\n",
    );
    let good = script(&dir, "good.la", "X = randn(64, 10);\nprint(size(X' * X))\n");
    let out = la().arg("check").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("the shapes are 64×10 and 64×10"), "{err}");
    assert!(err.contains("bad.la:3:7"), "{err}");
    la().arg("check").arg(&good).assert().code(0).stderr("");
    // For other tools: one JSON object per diagnostic, on standard output.
    let out = la()
        .args(["check", "--format", "json"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The error, then the lint that `Y` is never read.
    assert_eq!(lines.len(), 2, "{stdout}");
    assert_eq!(lines[1]["code"], "L001");
    assert_eq!(lines[1]["severity"], "warning");
    let line = &lines[0];
    assert_eq!(line["line"], 3);
    assert_eq!(line["column"], 7);
    assert_eq!(line["severity"], "error");
    assert_eq!(line["code"], "Shape");
    assert_eq!(line["labels"][0]["message"], "64×10");
    assert_eq!(line["help"], "for the element-wise product, use `.*`");
    la().args(["check", "--format", "yaml"])
        .arg(&good)
        .assert()
        .code(2);
    la().arg("check").assert().code(2);
    la().args(["check", "/no/such/file.la"]).assert().code(2);
}

#[test]
fn a_script_that_would_certainly_stop_does_not_start_unless_told() {
    let dir = tempfile::tempdir().unwrap();
    let path = script(
        &dir,
        "train.la",
        "print(\"training\")\nA = [[1, 2, 3], [4, 5, 6]];\nB = A * A\n",
    );
    let out = la().arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "nothing runs before the refusal");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("not started"), "{err}");
    assert!(err.contains("2×3 and 2×3"), "{err}");
    let out = la().arg("--no-check").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "training\n");
    // An error only inside a branch that may not run does not stop the start.
    let branch = script(
        &dir,
        "branch.la",
        "print(\"ran\")\nif false { [1, 2] * [3, 4] }\n",
    );
    la().arg(&branch).assert().code(0).stdout("ran\n");
}
