//! Turning diagnostics into text: the one module that knows about ariadne.
//!
//! Spans are byte ranges (ariadne is told so), labels may point into any source the
//! `SourceMap` holds (a function defined on one REPL line, called from another), and a span
//! that points nowhere is clamped rather than trusted, so rendering never panics.

use std::collections::HashMap;
use std::fmt;

use ariadne::{Cache, Color, ColorGenerator, Config, IndexType, Label, Report, ReportKind};

use crate::diagnostic::{Diagnostic, Error, Severity};
use crate::source::{SourceId, SourceMap, Span};
use crate::syntax::token::invisible_name;

mod window;

/// Renders one diagnostic as an ariadne report against the texts in `sources`.
///
/// With `color` off the text has no escape codes (for snapshots, pipes and files). A
/// diagnostic none of whose spans can be shown becomes a plain `error: message` line.
///
/// ```text
/// Error: unexpected end of input
///    ╭─[ t.la:1:8 ]
///    │
///  1 │ x = 1 +
///    │        │
///    │        ╰─ expected expression
/// ───╯
/// ```
pub fn render(diagnostic: &Diagnostic, sources: &SourceMap, color: bool) -> String {
    let mut cache = SourceCache::default();
    let primary = clamp(diagnostic.span, sources);
    let mut labels: Vec<(Span, &str)> = Vec::new();
    let mut primary_labelled = false;
    for label in &diagnostic.labels {
        if let Some(span) = clamp(label.span, sources) {
            primary_labelled |= Some(span) == primary;
            labels.push((span, label.message.as_str()));
        }
    }
    if let (Some(span), false, true) = (primary, primary_labelled, labels.is_empty()) {
        // With no label at all, still mark where the problem is (ariadne draws no marker for
        // a label without a message, so give it one).
        labels.insert(0, (span, "here"));
    }
    if labels.is_empty() {
        return plain(diagnostic);
    }
    // ariadne starts a new section whenever the next label is in another source or on an
    // earlier line, so order them: the primary source first, then by position.
    let mut order: Vec<SourceId> = primary.map(|p| p.source).into_iter().collect();
    for (span, _) in &labels {
        if !order.contains(&span.source) {
            order.push(span.source);
        }
    }
    labels.sort_by_key(|(span, _)| {
        (
            order.iter().position(|&id| id == span.source),
            span.start,
            span.end,
        )
    });
    // Long lines are cut to a window around their labels; the report's header must still
    // name the column in the whole line.
    let mut relocated: Vec<(String, String)> = Vec::new();
    let mut anchor = primary.unwrap_or(labels[0].0);
    for &id in &order {
        let Some(source) = sources.get(id) else {
            continue;
        };
        let text = printable_source(&source.text);
        let anchored = anchor.source == id;
        let mut spans: Vec<Span> = anchored.then_some(anchor).into_iter().collect();
        spans.extend(labels.iter().map(|(s, _)| *s).filter(|s| s.source == id));
        let cut = window::cut_long_lines(&text, &mut spans);
        if cut.len() != text.len() {
            // The header `name:line:column` as ariadne writes it for the cut line, and as
            // it must read.
            let header = |from: Span, to: Span| {
                let (line, column) = window::location(&text, from.start as usize);
                let (_, shown) = window::location(&cut, to.start as usize);
                let name = &source.name;
                (
                    format!("{name}:{line}:{shown} ]"),
                    format!("{name}:{line}:{column} ]"),
                )
            };
            if anchored {
                relocated.insert(0, header(anchor, spans[0]));
                anchor = spans[0];
            }
            let moved_labels = &spans[usize::from(anchored)..];
            for (label, span) in labels
                .iter_mut()
                .filter(|(s, _)| s.source == id)
                .zip(moved_labels)
            {
                relocated.push(header(label.0, *span));
                label.0 = *span;
            }
        }
        cache.insert(id, source.name.clone(), cut);
    }

    let (kind, kind_color) = match diagnostic.severity {
        Severity::Error => (ReportKind::Error, Color::Red),
        Severity::Warning => (ReportKind::Warning, Color::Yellow),
    };
    let config = Config::new()
        .with_index_type(IndexType::Byte)
        .with_color(color);
    let mut report = Report::build(kind, (anchor.source, anchor.range()))
        .with_config(config)
        .with_message(&diagnostic.message);
    if let Some(code) = diagnostic.code {
        report = report.with_code(code);
    }
    let mut colors = ColorGenerator::new();
    for (span, message) in labels {
        let mut label = Label::new((span.source, span.range())).with_message(message);
        // ariadne does not filter label colours by `Config::with_color`, so only set them
        // when colour is wanted.
        if color {
            let c = if span == anchor && primary.is_some() {
                kind_color
            } else {
                colors.next()
            };
            label = label.with_color(c);
        }
        report = report.with_label(label);
    }
    if let Some(help) = &diagnostic.help {
        report = report.with_help(help);
    }
    if let Some(note) = &diagnostic.note {
        report = report.with_note(note);
    }

    let mut out = Vec::new();
    match report.finish().write(&mut cache, &mut out) {
        Ok(()) => {
            let mut text = String::from_utf8_lossy(&out).into_owned();
            for (shown, whole) in relocated {
                text = text.replacen(&shown, &whole, 1);
            }
            text
        }
        Err(_) => plain(diagnostic),
    }
}

