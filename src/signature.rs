//! What a function accepts (how many positional arguments, which keywords) and the one check
//! of a call against it, with one wording for builtins, user functions and host functions.
//! The static checker and the language server's signature help read the same `Signature`.
//!
//! ```text
//! >> zeros(1, 2, 3)
//! Error: `zeros` takes 1 to 2 arguments, but 3 were given
//! >> fn add(x, y) = x + y; add(1)
//! Error: `add` takes 2 arguments, but 1 was given
//! ```

use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::source::Span;

/// How a function is called.
#[derive(Clone, Debug)]
pub struct Signature<'a> {
    /// The function's name.
    pub name: &'a str,
    /// How it is called, for help: `zeros(m[, n])`, `add(x, y)`.
    pub usage: String,
    /// Smallest number of positional arguments.
    pub min_args: usize,
    /// Largest number of positional arguments (`usize::MAX` for any number).
    pub max_args: usize,
    /// The keyword arguments it accepts.
    pub keywords: &'a [&'a str],
    /// Where a user function is defined, labelled in its errors.
    pub defined: Option<Span>,
}

/// In a signature's keyword list: any keyword is accepted (`save("m.npz", W=W, b=b)` names
/// its arrays with them).
pub const ANY_KEYWORD: &str = "*";

/// One keyword as a call gives it.
#[derive(Clone, Copy, Debug)]
pub struct GivenKeyword<'a> {
    /// The keyword's name.
    pub name: &'a str,
    /// Where its name is.
    pub span: Span,
}

impl Signature<'_> {
    /// Checks a call (`positional` arguments and `keywords`, the whole call at `span`):
    /// an unknown keyword first (`sum(x=1)` is a misspelt keyword more often than a missing
    /// argument), then the count, then a keyword given twice.
    pub fn check(&self, positional: usize, keywords: &[GivenKeyword], span: Span) -> Fallible<()> {
        let open = self.keywords.contains(&ANY_KEYWORD);
        if let Some(kw) = keywords
            .iter()
            .find(|kw| !open && !self.keywords.contains(&kw.name))
        {
            let accepted = if self.keywords.is_empty() {
                format!("`{}` takes no keyword arguments", self.name)
            } else {
                let names: Vec<String> = self.keywords.iter().map(|k| format!("`{k}`")).collect();
                format!("`{}` accepts {}", self.name, names.join(", "))
            };
            return Err(self
                .defined_here(
                    Diagnostic::error(
                        ErrorKind::Arity,
                        kw.span,
                        format!("unknown keyword argument `{}`", kw.name),
                    )
                    .label(kw.span, "not a keyword of this function"),
                    None,
                )
                .help(format!("{accepted}; call it as {}", self.usage))
                .boxed());
        }
        let n = positional;
        if n < self.min_args || n > self.max_args {
            let expected = match (self.min_args, self.max_args) {
                (lo, hi) if lo == hi => format!("{lo} argument{}", plural(lo)),
                (lo, usize::MAX) => format!("at least {lo} argument{}", plural(lo)),
                (lo, hi) => format!("{lo} to {hi} arguments"),
            };
            let d = Diagnostic::error(
                ErrorKind::Arity,
                span,
                format!(
                    "`{}` takes {expected}, but {n} {} given",
                    self.name,
                    were(n)
                ),
            )
            .label(span, format!("called with {n} argument{}", plural(n)));
            return Err(self
                .defined_here(d, Some(self.min_args))
                .help(format!("call it as {}", self.usage))
                .boxed());
        }
        for (k, kw) in keywords.iter().enumerate() {
            if let Some(first) = keywords[..k].iter().find(|f| f.name == kw.name) {
                return Err(Diagnostic::error(
                    ErrorKind::Arity,
                    kw.span,
                    format!("`{}` was given the keyword `{}` twice", self.name, kw.name),
                )
                .label(first.span, "first here")
                .label(kw.span, "and again here")
                .help("give each keyword once")
                .boxed());
            }
        }
        Ok(())
    }

    /// Adds the "defined here" label of a user function (with its parameter count).
    fn defined_here(&self, d: Diagnostic, count: Option<usize>) -> Diagnostic {
        match (self.defined, count) {
            (Some(at), Some(n)) => d.label(at, format!("defined here with {n}")),
            (Some(at), None) => d.label(at, "defined here"),
            (None, _) => d,
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn were(n: usize) -> &'static str {
    if n == 1 {
        "was"
    } else {
        "were"
    }
}
