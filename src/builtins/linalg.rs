//! Linear-algebra builtins built on an LU factorization with partial pivoting: `inv` and
//! `det`.
//!
//! faer panics on non-square input and silently returns ±inf when inverting an exactly
//! singular matrix, so shapes are checked here first and the pivots of U are inspected
//! before the inverse is formed.

use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::lu::partial_pivoting::{factor, inverse};
use faer::perm::PermRef;
use faer::{Mat, Par};

use super::{Builtin, Call};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::value::{Shape, Value};

/// The builtins of this topic.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "inv",
        signature: "inv(A)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "the inverse of a square matrix (an error if it is singular)",
        example: "inv([[2, 0], [0, 4]])   # [[0.5, 0], [0, 0.25]]",
        run: inv,
    },
    Builtin {
        name: "det",
        signature: "det(A)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "the determinant of a square matrix",
        example: "det([[1, 2], [3, 4]])   # -2",
        run: det,
    },
];

/// Below this order, LU runs on one thread: thread start-up costs more than it saves.
const PARALLEL_ORDER: usize = 1024;

const SINGULAR_HELP: &str = "a singular matrix has no inverse: its rows are linearly dependent";

/// `inv(A)`: the inverse; `inv(x)` is `1/x`.
fn inv(call: &mut Call) -> Fallible<Option<Value>> {
    let value = call.numeric(0)?;
    if let Some(x) = value.as_scalar() {
        if x == 0.0 {
            let span = call.arg(0)?.span;
            return Err(
                Diagnostic::error(ErrorKind::Singular, span, "zero has no inverse")
                    .label(span, "this is 0")
                    .boxed(),
            );
        }
        return Ok(Some(Value::Scalar(1.0 / x)));
    }
    let a = call.matrix(0)?;
    let n = square_order(call, &a)?;
    if n == 0 {
        return Ok(Some(Value::from_mat(Mat::zeros(0, 0))));
    }
    let lu = Lu::factor(&a);
    if let Some(k) = lu.zero_pivot() {
        let span = call.arg(0)?.span;
        return Err(Diagnostic::error(
            ErrorKind::Singular,
            span,
            format!("matrix is singular: pivot {} is zero", k + 1),
        )
        .label(
            span,
            format!("this {} matrix is singular", Shape::new(n, n)),
        )
        .help(SINGULAR_HELP)
        .boxed());
    }
    Ok(Some(Value::from_mat(lu.inverse())))
}

/// `det(A)`: the determinant; `det(x)` is `x`, and the empty matrix has determinant 1.
fn det(call: &mut Call) -> Fallible<Option<Value>> {
    let value = call.numeric(0)?;
    if let Some(x) = value.as_scalar() {
        return Ok(Some(Value::Scalar(x)));
    }
    let a = call.matrix(0)?;
    let n = square_order(call, &a)?;
    if n == 0 {
        return Ok(Some(Value::Scalar(1.0)));
    }
    Ok(Some(Value::Scalar(Lu::factor(&a).determinant())))
}

/// The order of argument 0 if it is square; a shape error at the argument otherwise.
fn square_order(call: &Call, a: &Mat<f64>) -> Fallible<usize> {
    let shape = Shape::new(a.nrows(), a.ncols());
    if shape.is_square() {
        return Ok(shape.rows);
    }
    let span = call.arg(0)?.span;
    let mut diagnostic = Diagnostic::error(
        ErrorKind::Shape,
        span,
        format!("`{}` needs a square matrix, but this is {shape}", call.name),
    )
    .label(span, format!("this is {shape}"));
    if call.name == "inv" {
        diagnostic =
            diagnostic.help("only square matrices have inverses; to solve A·x = b in the least-squares sense, use A \\ b");
    }
    Err(diagnostic.boxed())
}

/// A square matrix factored in place as P·A = L·U (L unit lower, U upper, both stored in
/// `factors`).
struct Lu {
    factors: Mat<f64>,
    perm_fwd: Vec<usize>,
    perm_bwd: Vec<usize>,
    transpositions: usize,
    par: Par,
}

