//! `apiclients_sailpoint_oauth_client` and `apiclients_sailpoint_oauth_clients` with the real Terraform CLI
//! against the in-process sandbox: lifecycle (secret captured, empty plans, one minimal PATCH, replacement,
//! out-of-band delete, import, destroy), plan-time validation, the data source and its filters; and the
//! create path that meets a lost response, driven directly through the resource.

#![cfg(feature = "test-resources")]

mod support;

use apiclients::vendors::sailpoint::SailPointOAuthClientResource;
use apiclients::vendors::sailpoint::oauth_client::OAuthClientState;
use serde_json::{Value, json};
use support::direct::InProcess;
use support::sandbox::TestSandbox;
use support::terraform::{Workdir, flat};
use tfplugin::{Context, Resource, Tf, Value as TfValue};

const ADDR: &str = "apiclients_sailpoint_oauth_client.ci";

const PROVIDER: &str = include_str!("hcl/acc_sailpoint/provider.tf");
const PROVIDER_API_VERSION: &str = include_str!("hcl/acc_sailpoint/provider_api_version.tf");
const CLIENT: &str = include_str!("hcl/acc_sailpoint/client.tf");
const BAD_INPUT: &str = include_str!("hcl/acc_sailpoint/bad_input.tf");
const DATA_SOURCES: &str = include_str!("hcl/acc_sailpoint/data_sources.tf");
const BAD_FILTER: &str = include_str!("hcl/acc_sailpoint/bad_filter.tf");

/// A working directory pointed at the sandbox, with the provider block in provider.tf.
fn workdir(sandbox: &TestSandbox) -> Workdir {
    let wd = Workdir::for_sandbox(sandbox);
    wd.write_file("provider.tf", PROVIDER);
    wd
}

/// The SailPoint OAuth-client calls of one method.
fn requests(sandbox: &TestSandbox, method: &str) -> Vec<Value> {
    sandbox.calls("sailpoint", method, "/v3/oauth-clients")
}

