//! Argument checks and diagnostics shared by the linear-algebra builtins, so that "needs a
//! square matrix", "contains NaN" and "close to singular" read the same for every function.
//! Everything faer would panic on (or fail to converge on) is refused here first.

use std::sync::Arc;

use faer::{c64, Mat, MatRef};

use super::super::{Call, ShapeCall};
use crate::dense::{Entry, EPS};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::source::Span;
use crate::value::{Shape, Value};

/// The shape of a matrix.
pub fn shape(m: MatRef<'_, f64>) -> Shape {
    Shape::new(m.nrows(), m.ncols())
}

/// Argument `i` as a real matrix (scalars and bools become 1×1); complex values get the
/// shared complex refusal, strings and tuples a type error.
pub fn real_matrix(call: &Call, i: usize) -> Fallible<Arc<Mat<f64>>> {
    call.matrix(i)
}

/// The order of argument `i` if it is square; a shape error at the argument otherwise.
pub fn square(call: &Call, i: usize, a: &Mat<f64>) -> Fallible<usize> {
    square_shape(call, i, shape(a.as_ref()))
}

/// The order of a square shape `s` of argument `i`; a shape error at the argument otherwise.
pub fn square_shape(call: &Call, i: usize, s: Shape) -> Fallible<usize> {
    square_or_error(call.name, s, call.arg(i)?.span)
}

/// The shape rule of `inv` and `expm`: a square matrix's shape, or the error.
pub fn square_same(call: &ShapeCall) -> Fallible<Option<Shape>> {
    square_rule(call)
}

/// The shape rule of `det`, `logdet` and `trace`: a scalar of a square matrix, or the error.
pub fn square_scalar(call: &ShapeCall) -> Fallible<Option<Shape>> {
    Ok(square_rule(call)?.map(|_| Shape::SCALAR))
}

/// The shape rule of `eig` and `eigvals`: not followed, but the error for a known shape
/// that is not square.
pub fn square_only(call: &ShapeCall) -> Fallible<Option<Shape>> {
    square_rule(call).map(|_| None)
}

/// A real first argument's known shape when it is square, or the error.
fn square_rule(call: &ShapeCall) -> Fallible<Option<Shape>> {
    match call.args.first() {
        Some(a) if a.real && call.args.len() == 1 => match a.shape {
            Some(s) => square_or_error(call.name, s, a.span).map(|_| Some(s)),
            None => Ok(None),
        },
        _ => Ok(None),
    }
}

/// The order of the square shape `s` of `name`'s argument at `span`, or the error.
fn square_or_error(name: &str, s: Shape, span: Span) -> Fallible<usize> {
    if s.is_square() {
        return Ok(s.rows);
    }
    let mut d = Diagnostic::error(
        ErrorKind::Shape,
        span,
        format!("`{name}` needs a square matrix, but this is {s}"),
    )
    .label(span, format!("this is {s}"));
    d = match name {
        "inv" => d.help(
            "only square matrices have inverses; to solve A·x = b in the least-squares sense, use A \\ b",
        ),
        "eig" | "eigvals" => {
            d.help("only square matrices have eigenvalues; svd(A) gives singular values of any shape")
        }
        _ => d,
    };
    Err(d.boxed())
}

/// The first NaN or infinite element, as 1-based (row, column) and the value.
pub fn first_non_finite(a: MatRef<'_, f64>) -> Option<(usize, usize, f64)> {
    (0..a.ncols())
        .flat_map(|j| (0..a.nrows()).map(move |i| (i, j)))
        .map(|(i, j)| (i, j, a[(i, j)]))
        .find(|(_, _, x)| !x.is_finite())
        .map(|(i, j, x)| (i + 1, j + 1, x))
}

