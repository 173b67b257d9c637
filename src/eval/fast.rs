//! The scalar fast path: an expression made only of numbers, scalar variables and
//! arithmetic is computed straight to an `f64`, with no `Value` or `Result` in between.
//! A binary expression is translated once into flat scalar code (`scalar_code`, kept in a table beside the tree) and
//! run over a small stack. Statements try this first and fall back to the general
//! evaluator when a name holds anything but a real number; it is pure, so trying costs at
//! most one partial run.

use super::env::Frame;
use super::index::whole_index;
use super::scalar_code::{ScalarCode, Step, STACK};
use super::Interpreter;
use crate::diagnostic::Fallible;
use crate::op::UnaryOp;
use crate::ops::arith::{scalar_arithmetic, scalar_comparison};
use crate::syntax::ast::{Expr, ExprKind};
use crate::value::Value;

impl Interpreter {
    /// The expression's value if it is plain scalar arithmetic, else `None`.
    pub(super) fn eval_scalar(&self, expr: &Expr, frame: &Frame) -> Option<f64> {
        if !self.fast_path {
            return None;
        }
        match &expr.kind {
            ExprKind::Number(x) => Some(*x),
            ExprKind::Name(symbol) => real(self.read(*symbol, frame)?),
            ExprKind::Binary { id, .. } => {
                let code = self.code.slot(expr.span, *id)?.get_or_init(|| {
                    ScalarCode::translate(expr, &|symbol| frame.local_slot(symbol))
                });
                self.run_scalar(code.as_ref()?, frame)
            }
            ExprKind::Index { target, indices } => match (&target.kind, indices.as_slice()) {
                (ExprKind::Name(symbol), [k]) => {
                    let k = self.eval_scalar(k, frame)?;
                    element(self.read(*symbol, frame)?, &[k])
                }
                (ExprKind::Name(symbol), [i, j]) => {
                    let (i, j) = (self.eval_scalar(i, frame)?, self.eval_scalar(j, frame)?);
                    element(self.read(*symbol, frame)?, &[i, j])
                }
                _ => None,
            },
            ExprKind::Unary {
                op: UnaryOp::Neg,
                operand,
                ..
            } => Some(-self.eval_scalar(operand, frame)?),
            ExprKind::Unary {
                op: UnaryOp::Plus | UnaryOp::Adjoint | UnaryOp::Transpose,
                operand,
                ..
            } => self.eval_scalar(operand, frame),
            _ => None,
        }
    }

    /// Runs translated scalar code; `None` when a name holds anything but a real number.
    fn run_scalar(&self, code: &ScalarCode, frame: &Frame) -> Option<f64> {
        let mut stack = [0.0f64; STACK];
        let mut top = 0usize;
        for step in code.steps() {
            match *step {
                Step::Const(x) => {
                    *stack.get_mut(top)? = x;
                    top += 1;
                }
                Step::Global(symbol) => {
                    *stack.get_mut(top)? = real(self.read_global(symbol)?)?;
                    top += 1;
                }
                Step::Local { symbol, slot } => {
                    *stack.get_mut(top)? = real(self.read_resolved(symbol, Some(slot), frame)?)?;
                    top += 1;
                }
                Step::Binary(op) => {
                    top = top.checked_sub(1)?;
                    let b = *stack.get(top)?;
                    let a = stack.get_mut(top.checked_sub(1)?)?;
                    *a = scalar_arithmetic(op, *a, b)?;
                }
                Step::Neg => {
                    let a = stack.get_mut(top.checked_sub(1)?)?;
                    *a = -*a;
                }
                Step::Element {
                    symbol,
                    slot,
                    count,
                } => {
                    top = top.checked_sub(count as usize)?;
                    let indices = stack.get(top..top + count as usize)?;
                    let value = self.read_resolved(symbol, slot, frame)?;
                    *stack.get_mut(top)? = element(value, indices)?;
                    top += 1;
                }
            }
        }
        (top == 1).then_some(stack[0])
    }

    /// A comparison of two scalar expressions, if the condition is one.
    pub(super) fn eval_scalar_test(&self, expr: &Expr, frame: &Frame) -> Option<bool> {
        let ExprKind::Binary {
            op, left, right, ..
        } = &expr.kind
        else {
            return None;
        };
        if !op.is_comparison() || !self.fast_path {
            return None;
        }
        scalar_comparison(
            *op,
            self.eval_scalar(left, frame)?,
            self.eval_scalar(right, frame)?,
        )
    }

    /// Evaluates a statement's right-hand side, trying the scalar path first.
    pub(super) fn eval_value(&mut self, expr: &Expr, frame: &mut Frame) -> Fallible<Value> {
        match self.eval_scalar(expr, frame) {
            Some(x) => Ok(Value::Scalar(x)),
            None => self.eval(expr, frame),
        }
    }
}

/// `value[indices]` when `value` is a real matrix and the one or two 1-based indices are
/// whole numbers in range; `None` leaves every other case (and its error) to the general
/// evaluator.
fn element(value: &Value, indices: &[f64]) -> Option<f64> {
    let Value::Matrix(m) = value else {
        return None;
    };
    let (i, j) = match *indices {
        [k] => {
            let p = whole_index(k, m.nrows() * m.ncols())?;
            (p % m.nrows(), p / m.nrows())
        }
        [i, j] => (whole_index(i, m.nrows())?, whole_index(j, m.ncols())?),
        _ => return None,
    };
    // In range: each position was checked against its extent above.
    Some(m[(i, j)])
}

/// The number a value holds, if it is a real scalar.
fn real(value: &Value) -> Option<f64> {
    match value {
        Value::Scalar(x) => Some(*x),
        _ => None,
    }
}
