//! `apiclients_oracle_oam_oauth_client` with the real Terraform CLI against the in-process sandbox:
//! lifecycle (secret captured from the create text, empty plans, in-place PUT, secret rotation,
//! replacement on a name change, out-of-band delete, import, destroy) and plan-time validation;
//! and, driven directly through the resource, the create path that meets a lost answer.

#![cfg(feature = "test-resources")]

mod support;

use std::collections::BTreeMap;

use apiclients::vendors::oracle_oam::OracleOamOAuthClientResource;
use apiclients::vendors::oracle_oam::oauth_client::OAuthClientState;
use apiclients_sandbox::oracle_oam::OamClient as StoredClient;
use serde_json::{Value, json};
use support::direct::InProcess;
use support::repo_root;
use support::sandbox::TestSandbox;
use support::terraform::{Workdir, flat, text};
use tfplugin::{Context, Tf, Value as TfValue};

const ADDR: &str = "apiclients_oracle_oam_oauth_client.ci";
const DOMAIN: &str = "TestDomain1";

const PROVIDER: &str = include_str!("hcl/acc_oracle_oam/provider.tf");
const CLIENT: &str = include_str!("hcl/acc_oracle_oam/client.tf");
const IMPORT: &str = include_str!("hcl/acc_oracle_oam/import.tf");
const NEXT: &str = include_str!("hcl/acc_oracle_oam/next.tf");
const BAD_INPUT: &str = include_str!("hcl/acc_oracle_oam/bad_input.tf");

/// A working directory pointed at the sandbox, in `DOMAIN`, with the provider block in provider.tf.
fn workdir(sandbox: &TestSandbox) -> Workdir {
    let wd = Workdir::for_sandbox(sandbox).with_env("OAM_IDENTITY_DOMAIN", DOMAIN);
    wd.write_file("provider.tf", PROVIDER);
    wd
}

/// The lifecycle client's variables: `name` and `settings` (description, grant_types, attributes,
/// secret_version, identity_domain) merged in.
fn client_vars(name: &str, settings: &Value) -> Value {
    let mut vars = settings.clone();
    vars["name"] = json!(name);
    vars
}

fn stored(sandbox: &TestSandbox) -> Vec<StoredClient> {
    sandbox.state().oracle_oam.clients
}

fn requests(sandbox: &TestSandbox, method: &str) -> Vec<Value> {
    sandbox.calls("oracle_oam", method, "")
}

