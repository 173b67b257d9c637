//! The source texts the interpreter has seen (scripts, `-e` strings, REPL lines), kept so
//! that a diagnostic can be rendered against the text it points into, even when a function
//! defined on one REPL line fails when called from another.

use crate::diagnostic::SourceId;

/// One source text and the name diagnostics show for it (`model.la`, `<repl:3>`).
#[derive(Clone, Debug)]
pub struct Source {
    /// The name shown in diagnostics.
    pub name: String,
    /// The full text.
    pub text: String,
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
