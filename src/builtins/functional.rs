//! Builtins that take a function as an argument: `map`, `mapcols`, `maprows`, `reduce`, and
//! the numerical methods `fzero` (Brent's bracketing root finder), `integral` (adaptive
//! Gauss–Kronrod) and `minimize` (Nelder–Mead). The function is called through the
//! evaluator (`Call::apply`), so an error inside it points into its body, with a label at
//! this call saying which element or point it was working on.
//!
//! ```text
//! >> map(x -> x^2, [[1, 2], [3, 4]])        # [[1, 4], [9, 16]]
//! >> fzero(x -> x^2 - 2, [0, 2])            # 1.4142
//! >> integral(x -> exp(-x^2), -3, 3)        # 1.7724
//! ```

use std::sync::Arc;

use faer::{c64, Mat};

use super::{Builtin, Call, ShapeCall, ShapeRule};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::source::Span;
use crate::value::{FunctionValue, Shape, Value};

/// The builtins of this topic.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "map",
        signature: "map(f, A)",
        min_args: 2,
        max_args: 2,
        keywords: &[],
        doc: "f applied to each element of A (real or complex), the results in A's shape; f must give one number for each element",
        example: "map(x -> x^2 + 1, [1, 2, 3])   # [2, 5, 10]",
        shape: ShapeRule::LikeArg(1),
        run: map,
    },
    Builtin {
        name: "mapcols",
        signature: "mapcols(f, A)",
        min_args: 2,
        max_args: 2,
        keywords: &[],
        doc: "f applied to each column of A, the results (numbers or columns, all the same size) side by side",
        example: "mapcols(c -> norm(c), [[3, 0], [4, 1]])   # [[5, 1]]",
        shape: ShapeRule::Unknown,
        run: |call| along(call, true),
    },
    Builtin {
        name: "maprows",
        signature: "maprows(f, A)",
        min_args: 2,
        max_args: 2,
        keywords: &[],
        doc: "f applied to each row of A, the results (numbers or rows, all the same size) stacked",
        example: "maprows(r -> sum(r), [[1, 2], [3, 4]])   # [3, 7]",
        shape: ShapeRule::Unknown,
        run: |call| along(call, false),
    },
    Builtin {
        name: "reduce",
        signature: "reduce(f, v, init)",
        min_args: 3,
        max_args: 3,
        keywords: &[],
        doc: "folds the elements of v (column by column) into init with f: acc = f(acc, x) for each x; init when v is empty",
        example: "reduce((acc, x) -> acc * x, [1, 2, 3, 4], 1)   # 24",
        shape: ShapeRule::Unknown,
        run: reduce,
    },
    Builtin {
        name: "fzero",
        signature: "fzero(f, [a, b])",
        min_args: 2,
        max_args: 2,
        keywords: &["tol"],
        doc: "a root of the real function f between a and b, where f(a) and f(b) have different signs, by Brent's method (bisection, secant and inverse quadratic steps); tol= bounds the bracket's final width (default 4·eps·|x|)",
        example: "fzero(x -> x^2 - 2, [0, 2])   # 1.41421356",
        shape: ShapeRule::Custom(fzero_rule),
        run: fzero,
    },
    Builtin {
        name: "integral",
        signature: "integral(f, a, b)",
        min_args: 3,
        max_args: 3,
        keywords: &["tol"],
        doc: "∫ f(x) dx from a to b (finite) by adaptive 15-point Gauss–Kronrod quadrature; tol= bounds the estimated error (default 1e-10, or 1e-10·|result| when larger)",
        example: "integral(x -> x^2, 0, 3)   # 9",
        shape: ShapeRule::Scalar,
        run: integral,
    },
    Builtin {
        name: "minimize",
        signature: "x, fx = minimize(f, x0)",
        min_args: 2,
        max_args: 2,
        keywords: &["tol", "maxiter"],
        doc: "a local minimum of the real scalar function f of a vector (or number), started at x0, by the Nelder–Mead simplex method; stops when the simplex's values agree to tol= (relative, default 1e-10) and its points to √tol, or after maxiter= steps (default 200 per unknown); x has x0's shape, and as two results also f(x)",
        example: "minimize(x -> (x[1] - 1)^2 + (x[2] + 2)^2, [0, 0])   # ≈ [1, -2]",
        shape: ShapeRule::Custom(minimize_rule),
        run: minimize,
    },
];

