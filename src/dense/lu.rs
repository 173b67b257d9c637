//! LU with partial pivoting of real or complex matrices, and what is computed from the
//! factors: solves (plain and conjugate-transposed), the inverse, the determinant, and
//! LAPACK's reciprocal condition estimate.

use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::lu::partial_pivoting::{factor as lu, inverse as lu_inverse, solve as lu_solve};
use faer::perm::PermRef;
use faer::{Conj, Mat, MatRef, Par};

use super::entry::Entry;
use super::parallel::Job;

/// Right-hand sides up to this many are solved on one thread: a few columns are a
/// matrix-vector-like sweep that threads only slow down.
const FEW_COLUMNS: usize = 8;

/// The two vectors the condition estimator starts from, as columns: all 1/n (Hager), and
/// Higham's alternating 1, −(1 + 1/(n−1)), 1 + 2/(n−1), ...
fn estimator_starts<T: Entry>(n: usize) -> Mat<T> {
    Mat::from_fn(n, 2, |i, j| {
        T::real(if j == 0 {
            1.0 / n as f64
        } else {
            let sign = if i % 2 == 0 { 1.0 } else { -1.0 };
            sign * (1.0 + i as f64 / (n.max(2) - 1) as f64)
        })
    })
}

/// An m×n matrix factored in place as P·A = L·U with partial pivoting (L unit lower, U
/// upper, both stored in `factors`).
pub struct Lu<T = f64> {
    factors: Mat<T>,
    perm_fwd: Vec<usize>,
    perm_bwd: Vec<usize>,
    transpositions: usize,
    par: Par,
}

impl<T: Entry> Lu<T> {
    /// Factors any matrix (square or not, possibly empty).
    pub fn factor(a: MatRef<'_, T>) -> Lu<T> {
        let (m, n) = a.shape();
        let par = Job::Factorization { order: m.max(n) }.parallelism();
        let mut factors = a.to_owned();
        let mut perm_fwd = vec![0usize; m];
        let mut perm_bwd = vec![0usize; m];
        let scratch = lu::lu_in_place_scratch::<usize, T>(m, n, par, Default::default());
        let (info, _) = lu::lu_in_place(
            factors.as_mut(),
            &mut perm_fwd,
            &mut perm_bwd,
            par,
            MemStack::new(&mut MemBuffer::new(scratch)),
            Default::default(),
        );
        Lu {
            factors,
            perm_fwd,
            perm_bwd,
            transpositions: info.transposition_count,
            par,
        }
    }

    fn order(&self) -> usize {
        self.factors.nrows().min(self.factors.ncols())
    }

    /// L: m×min(m, n), unit lower triangular.
    pub fn l(&self) -> Mat<T> {
        let (m, k) = (self.factors.nrows(), self.order());
        Mat::from_fn(m, k, |i, j| match i.cmp(&j) {
            std::cmp::Ordering::Greater => self.factors[(i, j)],
            std::cmp::Ordering::Equal => T::real(1.0),
            std::cmp::Ordering::Less => T::real(0.0),
        })
    }

    /// U: min(m, n)×n, upper triangular.
    pub fn u(&self) -> Mat<T> {
        let (k, n) = (self.order(), self.factors.ncols());
        Mat::from_fn(k, n, |i, j| {
            if i <= j {
                self.factors[(i, j)]
            } else {
                T::real(0.0)
            }
        })
    }

    /// The m×m permutation matrix P with P·A = L·U.
    pub fn p(&self) -> Mat<f64> {
        let m = self.factors.nrows();
        let mut p = Mat::zeros(m, m);
        for (i, &row) in self.perm_fwd.iter().enumerate() {
            p[(i, row)] = 1.0;
        }
        p
    }
}

impl<T: Entry> Lu<T> {
    /// The 0-based index of the first exactly zero pivot of U, if any.
    pub fn zero_pivot(&self) -> Option<usize> {
        (0..self.order()).find(|&k| self.factors[(k, k)] == T::real(0.0))
    }

