//! The plugin layer end to end with the real Terraform CLI, through `apiclients_test_widget` (a vendor-free
//! resource compiled in with the `test-resources` feature): the lifecycle, plan correctness (no perpetual
//! diff, no "inconsistent result after apply"), replacement, drift, import, validation diagnostics, and
//! `terraform providers schema -json`.

#![cfg(feature = "test-resources")]

mod support;

use serde_json::{Value, json};
use support::terraform::{Workdir, flat};

const PROVIDER: &str = include_str!("hcl/acc_plugin/provider.tf");
const WIDGET: &str = include_str!("hcl/acc_plugin/widget.tf");
const WIDGET_WRITE_ONLY: &str = include_str!("hcl/acc_plugin/widget_write_only.tf");
const WIDGET_TIMEOUTS: &str = include_str!("hcl/acc_plugin/widget_timeouts.tf");
const BAD_CREATE_TIMEOUT: &str = include_str!("hcl/acc_plugin/bad_create_timeout.tf");
const BAD_DELETE_TIMEOUT: &str = include_str!("hcl/acc_plugin/bad_delete_timeout.tf");
const SLOW_CREATE: &str = include_str!("hcl/acc_plugin/slow_create.tf");
const EPHEMERAL_TOKEN: &str = include_str!("hcl/acc_plugin/ephemeral_token.tf");

/// The widget with this name, size and mode (None: left out).
fn widget(wd: &Workdir, name: &str, size: i64, mode: Option<&str>) {
    wd.write_config(WIDGET);
    wd.write_vars(&json!({ "name": name, "size": size, "mode": mode }));
}

fn store(wd: &Workdir) -> Value {
    let text =
        std::fs::read_to_string(wd.path().join("widgets.json")).unwrap_or_else(|_| "{}".into());
    serde_json::from_str(&text).expect("store JSON")
}

/// `terraform apply` of a widget whose create fails after the object exists.
fn apply_fails_half_way(wd: &Workdir) {
    let run = wd.run(&["apply", "-auto-approve", "-no-color"]).failure();
    assert!(
        run.all_output()
            .contains("Widget created but not confirmed"),
        "{}",
        run.all_output()
    );
}

fn setup() -> Workdir {
    Workdir::for_provider().with_widget_store()
}

#[test]
fn lifecycle_with_update_replace_drift_import_and_destroy() {
    let wd = setup();
    widget(&wd, "first", 1, None);
    wd.init();
    wd.apply();
    wd.assert_empty_plan();

    let created = wd
        .resource_values("apiclients_test_widget.w")
        .expect("in state");
    let id = created["id"]
        .as_str()
        .expect("id known after apply")
        .to_string();
    assert_eq!(
        created["mode"], "standard",
        "the default is planned and stored"
    );
    assert_eq!(created["revision"], 1);
    assert_eq!(store(&wd)[&id]["name"], "first");

    // An in-place update keeps the id and the secret token, and bumps the revision.
    widget(&wd, "second", 1, Some("fast"));
    assert_eq!(wd.planned_actions("apiclients_test_widget.w"), ["update"]);
    wd.apply();
    wd.assert_empty_plan();
    let updated = wd
        .resource_values("apiclients_test_widget.w")
        .expect("in state");
    assert_eq!(updated["id"], created["id"]);
    assert_eq!(updated["token"], created["token"]);
    assert_eq!(updated["revision"], 2);
    assert_eq!(updated["mode"], "fast");

    // A change of a requires-replace attribute replaces the object.
    widget(&wd, "second", 2, Some("fast"));
    assert_eq!(
        wd.planned_actions("apiclients_test_widget.w"),
        ["delete", "create"]
    );
    wd.apply();
    wd.assert_empty_plan();
    let replaced = wd
        .resource_values("apiclients_test_widget.w")
        .expect("in state");
    let new_id = replaced["id"].as_str().expect("id").to_string();
    assert_ne!(new_id, id);
    assert!(store(&wd).get(&id).is_none(), "the old object is deleted");

    // Deleted behind Terraform's back: the next plan creates it again.
    std::fs::write(wd.path().join("widgets.json"), "{}").expect("empty the store");
    assert_eq!(wd.planned_actions("apiclients_test_widget.w"), ["create"]);
    wd.apply();
    let recreated_id = wd
        .resource_values("apiclients_test_widget.w")
        .expect("in state")["id"]
        .clone();

    // Forget it, import it by id: the plan is empty.
    wd.run(&["state", "rm", "-no-color", "apiclients_test_widget.w"])
        .success();
    wd.run(&[
        "import",
        "-no-color",
        "apiclients_test_widget.w",
        recreated_id.as_str().expect("id"),
    ])
    .success();
    wd.assert_empty_plan();

    wd.destroy();
    assert_eq!(
        store(&wd),
        serde_json::json!({}),
        "destroy leaves nothing behind"
    );
}

