//! How values print: scalars in messages, one-line forms for diagnostics, and the
//! right-aligned matrix display of top-level statements and `print`.
//!
//! Rules, in brief (each has a unit test at the bottom of this file):
//! - A scalar is an integer without a decimal point when it is one and |x| < 1e15; otherwise
//!   5 significant digits (15 with `Precision::Long`), trailing zeros trimmed, switching to
//!   scientific `1.2346e+20` / `1.5e-08` when the decimal exponent is below -4 or at least
//!   the number of significant digits (like C's `%g`). `-0` prints as `0`; non-finite values
//!   are `NaN`, `Inf`, `-Inf`.
//! - A matrix shares one format across its shown elements: all integers (< 1e15) print
//!   without a decimal point; otherwise, when the non-zero magnitudes stay within
//!   [1e-4, 1e6) and span at most 1e5, fixed notation with one shared number of decimals
//!   (the fewest that show every element at 5 significant digits, at least 1, at most 4;
//!   Long: 15 digits, at most 15 decimals); otherwise scientific with a shared mantissa
//!   length, exact zeros printed as `0`.
//! - Columns are right-aligned to their widest entry (counted in characters) and each is
//!   preceded by 3 spaces.
//! - Elision: more than 20 rows show the first 8, a `⋮` row and the last 8; more than 10
//!   columns show the first 4, a `…` column and the last 4 (`⋱` where the two meet).

mod complex;

use std::fmt::Write as _;

use faer::Mat;

use crate::host::Precision;
use crate::value::{Shape, Value};

/// Rows beyond which a matrix display is elided.
const MAX_ROWS: usize = 20;
/// Rows shown at each end of an elided matrix.
const EDGE_ROWS: usize = 8;
/// Columns beyond which a matrix display is elided.
const MAX_COLS: usize = 10;
/// Columns shown at each end of an elided matrix.
const EDGE_COLS: usize = 4;
/// What precedes every column.
const GAP: &str = "   ";
/// Largest element count that `value_inline` writes out in full.
const INLINE_ELEMENTS: usize = 12;

/// Significant digits for a precision.
fn digits(p: Precision) -> usize {
    match p {
        Precision::Short => 5,
        Precision::Long => 15,
    }
}

/// Most decimals a fixed-notation matrix uses for a precision.
fn max_decimals(p: Precision) -> usize {
    match p {
        Precision::Short => 4,
        Precision::Long => 15,
    }
}

/// The short plain form used in messages and `print`: `3`, `-2`, `3.1416`, `0.33333`,
/// `1.2346e+20`, `NaN`, `Inf`.
///
/// ```text
/// assert_eq!(la::format::scalar(std::f64::consts::PI), "3.1416");
/// assert_eq!(la::format::scalar(-0.0), "0");
/// ```
pub fn scalar(x: f64) -> String {
    scalar_with(x, Precision::Short)
}

/// A scalar at the given precision (`Long` keeps 15 significant digits).
///
/// ```text
/// use la::host::Precision;
/// assert_eq!(la::format::scalar_with(1.0 / 3.0, Precision::Long), "0.333333333333333");
/// ```
pub fn scalar_with(x: f64, p: Precision) -> String {
    let hides_fraction =
        |text: &str| x.fract() != 0.0 && text.parse::<f64>().is_ok_and(|y| y.fract() == 0.0);
    let shown = rounded(x, digits(p));
    if hides_fraction(&shown) {
        // Rounding hid the fraction: show as many digits as it takes, so 2.00001 is not "2".
        for sig in digits(p) + 1..=17 {
            let longer = rounded(x, sig);
            if !hides_fraction(&longer) {
                return longer;
            }
        }
    }
    shown
}

/// `x` rounded to `sig` significant digits, in plain or scientific style.
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

/// One line for messages: `3.5`, `true`, `"hi"`, `[[1, 2], [3, 4]]`, `[1, 2, 3]` for a
/// column, `2×30 matrix` when there are more than 12 elements, `(a, b)` for tuples.
pub fn value_inline(v: &Value) -> String {
    inline_with(v, Precision::Short)
}