impl Error {
    /// The full report: source lines with markers under every labelled span, help and
    /// notes; colour codes only when `color` is true.
    pub fn render(&self, color: bool) -> String {
        render_error(self, self.sources(), color)
    }
}

/// Renders every diagnostic of `error`, in order, one report after another.
pub fn render_error(error: &Error, sources: &SourceMap, color: bool) -> String {
    error
        .diagnostics()
        .iter()
        .map(|d| render(d, sources, color))
        .collect()
}

/// The fallback when no span can be shown: the `Display` form, plus the note.
fn plain(diagnostic: &Diagnostic) -> String {
    let mut text = format!("{diagnostic}\n");
    if let Some(note) = &diagnostic.note {
        text.push_str(&format!("note: {note}\n"));
    }
    text
}

/// `span` made safe to hand to ariadne: its source must exist, and its range is cut to the
/// text and widened to character boundaries. `None` when the source is unknown.
fn clamp(span: Span, sources: &SourceMap) -> Option<Span> {
    let text = &sources.get(span.source)?.text;
    let mut start = (span.start as usize).min(text.len());
    let mut end = (span.end as usize).clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Some(Span::new(span.source, start, end))
}

/// `text` as reports may show it: every character that ariadne takes for a line break but
/// la does not (a lone carriage return, vertical tab, form feed, NEL, the Unicode line and
/// paragraph separators), every other control character (an ESC would reach the terminal
/// as an escape sequence) and every invisible character the lexer names (a zero-width
/// space, a no-break space) becomes as many spaces as it has bytes, so a marker under it
/// has width. Reports then count lines and byte offsets as the lexer does, and echo
/// nothing a terminal obeys.
fn printable_source(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' if chars.peek() == Some(&'\n') => out.push(c),
            '\u{2028}' | '\u{2029}' => out.extend(std::iter::repeat_n(' ', c.len_utf8())),
            c if c.is_control() || invisible_name(c).is_some() => {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
            _ => out.push(c),
        }
    }
    out
}

/// The sources a report refers to, prepared for ariadne and named as the `SourceMap` names
/// them.
#[derive(Default)]
struct SourceCache<'s> {
    loaded: HashMap<SourceId, (String, ariadne::Source<String>)>,
    sources: std::marker::PhantomData<&'s SourceMap>,
}

impl SourceCache<'_> {
    /// Adds a source's text as reports show it.
    fn insert(&mut self, id: SourceId, name: String, text: String) {
        self.loaded
            .entry(id)
            .or_insert_with(|| (name, ariadne::Source::from(text)));
    }
}

