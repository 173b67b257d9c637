//! Numbers and tests that describe a matrix: `norm`, `rank`, `cond`, `trace`,
//! `issymmetric`, `isposdef`.
//!
//! ```text
//! >> norm([[3, 4]])
//! ans = 5
//! >> norm([[1, 2], [3, 4]], 1)
//! ans = 6
//! >> rank([[1, 2], [2, 4]])
//! ans = 1
//! ```

use faer::{c64, Mat, MatRef};

use super::super::{Call, ShapeCall};
use super::check::{self, shape};
use crate::dense::{self, Entry};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::source::Span;
use crate::value::{Shape, Value};

/// Which norm `norm(A, p)` asks for.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Norm {
    /// The 2-norm: Euclidean for vectors, spectral for matrices.
    Two,
    /// Sum of magnitudes (vectors), largest column sum (matrices).
    One,
    /// Largest magnitude (vectors), largest row sum (matrices).
    Inf,
    /// Smallest magnitude (vectors only).
    NegInf,
    /// (Σ|x|ᵖ)^(1/p) (vectors only).
    P(f64),
    /// Frobenius: the 2-norm of all elements.
    Fro,
    /// Nuclear: the sum of the singular values.
    Nuclear,
}

const NORM_CHOICES: &str =
    "norm(A) or norm(A, 2) is the 2-norm; norm(A, 1), norm(A, inf), norm(A, \"fro\") and norm(A, \"nuc\") the others; a vector also takes any p > 0 and -inf";

/// The norm named by argument 1, if given.
fn which_norm(call: &Call) -> Fallible<Norm> {
    let Some(arg) = call.optional(1) else {
        return Ok(Norm::Two);
    };
    let norm = match &arg.value {
        Value::Str(s) => match &**s {
            "fro" => Some(Norm::Fro),
            "nuc" => Some(Norm::Nuclear),
            "inf" | "Inf" => Some(Norm::Inf),
            "-inf" | "-Inf" => Some(Norm::NegInf),
            _ => None,
        },
        v => match v.as_scalar() {
            Some(2.0) => Some(Norm::Two),
            Some(1.0) => Some(Norm::One),
            Some(p) if p == f64::INFINITY => Some(Norm::Inf),
            Some(p) if p == f64::NEG_INFINITY => Some(Norm::NegInf),
            Some(p) if p > 0.0 && p.is_finite() => Some(Norm::P(p)),
            Some(_) => None,
            None => return Err(call.type_error(1, "a number or a string such as \"fro\"")),
        },
    };
    norm.ok_or_else(|| {
        Diagnostic::error(
            ErrorKind::Domain,
            arg.span,
            format!(
                "`norm` has no norm {}",
                crate::format::value_inline(&arg.value)
            ),
        )
        .label(arg.span, "not a norm")
        .help(NORM_CHOICES)
        .boxed()
    })
}

/// `norm(A[, p])`, for real and complex A (every norm but the 2-norm and the nuclear norm
/// of a matrix depends only on the magnitudes of the elements).
pub fn norm(call: &mut Call) -> Fallible<Option<Value>> {
    let which = which_norm(call)?;
    let arg = call.arg(0)?;
    let (magnitudes, complex) = match arg.value.is_complex() {
        true => {
            let z = arg.value.to_cmat().unwrap_or_else(|| Mat::zeros(0, 0));
            let m = Mat::from_fn(z.nrows(), z.ncols(), |i, j| z[(i, j)].norm());
            (std::sync::Arc::new(m), Some(z))
        }
        false => (check::real_matrix(call, 0)?, None),
    };
    let a = &*magnitudes;
    let s = shape(a.as_ref());
    let elements: Vec<f64> = (0..a.ncols())
        .flat_map(|j| a.col_as_slice(j).iter().copied())
        .collect();
    if s.is_empty() {
        return Ok(Some(Value::Scalar(0.0)));
    }
    if s.is_vector() {
        return Ok(Some(Value::Scalar(vector_norm(&elements, which))));
    }
    let value = match which {
        Norm::Fro => vector_norm(&elements, Norm::Two),
        Norm::One => max_line_sum(a, true),
        Norm::Inf => max_line_sum(a, false),
        Norm::Two | Norm::Nuclear => {
            // NaN and infinity decide the answer before any arithmetic (and SVD fails on them).
            if elements.iter().any(|x| x.is_nan()) {
                f64::NAN
            } else if elements.iter().any(|x| x.is_infinite()) {
                f64::INFINITY
            } else {
                let sv = match &complex {
                    Some(z) => dense::singular_values(z.as_ref()),
                    None => dense::singular_values(a.as_ref()),
                }
                .map_err(|_| check::no_convergence(call, 0))?;
                if which == Norm::Two {
                    sv.first().copied().unwrap_or(0.0)
                } else {
                    sv.iter().sum()
                }
            }
        }
        Norm::NegInf | Norm::P(_) => {
            let arg = call.arg(1)?;
            return Err(Diagnostic::error(
                ErrorKind::Domain,
                arg.span,
                format!(
                    "`norm` of a {s} matrix takes p = 1, 2, inf, \"fro\" or \"nuc\", not {}",
                    crate::format::value_inline(&arg.value)
                ),
            )
            .label(arg.span, "only for vectors")
            .label(call.arg(0)?.span, format!("this is {s}"))
            .help("for that norm of all the elements, make them a column first: norm(A[:], p)")
            .boxed());
        }
    };
    Ok(Some(Value::Scalar(value)))
}

