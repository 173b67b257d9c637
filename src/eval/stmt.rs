//! Running statements: assignments (bound only after the right-hand side succeeds), control
//! flow, function definitions, and what top-level statements show.

use std::sync::Arc;

use super::env::Frame;
use super::literal::RangeIter;
use super::Interpreter;
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::function::Function;
use crate::ops::{self, Operands};
use crate::source::Span;
use crate::syntax::ast::{AssignOp, Block, Expr, ExprKind, Stmt, StmtKind, Target};
use crate::value::Value;

/// How a statement ended.
pub(super) enum Flow {
    /// Normally, with the value of an expression statement.
    Normal(Option<Value>),
    /// By `break` (at this span).
    Break(Span),
    /// By `continue`.
    Continue(Span),
    /// By `return`, with its value.
    Return(Option<Value>),
}

impl Interpreter {
    /// Runs a top-level statement and shows what it assigned or computed unless it ended
    /// with `;`. Returns the value of an expression statement.
    pub(super) fn exec_top(&mut self, stmt: &Stmt, frame: &mut Frame) -> Fallible<Option<Value>> {
        if let StmtKind::Expr(expr) = &stmt.kind {
            // A bare variable shows under its own name and leaves `ans` alone, as in Octave.
            if let ExprKind::Name(symbol) = expr.kind {
                if let Some(value) = self.read(symbol, frame).cloned() {
                    if !stmt.silent {
                        let name = self.names.name(symbol).to_string();
                        self.emit_show(&name, &value);
                    }
                    return Ok(Some(value));
                }
            }
            if matches!(expr.kind, ExprKind::Tuple(_)) {
                return Err(tuple_at_top_level(expr.span));
            }
            let value = self.eval_statement_expr(expr, frame)?;
            if let Some(value) = &value {
                let ans = self.names.intern("ans");
                self.sync_tables();
                self.write(ans, value.clone(), frame);
                if !stmt.silent {
                    self.emit_show("ans", value);
                }
            }
            return Ok(value);
        }
        match self.exec(stmt, frame)? {
            Flow::Normal(_) => {}
            Flow::Break(span) | Flow::Continue(span) => return Err(outside_loop_error(span)),
            Flow::Return(_) => {
                return Err(Diagnostic::error(
                    ErrorKind::Control,
                    stmt.span,
                    "`return` outside a function",
                )
                .label(stmt.span, "not inside a function body")
                .boxed())
            }
        }
        if !stmt.silent {
            let shown: Vec<Target> = match &stmt.kind {
                StmtKind::Assign { target, .. } | StmtKind::IndexAssign { target, .. } => {
                    vec![*target]
                }
                StmtKind::Destructure { targets, .. } => targets.clone(),
                _ => Vec::new(),
            };
            for target in shown {
                if let Some(value) = self.read(target.name, frame).cloned() {
                    let name = self.names.name(target.name).to_string();
                    self.emit_show(&name, &value);
                }
            }
        }
        Ok(None)
    }

    /// Runs the statements of a block; its value is that of its last statement.
    pub(super) fn exec_block(&mut self, block: &Block, frame: &mut Frame) -> Fallible<Flow> {
        let mut last = Flow::Normal(None);
        for stmt in &block.statements {
            last = self.exec(stmt, frame)?;
            if !matches!(last, Flow::Normal(_)) {
                return Ok(last);
            }
        }
        Ok(last)
    }

    /// Runs one statement. The commonest kind, a number assigned to a variable, is done
    /// here, inlined into the loops that run statements; everything else goes to the
    /// general `exec_any`.
    #[inline(always)]
    pub(super) fn exec(&mut self, stmt: &Stmt, frame: &mut Frame) -> Fallible<Flow> {
        if let StmtKind::Assign {
            target,
            op: AssignOp::Set,
            value,
            ..
        } = &stmt.kind
        {
            if let Some(x) = self.eval_scalar(value, frame) {
                self.write_scalar(target.name, x, frame);
                return Ok(Flow::Normal(None));
            }
        }
        self.exec_any(stmt, frame)
    }

