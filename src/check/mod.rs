//! Shape errors found before running: a pass over the same tree the evaluator runs that
//! infers every expression's kind and shape (dimensions known, named such as `rows(X)` or
//! `n` after `n = size(X, 1)`, or unknown) from literals, ranges, the operators, indexing,
//! the builtins' stated shape rules and user functions followed at each call, joining the
//! branches of an `if` and iterating loops to a fixed point. It reports an error only when
//! it is certain: the shapes the error names are known for every run. The report is the
//! evaluator's own, built by the same rule functions (`ops::rules`, the builtins' checks,
//! the index checks), so it reads the same before and during a run. Unknown shapes never
//! produce an error.
//!
//! ```text
//! $ la check model.la
//! Error: matrix product needs the inner dimensions to agree, but the shapes are 64×10 and 64×10
//! ```
//!
//! Expressions live in `expr.rs`, calls of builtins and user functions in `calls.rs`, the
//! abstract values in `abs.rs`.

mod abs;
mod calls;
mod expr;

use std::collections::{HashMap, HashSet};

use crate::diagnostic::Diagnostic;
use crate::intern::{Interner, Symbol};
use crate::source::Span;
use crate::syntax::ast::{AssignOp, Block, Expr, FnDef, Stmt, StmtKind, SyntaxTree};
use crate::value::{Shape, Value};
use abs::{abs_of, join, Abs, Dim, Dims, Symbols, Val, Vars};

/// A certain error found before running.
#[derive(Clone, Debug)]
pub struct Finding {
    /// The error, as the run would report it.
    pub diagnostic: Diagnostic,
    /// True when the statement runs whenever the program does (top level, outside any
    /// branch, loop or function, or in a function called from there): the program would
    /// certainly stop there.
    pub always: bool,
}

/// The kinds of value the checker tells apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A real number or matrix.
    Real,
    /// A complex number or matrix.
    Complex,
    /// A bool or logical matrix.
    Logical,
    /// A string.
    Str,
    /// A function value.
    Function,
    /// Several results.
    Tuple,
}

/// What a value is known to be before running.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inferred {
    /// Its kind.
    pub kind: Kind,
    /// Its shape, when both dimensions are known numbers (1×1 for a scalar).
    pub shape: Option<Shape>,
    /// Its shape as shown, with named dimensions (`n×10`); empty for strings and functions.
    pub dims: String,
}

impl Inferred {
    /// Whether it is a matrix (not a scalar) of some shape.
    pub fn is_matrix(&self) -> bool {
        matches!(self.kind, Kind::Real | Kind::Complex | Kind::Logical)
            && self.shape != Some(Shape::SCALAR)
    }
}

/// `scalar`, `2×3 matrix`, `n×10 matrix`, `3×1 logical matrix`, `string`.
impl std::fmt::Display for Inferred {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scalar = self.shape == Some(Shape::SCALAR);
        match (self.kind, scalar) {
            (Kind::Real, true) => write!(f, "scalar"),
            (Kind::Complex, true) => write!(f, "complex scalar"),
            (Kind::Logical, true) => write!(f, "bool"),
            (Kind::Real, false) => write!(f, "{} matrix", self.dims),
            (Kind::Complex, false) => write!(f, "{} complex matrix", self.dims),
            (Kind::Logical, false) => write!(f, "{} logical matrix", self.dims),
            (Kind::Str, _) => write!(f, "string"),
            (Kind::Function, _) => write!(f, "function"),
            (Kind::Tuple, _) => write!(f, "several values"),
        }
    }
}

/// The certain errors of a parsed program, in the order the run would meet them; `names`
/// resolves its symbols; `load` peeks at the data files `files` allows.
pub(crate) fn check(
    tree: &SyntaxTree,
    names: &Interner,
    files: &crate::files::FileAccess,
) -> Vec<Finding> {
    let mut checker = Checker::new(tree, names, Vars::new());
    checker.files = Some(files);
    checker.block(&tree.statements);
    checker.finish()
}

/// The certain errors of `tree` run after variables whose values are `known`, and what its
/// last statement's value (an expression, or the value assigned) is known to be.
pub(crate) fn infer(
    tree: &SyntaxTree,
    names: &Interner,
    known: &[(Symbol, &Value)],
) -> (Vec<Finding>, Option<Inferred>) {
    let vars = known.iter().map(|(name, v)| (*name, abs_of(v))).collect();
    let mut checker = Checker::new(tree, names, vars);
    checker.block(&tree.statements);
    let last = checker.inferred(checker.last);
    (checker.finish(), last)
}

