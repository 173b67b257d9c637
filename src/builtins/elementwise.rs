//! Element-wise mathematical functions (`sqrt`, `sin`, `round`, ..., `atan2`): each applies to
//! every element of a scalar, bool or matrix and keeps its shape. Real results follow IEEE 754
//! (`asin(2)` is NaN, `log2(0)` is `-Inf`); `log2` and `log10` of negative numbers are complex
//! as `log`'s are. Complex arguments are taken where NumPy takes them (`sin`, `round` of each
//! part, `sign` as z/|z|) and refused where it does not (`floor`, `ceil`, `atan2`).

use faer::c64;

use super::complex_parts::{element_wise, real_or_complex};
use super::{Builtin, Call, ShapeRule};
use crate::diagnostic::Fallible;
use crate::ops::elementwise::{map, zip};
use crate::ops::Operands;
use crate::value::Value;

/// One table row for a one-argument element-wise function `f64 -> f64`.
macro_rules! unary {
    ($name:literal, $f:expr, $g:expr, $doc:literal, $example:literal) => {
        Builtin {
            name: $name,
            signature: concat!($name, "(x)"),
            min_args: 1,
            max_args: 1,
            keywords: &[],
            doc: $doc,
            example: $example,
            shape: ShapeRule::LikeArg(0),
            run: |call| unary(call, $f, $g),
        }
    };
}

/// The builtins of this topic.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "log2",
        signature: "log2(x)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "base-2 logarithm of each element; log2(0) is -Inf, negative numbers give complex logarithms (as log does)",
        example: "log2([[1, 8]])   # [[0, 3]]",
        shape: ShapeRule::LikeArg(0),
        run: |call| real_or_complex(call, |x| x >= 0.0, f64::log2, |z| z.log2()),
    },
    Builtin {
        name: "log10",
        signature: "log10(x)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "base-10 logarithm of each element; log10(0) is -Inf, negative numbers give complex logarithms (as log does)",
        example: "log10(1000)   # 3",
        shape: ShapeRule::LikeArg(0),
        run: |call| real_or_complex(call, |x| x >= 0.0, f64::log10, |z| z.log10()),
    },
    unary!(
        "sin",
        f64::sin,
        Some(|z| z.sin()),
        "sine of each element (radians)",
        "sin(pi / 2)   # 1"
    ),
    unary!(
        "cos",
        f64::cos,
        Some(|z| z.cos()),
        "cosine of each element (radians)",
        "cos(0)   # 1"
    ),
    unary!(
        "tan",
        f64::tan,
        Some(|z| z.tan()),
        "tangent of each element (radians)",
        "tan(0)   # 0"
    ),
    unary!(
        "asin",
        f64::asin,
        Some(|z| z.asin()),
        "inverse sine of each element, in radians; outside [-1, 1] gives NaN",
        "asin(1)   # 1.5708"
    ),
    unary!(
        "acos",
        f64::acos,
        Some(|z| z.acos()),
        "inverse cosine of each element, in radians; outside [-1, 1] gives NaN",
        "acos(1)   # 0"
    ),
    unary!(
        "atan",
        f64::atan,
        Some(|z| z.atan()),
        "inverse tangent of each element, in radians",
        "atan(1)   # 0.7854"
    ),
    unary!(
        "sinh",
        f64::sinh,
        Some(|z| z.sinh()),
        "hyperbolic sine of each element",
        "sinh(0)   # 0"
    ),
    unary!(
        "cosh",
        f64::cosh,
        Some(|z| z.cosh()),
        "hyperbolic cosine of each element",
        "cosh(0)   # 1"
    ),
    unary!(
        "tanh",
        f64::tanh,
        Some(|z| z.tanh()),
        "hyperbolic tangent of each element",
        "tanh([[-100, 0]])   # [[-1, 0]]"
    ),
    unary!(
        "floor",
        f64::floor,
        None,
        "largest integer not above each element",
        "floor([[1.5, -1.5]])   # [[1, -2]]"
    ),
    unary!(
        "ceil",
        f64::ceil,
        None,
        "smallest integer not below each element",
        "ceil([[1.5, -1.5]])   # [[2, -1]]"
    ),
    unary!(
        "round",
        f64::round,
        Some(|z| c64::new(z.re.round(), z.im.round())),
        "nearest integer to each element, halves away from zero (as MATLAB)",
        "round([[2.5, -2.5, 2.4]])   # [[3, -3, 2]]"
    ),
    unary!(
        "sign",
        sign,
        Some(complex_sign),
        "-1, 0 or 1 by the sign of each element; NaN stays NaN",
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
        shape: ShapeRule::Custom(super::broadcast_args),
        run: atan2,
    },
];

