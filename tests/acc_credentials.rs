//! The credentials the provider issues, used by their consumer: real Terraform creates a client from
//! the configurations in tests/hcl/acc_credentials/, the test reads `terraform output` and asks the
//! vendor's token endpoint (the sandbox's) for a client-credentials token, then calls the API with it,
//! as a module author's consumer would. After each documented rotation path the old secret is refused;
//! a disabled client gets no token; so does a destroyed one. SailPoint's own SDK is one such consumer
//! (tests/contract/sailpoint_sdk_token.py). Runs on the Terraform of `APICLIENTS_TF_VERSION` (1.15.5 by
//! default; 1.0.3 too).

#![cfg(feature = "test-resources")]

mod support;

use reqwest::StatusCode;
use reqwest::blocking::{Client, Response};
use serde_json::{Value, json};
use support::python::{python, run};
use support::sandbox::TestSandbox;
use support::terraform::Workdir;

const IBM_VERIFY_CONFIG: &str = include_str!("hcl/acc_credentials/ibm_verify.tf");
const SAILPOINT_CONFIG: &str = include_str!("hcl/acc_credentials/sailpoint.tf");

/// `terraform apply` with `-var` settings.
fn apply_with(wd: &Workdir, vars: &[&str]) {
    let mut args = vec!["apply", "-auto-approve", "-no-color"];
    for var in vars {
        args.extend(["-var", var]);
    }
    wd.run(&args).success();
}

fn http() -> Client {
    Client::builder().no_proxy().build().expect("HTTP client")
}

/// The client-credentials grant with the id and secret as form fields, at `token_path`.
fn grant(sandbox: &TestSandbox, token_path: &str, client_id: &str, secret: &str) -> Response {
    sandbox
        .grant(token_path, client_id, secret)
        .expect("token request")
}

/// A granted token (the answer asserted to be a 200) and the whole answer.
fn token(response: Response) -> (String, Value) {
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().expect("token JSON");
    let token = body["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned();
    (token, body)
}

/// A refused grant: 401 with an OAuth `invalid_client`.
fn assert_refused(response: Response, what: &str) {
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{what}");
    let body: Value = response.json().expect("error JSON");
    assert_eq!(body["error"], "invalid_client", "{what}: {body}");
}

fn get(sandbox: &TestSandbox, path: &str, token: &str) -> StatusCode {
    http()
        .get(format!("{}{path}", sandbox.url))
        .bearer_auth(token)
        .send()
        .expect("API call")
        .status()
}

const IBM_TOKEN: &str = "/v1.0/endpoint/default/token";

#[test]
fn ibm_verify_client_credentials_work_until_rotated_disabled_or_destroyed() {
    let sandbox = TestSandbox::start();
    let wd = Workdir::for_sandbox(&sandbox).with_config(IBM_VERIFY_CONFIG);
    wd.apply();
    let (client_id, first_secret) = wd.client_credentials();

    let (access, _) = token(grant(&sandbox, IBM_TOKEN, &client_id, &first_secret));
    assert_eq!(get(&sandbox, "/v1.0/apiclients", &access), StatusCode::OK);
    // readAPIClients only: reading works, a change is the tenant's 403.
    let create = http()
        .post(format!("{}/v1.0/apiclients", sandbox.url))
        .bearer_auth(&access)
        .json(&json!({ "clientName": "x", "enabled": true, "entitlements": [] }))
        .send()
        .expect("create");
    assert_eq!(create.status(), StatusCode::FORBIDDEN);

    // Rotation (secret_version): the new secret works, the old one is refused at once.
    apply_with(&wd, &["secret_version=2"]);
    let (same_id, second_secret) = wd.client_credentials();
    assert_eq!(same_id, client_id);
    assert_ne!(second_secret, first_secret);
    assert_refused(
        grant(&sandbox, IBM_TOKEN, &client_id, &first_secret),
        "rotated away",
    );
    token(grant(&sandbox, IBM_TOKEN, &client_id, &second_secret));

    // Disabled: no token, with the current secret either.
    apply_with(&wd, &["secret_version=2", "enabled=false"]);
    assert_refused(
        grant(&sandbox, IBM_TOKEN, &client_id, &second_secret),
        "disabled",
    );
    apply_with(&wd, &["secret_version=2", "enabled=true"]);
    token(grant(&sandbox, IBM_TOKEN, &client_id, &second_secret));

    wd.destroy();
    assert_refused(
        grant(&sandbox, IBM_TOKEN, &client_id, &second_secret),
        "destroyed",
    );
}

#[test]
fn sailpoint_client_credentials_work_for_their_lifetime_until_disabled_or_destroyed() {
    let sandbox = TestSandbox::start();
    let wd = Workdir::for_sandbox(&sandbox).with_config(SAILPOINT_CONFIG);
    wd.apply();
    let (client_id, secret) = wd.client_credentials();

    let (access, answer) = token(grant(&sandbox, "/oauth/token", &client_id, &secret));
    assert_eq!(answer["expires_in"], 750, "access_token_validity_seconds");
    let own = format!("/v3/oauth-clients/{client_id}");
    assert_eq!(get(&sandbox, &own, &access), StatusCode::OK);
    // The token lives access_token_validity_seconds by the sandbox clock.
    sandbox.admin_post("/_sandbox/clock", &json!({ "advance_seconds": 751 }));
    assert_eq!(get(&sandbox, &own, &access), StatusCode::UNAUTHORIZED);
    let (renewed, _) = token(grant(&sandbox, "/oauth/token", &client_id, &secret));
    assert_eq!(get(&sandbox, &own, &renewed), StatusCode::OK);

    // SailPoint's SDK, as a consumer, with the outputs.
    if let Some(python) = python("venv-sailpoint2", "sailpoint.oauth_clients") {
        let passed = run(
            &python,
            "sailpoint_sdk_token.py",
            &[&sandbox.url, &client_id, &secret],
        );
        println!("SailPoint SDK with the Terraform-made client: {passed} checks passed");
    }

    apply_with(&wd, &["enabled=false"]);
    assert_refused(
        grant(&sandbox, "/oauth/token", &client_id, &secret),
        "disabled",
    );
    apply_with(&wd, &["enabled=true"]);
    token(grant(&sandbox, "/oauth/token", &client_id, &secret));

    wd.destroy();
    assert_refused(
        grant(&sandbox, "/oauth/token", &client_id, &secret),
        "destroyed",
    );
}
