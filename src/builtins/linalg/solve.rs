//! Solving and inverting: `solve`, `lstsq`, `inv`, `pinv`, `det`, `logdet`, `slogdet`, for
//! real and complex matrices alike. `solve(A, b)` is `A \ b`: both call
//! `dense::solve_system`.
//!
//! The rule for singular and ill-conditioned matrices: an exactly singular square matrix
//! (a zero pivot in its LU factors) is an error at the matrix, "matrix is singular: pivot 2
//! is zero"; a nearly singular one (reciprocal condition estimate below machine epsilon)
//! gives the result plus a warning at the matrix with the estimate. `lstsq` and `pinv`
//! never complain: a minimum-norm answer is what they are for.
//!
//! ```text
//! >> solve([[2, 1], [1, 3]], [3, 5])
//! ans = 2×1
//!    0.8
//!    1.4
//! >> inv([[1, 2], [2, 4]])
//! Error: matrix is singular: pivot 2 is zero
//! ```

use faer::{c64, Mat, MatRef};

use super::super::{Call, ShapeCall};
use super::check;
use crate::dense::{self, Entry, Lu, Vectors};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::source::Span;
use crate::value::{Shape, Value};

/// A matrix argument, shared with the caller's value.
type Shared = std::sync::Arc<Mat<f64>>;

/// Checks that A (argument 0) and b (argument 1) have the same number of rows.
fn rows_agree(call: &Call) -> Fallible<()> {
    let (sa, sb) = (call.arg(0)?.value.shape(), call.arg(1)?.value.shape());
    rows_agree_shapes(call.name, (sa, sb), (call.arg(0)?.span, call.arg(1)?.span))
}

/// `solve`'s shape rule: A's columns by b's, or the error when the rows differ.
pub fn solve_rule(call: &ShapeCall) -> Fallible<Option<Shape>> {
    let [a, b] = call.args else {
        return Ok(None);
    };
    match (a.shape, b.shape, a.real && b.real) {
        (Some(sa), Some(sb), true) => {
            rows_agree_shapes(call.name, (sa, sb), (a.span, b.span))?;
            Ok(Some(Shape::new(sa.cols, sb.cols)))
        }
        _ => Ok(None),
    }
}

/// `lstsq`'s shape rule: A's columns by b's, when the rows agree (its errors come after
/// checks of the values, so none is reported before running).
pub fn lstsq_rule(call: &ShapeCall) -> Fallible<Option<Shape>> {
    Ok(match call.real_shapes().as_deref() {
        Some([sa, sb, ..]) if sa.rows == sb.rows => Some(Shape::new(sa.cols, sb.cols)),
        _ => None,
    })
}

/// The error when A (`sa`) and b (`sb`) have different row counts, before and during a run.
fn rows_agree_shapes(name: &str, (sa, sb): (Shape, Shape), (la, lb): (Span, Span)) -> Fallible<()> {
    if sa.rows == sb.rows {
        return Ok(());
    }
    Err(Diagnostic::error(
        ErrorKind::Shape,
        lb,
        format!(
            "`{}` needs b to have as many rows as A, but the shapes are {sa} and {sb}",
            name
        ),
    )
    .label(la, format!("A is {sa}: {} rows", sa.rows))
    .label(lb, format!("b is {sb}: {} rows", sb.rows))
    .help(format!(
        "{}(A, b) finds x with A·x = b, so b needs one row per row of A",
        name
    ))
    .boxed())
}

/// A and b for `solve`/`lstsq` as real matrices, with the row counts checked.
fn system(call: &Call) -> Fallible<(Shared, Shared)> {
    let a = check::real_matrix(call, 0)?;
    let b = check::real_matrix(call, 1)?;
    rows_agree(call)?;
    Ok((a, b))
}

/// True when argument `i` is complex.
fn complex_arg(call: &Call, i: usize) -> bool {
    call.args.get(i).is_some_and(|a| a.value.is_complex())
}

/// Argument `i` as a complex matrix (real values are promoted).
fn complex_matrix(call: &Call, i: usize) -> Fallible<Mat<c64>> {
    call.arg(i)?
        .value
        .to_cmat()
        .ok_or_else(|| call.type_error(i, "a number or a matrix"))
}

/// `solve(A, b)`: the same as `A \ b`, for real and complex systems.
pub fn solve(call: &mut Call) -> Fallible<Option<Value>> {
    let span = call.arg(0)?.span;
    if complex_arg(call, 0) || complex_arg(call, 1) {
        let (a, b) = (complex_matrix(call, 0)?, complex_matrix(call, 1)?);
        rows_agree(call)?;
        let x = dense::solve_system(a.as_ref(), b.as_ref(), span, call.host())?;
        return Ok(Some(Value::from_cmat(x)));
    }
    let (a, b) = system(call)?;
    let x = dense::solve_system(a.as_ref().as_ref(), b.as_ref().as_ref(), span, call.host())?;
    Ok(Some(Value::from_mat(x)))
}