/// Applies `f` to every element of argument 1, or `complex` to a complex argument (refused
/// when there is none). Real input never takes the complex path: NumPy's rule that real
/// `sin` stays real.
fn unary(
    call: &mut Call,
    f: fn(f64) -> f64,
    complex: Option<fn(c64) -> c64>,
) -> Fallible<Option<Value>> {
    if let (Some(g), true) = (complex, call.arg(0)?.value.is_complex()) {
        return element_wise(call, g);
    }
    let value = call.numeric(0)?;
    match map(value, f) {
        Some(result) => Ok(Some(result)),
        None => Err(call.type_error(0, "a number or a matrix")),
    }
}

/// `z / |z|`, and 0 for 0 (NumPy 2's complex sign).
fn complex_sign(z: c64) -> c64 {
    if z == c64::new(0.0, 0.0) {
        z
    } else {
        z / z.norm()
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

/// A function of one real number.
type RealMap = fn(f64) -> f64;

/// The builtins of one real argument whose real results stay real for every real input
/// (NaN included), each with the function its table row applies: what the loop tier
/// (`eval/loops`) calls on a number. The test `real_maps_are_the_builtins` holds each to
/// its row.
const REAL_MAPS: &[(&str, RealMap)] = &[
    ("abs", f64::abs),
    ("exp", f64::exp),
    ("sin", f64::sin),
    ("cos", f64::cos),
    ("tan", f64::tan),
    ("asin", f64::asin),
    ("acos", f64::acos),
    ("atan", f64::atan),
    ("sinh", f64::sinh),
    ("cosh", f64::cosh),
    ("tanh", f64::tanh),
    ("floor", f64::floor),
    ("ceil", f64::ceil),
    ("round", f64::round),
    ("sign", sign),
];

/// The function the builtin `name` applies to a real number, when its result is real for
/// every real number (`sqrt` and `log` are not: negative numbers give complex results).
pub fn real_map(name: &str) -> Option<RealMap> {
    REAL_MAPS.iter().find(|(n, _)| *n == name).map(|&(_, f)| f)
}

/// `atan2(y, x)` element-wise, broadcasting `y` against `x`.
fn atan2(call: &mut Call) -> Fallible<Option<Value>> {
    let y = call.numeric(0)?;
    let x = call.numeric(1)?;
    let at = Operands {
        left: call.arg(0)?.span,
        op: call.span,
        right: call.arg(1)?.span,
    };
    zip("`atan2`", y, x, at, call.host_ref(), f64::atan2).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::testing::{arg_span, call, matrix, span};
    use crate::diagnostic::ErrorKind;
    use crate::source::Span;

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
    fn real_maps_are_the_builtins() {
        let numbers = [
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.0,
            -1.5,
            2.5,
            -2.5,
            3.7,
            1e300,
            -1e-300,
            710.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        for &(name, f) in REAL_MAPS {
            for x in numbers {
                match run(name, vec![Value::Scalar(x)]) {
                    Ok(Some(Value::Scalar(y))) => assert!(
                        y.to_bits() == f(x).to_bits() || (y.is_nan() && f(x).is_nan()),
                        "{name}({x}): the builtin gives {y}, the table {}",
                        f(x)
                    ),
                    other => panic!("{name}({x}) is not a real number: {other:?}"),
                }
            }
        }
        assert!(real_map("sqrt").is_none() && real_map("log").is_none());
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