fn inline_with(v: &Value, p: Precision) -> String {
    match v {
        Value::Scalar(x) => scalar_with(*x, p),
        Value::Complex(z) => complex::scalar(*z, p),
        Value::ComplexMatrix(m) => complex::inline(m, p),
        Value::Bool(b) => b.to_string(),
        Value::Str(s) => quote(s),
        Value::Identity(s) if *s == 1.0 => "I".to_string(),
        Value::Identity(s) => format!("{}·I", scalar_with(*s, p)),
        Value::Tuple(items) => {
            let parts: Vec<String> = items.iter().map(|item| inline_with(item, p)).collect();
            format!("({})", parts.join(", "))
        }
        Value::Matrix(m) => {
            let shape = Shape::new(m.nrows(), m.ncols());
            if shape.is_empty() {
                return format!("{shape} empty matrix");
            }
            if shape.len() > INLINE_ELEMENTS {
                return format!("{shape} matrix");
            }
            let row = |i: usize| -> Vec<String> {
                (0..m.ncols()).map(|j| scalar_with(m[(i, j)], p)).collect()
            };
            if m.ncols() == 1 {
                let column: Vec<String> =
                    (0..m.nrows()).map(|i| scalar_with(m[(i, 0)], p)).collect();
                return format!("[{}]", column.join(", "));
            }
            let rows: Vec<String> = (0..m.nrows())
                .map(|i| format!("[{}]", row(i).join(", ")))
                .collect();
            format!("[{}]", rows.join(", "))
        }
    }
}

/// What a top-level statement displays, ending in a newline:
///
/// ```text
/// x = 3.5
/// A = 2×2
///    1   2
///    3   4
/// ```
///
/// An empty `name` shows the value alone. Tuple elements are shown one by one as
/// `name[1] = ...`.
pub fn show(name: &str, v: &Value, p: Precision) -> String {
    let prefix = if name.is_empty() {
        String::new()
    } else {
        format!("{name} = ")
    };
    match v {
        Value::Matrix(m) => {
            let shape = Shape::new(m.nrows(), m.ncols());
            if shape.is_empty() {
                format!("{prefix}{shape} empty matrix\n")
            } else {
                format!("{prefix}{shape}\n{}", matrix_body(m, p))
            }
        }
        Value::ComplexMatrix(m) => {
            let shape = Shape::new(m.nrows(), m.ncols());
            format!("{prefix}{shape} complex\n{}", complex::body(m, p))
        }
        Value::Tuple(items) => {
            let base = if name.is_empty() { "ans" } else { name };
            items
                .iter()
                .enumerate()
                .map(|(i, item)| show(&format!("{base}[{}]", i + 1), item, p))
                .collect()
        }
        other => format!("{prefix}{}\n", inline_with(other, p)),
    }
}

/// What `print(a, b, ...)` writes: the arguments separated by one space, strings without
/// quotes, each non-empty matrix on lines of its own (the body of `show` without the
/// header), ending in exactly one newline.
pub fn print_line(values: &[Value], p: Precision) -> String {
    let mut out = String::new();
    for v in values {
        let after_newline = out.is_empty() || out.ends_with('\n');
        match v {
            Value::Matrix(m) => {
                if !after_newline {
                    out.push('\n');
                }
                let shape = Shape::new(m.nrows(), m.ncols());
                if shape.is_empty() {
                    let _ = writeln!(out, "{shape} empty matrix");
                } else {
                    out.push_str(&matrix_body(m, p));
                }
            }
            Value::ComplexMatrix(m) => {
                if !after_newline {
                    out.push('\n');
                }
                out.push_str(&complex::body(m, p));
            }
            other => {
                if !after_newline {
                    out.push(' ');
                }
                match other {
                    Value::Str(s) => out.push_str(s),
                    _ => out.push_str(&inline_with(other, p)),
                }
            }
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// One entry of the displayed grid.
enum Cell {
    Number(f64),
    /// The `⋮` / `…` / `⋱` markers of an elided matrix.
    Mark(&'static str),
}

/// The indices shown along one dimension of length `n`; `None` marks the elision.
fn shown(n: usize, max: usize, edge: usize) -> Vec<Option<usize>> {
    if n <= max {
        (0..n).map(Some).collect()
    } else {
        (0..edge)
            .map(Some)
            .chain([None])
            .chain((n - edge..n).map(Some))
            .collect()
    }
}

/// The right-aligned rows of a non-empty matrix, each ending in a newline.
fn matrix_body(m: &Mat<f64>, p: Precision) -> String {
    let rows = shown(m.nrows(), MAX_ROWS, EDGE_ROWS);
    let cols = shown(m.ncols(), MAX_COLS, EDGE_COLS);
    let grid: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            cols.iter()
                .map(|c| match (r, c) {
                    (Some(i), Some(j)) => Cell::Number(m[(*i, *j)]),
                    (None, None) => Cell::Mark("⋱"),
                    (None, Some(_)) => Cell::Mark("⋮"),
                    (Some(_), None) => Cell::Mark("…"),
                })
                .collect()
        })
        .collect();
    let numbers: Vec<f64> = grid
        .iter()
        .flatten()
        .filter_map(|cell| match cell {
            Cell::Number(x) => Some(*x),
            Cell::Mark(_) => None,
        })
        .collect();
    let style = NumberStyle::choose(&numbers, p);
    let text: Vec<Vec<String>> = grid
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Cell::Number(x) => style.render(*x),
                    Cell::Mark(mark) => mark.to_string(),
                })
                .collect()
        })
        .collect();
    align(&text)
}

