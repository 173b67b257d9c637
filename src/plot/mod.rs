//! Pictures in the terminal: what a plot builtin asks for (`Options`), the host's terminal
//! settings (`PlotSettings`), and the chart kinds drawn as text. Nothing here runs unless a
//! plot builtin is called.
//!
//! ```text
//! >> plot([1, 4, 9, 16])
//! >> heatmap(magic(4))
//! ```

mod bars;
mod canvas;
mod frame;
mod heatmap;
mod lines;
mod picture;
mod ticks;

pub use lines::Series;
pub use picture::{picture, Format, DEFAULT_SIZE, INLINE_SIZE};

/// What a plot builtin draws.
pub enum Chart<'a> {
    /// `plot`: lines through the points of each series.
    Lines(&'a [Series]),
    /// `scatter`: the points of each series.
    Points(&'a [Series]),
    /// `hist`: counts in equal bins.
    Hist {
        /// The values counted.
        values: &'a [f64],
        /// How many bins.
        bins: usize,
    },
    /// `bar`: one bar per value.
    Bars {
        /// The bars' lengths.
        values: &'a [f64],
    },
    /// `heatmap` of a row-major matrix.
    Heatmap {
        /// Its elements, row by row.
        values: &'a [f64],
        /// Its rows.
        rows: usize,
        /// Its columns.
        cols: usize,
    },
    /// `spy`: where the non-zeros of a row-major matrix are.
    Spy {
        /// Its elements, row by row.
        values: &'a [f64],
        /// Its rows.
        rows: usize,
        /// Its columns.
        cols: usize,
    },
    /// `arrows`: vectors (u, v) from the origin.
    Arrows {
        /// Their x parts.
        us: &'a [f64],
        /// Their y parts.
        vs: &'a [f64],
    },
}

/// The chart as text for the terminal.
pub fn terminal(chart: &Chart, opts: &Options) -> String {
    match chart {
        Chart::Lines(s) => lines::plot(s, opts),
        Chart::Points(s) => lines::scatter(s, opts),
        Chart::Hist { values, bins } => bars::hist(values, *bins, opts),
        Chart::Bars { values } => bars::bar(values, &opts.legend, opts),
        Chart::Heatmap { values, rows, cols } => heatmap::heatmap(values, *rows, *cols, opts),
        Chart::Spy { values, rows, cols } => lines::spy(values, *rows, *cols, opts),
        Chart::Arrows { us, vs } => lines::arrows(us, vs, opts),
    }
}

/// How big terminal plots are and whether they are coloured: the front end sets this from
/// the terminal (its width; colour by the same rule as diagnostics).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlotSettings {
    /// Width of the drawing area in character cells.
    pub width: usize,
    /// Height of the drawing area in character cells.
    pub height: usize,
    /// Colour each series with ANSI escapes.
    pub color: bool,
}

impl Default for PlotSettings {
    /// 60×15 cells, no colour: what a pipe or a test sees.
    fn default() -> PlotSettings {
        PlotSettings {
            width: 60,
            height: 15,
            color: false,
        }
    }
}

/// What one plot call asks for, after its keywords were checked.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// A line above the picture.
    pub title: Option<String>,
    /// A line under the x axis.
    pub xlabel: Option<String>,
    /// A label left of the y axis.
    pub ylabel: Option<String>,
    /// One name per series.
    pub legend: Vec<String>,
    /// Drawing area in cells.
    pub width: usize,
    /// Drawing area in cells.
    pub height: usize,
    /// Fixed x range.
    pub xlim: Option<(f64, f64)>,
    /// Fixed y range.
    pub ylim: Option<(f64, f64)>,
    /// ANSI colour.
    pub color: bool,
}

/// The ANSI colours series take in turn.
const PALETTE: &[u8] = &[34, 31, 32, 35, 36, 33];

/// `text` in the colour of series `k` when colour is on.
fn paint(text: &str, series: usize, color: bool) -> String {
    if color {
        format!("\x1b[{}m{text}\x1b[0m", PALETTE[series % PALETTE.len()])
    } else {
        text.to_string()
    }
}

/// How many values were left out, as the caption says it.
fn left_out(count: usize) -> Option<String> {
    match count {
        0 => None,
        1 => Some("1 NaN/Inf value left out".to_string()),
        n => Some(format!("{n} NaN/Inf values left out")),
    }
}
