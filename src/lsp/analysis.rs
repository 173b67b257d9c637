//! What the language server knows of one document, from the library's public API alone:
//! its diagnostics (syntax errors, the checker's certain errors, lints), the name at a
//! place, what a name is (a builtin's signature and doc, a variable's inferred shape),
//! completions, where names are defined, and its functions and top-level variables.
//! Positions here are byte offsets; `mod.rs` turns them into the protocol's UTF-16 ones.

use la::intern::{Interner, Symbol};
use la::syntax::ast::{Stmt, StmtKind};
use la::{Diagnostic, Interpreter};

/// A name defined in the document: where, and whether it is a function.
pub struct Definition {
    /// The name.
    pub name: String,
    /// Byte range of the name where it is first assigned or defined.
    pub range: std::ops::Range<usize>,
    /// Defined with `fn`.
    pub function: bool,
    /// At the top level (not inside a function or block).
    pub top_level: bool,
}

/// Every diagnostic of `text`: syntax errors if it does not parse, else the checker's
/// certain errors and the lints.
pub fn diagnostics(name: &str, text: &str) -> Vec<Diagnostic> {
    Interpreter::new().diagnose(name, text)
}

/// The name (letters, digits, `_`) around byte `at`, with its range.
pub fn word_at(text: &str, at: usize) -> Option<(&str, std::ops::Range<usize>)> {
    let at = at.min(text.len());
    let is_name = |c: char| c.is_alphanumeric() || c == '_';
    let start = text[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_name(*c))
        .last()
        .map_or(at, |(i, _)| i);
    let end = text[at..]
        .char_indices()
        .find(|(_, c)| !is_name(*c))
        .map_or(text.len(), |(i, _)| at + i);
    (start < end && !text[start..].starts_with(|c: char| c.is_ascii_digit()))
        .then(|| (&text[start..end], start..end))
}

/// What hovering over byte `at` shows: a builtin's signature, doc and example; a name
/// defined in the document with its shape where the checker knows it (`A: 64×10 matrix`).
pub fn hover(text: &str, at: usize) -> Option<String> {
    let Some((word, range)) = word_at(text, at) else {
        // An operator, a bracket: the expression around it.
        return expression_at(text, at);
    };
    let defined = definitions(text).into_iter().find(|d| d.name == word);
    if let Some(def) = defined {
        if def.function {
            return Some(format!(
                "```la\nfn {word}\n```\na function defined in this file"
            ));
        }
        if let Some(shown) = expression_at(text, at) {
            return Some(shown);
        }
        // The statements up to the end of this line, then the name: its value there.
        let line_end = text[range.end..]
            .find('\n')
            .map_or(text.len(), |i| range.end + i);
        let probe = format!("{}\n{word}", &text[..line_end]);
        let shape = Interpreter::new().infer(&probe).ok().flatten().map_or(
            "a variable (its shape is not known before running)".to_string(),
            |t| t.to_string(),
        );
        return Some(format!("`{word}`: {shape}"));
    }
    let Some(builtin) = la::builtins::lookup(word) else {
        return expression_at(text, at);
    };
    Some(format!(
        "```la\n{}\n```\n{}\n\nexample: `{}`",
        builtin.signature, builtin.doc, builtin.example
    ))
}

/// The innermost expression around byte `at` whose kind the checker knows, and what it
/// is: "`A' * B`: 2×3 matrix".
fn expression_at(text: &str, at: usize) -> Option<String> {
    let mut la = Interpreter::new();
    let program = la.compile("<hover>", text).ok()?;
    let (span, inferred) = la
        .types(&program)
        .into_iter()
        .filter(|(s, _)| (s.start as usize) <= at && at < s.end as usize)
        .min_by_key(|(s, _)| s.end - s.start)?;
    let code = text.get(span.start as usize..span.end as usize)?;
    let code = match code.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &code[..cut]),
        None => code.to_string(),
    };
    Some(format!("`{}`: {inferred}", code.replace('\n', " ")))
}

/// The files the document `source`s with a literal name: each name, and the byte range
/// of the string literal holding it.
pub fn sourced(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("source(") {
        let start = from + i + "source(".len();
        from = start;
        let rest = &text[start..];
        let open = rest.len() - rest.trim_start().len();
        let Some(body) = rest[open..].strip_prefix('"') else {
            continue;
        };
        if let Some(close) = body.find(['"', '\n']) {
            if body[close..].starts_with('"') {
                let literal = start + open..start + open + close + 2;
                out.push((body[..close].to_string(), literal));
            }
        }
    }
    out
}

/// Names that could finish the one before byte `at`: the document's variables and
/// functions, builtins, keywords and constants; and where the typed name starts.
pub fn complete(text: &str, at: usize) -> (usize, Vec<(String, la::complete::NameKind)>) {
    use la::complete::NameKind;
    let definitions = definitions(text);
    let session: Vec<(&str, NameKind)> = definitions
        .iter()
        .map(|d| {
            let kind = if d.function {
                NameKind::Function
            } else {
                NameKind::Variable
            };
            (d.name.as_str(), kind)
        })
        .collect();
    let at = floor_char_boundary(text, at);
    let found = la::complete::complete_code(&text[..at], &session);
    (found.start, found.names)
}

