//! The embedding API as a Rust developer meets it: values in and out, host functions,
//! captured output, every limit, cancellation from another thread, and random input that
//! must never panic. Public API only.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use faer::Mat;
use la::{ErrorKind, Event, FromValue, Interpreter, Limits, Value};
use proptest::prelude::*;

#[track_caller]
fn expect_value(la: &mut Interpreter, text: &str) -> Value {
    match la.run("test", text) {
        Ok(Some(value)) => value,
        Ok(None) => panic!("{text}: no value"),
        Err(e) => panic!("{text}: {}", e.render(false)),
    }
}

#[track_caller]
fn expect_error(la: &mut Interpreter, text: &str, kind: ErrorKind) -> la::Error {
    match la.run("test", text) {
        Err(e) => {
            assert_eq!(e.kind(), kind, "{text}: {}", e.render(false));
            e
        }
        Ok(v) => panic!("{text}: expected a {kind:?} error, got {v:?}"),
    }
}

fn capture() -> (Interpreter, Arc<Mutex<String>>) {
    let out = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&out);
    let la = Interpreter::with_sink(Box::new(move |event| {
        if let Event::Text(t) = event {
            sink.lock().unwrap().push_str(&t);
        }
    }));
    (la, out)
}

#[test]
fn interpreter_is_send() {
    fn assert_send<T: Send>() {}
    assert_send::<Interpreter>();
    assert_send::<la::Program>();
    let mut la = Interpreter::new();
    la.set("x", 2.0);
    let answer = std::thread::spawn(move || la.run("t", "x * 21").unwrap())
        .join()
        .unwrap();
    assert_eq!(answer, Some(Value::Scalar(42.0)));
}

#[test]
fn values_round_trip_through_every_conversion() {
    let mut la = Interpreter::new();
    let m = Mat::from_fn(2, 3, |i, j| (10 * i + j) as f64);
    la.set("M", m.clone());
    la.set("R", m.as_ref());
    la.set("v", vec![1.0, 2.0, 3.0]);
    la.set("s", &[4.0, 5.0][..]);
    la.set("x", 1.5);
    la.set("flag", true);
    la.set("name", "la");
    assert_eq!(Mat::<f64>::from_value(la.get("M").unwrap()).unwrap(), m);
    assert_eq!(Mat::<f64>::from_value(la.get("R").unwrap()).unwrap(), m);
    assert_eq!(
        la.get("v").unwrap().to::<Vec<f64>>().unwrap(),
        vec![1.0, 2.0, 3.0]
    );
    assert_eq!(la.get("s").unwrap().shape(), la::Shape::new(2, 1));
    assert_eq!(la.get("x").unwrap().to::<f64>(), Ok(1.5));
    assert_eq!(la.get("flag").unwrap().to::<bool>(), Ok(true));
    assert_eq!(la.get("name").unwrap().to::<String>(), Ok("la".to_string()));
    assert!(la.get("x").unwrap().to::<String>().is_err());
    let names: Vec<&str> = la.variables().iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["M", "R", "flag", "name", "s", "v", "x"]);
    assert_eq!(expect_value(&mut la, "M * v"), Value::from(vec![8.0, 68.0]));
}

#[test]
fn a_failed_run_undoes_element_writes_done_in_place() {
    let mut la = Interpreter::new();
    la.run("test", "A = zeros(2, 2); s = 1").unwrap();
    let failing = "for i in 1:2 { A[i, i] = 5; s = s + i }; A = A * 2 + 1; error(\"stop\")";
    expect_error(&mut la, failing, ErrorKind::Assertion);
    assert_eq!(
        la.get("A").unwrap().to::<Mat<f64>>().unwrap(),
        Mat::<f64>::zeros(2, 2)
    );
    assert_eq!(la.get("s").unwrap().to::<f64>().unwrap(), 1.0);
    // The same program without the error keeps its writes.
    la.run(
        "test",
        "for i in 1:2 { A[i, i] = 5; s = s + i }; A = A * 2 + 1",
    )
    .unwrap();
    assert_eq!(
        la.get("A").unwrap().to::<Mat<f64>>().unwrap(),
        Mat::from_fn(2, 2, |i, j| if i == j { 11.0 } else { 1.0 })
    );
    assert_eq!(la.get("s").unwrap().to::<f64>().unwrap(), 4.0);
}

