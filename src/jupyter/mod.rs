//! `la jupyter`: the Jupyter kernel front end. `install` and `uninstall` manage the
//! kernelspec; `kernel --connection-file F` is what Jupyter runs: it speaks the messaging
//! protocol over ZeroMQ (`transport`), checks every message's signature (`wire`), and runs
//! cells in one `Interpreter` through the library's public API only (`kernel`, `outputs`).
//!
//! ```text
//! $ la jupyter install --user
//! $ jupyter lab            # then choose the "la" kernel
//! ```

mod install;
mod kernel;
mod outputs;
mod transport;
mod wire;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::Ordering;

use clap::{Parser, Subcommand};
use serde_json::Value as Json;

use install::Place;

/// Notebooks: the Jupyter kernel for la.
#[derive(Parser, Debug)]
#[command(name = "la jupyter", version)]
struct JupyterCli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Install the kernelspec, so "la" appears in Jupyter's kernel list.
    Install(Where),
    /// Remove the kernelspec.
    Uninstall(Where),
    /// Run the kernel (Jupyter starts this from the kernelspec).
    Kernel {
        /// The connection file Jupyter wrote: ports, transport and signing key.
        #[arg(long = "connection-file", short = 'f', value_name = "FILE")]
        connection_file: PathBuf,
    },
}

#[derive(clap::Args, Debug)]
struct Where {
    /// In your own Jupyter data directory (the default).
    #[arg(long, conflicts_with = "sys_prefix")]
    user: bool,
    /// In the active Python environment (virtualenv or conda).
    #[arg(long = "sys-prefix")]
    sys_prefix: bool,
}

impl Where {
    fn place(&self) -> Place {
        if self.sys_prefix {
            Place::SysPrefix
        } else {
            Place::User
        }
    }
}

/// Runs `la jupyter ARGS...`; `stack` is the interpreter thread's stack size.
pub fn main(args: Vec<OsString>, stack: usize) -> ExitCode {
    let cli = match JupyterCli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match cli.command {
        Command::Install(place) => install::install(place.place()).map(|dir| {
            println!(
                "installed the la kernel in {}\nstart Jupyter (`jupyter lab`) and choose \"la\"",
                dir.display()
            )
        }),
        Command::Uninstall(place) => install::uninstall(place.place())
            .map(|dir| println!("removed the la kernel from {}", dir.display())),
        Command::Kernel { connection_file } => run_kernel(&connection_file, stack),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            crate::report(&format!("la jupyter: {message}\n"));
            ExitCode::from(1)
        }
    }
}

/// Serves notebooks until Jupyter shuts the kernel down.
fn run_kernel(connection_file: &std::path::Path, stack: usize) -> Result<(), String> {
    let text = std::fs::read_to_string(connection_file)
        .map_err(|e| format!("cannot read {}: {e}", connection_file.display()))?;
    let connection: Json = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not JSON: {e}", connection_file.display()))?;
    let field = |name: &str| connection[name].as_str().unwrap_or("").to_string();
    let key = field("key");
    let scheme = field("signature_scheme");
    if !key.is_empty() && scheme != "hmac-sha256" {
        return Err(format!(
            "unsupported signature scheme `{scheme}` (la signs with hmac-sha256)"
        ));
    }
    let transport = field("transport");
    if !transport.is_empty() && transport != "tcp" {
        return Err(format!(
            "unsupported transport `{transport}` (la speaks tcp)"
        ));
    }
    let ip = match field("ip") {
        ip if ip.is_empty() => "127.0.0.1".to_string(),
        ip => ip,
    };
    let endpoint = |name: &str| -> Result<String, String> {
        let port = connection[name]
            .as_u64()
            .ok_or_else(|| format!("the connection file has no {name}"))?;
        Ok(format!("tcp://{ip}:{port}"))
    };
    let endpoints = transport::Endpoints {
        shell: endpoint("shell_port")?,
        control: endpoint("control_port")?,
        iopub: endpoint("iopub_port")?,
        stdin: endpoint("stdin_port")?,
        heartbeat: endpoint("hb_port")?,
    };
    let mut la = la::Interpreter::new();
    la.set_limits(crate::machine_limits());
    // As in a script: files as the user, relative paths from the notebook's directory.
    la.set_file_access(la::FileAccess::Anywhere);
    // Jupyter's "signal" interrupt mode, or a Ctrl-C in a console: stop the cell, not la.
    let interrupt = la.interrupt_handle();
    let _ = ctrlc::set_handler(move || interrupt.store(true, Ordering::SeqCst));
    let (publisher, queue) = transport::publisher();
    let (kernel, control) = kernel::new(la, wire::Signer::new(&key), publisher.clone());
    transport::serve(endpoints, kernel, control, (publisher, queue), stack)
}
