//! Help for the habits users bring from MATLAB, Octave and NumPy. Spellings such as
//! `2 ** 3`, `[1 2; 3 4]`, `for i = 1:3`, `A.T` or `[m, k] = max(v)` are found in the token
//! list before parsing and reported once each, with the la spelling written with the user's
//! own operands. Only token patterns that can never parse are reported here (and `end` alone
//! as a statement, which parses but can never run), so a program that is valid la is never
//! refused by this pass.

use super::token::{Spanned, Token};
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::intern::Interner;
use crate::source::Span;

/// Finds the habits in `tokens` (the lexer's output, newlines included) and returns a
/// diagnostic for each. Lexing errors that a habit explains better (the `@` of `A @ B`,
/// the `.` of `A.T`, the `%` of `7 % 3`) are rewritten in place in `lex_errors`.
pub fn spot(
    text: &str,
    tokens: &[Spanned],
    lex_errors: &mut [Diagnostic],
    names: &Interner,
) -> Vec<Diagnostic> {
    // One pass pairs the brackets, so no later lookup walks the token list again (input
    // may hold tens of thousands of brackets).
    let mut partner = vec![None; tokens.len()];
    let mut nested = vec![false; tokens.len()];
    let mut open: Vec<usize> = Vec::new();
    let mut round_or_square = 0usize;
    for (i, (t, _)) in tokens.iter().enumerate() {
        nested[i] = round_or_square > 0;
        match t {
            Token::LParen | Token::LBracket | Token::LBrace => {
                round_or_square += usize::from(*t != Token::LBrace);
                open.push(i);
            }
            Token::RParen | Token::RBracket | Token::RBrace => {
                if let Some(o) = open.pop() {
                    round_or_square -= usize::from(tokens[o].0 != Token::LBrace);
                    partner[o] = Some(i);
                    partner[i] = Some(o);
                }
            }
            _ => {}
        }
    }
    let finder = Finder {
        text,
        tokens,
        nested,
        partner,
        names,
    };
    for error in lex_errors.iter_mut() {
        if let Some(better) = finder.explain_character(error.span) {
            *error = better;
        }
    }
    let mut found = Vec::new();
    let mut covered_until = 0u32;
    for (i, (_, span)) in tokens.iter().enumerate() {
        if span.start < covered_until {
            continue;
        }
        if let Some((d, covered)) = finder.habit_at(i) {
            covered_until = covered_until.max(covered.end).max(d.span.end);
            found.push(d);
        }
    }
    found
}

struct Finder<'a> {
    text: &'a str,
    tokens: &'a [Spanned],
    /// For each token, whether it is inside `()` or `[]`, where statements do not start.
    nested: Vec<bool>,
    /// For each bracket, the index of the one that closes or opens it.
    partner: Vec<Option<usize>>,
    /// The names, and which of them are builtins.
    names: &'a Interner,
}

