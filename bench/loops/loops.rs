//! The Rust side of the loop benchmark (issue #19, `bench/compare.sh loops`): the floor
//! that la's loops are measured against. The six programs of loops.la, written the same way
//! (same algorithm, same loop order, column-major storage as la's) with plain loops over a
//! `Vec<f64>`: no BLAS, no crates. compare.sh builds it with
//! `rustc -C opt-level=3 -o target/bench/loops bench/loops/loops.rs`.
//!
//! Usage: loops PROGRAM N REPS [OUT], PROGRAM one of gauss mgs jacobi power kmeans
//! perceptron, or mgs-la-sums, power-la-sums, perceptron-la-sums: the same with la's sums
//! (`LaSums`). It builds the inputs, runs the program once to warm up, then REPS timed
//! rounds, printing `time <ms>` for each, then `check <x>`, a relative error that is tiny
//! only when right. With OUT it also writes the result's numbers there, little-endian f64
//! in column-major order (Gram–Schmidt: R, then Q), for comparing with la's to the bit
//! (tests/bench_loops.rs).

use std::env;
use std::ops::{Index, IndexMut};
use std::process::ExitCode;
use std::time::Instant;

/// A dense matrix stored column by column, as la stores it.
#[derive(Clone)]
struct Mat {
    rows: usize,
    cols: usize,
    data: Vec<f64>,
}

impl Mat {
    fn zeros(rows: usize, cols: usize) -> Mat {
        Mat {
            rows,
            cols,
            data: vec![0.0; rows * cols],
        }
    }

    fn from_fn(rows: usize, cols: usize, f: impl Fn(usize, usize) -> f64) -> Mat {
        let mut m = Mat::zeros(rows, cols);
        for j in 0..cols {
            for i in 0..rows {
                m[(i, j)] = f(i, j);
            }
        }
        m
    }

    fn col(&self, j: usize) -> &[f64] {
        &self.data[j * self.rows..(j + 1) * self.rows]
    }

    /// self * v
    fn mul_vec(&self, v: &[f64]) -> Vec<f64> {
        let mut y = vec![0.0; self.rows];
        for j in 0..self.cols {
            for (yi, aij) in y.iter_mut().zip(self.col(j)) {
                *yi += aij * v[j];
            }
        }
        y
    }
}

impl Index<(usize, usize)> for Mat {
    type Output = f64;
    fn index(&self, (i, j): (usize, usize)) -> &f64 {
        &self.data[i + j * self.rows]
    }
}

impl IndexMut<(usize, usize)> for Mat {
    fn index_mut(&mut self, (i, j): (usize, usize)) -> &mut f64 {
        &mut self.data[i + j * self.rows]
    }
}

/// m×n pseudo-random numbers in [0, 1) from a formula of the column-major index k, the
/// same in every language: frac(sin(12.9898·(s + k))·43758.5453).
fn uniform(m: usize, n: usize, s: usize) -> Mat {
    Mat::from_fn(m, n, |i, j| {
        let k = (s + i + j * m + 1) as f64;
        ((k * 12.9898).sin() * 43758.5453).rem_euclid(1.0)
    })
}

