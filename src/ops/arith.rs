//! The binary and unary operators on values: dispatch by operator, the strict `+`/`-`
//! (equal shapes or a scalar side, never silent broadcasting), the dotted operators and
//! comparisons (broadcasting), and the helps that suggest the likely fix.

use std::sync::Arc;

use faer::Mat;

use super::elementwise::{map, zip, zip_reusing};
use super::{product, rules, Operands};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::host::Host;
use crate::op::{BinaryOp, UnaryOp};
use crate::source::Span;
use crate::value::Value;

/// Applies a binary operator (all but `&&`/`||`, which short-circuit in the evaluator).
/// Scalar operands take a fast path that allocates nothing.
pub fn binary(
    op: BinaryOp,
    left: &Value,
    right: &Value,
    at: Operands,
    host: &mut Host,
) -> Fallible<Value> {
    if let (Value::Scalar(a), Value::Scalar(b)) = (left, right) {
        if let Some(v) = scalar_binary(op, *a, *b) {
            return Ok(v);
        }
    }
    if matches!(left, Value::Logical(_)) || matches!(right, Value::Logical(_)) {
        // A logical matrix is its 0/1 matrix here; results of comparisons and of `&`, `|`
        // are logical again.
        return binary(op, &left.to_numeric(), &right.to_numeric(), at, host);
    }
    if matches!(left, Value::Identity(_)) || matches!(right, Value::Identity(_)) {
        return super::identity::binary(op, left, right, at);
    }
    check_numeric(op, left, right, at)?;
    if left.is_complex() || right.is_complex() {
        return super::complex::binary(op, left, right, at, host);
    }
    match op {
        BinaryOp::Add => strict(op, left, right, at, host, |a, b| a + b),
        BinaryOp::Sub => strict(op, left, right, at, host, |a, b| a - b),
        BinaryOp::DotAdd => zip("`.+`", left, right, at, host, |a, b| a + b),
        BinaryOp::DotSub => zip("`.-`", left, right, at, host, |a, b| a - b),
        BinaryOp::DotMul => zip("`.*`", left, right, at, host, |a, b| a * b),
        BinaryOp::DotDiv => zip("`./`", left, right, at, host, |a, b| a / b),
        BinaryOp::DotPow => zip("`.^`", left, right, at, host, f64::powf),
        BinaryOp::Mul => product::multiply((left, false), (right, false), at, host),
        BinaryOp::Div => product::divide(left, right, at, host),
        BinaryOp::LeftDiv => product::left_divide(left, right, at, host),
        BinaryOp::Pow => product::power(left, right, at, host),
        BinaryOp::Eq => compare(op, left, right, at, host, |a, b| a == b),
        BinaryOp::Ne => compare(op, left, right, at, host, |a, b| a != b),
        BinaryOp::Lt => compare(op, left, right, at, host, |a, b| a < b),
        BinaryOp::Le => compare(op, left, right, at, host, |a, b| a <= b),
        BinaryOp::Gt => compare(op, left, right, at, host, |a, b| a > b),
        BinaryOp::Ge => compare(op, left, right, at, host, |a, b| a >= b),
        BinaryOp::ElemAnd => logic(op, left, right, at, host, |a, b| a && b),
        BinaryOp::ElemOr => logic(op, left, right, at, host, |a, b| a || b),
        BinaryOp::And | BinaryOp::Or => Err(Diagnostic::error(
            ErrorKind::Internal,
            at.op,
            "short-circuit operator reached the arithmetic layer",
        )
        .boxed()),
    }
}

/// `binary` on owned operands: an element-wise operation whose operand is a matrix that
/// nothing else holds (a temporary) writes its result into that matrix instead of a new
/// one. Everything else, including every error, goes through `binary`.
pub fn binary_owned(
    op: BinaryOp,
    left: Value,
    right: Value,
    at: Operands,
    host: &mut Host,
) -> Fallible<Value> {
    let scalar_side = matches!(left, Value::Scalar(_)) || matches!(right, Value::Scalar(_));
    // Element by element: the dotted operators and `+ -` always, `*` by a number, `/` by
    // a number on the right.
    let element_wise = match op {
        BinaryOp::Add
        | BinaryOp::DotAdd
        | BinaryOp::Sub
        | BinaryOp::DotSub
        | BinaryOp::DotMul
        | BinaryOp::DotDiv
        | BinaryOp::DotPow => true,
        BinaryOp::Mul => scalar_side,
        BinaryOp::Div => matches!(right, Value::Scalar(_)),
        _ => false,
    };
    if !element_wise {
        return binary(op, &left, &right, at, host);
    }
    // `scalar_arithmetic` covers every operator above.
    let f = |a, b| scalar_arithmetic(op, a, b).unwrap_or(f64::NAN);
    match zip_reusing(left, right, f) {
        Ok(value) => Ok(value),
        Err((left, right)) => binary(op, &left, &right, at, host),
    }
}

