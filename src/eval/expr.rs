//! Evaluating expressions. Leaves (numbers, names) take a direct path; compound nodes run
//! under `stacker` so deeply nested input cannot overflow the stack.

use super::env::Frame;
use super::stmt::truth;
use super::Interpreter;
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::intern::Symbol;
use crate::op::{BinaryOp, UnaryOp};
use crate::ops::{self, Operands};
use crate::source::Span;
use crate::syntax::ast::{Expr, ExprKind};
use crate::value::Value;

impl Interpreter {
    /// Evaluates an expression to a value.
    pub(super) fn eval(&mut self, expr: &Expr, frame: &mut Frame) -> Fallible<Value> {
        match &expr.kind {
            ExprKind::Number(x) => Ok(Value::Scalar(*x)),
            ExprKind::Name(symbol) => match self.read(*symbol, frame) {
                Some(value) => Ok(value.clone()),
                None => self.name_fallback(*symbol, expr.span, frame),
            },
            _ => super::grow_stack(|| self.eval_compound(expr, frame)),
        }
    }

    fn eval_compound(&mut self, expr: &Expr, frame: &mut Frame) -> Fallible<Value> {
        match &expr.kind {
            ExprKind::Number(x) => Ok(Value::Scalar(*x)),
            ExprKind::Imaginary(x) => Ok(Value::complex(faer::c64::new(0.0, *x))),
            ExprKind::Str(s) => Ok(Value::Str(s.clone())),
            ExprKind::Bool(b) => Ok(Value::Bool(*b)),
            ExprKind::Name(symbol) => match self.read(*symbol, frame) {
                Some(value) => Ok(value.clone()),
                None => self.name_fallback(*symbol, expr.span, frame),
            },
            ExprKind::End => match self.end_stack.last() {
                Some(&n) => Ok(Value::Scalar(n as f64)),
                None => {
                    Err(
                        Diagnostic::error(ErrorKind::Control, expr.span, "`end` outside an index")
                            .label(expr.span, "`end` means the last index only inside A[...]")
                            .boxed(),
                    )
                }
            },
            ExprKind::All => {
                Err(
                    Diagnostic::error(ErrorKind::Control, expr.span, "`:` alone is only an index")
                        .label(
                            expr.span,
                            "use it inside A[...] to mean every row or column",
                        )
                        .boxed(),
                )
            }
            ExprKind::Matrix(items) => self.matrix_literal(items, expr.span, frame),
            ExprKind::Range { start, step, end } => {
                let range = self.range_bounds(start, step.as_deref(), end, frame)?;
                self.range_value(range, expr.span)
            }
            ExprKind::Unary {
                op,
                op_span,
                operand,
            } => {
                let value = self.eval(operand, frame)?;
                if matches!(
                    value,
                    Value::Matrix(_) | Value::ComplexMatrix(_) | Value::Logical(_)
                ) {
                    // `-A`, `A'` and `!A` make a new matrix while the operand is alive.
                    let shape = value.shape();
                    let held = self.host.hold(&value);
                    let room = self.host.check_alloc(shape.rows, shape.cols, *op_span);
                    self.host.release(held);
                    room?;
                }
                ops::arith::unary(*op, &value, *op_span, operand.span)
            }
            ExprKind::Binary {
                op: BinaryOp::Mul,
                left,
                ..
            } if self.is_builtin_call(left, "inv") => {
                // inv(A)*b: whatever goes wrong, solving is the better road.
                self.eval_binary(expr, frame).map_err(|mut e| {
                    ops::rules::suggest_solve(&mut e);
                    e
                })
            }
            ExprKind::Binary { .. } => self.eval_binary(expr, frame),
            ExprKind::Call {
                name,
                name_span,
                args,
                keywords,
            } => match self.call(*name, *name_span, expr.span, args, keywords, 1, frame)? {
                Some(Value::Tuple(items)) => match items.first() {
                    Some(first) => Ok(first.clone()),
                    None => Err(no_value(self.names.name(*name), expr.span)),
                },
                Some(value) => Ok(value),
                None => Err(no_value(self.names.name(*name), expr.span)),
            },
            ExprKind::Index { target, indices } => {
                let value = self.eval(target, frame)?;
                self.index_read(&value, target.span, indices, frame)
            }
            ExprKind::Lambda(def) => Ok(self.make_lambda(def, frame)),
            ExprKind::Tuple(items) => {
                let mut values = Vec::with_capacity(items.len());
                for item in items {
                    values.push(self.eval(item, frame)?);
                }
                Ok(Value::Tuple(values.into()))
            }
        }
    }

