//! Complex-number builtins: `real`, `imag`, `conj`, `abs` (also of real values) and `angle`,
//! element-wise over scalars and matrices; results are real again where they can be.

use faer::{c64, Mat};

use super::{Builtin, Call, ShapeRule};
use crate::diagnostic::Fallible;
use crate::ops::elementwise::map;
use crate::value::Value;

/// The builtins of this topic.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "real",
        signature: "real(z)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "real part of each element",
        example: "real(3 + 4i)   # 3",
        shape: ShapeRule::LikeArg(0),
        run: |call| element_wise(call, |z| c64::new(z.re, 0.0)),
    },
    Builtin {
        name: "imag",
        signature: "imag(z)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "imaginary part of each element",
        example: "imag(3 + 4i)   # 4",
        shape: ShapeRule::LikeArg(0),
        run: |call| element_wise(call, |z| c64::new(z.im, 0.0)),
    },
    Builtin {
        name: "conj",
        signature: "conj(z)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "complex conjugate of each element",
        example: "conj(3 + 4i)   # 3 - 4i",
        shape: ShapeRule::LikeArg(0),
        run: |call| element_wise(call, |z| z.conj()),
    },
    Builtin {
        name: "abs",
        signature: "abs(x)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "absolute value of each element (the modulus of a complex number)",
        example: "abs([[-1.5, 2]])   # [[1.5, 2]];  abs(3 + 4i)   # 5",
        shape: ShapeRule::LikeArg(0),
        run: abs,
    },
    Builtin {
        name: "angle",
        signature: "angle(z)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "phase angle of each element in radians, in (-pi, pi]",
        example: "angle(1i)   # 1.5708",
        shape: ShapeRule::LikeArg(0),
        run: |call| element_wise(call, |z| c64::new(z.im.atan2(z.re), 0.0)),
    },
    Builtin {
        name: "sqrt",
        signature: "sqrt(x)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "square root of each element; negative numbers give imaginary roots (sqrt(-4) is 2i)",
        example: "sqrt([[4, 9]])   # [[2, 3]]",
        shape: ShapeRule::LikeArg(0),
        run: |call| real_or_complex(call, |x| x >= 0.0, f64::sqrt, |z| z.sqrt()),
    },
    Builtin {
        name: "exp",
        signature: "exp(x)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "e raised to each element (complex elements too)",
        example: "exp(0)   # 1",
        shape: ShapeRule::LikeArg(0),
        run: |call| real_or_complex(call, |_| true, f64::exp, |z| z.exp()),
    },
    Builtin {
        name: "log",
        signature: "log(x)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "natural logarithm of each element; log(0) is -Inf, negative numbers give complex logarithms",
        example: "log(exp(2))   # 2",
        shape: ShapeRule::LikeArg(0),
        run: |call| real_or_complex(call, |x| x >= 0.0, f64::ln, |z| z.ln()),
    },
];

/// Real input whose every element passes `real_domain` (NaN included) stays on the real
/// path; anything else is computed over complex numbers.
pub(super) fn real_or_complex(
    call: &mut Call,
    real_domain: fn(f64) -> bool,
    real: fn(f64) -> f64,
    complex: fn(c64) -> c64,
) -> Fallible<Option<Value>> {
    let value = &call.arg(0)?.value;
    let stays_real = match value {
        Value::Matrix(m) => (0..m.ncols())
            .all(|j| (0..m.nrows()).all(|i| real_domain(m[(i, j)]) || m[(i, j)].is_nan())),
        other => other
            .as_scalar()
            .is_some_and(|x| real_domain(x) || x.is_nan()),
    };
    if stays_real {
        if let Some(result) = map(value, real) {
            return Ok(Some(result));
        }
    }
    element_wise(call, complex)
}

fn abs(call: &mut Call) -> Fallible<Option<Value>> {
    // Real input keeps the real path: no detour through complex numbers.
    if let Some(result) = map(&call.arg(0)?.value, f64::abs) {
        return Ok(Some(result));
    }
    element_wise(call, |z| c64::new(z.norm(), 0.0))
}

/// Applies `f` to every element of argument 1.
pub(super) fn element_wise(call: &mut Call, f: fn(c64) -> c64) -> Fallible<Option<Value>> {
    let Some(m) = call.arg(0)?.value.to_cmat() else {
        return Err(call.type_error(0, "a number or a matrix"));
    };
    Ok(Some(Value::from_cmat(Mat::from_fn(
        m.nrows(),
        m.ncols(),
        |i, j| f(m[(i, j)]),
    ))))
}
