//! The shape rules of the operators, over shapes alone: which shapes `+`, the dotted
//! operators, `*`, `/` and `\` accept, what shape they give, and the one error each rule
//! reports when it breaks. The evaluator calls them before touching faer; a static checker
//! can call the same functions with inferred shapes, so a shape error reads the same before
//! and during a run.
//!
//! ```text
//! >> [[1, 2, 3]] * [[1, 2, 3]]
//! Error: matrix product needs the inner dimensions to agree, but the shapes are 1×3 and 1×3
//! ```

use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::op::BinaryOp;
use crate::source::Span;
use crate::value::Shape;

/// The spans of a binary operation: left operand, operator, right operand.
#[derive(Clone, Copy, Debug)]
pub struct Operands {
    /// The left operand's expression.
    pub left: Span,
    /// The operator token.
    pub op: Span,
    /// The right operand's expression.
    pub right: Span,
}

/// The one shape-error format: each operand labelled with its shape, the operator with the
/// rule that broke.
pub fn shape_mismatch(
    at: Operands,
    message: impl Into<String>,
    left: Shape,
    right: Shape,
    rule: impl Into<String>,
) -> Diagnostic {
    Diagnostic::error(ErrorKind::Shape, at.op, message)
        .label(at.left, left.to_string())
        .label(at.op, rule)
        .label(at.right, right.to_string())
}

/// What an error in `inv(A) * b` adds, whatever went wrong: solving is the better road.
pub fn suggest_solve(d: &mut Diagnostic) {
    if d.help.is_none() {
        d.help = Some(
            "use A \\ b instead of inv(A) * b: it solves without forming the inverse, faster and more accurately"
                .into(),
        );
    }
}

/// The shape two shapes broadcast to: each dimension equal, or 1 on one side.
pub fn broadcast_shape(a: Shape, b: Shape) -> Option<Shape> {
    let dim = |x: usize, y: usize| match (x, y) {
        (x, y) if x == y => Some(x),
        (1, y) => Some(y),
        (x, 1) => Some(x),
        _ => None,
    };
    Some(Shape::new(dim(a.rows, b.rows)?, dim(a.cols, b.cols)?))
}

/// The rule of the dotted operators (`what` names the operation, "`.*`", "`max`"): the
/// shape `sa` and `sb` broadcast to, or the error saying which dimension breaks it.
#[inline]
pub fn broadcast(what: &str, sa: Shape, sb: Shape, at: Operands) -> Fallible<Shape> {
    broadcast_shape(sa, sb).ok_or_else(|| not_broadcast(what, sa, sb, at))
}

#[cold]
fn not_broadcast(what: &str, sa: Shape, sb: Shape, at: Operands) -> Box<Diagnostic> {
    shape_mismatch(
        at,
        format!("{what} needs operands that broadcast, but the shapes are {sa} and {sb}"),
        sa,
        sb,
        broadcast_rule(sa, sb),
    )
    .help("each dimension must be equal, or 1 on one side")
    .boxed()
}

/// Which dimension broke broadcasting, for the operator's label.
fn broadcast_rule(a: Shape, b: Shape) -> String {
    if a.rows != b.rows && a.rows != 1 && b.rows != 1 {
        format!("rows {} and {} differ and neither is 1", a.rows, b.rows)
    } else {
        format!("columns {} and {} differ and neither is 1", a.cols, b.cols)
    }
}

/// The rule of `+` and `-`: equal shapes, or one side a scalar (`scalar_side`; a 1×1
/// matrix is not a scalar here). Never broadcasts silently: the error suggests the dotted
/// operator when broadcasting is what was meant.
#[inline]
pub fn same_shape(
    op: BinaryOp,
    ls: Shape,
    rs: Shape,
    scalar_side: bool,
    at: Operands,
) -> Fallible<()> {
    if ls == rs || scalar_side {
        return Ok(());
    }
    Err(shapes_differ(op, ls, rs, at))
}

#[cold]
fn shapes_differ(op: BinaryOp, ls: Shape, rs: Shape, at: Operands) -> Box<Diagnostic> {
    let dotted = if op == BinaryOp::Add { ".+" } else { ".-" };
    let mut d = shape_mismatch(
        at,
        format!(
            "`{}` needs operands of the same shape, but they are {ls} and {rs}",
            op.symbol()
        ),
        ls,
        rs,
        "shapes differ",
    );
    if broadcast_shape(ls, rs).is_some() {
        d = d.help(format!(
            "to broadcast the {} across the {}, use `{dotted}`",
            smaller_name(ls, rs),
            larger_name(ls, rs)
        ));
    } else if ls.rows == rs.cols && ls.cols == rs.rows {
        d = d.help(
            "the shapes are transposes of each other: did you mean to transpose one side with `'`?",
        );
    }
    d.boxed()
}

