//! Element-wise remainders (`mod`, `rem`), `clamp`, and the tests `isnan`, `isinf` and
//! `isfinite`. The remainders and `clamp` take real input only (they need the order of the
//! real line); the tests take complex numbers too.
//!
//! The sign rules are Octave's (and NumPy's): `mod` takes the sign of the divisor, `rem` the
//! sign of the dividend. Division by zero follows Octave, not NumPy: `mod(x, 0)` is `x` and
//! `rem(x, 0)` is NaN.
//!
//! ```text
//! >> mod([[-7, 7]], 3)
//! ans = 1×2
//!    2   1
//! >> rem([[-7, 7]], 3)
//! ans = 1×2
//!    -1   1
//! ```

use faer::{c64, Mat};

use super::{Builtin, Call, ShapeRule};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::ops::elementwise::{map, zip};
use crate::ops::Operands;
use crate::value::Value;

/// The builtins of this topic.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "mod",
        signature: "mod(x, y)",
        min_args: 2,
        max_args: 2,
        keywords: &[],
        doc: "remainder of x / y with the sign of y (x - floor(x/y)*y), element-wise with broadcasting; mod(x, 0) is x, as in Octave",
        example: "mod([[-7, 7]], 3)   # [[2, 1]]",
        shape: ShapeRule::Custom(super::broadcast_args),
        run: |call| remainder(call, modulo),
    },
    Builtin {
        name: "rem",
        signature: "rem(x, y)",
        min_args: 2,
        max_args: 2,
        keywords: &[],
        doc: "remainder of x / y with the sign of x (x - fix(x/y)*y), element-wise with broadcasting; rem(x, 0) is NaN, as in Octave",
        example: "rem([[-7, 7]], 3)   # [[-1, 1]]",
        shape: ShapeRule::Custom(super::broadcast_args),
        run: |call| remainder(call, |x, y| x % y),
    },
    Builtin {
        name: "clamp",
        signature: "clamp(x, lo, hi)",
        min_args: 3,
        max_args: 3,
        keywords: &[],
        doc: "each element limited to [lo, hi] (numbers with lo <= hi); NaN stays NaN",
        example: "clamp([[-2, 0.5, 3]], 0, 1)   # [[0, 0.5, 1]]",
        shape: ShapeRule::Unknown,
        run: clamp,
    },
    Builtin {
        name: "isnan",
        signature: "isnan(x)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "true where an element is NaN: a bool for a number, a 0/1 matrix for a matrix",
        example: "isnan([[1, NaN, Inf]])   # [[0, 1, 0]]",
        shape: ShapeRule::LikeArg(0),
        run: |call| test(call, f64::is_nan, |z| z.re.is_nan() || z.im.is_nan()),
    },
    Builtin {
        name: "isinf",
        signature: "isinf(x)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "true where an element is Inf or -Inf: a bool for a number, a 0/1 matrix for a matrix",
        example: "isinf([[1, NaN, -Inf]])   # [[0, 0, 1]]",
        shape: ShapeRule::LikeArg(0),
        run: |call| test(call, f64::is_infinite, |z| z.re.is_infinite() || z.im.is_infinite()),
    },
    Builtin {
        name: "isfinite",
        signature: "isfinite(x)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "true where an element is neither NaN nor infinite: a bool for a number, a 0/1 matrix for a matrix",
        example: "isfinite([[1, NaN, -Inf]])   # [[1, 0, 0]]",
        shape: ShapeRule::LikeArg(0),
        run: |call| test(call, f64::is_finite, |z| z.re.is_finite() && z.im.is_finite()),
    },
];

/// `mod`: the remainder with the divisor's sign. Rust's `%` keeps the dividend's sign, so a
/// remainder of the other sign moves by one divisor; this is exact where `x - floor(x/y)*y`
/// may round.
fn modulo(x: f64, y: f64) -> f64 {
    if y == 0.0 {
        return x;
    }
    let r = x % y;
    if r != 0.0 && (r < 0.0) != (y < 0.0) {
        r + y
    } else {
        r
    }
}

/// `mod` or `rem` of arguments 1 and 2, broadcasting one against the other.
fn remainder(call: &mut Call, f: fn(f64, f64) -> f64) -> Fallible<Option<Value>> {
    let x = call.numeric(0)?;
    let y = call.numeric(1)?;
    let at = Operands {
        left: call.arg(0)?.span,
        op: call.span,
        right: call.arg(1)?.span,
    };
    zip(&format!("`{}`", call.name), x, y, at, call.host_ref(), f).map(Some)
}

