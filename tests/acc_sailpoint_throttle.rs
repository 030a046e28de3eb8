//! 150 SailPoint OAuth clients applied and destroyed at Terraform's default parallelism (10) under the
//! sandbox's default rate limit (100 requests per access token per 10 s), with the provider's default
//! retry settings: the provider paces itself to the limit (src/http/pacing.rs), so more than one
//! window's worth of requests is sent without one 429, nothing fails and nothing is created twice.
//! (Retry-After handling of a 429 is tested in tests/http_sandbox.rs.)

#![cfg(feature = "test-resources")]

mod support;

use std::collections::BTreeSet;

use serde_json::Value;
use support::sandbox::TestSandbox;
use support::terraform::Workdir;

const CLIENTS: usize = 150;

fn sandbox_clients(sandbox: &TestSandbox) -> Vec<Value> {
    let state = serde_json::to_value(sandbox.state()).expect("state JSON");
    state["sailpoint"]["clients"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn count_status(sandbox: &TestSandbox, method: &str, status: u64) -> usize {
    sandbox
        .requests(Some("sailpoint"))
        .iter()
        .filter(|r| {
            r["method"] == method
                && r["status"] == status
                && r["path"]
                    .as_str()
                    .is_some_and(|p| p.starts_with("/v3/oauth-clients"))
        })
        .count()
}

#[test]
fn one_hundred_fifty_clients_under_the_default_rate_limit() {
    let sandbox = TestSandbox::start();
    let mut wd = Workdir::for_provider();
    wd.set_envs(&sandbox.provider_env());
    wd.write_config(&format!(
        r#"
provider "apiclients" {{}}

resource "apiclients_sailpoint_oauth_client" "bulk" {{
  count                         = {CLIENTS}
  name                          = "bulk-${{count.index}}"
  description                   = "throttling test"
  access_token_validity_seconds = 750
  grant_types                   = ["CLIENT_CREDENTIALS"]
  access_type                   = "ONLINE"
}}
"#
    ));
    wd.init();
    wd.apply();

    let clients = sandbox_clients(&sandbox);
    assert_eq!(clients.len(), CLIENTS, "exactly one client per resource");
    let names: BTreeSet<&str> = clients.iter().filter_map(|c| c["name"].as_str()).collect();
    assert_eq!(names.len(), CLIENTS, "no duplicate");
    assert_eq!(count_status(&sandbox, "POST", 200), CLIENTS);
    // More than one window's worth (else this test proves nothing), and none ran into the limit.
    const { assert!(CLIENTS > 100) };
    assert_eq!(
        count_status(&sandbox, "POST", 429) + count_status(&sandbox, "GET", 429),
        0,
        "paced to the limit, never into it"
    );

    // Destroy without a refresh: 150 deletes, throttled the same way.
    sandbox.clear_requests();
    wd.run(&["destroy", "-auto-approve", "-refresh=false", "-no-color"])
        .success();
    assert!(
        sandbox_clients(&sandbox).is_empty(),
        "everything is deleted"
    );
    assert_eq!(count_status(&sandbox, "DELETE", 204), CLIENTS);
    assert_eq!(count_status(&sandbox, "DELETE", 429), 0);
}
