//! Matrix products of real or complex views whose inner dimensions agree.

use faer::linalg::matmul::matmul as faer_matmul;
use faer::{Accum, Mat, MatRef};

use super::entry::Entry;
use super::parallel::Job;

/// Up to this many multiply-adds a product is a plain loop: it beats faer's dispatch for
/// tiny operands (the 3×3 products of a scripted loop).
const SMALL_PRODUCT: usize = 32 * 32 * 32;

/// A·B for views whose inner dimensions agree (callers check the shapes first).
pub fn matmul<T: Entry>(a: MatRef<'_, T>, b: MatRef<'_, T>) -> Mat<T> {
    let (m, k, n) = (a.nrows(), a.ncols(), b.ncols());
    let job = Job::Product { m, k, n };
    if m.saturating_mul(k).saturating_mul(n) <= SMALL_PRODUCT {
        return Mat::from_fn(m, n, |i, j| {
            let mut acc = T::real(0.0);
            for p in 0..k {
                acc += a[(i, p)] * b[(p, j)];
            }
            acc
        });
    }
    let mut out = Mat::zeros(m, n);
    faer_matmul(
        out.as_mut(),
        Accum::Replace,
        a,
        b,
        T::real(1.0),
        job.parallelism(),
    );
    out
}