#[test]
fn invalid_configuration_fails_at_validate_naming_the_attribute() {
    let wd = setup();
    // Three mistakes: two caught by attribute validators, one by the resource's own check. One plan
    // shows them all.
    widget(&wd, "", -1, Some("turbo"));
    wd.init();
    let run = wd.run(&["plan", "-no-color"]).failure();
    let output = run.all_output();
    assert!(output.contains("name"), "{output}");
    assert!(output.contains("mode"), "{output}");
    assert!(
        output.contains("standard"),
        "the diagnostic lists the valid values: {output}"
    );
    assert!(
        output.contains("size must be zero or more"),
        "the resource's own check runs too: {output}"
    );
    assert!(
        !wd.path().join("widgets.json").exists(),
        "nothing was created"
    );
}

#[test]
fn schema_json_shows_the_provider_and_its_vendor_blocks() {
    let wd = setup();
    wd.write_config(PROVIDER);
    wd.init();
    let run = wd.run(&["providers", "schema", "-json"]).success();
    let schema: Value = serde_json::from_str(&run.stdout).expect("schema JSON");
    let provider =
        &schema["provider_schemas"][format!("{}/apiclients/apiclients", wd.tf.registry())];
    let blocks = provider["provider"]["block"]["block_types"]
        .as_object()
        .expect("provider blocks");
    for vendor in ["ibm_verify", "sailpoint", "oracle_oam", "akamai"] {
        assert!(
            blocks.contains_key(vendor),
            "missing block {vendor}: {blocks:?}"
        );
    }
    assert_eq!(
        blocks["ibm_verify"]["block"]["attributes"]["client_secret"]["sensitive"],
        true
    );
    assert!(provider["resource_schemas"]["apiclients_test_widget"].is_object());
}

/// A write-only value never reaches state, not even through the partial state of a create that
/// failed half-way (the test widget copies it into the state it records on purpose).
#[test]
fn a_write_only_value_stays_out_of_a_partial_state() {
    let wd = setup();
    if !wd.tf.at_least(1, 11) {
        println!(
            "SKIPPED: write-only arguments need Terraform 1.11+ (the refusal on older versions is tested in acc_query)"
        );
        return;
    }
    wd.write_config(WIDGET_WRITE_ONLY);
    wd.init();
    apply_fails_half_way(&wd);
    let in_state = wd
        .resource_values("apiclients_test_widget.w")
        .expect("recorded in state despite the error");
    assert!(in_state["passphrase_wo"].is_null(), "{in_state}");
    let state_file = std::fs::read_to_string(wd.path().join("terraform.tfstate")).expect("state");
    assert!(!state_file.contains("wo-passphrase-5e1f"), "{state_file}");
    wd.destroy();
}

#[test]
fn a_create_that_fails_half_way_is_recorded_in_state_and_replaced_next_time() {
    let wd = setup();
    widget(&wd, "fail-after-create", 1, None);
    wd.init();
    apply_fails_half_way(&wd);
    let stored = store(&wd);
    let ids: Vec<&String> = stored.as_object().expect("store").keys().collect();
    assert_eq!(ids.len(), 1, "the widget exists remotely: {stored}");
    let in_state = wd
        .resource_values("apiclients_test_widget.w")
        .expect("recorded in state despite the error");
    assert_eq!(in_state["id"].as_str(), Some(ids[0].as_str()));
    // Terraform marks it tainted, so the next plan replaces it rather than creating a duplicate.
    widget(&wd, "recovered", 1, None);
    assert_eq!(
        wd.planned_actions("apiclients_test_widget.w"),
        ["delete", "create"]
    );
    wd.apply();
    let stored = store(&wd);
    assert_eq!(
        stored.as_object().expect("store").len(),
        1,
        "no duplicate left behind: {stored}"
    );
    wd.destroy();
}

#[test]
fn timeouts_block_is_optional_validated_and_cancels_at_the_deadline() {
    let wd = setup();
    let address = "apiclients_test_widget.w";
    widget(&wd, "timed", 1, None);
    wd.init();
    wd.apply();
    // A state written before the block existed (no `timeouts` key) plans no change.
    let state_path = wd.path().join("terraform.tfstate");
    let mut state: Value =
        serde_json::from_str(&std::fs::read_to_string(&state_path).expect("state")).expect("json");
    let attributes = state["resources"][0]["instances"][0]["attributes"]
        .as_object_mut()
        .expect("attributes");
    assert!(attributes.remove("timeouts").is_some(), "{attributes:?}");
    std::fs::write(&state_path, serde_json::to_string(&state).expect("json")).expect("write");
    wd.assert_empty_plan();

    // Adding the block is an in-place change of the state only; it then stays put.
    wd.write_config(WIDGET_TIMEOUTS);
    wd.write_vars(&json!({"name": "timed", "create_timeout": "10m", "read_timeout": "1m30s"}));
    assert_eq!(wd.planned_actions(address), ["update"]);
    wd.apply();
    wd.assert_empty_plan();
    let values = wd.resource_values(address).expect("in state");
    assert_eq!(values["timeouts"]["create"], "10m");
    assert_eq!(values["timeouts"]["read"], "1m30s");
    assert_eq!(values["timeouts"]["delete"], Value::Null);

    // Bad durations fail at validate, naming the attribute.
    wd.write_config(BAD_CREATE_TIMEOUT);
    wd.write_vars(&json!({}));
    let output = flat(&wd.run(&["validate", "-no-color"]).failure().all_output());
    assert!(output.contains("timeouts.create"), "{output}");
    assert!(output.contains("a duration such as"), "{output}");
    wd.write_config(BAD_DELETE_TIMEOUT);
    let output = flat(&wd.run(&["validate", "-no-color"]).failure().all_output());
    assert!(output.contains("timeouts.delete"), "{output}");

    // A create that outlives its deadline is cancelled, and the error says which timeout and how
    // to raise it.
    wd.write_config(SLOW_CREATE);
    let started = std::time::Instant::now();
    let output = flat(
        &wd.run(&["apply", "-auto-approve", "-no-color"])
            .failure()
            .all_output(),
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "cancelled at the deadline"
    );
    assert!(
        output.contains("Timeout: create took longer than 2s"),
        "{output}"
    );
    assert!(output.contains("create = \"4s\""), "{output}");
    assert!(
        !output.contains("Terraform asked the provider to stop"),
        "{output}"
    );
    widget(&wd, "timed", 1, None);
    wd.destroy();
}

