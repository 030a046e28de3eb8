//! Migration from akamai/akamai's `akamai_iam_api_client`, from the state files akamai/akamai itself
//! wrote against the sandbox (fixtures/akamai_provider_state/, whose README says how they were
//! made): by a `moved` block (Terraform 1.8+, MoveResourceState) and by `terraform state rm` plus an
//! import block. Either way the plan after is empty, nothing is written to Akamai, and the
//! sandbox's objects are what they were. The embedded credential is imported as
//! `apiclients_akamai_api_client_credential`.

mod support;

use std::path::PathBuf;

use apiclients_sandbox::{Options, SandboxConfig};
use serde_json::{Value, json};
use support::repo_root;
use support::sandbox::TestSandbox;
use support::terraform::{Feature, Workdir};

/// The akamai/akamai releases whose state was recorded (schema version 0 in both).
const RECORDED: [&str; 2] = ["v8.0.0", "v9.2.0"];
const SOURCE: &str = "akamai_iam_api_client.peer";
const TARGET: &str = "apiclients_akamai_api_client.peer";

fn fixture(name: &str) -> String {
    let path = repo_root()
        .join("fixtures/akamai_provider_state")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A sandbox holding what it held when akamai/akamai's state was recorded.
fn recorded_sandbox(version: &str) -> (TestSandbox, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let akamai: Value =
        serde_json::from_str(&fixture(&format!("akamai-{version}.sandbox.json"))).expect("JSON");
    let file: PathBuf = dir.path().join("sandbox-state.json");
    std::fs::write(&file, json!({ "akamai": akamai }).to_string()).expect("write state file");
    let sandbox = TestSandbox::start_with(
        Options::default(),
        SandboxConfig {
            state_file: Some(file),
            ..SandboxConfig::default()
        },
    );
    (sandbox, dir)
}

/// akamai/akamai's state of the client, written into `wd`; returns the client and credential ids.
fn recorded_state(wd: &Workdir, version: &str) -> (String, String) {
    let text = fixture(&format!("akamai-{version}.tfstate"));
    std::fs::write(wd.path().join("terraform.tfstate"), &text).expect("write terraform.tfstate");
    let state: Value = serde_json::from_str(&text).expect("state JSON");
    let attributes = state["resources"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["type"] == "akamai_iam_api_client")
        .map(|r| r["instances"][0]["attributes"].clone())
        .expect("the recorded client");
    let client_id = attributes["client_id"]
        .as_str()
        .expect("client_id")
        .to_owned();
    let credential_id = attributes["credential"]["credential_id"]
        .as_i64()
        .expect("credential_id");
    (client_id, credential_id.to_string())
}

fn akamai_objects(sandbox: &TestSandbox) -> Value {
    serde_json::to_value(sandbox.state()).expect("state")["akamai"].clone()
}

/// No write reached Akamai: only GETs.
fn assert_only_reads(sandbox: &TestSandbox) {
    let writes: Vec<Value> = sandbox
        .requests(Some("akamai"))
        .into_iter()
        .filter(|r| r["method"] != "GET")
        .collect();
    assert!(writes.is_empty(), "writes sent to Akamai: {writes:?}");
}

fn assert_migrated(wd: &Workdir, sandbox: &TestSandbox, before: &Value, client_id: &str) {
    wd.assert_empty_plan();
    assert_eq!(
        &akamai_objects(sandbox),
        before,
        "the tenant's objects are what they were"
    );
    assert_only_reads(sandbox);
    let client = wd.resource_values(TARGET).expect("in state");
    assert_eq!(client["id"], client_id);
    assert_eq!(
        client["purge_options"]["cp_code_access"]["cp_codes"],
        json!([101, 202]),
        "{client}"
    );
    let credential = wd
        .resource_values("apiclients_akamai_api_client_credential.peer")
        .expect("credential imported");
    assert_eq!(credential["client_id"], client_id);
}

#[test]
fn moved_from_akamai_provider_state_plans_no_change() {
    let tf = support::terraform::Terraform::from_env();
    if !tf.supports_or_skipped(
        Feature::MovedAcrossProviders,
        "moved between providers (MoveResourceState)",
    ) {
        return;
    }
    for version in RECORDED {
        let (sandbox, _dir) = recorded_sandbox(version);
        let before = akamai_objects(&sandbox);
        let wd =
            Workdir::for_provider_with_stand_in("akamai/akamai").with_envs(&sandbox.provider_env());
        let (client_id, credential_id) = recorded_state(&wd, version);
        wd.write_config(include_str!("hcl/acc_akamai_migration/client.tf"));
        wd.write_file(
            "moved.tf",
            include_str!("hcl/acc_akamai_migration/moved.tf"),
        );
        wd.write_vars(&json!({ "credential_import_id": format!("{client_id}/{credential_id}") }));
        // No `terraform init`: it would look for akamai/akamai in the registry (the state names
        // it); under dev_overrides plan and apply need none.
        sandbox.clear_requests();
        let plan = wd.plan_json();
        let change = plan["resource_changes"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|rc| rc["address"] == TARGET)
            .unwrap_or_else(|| panic!("{version}: {TARGET} planned: {plan}"));
        assert_eq!(change["previous_address"], SOURCE, "{version}");
        assert_eq!(
            change["change"]["actions"],
            json!(["no-op"]),
            "{version}: {change}"
        );
        let applied = wd.apply();
        assert!(
            applied
                .stdout
                .contains("1 imported, 0 added, 0 changed, 0 destroyed"),
            "{version}: {}",
            applied.stdout
        );
        assert_migrated(&wd, &sandbox, &before, &client_id);
    }
}

#[test]
fn removed_and_imported_from_akamai_provider_state_plans_no_change() {
    let tf = support::terraform::Terraform::from_env();
    if !tf.at_least_or_skipped(1, 6, "import blocks with an id from a variable") {
        return;
    }
    for version in RECORDED {
        let (sandbox, _dir) = recorded_sandbox(version);
        let before = akamai_objects(&sandbox);
        let wd = Workdir::for_sandbox(&sandbox);
        let (client_id, credential_id) = recorded_state(&wd, version);
        wd.write_config(include_str!("hcl/acc_akamai_migration/client.tf"));
        wd.write_file(
            "import.tf",
            include_str!("hcl/acc_akamai_migration/import.tf"),
        );
        wd.write_vars(&json!({
            "client_id": client_id,
            "credential_import_id": format!("{client_id}/{credential_id}"),
        }));
        // What a `removed` block does (Terraform 1.7+), without akamai/akamai installed.
        wd.run(&["state", "rm", "-no-color", SOURCE]).success();
        wd.init();
        sandbox.clear_requests();
        let applied = wd.apply();
        assert!(
            applied
                .stdout
                .contains("2 imported, 0 added, 0 changed, 0 destroyed"),
            "{version}: {}",
            applied.stdout
        );
        assert_migrated(&wd, &sandbox, &before, &client_id);
    }
}