#[test]
fn lifecycle_update_rotate_replace_drift_import_destroy() {
    let sandbox = TestSandbox::start();
    let mut wd = workdir(&sandbox);
    let first = json!({
        "description": "CI pipeline",
        "grant_types": ["CLIENT_CREDENTIALS", "AUTHORIZATION_CODE"],
        "attributes": [
            {"attr_name": "team", "attr_type": "STATIC", "attr_value": "ops"},
            {"attr_name": "user", "attr_type": "DYNAMIC", "attr_value": "$user.userid"},
        ],
    });
    wd.write_config(CLIENT);
    wd.write_vars(&client_vars("ci-pipeline", &first));
    wd.init();
    // The domain comes from OAM_IDENTITY_DOMAIN and shows in the plan.
    let plan = wd.plan_json();
    let after = &plan["resource_changes"][0]["change"]["after"];
    assert_eq!(after["identity_domain"], DOMAIN, "{plan}");
    assert_eq!(after["client_type"], "CONFIDENTIAL_CLIENT");
    wd.apply();
    wd.assert_empty_plan();

    let created = wd.resource_values(ADDR).expect("in state");
    let client_id = text(&created, "client_id");
    let secret = text(&created, "client_secret");
    assert_eq!(created["id"], format!("{DOMAIN}/{client_id}"));
    let remote = stored(&sandbox);
    assert_eq!(remote.len(), 1);
    assert_eq!(remote[0].id, client_id);
    assert_eq!(remote[0].id_domain, DOMAIN);
    assert_eq!(
        remote[0].secret.as_deref(),
        Some(secret.as_str()),
        "the state holds the secret of the create text"
    );
    let properties = &remote[0].properties;
    assert_eq!(
        properties["issueTLSClientCertificateBoundAccessTokens"],
        "true"
    );
    assert_eq!(properties["oldSecretRetentionTimeInDays"], 2);
    let uris = properties["redirectURIs"].as_array().expect("uris");
    assert!(uris.contains(&json!({"url": "http://localhost:8080/cb", "isHttps": false})));
    assert!(uris.contains(&json!({"url": "https://b.example.com/cb", "isHttps": true})));

    // In place: one PUT of the managed properties, attributes removed with null, no secret.
    let second = json!({
        "description": "CI pipeline (weekly)",
        "grant_types": ["CLIENT_CREDENTIALS", "AUTHORIZATION_CODE", "REFRESH_TOKEN"],
    });
    wd.write_vars(&client_vars("ci-pipeline", &second));
    assert_eq!(wd.planned_actions(ADDR), ["update"]);
    sandbox.clear_requests();
    wd.apply();
    let puts = requests(&sandbox, "PUT");
    // (The sandbox does not log OAM bodies, which carry secrets: the effects are checked below.)
    assert_eq!(puts.len(), 1, "{puts:?}");
    assert!(requests(&sandbox, "POST").is_empty(), "no create on update");
    wd.assert_empty_plan();
    let updated = wd.resource_values(ADDR).expect("in state");
    assert_eq!(updated["client_id"], client_id.as_str());
    assert_eq!(updated["client_secret"], secret.as_str(), "secret kept");
    assert_eq!(updated["attributes"], Value::Null);
    let remote = stored(&sandbox);
    assert!(!remote[0].properties.contains_key("attributes"));
    assert_eq!(remote[0].properties["description"], "CI pipeline (weekly)");
    assert_eq!(
        remote[0].properties["grantTypes"].as_array().map(Vec::len),
        Some(3)
    );
    assert_eq!(remote[0].secret.as_deref(), Some(secret.as_str()));

    // Setting secret_version for the first time only records it (the one rule of
    // vendors::secret_version; OAM used to rotate here, changed on purpose, see CHANGELOG).
    let mut recorded_config = second.clone();
    recorded_config["secret_version"] = json!(1);
    wd.write_vars(&client_vars("ci-pipeline", &recorded_config));
    wd.apply();
    let recorded = wd.resource_values(ADDR).expect("in state");
    assert_eq!(
        recorded["client_secret"],
        secret.as_str(),
        "first time: no rotation"
    );
    assert_eq!(stored(&sandbox)[0].secret.as_deref(), Some(secret.as_str()));
    wd.assert_empty_plan();

    // Changing secret_version rotates: a secret reset PUT {idDomain, id, secret}, the new one in state.
    let mut rotated_config = second.clone();
    rotated_config["secret_version"] = json!(2);
    wd.write_vars(&client_vars("ci-pipeline", &rotated_config));
    assert_eq!(wd.planned_actions(ADDR), ["update"]);
    sandbox.clear_requests();
    wd.apply();
    let puts = requests(&sandbox, "PUT");
    assert_eq!(puts.len(), 1, "only the secret reset: {puts:?}");
    let rotated = wd.resource_values(ADDR).expect("in state");
    let new_secret = text(&rotated, "client_secret");
    assert_ne!(new_secret, secret);
    assert_eq!(
        stored(&sandbox)[0].secret.as_deref(),
        Some(new_secret.as_str())
    );
    assert_eq!(rotated["client_id"], client_id.as_str());
    wd.assert_empty_plan();

    // A new name replaces the client (PUT is keyed by name).
    wd.write_vars(&client_vars("ci-pipeline-2", &rotated_config));
    assert_eq!(wd.planned_actions(ADDR), ["delete", "create"]);
    wd.apply();
    wd.assert_empty_plan();
    let replaced = wd.resource_values(ADDR).expect("in state");
    let new_id = text(&replaced, "client_id");
    assert_ne!(new_id, client_id);
    let remote = stored(&sandbox);
    assert_eq!(remote.len(), 1, "the old client is deleted");
    assert_eq!(remote[0].name, "ci-pipeline-2");

    // Deleted out of band: the next plan creates it again.
    assert_eq!(
        sandbox.admin_delete(&format!("/_sandbox/objects/oracle_oam/{DOMAIN}/{new_id}")),
        204
    );
    assert_eq!(wd.planned_actions(ADDR), ["create"]);
    wd.apply();
    let recreated_id = text(&wd.resource_values(ADDR).expect("in state"), "client_id");

    // Import by <domain>/<client_id>: an empty plan (without secret_version, null after import).
    wd.write_vars(&client_vars("ci-pipeline-2", &second));
    wd.run(&["state", "rm", "-no-color", ADDR]).success();
    let bad = wd
        .run(&["import", "-no-color", ADDR, &recreated_id])
        .failure();
    assert!(
        bad.all_output().contains("<identity_domain>/<client_id>"),
        "{}",
        bad.all_output()
    );
    let import_id = format!("{DOMAIN}/{recreated_id}");
    wd.run(&["import", "-no-color", ADDR, &import_id]).success();
    wd.assert_empty_plan();
    let imported = wd.resource_values(ADDR).expect("in state");
    assert_eq!(imported["client_secret"], Value::Null);
    assert_eq!(imported["secret_version"], Value::Null);
    assert_eq!(imported["id"], import_id.as_str());

    // Terraform 1.5+: the same with an import block (whose id is a variable: 1.6+; no 1.5 is
    // installed, tests/support/minors.rs).
    if wd.tf.at_least(1, 6) {
        wd.run(&["state", "rm", "-no-color", ADDR]).success();
        wd.write_file("import.tf", IMPORT);
        let mut import_vars = client_vars("ci-pipeline-2", &second);
        import_vars["import_id"] = json!(import_id);
        wd.write_vars(&import_vars);
        wd.apply();
        wd.assert_empty_plan();
        assert_eq!(stored(&sandbox).len(), 1, "imported, not created");
        wd.remove_file("import.tf");
        wd.write_vars(&client_vars("ci-pipeline-2", &second));
    }

    // A new provider default does not move or replace the client that exists (the plan warns it
    // stays); it only decides where new clients go.
    wd.set_env("OAM_IDENTITY_DOMAIN", "OtherDomain");
    let before = wd.resource_values(ADDR).expect("in state");
    let plan = wd.run(&["plan", "-no-color"]).success().all_output();
    let collapsed = flat(&plan);
    assert!(collapsed.contains("No changes."), "{plan}");
    assert!(
        collapsed.contains("The client stays in its identity domain"),
        "{plan}"
    );
    assert!(collapsed.contains("\"OtherDomain\""), "{plan}");
    const NEW_ADDR: &str = "apiclients_oracle_oam_oauth_client.next";
    wd.write_file("next.tf", NEXT);
    assert_eq!(wd.planned_actions(ADDR), ["no-op"]);
    wd.apply();
    let after = wd.resource_values(ADDR).expect("in state");
    assert_eq!(after["identity_domain"], DOMAIN);
    assert_eq!(after["client_id"], before["client_id"]);
    assert_eq!(after["client_secret"], before["client_secret"]);
    let next = wd.resource_values(NEW_ADDR).expect("in state");
    assert_eq!(next["identity_domain"], "OtherDomain");
    let domains: BTreeMap<String, String> = stored(&sandbox)
        .into_iter()
        .map(|c| (c.name, c.id_domain))
        .collect();
    assert_eq!(domains["ci-pipeline-2"], DOMAIN, "{domains:?}");
    assert_eq!(domains["ci-next"], "OtherDomain", "{domains:?}");
    assert_eq!(domains.len(), 2, "{domains:?}");
    // Explicitly moving the existing client still replaces it.
    wd.remove_file("next.tf");
    let mut moved = second.clone();
    moved["identity_domain"] = json!("OtherDomain");
    wd.write_vars(&client_vars("ci-pipeline-2", &moved));
    assert_eq!(wd.planned_actions(ADDR), ["delete", "create"]);
    wd.set_env("OAM_IDENTITY_DOMAIN", DOMAIN);

    wd.destroy();
    assert!(stored(&sandbox).is_empty(), "destroy leaves nothing");
}

