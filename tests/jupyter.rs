//! The Jupyter kernel from the outside. `la jupyter install --user` writes a kernel spec
//! that starts this very binary and `uninstall --user` removes it; then the Python scripts
//! in tests/jupyter/ run against the installed kernel: protocol conformance
//! (jupyter_kernel_test), robustness (bad messages, a flood, an interrupt) and the example
//! notebook examples/tour.ipynb (nbclient).
//!
//! Every test has its own JUPYTER_DATA_DIR, so nothing touches the user's Jupyter setup.
//! The scripts need jupyter_client, jupyter_kernel_test, nbclient and nbformat:
//! LA_JUPYTER_PYTHON names a Python that has them (default `python3`).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use assert_cmd::Command;
use tempfile::TempDir;

fn la_binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("la")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `la jupyter ARGS` with Jupyter's data directory at `data`; it must succeed.
fn la_jupyter(data: &Path, args: &[&str]) {
    let output = Command::new(la_binary())
        .arg("jupyter")
        .args(args)
        .env("JUPYTER_DATA_DIR", data)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("la runs");
    assert!(
        output.status.success(),
        "la jupyter {args:?} failed\n--- stdout\n{}\n--- stderr\n{}",
        text(&output.stdout),
        text(&output.stderr),
    );
}

/// `s` as a JSON string literal, for finding it in kernel.json without a JSON parser.
fn json_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn install_writes_a_spec_that_runs_this_binary_and_uninstall_removes_it() {
    let data = TempDir::new().unwrap();
    la_jupyter(data.path(), &["install", "--user"]);
    let dir = data.path().join("kernels").join("la");
    let spec = std::fs::read_to_string(dir.join("kernel.json")).expect("kernel.json written");

    // argv[0] is the binary that was installed, so a notebook runs the la it was set up with.
    let argv = &spec[spec.find("\"argv\"").expect("an argv key")..];
    let first = argv[argv.find('[').expect("argv is a list") + 1..].trim_start();
    // Compared canonically: install resolves symbolic links in its own path.
    let binary = la_binary().canonicalize().unwrap();
    let expected = json_string(binary.to_str().unwrap());
    assert!(
        first.starts_with(&expected),
        "argv[0] is not {expected}:\n{spec}"
    );
    assert!(spec.contains("{connection_file}"), "{spec}");
    let compact: String = spec.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(compact.contains(r#""language":"la""#), "{spec}");
    assert!(compact.contains(r#""interrupt_mode":"message""#), "{spec}");

    la_jupyter(data.path(), &["uninstall", "--user"]);
    assert!(!dir.exists(), "{} is still there", dir.display());
    assert!(
        data.path().exists(),
        "uninstall removed more than the kernel's directory"
    );
}

/// The kernel scripts run one at a time: jupyter_kernel_test allows 0.1 s between a cell's
/// messages, and on a small machine several kernels (one of them flooded) would make
/// timing failures that are not the kernel's.
static ONE_KERNEL_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Installs the kernel into a fresh data directory and runs tests/jupyter/`script` there.
fn run_python_script(script: &str) {
    let _turn = ONE_KERNEL_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let data = TempDir::new().unwrap();
    la_jupyter(data.path(), &["install", "--user"]);

    let python = std::env::var("LA_JUPYTER_PYTHON").unwrap_or_else(|_| "python3".into());
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/jupyter")
        .join(script);
    let output = Command::new(&python)
        .arg(&path)
        .env("JUPYTER_DATA_DIR", data.path())
        .env_remove("LA_KERNEL_NAME") // the scripts must test la, whatever the shell says
        // The scripts time themselves out sooner; this only catches a stuck interpreter.
        .timeout(Duration::from_secs(600))
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
    assert!(
        output.status.success(),
        "{python} {} failed\n--- stdout\n{}\n--- stderr\n{}\n\
         hint: the scripts need jupyter_client, jupyter_kernel_test, nbclient and nbformat; \
         .ci/run installs them, or set LA_JUPYTER_PYTHON to a Python that has them",
        path.display(),
        text(&output.stdout),
        text(&output.stderr),
    );
}

#[test]
fn kernel_conforms_to_the_messaging_protocol() {
    run_python_script("conformance.py");
}

#[test]
fn kernel_survives_bad_messages_floods_and_interrupts() {
    run_python_script("robustness.py");
}

#[test]
fn tour_notebook_runs_with_latex_and_svg_output() {
    run_python_script("notebook.py");
}
