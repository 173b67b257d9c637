//! Operators on values: element-wise arithmetic with broadcasting, the strict `+`/`-`,
//! matrix products, solves and powers, comparisons. Each operator checks shapes before it
//! touches faer and reports mismatches in one shape-error format.

pub mod arith;
pub mod complex;
pub mod concat;
pub mod elementwise;
pub mod identity;
pub mod product;

use crate::diagnostic::{Diagnostic, ErrorKind, Span};
use crate::value::Shape;

/// The spans of a binary operation: left operand, operator, right operand.
#[derive(Clone, Copy, Debug)]
pub struct Operands {
    /// The left operand's expression.
    pub left: Span,
    /// The operator token.
    pub op: Span,
    /// The right operand's expression.
    pub right: Span,
}

/// The one shape-error format: each operand labelled with its shape, the operator with the
/// rule that broke.
pub fn shape_mismatch(
    at: Operands,
    message: impl Into<String>,
    left: Shape,
    right: Shape,
    rule: impl Into<String>,
) -> Diagnostic {
    Diagnostic::error(ErrorKind::Shape, at.op, message)
        .label(at.left, left.to_string())
        .label(at.op, rule)
        .label(at.right, right.to_string())
}

/// `base` to the power `k` by repeated squaring, starting from `identity`: about 2·log₂(k)
/// products of `multiply` instead of k. Integer matrix powers (`A^k`), real and complex,
/// share it.
pub(crate) fn repeated_squaring<T>(
    base: T,
    identity: T,
    mut k: u64,
    multiply: impl Fn(&T, &T) -> T,
) -> T {
    let mut result = identity;
    let mut square = base;
    while k > 0 {
        if k & 1 == 1 {
            result = multiply(&result, &square);
        }
        k >>= 1;
        if k > 0 {
            square = multiply(&square, &square);
        }
    }
    result
}
