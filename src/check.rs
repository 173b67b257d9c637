//! Shape errors found before running: a pass over the same tree the evaluator runs that
//! follows the shapes of real numbers and matrices from literals, ranges, `zeros`-style
//! constructors with known sizes, transposes, the operators and the builtins' stated shape
//! rules, and reports an operator's shape error only when it is certain: both operands'
//! shapes known for every run. The report is the evaluator's own, built by the same rule
//! functions (`ops::rules`), so it reads the same before and during a run. Anything not
//! followed (indexing, user functions, strings, complex and logical values, values changed
//! in a loop) is unknown, and unknown shapes never produce an error.
//!
//! ```text
//! $ la check model.la
//! Error: matrix product needs the inner dimensions to agree, but the shapes are 64×10 and 64×10
//! ```

use std::collections::{HashMap, HashSet};

use crate::builtins::{self, Builtin, ShapeRule};
use crate::diagnostic::Diagnostic;
use crate::eval::{position, Access, Axis};
use crate::intern::{Interner, Symbol};
use crate::op::{BinaryOp, UnaryOp};
use crate::ops::rules::{self, Operands};
use crate::syntax::ast::{AssignOp, Block, Expr, ExprKind, MatrixItem, Stmt, StmtKind, SyntaxTree};
use crate::value::{Shape, Value};

/// A certain error found before running.
#[derive(Clone, Debug)]
pub struct Finding {
    /// The error, as the run would report it.
    pub diagnostic: Diagnostic,
    /// True when the statement runs whenever the program does (top level, outside any
    /// branch, loop or function): the program would certainly stop there.
    pub always: bool,
}

/// What the checker knows of a value.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Abs {
    /// A real (or complex) scalar, with its value when known.
    Scalar(Option<f64>),
    /// A matrix of this shape (never 1×1: that is a scalar).
    Matrix(Shape),
    /// Anything else, or not known.
    Unknown,
}

impl Abs {
    fn of_shape(shape: Shape) -> Abs {
        if shape == Shape::SCALAR {
            Abs::Scalar(None)
        } else {
            Abs::Matrix(shape)
        }
    }

    fn shape(self) -> Option<Shape> {
        match self {
            Abs::Scalar(_) => Some(Shape::SCALAR),
            Abs::Matrix(s) => Some(s),
            Abs::Unknown => None,
        }
    }
}

/// What a value is known to be before running: a number, or a matrix of a shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inferred {
    /// A scalar.
    Scalar,
    /// A matrix of this shape.
    Matrix(Shape),
}

/// `scalar`, `2×3 matrix`.
impl std::fmt::Display for Inferred {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Inferred::Scalar => write!(f, "scalar"),
            Inferred::Matrix(shape) => write!(f, "{shape} matrix"),
        }
    }
}

/// The certain errors of a parsed program, in the order the run would meet them; `names`
/// resolves its symbols.
pub(crate) fn check(tree: &SyntaxTree, names: &Interner) -> Vec<Finding> {
    walk(tree, names, HashMap::new()).0
}

/// The certain errors of `tree` run after variables whose values are `known`, and what its
/// last statement's value (an expression, or the value assigned) is known to be.
pub(crate) fn infer(
    tree: &SyntaxTree,
    names: &Interner,
    known: &[(Symbol, &Value)],
) -> (Vec<Finding>, Option<Inferred>) {
    let vars = known.iter().map(|(name, v)| (*name, abs_of(v))).collect();
    let (findings, last) = walk(tree, names, vars);
    let inferred = match last {
        Abs::Scalar(_) => Some(Inferred::Scalar),
        Abs::Matrix(s) => Some(Inferred::Matrix(s)),
        Abs::Unknown => None,
    };
    (findings, inferred)
}

fn walk(tree: &SyntaxTree, names: &Interner, vars: HashMap<Symbol, Abs>) -> (Vec<Finding>, Abs) {
    let mut checker = Checker {
        names,
        functions: defined_functions(&tree.statements),
        vars,
        findings: Vec::new(),
        always: true,
        last: Abs::Unknown,
        ends: Vec::new(),
    };
    checker.block(&tree.statements);
    (checker.findings, checker.last)
}

/// What a session's value is, for the checker.
fn abs_of(v: &Value) -> Abs {
    match v {
        Value::Scalar(x) => Abs::Scalar(Some(*x)),
        Value::Complex(_) | Value::Bool(_) => Abs::Scalar(None),
        Value::Matrix(_) | Value::ComplexMatrix(_) | Value::Logical(_) => Abs::of_shape(v.shape()),
        _ => Abs::Unknown,
    }
}

