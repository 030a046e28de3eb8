//! The REST core and the vendor clients against the in-process sandbox over loopback HTTP:
//! token reuse and refresh, bad credentials, retries under injected faults, the POST ambiguity
//! rule, cancellation and TLS through `ca_cert_file`. Request counts come from the sandbox's
//! own log (`GET /_sandbox/requests`).

mod support;

use std::time::Duration;

use apiclients::http::{CancellationToken, HttpError, HttpSettings};
use apiclients::vendors::akamai::{AkamaiClient, config as akamai_config};
use apiclients::vendors::ibm_verify::api::{ApiClientConfig, ListQuery};
use apiclients::vendors::ibm_verify::{IbmVerifyClient, config as ibm_config};
use apiclients::vendors::oracle_oam::{OracleOamClient, config as oam_config};
use apiclients::vendors::sailpoint::api::{
    AccessType, CreateOAuthClientRequest, GrantType, JsonPatchOp,
};
use apiclients::vendors::sailpoint::{SailPointClient, config as sail_config};
use apiclients_sandbox::{Options, Sandbox, SandboxHandle};
use serde_json::{Value, json};
use support::sandbox::{no_env, start_plain, start_tls};

fn fast_http() -> HttpSettings {
    HttpSettings {
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        ..HttpSettings::default()
    }
}

async fn sandbox() -> SandboxHandle {
    start_plain().await
}

fn ibm(sandbox: &SandboxHandle, secret: Option<&str>, http: &HttpSettings) -> IbmVerifyClient {
    let creds = &sandbox.credentials().ibm_verify;
    let partial = ibm_config::PartialIbmVerify {
        tenant_url: Some(sandbox.url().to_owned()),
        client_id: Some(creds.client_id.clone()),
        client_secret: Some(secret.unwrap_or(&creds.client_secret).to_owned().into()),
        access_token: None,
    };
    IbmVerifyClient::new(&ibm_config::resolve(&partial, &no_env).unwrap(), http).unwrap()
}

fn sailpoint(sandbox: &SandboxHandle, secret: Option<&str>) -> SailPointClient {
    let creds = &sandbox.credentials().sailpoint;
    let partial = sail_config::PartialSailPoint {
        api_version: None,
        base_url: Some(sandbox.url().to_owned()),
        client_id: Some(creds.client_id.clone()),
        client_secret: Some(secret.unwrap_or(&creds.client_secret).to_owned().into()),
        access_token: None,
        requests_per_10s: None,
    };
    SailPointClient::new(
        &sail_config::resolve(&partial, &no_env).unwrap(),
        &fast_http(),
    )
    .unwrap()
}

/// `(method, path-without-query, status, fault)` of every logged request of `vendor`.
async fn requests(sandbox: &SandboxHandle, vendor: &str) -> Vec<(String, String, u16, bool)> {
    let url = format!("{}/_sandbox/requests?vendor={vendor}", sandbox.url());
    let records: Vec<Value> = admin_client()
        .get(url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    records
        .into_iter()
        .map(|record| {
            let path = record["path"]
                .as_str()
                .unwrap()
                .split('?')
                .next()
                .unwrap()
                .to_owned();
            (
                record["method"].as_str().unwrap().to_owned(),
                path,
                u16::try_from(record["status"].as_u64().unwrap()).unwrap(),
                record["fault"].as_bool().unwrap_or(false),
            )
        })
        .collect()
}

fn count(records: &[(String, String, u16, bool)], method: &str, path: &str) -> usize {
    records
        .iter()
        .filter(|(m, p, _, _)| m == method && p == path)
        .count()
}

fn admin_client() -> reqwest::Client {
    reqwest::Client::builder()
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap()
}

async fn add_fault(sandbox: &SandboxHandle, fault: Value) {
    let response = admin_client()
        .post(format!("{}/_sandbox/faults", sandbox.url()))
        .json(&fault)
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_success(),
        "{}",
        response.text().await.unwrap()
    );
}

fn new_ibm_client(name: &str) -> ApiClientConfig {
    ApiClientConfig {
        client_name: Some(name.to_owned()),
        enabled: Some(true),
        entitlements: Some(vec!["readAPIClients".to_owned()]),
        ..ApiClientConfig::default()
    }
}

const IBM_TOKEN: &str = "/v1.0/endpoint/default/token";

