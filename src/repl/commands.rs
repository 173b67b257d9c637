//! The REPL's `:` commands: what each one does, and the help and listings they print.
//! `:help NAME` reads the builtin table (`la::builtins`), so it cannot drift from the
//! functions themselves. Unknown commands and names get a did-you-mean.
//!
//! ```text
//! la> :vras
//! Error: unknown command `:vras`: did you mean `:vars`?
//! la> :vars
//! A  2×2  matrix
//! x  1×1  scalar
//! ```

use std::io::Write;

use la::{Format, Precision};

use super::Session;

/// One command: its name (typed after `:`), how it is called, what it does.
pub struct Command {
    /// The name after `:`.
    pub name: &'static str,
    /// The call form shown by `:help`.
    pub usage: &'static str,
    /// One line saying what it does.
    pub doc: &'static str,
}

/// Every command, in help order.
pub const COMMANDS: &[Command] = &[
    Command {
        name: "help",
        usage: ":help [NAME]",
        doc: "this overview, or a builtin's signature, doc and example",
    },
    Command {
        name: "vars",
        usage: ":vars",
        doc: "each variable with its shape and kind, then the functions",
    },
    Command {
        name: "type",
        usage: ":type EXPR",
        doc: "the kind and shape EXPR would have, found without running it",
    },
    Command {
        name: "clear",
        usage: ":clear [NAME ...]",
        doc: "forget the named variables and functions, or all of them",
    },
    Command {
        name: "load",
        usage: ":load FILE",
        doc: "run a script into this session",
    },
    Command {
        name: "save",
        usage: ":save FILE",
        doc: "write every input that ran without error as a script",
    },
    Command {
        name: "format",
        usage: ":format short|long|full|elided",
        doc: "print numbers with about 5 or 16 digits, large matrices elided or in full",
    },
    Command {
        name: "quit",
        usage: ":quit",
        doc: "leave (so does Ctrl-D on an empty line)",
    },
];

/// Short forms accepted besides the names above.
const ALIASES: &[(&str, &str)] = &[
    ("h", "help"),
    ("?", "help"),
    ("q", "quit"),
    ("exit", "quit"),
];

/// What the session does after a command.
#[derive(Debug, PartialEq, Eq)]
pub enum Flow {
    /// Read the next input.
    Continue,
    /// End the session.
    Quit,
}

/// Runs the command line `line` (starting with `:`).
pub fn execute(session: &mut Session, line: &str) -> Flow {
    let line = line.trim().trim_start_matches(':');
    let (word, argument) = match line.find(char::is_whitespace) {
        Some(space) => (&line[..space], line[space..].trim()),
        None => (line, ""),
    };
    let name = ALIASES
        .iter()
        .find(|(alias, _)| *alias == word)
        .map_or(word, |(_, name)| *name);
    match name {
        "help" => help(argument),
        "vars" => vars(session),
        "type" => type_of(session, argument),
        "clear" => clear(session, argument),
        "load" => {
            if let Some(path) = path_argument(argument, "load") {
                session.load(&path);
            }
        }
        "save" => {
            if let Some(path) = path_argument(argument, "save") {
                save(session, &path);
            }
        }
        "format" => format(session, argument),
        "quit" => return Flow::Quit,
        "" => fail(
            session,
            "a command name goes after `:` (`:help` lists them)",
        ),
        _ => {
            let names = COMMANDS.iter().map(|c| c.name);
            let message = match did_you_mean(word, names) {
                Some(near) => format!("unknown command `:{word}`: did you mean `:{near}`?"),
                None => format!("unknown command `:{word}` (`:help` lists the commands)"),
            };
            fail(session, &message);
        }
    }
    Flow::Continue
}

/// The closest of `names` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = match word.chars().count() {
        0..=2 => 1,
        3..=5 => 2,
        _ => 3,
    };
    names
        .map(|name| (la::complete::edit_distance(word, name), name))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

