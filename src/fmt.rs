//! `la fmt`: one canonical layout. Each line is re-spaced from its tokens (spaces around
//! binary operators except `^`, `.^` and `:`, a space after commas and semicolons, none
//! inside brackets or before a call's `(`, `name=value` keywords tight), blocks indented
//! four spaces a `{`, a matrix literal written a row per line with its columns aligned,
//! comments kept where they were (with the gap before them), at most one
//! blank line in a row, no trailing spaces, one final newline. Numbers, strings and names
//! are written exactly as they were, and lines inside an open bracket keep their own
//! indentation (so a matrix literal's rows stay aligned). A text that does not parse is
//! refused, and so is a result that would not parse to the same program, so formatting
//! never changes what a program means.
//!
//! ```
//! let tidy = la::fmt::format("x=[1,2 ,3]'*2\nif x[1]>0{ y=-x }\n").unwrap();
//! assert_eq!(tidy, "x = [1, 2, 3]' * 2\nif x[1] > 0 { y = -x }\n");
//! ```

use crate::intern::Interner;
use crate::source::SourceId;
use crate::syntax::token::{self, Token};

/// `text` in the canonical layout, or why it cannot be formatted.
pub fn format(text: &str) -> Result<String, String> {
    let before = printed(text).ok_or("it does not parse: run `la check` to see why")?;
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize; // open `{`
    let mut open: Vec<char> = Vec::new(); // open brackets and braces, innermost last
    let mut blank = 0;
    for line in text.lines() {
        let (code, comment) = split_comment(line);
        let tokens = tokens(code)?;
        let inside_bracket = open.last().is_some_and(|c| *c != '{');
        // A line that starts by closing blocks is indented as their opening line.
        let closing = tokens
            .iter()
            .take_while(|(t, _)| matches!(t, Token::RBrace))
            .count();
        let indent = if inside_bracket {
            line[..line.len() - line.trim_start().len()].to_string()
        } else {
            "    ".repeat(depth.saturating_sub(closing))
        };
        let body = respace(code, &tokens, &mut open, &mut depth);
        let written = match (body.is_empty(), comment) {
            (true, None) => String::new(),
            (true, Some(c)) => format!("{indent}{c}"),
            (false, None) => format!("{indent}{body}"),
            (false, Some(c)) => {
                // The gap before a trailing comment is kept (comments aligned in a column stay so).
                let gap = code.len() - code.trim_end().len();
                format!("{indent}{body}{}{c}", " ".repeat(gap.max(1)))
            }
        };
        if written.trim().is_empty() {
            blank += 1;
            continue;
        }
        if blank > 0 && !out.is_empty() {
            out.push('\n');
        }
        blank = 0;
        out.push_str(written.trim_end());
        out.push('\n');
    }
    let out = align_rows(&out);
    if printed(&out).as_ref() != Some(&before) {
        return Err("formatting would change the program (a bug in la fmt): left as it is".into());
    }
    Ok(out)
}

