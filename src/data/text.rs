//! Numbers in text files: reading `.csv`, `.tsv` and whitespace-separated `.txt`/`.dat`
//! (header detection, `"` quoting per RFC 4180, CRLF, a byte-order mark, comments, NaN and
//! infinity in the forms NumPy, Octave and Rust write, complex cells), and writing them
//! back shortest-round-trip, so that loading a saved matrix gives it bit for bit.

use std::io::{self, Write};
use std::ops::Range;

use faer::{c64, Mat};

/// How the fields of a line are separated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delimiter {
    /// One character (`,` for CSV, tab for TSV, or `delim=`).
    Char(char),
    /// Any run of spaces and tabs (`.txt`, `.dat`).
    Whitespace,
}

/// What a text file held.
#[derive(Debug)]
pub enum Numbers {
    /// Real numbers.
    Real(Mat<f64>),
    /// At least one complex cell.
    Complex(Mat<c64>),
}

/// Why a text file could not be read, and where in it (a byte range of the text).
#[derive(Debug, PartialEq, Eq)]
pub struct TextError {
    /// Where the problem is.
    pub at: Range<usize>,
    /// The headline.
    pub message: String,
    /// What to say at `at`.
    pub label: String,
}

/// One line's cells: each cell's text and its byte range in the whole text.
type Cells<'a> = Vec<(&'a str, Range<usize>)>;

/// Reads numbers from `text`. `header` forces (true) or forbids (false) skipping a first
/// line of names; `None` skips it when it holds a non-number and the next line is numbers.
///
/// Lines are parsed one at a time into the numbers alone (imaginary parts are kept only
/// once a complex cell appears), so no line's cells outlive the line.
pub fn read(text: &str, delimiter: Delimiter, header: Option<bool>) -> Result<Numbers, TextError> {
    let body_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = data_lines(text, body_start).peekable();
    // The header decision needs the first two data lines.
    if let Some(&(first_start, first)) = lines.peek() {
        let skip = match header {
            Some(forced) => forced,
            None => {
                let cells = split(first, first_start, delimiter)?;
                let mut rest = data_lines(text, first_start + first.len());
                let names = cells.iter().any(|(c, _)| parse(c).is_none());
                let numbers_next = match rest.next() {
                    Some((start, next)) => split(next, start, delimiter)?
                        .iter()
                        .all(|(c, _)| parse(c).is_some()),
                    None => false,
                };
                names && numbers_next
            }
        };
        if skip {
            lines.next();
        }
    }
    let mut re: Vec<f64> = Vec::new();
    let mut im: Option<Vec<f64>> = None;
    let mut width = None;
    let mut first_line = 0;
    let mut rows = 0;
    for (start, line) in lines {
        let cells = split(line, start, delimiter)?;
        let width = *width.get_or_insert_with(|| {
            first_line = line_number(text, start);
            cells.len()
        });
        if cells.len() != width {
            let values = |n: usize| {
                if n == 1 {
                    "1 value".to_string()
                } else {
                    format!("{n} values")
                }
            };
            let at = cells[0].1.start..cells.last().map_or(cells[0].1.end, |c| c.1.end);
            return Err(TextError {
                at,
                message: format!(
                    "line {} has {}, but line {first_line} has {}",
                    line_number(text, start),
                    values(cells.len()),
                    values(width)
                ),
                label: values(cells.len()),
            });
        }
        for (cell, range) in &cells {
            let Some(z) = parse(cell) else {
                return Err(TextError {
                    at: range.clone(),
                    message: format!("`{}` is not a number", cell.trim()),
                    label: "not a number".into(),
                });
            };
            // Imaginary parts are kept from the first one that is not +0 (a -0 too, so a
            // complex matrix round-trips bit for bit).
            if z.im.to_bits() != 0 && im.is_none() {
                im = Some(vec![0.0; re.len()]);
            }
            re.push(z.re);
            if let Some(im) = im.as_mut() {
                im.push(z.im);
            }
        }
        rows += 1;
    }
    let (m, n) = (rows, width.unwrap_or(0));
    if m == 0 {
        return Ok(Numbers::Real(Mat::zeros(0, 0)));
    }
    Ok(match im.filter(|im| im.iter().any(|&y| y != 0.0)) {
        Some(im) => Numbers::Complex(Mat::from_fn(m, n, |i, j| {
            c64::new(re[i * n + j], im[i * n + j])
        })),
        None => Numbers::Real(Mat::from_fn(m, n, |i, j| re[i * n + j])),
    })
}