    /// The determinant of a square A: the product of the pivots, signed by the
    /// permutation's parity.
    pub fn determinant(&self) -> T {
        let product = (0..self.order()).fold(T::real(1.0), |p, k| p * self.factors[(k, k)]);
        T::real(self.parity()) * product
    }

    fn parity(&self) -> f64 {
        if self.transpositions.is_multiple_of(2) {
            1.0
        } else {
            -1.0
        }
    }

    fn perm(&self) -> PermRef<'_, usize> {
        // Checked by `new_checked`; the arrays come straight from `lu_in_place`.
        PermRef::new_checked(&self.perm_fwd, &self.perm_bwd, self.factors.nrows())
    }

    /// X with A·X = B (square A without zero pivots, B with A's row count).
    pub fn solve(&self, b: MatRef<'_, T>) -> Mat<T> {
        self.solve_impl(b, false)
    }

    /// X with Aᴴ·X = B (Aᵀ for a real A).
    pub fn solve_adjoint(&self, b: MatRef<'_, T>) -> Mat<T> {
        self.solve_impl(b, true)
    }

    fn solve_impl(&self, b: MatRef<'_, T>, adjoint: bool) -> Mat<T> {
        let n = self.factors.nrows();
        let mut x = b.to_owned();
        let lu = self.factors.as_ref();
        let par = if b.ncols() <= FEW_COLUMNS {
            Par::Seq
        } else {
            self.par
        };
        let stack = &mut MemBuffer::new(lu_solve::solve_in_place_scratch::<usize, T>(
            n,
            b.ncols(),
            par,
        ));
        if adjoint {
            lu_solve::solve_transpose_in_place_with_conj(
                lu,
                lu,
                self.perm(),
                Conj::Yes,
                x.as_mut(),
                par,
                MemStack::new(stack),
            );
        } else {
            lu_solve::solve_in_place(lu, lu, self.perm(), x.as_mut(), par, MemStack::new(stack));
        }
        x
    }

    /// A⁻¹ of a square A without zero pivots.
    pub fn inverse(&self) -> Mat<T> {
        let n = self.factors.nrows();
        let mut out = Mat::zeros(n, n);
        let scratch = lu_inverse::inverse_scratch::<usize, T>(n, self.par);
        lu_inverse::inverse(
            out.as_mut(),
            self.factors.as_ref(),
            self.factors.as_ref(),
            self.perm(),
            self.par,
            MemStack::new(&mut MemBuffer::new(scratch)),
        );
        out
    }

    /// X with A·X = B, and an estimate of the reciprocal condition number 1/(‖A‖₁·‖A⁻¹‖₁)
    /// of the square A whose 1-norm is `norm1`, as LAPACK's `dgecon` computes it: ‖A⁻¹‖₁
    /// comes from Hager's method (with Higham's extra test vector), a few solves with the
    /// factors instead of the O(n³) inverse; 0 for a zero pivot, NaN when A holds NaN. The
    /// estimator's first two solves ride along with B's columns, so the factors are read
    /// once for all of them: a solve reads its factors from memory, and at n = 1000 each
    /// extra pass costs about as much as the whole solve of B.
    pub fn solve_with_rcond(&self, b: MatRef<'_, T>, norm1: f64) -> (Mat<T>, f64) {
        let (n, k) = (self.factors.nrows(), b.ncols());
        let starts = estimator_starts::<T>(n);
        let rhs = Mat::from_fn(
            n,
            k + 2,
            |i, j| {
                if j < k {
                    b[(i, j)]
                } else {
                    starts[(i, j - k)]
                }
            },
        );
        let solved = self.solve(rhs.as_ref());
        let x = solved.as_ref().subcols(0, k).to_owned();
        let rcond = self.rcond_from(norm1, solved.as_ref().subcols(k, 2));
        (x, rcond)
    }

    /// The condition estimate given A⁻¹ applied to the two `estimator_starts` columns.
    fn rcond_from(&self, norm1: f64, starts: MatRef<'_, T>) -> f64 {
        let n = self.factors.nrows();
        if n == 0 {
            return f64::INFINITY;
        }
        if self.zero_pivot().is_some() {
            return 0.0;
        }
        if norm1 == 0.0 {
            return 0.0;
        }
        let inverse_norm = self.inverse_norm1_estimate(starts);
        if inverse_norm.is_nan() || norm1.is_nan() {
            return f64::NAN;
        }
        1.0 / (norm1 * inverse_norm)
    }

    /// Hager's iteration for ‖A⁻¹‖₁, started from A⁻¹·(1/n, ..., 1/n) (column 0 of
    /// `starts`), and Higham's alternating vector (A⁻¹ of it in column 1).
    fn inverse_norm1_estimate(&self, starts: MatRef<'_, T>) -> f64 {
        let n = self.factors.nrows();
        let norm1 = |m: MatRef<'_, T>| (0..n).map(|i| m[(i, 0)].magnitude()).sum::<f64>();
        let mut x = vec![T::real(1.0 / n as f64); n];
        let mut y = starts.subcols(0, 1).to_owned();
        let mut estimate = 0.0_f64;
        let mut last_index = usize::MAX;
        for iteration in 0..5 {
            if iteration > 0 {
                y = self.solve(Mat::from_fn(n, 1, |i, _| x[i]).as_ref());
            }
            let y_norm = norm1(y.as_ref());
            if y_norm <= estimate {
                break;
            }
            estimate = y_norm;
            let signs = Mat::from_fn(n, 1, |i, _| y[(i, 0)].unit());
            let z = self.solve_adjoint(signs.as_ref());
            let (index, largest) =
                (0..n)
                    .map(|i| (i, z[(i, 0)].magnitude()))
                    .fold(
                        (0, -1.0),
                        |best, cur| if cur.1 > best.1 { cur } else { best },
                    );
            let z_dot_x: f64 = (0..n).map(|i| (z[(i, 0)].conjugate() * x[i]).re()).sum();
            if largest <= z_dot_x || index == last_index || largest.is_nan() {
                break;
            }
            last_index = index;
            x = vec![T::real(0.0); n];
            x[index] = T::real(1.0);
        }
        // Higham's alternating vector catches matrices that fool the iteration.
        let w = starts.subcols(1, 1);
        estimate.max(2.0 * norm1(w) / (3.0 * n as f64))
    }
}

