//! Spectral decompositions: the SVD (real or complex), symmetric, general and complex
//! eigendecompositions.

use faer::diag::Diag;
use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::evd;
use faer::linalg::svd as fsvd;
use faer::{c64, Mat, MatRef};

use super::entry::Entry;
use super::parallel::Job;

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
pub fn svd<T: Entry>(a: MatRef<'_, T>, vectors: Vectors) -> Result<Svd<T>, fsvd::SvdError> {
    let (m, n) = a.shape();
    let k = m.min(n);
    let par = Job::Factorization { order: m.max(n) }.parallelism();
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

/// The singular values of a finite real or complex matrix, largest first.
pub fn singular_values<T: Entry>(a: MatRef<'_, T>) -> Result<Vec<f64>, fsvd::SvdError> {
    svd(a, Vectors::None).map(|d| d.s)
}

/// Eigenvalues (ascending) and, when asked, orthonormal eigenvectors of a symmetric
/// matrix, read from its lower triangle.
pub fn symmetric_eigen(
    a: MatRef<'_, f64>,
    vectors: bool,
) -> Result<(Vec<f64>, Mat<f64>), evd::EvdError> {
    let n = a.nrows();
    let par = Job::Factorization { order: n }.parallelism();
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
    let par = Job::Factorization { order: n }.parallelism();
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
    let par = Job::Factorization { order: n }.parallelism();
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
