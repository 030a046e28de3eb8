//! The demo stack of `make demo` (examples/demo), applied with the real Terraform CLI against the sandbox
//! like every other acceptance test, so the README's first command cannot rot unnoticed.

mod support;

use support::demo_config;
use support::sandbox::TestSandbox;
use support::terraform::Workdir;

#[test]
fn the_demo_stack_applies_plans_empty_and_destroys_on_every_vendor() {
    let sandbox = TestSandbox::start();
    let wd = Workdir::for_sandbox(&sandbox).with_env("OAM_IDENTITY_DOMAIN", "DemoDomain");
    let demo = demo_config();
    // The demo carries its own required_providers block; write it as it is.
    wd.write_file("main.tf", &demo);
    wd.init();
    wd.apply();
    wd.assert_empty_plan();

    let state = sandbox.state();
    let state = serde_json::to_value(&state).expect("sandbox state");
    for vendor in ["ibm_verify", "sailpoint", "oracle_oam", "akamai"] {
        let count: usize = state[vendor]
            .as_object()
            .expect("vendor state")
            .values()
            .filter_map(|v| {
                v.as_object()
                    .map(|o| o.len())
                    .or_else(|| v.as_array().map(|a| a.len()))
            })
            .sum();
        assert!(
            count >= 1,
            "the demo created nothing on {vendor}: {}",
            state[vendor]
        );
    }
    let outputs = wd.run(&["output", "-json", "-no-color"]).success();
    let outputs: serde_json::Value = serde_json::from_str(&outputs.stdout).expect("outputs JSON");
    assert_eq!(outputs["client_secrets"]["sensitive"], true);
    for vendor in ["ibm_verify", "sailpoint", "oracle_oam", "akamai"] {
        assert!(
            outputs["client_ids"]["value"][vendor]
                .as_str()
                .is_some_and(|id| !id.is_empty()),
            "{outputs}"
        );
        assert!(
            outputs["client_secrets"]["value"][vendor]
                .as_str()
                .is_some_and(|s| !s.is_empty()),
            "{outputs}"
        );
    }
    wd.destroy();
}
