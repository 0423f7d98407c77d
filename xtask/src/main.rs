//! Qadam's developer commands: `cargo xtask <command>`.
//!
//! - `dist`: builds the browser app (wasm, js, css, html) into `dist/`, precompressed.
//! - `serve`: builds the app and starts the server on it.
//! - `test`: everything CI checks: formatting, then every test suite, browser included.
//! - `bench`: the performance figures.

mod dist;
mod system;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Parser)]
#[command(name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Build the browser app into dist/.
    Dist {
        /// Unoptimized build (faster to compile, larger).
        #[arg(long)]
        dev: bool,
    },
    /// Build the app and run Qadam; extra arguments go to the server (see --help there).
    Serve {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Run every check and test suite, browser tests included.
    Test,
    /// Print the performance figures.
    Bench,
}

fn main() -> Result<()> {
    let root = workspace_root();
    std::env::set_current_dir(&root)?;
    match Cli::parse().command {
        Cmd::Dist { dev } => dist::build(&root, !dev).map(|_| ()),
        Cmd::Serve { args } => {
            dist::build(&root, true)?;
            // The release build carries the app just built inside it.
            let mut cmd = cargo();
            cmd.args(["run", "--release", "-p", "qadam-server", "--"])
                .args(args);
            run(&mut cmd)
        }
        Cmd::Test => test(&root),
        Cmd::Bench => bench(&root),
    }
}

fn test(root: &Path) -> Result<()> {
    run(cargo().args(["fmt", "--all", "--", "--check"]))
        .context("formatting differs: run `cargo fmt --all`")?;
    let browser = system::ensure_browser()?;
    system::ensure_nginx()?;
    system::ensure_schemathesis()?;
    system::report_postgres();
    dist::build(root, true)?;
    run(cargo()
        .args(["test", "--workspace", "--exclude", "qadam-app"])
        .env("QADAM_DIST", root.join("dist"))
        .env("CHROMEDRIVER", &browser.chromedriver)
        .env("CHROME", &browser.chromium))
}

fn bench(root: &Path) -> Result<()> {
    let browser = system::ensure_browser()?;
    let sizes = dist::build(root, true)?;
    run(cargo().args(["bench", "-p", "qadam-server", "--bench", "sync"]))?;
    run(cargo().args(["bench", "-p", "qadam-server", "--bench", "office_views"]))?;
    run(cargo()
        .args(["bench", "-p", "qadam-e2e", "--bench", "board_open"])
        .env("QADAM_DIST", root.join("dist"))
        .env("CHROMEDRIVER", &browser.chromedriver)
        .env("CHROME", &browser.chromium))?;
    println!("\nbrowser download (gzip): {}", sizes);
    Ok(())
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// Runs a command, failing if it fails.
pub fn run(cmd: &mut Command) -> Result<()> {
    let status = cmd
        .status()
        .with_context(|| format!("starting {:?}", cmd.get_program()))?;
    if !status.success() {
        bail!("{:?} failed ({status})", cmd.get_program());
    }
    Ok(())
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}
