//! 150 SailPoint OAuth clients applied and destroyed at Terraform's default parallelism (10) under the
//! sandbox's default rate limit (100 requests per access token per 10 s), with the provider's default
//! retry settings: the provider paces itself to the limit (src/http/pacing.rs), so more than one
//! window's worth of requests is sent without one 429, nothing fails and nothing is created twice.
//! (Retry-After handling of a 429 is tested in tests/http_sandbox.rs.)

#![cfg(feature = "test-resources")]

mod support;

use std::collections::BTreeSet;

use serde_json::json;
use support::sandbox::TestSandbox;
use support::terraform::Workdir;

const CLIENTS: usize = 150;
const MAIN_TF: &str = include_str!("hcl/acc_sailpoint_throttle/main.tf");

fn count_status(sandbox: &TestSandbox, method: &str, status: u64) -> usize {
    sandbox
        .calls("sailpoint", method, "/v3/oauth-clients")
        .iter()
        .filter(|r| r["status"] == status)
        .count()
}

#[test]
fn one_hundred_fifty_clients_under_the_default_rate_limit() {
    let sandbox = TestSandbox::start();
    let wd = Workdir::for_sandbox(&sandbox)
        .with_vars(&json!({ "clients": CLIENTS }))
        .with_config(MAIN_TF);
    wd.apply();

    let clients = sandbox.clients("sailpoint");
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
        sandbox.clients("sailpoint").is_empty(),
        "everything is deleted"
    );
    assert_eq!(count_status(&sandbox, "DELETE", 204), CLIENTS);
    assert_eq!(count_status(&sandbox, "DELETE", 429), 0);
}