/// Multi-line matrix literals written a row per line (`A = [[1, 2],` then `[30, 4]]`) get
/// their columns aligned: each cell right-aligned to its column's widest, the rows lined
/// up under the first.
fn align_rows(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let mut k = 0;
    while k < lines.len() {
        let Some(group) = row_group(&lines, k) else {
            k += 1;
            continue;
        };
        let rows: Vec<(String, Vec<String>, String)> = group
            .iter()
            .map(|&(i, start)| {
                let (code, _) = split_comment(lines[i]);
                let code = code.trim_end();
                let end = matching(code, start);
                let cells = split_cells(&code[start + 1..end]);
                (
                    code[..start].to_string(),
                    cells,
                    code[end + 1..].to_string(),
                )
            })
            .collect();
        let columns = rows[0].1.len();
        if rows.iter().all(|r| r.1.len() == columns) {
            let widths: Vec<usize> = (0..columns)
                .map(|j| {
                    rows.iter()
                        .map(|r| r.1[j].chars().count())
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            let column = rows[0].0.chars().count();
            for (n, (&(i, _), (prefix, cells, suffix))) in group.iter().zip(&rows).enumerate() {
                let padded: Vec<String> = cells
                    .iter()
                    .zip(&widths)
                    .map(|(c, w)| format!("{c:>w$}"))
                    .collect();
                let prefix = if n == 0 {
                    prefix.clone()
                } else {
                    " ".repeat(column)
                };
                let comment = split_comment(lines[i]).1;
                let code_before = split_comment(lines[i]).0;
                let gap = code_before.len() - code_before.trim_end().len();
                let mut line = format!("{prefix}[{}]{suffix}", padded.join(", "));
                if let Some(c) = comment {
                    line.push_str(&" ".repeat(gap.max(1)));
                    line.push_str(c);
                }
                out[i] = line;
            }
        }
        k = group.last().map_or(k, |&(i, _)| i) + 1;
    }
    let mut joined = out.join("\n");
    joined.push('\n');
    joined
}

/// The rows of a multi-line matrix literal starting on line `k`: each line's index and
/// the byte where its row's `[` is. The first line holds `[[` and ends its row with `],`;
/// each next line is one row, `[...],`, until one that closes the literal.
fn row_group(lines: &[&str], k: usize) -> Option<Vec<(usize, usize)>> {
    let (first, _) = split_comment(lines[k]);
    let first = first.trim_end();
    let open = first.find("[[")? + 1;
    if matching(first, open) + 2 != first.len() || !first.ends_with("],") {
        return None;
    }
    let mut group = vec![(k, open)];
    for (i, line) in lines.iter().enumerate().skip(k + 1) {
        let (code, _) = split_comment(line);
        let code = code.trim_end();
        let start = code.len() - code.trim_start().len();
        if !code[start..].starts_with('[') {
            return None;
        }
        let end = matching(code, start);
        if end >= code.len() {
            return None;
        }
        group.push((i, start));
        if &code[end..] != "]," {
            // The last row: what follows its `]` closes the literal.
            return code[end + 1..].starts_with(']').then_some(group);
        }
    }
    None
}

/// The byte of the `]` matching the `[` at `open` (outside strings), or the text's length.
fn matching(code: &str, open: usize) -> usize {
    let mut depth = 0;
    let mut in_string = false;
    for (i, c) in code[open..].char_indices() {
        match c {
            '"' => in_string = !in_string,
            '[' | '(' if !in_string => depth += 1,
            ']' | ')' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    return open + i;
                }
            }
            _ => {}
        }
    }
    code.len()
}

