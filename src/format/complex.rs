//! Printing complex values: `1 + 2i` and `-0.5 - 1.5i` in messages; shown values and
//! matrices with one number style shared by every real and imaginary part, the real parts
//! and the imaginary parts each aligned in their own column:
//!
//! ```text
//! Z = 3×1 complex
//!    1.0000 +   2.5000i
//!    3.0000 +        0i
//!    4.0000 - 100.0000i
//! ```

use faer::{c64, Mat};

use super::grid::{self, Cell};
use super::number::{self, Style};
use crate::host::Format;
use crate::value::Shape;

/// Elements `value_inline` writes out in full.
const INLINE_ELEMENTS: usize = 12;

/// `a + bi` or `a - bi` for messages, each part in the message form of a real number.
pub fn scalar(z: c64) -> String {
    let Parts { re, sign, im } = Parts::of(z, number::scalar);
    format!("{re} {sign} {im}i")
}

/// A complex scalar as a statement or `print` shows it: a 1×1 matrix's one cell.
pub fn shown(z: c64, f: Format) -> String {
    body(&Mat::from_fn(1, 1, |_, _| z), f).trim().to_string()
}

/// A complex number written out in pieces, so columns can align each piece.
pub(super) struct Parts {
    /// The real part.
    pub(super) re: String,
    /// The sign of the imaginary part (NaN counts as positive).
    pub(super) sign: char,
    /// The magnitude of the imaginary part.
    pub(super) im: String,
}

impl Parts {
    /// The parts of `z`, each number written by `write`.
    fn of(z: c64, write: impl Fn(f64) -> String) -> Parts {
        let sign = if z.im.is_sign_negative() && !z.im.is_nan() {
            '-'
        } else {
            '+'
        };
        Parts {
            re: write(z.re),
            sign,
            im: write(z.im.abs()),
        }
    }
}

/// One line for messages: small matrices in brackets, larger as `2×30 complex matrix`.
pub fn inline(m: &Mat<c64>) -> String {
    let shape = Shape::new(m.nrows(), m.ncols());
    if shape.is_empty() || shape.len() > INLINE_ELEMENTS {
        return format!("{shape} complex matrix");
    }
    let rows: Vec<String> = (0..m.nrows())
        .map(|i| {
            let row: Vec<String> = (0..m.ncols()).map(|j| scalar(m[(i, j)])).collect();
            format!("[{}]", row.join(", "))
        })
        .collect();
    format!("[{}]", rows.join(", "))
}

/// The shown cells of a complex matrix (elided unless the format is full), every part
/// written in one style.
pub(super) fn cells(m: &Mat<c64>, f: Format) -> Vec<Vec<Cell<Parts>>> {
    let cells = grid::cells(m.nrows(), m.ncols(), f.full, |i, j| m[(i, j)]);
    let numbers: Vec<f64> = grid::entries(&cells)
        .iter()
        .flat_map(|z| [z.re, z.im.abs()])
        .collect();
    let style = Style::choose(&numbers, f.precision);
    cells
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| cell.map(|z| Parts::of(*z, |x| style.render(x))))
                .collect()
        })
        .collect()
}

/// The rows of a shown complex matrix, elided like real ones unless the format is full.
pub fn body(m: &Mat<c64>, f: Format) -> String {
    let written = cells(m, f);
    let width = |piece: fn(&Parts) -> &str| {
        move |cell: &Cell<Parts>| match cell {
            Cell::Entry(parts) => piece(parts).chars().count(),
            Cell::Mark(_) => 0,
        }
    };
    let re_widths = grid::column_widths(&written, width(|p| &p.re));
    let im_widths = grid::column_widths(&written, width(|p| &p.im));
    let text: Vec<Vec<String>> = written
        .iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .map(|(j, cell)| {
                    cell.map(|Parts { re, sign, im }| {
                        let (re, im) = (grid::pad(re, re_widths[j]), grid::pad(im, im_widths[j]));
                        format!("{re} {sign} {im}i")
                    })
                    .text()
                })
                .collect()
        })
        .collect();
    grid::align(&text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::Precision;

    fn column(zs: &[(f64, f64)]) -> Mat<c64> {
        Mat::from_fn(zs.len(), 1, |i, _| c64::new(zs[i].0, zs[i].1))
    }

    #[test]
    fn messages_read_like_maths() {
        assert_eq!(scalar(c64::new(1.0, 2.0)), "1 + 2i");
        assert_eq!(scalar(c64::new(-0.5, -1.5)), "-0.5 - 1.5i");
        assert_eq!(scalar(c64::new(0.0, 1.0)), "0 + 1i");
    }

    #[test]
    fn shown_scalars_share_one_style() {
        let short = Format::default();
        assert_eq!(shown(c64::new(1.0, 2.0), short), "1 + 2i");
        assert_eq!(shown(c64::new(1.0, 2.5), short), "1.0000 + 2.5000i");
        assert_eq!(shown(c64::new(0.0, -0.5), short), "0 - 0.5000i");
        let long = Format {
            precision: Precision::Long,
            full: false,
        };
        assert_eq!(
            shown(c64::new(0.5, 1.0), long),
            "0.500000000000000 + 1.000000000000000i"
        );
    }

    #[test]
    fn real_and_imaginary_parts_align_separately() {
        let m = column(&[(1.0, 2.5), (3.0, 0.0), (4.0, -100.0)]);
        assert_eq!(
            body(&m, Format::default()),
            "   1.0000 +   2.5000i\n   3.0000 +        0i\n   4.0000 - 100.0000i\n"
        );
        let m = column(&[(0.0, 1.0), (0.0, -1.0)]);
        assert_eq!(body(&m, Format::default()), "   0 + 1i\n   0 - 1i\n");
        // One precision for both parts: no `3e+00i` beside a fixed real part.
        let m = column(&[(2.0, 3.0), (1.5, -0.25)]);
        assert_eq!(
            body(&m, Format::default()),
            "   2.0000 + 3.0000i\n   1.5000 - 0.2500i\n"
        );
    }

    #[test]
    fn wide_ranges_go_scientific_together() {
        let m = column(&[(1e6, 0.5), (-2.0, 1e-3)]);
        assert_eq!(
            body(&m, Format::default()),
            "    1.0000e+06 + 5.0000e-01i\n   -2.0000e+00 + 1.0000e-03i\n"
        );
    }
}