/// Argument `i` as a function.
fn function(call: &Call, i: usize) -> Fallible<Arc<FunctionValue>> {
    match &call.arg(i)?.value {
        Value::Function(f) => Ok(Arc::clone(f)),
        _ => Err(call.type_error(i, "a function (such as `x -> 2 * x` or a function's name)")),
    }
}

/// The elements of argument `i` in column-major order, real or complex, with its shape.
fn elements(call: &Call, i: usize) -> Fallible<(Vec<Value>, Shape)> {
    let value = &call.arg(i)?.value;
    let shape = value.shape();
    let items = match value {
        Value::ComplexMatrix(m) => (0..m.ncols())
            .flat_map(|j| (0..m.nrows()).map(move |i| (i, j)))
            .map(|(i, j)| Value::complex(m[(i, j)]))
            .collect(),
        Value::Complex(z) => vec![Value::Complex(*z)],
        _ => {
            let m = call.matrix(i)?;
            (0..m.ncols())
                .flat_map(|j| m.col_as_slice(j).iter().map(|&x| Value::Scalar(x)))
                .collect()
        }
    };
    Ok((items, shape))
}

/// A number the function gave, or an error saying what it gave instead.
fn number(call: &Call, value: &Value, what: &str) -> Fallible<c64> {
    match value {
        Value::Complex(z) => Ok(*z),
        other => other.as_scalar().map(|x| c64::new(x, 0.0)).ok_or_else(|| {
            Diagnostic::error(
                ErrorKind::Type,
                call.span,
                format!(
                    "`{}` needs the function to give one number each time, but for {what} it gave a {}",
                    call.name,
                    other.describe()
                ),
            )
            .label(call.span, format!("{what}: a {}", other.describe()))
            .boxed()
        }),
    }
}

/// A real number the function gave, for the numerical methods.
fn real(call: &Call, value: &Value, what: &str) -> Fallible<f64> {
    let z = number(call, value, what)?;
    if z.im != 0.0 {
        return Err(Diagnostic::error(
            ErrorKind::Type,
            call.span,
            format!(
                "`{}` needs a real function, but at {what} it gave a complex number",
                call.name
            ),
        )
        .label(
            call.span,
            format!("{what}: {}", crate::format::complex_scalar(z)),
        )
        .boxed());
    }
    Ok(z.re)
}

fn map(call: &mut Call) -> Fallible<Option<Value>> {
    let f = function(call, 0)?;
    let (items, shape) = elements(call, 1)?;
    call.check_alloc(shape.rows, shape.cols)?;
    let mut out = Vec::with_capacity(items.len());
    for (k, x) in items.into_iter().enumerate() {
        let what = format!("element {}", k + 1);
        let y = call.apply(&f, vec![x], &what)?;
        out.push(number(call, &y, &what)?);
    }
    let m = Mat::from_fn(shape.rows, shape.cols, |i, j| out[i + j * shape.rows]);
    Ok(Some(Value::from_cmat(m)))
}