    /// Runs any statement.
    fn exec_any(&mut self, stmt: &Stmt, frame: &mut Frame) -> Fallible<Flow> {
        match &stmt.kind {
            StmtKind::Expr(expr) => {
                if matches!(expr.kind, ExprKind::Tuple(_)) && !frame.in_function() {
                    return Err(tuple_at_top_level(expr.span));
                }
                Ok(Flow::Normal(self.eval_statement_expr(expr, frame)?))
            }
            StmtKind::Assign {
                target,
                op,
                op_span,
                value,
            } => {
                if *op == AssignOp::Set && self.assign_vector(*target, value, frame) {
                    return Ok(Flow::Normal(None));
                }
                let rhs = self.eval_value(value, frame)?;
                let new = match op.binary() {
                    None => rhs,
                    Some(binary) => {
                        let old = self.read_or_fail(target.name, target.span, frame)?.clone();
                        let at = Operands {
                            left: target.span,
                            op: *op_span,
                            right: value.span,
                        };
                        ops::arith::binary(binary, &old, &rhs, at, &mut self.host)?
                    }
                };
                self.write(target.name, new, frame);
                Ok(Flow::Normal(None))
            }
            StmtKind::IndexAssign {
                target,
                indices,
                lhs_span,
                op,
                op_span,
                value,
            } => {
                self.index_assign(*target, indices, *lhs_span, *op, *op_span, value, frame)?;
                Ok(Flow::Normal(None))
            }
            StmtKind::Destructure { targets, value } => {
                self.destructure(targets, value, frame)?;
                Ok(Flow::Normal(None))
            }
            StmtKind::FnDef(def) => {
                if frame.in_function() {
                    return Err(Diagnostic::error(
                        ErrorKind::Control,
                        def.name.span,
                        "functions can only be defined at top level",
                    )
                    .label(def.name.span, "defined inside another function")
                    .boxed());
                }
                for (k, param) in def.params.iter().enumerate() {
                    if let Some(first) = def.params[..k].iter().find(|p| p.name == param.name) {
                        let name = self.names.name(param.name);
                        return Err(Diagnostic::error(
                            ErrorKind::Name,
                            param.span,
                            format!("the parameter `{name}` appears twice"),
                        )
                        .label(first.span, "first here")
                        .label(param.span, "and again here")
                        .help("give each parameter its own name")
                        .boxed());
                    }
                }
                let counts = crate::function::result_counts(def);
                if let Some(&(n, at)) = counts.iter().find(|(n, _)| *n >= 2) {
                    if let Some(&(m, other)) = counts.iter().find(|(m, _)| *m != n) {
                        let name = self.names.name(def.name.name);
                        let values = |k: usize| match k {
                            0 => "no value".to_string(),
                            1 => "one value".to_string(),
                            k => format!("{k} values"),
                        };
                        return Err(Diagnostic::error(
                            ErrorKind::Arity,
                            def.name.span,
                            format!("`{name}` gives {} in one place and {} in another", values(n), values(m)),
                        )
                        .label(at, format!("gives {}", values(n)))
                        .label(other, format!("gives {}", values(m)))
                        .help("every way out of a function that gives several results must give the same number of them")
                        .boxed());
                    }
                }
                let function = Arc::new(Function::new(Arc::clone(def)));
                if let Some(place) = self.functions.get_mut(def.name.name.index()) {
                    *place = Some(function);
                }
                Ok(Flow::Normal(None))
            }
            StmtKind::If {
                branches,
                otherwise,
            } => {
                for (cond, body) in branches {
                    if self.condition(cond, frame)? {
                        return self.exec_block(body, frame);
                    }
                }
                match otherwise {
                    Some(body) => self.exec_block(body, frame),
                    None => Ok(Flow::Normal(None)),
                }
            }
            StmtKind::While { cond, body } => {
                while self.condition(cond, frame)? {
                    self.tick(cond.span)?;
                    match self.exec_block(body, frame)? {
                        Flow::Break(_) => break,
                        ret @ Flow::Return(_) => return Ok(ret),
                        Flow::Normal(_) | Flow::Continue(_) => {}
                    }
                }
                Ok(Flow::Normal(None))
            }
            StmtKind::For { var, iter, body } => self.exec_for(*var, iter, body, frame),
            StmtKind::Break => Ok(Flow::Break(stmt.span)),
            StmtKind::Continue => Ok(Flow::Continue(stmt.span)),
            StmtKind::Return(value) => {
                let value = match value {
                    Some(e) => Some(self.eval(e, frame)?),
                    None => None,
                };
                Ok(Flow::Return(value))
            }
            StmtKind::Error => {
                Err(
                    Diagnostic::error(ErrorKind::Internal, stmt.span, "unparsed statement ran")
                        .boxed(),
                )
            }
        }
    }

    /// An expression used as a statement: calls may give no value (`print(x)`).
    fn eval_statement_expr(&mut self, expr: &Expr, frame: &mut Frame) -> Fallible<Option<Value>> {
        match &expr.kind {
            ExprKind::Call {
                name,
                name_span,
                args,
                keywords,
            } => self.call(*name, *name_span, expr.span, args, keywords, 1, frame),
            _ => Ok(Some(self.eval_value(expr, frame)?)),
        }
    }

