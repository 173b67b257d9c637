//! The arguments of one builtin call and the shared helpers that read them, so that
//! "expects a number for argument 2" reads the same for every function.

use std::sync::Arc;

use faer::Mat;

use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::host::Host;
use crate::source::Span;
use crate::value::{FunctionValue, Value};

/// A positional argument with the span of its expression.
#[derive(Clone, Debug)]
pub struct Arg {
    /// The evaluated argument.
    pub value: Value,
    /// Where its expression is.
    pub span: Span,
}

/// A keyword argument `name=value`.
#[derive(Clone, Debug)]
pub struct KwArg {
    /// The keyword.
    pub name: String,
    /// Where the keyword is.
    pub name_span: Span,
    /// The evaluated value.
    pub value: Value,
    /// Where the value's expression is.
    pub span: Span,
}

/// One call of a builtin, as the implementation sees it.
pub struct Call<'h> {
    /// The builtin's name.
    pub name: &'static str,
    /// The whole call expression `f(...)`.
    pub span: Span,
    /// Positional arguments.
    pub args: Vec<Arg>,
    /// Keyword arguments.
    pub keywords: Vec<KwArg>,
    /// How many results the caller asks for (`Q, R = qr(A)` asks for 2).
    pub outputs: usize,
    /// The host (output, randomness, limits) and the evaluator, for builtins that call
    /// functions.
    pub ctx: &'h mut dyn Context,
}

/// What a builtin reaches besides its arguments: the host, and a way to call a function
/// value it was given (`map(f, A)`).
pub trait Context {
    /// Output, randomness and limits.
    fn host(&mut self) -> &mut Host;
    /// Calls `f` on `args` for the call of builtin `caller` at `at`; `what` names this call
    /// among the builtin's calls of `f` ("element 7") in the label an error from inside
    /// `f` gets.
    fn apply(
        &mut self,
        f: &FunctionValue,
        args: Vec<Arg>,
        caller: (&str, Span),
        what: &str,
    ) -> Fallible<Value>;
    /// The host, to read.
    fn host_ref(&self) -> &Host;
    /// Runs the file `name` in the top-level scope, for `source(name)` at `at`.
    fn source(&mut self, name: &str, at: Span) -> Fallible<()>;
    /// The source text under `span`, when known (to point inside a string literal).
    fn span_text(&self, span: Span) -> Option<String>;
    /// Keeps `text` (part of a data file) under `name`, so a diagnostic can point into it.
    fn add_source(&mut self, name: &str, text: &str) -> crate::source::SourceId;
}

/// A bare host runs builtins (in unit tests) but cannot call functions.
impl Context for Host {
    fn host(&mut self) -> &mut Host {
        self
    }

    fn host_ref(&self) -> &Host {
        self
    }

    fn span_text(&self, _: Span) -> Option<String> {
        None
    }

    fn add_source(&mut self, _: &str, _: &str) -> crate::source::SourceId {
        crate::source::SourceId(u32::MAX)
    }

    fn source(&mut self, _: &str, at: Span) -> Fallible<()> {
        Err(Diagnostic::error(ErrorKind::Internal, at, "no evaluator to run a file").boxed())
    }

    fn apply(
        &mut self,
        _: &FunctionValue,
        _: Vec<Arg>,
        (_, at): (&str, Span),
        _: &str,
    ) -> Fallible<Value> {
        Err(Diagnostic::error(ErrorKind::Internal, at, "no evaluator to call a function").boxed())
    }
}

/// Ordinal words for messages ("argument 2").
fn nth(i: usize) -> String {
    format!("argument {}", i + 1)
}

