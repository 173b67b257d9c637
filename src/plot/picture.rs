//! Pictures as files: the same charts as the terminal ones, drawn by `plotters` (the one
//! place that crate is used) as SVG or, through its bitmap back end and the `png` encoder,
//! as PNG. Text is set in DejaVu Sans, shipped in assets/fonts and registered with plotters
//! the first time a picture is drawn, so no system font or C library is needed.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};

use super::{Chart, Options, Series};

/// The file formats a picture can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Scalable vector graphics.
    Svg,
    /// A PNG bitmap.
    Png,
}

impl Format {
    /// The format a file name's extension asks for.
    pub fn of_name(name: &str) -> Option<Format> {
        let ext = std::path::Path::new(name).extension()?.to_str()?;
        match ext.to_ascii_lowercase().as_str() {
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            _ => None,
        }
    }

    /// The MIME type of a picture in this format.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Svg => "image/svg+xml",
            Format::Png => "image/png",
        }
    }
}

/// The default size of a picture in pixels.
pub const DEFAULT_SIZE: (usize, usize) = (800, 500);

/// The default size in pixels of a picture a notebook shows: about as wide as its output
/// area, so it is not cut off.
pub const INLINE_SIZE: (usize, usize) = (640, 400);

/// Series colours (the ten of matplotlib's "tab10").
const COLORS: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

/// Viridis at five points, from low to high.
const VIRIDIS: [(f64, f64, f64); 5] = [
    (68.0, 1.0, 84.0),
    (59.0, 82.0, 139.0),
    (33.0, 145.0, 140.0),
    (94.0, 201.0, 98.0),
    (253.0, 231.0, 37.0),
];

const FONT: &str = "sans-serif";

/// Draws `chart` as a picture of `size` pixels in `format`.
pub fn picture(
    chart: &Chart,
    opts: &Options,
    size: (usize, usize),
    format: Format,
) -> Result<Vec<u8>, String> {
    register();
    let (w, h) = (size.0 as u32, size.1 as u32);
    match format {
        Format::Svg => {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
                draw(&root, chart, opts)?;
                root.present().map_err(|e| e.to_string())?;
            }
            Ok(svg.into_bytes())
        }
        Format::Png => {
            let mut pixels = vec![0u8; size.0 * size.1 * 3];
            {
                let root = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
                draw(&root, chart, opts)?;
                root.present().map_err(|e| e.to_string())?;
            }
            let mut png = Vec::new();
            let mut encoder = png::Encoder::new(&mut png, w, h);
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_depth(png::BitDepth::Eight);
            // A chart is mostly flat colour: the best compression with a filter chosen per
            // line makes its file several times smaller, at a few milliseconds.
            encoder.set_compression(png::Compression::Best);
            encoder.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
            let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
            writer
                .write_image_data(&pixels)
                .map_err(|e| e.to_string())?;
            writer.finish().map_err(|e| e.to_string())?;
            Ok(png)
        }
    }
}

/// Registers the shipped font once.
fn register() {
    static DONE: std::sync::Once = std::sync::Once::new();
    DONE.call_once(|| {
        let bytes: &'static [u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
        // The font is a fixed part of the binary: it parses, or the tests fail.
        let _ = register_font(FONT, FontStyle::Normal, bytes);
    });
}

type Area<DB> = DrawingArea<DB, Shift>;

fn fail<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

fn draw<DB: DrawingBackend>(root: &Area<DB>, chart: &Chart, opts: &Options) -> Result<(), String> {
    root.fill(&WHITE).map_err(fail)?;
    let (area, notes) = with_notes(root, chart);
    match chart {
        Chart::Lines(series) => xy(&area, series, opts, false)?,
        Chart::Points(series) => xy(&area, series, opts, true)?,
        Chart::Hist { values, bins } => hist(&area, values, *bins, opts)?,
        Chart::Bars { values } => bars(&area, values, opts)?,
        Chart::Heatmap { values, rows, cols } => heatmap(&area, values, *rows, *cols, opts)?,
        Chart::Spy { values, rows, cols } => spy(&area, values, *rows, *cols, opts)?,
        Chart::Arrows { us, vs } => arrows(&area, us, vs, opts)?,
    }
    if let Some((strip, text)) = notes {
        strip
            .draw_text(&text, &(FONT, 15).into_font().color(&BLACK), (12, 4))
            .map_err(fail)?;
    }
    Ok(())
}