/// The lints only shapes can tell (L009), one for each place.
pub(crate) fn warnings(tree: &SyntaxTree, names: &Interner) -> Vec<Diagnostic> {
    let mut checker = Checker::new(tree, names, Vars::new());
    checker.block(&tree.statements);
    let mut out: Vec<Diagnostic> = Vec::new();
    for w in checker.warnings {
        if !out.iter().any(|o| o.span == w.span) {
            out.push(w);
        }
    }
    out
}

/// What every expression of `tree` is known to be, where something is known, each after
/// its parts.
pub(crate) fn types(
    tree: &SyntaxTree,
    names: &Interner,
    files: &crate::files::FileAccess,
) -> Vec<(Span, Inferred)> {
    let mut checker = Checker::new(tree, names, Vars::new());
    checker.files = Some(files);
    checker.recording = true;
    checker.block(&tree.statements);
    let types = std::mem::take(&mut checker.types);
    types
        .into_iter()
        .filter_map(|(span, v)| Some((span, checker.inferred(v)?)))
        .collect()
}

/// How deep user-function calls are followed before their results count as unknown.
const MAX_CALL_DEPTH: usize = 4;

/// How many rounds a loop is iterated before what still changes counts as unknown.
const MAX_LOOP_ROUNDS: usize = 4;

/// How many statements the checker visits (loop rounds and followed calls count again)
/// before it stops following calls and iterating loops, treating what they give as
/// unknown: loops nested in functions nested in loops would otherwise multiply, and an
/// editor waits for the answer.
const MAX_STEPS: usize = 100_000;

struct Checker<'a> {
    names: &'a Interner,
    /// Names defined as functions anywhere in the program: calls to them are not builtins.
    functions: HashSet<Symbol>,
    /// The functions defined once, at the top level: followed into at each call.
    defs: HashMap<Symbol, &'a FnDef>,
    vars: Vars,
    symbols: Symbols,
    findings: Vec<Finding>,
    /// Whether the statement being checked runs whenever the program does.
    always: bool,
    /// The value of the last statement checked (an expression or assignment).
    last: Abs,
    /// The sizes `end` stands for in the indices being checked, innermost last.
    ends: Vec<Option<Dim>>,
    /// The user-function calls being followed, outermost first: (name, call span).
    calls: Vec<(Symbol, Span)>,
    /// What the `return`s of the function being followed give, joined.
    returns: Option<Abs>,
    /// Where `load` may peek at a data file's header, if anywhere.
    files: Option<&'a crate::files::FileAccess>,
    /// Lints only the shapes can tell (L009).
    warnings: Vec<Diagnostic>,
    /// Whether to keep every expression's value in `types` (for editors).
    recording: bool,
    /// Statements visited so far (see `MAX_STEPS`).
    steps: usize,
    types: Vec<(Span, Abs)>,
}

