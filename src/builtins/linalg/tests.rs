//! Unit tests of the linear-algebra builtins through the table (arity checks included);
//! the script tests in tests/scripts/linalg_*.la check results against NumPy.

use std::sync::{Arc, Mutex};

use faer::Mat;

use super::BUILTINS;
use crate::builtins::testing::{arg_span, call_for, matrix as mat};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible, Severity};
use crate::host::{Event, Host};
use crate::value::Value;

fn s(x: f64) -> Value {
    Value::Scalar(x)
}

/// What one call gave and the warnings it sent.
struct Outcome {
    result: Fallible<Option<Value>>,
    warnings: Vec<Diagnostic>,
}

fn call_with(
    name: &str,
    args: Vec<Value>,
    keywords: Vec<(&str, Value)>,
    outputs: usize,
) -> Outcome {
    let warnings = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&warnings);
    let mut host = Host::new(Box::new(move |event| {
        if let Event::Warning(w) = event {
            sink.lock().unwrap().push(w);
        }
    }));
    let result = call_for(&mut host, name, args, keywords, outputs);
    let warnings = warnings.lock().unwrap().clone();
    Outcome { result, warnings }
}

fn run(name: &str, args: Vec<Value>) -> Fallible<Option<Value>> {
    call_with(name, args, Vec::new(), 1).result
}

#[track_caller]
fn value(name: &str, args: Vec<Value>) -> Value {
    run(name, args).unwrap().unwrap()
}

#[track_caller]
fn values(name: &str, args: Vec<Value>, outputs: usize) -> Vec<Value> {
    match call_with(name, args, Vec::new(), outputs).result {
        Ok(Some(Value::Tuple(items))) => items.to_vec(),
        other => panic!("{name}: expected {outputs} values, got {other:?}"),
    }
}

#[track_caller]
fn error(name: &str, args: Vec<Value>, kind: ErrorKind) -> Diagnostic {
    let d = *run(name, args).unwrap_err();
    assert_eq!(d.kind, kind, "{d}");
    d
}

fn to_mat(v: &Value) -> Mat<f64> {
    v.to_mat().unwrap_or_else(|| panic!("not real: {v:?}"))
}

#[track_caller]
fn assert_close(value: &Value, expected: &Value, tol: f64) {
    let (a, b) = (to_mat(value), to_mat(expected));
    assert_eq!(a.shape(), b.shape(), "{value:?} vs {expected:?}");
    for j in 0..a.ncols() {
        for i in 0..a.nrows() {
            assert!(
                (a[(i, j)] - b[(i, j)]).abs() <= tol,
                "{value:?} vs {expected:?}"
            );
        }
    }
}

#[track_caller]
fn scalar(v: &Value) -> f64 {
    v.as_scalar()
        .unwrap_or_else(|| panic!("not a scalar: {v:?}"))
}

fn product(a: &Mat<f64>, b: &Mat<f64>) -> Mat<f64> {
    a * b
}

fn max_diff(a: &Mat<f64>, b: &Mat<f64>) -> f64 {
    assert_eq!(a.shape(), b.shape());
    let mut m = 0.0_f64;
    for j in 0..a.ncols() {
        for i in 0..a.nrows() {
            m = m.max((a[(i, j)] - b[(i, j)]).abs());
        }
    }
    m
}

#[test]
fn inverse_of_2x2() {
    let a = mat(2, 2, &[1.0, 2.0, 3.0, 4.0]);
    assert_close(
        &value("inv", vec![a]),
        &mat(2, 2, &[-2.0, 1.0, 1.5, -0.5]),
        1e-12,
    );
}

#[test]
fn inverse_needs_pivoting() {
    let a = mat(3, 3, &[0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0]);
    assert_close(
        &value("inv", vec![a]),
        &mat(3, 3, &[0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0]),
        0.0,
    );
}

#[test]
fn determinants() {
    assert_eq!(
        value("det", vec![mat(2, 2, &[1.0, 2.0, 3.0, 4.0])]),
        s(-2.0)
    );
    assert_eq!(
        value("det", vec![mat(2, 2, &[0.0, 1.0, 1.0, 0.0])]),
        s(-1.0)
    );
    assert_eq!(value("det", vec![mat(2, 2, &[1.0, 2.0, 2.0, 4.0])]), s(0.0));
    assert_eq!(value("det", vec![s(3.5)]), s(3.5));
    assert_eq!(value("det", vec![mat(0, 0, &[])]), s(1.0));
}