impl Call<'_> {
    /// Output, randomness and limits.
    pub fn host(&mut self) -> &mut Host {
        self.ctx.host()
    }

    /// The host, to read.
    pub fn host_ref(&self) -> &Host {
        self.ctx.host_ref()
    }

    /// Calls the function `f` on `args` (each spanned at this call), `what` naming this
    /// call among the builtin's calls of `f` for errors ("element 7").
    pub fn apply(&mut self, f: &FunctionValue, args: Vec<Value>, what: &str) -> Fallible<Value> {
        let span = self.span;
        let args = args.into_iter().map(|value| Arg { value, span }).collect();
        self.ctx.apply(f, args, (self.name, span), what)
    }

    /// Positional argument `i`; an internal error if the table's arity let a call through
    /// without it.
    pub fn arg(&self, i: usize) -> Fallible<&Arg> {
        self.args.get(i).ok_or_else(|| {
            Diagnostic::error(
                ErrorKind::Internal,
                self.span,
                format!("`{}` read a missing {}", self.name, nth(i)),
            )
            .boxed()
        })
    }

    /// Positional argument `i` if it was given.
    pub fn optional(&self, i: usize) -> Option<&Arg> {
        self.args.get(i)
    }

    /// The keyword argument `name` if it was given.
    pub fn keyword(&self, name: &str) -> Option<&KwArg> {
        self.keywords.iter().find(|k| k.name == name)
    }

    /// An error saying argument `i` should have been `expected`.
    /// A complex value where a real one was expected gets the one complex refusal.
    pub fn type_error(&self, i: usize, expected: &str) -> Box<Diagnostic> {
        match self.args.get(i) {
            Some(arg) if arg.value.is_complex() => super::complex_input::refused(self, i, expected),
            Some(arg) if matches!(arg.value, Value::Identity(_)) => Diagnostic::error(
                ErrorKind::Type,
                arg.span,
                format!("`{}` expects {expected} for {}", self.name, nth(i)),
            )
            .label(arg.span, "`I` has no size on its own")
            .help("give the identity a size: I(n)")
            .boxed(),
            Some(arg) => Diagnostic::error(
                ErrorKind::Type,
                arg.span,
                format!("`{}` expects {expected} for {}", self.name, nth(i)),
            )
            .label(arg.span, format!("this is a {}", arg.value.describe()))
            .boxed(),
            None => Diagnostic::error(
                ErrorKind::Internal,
                self.span,
                format!("`{}` read a missing {}", self.name, nth(i)),
            )
            .boxed(),
        }
    }

    /// An error about argument `i` with a custom message and label.
    pub fn domain_error(&self, i: usize, message: impl Into<String>) -> Box<Diagnostic> {
        let span = self.args.get(i).map_or(self.span, |a| a.span);
        Diagnostic::error(ErrorKind::Domain, span, message).boxed()
    }

    /// Argument `i` as a number (scalars and bools).
    pub fn number(&self, i: usize) -> Fallible<f64> {
        self.arg(i)?
            .value
            .as_scalar()
            .ok_or_else(|| self.type_error(i, "a number"))
    }

    /// Argument `i` as a size or count: a non-negative integer.
    pub fn count(&self, i: usize) -> Fallible<usize> {
        let x = self.number(i)?;
        as_count(x).ok_or_else(|| {
            let arg_span = self.args.get(i).map_or(self.span, |a| a.span);
            let whole = x.is_finite() && x >= 0.0 && x.fract() == 0.0;
            let headline = if whole {
                format!(
                    "`{}` was given {} as {}, which is too large",
                    self.name,
                    crate::format::scalar(x),
                    nth(i)
                )
            } else {
                format!(
                    "`{}` expects a non-negative integer for {}",
                    self.name,
                    nth(i)
                )
            };
            let d = Diagnostic::error(ErrorKind::Domain, arg_span, headline)
                .label(arg_span, format!("this is {}", crate::format::scalar(x)));
            if whole {
                d.help("sizes and counts stop below 9e15").boxed()
            } else {
                d.boxed()
            }
        })
    }

    /// Argument `i` as a string.
    pub fn string(&self, i: usize) -> Fallible<&str> {
        match &self.arg(i)?.value {
            Value::Str(s) => Ok(s),
            _ => Err(self.type_error(i, "a string")),
        }
    }

    /// Argument `i` as a numeric value (scalar, bool or matrix).
    pub fn numeric(&self, i: usize) -> Fallible<&Value> {
        let arg = self.arg(i)?;
        if arg.value.is_numeric() {
            Ok(&arg.value)
        } else {
            Err(self.type_error(i, "a number or a matrix"))
        }
    }

    /// Argument `i` as a matrix; a scalar becomes 1×1. Shares the matrix, never copies it.
    pub fn matrix(&self, i: usize) -> Fallible<Arc<Mat<f64>>> {
        match &self.arg(i)?.value {
            Value::Matrix(m) => Ok(Arc::clone(m)),
            other => match other.as_scalar() {
                Some(x) => Ok(Arc::new(Mat::from_fn(1, 1, |_, _| x))),
                None => Err(self.type_error(i, "a number or a matrix")),
            },
        }
    }

    /// The reduction dimension: the `dim=` keyword, or positional argument `position` when
    /// given; `None` when neither is. Must be 1 or 2.
    pub fn dim(&self, position: Option<usize>) -> Fallible<Option<Dim>> {
        let positional = position.and_then(|p| self.args.get(p));
        if let (Some(kw), Some(arg)) = (self.keyword("dim"), positional) {
            return Err(Diagnostic::error(
                ErrorKind::Arity,
                kw.name_span,
                format!("`{}` was given the dimension twice", self.name),
            )
            .label(arg.span, "the dimension as a positional argument")
            .label(kw.name_span.to(kw.span), "and again as `dim=`")
            .help(format!(
                "keep one of them: {0}(A, dim=1) or {0}(A, 1)",
                self.name
            ))
            .boxed());
        }
        let (value, span) = if let Some(kw) = self.keyword("dim") {
            (&kw.value, kw.span)
        } else if let Some(arg) = position.and_then(|p| self.args.get(p)) {
            (&arg.value, arg.span)
        } else {
            return Ok(None);
        };
        match value.as_scalar() {
            Some(1.0) => Ok(Some(Dim::Down)),
            Some(2.0) => Ok(Some(Dim::Across)),
            _ => Err(Diagnostic::error(
                ErrorKind::Domain,
                span,
                format!("`{}` takes dim=1 or dim=2", self.name),
            )
            .label(span, format!("this is {}", crate::format::value_inline(value)))
            .help("dim=1 works down each column (giving a row); dim=2 across each row (giving a column)")
            .boxed()),
        }
    }

    /// Refuses a `rows`×`cols` result before allocating it if it breaks the element limit.
    pub fn check_alloc(&self, rows: usize, cols: usize) -> Fallible<()> {
        self.host_ref().check_alloc(rows, cols, self.span)
    }
}

/// The direction of a reduction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dim {
    /// dim=1: down each column, giving a row.
    Down,
    /// dim=2: across each row, giving a column.
    Across,
}

impl Dim {
    /// The direction a running operation takes without `dim`: along a row vector, and
    /// down the columns of anything else.
    pub fn natural(rows: usize) -> Dim {
        if rows == 1 {
            Dim::Across
        } else {
            Dim::Down
        }
    }
}

/// `x` as a non-negative integer, if it is one.
pub fn as_count(x: f64) -> Option<usize> {
    if x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x < 9.0e15 {
        Some(x as usize)
    } else {
        None
    }
}
