//! Indexing: `v[i]`, `A[i, j]`, `A[k]` (column-major), `:`, ranges, index vectors and `end`,
//! for reading and for in-place assignment. An unshared matrix is updated without a copy.

use std::sync::Arc;

use faer::{c64, Mat};

use super::env::Frame;
use super::Interpreter;
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::ops::Operands;
use crate::source::Span;
use crate::syntax::ast::{AssignOp, Expr, ExprKind, Target};
use crate::value::{Shape, Value};

/// The positions one index selects along one dimension (0-based).
#[derive(Clone, Debug)]
enum Selection {
    /// One position.
    One(usize),
    /// Every position of the dimension (`:`): 0 up to this many.
    All(usize),
    /// Several positions, in order.
    Many(Vec<usize>),
}

impl Selection {
    fn len(&self) -> usize {
        match self {
            Selection::One(_) => 1,
            Selection::All(n) => *n,
            Selection::Many(v) => v.len(),
        }
    }

    fn get(&self, k: usize) -> usize {
        match self {
            Selection::One(i) => *i,
            Selection::All(_) => k,
            Selection::Many(v) => v.get(k).copied().unwrap_or(0),
        }
    }

    /// The first position and the count, when the positions are consecutive.
    fn run(&self) -> Option<(usize, usize)> {
        match self {
            Selection::One(i) => Some((*i, 1)),
            Selection::All(n) => Some((0, *n)),
            Selection::Many(_) => None,
        }
    }
}

/// A block of a matrix: first row, first column, rows, columns.
type Block = (usize, usize, usize, usize);

/// The block a row and a column selection pick when both are runs of positions.
fn block(r: &Selection, c: &Selection) -> Option<Block> {
    let ((i, rows), (j, cols)) = (r.run()?, c.run()?);
    Some((i, j, rows, cols))
}

/// The block `r`, `c` pick, with `rhs` when it is a real matrix of exactly that shape.
fn block_of<'v>(r: &Selection, c: &Selection, rhs: &'v Value) -> Option<(Block, &'v Mat<f64>)> {
    let Value::Matrix(src) = rhs else {
        return None;
    };
    let at = block(r, c)?;
    (at.2 == src.nrows() && at.3 == src.ncols()).then_some((at, &**src))
}

/// What the indices of one indexing expression select.
enum Selected {
    /// `A[k]`: column-major positions.
    Linear(Selection),
    /// `A[i, j]`: rows and columns.
    Grid(Selection, Selection),
}

impl Interpreter {
    /// `value[indices]`.
    pub(super) fn index_read(
        &mut self,
        value: &Value,
        target_span: Span,
        indices: &[Expr],
        frame: &mut Frame,
    ) -> Fallible<Value> {
        let shape = indexable_shape(value, target_span)?;
        let selected = self.select(shape, indices, Access::Read, frame)?;
        let (rows, cols) = match &selected {
            Selected::Linear(sel) => (sel.len(), 1),
            Selected::Grid(r, c) => (r.len(), c.len()),
        };
        self.host.check_alloc(rows, cols, target_span)?;
        if value.is_complex() {
            let (re, im) = parts(value);
            return Ok(join_parts(
                &extract(&re, shape, &selected),
                &extract(&im, shape, &selected),
            ));
        }
        if let Value::Logical(m) = value {
            // Part of a mask is a mask.
            let part = extract(&Value::Matrix(Arc::clone(m)), shape, &selected);
            return Ok(match part {
                Value::Matrix(m) => Value::Logical(m),
                Value::Scalar(x) => Value::Bool(x != 0.0),
                other => other,
            });
        }
        Ok(extract(value, shape, &selected))
    }

