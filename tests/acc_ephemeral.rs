//! The ephemeral resources with the real Terraform CLI against the in-process sandbox: a token
//! minted for a client Terraform made in an earlier apply configures an aliased provider
//! (`access_token`), which then manages another client; the Akamai ephemeral credential
//! configures an aliased provider and is gone from the sandbox after the apply. No token or
//! credential secret reaches a saved plan, the state, the output or a TF_LOG=trace log.
//!
//! Ephemeral resources need Terraform 1.10+; on older versions each test prints SKIPPED (the
//! acc suites of the other features run there). The configurations are in
//! tests/hcl/acc_ephemeral/.

#![cfg(feature = "test-resources")]

mod support;

use std::path::PathBuf;

use serde_json::json;
use support::sandbox::TestSandbox;
use support::terraform::{Feature, Run, Workdir, flat};

const IBM_BOOTSTRAP: &str = include_str!("hcl/acc_ephemeral/ibm_bootstrap.tf");
const IBM_MINTED: &str = include_str!("hcl/acc_ephemeral/ibm_minted.tf");

fn setup(sandbox: &TestSandbox) -> Option<Workdir> {
    let mut wd = Workdir::for_provider();
    if !wd
        .tf
        .supports_or_skipped(Feature::EphemeralResources, "ephemeral resources")
    {
        return None;
    }
    wd.set_envs(&sandbox.provider_env());
    Some(wd)
}

/// A saved plan applied with TF_LOG=trace: what Terraform wrote and said along the way.
struct Traced {
    outputs: Vec<Run>,
    plan_json: String,
    plan_file: Vec<u8>,
    log: String,
}

impl Traced {
    /// `plan -out`, `show -json` of it and `apply` of it, traced to a log file.
    fn run(wd: &mut Workdir) -> Traced {
        let log: PathBuf = wd.path().join("trace.log");
        wd.set_env("TF_LOG", "trace");
        wd.set_env("TF_LOG_PATH", &log.display().to_string());
        let mut outputs = vec![wd.run(&["plan", "-no-color", "-out=tfplan"]).success()];
        let shown = wd.run(&["show", "-json", "tfplan"]).success();
        let plan_json = shown.stdout.clone();
        outputs.push(shown);
        let plan_file = std::fs::read(wd.path().join("tfplan")).expect("saved plan");
        outputs.push(wd.run(&["apply", "-no-color", "tfplan"]).success());
        outputs.push(wd.run(&["output", "-json"]).success());
        wd.remove_env("TF_LOG");
        wd.remove_env("TF_LOG_PATH");
        let log = std::fs::read_to_string(&log).expect("trace log");
        assert!(
            log.contains("OpenEphemeralResource"),
            "the trace log covers the ephemeral calls"
        );
        Traced {
            outputs,
            plan_json,
            plan_file,
            log,
        }
    }

    /// Panics when `secret` (named `what`) is in the saved plan (its JSON form, its file and
    /// the file's unzipped entries), the state, the output or the trace log.
    fn assert_never_kept(&self, wd: &Workdir, what: &str, secret: &str) {
        assert!(secret.len() >= 8, "{what} is too short to search for");
        let state = std::fs::read_to_string(wd.path().join("terraform.tfstate")).expect("state");
        let entries = wd.saved_plan_entries("tfplan");
        let output: String = self.outputs.iter().map(Run::all_output).collect();
        assert!(!state.contains(secret), "{what} in the state");
        assert!(!self.plan_json.contains(secret), "{what} in the saved plan");
        assert!(
            !String::from_utf8_lossy(&self.plan_file).contains(secret),
            "{what} in the saved plan file"
        );
        assert!(
            !entries.contains(secret),
            "{what} in the saved plan's entries"
        );
        assert!(!output.contains(secret), "{what} in Terraform's output");
        assert!(!self.log.contains(secret), "{what} in the TF_LOG=trace log");
    }
}

/// The IBM tokens the sandbox issued to `client_id`.
fn ibm_tokens_of(sandbox: &TestSandbox, client_id: &str) -> Vec<String> {
    sandbox
        .state()
        .ibm_verify
        .tokens
        .iter()
        .filter(|(_, issued)| issued.client_id == client_id)
        .map(|(token, _)| token.clone())
        .collect()
}

