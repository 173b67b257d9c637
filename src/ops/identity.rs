//! Julia's `I`: an identity without a size, `s·I`, that takes its size from the square
//! matrix it meets in `+`, `-` or `*` (`A + 2*I`). Anything else asks for `I(n)`.

use std::sync::Arc;

use faer::Mat;

use super::Operands;
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::op::{BinaryOp, UnaryOp};
use crate::value::Value;

/// A binary operator with `s·I` on at least one side.
pub fn binary(op: BinaryOp, left: &Value, right: &Value, at: Operands) -> Fallible<Value> {
    use BinaryOp::*;
    match (op, left, right) {
        (Add | Sub | DotAdd | DotSub, Value::Identity(a), Value::Identity(b)) => {
            Ok(Value::Identity(if matches!(op, Add | DotAdd) {
                a + b
            } else {
                a - b
            }))
        }
        (Mul | DotMul, Value::Identity(a), Value::Identity(b)) => Ok(Value::Identity(a * b)),
        (Mul | DotMul, Value::Identity(s), other) | (Mul | DotMul, other, Value::Identity(s)) => {
            match other {
                Value::Matrix(m) => Ok(Value::from_mat(Mat::from_fn(
                    m.nrows(),
                    m.ncols(),
                    |i, j| s * m[(i, j)],
                ))),
                v => match v.as_scalar() {
                    Some(x) => Ok(Value::Identity(s * x)),
                    None => Err(without_size(at, other)),
                },
            }
        }
        (Div, Value::Identity(s), v) if v.as_scalar().is_some() => {
            Ok(Value::Identity(s / v.as_scalar().unwrap_or(f64::NAN)))
        }
        (Add | Sub, Value::Matrix(m), Value::Identity(s)) => {
            let s = if op == Add { *s } else { -s };
            shifted(m, s, 1.0, at, at.left)
        }
        (Add | Sub, Value::Identity(s), Value::Matrix(m)) => {
            let sign = if op == Add { 1.0 } else { -1.0 };
            shifted(m, *s, sign, at, at.right)
        }
        (Add | Sub, Value::Identity(_), v) | (Add | Sub, v, Value::Identity(_))
            if v.as_scalar().is_some() =>
        {
            // A scalar is 1×1, and so is the identity it meets.
            let s = match (left, right) {
                (Value::Identity(s), _) | (_, Value::Identity(s)) => *s,
                _ => 0.0,
            };
            let x = v.as_scalar().unwrap_or(f64::NAN);
            Ok(Value::Scalar(match (op, left) {
                (Add, _) => x + s,
                (_, Value::Identity(_)) => s - x,
                _ => x - s,
            }))
        }
        (_, Value::Identity(_), other) | (_, other, Value::Identity(_)) => {
            Err(without_size(at, other))
        }
        _ => Err(Diagnostic::error(
            ErrorKind::Internal,
            at.op,
            "identity operator without an identity",
        )
        .boxed()),
    }
}

/// `-I`, `I'`, `I.'`, `+I`.
pub fn unary(op: UnaryOp, s: f64, op_span: crate::source::Span) -> Fallible<Value> {
    match op {
        UnaryOp::Neg => Ok(Value::Identity(-s)),
        UnaryOp::Plus | UnaryOp::Adjoint | UnaryOp::Transpose => Ok(Value::Identity(s)),
        UnaryOp::Not => Err(Diagnostic::error(
            ErrorKind::Type,
            op_span,
            "`!` needs a bool or a number, not the identity",
        )
        .label(op_span, "applied to I")
        .boxed()),
    }
}

/// The error when a sizeless `I` is added to a matrix of `shape` (at `matrix_span`) that is
/// not square: before and during a run.
pub fn sized_by(
    shape: crate::value::Shape,
    at: Operands,
    matrix_span: crate::source::Span,
) -> Fallible<()> {
    if shape.is_square() {
        return Ok(());
    }
    Err(Diagnostic::error(
        ErrorKind::Shape,
        at.op,
        format!("`I` takes its size from the other operand, but that is {shape}, not square"),
    )
    .label(matrix_span, shape.to_string())
    .help(
        "only a square matrix has an identity of its size; use I(n) or eye(m, n) for another shape",
    )
    .boxed())
}

/// `sign·m + s·I` for a square `m`.
fn shifted(
    m: &Arc<Mat<f64>>,
    s: f64,
    sign: f64,
    at: Operands,
    matrix_span: crate::source::Span,
) -> Fallible<Value> {
    sized_by(
        crate::value::Shape::new(m.nrows(), m.ncols()),
        at,
        matrix_span,
    )?;
    Ok(Value::from_mat(Mat::from_fn(
        m.nrows(),
        m.ncols(),
        |i, j| sign * m[(i, j)] + if i == j { s } else { 0.0 },
    )))
}

fn without_size(at: Operands, other: &Value) -> Box<Diagnostic> {
    Diagnostic::error(
        ErrorKind::Shape,
        at.op,
        format!(
            "`I` without a size works with `+`, `-` and `*` next to a square matrix, not with a {}",
            other.describe()
        ),
    )
    .label(at.op, "here")
    .help("give the size explicitly: I(n)")
    .boxed()
}
