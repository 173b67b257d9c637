//! How builtins meet complex arguments: the one refusal ("complex input is not supported by
//! `f`", with the reason), the by-parts adapter for builtins that are linear in an argument
//! (`sum(z)` is `sum(real(z)) + sum(imag(z))·i`), and the lexicographic order NumPy uses
//! for complex numbers (by real part, then imaginary part).
//!
//! ```text
//! >> sum([[1+2i, 3]])        # 4 + 2i
//! >> relu(1i)                # error: complex input is not supported by `relu`
//! ```

use std::cmp::Ordering;

use faer::{c64, Mat};

use super::Call;
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::value::Value;

/// Why builtin `name` refuses complex values for an argument that should be `expected`.
fn reason(name: &str, expected: &str) -> String {
    match name {
        "relu" => "`relu` compares each element with 0, and complex numbers have no such order".into(),
        "mod" | "rem" => format!(
            "`{name}` rounds the quotient along the real line, and complex numbers have no such order (as in NumPy)"
        ),
        "clamp" => "`clamp` compares each element with its bounds, and complex numbers have no such order".into(),
        "floor" | "ceil" => format!(
            "`{name}` rounds along the real line (as in NumPy); round(z) rounds both parts"
        ),
        "atan2" => "`atan2` takes the real coordinates of a point; angle(z) gives the angle of a complex number".into(),
        "sigmoid" | "softmax" => format!(
            "`{name}` turns real scores into probabilities, which complex values are not"
        ),
        "median" => "a median needs the middle of the values by size, and complex numbers have no size order; sort(z) orders them by real then imaginary part".into(),
        "fzero" => "`fzero` looks for a sign change of a real function between two real numbers, and complex numbers have no sign".into(),
        "integral" => "`integral` integrates along the real line, between real limits".into(),
        "minimize" => "`minimize` compares the function's values, so it searches over real numbers".into(),
        "mapcols" | "maprows" => format!("`{name}` takes real matrices; map(f, A) takes complex ones element by element"),
        "source" | "load" | "save" => format!("`{name}` takes the name of a file, as a string"),
        "num" => "`num` reads a number from a string".into(),
        "format" => "`format` takes a display style such as \"long\" or \"short\"".into(),
        "plot" | "scatter" | "hist" | "bar" | "heatmap" | "spy" | "arrows" | "quiver" => format!(
            "a picture shows real numbers: {name}(real(z)), {name}(imag(z)) or {name}(abs(z))"
        ),
        "assert" | "error" | "print" => format!("`{name}` takes a condition or a message"),
        _ if expected.starts_with("a number") && !expected.contains("matrix") => {
            format!("this argument of `{name}` is a real number (a size, count, offset or option)")
        }
        _ => format!("`{name}` works on real values only so far"),
    }
}

/// The one refusal of a complex argument `i`, for a builtin that expected `expected`.
pub fn refused(call: &Call, i: usize, expected: &str) -> Box<Diagnostic> {
    let (span, what) = match call.args.get(i) {
        Some(arg) => (arg.span, arg.value.describe()),
        None => (call.span, "complex value".into()),
    };
    Diagnostic::error(
        ErrorKind::Type,
        span,
        format!("complex input is not supported by `{}`", call.name),
    )
    .label(span, format!("this is a {what}"))
    .help(reason(call.name, expected))
    .boxed()
}

/// One part of a numeric value, as a real value of the same shape.
pub fn part(value: &Value, take: fn(c64) -> f64) -> Value {
    match value {
        Value::Complex(z) => Value::Scalar(take(*z)),
        Value::ComplexMatrix(m) => {
            Value::from_mat(Mat::from_fn(m.nrows(), m.ncols(), |i, j| take(m[(i, j)])))
        }
        other => match other.as_scalar() {
            Some(x) => Value::Scalar(take(c64::new(x, 0.0))),
            None => other.clone(),
        },
    }
}

/// `re + im·i` for two results of the same builtin (tuples element by element).
fn combine(re: Value, im: Value) -> Value {
    match (re, im) {
        (Value::Tuple(a), Value::Tuple(b)) => Value::Tuple(
            a.iter()
                .zip(b.iter())
                .map(|(x, y)| combine(x.clone(), y.clone()))
                .collect(),
        ),
        (re, im) => match (re.to_cmat(), im.to_cmat()) {
            (Some(a), Some(b)) if a.shape() == b.shape() => {
                Value::from_cmat(Mat::from_fn(a.nrows(), a.ncols(), |i, j| {
                    c64::new(a[(i, j)].re - b[(i, j)].im, a[(i, j)].im + b[(i, j)].re)
                }))
            }
            (_, _) => re,
        },
    }
}

/// Runs `run` with the arguments at `positions` replaced by `values`, then puts them back.
pub fn with_args(
    call: &mut Call,
    positions: &[usize],
    values: Vec<Value>,
    run: impl Fn(&mut Call) -> Fallible<Option<Value>>,
) -> Fallible<Option<Value>> {
    let mut saved = Vec::with_capacity(positions.len());
    for (&p, v) in positions.iter().zip(values) {
        saved.push(std::mem::replace(&mut call.args[p].value, v));
    }
    let result = run(call);
    for (&p, v) in positions.iter().zip(saved) {
        call.args[p].value = v;
    }
    result
}

/// For a builtin linear in the arguments at `positions`: a complex argument there runs the
/// builtin on the real parts and on the imaginary parts and joins the two results.
pub fn by_parts(
    call: &mut Call,
    positions: &[usize],
    run: fn(&mut Call) -> Fallible<Option<Value>>,
) -> Fallible<Option<Value>> {
    let positions: Vec<usize> = positions
        .iter()
        .copied()
        .filter(|&p| p < call.args.len())
        .collect();
    if !positions.iter().any(|&p| call.args[p].value.is_complex()) {
        return run(call);
    }
    let parts = |take: fn(c64) -> f64, call: &Call| -> Vec<Value> {
        positions
            .iter()
            .map(|&p| part(&call.args[p].value, take))
            .collect()
    };
    let re = with_args(call, &positions, parts(|z| z.re, call), run)?;
    let im = with_args(call, &positions, parts(|z| z.im, call), run)?;
    Ok(match (re, im) {
        (Some(re), Some(im)) => Some(combine(re, im)),
        (re, _) => re,
    })
}

/// For a builtin linear in each of its first two arguments (`kron`, `outer`, `cross`):
/// f(a, b) = f(aᵣ, b) + f(aᵢ, b)·i, each of those by parts in b.
pub fn bilinear(
    call: &mut Call,
    run: fn(&mut Call) -> Fallible<Option<Value>>,
) -> Fallible<Option<Value>> {
    if call.args.len() < 2 || !call.args.iter().any(|a| a.value.is_complex()) {
        return run(call);
    }
    let first = call.args[0].value.clone();
    let in_second = |call: &mut Call| by_parts(call, &[1], run);
    let re = with_args(call, &[0], vec![part(&first, |z| z.re)], in_second)?;
    let im = with_args(call, &[0], vec![part(&first, |z| z.im)], in_second)?;
    Ok(match (re, im) {
        (Some(re), Some(im)) => Some(combine(re, im)),
        (re, _) => re,
    })
}

/// NumPy's order of complex numbers: by real part, then imaginary part; NaN parts last.
pub fn lexicographic(a: &c64, b: &c64) -> Ordering {
    let key = |x: f64| (x.is_nan(), x);
    let (ka, kb) = ((key(a.re), key(a.im)), (key(b.re), key(b.im)));
    ka.partial_cmp(&kb).unwrap_or(Ordering::Equal)
}