    /// `target[indices] op= value`, in place.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn index_assign(
        &mut self,
        target: Target,
        indices: &[Expr],
        lhs_span: Span,
        op: AssignOp,
        op_span: Span,
        value: &Expr,
        frame: &mut Frame,
    ) -> Fallible<()> {
        if op == AssignOp::Set
            && (self.assign_element(target, indices, value, frame)?
                || self.assign_slice(target, indices, value, frame))
        {
            return Ok(());
        }
        let rhs = self.eval_value(value, frame)?;
        let current = self.read_or_fail(target.name, target.span, frame)?;
        let shape = indexable_shape(current, target.span)?;
        let selected = self.select(shape, indices, Access::Write, frame)?;
        let rhs = if op == AssignOp::Set {
            rhs
        } else {
            let current = self.read_or_fail(target.name, target.span, frame)?;
            let old = extract(&current.to_numeric(), shape, &selected);
            let at = Operands {
                left: lhs_span,
                op: op_span,
                right: value.span,
            };
            self.combine(op, &old, rhs, at)?
        };
        check_fits(&selected, &rhs, lhs_span, op_span, value.span)?;
        // Everything is checked: take the variable out so an unshared matrix is unique.
        let Some(taken) = self.take(target.name, frame) else {
            return Err(self.unknown_name(target.name, target.span, frame));
        };
        let updated = if taken.is_complex() || rhs.is_complex() {
            // Complex targets or values: the real and imaginary parts are written apart.
            let (target_re, target_im) = parts(&taken);
            let (rhs_re, rhs_im) = parts(&rhs);
            let re = write_selection(target_re, &selected, &rhs_re);
            let im = write_selection(target_im, &selected, &rhs_im);
            join_parts(&re, &im)
        } else {
            write_selection(taken, &selected, &rhs)
        };
        self.write(target.name, updated, frame);
        Ok(())
    }

    /// `A[i, j] = x` or `v[k] = x` with number indices and a number value, written
    /// straight into a real matrix that nothing else holds. `false` when the statement is
    /// anything else, to be done by the general path (which also gives its errors).
    fn assign_element(
        &mut self,
        target: Target,
        indices: &[Expr],
        value: &Expr,
        frame: &mut Frame,
    ) -> Fallible<bool> {
        let Some(x) = self.eval_scalar(value, frame) else {
            return Ok(false);
        };
        let scalar = |e: &Expr| match e.kind {
            ExprKind::End | ExprKind::All => None,
            _ => self.eval_scalar(e, frame).map(|k| (k, e.span)),
        };
        let (first, second) = match indices {
            [k] => (scalar(k), None),
            [i, j] => (scalar(i), Some(scalar(j))),
            _ => return Ok(false),
        };
        let (Some(first), Some(second)) = (first, second.map_or(Some(None), |s| s.map(Some)))
        else {
            return Ok(false);
        };
        let Some(Value::Matrix(matrix)) = self.place_mut(target.name, frame) else {
            return Ok(false);
        };
        let Some(m) = Arc::get_mut(matrix) else {
            return Ok(false);
        };
        let shape = Shape::new(m.nrows(), m.ncols());
        let (i, j) = match second {
            None => {
                let p = position(
                    first.0,
                    shape.len(),
                    shape,
                    Axis::Linear,
                    Access::Write,
                    first.1,
                )?;
                (p % shape.rows.max(1), p / shape.rows.max(1))
            }
            Some(second) => (
                position(
                    first.0,
                    shape.rows,
                    shape,
                    Axis::Rows,
                    Access::Write,
                    first.1,
                )?,
                position(
                    second.0,
                    shape.cols,
                    shape,
                    Axis::Cols,
                    Access::Write,
                    second.1,
                )?,
            ),
        };
        m[(i, j)] = x;
        Ok(true)
    }

    fn select(
        &mut self,
        shape: Shape,
        indices: &[Expr],
        access: Access,
        frame: &mut Frame,
    ) -> Fallible<Selected> {
        match indices {
            [k] => Ok(Selected::Linear(self.resolve(
                k,
                shape.len(),
                (shape, Axis::Linear, access),
                frame,
            )?)),
            [i, j] => Ok(Selected::Grid(
                self.resolve(i, shape.rows, (shape, Axis::Rows, access), frame)?,
                self.resolve(j, shape.cols, (shape, Axis::Cols, access), frame)?,
            )),
            _ => Err(too_many_indices(indices)),
        }
    }

    /// Evaluates one index expression against a dimension of `extent` (with `end` = extent).
    fn resolve(
        &mut self,
        e: &Expr,
        extent: usize,
        (shape, axis, access): (Shape, Axis, Access),
        frame: &mut Frame,
    ) -> Fallible<Selection> {
        if let ExprKind::All = e.kind {
            return Ok(Selection::All(extent));
        }
        if let ExprKind::Number(_) | ExprKind::Name(_) = e.kind {
            if let Some(x) = self.eval_scalar(e, frame) {
                return Ok(Selection::One(position(
                    x, extent, shape, axis, access, e.span,
                )?));
            }
        }
        self.end_stack.push(extent);
        let value = self.eval(e, frame);
        self.end_stack.pop();
        let value = value?;
        let check = |x: f64| position(x, extent, shape, axis, access, e.span);
        match &value {
            Value::Logical(mask) => return mask_selection(mask, extent, shape, axis, e.span),
            // A bool is a one-element mask: `x[true]` is x, `x[false]` is empty.
            Value::Bool(b) => {
                let mask = Mat::from_fn(1, 1, |_, _| f64::from(u8::from(*b)));
                return mask_selection(&mask, extent, shape, axis, e.span);
            }
            _ => {}
        }
        match &value {
            Value::Matrix(m) if m.nrows() == 1 || m.ncols() == 1 || m.nrows() * m.ncols() == 0 => {
                let mut list = Vec::with_capacity(m.nrows() * m.ncols());
                for j in 0..m.ncols() {
                    for i in 0..m.nrows() {
                        let x = m[(i, j)];
                        list.push(check(x).map_err(|mut d| {
                            if x == 0.0 {
                                d.help = Some("a list of 0s and 1s is a list of positions; to select with it as a mask, write logical([...]) or a comparison such as A > 0".into());
                            }
                            d
                        })?);
                    }
                }
                Ok(Selection::Many(list))
            }
            other => match other.as_scalar() {
                Some(x) => Ok(Selection::One(check(x)?)),
                None => Err(not_an_index(&other.describe(), e.span)),
            },
        }
    }
}

