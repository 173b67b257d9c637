//! How one number is written: in messages, the shortest form that does not hide a fraction
//! (`scalar`); in shown and printed values, one `Style` shared by every element, with
//! Octave's `format short` / `format long` as the model.
//!
//! The display rule (grammar.md §11 says the same), with p = 5 significant digits (`short`)
//! or 16 (`long`):
//! - Whole numbers below 1e15 in magnitude print without a decimal point: `3`, `-20`.
//! - Otherwise every element is written to p significant digits in fixed notation
//!   (`2.0000`, `110.00`, `1234.5`; between 0.1 and 1 one digit fewer: `0.3000`; below 0.1
//!   `0.050000`), with the decimals of the one that needs most, when that keeps a decimal
//!   point and at most p + 2 digits (16 at most, what a double holds); otherwise all in
//!   scientific notation with p − 1 mantissa decimals (`1.2346e+04`, `1.0000e-03`).
//! - An element 10^(p+5) times smaller than the largest is round-off beside it (as in
//!   `A * inv(A)`): it asks for no decimals and prints as `0.0000` or `-0.0000`.
//! - An exact zero prints as `0`; non-finite values as `NaN`, `Inf`, `-Inf`.

use crate::host::Precision;

/// The most digits a fixed-notation number may have: what a double holds, so `long` never
/// shows the binary expansion's tail (`100.09999999999999`).
const MOST_DIGITS: usize = 16;

/// Significant digits for a precision.
fn digits(p: Precision) -> usize {
    match p {
        Precision::Short => 5,
        Precision::Long => 16,
    }
}

/// The one number format shared by every element of a shown value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Style {
    /// Whole numbers without a decimal point.
    Integer,
    /// Fixed notation with this many decimals.
    Fixed(usize),
    /// Scientific notation with this many mantissa decimals.
    Scientific(usize),
}

impl Style {
    /// Picks the style for a set of elements (non-finite ones do not count).
    pub(super) fn choose(xs: &[f64], p: Precision) -> Style {
        let finite = || xs.iter().copied().filter(|x| x.is_finite());
        if finite().all(is_small_integer) {
            return Style::Integer;
        }
        let sig = digits(p);
        let largest = finite().map(f64::abs).fold(0.0, f64::max);
        let top = decimal_exponent(largest, sig);
        // Digits before the point, and the decimals the digit budget leaves.
        let whole = top.max(0) as usize + 1;
        let room = (sig + 2).min(MOST_DIGITS).saturating_sub(whole);
        // Round-off beside the largest element (as in `A * inv(A)`) asks for nothing.
        let noise = largest * 10f64.powi(-(sig as i32 + 5));
        let decimals = finite()
            .map(f64::abs)
            .filter(|&a| a >= noise)
            .map(|a| decimals_for(a, sig))
            .max()
            .unwrap_or(0);
        if top >= sig as i32 - 1 || decimals > room {
            return Style::Scientific(sig - 1);
        }
        Style::Fixed(decimals)
    }

    /// One element in this style.
    pub(super) fn render(self, x: f64) -> String {
        if let Some(special) = non_finite(x) {
            return special.to_string();
        }
        if x == 0.0 {
            return "0".to_string();
        }
        match self {
            Style::Integer => format!("{}", x as i64),
            Style::Fixed(decimals) => format!("{x:.decimals$}"),
            Style::Scientific(mantissa) => exponent_style(&format!("{x:.mantissa$e}")),
        }
    }
}

/// A scalar as shown by a statement or `print`: `2.0000`, `110.00`, `0.3000`, `3`.
pub(super) fn shown(x: f64, p: Precision) -> String {
    Style::choose(&[x], p).render(x)
}

/// The decimals that write `a` (> 0) to `sig` significant digits in fixed notation, with
/// Octave's one exception: between 0.1 and 1 the leading `0.` costs a digit (`0.3000`).
fn decimals_for(a: f64, sig: usize) -> usize {
    match decimal_exponent(a, sig) {
        -1 => sig - 1,
        e => (sig as i32 - 1 - e).max(0) as usize,
    }
}

