//! The interactive REPL (the only module that uses rustyline): reads inputs with line
//! editing, history and completion, runs them through the one `Interpreter`, and keeps every
//! variable and function between inputs. An input that fails changes nothing; Ctrl-C stops
//! a running computation and returns to the prompt.
//!
//! ```text
//! la> A = [[2, 1],
//! ..>      [1, 3]];
//! la> x = A \ [3, 5]
//! x = 2×1
//!    0.8
//!    1.4
//! la> :vars
//! A  2×2  matrix
//! x  2×1  matrix
//! ```

pub mod commands;
mod complete;
mod helper;
mod highlight;
mod history;

use std::io::Write;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use la::{Diagnostic, Interpreter};
use rustyline::config::{ColorMode, CompletionType, Config};
use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;

use commands::Flow;
use helper::LaHelper;
use history::HistoryFile;

/// The line editor with the session's helper.
pub type Editor = rustyline::Editor<LaHelper, FileHistory>;

/// How the REPL shows things.
pub struct Options {
    /// Colour diagnostics (stderr is a terminal, no `--no-color`, no `NO_COLOR`).
    pub color: bool,
    /// Colour the input as it is typed (no `--no-color`; rustyline itself checks that
    /// stdout is a terminal and honours `NO_COLOR`).
    pub highlight: bool,
}

const PROMPT: (&str, &str) = ("la> ", "\x1b[1;32mla>\x1b[0m ");
const CONTINUATION: (&str, &str) = ("..> ", "\x1b[32m..>\x1b[0m ");

/// Runs the REPL until `:quit` or Ctrl-D; returns the process's exit code.
pub fn run(la: &mut Interpreter, options: Options, warnings: &Mutex<Vec<Diagnostic>>) -> ExitCode {
    let interrupt = la.interrupt_handle();
    stop_on_ctrl_c(Arc::clone(&interrupt));
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .max_history_size(history::MAX_ENTRIES)
        .and_then(|builder| builder.history_ignore_dups(true))
        .map(|builder| builder.auto_add_history(false))
        .map(|builder| {
            builder.color_mode(if options.highlight {
                ColorMode::Enabled
            } else {
                ColorMode::Disabled
            })
        });
    let editor = config.and_then(|config| Editor::with_config(config.build()));
    let mut editor = match editor {
        Ok(editor) => editor,
        Err(e) => {
            crate::report(&format!("la: cannot start the line editor: {e}\n"));
            return ExitCode::from(1);
        }
    };
    editor.set_helper(Some(LaHelper::default()));
    let mut history = HistoryFile::locate();
    history.load(&mut editor);
    let mut session = Session {
        la,
        color: options.color,
        warnings,
        interrupt,
        accepted: Vec::new(),
        inputs: 0,
    };
    loop {
        let input = match read_input(&mut editor) {
            Read::Input(input) => input,
            Read::Cancelled => continue,
            Read::End => break,
            Read::Failed(e) => {
                crate::report(&format!("la: cannot read the terminal: {e}\n"));
                return ExitCode::from(1);
            }
        };
        history.record(&mut editor, &input);
        if is_command(&input) {
            if commands::execute(&mut session, &input) == Flow::Quit {
                break;
            }
        } else {
            session.submit(&input);
        }
        if let Some(helper) = editor.helper_mut() {
            let variables = session
                .la
                .variables()
                .into_iter()
                .map(|(name, _)| name.to_string())
                .collect();
            let functions = session
                .la
                .functions()
                .into_iter()
                .map(str::to_string)
                .collect();
            helper.set_names(variables, functions);
            let values = session
                .la
                .variables()
                .into_iter()
                .map(|(name, value)| (name.to_string(), value.clone()))
                .collect();
            helper.set_values(values);
        }
    }
    ExitCode::SUCCESS
}

/// The state of one REPL session around its interpreter.
pub struct Session<'a> {
    la: &'a mut Interpreter,
    color: bool,
    warnings: &'a Mutex<Vec<Diagnostic>>,
    interrupt: Arc<AtomicBool>,
    /// Every input that ran without error, in order: what `:save` writes.
    accepted: Vec<String>,
    /// How many inputs went to the interpreter: input N is named `<repl:N>`.
    inputs: usize,
}

