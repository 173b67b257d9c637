//! Who may touch files and how they are written: the file-access rule (`FileAccess`), the
//! one diagnostic for a file the operating system refused, and the atomic writer that
//! never leaves a half-written target behind. Every builtin that reads or writes a file
//! (`load`, `save`, plot files) goes through here.
//!
//! - The CLI and the REPL use `FileAccess::Anywhere`: files are read and written as the
//!   user, relative paths from the current directory, as Octave, NumPy and Julia do.
//! - An embedded `Interpreter` starts with `FileAccess::Off`; the host may allow one
//!   directory with `FileAccess::inside(dir)`, after which only paths inside it (after
//!   resolving `..` and symlinks) can be read or written. `Limits::strict()` does not
//!   change the file access, so a strict interpreter keeps files off.
//!
//! ```
//! # let dir = std::env::temp_dir().join(format!("la-doc-files-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir).unwrap();
//! use la::files::{write_atomic, FileAccess, Purpose};
//! let access = FileAccess::inside(&dir).unwrap();
//! let span = la::Span::default();
//! let path = access.resolve("out.txt", Purpose::Write, span).unwrap();
//! write_atomic(&path, span, |w| w.write_all(b"1 2 3\n")).unwrap();
//! assert_eq!(std::fs::read(&path).unwrap(), b"1 2 3\n");
//! assert!(access.resolve("../escape.txt", Purpose::Write, span).is_err());
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::source::Span;

/// Which files a program may read and write.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum FileAccess {
    /// No file can be read or written (the default for an embedded `Interpreter`).
    #[default]
    Off,
    /// Any file the user may touch, relative paths from the current directory (the CLI and
    /// the REPL).
    Anywhere,
    /// Only files inside this directory, which is stored canonical (absolute, no `..`, no
    /// symlinks); relative paths are taken from it. Build it with `FileAccess::inside`.
    Inside(PathBuf),
}

/// Whether a path is resolved to be read or to be written; a file to be written need not
/// exist yet, but its directory must.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// The file must exist.
    Read,
    /// The file may not exist yet; its directory must.
    Write,
}

impl Purpose {
    fn verb(self) -> &'static str {
        match self {
            Purpose::Read => "read",
            Purpose::Write => "write",
        }
    }
}

impl FileAccess {
    /// Access limited to `dir`, which must exist; it is made canonical now so that later
    /// checks compare resolved paths.
    pub fn inside(dir: impl AsRef<Path>) -> io::Result<FileAccess> {
        let dir = fs::canonicalize(dir.as_ref())?;
        if !dir.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotADirectory,
                format!("{} is not a directory", dir.display()),
            ));
        }
        Ok(FileAccess::Inside(dir))
    }

    /// The path a program's `name` refers to, or a diagnostic at `span` when files are off,
    /// when the path leads outside the allowed directory, or (for `Purpose::Read`) when the
    /// file cannot be found. With `Inside`, symlinks are resolved before the check, so a
    /// link pointing out of the directory is refused.
    pub fn resolve(&self, name: &str, purpose: Purpose, span: Span) -> Fallible<PathBuf> {
        let path = Path::new(name);
        match self {
            FileAccess::Off => Err(Diagnostic::error(
                ErrorKind::File,
                span,
                format!(
                    "cannot {} `{name}`: file access is off in this interpreter",
                    purpose.verb()
                ),
            )
            .help("the host can allow a directory with `Interpreter::set_file_access`")
            .boxed()),
            FileAccess::Anywhere => {
                if name.is_empty() {
                    return Err(empty_name(span));
                }
                Ok(path.to_path_buf())
            }
            FileAccess::Inside(root) => {
                if name.is_empty() {
                    return Err(empty_name(span));
                }
                let joined = root.join(path);
                let resolved = match purpose {
                    // A missing file is named as the program wrote it, not by where the
                    // allowed directory put it.
                    Purpose::Read => fs::canonicalize(&joined).map_err(|e| {
                        let mut d = io_error(&e, Purpose::Read, path, span);
                        if e.kind() == io::ErrorKind::NotFound {
                            d.help = Some(format!(
                                "paths are taken from the allowed directory, {}",
                                root.display()
                            ));
                        }
                        d
                    })?,
                    Purpose::Write => resolve_for_writing(&joined, span)?,
                };
                if resolved.starts_with(root) && resolved != *root {
                    Ok(resolved)
                } else {
                    Err(Diagnostic::error(
                        ErrorKind::File,
                        span,
                        format!(
                            "cannot {} `{name}`: the path is outside the allowed directory",
                            purpose.verb()
                        ),
                    )
                    .note(format!("files are allowed only inside {}", root.display()))
                    .boxed())
                }
            }
        }
    }
}

