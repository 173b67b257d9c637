//! Numbers in text files: reading `.csv`, `.tsv` and whitespace-separated `.txt`/`.dat`
//! (header detection, `"` quoting per RFC 4180, CRLF, a byte-order mark, comments, NaN and
//! infinity in the forms NumPy, Octave and Rust write, complex cells), and writing them
//! back shortest-round-trip.
//!
//! Reading takes two passes over the file. The first (`lines`) cuts it into chunks of
//! whole lines and counts each chunk's data lines, so the matrix can be allocated once at
//! its final size. The second parses the chunks on all cores, each straight into its own
//! rows of that matrix (`cells`). No text is held beyond one chunk per thread: the peak is
//! the matrix plus a few megabytes.

mod cells;
mod lines;
mod write;

use std::io;

use faer::{c64, Mat, MatMut};

pub use crate::data::Source;
pub use cells::parse;
pub use write::{push_complex, push_number, write, Matrix};

use cells::{Element, Fast};
use lines::Chunk;

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

/// How to read a text file.
#[derive(Clone, Debug)]
pub struct Options {
    /// How fields are separated.
    pub delimiter: Delimiter,
    /// Skip a first line of names (true), never (false), or when it holds a non-number and
    /// the next line is numbers (`None`).
    pub header: Option<bool>,
    /// The most elements the matrix may have; checked before it is allocated.
    pub max_elements: usize,
    /// The bytes of text per chunk (whole lines, so a chunk can be longer).
    pub chunk_bytes: usize,
    /// How many threads parse chunks at once.
    pub threads: usize,
}

impl Options {
    /// Reading with `delimiter`, `header` and at most `max_elements` elements, on all cores
    /// in chunks of a megabyte.
    pub fn new(delimiter: Delimiter, header: Option<bool>, max_elements: usize) -> Options {
        Options {
            delimiter,
            header,
            max_elements,
            chunk_bytes: 1 << 20,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get().min(8)),
        }
    }
}

/// A problem at a place in a text file.
#[derive(Debug, PartialEq, Eq)]
pub struct TextError {
    /// The 1-based line it is on.
    pub line: usize,
    /// That line's text (without its line end).
    pub text: String,
    /// Where in `text` (a byte range).
    pub at: std::ops::Range<usize>,
    /// The headline.
    pub message: String,
    /// What to say at `at`.
    pub label: String,
}

/// Why a text file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The operating system could not read it.
    Io(io::Error),
    /// A line is not UTF-8.
    NotUtf8 {
        /// The 1-based line.
        line: usize,
    },
    /// Its matrix would have more elements than allowed.
    TooLarge {
        /// Its rows.
        rows: usize,
        /// Its columns.
        cols: usize,
    },
    /// It changed between the two passes.
    Changed,
    /// A problem in its text.
    Text(TextError),
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> ReadError {
        if e.kind() == io::ErrorKind::UnexpectedEof {
            ReadError::Changed
        } else {
            ReadError::Io(e)
        }
    }
}

