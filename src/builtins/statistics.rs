//! Statistics of samples: `var`, `std`, `cov`, `corrcoef` and the stable `logsumexp`.
//!
//! `var` and `std` reduce like `sum` and `mean`: over every element without a dimension (a
//! matrix gives a scalar), or down each column (`dim=1`) or across each row (`dim=2`). They
//! divide by n − 1, as NumPy's `ddof=1` and Octave's default; one sample has variance 0 (as
//! in Octave) and no samples NaN. `cov` and `corrcoef` take the columns as variables and the
//! rows as observations, as Octave does; a vector is one variable.
//!
//! ```text
//! >> var([[1, 2], [3, 4]], dim=1)
//! ans = 1×2
//!    2   2
//! >> cov([[1, 2], [2, 4], [3, 7]])
//! ans = 2×2
//!   1.0   2.5
//!   2.5   6.3333
//! ```

use std::sync::Arc;

use faer::{c64, Mat};

use super::args::Dim;
use super::complex_input::{part, with_args};
use super::reductions::compensated_sum;
use super::{Builtin, Call, ShapeCall, ShapeRule};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::ops::elementwise::map;
use crate::source::Span;
use crate::value::{Shape, Value};

/// The builtins of this topic.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "var",
        signature: "var(A[, dim])",
        min_args: 1,
        max_args: 2,
        keywords: &["dim"],
        doc: "sample variance (dividing by n - 1) of all elements (a matrix gives a scalar), or down each column (dim=1) or across each row (dim=2); one sample gives 0, none NaN",
        example: "var([[2, 4, 4, 4, 5, 5, 7, 9]])   # 4.5714",
        shape: ShapeRule::Reduce { positional: true },
        run: |call| spread(call, |v| v),
    },
    Builtin {
        name: "std",
        signature: "std(A[, dim])",
        min_args: 1,
        max_args: 2,
        keywords: &["dim"],
        doc: "sample standard deviation, the square root of `var` (dividing by n - 1), over all elements or along dim=1 or dim=2",
        example: "std([[1, 2], [3, 4]], dim=2)   # [[0.70711], [0.70711]]",
        shape: ShapeRule::Reduce { positional: true },
        run: |call| spread(call, f64::sqrt),
    },
    Builtin {
        name: "logsumexp",
        signature: "logsumexp(A[, dim])",
        min_args: 1,
        max_args: 2,
        keywords: &["dim"],
        doc: "log(sum(exp(A))) computed without overflow, over all elements or along dim=1 or dim=2; of nothing it is -Inf",
        example: "logsumexp([[1000, 1000]])   # 1000.6931",
        shape: ShapeRule::Reduce { positional: true },
        run: |call| {
            if call.arg(0)?.value.is_complex() {
                return complex_log_sum_exp(call);
            }
            along(call, log_sum_exp)
        },
    },
    Builtin {
        name: "cov",
        signature: "cov(X) or cov(x, y)",
        min_args: 1,
        max_args: 2,
        keywords: &[],
        doc: "covariance matrix (dividing by n - 1) of the columns of X, each column a variable and each row an observation; a vector gives its variance; cov(x, y) is the 2×2 covariance of two equally long vectors; complex X gives Xc'·Xc/(n - 1) with the conjugating ' (as Octave)",
        example: "cov([[1, 2], [2, 4], [3, 7]])   # [[1, 2.5], [2.5, 6.3333]]",
        shape: ShapeRule::Custom(pair_rule),
        run: cov,
    },
    Builtin {
        name: "corrcoef",
        signature: "corrcoef(X) or corrcoef(x, y)",
        min_args: 1,
        max_args: 2,
        keywords: &[],
        doc: "correlation coefficients of the columns of X (or of two equally long vectors), each in [-1, 1]; a constant variable gives NaN",
        example: "corrcoef([1, 2, 3], [2, 4, 7])   # [[1, 0.99340], [0.99340, 1]]",
        shape: ShapeRule::Custom(pair_rule),
        run: corrcoef,
    },
];

