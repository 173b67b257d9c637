//! Random whole numbers from la's seeded generator (`src/rng.rs`, the one `rand` draws from):
//! `randi` for numbers from 1 to k and `randperm` for a shuffled 1..n. `seed(k)` makes both
//! repeat.

use faer::Mat;

use super::args::as_count;
use super::construction::size_args;
use super::{size_arg, Builtin, Call, ShapeCall, ShapeRule};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::rng::Rng;
use crate::value::{Shape, Value};

/// The builtins of this topic.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "randi",
        signature: "randi(k[, m[, n]])",
        min_args: 1,
        max_args: 3,
        keywords: &[],
        doc:
            "uniform random whole numbers from 1 to k: one number, an m×1 column, or an m×n matrix",
        example: "randi(6, 2, 3)   # 2×3 dice rolls, reproducible after seed(k)",
        shape: ShapeRule::Custom(randi_rule),
        run: randi,
    },
    Builtin {
        name: "randperm",
        signature: "randperm(n)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "a random ordering of 1, 2, ..., n as an n×1 column (every ordering equally likely)",
        example: "v = 1:5; v[randperm(length(v))]   # v shuffled",
        shape: ShapeRule::Custom(randperm_rule),
        run: randperm,
    },
];

/// A whole number from 0 to `k - 1`, each equally likely (for `k` below 2⁵³).
fn below(rng: &mut Rng, k: usize) -> usize {
    // `uniform() < 1`, but the product may round up to `k`.
    ((rng.uniform() * k as f64) as usize).min(k - 1)
}

fn randi(call: &mut Call) -> Fallible<Option<Value>> {
    let top = call.number(0)?;
    let k = match as_count(top) {
        Some(k) if k >= 1 => k,
        _ => {
            let span = call.arg(0)?.span;
            return Err(Diagnostic::error(
                ErrorKind::Domain,
                span,
                "`randi` needs a whole number of at least 1 as its largest value",
            )
            .label(span, format!("this is {}", crate::format::scalar(top)))
            .help("randi(k, m, n) draws whole numbers from 1 to k")
            .boxed());
        }
    };
    if call.args.len() == 1 {
        return Ok(Some(Value::Scalar(
            (below(&mut call.host().rng, k) + 1) as f64,
        )));
    }
    let (rows, cols) = size_args(call, 1)?;
    let rng = &mut call.host().rng;
    Ok(Some(Value::from_mat(Mat::from_fn(rows, cols, |_, _| {
        (below(rng, k) + 1) as f64
    }))))
}

fn randperm(call: &mut Call) -> Fallible<Option<Value>> {
    let n = call.count(0)?;
    call.check_alloc(n, 1)?;
    let mut order: Vec<f64> = (1..=n).map(|k| k as f64).collect();
    // Fisher–Yates: position i takes one of the first i + 1 elements at random.
    let rng = &mut call.host().rng;
    for i in (1..n).rev() {
        order.swap(i, below(rng, i + 1));
    }
    Ok(Some(Value::from_mat(Mat::from_fn(n, 1, |i, _| order[i]))))
}

/// `randi`'s shape rule: one number, an m×1 column or an m×n matrix.
fn randi_rule(call: &ShapeCall) -> Fallible<Option<Shape>> {
    Ok(match call.args.len() {
        1 => Some(Shape::SCALAR),
        2 => size_arg(call, 1).map(|m| Shape::new(m, 1)),
        3 => size_arg(call, 1)
            .zip(size_arg(call, 2))
            .map(|(m, n)| Shape::new(m, n)),
        _ => None,
    })
}

