//! The builtin function table: every builtin is a `Builtin` row (name, arity, keywords, doc,
//! example, implementation), grouped by topic in the files below. Arity and keyword checks
//! happen here, once, so every function reports them the same way; `:help` and the README's
//! function list are generated from the same rows.

mod args;
mod arithmetic;
mod complex;
mod complex_input;
mod construction;
mod elementwise;
pub(crate) mod linalg;
mod neural;
mod order;
mod random;
mod reductions;
mod sequences;
mod shape;
mod statistics;
mod system;
#[cfg(test)]
mod testing;

pub use args::{Arg, Call, KwArg};

use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::value::Value;

/// One builtin function.
pub struct Builtin {
    /// The name it is called by.
    pub name: &'static str,
    /// How it is called, for help and error messages: `zeros(m[, n])`.
    pub signature: &'static str,
    /// Smallest number of positional arguments.
    pub min_args: usize,
    /// Largest number of positional arguments (`usize::MAX` for any number).
    pub max_args: usize,
    /// Keyword arguments it accepts (`dim`, `tol`, ...).
    pub keywords: &'static [&'static str],
    /// One line saying what it does.
    pub doc: &'static str,
    /// A short example with its result, e.g. `zeros(2, 3)  # 2×3 of zeros`.
    pub example: &'static str,
    /// The implementation. `Ok(None)` means the builtin gives no value (`print`).
    pub run: fn(&mut Call) -> Fallible<Option<Value>>,
}

/// The topics, in the order help lists them.
pub const TOPICS: &[(&str, &[Builtin])] = &[
    ("construction", construction::BUILTINS),
    ("random integers", random::BUILTINS),
    ("shape", shape::BUILTINS),
    ("element-wise", elementwise::BUILTINS),
    (
        "remainders, clamping and number tests",
        arithmetic::BUILTINS,
    ),
    ("complex numbers", complex::BUILTINS),
    ("reductions", reductions::BUILTINS),
    ("running products and differences", sequences::BUILTINS),
    ("statistics", statistics::BUILTINS),
    ("ordering", order::BUILTINS),
    ("neural networks", neural::BUILTINS),
    ("linear algebra", linalg::BUILTINS),
    ("system", system::BUILTINS),
];

/// Every builtin, in help order.
pub fn all() -> impl Iterator<Item = &'static Builtin> {
    TOPICS.iter().flat_map(|(_, table)| table.iter())
}

/// The builtin called `name`, if there is one.
pub fn lookup(name: &str) -> Option<&'static Builtin> {
    all().find(|b| b.name == name)
}

/// Checks the argument counts and keywords of `call` against `builtin`, then runs it.
pub fn invoke(builtin: &Builtin, call: &mut Call) -> Fallible<Option<Value>> {
    // An unknown keyword first: `sum(x=1)` is a misspelt keyword more often than a
    // missing argument.
    if let Some(kw) = call
        .keywords
        .iter()
        .find(|kw| !builtin.keywords.contains(&kw.name.as_str()))
    {
        let accepted = if builtin.keywords.is_empty() {
            format!("`{}` takes no keyword arguments", builtin.name)
        } else {
            let names: Vec<String> = builtin.keywords.iter().map(|k| format!("`{k}`")).collect();
            format!("`{}` accepts {}", builtin.name, names.join(", "))
        };
        return Err(Diagnostic::error(
            ErrorKind::Arity,
            kw.name_span,
            format!("unknown keyword argument `{}`", kw.name),
        )
        .label(kw.name_span, "not a keyword of this function")
        .help(format!("{accepted}; call it as {}", builtin.signature))
        .boxed());
    }
    let n = call.args.len();
    if n < builtin.min_args || n > builtin.max_args {
        let expected = match (builtin.min_args, builtin.max_args) {
            (lo, hi) if lo == hi => format!("{lo} argument{}", plural(lo)),
            (lo, usize::MAX) => format!("at least {lo} argument{}", plural(lo)),
            (lo, hi) => format!("{lo} to {hi} arguments"),
        };
        return Err(Diagnostic::error(
            ErrorKind::Arity,
            call.span,
            format!(
                "`{}` takes {expected}, but {n} {} given",
                builtin.name,
                were(n)
            ),
        )
        .label(call.span, format!("called with {n} argument{}", plural(n)))
        .help(format!("call it as {}", builtin.signature))
        .boxed());
    }
    for (k, kw) in call.keywords.iter().enumerate() {
        if let Some(first) = call.keywords[..k].iter().find(|f| f.name == kw.name) {
            return Err(Diagnostic::error(
                ErrorKind::Arity,
                kw.name_span,
                format!(
                    "`{}` was given the keyword `{}` twice",
                    builtin.name, kw.name
                ),
            )
            .label(first.name_span, "first here")
            .label(kw.name_span, "and again here")
            .help("give each keyword once")
            .boxed());
        }
    }
    (builtin.run)(call)
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
