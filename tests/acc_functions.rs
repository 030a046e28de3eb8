//! Provider-defined functions through real Terraform (1.8+): `edgerc_encode` writes what
//! edgegrid-python's own `EdgeRc` reads back, `edgerc_decode` returns the credential, `token_url`
//! is where the sandbox grants tokens, and a bad argument is an error Terraform points at, naming
//! the fix. A host without functions (1.0.3 here, 1.6.6 in tests/acc_minors.rs) refuses the call by
//! its name.

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
    wd.write_config(include_str!("hcl/acc_functions/edgerc.tf"));
    wd.init();
    if !wd.tf.supports(Feature::Functions) {
        // An older host refuses the call by its name; the rest of the provider is unaffected
        // (every other suite runs there).
        let run = wd.run(&["validate", "-no-color"]);
        assert_ne!(run.code, 0, "{}", run.stdout);
        assert!(
            run.stderr.contains("provider::apiclients::edgerc_encode"),
            "{}",
            run.stderr
        );
        println!("functions refused by {}, as expected", wd.tf.name());
        return;
    }
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

/// The URL `token_url` gives is where the sandbox grants a token (IBM Verify, SailPoint: the
/// client-credentials grant with the sandbox's own clients; OAM's needs a client of a domain, so
/// its path is compared).
#[test]
fn token_url_is_where_the_platform_grants_a_token() {
    let sandbox = TestSandbox::start();
    let wd = Workdir::for_sandbox(&sandbox);
    if !wd
        .tf
        .supports_or_skipped(Feature::Functions, "provider-defined functions")
    {
        return;
    }
    wd.write_config(include_str!("hcl/acc_functions/token_url.tf"));
    wd.write_vars(&serde_json::json!({ "url": sandbox.url }));
    wd.init();
    wd.apply();
    let path = |name: &str| {
        let url = wd.output(name);
        let url = url.as_str().unwrap_or_default().to_owned();
        url.strip_prefix(&sandbox.url)
            .unwrap_or_else(|| panic!("{name}: {url} is not on the sandbox"))
            .to_owned()
    };
    assert_eq!(path("oracle_oam"), "/oauth2/rest/token");
    let credentials = &sandbox.credentials;
    for (name, client) in [
        ("ibm_verify", &credentials.ibm_verify),
        ("sailpoint", &credentials.sailpoint),
    ] {
        let granted = sandbox
            .grant(&path(name), &client.client_id, &client.client_secret)
            .expect("token request");
        assert!(
            granted.status().is_success(),
            "{name}: {}",
            granted.status()
        );
    }
}
