//! How values print. Two forms, for two readers:
//! - messages (`scalar`, `value_inline`): one short line, the shortest number that does not
//!   hide a fraction (`2.5`, `2.0000000000000004`), matrices in brackets;
//! - shown values (`show`, what a top-level statement displays) and `print`: Octave's
//!   `format short` / `format long` (see `number` for the rule), matrices as right-aligned
//!   columns (`grid`), complex parts aligned separately (`complex`).
//!
//! A large matrix shows its corners around `⋮` / `…` / `⋱` unless the format is full
//! (`format("full")`, `print(A, full=true)`).

mod complex;
mod grid;
mod number;
pub mod printf;
pub mod rich;

use std::fmt::Write as _;

use faer::Mat;

pub use complex::scalar as complex_scalar;
pub use number::scalar;

use crate::host::Format;
use crate::value::{Shape, Value};

/// Largest element count that `value_inline` writes out in full.
const INLINE_ELEMENTS: usize = 12;

/// One line for messages: `3.5`, `true`, `"hi"`, `[[1, 2], [3, 4]]`, `[1, 2, 3]` for a
/// column, `2×30 matrix` when there are more than 12 elements, `(a, b)` for tuples.
pub fn value_inline(v: &Value) -> String {
    match v {
        Value::Scalar(x) => scalar(*x),
        Value::Complex(z) => complex::scalar(*z),
        Value::ComplexMatrix(m) => complex::inline(m),
        Value::Bool(b) => b.to_string(),
        Value::Str(s) => quote(s),
        Value::Identity(s) if *s == 1.0 => "I".to_string(),
        Value::Identity(s) => format!("{}·I", scalar(*s)),
        Value::Tuple(items) => {
            let parts: Vec<String> = items.iter().map(value_inline).collect();
            format!("({})", parts.join(", "))
        }
        Value::Function(f) => format!("<fn {}>", f.text),
        Value::Matrix(m) | Value::Logical(m) => {
            let shape = Shape::new(m.nrows(), m.ncols());
            if shape.is_empty() {
                return format!("{shape} empty matrix");
            }
            if shape.len() > INLINE_ELEMENTS {
                return format!("{shape} matrix");
            }
            let row =
                |i: usize| -> Vec<String> { (0..m.ncols()).map(|j| scalar(m[(i, j)])).collect() };
            if m.ncols() == 1 {
                let column: Vec<String> = (0..m.nrows()).map(|i| scalar(m[(i, 0)])).collect();
                return format!("[{}]", column.join(", "));
            }
            let rows: Vec<String> = (0..m.nrows())
                .map(|i| format!("[{}]", row(i).join(", ")))
                .collect();
            format!("[{}]", rows.join(", "))
        }
    }
}

/// A value that is not a matrix, on one line as shown: numbers in the display style
/// (`2.0000`, `1.0000 + 2.5000i`), strings quoted, tuple elements that are matrices in
/// their message form.
fn shown_inline(v: &Value, f: Format) -> String {
    match v {
        Value::Scalar(x) => number::shown(*x, f.precision),
        Value::Complex(z) => complex::shown(*z, f),
        Value::Identity(s) if *s != 1.0 => {
            format!("{}·I", number::shown(*s, f.precision))
        }
        Value::Tuple(items) => {
            let parts: Vec<String> = items.iter().map(|item| shown_inline(item, f)).collect();
            format!("({})", parts.join(", "))
        }
        other => value_inline(other),
    }
}

/// What a top-level statement displays, ending in a newline:
///
/// ```text
/// x = 3.5000
/// A = 2×2
///    1   2
///    3   4
/// ```
///
/// An empty `name` shows the value alone. Tuple elements are shown one by one as
/// `name[1] = ...`.
pub fn show(name: &str, v: &Value, f: Format) -> String {
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
                format!("{prefix}{shape}\n{}", matrix_body(m, f))
            }
        }
        Value::Logical(m) => {
            let shape = Shape::new(m.nrows(), m.ncols());
            if shape.is_empty() {
                format!("{prefix}{shape} empty logical\n")
            } else {
                format!("{prefix}{shape} logical\n{}", matrix_body(m, f))
            }
        }
        Value::ComplexMatrix(m) => {
            let shape = Shape::new(m.nrows(), m.ncols());
            format!("{prefix}{shape} complex\n{}", complex::body(m, f))
        }
        Value::Tuple(items) => {
            let base = if name.is_empty() { "ans" } else { name };
            items
                .iter()
                .enumerate()
                .map(|(i, item)| show(&format!("{base}[{}]", i + 1), item, f))
                .collect()
        }
        other => format!("{prefix}{}\n", shown_inline(other, f)),
    }
}