/// Applies `f` to the elements of argument 1: to all of them (column-major) without a
/// dimension, else to each column (`dim=1`, giving a row) or each row (`dim=2`, a column).
/// The dimension is `dim=` or positional argument 2, as for `sum`.
fn along(call: &mut Call, f: fn(&[f64]) -> f64) -> Fallible<Option<Value>> {
    let m = call.matrix(0)?;
    let result = match call.dim(Some(1))? {
        None => {
            let all: Vec<f64> = (0..m.ncols())
                .flat_map(|j| m.col_as_slice(j).iter().copied())
                .collect();
            return Ok(Some(Value::Scalar(f(&all))));
        }
        Some(Dim::Down) => Mat::from_fn(1, m.ncols(), |_, j| f(m.col_as_slice(j))),
        Some(Dim::Across) => {
            let mut row = vec![0.0; m.ncols()];
            Mat::from_fn(m.nrows(), 1, |i, _| {
                for (j, x) in row.iter_mut().enumerate() {
                    *x = m[(i, j)];
                }
                f(&row)
            })
        }
    };
    Ok(Some(Value::from_mat(result)))
}

/// `var` (`finish` is the identity) or `std` (`finish` is `sqrt`). For a complex argument
/// the variance is that of the real parts plus that of the imaginary parts (the mean squared
/// distance |z - mean|², as NumPy's `var`), a real number.
fn spread(call: &mut Call, finish: fn(f64) -> f64) -> Fallible<Option<Value>> {
    let real = |call: &mut Call| along(call, variance);
    let total = if call.arg(0)?.value.is_complex() {
        let z = call.arg(0)?.value.clone();
        let (re, im) = (part(&z, |z| z.re), part(&z, |z| z.im));
        let a = with_args(call, &[0], vec![re], real)?;
        let b = with_args(call, &[0], vec![im], real)?;
        match (a, b) {
            (Some(a), Some(b)) => Some(add(a, b)),
            (a, _) => a,
        }
    } else {
        real(call)?
    };
    Ok(total.map(|v| match v {
        Value::Scalar(x) => Value::Scalar(finish(x)),
        other => map(&other, finish).unwrap_or(other),
    }))
}

/// The sum of two real results of the same shape.
fn add(a: Value, b: Value) -> Value {
    match (&a, &b) {
        (Value::Scalar(x), Value::Scalar(y)) => Value::Scalar(x + y),
        (Value::Matrix(x), Value::Matrix(y)) if x.shape() == y.shape() => {
            Value::from_mat(&**x + &**y)
        }
        _ => a,
    }
}

/// The sample variance, two-pass: the mean first, then the squared deviations from it.
fn variance(xs: &[f64]) -> f64 {
    let n = xs.len();
    if n == 0 {
        return f64::NAN;
    }
    let mean = compensated_sum(xs.iter().copied()) / n as f64;
    let squares = compensated_sum(xs.iter().map(|x| (x - mean) * (x - mean)));
    squares / (n - 1).max(1) as f64
}

/// `log(sum(exp(xs)))` with the largest element taken out first, so nothing overflows.
fn log_sum_exp(xs: &[f64]) -> f64 {
    if xs.iter().any(|x| x.is_nan()) {
        return f64::NAN;
    }
    let top = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if top.is_infinite() {
        // All -Inf (or none) gives -Inf; any +Inf gives +Inf.
        return top;
    }
    top + compensated_sum(xs.iter().map(|x| (x - top).exp())).ln()
}