fn vector_name(s: Shape) -> String {
    if s.rows == 1 {
        format!("1×{} row", s.cols)
    } else if s.cols == 1 {
        format!("{}×1 column", s.rows)
    } else {
        format!("{s} matrix")
    }
}

fn smaller_name(a: Shape, b: Shape) -> String {
    if a.len() <= b.len() {
        vector_name(a)
    } else {
        vector_name(b)
    }
}

fn larger_name(a: Shape, b: Shape) -> String {
    let big = if a.len() > b.len() { a } else { b };
    if big.is_vector() {
        vector_name(big)
    } else {
        format!("rows of the {big} matrix")
    }
}

/// The rule of the matrix product `A * B` of two matrices: A's columns equal B's rows;
/// the result is A's rows by B's columns. The error names the likely fix.
#[inline]
pub fn product(ls: Shape, rs: Shape, at: Operands) -> Fallible<Shape> {
    if ls.cols == rs.rows {
        return Ok(Shape::new(ls.rows, rs.cols));
    }
    Err(inner_dimensions_differ(ls, rs, at))
}

#[cold]
fn inner_dimensions_differ(ls: Shape, rs: Shape, at: Operands) -> Box<Diagnostic> {
    let mut d = shape_mismatch(
        at,
        format!(
            "matrix product needs the inner dimensions to agree, but the shapes are {ls} and {rs}"
        ),
        ls,
        rs,
        format!("inner dimensions {} and {} differ", ls.cols, rs.rows),
    );
    d = if ls == rs && ls.cols == 1 {
        d.help(format!(
            "did you mean u' * v? transposing the left operand gives the dot product (1×{0} times {0}×1 is a scalar); for the element-wise product, use `.*`",
            ls.rows
        ))
    } else if ls == rs {
        d.help("for the element-wise product, use `.*`")
    } else if ls.cols == rs.cols {
        d.help(format!(
            "did you mean to transpose the right operand? its transpose is {}×{}",
            rs.cols, rs.rows
        ))
    } else if ls.rows == rs.rows {
        d.help(format!(
            "did you mean to transpose the left operand? its transpose is {}×{}",
            ls.cols, ls.rows
        ))
    } else {
        d.note("in A*B, A's column count must equal B's row count")
    };
    d.boxed()
}

/// The rule of `A / B` for two matrices: the same number of columns (X·B = A); the result
/// is A's rows by B's rows.
#[inline]
pub fn right_divide(ls: Shape, rs: Shape, at: Operands) -> Fallible<Shape> {
    if ls.cols == rs.cols {
        return Ok(Shape::new(ls.rows, rs.rows));
    }
    Err(shape_mismatch(
        at,
        format!("`/` needs both sides to have the same number of columns, but the shapes are {ls} and {rs}"),
        ls,
        rs,
        format!("columns {} and {} differ", ls.cols, rs.cols),
    )
    .help("A / B solves X·B = A; for element-wise division use `./`")
    .boxed())
}

/// The rule of `A \ B` for a matrix A: the same number of rows (A·X = B); the result is
/// A's columns by B's columns.
#[inline]
pub fn left_divide(ls: Shape, rs: Shape, at: Operands) -> Fallible<Shape> {
    if ls.rows == rs.rows {
        return Ok(Shape::new(ls.cols, rs.cols));
    }
    Err(shape_mismatch(
        at,
        format!("`\\` needs both sides to have the same number of rows, but the shapes are {ls} and {rs}"),
        ls,
        rs,
        format!("rows {} and {} differ", ls.rows, rs.rows),
    )
    .help("A \\ b solves A·x = b, so b needs one row per row of A")
    .boxed())
}

/// The rule of `A ^ k` for a matrix A and a scalar k: A square; the result is A's shape.
#[inline]
pub fn power(ls: Shape, at: Operands) -> Fallible<Shape> {
    if ls.is_square() {
        return Ok(ls);
    }
    Err(Diagnostic::error(
        ErrorKind::Shape,
        at.op,
        format!("`^` needs a square matrix, but this is {ls}"),
    )
    .label(at.left, ls.to_string())
    .label(at.op, "matrix power multiplies the matrix by itself")
    .help("for the element-wise power, use `.^`")
    .boxed())
}