impl Lu {
    /// Factors a non-empty square matrix.
    fn factor(a: &Mat<f64>) -> Lu {
        let n = a.nrows();
        let par = if n < PARALLEL_ORDER {
            Par::Seq
        } else {
            Par::rayon(0)
        };
        let mut factors = a.clone();
        let mut perm_fwd = vec![0usize; n];
        let mut perm_bwd = vec![0usize; n];
        let scratch = factor::lu_in_place_scratch::<usize, f64>(n, n, par, Default::default());
        let (info, _) = factor::lu_in_place(
            factors.as_mut(),
            &mut perm_fwd,
            &mut perm_bwd,
            par,
            MemStack::new(&mut MemBuffer::new(scratch)),
            Default::default(),
        );
        Lu {
            factors,
            perm_fwd,
            perm_bwd,
            transpositions: info.transposition_count,
            par,
        }
    }

    /// The index of the first exactly zero pivot of U, if any.
    fn zero_pivot(&self) -> Option<usize> {
        (0..self.factors.nrows()).find(|&k| self.factors[(k, k)] == 0.0)
    }

    /// The product of the pivots, signed by the permutation's parity.
    fn determinant(&self) -> f64 {
        let product: f64 = (0..self.factors.nrows())
            .map(|k| self.factors[(k, k)])
            .product();
        if self.transpositions.is_multiple_of(2) {
            product
        } else {
            -product
        }
    }

