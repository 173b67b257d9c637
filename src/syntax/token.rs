//! Tokens and the lexer (the only module that uses logos). Identifiers are interned while
//! lexing, so later stages carry `Symbol`s, never strings.

use std::fmt;
use std::sync::Arc;

use logos::Logos;

use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::intern::{Interner, Symbol};
use crate::source::{SourceId, Span};

/// Why a piece of text is not a token.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum LexError {
    /// A character that starts no token.
    #[default]
    Unexpected,
    /// A string with an unknown escape such as `\q`.
    BadEscape,
}

/// One token.
#[derive(Logos, Clone, Debug, PartialEq)]
#[logos(extras = Interner)]
#[logos(error = LexError)]
#[logos(skip r"[ \t\r\f\u{FEFF}]+")]
#[logos(skip(r"#[^\n]*", allow_greedy = true))]
pub enum Token {
    /// A number literal: `42`, `3.14`, `.5`, `1e-3`. A trailing `.` is not part of a number,
    /// so `1.*x` is `1 .* x`.
    #[regex(r"[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?", number)]
    #[regex(r"\.[0-9]+([eE][+-]?[0-9]+)?", number)]
    Number(f64),
    /// An imaginary literal: `2i`, `1.5i`, `.5i`, `1e-3i`.
    #[regex(r"[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?i", imaginary)]
    #[regex(r"\.[0-9]+([eE][+-]?[0-9]+)?i", imaginary)]
    Imaginary(f64),
    /// A string literal with its escapes resolved.
    #[regex(r#""([^"\\\n]|\\[^\n])*""#, string)]
    Str(Arc<str>),
    /// A string that reaches the end of the line without its closing quote.
    #[regex(r#""([^"\\\n]|\\[^\n])*"#)]
    UnterminatedStr,
    /// A name.
    #[regex(r"[A-Za-z_][A-Za-z0-9_]*", |lex| lex.extras.intern(lex.slice()))]
    Ident(Symbol),

    /// The keyword `fn`.
    #[token("fn")]
    Fn,
    /// The keyword `if`.
    #[token("if")]
    If,
    /// The keyword `else`.
    #[token("else")]
    Else,
    /// The keyword `for`.
    #[token("for")]
    For,
    /// The keyword `in`.
    #[token("in")]
    In,
    /// The keyword `while`.
    #[token("while")]
    While,
    /// The keyword `break`.
    #[token("break")]
    Break,
    /// The keyword `continue`.
    #[token("continue")]
    Continue,
    /// The keyword `return`.
    #[token("return")]
    Return,
    /// The keyword `true`.
    #[token("true")]
    True,
    /// The keyword `false`.
    #[token("false")]
    False,
    /// The keyword `end`.
    #[token("end")]
    End,

    /// The operator `+`.
    #[token("+")]
    Plus,
    /// The operator `-`.
    #[token("-")]
    Minus,
    /// The operator `*`.
    #[token("*")]
    Star,
    /// The operator `/`.
    #[token("/")]
    Slash,
    /// The operator `\`.
    #[token("\\")]
    Backslash,
    /// The operator `^`.
    #[token("^")]
    Caret,
    /// The operator `.+`.
    #[token(".+")]
    DotPlus,
    /// The operator `.-`.
    #[token(".-")]
    DotMinus,
    /// The operator `.*`.
    #[token(".*")]
    DotStar,
    /// The operator `./`.
    #[token("./")]
    DotSlash,
    /// The operator `.^`.
    #[token(".^")]
    DotCaret,
    /// The operator `'`.
    #[token("'")]
    Quote,
    /// The operator `.'`.
    #[token(".'")]
    DotQuote,
    /// The operator `==`.
    #[token("==")]
    EqEq,
    /// The operator `!=`.
    #[token("!=")]
    NotEq,
    /// The operator `<`.
    #[token("<")]
    Less,
    /// The operator `<=`.
    #[token("<=")]
    LessEq,
    /// The operator `>`.
    #[token(">")]
    Greater,
    /// The operator `>=`.
    #[token(">=")]
    GreaterEq,
    /// The operator `&&`.
    #[token("&&")]
    AndAnd,
    /// The operator `||`.
    #[token("||")]
    OrOr,
    /// The element-wise operator `&`.
    #[token("&")]
    Amp,
    /// The element-wise operator `|`.
    #[token("|")]
    Bar,
    /// `->`, between an anonymous function's parameters and its body.
    #[token("->")]
    Arrow,
    /// The operator `!`.
    #[token("!")]
    Bang,
    /// The operator `=`.
    #[token("=")]
    Assign,
    /// The operator `+=`.
    #[token("+=")]
    PlusAssign,
    /// The operator `-=`.
    #[token("-=")]
    MinusAssign,
    /// The operator `*=`.
    #[token("*=")]
    StarAssign,
    /// The operator `/=`.
    #[token("/=")]
    SlashAssign,
    /// The operator `:`.
    #[token(":")]
    Colon,
    /// The operator `,`.
    #[token(",")]
    Comma,
    /// The operator `;`.
    #[token(";")]
    Semi,
    /// The operator `(`.
    #[token("(")]
    LParen,
    /// The operator `)`.
    #[token(")")]
    RParen,
    /// The operator `[`.
    #[token("[")]
    LBracket,
    /// The operator `]`.
    #[token("]")]
    RBracket,
    /// The operator `{`.
    #[token("{")]
    LBrace,
    /// The operator `}`.
    #[token("}")]
    RBrace,
    /// A line break: a statement separator outside `()` and `[]`.
    #[token("\n")]
    Newline,
}

