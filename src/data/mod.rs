//! Data files: the formats `load` and `save` know, chosen by a file's extension or by
//! `format=`: `.csv` (comma), `.tsv` (tab), `.txt`/`.dat` (spaces or tabs) in `text`, and
//! NumPy's `.npy` in `npy` and its `.npz` archives in `npz`. The text reader is a small
//! hand-written splitter over a fast float parser, `.npy` is a short
//! header and raw little- or big-endian elements, and `.npz` a zip archive whose deflated
//! members `miniz_oxide` inflates.

pub mod npy;
pub mod npz;
mod source;
mod stream;
pub mod text;

pub use source::Source;

use faer::Mat;

/// A data-file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Comma-separated text.
    Csv,
    /// Tab-separated text.
    Tsv,
    /// Numbers separated by spaces or tabs.
    Text,
    /// NumPy's binary `.npy`.
    Npy,
    /// NumPy's archive of named arrays, `.npz`.
    Npz,
}

impl Kind {
    /// The format a file name's extension means.
    pub fn of_name(name: &str) -> Option<Kind> {
        let extension = std::path::Path::new(name)
            .extension()?
            .to_str()?
            .to_ascii_lowercase();
        Kind::of_word(&extension)
    }

    /// The format a `format=` word names.
    pub fn of_word(word: &str) -> Option<Kind> {
        Some(match word.to_ascii_lowercase().as_str() {
            "csv" => Kind::Csv,
            "tsv" => Kind::Tsv,
            "txt" | "dat" | "text" => Kind::Text,
            "npy" => Kind::Npy,
            "npz" => Kind::Npz,
            _ => return None,
        })
    }

    /// How a text format separates its fields (`None` for `.npy`).
    pub fn delimiter(self) -> Option<text::Delimiter> {
        match self {
            Kind::Csv => Some(text::Delimiter::Char(',')),
            Kind::Tsv => Some(text::Delimiter::Char('\t')),
            Kind::Text => Some(text::Delimiter::Whitespace),
            Kind::Npy | Kind::Npz => None,
        }
    }
}

/// The shape a data file's start says, without reading it all (for a check before
/// running): an `.npy` header's rows and columns; a text file's column count, from its
/// first line of data. `None` where the start cannot say.
pub(crate) fn peek_shape(path: &std::path::Path) -> Option<(Option<usize>, Option<usize>)> {
    use std::io::Read;
    let kind = Kind::of_name(path.to_str()?)?;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(64 * 1024)
        .read_to_end(&mut head)
        .ok()?;
    match kind {
        Kind::Npy => npy::peek(&head).map(|(r, c)| (Some(r), Some(c))),
        Kind::Npz => None,
        Kind::Csv | Kind::Tsv | Kind::Text => {
            let text = std::str::from_utf8(&head).ok()?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            // The first line of data, whole (the 64 KiB read may cut the last one).
            let mut lines = text.lines();
            let line = lines.find(|l| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with('#') && !t.starts_with('%')
            })?;
            lines.next()?;
            if line.contains('"') {
                return None;
            }
            let fields = match kind.delimiter()? {
                text::Delimiter::Char(c) => line.split(c).count(),
                text::Delimiter::Whitespace => line.split_whitespace().count(),
            };
            Some((None, Some(fields)))
        }
    }
}

/// The formats, for messages.
pub const KNOWN: &str = ".csv, .tsv, .txt, .dat, .npy and .npz";

/// A rows×cols matrix of zeros, written by up to `threads` threads at once. `Mat::zeros`
/// writes them on one thread, and the first write to a page is when the kernel hands it
/// out and clears it: for the 80 MB matrix of a 10⁶×10 CSV file on a virtual machine, a
/// quarter of the load's time, all on one core while the other waited.
pub(crate) fn zeros(rows: usize, cols: usize, threads: usize) -> Mat<f64> {
    let total = rows * cols;
    let threads = threads.clamp(1, 8);
    if total < (1 << 20) || threads == 1 {
        return Mat::zeros(rows, cols);
    }
    let mut m = Mat::<f64>::with_capacity(rows, cols);
    let stride = m.col_stride().unsigned_abs();
    // An address, so the threads can share it; each writes its own elements.
    let base = m.as_ptr_mut() as usize;
    std::thread::scope(|scope| {
        for t in 0..threads {
            // Elements lo..hi in column order: runs within columns of the first `rows`.
            let (lo, hi) = (total * t / threads, total * (t + 1) / threads);
            scope.spawn(move || {
                let mut k = lo;
                while k < hi {
                    let (j, i) = (k / rows, k % rows);
                    let n = (rows - i).min(hi - k);
                    // SAFETY: `with_capacity(rows, cols)` allocated `cols` columns of
                    // `stride >= rows` elements, so rows i..i + n of column j are inside
                    // it; the threads' ranges do not overlap, and all-zero bytes are 0.0.
                    unsafe { std::ptr::write_bytes((base as *mut f64).add(j * stride + i), 0, n) };
                    k += n;
                }
            });
        }
    });
    // SAFETY: within capacity (as allocated above), and every element of the first `rows`
    // of each of the `cols` columns was written just above.
    unsafe { m.set_dims(rows, cols) };
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_zeros_cover_every_element_of_every_shape() {
        // Splits that end mid-column, a single row, a single column, more threads than needed.
        for (rows, cols, threads) in [
            (1_000_003, 3, 2),
            (1, 1 << 21, 3),
            (1 << 21, 1, 2),
            (700, 2000, 8),
        ] {
            let m = zeros(rows, cols, threads);
            assert_eq!(m.shape(), (rows, cols));
            assert!((0..cols).all(|j| m.col_as_slice(j).iter().all(|x| x.to_bits() == 0)));
        }
        assert_eq!(zeros(0, 5, 2).shape(), (0, 5));
    }
}
