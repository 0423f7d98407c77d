//! Builds the browser bundle: the app compiled to wasm32, bound to JavaScript with
//! wasm-bindgen (as a library, pinned to the version in Cargo.lock, so nothing is downloaded),
//! with the stylesheet and the page, each file also written gzip- and brotli-compressed for the
//! server to send as is.

use crate::{cargo, run};
use anyhow::{Context, Result};
use std::fmt;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::Command;
use wasm_bindgen_cli_support::Bindgen;

const TARGET: &str = "wasm32-unknown-unknown";

/// Gzipped sizes of what a browser downloads.
pub struct Sizes {
    files: Vec<(String, usize)>,
}

impl fmt::Display for Sizes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total: usize = self.files.iter().map(|(_, n)| n).sum();
        write!(f, "{:.1} KB in all (", total as f64 / 1024.0)?;
        for (i, (name, n)) in self.files.iter().enumerate() {
            if i > 0 {
                write!(f, ", ")?;
            }
            write!(f, "{name} {:.1} KB", *n as f64 / 1024.0)?;
        }
        write!(f, ")")
    }
}

pub fn build(root: &Path, release: bool) -> Result<Sizes> {
    run(Command::new("rustup").args(["target", "add", TARGET]))
        .context("adding the wasm32 target with rustup (is rustup installed?)")?;
    let profile = if release { "wasm-release" } else { "dev" };
    // A target directory of its own, so this build never waits on the lock of the outer cargo.
    let target_dir = root.join("target/wasm");
    run(cargo()
        .args([
            "build",
            "-p",
            "qadam-app",
            "--target",
            TARGET,
            "--profile",
            profile,
        ])
        .arg("--target-dir")
        .arg(&target_dir))?;
    let profile_dir = if release { "wasm-release" } else { "debug" };
    let wasm = target_dir
        .join(TARGET)
        .join(profile_dir)
        .join("qadam-app.wasm");

    let out = root.join("dist");
    if out.exists() {
        fs::remove_dir_all(&out)?;
    }
    fs::create_dir_all(&out)?;
    Bindgen::new()
        .input_path(&wasm)
        .out_name("qadam")
        .web(true)?
        .typescript(false)
        .debug(!release)
        .remove_name_section(release)
        .remove_producers_section(release)
        .generate(&out)
        .context("running wasm-bindgen")?;
    fs::copy(root.join("app/index.html"), out.join("index.html"))?;
    fs::copy(root.join("app/boot.js"), out.join("boot.js"))?;
    fs::copy(root.join("app/sw.js"), out.join("sw.js"))?;
    fs::copy(root.join("app/embed.js"), out.join("embed.js"))?;
    fs::copy(root.join("style/qadam.css"), out.join("qadam.css"))?;

    let mut files = Vec::new();
    for name in [
        "index.html",
        "boot.js",
        "sw.js",
        "qadam.js",
        "qadam_bg.wasm",
        "qadam.css",
    ] {
        let bytes = fs::read(out.join(name))?;
        let gz = gzip(&bytes)?;
        fs::write(out.join(format!("{name}.gz")), &gz)?;
        fs::write(out.join(format!("{name}.br")), brotli(&bytes)?)?;
        files.push((name.to_owned(), gz.len()));
    }
    let sizes = Sizes { files };
    println!("dist/ ready: {sizes}");
    Ok(sizes)
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}
