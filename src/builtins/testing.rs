//! Scaffolding for the builtins' unit tests: spans, matrices, and a call of a builtin by
//! name made the way the evaluator makes it.

use std::sync::Arc;

use faer::Mat;

use super::{invoke, lookup, Arg, Call, KwArg};
use crate::diagnostic::Fallible;
use crate::host::Host;
use crate::source::{SourceId, Span};
use crate::value::Value;

/// A span in source 0.
pub fn span(start: usize, end: usize) -> Span {
    Span::new(SourceId(0), start, end)
}

/// Where positional argument `i` of a test call is written.
pub fn arg_span(i: usize) -> Span {
    span(10 * i + 5, 10 * i + 8)
}

/// A matrix from its elements written row by row.
pub fn matrix(rows: usize, cols: usize, data: &[f64]) -> Value {
    assert_eq!(data.len(), rows * cols);
    Value::Matrix(Arc::new(Mat::from_fn(rows, cols, |i, j| {
        data[i * cols + j]
    })))
}

/// Calls the builtin `name` on `host` with positional `args` (argument `i` at
/// `arg_span(i)`) and `keywords` (the k-th named at 50 + 10k, its value just after), the
/// whole call spanning 0..100.
pub fn call_on(
    host: &mut Host,
    name: &str,
    args: Vec<Value>,
    keywords: Vec<(&str, Value)>,
) -> Fallible<Option<Value>> {
    call_for(host, name, args, keywords, 1)
}

/// `call_on` for a call whose result is destructured into `outputs` names.
pub fn call_for(
    host: &mut Host,
    name: &str,
    args: Vec<Value>,
    keywords: Vec<(&str, Value)>,
    outputs: usize,
) -> Fallible<Option<Value>> {
    let builtin = lookup(name).expect("a builtin");
    let args = args
        .into_iter()
        .enumerate()
        .map(|(i, value)| Arg {
            value,
            span: arg_span(i),
        })
        .collect();
    let keywords = keywords
        .into_iter()
        .enumerate()
        .map(|(k, (name, value))| KwArg {
            name: name.to_string(),
            name_span: span(50 + 10 * k, 53 + 10 * k),
            value,
            span: span(54 + 10 * k, 55 + 10 * k),
        })
        .collect();
    let mut call = Call {
        name: builtin.name,
        span: span(0, 100),
        args,
        keywords,
        outputs,
        ctx: host,
    };
    invoke(builtin, &mut call)
}

/// `call_on` with a fresh host that discards output.
pub fn call(name: &str, args: Vec<Value>, keywords: Vec<(&str, Value)>) -> Fallible<Option<Value>> {
    call_on(&mut Host::new(Box::new(|_| {})), name, args, keywords)
}
