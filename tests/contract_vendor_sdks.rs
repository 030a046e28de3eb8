//! Contract tests: the sandbox driven by the vendors' own client libraries, run from the Python
//! environments `make tools` installs into .tools/ (scripts/install-tools.sh):
//! - SailPoint's SDK 2.x (`sailpoint==2.1.72`, module `oauth_clients`: `/oauth-clients/v1`) and
//!   1.4.x (`sailpoint==1.4.2`, modules `v3` and `beta`), through their typed methods only
//!   (tests/contract/sailpoint_sdk.py), including a token the SDK obtains with the id and secret
//!   of the client it created through the management API;
//! - Akamai's edgegrid-python signing the request bodies Akamai's Go library sends
//!   (tests/contract/akamai_go_shapes.py and its fixture).
//!
//! Each script prints its checks and a `checks: N passed, M failed` line. When a tool is missing
//! the test fails if `APICLIENTS_PYTHON` is set (as `make test` does) and otherwise prints
//! SKIPPED.

use std::path::{Path, PathBuf};
use std::process::Command;

use apiclients_sandbox::{Options, Sandbox};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The interpreter of a .tools/ venv, or None (after failing or printing SKIPPED) when absent.
fn python(venv: &str, module: &str) -> Option<PathBuf> {
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
fn run(python: &Path, script: &str, args: &[&str]) -> usize {
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sailpoint_sdks_drive_every_layout() {
    let sdk2 = python("venv-sailpoint2", "sailpoint.oauth_clients");
    let sdk1 = python("venv-sailpoint1", "sailpoint.v3");
    let sandbox = Sandbox::start(Options::default()).await.unwrap();
    let creds = sandbox.credentials().sailpoint.clone();
    let url = sandbox.url().to_owned();
    let mut total = 0;
    for (python, module) in [(&sdk2, "oauth_clients"), (&sdk1, "v3"), (&sdk1, "beta")] {
        let Some(python) = python else { continue };
        let args = [
            url.clone(),
            creds.client_id.clone(),
            creds.client_secret.clone(),
            module.to_owned(),
        ];
        let python = python.clone();
        let passed = tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            run(&python, "sailpoint_sdk.py", &args)
        })
        .await
        .unwrap();
        println!("SailPoint SDK contract ({module}): {passed} checks passed");
        total += passed;
    }
    println!("SailPoint SDK contract: {total} checks passed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn akamai_go_library_shapes_signed_by_edgegrid_python() {
    let Some(python) = python("venv", "akamai.edgegrid") else {
        return;
    };
    let sandbox = Sandbox::start(Options::default()).await.unwrap();
    let creds = sandbox.credentials().akamai.clone();
    let url = sandbox.url().to_owned();
    let passed = tokio::task::spawn_blocking(move || {
        run(
            &python,
            "akamai_go_shapes.py",
            &[
                &url,
                &creds.client_token,
                &creds.client_secret,
                &creds.access_token,
            ],
        )
    })
    .await
    .unwrap();
    println!("Akamai Go-library shapes contract: {passed} checks passed");
}
