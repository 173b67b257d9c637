//! The syntax tree. Every node carries its span; names are interned `Symbol`s. The evaluator
//! and any static pass (such as a shape checker) walk this same tree.

use std::sync::Arc;

use crate::intern::Symbol;
use crate::op::{BinaryOp, UnaryOp};
use crate::source::Span;

/// The tree of a whole program or REPL line: statements in order. (The interpreter's
/// `la::Program` wraps one, parsed by and ready to run in one interpreter.)
#[derive(Clone, Debug)]
pub struct SyntaxTree {
    /// The top-level statements.
    pub statements: Vec<Stmt>,
    /// How many nodes carry a `NodeId` (numbered `0..nodes` in source order).
    pub nodes: u32,
}

/// The number of a node within its program (binary operations are numbered), so that a
/// pass can keep per-node results in a side table instead of in the tree. Together with the
/// span's source it names one node among all programs an interpreter has read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct NodeId(pub u32);

/// An expression with its span.
#[derive(Clone, Debug)]
pub struct Expr {
    /// What kind of expression.
    pub kind: ExprKind,
    /// Where it is.
    pub span: Span,
}

/// One item of a matrix literal.
#[derive(Clone, Debug)]
pub enum MatrixItem {
    /// A bracket literal written directly as an item, `[a, b]`: one row whose elements (the
    /// inner literal's own items, each with the value it has anywhere else) join
    /// horizontally.
    Row(Vec<MatrixItem>, Span),
    /// Any other expression, a parenthesised bracket literal too: stacked vertically with
    /// its siblings.
    Elem(Expr),
}

/// A keyword argument `name=value` in a call.
#[derive(Clone, Debug)]
pub struct Keyword {
    /// The keyword.
    pub name: Symbol,
    /// Where the keyword is.
    pub name_span: Span,
    /// Its value.
    pub value: Expr,
}

/// The kinds of expression.
#[derive(Clone, Debug)]
pub enum ExprKind {
    /// A number literal.
    Number(f64),
    /// An imaginary literal such as `2i` (its imaginary part).
    Imaginary(f64),
    /// A string literal.
    Str(Arc<str>),
    /// `true` or `false`.
    Bool(bool),
    /// A variable or constant.
    Name(Symbol),
    /// `end` inside an index: the size of the indexed dimension.
    End,
    /// A bare `:` inside an index: every row or column.
    All,
    /// `[ ... ]`.
    Matrix(Vec<MatrixItem>),
    /// `start:end` or `start:step:end`.
    Range {
        /// First value.
        start: Box<Expr>,
        /// Increment (1 when absent).
        step: Option<Box<Expr>>,
        /// Last value (inclusive, if reached).
        end: Box<Expr>,
    },
    /// A prefix or postfix operator.
    Unary {
        /// Which operator.
        op: UnaryOp,
        /// Where the operator token is.
        op_span: Span,
        /// Its operand.
        operand: Box<Expr>,
    },
    /// A binary operator.
    Binary {
        /// Which operator.
        op: BinaryOp,
        /// Where the operator token is.
        op_span: Span,
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
        /// The node's number in its program, which keys what later passes learn about it
        /// (the evaluator's translated scalar code) in tables of their own.
        id: NodeId,
    },
    /// A call `name(args, key=value)`.
    Call {
        /// The function's name.
        name: Symbol,
        /// Where the name is.
        name_span: Span,
        /// Positional arguments.
        args: Vec<Expr>,
        /// Keyword arguments.
        keywords: Vec<Keyword>,
    },
    /// An anonymous function `x -> e` or `(x, y) -> e`: a definition named
    /// `Symbol::ANONYMOUS` whose body is the one expression `e`.
    Lambda(Arc<FnDef>),
    /// Several results `a, b`: the value of `return a, b` or of a function body's last
    /// statement.
    Tuple(Vec<Expr>),
    /// Indexing `target[i]`, `target[i, j]`.
    Index {
        /// The indexed value.
        target: Box<Expr>,
        /// One or two index expressions.
        indices: Vec<Expr>,
    },
}

/// How an assignment combines with the old value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignOp {
    /// `=`
    Set,
    /// `+=`
    Add,
    /// `-=`
    Sub,
    /// `*=`
    Mul,
    /// `/=`
    Div,
}

