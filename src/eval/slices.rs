//! The slice path: the vector work inside hand-written algorithms (Gram–Schmidt, row
//! operations of elimination, sweeps over columns) done on the rows and columns of matrices
//! where they lie. `dot(X[:, j], Y[:, k])` (rows too) reads both in place, and
//! `X[:, j] = P[:, a] ± s * Y[:, k]` (also `* s`, `/ s` of one slice; rows `X[i, :]` alike)
//! updates the slice of an unshared real matrix in place (and `v = v ± s * Y[:, k]` a
//! vector variable), where the general evaluator copies each slice out, makes a new one
//! per operator and copies the result back.
//!
//! Like the scalar path it is tried first and only when nothing can go wrong: names hold
//! real matrices, indices are whole numbers in range, numbers are plain scalar arithmetic
//! (`eval_scalar`), slices agree in direction and length, and the memory limits leave room
//! for the copies the evaluator would make. Anything else (and every error) is left to the
//! general evaluator. The arithmetic is the evaluator's (`scalar_arithmetic`'s operations,
//! operands in the same order, the same compensated `dot`), so results are the same to
//! the bit.

use faer::Mat;

use super::env::Frame;
use super::index::whole_index;
use super::Interpreter;
use crate::builtins::compensated_sum;
use crate::intern::Symbol;
use crate::op::BinaryOp;
use crate::syntax::ast::{Expr, ExprKind, Target};
use crate::value::Value;

/// `name[:, k]` or `name[k, :]`: a variable, a direction and a 0-based position in range.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Slice {
    symbol: Symbol,
    /// A row (`X[k, :]`) rather than a column.
    row: bool,
    k: usize,
}

impl Slice {
    /// Its elements in `m`, in order.
    fn of<'m>(self, m: &'m Mat<f64>) -> impl Iterator<Item = f64> + Clone + 'm {
        (0..length(self, m)).map(move |i| match self.row {
            true => m[(self.k, i)],
            false => m[(i, self.k)],
        })
    }
}

/// A slice scaled by a number: `s * Y[:, k]`, `Y[:, k] * s` or `Y[:, k] / s`.
struct Scaled {
    slice: Slice,
    op: BinaryOp,
    s: f64,
    /// Whether the number is the left operand.
    s_left: bool,
}

/// The right-hand sides the path knows.
enum Update {
    /// `Y[:, k] op s` (or `s * Y[:, k]`).
    Scaled(Scaled),
    /// `P[:, a] ± scaled`.
    Combined {
        left: Slice,
        op: BinaryOp,
        right: Scaled,
    },
}

impl Interpreter {
    /// `dot` of two real rows or columns of one length, read where they lie; `None` for
    /// every other call.
    pub(super) fn slice_dot(&self, args: &[Expr], frame: &Frame) -> Option<f64> {
        let [u, v] = args else {
            return None;
        };
        let (u, v) = (self.slice(u, frame)?, self.slice(v, frame)?);
        let (a, b) = (self.real(u.symbol, frame)?, self.real(v.symbol, frame)?);
        let n = length(u, a);
        // The evaluator holds both slices while `dot` runs.
        if n == 0 || length(v, b) != n || !self.host.has_room(n, n.saturating_mul(2)) {
            return None;
        }
        if !u.row && !v.row {
            let pairs = a.col_as_slice(u.k).iter().zip(b.col_as_slice(v.k));
            return Some(compensated_sum(pairs.map(|(x, y)| x * y)));
        }
        Some(compensated_sum(u.of(a).zip(v.of(b)).map(|(x, y)| x * y)))
    }

    /// `X[:, j] = ...` or `X[i, :] = ...` with a right-hand side of the forms above, done in
    /// place. `false` when the statement is anything else, for the general path (which
    /// gives its errors).
    pub(super) fn assign_slice(
        &mut self,
        target: Target,
        indices: &[Expr],
        value: &Expr,
        frame: &mut Frame,
    ) -> bool {
        match self.plan_update(target, indices, value, frame) {
            Some((update, here, n)) => self.apply(target, update, here, n, frame),
            None => false,
        }
    }

