//! Element-wise mathematical functions (`sin`, `log2`, `round`, ..., `atan2`): each applies to
//! every element of a scalar, bool or matrix and keeps its shape. Complex input is computed
//! over complex numbers (as NumPy does), and so is real input outside a function's real domain
//! (`log2(-8)`, `asin(2)`), as `sqrt` and `log` do; `atan2` is real only.

use faer::c64;

use super::complex::{element_wise, real_or_complex};
use super::{Builtin, Call};
use crate::diagnostic::Fallible;
use crate::ops::elementwise::{map, zip};
use crate::ops::Operands;
use crate::value::Value;

/// One table row for a one-argument element-wise function, with its real form and its
/// complex form (for complex input).
macro_rules! unary {
    ($name:literal, $f:expr, $c:expr, $doc:literal, $example:literal) => {
        Builtin {
            name: $name,
            signature: concat!($name, "(x)"),
            min_args: 1,
            max_args: 1,
            keywords: &[],
            doc: $doc,
            example: $example,
            run: |call| unary(call, $f, $c),
        }
    };
}

/// A table row for a function whose real form holds on `$domain` only; real input outside
/// it is computed over complex numbers.
macro_rules! beyond_real {
    ($name:literal, $domain:expr, $f:expr, $c:expr, $doc:literal, $example:literal) => {
        Builtin {
            name: $name,
            signature: concat!($name, "(x)"),
            min_args: 1,
            max_args: 1,
            keywords: &[],
            doc: $doc,
            example: $example,
            run: |call| real_or_complex(call, $domain, $f, $c),
        }
    };
}

/// The builtins of this topic.
pub const BUILTINS: &[Builtin] = &[
    beyond_real!(
        "log2",
        |x| x >= 0.0,
        f64::log2,
        |z| z.log2(),
        "base-2 logarithm of each element (complex for negative numbers)",
        "log2([[1, 8]])   # [[0, 3]]"
    ),
    beyond_real!(
        "log10",
        |x| x >= 0.0,
        f64::log10,
        |z| z.log10(),
        "base-10 logarithm of each element (complex for negative numbers)",
        "log10(1000)   # 3"
    ),
    unary!(
        "sin",
        f64::sin,
        |z| z.sin(),
        "sine of each element (radians)",
        "sin(pi / 2)   # 1"
    ),
    unary!(
        "cos",
        f64::cos,
        |z| z.cos(),
        "cosine of each element (radians)",
        "cos(0)   # 1"
    ),
    unary!(
        "tan",
        f64::tan,
        |z| z.tan(),
        "tangent of each element (radians)",
        "tan(0)   # 0"
    ),
    unary!(
        "asin",
        f64::asin,
        |z| z.asin(),
        "inverse sine of each element, in radians; a real number outside [-1, 1] gives NaN (as NumPy)",
        "asin(1)   # 1.5708"
    ),
    unary!(
        "acos",
        f64::acos,
        |z| z.acos(),
        "inverse cosine of each element, in radians; a real number outside [-1, 1] gives NaN (as NumPy)",
        "acos(1)   # 0"
    ),
    unary!(
        "atan",
        f64::atan,
        |z| z.atan(),
        "inverse tangent of each element, in radians",
        "atan(1)   # 0.7854"
    ),
    unary!(
        "sinh",
        f64::sinh,
        |z| z.sinh(),
        "hyperbolic sine of each element",
        "sinh(0)   # 0"
    ),
    unary!(
        "cosh",
        f64::cosh,
        |z| z.cosh(),
        "hyperbolic cosine of each element",
        "cosh(0)   # 1"
    ),
    unary!(
        "tanh",
        f64::tanh,
        |z| z.tanh(),
        "hyperbolic tangent of each element",
        "tanh([[-100, 0]])   # [[-1, 0]]"
    ),
    unary!(
        "floor",
        f64::floor,
        |z| c64::new(z.re.floor(), z.im.floor()),
        "largest integer not above each element (of the real and imaginary parts apart)",
        "floor([[1.5, -1.5]])   # [[1, -2]]"
    ),
    unary!(
        "ceil",
        f64::ceil,
        |z| c64::new(z.re.ceil(), z.im.ceil()),
        "smallest integer not below each element (of the real and imaginary parts apart)",
        "ceil([[1.5, -1.5]])   # [[2, -1]]"
    ),
    unary!(
        "round",
        f64::round,
        |z| c64::new(z.re.round(), z.im.round()),
        "nearest integer to each element, halves away from zero (as MATLAB; real and imaginary parts apart)",
        "round([[2.5, -2.5, 2.4]])   # [[3, -3, 2]]"
    ),
    unary!(
        "sign",
        sign,
        complex_sign,
        "-1, 0 or 1 by the sign of each element; NaN stays NaN; z/|z| for complex z",
        "sign([[-3, 0, 2]])   # [[-1, 0, 1]]"
    ),
    Builtin {
        name: "atan2",
        signature: "atan2(y, x)",
        min_args: 2,
        max_args: 2,
        keywords: &[],
        doc: "angle of the point (x, y) in radians, in [-pi, pi], element-wise with broadcasting",
        example: "atan2(1, -1)   # 2.3562",
        run: atan2,
    },
];

