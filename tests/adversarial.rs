//! Adversarial inputs (issue #7): programs written to break `la` must each end in an
//! ordinary diagnostic, never a panic, an abort, a stack overflow or a hang. The inputs are
//! garbage bytes, unbalanced brackets, unicode lookalikes, nesting 50,000 deep, runaway
//! recursion and loops, allocations beyond the limits, NaN and Inf where whole numbers
//! belong, and wrong shapes, types and arities.
//!
//! - `BINARY` runs each case through the `la` binary as a user meets it. The exit code must
//!   be 1 or 2 (never a signal, never 101), stderr must hold `error`, the source's name and
//!   the expected words, and never `panicked` or `internal error`. A watchdog bounds each
//!   run. An `-e` case also goes through standard input, and both ways must give the same
//!   exit code.
//! - `API` runs each case in-process through `Interpreter::run` under `Limits::strict()`,
//!   on a thread with the default 2 MiB stack. It must give an error of the expected kind
//!   (never `Internal`, never a panic, and `compile` has no panic guard of its own), and
//!   the rendered report must mention the words and a `p.la:` location. The interpreter
//!   must still work afterwards.
//! - Separate tests cover what needs more than one line of a table: nesting 50,000 deep
//!   through the API, `zeros(100000, 100000)`, scripts that fail or end mid-statement,
//!   invalid UTF-8, and IEEE values. `nasty_inputs_never_panic`, moved here from
//!   tests/cli.rs, runs inputs that may also succeed.
//! - One test for each bug the suite found, all fixed, so that none comes back.
//!
//! Program errors exit with 1, lexing and parsing errors included (src/main.rs); 2 is for
//! bad usage. The panic guard (a panic inside a run becomes an `Internal` error) is tested
//! with a panicking host function in tests/embedding.rs,
//! `a_panic_during_a_run_is_reported_not_propagated`, since no known la input panics.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use la::{ErrorKind, Interpreter, Limits, Value};

/// How long one case may take before it counts as a hang. Every case normally ends well
/// within a second; the slowest is the one that runs into the strict 1 s deadline.
const WATCHDOG: Duration = Duration::from_secs(60);

/// Binary cases run on this many threads at once. API cases run two at a time, so that the
/// operation and element limits hit before the strict 1 s deadline even on a loaded machine.
const WORKERS: usize = 4;
const API_WORKERS: usize = 2;

/// The source name the API cases run under, so the reports carry `p.la:LINE:COL`.
const SOURCE: &str = "p.la";

// ---------------------------------------------------------------------------------------
// Through the binary.

/// `(name, program for -e, words the diagnostic must mention)`.
const BINARY: &[(&str, &str, &[&str])] = &[
    // Characters and bytes that start no token.
    (
        "at_sign",
        "x = 3 @ 4",
        &["`@` is not an operator", "`3 * 4`"],
    ),
    (
        "percent_as_modulo",
        "x = 5 % 2",
        &["`%`", "`mod(5, 2)`", "comments start with `#`"],
    ),
    (
        "elementwise_and_of_nan",
        "[1, 2] & nan",
        &["NaN is neither true nor false"],
    ),
    (
        "mask_of_another_shape",
        "A = [[1, 2], [3, 4]]; A[[true, false]]",
        &["logical index"],
    ),
    ("backtick_string", "x = `abc`", &["double quotes"]),
    (
        "times_sign_lookalike",
        "2 × 3",
        &["unexpected character `×`"],
    ),
    (
        "unicode_minus_lookalike",
        "5 − 3",
        &["unexpected character `−`"],
    ),
    ("greek_pi", "r = 2; r * π", &["unexpected character `π`"]),
    (
        "smart_quotes",
        "print(“hi”)",
        &["curly quotes", "write \"hi\""],
    ),
    (
        "zero_width_space_in_name",
        "x\u{200b} = 1",
        &["unexpected invisible character"],
    ),
    (
        "escape_sequence_in_code",
        "x = \u{1b}[31m 1",
        &["unexpected invisible character"],
    ),
    ("symbol_soup", "§¶•", &["unexpected character"]),
    ("trailing_dot", "x = 1.", &["unexpected character `.`"]),
    ("digit_then_name", "y = 3x", &["`3 * x`"]),
    (
        "unterminated_string",
        "print(\"abc)",
        &["unterminated string"],
    ),
    (
        "string_across_lines",
        "x = \"ab\ncd\"",
        &["unterminated string", "same line"],
    ),
    ("unknown_escape", "s = \"a\\qb\"", &["unknown escape"]),
    (
        "overflowing_literal_as_size",
        "zeros(1e999)",
        &["non-negative integer", "Inf"],
    ),
    // Programs that do not parse.
    (
        "unclosed_matrix_at_end",
        "x = [1, 2,",
        &["end of input", "`]`"],
    ),
    ("unclosed_call_at_end", "f(1,", &["end of input", "`)`"]),
    ("unclosed_block_at_end", "for i in 1:3 {", &["end of input"]),
    ("extra_closing_paren", "x = (1 + 2))", &["unexpected `)`"]),
    ("mismatched_brackets", "x = [1, 2)", &["unexpected `)`"]),
    (
        "operator_at_end_of_input",
        "x = 1 +",
        &["end of input", "expression"],
    ),
    ("leading_binary_operator", "* 2", &["unexpected `*`"]),
    ("juxtaposed_numbers", "1 2", &["unexpected number"]),
    ("chained_comparison", "1 < 2 < 3", &["do not chain"]),
    ("range_with_three_colons", "1:2:3:4", &["unexpected `:`"]),
    ("assign_to_a_call", "f(x) = 3", &["unexpected `=`", "`==`"]),
    ("assign_to_true", "true = 1", &["unexpected `=`"]),
    (
        "assign_to_chained_index",
        "A = [1, 2]; A[1][2] = 3",
        &["unexpected `=`"],
    ),
    ("fn_without_name", "fn (x) = 1", &["expected name"]),
    (
        "fn_with_number_parameter",
        "fn f(1) = 1",
        &["unexpected number"],
    ),
    ("keyword_as_name", "fn = 1", &["expected name"]),
    ("brace_on_the_next_line", "if true\n{ 1 }", &["end of line"]),
    ("else_without_if", "else { 1 }", &["unexpected `else`"]),
    (
        "for_without_variable",
        "for in 1:3 { }",
        &["unexpected `in`"],
    ),
    ("for_without_in", "for i 1:3 { }", &["`in`"]),
    (
        "while_without_condition",
        "while { }",
        &["expected expression"],
    ),
    (
        "semicolon_row_separator",
        "[1, 2; 3, 4]",
        &["MATLAB", "`[[1, 2], [3, 4]]`"],
    ),
    (
        "positional_after_keyword",
        "max([1, 2], dim=1, 2)",
        &["positional argument cannot follow a keyword"],
    ),
    ("empty_index", "A = [1, 2]; A[]", &["unexpected `]`"]),
    ("tuple_on_the_right", "a, b = 1, 2", &["unexpected `,`"]),
    ("call_the_result_of_a_call", "f(1)(2)", &["unexpected `(`"]),
    ("postfix_bang", "x = 1; x!", &["unexpected `!`"]),
    ("adjacent_strings", "\"a\" \"b\"", &["unexpected string"]),
    (
        "three_syntax_errors_all_reported",
        "x = 1 +* 2\ny = ]\nz = 3 3",
        &["unexpected `*`", "unexpected `]`", "unexpected number"],
    ),
    (
        "mixed_rows_and_elements",
        "[[1, 2], 3]",
        &["mixes rows and plain elements"],
    ),
    ("ragged_rows", "[[1, 2], [3]]", &["1×1", "1×2"]),
    // Runtime errors.
    (
        "unknown_variable",
        "undefined_variable + 1",
        &["unknown variable `undefined_variable`"],
    ),
    ("misspelt_builtin", "sume([1, 2])", &["did you mean `sum`"]),
    (
        "sum_of_different_shapes",
        "[1, 2] + [1, 2, 3]",
        &["2×1", "3×1"],
    ),
    ("index_past_the_end", "v = [1, 2]; v[3]", &["out of range"]),
    ("string_times_number", "\"s\" * 2", &["string"]),
    (
        "user_function_arity",
        "fn f(x) = x; f(1, 2)",
        &["takes 1 argument"],
    ),
    (
        "failed_assert_message",
        "assert(1 == 2, \"custom message\")",
        &["custom message"],
    ),
    (
        "error_builtin",
        "error(\"boom from the script\")",
        &["boom from the script"],
    ),
    // NaN, Inf and fractions where whole numbers belong.
    (
        "negative_size",
        "zeros(-1)",
        &["non-negative integer", "-1"],
    ),
    (
        "fractional_size",
        "zeros(2.5)",
        &["non-negative integer", "2.5"],
    ),
    ("nan_size", "zeros(nan)", &["non-negative integer", "NaN"]),
    ("inf_size", "zeros(inf)", &["non-negative integer", "Inf"]),
    ("range_to_nan", "1:nan", &["finite", "NaN"]),
    ("range_to_inf", "1:inf", &["finite", "Inf"]),
    ("range_with_nan_step", "1:nan:5", &["step", "NaN"]),
    (
        "nan_index",
        "v = [1, 2, 3]; v[nan]",
        &["NaN", "not an integer"],
    ),
    (
        "inf_index",
        "v = [1, 2, 3]; v[inf]",
        &["Inf", "not an integer"],
    ),
    (
        "nan_condition",
        "if 0/0 { }",
        &["NaN", "neither true nor false"],
    ),
    (
        "nan_operand_of_or",
        "nan || true",
        &["NaN", "neither true nor false"],
    ),
    ("nan_dimension", "sum([1, 2], dim=nan)", &["dim=1 or dim=2"]),
    // Runaway recursion: 1,000 nested calls at most in the CLI.
    (
        "recursion_a_million_deep",
        "fn f(n) { if n == 0 { return 0 }; return f(n - 1) + 1 }; f(1e6)",
        &["recursion limit"],
    ),
    (
        "mutual_recursion",
        "fn f(n) = g(n + 1); fn g(n) = f(n + 1); f(0)",
        &["recursion limit"],
    ),
    (
        "recursion_inside_a_matrix_literal",
        "fn f(n) = sum([f(n - 1), 1]); f(1e6)",
        &["recursion limit"],
    ),
    // Allocations beyond any machine's memory, refused before allocating.
    (
        "repeat_beyond_memory",
        "repeat([1, 2], 1e6, 1e6)",
        &["too large"],
    ),
    (
        "kron_beyond_memory",
        "kron(ones(1e6, 1), ones(1, 1e6))",
        &["too large"],
    ),
    (
        "product_beyond_memory",
        "ones(1e6, 1) * ones(1, 1e6)",
        &["too large"],
    ),
    (
        "broadcast_beyond_memory",
        "ones(1e6, 1) .+ ones(1, 1e6)",
        &["too large"],
    ),
    ("range_beyond_memory", "v = (1:1e12)'", &["range", "limit"]),
    ("identity_beyond_memory", "eye(1e7)", &["too large"]),
    (
        "outer_beyond_memory",
        "outer(ones(1e6, 1), ones(1e6, 1))",
        &["too large"],
    ),
    ("diag_beyond_memory", "diag(ones(1e6, 1))", &["too large"]),
    (
        "index_vectors_beyond_memory",
        "v = [1, 2]; v[ones(1e6, 1), ones(1e6, 1)]",
        &["too large"],
    ),
];

