//! Writing numbers as text: each number shortest-round-trip by Ryū (the `ryu` crate), so
//! loading a saved matrix gives it bit for bit, NaN and ±Inf included; blocks of rows are
//! formatted on all cores and written in order.

use std::io::{self, Write};

use faer::{c64, MatRef};

/// A matrix to write as text.
#[derive(Clone, Copy)]
pub enum Matrix<'a> {
    /// Real numbers.
    Real(MatRef<'a, f64>),
    /// Complex numbers, written `a+bi`.
    Complex(MatRef<'a, c64>),
}

impl Matrix<'_> {
    fn shape(&self) -> (usize, usize) {
        match self {
            Matrix::Real(m) => (m.nrows(), m.ncols()),
            Matrix::Complex(m) => (m.nrows(), m.ncols()),
        }
    }

    fn push(&self, out: &mut String, i: usize, j: usize) {
        match self {
            Matrix::Real(m) => push_number(out, m[(i, j)]),
            Matrix::Complex(m) => push_complex(out, m[(i, j)]),
        }
    }
}

/// Appends `x` so that reading it back gives the same bits: the shortest form Rust finds,
/// `NaN`, `Inf` and `-Inf` as la and Octave write them.
pub fn push_number(out: &mut String, x: f64) {
    if x.is_nan() {
        out.push_str("NaN");
    } else if x.is_infinite() {
        out.push_str(if x > 0.0 { "Inf" } else { "-Inf" });
    } else {
        // Ryū gives the shortest form that reads back to the same bits, with an exponent
        // for extreme magnitudes (`1e-300`), several times faster than `{:?}`.
        let mut buffer = ryu::Buffer::new();
        let text = buffer.format_finite(x);
        out.push_str(text.strip_suffix(".0").unwrap_or(text));
    }
}

/// Appends a complex number as `a+bi` (or `a-bi`), each part shortest-round-trip.
pub fn push_complex(out: &mut String, z: c64) {
    push_number(out, z.re);
    if !z.im.is_sign_negative() || z.im.is_nan() {
        out.push('+');
    }
    push_number(out, z.im);
    out.push('i');
}

/// Rows formatted per block: enough to keep a core busy, small next to the matrix.
const BLOCK_ROWS: usize = 4096;

/// Writes the rows of `matrix` joined by `delimiter`, after an optional header line.
/// Blocks of rows are formatted on `threads` threads at once, and written in order.
pub fn write(
    out: &mut dyn Write,
    matrix: Matrix,
    delimiter: &str,
    header: Option<&str>,
    threads: usize,
) -> io::Result<()> {
    if let Some(h) = header {
        writeln!(out, "{h}")?;
    }
    let (rows, cols) = matrix.shape();
    let format = |block: usize, text: &mut String| {
        text.clear();
        for i in block * BLOCK_ROWS..((block + 1) * BLOCK_ROWS).min(rows) {
            for j in 0..cols {
                if j > 0 {
                    text.push_str(delimiter);
                }
                matrix.push(text, i, j);
            }
            text.push('\n');
        }
    };
    let blocks = rows.div_ceil(BLOCK_ROWS);
    let threads = threads.clamp(1, blocks.max(1));
    let mut texts = vec![String::new(); threads];
    // Each round formats `threads` blocks at once, then writes them in order.
    for round in (0..blocks).step_by(threads) {
        let count = threads.min(blocks - round);
        if count == 1 {
            format(round, &mut texts[0]);
        } else {
            std::thread::scope(|scope| {
                for (k, text) in texts[..count].iter_mut().enumerate() {
                    let format = &format;
                    scope.spawn(move || format(round + k, text));
                }
            });
        }
        for text in &texts[..count] {
            out.write_all(text.as_bytes())?;
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(x: f64) -> String {
        let mut s = String::new();
        push_number(&mut s, x);
        s
    }

    #[test]
    fn numbers_round_trip() {
        for x in [0.1, 1e-300, 5e-324, -0.0, 1.0, 123456789.125, f64::MAX] {
            assert_eq!(
                number(x).parse::<f64>().unwrap().to_bits(),
                x.to_bits(),
                "{x}"
            );
        }
        assert_eq!(number(2.0), "2");
        assert_eq!(number(f64::NEG_INFINITY), "-Inf");
    }

    #[test]
    fn complex_numbers_carry_their_sign() {
        let mut s = String::new();
        push_complex(&mut s, c64::new(1.0, -0.0));
        s.push(' ');
        push_complex(&mut s, c64::new(-1.5, 2.0));
        assert_eq!(s, "1-0i -1.5+2i");
    }
}