/// Reads the numbers of a text file.
pub fn read(source: &dyn Source, options: &Options) -> Result<Numbers, ReadError> {
    let from = lines::body_start(source)?;
    let chunks = lines::chunks(source, from, options.chunk_bytes, options.threads)?;
    let firsts = first_data_lines(source, &chunks, 2)?;
    let Some(first) = firsts.first() else {
        return Ok(Numbers::Real(Mat::zeros(0, 0)));
    };
    let is_number = |cell: &(&str, _)| parse(cell.0).is_some();
    let skip = match options.header {
        Some(forced) => forced,
        None => {
            let names = !split(first, options.delimiter)?.iter().all(is_number);
            let numbers_next = match firsts.get(1) {
                Some(next) => split(next, options.delimiter)?.iter().all(is_number),
                None => false,
            };
            names && numbers_next
        }
    };
    let Some(top) = firsts.get(usize::from(skip)) else {
        return Ok(Numbers::Real(Mat::zeros(0, 0)));
    };
    let rows = chunks.iter().map(|c| c.data_lines).sum::<usize>() - usize::from(skip);
    let cols = split(top, options.delimiter)?.len();
    if rows
        .checked_mul(cols)
        .is_none_or(|n| n > options.max_elements)
    {
        return Err(ReadError::TooLarge { rows, cols });
    }
    let plan = Plan {
        delimiter: options.delimiter,
        cols,
        top_line: top.0,
        header_chunk: skip
            .then(|| chunks.iter().position(|c| c.data_lines > 0))
            .flatten(),
        threads: options.threads,
    };
    let mut real = crate::data::zeros(rows, cols, options.threads);
    match fill(source, &chunks, &plan, real.as_mut()) {
        Ok(()) => return Ok(Numbers::Real(real)),
        Err(Stop::Complex) => {}
        Err(Stop::Failed(e)) => return Err(e),
    }
    drop(real);
    let mut complex = Mat::<c64>::zeros(rows, cols);
    match fill(source, &chunks, &plan, complex.as_mut()) {
        Ok(()) => {}
        Err(Stop::Failed(e)) => return Err(e),
        Err(Stop::Complex) => unreachable!("a complex matrix holds every cell"),
    }
    // Imaginary parts that are all ±0 give a real matrix, as a real file would.
    let imaginary = (0..cols).any(|j| (0..rows).any(|i| complex[(i, j)].im != 0.0));
    Ok(if imaginary {
        Numbers::Complex(complex)
    } else {
        Numbers::Real(Mat::from_fn(rows, cols, |i, j| complex[(i, j)].re))
    })
}

/// A line's number and text.
type Line = (usize, String);

/// Why filling stopped.
enum Stop {
    /// A cell needs a complex matrix: fill again with one.
    Complex,
    /// The file cannot be read.
    Failed(ReadError),
}

impl From<ReadError> for Stop {
    fn from(e: ReadError) -> Stop {
        Stop::Failed(e)
    }
}

impl From<io::Error> for Stop {
    fn from(e: io::Error) -> Stop {
        Stop::Failed(e.into())
    }
}

/// What the second pass needs to know.
struct Plan {
    delimiter: Delimiter,
    /// Every line must have this many cells.
    cols: usize,
    /// The line that set `cols`, for messages.
    top_line: usize,
    /// The chunk whose first data line is a header to skip.
    header_chunk: Option<usize>,
    threads: usize,
}

/// The careful split of a line, its problem placed in the file.
fn split(line: &Line, delimiter: Delimiter) -> Result<cells::Cells<'_>, ReadError> {
    cells::split(&line.1, delimiter).map_err(|p| problem(line, p))
}

fn problem(line: &Line, p: cells::Problem) -> ReadError {
    ReadError::Text(TextError {
        line: line.0,
        text: line.1.clone(),
        at: p.at,
        message: p.message,
        label: p.label,
    })
}

/// The first `count` data lines of the file.
fn first_data_lines(
    source: &dyn Source,
    chunks: &[Chunk],
    count: usize,
) -> Result<Vec<Line>, ReadError> {
    let mut found = Vec::new();
    let mut buf = Vec::new();
    // Every chunk up to the second data line is read, so that a line that is not UTF-8
    // before it is reported whatever the chunk size.
    for chunk in chunks {
        let (text, not_utf8) = chunk_text(source, chunk, &mut buf)?;
        for (number, line) in data_lines(text, chunk.first_line) {
            found.push((number, line.to_string()));
            if found.len() == count {
                return Ok(found);
            }
        }
        if let Some(e) = not_utf8 {
            return Err(e);
        }
    }
    Ok(found)
}

/// A chunk's text, read into `buf`: its lines up to the first that is not UTF-8, and the
/// error for that line (reported once the lines before it are found sound, so that the
/// first problem in the file is the one reported).
fn chunk_text<'b>(
    source: &dyn Source,
    chunk: &Chunk,
    buf: &'b mut Vec<u8>,
) -> Result<(&'b str, Option<ReadError>), ReadError> {
    buf.resize((chunk.end - chunk.start) as usize, 0);
    source.read_at(buf, chunk.start)?;
    match std::str::from_utf8(buf) {
        Ok(text) => Ok((text, None)),
        Err(e) => {
            let sound = &buf[..e.valid_up_to()];
            let line = chunk.first_line + sound.iter().filter(|&&b| b == b'\n').count();
            let whole_lines = sound.iter().rposition(|&b| b == b'\n').map_or(0, |k| k + 1);
            let text = std::str::from_utf8(&buf[..whole_lines]).unwrap_or_default();
            Ok((text, Some(ReadError::NotUtf8 { line })))
        }
    }
}