    fn destructure(&mut self, targets: &[Target], value: &Expr, frame: &mut Frame) -> Fallible<()> {
        let result = match &value.kind {
            ExprKind::Call {
                name,
                name_span,
                args,
                keywords,
            } => self.call(
                *name,
                *name_span,
                value.span,
                args,
                keywords,
                targets.len(),
                frame,
            )?,
            _ => Some(self.eval(value, frame)?),
        };
        let count = targets.len();
        let items: Vec<Value> = match result {
            Some(Value::Tuple(items)) if items.len() == count => items.to_vec(),
            other => {
                let got = match &other {
                    Some(Value::Tuple(items)) => format!("{} values", items.len()),
                    Some(_) => "one value".to_string(),
                    None => "no value".to_string(),
                };
                let first = targets.first().map_or(value.span, |t| t.span);
                let names_span = targets.last().map_or(first, |t| first.to(t.span));
                // A builtin that gives several values says how many in its signature
                // (`m, n = size(A)`); asked for another count it gave its one-value form.
                if let Some((name, form)) = self.destructured_form(value) {
                    let given = form.split(',').count();
                    return Err(Diagnostic::error(
                        ErrorKind::Arity,
                        value.span,
                        format!("{count} names are assigned, but `{name}` gives {given} values"),
                    )
                    .label(names_span, format!("{count} names"))
                    .label(value.span, format!("gives {given} values"))
                    .help(format!(
                        "write `{form} = {}`",
                        self.source_text(value.span).unwrap_or(name)
                    ))
                    .boxed());
                }
                let mut d = Diagnostic::error(
                    ErrorKind::Arity,
                    value.span,
                    format!("{count} names are assigned, but the right-hand side gives {got}"),
                )
                .label(names_span, format!("{count} names"))
                .label(value.span, got.clone());
                if let Some((_, at)) = self.user_results(value) {
                    d = d.label(at, format!("{got} are returned here"));
                }
                return Err(d.boxed());
            }
        };
        for (target, item) in targets.iter().zip(items) {
            // `_` takes a result and drops it: `_, R = qr(A)`.
            if self.names.name(target.name) != "_" {
                self.write(target.name, item, frame);
            }
        }
        Ok(())
    }

    fn exec_for(
        &mut self,
        var: Target,
        iter: &Expr,
        body: &Block,
        frame: &mut Frame,
    ) -> Fallible<Flow> {
        // A range is walked lazily: `for i in 1:1000000` allocates nothing.
        if let ExprKind::Range { start, step, end } = &iter.kind {
            let range = self.range_bounds(start, step.as_deref(), end, frame)?;
            if let Some(flow) = self.run_compiled_for(var, range, iter.span, body, frame)? {
                return Ok(flow);
            }
            for x in RangeIter::new(range) {
                self.write_scalar(var.name, x, frame);
                match self.loop_body(body, iter.span, frame)? {
                    Some(flow) => return Ok(flow),
                    None => continue,
                }
            }
            return Ok(Flow::Normal(None));
        }
        let collection = self.eval(iter, frame)?.numeric();
        let items: Vec<Value> = match &collection {
            Value::Matrix(m) if m.ncols() == 1 || m.nrows() == 1 => (0..m.nrows() * m.ncols())
                .map(|k| Value::Scalar(m[(k % m.nrows(), k / m.nrows())]))
                .collect(),
            Value::Matrix(m) => (0..m.ncols())
                .map(|j| Value::from_mat(faer::Mat::from_fn(m.nrows(), 1, |i, _| m[(i, j)])))
                .collect(),
            Value::Scalar(_) | Value::Bool(_) => vec![collection.clone()],
            other => {
                return Err(Diagnostic::error(
                    ErrorKind::Type,
                    iter.span,
                    format!(
                        "`for` walks the elements of a vector or the columns of a matrix, not a {}",
                        other.describe()
                    ),
                )
                .label(iter.span, format!("this is a {}", other.describe()))
                .boxed())
            }
        };
        for item in items {
            self.write(var.name, item, frame);
            if let Some(flow) = self.loop_body(body, iter.span, frame)? {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal(None))
    }

    /// Runs one loop iteration; `Some` when the loop must end with that flow.
    fn loop_body(&mut self, body: &Block, span: Span, frame: &mut Frame) -> Fallible<Option<Flow>> {
        self.tick(span)?;
        Ok(match self.exec_block(body, frame)? {
            Flow::Break(_) => Some(Flow::Normal(None)),
            ret @ Flow::Return(_) => Some(ret),
            Flow::Normal(_) | Flow::Continue(_) => None,
        })
    }

    /// Evaluates an `if`/`while` condition: a bool or a scalar.
    pub(super) fn condition(&mut self, cond: &Expr, frame: &mut Frame) -> Fallible<bool> {
        if let Some(test) = self.eval_scalar_test(cond, frame) {
            return Ok(test);
        }
        let value = self.eval(cond, frame)?;
        truth(&value, cond.span, "condition")
    }

    /// The variable `symbol`, or an "unknown name" error at `span`.
    pub(super) fn read_or_fail<'a>(
        &'a self,
        symbol: crate::intern::Symbol,
        span: Span,
        frame: &'a Frame,
    ) -> Fallible<&'a Value> {
        match self.read(symbol, frame) {
            Some(v) => Ok(v),
            None => Err(self.unknown_name(symbol, span, frame)),
        }
    }

    /// Assignment op helper shared with indexed assignment.
    pub(super) fn combine(
        &mut self,
        op: AssignOp,
        old: &Value,
        rhs: Value,
        at: Operands,
    ) -> Fallible<Value> {
        match op.binary() {
            None => Ok(rhs),
            Some(binary) => ops::arith::binary(binary, old, &rhs, at, &mut self.host),
        }
    }
}

