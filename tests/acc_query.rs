//! `terraform query` and resource identity on real Terraform (1.14+; skipped with a note on older
//! versions, which have neither): clients made behind Terraform's back on all four platforms are
//! found by list resources, imported from the generated configuration with a plan of imports
//! only, then planned empty; every instance in state carries its identity; an `import` block with
//! an identity works.

mod support;

use serde_json::{Value, json};
use support::sandbox::TestSandbox;
use support::terraform::{Feature, Workdir};

const OAM_DOMAIN: &str = "QueryDomain";

const PROVIDER: &str = include_str!("hcl/acc_query/provider.tf");
const FIND: &str = include_str!("hcl/acc_query/find.tfquery.hcl");
const IMPORT_IDENTITY: &str = include_str!("hcl/acc_query/import_identity.tf");
const BAD_QUERY: &str = include_str!("hcl/acc_query/bad.tfquery.hcl");
const WRITE_ONLY: &str = include_str!("hcl/acc_query/write_only.tf");

fn workdir(sandbox: &TestSandbox) -> Option<Workdir> {
    let wd = Workdir::for_sandbox(sandbox).with_env("OAM_IDENTITY_DOMAIN", OAM_DOMAIN);
    if !wd
        .tf
        .supports_or_skipped(Feature::Query, "terraform query and list resources")
    {
        return None;
    }
    Some(wd)
}

/// One client on each platform (and an Akamai credential), made through the sandbox's admin API,
/// plus a decoy on each that the filters must leave out. Returns the Akamai client ID.
fn seed(sandbox: &TestSandbox) -> String {
    for name in ["found-ibm", "decoy-ibm"] {
        sandbox.create_object(
            "ibm_verify",
            &json!({"clientName": name, "entitlements": ["readUserGroups"], "enabled": true}),
        );
    }
    for name in ["found-sailpoint", "decoy-sailpoint"] {
        sandbox.create_object(
            "sailpoint",
            &json!({"name": name, "description": "made in the console", "accessTokenValiditySeconds": 750,
                    "grantTypes": ["CLIENT_CREDENTIALS"], "accessType": "ONLINE", "enabled": true}),
        );
    }
    for name in ["found-oam", "decoy-oam"] {
        sandbox.create_object(
            "oracle_oam",
            &json!({"name": name, "idDomain": OAM_DOMAIN, "clientType": "CONFIDENTIAL_CLIENT",
                    "grantTypes": ["CLIENT_CREDENTIALS"], "description": "made in the console"}),
        );
    }
    sandbox.create_object(
        "akamai",
        &json!({"clientName": "decoy-akamai", "clientType": "CLIENT", "authorizedUsers": ["alice"],
                "apiAccess": {"allAccessibleApis": true}, "groupAccess": {"cloneAuthorizedUserGroups": true}}),
    );
    let akamai = sandbox.create_object(
        "akamai",
        &json!({"clientName": "found-akamai", "clientDescription": "CI deployer", "clientType": "CLIENT",
                "authorizedUsers": ["alice"], "createCredential": true,
                "apiAccess": {"allAccessibleApis": true},
                "groupAccess": {"cloneAuthorizedUserGroups": true}}),
    );
    akamai["clientId"]
        .as_str()
        .expect("akamai clientId")
        .to_owned()
}

/// Each resource instance of the state file with its identity.
fn state_identities(wd: &Workdir) -> Vec<(String, Value)> {
    let text = std::fs::read_to_string(wd.path().join("terraform.tfstate")).expect("state file");
    let state: Value = serde_json::from_str(&text).expect("state JSON");
    let mut found = Vec::new();
    for resource in state["resources"].as_array().into_iter().flatten() {
        for instance in resource["instances"].as_array().into_iter().flatten() {
            found.push((
                format!(
                    "{}.{}",
                    resource["type"].as_str().unwrap_or_default(),
                    resource["name"].as_str().unwrap_or_default()
                ),
                instance["identity"].clone(),
            ));
        }
    }
    found
}

/// The actions of a saved plan, per address, and whether each imports.
fn plan_actions(wd: &Workdir) -> Vec<(String, Vec<String>, bool)> {
    wd.run(&["plan", "-no-color", "-out=tfplan"]).success();
    let shown = wd.run(&["show", "-json", "tfplan"]).success();
    let plan: Value = serde_json::from_str(&shown.stdout).expect("plan JSON");
    plan["resource_changes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|change| {
            (
                change["address"].as_str().unwrap_or_default().to_owned(),
                change["change"]["actions"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|a| a.as_str().map(str::to_owned))
                    .collect(),
                !change["change"]["importing"].is_null(),
            )
        })
        .collect()
}