#[test]
fn bad_input_fails_at_plan_time_naming_the_attribute() {
    let sandbox = TestSandbox::start();
    let mut wd = workdir(&sandbox);
    wd.write_config(BAD_INPUT);
    wd.init();
    let run = wd.run(&["plan", "-no-color"]).failure();
    // Terraform wraps diagnostic text: compare with whitespace collapsed.
    let output = flat(&run.all_output());
    for expected in [
        "client_type is \"SERVICE_CLIENT\", but it must be one of: \"CONFIDENTIAL_CLIENT\", \"PUBLIC_CLIENT\", \"MOBILE_CLIENT\"",
        "grant_types contains \"IMPLICIT\"",
        "redirect_uris must contain at least one URL when grant_types includes AUTHORIZATION_CODE",
        "redirect_uris contains \"app.example.com/cb\"",
        "old_secret_retention_time_in_days must be 0 or more days",
        "secret_version is set, but a PUBLIC_CLIENT has no secret",
        "attributes[0].attr_type is \"CONSTANT\"",
    ] {
        assert!(
            output.contains(expected),
            "missing {expected:?} in:\n{output}"
        );
    }

    // No identity domain anywhere: the plan fails naming both places to set it.
    wd.remove_env("OAM_IDENTITY_DOMAIN");
    wd.write_config(CLIENT);
    wd.write_vars(&client_vars(
        "no-domain",
        &json!({"grant_types": ["CLIENT_CREDENTIALS"]}),
    ));
    let output = flat(&wd.run(&["plan", "-no-color"]).failure().all_output());
    assert!(output.contains("No identity domain"), "{output}");
    assert!(output.contains("identity_domain"), "{output}");
    assert!(output.contains("OAM_IDENTITY_DOMAIN"), "{output}");

    assert!(
        requests(&sandbox, "POST").is_empty(),
        "nothing is created: {:?}",
        sandbox.requests(Some("oracle_oam"))
    );
    assert!(stored(&sandbox).is_empty());
}

