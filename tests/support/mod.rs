//! What several test files share: the `.la` → `.out` snapshot runner.

use std::path::Path;

/// Runs every `DIR/NAME.la` through `render` (given its name and text) and compares what
/// it gives with `DIR/NAME.out`; with `LA_BLESS=1` writes the `.out` files instead. Fails
/// with every difference at once, and when the directory holds fewer than `at_least`
/// programs.
pub fn check_snapshots(
    dir: &Path,
    at_least: usize,
    mut render: impl FnMut(&str, &str) -> Result<String, String>,
) {
    let mut programs: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "la"))
        .collect();
    programs.sort();
    assert!(
        programs.len() >= at_least,
        "{} programs in {}",
        programs.len(),
        dir.display()
    );
    let bless = std::env::var_os("LA_BLESS").is_some();
    let mut failures = Vec::new();
    for program in programs {
        let name = program.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&program).unwrap();
        let rendered = match render(&name, &text) {
            Ok(rendered) => rendered,
            Err(failure) => {
                failures.push(failure);
                continue;
            }
        };
        let snapshot = program.with_extension("out");
        if bless {
            std::fs::write(&snapshot, &rendered).unwrap();
            continue;
        }
        match std::fs::read_to_string(&snapshot) {
            Ok(expected) if expected == rendered => {}
            Ok(expected) => failures.push(format!(
                "{name}:\n--- snapshot\n{expected}\n--- rendered\n{rendered}"
            )),
            Err(_) => failures.push(format!(
                "{name}: no snapshot (run with LA_BLESS=1)\n{rendered}"
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
