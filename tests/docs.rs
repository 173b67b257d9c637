//! The documents stay true to the code: the builtin lists in README.md and grammar.md are
//! generated from the builtin table (the same rows `:help` reads). Run with `LA_BLESS=1` to
//! rewrite them after changing a row.

use std::path::Path;

const BEGIN: &str = "<!-- BUILTINS:BEGIN (generated from the builtin table by tests/docs.rs) -->";
const END: &str = "<!-- BUILTINS:END -->";

/// How a document lists the builtins.
#[derive(Clone, Copy)]
enum Style {
    /// One bullet per builtin: signature and doc (the README).
    Bullets,
    /// A table per topic with the example too (grammar.md, the reference).
    Tables,
}

/// The list: one heading per topic, one entry per builtin.
fn generated(style: Style) -> String {
    let mut out = String::new();
    for (topic, table) in la::builtins::TOPICS {
        let mut title = topic.to_string();
        title[..1].make_ascii_uppercase();
        let cell = |s: &str| s.replace('|', "\\|");
        match style {
            Style::Bullets => out.push_str(&format!("\n**{title}**\n")),
            Style::Tables => out.push_str(&format!(
                "\n#### {title}\n\n| function | what it does | example |\n|---|---|---|\n"
            )),
        }
        for b in table.iter() {
            match style {
                Style::Bullets => out.push_str(&format!("- `{}`: {}\n", b.signature, b.doc)),
                Style::Tables => out.push_str(&format!(
                    "| `{}` | {} | `{}` |\n",
                    cell(b.signature),
                    cell(b.doc),
                    cell(b.example)
                )),
            }
        }
    }
    out.push('\n');
    out
}

fn check(file: &str, style: Style) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let (Some(start), Some(stop)) = (text.find(BEGIN), text.find(END)) else {
        panic!("{file} has no generated builtin list between {BEGIN} and {END}");
    };
    let current = &text[start + BEGIN.len()..stop];
    let fresh = generated(style);
    if current == fresh {
        return;
    }
    if std::env::var_os("LA_BLESS").is_some() {
        let updated = format!("{}{BEGIN}{fresh}{}", &text[..start], &text[stop..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    panic!("the builtin list in {file} is out of date: run `LA_BLESS=1 cargo test --test docs`");
}

#[test]
fn readme_lists_every_builtin_from_the_table() {
    check("README.md", Style::Bullets);
}

#[test]
fn grammar_lists_every_builtin_from_the_table() {
    check("grammar.md", Style::Tables);
}

#[test]
fn every_builtin_documents_itself() {
    for b in la::builtins::all() {
        assert!(
            !b.doc.is_empty() && !b.example.is_empty(),
            "{} lacks a doc line or an example",
            b.name
        );
        assert!(
            b.signature.contains(b.name),
            "{}'s signature {:?} does not name it",
            b.name,
            b.signature
        );
    }
}
