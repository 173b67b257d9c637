//! Operators when either side is complex: the same rules and shape errors as for real
//! values, computed over `c64`. Results that come out with every imaginary part zero are
//! real again (`(1 + 2i) * (1 - 2i)` is `5`).

use faer::{c64, Mat};

use super::rules::{self, Operands};
use crate::dense::{matmul, solve_system};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::host::Host;
use crate::op::{BinaryOp, UnaryOp};
use crate::value::{Shape, Value};

/// A binary operator with at least one complex operand (both numeric).
pub fn binary(
    op: BinaryOp,
    left: &Value,
    right: &Value,
    at: Operands,
    host: &mut Host,
) -> Fallible<Value> {
    let (Some(a), Some(b)) = (left.to_cmat(), right.to_cmat()) else {
        return Err(
            Diagnostic::error(ErrorKind::Internal, at.op, "non-numeric complex operand").boxed(),
        );
    };
    let scalar = |v: &Value| !matches!(v, Value::Matrix(_) | Value::ComplexMatrix(_));
    match op {
        BinaryOp::Add | BinaryOp::Sub => {
            let scalar_side = scalar(left) || scalar(right);
            rules::same_shape(op, left.shape(), right.shape(), scalar_side, at)?;
            let f = if op == BinaryOp::Add {
                |x: c64, y: c64| x + y
            } else {
                |x: c64, y: c64| x - y
            };
            zip(op.symbol(), &a, &b, at, host, f)
        }
        BinaryOp::DotAdd => zip("`.+`", &a, &b, at, host, |x, y| x + y),
        BinaryOp::DotSub => zip("`.-`", &a, &b, at, host, |x, y| x - y),
        BinaryOp::DotMul => zip("`.*`", &a, &b, at, host, |x, y| x * y),
        BinaryOp::DotDiv => zip("`./`", &a, &b, at, host, |x, y| x / y),
        BinaryOp::DotPow => zip("`.^`", &a, &b, at, host, power),
        BinaryOp::Mul if scalar(left) || scalar(right) => {
            zip("`*`", &a, &b, at, host, |x, y| x * y)
        }
        BinaryOp::Mul => {
            rules::product(left.shape(), right.shape(), at)?;
            host.check_alloc(a.nrows(), b.ncols(), at.op)?;
            Ok(Value::from_cmat(matmul(a.as_ref(), b.as_ref())))
        }
        BinaryOp::Div if scalar(right) => zip("`/`", &a, &b, at, host, |x, y| x / y),
        BinaryOp::LeftDiv if scalar(left) => zip("`\\`", &a, &b, at, host, |x, y| y / x),
        BinaryOp::Div | BinaryOp::LeftDiv => solve_op(op, left, right, &a, &b, at, host),
        BinaryOp::Pow => matrix_power(left, right, &a, &b, at),
        BinaryOp::Eq | BinaryOp::Ne => {
            let equal = op == BinaryOp::Eq;
            let result = zip(op.symbol(), &a, &b, at, host, |x, y| {
                c64::new(f64::from(u8::from((x == y) == equal)), 0.0)
            })?;
            Ok(logical(result))
        }
        BinaryOp::ElemAnd | BinaryOp::ElemOr => {
            let and = op == BinaryOp::ElemAnd;
            let zero = c64::new(0.0, 0.0);
            let result = zip(op.symbol(), &a, &b, at, host, |x, y| {
                let (p, q) = (x != zero, y != zero);
                c64::new(f64::from(u8::from(if and { p && q } else { p || q })), 0.0)
            })?;
            Ok(logical(result))
        }
        BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => Err(Diagnostic::error(
            ErrorKind::Type,
            at.op,
            format!(
                "`{}` needs real numbers: complex numbers have no order",
                op.symbol()
            ),
        )
        .label(at.op, "compares complex values")
        .help("compare real(z), imag(z) or abs(z) instead; sort, max and min order complex numbers by real part, then imaginary part (as NumPy)")
        .boxed()),
        BinaryOp::And | BinaryOp::Or => Err(Diagnostic::error(
            ErrorKind::Internal,
            at.op,
            "short-circuit operator on complex values",
        )
        .boxed()),
    }
}

/// A 0/1 result as a bool (for one element) or a logical matrix.
fn logical(result: Value) -> Value {
    match result {
        Value::Scalar(x) => Value::Bool(x != 0.0),
        Value::Matrix(m) => Value::Logical(m),
        other => other,
    }
}

