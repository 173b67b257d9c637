//! Builtins that put numbers in order: `sort`, `unique` and `median`. Complex numbers are
//! ordered as in NumPy, by real part and then imaginary part. NaN sorts after every number
//! (as in NumPy and MATLAB), and a median that meets NaN is NaN.
//!
//! ```text
//! >> sort([[3, nan, 1, 2]])      # [[1, 2, 3, NaN]]
//! >> median([[5, 1, 4, 2]])      # 3
//! ```

use std::cmp::Ordering;

use faer::{c64, Mat};

use super::args::Dim;
use super::complex_input::lexicographic;
use super::{Builtin, Call, ShapeRule};
use crate::diagnostic::Fallible;
use crate::value::Value;

/// The builtins of this topic.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "sort",
        signature: "sort(A[, dim], descend=false) or v, i = sort(A)",
        min_args: 1,
        max_args: 2,
        keywords: &["dim", "descend"],
        doc: "ascending (or with descend=true descending) order along a vector, down each column of a matrix (dim=1, the default) or across each row (dim=2); NaN goes last; complex numbers by real then imaginary part; a second result gives the 1-based positions the values came from (stable)",
        example: "v, i = sort([[3, 1, 2]])   # v = [[1, 2, 3]], i = [[2, 3, 1]]",
        shape: ShapeRule::LikeArg(0),
        run: sort,
    },
    Builtin {
        name: "unique",
        signature: "unique(A)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "the distinct elements in ascending order (complex by real then imaginary part): a row for a row, a column otherwise (as in Octave)",
        example: "unique([[3, 1, 3, 2]])   # [[1, 2, 3]]",
        shape: ShapeRule::Unknown,
        run: unique,
    },
    Builtin {
        name: "median",
        signature: "median(A[, dim])",
        min_args: 1,
        max_args: 2,
        keywords: &["dim"],
        doc: "the middle value of all elements (the mean of the two middle ones for an even count), or of each column (dim=1) or row (dim=2); NaN if any element is NaN or there are none",
        example: "median([[5, 1, 4, 2]])   # 3",
        shape: ShapeRule::Reduce { positional: true },
        run: median,
    },
];

/// Ascending, with NaN after every number.
fn ascending(a: &f64, b: &f64) -> Ordering {
    match (a.is_nan(), b.is_nan()) {
        (false, false) => a.partial_cmp(b).unwrap_or(Ordering::Equal),
        (a_nan, b_nan) => a_nan.cmp(&b_nan),
    }
}

/// `sort(A[, dim], descend=false)`; `v, i = sort(A)` also gives the 1-based positions the
/// sorted elements came from along each line. Stable: equal elements keep their order.
/// Complex elements go by real part, then imaginary part (NumPy's order).
fn sort(call: &mut Call) -> Fallible<Option<Value>> {
    let arg = call.arg(0)?;
    let Some(m) = arg.value.to_cmat() else {
        return Err(call.type_error(0, "a number or a matrix"));
    };
    let descend =
        match call.keyword("descend") {
            Some(kw) => match kw.value {
                Value::Bool(b) => b,
                _ => return Err(crate::diagnostic::Diagnostic::error(
                    crate::diagnostic::ErrorKind::Type,
                    kw.span,
                    "`sort` takes descend=true or descend=false",
                )
                .label(kw.span, format!("this is a {}", kw.value.describe()))
                .help(
                    "descend=true sorts largest first; descend=false (the default) smallest first",
                )
                .boxed()),
            },
            None => false,
        };
    let dim = call.dim(Some(1))?.unwrap_or(Dim::natural(m.nrows()));
    let (rows, cols) = m.shape();
    let mut values = m.clone();
    let mut from = Mat::<f64>::zeros(rows, cols);
    let (lines, len) = match dim {
        Dim::Down => (cols, rows),
        Dim::Across => (rows, cols),
    };
    let at = |line: usize, k: usize| match dim {
        Dim::Down => (k, line),
        Dim::Across => (line, k),
    };
    for line in 0..lines {
        let mut order: Vec<usize> = (0..len).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (&m[at(line, a)], &m[at(line, b)]);
            let nan = |z: &c64| z.re.is_nan() || z.im.is_nan();
            nan(x).cmp(&nan(y)).then_with(|| {
                let o = lexicographic(x, y);
                if descend {
                    o.reverse()
                } else {
                    o
                }
            })
        });
        for (k, &source) in order.iter().enumerate() {
            values[at(line, k)] = m[at(line, source)];
            from[at(line, k)] = (source + 1) as f64;
        }
    }
    let values = Value::from_cmat(values);
    if call.outputs >= 2 {
        return Ok(Some(Value::Tuple(
            vec![values, Value::from_mat(from)].into(),
        )));
    }
    Ok(Some(values))
}

/// `unique(A)`: the distinct elements in ascending order (NumPy's order for complex ones),
/// NaNs last and each kept (NaN equals nothing). A row stays a row; anything else gives a
/// column, as in Octave.
fn unique(call: &mut Call) -> Fallible<Option<Value>> {
    let arg = call.arg(0)?;
    let Some(m) = arg.value.to_cmat() else {
        return Err(call.type_error(0, "a number or a matrix"));
    };
    let mut all: Vec<c64> = (0..m.ncols())
        .flat_map(|j| (0..m.nrows()).map(move |i| (i, j)))
        .map(|(i, j)| m[(i, j)])
        .collect();
    all.sort_by(lexicographic);
    all.dedup_by(|a, b| a == b);
    let n = all.len();
    let out = if m.nrows() == 1 {
        Mat::from_fn(1, n, |_, j| all[j])
    } else {
        Mat::from_fn(n, 1, |i, _| all[i])
    };
    Ok(Some(Value::from_cmat(out)))
}

/// `median(A[, dim])`.
fn median(call: &mut Call) -> Fallible<Option<Value>> {
    let m = call.matrix(0)?;
    let value = match call.dim(Some(1))? {
        None => {
            let all: Vec<f64> = (0..m.ncols())
                .flat_map(|j| m.col_as_slice(j).iter().copied())
                .collect();
            Value::Scalar(middle(all))
        }
        Some(Dim::Down) => Value::from_mat(Mat::from_fn(1, m.ncols(), |_, j| {
            middle(m.col_as_slice(j).to_vec())
        })),
        Some(Dim::Across) => Value::from_mat(Mat::from_fn(m.nrows(), 1, |i, _| {
            middle((0..m.ncols()).map(|j| m[(i, j)]).collect())
        })),
    };
    Ok(Some(value))
}

/// The median of `values`: NaN when there are none or any is NaN.
fn middle(mut values: Vec<f64>) -> f64 {
    if values.is_empty() || values.iter().any(|x| x.is_nan()) {
        return f64::NAN;
    }
    values.sort_by(ascending);
    let half = values.len() / 2;
    match (
        values.get(half),
        half.checked_sub(1).and_then(|k| values.get(k)),
    ) {
        (Some(&upper), Some(&lower)) if values.len().is_multiple_of(2) => (lower + upper) / 2.0,
        (Some(&upper), _) => upper,
        _ => f64::NAN,
    }
}
