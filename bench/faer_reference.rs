//! The faer-direct reference that `bench/compare.sh` measures `la` against: each workload
//! done with the same faer routines la calls (see src/ops/product.rs and
//! src/builtins/linalg/dense.rs), with no interpreter around them.
//!
//! ```text
//! $ cargo run --release --example faer_reference -- solve 500 5
//! check 1.1e-16
//! time-seq 4.21
//! ...
//! time-rayon 5.02
//! ```
//!
//! Workloads: `product` (C = A·B), `transpose` (C = Aᵀ·B), `solve` (x = A⁻¹·b by in-place
//! LU with partial pivoting), `inv`, `det`, `svd` (singular values only) and `eig` (values
//! and vectors of a symmetric matrix). Each runs twice, with `Par::Seq` and with
//! `Par::rayon(0)`: a warm-up round, whose result is checked (a relative error, printed as
//! `check`), then REPS timed rounds, each printed in milliseconds as `time-seq` or
//! `time-rayon`. Timings include the output's allocation (as la's do) but not its drop.

use std::hint::black_box;
use std::process::ExitCode;
use std::time::Instant;

use faer::diag::Diag;
use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::evd;
use faer::linalg::lu::partial_pivoting::{factor as lu, inverse as lu_inverse, solve as lu_solve};
use faer::linalg::matmul::matmul;
use faer::linalg::svd as fsvd;
use faer::perm::PermRef;
use faer::{Accum, Mat, MatRef, Par};