#[test]
fn scalar_inverse() {
    assert_eq!(value("inv", vec![s(4.0)]), s(0.25));
    let d = error("inv", vec![s(0.0)], ErrorKind::Singular);
    assert_eq!(d.span, arg_span(0));
}

#[test]
fn empty_inverse() {
    assert_eq!(to_mat(&value("inv", vec![mat(0, 0, &[])])).shape(), (0, 0));
}

#[test]
fn singular_inverse_names_the_pivot() {
    let d = error(
        "inv",
        vec![mat(2, 2, &[1.0, 2.0, 2.0, 4.0])],
        ErrorKind::Singular,
    );
    assert_eq!(d.message, "matrix is singular: pivot 2 is zero");
    assert_eq!(d.span, arg_span(0));
    assert!(d.help.unwrap().contains("linearly dependent"));
    let d = error("inv", vec![mat(3, 3, &[0.0; 9])], ErrorKind::Singular);
    assert_eq!(d.message, "matrix is singular: pivot 1 is zero");
}

#[test]
fn nearly_singular_inverse_warns_with_the_estimate() {
    // [[1, 2, 3], [4, 5, 6], [7, 8, 9]] is singular, but rounding leaves a tiny pivot.
    let a = mat(3, 3, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]);
    let out = call_with("inv", vec![a], Vec::new(), 1);
    assert!(out.result.is_ok());
    assert_eq!(out.warnings.len(), 1);
    let w = &out.warnings[0];
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(w.kind, ErrorKind::Singular);
    assert_eq!(w.span, arg_span(0));
    assert!(
        w.message
            .starts_with("matrix is close to singular: reciprocal condition number ≈ "),
        "{}",
        w.message
    );
    // A well-conditioned matrix says nothing.
    let out = call_with("inv", vec![mat(2, 2, &[2.0, 1.0, 1.0, 3.0])], Vec::new(), 1);
    assert!(out.warnings.is_empty());
}

#[test]
fn non_square_is_a_shape_error() {
    let a = mat(2, 3, &[1.0; 6]);
    for name in [
        "inv", "det", "logdet", "slogdet", "chol", "eig", "eigvals", "expm", "trace",
    ] {
        let d = error(name, vec![a.clone()], ErrorKind::Shape);
        assert_eq!(
            d.message,
            format!("`{name}` needs a square matrix, but this is 2×3")
        );
        assert_eq!(d.span, arg_span(0));
    }
}

#[test]
fn nan_never_panics() {
    let cases = [
        mat(2, 2, &[f64::NAN, 1.0, 1.0, 1.0]),
        mat(3, 3, &[f64::NAN; 9]),
        mat(2, 2, &[f64::INFINITY, 1.0, 1.0, f64::NEG_INFINITY]),
        mat(2, 3, &[f64::NAN; 6]),
        mat(3, 2, &[1.0, f64::INFINITY, 0.0, 1.0, 2.0, 3.0]),
        s(f64::NAN),
    ];
    for builtin in BUILTINS {
        for a in &cases {
            let mut args = vec![a.clone()];
            if builtin.min_args == 2 {
                args.push(a.clone());
            }
            for outputs in 1..=3 {
                let _ = call_with(builtin.name, args.clone(), Vec::new(), outputs);
            }
        }
    }
}

#[test]
fn empty_and_odd_shapes_never_panic() {
    let cases = [
        mat(0, 0, &[]),
        mat(0, 3, &[]),
        mat(3, 0, &[]),
        mat(1, 3, &[1.0, 2.0, 3.0]),
        mat(3, 1, &[1.0, 2.0, 3.0]),
        s(2.0),
        s(0.0),
        Value::Bool(true),
        Value::string("A"),
    ];
    for builtin in BUILTINS {
        for a in &cases {
            for b in &cases {
                let args = if builtin.min_args == 2 {
                    vec![a.clone(), b.clone()]
                } else {
                    vec![a.clone()]
                };
                for outputs in 1..=3 {
                    let _ = call_with(builtin.name, args.clone(), Vec::new(), outputs);
                }
            }
        }
    }
}

#[test]
fn strings_are_type_errors() {
    for name in ["inv", "det", "svd", "norm", "rank"] {
        error(name, vec![Value::string("A")], ErrorKind::Type);
    }
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
    let inv_a = to_mat(&value("inv", vec![Value::Matrix(Arc::new(a.clone()))]));
    assert!(max_diff(&product(&a, &inv_a), &Mat::identity(n, n)) < 1e-12);
}