impl<'a> Checker<'a> {
    fn new(tree: &'a SyntaxTree, names: &'a Interner, vars: Vars) -> Checker<'a> {
        let (functions, defs) = defined_functions(&tree.statements);
        Checker {
            names,
            functions,
            defs,
            vars,
            symbols: Symbols::default(),
            findings: Vec::new(),
            always: true,
            last: Abs::Unknown,
            ends: Vec::new(),
            calls: Vec::new(),
            returns: None,
            warnings: Vec::new(),
            files: None,
            recording: false,
            steps: 0,
            types: Vec::new(),
        }
    }

    /// The findings, one for each place and message (a function's error found at two
    /// calls is reported once, certain if either call is).
    fn finish(self) -> Vec<Finding> {
        let mut out: Vec<Finding> = Vec::new();
        for f in self.findings {
            let key = |g: &Finding| (g.diagnostic.span, g.diagnostic.message.clone());
            match out.iter_mut().find(|g| key(g) == key(&f)) {
                Some(g) if f.always && !g.always => *g = f,
                Some(_) => {}
                None => out.push(f),
            }
        }
        out
    }

    /// What `v` is, for people.
    fn inferred(&self, v: Abs) -> Option<Inferred> {
        let (kind, dims) = match v {
            Abs::Real(d, _) => (Kind::Real, d),
            Abs::Complex(d) => (Kind::Complex, d),
            Abs::Logical(d) => (Kind::Logical, d),
            Abs::Str => (Kind::Str, Dims::SCALAR),
            Abs::Func => (Kind::Function, Dims::SCALAR),
            Abs::Tuple => (Kind::Tuple, Dims::SCALAR),
            Abs::Identity | Abs::Unknown => return None,
        };
        if dims.rows == Dim::Any && dims.cols == Dim::Any {
            return None;
        }
        Some(Inferred {
            kind,
            shape: dims.shape(),
            dims: self.symbols.dims(dims),
        })
    }

    /// Records a certain error, labelled at the user-function calls it was found through.
    fn report(&mut self, mut d: Box<Diagnostic>) {
        for &(name, span) in self.calls.iter().rev() {
            crate::eval::label_call(&mut d, self.names.name(name), span);
        }
        self.findings.push(Finding {
            diagnostic: *d,
            always: self.always,
        });
    }

    fn block(&mut self, statements: &[Stmt]) {
        for stmt in statements {
            self.stmt(stmt);
            if matches!(
                stmt.kind,
                StmtKind::Return(_) | StmtKind::Break | StmtKind::Continue
            ) {
                // What follows in this block does not run.
                break;
            }
        }
    }

    /// Whether the checker has done its share of work (see `MAX_STEPS`).
    fn spent(&self) -> bool {
        self.steps > MAX_STEPS
    }

    fn stmt(&mut self, stmt: &Stmt) {
        self.steps += 1;
        self.last = Abs::Unknown;
        match &stmt.kind {
            StmtKind::Expr(e) => {
                self.last = self.expr(e);
                if let Some(ans) = self.names.get("ans") {
                    self.vars.insert(ans, self.last);
                }
            }
            StmtKind::Assign {
                target, op, value, ..
            } => {
                let v = self.expr(value);
                // A compound assignment (`+=`, ...) is not followed.
                let new = if *op == AssignOp::Set {
                    v
                } else {
                    Abs::Unknown
                };
                self.name_symbols(target.name, new);
                self.vars.insert(target.name, new);
                self.last = new;
            }
            StmtKind::IndexAssign {
                target,
                indices,
                value,
                lhs_span,
                op,
                op_span,
            } => {
                let current = self.vars.get(&target.name).copied().unwrap_or(Abs::Unknown);
                let values = self.indices(current, indices);
                let v = self.expr(value);
                if current == Abs::Str {
                    self.report(crate::eval::not_indexable("string", target.span));
                }
                let picked = current
                    .dims()
                    .and_then(|d| self.positions(d, indices, &values, crate::eval::Access::Write));
                // The value must fit the selection: the run's own check.
                let selection = match picked.as_deref() {
                    Some([Dim::Known(n)]) => Some((true, Shape::new(*n, 1))),
                    Some([Dim::Known(r), Dim::Known(c)]) => Some((false, Shape::new(*r, *c))),
                    _ => None,
                };
                let given = v.shape().filter(|s| *s != Shape::SCALAR);
                if let (Some((linear, selection)), Some(given), AssignOp::Set) =
                    (selection, given, op)
                {
                    let spans = (*lhs_span, *op_span, value.span);
                    if let Err(d) = crate::eval::value_fits(linear, selection, given, spans) {
                        self.report(d);
                    }
                }
                // Matrices do not grow: a real matrix written with real numbers keeps its
                // shape (and loses a known value).
                let after = match (current, v) {
                    (Abs::Real(d, _), Abs::Real(..)) => Abs::real(d),
                    _ => Abs::Unknown,
                };
                self.vars.insert(target.name, after);
            }
            StmtKind::Destructure { targets, value } => {
                let parts = self.destructure(value, targets.len());
                for (t, v) in targets.iter().zip(parts) {
                    self.name_symbols(t.name, v);
                    self.vars.insert(t.name, v);
                }
            }
            StmtKind::FnDef(def) => {
                // The body once with its parameters' shapes unknown, its statements
                // conditional; at each call it is followed again with the arguments.
                let saved = std::mem::take(&mut self.vars);
                let always = std::mem::replace(&mut self.always, false);
                let returns = self.returns.take();
                for p in &def.params {
                    let name = self.names.name(p.name);
                    let rows = self.symbols.fresh(format!("rows({name})"));
                    let cols = self.symbols.fresh(format!("cols({name})"));
                    let dims = Dims::new(Dim::Sym(rows), Dim::Sym(cols));
                    self.vars.insert(p.name, Abs::real(dims));
                }
                self.block(&def.body.statements);
                self.vars = saved;
                self.always = always;
                self.returns = returns;
                self.vars.insert(def.name.name, Abs::Func);
            }
            StmtKind::If {
                branches,
                otherwise,
            } => {
                let always = self.always;
                let before = self.vars.clone();
                let mut after: Option<Vars> = None;
                for (k, (cond, body)) in branches.iter().enumerate() {
                    // Only the first condition runs whenever the `if` does.
                    self.always = always && k == 0;
                    self.expr(cond);
                    self.always = false;
                    self.vars = before.clone();
                    self.block(&body.statements);
                    after = Some(after.map_or_else(|| self.vars.clone(), |a| join(&a, &self.vars)));
                }
                self.vars = before;
                if let Some(body) = otherwise {
                    self.block(&body.statements);
                }
                self.vars = after.map_or_else(|| self.vars.clone(), |a| join(&a, &self.vars));
                self.always = always;
            }
            StmtKind::For { var, iter, body } => {
                let walked = self.expr(iter);
                let element = element_of(walked);
                self.looped(body, Some((var.name, element)), None);
            }
            StmtKind::While { cond, body } => self.looped(body, None, Some(cond)),
            StmtKind::Return(value) => {
                let v = value.as_ref().map_or(Abs::Unknown, |e| self.expr(e));
                self.returns = Some(match self.returns {
                    Some(r) if r == v => r,
                    Some(r) => abs::join_values(r, v),
                    None => v,
                });
            }
            StmtKind::Break | StmtKind::Continue | StmtKind::Error => {}
        }
        if !matches!(stmt.kind, StmtKind::Expr(_) | StmtKind::Assign { .. }) {
            // Branches and loops give no value, whatever their last statement gave.
            self.last = Abs::Unknown;
        }
    }

    /// Names the unnamed dimensions of a value assigned to `name`: `rows(X)`; and `n`
    /// for the size symbol a scalar `n` holds.
    fn name_symbols(&mut self, name: Symbol, v: Abs) {
        let text = self.names.name(name).to_string();
        match v {
            Abs::Real(d, Val::Size(id)) if d.is_scalar() => self.symbols.rename(id, &text),
            _ => {
                if let Some(d) = v.dims() {
                    if let Dim::Sym(id) = d.rows {
                        self.symbols.name_unnamed(id, &format!("rows({text})"));
                    }
                    if let Dim::Sym(id) = d.cols {
                        self.symbols.name_unnamed(id, &format!("cols({text})"));
                    }
                }
            }
        }
    }

    /// A loop, iterated to a fixed point: its body is checked with what holds at the start
    /// of every round (what the rounds agree on; what keeps changing is unknown), and after
    /// it what holds whether it ran or not. The loop variable takes `var`'s value.
    fn looped(&mut self, body: &Block, var: Option<(Symbol, Abs)>, cond: Option<&Expr>) {
        let mut assigned = HashSet::new();
        assigned_in(&body.statements, &mut assigned);
        assigned.extend(var.map(|(name, _)| name));
        assigned.extend(self.names.get("ans"));
        let before = self.vars.clone();
        let always = std::mem::replace(&mut self.always, false);
        let (recording, mark) = (self.recording, (self.findings.len(), self.warnings.len()));
        self.recording = false;
        // A `break` or `continue` leaves from the middle of the body: what it assigns is
        // not followed.
        let jumps = jumps_in(&body.statements);
        let mut start = before.clone();
        let mut settled = false;
        for _ in 0..MAX_LOOP_ROUNDS {
            if self.spent() {
                break;
            }
            self.round(&start, var, cond, body, always);
            let next = join(&start, &self.vars);
            if jumps || next == start {
                settled = !jumps;
                break;
            }
            start = next;
        }
        if !settled {
            for name in &assigned {
                start.insert(*name, Abs::Unknown);
            }
        }
        // The last round, reported.
        self.findings.truncate(mark.0);
        self.warnings.truncate(mark.1);
        self.recording = recording;
        self.round(&start, var, cond, body, always);
        let mut after = join(&before, &self.vars);
        if !settled {
            for name in &assigned {
                after.insert(*name, Abs::Unknown);
            }
        }
        self.vars = after;
        self.always = always;
    }

    /// One round of a loop from the state `start`: the condition (which runs whenever the
    /// loop does), then the body.
    fn round(
        &mut self,
        start: &Vars,
        var: Option<(Symbol, Abs)>,
        cond: Option<&Expr>,
        body: &Block,
        always: bool,
    ) {
        self.vars = start.clone();
        if let Some((name, element)) = var {
            self.vars.insert(name, element);
        }
        if let Some(cond) = cond {
            self.always = always;
            self.expr(cond);
            self.always = false;
        }
        self.block(&body.statements);
    }
}

