//! The source texts the interpreter has seen (scripts, `-e` strings, REPL lines), kept so
//! that a diagnostic can be rendered against the text it points into, even when a function
//! defined on one REPL line fails when called from another. Also the coordinates into a
//! text: `SourceId`, the byte `Span`, and the one conversion of a byte offset to a line and
//! column (in characters for people, in UTF-16 code units for the language server protocol).

/// Identifies one source text (a script, an `-e` string, a REPL line) held by the interpreter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct SourceId(pub u32);

/// A half-open byte range `start..end` inside one source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// The source the range belongs to.
    pub source: SourceId,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span over `start..end` in `source`.
    pub fn new(source: SourceId, start: usize, end: usize) -> Span {
        Span {
            source,
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both `self` and `other` (same source assumed).
    pub fn to(self, other: Span) -> Span {
        Span {
            source: self.source,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The byte range, for slicing and for the renderer.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One source text and the name diagnostics show for it (`model.la`, `<repl:3>`).
#[derive(Clone, Debug)]
pub struct Source {
    /// The name shown in diagnostics.
    pub name: String,
    /// The full text.
    pub text: String,
}

/// A place in a source text, for people and for editors: 1-based line, 1-based column in
/// characters, and the 0-based column in UTF-16 code units the Language Server Protocol counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// 0-based column, in UTF-16 code units.
    pub utf16_column: usize,
}

impl Source {
    /// The line and column of byte `offset` (clamped to the text, and moved back to the start
    /// of a character if it falls inside one).
    ///
    /// ```
    /// use la::source::Source;
    /// let s = Source { name: "x.la".into(), text: "a = 1\n# π\nb = 𝑥".into() };
    /// let at = s.position(s.text.find('b').unwrap());
    /// assert_eq!((at.line, at.column, at.utf16_column), (3, 1, 0));
    /// let end = s.position(s.text.len());
    /// assert_eq!((end.line, end.column, end.utf16_column), (3, 6, 6));
    /// ```
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let in_line = &before[line_start..];
        Position {
            line: before.matches('\n').count() + 1,
            column: in_line.chars().count() + 1,
            utf16_column: in_line.encode_utf16().count(),
        }
    }
}

/// Every source text, indexed by `SourceId`.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    sources: Vec<std::sync::Arc<Source>>,
}

impl SourceMap {
    /// Stores a source and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> SourceId {
        self.sources.push(std::sync::Arc::new(Source {
            name: name.into(),
            text: text.into(),
        }));
        SourceId((self.sources.len() - 1) as u32)
    }

    /// The source with this id, if it exists.
    pub fn get(&self, id: SourceId) -> Option<&Source> {
        self.sources.get(id.0 as usize).map(|s| &**s)
    }
}