    /// A⁻¹; only meaningful when no pivot is zero.
    fn inverse(&self) -> Mat<f64> {
        let n = self.factors.nrows();
        let mut out = Mat::zeros(n, n);
        // Checked by `new_checked`; the arrays come straight from `lu_in_place`.
        let perm = PermRef::new_checked(&self.perm_fwd, &self.perm_bwd, n);
        let scratch = inverse::inverse_scratch::<usize, f64>(n, self.par);
        inverse::inverse(
            out.as_mut(),
            self.factors.as_ref(),
            self.factors.as_ref(),
            perm,
            self.par,
            MemStack::new(&mut MemBuffer::new(scratch)),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::builtins::{invoke, Arg};
    use crate::diagnostic::{SourceId, Span};
    use crate::host::Host;

    fn mat(rows: usize, cols: usize, data: &[f64]) -> Value {
        Value::Matrix(Arc::new(Mat::from_fn(rows, cols, |i, j| {
            data[i * cols + j]
        })))
    }

    fn run(name: &str, args: Vec<Value>) -> Fallible<Option<Value>> {
        let builtin = BUILTINS.iter().find(|b| b.name == name).unwrap();
        let mut host = Host::new(Box::new(|_| {}));
        let args = args
            .into_iter()
            .enumerate()
            .map(|(i, value)| Arg {
                value,
                span: Span::new(SourceId(0), 4 + 10 * i, 9 + 10 * i),
            })
            .collect();
        let mut call = Call {
            name: builtin.name,
            span: Span::new(SourceId(0), 0, 40),
            args,
            keywords: Vec::new(),
            outputs: 1,
            host: &mut host,
        };
        invoke(builtin, &mut call)
    }

    #[track_caller]
    fn expect_value(name: &str, args: Vec<Value>) -> Value {
        run(name, args).unwrap().unwrap()
    }

    #[track_caller]
    fn expect_error(name: &str, args: Vec<Value>, kind: ErrorKind) -> Diagnostic {
        let d = *run(name, args).unwrap_err();
        assert_eq!(d.kind, kind, "{d}");
        d
    }

    #[track_caller]
    fn assert_close(value: &Value, expected: &Value) {
        let (Value::Matrix(a), Value::Matrix(b)) = (value, expected) else {
            panic!("{value:?} vs {expected:?}");
        };
        assert_eq!((a.nrows(), a.ncols()), (b.nrows(), b.ncols()));
        for j in 0..a.ncols() {
            for i in 0..a.nrows() {
                assert!(
                    (a[(i, j)] - b[(i, j)]).abs() < 1e-12,
                    "{value:?} vs {expected:?}"
                );
            }
        }
    }

    #[test]
    fn inverse_of_2x2() {
        let a = mat(2, 2, &[1.0, 2.0, 3.0, 4.0]);
        assert_close(
            &expect_value("inv", vec![a]),
            &mat(2, 2, &[-2.0, 1.0, 1.5, -0.5]),
        );
    }

    #[test]
    fn inverse_needs_pivoting() {
        let a = mat(3, 3, &[0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0]);
        assert_close(
            &expect_value("inv", vec![a]),
            &mat(3, 3, &[0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0]),
        );
    }

    #[test]
    fn determinants() {
        assert_eq!(
            expect_value("det", vec![mat(2, 2, &[1.0, 2.0, 3.0, 4.0])]),
            Value::Scalar(-2.0)
        );
        let swap = mat(2, 2, &[0.0, 1.0, 1.0, 0.0]);
        assert_eq!(expect_value("det", vec![swap]), Value::Scalar(-1.0));
        let singular = mat(2, 2, &[1.0, 2.0, 2.0, 4.0]);
        assert_eq!(expect_value("det", vec![singular]), Value::Scalar(0.0));
        assert_eq!(
            expect_value("det", vec![Value::Scalar(3.5)]),
            Value::Scalar(3.5)
        );
        assert_eq!(
            expect_value("det", vec![mat(0, 0, &[])]),
            Value::Scalar(1.0)
        );
    }

    #[test]
    fn scalars() {
        assert_eq!(
            expect_value("inv", vec![Value::Scalar(4.0)]),
            Value::Scalar(0.25)
        );
        let d = expect_error("inv", vec![Value::Scalar(0.0)], ErrorKind::Singular);
        assert_eq!(d.span, Span::new(SourceId(0), 4, 9));
    }

    #[test]
    fn empty_matrix() {
        let Value::Matrix(m) = expect_value("inv", vec![mat(0, 0, &[])]) else {
            panic!()
        };
        assert_eq!((m.nrows(), m.ncols()), (0, 0));
    }

    #[test]
    fn singular_inverse_names_the_pivot() {
        let a = mat(2, 2, &[1.0, 2.0, 2.0, 4.0]);
        let d = expect_error("inv", vec![a], ErrorKind::Singular);
        assert_eq!(d.message, "matrix is singular: pivot 2 is zero");
        assert_eq!(d.span, Span::new(SourceId(0), 4, 9));
        assert!(d.help.unwrap().contains("linearly dependent"));
        let zeros = mat(3, 3, &[0.0; 9]);
        let d = expect_error("inv", vec![zeros], ErrorKind::Singular);
        assert_eq!(d.message, "matrix is singular: pivot 1 is zero");
    }

    #[test]
    fn non_square_is_a_shape_error() {
        let a = mat(2, 3, &[1.0; 6]);
        let d = expect_error("inv", vec![a.clone()], ErrorKind::Shape);
        assert_eq!(d.message, "`inv` needs a square matrix, but this is 2×3");
        assert_eq!(d.labels[0].message, "this is 2×3");
        assert_eq!(d.labels[0].span, Span::new(SourceId(0), 4, 9));
        let d = expect_error("det", vec![a], ErrorKind::Shape);
        assert_eq!(d.message, "`det` needs a square matrix, but this is 2×3");
    }

    #[test]
    fn nan_does_not_panic() {
        let a = mat(2, 2, &[f64::NAN, 1.0, 1.0, 1.0]);
        let _ = run("inv", vec![a.clone()]);
        let _ = run("det", vec![a]);
        let all_nan = mat(3, 3, &[f64::NAN; 9]);
        let _ = run("inv", vec![all_nan.clone()]);
        let _ = run("det", vec![all_nan]);
        let inf = mat(2, 2, &[f64::INFINITY, 1.0, 1.0, f64::NEG_INFINITY]);
        let _ = run("inv", vec![inf]);
        assert!(
            matches!(run("inv", vec![Value::Scalar(f64::NAN)]), Ok(Some(Value::Scalar(x))) if x.is_nan())
        );
    }

    #[test]
    fn strings_are_type_errors() {
        expect_error("inv", vec![Value::string("A")], ErrorKind::Type);
        expect_error("det", vec![Value::string("A")], ErrorKind::Type);
    }

    #[test]
    fn larger_inverse_round_trips() {
        let n = 40;
        let a = Mat::from_fn(n, n, |i, j| {
            if i == j {
                10.0
            } else {
                1.0 / (1.0 + (i + 2 * j) as f64)
            }
        });
        let inv_a = match expect_value("inv", vec![Value::Matrix(Arc::new(a.clone()))]) {
            Value::Matrix(m) => m,
            other => panic!("{other:?}"),
        };
        let product = &a * &*inv_a;
        for i in 0..n {
            for j in 0..n {
                let expected = if i == j { 1.0 } else { 0.0 };
                assert!((product[(i, j)] - expected).abs() < 1e-12);
            }
        }
    }
}
