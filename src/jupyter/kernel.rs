//! The kernel's answers: one `Interpreter` for the whole session (variables and functions
//! persist across cells as in the REPL), and a reply for every request: `execute`,
//! `complete`, `inspect`, `is_complete`, `history`, `kernel_info`, `comm_info`, `shutdown`,
//! `interrupt`. Every request is wrapped in `busy`/`idle` on IOPub; a request of an unknown
//! type gets an error reply, and a message that fails its signature check gets nothing.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use la::{Interpreter, Value};
use serde_json::{json, Value as Json};

use super::outputs::Outputs;
use super::transport::{self, Handled};
use super::wire::{Address, Frame, Message, Signer, PROTOCOL_VERSION};

/// The shell side: runs cells and answers questions about the session.
pub struct Kernel {
    la: Interpreter,
    signer: Arc<Mutex<Signer>>,
    outputs: Arc<Mutex<Outputs>>,
    interrupt: Arc<AtomicBool>,
    /// Cells run with `store_history`: the execution count.
    count: usize,
    /// Those cells' code, in order (`history` answers from it).
    history: Vec<String>,
}

/// The control side: interrupts, shutdowns and kernel info, answered while a cell runs.
pub struct Control {
    signer: Arc<Mutex<Signer>>,
    outputs: Arc<Mutex<Outputs>>,
    interrupt: Arc<AtomicBool>,
}

/// A kernel and its control side, sharing one signer and one interrupt flag.
pub fn new(
    mut la: Interpreter,
    signer: Signer,
    publisher: transport::Publisher,
) -> (Kernel, Control) {
    let signer = Arc::new(Mutex::new(signer));
    let outputs = Arc::new(Mutex::new(Outputs::new(Arc::clone(&signer), publisher)));
    let sink = Arc::clone(&outputs);
    la.set_sink(Box::new(move |event| {
        if let Ok(mut outputs) = sink.lock() {
            outputs.event(event);
        }
    }));
    la.set_rich_output(true);
    let interrupt = la.interrupt_handle();
    let control = Control {
        signer: Arc::clone(&signer),
        outputs: Arc::clone(&outputs),
        interrupt: Arc::clone(&interrupt),
    };
    let kernel = Kernel {
        la,
        signer,
        outputs,
        interrupt,
        count: 0,
        history: Vec::new(),
    };
    (kernel, control)
}

/// Decodes a request and answers it with `answer`, between `busy` and `idle`.
fn serve(
    signer: &Mutex<Signer>,
    outputs: &Mutex<Outputs>,
    frames: &[Frame],
    answer: impl FnOnce(&Message) -> Answer,
) -> Handled {
    let decoded = signer
        .lock()
        .map_err(|_| String::new())
        .and_then(|s| s.decode(frames));
    let request = match decoded {
        Ok(request) => request,
        Err(reason) => {
            eprintln!("la kernel: dropped a message: {reason}");
            return Handled::default();
        }
    };
    status(outputs, &request, "busy");
    let answer = answer(&request);
    let mut handled = Handled {
        abort_queue: answer.abort_queue,
        stop: answer.stop,
        ..Handled::default()
    };
    if let Ok(mut signer) = signer.lock() {
        let kind = reply_kind(request.kind());
        let reply = signer.encode(&kind, Some(&request), answer.content, Address::Reply);
        handled.replies.push(reply);
        let idle = json!({"execution_state": "idle"});
        handled
            .after
            .push(signer.encode("status", Some(&request), idle, Address::Topic));
    }
    handled
}

/// A reply's content and what the transport does after it.
struct Answer {
    content: Json,
    abort_queue: bool,
    stop: bool,
}

impl From<Json> for Answer {
    fn from(content: Json) -> Answer {
        Answer {
            content,
            abort_queue: false,
            stop: false,
        }
    }
}

/// Publishes the kernel's state (`busy`, `idle`) as part of answering `request`.
fn status(outputs: &Mutex<Outputs>, request: &Message, state: &str) {
    if let Ok(mut outputs) = outputs.lock() {
        outputs.parent = Some(request.clone());
        outputs.publish("status", json!({"execution_state": state}));
    }
}

/// `x_request` → `x_reply`; other types get `x_reply` too.
fn reply_kind(request: &str) -> String {
    format!(
        "{}_reply",
        request.strip_suffix("_request").unwrap_or(request)
    )
}

