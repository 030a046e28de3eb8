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

use support::sandbox::TestSandbox;
use support::terraform::{Run, Workdir};

const IBM_BOOTSTRAP: &str = include_str!("hcl/acc_ephemeral/ibm_bootstrap.tf");
const IBM_MINTED: &str = include_str!("hcl/acc_ephemeral/ibm_minted.tf");

fn setup(sandbox: &TestSandbox) -> Option<Workdir> {
    let mut wd = Workdir::for_provider();
    if !wd.tf.at_least(1, 10) {
        println!(
            "SKIPPED: ephemeral resources need Terraform 1.10+, this is {}",
            wd.tf.version
        );
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
        let entries = match std::process::Command::new("unzip")
            .arg("-p")
            .arg(wd.path().join("tfplan"))
            .output()
        {
            Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).into_owned(),
            _ => {
                println!(
                    "SKIPPED: no unzip to read the saved plan's entries (its JSON form is checked)"
                );
                String::new()
            }
        };
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
    wd.set_env("TF_VAR_bootstrap_entitlements", r#"["readAPIClients"]"#);
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
    wd.write_config(&format!("{IBM_BOOTSTRAP}\n{IBM_MINTED}"));
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
    wd.set_env("TF_VAR_bootstrap_entitlements", r#"["manageAPIClients"]"#);
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
