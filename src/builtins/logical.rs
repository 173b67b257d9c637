//! Logical matrices (masks): `logical`, `xor`, `find` and `nnz`. Comparisons, `!`, `&` and
//! `|` make logical matrices too (src/ops); builtins see them as their 0/1 matrices, so
//! `sum(A > 0)` counts and `any`/`all` work on them as they are.
//!
//! ```text
//! >> logical([2, 0, -1])         # 3×1 logical: 1 0 1
//! >> find([[0, 3], [5, 0]])      # [2, 3]: column-major positions of the non-zeros
//! ```

use faer::Mat;

use super::{Builtin, Call, ShapeRule};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::ops::elementwise::zip;
use crate::ops::Operands;
use crate::value::Value;

/// The builtins of this topic.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "logical",
        signature: "logical(A)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "A as a logical matrix (a mask): non-zero elements are true; NaN is an error; a number gives a bool",
        example: "logical([2, 0, -1])   # 3×1 logical: 1, 0, 1",
        shape: ShapeRule::LikeArg(0),
        run: logical,
    },
    Builtin {
        name: "xor",
        signature: "xor(a, b)",
        min_args: 2,
        max_args: 2,
        keywords: &[],
        doc: "true where exactly one of a and b is true (non-zero), element by element with broadcasting, as `&` and `|`",
        example: "xor([1, 1, 0], [1, 0, 0])   # 3×1 logical: 0, 1, 0",
        shape: ShapeRule::Custom(super::broadcast_args),
        run: xor,
    },
    Builtin {
        name: "find",
        signature: "find(M[, k])",
        min_args: 1,
        max_args: 2,
        keywords: &[],
        doc: "the linear (column-major) indices of the true or non-zero elements of M, as a column (0×1 when there are none); find(M, k) gives the first k",
        example: "find([[0, 3], [5, 0]])   # [2, 3]",
        shape: ShapeRule::Unknown,
        run: find,
    },
    Builtin {
        name: "nnz",
        signature: "nnz(M)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "how many elements of M are true or non-zero",
        example: "nnz([1, 0, 2, 0])   # 2",
        shape: ShapeRule::Scalar,
        run: nnz,
    },
];

/// The error for NaN where a truth value is needed.
fn nan_error(call: &Call, i: usize) -> Box<Diagnostic> {
    let span = call.args.get(i).map_or(call.span, |a| a.span);
    Diagnostic::error(
        ErrorKind::Domain,
        span,
        format!("`{}` needs true or false, but this holds NaN", call.name),
    )
    .label(span, "NaN is neither true nor false")
    .help("decide what NaN should mean first, e.g. logical(A > 0) or !isnan(A)")
    .boxed()
}

/// Argument `i` as a 0/1 matrix of which elements are non-zero (real or complex, a part
/// counting); with `truth`, NaN is an error, else it counts as non-zero (as Octave's
/// `nnz` and `find`).
fn nonzero(call: &Call, i: usize, truth: bool) -> Fallible<Mat<f64>> {
    let m = call
        .arg(i)?
        .value
        .to_cmat()
        .ok_or_else(|| call.type_error(i, "a number or a matrix"))?;
    let mut nan = false;
    let mask = Mat::from_fn(m.nrows(), m.ncols(), |r, c| {
        let z = m[(r, c)];
        nan |= z.re.is_nan() || z.im.is_nan();
        f64::from(u8::from(z.re != 0.0 || z.im != 0.0))
    });
    if truth && nan {
        return Err(nan_error(call, i));
    }
    Ok(mask)
}

fn logical(call: &mut Call) -> Fallible<Option<Value>> {
    Ok(Some(Value::from_logical(nonzero(call, 0, true)?)))
}

fn xor(call: &mut Call) -> Fallible<Option<Value>> {
    let a = Value::from_mat(nonzero(call, 0, true)?);
    let b = Value::from_mat(nonzero(call, 1, true)?);
    let at = Operands {
        left: call.arg(0)?.span,
        op: call.span,
        right: call.arg(1)?.span,
    };
    let result = zip("`xor`", &a, &b, at, call.host_ref(), |x, y| {
        f64::from(u8::from((x != 0.0) != (y != 0.0)))
    })?;
    Ok(Some(match result {
        Value::Matrix(m) => Value::from_logical(m.as_ref().clone()),
        other => Value::Bool(other.as_scalar().is_some_and(|x| x != 0.0)),
    }))
}

fn nnz(call: &mut Call) -> Fallible<Option<Value>> {
    let m = nonzero(call, 0, false)?;
    let n: usize = (0..m.ncols())
        .map(|j| m.col_as_slice(j).iter().filter(|&&x| x != 0.0).count())
        .sum();
    Ok(Some(Value::Scalar(n as f64)))
}

fn find(call: &mut Call) -> Fallible<Option<Value>> {
    let m = nonzero(call, 0, false)?;
    let limit = match call.optional(1) {
        Some(_) => call.count(1)?,
        None => usize::MAX,
    };
    let rows = m.nrows();
    let mut found = Vec::new();
    'columns: for j in 0..m.ncols() {
        for (i, &x) in m.col_as_slice(j).iter().enumerate() {
            if found.len() >= limit {
                break 'columns;
            }
            if x != 0.0 {
                found.push((i + j * rows + 1) as f64);
            }
        }
    }
    Ok(Some(Value::from_mat(Mat::from_fn(
        found.len(),
        1,
        |k, _| found[k],
    ))))
}
