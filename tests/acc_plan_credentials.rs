//! `terraform plan` proves each used platform's credentials once per run (issue: a CI plan gate
//! passed with four wrong secrets). Real Terraform against the in-process sandbox: wrong secrets
//! fail the plan with the diagnostic that names the settings; `skip_credentials_validation` (or its
//! environment variable) turns the proof off; right secrets cost one request per platform, and a
//! platform the configuration does not use is never contacted.

#![cfg(feature = "test-resources")]

mod support;

use std::collections::BTreeMap;

use support::sandbox::TestSandbox;
use support::terraform::Workdir;

const ALL_PLATFORMS: &str = include_str!("hcl/acc_plan_credentials/all_platforms.tf");
const SAILPOINT_ONLY: &str = include_str!("hcl/acc_plan_credentials/sailpoint_only.tf");

/// The sandbox's settings with every secret replaced by "wrong".
fn wrong_secrets(sandbox: &TestSandbox) -> BTreeMap<String, String> {
    let mut env = sandbox.provider_env();
    for name in [
        "IBM_VERIFY_CLIENT_SECRET",
        "SAIL_CLIENT_SECRET",
        "OAM_PASSWORD",
        "AKAMAI_CLIENT_SECRET",
    ] {
        env.insert(name.to_owned(), "wrong".to_owned());
    }
    env
}

fn workdir(env: &BTreeMap<String, String>, config: &str) -> Workdir {
    Workdir::for_provider()
        .with_envs(env)
        .with_home_inside()
        .with_config(config)
}

/// The requests the sandbox logged per vendor key.
fn request_counts(sandbox: &TestSandbox) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for request in sandbox.requests(None) {
        let vendor = request["vendor"].as_str().unwrap_or("?").to_owned();
        *counts.entry(vendor).or_insert(0) += 1;
    }
    counts
}

#[test]
fn wrong_secrets_fail_the_plan_naming_the_settings_of_each_platform() {
    let sandbox = TestSandbox::start();
    let wd = workdir(&wrong_secrets(&sandbox), ALL_PLATFORMS);
    let run = wd.run(&["plan", "-detailed-exitcode", "-input=false"]);
    assert_eq!(run.code, 1, "the plan must fail:\n{}", run.all_output());
    let output = run.all_output();
    for (platform, settings) in [
        ("IBM Security Verify", "client_secret"),
        ("SailPoint", "client_secret"),
        ("Oracle Access Manager", "password"),
        ("Akamai", "client_secret"),
    ] {
        assert!(
            output.contains(platform),
            "{platform} is named in the plan's errors:\n{output}"
        );
        assert!(output.contains(settings), "{settings} is named:\n{output}");
    }
    assert!(
        output.contains("skip_credentials_validation"),
        "the way to skip the check is named:\n{output}"
    );
    assert!(!output.contains("Plan:"), "no plan was made:\n{output}");
    assert!(sandbox.state().sailpoint.clients.is_empty());
}

#[test]
fn skip_credentials_validation_plans_with_wrong_secrets() {
    let sandbox = TestSandbox::start();
    let wd = workdir(&wrong_secrets(&sandbox), ALL_PLATFORMS);
    let run = wd.run(&[
        "plan",
        "-detailed-exitcode",
        "-input=false",
        "-var=skip_credentials_validation=true",
    ]);
    assert_eq!(run.code, 2, "plan with changes:\n{}", run.all_output());
    assert!(run.stdout.contains("4 to add"), "{}", run.stdout);
    assert_eq!(
        request_counts(&sandbox),
        BTreeMap::new(),
        "nothing was sent to any platform"
    );

    // The environment variable does the same when the attribute is not set.
    let mut env = wrong_secrets(&sandbox);
    env.insert(
        "APICLIENTS_SKIP_CREDENTIALS_VALIDATION".into(),
        "true".into(),
    );
    let wd = workdir(&env, ALL_PLATFORMS);
    let run = wd.run(&["plan", "-detailed-exitcode", "-input=false"]);
    assert_eq!(run.code, 2, "plan with changes:\n{}", run.all_output());
}

#[test]
fn right_secrets_cost_one_request_per_platform_and_unused_platforms_none() {
    let sandbox = TestSandbox::start();
    let wd = workdir(&sandbox.provider_env(), ALL_PLATFORMS);
    sandbox.clear_requests();
    let run = wd.run(&["plan", "-detailed-exitcode", "-input=false"]);
    assert_eq!(run.code, 2, "plan with changes:\n{}", run.all_output());
    let counts = request_counts(&sandbox);
    for vendor in ["ibm_verify", "sailpoint", "oracle_oam", "akamai"] {
        assert_eq!(
            counts.get(vendor).copied(),
            Some(1),
            "one proof request for {vendor}: {counts:?}"
        );
    }

    // Only SailPoint in the configuration, with every other platform's secret wrong: the plan
    // succeeds and only SailPoint is contacted.
    let mut env = wrong_secrets(&sandbox);
    env.insert(
        "SAIL_CLIENT_SECRET".into(),
        sandbox.credentials.sailpoint.client_secret.clone(),
    );
    let wd = workdir(&env, SAILPOINT_ONLY);
    sandbox.clear_requests();
    let run = wd.run(&["plan", "-detailed-exitcode", "-input=false"]);
    assert_eq!(run.code, 2, "plan with changes:\n{}", run.all_output());
    let counts = request_counts(&sandbox);
    assert_eq!(
        counts.keys().collect::<Vec<_>>(),
        vec!["sailpoint"],
        "{counts:?}"
    );
}

/// A given SailPoint access token (no token request to prove it) is proven by one cheap GET: a
/// wrong token fails the plan, the sandbox's own token plans.
#[test]
fn a_given_access_token_is_proven_by_one_get() {
    let sandbox = TestSandbox::start();
    let mut env = sandbox.provider_env();
    env.remove("SAIL_CLIENT_ID");
    env.remove("SAIL_CLIENT_SECRET");
    env.insert("SAIL_ACCESS_TOKEN".into(), "wrong-token-0123456789".into());
    let wd = workdir(&env, SAILPOINT_ONLY);
    let run = wd.run(&["plan", "-detailed-exitcode", "-input=false"]);
    assert_eq!(
        run.code,
        1,
        "a wrong token fails the plan:\n{}",
        run.all_output()
    );
    assert!(
        run.all_output().contains("SailPoint"),
        "{}",
        run.all_output()
    );

    let admin = &sandbox.credentials.sailpoint;
    let token: serde_json::Value = sandbox
        .grant("/oauth/token", &admin.client_id, &admin.client_secret)
        .expect("token request")
        .json()
        .expect("token JSON");
    let token = token["access_token"].as_str().expect("access_token");
    env.insert("SAIL_ACCESS_TOKEN".into(), token.to_owned());
    let wd = workdir(&env, SAILPOINT_ONLY);
    sandbox.clear_requests();
    let run = wd.run(&["plan", "-detailed-exitcode", "-input=false"]);
    assert_eq!(run.code, 2, "the right token plans:\n{}", run.all_output());
    let counts = request_counts(&sandbox);
    assert_eq!(counts.get("sailpoint"), Some(&1), "one GET: {counts:?}");
}