#[test]
fn the_deepest_input_the_limits_allow_runs_on_a_small_thread_stack() {
    // The longest operator chain, inside the deepest postfix chain: parsing, running and
    // dropping the tree must fit the 2 MiB stack of an ordinary spawned thread.
    let chain = vec!["x"; 10_001].join(" + ");
    let postfix = "'[1]".repeat(100);
    let program = format!("x = 1; y = ({chain}){postfix}");
    let result = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let mut la = Interpreter::new();
            la.run("deep", &program).map_err(|e| e.render(false))?;
            la.get("y")
                .and_then(Value::as_scalar)
                .ok_or("no y".to_string())
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(result, Ok(10_001.0));
}

#[test]
fn a_program_compiles_once_and_runs_with_new_inputs() {
    let mut la = Interpreter::new();
    let program = la.compile("model", "y = W * x;").unwrap();
    la.set(
        "W",
        Mat::from_fn(2, 2, |i, j| if i == j { 2.0 } else { 0.0 }),
    );
    for k in 1..=3 {
        la.set("x", vec![k as f64, 1.0]);
        la.execute(&program).unwrap();
        assert_eq!(
            la.get("y").unwrap().to::<Vec<f64>>().unwrap(),
            vec![2.0 * k as f64, 2.0]
        );
    }
    let mut other = Interpreter::new();
    assert_eq!(
        other.execute(&program).unwrap_err().kind(),
        ErrorKind::Internal
    );
}

#[test]
fn host_functions_convert_and_their_errors_point_at_the_call() {
    let mut la = Interpreter::new();
    la.register("add3", "sum of three numbers", |a: f64, b: f64, c: f64| {
        a + b + c
    });
    la.register("colsum", "column sums", |m: Mat<f64>| {
        Mat::from_fn(1, m.ncols(), |_, j| (0..m.nrows()).map(|i| m[(i, j)]).sum())
    });
    la.register("safe_log", "log of a positive number", |x: f64| {
        if x > 0.0 {
            Ok(x.ln())
        } else {
            Err(format!("{x} is not positive"))
        }
    });
    assert_eq!(expect_value(&mut la, "add3(1, 2, 3)"), Value::Scalar(6.0));
    assert_eq!(
        expect_value(&mut la, "colsum([[1, 2], [3, 4]])").shape(),
        la::Shape::new(1, 2)
    );
    let e = expect_error(&mut la, "y = 1 + safe_log(-1)", ErrorKind::Host);
    assert_eq!(e.message(), "`safe_log` failed: -1 is not positive");
    assert_eq!(e.span().start, 8);
    assert!(e.render(false).contains("test:1:9"));
    let e = expect_error(&mut la, "add3(1, 2)", ErrorKind::Arity);
    assert!(e.message().contains("takes 3 arguments, but 2 were given"));
    // The one signature check: the same words as for builtins and user functions.
    assert_eq!(e.help(), Some("call it as add3(x1, x2, x3)"));
    let e = expect_error(&mut la, "add3(1, 2, 3, scale=2)", ErrorKind::Arity);
    assert_eq!(e.message(), "unknown keyword argument `scale`");
    assert_eq!(
        e.help(),
        Some("`add3` takes no keyword arguments; call it as add3(x1, x2, x3)")
    );
    // Host functions complete like every other name.
    let completed: Vec<String> = la
        .complete("x = safe_")
        .names
        .into_iter()
        .map(|n| n.0)
        .collect();
    assert_eq!(completed, ["safe_log"]);
    let e = expect_error(&mut la, "safe_log(\"x\")", ErrorKind::Host);
    assert!(e
        .message()
        .contains("argument 1: expected a number, got a string"));
    assert!(la.get("y").is_none(), "a failed statement binds nothing");
    let functions: Vec<&str> = la.host_functions().iter().map(|f| f.0).collect();
    assert_eq!(functions, ["add3", "colsum", "safe_log"]);
}

#[test]
fn a_bare_interpreter_has_operators_and_only_what_the_host_registers() {
    let mut la = Interpreter::bare();
    assert_eq!(
        expect_value(&mut la, "[[1, 2]] * [3, 4]"),
        Value::Scalar(11.0)
    );
    expect_error(&mut la, "print(1)", ErrorKind::Name);
    la.register("double", "twice x", |x: f64| 2.0 * x);
    assert_eq!(expect_value(&mut la, "double(4)"), Value::Scalar(8.0));
}

#[test]
fn output_and_shown_values_go_to_the_sink() {
    let (mut la, out) = capture();
    la.run("t", "x = 2\nprint(\"x is\", x)\ny = 3;").unwrap();
    assert_eq!(*out.lock().unwrap(), "x = 2\nx is 2\n");
}

