//! What a running program may touch outside its own values: where output goes, the random
//! number generator, printing precision and resource limits. Builtins reach the world only
//! through this.

use crate::diagnostic::{fail, Diagnostic, ErrorKind, Fallible, Span};
use crate::rng::Rng;
use crate::value::Shape;

/// Something the program produced for the host to show.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// Text from `print` or a shown value, ending in a newline.
    Text(String),
    /// A warning that did not stop the program.
    Warning(Diagnostic),
}

/// Where events go.
pub type Sink = Box<dyn FnMut(Event) + Send>;

/// How many significant digits printing uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    /// About 5 significant digits (the default).
    Short,
    /// About 15 significant digits.
    Long,
}

/// Resource limits checked before work is done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest number of elements in any one matrix.
    pub max_elements: usize,
    /// Deepest chain of user-function calls.
    pub max_call_depth: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { max_elements: 1 << 29, max_call_depth: 1000 }
    }
}

/// The world as builtins see it.
pub struct Host {
    /// Where printed text and warnings go.
    pub sink: Sink,
    /// The random number generator (`rand`, `randn`, `seed`).
    pub rng: Rng,
    /// Printing precision.
    pub precision: Precision,
    /// Resource limits.
    pub limits: Limits,
}

impl Host {
    /// A host that sends events to `sink`.
    pub fn new(sink: Sink) -> Host {
        Host { sink, rng: Rng::default(), precision: Precision::Short, limits: Limits::default() }
    }

    /// Sends text to the sink.
    pub fn print(&mut self, text: String) {
        (self.sink)(Event::Text(text));
    }

    /// Sends a warning to the sink.
    pub fn warn(&mut self, warning: Diagnostic) {
        (self.sink)(Event::Warning(warning));
    }

    /// Refuses a matrix of `rows`×`cols` before it is allocated if it breaks the limit. A
    /// dimension beyond the limit is refused even when the other is 0 (a 0×10¹⁵ matrix holds
    /// nothing but would still take ages to build).
    pub fn check_alloc(&self, rows: usize, cols: usize, span: Span) -> Fallible<()> {
        let limit = self.limits.max_elements;
        let count = rows.checked_mul(cols).filter(|_| rows.max(cols) <= limit);
        match count {
            Some(n) if n <= limit => Ok(()),
            _ => fail(
                ErrorKind::Limit,
                span,
                format!(
                    "a {} matrix is too large: the limit is {} elements",
                    Shape::new(rows, cols),
                    self.limits.max_elements
                ),
            )
            .map_err(|mut d| {
                d.labels.push(crate::diagnostic::Label { span, message: "requested here".into() });
                d
            }),
        }
    }
}
