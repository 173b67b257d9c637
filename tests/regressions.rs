//! Inputs the fuzzers found: every `tests/regressions/*.la` once crashed, hung or blew memory.
//! Each must now end in a value or an ordinary diagnostic under `Limits::strict()`: no panic,
//! no internal error, no hang.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

fn regressions() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "la"))
        .collect();
    paths.sort();
    paths
}

/// How long one file may take. The strict deadline is 1 s of evaluation; parsing has no
/// deadline, so a parser that backtracks exponentially shows up here as a time-out.
const WATCHDOG: Duration = Duration::from_secs(20);

/// Runs one file on its own thread; `Err` says what went wrong instead of panicking, so every
/// file is tried even when one hangs (its thread is abandoned and dies with the process).
fn check(path: &Path) -> Result<(), String> {
    let name = path.display().to_string();
    // Bytes, not a string: some cases are about text that is not quite what it seems.
    let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (done, outcome) = mpsc::channel();
    let source = name.clone();
    std::thread::Builder::new()
        .name(name.clone())
        .spawn(move || {
            let result = std::panic::catch_unwind(|| {
                let mut la = la::Interpreter::new();
                la.set_limits(la::Limits::strict());
                la.run(&source, &text)
                    .map(|_| ())
                    .map_err(|e| (e.kind(), e.render(false)))
            });
            let _ = done.send(result);
        })
        .map_err(|e| format!("{name}: {e}"))?;
    match outcome.recv_timeout(WATCHDOG) {
        Err(_) => Err(format!("{name}: no answer after {WATCHDOG:?} (hangs)")),
        Ok(Err(_)) => Err(format!("{name}: panicked")),
        Ok(Ok(Err((la::ErrorKind::Internal, report)))) => {
            Err(format!("{name}: internal error\n{report}"))
        }
        Ok(Ok(_)) => Ok(()),
    }
}

#[test]
fn every_fuzzer_finding_ends_in_a_value_or_a_diagnostic() {
    let paths = regressions();
    assert!(!paths.is_empty(), "tests/regressions holds no .la files");
    let failures: Vec<String> = paths.iter().filter_map(|p| check(p).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} regressions failed:\n{}",
        failures.len(),
        paths.len(),
        failures.join("\n")
    );
}

#[test]
fn every_regression_says_what_it_was() {
    for path in regressions() {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            text.starts_with('#'),
            "{}: the first line should be a comment saying what the input used to do",
            path.display()
        );
    }
}
