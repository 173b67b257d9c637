//! Float64 elements from a file into a new matrix, written straight to memory. A matrix
//! filled this way is not cleared first, and on x86-64 its cache lines are written with
//! streaming stores, which do not read a line before writing it: a 2000×2000 `.npy` file
//! loads in a third of the time that clearing and ordinary stores took (BENCHMARKS.md).
//! A C-order file goes through a block of rows at a time, eight rows making a cache line
//! of each column; a Fortran-order file goes through a block at a time, in runs down the
//! columns.

use std::io;
use std::ops::Range;

use faer::Mat;

use super::Source;

/// Reads a rows×cols matrix of float64 elements in C order (`fortran` false) or Fortran
/// order from byte `body` of `source` on, on up to two threads when `threads` > 1.
pub(super) fn read(
    source: &dyn Source,
    body: usize,
    (rows, cols): (usize, usize),
    fortran: bool,
    threads: usize,
) -> io::Result<Mat<f64>> {
    if rows == 0 || cols == 0 {
        return Ok(Mat::zeros(rows, cols));
    }
    let mut m = Mat::<f64>::with_capacity(rows, cols);
    let out = Columns {
        base: m.as_ptr_mut() as usize,
        stride: m.col_stride().unsigned_abs(),
        rows,
        cols,
    };
    // Each thread's share: whole groups of eight rows, or a range of elements in column order.
    let (total, unit) = if fortran { (rows * cols, 1) } else { (rows, 8) };
    let split = if threads > 1 {
        total / 2 / unit * unit
    } else {
        0
    };
    let part = |range: Range<usize>| {
        let done = if fortran {
            columns(source, body, &out, range)
        } else {
            transpose(source, body, &out, range)
        };
        fence();
        done
    };
    if split == 0 {
        part(0..total)?;
    } else {
        std::thread::scope(|scope| {
            let other = scope.spawn(|| part(split..total));
            part(0..split)?;
            other.join().expect("a reading thread panicked")
        })?;
    }
    // SAFETY: within capacity, and the parts wrote every element of the first `rows` of
    // every column (on an error they return early, and the matrix is dropped as 0×0).
    unsafe { m.set_dims(rows, cols) };
    Ok(m)
}

/// Where a matrix allocated by `with_capacity(rows, cols)` keeps its columns: an address
/// (so that threads can share it), the column stride in elements, and the shape.
struct Columns {
    base: usize,
    stride: usize,
    rows: usize,
    cols: usize,
}

impl Columns {
    /// The place of element (i, j).
    fn at(&self, i: usize, j: usize) -> *mut f64 {
        debug_assert!(i < self.rows && j < self.cols);
        (self.base as *mut f64).wrapping_add(j * self.stride + i)
    }
}

/// Elements read from the file at a time: a megabyte.
const BLOCK: usize = 1 << 17;

/// Rows `rows` of a C-order body: a block of whole rows at a time, each eight rows
/// written to every column as one cache line.
fn transpose(
    source: &dyn Source,
    body: usize,
    out: &Columns,
    rows: Range<usize>,
) -> io::Result<()> {
    let cols = out.cols;
    let block = (BLOCK / cols.max(1) / 8 * 8).max(8);
    let mut buf = vec![0f64; block.min(rows.len()) * cols];
    for first in rows.clone().step_by(block) {
        let count = block.min(rows.end - first);
        let part = &mut buf[..count * cols];
        source.read_at(
            bytemuck::cast_slice_mut(part),
            (body + first * cols * 8) as u64,
        )?;
        let mut groups = part.chunks_exact(8 * cols);
        let mut i = first;
        for group in groups.by_ref() {
            let r: [&[f64]; 8] = std::array::from_fn(|k| &group[k * cols..(k + 1) * cols]);
            for j in 0..cols {
                let line = r.map(|row| row[j]);
                // SAFETY: rows i..i + 8 of column j are inside the allocation.
                unsafe { stream_line(out.at(i, j), line) };
            }
            i += 8;
        }
        for row in groups.remainder().chunks_exact(cols) {
            for (j, &x) in row.iter().enumerate() {
                // SAFETY: element (i, j) is inside the allocation.
                unsafe { out.at(i, j).write(x) };
            }
            i += 1;
        }
    }
    Ok(())
}