/// How a case reaches the binary.
#[derive(Clone, Debug)]
enum Input {
    /// `la -e PROGRAM` (and, to compare, the same text on standard input).
    Eval(String),
    /// Bytes on standard input.
    Stdin(Vec<u8>),
    /// A script file of this name holding these bytes.
    File(&'static str, Vec<u8>),
}

impl Input {
    /// The program text, to compare cases.
    fn text(&self) -> String {
        match self {
            Input::Eval(text) => text.clone(),
            Input::Stdin(bytes) | Input::File(_, bytes) => {
                String::from_utf8_lossy(bytes).into_owned()
            }
        }
    }
}

struct Case {
    name: &'static str,
    input: Input,
    expect: &'static [&'static str],
}

/// Deep and long inputs, bytes an `-e` argument cannot carry, and script files.
fn generated_binary_cases() -> Vec<Case> {
    const DEEP: usize = 50_000;
    let case = |name, input, expect| Case {
        name,
        input,
        expect,
    };
    vec![
        case(
            "400_digit_literal_as_index",
            Input::Eval(format!("v = [1, 2]; v[{}]", "1234567890".repeat(40))),
            &["Inf", "not an integer"],
        ),
        case(
            "nul_byte",
            Input::Stdin(b"x = 1\0 + 2\n".to_vec()),
            &["unexpected invisible character"],
        ),
        case(
            "parens_50000_deep",
            Input::Eval(format!("{}1{}", "(".repeat(DEEP), ")".repeat(DEEP))),
            &["nested too deep", "brackets"],
        ),
        case(
            "brackets_50000_deep",
            Input::Eval(format!("{}1{}", "[".repeat(DEEP), "]".repeat(DEEP))),
            &["nested too deep", "brackets"],
        ),
        case(
            "minus_50000_deep",
            Input::Eval(format!("x = 1; {}x", "-".repeat(DEEP))),
            &["nested too deep", "prefix operators"],
        ),
        case(
            "adjoint_50000_deep",
            Input::Eval(format!("x = 1; x{}", "'".repeat(DEEP))),
            &["nested too deep", "postfix operators"],
        ),
        case(
            "blocks_50000_deep",
            Input::Stdin(format!("{}{}", "if true { ".repeat(DEEP), "}".repeat(DEEP)).into_bytes()),
            &["nested too deep"],
        ),
        case(
            "calls_50000_deep",
            Input::File(
                "calls.la",
                format!("{}1{}", "abs(".repeat(DEEP), ")".repeat(DEEP)).into_bytes(),
            ),
            &["nested too deep"],
        ),
        case(
            "indices_50000_deep",
            Input::File(
                "indices.la",
                format!("x = 1\ny = {}1{}", "x[".repeat(DEEP), "]".repeat(DEEP)).into_bytes(),
            ),
            &["nested too deep"],
        ),
        case(
            "operators_50000_long",
            Input::Stdin(format!("x = {}", vec!["1"; DEEP].join(" + ")).into_bytes()),
            &["expression too long"],
        ),
    ]
}

fn binary_cases() -> Vec<Case> {
    let mut cases: Vec<Case> = BINARY
        .iter()
        .map(|&(name, program, expect)| Case {
            name,
            input: Input::Eval(program.to_string()),
            expect,
        })
        .collect();
    cases.extend(generated_binary_cases());
    cases
}

/// What one run of the binary did.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

fn la() -> Command {
    let mut cmd = Command::cargo_bin("la").expect("the la binary is built");
    cmd.timeout(WATCHDOG);
    cmd.env_remove("NO_COLOR");
    cmd.arg("--no-color");
    cmd
}

fn run(cmd: &mut Command) -> Run {
    let started = Instant::now();
    let output = cmd.output().expect("la runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        elapsed: started.elapsed(),
    }
}

fn eval(program: &str) -> Run {
    run(la().args(["-e", program]))
}