#[tokio::test]
async fn ibm_one_token_serves_many_calls() {
    let sandbox = sandbox().await;
    let client = ibm(&sandbox, None, &fast_http());
    let cancel = CancellationToken::new();
    let mut tasks = Vec::new();
    for _ in 0..5 {
        let client = client.clone();
        let cancel = cancel.clone();
        tasks.push(tokio::spawn(async move {
            client.list(&ListQuery::default(), &cancel).await
        }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    client.list(&ListQuery::default(), &cancel).await.unwrap();
    let log = requests(&sandbox, "ibm_verify").await;
    assert_eq!(count(&log, "POST", IBM_TOKEN), 1, "{log:?}");
    assert_eq!(count(&log, "GET", "/v1.0/apiclients"), 6, "{log:?}");
}

#[tokio::test]
async fn ibm_token_is_refreshed_after_expiry() {
    let options = Options {
        token_lifetime: Duration::from_secs(1),
        ..Options::default()
    };
    let sandbox = Sandbox::start(options).await.unwrap();
    let client = ibm(&sandbox, None, &fast_http());
    let cancel = CancellationToken::new();
    client.list(&ListQuery::default(), &cancel).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1200)).await;
    client.list(&ListQuery::default(), &cancel).await.unwrap();
    let log = requests(&sandbox, "ibm_verify").await;
    assert_eq!(count(&log, "POST", IBM_TOKEN), 2, "{log:?}");
    // The refreshed token was used proactively: no call was answered 401.
    assert!(
        log.iter().all(|(_, _, status, _)| *status != 401),
        "{log:?}"
    );
}

#[tokio::test]
async fn ibm_bad_credentials_give_a_clear_error() {
    let sandbox = sandbox().await;
    let client = ibm(&sandbox, Some("wrong-secret"), &fast_http());
    let err = client
        .list(&ListQuery::default(), &CancellationToken::new())
        .await
        .unwrap_err();
    assert!(
        matches!(err, HttpError::CredentialsRejected { .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.starts_with("IBM Security Verify rejected the client credentials ("),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "{}{IBM_TOKEN}: check ibm_verify.client_id and client_secret (IBM_VERIFY_CLIENT_ID, IBM_VERIFY_CLIENT_SECRET)",
            sandbox.url()
        )),
        "{text}"
    );
    assert!(!text.contains("wrong-secret"), "{text}");
}

#[tokio::test]
async fn ibm_crud_round_trip_and_find_by_name() {
    let sandbox = sandbox().await;
    let client = ibm(&sandbox, None, &fast_http());
    let cancel = CancellationToken::new();
    let key = client
        .create(&new_ibm_client("round-trip"), &cancel)
        .await
        .unwrap();
    let fetched = client
        .get(&key, &cancel)
        .await
        .unwrap()
        .expect("created client");
    assert_eq!(fetched.client_name.as_deref(), Some("round-trip"));
    let found = client.find_by_name("round-trip", &cancel).await.unwrap();
    assert_eq!(found.len(), 1);
    let mut update = fetched.clone();
    update.id = None;
    update.description = Some("updated".into());
    client.update(&key, &update, &cancel).await.unwrap();
    let after = client.get(&key, &cancel).await.unwrap().unwrap();
    assert_eq!(after.description.as_deref(), Some("updated"));
    assert_eq!(
        after.client_secret, fetched.client_secret,
        "sending the secret keeps it"
    );
    client.delete(&key, &cancel).await.unwrap();
    assert!(client.get(&key, &cancel).await.unwrap().is_none());

    let err = client
        .create(
            &ApiClientConfig {
                entitlements: Some(vec!["noSuchEntitlement".into()]),
                ..new_ibm_client("bad")
            },
            &cancel,
        )
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with(
            "IBM Security Verify returned 400 Bad Request for POST /v1.0/apiclients: "
        ),
        "{text}"
    );
}

#[tokio::test]
async fn throttled_get_is_retried_after_retry_after() {
    let sandbox = sandbox().await;
    let client = ibm(&sandbox, None, &fast_http());
    let cancel = CancellationToken::new();
    client.list(&ListQuery::default(), &cancel).await.unwrap();
    add_fault(
        &sandbox,
        json!({"vendor": "ibm_verify", "status": 429, "retry_after_s": 1, "count": 2}),
    )
    .await;
    client.list(&ListQuery::default(), &cancel).await.unwrap();
    let log = requests(&sandbox, "ibm_verify").await;
    let gets: Vec<_> = log
        .iter()
        .filter(|(m, p, _, _)| m == "GET" && p == "/v1.0/apiclients")
        .collect();
    let statuses: Vec<u16> = gets.iter().map(|(_, _, status, _)| *status).collect();
    assert_eq!(statuses, vec![200, 429, 429, 200], "{log:?}");
}