/// A vector norm, computed without overflow or underflow.
fn vector_norm(x: &[f64], which: Norm) -> f64 {
    if x.iter().any(|v| v.is_nan()) {
        return f64::NAN;
    }
    let largest = x.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    match which {
        Norm::Inf => largest,
        Norm::NegInf => x.iter().fold(f64::INFINITY, |m, v| m.min(v.abs())),
        Norm::One => compensated_sum(x.iter().map(|v| v.abs())),
        Norm::Two | Norm::Fro | Norm::Nuclear => scaled_p_norm(x, 2.0, largest),
        Norm::P(p) => scaled_p_norm(x, p, largest),
    }
}

/// (Σ|x|ᵖ)^(1/p), scaled by the largest magnitude so powers neither overflow nor
/// underflow.
fn scaled_p_norm(x: &[f64], p: f64, largest: f64) -> f64 {
    if largest == 0.0 || largest.is_infinite() {
        return largest;
    }
    let sum = compensated_sum(x.iter().map(|v| {
        let r = v.abs() / largest;
        if p == 2.0 {
            r * r
        } else {
            r.powf(p)
        }
    }));
    largest
        * if p == 2.0 {
            sum.sqrt()
        } else {
            sum.powf(1.0 / p)
        }
}

/// The largest column sum (`columns`) or row sum of magnitudes.
fn max_line_sum(a: &Mat<f64>, columns: bool) -> f64 {
    let (outer, inner) = if columns {
        (a.ncols(), a.nrows())
    } else {
        (a.nrows(), a.ncols())
    };
    (0..outer)
        .map(|k| {
            compensated_sum((0..inner).map(|l| {
                if columns {
                    a[(l, k)].abs()
                } else {
                    a[(k, l)].abs()
                }
            }))
        })
        .fold(0.0_f64, |m, s| {
            if s.is_nan() || m.is_nan() {
                f64::NAN
            } else {
                m.max(s)
            }
        })
}

/// Neumaier's compensated sum.
fn compensated_sum(values: impl Iterator<Item = f64>) -> f64 {
    let (mut sum, mut compensation) = (0.0_f64, 0.0_f64);
    for x in values {
        let t = sum + x;
        if sum.abs() >= x.abs() {
            compensation += (sum - t) + x;
        } else {
            compensation += (x - t) + sum;
        }
        sum = t;
    }
    if compensation.is_finite() {
        sum + compensation
    } else {
        sum
    }
}

/// `trace`'s shape rule: a scalar, or the error for a known shape that is not square.
pub fn trace_rule(call: &ShapeCall) -> Fallible<Option<Shape>> {
    match call.args.first() {
        Some(a) if call.args.len() == 1 => match a.shape {
            Some(s) => trace_square(s, a.span).map(|()| Some(Shape::SCALAR)),
            None => Ok(Some(Shape::SCALAR)),
        },
        _ => Ok(None),
    }
}

/// The error for the trace of a matrix that is not square.
fn trace_square(s: Shape, span: Span) -> Fallible<()> {
    if s.is_square() {
        return Ok(());
    }
    Err(Diagnostic::error(
        ErrorKind::Shape,
        span,
        format!("`trace` needs a square matrix, but this is {s}"),
    )
    .label(span, format!("{s}, not square"))
    .boxed())
}

