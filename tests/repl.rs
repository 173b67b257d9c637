//! The REPL as a person meets it: the real `la` binary in a pseudo-terminal, driven by
//! typing (expectrl). Every step waits for what should appear, with a generous timeout;
//! nothing sleeps. Each session has its own temporary directory and history file.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;
use expectrl::{Eof, Expect, Regex, Session};

const TIMEOUT: Duration = Duration::from_secs(60);
const PROMPT: &str = "la> ";
const CTRL_C: &str = "\x03";
const CTRL_D: &str = "\x04";
const UP: &str = "\x1b[A";

/// One running REPL and what it has shown so far (for failure messages).
struct Repl {
    session: OsSession,
    prompt: &'static str,
    transcript: String,
}

impl Repl {
    /// Starts `la` in `dir` with the history file `history` and colours off.
    fn start(dir: &Path, history: &Path) -> Repl {
        Repl::spawn(dir, history, false)
    }

    fn spawn(dir: &Path, history: &Path, color: bool) -> Repl {
        let mut command = Command::new(env!("CARGO_BIN_EXE_la"));
        command
            .current_dir(dir)
            .env("LA_HISTORY", history)
            .env("TERM", "xterm-256color");
        if color {
            command.env_remove("NO_COLOR");
        } else {
            command.env("NO_COLOR", "1");
        }
        let mut session = Session::spawn(command).expect("start la in a pseudo-terminal");
        session.set_expect_timeout(Some(TIMEOUT));
        let _ = session.get_process_mut().set_window_size(200, 50);
        // A coloured prompt is `la>` in colour, then the space.
        let prompt = if color { "la>\x1b[0m " } else { PROMPT };
        let mut repl = Repl {
            session,
            prompt,
            transcript: String::new(),
        };
        repl.expect(prompt);
        repl
    }

    /// Types `keys` as they are (control codes included).
    fn send(&mut self, keys: &str) {
        self.session
            .send(keys)
            .expect("type into the pseudo-terminal");
    }

    /// Types `line` and Enter.
    fn line(&mut self, line: &str) {
        self.send(&format!("{line}\r"));
    }

    /// Waits until `text` appears; returns what came before it.
    #[track_caller]
    fn expect(&mut self, text: &str) -> String {
        match self.session.expect(text) {
            Ok(found) => {
                let before = String::from_utf8_lossy(found.before()).into_owned();
                self.transcript.push_str(&before);
                self.transcript.push_str(text);
                before
            }
            Err(e) => self.fail(&format!("{text:?} did not appear ({e})")),
        }
    }

    /// Waits for the next prompt.
    #[track_caller]
    fn expect_prompt(&mut self) {
        self.expect(self.prompt);
    }

    /// Waits until the regular expression `pattern` matches.
    #[track_caller]
    fn expect_match(&mut self, pattern: &str) {
        match self.session.expect(Regex(pattern)) {
            Ok(found) => {
                self.transcript
                    .push_str(&String::from_utf8_lossy(found.before()));
                for m in found.matches() {
                    self.transcript.push_str(&String::from_utf8_lossy(m));
                }
            }
            Err(e) => self.fail(&format!("/{pattern}/ did not match ({e})")),
        }
    }

    /// Types `line`, waits for `output`, then for the next prompt. `output` must not be
    /// part of `line` itself, or the echo of the typing would match it.
    #[track_caller]
    fn run(&mut self, line: &str, output: &str) {
        assert!(
            !line.contains(output),
            "{output:?} would match the echo of {line:?}"
        );
        self.line(line);
        self.expect(output);
        self.expect_prompt();
    }

    /// Ctrl-D on an empty line; the process must end with exit code 0.
    #[track_caller]
    fn quit_with_ctrl_d(mut self) {
        self.send(CTRL_D);
        if let Err(e) = self.session.expect(Eof) {
            self.fail(&format!("la did not end after Ctrl-D ({e})"));
        }
        let status = self.session.get_process().wait().expect("wait for la");
        assert!(
            matches!(status, WaitStatus::Exited(_, 0)),
            "exit status {status:?}"
        );
    }

    #[track_caller]
    fn fail(&mut self, what: &str) -> ! {
        let mut rest = vec![0; 1 << 16];
        let n = self.session.try_read(&mut rest).unwrap_or(0);
        let rest = String::from_utf8_lossy(&rest[..n]);
        panic!(
            "{what}\n--- seen so far ---\n{}\n--- unread ---\n{rest}",
            self.transcript
        );
    }
}

/// A temporary directory for one test: the working directory and the history file.
fn scratch() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("make a temporary directory");
    let history = dir.path().join("history");
    (dir, history)
}

