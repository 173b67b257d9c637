//! Where the REPL's history lives and how it is kept: a file in the platform's data
//! directory (`~/.local/share/la/history` on Linux), or `LA_HISTORY` when it is set (empty
//! means no history file). History is a convenience: failing to read or write it is
//! reported once and never stops the session.

use std::path::PathBuf;

use super::Editor;

/// Most entries kept in memory and in the file.
pub const MAX_ENTRIES: usize = 5_000;

/// The session's history file, if it has one.
pub struct HistoryFile {
    path: Option<PathBuf>,
    warned: bool,
}

impl HistoryFile {
    /// The file named by `LA_HISTORY`, else `la/history` in the platform data directory.
    pub fn locate() -> HistoryFile {
        let path = match std::env::var_os("LA_HISTORY") {
            Some(path) if path.is_empty() => None,
            Some(path) => Some(PathBuf::from(path)),
            None => dirs::data_dir().map(|dir| dir.join("la").join("history")),
        };
        HistoryFile {
            path,
            warned: false,
        }
    }

    /// Loads earlier sessions' entries into `editor`; a missing file is a first session.
    pub fn load(&mut self, editor: &mut Editor) {
        let Some(path) = &self.path else { return };
        if !path.exists() {
            return;
        }
        if let Err(e) = editor.load_history(path) {
            self.warn(&format!("cannot read history from {}: {e}", path.display()));
        }
    }

    /// Adds one complete input to the history and appends it to the file at once, so a
    /// session that is killed loses nothing and parallel sessions interleave their entries.
    pub fn record(&mut self, editor: &mut Editor, entry: &str) {
        if entry.trim().is_empty() || editor.add_history_entry(entry).is_err() {
            return;
        }
        let Some(path) = &self.path else { return };
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Err(e) = editor.append_history(path) {
            let message = format!("cannot save history to {}: {e}", path.display());
            self.warn(&message);
        }
    }

    fn warn(&mut self, message: &str) {
        if !self.warned {
            self.warned = true;
            crate::report(&format!(
                "la: {message} (history is kept for this session only)\n"
            ));
        }
    }
}
