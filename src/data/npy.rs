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

/// Reads a `.npy` file's bytes; `max_elements` is checked from the header before the body.
pub fn read(bytes: &[u8], max_elements: usize) -> Result<Numbers, String> {
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
    let body = &bytes[start + len..];
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
    let mut w = io::BufWriter::with_capacity(1 << 16, out);
    w.write_all(MAGIC)?;
    w.write_all(&[1, 0])?;
    w.write_all(&(header.len() as u16).to_le_bytes())?;
    w.write_all(header.as_bytes())?;
    match array {
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

#[cfg(test)]
mod tests {
    use super::*;

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
