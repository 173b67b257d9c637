//! Source text to syntax tree: tokens (logos), layout (where newlines matter, how deep things
//! nest), the chumsky parser, and a fully parenthesised printer for tests.

pub mod ast;
pub mod layout;
pub mod parser;
pub mod print;
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
    let (tokens, mut errors) = token::lex(text, source, interner);
    if !errors.is_empty() {
        // Parsing around a bad character would only report its echoes.
        return Err(errors);
    }
    let tokens = match layout::lay_out(tokens) {
        Ok(tokens) => tokens,
        Err(e) => {
            errors.push(*e);
            return Err(errors);
        }
    };
    match parser::parse(&tokens, text.len(), source) {
        Ok(program) if errors.is_empty() => Ok(program),
        Ok(_) => Err(errors),
        Err(mut parse_errors) => {
            errors.append(&mut parse_errors);
            errors.sort_by_key(|d| d.span.start);
            Err(errors)
        }
    }
}
