//! What the tests need from the machine besides Rust: headless Chromium and ChromeDriver (browser
//! tests), nginx (the reverse-proxy check), schemathesis (the API fuzz, from PyPI) and PostgreSQL
//! (the second storage backend).
//! Debian packages are installed with apt-get when missing and we run as root; otherwise the
//! exact command is printed.

use crate::run;
use anyhow::{Result, bail};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

pub struct Browser {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    let mut dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    dirs.push("/usr/sbin".into());
    dirs.iter()
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

fn locate_browser() -> Option<Browser> {
    Some(Browser {
        chromium: find(&["chromium", "chromium-browser", "google-chrome"])?,
        chromedriver: find(&["chromedriver"])?,
    })
}

/// Installs Debian packages, if this is a Debian-like machine and we are root.
fn apt_install(packages: &[&str]) -> Result<()> {
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let Some(apt) = find(&["apt-get"]).filter(|_| is_root) else {
        bail!(
            "missing: run `sudo apt-get install -y {}` (or your system's equivalent)",
            packages.join(" ")
        );
    };
    println!("installing {} (apt-get)", packages.join(" "));
    let install = |args: &[&str]| {
        run(Command::new(&apt)
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive"))
    };
    let mut args = vec!["install", "-y", "--no-install-recommends"];
    args.extend_from_slice(packages);
    if install(&args).is_err() {
        install(&["update"])?;
        install(&args)?;
    }
    Ok(())
}

pub fn ensure_browser() -> Result<Browser> {
    if let Some(browser) = locate_browser() {
        return Ok(browser);
    }
    apt_install(&["chromium", "chromium-driver"])
        .map_err(|e| e.context("the browser tests need Chromium and ChromeDriver"))?;
    locate_browser()
        .ok_or_else(|| anyhow::anyhow!("chromium or chromedriver still missing after installing"))
}

pub fn ensure_nginx() -> Result<()> {
    if find(&["nginx"]).is_some() {
        return Ok(());
    }
    apt_install(&["nginx-light"]).map_err(|e| e.context("the reverse-proxy check needs nginx"))
}

/// The schemathesis release line the API fuzz is written for.
const SCHEMATHESIS: &str = "schemathesis>=4.32,<5";

/// Whether `python3 -m schemathesis.cli` runs (the fuzz test calls it so).
fn schemathesis_runs() -> bool {
    Command::new("python3")
        .args(["-m", "schemathesis.cli", "--version"])
        .output()
        .is_ok_and(|o| o.status.success())
}

pub fn ensure_schemathesis() -> Result<()> {
    if schemathesis_runs() {
        return Ok(());
    }
    if find(&["python3"]).is_none() {
        bail!("missing: the API fuzz needs Python 3 with `pip install '{SCHEMATHESIS}'`");
    }
    println!("installing {SCHEMATHESIS} (pip)");
    run(Command::new("python3").args(["-m", "pip", "install", "--quiet", SCHEMATHESIS]))
        .map_err(|e| e.context(format!("the API fuzz needs `pip install '{SCHEMATHESIS}'`")))?;
    if !schemathesis_runs() {
        bail!("schemathesis still does not run after installing it");
    }
    Ok(())
}

/// Says whether the PostgreSQL tests will run, and how to make them run if not.
pub fn report_postgres() {
    let url = std::env::var("QADAM_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://root@127.0.0.1:5432/postgres".into());
    let host_port = url
        .split('@')
        .next_back()
        .and_then(|r| r.split('/').next())
        .unwrap_or("127.0.0.1:5432");
    let reachable = host_port
        .parse::<SocketAddr>()
        .is_ok_and(|addr| TcpStream::connect_timeout(&addr, Duration::from_secs(2)).is_ok());
    if reachable {
        println!(
            "PostgreSQL answers at {host_port}: the storage, sync and cluster tests run on it too."
        );
    } else {
        println!(
            "NOTE: PostgreSQL does not answer at {host_port}, so the PostgreSQL tests (storage, sync, \
             several instances, nginx) are SKIPPED and only SQLite is tested.\n      To run them, start \
             PostgreSQL with trust authentication for a superuser, or point QADAM_TEST_POSTGRES at one \
             (e.g. postgres://user@host:5432/postgres)."
        );
    }
}