#[test]
fn norms() {
    assert_eq!(value("norm", vec![mat(1, 2, &[3.0, 4.0])]), s(5.0));
    assert_eq!(value("norm", vec![mat(2, 1, &[3.0, -4.0])]), s(5.0));
    assert_eq!(value("norm", vec![s(-2.0)]), s(2.0));
    let big = scalar(&value("norm", vec![mat(1, 2, &[3e200, 4e200])]));
    assert!((big / 5e200 - 1.0).abs() < 1e-15, "{big}");
    let tiny = scalar(&value("norm", vec![mat(1, 2, &[3e-200, 4e-200])]));
    assert!((tiny / 5e-200 - 1.0).abs() < 1e-15, "{tiny}");
    assert_eq!(value("norm", vec![mat(0, 3, &[])]), s(0.0));
    assert_eq!(value("norm", vec![mat(1, 2, &[0.0, 0.0])]), s(0.0));
    assert!(scalar(&value("norm", vec![mat(2, 2, &[1.0, f64::NAN, 0.0, 1.0])])).is_nan());
    assert_eq!(
        value("norm", vec![mat(2, 2, &[1.0, f64::INFINITY, 0.0, 1.0])]),
        s(f64::INFINITY)
    );
    let a = mat(2, 2, &[1.0, 2.0, 3.0, 4.0]);
    // NumPy: norm(A, 2) = 5.464985704219043, 'nuc' = 5.8309518948453
    assert!((scalar(&value("norm", vec![a.clone()])) - 5.464985704219043).abs() < 1e-12);
    assert_eq!(value("norm", vec![a.clone(), s(1.0)]), s(6.0));
    assert_eq!(value("norm", vec![a.clone(), s(f64::INFINITY)]), s(7.0));
    assert_eq!(value("norm", vec![a.clone(), Value::string("inf")]), s(7.0));
    assert!(
        (scalar(&value("norm", vec![a.clone(), Value::string("fro")])) - 30f64.sqrt()).abs()
            < 1e-14
    );
    assert!(
        (scalar(&value("norm", vec![a.clone(), Value::string("nuc")])) - 5.8309518948453).abs()
            < 1e-12
    );
    let v = mat(3, 1, &[1.0, -2.0, 2.0]);
    assert_eq!(value("norm", vec![v.clone(), s(1.0)]), s(5.0));
    assert_eq!(value("norm", vec![v.clone(), s(f64::INFINITY)]), s(2.0));
    assert_eq!(value("norm", vec![v.clone(), s(f64::NEG_INFINITY)]), s(1.0));
    assert!((scalar(&value("norm", vec![v.clone(), s(3.0)])) - 17f64.cbrt()).abs() < 1e-14);
    let d = error("norm", vec![a.clone(), s(3.0)], ErrorKind::Domain);
    assert!(d.message.contains("takes p = 1, 2, inf"), "{}", d.message);
    let d = error("norm", vec![v, Value::string("max")], ErrorKind::Domain);
    assert_eq!(d.span, arg_span(1));
    error("norm", vec![a, s(0.0)], ErrorKind::Domain);
}

#[test]
fn traces() {
    let a = mat(2, 2, &[1.0, 2.0, 3.0, 4.0]);
    assert_eq!(value("trace", vec![a]), s(5.0));
    assert_eq!(value("trace", vec![s(3.0)]), s(3.0));
    assert_eq!(value("trace", vec![mat(0, 0, &[])]), s(0.0));
}

#[test]
fn lu_factors_reconstruct_and_pivot() {
    // Square, wide and tall.
    for (m, n) in [(3, 3), (2, 4), (4, 2), (1, 1), (1, 3), (3, 1)] {
        let a = Mat::from_fn(m, n, |i, j| {
            ((i * 7 + j * 3) % 5) as f64 - 1.5 + (i == j) as u8 as f64
        });
        let parts = values("lu", vec![Value::Matrix(Arc::new(a.clone()))], 3);
        let (l, u, p) = (to_mat(&parts[0]), to_mat(&parts[1]), to_mat(&parts[2]));
        let k = m.min(n);
        assert_eq!(l.shape(), (m, k));
        assert_eq!(u.shape(), (k, n));
        assert_eq!(p.shape(), (m, m));
        assert!(
            max_diff(&product(&p, &a), &product(&l, &u)) < 1e-14,
            "{m}×{n}"
        );
        for i in 0..m {
            for j in 0..k {
                if i == j {
                    assert_eq!(l[(i, j)], 1.0);
                } else if j > i {
                    assert_eq!(l[(i, j)], 0.0);
                } else {
                    assert!(l[(i, j)].abs() <= 1.0);
                }
            }
        }
        let two = values("lu", vec![Value::Matrix(Arc::new(a.clone()))], 2);
        assert!(max_diff(&product(&to_mat(&two[0]), &to_mat(&two[1])), &a) < 1e-14);
    }
    let d = error(
        "lu",
        vec![mat(2, 2, &[1.0, 2.0, 3.0, 4.0])],
        ErrorKind::Arity,
    );
    assert_eq!(d.help.as_deref(), Some("write L, U, P = lu(A)"));
}

