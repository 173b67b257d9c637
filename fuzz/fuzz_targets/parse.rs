//! Lexer and parser on arbitrary bytes: any UTF-8 text either parses or gives diagnostics,
//! never a panic or a stack overflow.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut names = la::intern::Interner::default();
    let _ = la::syntax::parse_program(text, la::source::SourceId(0), &mut names);
    let _ = la::syntax::needs_more_input(text);
});
