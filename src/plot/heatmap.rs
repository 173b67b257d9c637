//! `heatmap`: each element a block two cells wide (larger for a small matrix), shaded (or coloured) by value, rows top
//! to bottom as the matrix prints, with a colour bar and the value range. A matrix bigger
//! than the area is sampled.

use super::frame::Frame;
use super::ticks::label;
use super::{left_out, Options};

/// Shades from low to high when colour is off.
const SHADES: [char; 5] = ['·', '░', '▒', '▓', '█'];

/// xterm-256 colours from dark blue through green to yellow (close to viridis).
const RAMP: [u8; 10] = [54, 61, 67, 73, 72, 78, 114, 150, 186, 226];

/// One element's two cells for level `t` in 0..=1.
fn cell(t: f64, color: bool) -> String {
    if color {
        let k = ((t * (RAMP.len() - 1) as f64).round() as usize).min(RAMP.len() - 1);
        format!("\x1b[38;5;{}m██\x1b[0m", RAMP[k])
    } else {
        let k = ((t * (SHADES.len() - 1) as f64).round() as usize).min(SHADES.len() - 1);
        SHADES[k].to_string().repeat(2)
    }
}

/// `heatmap` of a row-major `rows`×`cols` matrix.
pub fn heatmap(values: &[f64], rows: usize, cols: usize, opts: &Options) -> String {
    let shown_cols = cols.min((opts.width / 2).max(1));
    let shown_rows = rows.min(opts.height.max(1));
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let lo = finite.clone().fold(f64::INFINITY, f64::min);
    let hi = finite.fold(f64::NEG_INFINITY, f64::max);
    let dropped = values.iter().filter(|v| !v.is_finite()).count();
    let level = |v: f64| if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
    // A small matrix is drawn larger: each element a block of `scale` rows and 2·`scale`
    // columns (up to 4 and 8), as large as the area allows.
    let scale = if shown_rows == rows && shown_cols == cols && rows * cols > 0 {
        (opts.width / (2 * cols))
            .min(opts.height / rows)
            .clamp(1, 4)
    } else {
        1
    };
    let mut body = Vec::new();
    for r in 0..shown_rows {
        let i = r * rows / shown_rows;
        let mut line = String::new();
        for c in 0..shown_cols {
            let v = values[i * cols + c * cols / shown_cols];
            let block = if v.is_finite() {
                cell(level(v), opts.color)
            } else {
                "  ".to_string()
            };
            line.push_str(&block.repeat(scale));
        }
        body.extend(std::iter::repeat_n(line, scale));
    }
    let width = 2 * shown_cols * scale;
    let height = shown_rows * scale;
    let mut frame = Frame::new(body, width, opts);
    if rows * cols == 0 {
        frame.body = vec![" ".repeat(24)];
        frame.cols = 24;
        frame.caption.push("empty matrix: nothing to draw".into());
        return frame.render();
    }
    // Ticks at the middle of the first and last blocks.
    let middle = scale / 2;
    frame.yticks = vec![
        (middle, "1".into()),
        (height - 1 - middle, rows.to_string()),
    ];
    frame.xticks = vec![(scale - 1, "1".into()), (width - scale, cols.to_string())];
    if lo <= hi {
        // The colour bar: high at the top, low at the bottom, the range beside it.
        let steps = height.max(2);
        frame.side = (0..height)
            .map(|r| {
                let t = 1.0 - r as f64 / (steps - 1) as f64;
                let bar = cell(t, opts.color);
                match r {
                    0 => format!("{bar} {}", label(hi)),
                    _ if r == height - 1 => format!("{bar} {}", label(lo)),
                    _ => bar,
                }
            })
            .collect();
        if height == 1 {
            frame.side = vec![format!("{} {}", cell(1.0, opts.color), label(hi))];
        }
        frame.caption.push(format!(
            "{rows}×{cols}, values from {} to {}",
            label(lo),
            label(hi)
        ));
    } else {
        frame.caption.push("no finite values to draw".into());
    }
    if shown_rows < rows || shown_cols < cols {
        frame.caption.push(format!(
            "sampled to {shown_rows}×{shown_cols} to fit; width= and height= show more"
        ));
    }
    frame.caption.extend(left_out(dropped));
    frame.render()
}
