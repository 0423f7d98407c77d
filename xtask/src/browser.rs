//! Finds headless Chromium and ChromeDriver for the browser tests, installing Debian's packages
//! when they are missing and we may; otherwise says exactly what to install.

use crate::run;
use anyhow::{Result, bail};
use std::path::PathBuf;
use std::process::Command;

pub struct Browser {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

fn locate() -> Option<Browser> {
    Some(Browser {
        chromium: find(&["chromium", "chromium-browser", "google-chrome"])?,
        chromedriver: find(&["chromedriver"])?,
    })
}

pub fn ensure() -> Result<Browser> {
    if let Some(browser) = locate() {
        return Ok(browser);
    }
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let apt = find(&["apt-get"]);
    match (is_root, apt) {
        (true, Some(apt)) => {
            println!("installing Chromium and ChromeDriver for the browser tests (apt-get)");
            let install = |cmd: &mut Command| run(cmd.env("DEBIAN_FRONTEND", "noninteractive"));
            if install(Command::new(&apt).args(["install", "-y", "chromium", "chromium-driver"]))
                .is_err()
            {
                install(Command::new(&apt).arg("update"))?;
                install(Command::new(&apt).args(["install", "-y", "chromium", "chromium-driver"]))?;
            }
        }
        _ => bail!(
            "the browser tests need Chromium and ChromeDriver on PATH.\n\
             On Debian or Ubuntu: sudo apt-get install -y chromium chromium-driver\n\
             Elsewhere: install Chromium (or Chrome) and the ChromeDriver of the same version."
        ),
    }
    locate()
        .ok_or_else(|| anyhow::anyhow!("chromium or chromedriver still missing after installing"))
}