/// What one round of `for x in walked` sets x to: an element of a vector, a column of a
/// matrix.
fn element_of(walked: Abs) -> Abs {
    let Some(d) = walked.dims() else {
        return Abs::Unknown;
    };
    let element = match (d.rows, d.cols) {
        (Dim::Known(1), _) | (_, Dim::Known(1)) => Dims::SCALAR,
        (Dim::Known(r), Dim::Known(_)) => Dims::new(Dim::Known(r), Dim::Known(1)),
        _ => return Abs::Unknown,
    };
    walked.with_dims(element)
}

/// Whether a loop body holds a `break` or `continue` of its own (not of a nested loop).
fn jumps_in(statements: &[Stmt]) -> bool {
    statements.iter().any(|stmt| match &stmt.kind {
        StmtKind::Break | StmtKind::Continue => true,
        StmtKind::If {
            branches,
            otherwise,
        } => {
            branches.iter().any(|(_, b)| jumps_in(&b.statements))
                || otherwise.as_ref().is_some_and(|b| jumps_in(&b.statements))
        }
        _ => false,
    })
}

/// The names a block assigns, nested blocks included.
pub(crate) fn assigned_in(statements: &[Stmt], out: &mut HashSet<Symbol>) {
    for stmt in statements {
        match &stmt.kind {
            StmtKind::Assign { target, .. } | StmtKind::IndexAssign { target, .. } => {
                out.insert(target.name);
            }
            StmtKind::Destructure { targets, .. } => out.extend(targets.iter().map(|t| t.name)),
            StmtKind::FnDef(def) => {
                out.insert(def.name.name);
            }
            StmtKind::For { var, body, .. } => {
                out.insert(var.name);
                assigned_in(&body.statements, out);
            }
            _ => {}
        }
        for block in blocks(stmt) {
            if !matches!(stmt.kind, StmtKind::For { .. }) {
                assigned_in(&block.statements, out);
            }
        }
    }
}