/// The signature of the builtin whose call the text before byte `at` is inside: the
/// innermost unclosed `(` that follows a builtin's name (an unclosed `[` or `{` ends the
/// search).
pub fn signature(text: &str, at: usize) -> Option<&'static la::builtins::Builtin> {
    let before = &text[..floor_char_boundary(text, at)];
    let mut depth = 0usize;
    for (i, c) in before.char_indices().rev() {
        match c {
            ')' | ']' | '}' => depth += 1,
            '(' | '[' | '{' if depth > 0 => depth -= 1,
            '(' => {
                let name_start = before[..i]
                    .char_indices()
                    .rev()
                    .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
                    .last()
                    .map_or(i, |(j, _)| j);
                return la::builtins::lookup(&before[name_start..i]);
            }
            '[' | '{' => return None,
            _ => {}
        }
    }
    None
}

/// Every name the document assigns or defines, at its first place, in source order.
pub fn definitions(text: &str) -> Vec<Definition> {
    let mut names = Interner::default();
    let parsed = la::syntax::parse_partial(text, la::source::SourceId(0), &mut names, 256);
    let Some(program) = parsed.program else {
        return Vec::new();
    };
    let mut out: Vec<Definition> = Vec::new();
    collect(&program.statements, &names, true, &mut out);
    out
}

fn collect(statements: &[Stmt], names: &Interner, top: bool, out: &mut Vec<Definition>) {
    // The first place a name is defined (a parameter is never top-level).
    let add =
        |name: Symbol, span: la::Span, function: bool, top: bool, out: &mut Vec<Definition>| {
            let name = names.name(name).to_string();
            if !out.iter().any(|d| d.name == name && d.top_level == top) {
                out.push(Definition {
                    name,
                    range: span.range(),
                    function,
                    top_level: top,
                });
            }
        };
    for stmt in statements {
        match &stmt.kind {
            StmtKind::Assign { target, .. } => add(target.name, target.span, false, top, out),
            StmtKind::Destructure { targets, .. } => {
                for t in targets {
                    add(t.name, t.span, false, top, out);
                }
            }
            StmtKind::FnDef(def) => {
                add(def.name.name, def.name.span, true, top, out);
                for p in &def.params {
                    add(p.name, p.span, false, false, out);
                }
                collect(&def.body.statements, names, false, out);
            }
            StmtKind::If {
                branches,
                otherwise,
            } => {
                for (_, b) in branches {
                    collect(&b.statements, names, false, out);
                }
                if let Some(b) = otherwise {
                    collect(&b.statements, names, false, out);
                }
            }
            StmtKind::For { var, body, .. } => {
                add(var.name, var.span, false, top, out);
                collect(&body.statements, names, false, out);
            }
            StmtKind::While { body, .. } => collect(&body.statements, names, false, out),
            _ => {}
        }
    }
}

/// The largest char boundary at or before `at`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_hover_and_definitions() {
        let text =
            "# π ≈ 3.14\nX = randn(64, 10);\nW = zeros(10, 3);\nY = X * W\nfn f(x) = 2 * x\n";
        let at = text.find("Y =").unwrap();
        assert_eq!(word_at(text, at).map(|w| w.0), Some("Y"));
        assert_eq!(hover(text, at).unwrap(), "`Y`: 64×3 matrix");
        // An operator: the expression it joins; a name inside one: its value there.
        let times = text.find(" * W").unwrap() + 1;
        assert_eq!(hover(text, times).unwrap(), "`X * W`: 64×3 matrix");
        assert_eq!(hover(text, times + 2).unwrap(), "`W`: 10×3 matrix");
        // A parameter's shape is named after it.
        let x = text.rfind('x').unwrap();
        assert_eq!(hover(text, x).unwrap(), "`x`: rows(x)×cols(x) matrix");
        let zeros = text.find("zeros").unwrap() + 2;
        assert!(hover(text, zeros).unwrap().contains("zeros(m, n)"));
        let defs = definitions(text);
        let names: Vec<&str> = defs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["X", "W", "Y", "f", "x"]);
        assert!(defs[3].function && defs[3].top_level && !defs[4].top_level);
    }

    #[test]
    fn completion_and_signatures_on_half_typed_text() {
        let text = "learning_rate = 0.1\ny = zeros(3, lea";
        let (start, names) = complete(text, text.len());
        assert_eq!(&text[start..], "lea");
        assert!(names.iter().any(|(n, _)| n == "learning_rate"));
        assert_eq!(signature(text, text.len()).map(|b| b.name), Some("zeros"));
        assert_eq!(signature("x = [1, (2", 10).map(|b| b.name), None);
    }

    #[test]
    fn diagnostics_cover_syntax_shapes_and_lints() {
        assert_eq!(
            diagnostics("a.la", "x = [1, 2")[0].kind,
            la::ErrorKind::Parse
        );
        let found = diagnostics("a.la", "A = [[1, 2, 3]];\nB = A * A\n");
        assert_eq!(found[0].kind, la::ErrorKind::Shape);
        let lints = diagnostics("a.la", "A = [[2, 1], [1, 3]]\nx = inv(A) * [1, 2]\n");
        assert_eq!(lints[0].code, Some("L003"));
    }
}
