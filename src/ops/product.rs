//! The real matrix operators: `*` (scaling or product, with transposed operands handed to
//! the numeric layer as views), `/` and `\` (solving through `dense::solve_system`, never
//! forming an inverse), and `^` (integer matrix powers by repeated squaring).

use std::sync::Arc;

use faer::{Mat, MatRef};

use super::elementwise::map;
use super::rules::{self, Operands};
use crate::dense::{matmul, solve_system};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::host::Host;
use crate::value::{Shape, Value};

/// `left * right`, where each operand may be marked transposed (`A' * B`): the transpose is
/// a view handed to faer, never a copy.
pub fn multiply(
    left: (&Value, bool),
    right: (&Value, bool),
    at: Operands,
    host: &Host,
) -> Fallible<Value> {
    match (left.0, right.0) {
        (Value::Matrix(a), Value::Matrix(b)) => {
            let a = oriented(a, left.1);
            let b = oriented(b, right.1);
            rules::product(
                Shape::new(a.nrows(), a.ncols()),
                Shape::new(b.nrows(), b.ncols()),
                at,
            )?;
            host.check_alloc(a.nrows(), b.ncols(), at.op)?;
            Ok(Value::from_mat(matmul(a, b)))
        }
        (Value::Matrix(m), s) | (s, Value::Matrix(m)) => {
            let transposed = if matches!(left.0, Value::Matrix(_)) {
                left.1
            } else {
                right.1
            };
            let s = s.as_scalar().unwrap_or(f64::NAN);
            let m = oriented(m, transposed);
            Ok(Value::from_mat(Mat::from_fn(
                m.nrows(),
                m.ncols(),
                |i, j| m[(i, j)] * s,
            )))
        }
        (a, b) => Ok(Value::Scalar(
            a.as_scalar().unwrap_or(f64::NAN) * b.as_scalar().unwrap_or(f64::NAN),
        )),
    }
}

fn oriented(m: &Mat<f64>, transposed: bool) -> MatRef<'_, f64> {
    if transposed {
        m.as_ref().transpose()
    } else {
        m.as_ref()
    }
}

/// `left / right`: division by a scalar, or A·B⁻¹ computed by solving B'·X' = A'.
pub fn divide(left: &Value, right: &Value, at: Operands, host: &mut Host) -> Fallible<Value> {
    match (left, right) {
        (_, r) if !matches!(r, Value::Matrix(_)) => {
            let s = r.as_scalar().unwrap_or(f64::NAN);
            Ok(map(left, |x| x / s).unwrap_or(Value::Scalar(f64::NAN)))
        }
        (Value::Matrix(a), Value::Matrix(b)) => {
            rules::right_divide(left.shape(), right.shape(), at)?;
            let x = solve_system(
                b.as_ref().transpose(),
                a.as_ref().transpose(),
                at.right,
                host,
            )?;
            let (ls, rs) = (left.shape(), right.shape());
            if ls == rs && (ls.rows == 1 || ls.cols == 1) {
                // `[1, 2] / [3, 4]` is rarely meant as a least-squares solve.
                host.warn(
                    Diagnostic::warning(
                        ErrorKind::Shape,
                        at.op,
                        format!("`/` between two {ls} vectors solves X·B = A, it does not divide element by element"),
                    )
                    .label(at.op, format!("gives a {}×{} result", x.ncols(), x.nrows()))
                    .help("to divide element by element, write `./`"),
                );
            }
            Ok(Value::from_mat(x.transpose().to_owned()))
        }
        (l, r) => {
            let rs = r.shape();
            Err(Diagnostic::error(
                ErrorKind::Shape,
                at.op,
                format!("cannot divide a {} by a {rs} matrix with `/`", l.describe()),
            )
            .label(at.left, l.describe())
            .label(at.op, "`/` by a matrix means multiplying by its inverse")
            .label(at.right, rs.to_string())
            .help("for element-wise division, use `./`")
            .boxed())
        }
    }
}

/// `left \ right`: x with left·x = right (LU for square, least squares otherwise).
pub fn left_divide(left: &Value, right: &Value, at: Operands, host: &mut Host) -> Fallible<Value> {
    match (left, right) {
        (l, r) if !matches!(l, Value::Matrix(_)) => {
            let s = l.as_scalar().unwrap_or(f64::NAN);
            Ok(map(r, |x| x / s).unwrap_or(Value::Scalar(f64::NAN)))
        }
        (Value::Matrix(a), r) => {
            let b = match r {
                Value::Matrix(b) => Arc::clone(b),
                other => Arc::new(Mat::from_fn(1, 1, |_, _| {
                    other.as_scalar().unwrap_or(f64::NAN)
                })),
            };
            rules::left_divide(left.shape(), right.shape(), at)?;
            Ok(Value::from_mat(solve_system(
                (**a).as_ref(),
                (*b).as_ref(),
                at.left,
                host,
            )?))
        }
        _ => Err(Diagnostic::error(ErrorKind::Internal, at.op, "unreachable solve case").boxed()),
    }
}

/// `left ^ right`: scalar power, or a square matrix to an integer power.
pub fn power(left: &Value, right: &Value, at: Operands, host: &mut Host) -> Fallible<Value> {
    match (left, right) {
        (Value::Matrix(m), r) if !matches!(r, Value::Matrix(_)) => {
            rules::power(left.shape(), at)?;
            let k = r.as_scalar().unwrap_or(f64::NAN);
            if k.fract() != 0.0 || !k.is_finite() {
                return Err(Diagnostic::error(
                    ErrorKind::Domain,
                    at.right,
                    format!(
                        "a matrix power needs an integer exponent, but this is {}",
                        crate::format::scalar(k)
                    ),
                )
                .label(at.right, "not an integer")
                .help("for the element-wise power, use `.^`")
                .boxed());
            }
            let base = if k < 0.0 {
                let n = m.nrows();
                let identity = Mat::<f64>::identity(n, n);
                solve_system((**m).as_ref(), identity.as_ref(), at.left, host)?
            } else {
                m.as_ref().to_owned()
            };
            Ok(Value::from_mat(integer_power(base, k.abs() as u64)))
        }
        (l, Value::Matrix(_)) => Err(Diagnostic::error(
            ErrorKind::Shape,
            at.op,
            format!("`^` with a {} exponent is not defined", right.describe()),
        )
        .label(at.left, l.describe())
        .label(at.right, right.shape().to_string())
        .help("for the element-wise power, use `.^`")
        .boxed()),
        (l, r) => Ok(Value::Scalar(
            l.as_scalar()
                .unwrap_or(f64::NAN)
                .powf(r.as_scalar().unwrap_or(f64::NAN)),
        )),
    }
}

/// base^k by repeated squaring.
fn integer_power(base: Mat<f64>, k: u64) -> Mat<f64> {
    let n = base.nrows();
    super::repeated_squaring(base, Mat::<f64>::identity(n, n), k, |x, y| {
        matmul(x.as_ref(), y.as_ref())
    })
}
