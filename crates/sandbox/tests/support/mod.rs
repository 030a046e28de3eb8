//! What the sandbox crate's test files share: starting a sandbox with an HTTP client that bypasses
//! proxies, the workspace's fixtures, the IBM and
//! SailPoint token grants, the sandbox clock and (in [`edgegrid`]) Akamai's signed requests. Each
//! test file includes it with `mod support;`.

// Every test file is its own crate and uses only some of these helpers.
#![allow(dead_code)]

pub mod edgegrid;

use std::path::Path;

use apiclients_sandbox::{Options, Sandbox, SandboxHandle};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A client that never goes through a proxy: the sandbox is on loopback.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

pub async fn start_with(options: Options) -> (SandboxHandle, reqwest::Client) {
    (Sandbox::start(options).await.unwrap(), http())
}

pub async fn start() -> (SandboxHandle, reqwest::Client) {
    start_with(Options::default()).await
}

/// The workspace's root folder (the nearest one holding Cargo.lock), where fixtures/ is.
pub fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").exists())
        .expect("Cargo.lock above the crate")
}

/// A JSON fixture from the workspace's fixtures/ folder.
pub fn fixture(name: &str) -> Value {
    let path = workspace_root().join("fixtures").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// IBM Verify's documented token request (form body, `scope=openid`), answered as it is.
pub async fn ibm_token_response(
    base_url: &str,
    http: &reqwest::Client,
    client_id: &str,
    secret: &str,
) -> reqwest::Response {
    http.post(format!("{base_url}/v1.0/endpoint/default/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", client_id),
            ("client_secret", secret),
            ("scope", "openid"),
        ])
        .send()
        .await
        .unwrap()
}

/// The access token of a successful IBM Verify token answer (asserted to be a 200).
pub async fn access_token(response: reqwest::Response) -> String {
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}

/// An IBM Verify token for these client credentials.
pub async fn ibm_token(
    base_url: &str,
    http: &reqwest::Client,
    client_id: &str,
    secret: &str,
) -> String {
    access_token(ibm_token_response(base_url, http, client_id, secret).await).await
}

/// An IBM Verify token of the sandbox's admin client (every entitlement).
pub async fn ibm_admin_token(sandbox: &SandboxHandle, http: &reqwest::Client) -> String {
    let admin = sandbox.credentials().ibm_verify.clone();
    ibm_token(&sandbox.url, http, &admin.client_id, &admin.client_secret).await
}

/// `POST /v1.0/apiclients` with this body and bearer token, answered as it is.
pub async fn ibm_create_response(
    base_url: &str,
    http: &reqwest::Client,
    token: &str,
    body: &Value,
) -> reqwest::Response {
    http.post(format!("{base_url}/v1.0/apiclients"))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap()
}

/// `GET /v1.0/apiclients` with this bearer token, answered as it is.
pub async fn ibm_list_response(
    base_url: &str,
    http: &reqwest::Client,
    token: &str,
) -> reqwest::Response {
    http.get(format!("{base_url}/v1.0/apiclients"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

/// SailPoint's token grant with the client id and secret as form fields, answered as it is.
pub async fn sailpoint_token_response(
    base_url: &str,
    http: &reqwest::Client,
    client_id: &str,
    secret: &str,
) -> reqwest::Response {
    http.post(format!("{base_url}/oauth/token"))
        .form(&sailpoint_grant(client_id, secret))
        .send()
        .await
        .unwrap()
}

/// SailPoint's client-credentials grant parameters, for the form or the query string.
pub fn sailpoint_grant<'a>(client_id: &'a str, secret: &'a str) -> [(&'static str, &'a str); 3] {
    [
        ("grant_type", "client_credentials"),
        ("client_id", client_id),
        ("client_secret", secret),
    ]
}

/// Moves the sandbox clock forward (`POST /_sandbox/clock`).
pub async fn advance_clock(base_url: &str, http: &reqwest::Client, seconds: u64) {
    let response = http
        .post(format!("{base_url}/_sandbox/clock"))
        .json(&json!({ "advance_seconds": seconds }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}
