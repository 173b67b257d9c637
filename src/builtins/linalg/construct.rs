//! Matrices built from others: `expm`, `null`, `orth`, `kron`, `cross`, `outer`.
//!
//! ```text
//! >> expm([[0, 1], [0, 0]])
//! ans = 2×2
//!    1   1
//!    0   1
//! >> cross([1, 0, 0], [0, 1, 0])
//! ans = 3×1
//!    0
//!    0
//!    1
//! ```

use faer::Mat;

use super::super::Call;
use super::check::{self, shape};
use super::dense::{self, Lu, Vectors};
use super::solve::norm1;
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::ops::product::matmul_ref;
use crate::value::Value;

/// `expm(A)`: the matrix exponential by scaling and squaring with a Padé approximant
/// (Higham 2005, the algorithm behind MATLAB's and SciPy's `expm`).
pub fn expm(call: &mut Call) -> Fallible<Option<Value>> {
    if let Some(x) = call.arg(0)?.value.as_scalar() {
        return Ok(Some(Value::Scalar(x.exp())));
    }
    let a = check::real_matrix(call, 0)?;
    let n = check::square(call, 0, &a)?;
    check::finite(call, 0, &a)?;
    if n == 0 {
        return Ok(Some(Value::from_mat(Mat::zeros(0, 0))));
    }
    Ok(Some(Value::from_mat(exponential(&a))))
}

/// Padé coefficients b₀..b_m for degrees 3, 5, 7, 9 and 13.
const PADE3: [f64; 4] = [120.0, 60.0, 12.0, 1.0];
const PADE5: [f64; 6] = [30240.0, 15120.0, 3360.0, 420.0, 30.0, 1.0];
const PADE7: [f64; 8] = [
    17297280.0, 8648640.0, 1995840.0, 277200.0, 25200.0, 1512.0, 56.0, 1.0,
];
const PADE9: [f64; 10] = [
    17643225600.0,
    8821612800.0,
    2075673600.0,
    302702400.0,
    30270240.0,
    2162160.0,
    110880.0,
    3960.0,
    90.0,
    1.0,
];
const PADE13: [f64; 14] = [
    64764752532480000.0,
    32382376266240000.0,
    7771770303897600.0,
    1187353796428800.0,
    129060195264000.0,
    10559470521600.0,
    670442572800.0,
    33522128640.0,
    1323241920.0,
    40840800.0,
    960960.0,
    16380.0,
    182.0,
    1.0,
];
/// The largest 1-norm for which each degree is accurate to double precision.
const THETA: [(f64, &[f64]); 4] = [
    (1.495585217958292e-2, &PADE3),
    (2.539_398_330_063_23e-1, &PADE5),
    (9.504178996162932e-1, &PADE7),
    (2.097847961257068e0, &PADE9),
];
const THETA13: f64 = 5.371920351148152;
/// More squarings than any 1-norm of finite elements needs (n·f64::MAX < 2^1100).
const MAX_SQUARINGS: f64 = 1100.0;
const TWO_TO_MINUS_64: f64 = 1.0 / 18446744073709551616.0;

fn exponential(a: &Mat<f64>) -> Mat<f64> {
    let norm = norm1(a.as_ref());
    for (theta, b) in THETA {
        if norm <= theta {
            return pade(a, b);
        }
    }
    // log2 of the norm, computed on A·2⁻⁶⁴ so that a 1-norm beyond f64::MAX still counts.
    let log2_norm =
        norm1(Mat::from_fn(a.nrows(), a.ncols(), |i, j| a[(i, j)] * TWO_TO_MINUS_64).as_ref())
            .log2()
            + 64.0;
    let squarings = (log2_norm - THETA13.log2())
        .ceil()
        .clamp(0.0, MAX_SQUARINGS) as i32;
    // Two half-steps, so 2^-squarings cannot underflow to zero.
    let (half, rest) = (
        0.5_f64.powi(squarings / 2),
        0.5_f64.powi(squarings - squarings / 2),
    );
    let scaled = Mat::from_fn(a.nrows(), a.ncols(), |i, j| a[(i, j)] * half * rest);
    let mut x = pade13(&scaled);
    for _ in 0..squarings {
        x = matmul_ref(x.as_ref(), x.as_ref());
    }
    x
}

