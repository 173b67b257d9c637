//! Lints: code that runs but is likely a mistake, found by walking the tree before
//! running. Each is a warning with a code and a help line, never an error; `# la:
//! allow(L003)` on the line or the line above silences one.
//!
//! | code | what |
//! |---|---|
//! | L001 | a variable assigned with `;` and never read |
//! | L002 | a name read before any assignment reaches it (assigned only further down) |
//! | L003 | `inv(A) * b` (solve with `A \ b`) |
//! | L004 | `==` or `!=` against a fraction binary cannot hold, like 0.1 (use `approx`) |
//! | L005 | a function or variable that hides a builtin |
//! | L006 | code after `return`, `break` or `continue` |
//! | L007 | a `while` loop whose body changes nothing its condition reads |
//! | L008 | `A^-1` (use `inv(A)` or `\`) |
//! | L009 | `+`/`-` between a matrix and a row or column that only `.+`/`.-` broadcast (found by the checker, from shapes) |

use std::collections::HashSet;

use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::intern::{Interner, Symbol};
use crate::op::{BinaryOp, UnaryOp};
use crate::source::Span;
use crate::syntax::ast::{Block, Expr, ExprKind, MatrixItem, Stmt, StmtKind, SyntaxTree};

/// The lints of a parsed program whose text is `text`, with those the shape checker found
/// (`shapes`), in source order, less those an `# la: allow(CODE)` comment silences.
pub(crate) fn lint(
    tree: &SyntaxTree,
    names: &Interner,
    text: &str,
    shapes: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut reads = HashSet::new();
    for stmt in &tree.statements {
        read_in_stmt(stmt, &mut reads);
    }
    let mut linter = Linter {
        names,
        reads,
        found: Vec::new(),
    };
    linter.block(&tree.statements);
    read_too_early(&tree.statements, names, &mut linter.found);
    linter.found.extend(shapes);
    let mut found: Vec<Diagnostic> = linter
        .found
        .into_iter()
        .filter(|d| !allowed(text, d))
        .collect();
    found.sort_by_key(|d| d.span.start);
    found
}

struct Linter<'a> {
    names: &'a Interner,
    /// Every name read anywhere in the program.
    reads: HashSet<Symbol>,
    found: Vec<Diagnostic>,
}

fn warn(code: &'static str, span: Span, message: String, help: &str) -> Diagnostic {
    let label = match code {
        "L001" => "assigned here",
        "L002" => "read here",
        "L003" => "the inverse, then a product",
        "L004" => "compared to the last bit",
        "L005" => "hides the builtin",
        "L006" => "unreachable",
        "L007" => "the same every round",
        _ => "the inverse",
    };
    let mut d = Diagnostic::warning(ErrorKind::Lint, span, message)
        .label(span, label)
        .help(help);
    d.code = Some(code);
    d
}

