//! Rotation with the real Terraform CLI against the in-process sandbox: `rotate_after` on every
//! secret-holding resource (the sandbox clock moved past the age, the plan rotates each by its
//! platform's path and says why, the apply rotates, the next plan is empty), SailPoint's
//! `secret_version` replacing the client, and the refusals of `rotate_after` at validate time.
//! The configurations are the files under `tests/hcl/acc_rotation/`, which the guide
//! `docs/guides/rotating-credentials.md` quotes verbatim (checked here), so it cannot drift.

#![cfg(feature = "test-resources")]

mod support;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use support::sandbox::TestSandbox;
use support::terraform::{Workdir, text};

const IBM: &str = "apiclients_ibm_verify_api_client.ci";
const OAM: &str = "apiclients_oracle_oam_oauth_client.ci";
const SAILPOINT: &str = "apiclients_sailpoint_oauth_client.ci";
const AKAMAI: &str = "apiclients_akamai_api_client_credential.ci";

const ROTATE_AFTER: &str = include_str!("hcl/acc_rotation/rotate_after.tf");
const SAILPOINT_VERSION: &str = include_str!("hcl/acc_rotation/sailpoint_secret_version.tf");
const PROVIDER: &str = include_str!("hcl/acc_rotation/provider.tf");
const REFUSED: &str = include_str!("hcl/acc_rotation/refused.tf");
const GUIDE: &str = include_str!("../docs/guides/rotating-credentials.md");

/// A working directory with `body` and the provider block beside it, initialised.
fn workdir(sandbox: &TestSandbox, body: &str) -> Workdir {
    let wd = Workdir::for_sandbox(sandbox).with_env("OAM_IDENTITY_DOMAIN", "TestDomain1");
    wd.write_file("provider.tf", PROVIDER);
    wd.with_config(body)
}

fn advance_clock(sandbox: &TestSandbox, seconds: u64) {
    sandbox.admin_post("/_sandbox/clock", &json!({ "advance_seconds": seconds }));
}

fn issued_at(values: &Value) -> DateTime<Utc> {
    let stamp = text(values, "secret_issued_at");
    DateTime::parse_from_rfc3339(&stamp)
        .unwrap_or_else(|e| panic!("secret_issued_at {stamp:?}: {e}"))
        .with_timezone(&Utc)
}

/// The id and secret of each rotated resource, by address.
fn identities(wd: &Workdir) -> Vec<(&'static str, Value)> {
    [IBM, OAM, SAILPOINT, AKAMAI]
        .into_iter()
        .map(|address| {
            let values = wd
                .resource_values(address)
                .unwrap_or_else(|| panic!("{address} is not in state"));
            (address, values)
        })
        .collect()
}

fn secret_of(address: &str, values: &Value) -> String {
    let key = match address {
        SAILPOINT => "secret",
        _ => "client_secret",
    };
    text(values, key)
}