/// `clamp(x, lo, hi)`: refuses bounds that are NaN or the wrong way round (where
/// `f64::clamp` would panic).
fn clamp(call: &mut Call) -> Fallible<Option<Value>> {
    let x = call.numeric(0)?;
    let lo = call.number(1)?;
    let hi = call.number(2)?;
    if lo.is_nan() || hi.is_nan() || lo > hi {
        let (lo_arg, hi_arg) = (call.arg(1)?, call.arg(2)?);
        return Err(Diagnostic::error(
            ErrorKind::Domain,
            lo_arg.span.to(hi_arg.span),
            "`clamp` needs bounds with lo <= hi",
        )
        .label(lo_arg.span, format!("lo is {}", crate::format::scalar(lo)))
        .label(hi_arg.span, format!("hi is {}", crate::format::scalar(hi)))
        .help("call it as clamp(x, lo, hi), the smaller bound first")
        .boxed());
    }
    let clamped = map(x, |v| v.clamp(lo, hi));
    clamped
        .map(Some)
        .ok_or_else(|| call.type_error(0, "a number or a matrix"))
}

/// `isnan`, `isinf`, `isfinite`: a bool for a number, a 0/1 matrix for a matrix. A complex
/// number is NaN or infinite when either part is, and finite when both are (as NumPy).
fn test(
    call: &mut Call,
    holds: fn(f64) -> bool,
    holds_complex: fn(c64) -> bool,
) -> Fallible<Option<Value>> {
    match &call.arg(0)?.value {
        Value::Complex(z) => return Ok(Some(Value::Bool(holds_complex(*z)))),
        Value::ComplexMatrix(m) => {
            let out = Mat::from_fn(m.nrows(), m.ncols(), |i, j| {
                f64::from(u8::from(holds_complex(m[(i, j)])))
            });
            return Ok(Some(Value::from_mat(out)));
        }
        _ => {}
    }
    let x = call.numeric(0)?;
    if let Some(v) = x.as_scalar() {
        return Ok(Some(Value::Bool(holds(v))));
    }
    map(x, |v| f64::from(u8::from(holds(v))))
        .map(Some)
        .ok_or_else(|| call.type_error(0, "a number or a matrix"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::testing::{arg_span, call, matrix};

    const NAN: f64 = f64::NAN;
    const INF: f64 = f64::INFINITY;

    fn run(name: &'static str, args: Vec<Value>) -> Fallible<Option<Value>> {
        call(name, args, Vec::new())
    }

    #[track_caller]
    fn expect(name: &'static str, args: Vec<Value>, expected: Value) {
        match run(name, args) {
            Ok(Some(v)) => assert_eq!(v, expected, "{name}"),
            other => panic!("{name}: expected {expected:?}, got {other:?}"),
        }
    }

    #[track_caller]
    fn scalar(name: &'static str, args: Vec<Value>) -> f64 {
        match run(name, args) {
            Ok(Some(Value::Scalar(x))) => x,
            other => panic!("{name}: expected a scalar, got {other:?}"),
        }
    }

    #[track_caller]
    fn expect_error(name: &'static str, args: Vec<Value>, kind: ErrorKind) -> Box<Diagnostic> {
        match run(name, args) {
            Err(d) => {
                assert_eq!(d.kind, kind, "{name}: {d}");
                d
            }
            Ok(v) => panic!("{name}: expected a {kind:?} error, got {v:?}"),
        }
    }

    fn s(x: f64) -> Value {
        Value::Scalar(x)
    }

    #[test]
    fn mod_takes_the_sign_of_the_divisor() {
        // numpy.mod([5, -5, 5, -5], [3, 3, -3, -3]) = [2, 1, -1, -2]
        let x = || matrix(1, 4, &[5.0, -5.0, 5.0, -5.0]);
        let y = matrix(1, 4, &[3.0, 3.0, -3.0, -3.0]);
        expect("mod", vec![x(), y], matrix(1, 4, &[2.0, 1.0, -1.0, -2.0]));
        // numpy.fmod(...) = [2, -2, 2, -2]
        let y = matrix(1, 4, &[3.0, 3.0, -3.0, -3.0]);
        expect("rem", vec![x(), y], matrix(1, 4, &[2.0, -2.0, 2.0, -2.0]));
        expect("mod", vec![s(6.0), s(3.0)], s(0.0));
        expect("mod", vec![s(-6.0), s(3.0)], s(0.0));
        // numpy.mod(5.5, 2) = 1.5, numpy.mod(-5.5, 2) = 0.5
        expect("mod", vec![s(5.5), s(2.0)], s(1.5));
        expect("mod", vec![s(-5.5), s(2.0)], s(0.5));
        expect("rem", vec![s(-5.5), s(2.0)], s(-1.5));
    }

    #[test]
    fn division_by_zero_follows_octave() {
        expect("mod", vec![s(5.0), s(0.0)], s(5.0));
        expect("mod", vec![s(-5.0), s(0.0)], s(-5.0));
        assert!(scalar("rem", vec![s(5.0), s(0.0)]).is_nan());
        assert!(scalar("mod", vec![s(INF), s(3.0)]).is_nan());
        assert!(scalar("mod", vec![s(NAN), s(3.0)]).is_nan());
        // numpy.mod(5, inf) = 5, numpy.mod(-5, inf) = inf
        expect("mod", vec![s(5.0), s(INF)], s(5.0));
        expect("mod", vec![s(-5.0), s(INF)], s(INF));
    }

    #[test]
    fn remainders_broadcast_and_report_shapes() {
        expect(
            "mod",
            vec![matrix(2, 1, &[4.0, 5.0]), matrix(1, 2, &[2.0, 3.0])],
            matrix(2, 2, &[0.0, 1.0, 1.0, 2.0]),
        );
        let d = expect_error(
            "rem",
            vec![matrix(1, 2, &[1.0, 2.0]), matrix(1, 3, &[1.0, 2.0, 3.0])],
            ErrorKind::Shape,
        );
        assert!(
            d.message.starts_with("`rem` needs operands"),
            "{}",
            d.message
        );
        expect_error(
            "mod",
            vec![Value::complex(faer::c64::new(1.0, 2.0)), s(2.0)],
            ErrorKind::Type,
        );
    }

    #[test]
    fn clamp_limits_every_element() {
        expect(
            "clamp",
            vec![matrix(1, 4, &[-2.0, 0.5, 3.0, 1.0]), s(0.0), s(1.0)],
            matrix(1, 4, &[0.0, 0.5, 1.0, 1.0]),
        );
        expect("clamp", vec![s(7.0), s(2.0), s(2.0)], s(2.0));
        assert!(scalar("clamp", vec![s(NAN), s(0.0), s(1.0)]).is_nan());
        expect("clamp", vec![s(-INF), s(0.0), s(INF)], s(0.0));
    }

    #[test]
    fn clamp_refuses_crossed_or_nan_bounds() {
        let d = expect_error("clamp", vec![s(1.0), s(3.0), s(1.0)], ErrorKind::Domain);
        assert_eq!(d.message, "`clamp` needs bounds with lo <= hi");
        assert_eq!(d.span, arg_span(1).to(arg_span(2)));
        expect_error("clamp", vec![s(1.0), s(NAN), s(1.0)], ErrorKind::Domain);
        expect_error("clamp", vec![s(1.0), s(0.0), s(NAN)], ErrorKind::Domain);
        expect_error(
            "clamp",
            vec![s(1.0), matrix(1, 2, &[0.0, 1.0]), s(2.0)],
            ErrorKind::Type,
        );
    }

    #[test]
    fn tests_give_bools_for_numbers_and_masks_for_matrices() {
        let v = || matrix(1, 4, &[1.0, NAN, INF, -INF]);
        expect("isnan", vec![v()], matrix(1, 4, &[0.0, 1.0, 0.0, 0.0]));
        expect("isinf", vec![v()], matrix(1, 4, &[0.0, 0.0, 1.0, 1.0]));
        expect("isfinite", vec![v()], matrix(1, 4, &[1.0, 0.0, 0.0, 0.0]));
        expect("isnan", vec![s(NAN)], Value::Bool(true));
        expect("isinf", vec![s(2.0)], Value::Bool(false));
        expect("isfinite", vec![Value::Bool(true)], Value::Bool(true));
        expect("isnan", vec![matrix(0, 2, &[])], matrix(0, 2, &[]));
        expect_error("isnan", vec![Value::string("x")], ErrorKind::Type);
    }
}
