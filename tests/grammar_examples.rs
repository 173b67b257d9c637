//! The examples in grammar.md, and the README's shell sessions, are true: each one is run
//! and what it says it shows is compared with what the program does. The conventions are
//! written at the top of grammar.md; this file is the one reader of them.
//!
//! What is checked, and how:
//! - A ```` ```console ```` block is a shell session. Each `$ la ARGS` line (with an optional
//!   `<<'EOF'` here-document as standard input) runs the real binary; the lines up to the
//!   next `$` line are its standard output followed by its standard error, compared line by
//!   line exactly (trailing spaces aside). The exit code must be 1 when the output shows an
//!   `Error:` and 0 otherwise.
//! - A ```` ```la ```` block is a program run through `la::Interpreter` (the binary's own
//!   path). It must run without error, except where a result comment says which error.
//! - The builtin table's examples (the third column of §14) are each a small program in the
//!   same form as one line of a ```` ```la ```` block.
//! - ```` ```ebnf ```` and ```` ```text ```` blocks are grammar or sketches and are not run.
//!
//! A result comment `code   # R` ends a piece of a program: the lines since the last such
//! comment run, then R is checked against what they did:
//! - `# Error: MESSAGE` : the piece fails with that message (a prefix when it ends in `...`).
//! - `# (nothing)` : the piece runs and shows nothing.
//! - after a `print(...)`, R is exactly the text the piece prints.
//! - `# VALUE`, where VALUE is la syntax (`[[1, 2]]`, `true`, `log(4)`, `3 - 4i`): the value
//!   of the piece's last expression equals VALUE; `# x = VALUE` (one or more, joined by `, `)
//!   checks those variables instead. Kind (bool or number) and shape must match, and each
//!   element must agree to the digits written: a comment whose numbers have up to d
//!   decimals claims the values rounded to d decimals (`1.5708` for pi/2); one with integers
//!   only claims them up to float rounding (a relative 1e-12).
//! - anything else (`# 2×3 dice rolls`, text that is not la syntax) is prose: the piece must
//!   still run without error, but nothing more is checked.
//!
//! Every failure names the file, the line and the example, and all failures are reported
//! together.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use la::{Event, Interpreter, Value};

/// Builtin-table examples known to be false, each with the reason. They live in the
/// builtin rows in `src/builtins/` (outside this test's reach); each entry must still fail
/// as described, so the entry goes when the row is fixed.
const KNOWN_FALSE: &[(&str, &str)] = &[];

/// A fenced block of a markdown file: its language tag, and its lines with their numbers.
struct Block {
    lang: String,
    lines: Vec<(usize, String)>,
}

fn read(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The fenced blocks of a markdown text (fences at the start of a line).
fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        if let Some(tag) = line.strip_prefix("```") {
            match open.take() {
                Some(block) => out.push(block),
                None => {
                    open = Some(Block {
                        lang: tag.trim().to_string(),
                        lines: Vec::new(),
                    })
                }
            }
        } else if let Some(block) = open.as_mut() {
            block.lines.push((number, line.to_string()));
        }
    }
    assert!(open.is_none(), "a fenced block is never closed");
    out
}

/// Collected failures, each naming where it is.
#[derive(Default)]
struct Failures(Vec<String>);

impl Failures {
    fn add(&mut self, file: &str, line: usize, example: &str, problem: impl std::fmt::Display) {
        self.0.push(format!(
            "{file}:{line}: example `{}`\n    {}",
            example.trim(),
            problem.to_string().replace('\n', "\n    ")
        ));
    }

    fn finish(self, what: &str) {
        if !self.0.is_empty() {
            panic!(
                "{} false example(s) in {what}:\n\n{}\n",
                self.0.len(),
                self.0.join("\n\n")
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// Shell sessions (```console): the real binary

/// Splits a shell command line into words: spaces separate, '...' is literal, "..." takes
/// the escapes \" \\ \$ \`. Enough for the sessions in the documents.
fn shell_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => {
                if let Some(w) = word.take() {
                    words.push(w);
                }
            }
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => w.push(c),
                        None => return Err("unclosed '".into()),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => w.push(c),
                            Some(c) => {
                                w.push('\\');
                                w.push(c);
                            }
                            None => return Err("unclosed \"".into()),
                        },
                        Some(c) => w.push(c),
                        None => return Err("unclosed \"".into()),
                    }
                }
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Ok(words)
}