/// The arithmetic operators on two real numbers; `None` for comparisons and logic.
#[inline]
pub fn scalar_arithmetic(op: BinaryOp, a: f64, b: f64) -> Option<f64> {
    Some(match op {
        BinaryOp::Add | BinaryOp::DotAdd => a + b,
        BinaryOp::Sub | BinaryOp::DotSub => a - b,
        BinaryOp::Mul | BinaryOp::DotMul => a * b,
        BinaryOp::Div | BinaryOp::DotDiv => a / b,
        BinaryOp::LeftDiv => b / a,
        BinaryOp::Pow | BinaryOp::DotPow => a.powf(b),
        _ => return None,
    })
}

/// The scalar × scalar case of every operator; `None` for `&&`/`||`.
fn scalar_binary(op: BinaryOp, a: f64, b: f64) -> Option<Value> {
    if let Some(number) = scalar_arithmetic(op, a, b) {
        return Some(Value::Scalar(number));
    }
    match op {
        // NaN is neither true nor false: the general path reports it.
        BinaryOp::ElemAnd | BinaryOp::ElemOr if a.is_nan() || b.is_nan() => None,
        BinaryOp::ElemAnd => Some(Value::Bool(a != 0.0 && b != 0.0)),
        BinaryOp::ElemOr => Some(Value::Bool(a != 0.0 || b != 0.0)),
        _ => scalar_comparison(op, a, b).map(Value::Bool),
    }
}

/// The comparison operators on two real numbers; `None` for the others.
#[inline]
pub fn scalar_comparison(op: BinaryOp, a: f64, b: f64) -> Option<bool> {
    Some(match op {
        BinaryOp::Eq => a == b,
        BinaryOp::Ne => a != b,
        BinaryOp::Lt => a < b,
        BinaryOp::Le => a <= b,
        BinaryOp::Gt => a > b,
        BinaryOp::Ge => a >= b,
        _ => return None,
    })
}

/// Strings only compare with `==`/`!=`; everything else needs numbers.
fn check_numeric(op: BinaryOp, left: &Value, right: &Value, at: Operands) -> Fallible<()> {
    let strings_compared = matches!(op, BinaryOp::Eq | BinaryOp::Ne)
        && matches!(left, Value::Str(_))
        && matches!(right, Value::Str(_));
    if strings_compared {
        return Ok(());
    }
    for (value, span) in [(left, at.left), (right, at.right)] {
        if !value.is_numeric() && !value.is_complex() {
            let d = Diagnostic::error(
                ErrorKind::Type,
                at.op,
                format!(
                    "`{}` needs numbers or matrices, but this operand is a {}",
                    op.symbol(),
                    value.describe()
                ),
            )
            .label(span, format!("this is a {}", value.describe()))
            .label(at.op, "this operator");
            let joining = op == BinaryOp::Add && matches!(value, Value::Str(_));
            return Err(if joining {
                d.help("to join strings, write strcat(a, b); string(x) writes a number as text")
            } else {
                d
            }
            .boxed());
        }
    }
    Ok(())
}

/// `+` and `-`: equal shapes, or one side a scalar. Never broadcasts silently.
fn strict(
    op: BinaryOp,
    left: &Value,
    right: &Value,
    at: Operands,
    host: &Host,
    f: fn(f64, f64) -> f64,
) -> Fallible<Value> {
    rules::same_shape(
        op,
        left.shape(),
        right.shape(),
        scalar_side(left, right),
        at,
    )?;
    zip(op.symbol(), left, right, at, host, f)
}

/// Whether `+`/`-` sees a scalar side (a 1×1 matrix is not one).
fn scalar_side(left: &Value, right: &Value) -> bool {
    let is_scalar = |v: &Value| matches!(v, Value::Scalar(_) | Value::Bool(_) | Value::Complex(_));
    is_scalar(left) || is_scalar(right)
}

/// Element-wise comparison: bools for scalars, 0/1 matrices for matrices.
fn compare(
    op: BinaryOp,
    left: &Value,
    right: &Value,
    at: Operands,
    host: &Host,
    f: fn(f64, f64) -> bool,
) -> Fallible<Value> {
    if let (Value::Str(a), Value::Str(b)) = (left, right) {
        return Ok(Value::Bool(f(0.0, if a == b { 0.0 } else { 1.0 })));
    }
    let result = zip(
        &format!("`{}`", op.symbol()),
        left,
        right,
        at,
        host,
        |a, b| f64::from(u8::from(f(a, b))),
    )?;
    Ok(as_logical(result))
}

