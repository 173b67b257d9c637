//! The grid of a shown matrix: which rows and columns appear (the middle of a large matrix
//! is elided unless the format is full) and how the cell texts line up in columns.
//!
//! ```text
//! A = 30×12
//!       0      1      2      3   …      8      9     10     11
//!       ⋮      ⋮      ⋮      ⋮   ⋱      ⋮      ⋮      ⋮      ⋮
//! ```

/// Rows beyond which a matrix display is elided.
const MAX_ROWS: usize = 20;
/// Rows shown at each end of an elided matrix.
const EDGE_ROWS: usize = 8;
/// Columns beyond which a matrix display is elided.
const MAX_COLS: usize = 10;
/// Columns shown at each end of an elided matrix.
const EDGE_COLS: usize = 4;
/// What precedes every column.
const GAP: &str = "   ";

/// One entry of the shown grid.
pub(super) enum Cell<T> {
    /// An element of the matrix.
    Entry(T),
    /// The `⋮` / `…` / `⋱` markers of an elided matrix.
    Mark(&'static str),
}

impl<T> Cell<T> {
    /// The same cell with its element turned into something else (usually its text).
    pub(super) fn map<U>(&self, f: impl FnOnce(&T) -> U) -> Cell<U> {
        match self {
            Cell::Entry(x) => Cell::Entry(f(x)),
            Cell::Mark(mark) => Cell::Mark(mark),
        }
    }

    /// The text of a cell whose element is already text.
    pub(super) fn text(&self) -> String
    where
        T: AsRef<str>,
    {
        match self {
            Cell::Entry(text) => text.as_ref().to_string(),
            Cell::Mark(mark) => mark.to_string(),
        }
    }
}

/// The shown cells of an `nrows`×`ncols` matrix whose element (i, j) is `at(i, j)`: all of
/// them when `full`, else the corners of a large one around the elision marks.
pub(super) fn cells<T>(
    nrows: usize,
    ncols: usize,
    full: bool,
    at: impl Fn(usize, usize) -> T,
) -> Vec<Vec<Cell<T>>> {
    let rows = shown(nrows, MAX_ROWS, EDGE_ROWS, full);
    let cols = shown(ncols, MAX_COLS, EDGE_COLS, full);
    rows.iter()
        .map(|r| {
            cols.iter()
                .map(|c| match (r, c) {
                    (Some(i), Some(j)) => Cell::Entry(at(*i, *j)),
                    (None, None) => Cell::Mark("⋱"),
                    (None, Some(_)) => Cell::Mark("⋮"),
                    (Some(_), None) => Cell::Mark("…"),
                })
                .collect()
        })
        .collect()
}

/// The elements among the cells, row by row.
pub(super) fn entries<T: Copy>(grid: &[Vec<Cell<T>>]) -> Vec<T> {
    grid.iter()
        .flatten()
        .filter_map(|cell| match cell {
            Cell::Entry(x) => Some(*x),
            Cell::Mark(_) => None,
        })
        .collect()
}

/// The indices shown along one dimension of length `n`; `None` marks the elision.
fn shown(n: usize, max: usize, edge: usize, full: bool) -> Vec<Option<usize>> {
    if full || n <= max {
        (0..n).map(Some).collect()
    } else {
        (0..edge)
            .map(Some)
            .chain([None])
            .chain((n - edge..n).map(Some))
            .collect()
    }
}

/// Right-aligns a grid of cell texts into columns, each preceded by three spaces and each
/// row ending in a newline.
pub(super) fn align(text: &[Vec<String>]) -> String {
    let widths = column_widths(text, |cell| cell.chars().count());
    let mut out = String::new();
    for row in text {
        for (cell, width) in row.iter().zip(&widths) {
            out.push_str(GAP);
            out.push_str(&pad(cell, *width));
        }
        out.push('\n');
    }
    out
}

/// The widest `width(cell)` of each column of `grid`.
pub(super) fn column_widths<T>(grid: &[Vec<T>], width: impl Fn(&T) -> usize) -> Vec<usize> {
    let columns = grid.first().map_or(0, Vec::len);
    (0..columns)
        .map(|j| {
            grid.iter()
                .filter_map(|row| row.get(j).map(&width))
                .max()
                .unwrap_or(0)
        })
        .collect()
}

/// `text` right-aligned in `width` characters.
pub(super) fn pad(text: &str, width: usize) -> String {
    let fill = width.saturating_sub(text.chars().count());
    let mut out: String = std::iter::repeat_n(' ', fill).collect();
    out.push_str(text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(grid: &[Vec<Cell<(usize, usize)>>]) -> Vec<String> {
        grid.iter()
            .map(|row| {
                row.iter()
                    .map(|cell| match cell {
                        Cell::Entry(_) => "x",
                        Cell::Mark(m) => m,
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn large_matrices_keep_their_corners() {
        let grid = cells(30, 12, false, |i, j| (i, j));
        assert_eq!(grid.len(), 8 + 1 + 8);
        assert_eq!(marks(&grid)[8], "⋮⋮⋮⋮⋱⋮⋮⋮⋮");
        assert_eq!(marks(&grid)[0], "xxxx…xxxx");
        let seen = entries(&grid);
        assert_eq!(seen.first(), Some(&(0, 0)));
        assert_eq!(seen.last(), Some(&(29, 11)));
        assert_eq!(seen.len(), 16 * 8);
    }

    #[test]
    fn full_and_small_matrices_show_everything() {
        assert_eq!(entries(&cells(30, 12, true, |i, j| (i, j))).len(), 360);
        assert_eq!(entries(&cells(20, 10, false, |i, j| (i, j))).len(), 200);
    }

    #[test]
    fn columns_align_right_counting_characters() {
        let text = vec![
            vec!["1".to_string(), "-Inf".to_string()],
            vec!["⋮".to_string(), "2".to_string()],
        ];
        assert_eq!(align(&text), "   1   -Inf\n   ⋮      2\n");
    }
}