#[test]
fn chol_refuses_what_is_not_positive_definite() {
    let r = value("chol", vec![mat(2, 2, &[4.0, 2.0, 2.0, 5.0])]);
    assert_close(&r, &mat(2, 2, &[2.0, 1.0, 0.0, 2.0]), 1e-15);
    let d = error(
        "chol",
        vec![mat(2, 2, &[1.0, 2.0, 2.0, 1.0])],
        ErrorKind::Domain,
    );
    assert!(d.message.contains("not positive definite"), "{}", d.message);
    assert!(d.labels[0].message.contains("pivot 2"), "{:?}", d.labels);
    let d = error(
        "chol",
        vec![mat(2, 2, &[1.0, 2.0, 3.0, 1.0])],
        ErrorKind::Domain,
    );
    assert!(d.message.contains("not symmetric"), "{}", d.message);
    assert_eq!(value("chol", vec![s(4.0)]), s(2.0));
    error("chol", vec![s(-4.0)], ErrorKind::Domain);
}

#[test]
fn slogdet_as_one_value_or_two() {
    let a = mat(2, 2, &[0.0, 2.0, 3.0, 0.0]);
    let both = values("slogdet", vec![a.clone()], 2);
    assert_eq!(both[0], s(-1.0));
    assert!((scalar(&both[1]) - 6f64.ln()).abs() < 1e-15);
    let row = to_mat(&value("slogdet", vec![a.clone()]));
    assert_eq!(row.shape(), (1, 2));
    assert_eq!(row[(0, 0)], -1.0);
    let d = error("logdet", vec![a], ErrorKind::Domain);
    assert!(d.help.unwrap().contains("slogdet"));
    let singular = values("slogdet", vec![mat(2, 2, &[1.0, 2.0, 2.0, 4.0])], 2);
    assert_eq!(singular[0], s(0.0));
    assert_eq!(singular[1], s(f64::NEG_INFINITY));
    // 1e200·I(3) overflows det but not logdet.
    let big = Value::Matrix(Arc::new(Mat::from_fn(3, 3, |i, j| {
        if i == j {
            1e200
        } else {
            0.0
        }
    })));
    assert_eq!(value("det", vec![big.clone()]), s(f64::INFINITY));
    assert!((scalar(&value("logdet", vec![big])) - 600.0 * 10f64.ln()).abs() < 1e-9);
}

#[test]
fn solve_checks_rows_and_warns_on_rank_deficient_least_squares() {
    let a = mat(2, 2, &[2.0, 1.0, 1.0, 3.0]);
    let d = error(
        "solve",
        vec![a.clone(), mat(3, 1, &[1.0, 2.0, 3.0])],
        ErrorKind::Shape,
    );
    assert_eq!(
        d.message,
        "`solve` needs b to have as many rows as A, but the shapes are 2×2 and 3×1"
    );
    assert_eq!(d.labels.len(), 2);
    assert_close(
        &value("solve", vec![a, mat(2, 1, &[3.0, 5.0])]),
        &mat(2, 1, &[0.8, 1.4]),
        1e-15,
    );
    // Rank 1 of 2, 3×2: the minimum-norm least-squares answer and a warning.
    let tall = mat(3, 2, &[1.0, 1.0, 1.0, 1.0, 1.0, 1.0]);
    let out = call_with(
        "solve",
        vec![tall, mat(3, 1, &[1.0, 2.0, 3.0])],
        Vec::new(),
        1,
    );
    assert_close(
        &out.result.unwrap().unwrap(),
        &mat(2, 1, &[1.0, 1.0]),
        1e-14,
    );
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    assert!(out.warnings[0].message.contains("rank deficient"));
    // lstsq does not warn.
    let tall = mat(3, 2, &[1.0, 1.0, 1.0, 1.0, 1.0, 1.0]);
    let out = call_with(
        "lstsq",
        vec![tall, mat(3, 1, &[1.0, 2.0, 3.0])],
        Vec::new(),
        1,
    );
    assert!(out.warnings.is_empty());
}

