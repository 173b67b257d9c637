//! [`solve_system`], the one solver behind `solve(A, b)`, `A \ b` and `B / A` (which
//! solves the transposed system), for real and complex matrices alike; the minimum-norm
//! least-squares solver behind it and `lstsq`; the 1-norm the condition estimate needs.

use faer::{Mat, MatRef};

use super::entry::Entry;
use super::lu::Lu;
use super::product::matmul;
use super::singular::{self, default_tolerance};
use super::spectral::{svd, Vectors};
use crate::diagnostic::Fallible;
use crate::host::Host;
use crate::source::Span;
use crate::value::Shape;

/// x with A·x = b: LU with partial pivoting for a square A (an error for an exactly
/// singular A, a warning when its reciprocal condition estimate is below machine epsilon),
/// the minimum-norm least-squares solution for a non-square A (a warning when A is
/// numerically rank deficient). `a_span` is where A is written. A and b must have the same
/// number of rows. NaN or Inf in A gives NaN.
pub fn solve_system<T: Entry>(
    a: MatRef<'_, T>,
    b: MatRef<'_, T>,
    a_span: Span,
    host: &mut Host,
) -> Fallible<Mat<T>> {
    let (m, n) = a.shape();
    let shape = Shape::new(m, n);
    if m == n {
        if n == 0 {
            return Ok(Mat::zeros(0, b.ncols()));
        }
        let lu = Lu::factor(a);
        if let Some(k) = lu.zero_pivot() {
            return Err(singular::singular(a_span, shape, k + 1));
        }
        let (x, rcond) = lu.solve_with_rcond(b, norm1(a));
        singular::warn_if_ill_conditioned(host, a_span, shape, rcond);
        return Ok(x);
    }
    let nan = || Mat::from_fn(n, b.ncols(), |_, _| T::real(f64::NAN));
    if !all_finite(a) {
        return Ok(nan());
    }
    let Some(ls) = min_norm_lstsq(a, b, None) else {
        return Ok(nan());
    };
    let smallest = ls.s.last().copied().unwrap_or(0.0);
    let largest = ls.s.first().copied().unwrap_or(0.0);
    let rcond = if largest > 0.0 {
        smallest / largest
    } else {
        0.0
    };
    singular::warn_if_rank_deficient(host, a_span, shape, ls.rank, rcond);
    Ok(ls.x)
}

/// True when no element is NaN or infinite.
pub fn all_finite<T: Entry>(a: MatRef<'_, T>) -> bool {
    (0..a.ncols()).all(|j| (0..a.nrows()).all(|i| a[(i, j)].finite()))
}

/// The 1-norm (largest column sum of magnitudes); NaN if any column sum is NaN.
pub fn norm1<T: Entry>(a: MatRef<'_, T>) -> f64 {
    (0..a.ncols())
        .map(|j| a.col(j).norm_l1())
        .fold(
            0.0,
            |m: f64, c| if c.is_nan() { f64::NAN } else { m.max(c) },
        )
}

/// A least-squares solution with the singular values it came from.
pub struct LeastSquares<T = f64> {
    /// The minimum-norm solution.
    pub x: Mat<T>,
    /// How many singular values were above the tolerance.
    pub rank: usize,
    /// All singular values, largest first.
    pub s: Vec<f64>,
}

/// The minimum-norm x minimising ‖A·x − b‖ through the thin SVD: singular values at or
/// below `tol` (default max(m, n)·eps·σ₁) count as zero. `None` if the SVD fails.
pub fn min_norm_lstsq<T: Entry>(
    a: MatRef<'_, T>,
    b: MatRef<'_, T>,
    tol: Option<f64>,
) -> Option<LeastSquares<T>> {
    let (m, n) = a.shape();
    let d = svd(a, Vectors::Thin).ok()?;
    let tol = tol.unwrap_or_else(|| default_tolerance(m, n, &d.s));
    let rank = d.s.iter().take_while(|&&s| s > tol).count();
    // x = V_r · diag(1/σ) · U_rᴴ · b
    let u_r = d.u.as_ref().subcols(0, rank);
    let ut_b = matmul(u_r.adjoint().to_owned().as_ref(), b);
    let scaled = Mat::from_fn(rank, b.ncols(), |i, j| ut_b[(i, j)] / T::real(d.s[i]));
    let x = matmul(d.v.as_ref().subcols(0, rank), scaled.as_ref());
    Some(LeastSquares { x, rank, s: d.s })
}
