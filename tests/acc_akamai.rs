//! `apiclients_akamai_api_client` and `apiclients_akamai_api_client_credential` with the real Terraform CLI
//! against the in-process sandbox: lifecycle (secret captured, empty plans, in-place changes, lock and
//! unlock, deactivation, destroy of active credentials, out-of-band deletes, import, destroy of a client
//! that still has an active credential Terraform does not manage), and plan-time validation.

#![cfg(feature = "test-resources")]

mod support;

use apiclients::vendors::akamai::AkamaiClient;
use chrono::{Duration, SecondsFormat, Utc};
use serde_json::{Value, json};
use support::direct::InProcess;
use support::sandbox::TestSandbox;
use support::terraform::{Workdir, flat, text};

const CLIENT: &str = "apiclients_akamai_api_client.ci";
const MAIN: &str = "apiclients_akamai_api_client_credential.main";
const SECOND: &str = "apiclients_akamai_api_client_credential.second";

const CLIENT_TF: &str = include_str!("hcl/acc_akamai/client.tf");
const CREDENTIAL_MAIN: &str = include_str!("hcl/acc_akamai/credential_main.tf");
const CREDENTIAL_SECOND: &str = include_str!("hcl/acc_akamai/credential_second.tf");
const BAD_INPUT: &str = include_str!("hcl/acc_akamai/bad_input.tf");

/// The client, the credentials named in `credentials` ("main", "second") and `vars` for the
/// variables of client.tf.
fn configure(wd: &Workdir, credentials: &[&str], vars: Value) {
    wd.write_config(CLIENT_TF);
    for (name, file) in [("main", CREDENTIAL_MAIN), ("second", CREDENTIAL_SECOND)] {
        let file_name = format!("credential_{name}.tf");
        if credentials.contains(&name) {
            wd.write_file(&file_name, file);
        } else {
            wd.remove_file(&file_name);
        }
    }
    wd.write_vars(&vars);
}

fn sandbox_credentials(sandbox: &TestSandbox, client_id: &str) -> Vec<Value> {
    sandbox
        .clients("akamai")
        .into_iter()
        .find(|c| c["clientId"] == client_id)
        .and_then(|c| c["credentials"].as_array().cloned())
        .unwrap_or_default()
}

/// The vendor API, signed with the sandbox's admin credentials, for changes behind Terraform's back.
struct VendorApi {
    api: InProcess,
}

impl VendorApi {
    fn new(sandbox: &TestSandbox) -> VendorApi {
        VendorApi {
            api: InProcess::configure(sandbox, "akamai", &[]),
        }
    }

    fn client(&self) -> AkamaiClient {
        self.api.provider.handle().akamai().expect("akamai client")
    }

    /// An ACTIVE credential Terraform does not know about; returns its id.
    fn create_credential(&self, client_id: &str) -> i64 {
        let client = self.client();
        self.api
            .runtime
            .block_on(client.create_credential(client_id, &Default::default()))
            .expect("create credential")
            .detail
            .credential_id
    }

