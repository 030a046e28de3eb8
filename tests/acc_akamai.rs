//! `apiclients_akamai_api_client` and `apiclients_akamai_api_client_credential` with the real Terraform CLI
//! against the in-process sandbox: lifecycle (secret captured, empty plans, in-place changes, lock and
//! unlock, deactivation, destroy of active credentials, out-of-band deletes, import, destroy of a client
//! that still has an active credential Terraform does not manage), and plan-time validation.

#![cfg(feature = "test-resources")]

mod support;

use std::collections::BTreeMap;

use apiclients::provider::ApiClientsProvider;
use apiclients::vendors::akamai::AkamaiClient;
use chrono::{Duration, SecondsFormat, Utc};
use serde_json::{Value, json};
use support::sandbox::TestSandbox;
use support::terraform::Workdir;
use tfplugin::{Context, Provider, Value as TfValue};

const CLIENT: &str = "apiclients_akamai_api_client.ci";
const MAIN: &str = "apiclients_akamai_api_client_credential.main";
const SECOND: &str = "apiclients_akamai_api_client_credential.second";

fn workdir(sandbox: &TestSandbox) -> Workdir {
    let mut wd = Workdir::for_provider();
    wd.set_envs(&sandbox.provider_env());
    wd
}

/// The client (with `client_extra` inside its block) and the given credential blocks.
fn config(client_extra: &str, credentials: &str) -> String {
    format!(
        r#"
provider "apiclients" {{}}

resource "apiclients_akamai_api_client" "ci" {{
  client_name      = "ci-pipeline"
  authorized_users = ["alice"]
  api_access = {{
    all_accessible_apis = false
    apis = [
      {{ api_id = 5000, access_level = "READ-ONLY" }},
      {{ api_id = 5801, access_level = "READ-WRITE" }},
    ]
  }}
  group_access = {{
    clone_authorized_user_groups = true
  }}
  ip_acl = {{
    enable = true
    cidr   = ["192.0.2.0/24", "198.51.100.7"]
  }}
{client_extra}
}}
{credentials}
"#
    )
}

fn credential(name: &str, body: &str) -> String {
    format!(
        r#"
resource "apiclients_akamai_api_client_credential" "{name}" {{
  client_id = apiclients_akamai_api_client.ci.id
{body}
}}
"#
    )
}