/// The area for the chart and, when values were left out or there is nothing to draw, a
/// strip under it with the note the terminal picture puts in its caption.
fn with_notes<DB: DrawingBackend>(
    root: &Area<DB>,
    chart: &Chart,
) -> (Area<DB>, Option<(Area<DB>, String)>) {
    let values: Vec<f64> = match chart {
        Chart::Lines(s) | Chart::Points(s) => s.iter().flat_map(|s| s.y.clone()).collect(),
        Chart::Hist { values, .. } | Chart::Bars { values } => values.to_vec(),
        Chart::Heatmap { values, .. } | Chart::Spy { values, .. } => values.to_vec(),
        Chart::Arrows { us, vs } => us.iter().chain(vs.iter()).copied().collect(),
    };
    let dropped = values.iter().filter(|v| !v.is_finite()).count();
    let mut notes = Vec::new();
    if values.is_empty() {
        notes.push("empty input: nothing to draw".to_string());
    } else if dropped == values.len() {
        notes.push("no finite values to draw".to_string());
    }
    notes.extend(super::left_out(dropped));
    if notes.is_empty() {
        return (root.clone(), None);
    }
    let (_, h) = root.dim_in_pixel();
    let (top, bottom) = root.split_vertically(h.saturating_sub(28));
    (top, Some((bottom, notes.join("; "))))
}

/// Tick labels for an axis over `range`, as the terminal writes them (`2`, `0.5`,
/// `1e+06`): a tick that is round-off away from zero (plotters steps to `-2.22e-16`) is
/// `0`, never `-0`.
fn ticks((lo, hi): (f64, f64)) -> impl Fn(&f64) -> String {
    let tiny = (hi - lo).abs() * 1e-9;
    move |x: &f64| super::ticks::label(if x.abs() <= tiny { 0.0 } else { *x })
}

/// The smallest and largest finite values, widened when they are equal; (0, 1) if none.
fn range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    if lo > hi {
        (0.0, 1.0)
    } else if lo == hi {
        (lo - 0.5, hi + 0.5)
    } else {
        let pad = (hi - lo) * 0.03;
        (lo - pad, hi + pad)
    }
}

/// A chart builder with the title and the label areas.
fn builder<'a, 'b, DB: DrawingBackend>(
    area: &'a Area<DB>,
    opts: &Options,
) -> ChartBuilder<'a, 'b, DB> {
    let mut b = ChartBuilder::on(area);
    b.margin(16).x_label_area_size(48).y_label_area_size(72);
    if let Some(title) = &opts.title {
        b.caption(title, (FONT, 22));
    }
    b
}