/// The positions a logical mask selects: the true elements in column-major order. One
/// index takes a mask of the indexed shape; a row or column index takes a logical vector
/// as long as that dimension.
fn mask_selection(
    mask: &Mat<f64>,
    extent: usize,
    shape: Shape,
    axis: Axis,
    span: Span,
) -> Fallible<Selection> {
    mask_fits(
        Shape::new(mask.nrows(), mask.ncols()),
        extent,
        shape,
        axis,
        span,
    )?;
    let mut list = Vec::new();
    for j in 0..mask.ncols() {
        for i in 0..mask.nrows() {
            if mask[(i, j)] != 0.0 {
                list.push(i + j * mask.nrows());
            }
        }
    }
    Ok(Selection::Many(list))
}

/// Whether a logical mask of shape `given` fits its place (`axis`, of `extent` elements) in
/// an index into a `shape` matrix, or the error saying why not: before and during a run.
pub(crate) fn mask_fits(
    given: Shape,
    extent: usize,
    shape: Shape,
    axis: Axis,
    span: Span,
) -> Fallible<()> {
    let fits = match axis {
        Axis::Linear => {
            given == shape || (shape.is_vector() && given.is_vector() && given.len() == extent)
        }
        Axis::Rows | Axis::Cols => given.is_vector() && given.len() == extent,
    };
    if !fits {
        let (message, help) = match axis {
            Axis::Linear => (
                format!("a logical index must have the shape of what it indexes, but the mask is {given} and the matrix is {shape}"),
                "build the mask from the same matrix, as in A[A > 0]",
            ),
            Axis::Rows => (
                format!("a logical row index needs one element per row, but the mask has {} and the {shape} matrix has {} rows", given.len(), shape.rows),
                "a row mask is a logical vector with one element per row",
            ),
            Axis::Cols => (
                format!("a logical column index needs one element per column, but the mask has {} and the {shape} matrix has {} columns", given.len(), shape.cols),
                "a column mask is a logical vector with one element per column",
            ),
        };
        return Err(Diagnostic::error(ErrorKind::Shape, span, message)
            .label(span, format!("this mask is {given}"))
            .help(help)
            .boxed());
    }
    Ok(())
}

/// Whether an index reads or writes, for the help on out-of-range indices.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// Reading `A[i, j]`.
    Read,
    /// Writing `A[i, j] = x`.
    Write,
}

#[derive(Clone, Copy)]
pub(crate) enum Axis {
    /// The one index of `v[k]`, over every element.
    Linear,
    /// The first of two.
    Rows,
    /// The second of two.
    Cols,
}

