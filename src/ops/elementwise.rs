//! Element-wise maps and broadcasting zips: the machinery behind `.+ .- .* ./ .^`, the
//! comparisons and element-wise builtins such as `sqrt` and `max(A, B)`.

use std::sync::Arc;

use faer::Mat;

use super::rules::{broadcast, broadcast_shape, Operands};
use crate::diagnostic::Fallible;
use crate::host::Host;
use crate::value::Value;

/// Applies `f` to every element: a scalar or bool gives a scalar, a matrix a matrix of the
/// same shape. Non-numeric values are returned as `None`.
pub fn map(value: &Value, f: impl Fn(f64) -> f64) -> Option<Value> {
    match value {
        Value::Matrix(m) => Some(Value::Matrix(Arc::new(Mat::from_fn(
            m.nrows(),
            m.ncols(),
            |i, j| f(m[(i, j)]),
        )))),
        other => other.as_scalar().map(|x| Value::Scalar(f(x))),
    }
}

/// `f` applied element by element to two real operands of one shape (or a matrix and a
/// number), written into the storage of a matrix operand that nothing else holds, such as
/// the temporary `W * x` in `W * x + b`: no new matrix is allocated. The operands come back
/// unchanged when neither can be reused (shared matrices, shapes that broadcast, other
/// kinds of value); the caller then takes the allocating path, which also reports errors.
pub fn zip_reusing(
    a: Value,
    b: Value,
    f: impl Fn(f64, f64) -> f64,
) -> Result<Value, (Value, Value)> {
    match (a, b) {
        (Value::Matrix(mut x), Value::Matrix(mut y)) if x.shape() == y.shape() => {
            if let Some(m) = Arc::get_mut(&mut x) {
                update(m, Some(&y), &f);
                return Ok(Value::Matrix(x));
            }
            if let Some(m) = Arc::get_mut(&mut y) {
                update(m, Some(&x), |v, w| f(w, v));
                return Ok(Value::Matrix(y));
            }
            Err((Value::Matrix(x), Value::Matrix(y)))
        }
        (Value::Matrix(mut x), Value::Scalar(s)) => match Arc::get_mut(&mut x) {
            Some(m) => {
                update(m, None, |v, _| f(v, s));
                Ok(Value::Matrix(x))
            }
            None => Err((Value::Matrix(x), Value::Scalar(s))),
        },
        (Value::Scalar(s), Value::Matrix(mut y)) => match Arc::get_mut(&mut y) {
            Some(m) => {
                update(m, None, |v, _| f(s, v));
                Ok(Value::Matrix(y))
            }
            None => Err((Value::Scalar(s), Value::Matrix(y))),
        },
        (a, b) => Err((a, b)),
    }
}

/// Replaces every element `v` of `m` with `f(v, w)`, `w` the element at the same place in
/// `other` (of `m`'s shape; 0 without one), column by column over slices.
fn update(m: &mut Mat<f64>, other: Option<&Mat<f64>>, f: impl Fn(f64, f64) -> f64) {
    for j in 0..m.ncols() {
        let column = m.col_as_slice_mut(j);
        match other {
            Some(o) => {
                for (v, &w) in column.iter_mut().zip(o.col_as_slice(j)) {
                    *v = f(*v, w);
                }
            }
            None => {
                for v in column {
                    *v = f(*v, 0.0);
                }
            }
        }
    }
}

/// Combines two numeric values element by element with broadcasting. `what` names the
/// operation for the error ("`.*`", "`max`"). Both values must be numeric (scalar, bool or
/// matrix); the caller checks kinds first.
pub fn zip(
    what: &str,
    a: &Value,
    b: &Value,
    at: Operands,
    host: &Host,
    f: impl Fn(f64, f64) -> f64,
) -> Fallible<Value> {
    if let Some(out) = broadcast_shape(a.shape(), b.shape()) {
        if matches!(a, Value::Matrix(_)) || matches!(b, Value::Matrix(_)) {
            host.check_alloc(out.rows, out.cols, at.op)?;
        }
    }
    match (a, b) {
        (Value::Matrix(x), Value::Matrix(y)) => {
            let (sa, sb) = (a.shape(), b.shape());
            if sa == sb {
                return Ok(Value::from_mat(Mat::from_fn(sa.rows, sa.cols, |i, j| {
                    f(x[(i, j)], y[(i, j)])
                })));
            }
            let out = broadcast(what, sa, sb, at)?;
            let xi = |i: usize, j: usize| {
                x[(
                    if sa.rows == 1 { 0 } else { i },
                    if sa.cols == 1 { 0 } else { j },
                )]
            };
            let yi = |i: usize, j: usize| {
                y[(
                    if sb.rows == 1 { 0 } else { i },
                    if sb.cols == 1 { 0 } else { j },
                )]
            };
            Ok(Value::from_mat(Mat::from_fn(out.rows, out.cols, |i, j| {
                f(xi(i, j), yi(i, j))
            })))
        }
        (Value::Matrix(x), other) => {
            let s = other.as_scalar().unwrap_or(f64::NAN);
            Ok(Value::from_mat(Mat::from_fn(
                x.nrows(),
                x.ncols(),
                |i, j| f(x[(i, j)], s),
            )))
        }
        (other, Value::Matrix(y)) => {
            let s = other.as_scalar().unwrap_or(f64::NAN);
            Ok(Value::from_mat(Mat::from_fn(
                y.nrows(),
                y.ncols(),
                |i, j| f(s, y[(i, j)]),
            )))
        }
        (x, y) => Ok(Value::Scalar(f(
            x.as_scalar().unwrap_or(f64::NAN),
            y.as_scalar().unwrap_or(f64::NAN),
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A rows×cols real matrix made from `seed`, or the scalar `seed`.
    fn value(rows: usize, cols: usize, seed: f64, scalar: bool) -> Value {
        match scalar {
            true => Value::Scalar(seed),
            false => Value::Matrix(Arc::new(Mat::from_fn(rows, cols, |i, j| {
                seed * (i as f64 + 1.0) - j as f64
            }))),
        }
    }

    /// Element `(i, j)` of a matrix, or the scalar.
    fn at(v: &Value, i: usize, j: usize) -> f64 {
        match v {
            Value::Matrix(m) => m[(i, j)],
            other => other.as_scalar().unwrap_or(f64::NAN),
        }
    }

    proptest! {
        #[test]
        fn reuse_writes_what_a_new_matrix_would_hold(
            (rows, cols) in (0usize..5, 0usize..5),
            (a, b) in (-1e3f64..1e3, -1e3f64..1e3),
            (a_scalar, b_scalar) in (any::<bool>(), any::<bool>()),
            shared in 0usize..3,
        ) {
            prop_assume!(!(a_scalar && b_scalar));
            // An operand kept elsewhere (1: the left, 2: the right) cannot be reused.
            let f = |x: f64, y: f64| x / y - y;
            let (x, y) = (value(rows, cols, a, a_scalar), value(rows, cols, b, b_scalar));
            let expected = Mat::from_fn(rows, cols, |i, j| f(at(&x, i, j), at(&y, i, j)));
            let held = match shared {
                1 => Some(x.clone()),
                2 => Some(y.clone()),
                _ => None,
            };
            match zip_reusing(x, y, f) {
                Ok(got) => prop_assert_eq!(
                    format!("{got:?}"),
                    format!("{:?}", Value::Matrix(Arc::new(expected)))
                ),
                // Refused only when the one matrix operand is held elsewhere.
                Err(_) => prop_assert!(held.is_some() && (a_scalar || b_scalar)),
            }
        }
    }
}
