//! A braille canvas: each character cell holds 2×4 dots, so a 60×15 cell picture has
//! 120×60 dots. Dots are set in data coordinates; each cell remembers the last series that
//! drew in it, for colour.

use super::paint;

/// The bit of the braille dot at column `c` (0..2), row `r` (0..4) of a cell.
const DOT: [[u8; 4]; 2] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]];

/// A grid of braille cells over a data range.
pub struct Canvas {
    cols: usize,
    rows: usize,
    x: (f64, f64),
    y: (f64, f64),
    bits: Vec<u8>,
    owner: Vec<Option<usize>>,
    text: Vec<Option<char>>,
}

impl Canvas {
    /// A blank `cols`×`rows` cell canvas showing `x.0..x.1` across and `y.0..y.1` up.
    pub fn new(cols: usize, rows: usize, x: (f64, f64), y: (f64, f64)) -> Canvas {
        let n = cols * rows;
        Canvas {
            cols,
            rows,
            x,
            y,
            bits: vec![0; n],
            owner: vec![None; n],
            text: vec![None; n],
        }
    }

    /// Dots across and down.
    fn dots(&self) -> (f64, f64) {
        ((2 * self.cols) as f64, (4 * self.rows) as f64)
    }

    /// Where a data point falls, in dots (fractional, possibly outside).
    pub fn to_dots(&self, x: f64, y: f64) -> (f64, f64) {
        let (w, h) = self.dots();
        let fx = (x - self.x.0) / (self.x.1 - self.x.0);
        let fy = (self.y.1 - y) / (self.y.1 - self.y.0);
        (fx * (w - 1.0), fy * (h - 1.0))
    }

    /// The cell row a y value falls in.
    pub fn row_of(&self, y: f64) -> usize {
        let (_, dy) = self.to_dots(self.x.0, y);
        (dy.round().max(0.0) as usize / 4).min(self.rows - 1)
    }

    /// The cell column an x value falls in.
    pub fn col_of(&self, x: f64) -> usize {
        let (dx, _) = self.to_dots(x, self.y.0);
        (dx.round().max(0.0) as usize / 2).min(self.cols - 1)
    }

    /// Sets the dot at (`dx`, `dy`) for `series`, if it is on the canvas.
    pub fn dot(&mut self, dx: f64, dy: f64, series: usize) {
        let (w, h) = self.dots();
        let (dx, dy) = (dx.round(), dy.round());
        if !(dx >= 0.0 && dy >= 0.0 && dx < w && dy < h) {
            return;
        }
        let (dx, dy) = (dx as usize, dy as usize);
        let cell = (dy / 4) * self.cols + dx / 2;
        self.bits[cell] |= DOT[dx % 2][dy % 4];
        self.owner[cell] = Some(series);
    }

    /// A point in data coordinates.
    pub fn point(&mut self, x: f64, y: f64, series: usize) {
        let (dx, dy) = self.to_dots(x, y);
        self.dot(dx, dy, series);
    }

    /// A straight line in data coordinates, cut to the canvas.
    pub fn line(&mut self, from: (f64, f64), to: (f64, f64), series: usize) {
        let a = self.to_dots(from.0, from.1);
        let b = self.to_dots(to.0, to.1);
        self.line_dots(a, b, series);
    }

    /// A straight line between two dot positions, cut to the canvas first so that a line
    /// to a far-away point costs no more than one across the picture.
    pub fn line_dots(&mut self, a: (f64, f64), b: (f64, f64), series: usize) {
        let (w, h) = self.dots();
        let Some((a, b)) = clip(a, b, (-0.5, w - 0.5), (-0.5, h - 0.5)) else {
            return;
        };
        let steps = (b.0 - a.0).abs().max((b.1 - a.1).abs()).ceil().max(1.0) as usize;
        for k in 0..=steps {
            let t = k as f64 / steps as f64;
            self.dot(a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1), series);
        }
    }

    /// Writes `ch` in the cell where the point (`x`, `y`) falls, if it is on the canvas.
    pub fn mark(&mut self, x: f64, y: f64, ch: char) {
        let (w, h) = self.dots();
        let (dx, dy) = self.to_dots(x, y);
        let (dx, dy) = (dx.round(), dy.round());
        if dx >= 0.0 && dy >= 0.0 && dx < w && dy < h {
            self.text[(dy as usize / 4) * self.cols + dx as usize / 2] = Some(ch);
        }
    }

    /// Writes `message` centred on the middle row (for "no finite values").
    pub fn message(&mut self, message: &str) {
        let row = self.rows / 2;
        let len = message.chars().count().min(self.cols);
        let start = (self.cols - len) / 2;
        for (k, ch) in message.chars().take(len).enumerate() {
            self.text[row * self.cols + start + k] = Some(ch);
        }
    }

    /// The rows of characters, coloured per series when `color` is on.
    pub fn render(&self, color: bool) -> Vec<String> {
        (0..self.rows)
            .map(|r| {
                let mut line = String::new();
                for c in 0..self.cols {
                    let i = r * self.cols + c;
                    if let Some(ch) = self.text[i] {
                        line.push(ch);
                    } else if self.bits[i] == 0 {
                        line.push(' ');
                    } else {
                        let ch = char::from_u32(0x2800 + self.bits[i] as u32).unwrap_or('?');
                        match self.owner[i] {
                            Some(s) if color => line.push_str(&paint(&ch.to_string(), s, true)),
                            _ => line.push(ch),
                        }
                    }
                }
                line
            })
            .collect()
    }
}

/// The part of segment `a`–`b` inside the box (Liang–Barsky), if any.
fn clip(
    a: (f64, f64),
    b: (f64, f64),
    xs: (f64, f64),
    ys: (f64, f64),
) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.0 - xs.0),
        (dx, xs.1 - a.0),
        (-dy, a.1 - ys.0),
        (dy, ys.1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    Some((
        (a.0 + t0 * dx, a.1 + t0 * dy),
        (a.0 + t1 * dx, a.1 + t1 * dy),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corners_land_in_corner_cells() {
        let mut c = Canvas::new(3, 2, (0.0, 1.0), (0.0, 1.0));
        c.point(0.0, 1.0, 0);
        c.point(1.0, 0.0, 0);
        let rows = c.render(false);
        assert_eq!(rows[0], "⠁  ");
        assert_eq!(rows[1], "  ⢀");
    }

    #[test]
    fn far_lines_are_clipped() {
        let mut c = Canvas::new(4, 2, (0.0, 1.0), (0.0, 1.0));
        c.line((-1e300, 0.5), (1e300, 0.5), 0);
        assert!(c.render(false).iter().any(|r| r.trim() != ""));
    }
}