/// `mapcols` (`columns`) or `maprows`.
fn along(call: &mut Call, columns: bool) -> Fallible<Option<Value>> {
    let f = function(call, 0)?;
    let a = call.matrix(1)?;
    let (count, what) = if columns {
        (a.ncols(), "column")
    } else {
        (a.nrows(), "row")
    };
    let mut results: Vec<Vec<f64>> = Vec::with_capacity(count);
    for k in 0..count {
        let piece = if columns {
            Value::from_mat(a.as_ref().subcols(k, 1).to_owned())
        } else {
            Value::from_mat(a.as_ref().subrows(k, 1).to_owned())
        };
        let label = format!("{what} {}", k + 1);
        let y = call.apply(&f, vec![piece], &label)?;
        let values = match &y {
            Value::Matrix(m) if Shape::new(m.nrows(), m.ncols()).is_vector() => {
                (0..m.ncols()).flat_map(|j| m.col_as_slice(j).to_vec()).collect()
            }
            other => match other.as_scalar() {
                Some(x) => vec![x],
                None => {
                    return Err(Diagnostic::error(
                        ErrorKind::Type,
                        call.span,
                        format!(
                            "`{}` needs the function to give a number or a vector for each {what}, but for {label} it gave a {}",
                            call.name,
                            other.describe()
                        ),
                    )
                    .label(call.span, format!("{label}: a {}", other.describe()))
                    .boxed())
                }
            },
        };
        if let Some(first) = results.first() {
            if first.len() != values.len() {
                return Err(Diagnostic::error(
                    ErrorKind::Shape,
                    call.span,
                    format!(
                        "`{}` needs results of one size, but {what} 1 gave {} and {label} gave {}",
                        call.name,
                        count_of(first.len()),
                        count_of(values.len())
                    ),
                )
                .label(call.span, format!("{label}: {}", count_of(values.len())))
                .boxed());
            }
        }
        results.push(values);
    }
    let size = results.first().map_or(0, Vec::len);
    let (rows, cols) = if columns {
        (size, count)
    } else {
        (count, size)
    };
    call.check_alloc(rows, cols)?;
    let m = Mat::from_fn(rows, cols, |i, j| {
        if columns {
            results[j][i]
        } else {
            results[i][j]
        }
    });
    Ok(Some(Value::from_mat(m)))
}

fn reduce(call: &mut Call) -> Fallible<Option<Value>> {
    let f = function(call, 0)?;
    let (items, _) = elements(call, 1)?;
    let mut acc = call.arg(2)?.value.clone();
    for (k, x) in items.into_iter().enumerate() {
        acc = call.apply(&f, vec![acc, x], &format!("element {}", k + 1))?;
    }
    Ok(Some(acc))
}

/// "1 element", "3 elements".
fn count_of(n: usize) -> String {
    if n == 1 {
        "1 element".into()
    } else {
        format!("{n} elements")
    }
}

/// A positive keyword number, or `default`.
fn positive_keyword(call: &Call, name: &str, default: f64) -> Fallible<f64> {
    let Some(kw) = call.keyword(name) else {
        return Ok(default);
    };
    match kw.value.as_scalar() {
        Some(x) if x > 0.0 && x.is_finite() => Ok(x),
        _ => Err(Diagnostic::error(
            ErrorKind::Domain,
            kw.span,
            format!("`{}` needs a positive number for `{name}=`", call.name),
        )
        .label(
            kw.span,
            format!("this is {}", crate::format::value_inline(&kw.value)),
        )
        .boxed()),
    }
}

/// f(x) as a real number.
fn at(call: &mut Call, f: &FunctionValue, x: f64) -> Fallible<f64> {
    let what = format!("x = {}", crate::format::scalar(x));
    let y = call.apply(f, vec![Value::Scalar(x)], &what)?;
    real(call, &y, &what)
}

/// `fzero`'s shape rule: a scalar, or the error for a bracket of known shape that is not
/// two numbers.
fn fzero_rule(call: &ShapeCall) -> Fallible<Option<Shape>> {
    match call.args {
        [f, b] if f.function && b.real => {
            if let Some(shape) = b.shape {
                two_numbers(shape, b.span)?;
            }
            Ok(Some(Shape::SCALAR))
        }
        _ => Ok(None),
    }
}

/// The error for a bracket of `shape` (at `span`) that is not two numbers.
fn two_numbers(shape: Shape, span: Span) -> Fallible<()> {
    if shape.len() == 2 {
        return Ok(());
    }
    Err(Diagnostic::error(
        ErrorKind::Shape,
        span,
        "`fzero` needs a bracket [a, b] of two numbers",
    )
    .label(span, format!("this is a {}", described(shape)))
    .boxed())
}

/// How a real value of `shape` is described: `scalar`, `2×2 matrix`.
fn described(shape: Shape) -> String {
    if shape == Shape::SCALAR {
        "scalar".to_string()
    } else {
        format!("{shape} matrix")
    }
}

