//! The provider configuration and the REST core end to end with the real Terraform CLI, through the
//! `apiclients_oracle_oam_oauth_clients` (HTTP Basic) and `apiclients_akamai_api_clients` (EdgeGrid)
//! data sources against the in-process sandbox: environment-variable fallback and precedence,
//! `.edgerc` files, missing settings and rejected credentials at plan time, provider values unknown
//! at plan time, private CAs, retries, and secrets kept out of Terraform's trace log.

#![cfg(feature = "test-resources")]

mod support;

use std::collections::BTreeMap;

use apiclients_sandbox::{
    BasicCredentials, ClientCredentials, Credentials, EdgeGridCredentials, Options, SandboxConfig,
};
use serde_json::{Value, json};
use support::sandbox::TestSandbox;
use support::terraform::Workdir;

const OAM_DOMAIN: &str = "Default";

/// Two OAM clients in `OAM_DOMAIN`, one in another domain, and one Akamai API client, all created
/// behind the provider's back. Returns the OAM client names in `OAM_DOMAIN` and the Akamai client id.
fn seed(sandbox: &TestSandbox) -> (Vec<String>, String) {
    let mut names = Vec::new();
    for name in ["billing-batch", "reporting"] {
        sandbox.create_object(
            "oracle_oam",
            &json!({"name": name, "idDomain": OAM_DOMAIN, "clientType": "CONFIDENTIAL_CLIENT",
                    "grantTypes": ["CLIENT_CREDENTIALS"], "description": format!("{name} job")}),
        );
        names.push(name.to_owned());
    }
    sandbox.create_object(
        "oracle_oam",
        &json!({"name": "elsewhere", "idDomain": "Other", "clientType": "PUBLIC_CLIENT"}),
    );
    let akamai = sandbox.create_object(
        "akamai",
        &json!({"clientName": "deployer", "clientDescription": "CI deployer", "clientType": "CLIENT",
                "authorizedUsers": ["alice"], "createCredential": true,
                "apiAccess": {"allAccessibleApis": true},
                "groupAccess": {"cloneAuthorizedUserGroups": true}}),
    );
    let akamai_id = akamai["clientId"]
        .as_str()
        .expect("akamai clientId")
        .to_owned();
    (names, akamai_id)
}

const DATA_SOURCES: &str = include_str!("hcl/acc_provider_config/data_sources.tf");
const PROVIDER: &str = include_str!("hcl/acc_provider_config/provider.tf");
const PROVIDER_SETTINGS: &str = include_str!("hcl/acc_provider_config/provider_settings.tf");
const PROVIDER_NO_RETRIES: &str = include_str!("hcl/acc_provider_config/provider_no_retries.tf");
const AKAMAI_ONLY: &str = include_str!("hcl/acc_provider_config/akamai_only.tf");
const UNKNOWN_PROVIDER: &str = include_str!("hcl/acc_provider_config/unknown_provider.tf");
const LATE_READ_AT_PLAN: &str = include_str!("hcl/acc_provider_config/late_read_at_plan.tf");
const LATE_READ_AFTER_WIDGET: &str =
    include_str!("hcl/acc_provider_config/late_read_after_widget.tf");

fn workdir_for(sandbox: &TestSandbox) -> Workdir {
    // The widget store for the one test that needs a resource; harmless elsewhere.
    Workdir::for_sandbox(sandbox)
        .with_env("OAM_IDENTITY_DOMAIN", OAM_DOMAIN)
        .with_widget_store()
        .with_home_inside()
}

/// Both data sources under `provider` (PROVIDER, or one of the PROVIDER_* blocks), with `vars` for
/// its variables.
fn read_both(wd: &Workdir, provider: &str, vars: Value) {
    wd.write_config(DATA_SOURCES);
    wd.write_file("provider.tf", provider);
    wd.write_vars(&vars);
}

