//! Reading a program's text from a file or standard input, the one way the CLI and the
//! REPL's `:load` do it: bytes, then UTF-8, with the line and column of the first byte that
//! is not UTF-8 when the file is not text.
//!
//! ```text
//! $ la latin1.la
//! la: latin1.la:2:5: not valid UTF-8 text (byte 0xE9); save the file as UTF-8
//! ```

use std::io::Read;
use std::path::Path;

/// Why a program's text could not be read: the message, without the `la: ` prefix, and
/// whether it was the reading (exit code 2) or the text (exit code 1) that failed.
pub struct Unreadable {
    /// What went wrong, with the name and, for bad text, the line and column.
    pub message: String,
    /// True when the bytes were read but are not UTF-8.
    pub not_text: bool,
}

/// The text of the file at `path`.
pub fn from_file(path: &Path) -> Result<String, Unreadable> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Unreadable {
        message: format!("cannot read {name}: {e}"),
        not_text: false,
    })?;
    text(&name, bytes)
}

/// The text of standard input, read to its end.
pub fn from_stdin() -> Result<String, Unreadable> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| Unreadable {
            message: format!("cannot read standard input: {e}"),
            not_text: false,
        })?;
    text("<stdin>", bytes)
}

/// `bytes` as UTF-8 text, or where the first bad byte is: "name:2:5: not valid UTF-8 text
/// (byte 0xFF); save the file as UTF-8".
fn text(name: &str, bytes: Vec<u8>) -> Result<String, Unreadable> {
    String::from_utf8(bytes).map_err(|e| {
        let (bytes, error) = (e.as_bytes(), e.utf8_error());
        let good = bytes.get(..error.valid_up_to()).unwrap_or_default();
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(good.get(line_start..).unwrap_or_default())
            .chars()
            .count()
            + 1;
        let byte = bytes.get(error.valid_up_to()).copied().unwrap_or_default();
        Unreadable {
            message: format!(
                "{name}:{line}:{column}: not valid UTF-8 text (byte 0x{byte:02X}); save the file as UTF-8"
            ),
            not_text: true,
        }
    })
}
