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

mod support;

use apiclients_sandbox::{Options, Sandbox};
use support::python::{python, run};

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
