//! Runtime values. Scalars stay plain `f64` (never boxed into a 1×1 matrix); matrices are
//! shared faer `Mat`s behind an `Arc`, so reading a variable never copies its matrix and an
//! unshared matrix is updated in place (`Arc::make_mut`).

use std::fmt;
use std::sync::Arc;

use faer::{c64, Mat};

use crate::function::Function;
use crate::intern::Symbol;

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
    /// A complex number with a non-zero imaginary part (otherwise it is a `Scalar`).
    Complex(c64),
    /// An m×n complex matrix with some non-zero imaginary part (never 1×1).
    ComplexMatrix(Arc<Mat<c64>>),
    /// `true` or `false`.
    Bool(bool),
    /// An m×n logical matrix (a mask): every element 0 or 1, stored as numbers so that in
    /// arithmetic it is the 0/1 matrix, as a bool is 0 or 1 (never 1×1: that is a `Bool`).
    Logical(Arc<Mat<f64>>),
    /// A string.
    Str(Arc<str>),
    /// Several results of a multi-output function, only for destructuring.
    Tuple(Arc<[Value]>),
    /// `s·I`: the identity scaled by `s`, sized by the matrix it meets in `+`, `-` or `*`
    /// (as Julia's `I`).
    Identity(f64),
    /// A function as a value: `x -> 2 * x`, or a named function or builtin (`g = sq`).
    Function(Arc<FunctionValue>),
}

/// A function held in a variable or passed as an argument.
#[derive(Debug)]
pub struct FunctionValue {
    /// What a call runs.
    pub callee: Callee,
    /// How it prints: the source text of an anonymous function (`(x) -> x .^ 2`) or the
    /// name of a named one.
    pub text: Arc<str>,
}

/// What calling a function value runs.
#[derive(Debug)]
pub enum Callee {
    /// A user function, named or anonymous, with the values it captured when it was made
    /// (by value: later changes to those variables do not reach it).
    User {
        /// The function and its slot layout (captured names are locals).
        function: Arc<Function>,
        /// The captured variables.
        captured: Vec<(Symbol, Value)>,
    },
    /// The builtin of this name.
    Builtin(Symbol),
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

    /// A complex number; real when its imaginary part is zero.
    ///
    /// ```
    /// use la::Value;
    /// assert_eq!(Value::complex(faer::c64::new(2.0, 0.0)), Value::Scalar(2.0));
    /// assert!(matches!(Value::complex(faer::c64::new(0.0, 1.0)), Value::Complex(_)));
    /// ```
    pub fn complex(z: c64) -> Value {
        if z.im == 0.0 {
            Value::Scalar(z.re)
        } else {
            Value::Complex(z)
        }
    }

    /// Wraps a complex matrix: real when every imaginary part is zero, a scalar when 1×1.
    ///
    /// ```
    /// use la::Value;
    /// let m = faer::Mat::from_fn(2, 1, |i, _| faer::c64::new(i as f64, 0.0));
    /// assert_eq!(Value::from_cmat(m), Value::from(vec![0.0, 1.0]));
    /// ```
    pub fn from_cmat(m: Mat<c64>) -> Value {
        let real = (0..m.ncols()).all(|j| (0..m.nrows()).all(|i| m[(i, j)].im == 0.0));
        if real {
            return Value::from_mat(Mat::from_fn(m.nrows(), m.ncols(), |i, j| m[(i, j)].re));
        }
        if m.nrows() == 1 && m.ncols() == 1 {
            Value::Complex(m[(0, 0)])
        } else {
            Value::ComplexMatrix(Arc::new(m))
        }
    }

    /// True for complex scalars and matrices.
    pub fn is_complex(&self) -> bool {
        matches!(self, Value::Complex(_) | Value::ComplexMatrix(_))
    }

    /// Any numeric value (real or complex) as a complex matrix; `None` for strings and
    /// tuples.
    pub fn to_cmat(&self) -> Option<Mat<c64>> {
        match self {
            Value::ComplexMatrix(m) => Some(m.as_ref().to_owned()),
            Value::Complex(z) => Some(Mat::from_fn(1, 1, |_, _| *z)),
            Value::Matrix(m) | Value::Logical(m) => {
                Some(Mat::from_fn(m.nrows(), m.ncols(), |i, j| {
                    c64::new(m[(i, j)], 0.0)
                }))
            }
            other => other
                .as_scalar()
                .map(|x| Mat::from_fn(1, 1, |_, _| c64::new(x, 0.0))),
        }
    }

