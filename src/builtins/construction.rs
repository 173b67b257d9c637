//! Builtins that make matrices: identities, constant and random fills, diagonals, ranges,
//! concatenation, reshaping, tiling and triangular parts.

use faer::Mat;

use super::complex_input::by_parts;
use super::{size_arg, Builtin, Call, ShapeArg, ShapeCall, ShapeRule};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::ops::concat::{concat, joined_shape, Direction, Piece};
use crate::source::Span;
use crate::value::{Shape, Value};

/// The builtins of this topic.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "I",
        signature: "I(n)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "the n×n identity matrix",
        example: "I(3)   # 3×3 identity",
        shape: ShapeRule::Sized { square: true },
        run: identity_square,
    },
    Builtin {
        name: "eye",
        signature: "eye(n) or eye(m, n)",
        min_args: 1,
        max_args: 2,
        keywords: &[],
        doc: "an identity matrix: n×n, or m×n with ones on the main diagonal",
        example: "eye(2, 3)   # 2×3, ones at (1,1) and (2,2)",
        shape: ShapeRule::Sized { square: true },
        run: eye,
    },
    Builtin {
        name: "zeros",
        signature: "zeros(m, n) or zeros(n)",
        min_args: 1,
        max_args: 2,
        keywords: &[],
        doc: "an m×n matrix of zeros; one argument gives an n×1 column",
        example: "zeros(2, 3)   # 2×3 of zeros",
        shape: ShapeRule::Sized { square: false },
        run: zeros,
    },
    Builtin {
        name: "ones",
        signature: "ones(m, n) or ones(n)",
        min_args: 1,
        max_args: 2,
        keywords: &[],
        doc: "an m×n matrix of ones; one argument gives an n×1 column",
        example: "ones(3)   # 3×1 column of ones",
        shape: ShapeRule::Sized { square: false },
        run: ones,
    },
    Builtin {
        name: "fill",
        signature: "fill(x, m, n) or fill(x, n)",
        min_args: 2,
        max_args: 3,
        keywords: &[],
        doc: "an m×n matrix with every element x; two arguments give an n×1 column",
        example: "fill(7, 2, 2)   # 2×2 of sevens",
        shape: ShapeRule::Custom(fill_rule),
        run: |call| by_parts(call, &[0], fill),
    },
    Builtin {
        name: "rand",
        signature: "rand(m, n) or rand(n)",
        min_args: 1,
        max_args: 2,
        keywords: &[],
        doc: "uniform random numbers in [0, 1); one argument gives an n×1 column",
        example: "rand(2, 2)   # 2×2 uniform, reproducible after seed(k)",
        shape: ShapeRule::Sized { square: false },
        run: rand,
    },
    Builtin {
        name: "randn",
        signature: "randn(m, n) or randn(n)",
        min_args: 1,
        max_args: 2,
        keywords: &[],
        doc: "standard normal random numbers; one argument gives an n×1 column",
        example: "randn(3, 1)   # 3×1 standard normal",
        shape: ShapeRule::Sized { square: false },
        run: randn,
    },
    Builtin {
        name: "diag",
        signature: "diag(v) or diag(A)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "a vector becomes a square diagonal matrix; a matrix gives its main diagonal as a column",
        example: "diag([1, 2])   # [[1, 0], [0, 2]]",
        shape: ShapeRule::Custom(diag_rule),
        run: |call| by_parts(call, &[0], diag),
    },
    Builtin {
        name: "linspace",
        signature: "linspace(a, b, n)",
        min_args: 3,
        max_args: 3,
        keywords: &[],
        doc: "a column of n evenly spaced points from a to b (n = 1 gives b)",
        example: "linspace(0, 1, 5)   # [0, 0.25, 0.5, 0.75, 1]",
        shape: ShapeRule::Custom(linspace_rule),
        run: |call| by_parts(call, &[0, 1], linspace),
    },
    Builtin {
        name: "hcat",
        signature: "hcat(A, B, ...)",
        min_args: 1,
        max_args: usize::MAX,
        keywords: &[],
        doc: "joins matrices side by side; heights must agree (0×0 pieces are skipped)",
        example: "hcat([1, 2], [3, 4])   # [[1, 3], [2, 4]]",
        shape: ShapeRule::Custom(hcat_rule),
        run: hcat,
    },
    Builtin {
        name: "vcat",
        signature: "vcat(A, B, ...)",
        min_args: 1,
        max_args: usize::MAX,
        keywords: &[],
        doc: "stacks matrices on top of each other; widths must agree (0×0 pieces are skipped)",
        example: "vcat([[1, 2]], [[3, 4]])   # [[1, 2], [3, 4]]",
        shape: ShapeRule::Custom(vcat_rule),
        run: vcat,
    },
    Builtin {
        name: "reshape",
        signature: "reshape(A, m, n)",
        min_args: 3,
        max_args: 3,
        keywords: &[],
        doc: "the same elements in column-major order as an m×n matrix",
        example: "reshape([1, 2, 3, 4, 5, 6], 2, 3)   # [[1, 3, 5], [2, 4, 6]]",
        shape: ShapeRule::Custom(reshape_rule),
        run: |call| by_parts(call, &[0], reshape),
    },
    Builtin {
        name: "repeat",
        signature: "repeat(A, m, n)",
        min_args: 3,
        max_args: 3,
        keywords: &[],
        doc: "tiles A m times down and n times across",
        example: "repeat([[1, 2]], 2, 2)   # [[1, 2, 1, 2], [1, 2, 1, 2]]",
        shape: ShapeRule::Custom(repeat_rule),
        run: |call| by_parts(call, &[0], repeat),
    },
    Builtin {
        name: "triu",
        signature: "triu(A[, k])",
        min_args: 1,
        max_args: 2,
        keywords: &[],
        doc: "the upper triangle of A: elements on and above diagonal k (0 main, 1 above, -1 below)",
        example: "triu(ones(3, 3))   # zeros below the main diagonal",
        shape: ShapeRule::LikeArg(0),
        run: |call| by_parts(call, &[0], triu),
    },
    Builtin {
        name: "tril",
        signature: "tril(A[, k])",
        min_args: 1,
        max_args: 2,
        keywords: &[],
        doc: "the lower triangle of A: elements on and below diagonal k (0 main, 1 above, -1 below)",
        example: "tril(ones(3, 3), -1)   # strictly lower part",
        shape: ShapeRule::LikeArg(0),
        run: |call| by_parts(call, &[0], tril),
    },
];