/// Σ cᵢ·Mᵢ plus `identity`·I.
fn combination(terms: &[(f64, &Mat<f64>)], identity: f64, n: usize) -> Mat<f64> {
    Mat::from_fn(n, n, |i, j| {
        let diagonal = if i == j { identity } else { 0.0 };
        terms.iter().map(|(c, m)| c * m[(i, j)]).sum::<f64>() + diagonal
    })
}

/// The degree-m Padé approximant r(A) = (V − U)⁻¹(V + U) for m = 3, 5, 7, 9.
fn pade(a: &Mat<f64>, b: &[f64]) -> Mat<f64> {
    let n = a.nrows();
    let a2 = matmul_ref(a.as_ref(), a.as_ref());
    let mut powers = vec![a2.clone()];
    while powers.len() < (b.len() - 1) / 2 {
        let last = powers.last().unwrap_or(&a2);
        powers.push(matmul_ref(last.as_ref(), a2.as_ref()));
    }
    // powers[k] = A^(2k+2)
    let odd: Vec<(f64, &Mat<f64>)> = powers
        .iter()
        .enumerate()
        .map(|(k, p)| (b[2 * k + 3], p))
        .collect();
    let even: Vec<(f64, &Mat<f64>)> = powers
        .iter()
        .enumerate()
        .map(|(k, p)| (b[2 * k + 2], p))
        .collect();
    let u = matmul_ref(a.as_ref(), combination(&odd, b[1], n).as_ref());
    let v = combination(&even, b[0], n);
    pade_quotient(&u, &v)
}

/// The degree-13 approximant, evaluated with six products as in Higham's algorithm.
fn pade13(a: &Mat<f64>) -> Mat<f64> {
    let n = a.nrows();
    let b = &PADE13;
    let a2 = matmul_ref(a.as_ref(), a.as_ref());
    let a4 = matmul_ref(a2.as_ref(), a2.as_ref());
    let a6 = matmul_ref(a4.as_ref(), a2.as_ref());
    let inner_u = combination(&[(b[13], &a6), (b[11], &a4), (b[9], &a2)], 0.0, n);
    let outer_u = matmul_ref(a6.as_ref(), inner_u.as_ref());
    let u_sum = combination(
        &[(1.0, &outer_u), (b[7], &a6), (b[5], &a4), (b[3], &a2)],
        b[1],
        n,
    );
    let u = matmul_ref(a.as_ref(), u_sum.as_ref());
    let inner_v = combination(&[(b[12], &a6), (b[10], &a4), (b[8], &a2)], 0.0, n);
    let outer_v = matmul_ref(a6.as_ref(), inner_v.as_ref());
    let v = combination(
        &[(1.0, &outer_v), (b[6], &a6), (b[4], &a4), (b[2], &a2)],
        b[0],
        n,
    );
    pade_quotient(&u, &v)
}

/// (V − U)⁻¹(V + U). V − U is well conditioned for the norms each degree is used at.
fn pade_quotient(u: &Mat<f64>, v: &Mat<f64>) -> Mat<f64> {
    let n = u.nrows();
    let p = Mat::from_fn(n, n, |i, j| v[(i, j)] + u[(i, j)]);
    let q = Mat::from_fn(n, n, |i, j| v[(i, j)] - u[(i, j)]);
    Lu::factor(q.as_ref()).solve(p.as_ref())
}

/// `null(A[, tol])`: an orthonormal basis of the null space, from the SVD.
pub fn null(call: &mut Call) -> Fallible<Option<Value>> {
    subspace(call, true)
}

/// `orth(A[, tol])`: an orthonormal basis of the range, from the SVD.
pub fn orth(call: &mut Call) -> Fallible<Option<Value>> {
    subspace(call, false)
}

