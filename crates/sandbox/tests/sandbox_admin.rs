//! The sandbox framework over real HTTP: the admin API (credentials, state, reset, request log,
//! faults, out-of-band objects), the state file, and the `apiclients-sandbox` binary (listening
//! line, TLS, state across restarts, SIGTERM).

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use apiclients_sandbox::oracle_oam::CLIENT_PATH;
use apiclients_sandbox::{Options, Sandbox, SandboxConfig, SandboxHandle};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use support::{
    advance_clock, http, ibm_admin_token, ibm_create_response, ibm_list_response, ibm_token, start,
};

async fn oam_get(
    sandbox: &SandboxHandle,
    http: &reqwest::Client,
) -> reqwest::Result<reqwest::Response> {
    let admin = &sandbox.credentials().oracle_oam;
    http.get(format!("{}{CLIENT_PATH}", sandbox.url))
        .basic_auth(&admin.username, Some(&admin.password))
        .query(&[("identityDomainName", "D")])
        .send()
        .await
}

async fn admin_json(http: &reqwest::Client, url: String) -> Value {
    let response = http.get(url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// A bodiless call to the admin API (reset, clearing the log or the faults), answered as it is.
async fn admin_call(
    sandbox: &SandboxHandle,
    http: &reqwest::Client,
    method: Method,
    path: &str,
) -> reqwest::Response {
    http.request(method, format!("{}{path}", sandbox.url))
        .send()
        .await
        .unwrap()
}

async fn add_fault(sandbox: &SandboxHandle, http: &reqwest::Client, fault: Value) -> StatusCode {
    http.post(format!("{}/_sandbox/faults", sandbox.url))
        .json(&fault)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn credentials_are_the_configured_ones_in_the_documented_shape() {
    let (sandbox, http) = start().await;
    let body = admin_json(&http, format!("{}/_sandbox/credentials", sandbox.url)).await;
    assert_eq!(
        body,
        json!({
            "ibm_verify": { "client_id": "sandbox-ibm-admin", "client_secret": "sandbox-ibm-secret" },
            "sailpoint": { "client_id": "sandbox-sailpoint-admin", "client_secret": "sandbox-sailpoint-secret" },
            "oracle_oam": { "username": "oamadmin", "password": "sandbox-oam-password" },
            "akamai": {
                "client_token": "akab-sandbox-client-token",
                "client_secret": "sandbox-akamai-client-secret",
                "access_token": "akab-sandbox-access-token",
            },
        })
    );
    assert!(!format!("{:?}", sandbox.credentials()).contains("sandbox-ibm-secret"));

    let mut options = Options::default();
    options.credentials.oracle_oam.password = "other".into();
    let custom = Sandbox::start(options).await.unwrap();
    let body = admin_json(&http, format!("{}/_sandbox/credentials", custom.url)).await;
    assert_eq!(body["oracle_oam"]["password"], "other");
}

#[tokio::test]
async fn state_shows_objects_and_reset_empties_objects_log_and_faults_but_keeps_tokens() {
    let (sandbox, http) = start().await;
    let token = ibm_admin_token(&sandbox, &http).await;
    let kept = json!({ "clientName": "kept?", "enabled": true, "entitlements": [] });
    let created = ibm_create_response(&sandbox.url, &http, &token, &kept).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let state = admin_json(&http, format!("{}/_sandbox/state", sandbox.url)).await;
    assert_eq!(state["ibm_verify"]["clients"][0]["clientName"], "kept?");
    for vendor in ["ibm_verify", "oracle_oam", "sailpoint", "akamai"] {
        assert!(state.get(vendor).is_some(), "{vendor}");
    }
    assert_eq!(
        add_fault(
            &sandbox,
            &http,
            json!({ "vendor": "akamai", "status": 500 })
        )
        .await,
        StatusCode::CREATED
    );

    let reset = admin_call(&sandbox, &http, Method::POST, "/_sandbox/reset").await;
    assert_eq!(reset.status(), StatusCode::NO_CONTENT);
    let state = admin_json(&http, format!("{}/_sandbox/state", sandbox.url)).await;
    assert_eq!(state["ibm_verify"]["clients"], json!([]));
    let log = admin_json(&http, format!("{}/_sandbox/requests", sandbox.url)).await;
    assert_eq!(log, json!([]));
    let faults = admin_json(&http, format!("{}/_sandbox/faults", sandbox.url)).await;
    assert_eq!(faults, json!([]));
    let list = ibm_list_response(&sandbox.url, &http, &token).await;
    assert_eq!(list.status(), StatusCode::OK, "tokens survive a reset");
}

#[tokio::test]
async fn the_request_log_attributes_vendors_and_keeps_no_secrets() {
    let (sandbox, http) = start().await;
    let token = ibm_admin_token(&sandbox, &http).await;
    http.get(format!(
        "{}/v1.0/apiclients?sort=%2BclientName",
        sandbox.url
    ))
    .bearer_auth(&token)
    .send()
    .await
    .unwrap();
    oam_get(&sandbox, &http).await.unwrap();
    for path in [
        "/beta/oauth-clients",
        "/v3/whatever",
        "/oauth/token",
        "/identity-management/v3/api-clients",
    ] {
        http.get(format!("{}{path}", sandbox.url))
            .send()
            .await
            .unwrap();
    }
    http.get(format!("{}/_sandbox/state", sandbox.url))
        .send()
        .await
        .unwrap();

    let log = admin_json(&http, format!("{}/_sandbox/requests", sandbox.url)).await;
    let entries = log.as_array().unwrap();
    let summary: Vec<(String, String, String)> = entries
        .iter()
        .map(|entry| {
            (
                entry["vendor"].as_str().unwrap_or("none").to_owned(),
                entry["method"].as_str().unwrap().to_owned(),
                entry["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("ibm_verify", "POST", "/v1.0/endpoint/default/token"),
        ("ibm_verify", "GET", "/v1.0/apiclients?sort=%2BclientName"),
        (
            "oracle_oam",
            "GET",
            "/oam/services/rest/ssa/api/v1/oauthpolicyadmin/client?identityDomainName=D",
        ),
        ("sailpoint", "GET", "/beta/oauth-clients"),
        ("sailpoint", "GET", "/v3/whatever"),
        ("sailpoint", "GET", "/oauth/token"),
        ("akamai", "GET", "/identity-management/v3/api-clients"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(vendor, method, path)| (vendor.to_string(), method.to_string(), path.to_string()))
        .collect();
    assert_eq!(summary, expected, "the admin API itself is not logged");
    assert_eq!(entries[0]["status"], 200);
    assert_eq!(
        entries[0]["content_type"],
        "application/x-www-form-urlencoded"
    );
    let text = log.to_string();
    assert!(!text.contains("sandbox-ibm-secret"));
    assert!(!text.contains(&token));

    let only_oam = admin_json(
        &http,
        format!("{}/_sandbox/requests?vendor=oracle_oam", sandbox.url),
    )
    .await;
    assert_eq!(only_oam.as_array().unwrap().len(), 1);
    let bad = http
        .get(format!("{}/_sandbox/requests?vendor=nobody", sandbox.url))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);

    let cleared = admin_call(&sandbox, &http, Method::DELETE, "/_sandbox/requests").await;
    assert_eq!(cleared.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        admin_json(&http, format!("{}/_sandbox/requests", sandbox.url)).await,
        json!([])
    );
}

#[tokio::test]
async fn sailpoint_patch_bodies_are_logged_and_no_other_body_is() {
    let (sandbox, http) = start().await;
    let patch = json!([{ "op": "replace", "path": "/name", "value": "renamed" }]);
    http.patch(format!("{}/beta/oauth-clients/abc", sandbox.url))
        .header("content-type", "application/json-patch+json")
        .json(&patch)
        .send()
        .await
        .unwrap();
    http.post(format!("{}/beta/oauth-clients", sandbox.url))
        .json(&json!({ "name": "x" }))
        .send()
        .await
        .unwrap();
    let log = admin_json(
        &http,
        format!("{}/_sandbox/requests?vendor=sailpoint", sandbox.url),
    )
    .await;
    assert_eq!(log[0]["method"], "PATCH");
    assert_eq!(log[0]["body"], patch);
    assert_eq!(log[1]["method"], "POST");
    assert!(log[1].get("body").is_none());
}

#[tokio::test]
async fn a_counted_fault_fails_exactly_the_next_n_requests_of_its_vendor() {
    let (sandbox, http) = start().await;
    let fault = json!({ "vendor": "oracle_oam", "status": 503, "retry_after_s": 7, "count": 2 });
    assert_eq!(add_fault(&sandbox, &http, fault).await, StatusCode::CREATED);
    let token = ibm_admin_token(&sandbox, &http).await; // another vendor: unaffected
    assert!(!token.is_empty());
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let response = oam_get(&sandbox, &http).await.unwrap();
        if response.status() == StatusCode::SERVICE_UNAVAILABLE {
            assert_eq!(response.headers()["retry-after"], "7");
        }
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses, [503, 503, 200]);
    let log = admin_json(
        &http,
        format!("{}/_sandbox/requests?vendor=oracle_oam", sandbox.url),
    )
    .await;
    let faulted: Vec<bool> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["fault"].as_bool().unwrap())
        .collect();
    assert_eq!(faulted, [true, true, false]);
}

#[tokio::test]
async fn a_429_fault_always_carries_retry_after_and_star_matches_every_vendor() {
    let (sandbox, http) = start().await;
    add_fault(
        &sandbox,
        &http,
        json!({ "vendor": "*", "status": 429, "count": 1 }),
    )
    .await;
    let response = oam_get(&sandbox, &http).await.unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "1");

    add_fault(&sandbox, &http, json!({ "vendor": "*", "status": 502 })).await;
    // The admin API is never faulted.
    let faults = admin_json(&http, format!("{}/_sandbox/faults", sandbox.url)).await;
    assert_eq!(faults.as_array().unwrap().len(), 1);
    let response = oam_get(&sandbox, &http).await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    let cleared = admin_call(&sandbox, &http, Method::DELETE, "/_sandbox/faults").await;
    assert_eq!(cleared.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        oam_get(&sandbox, &http).await.unwrap().status(),
        StatusCode::OK
    );

    add_fault(
        &sandbox,
        &http,
        json!({ "vendor": "*", "status": 500, "rate": 0.0 }),
    )
    .await;
    assert_eq!(
        oam_get(&sandbox, &http).await.unwrap().status(),
        StatusCode::OK,
        "rate 0 never fires"
    );
}

#[tokio::test]
async fn invalid_faults_are_refused() {
    let (sandbox, http) = start().await;
    for fault in [
        json!({ "vendor": "nobody", "status": 500 }),
        json!({ "vendor": "*", "status": 404 }),
        json!({ "vendor": "*", "status": 500, "rate": 2.0 }),
        json!({ "vendor": "*" }),
        json!({ "vendor": "*", "status": 500, "count": 0 }),
        json!({ "vendor": "*", "status": 500, "surprise": true }),
    ] {
        assert_eq!(
            add_fault(&sandbox, &http, fault.clone()).await,
            StatusCode::BAD_REQUEST,
            "{fault}"
        );
    }
}

#[tokio::test]
async fn a_delay_fault_holds_the_answer_back() {
    let (sandbox, http) = start().await;
    add_fault(
        &sandbox,
        &http,
        json!({ "vendor": "oracle_oam", "delay_ms": 3000, "count": 1 }),
    )
    .await;
    let impatient = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let error = oam_get(&sandbox, &impatient).await.unwrap_err();
    assert!(error.is_timeout(), "{error}");
}

#[tokio::test]
async fn a_drop_connection_fault_closes_the_connection_without_an_answer() {
    let (sandbox, http) = start().await;
    add_fault(
        &sandbox,
        &http,
        json!({ "vendor": "oracle_oam", "drop_connection": true, "count": 1 }),
    )
    .await;
    let error = oam_get(&sandbox, &http).await.unwrap_err();
    assert!(error.status().is_none(), "no HTTP status: {error}");
    assert!(!error.is_timeout());
    assert_eq!(
        oam_get(&sandbox, &http).await.unwrap().status(),
        StatusCode::OK
    );
    let log = admin_json(&http, format!("{}/_sandbox/requests", sandbox.url)).await;
    assert_eq!(log[0]["status"], 0);
    assert_eq!(log[0]["fault"], true);
}

#[tokio::test]
async fn out_of_band_objects_appear_in_the_vendor_api_and_can_be_deleted() {
    let (sandbox, http) = start().await;
    let created = http
        .post(format!("{}/_sandbox/objects/ibm_verify", sandbox.url))
        .json(&json!({ "clientName": "console-made", "enabled": true, "entitlements": ["readCerts"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let client: Value = created.json().await.unwrap();
    let id = client["id"].as_str().unwrap().to_owned();
    assert!(
        client["clientSecret"]
            .as_str()
            .is_some_and(|secret| !secret.is_empty())
    );
    let token = ibm_admin_token(&sandbox, &http).await;
    let seen: Value = http
        .get(format!("{}/v1.0/apiclients/{id}", sandbox.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(seen, client);
    let delete = |path: String| {
        let http = http.clone();
        async move { http.delete(path).send().await.unwrap().status() }
    };
    assert_eq!(
        delete(format!("{}/_sandbox/objects/ibm_verify/{id}", sandbox.url)).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        delete(format!("{}/_sandbox/objects/ibm_verify/{id}", sandbox.url)).await,
        StatusCode::NOT_FOUND
    );

    let oam: Value = http
        .post(format!("{}/_sandbox/objects/oracle_oam", sandbox.url))
        .json(&json!({ "name": "legacy", "idDomain": "D" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        oam["secret"]
            .as_str()
            .is_some_and(|secret| secret != "********")
    );
    let listed: Value = oam_get(&sandbox, &http)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed[0]["name"], "legacy");
    let oam_id = oam["id"].as_str().unwrap();
    assert_eq!(
        delete(format!(
            "{}/_sandbox/objects/oracle_oam/D/{oam_id}",
            sandbox.url
        ))
        .await,
        StatusCode::NO_CONTENT
    );
    assert!(sandbox.state().oracle_oam.clients.is_empty());

    let invalid = http
        .post(format!("{}/_sandbox/objects/ibm_verify", sandbox.url))
        .json(&json!({ "clientName": "x" }))
        .send()
        .await
        .unwrap();
    assert_eq!(invalid.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        delete(format!("{}/_sandbox/objects/nobody/1", sandbox.url)).await,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_state_file_carries_objects_across_restarts() {
    let directory = tempfile::tempdir().unwrap();
    let state_file = directory.path().join("state.json");
    let config = SandboxConfig {
        state_file: Some(state_file.clone()),
        ..SandboxConfig::default()
    };
    let http = http();
    let first = Sandbox::start_with(Options::default(), config.clone())
        .await
        .unwrap();
    let admin = &first.credentials().oracle_oam;
    let created = http
        .post(format!("{}{CLIENT_PATH}", first.url))
        .basic_auth(&admin.username, Some(&admin.password))
        .json(&json!({ "name": "survivor", "idDomain": "D" }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::OK);
    assert!(state_file.exists(), "saved after the mutating request");
    first.shutdown().await.unwrap();

    let second = Sandbox::start_with(Options::default(), config)
        .await
        .unwrap();
    let listed: Value = oam_get(&second, &http).await.unwrap().json().await.unwrap();
    assert_eq!(listed[0]["name"], "survivor");
}

// ---------------------------------------------------------------------------------------------
// The binary

struct Running {
    child: Child,
    url: String,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run_binary(args: &[&str]) -> Running {
    let mut child = Command::new(env!("CARGO_BIN_EXE_apiclients-sandbox"))
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .strip_suffix('\n')
        .and_then(|line| line.strip_prefix("listening on "))
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    Running { child, url }
}

fn terminate(running: &mut Running) -> std::process::ExitStatus {
    let status = Command::new("kill")
        .args(["-TERM", &running.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    running.child.wait().unwrap()
}

#[tokio::test]
async fn the_binary_prints_its_url_and_exits_0_on_sigterm() {
    let mut running = run_binary(&[]);
    assert!(running.url.starts_with("http://127.0.0.1:"));
    let credentials = admin_json(&http(), format!("{}/_sandbox/credentials", running.url)).await;
    assert_eq!(credentials["ibm_verify"]["client_id"], "sandbox-ibm-admin");
    let status = terminate(&mut running);
    assert_eq!(status.code(), Some(0));
}

#[tokio::test]
async fn the_binary_serves_https_that_clients_trust_with_the_written_certificate() {
    let directory = tempfile::tempdir().unwrap();
    let certificate = directory.path().join("sandbox.pem");
    let running = run_binary(&["--tls", "--tls-cert-out", certificate.to_str().unwrap()]);
    assert!(
        running.url.starts_with("https://127.0.0.1:"),
        "{}",
        running.url
    );
    let pem = std::fs::read(&certificate).unwrap();
    let trusted = reqwest::Client::builder()
        .no_proxy()
        .tls_certs_only([reqwest::Certificate::from_pem(&pem).unwrap()])
        .build()
        .unwrap();
    let credentials = admin_json(&trusted, format!("{}/_sandbox/credentials", running.url)).await;
    assert_eq!(credentials["oracle_oam"]["username"], "oamadmin");
    let localhost = running.url.replace("127.0.0.1", "localhost");
    let response = trusted
        .get(format!("{localhost}/_sandbox/state"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);

    let untrusting = reqwest::Client::builder()
        .no_proxy()
        .tls_certs_only([])
        .build()
        .unwrap();
    assert!(
        untrusting
            .get(format!("{}/_sandbox/state", running.url))
            .send()
            .await
            .is_err()
    );
}

#[tokio::test]
async fn the_binary_keeps_its_state_file_across_restarts() {
    let directory = tempfile::tempdir().unwrap();
    let state_file = directory.path().join("state.json");
    let state_arg = state_file.to_str().unwrap();
    let http = http();

    let mut first = run_binary(&["--state-file", state_arg, "--ibm-client-secret", "s3cret"]);
    let token = ibm_token(&first.url, &http, "sandbox-ibm-admin", "s3cret").await;
    let persisted = json!({ "clientName": "persisted", "enabled": true, "entitlements": [] });
    let created = ibm_create_response(&first.url, &http, &token, &persisted).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    assert_eq!(terminate(&mut first).code(), Some(0));

    let second = run_binary(&["--state-file", state_arg]);
    let state = admin_json(&http, format!("{}/_sandbox/state", second.url)).await;
    assert_eq!(state["ibm_verify"]["clients"][0]["clientName"], "persisted");
}

async fn oam_create(
    sandbox: &SandboxHandle,
    http: &reqwest::Client,
    name: &str,
) -> reqwest::Result<reqwest::Response> {
    let admin = &sandbox.credentials().oracle_oam;
    http.post(format!("{}{CLIENT_PATH}", sandbox.url))
        .basic_auth(&admin.username, Some(&admin.password))
        .json(&json!({ "name": name, "idDomain": "D", "clientType": "CONFIDENTIAL_CLIENT" }))
        .send()
        .await
}

async fn oam_names(sandbox: &SandboxHandle, http: &reqwest::Client) -> Vec<String> {
    let listed: Value = oam_get(sandbox, http).await.unwrap().json().await.unwrap();
    let items = match listed {
        Value::Array(items) => items,
        Value::Object(_) => vec![listed],
        _ => vec![],
    };
    items
        .iter()
        .filter_map(|item| item["name"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn an_after_fault_lets_the_emulator_act_then_fails_the_answer() {
    let (sandbox, http) = start().await;
    assert_eq!(
        add_fault(
            &sandbox,
            &http,
            json!({ "vendor": "oracle_oam", "methods": ["POST"], "status": 504, "after": true, "count": 1 }),
        )
        .await,
        StatusCode::CREATED
    );
    // A GET is not a POST: the fault waits for the create.
    assert_eq!(
        oam_get(&sandbox, &http).await.unwrap().status(),
        StatusCode::OK
    );
    let answer = oam_create(&sandbox, &http, "acted-503").await.unwrap();
    assert_eq!(answer.status(), StatusCode::GATEWAY_TIMEOUT);
    assert_eq!(oam_names(&sandbox, &http).await, ["acted-503"], "it acted");

    add_fault(
        &sandbox,
        &http,
        json!({ "vendor": "oracle_oam", "methods": ["POST"], "drop_connection": true, "after": true, "count": 1 }),
    )
    .await;
    let error = oam_create(&sandbox, &http, "acted-dropped")
        .await
        .unwrap_err();
    assert!(error.status().is_none(), "no HTTP status: {error}");
    let mut names = oam_names(&sandbox, &http).await;
    names.sort();
    assert_eq!(names, ["acted-503", "acted-dropped"]);

    let log = admin_json(
        &http,
        format!("{}/_sandbox/requests?vendor=oracle_oam", sandbox.url),
    )
    .await;
    let posts: Vec<(u64, bool)> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["method"] == "POST")
        .map(|entry| {
            (
                entry["status"].as_u64().unwrap(),
                entry["fault"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(posts, [(504, true), (0, true)]);
    assert_eq!(
        add_fault(
            &sandbox,
            &http,
            json!({ "vendor": "*", "delay_ms": 5, "after": true }),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "after needs a failure"
    );
}

#[tokio::test]
async fn the_clock_moves_forward_and_tokens_expire_by_it() {
    let (sandbox, http) = start().await;
    let before = admin_json(&http, format!("{}/_sandbox/clock", sandbox.url)).await;
    assert_eq!(before["offset_seconds"], 0);
    let token = ibm_admin_token(&sandbox, &http).await;
    let listed = ibm_list_response(&sandbox.url, &http, &token).await;
    assert_eq!(listed.status(), StatusCode::OK);

    // Past the documented token lifetime (7199 s) the same token is refused.
    let moved: Value = http
        .post(format!("{}/_sandbox/clock", sandbox.url))
        .json(&json!({ "advance_seconds": 7200 }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(moved["offset_seconds"], 7200);
    let now = chrono::DateTime::parse_from_rfc3339(moved["now"].as_str().unwrap()).unwrap();
    let then = chrono::DateTime::parse_from_rfc3339(before["now"].as_str().unwrap()).unwrap();
    assert!(now - then >= chrono::Duration::seconds(7200));
    let refused = ibm_list_response(&sandbox.url, &http, &token).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);

    let bad = http
        .post(format!("{}/_sandbox/clock", sandbox.url))
        .json(&json!({ "advance_seconds": -5 }))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn out_of_band_objects_are_stamped_with_the_sandbox_clock() {
    let (sandbox, http) = start().await;
    let year = 365 * 86_400;
    advance_clock(&sandbox.url, &http, year).await;
    let a_year_on = chrono::Utc::now() + chrono::Duration::seconds(i64::try_from(year).unwrap());
    let stamped = |text: &Value| {
        let time = chrono::DateTime::parse_from_rfc3339(text.as_str().unwrap()).unwrap();
        (time.to_utc() - a_year_on).num_seconds().abs()
    };
    let create = |vendor: &str, body: Value| {
        let request = http
            .post(format!("{}/_sandbox/objects/{vendor}", sandbox.url))
            .json(&body);
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), StatusCode::CREATED);
            response.json::<Value>().await.unwrap()
        }
    };

    let akamai = create(
        "akamai",
        json!({
            "clientName": "console-made", "clientType": "CLIENT", "authorizedUsers": ["jsmith"],
            "apiAccess": { "allAccessibleApis": true },
            "groupAccess": { "cloneAuthorizedUserGroups": true }, "createCredential": true,
        }),
    )
    .await;
    assert!(stamped(&akamai["createdDate"]) < 60, "{akamai}");
    let credential = &akamai["credentials"][0];
    assert!(stamped(&credential["createdOn"]) < 60, "{credential}");
    // Two years after it was made on the clock, not after the machine's now.
    let expires = chrono::DateTime::parse_from_rfc3339(credential["expiresOn"].as_str().unwrap())
        .unwrap()
        .to_utc();
    assert!(
        expires - a_year_on > chrono::Duration::days(700),
        "{credential}"
    );

    let sailpoint = create(
        "sailpoint",
        json!({
            "name": "console-made", "description": "made in the console",
            "accessTokenValiditySeconds": 750, "grantTypes": ["CLIENT_CREDENTIALS"],
            "accessType": "ONLINE", "enabled": true,
        }),
    )
    .await;
    assert!(stamped(&sailpoint["created"]) < 60, "{sailpoint}");
    assert!(stamped(&sailpoint["modified"]) < 60, "{sailpoint}");
}

/// `PATCH /_sandbox/objects` gives a client a field of a newer API: reads show it, a full-replace
/// PUT that restates it keeps it, one that leaves it out removes it, and a field the client does
/// not have is still refused (the documented schema's rule).
#[tokio::test]
async fn newer_fields_are_shown_kept_when_restated_and_gone_when_left_out() {
    let (sandbox, http) = start().await;
    let client: Value = http
        .post(format!("{}/_sandbox/objects/ibm_verify", sandbox.url))
        .json(&json!({ "clientName": "console-made", "enabled": true, "entitlements": ["readCerts"] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = client["id"].as_str().unwrap().to_owned();
    let patch = |vendor: &str, id: &str| {
        http.patch(format!("{}/_sandbox/objects/{vendor}/{id}", sandbox.url))
            .json(&json!({ "serviceTier": "gold" }))
            .send()
    };
    assert_eq!(
        patch("ibm_verify", &id).await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        patch("ibm_verify", "nope").await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        patch("sailpoint", &id).await.unwrap().status(),
        StatusCode::BAD_REQUEST
    );
    let token = ibm_admin_token(&sandbox, &http).await;
    let url = format!("{}/v1.0/apiclients/{id}", sandbox.url);
    let get = || async {
        let seen: Value = http
            .get(&url)
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        seen
    };
    let mut seen = get().await;
    assert_eq!(seen["serviceTier"], "gold");
    let put = |body: Value| http.put(&url).bearer_auth(&token).json(&body).send();
    seen["description"] = json!("restated");
    assert_eq!(
        put(seen.clone()).await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(get().await["serviceTier"], "gold", "restated: kept");
    let mut unknown = seen.clone();
    unknown["neverHeardOf"] = json!(1);
    assert_eq!(
        put(unknown).await.unwrap().status(),
        StatusCode::BAD_REQUEST
    );
    seen.as_object_mut().unwrap().remove("serviceTier");
    assert_eq!(put(seen).await.unwrap().status(), StatusCode::NO_CONTENT);
    assert!(
        get().await.get("serviceTier").is_none(),
        "left out of a full replace: gone"
    );
}

#[tokio::test]
async fn a_finish_after_hangup_fault_creates_what_the_client_gave_up_on() {
    let (sandbox, http) = start().await;
    let impatient = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    // Held until the client hangs up, then performed.
    add_fault(
        &sandbox,
        &http,
        json!({ "vendor": "oracle_oam", "methods": ["POST"], "finish_after_hangup": true, "count": 1 }),
    )
    .await;
    let error = oam_create(&sandbox, &impatient, "after-hangup")
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error}");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(oam_names(&sandbox, &http).await, ["after-hangup"]);

    // Performed after the delay, which the client does not wait for.
    add_fault(
        &sandbox,
        &http,
        json!({ "vendor": "oracle_oam", "methods": ["POST"], "finish_after_hangup": true,
                "delay_ms": 1500, "count": 1 }),
    )
    .await;
    let error = oam_create(&sandbox, &impatient, "after-delay")
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error}");
    assert_eq!(
        oam_names(&sandbox, &http).await,
        ["after-hangup"],
        "not yet: the delay runs on"
    );
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mut names = oam_names(&sandbox, &http).await;
    names.sort();
    assert_eq!(names, ["after-delay", "after-hangup"]);

    // A client that waits out the delay gets the answer.
    add_fault(
        &sandbox,
        &http,
        json!({ "vendor": "oracle_oam", "methods": ["POST"], "finish_after_hangup": true,
                "delay_ms": 200, "count": 1 }),
    )
    .await;
    let answer = oam_create(&sandbox, &http, "waited").await.unwrap();
    assert!(answer.status().is_success(), "{}", answer.status());
}