impl AssignOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            AssignOp::Set => "=",
            AssignOp::Add => "+=",
            AssignOp::Sub => "-=",
            AssignOp::Mul => "*=",
            AssignOp::Div => "/=",
        }
    }

    /// The binary operator a compound assignment applies (`+=` applies `+`).
    pub fn binary(self) -> Option<BinaryOp> {
        match self {
            AssignOp::Set => None,
            AssignOp::Add => Some(BinaryOp::Add),
            AssignOp::Sub => Some(BinaryOp::Sub),
            AssignOp::Mul => Some(BinaryOp::Mul),
            AssignOp::Div => Some(BinaryOp::Div),
        }
    }
}

/// A name being bound, with its span.
#[derive(Clone, Copy, Debug)]
pub struct Target {
    /// The name.
    pub name: Symbol,
    /// Where it is written.
    pub span: Span,
}

/// A `{ ... }` block (or the single expression of `fn f(x) = e`).
#[derive(Clone, Debug)]
pub struct Block {
    /// Its statements.
    pub statements: Vec<Stmt>,
    /// Where it is.
    pub span: Span,
}

/// A function definition.
#[derive(Clone, Debug)]
pub struct FnDef {
    /// The function's name.
    pub name: Target,
    /// Parameters in order.
    pub params: Vec<Target>,
    /// The body; its value is the last expression statement's.
    pub body: Block,
}

/// A statement with its span. `silent` records a trailing `;`.
#[derive(Clone, Debug)]
pub struct Stmt {
    /// What kind of statement.
    pub kind: StmtKind,
    /// Where it is.
    pub span: Span,
    /// True when it ended with `;` (a top-level statement then shows nothing).
    pub silent: bool,
}

/// The kinds of statement.
#[derive(Clone, Debug)]
pub enum StmtKind {
    /// An expression; at top level its value is shown and stored in `ans`.
    Expr(Expr),
    /// `x = e`, `x += e`, ...
    Assign {
        /// The variable.
        target: Target,
        /// Which assignment.
        op: AssignOp,
        /// Where the operator is.
        op_span: Span,
        /// The right-hand side.
        value: Expr,
    },
    /// `A[i, j] = e`, `v[k] += e`, ...
    IndexAssign {
        /// The matrix variable.
        target: Target,
        /// One or two index expressions.
        indices: Vec<Expr>,
        /// The span of `A[i, j]`.
        lhs_span: Span,
        /// Which assignment.
        op: AssignOp,
        /// Where the operator is.
        op_span: Span,
        /// The right-hand side.
        value: Expr,
    },
    /// `a, b = e` (destructuring a multi-output call).
    Destructure {
        /// The names, in order.
        targets: Vec<Target>,
        /// The right-hand side.
        value: Expr,
    },
    /// `fn name(params) = e` or `fn name(params) { ... }`.
    FnDef(Arc<FnDef>),
    /// `if c { } else if c { } else { }`.
    If {
        /// Each condition with its block, in order.
        branches: Vec<(Expr, Block)>,
        /// The final `else` block.
        otherwise: Option<Block>,
    },
    /// `for x in e { }`.
    For {
        /// The loop variable.
        var: Target,
        /// What is iterated over.
        iter: Expr,
        /// The body.
        body: Block,
    },
    /// `while c { }`.
    While {
        /// The condition.
        cond: Expr,
        /// The body.
        body: Block,
    },
    /// `break`.
    Break,
    /// `continue`.
    Continue,
    /// `return` or `return e`.
    Return(Option<Expr>),
    /// A statement that did not parse (already reported).
    Error,
}

impl SyntaxTree {
    /// A program of these statements, its nodes numbered in source order.
    pub fn new(mut statements: Vec<Stmt>) -> SyntaxTree {
        let nodes = number_nodes(&mut statements);
        SyntaxTree { statements, nodes }
    }
}

