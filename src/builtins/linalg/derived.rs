//! Matrices built from others: `expm`, `null`, `orth`, `kron`, `cross`, `outer`.
//!
//! ```text
//! >> expm([[0, 1], [0, 0]])
//! ans = 2×2
//!    1   1
//!    0   1
//! >> cross([1, 0, 0], [0, 1, 0])
//! ans = 3×1
//!    0
//!    0
//!    1
//! ```

use faer::{Mat, MatRef};

use super::super::{Call, ShapeCall};
use super::check::{self, shape};
use crate::dense::{self, Entry, Vectors};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::source::Span;
use crate::value::{Shape, Value};

/// `expm(A)`: the matrix exponential of a real or complex square matrix, by scaling and
/// squaring with a Padé approximant (Higham 2005, the algorithm behind MATLAB's and
/// SciPy's `expm`).
pub fn expm(call: &mut Call) -> Fallible<Option<Value>> {
    if let Some(x) = call.arg(0)?.value.as_scalar() {
        return Ok(Some(Value::Scalar(x.exp())));
    }
    if let Value::Complex(z) = call.arg(0)?.value {
        return Ok(Some(Value::complex(z.exp())));
    }
    if call.arg(0)?.value.is_complex() {
        let n = check::square_shape(call, 0, call.arg(0)?.value.shape())?;
        let a = check::finite_complex(call, 0)?;
        if n == 0 {
            return Ok(Some(Value::from_mat(Mat::zeros(0, 0))));
        }
        return Ok(Some(Value::from_cmat(dense::exponential(&a))));
    }
    let a = check::real_matrix(call, 0)?;
    let n = check::square(call, 0, &a)?;
    check::finite(call, 0, &a)?;
    if n == 0 {
        return Ok(Some(Value::from_mat(Mat::zeros(0, 0))));
    }
    Ok(Some(Value::from_mat(dense::exponential(&a))))
}

/// `null(A[, tol])`: an orthonormal basis of the null space, from the SVD.
pub fn null(call: &mut Call) -> Fallible<Option<Value>> {
    subspace(call, true)
}

/// `orth(A[, tol])`: an orthonormal basis of the range, from the SVD.
pub fn orth(call: &mut Call) -> Fallible<Option<Value>> {
    subspace(call, false)
}

/// The columns of V past the rank (`null`) or of U up to it (`orth`), each turned so that
/// its first clearly non-zero element is real and positive (singular vectors have no sign
/// or phase of their own; this makes the answer reproducible).
fn subspace(call: &mut Call, null: bool) -> Fallible<Option<Value>> {
    let tol = check::tolerance(call, 1)?;
    if call.arg(0)?.value.is_complex() {
        let a = check::finite_complex(call, 0)?;
        return Ok(Some(Value::from_cmat(basis(call, a.as_ref(), tol, null)?)));
    }
    let a = check::real_matrix(call, 0)?;
    check::finite(call, 0, &a)?;
    Ok(Some(Value::from_mat(basis(
        call,
        a.as_ref().as_ref(),
        tol,
        null,
    )?)))
}

/// The orthonormal basis `subspace` gives, of a finite A.
fn basis<T: Entry>(
    call: &Call,
    a: MatRef<'_, T>,
    tol: Option<f64>,
    null: bool,
) -> Fallible<Mat<T>> {
    let (m, n) = a.shape();
    call.check_alloc(m.max(n), m.max(n))?;
    let d = dense::svd(a, Vectors::Full).map_err(|_| check::no_convergence(call, 0))?;
    let tol = tol.unwrap_or_else(|| dense::default_tolerance(m, n, &d.s));
    let rank = d.s.iter().take_while(|&&s| s > tol).count();
    let mut basis = if null {
        d.v.as_ref().subcols(rank, n - rank).to_owned()
    } else {
        d.u.as_ref().subcols(0, rank).to_owned()
    };
    for j in 0..basis.ncols() {
        let col = basis.col(j);
        let largest = (0..col.nrows()).fold(0.0_f64, |m, i| m.max(col[i].magnitude()));
        let first = (0..col.nrows())
            .map(|i| col[i])
            .find(|x| x.magnitude() > 1e-8 * largest);
        if let Some(x) = first {
            // Multiplying by conj(x)/|x| makes x real and positive; for a real x, by ±1.
            let turn = x.unit().conjugate();
            if turn != T::real(1.0) {
                for i in 0..basis.nrows() {
                    basis[(i, j)] *= turn;
                }
            }
        }
    }
    Ok(basis)
}

