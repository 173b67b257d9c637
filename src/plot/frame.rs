//! The frame around a picture: title, box, y tick labels on the left, x tick labels under
//! the box, axis labels, a legend on the right and caption lines under everything.
//!
//! ```text
//!              title
//!      ┌────────────────┐
//!   10 ┤⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⡠⠊│ ⠤ a
//!    0 ┤⠤⠤⠒⠒⠉⠁⠀⠀⠀⠀⠀⠀⠀│
//!      └┬──────────────┬┘
//!       0             10
//! ```

use super::Options;

/// What goes around the drawing area.
#[derive(Default)]
pub struct Frame {
    /// The drawing area, one string per row, each `cols` cells wide (may hold colour escapes).
    pub body: Vec<String>,
    /// Its width in cells.
    pub cols: usize,
    /// Labels on the left, by row.
    pub yticks: Vec<(usize, String)>,
    /// Labels under the box, by column.
    pub xticks: Vec<(usize, String)>,
    /// Title over the box.
    pub title: Option<String>,
    /// Label under the x tick labels.
    pub xlabel: Option<String>,
    /// Label left of the y tick labels, on the middle row.
    pub ylabel: Option<String>,
    /// Legend lines right of the box (may hold colour escapes).
    pub legend: Vec<String>,
    /// Right of the box on the rows not taken by the legend (a colour bar).
    pub side: Vec<String>,
    /// Lines under everything.
    pub caption: Vec<String>,
}

/// The cells `s` takes on a terminal: its characters, less any colour escapes.
pub fn width(s: &str) -> usize {
    let mut cells = 0;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // An escape runs to its final `m`.
            chars.by_ref().find(|&d| d == 'm');
        } else {
            cells += 1;
        }
    }
    cells
}

impl Frame {
    /// A frame around `body` (`cols` cells wide) with the title and axis labels `opts`
    /// asks for.
    pub fn new(body: Vec<String>, cols: usize, opts: &Options) -> Frame {
        Frame {
            body,
            cols,
            title: opts.title.clone(),
            xlabel: opts.xlabel.clone(),
            ylabel: opts.ylabel.clone(),
            ..Frame::default()
        }
    }

    /// The whole picture, ending in a newline.
    pub fn render(&self) -> String {
        let rows = self.body.len();
        let tick_width = self.yticks.iter().map(|(_, s)| width(s)).max().unwrap_or(0);
        let ylabel_width = self.ylabel.as_deref().map_or(0, |s| width(s) + 1);
        let margin = ylabel_width + tick_width + 1;
        let pad = |n: usize| " ".repeat(n);
        let mut out = String::new();
        if let Some(title) = &self.title {
            let start = margin + 1 + self.cols.saturating_sub(width(title)) / 2;
            out.push_str(&format!("{}{title}\n", pad(start)));
        }
        out.push_str(&format!("{}┌{}┐\n", pad(margin), "─".repeat(self.cols)));
        for (r, line) in self.body.iter().enumerate() {
            let ylabel = match &self.ylabel {
                Some(l) if r == rows / 2 => format!("{l} "),
                _ => pad(ylabel_width),
            };
            let tick = self.yticks.iter().find(|(row, _)| *row == r);
            let (label, edge) = match tick {
                Some((_, s)) => (s.as_str(), '┤'),
                None => ("", '│'),
            };
            let mut right = String::new();
            if let Some(entry) = self.legend.get(r) {
                right = format!(" {entry}");
            } else if let Some(entry) = self.side.get(r) {
                right = format!(" {entry}");
            }
            out.push_str(&format!(
                "{ylabel}{}{label} {edge}{line}│{right}",
                pad(tick_width - width(label))
            ));
            out.truncate(out.trim_end_matches(' ').len());
            out.push('\n');
        }
        let mut bottom: Vec<char> = "─".repeat(self.cols).chars().collect();
        for (c, _) in &self.xticks {
            if let Some(cell) = bottom.get_mut(*c) {
                *cell = '┬';
            }
        }
        let bottom: String = bottom.into_iter().collect();
        out.push_str(&format!("{}└{bottom}┘\n", pad(margin)));
        if !self.xticks.is_empty() {
            out.push_str(&self.xtick_line(margin + 1));
        }
        if let Some(xlabel) = &self.xlabel {
            let start = margin + 1 + self.cols.saturating_sub(width(xlabel)) / 2;
            out.push_str(&format!("{}{xlabel}\n", pad(start)));
        }
        for line in &self.caption {
            out.push_str(&format!("{}{line}\n", pad(margin + 1)));
        }
        out
    }

    /// The x tick labels centred under their columns, leaving out any that would collide.
    fn xtick_line(&self, offset: usize) -> String {
        let mut line: Vec<char> = Vec::new();
        for (c, label) in &self.xticks {
            let len = width(label);
            let centre = offset + c;
            let start = centre.saturating_sub(len / 2).max(offset.saturating_sub(2));
            let free = line.len() + usize::from(!line.is_empty());
            if start < free {
                continue;
            }
            line.resize(start, ' ');
            line.extend(label.chars());
        }
        let mut s: String = line.into_iter().collect();
        s.push('\n');
        s
    }
}