fn run_stdin(bytes: &[u8]) -> Run {
    run(la().write_stdin(bytes.to_vec()))
}

/// Writes `bytes` to a fresh file named `name` in this test binary's scratch directory.
fn scratch_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("adversarial");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The first lines of a report, enough to see what went wrong without 100 kB of `((((`.
fn head(text: &str) -> String {
    let lines: Vec<&str> = text.lines().take(12).collect();
    lines
        .iter()
        .map(|l| l.chars().take(160).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Checks what every diagnostic run must show: an exit code of 1 or 2 within the
/// watchdog, `error` and the source name on stderr, and no sign of a crash.
fn check_failed_run(run: &Run, source: &str) -> Result<(), String> {
    if run.elapsed >= WATCHDOG {
        return Err(format!("no answer after {WATCHDOG:?} (hangs)"));
    }
    if !matches!(run.code, Some(1) | Some(2)) {
        return Err(format!(
            "exit code {:?} (a signal, a panic's 101 or success), stderr:\n{}",
            run.code,
            head(&run.stderr)
        ));
    }
    let lower = run.stderr.to_lowercase();
    for bad in ["panicked", "internal error", "stack overflow"] {
        if lower.contains(bad) {
            return Err(format!("stderr says {bad:?}:\n{}", head(&run.stderr)));
        }
    }
    if !lower.contains("error") {
        return Err(format!("stderr has no `error`:\n{}", head(&run.stderr)));
    }
    if !run.stderr.contains(&format!("{source}:")) {
        return Err(format!(
            "the diagnostic does not point into {source}:\n{}",
            head(&run.stderr)
        ));
    }
    Ok(())
}

fn check_binary_case(case: &Case) -> Result<(), String> {
    let (outcome, source) = match &case.input {
        Input::Eval(program) => (eval(program), "<-e>".to_string()),
        Input::Stdin(bytes) => (run_stdin(bytes), "<stdin>".to_string()),
        Input::File(name, bytes) => (run(la().arg(scratch_file(name, bytes))), name.to_string()),
    };
    check_failed_run(&outcome, &source)?;
    let lower = outcome.stderr.to_lowercase();
    for word in case.expect {
        if !lower.contains(&word.to_lowercase()) {
            return Err(format!(
                "the diagnostic does not mention {word:?}:\n{}",
                head(&outcome.stderr)
            ));
        }
    }
    if let Input::Eval(program) = &case.input {
        let piped = run_stdin(program.as_bytes());
        check_failed_run(&piped, "<stdin>").map_err(|e| format!("on stdin: {e}"))?;
        if piped.code != outcome.code {
            return Err(format!(
                "-e exits with {:?} but stdin with {:?}",
                outcome.code, piped.code
            ));
        }
    }
    Ok(())
}

/// Runs `check` on every item, `workers` at a time, and gathers the failures.
fn check_all<T: Sync>(
    workers: usize,
    items: &[T],
    name: impl Fn(&T) -> &str + Sync,
    check: impl Fn(&T) -> Result<(), String> + Sync,
) -> Vec<String> {
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(item) = items.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if let Err(e) = check(item) {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("{}: {e}", name(item)));
                    }
                }
            });
        }
    });
    failures.into_inner().unwrap()
}