fn empty_name(span: Span) -> Box<Diagnostic> {
    Diagnostic::error(ErrorKind::File, span, "the file name is empty").boxed()
}

/// A file to be written: its directory is made canonical (it must exist), and the file
/// itself too when it exists already (a symlink is followed to where it points, which is
/// what the check must see even though the rename replaces the link itself).
fn resolve_for_writing(joined: &Path, span: Span) -> Fallible<PathBuf> {
    if let Ok(resolved) = fs::canonicalize(joined) {
        return Ok(resolved);
    }
    // A dangling symlink: where it points decides, and it points somewhere that does not
    // exist yet; refuse rather than follow a link into the unknown.
    if fs::symlink_metadata(joined).is_ok() {
        let target = fs::read_link(joined).unwrap_or_default();
        return Ok(if target.is_absolute() {
            target
        } else {
            PathBuf::new()
        });
    }
    let file_name = match joined.components().next_back() {
        Some(Component::Normal(file)) => file.to_owned(),
        _ => {
            return Err(Diagnostic::error(
                ErrorKind::File,
                span,
                format!(
                    "cannot write `{}`: the path does not name a file",
                    joined.display()
                ),
            )
            .boxed())
        }
    };
    let parent = joined.parent().unwrap_or(Path::new("."));
    let dir = fs::canonicalize(parent).map_err(|e| io_error(&e, Purpose::Write, joined, span))?;
    Ok(dir.join(file_name))
}

/// The one diagnostic for a file the operating system refused: the path and its reason,
/// with a hint for the common cases.
///
/// ```
/// use la::files::{io_error, Purpose};
/// let error = std::fs::read("no-such-file.csv").unwrap_err();
/// let d = io_error(&error, Purpose::Read, "no-such-file.csv".as_ref(), la::Span::default());
/// assert!(d.message.starts_with("cannot read `no-such-file.csv`: "));
/// ```
pub fn io_error(error: &io::Error, purpose: Purpose, path: &Path, span: Span) -> Box<Diagnostic> {
    let reason = reason(error);
    let diagnostic = Diagnostic::error(
        ErrorKind::File,
        span,
        format!("cannot {} `{}`: {reason}", purpose.verb(), path.display()),
    );
    let help = match error.kind() {
        io::ErrorKind::NotFound if path.is_relative() => std::env::current_dir().ok().map(|dir| {
            format!(
                "relative paths are taken from the current directory, {}",
                dir.display()
            )
        }),
        io::ErrorKind::PermissionDenied => {
            Some("check the permissions of the file and its directory".into())
        }
        io::ErrorKind::StorageFull => Some("free some space on the disk and save again".into()),
        _ => None,
    };
    match help {
        Some(help) => diagnostic.help(help).boxed(),
        None => diagnostic.boxed(),
    }
}