/// The short plain form used in messages: `3`, `-2`, `3.1416`, `0.33333`, `1.2346e+20`,
/// `NaN`, `Inf`; a fraction that 5 digits would round away gets as many digits as it takes
/// (`2.0000000000000004` is not an integer index, and the message shows why).
pub fn scalar(x: f64) -> String {
    let hides_fraction =
        |text: &str| x.fract() != 0.0 && text.parse::<f64>().is_ok_and(|y| y.fract() == 0.0);
    let shown = rounded(x, 5);
    if hides_fraction(&shown) {
        for sig in 6..=17 {
            let longer = rounded(x, sig);
            if !hides_fraction(&longer) {
                return longer;
            }
        }
    }
    shown
}

/// `x` rounded to `sig` significant digits, trailing zeros trimmed, in plain or scientific
/// style (like C's `%g`).
fn rounded(x: f64, sig: usize) -> String {
    if let Some(special) = non_finite(x) {
        return special.to_string();
    }
    if x == 0.0 {
        return "0".to_string();
    }
    if is_small_integer(x) {
        return format!("{}", x as i64);
    }
    let exp = decimal_exponent(x, sig);
    if exp < -4 || exp >= sig as i32 {
        let sci = format!("{:.*e}", sig - 1, x);
        return exponent_style(&trim_mantissa(&sci));
    }
    let decimals = (sig as i32 - 1 - exp).max(0) as usize;
    clean_zero(trim_fraction(&format!("{x:.decimals$}")))
}

/// `NaN`, `Inf` or `-Inf` for non-finite values.
fn non_finite(x: f64) -> Option<&'static str> {
    if x.is_nan() {
        Some("NaN")
    } else if x == f64::INFINITY {
        Some("Inf")
    } else if x == f64::NEG_INFINITY {
        Some("-Inf")
    } else {
        None
    }
}

/// Whole numbers small enough to print exactly without a decimal point.
fn is_small_integer(x: f64) -> bool {
    x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15
}

/// The decimal exponent of `x` after rounding to `sig` significant digits (so 9.99999
/// counts as 10 at 5 digits).
fn decimal_exponent(x: f64, sig: usize) -> i32 {
    let sci = format!("{:.*e}", sig - 1, x);
    sci.split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0)
}

