//! Charts on the braille canvas: `plot` (lines), `scatter` (points), `spy` (where the
//! non-zeros are) and `arrows` (columns of a 2×k matrix drawn from the origin).

use super::canvas::Canvas;
use super::frame::Frame;
use super::ticks::{fixed_ticks, label, nice_range};
use super::{left_out, paint, Options};

/// One series: x and y of equal length.
#[derive(Clone, Debug)]
pub struct Series {
    /// Across.
    pub x: Vec<f64>,
    /// Up.
    pub y: Vec<f64>,
}

/// How the points of a series are joined.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Lines,
    Points,
}

/// `plot`: each series as a line; a NaN or Inf breaks the line.
pub fn plot(series: &[Series], opts: &Options) -> String {
    xy_chart(series, opts, Mark::Lines)
}

/// `scatter`: each series as points.
pub fn scatter(series: &[Series], opts: &Options) -> String {
    xy_chart(series, opts, Mark::Points)
}

/// The smallest and largest finite value of `values`, if any.
fn finite_range(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// The range of an axis and its ticks: the fixed limits if given, else round numbers
/// around the data.
fn axis(fixed: Option<(f64, f64)>, data: Option<(f64, f64)>, parts: usize) -> (f64, f64, Vec<f64>) {
    match (fixed, data) {
        (Some((lo, hi)), _) => (lo, hi, fixed_ticks(lo, hi, parts)),
        (None, Some((lo, hi))) => nice_range(lo, hi, parts),
        (None, None) => nice_range(0.0, 1.0, parts),
    }
}

/// Tick labels placed on the canvas's rows and columns.
fn place_ticks(canvas: &Canvas, xs: &[f64], ys: &[f64], frame: &mut Frame) {
    frame.xticks = xs.iter().map(|&t| (canvas.col_of(t), label(t))).collect();
    let mut yticks: Vec<(usize, String)> = Vec::new();
    for &t in ys {
        let row = canvas.row_of(t);
        if yticks.iter().all(|(r, _)| *r != row) {
            yticks.push((row, label(t)));
        }
    }
    frame.yticks = yticks;
}

/// The frame's legend from the options. Where series are numbered on the picture (see
/// [`numbered`]), the legend gives each name its number.
fn dress(frame: &mut Frame, opts: &Options, marker: &str, numbered: bool) {
    frame.legend = opts
        .legend
        .iter()
        .enumerate()
        .map(|(k, name)| match numbered {
            true => format!("{} {} {name}", k + 1, marker),
            false => format!("{} {name}", paint(marker, k, opts.color)),
        })
        .collect();
}

/// Without colour, several series would look alike: each is numbered on the picture, at a
/// point of its own, and the legend names the numbers. `path(k)` walks series k's finite
/// points; series k of n is numbered at the point k/(n+1) of the way along it, so the
/// numbers stand apart. Gives whether the series were numbered.
fn numbered<P: Iterator<Item = (f64, f64)>>(
    canvas: &mut Canvas,
    n: usize,
    path: impl Fn(usize) -> P,
    opts: &Options,
) -> bool {
    if opts.color || !(2..=9).contains(&n) {
        return false;
    }
    for k in 0..n {
        // Walked twice, to count and to the point, rather than copied.
        let len = path(k).count();
        let at = (k + 1) * len.saturating_sub(1) / (n + 1);
        if let Some((x, y)) = path(k).nth(at) {
            let digit = char::from_digit(k as u32 + 1, 10).unwrap_or('?');
            canvas.mark(x, y, digit);
        }
    }
    true
}

fn xy_chart(series: &[Series], opts: &Options, mark: Mark) -> String {
    let points = || {
        series
            .iter()
            .flat_map(|s| s.x.iter().copied().zip(s.y.iter().copied()))
    };
    let total = points().count();
    let finite = |p: &(f64, f64)| p.0.is_finite() && p.1.is_finite();
    let dropped = points().filter(|p| !finite(p)).count();
    let xr = finite_range(points().filter(finite).map(|p| p.0));
    let yr = finite_range(points().filter(finite).map(|p| p.1));
    let (x0, x1, xticks) = axis(opts.xlim, xr, (opts.width / 12).max(2));
    let (y0, y1, yticks) = axis(opts.ylim, yr, (opts.height / 4).max(2));
    let mut canvas = Canvas::new(opts.width, opts.height, (x0, x1), (y0, y1));
    for (k, s) in series.iter().enumerate() {
        let mut last: Option<(f64, f64)> = None;
        for p in s.x.iter().copied().zip(s.y.iter().copied()) {
            if !finite(&p) {
                last = None;
                continue;
            }
            match (mark, last) {
                (Mark::Lines, Some(prev)) => canvas.line(prev, p, k),
                _ => canvas.point(p.0, p.1, k),
            }
            last = Some(p);
        }
    }
    if total == 0 {
        canvas.message("empty input: nothing to draw");
    } else if total == dropped {
        canvas.message("no finite values to draw");
    }
    let path = |k: usize| {
        let s = &series[k];
        s.x.iter().copied().zip(s.y.iter().copied()).filter(finite)
    };
    let numbers = numbered(&mut canvas, series.len(), path, opts);
    let mut frame = Frame::new(canvas.render(opts.color), opts.width, opts);
    place_ticks(&canvas, &xticks, &yticks, &mut frame);
    let marker = if mark == Mark::Lines { "⠤⠤" } else { "⠶" };
    dress(&mut frame, opts, marker, numbers);
    frame.caption.extend(left_out(dropped));
    frame.render()
}

/// `spy`: a dot for each non-zero element; row 1 at the top, as the matrix prints.
/// `values` is row-major, `rows`×`cols`.
pub fn spy(values: &[f64], rows: usize, cols: usize, opts: &Options) -> String {
    // About one cell per column and two rows per cell keeps small matrices square-ish.
    let width = cols.clamp(10, opts.width.max(10));
    let height = rows.div_ceil(2).clamp(4, opts.height.max(4));
    let x = (1.0, cols.max(2) as f64);
    let y = (1.0, rows.max(2) as f64);
    let mut canvas = Canvas::new(width, height, x, y);
    let mut nonzeros = 0;
    let mut dropped = 0;
    for i in 0..rows {
        for j in 0..cols {
            let v = values[i * cols + j];
            if !v.is_finite() {
                dropped += 1;
            }
            if v != 0.0 {
                nonzeros += 1;
                canvas.point((j + 1) as f64, (rows - i) as f64, 0);
            }
        }
    }
    if rows * cols == 0 {
        canvas.message("empty matrix: nothing to draw");
    }
    let mut frame = Frame::new(canvas.render(opts.color), width, opts);
    if rows * cols > 0 {
        frame.yticks = vec![(0, "1".to_string()), (height - 1, rows.to_string())];
        frame.xticks = vec![(0, "1".to_string()), (width - 1, cols.to_string())];
    }
    dress(&mut frame, opts, "⠶", false);
    frame
        .caption
        .push(format!("{rows}×{cols}, {nonzeros} non-zero"));
    if dropped > 0 {
        frame
            .caption
            .push(format!("{dropped} of them NaN or Inf (drawn as non-zero)"));
    }
    frame.render()
}

/// `arrows`: each column (u, v) an arrow from the origin, on axes of equal scale.
pub fn arrows(us: &[f64], vs: &[f64], opts: &Options) -> String {
    let finite: Vec<(f64, f64)> = us
        .iter()
        .copied()
        .zip(vs.iter().copied())
        .filter(|(u, v)| u.is_finite() && v.is_finite())
        .collect();
    let dropped = us.len() - finite.len();
    let reach = finite
        .iter()
        .fold(0.0f64, |m, (u, v)| m.max(u.abs()).max(v.abs()));
    let reach = if reach > 0.0 { reach * 1.1 } else { 1.0 };
    // A braille dot is about square, so equal scale means the x range is the y range
    // stretched by the ratio of dots across to dots down.
    let aspect = (2 * opts.width) as f64 / (4 * opts.height) as f64;
    let default_x = (-reach * aspect.max(1.0), reach * aspect.max(1.0));
    let default_y = (-reach / aspect.min(1.0), reach / aspect.min(1.0));
    let (x0, x1) = opts.xlim.unwrap_or(default_x);
    let (y0, y1) = opts.ylim.unwrap_or(default_y);
    let mut canvas = Canvas::new(opts.width, opts.height, (x0, x1), (y0, y1));
    let origin = canvas.to_dots(0.0, 0.0);
    for (k, &(u, v)) in finite.iter().enumerate() {
        let tip = canvas.to_dots(u, v);
        canvas.line_dots(origin, tip, k);
        let (dx, dy) = (tip.0 - origin.0, tip.1 - origin.1);
        let len = (dx * dx + dy * dy).sqrt();
        if len >= 1.0 {
            let (ux, uy) = (dx / len, dy / len);
            let head = 4.0f64.min(len / 2.0);
            for side in [-1.0, 1.0] {
                // Back along the shaft and out to one side, at about 30 degrees.
                let bx = tip.0 - head * (ux * 0.87 - side * uy * 0.5);
                let by = tip.1 - head * (uy * 0.87 + side * ux * 0.5);
                canvas.line_dots(tip, (bx, by), k);
            }
        }
    }
    let numbers = numbered(
        &mut canvas,
        finite.len(),
        |k| std::iter::once(finite[k]),
        opts,
    );
    if us.is_empty() {
        canvas.message("no vectors to draw");
    } else if finite.is_empty() {
        canvas.message("no finite vectors to draw");
    }
    let mut frame = Frame::new(canvas.render(opts.color), opts.width, opts);
    let xticks = fixed_ticks(x0, x1, (opts.width / 8).max(3));
    let yticks = fixed_ticks(y0, y1, (opts.height / 4).max(3));
    place_ticks(&canvas, &xticks, &yticks, &mut frame);
    dress(&mut frame, opts, "⟶", numbers);
    frame.caption.extend(left_out(dropped));
    frame.render()
}
