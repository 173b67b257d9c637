//! Builtins that talk to the host or check a program: `print`, `format`, `assert`, `approx`,
//! `error`, `seed`, and the stopwatch `tic`/`toc`.
//!
//! ```text
//! >> seed(1); x = rand(2, 2)
//! >> assert(approx(inv(inv(x)), x), "inverse round trip")
//! >> print("det =", det(x))
//! ```

use std::time::Instant;

use super::{Builtin, Call, ShapeRule};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::format;
use crate::host::Format;
use crate::rng::Rng;
use crate::value::Value;

/// The builtins of this topic.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "print",
        signature: "print(x, ...[, full=false])",
        min_args: 0,
        max_args: usize::MAX,
        keywords: &["full"],
        doc: "writes its arguments on one line; `full=true` shows every element of a large matrix",
        example: "print(\"n =\", 3)  # n = 3",
        shape: ShapeRule::Nothing,
        run: print,
    },
    Builtin {
        name: "format",
        signature: "format([mode, ...])",
        min_args: 0,
        max_args: 2,
        keywords: &[],
        doc: "sets how values print: \"short\" (5 significant digits, the default) or \"long\" \
              (16), \"full\" (every element of a large matrix) or \"elided\" (the default); \
              with no argument, gives the current format",
        example: "format(\"long\"); pi  # ans = 3.141592653589793",
        shape: ShapeRule::Nothing,
        run: format_mode,
    },
    Builtin {
        name: "assert",
        signature: "assert(cond[, message])",
        min_args: 1,
        max_args: 2,
        keywords: &[],
        doc: "stops the program with an error unless `cond` is true (or a non-zero number)",
        example: "assert(det(eye(3)) == 1, \"identity\")",
        shape: ShapeRule::Nothing,
        run: assert,
    },
    Builtin {
        name: "approx",
        signature: "approx(A, B[, tol])",
        min_args: 2,
        max_args: 3,
        keywords: &["tol"],
        doc:
            "true when A and B have the same shape and agree to a relative tolerance (default 1e-9)",
        example: "approx(0.1 + 0.2, 0.3)  # true",
        shape: ShapeRule::Scalar,
        run: approx,
    },
    Builtin {
        name: "error",
        signature: "error(message)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "stops the program with `message` as the error",
        example: "error(\"unreachable\")   # Error: unreachable",
        shape: ShapeRule::Nothing,
        run: error,
    },
    Builtin {
        name: "nargs",
        signature: "nargs()",
        min_args: 0,
        max_args: 0,
        keywords: &[],
        doc: "how many arguments the script was given on the command line (la script.la a b c gives 3; 0 in the REPL and for -e)",
        example: "nargs()   # 0 without arguments",
        shape: ShapeRule::Scalar,
        run: |call| Ok(Some(Value::Scalar(call.host_ref().script_args.len() as f64))),
    },
    Builtin {
        name: "arg",
        signature: "arg(k)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "the k-th argument the script was given, as a string; num(arg(k)) reads it as a number",
        example: "if nargs() >= 1 { n = num(arg(1)) }",
        shape: ShapeRule::Scalar,
        run: arg,
    },
    Builtin {
        name: "num",
        signature: "num(s)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "the number a string writes (\"3\", \"-2.5e3\", \"inf\", \"nan\"); an error quoting the text when it is not one",
        example: "num(\"2.5e3\")   # 2500",
        shape: ShapeRule::Scalar,
        run: num,
    },
    Builtin {
        name: "source",
        signature: "source(file)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "runs the la file `file` in the top-level scope, so the functions and variables it defines become available; the path is taken from the directory of the calling file (the current directory for -e and the REPL); embedded interpreters read files only where the host allows",
        example: "source(\"examples/lib/vectors.la\")   # defines unit(v) and rayleigh(A, x)",
        shape: ShapeRule::Nothing,
        run: source,
    },
    Builtin {
        name: "seed",
        signature: "seed(k)",
        min_args: 1,
        max_args: 1,
        keywords: &[],
        doc: "restarts the random number generator from seed `k`, so `rand`/`randn` repeat",
        example: "seed(42)",
        shape: ShapeRule::Nothing,
        run: seed,
    },
    Builtin {
        name: "tic",
        signature: "tic()",
        min_args: 0,
        max_args: 0,
        keywords: &[],
        doc: "starts (or restarts) the stopwatch that `toc` reads",
        example: "tic(); A = rand(500, 500) * rand(500, 500); t = toc()",
        shape: ShapeRule::Nothing,
        run: tic,
    },
    Builtin {
        name: "toc",
        signature: "toc()",
        min_args: 0,
        max_args: 0,
        keywords: &[],
        doc: "the seconds since the last `tic()`, measured on a monotonic clock",
        example: "tic(); x = inv(rand(200, 200)); print(\"took\", toc(), \"s\")",
        shape: ShapeRule::Scalar,
        run: toc,
    },
];

