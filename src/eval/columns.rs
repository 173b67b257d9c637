//! The column fast path: the vector work inside hand-written algorithms (Gram–Schmidt,
//! Householder steps, sweeps over columns) done on the columns where they lie.
//! `dot(X[:, j], Y[:, k])` reads both columns in place, and
//! `X[:, j] = P[:, a] ± s * Y[:, k]` (also `* s`, `/ s` of one column) updates column `j`
//! of an unshared real matrix in place, where the general evaluator copies each column out,
//! makes a new one per operator and copies the result back.
//!
//! Like the scalar path it is tried first and only when nothing can go wrong: names hold
//! real matrices, indices are whole numbers in range, numbers are plain scalar arithmetic
//! (`eval_scalar`), shapes agree and the memory limits leave room for the copies the
//! evaluator would make. Anything else (and every error) is left to the general
//! evaluator. The arithmetic is the evaluator's (`scalar_arithmetic`'s operations, operands in the
//! same order, the same compensated `dot`), so results are the same to the bit.

use faer::Mat;

use super::env::Frame;
use super::index::whole_index;
use super::Interpreter;
use crate::builtins::dot_slices;
use crate::intern::Symbol;
use crate::op::BinaryOp;
use crate::syntax::ast::{Expr, ExprKind, Target};
use crate::value::Value;

/// `name[:, j]`: a variable and a 0-based column in range.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Column {
    symbol: Symbol,
    j: usize,
}

/// A column scaled by a number: `s * Y[:, k]`, `Y[:, k] * s` or `Y[:, k] / s`.
struct Scaled {
    column: Column,
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
        left: Column,
        op: BinaryOp,
        right: Scaled,
    },
}

impl Interpreter {
    /// `dot(X[:, j], Y[:, k])` of two real columns of one length, read where they lie;
    /// `None` for every other call.
    pub(super) fn column_dot(&self, args: &[Expr], frame: &Frame) -> Option<f64> {
        let [u, v] = args else {
            return None;
        };
        let (u, v) = (self.column(u, frame)?, self.column(v, frame)?);
        let (a, b) = (self.real(u.symbol, frame)?, self.real(v.symbol, frame)?);
        let m = a.nrows();
        // The evaluator holds both columns while `dot` runs.
        if m == 0 || b.nrows() != m || !self.host.has_room(m, m.saturating_mul(2)) {
            return None;
        }
        Some(dot_slices(a.col_as_slice(u.j), b.col_as_slice(v.j)))
    }

    /// `X[:, j] = ...` with a right-hand side of the forms above, done in place. `false`
    /// when the statement is anything else, for the general path (which gives its errors).
    pub(super) fn assign_column(
        &mut self,
        target: Target,
        indices: &[Expr],
        value: &Expr,
        frame: &mut Frame,
    ) -> bool {
        let Some((update, j, m)) = self.plan_update(target, indices, value, frame) else {
            return false;
        };
        let here = Column {
            symbol: target.name,
            j,
        };
        // The column read and scaled is copied aside first (it may be in the matrix that is
        // then borrowed mutably); so is the left column unless it is the one written.
        let mut scratch = std::mem::take(&mut self.column_scratch);
        scratch.clear();
        let (scaled, left, op) = match &update {
            Update::Scaled(s) => (s, None, None),
            Update::Combined { left, op, right } => (right, Some(*left), Some(*op)),
        };
        let mut copy = |c: Column, this: &Interpreter| -> Option<()> {
            scratch.extend_from_slice(this.real(c.symbol, frame)?.col_as_slice(c.j));
            Some(())
        };
        let copied = copy(scaled.column, self).is_some()
            && left.is_none_or(|c| c == here || copy(c, self).is_some());
        let done = match (copied, self.place_mut(target.name, frame)) {
            (true, Some(Value::Matrix(matrix))) => match std::sync::Arc::get_mut(matrix) {
                Some(x) => {
                    let (y, p) = scratch.split_at(m);
                    let p = (!p.is_empty()).then_some(p);
                    let (s, s_left, inner) = (scaled.s, scaled.s_left, code(scaled.op));
                    let column = x.col_as_slice_mut(j);
                    match op.map(code) {
                        None => outer::<NONE>(column, p, y, s, inner, s_left),
                        Some(ADD) => outer::<ADD>(column, p, y, s, inner, s_left),
                        Some(_) => outer::<SUB>(column, p, y, s, inner, s_left),
                    }
                    true
                }
                None => false,
            },
            _ => false,
        };
        self.column_scratch = scratch;
        done
    }