fn trimmed(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = lines.iter().map(|l| l.trim_end().to_string()).collect();
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// Runs every `$ la ...` command of a console block and compares its output; returns how
/// many commands it ran.
fn check_console(file: &str, block: &Block, failures: &mut Failures) -> usize {
    let lines = &block.lines;
    let mut i = 0;
    let mut commands = 0;
    while i < lines.len() {
        let (number, line) = &lines[i];
        let Some(command) = line.strip_prefix("$ ") else {
            failures.add(
                file,
                *number,
                line,
                "a console block must start with a `$ la` line",
            );
            return commands;
        };
        i += 1;
        let mut words = match shell_words(command) {
            Ok(words) => words,
            Err(e) => {
                failures.add(file, *number, command, e);
                return commands;
            }
        };
        if words.first().map(String::as_str) != Some("la") {
            failures.add(file, *number, command, "only `la` commands can be run");
            return commands;
        }
        words.remove(0);
        let mut stdin = String::new();
        if let Some(pos) = words.iter().position(|w| w.starts_with("<<")) {
            let delimiter = words.remove(pos)[2..].trim_matches('\'').to_string();
            loop {
                match lines.get(i) {
                    Some((_, l)) if *l == delimiter => break,
                    Some((_, l)) => {
                        stdin.push_str(l);
                        stdin.push('\n');
                    }
                    None => {
                        failures.add(file, *number, command, "the here-document never ends");
                        return commands;
                    }
                }
                i += 1;
            }
            i += 1;
        } else if words.iter().all(|w| w.starts_with('-') && w != "-e") {
            failures.add(
                file,
                *number,
                command,
                "a session with no program (the REPL) cannot be checked here: use ```text",
            );
            return commands;
        }
        let output_starts = lines.get(i).map_or(*number + 1, |(n, _)| *n);
        let mut expected = Vec::new();
        while let Some((_, l)) = lines.get(i).filter(|(_, l)| !l.starts_with("$ ")) {
            expected.push(l.clone());
            i += 1;
        }
        let expected = trimmed(&expected);

        commands += 1;
        let mut child = Command::new(env!("CARGO_BIN_EXE_la"))
            .args(&words)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the la binary runs");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        let shown = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let actual = trimmed(&shown.lines().map(str::to_string).collect::<Vec<_>>());
        if actual != expected {
            let first = (0..actual.len().max(expected.len()))
                .find(|&k| actual.get(k) != expected.get(k))
                .unwrap_or(0);
            failures.add(
                file,
                *number,
                command,
                format!(
                    "first difference at {file}:{}\nthe program shows:\n{}\nbut the document says:\n{}",
                    output_starts + first,
                    actual.join("\n"),
                    expected.join("\n")
                ),
            );
            continue;
        }
        let fails = expected.iter().any(|l| l.starts_with("Error:"));
        let code = output.status.code();
        if code != Some(i32::from(fails)) {
            failures.add(
                file,
                *number,
                command,
                format!("exit code {code:?}, expected {}", i32::from(fails)),
            );
        }
    }
    commands
}

// ---------------------------------------------------------------------------------------
// Programs (```la and the builtin table): the library

/// What a result comment claims.
#[derive(Debug)]
enum Claim {
    /// The piece fails; its message is this (a prefix when `prefix`).
    Error { message: String, prefix: bool },
    /// The piece shows nothing.
    Nothing,
    /// The piece prints exactly this.
    Printed(String),
    /// The named variables (or, for `None`, the piece's value) equal these la expressions.
    Values(Vec<(Option<String>, String)>),
    /// Not checkable: the piece need only run.
    Prose,
}

/// Whether `text` is la syntax (parses; names need not exist).
fn parses(text: &str) -> bool {
    Interpreter::new().compile("<value>", text).is_ok()
}

/// Splits `a = 1, b = [[1, 2]]` into its assignments at top-level commas that start a new
/// `name =`; a comment without a leading `name =` is a single unnamed value.
fn named_values(comment: &str) -> Vec<(Option<String>, String)> {
    fn leading_name(s: &str) -> Option<(String, &str)> {
        let s = s.trim_start();
        let end = s
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(s.len());
        let name = &s[..end];
        let rest = s[end..].trim_start();
        let first = name.chars().next()?;
        if !(first.is_ascii_alphabetic() || first == '_') {
            return None;
        }
        let value = rest.strip_prefix('=')?;
        (!value.starts_with('=')).then(|| (name.to_string(), value))
    }
    let Some((first_name, mut rest)) = leading_name(comment) else {
        return vec![(None, comment.trim().to_string())];
    };
    let mut out = Vec::new();
    let mut name = first_name;
    loop {
        let mut depth = 0i32;
        let mut cut = None;
        for (k, c) in rest.char_indices() {
            match c {
                '(' | '[' => depth += 1,
                ')' | ']' => depth -= 1,
                ',' if depth == 0 => {
                    if let Some((next, value)) = leading_name(&rest[k + 1..]) {
                        cut = Some((k, next, value));
                        break;
                    }
                }
                _ => {}
            }
        }
        match cut {
            Some((k, next, value)) => {
                out.push((Some(name), rest[..k].trim().to_string()));
                name = next;
                rest = value;
            }
            None => {
                out.push((Some(name), rest.trim().to_string()));
                return out;
            }
        }
    }
}

fn classify(code: &str, comment: &str) -> Claim {
    let comment = comment.trim();
    if let Some(message) = comment.strip_prefix("Error:") {
        let message = message.trim();
        return match message.strip_suffix("...") {
            Some(head) => Claim::Error {
                message: head.trim_end().trim_end_matches(',').to_string(),
                prefix: true,
            },
            None => Claim::Error {
                message: message.to_string(),
                prefix: false,
            },
        };
    }
    if comment == "(nothing)" {
        return Claim::Nothing;
    }
    if code.contains("print(") {
        return Claim::Printed(comment.to_string());
    }
    let values = named_values(comment);
    if values.iter().all(|(_, v)| parses(v)) {
        Claim::Values(values)
    } else {
        Claim::Prose
    }
}

/// Half a unit in the last written place of the most precise decimal number in `text`
/// (0 when every number is an integer).
fn written_tolerance(text: &str) -> f64 {
    let bytes = text.as_bytes();
    let mut tol: f64 = 0.0;
    let mut k = 0;
    while k < bytes.len() {
        let c = bytes[k];
        if c.is_ascii_alphabetic() || c == b'_' {
            while k < bytes.len() && (bytes[k].is_ascii_alphanumeric() || bytes[k] == b'_') {
                k += 1;
            }
        } else if c.is_ascii_digit()
            || (c == b'.' && bytes.get(k + 1).is_some_and(u8::is_ascii_digit))
        {
            let mut decimals = 0i32;
            while k < bytes.len() && bytes[k].is_ascii_digit() {
                k += 1;
            }
            if k < bytes.len() && bytes[k] == b'.' {
                k += 1;
                while k < bytes.len() && bytes[k].is_ascii_digit() {
                    k += 1;
                    decimals += 1;
                }
            }
            let mut exponent = 0i32;
            if k < bytes.len() && (bytes[k] == b'e' || bytes[k] == b'E') {
                let start = k + 1;
                let mut end = start;
                if end < bytes.len() && (bytes[end] == b'+' || bytes[end] == b'-') {
                    end += 1;
                }
                while end < bytes.len() && bytes[end].is_ascii_digit() {
                    end += 1;
                }
                exponent = text[start..end].parse().unwrap_or(0);
                k = end;
            }
            if decimals > 0 || exponent < 0 {
                let place = 0.5 * 10f64.powi(exponent - decimals);
                tol = if tol == 0.0 { place } else { tol.min(place) };
            }
        } else {
            k += 1;
        }
    }
    tol
}

/// Why `actual` is not the value `written` (an la expression), or `None` if it is.
fn mismatch(actual: &Value, written: &str) -> Option<String> {
    let mut scratch = Interpreter::new();
    let expected = match scratch.run("<value>", written) {
        Ok(Some(v)) => v,
        Ok(None) => return Some(format!("`{written}` gives no value")),
        Err(e) => {
            return Some(format!(
                "`{written}` does not run:\n{}",
                scratch.render(&e, false)
            ))
        }
    };
    let describe = |v: &Value| format!("{} {v:?}", v.describe());
    if matches!(expected, Value::Bool(_)) != matches!(actual, Value::Bool(_)) {
        return Some(format!(
            "got {}, but the document says {written}",
            describe(actual)
        ));
    }
    let (Some(want), Some(got)) = (expected.to_cmat(), actual.to_cmat()) else {
        return (expected != *actual)
            .then(|| format!("got {}, but the document says {written}", describe(actual)));
    };
    if (want.nrows(), want.ncols()) != (got.nrows(), got.ncols()) {
        return Some(format!(
            "got {}, but the document's {written} is {}",
            describe(actual),
            expected.describe()
        ));
    }
    let digits = written_tolerance(written);
    for i in 0..want.nrows() {
        for j in 0..want.ncols() {
            let (w, g) = (want[(i, j)], got[(i, j)]);
            for (w, g) in [(w.re, g.re), (w.im, g.im)] {
                let tol = digits.max(1e-12 * w.abs().max(1.0));
                let same = w == g || (w.is_nan() && g.is_nan()) || (w - g).abs() <= tol;
                if !same {
                    return Some(format!(
                        "element ({}, {}) is {g}, but the document says {w} (in {written})",
                        i + 1,
                        j + 1
                    ));
                }
            }
        }
    }
    None
}

/// An interpreter whose shown and printed text is captured.
fn capturing() -> (Interpreter, Arc<Mutex<String>>) {
    let out = Arc::new(Mutex::new(String::new()));
    let captured = Arc::clone(&out);
    let mut la = Interpreter::with_sink(Box::new(move |event| {
        if let Event::Text(t) = event {
            captured.lock().unwrap().push_str(&t);
        }
    }));
    // Examples may read the repository's files (`source("examples/lib/vectors.la")`).
    la.set_file_access(la::FileAccess::inside(env!("CARGO_MANIFEST_DIR")).unwrap());
    (la, out)
}

/// The position of a `#` that starts a comment (not one inside a string).
fn comment_start(line: &str) -> Option<usize> {
    let mut in_string = false;
    let mut escaped = false;
    for (k, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '#' if !in_string => return Some(k),
            _ => {}
        }
    }
    None
}

