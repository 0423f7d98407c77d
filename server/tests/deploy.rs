//! The systemd unit in `server/deploy/`: `systemd-analyze verify` finds nothing to say about it
//! (where systemd is installed), and the server takes every flag it starts the binary with.

use std::process::Command;

const UNIT: &str = include_str!("../deploy/qadam.service");

/// The unit's `ExecStart=` command line, split into words.
fn exec_start() -> Vec<&'static str> {
    let line = UNIT
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart="))
        .expect("the unit starts something");
    line.split_whitespace().collect()
}

#[test]
fn the_unit_sets_what_a_deployment_needs() {
    for needed in [
        "DynamicUser=yes",
        "StateDirectory=qadam",
        "LimitNOFILE=65536",
        "Restart=on-failure",
    ] {
        assert!(UNIT.lines().any(|l| l == needed), "the unit lacks {needed}");
    }
    let words = exec_start();
    let database = words
        .iter()
        .position(|w| *w == "--database")
        .expect("a database");
    assert!(
        words[database + 1].starts_with("/var/lib/qadam/"),
        "the database lives in the state directory"
    );
}

#[test]
fn the_server_takes_every_flag_the_unit_gives_it() {
    let words = exec_start();
    // The flags as the unit gives them, then a subcommand's help: unknown or malformed flags
    // stop clap before the help.
    let status = Command::new(env!("CARGO_BIN_EXE_qadam-server"))
        .args(&words[1..])
        .args(["create-admin", "--help"])
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn systemd_analyze_verify_finds_nothing_to_say() {
    if Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("systemd-analyze is not installed here: the unit is checked where it is");
        return;
    }
    // Verified as installed, with the binary this build made where the unit expects one.
    let dir = tempfile::tempdir().unwrap();
    let unit = UNIT.replace(
        "/usr/local/bin/qadam-server",
        env!("CARGO_BIN_EXE_qadam-server"),
    );
    let path = dir.path().join("qadam.service");
    std::fs::write(&path, unit).unwrap();
    let verified = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&path)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&verified.stderr);
    assert!(verified.status.success(), "{said}");
    assert!(
        !said.contains("qadam.service"),
        "systemd-analyze has something to say about the unit:\n{said}"
    );
}