/// The size from arguments `first` and `first + 1`; a missing second one means a column.
pub(super) fn size_args(call: &Call, first: usize) -> Fallible<(usize, usize)> {
    let rows = call.count(first)?;
    let cols = match call.optional(first + 1) {
        Some(_) => call.count(first + 1)?,
        None => 1,
    };
    call.check_alloc(rows, cols)?;
    Ok((rows, cols))
}

fn identity_square(call: &mut Call) -> Fallible<Option<Value>> {
    let n = call.count(0)?;
    call.check_alloc(n, n)?;
    Ok(Some(Value::from_mat(Mat::identity(n, n))))
}

fn eye(call: &mut Call) -> Fallible<Option<Value>> {
    let rows = call.count(0)?;
    let cols = match call.optional(1) {
        Some(_) => call.count(1)?,
        None => rows,
    };
    call.check_alloc(rows, cols)?;
    Ok(Some(Value::from_mat(Mat::identity(rows, cols))))
}

fn zeros(call: &mut Call) -> Fallible<Option<Value>> {
    let (rows, cols) = size_args(call, 0)?;
    Ok(Some(Value::from_mat(Mat::zeros(rows, cols))))
}

fn ones(call: &mut Call) -> Fallible<Option<Value>> {
    let (rows, cols) = size_args(call, 0)?;
    Ok(Some(Value::from_mat(Mat::ones(rows, cols))))
}

fn fill(call: &mut Call) -> Fallible<Option<Value>> {
    let x = call.number(0)?;
    let (rows, cols) = size_args(call, 1)?;
    Ok(Some(Value::from_mat(Mat::full(rows, cols, x))))
}

fn rand(call: &mut Call) -> Fallible<Option<Value>> {
    let (rows, cols) = size_args(call, 0)?;
    // faer fills column by column, so the draws land in column-major order.
    let rng = &mut call.host().rng;
    Ok(Some(Value::from_mat(Mat::from_fn(rows, cols, |_, _| {
        rng.uniform()
    }))))
}

fn randn(call: &mut Call) -> Fallible<Option<Value>> {
    let (rows, cols) = size_args(call, 0)?;
    let rng = &mut call.host().rng;
    Ok(Some(Value::from_mat(Mat::from_fn(rows, cols, |_, _| {
        rng.normal()
    }))))
}