    fn delete_credential(&self, client_id: &str, credential_id: i64) {
        let client = self.client();
        self.api.runtime.block_on(async {
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
    let wd = Workdir::for_sandbox(&sandbox);
    let both = ["main", "second"];
    configure(
        &wd,
        &both,
        json!({"client_description": "CI pipeline", "main_description": "deploys"}),
    );
    wd.init();
    wd.apply();
    wd.assert_empty_plan();

    let client = wd.resource_values(CLIENT).expect("client in state");
    let client_id = text(&client, "id");
    assert!(text(&client, "access_token").starts_with("akab-"));
    assert_eq!(client["lock"], false);
    assert_eq!(client["client_type"], "CLIENT");
    assert_eq!(
        client["notification_emails"],
        json!(["sandbox-admin@example.com"]),
        "Akamai's default lands in state"
    );
    assert_eq!(client["group_access"]["groups"], Value::Null);
    let main = wd.resource_values(MAIN).expect("credential in state");
    let main_id = text(&main, "id");
    assert_eq!(main["client_id"], client_id.as_str());
    assert!(!text(&main, "client_secret").is_empty(), "secret kept");
    assert!(text(&main, "client_token").starts_with("akab-"));
    assert_eq!(main["status"], "ACTIVE");
    assert_eq!(main["description"], "deploys");
    assert!(main["max_allowed_expiry"].is_string());
    let remote = sandbox.clients("akamai");
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
    let updated_main = json!({
        "main_description": "deploys",
        "main_status": "INACTIVE",
        "main_expires_on": expires,
    });
    let with_client = |client: Value| {
        let mut vars = updated_main.clone();
        for (key, value) in client.as_object().expect("client variables") {
            vars[key] = value.clone();
        }
        vars
    };
    configure(
        &wd,
        &both,
        with_client(json!({"client_description": "CI pipeline (weekly)"})),
    );
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
    let remote = sandbox.clients("akamai");
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
    configure(
        &wd,
        &both,
        with_client(json!({"client_description": "CI pipeline (weekly)", "lock": true})),
    );
    assert_eq!(wd.planned_actions(CLIENT), ["update"]);
    wd.apply();
    wd.assert_empty_plan();
    assert_eq!(sandbox.clients("akamai")[0]["isLocked"], true);
    configure(
        &wd,
        &[],
        json!({"client_description": "CI pipeline (locked)", "lock": true}),
    );
    assert_eq!(wd.planned_actions(CLIENT), ["update"]);
    assert_eq!(wd.planned_actions(SECOND), ["delete"]);
    let second_id = text(&wd.resource_values(SECOND).expect("second in state"), "id");
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
    let remote = sandbox.clients("akamai");
    assert_eq!(remote[0]["isLocked"], true);
    assert_eq!(remote[0]["clientDescription"], "CI pipeline (locked)");
    assert!(
        sandbox_credentials(&sandbox, &client_id).is_empty(),
        "both credentials deleted"
    );
    configure(
        &wd,
        &[],
        json!({"client_description": "CI pipeline (weekly)"}),
    );
    assert_eq!(wd.planned_actions(CLIENT), ["update"]);
    wd.apply();
    wd.assert_empty_plan();
    assert_eq!(sandbox.clients("akamai")[0]["isLocked"], false);

    // Out-of-band deletes: the credential, then the client; each next plan creates it again.
    configure(
        &wd,
        &["main"],
        json!({"client_description": "CI pipeline (weekly)", "main_description": "deploys"}),
    );
    wd.apply();
    let cred_id: i64 = text(&wd.resource_values(MAIN).expect("state"), "id")
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
    let client_id = text(&wd.resource_values(CLIENT).expect("state"), "id");
    let cred_id = text(&wd.resource_values(MAIN).expect("state"), "id");

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
    configure(
        &wd,
        &["main"],
        json!({"client_description": "CI pipeline (weekly)", "main_description": "deploys, imported"}),
    );
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
        sandbox.clients("akamai").is_empty(),
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
    let wd = Workdir::for_sandbox(&sandbox);
    configure(&wd, &[], json!({"client_description": "CI pipeline"}));
    wd.init();
    wd.apply();
    let client_id = text(&wd.resource_values(CLIENT).expect("client in state"), "id");
    sandbox.clear_requests();
    wd.destroy();
    assert!(
        sandbox.clients("akamai").is_empty(),
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
    let wd = Workdir::for_sandbox(&sandbox);
    wd.write_config(BAD_INPUT);
    wd.init();
    let output = flat(&wd.run(&["plan", "-no-color"]).failure().all_output());
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
    configure(
        &wd,
        &["main", "second"],
        json!({"main_expires_on": past, "second_expires_on": far}),
    );
    let output = flat(&wd.run(&["plan", "-no-color"]).failure().all_output());
    assert!(
        output.contains(&format!("expires_on is \"{past}\", which is in the past")),
        "{output}"
    );
    assert!(
        output.contains("later than the latest expiry Akamai allows"),
        "{output}"
    );
    // The limit is printed as Akamai writes times, to the millisecond (it printed nanoseconds).
    let limit = output
        .split("allows for this credential (")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .unwrap_or_else(|| panic!("the limit in: {output}"));
    assert!(
        chrono::DateTime::parse_from_rfc3339(limit).is_ok()
            && limit.ends_with('Z')
            && limit.split('.').nth(1).map(str::len) == Some(4),
        "the limit to the millisecond, such as 2028-12-02T20:00:00.123Z: {limit}"
    );
    assert!(output.contains("expires_on"), "{output}");

    let posts: Vec<Value> = sandbox
        .requests(Some("akamai"))
        .into_iter()
        .filter(|r| r["method"] != "GET")
        .collect();
    assert!(posts.is_empty(), "nothing is created: {posts:?}");
    assert!(sandbox.clients("akamai").is_empty());
}