#[test]
fn errors_render_with_and_without_colour_and_display_in_one_line() {
    let mut la = Interpreter::new();
    let e = expect_error(
        &mut la,
        "[[1,2,3],[4,5,6]] * [[1,2],[3,4]]",
        ErrorKind::Shape,
    );
    let labels: Vec<&str> = e.labels().iter().map(|l| l.message.as_str()).collect();
    assert_eq!(labels, ["2×3", "inner dimensions 3 and 2 differ", "2×2"]);
    assert!(!e.render(false).contains('\u{1b}'));
    assert!(e.render(true).contains('\u{1b}'));
    assert_eq!(e.to_string().lines().count(), 1);
    assert!(e
        .to_string()
        .starts_with("test:1:19: error: matrix product"));
    assert_eq!(e.source_name(), Some("test"));
}

/// Each limit stops its runaway program with a Limit error and leaves the interpreter usable.
#[test]
fn every_limit_is_enforced_and_the_interpreter_survives() {
    let mut la = Interpreter::new();
    la.set_limits(Limits {
        max_operations: 10_000,
        max_call_depth: 20,
        max_nesting: 10,
        max_elements: 1_000_000,
        max_total_elements: 2_000_000,
        max_string_len: 1_000,
        deadline: None,
    });
    let cases = [
        ("while true { }", "operation limit"),
        ("for i in 1:1e9 { }", "operation limit"),
        ("fn f(n) = f(n + 1); f(1)", "recursion limit"),
        ("((((((((((((1))))))))))))", "nested too deep"),
        ("x = ------------1", "nested too deep"),
        ("zeros(1e6, 1e6)", "too large"),
        ("zeros(0, 1e15)", "too large"),
        ("ones(1e4, 1) * ones(1, 1e4)", "too large"),
        ("ones(1e4, 1) .+ ones(1, 1e4)", "too large"),
        ("1:1e12", "more than the limit"),
        (
            "v = ones(1e3, 1); v[ones(1e4, 1), ones(1e4, 1)]",
            "too large",
        ),
        (
            "A = zeros(1000, 1000); B = zeros(1000, 1000); C = zeros(1000, 1000)",
            "does not fit",
        ),
        ("repeat(ones(100, 100), 1000, 1000)", "too large"),
    ];
    for (program, message) in cases {
        let e = expect_error(&mut la, program, ErrorKind::Limit);
        assert!(e.message().contains(message), "{program}: {}", e.message());
        assert_eq!(
            expect_value(&mut la, "1 + 1"),
            Value::Scalar(2.0),
            "usable after {program}"
        );
    }
    let long = format!("x = \"{}\"", "a".repeat(2_000));
    let e = expect_error(&mut la, &long, ErrorKind::Limit);
    assert!(e.message().contains("more than the limit of 1000"));
}

#[test]
fn the_deadline_stops_a_long_run() {
    let mut la = Interpreter::new();
    la.set_limits(Limits {
        deadline: Some(Duration::from_millis(50)),
        ..Limits::default()
    });
    let started = Instant::now();
    let e = expect_error(&mut la, "while true { }", ErrorKind::Limit);
    assert!(e.message().starts_with("time limit"));
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(expect_value(&mut la, "2 + 2"), Value::Scalar(4.0));
}

#[test]
fn another_thread_can_cancel_a_run() {
    let mut la = Interpreter::new();
    let handle = la.interrupt_handle();
    let worker = std::thread::spawn(move || {
        let result = la.run("t", "x = 1; while true { x = x + 1 }");
        (la, result)
    });
    std::thread::sleep(Duration::from_millis(50));
    handle.store(true, Ordering::Relaxed);
    let (mut la, result) = worker.join().unwrap();
    let e = result.unwrap_err();
    assert_eq!(e.message(), "interrupted");
    assert!(la.get("x").is_none(), "the cancelled run changed nothing");
    assert_eq!(expect_value(&mut la, "3 * 3"), Value::Scalar(9.0));
}

#[test]
fn limits_stop_a_loop_running_as_machine_code() {
    // A `for` loop over numbers runs as machine code after 10,000 operations: the deadline
    // and another thread's cancellation still stop it, and the run changes nothing.
    let program = "s = 0; for i in 1:1e15 { s = s + i }";
    let mut la = Interpreter::new();
    la.set_limits(Limits {
        deadline: Some(Duration::from_millis(50)),
        ..Limits::default()
    });
    let started = Instant::now();
    let e = expect_error(&mut la, program, ErrorKind::Limit);
    assert!(e.message().starts_with("time limit"), "{}", e.message());
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(la.get("s").is_none(), "the stopped run changed nothing");

    let mut la = Interpreter::new();
    let handle = la.interrupt_handle();
    let worker = std::thread::spawn(move || {
        let result = la.run("t", program);
        (la, result, Instant::now())
    });
    std::thread::sleep(Duration::from_millis(200));
    let pressed = Instant::now();
    handle.store(true, Ordering::Relaxed);
    let (la, result, stopped) = worker.join().unwrap();
    assert_eq!(result.unwrap_err().message(), "interrupted");
    assert!(stopped.duration_since(pressed) < Duration::from_secs(5));
    assert!(la.get("s").is_none(), "the cancelled run changed nothing");
}

