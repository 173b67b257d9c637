//! Factorizations returning several values: `lu`, `qr`, `chol`, `svd`, `eig`, `eigvals`.
//! Their output contracts are fixed (users destructure them):
//!
//! ```text
//! >> L, U, P = lu(A)        # P·A = L·U, L unit lower m×min(m,n), U min(m,n)×n
//! >> Q, R = qr(A)           # A = Q·R, Q m×m; qr(A, "econ") is the economy form
//! >> R = chol(A)            # A = R'·R, R upper
//! >> U, S, V = svd(A)       # A = U·S·V', S m×n, descending; s = svd(A) is a column
//! >> vals, vecs = eig(A)    # A·vecs ≈ vecs·diag(vals); real ascending for symmetric A
//! ```

use faer::{c64, Mat, MatRef};

use super::super::complex_input::lexicographic;
use super::super::Call;
use super::check;
use crate::dense::{self, Entry, Lu, Qr, Vectors};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::value::{Shape, Value};

/// `L, U, P = lu(A)`; `L, U = lu(A)` gives the row-permuted L (P'·L) with A = L·U. A complex
/// A gives complex L and U (P stays a real permutation).
pub fn lu(call: &mut Call) -> Fallible<Option<Value>> {
    if call.arg(0)?.value.is_complex() {
        let a = call
            .arg(0)?
            .value
            .to_cmat()
            .ok_or_else(|| call.type_error(0, "a matrix"))?;
        return lu_of(call, a.as_ref(), Value::from_cmat);
    }
    let a = check::real_matrix(call, 0)?;
    lu_of(call, a.as_ref().as_ref(), Value::from_mat)
}

/// The results of `lu` for a real or complex matrix.
fn lu_of<T: Entry>(
    call: &mut Call,
    a: faer::MatRef<'_, T>,
    wrap: fn(Mat<T>) -> Value,
) -> Fallible<Option<Value>> {
    if call.outputs < 2 {
        return Err(Diagnostic::error(
            ErrorKind::Arity,
            call.span,
            "`lu` gives three results: P·A = L·U",
        )
        .label(call.span, "used as a single value")
        .help("write L, U, P = lu(A)")
        .boxed());
    }
    let (m, n) = a.shape();
    call.check_alloc(m, m)?;
    let (l, u, p) = if m.min(n) == 0 {
        (Mat::zeros(m, 0), Mat::zeros(0, n), Mat::identity(m, m))
    } else {
        let f = Lu::factor(a);
        (f.l(), f.u(), f.p())
    };
    if call.outputs == 2 {
        // P'·L: row i of the product is row perm(i) of L, a reordering with no arithmetic.
        let source: Vec<usize> = (0..m)
            .map(|i| (0..m).find(|&k| p[(k, i)] == 1.0).unwrap_or(i))
            .collect();
        let pl = Mat::from_fn(m, l.ncols(), |i, j| l[(source[i], j)]);
        return Ok(Some(check::tuple(vec![wrap(pl), wrap(u)])));
    }
    Ok(Some(check::tuple(vec![
        wrap(l),
        wrap(u),
        Value::from_mat(p),
    ])))
}

/// `Q, R = qr(A[, "econ"])`; one output gives R. A complex A gives a unitary Q.
pub fn qr(call: &mut Call) -> Fallible<Option<Value>> {
    if call.arg(0)?.value.is_complex() {
        let a = call
            .arg(0)?
            .value
            .to_cmat()
            .ok_or_else(|| call.type_error(0, "a matrix"))?;
        return qr_of(call, a.as_ref(), Value::from_cmat);
    }
    let a = check::real_matrix(call, 0)?;
    qr_of(call, a.as_ref().as_ref(), Value::from_mat)
}

/// The results of `qr` for a real or complex matrix.
fn qr_of<T: Entry>(
    call: &mut Call,
    a: faer::MatRef<'_, T>,
    wrap: fn(Mat<T>) -> Value,
) -> Fallible<Option<Value>> {
    let econ = check::econ(call, 1)?;
    let (m, n) = a.shape();
    let k = m.min(n);
    let (q_cols, r_rows) = if econ { (k, k) } else { (m, m) };
    call.check_alloc(m, q_cols)?;
    let (q, r) = if k == 0 {
        (Mat::identity(m, q_cols), Mat::zeros(r_rows, n))
    } else {
        let f = Qr::factor(a);
        (f.q(q_cols), f.r(r_rows))
    };
    if call.outputs < 2 {
        return Ok(Some(wrap(r)));
    }
    Ok(Some(check::tuple(vec![wrap(q), wrap(r)])))
}

