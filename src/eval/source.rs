//! `source("lib.la")`: running another file in the top-level scope, so the functions and
//! variables it defines become available. The path is taken from the directory of the file
//! that calls `source` (the current directory for `-e`, the REPL and embedded programs) and
//! goes through the file-access rule, so an embedded interpreter sources nothing unless its
//! host allows a directory. A file that sources itself, directly or through others, is an
//! error naming the cycle.

use std::path::Path;
use std::sync::Arc;

use super::env::Frame;
use super::Interpreter;
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible, Label};
use crate::files::{self, Purpose};
use crate::source::Span;
use crate::syntax;

impl Interpreter {
    /// Runs the file `name`, as `source(name)` written at `at` asks.
    pub(super) fn source_file(&mut self, name: &str, at: Span) -> Fallible<()> {
        let written = self.relative_to_caller(name, at);
        let path = self.host.files.resolve(&written, Purpose::Read, at)?;
        let identity = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if let Some(k) = self.sourcing.iter().position(|p| *p == identity) {
            let mut chain: Vec<String> = self.sourcing[k..].iter().map(|p| file_name(p)).collect();
            chain.push(file_name(&identity));
            return Err(Diagnostic::error(
                ErrorKind::File,
                at,
                format!("`{name}` is already being sourced: {}", chain.join(" → ")),
            )
            .label(at, "sources a file that is running")
            .help("a file cannot source itself, directly or through other files; keep the shared functions in a file that sources nothing back")
            .boxed());
        }
        let bytes = files::read(&path, self.host.limits.max_string_len as u64, at)?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |k| k + 1);
            let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            Diagnostic::error(
                ErrorKind::File,
                at,
                format!(
                    "cannot source `{written}`: line {line}, column {column} is not UTF-8 text"
                ),
            )
            .label(at, "this file")
            .help("save the file as UTF-8")
            .boxed()
        })?;
        // Named as written (from the caller's directory), so messages show the path the
        // user knows rather than where the file access rule resolved it.
        let source = self.sources.add(written, text.clone());
        let nesting = self.host.limits.max_nesting;
        let parsed = syntax::parse_program_nested(&text, source, &mut self.names, nesting)
            .map_err(|errors| {
                let first = errors.into_iter().next().unwrap_or_else(|| {
                    Diagnostic::error(ErrorKind::Parse, at, "the sourced file did not parse")
                });
                Box::new(first)
            })
            .map_err(|e| sourced_here(e, at))?;
        self.sync_tables();
        self.code.add_program(source, parsed.nodes);
        let parsed = Arc::new(parsed);
        self.sourcing.push(identity);
        let mut frame = Frame::top();
        let mut result = Ok(());
        for statement in &parsed.statements {
            if let Err(e) = self.exec_top(statement, &mut frame) {
                result = Err(sourced_here(e, at));
                break;
            }
        }
        self.sourcing.pop();
        result
    }

    /// `name` taken from the directory of the file the call at `at` is in, when that is a
    /// file (`-e`, REPL inputs and embedded programs have names in angle brackets).
    fn relative_to_caller(&self, name: &str, at: Span) -> String {
        let caller = self.sources.get(at.source).map(|s| s.name.as_str());
        match caller {
            Some(caller) if !caller.starts_with('<') && Path::new(name).is_relative() => {
                match Path::new(caller).parent() {
                    Some(dir) if !dir.as_os_str().is_empty() => {
                        dir.join(name).display().to_string()
                    }
                    _ => name.to_string(),
                }
            }
            _ => name.to_string(),
        }
    }
}

/// The last part of a path, for the cycle message.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into(),
    )
}

/// `e` with a label at the `source` call it came through.
fn sourced_here(mut e: Box<Diagnostic>, at: Span) -> Box<Diagnostic> {
    if !e.labels.iter().any(|l| l.span == at) {
        e.labels.push(Label {
            span: at,
            message: "in the file sourced here".into(),
        });
    }
    e
}