/// `lstsq(A, b[, tol])`: the minimum-norm least-squares solution, for any finite A (NaN
/// or Inf in b propagates to x).
pub fn lstsq(call: &mut Call) -> Fallible<Option<Value>> {
    if complex_arg(call, 0) || complex_arg(call, 1) {
        let (a, b) = (check::finite_complex(call, 0)?, complex_matrix(call, 1)?);
        rows_agree(call)?;
        let tol = check::tolerance(call, 2)?;
        return Ok(Some(Value::from_cmat(least_squares(
            call,
            a.as_ref(),
            b.as_ref(),
            tol,
        )?)));
    }
    let (a, b) = system(call)?;
    let tol = check::tolerance(call, 2)?;
    check::finite(call, 0, &a)?;
    let x = least_squares(call, a.as_ref().as_ref(), b.as_ref().as_ref(), tol)?;
    Ok(Some(Value::from_mat(x)))
}

/// The minimum-norm least-squares x of a finite A.
fn least_squares<T: Entry>(
    call: &Call,
    a: MatRef<'_, T>,
    b: MatRef<'_, T>,
    tol: Option<f64>,
) -> Fallible<Mat<T>> {
    let (m, n) = a.shape();
    if m == 0 || n == 0 {
        return Ok(Mat::zeros(n, b.ncols()));
    }
    let ls = dense::min_norm_lstsq(a, b, tol).ok_or_else(|| check::no_convergence(call, 0))?;
    Ok(ls.x)
}

/// `inv(A)`: the inverse; `inv(x)` is `1/x`.
pub fn inv(call: &mut Call) -> Fallible<Option<Value>> {
    let zero_error = |call: &Call| -> Fallible<Option<Value>> {
        let span = call.arg(0)?.span;
        Err(
            Diagnostic::error(ErrorKind::Singular, span, "zero has no inverse")
                .label(span, "this is 0")
                .boxed(),
        )
    };
    match call.arg(0)?.value {
        Value::Complex(z) if z == c64::new(0.0, 0.0) => return zero_error(call),
        Value::Complex(z) => return Ok(Some(Value::complex(c64::new(1.0, 0.0) / z))),
        _ => {}
    }
    if let Some(x) = call.arg(0)?.value.as_scalar() {
        if x == 0.0 {
            return zero_error(call);
        }
        return Ok(Some(Value::Scalar(1.0 / x)));
    }
    if complex_arg(call, 0) {
        let a = complex_matrix(call, 0)?;
        check::square_shape(call, 0, call.arg(0)?.value.shape())?;
        return Ok(Some(Value::from_cmat(inverse(call, a.as_ref())?)));
    }
    let a = check::real_matrix(call, 0)?;
    check::square(call, 0, &a)?;
    Ok(Some(Value::from_mat(inverse(call, a.as_ref().as_ref())?)))
}

/// A⁻¹ of a square A: an error at the argument if A is exactly singular, a warning if its
/// reciprocal condition number is below machine epsilon.
fn inverse<T: Entry>(call: &mut Call, a: MatRef<'_, T>) -> Fallible<Mat<T>> {
    let n = a.nrows();
    if n == 0 {
        return Ok(Mat::zeros(0, 0));
    }
    let span = call.arg(0)?.span;
    let s = Shape::new(n, n);
    let lu = Lu::factor(a);
    if let Some(k) = lu.zero_pivot() {
        return Err(Diagnostic::error(
            ErrorKind::Singular,
            span,
            format!("matrix is singular: pivot {} is zero", k + 1),
        )
        .label(span, format!("this {s} matrix is singular"))
        .help("a singular matrix has no inverse: its rows are linearly dependent")
        .boxed());
    }
    let inverse = lu.inverse();
    // With the inverse at hand its 1-norm is exact and costs one pass: no estimate needed.
    let rcond = 1.0 / (dense::norm1(a) * dense::norm1(inverse.as_ref()));
    dense::warn_if_ill_conditioned(call.host(), span, s, rcond);
    Ok(inverse)
}

/// `pinv(A[, tol])`: the Moore–Penrose pseudo-inverse through the SVD.
pub fn pinv(call: &mut Call) -> Fallible<Option<Value>> {
    let tol = check::tolerance(call, 1)?;
    if complex_arg(call, 0) {
        let a = check::finite_complex(call, 0)?;
        return Ok(Some(Value::from_cmat(pseudo_inverse(
            call,
            a.as_ref(),
            tol,
        )?)));
    }
    let a = check::real_matrix(call, 0)?;
    check::finite(call, 0, &a)?;
    Ok(Some(Value::from_mat(pseudo_inverse(
        call,
        a.as_ref().as_ref(),
        tol,
    )?)))
}

