//! NumPy's `.npy` format: reading every common dtype (float64/32, int8–64, uint8–64, bool,
//! complex128/64) in either byte order and either memory order, with shape `()`, `(n,)` or
//! `(m, n)`; writing float64, complex128 or bool in Fortran order, which is faer's own
//! column-major layout. The size is checked from the header before the body is read.
//!
//! The format: the magic `\x93NUMPY`, a version, a header length, a Python dict literal
//! such as `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }` padded with
//! spaces to a multiple of 64 bytes, then the raw elements.

use std::io::{self, Write};

use faer::{c64, Mat};

use super::text::Numbers;
use super::Source;

const MAGIC: &[u8] = b"\x93NUMPY";

/// An element type, with its byte order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Dtype {
    kind: u8,
    size: usize,
    big_endian: bool,
}

/// A parsed header.
#[derive(Debug)]
struct Header {
    dtype: Dtype,
    fortran: bool,
    shape: Vec<usize>,
}

/// Where the elements start and what they are.
struct Layout {
    header: Header,
    body: usize,
    rows: usize,
    cols: usize,
}

/// Reads a `.npy` file's bytes; `max_elements` is checked from the header before the body.
pub fn read(bytes: &[u8], max_elements: usize) -> Result<Numbers, String> {
    let layout = layout(bytes, max_elements)?;
    elements(&bytes[layout.body..], &layout)
}

/// Reads a `.npy` file from `source`. float64 elements (what NumPy and la write) go from
/// the file through a block at a time straight into the matrix's memory (`stream`);
/// other types are read whole and converted.
pub fn read_from(source: &dyn Source, max_elements: usize) -> Result<Numbers, String> {
    let size = usize::try_from(source.size()).map_err(|_| "the file is too large")?;
    let mut prefix = vec![0u8; size.min(12)];
    source.read_at(&mut prefix, 0).map_err(|e| e.to_string())?;
    let header_end = match prefix.get(6) {
        Some(1) if prefix.len() >= 10 => 10 + u16::from_le_bytes([prefix[8], prefix[9]]) as usize,
        Some(2 | 3) if prefix.len() >= 12 => {
            12 + u32::from_le_bytes([prefix[8], prefix[9], prefix[10], prefix[11]]) as usize
        }
        _ => prefix.len(), // `layout` says what is wrong
    };
    prefix.resize(header_end.min(size), 0);
    source.read_at(&mut prefix, 0).map_err(|e| e.to_string())?;
    let layout = layout(&prefix, max_elements)?;
    let d = layout.header.dtype;
    let (rows, cols) = (layout.rows, layout.cols);
    let need = rows * cols * d.size;
    if (d.kind, d.size) != (b'f', 8) || size - layout.body < need {
        let mut bytes = vec![0u8; size];
        source.read_at(&mut bytes, 0).map_err(|e| e.to_string())?;
        return elements(&bytes[layout.body..], &layout);
    }
    let threads = if need < PARALLEL_BYTES { 1 } else { 2 };
    let fortran = layout.header.fortran;
    let mut m = super::stream::read(source, layout.body, (rows, cols), fortran, threads)
        .map_err(|e| e.to_string())?;
    swap_bytes(&mut m, d);
    Ok(Numbers::Real(m))
}

/// The bytes went in as they are: swaps them where the file's order is not ours.
fn swap_bytes(m: &mut Mat<f64>, d: Dtype) {
    if d.big_endian != cfg!(target_endian = "big") {
        for j in 0..m.ncols() {
            for x in m.col_as_slice_mut(j) {
                *x = f64::from_bits(x.to_bits().swap_bytes());
            }
        }
    }
}

/// Bodies this large are read on two threads.
const PARALLEL_BYTES: usize = 1 << 22;

