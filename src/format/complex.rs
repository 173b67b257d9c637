//! Printing complex values: `1 + 2i`, `-0.5 - 1.5i`, and complex matrices whose real and
//! imaginary parts each share one number style, aligned in columns like real matrices.

use faer::{c64, Mat};

use super::{
    align, scalar_with, shown, NumberStyle, EDGE_COLS, EDGE_ROWS, INLINE_ELEMENTS, MAX_COLS,
    MAX_ROWS,
};
use crate::host::Precision;
use crate::value::Shape;

/// `a + bi` or `a - bi`, each part printed like a real scalar.
pub fn scalar(z: c64, p: Precision) -> String {
    written(z, |x| scalar_with(x, p), |x| scalar_with(x, p))
}

/// `a ± bi` with the real part written by `re` and the imaginary part's magnitude by `im`;
/// the sign is the imaginary part's (NaN counts as positive).
fn written(z: c64, re: impl Fn(f64) -> String, im: impl Fn(f64) -> String) -> String {
    let sign = if z.im.is_sign_negative() && !z.im.is_nan() {
        '-'
    } else {
        '+'
    };
    format!("{} {sign} {}i", re(z.re), im(z.im.abs()))
}

/// One line for messages: small matrices in brackets, larger as `2×30 complex matrix`.
pub fn inline(m: &Mat<c64>, p: Precision) -> String {
    let shape = Shape::new(m.nrows(), m.ncols());
    if shape.is_empty() || shape.len() > INLINE_ELEMENTS {
        return format!("{shape} complex matrix");
    }
    let rows: Vec<String> = (0..m.nrows())
        .map(|i| {
            let row: Vec<String> = (0..m.ncols()).map(|j| scalar(m[(i, j)], p)).collect();
            format!("[{}]", row.join(", "))
        })
        .collect();
    format!("[{}]", rows.join(", "))
}

/// The right-aligned rows of a complex matrix, elided like real ones.
pub fn body(m: &Mat<c64>, p: Precision) -> String {
    let rows = shown(m.nrows(), MAX_ROWS, EDGE_ROWS);
    let cols = shown(m.ncols(), MAX_COLS, EDGE_COLS);
    let visible: Vec<c64> = rows
        .iter()
        .flatten()
        .flat_map(|&i| cols.iter().flatten().map(move |&j| (i, j)))
        .map(|(i, j)| m[(i, j)])
        .collect();
    let real_parts: Vec<f64> = visible.iter().map(|z| z.re).collect();
    let imaginary_parts: Vec<f64> = visible.iter().map(|z| z.im.abs()).collect();
    let re_style = NumberStyle::choose(&real_parts, p);
    let im_style = NumberStyle::choose(&imaginary_parts, p);
    let text: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            cols.iter()
                .map(|c| match (r, c) {
                    (Some(i), Some(j)) => {
                        written(m[(*i, *j)], |x| re_style.render(x), |x| im_style.render(x))
                    }
                    (None, None) => "⋱".to_string(),
                    (None, Some(_)) => "⋮".to_string(),
                    (Some(_), None) => "…".to_string(),
                })
                .collect()
        })
        .collect();
    align(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complex_scalars_read_like_maths() {
        assert_eq!(scalar(c64::new(1.0, 2.0), Precision::Short), "1 + 2i");
        assert_eq!(
            scalar(c64::new(-0.5, -1.5), Precision::Short),
            "-0.5 - 1.5i"
        );
        assert_eq!(scalar(c64::new(0.0, 1.0), Precision::Short), "0 + 1i");
    }

    #[test]
    fn complex_matrices_align_their_parts() {
        let m = Mat::from_fn(2, 1, |i, _| {
            if i == 0 {
                c64::new(0.0, 1.0)
            } else {
                c64::new(0.0, -1.0)
            }
        });
        assert_eq!(body(&m, Precision::Short), "   0 + 1i\n   0 - 1i\n");
    }
}