/// A part of the tree still to be numbered.
enum Part<'a> {
    Statements(&'a mut [Stmt]),
    Expr(&'a mut Expr),
    Items(&'a mut [MatrixItem]),
}

/// Numbers the binary nodes under `statements` in source order, with a work list rather than
/// recursion: a chain like `1+1+...+1` is as deep as it is long, and must not overflow the
/// stack here when the evaluator's guarded recursion would report it as too deep.
fn number_nodes(statements: &mut [Stmt]) -> u32 {
    let mut next = 0;
    let mut work = vec![Part::Statements(statements)];
    while let Some(part) = work.pop() {
        // Children are pushed last-first, so they are numbered first-first.
        let mut children: Vec<Part> = Vec::new();
        match part {
            Part::Statements(statements) => {
                for statement in statements.iter_mut() {
                    statement_parts(statement, &mut children);
                }
            }
            Part::Items(items) => {
                for item in items.iter_mut() {
                    children.push(match item {
                        MatrixItem::Row(row, _) => Part::Items(row),
                        MatrixItem::Elem(e) => Part::Expr(e),
                    });
                }
            }
            Part::Expr(expr) => match &mut expr.kind {
                ExprKind::Binary {
                    left, right, id, ..
                } => {
                    *id = NodeId(next);
                    next += 1;
                    children.push(Part::Expr(left));
                    children.push(Part::Expr(right));
                }
                ExprKind::Unary { operand, .. } => children.push(Part::Expr(operand)),
                ExprKind::Range { start, step, end } => {
                    children.push(Part::Expr(start));
                    if let Some(step) = step {
                        children.push(Part::Expr(step));
                    }
                    children.push(Part::Expr(end));
                }
                ExprKind::Call { args, keywords, .. } => {
                    children.extend(args.iter_mut().map(Part::Expr));
                    children.extend(keywords.iter_mut().map(|k| Part::Expr(&mut k.value)));
                }
                ExprKind::Index { target, indices } => {
                    children.push(Part::Expr(target));
                    children.extend(indices.iter_mut().map(Part::Expr));
                }
                ExprKind::Matrix(items) => children.push(Part::Items(items)),
                ExprKind::Tuple(items) => children.extend(items.iter_mut().map(Part::Expr)),
                ExprKind::Lambda(def) => {
                    // Fresh from the parser, the definition has no other owner yet.
                    if let Some(def) = Arc::get_mut(def) {
                        children.push(Part::Statements(&mut def.body.statements));
                    }
                }
                ExprKind::Number(_)
                | ExprKind::Imaginary(_)
                | ExprKind::Str(_)
                | ExprKind::Bool(_)
                | ExprKind::Name(_)
                | ExprKind::End
                | ExprKind::All => {}
            },
        }
        work.extend(children.into_iter().rev());
    }
    next
}

/// The expressions and blocks directly inside one statement, in source order.
fn statement_parts<'a>(statement: &'a mut Stmt, parts: &mut Vec<Part<'a>>) {
    match &mut statement.kind {
        StmtKind::Expr(e)
        | StmtKind::Assign { value: e, .. }
        | StmtKind::Destructure { value: e, .. }
        | StmtKind::Return(Some(e)) => parts.push(Part::Expr(e)),
        StmtKind::IndexAssign { indices, value, .. } => {
            parts.extend(indices.iter_mut().map(Part::Expr));
            parts.push(Part::Expr(value));
        }
        StmtKind::FnDef(def) => {
            // Fresh from the parser, the definition has no other owner yet.
            if let Some(def) = Arc::get_mut(def) {
                parts.push(Part::Statements(&mut def.body.statements));
            }
        }
        StmtKind::If {
            branches,
            otherwise,
        } => {
            for (cond, block) in branches.iter_mut() {
                parts.push(Part::Expr(cond));
                parts.push(Part::Statements(&mut block.statements));
            }
            if let Some(block) = otherwise {
                parts.push(Part::Statements(&mut block.statements));
            }
        }
        StmtKind::For { iter, body, .. } => {
            parts.push(Part::Expr(iter));
            parts.push(Part::Statements(&mut body.statements));
        }
        StmtKind::While { cond, body } => {
            parts.push(Part::Expr(cond));
            parts.push(Part::Statements(&mut body.statements));
        }
        StmtKind::Return(None) | StmtKind::Break | StmtKind::Continue | StmtKind::Error => {}
    }
}
