//! Reductions (`sum`, `prod`, `mean`, `min`, `max`, `any`, `all`, `argmax`, `argmin`,
//! `cumsum`) over all elements or along a dimension, plus `dot`. (`norm` and `trace` live
//! with the linear algebra; `cumprod` and the statistics borrow the running folds and the
//! compensated sum from here.)
//!
//! Dimensions follow Julia and MATLAB: `dim=1` works down each column and gives a row,
//! `dim=2` across each row and gives a column. Without a dimension a reduction covers every
//! element, so the sum of a matrix is a scalar, as in NumPy. Sums are compensated (Neumaier),
//! so `sum` of many small numbers does not drift.
//!
//! ```text
//! >> sum([[1, 2], [3, 4]])
//! 10
//! >> sum([[1, 2], [3, 4]], dim=1)
//! [[4, 6]]
//! >> max([[1, NaN, 3]])
//! 3
//! ```

use faer::{c64, Mat};

use super::args::Dim;
use super::complex_input::{by_parts, lexicographic};
use super::{Builtin, Call, ShapeCall, ShapeRule};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::ops::elementwise::zip;
use crate::ops::Operands;
use crate::source::Span;
use crate::value::{Shape, Value};

/// The builtins of this topic.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "sum",
        signature: "sum(A[, dim])",
        min_args: 1,
        max_args: 2,
        keywords: &["dim"],
        doc: "sum of all elements (a matrix gives a scalar), or down each column (dim=1) or across each row (dim=2); empty sums are 0",
        example: "sum([[1, 2], [3, 4]], dim=1)   # [[4, 6]]",
        shape: ShapeRule::Reduce { positional: true },
        run: |call| by_parts(call, &[0], |call| reduce(call, Fold::Sum, Some(1))),
    },
    Builtin {
        name: "prod",
        signature: "prod(A[, dim])",
        min_args: 1,
        max_args: 2,
        keywords: &["dim"],
        doc: "product of all elements (a matrix gives a scalar), or down each column (dim=1) or across each row (dim=2); empty products are 1",
        example: "prod([[1, 2], [3, 4]], dim=2)   # [[2], [12]]",
        shape: ShapeRule::Reduce { positional: true },
        run: |call| reduce(call, Fold::Prod, Some(1)),
    },
    Builtin {
        name: "mean",
        signature: "mean(A[, dim])",
        min_args: 1,
        max_args: 2,
        keywords: &["dim"],
        doc: "mean of all elements (a matrix gives a scalar), or down each column (dim=1) or across each row (dim=2); the mean of nothing is NaN",
        example: "mean([[1, 2], [3, 4]], dim=1)   # [[2, 3]]",
        shape: ShapeRule::Reduce { positional: true },
        run: |call| by_parts(call, &[0], |call| reduce(call, Fold::Mean, Some(1))),
    },
    Builtin {
        name: "max",
        signature: "max(A[, B]) or max(A, dim=d)",
        min_args: 1,
        max_args: 2,
        keywords: &["dim"],
        doc: "largest element (a matrix gives a scalar) or of each column (dim=1) or row (dim=2), ignoring NaN as MATLAB does; max(A, B) is element-wise with broadcasting; `m, i = max(v)` also gives the index",
        example: "max([[1, 5], [7, 2]], dim=1)   # [[7, 5]]",
        shape: ShapeRule::Reduce { positional: false },
        run: |call| extreme(call, Fold::Max),
    },
    Builtin {
        name: "min",
        signature: "min(A[, B]) or min(A, dim=d)",
        min_args: 1,
        max_args: 2,
        keywords: &["dim"],
        doc: "smallest element (a matrix gives a scalar) or of each column (dim=1) or row (dim=2), ignoring NaN as MATLAB does; min(A, B) is element-wise with broadcasting; `m, i = min(v)` also gives the index",
        example: "min([[1, 5], [7, 2]], 3)   # [[1, 3], [3, 2]]",
        shape: ShapeRule::Reduce { positional: false },
        run: |call| extreme(call, Fold::Min),
    },
    Builtin {
        name: "argmax",
        signature: "argmax(A[, dim=d])",
        min_args: 1,
        max_args: 1,
        keywords: &["dim"],
        doc: "1-based position of the first largest element, ignoring NaN: a column-major index over all elements, or the row (dim=1) or column (dim=2) index",
        example: "argmax([[1, 5], [7, 2]], dim=1)   # [[2, 1]]",
        shape: ShapeRule::Reduce { positional: true },
        run: |call| reduce(call, Fold::ArgMax, None),
    },
    Builtin {
        name: "argmin",
        signature: "argmin(A[, dim=d])",
        min_args: 1,
        max_args: 1,
        keywords: &["dim"],
        doc: "1-based position of the first smallest element, ignoring NaN: a column-major index over all elements, or the row (dim=1) or column (dim=2) index",
        example: "argmin([[1, 5], [7, 2]])   # 1",
        shape: ShapeRule::Reduce { positional: true },
        run: |call| reduce(call, Fold::ArgMin, None),
    },
    Builtin {
        name: "any",
        signature: "any(A[, dim])",
        min_args: 1,
        max_args: 2,
        keywords: &["dim"],
        doc: "true if any element is nonzero (NaN counts as nonzero); with dim=1 or dim=2, 0/1 for each column or row",
        example: "any([[0, 0], [0, 3]], dim=1)   # [[0, 1]]",
        shape: ShapeRule::Reduce { positional: true },
        run: |call| reduce(call, Fold::Any, Some(1)),
    },
    Builtin {
        name: "all",
        signature: "all(A[, dim])",
        min_args: 1,
        max_args: 2,
        keywords: &["dim"],
        doc: "true if every element is nonzero (NaN counts as nonzero; empty is true); with dim=1 or dim=2, 0/1 for each column or row",
        example: "all([[1, 2], [0, 3]])   # false",
        shape: ShapeRule::Reduce { positional: true },
        run: |call| reduce(call, Fold::All, Some(1)),
    },
    Builtin {
        name: "cumsum",
        signature: "cumsum(A[, dim])",
        min_args: 1,
        max_args: 2,
        keywords: &["dim"],
        doc: "running sums: along a vector, down each column of a matrix (dim=1, the default) or across each row (dim=2)",
        example: "cumsum([[1, 2], [3, 4]])   # [[1, 2], [4, 6]]",
        shape: ShapeRule::LikeArg(0),
        run: |call| by_parts(call, &[0], |call| running(call, Fold::Sum)),
    },
    Builtin {
        name: "dot",
        signature: "dot(u, v)",
        min_args: 2,
        max_args: 2,
        keywords: &[],
        doc: "sum of products of two vectors of equal length, in any orientation",
        example: "dot([[1, 2, 3]], [[4], [5], [6]])   # 32",
        shape: ShapeRule::Custom(dot_rule),
        run: dot,
    },
];

