//! Credentials that work (issue 18, Oracle Access Manager and Akamai): real Terraform creates the
//! client or credential against the in-process sandbox, and the test uses the outputs the way
//! their consumers do — an OAM token request at `/oauth2/rest/token`, an EdgeGrid call signed by
//! Akamai's own edgegrid-python. After each rotation path the old credential is refused (or still
//! accepted during OAM's rollover, refused once `/_sandbox/clock` passes it), and locked, inactive,
//! expired and deleted credentials are refused. The configurations are in
//! `tests/hcl/acc_credentials_oam_akamai/`.

#![cfg(feature = "test-resources")]

mod support;

use std::path::PathBuf;
use std::process::Command;

use serde_json::{Value, json};
use support::sandbox::TestSandbox;
use support::terraform::{Workdir, text};
use support::{repo_root, run_ok};

const OAM_CONFIG: &str = include_str!("hcl/acc_credentials_oam_akamai/oam.tf");
const AKAMAI_CONFIG: &str = include_str!("hcl/acc_credentials_oam_akamai/akamai.tf");
const DAY_S: u64 = 24 * 3600;

fn workdir(sandbox: &TestSandbox, config: &str) -> Workdir {
    Workdir::for_sandbox(sandbox)
        .with_env("OAM_IDENTITY_DOMAIN", "TestDomain1")
        .with_config(config)
}

// ---------------------------------------------------------------------------------------------
// Oracle Access Manager

/// The token endpoint's answer for a CLIENT_CREDENTIALS request, as Oracle's sample sends it.
fn oam_token(sandbox: &TestSandbox, domain: &str, client_id: &str, secret: &str) -> (u16, Value) {
    let response = reqwest::blocking::Client::new()
        .post(format!("{}/oauth2/rest/token", sandbox.url))
        .basic_auth(client_id, Some(secret))
        .header("X-OAUTH-IDENTITY-DOMAIN-NAME", domain)
        .form(&[("grant_type", "CLIENT_CREDENTIALS")])
        .send()
        .expect("token request");
    let status = response.status().as_u16();
    (status, response.json().expect("token JSON"))
}

#[test]
fn oam_client_secret_gets_tokens_and_rotation_honours_the_rollover() {
    let sandbox = TestSandbox::start();
    let wd = workdir(&sandbox, OAM_CONFIG);
    wd.apply();
    let outputs = wd.outputs();
    let domain = text(&outputs["identity_domain"], "value");
    let id = text(&outputs["client_id"], "value");
    let first = text(&outputs["client_secret"], "value");

    // The new client's secret works, with its default scope.
    let (status, token) = oam_token(&sandbox, &domain, &id, &first);
    assert_eq!(status, 200, "{token}");
    assert_eq!(token["scope"], "ResServer1.deploy");

    // Rotation (secret_version): the new secret works and the old one keeps working for the
    // two days of old_secret_retention_time_in_days, then is refused.
    wd.set_var("secret_version", 2);
    wd.apply();
    let second = wd.output_text("client_secret");
    assert_ne!(second, first, "the rotation made a new secret");
    assert_eq!(oam_token(&sandbox, &domain, &id, &second).0, 200);
    assert_eq!(
        oam_token(&sandbox, &domain, &id, &first).0,
        200,
        "within the rollover"
    );
    sandbox.admin_post(
        "/_sandbox/clock",
        &json!({ "advance_seconds": DAY_S + 3600 }),
    );
    assert_eq!(
        oam_token(&sandbox, &domain, &id, &first).0,
        200,
        "one day into two"
    );
    sandbox.admin_post("/_sandbox/clock", &json!({ "advance_seconds": DAY_S }));
    let (status, refused) = oam_token(&sandbox, &domain, &id, &first);
    assert_eq!(status, 401, "past the rollover: {refused}");
    assert_eq!(refused["errorCode"], "invalid_client");
    assert_eq!(oam_token(&sandbox, &domain, &id, &second).0, 200);

    // With a rollover of 0 days the rotated-away secret is refused at once.
    wd.set_var("retention_days", 0);
    wd.apply();
    wd.set_var("secret_version", 3);
    wd.apply();
    let third = wd.output_text("client_secret");
    assert_eq!(oam_token(&sandbox, &domain, &id, &third).0, 200);
    assert_eq!(oam_token(&sandbox, &domain, &id, &second).0, 401);

    // Without CLIENT_CREDENTIALS in its grant types the client gets no token.
    wd.set_var("grant_types", json!(["PASSWORD"]));
    wd.apply();
    let (status, refused) = oam_token(&sandbox, &domain, &id, &third);
    assert_eq!(status, 400, "{refused}");
    assert_eq!(refused["errorCode"], "unauthorized_client");

    // Destroyed: refused.
    wd.destroy().success();
    assert_eq!(oam_token(&sandbox, &domain, &id, &third).0, 401);
}

