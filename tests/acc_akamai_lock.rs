//! `lock = true` on an Akamai API client and a credential change in the same configuration, on
//! real Terraform against the sandbox. Akamai refuses (403) to create or change a credential of a
//! locked client; the diagnostic names the lock and the way out (unlock, apply, lock again), not
//! the provider's permissions, and nothing is created. The configuration is
//! tests/hcl/acc_akamai_lock/main.tf.

mod support;

use serde_json::Value;
use support::sandbox::TestSandbox;
use support::terraform::{Feature, Workdir};

const MAIN_TF: &str = include_str!("hcl/acc_akamai_lock/main.tf");

/// The sandbox's one Akamai client (beside the provider's own, which is not listed).
fn only_client(sandbox: &TestSandbox) -> Value {
    let state = serde_json::to_value(sandbox.state()).expect("sandbox state");
    let clients = state["akamai"]["clients"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(clients.len(), 1, "one client: {clients:?}");
    clients[0].clone()
}

fn credentials(client: &Value) -> Vec<Value> {
    client["credentials"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Asserts that a failed run names the lock of `client_id`, what was refused and the fix, and
/// does not blame the provider's permissions.
fn assert_names_the_lock(output: &str, client_id: &str, refused: &str) {
    // Terraform wraps diagnostics (and may frame them with │): compare the words.
    let output = output.replace('│', " ");
    let output = output.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        output.contains(&format!("Akamai API client {client_id} is locked")),
        "the summary names the locked client:\n{output}"
    );
    assert!(
        output.contains(refused),
        "says what was refused ({refused}):\n{output}"
    );
    assert!(
        output.contains("set `lock = false`") && output.contains("set `lock = true` again"),
        "names the fix:\n{output}"
    );
    assert!(
        !output.contains("lack a permission"),
        "does not blame the provider's permissions:\n{output}"
    );
}

#[test]
fn a_locked_client_refuses_credential_changes_and_the_error_names_the_lock() {
    let sandbox = TestSandbox::start();
    let mut wd = Workdir::for_provider();
    wd.set_envs(&sandbox.provider_env());
    wd.write_config(MAIN_TF);
    wd.init();

    // lock = true and a new credential in one apply: the client is created and locked first
    // (the credential refers to its id), then Akamai refuses the credential.
    wd.set_env("TF_VAR_lock", "true");
    let run = wd.run(&["apply", "-auto-approve", "-no-color"]).failure();
    let client = only_client(&sandbox);
    let client_id = client["clientId"].as_str().expect("clientId").to_owned();
    assert_eq!(client["isLocked"], true);
    assert!(credentials(&client).is_empty(), "no credential: {client}");
    assert_names_the_lock(
        &run.all_output(),
        &client_id,
        "refuses to create a credential",
    );

    // The way out the error names: unlock and apply (the credential is created), lock again.
    wd.set_env("TF_VAR_lock", "false");
    wd.apply();
    let client = only_client(&sandbox);
    assert_eq!(client["isLocked"], false);
    assert_eq!(credentials(&client).len(), 1, "the credential: {client}");
    wd.set_env("TF_VAR_lock", "true");
    wd.apply();
    wd.assert_empty_plan();
    assert_eq!(only_client(&sandbox)["isLocked"], true);

    // A credential change while the client stays locked: refused, named the same way.
    wd.set_env("TF_VAR_description", "deploys (weekly)");
    let run = wd.run(&["apply", "-auto-approve", "-no-color"]).failure();
    assert_names_the_lock(
        &run.all_output(),
        &client_id,
        "refuses to change a credential",
    );
    let remote = credentials(&only_client(&sandbox));
    assert_eq!(remote[0]["description"], "deploys", "unchanged: {remote:?}");
}

#[test]
fn an_ephemeral_credential_of_a_locked_client_names_the_lock() {
    let sandbox = TestSandbox::start();
    let mut wd = Workdir::for_provider();
    if !wd
        .tf
        .supports_or_skipped(Feature::EphemeralResources, "ephemeral resources")
    {
        return;
    }
    wd.set_envs(&sandbox.provider_env());
    wd.write_config(include_str!("hcl/acc_akamai_lock/ephemeral.tf"));
    wd.init();
    let run = wd.run(&["apply", "-auto-approve", "-no-color"]).failure();
    let client = only_client(&sandbox);
    let client_id = client["clientId"].as_str().expect("clientId").to_owned();
    assert_eq!(client["isLocked"], true);
    assert!(credentials(&client).is_empty(), "no credential: {client}");
    assert_names_the_lock(
        &run.all_output(),
        &client_id,
        "refuses to create a credential",
    );
}
