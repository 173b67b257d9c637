//! The cells of one line of a text data file and the numbers in them: a fast path that
//! splits a line without quotes and hands each cell to the standard library's float
//! parser, and the careful splitter (RFC 4180 `"` quoting, byte ranges for messages) that
//! takes over for quoted lines and for cells the fast path cannot read.

use std::ops::Range;

use faer::c64;

use super::Delimiter;

/// What is wrong in a line, and where in it (a byte range of the line).
#[derive(Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where the problem is.
    pub at: Range<usize>,
    /// The headline.
    pub message: String,
    /// What to say at `at`.
    pub label: String,
}

/// One line's cells: each cell's text and its byte range in the line.
pub type Cells<'a> = Vec<(&'a str, Range<usize>)>;

/// The element of the matrix being filled: real, or complex once a cell needs it.
pub trait Element: Copy + Send {
    /// A real number.
    fn real(x: f64) -> Self;
    /// A cell's number, or `None` when this element cannot hold it (a real matrix meeting
    /// an imaginary part that is not +0).
    fn of(z: c64) -> Option<Self>;
}

impl Element for f64 {
    fn real(x: f64) -> f64 {
        x
    }

    fn of(z: c64) -> Option<f64> {
        // A -0 imaginary part counts, so a complex matrix round-trips bit for bit.
        (z.im.to_bits() == 0).then_some(z.re)
    }
}

impl Element for c64 {
    fn real(x: f64) -> c64 {
        c64::new(x, 0.0)
    }

    fn of(z: c64) -> Option<c64> {
        Some(z)
    }
}

/// How the fast path ended on a line.
#[derive(Debug, PartialEq, Eq)]
pub enum Fast {
    /// The line's numbers are in the row.
    Done,
    /// A cell needs a complex matrix.
    Complex,
    /// The careful path must look at the line (a quote, or a cell that is not a number).
    Careful,
}

/// Reads the numbers of a line (without its line end) into `row`.
pub fn fast_row<T: Element>(line: &str, delimiter: Delimiter, row: &mut Vec<T>) -> Fast {
    row.clear();
    let bytes = line.as_bytes();
    match delimiter {
        Delimiter::Char(d) if d.is_ascii() && !in_numbers(d as u8) => read_row(line, d as u8, row),
        Delimiter::Char(d) if d.is_ascii() => cut_row(line, d as u8, row),
        Delimiter::Char(_) => Fast::Careful,
        Delimiter::Whitespace => {
            let mut i = 0;
            loop {
                while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
                    i += 1;
                }
                if i == bytes.len() {
                    return Fast::Done;
                }
                let start = i;
                while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t') {
                    i += 1;
                }
                let cell = &line[start..i];
                match number(cell) {
                    Some(x) => row.push(x),
                    None => return end_of(cell),
                }
            }
        }
    }
}

/// `fast_row` for a delimiter that never occurs in a number: each number is read where it
/// starts, and when it ends at the delimiter or the line's end, that was its cell and the
/// parser's value is `number`'s first answer. Any other cell is cut at the next delimiter
/// and read by `number`, as `cut_row` does.
fn read_row<T: Element>(line: &str, d: u8, row: &mut Vec<T>) -> Fast {
    let bytes = line.as_bytes();
    let mut start = 0;
    loop {
        let rest = &bytes[start..];
        if let Ok((x, used)) = fast_float2::parse_partial::<f64, _>(rest) {
            match rest.get(used) {
                None => {
                    row.push(T::real(x));
                    return Fast::Done;
                }
                Some(&b) if b == d => {
                    row.push(T::real(x));
                    start += used + 1;
                    continue;
                }
                Some(_) => {}
            }
        }
        let end = Hits::new(rest, d).next().map_or(bytes.len(), |k| start + k);
        if let Some(stop) = read_cell(&line[start..end], row) {
            return stop;
        }
        if end == bytes.len() {
            return Fast::Done;
        }
        start = end + 1;
    }
}

/// `fast_row` for any one-byte delimiter: the line cut at each delimiter, each cell read by
/// `number`.
fn cut_row<T: Element>(line: &str, d: u8, row: &mut Vec<T>) -> Fast {
    let mut start = 0;
    let ends = Hits::new(line.as_bytes(), d).chain(std::iter::once(line.len()));
    for end in ends {
        if let Some(stop) = read_cell(&line[start..end], row) {
            return stop;
        }
        start = end + 1;
    }
    Fast::Done
}