/// The blocks directly inside a branch or loop statement.
fn blocks(stmt: &Stmt) -> Vec<&Block> {
    match &stmt.kind {
        StmtKind::If {
            branches,
            otherwise,
        } => branches.iter().map(|(_, b)| b).chain(otherwise).collect(),
        StmtKind::For { body, .. } | StmtKind::While { body, .. } => vec![body],
        _ => Vec::new(),
    }
}

/// Every name defined with `fn` anywhere in the program, and the definitions made once at
/// the top level (the ones a call certainly reaches).
fn defined_functions(statements: &[Stmt]) -> (HashSet<Symbol>, HashMap<Symbol, &FnDef>) {
    let mut all = HashSet::new();
    let mut count: HashMap<Symbol, usize> = HashMap::new();
    let mut top = HashMap::new();
    let mut stack: Vec<(&[Stmt], bool)> = vec![(statements, true)];
    while let Some((statements, at_top)) = stack.pop() {
        for stmt in statements {
            if let StmtKind::FnDef(def) = &stmt.kind {
                all.insert(def.name.name);
                *count.entry(def.name.name).or_default() += 1;
                if at_top {
                    top.insert(def.name.name, &**def);
                }
                stack.push((&def.body.statements, false));
            }
            stack.extend(
                blocks(stmt)
                    .into_iter()
                    .map(|b| (b.statements.as_slice(), false)),
            );
        }
    }
    top.retain(|name, _| count.get(name) == Some(&1));
    (all, top)
}