/// The lines of `text` from byte `from` that hold data (not blank, not a `#` or `%`
/// comment), each with the byte where it starts, line ends removed.
fn data_lines(text: &str, from: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut start = from;
    text[from.min(text.len())..]
        .split_inclusive('\n')
        .filter_map(move |raw| {
            let at = start;
            start += raw.len();
            let line = raw.trim_end_matches(['\n', '\r']);
            let trimmed = line.trim_start();
            let data =
                !(trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('%'));
            data.then_some((at, line))
        })
}

/// The 1-based line of byte `offset`.
fn line_number(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The cells of one line that starts at byte `start` of the text.
fn split(line: &str, start: usize, delimiter: Delimiter) -> Result<Cells<'_>, TextError> {
    let mut cells = Vec::new();
    match delimiter {
        Delimiter::Whitespace => {
            let mut from = None;
            for (i, c) in line
                .char_indices()
                .chain(std::iter::once((line.len(), ' ')))
            {
                match (c == ' ' || c == '\t', from) {
                    (true, Some(f)) => {
                        cells.push((&line[f..i], start + f..start + i));
                        from = None;
                    }
                    (false, None) => from = Some(i),
                    _ => {}
                }
            }
        }
        Delimiter::Char(d) => {
            let mut i = 0;
            loop {
                let rest = &line[i..];
                let lead = rest.len() - rest.trim_start_matches([' ', '\t']).len();
                if rest[lead..].starts_with('"') {
                    // A quoted field: up to the closing quote, `""` being a quote inside.
                    let open = i + lead;
                    let mut j = open + 1;
                    loop {
                        match line[j..].find('"') {
                            Some(k) if line[j + k + 1..].starts_with('"') => j += k + 2,
                            Some(k) => {
                                j += k + 1;
                                break;
                            }
                            None => {
                                return Err(TextError {
                                    at: start + open..start + line.len(),
                                    message: "a quoted field is not closed on its line".into(),
                                    label: "the quote opens here".into(),
                                })
                            }
                        }
                    }
                    cells.push((&line[open + 1..j - 1], start + open..start + j));
                    let after = line[j..].find(d).map(|k| j + k);
                    match after {
                        Some(k) => i = k + d.len_utf8(),
                        None => break,
                    }
                } else {
                    let end = rest.find(d).map_or(line.len(), |k| i + k);
                    cells.push((&line[i..end], start + i..start + end));
                    if end == line.len() {
                        break;
                    }
                    i = end + d.len_utf8();
                }
            }
        }
    }
    Ok(cells)
}

/// A cell's number: real forms as Rust, NumPy and Octave write them (`1`, `-2.5e-3`,
/// `inf`, `-Inf`, `nan`, `NA`, empty for NaN) and complex ones (`1+2i`, `1-2j`, `(1+2j)`,
/// `3i`).
pub fn parse(cell: &str) -> Option<c64> {
    let s = cell.trim();
    let s = s
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .unwrap_or(s);
    if let Some(x) = real(s) {
        return Some(c64::new(x, 0.0));
    }
    let body = s.strip_suffix(['i', 'j'])?;
    if let Some(y) = real(body).filter(|_| !body.is_empty()) {
        return Some(c64::new(0.0, y));
    }
    // Split `a+bi` at the sign that starts the imaginary part (not one after an `e`).
    let bytes = body.as_bytes();
    let split = (1..bytes.len())
        .rev()
        .find(|&k| matches!(bytes[k], b'+' | b'-') && !matches!(bytes[k - 1], b'e' | b'E'))?;
    let re = real(&body[..split])?;
    let im = match &body[split..] {
        "+" => 1.0,
        "-" => -1.0,
        other => real(other)?,
    };
    Some(c64::new(re, im))
}

