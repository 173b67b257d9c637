//! Colours and hints as you type, both read off the real lexer's tokens: numbers, strings,
//! keywords, builtins, operators and comments get their own colour, a closing bracket with
//! no partner turns red, an opening one still waiting for its partner is underlined; inside
//! the parentheses of a builtin call the builtin's signature is hinted in grey.
//!
//! ```text
//! la> zeros(2,   # zeros(m[, n])
//! ```
//!
//! The text typed on earlier lines of an unfinished input (`before`) is lexed with the
//! current line, so a `]` that closes a `[` from the line above is not an error.

use la::builtins::{self, Builtin};
use la::intern::Interner;
use la::source::SourceId;
use la::syntax::token::{lex, Spanned, Token};

const NUMBER: &str = "36";
const STRING: &str = "32";
const KEYWORD: &str = "1;35";
const BUILTIN: &str = "34";
const OPERATOR: &str = "33";
const COMMENT: &str = "90";
const ERROR: &str = "1;31";
const UNCLOSED: &str = "4";
/// The colour of hints.
pub const HINT: &str = "90";

/// Wraps `text` in the ANSI colour `style`.
pub fn paint(style: &str, text: &str) -> String {
    format!("\x1b[{style}m{text}\x1b[0m")
}

/// `line` with ANSI colours, read as the continuation of `before`.
pub fn highlight(before: &str, line: &str) -> String {
    let text = format!("{before}{line}");
    let (tokens, errors) = lex_all(&text);
    let mut styles: Vec<Option<&'static str>> = vec![None; text.len()];
    let mut paint_range = |range: std::ops::Range<usize>, style: &'static str| {
        for slot in &mut styles[range] {
            *slot = Some(style);
        }
    };
    for (token, span) in &tokens {
        if let Some(style) = token_style(token, &text[span.range()]) {
            paint_range(span.range(), style);
        }
    }
    for error in &errors {
        let range = error.span.range();
        let piece = &text[range.clone()];
        // An unfinished string is what a string looks like while it is being typed.
        let unterminated = piece.starts_with('"') && (piece.len() == 1 || !piece.ends_with('"'));
        paint_range(range, if unterminated { STRING } else { ERROR });
    }
    for (range, style) in bracket_styles(&tokens) {
        paint_range(range, style);
    }
    // The lexer skips comments: any `#` outside every token starts one.
    let mut in_comment = false;
    for (i, byte) in text.bytes().enumerate() {
        if byte == b'\n' {
            in_comment = false;
        } else if byte == b'#' && styles[i].is_none() {
            in_comment = true;
        }
        if in_comment {
            styles[i] = Some(COMMENT);
        }
    }
    render(&text[before.len()..], &styles[before.len()..])
}

/// The builtin whose call the end of `before` + `line` is inside, for the signature hint.
/// A user function of the same name hides the builtin.
pub fn call_hint(
    before: &str,
    line: &str,
    is_user_function: impl Fn(&str) -> bool,
) -> Option<&'static Builtin> {
    let text = format!("{before}{line}");
    let (tokens, _) = lex_all(&text);
    // One entry per open bracket: the builtin it calls, if it is a call's `(`.
    let mut open: Vec<Option<&'static Builtin>> = Vec::new();
    let mut previous: Option<&Spanned> = None;
    for spanned in &tokens {
        match &spanned.0 {
            Token::LParen => {
                let callee = match previous {
                    Some((Token::Ident(_), span)) => {
                        let name = &text[span.range()];
                        builtins::lookup(name).filter(|_| !is_user_function(name))
                    }
                    _ => None,
                };
                open.push(callee);
            }
            Token::LBracket | Token::LBrace => open.push(None),
            Token::RParen | Token::RBracket | Token::RBrace => {
                open.pop();
            }
            _ => {}
        }
        previous = Some(spanned);
    }
    open.last().copied().flatten()
}

fn lex_all(text: &str) -> (Vec<Spanned>, Vec<la::Diagnostic>) {
    lex(text, SourceId(0), &mut Interner::default())
}

