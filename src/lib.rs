//! `la`: a linear-algebra calculator language. Source text is lexed and parsed into a
//! spanned AST, then run by a tree-walking evaluator over faer matrices; every error is a
//! `Diagnostic` with spans, rendered in one place.

#![deny(missing_docs)]

pub mod builtins;
pub mod convert;
pub mod diagnostic;
pub mod eval;
pub mod format;
pub mod host;
pub mod host_function;
pub mod intern;
pub mod limits;
pub mod ops;
pub mod render;
pub mod rng;
pub mod source;
pub mod syntax;
pub mod value;

pub use convert::{FromValue, IntoValue};
pub use diagnostic::{Diagnostic, Error, ErrorKind, Span};
pub use eval::{Interpreter, Program};
pub use host::{Event, Precision};
pub use host_function::{HostResult, IntoHostFunction};
pub use limits::Limits;
pub use value::{Shape, Value};