// ---------------------------------------------------------------------------------------------
// Akamai

/// The interpreter of the .tools/ venv with edgegrid-python, or None (after failing under
/// `make test`, or printing SKIPPED) when absent.
fn edgegrid_python() -> Option<PathBuf> {
    let python = repo_root().join(".tools/venv/bin/python");
    let importable = Command::new(&python)
        .args(["-c", "import requests, akamai.edgegrid"])
        .output()
        .is_ok_and(|output| output.status.success());
    if importable {
        return Some(python);
    }
    let message = format!(
        "{} cannot import akamai.edgegrid: run `make tools`",
        python.display()
    );
    assert!(
        std::env::var_os("APICLIENTS_PYTHON").is_none(),
        "under make test: {message}"
    );
    eprintln!("\n!!!!!!!! SKIPPED: {message} !!!!!!!!\n");
    None
}

/// `GET …/api-clients/self` signed by edgegrid-python's `EdgeGridAuth` with one credential, as an
/// `.edgerc` section made from the Terraform outputs would configure it.
const SIGN_AS: &str = r#"
import json, sys, requests
from akamai.edgegrid import EdgeGridAuth
base, client_token, client_secret, access_token = sys.argv[1:5]
s = requests.Session()
s.auth = EdgeGridAuth(client_token=client_token, client_secret=client_secret, access_token=access_token)
r = s.get(base + "/identity-management/v3/api-clients/self")
print(json.dumps({"status": r.status_code, "body": r.json() if r.content else None}))
"#;

struct Akamai {
    python: PathBuf,
    url: String,
}

impl Akamai {
    /// What `self` answers to a call signed with `credential` (`{client_token, client_secret}`).
    fn call_self(&self, access_token: &str, credential: &Value) -> (u64, Value) {
        let output = run_ok(
            Command::new(&self.python)
                .args(["-c", SIGN_AS, &self.url])
                .arg(text(credential, "client_token"))
                .arg(text(credential, "client_secret"))
                .arg(access_token),
        );
        let answer: Value = serde_json::from_slice(&output.stdout).expect("python JSON");
        (answer["status"].as_u64().unwrap(), answer["body"].clone())
    }
}

#[test]
fn akamai_credentials_sign_as_their_client_until_retired() {
    let Some(python) = edgegrid_python() else {
        return;
    };
    let sandbox = TestSandbox::start();
    let akamai = Akamai {
        python,
        url: sandbox.url.clone(),
    };
    let wd = workdir(&sandbox, AKAMAI_CONFIG);
    wd.apply();
    let outputs = wd.outputs();
    let client_id = text(&outputs["client_id"], "value");
    let access_token = text(&outputs["access_token"], "value");
    let first = outputs["first"]["value"].clone();

    // The new credential signs, as its client.
    let (status, me) = akamai.call_self(&access_token, &first);
    assert_eq!(status, 200, "{me}");
    assert_eq!(
        me["clientId"],
        client_id.as_str(),
        "self is the credential's client"
    );

    // Rotation: a second credential signs alongside; the first set INACTIVE is refused, and
    // stays refused once Terraform removed it.
    wd.set_var("second", true);
    wd.apply();
    let second = wd.output("second");
    assert_eq!(akamai.call_self(&access_token, &second).0, 200);
    assert_eq!(akamai.call_self(&access_token, &first).0, 200);
    wd.set_var("first_status", "INACTIVE");
    wd.apply();
    let (status, refused) = akamai.call_self(&access_token, &first);
    assert_eq!(status, 401, "inactive: {refused}");
    assert_eq!(refused["status"], 401, "problem+json");
    assert_eq!(akamai.call_self(&access_token, &second).0, 200);
    wd.set_var("keep_first", false);
    wd.apply();
    assert_eq!(akamai.call_self(&access_token, &first).0, 401, "deleted");

    // A locked client's credentials are refused until it is unlocked.
    wd.set_var("lock", true);
    wd.apply();
    assert_eq!(akamai.call_self(&access_token, &second).0, 401, "locked");
    wd.set_var("lock", false);
    wd.apply();
    assert_eq!(akamai.call_self(&access_token, &second).0, 200, "unlocked");

    // expires_on passes on the sandbox clock: refused.
    let tomorrow = (chrono::Utc::now() + chrono::TimeDelta::days(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    wd.set_var("second_expires_on", tomorrow.as_str());
    wd.apply();
    assert_eq!(akamai.call_self(&access_token, &second).0, 200);
    sandbox.admin_post("/_sandbox/clock", &json!({ "advance_seconds": 2 * DAY_S }));
    let (status, expired) = akamai.call_self(&access_token, &second);
    assert_eq!(status, 401, "expired: {expired}");
    assert!(text(&expired, "detail").contains("expired"), "{expired}");
}