fn help(argument: &str) {
    let name = argument.trim_start_matches(':');
    if name.is_empty() {
        return say(&overview());
    }
    if let Some(text) = help_text(name) {
        return say(&text);
    }
    let names = la::builtins::all()
        .map(|b| b.name)
        .chain(COMMANDS.iter().map(|c| c.name));
    match did_you_mean(name, names) {
        Some(near) => say(&format!(
            "no builtin or command called `{name}`: did you mean `{near}`?\n"
        )),
        None => say(&format!(
            "no builtin or command called `{name}` (`:help` lists them)\n"
        )),
    }
}

/// What `:help NAME` says of a builtin, a keyword or a command (the notebook kernel's
/// inspection shows the same); `None` for other names.
pub fn help_text(name: &str) -> Option<String> {
    if let Some(builtin) = la::builtins::lookup(name) {
        return Some(format!(
            "{}\n  {}\n  example: {}\n",
            builtin.signature, builtin.doc, builtin.example
        ));
    }
    if let Some((_, text)) = KEYWORD_HELP
        .iter()
        .find(|(keyword, _)| keyword.split(' ').any(|k| k == name))
    {
        return Some(format!("{text}\n"));
    }
    let command = COMMANDS.iter().find(|c| c.name == name)?;
    Some(format!("{}\n  {}\n", command.usage, command.doc))
}

/// What `:help if` and friends say.
const KEYWORD_HELP: &[(&str, &str)] = &[
    ("fn return", "fn name(a, b) { ... }   or   fn name(a) = expression\n  defines a function; `return x` leaves it with x"),
    ("if else", "if condition { ... } else if other { ... } else { ... }\n  runs the first block whose condition is true"),
    ("for in", "for x in 1:n { ... }\n  runs the block once for each element of a vector (or column of a matrix)"),
    ("while", "while condition { ... }\n  runs the block as long as the condition is true (Ctrl-C stops it)"),
    ("break continue", "break   continue\n  leave the innermost loop, or go on with its next round"),
    ("true false", "true   false\n  the two bools"),
    ("end", "v[end]   A[end, 1:end-1]\n  inside an index, the last position"),
];

fn overview() -> String {
    let mut text = String::from(
        "la: type an expression or statement; its value shows unless the line ends with `;`.\n\
         An open bracket or a trailing operator continues the input on the next line.\n\n\
         commands:\n",
    );
    for command in COMMANDS {
        text.push_str(&format!("  {:<20} {}\n", command.usage, command.doc));
    }
    text.push_str(
        "\nkeys: Tab completes names, Ctrl-R searches the history, Ctrl-C clears the line or\n\
         stops a running computation, Ctrl-D on an empty line quits.\n\n\
         builtins (:help NAME shows one):\n",
    );
    for (topic, table) in la::builtins::TOPICS {
        let mut line = format!("  {topic:<16}");
        for builtin in table.iter() {
            if line.len() + builtin.name.len() + 1 > 88 {
                text.push_str(line.trim_end());
                text.push('\n');
                line = " ".repeat(18);
            }
            line.push(' ');
            line.push_str(builtin.name);
        }
        text.push_str(&line);
        text.push('\n');
    }
    text
}

fn vars(session: &Session) {
    let variables = session.la.variables();
    let functions = session.la.functions();
    if variables.is_empty() && functions.is_empty() {
        return say("no variables or functions yet\n");
    }
    let width = variables
        .iter()
        .map(|(name, _)| name.chars().count())
        .max()
        .unwrap_or(0);
    // Functions and strings have no shape to show.
    let shapes: Vec<String> = variables
        .iter()
        .map(|(_, value)| match value {
            la::Value::Function(_) | la::Value::Str(_) => "-".to_string(),
            other => other.shape().to_string(),
        })
        .collect();
    let shape_width = shapes.iter().map(|s| s.chars().count()).max().unwrap_or(0);
    let mut text = String::new();
    for ((name, value), shape) in variables.iter().zip(&shapes) {
        let name_pad = width - name.chars().count();
        let shape_pad = shape_width - shape.chars().count();
        let kind = value.kind_name();
        text.push_str(&format!(
            "{name}{}  {shape}{}  {kind}\n",
            " ".repeat(name_pad),
            " ".repeat(shape_pad)
        ));
    }
    if !functions.is_empty() {
        text.push_str(&format!("functions: {}\n", functions.join(", ")));
    }
    say(&text);
}