impl Lu<faer::c64> {
    /// det A/|det A| and log|det A| without overflow: (0, -∞) for a singular matrix.
    pub fn phase_and_log_abs_det(&self) -> (faer::c64, f64) {
        let mut phase = faer::c64::new(self.parity(), 0.0);
        let mut log = 0.0;
        for k in 0..self.order() {
            let pivot = self.factors[(k, k)];
            if pivot.nan() {
                return (faer::c64::new(f64::NAN, f64::NAN), f64::NAN);
            }
            if pivot == faer::c64::new(0.0, 0.0) {
                return (faer::c64::new(0.0, 0.0), f64::NEG_INFINITY);
            }
            phase *= pivot.unit();
            log += pivot.norm().ln();
        }
        (phase, log)
    }
}

impl Lu<f64> {
    /// sign(det A) and log|det A| without overflow: (0, -∞) for a singular matrix.
    pub fn sign_and_log_abs_det(&self) -> (f64, f64) {
        let mut sign = self.parity();
        let mut log = 0.0;
        for k in 0..self.order() {
            let pivot = self.factors[(k, k)];
            if pivot.is_nan() {
                return (f64::NAN, f64::NAN);
            }
            if pivot == 0.0 {
                return (0.0, f64::NEG_INFINITY);
            }
            sign *= pivot.signum();
            log += pivot.abs().ln();
        }
        (sign, log)
    }
}