/// Elements `elements` (in column order) of a Fortran-order body: a block at a time, in
/// runs down the columns.
fn columns(
    source: &dyn Source,
    body: usize,
    out: &Columns,
    elements: Range<usize>,
) -> io::Result<()> {
    let mut buf = vec![0f64; BLOCK.min(elements.len())];
    for first in elements.clone().step_by(BLOCK) {
        let count = BLOCK.min(elements.end - first);
        let mut part = &mut buf[..count];
        source.read_at(bytemuck::cast_slice_mut(part), (body + first * 8) as u64)?;
        let mut k = first;
        while !part.is_empty() {
            let (j, i) = (k / out.rows, k % out.rows);
            let (run, rest) = part.split_at_mut((out.rows - i).min(part.len()));
            // SAFETY: rows i..i + run.len() of column j are inside the allocation.
            unsafe { stream(out.at(i, j), run) };
            k += run.len();
            part = rest;
        }
    }
    Ok(())
}

/// Writes `xs` to `at..at + xs.len()`, with streaming stores where the place is aligned.
///
/// # Safety
/// The places must be inside one allocation, and no other thread may use them.
unsafe fn stream(at: *mut f64, xs: &[f64]) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_loadu_pd, _mm_stream_pd};
        // An element before a 16-byte boundary goes in as usual, then pairs stream, then
        // an element left over goes in as usual.
        let mut xs = xs;
        let mut p = at;
        if !(p as usize).is_multiple_of(16) {
            if let Some((&x, rest)) = xs.split_first() {
                p.write(x);
                (xs, p) = (rest, p.add(1));
            }
        }
        let pairs = xs.chunks_exact(2);
        if let [x] = pairs.remainder() {
            p.add(xs.len() - 1).write(*x);
        }
        for pair in pairs {
            // SAFETY: `p` is 16-byte aligned, and its two elements are inside the allocation.
            _mm_stream_pd(p, _mm_loadu_pd(pair.as_ptr()));
            p = p.add(2);
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    std::ptr::copy_nonoverlapping(xs.as_ptr(), at, xs.len());
}

/// Writes a line of eight elements to `at..at + 8`, as `stream` does.
///
/// # Safety
/// As for `stream`.
#[inline(always)]
unsafe fn stream_line(at: *mut f64, line: [f64; 8]) {
    #[cfg(target_arch = "x86_64")]
    if (at as usize).is_multiple_of(16) {
        use std::arch::x86_64::{_mm_set_pd, _mm_stream_pd};
        for k in 0..4 {
            // SAFETY: `at` is 16-byte aligned, and the line is inside the allocation.
            _mm_stream_pd(at.add(2 * k), _mm_set_pd(line[2 * k + 1], line[2 * k]));
        }
        return;
    }
    stream(at, &line);
}

/// Orders the streaming stores before whatever the thread does next (joining it).
fn fence() {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `sfence` has no preconditions (SSE is part of x86-64).
    unsafe {
        std::arch::x86_64::_mm_sfence()
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_runs_write_exactly_their_places_at_any_alignment() {
        for start in 0..4 {
            for len in 0..20 {
                let mut places = vec![-1.0; 32];
                let xs: Vec<f64> = (0..len).map(|k| k as f64).collect();
                // SAFETY: start + len <= 23 < 32 places.
                unsafe { stream(places.as_mut_ptr().add(start), &xs) };
                fence();
                for (k, &x) in places.iter().enumerate() {
                    let want = if (start..start + len).contains(&k) {
                        (k - start) as f64
                    } else {
                        -1.0
                    };
                    assert_eq!(x, want, "start {start}, length {len}, place {k}");
                }
            }
        }
    }

    #[test]
    fn both_orders_fill_every_element_on_one_thread_and_on_two() {
        // Row counts below, at and past a group of eight (rows left over after the groups);
        // Fortran-order shares that end mid-column (`read` splits whenever asked). faer
        // starts every column on 64 bytes, so `stream`'s unaligned starts are tested on
        // their own above.
        for (rows, cols) in [
            (0, 3),
            (3, 0),
            (1, 1),
            (7, 5),
            (8, 3),
            (9, 2),
            (17, 33),
            (1001, 601),
            (3, 70001),
        ] {
            let m = Mat::from_fn(rows, cols, |i, j| (i * cols + j) as f64 + 0.5);
            for fortran in [false, true] {
                let body: Vec<u8> = (0..rows * cols)
                    .flat_map(|k| {
                        let (i, j) = if fortran {
                            (k % rows.max(1), k / rows.max(1))
                        } else {
                            (k / cols, k % cols)
                        };
                        m[(i, j)].to_le_bytes()
                    })
                    .collect();
                let file = [vec![7u8; 5], body].concat();
                for threads in [1, 2] {
                    let back = read(&file.as_slice(), 5, (rows, cols), fortran, threads).unwrap();
                    assert!(
                        back == m,
                        "{rows}×{cols} fortran={fortran} threads={threads}"
                    );
                    if rows * cols > 0 {
                        let cut = &file[..file.len() - 1];
                        assert!(read(&cut, 5, (rows, cols), fortran, threads).is_err());
                    }
                }
            }
        }
    }
}