struct Checker<'a> {
    names: &'a Interner,
    /// Names defined as functions anywhere in the program: calls to them are not builtins.
    functions: HashSet<Symbol>,
    vars: HashMap<Symbol, Abs>,
    findings: Vec<Finding>,
    /// Whether the statement being checked runs whenever the program does.
    always: bool,
    /// The value of the last top-level statement checked (an expression or assignment).
    last: Abs,
    /// The sizes `end` stands for in the indices being checked, innermost last.
    ends: Vec<Option<usize>>,
}

impl Checker<'_> {
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

    fn stmt(&mut self, stmt: &Stmt) {
        self.last = Abs::Unknown;
        match &stmt.kind {
            StmtKind::Expr(e) => {
                self.last = self.expr(e);
                if let Some(ans) = self.names.get("ans") {
                    self.vars.insert(ans, Abs::Unknown);
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
                self.vars.insert(target.name, new);
                self.last = new;
            }
            StmtKind::IndexAssign {
                target,
                indices,
                value,
                ..
            } => {
                let current = self.vars.get(&target.name).copied().unwrap_or(Abs::Unknown);
                let values = self.indices(current, indices);
                self.expr(value);
                if let Abs::Matrix(shape) = current {
                    self.positions(shape, indices, &values, Access::Write);
                }
                self.vars.insert(target.name, Abs::Unknown);
            }
            StmtKind::Destructure { targets, value } => {
                self.expr(value);
                for t in targets {
                    self.vars.insert(t.name, Abs::Unknown);
                }
            }
            StmtKind::FnDef(def) => {
                // The body with every outside name unknown, and its statements conditional.
                let saved = std::mem::take(&mut self.vars);
                let always = std::mem::replace(&mut self.always, false);
                self.block(&def.body.statements);
                self.vars = saved;
                self.always = always;
                self.vars.insert(def.name.name, Abs::Unknown);
            }
            StmtKind::If {
                branches,
                otherwise,
            } => {
                let always = self.always;
                let before = self.vars.clone();
                let mut after: Option<HashMap<Symbol, Abs>> = None;
                for (k, (cond, body)) in branches.iter().enumerate() {
                    // Only the first condition runs whenever the `if` does.
                    self.always = always && k == 0;
                    self.expr(cond);
                    self.always = false;
                    self.vars = before.clone();
                    self.block(&body.statements);
                    after = Some(join(after, &self.vars));
                }
                self.vars = before;
                if let Some(body) = otherwise {
                    self.block(&body.statements);
                }
                self.vars = join(after, &self.vars);
                self.always = always;
            }
            StmtKind::For { var, iter, body } => {
                self.expr(iter);
                self.looped(body, Some(var.name), None);
            }
            StmtKind::While { cond, body } => self.looped(body, None, Some(cond)),
            StmtKind::Return(Some(e)) => {
                self.expr(e);
            }
            StmtKind::Return(None) | StmtKind::Break | StmtKind::Continue | StmtKind::Error => {}
        }
        if !matches!(stmt.kind, StmtKind::Expr(_) | StmtKind::Assign { .. }) {
            // Branches and loops give no value, whatever their last statement gave.
            self.last = Abs::Unknown;
        }
    }

    /// A loop: what its body assigns is unknown inside it (another round may have changed
    /// it) and after it (it may not have run).
    fn looped(&mut self, body: &Block, var: Option<Symbol>, cond: Option<&Expr>) {
        let mut assigned = HashSet::new();
        assigned_in(&body.statements, &mut assigned);
        assigned.extend(var);
        assigned.extend(self.names.get("ans"));
        for name in &assigned {
            self.vars.insert(*name, Abs::Unknown);
        }
        if let Some(cond) = cond {
            self.expr(cond);
        }
        let always = std::mem::replace(&mut self.always, false);
        self.block(&body.statements);
        self.always = always;
        for name in &assigned {
            self.vars.insert(*name, Abs::Unknown);
        }
    }

    fn expr(&mut self, e: &Expr) -> Abs {
        match &e.kind {
            ExprKind::Number(x) => Abs::Scalar(Some(*x)),
            ExprKind::End => match self.ends.last() {
                Some(Some(n)) => Abs::Scalar(Some(*n as f64)),
                _ => Abs::Unknown,
            },
            ExprKind::Name(name) => match self.vars.get(name) {
                Some(v) => *v,
                None => match self.names.name(*name) {
                    "pi" => Abs::Scalar(Some(std::f64::consts::PI)),
                    "e" => Abs::Scalar(Some(std::f64::consts::E)),
                    _ => Abs::Unknown,
                },
            },
            ExprKind::Matrix(items) => {
                let parts: Vec<Abs> = items.iter().map(|item| self.item(item)).collect();
                literal(items, &parts)
            }
            ExprKind::Range { start, step, end } => {
                let a = self.expr(start);
                let s = step.as_ref().map(|s| self.expr(s));
                let b = self.expr(end);
                range(a, s, b)
            }
            ExprKind::Unary { op, operand, .. } => match (op, self.expr(operand)) {
                (UnaryOp::Neg, Abs::Scalar(x)) => Abs::Scalar(x.map(|x| -x)),
                (UnaryOp::Plus, v @ Abs::Scalar(_)) => v,
                (UnaryOp::Neg | UnaryOp::Plus, m @ Abs::Matrix(_)) => m,
                (UnaryOp::Adjoint | UnaryOp::Transpose, Abs::Scalar(_)) => Abs::Scalar(None),
                (UnaryOp::Adjoint | UnaryOp::Transpose, Abs::Matrix(s)) => {
                    Abs::Matrix(Shape::new(s.cols, s.rows))
                }
                _ => Abs::Unknown,
            },
            ExprKind::Binary {
                op,
                op_span,
                left,
                right,
                ..
            } => {
                let l = self.expr(left);
                let r = self.expr(right);
                let at = Operands {
                    left: left.span,
                    op: *op_span,
                    right: right.span,
                };
                let before = self.findings.len();
                let v = self.binary(*op, l, r, at);
                // As the evaluator does for `inv(A) * b`.
                if *op == BinaryOp::Mul && self.is_builtin_call(left, "inv") {
                    for f in &mut self.findings[before..] {
                        rules::suggest_solve(&mut f.diagnostic);
                    }
                }
                v
            }
            ExprKind::Call {
                name,
                args,
                keywords,
                ..
            } => {
                let values: Vec<Abs> = args.iter().map(|a| self.expr(a)).collect();
                for k in keywords {
                    self.expr(&k.value);
                }
                let user = self.functions.contains(name) || self.vars.contains_key(name);
                if user || !keywords.is_empty() {
                    return Abs::Unknown;
                }
                builtins::lookup(self.names.name(*name)).map_or(Abs::Unknown, |b| call(b, &values))
            }
            ExprKind::Index { target, indices } => {
                let target = self.expr(target);
                let values = self.indices(target, indices);
                match target {
                    Abs::Matrix(shape) => self.positions(shape, indices, &values, Access::Read),
                    _ => Abs::Unknown,
                }
            }
            ExprKind::Tuple(items) => {
                for item in items {
                    self.expr(item);
                }
                Abs::Unknown
            }
            ExprKind::Imaginary(_)
            | ExprKind::Str(_)
            | ExprKind::Bool(_)
            | ExprKind::All
            | ExprKind::Lambda(_) => Abs::Unknown,
        }
    }

    /// The index expressions of `target[...]`, with `end` the size of the dimension each
    /// one indexes when the target's shape is known.
    fn indices(&mut self, target: Abs, indices: &[Expr]) -> Vec<Abs> {
        let extents: Vec<Option<usize>> = match (target.shape(), indices.len()) {
            (Some(s), 1) => vec![Some(s.len())],
            (Some(s), 2) => vec![Some(s.rows), Some(s.cols)],
            _ => vec![None; indices.len()],
        };
        indices
            .iter()
            .zip(extents)
            .map(|(e, extent)| {
                self.ends.push(extent);
                let v = self.expr(e);
                self.ends.pop();
                v
            })
            .collect()
    }

    /// Indices into a matrix of a known shape, checked in the run's order (rows, then
    /// columns) as far as their values are known: the run's own out-of-range error. A
    /// read of known, whole indices in range is a scalar.
    fn positions(&mut self, shape: Shape, indices: &[Expr], values: &[Abs], access: Access) -> Abs {
        let axes = match indices.len() {
            1 => vec![(shape.len(), Axis::Linear)],
            2 => vec![(shape.rows, Axis::Rows), (shape.cols, Axis::Cols)],
            _ => return Abs::Unknown,
        };
        let mut all_scalars = true;
        for ((e, v), (extent, axis)) in indices.iter().zip(values).zip(axes) {
            match (&e.kind, v) {
                (ExprKind::All, _) => all_scalars = false,
                (_, Abs::Scalar(Some(x))) => {
                    if let Err(d) = position(*x, extent, shape, axis, access, e.span) {
                        self.findings.push(Finding {
                            diagnostic: *d,
                            always: self.always,
                        });
                        return Abs::Unknown;
                    }
                }
                // Not known: what a later index would do is not certain either.
                _ => return Abs::Unknown,
            }
        }
        if all_scalars {
            Abs::Scalar(None)
        } else {
            Abs::Unknown
        }
    }

    /// Whether `e` calls the builtin `name` (not a function or variable of that name).
    fn is_builtin_call(&self, e: &Expr, name: &str) -> bool {
        matches!(&e.kind, ExprKind::Call { name: called, .. }
            if self.names.name(*called) == name
                && !self.functions.contains(called)
                && !self.vars.contains_key(called))
    }

    fn item(&mut self, item: &MatrixItem) -> Abs {
        match item {
            MatrixItem::Elem(e) => self.expr(e),
            MatrixItem::Row(items, _) => {
                let parts: Vec<Abs> = items.iter().map(|i| self.item(i)).collect();
                // A row of scalars is 1×n; anything else is not followed.
                let scalars = items
                    .iter()
                    .zip(&parts)
                    .all(|(i, p)| matches!(i, MatrixItem::Elem(_)) && matches!(p, Abs::Scalar(_)));
                if scalars && !parts.is_empty() {
                    Abs::of_shape(Shape::new(1, parts.len()))
                } else {
                    Abs::Unknown
                }
            }
        }
    }

    /// An operator on known shapes: the evaluator's rule, and its error when it breaks.
    fn binary(&mut self, op: BinaryOp, l: Abs, r: Abs, at: Operands) -> Abs {
        use Abs::{Matrix, Scalar};
        use BinaryOp::{
            Add, Div, DotAdd, DotDiv, DotMul, DotPow, DotSub, Eq, Ge, Gt, Le, LeftDiv, Lt, Mul, Ne,
            Sub,
        };
        let result = match (op, l, r) {
            (_, Scalar(a), Scalar(b)) => Ok(Scalar(scalar_op(op, a, b))),
            (Add | Sub, Matrix(a), Matrix(b)) => {
                rules::same_shape(op, a, b, false, at).map(|()| Matrix(a))
            }
            (Add | Sub | Mul, Matrix(m), Scalar(_)) | (Add | Sub | Mul, Scalar(_), Matrix(m)) => {
                Ok(Matrix(m))
            }
            (Mul, Matrix(a), Matrix(b)) => rules::product(a, b, at).map(Abs::of_shape),
            (Div, Matrix(m), Scalar(_)) | (LeftDiv, Scalar(_), Matrix(m)) => Ok(Matrix(m)),
            (Div, Matrix(a), Matrix(b)) => rules::right_divide(a, b, at).map(Abs::of_shape),
            (LeftDiv, Matrix(a), b @ (Matrix(_) | Scalar(_))) => {
                let b = b.shape().unwrap_or(Shape::SCALAR);
                rules::left_divide(a, b, at).map(Abs::of_shape)
            }
            (DotAdd | DotSub | DotMul | DotDiv | DotPow | Eq | Ne | Lt | Le | Gt | Ge, a, b) => {
                match (a.shape(), b.shape()) {
                    (Some(sa), Some(sb)) => {
                        let what = format!("`{}`", op.symbol());
                        rules::broadcast(&what, sa, sb, at).map(Abs::of_shape)
                    }
                    _ => Ok(Abs::Unknown),
                }
            }
            _ => Ok(Abs::Unknown),
        };
        result.unwrap_or_else(|d| {
            self.findings.push(Finding {
                diagnostic: *d,
                always: self.always,
            });
            Abs::Unknown
        })
    }
}

