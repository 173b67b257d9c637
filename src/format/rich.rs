//! Shown matrices for front ends that show more than text (a notebook): as LaTeX, a
//! `bmatrix` with its shape under it, and as an HTML table. Both use the text display's
//! cells: the same number style, the same elision of large matrices.
//!
//! ```
//! let a = la::Interpreter::new().run("<doc>", "[[1, 2.5], [3, 4]]").unwrap().unwrap();
//! let f = la::Format::default();
//! assert_eq!(
//!     la::rich::latex("A", &a, f).unwrap(),
//!     r"$$\mathtt{A} = \underset{2\times 2}{\begin{bmatrix} 1.0000 & 2.5000 \\ 3.0000 & 4.0000 \end{bmatrix}}$$"
//! );
//! assert!(la::rich::html("A", &a, f).unwrap().contains(">2.5000</td>"));
//! ```

use std::fmt::Write as _;

use super::grid::Cell;
use super::{complex, real_cells};
use crate::host::Format;
use crate::value::{Shape, Value};

/// A shown matrix as display-mode LaTeX (`$$ ... $$`); `None` for values that are not
/// matrices or are empty, which text shows as well.
pub fn latex(name: &str, v: &Value, f: Format) -> Option<String> {
    let (shape, what, cells) = cells(v, f)?;
    let rows: Vec<String> = cells
        .iter()
        .map(|row| {
            let row: Vec<String> = row
                .iter()
                .map(|cell| match cell {
                    Cell::Entry(text) => latex_number(text),
                    Cell::Mark(mark) => latex_mark(mark).to_string(),
                })
                .collect();
            row.join(" & ")
        })
        .collect();
    let kind = match what.trim() {
        "" => String::new(),
        word => format!("\\ \\text{{{word}}}"),
    };
    let caption = format!("{}\\times {}{kind}", shape.rows, shape.cols);
    let matrix = format!(
        "\\begin{{bmatrix}} {} \\end{{bmatrix}}",
        rows.join(" \\\\ ")
    );
    Some(format!(
        "$${} = \\underset{{{caption}}}{{{matrix}}}$$",
        latex_name(name)
    ))
}

/// A shown matrix as HTML: its name and shape on a line, then a table of its cells between
/// bracket-like side borders. Every style is inline (notebooks drop `<style>` from output
/// they do not trust) and sets no colours: borders are `currentColor` and backgrounds
/// transparent, so the table takes the theme's own in light and dark. `None` as for
/// `latex`.
pub fn html(name: &str, v: &Value, f: Format) -> Option<String> {
    let (shape, what, cells) = cells(v, f)?;
    let mut out = String::from(
        "<div class=\"la-matrix\" style=\"font-family: var(--jp-code-font-family, monospace)\">",
    );
    let _ = write!(
        out,
        "<div style=\"white-space: pre\">{} = {shape}{what}</div>",
        escape(name)
    );
    out.push_str(
        "<table style=\"border-collapse: separate; border-spacing: 0; margin: 0.2em 0 0.2em 1em; \
         border-left: 1px solid currentColor; border-right: 1px solid currentColor; \
         border-radius: 4px; background: transparent\">",
    );
    for row in &cells {
        out.push_str("<tr style=\"background: transparent\">");
        for cell in row {
            // Numbers line up on the right; the elision marks sit in the middle.
            let align = match cell {
                Cell::Entry(_) => "right",
                Cell::Mark(_) => "center",
            };
            let _ = write!(
                out,
                "<td style=\"text-align: {align}; padding: 0.1em 0.6em; border: none; \
                 background: transparent\">{}</td>",
                escape(&cell.text())
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</table></div>");
    Some(out)
}

/// A non-empty matrix as shown: its shape, the kind word after it (` logical`,
/// ` complex`) and its cells' texts.
type Shown = (Shape, &'static str, Vec<Vec<Cell<String>>>);

/// The shown form of a non-empty matrix.
fn cells(v: &Value, f: Format) -> Option<Shown> {
    let (shape, what, cells) = match v {
        Value::Matrix(m) => (Shape::new(m.nrows(), m.ncols()), "", real_cells(m, f)),
        Value::Logical(m) => (
            Shape::new(m.nrows(), m.ncols()),
            " logical",
            real_cells(m, f),
        ),
        Value::ComplexMatrix(m) => {
            let cells = complex::cells(m, f)
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|cell| cell.map(|p| format!("{} {} {}i", p.re, p.sign, p.im)))
                        .collect()
                })
                .collect();
            (Shape::new(m.nrows(), m.ncols()), " complex", cells)
        }
        _ => return None,
    };
    (!shape.is_empty()).then_some((shape, what, cells))
}

/// A cell's text in LaTeX: `1.2346e+04` as `1.2346\times 10^{4}`, `Inf` as `\infty`, a
/// complex `1 + 2i` with its parts converted the same way.
fn latex_number(text: &str) -> String {
    if let Some((re, rest)) = text.split_once(' ') {
        // `re ± imi`: the sign, then the imaginary magnitude with its `i`.
        let (sign, im) = rest.split_once(' ').unwrap_or(("+", rest));
        let im = im.strip_suffix('i').unwrap_or(im);
        return format!("{} {sign} {}\\,i", latex_number(re), latex_number(im));
    }
    match text {
        "Inf" => return "\\infty".to_string(),
        "-Inf" => return "-\\infty".to_string(),
        "NaN" => return "\\mathrm{NaN}".to_string(),
        _ => {}
    }
    match text.split_once('e') {
        Some((mantissa, exponent)) => {
            let exponent = exponent.trim_start_matches('+');
            let (minus, digits) = match exponent.strip_prefix('-') {
                Some(digits) => ("-", digits),
                None => ("", exponent),
            };
            let digits = digits.trim_start_matches('0');
            let digits = if digits.is_empty() { "0" } else { digits };
            format!("{mantissa}\\times 10^{{{minus}{digits}}}")
        }
        None => text.to_string(),
    }
}

/// The elision marks in LaTeX.
fn latex_mark(mark: &str) -> &'static str {
    match mark {
        "⋮" => "\\vdots",
        "…" => "\\cdots",
        _ => "\\ddots",
    }
}

