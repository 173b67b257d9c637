//! The scalar fast path: an expression made only of numbers, scalar variables and
//! arithmetic is computed straight to an `f64`, with no `Value` or `Result` in between.
//! Statements try it first and fall back to the general evaluator when it meets anything
//! else; it is pure, so trying costs at most one partial walk.

use super::env::Frame;
use super::Interpreter;
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, UnaryOp};
use crate::value::Value;

/// Deepest expression the fast path walks; deeper ones take the general path.
const MAX_DEPTH: u32 = 48;

impl Interpreter {
    /// The expression's value if it is plain scalar arithmetic, else `None`.
    pub(super) fn eval_scalar(&self, expr: &Expr, frame: &Frame) -> Option<f64> {
        self.eval_scalar_within(expr, frame, MAX_DEPTH)
    }

    /// `eval_scalar` that gives up below `depth` levels, leaving deep trees to the general
    /// evaluator, which guards its stack.
    fn eval_scalar_within(&self, expr: &Expr, frame: &Frame, depth: u32) -> Option<f64> {
        let depth = depth.checked_sub(1)?;
        match &expr.kind {
            ExprKind::Number(x) => Some(*x),
            ExprKind::Name(symbol) => match self.read(*symbol, frame) {
                Some(Value::Scalar(x)) => Some(*x),
                _ => None,
            },
            ExprKind::Binary {
                op, left, right, ..
            } => {
                let a = self.eval_scalar_within(left, frame, depth)?;
                let b = self.eval_scalar_within(right, frame, depth)?;
                Some(match op {
                    BinaryOp::Add | BinaryOp::DotAdd => a + b,
                    BinaryOp::Sub | BinaryOp::DotSub => a - b,
                    BinaryOp::Mul | BinaryOp::DotMul => a * b,
                    BinaryOp::Div | BinaryOp::DotDiv => a / b,
                    BinaryOp::LeftDiv => b / a,
                    BinaryOp::Pow | BinaryOp::DotPow => a.powf(b),
                    _ => return None,
                })
            }
            ExprKind::Unary {
                op: UnaryOp::Neg,
                operand,
                ..
            } => Some(-self.eval_scalar_within(operand, frame, depth)?),
            ExprKind::Unary {
                op: UnaryOp::Plus | UnaryOp::Adjoint | UnaryOp::Transpose,
                operand,
                ..
            } => self.eval_scalar_within(operand, frame, depth),
            _ => None,
        }
    }

    /// A comparison of two scalar expressions, if the condition is one.
    pub(super) fn eval_scalar_test(&self, expr: &Expr, frame: &Frame) -> Option<bool> {
        let ExprKind::Binary {
            op, left, right, ..
        } = &expr.kind
        else {
            return None;
        };
        let compare: fn(f64, f64) -> bool = match op {
            BinaryOp::Eq => |a, b| a == b,
            BinaryOp::Ne => |a, b| a != b,
            BinaryOp::Lt => |a, b| a < b,
            BinaryOp::Le => |a, b| a <= b,
            BinaryOp::Gt => |a, b| a > b,
            BinaryOp::Ge => |a, b| a >= b,
            _ => return None,
        };
        Some(compare(
            self.eval_scalar(left, frame)?,
            self.eval_scalar(right, frame)?,
        ))
    }

    /// Evaluates a statement's right-hand side, trying the scalar path first.
    pub(super) fn eval_value(
        &mut self,
        expr: &Expr,
        frame: &mut Frame,
    ) -> crate::diagnostic::Fallible<Value> {
        match self.eval_scalar(expr, frame) {
            Some(x) => Ok(Value::Scalar(x)),
            None => self.eval(expr, frame),
        }
    }
}
