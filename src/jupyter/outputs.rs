//! What a running cell shows, as IOPub messages in the order it happens: `print` text as
//! `stdout` streams, shown values as MIME bundles (`text/plain` exactly as the REPL prints,
//! and for matrices `text/latex` and `text/html`), plots as `image/svg+xml` or `image/png`
//! with the text drawing as the plain fallback. The last shown value of a cell is held back
//! until something else comes or the cell ends, so it can be the cell's `execute_result`.

use std::sync::{Arc, Mutex};

use la::{Diagnostic, Event};
use serde_json::{json, Map, Value as Json};

use super::transport::Publisher;
use super::wire::{Address, Message, Signer};

/// The state shared by the interpreter's sink and the kernel.
pub struct Outputs {
    signer: Arc<Mutex<Signer>>,
    publisher: Publisher,
    /// The request whose cell is running.
    pub parent: Option<Message>,
    /// Whether the running cell is silent (nothing but streams is published).
    pub silent: bool,
    /// The last shown value, not published yet.
    held: Option<Json>,
    /// Warnings of the running cell, rendered when it ends (as the CLI does).
    pub warnings: Vec<Diagnostic>,
}

impl Outputs {
    /// Outputs that publish through `publisher`, signed by `signer`.
    pub fn new(signer: Arc<Mutex<Signer>>, publisher: Publisher) -> Outputs {
        Outputs {
            signer,
            publisher,
            parent: None,
            silent: false,
            held: None,
            warnings: Vec::new(),
        }
    }

    /// Publishes one IOPub message answering the running request.
    pub fn publish(&mut self, kind: &str, content: Json) {
        let Ok(mut signer) = self.signer.lock() else {
            return;
        };
        let frames = signer.encode(kind, self.parent.as_ref(), content, Address::Topic);
        self.publisher.send(frames);
    }

    /// Takes one event from the interpreter.
    pub fn event(&mut self, event: Event) {
        match event {
            Event::Text(text) => {
                self.release();
                self.publish("stream", json!({"name": "stdout", "text": text}));
            }
            Event::Warning(w) => self.warnings.push(w),
            Event::Shown {
                name,
                value,
                text,
                format,
            } => {
                self.release();
                let mut data = Map::new();
                data.insert("text/plain".into(), plain(&text));
                if let Some(latex) = la::rich::latex(&name, &value, format) {
                    data.insert("text/latex".into(), latex.into());
                }
                if let Some(html) = la::rich::html(&name, &value, format) {
                    data.insert("text/html".into(), html.into());
                }
                self.held = Some(Json::Object(data));
            }
            Event::Picture { mime, data, text } => {
                self.release();
                let picture = match mime {
                    "image/svg+xml" => String::from_utf8_lossy(&data).into_owned(),
                    _ => base64(&data),
                };
                if !self.silent {
                    let bundle = json!({mime: picture, "text/plain": plain(&text)});
                    self.publish("display_data", display(bundle));
                }
            }
        }
    }

    /// Publishes the held value as a `display_data`: something came after it.
    fn release(&mut self) {
        if let Some(data) = self.held.take() {
            if !self.silent {
                self.publish("display_data", display(data));
            }
        }
    }

    /// Publishes the held value as the cell's `execute_result`: the cell ended.
    pub fn finish(&mut self, execution_count: usize) {
        if let Some(data) = self.held.take() {
            if !self.silent {
                let content = json!({
                    "execution_count": execution_count,
                    "data": data,
                    "metadata": {},
                });
                self.publish("execute_result", content);
            }
        }
    }
}

/// The content of a `display_data` message.
fn display(data: Json) -> Json {
    json!({"data": data, "metadata": {}, "transient": {}})
}

/// Shown text without its final newline, as notebooks expect.
fn plain(text: &str) -> Json {
    text.strip_suffix('\n').unwrap_or(text).into()
}

/// Standard base64 with padding, for PNG pictures.
fn base64(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(DIGITS[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (text, encoded) in cases {
            assert_eq!(base64(text.as_bytes()), encoded);
        }
        assert_eq!(base64(&[0xff, 0xfe, 0x80]), "//6A");
    }
}