/// A variable name in typewriter letters, its underscores escaped.
fn latex_name(name: &str) -> String {
    format!("\\mathtt{{{}}}", name.replace('_', "\\_"))
}

/// Text made safe inside HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use faer::{c64, Mat};

    use super::*;

    fn real(rows: usize, cols: usize, at: impl Fn(usize, usize) -> f64) -> Value {
        Value::Matrix(Arc::new(Mat::from_fn(rows, cols, at)))
    }

    #[test]
    fn numbers_in_latex() {
        assert_eq!(latex_number("1.2346e+04"), "1.2346\\times 10^{4}");
        assert_eq!(latex_number("1.0000e-03"), "1.0000\\times 10^{-3}");
        assert_eq!(latex_number("-Inf"), "-\\infty");
        assert_eq!(latex_number("NaN"), "\\mathrm{NaN}");
        assert_eq!(latex_number("1.5000 - 2.0000i"), "1.5000 - 2.0000\\,i");
        assert_eq!(latex_number("-3"), "-3");
    }

    #[test]
    fn large_matrices_are_elided_as_in_text() {
        let big = real(30, 30, |i, j| (i * 30 + j) as f64);
        let tex = latex("B", &big, Format::default()).unwrap();
        assert!(tex.contains("\\underset{30\\times 30}"), "{tex}");
        // 8 rows, the ⋮ row, 8 rows; 4 + 1 + 4 columns.
        assert_eq!(tex.matches(" \\\\ ").count(), 16, "{tex}");
        assert!(tex.contains("3 & \\cdots & 26"), "{tex}");
        assert!(
            tex.contains("\\vdots & \\vdots & \\vdots & \\vdots & \\ddots"),
            "{tex}"
        );
        let full = Format {
            full: true,
            ..Format::default()
        };
        assert_eq!(html("B", &big, full).unwrap().matches("<tr ").count(), 30);
    }

    #[test]
    fn kinds_and_names() {
        let z = Value::ComplexMatrix(Arc::new(Mat::from_fn(2, 1, |i, _| c64::new(i as f64, 1.0))));
        let tex = latex("my_z", &z, Format::default()).unwrap();
        assert!(tex.starts_with("$$\\mathtt{my\\_z} = "), "{tex}");
        assert!(tex.contains("2\\times 1\\ \\text{complex}"), "{tex}");
        assert!(tex.contains("0 + 1\\,i \\\\ 1 + 1\\,i"), "{tex}");
        let mask = Value::Logical(Arc::new(Mat::from_fn(1, 2, |_, j| j as f64)));
        assert!(html("m", &mask, Format::default())
            .unwrap()
            .contains(">m = 1×2 logical</div>"));
        assert_eq!(latex("x", &Value::Scalar(1.0), Format::default()), None);
        assert_eq!(html("e", &real(0, 3, |_, _| 0.0), Format::default()), None);
        assert!(html("<b>", &real(1, 2, |_, _| 1.0), Format::default())
            .unwrap()
            .contains("&lt;b&gt; = 1×2"));
    }
}
