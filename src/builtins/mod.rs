//! The builtin function table: every builtin is a `Builtin` row (name, arity, keywords, doc,
//! example, shape rule, implementation), grouped by topic in the files below. Arity and keyword checks
//! go through `Signature::check`, the one check user and host functions use too; `:help` and the README's
//! function list are generated from the same rows.

mod args;
mod arithmetic;
mod complex_input;
mod complex_parts;
mod construction;
mod data_files;
mod elementwise;
mod functional;
pub(crate) mod linalg;
mod logical;
mod neural;
mod order;
mod plots;
mod random;
mod reductions;
mod sequences;
mod shape;
mod shape_rule;
mod statistics;
mod system;
#[cfg(test)]
mod testing;
mod text;

pub use args::{Arg, Call, Context, KwArg};
pub(crate) use elementwise::real_map;
pub(crate) use reductions::{compensated_add, compensated_sum, compensated_total};
pub use shape_rule::{broadcast_args, count, size_arg, ShapeArg, ShapeCall, ShapeRule};

use crate::diagnostic::Fallible;
use crate::signature::{GivenKeyword, Signature};
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
    /// The result's shape from the arguments' shapes, for static passes.
    pub shape: ShapeRule,
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
    ("complex numbers", complex_parts::BUILTINS),
    ("reductions", reductions::BUILTINS),
    ("running products and differences", sequences::BUILTINS),
    ("statistics", statistics::BUILTINS),
    ("ordering", order::BUILTINS),
    ("logical matrices", logical::BUILTINS),
    ("neural networks", neural::BUILTINS),
    ("linear algebra", linalg::BUILTINS),
    ("functions as arguments", functional::BUILTINS),
    ("text", text::BUILTINS),
    ("data files", data_files::BUILTINS),
    ("system", system::BUILTINS),
    ("plots", plots::BUILTINS),
];

/// Builtins that are given a logical matrix as it is; every other builtin sees its 0/1
/// matrix (`sum(A > 0)` counts). `save` writes a logical matrix as NumPy booleans.
pub fn keeps_logical(builtin: &Builtin) -> bool {
    builtin.name == "save"
}

/// Every builtin, in help order.
pub fn all() -> impl Iterator<Item = &'static Builtin> {
    TOPICS.iter().flat_map(|(_, table)| table.iter())
}

/// The builtin called `name`, if there is one.
pub fn lookup(name: &str) -> Option<&'static Builtin> {
    all().find(|b| b.name == name)
}

impl Builtin {
    /// What the builtin accepts, for the one signature check.
    pub fn call_signature(&self) -> Signature<'static> {
        Signature {
            name: self.name,
            usage: self.signature.to_string(),
            min_args: self.min_args,
            max_args: self.max_args,
            keywords: self.keywords,
            defined: None,
        }
    }
}

/// Checks the argument counts and keywords of `call` against `builtin`, then runs it.
pub fn invoke(builtin: &Builtin, call: &mut Call) -> Fallible<Option<Value>> {
    let fits = call.args.len() >= builtin.min_args
        && call.args.len() <= builtin.max_args
        && call.keywords.is_empty();
    if !fits {
        let keywords: Vec<GivenKeyword> = call
            .keywords
            .iter()
            .map(|kw| GivenKeyword {
                name: &kw.name,
                span: kw.name_span,
            })
            .collect();
        builtin
            .call_signature()
            .check(call.args.len(), &keywords, call.span)?;
    }
    (builtin.run)(call)
}