/// `kron(A, B)`: the Kronecker product, each element of A scaling a copy of B.
pub fn kron(call: &mut Call) -> Fallible<Option<Value>> {
    let a = check::real_matrix(call, 0)?;
    let b = check::real_matrix(call, 1)?;
    let (ma, na) = a.shape();
    let (mb, nb) = b.shape();
    call.check_alloc(ma.saturating_mul(mb), na.saturating_mul(nb))?;
    let k = Mat::from_fn(ma * mb, na * nb, |i, j| {
        a[(i / mb, j / nb)] * b[(i % mb, j % nb)]
    });
    Ok(Some(Value::from_mat(k)))
}

/// The error when argument `i` of `cross` (of shape `s`, at `span`) has not 3 elements.
fn three(i: usize, s: Shape, span: Span) -> Fallible<()> {
    if s.len() == 3 {
        return Ok(());
    }
    Err(Diagnostic::error(
        ErrorKind::Shape,
        span,
        format!(
            "`cross` needs two 3-element vectors, but argument {} is {s}",
            i + 1
        ),
    )
    .label(span, format!("this is {s}, with {} elements", s.len()))
    .help("the cross product is defined for vectors in 3-space only")
    .boxed())
}

/// `cross`'s shape rule: u's shape, or the run's error for arguments that do not fit.
pub fn cross_rule(call: &ShapeCall) -> Fallible<Option<Shape>> {
    let Some((su, sv)) = check::two_vectors(call, "two 3-element vectors")? else {
        return Ok(None);
    };
    three(0, su, call.args[0].span)?;
    three(1, sv, call.args[1].span)?;
    Ok(Some(su))
}

/// `outer`'s shape rule: u's length by v's, or the error for arguments that are not vectors.
pub fn outer_rule(call: &ShapeCall) -> Fallible<Option<Shape>> {
    Ok(check::two_vectors(call, "two vectors")?.map(|(su, sv)| Shape::new(su.len(), sv.len())))
}

/// `kron`'s shape rule: the product of the shapes.
pub fn kron_rule(call: &ShapeCall) -> Fallible<Option<Shape>> {
    Ok(match (call.real_shapes().as_deref(), call.args.len()) {
        (Some([a, b]), 2) => Some(Shape::new(a.rows * b.rows, a.cols * b.cols)),
        _ => None,
    })
}

/// `cross(u, v)`: the cross product of two 3-element vectors, shaped like u.
pub fn cross(call: &mut Call) -> Fallible<Option<Value>> {
    let u = check::vector(call, 0, "two 3-element vectors")?;
    let v = check::vector(call, 1, "two 3-element vectors")?;
    for (i, w) in [(0, &u), (1, &v)] {
        three(i, shape(w.as_ref().as_ref()), call.arg(i)?.span)?;
    }
    let x = |k| check::vector_at(&u, k);
    let y = |k| check::vector_at(&v, k);
    let c = [
        x(1) * y(2) - x(2) * y(1),
        x(2) * y(0) - x(0) * y(2),
        x(0) * y(1) - x(1) * y(0),
    ];
    let out = Mat::from_fn(u.nrows(), u.ncols(), |i, j| c[i + j]);
    Ok(Some(Value::from_mat(out)))
}

/// `outer(u, v)`: the m×n matrix u·v' of two vectors of any orientation.
pub fn outer(call: &mut Call) -> Fallible<Option<Value>> {
    let u = check::vector(call, 0, "two vectors")?;
    let v = check::vector(call, 1, "two vectors")?;
    let (m, n) = (
        shape(u.as_ref().as_ref()).len(),
        shape(v.as_ref().as_ref()).len(),
    );
    call.check_alloc(m, n)?;
    let out = Mat::from_fn(m, n, |i, j| {
        check::vector_at(&u, i) * check::vector_at(&v, j)
    });
    Ok(Some(Value::from_mat(out)))
}