/// Reads one cell into the row; or why the fast path stops at it.
fn read_cell<T: Element>(cell: &str, row: &mut Vec<T>) -> Option<Fast> {
    match number(cell) {
        Some(x) => {
            row.push(x);
            None
        }
        None if cell.trim_start_matches([' ', '\t']).starts_with('"') => Some(Fast::Careful),
        None => Some(end_of(cell)),
    }
}

/// Whether a byte can be part of a number the float parser reads (digits, signs, the
/// point, and the letters of exponents, `inf` and `nan`).
fn in_numbers(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.' | b'(' | b')' | b'_')
}

/// The places of one byte in a line, found eight bytes at a time: cells are a few bytes
/// long, too short for a vector search to pay for starting on each.
struct Hits<'a> {
    bytes: &'a [u8],
    /// The byte sought, in every byte of a word.
    pattern: u64,
    /// Where the next word starts.
    next: usize,
    /// The high bit of each byte of the last word read that is the byte sought.
    found: u64,
}

impl<'a> Hits<'a> {
    fn new(bytes: &'a [u8], byte: u8) -> Hits<'a> {
        Hits {
            bytes,
            pattern: u64::from_ne_bytes([byte; 8]),
            next: 0,
            found: 0,
        }
    }
}

impl Iterator for Hits<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
        while self.found == 0 {
            let rest = self.bytes.get(self.next..).filter(|r| !r.is_empty())?;
            let word = match rest.first_chunk::<8>() {
                Some(eight) => *eight,
                None => {
                    // A short last word is padded with a byte that is not the one sought.
                    let mut word = (!self.pattern).to_le_bytes();
                    for (w, &b) in word.iter_mut().zip(rest) {
                        *w = b;
                    }
                    word
                }
            };
            // Bytes equal to the pattern become 0; a byte is 0 exactly when adding 0x7f to
            // its low seven bits leaves its high bit clear, and its own high bit is clear.
            let t = u64::from_le_bytes(word) ^ self.pattern;
            self.found = !(((t & LOW) + LOW) | t | LOW);
            self.next += 8;
        }
        let k = self.found.trailing_zeros() as usize / 8;
        self.found &= self.found - 1;
        Some(self.next - 8 + k)
    }
}

/// A cell's number as an element: a fast decimal parser first (`fast_float2`, which
/// accepts exactly what the standard library's does, with the same correctly rounded
/// values, about 15% sooner), the full forms of [`parse`] when it refuses.
fn number<T: Element>(cell: &str) -> Option<T> {
    if let Ok(x) = fast_float2::parse::<f64, _>(cell.as_bytes()) {
        return Some(T::real(x));
    }
    let plain = cell.trim_matches([' ', '\t']);
    match plain.parse::<f64>() {
        Ok(x) => Some(T::real(x)),
        _ => T::of(parse(cell)?),
    }
}

/// Why [`number`] gave nothing for a cell.
fn end_of(cell: &str) -> Fast {
    if parse(cell).is_some() {
        Fast::Complex
    } else {
        Fast::Careful
    }
}

