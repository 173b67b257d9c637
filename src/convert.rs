//! Moving values between Rust and la: `FromValue` reads a la value as a Rust type, and
//! `IntoValue` (with the `From` impls on `Value`) turns Rust data into la values, so a host
//! never touches la's internals.

use std::sync::Arc;

use faer::{Mat, MatRef};

use crate::value::Value;

/// A Rust type a la value can be read as.
///
/// ```
/// use la::FromValue;
/// let mut la = la::Interpreter::new();
/// la.run("<doc>", "A = [[1, 2], [3, 4]]; v = [5, 6]").unwrap();
/// let a = faer::Mat::<f64>::from_value(la.get("A").unwrap()).unwrap();
/// assert_eq!(a[(1, 0)], 3.0);
/// let v = Vec::<f64>::from_value(la.get("v").unwrap()).unwrap();
/// assert_eq!(v, vec![5.0, 6.0]);
/// ```
pub trait FromValue: Sized {
    /// The value as `Self`, or a message saying what was expected.
    fn from_value(value: &Value) -> Result<Self, String>;
}

/// A Rust type that becomes a la value (what host functions may return).
pub trait IntoValue {
    /// The la value.
    fn into_value(self) -> Value;
}

fn expected(what: &str, value: &Value) -> String {
    format!("expected {what}, got a {}", value.describe())
}

impl FromValue for Value {
    fn from_value(value: &Value) -> Result<Value, String> {
        Ok(value.clone())
    }
}

impl FromValue for f64 {
    fn from_value(value: &Value) -> Result<f64, String> {
        value.as_scalar().ok_or_else(|| expected("a number", value))
    }
}

impl FromValue for bool {
    fn from_value(value: &Value) -> Result<bool, String> {
        match value {
            Value::Bool(b) => Ok(*b),
            Value::Scalar(x) => Ok(*x != 0.0),
            other => Err(expected("a bool", other)),
        }
    }
}

impl FromValue for String {
    fn from_value(value: &Value) -> Result<String, String> {
        match value {
            Value::Str(s) => Ok(s.to_string()),
            other => Err(expected("a string", other)),
        }
    }
}

impl FromValue for Mat<f64> {
    /// Any numeric value; a scalar becomes 1×1.
    fn from_value(value: &Value) -> Result<Mat<f64>, String> {
        value
            .to_mat()
            .ok_or_else(|| expected("a number or a matrix", value))
    }
}

impl FromValue for Vec<f64> {
    /// A scalar or a vector (row or column), in order; a matrix in column-major order.
    fn from_value(value: &Value) -> Result<Vec<f64>, String> {
        match value {
            Value::Matrix(m) => Ok((0..m.ncols())
                .flat_map(|j| (0..m.nrows()).map(move |i| m[(i, j)]))
                .collect()),
            other => other
                .as_scalar()
                .map(|x| vec![x])
                .ok_or_else(|| expected("a vector", other)),
        }
    }
}

impl IntoValue for Value {
    fn into_value(self) -> Value {
        self
    }
}

impl IntoValue for f64 {
    fn into_value(self) -> Value {
        Value::Scalar(self)
    }
}

impl IntoValue for bool {
    fn into_value(self) -> Value {
        Value::Bool(self)
    }
}

impl IntoValue for String {
    fn into_value(self) -> Value {
        Value::Str(self.into())
    }
}

impl IntoValue for &str {
    fn into_value(self) -> Value {
        Value::Str(self.into())
    }
}

impl IntoValue for Mat<f64> {
    fn into_value(self) -> Value {
        Value::from_mat(self)
    }
}

impl IntoValue for MatRef<'_, f64> {
    fn into_value(self) -> Value {
        Value::from_mat(self.to_owned())
    }
}

impl IntoValue for Vec<f64> {
    /// A column vector (a single element is a scalar).
    fn into_value(self) -> Value {
        self.as_slice().into_value()
    }
}

impl IntoValue for &[f64] {
    /// A column vector (a single element is a scalar).
    fn into_value(self) -> Value {
        Value::from_mat(Mat::from_fn(self.len(), 1, |i, _| self[i]))
    }
}

impl From<MatRef<'_, f64>> for Value {
    fn from(m: MatRef<'_, f64>) -> Value {
        m.into_value()
    }
}

impl From<Vec<f64>> for Value {
    fn from(v: Vec<f64>) -> Value {
        v.into_value()
    }
}

impl From<&[f64]> for Value {
    fn from(v: &[f64]) -> Value {
        v.into_value()
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Str(Arc::from(s))
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Str(Arc::from(s))
    }
}

impl Value {
    /// The value as a Rust type.
    ///
    /// ```
    /// let v = la::Value::Scalar(2.5);
    /// assert_eq!(v.to::<f64>(), Ok(2.5));
    /// assert!(v.to::<String>().is_err());
    /// ```
    pub fn to<T: FromValue>(&self) -> Result<T, String> {
        T::from_value(self)
    }
}