/// `chol(A)`: upper triangular R with A = R'·R, for a symmetric (Hermitian, when complex)
/// positive definite A.
pub fn chol(call: &mut Call) -> Fallible<Option<Value>> {
    if call.arg(0)?.value.is_complex() {
        check::square_shape(call, 0, call.arg(0)?.value.shape())?;
        let a = check::finite_complex(call, 0)?;
        let r = cholesky(call, a.as_ref(), crate::format::complex_scalar)?;
        return Ok(Some(Value::from_cmat(r)));
    }
    let a = check::real_matrix(call, 0)?;
    check::square(call, 0, &a)?;
    check::finite(call, 0, &a)?;
    let r = cholesky(call, a.as_ref().as_ref(), crate::format::scalar)?;
    Ok(Some(Value::from_mat(r)))
}

/// The Cholesky factor of the finite square argument 0, or the error saying why it has
/// none; `show` writes an element for the error.
fn cholesky<T: Entry>(call: &Call, a: MatRef<'_, T>, show: fn(T) -> String) -> Fallible<Mat<T>> {
    let n = a.nrows();
    let span = call.arg(0)?.span;
    let s = Shape::new(n, n);
    let complex = call.arg(0)?.value.is_complex();
    let kind = if complex { "Hermitian" } else { "symmetric" };
    if !check::is_hermitian(a, check::SYMMETRY_SLACK) {
        let gap = |i: usize, j: usize| (a[(i, j)] - a[(j, i)].conjugate()).magnitude();
        let (i, j) = (0..n)
            .flat_map(|j| (j..n).map(move |i| (i, j)))
            .max_by(|&(i, j), &(p, q)| gap(i, j).total_cmp(&gap(p, q)))
            .unwrap_or((0, 0));
        let label = if complex {
            format!(
                "A[{}, {}] = {} but conj(A[{}, {}]) = {}",
                i + 1,
                j + 1,
                show(a[(i, j)]),
                j + 1,
                i + 1,
                show(a[(j, i)].conjugate())
            )
        } else {
            format!(
                "A[{}, {}] = {} but A[{}, {}] = {}",
                i + 1,
                j + 1,
                show(a[(i, j)]),
                j + 1,
                i + 1,
                show(a[(j, i)])
            )
        };
        return Err(Diagnostic::error(
            ErrorKind::Domain,
            span,
            format!(
                "`chol` needs a {kind} positive definite matrix, but this {s} matrix is not {kind}"
            ),
        )
        .label(span, label)
        .help(format!("(A + A')/2 is the nearest {kind} matrix"))
        .boxed());
    }
    match dense::cholesky_upper(a) {
        Ok(r) => Ok(r),
        Err(k) => Err(Diagnostic::error(
            ErrorKind::Domain,
            span,
            format!("`chol` needs a {kind} positive definite matrix, but this {s} matrix is not positive definite"),
        )
        .label(
            span,
            format!(
                "pivot {} is not positive: the leading {}×{} block is not positive definite",
                k + 1,
                k + 1,
                k + 1
            ),
        )
        .help("isposdef(A) tests without failing; eigvals(A) shows the negative or zero eigenvalues")
        .boxed()),
    }
}

/// `U, S, V = svd(A[, "econ"])`; `s = svd(A)` gives the singular values as a column. A
/// complex A gives complex U and V with A = U·S·V'.
pub fn svd(call: &mut Call) -> Fallible<Option<Value>> {
    if call.arg(0)?.value.is_complex() {
        let econ = check::econ(call, 1)?;
        let a = check::finite_complex(call, 0)?;
        return svd_of(call, a.as_ref(), econ, Value::from_cmat);
    }
    let a = check::real_matrix(call, 0)?;
    let econ = check::econ(call, 1)?;
    check::finite(call, 0, &a)?;
    svd_of(call, a.as_ref().as_ref(), econ, Value::from_mat)
}

