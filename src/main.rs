//! The `la` command: runs a script file, an `-e` string, or standard input, or starts the
//! REPL (`repl`) on a terminal. Values go to stdout, diagnostics to stderr; the exit code is
//! 0 on success, 1 on any error in the program, 2 on bad usage.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use clap::Parser;
use la::{Diagnostic, Event, Interpreter, PlotSettings};

mod check_command;
mod fmt_command;
mod jupyter;
mod lsp;
mod repl;
mod script_text;

/// mimalloc instead of glibc's malloc: small matrices are allocated and freed on every
/// operation, and faer asks for aligned memory, which glibc serves slowly (`posix_memalign`
/// was a third of a 3×3 product loop's instructions).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A linear-algebra calculator language.
#[derive(Parser, Debug)]
#[command(
    name = "la",
    version,
    about,
    long_about = None,
    after_help = "Checking: `la check FILE...` finds certain shape errors without running.\n\
                  Formatting: `la fmt [--check] FILE...` writes files in one canonical layout.\n\
                  Editors: `la lsp` is a language server over standard input and output.\n\
                  Notebooks: `la jupyter install` adds la to Jupyter's kernels (`la jupyter --help`)."
)]
struct Cli {
    /// Run this program text instead of a file.
    #[arg(
        short = 'e',
        long = "eval",
        value_name = "PROGRAM",
        conflicts_with = "file",
        allow_hyphen_values = true
    )]
    eval: Option<String>,
    /// Do not colour diagnostics (also: the NO_COLOR environment variable).
    #[arg(long = "no-color")]
    no_color: bool,
    /// Run a script even when the shape checker finds an error it would certainly stop at.
    #[arg(long = "no-check")]
    no_check: bool,
    /// A script to run.
    file: Option<std::path::PathBuf>,
    /// Arguments for the script, which it reads with nargs() and arg(k).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, requires = "file")]
    args: Vec<String>,
}

