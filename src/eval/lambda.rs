//! Functions as values: making an anonymous function (it captures, by value, the variables
//! its body reads at the moment it is made), naming a user function or builtin as a value
//! (`g = sq`, `h = sin`), and calling a function value with evaluated arguments, which is
//! also how `map`, `reduce` and the other builtins that take functions call them.

use std::sync::Arc;

use super::env::Frame;
use super::stmt::{outside_loop_error, Flow};
use super::Interpreter;
use crate::builtins::{self, Arg, Call, Context};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible, Label};
use crate::function::Function;
use crate::host::Host;
use crate::intern::{Interner, Symbol};
use crate::signature::Signature;
use crate::source::Span;
use crate::syntax::ast::{Expr, ExprKind, FnDef, MatrixItem, StmtKind};
use crate::value::{Callee, FunctionValue, Value};

/// Most call-site labels added to one error as it leaves nested calls.
pub(super) const MAX_CALL_LABELS: usize = 8;

impl Interpreter {
    /// The value of `x -> e`: the function with the current values of the variables its
    /// body reads.
    pub(super) fn make_lambda(&self, def: &Arc<FnDef>, frame: &Frame) -> Value {
        let params: Vec<Symbol> = def.params.iter().map(|p| p.name).collect();
        let mut captured: Vec<(Symbol, Value)> = Vec::new();
        for symbol in free_names(def) {
            if params.contains(&symbol) || captured.iter().any(|(s, _)| *s == symbol) {
                continue;
            }
            if let Some(value) = self.read(symbol, frame) {
                captured.push((symbol, value.clone()));
            }
        }
        let names: Vec<Symbol> = captured.iter().map(|(s, _)| *s).collect();
        let function = Arc::new(Function::with_captured(Arc::clone(def), &names));
        // The definition's span is the lambda as written, without parentheses around it.
        let text = self
            .source_text(def.name.span)
            .unwrap_or("x -> ...")
            .to_string();
        Value::Function(Arc::new(FunctionValue {
            callee: Callee::User { function, captured },
            text: text.into(),
        }))
    }

    /// A user function or builtin named where a value is wanted (`g = sq`), as a value.
    pub(super) fn named_function(&self, symbol: Symbol) -> Option<Value> {
        let callee = if let Some(Some(function)) = self.functions.get(symbol.index()) {
            Callee::User {
                function: Arc::clone(function),
                captured: Vec::new(),
            }
        } else if let Some(Some(_)) = self.builtins.get(symbol.index()) {
            Callee::Builtin(symbol)
        } else {
            return None;
        };
        Some(Value::Function(Arc::new(FunctionValue {
            callee,
            text: self.names.name(symbol).into(),
        })))
    }

    /// Calls the function value `f` with evaluated `args`. `name` (at `name_span`) is what
    /// the call wrote (the variable's name, or the builtin that called `f`), `span` the
    /// whole call.
    pub(super) fn call_value(
        &mut self,
        f: &FunctionValue,
        args: Vec<Arg>,
        (name, name_span, span): (Symbol, Span, Span),
        outputs: usize,
        depth: usize,
    ) -> Fallible<Option<Value>> {
        match &f.callee {
            Callee::User { function, captured } => {
                let values = args.into_iter().map(|a| a.value).collect();
                self.run_function(function, captured, values, (name, name_span, span), depth)
            }
            Callee::Builtin(symbol) => {
                let Some(Some(builtin)) = self.builtins.get(symbol.index()) else {
                    return Err(Diagnostic::error(
                        ErrorKind::Internal,
                        span,
                        "a builtin value without its builtin",
                    )
                    .boxed());
                };
                let builtin = *builtin;
                self.builtin_depth = depth;
                let mut call = Call {
                    name: builtin.name,
                    span,
                    args,
                    keywords: Vec::new(),
                    outputs,
                    ctx: self,
                };
                builtins::invoke(builtin, &mut call)
            }
        }
    }