#[test]
fn query_finds_out_of_band_clients_and_the_generated_configuration_imports_them() {
    let sandbox = TestSandbox::start();
    let Some(wd) = workdir(&sandbox) else { return };
    let akamai_client = seed(&sandbox);
    wd.write_config(PROVIDER);
    wd.write_vars(&json!({ "akamai_client": akamai_client }));
    wd.write_file("find.tfquery.hcl", FIND);
    wd.init();

    let query = wd
        .run(&["query", "-no-color", "-generate-config-out=generated.tf"])
        .success();
    let out = query.all_output();
    let credential = format!("{akamai_client}/");
    for name in [
        "found-ibm",
        "found-sailpoint",
        "found-oam",
        "found-akamai",
        credential.as_str(),
    ] {
        assert!(out.contains(name), "query did not find {name}:\n{out}");
    }
    for decoy in ["decoy-ibm", "decoy-sailpoint", "decoy-oam", "decoy-akamai"] {
        assert!(
            !out.contains(decoy),
            "the filters let {decoy} through:\n{out}"
        );
    }
    let generated =
        std::fs::read_to_string(wd.path().join("generated.tf")).expect("generated configuration");
    assert_eq!(generated.matches("import {").count(), 5, "{generated}");
    assert!(generated.contains("identity"), "{generated}");
    // Nothing computed-only and no secret: only what a person writes. (Terraform itself writes
    // `x = null` for an optional, non-computed attribute left unset.)
    for computed_only in [
        "created_by",
        "base_url",
        "max_allowed_expiry",
        "last_used",
        "client_secret",
        "client_token",
        "access_token",
        "secret ",
    ] {
        assert!(
            !generated.contains(&format!("{computed_only} ")),
            "{computed_only} is computed only:\n{generated}"
        );
    }

    let actions = plan_actions(&wd);
    assert_eq!(actions.len(), 5, "{actions:?}");
    for (address, action, importing) in &actions {
        assert!(
            *importing && action == &["no-op".to_owned()],
            "{address} plans {action:?} (importing: {importing}):\n{generated}"
        );
    }
    wd.run(&["apply", "-no-color", "tfplan"]).success();
    wd.assert_empty_plan();

    let identities = state_identities(&wd);
    assert_eq!(identities.len(), 5);
    for (address, identity) in &identities {
        let values = identity
            .as_object()
            .map(|o| o.values().all(|v| v.is_string()));
        assert_eq!(values, Some(true), "{address} has identity {identity}");
    }
}

#[test]
fn an_import_block_with_an_identity_imports_and_plans_empty() {
    let sandbox = TestSandbox::start();
    let Some(wd) = workdir(&sandbox) else { return };
    let created = sandbox.create_object(
        "oracle_oam",
        &json!({"name": "by-identity", "idDomain": OAM_DOMAIN, "clientType": "CONFIDENTIAL_CLIENT",
                "grantTypes": ["CLIENT_CREDENTIALS"]}),
    );
    let client_id = created["id"].as_str().expect("OAM client id");
    wd.write_config(IMPORT_IDENTITY);
    wd.write_vars(&json!({ "identity_domain": OAM_DOMAIN, "client_id": client_id }));
    wd.init();
    let actions = plan_actions(&wd);
    assert_eq!(
        actions,
        [(
            "apiclients_oracle_oam_oauth_client.imported".to_owned(),
            vec!["no-op".to_owned()],
            true
        )]
    );
    wd.run(&["apply", "-no-color", "tfplan"]).success();
    wd.assert_empty_plan();
    let identities = state_identities(&wd);
    assert_eq!(
        identities[0].1,
        json!({"identity_domain": OAM_DOMAIN, "client_id": client_id})
    );

    // A bad filter is refused when Terraform validates the list block, naming the attribute.
    wd.write_file("bad.tfquery.hcl", BAD_QUERY);
    let refused = wd.run(&["query", "-no-color"]).failure().all_output();
    assert!(
        refused.contains("last_used_before") && refused.contains("RFC 3339"),
        "{refused}"
    );
}

/// The secrets the sandbox holds for the two write-only clients.
fn tenant_secrets(sandbox: &TestSandbox) -> (String, Option<String>) {
    let state = sandbox.state();
    let ibm = state
        .ibm_verify
        .clients
        .iter()
        .find(|c| c.client_name == "write-only")
        .map(|c| c.client_secret.clone())
        .expect("the IBM client exists");
    let oam = state
        .oracle_oam
        .clients
        .iter()
        .find(|c| c.name == "write-only")
        .and_then(|c| c.secret.clone());
    (ibm, oam)
}

#[test]
fn a_write_only_secret_is_set_on_the_tenant_never_stored_and_a_new_version_rotates_it() {
    let sandbox = TestSandbox::start();
    let wd = Workdir::for_sandbox(&sandbox).with_env("OAM_IDENTITY_DOMAIN", OAM_DOMAIN);
    let first = "wo-first-Secret-4711";
    let secret = |secret: &str, version: u32| json!({"identity_domain": OAM_DOMAIN, "secret": secret, "secret_version": version});
    let wd = wd.with_vars(&secret(first, 1)).with_config(WRITE_ONLY);
    if !wd.tf.at_least(1, 11) {
        // Terraform before 1.11 would store the value: refused at validation, naming the fix.
        let refused = wd.run(&["plan", "-no-color"]).failure().all_output();
        assert!(
            refused.contains("client_secret_wo") && refused.contains("1.11"),
            "{refused}"
        );
        return;
    }
    wd.apply();
    assert_eq!(
        tenant_secrets(&sandbox),
        (first.to_owned(), Some(first.to_owned()))
    );
    let state = std::fs::read_to_string(wd.path().join("terraform.tfstate")).expect("state");
    assert!(!state.contains(first), "the write-only secret is in state");
    wd.assert_empty_plan();

    let second = "wo-second-Secret-4712";
    wd.write_vars(&secret(second, 2));
    let plan = wd.run(&["plan", "-no-color"]).success().all_output();
    assert!(plan.contains("2 to change"), "{plan}");
    assert!(!plan.contains(second), "{plan}");
    wd.apply();
    assert_eq!(
        tenant_secrets(&sandbox),
        (second.to_owned(), Some(second.to_owned()))
    );
    let state = std::fs::read_to_string(wd.path().join("terraform.tfstate")).expect("state");
    assert!(!state.contains(second) && !state.contains(first));
    wd.assert_empty_plan();
}