/// How a line of numbers folds to one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fold {
    Sum,
    Prod,
    Mean,
    Min,
    Max,
    ArgMin,
    ArgMax,
    Any,
    All,
}

impl Fold {
    /// True when folding no numbers has no answer (the smallest of nothing).
    fn needs_elements(self) -> bool {
        matches!(self, Fold::Min | Fold::Max | Fold::ArgMin | Fold::ArgMax)
    }
}

/// One step of Neumaier's compensated summation: the running sum and its compensation
/// (the low-order bits the sum dropped, `(big - t) + small` with `big` the larger of the
/// two by size) after adding `x`. Compiled loops (`eval::loops`) repeat these steps. Both
/// orders are worked out and one is chosen without a branch: which is larger is a coin
/// toss on mixed data, and LLVM made a branch of choosing the pair (a third of `dot`'s
/// time went on its mispredictions).
#[inline]
pub(crate) fn compensated_add(sum: f64, compensation: f64, x: f64) -> (f64, f64) {
    let t = sum + x;
    let bigger = sum.abs() >= x.abs();
    let lost = std::hint::select_unpredictable(bigger, (sum - t) + x, (x - t) + sum);
    (t, compensation + lost)
}

/// The compensated sum. Once the plain sum is infinite or NaN the compensation means
/// nothing (it may be NaN), so the plain sum is the answer.
#[inline]
pub(crate) fn compensated_total(sum: f64, compensation: f64) -> f64 {
    if sum.is_finite() {
        sum + compensation
    } else {
        sum
    }
}

/// Running state of one fold over one line; every fold keeps the fields it needs.
#[derive(Clone, Copy, Debug)]
struct Acc {
    /// The running sum (or product), or the best value so far (NaN before any number).
    value: f64,
    /// Neumaier compensation for sums.
    compensation: f64,
    /// Numbers seen so far.
    count: usize,
    /// 0-based position of the best value so far.
    best_at: usize,
    /// `any`: a nonzero was seen; `all`: no zero was seen.
    flag: bool,
}

impl Acc {
    fn new(fold: Fold) -> Acc {
        let (value, flag) = match fold {
            Fold::Sum | Fold::Mean | Fold::Any => (0.0, false),
            Fold::Prod => (1.0, false),
            Fold::All => (0.0, true),
            Fold::Min | Fold::Max | Fold::ArgMin | Fold::ArgMax => (f64::NAN, false),
        };
        Acc {
            value,
            compensation: 0.0,
            count: 0,
            best_at: 0,
            flag,
        }
    }

    #[inline]
    fn push(&mut self, fold: Fold, x: f64) {
        match fold {
            Fold::Sum | Fold::Mean => {
                (self.value, self.compensation) = compensated_add(self.value, self.compensation, x);
            }
            Fold::Prod => self.value *= x,
            Fold::Max | Fold::ArgMax => {
                // NaN never wins, so NaN is ignored unless every number is NaN.
                if x > self.value || (self.value.is_nan() && !x.is_nan()) {
                    self.value = x;
                    self.best_at = self.count;
                }
            }
            Fold::Min | Fold::ArgMin => {
                if x < self.value || (self.value.is_nan() && !x.is_nan()) {
                    self.value = x;
                    self.best_at = self.count;
                }
            }
            Fold::Any => self.flag |= x != 0.0,
            Fold::All => self.flag &= x != 0.0,
        }
        self.count += 1;
    }

    /// The compensated running sum (`compensated_total`).
    fn sum(&self) -> f64 {
        compensated_total(self.value, self.compensation)
    }