fn token_style(token: &Token, slice: &str) -> Option<&'static str> {
    use Token::*;
    Some(match token {
        Number(_) | True | False => NUMBER,
        Str(_) | UnterminatedStr => STRING,
        Fn | If | Else | For | In | While | Break | Continue | Return | End => KEYWORD,
        Ident(_) if builtins::lookup(slice).is_some() => BUILTIN,
        Ident(_) if matches!(slice, "pi" | "e" | "inf" | "Inf" | "nan" | "NaN") => NUMBER,
        Plus | Minus | Star | Slash | Backslash | Caret | DotPlus | DotMinus | DotStar
        | DotSlash | DotCaret | Quote | DotQuote | EqEq | NotEq | Less | LessEq | Greater
        | GreaterEq | AndAnd | OrOr | Bang | Assign | PlusAssign | MinusAssign | StarAssign
        | SlashAssign | Colon => OPERATOR,
        _ => return None,
    })
}

/// Red for closing brackets without a partner (or with the wrong one), underline for
/// opening brackets still waiting for theirs.
fn bracket_styles(tokens: &[Spanned]) -> Vec<(std::ops::Range<usize>, &'static str)> {
    let mut styles = Vec::new();
    let mut open: Vec<(&Token, std::ops::Range<usize>)> = Vec::new();
    for (token, span) in tokens {
        let partner = match token {
            Token::LParen | Token::LBracket | Token::LBrace => {
                open.push((token, span.range()));
                continue;
            }
            Token::RParen => Token::LParen,
            Token::RBracket => Token::LBracket,
            Token::RBrace => Token::LBrace,
            _ => continue,
        };
        match open.last() {
            Some((opener, _)) if **opener == partner => {
                open.pop();
            }
            _ => styles.push((span.range(), ERROR)),
        }
    }
    styles.extend(open.into_iter().map(|(_, range)| (range, UNCLOSED)));
    styles
}

/// Joins runs of equally styled bytes into coloured pieces.
fn render(text: &str, styles: &[Option<&'static str>]) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut start = 0;
    while start < text.len() {
        let style = styles[start];
        let mut end = start + 1;
        while end < text.len() && (styles[end] == style || !text.is_char_boundary(end)) {
            end += 1;
        }
        match style {
            Some(style) => out.push_str(&paint(style, &text[start..end])),
            None => out.push_str(&text[start..end]),
        }
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(colored: &str) -> String {
        let mut out = String::new();
        let mut chars = colored.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn highlighting_keeps_the_text() {
        for line in [
            "x = [1, 2]' * inv(A)  # note",
            "print(\"a×b\")",
            "for i in 1:3 { }",
            "\"open",
            "]]",
            "é ± 1",
        ] {
            assert_eq!(plain(&highlight("", line)), line);
        }
    }

    #[test]
    fn pieces_get_their_colours() {
        let out = highlight("", "inv(2) + \"s\" # c");
        assert!(out.contains(&paint(BUILTIN, "inv")), "{out:?}");
        assert!(out.contains(&paint(NUMBER, "2")), "{out:?}");
        assert!(out.contains(&paint(OPERATOR, "+")), "{out:?}");
        assert!(out.contains(&paint(STRING, "\"s\"")), "{out:?}");
        assert!(out.contains(&paint(COMMENT, "# c")), "{out:?}");
        assert!(highlight("", "if x { }").contains(&paint(KEYWORD, "if")));
    }

    #[test]
    fn unbalanced_brackets_stand_out() {
        assert!(highlight("", "(1]").contains(&paint(ERROR, "]")));
        assert!(highlight("", "[1, 2").contains(&paint(UNCLOSED, "[")));
        // A bracket closed on a later line of the same input is fine.
        let continued = highlight("A = [[1, 2],\n", "[3, 4]]");
        assert!(!continued.contains(ERROR), "{continued:?}");
    }

    #[test]
    fn hints_follow_the_innermost_call() {
        let none = |_: &str| false;
        assert_eq!(call_hint("", "zeros(", none).map(|b| b.name), Some("zeros"));
        assert_eq!(
            call_hint("", "zeros(2, size(A", none).map(|b| b.name),
            Some("size")
        );
        assert_eq!(call_hint("", "zeros(2, [1", none).map(|b| b.name), None);
        assert_eq!(call_hint("", "zeros(2)", none).map(|b| b.name), None);
        assert_eq!(
            call_hint("x = inv(\n", "", none).map(|b| b.name),
            Some("inv")
        );
        assert_eq!(
            call_hint("", "inv(", |name| name == "inv").map(|b| b.name),
            None
        );
    }
}