/// A value used as a truth value: bools, and scalars (non-zero is true). `what` names the
/// use in messages ("condition", "operand of `&&`").
pub(super) fn truth(value: &Value, span: Span, what: &str) -> Fallible<bool> {
    match value {
        Value::Bool(b) => Ok(*b),
        Value::Scalar(x) if x.is_nan() => Err(Diagnostic::error(
            ErrorKind::Domain,
            span,
            format!("this {what} is NaN, which is neither true nor false"),
        )
        .label(span, "NaN")
        .boxed()),
        Value::Scalar(x) => Ok(*x != 0.0),
        Value::Matrix(_) | Value::Logical(_) => {
            let kind = value.describe();
            let help = if what.contains("&&") || what.contains("||") {
                "`&&` and `||` take one true or false; for element by element, use `&` or `|`; all(...) requires every element, any(...) at least one"
            } else {
                "use all(...) to require every element, or any(...) for at least one"
            };
            Err(Diagnostic::error(
                ErrorKind::Type,
                span,
                format!("the {what} must be a bool or a scalar, but this is a {kind}"),
            )
            .label(span, kind)
            .help(help)
            .boxed())
        }
        other => Err(Diagnostic::error(
            ErrorKind::Type,
            span,
            format!(
                "the {what} must be a bool or a scalar, but this is a {}",
                other.describe()
            ),
        )
        .label(span, format!("this is a {}", other.describe()))
        .boxed()),
    }
}

pub(super) fn outside_loop_error(span: Span) -> Box<Diagnostic> {
    Diagnostic::error(
        ErrorKind::Control,
        span,
        "`break` or `continue` outside a loop",
    )
    .label(span, "not inside `for` or `while`")
    .boxed()
}

impl Interpreter {
    /// For a call of a builtin that gives several values: its name and the names its
    /// signature destructures into (`size` and `m, n` from `m, n = size(A)`).
    fn destructured_form(&self, value: &Expr) -> Option<(&'static str, &'static str)> {
        let ExprKind::Call { name, .. } = &value.kind else {
            return None;
        };
        if matches!(self.functions.get(name.index()), Some(Some(_)))
            || matches!(self.host_functions.get(name.index()), Some(Some(_)))
        {
            return None;
        }
        let builtin = (*self.builtins.get(name.index())?)?;
        let call = format!(" = {}(", builtin.name);
        let signature = builtin.signature;
        let at = signature.find(&call)?;
        let form = signature[..at].rsplit(" or ").next()?;
        form.contains(',').then_some((builtin.name, form))
    }

    /// How many results the user function `value` calls gives, and where, when several.
    fn user_results(&self, value: &Expr) -> Option<(usize, Span)> {
        let ExprKind::Call { name, .. } = &value.kind else {
            return None;
        };
        self.functions.get(name.index())?.as_ref()?.results
    }

    /// The source text under `span`, when its source is known.
    pub(super) fn source_text(&self, span: Span) -> Option<&str> {
        self.sources.get(span.source)?.text.get(span.range())
    }
}

/// The error for `a, b` as a top-level statement.
#[cold]
fn tuple_at_top_level(span: Span) -> Box<Diagnostic> {
    Diagnostic::error(
        ErrorKind::Type,
        span,
        "values separated by commas are the results of a function",
    )
    .label(span, "several values at top level")
    .help("a function gives several results with `return a, b` (or `a, b` as its last line); to keep values, assign each: `a = ...; b = ...`")
    .boxed()
}
