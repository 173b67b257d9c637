//! Running products and differences along a vector or a dimension: `cumprod` (the partner
//! of `cumsum`) and `diff`. Without `dim` both run along a vector, and down the columns of
//! anything else, as MATLAB and Octave do.
//!
//! ```text
//! >> diff([[1, 4, 9, 16]])
//! ans = 1×3
//!    3   5   7
//! ```

use faer::Mat;

use super::args::Dim;
use super::complex_input::by_parts;
use super::reductions::cumprod;
use super::{Builtin, Call, ShapeRule};
use crate::diagnostic::Fallible;
use crate::value::Value;

/// The builtins of this topic.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "cumprod",
        signature: "cumprod(A[, dim])",
        min_args: 1,
        max_args: 2,
        keywords: &["dim"],
        doc: "running products: along a vector, down each column of a matrix (dim=1, the default) or across each row (dim=2)",
        example: "cumprod([[1, 2], [3, 4]])   # [[1, 2], [3, 8]]",
        shape: ShapeRule::LikeArg(0),
        run: cumprod,
    },
    Builtin {
        name: "diff",
        signature: "diff(A[, dim=d])",
        min_args: 1,
        max_args: 1,
        keywords: &["dim"],
        doc: "differences of neighbours: along a vector (one element shorter), down each column of a matrix (dim=1, the default) or across each row (dim=2)",
        example: "diff([1, 4, 9, 16])   # [3, 5, 7]",
        shape: ShapeRule::Unknown,
        run: |call| by_parts(call, &[0], diff),
    },
];

/// `diff`: each element minus the one before it, along the chosen dimension.
fn diff(call: &mut Call) -> Fallible<Option<Value>> {
    let m = call.matrix(0)?;
    let (rows, cols) = (m.nrows(), m.ncols());
    let out = match call.dim(None)?.unwrap_or(Dim::natural(rows)) {
        Dim::Down => Mat::from_fn(rows.saturating_sub(1), cols, |i, j| {
            m[(i + 1, j)] - m[(i, j)]
        }),
        Dim::Across => Mat::from_fn(rows, cols.saturating_sub(1), |i, j| {
            m[(i, j + 1)] - m[(i, j)]
        }),
    };
    Ok(Some(Value::from_mat(out)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::testing::{call, matrix};

    #[track_caller]
    fn expect(name: &'static str, a: Value, dim: Option<f64>, expected: Value) {
        let keywords = dim.map(|d| ("dim", Value::Scalar(d))).into_iter().collect();
        match call(name, vec![a], keywords) {
            Ok(Some(v)) => assert_eq!(v, expected, "{name}"),
            other => panic!("{name}: expected {expected:?}, got {other:?}"),
        }
    }

    fn a() -> Value {
        matrix(2, 3, &[1.0, 2.0, 3.0, 4.0, 6.0, 9.0])
    }

    #[test]
    fn cumprod_runs_like_cumsum() {
        let row = matrix(1, 4, &[1.0, 2.0, 3.0, 4.0]);
        expect("cumprod", row, None, matrix(1, 4, &[1.0, 2.0, 6.0, 24.0]));
        let column = matrix(3, 1, &[2.0, -1.0, 0.5]);
        expect("cumprod", column, None, matrix(3, 1, &[2.0, -2.0, -1.0]));
        expect(
            "cumprod",
            a(),
            None,
            matrix(2, 3, &[1.0, 2.0, 3.0, 4.0, 12.0, 27.0]),
        );
        expect(
            "cumprod",
            a(),
            Some(2.0),
            matrix(2, 3, &[1.0, 2.0, 6.0, 4.0, 24.0, 216.0]),
        );
        expect("cumprod", matrix(0, 2, &[]), None, matrix(0, 2, &[]));
        expect("cumprod", Value::Scalar(3.0), None, Value::Scalar(3.0));
    }

    #[test]
    fn diff_shortens_by_one() {
        let row = matrix(1, 4, &[1.0, 4.0, 9.0, 16.0]);
        expect("diff", row, None, matrix(1, 3, &[3.0, 5.0, 7.0]));
        let column = matrix(3, 1, &[1.0, 4.0, 9.0]);
        expect("diff", column, None, matrix(2, 1, &[3.0, 5.0]));
        expect("diff", a(), None, matrix(1, 3, &[3.0, 4.0, 6.0]));
        expect("diff", a(), Some(1.0), matrix(1, 3, &[3.0, 4.0, 6.0]));
        expect("diff", a(), Some(2.0), matrix(2, 2, &[1.0, 1.0, 2.0, 3.0]));
        expect("diff", matrix(2, 1, &[1.0, 3.5]), None, Value::Scalar(2.5));
        expect("diff", Value::Scalar(7.0), None, matrix(1, 0, &[]));
        expect("diff", matrix(0, 3, &[]), None, matrix(0, 3, &[]));
        let inf = f64::INFINITY;
        match call("diff", vec![matrix(1, 2, &[inf, inf])], Vec::new()) {
            Ok(Some(Value::Scalar(x))) => assert!(x.is_nan()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn diff_takes_dim_only_as_a_keyword() {
        let d = call("diff", vec![a(), Value::Scalar(1.0)], Vec::new()).unwrap_err();
        assert_eq!(d.kind, crate::diagnostic::ErrorKind::Arity);
        let d = call("diff", vec![a()], vec![("dim", Value::Scalar(0.0))]).unwrap_err();
        assert_eq!(d.kind, crate::diagnostic::ErrorKind::Domain);
    }
}
