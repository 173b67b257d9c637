//! The kernelspec: `kernel.json` (which runs this same `la` binary as a kernel) and the
//! logos, written where `jupyter kernelspec list` looks: the user's Jupyter data directory
//! (`$JUPYTER_DATA_DIR`, else the platform's), or the Python environment's prefix.

use std::path::{Path, PathBuf};

use serde_json::json;

/// Where a kernelspec goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The user's Jupyter data directory.
    User,
    /// `share/jupyter` under the active Python environment (a venv or conda env).
    SysPrefix,
}

const LOGO_64: &[u8] = include_bytes!("../../assets/jupyter/logo-64x64.png");
const LOGO_32: &[u8] = include_bytes!("../../assets/jupyter/logo-32x32.png");

/// Writes the kernelspec; returns its directory.
pub fn install(place: Place) -> Result<PathBuf, String> {
    let dir = kernel_dir(place)?;
    let exe = std::env::current_exe()
        .and_then(|p| p.canonicalize())
        .map_err(|e| format!("cannot find the la binary's own path: {e}"))?;
    let spec = json!({
        "argv": [exe, "jupyter", "kernel", "--connection-file", "{connection_file}"],
        "display_name": "la",
        "language": "la",
        "interrupt_mode": "message",
        "metadata": {"debugger": false},
    });
    let text = serde_json::to_string_pretty(&spec).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&dir).map_err(|e| failed("create", &dir, &e))?;
    write(&dir.join("kernel.json"), text.as_bytes())?;
    write(&dir.join("logo-64x64.png"), LOGO_64)?;
    write(&dir.join("logo-32x32.png"), LOGO_32)?;
    Ok(dir)
}

/// Removes the kernelspec; returns the directory it was in.
pub fn uninstall(place: Place) -> Result<PathBuf, String> {
    let dir = kernel_dir(place)?;
    if !dir.join("kernel.json").is_file() {
        return Err(format!("no la kernel is installed in {}", dir.display()));
    }
    std::fs::remove_dir_all(&dir).map_err(|e| failed("remove", &dir, &e))?;
    Ok(dir)
}

/// A file written whole: first to a neighbour, then renamed over the target.
fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let partial = path.with_extension("partial");
    std::fs::write(&partial, bytes)
        .and_then(|()| std::fs::rename(&partial, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            failed("write", path, &e)
        })
}

fn failed(what: &str, path: &Path, e: &std::io::Error) -> String {
    format!("cannot {what} {}: {e}", path.display())
}

/// `…/kernels/la` in the Jupyter data directory of `place`.
fn kernel_dir(place: Place) -> Result<PathBuf, String> {
    let data = match place {
        Place::User => user_data_dir()?,
        Place::SysPrefix => sys_prefix()?.join("share").join("jupyter"),
    };
    Ok(data.join("kernels").join("la"))
}

/// Jupyter's user data directory, as `jupyter --data-dir` gives it.
fn user_data_dir() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("JUPYTER_DATA_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    let missing = || "cannot find the home directory (set JUPYTER_DATA_DIR)".to_string();
    if cfg!(target_os = "macos") {
        return Ok(dirs::home_dir()
            .ok_or_else(missing)?
            .join("Library/Jupyter"));
    }
    Ok(dirs::data_dir().ok_or_else(missing)?.join("jupyter"))
}

/// The active Python environment: `$VIRTUAL_ENV`, `$CONDA_PREFIX`, else what `python3`
/// says its `sys.prefix` is.
fn sys_prefix() -> Result<PathBuf, String> {
    for variable in ["VIRTUAL_ENV", "CONDA_PREFIX"] {
        if let Some(dir) = std::env::var_os(variable).filter(|d| !d.is_empty()) {
            return Ok(PathBuf::from(dir));
        }
    }
    let output = std::process::Command::new("python3")
        .args(["-c", "import sys; print(sys.prefix)"])
        .output()
        .map_err(|e| format!("--sys-prefix needs python3 to find the environment: {e}"))?;
    let prefix = String::from_utf8_lossy(&output.stdout).trim().to_string();
    if !output.status.success() || prefix.is_empty() {
        return Err("python3 did not say its sys.prefix".to_string());
    }
    Ok(PathBuf::from(prefix))
}
