//! `la check FILE...` and the check before a script runs: the library's shape checker
//! (`Interpreter::check`) over each file, its certain errors rendered as the run renders
//! them, then its lints (warnings with a code), or with `--format json` one JSON object per
//! line for other tools. `la check` exits 1 when it finds an error (or a file does not
//! parse), 0 when there are only warnings; `la FILE` does not start a script that would
//! certainly stop at an error (`--no-check` runs it anyway).
//!
//! ```text
//! $ la check model.la
//! Error: matrix product needs the inner dimensions to agree, but the shapes are 64×10 and 64×10
//! ```

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use la::{Diagnostic, Interpreter};

/// How `la check` writes what it finds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Output {
    /// The rendered report, as the run prints it, on standard error.
    Text { color: bool },
    /// One JSON object per diagnostic on standard output.
    Json,
}

const USAGE: &str = "usage: la check [--no-color] [--format text|json] FILE...\n";

/// Runs `la check` over the files named in `args`.
pub fn main(args: &[OsString]) -> ExitCode {
    let mut color = std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal();
    let mut json = false;
    let mut files = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--no-color") => color = false,
            Some("--format") => match args.next().and_then(|a| a.to_str()) {
                Some("json") => json = true,
                Some("text") => json = false,
                _ => return usage(),
            },
            Some("-h" | "--help") => {
                print!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            Some(flag) if flag.starts_with('-') => return usage(),
            _ => files.push(arg),
        }
    }
    if files.is_empty() {
        return usage();
    }
    let output = if json {
        Output::Json
    } else {
        Output::Text { color }
    };
    let mut failed = 0;
    for file in files {
        let path = Path::new(file);
        let text = match crate::script_text::from_file(path) {
            Ok(text) => text,
            Err(e) => {
                crate::report(&format!("la: {}\n", e.message));
                return ExitCode::from(2);
            }
        };
        let name = path.display().to_string();
        let mut la = Interpreter::new();
        let found = la.diagnose(&name, &text);
        for d in &found {
            match output {
                Output::Text { color } => crate::report(&la.render_diagnostic(d, color)),
                Output::Json => println!("{}", json_line(&name, &text, d)),
            }
        }
        // Warnings (lints) print but pass.
        let errors = found
            .iter()
            .filter(|d| d.severity == la::diagnostic::Severity::Error);
        failed += usize::from(errors.count() > 0);
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn usage() -> ExitCode {
    crate::report(USAGE);
    ExitCode::from(2)
}

/// One diagnostic as a JSON object: where (1-based lines, columns in characters), how
/// serious, its kind as a code, its words.
fn json_line(file: &str, text: &str, d: &Diagnostic) -> String {
    // The library's own line and column rule, the one reports use.
    let source = la::source::Source {
        name: file.to_string(),
        text: text.to_string(),
    };
    let place = |span: la::Span| {
        let (start, end) = (
            source.position(span.start as usize),
            source.position(span.end as usize),
        );
        let (line, column, end_line, end_column) = (start.line, start.column, end.line, end.column);
        format!(
            "\"line\":{line},\"column\":{column},\"end_line\":{end_line},\"end_column\":{end_column}"
        )
    };
    let severity = match d.severity {
        la::diagnostic::Severity::Error => "error",
        la::diagnostic::Severity::Warning => "warning",
    };
    let labels: Vec<String> = d
        .labels
        .iter()
        .map(|l| format!("{{{},\"message\":{}}}", place(l.span), quote(&l.message)))
        .collect();
    let optional = |text: &Option<String>| text.as_deref().map_or("null".to_string(), quote);
    format!(
        "{{\"file\":{},{},\"severity\":\"{severity}\",\"code\":\"{}\",\"message\":{},\"labels\":[{}],\"help\":{},\"note\":{}}}",
        quote(file),
        place(d.span),
        d.code.map_or_else(|| format!("{:?}", d.kind), str::to_string),
        quote(&d.message),
        labels.join(","),
        optional(&d.help),
        optional(&d.note),
    )
}

/// A JSON string literal.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
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