/// The cells of one line, each with its byte range in the line: the careful splitter, which
/// knows `"` quoting and finds the ranges that messages point at.
pub fn split(line: &str, delimiter: Delimiter) -> Result<Cells<'_>, Problem> {
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
                        cells.push((&line[f..i], f..i));
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
                                return Err(Problem {
                                    at: open..line.len(),
                                    message: "a quoted field is not closed on its line".into(),
                                    label: "the quote opens here".into(),
                                })
                            }
                        }
                    }
                    cells.push((&line[open + 1..j - 1], open..j));
                    let after = line[j..].find(d).map(|k| j + k);
                    match after {
                        Some(k) => i = k + d.len_utf8(),
                        None => break,
                    }
                } else {
                    let end = rest.find(d).map_or(line.len(), |k| i + k);
                    cells.push((&line[i..end], i..end));
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
    const NAN: [&str; 5] = ["", "na", "nan", "+nan", "-nan"];
    const INF: [&str; 4] = ["inf", "+inf", "infinity", "+infinity"];
    let named = |names: &[&str]| names.iter().any(|n| n.eq_ignore_ascii_case(s));
    if named(&NAN) {
        Some(f64::NAN)
    } else if named(&INF) {
        Some(f64::INFINITY)
    } else if named(&["-inf", "-infinity"]) {
        Some(f64::NEG_INFINITY)
    } else if s
        .bytes()
        .all(|b| b.is_ascii_digit() || b".+-eE".contains(&b))
    {
        s.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_are_every_place_of_the_byte() {
        let text = b",a,,bc,defghij,klmnopqrstu,v,,,,,,,,,w\xff\x00,";
        for byte in [b',', b'a', b'\xff', b'\x00', b'z'] {
            for len in 0..=text.len() {
                let bytes = &text[..len];
                let want: Vec<usize> = (0..len).filter(|&i| bytes[i] == byte).collect();
                assert_eq!(
                    Hits::new(bytes, byte).collect::<Vec<_>>(),
                    want,
                    "{byte} {len}"
                );
            }
        }
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

    /// A cell of a random line: numbers in many spellings, the forms `number` reads only
    /// after trimming or through `parse`, and text it refuses.
    fn cell() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            4 => any::<f64>().prop_map(|x| format!("{x}")),
            2 => any::<f64>().prop_map(|x| format!("{x:e}")),
            1 => any::<f64>().prop_map(|x| format!("{x:.3}")),
            1 => (-1e6..1e6f64).prop_map(|x| format!("{x}")),
            3 => prop::sample::select(vec![
                "", " ", "inf", "-Infinity", "+inf", "infinity", "infx", "nan", "NaN", "-nan",
                "nan(1)", " 1", "1 ", " 2.5e3 ", "\"2\"", " \"3\"", "1+2i", "(1-2j)", "3i", "x",
                "1e", "1e+", "1.", ".5", "+1", "--1", "1e400", "0x1", "1_000", "NA", "١",
                "1.5e-3x", "12345678901234567890123", "0.000000000000000000001234",
            ])
            .prop_map(str::to_string),
        ]
    }

    proptest::proptest! {
        /// Reading each number where it starts gives what cutting the line first gives:
        /// the same numbers, bit for bit, and the same way of stopping (a delimiter that
        /// can be part of a number is cut first).
        #[test]
        fn reading_in_place_agrees_with_cutting_first(
            cells in proptest::collection::vec(cell(), 1..6),
            d in proptest::sample::select(vec![
                b',', b';', b'\t', b'|', b' ', b':', b'.', b'e', b'-', b'1', b'n',
            ]),
        ) {
            let line = cells.join(&char::from(d).to_string());
            let (mut read, mut cut) = (Vec::<f64>::new(), Vec::<f64>::new());
            let read_stop = fast_row(&line, Delimiter::Char(char::from(d)), &mut read);
            let cut_stop = cut_row(&line, d, &mut cut);
            proptest::prop_assert_eq!(&read_stop, &cut_stop, "{:?}", line);
            if read_stop == Fast::Done {
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                proptest::prop_assert_eq!(bits(&read), bits(&cut), "{:?}", line);
            }
        }
    }

    #[test]
    fn the_fast_path_agrees_with_the_careful_one() {
        let comma = Delimiter::Char(',');
        for line in ["1, 2.5e3,-inf,,NA", " 3 ,nan", "(1),2"] {
            let mut row: Vec<f64> = Vec::new();
            assert_eq!(fast_row(line, comma, &mut row), Fast::Done, "{line}");
            let careful: Vec<f64> = split(line, comma)
                .unwrap()
                .iter()
                .map(|(c, _)| parse(c).unwrap().re)
                .collect();
            assert_eq!(
                row.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                careful.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                "{line}"
            );
        }
        let mut row: Vec<f64> = Vec::new();
        assert_eq!(fast_row("1,\"2\"", comma, &mut row), Fast::Careful);
        assert_eq!(fast_row("1,x", comma, &mut row), Fast::Careful);
        assert_eq!(fast_row("1,2i", comma, &mut row), Fast::Complex);
        assert_eq!(
            fast_row(" 1\t 2  ", Delimiter::Whitespace, &mut row),
            Fast::Done
        );
        assert_eq!(row, [1.0, 2.0]);
    }
}