fn sandbox_clients(sandbox: &TestSandbox) -> Vec<Value> {
    let state = serde_json::to_value(sandbox.state()).expect("state JSON");
    state["akamai"]["clients"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn sandbox_credentials(sandbox: &TestSandbox, client_id: &str) -> Vec<Value> {
    sandbox_clients(sandbox)
        .into_iter()
        .find(|c| c["clientId"] == client_id)
        .and_then(|c| c["credentials"].as_array().cloned())
        .unwrap_or_default()
}

fn string(values: &Value, name: &str) -> String {
    values[name]
        .as_str()
        .unwrap_or_else(|| panic!("{name} in {values}"))
        .to_owned()
}

/// The vendor API, signed with the sandbox's admin credentials, for changes behind Terraform's back.
struct VendorApi {
    runtime: tokio::runtime::Runtime,
    provider: ApiClientsProvider,
}

impl VendorApi {
    fn new(sandbox: &TestSandbox) -> VendorApi {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let provider = ApiClientsProvider::new();
        let c = &sandbox.credentials.akamai;
        let akamai = TfValue::Object(BTreeMap::from([
            ("host".to_owned(), TfValue::from(sandbox.url.as_str())),
            (
                "client_token".to_owned(),
                TfValue::from(c.client_token.as_str()),
            ),
            (
                "client_secret".to_owned(),
                TfValue::from(c.client_secret.as_str()),
            ),
            (
                "access_token".to_owned(),
                TfValue::from(c.access_token.as_str()),
            ),
        ]));
        let config = TfValue::Object(BTreeMap::from([("akamai".to_owned(), akamai)]));
        runtime
            .block_on(provider.configure(&Context::new(Default::default()), config, "1.15.5"))
            .expect("configure");
        VendorApi { runtime, provider }
    }

    fn client(&self) -> AkamaiClient {
        self.provider.handle().akamai().expect("akamai client")
    }

    /// An ACTIVE credential Terraform does not know about; returns its id.
    fn create_credential(&self, client_id: &str) -> i64 {
        let client = self.client();
        self.runtime
            .block_on(client.create_credential(client_id, &Default::default()))
            .expect("create credential")
            .detail
            .credential_id
    }

    fn delete_credential(&self, client_id: &str, credential_id: i64) {
        let client = self.client();
        self.runtime.block_on(async {
            let cancel = Default::default();
            assert!(
                client
                    .deactivate_credential(client_id, credential_id, &cancel)
                    .await
                    .expect("deactivate")
            );
            assert!(
                client
                    .delete_credential(client_id, credential_id, &cancel)
                    .await
                    .expect("delete")
            );
        });
    }
}

#[test]
fn lifecycle_update_lock_deactivate_drift_import_destroy() {
    let sandbox = TestSandbox::start();
    let vendor = VendorApi::new(&sandbox);
    let wd = workdir(&sandbox);
    let both = format!(
        "{}{}",
        credential("main", "  description = \"deploys\""),
        credential("second", "")
    );
    wd.write_config(&config("  client_description = \"CI pipeline\"", &both));
    wd.init();
    wd.apply();
    wd.assert_empty_plan();

    let client = wd.resource_values(CLIENT).expect("client in state");
    let client_id = string(&client, "id");
    assert!(string(&client, "access_token").starts_with("akab-"));
    assert_eq!(client["lock"], false);
    assert_eq!(client["client_type"], "CLIENT");
    assert_eq!(
        client["notification_emails"],
        json!(["sandbox-admin@example.com"]),
        "Akamai's default lands in state"
    );
    assert_eq!(client["group_access"]["groups"], Value::Null);
    let main = wd.resource_values(MAIN).expect("credential in state");
    let main_id = string(&main, "id");
    assert_eq!(main["client_id"], client_id.as_str());
    assert!(!string(&main, "client_secret").is_empty(), "secret kept");
    assert!(string(&main, "client_token").starts_with("akab-"));
    assert_eq!(main["status"], "ACTIVE");
    assert_eq!(main["description"], "deploys");
    assert!(main["max_allowed_expiry"].is_string());
    let remote = sandbox_clients(&sandbox);
    assert_eq!(remote.len(), 1);
    assert_eq!(remote[0]["clientDescription"], "CI pipeline");
    assert_eq!(remote[0]["ipAcl"]["cidr"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        sandbox_credentials(&sandbox, &client_id).len(),
        2,
        "only the two credential resources: the client is created without one"
    );

    // In place: the client's description, the credential's status and expiry.
    let expires = (Utc::now() + Duration::days(200))
        .with_nanosecond_zero()
        .to_rfc3339_opts(SecondsFormat::Secs, true);
    let updated_main = format!(
        "  description = \"deploys\"\n  status      = \"INACTIVE\"\n  expires_on  = \"{expires}\""
    );
    let both = format!(
        "{}{}",
        credential("main", &updated_main),
        credential("second", "")
    );
    wd.write_config(&config(
        "  client_description = \"CI pipeline (weekly)\"",
        &both,
    ));
    assert_eq!(wd.planned_actions(CLIENT), ["update"]);
    assert_eq!(wd.planned_actions(MAIN), ["update"]);
    sandbox.clear_requests();
    wd.apply();
    assert!(
        sandbox
            .requests(Some("akamai"))
            .iter()
            .all(|r| r["method"] != "POST"),
        "nothing created or deactivated by an update: {:?}",
        sandbox.requests(Some("akamai"))
    );
    wd.assert_empty_plan();
    let remote = sandbox_clients(&sandbox);
    assert_eq!(remote[0]["clientDescription"], "CI pipeline (weekly)");
    let main_after = wd.resource_values(MAIN).expect("credential in state");
    assert_eq!(main_after["status"], "INACTIVE");
    assert_eq!(main_after["expires_on"], expires.as_str(), "spelling kept");
    assert_eq!(main_after["client_secret"], main["client_secret"]);
    let remote_main = sandbox_credentials(&sandbox, &client_id)
        .into_iter()
        .find(|c| c["credentialId"].as_i64().map(|id| id.to_string()) == Some(main_id.clone()))
        .expect("main credential");
    assert_eq!(remote_main["status"], "INACTIVE");

    // Lock alone; a change while locked (unlock, PUT, lock again), with both credentials destroyed
    // (one INACTIVE, one still ACTIVE); then unlock alone.
    wd.write_config(&config(
        "  client_description = \"CI pipeline (weekly)\"\n  lock = true",
        &both,
    ));
    assert_eq!(wd.planned_actions(CLIENT), ["update"]);
    wd.apply();
    wd.assert_empty_plan();
    assert_eq!(sandbox_clients(&sandbox)[0]["isLocked"], true);
    wd.write_config(&config(
        "  client_description = \"CI pipeline (locked)\"\n  lock = true",
        "",
    ));
    assert_eq!(wd.planned_actions(CLIENT), ["update"]);
    assert_eq!(wd.planned_actions(SECOND), ["delete"]);
    let second_id = string(&wd.resource_values(SECOND).expect("second in state"), "id");
    sandbox.clear_requests();
    wd.apply();
    let credential_writes = |id: &str| {
        writes(&sandbox)
            .into_iter()
            .filter(|(_, path, _)| path.contains(&format!("/credentials/{id}")))
            .collect::<Vec<_>>()
    };
    let main_path = format!("{client_id}/credentials/{main_id}");
    assert_eq!(
        credential_writes(&main_id),
        [("DELETE".to_owned(), main_path, 204)],
        "an INACTIVE credential is deleted without a deactivation first"
    );
    let second_path = format!("{client_id}/credentials/{second_id}");
    assert_eq!(
        credential_writes(&second_id),
        [
            ("POST".to_owned(), format!("{second_path}/deactivate"), 204),
            ("DELETE".to_owned(), second_path, 204)
        ],
        "an ACTIVE credential is deactivated, then deleted"
    );
    wd.assert_empty_plan();
    let remote = sandbox_clients(&sandbox);
    assert_eq!(remote[0]["isLocked"], true);
    assert_eq!(remote[0]["clientDescription"], "CI pipeline (locked)");
    assert!(
        sandbox_credentials(&sandbox, &client_id).is_empty(),
        "both credentials deleted"
    );
    wd.write_config(&config(
        "  client_description = \"CI pipeline (weekly)\"",
        "",
    ));
    assert_eq!(wd.planned_actions(CLIENT), ["update"]);
    wd.apply();
    wd.assert_empty_plan();
    assert_eq!(sandbox_clients(&sandbox)[0]["isLocked"], false);

    // Out-of-band deletes: the credential, then the client; each next plan creates it again.
    wd.write_config(&config(
        "  client_description = \"CI pipeline (weekly)\"",
        &credential("main", "  description = \"deploys\""),
    ));
    wd.apply();
    let cred_id: i64 = string(&wd.resource_values(MAIN).expect("state"), "id")
        .parse()
        .expect("numeric id");
    vendor.delete_credential(&client_id, cred_id);
    assert_eq!(wd.planned_actions(MAIN), ["create"]);
    wd.apply();
    wd.assert_empty_plan();
    assert_eq!(
        sandbox.admin_delete(&format!("/_sandbox/objects/akamai/{client_id}")),
        204
    );
    assert_eq!(wd.planned_actions(CLIENT), ["create"]);
    assert_eq!(wd.planned_actions(MAIN), ["create"]);
    wd.apply();
    wd.assert_empty_plan();
    let client_id = string(&wd.resource_values(CLIENT).expect("state"), "id");
    let cred_id = string(&wd.resource_values(MAIN).expect("state"), "id");

    // Import of both: an empty plan; the secret is null.
    wd.run(&["state", "rm", "-no-color", CLIENT, MAIN])
        .success();
    let bad = wd.run(&["import", "-no-color", MAIN, &client_id]).failure();
    assert!(
        bad.all_output().contains("<client_id>/<credential_id>"),
        "{}",
        bad.all_output()
    );

    wd.run(&["import", "-no-color", CLIENT, &client_id])
        .success();
    wd.run(&[
        "import",
        "-no-color",
        MAIN,
        &format!("{client_id}/{cred_id}"),
    ])
    .success();
    wd.assert_empty_plan();
    let imported = wd.resource_values(MAIN).expect("state");
    assert_eq!(imported["client_secret"], Value::Null);
    assert!(imported["client_token"].is_string());

    // An update after the import keeps the secret null instead of planning it unknown.
    wd.write_config(&config(
        "  client_description = \"CI pipeline (weekly)\"",
        &credential("main", "  description = \"deploys, imported\""),
    ));
    let plan = wd.plan_json();
    let change = plan["resource_changes"]
        .as_array()
        .and_then(|c| c.iter().find(|rc| rc["address"] == MAIN))
        .expect("a change")
        .clone();
    assert_eq!(change["change"]["actions"], json!(["update"]));
    assert_eq!(
        change["change"]["after_unknown"]["client_secret"],
        Value::Null
    );
    wd.apply();
    wd.assert_empty_plan();

    // Destroy while the client has an ACTIVE credential Terraform does not manage.
    let outside = vendor.create_credential(&client_id);
    assert!(
        sandbox_credentials(&sandbox, &client_id)
            .iter()
            .any(|c| c["credentialId"] == outside && c["status"] == "ACTIVE")
    );
    sandbox.clear_requests();
    wd.destroy();
    assert!(
        sandbox_clients(&sandbox).is_empty(),
        "destroy leaves nothing"
    );
    let client_writes: Vec<_> = writes(&sandbox)
        .into_iter()
        .filter(|(_, path, _)| !path.contains(&format!("/credentials/{cred_id}")))
        .collect();
    assert_eq!(
        client_writes,
        [
            ("DELETE".to_owned(), client_id.clone(), 400),
            (
                "POST".to_owned(),
                format!("{client_id}/credentials/deactivate"),
                204
            ),
            ("DELETE".to_owned(), client_id.clone(), 204),
        ],
        "the DELETE refused for the active credential, the deactivation, the DELETE again"
    );
}

/// The Akamai requests other than GET since the log was cleared: method, path under the API
/// clients collection (query left out), status.
fn writes(sandbox: &TestSandbox) -> Vec<(String, String, u64)> {
    sandbox
        .requests(Some("akamai"))
        .into_iter()
        .filter(|r| r["method"] != "GET")
        .map(|r| {
            let path = r["path"].as_str().unwrap_or_default();
            let path = path.split('?').next().unwrap_or_default();
            (
                r["method"].as_str().unwrap_or_default().to_owned(),
                path.trim_start_matches("/identity-management/v3/api-clients/")
                    .to_owned(),
                r["status"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn destroy_of_a_client_without_credentials_is_one_delete() {
    let sandbox = TestSandbox::start();
    let wd = workdir(&sandbox);
    wd.write_config(&config("", ""));
    wd.init();
    wd.apply();
    let client_id = string(&wd.resource_values(CLIENT).expect("client in state"), "id");
    sandbox.clear_requests();
    wd.destroy();
    assert!(
        sandbox_clients(&sandbox).is_empty(),
        "destroy leaves nothing"
    );
    assert_eq!(
        writes(&sandbox),
        [("DELETE".to_owned(), client_id, 204)],
        "no deactivation before the DELETE of a client without credentials"
    );
}

trait NoNanos {
    fn with_nanosecond_zero(self) -> Self;
}

impl NoNanos for chrono::DateTime<Utc> {
    fn with_nanosecond_zero(self) -> Self {
        chrono::Timelike::with_nanosecond(&self, 0).unwrap_or(self)
    }
}

#[test]
fn bad_input_fails_at_plan_time_naming_the_attribute() {
    let sandbox = TestSandbox::start();
    let wd = workdir(&sandbox);
    let collapse = |text: String| text.split_whitespace().collect::<Vec<_>>().join(" ");
    wd.write_config(
        r#"
provider "apiclients" {}

resource "apiclients_akamai_api_client" "bad_enums" {
  client_name      = "bad"
  client_type      = "ROBOT"
  authorized_users = ["alice", "bob"]
  api_access = {
    all_accessible_apis = true
  }
  group_access = {
    clone_authorized_user_groups = true
  }
}

resource "apiclients_akamai_api_client" "bad_shapes" {
  client_name      = "bad"
  authorized_users = ["alice"]
  api_access = {
    all_accessible_apis = false
    apis = [{ api_id = 1, access_level = "ADMIN" }]
  }
  group_access = {
    clone_authorized_user_groups = false
  }
  ip_acl = {
    enable = true
    cidr   = ["10.0.0.0/33"]
  }
}

resource "apiclients_akamai_api_client_credential" "bad_status" {
  client_id = "abc"
  status    = "REVOKED"
}

resource "apiclients_akamai_api_client_credential" "bad_date" {
  client_id  = "abc"
  expires_on = "next tuesday"
}
"#,
    );
    wd.init();
    let output = collapse(wd.run(&["plan", "-no-color"]).failure().all_output());
    for expected in [
        "client_type is \"ROBOT\", but it must be one of: \"CLIENT\", \"USER_CLIENT\"",
        "authorized_users must contain between 1 and 1 element(s)",
        "api_access.apis has access_level \"ADMIN\"",
        "group_access.groups is required when clone_authorized_user_groups is false",
        "ip_acl.cidr contains \"10.0.0.0/33\"",
        "status is \"REVOKED\", but it must be one of: \"ACTIVE\", \"INACTIVE\"",
        "expires_on is \"next tuesday\", which is not an RFC 3339 date-time",
    ] {
        assert!(
            output.contains(expected),
            "missing {expected:?} in:\n{output}"
        );
    }

    // Past and too distant expiries are checked when planning (the client does not exist yet).
    let past = (Utc::now() - Duration::days(1)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let far = (Utc::now() + Duration::days(800)).to_rfc3339_opts(SecondsFormat::Secs, true);
    wd.write_config(&config(
        "",
        &format!(
            "{}{}",
            credential("main", &format!("  expires_on = \"{past}\"")),
            credential("second", &format!("  expires_on = \"{far}\""))
        ),
    ));
    let output = collapse(wd.run(&["plan", "-no-color"]).failure().all_output());
    assert!(
        output.contains(&format!("expires_on is \"{past}\", which is in the past")),
        "{output}"
    );
    assert!(
        output.contains("later than the latest expiry Akamai allows"),
        "{output}"
    );
    assert!(output.contains("expires_on"), "{output}");

    let posts: Vec<Value> = sandbox
        .requests(Some("akamai"))
        .into_iter()
        .filter(|r| r["method"] != "GET")
        .collect();
    assert!(posts.is_empty(), "nothing is created: {posts:?}");
    assert!(sandbox_clients(&sandbox).is_empty());
}