fn number(lex: &mut logos::Lexer<Token>) -> Option<f64> {
    lex.slice().parse().ok()
}

fn imaginary(lex: &mut logos::Lexer<Token>) -> Option<f64> {
    let text = lex.slice();
    text[..text.len() - 1].parse().ok()
}

fn string(lex: &mut logos::Lexer<Token>) -> Result<Arc<str>, LexError> {
    let raw = lex.slice();
    let inner = &raw[1..raw.len() - 1];
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            _ => return Err(LexError::BadEscape),
        }
    }
    Ok(out.into())
}

impl Token {
    /// A whole operand on its own: a literal, a name, `true`, `false`, `end`.
    pub fn is_primary(&self) -> bool {
        matches!(
            self,
            Token::Number(_)
                | Token::Imaginary(_)
                | Token::Str(_)
                | Token::Ident(_)
                | Token::True
                | Token::False
                | Token::End
        )
    }

    /// Can end an operand (a primary, a closing bracket, a transpose), so a following `-`
    /// is binary and a following `[` indexes.
    pub fn ends_operand(&self) -> bool {
        self.is_primary()
            || matches!(
                self,
                Token::RParen | Token::RBracket | Token::Quote | Token::DotQuote
            )
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Token::Number(_) => "number",
            Token::Imaginary(_) => "imaginary number",
            Token::Str(_) | Token::UnterminatedStr => "string",
            Token::Ident(_) => "name",
            Token::Fn => "fn",
            Token::If => "if",
            Token::Else => "else",
            Token::For => "for",
            Token::In => "in",
            Token::While => "while",
            Token::Break => "break",
            Token::Continue => "continue",
            Token::Return => "return",
            Token::True => "true",
            Token::False => "false",
            Token::End => "end",
            Token::Plus => "+",
            Token::Minus => "-",
            Token::Star => "*",
            Token::Slash => "/",
            Token::Backslash => "\\",
            Token::Caret => "^",
            Token::DotPlus => ".+",
            Token::DotMinus => ".-",
            Token::DotStar => ".*",
            Token::DotSlash => "./",
            Token::DotCaret => ".^",
            Token::Quote => "'",
            Token::DotQuote => ".'",
            Token::EqEq => "==",
            Token::NotEq => "!=",
            Token::Less => "<",
            Token::LessEq => "<=",
            Token::Greater => ">",
            Token::GreaterEq => ">=",
            Token::AndAnd => "&&",
            Token::OrOr => "||",
            Token::Amp => "&",
            Token::Bar => "|",
            Token::Arrow => "->",
            Token::Bang => "!",
            Token::Assign => "=",
            Token::PlusAssign => "+=",
            Token::MinusAssign => "-=",
            Token::StarAssign => "*=",
            Token::SlashAssign => "/=",
            Token::Colon => ":",
            Token::Comma => ",",
            Token::Semi => ";",
            Token::LParen => "(",
            Token::RParen => ")",
            Token::LBracket => "[",
            Token::RBracket => "]",
            Token::LBrace => "{",
            Token::RBrace => "}",
            Token::Newline => "end of line",
        };
        f.write_str(text)
    }
}

/// A token with its byte span.
pub type Spanned = (Token, Span);