#[test]
fn lifecycle_secret_patch_replace_drift_import_destroy() {
    let sandbox = TestSandbox::start();
    let wd = workdir(&sandbox);
    wd.write_config(CLIENT);
    wd.write_vars(&json!({"description": "CI pipeline", "business_name": "Acme"}));
    wd.init();
    wd.apply();
    wd.assert_empty_plan();

    let created = wd.resource_values(ADDR).expect("in state");
    let id = created["id"].as_str().expect("id").to_owned();
    let secret = created["secret"]
        .as_str()
        .expect("secret in state")
        .to_owned();
    assert!(
        secret.len() == 64 && secret.chars().all(|c| c.is_ascii_hexdigit()),
        "the state holds the secret the sandbox issued (64 hex digits)"
    );
    assert_eq!(
        created["scope"],
        json!(["sp:scopes:all"]),
        "server default lands in state"
    );
    assert_eq!(created["type"], "CONFIDENTIAL");
    assert_eq!(created["enabled"], true);
    assert_eq!(created["refresh_token_validity_seconds"], 86400);
    let remote = sandbox.clients("sailpoint");
    assert_eq!(remote.len(), 1);
    assert_eq!(remote[0]["id"], id.as_str());
    assert_eq!(remote[0]["businessName"], "Acme");

    // In place: one PATCH with only the changed fields (a cleared one set to null).
    wd.write_vars(&json!({"description": "CI pipeline (rotated weekly)", "enabled": false}));
    assert_eq!(wd.planned_actions(ADDR), ["update"]);
    sandbox.clear_requests();
    wd.apply();
    let patches = requests(&sandbox, "PATCH");
    assert_eq!(patches.len(), 1, "{patches:?}");
    assert_eq!(
        patches[0]["body"],
        json!([
            {"op": "replace", "path": "/businessName", "value": null},
            {"op": "replace", "path": "/description", "value": "CI pipeline (rotated weekly)"},
            {"op": "replace", "path": "/enabled", "value": false},
        ])
    );
    assert!(
        requests(&sandbox, "POST").is_empty(),
        "no create on an update"
    );
    wd.assert_empty_plan();
    let updated = wd.resource_values(ADDR).expect("in state");
    assert_eq!(updated["id"], id.as_str());
    assert_eq!(
        updated["secret"],
        secret.as_str(),
        "the secret survives updates"
    );
    assert_eq!(updated["created"], created["created"]);
    assert_eq!(sandbox.clients("sailpoint")[0]["enabled"], false);

    // type is not patchable: a change replaces the client, with a new secret.
    wd.write_vars(
        &json!({"description": "CI pipeline (rotated weekly)", "enabled": false, "type": "PUBLIC"}),
    );
    assert_eq!(wd.planned_actions(ADDR), ["delete", "create"]);
    wd.apply();
    wd.assert_empty_plan();
    let replaced = wd.resource_values(ADDR).expect("in state");
    let new_id = replaced["id"].as_str().expect("id").to_owned();
    assert_ne!(new_id, id);
    assert_ne!(replaced["secret"], secret.as_str());
    let remote = sandbox.clients("sailpoint");
    assert_eq!(remote.len(), 1, "the old client is deleted");
    assert_eq!(remote[0]["type"], "PUBLIC");

    // Deleted out of band: the next plan creates it again.
    assert_eq!(
        sandbox.admin_delete(&format!("/_sandbox/objects/sailpoint/{new_id}")),
        204
    );
    assert_eq!(wd.planned_actions(ADDR), ["create"]);
    wd.apply();
    let recreated_id = wd.resource_values(ADDR).expect("in state")["id"]
        .as_str()
        .expect("id")
        .to_owned();

    // Import by id: an empty plan, and no secret.
    wd.run(&["state", "rm", "-no-color", ADDR]).success();
    wd.run(&["import", "-no-color", ADDR, &recreated_id])
        .success();
    wd.assert_empty_plan();
    let imported = wd.resource_values(ADDR).expect("in state");
    assert_eq!(imported["secret"], Value::Null);
    assert_eq!(imported["id"], recreated_id.as_str());

    // An update after the import keeps the secret null instead of planning it unknown.
    wd.write_vars(&json!({"description": "after import", "enabled": false, "type": "PUBLIC"}));
    let plan = wd.plan_json();
    let change = plan["resource_changes"]
        .as_array()
        .and_then(|c| c.iter().find(|rc| rc["address"] == ADDR))
        .expect("a change")
        .clone();
    assert_eq!(change["change"]["actions"], json!(["update"]));
    assert_eq!(
        change["change"]["after_unknown"]["secret"],
        Value::Null,
        "{change}"
    );
    wd.apply();
    wd.assert_empty_plan();

    wd.destroy();
    assert!(
        sandbox.clients("sailpoint").is_empty(),
        "destroy leaves nothing"
    );
}

#[test]
fn bad_input_fails_at_plan_time_naming_the_attribute() {
    let sandbox = TestSandbox::start();
    let wd = workdir(&sandbox);
    wd.write_config(BAD_INPUT);
    wd.init();
    let run = wd.run(&["plan", "-no-color"]).failure();
    // Terraform wraps diagnostic text: compare with whitespace collapsed.
    let output = flat(&run.all_output());
    for expected in [
        "grant_types contains \"PASSWORD\"",
        "access_type is \"SOMETIMES\", but it must be one of: \"ONLINE\", \"OFFLINE\"",
        "redirect_uris must contain at least one URI when grant_types includes AUTHORIZATION_CODE",
        "access_token_validity_seconds is -1, but it must be a whole number from 1 to 2147483647",
        "refresh_token_validity_seconds is 0, but it must be a whole number from 1 to 2147483647",
        "redirect_uris contains \"not a uri\"",
        "homepage_url is \"example.com\", but it must be an absolute http:// or https:// URL",
    ] {
        assert!(
            output.contains(expected),
            "missing {expected:?} in:\n{output}"
        );
    }
    assert!(
        requests(&sandbox, "POST").is_empty(),
        "nothing is created: {:?}",
        sandbox.requests(Some("sailpoint"))
    );
    assert!(sandbox.clients("sailpoint").is_empty());
}

