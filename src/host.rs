//! What a running program may touch outside its own values: where output goes, the random
//! number generator, the display format and resource limits. Builtins reach the world only
//! through this.

use std::time::Instant;

use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::files::FileAccess;
use crate::globals::{elements, Globals};
use crate::limits::Limits;
use crate::plot::PlotSettings;
use crate::rng::Rng;
use crate::source::Span;
use crate::value::{Shape, Value};

/// Something the program produced for the host to show.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// Text from `print` or a shown value, ending in a newline.
    Text(String),
    /// A warning that did not stop the program.
    Warning(Diagnostic),
    /// A value a top-level statement showed, sent instead of its `Text` when the host asked
    /// for rich output (`Interpreter::set_rich_output`), so that it can show the value its
    /// own way (a notebook typesets matrices).
    Shown {
        /// The name it was shown under (`x`, `ans`, `ans[2]`).
        name: String,
        /// The value.
        value: Value,
        /// What the REPL prints for it, ending in a newline.
        text: String,
        /// The display format it was shown in (for a typeset form with the same digits).
        format: Format,
    },
    /// A picture a plot drew, sent instead of the text drawing when the host asked for rich
    /// output.
    Picture {
        /// `"image/svg+xml"` or `"image/png"`.
        mime: &'static str,
        /// The SVG text or the PNG file's bytes.
        data: Vec<u8>,
        /// The plot drawn as text (without colour), for a host that cannot show pictures.
        text: String,
    },
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
    /// Which files `load`, `save` and plot files may touch (off unless the host allows).
    pub files: FileAccess,
    /// Size and colour of terminal plots.
    pub plot: PlotSettings,
    /// Send shown values as `Event::Shown` and plots as `Event::Picture`.
    pub rich: bool,
    /// The top-level variables, which count their own elements.
    pub(crate) globals: Globals,
    /// Elements held by the variables of running user functions.
    pub(crate) locals: usize,
    /// Elements held by values being computed: operands waiting for their partner,
    /// arguments waiting for the call (see `hold`).
    pub(crate) temporaries: usize,
    /// When `tic()` last ran.
    pub stopwatch: Option<Instant>,
    /// The arguments after the script's name on the command line (`nargs()`, `arg(k)`).
    pub script_args: Vec<String>,
}

impl Host {
    /// A host that sends events to `sink`.
    pub fn new(sink: Sink) -> Host {
        Host {
            sink,
            rng: Rng::default(),
            format: Format::default(),
            limits: Limits::default(),
            files: FileAccess::Off,
            script_args: Vec::new(),
            plot: PlotSettings::default(),
            rich: false,
            globals: Globals::default(),
            locals: 0,
            temporaries: 0,
            stopwatch: None,
        }
    }

    /// Sends text to the sink.
    pub fn print(&mut self, text: String) {
        (self.sink)(Event::Text(text));
    }

    /// Sends a picture to the sink (hosts with rich output only).
    pub fn picture(&mut self, mime: &'static str, data: Vec<u8>, text: String) {
        (self.sink)(Event::Picture { mime, data, text });
    }

    /// Sends a warning to the sink.
    pub fn warn(&mut self, warning: Diagnostic) {
        (self.sink)(Event::Warning(warning));
    }

    /// Counts `value` as alive while more is computed (the left operand while the right one
    /// is evaluated, earlier arguments while later ones are); returns what was added, for
    /// `release`. A matrix shared with a variable is already counted there.
    #[inline]
    pub(crate) fn hold(&mut self, value: &Value) -> usize {
        use std::sync::Arc;
        let n = match value {
            Value::Matrix(m) if Arc::strong_count(m) == 1 => elements(value),
            Value::ComplexMatrix(m) if Arc::strong_count(m) == 1 => elements(value),
            _ => 0,
        };
        self.temporaries = self.temporaries.saturating_add(n);
        n
    }

    /// Stops counting what `hold` added.
    #[inline]
    pub(crate) fn release(&mut self, held: usize) {
        self.temporaries = self.temporaries.saturating_sub(held);
    }

