//! Tab completion: names in code (the library's `la::complete`, the same rule every front
//! end uses), command names after `:`, builtin names after `:help`, variable
//! names after `:clear`, and file paths after `:load` / `:save` (quoted or not).
//!
//! ```text
//! la> learning_rate = 0.1
//! la> lea<Tab>          →  la> learning_rate
//! la> :load "exa<Tab>   →  la> :load "examples/
//! ```

use std::path::PathBuf;

use rustyline::completion::Pair;

use la::complete::{word_start, NameKind, KEYWORDS};

use super::commands::COMMANDS;

/// Where the replaced text starts, and the candidates for it.
pub type Completions = (usize, Vec<Pair>);

/// Completions for the text before `pos` in `line`, given the session's own names.
pub fn complete(line: &str, pos: usize, session: &[(&str, NameKind)]) -> Completions {
    let before = &line[..pos];
    let trimmed = before.trim_start();
    if let Some(command_line) = trimmed.strip_prefix(':') {
        let start = pos - command_line.len();
        return complete_command(command_line, start, session);
    }
    let completion = la::complete::complete_code(before, session);
    let pairs = completion
        .names
        .into_iter()
        .map(|(name, _)| Pair {
            display: name.clone(),
            replacement: name,
        })
        .collect();
    (completion.start, pairs)
}

/// `command_line` is what follows the `:`, starting at byte `start` of the line.
fn complete_command(command_line: &str, start: usize, session: &[(&str, NameKind)]) -> Completions {
    let Some(space) = command_line.find(char::is_whitespace) else {
        let names = COMMANDS.iter().map(|c| c.name);
        return (start, matching(command_line, names));
    };
    let command = &command_line[..space];
    let argument = command_line[space..].trim_start();
    let argument_start = start + command_line.len() - argument.len();
    match command {
        "load" | "save" => complete_path(argument, argument_start),
        "help" | "h" => {
            let word_at = argument_start + word_start(argument);
            let word = &command_line[word_at - start..];
            let builtins = la::builtins::all().map(|b| b.name);
            let commands = COMMANDS.iter().map(|c| c.name);
            let names = builtins.chain(KEYWORDS.iter().copied()).chain(commands);
            (word_at, matching(word, names))
        }
        "clear" => {
            let word_at = argument_start + word_start(argument);
            let word = &command_line[word_at - start..];
            (
                word_at,
                matching(word, session.iter().map(|(name, _)| *name)),
            )
        }
        "format" => (
            argument_start,
            matching(argument, ["short", "long"].into_iter()),
        ),
        _ => (argument_start, Vec::new()),
    }
}

/// File names for a path argument, which may open with `"`. Directories end in `/`; a
/// file in a quoted argument gets its closing quote.
fn complete_path(argument: &str, argument_start: usize) -> Completions {
    let (quoted, typed) = match argument.strip_prefix('"') {
        Some(rest) => (true, rest),
        None => (false, argument),
    };
    let (dir_part, file_prefix) = match typed.rfind('/') {
        Some(slash) => typed.split_at(slash + 1),
        None => ("", typed),
    };
    let start = argument_start + argument.len() - file_prefix.len();
    let dir = match dir_part {
        "" => PathBuf::from("."),
        _ => match dir_part.strip_prefix("~/") {
            Some(rest) => {
                dirs::home_dir().map_or_else(|| PathBuf::from(dir_part), |home| home.join(rest))
            }
            None => PathBuf::from(dir_part),
        },
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return (start, Vec::new());
    };
    let mut candidates: Vec<Pair> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let hidden = name.starts_with('.') && !file_prefix.starts_with('.');
            if hidden || !name.starts_with(file_prefix) {
                return None;
            }
            let is_dir = entry.path().is_dir();
            let display = if is_dir {
                format!("{name}/")
            } else {
                name.clone()
            };
            let replacement = match (is_dir, quoted) {
                (true, _) => format!("{name}/"),
                (false, true) => format!("{name}\""),
                (false, false) => name,
            };
            Some(Pair {
                display,
                replacement,
            })
        })
        .collect();
    candidates.sort_by(|a, b| a.display.cmp(&b.display));
    (start, candidates)
}

/// The sorted, distinct names that start with `word`.
fn matching<'a>(word: &str, names: impl Iterator<Item = &'a str>) -> Vec<Pair> {
    let mut found: Vec<&str> = names.filter(|name| name.starts_with(word)).collect();
    found.sort_unstable();
    found.dedup();
    found
        .into_iter()
        .map(|name| Pair {
            display: name.to_string(),
            replacement: name.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str, user: &[&str]) -> (usize, Vec<String>) {
        let user: Vec<(&str, NameKind)> = user.iter().map(|&s| (s, NameKind::Variable)).collect();
        let (start, pairs) = complete(line, line.len(), &user);
        (start, pairs.into_iter().map(|p| p.replacement).collect())
    }

    #[test]
    fn names_in_code() {
        assert_eq!(
            names("x = learn", &["learning_rate", "x"]),
            (4, vec!["learning_rate".to_string()])
        );
        assert_eq!(
            names("inv(A) + in", &[]).1,
            ["in", "inf", "integral", "inv"]
        );
        assert_eq!(names("whi", &[]).1, ["while"]);
        assert!(names("print(\"lea", &["learning_rate"]).1.is_empty());
        assert!(names("x = 12", &[]).1.is_empty());
    }

    #[test]
    fn commands_and_their_arguments() {
        assert_eq!(names(":he", &[]), (1, vec!["help".to_string()]));
        assert_eq!(names(":help inv", &[]), (6, vec!["inv".to_string()]));
        assert_eq!(
            names(":clear wei", &["weights", "x"]),
            (7, vec!["weights".to_string()])
        );
        assert_eq!(names(":format l", &[]), (8, vec!["long".to_string()]));
    }

    #[test]
    fn paths_after_load() {
        let dir = std::env::temp_dir().join(format!("la-complete-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("script.la"), "x = 1\n").unwrap();
        let base = dir.display().to_string();
        let quoted = format!(":load \"{base}/scr");
        assert_eq!(
            names(&quoted, &[]),
            (quoted.len() - 3, vec!["script.la\"".to_string()])
        );
        let bare = format!(":load {base}/s");
        assert_eq!(names(&bare, &[]).1, ["script.la", "sub/"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
