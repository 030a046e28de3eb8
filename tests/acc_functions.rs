//! Provider-defined functions through real Terraform (1.8+): `edgerc_encode` writes what
//! edgegrid-python's own `EdgeRc` reads back, `edgerc_decode` returns the credential, and a bad
//! argument is an error Terraform points at, naming the fix.

mod support;

use support::python::{python, run};
use support::sandbox::TestSandbox;
use support::terraform::{Feature, Workdir};

const HOST: &str = "akab-h.luna.akamaiapis.net";
const CLIENT_TOKEN: &str = "akab-client-token";
const CLIENT_SECRET: &str = "c2VjcmV0LWZvci1lZGdlcmM=";
const ACCESS_TOKEN: &str = "akab-access-token";

#[test]
fn edgerc_functions_round_trip_and_edgegrid_python_reads_the_text() {
    let sandbox = TestSandbox::start();
    let wd = Workdir::for_sandbox(&sandbox);
    if !wd
        .tf
        .supports_or_skipped(Feature::Functions, "provider-defined functions")
    {
        return;
    }
    wd.write_config(include_str!("hcl/acc_functions/edgerc.tf"));
    wd.init();
    wd.apply();
    let text = wd.output("text");
    let text = text.as_str().expect("text is a string");
    assert_eq!(
        text,
        format!(
            "[ci]\nclient_secret = {CLIENT_SECRET}\nhost = {HOST}\naccess_token = {ACCESS_TOKEN}\nclient_token = {CLIENT_TOKEN}\n"
        )
    );
    let back = wd.output("back");
    assert_eq!(back["client_secret"], CLIENT_SECRET);
    assert_eq!(back["host"], HOST);
    assert_eq!(back.as_object().map(|o| o.len()), Some(4), "{back}");

    let file = wd.path().join("written.edgerc");
    std::fs::write(&file, text).expect("write .edgerc");
    let Some(python) = python("venv", "akamai.edgegrid") else {
        return;
    };
    // A test's made-up secret: on the command line is fine.
    let path = file.to_string_lossy().into_owned();
    run(
        &python,
        "edgerc_read.py",
        &[&path, "ci", HOST, CLIENT_TOKEN, ACCESS_TOKEN, CLIENT_SECRET],
    );
}

#[test]
fn a_bad_section_is_an_error_at_the_argument() {
    let sandbox = TestSandbox::start();
    let wd = Workdir::for_sandbox(&sandbox);
    if !wd
        .tf
        .supports_or_skipped(Feature::Functions, "provider-defined functions")
    {
        return;
    }
    wd.write_config(include_str!("hcl/acc_functions/edgerc.tf"));
    wd.init();
    let run = wd.run(&["plan", "-no-color", "-var", "section=a]b"]);
    assert_ne!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stderr.contains("section must be a name such as"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("edgerc_encode"), "{}", run.stderr);
    assert!(!run.stderr.contains(CLIENT_SECRET), "{}", run.stderr);
}