fn xy<DB: DrawingBackend>(
    area: &Area<DB>,
    series: &[Series],
    opts: &Options,
    points: bool,
) -> Result<(), String> {
    let xs = opts
        .xlim
        .unwrap_or_else(|| range(series.iter().flat_map(|s| s.x.iter().copied())));
    let ys = opts
        .ylim
        .unwrap_or_else(|| range(series.iter().flat_map(|s| s.y.iter().copied())));
    let mut chart = builder(area, opts)
        .build_cartesian_2d(xs.0..xs.1, ys.0..ys.1)
        .map_err(fail)?;
    let (x_ticks, y_ticks) = (ticks(xs), ticks(ys));
    let mut mesh = chart.configure_mesh();
    mesh.label_style((FONT, 14))
        .x_label_formatter(&x_ticks)
        .y_label_formatter(&y_ticks);
    if let Some(l) = &opts.xlabel {
        mesh.x_desc(l);
    }
    if let Some(l) = &opts.ylabel {
        mesh.y_desc(l);
    }
    mesh.draw().map_err(fail)?;
    for (k, s) in series.iter().enumerate() {
        let color = COLORS[k % COLORS.len()];
        let finite: Vec<(f64, f64)> =
            s.x.iter()
                .zip(&s.y)
                .map(|(&x, &y)| (x, y))
                .filter(|(x, y)| x.is_finite() && y.is_finite())
                .collect();
        let drawn = if points {
            chart
                .draw_series(finite.iter().map(|&p| Circle::new(p, 3, color.filled())))
                .map_err(fail)?
        } else {
            // A NaN or Inf breaks the line: one path per run of finite points.
            let runs = runs(&s.x, &s.y);
            chart
                .draw_series(
                    runs.into_iter()
                        .map(|run| PathElement::new(run, color.stroke_width(2))),
                )
                .map_err(fail)?
        };
        if let Some(name) = opts.legend.get(k) {
            drawn
                .label(name.clone())
                .legend(move |(x, y)| sample(x, y, color));
        }
    }
    let lines = series.iter().map(|s| {
        s.x.iter()
            .zip(&s.y)
            .map(|(&x, &y)| (x, y))
            .collect::<Vec<_>>()
    });
    legend(&mut chart, area, opts, lines, (xs, ys))
}

/// A chart with numbers on both axes.
type Plane<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A series' sample in the legend: a short thick line in its colour.
fn sample(x: i32, y: i32, color: RGBColor) -> PathElement<(i32, i32)> {
    PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(3))
}

/// Draws the legend of the labelled series, if there is one, in the corner of the plot
/// (of ranges `xs`, `ys`) that hides the least of `paths`.
fn legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut Plane<'a, DB>,
    area: &Area<DB>,
    opts: &Options,
    paths: impl Iterator<Item = Vec<(f64, f64)>>,
    (xs, ys): ((f64, f64), (f64, f64)),
) -> Result<(), String> {
    if opts.legend.is_empty() {
        return Ok(());
    }
    let corner = legend_corner(paths, xs, ys, legend_box(area, opts));
    chart
        .configure_series_labels()
        .position(corner)
        .label_font((FONT, 14))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(fail)?;
    Ok(())
}

/// The size of the legend's box as fractions of the plot's width and height (about: the
/// plot is the area less its margins, an entry a line of 14-pixel text after a sample).
fn legend_box<DB: DrawingBackend>(area: &Area<DB>, opts: &Options) -> (f64, f64) {
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (
        w.saturating_sub(100).max(1) as f64,
        h.saturating_sub(90).max(1) as f64,
    );
    let longest = opts
        .legend
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    let width = (60.0 + 8.0 * longest as f64) / w;
    let height = (20.0 + 20.0 * opts.legend.len() as f64) / h;
    (width.min(0.9), height.min(0.9))
}

/// The corner of the plot where a legend box of `size` (fractions of the plot) hides the
/// least of the lines through `paths` (points sampled along each segment), as matplotlib's
/// "best": upper right, upper left, lower right, lower left, in that order when they tie.
fn legend_corner(
    paths: impl Iterator<Item = Vec<(f64, f64)>>,
    xs: (f64, f64),
    ys: (f64, f64),
    size: (f64, f64),
) -> SeriesLabelPosition {
    let (width, depth) = size;
    let mut hidden = [0usize; 4];
    let mut count = |x: f64, y: f64| {
        let fx = (x - xs.0) / (xs.1 - xs.0);
        let fy = (y - ys.0) / (ys.1 - ys.0);
        if !(fx.is_finite() && fy.is_finite()) {
            return;
        }
        let (right, left) = (fx >= 1.0 - width, fx <= width);
        let (top, bottom) = (fy >= 1.0 - depth, fy <= depth);
        for (k, inside) in [right && top, left && top, right && bottom, left && bottom]
            .into_iter()
            .enumerate()
        {
            hidden[k] += usize::from(inside);
        }
    };
    for path in paths {
        for pair in path.windows(2) {
            let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
            for step in 0..8 {
                let t = step as f64 / 8.0;
                count(x0 + t * (x1 - x0), y0 + t * (y1 - y0));
            }
        }
        if let Some(&(x, y)) = path.last() {
            count(x, y);
        }
    }
    let best = (0..4).min_by_key(|&k| hidden[k]).unwrap_or(0);
    [
        SeriesLabelPosition::UpperRight,
        SeriesLabelPosition::UpperLeft,
        SeriesLabelPosition::LowerRight,
        SeriesLabelPosition::LowerLeft,
    ][best]
        .clone()
}