/// Right-aligns a grid of cell texts into columns, each row ending in a newline.
fn align(text: &[Vec<String>]) -> String {
    let columns = text.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|j| {
            text.iter()
                .map(|row| row.get(j).map_or(0, |c| c.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in text {
        for (cell, width) in row.iter().zip(&widths) {
            let pad = width.saturating_sub(cell.chars().count());
            out.push_str(GAP);
            out.extend(std::iter::repeat_n(' ', pad));
            out.push_str(cell);
        }
        out.push('\n');
    }
    out
}

/// The one number format shared by every element of a displayed matrix.
#[derive(Clone, Copy, Debug, PartialEq)]
enum NumberStyle {
    /// Whole numbers without a decimal point.
    Integer,
    /// Fixed notation with this many decimals.
    Fixed(usize),
    /// Scientific notation with this many mantissa decimals.
    Scientific(usize),
}

impl NumberStyle {
    /// Picks the style for a set of elements (non-finite ones do not count).
    fn choose(xs: &[f64], p: Precision) -> NumberStyle {
        let finite: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
        if finite.iter().all(|&x| is_small_integer(x)) {
            return NumberStyle::Integer;
        }
        let sig = digits(p);
        let nonzero = finite.iter().map(|x| x.abs()).filter(|&a| a > 0.0);
        let (lo, hi) = nonzero.fold((f64::INFINITY, 0.0f64), |(lo, hi), a| {
            (lo.min(a), hi.max(a))
        });
        if hi >= 1e6 || lo < 1e-4 || hi / lo > 1e5 {
            let mantissa = finite
                .iter()
                .filter(|&&x| x != 0.0)
                .map(|&x| fraction_len(&trim_mantissa(&format!("{:.*e}", sig - 1, x))))
                .max()
                .unwrap_or(0);
            return NumberStyle::Scientific(mantissa);
        }
        let cap = max_decimals(p);
        let decimals = finite
            .iter()
            .filter(|&&x| x != 0.0)
            .map(|&x| {
                let wanted =
                    (sig as i32 - 1 - decimal_exponent(x, sig)).clamp(0, cap as i32) as usize;
                fraction_len(trim_fraction(&format!("{x:.wanted$}")))
            })
            .max()
            .unwrap_or(0);
        NumberStyle::Fixed(decimals.max(1))
    }

    /// One element in this style.
    fn render(self, x: f64) -> String {
        if let Some(special) = non_finite(x) {
            return special.to_string();
        }
        let x = if x == 0.0 { 0.0 } else { x };
        match self {
            NumberStyle::Integer => format!("{}", x as i64),
            NumberStyle::Fixed(decimals) => clean_zero(&format!("{x:.decimals$}")),
            NumberStyle::Scientific(_) if x == 0.0 => "0".to_string(),
            NumberStyle::Scientific(mantissa) => exponent_style(&format!("{x:.mantissa$e}")),
        }
    }
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

/// Digits after the decimal point (0 when there is none); counts the mantissa for `1.5e3`.
fn fraction_len(s: &str) -> usize {
    let number = s.split_once('e').map_or(s, |(mantissa, _)| mantissa);
    number
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.len())
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

/// A string literal with its quotes and escapes: `"say \"hi\"\n"`.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use faer::Mat;

    use super::*;

    fn mat(rows: &[&[f64]]) -> Value {
        let n = rows.first().map_or(0, |r| r.len());
        Value::Matrix(Arc::new(Mat::from_fn(rows.len(), n, |i, j| rows[i][j])))
    }

    fn short(v: &Value) -> String {
        show("A", v, Precision::Short)
    }

    #[test]
    fn scalars_integers_and_zero() {
        assert_eq!(scalar(3.0), "3");
        assert_eq!(scalar(-2.0), "-2");
        assert_eq!(scalar(-0.0), "0");
        assert_eq!(scalar(123456789.0), "123456789");
        assert_eq!(scalar(1e15), "1e+15");
    }

    #[test]
    fn scalars_non_finite() {
        assert_eq!(scalar(f64::NAN), "NaN");
        assert_eq!(scalar(f64::INFINITY), "Inf");
        assert_eq!(scalar(f64::NEG_INFINITY), "-Inf");
    }

    #[test]
    fn scalars_five_significant_digits() {
        assert_eq!(scalar(std::f64::consts::PI), "3.1416");
        assert_eq!(scalar(1.0 / 3.0), "0.33333");
        assert_eq!(scalar(2.5), "2.5");
        assert_eq!(scalar(-0.125), "-0.125");
        // A fraction that 5 digits would round away is shown with as many digits as it takes.
        assert_eq!(scalar(2.9999999), "2.9999999");
        assert_eq!(scalar(2.00001), "2.00001");
        assert_eq!(scalar(12345.67), "12345.7");
        assert_eq!(scalar(0.0001), "0.0001");
    }

    #[test]
    fn scalars_scientific() {
        assert_eq!(scalar(1.23456789e20), "1.2346e+20");
        assert_eq!(scalar(1e-8), "1e-08");
        assert_eq!(scalar(-1.5e-8), "-1.5e-08");
        // Scientific notation that would hide the fraction gives way to more digits.
        assert_eq!(scalar(123456.7), "123456.7");
        assert_eq!(scalar(99999.5), "99999.5");
        assert_eq!(scalar(1e-100), "1e-100");
    }

    #[test]
    fn scalars_long() {
        assert_eq!(
            scalar_with(std::f64::consts::PI, Precision::Long),
            "3.14159265358979"
        );
        assert_eq!(scalar_with(0.1 + 0.2, Precision::Long), "0.3");
        assert_eq!(scalar_with(7.0, Precision::Long), "7");
    }

    #[test]
    fn inline_forms() {
        assert_eq!(value_inline(&Value::Scalar(3.5)), "3.5");
        assert_eq!(value_inline(&Value::Bool(true)), "true");
        assert_eq!(value_inline(&Value::string("a\"b\n")), "\"a\\\"b\\n\"");
        assert_eq!(
            value_inline(&mat(&[&[1.0, 2.0], &[3.0, 4.0]])),
            "[[1, 2], [3, 4]]"
        );
        assert_eq!(value_inline(&mat(&[&[1.0], &[2.0], &[3.0]])), "[1, 2, 3]");
        assert_eq!(value_inline(&mat(&[&[1.0, 2.5]])), "[[1, 2.5]]");
        let wide = Value::Matrix(Arc::new(Mat::zeros(2, 30)));
        assert_eq!(value_inline(&wide), "2×30 matrix");
        let empty = Value::Matrix(Arc::new(Mat::zeros(0, 3)));
        assert_eq!(value_inline(&empty), "0×3 empty matrix");
        let pair = Value::Tuple(Arc::from(vec![Value::Scalar(1.0), Value::Bool(false)]));
        assert_eq!(value_inline(&pair), "(1, false)");
    }

    #[test]
    fn show_simple_values() {
        assert_eq!(
            show("x", &Value::Scalar(3.5), Precision::Short),
            "x = 3.5\n"
        );
        assert_eq!(
            show("b", &Value::Bool(true), Precision::Short),
            "b = true\n"
        );
        assert_eq!(
            show("s", &Value::string("hi"), Precision::Short),
            "s = \"hi\"\n"
        );
        assert_eq!(
            show("x", &Value::Scalar(std::f64::consts::E), Precision::Long),
            "x = 2.71828182845905\n"
        );
    }

    #[test]
    fn show_integer_matrix() {
        assert_eq!(
            short(&mat(&[&[1.0, 2.0], &[3.0, 4.0]])),
            "A = 2×2\n   1   2\n   3   4\n"
        );
        assert_eq!(
            short(&mat(&[&[-1.0, 20.0], &[3.0, -0.0]])),
            "A = 2×2\n   -1   20\n    3    0\n"
        );
    }

    #[test]
    fn show_shared_decimals_trimmed_jointly() {
        assert_eq!(
            short(&mat(&[&[1.5, 2.0], &[3.0, 4.0]])),
            "A = 2×2\n   1.5   2.0\n   3.0   4.0\n"
        );
        assert_eq!(
            short(&mat(&[&[1.0 / 3.0, 1.0], &[100.25, -2.0]])),
            "A = 2×2\n     0.3333    1.0000\n   100.2500   -2.0000\n"
        );
        assert_eq!(
            show("A", &mat(&[&[0.1, 1.0 / 3.0]]), Precision::Long),
            "A = 1×2\n   0.100000000000000   0.333333333333333\n"
        );
    }

    #[test]
    fn show_scientific_when_magnitudes_demand_it() {
        assert_eq!(
            short(&mat(&[&[1.5e6, 2.5]])),
            "A = 1×2\n   1.5e+06   2.5e+00\n"
        );
        assert_eq!(short(&mat(&[&[1e-5, 0.0]])), "A = 1×2\n   1e-05   0\n");
        assert_eq!(
            short(&mat(&[&[0.001, 500.5]])),
            "A = 1×2\n   1.000e-03   5.005e+02\n"
        );
    }

    #[test]
    fn show_non_finite_in_columns() {
        assert_eq!(
            short(&mat(&[&[f64::NAN, 1.0], &[f64::NEG_INFINITY, 2.5]])),
            "A = 2×2\n    NaN   1.0\n   -Inf   2.5\n"
        );
    }

    #[test]
    fn show_elides_large_matrices() {
        let big = Value::Matrix(Arc::new(Mat::from_fn(30, 12, |i, j| (i * 100 + j) as f64)));
        let text = short(&big);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "A = 30×12");
        assert_eq!(lines.len(), 1 + 8 + 1 + 8);
        assert_eq!(
            lines[1],
            "      0      1      2      3   …      8      9     10     11"
        );
        assert_eq!(
            lines[9],
            "      ⋮      ⋮      ⋮      ⋮   ⋱      ⋮      ⋮      ⋮      ⋮"
        );
        assert_eq!(
            lines[17],
            "   2900   2901   2902   2903   …   2908   2909   2910   2911"
        );
        let small = Value::Matrix(Arc::new(Mat::zeros(20, 10)));
        assert_eq!(short(&small).lines().count(), 21);
    }

    #[test]
    fn show_empty_and_tuples() {
        let empty = Value::Matrix(Arc::new(Mat::zeros(0, 3)));
        assert_eq!(short(&empty), "A = 0×3 empty matrix\n");
        let pair = Value::Tuple(Arc::from(vec![Value::Scalar(1.0), Value::string("x")]));
        assert_eq!(
            show("r", &pair, Precision::Short),
            "r[1] = 1\nr[2] = \"x\"\n"
        );
    }

    #[test]
    fn print_line_joins_and_breaks_for_matrices() {
        let p = Precision::Short;
        assert_eq!(print_line(&[], p), "\n");
        assert_eq!(
            print_line(
                &[
                    Value::string("x is"),
                    Value::Scalar(2.5),
                    Value::Bool(false)
                ],
                p
            ),
            "x is 2.5 false\n"
        );
        let a = mat(&[&[1.0, 2.0], &[3.0, 4.0]]);
        assert_eq!(
            print_line(&[Value::string("A:"), a.clone()], p),
            "A:\n   1   2\n   3   4\n"
        );
        assert_eq!(
            print_line(&[a.clone(), Value::string("done")], p),
            "   1   2\n   3   4\ndone\n"
        );
        assert_eq!(
            print_line(&[Value::Scalar(1.0 / 3.0)], Precision::Long),
            "0.333333333333333\n"
        );
    }
}