#[test]
fn an_ibm_token_of_a_client_made_earlier_configures_an_aliased_provider_that_manages_another_client()
 {
    let sandbox = TestSandbox::start();
    let Some(mut wd) = setup(&sandbox) else {
        return;
    };
    // Step 1: a bootstrap client that may only read API clients.
    wd.set_var("bootstrap_entitlements", json!(["readAPIClients"]));
    wd.write_config(IBM_BOOTSTRAP);
    wd.init();
    wd.apply();
    let bootstrap_id = wd.output("bootstrap_client_id");
    let bootstrap_id = bootstrap_id.as_str().expect("client id");
    assert!(
        ibm_tokens_of(&sandbox, bootstrap_id).is_empty(),
        "no token of the bootstrap client before step 2"
    );

    // Step 2: the aliased provider acts as the bootstrap client, not as the admin client of
    // the environment: without manageAPIClients its create is refused.
    wd.write_file("minted.tf", IBM_MINTED);
    let refused = wd
        .run(&["apply", "-auto-approve", "-no-color"])
        .failure()
        .all_output();
    assert!(
        refused.contains("lacks the entitlement"),
        "refused for the bootstrap client's entitlements: {refused}"
    );
    assert!(!ibm_tokens_of(&sandbox, bootstrap_id).is_empty());

    // Step 3: with manageAPIClients (granted in the same run, before the token is minted at
    // apply) the aliased provider makes the client, through a saved plan, traced.
    wd.set_var("bootstrap_entitlements", json!(["manageAPIClients"]));
    let traced = Traced::run(&mut wd);

    // The aliased provider made the client as the bootstrap client: with its token.
    let managed = wd
        .resource_values("apiclients_ibm_verify_api_client.managed")
        .expect("the managed client is in the state");
    let managed_key = managed["id"].as_str().expect("id");
    let clients = sandbox.admin_get("/_sandbox/state")["ibm_verify"]["clients"].clone();
    assert!(
        clients
            .as_array()
            .is_some_and(|clients| clients.iter().any(|c| c["id"] == managed_key)),
        "the sandbox holds the managed client: {clients}"
    );
    let tokens = ibm_tokens_of(&sandbox, bootstrap_id);
    assert!(
        tokens.len() >= 2,
        "tokens of the bootstrap client were minted at plan and at apply: {}",
        tokens.len()
    );
    for token in &tokens {
        traced.assert_never_kept(&wd, "the minted IBM token", token);
    }
    wd.assert_empty_plan();
    wd.destroy();
}

const AKAMAI_BOOTSTRAP: &str = include_str!("hcl/acc_ephemeral/akamai_bootstrap.tf");
const AKAMAI_MINTED: &str = include_str!("hcl/acc_ephemeral/akamai_minted.tf");
const AKAMAI_WITNESS: &str = include_str!("hcl/acc_ephemeral/akamai_witness.tf");

/// The sandbox's requests on the credentials of `client_id`: (method, status) of each.
fn akamai_credential_calls(sandbox: &TestSandbox, client_id: &str) -> Vec<(String, String, u64)> {
    let prefix = format!("/identity-management/v3/api-clients/{client_id}/credentials");
    sandbox
        .requests(Some("akamai"))
        .into_iter()
        .filter_map(|r| {
            let path = r["path"].as_str()?.to_owned();
            path.starts_with(&prefix).then(|| {
                (
                    r["method"].as_str().unwrap_or_default().to_owned(),
                    path,
                    r["status"].as_u64().unwrap_or_default(),
                )
            })
        })
        .collect()
}