#[test]
fn data_source_lists_with_and_without_filters() {
    let sandbox = TestSandbox::start();
    for (name, last_used) in [
        ("old", json!("2023-01-01T00:00:00Z")),
        ("recent", json!("2025-06-01T00:00:00Z")),
        ("never", Value::Null),
    ] {
        sandbox.admin_post(
            "/_sandbox/objects/sailpoint",
            &json!({
                "name": name, "description": name, "accessTokenValiditySeconds": 750,
                "grantTypes": ["CLIENT_CREDENTIALS"], "accessType": "ONLINE", "enabled": true,
                "lastUsed": last_used,
            }),
        );
    }
    let wd = workdir(&sandbox);
    wd.write_config(DATA_SOURCES);
    wd.init();
    wd.apply();
    let outputs: Value =
        serde_json::from_str(&wd.run(&["output", "-json"]).success().stdout).expect("outputs");
    let all = outputs["all"]["value"].as_array().expect("list");
    let names: Vec<&str> = all.iter().filter_map(|c| c["name"].as_str()).collect();
    assert_eq!(names, ["old", "recent", "never"]);
    assert!(all.iter().all(|c| c.get("secret").is_none()), "no secrets");
    assert_eq!(all[0]["last_used"], "2023-01-01T00:00:00.000Z");
    assert_eq!(all[0]["grant_types"], json!(["CLIENT_CREDENTIALS"]));
    assert_eq!(all[0]["scope"], json!(["sp:scopes:all"]));
    assert_eq!(outputs["never_used"]["value"], json!(["never"]));
    assert_eq!(outputs["stale"]["value"], json!(["old"]));
    let filters: Vec<String> = sandbox
        .requests(Some("sailpoint"))
        .iter()
        .filter_map(|r| r["path"].as_str().map(str::to_owned))
        .filter(|p| p.contains("filters="))
        .collect();
    assert!(!filters.is_empty(), "filters reach the API");

    // Bulk import with for_each import blocks (Terraform 1.7+): the documented pattern imports every
    // listed client with an empty plan afterwards and no secret.
    if wd.tf.at_least(1, 7) {
        let docs = apiclients::vendors::sailpoint::OAuthClientsDataSource::new(Default::default());
        let description = tfplugin::DataSource::schema(&docs).block.description;
        let start = description.find("```terraform\n").expect("example") + "```terraform\n".len();
        let end = start + description[start..].find("```").expect("end of example");
        wd.write_config(&description[start..end]);
        wd.apply();
        wd.assert_empty_plan();
        let state = wd.state_json();
        let imported: Vec<&Value> = state["values"]["root_module"]["resources"]
            .as_array()
            .expect("resources")
            .iter()
            .filter(|r| r["type"] == "apiclients_sailpoint_oauth_client")
            .collect();
        assert_eq!(imported.len(), 3);
        assert!(imported.iter().all(|r| r["values"]["secret"].is_null()));
        assert_eq!(
            sandbox.clients("sailpoint").len(),
            3,
            "imported, not created"
        );
        wd.run(&[
            "state",
            "rm",
            "-no-color",
            "apiclients_sailpoint_oauth_client.imported",
        ])
        .success();
    }

    // A filter the API does not support fails at plan time, naming the attribute.
    wd.write_config(BAD_FILTER);
    let output = wd.run(&["plan", "-no-color"]).failure().all_output();
    assert!(output.contains("filters"), "{output}");
    assert!(output.contains("lastUsed isnull"), "{output}");
}