    /// Whether matrices of up to `largest` elements, `room` elements in all, would pass
    /// `check_alloc` on top of what is alive now (a compiled loop that holds small matrices
    /// runs only then, so it never meets a limit the evaluator would).
    pub(crate) fn has_room(&self, largest: usize, room: usize) -> bool {
        room == 0
            || (largest <= self.limits.max_elements
                && self.in_use().saturating_add(room) <= self.limits.max_total_elements)
    }

    /// Elements alive now: variables, running functions' locals and values being computed.
    fn in_use(&self) -> usize {
        self.globals
            .elements()
            .saturating_add(self.locals)
            .saturating_add(self.temporaries)
    }

    /// Refuses a matrix of `rows`×`cols` before it is allocated if it breaks the limit on
    /// one matrix or, together with every matrix alive (variables and values being
    /// computed), the limit on all of them; or if the operating system would refuse the
    /// memory. A dimension beyond the limit is refused even when the other is 0 (a 0×10¹⁵
    /// matrix holds nothing but would still take ages to build).
    pub fn check_alloc(&self, rows: usize, cols: usize, span: Span) -> Fallible<()> {
        let limits = &self.limits;
        let count = rows
            .checked_mul(cols)
            .filter(|_| rows.max(cols) <= limits.max_elements);
        let shape = Shape::new(rows, cols);
        let in_use = self.in_use();
        let message = match count {
            _ if rows.max(cols) > limits.max_elements => {
                format!(
                    "a {shape} matrix is too large: no dimension may exceed {}",
                    limits.max_elements
                )
            }
            Some(n) if n > limits.max_elements => {
                format!(
                    "a {shape} matrix is too large: the limit is {} elements",
                    limits.max_elements
                )
            }
            None => format!(
                "a {shape} matrix is too large: the limit is {} elements",
                limits.max_elements
            ),
            Some(n) if n.saturating_add(in_use) > limits.max_total_elements => {
                let variables = self.globals.elements();
                let computing = in_use - variables;
                let held = match (variables, computing) {
                    (_, 0) => format!("variables already hold {variables} elements"),
                    (0, _) => format!("the values being computed already hold {computing} elements"),
                    _ => format!(
                        "variables hold {variables} elements and the values being computed {computing}"
                    ),
                };
                format!(
                    "a {shape} matrix does not fit: {held}, and the limit for all matrices is {}",
                    limits.max_total_elements
                )
            }
            Some(n) => match memory_refused(n) {
                None => return Ok(()),
                Some(bytes) => {
                    return Err(Diagnostic::error(
                        ErrorKind::Limit,
                        span,
                        format!(
                            "out of memory: the system refused the {} a {shape} matrix needs",
                            gigabytes(bytes)
                        ),
                    )
                    .label(span, "requested here")
                    .help("work on smaller pieces, or clear variables you no longer need")
                    .boxed())
                }
            },
        };
        Err(Diagnostic::error(ErrorKind::Limit, span, message)
            .label(span, "requested here")
            .help("work on smaller pieces, or clear variables you no longer need")
            .boxed())
    }
}

/// Matrices at least this large are first asked of the operating system, so that a refusal
/// (a `ulimit -v`, a container's limit) is a diagnostic instead of a crash inside faer.
const PROBE_BYTES: usize = 64 << 20;

/// For a large matrix of `n` numbers: the bytes the system refuses to give, if it does. The
/// probe maps the memory without touching it and gives it straight back, so it costs a few
/// microseconds against the seconds it takes to fill that much.
fn memory_refused(n: usize) -> Option<usize> {
    let bytes = n.saturating_mul(std::mem::size_of::<f64>());
    if bytes < PROBE_BYTES {
        return None;
    }
    // Asked as a plain vector: an over-aligned request can be granted where the matrix's
    // own is then refused (seen with `ulimit -v`).
    let mut probe: Vec<f64> = Vec::new();
    probe.try_reserve_exact(n).is_err().then_some(bytes)
}

/// A byte count for people: `9.8 GB`, `512 MB`.
fn gigabytes(bytes: usize) -> String {
    let gb = bytes as f64 / 1e9;
    if gb >= 1.0 {
        format!("{gb:.1} GB")
    } else {
        format!("{:.0} MB", bytes as f64 / 1e6)
    }
}