/// `trace(A)`: the sum of the diagonal of a square matrix.
pub fn trace(call: &mut Call) -> Fallible<Option<Value>> {
    let arg = call.arg(0)?;
    let s = arg.value.shape();
    trace_square(s, arg.span)?;
    if let Some(z) = arg
        .value
        .is_complex()
        .then(|| arg.value.to_cmat())
        .flatten()
    {
        let re = compensated_sum((0..s.rows).map(|k| z[(k, k)].re));
        let im = compensated_sum((0..s.rows).map(|k| z[(k, k)].im));
        return Ok(Some(Value::complex(faer::c64::new(re, im))));
    }
    let a = check::real_matrix(call, 0)?;
    Ok(Some(Value::Scalar(compensated_sum(
        (0..s.rows).map(|k| a[(k, k)]),
    ))))
}

/// The singular values (largest first) and the shape of argument 0, a finite real or
/// complex matrix.
fn singular_values_of(call: &Call) -> Fallible<(Vec<f64>, usize, usize)> {
    let (s, (m, n)) = if call.arg(0)?.value.is_complex() {
        let a = check::finite_complex(call, 0)?;
        (dense::singular_values(a.as_ref()), a.shape())
    } else {
        let a = check::real_matrix(call, 0)?;
        check::finite(call, 0, &a)?;
        (dense::singular_values(a.as_ref().as_ref()), a.shape())
    };
    let s = s.map_err(|_| check::no_convergence(call, 0))?;
    Ok((s, m, n))
}

/// `rank(A[, tol])`: how many singular values exceed the tolerance.
pub fn rank(call: &mut Call) -> Fallible<Option<Value>> {
    let tol = check::tolerance(call, 1)?;
    let (s, m, n) = singular_values_of(call)?;
    let tol = tol.unwrap_or_else(|| dense::default_tolerance(m, n, &s));
    Ok(Some(Value::Scalar(
        s.iter().filter(|&&x| x > tol).count() as f64
    )))
}

/// `cond(A)`: σ_max/σ_min in the 2-norm; Inf for a singular matrix, 0 for an empty one.
pub fn cond(call: &mut Call) -> Fallible<Option<Value>> {
    let (s, _, _) = singular_values_of(call)?;
    let value = match (s.first(), s.last()) {
        (Some(_), Some(&0.0)) => f64::INFINITY,
        (Some(&large), Some(&small)) => large / small,
        _ => 0.0,
    };
    Ok(Some(Value::Scalar(value)))
}

/// `issymmetric(A[, tol])`: A == A.' exactly, or within tol·max|A| per element (the plain
/// transpose for complex A, as Julia and Octave; `isposdef` asks for A == A').
pub fn issymmetric(call: &mut Call) -> Fallible<Option<Value>> {
    let tol = check::tolerance(call, 1)?.unwrap_or(0.0);
    let yes = if call.arg(0)?.value.is_complex() {
        let a = complex(call)?;
        let view = a.as_ref();
        no_nan(view) && check::is_symmetric(view, tol)
    } else {
        let a = check::real_matrix(call, 0)?;
        let view = a.as_ref().as_ref();
        no_nan(view) && check::is_symmetric(view, tol)
    };
    Ok(Some(Value::Bool(yes)))
}

/// `isposdef(A)`: symmetric (Hermitian when complex; up to rounding, as `chol` accepts)
/// with a Cholesky factor.
pub fn isposdef(call: &mut Call) -> Fallible<Option<Value>> {
    fn test<T: Entry>(view: MatRef<'_, T>) -> bool {
        view.nrows() == view.ncols()
            && dense::all_finite(view)
            && check::is_hermitian(view, check::SYMMETRY_SLACK)
            && dense::cholesky_upper(view).is_ok()
    }
    let yes = if call.arg(0)?.value.is_complex() {
        test(complex(call)?.as_ref())
    } else {
        test(check::real_matrix(call, 0)?.as_ref().as_ref())
    };
    Ok(Some(Value::Bool(yes)))
}

/// Argument 0 as a complex matrix.
fn complex(call: &Call) -> Fallible<Mat<c64>> {
    call.arg(0)?
        .value
        .to_cmat()
        .ok_or_else(|| call.type_error(0, "a matrix"))
}

/// True when no element is NaN (in either part).
fn no_nan<T: Entry>(a: MatRef<'_, T>) -> bool {
    (0..a.ncols()).all(|j| (0..a.nrows()).all(|i| !a[(i, j)].nan()))
}