/// The tolerance `approx` uses when none is given.
const DEFAULT_TOL: f64 = 1e-9;

/// `print(x, ...[, full=false])`: one line through the host.
fn print(call: &mut Call) -> Fallible<Option<Value>> {
    let mut shown = call.host().format;
    if let Some(kw) = call.keyword("full") {
        shown.full = match kw.value {
            Value::Bool(full) => full,
            _ => {
                return Err(Diagnostic::error(
                    ErrorKind::Type,
                    kw.span,
                    "`print` expects true or false for `full`",
                )
                .label(kw.span, format!("this is a {}", kw.value.describe()))
                .help("write `print(A, full=true)` to show every element of a large matrix")
                .boxed())
            }
        };
    }
    let values: Vec<Value> = call.args.iter().map(|a| a.value.clone()).collect();
    let line = format::print_line(&values, shown);
    call.host().print(line);
    Ok(None)
}

/// `format([mode, ...])`: changes the host's format, or gives it (`"short elided"`).
fn format_mode(call: &mut Call) -> Fallible<Option<Value>> {
    if call.args.is_empty() {
        return Ok(Some(Value::string(call.host().format.to_string())));
    }
    // Every word is checked before any takes effect, so a bad call changes nothing.
    let mut next = call.host().format;
    for i in 0..call.args.len() {
        let mode = call.string(i)?;
        next = match next.with(mode) {
            Some(changed) => changed,
            None => {
                let span = call.arg(i)?.span;
                return Err(Diagnostic::error(
                    ErrorKind::Domain,
                    span,
                    format!("unknown format \"{mode}\""),
                )
                .label(span, format!("`format` takes {}", Format::MODES))
                .help("for example `format(\"long\")` for 16 significant digits")
                .boxed());
            }
        };
    }
    call.host().format = next;
    Ok(None)
}

/// `assert(cond[, message])`.
fn assert(call: &mut Call) -> Fallible<Option<Value>> {
    let cond = call.arg(0)?;
    let span = cond.span;
    let holds = match &cond.value {
        Value::Bool(b) => *b,
        Value::Scalar(x) => *x != 0.0 && !x.is_nan(),
        Value::Matrix(_) => {
            return Err(Diagnostic::error(
                ErrorKind::Type,
                span,
                "`assert` needs a bool or a number as its condition, not a matrix",
            )
            .label(span, format!("this is a {}", cond.value.describe()))
            .help("use `all(...)` to require every element to be non-zero, or `any(...)` for at least one")
            .boxed())
        }
        _ => return Err(call.type_error(0, "a bool or a number")),
    };
    let message = match call.optional(1) {
        Some(_) => Some(call.string(1)?),
        None => None,
    };
    if holds {
        return Ok(None);
    }
    let headline = match message {
        Some(m) => format!("assertion failed: {m}"),
        None => "assertion failed".to_string(),
    };
    let mut diagnostic = Diagnostic::error(ErrorKind::Assertion, span, headline).label(
        span,
        format!("this is {}", format::value_inline(&cond.value)),
    );
    if matches!(cond.value, Value::Scalar(x) if x.is_nan()) {
        diagnostic = diagnostic.note("NaN is neither true nor false, so it fails an assertion");
    }
    Err(diagnostic.boxed())
}