fn diag(call: &mut Call) -> Fallible<Option<Value>> {
    let a = call.matrix(0)?;
    let shape = Shape::new(a.nrows(), a.ncols());
    if shape == Shape::SCALAR {
        return Ok(Some(Value::Scalar(a[(0, 0)])));
    }
    if shape.is_vector() {
        let n = shape.len();
        call.check_alloc(n, n)?;
        let element = |k: usize| {
            if shape.cols == 1 {
                a[(k, 0)]
            } else {
                a[(0, k)]
            }
        };
        let d = Mat::from_fn(n, n, |i, j| if i == j { element(i) } else { 0.0 });
        return Ok(Some(Value::from_mat(d)));
    }
    let n = shape.rows.min(shape.cols);
    Ok(Some(Value::from_mat(Mat::from_fn(n, 1, |i, _| a[(i, i)]))))
}

fn linspace(call: &mut Call) -> Fallible<Option<Value>> {
    let a = call.number(0)?;
    let b = call.number(1)?;
    let n = call.count(2)?;
    call.check_alloc(n, 1)?;
    if n == 1 {
        return Ok(Some(Value::Scalar(b)));
    }
    let last = n.saturating_sub(1) as f64;
    let points = Mat::from_fn(n, 1, |i, _| {
        if i + 1 == n {
            b
        } else {
            a + (b - a) * (i as f64 / last)
        }
    });
    Ok(Some(Value::from_mat(points)))
}

fn hcat(call: &mut Call) -> Fallible<Option<Value>> {
    join(call, Direction::Horizontal)
}

fn vcat(call: &mut Call) -> Fallible<Option<Value>> {
    join(call, Direction::Vertical)
}

/// Joins every argument side by side or on top of each other.
fn join(call: &Call, direction: Direction) -> Fallible<Option<Value>> {
    let pieces: Vec<Piece<'_>> = call
        .args
        .iter()
        .map(|a| Piece {
            value: &a.value,
            span: a.span,
        })
        .collect();
    let joined = concat(&pieces, direction, "argument", call.host_ref())?;
    Ok(Some(joined))
}

/// `hcat`'s shape rule: the arguments joined side by side, when every shape is known.
fn hcat_rule(call: &ShapeCall) -> Fallible<Option<Shape>> {
    join_rule(call, Direction::Horizontal)
}

/// `vcat`'s shape rule: the arguments joined on top of each other.
fn vcat_rule(call: &ShapeCall) -> Fallible<Option<Shape>> {
    join_rule(call, Direction::Vertical)
}

fn join_rule(call: &ShapeCall, direction: Direction) -> Fallible<Option<Shape>> {
    let mut pieces = Vec::new();
    for a in call.args {
        match a.shape {
            Some(s) if s.rows == 0 && s.cols == 0 => {}
            Some(s) => pieces.push((s, a.span)),
            None => return Ok(None),
        }
    }
    Ok(Some(
        joined_shape(pieces, direction, "argument")?.unwrap_or(Shape::new(0, 0)),
    ))
}

/// `reshape`'s shape rule: the new shape, or the error when the counts differ.
fn reshape_rule(call: &ShapeCall) -> Fallible<Option<Shape>> {
    let [a, m, n] = call.args else {
        return Ok(None);
    };
    let (Some(source), true) = (a.shape, a.real) else {
        return Ok(None);
    };
    let size = |x: &ShapeArg| x.value.and_then(super::args::as_count);
    let (Some(rows), Some(cols)) = (size(m), size(n)) else {
        return Ok(None);
    };
    same_count(source, (rows, cols), (a.span, m.span.to(n.span)))?;
    Ok(Some(Shape::new(rows, cols)))
}

/// The error when a `source`-shaped matrix cannot be reshaped to rows×cols.
fn same_count(
    source: Shape,
    (rows, cols): (usize, usize),
    (span, sizes): (Span, Span),
) -> Fallible<()> {
    let have = source.len();
    let target = Shape::new(rows, cols);
    if rows.checked_mul(cols) == Some(have) {
        return Ok(());
    }
    let wanted = match rows.checked_mul(cols) {
        Some(n) => format!("{n} elements"),
        None => "too many elements".to_string(),
    };
    Err(Diagnostic::error(
        ErrorKind::Shape,
        span,
        format!("`reshape` cannot turn {have} elements into {target} ({wanted})"),
    )
    .label(span, format!("this is {source} ({have} elements)"))
    .label(sizes, format!("{target} holds {wanted}"))
    .help("the number of elements must stay the same")
    .boxed())
}

