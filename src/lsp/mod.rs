//! `la lsp`: a language server over standard input and output (the only module that uses
//! `lsp-server` and `lsp-types`). It keeps each open document's text, publishes its
//! diagnostics as it changes (syntax errors, the checker's certain shape errors, lints:
//! the CLI's own ranges and words), and answers hover, completion, signature help, go to
//! definition and document symbols from `analysis`, and formatting with `la fmt`'s layout. Positions are UTF-16, as the protocol
//! says; every request gets an answer, a panic in a handler an error response.
//!
//! ```text
//! -- Neovim (0.7+):
//! vim.lsp.start_client({ name = "la", cmd = { "la", "lsp" } })
//! ```

mod analysis;

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::process::ExitCode;

use la::source::Source;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionOptions, Diagnostic,
    DiagnosticRelatedInformation, DiagnosticSeverity, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DocumentSymbol, DocumentSymbolParams,
    GotoDefinitionParams, Hover, HoverContents, HoverParams, HoverProviderCapability, Location,
    MarkupContent, MarkupKind, NumberOrString, OneOf, Position, PositionEncodingKind,
    PublishDiagnosticsParams, Range, ServerCapabilities, SignatureHelp, SignatureHelpOptions,
    SignatureHelpParams, SignatureInformation, SymbolKind, TextDocumentPositionParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, Url,
};

/// Serves one editor session; returns when the editor says `exit`.
pub fn main() -> ExitCode {
    let (connection, io) = Connection::stdio();
    let served = serve(&connection);
    drop(connection);
    let joined = io.join();
    match (served, joined) {
        (Ok(()), Ok(())) => ExitCode::SUCCESS,
        (Err(e), _) => {
            crate::report(&format!("la lsp: {e}\n"));
            ExitCode::from(1)
        }
        (_, Err(e)) => {
            crate::report(&format!("la lsp: {e}\n"));
            ExitCode::from(1)
        }
    }
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions::default()),
        signature_help_provider: Some(SignatureHelpOptions {
            trigger_characters: Some(vec!["(".into(), ",".into()]),
            ..SignatureHelpOptions::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

type Failure = Box<dyn std::error::Error + Send + Sync>;

/// The open documents, each kept as a `la::source::Source` (which also turns byte offsets
/// into the protocol's lines and UTF-16 columns).
type Documents = HashMap<Url, Source>;

fn serve(connection: &Connection) -> Result<(), Failure> {
    connection.initialize(serde_json::to_value(capabilities())?)?;
    let mut documents: Documents = HashMap::new();
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(());
                }
                let id = request.id.clone();
                let response =
                    std::panic::catch_unwind(AssertUnwindSafe(|| answer(&documents, request)))
                        .unwrap_or_else(|_| {
                            Response::new_err(
                                id,
                                ErrorCode::InternalError as i32,
                                "la lsp: internal error while answering (a bug in la)".into(),
                            )
                        });
                connection.sender.send(Message::Response(response))?;
            }
            Message::Notification(notification) => {
                let changed = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    update(&mut documents, notification)
                }));
                if let Ok(Some(uri)) = changed {
                    let source = documents
                        .get(&uri)
                        .cloned()
                        .unwrap_or_else(|| document(&uri, String::new()));
                    let params = std::panic::catch_unwind(|| publish(&uri, &source))
                        .unwrap_or_else(|_| PublishDiagnosticsParams::new(uri, Vec::new(), None));
                    let n = Notification::new("textDocument/publishDiagnostics".into(), params);
                    connection.sender.send(Message::Notification(n))?;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// Applies an open, change or close; returns the document whose diagnostics changed.
fn update(documents: &mut Documents, n: Notification) -> Option<Url> {
    match n.method.as_str() {
        "textDocument/didOpen" => {
            let p: DidOpenTextDocumentParams = serde_json::from_value(n.params).ok()?;
            let uri = p.text_document.uri;
            documents.insert(uri.clone(), document(&uri, p.text_document.text));
            Some(uri)
        }
        "textDocument/didChange" => {
            let p: DidChangeTextDocumentParams = serde_json::from_value(n.params).ok()?;
            // Full sync: the last change holds the whole text.
            let text = p.content_changes.into_iter().last()?.text;
            let uri = p.text_document.uri;
            documents.insert(uri.clone(), document(&uri, text));
            Some(uri)
        }
        "textDocument/didClose" => {
            let p: DidCloseTextDocumentParams = serde_json::from_value(n.params).ok()?;
            documents.remove(&p.text_document.uri);
            // Closed: its diagnostics are cleared.
            Some(p.text_document.uri)
        }
        _ => None,
    }
}

/// A document's text as a source named by its path (or its URI).
fn document(uri: &Url, text: String) -> Source {
    let name = uri
        .to_file_path()
        .map_or_else(|_| uri.to_string(), |p| p.display().to_string());
    Source { name, text }
}

/// The document's diagnostics, in the protocol's form.
fn publish(uri: &Url, source: &Source) -> PublishDiagnosticsParams {
    let diagnostics = analysis::diagnostics(&source.name, &source.text)
        .iter()
        .map(|d| diagnostic(uri, source, d))
        .collect();
    PublishDiagnosticsParams::new(uri.clone(), diagnostics, None)
}

fn diagnostic(uri: &Url, text: &Source, d: &la::Diagnostic) -> Diagnostic {
    let severity = match d.severity {
        la::diagnostic::Severity::Error => DiagnosticSeverity::ERROR,
        la::diagnostic::Severity::Warning => DiagnosticSeverity::WARNING,
    };
    let mut message = d.message.clone();
    for extra in [&d.help, &d.note].into_iter().flatten() {
        message.push('\n');
        message.push_str(extra);
    }
    let related = d
        .labels
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range(text, l.span.range())),
            message: l.message.clone(),
        })
        .collect();
    Diagnostic {
        range: range(text, d.span.range()),
        severity: Some(severity),
        code: Some(NumberOrString::String(
            d.code
                .map_or_else(|| format!("{:?}", d.kind), str::to_string),
        )),
        source: Some("la".into()),
        message,
        related_information: Some(related),
        ..Diagnostic::default()
    }
}

