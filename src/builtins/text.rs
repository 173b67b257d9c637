//! Text: `sprintf` and `printf` (C's conversions with Octave's rules for the arguments,
//! through `format::printf`), `strcat` and `string`.
//!
//! ```text
//! >> sprintf("x = %.3f", 1/8)      # "x = 0.125"
//! >> strcat("n = ", 42)            # "n = 42"
//! ```

use super::{Builtin, Call, ShapeRule};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::format::printf::{self, Item};
use crate::value::Value;

/// The builtins of this topic.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "sprintf",
        signature: "sprintf(format, args...)",
        min_args: 1,
        max_args: usize::MAX,
        keywords: &[],
        doc: "the text C's printf would write: %d %i %f %e %g %s %% with flags (- + space 0 #), width and precision; a matrix gives its elements in column-major order, a complex number its real and imaginary parts, and the format is used again until every argument is used (as Octave); %d of a non-integer writes it as %g",
        example: "sprintf(\"%5.2f|%d\", pi, 7)   # \" 3.14|7\"",
        shape: ShapeRule::Scalar,
        run: sprintf,
    },
    Builtin {
        name: "printf",
        signature: "printf(format, args...)",
        min_args: 1,
        max_args: usize::MAX,
        keywords: &[],
        doc: "writes sprintf(format, args...) to the output, adding no newline (write \\n)",
        example: "printf(\"%d items\\n\", 3)   # prints: 3 items",
        shape: ShapeRule::Nothing,
        run: printf,
    },
    Builtin {
        name: "strcat",
        signature: "strcat(a, b, ...)",
        min_args: 1,
        max_args: usize::MAX,
        keywords: &[],
        doc: "the strings joined, numbers and matrices written as string(x) writes them",
        example: "strcat(\"n = \", 42)   # \"n = 42\"",
        shape: ShapeRule::Scalar,
        run: strcat,
    },
    Builtin {
        name: "string",
        signature: "string(x)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "a value as text on one line, as messages write it: 0.125, [1, 2], [[1, 2], [3, 4]], 1 + 2i",
        example: "string([[1, 2]])   # \"[[1, 2]]\"",
        shape: ShapeRule::Scalar,
        run: |call| Ok(Some(Value::string(text_of(&call.arg(0)?.value)))),
    },
];

/// A value as text: strings as they are, everything else as messages write it.
fn text_of(value: &Value) -> String {
    match value {
        Value::Str(s) => s.to_string(),
        other => crate::format::value_inline(other),
    }
}

/// The formatted text of `format, args...`.
fn formatted(call: &Call) -> Fallible<String> {
    let format = call.string(0)?;
    let parsed = printf::parse(format).map_err(|bad| {
        let arg = &call.args[0];
        let span = call
            .ctx
            .span_text(arg.span)
            .and_then(|text| inside_literal(&text, bad.at.clone()))
            .map_or(arg.span, |range| {
                crate::source::Span::new(
                    arg.span.source,
                    arg.span.start as usize + range.start,
                    arg.span.start as usize + range.end,
                )
            });
        Diagnostic::error(
            ErrorKind::Domain,
            span,
            format!("bad conversion in the format of `{}`", call.name),
        )
        .label(span, bad.reason)
        .help("a conversion is % then flags, width, precision and one of d i f e g s; write %% for a % sign")
        .boxed()
    })?;
    // Each argument's items, and which argument each item came from.
    let mut items: Vec<Item> = Vec::new();
    let mut owner: Vec<(usize, bool)> = Vec::new();
    for (k, arg) in call.args.iter().enumerate().skip(1) {
        let matrix = !arg.value.shape().eq(&crate::value::Shape::SCALAR);
        match &arg.value {
            Value::Str(s) => {
                items.push(Item::Text(s));
                owner.push((k, false));
            }
            Value::Complex(_) | Value::ComplexMatrix(_) => {
                let m = arg
                    .value
                    .to_cmat()
                    .unwrap_or_else(|| faer::Mat::zeros(0, 0));
                for j in 0..m.ncols() {
                    for i in 0..m.nrows() {
                        items.push(Item::Number(m[(i, j)].re));
                        items.push(Item::Number(m[(i, j)].im));
                        owner.push((k, matrix));
                        owner.push((k, matrix));
                    }
                }
            }
            other => {
                let m = call
                    .matrix(k)
                    .map_err(|_| call.type_error(k, "a number, a matrix or a string"))?;
                let _ = other;
                for j in 0..m.ncols() {
                    for &x in m.col_as_slice(j) {
                        items.push(Item::Number(x));
                        owner.push((k, matrix));
                    }
                }
            }
        }
    }
    parsed
        .apply(&items, |i| owner[i].1)
        .map_err(|mismatch| {
            let (k, _) = owner[mismatch.item];
            let arg = &call.args[k];
            let what = match &arg.value {
                Value::Str(_) => "a string".to_string(),
                other => format!("a {}", other.describe()),
            };
            Diagnostic::error(
                ErrorKind::Type,
                arg.span,
                format!("`{}` cannot write {what} with {}", call.name, mismatch.conversion),
            )
            .label(arg.span, format!("this is {what}, used by {}", mismatch.conversion))
            .help(if mismatch.conversion == "%s" {
                "%s writes a string or one number; for the elements of a matrix use %d, %f or %g, or string(A) for the whole matrix"
            } else {
                "%d, %i, %f, %e and %g write numbers; write a string with %s"
            })
            .boxed()
        })
}

/// Where the bytes `at` of a string's value sit in its literal's source `text` (quotes
/// and escapes included), when `text` is a plain string literal.
fn inside_literal(text: &str, at: std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    // value offset → source offset, walking escapes (`\n` is one byte of value, two of source)
    let mut map = Vec::with_capacity(inner.len() + 1);
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let source = i + 1;
        let width = if c == '\\' {
            chars.next();
            1
        } else {
            c.len_utf8()
        };
        for _ in 0..width {
            map.push(source);
        }
    }
    map.push(inner.len() + 1);
    let start = *map.get(at.start)?;
    let end = map.get(at.end).copied().unwrap_or(inner.len() + 1);
    Some(start..end.max(start + 1))
}

fn sprintf(call: &mut Call) -> Fallible<Option<Value>> {
    Ok(Some(Value::string(formatted(call)?)))
}

fn printf(call: &mut Call) -> Fallible<Option<Value>> {
    let text = formatted(call)?;
    call.host().print(text);
    Ok(None)
}

fn strcat(call: &mut Call) -> Fallible<Option<Value>> {
    let text: String = call.args.iter().map(|a| text_of(&a.value)).collect();
    Ok(Some(Value::string(text)))
}