    /// `v = v ± s * Y[:, k]` (rows alike) for a variable `v` holding a real column (or row)
    /// of the slice's length, done in place. `false` when the statement is anything else.
    pub(super) fn assign_vector(
        &mut self,
        target: Target,
        value: &Expr,
        frame: &mut Frame,
    ) -> bool {
        match self.plan_vector(target, value, frame) {
            Some((update, here, n)) => self.apply(target, update, here, n, frame),
            None => false,
        }
    }

    /// Writes `update` into the slice `here` (of `n` elements) of the variable `target`,
    /// if it holds a matrix nothing else holds; `false` (with nothing changed) if not.
    fn apply(
        &mut self,
        target: Target,
        update: Update,
        here: Slice,
        n: usize,
        frame: &mut Frame,
    ) -> bool {
        // The slice that is scaled is copied aside first (it may be in the matrix that is
        // then borrowed mutably); so is the left slice unless it is the one written.
        let mut scratch = std::mem::take(&mut self.slice_scratch);
        scratch.clear();
        let (scaled, left, op) = match &update {
            Update::Scaled(s) => (s, None, None),
            Update::Combined { left, op, right } => (right, Some(*left), Some(*op)),
        };
        let mut copy = |c: Slice, this: &Interpreter| -> Option<()> {
            let m = this.real(c.symbol, frame)?;
            match c.row {
                false => scratch.extend_from_slice(m.col_as_slice(c.k)),
                true => scratch.extend(c.of(m)),
            }
            Some(())
        };
        let copied = copy(scaled.slice, self).is_some()
            && left.is_none_or(|c| c == here || copy(c, self).is_some());
        let done = match (copied, self.place_mut(target.name, frame)) {
            (true, Some(Value::Matrix(matrix))) => match std::sync::Arc::get_mut(matrix) {
                Some(x) => {
                    let (y, p) = scratch.split_at(n);
                    let p = (!p.is_empty()).then_some(p);
                    let how = (scaled.s, code(scaled.op), scaled.s_left);
                    let op = op.map_or(NONE, code);
                    if here.row {
                        outer(op, x.row_mut(here.k).iter_mut(), p, y, how);
                    } else {
                        outer(op, x.col_as_slice_mut(here.k).iter_mut(), p, y, how);
                    }
                    true
                }
                None => false,
            },
            _ => false,
        };
        self.slice_scratch = scratch;
        done
    }

    /// What `X[:, j] = value` (or `X[i, :] = value`) computes, the slice written and its
    /// length, when every part is sound: `X` a real matrix with that slice, every slice
    /// read one of the same direction and length, and room for the evaluator's copies.
    fn plan_update(
        &self,
        target: Target,
        indices: &[Expr],
        value: &Expr,
        frame: &Frame,
    ) -> Option<(Update, Slice, usize)> {
        let ExprKind::Binary {
            op, left, right, ..
        } = &value.kind
        else {
            return None;
        };
        // The form is checked before anything is evaluated, so other statements pay little.
        if !(update_form(*op, left, right) && indices.iter().any(is_all)) {
            return None;
        }
        let here = self.slice_at(target.name, indices, frame)?;
        let n = length(here, self.real(target.name, frame)?);
        let update = match op {
            BinaryOp::Add | BinaryOp::DotAdd | BinaryOp::Sub | BinaryOp::DotSub => {
                let ExprKind::Binary {
                    op: inner,
                    left: l,
                    right: r,
                    ..
                } = &right.kind
                else {
                    return None;
                };
                Update::Combined {
                    left: self.slice(left, frame)?,
                    op: *op,
                    right: self.scaled(*inner, l, r, frame)?,
                }
            }
            _ => Update::Scaled(self.scaled(*op, left, right, frame)?),
        };
        let slices = match &update {
            Update::Scaled(s) => [s.slice, s.slice],
            Update::Combined { left, right, .. } => [*left, right.slice],
        };
        for c in slices {
            if c.row != here.row || length(c, self.real(c.symbol, frame)?) != n {
                return None;
            }
        }
        // The evaluator's peak: the left slice, the scaled slice and a result.
        (n > 0 && self.host.has_room(n, n.saturating_mul(3))).then_some((update, here, n))
    }

