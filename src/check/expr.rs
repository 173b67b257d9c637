//! The checker's expressions: literals, ranges, names, the operators (through `ops::rules`,
//! the evaluator's own shape rules) and indexing (through the evaluator's own index checks).

use super::abs::{Abs, Dim, Dims, Val};
use super::Checker;
use crate::eval::{literal_rows, mask_fits, not_an_index, not_indexable, position, Access, Axis};
use crate::op::{BinaryOp, UnaryOp};
use crate::ops::concat::{joined_shape, Direction};
use crate::ops::rules::{self, Operands};
use crate::source::Span;
use crate::syntax::ast::{Expr, ExprKind, MatrixItem};
use crate::value::Shape;

impl Checker<'_> {
    pub(super) fn expr(&mut self, e: &Expr) -> Abs {
        let v = self.expr_kind(e);
        if self.recording {
            self.types.push((e.span, v));
        }
        v
    }

    fn expr_kind(&mut self, e: &Expr) -> Abs {
        match &e.kind {
            ExprKind::Number(x) => Abs::num(*x),
            ExprKind::Imaginary(_) => Abs::Complex(Dims::SCALAR),
            ExprKind::Str(_) => Abs::Str,
            ExprKind::Bool(_) => Abs::Logical(Dims::SCALAR),
            ExprKind::Lambda(_) => Abs::Func,
            ExprKind::All => Abs::Unknown,
            ExprKind::End => match self.ends.last() {
                Some(Some(Dim::Known(n))) => Abs::num(*n as f64),
                Some(Some(Dim::Sym(id))) => Abs::Real(Dims::SCALAR, Val::Size(*id)),
                _ => Abs::Unknown,
            },
            ExprKind::Name(name) => match self.vars.get(name) {
                Some(v) => *v,
                None => match self.names.name(*name) {
                    "pi" => Abs::num(std::f64::consts::PI),
                    "e" => Abs::num(std::f64::consts::E),
                    "Inf" | "inf" => Abs::num(f64::INFINITY),
                    "NaN" | "nan" => Abs::num(f64::NAN),
                    "I" if !self.functions.contains(name) => Abs::Identity,
                    _ => Abs::Unknown,
                },
            },
            ExprKind::Matrix(items) => self.literal(items, e.span),
            ExprKind::Range { start, step, end } => {
                let a = self.expr(start);
                let s = step.as_ref().map(|s| self.expr(s));
                let b = self.expr(end);
                range(a, s, b)
            }
            ExprKind::Unary { op, operand, .. } => {
                let v = self.expr(operand);
                match (op, v) {
                    (UnaryOp::Neg, Abs::Real(d, Val::Num(x))) => Abs::Real(d, Val::Num(-x)),
                    (UnaryOp::Neg | UnaryOp::Plus, Abs::Real(d, _)) => Abs::real(d),
                    (UnaryOp::Neg | UnaryOp::Plus, Abs::Complex(d)) => Abs::Complex(d),
                    (
                        UnaryOp::Neg | UnaryOp::Plus | UnaryOp::Adjoint | UnaryOp::Transpose,
                        Abs::Identity,
                    ) => Abs::Identity,
                    (UnaryOp::Adjoint | UnaryOp::Transpose, v) => match v.dims() {
                        Some(d) => v.with_dims(d.transposed()),
                        None => Abs::Unknown,
                    },
                    (UnaryOp::Not, v) => v.dims().map_or(Abs::Unknown, Abs::Logical),
                    _ => Abs::Unknown,
                }
            }
            ExprKind::Binary {
                op,
                op_span,
                left,
                right,
                ..
            } => {
                let l = self.expr(left);
                if matches!(op, BinaryOp::And | BinaryOp::Or) {
                    // The right side may not run.
                    let always = std::mem::replace(&mut self.always, false);
                    self.expr(right);
                    self.always = always;
                    return Abs::Logical(Dims::SCALAR);
                }
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
            } => self.call(*name, e.span, args, keywords),
            ExprKind::Index { target, indices } => {
                let t = self.expr(target);
                if t == Abs::Str {
                    self.report(not_indexable("string", target.span));
                    return Abs::Unknown;
                }
                if indices.len() > 2 && t.dims().is_some() {
                    self.report(crate::eval::too_many_indices(indices));
                    return Abs::Unknown;
                }
                let values = self.indices(t, indices);
                match t.dims() {
                    Some(dims) => {
                        let picked = self.positions(dims, indices, &values, Access::Read);
                        match picked.as_deref() {
                            Some([Dim::Known(1)] | [Dim::Known(1), Dim::Known(1)]) => {
                                t.with_dims(Dims::SCALAR)
                            }
                            // What else one index picks is not followed.
                            Some([r, c]) => t.with_dims(Dims::new(*r, *c)),
                            _ => Abs::Unknown,
                        }
                    }
                    None => Abs::Unknown,
                }
            }
            ExprKind::Tuple(items) => {
                for item in items {
                    self.expr(item);
                }
                Abs::Tuple
            }
        }
    }

    /// The index expressions of `target[...]`, with `end` the size of the dimension each
    /// one indexes when the target's shape is known.
    pub(super) fn indices(&mut self, target: Abs, indices: &[Expr]) -> Vec<Abs> {
        let extents: Vec<Option<Dim>> = match (target.dims(), indices.len()) {
            (Some(d), 1) => vec![match (d.rows, d.cols) {
                (Dim::Known(r), Dim::Known(c)) => Some(Dim::Known(r * c)),
                (n, Dim::Known(1)) | (Dim::Known(1), n) => Some(n),
                _ => None,
            }],
            (Some(d), 2) => vec![Some(d.rows), Some(d.cols)],
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

    /// Indices into a matrix of dimensions `dims`, checked in the run's order (rows, then
    /// columns) as far as they are known: the run's own errors (out of range, a mask of
    /// the wrong length, a matrix as an index). How many each index picks, where known
    /// (`None` after an error, or past an index not followed).
    pub(super) fn positions(
        &mut self,
        dims: Dims,
        indices: &[Expr],
        values: &[Abs],
        access: Access,
    ) -> Option<Vec<Dim>> {
        let shape = dims.shape();
        let axes = match indices.len() {
            1 => vec![(shape.map(|s| s.len()), Axis::Linear)],
            2 => vec![
                (shape.map(|s| s.rows), Axis::Rows),
                (shape.map(|s| s.cols), Axis::Cols),
            ],
            _ => return None,
        };
        let mut picked = Vec::new();
        for ((e, v), (extent, axis)) in indices.iter().zip(values).zip(axes) {
            let whole = match axis {
                Axis::Linear => Dim::Any,
                Axis::Rows => dims.rows,
                Axis::Cols => dims.cols,
            };
            if let ExprKind::All = e.kind {
                picked.push(whole);
                continue;
            }
            let (Some(shape), Some(extent)) = (shape, extent) else {
                // Not known: a scalar index picks one, a vector of known length that many
                // (if the run gets past it); anything else is not followed.
                picked.push(match v {
                    Abs::Real(d, _) => match d.shape() {
                        Some(s) if s.is_vector() => Dim::Known(s.len()),
                        _ => Dim::Any,
                    },
                    _ => Dim::Any,
                });
                continue;
            };
            let checked = match v {
                Abs::Real(d, val) if d.is_scalar() => match val {
                    Val::Num(x) => {
                        position(*x, extent, shape, axis, access, e.span).map(|_| Dim::Known(1))
                    }
                    _ => Ok(Dim::Known(1)),
                },
                Abs::Logical(d) => match d.shape() {
                    Some(given) if !d.is_scalar() => {
                        mask_fits(given, extent, shape, axis, e.span).map(|()| Dim::Any)
                    }
                    _ => Ok(Dim::Any),
                },
                Abs::Real(d, _) => match d.shape() {
                    Some(s) if s.rows > 1 && s.cols > 1 => {
                        Err(not_an_index(&format!("{s} matrix"), e.span))
                    }
                    Some(s) => Ok(Dim::Known(s.len())),
                    None => Ok(Dim::Any),
                },
                // Not known: what a later index would do is not certain either.
                _ => return None,
            };
            match checked {
                Ok(d) => picked.push(d),
                Err(d) => {
                    self.report(d);
                    return None;
                }
            }
        }
        Some(picked)
    }

    /// Whether `e` calls the builtin `name` (not a function or variable of that name).
    pub(super) fn is_builtin_call(&self, e: &Expr, name: &str) -> bool {
        matches!(&e.kind, ExprKind::Call { name: called, .. }
            if self.names.name(*called) == name
                && !self.functions.contains(called)
                && !self.vars.contains_key(called))
    }

    /// A matrix literal: the run's own checks (rows mixed with elements, pieces that do not
    /// fit) where every piece's shape is known.
    fn literal(&mut self, items: &[MatrixItem], span: Span) -> Abs {
        let rows = match literal_rows(items, span) {
            Ok(rows) => rows,
            Err(d) => {
                self.report(d);
                return Abs::Unknown;
            }
        };
        let pieces: Vec<(Abs, Span)> = if rows > 0 {
            let mut joined = Vec::new();
            for item in items {
                if let MatrixItem::Row(elements, row_span) = item {
                    let parts = self.items(elements);
                    let row = self.join(&parts, Direction::Horizontal, "element");
                    joined.push((row, *row_span));
                }
            }
            joined
        } else {
            self.items(items)
        };
        let what = if rows > 0 { "row" } else { "element" };
        self.join(&pieces, Direction::Vertical, what)
    }

    /// The values of a row's items, each with the value it has anywhere else.
    fn items(&mut self, items: &[MatrixItem]) -> Vec<(Abs, Span)> {
        items
            .iter()
            .map(|item| match item {
                MatrixItem::Elem(e) => (self.expr(e), e.span),
                MatrixItem::Row(inner, span) => (self.literal(inner, *span), *span),
            })
            .collect()
    }

    /// Pieces joined as the run joins them, when every piece's shape is known.
    pub(super) fn join(&mut self, pieces: &[(Abs, Span)], direction: Direction, what: &str) -> Abs {
        let mut shapes = Vec::new();
        for (piece, span) in pieces {
            match piece.shape() {
                Some(s) if s.rows == 0 && s.cols == 0 => {}
                Some(s) => shapes.push((s, *span)),
                None => return Abs::Unknown,
            }
        }
        match joined_shape(shapes, direction, what) {
            Ok(shape) => {
                let dims = Dims::of(shape.unwrap_or(Shape::new(0, 0)));
                if pieces.iter().any(|(p, _)| matches!(p, Abs::Complex(_))) {
                    Abs::Complex(dims)
                } else if !pieces.is_empty()
                    && pieces.iter().all(|(p, _)| matches!(p, Abs::Logical(_)))
                {
                    Abs::Logical(dims)
                } else {
                    Abs::real(dims)
                }
            }
            Err(d) => {
                self.report(d);
                Abs::Unknown
            }
        }
    }

    /// An operator: on known real shapes the evaluator's rule, and its error when it
    /// breaks; on named dimensions what the result is whenever the run gets past it.
    fn binary(&mut self, op: BinaryOp, l: Abs, r: Abs, at: Operands) -> Abs {
        use BinaryOp::{Eq, Ge, Gt, Le, Lt, Ne};
        let comparison = matches!(op, Eq | Ne | Lt | Le | Gt | Ge);
        if let Some(v) = self.identity(op, l, r, at) {
            return v;
        }
        let (Abs::Real(a, x), Abs::Real(b, y)) = (l, r) else {
            return match (l.dims(), r.dims()) {
                (Some(a), Some(b)) if comparison => Abs::Logical(broadcast_dims(a, b)),
                _ => Abs::Unknown,
            };
        };
        if a.is_scalar() && b.is_scalar() {
            return if comparison {
                Abs::Logical(Dims::SCALAR)
            } else {
                match scalar_op(op, x, y) {
                    Some(v) => Abs::num(v),
                    None => Abs::real(Dims::SCALAR),
                }
            };
        }
        let result = match (a.shape(), b.shape()) {
            (Some(sa), Some(sb)) => known_binary(op, sa, sb, at),
            _ => {
                self.suggest_dotted(op, a, b, at);
                Ok(symbolic_binary(op, a, b))
            }
        };
        match result {
            Ok(Some(d)) if comparison => Abs::Logical(d),
            Ok(Some(d)) => Abs::real(d),
            Ok(None) => Abs::Unknown,
            Err(d) => {
                self.report(d);
                Abs::Unknown
            }
        }
    }
}

impl Checker<'_> {
    /// A sizeless `I` next to a real matrix: `A + I` needs A square (the run's error), and
    /// has A's shape, as `A * I` does.
    fn identity(&mut self, op: BinaryOp, l: Abs, r: Abs, at: Operands) -> Option<Abs> {
        let (other, span) = match (l, r) {
            (Abs::Identity, Abs::Identity) => return Some(Abs::Identity),
            (Abs::Identity, o) => (o, at.right),
            (o, Abs::Identity) => (o, at.left),
            _ => return None,
        };
        let Abs::Real(d, _) = other else {
            return Some(Abs::Unknown);
        };
        match op {
            BinaryOp::Add | BinaryOp::Sub if !d.is_scalar() => {
                if let Some(shape) = d.shape() {
                    if let Err(e) = crate::ops::identity::sized_by(shape, at, span) {
                        self.report(e);
                        return Some(Abs::Unknown);
                    }
                }
                Some(Abs::real(d))
            }
            BinaryOp::Mul | BinaryOp::DotMul if !d.is_scalar() => Some(Abs::real(d)),
            _ => Some(Abs::Unknown),
        }
    }

    /// L009: a `+` or `-` between a matrix and a row (or column) of its width (or height)
    /// whose other dimension is named, not known: it fails unless that dimension is 1,
    /// and the dotted operator is what broadcasts.
    fn suggest_dotted(&mut self, op: BinaryOp, a: Dims, b: Dims, at: Operands) {
        if !matches!(op, BinaryOp::Add | BinaryOp::Sub) {
            return;
        }
        let one = Dim::Known(1);
        let not_one = |d: Dim| d != one && d != Dim::Any;
        let row_against = |v: Dims, m: Dims| {
            v.rows == one && not_one(v.cols) && v.cols == m.cols && not_one(m.rows)
        };
        let col_against = |v: Dims, m: Dims| {
            v.cols == one && not_one(v.rows) && v.rows == m.rows && not_one(m.cols)
        };
        let (vector, what) = if row_against(a, b) || row_against(b, a) {
            (if a.rows == one { a } else { b }, "row")
        } else if col_against(a, b) || col_against(b, a) {
            (if a.cols == one { a } else { b }, "column")
        } else {
            return;
        };
        let matrix = if vector == a { b } else { a };
        let dotted = if op == BinaryOp::Add { ".+" } else { ".-" };
        let (va, ma) = (self.symbols.dims(vector), self.symbols.dims(matrix));
        let (ls, rs) = (self.symbols.dims(a), self.symbols.dims(b));
        let mut d = crate::diagnostic::Diagnostic::warning(
            crate::diagnostic::ErrorKind::Lint,
            at.op,
            format!(
                "`{}` between a {ma} matrix and a {va} {what} needs equal shapes, so it fails unless the matrix has one {}",
                op.symbol(),
                if what == "row" { "row" } else { "column" }
            ),
        )
        .label(at.left, ls)
        .label(at.op, "shapes differ unless a dimension is 1")
        .label(at.right, rs)
        .help(format!("to broadcast the {what} across the matrix, use `{dotted}`"));
        d.code = Some("L009");
        self.warnings.push(d);
    }
}

