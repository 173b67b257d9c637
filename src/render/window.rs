//! A very long source line shown as a window around its markers, so a report on a line
//! that holds a whole pasted matrix stays readable: the text left out on either side is
//! replaced by `…`, and the spans move with the text that is kept.

use crate::source::Span;

/// Lines longer than this many characters are cut to a window.
pub const MAX_LINE: usize = 120;
/// Characters kept before the error's column on a long line.
const CONTEXT: usize = 40;

/// `text` with every long line that holds one of `spans` cut to a window around the first
/// span on it (the error's column comes first), and `spans` moved to match: a span reaching
/// out of the window is cut at its edge. All spans must point into `text`.
pub fn cut_long_lines(text: &str, spans: &mut [Span]) -> String {
    let mut text = text.to_string();
    let mut lines: Vec<usize> = spans
        .iter()
        .map(|s| text[..s.start as usize].rfind('\n').map_or(0, |n| n + 1))
        .collect();
    lines.sort_unstable();
    lines.dedup();
    // Last line first: cutting a line leaves the offsets before it alone.
    for &line in lines.iter().rev() {
        let end = text[line..].find('\n').map_or(text.len(), |n| line + n);
        if text[line..end].chars().count() <= MAX_LINE {
            continue;
        }
        let Some(focus) = spans
            .iter()
            .map(|s| s.start as usize)
            .find(|p| (line..=end).contains(p))
        else {
            continue;
        };
        let from = chars_back(&text, focus, CONTEXT).max(line);
        let to = chars_forward(&text, focus, MAX_LINE - CONTEXT).min(end);
        let head = if from > line { "…" } else { "" };
        let tail = if to < end { "…" } else { "" };
        let cut = format!("{head}{}{tail}", &text[from..to]);
        let shift = |p: usize| -> usize {
            if p < line {
                p
            } else if p > end {
                p - (end - line) + cut.len()
            } else {
                line + head.len() + (p.clamp(from, to) - from)
            }
        };
        for span in spans.iter_mut() {
            *span = Span::new(
                span.source,
                shift(span.start as usize),
                shift(span.end as usize),
            );
        }
        text.replace_range(line..end, &cut);
    }
    text
}

/// The line and column (from 1, columns in characters) of byte `at`, as reports name them.
pub fn location(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn chars_back(text: &str, at: usize, n: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

fn chars_forward(text: &str, at: usize, n: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    #[test]
    fn a_long_line_is_cut_around_its_span() {
        let text = format!("x = 1\ny = [{}@]\nz = 2", "1, ".repeat(100));
        let at = text.find('@').unwrap();
        let mut spans = [Span::new(SourceId(0), at, at + 1)];
        let cut = cut_long_lines(&text, &mut spans);
        let line = cut.lines().nth(1).unwrap();
        assert!(line.starts_with('…') && line.chars().count() < 90, "{line}");
        assert_eq!(&cut[spans[0].range()], "@");
        assert!(cut.starts_with("x = 1\n") && cut.ends_with("\nz = 2"));
    }

    #[test]
    fn short_lines_stay() {
        let mut spans = [Span::new(SourceId(0), 4, 5)];
        assert_eq!(cut_long_lines("x = @", &mut spans), "x = @");
        assert_eq!(spans[0], Span::new(SourceId(0), 4, 5));
        assert_eq!(location("ab\ncπd", 6), (2, 3));
    }
}