#[test]
fn every_binary_case_ends_in_a_diagnostic() {
    let cases = binary_cases();
    let failures = check_all(WORKERS, &cases, |c| c.name, check_binary_case);
    assert!(
        failures.is_empty(),
        "{} of {} binary cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

// ---------------------------------------------------------------------------------------
// Through the API, under `Limits::strict()`.

/// `(name, program, kind of the error, words the rendered report must mention)`.
const API: &[(&str, &str, ErrorKind, &[&str])] = &[
    // A shape mismatch for every operator and for the builtins that join or pair things.
    (
        "minus_needs_equal_shapes",
        "[1, 2] - [[1, 2]]",
        ErrorKind::Shape,
        &["`.-`"],
    ),
    (
        "product_inner_dimensions",
        "[[1, 2]] * [[1, 2]]",
        ErrorKind::Shape,
        &["inner dimensions 2 and 1 differ"],
    ),
    (
        "right_division_columns",
        "[[1, 2]] / [[1, 2, 3]]",
        ErrorKind::Shape,
        &["columns 2 and 3 differ"],
    ),
    (
        "left_division_rows",
        "[1, 2] \\ [1, 2, 3]",
        ErrorKind::Shape,
        &["rows 2 and 3 differ"],
    ),
    (
        "power_of_non_square",
        "[[1, 2, 3]] ^ 2",
        ErrorKind::Shape,
        &["square"],
    ),
    (
        "power_with_matrix_exponent",
        "[[1, 2], [3, 4]] ^ [[1, 2], [3, 4]]",
        ErrorKind::Shape,
        &["exponent"],
    ),
    (
        "scalar_divided_by_matrix",
        "2 / [[1, 2], [3, 4]]",
        ErrorKind::Shape,
        &["`./`"],
    ),
    (
        "dotted_plus_no_broadcast",
        "[1, 2] .+ [1, 2, 3]",
        ErrorKind::Shape,
        &["broadcast"],
    ),
    (
        "dotted_times_no_broadcast",
        "ones(2, 3) .* ones(3, 2)",
        ErrorKind::Shape,
        &["broadcast"],
    ),
    (
        "dotted_divide_no_broadcast",
        "ones(2, 3) ./ ones(3, 2)",
        ErrorKind::Shape,
        &["broadcast"],
    ),
    (
        "dotted_power_no_broadcast",
        "ones(2, 3) .^ ones(3, 2)",
        ErrorKind::Shape,
        &["broadcast"],
    ),
    (
        "equality_no_broadcast",
        "[1, 2] == [1, 2, 3]",
        ErrorKind::Shape,
        &["broadcast"],
    ),
    (
        "ordering_no_broadcast",
        "[1, 2] < ones(3, 3)",
        ErrorKind::Shape,
        &["2×1", "3×3"],
    ),
    (
        "compound_plus_shapes",
        "A = ones(2, 2); A += ones(3, 3)",
        ErrorKind::Shape,
        &["2×2", "3×3"],
    ),
    (
        "compound_times_shapes",
        "A = ones(2, 3); A *= ones(2, 3)",
        ErrorKind::Shape,
        &["inner dimensions"],
    ),
    (
        "indexed_assignment_shape",
        "A = ones(3, 3); A[1:2, 1] = [1, 2, 3]",
        ErrorKind::Shape,
        &["selection"],
    ),
    (
        "block_matrix_heights",
        "[[ones(2, 2), ones(3, 3)]]",
        ErrorKind::Shape,
        &["rows"],
    ),
    (
        "vcat_widths",
        "vcat([[1, 2]], [[1, 2, 3]])",
        ErrorKind::Shape,
        &["columns"],
    ),
    (
        "hcat_heights",
        "hcat([1, 2], [1, 2, 3])",
        ErrorKind::Shape,
        &["rows"],
    ),
    (
        "identity_beside_non_square",
        "I + ones(2, 3)",
        ErrorKind::Shape,
        &["not square"],
    ),
    (
        "dot_lengths",
        "dot([1, 2], [1, 2, 3])",
        ErrorKind::Shape,
        &["equal length"],
    ),
    (
        "cross_of_2_vectors",
        "cross([1, 2], [3, 4])",
        ErrorKind::Shape,
        &["3-element"],
    ),
    (
        "det_of_non_square",
        "det(ones(2, 3))",
        ErrorKind::Shape,
        &["square"],
    ),
    (
        "reshape_count",
        "reshape(1:6, 4, 2)",
        ErrorKind::Shape,
        &["6 elements"],
    ),
    (
        "atan2_no_broadcast",
        "atan2([1, 2], [1, 2, 3])",
        ErrorKind::Shape,
        &["broadcast"],
    ),
    (
        "elementwise_max_no_broadcast",
        "max(ones(2, 3), ones(3, 2))",
        ErrorKind::Shape,
        &["broadcast"],
    ),
    // Values of the wrong kind, for operators and for every builtin family.
    (
        "string_plus_string",
        "\"a\" + \"b\"",
        ErrorKind::Type,
        &["string"],
    ),
    ("negated_string", "-\"s\"", ErrorKind::Type, &["string"]),
    (
        "transposed_string",
        "x = \"s\"; x'",
        ErrorKind::Type,
        &["string"],
    ),
    (
        "indexed_string",
        "\"abc\"[1]",
        ErrorKind::Type,
        &["cannot be indexed"],
    ),
    (
        "string_in_matrix",
        "[1, \"a\"]",
        ErrorKind::Type,
        &["string"],
    ),
    (
        "string_condition",
        "if \"s\" { }",
        ErrorKind::Type,
        &["string"],
    ),
    (
        "matrix_condition",
        "while [1, 2] { }",
        ErrorKind::Type,
        &["all(...)"],
    ),
    (
        "complex_ordering",
        "(1 + 2i) < 3",
        ErrorKind::Type,
        &["complex"],
    ),
    ("complex_not", "!(1 + 2i)", ErrorKind::Type, &["complex"]),
    (
        "string_index",
        "v = [1, 2]; v[\"a\"]",
        ErrorKind::Type,
        &["index", "string"],
    ),
    (
        "complex_index",
        "v = [1, 2]; v[1 + 2i]",
        ErrorKind::Type,
        &["complex"],
    ),
    (
        "matrix_index",
        "v = 1:4; v[[[1, 2], [3, 4]]]",
        ErrorKind::Type,
        &["2×2"],
    ),
    (
        "string_into_matrix_element",
        "v = [1, 2]; v[1] = \"s\"",
        ErrorKind::Type,
        &["string"],
    ),
    (
        "indexed_assignment_to_string",
        "x = \"s\"; x[1] = 2",
        ErrorKind::Type,
        &["string"],
    ),
    (
        "string_to_construction",
        "zeros(\"a\")",
        ErrorKind::Type,
        &["`zeros`", "string"],
    ),
    (
        "string_to_reduction",
        "sum(\"abc\")",
        ErrorKind::Type,
        &["`sum`", "string"],
    ),
    (
        "string_to_linear_algebra",
        "det(\"x\")",
        ErrorKind::Type,
        &["`det`", "string"],
    ),
    (
        "string_to_complex_family",
        "sqrt(\"x\")",
        ErrorKind::Type,
        &["`sqrt`", "string"],
    ),
    (
        "string_to_elementwise",
        "sin(\"x\")",
        ErrorKind::Type,
        &["`sin`", "string"],
    ),
    (
        "string_to_neural",
        "relu(\"x\")",
        ErrorKind::Type,
        &["`relu`", "string"],
    ),
    (
        "string_to_shape",
        "size(\"abc\")",
        ErrorKind::Type,
        &["`size`", "string"],
    ),
    (
        "number_as_error_message",
        "error(5)",
        ErrorKind::Type,
        &["string"],
    ),
    (
        "number_as_assert_message",
        "assert(true, 5)",
        ErrorKind::Type,
        &["string"],
    ),
    (
        "string_seed",
        "seed(\"x\")",
        ErrorKind::Type,
        &["`seed`", "string"],
    ),
    (
        "matrix_assert_condition",
        "assert([1, 0])",
        ErrorKind::Type,
        &["matrix"],
    ),
    ("indexed_identity", "I[1]", ErrorKind::Type, &["sizeless"]),
    ("identity_to_builtin", "inv(I)", ErrorKind::Type, &["`inv`"]),
    (
        "loop_over_identity",
        "for i in I { }",
        ErrorKind::Type,
        &["sizeless"],
    ),
    (
        "identity_in_matrix",
        "[I, 1]",
        ErrorKind::Type,
        &["sizeless"],
    ),
    (
        "call_a_matrix",
        "A = rand(3, 3); A(1, 2)",
        ErrorKind::Type,
        &["square brackets"],
    ),
    (
        "loop_over_no_value",
        "for i in print(1) { }",
        ErrorKind::Type,
        &["gives no value"],
    ),
    (
        "user_function_without_value",
        "fn f() { x = 1 }; y = f()",
        ErrorKind::Type,
        &["gives no value"],
    ),
    // Names.
    (
        "function_as_value",
        "fn f(x) = x; y = f + 1",
        ErrorKind::Type,
        &["this operand is a function"],
    ),
    (
        "builtin_as_tuple_source",
        "a, b = size",
        ErrorKind::Arity,
        &["2 names are assigned, but the right-hand side gives one value"],
    ),
    (
        "compound_assign_to_undefined",
        "q += 1",
        ErrorKind::Name,
        &["unknown variable"],
    ),
    (
        "indexed_assign_to_undefined",
        "q[1] = 2",
        ErrorKind::Name,
        &["unknown variable"],
    ),
    // Arities, keywords and tuples.
    (
        "builtin_too_many",
        "zeros(1, 2, 3)",
        ErrorKind::Arity,
        &["1 to 2 arguments"],
    ),
    (
        "user_function_too_few",
        "fn f(x) = x; f()",
        ErrorKind::Arity,
        &["takes 1 argument"],
    ),
    (
        "keyword_to_user_function",
        "fn f(x) = x; f(x=1)",
        ErrorKind::Arity,
        &["keyword"],
    ),
    (
        "unknown_keyword",
        "sum([1, 2], bogus=1)",
        ErrorKind::Arity,
        &["`bogus`"],
    ),
    (
        "keyword_to_builtin_without_keywords",
        "zeros(2, dim=1)",
        ErrorKind::Arity,
        &["`dim`"],
    ),
    (
        "error_without_message",
        "error()",
        ErrorKind::Arity,
        &["takes 1 argument"],
    ),
    (
        "too_many_names",
        "a, b, c, d = size([1, 2])",
        ErrorKind::Arity,
        &["4 names"],
    ),
    (
        "names_beyond_lu",
        "L, U, P, Q = lu([[1, 2], [3, 4]])",
        ErrorKind::Arity,
        &["3 values"],
    ),
    (
        "names_for_no_value",
        "a, b = print(1)",
        ErrorKind::Arity,
        &["no value"],
    ),
    (
        "tuple_inside_matrix",
        "[lu([[1, 2], [3, 4]])]",
        ErrorKind::Arity,
        &["three results"],
    ),
    // Indexing.
    (
        "three_indices",
        "A = ones(2, 2); A[1, 2, 3]",
        ErrorKind::Index,
        &["1 or 2 indices"],
    ),
    (
        "row_out_of_range",
        "A = ones(2, 2); A[3, 1]",
        ErrorKind::Index,
        &["2 rows"],
    ),
    (
        "column_zero",
        "A = ones(2, 2); A[1, 0]",
        ErrorKind::Index,
        &["indices start at 1"],
    ),
    (
        "fractional_index",
        "v = [1, 2]; v[1.5]",
        ErrorKind::Index,
        &["not an integer"],
    ),
    (
        "false_as_index",
        "v = [1, 2]; v[false]",
        ErrorKind::Shape,
        &["the mask is 1×1 and the matrix is 2×1"],
    ),
    (
        "nan_inside_index_vector",
        "v = [1, 2]; v[[1, nan]]",
        ErrorKind::Index,
        &["NaN"],
    ),
    (
        "range_past_end",
        "v = [1, 2]; v[end + 1:end + 2]",
        ErrorKind::Index,
        &["out of range"],
    ),
    (
        "assignment_does_not_grow",
        "v = [1, 2]; v[5] = 1",
        ErrorKind::Index,
        &["do not grow"],
    ),
    // Control flow in the wrong place.
    (
        "end_outside_index",
        "end + 1",
        ErrorKind::Control,
        &["outside an index"],
    ),
    (
        "end_inside_function_body",
        "fn f() = end; f()",
        ErrorKind::Control,
        &["outside an index"],
    ),
    (
        "continue_outside_loop",
        "continue",
        ErrorKind::Control,
        &["outside a loop"],
    ),
    (
        "break_in_function_called_from_loop",
        "fn f() { break }; for i in 1:2 { f() }",
        ErrorKind::Control,
        &["outside a loop"],
    ),
    // Values outside what an operation accepts.
    (
        "singular_inverse",
        "inv(zeros(2, 2))",
        ErrorKind::Singular,
        &["singular"],
    ),
    (
        "cholesky_of_negative_definite",
        "chol(-I(2))",
        ErrorKind::Domain,
        &["positive definite"],
    ),
    (
        "logdet_of_negative_determinant",
        "logdet(-I(3))",
        ErrorKind::Domain,
        &["slogdet"],
    ),
    ("eig_of_nan", "eig(nan * I(2))", ErrorKind::Domain, &["NaN"]),
    (
        "unknown_norm",
        "norm([1, 2], \"bogus\")",
        ErrorKind::Domain,
        &["\"bogus\""],
    ),
    (
        "unknown_qr_option",
        "qr(ones(2, 2), \"bogus\")",
        ErrorKind::Domain,
        &["econ"],
    ),
    (
        "softmax_dim_3",
        "softmax(ones(2, 2), 3)",
        ErrorKind::Domain,
        &["dim=1 or dim=2"],
    ),
    (
        "negative_seed",
        "seed(-1)",
        ErrorKind::Domain,
        &["non-negative integer"],
    ),
    (
        "negative_tolerance",
        "approx(1, 1, -1)",
        ErrorKind::Domain,
        &["tolerance"],
    ),
    (
        "negative_point_count",
        "linspace(0, 1, -1)",
        ErrorKind::Domain,
        &["non-negative integer"],
    ),
    (
        "nan_diagonal_offset",
        "triu(ones(2, 2), nan)",
        ErrorKind::Domain,
        &["diagonal offset"],
    ),
    ("max_of_empty", "max([])", ErrorKind::Domain, &["empty"]),
    (
        "max_of_empty_destructured",
        "m, i = max(zeros(0, 3))",
        ErrorKind::Domain,
        &["empty"],
    ),
    (
        "fractional_matrix_power",
        "[[1, 2], [3, 4]] ^ 0.5",
        ErrorKind::Domain,
        &["integer exponent"],
    ),
    // Runaway programs: operations, calls, time and memory under the strict limits.
    (
        "infinite_while",
        "while true { }",
        ErrorKind::Limit,
        &["operation limit"],
    ),
    (
        "infinite_while_with_continue",
        "while true { continue }",
        ErrorKind::Limit,
        &["operation limit"],
    ),
    (
        "huge_for",
        "for i in 1:1e12 { }",
        ErrorKind::Limit,
        &["operation limit"],
    ),
    (
        "unbounded_recursion",
        "fn f(n) = f(n + 1); f(1)",
        ErrorKind::Limit,
        &["recursion limit"],
    ),
    (
        "deadline_before_the_operation_limit",
        "for i in 1:999999 { x = sum(1:1000) }",
        ErrorKind::Limit,
        &["time limit"],
    ),
    (
        "one_matrix_too_large",
        "zeros(2000, 2000)",
        ErrorKind::Limit,
        &["too large"],
    ),
    (
        "all_variables_too_large",
        "A = zeros(1000, 1000); B = zeros(1000, 1000); C = zeros(1000, 1000); \
         D = zeros(1000, 1000); E = zeros(1000, 1000); F = zeros(1000, 1000); \
         G = zeros(1000, 1000); H = zeros(1000, 1000); J = zeros(1000, 1000); \
         K = zeros(1000, 1000); L = zeros(1000, 1000)",
        ErrorKind::Limit,
        &["does not fit"],
    ),
    // Growth by steps of ten, so that the legal steps stay cheap and the refused one is
    // far beyond the limit.
    (
        "growth_by_concatenation",
        "x = ones(2e3, 1); for k in 1:9 { x = [x, x, x, x, x, x, x, x, x, x] }",
        ErrorKind::Limit,
        &["too large"],
    ),
    (
        "hcat_chain",
        "x = ones(2e3, 1); for k in 1:9 { x = hcat(x, x, x, x, x, x, x, x, x, x) }",
        ErrorKind::Limit,
        &["too large"],
    ),
    (
        "kron_chain",
        "x = ones(40, 1); y = kron(kron(kron(x, x), x), x)",
        ErrorKind::Limit,
        &["too large"],
    ),
    (
        "repeat_chain",
        "x = ones(2e3, 1); for k in 1:9 { x = repeat(x, 10, 1) }",
        ErrorKind::Limit,
        &["too large"],
    ),
    (
        "range_over_the_limit",
        "r = 1:2e6",
        ErrorKind::Limit,
        &["range", "limit"],
    ),
];

struct ApiCase {
    name: &'static str,
    program: String,
    kind: ErrorKind,
    expect: &'static [&'static str],
}

fn api_cases() -> Vec<ApiCase> {
    let mut cases: Vec<ApiCase> = API
        .iter()
        .map(|&(name, program, kind, expect)| ApiCase {
            name,
            program: program.to_string(),
            kind,
            expect,
        })
        .collect();
    // Generated: the strict limits on nesting (64) and program length (100,000 bytes).
    cases.push(ApiCase {
        name: "strict_nesting_65_deep",
        program: format!("{}1{}", "(".repeat(65), ")".repeat(65)),
        kind: ErrorKind::Limit,
        expect: &["nested too deep"],
    });
    cases.push(ApiCase {
        name: "program_too_long",
        program: format!("x = \"{}\"", "a".repeat(200_000)),
        kind: ErrorKind::Limit,
        expect: &["bytes long"],
    });
    cases
}

/// What an API case gave: the error's kind and rendered report, and the value of `1 + 1`
/// run afterwards.
type ApiOutcome = (Option<(ErrorKind, String)>, Result<Option<Value>, String>);

fn check_api_case(case: &ApiCase) -> Result<(), String> {
    let (done, outcome) = mpsc::channel();
    let program = case.program.clone();
    std::thread::Builder::new()
        .name(case.name.to_string())
        .spawn(move || {
            // Around `run`, not just `execute`: a panic in the parser must not escape either.
            let result = std::panic::catch_unwind(|| -> ApiOutcome {
                let mut la = Interpreter::new();
                la.set_limits(Limits::strict());
                let error = la
                    .run(SOURCE, &program)
                    .err()
                    .map(|e| (e.kind(), e.render(false)));
                let after = la.run("after", "1 + 1").map_err(|e| e.to_string());
                (error, after)
            });
            let _ = done.send(result);
        })
        .map_err(|e| e.to_string())?;
    let (error, after) = match outcome.recv_timeout(WATCHDOG) {
        Err(_) => return Err(format!("no answer after {WATCHDOG:?} (hangs)")),
        Ok(Err(_)) => return Err("panicked".to_string()),
        Ok(Ok(outcome)) => outcome,
    };
    let Some((kind, report)) = error else {
        return Err("ran without error".to_string());
    };
    if kind != case.kind {
        return Err(format!(
            "a {kind:?} error, not {:?}:\n{}",
            case.kind,
            head(&report)
        ));
    }
    let lower = report.to_lowercase();
    for word in case.expect {
        if !lower.contains(&word.to_lowercase()) {
            return Err(format!(
                "the report does not mention {word:?}:\n{}",
                head(&report)
            ));
        }
    }
    if !report.contains(&format!("{SOURCE}:")) {
        return Err(format!("the report has no location:\n{}", head(&report)));
    }
    if after != Ok(Some(Value::Scalar(2.0))) {
        return Err(format!("the interpreter is unusable afterwards: {after:?}"));
    }
    Ok(())
}

#[test]
fn every_api_case_ends_in_a_diagnostic_under_strict_limits() {
    let cases = api_cases();
    let failures = check_all(API_WORKERS, &cases, |c| c.name, check_api_case);
    assert!(
        failures.is_empty(),
        "{} of {} API cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_tables_hold_at_least_100_distinct_cases() {
    let binary = binary_cases();
    let api = api_cases();
    let mut names: Vec<&str> = binary.iter().map(|c| c.name).collect();
    names.extend(api.iter().map(|c| c.name));
    let mut programs: Vec<String> = binary
        .iter()
        .map(|c| c.input.text())
        .chain(api.iter().map(|c| c.program.clone()))
        .collect();
    let total = names.len();
    names.sort_unstable();
    names.dedup();
    programs.sort_unstable();
    programs.dedup();
    assert_eq!(names.len(), total, "two cases share a name");
    assert_eq!(programs.len(), total, "two cases run the same program");
    assert!(total >= 100, "only {total} cases");
}

// ---------------------------------------------------------------------------------------
// Properties a table row cannot express.

/// Nesting 50,000 deep through the library, on a thread with the default 2 MiB stack and
/// the default limits (so the length limit does not refuse the text first): each ends in
/// "nested too deep", "expression too long" or "recursion limit", not a stack overflow.
#[test]
fn deep_nesting_ends_in_a_diagnostic_through_the_api() {
    const DEEP: usize = 50_000;
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "parens",
            format!("{}1{}", "(".repeat(DEEP), ")".repeat(DEEP)),
            "nested too deep",
        ),
        (
            "brackets",
            format!("{}1{}", "[".repeat(DEEP), "]".repeat(DEEP)),
            "nested too deep",
        ),
        (
            "blocks",
            format!("{}{}", "while true { ".repeat(DEEP), "}".repeat(DEEP)),
            "nested too deep",
        ),
        (
            "calls",
            format!("{}1{}", "abs(".repeat(DEEP), ")".repeat(DEEP)),
            "nested too deep",
        ),
        (
            "unclosed",
            format!("x = {}", "[(".repeat(DEEP)),
            "nested too deep",
        ),
        (
            "minus",
            format!("x = 1; {}x", "-".repeat(DEEP)),
            "nested too deep",
        ),
        (
            "not",
            format!("{}true", "!".repeat(DEEP)),
            "nested too deep",
        ),
        (
            "adjoint",
            format!("x = 1; x{}", "'".repeat(DEEP)),
            "nested too deep",
        ),
        (
            "transpose",
            format!("x = 1; x{}", ".'".repeat(DEEP)),
            "nested too deep",
        ),
        (
            "power",
            format!("x = {}", vec!["1"; DEEP].join("^")),
            "expression too long",
        ),
        (
            "recursion",
            "fn f(n) { if n == 0 { return 0 }; return f(n - 1) + 1 }; f(1e6)".to_string(),
            "recursion limit",
        ),
    ];
    let check = |(name, program, expected): &(&str, String, &str)| -> Result<(), String> {
        let (done, outcome) = mpsc::channel();
        let program = program.clone();
        std::thread::Builder::new()
            .name(name.to_string())
            .stack_size(2 << 20)
            .spawn(move || {
                let mut la = Interpreter::new();
                let message = la
                    .run(SOURCE, &program)
                    .err()
                    .map(|e| e.message().to_owned());
                let _ = done.send(message);
            })
            .map_err(|e| e.to_string())?;
        match outcome.recv_timeout(WATCHDOG) {
            Ok(Some(message)) if message.contains(expected) => Ok(()),
            Ok(other) => Err(format!("expected {expected:?}, got {other:?}")),
            Err(_) => Err("no answer (hangs or crashed its thread)".to_string()),
        }
    };
    let failures = check_all(WORKERS, &cases, |c| c.0, check);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The CLI may use half of the machine's memory. A 100000×100000 matrix needs 80 GB, which
/// is more than half on any machine with less than 160 GB.
#[test]
fn zeros_100000_by_100000_is_refused_with_exit_code_1() {
    let total_gb = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            let line = info
                .lines()
                .find(|l| l.starts_with("MemTotal:"))?
                .to_owned();
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .map(|kib| kib / (1 << 20));
    if total_gb.is_some_and(|gb| gb >= 150) {
        eprintln!("skipped: {total_gb:?} GB of memory would hold the matrix");
        return;
    }
    let run = eval("zeros(100000, 100000)");
    assert_eq!(run.code, Some(1), "{run:#?}");
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("too large"), "{}", run.stderr);
    assert!(run.stderr.contains("<-e>:1:1"), "{}", run.stderr);
    assert!(run.elapsed < Duration::from_secs(10), "{run:#?}");
}

