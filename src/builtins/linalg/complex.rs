//! Complex square systems for `solve`, `inv` and `det`, by LU with partial pivoting as
//! `A \ b` solves them, with the same rule for exactly singular matrices. (Complex least
//! squares, `chol` and `expm` are not supported yet and refuse complex input
//! with the shared message; `eig`, `svd`, `qr` and `lu` take complex matrices in factor.rs, `pinv` in solve.rs.)

use faer::linalg::solvers::{DenseSolveCore, Solve};
use faer::{c64, Mat};

use super::super::Call;
use super::check;
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::value::Value;

/// Argument `i` as a complex matrix (real values are promoted).
fn complex_matrix(call: &Call, i: usize) -> Fallible<Mat<c64>> {
    call.arg(i)?
        .value
        .to_cmat()
        .ok_or_else(|| call.type_error(i, "a number or a matrix"))
}

/// The LU factors of the square complex argument 0, or the singular-matrix error.
fn factor(call: &Call, a: &Mat<c64>) -> Fallible<faer::linalg::solvers::PartialPivLu<c64>> {
    let lu = a.partial_piv_lu();
    let u = lu.U();
    if let Some(k) = (0..u.nrows()).find(|&k| u[(k, k)] == c64::new(0.0, 0.0)) {
        let span = call.arg(0)?.span;
        return Err(check::singular(span, call.arg(0)?.value.shape(), k + 1));
    }
    Ok(lu)
}

/// `solve(A, b)` with a complex A or b; rows already checked.
pub fn solve(call: &mut Call) -> Fallible<Value> {
    let a = complex_matrix(call, 0)?;
    let b = complex_matrix(call, 1)?;
    let (m, n) = a.shape();
    if m != n {
        let span = call.arg(0)?.span;
        let s = call.arg(0)?.value.shape();
        return Err(Diagnostic::error(
            ErrorKind::Shape,
            span,
            format!("`solve` with complex values needs a square A, but this is {s}"),
        )
        .label(span, format!("this is {s}"))
        .note("complex least squares is not supported yet")
        .boxed());
    }
    if n == 0 {
        return Ok(Value::from_cmat(Mat::zeros(0, b.ncols())));
    }
    let lu = factor(call, &a)?;
    Ok(Value::from_cmat(lu.solve(b.as_ref())))
}

/// `inv(A)` of a complex square matrix.
pub fn inv(call: &mut Call) -> Fallible<Value> {
    if let Value::Complex(z) = call.arg(0)?.value {
        return Ok(Value::complex(c64::new(1.0, 0.0) / z));
    }
    let a = complex_matrix(call, 0)?;
    let n = check::square_shape(call, 0, call.arg(0)?.value.shape())?;
    if n == 0 {
        return Ok(Value::from_cmat(Mat::zeros(0, 0)));
    }
    Ok(Value::from_cmat(factor(call, &a)?.inverse()))
}

/// `det(A)` of a complex square matrix.
pub fn det(call: &mut Call) -> Fallible<Value> {
    let a = complex_matrix(call, 0)?;
    let n = check::square_shape(call, 0, call.arg(0)?.value.shape())?;
    if n == 0 {
        return Ok(Value::Scalar(1.0));
    }
    Ok(Value::complex(a.determinant()))
}