/// The data lines of a chunk's text, each with its line number, line ends removed.
fn data_lines(text: &str, first_line: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes())
        .chain(std::iter::once(text.len()))
        .enumerate()
        .map(move |(k, end)| {
            // Line ends are ASCII, so these are char boundaries.
            let line = &text[start..end];
            start = end + 1;
            (first_line + k, line.trim_end_matches('\r'))
        })
        .filter(|(_, line)| lines::is_data(line.as_bytes()))
}

/// Parses every chunk into its rows of `matrix`, on up to `plan.threads` threads. The
/// problem reported is the first in the file: a thread stops at its first one, and the
/// others skip chunks after the earliest seen so far.
fn fill<T: Element>(
    source: &dyn Source,
    chunks: &[Chunk],
    plan: &Plan,
    matrix: MatMut<'_, T>,
) -> Result<(), Stop> {
    let mut views = Vec::with_capacity(chunks.len());
    let mut rest = matrix;
    for (k, chunk) in chunks.iter().enumerate() {
        let rows = chunk.data_lines - usize::from(plan.header_chunk == Some(k));
        let (view, after) = rest.split_at_row_mut(rows);
        views.push((k, view));
        rest = after;
    }
    let threads = plan.threads.clamp(1, chunks.len().max(1));
    let earliest = std::sync::atomic::AtomicUsize::new(usize::MAX);
    let work = |mine: Vec<(usize, MatMut<'_, T>)>| -> Option<(usize, Stop)> {
        let (mut buf, mut row) = (Vec::new(), Vec::new());
        for (k, view) in mine {
            if k > earliest.load(std::sync::atomic::Ordering::Relaxed) {
                break;
            }
            if let Err(stop) = fill_chunk(source, &chunks[k], k, plan, view, &mut buf, &mut row) {
                earliest.fetch_min(k, std::sync::atomic::Ordering::Relaxed);
                return Some((k, stop));
            }
        }
        None
    };
    let stops: Vec<(usize, Stop)> = if threads == 1 {
        work(views).into_iter().collect()
    } else {
        let mut shares: Vec<Vec<_>> = (0..threads).map(|_| Vec::new()).collect();
        for (k, view) in views {
            shares[k % threads].push((k, view));
        }
        std::thread::scope(|scope| {
            let handles: Vec<_> = shares
                .into_iter()
                .map(|share| scope.spawn(|| work(share)))
                .collect();
            handles
                .into_iter()
                .filter_map(|h| h.join().expect("a text-parsing thread panicked"))
                .collect()
        })
    };
    match stops.into_iter().min_by_key(|(k, _)| *k) {
        Some((_, stop)) => Err(stop),
        None => Ok(()),
    }
}

/// Parses one chunk into `view`, whose rows are the chunk's data lines.
fn fill_chunk<T: Element>(
    source: &dyn Source,
    chunk: &Chunk,
    k: usize,
    plan: &Plan,
    mut view: MatMut<'_, T>,
    buf: &mut Vec<u8>,
    row: &mut Vec<T>,
) -> Result<(), Stop> {
    let (text, not_utf8) = chunk_text(source, chunk, buf)?;
    let mut lines = data_lines(text, chunk.first_line);
    if plan.header_chunk == Some(k) {
        lines.next();
    }
    let mut i = 0;
    for (number, line) in lines {
        if i == view.nrows() {
            return Err(ReadError::Changed.into());
        }
        match cells::fast_row(line, plan.delimiter, row) {
            Fast::Done if row.len() == plan.cols => {
                for (j, &x) in row.iter().enumerate() {
                    view[(i, j)] = x;
                }
            }
            Fast::Complex => return Err(Stop::Complex),
            _ => careful_row(&(number, line.to_string()), plan, view.as_mut(), i)?,
        }
        i += 1;
    }
    if let Some(e) = not_utf8 {
        return Err(e.into());
    }
    if i != view.nrows() {
        return Err(ReadError::Changed.into());
    }
    Ok(())
}