/// The data as observations × variables: argument 1 alone (a vector is one variable), or
/// two vectors of one length side by side.
/// `logsumexp` of complex values: log Σ exp(z) on the principal branch, shifted by the
/// largest real part so nothing overflows (as SciPy's `logsumexp`).
fn complex_log_sum_exp(call: &mut Call) -> Fallible<Option<Value>> {
    let m = call
        .arg(0)?
        .value
        .to_cmat()
        .ok_or_else(|| call.type_error(0, "a number or a matrix"))?;
    let f = |zs: &[c64]| -> c64 {
        let top = zs.iter().map(|z| z.re).fold(f64::NEG_INFINITY, f64::max);
        if !top.is_finite() {
            return c64::new(top, 0.0);
        }
        let sum = zs
            .iter()
            .fold(c64::new(0.0, 0.0), |s, z| s + (z - top).exp());
        sum.ln() + top
    };
    let result = match call.dim(Some(1))? {
        None => {
            let all: Vec<c64> = (0..m.ncols())
                .flat_map(|j| (0..m.nrows()).map(move |i| (i, j)))
                .map(|(i, j)| m[(i, j)])
                .collect();
            return Ok(Some(Value::complex(f(&all))));
        }
        Some(Dim::Down) => Mat::from_fn(1, m.ncols(), |_, j| {
            f(&(0..m.nrows()).map(|i| m[(i, j)]).collect::<Vec<_>>())
        }),
        Some(Dim::Across) => Mat::from_fn(m.nrows(), 1, |i, _| {
            f(&(0..m.ncols()).map(|j| m[(i, j)]).collect::<Vec<_>>())
        }),
    };
    Ok(Some(Value::from_cmat(result)))
}

/// The shape rule of `cov` and `corrcoef`: of two vectors, 2×2; the run's error for two
/// arguments that are not vectors of one length.
fn pair_rule(call: &ShapeCall) -> Fallible<Option<Shape>> {
    match (call.real_shapes().as_deref(), call.args) {
        (Some(&[sx, sy]), [x, y]) => {
            paired(call.name, (sx, sy), (x.span, y.span), call.span)?;
            Ok(Some(Shape::new(2, 2)))
        }
        _ => Ok(None),
    }
}

/// The error for `name(x, y)` when x and y are not vectors of one length.
fn paired(
    name: &str,
    (sx, sy): (Shape, Shape),
    (xs, ys): (Span, Span),
    span: Span,
) -> Fallible<()> {
    for (at, shape) in [(xs, sx), (ys, sy)] {
        if !shape.is_vector() {
            return Err(Diagnostic::error(
                ErrorKind::Shape,
                at,
                format!("`{name}` of two arguments needs two vectors, but one is {shape}"),
            )
            .label(at, format!("this is {shape}"))
            .help(format!(
                "for the variables in the columns of one matrix, call {name}(X)"
            ))
            .boxed());
        }
    }
    if sx.len() == sy.len() {
        return Ok(());
    }
    Err(Diagnostic::error(
        ErrorKind::Shape,
        span,
        format!(
            "`{name}` needs two vectors of the same length, but they have {} and {} elements",
            sx.len(),
            sy.len()
        ),
    )
    .label(xs, format!("{sx}, {} elements", sx.len()))
    .label(ys, format!("{sy}, {} elements", sy.len()))
    .help("each element of x is one observation, paired with the element of y at the same position")
    .boxed())
}

fn variables(call: &Call) -> Fallible<Mat<f64>> {
    let x = call.matrix(0)?;
    let as_column = |m: &Mat<f64>| {
        let n = m.nrows() * m.ncols();
        let cols = m.nrows();
        Mat::from_fn(n, 1, move |k, _| m[(k % cols.max(1), k / cols.max(1))])
    };
    let Some(y_arg) = call.optional(1) else {
        let shape = Shape::new(x.nrows(), x.ncols());
        return Ok(if shape.is_vector() {
            as_column(&x)
        } else {
            x.as_ref().to_owned()
        });
    };
    let y = call.matrix(1)?;
    let (sx, sy) = (
        Shape::new(x.nrows(), x.ncols()),
        Shape::new(y.nrows(), y.ncols()),
    );
    let x_arg = call.arg(0)?;
    paired(call.name, (sx, sy), (x_arg.span, y_arg.span), call.span)?;
    let (xs, ys) = (as_column(&x), as_column(&y));
    Ok(Mat::from_fn(sx.len(), 2, |i, j| {
        if j == 0 {
            xs[(i, 0)]
        } else {
            ys[(i, 0)]
        }
    }))
}