/// A 1-based index `x` as a 0-based position below `extent`, if it is a whole number in
/// range. `as` saturates (NaN gives 0), so this accepts exactly the whole numbers
/// 1..=extent.
pub(super) fn whole_index(x: f64, extent: usize) -> Option<usize> {
    let k = x as usize;
    (k as f64 == x && (1..=extent).contains(&k)).then(|| k - 1)
}

/// A 1-based index `x` as a 0-based position below `extent`, or an error naming the index
/// and the shape (the shape checker reports the same one before running).
pub(crate) fn position(
    x: f64,
    extent: usize,
    shape: Shape,
    axis: Axis,
    access: Access,
    span: Span,
) -> Fallible<usize> {
    if let Some(k) = whole_index(x, extent) {
        return Ok(k);
    }
    // Only a bad index is formatted: this function runs for every element assignment.
    let shown = crate::format::scalar(x);
    if x.fract() != 0.0 || !x.is_finite() {
        return Err(Diagnostic::error(
            ErrorKind::Index,
            span,
            format!("index {shown} is not an integer"),
        )
        .label(span, "indices are whole numbers from 1")
        .boxed());
    }
    if x < 1.0 {
        return Err(Diagnostic::error(
            ErrorKind::Index,
            span,
            format!("index {shown} is out of range: indices start at 1"),
        )
        .label(span, format!("this is {shown}"))
        .boxed());
    }
    let range = match axis {
        Axis::Linear if shape.len() == 1 => format!("the {shape} matrix has 1 element"),
        Axis::Linear => format!("the {shape} matrix has {} elements", shape.len()),
        Axis::Rows if shape.rows == 1 => format!("the {shape} matrix has 1 row"),
        Axis::Cols if shape.cols == 1 => format!("the {shape} matrix has 1 column"),
        Axis::Rows => format!("the {shape} matrix has {} rows", shape.rows),
        Axis::Cols => format!("the {shape} matrix has {} columns", shape.cols),
    };
    let d = Diagnostic::error(
        ErrorKind::Index,
        span,
        format!("index {shown} is out of range: {range}"),
    )
    .label(span, format!("this is {shown}"));
    Err(match access {
        Access::Write => d.help(
            "matrices do not grow on assignment; build the full size first, e.g. with zeros(m, n)",
        ),
        Access::Read => d,
    }
    .boxed())
}

/// Whether a value of `rhs`'s shape can be written into the selection: the selection's
/// shape, a vector with as many elements, or a scalar.
fn check_fits(
    selected: &Selected,
    rhs: &Value,
    lhs_span: Span,
    op_span: Span,
    value_span: Span,
) -> Fallible<()> {
    let (count_rows, count_cols) = match selected {
        Selected::Linear(sel) => (sel.len(), 1),
        Selected::Grid(rows, cols) => (rows.len(), cols.len()),
    };
    if !rhs.is_numeric() && !rhs.is_complex() {
        return Err(Diagnostic::error(
            ErrorKind::Type,
            value_span,
            format!(
                "a matrix element must be a number, but this is a {}",
                rhs.describe()
            ),
        )
        .label(value_span, format!("this is a {}", rhs.describe()))
        .boxed());
    }
    let given = rhs.shape();
    let scalar = !matches!(
        rhs,
        Value::Matrix(_) | Value::ComplexMatrix(_) | Value::Logical(_)
    );
    if scalar {
        return Ok(());
    }
    let linear = matches!(selected, Selected::Linear(_));
    let selection = Shape::new(count_rows, count_cols);
    value_fits(linear, selection, given, (lhs_span, op_span, value_span))
}

/// Whether a matrix value of shape `given` fits a `selection` (of one index when `linear`)
/// in `target[...] = value`, or the error: before and during a run. The spans are the
/// target with its indices, the `=` and the value.
pub(crate) fn value_fits(
    linear: bool,
    selection: Shape,
    given: Shape,
    (lhs_span, op_span, value_span): (Span, Span, Span),
) -> Fallible<()> {
    let (count_rows, count_cols) = (selection.rows, selection.cols);
    let vector_fit = (linear || count_rows == 1 || count_cols == 1)
        && given.is_vector()
        && given.len() == count_rows * count_cols;
    if (given.rows == count_rows && given.cols == count_cols) || vector_fit {
        return Ok(());
    }
    Err(Diagnostic::error(
        ErrorKind::Shape,
        op_span,
        format!("cannot assign a {given} value to a {selection} selection"),
    )
    .label(lhs_span, format!("selects {selection}"))
    .label(value_span, given.to_string())
    .help("the value must have the selection's shape, or be a scalar")
    .boxed())
}

