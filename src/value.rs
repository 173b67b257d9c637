//! Runtime values. Scalars stay plain `f64` (never boxed into a 1×1 matrix); matrices are
//! shared faer `Mat`s behind an `Arc`, so reading a variable never copies its matrix and an
//! unshared matrix is updated in place (`Arc::make_mut`).

use std::fmt;
use std::sync::Arc;

use faer::Mat;

/// Rows × columns. Scalars are 1×1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Shape {
    /// Number of rows.
    pub rows: usize,
    /// Number of columns.
    pub cols: usize,
}

impl Shape {
    /// An `rows`×`cols` shape.
    pub fn new(rows: usize, cols: usize) -> Shape {
        Shape { rows, cols }
    }

    /// The 1×1 shape of a scalar.
    pub const SCALAR: Shape = Shape { rows: 1, cols: 1 };

    /// Total element count (saturating, so absurd shapes cannot overflow).
    pub fn len(self) -> usize {
        self.rows.saturating_mul(self.cols)
    }

    /// True when there are no elements.
    pub fn is_empty(self) -> bool {
        self.rows == 0 || self.cols == 0
    }

    /// True for n×1 and 1×n shapes (including 1×1).
    pub fn is_vector(self) -> bool {
        self.rows == 1 || self.cols == 1
    }

    /// True for n×n shapes.
    pub fn is_square(self) -> bool {
        self.rows == self.cols
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}×{}", self.rows, self.cols)
    }
}

/// A value of the language.
#[derive(Clone, Debug)]
pub enum Value {
    /// A real number; also every 1×1 result.
    Scalar(f64),
    /// An m×n real matrix (never 1×1: that is a scalar).
    Matrix(Arc<Mat<f64>>),
    /// `true` or `false`.
    Bool(bool),
    /// A string.
    Str(Arc<str>),
    /// Several results of a multi-output function, only for destructuring.
    Tuple(Arc<[Value]>),
}

impl Value {
    /// Wraps a matrix, turning a 1×1 result into a scalar.
    pub fn from_mat(m: Mat<f64>) -> Value {
        if m.nrows() == 1 && m.ncols() == 1 {
            Value::Scalar(m[(0, 0)])
        } else {
            Value::Matrix(Arc::new(m))
        }
    }

    /// A string value.
    pub fn string(s: impl Into<Arc<str>>) -> Value {
        Value::Str(s.into())
    }

    /// The shape the value has as a matrix: 1×1 for scalars and bools.
    pub fn shape(&self) -> Shape {
        match self {
            Value::Matrix(m) => Shape::new(m.nrows(), m.ncols()),
            _ => Shape::SCALAR,
        }
    }

    /// The value as a number, if it is a scalar or bool.
    pub fn as_scalar(&self) -> Option<f64> {
        match self {
            Value::Scalar(x) => Some(*x),
            Value::Bool(b) => Some(f64::from(u8::from(*b))),
            _ => None,
        }
    }

    /// True for values that take part in arithmetic (scalars, bools, matrices).
    pub fn is_numeric(&self) -> bool {
        matches!(self, Value::Scalar(_) | Value::Bool(_) | Value::Matrix(_))
    }

    /// A short description for messages: `scalar`, `2×3 matrix`, `bool`, `string`.
    pub fn describe(&self) -> String {
        match self {
            Value::Scalar(_) => "scalar".into(),
            Value::Matrix(m) => format!("{} matrix", Shape::new(m.nrows(), m.ncols())),
            Value::Bool(_) => "bool".into(),
            Value::Str(_) => "string".into(),
            Value::Tuple(items) => format!("{} values", items.len()),
        }
    }

    /// The kind alone: `scalar`, `matrix`, `bool`, `string` or `tuple`.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Scalar(_) => "scalar",
            Value::Matrix(_) => "matrix",
            Value::Bool(_) => "bool",
            Value::Str(_) => "string",
            Value::Tuple(_) => "tuple",
        }
    }

    /// Copies a numeric value into a fresh matrix (scalars become 1×1).
    pub fn to_mat(&self) -> Option<Mat<f64>> {
        match self {
            Value::Matrix(m) => Some(m.as_ref().to_owned()),
            other => other.as_scalar().map(|x| Mat::from_fn(1, 1, |_, _| x)),
        }
    }
}

impl PartialEq for Value {
    /// Structural equality: same kind, same shape, equal elements (NaN never equals).
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Scalar(a), Value::Scalar(b)) => a == b,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Tuple(a), Value::Tuple(b)) => a == b,
            (Value::Matrix(a), Value::Matrix(b)) => {
                a.nrows() == b.nrows()
                    && a.ncols() == b.ncols()
                    && (0..a.ncols()).all(|j| (0..a.nrows()).all(|i| a[(i, j)] == b[(i, j)]))
            }
            _ => false,
        }
    }
}

impl From<f64> for Value {
    fn from(x: f64) -> Value {
        Value::Scalar(x)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<Mat<f64>> for Value {
    fn from(m: Mat<f64>) -> Value {
        Value::from_mat(m)
    }
}