/// One piece of a program: its code, the line it ends on, and the claim of its comment.
struct Piece {
    line: usize,
    code: String,
    claim: Claim,
}

/// Cuts a program into pieces, each ending at a line whose comment is a claim (prose
/// comments stay inside their piece as ordinary comments).
fn pieces(lines: &[(usize, String)]) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut code = String::new();
    for (number, line) in lines {
        let claim = comment_start(line).map(|k| classify(&line[..k], &line[k + 1..]));
        code.push_str(line);
        code.push('\n');
        if let Some(claim) = claim.filter(|c| !matches!(c, Claim::Prose)) {
            out.push(Piece {
                line: *number,
                code: std::mem::take(&mut code),
                claim,
            });
        }
    }
    if !code.trim().is_empty() {
        let line = lines.last().map_or(0, |(n, _)| *n);
        out.push(Piece {
            line,
            code,
            claim: Claim::Prose,
        });
    }
    out
}

/// Runs the pieces of one program in one interpreter, checking each claim. Returns the
/// problems as (line, example, problem).
fn run_program(name: &str, pieces: &[Piece]) -> Vec<(usize, String, String)> {
    let (mut la, out) = capturing();
    let mut problems = Vec::new();
    for piece in pieces {
        out.lock().unwrap().clear();
        let result = la.run(&format!("{name}:{}", piece.line), &piece.code);
        let shown = out.lock().unwrap().clone();
        let example = piece.code.trim().lines().last().unwrap_or("").to_string();
        let problem = match (&piece.claim, result) {
            (Claim::Error { message, prefix }, Err(e)) => {
                let rendered = la.render(&e, false);
                let first = rendered.lines().next().unwrap_or("");
                let said = first.strip_prefix("Error: ").unwrap_or(first);
                let agrees = if *prefix {
                    said.starts_with(message.as_str())
                } else {
                    said == message
                };
                (!agrees).then(|| format!("it fails with:\n{rendered}"))
            }
            (Claim::Error { .. }, Ok(_)) => Some("it runs without the error it shows".into()),
            (_, Err(e)) => Some(format!("it fails:\n{}", la.render(&e, false))),
            (Claim::Nothing, Ok(_)) => (!shown.is_empty()).then(|| format!("it shows:\n{shown}")),
            (Claim::Printed(text), Ok(_)) => (shown.trim_end() != text)
                .then(|| format!("it prints:\n{shown}but the document says:\n{text}")),
            (Claim::Values(values), Ok(value)) => values.iter().find_map(|(var, written)| {
                let actual = match var {
                    Some(var) => la.get(var).cloned(),
                    None => value.clone(),
                };
                match actual {
                    None => Some(match var {
                        Some(var) => format!("`{var}` is not set"),
                        None => "it gives no value".to_string(),
                    }),
                    Some(actual) => mismatch(&actual, written),
                }
            }),
            (Claim::Prose, Ok(_)) => None,
        };
        if let Some(problem) = problem {
            problems.push((piece.line, example, problem));
        }
    }
    problems
}