/// `approx(A, B[, tol])`: same shape and max|A−B| ≤ tol·max(1, max|A|, max|B|).
fn approx(call: &mut Call) -> Fallible<Option<Value>> {
    let tol = tolerance(call)?;
    let (Some(a), Some(b)) = (call.arg(0)?.value.to_cmat(), call.arg(1)?.value.to_cmat()) else {
        let bad = if call.arg(0)?.value.to_cmat().is_none() {
            0
        } else {
            1
        };
        return Err(call.type_error(bad, "a number or a matrix"));
    };
    if (a.nrows(), a.ncols()) != (b.nrows(), b.ncols()) {
        return Ok(Some(Value::Bool(false)));
    }
    // Complex values compare by modulus; real ones are complex with zero imaginary parts.
    let mut worst = 0.0f64;
    let mut scale = 1.0f64;
    for j in 0..a.ncols() {
        for i in 0..a.nrows() {
            let (x, y) = (a[(i, j)], b[(i, j)]);
            if x == y {
                // Equal infinities agree; they must not make the scale infinite.
                if x.norm().is_finite() {
                    scale = scale.max(x.norm());
                }
                continue;
            }
            if !x.norm().is_finite() || !y.norm().is_finite() {
                // NaN, or an infinity against anything else.
                return Ok(Some(Value::Bool(false)));
            }
            worst = worst.max((x - y).norm());
            scale = scale.max(x.norm()).max(y.norm());
        }
    }
    Ok(Some(Value::Bool(worst <= tol * scale)))
}

/// The tolerance of `approx`: `tol=`, or the third argument, or the default.
fn tolerance(call: &Call) -> Fallible<f64> {
    let (value, span) = match (call.keyword("tol"), call.optional(2)) {
        (Some(kw), Some(arg)) => {
            return Err(Diagnostic::error(
                ErrorKind::Arity,
                kw.name_span,
                "`approx` was given the tolerance twice",
            )
            .label(arg.span, "once here")
            .label(kw.name_span, "and again here")
            .help("give either a third argument or `tol=`, not both")
            .boxed())
        }
        (Some(kw), None) => (&kw.value, kw.span),
        (None, Some(arg)) => (&arg.value, arg.span),
        (None, None) => return Ok(DEFAULT_TOL),
    };
    match value.as_scalar() {
        Some(tol) if tol >= 0.0 && tol.is_finite() => Ok(tol),
        _ => Err(Diagnostic::error(
            ErrorKind::Domain,
            span,
            "`approx` needs a non-negative number as its tolerance",
        )
        .label(span, format!("this is {}", describe_briefly(value)))
        .help("for example `approx(A, B, tol=1e-6)`")
        .boxed()),
    }
}

/// A number shown as itself, anything else by its kind.
fn describe_briefly(value: &Value) -> String {
    match value {
        Value::Scalar(x) => format::scalar(*x),
        other => format!("a {}", other.describe()),
    }
}

/// `error(message)`: fails at the call.
fn error(call: &mut Call) -> Fallible<Option<Value>> {
    let message = match call.string(0)? {
        "" => "stopped by error()",
        message => message,
    };
    Err(Diagnostic::error(ErrorKind::Assertion, call.span, message).boxed())
}

/// `seed(k)`: a fresh generator from seed `k`.
fn seed(call: &mut Call) -> Fallible<Option<Value>> {
    let k = call.count(0)?;
    call.host().rng = Rng::seeded(k as u64);
    Ok(None)
}

/// `tic()`: starts the stopwatch.
fn tic(call: &mut Call) -> Fallible<Option<Value>> {
    call.host().stopwatch = Some(Instant::now());
    Ok(None)
}

/// `toc()`: seconds since `tic()`.
fn toc(call: &mut Call) -> Fallible<Option<Value>> {
    match call.host().stopwatch {
        Some(start) => Ok(Some(Value::Scalar(start.elapsed().as_secs_f64()))),
        None => Err(Diagnostic::error(
            ErrorKind::Domain,
            call.span,
            "`toc` was called before the stopwatch was started",
        )
        .label(call.span, "no `tic()` ran before this")
        .help("call `tic()` where the timing should start, e.g. `tic(); A * B; t = toc()`")
        .boxed()),
    }
}