/// Lexes `text`. Identifiers are interned into `interner`. Returns the tokens that could be
/// read and a diagnostic for every piece that could not.
pub fn lex(
    text: &str,
    source: SourceId,
    interner: &mut Interner,
) -> (Vec<Spanned>, Vec<Diagnostic>) {
    let mut lexer = Token::lexer_with_extras(text, std::mem::take(interner));
    let mut tokens = Vec::new();
    let mut errors = Vec::new();
    // The end of a string in curly quotes, already reported whole.
    let mut quoted_until = 0;
    while let Some(result) = lexer.next() {
        let range = lexer.span();
        let span = Span::new(source, range.start, range.end);
        if range.start < quoted_until && result.is_err() {
            continue;
        }
        match result {
            Ok(Token::UnterminatedStr) => errors.push(
                Diagnostic::error(ErrorKind::Lex, span, "unterminated string")
                    .label(span, "this string has no closing `\"`")
                    .help("close it with `\"` on the same line"),
            ),
            Ok(token) => tokens.push((token, span)),
            Err(LexError::BadEscape) => errors.push(
                Diagnostic::error(ErrorKind::Lex, span, "unknown escape in string")
                    .label(
                        span,
                        "this string has an escape other than \\n \\t \\\" \\\\",
                    )
                    .help("write a backslash as \\\\"),
            ),
            Err(LexError::Unexpected) => {
                let shown = lexer
                    .slice()
                    .chars()
                    .next()
                    .map_or(String::new(), |c| c.to_string());
                let c = shown.chars().next().unwrap_or(' ');
                if let Some(d) = curly_string(text, range.start, c, span) {
                    quoted_until = d.span.end as usize;
                    errors.push(d);
                    continue;
                }
                let invisible = invisible_name(c);
                let pasted = pasted(c);
                let headline = match (&invisible, pasted) {
                    (Some(name), _) => format!("unexpected invisible character {name}"),
                    (None, Some((name, _))) => {
                        format!("unexpected character `{shown}` (U+{:04X} {name})", c as u32)
                    }
                    (None, None) => format!("unexpected character `{shown}`"),
                };
                let mut d = Diagnostic::error(ErrorKind::Lex, span, headline)
                    .label(span, "no token starts with this");
                if let Some((_, ascii)) = pasted {
                    d = d.help(format!(
                        "write {ascii}; such characters come with text pasted from a document"
                    ));
                } else if c.is_whitespace() {
                    d = d.help("replace it with an ordinary space; such characters come with text copied from a web page or a word processor");
                } else if invisible.is_some() {
                    d = d.help("delete it; such characters often come with text copied from a web page or a word processor");
                } else if shown == "~" {
                    d = d.help("write `!` for not, and `!=` for not equal");
                } else if shown == "`" {
                    d = d.help("strings use double quotes: \"text\"");
                } else if shown == "%" {
                    d = d.help("comments start with #");
                } else if shown == "." && text[range.end..].starts_with(['<', '>', '=', '!']) {
                    d = d.help("comparisons already work element by element: drop the `.`");
                }
                errors.push(d);
            }
        }
    }
    *interner = std::mem::take(&mut lexer.extras);
    (tokens, errors)
}

/// Characters that word processors and web pages put in place of ASCII operators and
/// quotes: their Unicode name and what to write instead.
fn pasted(c: char) -> Option<(&'static str, &'static str)> {
    Some(match c {
        '\u{2212}' => ("minus sign", "the ASCII `-`"),
        '\u{2013}' => ("en dash", "the ASCII `-`"),
        '\u{2014}' => ("em dash", "the ASCII `-`"),
        '\u{d7}' => ("multiplication sign", "the ASCII `*`"),
        '\u{b7}' => ("middle dot", "the ASCII `*`"),
        '\u{22c5}' => ("dot operator", "the ASCII `*`"),
        '\u{f7}' => ("division sign", "the ASCII `/`"),
        '\u{2264}' => ("less-than or equal to", "the ASCII `<=`"),
        '\u{2265}' => ("greater-than or equal to", "the ASCII `>=`"),
        '\u{2260}' => ("not equal to", "the ASCII `!=`"),
        '\u{201c}' => ("left double quotation mark", "the ASCII `\"`"),
        '\u{201d}' => ("right double quotation mark", "the ASCII `\"`"),
        '\u{2018}' => (
            "left single quotation mark",
            "`'` for the adjoint, or `\"` around a string",
        ),
        '\u{2019}' => (
            "right single quotation mark",
            "`'` for the adjoint, or `\"` around a string",
        ),
        '\u{2032}' => ("prime", "the ASCII `'`"),
        _ => return None,
    })
}

/// A string in curly quotes, `“text”` or `‘text’` on one line, reported once as a whole.
fn curly_string(text: &str, start: usize, open: char, span: Span) -> Option<Diagnostic> {
    let close = match open {
        '\u{201c}' => '\u{201d}',
        '\u{2018}' => '\u{2019}',
        _ => return None,
    };
    let rest = &text[start + open.len_utf8()..];
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let inner = &line[..line.find(close)?];
    let end = start + open.len_utf8() + inner.len() + close.len_utf8();
    let whole = Span::new(span.source, start, end);
    Some(
        Diagnostic::error(
            ErrorKind::Lex,
            whole,
            format!("a string in curly quotes `{open}` `{close}`"),
        )
        .label(whole, "la strings use ASCII double quotes")
        .help(format!(
            "write \"{inner}\"; curly quotes come with text pasted from a document"
        )),
    )
}

/// How to name a character that would print as nothing or as an escape sequence: control
/// characters, spaces other than the ASCII ones, and zero-width format characters.
pub(crate) fn invisible_name(c: char) -> Option<String> {
    let code = format!("U+{:04X}", c as u32);
    let name = match c {
        '\0' => "NUL",
        '\u{1b}' => "ESC",
        '\u{a0}' => "no-break space",
        '\u{200b}' => "zero-width space",
        '\u{200c}' => "zero-width non-joiner",
        '\u{200d}' => "zero-width joiner",
        '\u{2060}' => "word joiner",
        '\u{feff}' => "byte-order mark",
        c if c.is_control() || c.is_whitespace() => "",
        '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            "direction mark"
        }
        '\u{ad}' => "soft hyphen",
        _ => return None,
    };
    Some(if name.is_empty() {
        code
    } else {
        format!("{code} ({name})")
    })
}