/// What `print(a, b, ...)` writes: the arguments separated by one space, strings without
/// quotes, each non-empty matrix on lines of its own (the body of `show` without the
/// header), ending in exactly one newline.
pub fn print_line(values: &[Value], f: Format) -> String {
    let mut out = String::new();
    for v in values {
        let after_newline = out.is_empty() || out.ends_with('\n');
        match v {
            Value::Matrix(m) | Value::Logical(m) => {
                if !after_newline {
                    out.push('\n');
                }
                let shape = Shape::new(m.nrows(), m.ncols());
                if shape.is_empty() {
                    let _ = writeln!(out, "{shape} empty matrix");
                } else {
                    out.push_str(&matrix_body(m, f));
                }
            }
            Value::ComplexMatrix(m) => {
                if !after_newline {
                    out.push('\n');
                }
                out.push_str(&complex::body(m, f));
            }
            other => {
                if !after_newline {
                    out.push(' ');
                }
                match other {
                    Value::Str(s) => out.push_str(s),
                    _ => out.push_str(&shown_inline(other, f)),
                }
            }
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The right-aligned rows of a non-empty real matrix, each ending in a newline.
fn matrix_body(m: &Mat<f64>, f: Format) -> String {
    let text: Vec<Vec<String>> = real_cells(m, f)
        .iter()
        .map(|row| row.iter().map(grid::Cell::text).collect())
        .collect();
    grid::align(&text)
}

/// The shown cells of a real matrix (elided unless the format is full), every element
/// written in one style.
fn real_cells(m: &Mat<f64>, f: Format) -> Vec<Vec<grid::Cell<String>>> {
    let cells = grid::cells(m.nrows(), m.ncols(), f.full, |i, j| m[(i, j)]);
    let style = number::Style::choose(&grid::entries(&cells), f.precision);
    cells
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| cell.map(|x| style.render(*x)))
                .collect()
        })
        .collect()
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
    use crate::host::Precision;

    fn mat(rows: &[&[f64]]) -> Value {
        let n = rows.first().map_or(0, |r| r.len());
        Value::Matrix(Arc::new(Mat::from_fn(rows.len(), n, |i, j| rows[i][j])))
    }

    const SHORT: Format = Format {
        precision: Precision::Short,
        full: false,
    };
    const LONG: Format = Format {
        precision: Precision::Long,
        full: false,
    };

    fn short(v: &Value) -> String {
        show("A", v, SHORT)
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
        assert_eq!(show("x", &Value::Scalar(3.5), SHORT), "x = 3.5000\n");
        assert_eq!(show("n", &Value::Scalar(-7.0), SHORT), "n = -7\n");
        assert_eq!(show("b", &Value::Bool(true), SHORT), "b = true\n");
        assert_eq!(show("s", &Value::string("hi"), SHORT), "s = \"hi\"\n");
        assert_eq!(
            show("x", &Value::Scalar(std::f64::consts::E), LONG),
            "x = 2.718281828459045\n"
        );
        assert_eq!(show("J", &Value::Identity(0.5), SHORT), "J = 0.5000·I\n");
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
    fn show_shared_decimals() {
        assert_eq!(
            short(&mat(&[&[1.5, 2.0], &[3.0, 4.0]])),
            "A = 2×2\n   1.5000   2.0000\n   3.0000   4.0000\n"
        );
        assert_eq!(
            short(&mat(&[&[1.0 / 3.0, 1.0], &[100.25, -2.0]])),
            "A = 2×2\n     0.3333    1.0000\n   100.2500   -2.0000\n"
        );
        assert_eq!(
            show("A", &mat(&[&[0.1, 1.0 / 3.0]]), LONG),
            "A = 1×2\n   0.100000000000000   0.333333333333333\n"
        );
        assert_eq!(
            show("A", &mat(&[&[0.5, 100.1]]), LONG),
            "A = 1×2\n   5.000000000000000e-01   1.001000000000000e+02\n"
        );
    }

    #[test]
    fn show_exact_zeros_as_zero() {
        // The shape of a triangular factor stays visible.
        assert_eq!(
            short(&mat(&[&[1.5, -0.25], &[0.0, 2.0]])),
            "A = 2×2\n   1.5000   -0.2500\n        0    2.0000\n"
        );
    }

    #[test]
    fn show_scientific_when_magnitudes_demand_it() {
        assert_eq!(
            short(&mat(&[&[1.5e6, 2.5]])),
            "A = 1×2\n   1.5000e+06   2.5000e+00\n"
        );
        assert_eq!(
            short(&mat(&[&[1e-5], &[0.0]])),
            "A = 2×1\n   1.0000e-05\n            0\n"
        );
    }

    #[test]
    fn show_non_finite_in_columns() {
        assert_eq!(
            short(&mat(&[&[f64::NAN, 1.0], &[f64::NEG_INFINITY, 2.5]])),
            "A = 2×2\n    NaN   1.0000\n   -Inf   2.5000\n"
        );
    }

    #[test]
    fn show_elides_large_matrices_unless_full() {
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
        let full = Format {
            full: true,
            ..SHORT
        };
        let text = show("A", &big, full);
        assert_eq!(text.lines().count(), 1 + 30);
        assert_eq!(
            text.lines().last(),
            Some("   2900   2901   2902   2903   2904   2905   2906   2907   2908   2909   2910   2911")
        );
        let small = Value::Matrix(Arc::new(Mat::zeros(20, 10)));
        assert_eq!(short(&small).lines().count(), 21);
    }

    #[test]
    fn show_empty_and_tuples() {
        let empty = Value::Matrix(Arc::new(Mat::zeros(0, 3)));
        assert_eq!(short(&empty), "A = 0×3 empty matrix\n");
        let pair = Value::Tuple(Arc::from(vec![Value::Scalar(1.5), Value::string("x")]));
        assert_eq!(show("r", &pair, SHORT), "r[1] = 1.5000\nr[2] = \"x\"\n");
    }

    #[test]
    fn print_line_joins_and_breaks_for_matrices() {
        assert_eq!(print_line(&[], SHORT), "\n");
        assert_eq!(
            print_line(
                &[
                    Value::string("x is"),
                    Value::Scalar(2.5),
                    Value::Bool(false)
                ],
                SHORT
            ),
            "x is 2.5000 false\n"
        );
        let a = mat(&[&[1.0, 2.0], &[3.0, 4.0]]);
        assert_eq!(
            print_line(&[Value::string("A:"), a.clone()], SHORT),
            "A:\n   1   2\n   3   4\n"
        );
        assert_eq!(
            print_line(&[a.clone(), Value::string("done")], SHORT),
            "   1   2\n   3   4\ndone\n"
        );
        assert_eq!(
            print_line(&[Value::Scalar(1.0 / 3.0)], LONG),
            "0.333333333333333\n"
        );
    }
}