    /// The result; `None` for an empty line of a fold that needs elements.
    fn finish(&self, fold: Fold) -> Option<f64> {
        if self.count == 0 && fold.needs_elements() {
            return None;
        }
        Some(match fold {
            Fold::Sum => self.sum(),
            Fold::Mean => self.sum() / self.count as f64,
            Fold::Prod | Fold::Min | Fold::Max => self.value,
            Fold::ArgMin | Fold::ArgMax => (self.best_at + 1) as f64,
            Fold::Any | Fold::All => f64::from(u8::from(self.flag)),
        })
    }
}

/// Runs `fold` over argument 1: over all elements, or along the dimension given as `dim=` or
/// as positional argument `dim_position`.
fn reduce(call: &mut Call, fold: Fold, dim_position: Option<usize>) -> Fallible<Option<Value>> {
    if call.arg(0)?.value.is_complex() {
        return complex_reduce(call, fold, dim_position);
    }
    let m = call.matrix(0)?;
    let dim = call.dim(dim_position)?;
    let shape = Shape::new(m.nrows(), m.ncols());
    let Some(dim) = dim else {
        let mut acc = Acc::new(fold);
        for j in 0..m.ncols() {
            for &x in m.col_as_slice(j) {
                acc.push(fold, x);
            }
        }
        let Some(x) = acc.finish(fold) else {
            return Err(no_value(call, shape, None));
        };
        return Ok(Some(match fold {
            Fold::Any | Fold::All => Value::Bool(acc.flag),
            _ => Value::Scalar(x),
        }));
    };
    let line_len = match dim {
        Dim::Down => m.nrows(),
        Dim::Across => m.ncols(),
    };
    if line_len == 0 && fold.needs_elements() {
        return Err(no_value(call, shape, Some(dim)));
    }
    let finish = |acc: &Acc| acc.finish(fold).unwrap_or(f64::NAN);
    let result = match dim {
        Dim::Down => {
            let row: Vec<f64> = (0..m.ncols())
                .map(|j| {
                    let mut acc = Acc::new(fold);
                    for &x in m.col_as_slice(j) {
                        acc.push(fold, x);
                    }
                    finish(&acc)
                })
                .collect();
            Mat::from_fn(1, row.len(), |_, j| row[j])
        }
        Dim::Across => {
            // Walk the columns (contiguous) and keep one accumulator per row.
            let mut accs = vec![Acc::new(fold); m.nrows()];
            for j in 0..m.ncols() {
                for (acc, &x) in accs.iter_mut().zip(m.col_as_slice(j)) {
                    acc.push(fold, x);
                }
            }
            Mat::from_fn(accs.len(), 1, |i, _| finish(&accs[i]))
        }
    };
    Ok(Some(Value::from_mat(result)))
}

/// `reduce` for a complex argument. Sums and means go by parts instead (compensated);
/// maxima and minima follow NumPy's order (real part, then imaginary part), skipping
/// elements with a NaN part as the real ones skip NaN.
fn complex_reduce(
    call: &mut Call,
    fold: Fold,
    dim_position: Option<usize>,
) -> Fallible<Option<Value>> {
    let arg = call.arg(0)?;
    let (m, shape) = (arg.value.to_cmat(), arg.value.shape());
    let m = m.ok_or_else(|| call.type_error(0, "a number or a matrix"))?;
    let dim = call.dim(dim_position)?;
    let line_len = match dim {
        None => shape.len(),
        Some(Dim::Down) => shape.rows,
        Some(Dim::Across) => shape.cols,
    };
    if line_len == 0 && fold.needs_elements() {
        return Err(no_value(call, shape, dim));
    }
    let zero = c64::new(0.0, 0.0);
    let flag = |b: bool| c64::new(f64::from(u8::from(b)), 0.0);
    let best = |xs: &[c64], want: std::cmp::Ordering| -> Option<usize> {
        let mut at: Option<usize> = None;
        for (k, z) in xs.iter().enumerate() {
            if z.re.is_nan() || z.im.is_nan() {
                continue;
            }
            if at.is_none_or(|b| lexicographic(z, &xs[b]) == want) {
                at = Some(k);
            }
        }
        at
    };
    let out = lines(&m, dim, |xs| match fold {
        Fold::Prod => xs.iter().fold(c64::new(1.0, 0.0), |p, z| p * z),
        Fold::Sum | Fold::Mean => {
            xs.iter().sum::<c64>()
                / if fold == Fold::Mean {
                    xs.len() as f64
                } else {
                    1.0
                }
        }
        Fold::Max => {
            best(xs, std::cmp::Ordering::Greater).map_or(c64::new(f64::NAN, 0.0), |k| xs[k])
        }
        Fold::Min => best(xs, std::cmp::Ordering::Less).map_or(c64::new(f64::NAN, 0.0), |k| xs[k]),
        Fold::ArgMax => best(xs, std::cmp::Ordering::Greater)
            .map_or(c64::new(f64::NAN, 0.0), |k| flag(true) * (k + 1) as f64),
        Fold::ArgMin => best(xs, std::cmp::Ordering::Less)
            .map_or(c64::new(f64::NAN, 0.0), |k| flag(true) * (k + 1) as f64),
        Fold::Any => flag(xs.iter().any(|z| *z != zero)),
        Fold::All => flag(xs.iter().all(|z| *z != zero)),
    });
    Ok(Some(match (fold, dim) {
        (Fold::Any | Fold::All, None) => Value::Bool(out[(0, 0)].re != 0.0),
        _ => Value::from_cmat(out),
    }))
}