fn fzero(call: &mut Call) -> Fallible<Option<Value>> {
    let f = function(call, 0)?;
    let bracket = call.matrix(1)?;
    let span = call.arg(1)?.span;
    let shape = Shape::new(bracket.nrows(), bracket.ncols());
    two_numbers(shape, span)?;
    let (mut a, mut b) = (
        bracket[(0, 0)],
        bracket[(bracket.nrows() - 1, bracket.ncols() - 1)],
    );
    if !a.is_finite() || !b.is_finite() {
        return Err(
            Diagnostic::error(ErrorKind::Domain, span, "`fzero` needs a finite bracket")
                .label(
                    span,
                    format!(
                        "this is {}",
                        crate::format::value_inline(&call.arg(1)?.value)
                    ),
                )
                .boxed(),
        );
    }
    let tol = positive_keyword(call, "tol", f64::MIN_POSITIVE)?;
    let (mut fa, mut fb) = (at(call, &f, a)?, at(call, &f, b)?);
    if fa == 0.0 {
        return Ok(Some(Value::Scalar(a)));
    }
    if fb == 0.0 {
        return Ok(Some(Value::Scalar(b)));
    }
    if fa.signum() == fb.signum() || fa.is_nan() || fb.is_nan() {
        let show = crate::format::scalar;
        return Err(Diagnostic::error(
            ErrorKind::Domain,
            span,
            "`fzero` needs f(a) and f(b) of different signs",
        )
        .label(
            span,
            format!(
                "f({}) = {} and f({}) = {}",
                show(a),
                show(fa),
                show(b),
                show(fb)
            ),
        )
        .help("choose a and b where f changes sign, so a root lies between them")
        .boxed());
    }
    // Brent's method (Brent 1973, as in Numerical Recipes' zbrent).
    let (mut c, mut fc) = (b, fb);
    let (mut d, mut e) = (b - a, b - a);
    for _ in 0..200 {
        if fb.signum() == fc.signum() {
            c = a;
            fc = fa;
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        let tol1 = 2.0 * f64::EPSILON * b.abs() + 0.5 * tol;
        let xm = 0.5 * (c - b);
        if xm.abs() <= tol1 || fb == 0.0 {
            return Ok(Some(Value::Scalar(b)));
        }
        if e.abs() >= tol1 && fa.abs() > fb.abs() {
            let s = fb / fa;
            let (mut p, mut q) = if a == c {
                (2.0 * xm * s, 1.0 - s)
            } else {
                let q = fa / fc;
                let r = fb / fc;
                (
                    s * (2.0 * xm * q * (q - r) - (b - a) * (r - 1.0)),
                    (q - 1.0) * (r - 1.0) * (s - 1.0),
                )
            };
            if p > 0.0 {
                q = -q;
            }
            p = p.abs();
            let min1 = 3.0 * xm * q - (tol1 * q).abs();
            let min2 = (e * q).abs();
            if 2.0 * p < min1.min(min2) {
                e = d;
                d = p / q;
            } else {
                d = xm;
                e = d;
            }
        } else {
            d = xm;
            e = d;
        }
        a = b;
        fa = fb;
        b += if d.abs() > tol1 { d } else { tol1.copysign(xm) };
        fb = at(call, &f, b)?;
    }
    Ok(Some(Value::Scalar(b)))
}

/// Nodes (on [0, 1], the positive half) and weights of the 15-point Kronrod rule and the
/// 7-point Gauss rule inside it.
const KRONROD_X: [f64; 8] = [
    0.991_455_371_120_812_6,
    0.949_107_912_342_758_5,
    0.864_864_423_359_769_1,
    0.741_531_185_599_394_4,
    0.586_087_235_467_691_1,
    0.405_845_151_377_397_2,
    0.207_784_955_007_898_5,
    0.0,
];
const KRONROD_W: [f64; 8] = [
    0.022_935_322_010_529_22,
    0.063_092_092_629_978_55,
    0.104_790_010_322_250_2,
    0.140_653_259_715_525_9,
    0.169_004_726_639_267_9,
    0.190_350_578_064_785_4,
    0.204_432_940_075_298_9,
    0.209_482_141_084_727_8,
];
const GAUSS_W: [f64; 4] = [
    0.129_484_966_168_869_7,
    0.279_705_391_489_276_7,
    0.381_830_050_505_118_9,
    0.417_959_183_673_469_4,
];

/// Most intervals the adaptive rule splits [a, b] into.
const MAX_INTERVALS: usize = 2000;

/// The Kronrod estimate of ∫ f over [lo, hi] and its error estimate |K15 − G7|.
fn kronrod(call: &mut Call, f: &FunctionValue, lo: f64, hi: f64) -> Fallible<(f64, f64)> {
    let (mid, half) = (0.5 * (lo + hi), 0.5 * (hi - lo));
    let centre = at(call, f, mid)?;
    let (mut k, mut g) = (KRONROD_W[7] * centre, GAUSS_W[3] * centre);
    for (j, (&x, &w)) in KRONROD_X.iter().zip(&KRONROD_W).take(7).enumerate() {
        let pair = at(call, f, mid - half * x)? + at(call, f, mid + half * x)?;
        k += w * pair;
        if j % 2 == 1 {
            g += GAUSS_W[j / 2] * pair;
        }
    }
    Ok((k * half, ((k - g) * half).abs()))
}

fn integral(call: &mut Call) -> Fallible<Option<Value>> {
    let f = function(call, 0)?;
    let (a, b) = (call.number(1)?, call.number(2)?);
    for (i, x) in [(1, a), (2, b)] {
        if !x.is_finite() {
            let span = call.arg(i)?.span;
            return Err(Diagnostic::error(
                ErrorKind::Domain,
                span,
                format!(
                    "`integral` needs finite limits, but this one is {}",
                    crate::format::scalar(x)
                ),
            )
            .label(span, format!("this is {}", crate::format::scalar(x)))
            .help("for an infinite range, substitute a finite one: x = t/(1 - t^2) maps (-1, 1) onto the whole line")
            .boxed());
        }
    }
    let tol = positive_keyword(call, "tol", 1e-10)?;
    if a == b {
        return Ok(Some(Value::Scalar(0.0)));
    }
    let mut intervals = vec![(a, b, kronrod(call, &f, a, b)?)];
    loop {
        let total: f64 = intervals.iter().map(|(_, _, (v, _))| v).sum();
        let error: f64 = intervals.iter().map(|(_, _, (_, e))| e).sum();
        if error <= tol.max(tol * total.abs()) || !error.is_finite() {
            return Ok(Some(Value::Scalar(total)));
        }
        if intervals.len() >= MAX_INTERVALS {
            let text = crate::format::scalar;
            let span = call.span;
            call.host().warn(
                Diagnostic::warning(
                    ErrorKind::Domain,
                    span,
                    format!(
                        "`integral` stopped at {MAX_INTERVALS} intervals with an error estimate of {}",
                        text(error)
                    ),
                )
                .label(span, format!("the result {} may be inaccurate", text(total)))
                .help("the integrand may be singular or oscillate fast; split the range at its trouble spots"),
            );
            return Ok(Some(Value::Scalar(total)));
        }
        // Split the interval with the largest error estimate.
        let worst = intervals
            .iter()
            .enumerate()
            .max_by(|x, y| x.1 .2 .1.total_cmp(&y.1 .2 .1))
            .map_or(0, |(k, _)| k);
        let (lo, hi, _) = intervals.swap_remove(worst);
        let mid = 0.5 * (lo + hi);
        intervals.push((lo, mid, kronrod(call, &f, lo, mid)?));
        intervals.push((mid, hi, kronrod(call, &f, mid, hi)?));
    }
}

/// `minimize`'s shape rule: the start's shape, or the error for a start of known shape
/// that is not a number or a vector.
fn minimize_rule(call: &ShapeCall) -> Fallible<Option<Shape>> {
    match call.args {
        [f, x0] if f.function && x0.real => match x0.shape {
            Some(shape) => start_point(shape, x0.span).map(|()| None),
            None => Ok(None),
        },
        _ => Ok(None),
    }
}

/// The error for a starting point of `shape` (at `span`) that is not a number or a vector.
fn start_point(shape: Shape, span: Span) -> Fallible<()> {
    if !shape.is_empty() && shape.is_vector() {
        return Ok(());
    }
    Err(Diagnostic::error(
        ErrorKind::Shape,
        span,
        "`minimize` needs a starting point that is a number or a vector",
    )
    .label(span, format!("this is {}", described(shape)))
    .boxed())
}

fn minimize(call: &mut Call) -> Fallible<Option<Value>> {
    let f = function(call, 0)?;
    let x0 = call.matrix(1)?;
    let (rows, cols) = (x0.nrows(), x0.ncols());
    let n = rows * cols;
    start_point(Shape::new(rows, cols), call.arg(1)?.span)?;
    let tol = positive_keyword(call, "tol", 1e-10)?;
    let maxiter = positive_keyword(call, "maxiter", 200.0 * n as f64)? as usize;
    let point = |x: &[f64]| Value::from_mat(Mat::from_fn(rows, cols, |i, j| x[i + j * rows]));
    let eval = |call: &mut Call, x: &[f64], k: usize| -> Fallible<f64> {
        let what = format!("step {k}");
        let y = call.apply(&f, vec![point(x)], &what)?;
        real(call, &y, &what)
    };
    // The starting simplex: x0 and x0 moved 5% along each axis (0.00025 for zeros).
    let start: Vec<f64> = (0..n).map(|k| x0[(k % rows, k / rows)]).collect();
    let mut simplex: Vec<(Vec<f64>, f64)> = Vec::with_capacity(n + 1);
    simplex.push((start.clone(), eval(call, &start, 0)?));
    for k in 0..n {
        let mut x = start.clone();
        x[k] = if x[k] == 0.0 { 0.00025 } else { 1.05 * x[k] };
        let fx = eval(call, &x, 0)?;
        simplex.push((x, fx));
    }
    let along = |from: &[f64], to: &[f64], t: f64| -> Vec<f64> {
        from.iter().zip(to).map(|(a, b)| a + t * (b - a)).collect()
    };
    for step in 1..=maxiter {
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        let (best, worst) = (&simplex[0], &simplex[n]);
        let spread = (worst.1 - best.1).abs();
        let size = simplex[1..]
            .iter()
            .flat_map(|(x, _)| x.iter().zip(&best.0).map(|(a, b)| (a - b).abs()))
            .fold(0.0_f64, f64::max);
        let scale_f = best.1.abs().max(1.0);
        let scale_x = best.0.iter().fold(1.0_f64, |m, x| m.max(x.abs()));
        if spread <= tol * scale_f && size <= tol.sqrt() * scale_x {
            break;
        }
        let centroid: Vec<f64> = (0..n)
            .map(|k| simplex[..n].iter().map(|(x, _)| x[k]).sum::<f64>() / n as f64)
            .collect();
        let reflected = along(&centroid, &simplex[n].0, -1.0);
        let fr = eval(call, &reflected, step)?;
        if fr < simplex[0].1 {
            let expanded = along(&centroid, &simplex[n].0, -2.0);
            let fe = eval(call, &expanded, step)?;
            simplex[n] = if fe < fr {
                (expanded, fe)
            } else {
                (reflected, fr)
            };
        } else if fr < simplex[n - 1].1 {
            simplex[n] = (reflected, fr);
        } else {
            let inside = fr >= simplex[n].1;
            let toward = if inside { &simplex[n].0 } else { &reflected };
            let contracted = along(&centroid, toward, 0.5);
            let fc = eval(call, &contracted, step)?;
            if fc < simplex[n].1.min(fr) {
                simplex[n] = (contracted, fc);
            } else {
                // Shrink every point halfway toward the best.
                let best = simplex[0].0.clone();
                for point in simplex.iter_mut().skip(1) {
                    let x = along(&best, &point.0, 0.5);
                    let fx = eval(call, &x, step)?;
                    *point = (x, fx);
                }
            }
        }
    }
    simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
    let (x, fx) = &simplex[0];
    if call.outputs >= 2 {
        return Ok(Some(Value::Tuple(
            vec![point(x), Value::Scalar(*fx)].into(),
        )));
    }
    Ok(Some(point(x)))
}