impl<'a> Finder<'a> {
    fn token(&self, i: usize) -> Option<&'a Token> {
        self.tokens.get(i).map(|(t, _)| t)
    }

    fn span(&self, i: usize) -> Span {
        self.tokens[i].1
    }

    fn slice(&self, span: Span) -> &'a str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// The source text from token `first` to token `last`, both included.
    fn source(&self, first: usize, last: usize) -> &'a str {
        self.slice(self.span(first).to(self.span(last)))
    }

    /// True when token `i` directly follows token `i - 1`, with no space between.
    fn touches_previous(&self, i: usize) -> bool {
        i > 0 && i < self.tokens.len() && self.span(i - 1).end == self.span(i).start
    }

    /// True when token `i` starts a statement.
    fn starts_statement(&self, i: usize) -> bool {
        if self.nested.get(i).copied().unwrap_or(false) {
            return false;
        }
        i == 0
            || matches!(
                self.token(i - 1),
                Some(Token::Newline | Token::Semi | Token::LBrace | Token::RBrace)
            )
    }

    /// True when token `i` ends a statement (or is past the end).
    fn ends_statement(&self, i: usize) -> bool {
        matches!(
            self.token(i),
            None | Some(Token::Newline | Token::Semi | Token::RBrace)
        )
    }

    /// The index of the bracket that closes the one opened at `open`, on any line.
    fn closing(&self, open: usize) -> Option<usize> {
        self.partner
            .get(open)
            .copied()
            .flatten()
            .filter(|&c| c > open)
    }

    /// The index of the bracket that opens the one closed at `close`.
    fn opening(&self, close: usize) -> Option<usize> {
        self.partner
            .get(close)
            .copied()
            .flatten()
            .filter(|&o| o < close)
    }

    /// The index of the last token that ends at or before byte `at`.
    fn last_before(&self, at: u32) -> Option<usize> {
        self.tokens
            .partition_point(|(_, s)| s.end <= at)
            .checked_sub(1)
    }

    /// The index of the first token that starts at or after byte `at`.
    fn first_after(&self, at: u32) -> Option<usize> {
        let i = self.tokens.partition_point(|(_, s)| s.start < at);
        (i < self.tokens.len()).then_some(i)
    }

    /// The first token of the operand that ends at token `last`: a number or name, a call
    /// or index, a bracketed group, with any postfix `'`.
    fn operand_ending(&self, last: usize) -> Option<usize> {
        let mut i = last;
        loop {
            match self.token(i)? {
                Token::Quote | Token::DotQuote => i = i.checked_sub(1)?,
                Token::RParen | Token::RBracket => {
                    let open = self.opening(i)?;
                    let before = open.checked_sub(1).and_then(|b| self.token(b));
                    match before {
                        Some(Token::Ident(_)) => return Some(open - 1),
                        Some(Token::RParen | Token::RBracket) => i = open - 1,
                        _ => return Some(open),
                    }
                }
                t if t.is_primary() => return Some(i),
                _ => return None,
            }
        }
    }

    /// The last token of the operand that starts at token `first`, with a sign, a call or
    /// index, and postfix `'`.
    fn operand_starting(&self, first: usize) -> Option<usize> {
        let mut i = first;
        while matches!(self.token(i)?, Token::Minus | Token::Plus | Token::Bang) {
            i += 1;
        }
        let mut end = match self.token(i)? {
            Token::LParen | Token::LBracket => self.closing(i)?,
            t if t.is_primary() => i,
            _ => return None,
        };
        loop {
            match self.token(end + 1) {
                Some(Token::Quote | Token::DotQuote) => end += 1,
                Some(Token::LParen | Token::LBracket) if self.touches_previous(end + 1) => {
                    end = self.closing(end + 1)?;
                }
                _ => return Some(end),
            }
        }
    }

    /// The operands on either side of the token or character at `at`, as written, when
    /// what follows the right one could follow an operand (so `1 % the first value`, a
    /// MATLAB comment, has none).
    fn operands_around(&self, at: Span) -> Option<(&'a str, &'a str)> {
        let before = self.last_before(at.start)?;
        let after = self.first_after(at.end)?;
        let first = self.operand_ending(before)?;
        let last = self.operand_starting(after)?;
        if self
            .token(last + 1)
            .is_some_and(|t| starts_operand(t, None))
        {
            return None;
        }
        Some((self.source(first, before), self.source(after, last)))
    }

    /// A better report for a character that starts no token, when it is a habit.
    fn explain_character(&self, span: Span) -> Option<Diagnostic> {
        match self.slice(span) {
            "@" => {
                let (a, b) = self.operands_around(span)?;
                Some(
                    Diagnostic::error(ErrorKind::Lex, span, "`@` is not an operator in la")
                        .label(span, "the matrix product is `*`")
                        .help(format!("write `{a} * {b}`")),
                )
            }
            "%" => {
                let (a, b) = self.operands_around(span)?;
                Some(
                    Diagnostic::error(ErrorKind::Lex, span, "`%` is not an operator in la")
                        .label(span, "la has no `%`")
                        .help(format!(
                            "for the remainder, write `mod({a}, {b})`; comments start with `#`"
                        )),
                )
            }
            "." => self.explain_field(span),
            _ => None,
        }
    }

    /// `A.T`, `A.shape`, `A.sum()`: la has no fields or methods.
    fn explain_field(&self, dot: Span) -> Option<Diagnostic> {
        let name = self.first_after(dot.end)?;
        let before = self.last_before(dot.start)?;
        if !matches!(self.token(name)?, Token::Ident(_))
            || self.span(name).start != dot.end
            || self.span(before).end != dot.start
        {
            return None;
        }
        if matches!(self.token(before), Some(Token::Number(_))) {
            return None; // `1.e`: a stray `.` after a number, not a field
        }
        let first = self.operand_ending(before)?;
        let operand = self.source(first, before);
        let field = self.slice(self.span(name));
        let whole = self.span(first).to(self.span(name));
        let wrapped = if first == before {
            operand.to_string()
        } else {
            format!("({operand})")
        };
        let (label, help) = match field {
            "T" => (
                "la transposes with `'`".to_string(),
                format!("write `{wrapped}'` (or `{wrapped}.'`, which does not conjugate complex numbers)"),
            ),
            "H" => (
                "la takes the adjoint with `'`".to_string(),
                format!("write `{wrapped}'`"),
            ),
            "shape" => ("la has no fields".to_string(), format!("write `size({operand})`")),
            "size" => ("la has no methods".to_string(), format!("write `size({operand})`")),
            other if self.names.is_function_name(other) => (
                "la has no methods".to_string(),
                format!("call the function: `{other}({operand})`"),
            ),
            _ => (
                "la has no fields or methods".to_string(),
                format!("functions take the value as an argument, as in `size({operand})`"),
            ),
        };
        Some(
            Diagnostic::error(
                ErrorKind::Lex,
                whole,
                format!("`.{field}` is not la syntax"),
            )
            .label(dot.to(self.span(name)), label)
            .help(help),
        )
    }

    /// The habit that starts at token `i`, if any.
    fn habit_at(&self, i: usize) -> Option<(Diagnostic, Span)> {
        let token = self.token(i)?;
        let found = match token {
            Token::Star if self.doubled(i, Token::Star) => self.power(i),
            Token::Slash if self.doubled(i, Token::Slash) => self.floor_division(i),
            Token::Plus | Token::Minus if self.doubled(i, token.clone()) => self.increment(i),
            Token::Ident(_) | Token::LParen
                if self.touches_previous(i)
                    && matches!(self.token(i - 1), Some(Token::Number(_))) =>
            {
                self.juxtaposed_number(i)
            }
            Token::LBracket => {
                // A MATLAB literal covers its whole text, nested brackets included.
                let literal = self.closing(i).map(|c| self.span(i).to(self.span(c)));
                return self
                    .bracket_destructure(i)
                    .or_else(|| self.matlab_literal(i))
                    .map(|d| {
                        let covered = literal.unwrap_or(d.span);
                        (d, covered)
                    });
            }
            Token::For => self.for_equals(i),
            Token::End if self.starts_statement(i) && self.ends_statement(i + 1) => {
                Some(self.block_end(i))
            }
            Token::Ident(_) if self.starts_statement(i) => self.statement_word(i),
            _ => None,
        };
        found.map(|d| {
            let span = d.span;
            (d, span)
        })
    }

    /// True when token `i` is directly followed by another `twin`, with no space between.
    fn doubled(&self, i: usize, twin: Token) -> bool {
        self.token(i + 1) == Some(&twin) && self.touches_previous(i + 1)
    }

    /// `2 ** 3`.
    fn power(&self, i: usize) -> Option<Diagnostic> {
        let op = self.span(i).to(self.span(i + 1));
        let (a, b) = self.operands_around(op)?;
        Some(
            Diagnostic::error(ErrorKind::Parse, op, "`**` is not an operator in la")
                .label(op, "the power is `^`")
                .help(format!(
                    "write `{a} ^ {b}` (or `{a} .^ {b}` element by element)"
                )),
        )
    }

    /// `1 // 2`.
    fn floor_division(&self, i: usize) -> Option<Diagnostic> {
        let op = self.span(i).to(self.span(i + 1));
        let (a, b) = self.operands_around(op)?;
        Some(
            Diagnostic::error(ErrorKind::Parse, op, "`//` is not an operator in la")
                .label(op, "la has no floor division operator")
                .help(format!("write `floor({a} / {b})`")),
        )
    }

    /// `x++` and `x--` at the end of a statement.
    fn increment(&self, i: usize) -> Option<Diagnostic> {
        if !self.ends_statement(i + 2) || i == 0 {
            return None;
        }
        let first = self.operand_ending(i - 1)?;
        let target = self.source(first, i - 1);
        let op = self.span(i).to(self.span(i + 1));
        let (written, sign) = match self.token(i) {
            Some(Token::Plus) => ("++", '+'),
            _ => ("--", '-'),
        };
        Some(
            Diagnostic::error(
                ErrorKind::Parse,
                op,
                format!("`{written}` is not an operator in la"),
            )
            .label(op, format!("la has no `{written}`"))
            .help(format!("write `{target} {sign}= 1`")),
        )
    }

    /// `3x` and `2(x + 1)`: a number followed directly by a name or a parenthesis.
    fn juxtaposed_number(&self, i: usize) -> Option<Diagnostic> {
        if !matches!(self.token(i - 1), Some(Token::Number(_))) {
            return None;
        }
        let last = self.operand_starting(i)?;
        let number = self.slice(self.span(i - 1));
        let rest = self.source(i, last);
        let span = self.span(i - 1).to(self.span(last));
        Some(
            Diagnostic::error(
                ErrorKind::Parse,
                span,
                "a number cannot be followed directly by a name or `(`",
            )
            .label(span, "la has no implicit multiplication")
            .help(format!("to multiply, write `{number} * {rest}`")),
        )
    }

    /// `[m, k] = max(v)` at the start of a statement.
    fn bracket_destructure(&self, open: usize) -> Option<Diagnostic> {
        if !self.starts_statement(open) {
            return None;
        }
        let close = self.closing(open)?;
        if self.token(close + 1) != Some(&Token::Assign) {
            return None;
        }
        let mut names = Vec::new();
        for j in open + 1..close {
            match self.token(j)? {
                Token::Ident(_) => names.push(self.slice(self.span(j))),
                Token::Comma => {}
                _ => return None,
            }
        }
        if names.is_empty() {
            return None;
        }
        let value_end = (close + 2..self.tokens.len())
            .find(|&j| self.ends_statement(j))
            .unwrap_or(self.tokens.len());
        let value = if value_end > close + 2 {
            self.source(close + 2, value_end - 1)
        } else {
            "..."
        };
        let lhs = self.span(open).to(self.span(close));
        Some(
            Diagnostic::error(
                ErrorKind::Parse,
                lhs,
                "several results are not assigned with brackets in la",
            )
            .label(lhs, "la lists the names without brackets")
            .help(format!("write `{} = {value}`", names.join(", "))),
        )
    }

    /// `[1 2 3]`, `[1, 2; 3, 4]`, `[1 2; 3 4]`: elements side by side without commas, or
    /// rows separated by `;`. Reported once for the whole literal, with its la spelling.
    fn matlab_literal(&self, open: usize) -> Option<Diagnostic> {
        if open > 0 && self.token(open - 1).is_some_and(Token::ends_operand) {
            return None; // an index, `A[1, 2]`
        }
        let close = self.closing(open)?;
        if self.token(close) != Some(&Token::RBracket) {
            return None;
        }
        // The literal's own level: its rows and elements, and the first sign of MATLAB.
        let mut rows: Vec<Vec<(usize, usize)>> = vec![Vec::new()];
        let mut element_start: Option<usize> = None;
        let mut first_sign: Option<(Span, &str)> = None;
        let mut previous: Option<usize> = None;
        let mut j = open + 1;
        while j < close {
            let token = self.token(j)?;
            let after_operand =
                previous.is_some_and(|p| self.token(p).is_some_and(Token::ends_operand));
            let juxtaposed =
                after_operand && starts_operand(token, previous.and_then(|p| self.token(p)));
            if juxtaposed || after_operand && previous.is_some_and(|p| self.split_sign(p, j)) {
                let (start, end) = (element_start.take()?, previous?);
                rows.last_mut()?.push((start, end));
                if juxtaposed {
                    let gap = self.span(end);
                    let gap = Span::new(gap.source, gap.end as usize, self.span(j).start as usize);
                    first_sign.get_or_insert((gap, "a comma is missing here"));
                }
            }
            match token {
                Token::Comma => {
                    if let (Some(start), Some(end)) = (element_start.take(), previous) {
                        rows.last_mut()?.push((start, end));
                    }
                    previous = None;
                    j += 1;
                    continue;
                }
                Token::Semi | Token::Newline => {
                    if let (Some(start), Some(end)) = (element_start.take(), previous) {
                        rows.last_mut()?.push((start, end));
                    }
                    if token == &Token::Semi {
                        first_sign
                            .get_or_insert((self.span(j), "`;` does not separate rows in la"));
                    }
                    if !rows.last()?.is_empty() {
                        rows.push(Vec::new());
                    }
                    previous = None;
                    j += 1;
                    continue;
                }
                _ => {}
            }
            element_start.get_or_insert(j);
            let last = match token {
                Token::LParen | Token::LBracket | Token::LBrace => self.closing(j)?,
                _ => j,
            };
            previous = Some(last);
            j = last + 1;
        }
        let (sign_span, sign_label) = first_sign?;
        if let (Some(start), Some(end)) = (element_start, previous) {
            rows.last_mut()?.push((start, end));
        }
        rows.retain(|r| !r.is_empty());
        let text = |row: &Vec<(usize, usize)>| -> Vec<&str> {
            abbreviated(row.iter().map(|&(a, b)| self.source(a, b)).collect(), 6)
        };
        let help = match rows.as_slice() {
            [row] => {
                let elements = text(row).join(", ");
                format!("write `[[{elements}]]` for a row, or `[{elements}]` for a column")
            }
            rows if rows.iter().all(|r| r.len() == 1) => {
                let elements = abbreviated(rows.iter().flat_map(text).collect(), 6);
                format!(
                    "write `[{}]` for a column: its elements separated by commas",
                    elements.join(", ")
                )
            }
            rows => {
                let rows: Vec<String> = rows
                    .iter()
                    .map(|r| format!("[{}]", text(r).join(", ")))
                    .collect();
                let rows = abbreviated(rows.iter().map(String::as_str).collect(), 4);
                format!(
                    "write `[{}]`: each row in its own brackets, elements separated by commas",
                    rows.join(", ")
                )
            }
        };
        Some(
            Diagnostic::error(
                ErrorKind::Parse,
                sign_span,
                "this is MATLAB's matrix syntax, not la's",
            )
            .label(sign_span, sign_label)
            .help(help),
        )
    }

    /// Inside a MATLAB literal `[1 -2]` is two elements: a sign with a space before it and
    /// none after it starts a new element.
    fn split_sign(&self, previous: usize, sign: usize) -> bool {
        matches!(self.token(sign), Some(Token::Minus | Token::Plus))
            && self.span(previous).end < self.span(sign).start
            && self.touches_previous(sign + 1)
            && self
                .token(sign + 1)
                .is_some_and(|t| starts_operand(t, None))
    }

    /// `for i = 1:3`.
    fn for_equals(&self, i: usize) -> Option<Diagnostic> {
        let (Some(Token::Ident(_)), Some(Token::Assign)) = (self.token(i + 1), self.token(i + 2))
        else {
            return None;
        };
        let name = self.slice(self.span(i + 1));
        let end = (i + 3..self.tokens.len())
            .find(|&j| {
                matches!(
                    self.token(j),
                    Some(Token::Newline | Token::Semi | Token::LBrace)
                )
            })
            .unwrap_or(self.tokens.len());
        let range = if end > i + 3 {
            self.source(i + 3, end - 1)
        } else {
            "..."
        };
        let eq = self.span(i + 2);
        Some(
            Diagnostic::error(ErrorKind::Parse, eq, "a `for` loop takes `in`, not `=`")
                .label(eq, "write `in` here")
                .help(format!("write `for {name} in {range} {{ ... }}`")),
        )
    }

    /// `end` alone on a line, closing a block as in MATLAB.
    fn block_end(&self, i: usize) -> Diagnostic {
        let span = self.span(i);
        let word = self.slice(span);
        Diagnostic::error(
            ErrorKind::Parse,
            span,
            format!("`{word}` does not close a block in la"),
        )
        .label(span, "blocks end with `}`")
        .help("write blocks in braces: `for i in 1:3 { ... }`, `if x > 0 { ... }`")
    }

    /// A name at the start of a statement that is another language's keyword: `function`,
    /// `def`, `endfor`, `elseif`.
    fn statement_word(&self, i: usize) -> Option<Diagnostic> {
        let span = self.span(i);
        let word = self.slice(span);
        match word {
            "function" | "def" => self.function_header(i, word),
            "endfor" | "endwhile" | "endif" | "endfunction" | "end_try_catch" => {
                self.ends_statement(i + 1).then(|| self.block_end(i))
            }
            "elseif" | "elif" => Some(
                Diagnostic::error(ErrorKind::Parse, span, format!("`{word}` is not la"))
                    .label(span, "write `else if`")
                    .help("write `} else if condition {`"),
            ),
            _ => self.capitalised_keyword(i, word),
        }
    }

    /// `If x > 0 {`, `For i in 1:3 {`, `Return x`: a keyword with capitals, followed by
    /// what no name can be followed by.
    fn capitalised_keyword(&self, i: usize, word: &str) -> Option<Diagnostic> {
        const KEYWORDS: &[&str] = &["fn", "if", "else", "for", "while", "return"];
        let keyword = KEYWORDS.iter().find(|k| k.eq_ignore_ascii_case(word))?;
        let next = self.token(i + 1)?;
        let stuck = starts_operand(next, None) && !self.touches_previous(i + 1)
            || matches!(next, Token::LBrace | Token::If);
        if !stuck {
            return None;
        }
        let span = self.span(i);
        Some(
            Diagnostic::error(
                ErrorKind::Parse,
                span,
                format!("`{word}` is not a keyword: la's keywords are lower-case"),
            )
            .label(span, format!("write `{keyword}`"))
            .help("la's keywords are all lower-case: fn if else for in while break continue return true false end"),
        )
    }

    /// `function f(x)`, `function y = f(x)`, `def f(x):`.
    fn function_header(&self, i: usize, word: &str) -> Option<Diagnostic> {
        let mut name = i + 1;
        // MATLAB's `function y = f(x)` and `function [a, b] = f(x)` name the results first.
        let assign = (i + 1..self.tokens.len())
            .take_while(|&j| !self.ends_statement(j))
            .find(|&j| self.token(j) == Some(&Token::Assign));
        if let Some(assign) = assign {
            name = assign + 1;
        }
        let Some(Token::Ident(_)) = self.token(name) else {
            return None;
        };
        let header = match self.token(name + 1) {
            Some(Token::LParen) => self.source(name, self.closing(name + 1)?),
            _ => self.slice(self.span(name)),
        };
        let header = if header.contains('(') {
            header.to_string()
        } else {
            format!("{header}()")
        };
        let span = self.span(i);
        Some(
            Diagnostic::error(
                ErrorKind::Parse,
                span,
                format!("`{word}` is not la: functions are defined with `fn`"),
            )
            .label(span, "write `fn`")
            .help(format!(
                "write `fn {header} = ...` for a one-line function, or `fn {header} {{ ... }}`"
            )),
        )
    }
}

/// At most `most` items: a long list keeps its first items, `...` and its last one.
fn abbreviated(mut items: Vec<&str>, most: usize) -> Vec<&str> {
    if items.len() > most {
        let last = items.pop();
        items.truncate(most - 2);
        items.push("...");
        items.extend(last);
    }
    items
}

/// Tokens that start an operand where an operator or `,` was due: in la never valid right
/// after an operand (a `(` after a name is a call, a `[` after an operand an index).
fn starts_operand(token: &Token, previous: Option<&Token>) -> bool {
    match token {
        Token::LParen => !matches!(previous, Some(Token::Ident(_))),
        t => t.is_primary(),
    }
}
