//! Joining matrices side by side and on top of each other, with errors that point at the
//! piece that does not fit: the machinery of matrix literals and `hcat`/`vcat`.

use faer::{c64, Mat};

use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::host::Host;
use crate::source::Span;
use crate::value::{Shape, Value};

/// One piece to join: its value and where it came from.
pub struct Piece<'v> {
    /// The piece's value (a scalar, bool or matrix).
    pub value: &'v Value,
    /// Its expression's span.
    pub span: Span,
}

/// Which way pieces are joined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Side by side: heights must agree.
    Horizontal,
    /// On top of each other: widths must agree.
    Vertical,
}

/// Joins `pieces`. Empty 0×0 pieces are skipped, as in MATLAB. `what` names the pieces in
/// messages ("element", "row", "argument"). The host's limits are checked before allocating.
pub fn concat(
    pieces: &[Piece<'_>],
    direction: Direction,
    what: &str,
    host: &Host,
) -> Fallible<Value> {
    let max_elements = host.limits.max_elements;
    let mut kept: Vec<(&Piece<'_>, Shape)> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        if !piece.value.is_numeric() && !piece.value.is_complex() {
            return Err(Diagnostic::error(
                ErrorKind::Type,
                piece.span,
                format!(
                    "a matrix holds numbers, but this {what} is a {}",
                    piece.value.describe()
                ),
            )
            .label(piece.span, format!("this is a {}", piece.value.describe()))
            .boxed());
        }
        let shape = piece.value.shape();
        if shape.rows == 0 && shape.cols == 0 {
            continue;
        }
        kept.push((piece, shape));
    }
    let shapes = kept.iter().map(|(p, s)| (*s, p.span));
    let Some(Shape { rows, cols }) = joined_shape(shapes, direction, what)? else {
        return Ok(Value::from_mat(Mat::zeros(0, 0)));
    };
    let first = kept[0].0;
    let span = first
        .span
        .to(kept.last().map_or(first.span, |(p, _)| p.span));
    if rows.checked_mul(cols).is_none_or(|n| n > max_elements) {
        return Err(Diagnostic::error(
            ErrorKind::Limit,
            span,
            format!(
                "a {} matrix is too large: the limit is {max_elements} elements",
                Shape::new(rows, cols)
            ),
        )
        .label(span, "joining these pieces")
        .help("work on smaller pieces, or clear variables you no longer need")
        .boxed());
    }
    host.check_alloc(rows, cols, span)?;
    let mut placed = Vec::with_capacity(kept.len());
    let mut offset = 0;
    for &(piece, shape) in &kept {
        let corner = match direction {
            Direction::Horizontal => (0, offset),
            Direction::Vertical => (offset, 0),
        };
        placed.push((piece.value, corner, shape));
        offset += match direction {
            Direction::Horizontal => shape.cols,
            Direction::Vertical => shape.rows,
        };
    }
    if placed.iter().any(|(value, _, _)| value.is_complex()) {
        let mut out = Mat::<c64>::zeros(rows, cols);
        for (value, (row0, col0), shape) in placed {
            let m = value
                .to_cmat()
                .unwrap_or_else(|| Mat::zeros(shape.rows, shape.cols));
            for j in 0..shape.cols {
                for i in 0..shape.rows {
                    out[(row0 + i, col0 + j)] = m[(i, j)];
                }
            }
        }
        return Ok(Value::from_cmat(out));
    }
    // Bools and logical matrices joined are a logical matrix: `[true, false, true]`.
    let logical = !placed.is_empty()
        && placed
            .iter()
            .all(|(value, _, _)| matches!(value, Value::Bool(_) | Value::Logical(_)));
    let mut out = Mat::zeros(rows, cols);
    for (value, (row0, col0), shape) in placed {
        match value {
            Value::Matrix(m) | Value::Logical(m) => {
                for j in 0..shape.cols {
                    for i in 0..shape.rows {
                        out[(row0 + i, col0 + j)] = m[(i, j)];
                    }
                }
            }
            other => out[(row0, col0)] = other.as_scalar().unwrap_or(f64::NAN),
        }
    }
    Ok(if logical {
        Value::from_logical(out)
    } else {
        Value::from_mat(out)
    })
}

/// The shape of `pieces` (their shapes and spans, 0×0 ones left out) joined in
/// `direction`, or the error naming the first that does not fit; `None` when there are no
/// pieces. The one check of literals and `hcat`/`vcat`, before and during a run.
pub fn joined_shape(
    pieces: impl IntoIterator<Item = (Shape, Span)>,
    direction: Direction,
    what: &str,
) -> Fallible<Option<Shape>> {
    let mut pieces = pieces.into_iter().peekable();
    let Some(&(first_shape, first_span)) = pieces.peek() else {
        return Ok(None);
    };
    let (shared, dim_name) = match direction {
        Direction::Horizontal => (first_shape.rows, "rows"),
        Direction::Vertical => (first_shape.cols, "columns"),
    };
    let mut total = 0usize;
    for (shape, span) in pieces {
        let (this_shared, this_len) = match direction {
            Direction::Horizontal => (shape.rows, shape.cols),
            Direction::Vertical => (shape.cols, shape.rows),
        };
        if this_shared != shared {
            let joined = match direction {
                Direction::Horizontal => "side by side",
                Direction::Vertical => "on top of each other",
            };
            return Err(Diagnostic::error(
                ErrorKind::Shape,
                span,
                format!(
                    "{what}s joined {joined} need the same number of {dim_name}, but this {what} has {} and the first has {}",
                    count(this_shared, dim_name),
                    count(shared, dim_name)
                ),
            )
            .label(first_span, format!("{first_shape}: {}", count(shared, dim_name)))
            .label(span, format!("{shape}: {}", count(this_shared, dim_name)))
            .boxed());
        }
        total = total.saturating_add(this_len);
    }
    Ok(Some(match direction {
        Direction::Horizontal => Shape::new(shared, total),
        Direction::Vertical => Shape::new(total, shared),
    }))
}

/// "1 row", "2 rows".
fn count(n: usize, plural: &str) -> String {
    if n == 1 {
        format!("1 {}", plural.trim_end_matches('s'))
    } else {
        format!("{n} {plural}")
    }
}