/// `arg(k)`: the k-th script argument.
fn arg(call: &mut Call) -> Fallible<Option<Value>> {
    let k = call.count(0)?;
    let given = call.host_ref().script_args.len();
    match k
        .checked_sub(1)
        .and_then(|i| call.host_ref().script_args.get(i))
    {
        Some(text) => Ok(Some(Value::string(text.as_str()))),
        None => {
            let span = call.arg(0)?.span;
            let had = match given {
                0 => "no arguments".to_string(),
                1 => "1 argument".to_string(),
                n => format!("{n} arguments"),
            };
            Err(Diagnostic::error(
                ErrorKind::Index,
                span,
                format!("`arg({k})` asks for argument {k}, but the script was given {had}"),
            )
            .label(
                span,
                if given == 0 {
                    "there are none".to_string()
                } else {
                    format!("valid: 1 to {given}")
                },
            )
            .help("nargs() tells how many there are; pass them as `la script.la a b c`")
            .boxed())
        }
    }
}

/// `num(s)`: the number a string writes.
fn num(call: &mut Call) -> Fallible<Option<Value>> {
    let text = call.string(0)?;
    let trimmed = text.trim();
    let parsed = match trimmed.to_ascii_lowercase().as_str() {
        "inf" | "+inf" => Some(f64::INFINITY),
        "-inf" => Some(f64::NEG_INFINITY),
        "nan" => Some(f64::NAN),
        _ if trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || "+-.eE".contains(c)) =>
        {
            trimmed.parse::<f64>().ok()
        }
        _ => None,
    };
    match parsed {
        Some(x) => Ok(Some(Value::Scalar(x))),
        None => {
            let span = call.arg(0)?.span;
            Err(Diagnostic::error(
                ErrorKind::Domain,
                span,
                format!("`num` cannot read {:?} as a number", text),
            )
            .label(span, "not a number")
            .help("num reads numbers written as la writes them: 3, -2.5, 1e-3, inf, nan")
            .boxed())
        }
    }
}

