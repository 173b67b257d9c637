//! `la`: a linear-algebra calculator language. Source text is lexed and parsed into a
//! spanned AST, then run by a tree-walking evaluator over faer matrices; every error is a
//! `Diagnostic` with spans, rendered in one place.

#![deny(missing_docs)]

pub mod builtins;
pub mod check;
pub mod complete;
mod convert;
pub mod data;
mod dense;
pub mod diagnostic;
mod eval;
pub mod files;
pub mod fmt;
mod format;
mod function;
mod globals;
pub mod host;
mod host_function;
pub mod intern;
mod limits;
mod lint;
pub mod op;
mod ops;
mod plot;
mod render;
mod rng;
pub mod signature;
pub mod source;
pub mod syntax;
mod value;

pub use convert::{FromValue, IntoValue};
pub use diagnostic::{Diagnostic, Error, ErrorKind};
pub use eval::{Interpreter, Program};
pub use files::FileAccess;
pub use format::rich;
pub use host::{Event, Format, Precision};
pub use host_function::{HostResult, IntoHostFunction};
pub use limits::Limits;
pub use plot::PlotSettings;
pub use source::Span;
pub use value::{Shape, Value};

/// The README's Rust examples run as doctests, so the README stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