/// Writes `rhs` (already checked to fit) into the selected elements of a real `target`,
/// in place when the target's matrix is not shared.
fn write_selection(target: Value, selected: &Selected, rhs: &Value) -> Value {
    let mut matrix = match target {
        Value::Matrix(m) | Value::Logical(m) => m,
        other => Arc::new(Mat::from_fn(1, 1, |_, _| {
            other.as_scalar().unwrap_or(f64::NAN)
        })),
    };
    let fill = rhs.as_scalar().unwrap_or(f64::NAN);
    let element = |k: usize| match rhs {
        Value::Matrix(m) | Value::Logical(m) => m[(k % m.nrows(), k / m.nrows())],
        _ => fill,
    };
    let m = Arc::make_mut(&mut matrix);
    let rows = m.nrows().max(1);
    match selected {
        // A block (`A[:, j] = v`) from a matrix of its shape: copied column by column.
        Selected::Grid(r, c) if block_of(r, c, rhs).is_some() => {
            if let Some(((i, j, rows, cols), src)) = block_of(r, c, rhs) {
                m.as_mut()
                    .submatrix_mut(i, j, rows, cols)
                    .copy_from(src.as_ref());
            }
        }
        Selected::Linear(sel) => {
            for k in 0..sel.len() {
                let p = sel.get(k);
                m[(p % rows, p / rows)] = element(k);
            }
        }
        Selected::Grid(rsel, csel) => {
            for jj in 0..csel.len() {
                for ii in 0..rsel.len() {
                    m[(rsel.get(ii), csel.get(jj))] = element(ii + jj * rsel.len());
                }
            }
        }
    }
    if m.nrows() == 1 && m.ncols() == 1 {
        Value::Scalar(m[(0, 0)])
    } else {
        Value::Matrix(matrix)
    }
}

/// The real and imaginary parts of a numeric value, as real values of its shape.
fn parts(value: &Value) -> (Value, Value) {
    match value.to_cmat() {
        Some(m) if value.is_complex() => (
            Value::from_mat(Mat::from_fn(m.nrows(), m.ncols(), |i, j| m[(i, j)].re)),
            Value::from_mat(Mat::from_fn(m.nrows(), m.ncols(), |i, j| m[(i, j)].im)),
        ),
        _ => {
            let shape = value.shape();
            let zero = if matches!(value, Value::Matrix(_)) {
                Value::from_mat(Mat::zeros(shape.rows, shape.cols))
            } else {
                Value::Scalar(0.0)
            };
            (value.clone(), zero)
        }
    }
}

/// `re + i·im` from two real values of one shape.
fn join_parts(re: &Value, im: &Value) -> Value {
    match (re.to_mat(), im.to_mat()) {
        (Some(re), Some(im)) if re.nrows() == im.nrows() && re.ncols() == im.ncols() => {
            Value::from_cmat(Mat::from_fn(re.nrows(), re.ncols(), |i, j| {
                c64::new(re[(i, j)], im[(i, j)])
            }))
        }
        _ => re.clone(),
    }
}

fn indexable_shape(value: &Value, span: Span) -> Fallible<Shape> {
    if value.is_numeric() || value.is_complex() {
        return Ok(value.shape());
    }
    Err(not_indexable(&value.describe(), span))
}

/// The error for more than two indices, before and during a run.
pub(crate) fn too_many_indices(indices: &[Expr]) -> Box<Diagnostic> {
    let span = indices
        .first()
        .map_or(Span::default(), |f| f.span)
        .to(indices.last().map_or(Span::default(), |l| l.span));
    Diagnostic::error(
        ErrorKind::Index,
        span,
        format!(
            "a matrix takes 1 or 2 indices, but {} were given",
            indices.len()
        ),
    )
    .label(span, format!("{} indices", indices.len()))
    .boxed()
}