fn reshape(call: &mut Call) -> Fallible<Option<Value>> {
    let a = call.matrix(0)?;
    let rows = call.count(1)?;
    let cols = call.count(2)?;
    let source = Shape::new(a.nrows(), a.ncols());
    let spans = (call.arg(0)?.span, call.arg(1)?.span.to(call.arg(2)?.span));
    same_count(source, (rows, cols), spans)?;
    call.check_alloc(rows, cols)?;
    let from_rows = a.nrows();
    let out = Mat::from_fn(rows, cols, |i, j| {
        let k = i + j * rows;
        a[(k % from_rows, k / from_rows)]
    });
    Ok(Some(Value::from_mat(out)))
}

fn repeat(call: &mut Call) -> Fallible<Option<Value>> {
    let a = call.matrix(0)?;
    let down = call.count(1)?;
    let across = call.count(2)?;
    let (r, c) = (a.nrows(), a.ncols());
    let (Some(rows), Some(cols)) = (r.checked_mul(down), c.checked_mul(across)) else {
        return Err(Diagnostic::error(
            ErrorKind::Limit,
            call.span,
            format!(
                "`repeat` of a {} matrix {down}×{across} times is too large",
                Shape::new(r, c)
            ),
        )
        .boxed());
    };
    call.check_alloc(rows, cols)?;
    let out = Mat::from_fn(rows, cols, |i, j| a[(i % r, j % c)]);
    Ok(Some(Value::from_mat(out)))
}

fn triu(call: &mut Call) -> Fallible<Option<Value>> {
    triangle(call, |i, j, k| j as i128 - i as i128 >= k)
}

fn tril(call: &mut Call) -> Fallible<Option<Value>> {
    triangle(call, |i, j, k| j as i128 - i as i128 <= k)
}

/// Keeps the elements at (i, j) for which `keep(i, j, k)` holds, zeroing the rest.
fn triangle(call: &Call, keep: fn(usize, usize, i128) -> bool) -> Fallible<Option<Value>> {
    let a = call.matrix(0)?;
    let k = match call.optional(1) {
        Some(_) => diagonal_offset(call, 1)?,
        None => 0,
    };
    let out = Mat::from_fn(a.nrows(), a.ncols(), |i, j| {
        if keep(i, j, k) {
            a[(i, j)]
        } else {
            0.0
        }
    });
    Ok(Some(Value::from_mat(out)))
}

/// Argument `i` as a diagonal offset: any integer, negative below the main diagonal.
fn diagonal_offset(call: &Call, i: usize) -> Fallible<i128> {
    let k = call.number(i)?;
    if k.is_finite() && k.fract() == 0.0 && k.abs() < 9.0e15 {
        return Ok(k as i128);
    }
    let span = call.arg(i)?.span;
    Err(Diagnostic::error(
        ErrorKind::Domain,
        span,
        format!(
            "`{}` expects an integer diagonal offset for argument {}",
            call.name,
            i + 1
        ),
    )
    .label(span, format!("this is {}", crate::format::scalar(k)))
    .boxed())
}

/// `fill`'s shape rule: m×n, or n×1 from one size.
fn fill_rule(call: &ShapeCall) -> Fallible<Option<Shape>> {
    Ok(match call.args.len() {
        2 => size_arg(call, 1).map(|n| Shape::new(n, 1)),
        3 => size_arg(call, 1)
            .zip(size_arg(call, 2))
            .map(|(m, n)| Shape::new(m, n)),
        _ => None,
    })
}

/// `repeat`'s shape rule: A tiled m times down and n times across.
fn repeat_rule(call: &ShapeCall) -> Fallible<Option<Shape>> {
    let a = call.args.first().and_then(|a| a.shape);
    Ok(a.zip(size_arg(call, 1))
        .zip(size_arg(call, 2))
        .map(|((a, m), n)| Shape::new(a.rows * m, a.cols * n)))
}

/// `linspace`'s shape rule: a column of n points.
fn linspace_rule(call: &ShapeCall) -> Fallible<Option<Shape>> {
    Ok(size_arg(call, 2)
        .filter(|n| *n >= 1)
        .map(|n| Shape::new(n, 1)))
}