/// An ephemeral resource (Terraform 1.10+) through a saved plan and its apply: its token
/// configures an aliased provider and, through a local, a write-only attribute of the resource
/// that provider manages. The token reaches the resource, yet never the saved plan, the state or
/// a TF_LOG=trace log; its private data never a log; every open is closed.
#[test]
fn an_ephemeral_token_feeds_a_provider_and_a_write_only_attribute_and_is_never_kept() {
    use apiclients::test_resource::read_journal;

    let mut wd = setup();
    if !wd.tf.at_least(1, 11) {
        println!(
            "SKIPPED: ephemeral resources need Terraform 1.10+ and write-only arguments 1.11+ (tests/protocol.rs drives the same resource over the protocol on every version)"
        );
        return;
    }
    let log = wd.path().join("trace.log");
    wd.set_env("TF_LOG", "trace");
    wd.set_env("TF_LOG_PATH", &log.display().to_string());
    let journal = wd.path().join("journal.jsonl");
    wd.write_config(EPHEMERAL_TOKEN);
    wd.write_vars(&json!({ "journal_path": journal.display().to_string() }));
    wd.init();
    let mut outputs = vec![wd.run(&["plan", "-no-color", "-out=tfplan"]).success()];
    let shown = wd.run(&["show", "-json", "tfplan"]).success();
    let plan_json = shown.stdout.clone();
    outputs.push(shown);
    outputs.push(wd.run(&["apply", "-no-color", "tfplan"]).success());

    let entries = read_journal(&journal);
    let opens: Vec<_> = entries.iter().filter(|e| e.op == "open").collect();
    assert!(
        opens.len() >= 2,
        "opened at plan and again at apply: {entries:?}"
    );
    for open in &opens {
        assert!(
            entries
                .iter()
                .any(|e| e.op == "close" && e.lease_id == open.lease_id),
            "lease {} was never closed: {entries:?}",
            open.lease_id
        );
    }
    let tokens: Vec<String> = opens.iter().filter_map(|e| e.token.clone()).collect();
    let markers: Vec<String> = opens.iter().filter_map(|e| e.marker.clone()).collect();

    // The token reached the resource through the write-only attribute.
    let stored = store(&wd);
    let widget = stored
        .as_object()
        .and_then(|widgets| widgets.values().next())
        .expect("the widget exists");
    let received = widget["passphrase"].as_str().expect("a passphrase arrived");
    assert!(tokens.iter().any(|t| t == received), "{received}");

    // …and nowhere Terraform keeps or logs things.
    let state = std::fs::read_to_string(wd.path().join("terraform.tfstate")).expect("state");
    let plan_bytes = std::fs::read(wd.path().join("tfplan")).expect("saved plan");
    let plan_entries = wd.saved_plan_entries("tfplan");
    let log_text = std::fs::read_to_string(&log).expect("trace log");
    assert!(
        log_text.contains("OpenEphemeralResource"),
        "the trace log covers the ephemeral calls"
    );
    let output_text: String = outputs.iter().map(|run| run.all_output()).collect();
    for token in &tokens {
        assert!(!state.contains(token.as_str()), "token in the state");
        assert!(
            !plan_json.contains(token.as_str()),
            "token in the saved plan"
        );
        assert!(
            !plan_entries.contains(token.as_str()),
            "token in the saved plan's files"
        );
        assert!(
            !String::from_utf8_lossy(&plan_bytes).contains(token.as_str()),
            "token in the saved plan file"
        );
        assert!(!log_text.contains(token.as_str()), "token in the trace log");
        assert!(!output_text.contains(token.as_str()), "token in the output");
    }
    for marker in &markers {
        assert!(
            !log_text.contains(marker.as_str()),
            "private data in the trace log"
        );
    }

    wd.destroy();
    let entries = read_journal(&journal);
    let opened = entries.iter().filter(|e| e.op == "open").count();
    let closed = entries.iter().filter(|e| e.op == "close").count();
    assert_eq!(opened, closed, "every open is closed: {entries:?}");
}