/// The resource called directly (no Terraform), so a lost create response can be staged.
struct Direct {
    provider: InProcess,
    resource: SailPointOAuthClientResource,
}

impl Direct {
    fn new(sandbox: &TestSandbox) -> Direct {
        let provider = InProcess::configure(sandbox, "sailpoint", &[]);
        let resource = SailPointOAuthClientResource::new(provider.provider.handle());
        Direct { provider, resource }
    }

    fn context(&self) -> Context {
        InProcess::context(&self.resource)
    }

    /// Reads a client that does not exist, which fetches (and caches) the access token.
    fn warm_up(&self) {
        let state = OAuthClientState {
            id: Tf::Known("does-not-exist".into()),
            ..Default::default()
        };
        let found = self
            .provider
            .runtime
            .block_on(Resource::read(&self.resource, &self.context(), state))
            .expect("read");
        assert!(found.is_none(), "a 404 removes the resource from state");
    }

    fn create(&self, ctx: &Context, name: &str) -> Result<OAuthClientState, String> {
        let planned = OAuthClientState {
            name: Tf::Known(name.into()),
            description: Tf::Known("staged".into()),
            access_token_validity_seconds: Tf::Known(750),
            grant_types: Tf::Known(["CLIENT_CREDENTIALS".to_owned()].into()),
            access_type: Tf::Known("ONLINE".into()),
            enabled: Tf::Known(true),
            ..Default::default()
        };
        self.provider.create(&self.resource, ctx, planned)
    }
}

fn drop_next_sailpoint_request(sandbox: &TestSandbox) {
    sandbox.admin_post(
        "/_sandbox/faults",
        &json!({"vendor": "sailpoint", "methods": ["POST"], "drop_connection": true, "count": 1}),
    );
}

#[test]
fn lost_create_response_never_duplicates() {
    let sandbox = TestSandbox::start();
    let direct = Direct::new(&sandbox);
    direct.warm_up();

    // Dropped before the sandbox acted: nothing by that name exists, so the create is sent again.
    drop_next_sailpoint_request(&sandbox);
    sandbox.clear_requests();
    let ctx = direct.context();
    let state = direct
        .create(&ctx, "retried")
        .expect("created on the second POST");
    assert!(state.secret.is_known());
    assert_eq!(requests(&sandbox, "POST").len(), 2);
    assert_eq!(
        requests(&sandbox, "GET").len(),
        2,
        "listed before the create and after the lost answer"
    );
    let remote = sandbox.clients("sailpoint");
    assert_eq!(remote.len(), 1);
    let partial = ctx
        .take_partial_state()
        .expect("recorded right after the POST");
    assert_eq!(
        partial.get("id"),
        Some(&TfValue::from(remote[0]["id"].as_str().unwrap()))
    );

    // A same-name, same-settings client existed before: it is neither adopted nor touched. The
    // create acts, then its answer (with the secret) is lost: the twin is deleted and the create
    // repeated, so the secret is known and nothing is duplicated.
    let existing = sandbox.admin_post(
        "/_sandbox/objects/sailpoint",
        &json!({"name": "twin", "description": "staged", "accessTokenValiditySeconds": 750,
                "grantTypes": ["CLIENT_CREDENTIALS"], "accessType": "ONLINE", "enabled": true}),
    );
    sandbox.admin_post(
        "/_sandbox/faults",
        &json!({"vendor": "sailpoint", "methods": ["POST"], "status": 504, "after": true, "count": 1}),
    );
    sandbox.clear_requests();
    let ctx = direct.context();
    let state = direct
        .create(&ctx, "twin")
        .expect("created with a known secret");
    assert!(state.secret.is_known());
    assert_ne!(state.id.as_str(), existing["id"].as_str(), "not adopted");
    assert_eq!(requests(&sandbox, "DELETE").len(), 1, "only the lost twin");
    let twins: Vec<String> = sandbox
        .clients("sailpoint")
        .iter()
        .filter(|c| c["name"] == "twin")
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(twins.len(), 2, "the old one and ours: {twins:?}");
    assert!(
        twins
            .iter()
            .any(|id| Some(id.as_str()) == existing["id"].as_str())
    );
}