/// The operating system's reason without Rust's "(os error N)" suffix, lower-case first.
fn reason(error: &io::Error) -> String {
    let text = error.to_string();
    let text = match text.find(" (os error") {
        Some(at) => &text[..at],
        None => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Opens `path` for reading, refusing a directory with the same diagnostic as any other
/// refusal; returns the file and its size in bytes (for size limits before reading).
pub fn open(path: &Path, span: Span) -> Fallible<(File, u64)> {
    let fail = |e: io::Error| io_error(&e, Purpose::Read, path, span);
    let file = File::open(path).map_err(fail)?;
    let metadata = file.metadata().map_err(fail)?;
    if metadata.is_dir() {
        return Err(fail(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a directory",
        )));
    }
    Ok((file, metadata.len()))
}

/// Opens `path` for reading, refusing a file larger than `max_bytes` before reading it.
pub fn open_within(path: &Path, max_bytes: u64, span: Span) -> Fallible<(File, u64)> {
    let (file, size) = open(path, span)?;
    if size > max_bytes {
        return Err(Diagnostic::error(
            ErrorKind::Limit,
            span,
            format!(
                "`{}` is {size} bytes, more than the limit of {max_bytes}",
                path.display()
            ),
        )
        .boxed());
    }
    Ok((file, size))
}

/// The whole contents of `path`, refusing files larger than `max_bytes` before reading.
pub fn read(path: &Path, max_bytes: u64, span: Span) -> Fallible<Vec<u8>> {
    use std::io::Read;
    let (file, size) = open_within(path, max_bytes, span)?;
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(&e, Purpose::Read, path, span))?;
    if bytes.len() as u64 > max_bytes {
        return Err(Diagnostic::error(
            ErrorKind::Limit,
            span,
            format!(
                "`{}` grew past the limit of {max_bytes} bytes while being read",
                path.display()
            ),
        )
        .boxed());
    }
    Ok(bytes)
}

/// Distinguishes the temporary files of writes running at the same time in one process.
static TEMPORARIES: AtomicU64 = AtomicU64::new(0);