/// The matrix shape the header at the start of a `.npy` file gives, when its elements are
/// real (for a check before running).
pub(crate) fn peek(bytes: &[u8]) -> Option<(usize, usize)> {
    let layout = layout(bytes, usize::MAX).ok()?;
    (layout.header.dtype.kind != b'c').then_some((layout.rows, layout.cols))
}

/// The header of a `.npy` file's first bytes, and the matrix shape it gives.
fn layout(bytes: &[u8], max_elements: usize) -> Result<Layout, String> {
    if !bytes.starts_with(MAGIC) {
        return Err("not a .npy file: it does not start with the NumPy magic bytes".into());
    }
    let version = *bytes.get(6).ok_or("the .npy header is cut short")?;
    let (len, start) = match version {
        1 => (
            u16::from_le_bytes([
                *bytes.get(8).ok_or("cut short")?,
                *bytes.get(9).ok_or("cut short")?,
            ]) as usize,
            10,
        ),
        2 | 3 => {
            let b = bytes.get(8..12).ok_or("the .npy header is cut short")?;
            (u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize, 12)
        }
        v => return Err(format!("unknown .npy version {v}")),
    };
    let header = bytes
        .get(start..start + len)
        .ok_or("the .npy header is cut short")?;
    let header =
        std::str::from_utf8(header).map_err(|_| "the .npy header is not text".to_string())?;
    let header = parse_header(header)?;
    let (rows, cols) = match header.shape.as_slice() {
        [] => (1, 1),
        [n] => (*n, 1),
        [m, n] => (*m, *n),
        other => {
            return Err(format!(
                "a .npy array of rank {} (shape {:?}) cannot be a matrix: la reads rank 0, 1 and 2",
                other.len(),
                other
            ))
        }
    };
    let count = rows
        .checked_mul(cols)
        .ok_or("the .npy shape is too large")?;
    // Each side too: a 0×(2·10¹⁰) array has no elements but would take ages to build.
    if count > max_elements || rows.max(cols) > max_elements {
        return Err(format!(
            "the .npy array is {rows}×{cols}, more than the limit of {max_elements} elements"
        ));
    }
    Ok(Layout {
        header,
        body: start + len,
        rows,
        cols,
    })
}

/// The elements of a `.npy` body as a matrix.
fn elements(body: &[u8], layout: &Layout) -> Result<Numbers, String> {
    let Layout {
        header, rows, cols, ..
    } = layout;
    let (rows, cols) = (*rows, *cols);
    let count = rows * cols;
    let need = count
        .checked_mul(header.dtype.size)
        .ok_or("the .npy shape is too large")?;
    if body.len() < need {
        return Err(format!(
            "the .npy body is cut short: {} bytes for {count} elements of {} bytes each",
            body.len(),
            header.dtype.size
        ));
    }
    // Element k of the body, in the file's memory order, at (i, j).
    let index = |i: usize, j: usize| {
        if header.fortran {
            i + j * rows
        } else {
            i * cols + j
        }
    };
    let d = header.dtype;
    if d.kind == b'c' {
        let half = d.size / 2;
        let m = Mat::from_fn(rows, cols, |i, j| {
            let at = index(i, j) * d.size;
            c64::new(
                float(&body[at..at + half], d),
                float(&body[at + half..at + d.size], d),
            )
        });
        return Ok(Numbers::Complex(m));
    }
    Ok(Numbers::Real(Mat::from_fn(rows, cols, |i, j| {
        let at = index(i, j) * d.size;
        element(&body[at..at + d.size], d)
    })))
}

/// One real element.
fn element(b: &[u8], d: Dtype) -> f64 {
    match d.kind {
        b'f' => float(b, d),
        b'b' => f64::from(u8::from(b[0] != 0)),
        b'i' => signed(b, d.big_endian) as f64,
        _ => unsigned(b, d.big_endian) as f64,
    }
}

fn ordered<const N: usize>(b: &[u8], big: bool) -> [u8; N] {
    let mut a = [0u8; N];
    a.copy_from_slice(&b[..N]);
    if big {
        a.reverse();
    }
    a
}