/// The details of the rotation warnings of a plan, from `terraform plan -json`.
fn rotation_warnings(wd: &Workdir) -> Vec<String> {
    let run = wd.run(&["plan", "-json", "-no-color"]).success();
    run.stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|event| event["type"] == "diagnostic")
        .map(|event| event["diagnostic"].clone())
        .filter(|d| d["summary"] == "The secret will be rotated (rotate_after)")
        .map(|d| d["detail"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn the_guide_quotes_the_configurations_the_tests_apply() {
    for (name, hcl) in [
        ("rotate_after.tf", ROTATE_AFTER),
        ("sailpoint_secret_version.tf", SAILPOINT_VERSION),
    ] {
        assert!(
            GUIDE.contains(hcl.trim()),
            "docs/guides/rotating-credentials.md does not quote tests/hcl/acc_rotation/{name} verbatim"
        );
    }
}

#[test]
fn rotate_after_rotates_each_platform_by_its_path_once_the_age_is_passed() {
    let sandbox = TestSandbox::start();
    let wd = workdir(&sandbox, ROTATE_AFTER);
    wd.apply();
    let before = identities(&wd);
    for (address, values) in &before {
        let age = Utc::now() - issued_at(values);
        assert!(
            age.num_minutes().abs() < 10,
            "{address}: secret_issued_at {} is not the create's time",
            values["secret_issued_at"]
        );
    }
    wd.assert_empty_plan();

    // 89 days on: younger than rotate_after, nothing to do.
    advance_clock(&sandbox, 89 * 86_400);
    wd.assert_empty_plan();

    // 91 days on: every secret is older than 2160h (90 days).
    advance_clock(&sandbox, 2 * 86_400);
    let plan = wd.plan();
    assert_eq!(plan.code, 2, "{}", plan.all_output());
    let shown = plan.all_output();
    assert!(shown.contains(&format!("with {IBM}")), "{shown}");
    // The human output folds similar warnings ("and 3 more"): count them in the JSON stream.
    let warnings = rotation_warnings(&wd);
    assert_eq!(warnings.len(), 4, "{warnings:#?}");
    for what in [
        "IBM Security Verify API client",
        "OAM OAuth client",
        "SailPoint OAuth client",
        "Akamai API client credential",
    ] {
        let warning = warnings
            .iter()
            .find(|w| w.contains(what))
            .unwrap_or_else(|| panic!("no warning names the {what}: {warnings:#?}"));
        assert!(warning.contains("91 days"), "the age is named: {warning}");
        assert!(warning.contains("rotate_after = \"2160h\""), "{warning}");
    }
    for (address, actions) in [
        (IBM, vec!["update"]),
        (OAM, vec!["update"]),
        (SAILPOINT, vec!["create", "delete"]),
        (AKAMAI, vec!["create", "delete"]),
    ] {
        assert_eq!(wd.planned_actions(address), actions, "{address}");
    }

    wd.apply();
    let after = identities(&wd);
    for ((address, old), (_, new)) in before.iter().zip(&after) {
        assert_ne!(
            secret_of(address, old),
            secret_of(address, new),
            "{address}: the secret rotated"
        );
        let moved = issued_at(new) - issued_at(old);
        assert!(
            moved.num_days() >= 90,
            "{address}: secret_issued_at moved by {moved} (the vendor's clock)"
        );
        let same_object = old["id"] == new["id"];
        let in_place = matches!(*address, IBM | OAM);
        assert_eq!(same_object, in_place, "{address}: {old} → {new}");
    }
    // The replaced objects are gone from the platforms.
    let state = sandbox.admin_get("/_sandbox/state");
    let old_sailpoint = text(&before[2].1, "id");
    assert!(
        !state["sailpoint"].to_string().contains(&old_sailpoint),
        "the old SailPoint client {old_sailpoint} was deleted"
    );
    wd.assert_empty_plan();
}

#[test]
fn sailpoint_secret_version_replaces_the_client_new_before_old() {
    let sandbox = TestSandbox::start();
    let wd = workdir(&sandbox, SAILPOINT_VERSION);
    wd.apply();
    let old = wd.resource_values(SAILPOINT).expect("in state");
    wd.assert_empty_plan();

    let next = SAILPOINT_VERSION.replace(
        "secret_version                = 1",
        "secret_version                = 2",
    );
    assert_ne!(
        next, SAILPOINT_VERSION,
        "the example sets secret_version = 1"
    );
    wd.write_config(&next);
    let plan = wd.plan();
    assert_eq!(plan.code, 2, "{}", plan.all_output());
    let shown = plan.all_output();
    assert!(shown.contains("must be replaced"), "{shown}");
    assert!(shown.contains("secret_version"), "{shown}");
    assert!(
        shown.contains("The client will be replaced to rotate its secret"),
        "{shown}"
    );
    assert_eq!(wd.planned_actions(SAILPOINT), vec!["create", "delete"]);
    wd.apply();
    let new = wd.resource_values(SAILPOINT).expect("in state");
    assert_ne!(old["id"], new["id"]);
    assert_ne!(old["secret"], new["secret"]);
    assert_eq!(new["secret_version"], 2);
    wd.assert_empty_plan();
}

#[test]
fn rotate_after_is_refused_where_it_cannot_work() {
    let sandbox = TestSandbox::start();
    let wd = workdir(&sandbox, REFUSED);
    let run = wd.run(&["validate", "-no-color"]).failure();
    let shown = run.all_output();
    assert!(shown.contains("1h30m"), "the duration hint:\n{shown}");
    assert!(
        shown.contains("rotate_after with a secret you choose"),
        "{shown}"
    );
    assert!(shown.contains("Remove expires_on"), "{shown}");
    assert!(sandbox.requests(None).is_empty(), "validate sends nothing");
}
