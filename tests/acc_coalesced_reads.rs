//! Coalesced reads, end to end: real Terraform plans 40 clients per vendor against the sandbox.
//! IBM Verify, SailPoint and OAM refresh from one list call each (plus a token where the vendor
//! has one); Akamai, whose list does not show what a client needs, sends one GET per client.
//! Drift made behind Terraform's back is still seen: deleted clients are planned again and a
//! changed description is planned back.

#![cfg(feature = "test-resources")]

mod support;

use serde_json::{Value, json};
use support::sandbox::TestSandbox;
use support::terraform::{Workdir, actions_in};

const CLIENTS: usize = 40;
const AKAMAI_CLIENTS: usize = 3;

const MAIN_TF: &str = include_str!("hcl/acc_coalesced_reads/main.tf");

/// (all requests, token requests, GETs of the collection, matched by how its path ends) of one vendor since the last clear.
fn counts(sandbox: &TestSandbox, vendor: &str, collection: &str) -> (usize, usize, usize) {
    let requests = sandbox.requests(Some(vendor));
    let path = |r: &Value| r["path"].as_str().unwrap_or_default().to_owned();
    let tokens = requests
        .iter()
        .filter(|r| path(r).contains("token"))
        .count();
    let lists = requests
        .iter()
        .filter(|r| {
            r["method"] == "GET"
                && path(r)
                    .split('?')
                    .next()
                    .is_some_and(|p| p.ends_with(collection))
        })
        .count();
    (requests.len(), tokens, lists)
}

fn id_of(wd: &Workdir, address: &str) -> String {
    let values = wd.resource_values(address).expect("in state");
    values["id"].as_str().expect("id").to_owned()
}

#[test]
fn plans_refresh_from_one_list_per_vendor_and_still_see_drift() {
    let sandbox = TestSandbox::start();
    let wd = Workdir::for_sandbox(&sandbox)
        .with_env("OAM_IDENTITY_DOMAIN", "CoalescedDomain")
        .with_vars(&json!({ "clients": CLIENTS, "akamai_clients": AKAMAI_CLIENTS }))
        .with_config(MAIN_TF);
    wd.apply();

    sandbox.clear_requests();
    wd.assert_empty_plan();
    for (vendor, collection, has_token) in [
        ("ibm_verify", "/v1.0/apiclients", true),
        // Under whichever API version the provider is set to use.
        ("sailpoint", "/oauth-clients", true),
        (
            "oracle_oam",
            "/oam/services/rest/ssa/api/v1/oauthpolicyadmin/client",
            false,
        ),
    ] {
        let (all, tokens, lists) = counts(&sandbox, vendor, collection);
        assert_eq!(
            lists, 1,
            "{vendor}: one list call serves {CLIENTS} refreshes"
        );
        assert_eq!(
            all,
            1 + usize::from(has_token),
            "{vendor}: the list (and a token) and nothing else; {tokens} token requests"
        );
    }
    // Akamai's list lacks API access, group access and IP ACL: one GET per client.
    let akamai = sandbox.requests(Some("akamai"));
    assert_eq!(akamai.len(), AKAMAI_CLIENTS, "akamai: {akamai:#?}");

    // Drift behind Terraform's back: one client of each coalesced vendor deleted, one SailPoint
    // description changed.
    let ibm = id_of(&wd, "apiclients_ibm_verify_api_client.c[3]");
    let sail = id_of(&wd, "apiclients_sailpoint_oauth_client.c[4]");
    let oam = id_of(&wd, "apiclients_oracle_oam_oauth_client.c[5]");
    assert_eq!(
        sandbox.admin_delete(&format!("/_sandbox/objects/ibm_verify/{ibm}")),
        204
    );
    assert_eq!(
        sandbox.admin_delete(&format!("/_sandbox/objects/sailpoint/{sail}")),
        204
    );
    assert_eq!(
        sandbox.admin_delete(&format!("/_sandbox/objects/oracle_oam/{oam}")),
        204
    );
    let changed = id_of(&wd, "apiclients_sailpoint_oauth_client.c[6]");
    sailpoint_patch(
        &sandbox,
        &changed,
        json!([{"op": "replace", "path": "/description", "value": "changed behind Terraform"}]),
    );

    let plan = wd.plan_json();
    let actions = |address: &str| actions_in(&plan, address);
    assert_eq!(actions("apiclients_ibm_verify_api_client.c[3]"), ["create"]);
    assert_eq!(
        actions("apiclients_sailpoint_oauth_client.c[4]"),
        ["create"]
    );
    assert_eq!(
        actions("apiclients_oracle_oam_oauth_client.c[5]"),
        ["create"]
    );
    assert_eq!(
        actions("apiclients_sailpoint_oauth_client.c[6]"),
        ["update"]
    );
    assert_eq!(actions("apiclients_sailpoint_oauth_client.c[7]"), ["no-op"]);

    // An apply writes through the instance; the plan after it sees the result, never an older
    // listing, and is empty.
    wd.apply();
    wd.assert_empty_plan();
    wd.destroy();
}

/// A JSON Patch sent with SailPoint's own API, as another tool would.
fn sailpoint_patch(sandbox: &TestSandbox, id: &str, operations: Value) {
    let http = reqwest::blocking::Client::new();
    let c = &sandbox.credentials.sailpoint;
    let token: Value = sandbox
        .grant("/oauth/token", &c.client_id, &c.client_secret)
        .expect("token")
        .json()
        .expect("token JSON");
    let response = http
        .patch(format!("{}/beta/oauth-clients/{id}", sandbox.url))
        .bearer_auth(token["access_token"].as_str().expect("access_token"))
        .header("content-type", "application/json-patch+json")
        .body(operations.to_string())
        .send()
        .expect("patch");
    assert!(
        response.status().is_success(),
        "patch: {}",
        response.status()
    );
}
