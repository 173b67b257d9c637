//! QR and Cholesky factorizations of real or complex matrices.

use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::cholesky::llt::factor as llt;
use faer::linalg::householder;
use faer::linalg::qr::no_pivoting::factor as qr;
use faer::{Conj, Mat, MatRef, Par};

use super::entry::Entry;
use super::parallel::Job;

/// A = Q·R by Householder reflections, Q kept as reflectors until asked for; real
/// (`T = f64`) or complex (`T = c64`, Q unitary).
pub struct Qr<T = f64> {
    factors: Mat<T>,
    coeff: Mat<T>,
    par: Par,
}

impl<T: Entry> Qr<T> {
    /// Factors any matrix with at least one row and one column.
    pub fn factor(a: MatRef<'_, T>) -> Qr<T> {
        let (m, n) = a.shape();
        let par = Job::Factorization { order: m.max(n) }.parallelism();
        let block = qr::recommended_block_size::<T>(m, n);
        let mut factors = a.to_owned();
        let mut coeff = Mat::zeros(block, m.min(n));
        let scratch = qr::qr_in_place_scratch::<T>(m, n, block, par, Default::default());
        qr::qr_in_place(
            factors.as_mut(),
            coeff.as_mut(),
            par,
            MemStack::new(&mut MemBuffer::new(scratch)),
            Default::default(),
        );
        Qr {
            factors,
            coeff,
            par,
        }
    }

    /// The first `cols` columns of Q (m for the full Q, min(m, n) for the economy form).
    pub fn q(&self, cols: usize) -> Mat<T> {
        let m = self.factors.nrows();
        let mut q = Mat::<T>::identity(m, cols);
        let scratch = householder::apply_block_householder_sequence_on_the_left_in_place_scratch::<T>(
            m,
            self.coeff.nrows(),
            cols,
        );
        householder::apply_block_householder_sequence_on_the_left_in_place_with_conj(
            self.factors.as_ref(),
            self.coeff.as_ref(),
            Conj::No,
            q.as_mut(),
            self.par,
            MemStack::new(&mut MemBuffer::new(scratch)),
        );
        q
    }

    /// The first `rows` rows of R (m for the full R, min(m, n) for the economy form).
    pub fn r(&self, rows: usize) -> Mat<T> {
        let n = self.factors.ncols();
        Mat::from_fn(rows, n, |i, j| {
            if i <= j {
                self.factors[(i, j)]
            } else {
                T::real(0.0)
            }
        })
    }
}

/// The upper Cholesky factor R with A = Rᴴ·R (Rᵀ·R when real), read from A's lower
/// triangle; the 0-based index of the first pivot that is not positive when A is not
/// positive definite.
pub fn cholesky_upper<T: Entry>(a: MatRef<'_, T>) -> Result<Mat<T>, usize> {
    let n = a.nrows();
    let par = Job::Factorization { order: n }.parallelism();
    let zero = T::real(0.0);
    let mut l = Mat::from_fn(n, n, |i, j| if i >= j { a[(i, j)] } else { zero });
    let scratch = llt::cholesky_in_place_scratch::<T>(n, par, Default::default());
    match llt::cholesky_in_place(
        l.as_mut(),
        Default::default(),
        par,
        MemStack::new(&mut MemBuffer::new(scratch)),
        Default::default(),
    ) {
        Ok(_) => Ok(Mat::from_fn(n, n, |i, j| {
            if i <= j {
                l[(j, i)].conjugate()
            } else {
                zero
            }
        })),
        Err(llt::LltError::NonPositivePivot { index }) => Err(index),
    }
}