/// `-z`, `z'` (conjugate transpose), `z.'` (plain transpose), `+z`; `!z` is an error.
pub fn unary(op: UnaryOp, value: &Value, op_span: crate::source::Span) -> Fallible<Value> {
    let m = value.to_cmat().unwrap_or_else(|| Mat::zeros(0, 0));
    let result = match op {
        UnaryOp::Neg => Mat::from_fn(m.nrows(), m.ncols(), |i, j| -m[(i, j)]),
        UnaryOp::Plus => m,
        UnaryOp::Adjoint => Mat::from_fn(m.ncols(), m.nrows(), |i, j| m[(j, i)].conj()),
        UnaryOp::Transpose => Mat::from_fn(m.ncols(), m.nrows(), |i, j| m[(j, i)]),
        UnaryOp::Not => {
            return Err(Diagnostic::error(
                ErrorKind::Type,
                op_span,
                "`!` needs a bool or a real number",
            )
            .label(op_span, format!("applied to a {}", value.describe()))
            .boxed())
        }
    };
    Ok(Value::from_cmat(result))
}

/// Element-wise with broadcasting over complex matrices (scalars are 1×1).
fn zip(
    what: &str,
    a: &Mat<c64>,
    b: &Mat<c64>,
    at: Operands,
    host: &Host,
    f: impl Fn(c64, c64) -> c64,
) -> Fallible<Value> {
    let (sa, sb) = (
        Shape::new(a.nrows(), a.ncols()),
        Shape::new(b.nrows(), b.ncols()),
    );
    let what = if what.starts_with('`') {
        what.to_string()
    } else {
        format!("`{what}`")
    };
    let out = rules::broadcast(&what, sa, sb, at)?;
    host.check_alloc(out.rows, out.cols, at.op)?;
    let pick = |m: &Mat<c64>, s: Shape, i: usize, j: usize| {
        m[(
            if s.rows == 1 { 0 } else { i },
            if s.cols == 1 { 0 } else { j },
        )]
    };
    Ok(Value::from_cmat(Mat::from_fn(
        out.rows,
        out.cols,
        |i, j| f(pick(a, sa, i, j), pick(b, sb, i, j)),
    )))
}

/// z^w on the principal branch; 0^w is 0 for w with positive real part, as in MATLAB.
fn power(z: c64, w: c64) -> c64 {
    if z == c64::new(0.0, 0.0) {
        return if w == c64::new(0.0, 0.0) {
            c64::new(1.0, 0.0)
        } else {
            c64::new(0.0, 0.0)
        };
    }
    if w.im == 0.0 && w.re.fract() == 0.0 && w.re.abs() <= 64.0 {
        return z.powi(w.re as i32);
    }
    z.powc(w)
}

/// `A / B` and `A \ B` with complex operands, through the same solver as real ones: LU
/// with the same singular-matrix error and near-singular warning for a square system,
/// minimum-norm least squares otherwise.
fn solve_op(
    op: BinaryOp,
    left: &Value,
    right: &Value,
    a: &Mat<c64>,
    b: &Mat<c64>,
    at: Operands,
    host: &mut Host,
) -> Fallible<Value> {
    let (ls, rs) = (left.shape(), right.shape());
    if op == BinaryOp::LeftDiv {
        rules::left_divide(ls, rs, at)?;
        return Ok(Value::from_cmat(solve_system(
            a.as_ref(),
            b.as_ref(),
            at.left,
            host,
        )?));
    }
    // A / B is X with X·B = A: Bᵀ·Xᵀ = Aᵀ.
    rules::right_divide(ls, rs, at)?;
    let x = solve_system(
        b.as_ref().transpose(),
        a.as_ref().transpose(),
        at.right,
        host,
    )?;
    Ok(Value::from_cmat(x.transpose().to_owned()))
}

/// A square complex matrix to an integer power, or a complex scalar power.
fn matrix_power(
    left: &Value,
    right: &Value,
    a: &Mat<c64>,
    b: &Mat<c64>,
    at: Operands,
) -> Fallible<Value> {
    if a.nrows() == 1 && a.ncols() == 1 && b.nrows() == 1 && b.ncols() == 1 {
        return Ok(Value::complex(power(a[(0, 0)], b[(0, 0)])));
    }
    let k = if b.nrows() == 1 && b.ncols() == 1 {
        b[(0, 0)]
    } else {
        c64::new(f64::NAN, 0.0)
    };
    let integer = k.im == 0.0 && k.re.fract() == 0.0 && k.re >= 0.0;
    if a.nrows() != a.ncols() || !integer {
        return Err(Diagnostic::error(
            ErrorKind::Shape,
            at.op,
            format!(
                "`^` needs a square matrix and a non-negative integer exponent, not a {} and a {}",
                left.describe(),
                right.describe()
            ),
        )
        .label(at.left, left.describe())
        .label(at.right, right.describe())
        .help("for the element-wise power, use `.^`")
        .boxed());
    }
    let n = a.nrows();
    let identity = Mat::from_fn(n, n, |i, j| c64::new(f64::from(u8::from(i == j)), 0.0));
    let result = super::repeated_squaring(a.clone(), identity, k.re as u64, |x, y| {
        matmul(x.as_ref(), y.as_ref())
    });
    Ok(Value::from_cmat(result))
}