/// An operator on two known real shapes (not both scalars): the rule's result or error.
fn known_binary(
    op: BinaryOp,
    sa: Shape,
    sb: Shape,
    at: Operands,
) -> crate::diagnostic::Fallible<Option<Dims>> {
    use BinaryOp::{
        Add, Div, DotAdd, DotDiv, DotMul, DotPow, DotSub, Eq, Ge, Gt, Le, LeftDiv, Lt, Mul, Ne, Sub,
    };
    let (ls, rs) = (sa == Shape::SCALAR, sb == Shape::SCALAR);
    let shape = match op {
        Add | Sub => rules::same_shape(op, sa, sb, ls || rs, at).map(|()| if ls { sb } else { sa }),
        Mul if ls || rs => Ok(if ls { sb } else { sa }),
        Mul => rules::product(sa, sb, at),
        Div if rs => Ok(sa),
        Div if !ls => rules::right_divide(sa, sb, at),
        LeftDiv if ls => Ok(sb),
        BinaryOp::Pow if rs && !ls => rules::power(sa, at),
        LeftDiv => rules::left_divide(sa, sb, at),
        DotAdd | DotSub | DotMul | DotDiv | DotPow | Eq | Ne | Lt | Le | Gt | Ge => {
            let what = format!("`{}`", op.symbol());
            rules::broadcast(&what, sa, sb, at)
        }
        _ => return Ok(None),
    };
    shape.map(|s| Some(Dims::of(s)))
}