#[test]
fn strict_limits_refuse_what_default_limits_allow() {
    let mut la = Interpreter::new();
    la.set_limits(Limits::strict());
    expect_error(&mut la, "zeros(2000, 2000)", ErrorKind::Limit);
    expect_error(
        &mut la,
        "s = 0; for i in 1:2e6 { s += i }",
        ErrorKind::Limit,
    );
    assert_eq!(expect_value(&mut la, "sum(1:100)"), Value::Scalar(5050.0));
}

fn fragment() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "1",
        "2.5",
        "x",
        "A",
        "[",
        "]",
        "(",
        ")",
        "[[1, 2], [3, 4]]",
        "[1, 2]",
        "+",
        "-",
        "*",
        "/",
        "\\",
        "^",
        ".*",
        ".^",
        "'",
        ":",
        ",",
        ";",
        "\n",
        "=",
        "==",
        "<",
        "&&",
        "!",
        "end",
        "zeros(2, 3)",
        "inv(",
        "sum(",
        "dim=1",
        "for i in 1:3 {",
        "}",
        "if x {",
        "else",
        "while false {",
        "fn f(a) = a",
        "f(",
        "A[1, :]",
        "A[end]",
        "\"s\"",
        "nan",
        "inf",
        "-1e308",
        "0",
        "1e400",
        "softmax(",
        "x += 1",
        "A[2, 2] = 5",
    ])
    .prop_map(str::to_string)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Random token soup never panics through the public API, and the interpreter answers
    /// normally afterwards.
    #[test]
    fn random_programs_never_panic(parts in prop::collection::vec(fragment(), 0..24)) {
        let mut la = Interpreter::new();
        la.set_limits(Limits::strict());
        la.set("x", 1.0);
        la.set("A", Mat::from_fn(2, 2, |i, j| (i + j) as f64));
        let text = parts.join(" ");
        if let Err(e) = la.run("fuzz", &text) {
            prop_assert_ne!(e.kind(), ErrorKind::Internal, "{}", e.render(false));
            let _ = e.render(false);
        }
        prop_assert_eq!(la.run("after", "1 + 1").unwrap(), Some(Value::Scalar(2.0)));
    }

    /// Arbitrary bytes (as text) never panic either.
    #[test]
    fn random_text_never_panics(text in "\\PC{0,64}") {
        let mut la = Interpreter::new();
        la.set_limits(Limits::strict());
        if let Err(e) = la.run("fuzz", &text) {
            prop_assert_ne!(e.kind(), ErrorKind::Internal, "{}", e.render(false));
        }
    }
}

/// The last line of defence: a panic inside a run (here a host function's, since no known
/// la input reaches one) becomes an Internal error, and the interpreter keeps working.
#[test]
fn a_panic_during_a_run_is_reported_not_propagated() {
    let mut la = Interpreter::new();
    la.register("boom", "always panics", |_: f64| -> f64 {
        panic!("host bug")
    });
    la.run("t", "x = 1;").unwrap();
    let e = expect_error(&mut la, "x = 2; boom(1)", ErrorKind::Internal);
    assert!(e.message().contains("internal error"));
    assert_eq!(
        la.get("x"),
        Some(&Value::Scalar(1.0)),
        "the failed run changed nothing"
    );
    assert_eq!(expect_value(&mut la, "x + 1"), Value::Scalar(2.0));
}

#[test]
fn source_follows_the_file_access_rule() {
    let dir = std::env::temp_dir().join(format!("la-source-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("lib.la"), "fn twice(x) = 2 * x\n").unwrap();
    let mut la = Interpreter::new();
    // Files are off for an embedded interpreter until the host allows a directory.
    let e = expect_error(&mut la, "source(\"lib.la\")", ErrorKind::File);
    assert!(e.render(false).contains("file access is off"));
    la.set_file_access(la::FileAccess::inside(&dir).unwrap());
    assert_eq!(
        expect_value(&mut la, "source(\"lib.la\"); twice(21)"),
        Value::Scalar(42.0)
    );
    // Nothing outside the allowed directory, even through `..`.
    expect_error(&mut la, "source(\"../lib.la\")", ErrorKind::File);
    std::fs::remove_dir_all(&dir).unwrap();
}
