//! Which syntax errors a user is shown, and where: errors the parser makes while stumbling
//! over an earlier error are left out, an error caused by a bracket that was never closed
//! is reported at that bracket, and a line with many errors shows only the first few.

use super::token::{Spanned, Token};
use crate::diagnostic::Diagnostic;
use crate::source::Span;

/// Most errors shown for one line; the last one shown counts the others.
pub const MAX_PER_LINE: usize = 3;

/// Brackets, braces and parentheses opened and never closed, outermost first. A closer
/// that does not match the innermost open bracket closes the nearest one it matches, and
/// the ones in between were never closed: in `f(1, [2, 3)` the `[` is.
pub fn unclosed(tokens: &[Spanned]) -> Vec<Spanned> {
    let mut open: Vec<Spanned> = Vec::new();
    let mut never_closed = Vec::new();
    // How many of each kind are open, so a closer with no opener of its kind costs nothing.
    let kind = |t: &Token| match t {
        Token::LParen => 0,
        Token::LBracket => 1,
        _ => 2,
    };
    let mut counts = [0usize; 3];
    for (token, span) in tokens {
        let opener = match token {
            Token::LParen | Token::LBracket | Token::LBrace => {
                counts[kind(token)] += 1;
                open.push((token.clone(), *span));
                continue;
            }
            Token::RParen => Token::LParen,
            Token::RBracket => Token::LBracket,
            Token::RBrace => Token::LBrace,
            _ => continue,
        };
        if counts[kind(&opener)] == 0 {
            continue;
        }
        if let Some(at) = open.iter().rposition(|(t, _)| *t == opener) {
            for (k, (t, s)) in open.drain(at..).enumerate() {
                counts[kind(&t)] -= 1;
                if k > 0 {
                    never_closed.push((t, s));
                }
            }
        }
    }
    never_closed.extend(open);
    never_closed.sort_by_key(|(_, span)| span.start);
    never_closed
}

/// Reports the first parse error that comes after a bracket that was never closed at that
/// bracket (the innermost such one), keeping where the parser gave up as a label.
pub fn point_at_unclosed(errors: &mut [Diagnostic], unclosed: &[Spanned]) {
    for error in errors.iter_mut() {
        let before = unclosed.partition_point(|(_, s)| s.end <= error.span.start);
        let Some((token, bracket)) = before.checked_sub(1).map(|i| &unclosed[i]) else {
            continue;
        };
        let closer = match token {
            Token::LParen => "`)`",
            Token::LBracket => "`]`",
            _ => "`}`",
        };
        let gave_up = error.labels.first().map_or_else(
            || "the parser gave up here".to_string(),
            |l| l.message.clone(),
        );
        let mut labels = vec![crate::diagnostic::Label {
            span: *bracket,
            message: format!("this `{token}` is never closed"),
        }];
        labels.push(crate::diagnostic::Label {
            span: error.span,
            message: format!("{}: {gave_up}", error.message),
        });
        error.message = format!("unclosed `{token}`");
        error.span = *bracket;
        error.labels = labels;
        error.help = Some(format!("close it with {closer}"));
        return;
    }
}

/// Line numbers (from 0) as the renderer counts them; an error at the end of input belongs
/// to the last line that has text.
pub struct Lines {
    /// Byte offsets of the line breaks, in order.
    breaks: Vec<usize>,
    end: usize,
}

impl Lines {
    /// The lines of `text`.
    pub fn new(text: &str) -> Lines {
        Lines {
            breaks: text.match_indices('\n').map(|(i, _)| i).collect(),
            end: text.trim_end().len(),
        }
    }

    /// The line of byte `at`.
    pub fn of(&self, at: u32) -> usize {
        let at = (at as usize).min(self.end);
        self.breaks.partition_point(|&b| b < at)
    }
}

/// Leaves out the parse errors that echo an earlier lexing or habit error: those on the
/// same line as one, or inside its span.
pub fn drop_echoes(
    first: &[Diagnostic],
    parse_errors: Vec<Diagnostic>,
    lines: &Lines,
) -> Vec<Diagnostic> {
    let mut bad_lines: Vec<usize> = first.iter().map(|d| lines.of(d.span.start)).collect();
    bad_lines.sort_unstable();
    // Only an error over several lines (a literal) can hold a parse error on another line.
    let wide: Vec<Span> = first
        .iter()
        .map(|d| d.span)
        .filter(|s| lines.of(s.start) != lines.of(s.end))
        .collect();
    let inside = |s: Span| wide.iter().any(|w| w.start <= s.start && s.start < w.end);
    parse_errors
        .into_iter()
        .filter(|d| bad_lines.binary_search(&lines.of(d.span.start)).is_err() && !inside(d.span))
        .collect()
}

/// Sorts the errors by position and keeps the first `MAX_PER_LINE` of each line; the
/// last one kept says how many more there are.
pub fn at_most_a_few_per_line(mut errors: Vec<Diagnostic>, lines: &Lines) -> Vec<Diagnostic> {
    errors.sort_by_key(|d| d.span.start);
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(errors.len());
    let mut run = 0;
    let mut hidden = 0;
    let mut line = usize::MAX;
    for d in errors {
        let this = lines.of(d.span.start);
        if this != line {
            note_hidden(&mut kept, hidden);
            (line, run, hidden) = (this, 0, 0);
        }
        run += 1;
        if run > MAX_PER_LINE {
            hidden += 1;
        } else {
            kept.push(d);
        }
    }
    note_hidden(&mut kept, hidden);
    kept
}

fn note_hidden(kept: &mut [Diagnostic], hidden: usize) {
    if hidden == 0 {
        return;
    }
    if let Some(last) = kept.last_mut() {
        let more = format!(
            "{hidden} more error{} on this line {} not shown",
            if hidden == 1 { "" } else { "s" },
            if hidden == 1 { "is" } else { "are" }
        );
        last.note = Some(match last.note.take() {
            Some(note) => format!("{note}; {more}"),
            None => more,
        });
    }
}