/// The resource called directly (no Terraform), so a lost create answer can be staged.
struct Direct {
    provider: InProcess,
    resource: OracleOamOAuthClientResource,
}

impl Direct {
    fn new(sandbox: &TestSandbox) -> Direct {
        let provider = InProcess::configure(sandbox, "oracle_oam", &[("identity_domain", DOMAIN)]);
        let resource = OracleOamOAuthClientResource::new(provider.provider.handle());
        Direct { provider, resource }
    }

    fn context(&self) -> Context {
        InProcess::context(&self.resource)
    }

    fn create(&self, ctx: &Context, name: &str) -> Result<OAuthClientState, String> {
        let planned = OAuthClientState {
            identity_domain: Tf::Known(DOMAIN.into()),
            name: Tf::Known(name.into()),
            description: Tf::Known("staged".into()),
            client_type: Tf::Known("CONFIDENTIAL_CLIENT".into()),
            grant_types: Tf::Known(["CLIENT_CREDENTIALS".to_owned()].into()),
            id: Tf::Unknown,
            client_id: Tf::Unknown,
            client_secret: Tf::Unknown,
            ..Default::default()
        };
        self.provider.create(&self.resource, ctx, planned)
    }
}

fn drop_next_oam_request(sandbox: &TestSandbox) {
    sandbox.add_fault(
        &json!({"vendor": "oracle_oam", "methods": ["POST"], "drop_connection": true, "count": 1}),
    );
}

