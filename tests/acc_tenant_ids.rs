//! What the sandbox alone could not tell: a tenant that ignores the client ID and secret a create
//! supplies. IBM Verify's OpenAPI file takes both as inputs, its "Create API client" page says the
//! tenant makes them; the sandbox's `ignore_supplied_client_ids` does the latter (for OAM too).
//! With the switch on and off: the state and every dependent in the same apply get the tenant's
//! values (they work at the token endpoint), and a create whose answer is lost is never sent a
//! second time when the new object it finds does not carry the id the provider sent.

mod support;

use apiclients::vendors::ibm_verify::api_client::{ApiClientState, IbmVerifyApiClientResource};
use apiclients::vendors::oracle_oam::oauth_client::{
    OAuthClientState, OracleOamOAuthClientResource,
};
use apiclients_sandbox::{Options, SandboxConfig};
use serde_json::{Value, json};
use support::direct::InProcess;
use support::sandbox::TestSandbox;
use support::terraform::Workdir;
use tfplugin::{Resource, Tf};

const DOMAIN: &str = "TestDomain1";
const IBM_TOKEN: &str = "/v1.0/endpoint/default/token";

fn sandbox(ignore_supplied: bool) -> TestSandbox {
    TestSandbox::start_with(
        Options {
            ignore_supplied_client_ids: ignore_supplied,
            ..Options::default()
        },
        SandboxConfig::default(),
    )
}

/// The one client the sandbox holds for `vendor`.
fn only_client(sandbox: &TestSandbox, vendor: &str) -> Value {
    let clients = sandbox.clients(vendor);
    assert_eq!(
        clients.len(),
        1,
        "exactly one client, no duplicate: {clients:?}"
    );
    clients[0].clone()
}

#[test]
fn ibm_verify_state_and_dependents_hold_what_the_tenant_made() {
    for ignore_supplied in [false, true] {
        let sandbox = sandbox(ignore_supplied);
        let wd = Workdir::for_sandbox(&sandbox)
            .with_config(include_str!("hcl/acc_tenant_ids/ibm_verify.tf"));
        wd.init();
        wd.apply();
        let (client_id, secret) = (wd.output_text("client_id"), wd.output_text("client_secret"));
        let held = only_client(&sandbox, "ibm_verify");
        assert_eq!(
            held["clientId"],
            client_id.as_str(),
            "ignore_supplied={ignore_supplied}"
        );
        assert_eq!(
            held["clientSecret"],
            secret.as_str(),
            "ignore_supplied={ignore_supplied}"
        );
        let token = sandbox
            .grant(IBM_TOKEN, &client_id, &secret)
            .expect("token request");
        assert!(
            token.status().is_success(),
            "the outputs work: {}",
            token.status()
        );
        wd.assert_empty_plan();
        wd.destroy();
    }
}

#[test]
fn oracle_oam_state_and_dependents_hold_what_the_tenant_made() {
    for ignore_supplied in [false, true] {
        let sandbox = sandbox(ignore_supplied);
        let wd = Workdir::for_sandbox(&sandbox)
            .with_env("OAM_IDENTITY_DOMAIN", DOMAIN)
            .with_config(include_str!("hcl/acc_tenant_ids/oracle_oam.tf"));
        wd.init();
        wd.apply();
        let (client_id, secret) = (wd.output_text("client_id"), wd.output_text("client_secret"));
        let held = only_client(&sandbox, "oracle_oam");
        assert_eq!(
            held["id"],
            client_id.as_str(),
            "ignore_supplied={ignore_supplied}"
        );
        let response = reqwest::blocking::Client::new()
            .post(format!("{}/oauth2/rest/token", sandbox.url))
            .basic_auth(&client_id, Some(&secret))
            .header("X-OAUTH-IDENTITY-DOMAIN-NAME", DOMAIN)
            .form(&[("grant_type", "CLIENT_CREDENTIALS")])
            .send()
            .expect("token request");
        assert!(
            response.status().is_success(),
            "the outputs work: {}",
            response.status()
        );
        wd.assert_empty_plan();
        wd.destroy();
    }
}