/// A scalar operator's value when both sides are known and the operator is arithmetic.
fn scalar_op(op: BinaryOp, a: Option<f64>, b: Option<f64>) -> Option<f64> {
    let (a, b) = (a?, b?);
    match op {
        BinaryOp::Add | BinaryOp::DotAdd => Some(a + b),
        BinaryOp::Sub | BinaryOp::DotSub => Some(a - b),
        BinaryOp::Mul | BinaryOp::DotMul => Some(a * b),
        BinaryOp::Div | BinaryOp::DotDiv => Some(a / b),
        _ => None,
    }
    .filter(|x| x.is_finite())
}

/// A matrix literal of known parts: a column of scalars, or rows of scalars of one length.
fn literal(items: &[MatrixItem], parts: &[Abs]) -> Abs {
    let scalars = items
        .iter()
        .zip(parts)
        .all(|(i, p)| matches!(i, MatrixItem::Elem(_)) && matches!(p, Abs::Scalar(_)));
    if scalars && !parts.is_empty() {
        return Abs::of_shape(Shape::new(parts.len(), 1));
    }
    let rows = items.iter().all(|i| matches!(i, MatrixItem::Row(..)));
    match parts.first() {
        Some(Abs::Matrix(first))
            if rows && first.rows == 1 && parts.iter().all(|p| *p == Abs::Matrix(*first)) =>
        {
            Abs::of_shape(Shape::new(parts.len(), first.cols))
        }
        _ => Abs::Unknown,
    }
}