/// A row's cells, split at its top-level commas, trimmed.
fn split_cells(row: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let (mut depth, mut start, mut in_string) = (0, 0, false);
    for (i, c) in row.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '[' | '(' if !in_string => depth += 1,
            ']' | ')' if !in_string => depth -= 1,
            ',' if depth == 0 && !in_string => {
                cells.push(row[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    cells.push(row[start..].trim().to_string());
    cells
}

/// The program as fully parenthesised statements, spans aside: what must not change.
fn printed(text: &str) -> Option<Vec<String>> {
    let mut names = Interner::default();
    let tree = crate::syntax::parse_program(text, SourceId(0), &mut names).ok()?;
    Some(
        tree.statements
            .iter()
            .map(|s| crate::syntax::print::statement(s, &names))
            .collect(),
    )
}

/// A line's code and its `#` comment (outside strings).
fn split_comment(line: &str) -> (&str, Option<&str>) {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '#' if !in_string => return (&line[..i], Some(&line[i..])),
            _ => {}
        }
    }
    (line, None)
}

/// The tokens of one line of code with their byte ranges in it.
fn tokens(code: &str) -> Result<Vec<(Token, std::ops::Range<usize>)>, String> {
    let mut names = Interner::default();
    let (tokens, errors) = token::lex(code, SourceId(0), &mut names);
    if !errors.is_empty() {
        return Err("it does not lex: run `la check` to see why".into());
    }
    Ok(tokens
        .into_iter()
        .filter(|(t, _)| !matches!(t, Token::Newline))
        .map(|(t, span)| (t, span.range()))
        .collect())
}

/// Binary operators written with a space on each side: those a line cannot end with, less
/// the tight `^`, `.^` and `:`, the prefix `!` and the comma.
fn spaced(t: &Token) -> bool {
    crate::syntax::layout::continues_line(t)
        && !matches!(
            t,
            Token::Caret | Token::DotCaret | Token::Colon | Token::Bang | Token::Comma
        )
}

/// One line's tokens joined by the layout's spaces; tracks the open brackets and blocks.
fn respace(
    code: &str,
    tokens: &[(Token, std::ops::Range<usize>)],
    open: &mut Vec<char>,
    depth: &mut usize,
) -> String {
    let mut out = String::new();
    let mut previous: Option<&Token> = None;
    // Whether the previous token was a unary sign (no space after it).
    let mut after_unary = false;
    // Whether it was `^`, `.^` or a range's `:` (no space after them either).
    let mut after_tight = false;
    for (t, range) in tokens {
        let in_parens = open.last() == Some(&'(');
        let binary = match t {
            Token::Minus | Token::Plus => previous.is_some_and(Token::ends_operand),
            Token::Assign => !in_parens,
            other => spaced(other),
        };
        let space_before = match (previous, t) {
            (None, _) => false,
            _ if after_unary => false,
            (_, Token::RParen | Token::RBracket | Token::Comma | Token::Semi) => false,
            (_, Token::Quote | Token::DotQuote) => false,
            (_, Token::Caret | Token::DotCaret) => false,
            (Some(p), Token::Colon) if p.ends_operand() => false,
            _ if after_tight => false,
            (Some(Token::LParen | Token::LBracket), _) => false,
            (Some(p), Token::LParen | Token::LBracket) if p.ends_operand() => false,
            (Some(Token::Assign), _) if in_parens => false,
            (_, Token::Assign) if in_parens => false,
            (_, Token::Minus | Token::Plus) if !binary => {
                // A sign: spaced from what precedes unless that is an opening bracket.
                true
            }
            _ => true,
        };
        if space_before {
            out.push(' ');
        }
        out.push_str(&code[range.clone()]);
        after_unary = matches!(t, Token::Minus | Token::Plus | Token::Bang) && !binary;
        after_tight = match t {
            Token::Caret | Token::DotCaret => true,
            Token::Colon => previous.is_some_and(Token::ends_operand),
            _ => false,
        };
        match t {
            Token::LParen => open.push('('),
            Token::LBracket => open.push('['),
            Token::LBrace => {
                open.push('{');
                *depth += 1;
            }
            Token::RParen | Token::RBracket => {
                open.pop();
            }
            Token::RBrace => {
                open.pop();
                *depth = depth.saturating_sub(1);
            }
            _ => {}
        }
        previous = Some(t);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spacing_rules() {
        let cases = [
            ("y=2*x+1", "y = 2 * x + 1"),
            ("z = x^2 + a.^b", "z = x^2 + a.^b"),
            ("v = 1 : 2 : 9", "v = 1:2:9"),
            ("A[ 1 , : ]", "A[1, :]"),
            ("f( -x , 2 )", "f(-x, 2)"),
            ("plot(x, y, title = \"t\")", "plot(x, y, title=\"t\")"),
            ("g = (a,b) -> a+b", "g = (a, b) -> a + b"),
            ("x = A' * B.'", "x = A' * B.'"),
            ("q = !(a&&b) || -c", "q = !(a && b) || -c"),
            ("a = 1;b = 2", "a = 1; b = 2"),
            ("x -= 1e-3", "x -= 1e-3"),
            ("w = [[1, -2], [3, 4]]", "w = [[1, -2], [3, 4]]"),
        ];
        for (text, want) in cases {
            assert_eq!(format(text).unwrap(), format!("{want}\n"), "{text}");
        }
    }

    #[test]
    fn blocks_comments_and_blank_lines() {
        let text = "fn f(x) {\n  if x > 0 {   # positive\nreturn x\n}\n\n\n\n  return -x\n}\n\n\nA = [[1, 2],\n     [3, 4]]   # kept\n";
        let aligned =
            format("W = [[1, -20, 3],  # first\n  [400, 5, 6],\n [7, 8, 9.5]]'\n").unwrap();
        assert_eq!(
            aligned,
            "W = [[  1, -20,   3],  # first\n     [400,   5,   6],\n     [  7,   8, 9.5]]'\n"
        );
        assert_eq!(format(&aligned).unwrap(), aligned);
        let want = "fn f(x) {\n    if x > 0 {   # positive\n        return x\n    }\n\n    return -x\n}\n\nA = [[1, 2],\n     [3, 4]]   # kept\n";
        assert_eq!(format(text).unwrap(), want);
        assert_eq!(format(want).unwrap(), want);
        assert_eq!(
            format("s = \"a # not a comment\"  # one\n").unwrap(),
            "s = \"a # not a comment\"  # one\n"
        );
    }

    #[test]
    fn what_does_not_parse_is_refused() {
        assert!(format("x = [1, 2").is_err());
        assert!(format("x = $").is_err());
    }
}
