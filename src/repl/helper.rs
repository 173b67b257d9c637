//! The editor's view of the session: the rustyline `Helper` that answers Tab (completion),
//! draws colours and hints, and knows the earlier lines of an unfinished input. It holds
//! copies of the session's names, refreshed after every input, so it never borrows the
//! interpreter.

use std::borrow::Cow;

use rustyline::completion::{Completer, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::{Hint, Hinter};
use rustyline::validate::Validator;
use rustyline::{Context, Helper};

use la::complete::NameKind;

use super::{complete, highlight};

/// What the editor needs to know about the session.
#[derive(Default)]
pub struct LaHelper {
    /// The session's variables (shared matrices, not copies), in an interpreter of their
    /// own that infers the shape of what is being typed without running it.
    shapes: std::cell::RefCell<la::Interpreter>,
    /// Variables, for completion.
    variables: Vec<String>,
    /// User functions (they hide builtins of the same name), for hints.
    functions: Vec<String>,
    /// The lines already typed of an unfinished input, each ending in `\n`.
    before: String,
}

impl LaHelper {
    /// Replaces the session's names.
    pub fn set_names(&mut self, variables: Vec<String>, functions: Vec<String>) {
        self.variables = variables;
        self.functions = functions;
    }

    /// Replaces the session's variables the shape hint knows.
    pub fn set_values(&mut self, values: Vec<(String, la::Value)>) {
        let shapes = self.shapes.get_mut();
        shapes.clear_all();
        for (name, value) in values {
            shapes.set(&name, value);
        }
    }

    /// Sets the earlier lines of the input being typed (empty at a fresh prompt).
    pub fn set_before(&mut self, before: String) {
        self.before = before;
    }
}

impl Completer for LaHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        // Commands are single lines: a `:` on a continuation line is code.
        if !self.before.is_empty() && line.trim_start().starts_with(':') {
            return Ok((pos, Vec::new()));
        }
        let functions = self
            .functions
            .iter()
            .map(|f| (f.as_str(), NameKind::Function));
        let session: Vec<(&str, NameKind)> = self
            .variables
            .iter()
            .map(|v| (v.as_str(), NameKind::Variable))
            .chain(functions)
            .collect();
        Ok(complete::complete(line, pos, &session))
    }
}

/// A builtin's signature shown after the cursor; never inserted into the line.
pub struct SignatureHint(String);

impl Hint for SignatureHint {
    fn display(&self) -> &str {
        &self.0
    }

    fn completion(&self) -> Option<&str> {
        None
    }
}

impl Hinter for LaHelper {
    type Hint = SignatureHint;

    fn hint(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> Option<SignatureHint> {
        if pos < line.len() || line.trim_start().starts_with(':') {
            return None;
        }
        let is_user_function = |name: &str| self.functions.iter().any(|f| f == name);
        if let Some(builtin) = highlight::call_hint(&self.before, line, is_user_function) {
            return Some(SignatureHint(format!("  # {}", builtin.signature)));
        }
        // A complete input whose shape is known: `A' * B  # 2×3`.
        let input = format!("{}{line}", self.before);
        if line.trim().is_empty() || la::syntax::needs_more_input(&input) {
            return None;
        }
        match self.shapes.try_borrow_mut().ok()?.infer(&input) {
            Ok(Some(t)) if t.is_matrix() && t.shape.is_some() => {
                Some(SignatureHint(format!("  # {}", t.dims)))
            }
            _ => None,
        }
    }
}

impl Highlighter for LaHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        if line.trim_start().starts_with(':') && self.before.is_empty() {
            return Cow::Borrowed(line);
        }
        Cow::Owned(highlight::highlight(&self.before, line))
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        Cow::Owned(highlight::paint(highlight::HINT, hint))
    }

    fn highlight_char(&self, _line: &str, _pos: usize, kind: CmdKind) -> bool {
        // Colours depend on the text only, not on where the cursor is.
        kind != CmdKind::MoveCursor
    }
}

/// Unfinished input is decided outside the editor (`la::syntax::needs_more_input`), so
/// that every line gets its own continuation prompt.
impl Validator for LaHelper {}

impl Helper for LaHelper {}