/// An operator on named dimensions, never an error: the result's dimensions whenever the
/// run gets past it, where they follow.
fn symbolic_binary(op: BinaryOp, a: Dims, b: Dims) -> Option<Dims> {
    use BinaryOp::{
        Add, Div, DotAdd, DotDiv, DotMul, DotPow, DotSub, Eq, Ge, Gt, Le, LeftDiv, Lt, Mul, Ne, Sub,
    };
    let (ma, mb) = (surely_matrix(a), surely_matrix(b));
    match op {
        Add | Sub if a.is_scalar() => Some(b),
        Add | Sub if b.is_scalar() => Some(a),
        Add | Sub if ma && mb => Some(Dims::new(same(a.rows, b.rows)?, same(a.cols, b.cols)?)),
        Mul if a.is_scalar() => Some(b),
        Mul if b.is_scalar() => Some(a),
        // Also when the inner dimensions are the same named one: were either side a
        // scalar, that dimension is 1 and the product has this shape all the same.
        Mul if (ma && mb) || (a.cols == b.rows && a.cols != Dim::Any) => {
            Some(Dims::new(a.rows, b.cols))
        }
        Div if b.is_scalar() => Some(a),
        Div if ma && mb => Some(Dims::new(a.rows, b.rows)),
        LeftDiv if ma && mb => Some(Dims::new(a.cols, b.cols)),
        DotAdd | DotSub | DotMul | DotDiv | DotPow | Eq | Ne | Lt | Le | Gt | Ge => {
            Some(broadcast_dims(a, b))
        }
        _ => None,
    }
}