/// V·diag(1/s)·Uᴴ over the singular values above the tolerance, of a finite A.
fn pseudo_inverse<T: Entry>(call: &Call, a: MatRef<'_, T>, tol: Option<f64>) -> Fallible<Mat<T>> {
    let (m, n) = a.shape();
    if m == 0 || n == 0 {
        return Ok(Mat::zeros(n, m));
    }
    let d = dense::svd(a, Vectors::Thin).map_err(|_| check::no_convergence(call, 0))?;
    let tol = tol.unwrap_or_else(|| dense::default_tolerance(m, n, &d.s));
    let rank = d.s.iter().take_while(|&&s| s > tol).count();
    let v_scaled = Mat::from_fn(n, rank, |i, j| d.v[(i, j)] / T::real(d.s[j]));
    let u_adjoint = Mat::from_fn(rank, m, |i, j| d.u[(j, i)].conjugate());
    Ok(dense::matmul(v_scaled.as_ref(), u_adjoint.as_ref()))
}

/// `det(A)`: the determinant; `det(x)` is `x`, and the empty matrix has determinant 1.
pub fn det(call: &mut Call) -> Fallible<Option<Value>> {
    if complex_arg(call, 0) {
        let a = complex_matrix(call, 0)?;
        let n = check::square_shape(call, 0, call.arg(0)?.value.shape())?;
        if n == 0 {
            return Ok(Some(Value::Scalar(1.0)));
        }
        return Ok(Some(Value::complex(Lu::factor(a.as_ref()).determinant())));
    }
    let a = check::real_matrix(call, 0)?;
    let n = check::square(call, 0, &a)?;
    if n == 0 {
        return Ok(Some(Value::Scalar(1.0)));
    }
    Ok(Some(Value::Scalar(
        Lu::factor(a.as_ref().as_ref()).determinant(),
    )))
}

/// sign(det A) and log|det A| of argument 0, and whether A is complex: the sign is ±1 (or
/// 0) for a real A and a complex number of modulus 1 (or 0) for a complex one.
fn sign_and_log(call: &Call) -> Fallible<(c64, f64, bool)> {
    if complex_arg(call, 0) {
        let a = complex_matrix(call, 0)?;
        let n = check::square_shape(call, 0, call.arg(0)?.value.shape())?;
        if n == 0 {
            return Ok((c64::new(1.0, 0.0), 0.0, true));
        }
        let (sign, log) = Lu::factor(a.as_ref()).phase_and_log_abs_det();
        return Ok((sign, log, true));
    }
    let a = check::real_matrix(call, 0)?;
    let n = check::square(call, 0, &a)?;
    if n == 0 {
        return Ok((c64::new(1.0, 0.0), 0.0, false));
    }
    let (sign, log) = Lu::factor(a.as_ref().as_ref()).sign_and_log_abs_det();
    Ok((c64::new(sign, 0.0), log, false))
}

/// `logdet(A)`: log(det(A)) without overflow; -Inf for a singular A. A real A with a
/// negative determinant is an error (use slogdet); a complex A gives the principal complex
/// logarithm, log|det A| + i·arg(det A).
pub fn logdet(call: &mut Call) -> Fallible<Option<Value>> {
    let (sign, log, complex) = sign_and_log(call)?;
    if complex && log.is_finite() {
        return Ok(Some(Value::complex(c64::new(log, sign.arg()))));
    }
    if sign.re < 0.0 && !complex {
        let span = call.arg(0)?.span;
        return Err(Diagnostic::error(
            ErrorKind::Domain,
            span,
            "`logdet` needs a positive determinant, but this one is negative",
        )
        .label(
            span,
            if log < 700.0 {
                format!("its determinant is {}", crate::format::scalar(-log.exp()))
            } else {
                format!("its determinant is -exp({})", crate::format::scalar(log))
            },
        )
        .help("s, l = slogdet(A) gives the sign and log|det(A)| separately")
        .boxed());
    }
    Ok(Some(Value::Scalar(log)))
}

/// `slogdet(A)`: `s, l = slogdet(A)` gives sign(det A) and log|det A| (for a complex A the
/// sign is det A/|det A|, as NumPy); as one value, the row `[[s, l]]`.
pub fn slogdet(call: &mut Call) -> Fallible<Option<Value>> {
    let (sign, log, _) = sign_and_log(call)?;
    if call.outputs >= 2 {
        return Ok(Some(check::tuple(vec![
            Value::complex(sign),
            Value::Scalar(log),
        ])));
    }
    Ok(Some(Value::from_cmat(Mat::from_fn(1, 2, |_, j| {
        if j == 0 {
            sign
        } else {
            c64::new(log, 0.0)
        }
    }))))
}
