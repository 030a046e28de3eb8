//! Connection and authentication failures become diagnostics that name the likely cause and the
//! setting to check, one test per case, over real HTTP to the in-process sandbox (plain and TLS): the
//! scheme mismatched both ways (failed at once, not retried), a host name that does not resolve (failed at once, not retried), nothing
//! listening, and wrong OAM and Akamai credentials.

mod support;

use std::time::{Duration, Instant};

use apiclients::http::{CancellationToken, HttpError, HttpSettings};
use apiclients::vendors::akamai::{AkamaiClient, config as akamai_config};
use apiclients::vendors::oracle_oam::{OracleOamClient, config as oam_config};
use apiclients_sandbox::SandboxHandle;
use support::sandbox::{no_env, start_plain, start_tls};
use tfplugin::Diagnostic;

fn http() -> HttpSettings {
    HttpSettings {
        max_retries: 5,
        initial_backoff: Duration::from_millis(200),
        max_backoff: Duration::from_millis(400),
        ..HttpSettings::default()
    }
}

fn oam(base_url: &str, password: &str) -> OracleOamClient {
    let partial = oam_config::PartialOracleOam {
        base_url: Some(base_url.to_owned()),
        username: Some("oamadmin".to_owned()),
        password: Some(password.to_owned().into()),
        identity_domain: None,
    };
    OracleOamClient::new(&oam_config::resolve(&partial, &no_env).unwrap(), &http()).unwrap()
}

/// How a failed OAM list ended: its attempts (for a transport failure), its status (for an
/// answer), and the diagnostic it becomes, as one line.
async fn oam_failure(base_url: &str, password: &str) -> (Option<u32>, Option<u16>, String) {
    let err = oam(base_url, password)
        .list_clients("Default", &CancellationToken::new())
        .await
        .unwrap_err();
    let attempts = match &err {
        HttpError::Transport { attempts, .. } => Some(*attempts),
        _ => None,
    };
    let status = err.status();
    let diagnostic = Diagnostic::from(err);
    let text = format!("{}: {}", diagnostic.summary, diagnostic.detail);
    (attempts, status, text)
}

async fn plain_sandbox() -> SandboxHandle {
    start_plain().await
}

#[tokio::test]
async fn https_against_a_plain_http_server_says_to_use_http() {
    let sandbox = plain_sandbox().await;
    let url = sandbox.url().replace("http://", "https://");
    let (attempts, _, text) = oam_failure(&url, "sandbox-oam-password").await;
    // A wrong scheme is not transient: failed at once.
    assert_eq!(attempts, Some(1), "retried: {text}");
    assert!(
        text.contains("the address says https:// but the server speaks http://")
            && text.contains("oracle_oam.base_url (OAM_BASE_URL)"),
        "{text}"
    );
}

#[tokio::test]
async fn http_against_a_tls_server_says_to_use_https() {
    let sandbox = start_tls().await;
    let url = sandbox.url().replace("https://", "http://");
    let (attempts, _, text) = oam_failure(&url, "sandbox-oam-password").await;
    assert_eq!(attempts, Some(1), "retried: {text}");
    assert!(
        text.contains("use https:// in oracle_oam.base_url (OAM_BASE_URL)"),
        "{text}"
    );
}

#[tokio::test]
async fn a_host_that_does_not_resolve_fails_at_once_naming_the_setting() {
    let started = Instant::now();
    let (attempts, _, text) = oam_failure("http://apiclients-typo.invalid", "x").await;
    assert_eq!(attempts, Some(1), "retried: {text}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(
        text.contains("The host name does not resolve: check oracle_oam.base_url (OAM_BASE_URL)"),
        "{text}"
    );
}

#[tokio::test]
async fn nothing_listening_names_host_and_port() {
    // A port that was free a moment ago: nothing listens there now.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (_, _, text) = oam_failure(&format!("http://127.0.0.1:{port}"), "x").await;
    assert!(
        text.contains("check the host and port in oracle_oam.base_url (OAM_BASE_URL)"),
        "{text}"
    );
}

#[tokio::test]
async fn wrong_oam_credentials_name_the_settings() {
    let sandbox = plain_sandbox().await;
    let (_, status, text) = oam_failure(sandbox.url(), "wrong-password").await;
    assert_eq!(status, Some(401), "{text}");
    assert!(
        text.contains("Check oracle_oam.username and password (OAM_USERNAME, OAM_PASSWORD)"),
        "{text}"
    );
    assert!(!text.contains("wrong-password"), "{text}");
}

#[tokio::test]
async fn wrong_akamai_credentials_name_the_settings() {
    let sandbox = plain_sandbox().await;
    let creds = sandbox.credentials().akamai.clone();
    let partial = akamai_config::PartialAkamai {
        host: Some(sandbox.url().to_owned()),
        client_token: Some(creds.client_token.clone().into()),
        client_secret: Some("wrong-secret".to_owned().into()),
        access_token: Some(creds.access_token.clone().into()),
        ..Default::default()
    };
    let err = AkamaiClient::new(&akamai_config::resolve(&partial, &no_env).unwrap(), &http())
        .unwrap()
        .list_api_clients(&CancellationToken::new())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401), "{err}");
    let diagnostic = Diagnostic::from(err);
    assert!(
        diagnostic
            .detail
            .contains("Check akamai.client_token, client_secret and access_token"),
        "{}",
        diagnostic.detail
    );
}