impl Session<'_> {
    /// Runs one typed input.
    fn submit(&mut self, input: &str) {
        self.inputs += 1;
        let name = format!("<repl:{}>", self.inputs);
        if self.run(&name, input) {
            self.accepted.push(input.to_string());
        }
    }

    /// Runs the script at `path` into the session (`:load`).
    fn load(&mut self, path: &str) {
        let text = match crate::script_text::from_file(std::path::Path::new(path)) {
            Ok(text) => text,
            Err(e) => return commands::fail(self, &e.message),
        };
        if self.run(path, &text) {
            self.accepted
                .push(format!("# :load {path}\n{}", text.trim_end()));
        } else {
            // What it showed before the error is undone with the rest of the script.
            crate::report(&format!(
                "nothing from {path} was kept: a script that fails is undone as a whole\n"
            ));
        }
    }

    /// Runs `text`, shows its warnings and error; true when it ran without error.
    fn run(&mut self, name: &str, text: &str) -> bool {
        // Only a Ctrl-C pressed while this input runs may stop it; one that came after the
        // program's last check must not stop (or, doubled, exit) the next.
        self.interrupt.store(false, Ordering::SeqCst);
        if let Some(width) = crate::plot_width() {
            let mut plots = self.la.plot_settings();
            plots.width = width;
            self.la.set_plot_settings(plots);
        }
        let result = self.la.run(name, text);
        self.interrupt.store(false, Ordering::SeqCst);
        let _ = std::io::stdout().flush();
        crate::print_warnings(self.la, self.color, self.warnings);
        match result {
            Ok(_) => true,
            Err(error) => {
                crate::report(&self.la.render(&error, self.color));
                false
            }
        }
    }
}

/// What reading one input gave.
enum Read {
    /// A complete input: one line, or several that the parser needed together.
    Input(String),
    /// Ctrl-C (or Ctrl-D on a continuation line): drop what was typed.
    Cancelled,
    /// Ctrl-D on an empty line.
    End,
    /// The terminal failed.
    Failed(ReadlineError),
}

/// Reads lines until they form a complete input, showing the continuation prompt while
/// the real parser says more is needed (an open bracket, a trailing operator, ...).
fn read_input(editor: &mut Editor) -> Read {
    let mut text = String::new();
    loop {
        let before = if text.is_empty() {
            String::new()
        } else {
            format!("{text}\n")
        };
        if let Some(helper) = editor.helper_mut() {
            helper.set_before(before);
        }
        let prompt = if text.is_empty() {
            PROMPT
        } else {
            CONTINUATION
        };
        match editor.readline(&prompt) {
            Ok(line) => {
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(&line);
                if text.trim().is_empty() {
                    text.clear();
                } else if is_command(&text) || !la::syntax::needs_more_input(&text) {
                    return Read::Input(text);
                }
            }
            Err(ReadlineError::Interrupted) => return Read::Cancelled,
            Err(ReadlineError::Eof) => {
                let _ = writeln!(std::io::stdout());
                return if text.is_empty() {
                    Read::End
                } else {
                    Read::Cancelled
                };
            }
            Err(e) => return Read::Failed(e),
        }
    }
}

/// True for `:` commands (a line starting with `:`, which no program does).
fn is_command(input: &str) -> bool {
    input.trim_start().starts_with(':')
}

/// Ctrl-C during a computation sets the interpreter's flag, which stops the program at its
/// next loop round or call. While the prompt waits for input the terminal is in raw mode
/// and Ctrl-C reaches the editor as a key instead. A second Ctrl-C before the first is
/// noticed means one long operation cannot be stopped: then la exits.
fn stop_on_ctrl_c(interrupt: Arc<AtomicBool>) {
    let installed = ctrlc::set_handler(move || {
        if interrupt.swap(true, Ordering::SeqCst) {
            crate::report("\nla: quit on a second Ctrl-C (the running operation did not stop)\n");
            std::process::exit(130);
        }
        // The terminal has echoed `^C`: the "interrupted" error starts on a line of its own.
        crate::report("\n");
    });
    if let Err(e) = installed {
        crate::report(&format!(
            "la: Ctrl-C will end la, not just the computation: {e}\n"
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The last line of defence: a panic inside la (here forced by a host function, since
    /// no known input reaches one) is reported, and the session goes on with its variables.
    #[test]
    fn a_panic_in_one_input_leaves_the_session_alive() {
        let mut la = Interpreter::new();
        la.register("explode", "panics, standing in for a bug", || -> f64 {
            panic!("a bug inside la")
        });
        let warnings = Mutex::new(Vec::new());
        let interrupt = la.interrupt_handle();
        let mut session = Session {
            la: &mut la,
            color: false,
            warnings: &warnings,
            interrupt,
            accepted: Vec::new(),
            inputs: 0,
        };
        session.submit("x = 1;");
        session.submit("x = 2; explode()");
        session.submit("y = x + 40;");
        assert_eq!(session.accepted, ["x = 1;", "y = x + 40;"]);
        let y = session.la.get("y").and_then(|v| v.as_scalar());
        assert_eq!(y, Some(41.0));
    }
}
