//! Mask indexing agrees with a plain column-major loop: `A[M]` reads the elements where M
//! is true in column-major order, and `A[M] = v` writes them, for random shapes and masks,
//! empty and full masks included.

use faer::Mat;
use la::{Interpreter, Value};
use proptest::prelude::*;

/// A matrix and a 0/1 pattern of its shape.
fn matrix_and_mask() -> impl Strategy<Value = (Mat<f64>, Mat<f64>)> {
    (0usize..6, 0usize..6, 0u8..4).prop_flat_map(|(m, n, fill)| {
        let values = proptest::collection::vec(-100.0..100.0f64, m * n);
        // fill 0: random mask; 1: all false; 2: all true; 3: random.
        let bits = proptest::collection::vec(any::<bool>(), m * n);
        (values, bits).prop_map(move |(values, bits)| {
            let a = Mat::from_fn(m, n, |i, j| values[i + j * m]);
            let mask = Mat::from_fn(m, n, |i, j| match fill {
                1 => 0.0,
                2 => 1.0,
                _ => f64::from(u8::from(bits[i + j * m])),
            });
            (a, mask)
        })
    })
}

/// The elements of `a` where `mask` is non-zero, column by column.
fn selected(a: &Mat<f64>, mask: &Mat<f64>) -> Vec<f64> {
    let mut out = Vec::new();
    for j in 0..a.ncols() {
        for i in 0..a.nrows() {
            if mask[(i, j)] != 0.0 {
                out.push(a[(i, j)]);
            }
        }
    }
    out
}

/// A value's elements in column-major order.
fn elements(v: &Value) -> Vec<f64> {
    match v {
        Value::Matrix(m) => (0..m.ncols())
            .flat_map(|j| (0..m.nrows()).map(move |i| m[(i, j)]))
            .collect(),
        other => other.as_scalar().into_iter().collect(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn reading_and_writing_through_a_mask_match_a_loop((a, mask) in matrix_and_mask()) {
        let mut la = Interpreter::new();
        la.set("A", Value::from_mat(a.clone()));
        la.set("K", Value::from_mat(mask.clone()));
        let expected = selected(&a, &mask);
        // Read.
        let got = la.run("read", "A[logical(K)]").unwrap().unwrap();
        prop_assert_eq!(elements(&got), expected.clone());
        // Write a scalar, then a vector of exactly the selected count.
        let count = expected.len();
        la.run("write", "B = A; B[logical(K)] = -1000;").unwrap();
        let mut want = a.clone();
        for j in 0..a.ncols() {
            for i in 0..a.nrows() {
                if mask[(i, j)] != 0.0 {
                    want[(i, j)] = -1000.0;
                }
            }
        }
        prop_assert_eq!(elements(la.get("B").unwrap()), elements(&Value::from_mat(want.clone())));
        la.set("v", Value::from_mat(Mat::from_fn(count, 1, |k, _| k as f64)));
        if count > 0 {
            la.run("write", "C = A; C[logical(K)] = v;").unwrap();
            let mut k = 0;
            for j in 0..a.ncols() {
                for i in 0..a.nrows() {
                    if mask[(i, j)] != 0.0 {
                        want[(i, j)] = k as f64;
                        k += 1;
                    }
                }
            }
            prop_assert_eq!(elements(la.get("C").unwrap()), elements(&Value::from_mat(want)));
        }
        // The count and the positions agree with the loop too.
        let n = la.run("count", "nnz(logical(K))").unwrap().unwrap();
        prop_assert_eq!(n, Value::Scalar(count as f64));
    }
}