fn remove_envs(wd: &mut Workdir, prefix: &str) {
    for name in [
        "HOST",
        "CLIENT_TOKEN",
        "CLIENT_SECRET",
        "ACCESS_TOKEN",
        "BASE_URL",
        "USERNAME",
        "PASSWORD",
        "IDENTITY_DOMAIN",
    ] {
        wd.remove_env(&format!("{prefix}{name}"));
    }
}

fn assert_read_everything(wd: &Workdir, names: &[String], akamai_id: &str) {
    let outputs = wd.outputs();
    assert_eq!(outputs["oam_names"]["value"], json!(names), "{outputs}");
    assert_eq!(outputs["oam_domain"]["value"], OAM_DOMAIN);
    let akamai = outputs["akamai"]["value"].as_array().expect("akamai list");
    let deployer = akamai
        .iter()
        .find(|c| c["id"] == akamai_id)
        .unwrap_or_else(|| panic!("the seeded Akamai client is listed: {outputs}"));
    assert_eq!(deployer["name"], "deployer");
    assert_eq!(deployer["description"], "CI deployer");
    assert_eq!(deployer["active"], 1);
    assert_eq!(deployer["users"], json!(["alice"]));
}

/// 1: environment variables alone; an attribute beats a wrong environment variable.
#[test]
fn settings_come_from_env_vars_and_attributes_win() {
    let sandbox = TestSandbox::start();
    let (names, akamai_id) = seed(&sandbox);
    let mut wd = workdir_for(&sandbox);

    read_both(&wd, PROVIDER, json!({}));
    wd.init();
    wd.apply();
    assert_read_everything(&wd, &names, &akamai_id);
    assert!(
        sandbox
            .requests(Some("oracle_oam"))
            .iter()
            .any(|r| r["status"] == 200),
        "OAM was really called"
    );

    // Wrong environment variables, right attributes: the attributes win.
    let c = &sandbox.credentials;
    wd.set_env("OAM_PASSWORD", "wrong-oam-password");
    wd.set_env("OAM_IDENTITY_DOMAIN", "Other");
    wd.set_env("AKAMAI_CLIENT_SECRET", "d3JvbmctYWthbWFpLXNlY3JldA==");
    wd.set_env("AKAMAI_HOST", "http://127.0.0.1:9");
    read_both(
        &wd,
        PROVIDER_SETTINGS,
        json!({
            "oam_password": c.oracle_oam.password,
            "oam_identity_domain": OAM_DOMAIN,
            "akamai_host": sandbox.url,
            "akamai_client_secret": c.akamai.client_secret,
        }),
    );
    wd.apply();
    assert_read_everything(&wd, &names, &akamai_id);
}

/// 3 and 4: a missing setting fails the plan naming the setting and its variable; a vendor left out
/// entirely is fine while nothing of it is used; rejected credentials fail the plan naming the
/// vendor, and no secret appears in the output.
#[test]
fn missing_settings_and_rejected_credentials_fail_the_plan_clearly() {
    let sandbox = TestSandbox::start();
    seed(&sandbox);
    let c = sandbox.credentials.clone();
    let mut wd = workdir_for(&sandbox);

    wd.remove_env("OAM_PASSWORD");
    read_both(&wd, PROVIDER, json!({}));
    wd.init();
    let run = wd.run(&["plan", "-no-color"]).failure();
    let output = run.all_output();
    assert!(output.contains("oracle_oam.password"), "{output}");
    assert!(output.contains("OAM_PASSWORD"), "{output}");
    assert!(output.contains("Oracle Access Manager"), "{output}");

    // No OAM settings at all, a configuration that uses only Akamai: fine.
    remove_envs(&mut wd, "OAM_");
    wd.write_config(AKAMAI_ONLY);
    wd.write_file("provider.tf", PROVIDER);
    let run = wd.run(&["plan", "-no-color"]).success();
    assert!(
        !run.all_output().contains("Oracle Access Manager"),
        "{}",
        run.stdout
    );
    wd.apply();
    assert_eq!(wd.output("count"), 1);

    // Rejected credentials, one vendor at a time.
    wd.set_envs(&sandbox.provider_env());
    wd.set_env("OAM_IDENTITY_DOMAIN", OAM_DOMAIN);
    let wrong_password = "not-the-oam-password-4711";
    wd.set_env("OAM_PASSWORD", wrong_password);
    read_both(&wd, PROVIDER, json!({}));
    let run = wd.run(&["plan", "-no-color"]).failure();
    let output = run.all_output();
    assert!(
        output.contains("Oracle Access Manager refused the provider's credentials"),
        "{output}"
    );
    assert!(output.contains("401"), "{output}");
    for secret in [wrong_password, &c.oracle_oam.password] {
        assert!(!output.contains(secret), "a secret leaked: {output}");
    }

    wd.set_env("OAM_PASSWORD", &c.oracle_oam.password);
    let wrong_secret = "bm90LXRoZS1ha2FtYWktc2VjcmV0LTQ3MTE=";
    wd.set_env("AKAMAI_CLIENT_SECRET", wrong_secret);
    let run = wd.run(&["plan", "-no-color"]).failure();
    let output = run.all_output();
    assert!(
        output.contains("Akamai IAM refused the provider's credentials"),
        "{output}"
    );
    assert!(
        !output.contains("Oracle Access Manager refused"),
        "{output}"
    );
    for secret in [
        wrong_secret,
        &c.akamai.client_secret,
        &c.akamai.access_token,
        &c.akamai.client_token,
    ] {
        assert!(!output.contains(secret), "a secret leaked: {output}");
    }
}

