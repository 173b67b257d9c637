//! Solving and inverting: `solve`, `lstsq`, `inv`, `pinv`, `det`, `logdet`, `slogdet`, and
//! [`solve_system`], the one solver behind `solve(A, b)` (and meant for `A \ b`).
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

use faer::{Mat, MatRef};

use super::super::Call;
use super::check::{self, shape};
use super::dense::{self, Lu, Vectors};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::host::Host;
use crate::source::Span;
use crate::value::Value;

/// x with A·x = b: LU with partial pivoting for a square A (an error for an exactly
/// singular A, a warning when its reciprocal condition estimate is below machine epsilon),
/// the minimum-norm least-squares solution for a non-square A (a warning when A is
/// numerically rank deficient). `a_span` is where A is written. A and b must have the same
/// number of rows. NaN or Inf in A gives NaN.
pub fn solve_system(
    a: MatRef<'_, f64>,
    b: MatRef<'_, f64>,
    a_span: Span,
    host: &mut Host,
) -> Fallible<Mat<f64>> {
    let (m, n) = a.shape();
    if m == n {
        if n == 0 {
            return Ok(Mat::zeros(0, b.ncols()));
        }
        let lu = Lu::factor(a);
        if let Some(k) = lu.zero_pivot() {
            return Err(check::singular(a_span, shape(a), k + 1));
        }
        let (x, rcond) = lu.solve_with_rcond(b, norm1(a));
        check::warn_if_ill_conditioned(host, a_span, shape(a), rcond);
        return Ok(x);
    }
    if !check::all_finite(a) {
        return Ok(Mat::from_fn(n, b.ncols(), |_, _| f64::NAN));
    }
    let Some(ls) = min_norm_lstsq(a, b, None) else {
        return Ok(Mat::from_fn(n, b.ncols(), |_, _| f64::NAN));
    };
    let smallest = ls.s.last().copied().unwrap_or(0.0);
    let largest = ls.s.first().copied().unwrap_or(0.0);
    let rcond = if largest > 0.0 {
        smallest / largest
    } else {
        0.0
    };
    if m.min(n) > 0 && rcond < check::EPS {
        host.warn(
            Diagnostic::warning(
                ErrorKind::Singular,
                a_span,
                format!(
                    "matrix is rank deficient: reciprocal condition number ≈ {}",
                    check::short_exp(rcond)
                ),
            )
            .label(
                a_span,
                format!(
                    "this {} matrix has rank {} of {}",
                    shape(a),
                    ls.rank,
                    m.min(n)
                ),
            )
            .note("the result is the minimum-norm least-squares solution"),
        );
    }
    Ok(ls.x)
}

/// The 1-norm (largest column sum of magnitudes).
pub fn norm1(a: MatRef<'_, f64>) -> f64 {
    (0..a.ncols())
        .map(|j| a.col(j).norm_l1())
        .fold(
            0.0,
            |m: f64, c| if c.is_nan() { f64::NAN } else { m.max(c) },
        )
}

/// A least-squares solution with the singular values it came from.
pub struct LeastSquares {
    /// The minimum-norm solution.
    pub x: Mat<f64>,
    /// How many singular values were above the tolerance.
    pub rank: usize,
    /// All singular values, largest first.
    pub s: Vec<f64>,
}

/// The minimum-norm x minimising ‖A·x − b‖ through the thin SVD: singular values at or
/// below `tol` (default max(m, n)·eps·σ₁) count as zero. `None` if the SVD fails.
pub fn min_norm_lstsq(
    a: MatRef<'_, f64>,
    b: MatRef<'_, f64>,
    tol: Option<f64>,
) -> Option<LeastSquares> {
    let (m, n) = a.shape();
    let d = dense::svd(a, Vectors::Thin).ok()?;
    let tol = tol.unwrap_or_else(|| check::default_tolerance(m, n, &d.s));
    let rank = d.s.iter().take_while(|&&s| s > tol).count();
    // x = V_r · diag(1/σ) · U_rᵀ · b
    let ut_b = crate::ops::product::matmul_ref(d.u.as_ref().subcols(0, rank).transpose(), b);
    let scaled = Mat::from_fn(rank, b.ncols(), |i, j| ut_b[(i, j)] / d.s[i]);
    let x = crate::ops::product::matmul_ref(d.v.as_ref().subcols(0, rank), scaled.as_ref());
    Some(LeastSquares { x, rank, s: d.s })
}