/// The p×p sample covariance of the columns of an n×p matrix: NaN without observations.
fn covariance(data: &Mat<f64>) -> Mat<f64> {
    let (n, p) = (data.nrows(), data.ncols());
    if n == 0 {
        return Mat::full(p, p, f64::NAN);
    }
    let means: Vec<f64> = (0..p)
        .map(|j| compensated_sum(data.col_as_slice(j).iter().copied()) / n as f64)
        .collect();
    let centred = Mat::from_fn(n, p, |i, j| data[(i, j)] - means[j]);
    let divisor = (n - 1).max(1) as f64;
    let mut c = Mat::<f64>::zeros(p, p);
    for a in 0..p {
        for b in a..p {
            let products = centred
                .col_as_slice(a)
                .iter()
                .zip(centred.col_as_slice(b))
                .map(|(u, v)| u * v);
            let value = compensated_sum(products) / divisor;
            c[(a, b)] = value;
            c[(b, a)] = value;
        }
    }
    c
}

fn cov(call: &mut Call) -> Fallible<Option<Value>> {
    if let Some((re, im)) = complex_variables(call)? {
        return Ok(Some(Value::from_cmat(complex_covariance(&re, &im))));
    }
    let data = variables(call)?;
    call.check_alloc(data.ncols(), data.ncols())?;
    Ok(Some(Value::from_mat(covariance(&data))))
}

fn corrcoef(call: &mut Call) -> Fallible<Option<Value>> {
    if let Some((re, im)) = complex_variables(call)? {
        let c = complex_covariance(&re, &im);
        let p = c.nrows();
        let r = Mat::from_fn(p, p, |a, b| {
            let scale = (c[(a, a)].re * c[(b, b)].re).sqrt();
            if a == b && scale > 0.0 && scale.is_finite() {
                c64::new(1.0, 0.0)
            } else {
                // Rounding can push |r| a hair past 1; NaN (a constant variable) stays NaN.
                let r = c[(a, b)] / scale;
                if r.norm() > 1.0 {
                    r / r.norm()
                } else {
                    r
                }
            }
        });
        return Ok(Some(Value::from_cmat(r)));
    }
    let data = variables(call)?;
    call.check_alloc(data.ncols(), data.ncols())?;
    let c = covariance(&data);
    let p = c.nrows();
    let r = Mat::from_fn(p, p, |a, b| {
        let scale = (c[(a, a)] * c[(b, b)]).sqrt();
        if a == b && scale > 0.0 && scale.is_finite() {
            1.0
        } else {
            // Rounding can push |r| a hair past 1; NaN (a constant variable) stays NaN.
            (c[(a, b)] / scale).clamp(-1.0, 1.0)
        }
    });
    Ok(Some(Value::from_mat(r)))
}

/// For complex data: the variables of the real parts and of the imaginary parts (both
/// checked as `variables` checks them); `None` when no argument is complex.
fn complex_variables(call: &mut Call) -> Fallible<Option<(Mat<f64>, Mat<f64>)>> {
    let positions: Vec<usize> = (0..call.args.len().min(2)).collect();
    if !positions.iter().any(|&p| call.args[p].value.is_complex()) {
        return Ok(None);
    }
    let values: Vec<Value> = positions
        .iter()
        .map(|&p| call.args[p].value.clone())
        .collect();
    let as_matrix = |v: Option<Value>| match v {
        Some(Value::Matrix(m)) => m.as_ref().clone(),
        Some(other) => Mat::from_fn(1, 1, |_, _| other.as_scalar().unwrap_or(f64::NAN)),
        None => Mat::zeros(0, 0),
    };
    let run = |call: &mut Call| variables(call).map(|m| Some(Value::Matrix(Arc::new(m))));
    let re = with_args(
        call,
        &positions,
        values.iter().map(|v| part(v, |z| z.re)).collect(),
        run,
    )?;
    let im = with_args(
        call,
        &positions,
        values.iter().map(|v| part(v, |z| z.im)).collect(),
        run,
    )?;
    let (re, im) = (as_matrix(re), as_matrix(im));
    call.check_alloc(re.ncols(), re.ncols())?;
    Ok(Some((re, im)))
}