/// 5: a provider configuration Terraform knows only after apply. A second provider instance takes
/// its identity domain from a resource that does not exist yet; the data source read through it
/// waits for that resource (depends_on), so the plan succeeds and apply reads with the final value.
/// Read at plan time instead, the data source says why it cannot.
#[test]
fn provider_values_unknown_at_plan_time() {
    let sandbox = TestSandbox::start();
    sandbox.create_object(
        "oracle_oam",
        &json!({"name": "late-client", "idDomain": "Late", "clientType": "CONFIDENTIAL_CLIENT"}),
    );
    let wd = workdir_for(&sandbox);
    wd.write_config(UNKNOWN_PROVIDER);
    wd.write_file("late.tf", LATE_READ_AT_PLAN);
    wd.init();
    let run = wd.run(&["plan", "-no-color"]).failure();
    let output = run.all_output();
    assert!(
        output.contains("Oracle Access Manager settings are not known yet"),
        "{output}"
    );
    assert!(output.contains("depends_on"), "{output}");

    wd.write_file("late.tf", LATE_READ_AFTER_WIDGET);
    let run = wd.plan();
    assert_eq!(run.code, 2, "a plan with changes:\n{}", run.all_output());
    assert!(
        sandbox.requests(Some("oracle_oam")).is_empty(),
        "nothing is read during the plan"
    );
    wd.apply();
    assert_eq!(wd.output("names"), json!(["late-client"]));
    wd.destroy();
}

