//! A fully parenthesised text form of the syntax tree, so parser tests compare
//! `((a * b) + c)` instead of span-laden trees.

use super::ast::*;
use crate::intern::Interner;
use crate::op::UnaryOp;

/// One line per top-level statement.
pub fn program(program: &SyntaxTree, names: &Interner) -> String {
    let lines: Vec<String> = program
        .statements
        .iter()
        .map(|s| statement(s, names))
        .collect();
    lines.join("\n")
}

/// A statement; a trailing `;` is kept.
pub fn statement(stmt: &Stmt, names: &Interner) -> String {
    let body = match &stmt.kind {
        StmtKind::Expr(e) => expr(e, names),
        StmtKind::Assign {
            target, op, value, ..
        } => {
            format!(
                "{} {} {}",
                names.name(target.name),
                op.symbol(),
                expr(value, names)
            )
        }
        StmtKind::IndexAssign {
            target,
            indices,
            op,
            value,
            ..
        } => format!(
            "{}[{}] {} {}",
            names.name(target.name),
            list(indices, names),
            op.symbol(),
            expr(value, names)
        ),
        StmtKind::Destructure { targets, value } => {
            let targets: Vec<&str> = targets.iter().map(|t| names.name(t.name)).collect();
            format!("{} = {}", targets.join(", "), expr(value, names))
        }
        StmtKind::FnDef(def) => {
            let params: Vec<&str> = def.params.iter().map(|p| names.name(p.name)).collect();
            format!(
                "fn {}({}) {}",
                names.name(def.name.name),
                params.join(", "),
                block(&def.body, names)
            )
        }
        StmtKind::If {
            branches,
            otherwise,
        } => {
            let mut parts: Vec<String> = branches
                .iter()
                .map(|(cond, body)| format!("if {} {}", expr(cond, names), block(body, names)))
                .collect();
            if let Some(body) = otherwise {
                parts.push(block(body, names));
            }
            parts.join(" else ")
        }
        StmtKind::For { var, iter, body } => {
            format!(
                "for {} in {} {}",
                names.name(var.name),
                expr(iter, names),
                block(body, names)
            )
        }
        StmtKind::While { cond, body } => {
            format!("while {} {}", expr(cond, names), block(body, names))
        }
        StmtKind::Break => "break".into(),
        StmtKind::Continue => "continue".into(),
        StmtKind::Return(None) => "return".into(),
        StmtKind::Return(Some(e)) => format!("return {}", expr(e, names)),
        StmtKind::Error => "<error>".into(),
    };
    if stmt.silent {
        format!("{body};")
    } else {
        body
    }
}

fn block(block: &Block, names: &Interner) -> String {
    let statements: Vec<String> = block
        .statements
        .iter()
        .map(|s| statement(s, names))
        .collect();
    format!("{{ {} }}", statements.join("; "))
}

fn list(items: &[Expr], names: &Interner) -> String {
    let items: Vec<String> = items.iter().map(|e| expr(e, names)).collect();
    items.join(", ")
}

/// A matrix literal's items; a parenthesised bracket literal keeps its parentheses, as they
/// make it an element rather than a row.
fn matrix(items: &[MatrixItem], names: &Interner) -> String {
    let items: Vec<String> = items
        .iter()
        .map(|item| match item {
            MatrixItem::Row(row, _) => matrix(row, names),
            MatrixItem::Elem(
                e @ Expr {
                    kind: ExprKind::Matrix(_),
                    ..
                },
            ) => format!("({})", expr(e, names)),
            MatrixItem::Elem(e) => expr(e, names),
        })
        .collect();
    format!("[{}]", items.join(", "))
}

/// An expression with every operation parenthesised.
pub fn expr(e: &Expr, names: &Interner) -> String {
    match &e.kind {
        ExprKind::Number(x) => format!("{x}"),
        ExprKind::Imaginary(x) => format!("{x}i"),
        ExprKind::Str(s) => format!("{s:?}"),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Name(n) => names.name(*n).to_string(),
        ExprKind::End => "end".into(),
        ExprKind::All => ":".into(),
        ExprKind::Matrix(items) => matrix(items, names),
        ExprKind::Range { start, step, end } => match step {
            None => format!("({}:{})", expr(start, names), expr(end, names)),
            Some(step) => format!(
                "({}:{}:{})",
                expr(start, names),
                expr(step, names),
                expr(end, names)
            ),
        },
        ExprKind::Unary {
            op: op @ (UnaryOp::Adjoint | UnaryOp::Transpose),
            operand,
            ..
        } => {
            format!("({}{})", expr(operand, names), op.symbol())
        }
        ExprKind::Unary { op, operand, .. } => format!("({}{})", op.symbol(), expr(operand, names)),
        ExprKind::Binary {
            op, left, right, ..
        } => {
            format!(
                "({} {} {})",
                expr(left, names),
                op.symbol(),
                expr(right, names)
            )
        }
        ExprKind::Call {
            name,
            args,
            keywords,
            ..
        } => {
            let mut parts: Vec<String> = args.iter().map(|a| expr(a, names)).collect();
            parts.extend(
                keywords
                    .iter()
                    .map(|k| format!("{}={}", names.name(k.name), expr(&k.value, names))),
            );
            format!("{}({})", names.name(*name), parts.join(", "))
        }
        ExprKind::Index { target, indices } => {
            format!("{}[{}]", expr(target, names), list(indices, names))
        }
        ExprKind::Tuple(items) => list(items, names),
        ExprKind::Lambda(def) => {
            let params: Vec<&str> = def.params.iter().map(|p| names.name(p.name)).collect();
            let body = match def.body.statements.as_slice() {
                [Stmt {
                    kind: StmtKind::Expr(e),
                    ..
                }] => expr(e, names),
                _ => block(&def.body, names),
            };
            format!("(({}) -> {body})", params.join(", "))
        }
    }
}