/// The results of `svd` for a finite real or complex matrix.
fn svd_of<T: Entry>(
    call: &mut Call,
    view: faer::MatRef<'_, T>,
    econ: bool,
    wrap: fn(Mat<T>) -> Value,
) -> Fallible<Option<Value>> {
    let (m, n) = view.shape();
    let k = m.min(n);
    if call.outputs < 2 {
        let d = dense::svd(view, Vectors::None).map_err(|_| check::no_convergence(call, 0))?;
        return Ok(Some(check::column(&d.s)));
    }
    let vectors = if econ { Vectors::Thin } else { Vectors::Full };
    if !econ {
        call.check_alloc(m, m)?;
        call.check_alloc(n, n)?;
    }
    let d = dense::svd(view, vectors).map_err(|_| check::no_convergence(call, 0))?;
    let (rows, cols) = if econ { (k, k) } else { (m, n) };
    let sigma = Mat::from_fn(rows, cols, |i, j| if i == j { d.s[i] } else { 0.0 });
    Ok(Some(check::tuple(vec![
        wrap(d.u),
        Value::from_mat(sigma),
        wrap(d.v),
    ])))
}

/// `vals, vecs = eig(A)`; one output gives the eigenvalues.
pub fn eig(call: &mut Call) -> Fallible<Option<Value>> {
    eigen(call, call.outputs >= 2)
}

/// `eigvals(A)`: the eigenvalues as a column.
pub fn eigvals(call: &mut Call) -> Fallible<Option<Value>> {
    eigen(call, false)
}

/// Eigenvalues as a column, with the eigenvectors when `vectors`. A symmetric A (up to
/// rounding) takes the symmetric solver: real values ascending, orthonormal vectors. Any
/// other A takes the general one: values sorted by real then imaginary part (conjugate
/// pairs together), vectors of unit length, complex where they must be.
fn eigen(call: &mut Call, vectors: bool) -> Fallible<Option<Value>> {
    if call.arg(0)?.value.is_complex() {
        return complex_eigen(call, vectors);
    }
    let a = check::real_matrix(call, 0)?;
    check::square(call, 0, &a)?;
    check::finite(call, 0, &a)?;
    let view = a.as_ref().as_ref();
    if check::is_symmetric(view, check::SYMMETRY_SLACK) {
        let (vals, vecs) =
            dense::symmetric_eigen(view, vectors).map_err(|_| check::no_convergence(call, 0))?;
        let vals = check::column(&vals);
        return Ok(Some(if vectors {
            check::tuple(vec![vals, Value::from_mat(vecs)])
        } else {
            vals
        }));
    }
    let (vals, vecs) =
        dense::general_eigen(view, vectors).map_err(|_| check::no_convergence(call, 0))?;
    Ok(Some(sorted_eigen(vals, vecs, vectors)))
}

/// `eig` of a complex matrix: faer's complex eigensolver, the values in NumPy's order.
fn complex_eigen(call: &mut Call, vectors: bool) -> Fallible<Option<Value>> {
    check::square_shape(call, 0, call.arg(0)?.value.shape())?;
    let a = check::finite_complex(call, 0)?;
    let (vals, vecs) =
        dense::complex_eigen(a.as_ref(), vectors).map_err(|_| check::no_convergence(call, 0))?;
    Ok(Some(sorted_eigen(vals, vecs, vectors)))
}

/// Eigenvalues as a column sorted by real then imaginary part, with the eigenvectors in
/// the same order when `vectors`.
fn sorted_eigen(vals: Vec<c64>, vecs: Mat<c64>, vectors: bool) -> Value {
    let n = vals.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| lexicographic(&vals[i], &vals[j]));
    let sorted = Mat::from_fn(n, 1, |i, _| vals[order[i]]);
    let vals = Value::from_cmat(sorted);
    if !vectors {
        return vals;
    }
    let vecs = Mat::<c64>::from_fn(n, n, |i, j| vecs[(i, order[j])]);
    check::tuple(vec![vals, Value::from_cmat(vecs)])
}
