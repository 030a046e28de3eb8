//! `apiclients_ibm_verify_api_client` and `apiclients_ibm_verify_entitlements` with the real
//! Terraform CLI against the in-process sandbox: the lifecycle (create, in-place update without
//! rotating the secret, rotation through `secret_version`, replacement on a new `client_id`, drift,
//! import, destroy), import blocks and generated configuration (Terraform ≥ 1.5), plan-time
//! errors that create nothing, and the uncertain-create recovery of the resource itself.

#![cfg(feature = "test-resources")]

mod support;

use std::collections::BTreeSet;

use apiclients::handle::ProviderConfig;
use apiclients::handle::config::IbmVerifyConfig;
use apiclients::provider::{ApiClientsProvider, provider_schema};
use apiclients::vendors::ibm_verify::IbmVerifyApiClientResource;
use apiclients::vendors::ibm_verify::api_client::ApiClientState;
use serde_json::{Value, json};
use support::sandbox::TestSandbox;
use support::terraform::{Feature, Workdir, flat, text};
use tfplugin::Provider;
use tfplugin::{Context, Resource, Tf, to_value};

const ADDRESS: &str = "apiclients_ibm_verify_api_client.ci";

const CLIENT: &str = include_str!("hcl/acc_ibm_verify/client.tf");
const IMPORT_BLOCKS: &str = include_str!("hcl/acc_ibm_verify/import_blocks.tf");
const BAD: &str = include_str!("hcl/acc_ibm_verify/bad.tf");
const ENTITLEMENTS: &str = include_str!("hcl/acc_ibm_verify/entitlements.tf");
const UNKNOWN_OFFERING: &str = include_str!("hcl/acc_ibm_verify/unknown_offering.tf");

fn sandbox_client(sandbox: &TestSandbox, key: &str) -> Value {
    sandbox
        .clients("ibm_verify")
        .into_iter()
        .find(|c| c["id"] == key)
        .unwrap_or_else(|| panic!("the sandbox has no client {key}"))
}

fn posts(sandbox: &TestSandbox) -> usize {
    sandbox
        .requests(Some("ibm_verify"))
        .iter()
        .filter(|r| r["method"] == "POST" && r["path"] == "/v1.0/apiclients")
        .count()
}

/// The lifecycle client's variables: its entitlements and description, and `extra` (secret_version,
/// client_secret, client_id) merged in.
fn client_vars(entitlements: &[&str], description: &str, extra: Value) -> Value {
    let mut vars = json!({"entitlements": entitlements, "description": description});
    for (key, value) in extra.as_object().expect("extra variables") {
        vars[key] = value.clone();
    }
    vars
}