/// Reads row `i` through the careful splitter, which finds what is wrong and where.
fn careful_row<T: Element>(
    line: &Line,
    plan: &Plan,
    mut view: MatMut<'_, T>,
    i: usize,
) -> Result<(), Stop> {
    let cells = split(line, plan.delimiter)?;
    if cells.len() != plan.cols {
        let values = |n: usize| match n {
            1 => "1 value".to_string(),
            n => format!("{n} values"),
        };
        let at = cells[0].1.start..cells.last().map_or(cells[0].1.end, |c| c.1.end);
        let message = format!(
            "line {} has {}, but line {} has {}",
            line.0,
            values(cells.len()),
            plan.top_line,
            values(plan.cols)
        );
        let label = values(cells.len());
        return Err(problem(line, cells::Problem { at, message, label }).into());
    }
    for (j, (cell, range)) in cells.iter().enumerate() {
        let Some(z) = parse(cell) else {
            let message = format!("`{}` is not a number", cell.trim());
            let label = "not a number".to_string();
            let at = range.clone();
            return Err(problem(line, cells::Problem { at, message, label }).into());
        };
        view[(i, j)] = T::of(z).ok_or(Stop::Complex)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str, d: Delimiter, chunk_bytes: usize) -> Result<Numbers, ReadError> {
        let mut options = Options::new(d, None, usize::MAX);
        options.chunk_bytes = chunk_bytes;
        read(&text.as_bytes(), &options)
    }

    fn real_matrix(text: &str, d: Delimiter) -> Mat<f64> {
        match read_text(text, d, 1 << 20).unwrap() {
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
        let shape = |t| real_matrix(t, Delimiter::Whitespace).shape();
        assert_eq!(shape("1 2\t 3\n"), (1, 3));
        assert_eq!(shape("1\n2\n3\n"), (3, 1));
        assert_eq!(shape(""), (0, 0));
        assert_eq!(shape("# only a comment\n"), (0, 0));
    }

    #[test]
    fn every_chunk_size_reads_the_same() {
        let text = "x,y\n1,2\n# c\n3,4i\n\n5,6\n7,-0\n";
        for size in 1..text.len() + 2 {
            let Numbers::Complex(m) = read_text(text, Delimiter::Char(','), size).unwrap() else {
                panic!("real at chunk size {size}");
            };
            assert_eq!(m.shape(), (4, 2));
            assert_eq!(m[(1, 1)], c64::new(0.0, 4.0));
            assert_eq!(m[(3, 0)], c64::new(7.0, 0.0));
        }
    }

    #[test]
    fn errors_name_the_line_and_the_cell() {
        for size in [1, 3, 1 << 20] {
            let Err(ReadError::Text(e)) = read_text("1,2\n3,x\n", Delimiter::Char(','), size)
            else {
                panic!("no error");
            };
            assert_eq!((e.line, &e.text[e.at.clone()]), (2, "x"));
            let Err(ReadError::Text(e)) = read_text("1,2\n\n3\n4,y\n", Delimiter::Char(','), size)
            else {
                panic!("no error");
            };
            assert_eq!(e.message, "line 3 has 1 value, but line 1 has 2 values");
        }
        let mut options = Options::new(Delimiter::Char(','), None, 3);
        options.threads = 1;
        assert!(matches!(
            read(&&b"1,2\n3,4\n"[..], &options),
            Err(ReadError::TooLarge { rows: 2, cols: 2 })
        ));
        assert!(matches!(
            read(&&b"1\n\xff\n"[..], &options),
            Err(ReadError::NotUtf8 { line: 2 })
        ));
        // The first problem in the file is reported, whatever the chunks.
        for size in [1, 4, 1 << 20] {
            let mut options = Options::new(Delimiter::Char(','), None, 100);
            options.chunk_bytes = size;
            assert!(matches!(
                read(&&b"1,2\n3\n\xff\n"[..], &options),
                Err(ReadError::Text(TextError { line: 2, .. }))
            ));
            options.header = Some(true);
            assert!(matches!(
                read(&&b"% \xff\n1\n"[..], &options),
                Err(ReadError::NotUtf8 { line: 1 })
            ));
        }
    }
}
