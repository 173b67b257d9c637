//! `la fmt [--check] FILE...`: rewrites each file in the canonical layout (`la::fmt`),
//! written to a neighbour and renamed over it, so a file is never half-written; `--check`
//! changes nothing, shows the lines that would change, and exits 1 when any would.

use std::ffi::OsString;
use std::path::Path;
use std::process::ExitCode;

const USAGE: &str = "usage: la fmt [--check] FILE...\n";

/// Runs `la fmt` over the files named in `args`.
pub fn main(args: &[OsString]) -> ExitCode {
    let check = args.iter().any(|a| a == "--check");
    let files: Vec<&OsString> = args.iter().filter(|a| *a != "--check").collect();
    if files.is_empty() || files.iter().any(|a| a.to_string_lossy().starts_with('-')) {
        crate::report(USAGE);
        return ExitCode::from(2);
    }
    let mut code = ExitCode::SUCCESS;
    for file in files {
        let path = Path::new(file);
        let text = match crate::script_text::from_file(path) {
            Ok(text) => text,
            Err(e) => {
                crate::report(&format!("la fmt: {}\n", e.message));
                return ExitCode::from(2);
            }
        };
        let tidy = match la::fmt::format(&text) {
            Ok(tidy) => tidy,
            Err(why) => {
                crate::report(&format!(
                    "la fmt: {}: not formatted: {why}\n",
                    path.display()
                ));
                code = ExitCode::from(1);
                continue;
            }
        };
        if tidy == text {
            continue;
        }
        if check {
            print!("{}", diff(&path.display().to_string(), &text, &tidy));
            code = ExitCode::from(1);
        } else if let Err(e) = write_whole(path, &tidy) {
            crate::report(&format!("la fmt: cannot write {}: {e}\n", path.display()));
            code = ExitCode::from(1);
        }
    }
    code
}

/// Writes `text` to a neighbour of `path`, then renames it over `path`.
fn write_whole(path: &Path, text: &str) -> std::io::Result<()> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".la-fmt");
    let partial = Path::new(&partial);
    std::fs::write(partial, text)
        .and_then(|()| std::fs::rename(partial, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(partial);
        })
}

/// The lines that differ, as `-old` / `+new` under the line number they start at.
fn diff(name: &str, old: &str, new: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    // Common head and tail; the middle is shown whole (formatting changes lines in place or
    // removes blank ones).
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mut out = format!(
        "--- {name}\n+++ {name} (formatted)\n@@ line {} @@\n",
        head + 1
    );
    for line in &a[head..a.len() - tail] {
        out.push_str(&format!("-{line}\n"));
    }
    for line in &b[head..b.len() - tail] {
        out.push_str(&format!("+{line}\n"));
    }
    out
}