/// `diag`'s shape rule: a vector's square diagonal matrix, a matrix's diagonal column.
fn diag_rule(call: &ShapeCall) -> Fallible<Option<Shape>> {
    let Some(s) = call.args.first().and_then(|a| a.shape.filter(|_| a.real)) else {
        return Ok(None);
    };
    Ok(Some(if s.is_vector() {
        Shape::new(s.len(), s.len())
    } else {
        Shape::new(s.rows.min(s.cols), 1)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::testing::{arg_span, call, call_on};
    use crate::host::Host;

    fn m(rows: &[&[f64]]) -> Value {
        let n = rows.first().map_or(0, |r| r.len());
        Value::from_mat(Mat::from_fn(rows.len(), n, |i, j| rows[i][j]))
    }

    fn col(xs: &[f64]) -> Value {
        Value::from_mat(Mat::from_fn(xs.len(), 1, |i, _| xs[i]))
    }

    fn run(name: &str, args: &[Value]) -> Fallible<Value> {
        call(name, args.to_vec(), Vec::new()).map(|v| v.expect("a value"))
    }

    fn run_with(host: &mut Host, name: &str, args: &[Value]) -> Fallible<Value> {
        call_on(host, name, args.to_vec(), Vec::new()).map(|v| v.expect("a value"))
    }

    #[track_caller]
    fn expect(name: &str, args: &[Value], want: Value) {
        let got = run(name, args).unwrap_or_else(|e| panic!("{name} failed: {e}"));
        assert_eq!(got, want, "{name}: got {got:?}");
    }

    #[track_caller]
    fn expect_error(name: &str, args: &[Value], kind: ErrorKind, part: &str) -> Diagnostic {
        let e = *run(name, args).expect_err("an error");
        assert_eq!(e.kind, kind, "{e:?}");
        assert!(e.message.contains(part), "{:?} lacks {part:?}", e.message);
        e
    }

    fn s(x: f64) -> Value {
        Value::Scalar(x)
    }

    #[test]
    fn identities() {
        expect("I", &[s(2.0)], m(&[&[1.0, 0.0], &[0.0, 1.0]]));
        expect("I", &[s(1.0)], s(1.0));
        expect(
            "eye",
            &[s(2.0), s(3.0)],
            m(&[&[1.0, 0.0, 0.0], &[0.0, 1.0, 0.0]]),
        );
        expect("eye", &[Value::Bool(true)], s(1.0));
        expect_error("I", &[s(-1.0)], ErrorKind::Domain, "non-negative integer");
        expect_error("I", &[Value::string("3")], ErrorKind::Type, "a number");
        expect_error("I", &[s(1e9)], ErrorKind::Limit, "too large");
    }

    #[test]
    fn fills() {
        expect("zeros", &[s(2.0), s(3.0)], m(&[&[0.0; 3], &[0.0; 3]]));
        expect("ones", &[s(3.0)], col(&[1.0, 1.0, 1.0]));
        expect("fill", &[s(7.0), s(1.0), s(2.0)], m(&[&[7.0, 7.0]]));
        expect("fill", &[s(7.0), s(2.0)], col(&[7.0, 7.0]));
        assert_eq!(
            run("zeros", &[s(0.0), s(3.0)]).map(|v| v.shape()),
            Ok(Shape::new(0, 3))
        );
        expect_error("zeros", &[s(0.0), s(1e15)], ErrorKind::Limit, "too large");
        expect_error(
            "zeros",
            &[s(2.5)],
            ErrorKind::Domain,
            "non-negative integer",
        );
    }

    #[test]
    fn random_draws_follow_the_host_rng() {
        let mut host = Host::new(Box::new(|_| {}));
        host.rng = crate::rng::Rng::seeded(7);
        let got = run_with(&mut host, "rand", &[s(2.0), s(2.0)]).expect("rand");
        let mut rng = crate::rng::Rng::seeded(7);
        let draws: Vec<f64> = (0..4).map(|_| rng.uniform()).collect();
        assert_eq!(got, m(&[&[draws[0], draws[2]], &[draws[1], draws[3]]]));
        let normal = run_with(&mut host, "randn", &[s(3.0)]).expect("randn");
        assert_eq!(normal.shape(), Shape::new(3, 1));
    }

    #[test]
    fn diagonals() {
        expect("diag", &[m(&[&[1.0, 2.0]])], m(&[&[1.0, 0.0], &[0.0, 2.0]]));
        expect("diag", &[col(&[1.0, 2.0])], m(&[&[1.0, 0.0], &[0.0, 2.0]]));
        expect(
            "diag",
            &[m(&[&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]])],
            col(&[1.0, 5.0]),
        );
        expect("diag", &[s(4.0)], s(4.0));
    }

    #[test]
    fn linspaces() {
        expect(
            "linspace",
            &[s(0.0), s(1.0), s(5.0)],
            col(&[0.0, 0.25, 0.5, 0.75, 1.0]),
        );
        expect("linspace", &[s(0.0), s(1.0), s(1.0)], s(1.0));
        assert_eq!(
            run("linspace", &[s(0.0), s(1.0), s(0.0)]).map(|v| v.shape()),
            Ok(Shape::new(0, 1))
        );
    }

    #[test]
    fn concatenation() {
        expect(
            "hcat",
            &[col(&[1.0, 2.0]), col(&[3.0, 4.0])],
            m(&[&[1.0, 3.0], &[2.0, 4.0]]),
        );
        expect(
            "vcat",
            &[m(&[&[1.0, 2.0]]), m(&[&[3.0, 4.0]])],
            m(&[&[1.0, 2.0], &[3.0, 4.0]]),
        );
        expect(
            "hcat",
            &[s(1.0), Value::Bool(true), s(3.0)],
            m(&[&[1.0, 1.0, 3.0]]),
        );
        let empty = Value::from_mat(Mat::zeros(0, 0));
        expect("vcat", &[empty.clone(), s(1.0), s(2.0)], col(&[1.0, 2.0]));
        assert_eq!(
            run("hcat", &[empty]).map(|v| v.shape()),
            Ok(Shape::new(0, 0))
        );
        let e = expect_error(
            "hcat",
            &[col(&[1.0, 2.0]), s(1.0), col(&[1.0, 2.0, 3.0])],
            ErrorKind::Shape,
            "the same number of rows",
        );
        assert_eq!(e.span, arg_span(1));
        assert_eq!(e.labels[0].message, "2×1: 2 rows");
        assert_eq!(e.labels[1].message, "1×1: 1 row");
        expect_error(
            "vcat",
            &[s(1.0), Value::string("x")],
            ErrorKind::Type,
            "this argument is a string",
        );
    }

    #[test]
    fn reshapes() {
        let a = m(&[&[1.0, 3.0, 5.0], &[2.0, 4.0, 6.0]]);
        expect(
            "reshape",
            &[a.clone(), s(3.0), s(2.0)],
            m(&[&[1.0, 4.0], &[2.0, 5.0], &[3.0, 6.0]]),
        );
        expect(
            "reshape",
            &[a.clone(), s(6.0), s(1.0)],
            col(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
        );
        expect_error(
            "reshape",
            &[a.clone(), s(4.0), s(2.0)],
            ErrorKind::Shape,
            "6 elements into 4×2 (8 elements)",
        );
        expect_error(
            "reshape",
            &[a, s(1e15), s(1e15)],
            ErrorKind::Shape,
            "too many elements",
        );
    }

    #[test]
    fn repeats() {
        expect(
            "repeat",
            &[m(&[&[1.0, 2.0]]), s(2.0), s(2.0)],
            m(&[&[1.0, 2.0, 1.0, 2.0], &[1.0, 2.0, 1.0, 2.0]]),
        );
        expect("repeat", &[s(5.0), s(1.0), s(1.0)], s(5.0));
        expect_error(
            "repeat",
            &[m(&[&[1.0, 2.0]]), s(1e15), s(1e15)],
            ErrorKind::Limit,
            "too large",
        );
    }

    #[test]
    fn triangles() {
        let a = m(&[&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0], &[7.0, 8.0, 9.0]]);
        expect(
            "triu",
            std::slice::from_ref(&a),
            m(&[&[1.0, 2.0, 3.0], &[0.0, 5.0, 6.0], &[0.0, 0.0, 9.0]]),
        );
        expect(
            "tril",
            &[a.clone(), s(-1.0)],
            m(&[&[0.0, 0.0, 0.0], &[4.0, 0.0, 0.0], &[7.0, 8.0, 0.0]]),
        );
        expect(
            "triu",
            &[a.clone(), s(1.0)],
            m(&[&[0.0, 2.0, 3.0], &[0.0, 0.0, 6.0], &[0.0, 0.0, 0.0]]),
        );
        expect_error(
            "triu",
            &[a, s(0.5)],
            ErrorKind::Domain,
            "integer diagonal offset",
        );
    }
}
