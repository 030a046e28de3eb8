//! Provider settings refused at `terraform validate`, before any plan or request: the range of
//! `max_retries` (it used to be checked only when the client was built, at plan) and of
//! SailPoint's `requests_per_10s`.

#![cfg(feature = "test-resources")]

mod support;

use support::terraform::Workdir;

const MAX_RETRIES: &str = include_str!("hcl/acc_provider_validate/max_retries.tf");
const REQUESTS_PER_10S: &str = include_str!("hcl/acc_provider_validate/requests_per_10s.tf");

#[test]
fn max_retries_out_of_range_fails_validate_naming_the_attribute() {
    let wd = Workdir::for_provider();
    wd.write_config(MAX_RETRIES);
    wd.init();
    let run = wd.run(&["validate", "-no-color"]);
    assert_ne!(run.code, 0, "validate must fail:\n{}", run.all_output());
    let output = run.all_output();
    assert!(output.contains("max_retries"), "{output}");
    assert!(
        output.contains("4294967295"),
        "the range is named: {output}"
    );
}

#[test]
fn requests_per_10s_out_of_range_fails_validate_naming_the_attribute() {
    let wd = Workdir::for_provider();
    wd.write_config(REQUESTS_PER_10S);
    wd.init();
    let run = wd.run(&["validate", "-no-color"]);
    assert_ne!(run.code, 0, "validate must fail:\n{}", run.all_output());
    let output = run.all_output();
    assert!(output.contains("requests_per_10s"), "{output}");
    assert!(output.contains("10000"), "the range is named: {output}");
}