/// 6 and 2: a sandbox behind TLS with its own CA, reached through ca_cert_file; without it, a TLS
/// error that says what to do. Akamai credentials from an `.edgerc` file named in the block, then
/// from AKAMAI_EDGERC + AKAMAI_EDGERC_SECTION: over TLS because `.edgerc` hosts are bare host names
/// that mean https, as in Akamai's own tools.
#[test]
fn private_ca_and_edgerc_files() {
    let sandbox = TestSandbox::start_with(
        Options::default(),
        SandboxConfig {
            tls: true,
            ..SandboxConfig::default()
        },
    );
    let host = sandbox
        .url
        .strip_prefix("https://")
        .unwrap_or_else(|| panic!("a TLS sandbox: {}", sandbox.url))
        .to_owned();
    let (names, akamai_id) = seed(&sandbox);
    let mut wd = workdir_for(&sandbox);
    let pem = wd.path().join("sandbox-ca.pem");
    std::fs::write(&pem, sandbox.certificate_pem.as_deref().expect("PEM")).expect("write PEM");

    let pem = pem.display().to_string();
    let trusted = json!({"oam_ca_cert_file": pem, "akamai_ca_cert_file": pem});
    read_both(&wd, PROVIDER_SETTINGS, trusted.clone());
    wd.init();
    wd.apply();
    assert_read_everything(&wd, &names, &akamai_id);

    // Akamai from section [sandbox] of an .edgerc file named in the block, no AKAMAI_* variables;
    // the [default] section would fail.
    remove_envs(&mut wd, "AKAMAI_");
    let c = &sandbox.credentials;
    let edgerc = wd.path().join("edgerc");
    std::fs::write(
        &edgerc,
        format!(
            "[default]\nhost = 127.0.0.1:9\nclient_token = akab-wrong\nclient_secret = d3Jvbmc=\naccess_token = akab-wrong\n\n\
             [sandbox]\nhost = {host}\nclient_token = {ct}\nclient_secret = {cs}\naccess_token = {at}\n",
            ct = c.akamai.client_token,
            cs = c.akamai.client_secret,
            at = c.akamai.access_token,
        ),
    )
    .expect("write edgerc");
    let mut from_edgerc = trusted.clone();
    from_edgerc["akamai_edgerc"] = json!(edgerc.display().to_string());
    from_edgerc["akamai_section"] = json!("sandbox");
    read_both(&wd, PROVIDER_SETTINGS, from_edgerc);
    wd.apply();
    assert_read_everything(&wd, &names, &akamai_id);

    // The same file and section through AKAMAI_EDGERC and AKAMAI_EDGERC_SECTION.
    wd.set_env("AKAMAI_EDGERC", &edgerc.display().to_string());
    wd.set_env("AKAMAI_EDGERC_SECTION", "sandbox");
    read_both(&wd, PROVIDER_SETTINGS, trusted);
    wd.apply();
    assert_read_everything(&wd, &names, &akamai_id);

    // Without ca_cert_file the sandbox's certificate is not trusted.
    read_both(&wd, PROVIDER, json!({}));
    let run = wd.run(&["plan", "-no-color"]).failure();
    let output = run.all_output();
    assert!(
        output.contains("Cannot reach Oracle Access Manager"),
        "{output}"
    );
    assert!(output.contains("Cannot reach Akamai IAM"), "{output}");
    assert!(
        output.contains("certificate") && output.contains("ca_cert_file"),
        "the error says it is about the certificate and what to do: {output}"
    );
}

/// 7: retries through Terraform: two injected 503s are retried and the read succeeds (three
/// requests); with max_retries = 0 the first 503 fails the plan, naming the vendor (one request).
#[test]
fn retries_through_terraform() {
    let sandbox = TestSandbox::start();
    let (names, akamai_id) = seed(&sandbox);
    let wd = workdir_for(&sandbox);
    read_both(&wd, PROVIDER, json!({}));
    wd.init();

    sandbox.clear_requests();
    for vendor in ["oracle_oam", "akamai"] {
        sandbox
            .add_fault(&json!({"vendor": vendor, "status": 503, "count": 2, "retry_after_s": 0}));
    }
    wd.apply();
    assert_read_everything(&wd, &names, &akamai_id);
    for vendor in ["oracle_oam", "akamai"] {
        let requests = sandbox.requests(Some(vendor));
        let statuses: Vec<&Value> = requests.iter().map(|r| &r["status"]).collect();
        assert_eq!(statuses, [503, 503, 200], "{vendor}: {requests:?}");
    }

    read_both(&wd, PROVIDER_NO_RETRIES, json!({}));
    sandbox.clear_requests();
    sandbox
        .add_fault(&json!({"vendor": "oracle_oam", "status": 503, "count": 1, "retry_after_s": 0}));
    let run = wd.run(&["plan", "-no-color"]).failure();
    let output = run.all_output();
    assert!(output.contains("Oracle Access Manager failed"), "{output}");
    assert!(output.contains("503"), "{output}");
    assert_eq!(
        sandbox.requests(Some("oracle_oam")).len(),
        1,
        "no retry with max_retries = 0"
    );
}