/// What `kernel_info` says.
fn kernel_info() -> Json {
    json!({
        "status": "ok",
        "protocol_version": PROTOCOL_VERSION,
        "implementation": "la",
        "implementation_version": env!("CARGO_PKG_VERSION"),
        "language_info": {
            "name": "la",
            "version": env!("CARGO_PKG_VERSION"),
            "mimetype": "text/x-la",
            "file_extension": ".la",
            "pygments_lexer": "matlab",
            "codemirror_mode": "octave",
        },
        "banner": format!("la {}: a linear-algebra calculator language", env!("CARGO_PKG_VERSION")),
        "help_links": [],
        "debugger": false,
    })
}

/// The reply to a request this kernel does not know.
fn unknown(request: &Message) -> Json {
    eprintln!("la kernel: no answer for a {}", request.kind());
    json!({
        "status": "error",
        "ename": "UnknownMessageType",
        "evalue": format!("the la kernel does not handle {}", request.kind()),
        "traceback": [],
    })
}

/// The shutdown reply, after which the kernel stops (the client restarts it if asked).
fn shutdown(request: &Message) -> Answer {
    let restart = request.content["restart"].as_bool().unwrap_or(false);
    Answer {
        content: json!({"status": "ok", "restart": restart}),
        abort_queue: false,
        stop: true,
    }
}

impl transport::Control for Control {
    fn handle(&mut self, frames: Vec<Frame>) -> Handled {
        let interrupt = Arc::clone(&self.interrupt);
        serve(
            &self.signer,
            &self.outputs,
            &frames,
            |request| match request.kind() {
                "interrupt_request" => {
                    interrupt.store(true, Ordering::SeqCst);
                    json!({"status": "ok"}).into()
                }
                "shutdown_request" => shutdown(request),
                "kernel_info_request" => kernel_info().into(),
                _ => unknown(request).into(),
            },
        )
    }
}

impl transport::Shell for Kernel {
    fn handle(&mut self, frames: Vec<Frame>) -> Handled {
        let signer = Arc::clone(&self.signer);
        let outputs = Arc::clone(&self.outputs);
        serve(&signer, &outputs, &frames, |request| match request.kind() {
            "execute_request" => self.execute(request),
            "complete_request" => self.complete(request).into(),
            "inspect_request" => self.inspect(request).into(),
            "is_complete_request" => is_complete(request.text("code")).into(),
            "history_request" => self.history(request).into(),
            "kernel_info_request" => kernel_info().into(),
            "comm_info_request" => json!({"status": "ok", "comms": {}}).into(),
            "shutdown_request" => shutdown(request),
            _ => unknown(request).into(),
        })
    }

    fn abort(&mut self, frames: Vec<Frame>) -> Handled {
        let signer = Arc::clone(&self.signer);
        let outputs = Arc::clone(&self.outputs);
        let is_execute = signer
            .lock()
            .ok()
            .and_then(|s| s.decode(&frames).ok())
            .is_some_and(|m| m.kind() == "execute_request");
        if !is_execute {
            return self.handle(frames);
        }
        let count = self.count;
        serve(&signer, &outputs, &frames, |_| {
            json!({"status": "aborted", "execution_count": count}).into()
        })
    }
}

impl Kernel {
    /// Runs a cell: its outputs go out as they happen, the last shown value as the
    /// `execute_result`, an error as an `error` message and reply.
    fn execute(&mut self, request: &Message) -> Answer {
        let code = request.text("code").to_string();
        let silent = request.content["silent"].as_bool().unwrap_or(false);
        let store = !silent && request.content["store_history"].as_bool().unwrap_or(true);
        let stop_on_error = request.content["stop_on_error"].as_bool().unwrap_or(true);
        if store {
            self.count += 1;
            self.history.push(code.clone());
        }
        let count = self.count;
        if let Ok(mut outputs) = self.outputs.lock() {
            outputs.silent = silent;
            if !silent {
                outputs.publish(
                    "execute_input",
                    json!({"code": code, "execution_count": count}),
                );
            }
        }
        // Only an interrupt that comes while this cell runs may stop it.
        self.interrupt.store(false, Ordering::SeqCst);
        let name = format!("In[{count}]");
        let result = self.la.run(&name, &code);
        self.interrupt.store(false, Ordering::SeqCst);
        let Ok(mut outputs) = self.outputs.lock() else {
            return json!({"status": "ok", "execution_count": count}).into();
        };
        outputs.finish(count);
        let warnings: Vec<String> = outputs
            .warnings
            .drain(..)
            .map(|w| self.la.render_diagnostic(&w, true))
            .collect();
        if !warnings.is_empty() {
            outputs.publish(
                "stream",
                json!({"name": "stderr", "text": warnings.concat()}),
            );
        }
        match result {
            Ok(_) => json!({
                "status": "ok",
                "execution_count": count,
                "user_expressions": {},
                "payload": [],
            })
            .into(),
            Err(error) => {
                let error_content = json!({
                    "ename": format!("{:?}Error", error.kind()),
                    "evalue": error.message(),
                    "traceback": self.la.render(&error, true).lines().collect::<Vec<_>>(),
                });
                outputs.publish("error", error_content.clone());
                let mut content = error_content;
                content["status"] = "error".into();
                content["execution_count"] = count.into();
                content["user_expressions"] = json!({});
                content["payload"] = json!([]);
                Answer {
                    content,
                    abort_queue: stop_on_error,
                    stop: false,
                }
            }
        }
    }

