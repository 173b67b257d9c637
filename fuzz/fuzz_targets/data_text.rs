//! The text data reader (`load` of .csv, .tsv, .txt) on arbitrary bytes with every
//! delimiter and header choice: it must return numbers or an error that points into a line
//! of the text, never panic, and give the same answer whatever the chunk size and the
//! number of threads.
#![no_main]

use la::data::text::{read, Delimiter, Numbers, Options, ReadError};
use libfuzzer_sys::fuzz_target;

/// A comparable summary of a result: the shape and bits, or the error's words and place.
fn summary(result: Result<Numbers, ReadError>) -> String {
    match result {
        Ok(Numbers::Real(m)) => format!(
            "real {:?} {:?}",
            m.shape(),
            (0..m.ncols())
                .flat_map(|j| (0..m.nrows()).map(move |i| (i, j)))
                .map(|(i, j)| m[(i, j)].to_bits())
                .collect::<Vec<_>>()
        ),
        Ok(Numbers::Complex(m)) => format!(
            "complex {:?} {:?}",
            m.shape(),
            (0..m.ncols())
                .flat_map(|j| (0..m.nrows()).map(move |i| (i, j)))
                .map(|(i, j)| (m[(i, j)].re.to_bits(), m[(i, j)].im.to_bits()))
                .collect::<Vec<_>>()
        ),
        Err(ReadError::Text(e)) => {
            assert!(e.at.start <= e.at.end && e.at.end <= e.text.len());
            assert!(e.text.is_char_boundary(e.at.start) && e.text.is_char_boundary(e.at.end));
            assert!(!e.text.contains('\n'));
            format!("text {} {:?} {}", e.line, e.at, e.message)
        }
        Err(e) => format!("{e:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    for delimiter in [Delimiter::Char(','), Delimiter::Char('\t'), Delimiter::Char(';'), Delimiter::Whitespace] {
        for header in [None, Some(true), Some(false)] {
            let mut options = Options::new(delimiter, header, 1 << 16);
            options.threads = 1;
            let whole = summary(read(&data, &options));
            options.chunk_bytes = 7;
            options.threads = 3;
            assert_eq!(whole, summary(read(&data, &options)));
        }
    }
});
