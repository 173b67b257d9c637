//! `ShapeRule`: what a builtin's result shape is, given what is known of its arguments,
//! stated in its table row next to its implementation so a static pass can follow shapes
//! through calls without running them. A rule may also report the builtin's own shape error
//! when the arguments' shapes make it certain: it calls the same check function the
//! implementation calls, so the error reads the same before and during a run. A row that
//! cannot say states `Unknown`, and a checker then knows nothing of that result.

use crate::diagnostic::Fallible;
use crate::source::Span;
use crate::value::Shape;

/// What a static pass knows of one argument.
#[derive(Clone, Copy, Debug)]
pub struct ShapeArg {
    /// Its shape, when it is known to be a number or a matrix of this shape.
    pub shape: Option<Shape>,
    /// Whether it is known to be real (not complex, logical, a string or a function).
    pub real: bool,
    /// Its value, when it is a scalar known before running.
    pub value: Option<f64>,
    /// Whether it is known to be a function.
    pub function: bool,
    /// Where its expression is.
    pub span: Span,
}

/// What a static pass knows of one call.
#[derive(Clone, Copy, Debug)]
pub struct ShapeCall<'a> {
    /// The builtin's name.
    pub name: &'static str,
    /// The whole call.
    pub span: Span,
    /// The positional arguments.
    pub args: &'a [ShapeArg],
    /// The keyword arguments, by name.
    pub keywords: &'a [(&'a str, ShapeArg)],
}

impl ShapeCall<'_> {
    /// The known shapes of every positional argument that is known to be real, or `None`.
    pub fn real_shapes(&self) -> Option<Vec<Shape>> {
        self.args
            .iter()
            .map(|a| a.shape.filter(|_| a.real))
            .collect()
    }

    /// The value of keyword `name`, if given with a known value.
    pub fn keyword(&self, name: &str) -> Option<&ShapeArg> {
        self.keywords
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, a)| a)
    }
}

/// A builtin's result shape as a function of what is known of its arguments.
#[derive(Clone, Copy, Debug)]
pub enum ShapeRule {
    /// Not stated: the result's shape is unknown before running.
    Unknown,
    /// The shape of positional argument `i` (element-wise maps such as `sin`, `abs`).
    LikeArg(usize),
    /// The transposed shape of positional argument `i`.
    Transposed(usize),
    /// A scalar, whatever the arguments (`det`, `trace`, `rank`, `numel`).
    Scalar,
    /// No value (`print`, `assert`).
    Nothing,
    /// An m×n matrix from the size arguments `(m, n)`; `(n)` alone is n×n when `square`
    /// (`eye`), else an n×1 column (`zeros`).
    Sized {
        /// Whether one size means a square matrix.
        square: bool,
    },
    /// A reduction: a scalar without a dimension; with `dim=1` (or the second positional
    /// argument, when `positional`) a row of the column count, with `dim=2` a column. When
    /// not `positional`, two arguments are compared element-wise (`max(A, B)`), broadcasting.
    Reduce {
        /// Whether a second positional argument is the dimension (`sum(A, 1)`).
        positional: bool,
    },
    /// A rule of its own, next to the implementation; an `Err` is a certain error.
    Custom(fn(&ShapeCall) -> Fallible<Option<Shape>>),
}

impl ShapeRule {
    /// The result shape of `call` when every argument it reads is known, or `None` when the
    /// rule cannot say; an `Err` is the builtin's own error, certain for these arguments.
    pub fn result(self, call: &ShapeCall) -> Fallible<Option<Shape>> {
        let shape = |i: usize| call.args.get(i).and_then(|a| a.shape);
        Ok(match self {
            ShapeRule::Unknown | ShapeRule::Nothing => None,
            ShapeRule::LikeArg(i) => shape(i),
            ShapeRule::Transposed(i) => shape(i).map(|s| Shape::new(s.cols, s.rows)),
            ShapeRule::Scalar => Some(Shape::SCALAR),
            ShapeRule::Sized { square } => {
                let size = |i: usize| call.args.get(i).and_then(|a| a.value).and_then(count);
                match call.args.len() {
                    1 => size(0).map(|n| Shape::new(n, if square { n } else { 1 })),
                    2 => size(0).zip(size(1)).map(|(m, n)| Shape::new(m, n)),
                    _ => None,
                }
            }
            ShapeRule::Reduce { positional } => {
                let dim = match (call.keyword("dim"), call.args.get(1)) {
                    (Some(_), Some(_)) => return Ok(None),
                    (Some(d), None) => Some(d.value),
                    (None, Some(d)) if positional => Some(d.value),
                    // `max(A, B)`: element-wise, broadcasting.
                    (None, Some(b)) => {
                        return Ok(shape(0)
                            .zip(b.shape)
                            .and_then(|(a, b)| crate::ops::rules::broadcast_shape(a, b)))
                    }
                    (None, None) => None,
                };
                match (dim, shape(0)) {
                    (None, Some(_)) => Some(Shape::SCALAR),
                    (Some(Some(1.0)), Some(s)) => Some(Shape::new(1, s.cols)),
                    (Some(Some(2.0)), Some(s)) => Some(Shape::new(s.rows, 1)),
                    _ => None,
                }
            }
            ShapeRule::Custom(rule) => return rule(call),
        })
    }
}

/// A size argument's count: a whole number from 0 up, small enough to be a size.
pub fn count(x: f64) -> Option<usize> {
    super::args::as_count(x).filter(|&n| n < 1_000_000_000)
}

/// The rule of element-wise functions of several arguments that broadcast (`mod`, `atan2`,
/// `xor`): the shape all the arguments broadcast to, when every one is known.
pub fn broadcast_args(call: &ShapeCall) -> Fallible<Option<Shape>> {
    let mut out = Shape::SCALAR;
    for a in call.args {
        let Some(s) = a.shape else {
            return Ok(None);
        };
        match crate::ops::rules::broadcast_shape(out, s) {
            Some(joined) => out = joined,
            None => return Ok(None),
        }
    }
    Ok(Some(out))
}

/// The count a size argument `i` is known to be.
pub fn size_arg(call: &ShapeCall, i: usize) -> Option<usize> {
    call.args.get(i).and_then(|a| a.value).and_then(count)
}