    fn eval_binary(&mut self, expr: &Expr, frame: &mut Frame) -> Fallible<Value> {
        let ExprKind::Binary {
            op,
            op_span,
            left,
            right,
            ..
        } = &expr.kind
        else {
            return self.eval_compound(expr, frame);
        };
        let at = Operands {
            left: left.span,
            op: *op_span,
            right: right.span,
        };
        match op {
            BinaryOp::And | BinaryOp::Or => self.short_circuit(*op, left, right, frame),
            BinaryOp::Mul if is_transpose(left) || is_transpose(right) => {
                // A transposed operand is handed to the product as a view.
                let (l, lt) = self.eval_operand(left, frame)?;
                let held = self.host.hold(&l);
                let (r, rt) = self.eval_operand(right, frame)?;
                let held = held + self.host.hold(&r);
                if l.is_numeric() && r.is_numeric() {
                    let product = ops::product::multiply((&l, lt), (&r, rt), at, &self.host);
                    self.host.release(held);
                    return product;
                }
                self.host.release(held);
                // Mixed with a complex value: materialise the transposes.
                let l = if lt {
                    ops::arith::unary(UnaryOp::Transpose, &l, at.op, at.left)?
                } else {
                    l
                };
                let r = if rt {
                    ops::arith::unary(UnaryOp::Transpose, &r, at.op, at.right)?
                } else {
                    r
                };
                ops::arith::binary(*op, &l, &r, at, &mut self.host)
            }
            _ => {
                let l = self.eval(left, frame)?;
                // The left operand stays alive while the right one and the result are made.
                let held = self.host.hold(&l);
                let r = self.eval(right, frame)?;
                let held = held + self.host.hold(&r);
                let result = ops::arith::binary_owned(*op, l, r, at, &mut self.host);
                self.host.release(held);
                result
            }
        }
    }

    /// True when `expr` calls the builtin `name` (not a user or host function of that name).
    fn is_builtin_call(&self, expr: &Expr, name: &str) -> bool {
        match &expr.kind {
            ExprKind::Call { name: symbol, .. } => {
                self.names.name(*symbol) == name
                    && !matches!(self.functions.get(symbol.index()), Some(Some(_)))
                    && !matches!(self.host_functions.get(symbol.index()), Some(Some(_)))
            }
            _ => false,
        }
    }

    /// Evaluates a product operand, peeling a transpose so the product gets a view.
    fn eval_operand(&mut self, expr: &Expr, frame: &mut Frame) -> Fallible<(Value, bool)> {
        if let ExprKind::Unary {
            op: op @ (UnaryOp::Adjoint | UnaryOp::Transpose),
            op_span,
            operand,
        } = &expr.kind
        {
            let value = self.eval(operand, frame)?.numeric();
            if matches!(value, Value::Matrix(_)) {
                return Ok((value, true));
            }
            return Ok((
                ops::arith::unary(*op, &value, *op_span, operand.span)?,
                false,
            ));
        }
        Ok((self.eval(expr, frame)?.numeric(), false))
    }

    fn short_circuit(
        &mut self,
        op: BinaryOp,
        left: &Expr,
        right: &Expr,
        frame: &mut Frame,
    ) -> Fallible<Value> {
        let what = format!("operand of `{}`", op.symbol());
        let l = self.eval(left, frame)?;
        let l = truth(&l, left.span, &what)?;
        match (op, l) {
            (BinaryOp::And, false) => Ok(Value::Bool(false)),
            (BinaryOp::Or, true) => Ok(Value::Bool(true)),
            _ => {
                let r = self.eval(right, frame)?;
                Ok(Value::Bool(truth(&r, right.span, &what)?))
            }
        }
    }

    /// A name that is not a variable: a constant, or an error that says what it is instead.
    fn name_fallback(&self, symbol: Symbol, span: Span, frame: &Frame) -> Fallible<Value> {
        if let Some(Some(x)) = self.constants.get(symbol.index()) {
            return Ok(Value::Scalar(*x));
        }
        // `I` without arguments: the identity that takes its size from its neighbour.
        if self.names.name(symbol) == "I"
            && matches!(self.builtins.get(symbol.index()), Some(Some(_)))
        {
            return Ok(Value::Identity(1.0));
        }
        // A function named where a value is wanted is a function value: `g = sq`.
        if let Some(f) = self.named_function(symbol) {
            return Ok(f);
        }
        Err(self.unknown_name(symbol, span, frame))
    }

    /// "unknown variable" with what the name is instead, or the closest known name.
    pub(super) fn unknown_name(
        &self,
        symbol: Symbol,
        span: Span,
        frame: &Frame,
    ) -> Box<Diagnostic> {
        let name = self.names.name(symbol);
        let is_function = matches!(self.functions.get(symbol.index()), Some(Some(_)))
            || matches!(self.host_functions.get(symbol.index()), Some(Some(_)));
        let is_builtin = matches!(self.builtins.get(symbol.index()), Some(Some(_)));
        if is_function || is_builtin {
            return Diagnostic::error(
                ErrorKind::Name,
                span,
                format!("`{name}` is a function, not a value"),
            )
            .label(span, "a function")
            .help(format!("call it: {name}(...)"))
            .boxed();
        }
        let mut d = Diagnostic::error(ErrorKind::Name, span, format!("unknown variable `{name}`"))
            .label(span, "not defined");
        if let Some(help) = self.suggest_name(name, frame, false) {
            d = d.help(help);
        }
        d.boxed()
    }
}

fn is_transpose(expr: &Expr) -> bool {
    matches!(
        expr.kind,
        ExprKind::Unary {
            op: UnaryOp::Adjoint | UnaryOp::Transpose,
            ..
        }
    )
}

fn no_value(name: &str, span: Span) -> Box<Diagnostic> {
    Diagnostic::error(ErrorKind::Type, span, format!("`{name}` gives no value"))
        .label(span, "this call gives nothing to use")
        .note("a function's value is its last expression; `print`, `assert` and `seed` give none")
        .boxed()
}