/// The runs of consecutive finite points.
fn runs(x: &[f64], y: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let mut found = vec![Vec::new()];
    for (&a, &b) in x.iter().zip(y) {
        if a.is_finite() && b.is_finite() {
            found.last_mut().expect("one run at least").push((a, b));
        } else if !found.last().is_some_and(Vec::is_empty) {
            found.push(Vec::new());
        }
    }
    found.retain(|r| !r.is_empty());
    found
}

fn hist<DB: DrawingBackend>(
    area: &Area<DB>,
    values: &[f64],
    bins: usize,
    opts: &Options,
) -> Result<(), String> {
    let (edges, counts) = super::bars::binned(values, bins);
    let top = counts.iter().copied().max().unwrap_or(0).max(1) as f64 * 1.05;
    let xs = (edges[0], edges[edges.len() - 1]);
    let mut chart = builder(area, opts)
        .build_cartesian_2d(xs.0..xs.1, 0.0..top)
        .map_err(fail)?;
    let (x_ticks, y_ticks) = (ticks(xs), ticks((0.0, top)));
    let mut mesh = chart.configure_mesh();
    mesh.label_style((FONT, 14))
        .x_label_formatter(&x_ticks)
        .y_label_formatter(&y_ticks)
        .y_desc(opts.ylabel.as_deref().unwrap_or("count"));
    if let Some(l) = &opts.xlabel {
        mesh.x_desc(l);
    }
    mesh.draw().map_err(fail)?;
    let color = COLORS[0];
    chart
        .draw_series(counts.iter().enumerate().map(|(k, &c)| {
            Rectangle::new([(edges[k], 0.0), (edges[k + 1], c as f64)], color.filled())
        }))
        .map_err(fail)?;
    chart
        .draw_series(counts.iter().enumerate().map(|(k, &c)| {
            Rectangle::new(
                [(edges[k], 0.0), (edges[k + 1], c as f64)],
                WHITE.stroke_width(1),
            )
        }))
        .map_err(fail)?;
    Ok(())
}

fn bars<DB: DrawingBackend>(area: &Area<DB>, values: &[f64], opts: &Options) -> Result<(), String> {
    let n = values.len();
    let (lo, hi) = range(values.iter().copied().chain([0.0]));
    let names: Vec<String> = (0..n)
        .map(|i| {
            opts.legend
                .get(i)
                .cloned()
                .unwrap_or_else(|| (i + 1).to_string())
        })
        .collect();
    // Bar i is drawn at height n − 1 − i, so the first is at the top, as in the terminal.
    let mut chart = builder(area, opts)
        .build_cartesian_2d(lo..hi, -0.5..(n.max(1) as f64 - 0.5))
        .map_err(fail)?;
    let label = |y: &f64| {
        let k = (n as f64 - 1.0 - y.round()) as isize;
        if (y - y.round()).abs() < 1e-6 && k >= 0 && (k as usize) < n {
            names[k as usize].clone()
        } else {
            String::new()
        }
    };
    let x_ticks = ticks((lo, hi));
    let mut mesh = chart.configure_mesh();
    mesh.label_style((FONT, 14))
        .x_label_formatter(&x_ticks)
        .y_labels(n.clamp(1, 40))
        .y_label_formatter(&label)
        .disable_y_mesh();
    if let Some(l) = &opts.xlabel {
        mesh.x_desc(l);
    }
    mesh.draw().map_err(fail)?;
    chart
        .draw_series(
            values
                .iter()
                .enumerate()
                .filter(|(_, v)| v.is_finite())
                .map(|(i, &v)| {
                    let y = (n - 1 - i) as f64;
                    Rectangle::new([(0.0, y - 0.35), (v, y + 0.35)], COLORS[0].filled())
                }),
        )
        .map_err(fail)?;
    Ok(())
}