fn float(b: &[u8], d: Dtype) -> f64 {
    match b.len() {
        4 => f64::from(f32::from_le_bytes(ordered::<4>(b, d.big_endian))),
        _ => f64::from_le_bytes(ordered::<8>(b, d.big_endian)),
    }
}

fn signed(b: &[u8], big: bool) -> i64 {
    match b.len() {
        1 => i64::from(b[0] as i8),
        2 => i64::from(i16::from_le_bytes(ordered::<2>(b, big))),
        4 => i64::from(i32::from_le_bytes(ordered::<4>(b, big))),
        _ => i64::from_le_bytes(ordered::<8>(b, big)),
    }
}

fn unsigned(b: &[u8], big: bool) -> u64 {
    match b.len() {
        1 => u64::from(b[0]),
        2 => u64::from(u16::from_le_bytes(ordered::<2>(b, big))),
        4 => u64::from(u32::from_le_bytes(ordered::<4>(b, big))),
        _ => u64::from_le_bytes(ordered::<8>(b, big)),
    }
}

/// Reads the header dict: `descr`, `fortran_order` and `shape`.
fn parse_header(text: &str) -> Result<Header, String> {
    let value = |key: &str| -> Result<&str, String> {
        let at = text
            .find(&format!("'{key}'"))
            .ok_or_else(|| format!("the .npy header has no '{key}'"))?;
        let rest = text[at + key.len() + 2..].trim_start();
        let rest = rest
            .strip_prefix(':')
            .ok_or_else(|| format!("the .npy header's '{key}' has no value"))?;
        Ok(rest.trim_start())
    };
    let descr = value("descr")?;
    let descr = descr
        .strip_prefix('\'')
        .and_then(|d| d.split('\'').next())
        .ok_or(
            "the .npy header's 'descr' is not a simple type (structured arrays are not matrices)",
        )?;
    let dtype = dtype(descr)?;
    let fortran = value("fortran_order")?.starts_with("True");
    let shape_text = value("shape")?;
    let shape_text = shape_text
        .strip_prefix('(')
        .and_then(|s| s.split(')').next())
        .ok_or("the .npy header's 'shape' is not a tuple")?;
    let shape = shape_text
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_end_matches('L').parse::<usize>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| format!("the .npy header's shape ({shape_text}) is not a list of sizes"))?;
    Ok(Header {
        dtype,
        fortran,
        shape,
    })
}

/// A type string such as `<f8`, `|b1`, `>i4`, `<c16`.
fn dtype(descr: &str) -> Result<Dtype, String> {
    let (order, rest) =
        descr.split_at(
            descr
                .chars()
                .next()
                .map_or(0, |c| if "<>|=".contains(c) { 1 } else { 0 }),
        );
    let big_endian = order == ">";
    let kind = rest.as_bytes().first().copied().unwrap_or(b'?');
    let size: usize = rest.get(1..).and_then(|s| s.parse().ok()).unwrap_or(0);
    let known = matches!(
        (kind, size),
        (b'f', 4 | 8) | (b'i', 1 | 2 | 4 | 8) | (b'u', 1 | 2 | 4 | 8) | (b'b', 1) | (b'c', 8 | 16)
    );
    if !known {
        return Err(format!(
            "the .npy dtype '{descr}' is not one la reads (float64/32, int8–64, uint8–64, bool, complex128/64)"
        ));
    }
    Ok(Dtype {
        kind,
        size,
        big_endian,
    })
}