#[test]
fn values_show_as_the_language_prints_them() {
    let (dir, history) = scratch();
    let mut repl = Repl::start(dir.path(), &history);
    repl.run("x = 2 + 3", "x = 5");
    repl.run("x * 10", "ans = 50");
    repl.line("[1, 2]' * 3");
    repl.expect_match(r"ans = 1×2\s+3\s+6");
    repl.expect_prompt();
    repl.quit_with_ctrl_d();
}

#[test]
fn an_unfinished_matrix_literal_continues_on_the_next_line() {
    let (dir, history) = scratch();
    let mut repl = Repl::start(dir.path(), &history);
    repl.line("M = [[1, 2],");
    repl.expect("..> ");
    repl.line("     [3, 4]]");
    repl.expect("M = 2×2");
    repl.expect_match(r"1\s+2\s*\r?\n\s+3\s+4");
    repl.expect_prompt();
    // A trailing operator continues too.
    repl.line("t = 1 +");
    repl.expect("..> ");
    repl.run("41", "t = 42");
    repl.quit_with_ctrl_d();
}

#[test]
fn a_failing_line_shows_a_diagnostic_and_changes_nothing() {
    let (dir, history) = scratch();
    let mut repl = Repl::start(dir.path(), &history);
    repl.run("k = 3 + 4", "k = 7");
    repl.line("k = 1; y = undefined_thing + 1");
    repl.expect("unknown variable `undefined_thing`");
    // The diagnostic names the input it comes from.
    repl.expect("<repl:2>");
    repl.expect_prompt();
    repl.run("k + 0", "ans = 7");
    repl.quit_with_ctrl_d();
}

#[test]
fn tab_completes_a_partial_name() {
    let (dir, history) = scratch();
    let mut repl = Repl::start(dir.path(), &history);
    repl.run("my_long_variable = 6 * 7", "my_long_variable = 42");
    repl.send("my_long_v\t");
    repl.run(" + 1", "ans = 43");
    // Builtins complete too.
    repl.send("linsp\t");
    repl.run("(0, 1, 3)'", "0.5");
    repl.quit_with_ctrl_d();
}

#[test]
fn help_shows_a_builtins_doc_and_example() {
    let (dir, history) = scratch();
    let mut repl = Repl::start(dir.path(), &history);
    repl.line(":help inv");
    repl.expect("inv(A)");
    repl.expect("the inverse of a square matrix");
    repl.expect("example: ");
    repl.expect_prompt();
    repl.line(":help");
    repl.expect(":vars");
    repl.expect("linear algebra");
    repl.expect_prompt();
    repl.quit_with_ctrl_d();
}

#[test]
fn vars_lists_each_variable_with_shape_and_kind() {
    let (dir, history) = scratch();
    let mut repl = Repl::start(dir.path(), &history);
    repl.run("A = [[1, 2, 3], [4, 5, 6]]", "A = 2×3");
    repl.run("b = 2 > 1", "b = true");
    repl.run("fn double(v) = 2 * v; double(4)", "ans = 8");
    repl.line(":vars");
    repl.expect_match(r"A\s+2×3\s+matrix");
    repl.expect_match(r"b\s+1×1\s+bool");
    repl.expect("functions: double");
    repl.expect_prompt();
    repl.run(":clear A", "cleared A");
    repl.line(":vars");
    repl.expect_match(r"b\s+1×1\s+bool");
    repl.expect_prompt();
    repl.run("A", "unknown variable `A`");
    repl.quit_with_ctrl_d();
}

#[test]
fn ctrl_c_stops_a_running_loop_and_the_session_goes_on() {
    let (dir, history) = scratch();
    let mut repl = Repl::start(dir.path(), &history);
    repl.run("n = 2 + 3", "n = 5");
    // Printing first shows the loop has begun: the terminal has left the line editor.
    repl.line("n = 100; print(111 * 7); while true { }");
    repl.expect("777");
    let pressed = Instant::now();
    repl.send(CTRL_C);
    repl.expect("interrupted");
    let stopped = pressed.elapsed();
    repl.expect_prompt();
    assert!(
        stopped < Duration::from_secs(10),
        "took {stopped:?} to stop"
    );
    // The interrupted input changed nothing.
    repl.run("n + 1", "ans = 6");
    repl.quit_with_ctrl_d();
}

#[test]
fn ctrl_c_while_typing_clears_the_line() {
    let (dir, history) = scratch();
    let mut repl = Repl::start(dir.path(), &history);
    repl.send("this is not finished");
    repl.send(CTRL_C);
    repl.expect_prompt();
    repl.run("1 + 1", "ans = 2");
    // Also in the middle of a multi-line input.
    repl.line("v = [1,");
    repl.expect("..> ");
    repl.send(CTRL_C);
    repl.expect_prompt();
    repl.run("2 + 2", "ans = 4");
    repl.quit_with_ctrl_d();
}