/// `f` applied to every line of `m`: all elements (`None`, a 1×1 result), each column
/// (`Down`, a row) or each row (`Across`, a column).
fn lines(m: &Mat<c64>, dim: Option<Dim>, f: impl Fn(&[c64]) -> c64) -> Mat<c64> {
    match dim {
        None => {
            let all: Vec<c64> = (0..m.ncols())
                .flat_map(|j| (0..m.nrows()).map(move |i| (i, j)))
                .map(|(i, j)| m[(i, j)])
                .collect();
            Mat::from_fn(1, 1, |_, _| f(&all))
        }
        Some(Dim::Down) => Mat::from_fn(1, m.ncols(), |_, j| {
            f(&(0..m.nrows()).map(|i| m[(i, j)]).collect::<Vec<_>>())
        }),
        Some(Dim::Across) => Mat::from_fn(m.nrows(), 1, |i, _| {
            f(&(0..m.ncols()).map(|j| m[(i, j)]).collect::<Vec<_>>())
        }),
    }
}

/// "`max` of an empty 0×3 matrix has no value", at argument 1.
fn no_value(call: &Call, shape: Shape, dim: Option<Dim>) -> Box<Diagnostic> {
    let span = call.args.first().map_or(call.span, |a| a.span);
    let d = Diagnostic::error(
        ErrorKind::Domain,
        span,
        format!("`{}` of an empty {shape} matrix has no value", call.name),
    )
    .label(span, format!("this is an empty {shape} matrix"));
    match dim {
        Some(Dim::Down) => d.note(format!(
            "with dim=1 each of its {} columns is empty",
            shape.cols
        )),
        Some(Dim::Across) => d.note(format!(
            "with dim=2 each of its {} rows is empty",
            shape.rows
        )),
        None => d,
    }
    .boxed()
}

/// `max`/`min`: a reduction with one positional argument, element-wise with two.
fn extreme(call: &mut Call, fold: Fold) -> Fallible<Option<Value>> {
    if call.args.len() < 2 && call.outputs == 2 {
        // `value, index = max(v)`, as in MATLAB.
        let index = if fold == Fold::Max {
            Fold::ArgMax
        } else {
            Fold::ArgMin
        };
        let (value, position) = (reduce(call, fold, None)?, reduce(call, index, None)?);
        return Ok(value
            .zip(position)
            .map(|(v, i)| Value::Tuple(vec![v, i].into())));
    }
    if call.args.len() < 2 {
        return reduce(call, fold, None);
    }
    if let Some(kw) = call.keyword("dim") {
        return Err(Diagnostic::error(
            ErrorKind::Arity,
            kw.name_span,
            format!(
                "`{}` of two arguments is element-wise and takes no `dim`",
                call.name
            ),
        )
        .label(kw.name_span.to(kw.span), "a dimension for a reduction")
        .help(format!(
            "{0}(A, dim=1) reduces one matrix; {0}(A, B) compares two element by element",
            call.name
        ))
        .boxed());
    }
    let a = call.numeric(0)?;
    let b = call.numeric(1)?;
    let at = Operands {
        left: call.arg(0)?.span,
        op: call.span,
        right: call.arg(1)?.span,
    };
    // `f64::max`/`f64::min` return the other operand when one is NaN: MATLAB's rule.
    let f = if fold == Fold::Max {
        f64::max
    } else {
        f64::min
    };
    zip(&format!("`{}`", call.name), a, b, at, call.host_ref(), f).map(Some)
}

/// `cumsum` (compensated) and `cumprod`: running folds along a vector, or down columns /
/// across rows.
fn running(call: &mut Call, fold: Fold) -> Fallible<Option<Value>> {
    let m = call.matrix(0)?;
    let dim = call.dim(Some(1))?.unwrap_or(Dim::natural(m.nrows()));
    let mut out = Mat::<f64>::zeros(m.nrows(), m.ncols());
    let so_far = |acc: &Acc| acc.finish(fold).unwrap_or(f64::NAN);
    match dim {
        Dim::Down => {
            for j in 0..m.ncols() {
                let mut acc = Acc::new(fold);
                for (y, &x) in out.col_as_slice_mut(j).iter_mut().zip(m.col_as_slice(j)) {
                    acc.push(fold, x);
                    *y = so_far(&acc);
                }
            }
        }
        Dim::Across => {
            let mut accs = vec![Acc::new(fold); m.nrows()];
            for j in 0..m.ncols() {
                let column = out.col_as_slice_mut(j).iter_mut().zip(m.col_as_slice(j));
                for (acc, (y, &x)) in accs.iter_mut().zip(column) {
                    acc.push(fold, x);
                    *y = so_far(acc);
                }
            }
        }
    }
    Ok(Some(Value::from_mat(out)))
}

/// `cumprod`: running products, the way `cumsum` runs sums (complex ones too: a product is
/// not linear, so it cannot go by parts).
pub(super) fn cumprod(call: &mut Call) -> Fallible<Option<Value>> {
    let Value::ComplexMatrix(m) = &call.arg(0)?.value else {
        if let Value::Complex(z) = call.arg(0)?.value {
            return Ok(Some(Value::Complex(z)));
        }
        return running(call, Fold::Prod);
    };
    let m = m.clone();
    let dim = call.dim(Some(1))?.unwrap_or(Dim::natural(m.nrows()));
    let mut out = Mat::<c64>::zeros(m.nrows(), m.ncols());
    let one = c64::new(1.0, 0.0);
    match dim {
        Dim::Down => {
            for j in 0..m.ncols() {
                let mut p = one;
                for i in 0..m.nrows() {
                    p *= m[(i, j)];
                    out[(i, j)] = p;
                }
            }
        }
        Dim::Across => {
            for i in 0..m.nrows() {
                let mut p = one;
                for j in 0..m.ncols() {
                    p *= m[(i, j)];
                    out[(i, j)] = p;
                }
            }
        }
    }
    Ok(Some(Value::from_cmat(out)))
}