/// The next POST acts, then its answer is lost.
fn lose_the_next_answer(sandbox: &TestSandbox, vendor: &str) {
    sandbox.add_fault(
        &json!({"vendor": vendor, "methods": ["POST"], "status": 504, "after": true, "count": 1}),
    );
}

fn creates(sandbox: &TestSandbox, vendor: &str, path: &str) -> usize {
    sandbox.calls(vendor, "POST", path).len()
}

#[test]
fn ibm_verify_a_lost_answer_is_resolved_or_named_never_sent_twice() {
    for ignore_supplied in [false, true] {
        let sandbox = sandbox(ignore_supplied);
        let api = InProcess::configure(&sandbox, "ibm_verify", &[]);
        let resource = IbmVerifyApiClientResource::new(api.provider.handle());
        // The token first (a read of a client that does not exist), so the fault meets the create.
        let gone = ApiClientState {
            id: Tf::Known("does-not-exist".into()),
            ..Default::default()
        };
        let ctx = InProcess::context(&resource);
        assert!(
            api.runtime
                .block_on(Resource::read(&resource, &ctx, gone))
                .expect("read")
                .is_none()
        );
        lose_the_next_answer(&sandbox, "ibm_verify");
        let planned = ApiClientState {
            client_name: Tf::Known("lost".into()),
            entitlements: Tf::Known(["readUserGroups".to_owned()].into()),
            enabled: Tf::Known(true),
            client_id: Tf::Unknown,
            client_secret: Tf::Unknown,
            id: Tf::Unknown,
            secret_issued_at: Tf::Unknown,
            ..Default::default()
        };
        let created = api.create(&resource, &InProcess::context(&resource), planned);
        let held = only_client(&sandbox, "ibm_verify");
        assert_eq!(
            creates(&sandbox, "ibm_verify", "/v1.0/apiclients"),
            1,
            "sent once"
        );
        match (ignore_supplied, created) {
            (false, Ok(state)) => {
                assert_eq!(
                    state.client_id.as_str(),
                    held["clientId"].as_str(),
                    "recovered"
                );
            }
            (true, Err(text)) => {
                // The new client does not carry the id sent: it cannot be placed.
                assert!(text.contains(held["id"].as_str().unwrap()), "{text}");
                assert!(text.contains("terraform import"), "{text}");
            }
            (ignore, outcome) => panic!("ignore_supplied={ignore}: {outcome:?}"),
        }
    }
}

#[test]
fn oracle_oam_a_lost_answer_is_resolved_or_named_never_sent_twice() {
    for ignore_supplied in [false, true] {
        let sandbox = sandbox(ignore_supplied);
        let api = InProcess::configure(&sandbox, "oracle_oam", &[("identity_domain", DOMAIN)]);
        let resource = OracleOamOAuthClientResource::new(api.provider.handle());
        lose_the_next_answer(&sandbox, "oracle_oam");
        let planned = OAuthClientState {
            identity_domain: Tf::Known(DOMAIN.into()),
            name: Tf::Known("lost".into()),
            client_type: Tf::Known("CONFIDENTIAL_CLIENT".into()),
            grant_types: Tf::Known(["CLIENT_CREDENTIALS".to_owned()].into()),
            id: Tf::Unknown,
            client_id: Tf::Unknown,
            client_secret: Tf::Unknown,
            secret_issued_at: Tf::Unknown,
            ..Default::default()
        };
        let created = api.create(&resource, &InProcess::context(&resource), planned);
        let held = only_client(&sandbox, "oracle_oam");
        let posts = sandbox
            .calls("oracle_oam", "POST", "")
            .into_iter()
            .filter(|r| !r["path"].as_str().unwrap_or_default().contains("token"))
            .count();
        match (ignore_supplied, created) {
            // The secret was only in the lost answer: the client is deleted and made again.
            (false, Ok(state)) => {
                assert_eq!(state.client_id.as_str(), held["id"].as_str(), "recovered");
                assert_eq!(posts, 2, "the lost secret's client deleted, made again");
            }
            (true, Err(text)) => {
                assert_eq!(posts, 1, "sent once");
                assert!(text.contains(held["id"].as_str().unwrap()), "{text}");
            }
            (ignore, outcome) => panic!("ignore_supplied={ignore}: {outcome:?}"),
        }
    }
}