#[test]
fn tolerance_by_position_or_keyword() {
    let a = mat(2, 2, &[1.0, 0.0, 0.0, 1e-10]);
    assert_eq!(value("rank", vec![a.clone()]), s(2.0));
    assert_eq!(value("rank", vec![a.clone(), s(1e-8)]), s(1.0));
    let out = call_with("rank", vec![a.clone()], vec![("tol", s(1e-8))], 1);
    assert_eq!(out.result.unwrap().unwrap(), s(1.0));
    let out = call_with("rank", vec![a.clone(), s(1e-8)], vec![("tol", s(1e-8))], 1);
    assert_eq!(out.result.unwrap_err().kind, ErrorKind::Arity);
    error("rank", vec![a, s(-1.0)], ErrorKind::Domain);
}

#[test]
fn econ_option_is_checked() {
    let a = mat(3, 2, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let d = error(
        "qr",
        vec![a.clone(), Value::string("thin")],
        ErrorKind::Domain,
    );
    assert!(d.message.contains("\"econ\""), "{}", d.message);
    error("svd", vec![a, s(0.0)], ErrorKind::Type);
}

#[test]
fn eigen_of_rotation_is_complex() {
    let a = mat(2, 2, &[0.0, -1.0, 1.0, 0.0]);
    let Value::ComplexMatrix(vals) = value("eigvals", vec![a.clone()]) else {
        panic!("expected complex eigenvalues")
    };
    assert_eq!(vals.shape(), (2, 1));
    assert!((vals[(0, 0)].im + 1.0).abs() < 1e-15 && vals[(0, 0)].re.abs() < 1e-15);
    assert!((vals[(1, 0)].im - 1.0).abs() < 1e-15);
    let parts = values("eig", vec![a], 2);
    let Value::ComplexMatrix(vecs) = &parts[1] else {
        panic!("expected complex eigenvectors")
    };
    // A·v = λ·v for each pair.
    for j in 0..2 {
        let lambda = vals[(j, 0)];
        let (x, y) = (vecs[(0, j)], vecs[(1, j)]);
        assert!((-y - lambda * x).norm() < 1e-14);
        assert!((x - lambda * y).norm() < 1e-14);
    }
}

#[test]
fn complex_matrices_follow_the_real_rules() {
    let z = Value::Complex(faer::c64::new(1.0, 2.0));
    // `chol` asks a complex matrix to be Hermitian, as it asks a real one to be symmetric.
    let d = error("chol", vec![z.clone()], ErrorKind::Domain);
    assert_eq!(
        d.message,
        "`chol` needs a Hermitian positive definite matrix, but this 1×1 matrix is not Hermitian"
    );
    // solve, inv and det take complex matrices, as `\` does.
    let inverse = value("inv", vec![z.clone()]);
    assert!(matches!(inverse, Value::Complex(w) if (w - faer::c64::new(0.2, -0.4)).norm() < 1e-15));
    assert_eq!(
        value("det", vec![z]),
        Value::Complex(faer::c64::new(1.0, 2.0))
    );
}

#[test]
fn cross_and_outer_check_their_vectors() {
    let d = error(
        "cross",
        vec![mat(3, 1, &[1.0, 0.0, 0.0]), mat(4, 1, &[0.0; 4])],
        ErrorKind::Shape,
    );
    assert_eq!(
        d.message,
        "`cross` needs two 3-element vectors, but argument 2 is 4×1"
    );
    assert_eq!(d.span, arg_span(1));
    let d = error(
        "outer",
        vec![mat(2, 2, &[0.0; 4]), s(1.0)],
        ErrorKind::Shape,
    );
    assert_eq!(
        d.message,
        "`outer` needs two vectors, but argument 1 is 2×2"
    );
    assert_close(
        &value(
            "cross",
            vec![mat(1, 3, &[1.0, 0.0, 0.0]), mat(3, 1, &[0.0, 1.0, 0.0])],
        ),
        &mat(1, 3, &[0.0, 0.0, 1.0]),
        0.0,
    );
}