/// The compensated (Neumaier) sum of `xs`, as `sum` adds (and `dot` adds the products).
///
/// Each step's lost part is found with Knuth's TwoSum, which needs no comparison of sizes
/// and no choice: six additions, against `compensated_add`'s comparison and both orders
/// (a `dot` inside Gram–Schmidt: 20 → 14 instructions an element). The lost part is the exact
/// rounding error of the step either way, so the two agree whenever no step of TwoSum
/// overflows. If one does, its lost part is infinite or NaN, and so is the total; a total
/// that is not finite (which includes every sum that is not) is worked out again with
/// `compensated_add`'s steps. A zero lost part may have the other sign, which the
/// compensation does not see: it starts at +0, and +0 + (±0) = +0.
pub(crate) fn compensated_sum<I>(xs: I) -> f64
where
    I: IntoIterator<Item = f64>,
    I::IntoIter: Clone,
{
    let xs = xs.into_iter();
    let (mut sum, mut compensation) = (0.0_f64, 0.0_f64);
    for x in xs.clone() {
        let t = sum + x;
        let x_part = t - sum;
        compensation += (sum - (t - x_part)) + (x - x_part);
        sum = t;
    }
    let total = sum + compensation;
    if total.is_finite() {
        return total;
    }
    let mut acc = Acc::new(Fold::Sum);
    for x in xs {
        acc.push(Fold::Sum, x);
    }
    acc.sum()
}

/// The `k`-th element of a vector (n×1 or 1×n), counting along its length.
fn vector_at(m: &Mat<f64>, k: usize) -> f64 {
    if m.ncols() == 1 {
        m[(k, 0)]
    } else {
        m[(0, k)]
    }
}

/// `dot(u, v)`: two vectors of the same length, in any orientation.
/// `dot`'s shape rule: a scalar, or the error for two known vectors of unequal lengths.
fn dot_rule(call: &ShapeCall) -> Fallible<Option<Shape>> {
    let [a, b] = call.args else {
        return Ok(None);
    };
    match (a.shape, b.shape) {
        (Some(su), Some(sv)) => {
            dot_shapes(su, sv, (a.span, b.span), call.span)?;
            Ok(Some(Shape::SCALAR))
        }
        _ => Ok(None),
    }
}

/// The error for arguments that are not two vectors of one length, before and during a run.
fn dot_shapes(su: Shape, sv: Shape, (left, right): (Span, Span), span: Span) -> Fallible<()> {
    for (i, shape) in [(0, su), (1, sv)] {
        if !shape.is_vector() {
            let at = if i == 0 { left } else { right };
            return Err(Diagnostic::error(
                ErrorKind::Shape,
                at,
                format!("`dot` needs two vectors, but argument {} is a {shape} matrix", i + 1),
            )
            .label(left, su.to_string())
            .label(right, sv.to_string())
            .help("for two matrices of the same shape, sum(A .* B) adds the products of their elements")
            .boxed());
        }
    }
    let n = su.len();
    if n == sv.len() {
        return Ok(());
    }
    Err(Diagnostic::error(
        ErrorKind::Shape,
        span,
        format!("`dot` needs vectors of equal length, but the shapes are {su} and {sv}"),
    )
    .label(left, format!("{su}, length {n}"))
    .label(right, format!("{sv}, length {}", sv.len()))
    .boxed())
}

fn dot(call: &mut Call) -> Fallible<Option<Value>> {
    // Shapes are read from the values: real vectors are never copied into complex ones
    // (that copy was most of a `dot` of two 300-vectors inside a loop).
    let number = |v: &Value| v.is_numeric() || v.is_complex();
    let (a, b) = (&call.arg(0)?.value, &call.arg(1)?.value);
    if !(number(a) && number(b)) {
        let bad = usize::from(number(a));
        return Err(call.type_error(bad, "a number or a matrix"));
    }
    let complex = a.is_complex() || b.is_complex();
    let (su, sv) = (a.shape(), b.shape());
    let (left, right) = (call.arg(0)?.span, call.arg(1)?.span);
    dot_shapes(su, sv, (left, right), call.span)?;
    let n = su.len();
    if complex {
        let (Some(cu), Some(cv)) = (call.arg(0)?.value.to_cmat(), call.arg(1)?.value.to_cmat())
        else {
            return Err(call.type_error(0, "a number or a matrix"));
        };
        // Octave's rule: the first vector is conjugated, so dot(z, z) is the squared norm.
        let at = |m: &Mat<c64>, k: usize| if m.ncols() == 1 { m[(k, 0)] } else { m[(0, k)] };
        let total: c64 = (0..n).map(|k| at(&cu, k).conj() * at(&cv, k)).sum();
        return Ok(Some(Value::from_cmat(Mat::from_fn(1, 1, |_, _| total))));
    }
    let (u, v) = (call.matrix(0)?, call.matrix(1)?);
    Ok(Some(Value::Scalar(real_dot(&u, &v, n))))
}

