//! The vendors' own client libraries, run from the Python environments `make tools` installs into
//! .tools/ (scripts/install-tools.sh): finding an interpreter that can import a library (SKIPPED when
//! absent, a failure under `make test`, which sets `APICLIENTS_PYTHON`), and running a script of
//! tests/contract/ that prints its checks and a `checks: N passed, M failed` line.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::repo_root as root;

/// The interpreter of a .tools/ venv, or None (after failing or printing SKIPPED) when absent.
pub fn python(venv: &str, module: &str) -> Option<PathBuf> {
    let python = root().join(".tools").join(venv).join("bin/python");
    let importable = Command::new(&python)
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|output| output.status.success());
    if importable {
        return Some(python);
    }
    let message = format!(
        "{} cannot import {module}: run `make tools`",
        python.display()
    );
    assert!(
        std::env::var_os("APICLIENTS_PYTHON").is_none(),
        "contract tests under make test: {message}"
    );
    eprintln!("\n!!!!!!!! SKIPPED: {message} !!!!!!!!\n");
    None
}

/// Runs a contract script; returns its passed-check count, failing loudly on any failed check.
pub fn run(python: &Path, script: &str, args: &[&str]) -> usize {
    let output = Command::new(python)
        .arg(root().join("tests/contract").join(script))
        .args(args)
        .output()
        .expect("run the contract script");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    print!("{stdout}");
    eprint!("{stderr}");
    let summary = stdout
        .lines()
        .rev()
        .find_map(|line| line.strip_prefix("checks: "))
        .unwrap_or_else(|| panic!("{script} {args:?}: no summary line\n{stdout}\n{stderr}"));
    let counts: Vec<usize> = summary
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    assert!(
        output.status.success() && counts.len() == 2 && counts[1] == 0 && counts[0] > 0,
        "{script} {args:?}: {summary}\n{stdout}\n{stderr}"
    );
    counts[0]
}
