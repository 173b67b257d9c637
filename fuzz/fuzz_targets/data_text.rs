//! The text data reader (`load` of .csv, .tsv, .txt) on arbitrary bytes with every
//! delimiter and header choice: it must return numbers or an error whose range lies inside
//! the text, never panic.
#![no_main]

use la::data::text::{read, Delimiter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for delimiter in [Delimiter::Char(','), Delimiter::Char('\t'), Delimiter::Char(';'), Delimiter::Whitespace] {
        for header in [None, Some(true), Some(false)] {
            if let Err(e) = read(text, delimiter, header) {
                assert!(e.at.start <= e.at.end && e.at.end <= text.len());
                assert!(text.is_char_boundary(e.at.start) && text.is_char_boundary(e.at.end));
            }
        }
    }
});