    /// What `v = v ± scaled` computes, the slice of `v` that is all of it and its length,
    /// when `v` holds a real column (or row) of the scaled slice's direction and length.
    fn plan_vector(
        &self,
        target: Target,
        value: &Expr,
        frame: &Frame,
    ) -> Option<(Update, Slice, usize)> {
        let ExprKind::Binary {
            op: op @ (BinaryOp::Add | BinaryOp::DotAdd | BinaryOp::Sub | BinaryOp::DotSub),
            left,
            right,
            ..
        } = &value.kind
        else {
            return None;
        };
        let (
            ExprKind::Name(symbol),
            ExprKind::Binary {
                op: inner,
                left: l,
                right: r,
                ..
            },
        ) = (&left.kind, &right.kind)
        else {
            return None;
        };
        if *symbol != target.name || !scaled_form(*inner, l, r) {
            return None;
        }
        let v = self.real(target.name, frame)?;
        let (row, n) = match v.shape() {
            (n, 1) if n >= 2 => (false, n),
            (1, n) if n >= 2 => (true, n),
            _ => return None,
        };
        let here = Slice {
            symbol: target.name,
            row,
            k: 0,
        };
        let right = self.scaled(*inner, l, r, frame)?;
        let y = self.real(right.slice.symbol, frame)?;
        if right.slice.row != row || length(right.slice, y) != n {
            return None;
        }
        // The evaluator's peak: `v` held, the scaled slice and a result.
        let update = Update::Combined {
            left: here,
            op: *op,
            right,
        };
        self.host
            .has_room(n, n.saturating_mul(3))
            .then_some((update, here, n))
    }

    /// `s * Y[:, k]`, `Y[:, k] * s` or `Y[:, k] / s` (and the dotted forms; rows alike).
    fn scaled(&self, op: BinaryOp, left: &Expr, right: &Expr, frame: &Frame) -> Option<Scaled> {
        let number = |e: &Expr| self.eval_scalar(e, frame);
        match op {
            BinaryOp::Mul | BinaryOp::DotMul => match self.slice(right, frame) {
                Some(slice) => Some(Scaled {
                    slice,
                    op,
                    s: number(left)?,
                    s_left: true,
                }),
                None => Some(Scaled {
                    slice: self.slice(left, frame)?,
                    op,
                    s: number(right)?,
                    s_left: false,
                }),
            },
            BinaryOp::Div | BinaryOp::DotDiv => Some(Scaled {
                slice: self.slice(left, frame)?,
                op,
                s: number(right)?,
                s_left: false,
            }),
            _ => None,
        }
    }

    /// `name[:, k]` or `name[k, :]` with `name` a real matrix and `k` a whole number in
    /// range.
    fn slice(&self, expr: &Expr, frame: &Frame) -> Option<Slice> {
        let ExprKind::Index { target, indices } = &expr.kind else {
            return None;
        };
        let ExprKind::Name(symbol) = target.kind else {
            return None;
        };
        self.slice_at(symbol, indices, frame)
    }

    /// The slice `[:, k]` or `[k, :]` of the real matrix `symbol` holds.
    fn slice_at(&self, symbol: Symbol, indices: &[Expr], frame: &Frame) -> Option<Slice> {
        let [i, j] = indices else {
            return None;
        };
        let m = self.real(symbol, frame)?;
        let (row, k, extent) = match (is_all(i), is_all(j)) {
            (true, false) => (false, j, m.ncols()),
            (false, true) => (true, i, m.nrows()),
            _ => return None,
        };
        let k = whole_index(self.eval_scalar(k, frame)?, extent)?;
        Some(Slice { symbol, row, k })
    }

    /// The real matrix a variable holds.
    fn real<'a>(&'a self, symbol: Symbol, frame: &'a Frame) -> Option<&'a Mat<f64>> {
        match self.read(symbol, frame)? {
            Value::Matrix(m) => Some(m),
            _ => None,
        }
    }
}

/// Whether an index is `:`.
fn is_all(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::All)
}

/// Whether an expression is written as a slice, `name[:, k]` or `name[k, :]`.
fn slice_form(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Index { target, indices } => {
            matches!(target.kind, ExprKind::Name(_))
                && matches!(indices.as_slice(), [i, j] if is_all(i) != is_all(j))
        }
        _ => false,
    }
}