    /// Names that finish the one before the cursor (a position in Unicode code points).
    fn complete(&self, request: &Message) -> Json {
        let code = request.text("code");
        let cursor = byte_offset(code, &request.content["cursor_pos"]);
        let completion = self.la.complete(&code[..cursor]);
        let matches: Vec<&str> = completion.names.iter().map(|(n, _)| n.as_str()).collect();
        json!({
            "status": "ok",
            "matches": matches,
            "cursor_start": code[..completion.start].chars().count(),
            "cursor_end": code[..cursor].chars().count(),
            "metadata": {},
        })
    }

    /// What the name at the cursor is: a variable's kind, shape and value, a user function,
    /// or a builtin's, keyword's or command's help as `:help` gives it.
    fn inspect(&self, request: &Message) -> Json {
        let code = request.text("code");
        let cursor = byte_offset(code, &request.content["cursor_pos"]);
        let name = name_at(code, cursor);
        let text = match self.la.get(name) {
            Some(value) => Some(describe(name, value, self.la.format())),
            None if self.la.functions().contains(&name) => {
                Some(format!("{name}: a function defined in this session\n"))
            }
            None => crate::repl::commands::help_text(name),
        };
        match text {
            Some(text) => json!({
                "status": "ok",
                "found": true,
                "data": {"text/plain": text},
                "metadata": {},
            }),
            None => json!({"status": "ok", "found": false, "data": {}, "metadata": {}}),
        }
    }

    /// The cells run so far: the last `n` (`tail`), a range of them, or the last `n` that
    /// match a glob `pattern` (`search`, each input once when `unique`), as (session, line,
    /// input), or (session, line, (input, output)) when `output` is asked for; outputs are
    /// not kept, so they are null.
    fn history(&self, request: &Message) -> Json {
        let content = &request.content;
        let n = content["n"].as_u64().map_or(usize::MAX, |n| n as usize);
        let numbered = self
            .history
            .iter()
            .enumerate()
            .map(|(i, code)| (i + 1, code));
        let mut chosen: Vec<(usize, &String)> = match request.text("hist_access_type") {
            "tail" => numbered.collect(),
            "range" => {
                let start = content["start"].as_u64().unwrap_or(1) as usize;
                let stop = content["stop"].as_u64().map_or(usize::MAX, |s| s as usize);
                numbered.filter(|(i, _)| *i >= start && *i < stop).collect()
            }
            "search" => {
                let pattern = request.text("pattern");
                numbered.filter(|(_, code)| glob(pattern, code)).collect()
            }
            _ => Vec::new(),
        };
        if content["unique"].as_bool().unwrap_or(false) {
            // The latest run of each input stays.
            let mut seen = std::collections::HashSet::new();
            chosen.reverse();
            chosen.retain(|(_, code)| seen.insert(*code));
            chosen.reverse();
        }
        if request.text("hist_access_type") != "range" {
            chosen.drain(..chosen.len().saturating_sub(n));
        }
        let output = content["output"].as_bool().unwrap_or(false);
        let history: Vec<Json> = chosen
            .iter()
            .map(|(i, code)| match output {
                true => json!([0, i, [code, null]]),
                false => json!([0, i, code]),
            })
            .collect();
        json!({"status": "ok", "history": history})
    }
}