impl Linter<'_> {
    fn block(&mut self, statements: &[Stmt]) {
        for (k, stmt) in statements.iter().enumerate() {
            self.stmt(stmt);
            let leaves = matches!(
                stmt.kind,
                StmtKind::Return(_) | StmtKind::Break | StmtKind::Continue
            );
            if let (true, Some(next)) = (leaves, statements.get(k + 1)) {
                self.found.push(warn(
                    "L006",
                    next.span,
                    "this code never runs".into(),
                    "it follows a `return`, `break` or `continue` in the same block: remove it or move it before",
                ));
            }
        }
    }

    fn body(&mut self, block: &Block) {
        self.block(&block.statements);
    }

    fn hides_builtin(&mut self, name: Symbol, span: Span, what: &str) {
        let text = self.names.name(name);
        if crate::builtins::lookup(text).is_some() {
            self.found.push(warn(
                "L005",
                span,
                format!("this {what} hides the builtin `{text}`"),
                "the builtin cannot be called while it is hidden: choose another name",
            ));
        }
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::Assign { target, value, .. } => {
                self.expr(value);
                self.hides_builtin(target.name, target.span, "variable");
                let name = self.names.name(target.name);
                if stmt.silent && !self.reads.contains(&target.name) && !name.starts_with('_') {
                    self.found.push(warn(
                        "L001",
                        target.span,
                        format!("`{name}` is assigned but never read"),
                        "use it, remove the assignment, or start the name with `_`",
                    ));
                }
            }
            StmtKind::IndexAssign { indices, value, .. } => {
                indices.iter().for_each(|i| self.expr(i));
                self.expr(value);
            }
            StmtKind::Destructure { value, .. } => self.expr(value),
            StmtKind::FnDef(def) => {
                self.hides_builtin(def.name.name, def.name.span, "function");
                self.body(&def.body);
            }
            StmtKind::If {
                branches,
                otherwise,
            } => {
                for (cond, body) in branches {
                    self.expr(cond);
                    self.body(body);
                }
                if let Some(body) = otherwise {
                    self.body(body);
                }
            }
            StmtKind::For { iter, body, .. } => {
                self.expr(iter);
                self.body(body);
            }
            StmtKind::While { cond, body } => {
                self.expr(cond);
                self.body(body);
                self.unchanging_loop(cond, body);
            }
            StmtKind::Return(Some(e)) => self.expr(e),
            _ => {}
        }
    }

    /// L007: a condition that reads variables (and calls nothing, which could change
    /// between rounds) none of which the body assigns.
    fn unchanging_loop(&mut self, cond: &Expr, body: &Block) {
        let mut read = HashSet::new();
        read_in_expr(cond, &mut read);
        let mut calls = false;
        visit(cond, &mut |e| {
            calls |= matches!(e.kind, ExprKind::Call { .. })
        });
        if read.is_empty() || calls {
            return;
        }
        let mut assigned = HashSet::new();
        crate::check::assigned_in(&body.statements, &mut assigned);
        let leaves = has_exit(&body.statements);
        if read.is_disjoint(&assigned) && !leaves {
            self.found.push(warn(
                "L007",
                cond.span,
                "nothing in the loop changes this condition, so it never ends once it starts"
                    .into(),
                "assign one of its variables in the body, or leave with `break`",
            ));
        }
    }

    fn expr(&mut self, e: &Expr) {
        visit(e, &mut |e| {
            if let ExprKind::Binary {
                op, left, right, ..
            } = &e.kind
            {
                self.binary(e, *op, left, right);
            }
        });
    }

    fn binary(&mut self, e: &Expr, op: BinaryOp, left: &Expr, right: &Expr) {
        let is_inv =
            matches!(&left.kind, ExprKind::Call { name, .. } if self.names.name(*name) == "inv");
        if op == BinaryOp::Mul && is_inv {
            self.found.push(warn(
                "L003",
                e.span,
                "`inv(A) * b` forms the inverse to solve a system".into(),
                "write `A \\ b`: it solves without the inverse, faster and more accurately",
            ));
        }
        // A fraction that binary floating point cannot hold exactly (0.1, not 6.5 or 0.25).
        let fraction = |x: &Expr| matches!(number(x), Some(v) if (v * 1024.0).fract() != 0.0);
        if matches!(op, BinaryOp::Eq | BinaryOp::Ne) && (fraction(left) || fraction(right)) {
            self.found.push(warn(
                "L004",
                e.span,
                format!(
                    "`{}` against a fraction that floating point holds only approximately",
                    op.symbol()
                ),
                "0.1 + 0.2 == 0.3 is false in floating point: compare with approx(a, b)",
            ));
        }
        if op == BinaryOp::Pow && number(right) == Some(-1.0) {
            self.found.push(warn(
                "L008",
                e.span,
                "`A^-1` is the inverse".into(),
                "write inv(A), or better solve with `A \\ b` where the inverse multiplies something",
            ));
        }
    }
}

/// L002: at the top level, a name a statement reads that no earlier statement (nor the
/// statement itself) assigns, while a later one does: the read comes before any assignment
/// reaches it. Function bodies are left out (they run when called, perhaps later).
fn read_too_early(statements: &[Stmt], names: &Interner, found: &mut Vec<Diagnostic>) {
    let assigns: Vec<HashSet<Symbol>> = statements
        .iter()
        .map(|stmt| {
            let mut own = HashSet::new();
            crate::check::assigned_in(std::slice::from_ref(stmt), &mut own);
            own
        })
        .collect();
    let mut before: HashSet<Symbol> = HashSet::new();
    let mut reported: HashSet<Symbol> = HashSet::new();
    for (k, stmt) in statements.iter().enumerate() {
        let later = |name: &Symbol| assigns[k + 1..].iter().any(|a| a.contains(name));
        for (name, span) in names_read(stmt) {
            if !before.contains(&name)
                && !assigns[k].contains(&name)
                && later(&name)
                && reported.insert(name)
            {
                found.push(warn(
                    "L002",
                    span,
                    format!("`{}` is read before it is assigned", names.name(name)),
                    "it is assigned only further down: move that assignment up, or this read down",
                ));
            }
        }
        before.extend(assigns[k].iter().copied());
    }
}

/// The variables a statement reads, with where, outside function bodies and lambdas.
fn names_read(stmt: &Stmt) -> Vec<(Symbol, Span)> {
    let mut out = Vec::new();
    let mut exprs: Vec<&Expr> = Vec::new();
    let mut blocks: Vec<&Block> = Vec::new();
    match &stmt.kind {
        StmtKind::Expr(e) | StmtKind::Return(Some(e)) | StmtKind::Destructure { value: e, .. } => {
            exprs.push(e)
        }
        StmtKind::Assign { value, .. } => exprs.push(value),
        StmtKind::IndexAssign { indices, value, .. } => {
            exprs.extend(indices);
            exprs.push(value);
        }
        StmtKind::If {
            branches,
            otherwise,
        } => {
            for (cond, b) in branches {
                exprs.push(cond);
                blocks.push(b);
            }
            blocks.extend(otherwise);
        }
        StmtKind::For { iter, body, .. } => {
            exprs.push(iter);
            blocks.push(body);
        }
        StmtKind::While { cond, body } => {
            exprs.push(cond);
            blocks.push(body);
        }
        _ => {}
    }
    for e in exprs {
        visit(e, &mut |e| {
            if let ExprKind::Name(name) = e.kind {
                out.push((name, e.span));
            }
        });
    }
    for b in blocks {
        for stmt in &b.statements {
            out.extend(names_read(stmt));
        }
    }
    out
}

