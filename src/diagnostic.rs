//! Errors and warnings as data: a kind, a message, a primary span, labelled secondary spans
//! and optional help. Everything a user can get wrong becomes a `Diagnostic`; `render` is
//! the one place that turns them into text (`Error::render` lives there too).

use std::fmt;

use crate::source::{SourceMap, Span};

/// What went wrong, broadly: lets hosts and tests tell errors apart without parsing text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// A character sequence that is not a token.
    Lex,
    /// Tokens that do not form a program.
    Parse,
    /// An unknown variable or function.
    Name,
    /// A value of the wrong kind (a string where a number belongs, ...).
    Type,
    /// Operand or argument shapes that do not fit together.
    Shape,
    /// An index outside a matrix.
    Index,
    /// A call with the wrong number of arguments or an unknown keyword.
    Arity,
    /// A value outside what an operation accepts (negative size, non-integer power, ...).
    Domain,
    /// A singular matrix where an invertible one is needed.
    Singular,
    /// A resource limit (nesting, recursion, memory) was hit.
    Limit,
    /// `assert` failed or `error(...)` was called.
    Assertion,
    /// Misplaced control flow (`break` outside a loop, ...).
    Control,
    /// A host function returned an error.
    Host,
    /// A file could not be read or written, or is outside the files the host allows.
    File,
    /// Something that should never happen; a bug in la.
    Internal,
    /// Code that runs but is likely a mistake (`la check`'s warnings, each with a code).
    Lint,
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// Stops the program.
    Error,
    /// Reported, but the computation goes on.
    Warning,
}

/// A secondary span with its own message, such as an operand labelled with its shape.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What to say there.
    pub message: String,
}

/// One error or warning, ready to be rendered.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The broad category.
    pub kind: ErrorKind,
    /// The headline, lower-case, without a trailing period.
    pub message: String,
    /// The main place the problem is.
    pub span: Span,
    /// Further labelled places; the first label at `span` (if any) annotates the primary span.
    pub labels: Vec<Label>,
    /// A suggestion that would fix the problem.
    pub help: Option<String>,
    /// Extra context.
    pub note: Option<String>,
    /// A lint's code (`L003`), which `# la: allow(L003)` silences.
    pub code: Option<&'static str>,
}

impl Diagnostic {
    /// A new error of `kind` at `span`.
    pub fn error(kind: ErrorKind, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            kind,
            message: message.into(),
            span,
            labels: Vec::new(),
            help: None,
            note: None,
            code: None,
        }
    }

    /// A new warning of `kind` at `span`.
    pub fn warning(kind: ErrorKind, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(kind, span, message)
        }
    }

    /// Adds a labelled span.
    pub fn label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Sets the help line.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Sets the note line.
    pub fn note(mut self, note: impl Into<String>) -> Diagnostic {
        self.note = Some(note.into());
        self
    }

    /// Boxes the diagnostic for use as an error in `Result`.
    pub fn boxed(self) -> Box<Diagnostic> {
        Box::new(self)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{what}: {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// The result type inside the interpreter: a boxed diagnostic keeps `Result` small on the
/// hot path.
pub type Fallible<T> = Result<T, Box<Diagnostic>>;

/// Shorthand for `Err(Diagnostic::error(..).boxed())`.
pub fn fail<T>(kind: ErrorKind, span: Span, message: impl Into<String>) -> Fallible<T> {
    Err(Diagnostic::error(kind, span, message).boxed())
}

/// What running a program can fail with: one or more error diagnostics (a file with three
/// syntax errors reports all three), with the source texts they point into, so the error
/// renders on its own.
///
/// ```
/// let mut la = la::Interpreter::new();
/// let error = la.run("model.la", "A = ones(2, 3) * ones(2, 3)").unwrap_err();
/// assert_eq!(error.kind(), la::ErrorKind::Shape);
/// assert!(error.message().contains("inner dimensions"));
/// assert_eq!(error.labels()[0].message, "2×3");
/// assert!(error.render(false).contains("model.la:1:16"));
/// assert_eq!(error.to_string().lines().count(), 1);
/// ```
#[derive(Clone, Debug)]
pub struct Error {
    diagnostics: Vec<Diagnostic>,
    sources: SourceMap,
}

impl PartialEq for Error {
    fn eq(&self, other: &Error) -> bool {
        self.diagnostics == other.diagnostics
    }
}

impl Error {
    /// Wraps several diagnostics; an empty list becomes an internal error.
    pub fn new(mut diagnostics: Vec<Diagnostic>) -> Error {
        if diagnostics.is_empty() {
            diagnostics.push(Diagnostic::error(
                ErrorKind::Internal,
                Span::default(),
                "an error without a diagnostic",
            ));
        }
        Error {
            diagnostics,
            sources: SourceMap::default(),
        }
    }

    /// Attaches the source texts the diagnostics point into.
    pub fn with_sources(mut self, sources: &SourceMap) -> Error {
        self.sources = sources.clone();
        self
    }

    /// The first diagnostic's message.
    pub fn message(&self) -> &str {
        &self.first().message
    }

    /// The first diagnostic's primary span.
    pub fn span(&self) -> Span {
        self.first().span
    }

    /// The first diagnostic's labelled spans.
    pub fn labels(&self) -> &[Label] {
        &self.first().labels
    }

    /// The first diagnostic's help, if any.
    pub fn help(&self) -> Option<&str> {
        self.first().help.as_deref()
    }

    /// The name of the source the error points into (`model.la`, `<repl:3>`).
    pub fn source_name(&self) -> Option<&str> {
        self.sources
            .get(self.span().source)
            .map(|s| s.name.as_str())
    }

    /// The source texts the diagnostics point into.
    pub(crate) fn sources(&self) -> &SourceMap {
        &self.sources
    }

    /// All diagnostics, in source order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The first diagnostic.
    pub fn first(&self) -> &Diagnostic {
        &self.diagnostics[0]
    }

    /// The kind of the first diagnostic.
    pub fn kind(&self) -> ErrorKind {
        self.first().kind
    }
}

impl From<Box<Diagnostic>> for Error {
    fn from(d: Box<Diagnostic>) -> Error {
        Error::new(vec![*d])
    }
}

impl fmt::Display for Error {
    /// One line: the first diagnostic with its position, and how many more there are.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let first = self.first();
        if let Some(source) = self.sources.get(first.span.source) {
            let at = source.position(first.span.start as usize);
            write!(f, "{}:{}:{}: ", source.name, at.line, at.column)?;
        }
        write!(f, "{first}")?;
        if self.diagnostics.len() > 1 {
            write!(f, " (and {} more)", self.diagnostics.len() - 1)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}