/// Runs one ```la block; returns how many claims it makes.
fn check_la_block(file: &str, block: &Block, failures: &mut Failures) -> usize {
    let pieces = pieces(&block.lines);
    for (line, example, problem) in run_program(file, &pieces) {
        failures.add(file, line, &example, problem);
    }
    claims(&pieces)
}

/// How many pieces make a checkable claim.
fn claims(pieces: &[Piece]) -> usize {
    pieces
        .iter()
        .filter(|p| !matches!(p.claim, Claim::Prose))
        .count()
}

/// The examples column of the builtin tables: (line, example text).
fn table_examples(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut inside = false;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("<!-- BUILTINS:BEGIN") {
            inside = true;
        } else if line.starts_with("<!-- BUILTINS:END") {
            inside = false;
        } else if inside && line.starts_with("| `") {
            // Cells are split at `|` that is not escaped as `\|`.
            let cells: Vec<String> = line
                .replace("\\|", "\u{0}")
                .split('|')
                .map(|c| c.trim().replace('\u{0}', "|"))
                .collect();
            let example = cells[cells.len() - 2].trim_matches('`').to_string();
            out.push((i + 1, example));
        }
    }
    out
}

/// A table example may hold several, as in `abs(x)   # 1.5;  abs(3 + 4i)   # 5`: a comment
/// runs to a `;` followed by two spaces.
fn example_lines(example: &str, line: usize) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut rest = example;
    loop {
        let cut = comment_start(rest).and_then(|k| rest[k..].find(";  ").map(|j| k + j));
        match cut {
            Some(cut) => {
                out.push((line, rest[..cut].to_string()));
                rest = rest[cut + 1..].trim_start();
            }
            None => {
                out.push((line, rest.to_string()));
                return out;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------

/// Checks every block of a document; returns the number of claims in its ```la blocks and
/// of `$ la` commands in its console blocks.
fn check_document(file: &str) -> (usize, usize) {
    let text = read(file);
    let mut failures = Failures::default();
    let (mut programs, mut sessions) = (0, 0);
    for block in blocks(&text) {
        match block.lang.as_str() {
            "la" => programs += check_la_block(file, &block, &mut failures),
            "console" => sessions += check_console(file, &block, &mut failures),
            "ebnf" | "text" | "rust" | "sh" => {}
            other => {
                let line = block.lines.first().map_or(0, |(n, _)| n - 1);
                failures.add(
                    file,
                    line,
                    &format!("```{other}"),
                    "a block says what it is: la, console, ebnf, text (or rust, sh in the README)",
                );
            }
        }
    }
    failures.finish(file);
    eprintln!("{file}: {programs} result comments checked, {sessions} `$ la` commands run");
    (programs, sessions)
}

#[test]
fn grammar_examples_are_true() {
    let (claims, commands) = check_document("grammar.md");
    // The checker must be finding the examples, not skipping them.
    assert!(
        claims >= 7,
        "only {claims} result comments checked in grammar.md"
    );
    assert!(
        commands >= 8,
        "only {commands} `$ la` commands run from grammar.md"
    );
}

#[test]
fn readme_sessions_are_true() {
    let text = read("README.md");
    let tour = text
        .find("## A ten-line tour")
        .expect("the README has its tour");
    assert!(
        blocks(&text[tour..])
            .first()
            .is_some_and(|b| b.lang == "console"),
        "the README's tour is a console block, so it is checked"
    );
    let (_, commands) = check_document("README.md");
    assert!(
        commands >= 2,
        "only {commands} `$ la` commands run from README.md"
    );
}

#[test]
fn builtin_table_examples_are_true() {
    let text = read("grammar.md");
    let examples = table_examples(&text);
    assert!(
        examples.len() >= la::builtins::all().count(),
        "found {} table examples for {} builtins",
        examples.len(),
        la::builtins::all().count()
    );
    let mut failures = Failures::default();
    let mut checked = 0;
    for (line, example) in examples {
        let pieces = pieces(&example_lines(&example, line));
        checked += claims(&pieces);
        let problems = run_program("grammar.md", &pieces);
        match KNOWN_FALSE.iter().find(|(e, _)| *e == example) {
            Some((_, why)) => {
                if problems.is_empty() {
                    failures.add(
                        "grammar.md",
                        line,
                        &example,
                        format!("listed in KNOWN_FALSE ({why}) but now true: remove the entry"),
                    );
                }
            }
            None => {
                for (line, _, problem) in problems {
                    failures.add("grammar.md", line, &example, problem);
                }
            }
        }
    }
    failures.finish("grammar.md's builtin table");
    eprintln!("grammar.md's builtin table: {checked} result comments checked");
    assert!(
        checked >= 60,
        "only {checked} table examples make a checkable claim"
    );
}

#[test]
fn the_checker_reads_comments_as_documented() {
    assert!(
        matches!(classify("x", "Error: a, ..."), Claim::Error { prefix: true, ref message } if message == "a")
    );
    assert!(matches!(classify("x", "(nothing)"), Claim::Nothing));
    assert!(matches!(classify("print(1)", "1"), Claim::Printed(_)));
    assert!(matches!(classify("x", "3×3 identity"), Claim::Prose));
    let Claim::Values(v) = classify("v, i = sort(x)", "v = [[1, 2]], i = [[2, 1]]") else {
        panic!("two named values")
    };
    assert_eq!(
        v,
        [
            (Some("v".to_string()), "[[1, 2]]".to_string()),
            (Some("i".to_string()), "[[2, 1]]".to_string())
        ]
    );
    assert_eq!(written_tolerance("[[1, 2]]"), 0.0);
    assert!((written_tolerance("[0.7071, 1.5]") - 0.00005).abs() < 1e-12);
    assert_eq!(written_tolerance("log10(1000)"), 0.0);
    assert!(mismatch(&Value::Scalar(std::f64::consts::FRAC_PI_2), "1.5708").is_none());
    assert!(mismatch(&Value::Scalar(1.5), "1.5708").is_some());
    assert!(mismatch(&Value::Scalar(1.0), "true").is_some());
    assert!(mismatch(&Value::Bool(true), "true").is_none());
}