/// Viridis at `t` in 0..=1.
fn viridis(t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0) * (VIRIDIS.len() - 1) as f64;
    let k = (t.floor() as usize).min(VIRIDIS.len() - 2);
    let f = t - k as f64;
    let (a, b) = (VIRIDIS[k], VIRIDIS[k + 1]);
    let mix = |p: f64, q: f64| (p + (q - p) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The most cells a picture's heat map draws per side; larger matrices are sampled.
const MAX_CELLS: usize = 200;

fn heatmap<DB: DrawingBackend>(
    area: &Area<DB>,
    values: &[f64],
    rows: usize,
    cols: usize,
    opts: &Options,
) -> Result<(), String> {
    let (w, _) = area.dim_in_pixel();
    let (left, right) = area.split_horizontally(w.saturating_sub(110));
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let lo = finite.clone().fold(f64::INFINITY, f64::min);
    let hi = finite.fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (0.0, 1.0) };
    let level = |v: f64| if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
    let (shown_rows, shown_cols) = (rows.clamp(1, MAX_CELLS), cols.clamp(1, MAX_CELLS));
    // Cell (r, c) is centred on (c + 1, −(r + 1)): whole-number ticks fall on cell centres,
    // round ones on round rows, and labels give the matrix's row (from the top) and column.
    let mut chart = builder(&left, opts)
        .build_cartesian_2d(
            0.5..shown_cols as f64 + 0.5,
            -(shown_rows as f64) - 0.5..-0.5,
        )
        .map_err(fail)?;
    let row_label = |y: &f64| {
        let r = -y - 1.0;
        super::ticks::label((r * rows as f64 / shown_rows as f64).floor() + 1.0)
    };
    let col_label =
        |x: &f64| super::ticks::label(((x - 1.0) * cols as f64 / shown_cols as f64).floor() + 1.0);
    chart
        .configure_mesh()
        .disable_mesh()
        .label_style((FONT, 14))
        .x_labels(shown_cols.min(12))
        .y_labels(shown_rows.min(12))
        .x_label_formatter(&col_label)
        .y_label_formatter(&row_label)
        .draw()
        .map_err(fail)?;
    if rows > 0 && cols > 0 {
        chart
            .draw_series(
                (0..shown_rows)
                    .flat_map(|r| (0..shown_cols).map(move |c| (r, c)))
                    .map(|(r, c)| {
                        let v = values[(r * rows / shown_rows) * cols + c * cols / shown_cols];
                        let color = if v.is_finite() {
                            viridis(level(v))
                        } else {
                            RGBColor(220, 220, 220)
                        };
                        let (x, y) = (c as f64 + 0.5, -(r as f64) - 1.5);
                        Rectangle::new([(x, y), (x + 1.0, y + 1.0)], color.filled())
                    }),
            )
            .map_err(fail)?;
    }
    // The colour bar, with the values it stands for.
    let mut bar = ChartBuilder::on(&right)
        .margin_top(if opts.title.is_some() { 50 } else { 16 })
        .margin_bottom(48 + 16)
        .margin_right(8)
        .y_label_area_size(70)
        .build_cartesian_2d(0.0..1.0, lo..hi.max(lo + f64::EPSILON))
        .map_err(fail)?;
    let bar_ticks = ticks((lo, hi));
    bar.configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .label_style((FONT, 13))
        .y_label_formatter(&bar_ticks)
        .draw()
        .map_err(fail)?;
    let steps = 64;
    bar.draw_series((0..steps).map(|k| {
        let a = lo + (hi - lo) * k as f64 / steps as f64;
        let b = lo + (hi - lo) * (k + 1) as f64 / steps as f64;
        Rectangle::new(
            [(0.0, a), (1.0, b)],
            viridis(k as f64 / (steps - 1) as f64).filled(),
        )
    }))
    .map_err(fail)?;
    Ok(())
}

