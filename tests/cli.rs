//! The `la` binary as a user meets it: a real process for script files, `-e` and piped
//! standard input, checking exit codes (0 success, 1 program error, 2 bad usage), what goes
//! to stdout and stderr, colour control and the examples. Inputs built to break `la` are in
//! tests/adversarial.rs.

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

/// What one run of the binary did.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn la() -> Command {
    let mut cmd = Command::cargo_bin("la").expect("the la binary is built");
    cmd.timeout(Duration::from_secs(120));
    cmd.env_remove("NO_COLOR");
    cmd
}

fn run(cmd: &mut Command) -> Run {
    let output = cmd.output().expect("la runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn eval(program: &str) -> Run {
    run(la().args(["--no-color", "-e", program]))
}

/// Writes `bytes` to a fresh file named `name` in this test binary's scratch directory.
fn scratch_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[track_caller]
fn expect_success(run: &Run) {
    assert_eq!(run.code, Some(0), "expected success: {run:#?}");
    assert!(
        run.stderr.is_empty(),
        "expected nothing on stderr: {run:#?}"
    );
}

#[track_caller]
fn expect_no_panic(what: &str, run: &Run) {
    assert!(
        matches!(run.code, Some(0) | Some(1)),
        "{what}: exit code must be 0 or 1, got {:?}\n{}",
        run.code,
        run.stderr
    );
    assert!(
        !run.stderr.contains("panicked"),
        "{what}: panicked\n{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("internal error"),
        "{what}: internal error\n{}",
        run.stderr
    );
}

#[test]
fn a_script_file_runs_and_prints() {
    let path = scratch_file(
        "prints.la",
        b"x = 2 + 3\nprint(\"x is\", x)\ny = [1, 2];\ny'\n",
    );
    let run = run(la().arg("--no-color").arg(&path));
    expect_success(&run);
    assert_eq!(run.stdout, "x = 5\nx is 5\nans = 1×2\n   1   2\n");
}

#[test]
fn dash_e_runs_a_string() {
    let run = eval("A = [[1, 2], [3, 4]]; x = [[5], [6]]; A*x");
    expect_success(&run);
    assert_eq!(run.stdout, "ans = 2×1\n   17\n   39\n");
}

#[test]
fn long_eval_flag_works_too() {
    let run = run(la().args(["--no-color", "--eval", "1 + 1"]));
    expect_success(&run);
    assert_eq!(run.stdout, "ans = 2\n");
}

#[test]
fn a_program_starting_with_a_minus_is_not_a_flag() {
    let run = eval("-2^2");
    expect_success(&run);
    assert_eq!(run.stdout, "ans = -4\n");
}

#[test]
fn piped_stdin_runs_as_a_script() {
    let run = run(la().arg("--no-color").write_stdin("a = 4\nsqrt(a)\n"));
    expect_success(&run);
    assert_eq!(run.stdout, "a = 4\nans = 2\n");
}

#[test]
fn empty_input_succeeds_silently() {
    let run = eval("");
    expect_success(&run);
    assert_eq!(run.stdout, "");
    let run = run_stdin("");
    expect_success(&run);
    assert_eq!(run.stdout, "");
}

fn run_stdin(text: &str) -> Run {
    run(la().arg("--no-color").write_stdin(text))
}

#[test]
fn a_runtime_error_exits_1_after_printing_earlier_output() {
    let path = scratch_file(
        "fails.la",
        b"x = 1\nprint(\"before\")\ny = [[1, 2]] * [[1, 2]]\nprint(\"after\")\n",
    );
    // --no-check: the checker would refuse to start this script (tests/check.rs).
    let run = run(la().arg("--no-color").arg("--no-check").arg(&path));
    assert_eq!(run.code, Some(1), "{run:#?}");
    assert_eq!(run.stdout, "x = 1\nbefore\n");
    assert!(run.stderr.contains("fails.la:3:14"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("matrix product needs the inner dimensions to agree"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("after"));
}

#[test]
fn a_runtime_error_from_stdin_and_dash_e_exits_1() {
    let run = run_stdin("print(1)\nerror(\"boom\")\n");
    assert_eq!(run.code, Some(1), "{run:#?}");
    assert_eq!(run.stdout, "1\n");
    assert!(run.stderr.contains("boom"), "{}", run.stderr);
    assert!(run.stderr.contains("<stdin>:2:1"), "{}", run.stderr);

    let run = eval("print(1); undefined_thing");
    assert_eq!(run.code, Some(1), "{run:#?}");
    assert_eq!(run.stdout, "1\n");
    assert!(
        run.stderr.contains("unknown variable `undefined_thing`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_syntax_error_exits_1_and_runs_nothing() {
    let path = scratch_file("syntax.la", b"print(\"never\")\nx = (1 +\n");
    let run = run(la().arg("--no-color").arg(&path));
    assert_eq!(run.code, Some(1), "{run:#?}");
    assert_eq!(
        run.stdout, "",
        "a program that does not parse must not run at all"
    );
    assert!(
        run.stderr.contains("unexpected end of input"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("syntax.la:"), "{}", run.stderr);
}

#[test]
fn a_lexing_error_exits_1() {
    let run = eval("x = 3 $ 4");
    assert_eq!(run.code, Some(1), "{run:#?}");
    assert!(
        run.stderr.contains("unexpected character `$`"),
        "{}",
        run.stderr
    );
}

#[test]
fn diagnostics_go_to_stderr_and_values_to_stdout() {
    let run = eval("x = 7\ny = x + \"s\"");
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stdout, "x = 7\n");
    assert!(run.stderr.starts_with("Error: "), "{}", run.stderr);
    assert!(!run.stdout.contains("Error"));
}

#[test]
fn an_unknown_flag_is_bad_usage() {
    let run = run(la().arg("--definitely-not-a-flag"));
    assert_eq!(run.code, Some(2), "{run:#?}");
    assert!(!run.stderr.is_empty());
    assert_eq!(run.stdout, "");
}

#[test]
fn a_missing_file_is_bad_usage() {
    let missing = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli/no-such-file.la");
    let run = run(la().arg(&missing));
    assert_eq!(run.code, Some(2), "{run:#?}");
    assert!(run.stderr.contains("no-such-file.la"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"));
}

#[test]
fn help_and_version_exit_0() {
    let help = run(la().arg("--help"));
    assert_eq!(help.code, Some(0), "{help:#?}");
    assert!(help.stdout.contains("Usage"), "{}", help.stdout);
    assert!(help.stdout.contains("--no-color"), "{}", help.stdout);
    assert!(help.stdout.contains("-e"), "{}", help.stdout);

    let version = run(la().arg("--version"));
    assert_eq!(version.code, Some(0), "{version:#?}");
    assert!(
        version.stdout.contains(env!("CARGO_PKG_VERSION")),
        "{}",
        version.stdout
    );
}

/// Runs `la ARGS` with stdout and stderr on a pseudo-terminal (through util-linux `script`),
/// where colour is on unless turned off. `None` when `script` is not available.
fn on_a_terminal(args: &str, no_color_env: bool) -> Option<String> {
    let script = ["/usr/bin/script", "/bin/script"]
        .into_iter()
        .find(|p| Path::new(p).exists())?;
    let bin = Path::new(env!("CARGO_BIN_EXE_la"));
    let mut cmd = std::process::Command::new(script);
    cmd.args([
        "-q",
        "-e",
        "-c",
        &format!("'{}' {args}", bin.display()),
        "/dev/null",
    ]);
    cmd.env_remove("NO_COLOR");
    if no_color_env {
        cmd.env("NO_COLOR", "1");
    }
    let output = cmd.output().ok()?;
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn colour_is_on_for_a_terminal_and_off_with_no_color() {
    let failing = "-e '[[1, 2, 3], [4, 5, 6]] * [[1, 2], [3, 4]]'";
    let Some(coloured) = on_a_terminal(failing, false) else {
        eprintln!("skipped: util-linux `script` is not available to provide a terminal");
        return;
    };
    assert!(coloured.contains("matrix product"), "{coloured}");
    assert!(
        coloured.contains('\u{1b}'),
        "a terminal gets colour: {coloured:?}"
    );

    let flag = on_a_terminal(&format!("--no-color {failing}"), false).unwrap();
    assert!(flag.contains("matrix product"), "{flag}");
    assert!(
        !flag.contains('\u{1b}'),
        "--no-color must not colour: {flag:?}"
    );

    let env = on_a_terminal(failing, true).unwrap();
    assert!(env.contains("matrix product"), "{env}");
    assert!(!env.contains('\u{1b}'), "NO_COLOR must not colour: {env:?}");
}

#[test]
fn piped_output_has_no_escape_codes() {
    let failing = "x = [[1, 2]] * [[1, 2]]";
    let plain = run(la().args(["-e", failing]));
    let no_color = run(la().env("NO_COLOR", "1").args(["-e", failing]));
    for run in [plain, no_color] {
        assert_eq!(run.code, Some(1));
        assert!(run.stderr.contains("matrix product"), "{}", run.stderr);
        assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
        assert!(!run.stdout.contains('\u{1b}'), "{:?}", run.stdout);
    }
}

#[test]
fn every_example_runs_and_exits_0() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut examples: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "la"))
        .collect();
    examples.sort();
    assert!(examples.len() >= 4, "{examples:?}");
    for example in examples {
        let run = run(la().arg("--no-color").arg(&example));
        assert_eq!(run.code, Some(0), "{}:\n{}", example.display(), run.stderr);
        assert!(
            run.stderr.is_empty(),
            "{}:\n{}",
            example.display(),
            run.stderr
        );
    }
}

#[test]
fn acceptance_transpose_times_inverse_plus_twice_identity() {
    let run = eval("A = [[1,2],[3,4]]; A' * inv(A) + 2*I(2)");
    expect_success(&run);
    // A' = [[1, 3], [2, 4]], inv(A) = [[-2, 1], [1.5, -0.5]]:
    // A' * inv(A) = [[2.5, -0.5], [2, 0]], plus 2·I gives [[4.5, -0.5], [2, 2]].
    assert_eq!(
        run.stdout,
        "ans = 2×2\n   4.5000   -0.5000\n   2.0000    2.0000\n"
    );
}

#[test]
fn acceptance_product_shape_error_labels_both_operands() {
    let run = eval("[[1,2,3],[4,5,6]] * [[1,2],[3,4]]");
    assert_eq!(run.code, Some(1), "{run:#?}");
    assert_eq!(run.stdout, "");
    let err = &run.stderr;
    assert!(err.contains("2×3"), "{err}");
    assert!(err.contains("2×2"), "{err}");
    assert!(err.contains("inner dimensions 3 and 2 differ"), "{err}");
    assert!(
        err.contains("<-e>:1:19"),
        "the error points at the operator: {err}"
    );
    // Both operand labels are drawn: each shape appears as a label line, not only in the
    // headline.
    let label_lines = err.lines().filter(|l| l.contains('╰')).collect::<Vec<_>>();
    assert!(
        label_lines.iter().any(|l| l.trim_end().ends_with("2×3")),
        "{err}"
    );
    assert!(
        label_lines.iter().any(|l| l.trim_end().ends_with("2×2")),
        "{err}"
    );
}

#[test]
fn invalid_utf8_is_an_error_not_a_panic() {
    let path = scratch_file("invalid.la", b"x = 1\n\xff\xfe = 2\n");
    let from_file = run(la().arg("--no-color").arg(&path));
    expect_no_panic("invalid UTF-8 file", &from_file);
    assert_eq!(from_file.code, Some(1), "{from_file:#?}");
    assert!(from_file.stderr.contains("UTF-8"), "{}", from_file.stderr);

    let from_stdin = run(la().arg("--no-color").write_stdin(&b"x = \xc3\x28\n"[..]));
    expect_no_panic("invalid UTF-8 on stdin", &from_stdin);
    assert_eq!(from_stdin.code, Some(1), "{from_stdin:#?}");
}

#[test]
fn a_script_with_windows_line_endings_runs() {
    let path = scratch_file(
        "crlf.la",
        b"x = 1\r\nif x > 0 {\r\n  print(\"yes\")\r\n}\r\n",
    );
    let run = run(la().arg("--no-color").arg(&path));
    expect_success(&run);
    assert_eq!(run.stdout, "x = 1\nyes\n");
}

#[test]
fn nesting_deep_but_within_limits_runs() {
    let parens = format!("x = {}1{}", "(".repeat(150), ")".repeat(150));
    let run = eval(&parens);
    expect_success(&run);
    assert_eq!(run.stdout, "x = 1\n");
    let minus = format!("x = {}1", "-".repeat(150));
    let run = eval(&minus);
    expect_success(&run);
    assert_eq!(run.stdout, "x = 1\n");
    let sum = format!("x = {}", vec!["1"; 5_000].join(" + "));
    let run = eval(&sum);
    expect_success(&run);
    assert_eq!(run.stdout, "x = 5000\n");
}

#[test]
fn filling_a_matrix_in_a_loop_does_not_copy_it() {
    // 250 000 element writes: in place this takes well under a second even in a debug
    // build; copying the 500×500 matrix on each write would take many minutes.
    let programs = [
        "n = 500; M = zeros(n, n); for i in 1:n { for j in 1:n { M[i, j] = i + j } }; M[n, n]",
        "fn build(n) { M = zeros(n, n); for i in 1:n { for j in 1:n { M[i, j] += i + j } }; M }; B = build(500); B[500, 500]",
    ];
    for program in programs {
        let started = std::time::Instant::now();
        let run = run(la()
            .args(["--no-color", "-e", program])
            .timeout(Duration::from_secs(60)));
        expect_success(&run);
        assert_eq!(run.stdout, "ans = 1000\n");
        assert!(started.elapsed() < Duration::from_secs(60), "{program}");
    }
}

#[test]
fn an_error_in_a_hot_loop_reads_as_in_a_cold_one() {
    // The last round indexes past the end: with n = 100 the loop has run 20,000 rounds and
    // is machine code by then, with n = 001 it fails in its first round, in the evaluator.
    let program = |n: &str| {
        format!(
            "A = zeros(200, 3); n = {n}; s = 0; for r in 1:n {{ for i in 1:200 + (r == n) {{ s = s + A[i, 3] }} }}"
        )
    };
    let hot = eval(&program("100"));
    let cold = eval(&program("001"));
    assert!(
        hot.stderr
            .contains("index 201 is out of range: the 200×3 matrix has 200 rows"),
        "{}",
        hot.stderr
    );
    // The same report, the quoted source line aside.
    assert_eq!(hot.stderr, cold.stderr.replace("n = 001", "n = 100"));
    assert_eq!((hot.code, hot.stdout), (cold.code, cold.stdout));
}

#[test]
fn scripts_read_their_arguments() {
    let script = scratch_file(
        "args.la",
        b"printf(\"%d:\", nargs())\nfor k in 1:nargs() { printf(\" [%s]\", arg(k)) }\nprintf(\"\\n\")\nprint(num(arg(1)) * 2)\n",
    );
    let path = script.to_str().unwrap();
    // Arguments that look like options belong to the script once its name is given.
    let r = run(la().args(["--no-color", path, "21", "-x", "--y"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, "3: [21] [-x] [--y]\n42\n");
    // `--` ends la's own options, so a script may start with a dash.
    let r = run(la().args(["--no-color", "--", path, "5"]));
    assert_eq!(r.stdout, "1: [5]\n10\n");
    // Without arguments, `arg(1)` is an error that says there are none.
    let r = run(la().args(["--no-color", path]));
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains("the script was given no arguments"),
        "{}",
        r.stderr
    );
    // `-e` keeps its meaning: a program text, no script arguments.
    let r = run(la().args(["--no-color", "-e", "nargs()"]));
    assert_eq!(r.stdout, "ans = 0\n");
    let r = run(la().args(["--no-color", "-e", "nargs()", "extra"]));
    assert_eq!(r.code, Some(2));
}

#[test]
fn a_script_sources_files_next_to_it() {
    let dir = std::env::temp_dir().join(format!("la-cli-source-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("lib")).unwrap();
    std::fs::write(dir.join("lib/helpers.la"), "fn triple(x) = 3 * x\n").unwrap();
    std::fs::write(
        dir.join("main.la"),
        "source(\"lib/helpers.la\")\nprint(triple(14))\n",
    )
    .unwrap();
    // Run from another directory: the path is taken from the script's own directory.
    let r = run(la()
        .current_dir(std::env::temp_dir())
        .args(["--no-color", dir.join("main.la").to_str().unwrap()]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, "42\n");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_script_prints_its_plots_in_order_without_colour_into_a_pipe() {
    // No --no-color: standard output is a pipe, so the plot is plain and 60 cells wide.
    let run = run(la().args(["-e", "print(\"before\"); bar([2, 1]); print(\"after\")"]));
    expect_success(&run);
    let before = run.stdout.find("before").unwrap();
    let bar = run.stdout.find("┌").unwrap();
    let after = run.stdout.find("after").unwrap();
    assert!(before < bar && bar < after, "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!("┌{}┐", "─".repeat(60))),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains('\u{1b}'), "{:?}", run.stdout);
}