    /// Runs a user function (named, or anonymous with its `captured` values) on `values`,
    /// one frame deeper than `depth`. `(name, name_span, span)` is the call, for errors
    /// (the name is looked up only there, never copied per call).
    pub(super) fn run_function(
        &mut self,
        function: &Arc<Function>,
        captured: &[(Symbol, Value)],
        values: Vec<Value>,
        call: (Symbol, Span, Span),
        depth: usize,
    ) -> Fallible<Option<Value>> {
        let mut callee = self.enter(function, values.len(), call, depth)?;
        for (symbol, value) in captured {
            self.write(*symbol, value.clone(), &mut callee);
        }
        for (param, value) in function.def.params.iter().zip(values) {
            self.write(param.name, value, &mut callee);
        }
        self.run_frame(function, callee, (call.0, call.2))
    }

    /// The frame for a call of `function` with `count` arguments one deeper than `depth`,
    /// after the arity and recursion-depth checks.
    #[inline(always)]
    pub(super) fn enter(
        &self,
        function: &Arc<Function>,
        count: usize,
        (name, name_span, span): (Symbol, Span, Span),
        depth: usize,
    ) -> Fallible<Frame> {
        let def = &function.def;
        if count != def.params.len() {
            self.signature_of(def, name).check(count, &[], span)?;
        }
        let depth = depth + 1;
        if depth > self.host.limits.max_call_depth {
            let name = self.names.name(name);
            return Err(Diagnostic::error(
                ErrorKind::Limit,
                span,
                format!(
                    "recursion limit: more than {} nested calls",
                    self.host.limits.max_call_depth
                ),
            )
            .label(
                name_span,
                format!("the call to `{name}` that went too deep"),
            )
            .help("check that the recursion reaches its base case")
            .boxed());
        }
        Ok(Frame::call(Arc::clone(function), depth))
    }

    /// Runs `function`'s body in its prepared frame `callee`; an error leaving it gets a
    /// label at the call `(name, span)`.
    #[inline(always)]
    pub(super) fn run_frame(
        &mut self,
        function: &Function,
        mut callee: Frame,
        (name, span): (Symbol, Span),
    ) -> Fallible<Option<Value>> {
        let flow = super::grow_stack(|| self.exec_block(&function.def.body, &mut callee));
        self.host.locals = self.host.locals.saturating_sub(callee.held_elements());
        let flow = flow.map_err(|mut e| {
            label_call(&mut e, self.names.name(name), span);
            e
        })?;
        match flow {
            Flow::Normal(value) | Flow::Return(value) => Ok(value),
            Flow::Break(s) | Flow::Continue(s) => Err(outside_loop_error(s)),
        }
    }
}

impl Context for Interpreter {
    fn host(&mut self) -> &mut Host {
        &mut self.host
    }

    fn host_ref(&self) -> &Host {
        &self.host
    }

    fn source(&mut self, name: &str, at: Span) -> Fallible<()> {
        self.source_file(name, at)
    }

    fn span_text(&self, span: Span) -> Option<String> {
        self.source_text(span).map(str::to_string)
    }

    fn add_source(&mut self, name: &str, text: &str) -> crate::source::SourceId {
        self.sources.add(name, text)
    }

