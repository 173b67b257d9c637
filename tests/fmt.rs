//! `la fmt` on every `.la` file of the repository: formatting succeeds on each that parses
//! (and refuses each that does not), formats its own output to itself, and the formatted
//! program behaves as the original (the same output, or the same error). `la::fmt::format`
//! itself refuses any result that would not parse to the same program. The command is
//! tested through the binary: `--check` changes nothing and shows the lines, a plain run
//! rewrites, a file that does not parse is left alone.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use assert_cmd::Command;
use la::{Event, FileAccess, Interpreter};

fn la_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        "examples",
        "examples/lib",
        "tests/scripts",
        "tests/errors",
        "tests/lints",
        "tests/plots",
        "tests/regressions",
        "bench/loops",
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "la") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// What a program prints and how it ends (the error's kind and message, not its
/// rendering, which quotes the source lines).
fn run(path: &Path, name: &str, text: &str) -> (String, Option<String>) {
    let out = Arc::new(Mutex::new(String::new()));
    let captured = Arc::clone(&out);
    let mut la = Interpreter::with_sink(Box::new(move |event| {
        if let Event::Text(t) = event {
            captured.lock().unwrap().push_str(&t);
        }
    }));
    // Files as each program's own suite allows them: failing programs only in tests/errors.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let allowed = if path.starts_with(root.join("tests/errors")) {
        root.join("tests/errors")
    } else {
        root.to_path_buf()
    };
    la.set_file_access(FileAccess::inside(allowed).unwrap());
    if text.starts_with("# limit:") {
        la.set_limits(la::Limits::strict());
    }
    la.run("<seed>", "seed(1);").unwrap();
    let error = la
        .run(name, text)
        .err()
        .map(|e| format!("{:?}: {}", e.kind(), e.message()));
    // A function value prints as its own source (`<fn x -> x.^2>`), which formatting
    // respaces: those lines are left out of the comparison.
    let printed = out
        .lock()
        .unwrap()
        .lines()
        .filter(|l| !l.contains("<fn "))
        .collect::<Vec<_>>()
        .join("\n");
    (printed, error)
}

#[test]
fn every_program_formats_idempotently_and_means_the_same() {
    let mut formatted = 0;
    let mut problems = Vec::new();
    for path in la_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let parses =
            la::syntax::parse_program(&text, la::source::SourceId(0), &mut Default::default())
                .is_ok();
        let tidy = match (la::fmt::format(&text), parses) {
            (Ok(tidy), true) => tidy,
            (Err(_), false) => continue,
            (Ok(_), false) => {
                problems.push(format!("{name}: does not parse, but was formatted"));
                continue;
            }
            (Err(why), true) => {
                problems.push(format!("{name}: not formatted: {why}"));
                continue;
            }
        };
        formatted += 1;
        if la::fmt::format(&tidy).as_deref() != Ok(tidy.as_str()) {
            problems.push(format!("{name}: formatting its output changes it again"));
        }
        // Programs that loop forever or sleep are not run (only the lint examples).
        if path.parent().is_some_and(|d| d.ends_with("lints")) {
            continue;
        }
        if run(&path, &name, &text) != run(&path, &name, &tidy) {
            problems.push(format!("{name}: the formatted program behaves differently"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(formatted > 250, "only {formatted} programs formatted");
}

#[test]
fn la_fmt_checks_rewrites_and_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let messy = dir.path().join("messy.la");
    std::fs::write(&messy, "x=[1,2,3]\n\n\n\ny=x'*x\n").unwrap();
    let out = Command::cargo_bin("la")
        .unwrap()
        .args(["fmt", "--check"])
        .arg(&messy)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(
        shown.contains("-x=[1,2,3]\n") && shown.contains("+x = [1, 2, 3]\n"),
        "{shown}"
    );
    assert_eq!(
        std::fs::read_to_string(&messy).unwrap(),
        "x=[1,2,3]\n\n\n\ny=x'*x\n"
    );

    Command::cargo_bin("la")
        .unwrap()
        .arg("fmt")
        .arg(&messy)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&messy).unwrap(),
        "x = [1, 2, 3]\n\ny = x' * x\n"
    );
    Command::cargo_bin("la")
        .unwrap()
        .args(["fmt", "--check"])
        .arg(&messy)
        .assert()
        .code(0)
        .stdout("");

    let broken = dir.path().join("broken.la");
    std::fs::write(&broken, "x = [1,2\n").unwrap();
    let out = Command::cargo_bin("la")
        .unwrap()
        .arg("fmt")
        .arg(&broken)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("does not parse"));
    assert_eq!(std::fs::read_to_string(&broken).unwrap(), "x = [1,2\n");
    // Nothing but the files is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}