/// Stack for the interpreter thread: deep but legal nesting never reaches its end.
const STACK_SIZE: usize = 256 * 1024 * 1024;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == "check") {
        // `la check FILE...`: a script named `check` runs as `la ./check`.
        return check_command::main(&args[2..]);
    }
    if args.get(1).is_some_and(|a| a == "fmt") {
        // `la fmt FILE...`: a script named `fmt` runs as `la ./fmt`.
        return fmt_command::main(&args[2..]);
    }
    if args.get(1).is_some_and(|a| a == "lsp") {
        // `la lsp`: the language server editors start; a script named `lsp` runs as `la ./lsp`.
        return lsp::main();
    }
    if args.get(1).is_some_and(|a| a == "jupyter") {
        // `la jupyter ...`: a script named `jupyter` runs as `la ./jupyter`.
        let worker = std::thread::Builder::new()
            .stack_size(STACK_SIZE)
            .spawn(move || jupyter::main(args[1..].to_vec(), STACK_SIZE));
        return match worker.map(|handle| handle.join()) {
            Ok(Ok(code)) => code,
            _ => {
                report(
                    "la: internal error in the Jupyter kernel (a bug in la: please report it)\n",
                );
                ExitCode::from(1)
            }
        };
    }
    let cli = Cli::parse();
    let color =
        !cli.no_color && std::env::var_os("NO_COLOR").is_none() && io::stderr().is_terminal();
    let worker = std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || run(cli, color));
    match worker.map(|handle| handle.join()) {
        Ok(Ok(code)) => code,
        _ => {
            report("la: internal error (a bug in la: please report it with the input that caused it)\n");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli, color: bool) -> ExitCode {
    let warnings: Arc<Mutex<Vec<Diagnostic>>> = Arc::default();
    let mut la = Interpreter::with_sink(sink(Arc::clone(&warnings)));
    la.set_limits(machine_limits());
    // As Octave, NumPy and Julia: files as the user, relative paths from the current directory.
    la.set_file_access(la::FileAccess::Anywhere);
    la.set_plot_settings(plot_settings(cli.no_color));
    if let Some(text) = cli.eval {
        return finish(&mut la, "<-e>", &text, color, &warnings);
    }
    la.set_script_args(cli.args);
    if let Some(path) = cli.file {
        let text = match script_text::from_file(&path) {
            Ok(text) => text,
            Err(e) => return unreadable(&e),
        };
        let name = path.display().to_string();
        if !cli.no_check {
            if let Some(code) = check_command::before_running(&mut la, &name, &text, color) {
                return code;
            }
        }
        return finish(&mut la, &name, &text, color, &warnings);
    }
    if io::stdin().is_terminal() {
        let options = repl::Options {
            color,
            highlight: !cli.no_color,
        };
        return repl::run(&mut la, options, &warnings);
    }
    let text = match script_text::from_stdin() {
        Ok(text) => text,
        Err(e) => return unreadable(&e),
    };
    finish(&mut la, "<stdin>", &text, color, &warnings)
}

/// Reports a program text that could not be read: exit code 1 for text that is not UTF-8,
/// 2 for a file that could not be read at all.
fn unreadable(e: &script_text::Unreadable) -> ExitCode {
    report(&format!("la: {}\n", e.message));
    ExitCode::from(if e.not_text { 1 } else { 2 })
}

/// The CLI's limits: matrices may use up to half of the machine's memory, so a typo like
/// `zeros(1e6, 1e6)` is refused with a diagnostic instead of aborting the process.
pub(crate) fn machine_limits() -> la::Limits {
    let defaults = la::Limits::default();
    let Some(bytes) = total_memory() else {
        return defaults;
    };
    let elements = (bytes / 2 / std::mem::size_of::<f64>() as u64) as usize;
    la::Limits {
        max_elements: elements,
        max_total_elements: elements,
        ..defaults
    }
}

/// Total physical memory in bytes, from /proc/meminfo where there is one.
fn total_memory() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// Where the interpreter's output goes: text to stdout, warnings kept for rendering.
fn sink(warnings: Arc<Mutex<Vec<Diagnostic>>>) -> la::host::Sink {
    Box::new(move |event| match event {
        // Shown values and pictures come as text unless rich output is on (the kernel's).
        Event::Text(text) | Event::Shown { text, .. } | Event::Picture { text, .. } => {
            let mut out = io::stdout().lock();
            let _ = out.write_all(text.as_bytes());
        }
        Event::Warning(w) => {
            if let Ok(mut list) = warnings.lock() {
                list.push(w);
            }
        }
    })
}

/// Runs one program; prints its warnings and error; returns the exit code.
fn finish(
    la: &mut Interpreter,
    name: &str,
    text: &str,
    color: bool,
    warnings: &Mutex<Vec<Diagnostic>>,
) -> ExitCode {
    let result = la.run(name, text);
    let _ = io::stdout().flush();
    print_warnings(la, color, warnings);
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            report(&la.render(&error, color));
            ExitCode::from(1)
        }
    }
}

fn print_warnings(la: &Interpreter, color: bool, warnings: &Mutex<Vec<Diagnostic>>) {
    if let Ok(mut list) = warnings.lock() {
        for w in list.drain(..) {
            report(&la.render_diagnostic(&w, color));
        }
    }
}

/// Writes to stderr; a closed stderr is not worth a crash.
pub(crate) fn report(text: &str) {
    let _ = io::stderr().write_all(text.as_bytes());
}

/// Plots fit the terminal's width when standard output is one (leaving room for tick labels
/// and a legend) and are coloured by the rule diagnostics follow; otherwise 60×15, plain.
fn plot_settings(no_color: bool) -> PlotSettings {
    let mut settings = PlotSettings::default();
    if io::stdout().is_terminal() {
        settings.color = !no_color && std::env::var_os("NO_COLOR").is_none();
        if let Some(width) = plot_width() {
            settings.width = width;
        }
    }
    settings
}

/// The plot width the terminal on standard output has room for now (the REPL asks again
/// before each input, so a resized window gets plots of its new width).
pub(crate) fn plot_width() -> Option<usize> {
    let (terminal_size::Width(cols), _) = terminal_size::terminal_size()?;
    Some(usize::from(cols).saturating_sub(30).clamp(20, 100))
}