/// `randperm`'s shape rule: an n×1 column.
fn randperm_rule(call: &ShapeCall) -> Fallible<Option<Shape>> {
    Ok(size_arg(call, 0).map(|n| Shape::new(n, 1)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::testing::{call, call_on, matrix};
    use crate::host::Host;

    fn s(x: f64) -> Value {
        Value::Scalar(x)
    }

    /// The elements of a value, column-major.
    fn elements(v: &Value) -> Vec<f64> {
        match v {
            Value::Scalar(x) => vec![*x],
            Value::Matrix(m) => (0..m.ncols())
                .flat_map(|j| m.col_as_slice(j).to_vec())
                .collect(),
            other => panic!("not numeric: {other:?}"),
        }
    }

    #[test]
    fn randi_draws_every_number_from_1_to_k() {
        let mut host = Host::new(Box::new(|_| {}));
        let v = call_on(&mut host, "randi", vec![s(6.0), s(3000.0)], Vec::new())
            .unwrap()
            .unwrap();
        assert_eq!(v.shape(), crate::value::Shape::new(3000, 1));
        let xs = elements(&v);
        let mut counts = [0usize; 6];
        for x in xs {
            assert!(x.fract() == 0.0 && (1.0..=6.0).contains(&x), "{x}");
            counts[x as usize - 1] += 1;
        }
        // Each face expects 500 of 3000; 400 is more than 4 standard deviations (≈20) away.
        assert!(counts.iter().all(|&c| c > 400 && c < 600), "{counts:?}");
        let m = call_on(&mut host, "randi", vec![s(2.0), s(2.0), s(3.0)], Vec::new())
            .unwrap()
            .unwrap();
        assert_eq!(m.shape(), crate::value::Shape::new(2, 3));
        let one = call_on(&mut host, "randi", vec![s(1.0)], Vec::new()).unwrap();
        assert_eq!(one, Some(s(1.0)));
    }

    #[test]
    fn seeding_repeats_the_draws() {
        let draw = || {
            let mut host = Host::new(Box::new(|_| {}));
            host.rng = Rng::seeded(7);
            let a = call_on(&mut host, "randi", vec![s(100.0), s(5.0)], Vec::new());
            let b = call_on(&mut host, "randperm", vec![s(5.0)], Vec::new());
            (a.unwrap(), b.unwrap())
        };
        assert_eq!(draw(), draw());
    }

    #[test]
    fn randi_refuses_a_largest_value_below_1() {
        for k in [0.0, -3.0, 2.5, f64::NAN] {
            let d = call("randi", vec![s(k), s(2.0)], Vec::new()).unwrap_err();
            assert_eq!(
                d.message,
                "`randi` needs a whole number of at least 1 as its largest value"
            );
        }
        assert!(call("randi", vec![s(3.0), s(-1.0)], Vec::new()).is_err());
        assert!(call("randi", vec![matrix(1, 2, &[1.0, 2.0])], Vec::new()).is_err());
    }

    #[test]
    fn randperm_is_a_permutation() {
        let mut host = Host::new(Box::new(|_| {}));
        let v = call_on(&mut host, "randperm", vec![s(50.0)], Vec::new())
            .unwrap()
            .unwrap();
        assert_eq!(v.shape(), crate::value::Shape::new(50, 1));
        let xs = elements(&v);
        let mut sorted = xs.clone();
        sorted.sort_by(f64::total_cmp);
        let identity: Vec<f64> = (1..=50).map(|k| k as f64).collect();
        assert_eq!(sorted, identity);
        assert_ne!(xs, identity, "50 elements left in order: not shuffled");
        assert_eq!(
            call("randperm", vec![s(1.0)], Vec::new()).unwrap(),
            Some(s(1.0))
        );
        assert_eq!(
            call("randperm", vec![s(0.0)], Vec::new()).unwrap(),
            Some(matrix(0, 1, &[]))
        );
        assert!(call("randperm", vec![s(-1.0)], Vec::new()).is_err());
    }

    #[test]
    fn every_ordering_of_three_turns_up() {
        let mut host = Host::new(Box::new(|_| {}));
        let mut seen = std::collections::BTreeMap::new();
        for _ in 0..600 {
            let v = call_on(&mut host, "randperm", vec![s(3.0)], Vec::new())
                .unwrap()
                .unwrap();
            let key: Vec<i64> = elements(&v).iter().map(|&x| x as i64).collect();
            *seen.entry(key).or_insert(0usize) += 1;
        }
        // 6 orderings, 100 each expected; 50 is more than 5 standard deviations (≈9) away.
        assert_eq!(seen.len(), 6, "{seen:?}");
        assert!(seen.values().all(|&c| c > 50), "{seen:?}");
    }
}