/// A real number, or `None`.
fn real(s: &str) -> Option<f64> {
    match s.to_ascii_lowercase().as_str() {
        "" | "na" | "nan" | "+nan" | "-nan" => Some(f64::NAN),
        "inf" | "+inf" | "infinity" | "+infinity" => Some(f64::INFINITY),
        "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
        _ if s
            .bytes()
            .all(|b| b.is_ascii_digit() || b".+-eE".contains(&b)) =>
        {
            s.parse().ok()
        }
        _ => None,
    }
}

/// Writes `x` so that reading it back gives the same bits: the shortest form Rust finds,
/// `NaN`, `Inf` and `-Inf` as la and Octave write them.
pub fn number(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 { "Inf" } else { "-Inf" }.into()
    } else {
        // `{:?}` is the shortest round-trip form and switches to an exponent for extreme
        // magnitudes (`1e-300`), where `{}` would write hundreds of digits.
        format!("{x:?}").trim_end_matches(".0").to_string()
    }
}

/// Writes a complex number as `a+bi` (or `a-bi`), each part shortest-round-trip.
pub fn complex_number(z: c64) -> String {
    let im = number(z.im);
    if im.starts_with('-') {
        format!("{}{im}i", number(z.re))
    } else {
        format!("{}+{im}i", number(z.re))
    }
}

/// Writes rows of `cell(i, j)` joined by `delimiter`, after an optional header line.
pub fn write(
    out: &mut dyn Write,
    (rows, cols): (usize, usize),
    cell: impl Fn(usize, usize) -> String,
    delimiter: &str,
    header: Option<&str>,
) -> io::Result<()> {
    let mut w = io::BufWriter::with_capacity(1 << 16, out);
    if let Some(h) = header {
        writeln!(w, "{h}")?;
    }
    let mut line = String::new();
    for i in 0..rows {
        line.clear();
        for j in 0..cols {
            if j > 0 {
                line.push_str(delimiter);
            }
            line.push_str(&cell(i, j));
        }
        line.push('\n');
        w.write_all(line.as_bytes())?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn real_matrix(text: &str, d: Delimiter) -> Mat<f64> {
        match read(text, d, None).unwrap() {
            Numbers::Real(m) => m,
            Numbers::Complex(_) => panic!("complex"),
        }
    }

    #[test]
    fn csv_with_header_quotes_crlf_and_bom() {
        let m = real_matrix(
            "\u{feff}a,\"b,c\"\r\n1,2\r\n# comment\r\n\r\n3,\"4\"\r\n",
            Delimiter::Char(','),
        );
        assert_eq!((m.nrows(), m.ncols()), (2, 2));
        assert_eq!(m[(1, 1)], 4.0);
        let m = real_matrix("1,,NA,nan,-Inf\n", Delimiter::Char(','));
        assert!(m[(0, 1)].is_nan() && m[(0, 2)].is_nan() && m[(0, 3)].is_nan());
        assert_eq!(m[(0, 4)], f64::NEG_INFINITY);
    }

    #[test]
    fn whitespace_text_and_shapes() {
        assert_eq!(
            real_matrix("1 2\t 3\n", Delimiter::Whitespace).shape(),
            (1, 3)
        );
        assert_eq!(
            real_matrix("1\n2\n3\n", Delimiter::Whitespace).shape(),
            (3, 1)
        );
        assert_eq!(real_matrix("", Delimiter::Whitespace).shape(), (0, 0));
    }

    #[test]
    fn complex_cells() {
        for (text, z) in [
            ("1+2i", c64::new(1.0, 2.0)),
            ("(1-2j)", c64::new(1.0, -2.0)),
            ("-1.5e-3+4e2j", c64::new(-1.5e-3, 4e2)),
            ("3i", c64::new(0.0, 3.0)),
        ] {
            assert_eq!(parse(text), Some(z), "{text}");
        }
        assert_eq!(parse("1+2"), None);
    }

    #[test]
    fn errors_point_into_the_text() {
        let text = "1,2\n3,x\n";
        let e = read(text, Delimiter::Char(','), None).unwrap_err();
        assert_eq!(&text[e.at.clone()], "x");
        let e = read("1,2\n3\n", Delimiter::Char(','), None).unwrap_err();
        assert_eq!(e.message, "line 2 has 1 value, but line 1 has 2 values");
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
    }
}