/// What is written: a real, complex or logical matrix, or a scalar (shape `()`).
pub enum Array<'a> {
    /// float64.
    Real(&'a Mat<f64>),
    /// complex128.
    Complex(&'a Mat<c64>),
    /// bool.
    Logical(&'a Mat<f64>),
}

/// Writes a `.npy` file in Fortran order; `scalar` writes shape `()`.
pub fn write(out: &mut dyn Write, array: Array<'_>, scalar: bool) -> io::Result<()> {
    let (descr, rows, cols) = match &array {
        Array::Real(m) => ("<f8", m.nrows(), m.ncols()),
        Array::Complex(m) => ("<c16", m.nrows(), m.ncols()),
        Array::Logical(m) => ("|b1", m.nrows(), m.ncols()),
    };
    let shape = if scalar {
        "()".to_string()
    } else {
        format!("({rows}, {cols})")
    };
    let mut header = format!("{{'descr': '{descr}', 'fortran_order': True, 'shape': {shape}, }}");
    // Magic (6) + version (2) + length (2) + header + '\n', padded to a multiple of 64.
    let total = 10 + header.len() + 1;
    header.push_str(&" ".repeat((64 - total % 64) % 64));
    header.push('\n');
    // `out` is buffered by the caller (files::write_atomic); whole columns go through.
    let w = out;
    w.write_all(MAGIC)?;
    w.write_all(&[1, 0])?;
    w.write_all(&(header.len() as u16).to_le_bytes())?;
    w.write_all(header.as_bytes())?;
    match array {
        Array::Real(m) if cfg!(target_endian = "little") => {
            // The columns as they lie in memory, handed over together: a buffered writer
            // passes a batch larger than its buffer straight to the file as one `writev`.
            let columns: Vec<&[u8]> = (0..cols)
                .map(|j| bytemuck::cast_slice(m.col_as_slice(j)))
                .collect();
            for batch in columns.chunks(1024) {
                write_all_vectored(w, batch)?;
            }
        }
        Array::Real(m) => {
            for j in 0..cols {
                for &x in m.col_as_slice(j) {
                    w.write_all(&x.to_le_bytes())?;
                }
            }
        }
        Array::Logical(m) => {
            for j in 0..cols {
                for &x in m.col_as_slice(j) {
                    w.write_all(&[u8::from(x != 0.0)])?;
                }
            }
        }
        Array::Complex(m) => {
            for j in 0..cols {
                for i in 0..rows {
                    w.write_all(&m[(i, j)].re.to_le_bytes())?;
                    w.write_all(&m[(i, j)].im.to_le_bytes())?;
                }
            }
        }
    }
    w.flush()
}

/// Writes every byte of `pieces`, in order, through vectored writes.
fn write_all_vectored(w: &mut dyn Write, pieces: &[&[u8]]) -> io::Result<()> {
    let mut slices: Vec<io::IoSlice<'_>> = pieces.iter().map(|p| io::IoSlice::new(p)).collect();
    let mut rest = &mut slices[..];
    while rest.iter().any(|s| !s.is_empty()) {
        let n = w.write_vectored(rest)?;
        if n == 0 {
            return Err(io::ErrorKind::WriteZero.into());
        }
        io::IoSlice::advance_slices(&mut rest, n);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectored_writes_survive_short_writes() {
        /// Takes at most 5 bytes a call, from one slice at a time.
        struct Trickle(Vec<u8>);
        impl Write for Trickle {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                let n = buf.len().min(5);
                self.0.extend_from_slice(&buf[..n]);
                Ok(n)
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let pieces: [&[u8]; 4] = [b"abcdefgh", b"", b"ij", b"klmnopqrstuvwxyz"];
        let mut out = Trickle(Vec::new());
        write_all_vectored(&mut out, &pieces).unwrap();
        assert_eq!(out.0, b"abcdefghijklmnopqrstuvwxyz");
    }

    #[test]
    fn written_files_read_back() {
        let m = Mat::from_fn(2, 3, |i, j| (i * 3 + j) as f64 + 0.5);
        let mut bytes = Vec::new();
        write(&mut bytes, Array::Real(&m), false).unwrap();
        assert_eq!((bytes.len() - 48) % 8, 0);
        let Numbers::Real(back) = read(&bytes, 100).unwrap() else {
            panic!("complex")
        };
        assert_eq!(back, m);
        assert!(read(&bytes, 5)
            .unwrap_err()
            .contains("more than the limit of 5"));
        assert!(read(&bytes[..bytes.len() - 1], 100)
            .unwrap_err()
            .contains("cut short"));
    }

    /// A float64 `.npy` of `m` in either memory order and byte order.
    fn f8_file(m: &Mat<f64>, fortran: bool, big: bool) -> Vec<u8> {
        let (rows, cols) = m.shape();
        let order = if fortran { "True" } else { "False" };
        let descr = if big { ">f8" } else { "<f8" };
        let header = format!(
            "{{'descr': '{descr}', 'fortran_order': {order}, 'shape': ({rows}, {cols}), }}"
        );
        let mut bytes = MAGIC.to_vec();
        bytes.extend([1, 0]);
        bytes.extend((header.len() as u16).to_le_bytes());
        bytes.extend(header.as_bytes());
        let at = |k: usize| {
            if fortran {
                m[(k % rows, k / rows)]
            } else {
                m[(k / cols, k % cols)]
            }
        };
        for k in 0..rows * cols {
            let x: f64 = at(k);
            bytes.extend(if big {
                x.to_be_bytes()
            } else {
                x.to_le_bytes()
            });
        }
        bytes
    }

    #[test]
    fn files_read_from_a_source_as_from_bytes() {
        for (rows, cols) in [(0, 3), (3, 0), (1, 1), (5, 4), (3, 70000), (140000, 1)] {
            let m = Mat::from_fn(rows, cols, |i, j| (i as f64 - 0.25) * 1e-3 + j as f64);
            for fortran in [true, false] {
                for big in [true, false] {
                    let bytes = f8_file(&m, fortran, big);
                    let Numbers::Real(back) = read_from(&bytes.as_slice(), usize::MAX).unwrap()
                    else {
                        panic!("complex");
                    };
                    assert!(back == m, "{rows}×{cols} fortran={fortran} big={big}");
                    let cut = &bytes[..bytes.len().saturating_sub(1)];
                    if rows * cols > 0 {
                        assert!(read_from(&cut, usize::MAX)
                            .unwrap_err()
                            .contains("cut short"));
                    }
                }
            }
        }
        assert!(read_from(&&b"\x93NUMPY"[..], 10)
            .unwrap_err()
            .contains("cut short"));
        assert!(read_from(&&b"PK"[..], 10)
            .unwrap_err()
            .contains("not a .npy"));
    }

    #[test]
    fn headers_in_every_order_and_type() {
        // A C-order big-endian int16 2×2: [[1, 2], [3, 4]].
        let header = "{'descr': '>i2', 'fortran_order': False, 'shape': (2, 2), }";
        let mut bytes = MAGIC.to_vec();
        bytes.extend([1, 0]);
        bytes.extend((header.len() as u16).to_le_bytes());
        bytes.extend(header.as_bytes());
        for x in [1i16, 2, 3, 4] {
            bytes.extend(x.to_be_bytes());
        }
        let Numbers::Real(m) = read(&bytes, 100).unwrap() else {
            panic!("complex")
        };
        assert_eq!(m, Mat::from_fn(2, 2, |i, j| (i * 2 + j + 1) as f64));
        assert!(dtype("<U8").unwrap_err().contains("not one la reads"));
    }

    #[test]
    fn an_empty_array_with_a_huge_side_is_refused_at_once() {
        // Found by the data_npy fuzz target: shape (0, 20000903505) took minutes.
        let header = "{'descr': '<f4', 'fortran_order': True, 'shape': (0, 20000903505), }";
        let mut bytes = MAGIC.to_vec();
        bytes.extend([1, 0]);
        bytes.extend((header.len() as u16).to_le_bytes());
        bytes.extend(header.as_bytes());
        let e = read(&bytes, 1 << 20).unwrap_err();
        assert!(e.contains("more than the limit"), "{e}");
    }
}