    /// A string value.
    pub fn string(s: impl Into<Arc<str>>) -> Value {
        Value::Str(s.into())
    }

    /// The shape the value has as a matrix: 1×1 for scalars and bools.
    pub fn shape(&self) -> Shape {
        match self {
            Value::Matrix(m) | Value::Logical(m) => Shape::new(m.nrows(), m.ncols()),
            Value::ComplexMatrix(m) => Shape::new(m.nrows(), m.ncols()),
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
        matches!(
            self,
            Value::Scalar(_) | Value::Bool(_) | Value::Matrix(_) | Value::Logical(_)
        )
    }

    /// A short description for messages: `scalar`, `2×3 matrix`, `bool`, `string`.
    pub fn describe(&self) -> String {
        match self {
            Value::Scalar(_) => "scalar".into(),
            Value::Matrix(m) => format!("{} matrix", Shape::new(m.nrows(), m.ncols())),
            Value::Complex(_) => "complex scalar".into(),
            Value::ComplexMatrix(m) => {
                format!("{} complex matrix", Shape::new(m.nrows(), m.ncols()))
            }
            Value::Bool(_) => "bool".into(),
            Value::Logical(m) => format!("{} logical matrix", Shape::new(m.nrows(), m.ncols())),
            Value::Str(_) => "string".into(),
            Value::Tuple(items) => format!("{} values", items.len()),
            Value::Identity(_) => "sizeless identity `I`".into(),
            Value::Function(_) => "function".into(),
        }
    }

    /// The kind alone: `scalar`, `matrix`, `bool`, `string` or `tuple`.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Scalar(_) => "scalar",
            Value::Matrix(_) => "matrix",
            Value::Complex(_) => "complex scalar",
            Value::ComplexMatrix(_) => "complex matrix",
            Value::Bool(_) => "bool",
            Value::Logical(_) => "logical",
            Value::Str(_) => "string",
            Value::Tuple(_) => "tuple",
            Value::Identity(_) => "identity",
            Value::Function(_) => "function",
        }
    }

    /// A logical matrix of 0/1 elements; 1×1 gives a `Bool`.
    pub fn from_logical(m: Mat<f64>) -> Value {
        if m.nrows() == 1 && m.ncols() == 1 {
            Value::Bool(m[(0, 0)] != 0.0)
        } else {
            Value::Logical(Arc::new(m))
        }
    }

    /// The value as arithmetic sees it: a logical matrix is its 0/1 matrix, anything else
    /// itself (the matrix is shared, never copied).
    pub fn numeric(self) -> Value {
        match self {
            Value::Logical(m) => Value::Matrix(m),
            other => other,
        }
    }

    /// `numeric` of a borrowed value.
    pub fn to_numeric(&self) -> std::borrow::Cow<'_, Value> {
        match self {
            Value::Logical(m) => std::borrow::Cow::Owned(Value::Matrix(Arc::clone(m))),
            other => std::borrow::Cow::Borrowed(other),
        }
    }

    /// Copies a numeric value into a fresh matrix (scalars become 1×1).
    pub fn to_mat(&self) -> Option<Mat<f64>> {
        match self {
            Value::Matrix(m) | Value::Logical(m) => Some(m.as_ref().to_owned()),
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
            (Value::Identity(a), Value::Identity(b)) => a == b,
            (Value::Function(a), Value::Function(b)) => Arc::ptr_eq(a, b),
            (Value::Complex(a), Value::Complex(b)) => a == b,
            (Value::ComplexMatrix(a), Value::ComplexMatrix(b)) => {
                a.nrows() == b.nrows()
                    && a.ncols() == b.ncols()
                    && (0..a.ncols()).all(|j| (0..a.nrows()).all(|i| a[(i, j)] == b[(i, j)]))
            }
            (Value::Matrix(a), Value::Matrix(b)) | (Value::Logical(a), Value::Logical(b)) => {
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