#[test]
fn last_used_moving_behind_terraforms_back_is_not_a_diff() {
    use apiclients_sandbox::{Options, SandboxConfig};
    let dir = tempfile::tempdir().expect("temp dir");
    let state_file = dir.path().join("sandbox.json");
    let config = || SandboxConfig {
        state_file: Some(state_file.clone()),
        ..SandboxConfig::default()
    };
    let sandbox = TestSandbox::start_with(Options::default(), config());
    let mut wd = workdir(&sandbox);
    wd.write_config(CLIENT);
    wd.write_vars(&json!({"description": "CI pipeline"}));
    wd.init();
    wd.apply();
    assert_eq!(
        wd.resource_values(ADDR).expect("in state")["last_used"],
        Value::Null
    );
    drop(sandbox);

    // The client is used: SailPoint moves lastUsed (the sandbox restarts from the edited state).
    let mut saved: Value =
        serde_json::from_str(&std::fs::read_to_string(&state_file).expect("state file"))
            .expect("state JSON");
    saved["sailpoint"]["clients"][0]["lastUsed"] = json!("2026-01-02T03:04:05.000Z");
    std::fs::write(&state_file, saved.to_string()).expect("write state");
    let sandbox = TestSandbox::start_with(Options::default(), config());
    wd.set_envs(&sandbox.provider_env());

    wd.assert_empty_plan();
    wd.run(&["apply", "-refresh-only", "-auto-approve", "-no-color"])
        .success();
    assert_eq!(
        wd.resource_values(ADDR).expect("in state")["last_used"],
        "2026-01-02T03:04:05.000Z",
        "a refresh picks it up"
    );
    wd.assert_empty_plan();
}

/// The client of api_version_chooses_the_path, under the provider block with `sailpoint {
/// api_version }` set to `version`, or under the plain one.
fn api_version(wd: &Workdir, version: Option<&str>) {
    let mut vars = json!({"description": "through another version"});
    match version {
        Some(version) => {
            wd.write_file("provider.tf", PROVIDER_API_VERSION);
            vars["api_version"] = json!(version);
        }
        None => wd.write_file("provider.tf", PROVIDER),
    }
    wd.write_vars(&vars);
}

/// `sailpoint { api_version }` moves every call to that version's path; the environment
/// variable does the same; an unknown version fails naming the attribute.
#[test]
fn api_version_chooses_the_path() {
    let sandbox = TestSandbox::start();
    let mut wd = workdir(&sandbox);
    wd.write_config(CLIENT);
    api_version(&wd, Some("v2025"));
    wd.init();
    wd.apply().success();
    assert_eq!(sandbox.clients("sailpoint").len(), 1);
    let paths: Vec<String> = sandbox
        .requests(Some("sailpoint"))
        .into_iter()
        .filter_map(|r| r["path"].as_str().map(str::to_owned))
        .filter(|p| p != "/oauth/token")
        .collect();
    assert!(!paths.is_empty());
    assert!(
        paths.iter().all(|p| p.starts_with("/v2025/oauth-clients")),
        "{paths:?}"
    );
    wd.assert_empty_plan();

    // The environment variable, when the attribute is not set.
    wd.set_env("SAIL_API_VERSION", "beta");
    api_version(&wd, None);
    wd.assert_empty_plan();
    assert!(
        sandbox.requests(Some("sailpoint")).iter().any(|r| r["path"]
            .as_str()
            .is_some_and(|p| p.starts_with("/beta/oauth-clients"))),
        "the refresh went through /beta"
    );

    api_version(&wd, Some("v1"));
    let run = wd.plan().failure();
    let output = run.all_output();
    assert!(output.contains("api_version"), "{output}");
    assert!(output.contains("v2025"), "{output}");

    wd.remove_env("SAIL_API_VERSION");
    api_version(&wd, None);
    wd.destroy().success();
    assert!(sandbox.clients("sailpoint").is_empty());
}

