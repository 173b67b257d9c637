//! The matrix exponential of a real or complex matrix.

use faer::Mat;

use super::entry::Entry;
use super::lu::Lu;
use super::product::matmul;
use super::solve::norm1;

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

/// e^A of a finite square matrix with at least one row, by scaling and squaring with a
/// Padé approximant (Higham 2005, the algorithm behind MATLAB's and SciPy's `expm`).
pub fn exponential<T: Entry>(a: &Mat<T>) -> Mat<T> {
    let norm = norm1(a.as_ref());
    for (theta, b) in THETA {
        if norm <= theta {
            return pade(a, b);
        }
    }
    // log2 of the norm, computed on A·2⁻⁶⁴ so that a 1-norm beyond f64::MAX still counts.
    let log2_norm = norm1(
        Mat::from_fn(a.nrows(), a.ncols(), |i, j| {
            a[(i, j)] * T::real(TWO_TO_MINUS_64)
        })
        .as_ref(),
    )
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
    let (half, rest) = (T::real(half), T::real(rest));
    let scaled = Mat::from_fn(a.nrows(), a.ncols(), |i, j| a[(i, j)] * half * rest);
    let mut x = pade13(&scaled);
    for _ in 0..squarings {
        x = matmul(x.as_ref(), x.as_ref());
    }
    x
}

/// Σ cᵢ·Mᵢ plus `identity`·I.
fn combination<T: Entry>(terms: &[(f64, &Mat<T>)], identity: f64, n: usize) -> Mat<T> {
    Mat::from_fn(n, n, |i, j| {
        let diagonal = T::real(if i == j { identity } else { 0.0 });
        terms
            .iter()
            .fold(T::real(0.0), |sum, (c, m)| sum + T::real(*c) * m[(i, j)])
            + diagonal
    })
}

/// The degree-m Padé approximant r(A) = (V − U)⁻¹(V + U) for m = 3, 5, 7, 9.
fn pade<T: Entry>(a: &Mat<T>, b: &[f64]) -> Mat<T> {
    let n = a.nrows();
    let a2 = matmul(a.as_ref(), a.as_ref());
    let mut powers = vec![a2.clone()];
    while powers.len() < (b.len() - 1) / 2 {
        let last = powers.last().unwrap_or(&a2);
        powers.push(matmul(last.as_ref(), a2.as_ref()));
    }
    // powers[k] = A^(2k+2)
    let odd: Vec<(f64, &Mat<T>)> = powers
        .iter()
        .enumerate()
        .map(|(k, p)| (b[2 * k + 3], p))
        .collect();
    let even: Vec<(f64, &Mat<T>)> = powers
        .iter()
        .enumerate()
        .map(|(k, p)| (b[2 * k + 2], p))
        .collect();
    let u = matmul(a.as_ref(), combination(&odd, b[1], n).as_ref());
    let v = combination(&even, b[0], n);
    pade_quotient(&u, &v)
}

/// The degree-13 approximant, evaluated with six products as in Higham's algorithm.
fn pade13<T: Entry>(a: &Mat<T>) -> Mat<T> {
    let n = a.nrows();
    let b = &PADE13;
    let a2 = matmul(a.as_ref(), a.as_ref());
    let a4 = matmul(a2.as_ref(), a2.as_ref());
    let a6 = matmul(a4.as_ref(), a2.as_ref());
    let inner_u = combination(&[(b[13], &a6), (b[11], &a4), (b[9], &a2)], 0.0, n);
    let outer_u = matmul(a6.as_ref(), inner_u.as_ref());
    let u_sum = combination(
        &[(1.0, &outer_u), (b[7], &a6), (b[5], &a4), (b[3], &a2)],
        b[1],
        n,
    );
    let u = matmul(a.as_ref(), u_sum.as_ref());
    let inner_v = combination(&[(b[12], &a6), (b[10], &a4), (b[8], &a2)], 0.0, n);
    let outer_v = matmul(a6.as_ref(), inner_v.as_ref());
    let v = combination(
        &[(1.0, &outer_v), (b[6], &a6), (b[4], &a4), (b[2], &a2)],
        b[0],
        n,
    );
    pade_quotient(&u, &v)
}

/// (V − U)⁻¹(V + U). V − U is well conditioned for the norms each degree is used at.
fn pade_quotient<T: Entry>(u: &Mat<T>, v: &Mat<T>) -> Mat<T> {
    let n = u.nrows();
    let p = Mat::from_fn(n, n, |i, j| v[(i, j)] + u[(i, j)]);
    let q = Mat::from_fn(n, n, |i, j| v[(i, j)] - u[(i, j)]);
    Lu::factor(q.as_ref()).solve(p.as_ref())
}
