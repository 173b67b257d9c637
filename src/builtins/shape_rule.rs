//! `ShapeRule`: what a builtin's result shape is, given its arguments' shapes, stated in its
//! table row next to its implementation so a static pass can follow shapes through calls
//! without running them. A row that does not state one says `Unknown`, and a checker then
//! knows nothing of that result's shape.

use crate::value::Shape;

/// A builtin's result shape as a function of its arguments' shapes.
#[derive(Clone, Copy, Debug)]
pub enum ShapeRule {
    /// Not stated: the result's shape is unknown before running.
    Unknown,
    /// The shape of positional argument `i` (element-wise maps such as `sin`, `abs`).
    LikeArg(usize),
    /// A scalar, whatever the arguments (`det`, `trace`, `rank`, `numel`).
    Scalar,
    /// No value (`print`, `assert`).
    Nothing,
}

impl ShapeRule {
    /// The result shape for arguments of shapes `args` (`None` where an argument's shape is
    /// not known), or `None` when the rule cannot say.
    pub fn result(self, args: &[Option<Shape>]) -> Option<Shape> {
        match self {
            ShapeRule::Unknown | ShapeRule::Nothing => None,
            ShapeRule::LikeArg(i) => args.get(i).copied().flatten(),
            ShapeRule::Scalar => Some(Shape::SCALAR),
        }
    }
}
