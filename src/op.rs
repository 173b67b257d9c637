//! The operators of expressions, as the parser reads them and the evaluator and the
//! operator layer (`ops`) apply them (a module of its own so that `ops` needs nothing from
//! `syntax`): binary operators from grammar.md's precedence table and
//! prefix/postfix operators, each with its written symbol.

/// Binary operators, from the precedence table in grammar.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    /// `||`
    Or,
    /// `&&`
    And,
    /// `|` (element-wise or, broadcasting)
    ElemOr,
    /// `&` (element-wise and, broadcasting)
    ElemAnd,
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
            BinaryOp::ElemOr => "|",
            BinaryOp::ElemAnd => "&",
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