/// u − 0.5 for each element u
fn centred(mut u: Mat) -> Mat {
    u.data.iter_mut().for_each(|x| *x -= 0.5);
    u
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

fn dot(u: &[f64], v: &[f64]) -> f64 {
    u.iter().zip(v).map(|(a, b)| a * b).sum()
}

/// How the timed programs that take norms and dot products (2, 4 and 6) sum: with the
/// plain sums above (the floor the targets are measured against), or with la's own
/// arithmetic (`PROGRAM-la-sums`), to show how much of la's time is the more careful sum.
trait Sums {
    fn dot(u: &[f64], v: &[f64]) -> f64;
    fn norm(v: &[f64]) -> f64;
}

/// Plain left-to-right sums.
struct Plain;

impl Sums for Plain {
    fn dot(u: &[f64], v: &[f64]) -> f64 {
        dot(u, v)
    }

    fn norm(v: &[f64]) -> f64 {
        norm(v)
    }
}

/// la's sums (src/builtins/reductions.rs and linalg/properties.rs): `dot` is the
/// compensated sum of the products; `norm` scales by the largest magnitude and takes the
/// compensated sum of the squares.
struct LaSums;

impl Sums for LaSums {
    fn dot(u: &[f64], v: &[f64]) -> f64 {
        compensated_sum(u.iter().zip(v).map(|(a, b)| a * b))
    }

    fn norm(v: &[f64]) -> f64 {
        if v.iter().any(|x| x.is_nan()) {
            return f64::NAN;
        }
        let largest = v.iter().fold(0.0_f64, |m, x| m.max(x.abs()));
        if largest == 0.0 || largest.is_infinite() {
            return largest;
        }
        largest
            * compensated_sum(v.iter().map(|x| {
                let r = x.abs() / largest;
                r * r
            }))
            .sqrt()
    }
}

/// la's compensated sum: TwoSum's lost parts added up, or, when that total is not
/// finite, the steps that compare magnitudes (which never happens on these inputs).
fn compensated_sum(xs: impl Iterator<Item = f64> + Clone) -> f64 {
    let (mut sum, mut compensation) = (0.0_f64, 0.0_f64);
    for x in xs.clone() {
        let t = sum + x;
        let x_part = t - sum;
        compensation += (sum - (t - x_part)) + (x - x_part);
        sum = t;
    }
    let total = sum + compensation;
    if total.is_finite() {
        return total;
    }
    let (mut sum, mut compensation) = (0.0_f64, 0.0_f64);
    for x in xs {
        let t = sum + x;
        compensation += if sum.abs() >= x.abs() {
            (sum - t) + x
        } else {
            (x - t) + sum
        };
        sum = t;
    }
    if sum.is_finite() {
        sum + compensation
    } else {
        sum
    }
}

/// ‖A x − b‖ / ‖b‖
fn residual(a: &Mat, x: &[f64], b: &[f64]) -> f64 {
    let r: Vec<f64> = a.mul_vec(x).iter().zip(b).map(|(ax, b)| ax - b).collect();
    norm(&r) / norm(b)
}

// 1. Gaussian elimination with partial pivoting, then back substitution.
fn gauss(a: &Mat, b: &[f64]) -> Vec<f64> {
    let n = a.rows;
    let mut m = a.clone();
    let mut x = b.to_vec();
    for k in 0..n - 1 {
        let mut p = k;
        for i in k + 1..n {
            if m[(i, k)].abs() > m[(p, k)].abs() {
                p = i;
            }
        }
        if p != k {
            for j in 0..n {
                let t = m[(k, j)];
                m[(k, j)] = m[(p, j)];
                m[(p, j)] = t;
            }
            x.swap(k, p);
        }
        for i in k + 1..n {
            let f = m[(i, k)] / m[(k, k)];
            for j in k + 1..n {
                m[(i, j)] = m[(i, j)] - f * m[(k, j)];
            }
            x[i] = x[i] - f * x[k];
        }
    }
    for i in (0..n).rev() {
        let mut s = x[i];
        for j in i + 1..n {
            s = s - m[(i, j)] * x[j];
        }
        x[i] = s / m[(i, i)];
    }
    x
}

// 2. Modified Gram–Schmidt: A = QR, Q with orthonormal columns.
fn mgs<S: Sums>(a: &Mat) -> (Mat, Mat) {
    let (m, n) = (a.rows, a.cols);
    let mut q = a.clone();
    let mut r = Mat::zeros(n, n);
    for k in 0..n {
        r[(k, k)] = S::norm(q.col(k));
        let rkk = r[(k, k)];
        for v in &mut q.data[k * m..(k + 1) * m] {
            *v /= rkk;
        }
        for j in k + 1..n {
            r[(k, j)] = S::dot(q.col(k), q.col(j));
            let rkj = r[(k, j)];
            let (head, tail) = q.data.split_at_mut(j * m);
            for (qj, qk) in tail[..m].iter_mut().zip(&head[k * m..(k + 1) * m]) {
                *qj -= rkj * qk;
            }
        }
    }
    (q, r)
}

fn mgs_check(a: &Mat, q: &Mat, r: &Mat) -> f64 {
    let n = a.cols;
    let mut orthogonality = 0.0; // ‖QᵀQ − I‖_F, which bounds the 2-norm the others use
    for i in 0..n {
        for j in 0..n {
            let e = dot(q.col(i), q.col(j)) - if i == j { 1.0 } else { 0.0 };
            orthogonality += e * e;
        }
    }
    let mut misfit = 0.0; // ‖QR − A‖_F / ‖A‖_F
    for j in 0..n {
        let qr = q.mul_vec(r.col(j));
        misfit += qr
            .iter()
            .zip(a.col(j))
            .map(|(x, y)| (x - y) * (x - y))
            .sum::<f64>();
    }
    orthogonality.sqrt().max(misfit.sqrt() / norm(&a.data))
}

// 3. Jacobi iteration on a diagonally dominant system: positive off-diagonal elements, each
// a_ii 1.5 times the rest of its row.
fn jacobi_inputs(n: usize) -> (Mat, Vec<f64>) {
    let mut a = uniform(n, n, 0);
    for i in 0..n {
        let row: f64 = (0..n).map(|j| a[(i, j)]).sum();
        a[(i, i)] += 1.5 * row;
    }
    (a, centred(uniform(n, 1, n * n)).data)
}

fn jacobi(a: &Mat, b: &[f64], sweeps: usize) -> Vec<f64> {
    let n = a.rows;
    let mut x = vec![0.0; n];
    for _ in 0..sweeps {
        let mut y = vec![0.0; n];
        for i in 0..n {
            let mut s = 0.0;
            for j in 0..n {
                s = s + a[(i, j)] * x[j];
            }
            y[i] = x[i] + (b[i] - s) / a[(i, i)];
        }
        x = y;
    }
    x
}

// 4. Power iteration on a symmetric matrix, a rank-one part 8·ones/n plus symmetric noise.
fn power_inputs(n: usize) -> (Mat, Vec<f64>) {
    let noise = uniform(n, n, 0);
    let a = Mat::from_fn(n, n, |i, j| {
        8.0 / n as f64 + ((noise[(i, j)] - 0.5) + (noise[(j, i)] - 0.5)) / 2.0
    });
    (a, centred(uniform(n, 1, n * n)).data)
}

fn power_iteration<S: Sums>(a: &Mat, v: &[f64], steps: usize) -> Vec<f64> {
    let mut v = v.to_vec();
    for _ in 0..steps {
        let w = a.mul_vec(&v);
        let s = S::norm(&w);
        v = w.iter().map(|x| x / s).collect();
    }
    v
}

fn power_check(a: &Mat, v: &[f64]) -> f64 {
    let av = a.mul_vec(v);
    let lambda = dot(v, &av);
    let r: Vec<f64> = av.iter().zip(v).map(|(x, y)| x - lambda * y).collect();
    norm(&r) / lambda.abs()
}

// 5. k-means (Lloyd's iterations) on five clusters of points, point p in cluster p mod 5
// around a centre on a circle of radius 10; it starts from the first five points.
fn kmeans_inputs(n: usize, k: usize) -> Mat {
    let noise = uniform(n, 2, 0);
    Mat::from_fn(n, 2, |p, d| {
        let angle = 2.0 * std::f64::consts::PI * ((p % k + 1) as f64) / k as f64;
        10.0 * if d == 0 { angle.cos() } else { angle.sin() } + 2.0 * (noise[(p, d)] - 0.5)
    })
}

fn kmeans(x: &Mat, c: &Mat, iterations: usize) -> Mat {
    let (n, k) = (x.rows, c.rows);
    let mut c = c.clone();
    for _ in 0..iterations {
        let mut s = Mat::zeros(k, 2);
        let mut counts = vec![0.0; k];
        for p in 0..n {
            let (mut best, mut nearest) = (0, f64::INFINITY);
            for j in 0..k {
                let dx = x[(p, 0)] - c[(j, 0)];
                let dy = x[(p, 1)] - c[(j, 1)];
                let d = dx * dx + dy * dy;
                if d < nearest {
                    best = j;
                    nearest = d;
                }
            }
            s[(best, 0)] = s[(best, 0)] + x[(p, 0)];
            s[(best, 1)] = s[(best, 1)] + x[(p, 1)];
            counts[best] = counts[best] + 1.0;
        }
        for j in 0..k {
            c[(j, 0)] = s[(j, 0)] / counts[j];
            c[(j, 1)] = s[(j, 1)] / counts[j];
        }
    }
    c
}

/// ‖C − T‖_F / ‖T‖_F, T the mean of each true cluster, which k-means must find.
fn kmeans_check(x: &Mat, c: &Mat) -> f64 {
    let k = c.rows;
    let mut truth = Mat::zeros(k, 2);
    for p in 0..x.rows {
        for d in 0..2 {
            truth[(p % k, d)] += x[(p, d)] / (x.rows / k) as f64;
        }
    }
    let diff: Vec<f64> = c.data.iter().zip(&truth.data).map(|(a, b)| a - b).collect();
    norm(&diff) / norm(&truth.data)
}

// 6. A perceptron on points of [-1, 1]² labelled by the line x - 2y + 0.3 = 0, each pushed
// 0.1 away from it; each point has a third coordinate 1 for the bias.
fn perceptron_inputs(n: usize) -> (Vec<[f64; 3]>, Vec<f64>) {
    let u = uniform(n, 2, 0);
    let mut points = Vec::with_capacity(n);
    let mut labels = Vec::with_capacity(n);
    for p in 0..n {
        let (a, b) = (2.0 * u[(p, 0)] - 1.0, 2.0 * u[(p, 1)] - 1.0);
        let y = (a - 2.0 * b + 0.3).signum();
        let push = 0.1 * y / 5f64.sqrt();
        points.push([a + push, b - 2.0 * push, 1.0]);
        labels.push(y);
    }
    (points, labels)
}

fn perceptron<S: Sums>(x: &[[f64; 3]], y: &[f64], epochs: usize) -> [f64; 3] {
    let mut w = [0.0; 3];
    for _ in 0..epochs {
        for (xp, &yp) in x.iter().zip(y) {
            if yp * S::dot(&w, xp) <= 0.0 {
                for d in 0..3 {
                    w[d] = w[d] + yp * xp[d];
                }
            }
        }
    }
    w
}

/// Runs `op` once to warm up and then `reps` timed rounds, printing each in milliseconds;
/// gives the last result.
fn timed<T>(reps: usize, mut op: impl FnMut() -> T) -> T {
    let mut result = op();
    for _ in 0..reps {
        let start = Instant::now();
        result = std::hint::black_box(op());
        println!("time {}", start.elapsed().as_secs_f64() * 1000.0);
    }
    result
}

/// Runs `program` on inputs of size `n`, summing with `S`: its check and its result's
/// numbers; `None` for a program it does not know.
fn run<S: Sums>(program: &str, n: usize, reps: usize) -> Option<(f64, Vec<f64>)> {
    Some(match program {
        "gauss" => {
            let a = centred(uniform(n, n, 0));
            let b = centred(uniform(n, 1, n * n)).data;
            let x = timed(reps, || gauss(&a, &b));
            (residual(&a, &x, &b), x)
        }
        "mgs" => {
            let a = centred(uniform(n, 100, 0));
            let (q, r) = timed(reps, || mgs::<S>(&a));
            (mgs_check(&a, &q, &r), [r.data, q.data].concat())
        }
        "jacobi" => {
            let (a, b) = jacobi_inputs(n);
            let x = timed(reps, || jacobi(&a, &b, 50));
            (residual(&a, &x, &b), x)
        }
        "power" => {
            let (a, v) = power_inputs(n);
            let v = timed(reps, || power_iteration::<S>(&a, &v, 200));
            (power_check(&a, &v), v)
        }
        "kmeans" => {
            let x = kmeans_inputs(n, 5);
            let start = Mat::from_fn(5, 2, |i, j| x[(i, j)]);
            let c = timed(reps, || kmeans(&x, &start, 20));
            (kmeans_check(&x, &c), c.data)
        }
        "perceptron" => {
            let (x, y) = perceptron_inputs(n);
            let w = timed(reps, || perceptron::<S>(&x, &y, 20));
            let wrong = x
                .iter()
                .zip(&y)
                .filter(|(xp, yp)| *yp * dot(&w, *xp) <= 0.0)
                .count();
            (wrong as f64 / n as f64, w.to_vec())
        }
        _ => return None,
    })
}

fn main() -> ExitCode {
    let args: Vec<String> = env::args().collect();
    let (Some(program), Some(Ok(n)), Some(Ok(reps))) = (
        args.get(1),
        args.get(2).map(|s| s.parse::<usize>()),
        args.get(3).map(|s| s.parse::<usize>()),
    ) else {
        eprintln!("usage: loops gauss|mgs|jacobi|power|kmeans|perceptron[-la-sums] N REPS [OUT]");
        return ExitCode::FAILURE;
    };
    // Only the programs that sum with dot or norm have a version with la's sums.
    let outcome = match program.strip_suffix("-la-sums") {
        Some(summed @ ("mgs" | "power" | "perceptron")) => run::<LaSums>(summed, n, reps),
        Some(_) => None,
        None => run::<Plain>(program, n, reps),
    };
    let Some((check, result)) = outcome else {
        eprintln!("unknown program {program}");
        return ExitCode::FAILURE;
    };
    if let Some(out) = args.get(4) {
        let bytes: Vec<u8> = result.iter().flat_map(|x| x.to_le_bytes()).collect();
        if let Err(e) = std::fs::write(out, bytes) {
            eprintln!("cannot write {out}: {e}");
            return ExitCode::FAILURE;
        }
    }
    println!("check {check:e}");
    ExitCode::SUCCESS
}
