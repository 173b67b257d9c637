//! Where line breaks matter and how deep input may nest. A newline separates statements,
//! except inside `()` and `[]`, after a token that cannot end a statement (a binary
//! operator, `,`, `=`), and before `else`. Nesting and operator counts are bounded here, on
//! the flat token list, so no later recursive pass can overflow the stack.

use super::token::{Spanned, Token};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible, Span};

/// The default deepest nesting of brackets, blocks, prefix or postfix operators.
pub const MAX_NESTING: usize = 200;
/// Most operators in one statement (a longer chain nests the tree as deep).
pub const MAX_OPERATORS: usize = 10_000;

/// Removes insignificant newlines and refuses input nested too deep.
pub fn lay_out(tokens: Vec<Spanned>, max_nesting: usize) -> Fallible<Vec<Spanned>> {
    let mut out: Vec<Spanned> = Vec::with_capacity(tokens.len());
    let mut open: Vec<(Token, Span)> = Vec::new();
    let mut prefix_run = 0usize;
    let mut postfix_run = 0usize;
    let mut operators = 0usize;
    let mut iter = tokens.into_iter().peekable();
    while let Some((token, span)) = iter.next() {
        match token {
            Token::LParen | Token::LBracket | Token::LBrace => {
                open.push((token.clone(), span));
                if open.len() > max_nesting {
                    return Err(too_deep(span, "brackets", max_nesting));
                }
            }
            Token::RParen | Token::RBracket | Token::RBrace => {
                open.pop();
            }
            _ => {}
        }
        let inside_brackets = matches!(open.last(), Some((Token::LParen | Token::LBracket, _)));
        if token == Token::Newline {
            let continues = inside_brackets
                || out.last().is_some_and(|(prev, _)| continues_line(prev))
                || matches!(iter.peek(), Some((Token::Else, _)));
            if continues {
                continue;
            }
            operators = 0;
        }
        if token == Token::Semi && open.is_empty() {
            operators = 0;
        }
        // Runs of prefix and postfix operators each add a level to the tree.
        let prefix_position = out.last().is_none_or(|(prev, _)| !ends_operand(prev));
        if matches!(token, Token::Minus | Token::Plus | Token::Bang) && prefix_position {
            prefix_run += 1;
            if prefix_run > max_nesting {
                return Err(too_deep(span, "prefix operators", max_nesting));
            }
        } else {
            prefix_run = 0;
        }
        if matches!(token, Token::Quote | Token::DotQuote) {
            postfix_run += 1;
            if postfix_run > max_nesting {
                return Err(too_deep(span, "postfix operators", max_nesting));
            }
        } else {
            postfix_run = 0;
        }
        if is_operator(&token) {
            operators += 1;
            if operators > MAX_OPERATORS {
                return Err(Diagnostic::error(
                    ErrorKind::Limit,
                    span,
                    format!("statement too long: more than {MAX_OPERATORS} operators"),
                )
                .label(span, "the limit is reached here")
                .help("split the computation into several statements")
                .boxed());
            }
        }
        out.push((token, span));
    }
    Ok(out)
}

fn too_deep(span: Span, what: &str, max_nesting: usize) -> Box<Diagnostic> {
    Diagnostic::error(
        ErrorKind::Limit,
        span,
        format!("nested too deep: more than {max_nesting} levels of {what}"),
    )
    .label(span, "the limit is reached here")
    .help("split the expression into smaller pieces with intermediate variables")
    .boxed()
}

/// Tokens after which the statement cannot end, so a newline continues it.
fn continues_line(token: &Token) -> bool {
    matches!(
        token,
        Token::Plus
            | Token::Minus
            | Token::Star
            | Token::Slash
            | Token::Backslash
            | Token::Caret
            | Token::DotPlus
            | Token::DotMinus
            | Token::DotStar
            | Token::DotSlash
            | Token::DotCaret
            | Token::EqEq
            | Token::NotEq
            | Token::Less
            | Token::LessEq
            | Token::Greater
            | Token::GreaterEq
            | Token::AndAnd
            | Token::OrOr
            | Token::Bang
            | Token::Assign
            | Token::PlusAssign
            | Token::MinusAssign
            | Token::StarAssign
            | Token::SlashAssign
            | Token::Colon
            | Token::Comma
    )
}

/// Tokens that can end an operand, so a following `-` is binary.
fn ends_operand(token: &Token) -> bool {
    matches!(
        token,
        Token::Number(_)
            | Token::Imaginary(_)
            | Token::Str(_)
            | Token::Ident(_)
            | Token::True
            | Token::False
            | Token::End
            | Token::Quote
            | Token::DotQuote
            | Token::RParen
            | Token::RBracket
    )
}

fn is_operator(token: &Token) -> bool {
    continues_line(token) && !matches!(token, Token::Comma | Token::Assign)
        || matches!(token, Token::Quote | Token::DotQuote)
}
