//! Horizontal bars drawn with block characters (eighths of a cell): `bar` shows one bar per
//! value, `hist` counts values into equal bins and shows one bar per bin.
//!
//! ```text
//!    1 ┤███████▌ 3.5
//!    2 ┤██▋ 1.2
//! ```

use super::frame::{width as width_of, Frame};
use super::ticks::label;
use super::{left_out, paint, Options};

/// The partial blocks, by eighths.
const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/// A bar `cells` long (fractional) in block characters.
fn blocks(cells: f64) -> String {
    let eighths = (cells * 8.0).round().max(0.0) as usize;
    format!("{}{}", "█".repeat(eighths / 8), EIGHTHS[eighths % 8])
}

/// `bar`: one horizontal bar per value, labelled by `names` (or 1, 2, ...).
pub fn bar(values: &[f64], names: &[String], opts: &Options) -> String {
    let labels: Vec<String> = values.iter().map(|&v| label(v)).collect();
    let rows: Vec<String> = (0..values.len())
        .map(|i| names.get(i).cloned().unwrap_or_else(|| (i + 1).to_string()))
        .collect();
    let dropped = values.iter().filter(|v| !v.is_finite()).count();
    let mut frame = bars(values, &labels, rows, opts);
    if values.is_empty() {
        frame.caption.push("empty input: nothing to draw".into());
    } else if dropped == values.len() {
        frame.caption.push("no finite values to draw".into());
    }
    frame.caption.extend(left_out(dropped));
    frame.render()
}

/// `hist`: counts of the finite values in `bins` equal bins from the smallest to the largest.
pub fn hist(values: &[f64], bins: usize, opts: &Options) -> String {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let dropped = values.len() - finite.len();
    if finite.is_empty() {
        let mut frame = bars(&[], &[], Vec::new(), opts);
        frame.caption.push(if values.is_empty() {
            "empty input: nothing to draw".into()
        } else {
            "no finite values to draw".into()
        });
        frame.caption.extend(left_out(dropped));
        return frame.render();
    }
    let (edges, counts) = binned(&finite, bins);
    let counts: Vec<f64> = counts.iter().map(|&c| c as f64).collect();
    let rows: Vec<String> = (0..bins)
        .map(|k| {
            let close = if k + 1 == bins { ']' } else { ')' };
            format!("[{}, {}{close}", label(edges[k]), label(edges[k + 1]))
        })
        .collect();
    let labels: Vec<String> = counts.iter().map(|&c| label(c)).collect();
    let mut frame = bars(&counts, &labels, rows, opts);
    frame
        .caption
        .push(format!("{} values in {bins} bins", finite.len()));
    frame.caption.extend(left_out(dropped));
    frame.render()
}

/// The edges (`bins + 1`) and counts of `bins` equal bins over the finite values, from the
/// smallest to the largest (a bin of width 1 around a single value; 0 to 1 when none).
pub fn binned(values: &[f64], bins: usize) -> (Vec<f64>, Vec<usize>) {
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let (mut lo, mut hi) = finite
        .clone()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    if lo > hi {
        (lo, hi) = (0.0, 1.0);
    } else if hi <= lo {
        lo -= 0.5;
        hi += 0.5;
    }
    let bins = bins.max(1);
    let step = (hi - lo) / bins as f64;
    let mut counts = vec![0; bins];
    for v in finite {
        counts[(((v - lo) / step).floor() as usize).min(bins - 1)] += 1;
    }
    let edges = (0..=bins).map(|k| lo + k as f64 * step).collect();
    (edges, counts)
}

/// The frame of a bar chart: bars from a zero column (negative ones to its left), each
/// followed by its value.
fn bars(values: &[f64], labels: &[String], rows: Vec<String>, opts: &Options) -> Frame {
    let label_width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let room = opts.width.saturating_sub(label_width + 1).max(1) as f64;
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let lo = finite.clone().fold(0.0f64, f64::min);
    let hi = finite.fold(0.0f64, f64::max);
    let scale = if hi > lo { room / (hi - lo) } else { 0.0 };
    let zero = (-lo * scale).round() as usize;
    let mut body = Vec::new();
    for (v, text) in values.iter().zip(labels) {
        let mut line = String::new();
        let mut used = 0;
        if v.is_finite() && *v < 0.0 {
            let len = ((-v) * scale).round() as usize;
            line.push_str(&" ".repeat(zero - len.min(zero)));
            line.push_str(&paint(&"█".repeat(len.min(zero)), 0, opts.color));
            used = zero;
        } else {
            line.push_str(&" ".repeat(zero));
            used += zero;
            if v.is_finite() && *v > 0.0 {
                let b = blocks(v * scale);
                used += b.chars().count();
                line.push_str(&paint(&b, 0, opts.color));
            }
        }
        line.push(' ');
        line.push_str(text);
        used += 1 + text.chars().count();
        line.push_str(&" ".repeat(opts.width.saturating_sub(used)));
        body.push(line);
    }
    let width = opts.width.max(label_width + zero + 2);
    for line in &mut body {
        let visible = width_of(line);
        line.push_str(&" ".repeat(width.saturating_sub(visible)));
    }
    if body.is_empty() {
        body.push(" ".repeat(width));
    }
    Frame {
        yticks: rows.into_iter().enumerate().collect(),
        ..Frame::new(body, width, opts)
    }
}