/// The answer to one request.
fn answer(documents: &Documents, request: Request) -> Response {
    let id = request.id.clone();
    let result = match request.method.as_str() {
        "textDocument/hover" => with::<HoverParams, _>(request, |p| {
            let (source, at) = place(documents, &p.text_document_position_params)?;
            let value = analysis::hover(&source.text, at)?;
            Some(Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value,
                }),
                range: None,
            })
        }),
        "textDocument/completion" => with::<lsp_types::CompletionParams, _>(request, |p| {
            let (source, at) = place(documents, &p.text_document_position)?;
            let (_, names) = analysis::complete(&source.text, at);
            let items: Vec<CompletionItem> = names
                .into_iter()
                .map(|(name, kind)| completion(name, kind))
                .collect();
            Some(items)
        }),
        "textDocument/signatureHelp" => with::<SignatureHelpParams, _>(request, |p| {
            let (source, at) = place(documents, &p.text_document_position_params)?;
            let builtin = analysis::signature(&source.text, at)?;
            Some(SignatureHelp {
                signatures: vec![SignatureInformation {
                    label: builtin.signature.to_string(),
                    documentation: Some(lsp_types::Documentation::String(builtin.doc.to_string())),
                    parameters: None,
                    active_parameter: None,
                }],
                active_signature: Some(0),
                active_parameter: None,
            })
        }),
        "textDocument/definition" => with::<GotoDefinitionParams, _>(request, |p| {
            let position = &p.text_document_position_params;
            let (source, at) = place(documents, position)?;
            let uri = &position.text_document.uri;
            let location = definition(uri, source, at)?;
            Some(lsp_types::GotoDefinitionResponse::Scalar(location))
        }),
        "textDocument/documentSymbol" => with::<DocumentSymbolParams, _>(request, |p| {
            let source = documents.get(&p.text_document.uri)?;
            let symbols: Vec<DocumentSymbol> = analysis::definitions(&source.text)
                .into_iter()
                .filter(|d| d.top_level)
                .map(|d| symbol(source, d))
                .collect();
            Some(lsp_types::DocumentSymbolResponse::Nested(symbols))
        }),
        "textDocument/formatting" => {
            with::<lsp_types::DocumentFormattingParams, _>(request, |p| {
                let source = documents.get(&p.text_document.uri)?;
                // `la fmt`'s layout as one edit over the whole text; none when it is already
                // so, or does not parse.
                let tidy = la::fmt::format(&source.text)
                    .ok()
                    .filter(|t| *t != source.text)?;
                let whole = range(source, 0..source.text.len());
                Some(vec![lsp_types::TextEdit::new(whole, tidy)])
            })
        }
        other => {
            return Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("la lsp does not answer {other}"),
            )
        }
    };
    match result {
        Ok(value) => Response::new_ok(id, value),
        Err(message) => Response::new_err(id, ErrorCode::InvalidParams as i32, message),
    }
}

/// Decodes a request's parameters and answers with `f`'s result (`null` for `None`).
fn with<P: serde::de::DeserializeOwned, R: serde::Serialize>(
    request: Request,
    f: impl FnOnce(P) -> Option<R>,
) -> Result<serde_json::Value, String> {
    let params: P = serde_json::from_value(request.params).map_err(|e| e.to_string())?;
    serde_json::to_value(f(params)).map_err(|e| e.to_string())
}

