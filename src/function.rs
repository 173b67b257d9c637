//! A user function's slot layout: which of its names are locals and where each sits in a
//! call frame, fixed once when the function is defined (or an anonymous function is made).

use std::sync::Arc;

use crate::intern::Symbol;
use crate::source::Span;
use crate::syntax::ast::{Block, ExprKind, FnDef, StmtKind};

const NOT_LOCAL: u32 = u32::MAX;

/// A user function with its slot layout.
#[derive(Debug)]
pub struct Function {
    /// The definition.
    pub def: Arc<FnDef>,
    /// Slot of each symbol (by symbol index), or `NOT_LOCAL`.
    slot_of: Vec<u32>,
    /// Number of slots a frame needs.
    pub slots: usize,
    /// When it gives several results: how many, and a `return` (or last line) that gives
    /// them, for the error when a caller destructures another count.
    pub results: Option<(usize, Span)>,
}

impl Function {
    /// Lays out the locals of `def`: its parameters, then every name assigned in its body.
    pub fn new(def: Arc<FnDef>) -> Function {
        Function::with_captured(def, &[])
    }

    /// `new`, with `captured` (the names an anonymous function took the values of when it
    /// was made) as locals too.
    pub fn with_captured(def: Arc<FnDef>, captured: &[Symbol]) -> Function {
        let mut locals: Vec<Symbol> = def.params.iter().map(|p| p.name).collect();
        locals.extend_from_slice(captured);
        collect_assigned(&def.body, &mut locals);
        let mut slot_of = Vec::new();
        let mut slots = 0;
        for symbol in locals {
            if slot_of.len() <= symbol.index() {
                slot_of.resize(symbol.index() + 1, NOT_LOCAL);
            }
            if slot_of[symbol.index()] == NOT_LOCAL {
                slot_of[symbol.index()] = slots as u32;
                slots += 1;
            }
        }
        let results = result_counts(&def).into_iter().find(|(n, _)| *n >= 2);
        Function {
            def,
            slot_of,
            slots,
            results,
        }
    }

    /// The frame slot of `symbol`, if it is a local.
    pub fn slot(&self, symbol: Symbol) -> Option<u32> {
        match self.slot_of.get(symbol.index()) {
            Some(&slot) if slot != NOT_LOCAL => Some(slot),
            _ => None,
        }
    }
}

/// Every name a block assigns (targets of `=`, `+=`, indexed assignment, destructuring
/// and `for`), including in nested blocks.
fn collect_assigned(block: &Block, out: &mut Vec<Symbol>) {
    for stmt in &block.statements {
        match &stmt.kind {
            StmtKind::Assign { target, .. } | StmtKind::IndexAssign { target, .. } => {
                out.push(target.name)
            }
            StmtKind::Destructure { targets, .. } => out.extend(targets.iter().map(|t| t.name)),
            StmtKind::For { var, body, .. } => {
                out.push(var.name);
                collect_assigned(body, out);
            }
            StmtKind::While { body, .. } => collect_assigned(body, out),
            StmtKind::If {
                branches,
                otherwise,
            } => {
                for (_, body) in branches {
                    collect_assigned(body, out);
                }
                if let Some(body) = otherwise {
                    collect_assigned(body, out);
                }
            }
            _ => {}
        }
    }
}

/// How many results each way out of a function gives, with where: every `return` (0 for a
/// bare `return`) and the last statement when it is an expression, in source order.
pub fn result_counts(def: &FnDef) -> Vec<(usize, Span)> {
    let mut counts = Vec::new();
    let mut blocks = vec![&def.body];
    while let Some(block) = blocks.pop() {
        for stmt in &block.statements {
            match &stmt.kind {
                StmtKind::Return(value) => counts.push((
                    match value.as_ref().map(|e| &e.kind) {
                        None => 0,
                        Some(ExprKind::Tuple(items)) => items.len(),
                        Some(_) => 1,
                    },
                    stmt.span,
                )),
                StmtKind::If {
                    branches,
                    otherwise,
                } => {
                    blocks.extend(branches.iter().map(|(_, b)| b));
                    blocks.extend(otherwise.iter());
                }
                StmtKind::For { body, .. } | StmtKind::While { body, .. } => blocks.push(body),
                _ => {}
            }
        }
    }
    if let Some(last) = def.body.statements.last() {
        if let StmtKind::Expr(e) = &last.kind {
            let n = match &e.kind {
                ExprKind::Tuple(items) => items.len(),
                _ => 1,
            };
            counts.push((n, e.span));
        }
    }
    counts.sort_by_key(|(_, span)| span.start);
    counts
}
