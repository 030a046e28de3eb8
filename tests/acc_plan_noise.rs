//! Quiet update plans (issue: every IBM update showed `additional_config` and
//! `override_settings` as known after apply though neither was set and both stayed null;
//! SailPoint updates did the same with `last_used`). Real Terraform against the in-process
//! sandbox: one resource of every type is created, then updated in place, and the saved plan's
//! JSON (`terraform show -json`) is read: no attribute null before the update is unknown in it.

#![cfg(feature = "test-resources")]

mod support;

use serde_json::Value;
use support::sandbox::TestSandbox;
use support::terraform::Workdir;

const EVERY_TYPE: &str = include_str!("hcl/acc_plan_noise/every_type.tf");

const ADDRESSES: [&str; 5] = [
    "apiclients_ibm_verify_api_client.quiet",
    "apiclients_sailpoint_oauth_client.quiet",
    "apiclients_oracle_oam_oauth_client.quiet",
    "apiclients_akamai_api_client.quiet",
    "apiclients_akamai_api_client_credential.quiet",
];

fn change<'a>(plan: &'a Value, address: &str) -> &'a Value {
    plan["resource_changes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|rc| rc["address"] == address)
        .map(|rc| &rc["change"])
        .unwrap_or_else(|| panic!("no change for {address} in {plan:#}"))
}

/// The paths `after_unknown` marks unknown (a `true` leaf), with the value `before` had there.
fn unknown_paths(
    after_unknown: &Value,
    before: &Value,
    path: &str,
    out: &mut Vec<(String, Value)>,
) {
    match after_unknown {
        Value::Bool(true) => out.push((path.to_owned(), before.clone())),
        Value::Object(fields) => {
            for (name, unknown) in fields {
                let at = if path.is_empty() {
                    name.clone()
                } else {
                    format!("{path}.{name}")
                };
                unknown_paths(unknown, before.get(name).unwrap_or(&Value::Null), &at, out);
            }
        }
        Value::Array(elements) => {
            for (i, unknown) in elements.iter().enumerate() {
                let at = format!("{path}[{i}]");
                unknown_paths(unknown, before.get(i).unwrap_or(&Value::Null), &at, out);
            }
        }
        _ => {}
    }
}

#[test]
fn an_update_plan_shows_no_null_attribute_as_known_after_apply() {
    let sandbox = TestSandbox::start();
    let wd = Workdir::for_sandbox(&sandbox);
    wd.set_var("note", "first");
    let wd = wd.with_config(EVERY_TYPE);

    // The create plan: left out, these are planned null, not unknown (Terraform 1.0 drew an
    // unknown one as a phantom nested element, `scopes = [ + { } ]`, or `ip_acl = { cidr =
    // (known after apply), enable = (known after apply) }`).
    let created = wd.plan_json();
    let left_out = [
        (ADDRESSES[0], "override_settings"),
        (ADDRESSES[0], "additional_config"),
        (ADDRESSES[3], "ip_acl"),
    ];
    for (address, name) in left_out {
        let planned = change(&created, address);
        let after = &planned["after"][name];
        let unknown = planned["after_unknown"].get(name);
        assert!(
            after.is_null() && matches!(unknown, None | Some(Value::Bool(false))),
            "{address}.{name} left out is planned null at create, got after = {after}, after_unknown = {unknown:?}"
        );
    }
    let text = wd.plan().stdout;
    for (_, name) in left_out {
        assert!(
            !text.contains(name),
            "the create plan does not draw {name}:\n{text}"
        );
    }
    wd.apply();
    wd.assert_empty_plan();

    wd.set_var("note", "second");
    let updated = wd.plan_json();
    for address in ADDRESSES {
        let change = change(&updated, address);
        assert_eq!(
            change["actions"],
            serde_json::json!(["update"]),
            "{address}: {change:#}"
        );
        let mut unknown = Vec::new();
        unknown_paths(
            &change["after_unknown"],
            &change["before"],
            "",
            &mut unknown,
        );
        let null_before: Vec<&String> = unknown
            .iter()
            .filter(|(_, before)| before.is_null())
            .map(|(path, _)| path)
            .collect();
        assert!(
            null_before.is_empty(),
            "{address}: null before the update, yet known after apply: {null_before:?}\n{change:#}"
        );
        println!("{address}: unknown in the update plan: {unknown:?}");
    }
    for (address, name) in [
        (ADDRESSES[0], "override_settings"),
        (ADDRESSES[0], "additional_config"),
        (ADDRESSES[1], "last_used"),
    ] {
        let change = change(&updated, address);
        let unknown = change["after_unknown"].get(name);
        assert!(
            matches!(unknown, None | Some(Value::Bool(false))),
            "{address}.{name} is not known after apply: {unknown:?}"
        );
        assert!(
            change["after"][name].is_null(),
            "{address}.{name} stays null: {change:#}"
        );
    }
    wd.apply();
    let state = wd.state_json();
    for (address, name) in [
        (ADDRESSES[0], "override_settings"),
        (ADDRESSES[0], "additional_config"),
        (ADDRESSES[1], "last_used"),
    ] {
        let values = wd
            .resource_values(address)
            .unwrap_or_else(|| panic!("{address} in {state:#}"));
        assert!(
            values[name].is_null(),
            "{address}.{name} is null after the update: {values:#}"
        );
    }
    wd.assert_empty_plan();
    wd.destroy();
}