/// Refuses NaN and Inf in argument `i` before an iterative factorization (SVD, eigen)
/// that would not converge on them.
pub fn finite(call: &Call, i: usize, a: &Mat<f64>) -> Fallible<()> {
    let Some((row, col, x)) = first_non_finite(a.as_ref()) else {
        return Ok(());
    };
    let span = call.arg(i)?.span;
    let what = if x.is_nan() { "NaN" } else { "Inf" };
    Err(Diagnostic::error(
        ErrorKind::Domain,
        span,
        format!(
            "`{}` did not converge (the matrix contains NaN or Inf)",
            call.name
        ),
    )
    .label(
        span,
        format!(
            "this {} matrix has {what} at [{row}, {col}]",
            shape(a.as_ref())
        ),
    )
    .help(
        "the factorization is only defined for finite numbers; find where the NaN or Inf came from",
    )
    .boxed())
}

/// Argument `i` as a complex matrix (real values promoted), refusing NaN and Inf as
/// `finite` does.
pub fn finite_complex(call: &Call, i: usize) -> Fallible<Mat<c64>> {
    let a = call
        .arg(i)?
        .value
        .to_cmat()
        .ok_or_else(|| call.type_error(i, "a matrix"))?;
    let marks = Mat::from_fn(a.nrows(), a.ncols(), |r, c| {
        let z = a[(r, c)];
        if z.re.is_nan() || z.im.is_nan() {
            f64::NAN
        } else if z.re.is_infinite() || z.im.is_infinite() {
            f64::INFINITY
        } else {
            0.0
        }
    });
    finite(call, i, &marks)?;
    Ok(a)
}

/// The error for a factorization that failed to converge on finite input (rare).
pub fn no_convergence(call: &Call, i: usize) -> Box<Diagnostic> {
    let span = call.args.get(i).map_or(call.span, |a| a.span);
    Diagnostic::error(
        ErrorKind::Domain,
        span,
        format!("`{}` did not converge", call.name),
    )
    .label(span, "the iteration on this matrix did not converge")
    .boxed()
}

/// The optional "econ" string at position `i`: true when given.
pub fn econ(call: &Call, i: usize) -> Fallible<bool> {
    let Some(arg) = call.optional(i) else {
        return Ok(false);
    };
    match &arg.value {
        Value::Str(s) if &**s == "econ" => Ok(true),
        Value::Str(s) => Err(Diagnostic::error(
            ErrorKind::Domain,
            arg.span,
            format!("`{}` takes \"econ\" as its option, not \"{s}\"", call.name),
        )
        .label(arg.span, "unknown option")
        .help(format!(
            "{0}(A) gives the full factorization, {0}(A, \"econ\") the economy one",
            call.name
        ))
        .boxed()),
        _ => Err(call.type_error(i, "the string \"econ\"")),
    }
}

/// A tolerance given at `position` or as `tol=`; `None` when neither. Must be a finite
/// non-negative number.
pub fn tolerance(call: &Call, position: usize) -> Fallible<Option<f64>> {
    let positional = call.optional(position);
    let keyword = call.keyword("tol");
    if let (Some(arg), Some(kw)) = (positional, keyword) {
        return Err(Diagnostic::error(
            ErrorKind::Arity,
            kw.name_span,
            format!("`{}` was given the tolerance twice", call.name),
        )
        .label(arg.span, "the tolerance as a positional argument")
        .label(kw.name_span.to(kw.span), "and again as `tol=`")
        .boxed());
    }
    let (value, span) = match (positional, keyword) {
        (Some(arg), _) => (&arg.value, arg.span),
        (None, Some(kw)) => (&kw.value, kw.span),
        (None, None) => return Ok(None),
    };
    match value.as_scalar() {
        Some(t) if t >= 0.0 && t.is_finite() => Ok(Some(t)),
        _ => Err(Diagnostic::error(
            ErrorKind::Domain,
            span,
            format!("`{}` needs a finite non-negative tolerance", call.name),
        )
        .label(
            span,
            format!("this is {}", crate::format::value_inline(value)),
        )
        .boxed()),
    }
}

