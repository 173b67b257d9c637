//! `la lsp` from the outside: JSON-RPC over its standard input and output, as an editor
//! speaks it (initialize, didOpen, didChange, hover, completion, signature help,
//! definition, document symbols, an unknown method, shutdown, exit), with positions in
//! UTF-16 after non-ASCII text; and Neovim itself (headless, its built-in client) opening a
//! file with a shape error and reading the diagnostic. `.ci/run` installs Neovim.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: i64,
    /// Notifications read while waiting for responses.
    notifications: Vec<Value>,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("la"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("la lsp starts");
        // A hung server fails the test instead of hanging it.
        let pid = child.id() as i32;
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(60));
            unsafe { libc::kill(pid, libc::SIGKILL) };
        });
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Server {
            child,
            stdin,
            stdout,
            next_id: 0,
            notifications: Vec::new(),
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn read(&mut self) -> Value {
        let mut length = None;
        loop {
            let mut line = String::new();
            assert!(
                self.stdout.read_line(&mut line).unwrap() > 0,
                "the server closed its output"
            );
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = Some(n.parse::<usize>().unwrap());
            }
        }
        let mut body = vec![0; length.expect("a Content-Length header")];
        self.stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its response, keeping notifications that come first.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.read();
            if message["id"] == json!(id) {
                return message;
            }
            self.notifications.push(message);
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let found = self.notifications.iter().position(|n| {
                n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri
            });
            if let Some(k) = found {
                let n = self.notifications.remove(k);
                return n["params"]["diagnostics"].as_array().unwrap().clone();
            }
            let message = self.read();
            self.notifications.push(message);
        }
    }
}

const URI: &str = "file:///tmp/model.la";

fn at(line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": character}})
}

#[test]
fn an_editor_session_over_json_rpc() {
    let mut server = Server::start();
    let init = server.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["hoverProvider"], true, "{init}");
    assert_eq!(caps["positionEncoding"], "utf-16");
    server.notify("initialized", json!({}));

    // A shape error after non-ASCII text on its line: the column counts UTF-16 units.
    let line3 = "s = \"𝑥 ≈ π\"; Y = X * W";
    let text = format!("# model\nX = randn(64, 10);\nW = randn(64, 10);\n{line3}\n");
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "la", "version": 1, "text": text}}),
    );
    let diagnostics = server.diagnostics(URI);
    let error = diagnostics
        .iter()
        .find(|d| d["severity"] == 1)
        .unwrap_or_else(|| panic!("no error in {diagnostics:?}"));
    let star = line3[..line3.find('*').unwrap()].encode_utf16().count();
    assert_eq!(
        error["range"]["start"],
        json!({"line": 3, "character": star})
    );
    assert_eq!(error["code"], "Shape");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("the shapes are 64×10 and 64×10"),
        "{message}"
    );
    let labels = error["relatedInformation"].as_array().unwrap();
    assert_eq!(labels[0]["message"], "64×10");

    // Hover: a variable's inferred shape, a builtin's signature.
    let hover = server.request("textDocument/hover", at(1, 0));
    assert_eq!(hover["result"]["contents"]["value"], "`X`: 64×10 matrix");
    let hover = server.request("textDocument/hover", at(1, 6));
    let value = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(value.contains("randn("), "{value}");

    // Half-typed text: completion of a variable, signature help inside a call.
    let text = "learning_rate = 0.1\nz = zeros(2, lea";
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": text}]}),
    );
    let completion = server.request("textDocument/completion", at(1, 16));
    let labels: Vec<&str> = completion["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"learning_rate"), "{labels:?}");
    let help = server.request("textDocument/signatureHelp", at(1, 16));
    assert_eq!(
        help["result"]["signatures"][0]["label"],
        "zeros(m, n) or zeros(n)"
    );

    // Definition and symbols.
    let text = "learning_rate = 0.1\nfn step(w) = w - learning_rate\nw = step(1)\n";
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 3}, "contentChanges": [{"text": text}]}),
    );
    let definition = server.request("textDocument/definition", at(1, 20));
    assert_eq!(
        definition["result"]["range"],
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 13}})
    );
    let symbols = server.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    let names: Vec<&str> = symbols["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["learning_rate", "step", "w"]);

    // Definition into a `source`d file: on a name it defines, there; on its name, the file.
    let lib_name = format!("la_lsp_lib_{}.la", std::process::id());
    let lib = std::path::Path::new("/tmp").join(&lib_name);
    std::fs::write(&lib, "# vectors\nfn unit(v) = v / norm(v)\n").unwrap();
    let text = format!("source(\"{lib_name}\")\nu = unit([3, 4])\n");
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 4}, "contentChanges": [{"text": text}]}),
    );
    let lib_uri = format!("file://{}", lib.display());
    let definition = server.request("textDocument/definition", at(1, 5));
    assert_eq!(definition["result"]["uri"], lib_uri.as_str());
    assert_eq!(
        definition["result"]["range"],
        json!({"start": {"line": 1, "character": 3}, "end": {"line": 1, "character": 7}})
    );
    let definition = server.request("textDocument/definition", at(0, 10));
    assert_eq!(definition["result"]["uri"], lib_uri.as_str());
    std::fs::remove_file(&lib).unwrap();

    // Hover on an operator: the expression it makes, with its shape.
    let text = "A = zeros(2, 3);\nB = A' * A\n";
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 5}, "contentChanges": [{"text": text}]}),
    );
    let hover = server.request("textDocument/hover", at(1, 7));
    assert_eq!(hover["result"]["contents"]["value"], "`A' * A`: 3×3 matrix");

    // Formatting: one edit with `la fmt`'s layout.
    let text = "x=[1,2]\n";
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 6}, "contentChanges": [{"text": text}]}),
    );
    let edits = server.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": URI}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    assert_eq!(edits["result"][0]["newText"], "x = [1, 2]\n");

    // Every request is answered: an unknown method with an error, a document never opened
    // with nothing.
    let unknown = server.request("textDocument/frobnicate", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let nothing = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nowhere.la"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(nothing["result"], Value::Null);

    let shutdown = server.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null);
    server.notify("exit", Value::Null);
    let status = server.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}