#[test]
fn an_akamai_credential_for_the_run_configures_an_aliased_provider_and_is_gone_after_the_apply() {
    let sandbox = TestSandbox::start();
    let Some(mut wd) = setup(&sandbox) else {
        return;
    };
    wd.write_config(AKAMAI_BOOTSTRAP);
    wd.init();
    wd.apply();
    let bootstrap_id = wd.output("bootstrap_client_id");
    let bootstrap_id = bootstrap_id.as_str().expect("client id").to_owned();

    let witness = wd.tf.at_least(1, 11);
    let store = wd.path().join("witness.json");
    if witness {
        wd.set_var("witness_store", store.display().to_string());
        wd.write_file("minted.tf", AKAMAI_MINTED);
        wd.write_file("witness.tf", AKAMAI_WITNESS);
    } else {
        println!(
            "SKIPPED: the credential secret's witness needs write-only arguments (Terraform 1.11+); client tokens are still checked"
        );
        wd.write_file("minted.tf", AKAMAI_MINTED);
    }
    let traced = Traced::run(&mut wd);

    // The aliased provider made the client.
    let managed = wd
        .resource_values("apiclients_akamai_api_client.managed")
        .expect("the managed client is in the state");
    let managed_id = managed["id"].as_str().expect("id").to_owned();
    let state = serde_json::to_value(sandbox.state()).expect("sandbox state");
    let clients = state["akamai"]["clients"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        clients.iter().any(|c| c["clientId"] == managed_id.as_str()),
        "the sandbox holds the managed client"
    );

    // Each open (plan, apply) made a credential, gave it a short expiry, and its close
    // deactivated and deleted it: none is left.
    let calls = akamai_credential_calls(&sandbox, &bootstrap_id);
    let made = calls
        .iter()
        .filter(|(method, path, status)| {
            method == "POST" && path.ends_with("/credentials") && *status == 201
        })
        .count();
    let deleted = calls
        .iter()
        .filter(|(method, _, status)| method == "DELETE" && *status == 204)
        .count();
    let expiries = calls
        .iter()
        .filter(|(method, _, status)| method == "PUT" && *status == 200)
        .count();
    assert!(made >= 2, "a credential per open: {calls:?}");
    assert_eq!(deleted, made, "every credential deleted: {calls:?}");
    assert!(
        expiries >= made,
        "every credential given its expiry: {calls:?}"
    );
    let bootstrap = clients
        .iter()
        .find(|c| c["clientId"] == bootstrap_id.as_str())
        .expect("the bootstrap client");
    let credentials = bootstrap["credentials"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        credentials.iter().all(|c| c["status"] == "DELETED"),
        "no credential of the run is left: {credentials:?}"
    );

    // Nothing of the credentials is kept: their client tokens (the sandbox lists them), and the
    // secret of the apply's credential (the witness received it).
    for credential in &credentials {
        let token = credential["clientToken"].as_str().expect("client token");
        traced.assert_never_kept(&wd, "an ephemeral credential's client token", token);
    }
    if witness {
        let stored: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&store).expect("witness store"))
                .expect("store JSON");
        let secret = stored
            .as_object()
            .and_then(|widgets| widgets.values().next())
            .and_then(|widget| widget["passphrase"].as_str())
            .expect("the witness received the secret")
            .to_owned();
        traced.assert_never_kept(&wd, "the ephemeral credential's secret", &secret);
    }
    wd.assert_empty_plan();
    wd.destroy();
    // The destroy's own opening is closed after the bootstrap client is deleted, which takes
    // its credentials with it: no client and no credential of the run is left.
    let state = serde_json::to_value(sandbox.state()).expect("sandbox state");
    let left: Vec<_> = state["akamai"]["clients"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|c| c["clientId"] == bootstrap_id.as_str() || c["clientId"] == managed_id.as_str())
        .collect();
    assert!(left.is_empty(), "destroyed: {left:?}");
}

const IBM_REFUSED: &str = include_str!("hcl/acc_ephemeral/ibm_refused.tf");

/// A refused grant fails the plan with a diagnostic on the attribute to fix, naming the cause
/// the provider's own credentials found: a wrong secret, a disabled client, an unknown client.
#[test]
fn a_refused_ibm_token_names_the_attribute_and_the_cause() {
    let sandbox = TestSandbox::start();
    let Some(wd) = setup(&sandbox) else {
        return;
    };
    let enabled = sandbox.create_object(
        "ibm_verify",
        &serde_json::json!({"clientName": "eph-enabled", "entitlements": ["readAPIClients"], "enabled": true}),
    );
    let disabled = sandbox.create_object(
        "ibm_verify",
        &serde_json::json!({"clientName": "eph-disabled", "entitlements": ["readAPIClients"], "enabled": false}),
    );
    let field = |client: &serde_json::Value, name: &str| {
        client[name]
            .as_str()
            .unwrap_or_else(|| panic!("{name} in {client}"))
            .to_owned()
    };
    wd.write_config(IBM_REFUSED);
    wd.init();
    let cases = [
        (
            field(&enabled, "clientId"),
            "not-the-secret-7a1".to_owned(),
            "refused the client secret",
            "is wrong (was the secret rotated?)",
            "client_secret",
        ),
        (
            field(&disabled, "clientId"),
            field(&disabled, "clientSecret"),
            "client is disabled",
            "is disabled, and a disabled client gets no token; enable it",
            "client_id",
        ),
        (
            "no-such-client-3f0".to_owned(),
            "whatever-secret-1".to_owned(),
            "has no client with this ID",
            "no client with client_id \"no-such-client-3f0\" exists",
            "client_id",
        ),
    ];
    for (client_id, secret, summary, detail, attribute) in cases {
        wd.set_var("client_id", client_id.as_str());
        wd.set_var("client_secret", secret.as_str());
        let out = wd.run(&["plan", "-no-color"]).failure().all_output();
        let one_line = flat(&out);
        assert!(one_line.contains(summary), "{summary}: {out}");
        assert!(one_line.contains(detail), "{detail}: {out}");
        assert!(
            one_line.contains(&format!("{attribute} ="))
                || one_line.contains(&format!("\"{attribute}\"")),
            "points at {attribute}: {out}"
        );
        assert!(!out.contains(&secret), "the secret in the output: {out}");
    }
    // The enabled client with its own secret gets a token: the plan succeeds.
    wd.set_var("client_id", field(&enabled, "clientId"));
    wd.set_var("client_secret", field(&enabled, "clientSecret"));
    wd.run(&["plan", "-no-color"]).success();
}