impl Cache<SourceId> for SourceCache<'_> {
    type Storage = String;

    fn fetch(&mut self, id: &SourceId) -> Result<&ariadne::Source<String>, impl fmt::Debug> {
        self.loaded
            .get(id)
            .map(|(_, source)| source)
            .ok_or("unknown source")
    }

    fn display<'a>(&self, id: &'a SourceId) -> Option<impl fmt::Display + 'a> {
        self.loaded.get(id).map(|(name, _)| name.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::ErrorKind;

    fn shape_error(sources: &mut SourceMap) -> Diagnostic {
        //         0123456789
        let id = sources.add("t.la", "A * B\n");
        Diagnostic::error(
            ErrorKind::Shape,
            Span::new(id, 2, 3),
            "cannot multiply 2×3 by 2×3",
        )
        .label(Span::new(id, 0, 1), "this is 2×3")
        .label(
            Span::new(id, 2, 3),
            "columns of the left must equal rows of the right",
        )
        .label(Span::new(id, 4, 5), "this is 2×3")
        .help("transpose one side: `A' * B`")
    }

    #[track_caller]
    fn marker_column(text: &str, marker_line: usize) -> usize {
        // The column of the first underline character in a rendered line, counted in chars.
        let line = text.lines().nth(marker_line).unwrap();
        line.chars().position(|c| c == '┬' || c == '─').unwrap()
    }

    #[test]
    fn shape_error_has_name_labels_and_no_escapes() {
        let mut sources = SourceMap::default();
        let d = shape_error(&mut sources);
        let text = render(&d, &sources, false);
        assert!(
            text.starts_with("Error: cannot multiply 2×3 by 2×3\n"),
            "{text}"
        );
        assert!(text.contains("[ t.la:1:3 ]"), "{text}");
        assert_eq!(text.matches("this is 2×3").count(), 2, "{text}");
        assert!(
            text.contains("columns of the left must equal rows of the right"),
            "{text}"
        );
        assert!(text.contains("Help: transpose one side"), "{text}");
        assert!(!text.contains('\u{1b}'), "{text}");
    }

    #[test]
    fn colour_on_uses_escapes() {
        let mut sources = SourceMap::default();
        let d = shape_error(&mut sources);
        let text = render(&d, &sources, true);
        assert!(text.contains('\u{1b}'));
    }

    #[test]
    fn warning_and_note() {
        let mut sources = SourceMap::default();
        let id = sources.add("w.la", "x = inv(A)");
        let d = Diagnostic::warning(ErrorKind::Singular, Span::new(id, 4, 10), "nearly singular")
            .note("the condition number is 1e17");
        let text = render(&d, &sources, false);
        assert!(text.starts_with("Warning: nearly singular"), "{text}");
        assert!(
            text.contains("Note: the condition number is 1e17"),
            "{text}"
        );
        // The primary span gets an unlabelled marker.
        assert!(text.contains("──┬───") || text.contains("───"), "{text}");
    }

    #[test]
    fn unlabelled_primary_span_is_marked() {
        let mut sources = SourceMap::default();
        let id = sources.add("t.la", "x = @\n");
        let d = Diagnostic::error(ErrorKind::Lex, Span::new(id, 4, 5), "unexpected character");
        let text = render(&d, &sources, false);
        let lines: Vec<&str> = text.lines().collect();
        let source_line = lines.iter().position(|l| l.contains("x = @")).unwrap();
        let code_col = lines[source_line].chars().position(|c| c == 'x').unwrap();
        let marker = &lines[source_line + 1];
        assert_eq!(marker.chars().nth(code_col + 4), Some('┬'), "{text}");
    }

    #[test]
    fn out_of_range_spans_do_not_panic() {
        let mut sources = SourceMap::default();
        let id = sources.add("t.la", "a × b");
        let cases = [
            Span::new(id, 100, 200),
            Span::new(id, 3, 2),
            Span::new(id, 3, 4), // inside `×`
            Span::new(id, 0, 1000),
            Span::new(SourceId(99), 0, 1),
        ];
        for span in cases {
            let d = Diagnostic::error(ErrorKind::Shape, span, "boom").label(span, "here");
            let text = render(&d, &sources, false);
            assert!(text.contains("boom"), "{text}");
        }
        let lost = Diagnostic::error(ErrorKind::Shape, Span::new(SourceId(7), 0, 1), "lost")
            .help("look elsewhere");
        assert_eq!(
            render(&lost, &sources, false),
            "error: lost (help: look elsewhere)\n"
        );
    }

    #[test]
    fn every_span_of_a_small_text_renders() {
        let mut sources = SourceMap::default();
        let text = "π×2\nb = [1, 2]\r\n\n²";
        let id = sources.add("t.la", text);
        for start in 0..=text.len() + 1 {
            for end in 0..=text.len() + 1 {
                let d = Diagnostic::error(ErrorKind::Parse, Span::new(id, start, end), "x")
                    .label(Span::new(id, end, start), "y")
                    .label(Span::new(id, start, start), "z");
                let _ = render(&d, &sources, false);
                let _ = render(&d, &sources, true);
            }
        }
    }

    #[test]
    fn multi_byte_characters_keep_markers_in_place() {
        let mut sources = SourceMap::default();
        let text = "π × A + B";
        let id = sources.add("t.la", text);
        let a = text.find('A').unwrap();
        let d = Diagnostic::error(ErrorKind::Shape, Span::new(id, a, a + 1), "bad")
            .label(Span::new(id, a, a + 1), "this is A");
        let out = render(&d, &sources, false);
        assert!(out.contains("t.la:1:5"), "{out}");
        let lines: Vec<&str> = out.lines().collect();
        let source_line = lines.iter().position(|l| l.contains(text)).unwrap();
        let text_col = lines[source_line].chars().position(|c| c == 'π').unwrap();
        let marker = marker_column(&out, source_line + 1);
        assert_eq!(marker - text_col, 4, "{out}");
    }

    #[test]
    fn labels_in_another_source() {
        let mut sources = SourceMap::default();
        let def = sources.add("<repl:1>", "f(x) = x * [1, 2]");
        let call = sources.add("<repl:2>", "f(ones(3, 3))");
        let d = Diagnostic::error(ErrorKind::Shape, Span::new(def, 7, 17), "cannot multiply")
            .label(Span::new(def, 7, 8), "this is 3×3")
            .label(Span::new(call, 0, 13), "called here");
        let out = render(&d, &sources, false);
        assert!(out.contains("<repl:1>:1:8"), "{out}");
        assert!(out.contains("<repl:2>:1:1"), "{out}");
        assert!(out.contains("called here"), "{out}");
    }

    #[test]
    fn render_error_renders_all() {
        let mut sources = SourceMap::default();
        let id = sources.add("t.la", "1 +\n2 *");
        let error = Error::new(vec![
            Diagnostic::error(ErrorKind::Parse, Span::new(id, 3, 3), "first"),
            Diagnostic::error(ErrorKind::Parse, Span::new(id, 7, 7), "second"),
        ]);
        let out = render_error(&error, &sources, false);
        let first = out.find("Error: first").unwrap();
        let second = out.find("Error: second").unwrap();
        assert!(first < second, "{out}");
        assert!(out.contains("t.la:2:4"), "{out}");
    }
}