/// Issue 22: a same-name twin someone else makes in the middle of a burst of creates (whose
/// answers are lost, so each goes through its recovery) is never adopted, deleted or tainted,
/// although the run's record (one list, taken by the first create) cannot see it: its creation
/// time is before the send of the create with its name.
#[test]
fn a_twin_made_mid_burst_is_left_alone() {
    let sandbox = TestSandbox::start();
    let direct = Direct::new(&sandbox);
    direct.warm_up();
    sandbox.clear_requests();
    // The first three creates act and lose their answer; the others are slowed down.
    sandbox.admin_post(
        "/_sandbox/faults",
        &json!({"vendor": "sailpoint", "methods": ["POST"], "status": 504, "after": true, "count": 3}),
    );
    sandbox.admin_post(
        "/_sandbox/faults",
        &json!({"vendor": "sailpoint", "methods": ["POST"], "delay_ms": 200, "count": 5}),
    );
    let twin_settings = json!({"name": "late", "description": "staged", "accessTokenValiditySeconds": 750,
        "grantTypes": ["CLIENT_CREDENTIALS"], "accessType": "ONLINE", "enabled": true});
    let twin = std::thread::scope(|scope| {
        let burst: Vec<_> = (0..8)
            .map(|i| {
                let direct = &direct;
                scope.spawn(move || {
                    direct
                        .create(&direct.context(), &format!("burst-{i}"))
                        .expect("burst create")
                })
            })
            .collect();
        // Mid-burst: three creates have reached the sandbox, five are still slowed down.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while requests(&sandbox, "POST").len() < 3 {
            assert!(
                std::time::Instant::now() < deadline,
                "the burst never started"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let twin = sandbox.admin_post("/_sandbox/objects/sailpoint", &twin_settings);
        for create in burst {
            let state = create.join().expect("burst thread");
            assert!(state.secret.is_known(), "{:?}", state.name);
        }
        twin
    });
    let twin_id = twin["id"].as_str().expect("twin id").to_owned();
    // The create with the twin's name loses its answer too (secret only in that answer).
    sandbox.admin_post(
        "/_sandbox/faults",
        &json!({"vendor": "sailpoint", "methods": ["POST"], "status": 504, "after": true, "count": 1}),
    );
    let ctx = direct.context();
    let late = direct
        .create(&ctx, "late")
        .expect("created with a known secret");
    assert!(late.secret.is_known());
    assert_ne!(late.id.as_str(), Some(twin_id.as_str()), "not adopted");
    assert!(
        ctx.take_partial_state()
            .and_then(|s| s.get("id").cloned())
            .is_none_or(|id| id != TfValue::from(twin_id.as_str())),
        "not recorded (tainted)"
    );
    let deleted: Vec<Value> = requests(&sandbox, "DELETE");
    assert!(
        deleted
            .iter()
            .all(|r| !r["path"].as_str().unwrap_or_default().contains(&twin_id)),
        "never deleted: {deleted:?}"
    );
    let remote = sandbox.clients("sailpoint");
    assert!(
        remote.iter().any(|c| c["id"] == twin_id.as_str()),
        "still there"
    );
    for i in 0..8 {
        let name = format!("burst-{i}");
        assert_eq!(
            remote.iter().filter(|c| c["name"] == name.as_str()).count(),
            1,
            "{name}: exactly one, no duplicate"
        );
    }
    assert_eq!(remote.iter().filter(|c| c["name"] == "late").count(), 2);
    // One list for the record, one per lost answer (the burst's three and the late one).
    let lists = requests(&sandbox, "GET")
        .into_iter()
        .filter(|r| r["path"] == "/v3/oauth-clients")
        .count();
    assert_eq!(lists, 1 + 3 + 1, "no list per create");
}
