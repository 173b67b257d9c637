//! Name completion in code, one rule for every front end (the REPL, a language server, a
//! notebook kernel): the name being typed before the cursor, and the names that could
//! finish it (the session's variables and functions, builtins, keywords, constants), sorted
//! and without repeats. Nothing is offered inside a string or after a digit. Also how close
//! two names are (`edit_distance`), for "did you mean" suggestions.
//!
//! ```text
//! la> learning_rate = 0.1
//! la> lea<Tab>          →  la> learning_rate
//! ```

use crate::Interpreter;

/// The words of the language, offered wherever a name can go.
pub const KEYWORDS: &[&str] = &[
    "fn", "if", "else", "for", "in", "while", "break", "continue", "return", "true", "false", "end",
];

/// The predefined constants, in their usual spelling.
pub const CONSTANTS: &[&str] = &["pi", "e", "inf", "nan"];

/// What a completed name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NameKind {
    /// A variable of the session.
    Variable,
    /// A user function or a host function.
    Function,
    /// A builtin function.
    Builtin,
    /// A keyword of the language.
    Keyword,
    /// A predefined constant.
    Constant,
}

/// The names that could finish the one being typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Completion {
    /// Where the typed name starts (a byte offset into the text given); the chosen name
    /// replaces the text from here to the cursor.
    pub start: usize,
    /// The candidates, sorted by name, each once (a variable before a builtin of the same
    /// name, which it hides).
    pub names: Vec<(String, NameKind)>,
}

/// Completes the name that ends at the end of `before` (the text before the cursor), with
/// `session` the session's own names.
///
/// ```
/// use la::complete::{complete_code, NameKind};
/// let c = complete_code("y = inv(A) + in", &[("inputs", NameKind::Variable)]);
/// assert_eq!(c.start, 13);
/// let names: Vec<&str> = c.names.iter().map(|(n, _)| n.as_str()).collect();
/// assert_eq!(names, ["in", "inf", "inputs", "integral", "inv"]);
/// ```
pub fn complete_code(before: &str, session: &[(&str, NameKind)]) -> Completion {
    let nothing = Completion {
        start: before.len(),
        names: Vec::new(),
    };
    if inside_string(before) {
        return nothing;
    }
    let start = word_start(before);
    let word = &before[start..];
    if word.is_empty() || word.starts_with(|c: char| c.is_ascii_digit()) {
        return nothing;
    }
    let builtins = crate::builtins::all().map(|b| (b.name, NameKind::Builtin));
    let keywords = KEYWORDS.iter().map(|&k| (k, NameKind::Keyword));
    let constants = CONSTANTS.iter().map(|&c| (c, NameKind::Constant));
    let mut names: Vec<(String, NameKind)> = session
        .iter()
        .copied()
        .chain(builtins)
        .chain(keywords)
        .chain(constants)
        .filter(|(name, _)| name.starts_with(word))
        .map(|(name, kind)| (name.to_string(), kind))
        .collect();
    names.sort();
    names.dedup_by(|later, first| later.0 == first.0);
    Completion { start, names }
}

/// Edit distance between two short names, a swap of neighbouring letters counting as one
/// edit (`lenght` is one slip from `length`): how "did you mean" suggestions, in the
/// library's diagnostics and in front ends, measure closeness.
///
/// ```
/// assert_eq!(la::complete::edit_distance("lenght", "length"), 1);
/// assert_eq!(la::complete::edit_distance("", "ab"), 2);
/// ```
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// Where the name that ends at the end of `text` begins.
pub fn word_start(text: &str) -> usize {
    text.rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1)
}

/// True when `text` ends inside a string literal (strings never span lines).
fn inside_string(text: &str) -> bool {
    let line = text.rsplit('\n').next().unwrap_or(text);
    let mut inside = false;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if inside && !escaped => {
                escaped = true;
                continue;
            }
            '"' if !escaped => inside = !inside,
            '#' if !inside => return false,
            _ => {}
        }
        escaped = false;
    }
    inside
}

impl Interpreter {
    /// Completes the name that ends at the end of `before` with this session's names
    /// (variables, user and host functions) besides builtins, keywords and constants.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// la.run("<doc>", "weights = [1, 2]; fn warmup(x) = x").unwrap();
    /// let c = la.complete("w");
    /// let names: Vec<&str> = c.names.iter().map(|(n, _)| n.as_str()).collect();
    /// assert_eq!(names, ["warmup", "weights", "while"]);
    /// ```
    pub fn complete(&self, before: &str) -> Completion {
        let variables = self.variables();
        let mut functions = self.functions();
        functions.extend(self.host_function_names());
        let session: Vec<(&str, NameKind)> = variables
            .iter()
            .map(|(name, _)| (*name, NameKind::Variable))
            .chain(functions.iter().map(|&name| (name, NameKind::Function)))
            .collect();
        complete_code(before, &session)
    }
}