/// The allocator of the `la` binary, so that the comparison measures the interpreter and
/// not two mallocs (glibc returns big blocks to the system and faults them in again).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str =
    "usage: faer_reference WORKLOAD N REPS  (WORKLOAD: product transpose solve inv det svd eig)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(workload), Some(Ok(n)), Some(Ok(reps))) = (
        args.first(),
        args.get(1).map(|s| s.parse::<usize>()),
        args.get(2).map(|s| s.parse::<usize>()),
    ) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    for (label, par) in [("seq", Par::Seq), ("rayon", Par::rayon(0))] {
        // The same inputs for both modes.
        let mut rng = Random::new(1);
        let timer = Timer { label, reps };
        match workload.as_str() {
            "product" | "transpose" => {
                let a = rng.uniform(n, n);
                let b = rng.uniform(n, n);
                let a_used = if workload == "product" {
                    a.as_ref()
                } else {
                    a.as_ref().transpose()
                };
                timer.run(
                    || product(a_used, b.as_ref(), par),
                    |c| product_error(a_used, b.as_ref(), c.as_ref()),
                );
            }
            "solve" => {
                let a = rng.well_conditioned(n);
                let b = rng.normal(n, 1);
                timer.run(
                    || Lu::factor(a.as_ref(), par).solve(b.as_ref()),
                    |x| frobenius(&residual(a.as_ref(), x.as_ref(), b.as_ref())) / frobenius(&b),
                );
            }
            "inv" => {
                let a = rng.well_conditioned(n);
                let identity = Mat::<f64>::identity(n, n);
                timer.run(
                    || Lu::factor(a.as_ref(), par).inverse(),
                    |x| {
                        frobenius(&residual(a.as_ref(), x.as_ref(), identity.as_ref()))
                            / (n as f64).sqrt()
                    },
                );
            }
            "det" => {
                let a = rng.well_conditioned(n);
                timer.run(
                    || Lu::factor(a.as_ref(), par).determinant(),
                    |d| {
                        let log_sigma: f64 = singular_values(a.as_ref(), par)
                            .iter()
                            .map(|s| s.ln())
                            .sum();
                        (d.abs().ln() - log_sigma).abs()
                    },
                );
            }
            "svd" => {
                let a = rng.well_conditioned(n);
                timer.run(
                    || singular_values(a.as_ref(), par),
                    |s| {
                        let squares: f64 = s.iter().map(|x| x * x).sum();
                        let frobenius2 = frobenius(&a).powi(2);
                        (squares - frobenius2).abs() / frobenius2
                    },
                );
            }
            "eig" => {
                let a = rng.normal(n, n);
                let s = &a + a.transpose();
                timer.run(
                    || symmetric_eigen(s.as_ref(), par),
                    |(vals, vecs)| {
                        let scaled = Mat::from_fn(n, n, |i, j| vecs[(i, j)] * vals[j]);
                        frobenius(&residual(s.as_ref(), vecs.as_ref(), scaled.as_ref()))
                            / frobenius(&s)
                    },
                );
            }
            _ => {
                eprintln!("unknown workload `{workload}`\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}

/// Times one operation: a checked warm-up round, then `reps` timed rounds.
struct Timer {
    label: &'static str,
    reps: usize,
}

impl Timer {
    fn run<T>(&self, mut operation: impl FnMut() -> T, error: impl Fn(&T) -> f64) {
        let warm = operation();
        println!("check {:e}", error(&warm));
        drop(warm);
        for _ in 0..self.reps {
            let start = Instant::now();
            let out = black_box(operation());
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            drop(out);
            println!("time-{} {ms:.6}", self.label);
        }
    }
}

/// C = A·B into a fresh zeroed matrix, as la's `matmul_ref` does.
fn product(a: MatRef<'_, f64>, b: MatRef<'_, f64>, par: Par) -> Mat<f64> {
    let mut c = Mat::zeros(a.nrows(), b.ncols());
    matmul(c.as_mut(), Accum::Replace, a, b, 1.0, par);
    c
}

/// |sum(C) − (1ᵀA)(B1)| / |sum(C)|: zero when C = A·B, up to rounding.
fn product_error(a: MatRef<'_, f64>, b: MatRef<'_, f64>, c: MatRef<'_, f64>) -> f64 {
    let n = a.ncols();
    let column_sums_a = (0..n).map(|k| (0..a.nrows()).map(|i| a[(i, k)]).sum::<f64>());
    let row_sums_b = (0..n).map(|k| (0..b.ncols()).map(|j| b[(k, j)]).sum::<f64>());
    let expected: f64 = column_sums_a.zip(row_sums_b).map(|(x, y)| x * y).sum();
    let total: f64 = (0..c.ncols())
        .map(|j| (0..c.nrows()).map(|i| c[(i, j)]).sum::<f64>())
        .sum();
    (total - expected).abs() / total.abs()
}

/// A·X − B.
fn residual(a: MatRef<'_, f64>, x: MatRef<'_, f64>, b: MatRef<'_, f64>) -> Mat<f64> {
    product(a, x, Par::Seq) - b
}

fn frobenius(m: &Mat<f64>) -> f64 {
    m.norm_l2()
}

/// P·A = L·U factored in place, as la's `dense::Lu` does.
struct Lu {
    factors: Mat<f64>,
    perm_fwd: Vec<usize>,
    perm_bwd: Vec<usize>,
    transpositions: usize,
    par: Par,
}

impl Lu {
    fn factor(a: MatRef<'_, f64>, par: Par) -> Lu {
        let (m, n) = a.shape();
        let mut factors = a.to_owned();
        let mut perm_fwd = vec![0usize; m];
        let mut perm_bwd = vec![0usize; m];
        let scratch = lu::lu_in_place_scratch::<usize, f64>(m, n, par, Default::default());
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

    fn perm(&self) -> PermRef<'_, usize> {
        PermRef::new_checked(&self.perm_fwd, &self.perm_bwd, self.factors.nrows())
    }

    fn solve(&self, b: MatRef<'_, f64>) -> Mat<f64> {
        let n = self.factors.nrows();
        let mut x = b.to_owned();
        let scratch = lu_solve::solve_in_place_scratch::<usize, f64>(n, b.ncols(), self.par);
        lu_solve::solve_in_place(
            self.factors.as_ref(),
            self.factors.as_ref(),
            self.perm(),
            x.as_mut(),
            self.par,
            MemStack::new(&mut MemBuffer::new(scratch)),
        );
        x
    }

    fn inverse(&self) -> Mat<f64> {
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

    fn determinant(&self) -> f64 {
        let n = self.factors.nrows();
        let product: f64 = (0..n).map(|k| self.factors[(k, k)]).product();
        if self.transpositions.is_multiple_of(2) {
            product
        } else {
            -product
        }
    }
}

/// The singular values only, largest first.
fn singular_values(a: MatRef<'_, f64>, par: Par) -> Vec<f64> {
    let (m, n) = a.shape();
    let mut s = Diag::<f64>::zeros(m.min(n));
    let no = fsvd::ComputeSvdVectors::No;
    let scratch = fsvd::svd_scratch::<f64>(m, n, no, no, par, Default::default());
    fsvd::svd(
        a,
        s.as_mut(),
        None,
        None,
        par,
        MemStack::new(&mut MemBuffer::new(scratch)),
        Default::default(),
    )
    .expect("the SVD converges on a finite matrix");
    s.column_vector().iter().copied().collect()
}

/// Eigenvalues (ascending) and orthonormal eigenvectors of a symmetric matrix.
fn symmetric_eigen(a: MatRef<'_, f64>, par: Par) -> (Vec<f64>, Mat<f64>) {
    let n = a.nrows();
    let mut s = Diag::<f64>::zeros(n);
    let mut u = Mat::<f64>::zeros(n, n);
    let yes = evd::ComputeEigenvectors::Yes;
    let scratch = evd::self_adjoint_evd_scratch::<f64>(n, yes, par, Default::default());
    evd::self_adjoint_evd(
        a,
        s.as_mut(),
        Some(u.as_mut()),
        par,
        MemStack::new(&mut MemBuffer::new(scratch)),
        Default::default(),
    )
    .expect("the eigensolver converges on a finite symmetric matrix");
    (s.column_vector().iter().copied().collect(), u)
}

/// A small deterministic generator (SplitMix64), so the reference needs no extra crate.
struct Random(u64);

impl Random {
    fn new(seed: u64) -> Random {
        Random(seed)
    }

    /// Uniform in [0, 1).
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Standard normal, by Box–Muller.
    fn next_normal(&mut self) -> f64 {
        let u = 1.0 - self.next();
        let v = self.next();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    fn uniform(&mut self, m: usize, n: usize) -> Mat<f64> {
        Mat::from_fn(m, n, |_, _| self.next())
    }

    fn normal(&mut self, m: usize, n: usize) -> Mat<f64> {
        Mat::from_fn(m, n, |_, _| self.next_normal())
    }

    /// I + N/(2√n) with N standard normal: eigenvalues within about 0.5 of 1, so the
    /// determinant stays near 1 and the condition number small at every n.
    fn well_conditioned(&mut self, n: usize) -> Mat<f64> {
        let scale = 0.5 / (n as f64).sqrt();
        let mut a = self.normal(n, n) * faer::Scale(scale);
        for k in 0..n {
            a[(k, k)] += 1.0;
        }
        a
    }
}
