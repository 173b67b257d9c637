//! The syntax tree. Every node carries its span; names are interned `Symbol`s. The evaluator
//! and any static pass (such as a shape checker) walk this same tree.

use std::sync::Arc;

use super::scalar_code::ScalarCache;
use crate::intern::Symbol;
use crate::source::Span;

/// A whole program or REPL line: statements in order.
#[derive(Clone, Debug)]
pub struct Program {
    /// The top-level statements.
    pub statements: Vec<Stmt>,
}

/// An expression with its span.
#[derive(Clone, Debug)]
pub struct Expr {
    /// What kind of expression.
    pub kind: ExprKind,
    /// Where it is.
    pub span: Span,
}

/// Binary operators, from the precedence table in grammar.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    /// `||`
    Or,
    /// `&&`
    And,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `+` (equal shapes or a scalar side)
    Add,
    /// `-`
    Sub,
    /// `.+` (broadcasting)
    DotAdd,
    /// `.-`
    DotSub,
    /// `*` (scaling or matrix product)
    Mul,
    /// `/`
    Div,
    /// `\` (solve)
    LeftDiv,
    /// `.*`
    DotMul,
    /// `./`
    DotDiv,
    /// `^` (scalar or matrix power)
    Pow,
    /// `.^`
    DotPow,
}

impl BinaryOp {
    /// True for `== != < <= > >=`.
    pub fn is_comparison(self) -> bool {
        use BinaryOp::*;
        matches!(self, Eq | Ne | Lt | Le | Gt | Ge)
    }

    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "||",
            BinaryOp::And => "&&",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::DotAdd => ".+",
            BinaryOp::DotSub => ".-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::LeftDiv => "\\",
            BinaryOp::DotMul => ".*",
            BinaryOp::DotDiv => "./",
            BinaryOp::Pow => "^",
            BinaryOp::DotPow => ".^",
        }
    }
}

/// Prefix operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `+x`
    Plus,
    /// `!x`
    Not,
    /// `x'` (adjoint; postfix)
    Adjoint,
    /// `x.'` (plain transpose; postfix)
    Transpose,
}

impl UnaryOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            UnaryOp::Neg => "-",
            UnaryOp::Plus => "+",
            UnaryOp::Not => "!",
            UnaryOp::Adjoint => "'",
            UnaryOp::Transpose => ".'",
        }
    }
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
        /// The expression as scalar code, compiled when it is first evaluated.
        compiled: ScalarCache,
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