/// Whether dimensions are certainly not 1×1 (so the value is a matrix, not a scalar).
fn surely_matrix(d: Dims) -> bool {
    matches!(d.rows, Dim::Known(n) if n != 1) || matches!(d.cols, Dim::Known(n) if n != 1)
}

/// What two dimensions that must be equal are: the known one where one is known.
fn same(a: Dim, b: Dim) -> Option<Dim> {
    match (a, b) {
        (Dim::Known(x), Dim::Known(y)) if x != y => None,
        (Dim::Known(_), _) => Some(a),
        (_, Dim::Known(_)) => Some(b),
        _ if a == b => Some(a),
        _ => Some(Dim::Any),
    }
}

/// The dimensions two broadcast to, where the run gets past them.
pub(super) fn broadcast_dims(a: Dims, b: Dims) -> Dims {
    let dim = |x: Dim, y: Dim| match (x, y) {
        (x, y) if x == y => x,
        (Dim::Known(1), y) => y,
        (x, Dim::Known(1)) => x,
        (Dim::Known(n), _) | (_, Dim::Known(n)) => Dim::Known(n),
        _ => Dim::Any,
    };
    Dims::new(dim(a.rows, b.rows), dim(a.cols, b.cols))
}

/// A scalar operator's value when both sides are known and the operator is arithmetic.
fn scalar_op(op: BinaryOp, a: Val, b: Val) -> Option<f64> {
    let (Val::Num(a), Val::Num(b)) = (a, b) else {
        return None;
    };
    match op {
        BinaryOp::Add | BinaryOp::DotAdd => Some(a + b),
        BinaryOp::Sub | BinaryOp::DotSub => Some(a - b),
        BinaryOp::Mul | BinaryOp::DotMul => Some(a * b),
        BinaryOp::Div | BinaryOp::DotDiv => Some(a / b),
        _ => None,
    }
    .filter(|x| x.is_finite())
}

/// `a:b` or `a:s:b` with known whole-number ends and step: a column of the values reached.
fn range(a: Abs, s: Option<Abs>, b: Abs) -> Abs {
    let step = match s {
        None => Some(1.0),
        Some(s) => s.value(),
    };
    let (Some(a), Some(b), Some(step)) = (a.value(), b.value(), step) else {
        return Abs::real(Dims::new(Dim::Any, Dim::Known(1)));
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