/// A runtime error stops the script with exit code 1. Everything printed before it reaches
/// stdout, even a lot of it, because stdout is flushed first. The report names the file and
/// the line, and it also labels the call that led into the function.
#[test]
fn a_failing_script_flushes_its_output_and_names_the_file_and_line() {
    let script = "print(\"start\")\n\
                  for i in 1:5000 { print(i) }\n\
                  fn scale(v) = v * [1, 2, 3]\n\
                  x = 2\n\
                  y = scale([1, 2])\n\
                  print(\"never\")\n";
    let path = scratch_file("fails_late.la", script.as_bytes());
    // The checker finds this error before running (through the call); the run is asked for.
    let run = run(la().arg("--no-check").arg(&path));
    assert_eq!(run.code, Some(1), "{run:#?}");
    let expected: String = std::iter::once("start".to_string())
        .chain((1..=5000).map(|i| i.to_string()))
        .chain(std::iter::once("x = 2".to_string()))
        .map(|line| line + "\n")
        .collect();
    assert!(run.stdout == expected, "stdout: {}", head(&run.stdout));
    assert!(run.stderr.contains("inner dimensions"), "{}", run.stderr);
    assert!(run.stderr.contains("fails_late.la:3:17"), "{}", run.stderr);
    assert!(
        run.stderr.contains(" 5 │ y = scale([1, 2])"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("in this call to `scale`"),
        "{}",
        run.stderr
    );
}

/// A script that ends in the middle of a statement points at its last line, and nothing in
/// it runs.
#[test]
fn a_script_that_ends_mid_statement_says_where() {
    let scripts: [(&str, &str, &str); 4] = [
        (
            "open_matrix.la",
            "print(1)\nx = 1\nx = [1, 2,",
            "open_matrix.la:3:5",
        ),
        (
            "open_call.la",
            "print(1)\nfn f(a, b) = a\nf(1,",
            "open_call.la:3:2",
        ),
        (
            "open_block.la",
            "print(1)\nfor i in 1:3 {\n  print(i)\n",
            "open_block.la:2:14",
        ),
        (
            "trailing_operator.la",
            "print(1)\nx = 1 +\n",
            "trailing_operator.la:",
        ),
    ];
    for (name, text, location) in scripts {
        let path = scratch_file(name, text.as_bytes());
        let run = run(la().arg(&path));
        assert_eq!(run.code, Some(1), "{name}: {run:#?}");
        assert_eq!(
            run.stdout, "",
            "{name}: a script that does not parse must not run"
        );
        assert!(
            run.stderr.contains("unexpected end of input"),
            "{name}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(location), "{name}: {}", run.stderr);
    }
}

/// Text that is not UTF-8 is refused as a whole with exit code 1, with a message naming
/// the input, the line and column of the first bad byte, and the byte; none of the valid
/// part runs. (tests/cli.rs
/// checks two other byte sequences.)
#[test]
fn invalid_utf8_is_a_clear_error() {
    let files: [(&str, &[u8]); 4] = [
        ("surrogate.la", b"print(\"before\")\nx = \"\xed\xa0\x80\"\n"),
        ("overlong.la", b"print(\"before\")\nx = 1 \xc0\xaf 2\n"),
        ("truncated.la", b"print(\"before\")\nx = \"\xe2\x82"),
        ("latin1.la", b"print(\"before\")\n# caf\xe9\n"),
    ];
    for (name, bytes) in files {
        let path = scratch_file(name, bytes);
        let run = run(la().arg(&path));
        assert_eq!(run.code, Some(1), "{name}: {run:#?}");
        assert_eq!(run.stdout, "", "{name}: nothing may run");
        assert!(run.stderr.contains(name), "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains("not valid UTF-8"),
            "{name}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
    }
    let garbage: Vec<u8> = (0..512u32).map(|i| (i * 167 + 13) as u8).collect();
    let run = run_stdin(&garbage);
    assert_eq!(run.code, Some(1), "{run:#?}");
    assert!(run.stderr.contains("<stdin>:1:"), "{}", run.stderr);
    assert!(run.stderr.contains("not valid UTF-8"), "{}", run.stderr);
    // The message points at the first bad byte.
    let path = scratch_file("where.la", b"x = 1\n# caf\xe9\n");
    let pointed = crate::run(la().arg(&path));
    assert!(
        pointed.stderr.contains("where.la:2:6:"),
        "{}",
        pointed.stderr
    );
    assert!(pointed.stderr.contains("byte 0xE9"), "{}", pointed.stderr);
}

/// NaN and Inf follow IEEE arithmetic and print as `NaN` and `Inf`. The reductions skip NaN
/// without panicking, and huge literals overflow to Inf.
#[test]
fn nan_and_inf_are_ieee_values_that_print_and_reduce() {
    let run = eval(
        "0/0\n1/0\n-1/0\n[0/0, 1/0, -1/0]\nmax([nan, 1])\nargmax([nan, 2, 1])\n\
         max([nan, nan])\nmin([nan, -inf])\nm, i = max([nan, 3, nan, 5])\n1e999\n\
         print(nan, inf, -inf)\nsum([inf, -inf])\ninf - inf == nan",
    );
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert_eq!(
        run.stdout,
        "ans = NaN\nans = Inf\nans = -Inf\nans = 3×1\n    NaN\n    Inf\n   -Inf\n\
         ans = 1\nans = 2\nans = NaN\nans = -Inf\nm = 5\ni = 4\nans = Inf\n\
         NaN Inf -Inf\nans = NaN\nans = false\n"
    );
    assert_eq!(run.stderr, "");
}

// ---------------------------------------------------------------------------------------
// Inputs that may succeed or fail but must never panic (moved here from tests/cli.rs).

#[test]
fn nasty_inputs_never_panic() {
    let deep_parens = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
    let deep_brackets = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_minus = format!("{}1", "-".repeat(10_000));
    let deep_not = format!("{}1", "!".repeat(10_000));
    let deep_quotes = format!("x = [[1, 2]]{}", "'".repeat(10_000));
    let long_sum = vec!["1"; 20_000].join(" + ");
    let long_product = vec!["2"; 20_000].join("*");
    let deep_power = vec!["1"; 5_000].join("^");
    let deep_blocks = format!("{}1{}", "if true { ".repeat(5_000), " }".repeat(5_000));
    let deep_calls = format!("{}1{}", "abs(".repeat(10_000), ")".repeat(10_000));
    // `zeros(0, 1e9)` is left out: an empty matrix costs a step per column, like a full
    // one of that many elements (2.5 s in release, far more in this debug build), and is
    // refused only above the element limit. Inputs that must end in a particular
    // diagnostic are in the tables above.
    let nasty: Vec<&str> = vec![
        "",
        "[",
        "]]]",
        "((",
        ")",
        "{",
        "}",
        "\"",
        "'",
        ",",
        ";;;",
        "1/0",
        "0/0",
        "-1/0",
        "zeros(0,3)'",
        "A[0]",
        "A = [1]; A[0]",
        "A = [1]; A[-1]",
        "A = [1]; A[nan]",
        "A = [1]; A[1e300]",
        "A = [1]; A[0] = 1",
        "x = 1:0; x[1]",
        "x = 5; x[2] = 1",
        &deep_parens,
        &deep_brackets,
        &deep_minus,
        &deep_not,
        &deep_quotes,
        &long_sum,
        &long_product,
        &deep_power,
        &deep_blocks,
        &deep_calls,
        "zeros(1e6, 1e6)",
        "zeros(1e300)",
        "ones(-1, 2)",
        "eye(1e9, 0)",
        "1:1e12",
        "x = 1:1e12;",
        "for i in 1:1e12 { break }",
        "0:1e-300:1",
        "1:0:5",
        "repeat([[1]], 1e9, 1e9)",
        "repeat(zeros(3000, 1), 8e15, 1)",
        "reshape(1:6, 1e15, 1e15)",
        "linspace(0, 1, 1e12)",
        "fn f() = f(); f()",
        "fn f(n) { return f(n + 1) + 1 }; f(0)",
        "inv(zeros(0, 0))",
        "det(zeros(0, 0))",
        "inv(nan * ones(2, 2))",
        "det(nan * ones(2, 2))",
        "inv([[1, 2], [2, 4]])",
        "[[1, 2], [2, 4]] \\ [1, 2]",
        "ones(3, 3)^-1",
        "[[1, 2], [3, 4]]^1e18",
        "[[1, 0], [0, 1]]^-1e300",
        "[[1, 2], [3, 4]]^nan",
        "[[1, 2], [3, 4]]^inf",
        "zeros(0, 3) * zeros(3, 0)",
        "zeros(3, 0) * zeros(0, 3)",
        "zeros(0, 0) \\ zeros(0, 0)",
        "zeros(2, 0) \\ zeros(2, 1)",
        "zeros(0, 2) \\ zeros(0, 1)",
        "ones(2, 2) / zeros(2, 2)",
        "norm(nan * ones(3, 3))",
        "norm(inf * ones(3, 3))",
        "softmax(zeros(0, 3), dim=1)",
        "softmax([[-inf, -inf]])",
        "max(zeros(0, 3))",
        "argmax(zeros(0, 3), dim=1)",
        "mean(zeros(0, 3))",
        "sum(ones(3, 3), dim=1.5)",
        "seed(1e300)",
        "dot(zeros(0, 1), zeros(0, 1))",
        "trace(zeros(0, 0))",
        "hcat()",
        "hcat(zeros(0, 5), zeros(2, 0))",
        "x = [1, 2]; x[[]]",
        "x = [1, 2]; x[zeros(0, 0)] = 5",
        "end",
        "[end]",
        "x = \"π×→\" + [1, 2]",
        "print(\"×π→\")",
        "a, b = 1",
        "return",
        "break",
        "fn f() { fn g() = 1 }; f()",
        "f = 1; f(2)",
        "print(print)",
        "x = print(1)",
        "\u{0}",
        "x = 1 # \u{1b}[31m",
        "\"\\",
        "1e999",
        "-1e999 * 0",
        "x = 1; x(1) = 2",
        "A = ones(3, 3); A[2, :] = []",
        "for x in \"abc\" { }",
        "while nan { }",
        "if [1, 2] { }",
        "assert(false)",
        "assert(nan, \"message\")",
        "error(\"\")",
        "approx(1, 1, nan)",
        "\u{feff}x = 1",
        // NaN and Inf in ordering (an unknown function, should `sort` go away, is fine too).
        "sort([3, nan, 1, -inf, inf, nan])",
        "sort([[nan, 2], [1, nan]], dim=2)",
        "sort(zeros(0, 3))",
        "median([nan, 1])",
    ];
    let failures = check_all(
        WORKERS,
        &nasty,
        |program: &&str| *program,
        |program| {
            let via_stdin = run_stdin(program.as_bytes());
            expect_no_panic(&via_stdin)?;
            // A NUL byte cannot travel in a command-line argument.
            if !program.contains('\0') {
                let via_eval = eval(program);
                expect_no_panic(&via_eval).map_err(|e| format!("-e: {e}"))?;
                if via_eval.code != via_stdin.code {
                    return Err("-e and stdin disagree".to_string());
                }
            }
            Ok(())
        },
    );
    let failures: Vec<String> = failures
        .iter()
        .map(|f| f.chars().take(400).collect())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn expect_no_panic(run: &Run) -> Result<(), String> {
    if !matches!(run.code, Some(0) | Some(1)) {
        return Err(format!("exit code {:?}\n{}", run.code, head(&run.stderr)));
    }
    for bad in ["panicked", "internal error"] {
        if run.stderr.contains(bad) {
            return Err(format!("{bad}\n{}", head(&run.stderr)));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The bugs this suite found, each fixed and kept here.

/// Set in the child process that `chained_indexing_ends_in_a_limit_error_not_a_stack_overflow`
/// starts.
const CHILD: &str = "LA_ADVERSARIAL_CHILD";

/// A long chain of postfix operations (`x[1][1]...`, `x'[1]'[1]...`) once overflowed the
/// stack when the tree was dropped, aborting the host process: indexing did not count as
/// a postfix level. Now 200 levels is the limit ("nested too deep"), on a 2 MiB thread
/// too. The library runs in a child process, since an abort could not be caught.
#[test]
fn chained_indexing_ends_in_a_limit_error_not_a_stack_overflow() {
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "chained_indexing_child",
            "--nocapture",
        ])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{:?}\n{}",
        output.status,
        head(&stderr)
    );
}

#[test]
#[ignore = "helper: runs only as the child of chained_indexing_ends_in_a_limit_error_not_a_stack_overflow"]
fn chained_indexing_child() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    for program in [
        format!("x = 1; x{}", "[1]".repeat(50_000)),
        format!("x = 1; x{}", "'[1]".repeat(9_999)),
    ] {
        let outcome = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                let mut la = Interpreter::new();
                // A value or a limit error ("nested too deep") are both fine; an abort is not.
                match la.run(SOURCE, &program) {
                    Err(e) if e.kind() != ErrorKind::Limit => Some(e.render(false)),
                    _ => None,
                }
            })
            .unwrap()
            .join()
            .unwrap();
        if let Some(report) = outcome {
            panic!("{}", head(&report));
        }
    }
}

/// Reports count lines as the lexer does: a form feed (whitespace by grammar.md §1), a
/// vertical tab, NEL, U+2028 or U+2029 in a comment is not a line break, though ariadne
/// would take it for one (src/render.rs hands it spaces instead). `to_string()` and the
/// rendered report agree on `ff.la:2:`.
#[test]
fn reports_count_only_newlines_as_line_breaks() {
    // Each program's error is on line 2.
    let mut programs = vec!["x = 1 \u{c}+ 2\ny = [1,2] * [1,2]\n".to_string()];
    for separator in ["\u{c}", "\u{b}", "\u{85}", "\u{2028}", "\u{2029}"] {
        programs.push(format!("# a{separator}b\nx = [1,2] * [1,2]\n"));
    }
    let mut failures = Vec::new();
    for program in programs {
        let mut la = Interpreter::new();
        let error = la.run("ff.la", &program).unwrap_err();
        let report = error.render(false);
        if !report.contains("ff.la:2:") {
            failures.push(format!("{program:?} ({error}):\n{}", head(&report)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A keyword given twice is an error (it used to take the first value silently), like a
/// dimension given both positionally and as `dim=` (tests/errors/dim_given_twice.la).
#[test]
fn a_keyword_given_twice_is_an_error() {
    for program in [
        "sum(ones(2, 2), dim=1, dim=2)",
        "approx(1, 1.5, tol=1, tol=0)",
    ] {
        let mut la = Interpreter::new();
        let result = la.run(SOURCE, program);
        assert!(
            result.as_ref().is_err_and(|e| e.kind() == ErrorKind::Arity),
            "{program}: {result:?}"
        );
    }
}

/// Two parameters with one name are an error at the definition (`fn f(x, x)` used to
/// let the second shadow the first).
#[test]
fn duplicate_parameter_names_are_an_error() {
    let mut la = Interpreter::new();
    let result = la.run(SOURCE, "fn f(x, x) = x; f(1, 2)");
    assert!(result.is_err(), "{result:?}");
}

/// "unexpected character" names invisible characters by code point (`U+200B
/// (zero-width space)`) instead of printing them raw, where a NUL, a zero-width space or
/// an ESC would be invisible or reach the terminal as an escape sequence. A byte-order
/// mark, which some Windows editors write, is whitespace.
#[test]
fn invisible_characters_are_named_not_printed() {
    let mut failures = Vec::new();
    for (program, invisible) in [
        ("x\u{200b} = 1", '\u{200b}'),
        ("x = 1\u{0} + 2", '\u{0}'),
        ("x = \u{1b}[2J 1", '\u{1b}'),
        ("\u{feff}x = 1", '\u{feff}'),
        ("x = 1\u{a0}+ 2", '\u{a0}'),
    ] {
        let mut la = Interpreter::new();
        if let Err(e) = la.run(SOURCE, program) {
            if e.message().contains(invisible) {
                failures.push(format!("{program:?}: {:?}", e.message()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A whole number too large for a size is called too large, not "not an integer"
/// (`zeros(1e19)`, `fill(1, 2^62, 0)`).
#[test]
fn a_huge_whole_number_is_called_too_large() {
    for program in ["zeros(1e19)", "fill(1, 2^62, 0)"] {
        let mut la = Interpreter::new();
        let e = la.run(SOURCE, program).unwrap_err();
        assert!(
            !e.message().contains("non-negative integer"),
            "{program}: {}",
            e.render(false)
        );
    }
}

/// A block left open at the end of input (`for i in 1:3 {`) or a header without its block
/// (`if true`) names what is missing, `}` or `{`, as an open `[` names `]` (it used to say
/// only "this does not fit here").
#[test]
fn an_unclosed_block_says_what_is_missing() {
    for (program, missing) in [
        ("x = 1\nfor i in 1:3 {\n  print(i)\n", "`}`"),
        ("fn f(x) {\n  x + 1\n", "`}`"),
        ("if true", "`{`"),
    ] {
        let mut la = Interpreter::new();
        let report = la.run(SOURCE, program).unwrap_err().render(false);
        assert!(report.contains(missing), "{program:?}:\n{report}");
    }
}

/// grammar.md §12: a file with several syntax errors reports all of them along with every
/// lexing error (a lexing error once hid the parse errors of every other line).
#[test]
fn a_lexing_error_and_other_lines_syntax_errors_are_all_reported() {
    let mut la = Interpreter::new();
    let error = la.run(SOURCE, "x = 1 +* 2\ny = 3 $ 4\n").unwrap_err();
    assert_eq!(error.diagnostics().len(), 2, "{}", error.render(false));
}