/// Drops trailing zeros (and a bare point) from a fixed-notation number.
fn trim_fraction(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// Drops trailing zeros from the mantissa of a Rust `1.500e3` form.
fn trim_mantissa(s: &str) -> String {
    match s.split_once('e') {
        Some((mantissa, exp)) => format!("{}e{exp}", trim_fraction(mantissa)),
        None => s.to_string(),
    }
}

/// Rewrites Rust's `1.5e-8` as `1.5e-08` and `1e20` as `1e+20`.
fn exponent_style(s: &str) -> String {
    match s.split_once('e') {
        Some((mantissa, exp)) => {
            let (sign, magnitude) = match exp.strip_prefix('-') {
                Some(rest) => ('-', rest),
                None => ('+', exp),
            };
            format!("{mantissa}e{sign}{magnitude:0>2}")
        }
        None => s.to_string(),
    }
}

/// Removes the sign from a number that rounded to zero (`-0.0000` → `0.0000`).
fn clean_zero(s: &str) -> String {
    match s.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn short(x: f64) -> String {
        shown(x, Precision::Short)
    }

    fn long(x: f64) -> String {
        shown(x, Precision::Long)
    }

    /// Each element of `xs` in the style chosen for all of them.
    fn shared(xs: &[f64]) -> Vec<String> {
        let style = Style::choose(xs, Precision::Short);
        xs.iter().map(|&x| style.render(x)).collect()
    }

    #[test]
    fn messages_integers_and_zero() {
        assert_eq!(scalar(3.0), "3");
        assert_eq!(scalar(-2.0), "-2");
        assert_eq!(scalar(-0.0), "0");
        assert_eq!(scalar(123456789.0), "123456789");
        assert_eq!(scalar(1e15), "1e+15");
        assert_eq!(scalar(f64::NAN), "NaN");
        assert_eq!(scalar(f64::NEG_INFINITY), "-Inf");
    }

    #[test]
    fn messages_trim_and_never_hide_a_fraction() {
        assert_eq!(scalar(std::f64::consts::PI), "3.1416");
        assert_eq!(scalar(1.0 / 3.0), "0.33333");
        assert_eq!(scalar(2.5), "2.5");
        assert_eq!(scalar(2.9999999), "2.9999999");
        assert_eq!(scalar(2.0f64.sqrt().powi(2)), "2.0000000000000004");
        assert_eq!(scalar(12345.67), "12345.7");
        assert_eq!(scalar(1.23456789e20), "1.2346e+20");
        assert_eq!(scalar(-1.5e-8), "-1.5e-08");
        assert_eq!(scalar(1e-100), "1e-100");
    }

    #[test]
    fn shown_scalars_follow_octave_short() {
        // The three examples: float noise is rounded away, trailing zeros stay.
        assert_eq!(short(2.0f64.sqrt().powi(2)), "2.0000");
        assert_eq!(short(100.0 * 1.1), "110.00");
        assert_eq!(short(0.1 + 0.2), "0.3000");
        assert_eq!(short(std::f64::consts::PI), "3.1416");
        assert_eq!(short(-0.3), "-0.3000");
        assert_eq!(short(2.5), "2.5000");
        assert_eq!(short(1234.5), "1234.5");
        assert_eq!(short(0.05), "0.050000");
        assert_eq!(short(0.012345), "0.012345");
    }

    #[test]
    fn shown_scalars_go_scientific_outside_the_budget() {
        assert_eq!(short(12345.67), "1.2346e+04");
        assert_eq!(short(99999.5), "1.0000e+05");
        assert_eq!(short(0.0012345), "1.2345e-03");
        assert_eq!(short(1e-5), "1.0000e-05");
        assert_eq!(short(-1.5e-8), "-1.5000e-08");
        assert_eq!(short(1e20), "1.0000e+20");
        assert_eq!(short(1e-100), "1.0000e-100");
    }

    #[test]
    fn shown_integers_zero_and_non_finite() {
        assert_eq!(short(42.0), "42");
        assert_eq!(short(-0.0), "0");
        assert_eq!(short(1e10), "10000000000");
        assert_eq!(short(f64::NAN), "NaN");
        assert_eq!(short(f64::INFINITY), "Inf");
        assert_eq!(short(f64::NEG_INFINITY), "-Inf");
    }

    #[test]
    fn shown_scalars_long() {
        assert_eq!(long(std::f64::consts::PI), "3.141592653589793");
        assert_eq!(long(0.1 + 0.2), "0.300000000000000");
        assert_eq!(long(2.0f64.sqrt().powi(2)), "2.000000000000000");
        assert_eq!(long(7.0), "7");
        assert_eq!(long(1e-8), "1.000000000000000e-08");
        // 16 digits at most, as Octave: beyond that a double shows only its binary tail.
        assert_eq!(long(100.1), "100.1000000000000");
        assert_eq!(long(0.05), "5.000000000000000e-02");
    }

    #[test]
    fn shared_style_takes_decimals_from_the_smaller_elements() {
        assert_eq!(shared(&[1.5, 2.0]), ["1.5000", "2.0000"]);
        assert_eq!(shared(&[1.0 / 3.0, 100.25]), ["0.3333", "100.2500"]);
        assert_eq!(shared(&[1e-6, 1.0]), ["1.0000e-06", "1.0000e+00"]);
        assert_eq!(shared(&[0.001, 500.5]), ["1.0000e-03", "5.0050e+02"]);
        assert_eq!(shared(&[0.05, 0.5]), ["0.050000", "0.500000"]);
    }

    #[test]
    fn shared_style_zeros_and_noise() {
        // Exact zeros are `0`; round-off beside 1 is `-0.0000`, not a reason for 1e-16.
        assert_eq!(
            shared(&[1.0, 0.0, -1.1102e-16, 2.2e-17]),
            ["1.0000", "0", "-0.0000", "0.0000"]
        );
        assert_eq!(shared(&[2.0, 1e-9]), ["2.0000e+00", "1.0000e-09"]);
        assert_eq!(shared(&[2.0, 1e-11]), ["2.0000", "0.0000"]);
        assert_eq!(shared(&[1e-5, 0.0]), ["1.0000e-05", "0"]);
        assert_eq!(shared(&[1.5e6, 2.5]), ["1.5000e+06", "2.5000e+00"]);
        assert_eq!(
            shared(&[f64::NAN, 1.5, f64::INFINITY]),
            ["NaN", "1.5000", "Inf"]
        );
        assert_eq!(shared(&[1.0, f64::NAN]), ["1", "NaN"]);
    }
}