/// The error for an index that is not a number or vector (`what` describes it).
pub(crate) fn not_an_index(what: &str, span: Span) -> Box<Diagnostic> {
    Diagnostic::error(
        ErrorKind::Type,
        span,
        format!("an index must be a number or a vector of numbers, but this is a {what}"),
    )
    .label(span, format!("this is a {what}"))
    .boxed()
}

/// The error for indexing a value that is not a number or matrix (`what` describes it).
pub(crate) fn not_indexable(what: &str, span: Span) -> Box<Diagnostic> {
    Diagnostic::error(ErrorKind::Type, span, format!("a {what} cannot be indexed"))
        .label(span, format!("this is a {what}"))
        .boxed()
}

/// The elements `selected` picks from `value` (already checked to be in range).
fn extract(value: &Value, shape: Shape, selected: &Selected) -> Value {
    let at = |i: usize, j: usize| match value {
        Value::Matrix(m) => m[(i, j)],
        other => other.as_scalar().unwrap_or(f64::NAN),
    };
    let rows = shape.rows.max(1);
    match selected {
        Selected::Linear(Selection::One(p)) => Value::Scalar(at(p % rows, p / rows)),
        Selected::Linear(sel) => {
            let n = sel.len();
            let pick = |k: usize| {
                let p = sel.get(k);
                at(p % rows, p / rows)
            };
            if shape.rows == 1 && shape.cols != 1 {
                Value::from_mat(Mat::from_fn(1, n, |_, k| pick(k)))
            } else {
                Value::from_mat(Mat::from_fn(n, 1, |k, _| pick(k)))
            }
        }
        Selected::Grid(r, c) => {
            if let (Selection::One(i), Selection::One(j)) = (r, c) {
                return Value::Scalar(at(*i, *j));
            }
            // A block of a real matrix (`A[:, j]`, `A[i, :]`): copied column by column.
            if let (Value::Matrix(m), Some((i, j, rows, cols))) = (value, block(r, c)) {
                return Value::from_mat(m.as_ref().submatrix(i, j, rows, cols).to_owned());
            }
            Value::from_mat(Mat::from_fn(r.len(), c.len(), |i, j| {
                at(r.get(i), c.get(j))
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `:` picks the same elements as listing every position, whichever path copies them.
    fn as_list(s: &Selection) -> Selection {
        Selection::Many((0..s.len()).map(|k| s.get(k)).collect())
    }

    fn selection(extent: usize) -> impl Strategy<Value = Selection> {
        prop_oneof![
            Just(Selection::All(extent)),
            (0..extent.max(1)).prop_map(Selection::One),
        ]
    }

    proptest! {
        #[test]
        fn blocks_are_copied_like_lists(
            (rows, cols, r, c) in (0usize..5, 0usize..5).prop_flat_map(|(rows, cols)| {
                (Just(rows), Just(cols), selection(rows), selection(cols))
            }),
            fill in 0.0f64..1.0,
        ) {
            // One-position selections need a position to exist.
            prop_assume!(r.len() <= rows && c.len() <= cols);
            prop_assume!(!matches!(r, Selection::One(_)) || rows > 0);
            prop_assume!(!matches!(c, Selection::One(_)) || cols > 0);
            let m = Mat::from_fn(rows, cols, |i, j| fill + (i * 10 + j) as f64);
            let value = Value::Matrix(Arc::new(m.clone()));
            let shape = Shape::new(rows, cols);
            let fast = Selected::Grid(as_list(&r), as_list(&c));
            let block = Selected::Grid(r, c);
            let read = extract(&value, shape, &block);
            prop_assert_eq!(format!("{read:?}"), format!("{:?}", extract(&value, shape, &fast)));
            // Writing the block back, or its negation, as a list and as a block.
            let rhs = match &read {
                Value::Matrix(b) => Value::Matrix(Arc::new(Mat::from_fn(b.nrows(), b.ncols(), |i, j| -b[(i, j)]))),
                other => other.clone(),
            };
            let written = write_selection(value.clone(), &block, &rhs);
            let listed = write_selection(value, &fast, &rhs);
            prop_assert_eq!(format!("{written:?}"), format!("{listed:?}"));
        }
    }
}