/// Writes `path` all or nothing: `write` fills a temporary file in the same directory,
/// which is flushed and synced to disk and then renamed over `path`. If `write` or any step
/// fails, the temporary file is removed and `path` is untouched; the error is one
/// diagnostic at `span` with the path and the operating system's reason.
///
/// A process killed mid-write (SIGKILL, power loss) leaves `path` old or new, never
/// partial; it may leave the hidden temporary `.NAME.la-tmp-PID-N` next to it.
pub fn write_atomic(
    path: &Path,
    span: Span,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Fallible<()> {
    let fail = |e: io::Error| io_error(&e, Purpose::Write, path, span);
    let file_name = path.file_name().ok_or_else(|| {
        fail(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the path does not name a file",
        ))
    })?;
    if path.is_dir() {
        return Err(fail(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a directory",
        )));
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let temporary = dir.join(format!(
        ".{}.la-tmp-{}-{}",
        file_name.to_string_lossy(),
        std::process::id(),
        TEMPORARIES.fetch_add(1, Ordering::Relaxed)
    ));
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .map_err(fail)?;
    let written = fill(file, write).and_then(|()| fs::rename(&temporary, path));
    if let Err(error) = written {
        let _ = fs::remove_file(&temporary);
        return Err(fail(error));
    }
    // The rename is durable once the directory is synced; a failure here cannot be undone
    // and the new contents are in place, so it is not reported.
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

fn fill(file: File, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let mut buffered = BufWriter::with_capacity(1 << 20, file);
    write(&mut buffered)?;
    let file = buffered.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("la-files-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::canonicalize(dir).unwrap()
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".la-tmp-"))
            .collect()
    }

    #[test]
    fn off_refuses_everything() {
        let error = FileAccess::Off
            .resolve("a.csv", Purpose::Read, Span::default())
            .unwrap_err();
        assert_eq!(error.kind, ErrorKind::File);
        assert_eq!(
            error.message,
            "cannot read `a.csv`: file access is off in this interpreter"
        );
    }

    #[test]
    fn inside_allows_its_own_files_and_refuses_escapes() {
        let dir = scratch("inside");
        let allowed = dir.join("allowed");
        fs::create_dir_all(allowed.join("sub")).unwrap();
        fs::write(allowed.join("sub/a.csv"), "1\n").unwrap();
        fs::write(dir.join("secret.csv"), "2\n").unwrap();
        let access = FileAccess::inside(&allowed).unwrap();
        let span = Span::default();
        assert_eq!(
            access.resolve("sub/a.csv", Purpose::Read, span).unwrap(),
            allowed.join("sub/a.csv")
        );
        assert_eq!(
            access
                .resolve("sub/../new.csv", Purpose::Write, span)
                .unwrap(),
            allowed.join("new.csv")
        );
        for escape in [
            "../secret.csv",
            "sub/../../secret.csv",
            dir.join("secret.csv").to_str().unwrap(),
            "/etc/passwd",
        ] {
            let error = access.resolve(escape, Purpose::Read, span).unwrap_err();
            assert!(
                error
                    .message
                    .ends_with("the path is outside the allowed directory"),
                "{escape}: {}",
                error.message
            );
        }
        for escape in ["../new.csv", "/tmp/x.csv", "."] {
            assert!(
                access.resolve(escape, Purpose::Write, span).is_err(),
                "{escape}"
            );
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("secret.csv"), allowed.join("link.csv")).unwrap();
            std::os::unix::fs::symlink(&dir, allowed.join("up")).unwrap();
            std::os::unix::fs::symlink(dir.join("missing.csv"), allowed.join("dangling.csv"))
                .unwrap();
            for escape in ["link.csv", "up/secret.csv"] {
                assert!(
                    access.resolve(escape, Purpose::Read, span).is_err(),
                    "{escape}"
                );
                assert!(
                    access.resolve(escape, Purpose::Write, span).is_err(),
                    "{escape}"
                );
            }
            assert!(access.resolve("up/new.csv", Purpose::Write, span).is_err());
            assert!(access
                .resolve("dangling.csv", Purpose::Write, span)
                .is_err());
        }
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn missing_file_names_path_and_reason() {
        let dir = scratch("missing");
        let path = dir.join("nope.csv");
        let error = open(&path, Span::default()).unwrap_err();
        assert_eq!(
            error.message,
            format!(
                "cannot read `{}`: no such file or directory",
                path.display()
            )
        );
        let error = open(&dir, Span::default()).unwrap_err();
        assert!(
            error.message.ends_with("is a directory"),
            "{}",
            error.message
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn read_refuses_files_over_the_limit() {
        let dir = scratch("limit");
        let path = dir.join("big.txt");
        fs::write(&path, "0123456789").unwrap();
        assert_eq!(read(&path, 10, Span::default()).unwrap(), b"0123456789");
        let error = read(&path, 9, Span::default()).unwrap_err();
        assert_eq!(error.kind, ErrorKind::Limit);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn atomic_write_replaces_or_leaves_alone() {
        let dir = scratch("atomic");
        let path = dir.join("m.csv");
        fs::write(&path, "old").unwrap();
        write_atomic(&path, Span::default(), |w| w.write_all(b"new")).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        let error = write_atomic(&path, Span::default(), |w| {
            w.write_all(b"partial")?;
            Err(io::Error::other("disk on fire"))
        })
        .unwrap_err();
        assert!(error.message.ends_with("disk on fire"), "{}", error.message);
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
        let error =
            write_atomic(&dir.join("no/such/dir.csv"), Span::default(), |_| Ok(())).unwrap_err();
        assert!(
            error.message.ends_with("no such file or directory"),
            "{}",
            error.message
        );
        let error = write_atomic(&dir, Span::default(), |_| Ok(())).unwrap_err();
        assert!(
            error.message.ends_with("is a directory"),
            "{}",
            error.message
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn permission_denied_changes_nothing() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("denied");
        let path = dir.join("m.csv");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o555)).unwrap();
        let result = write_atomic(&path, Span::default(), |w| w.write_all(b"new"));
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
        // root ignores directory permissions; the refusal is only testable as a user.
        if let Err(error) = result {
            assert!(
                error.message.ends_with("permission denied"),
                "{}",
                error.message
            );
            assert_eq!(fs::read(&path).unwrap(), b"old");
        }
        fs::remove_dir_all(&dir).unwrap();
    }
}