/// The value of a number literal, negated ones too.
fn number(e: &Expr) -> Option<f64> {
    match &e.kind {
        ExprKind::Number(x) => Some(*x),
        ExprKind::Unary {
            op: UnaryOp::Neg,
            operand,
            ..
        } => number(operand).map(|x| -x),
        _ => None,
    }
}

/// Whether an `# la: allow(CODE)` comment on the warning's line or the line above names its
/// code.
fn allowed(text: &str, d: &Diagnostic) -> bool {
    let Some(code) = d.code else {
        return false;
    };
    let start = (d.span.start as usize).min(text.len());
    let line = text[..start].matches('\n').count();
    let lines: Vec<&str> = text.lines().collect();
    let says = |k: usize| {
        lines.get(k).is_some_and(|l| {
            l.split("# la: allow(").skip(1).any(|rest| {
                rest.split(')')
                    .next()
                    .is_some_and(|codes| codes.split(',').any(|c| c.trim() == code))
            })
        })
    };
    says(line) || (line > 0 && says(line - 1))
}

/// Calls `f` on `e` and every expression inside it.
fn visit(e: &Expr, f: &mut dyn FnMut(&Expr)) {
    f(e);
    match &e.kind {
        ExprKind::Matrix(items) => items.iter().for_each(|i| visit_item(i, f)),
        ExprKind::Range { start, step, end } => {
            visit(start, f);
            if let Some(s) = step {
                visit(s, f);
            }
            visit(end, f);
        }
        ExprKind::Unary { operand, .. } => visit(operand, f),
        ExprKind::Binary { left, right, .. } => {
            visit(left, f);
            visit(right, f);
        }
        ExprKind::Call { args, keywords, .. } => {
            args.iter().for_each(|a| visit(a, f));
            keywords.iter().for_each(|k| visit(&k.value, f));
        }
        ExprKind::Tuple(items) => items.iter().for_each(|i| visit(i, f)),
        ExprKind::Index { target, indices } => {
            visit(target, f);
            indices.iter().for_each(|i| visit(i, f));
        }
        _ => {}
    }
}

fn visit_item(item: &MatrixItem, f: &mut dyn FnMut(&Expr)) {
    match item {
        MatrixItem::Elem(e) => visit(e, f),
        MatrixItem::Row(items, _) => items.iter().for_each(|i| visit_item(i, f)),
    }
}

/// The names an expression reads (variables, and names called, which may be variables
/// holding functions); a lambda's body counts as read too.
fn read_in_expr(e: &Expr, out: &mut HashSet<Symbol>) {
    visit(e, &mut |e| match &e.kind {
        ExprKind::Name(name) | ExprKind::Call { name, .. } => {
            out.insert(*name);
        }
        ExprKind::Lambda(def) => {
            for stmt in &def.body.statements {
                read_in_stmt(stmt, out);
            }
        }
        _ => {}
    });
}

/// The names a statement reads, nested blocks and function bodies included; compound and
/// indexed assignments read their target.
fn read_in_stmt(stmt: &Stmt, out: &mut HashSet<Symbol>) {
    let body = |b: &Block, out: &mut HashSet<Symbol>| {
        b.statements.iter().for_each(|s| read_in_stmt(s, out))
    };
    match &stmt.kind {
        StmtKind::Expr(e) | StmtKind::Return(Some(e)) | StmtKind::Destructure { value: e, .. } => {
            read_in_expr(e, out)
        }
        StmtKind::Assign {
            target, op, value, ..
        } => {
            if op.binary().is_some() {
                out.insert(target.name);
            }
            read_in_expr(value, out);
        }
        StmtKind::IndexAssign {
            target,
            indices,
            value,
            ..
        } => {
            out.insert(target.name);
            indices.iter().for_each(|i| read_in_expr(i, out));
            read_in_expr(value, out);
        }
        StmtKind::FnDef(def) => body(&def.body, out),
        StmtKind::If {
            branches,
            otherwise,
        } => {
            for (cond, b) in branches {
                read_in_expr(cond, out);
                body(b, out);
            }
            if let Some(b) = otherwise {
                body(b, out);
            }
        }
        StmtKind::For { iter, body: b, .. } => {
            read_in_expr(iter, out);
            body(b, out);
        }
        StmtKind::While { cond, body: b } => {
            read_in_expr(cond, out);
            body(b, out);
        }
        _ => {}
    }
}

/// Whether a loop body can leave the loop (`break` or `return` anywhere in it, outside
/// nested loops for `break`).
fn has_exit(statements: &[Stmt]) -> bool {
    statements.iter().any(|stmt| match &stmt.kind {
        StmtKind::Break | StmtKind::Return(_) => true,
        StmtKind::If {
            branches,
            otherwise,
        } => {
            branches.iter().any(|(_, b)| has_exit(&b.statements))
                || otherwise.as_ref().is_some_and(|b| has_exit(&b.statements))
        }
        _ => false,
    })
}