/// `:type EXPR`: what the shape checker infers, or why it cannot say.
fn type_of(session: &mut Session, argument: &str) {
    if argument.is_empty() {
        return fail(session, "`:type` needs an expression, as in `:type A' * B`");
    }
    match session.la.infer(argument) {
        Ok(Some(inferred)) => say(&format!("{inferred}\n")),
        Ok(None) => {
            say("not known before running (indexing, functions and loops are not followed)\n")
        }
        Err(error) => crate::report(&session.la.render(&error, session.color)),
    }
}

fn clear(session: &mut Session, argument: &str) {
    if argument.is_empty() {
        session.la.clear_all();
        return say("cleared every variable and function\n");
    }
    for name in argument.split_whitespace() {
        if session.la.clear(name) {
            say(&format!("cleared {name}\n"));
            continue;
        }
        let message = {
            let variables = session.la.variables();
            let functions = session.la.functions();
            let known = variables
                .iter()
                .map(|(n, _)| *n)
                .chain(functions.iter().copied());
            match did_you_mean(name, known) {
                Some(near) => format!("no variable or function `{name}`: did you mean `{near}`?"),
                None => format!("no variable or function `{name}`"),
            }
        };
        fail(session, &message);
    }
}

/// A file argument: the rest of the line, or the text between double quotes.
fn path_argument(argument: &str, command: &str) -> Option<String> {
    let path = match argument.strip_prefix('"') {
        Some(rest) => rest.strip_suffix('"').unwrap_or(rest),
        None => argument,
    };
    if path.is_empty() {
        crate::report(&format!("usage: :{command} FILE\n"));
        return None;
    }
    Some(path.to_string())
}

fn save(session: &Session, path: &str) {
    let mut script = String::from("# saved from an la session with :save\n");
    for input in &session.accepted {
        script.push_str(input);
        script.push('\n');
    }
    match std::fs::write(path, script) {
        Ok(()) => {
            let n = session.accepted.len();
            say(&format!(
                "saved {n} input{} to {path}\n",
                if n == 1 { "" } else { "s" }
            ));
        }
        Err(e) => fail(session, &format!("cannot write {path}: {e}")),
    }
}

/// `:format [MODE ...]`: the interpreter's `format(...)`, or what is in force.
fn format(session: &mut Session, argument: &str) {
    let mut next = session.la.format();
    if argument.is_empty() {
        return say(&format!(
            "format is {next} (:format short|long|full|elided changes it)\n"
        ));
    }
    for word in argument.split_whitespace() {
        match next.with(word) {
            Some(changed) => next = changed,
            None => {
                return fail(
                    session,
                    &format!("unknown format `{word}`: use {}", Format::MODES),
                )
            }
        }
    }
    session.la.set_format(next);
    let digits = if next.precision == Precision::Long {
        16
    } else {
        5
    };
    let matrices = if next.full {
        ", every element of large matrices"
    } else {
        ""
    };
    say(&format!(
        "format is now {next}: about {digits} significant digits{matrices}\n"
    ));
}

/// Writes command output to stdout.
fn say(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// Reports a command that could not do its job, in the style of the language's errors.
pub fn fail(session: &Session, message: &str) {
    let label = if session.color {
        "\x1b[31mError:\x1b[0m"
    } else {
        "Error:"
    };
    crate::report(&format!("{label} {message}\n"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_command() {
        let names = || COMMANDS.iter().map(|c| c.name);
        assert_eq!(did_you_mean("vras", names()), Some("vars"));
        assert_eq!(did_you_mean("hlep", names()), Some("help"));
        assert_eq!(did_you_mean("lod", names()), Some("load"));
        assert_eq!(did_you_mean("qit", names()), Some("quit"));
        assert_eq!(did_you_mean("xyzzy", names()), None);
    }

    #[test]
    fn every_builtin_appears_in_the_overview() {
        let text = overview();
        for builtin in la::builtins::all() {
            assert!(
                text.contains(&format!(" {}", builtin.name)),
                "{} missing",
                builtin.name
            );
        }
    }
}