/// The columns of V past the rank (`null`) or of U up to it (`orth`), each signed so that
/// its first clearly non-zero element is positive (singular vectors have no sign of their
/// own; this makes the answer reproducible).
fn subspace(call: &mut Call, null: bool) -> Fallible<Option<Value>> {
    let a = check::real_matrix(call, 0)?;
    let tol = check::tolerance(call, 1)?;
    check::finite(call, 0, &a)?;
    let (m, n) = a.shape();
    call.check_alloc(m.max(n), m.max(n))?;
    let d = dense::svd(a.as_ref().as_ref(), Vectors::Full)
        .map_err(|_| check::no_convergence(call, 0))?;
    let tol = tol.unwrap_or_else(|| check::default_tolerance(m, n, &d.s));
    let rank = d.s.iter().take_while(|&&s| s > tol).count();
    let basis = if null {
        d.v.as_ref().subcols(rank, n - rank).to_owned()
    } else {
        d.u.as_ref().subcols(0, rank).to_owned()
    };
    Ok(Some(Value::from_mat(signed(basis))))
}

/// Flips each column so that its first element above rounding noise is positive.
fn signed(mut basis: Mat<f64>) -> Mat<f64> {
    for j in 0..basis.ncols() {
        let col = basis.col_as_slice(j);
        let largest = col.iter().fold(0.0_f64, |m, x| m.max(x.abs()));
        let first = col.iter().copied().find(|x| x.abs() > 1e-8 * largest);
        if first.is_some_and(|x| x < 0.0) {
            for x in basis.col_as_slice_mut(j) {
                *x = -*x;
            }
        }
    }
    basis
}

/// `kron(A, B)`: the Kronecker product, each element of A scaling a copy of B.
pub fn kron(call: &mut Call) -> Fallible<Option<Value>> {
    let a = check::real_matrix(call, 0)?;
    let b = check::real_matrix(call, 1)?;
    let (ma, na) = a.shape();
    let (mb, nb) = b.shape();
    call.check_alloc(ma.saturating_mul(mb), na.saturating_mul(nb))?;
    let k = Mat::from_fn(ma * mb, na * nb, |i, j| {
        a[(i / mb, j / nb)] * b[(i % mb, j % nb)]
    });
    Ok(Some(Value::from_mat(k)))
}

/// `cross(u, v)`: the cross product of two 3-element vectors, shaped like u.
pub fn cross(call: &mut Call) -> Fallible<Option<Value>> {
    let u = check::vector(call, 0, "two 3-element vectors")?;
    let v = check::vector(call, 1, "two 3-element vectors")?;
    for (i, w) in [(0, &u), (1, &v)] {
        let s = shape(w.as_ref().as_ref());
        if s.len() != 3 {
            let span = call.arg(i)?.span;
            return Err(Diagnostic::error(
                ErrorKind::Shape,
                span,
                format!(
                    "`cross` needs two 3-element vectors, but argument {} is {s}",
                    i + 1
                ),
            )
            .label(span, format!("this is {s}, with {} elements", s.len()))
            .help("the cross product is defined for vectors in 3-space only")
            .boxed());
        }
    }
    let x = |k| check::vector_at(&u, k);
    let y = |k| check::vector_at(&v, k);
    let c = [
        x(1) * y(2) - x(2) * y(1),
        x(2) * y(0) - x(0) * y(2),
        x(0) * y(1) - x(1) * y(0),
    ];
    let out = Mat::from_fn(u.nrows(), u.ncols(), |i, j| c[i + j]);
    Ok(Some(Value::from_mat(out)))
}

/// `outer(u, v)`: the m×n matrix u·v' of two vectors of any orientation.
pub fn outer(call: &mut Call) -> Fallible<Option<Value>> {
    let u = check::vector(call, 0, "two vectors")?;
    let v = check::vector(call, 1, "two vectors")?;
    let (m, n) = (
        shape(u.as_ref().as_ref()).len(),
        shape(v.as_ref().as_ref()).len(),
    );
    call.check_alloc(m, n)?;
    let out = Mat::from_fn(m, n, |i, j| {
        check::vector_at(&u, i) * check::vector_at(&v, j)
    });
    Ok(Some(Value::from_mat(out)))
}
