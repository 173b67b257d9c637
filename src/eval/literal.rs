//! Matrix literals (`[1, 2]` is a column, `[[1, 2], [3, 4]]` stacks rows, elements may be
//! matrices) and ranges (`a:b`, `a:step:b`, column vectors, walked lazily by `for`).

use faer::Mat;

use super::env::Frame;
use super::Interpreter;
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::ops::concat::{concat, Direction, Piece};
use crate::source::Span;
use crate::syntax::ast::{Expr, MatrixItem};
use crate::value::Value;

/// A range's first value, step and number of elements.
#[derive(Clone, Copy, Debug)]
pub(super) struct Range {
    start: f64,
    step: f64,
    count: usize,
}

impl Range {
    /// The range from finite parts, or `None` where `range_bounds` reports an error (a step
    /// of 0, more elements than can be counted): the loop tier's way to the same ranges.
    pub(super) fn of(start: f64, step: f64, end: f64) -> Option<Range> {
        let count = element_count(start, step, end);
        (start.is_finite() && step.is_finite() && end.is_finite())
            .then_some(())
            .filter(|_| step != 0.0 && count < usize::MAX as f64)?;
        Some(Range {
            start,
            step,
            count: count as usize,
        })
    }

    /// Its first value, step and number of elements.
    pub(super) fn parts(&self) -> (f64, f64, usize) {
        (self.start, self.step, self.count)
    }
}

/// How many elements `a:s:b` has, as a float (it may be too many to count).
fn element_count(a: f64, s: f64, b: f64) -> f64 {
    let steps = (b - a) / s;
    if steps < 0.0 {
        0.0
    } else {
        (steps + 1e-10).floor() + 1.0
    }
}

/// The elements of a range, computed as start + k·step (no accumulated rounding).
pub(super) struct RangeIter {
    range: Range,
    next: usize,
}

impl RangeIter {
    pub(super) fn new(range: Range) -> RangeIter {
        RangeIter { range, next: 0 }
    }
}

impl Iterator for RangeIter {
    type Item = f64;
    fn next(&mut self) -> Option<f64> {
        if self.next >= self.range.count {
            return None;
        }
        let x = self.range.start + self.next as f64 * self.range.step;
        self.next += 1;
        Some(x)
    }
}

/// How many of a literal's items are rows in brackets, or the error when rows and plain
/// elements are mixed: the literal's first check, before and during a run.
pub(crate) fn literal_rows(items: &[MatrixItem], span: Span) -> Fallible<usize> {
    let rows = items
        .iter()
        .filter(|i| matches!(i, MatrixItem::Row(..)))
        .count();
    if rows > 0 && rows < items.len() {
        let odd = items
            .iter()
            .find_map(|i| match i {
                MatrixItem::Elem(e) => Some(e.span),
                MatrixItem::Row(..) => None,
            })
            .unwrap_or(span);
        let first_row = items
            .iter()
            .find_map(|i| match i {
                MatrixItem::Row(_, s) => Some(*s),
                MatrixItem::Elem(_) => None,
            })
            .unwrap_or(span);
        return Err(Diagnostic::error(ErrorKind::Shape, odd, "this matrix mixes rows and plain elements")
            .label(first_row, "a row in its own brackets")
            .label(odd, "a plain element")
            .help("write every row in brackets, [[1, 2], [3, 4]], or only plain elements for a column, [1, 2]")
            .boxed());
    }
    Ok(rows)
}

impl Interpreter {
    pub(super) fn matrix_literal(
        &mut self,
        items: &[MatrixItem],
        span: Span,
        frame: &mut Frame,
    ) -> Fallible<Value> {
        // Every element and finished row stays alive until the whole matrix is built.
        let mark = self.host.temporaries;
        let rows = literal_rows(items, span)?;
        let stacked: Vec<(Value, Span)> = if rows > 0 {
            let mut joined = Vec::with_capacity(items.len());
            for item in items {
                if let MatrixItem::Row(elements, row_span) = item {
                    let values = self.eval_items(elements, frame)?;
                    let pieces: Vec<Piece<'_>> = values
                        .iter()
                        .map(|(value, span)| Piece { value, span: *span })
                        .collect();
                    let row = concat(&pieces, Direction::Horizontal, "element", &self.host)?;
                    self.host.hold(&row);
                    joined.push((row, *row_span));
                }
            }
            joined
        } else {
            let elements = items.iter().filter_map(|i| match i {
                MatrixItem::Elem(e) => Some(e),
                MatrixItem::Row(..) => None,
            });
            self.eval_all(elements, frame)?
        };
        let what = if rows > 0 { "row" } else { "element" };
        let pieces: Vec<Piece<'_>> = stacked
            .iter()
            .map(|(value, span)| Piece { value, span: *span })
            .collect();
        let joined = concat(&pieces, Direction::Vertical, what, &self.host);
        self.host.temporaries = mark;
        joined
    }