/// Whether `left op right` is written as a scaled slice.
fn scaled_form(op: BinaryOp, left: &Expr, right: &Expr) -> bool {
    match op {
        BinaryOp::Mul | BinaryOp::DotMul => slice_form(left) || slice_form(right),
        BinaryOp::Div | BinaryOp::DotDiv => slice_form(left),
        _ => false,
    }
}

/// Whether `left op right` is written as an update the path knows.
fn update_form(op: BinaryOp, left: &Expr, right: &Expr) -> bool {
    let scaled = scaled_form;
    match (op, &right.kind) {
        (
            BinaryOp::Add | BinaryOp::DotAdd | BinaryOp::Sub | BinaryOp::DotSub,
            ExprKind::Binary {
                op: inner,
                left: l,
                right: r,
                ..
            },
        ) => slice_form(left) && scaled(*inner, l, r),
        _ => scaled(op, left, right),
    }
}

/// How many elements a slice of `m` has.
fn length(slice: Slice, m: &Mat<f64>) -> usize {
    if slice.row {
        m.ncols()
    } else {
        m.nrows()
    }
}

/// Operators as constants, so that each update loop is compiled for its own pair.
const ADD: u8 = 0;
const SUB: u8 = 1;
const MUL: u8 = 2;
const DIV: u8 = 3;
/// No left slice: the update is the scaled slice alone.
const NONE: u8 = 4;

/// The constant of an operator a plan holds (the dotted forms are the same on numbers).
fn code(op: BinaryOp) -> u8 {
    match op {
        BinaryOp::Add | BinaryOp::DotAdd => ADD,
        BinaryOp::Sub | BinaryOp::DotSub => SUB,
        BinaryOp::Mul | BinaryOp::DotMul => MUL,
        _ => DIV,
    }
}

/// `scalar_arithmetic` for one operator known when compiling.
#[inline(always)]
fn arith<const OP: u8>(a: f64, b: f64) -> f64 {
    match OP {
        ADD => a + b,
        SUB => a - b,
        MUL => a * b,
        _ => a / b,
    }
}

/// The number, the scaling operator and whether the number is on its left.
type How = (f64, u8, bool);

/// Chooses the loop for the combining operator.
fn outer<'a>(
    op: u8,
    slice: impl Iterator<Item = &'a mut f64>,
    p: Option<&[f64]>,
    y: &[f64],
    how: How,
) {
    match op {
        NONE => inner::<NONE>(slice, p, y, how),
        ADD => inner::<ADD>(slice, p, y, how),
        _ => inner::<SUB>(slice, p, y, how),
    }
}

/// Chooses the loop for the scaling operator and its side.
fn inner<'a, const OUTER: u8>(
    slice: impl Iterator<Item = &'a mut f64>,
    p: Option<&[f64]>,
    y: &[f64],
    (s, op, s_left): How,
) {
    match (op, s_left) {
        (MUL, true) => update::<OUTER, MUL, true>(slice, p, y, s),
        (MUL, false) => update::<OUTER, MUL, false>(slice, p, y, s),
        _ => update::<OUTER, DIV, false>(slice, p, y, s),
    }
}

/// `slice = p OUTER (s INNER y)` (or `y INNER s`), element by element, with `p` the slice
/// itself when `None`; the scaled `y` alone when `OUTER` is `NONE`.
fn update<'a, const OUTER: u8, const INNER: u8, const S_LEFT: bool>(
    slice: impl Iterator<Item = &'a mut f64>,
    p: Option<&[f64]>,
    y: &[f64],
    s: f64,
) {
    let scaled = |y: f64| {
        if S_LEFT {
            arith::<INNER>(s, y)
        } else {
            arith::<INNER>(y, s)
        }
    };
    match (OUTER, p) {
        (NONE, _) => slice.zip(y).for_each(|(c, &y)| *c = scaled(y)),
        (_, Some(p)) => {
            for ((c, &p), &y) in slice.zip(p).zip(y) {
                *c = arith::<OUTER>(p, scaled(y));
            }
        }
        (_, None) => {
            for (c, &y) in slice.zip(y) {
                *c = arith::<OUTER>(*c, scaled(y));
            }
        }
    }
}
