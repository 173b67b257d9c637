//! What the checker knows of a value before running: its kind and its shape, with each
//! dimension a known number, a named unknown (`rows(X)`, or `n` after `n = size(X, 1)`) or
//! unknown; and where two paths meet, what both agree on.

use std::collections::HashMap;

use crate::intern::Symbol;
use crate::value::{Shape, Value};

/// One dimension of a shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Dim {
    /// Known before running.
    Known(usize),
    /// Not known, but the same wherever the same symbol appears (`rows(X)`).
    Sym(u32),
    /// Not known.
    Any,
}

impl Dim {
    fn join(self, other: Dim) -> Dim {
        if self == other {
            self
        } else {
            Dim::Any
        }
    }
}

/// A shape whose dimensions may be symbolic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Dims {
    pub rows: Dim,
    pub cols: Dim,
}

impl Dims {
    pub const SCALAR: Dims = Dims {
        rows: Dim::Known(1),
        cols: Dim::Known(1),
    };

    pub fn new(rows: Dim, cols: Dim) -> Dims {
        Dims { rows, cols }
    }

    pub fn of(shape: Shape) -> Dims {
        Dims::new(Dim::Known(shape.rows), Dim::Known(shape.cols))
    }

    /// The shape, when both dimensions are known.
    pub fn shape(self) -> Option<Shape> {
        match (self.rows, self.cols) {
            (Dim::Known(r), Dim::Known(c)) => Some(Shape::new(r, c)),
            _ => None,
        }
    }

    pub fn transposed(self) -> Dims {
        Dims::new(self.cols, self.rows)
    }

    pub fn is_scalar(self) -> bool {
        self == Dims::SCALAR
    }

    fn join(self, other: Dims) -> Dims {
        Dims::new(self.rows.join(other.rows), self.cols.join(other.cols))
    }
}

/// A real scalar's value, as far as it is known.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Val {
    /// This number.
    Num(f64),
    /// The size a symbol stands for (`n = size(X, 1)`).
    Size(u32),
    /// Not known.
    Any,
}

/// What the checker knows of a value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Abs {
    /// A real number (1×1) or matrix of these dimensions; the value is known only for a
    /// scalar.
    Real(Dims, Val),
    /// A complex number or matrix.
    Complex(Dims),
    /// A bool (1×1) or logical matrix.
    Logical(Dims),
    /// A string.
    Str,
    /// A function value.
    Func,
    /// Several results (`f(x) = (a, b)`).
    Tuple,
    /// The sizeless identity `I`, sized by what it meets.
    Identity,
    /// Anything, or not known.
    Unknown,
}

impl Abs {
    pub fn num(x: f64) -> Abs {
        Abs::Real(Dims::SCALAR, Val::Num(x))
    }

    pub fn real(dims: Dims) -> Abs {
        Abs::Real(dims, Val::Any)
    }

    pub fn of_shape(shape: Shape) -> Abs {
        Abs::real(Dims::of(shape))
    }

    /// The dimensions of a number or matrix of any element kind.
    pub fn dims(self) -> Option<Dims> {
        match self {
            Abs::Real(d, _) | Abs::Complex(d) | Abs::Logical(d) => Some(d),
            _ => None,
        }
    }

    /// The known shape of a number or matrix of any element kind.
    pub fn shape(self) -> Option<Shape> {
        self.dims()?.shape()
    }

    /// A real scalar's known value.
    pub fn value(self) -> Option<f64> {
        match self {
            Abs::Real(d, Val::Num(x)) if d.is_scalar() => Some(x),
            _ => None,
        }
    }

    /// The same kind with other dimensions.
    pub fn with_dims(self, dims: Dims) -> Abs {
        match self {
            Abs::Real(..) => Abs::real(dims),
            Abs::Complex(_) => Abs::Complex(dims),
            Abs::Logical(_) => Abs::Logical(dims),
            other => other,
        }
    }

    fn join(self, other: Abs) -> Abs {
        match (self, other) {
            (a, b) if a == b => a,
            (Abs::Real(a, x), Abs::Real(b, y)) => {
                Abs::Real(a.join(b), if x == y { x } else { Val::Any })
            }
            (Abs::Complex(a), Abs::Complex(b)) => Abs::Complex(a.join(b)),
            (Abs::Logical(a), Abs::Logical(b)) => Abs::Logical(a.join(b)),
            _ => Abs::Unknown,
        }
    }
}

/// What either of two values is known to be.
pub(crate) fn join_values(a: Abs, b: Abs) -> Abs {
    a.join(b)
}

/// What a session's value is, for the checker.
pub(crate) fn abs_of(v: &Value) -> Abs {
    let dims = Dims::of(v.shape());
    match v {
        Value::Scalar(x) => Abs::num(*x),
        Value::Matrix(_) => Abs::real(dims),
        Value::Complex(_) | Value::ComplexMatrix(_) => Abs::Complex(dims),
        Value::Bool(_) | Value::Logical(_) => Abs::Logical(dims),
        Value::Str(_) => Abs::Str,
        Value::Function(_) => Abs::Func,
        Value::Tuple(_) => Abs::Tuple,
        _ => Abs::Unknown,
    }
}

/// What a variable holds: a name's value, where it is known.
pub(crate) type Vars = HashMap<Symbol, Abs>;

/// Where two paths meet: what both agree on stays known; a name only one path assigned is
/// unknown.
pub(crate) fn join(a: &Vars, b: &Vars) -> Vars {
    let mut out: Vars = a
        .iter()
        .map(|(name, v)| (*name, b.get(name).map_or(Abs::Unknown, |w| v.join(*w))))
        .collect();
    for name in b.keys() {
        out.entry(*name).or_insert(Abs::Unknown);
    }
    out
}

/// The names of the symbolic dimensions, for showing shapes: `n×10`.
#[derive(Default)]
pub(crate) struct Symbols {
    names: Vec<String>,
}

impl Symbols {
    /// A new symbol called `name`.
    pub fn fresh(&mut self, name: String) -> u32 {
        self.names.push(name);
        (self.names.len() - 1) as u32
    }

    /// A new symbol, named by the first assignment that holds it (`rows(X)`).
    pub fn fresh_unnamed(&mut self) -> u32 {
        self.fresh(String::new())
    }

    /// Names symbol `id` if it has no name yet.
    pub fn name_unnamed(&mut self, id: u32, name: &str) {
        if let Some(n) = self.names.get_mut(id as usize) {
            if n.is_empty() {
                *n = name.to_string();
            }
        }
    }

    /// Renames symbol `id` (after `n = size(X, 1)`, `rows(X)` reads `n`).
    pub fn rename(&mut self, id: u32, name: &str) {
        if let Some(n) = self.names.get_mut(id as usize) {
            if n.is_empty() || n.contains('(') {
                *n = name.to_string();
            }
        }
    }

    fn dim(&self, d: Dim) -> String {
        match d {
            Dim::Known(n) => n.to_string(),
            Dim::Sym(id) => match self.names.get(id as usize) {
                Some(name) if !name.is_empty() => name.clone(),
                _ => "?".to_string(),
            },
            Dim::Any => "?".to_string(),
        }
    }

    /// `2×3`, `n×10`, `?×3`.
    pub fn dims(&self, d: Dims) -> String {
        format!("{}×{}", self.dim(d.rows), self.dim(d.cols))
    }
}
