//! Source text to syntax tree: tokens (logos), layout (where newlines matter, how deep things
//! nest), the chumsky parser, and a fully parenthesised printer for tests.

pub mod ast;
pub mod layout;
pub mod parser;
pub mod print;
pub mod scalar_code;
pub mod token;

use crate::diagnostic::{Diagnostic, SourceId};
use crate::intern::Interner;

/// Lexes, lays out and parses `text`. Returns the program, or every error found (the parser
/// recovers at statement boundaries, so several syntax errors are reported together).
pub fn parse_program(
    text: &str,
    source: SourceId,
    interner: &mut Interner,
) -> Result<ast::Program, Vec<Diagnostic>> {
    parse_program_nested(text, source, interner, layout::MAX_NESTING)
}

/// `parse_program` with a limit on nesting (brackets, blocks, prefix or postfix runs).
pub fn parse_program_nested(
    text: &str,
    source: SourceId,
    interner: &mut Interner,
    max_nesting: usize,
) -> Result<ast::Program, Vec<Diagnostic>> {
    let (tokens, mut errors) = token::lex(text, source, interner);
    let tokens = match layout::lay_out(tokens, max_nesting) {
        Ok(tokens) => tokens,
        Err(e) => {
            errors.push(*e);
            return Err(errors);
        }
    };
    match parser::parse(&tokens, text.len(), source) {
        Ok(program) if errors.is_empty() => Ok(program),
        Ok(_) => Err(errors),
        Err(parse_errors) => {
            // Parsing around a bad character only reports its echoes on the same line;
            // the other lines' syntax errors are real and reported with it.
            // An error at the end of input belongs to the last line that has text.
            let end = text.trim_end().len();
            let line = |at: u32| {
                text.as_bytes()[..(at as usize).min(end)]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
            };
            let bad_lines: Vec<usize> = errors.iter().map(|d| line(d.span.start)).collect();
            errors.extend(
                parse_errors
                    .into_iter()
                    .filter(|d| !bad_lines.contains(&line(d.span.start))),
            );
            errors.sort_by_key(|d| d.span.start);
            Err(errors)
        }
    }
}

/// True when `text` is an unfinished program that more lines could complete: an open
/// bracket or block, a trailing operator, or a statement that ends early (`if x`). The
/// REPL uses this to decide between a continuation prompt and running the input.
///
/// ```
/// assert!(la::syntax::needs_more_input("A = [[1, 2],"));
/// assert!(la::syntax::needs_more_input("for i in 1:3 {"));
/// assert!(!la::syntax::needs_more_input("x = 1 + 2"));
/// assert!(!la::syntax::needs_more_input("x = )"));
/// ```
pub fn needs_more_input(text: &str) -> bool {
    let mut scratch = Interner::default();
    let (tokens, errors) = token::lex(text, SourceId(0), &mut scratch);
    if !errors.is_empty() {
        return false;
    }
    let Ok(tokens) = layout::lay_out(tokens, layout::MAX_NESTING) else {
        return false;
    };
    match parser::parse(&tokens, text.len(), SourceId(0)) {
        Ok(_) => false,
        Err(errors) => errors
            .iter()
            .all(|e| e.span.start as usize >= text.trim_end().len()),
    }
}