    fn apply(
        &mut self,
        f: &FunctionValue,
        args: Vec<Arg>,
        (caller, at): (&str, Span),
        what: &str,
    ) -> Fallible<Value> {
        // Each call counts as an operation, so limits, deadlines and Ctrl-C reach a long `map`.
        self.tick(at)?;
        let depth = self.builtin_depth;
        let caller = self.names.get(caller).unwrap_or(Symbol::ANONYMOUS);
        let result = self.call_value(f, args, (caller, at, at), 1, depth);
        self.builtin_depth = depth;
        match result {
            Ok(Some(Value::Tuple(items))) if !items.is_empty() => Ok(items[0].clone()),
            Ok(Some(value)) => Ok(value),
            Ok(None) => Err(Diagnostic::error(
                ErrorKind::Type,
                at,
                format!("the function gave no value ({what})"),
            )
            .label(at, format!("{what}: the function gave no value"))
            .boxed()),
            Err(mut e) => {
                if let Some(label) = e.labels.iter_mut().rev().find(|l| l.span == at) {
                    label.message = format!("{}, {what}", label.message);
                } else if e.labels.len() < MAX_CALL_LABELS {
                    e.labels.push(Label {
                        span: at,
                        message: format!("in this call, {what}"),
                    });
                }
                Err(e)
            }
        }
    }
}

impl Interpreter {
    /// The signature of the user function `def` called as `name`, for the one check.
    pub(super) fn signature_of(&self, def: &FnDef, name: Symbol) -> Signature<'_> {
        user_signature(def, name, &self.names)
    }
}

/// How the user function `def`, called by `name`, is called: its parameters, for the
/// argument-count check before and during a run.
pub(crate) fn user_signature<'n>(def: &FnDef, name: Symbol, names: &'n Interner) -> Signature<'n> {
    let name = names.name(name);
    let params: Vec<&str> = def.params.iter().map(|p| names.name(p.name)).collect();
    Signature {
        name,
        usage: format!("{name}({})", params.join(", ")),
        min_args: params.len(),
        max_args: params.len(),
        keywords: &[],
        defined: Some(def.name.span),
    }
}

/// Labels an error leaving a call of the function `name` at `span` with that call (up to a
/// few calls deep), as the run reports it and the checker repeats it.
pub(crate) fn label_call(e: &mut Diagnostic, name: &str, span: Span) {
    if e.labels.len() < MAX_CALL_LABELS && !e.labels.iter().any(|l| l.span == span) {
        e.labels.push(Label {
            span,
            message: format!("in this call to `{name}`"),
        });
    }
}

/// Every name an anonymous function's body reads or calls, nested anonymous functions
/// included, in order of appearance (duplicates possible).
fn free_names(def: &FnDef) -> Vec<Symbol> {
    let mut names = Vec::new();
    let mut work: Vec<&Expr> = Vec::new();
    for stmt in &def.body.statements {
        if let StmtKind::Expr(e) = &stmt.kind {
            work.push(e);
        }
    }
    while let Some(e) = work.pop() {
        match &e.kind {
            ExprKind::Name(symbol) => names.push(*symbol),
            ExprKind::Call {
                name,
                args,
                keywords,
                ..
            } => {
                names.push(*name);
                work.extend(args.iter());
                work.extend(keywords.iter().map(|k| &k.value));
            }
            ExprKind::Unary { operand, .. } => work.push(operand),
            ExprKind::Binary { left, right, .. } => {
                work.push(left);
                work.push(right);
            }
            ExprKind::Range { start, step, end } => {
                work.push(start);
                work.extend(step.as_deref());
                work.push(end);
            }
            ExprKind::Index { target, indices } => {
                work.push(target);
                work.extend(indices.iter());
            }
            ExprKind::Tuple(items) => work.extend(items.iter()),
            ExprKind::Matrix(items) => {
                let mut rows: Vec<&MatrixItem> = items.iter().collect();
                while let Some(item) = rows.pop() {
                    match item {
                        MatrixItem::Row(row, _) => rows.extend(row.iter()),
                        MatrixItem::Elem(e) => work.push(e),
                    }
                }
            }
            ExprKind::Lambda(inner) => {
                for stmt in &inner.body.statements {
                    if let StmtKind::Expr(e) = &stmt.kind {
                        work.push(e);
                    }
                }
            }
            ExprKind::Number(_)
            | ExprKind::Imaginary(_)
            | ExprKind::Str(_)
            | ExprKind::Bool(_)
            | ExprKind::End
            | ExprKind::All => {}
        }
    }
    names
}