/// The REPL's continuation rule: an open bracket or a trailing operator needs more lines
/// (with an indent for them); text that cannot parse is invalid.
fn is_complete(code: &str) -> Json {
    if la::syntax::needs_more_input(code) {
        return json!({"status": "incomplete", "indent": "    "});
    }
    let mut probe = Interpreter::bare();
    match probe.compile("<cell>", code) {
        Ok(_) => json!({"status": "complete"}),
        Err(e) if matches!(e.kind(), la::ErrorKind::Lex | la::ErrorKind::Parse) => {
            json!({"status": "invalid"})
        }
        Err(_) => json!({"status": "complete"}),
    }
}

/// `name: 2×3 matrix` and the value as it would be shown.
fn describe(name: &str, value: &Value, format: la::Format) -> String {
    let shown = match value {
        Value::Function(_) | Value::Str(_) => String::new(),
        _ => format!(" {}", value.shape()),
    };
    format!(
        "{name}:{shown} {}\n{}",
        value.kind_name(),
        shown_text(name, value, format)
    )
}

/// A value as the REPL shows it.
fn shown_text(name: &str, value: &Value, format: la::Format) -> String {
    let text = Arc::new(Mutex::new(String::new()));
    let out = Arc::clone(&text);
    let mut probe = Interpreter::bare();
    probe.set_sink(Box::new(move |event| {
        if let la::Event::Text(t) = event {
            if let Ok(mut out) = out.lock() {
                out.push_str(&t);
            }
        }
    }));
    probe.set_format(format);
    probe.set(name, value.clone());
    let _ = probe.run("<inspect>", name);
    let shown = text.lock().map(|t| t.clone()).unwrap_or_default();
    shown
}

/// The byte offset of a cursor given in Unicode code points, clamped to the text.
fn byte_offset(code: &str, cursor: &Json) -> usize {
    let chars = cursor.as_u64().map_or(usize::MAX, |c| c as usize);
    code.char_indices()
        .nth(chars)
        .map_or(code.len(), |(byte, _)| byte)
}

/// The name around byte `cursor` (the word it is in or just after).
fn name_at(code: &str, cursor: usize) -> &str {
    let is_name = |c: char| c.is_alphanumeric() || c == '_';
    let start = code[..cursor].rfind(|c: char| !is_name(c)).map_or(0, |i| {
        i + code[i..].chars().next().map_or(1, char::len_utf8)
    });
    let end = code[cursor..]
        .find(|c: char| !is_name(c))
        .map_or(code.len(), |i| cursor + i);
    &code[start..end]
}

/// Whether `text` matches a glob `pattern` with `*` and `?`.
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    // matches[j]: the pattern so far matches the first j characters.
    let mut matches = vec![false; t.len() + 1];
    matches[0] = true;
    for c in p {
        let mut next = vec![false; t.len() + 1];
        for j in 0..=t.len() {
            next[j] = match c {
                '*' => matches[j] || (j > 0 && next[j - 1]),
                '?' => j > 0 && matches[j - 1],
                c => j > 0 && matches[j - 1] && t[j - 1] == c,
            };
        }
        matches = next;
    }
    matches[t.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_complete_incomplete_or_invalid() {
        assert_eq!(is_complete("x = 1")["status"], "complete");
        assert_eq!(is_complete("x = [1, 2")["status"], "incomplete");
        assert_eq!(is_complete("A = [[1, 2],")["status"], "incomplete");
        assert_eq!(is_complete("y = 2 *")["status"], "incomplete");
        assert_eq!(is_complete("x = )")["status"], "invalid");
        // An unknown name is a run-time matter, not a syntax one.
        assert_eq!(is_complete("nope + 1")["status"], "complete");
    }

    #[test]
    fn cursors_and_names() {
        assert_eq!(byte_offset("é + x", &json!(4)), 5);
        assert_eq!(byte_offset("ab", &json!(99)), 2);
        assert_eq!(name_at("y = zeros(3)", 6), "zeros");
        assert_eq!(name_at("y = zeros(3)", 9), "zeros");
        assert_eq!(name_at("é+abc", 4), "abc");
    }

    #[test]
    fn history_globs() {
        assert!(glob("*zeros*", "A = zeros(3)"));
        assert!(glob("x = ?", "x = 1"));
        assert!(!glob("x = ?", "x = 12"));
        assert!(glob("*", ""));
    }

    #[test]
    fn inspecting_a_matrix_gives_its_shape_and_value() {
        let a = la::Interpreter::new()
            .run("<t>", "[[1, 2], [3, 4]]")
            .unwrap()
            .unwrap();
        let text = describe("A", &a, la::Format::default());
        assert_eq!(text, "A: 2×2 matrix\nA = 2×2\n   1   2\n   3   4\n");
    }
}