/// The compensated sum of the products of the first `n` elements of two real vectors, in
/// order. Columns (and 1×1s) are read as slices; a row's elements are a column apart.
fn real_dot(u: &Mat<f64>, v: &Mat<f64>, n: usize) -> f64 {
    if u.ncols() == 1 && v.ncols() == 1 {
        let pairs = u.col_as_slice(0).iter().zip(v.col_as_slice(0)).take(n);
        return compensated_sum(pairs.map(|(x, y)| x * y));
    }
    compensated_sum((0..n).map(|k| vector_at(u, k) * vector_at(v, k)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::testing::{call, matrix, span};
    use crate::source::Span;
    use proptest::prelude::*;

    fn s(x: f64) -> Value {
        Value::Scalar(x)
    }

    const NAN: f64 = f64::NAN;

    /// Runs `name` with positional `args` and an optional `dim=` keyword.
    fn run(name: &'static str, args: Vec<Value>, dim: Option<f64>) -> Fallible<Option<Value>> {
        let keywords = dim.map(|d| ("dim", Value::Scalar(d))).into_iter().collect();
        call(name, args, keywords)
    }

    #[track_caller]
    fn ok(name: &'static str, args: Vec<Value>, dim: Option<f64>) -> Value {
        match run(name, args, dim) {
            Ok(Some(v)) => v,
            other => panic!("{name}: expected a value, got {other:?}"),
        }
    }

    #[track_caller]
    fn expect(name: &'static str, args: Vec<Value>, dim: Option<f64>, expected: Value) {
        assert_eq!(ok(name, args, dim), expected, "{name}");
    }

    #[track_caller]
    fn expect_nan(name: &'static str, args: Vec<Value>, dim: Option<f64>) {
        match ok(name, args, dim) {
            Value::Scalar(x) => assert!(x.is_nan(), "{name}: {x} is not NaN"),
            other => panic!("{name}: expected NaN, got {other:?}"),
        }
    }

    #[track_caller]
    fn expect_error(
        name: &'static str,
        args: Vec<Value>,
        dim: Option<f64>,
        kind: ErrorKind,
    ) -> Box<Diagnostic> {
        match run(name, args, dim) {
            Err(d) => {
                assert_eq!(d.kind, kind, "{name}: {d}");
                d
            }
            Ok(v) => panic!("{name}: expected a {kind:?} error, got {v:?}"),
        }
    }

    fn a() -> Value {
        matrix(2, 2, &[1.0, 2.0, 3.0, 4.0])
    }

    #[test]
    fn sums_over_everything_and_along_dims() {
        expect("sum", vec![a()], None, s(10.0));
        expect("sum", vec![a()], Some(1.0), matrix(1, 2, &[4.0, 6.0]));
        expect("sum", vec![a()], Some(2.0), matrix(2, 1, &[3.0, 7.0]));
        expect("sum", vec![a(), s(1.0)], None, matrix(1, 2, &[4.0, 6.0]));
        expect("sum", vec![a(), s(2.0)], None, matrix(2, 1, &[3.0, 7.0]));
        expect("sum", vec![matrix(3, 1, &[1.0, 2.0, 3.0])], None, s(6.0));
        // A column summed down is 1×1, so a scalar.
        expect(
            "sum",
            vec![matrix(3, 1, &[1.0, 2.0, 3.0])],
            Some(1.0),
            s(6.0),
        );
        expect("sum", vec![s(5.0)], None, s(5.0));
        expect("sum", vec![Value::Bool(true)], None, s(1.0));
        expect("prod", vec![a()], None, s(24.0));
        expect("prod", vec![a()], Some(2.0), matrix(2, 1, &[2.0, 12.0]));
        expect("mean", vec![a()], None, s(2.5));
        expect("mean", vec![a()], Some(1.0), matrix(1, 2, &[2.0, 3.0]));
    }

    #[test]
    fn sums_are_compensated_and_survive_infinity() {
        let data = [1e16, 1.0, -1e16, 1.0];
        expect("sum", vec![matrix(1, 4, &data)], None, s(2.0));
        let inf = f64::INFINITY;
        expect("sum", vec![matrix(1, 3, &[1.0, inf, 1.0])], None, s(inf));
        expect_nan("sum", vec![matrix(1, 2, &[inf, -inf])], None);
        expect_nan("sum", vec![matrix(1, 2, &[1.0, NAN])], None);
        expect(
            "sum",
            vec![matrix(1, 2, &[f64::MAX, f64::MAX])],
            None,
            s(inf),
        );
    }

    #[test]
    fn empty_matrices_follow_numpy() {
        let empty = || matrix(0, 3, &[]);
        expect("sum", vec![empty()], None, s(0.0));
        expect("prod", vec![empty()], None, s(1.0));
        expect_nan("mean", vec![empty()], None);
        expect("any", vec![empty()], None, Value::Bool(false));
        expect("all", vec![empty()], None, Value::Bool(true));
        expect("sum", vec![empty()], Some(1.0), matrix(1, 3, &[0.0; 3]));
        expect("sum", vec![empty()], Some(2.0), matrix(0, 1, &[]));
        expect("cumsum", vec![empty()], None, matrix(0, 3, &[]));
        for name in ["max", "min", "argmax", "argmin"] {
            let d = expect_error(name, vec![empty()], None, ErrorKind::Domain);
            assert_eq!(
                d.message,
                format!("`{name}` of an empty 0×3 matrix has no value")
            );
            assert_eq!(d.span, span(5, 8));
            expect_error(name, vec![empty()], Some(1.0), ErrorKind::Domain);
        }
        // Reducing each of no rows is fine: the result is empty too.
        expect("max", vec![empty()], Some(2.0), matrix(0, 1, &[]));
    }

    #[test]
    fn max_and_min_ignore_nan() {
        let v = || matrix(1, 4, &[2.0, NAN, 7.0, -1.0]);
        expect("max", vec![v()], None, s(7.0));
        expect("min", vec![v()], None, s(-1.0));
        expect("argmax", vec![v()], None, s(3.0));
        expect("argmin", vec![v()], None, s(4.0));
        expect("max", vec![matrix(1, 2, &[NAN, 1.0])], None, s(1.0));
        expect_nan("max", vec![matrix(1, 2, &[NAN, NAN])], None);
        expect("argmax", vec![matrix(1, 2, &[NAN, NAN])], None, s(1.0));
        let m = matrix(2, 2, &[NAN, 5.0, NAN, 2.0]);
        match ok("max", vec![m.clone()], Some(1.0)) {
            Value::Matrix(r) => {
                assert!(r[(0, 0)].is_nan());
                assert_eq!(r[(0, 1)], 5.0);
            }
            other => panic!("{other:?}"),
        }
        expect("max", vec![m], Some(2.0), matrix(2, 1, &[5.0, 2.0]));
    }

    #[test]
    fn max_and_min_along_dims_and_positions() {
        let m = || matrix(2, 2, &[1.0, 5.0, 7.0, 2.0]);
        expect("max", vec![m()], None, s(7.0));
        expect("max", vec![m()], Some(1.0), matrix(1, 2, &[7.0, 5.0]));
        expect("min", vec![m()], Some(2.0), matrix(2, 1, &[1.0, 2.0]));
        expect("argmax", vec![m()], Some(1.0), matrix(1, 2, &[2.0, 1.0]));
        expect("argmax", vec![m()], Some(2.0), matrix(2, 1, &[2.0, 1.0]));
        // Column-major: 1, 7, 5, 2.
        expect("argmax", vec![m()], None, s(2.0));
        expect("argmin", vec![m()], None, s(1.0));
        // Ties go to the first.
        expect("argmax", vec![matrix(1, 3, &[3.0, 3.0, 1.0])], None, s(1.0));
    }

    #[test]
    fn max_of_two_is_elementwise() {
        let m = || matrix(2, 2, &[1.0, 5.0, 7.0, 2.0]);
        expect(
            "min",
            vec![m(), s(3.0)],
            None,
            matrix(2, 2, &[1.0, 3.0, 3.0, 2.0]),
        );
        expect(
            "max",
            vec![m(), matrix(1, 2, &[4.0, 4.0])],
            None,
            matrix(2, 2, &[4.0, 5.0, 7.0, 4.0]),
        );
        expect("max", vec![s(NAN), s(1.0)], None, s(1.0));
        expect("max", vec![s(2.0), s(1.0)], None, s(2.0));
        let d = expect_error(
            "max",
            vec![m(), matrix(1, 3, &[0.0; 3])],
            None,
            ErrorKind::Shape,
        );
        assert!(d.message.contains("`max`"), "{}", d.message);
        expect_error("max", vec![m(), m()], Some(1.0), ErrorKind::Arity);
        expect_error("min", vec![m(), Value::string("x")], None, ErrorKind::Type);
    }

    #[test]
    fn any_and_all() {
        let m = || matrix(2, 2, &[0.0, 0.0, 0.0, 3.0]);
        expect("any", vec![m()], None, Value::Bool(true));
        expect("all", vec![m()], None, Value::Bool(false));
        expect("any", vec![m()], Some(1.0), matrix(1, 2, &[0.0, 1.0]));
        expect("all", vec![m(), s(2.0)], None, matrix(2, 1, &[0.0, 0.0]));
        expect("any", vec![s(NAN)], None, Value::Bool(true));
        expect("all", vec![s(NAN)], None, Value::Bool(true));
        expect("any", vec![s(0.0)], None, Value::Bool(false));
    }

    #[test]
    fn cumsum_follows_matlab() {
        expect(
            "cumsum",
            vec![matrix(1, 3, &[1.0, 2.0, 3.0])],
            None,
            matrix(1, 3, &[1.0, 3.0, 6.0]),
        );
        expect(
            "cumsum",
            vec![matrix(3, 1, &[1.0, 2.0, 3.0])],
            None,
            matrix(3, 1, &[1.0, 3.0, 6.0]),
        );
        expect(
            "cumsum",
            vec![a()],
            None,
            matrix(2, 2, &[1.0, 2.0, 4.0, 6.0]),
        );
        expect(
            "cumsum",
            vec![a()],
            Some(2.0),
            matrix(2, 2, &[1.0, 3.0, 3.0, 7.0]),
        );
        expect(
            "cumsum",
            vec![a(), s(2.0)],
            None,
            matrix(2, 2, &[1.0, 3.0, 3.0, 7.0]),
        );
        expect("cumsum", vec![s(4.0)], None, s(4.0));
    }

    #[test]
    fn bad_dimensions_are_reported() {
        expect_error("sum", vec![a()], Some(3.0), ErrorKind::Domain);
        expect_error("sum", vec![a(), s(0.0)], None, ErrorKind::Domain);
        let d = expect_error("sum", vec![a(), s(1.0)], Some(2.0), ErrorKind::Arity);
        assert!(d.message.contains("twice"), "{}", d.message);
        expect_error("argmax", vec![a(), s(1.0)], None, ErrorKind::Arity);
        expect_error("sum", vec![Value::string("x")], None, ErrorKind::Type);
    }

    #[test]
    fn dots() {
        let u = || matrix(1, 3, &[1.0, 2.0, 3.0]);
        expect(
            "dot",
            vec![u(), matrix(3, 1, &[4.0, 5.0, 6.0])],
            None,
            s(32.0),
        );
        expect("dot", vec![u(), u()], None, s(14.0));
        expect("dot", vec![s(2.0), s(3.0)], None, s(6.0));
        expect(
            "dot",
            vec![matrix(0, 1, &[]), matrix(1, 0, &[])],
            None,
            s(0.0),
        );
        let d = expect_error(
            "dot",
            vec![u(), matrix(2, 1, &[1.0, 2.0])],
            None,
            ErrorKind::Shape,
        );
        assert_eq!(
            d.message,
            "`dot` needs vectors of equal length, but the shapes are 1×3 and 2×1"
        );
        let spans: Vec<Span> = d.labels.iter().map(|l| l.span).collect();
        assert_eq!(spans, vec![span(5, 8), span(15, 18)]);
        let d = expect_error("dot", vec![u(), a()], None, ErrorKind::Shape);
        assert_eq!(d.span, span(15, 18));
        expect_error("dot", vec![u(), Value::string("x")], None, ErrorKind::Type);
    }

    /// `dot` as it was first written: elements read by position, and Neumaier's step
    /// choosing the larger and the smaller with a `match`.
    fn reference_dot(u: &Mat<f64>, v: &Mat<f64>, n: usize) -> f64 {
        let (mut value, mut compensation) = (0.0_f64, 0.0_f64);
        for k in 0..n {
            let x = vector_at(u, k) * vector_at(v, k);
            let t = value + x;
            let (big, small) = match value.abs() >= x.abs() {
                true => (value, x),
                false => (x, value),
            };
            compensation += (big - t) + small;
            value = t;
        }
        if value.is_finite() {
            value + compensation
        } else {
            value
        }
    }

    /// A step of TwoSum can overflow where the compensated sum does not: 1.78e306 and then
    /// -MAX sum to about -1.78e308, but TwoSum's `t - sum` is past -MAX. Such sums take
    /// `compensated_add`'s steps, and give its bits.
    #[test]
    fn sums_where_a_step_of_two_sum_overflows_are_the_compensated_sums() {
        let a = 1.783678962398456e306;
        for xs in [
            vec![a, -f64::MAX],
            vec![0.5, a, -f64::MAX, 3.0],
            vec![-f64::MAX, a],
        ] {
            let mut acc = Acc::new(Fold::Sum);
            for &x in &xs {
                acc.push(Fold::Sum, x);
            }
            let want = acc.sum();
            assert!(want.is_finite(), "{xs:?}");
            assert_eq!(
                compensated_sum(xs.iter().copied()).to_bits(),
                want.to_bits()
            );
        }
    }

    /// Mostly ordinary numbers, some of any size, and the special ones.
    fn element() -> impl Strategy<Value = f64> {
        prop_oneof![
            6 => -1e3f64..1e3,
            2 => any::<f64>(),
            1 => Just(1e308),
            // Numbers near the top of the doubles, where a step of TwoSum can overflow
            // though the compensated sum does not (the test above has such sums; random
            // vectors rarely make one).
            1 => prop::sample::select(vec![
                1.783678962398456e306,
                f64::MAX,
                -f64::MAX,
                1.3482698511467367e308,
                -4.2799646616514367e307,
                3.1618887375787307e307,
                7.171616347188637e307,
            ]),
            1 => Just(f64::NAN),
            1 => Just(f64::INFINITY),
            1 => Just(f64::NEG_INFINITY),
        ]
    }

    proptest! {
        #[test]
        fn dot_adds_like_the_element_by_element_loop(
            (xs, ys) in (0usize..40).prop_flat_map(|n| {
                (prop::collection::vec(element(), n), prop::collection::vec(element(), n))
            }),
            u_row: bool,
            v_row: bool,
        ) {
            let n = xs.len();
            let vector = |zs: &Vec<f64>, row: bool| match row {
                true => Mat::from_fn(1, n, |_, k| zs[k]),
                false => Mat::from_fn(n, 1, |k, _| zs[k]),
            };
            let (u, v) = (vector(&xs, u_row), vector(&ys, v_row));
            // The same bits, except that every NaN is one value: Rust leaves a NaN's sign
            // and payload to the platform and the optimiser (a debug build's reference loop
            // gave -NaN where the new step gave +NaN), and la shows and stores them alike.
            let (got, want) = (real_dot(&u, &v, n), reference_dot(&u, &v, n));
            prop_assert!(
                got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
                "{got:?} against {want:?}"
            );
        }
    }
}
