//! Builtins that put numbers in order: `sort` and `median`. NaN sorts after every number
//! (as in NumPy and MATLAB), and a median that meets NaN is NaN.
//!
//! ```text
//! >> sort([[3, nan, 1, 2]])      # [[1, 2, 3, NaN]]
//! >> median([[5, 1, 4, 2]])      # 3
//! ```

use std::cmp::Ordering;

use faer::Mat;

use super::args::Dim;
use super::{Builtin, Call};
use crate::diagnostic::Fallible;
use crate::value::Value;

/// The builtins of this topic.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "sort",
        signature: "sort(A[, dim])",
        min_args: 1,
        max_args: 2,
        keywords: &["dim"],
        doc: "ascending order along a vector, down each column of a matrix (dim=1, the default) or across each row (dim=2); NaN goes last",
        example: "sort([[3, 1, 2]])   # [[1, 2, 3]]",
        run: sort,
    },
    Builtin {
        name: "median",
        signature: "median(A[, dim])",
        min_args: 1,
        max_args: 2,
        keywords: &["dim"],
        doc: "the middle value of all elements (the mean of the two middle ones for an even count), or of each column (dim=1) or row (dim=2); NaN if any element is NaN or there are none",
        example: "median([[5, 1, 4, 2]])   # 3",
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

/// `sort(A[, dim])`.
fn sort(call: &mut Call) -> Fallible<Option<Value>> {
    let m = call.matrix(0)?;
    let dim = call.dim(Some(1))?.unwrap_or(Dim::natural(m.nrows()));
    let mut out = m.as_ref().to_owned();
    match dim {
        Dim::Down => {
            for j in 0..out.ncols() {
                out.col_as_slice_mut(j).sort_by(ascending);
            }
        }
        Dim::Across => {
            for i in 0..out.nrows() {
                let mut row: Vec<f64> = (0..out.ncols()).map(|j| out[(i, j)]).collect();
                row.sort_by(ascending);
                for (j, x) in row.into_iter().enumerate() {
                    out[(i, j)] = x;
                }
            }
        }
    }
    Ok(Some(Value::from_mat(out)))
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
