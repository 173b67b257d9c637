//! Source text to syntax tree: tokens (logos), layout (where newlines matter, how deep things
//! nest), the chumsky parser, and a fully parenthesised printer for tests.

pub mod ast;
mod habits;
pub mod layout;
pub mod parser;
pub mod print;
mod report;
pub mod token;

use crate::diagnostic::Diagnostic;
use crate::intern::Interner;
use crate::source::SourceId;

/// Lexes, lays out and parses `text`. Returns the program, or every error found (the parser
/// recovers at statement boundaries, so several syntax errors are reported together).
pub fn parse_program(
    text: &str,
    source: SourceId,
    interner: &mut Interner,
) -> Result<ast::SyntaxTree, Vec<Diagnostic>> {
    parse_program_nested(text, source, interner, layout::MAX_NESTING)
}

/// `parse_program` with a limit on nesting (brackets, blocks, prefix or postfix runs).
pub fn parse_program_nested(
    text: &str,
    source: SourceId,
    interner: &mut Interner,
    max_nesting: usize,
) -> Result<ast::SyntaxTree, Vec<Diagnostic>> {
    match parse_partial(text, source, interner, max_nesting) {
        Parsed {
            program: Some(program),
            errors,
        } if errors.is_empty() => Ok(program),
        Parsed { errors, .. } => Err(errors),
    }
}

/// What reading a text gave: as much of the tree as could be kept, and every error.
#[derive(Debug)]
pub struct Parsed {
    /// The program, with `StmtKind::Error` nodes where statements did not parse; `None`
    /// only when nothing could be kept (nesting past the limit, or no statement recovered).
    pub program: Option<ast::SyntaxTree>,
    /// The syntax errors (at most a few per line), empty when the text is a program.
    pub errors: Vec<Diagnostic>,
}

/// Lexes, lays out and parses `text`, keeping the tree even when there are errors, so that
/// tools that work on half-typed text (a language server, completion) can use the rest.
///
/// ```
/// let mut names = la::intern::Interner::default();
/// let text = "a = 1\nb = ]\nc = 3";
/// let parsed = la::syntax::parse_partial(text, la::source::SourceId(0), &mut names, 64);
/// assert_eq!(parsed.errors.len(), 1);
/// let program = parsed.program.unwrap();
/// let printed: Vec<String> =
///     program.statements.iter().map(|s| la::syntax::print::statement(s, &names)).collect();
/// assert_eq!(printed, ["a = 1", "<error>", "c = 3"]);
/// ```
pub fn parse_partial(
    text: &str,
    source: SourceId,
    interner: &mut Interner,
    max_nesting: usize,
) -> Parsed {
    let (tokens, mut errors) = token::lex(text, source, interner);
    let habits = habits::spot(text, &tokens, &mut errors, interner);
    errors.extend(habits);
    let unclosed = report::unclosed(&tokens);
    let lines = report::Lines::new(text);
    let tokens = match layout::lay_out(tokens, max_nesting) {
        Ok(tokens) => tokens,
        Err(e) => {
            errors.push(*e);
            return Parsed {
                program: None,
                errors: report::at_most_a_few_per_line(errors, &lines),
            };
        }
    };
    let (program, parse_errors) = parser::parse_partial(&tokens, text.len(), source);
    if !parse_errors.is_empty() {
        // Parsing around a bad character only reports its echoes on the same line;
        // the other lines' syntax errors are real and reported with it.
        let mut parse_errors = report::drop_echoes(&errors, parse_errors, &lines);
        report::point_at_unclosed(&mut parse_errors, &unclosed);
        errors.extend(parse_errors);
    }
    let errors = if errors.is_empty() {
        errors
    } else {
        report::at_most_a_few_per_line(errors, &lines)
    };
    Parsed { program, errors }
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
