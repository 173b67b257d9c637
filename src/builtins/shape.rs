//! Builtins that ask about or change a value's shape: `size`, `rows`, `cols`, `numel`,
//! `length` and `transpose`. Scalars and bools count as 1×1.

use faer::Mat;

use super::{Builtin, Call, ShapeCall, ShapeRule};
use crate::builtins::args::Dim;
use crate::diagnostic::Fallible;
use crate::value::{Shape, Value};

/// The builtins of this topic.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "size",
        signature: "size(A[, dim]) or m, n = size(A)",
        min_args: 1,
        max_args: 2,
        keywords: &["dim"],
        doc: "the shape as a 1×2 row [[rows, cols]]; with dim=1 or dim=2 just that count",
        example: "size(zeros(2, 3))   # [[2, 3]]",
        shape: ShapeRule::Custom(size_rule),
        run: size,
    },
    Builtin {
        name: "rows",
        signature: "rows(A)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "the number of rows (1 for a scalar)",
        example: "rows(zeros(2, 3))   # 2",
        shape: ShapeRule::Scalar,
        run: rows,
    },
    Builtin {
        name: "cols",
        signature: "cols(A)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "the number of columns (1 for a scalar)",
        example: "cols(zeros(2, 3))   # 3",
        shape: ShapeRule::Scalar,
        run: cols,
    },
    Builtin {
        name: "numel",
        signature: "numel(A)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "the number of elements, rows × columns",
        example: "numel(zeros(2, 3))   # 6",
        shape: ShapeRule::Scalar,
        run: numel,
    },
    Builtin {
        name: "length",
        signature: "length(A)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc:
            "the largest dimension, or 0 for an empty matrix; of a string, its number of characters",
        example: "length(zeros(2, 3))   # 3",
        shape: ShapeRule::Scalar,
        run: length,
    },
    Builtin {
        name: "transpose",
        signature: "transpose(A)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "rows become columns (a plain transpose; scalars are unchanged)",
        example: "transpose([[1, 2, 3]])   # the column [1, 2, 3]",
        shape: ShapeRule::Transposed(0),
        run: |call| super::complex_input::by_parts(call, &[0], transpose),
    },
];

/// The shape of numeric argument 0 (a type error for strings and tuples).
fn shape_of(call: &Call) -> Fallible<Shape> {
    let arg = call.arg(0)?;
    if arg.value.is_complex() {
        return Ok(arg.value.shape());
    }
    Ok(call.numeric(0)?.shape())
}

/// A count as a scalar value.
fn count_value(n: usize) -> Option<Value> {
    Some(Value::Scalar(n as f64))
}

fn size(call: &mut Call) -> Fallible<Option<Value>> {
    let shape = shape_of(call)?;
    Ok(match call.dim(Some(1))? {
        Some(Dim::Down) => count_value(shape.rows),
        Some(Dim::Across) => count_value(shape.cols),
        // `m, n = size(A)` destructures the two counts.
        None if call.outputs == 2 => Some(Value::Tuple(
            vec![
                Value::Scalar(shape.rows as f64),
                Value::Scalar(shape.cols as f64),
            ]
            .into(),
        )),
        None => {
            let row = Mat::from_fn(1, 2, |_, j| {
                (if j == 0 { shape.rows } else { shape.cols }) as f64
            });
            Some(Value::from_mat(row))
        }
    })
}

fn rows(call: &mut Call) -> Fallible<Option<Value>> {
    Ok(count_value(shape_of(call)?.rows))
}

fn cols(call: &mut Call) -> Fallible<Option<Value>> {
    Ok(count_value(shape_of(call)?.cols))
}

fn numel(call: &mut Call) -> Fallible<Option<Value>> {
    Ok(count_value(shape_of(call)?.len()))
}

fn length(call: &mut Call) -> Fallible<Option<Value>> {
    if let Value::Str(s) = &call.arg(0)?.value {
        return Ok(count_value(s.chars().count()));
    }
    let shape = shape_of(call)?;
    Ok(count_value(if shape.is_empty() {
        0
    } else {
        shape.rows.max(shape.cols)
    }))
}

fn transpose(call: &mut Call) -> Fallible<Option<Value>> {
    let value = call.numeric(0)?;
    Ok(Some(match value {
        Value::Matrix(m) => Value::from_mat(m.transpose().to_owned()),
        other => Value::Scalar(other.as_scalar().unwrap_or(f64::NAN)),
    }))
}

/// `size`'s shape rule: a 1×2 row, or one count.
fn size_rule(call: &ShapeCall) -> Fallible<Option<Shape>> {
    Ok(Some(if call.args.len() == 1 && call.keywords.is_empty() {
        Shape::new(1, 2)
    } else {
        Shape::SCALAR
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::testing::call;
    use crate::diagnostic::ErrorKind;

    fn m(rows: &[&[f64]]) -> Value {
        let n = rows.first().map_or(0, |r| r.len());
        Value::from_mat(Mat::from_fn(rows.len(), n, |i, j| rows[i][j]))
    }

    fn run(name: &str, args: &[Value], keywords: Vec<(&str, Value)>) -> Fallible<Value> {
        call(name, args.to_vec(), keywords).map(|v| v.expect("a value"))
    }

    #[track_caller]
    fn expect(name: &str, args: &[Value], want: Value) {
        let got = run(name, args, Vec::new()).unwrap_or_else(|e| panic!("{name} failed: {e}"));
        assert_eq!(got, want, "{name}: got {got:?}");
    }

    fn s(x: f64) -> Value {
        Value::Scalar(x)
    }

    #[test]
    fn sizes() {
        let a = Value::from_mat(Mat::zeros(2, 3));
        let one = std::slice::from_ref(&a);
        expect("size", one, m(&[&[2.0, 3.0]]));
        expect("size", &[s(5.0)], m(&[&[1.0, 1.0]]));
        expect("size", &[Value::Bool(true)], m(&[&[1.0, 1.0]]));
        expect("size", &[a.clone(), s(2.0)], s(3.0));
        assert_eq!(run("size", one, vec![("dim", s(1.0))]), Ok(s(2.0)));
        expect("rows", one, s(2.0));
        expect("cols", one, s(3.0));
        expect("numel", one, s(6.0));
        expect("length", one, s(3.0));
        expect("length", &[Value::from_mat(Mat::zeros(0, 4))], s(0.0));
        expect("numel", &[s(7.0)], s(1.0));
    }

    #[test]
    fn strings_are_type_errors() {
        let e = run("rows", &[Value::string("abc")], Vec::new()).expect_err("an error");
        assert_eq!(e.kind, ErrorKind::Type);
        assert_eq!(e.labels[0].message, "this is a string");
    }

    #[test]
    fn transposes() {
        expect(
            "transpose",
            &[m(&[&[1.0, 2.0, 3.0]])],
            m(&[&[1.0], &[2.0], &[3.0]]),
        );
        expect(
            "transpose",
            &[m(&[&[1.0, 2.0], &[3.0, 4.0]])],
            m(&[&[1.0, 3.0], &[2.0, 4.0]]),
        );
        expect("transpose", &[s(2.5)], s(2.5));
        expect("transpose", &[Value::Bool(true)], s(1.0));
    }
}