#[tokio::test]
async fn unavailable_and_dropped_gets_are_retried() {
    let sandbox = sandbox().await;
    let client = ibm(&sandbox, None, &fast_http());
    let cancel = CancellationToken::new();
    client.list(&ListQuery::default(), &cancel).await.unwrap();
    add_fault(
        &sandbox,
        json!({"vendor": "ibm_verify", "status": 503, "count": 1}),
    )
    .await;
    add_fault(
        &sandbox,
        json!({"vendor": "ibm_verify", "drop_connection": true, "count": 1}),
    )
    .await;
    client.list(&ListQuery::default(), &cancel).await.unwrap();
    let log = requests(&sandbox, "ibm_verify").await;
    assert_eq!(count(&log, "GET", "/v1.0/apiclients"), 4, "{log:?}");
    assert_eq!(
        log.iter().filter(|(_, _, _, fault)| *fault).count(),
        2,
        "{log:?}"
    );
}

#[tokio::test]
async fn retries_are_bounded_by_max_retries() {
    let sandbox = sandbox().await;
    let http = HttpSettings {
        max_retries: 2,
        ..fast_http()
    };
    let client = ibm(&sandbox, None, &http);
    let cancel = CancellationToken::new();
    client.list(&ListQuery::default(), &cancel).await.unwrap();
    add_fault(&sandbox, json!({"vendor": "ibm_verify", "status": 502})).await;
    let err = client
        .list(&ListQuery::default(), &cancel)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(502), "{err}");
    let log = requests(&sandbox, "ibm_verify").await;
    assert_eq!(count(&log, "GET", "/v1.0/apiclients"), 1 + 3, "{log:?}");
}

#[tokio::test]
async fn dropped_post_is_ambiguous_and_not_repeated() {
    let sandbox = sandbox().await;
    let client = ibm(&sandbox, None, &fast_http());
    let cancel = CancellationToken::new();
    client.list(&ListQuery::default(), &cancel).await.unwrap();
    add_fault(
        &sandbox,
        json!({"vendor": "ibm_verify", "drop_connection": true, "count": 1}),
    )
    .await;
    let err = client
        .create(&new_ibm_client("maybe"), &cancel)
        .await
        .unwrap_err();
    assert!(err.is_ambiguous(), "{err:?}");
    assert!(err.to_string().contains("POST /v1.0/apiclients"), "{err}");
    let log = requests(&sandbox, "ibm_verify").await;
    assert_eq!(count(&log, "POST", "/v1.0/apiclients"), 1, "{log:?}");
    assert!(client.find_by_name("maybe", &cancel).await.unwrap().len() <= 1);

    // 502 on a create is ambiguous too; 429 is a refusal and is retried.
    add_fault(
        &sandbox,
        json!({"vendor": "ibm_verify", "status": 502, "count": 1}),
    )
    .await;
    assert!(
        client
            .create(&new_ibm_client("gateway"), &cancel)
            .await
            .unwrap_err()
            .is_ambiguous()
    );
    add_fault(
        &sandbox,
        json!({"vendor": "ibm_verify", "status": 429, "retry_after_s": 0, "count": 1}),
    )
    .await;
    client
        .create(&new_ibm_client("throttled"), &cancel)
        .await
        .unwrap();
    assert_eq!(
        client
            .find_by_name("throttled", &cancel)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn cancellation_aborts_a_waiting_call() {
    let sandbox = sandbox().await;
    let client = ibm(&sandbox, None, &fast_http());
    let cancel = CancellationToken::new();
    client.list(&ListQuery::default(), &cancel).await.unwrap();
    add_fault(
        &sandbox,
        json!({"vendor": "ibm_verify", "status": 429, "retry_after_s": 100}),
    )
    .await;
    let canceller = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        canceller.cancel();
    });
    let err = client
        .list(&ListQuery::default(), &cancel)
        .await
        .unwrap_err();
    assert!(err.is_cancelled(), "{err:?}");
}