/// The largest |element|.
pub fn max_abs<T: Entry>(a: MatRef<'_, T>) -> f64 {
    (0..a.ncols())
        .flat_map(|j| (0..a.nrows()).map(move |i| (i, j)))
        .fold(0.0_f64, |m, (i, j)| m.max(a[(i, j)].magnitude()))
}

/// True when the square `a` equals its transpose up to `relative`·max|A| in every element
/// (exactly for 0).
pub fn is_symmetric<T: Entry>(a: MatRef<'_, T>, relative: f64) -> bool {
    mirrored(a, relative, |x| x)
}

/// True when the square `a` equals its conjugate transpose up to `relative`·max|A| in
/// every element (exactly for 0): symmetric, for a real matrix.
pub fn is_hermitian<T: Entry>(a: MatRef<'_, T>, relative: f64) -> bool {
    mirrored(a, relative, T::conjugate)
}

/// True when a[i, j] is within `relative`·max|A| of `mirror(a[j, i])` for every i ≥ j.
fn mirrored<T: Entry>(a: MatRef<'_, T>, relative: f64, mirror: fn(T) -> T) -> bool {
    let n = a.nrows();
    if n != a.ncols() {
        return false;
    }
    let allowed = relative * max_abs(a);
    let close = |x: T, y: T| x == y || (x - y).magnitude() <= allowed;
    // A real diagonal always mirrors itself; a complex one must be real (up to `allowed`).
    let diagonal = |d: T| {
        let gap = (d - mirror(d)).magnitude();
        gap.is_nan() || gap <= allowed
    };
    (0..n).all(|j| diagonal(a[(j, j)]) && (j + 1..n).all(|i| close(a[(i, j)], mirror(a[(j, i)]))))
}

/// How far from symmetric a matrix may be, relative to its largest element, and still be
/// treated as symmetric by `eig`, `chol` and `isposdef`: a few rounding errors, as a
/// product like X'·X computed in blocks can carry.
pub const SYMMETRY_SLACK: f64 = 64.0 * EPS;

/// Argument `i` as a vector (n×1, 1×n or a scalar), or a shape error naming `expected`.
pub fn vector(call: &Call, i: usize, expected: &str) -> Fallible<Arc<Mat<f64>>> {
    let m = real_matrix(call, i)?;
    let s = shape(m.as_ref().as_ref());
    vector_shape(call.name, (i, s, call.arg(i)?.span), expected)?;
    Ok(m)
}

/// The error when argument `i` (of shape `s`, at `span`) of `name` is not a vector.
pub fn vector_shape(
    name: &str,
    (i, s, span): (usize, Shape, Span),
    expected: &str,
) -> Fallible<()> {
    if s.is_vector() {
        return Ok(());
    }
    Err(Diagnostic::error(
        ErrorKind::Shape,
        span,
        format!("`{name}` needs {expected}, but argument {} is {s}", i + 1),
    )
    .label(span, format!("this is {s}"))
    .boxed())
}

/// The known shapes of two real arguments, checked to be vectors as `name` checks them.
pub fn two_vectors(call: &ShapeCall, expected: &str) -> Fallible<Option<(Shape, Shape)>> {
    let (Some(shapes), 2) = (call.real_shapes(), call.args.len()) else {
        return Ok(None);
    };
    for (i, (s, a)) in shapes.iter().zip(call.args).enumerate() {
        vector_shape(call.name, (i, *s, a.span), expected)?;
    }
    Ok(Some((shapes[0], shapes[1])))
}

/// The `k`-th element of a vector, counting along its length.
pub fn vector_at(v: &Mat<f64>, k: usize) -> f64 {
    if v.ncols() == 1 {
        v[(k, 0)]
    } else {
        v[(0, k)]
    }
}

/// A column of values as a value (1×1 becomes a scalar).
pub fn column(values: &[f64]) -> Value {
    Value::from_mat(Mat::from_fn(values.len(), 1, |i, _| values[i]))
}

/// Several results for destructuring.
pub fn tuple(items: Vec<Value>) -> Value {
    Value::Tuple(items.into())
}
