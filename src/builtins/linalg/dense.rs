//! faer's dense factorizations behind small wrappers that pick the parallelism by problem
//! size and hand faer only shapes it accepts.
//!
//! faer panics on every dimension mismatch and its convenience methods use the global
//! thread pool even for a 3×3 matrix, so the builtins call these instead. Callers check
//! shapes (square where needed) and finiteness (SVD and eigen fail on NaN) before calling.

use faer::diag::Diag;
use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::cholesky::llt::factor as llt;
use faer::linalg::evd;
use faer::linalg::householder;
use faer::linalg::lu::partial_pivoting::{factor as lu, inverse as lu_inverse, solve as lu_solve};
use faer::linalg::qr::no_pivoting::factor as qr;
use faer::linalg::svd as fsvd;
use faer::perm::PermRef;
use faer::{c64, Conj, Mat, MatRef, Par};

/// Below this order factorizations run on one thread: starting threads costs more than it
/// saves (measured on 2 cores: two threads lose to one for LU, eig and SVD at n = 500, and
/// win for LU, inverse and symmetric eig at n = 1000).
const PARALLEL_ORDER: usize = 768;

/// Right-hand sides up to this many are solved on one thread.
const FEW_COLUMNS: usize = 8;

/// The two vectors the condition estimator starts from, as columns: all 1/n (Hager), and
/// Higham's alternating 1, −(1 + 1/(n−1)), 1 + 2/(n−1), ...
fn estimator_starts(n: usize) -> Mat<f64> {
    Mat::from_fn(n, 2, |i, j| {
        if j == 0 {
            1.0 / n as f64
        } else {
            let sign = if i % 2 == 0 { 1.0 } else { -1.0 };
            sign * (1.0 + i as f64 / (n.max(2) - 1) as f64)
        }
    })
}