/// Applies `f` to every element of argument 1, or `complex` when it is complex.
fn unary(call: &mut Call, f: fn(f64) -> f64, complex: fn(c64) -> c64) -> Fallible<Option<Value>> {
    if call.arg(0)?.value.is_complex() {
        return element_wise(call, complex);
    }
    let value = call.numeric(0)?;
    match map(value, f) {
        Some(result) => Ok(Some(result)),
        None => Err(call.type_error(0, "a number or a matrix")),
    }
}

/// The sign of a complex number: z/|z|, and 0 for 0 (as NumPy 2 and Octave).
fn complex_sign(z: c64) -> c64 {
    let r = z.norm();
    if r == 0.0 {
        z
    } else {
        z / r
    }
}

/// The sign of `x` as -1, 0 or 1 (unlike `f64::signum`, zero gives 0); NaN stays NaN.
fn sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        // 0, -0 and NaN are their own sign.
        x
    }
}

/// `atan2(y, x)` element-wise, broadcasting `y` against `x`.
fn atan2(call: &mut Call) -> Fallible<Option<Value>> {
    for i in 0..2 {
        if call.arg(i)?.value.is_complex() {
            return Err(call.complex_refused(i, "it is the angle of a point with real coordinates x and y; for the angle of a complex number use angle(z)"));
        }
    }
    let y = call.numeric(0)?;
    let x = call.numeric(1)?;
    let at = Operands {
        left: call.arg(0)?.span,
        op: call.span,
        right: call.arg(1)?.span,
    };
    zip("`atan2`", y, x, at, call.host, f64::atan2).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::testing::{arg_span, call, matrix, span};
    use crate::diagnostic::{ErrorKind, Span};

    fn run(name: &'static str, args: Vec<Value>) -> Fallible<Option<Value>> {
        call(name, args, Vec::new())
    }

    #[track_caller]
    fn expect_value(name: &'static str, args: Vec<Value>, expected: Value) {
        match run(name, args) {
            Ok(Some(value)) => assert_eq!(value, expected, "{name}"),
            other => panic!("{name}: expected {expected:?}, got {other:?}"),
        }
    }

    #[track_caller]
    fn expect_scalar(name: &'static str, x: f64, expected: f64) {
        match run(name, vec![Value::Scalar(x)]) {
            Ok(Some(Value::Scalar(y))) => {
                assert!(
                    (y - expected).abs() <= 1e-12
                        || (y.is_nan() && expected.is_nan())
                        || y == expected,
                    "{name}({x}) = {y}, expected {expected}"
                )
            }
            other => panic!("{name}({x}): expected a scalar, got {other:?}"),
        }
    }

    #[track_caller]
    fn expect_error(
        name: &'static str,
        args: Vec<Value>,
        kind: ErrorKind,
    ) -> Box<crate::Diagnostic> {
        match run(name, args) {
            Err(d) => {
                assert_eq!(d.kind, kind, "{name}: {d}");
                d
            }
            Ok(v) => panic!("{name}: expected a {kind:?} error, got {v:?}"),
        }
    }

    #[test]
    fn scalars_follow_ieee() {
        expect_scalar("log2", 8.0, 3.0);
        expect_scalar("log10", 1000.0, 3.0);
        expect_scalar("sin", 0.0, 0.0);
        expect_scalar("cos", 0.0, 1.0);
        expect_scalar("tan", 0.0, 0.0);
        expect_scalar("asin", 2.0, f64::NAN);
        expect_scalar("acos", 1.0, 0.0);
        expect_scalar("atan", f64::INFINITY, std::f64::consts::FRAC_PI_2);
        expect_scalar("sinh", 0.0, 0.0);
        expect_scalar("cosh", 0.0, 1.0);
        expect_scalar("tanh", 1000.0, 1.0);
        expect_scalar("floor", -1.5, -2.0);
        expect_scalar("ceil", -1.5, -1.0);
        expect_scalar("round", 2.5, 3.0);
        expect_scalar("round", -2.5, -3.0);
        expect_scalar("sign", -3.0, -1.0);
        expect_scalar("sign", 0.0, 0.0);
        expect_scalar("sign", f64::NAN, f64::NAN);
        expect_scalar("abs", f64::NAN, f64::NAN);
    }

    #[test]
    fn bools_are_numbers() {
        expect_value("abs", vec![Value::Bool(true)], Value::Scalar(1.0));
    }

    #[test]
    fn matrices_keep_their_shape() {
        expect_value(
            "abs",
            vec![matrix(2, 2, &[-1.0, 2.0, -3.0, 4.0])],
            matrix(2, 2, &[1.0, 2.0, 3.0, 4.0]),
        );
        expect_value("floor", vec![matrix(0, 3, &[])], matrix(0, 3, &[]));
    }

    #[test]
    fn strings_are_type_errors() {
        let d = expect_error("sqrt", vec![Value::string("x")], ErrorKind::Type);
        assert_eq!(
            d.message,
            "`sqrt` expects a number or a matrix for argument 1"
        );
        assert_eq!(d.span, span(5, 8));
    }

    #[test]
    fn atan2_broadcasts() {
        expect_value(
            "atan2",
            vec![Value::Scalar(0.0), Value::Scalar(1.0)],
            Value::Scalar(0.0),
        );
        let pi = std::f64::consts::PI;
        expect_value(
            "atan2",
            vec![matrix(1, 2, &[0.0, 1.0]), Value::Scalar(-1.0)],
            matrix(1, 2, &[pi, 0.75 * pi]),
        );
        expect_value(
            "atan2",
            vec![matrix(2, 1, &[0.0, 0.0]), matrix(1, 2, &[1.0, -1.0])],
            matrix(2, 2, &[0.0, pi, 0.0, pi]),
        );
    }

    #[test]
    fn atan2_reports_shapes_at_both_arguments() {
        let d = expect_error(
            "atan2",
            vec![matrix(2, 3, &[0.0; 6]), matrix(3, 2, &[0.0; 6])],
            ErrorKind::Shape,
        );
        assert!(d.message.contains("`atan2`"), "{}", d.message);
        let spans: Vec<Span> = d.labels.iter().map(|l| l.span).collect();
        assert_eq!(spans, vec![arg_span(0), span(0, 100), arg_span(1)]);
        assert_eq!(d.labels[0].message, "2×3");
        assert_eq!(d.labels[2].message, "3×2");
        expect_error(
            "atan2",
            vec![Value::Scalar(1.0), Value::string("x")],
            ErrorKind::Type,
        );
    }

    #[test]
    fn wrong_arity_is_reported() {
        expect_error("sin", vec![], ErrorKind::Arity);
        expect_error("atan2", vec![Value::Scalar(1.0)], ErrorKind::Arity);
    }
}