/// 8: with TF_LOG=trace, no credential secret appears in Terraform's log file, stdout or stderr,
/// whether it came from the provider block or from an environment variable, on success and on a
/// rejected credential.
#[test]
fn secrets_never_reach_the_trace_log() {
    let tag = uuid::Uuid::new_v4().simple().to_string();
    let credentials = Credentials {
        ibm_verify: ClientCredentials {
            client_id: "ibm-admin".into(),
            client_secret: format!("ibm-secret-{tag}"),
        },
        sailpoint: ClientCredentials {
            client_id: "sail-admin".into(),
            client_secret: format!("sail-secret-{tag}"),
        },
        oracle_oam: BasicCredentials {
            username: "oamadmin".into(),
            password: format!("oam-password-{tag}"),
        },
        akamai: EdgeGridCredentials {
            client_token: format!("akab-client-token-{tag}"),
            client_secret: format!("akamai-secret-{tag}"),
            access_token: format!("akab-access-token-{tag}"),
        },
    };
    let sandbox = TestSandbox::start_with(
        Options {
            credentials: credentials.clone(),
            ..Options::default()
        },
        SandboxConfig::default(),
    );
    let (names, akamai_id) = seed(&sandbox);
    let mut wd = workdir_for(&sandbox);
    let log = wd.path().join("terraform.log");
    wd.set_env("TF_LOG", "trace");
    wd.set_env("TF_LOG_PATH", &log.display().to_string());
    // OAM password and Akamai client secret in the block, everything else from the environment.
    wd.remove_env("OAM_PASSWORD");
    wd.remove_env("AKAMAI_CLIENT_SECRET");
    let provider_block = |oam_password: &str| {
        json!({
            "oam_password": oam_password,
            "akamai_client_secret": credentials.akamai.client_secret,
        })
    };
    read_both(
        &wd,
        PROVIDER_SETTINGS,
        provider_block(&credentials.oracle_oam.password),
    );
    wd.init();
    let mut runs = vec![wd.run(&["plan", "-no-color"]).success(), wd.apply()];
    assert_read_everything(&wd, &names, &akamai_id);

    let wrong_password = format!("wrong-password-{tag}");
    read_both(&wd, PROVIDER_SETTINGS, provider_block(&wrong_password));
    runs.push(wd.run(&["plan", "-no-color"]).failure());

    let mut secrets: BTreeMap<&str, String> = BTreeMap::from([
        (
            "IBM client secret",
            credentials.ibm_verify.client_secret.clone(),
        ),
        (
            "SailPoint client secret",
            credentials.sailpoint.client_secret.clone(),
        ),
        ("OAM password", credentials.oracle_oam.password.clone()),
        ("wrong OAM password", wrong_password.clone()),
        (
            "Akamai client secret",
            credentials.akamai.client_secret.clone(),
        ),
        (
            "Akamai client token",
            credentials.akamai.client_token.clone(),
        ),
        (
            "Akamai access token",
            credentials.akamai.access_token.clone(),
        ),
    ]);
    // The Basic authorization header's value, in case a header is ever logged.
    for (what, password) in [
        ("OAM basic auth", &credentials.oracle_oam.password),
        ("wrong OAM basic auth", &wrong_password),
    ] {
        use base64::Engine;
        secrets.insert(
            what,
            base64::engine::general_purpose::STANDARD.encode(format!("oamadmin:{password}")),
        );
    }

    let log_text = std::fs::read_to_string(&log).expect("Terraform wrote the trace log");
    assert!(
        log_text.contains("provider.terraform-provider-apiclients"),
        "the log holds the provider's own lines"
    );
    assert!(
        log_text.contains("ConfigureProvider") || log_text.contains("provider configured"),
        "the log is a real trace log"
    );
    for (what, secret) in &secrets {
        assert!(
            !log_text.contains(secret.as_str()),
            "{what} is in the trace log {}",
            log.display()
        );
        for run in &runs {
            assert!(
                !run.all_output().contains(secret.as_str()),
                "{what} is in the output of terraform {:?}",
                run.args
            );
        }
    }
}