fn completion(name: String, kind: la::complete::NameKind) -> CompletionItem {
    use la::complete::NameKind;
    let (item_kind, detail) = match kind {
        NameKind::Variable => (CompletionItemKind::VARIABLE, None),
        NameKind::Function => (CompletionItemKind::FUNCTION, None),
        NameKind::Builtin => (
            CompletionItemKind::FUNCTION,
            la::builtins::lookup(&name).map(|b| b.signature.to_string()),
        ),
        NameKind::Keyword => (CompletionItemKind::KEYWORD, None),
        NameKind::Constant => (CompletionItemKind::CONSTANT, None),
    };
    CompletionItem {
        label: name,
        kind: Some(item_kind),
        detail,
        ..CompletionItem::default()
    }
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be given.
fn symbol(text: &Source, d: analysis::Definition) -> DocumentSymbol {
    let r = range(text, d.range);
    DocumentSymbol {
        name: d.name,
        detail: None,
        kind: if d.function {
            SymbolKind::FUNCTION
        } else {
            SymbolKind::VARIABLE
        },
        tags: None,
        deprecated: None,
        range: r,
        selection_range: r,
        children: None,
    }
}

/// The document and byte offset a request points at.
fn place<'a>(
    documents: &'a Documents,
    at: &TextDocumentPositionParams,
) -> Option<(&'a Source, usize)> {
    let source = documents.get(&at.text_document.uri)?;
    Some((source, offset(&source.text, at.position)))
}

/// Where the name (or the `source`d file) at byte `at` of document `uri` is defined: a
/// top-level definition in the document first, else its first (a parameter, a local);
/// else the definition in a file the document `source`s; on the file name of a
/// `source("...")`, that file.
fn definition(uri: &Url, source: &Source, at: usize) -> Option<Location> {
    let dir = uri.to_file_path().ok()?.parent()?.to_path_buf();
    let files = analysis::sourced(&source.text);
    if let Some((path, _)) = files.iter().find(|(_, r)| r.start <= at && at <= r.end) {
        let file = dir.join(path);
        let target = Url::from_file_path(file.canonicalize().ok()?).ok()?;
        return Some(Location::new(target, Range::default()));
    }
    let (word, _) = analysis::word_at(&source.text, at)?;
    let found = |text: &str| {
        let defs: Vec<analysis::Definition> = analysis::definitions(text)
            .into_iter()
            .filter(|d| d.name == word)
            .collect();
        defs.iter()
            .find(|d| d.top_level)
            .or(defs.first())
            .map(|d| d.range.clone())
    };
    if let Some(bytes) = found(&source.text) {
        return Some(Location::new(uri.clone(), range(source, bytes)));
    }
    files.iter().find_map(|(path, _)| {
        let file = dir.join(path).canonicalize().ok()?;
        let text = std::fs::read_to_string(&file).ok()?;
        let target = Url::from_file_path(&file).ok()?;
        let bytes = found(&text)?;
        Some(Location::new(
            target.clone(),
            range(&document(&target, text), bytes),
        ))
    })
}

/// The byte offset of a protocol position (line, UTF-16 column), clamped to the text.
fn offset(text: &str, position: Position) -> usize {
    let mut line_start = 0;
    for _ in 0..position.line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let mut units = 0;
    for (i, c) in text[line_start..line_end].char_indices() {
        if units >= position.character as usize {
            return line_start + i;
        }
        units += c.len_utf16();
    }
    line_end
}

/// The protocol range (0-based lines, UTF-16 columns) of a byte range.
fn range(source: &Source, bytes: std::ops::Range<usize>) -> Range {
    let position = |at: usize| {
        let p = source.position(at);
        Position::new((p.line - 1) as u32, p.utf16_column as u32)
    };
    Range::new(position(bytes.start), position(bytes.end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        let text = "# π 𝑥\nA = 1";
        // `𝑥` is two UTF-16 units; the line after starts at line 1.
        assert_eq!(offset(text, Position::new(1, 0)), text.find('A').unwrap());
        assert_eq!(offset(text, Position::new(0, 6)), text.find('\n').unwrap());
        let source = Source {
            name: "t.la".into(),
            text: text.into(),
        };
        let r = range(&source, text.find('A').unwrap()..text.len());
        assert_eq!((r.start, r.end), (Position::new(1, 0), Position::new(1, 5)));
        assert_eq!(
            range(&source, 0..text.find('\n').unwrap()).end,
            Position::new(0, 6)
        );
        // Past the end is clamped.
        assert_eq!(offset(text, Position::new(9, 9)), text.len());
    }
}