/// A 0/1 result of comparing or combining two values: a bool for one element (la has no
/// 1×1 matrices), else a logical matrix.
fn as_logical(result: Value) -> Value {
    match result {
        Value::Scalar(x) => Value::Bool(x != 0.0),
        Value::Matrix(m) => Value::Logical(m),
        other => other,
    }
}

/// `&` and `|`: element by element with broadcasting, non-zero is true; NaN is an error
/// at its operand, as in `logical(NaN)`.
fn logic(
    op: BinaryOp,
    left: &Value,
    right: &Value,
    at: Operands,
    host: &Host,
    f: fn(bool, bool) -> bool,
) -> Fallible<Value> {
    for (value, span) in [(left, at.left), (right, at.right)] {
        let nan = match value {
            Value::Matrix(m) => {
                (0..m.ncols()).any(|j| m.col_as_slice(j).iter().any(|x| x.is_nan()))
            }
            other => other.as_scalar().is_some_and(f64::is_nan),
        };
        if nan {
            return Err(Diagnostic::error(
                ErrorKind::Domain,
                span,
                format!(
                    "`{}` needs true or false, but this operand holds NaN",
                    op.symbol()
                ),
            )
            .label(span, "NaN is neither true nor false")
            .help("decide what NaN should mean first, e.g. `!isnan(x) & x > 0`")
            .boxed());
        }
    }
    let result = zip(
        &format!("`{}`", op.symbol()),
        left,
        right,
        at,
        host,
        |a, b| f64::from(u8::from(f(a != 0.0, b != 0.0))),
    )?;
    Ok(as_logical(result))
}

/// Applies a prefix or postfix operator.
pub fn unary(op: UnaryOp, operand: &Value, op_span: Span, operand_span: Span) -> Fallible<Value> {
    if operand.is_complex() {
        return super::complex::unary(op, operand, op_span);
    }
    if let Value::Identity(s) = operand {
        return super::identity::unary(op, *s, op_span);
    }
    if let Value::Logical(m) = operand {
        // `!` and the transposes keep a mask a mask; `-` and `+` make numbers of it.
        return match op {
            UnaryOp::Not => Ok(Value::Logical(Arc::new(Mat::from_fn(
                m.nrows(),
                m.ncols(),
                |i, j| f64::from(u8::from(m[(i, j)] == 0.0)),
            )))),
            UnaryOp::Adjoint | UnaryOp::Transpose => {
                Ok(Value::Logical(Arc::new(m.as_ref().transpose().to_owned())))
            }
            _ => unary(op, &operand.to_numeric(), op_span, operand_span),
        };
    }
    match (op, operand) {
        (UnaryOp::Neg, Value::Scalar(x)) => Ok(Value::Scalar(-x)),
        (UnaryOp::Not, Value::Bool(b)) => Ok(Value::Bool(!b)),
        (UnaryOp::Not, Value::Scalar(x)) => Ok(Value::Bool(*x == 0.0)),
        (UnaryOp::Plus, v) if v.is_numeric() => Ok(match v {
            Value::Bool(b) => Value::Scalar(f64::from(u8::from(*b))),
            other => other.clone(),
        }),
        (UnaryOp::Adjoint | UnaryOp::Transpose, Value::Matrix(m)) => {
            Ok(Value::Matrix(Arc::new(m.as_ref().transpose().to_owned())))
        }
        (UnaryOp::Adjoint | UnaryOp::Transpose, v) if v.is_numeric() => Ok(v.clone()),
        (UnaryOp::Neg, v) if v.is_numeric() => {
            Ok(map(v, |x| -x).unwrap_or(Value::Scalar(f64::NAN)))
        }
        (UnaryOp::Not, Value::Matrix(m)) => Ok(Value::Logical(Arc::new(Mat::from_fn(
            m.nrows(),
            m.ncols(),
            |i, j| f64::from(u8::from(m[(i, j)] == 0.0)),
        )))),
        (op, v) => Err(Diagnostic::error(
            ErrorKind::Type,
            op_span,
            format!(
                "`{}` needs a number or a matrix, but this is a {}",
                op.symbol(),
                v.describe()
            ),
        )
        .label(operand_span, format!("this is a {}", v.describe()))
        .boxed()),
    }
}