#[test]
fn lifecycle_update_rotation_replacement_drift_import_destroy() {
    let sandbox = TestSandbox::start();
    let wd = Workdir::for_sandbox(&sandbox);
    let first_entitlements = ["readUserGroups", "readAPIClients"];
    wd.write_vars(&client_vars(&first_entitlements, "first", json!({})));
    let wd = wd.with_config(CLIENT);
    wd.apply();
    wd.assert_empty_plan();

    let created = wd.resource_values(ADDRESS).expect("in state");
    let key = text(&created, "id");
    let client_id = text(&created, "client_id");
    let secret = text(&created, "client_secret");
    assert_eq!(created["enabled"], true, "the default is stored");
    assert_eq!(created["secret_version"], Value::Null);
    let remote = sandbox_client(&sandbox, &key);
    assert_eq!(remote["clientId"], client_id);
    assert_eq!(remote["clientSecret"], secret);
    assert_eq!(remote["ipFilterOp"], "allow");
    assert_eq!(remote["additionalProperties"]["team"], "platform");
    assert_eq!(remote["overrideSettings"]["restrictScopes"], true);
    assert_ne!(key, client_id, "the key is the id, not the client ID");

    // Entitlements and description change in place: same client ID, same secret.
    sandbox.clear_requests();
    let second_entitlements = ["readUserGroups", "manageUserGroups"];
    wd.write_vars(&client_vars(&second_entitlements, "second", json!({})));
    assert_eq!(wd.planned_actions(ADDRESS), ["update"]);
    wd.apply();
    wd.assert_empty_plan();
    let updated = wd.resource_values(ADDRESS).expect("in state");
    assert_eq!(text(&updated, "id"), key);
    assert_eq!(text(&updated, "client_id"), client_id);
    assert_eq!(
        text(&updated, "client_secret"),
        secret,
        "an update must not rotate"
    );
    let remote = sandbox_client(&sandbox, &key);
    assert_eq!(remote["clientSecret"], secret);
    assert_eq!(remote["description"], "second");
    let remote_entitlements: BTreeSet<&str> = remote["entitlements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    assert_eq!(
        remote_entitlements,
        BTreeSet::from(["manageUserGroups", "readUserGroups"])
    );
    let puts = sandbox
        .requests(Some("ibm_verify"))
        .iter()
        .filter(|r| r["method"] == "PUT")
        .count();
    assert_eq!(puts, 1, "one PUT for one update");

    // Setting secret_version for the first time only records it; changing it rotates the secret.
    let rotate = |version: i64| {
        client_vars(
            &second_entitlements,
            "second",
            json!({ "secret_version": version }),
        )
    };
    wd.write_vars(&rotate(1));
    assert_eq!(wd.planned_actions(ADDRESS), ["update"]);
    wd.apply();
    wd.assert_empty_plan();
    let recorded = wd.resource_values(ADDRESS).expect("in state");
    assert_eq!(recorded["secret_version"], 1);
    assert_eq!(
        text(&recorded, "client_secret"),
        secret,
        "null → 1 must not rotate"
    );
    assert_eq!(sandbox_client(&sandbox, &key)["clientSecret"], secret);
    wd.write_vars(&rotate(2));
    assert_eq!(wd.planned_actions(ADDRESS), ["update"]);
    wd.apply();
    wd.assert_empty_plan();
    let rotated = wd.resource_values(ADDRESS).expect("in state");
    let new_secret = text(&rotated, "client_secret");
    assert_ne!(new_secret, secret, "secret_version must rotate the secret");
    assert_eq!(sandbox_client(&sandbox, &key)["clientSecret"], new_secret);
    assert_eq!(text(&rotated, "client_id"), client_id);
    assert_eq!(rotated["secret_version"], 2);

    // A secret set in the configuration is updated in place; leaving it out again keeps it.
    let own = |client_secret: Option<&str>| {
        client_vars(
            &second_entitlements,
            "second",
            json!({ "secret_version": 2, "client_secret": client_secret }),
        )
    };
    wd.write_vars(&own(Some("chosen-secret-0123456789")));
    assert_eq!(wd.planned_actions(ADDRESS), ["update"]);
    wd.apply();
    wd.assert_empty_plan();
    let chosen = wd.resource_values(ADDRESS).expect("in state");
    assert_eq!(text(&chosen, "client_secret"), "chosen-secret-0123456789");
    assert_eq!(text(&chosen, "client_id"), client_id);
    assert_eq!(
        sandbox_client(&sandbox, &key)["clientSecret"],
        "chosen-secret-0123456789"
    );
    wd.write_vars(&own(None));
    wd.assert_empty_plan();

    // A new client_id replaces the client.
    wd.write_vars(&client_vars(
        &second_entitlements,
        "second",
        json!({ "secret_version": 2, "client_id": "ci-deployer-2" }),
    ));
    assert_eq!(wd.planned_actions(ADDRESS), ["delete", "create"]);
    wd.apply();
    wd.assert_empty_plan();
    let replaced = wd.resource_values(ADDRESS).expect("in state");
    let new_key = text(&replaced, "id");
    assert_ne!(new_key, key);
    assert_eq!(text(&replaced, "client_id"), "ci-deployer-2");
    let clients = sandbox.clients("ibm_verify");
    assert_eq!(clients.len(), 1, "the old client is deleted: {clients:?}");
    assert_eq!(clients[0]["clientId"], "ci-deployer-2");

    // Deleted out of band: the next plan creates it again.
    assert_eq!(
        sandbox.admin_delete(&format!("/_sandbox/objects/ibm_verify/{new_key}")),
        204
    );
    assert_eq!(wd.planned_actions(ADDRESS), ["create"]);
    wd.apply();
    wd.assert_empty_plan();
    let recreated_key = text(&wd.resource_values(ADDRESS).expect("in state"), "id");

    // Forgotten and imported by key: no changes, once secret_version (null after an import) is
    // left out of the configuration.
    wd.write_vars(&client_vars(
        &second_entitlements,
        "second",
        json!({ "client_id": "ci-deployer-2" }),
    ));
    wd.run(&["state", "rm", "-no-color", ADDRESS]).success();
    wd.run(&["import", "-no-color", ADDRESS, &recreated_key])
        .success();
    wd.assert_empty_plan();
    let imported = wd.resource_values(ADDRESS).expect("in state");
    assert_eq!(imported["secret_version"], Value::Null);
    let imported_secret = text(&imported, "client_secret");
    assert_eq!(
        imported_secret,
        sandbox_client(&sandbox, &recreated_key)["clientSecret"]
            .as_str()
            .unwrap()
    );

    // After the import, a configuration that already says secret_version = 3 records it on the
    // first apply: the plan shows no secret change and the tenant's secret stays.
    wd.write_vars(&client_vars(
        &second_entitlements,
        "second",
        json!({ "client_id": "ci-deployer-2", "secret_version": 3 }),
    ));
    let plan = wd.plan_json();
    let change = plan["resource_changes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|rc| rc["address"] == ADDRESS)
        .map(|rc| rc["change"].clone())
        .expect("planned");
    assert_eq!(change["actions"], json!(["update"]), "{change}");
    assert_ne!(change["after_unknown"]["client_secret"], true, "{change}");
    assert_eq!(change["after"]["secret_version"], 3, "{change}");
    wd.apply();
    wd.assert_empty_plan();
    let after_import = wd.resource_values(ADDRESS).expect("in state");
    assert_eq!(after_import["secret_version"], 3);
    assert_eq!(text(&after_import, "client_secret"), imported_secret);
    assert_eq!(
        sandbox_client(&sandbox, &recreated_key)["clientSecret"],
        imported_secret.as_str(),
        "the first apply after an import must not rotate"
    );

    wd.destroy();
    assert!(
        sandbox.clients("ibm_verify").is_empty(),
        "destroy leaves the sandbox empty"
    );
}

#[test]
fn import_blocks_and_generated_configuration() {
    let sandbox = TestSandbox::start();
    let wd = Workdir::for_sandbox(&sandbox);
    if !wd.tf.at_least(1, 6) {
        // Import blocks and -generate-config-out arrived in Terraform 1.5, an import id from a
        // variable in 1.6 (no 1.5 is installed: tests/support/minors.rs).
        return;
    }
    let legacy = sandbox.admin_post(
        "/_sandbox/objects/ibm_verify",
        &json!({"clientName": "legacy", "enabled": true, "entitlements": ["readUserGroups"],
                "description": "made by hand", "ipFilterOp": "deny", "ipFilters": ["203.0.113.7"]}),
    );
    let other = sandbox.admin_post(
        "/_sandbox/objects/ibm_verify",
        &json!({"clientName": "reporting", "enabled": false, "entitlements": ["readReports", "readUserGroups"],
                "overrideSettings": {"restrictScopes": true, "scopes": [{"name": "openid"}]}}),
    );
    // One written by hand and imported by its client ID, one generated.
    wd.write_config(IMPORT_BLOCKS);
    wd.write_vars(&json!({
        "legacy_client_id": legacy["clientId"].as_str().unwrap(),
        "reporting_id": other["id"].as_str().unwrap(),
    }));
    wd.init();
    let generated = wd.run(&["plan", "-no-color", "-generate-config-out=generated.tf"]);
    assert!(
        generated.code == 0 || generated.code == 2,
        "plan -generate-config-out failed:\n{}",
        generated.all_output()
    );
    let generated_text = std::fs::read_to_string(wd.path().join("generated.tf")).unwrap();
    assert!(
        generated_text.contains("apiclients_ibm_verify_api_client\" \"reporting\""),
        "{generated_text}"
    );
    assert!(
        !generated_text.contains(other["clientSecret"].as_str().unwrap()),
        "the secret must not be written into generated configuration"
    );
    // What the resource page says: the generated configuration leaves client_secret out (no
    // `client_secret = null` line, which would make the next plan clear the imported secret).
    // OpenTofu writes the file from the state itself (`client_secret = null # sensitive`), never
    // asking the provider; the imported secret must survive it all the same (below).
    if wd.tf.supports(Feature::GeneratedConfig) {
        assert!(
            !generated_text
                .lines()
                .any(|line| line.split('=').next().map(str::trim) == Some("client_secret")),
            "generated configuration sets client_secret:\n{generated_text}"
        );
    }
    let applied = wd.apply();
    assert!(
        applied
            .stdout
            .contains("2 imported, 0 added, 0 changed, 0 destroyed"),
        "{}",
        applied.stdout
    );
    wd.assert_empty_plan();
    let legacy_state = wd
        .resource_values("apiclients_ibm_verify_api_client.legacy")
        .expect("imported");
    assert_eq!(
        legacy_state["id"], legacy["id"],
        "imported by client ID, keyed by id"
    );
    assert_eq!(legacy_state["client_secret"], legacy["clientSecret"]);
    let reporting = wd
        .resource_values("apiclients_ibm_verify_api_client.reporting")
        .expect("imported");
    assert_eq!(reporting["enabled"], false);
    assert_eq!(reporting["client_secret"], other["clientSecret"]);
    assert_eq!(sandbox.clients("ibm_verify").len(), 2, "nothing created");
    wd.destroy();
    assert!(sandbox.clients("ibm_verify").is_empty());
}

#[test]
fn plan_time_errors_create_nothing_and_the_catalogue_filters() {
    let sandbox = TestSandbox::start();
    let mut wd = Workdir::for_sandbox(&sandbox);
    let bad = |entitlements: &[&str], ip_filter_op: Option<&str>, ip_filters: Option<&[&str]>| json!({"entitlements": entitlements, "ip_filter_op": ip_filter_op, "ip_filters": ip_filters});
    wd.write_config(BAD);
    wd.write_vars(&bad(&["readUserGroup"], None, None));
    wd.init();
    let cases = [
        (
            bad(&["readUserGroup", "manageAPIClients"], None, None),
            vec!["\"readUserGroup\"", "readUserGroups", "entitlements"],
        ),
        (bad(&[], None, None), vec!["at least one entitlement"]),
        (
            bad(&["readUserGroups"], Some("allow"), Some(&["10.0.0.0/33"])),
            vec!["10.0.0.0/33", "CIDR"],
        ),
        (
            bad(&["readUserGroups"], None, Some(&["10.0.0.0/8"])),
            vec!["ip_filter_op"],
        ),
    ];
    for (vars, expected) in cases {
        wd.write_vars(&vars);
        let run = wd.plan().failure();
        // Terraform wraps diagnostics: compare with single spaces.
        let output = flat(&run.all_output());
        for needle in expected {
            assert!(output.contains(needle), "missing {needle:?} in:\n{output}");
        }
    }

    // A missing setting fails the plan, naming its environment variable.
    wd.write_vars(&bad(&["readUserGroups"], None, None));
    wd.set_env("IBM_VERIFY_CLIENT_SECRET", "");
    let output = wd.plan().failure().all_output();
    assert!(output.contains("IBM_VERIFY_CLIENT_SECRET"), "{output}");
    assert_eq!(posts(&sandbox), 0, "nothing may be created");
    assert!(sandbox.clients("ibm_verify").is_empty());

    // The catalogue needs no settings and filters by offering.
    wd.write_config(ENTITLEMENTS);
    wd.write_vars(&json!({}));
    wd.apply();
    let civ = wd
        .resource_values("data.apiclients_ibm_verify_entitlements.civ")
        .expect("data source in state");
    let entries = civ["entitlements"].as_array().expect("entitlements");
    assert!(!entries.is_empty());
    for entry in entries {
        assert!(
            entry["offerings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o == "CIV"),
            "{entry}"
        );
    }
    let names: Vec<&str> = civ["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(names.contains(&"authnAnyUser"));
    assert!(!names.contains(&"manageAPIClients"), "tagged any, not CIV");
    let all = wd
        .resource_values("data.apiclients_ibm_verify_entitlements.all")
        .expect("data source in state");
    assert!(all["entitlements"].as_array().unwrap().len() > entries.len());

    wd.write_config(UNKNOWN_OFFERING);
    let output = wd.plan().failure().all_output();
    assert!(output.contains("CIX") && output.contains("CIV"), "{output}");
}

/// A create whose outcome is unknown (here a 502 on the POST) is resolved by looking the client
/// up by name: one that matches what was sent is adopted; none means the POST is sent again.
#[test]
fn uncertain_create_adopts_or_retries_without_duplicates() {
    let sandbox = TestSandbox::start();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let provider = ApiClientsProvider::new();
    let settings = ProviderConfig {
        ibm_verify: Some(IbmVerifyConfig {
            tenant_url: Tf::Known(sandbox.url.clone()),
            client_id: Tf::Known(sandbox.credentials.ibm_verify.client_id.clone()),
            client_secret: Tf::Known(sandbox.credentials.ibm_verify.client_secret.clone().into()),
            max_retries: Tf::Known(1),
            ..Default::default()
        }),
        ..Default::default()
    };
    let config = to_value(&settings, &provider_schema().value_type()).unwrap();
    let ctx = Context::new(Default::default());
    let resource = IbmVerifyApiClientResource::new(provider.handle());
    let planned = |name: &str| ApiClientState {
        client_name: Tf::Known(name.into()),
        entitlements: Tf::Known(BTreeSet::from(["readUserGroups".to_string()])),
        enabled: Tf::Known(true),
        client_id: Tf::Unknown,
        client_secret: Tf::Unknown,
        id: Tf::Unknown,
        ..Default::default()
    };
    runtime.block_on(async {
        provider.configure(&ctx, config, "test").await.unwrap();
        // Takes the token now, so the injected fault below hits the create itself.
        let absent = ApiClientState {
            id: Tf::Known("absent".into()),
            ..Default::default()
        };
        assert!(resource.read(&ctx, absent).await.unwrap().is_none());
    });

    // A same-name client existed before (same settings); the create reaches the tenant but its
    // answer is lost: the new client is found, the old one is never adopted.
    let old = sandbox.admin_post(
        "/_sandbox/objects/ibm_verify",
        &json!({"clientName": "lost", "enabled": true, "entitlements": ["readUserGroups"]}),
    );
    sandbox.clear_requests();
    sandbox.admin_post(
        "/_sandbox/faults",
        &json!({"vendor": "ibm_verify", "methods": ["POST"], "status": 502, "after": true, "count": 1}),
    );
    let adopted = runtime
        .block_on(resource.create(&ctx, planned("lost"), planned("lost")))
        .unwrap();
    assert_ne!(
        adopted.id.as_str(),
        old["id"].as_str(),
        "the old one is not adopted"
    );
    let lost: Vec<Value> = sandbox
        .clients("ibm_verify")
        .into_iter()
        .filter(|c| c["clientName"] == "lost")
        .collect();
    assert_eq!(lost.len(), 2, "the old one and ours, nothing duplicated");
    assert!(adopted.client_secret.is_known());
    assert_eq!(posts(&sandbox), 1, "found, not sent again");

    // The create did not happen: it is sent once more.
    sandbox.clear_requests();
    sandbox.admin_post(
        "/_sandbox/faults",
        &json!({"vendor": "ibm_verify", "methods": ["POST"], "status": 502, "count": 1}),
    );
    let created = runtime
        .block_on(resource.create(&ctx, planned("fresh"), planned("fresh")))
        .unwrap();
    assert_eq!(posts(&sandbox), 2);
    let fresh: Vec<Value> = sandbox
        .clients("ibm_verify")
        .into_iter()
        .filter(|c| c["clientName"] == "fresh")
        .collect();
    assert_eq!(fresh.len(), 1);
    assert_eq!(created.id.as_str(), fresh[0]["id"].as_str());
}
