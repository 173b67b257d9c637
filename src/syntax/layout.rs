//! Where line breaks matter and how deep input may nest. A newline separates statements,
//! except inside `()` and `[]`, after a token that cannot end a statement (a binary
//! operator, `,`, `=`), and before `else`. Nesting and operator counts are bounded here, on
//! the flat token list, so no later recursive pass can overflow the stack.

use super::token::{Spanned, Token};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::source::Span;

/// The default deepest nesting of brackets, blocks, prefix or postfix operators.
pub const MAX_NESTING: usize = 200;
/// Most operators in one chain: in an expression, counting those of the enclosing brackets
/// too (a longer chain nests the tree as deep). Commas separate siblings, so a matrix
/// literal may hold any number of negative numbers.
pub const MAX_OPERATORS: usize = 10_000;

/// One open bracket, brace or parenthesis.
struct Level {
    token: Token,
    /// Binary and prefix operators in the element or statement being read at this level:
    /// a comma or a statement end starts a new sibling, which does not nest deeper.
    operators: usize,
    /// For `f(` and `x[` (a call or an index after an operand): how long the chain of
    /// postfix operations is once it closes.
    postfix_run: Option<usize>,
}

/// Removes insignificant newlines and refuses input nested too deep.
pub fn lay_out(tokens: Vec<Spanned>, max_nesting: usize) -> Fallible<Vec<Spanned>> {
    let mut out: Vec<Spanned> = Vec::with_capacity(tokens.len());
    let mut open: Vec<Level> = Vec::new();
    // Operators at top level, and on the path from the top to the current position: the
    // syntax tree is about as deep as that path, whatever the statement's length.
    let mut top_operators = 0usize;
    let mut path_operators = 0usize;
    let mut prefix_run = 0usize;
    let mut postfix_run = 0usize;
    let mut iter = tokens.into_iter().peekable();
    while let Some((token, span)) = iter.next() {
        let after_operand = out.last().is_some_and(|(prev, _)| prev.ends_operand());
        let mut closed_postfix = None;
        match token {
            Token::LParen | Token::LBracket | Token::LBrace => {
                // `f(...)` and `x[...]` continue a chain of postfix operations such as
                // `x[1]'[2]`; the brackets' insides start afresh.
                let chained = (after_operand && token != Token::LBrace).then(|| postfix_run + 1);
                if chained.is_some_and(|run| run > max_nesting) {
                    return Err(too_deep(span, "postfix operators", max_nesting));
                }
                open.push(Level {
                    token: token.clone(),
                    operators: 0,
                    postfix_run: chained,
                });
                if open.len() > max_nesting {
                    return Err(too_deep(span, "brackets", max_nesting));
                }
            }
            Token::RParen | Token::RBracket | Token::RBrace => {
                if let Some(level) = open.pop() {
                    path_operators -= level.operators;
                    closed_postfix = level.postfix_run;
                }
            }
            _ => {}
        }
        let inside_brackets = matches!(
            open.last(),
            Some(Level {
                token: Token::LParen | Token::LBracket,
                ..
            })
        );
        if token == Token::Newline {
            let continues = inside_brackets
                || out.last().is_some_and(|(prev, _)| continues_line(prev))
                || matches!(iter.peek(), Some((Token::Else, _)));
            if continues {
                continue;
            }
        }
        // A comma, or a statement's end, starts a sibling of what came before it.
        let separates = match token {
            Token::Comma => true,
            Token::Newline | Token::Semi => !inside_brackets,
            _ => false,
        };
        if separates {
            let count = open
                .last_mut()
                .map_or(&mut top_operators, |l| &mut l.operators);
            path_operators -= *count;
            *count = 0;
        }
        // Runs of prefix and postfix operators each add a level to the tree.
        let prefix_position = !after_operand;
        if matches!(token, Token::Minus | Token::Plus | Token::Bang) && prefix_position {
            prefix_run += 1;
            if prefix_run > max_nesting {
                return Err(too_deep(span, "prefix operators", max_nesting));
            }
        } else {
            prefix_run = 0;
        }
        postfix_run = match token {
            Token::Quote | Token::DotQuote => postfix_run + 1,
            _ => closed_postfix.unwrap_or(0),
        };
        if postfix_run > max_nesting {
            return Err(too_deep(span, "postfix operators", max_nesting));
        }
        if is_operator(&token) {
            let count = open
                .last_mut()
                .map_or(&mut top_operators, |l| &mut l.operators);
            *count += 1;
            path_operators += 1;
            if path_operators > MAX_OPERATORS {
                return Err(Diagnostic::error(
                    ErrorKind::Limit,
                    span,
                    format!("expression too long: more than {MAX_OPERATORS} operators in a chain"),
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
pub(crate) fn continues_line(token: &Token) -> bool {
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
            | Token::Amp
            | Token::Bar
            | Token::Arrow
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

fn is_operator(token: &Token) -> bool {
    continues_line(token) && !matches!(token, Token::Comma | Token::Assign)
        || matches!(token, Token::Quote | Token::DotQuote)
}
