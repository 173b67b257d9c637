//! The first pass over a text data file: where its chunks start and end (always after a
//! line end, so every chunk holds whole lines), how many data lines each holds and the
//! line number each starts on. The second pass parses the chunks in parallel straight
//! into the rows this pass counted, so no chunk's text outlives its parsing.

use std::io;

use memchr::memchr;

use crate::data::Source;

/// A run of whole lines of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunk {
    /// The byte where it starts.
    pub start: u64,
    /// The byte after its last line end (or the end of the file).
    pub end: u64,
    /// The 1-based line number of its first line.
    pub first_line: usize,
    /// How many of its lines hold data (not blank, not a comment).
    pub data_lines: usize,
}

/// Bytes that are blank space at the start of a line.
pub fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c')
}

/// Whether a line (without its `\n`) holds data: its first non-blank byte exists and does
/// not start a `#` or `%` comment. The first pass decides the same byte by byte.
pub fn is_data(line: &[u8]) -> bool {
    line.iter()
        .find(|&&b| !is_blank(b))
        .is_some_and(|&b| b != b'#' && b != b'%')
}

/// The byte where the data starts: after a UTF-8 byte-order mark, if there is one.
pub fn body_start(source: &dyn Source) -> io::Result<u64> {
    let mut mark = [0u8; 3];
    if source.size() >= 3 {
        source.read_at(&mut mark, 0)?;
    }
    Ok(if mark == [0xef, 0xbb, 0xbf] { 3 } else { 0 })
}

/// Cuts the bytes of `source` from `from` into chunks of at least `chunk_bytes` (the last
/// of each thread's share may be shorter; a line longer than that makes its chunk longer),
/// reading it once in blocks. Up to `threads` threads each cut one share of the bytes,
/// which starts at a line start.
pub fn chunks(
    source: &dyn Source,
    from: u64,
    chunk_bytes: usize,
    threads: usize,
) -> io::Result<Vec<Chunk>> {
    let size = source.size();
    let threads = threads.clamp(1, 64);
    // A share below four chunks is not worth a thread.
    let per_share = 4 * chunk_bytes.max(1) as u64;
    let shares = threads
        .min(((size - from.min(size)) / per_share) as usize)
        .max(1);
    let mut bounds = vec![from];
    for k in 1..shares {
        let nominal = from + (size - from) / shares as u64 * k as u64;
        bounds.push(next_line_start(
            source,
            nominal.max(*bounds.last().unwrap()),
        )?);
    }
    bounds.push(size.max(from));
    let cut = |k: usize| cut_range(source, bounds[k], bounds[k + 1], chunk_bytes);
    let cuts: Vec<io::Result<(Vec<Chunk>, usize)>> = if shares == 1 {
        vec![cut(0)]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..shares).map(|k| scope.spawn(move || cut(k))).collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a line-counting thread panicked"))
                .collect()
        })
    };
    // Line numbers were counted within each share: add the lines of the shares before.
    let mut found = Vec::new();
    let mut lines_before = 0;
    for result in cuts {
        let (share, lines) = result?;
        found.extend(share.into_iter().map(|mut c| {
            c.first_line += lines_before;
            c
        }));
        lines_before += lines;
    }
    Ok(found)
}

/// The first byte at or after `at` that starts a line (the end of the file if none does).
fn next_line_start(source: &dyn Source, at: u64) -> io::Result<u64> {
    let size = source.size();
    if at == 0 || at >= size {
        return Ok(at.min(size));
    }
    let mut block = vec![0u8; 1 << 16];
    let mut offset = at - 1;
    while offset < size {
        let n = block.len().min((size - offset) as usize);
        source.read_at(&mut block[..n], offset)?;
        if let Some(k) = memchr(b'\n', &block[..n]) {
            return Ok(offset + k as u64 + 1);
        }
        offset += n as u64;
    }
    Ok(size)
}

/// Cuts the bytes from `from` (a line start) to `to` into chunks, numbering lines from 1;
/// also gives the number of line ends in them.
fn cut_range(
    source: &dyn Source,
    from: u64,
    to: u64,
    chunk_bytes: usize,
) -> io::Result<(Vec<Chunk>, usize)> {
    let mut block = vec![0u8; chunk_bytes.clamp(1, 1 << 20)];
    let mut found = Vec::new();
    let mut chunk = Chunk {
        start: from,
        end: from,
        first_line: 1,
        data_lines: 0,
    };
    // Whether the bytes so far of the current line are all blank (so its first non-blank
    // byte, which decides whether it holds data, is still to come).
    let mut at_line_start = true;
    let mut line = 1;
    let mut offset = from;
    while offset < to {
        let n = block.len().min((to - offset) as usize);
        let bytes = &mut block[..n];
        source.read_at(bytes, offset)?;
        let mut i = 0;
        while i < n {
            if at_line_start {
                while i < n && is_blank(bytes[i]) {
                    i += 1;
                }
                if i == n {
                    break;
                }
                if bytes[i] != b'\n' {
                    chunk.data_lines += usize::from(bytes[i] != b'#' && bytes[i] != b'%');
                    at_line_start = false;
                }
            }
            let Some(k) = memchr(b'\n', &bytes[i..]) else {
                break;
            };
            i += k + 1;
            line += 1;
            at_line_start = true;
            let end = offset + i as u64;
            if end - chunk.start >= chunk_bytes as u64 {
                chunk.end = end;
                let next = Chunk {
                    start: end,
                    end,
                    first_line: line,
                    data_lines: 0,
                };
                found.push(std::mem::replace(&mut chunk, next));
            }
        }
        offset += n as u64;
    }
    chunk.end = to.max(from);
    if chunk.end > chunk.start {
        found.push(chunk);
    }
    Ok((found, line - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_hold_whole_lines_and_count_data() {
        let text = b"# c\n1,2\n\n  \r\n3,4\n% x\n5,6";
        for (size, threads) in (1..30).flat_map(|size| (1..4).map(move |t| (size, t))) {
            let found = chunks(&&text[..], 0, size, threads).unwrap();
            assert_eq!(found.iter().map(|c| c.data_lines).sum::<usize>(), 3);
            assert_eq!(found.first().unwrap().start, 0);
            assert_eq!(found.last().unwrap().end, text.len() as u64);
            for pair in found.windows(2) {
                assert_eq!(pair[0].end, pair[1].start);
                assert_eq!(text[pair[0].end as usize - 1], b'\n');
            }
            for c in &found {
                let before = &text[..c.start as usize];
                assert_eq!(
                    c.first_line,
                    1 + before.iter().filter(|&&b| b == b'\n').count()
                );
            }
        }
    }
}