/// A matrix argument, shared with the caller's value.
type Shared = std::sync::Arc<Mat<f64>>;

/// Checks that A (argument 0) and b (argument 1) have the same number of rows.
fn rows_agree(call: &Call) -> Fallible<()> {
    let (sa, sb) = (call.arg(0)?.value.shape(), call.arg(1)?.value.shape());
    if sa.rows == sb.rows {
        return Ok(());
    }
    let (la, lb) = (call.arg(0)?.span, call.arg(1)?.span);
    Err(Diagnostic::error(
        ErrorKind::Shape,
        lb,
        format!(
            "`{}` needs b to have as many rows as A, but the shapes are {sa} and {sb}",
            call.name
        ),
    )
    .label(la, format!("A is {sa}: {} rows", sa.rows))
    .label(lb, format!("b is {sb}: {} rows", sb.rows))
    .help(format!(
        "{}(A, b) finds x with A·x = b, so b needs one row per row of A",
        call.name
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

/// `solve(A, b)`: the same as `A \ b`, for real and (square) complex systems.
pub fn solve(call: &mut Call) -> Fallible<Option<Value>> {
    if complex_arg(call, 0) || complex_arg(call, 1) {
        rows_agree(call)?;
        return super::complex::solve(call).map(Some);
    }
    let (a, b) = system(call)?;
    let span = call.arg(0)?.span;
    let x = solve_system(a.as_ref().as_ref(), b.as_ref().as_ref(), span, call.host)?;
    Ok(Some(Value::from_mat(x)))
}

/// `lstsq(A, b[, tol])`: the minimum-norm least-squares solution, for any finite A (NaN
/// or Inf in b propagates to x).
pub fn lstsq(call: &mut Call) -> Fallible<Option<Value>> {
    let (a, b) = system(call)?;
    let tol = check::tolerance(call, 2)?;
    check::finite(call, 0, &a)?;
    let (m, n) = a.shape();
    if m == 0 || n == 0 {
        return Ok(Some(Value::from_mat(Mat::zeros(n, b.ncols()))));
    }
    let ls = min_norm_lstsq(a.as_ref().as_ref(), b.as_ref().as_ref(), tol)
        .ok_or_else(|| check::no_convergence(call, 0))?;
    Ok(Some(Value::from_mat(ls.x)))
}

/// `inv(A)`: the inverse; `inv(x)` is `1/x`.
pub fn inv(call: &mut Call) -> Fallible<Option<Value>> {
    if let Some(x) = call.arg(0)?.value.as_scalar() {
        if x == 0.0 {
            let span = call.arg(0)?.span;
            return Err(
                Diagnostic::error(ErrorKind::Singular, span, "zero has no inverse")
                    .label(span, "this is 0")
                    .boxed(),
            );
        }
        return Ok(Some(Value::Scalar(1.0 / x)));
    }
    if complex_arg(call, 0) {
        return super::complex::inv(call).map(Some);
    }
    let a = check::real_matrix(call, 0)?;
    let n = check::square(call, 0, &a)?;
    if n == 0 {
        return Ok(Some(Value::from_mat(Mat::zeros(0, 0))));
    }
    let span = call.arg(0)?.span;
    let lu = Lu::factor(a.as_ref().as_ref());
    if let Some(k) = lu.zero_pivot() {
        return Err(Diagnostic::error(
            ErrorKind::Singular,
            span,
            format!("matrix is singular: pivot {} is zero", k + 1),
        )
        .label(
            span,
            format!("this {} matrix is singular", shape(a.as_ref().as_ref())),
        )
        .help("a singular matrix has no inverse: its rows are linearly dependent")
        .boxed());
    }
    let inverse = lu.inverse();
    // With the inverse at hand its 1-norm is exact and costs one pass: no estimate needed.
    let rcond = 1.0 / (norm1(a.as_ref().as_ref()) * norm1(inverse.as_ref()));
    check::warn_if_ill_conditioned(call.host, span, shape(a.as_ref().as_ref()), rcond);
    Ok(Some(Value::from_mat(inverse)))
}

/// `pinv(A[, tol])`: the Moore–Penrose pseudo-inverse through the SVD.
pub fn pinv(call: &mut Call) -> Fallible<Option<Value>> {
    if complex_arg(call, 0) {
        return complex_pinv(call);
    }
    let a = check::real_matrix(call, 0)?;
    let tol = check::tolerance(call, 1)?;
    check::finite(call, 0, &a)?;
    let (m, n) = a.shape();
    if m == 0 || n == 0 {
        return Ok(Some(Value::from_mat(Mat::zeros(n, m))));
    }
    let d = dense::svd(a.as_ref().as_ref(), Vectors::Thin)
        .map_err(|_| check::no_convergence(call, 0))?;
    let tol = tol.unwrap_or_else(|| check::default_tolerance(m, n, &d.s));
    let rank = d.s.iter().take_while(|&&s| s > tol).count();
    let v_scaled = Mat::from_fn(n, rank, |i, j| d.v[(i, j)] / d.s[j]);
    let p = crate::ops::product::matmul_ref(
        v_scaled.as_ref(),
        d.u.as_ref().subcols(0, rank).transpose(),
    );
    Ok(Some(Value::from_mat(p)))
}

/// `pinv` of a complex matrix: V·diag(1/s)·Uᴴ over the singular values above the
/// tolerance, as for a real one.
fn complex_pinv(call: &mut Call) -> Fallible<Option<Value>> {
    let tol = check::tolerance(call, 1)?;
    let a = check::finite_complex(call, 0)?;
    let (m, n) = a.shape();
    if m == 0 || n == 0 {
        return Ok(Some(Value::from_mat(Mat::zeros(n, m))));
    }
    let d = dense::svd(a.as_ref(), Vectors::Thin).map_err(|_| check::no_convergence(call, 0))?;
    let tol = tol.unwrap_or_else(|| check::default_tolerance(m, n, &d.s));
    let rank = d.s.iter().take_while(|&&s| s > tol).count();
    let v_scaled = Mat::from_fn(n, rank, |i, j| d.v[(i, j)] / d.s[j]);
    let p = v_scaled.as_ref() * d.u.as_ref().subcols(0, rank).adjoint();
    Ok(Some(Value::from_cmat(p)))
}

/// `det(A)`: the determinant; `det(x)` is `x`, and the empty matrix has determinant 1.
pub fn det(call: &mut Call) -> Fallible<Option<Value>> {
    if complex_arg(call, 0) {
        return super::complex::det(call).map(Some);
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

/// sign(det A) and log|det A| of argument 0.
fn sign_and_log(call: &Call) -> Fallible<(f64, f64)> {
    let a = check::real_matrix(call, 0)?;
    let n = check::square(call, 0, &a)?;
    if n == 0 {
        return Ok((1.0, 0.0));
    }
    Ok(Lu::factor(a.as_ref().as_ref()).sign_and_log_abs_det())
}

/// `logdet(A)`: log(det(A)) without overflow; -Inf for a singular A, an error for a
/// negative determinant.
pub fn logdet(call: &mut Call) -> Fallible<Option<Value>> {
    let (sign, log) = sign_and_log(call)?;
    if sign < 0.0 {
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

/// `slogdet(A)`: `s, l = slogdet(A)` gives sign(det A) and log|det A|; as one value, the
/// row `[[s, l]]`.
pub fn slogdet(call: &mut Call) -> Fallible<Option<Value>> {
    let (sign, log) = sign_and_log(call)?;
    if call.outputs >= 2 {
        return Ok(Some(check::tuple(vec![
            Value::Scalar(sign),
            Value::Scalar(log),
        ])));
    }
    Ok(Some(Value::from_mat(Mat::from_fn(1, 2, |_, j| {
        if j == 0 {
            sign
        } else {
            log
        }
    }))))
}
