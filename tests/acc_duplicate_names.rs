//! A create whose name is already taken, on the platforms that allow it (IBM Verify, SailPoint,
//! Akamai API clients), on real Terraform: by default the client is created with a warning that
//! names the existing one's id and how to import it; with `duplicate_names = "refuse"` the apply
//! fails naming the id and the setting, and nothing is created. The configuration is
//! tests/hcl/acc_duplicate_names/main.tf.

mod support;

use serde_json::{Value, json};
use support::sandbox::TestSandbox;
use support::terraform::{Workdir, flat};

const MAIN_TF: &str = include_str!("hcl/acc_duplicate_names/main.tf");

/// (vendor, resource type, the name main.tf uses).
const PLATFORMS: [(&str, &str, &str); 3] = [
    ("ibm_verify", "apiclients_ibm_verify_api_client", "twin-ibm"),
    (
        "sailpoint",
        "apiclients_sailpoint_oauth_client",
        "twin-sailpoint",
    ),
    ("akamai", "apiclients_akamai_api_client", "twin-akamai"),
];

/// Makes a client named like main.tf's on each platform, behind Terraform's back; their ids in
/// the order of [`PLATFORMS`].
fn seed(sandbox: &TestSandbox) -> Vec<String> {
    let ibm = sandbox.create_object(
        "ibm_verify",
        &json!({"clientName": "twin-ibm", "enabled": true, "entitlements": ["readUserGroups"]}),
    );
    let sailpoint = sandbox.create_object(
        "sailpoint",
        &json!({"name": "twin-sailpoint", "description": "made in the console", "accessTokenValiditySeconds": 750,
                "grantTypes": ["CLIENT_CREDENTIALS"], "accessType": "ONLINE", "enabled": true}),
    );
    let akamai = sandbox.create_object(
        "akamai",
        &json!({"clientName": "twin-akamai", "clientType": "CLIENT", "authorizedUsers": ["alice"],
                "apiAccess": {"allAccessibleApis": true},
                "groupAccess": {"cloneAuthorizedUserGroups": true}}),
    );
    vec![
        ibm["id"].as_str().expect("IBM id").to_owned(),
        sailpoint["id"].as_str().expect("SailPoint id").to_owned(),
        akamai["clientId"]
            .as_str()
            .expect("Akamai clientId")
            .to_owned(),
    ]
}

/// How many clients named `name` the sandbox holds on `vendor`.
fn count_named(sandbox: &TestSandbox, vendor: &str, name: &str) -> usize {
    let name_field = if vendor == "sailpoint" {
        "name"
    } else {
        "clientName"
    };
    sandbox
        .clients(vendor)
        .iter()
        .filter(|client| client[name_field] == name)
        .count()
}

/// Asserts that the diagnostic of each platform's twin says the name `is_taken` ("already
/// existed" for the warning, "already exists" for the error), names the existing id and how to
/// import it, and that the sandbox holds `count` clients of that name.
fn assert_each_twin_named(
    sandbox: &TestSandbox,
    output: &str,
    ids: &[String],
    is_taken: &str,
    count: usize,
) {
    for ((vendor, resource_type, name), id) in PLATFORMS.iter().zip(ids) {
        assert!(
            output.contains(&format!("named \"{name}\" {is_taken}")),
            "{vendor}: a diagnostic for {name}:\n{output}"
        );
        assert!(
            output.contains(id.as_str()),
            "{vendor}: the existing id {id}:\n{output}"
        );
        assert!(
            output.contains(&format!("terraform import {resource_type}.<name> <id>")),
            "{vendor}: the import hint:\n{output}"
        );
        assert_eq!(
            count_named(sandbox, vendor, name),
            count,
            "{vendor}: {count} client(s) named {name}"
        );
    }
}

#[test]
fn a_taken_name_is_created_again_with_a_warning_naming_the_existing_id() {
    let sandbox = TestSandbox::start();
    let ids = seed(&sandbox);
    let wd = Workdir::for_sandbox(&sandbox).with_config(MAIN_TF);
    let output = flat(&wd.apply().all_output());
    // A second client of each name exists.
    assert_each_twin_named(&sandbox, &output, &ids, "already existed", 2);
    for ((vendor, resource_type, _), id) in PLATFORMS.iter().zip(&ids) {
        let created = wd
            .resource_values(&format!("{resource_type}.twin"))
            .expect("in state");
        assert_ne!(
            created["id"],
            Value::from(id.as_str()),
            "{vendor}: not adopted"
        );
    }
    assert!(
        output.contains("Warning:"),
        "a warning, not an error:\n{output}"
    );
    // Nothing else existed with the names now in state: a second apply changes nothing.
    wd.assert_empty_plan();
}

#[test]
fn with_refuse_a_taken_name_fails_the_apply_and_creates_nothing() {
    let sandbox = TestSandbox::start();
    let ids = seed(&sandbox);
    let wd = Workdir::for_sandbox(&sandbox).with_config(MAIN_TF);
    let run = wd
        .run(&[
            "apply",
            "-auto-approve",
            "-no-color",
            "-var=duplicate_names=refuse",
        ])
        .failure();
    let output = flat(&run.all_output());
    // Nothing was created.
    assert_each_twin_named(&sandbox, &output, &ids, "already exists", 1);
    for (vendor, resource_type, _) in PLATFORMS {
        assert!(
            wd.resource_values(&format!("{resource_type}.twin"))
                .is_none(),
            "{vendor}: nothing in state"
        );
    }
    assert!(
        output.contains("duplicate_names = \"refuse\""),
        "the error names the setting:\n{output}"
    );
}

#[test]
fn duplicate_names_takes_only_warn_or_refuse() {
    let sandbox = TestSandbox::start();
    let wd = Workdir::for_sandbox(&sandbox).with_config(MAIN_TF);
    let run = wd
        .run(&["plan", "-no-color", "-var=duplicate_names=sometimes"])
        .failure();
    let output = flat(&run.all_output());
    assert!(
        output.contains("duplicate_names") && output.contains("refuse"),
        "the validator names the setting and its values:\n{output}"
    );
}
