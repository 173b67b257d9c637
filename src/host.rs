//! What a running program may touch outside its own values: where output goes, the random
//! number generator, the display format and resource limits. Builtins reach the world only
//! through this.

use std::time::Instant;

use crate::diagnostic::{Diagnostic, ErrorKind, Fallible, Span};
use crate::limits::Limits;
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Precision {
    /// 5 significant digits, like Octave's `format short` (the default).
    #[default]
    Short,
    /// 16 significant digits, like Octave's `format long`.
    Long,
}

/// How shown and printed values look: `format("short" | "long" | "full" | "elided")`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Format {
    /// Significant digits.
    pub precision: Precision,
    /// Show every element of a large matrix instead of eliding its middle.
    pub full: bool,
}

impl Format {
    /// The words `format(...)` and the REPL's `:format` take.
    pub const MODES: &'static str = "\"short\", \"long\", \"full\" or \"elided\"";

    /// This format changed by one mode word, or `None` for a word that is not one.
    ///
    /// ```
    /// let long = la::Format::default().with("long").unwrap();
    /// assert_eq!(long.with("full").unwrap().to_string(), "long full");
    /// assert!(long.with("medium").is_none());
    /// ```
    pub fn with(self, mode: &str) -> Option<Format> {
        let mut next = self;
        match mode {
            "short" => next.precision = Precision::Short,
            "long" => next.precision = Precision::Long,
            "full" => next.full = true,
            "elided" => next.full = false,
            _ => return None,
        }
        Some(next)
    }
}

/// The two mode words in force: `short elided`, `long full`.
impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let digits = match self.precision {
            Precision::Short => "short",
            Precision::Long => "long",
        };
        let matrices = if self.full { "full" } else { "elided" };
        write!(f, "{digits} {matrices}")
    }
}

/// The world as builtins see it.
pub struct Host {
    /// Where printed text and warnings go.
    pub sink: Sink,
    /// The random number generator (`rand`, `randn`, `seed`).
    pub rng: Rng,
    /// How values are shown and printed.
    pub format: Format,
    /// Resource limits.
    pub limits: Limits,
    /// Elements held by variables' matrices (a shared matrix counts once per variable).
    pub live_elements: usize,
    /// When `tic()` last ran.
    pub stopwatch: Option<Instant>,
}

impl Host {
    /// A host that sends events to `sink`.
    pub fn new(sink: Sink) -> Host {
        Host {
            sink,
            rng: Rng::default(),
            format: Format::default(),
            limits: Limits::default(),
            live_elements: 0,
            stopwatch: None,
        }
    }

    /// Sends text to the sink.
    pub fn print(&mut self, text: String) {
        (self.sink)(Event::Text(text));
    }

    /// Sends a warning to the sink.
    pub fn warn(&mut self, warning: Diagnostic) {
        (self.sink)(Event::Warning(warning));
    }

    /// Refuses a matrix of `rows`×`cols` before it is allocated if it breaks the limit on
    /// one matrix or, together with the variables' matrices, the limit on all of them. A
    /// dimension beyond the limit is refused even when the other is 0 (a 0×10¹⁵ matrix holds
    /// nothing but would still take ages to build).
    pub fn check_alloc(&self, rows: usize, cols: usize, span: Span) -> Fallible<()> {
        let limits = &self.limits;
        let count = rows
            .checked_mul(cols)
            .filter(|_| rows.max(cols) <= limits.max_elements);
        let shape = Shape::new(rows, cols);
        let message = match count {
            _ if rows.max(cols) > limits.max_elements => {
                format!("a {shape} matrix is too large: no dimension may exceed {}", limits.max_elements)
            }
            Some(n) if n > limits.max_elements => {
                format!("a {shape} matrix is too large: the limit is {} elements", limits.max_elements)
            }
            None => format!("a {shape} matrix is too large: the limit is {} elements", limits.max_elements),
            Some(n) if n.saturating_add(self.live_elements) > limits.max_total_elements => format!(
                "a {shape} matrix does not fit: variables already hold {} elements and the limit for all matrices is {}",
                self.live_elements, limits.max_total_elements
            ),
            Some(_) => return Ok(()),
        };
        Err(Diagnostic::error(ErrorKind::Limit, span, message)
            .label(span, "requested here")
            .help("work on smaller pieces, or clear variables you no longer need")
            .boxed())
    }
}