#[test]
fn history_survives_a_restart() {
    let (dir, history) = scratch();
    let mut first = Repl::start(dir.path(), &history);
    first.run("remembered = 12340 + 5", "remembered = 12345");
    first.quit_with_ctrl_d();
    let saved = std::fs::read_to_string(&history).expect("the history file was written");
    assert!(saved.contains("remembered = 12340 + 5"), "{saved:?}");

    let mut second = Repl::start(dir.path(), &history);
    // Up arrow brings back the last input of the first session.
    second.send(UP);
    second.run("", "remembered = 12345");
    second.quit_with_ctrl_d();
}

#[test]
fn an_unusable_history_file_is_not_fatal() {
    let (dir, _) = scratch();
    // A directory can be neither read nor written as a history file.
    let mut repl = Repl::start(dir.path(), dir.path());
    assert!(
        repl.transcript
            .contains("history is kept for this session only"),
        "{}",
        repl.transcript
    );
    repl.run("z = 3 * 3", "z = 9");
    repl.send(UP);
    repl.run("", "z = 9");
    repl.quit_with_ctrl_d();
}

#[test]
fn save_then_load_restores_the_session() {
    let (dir, history) = scratch();
    let mut repl = Repl::start(dir.path(), &history);
    repl.run("w = 3 * 7", "w = 21");
    repl.run("fn sq(x) = x^2; sq(2)", "ans = 4");
    repl.run("broken = nope", "unknown variable `nope`");
    repl.run(":save \"session.la\"", "saved 2 inputs to session.la");
    let script =
        std::fs::read_to_string(dir.path().join("session.la")).expect("the script was written");
    assert!(
        script.contains("w = 3 * 7\nfn sq(x) = x^2; sq(2)\n"),
        "{script:?}"
    );
    assert!(
        !script.contains("nope"),
        "a failing input was saved: {script:?}"
    );

    repl.run(":clear", "cleared every variable and function");
    repl.run("w", "unknown variable `w`");
    repl.line(":load session.la");
    repl.expect("w = 21");
    repl.expect_prompt();
    repl.run("sq(w)", "ans = 441");
    repl.quit_with_ctrl_d();
}

#[test]
fn a_failing_load_says_that_nothing_was_kept() {
    let (dir, history) = scratch();
    std::fs::write(
        dir.path().join("f.la"),
        "aa = 40 + 1\nbb = 2\ncc = no_such_name\n",
    )
    .unwrap();
    let mut repl = Repl::start(dir.path(), &history);
    repl.line(":load f.la");
    repl.expect("aa = 41");
    repl.expect("unknown variable `no_such_name`");
    repl.expect("nothing from f.la was kept");
    repl.expect_prompt();
    repl.run("aa", "unknown variable `aa`");
    repl.quit_with_ctrl_d();
}

#[test]
fn loading_a_file_that_is_not_utf8_names_the_bad_byte() {
    let (dir, history) = scratch();
    std::fs::write(dir.path().join("latin1.la"), b"a = 1\nb = \xe9\n").unwrap();
    let mut repl = Repl::start(dir.path(), &history);
    // The same reader and words as `la latin1.la`.
    repl.run(
        ":load latin1.la",
        "latin1.la:2:5: not valid UTF-8 text (byte 0xE9); save the file as UTF-8",
    );
    repl.run("a", "unknown variable `a`");
    repl.quit_with_ctrl_d();
}

#[test]
fn unknown_commands_get_a_did_you_mean() {
    let (dir, history) = scratch();
    let mut repl = Repl::start(dir.path(), &history);
    repl.run(":vras", "unknown command `:vras`: did you mean `:vars`?");
    repl.run(":format long", "about 16 significant digits");
    repl.run("pi", "3.141592653589793");
    repl.run(":format short", "about 5 significant digits");
    // `:format` and a script's `format(...)` are one setting, the interpreter's.
    repl.line("format(\"long\", \"full\")");
    repl.expect_prompt();
    repl.run(":format", "format is long full");
    repl.run(":format loud", "unknown format `loud`");
    repl.quit_with_ctrl_d();
}

#[test]
fn quit_ends_the_session_with_code_zero() {
    let (dir, history) = scratch();
    let mut repl = Repl::start(dir.path(), &history);
    repl.line(":quit");
    if let Err(e) = repl.session.expect(Eof) {
        repl.fail(&format!("la did not end after :quit ({e})"));
    }
    let status = repl.session.get_process().wait().expect("wait for la");
    assert!(
        matches!(status, WaitStatus::Exited(_, 0)),
        "exit status {status:?}"
    );
}

