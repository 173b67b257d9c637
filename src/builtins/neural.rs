//! Neural-network helpers: `relu`, `sigmoid` and `softmax`, each written to stay finite and
//! accurate for large inputs (`sigmoid(-1000)` is 0, not NaN; `softmax` subtracts the max).
//!
//! ```text
//! >> softmax([[1, 1]])
//! [[0.5, 0.5]]
//! >> softmax([[1, 2], [3, 4]], dim=2)
//! [[0.26894, 0.73106], [0.26894, 0.73106]]
//! ```

use faer::Mat;

use super::args::Dim;
use super::{Builtin, Call, ShapeCall, ShapeRule};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::ops::elementwise::map;
use crate::value::{Shape, Value};

/// The builtins of this topic.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "relu",
        signature: "relu(x)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "max(x, 0) for each element; NaN stays NaN",
        example: "relu([[-2, 0, 3]])   # [[0, 0, 3]]",
        shape: ShapeRule::LikeArg(0),
        run: |call| elementwise(call, relu),
    },
    Builtin {
        name: "sigmoid",
        signature: "sigmoid(x)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "the logistic function 1 / (1 + exp(-x)) for each element, stable for large |x|",
        example: "sigmoid(0)   # 0.5",
        shape: ShapeRule::LikeArg(0),
        run: |call| elementwise(call, sigmoid),
    },
    Builtin {
        name: "softmax",
        signature: "softmax(v) or softmax(A, dim)",
        min_args: 1,
        max_args: 2,
        keywords: &["dim"],
        doc: "exp(x) / sum(exp(x)) along a vector, or down each column (dim=1) or across each row (dim=2) of a matrix",
        example: "softmax([[1, 2], [3, 4]], dim=1)   # [[0.1192, 0.1192], [0.8808, 0.8808]]",
        shape: ShapeRule::Custom(softmax_rule),
        run: softmax,
    },
];

/// Applies `f` to every element of argument 1.
fn elementwise(call: &mut Call, f: fn(f64) -> f64) -> Fallible<Option<Value>> {
    let value = call.numeric(0)?;
    match map(value, f) {
        Some(result) => Ok(Some(result)),
        None => Err(call.type_error(0, "a number or a matrix")),
    }
}

/// `max(x, 0)`, except that NaN stays NaN (as in PyTorch) instead of becoming 0.
fn relu(x: f64) -> f64 {
    if x < 0.0 {
        0.0
    } else {
        x
    }
}

/// The logistic function. For negative `x`, `exp(-x)` would overflow, so it is rewritten as
/// `exp(x) / (1 + exp(x))`, which only underflows to 0.
fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        // Also the NaN path: exp(NaN) is NaN.
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// `softmax`'s shape rule: the argument's shape, or the error for a matrix given no dimension.
fn softmax_rule(call: &ShapeCall) -> Fallible<Option<Shape>> {
    let (Some(a), true) = (
        call.args.first(),
        call.args.len() == 1 && call.keywords.is_empty(),
    ) else {
        return Ok(call.args.first().and_then(|a| a.shape.filter(|_| a.real)));
    };
    match a.shape.filter(|_| a.real) {
        Some(shape) if shape.rows != 1 && shape.cols != 1 => Err(needs_dim(shape, a.span)),
        shape => Ok(shape),
    }
}

/// The error for a softmax of a matrix with no dimension, before and during a run.
fn needs_dim(shape: Shape, span: crate::source::Span) -> Box<Diagnostic> {
    Diagnostic::error(
        ErrorKind::Shape,
        span,
        format!("`softmax` of a {shape} matrix needs a dimension"),
    )
    .label(span, format!("a {shape} matrix, not a vector"))
    .help("softmax(A, dim=1) normalises each column; softmax(A, dim=2) each row")
    .boxed()
}