/// Neovim set up as editors/README.md says (editors/vim on the runtimepath for the filetype
/// and syntax, editors/lsp.lua for the client; Debian's 0.7 has `vim.lsp.start_client`)
/// opens a file with a shape error and reads the server's diagnostic.
#[test]
fn neovim_shows_the_shape_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("model.la");
    std::fs::write(&file, "X = randn(64, 10);\nW = randn(64, 10);\nY = X * W\n").unwrap();
    let out = dir.path().join("diagnostics.txt");
    let script = dir.path().join("check.lua");
    std::fs::write(
        &script,
        r#"
local editors = os.getenv("LA_EDITORS")
vim.opt.runtimepath:append(editors .. "/vim")
vim.cmd("filetype on")
vim.cmd("syntax on")
dofile(editors .. "/lsp.lua")
vim.cmd("edit " .. os.getenv("LA_FILE"))
vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local lines = { vim.bo.filetype .. " " .. vim.b.current_syntax }
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(lines, string.format("%d:%d:%d:%s", d.lnum, d.col, d.severity, d.message))
end
vim.fn.writefile(lines, os.getenv("LA_OUT"))
vim.cmd("qa!")
"#,
    )
    .unwrap();
    // lsp.lua runs `la lsp`: the la under test comes first on the PATH.
    let la = assert_cmd::cargo::cargo_bin("la");
    let path = format!(
        "{}:{}",
        la.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let status = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n"])
        .arg("-c")
        .arg(format!("luafile {}", script.display()))
        .env(
            "LA_EDITORS",
            concat!(env!("CARGO_MANIFEST_DIR"), "/editors"),
        )
        .env("LA_FILE", &file)
        .env("LA_OUT", &out)
        .env("PATH", path)
        .stdin(Stdio::null())
        .status()
        .expect("nvim runs (Debian's neovim package; .ci/run installs it)");
    assert!(status.success(), "{status:?}");
    let found = std::fs::read_to_string(&out).expect("Neovim wrote the diagnostics");
    let mut lines = found.lines();
    assert_eq!(lines.next(), Some("la la"), "filetype and syntax: {found}");
    // Line 2 (0-based), the `*` at column 6, an error (severity 1).
    let first = lines.next().unwrap_or_default();
    assert!(
        first.starts_with("2:6:1:matrix product needs the inner dimensions to agree, but the shapes are 64×10 and 64×10"),
        "{found}"
    );
}