/// The parallelism for a factorization of a matrix whose larger side is `order`.
pub fn parallelism(order: usize) -> Par {
    if order < PARALLEL_ORDER {
        Par::Seq
    } else {
        Par::rayon(0)
    }
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

impl<T: faer::traits::ComplexField<Real = f64>> Lu<T> {
    /// Factors any matrix (square or not, possibly empty).
    pub fn factor(a: MatRef<'_, T>) -> Lu<T> {
        let (m, n) = a.shape();
        let par = parallelism(m.max(n));
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
            std::cmp::Ordering::Greater => self.factors[(i, j)].clone(),
            std::cmp::Ordering::Equal => T::one_impl(),
            std::cmp::Ordering::Less => T::zero_impl(),
        })
    }

    /// U: min(m, n)×n, upper triangular.
    pub fn u(&self) -> Mat<T> {
        let (k, n) = (self.order(), self.factors.ncols());
        Mat::from_fn(k, n, |i, j| {
            if i <= j {
                self.factors[(i, j)].clone()
            } else {
                T::zero_impl()
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

impl Lu {
    /// The 0-based index of the first exactly zero pivot of U, if any.
    pub fn zero_pivot(&self) -> Option<usize> {
        (0..self.order()).find(|&k| self.factors[(k, k)] == 0.0)
    }

    /// The determinant of a square A: the product of the pivots, signed by the
    /// permutation's parity.
    pub fn determinant(&self) -> f64 {
        let product: f64 = (0..self.order()).map(|k| self.factors[(k, k)]).product();
        self.parity() * product
    }

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
    pub fn solve(&self, b: MatRef<'_, f64>) -> Mat<f64> {
        self.solve_impl(b, false)
    }

    /// X with Aᵀ·X = B.
    pub fn solve_transpose(&self, b: MatRef<'_, f64>) -> Mat<f64> {
        self.solve_impl(b, true)
    }

    fn solve_impl(&self, b: MatRef<'_, f64>, transpose: bool) -> Mat<f64> {
        let n = self.factors.nrows();
        let mut x = b.to_owned();
        let lu = self.factors.as_ref();
        // A few right-hand sides are a matrix-vector-like sweep that threads only slow down.
        let par = if b.ncols() <= FEW_COLUMNS {
            Par::Seq
        } else {
            self.par
        };
        let stack = &mut MemBuffer::new(lu_solve::solve_in_place_scratch::<usize, f64>(
            n,
            b.ncols(),
            par,
        ));
        if transpose {
            lu_solve::solve_transpose_in_place(
                lu,
                lu,
                self.perm(),
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
    pub fn inverse(&self) -> Mat<f64> {
        let n = self.factors.nrows();
        let mut out = Mat::zeros(n, n);
        let scratch = lu_inverse::inverse_scratch::<usize, f64>(n, self.par);
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
    pub fn solve_with_rcond(&self, b: MatRef<'_, f64>, norm1: f64) -> (Mat<f64>, f64) {
        let (n, k) = (self.factors.nrows(), b.ncols());
        let starts = estimator_starts(n);
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
    fn rcond_from(&self, norm1: f64, starts: MatRef<'_, f64>) -> f64 {
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
    fn inverse_norm1_estimate(&self, starts: MatRef<'_, f64>) -> f64 {
        let n = self.factors.nrows();
        let norm1 = |m: MatRef<'_, f64>| (0..n).map(|i| m[(i, 0)].abs()).sum::<f64>();
        let mut x = vec![1.0 / n as f64; n];
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
            let signs = Mat::from_fn(n, 1, |i, _| if y[(i, 0)] >= 0.0 { 1.0 } else { -1.0 });
            let z = self.solve_transpose(signs.as_ref());
            let (index, largest) =
                (0..n)
                    .map(|i| (i, z[(i, 0)].abs()))
                    .fold(
                        (0, -1.0),
                        |best, cur| if cur.1 > best.1 { cur } else { best },
                    );
            let z_dot_x: f64 = (0..n).map(|i| z[(i, 0)] * x[i]).sum();
            if largest <= z_dot_x || index == last_index || largest.is_nan() {
                break;
            }
            last_index = index;
            x = vec![0.0; n];
            x[index] = 1.0;
        }
        // Higham's alternating vector catches matrices that fool the iteration.
        let w = starts.subcols(1, 1);
        estimate.max(2.0 * norm1(w) / (3.0 * n as f64))
    }
}

/// A = Q·R by Householder reflections, Q kept as reflectors until asked for; real
/// (`T = f64`) or complex (`T = c64`, Q unitary).
pub struct Qr<T = f64> {
    factors: Mat<T>,
    coeff: Mat<T>,
    par: Par,
}

impl<T: faer::traits::ComplexField<Real = f64>> Qr<T> {
    /// Factors any matrix with at least one row and one column.
    pub fn factor(a: MatRef<'_, T>) -> Qr<T> {
        let (m, n) = a.shape();
        let par = parallelism(m.max(n));
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
                self.factors[(i, j)].clone()
            } else {
                T::zero_impl()
            }
        })
    }
}

/// Which singular vectors to compute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vectors {
    /// Singular values only.
    None,
    /// The first min(m, n) columns of U and V.
    Thin,
    /// All of U (m×m) and V (n×n).
    Full,
}

/// A = U·diag(s)·Vᴴ with s descending, for real (`T = f64`) or complex (`T = c64`) A.
pub struct Svd<T = f64> {
    /// Singular values, largest first.
    pub s: Vec<f64>,
    /// Left singular vectors, when asked for.
    pub u: Mat<T>,
    /// Right singular vectors, when asked for.
    pub v: Mat<T>,
}

/// The SVD of a finite real or complex matrix; `Err` when faer's iteration does not
/// converge.
pub fn svd<T: faer::traits::ComplexField<Real = f64>>(
    a: MatRef<'_, T>,
    vectors: Vectors,
) -> Result<Svd<T>, fsvd::SvdError> {
    let (m, n) = a.shape();
    let k = m.min(n);
    let par = parallelism(m.max(n));
    let (u_cols, v_cols, compute) = match vectors {
        Vectors::None => (0, 0, fsvd::ComputeSvdVectors::No),
        Vectors::Thin => (k, k, fsvd::ComputeSvdVectors::Thin),
        Vectors::Full => (m, n, fsvd::ComputeSvdVectors::Full),
    };
    let mut s = Diag::<T>::zeros(k);
    let mut u = Mat::<T>::zeros(m, u_cols);
    let mut v = Mat::<T>::zeros(n, v_cols);
    if k == 0 {
        // Nothing to decompose: U and V are identities of their size.
        return Ok(Svd {
            s: Vec::new(),
            u: Mat::identity(m, u_cols),
            v: Mat::identity(n, v_cols),
        });
    }
    let scratch = fsvd::svd_scratch::<T>(m, n, compute, compute, par, Default::default());
    let want = vectors != Vectors::None;
    fsvd::svd(
        a,
        s.as_mut(),
        want.then_some(u.as_mut()),
        want.then_some(v.as_mut()),
        par,
        MemStack::new(&mut MemBuffer::new(scratch)),
        Default::default(),
    )?;
    let s = s
        .column_vector()
        .iter()
        .map(|x| T::real_part_impl(x))
        .collect();
    Ok(Svd { s, u, v })
}

/// The singular values of a finite matrix, largest first.
pub fn singular_values(a: MatRef<'_, f64>) -> Result<Vec<f64>, fsvd::SvdError> {
    svd(a, Vectors::None).map(|d| d.s)
}

/// The singular values of a finite complex matrix, largest first.
pub fn complex_singular_values(a: MatRef<'_, c64>) -> Result<Vec<f64>, fsvd::SvdError> {
    svd(a, Vectors::None).map(|d| d.s)
}

/// The upper Cholesky factor R with A = Rᵀ·R, read from A's lower triangle; the 0-based
/// index of the first pivot that is not positive when A is not positive definite.
pub fn cholesky_upper(a: MatRef<'_, f64>) -> Result<Mat<f64>, usize> {
    let n = a.nrows();
    let par = parallelism(n);
    let mut l = Mat::from_fn(n, n, |i, j| if i >= j { a[(i, j)] } else { 0.0 });
    let scratch = llt::cholesky_in_place_scratch::<f64>(n, par, Default::default());
    match llt::cholesky_in_place(
        l.as_mut(),
        Default::default(),
        par,
        MemStack::new(&mut MemBuffer::new(scratch)),
        Default::default(),
    ) {
        Ok(_) => Ok(Mat::from_fn(
            n,
            n,
            |i, j| if i <= j { l[(j, i)] } else { 0.0 },
        )),
        Err(llt::LltError::NonPositivePivot { index }) => Err(index),
    }
}

/// Eigenvalues (ascending) and, when asked, orthonormal eigenvectors of a symmetric
/// matrix, read from its lower triangle.
pub fn symmetric_eigen(
    a: MatRef<'_, f64>,
    vectors: bool,
) -> Result<(Vec<f64>, Mat<f64>), evd::EvdError> {
    let n = a.nrows();
    let par = parallelism(n);
    let mut s = Diag::<f64>::zeros(n);
    let mut u = Mat::<f64>::zeros(n, if vectors { n } else { 0 });
    if n == 0 {
        return Ok((Vec::new(), u));
    }
    let compute = if vectors {
        evd::ComputeEigenvectors::Yes
    } else {
        evd::ComputeEigenvectors::No
    };
    let scratch = evd::self_adjoint_evd_scratch::<f64>(n, compute, par, Default::default());
    evd::self_adjoint_evd(
        a,
        s.as_mut(),
        vectors.then_some(u.as_mut()),
        par,
        MemStack::new(&mut MemBuffer::new(scratch)),
        Default::default(),
    )?;
    Ok((s.column_vector().iter().copied().collect(), u))
}

/// Eigenvalues and, when asked, eigenvectors (each scaled to unit length) of a general
/// square matrix. Complex pairs come out conjugate, in faer's order.
pub fn general_eigen(
    a: MatRef<'_, f64>,
    vectors: bool,
) -> Result<(Vec<c64>, Mat<c64>), evd::EvdError> {
    let n = a.nrows();
    let par = parallelism(n);
    if n == 0 {
        return Ok((Vec::new(), Mat::zeros(0, 0)));
    }
    let mut re = Diag::<f64>::zeros(n);
    let mut im = Diag::<f64>::zeros(n);
    let mut u_real = Mat::<f64>::zeros(n, if vectors { n } else { 0 });
    let compute = if vectors {
        evd::ComputeEigenvectors::Yes
    } else {
        evd::ComputeEigenvectors::No
    };
    let scratch = evd::evd_scratch::<f64>(
        n,
        evd::ComputeEigenvectors::No,
        compute,
        par,
        Default::default(),
    );
    evd::evd_real(
        a,
        re.as_mut(),
        im.as_mut(),
        None,
        vectors.then_some(u_real.as_mut()),
        par,
        MemStack::new(&mut MemBuffer::new(scratch)),
        Default::default(),
    )?;
    let (re, im) = (re.column_vector(), im.column_vector());
    let values: Vec<c64> = (0..n).map(|j| c64::new(re[j], im[j])).collect();
    if !vectors {
        return Ok((values, Mat::zeros(n, 0)));
    }
    // A complex pair (λ, λ̄) is stored as two real columns: the real and imaginary parts of
    // λ's eigenvector.
    let mut u = Mat::<c64>::zeros(n, n);
    let mut j = 0;
    while j < n {
        if im[j] == 0.0 || j + 1 == n {
            for i in 0..n {
                u[(i, j)] = c64::new(u_real[(i, j)], 0.0);
            }
            j += 1;
        } else {
            for i in 0..n {
                let (x, y) = (u_real[(i, j)], u_real[(i, j + 1)]);
                u[(i, j)] = c64::new(x, y);
                // `+ 0.0` turns a -0 imaginary part into 0.
                u[(i, j + 1)] = c64::new(x, -y + 0.0);
            }
            j += 2;
        }
    }
    unit_columns(&mut u);
    Ok((values, u))
}

/// Scales each nonzero column of `u` to unit length.
fn unit_columns(u: &mut Mat<c64>) {
    for j in 0..u.ncols() {
        let length = (0..u.nrows())
            .map(|i| u[(i, j)].norm_sqr())
            .sum::<f64>()
            .sqrt();
        if length > 0.0 && length.is_finite() {
            for i in 0..u.nrows() {
                u[(i, j)] /= length;
            }
        }
    }
}

/// Eigenvalues and, when asked, unit-length eigenvectors of a finite square complex
/// matrix, in faer's order.
pub fn complex_eigen(
    a: MatRef<'_, c64>,
    vectors: bool,
) -> Result<(Vec<c64>, Mat<c64>), evd::EvdError> {
    let n = a.nrows();
    if n == 0 {
        return Ok((Vec::new(), Mat::zeros(0, 0)));
    }
    let par = parallelism(n);
    let mut s = Diag::<c64>::zeros(n);
    let mut u = Mat::<c64>::zeros(n, if vectors { n } else { 0 });
    let compute = if vectors {
        evd::ComputeEigenvectors::Yes
    } else {
        evd::ComputeEigenvectors::No
    };
    let scratch = evd::evd_scratch::<c64>(
        n,
        evd::ComputeEigenvectors::No,
        compute,
        par,
        Default::default(),
    );
    evd::evd_cplx(
        a,
        s.as_mut(),
        None,
        vectors.then_some(u.as_mut()),
        par,
        MemStack::new(&mut MemBuffer::new(scratch)),
        Default::default(),
    )?;
    unit_columns(&mut u);
    Ok((s.column_vector().iter().copied().collect(), u))
}