#[tokio::test]
async fn tls_sandbox_is_trusted_through_ca_cert_file() {
    let sandbox = start_tls().await;
    assert!(sandbox.url().starts_with("https://"));
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("sandbox.pem");
    std::fs::write(&ca, sandbox.certificate_pem.as_ref().unwrap()).unwrap();
    let trusted = HttpSettings {
        ca_cert_file: Some(ca),
        ..fast_http()
    };
    ibm(&sandbox, None, &trusted)
        .list(&ListQuery::default(), &CancellationToken::new())
        .await
        .unwrap();

    // An untrusted certificate fails at once: retrying cannot make it trusted.
    let untrusted = HttpSettings {
        max_retries: 5,
        ..fast_http()
    };
    let err = ibm(&sandbox, None, &untrusted)
        .list(&ListQuery::default(), &CancellationToken::new())
        .await
        .unwrap_err();
    match &err {
        HttpError::Transport {
            attempts, reason, ..
        } => {
            assert_eq!(*attempts, 1, "not retried: {err}");
            assert!(
                reason.contains("certificate") || reason.contains("UnknownIssuer"),
                "{reason}"
            );
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
}

#[tokio::test]
async fn sailpoint_token_reuse_crud_and_bad_credentials() {
    let sandbox = sandbox().await;
    let client = sailpoint(&sandbox, None);
    let cancel = CancellationToken::new();
    let request = CreateOAuthClientRequest {
        business_name: None,
        homepage_url: None,
        name: "pipeline".into(),
        description: "CI pipeline".into(),
        access_token_validity_seconds: 750,
        refresh_token_validity_seconds: None,
        redirect_uris: None,
        grant_types: vec![GrantType::ClientCredentials],
        access_type: AccessType::Online,
        client_type: None,
        internal: None,
        enabled: true,
        strong_auth_supported: None,
        claims_supported: None,
        scope: None,
    };
    let created = client.create(&request, &cancel).await.unwrap();
    assert!(created.secret().is_some_and(|secret| !secret.is_empty()));
    let id = created.client.id.clone();
    let patched = client
        .patch(
            &id,
            vec![JsonPatchOp::replace("/enabled", json!(false))],
            &cancel,
        )
        .await
        .unwrap();
    assert_eq!(patched.enabled, Some(false));
    assert_eq!(
        client
            .find_by_name("pipeline", &cancel)
            .await
            .unwrap()
            .len(),
        1
    );
    client.delete(&id, &cancel).await.unwrap();
    assert!(client.get(&id, &cancel).await.unwrap().is_none());
    let log = requests(&sandbox, "sailpoint").await;
    assert_eq!(count(&log, "POST", "/oauth/token"), 1, "{log:?}");
    let patch = log.iter().find(|(m, _, _, _)| m == "PATCH").unwrap();
    assert_eq!(patch.2, 200, "{log:?}");

    let err = sailpoint(&sandbox, Some("nope"))
        .list(None, &cancel)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains(
            "check sailpoint.client_id and client_secret (SAIL_CLIENT_ID, SAIL_CLIENT_SECRET)"
        ),
        "{err}"
    );
}

#[tokio::test]
async fn oam_basic_auth_lists_a_domain() {
    let sandbox = sandbox().await;
    let creds = sandbox.credentials().oracle_oam.clone();
    let make = |password: &str| {
        let partial = oam_config::PartialOracleOam {
            base_url: Some(sandbox.url().to_owned()),
            username: Some(creds.username.clone()),
            password: Some(password.into()),
            identity_domain: None,
        };
        OracleOamClient::new(
            &oam_config::resolve(&partial, &no_env).unwrap(),
            &fast_http(),
        )
        .unwrap()
    };
    let cancel = CancellationToken::new();
    let clients = make(&creds.password)
        .list_clients("NoSuchDomain", &cancel)
        .await
        .unwrap();
    assert!(clients.is_empty());
    let err = make("wrong")
        .list_clients("NoSuchDomain", &cancel)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401), "{err}");
    assert!(
        err.to_string()
            .starts_with("Oracle Access Manager returned 401"),
        "{err}"
    );
}

#[tokio::test]
async fn akamai_edgegrid_lists_api_clients() {
    let sandbox = sandbox().await;
    let creds = sandbox.credentials().akamai.clone();
    let make = |secret: &str| {
        let partial = akamai_config::PartialAkamai {
            host: Some(sandbox.url().to_owned()),
            client_token: Some(creds.client_token.clone().into()),
            client_secret: Some(secret.into()),
            access_token: Some(creds.access_token.clone().into()),
            account_switch_key: Some("ASK-1".into()),
            ..Default::default()
        };
        AkamaiClient::new(
            &akamai_config::resolve(&partial, &no_env).unwrap(),
            &fast_http(),
        )
        .unwrap()
    };
    let cancel = CancellationToken::new();
    make(&creds.client_secret)
        .list_api_clients(&cancel)
        .await
        .unwrap();
    let err = make("wrong-secret")
        .list_api_clients(&cancel)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401), "{err}");
    assert!(!err.to_string().contains("wrong-secret"));
}