/// `a:b` or `a:s:b` with known whole-number ends and step: a column of the values reached.
fn range(a: Abs, s: Option<Abs>, b: Abs) -> Abs {
    let step = match s {
        None => Some(1.0),
        Some(Abs::Scalar(s)) => s,
        Some(_) => None,
    };
    let (Abs::Scalar(Some(a)), Abs::Scalar(Some(b)), Some(step)) = (a, b, step) else {
        return Abs::Unknown;
    };
    if [a, b, step]
        .iter()
        .any(|x| x.fract() != 0.0 || x.abs() > 1e9)
        || step == 0.0
    {
        return Abs::Unknown;
    }
    let n = ((b - a) / step).floor() + 1.0;
    if n < 2.0 {
        return Abs::Unknown;
    }
    Abs::of_shape(Shape::new(n as usize, 1))
}

/// A builtin's result: the constructors with known sizes, else its stated shape rule.
fn call(builtin: &Builtin, args: &[Abs]) -> Abs {
    let count = |v: &Abs| match v {
        Abs::Scalar(Some(x)) if *x >= 1.0 && x.fract() == 0.0 && *x < 1e7 => Some(*x as usize),
        _ => None,
    };
    if matches!(builtin.name, "zeros" | "ones" | "rand" | "randn" | "eye") {
        let square = builtin.name == "eye";
        let shape = match args {
            [n] => count(n).map(|n| Shape::new(n, if square { n } else { 1 })),
            [m, n] => count(m).zip(count(n)).map(|(m, n)| Shape::new(m, n)),
            _ => None,
        };
        return shape.map_or(Abs::Unknown, Abs::of_shape);
    }
    let shapes: Vec<Option<Shape>> = args.iter().map(|a| a.shape()).collect();
    match builtin.shape {
        ShapeRule::LikeArg(_) | ShapeRule::Scalar => {
            // A known value does not survive the function, only the shape.
            builtin
                .shape
                .result(&shapes)
                .map_or(Abs::Unknown, Abs::of_shape)
        }
        ShapeRule::Unknown | ShapeRule::Nothing => Abs::Unknown,
    }
}

/// Where two paths meet: what both agree on stays known.
fn join(a: Option<HashMap<Symbol, Abs>>, b: &HashMap<Symbol, Abs>) -> HashMap<Symbol, Abs> {
    let Some(a) = a else {
        return b.clone();
    };
    let mut out: HashMap<Symbol, Abs> = a
        .iter()
        .map(|(name, v)| {
            (
                *name,
                if b.get(name) == Some(v) {
                    *v
                } else {
                    Abs::Unknown
                },
            )
        })
        .collect();
    for name in b.keys() {
        out.entry(*name).or_insert(Abs::Unknown);
    }
    out
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

/// Every name defined with `fn` anywhere in the program.
fn defined_functions(statements: &[Stmt]) -> HashSet<Symbol> {
    let mut out = HashSet::new();
    let mut stack: Vec<&[Stmt]> = vec![statements];
    while let Some(statements) = stack.pop() {
        for stmt in statements {
            if let StmtKind::FnDef(def) = &stmt.kind {
                out.insert(def.name.name);
                stack.push(&def.body.statements);
            }
            stack.extend(blocks(stmt).into_iter().map(|b| b.statements.as_slice()));
        }
    }
    out
}