fn spy<DB: DrawingBackend>(
    area: &Area<DB>,
    values: &[f64],
    rows: usize,
    cols: usize,
    opts: &Options,
) -> Result<(), String> {
    // Element (i, j) is at (j + 1, −(i + 1)): whole-number ticks name rows and columns,
    // round ones round rows.
    let mut chart = builder(area, opts)
        .build_cartesian_2d(
            0.5..cols.max(1) as f64 + 0.5,
            -(rows.max(1) as f64) - 0.5..-0.5,
        )
        .map_err(fail)?;
    let col_label = ticks((0.0, cols.max(1) as f64));
    let row_label = |y: &f64| col_label(&-y);
    chart
        .configure_mesh()
        .disable_mesh()
        .label_style((FONT, 14))
        .x_labels(cols.clamp(1, 12))
        .y_labels(rows.clamp(1, 12))
        .x_label_formatter(&col_label)
        .y_label_formatter(&row_label)
        .draw()
        .map_err(fail)?;
    let radius = ((area.dim_in_pixel().0 as usize / cols.max(1)) / 3).clamp(1, 6) as i32;
    chart
        .draw_series(
            (0..rows)
                .flat_map(|i| (0..cols).map(move |j| (i, j)))
                .filter(|&(i, j)| values[i * cols + j] != 0.0)
                .map(|(i, j)| {
                    let p = (j as f64 + 1.0, -(i as f64) - 1.0);
                    Circle::new(p, radius, COLORS[0].filled())
                }),
        )
        .map_err(fail)?;
    Ok(())
}

fn arrows<DB: DrawingBackend>(
    area: &Area<DB>,
    us: &[f64],
    vs: &[f64],
    opts: &Options,
) -> Result<(), String> {
    let reach = us
        .iter()
        .chain(vs)
        .filter(|v| v.is_finite())
        .fold(1e-12f64, |m, v| m.max(v.abs()))
        * 1.15;
    // Equal scale: the wider side of the area gets the wider range.
    let (w, h) = area.dim_in_pixel();
    let aspect = (w.saturating_sub(100).max(1)) as f64 / (h.saturating_sub(80).max(1)) as f64;
    let (xr, yr) = if aspect >= 1.0 {
        (reach * aspect, reach)
    } else {
        (reach, reach / aspect)
    };
    let xr = opts.xlim.unwrap_or((-xr, xr));
    let yr = opts.ylim.unwrap_or((-yr, yr));
    let mut chart = builder(area, opts)
        .build_cartesian_2d(xr.0..xr.1, yr.0..yr.1)
        .map_err(fail)?;
    let (x_ticks, y_ticks) = (ticks(xr), ticks(yr));
    chart
        .configure_mesh()
        .label_style((FONT, 14))
        .x_label_formatter(&x_ticks)
        .y_label_formatter(&y_ticks)
        .draw()
        .map_err(fail)?;
    let head = reach * 0.06;
    for (k, (&u, &v)) in us.iter().zip(vs).enumerate() {
        if !(u.is_finite() && v.is_finite()) {
            continue;
        }
        let color = COLORS[k % COLORS.len()];
        let angle = v.atan2(u);
        let wing = |turn: f64| {
            let a = angle + std::f64::consts::PI + turn;
            (u + head * a.cos(), v + head * a.sin())
        };
        let path = vec![(0.0, 0.0), (u, v), wing(0.45), (u, v), wing(-0.45)];
        let drawn = chart
            .draw_series(std::iter::once(PathElement::new(
                path,
                color.stroke_width(2),
            )))
            .map_err(fail)?;
        if let Some(name) = opts.legend.get(k) {
            drawn
                .label(name.clone())
                .legend(move |(x, y)| sample(x, y, color));
        }
    }
    let arrows = us.iter().zip(vs).map(|(&u, &v)| vec![(0.0, 0.0), (u, v)]);
    legend(&mut chart, area, opts, arrows, (xr, yr))
}
