//! "Did you mean": for an unknown name, a known name spelt with other capitals (`True`,
//! `PI`), the la name of another language's function (`len`), or a known name one or two
//! typing slips away. A guess is only made when a person would accept it: a short name
//! gets no guess from spelling alone, so `B` is never answered with "did you mean `A`?".

use super::env::Frame;
use super::Interpreter;
use crate::complete::edit_distance;
use crate::intern::Symbol;

/// Other languages' names for what la spells differently.
const FOREIGN: &[(&str, &str)] = &[
    (
        "len",
        "la calls it `numel` (all elements) or `length` (the longer side)",
    ),
    ("disp", "la calls it `print`"),
    ("printf", "la calls it `print`"),
    ("fprintf", "la calls it `print`"),
    ("println", "la calls it `print`"),
    ("eye", "the n×n identity is `I(n)`"),
    (
        "arange",
        "write a range `start:step:end` (it includes `end`)",
    ),
    ("matmul", "the matrix product is the operator `*`"),
];

/// Keywords that can stand alone as a statement or a value, offered for names typed with
/// other capitals (`True`, `Break`).
const VALUE_KEYWORDS: &[&str] = &["true", "false", "break", "continue", "return"];

impl Interpreter {
    /// A help line for the unknown `name`: variables and constants are searched, or, with
    /// `functions`, user functions and builtins.
    pub(super) fn suggest_name(
        &self,
        name: &str,
        frame: &Frame,
        functions: bool,
    ) -> Option<String> {
        if let Some((_, help)) = FOREIGN.iter().find(|(foreign, _)| *foreign == name) {
            return Some(help.to_string());
        }
        let mut candidates: Vec<&str> = Vec::new();
        for i in 0..self.names.len() {
            let symbol = Symbol(i as u32);
            let known = if functions {
                matches!(self.functions.get(i), Some(Some(_)))
                    || matches!(self.host_functions.get(i), Some(Some(_)))
                    || matches!(self.builtins.get(i), Some(Some(_)))
            } else {
                self.read(symbol, frame).is_some() || matches!(self.constants.get(i), Some(Some(_)))
            };
            if known {
                candidates.push(self.names.name(symbol));
            }
        }
        if functions && self.with_builtins {
            candidates.extend(crate::builtins::all().map(|b| b.name));
        }
        if !functions {
            candidates.extend(VALUE_KEYWORDS);
            candidates.extend(
                ["pi", "e", "inf", "nan"]
                    .into_iter()
                    .filter(|c| super::constant(c).is_some()),
            );
        }
        candidates.retain(|c| *c != name);
        candidates.sort_unstable();
        candidates.dedup();
        closest(name, &candidates).map(|c| format!("did you mean `{c}`?"))
    }
}

/// The candidate a person would take `name` for: the same name in other capitals (the
/// lower-case spelling first, so `INF` is `inf`), else one within one edit for names of
/// three to five characters and two edits for longer ones; ties go to names that start
/// like `name` (`sqr` is `sqrt`, not `qr`).
fn closest<'c>(name: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let lower = name.to_lowercase();
    if let Some(c) = candidates.iter().find(|c| **c == lower) {
        return Some(c);
    }
    if let Some(c) = candidates.iter().find(|c| c.eq_ignore_ascii_case(name)) {
        return Some(c);
    }
    let allowed = match name.chars().count() {
        0..=2 => return None,
        3..=5 => 1,
        _ => 2,
    };
    candidates
        .iter()
        .map(|c| {
            (
                edit_distance(name, c),
                c.chars().next() != name.chars().next(),
                *c,
            )
        })
        .filter(|(d, _, _)| *d <= allowed)
        .min()
        .map(|(_, _, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_variants_and_slips() {
        let known = ["true", "pi", "e", "inf", "Inf", "length", "sqrt", "qr", "A"];
        assert_eq!(closest("True", &known), Some("true"));
        assert_eq!(closest("PI", &known), Some("pi"));
        assert_eq!(closest("Pi", &known), Some("pi"));
        assert_eq!(closest("E", &known), Some("e"));
        assert_eq!(closest("INF", &known), Some("inf"));
        assert_eq!(closest("lenght", &known), Some("length"));
        assert_eq!(closest("sqr", &known), Some("sqrt"));
        assert_eq!(closest("B", &known), None);
        assert_eq!(closest("xy", &known), None);
        assert_eq!(closest("banana", &known), None);
    }

    #[test]
    fn swaps_count_once() {
        assert_eq!(edit_distance("lenght", "length"), 1);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("", "ab"), 2);
    }
}