/// `softmax(v)` for vectors, `softmax(A, dim)` for anything.
fn softmax(call: &mut Call) -> Fallible<Option<Value>> {
    let m = call.matrix(0)?;
    let shape = Shape::new(m.nrows(), m.ncols());
    let dim = match call.dim(Some(1))? {
        Some(dim) => dim,
        None if shape.rows == 1 => Dim::Across,
        None if shape.cols == 1 => Dim::Down,
        None => return Err(needs_dim(shape, call.arg(0)?.span)),
    };
    let mut out = Mat::clone(&m);
    match dim {
        Dim::Down => {
            for j in 0..out.ncols() {
                softmax_line(out.col_as_slice_mut(j));
            }
        }
        Dim::Across => {
            // Rows are strided in a column-major matrix: normalise a copy of each row.
            let mut row = vec![0.0; out.ncols()];
            for i in 0..out.nrows() {
                for (j, x) in row.iter_mut().enumerate() {
                    *x = out[(i, j)];
                }
                softmax_line(&mut row);
                for (j, &x) in row.iter().enumerate() {
                    out[(i, j)] = x;
                }
            }
        }
    }
    Ok(Some(Value::from_mat(out)))
}

/// Softmax of one line, in place. Subtracting the largest element first keeps every `exp`
/// at most 1, so nothing overflows. A NaN anywhere makes the whole line NaN; `+Inf` entries
/// share all the weight (the limit as they grow); a line of only `-Inf` is NaN (0/0).
fn softmax_line(xs: &mut [f64]) {
    if xs.iter().any(|x| x.is_nan()) {
        xs.fill(f64::NAN);
        return;
    }
    let max = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::INFINITY {
        let k = xs.iter().filter(|&&x| x == f64::INFINITY).count() as f64;
        for x in xs.iter_mut() {
            *x = if *x == f64::INFINITY { 1.0 / k } else { 0.0 };
        }
        return;
    }
    if max == f64::NEG_INFINITY {
        xs.fill(f64::NAN);
        return;
    }
    let mut total = 0.0;
    for x in xs.iter_mut() {
        *x = (*x - max).exp();
        total += *x;
    }
    // `total` is at least 1: the largest element contributes exp(0).
    for x in xs.iter_mut() {
        *x /= total;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::testing::{call, matrix, span};

    fn run(name: &'static str, args: Vec<Value>, dim: Option<f64>) -> Fallible<Option<Value>> {
        let keywords = dim.map(|d| ("dim", Value::Scalar(d))).into_iter().collect();
        call(name, args, keywords)
    }

    /// The elements of a result, row by row.
    #[track_caller]
    fn values(name: &'static str, args: Vec<Value>, dim: Option<f64>) -> Vec<f64> {
        match run(name, args, dim) {
            Ok(Some(Value::Scalar(x))) => vec![x],
            Ok(Some(Value::Matrix(m))) => (0..m.nrows())
                .flat_map(|i| (0..m.ncols()).map(move |j| (i, j)))
                .map(|(i, j)| m[(i, j)])
                .collect(),
            other => panic!("{name}: expected a number or matrix, got {other:?}"),
        }
    }

    #[track_caller]
    fn close(actual: &[f64], expected: &[f64]) {
        assert_eq!(actual.len(), expected.len(), "{actual:?} vs {expected:?}");
        for (a, e) in actual.iter().zip(expected) {
            let same = (a - e).abs() <= 1e-12 || (a.is_nan() && e.is_nan());
            assert!(same, "{actual:?} vs {expected:?}");
        }
    }

    const NAN: f64 = f64::NAN;
    const INF: f64 = f64::INFINITY;

    #[test]
    fn relu_clamps_negatives_and_keeps_nan() {
        close(
            &values("relu", vec![matrix(1, 4, &[-2.0, 0.0, 3.0, NAN])], None),
            &[0.0, 0.0, 3.0, NAN],
        );
        close(&values("relu", vec![Value::Scalar(-INF)], None), &[0.0]);
        close(&values("relu", vec![Value::Bool(true)], None), &[1.0]);
    }

    #[test]
    fn sigmoid_is_stable() {
        close(&values("sigmoid", vec![Value::Scalar(0.0)], None), &[0.5]);
        let v = values(
            "sigmoid",
            vec![matrix(1, 5, &[-1000.0, 1000.0, -INF, INF, NAN])],
            None,
        );
        close(&v, &[0.0, 1.0, 0.0, 1.0, NAN]);
        let small = values("sigmoid", vec![Value::Scalar(-40.0)], None)[0];
        assert!((small / (-40.0f64).exp() - 1.0).abs() < 1e-12, "{small}");
        close(&values("sigmoid", vec![matrix(0, 2, &[])], None), &[]);
    }

    #[test]
    fn softmax_of_vectors() {
        close(
            &values("softmax", vec![matrix(1, 2, &[1.0, 1.0])], None),
            &[0.5, 0.5],
        );
        close(
            &values("softmax", vec![matrix(2, 1, &[1000.0, 1000.0])], None),
            &[0.5, 0.5],
        );
        let e = 1.0f64.exp();
        close(
            &values("softmax", vec![matrix(1, 2, &[-1000.0, -999.0])], None),
            &[1.0 / (1.0 + e), e / (1.0 + e)],
        );
        close(&values("softmax", vec![Value::Scalar(7.0)], None), &[1.0]);
        close(
            &values("softmax", vec![matrix(1, 3, &[INF, 0.0, INF])], None),
            &[0.5, 0.0, 0.5],
        );
        close(
            &values("softmax", vec![matrix(1, 2, &[1.0, NAN])], None),
            &[NAN, NAN],
        );
        close(
            &values("softmax", vec![matrix(1, 2, &[-INF, -INF])], None),
            &[NAN, NAN],
        );
        close(
            &values("softmax", vec![matrix(1, 2, &[-INF, 0.0])], None),
            &[0.0, 1.0],
        );
        close(&values("softmax", vec![matrix(1, 0, &[])], None), &[]);
    }

    #[test]
    fn softmax_of_matrices_needs_a_dimension() {
        let m = || matrix(2, 2, &[1.0, 2.0, 3.0, 4.0]);
        let (a, b) = (1.0 / (1.0 + 2.0f64.exp()), 1.0 / (1.0 + (-2.0f64).exp()));
        close(&values("softmax", vec![m()], Some(1.0)), &[a, a, b, b]);
        close(
            &values("softmax", vec![m(), Value::Scalar(1.0)], None),
            &[a, a, b, b],
        );
        let (c, d) = (1.0 / (1.0 + 1.0f64.exp()), 1.0 / (1.0 + (-1.0f64).exp()));
        close(&values("softmax", vec![m()], Some(2.0)), &[c, d, c, d]);
        match run("softmax", vec![m()], None) {
            Err(d) => {
                assert_eq!(d.kind, ErrorKind::Shape);
                assert_eq!(d.message, "`softmax` of a 2×2 matrix needs a dimension");
                assert_eq!(d.span, span(5, 8));
                let help = d.help.unwrap_or_default();
                assert!(help.contains("dim=1") && help.contains("dim=2"), "{help}");
            }
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn softmax_argument_errors() {
        let m = || matrix(2, 2, &[1.0, 2.0, 3.0, 4.0]);
        let kind = |r: Fallible<Option<Value>>| r.err().map(|d| d.kind);
        assert_eq!(
            kind(run("softmax", vec![m()], Some(3.0))),
            Some(ErrorKind::Domain)
        );
        assert_eq!(
            kind(run("softmax", vec![m(), Value::Scalar(1.0)], Some(1.0))),
            Some(ErrorKind::Arity)
        );
        assert_eq!(
            kind(run("softmax", vec![Value::string("x")], None)),
            Some(ErrorKind::Type)
        );
        assert_eq!(
            kind(run("relu", vec![Value::string("x")], None)),
            Some(ErrorKind::Type)
        );
    }
}
