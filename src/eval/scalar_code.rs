//! Scalar arithmetic translated once into flat postfix code: an expression made only of
//! numbers, names, elements `A[i, j]` and `+ - * / \ ^` (and their dotted forms), with
//! every name already resolved to a local slot or a top-level variable. The evaluator runs it over a small
//! fixed stack of `f64`, with no recursion, `Value` or `Result` per node; a name that holds
//! anything but a real number sends the expression back to the general evaluator.
//!
//! ```text
//! s + i*i   →   load s, load i, load i, mul, add
//! ```

use std::sync::OnceLock;

use crate::intern::Symbol;
use crate::op::{BinaryOp, UnaryOp};
use crate::source::{SourceId, Span};
use crate::syntax::ast::{Expr, ExprKind, NodeId};

/// The deepest operand stack translated code may need; deeper expressions are not translated.
pub const STACK: usize = 8;

/// Levels of nesting translation walks before it gives up (it then stays with the general
/// evaluator, which guards its own stack).
const MAX_DEPTH: u32 = 64;

/// One step of scalar code.
#[derive(Clone, Copy, Debug)]
pub enum Step {
    /// Pushes a number.
    Const(f64),
    /// Pushes the top-level variable `symbol`.
    Global(Symbol),
    /// Pushes a function's local `slot`, or the top-level variable `symbol` while the
    /// local is not set yet.
    Local {
        /// The name.
        symbol: Symbol,
        /// Its slot in the function's frame.
        slot: u32,
    },
    /// Pops two numbers, pushes `op` applied to them (always an arithmetic operator).
    Binary(BinaryOp),
    /// Negates the top of the stack.
    Neg,
    /// Pops `count` (1 or 2) indices and pushes that element of the real matrix held by
    /// `symbol` (the local `slot` first, as for `Local`): `A[k]` counts down the columns,
    /// `A[i, j]` takes row and column.
    Element {
        /// The matrix's name.
        symbol: Symbol,
        /// Its slot in the function's frame, if it is a local there.
        slot: Option<u32>,
        /// How many indices.
        count: u8,
    },
}

/// Translated scalar code for one expression.
#[derive(Clone, Debug)]
pub struct ScalarCode {
    steps: Box<[Step]>,
}

/// Where a binary expression's translated code is kept: filled the first time it is evaluated
/// as a scalar (`None` inside when it is not plain scalar arithmetic).
type Slot = OnceLock<Option<ScalarCode>>;

/// The translated code of every binary expression the interpreter has read, kept beside the
/// tree: one table per source, one slot per numbered node (`NodeId`).
#[derive(Default)]
pub struct CodeTable {
    by_source: Vec<Box<[Slot]>>,
}

impl CodeTable {
    /// Makes room for a program of `nodes` numbered nodes read from `source`.
    pub fn add_program(&mut self, source: SourceId, nodes: u32) {
        let source = source.0 as usize;
        if self.by_source.len() <= source {
            self.by_source.resize_with(source + 1, Box::default);
        }
        self.by_source[source] = (0..nodes).map(|_| Slot::new()).collect();
    }

    /// The slot of node `id` of the program read from the source of `span`.
    pub fn slot(&self, span: Span, id: NodeId) -> Option<&Slot> {
        self.by_source
            .get(span.source.0 as usize)?
            .get(id.0 as usize)
    }
}

impl ScalarCode {
    /// Translates `expr` into scalar code, resolving each name with `local_slot`; `None` when the expression is
    /// more than scalar arithmetic or too deep.
    pub fn translate(
        expr: &Expr,
        local_slot: &dyn Fn(Symbol) -> Option<u32>,
    ) -> Option<ScalarCode> {
        let mut steps = Vec::new();
        let needed = emit(expr, local_slot, &mut steps, MAX_DEPTH)?;
        (needed <= STACK).then(|| ScalarCode {
            steps: steps.into_boxed_slice(),
        })
    }

    /// The steps in order.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }
}

/// Whether `op` is one that scalar code computes.
fn is_arithmetic(op: BinaryOp) -> bool {
    use BinaryOp::*;
    matches!(
        op,
        Add | DotAdd | Sub | DotSub | Mul | DotMul | Div | DotDiv | LeftDiv | Pow | DotPow
    )
}

/// Appends the steps of `expr`; gives the stack depth it needs.
fn emit(
    expr: &Expr,
    local_slot: &dyn Fn(Symbol) -> Option<u32>,
    steps: &mut Vec<Step>,
    depth: u32,
) -> Option<usize> {
    let depth = depth.checked_sub(1)?;
    match &expr.kind {
        ExprKind::Number(x) => {
            steps.push(Step::Const(*x));
            Some(1)
        }
        ExprKind::Name(symbol) => {
            steps.push(match local_slot(*symbol) {
                Some(slot) => Step::Local {
                    symbol: *symbol,
                    slot,
                },
                None => Step::Global(*symbol),
            });
            Some(1)
        }
        ExprKind::Binary {
            op, left, right, ..
        } if is_arithmetic(*op) => {
            let left = emit(left, local_slot, steps, depth)?;
            let right = emit(right, local_slot, steps, depth)?;
            steps.push(Step::Binary(*op));
            Some(left.max(right + 1))
        }
        ExprKind::Unary {
            op: UnaryOp::Neg,
            operand,
            ..
        } => {
            let needed = emit(operand, local_slot, steps, depth)?;
            steps.push(Step::Neg);
            Some(needed)
        }
        ExprKind::Index { target, indices } if matches!(indices.len(), 1 | 2) => {
            let ExprKind::Name(symbol) = target.kind else {
                return None;
            };
            let mut needed = 0;
            for (k, index) in indices.iter().enumerate() {
                needed = needed.max(k + emit(index, local_slot, steps, depth)?);
            }
            steps.push(Step::Element {
                symbol,
                slot: local_slot(symbol),
                count: indices.len() as u8,
            });
            Some(needed)
        }
        // A real number is its own transpose.
        ExprKind::Unary {
            op: UnaryOp::Plus | UnaryOp::Adjoint | UnaryOp::Transpose,
            operand,
            ..
        } => emit(operand, local_slot, steps, depth),
        _ => None,
    }
}
