//! `la check FILE...` and the check before a script runs: the library's shape checker
//! (`Interpreter::check`) over each file, its certain errors rendered as the run renders
//! them. `la check` exits 1 when it finds one (or a file does not parse); `la FILE` does
//! not start a script that would certainly stop at one (`--no-check` runs it anyway).
//!
//! ```text
//! $ la check model.la
//! Error: matrix product needs the inner dimensions to agree, but the shapes are 64×10 and 64×10
//! ```

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use la::Interpreter;

/// Runs `la check` over the files named in `args`.
pub fn main(args: &[OsString]) -> ExitCode {
    let color = std::env::var_os("NO_COLOR").is_none()
        && std::io::stderr().is_terminal()
        && !args.iter().any(|a| a == "--no-color");
    let files: Vec<&OsString> = args.iter().filter(|a| *a != "--no-color").collect();
    if files.is_empty() || files.iter().any(|a| a.to_string_lossy().starts_with('-')) {
        crate::report("usage: la check [--no-color] FILE...\n");
        return ExitCode::from(2);
    }
    let mut failed = 0;
    for file in &files {
        let path = Path::new(file);
        let text = match crate::script_text::from_file(path) {
            Ok(text) => text,
            Err(e) => {
                crate::report(&format!("la: {}\n", e.message));
                return ExitCode::from(2);
            }
        };
        let mut la = Interpreter::new();
        let found = match la.compile(&path.display().to_string(), &text) {
            Ok(program) => la.check(&program),
            Err(error) => {
                crate::report(&la.render(&error, color));
                failed += 1;
                continue;
            }
        };
        for finding in &found {
            crate::report(&la.render_diagnostic(&finding.diagnostic, color));
        }
        failed += usize::from(!found.is_empty());
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Checks a script before it runs; `Some(exit code)` when it must not start: it would
/// certainly stop at a shape error on its way through the top level.
pub fn before_running(
    la: &mut Interpreter,
    name: &str,
    text: &str,
    color: bool,
) -> Option<ExitCode> {
    // A script that does not parse is reported by the run itself, in the usual way.
    let program = la.compile(name, text).ok()?;
    let certain: Vec<_> = la
        .check(&program)
        .into_iter()
        .filter(|f| f.always)
        .collect();
    let first = certain.first()?;
    crate::report(&la.render_diagnostic(&first.diagnostic, color));
    crate::report("la: not started: the script would stop at this error (found before running; --no-check runs it anyway)\n");
    Some(ExitCode::from(1))
}