    fn eval_all<'e>(
        &mut self,
        exprs: impl IntoIterator<Item = &'e Expr>,
        frame: &mut Frame,
    ) -> Fallible<Vec<(Value, Span)>> {
        let mut out = Vec::new();
        for e in exprs {
            let value = self.eval(e, frame)?;
            self.host.hold(&value);
            out.push((value, e.span));
        }
        Ok(out)
    }

    /// The elements of a row: each item with the value it has anywhere else, so an inner
    /// bracket literal is a whole matrix literal of its own.
    fn eval_items(
        &mut self,
        items: &[MatrixItem],
        frame: &mut Frame,
    ) -> Fallible<Vec<(Value, Span)>> {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            out.push(match item {
                MatrixItem::Elem(e) => (self.eval(e, frame)?, e.span),
                MatrixItem::Row(inner, span) => (self.matrix_literal(inner, *span, frame)?, *span),
            });
        }
        Ok(out)
    }

    /// Evaluates a range's bounds and counts its elements, refusing NaN, infinite and
    /// zero-step ranges.
    pub(super) fn range_bounds(
        &mut self,
        start: &Expr,
        step: Option<&Expr>,
        end: &Expr,
        frame: &mut Frame,
    ) -> Fallible<Range> {
        let a = self.range_part(start, frame, "start")?;
        let s = match step {
            Some(e) => self.range_part(e, frame, "step")?,
            None => 1.0,
        };
        let b = self.range_part(end, frame, "end")?;
        if s == 0.0 {
            let at = step.map_or(start.span, |e| e.span);
            return Err(
                Diagnostic::error(ErrorKind::Domain, at, "a range step cannot be 0")
                    .label(at, "step 0 never reaches the end")
                    .boxed(),
            );
        }
        let count = element_count(a, s, b);
        if count >= usize::MAX as f64 {
            let span = start.span.to(end.span);
            return Err(Diagnostic::error(
                ErrorKind::Limit,
                span,
                "this range has too many elements to count",
            )
            .label(span, "too many elements")
            .boxed());
        }
        Ok(Range {
            start: a,
            step: s,
            count: count as usize,
        })
    }

    fn range_part(&mut self, e: &Expr, frame: &mut Frame, what: &str) -> Fallible<f64> {
        let value = self.eval(e, frame)?;
        let Some(x) = value.as_scalar() else {
            return Err(Diagnostic::error(
                ErrorKind::Type,
                e.span,
                format!(
                    "a range {what} must be a number, but this is a {}",
                    value.describe()
                ),
            )
            .label(e.span, format!("this is a {}", value.describe()))
            .boxed());
        };
        if !x.is_finite() {
            return Err(Diagnostic::error(
                ErrorKind::Domain,
                e.span,
                format!(
                    "a range {what} must be finite, but this is {}",
                    crate::format::scalar(x)
                ),
            )
            .label(e.span, crate::format::scalar(x))
            .boxed());
        }
        Ok(x)
    }

    pub(super) fn range_value(&self, range: Range, span: Span) -> Fallible<Value> {
        if range.count > self.host.limits.max_elements {
            return Err(Diagnostic::error(
                ErrorKind::Limit,
                span,
                format!(
                    "this range has {} elements, more than the limit of {}",
                    crate::format::scalar(range.count as f64),
                    self.host.limits.max_elements
                ),
            )
            .label(span, "too many elements")
            .boxed());
        }
        self.host.check_alloc(range.count, 1, span)?;
        Ok(Value::from_mat(Mat::from_fn(range.count, 1, |i, _| {
            range.start + i as f64 * range.step
        })))
    }
}
