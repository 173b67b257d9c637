//! Complex input for the builtins that order values (`max`, `min`, `argmax`, `argmin`,
//! `sort`). Complex numbers are ordered as NumPy orders them: by real part, then by
//! imaginary part. Each complex value is replaced by its rank among the distinct values
//! of the data, the real implementation runs on the ranks, and ranks in its result are
//! turned back into the values they stand for (positions from `argmax`/`argmin` are kept
//! as they are). NaN parts make a NaN rank, which the real implementations already treat
//! as NaN. One rule instead of a complex copy of each ordering builtin.

use std::cmp::Ordering;

use faer::{c64, Mat};

use super::by_parts::Real;
use super::{Arg, Call};
use crate::diagnostic::Fallible;
use crate::value::Value;

/// What the real implementation gives back.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Gives {
    /// Values (ranks to turn back into values).
    Values,
    /// Positions (1-based indices), kept as they are.
    Positions,
}

/// NumPy's order of complex numbers: by real part, then by imaginary part.
pub fn compare(a: c64, b: c64) -> Ordering {
    a.re.total_cmp(&b.re).then(a.im.total_cmp(&b.im))
}

/// Runs `real` on `call`, through ranks when an argument at one of the `data` positions is
/// complex.
pub fn by_rank(
    call: &mut Call,
    data: &[usize],
    gives: Gives,
    real: Real,
) -> Fallible<Option<Value>> {
    let complex = data
        .iter()
        .any(|&i| call.args.get(i).is_some_and(|a| a.value.is_complex()));
    if !complex {
        return real(call);
    }
    // The distinct values of all data arguments, in order.
    let mut values: Vec<c64> = Vec::new();
    for &i in data {
        if let Some(m) = call.args.get(i).and_then(|a| a.value.to_cmat()) {
            for j in 0..m.ncols() {
                for i in 0..m.nrows() {
                    let z = m[(i, j)];
                    if !z.re.is_nan() && !z.im.is_nan() {
                        values.push(z);
                    }
                }
            }
        }
    }
    values.sort_by(|a, b| compare(*a, *b));
    values.dedup_by(|a, b| compare(*a, *b) == Ordering::Equal);
    let rank = |z: c64| -> f64 {
        if z.re.is_nan() || z.im.is_nan() {
            return f64::NAN;
        }
        values
            .binary_search_by(|v| compare(*v, z))
            .map_or(f64::NAN, |k| k as f64)
    };
    let args = call
        .args
        .iter()
        .enumerate()
        .map(|(i, arg)| Arg {
            value: match arg.value.to_cmat() {
                Some(m) if data.contains(&i) => {
                    Value::from_mat(Mat::from_fn(m.nrows(), m.ncols(), |i, j| rank(m[(i, j)])))
                }
                _ => arg.value.clone(),
            },
            span: arg.span,
        })
        .collect();
    let mut sub = Call {
        name: call.name,
        span: call.span,
        args,
        keywords: call.keywords.clone(),
        outputs: call.outputs,
        host: &mut *call.host,
    };
    let result = real(&mut sub)?;
    let unrank = |value: &Value| -> Value {
        match value.to_cmat() {
            Some(m) if value.is_numeric() => {
                Value::from_cmat(Mat::from_fn(m.nrows(), m.ncols(), |i, j| {
                    let r = m[(i, j)].re;
                    if r.is_nan() {
                        c64::new(f64::NAN, 0.0)
                    } else {
                        values
                            .get(r as usize)
                            .copied()
                            .unwrap_or(c64::new(f64::NAN, 0.0))
                    }
                }))
            }
            _ => value.clone(),
        }
    };
    Ok(result.map(|value| match (gives, value) {
        (Gives::Positions, value) => value,
        // `value, index = max(v)`: the value is a rank, the index a position.
        (Gives::Values, Value::Tuple(items)) => Value::Tuple(
            items
                .iter()
                .enumerate()
                .map(|(k, v)| if k == 0 { unrank(v) } else { v.clone() })
                .collect::<Vec<_>>()
                .into(),
        ),
        (Gives::Values, value) => unrank(&value),
    }))
}