/// `source(file)`.
fn source(call: &mut Call) -> Fallible<Option<Value>> {
    let name = call.string(0)?.to_string();
    let span = call.span;
    call.ctx.source(&name, span)?;
    Ok(None)
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::builtins::testing::{arg_span, call, call_on, matrix as mat, span};
    use crate::host::{Event, Host};

    fn run(name: &str, args: Vec<Value>, keywords: Vec<(&str, Value)>) -> Fallible<Option<Value>> {
        call(name, args, keywords)
    }

    #[track_caller]
    fn expect_bool(name: &str, args: Vec<Value>, keywords: Vec<(&str, Value)>) -> bool {
        match run(name, args, keywords) {
            Ok(Some(Value::Bool(b))) => b,
            other => panic!("{other:?}"),
        }
    }

    #[track_caller]
    fn expect_error(name: &str, args: Vec<Value>, kind: ErrorKind) -> Diagnostic {
        let d = *run(name, args, Vec::new()).unwrap_err();
        assert_eq!(d.kind, kind, "{d}");
        d
    }

    #[test]
    fn format_changes_the_host_only_when_every_word_is_known() {
        let mut host = Host::new(Box::new(|_| {}));
        let current = |host: &mut Host| call_on(host, "format", Vec::new(), Vec::new()).unwrap();
        assert_eq!(current(&mut host), Some(Value::string("short elided")));
        let words = vec![Value::string("long"), Value::string("full")];
        assert!(call_on(&mut host, "format", words, Vec::new())
            .unwrap()
            .is_none());
        assert_eq!(current(&mut host), Some(Value::string("long full")));
        let bad = vec![Value::string("short"), Value::string("loud")];
        let d = *call_on(&mut host, "format", bad, Vec::new()).unwrap_err();
        assert_eq!(d.kind, ErrorKind::Domain);
        assert_eq!(d.message, "unknown format \"loud\"");
        assert_eq!(current(&mut host), Some(Value::string("long full")));
    }

    #[test]
    fn print_full_shows_a_large_matrix_whole_without_changing_the_format() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        let mut host = Host::new(Box::new(move |e| sink.lock().unwrap().push(e)));
        let big = Value::Matrix(Arc::new(faer::Mat::from_fn(30, 1, |i, _| i as f64)));
        for full in [true, false] {
            let keywords = vec![("full", Value::Bool(full))];
            call_on(&mut host, "print", vec![big.clone()], keywords).unwrap();
        }
        assert!(!host.format.full);
        let seen = seen.lock().unwrap();
        let lines = |e: &Event| match e {
            Event::Text(t) => t.lines().count(),
            other => panic!("{other:?}"),
        };
        assert_eq!((lines(&seen[0]), lines(&seen[1])), (30, 17));
        let d = *call_on(
            &mut host,
            "print",
            vec![big],
            vec![("full", Value::Scalar(1.0))],
        )
        .unwrap_err();
        assert_eq!(d.kind, ErrorKind::Type);
    }

    #[test]
    fn print_writes_one_line_through_the_host() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        let mut host = Host::new(Box::new(move |e| sink.lock().unwrap().push(e)));
        let values = vec![Value::string("x ="), Value::Scalar(3.0)];
        let result = call_on(&mut host, "print", values.clone(), Vec::new()).unwrap();
        assert!(result.is_none());
        assert!(call_on(&mut host, "print", Vec::new(), Vec::new())
            .unwrap()
            .is_none());
        let seen = seen.lock().unwrap();
        let expected = format::print_line(&values, host.format);
        assert_eq!(seen[0], Event::Text(expected));
        assert_eq!(seen[1], Event::Text(format::print_line(&[], host.format)));
    }

    #[test]
    fn assert_passes_on_true_and_non_zero() {
        assert!(run("assert", vec![Value::Bool(true)], Vec::new())
            .unwrap()
            .is_none());
        assert!(run("assert", vec![Value::Scalar(-2.0)], Vec::new())
            .unwrap()
            .is_none());
        let with_message = vec![Value::Bool(true), Value::string("fine")];
        assert!(run("assert", with_message, Vec::new()).unwrap().is_none());
    }

    #[test]
    fn assert_fails_at_the_condition() {
        let d = expect_error("assert", vec![Value::Bool(false)], ErrorKind::Assertion);
        assert_eq!(d.message, "assertion failed");
        assert_eq!(d.span, arg_span(0));
        let d = expect_error(
            "assert",
            vec![Value::Scalar(0.0), Value::string("det is zero")],
            ErrorKind::Assertion,
        );
        assert_eq!(d.message, "assertion failed: det is zero");
        let d = expect_error(
            "assert",
            vec![Value::Scalar(f64::NAN)],
            ErrorKind::Assertion,
        );
        assert!(d.note.is_some());
    }

    #[test]
    fn assert_refuses_matrices_and_strings() {
        let d = expect_error("assert", vec![mat(1, 2, &[1.0, 1.0])], ErrorKind::Type);
        assert!(d.help.unwrap().contains("`all(...)`"));
        assert_eq!(d.labels[0].message, "this is a 1×2 matrix");
        expect_error("assert", vec![Value::string("yes")], ErrorKind::Type);
        expect_error(
            "assert",
            vec![Value::Bool(true), Value::Scalar(1.0)],
            ErrorKind::Type,
        );
    }

    #[test]
    fn approx_compares_relatively() {
        assert!(expect_bool(
            "approx",
            vec![Value::Scalar(0.1 + 0.2), Value::Scalar(0.3)],
            vec![]
        ));
        assert!(!expect_bool(
            "approx",
            vec![Value::Scalar(1.0), Value::Scalar(1.001)],
            vec![]
        ));
        let big = vec![Value::Scalar(1e12), Value::Scalar(1e12 + 1.0)];
        assert!(expect_bool("approx", big, vec![]));
        let loose = vec![
            Value::Scalar(1.0),
            Value::Scalar(1.001),
            Value::Scalar(0.01),
        ];
        assert!(expect_bool("approx", loose, vec![]));
        let kw = vec![("tol", Value::Scalar(0.01))];
        assert!(expect_bool(
            "approx",
            vec![Value::Scalar(1.0), Value::Scalar(1.001)],
            kw
        ));
        let a = mat(2, 2, &[1.0, 2.0, 3.0, 4.0]);
        let b = mat(2, 2, &[1.0, 2.0, 3.0, 4.0 + 1e-12]);
        assert!(expect_bool("approx", vec![a.clone(), b], vec![]));
        assert!(expect_bool(
            "approx",
            vec![Value::Bool(true), Value::Scalar(1.0)],
            vec![]
        ));
    }

    #[test]
    fn approx_different_shapes_is_false() {
        let a = mat(2, 2, &[1.0; 4]);
        let b = mat(1, 4, &[1.0; 4]);
        assert!(!expect_bool("approx", vec![a.clone(), b], vec![]));
        assert!(!expect_bool("approx", vec![a, Value::Scalar(1.0)], vec![]));
        assert!(expect_bool(
            "approx",
            vec![mat(0, 3, &[]), mat(0, 3, &[])],
            vec![]
        ));
    }

    #[test]
    fn approx_non_finite() {
        let inf = f64::INFINITY;
        assert!(expect_bool(
            "approx",
            vec![Value::Scalar(inf), Value::Scalar(inf)],
            vec![]
        ));
        assert!(!expect_bool(
            "approx",
            vec![Value::Scalar(inf), Value::Scalar(-inf)],
            vec![]
        ));
        let nan = vec![Value::Scalar(f64::NAN), Value::Scalar(f64::NAN)];
        assert!(!expect_bool("approx", nan, vec![]));
        let a = mat(1, 2, &[inf, 1.0]);
        let b = mat(1, 2, &[inf, 2.0]);
        assert!(!expect_bool("approx", vec![a, b], vec![]));
    }

    #[test]
    fn approx_bad_tolerances() {
        let neg = vec![Value::Scalar(1.0), Value::Scalar(1.0), Value::Scalar(-1.0)];
        let d = expect_error("approx", neg, ErrorKind::Domain);
        assert_eq!(d.span, arg_span(2));
        let twice = run(
            "approx",
            vec![Value::Scalar(1.0), Value::Scalar(1.0), Value::Scalar(0.1)],
            vec![("tol", Value::Scalar(0.1))],
        );
        assert_eq!(twice.unwrap_err().kind, ErrorKind::Arity);
        expect_error(
            "approx",
            vec![Value::string("a"), Value::Scalar(1.0)],
            ErrorKind::Type,
        );
    }

    #[test]
    fn error_raises_at_the_call() {
        let d = expect_error("error", vec![Value::string("boom")], ErrorKind::Assertion);
        assert_eq!(d.message, "boom");
        assert_eq!(d.span, span(0, 100));
        expect_error("error", vec![Value::Scalar(1.0)], ErrorKind::Type);
    }

    #[test]
    fn seed_makes_rng_repeat() {
        let mut host = Host::new(Box::new(|_| {}));
        host.rng.uniform();
        assert!(call_on(&mut host, "seed", vec![Value::Scalar(7.0)], vec![])
            .unwrap()
            .is_none());
        let first = host.rng.uniform();
        call_on(&mut host, "seed", vec![Value::Scalar(7.0)], vec![]).unwrap();
        assert_eq!(host.rng.uniform(), first);
        assert_eq!(Rng::seeded(7).uniform(), first);
    }

    #[test]
    fn seed_needs_a_non_negative_integer() {
        expect_error("seed", vec![Value::Scalar(-1.0)], ErrorKind::Domain);
        expect_error("seed", vec![Value::Scalar(1.5)], ErrorKind::Domain);
        expect_error("seed", vec![Value::Scalar(f64::NAN)], ErrorKind::Domain);
        expect_error("seed", vec![Value::string("x")], ErrorKind::Type);
    }
}