/// The covariance of complex variables (columns) X = R + iJ as Octave computes it,
/// C = Xc'·Xc/(n − 1) with the conjugating `'`: C = cov(R) + cov(J) + i·(cov(R, J) −
/// cov(J, R)), from the real covariance of [R J]. (NumPy, whose variables are rows,
/// conjugates the other factor, so its off-diagonal elements are the conjugates.)
fn complex_covariance(re: &Mat<f64>, im: &Mat<f64>) -> Mat<c64> {
    let (n, p) = (re.nrows(), re.ncols());
    let stacked = Mat::from_fn(
        n,
        2 * p,
        |i, j| {
            if j < p {
                re[(i, j)]
            } else {
                im[(i, j - p)]
            }
        },
    );
    let k = covariance(&stacked);
    Mat::from_fn(p, p, |a, b| {
        c64::new(k[(a, b)] + k[(a + p, b + p)], k[(a, b + p)] - k[(a + p, b)])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::testing::{call, matrix};

    fn run(name: &'static str, args: Vec<Value>, dim: Option<f64>) -> Fallible<Option<Value>> {
        let keywords = dim.map(|d| ("dim", Value::Scalar(d))).into_iter().collect();
        call(name, args, keywords)
    }

    /// The elements of a result, row by row, with its shape.
    #[track_caller]
    fn ok(name: &'static str, args: Vec<Value>, dim: Option<f64>) -> (Shape, Vec<f64>) {
        match run(name, args, dim) {
            Ok(Some(Value::Scalar(x))) => (Shape::SCALAR, vec![x]),
            Ok(Some(Value::Matrix(m))) => {
                let shape = Shape::new(m.nrows(), m.ncols());
                let data = (0..m.nrows())
                    .flat_map(|i| (0..m.ncols()).map(move |j| (i, j)))
                    .map(|(i, j)| m[(i, j)])
                    .collect();
                (shape, data)
            }
            other => panic!("{name}: expected a number or matrix, got {other:?}"),
        }
    }

    /// Compares with reference values from NumPy to 1e-12 relative; NaN matches NaN.
    #[track_caller]
    fn close(
        name: &'static str,
        args: Vec<Value>,
        dim: Option<f64>,
        rows: usize,
        cols: usize,
        expected: &[f64],
    ) {
        let (shape, got) = ok(name, args, dim);
        assert_eq!(shape, Shape::new(rows, cols), "{name}: shape");
        for (g, e) in got.iter().zip(expected) {
            let same =
                (g.is_nan() && e.is_nan()) || g == e || (g - e).abs() <= 1e-12 * e.abs().max(1.0);
            assert!(same, "{name}: got {got:?}, expected {expected:?}");
        }
    }

    fn s(x: f64) -> Value {
        Value::Scalar(x)
    }

    fn a() -> Value {
        // [[1, 2], [3, 5]]
        matrix(2, 2, &[1.0, 2.0, 3.0, 5.0])
    }

    #[test]
    fn variance_divides_by_n_minus_one() {
        let v = || matrix(1, 8, &[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
        // numpy.var(v, ddof=1) = 32/7, numpy.std(v, ddof=1) = sqrt(32/7)
        close("var", vec![v()], None, 1, 1, &[32.0 / 7.0]);
        close("std", vec![v()], None, 1, 1, &[(32.0f64 / 7.0).sqrt()]);
        // The column form gives the same answer.
        close(
            "var",
            vec![matrix(8, 1, &[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0])],
            None,
            1,
            1,
            &[32.0 / 7.0],
        );
        // numpy.var([[1, 2], [3, 5]], ddof=1) = 2.9166666666666665 (all elements)
        close("var", vec![a()], None, 1, 1, &[2.9166666666666665]);
        // axis=0: [2, 4.5]; axis=1: [0.5, 2]
        close("var", vec![a()], Some(1.0), 1, 2, &[2.0, 4.5]);
        close("var", vec![a()], Some(2.0), 2, 1, &[0.5, 2.0]);
        close("var", vec![a(), s(2.0)], None, 2, 1, &[0.5, 2.0]);
        close(
            "std",
            vec![a()],
            Some(1.0),
            1,
            2,
            &[2.0f64.sqrt(), 4.5f64.sqrt()],
        );
    }

    #[test]
    fn variance_of_one_sample_is_zero_and_of_none_nan() {
        close("var", vec![s(5.0)], None, 1, 1, &[0.0]);
        close("var", vec![a()], Some(1.0), 1, 2, &[2.0, 4.5]);
        close(
            "var",
            vec![matrix(1, 3, &[1.0, 2.0, 3.0])],
            Some(1.0),
            1,
            3,
            &[0.0; 3],
        );
        close("var", vec![matrix(0, 2, &[])], None, 1, 1, &[f64::NAN]);
        close(
            "var",
            vec![matrix(0, 2, &[])],
            Some(1.0),
            1,
            2,
            &[f64::NAN; 2],
        );
        close(
            "var",
            vec![matrix(1, 2, &[1.0, f64::INFINITY])],
            None,
            1,
            1,
            &[f64::NAN],
        );
    }

    #[test]
    fn variance_is_accurate_far_from_zero() {
        // A naive E[x²] − E[x]² loses every digit here; numpy.var(..., ddof=1) = 1.0
        let v = matrix(1, 3, &[1e9 + 1.0, 1e9 + 2.0, 1e9 + 3.0]);
        close("var", vec![v], None, 1, 1, &[1.0]);
    }

    #[test]
    fn logsumexp_does_not_overflow() {
        // numpy: log(2) + 1000 = 1000.6931471805599
        close(
            "logsumexp",
            vec![matrix(1, 2, &[1000.0, 1000.0])],
            None,
            1,
            1,
            &[1000.6931471805599],
        );
        // scipy.special.logsumexp([1, 2, 3]) = 3.4076059644443806
        close(
            "logsumexp",
            vec![matrix(3, 1, &[1.0, 2.0, 3.0])],
            None,
            1,
            1,
            &[3.4076059644443806],
        );
        // axis=0 of [[1, 2], [3, 5]]: [3.1269280110429727, 5.048587351573742]
        close(
            "logsumexp",
            vec![a()],
            Some(1.0),
            1,
            2,
            &[3.1269280110429727, 5.048587351573742],
        );
        // axis=1: [2.3132616875182228, 5.126928011042972]
        close(
            "logsumexp",
            vec![a()],
            Some(2.0),
            2,
            1,
            &[2.3132616875182228, 5.126928011042972],
        );
        let inf = f64::INFINITY;
        close(
            "logsumexp",
            vec![matrix(1, 2, &[-inf, -inf])],
            None,
            1,
            1,
            &[-inf],
        );
        close(
            "logsumexp",
            vec![matrix(1, 2, &[1.0, inf])],
            None,
            1,
            1,
            &[inf],
        );
        close(
            "logsumexp",
            vec![matrix(1, 2, &[1.0, f64::NAN])],
            None,
            1,
            1,
            &[f64::NAN],
        );
        close("logsumexp", vec![matrix(0, 0, &[])], None, 1, 1, &[-inf]);
        close(
            "logsumexp",
            vec![matrix(1, 2, &[-inf, 0.0])],
            None,
            1,
            1,
            &[0.0],
        );
    }

    #[test]
    fn covariance_takes_columns_as_variables() {
        let x = || matrix(3, 2, &[1.0, 2.0, 2.0, 4.0, 3.0, 7.0]);
        // numpy.cov(x, rowvar=False) = [[1, 2.5], [2.5, 6.333333333333333]]
        close(
            "cov",
            vec![x()],
            None,
            2,
            2,
            &[1.0, 2.5, 2.5, 6.333333333333333],
        );
        // numpy.corrcoef(x, rowvar=False)[0, 1] = 0.9933992677987828
        let r = 0.9933992677987828;
        close("corrcoef", vec![x()], None, 2, 2, &[1.0, r, r, 1.0]);
        // Two vectors in any orientation are two variables.
        let u = || matrix(1, 3, &[1.0, 2.0, 3.0]);
        let w = || matrix(3, 1, &[2.0, 4.0, 7.0]);
        close(
            "cov",
            vec![u(), w()],
            None,
            2,
            2,
            &[1.0, 2.5, 2.5, 6.333333333333333],
        );
        close("corrcoef", vec![u(), w()], None, 2, 2, &[1.0, r, r, 1.0]);
        // A vector alone is one variable.
        close("cov", vec![u()], None, 1, 1, &[1.0]);
        close("corrcoef", vec![w()], None, 1, 1, &[1.0]);
    }

    #[test]
    fn covariance_edge_cases() {
        // A constant variable: zero variance, NaN correlation.
        let x = matrix(3, 2, &[1.0, 5.0, 2.0, 5.0, 3.0, 5.0]);
        close("cov", vec![x.clone()], None, 2, 2, &[1.0, 0.0, 0.0, 0.0]);
        close(
            "corrcoef",
            vec![x],
            None,
            2,
            2,
            &[1.0, f64::NAN, f64::NAN, f64::NAN],
        );
        // Perfectly anti-correlated.
        let y = matrix(3, 2, &[1.0, 3.0, 2.0, 2.0, 3.0, 1.0]);
        close("corrcoef", vec![y], None, 2, 2, &[1.0, -1.0, -1.0, 1.0]);
        // One observation divides by 1; none gives NaN.
        close(
            "cov",
            vec![matrix(1, 2, &[1.0, 2.0]), matrix(1, 2, &[3.0, 4.0])],
            None,
            2,
            2,
            &[0.5, 0.5, 0.5, 0.5],
        );
        close("cov", vec![matrix(0, 2, &[])], None, 2, 2, &[f64::NAN; 4]);
    }

    #[test]
    fn covariance_refuses_mismatched_pairs() {
        let d = run(
            "cov",
            vec![matrix(1, 2, &[1.0, 2.0]), matrix(1, 3, &[1.0, 2.0, 3.0])],
            None,
        )
        .unwrap_err();
        assert_eq!(
            d.message,
            "`cov` needs two vectors of the same length, but they have 2 and 3 elements"
        );
        let d = run("corrcoef", vec![a(), a()], None).unwrap_err();
        assert_eq!(d.kind, ErrorKind::Shape);
        assert!(d.message.contains("needs two vectors"), "{}", d.message);
        // Complex pairs are checked as real ones are.
        let z = |n: usize| {
            Value::from_cmat(faer::Mat::from_fn(1, n, |_, j| {
                faer::c64::new(j as f64, 1.0)
            }))
        };
        let d = run("cov", vec![z(2), z(3)], None).unwrap_err();
        assert_eq!(
            d.message,
            "`cov` needs two vectors of the same length, but they have 2 and 3 elements"
        );
        assert!(run("var", vec![a()], Some(3.0)).is_err());
    }
}