#[test]
fn lost_create_answer_never_duplicates() {
    let sandbox = TestSandbox::start();
    let direct = Direct::new(&sandbox);

    // Dropped before the sandbox acted: nothing by that name exists, so the create is sent again.
    drop_next_oam_request(&sandbox);
    sandbox.clear_requests();
    let ctx = direct.context();
    let state = direct
        .create(&ctx, "retried")
        .expect("created on the second POST");
    assert!(state.client_secret.is_known());
    assert_eq!(requests(&sandbox, "POST").len(), 2);
    let lookups: Vec<Value> = requests(&sandbox, "GET")
        .into_iter()
        .filter(|r| {
            r["path"]
                .as_str()
                .is_some_and(|p| p.contains("name=retried"))
        })
        .collect();
    // Issue 22: no lookup before the create (the run's record lists the domain once, and the
    // client ID the provider made tells its client from anyone else's); one after the lost answer.
    assert_eq!(lookups.len(), 1, "looked up by name after the lost answer");
    let domain_lists = requests(&sandbox, "GET")
        .into_iter()
        .filter(|r| {
            r["path"].as_str().is_some_and(|p| {
                p.contains("identityDomainName=") && !p.contains("name=") && !p.contains("id=")
            })
        })
        .count();
    assert_eq!(domain_lists, 1, "the record's one list of the domain");
    let remote = stored(&sandbox);
    assert_eq!(remote.len(), 1);
    let partial = ctx.take_partial_state().expect("recorded after the POST");
    assert_eq!(
        partial.get("client_id"),
        Some(&TfValue::from(remote[0].id.as_str()))
    );

    // The create acted, then its answer (with the generated secret) was lost: the twin it made is
    // deleted and the create repeated, so the secret is known and nothing is duplicated.
    sandbox.add_fault(
        &json!({"vendor": "oracle_oam", "methods": ["POST"], "drop_connection": true,
                              "after": true, "count": 1}),
    );
    sandbox.clear_requests();
    let ctx = direct.context();
    let state = direct
        .create(&ctx, "acted")
        .expect("the twin is replaced by a client whose secret is known");
    assert!(state.client_secret.is_known());
    assert_eq!(requests(&sandbox, "POST").len(), 2);
    assert_eq!(requests(&sandbox, "DELETE").len(), 1, "the lost twin");
    let acted: Vec<_> = stored(&sandbox)
        .into_iter()
        .filter(|c| c.name == "acted")
        .collect();
    assert_eq!(acted.len(), 1, "no duplicate");
    assert_eq!(state.client_id.as_str(), Some(acted[0].id.as_str()));

    // Someone else's client of that name (other settings): an error, nothing recorded.
    sandbox.create_object(
        "oracle_oam",
        &json!({"name": "taken", "idDomain": DOMAIN, "clientType": "PUBLIC_CLIENT",
                "grantTypes": ["AUTHORIZATION_CODE"]}),
    );
    drop_next_oam_request(&sandbox);
    let ctx = direct.context();
    let error = direct.create(&ctx, "taken").expect_err("name taken");
    assert!(error.contains("already exists"), "{error}");
    assert!(ctx.take_partial_state().is_none());
    assert_eq!(
        stored(&sandbox).len(),
        3,
        "no duplicate, the other client untouched"
    );
}

#[test]
fn documented_example_applies_with_an_empty_plan() {
    let sandbox = TestSandbox::start();
    let wd = workdir(&sandbox);
    let example = std::fs::read_to_string(
        repo_root().join("examples/resources/apiclients_oracle_oam_oauth_client/resource.tf"),
    )
    .expect("example");
    wd.write_config(&example);
    wd.init();
    wd.apply();
    wd.assert_empty_plan();
    let remote = stored(&sandbox);
    assert_eq!(remote.len(), 2);
    let portal = remote
        .iter()
        .find(|c| c.name == "access-portal")
        .expect("portal");
    assert_eq!(portal.id_domain, "CustomerDomain");
    assert_eq!(portal.id, "access-portal");
    assert!(
        wd.resource_values("apiclients_oracle_oam_oauth_client.ci")
            .expect("ci")["client_secret"]
            .is_string()
    );
    wd.destroy();
    assert!(stored(&sandbox).is_empty());
}