#[test]
fn input_is_highlighted_and_builtins_hint_their_signature() {
    let (dir, history) = scratch();
    let mut repl = Repl::spawn(dir.path(), &history, true);
    // The builtin's name is coloured as it is typed, and its signature appears in grey.
    repl.send("zeros(");
    repl.expect("\x1b[34mzeros");
    repl.expect("# zeros(");
    repl.send(CTRL_C);
    repl.expect_prompt();
    repl.run("1 + 1", "ans = 2");
    repl.quit_with_ctrl_d();
}

#[test]
fn type_infers_a_shape_without_running_and_the_hint_shows_it_while_typing() {
    let (dir, history) = scratch();
    let mut repl = Repl::spawn(dir.path(), &history, true);
    repl.line("A = zeros(3, 2); B = ones(3, 4);");
    repl.expect_prompt();
    // The shape of a complete expression appears after it as it is typed.
    repl.send("C = A' * B");
    repl.expect("# 2×4");
    repl.send(CTRL_C);
    repl.expect_prompt();
    repl.line(":type A' * B + 1");
    repl.expect("2×4 matrix");
    repl.expect_prompt();
    // A certain error is reported as the run would, and nothing runs.
    repl.line(":type A * B");
    repl.expect("inner dimensions 2 and 3 differ");
    repl.expect_prompt();
    repl.run("numel(A)", "ans = 6");
    repl.quit_with_ctrl_d();
}

/// Typed-ahead and pasted input (without bracketed paste) arrive in one read of the
/// terminal; every line must run, in order, as if typed slowly.
#[test]
fn three_lines_sent_in_one_write_all_run() {
    let (dir, history) = scratch();
    let mut repl = Repl::start(dir.path(), &history);
    repl.send("a = 1\rb = a + 1\rc = a + b + 40\r");
    repl.expect("c = 43");
    repl.expect_prompt();
    repl.run("a * 100 + b * 10 + 0", "ans = 120");
    repl.quit_with_ctrl_d();
}

#[test]
fn a_pasted_program_runs_every_line_and_reports_its_error() {
    let (dir, history) = scratch();
    let mut repl = Repl::start(dir.path(), &history);
    // Twenty lines: a two-line matrix literal, nested blocks, a function, and an error on
    // line 12 that must not stop the lines after it.
    let program = [
        "M = [[2, 1],",
        "     [1, 3]]",
        "total = 0;",
        "for i in 1:3 {",
        "    if i > 1 {",
        "        total = total + i * 100",
        "    } else {",
        "        total = total + 1",
        "    }",
        "}",
        "total + 0",
        "bad = M * [1, 2, 3]",
        "fn twice(x) = 2 * x",
        "k = twice(21)",
        "s = 0;",
        "while s < 5 {",
        "    s = s + 2",
        "}",
        "s * 1000",
        "last = k + s",
    ];
    assert_eq!(program.len(), 20);
    repl.send(&format!("{}\r", program.join("\r")));
    repl.expect_match(r"M = 2×2\s+2\s+1\s+1\s+3");
    repl.expect("ans = 501");
    repl.expect("inner dimensions 2 and 3 differ");
    repl.expect("k = 42");
    repl.expect("ans = 6000");
    repl.expect("last = 48");
    repl.expect_prompt();
    // Nothing from the failing line was kept, everything else was.
    repl.line("bad");
    repl.expect("unknown variable `bad`");
    repl.expect_prompt();
    repl.quit_with_ctrl_d();
}

#[test]
fn lines_typed_during_a_computation_run_after_it() {
    let (dir, history) = scratch();
    let mut repl = Repl::start(dir.path(), &history);
    // A one-second computation; printing first shows it has begun.
    repl.line("tic(); print(111 * 7); while toc() < 1 { }");
    repl.expect("777");
    repl.send("z = 2 + 3\r");
    repl.send("w = z + 1\r");
    repl.expect("z = 5");
    repl.expect("w = 6");
    repl.expect_prompt();
    repl.quit_with_ctrl_d();
}

#[test]
fn a_plot_appears_under_the_input_line_coloured_and_as_wide_as_the_terminal_allows() {
    let (dir, history) = scratch();
    let mut repl = Repl::spawn(dir.path(), &history, true);
    repl.line("bar([2, 1], legend=\"p,q\")");
    // 200 columns leave room for the widest plot (100 cells), bars in the first series
    // colour.
    repl.expect_match("┌─{100}┐");
    repl.expect("\x1b[34m██");
    repl.expect_prompt();
    repl.quit_with_ctrl_d();
}