    /// What `X[:, j] = value` computes, the 0-based `j` and the rows, when every part is
    /// sound: `X` an unshared-or-not real matrix with column `j`, every column read of it
    /// or of another real matrix with as many rows, and room for the evaluator's copies.
    fn plan_update(
        &self,
        target: Target,
        indices: &[Expr],
        value: &Expr,
        frame: &Frame,
    ) -> Option<(Update, usize, usize)> {
        let [all, j] = indices else {
            return None;
        };
        if !matches!(all.kind, ExprKind::All) {
            return None;
        }
        let x = self.real(target.name, frame)?;
        let m = x.nrows();
        let j = whole_index(self.eval_scalar(j, frame)?, x.ncols())?;
        let ExprKind::Binary {
            op, left, right, ..
        } = &value.kind
        else {
            return None;
        };
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
                    left: self.column(left, frame)?,
                    op: *op,
                    right: self.scaled(*inner, l, r, frame)?,
                }
            }
            _ => Update::Scaled(self.scaled(*op, left, right, frame)?),
        };
        let columns = match &update {
            Update::Scaled(s) => [s.column, s.column],
            Update::Combined { left, right, .. } => [*left, right.column],
        };
        for c in columns {
            if self.real(c.symbol, frame)?.nrows() != m {
                return None;
            }
        }
        // The evaluator's peak: the left column, the scaled column and a result.
        (m > 0 && self.host.has_room(m, m.saturating_mul(3))).then_some((update, j, m))
    }

    /// `s * Y[:, k]`, `Y[:, k] * s` or `Y[:, k] / s` (and the dotted forms).
    fn scaled(&self, op: BinaryOp, left: &Expr, right: &Expr, frame: &Frame) -> Option<Scaled> {
        let number = |e: &Expr| self.eval_scalar(e, frame);
        match op {
            BinaryOp::Mul | BinaryOp::DotMul => match self.column(right, frame) {
                Some(column) => Some(Scaled {
                    column,
                    op,
                    s: number(left)?,
                    s_left: true,
                }),
                None => Some(Scaled {
                    column: self.column(left, frame)?,
                    op,
                    s: number(right)?,
                    s_left: false,
                }),
            },
            BinaryOp::Div | BinaryOp::DotDiv => Some(Scaled {
                column: self.column(left, frame)?,
                op,
                s: number(right)?,
                s_left: false,
            }),
            _ => None,
        }
    }

    /// `name[:, j]` with `name` a real matrix and `j` a whole number in range.
    fn column(&self, expr: &Expr, frame: &Frame) -> Option<Column> {
        let ExprKind::Index { target, indices } = &expr.kind else {
            return None;
        };
        let (ExprKind::Name(symbol), [all, j]) = (&target.kind, indices.as_slice()) else {
            return None;
        };
        if !matches!(all.kind, ExprKind::All) {
            return None;
        }
        let j = whole_index(
            self.eval_scalar(j, frame)?,
            self.real(*symbol, frame)?.ncols(),
        )?;
        Some(Column { symbol: *symbol, j })
    }

    /// The real matrix a variable holds.
    fn real<'a>(&'a self, symbol: Symbol, frame: &'a Frame) -> Option<&'a Mat<f64>> {
        match self.read(symbol, frame)? {
            Value::Matrix(m) => Some(m),
            _ => None,
        }
    }
}

/// Operators as constants, so that each update loop is compiled for its own pair.
const ADD: u8 = 0;
const SUB: u8 = 1;
const MUL: u8 = 2;
const DIV: u8 = 3;
/// No left column: the update is the scaled column alone.
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

/// Chooses the loop for the scaling operator and its side.
fn outer<const OUTER: u8>(
    column: &mut [f64],
    p: Option<&[f64]>,
    y: &[f64],
    s: f64,
    inner: u8,
    s_left: bool,
) {
    match (inner, s_left) {
        (MUL, true) => update::<OUTER, MUL, true>(column, p, y, s),
        (MUL, false) => update::<OUTER, MUL, false>(column, p, y, s),
        _ => update::<OUTER, DIV, false>(column, p, y, s),
    }
}

/// `column = p OUTER (s INNER y)` (or `y INNER s`), element by element, with `p` the column
/// itself when `None`; the scaled `y` alone when `OUTER` is `NONE`.
fn update<const OUTER: u8, const INNER: u8, const S_LEFT: bool>(
    column: &mut [f64],
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
        (NONE, _) => column.iter_mut().zip(y).for_each(|(c, &y)| *c = scaled(y)),
        (_, Some(p)) => {
            for ((c, &p), &y) in column.iter_mut().zip(p).zip(y) {
                *c = arith::<OUTER>(p, scaled(y));
            }
        }
        (_, None) => {
            for (c, &y) in column.iter_mut().zip(y) {
                *c = arith::<OUTER>(*c, scaled(y));
            }
        }
    }
}
