//! The SailPoint and OAM access-token ephemeral resources through the real Terraform CLI (1.11+,
//! for the write-only witness) against the sandbox: a client Terraform made in an earlier apply
//! mints a token at apply time; the token works as its consumer uses it (SailPoint: reading the
//! client with the token; OAM: the runtime issued it to that client) and is found nowhere in the
//! state, the saved plan, Terraform's output or the TF_LOG=trace log. HCL in
//! tests/hcl/acc_ephemeral/.

#![cfg(feature = "test-resources")]

mod support;

use std::path::Path;

use reqwest::blocking::Client;
use support::sandbox::TestSandbox;
use support::terraform::{Run, Workdir};

const BOOTSTRAP: &str = include_str!("hcl/acc_ephemeral/tokens_bootstrap.tf");
const MINTED: &str = include_str!("hcl/acc_ephemeral/tokens_minted.tf");
const OAM_DOMAIN: &str = "EphemeralDomain";

/// The token the witness widget stored in `path`.
fn witnessed(path: &Path) -> String {
    let stored: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("witness store"))
            .expect("store JSON");
    stored
        .as_object()
        .and_then(|widgets| widgets.values().next())
        .and_then(|widget| widget["passphrase"].as_str())
        .expect("the witness received the token")
        .to_owned()
}

#[test]
fn sailpoint_and_oam_tokens_of_clients_made_earlier_work_and_are_never_kept() {
    let sandbox = TestSandbox::start();
    let mut wd = Workdir::for_provider();
    if !wd.tf.at_least(1, 11) {
        println!(
            "SKIPPED: the write-only witness needs Terraform 1.11+, this is {} (the IBM and Akamai ephemeral tests run from 1.10)",
            wd.tf.version
        );
        return;
    }
    wd.set_envs(&sandbox.provider_env());
    wd.set_env("OAM_IDENTITY_DOMAIN", OAM_DOMAIN);
    wd.write_config(BOOTSTRAP);
    wd.init();
    wd.apply();
    let sailpoint_id = wd
        .resource_values("apiclients_sailpoint_oauth_client.ci")
        .and_then(|v| v["id"].as_str().map(str::to_owned))
        .expect("SailPoint client id");

    let sailpoint_store = wd.path().join("sailpoint-token.json");
    let oam_store = wd.path().join("oam-token.json");
    wd.set_var("sailpoint_store", sailpoint_store.display().to_string());
    wd.set_var("oam_store", oam_store.display().to_string());
    wd.write_file("minted.tf", MINTED);
    let log = wd.path().join("trace.log");
    wd.set_env("TF_LOG", "trace");
    wd.set_env("TF_LOG_PATH", &log.display().to_string());
    sandbox.clear_requests();
    let mut runs: Vec<Run> = vec![wd.run(&["plan", "-no-color", "-out=tfplan"]).success()];
    let shown = wd.run(&["show", "-json", "tfplan"]).success();
    let plan_json = shown.stdout.clone();
    runs.push(shown);
    runs.push(wd.run(&["apply", "-no-color", "tfplan"]).success());
    wd.remove_env("TF_LOG");
    wd.remove_env("TF_LOG_PATH");

    // Both runtimes issued tokens to the clients Terraform made.
    let granted = |path: &str| {
        sandbox
            .requests(None)
            .iter()
            .filter(|r| {
                r["method"] == "POST"
                    && r["path"].as_str().is_some_and(|p| p.starts_with(path))
                    && r["status"] == 200
            })
            .count()
    };
    assert!(granted("/oauth/token") >= 1, "SailPoint issued a token");
    assert!(granted("/oauth2/rest/token") >= 1, "OAM issued a token");

    let sailpoint_token = witnessed(&sailpoint_store);
    let oam_token = witnessed(&oam_store);
    // The SailPoint token reads its own client, as a consumer with sp:oauth-client:read does.
    let status = Client::builder()
        .no_proxy()
        .build()
        .expect("HTTP client")
        .get(format!("{}/beta/oauth-clients/{sailpoint_id}", sandbox.url))
        .bearer_auth(&sailpoint_token)
        .send()
        .expect("GET the client")
        .status();
    assert_eq!(status.as_u16(), 200, "the minted SailPoint token works");

    let state = std::fs::read_to_string(wd.path().join("terraform.tfstate")).expect("state");
    let trace = std::fs::read_to_string(&log).expect("trace log");
    assert!(
        trace.contains("OpenEphemeralResource"),
        "the log covers the opens"
    );
    let output: String = runs.iter().map(Run::all_output).collect();
    for (what, token) in [
        ("SailPoint token", &sailpoint_token),
        ("OAM token", &oam_token),
    ] {
        assert!(token.len() >= 8, "{what} is long enough to search for");
        assert!(!state.contains(token.as_str()), "{what} in the state");
        assert!(
            !plan_json.contains(token.as_str()),
            "{what} in the saved plan"
        );
        assert!(
            !output.contains(token.as_str()),
            "{what} in Terraform's output"
        );
        assert!(
            !trace.contains(token.as_str()),
            "{what} in the TF_LOG=trace log"
        );
    }
    wd.assert_empty_plan();
}
