//! The Akamai IAM emulator over real HTTP on loopback: EdgeGrid verification (against Akamai's
//! published test vectors and against requests signed by Akamai's own Python library), API-client
//! and credential lifecycles, and responses checked against Akamai's OpenAPI file.

mod support;

use std::path::PathBuf;
use std::time::Duration;

use apiclients_sandbox::akamai::{self, edgegrid};
use apiclients_sandbox::{
    AppState, Credentials, EdgeGridCredentials, Options, SandboxConfig, SandboxHandle,
};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::{TimeDelta, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};
use support::edgegrid::{
    Signed, Tokens, authorization, now_timestamp, send as edgegrid_send, send_raw,
};
use support::fixture;

const CLIENT_TOKEN: &str = "akab-client-token-sandbox-test";
const ACCESS_TOKEN: &str = "akab-access-token-sandbox-test";
const CLIENT_SECRET: &str = "c2FuZGJveC1zZWNyZXQtZm9yLXRlc3RzLW9ubHk=";
const BASE: &str = "/identity-management/v3/api-clients";

fn admin_tokens() -> Tokens {
    Tokens {
        client_token: CLIENT_TOKEN.into(),
        access_token: ACCESS_TOKEN.into(),
        client_secret: CLIENT_SECRET.into(),
    }
}

fn options() -> Options {
    let admin = admin_tokens();
    Options {
        credentials: Credentials {
            akamai: EdgeGridCredentials {
                client_token: admin.client_token,
                client_secret: admin.client_secret,
                access_token: admin.access_token,
            },
            ..Credentials::default()
        },
        ..Options::default()
    }
}

struct Sandbox {
    /// `127.0.0.1:<port>`: what the requests are signed for.
    host: String,
    app: AppState,
    http: reqwest::Client,
    admin: Tokens,
    /// Keeps the server running for as long as the test holds this.
    handle: SandboxHandle,
}

async fn start() -> Sandbox {
    start_with(SandboxConfig::default()).await
}

async fn start_with(config: SandboxConfig) -> Sandbox {
    let handle = apiclients_sandbox::Sandbox::start_with(options(), config)
        .await
        .unwrap();
    Sandbox {
        host: handle.addr.to_string(),
        app: handle.control.shared.clone(),
        http: support::http(),
        admin: admin_tokens(),
        handle,
    }
}

impl Sandbox {
    /// A request signed with the configured admin credentials.
    async fn call(&self, method: &str, path: &str, body: Option<&Value>) -> reqwest::Response {
        self.call_as(&self.admin, method, path, body).await
    }

    /// A request signed with another credential than the configured admin one.
    async fn call_as(
        &self,
        tokens: &Tokens,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> reqwest::Response {
        edgegrid_send(&self.http, &self.host, tokens, method, path, body).await
    }

    async fn raw(
        &self,
        method: &str,
        path: &str,
        auth: Option<String>,
        body: Vec<u8>,
    ) -> reqwest::Response {
        send_raw(&self.http, &self.host, method, path, auth, body).await
    }

    /// The JSON answer (`null` for none) of an admin request, asserted to be `expected`.
    async fn json(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        expected: StatusCode,
    ) -> Value {
        let response = self.call(method, path, body).await;
        let status = response.status();
        let text = response.text().await.unwrap();
        assert_eq!(status, expected, "{method} {path}: {text}");
        if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap()
        }
    }

    /// The create answer of [`create_request`] (asserted to be a 201) and the new client's path.
    async fn create_client(&self) -> (Value, String) {
        let created = self
            .json("POST", BASE, Some(&create_request()), StatusCode::CREATED)
            .await;
        let path = format!("{BASE}/{}", created["clientId"].as_str().unwrap());
        (created, path)
    }

    /// A new credential of the client at `client` (its path), made by the admin.
    async fn new_credential(&self, client: &str, access_token: &str) -> Tokens {
        let created = self
            .json(
                "POST",
                &format!("{client}/credentials"),
                None,
                StatusCode::CREATED,
            )
            .await;
        Tokens::of(&json!(access_token), &created)
    }

    /// The problem+json of an admin request refused with `status`.
    async fn problem(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        status: StatusCode,
    ) -> Value {
        assert_problem(self.call(method, path, body).await, status).await
    }

    /// The problem+json of a request signed with `tokens` and refused with `status`.
    async fn problem_as(
        &self,
        tokens: &Tokens,
        method: &str,
        path: &str,
        body: Option<&Value>,
        status: StatusCode,
    ) -> Value {
        assert_problem(self.call_as(tokens, method, path, body).await, status).await
    }
}

fn create_request() -> Value {
    json!({
        "allowAccountSwitch": false,
        "apiAccess": { "allAccessibleApis": false, "apis": [
            { "accessLevel": "READ-ONLY", "apiId": 5000, "apiName": "Reporting API",
              "description": "Luna Reporting API",
              "documentationUrl": "https://developer.akamai.com/api/luna/reporting-api/overview.html",
              "endPoint": "/reporting-api" },
            { "accessLevel": "READ-WRITE", "apiId": 5801 }
        ]},
        "authorizedUsers": ["jsmith"],
        "canAutoCreateCredential": false,
        "clientDescription": "Provides access to the reporting data.",
        "clientName": "report_data",
        "clientType": "CLIENT",
        "createCredential": true,
        "groupAccess": { "cloneAuthorizedUserGroups": false, "groups": [
            { "groupId": 32145, "roleId": 1, "subGroups": [ { "groupId": 32146, "roleId": 2 } ] }
        ]},
        "ipAcl": { "cidr": ["192.0.2.239", "192.0.2.0/24"], "enable": true },
        "notificationEmails": ["mrossi@example.com"]
    })
}

// ---------------------------------------------------------------------------------------------
// OpenAPI conformance

/// The response schemas of Akamai's OpenAPI file the sandbox is checked against, reduced to what
/// [`conforms`] reads (fixtures/akamai_openapi_responses.json names its vendor source).
fn openapi() -> Value {
    fixture("akamai_openapi_responses.json")
}

/// Checks `value` against the fixture's schema of `answer` (`"PUT /api-clients/{clientId} 200"`,
/// the fixture's key: method, OpenAPI path, status).
fn answer_conforms(value: &Value, answer: &str) {
    answer_conforms_with(value, answer, &[]);
}

/// [`answer_conforms`], tolerating the properties `extra_allowed` beyond the schema.
fn answer_conforms_with(value: &Value, answer: &str, extra_allowed: &[&str]) {
    let schema = &openapi()["responses"][answer];
    assert!(
        schema.get("properties").is_some() || schema.get("items").is_some(),
        "no response schema for {answer} in the fixture"
    );
    conforms(value, schema, answer, extra_allowed);
}

/// Checks `value` against a (dereferenced) schema: every required property is present, no
/// property is unknown when `additionalProperties` is false, enums hold; recursive.
/// `extra_allowed` names properties tolerated beyond the schema (documented in examples).
fn conforms(value: &Value, schema: &Value, at: &str, extra_allowed: &[&str]) {
    if let Some(items) = schema.get("items") {
        for (i, item) in value
            .as_array()
            .unwrap_or_else(|| panic!("{at}: not an array"))
            .iter()
            .enumerate()
        {
            conforms(item, items, &format!("{at}[{i}]"), extra_allowed);
        }
        return;
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        assert!(allowed.contains(value), "{at}: {value} not in {allowed:?}");
    }
    let Some(props) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    let object = value
        .as_object()
        .unwrap_or_else(|| panic!("{at}: not an object: {value}"));
    for required in schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = required.as_str().unwrap();
        assert!(
            object.contains_key(name),
            "{at}: required {name} missing in {value}"
        );
    }
    if schema.get("additionalProperties") == Some(&Value::Bool(false)) {
        for key in object.keys() {
            assert!(
                props.contains_key(key) || extra_allowed.contains(&key.as_str()),
                "{at}: unknown property {key}"
            );
        }
    }
    for (key, sub) in props {
        if let Some(v) = object.get(key) {
            conforms(v, sub, &format!("{at}.{key}"), extra_allowed);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// EdgeGrid test vectors

/// Akamai's EdgeGrid vectors, shared with the provider's signer test (`tests/edgegrid_vectors.rs`);
/// fixtures/edgegrid_vectors.json names its vendor source (edgegrid-python 2.0.9's
/// `testcases.json` and `testdata.json`: host, max_body 2048, headers_to_sign X-Test1..3, nonce
/// and timestamp).
fn edgegrid_fixture() -> Value {
    fixture("edgegrid_vectors.json")
}

/// The fixture's name for a value, as text.
fn fixture_text<'a>(fixture: &'a Value, key: &str) -> &'a str {
    fixture[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in the EdgeGrid fixture"))
}

/// Runs the sandbox's verifier on one vector: the expected signature must pass, a changed one
/// (and the same signature over a changed request) must fail.
fn check_vector(
    name: &str,
    method: &str,
    path: &str,
    body: &[u8],
    headers: &[(String, String)],
    signature: &str,
) {
    let lookup = |wanted: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(wanted))
            .map(|(_, v)| v.as_str())
    };
    let fixture = edgegrid_fixture();
    let headers_to_sign: Vec<&str> = fixture["headers_to_sign"]
        .as_array()
        .unwrap()
        .iter()
        .map(|name| name.as_str().unwrap())
        .collect();
    let canonical = edgegrid::canonical_headers(&headers_to_sign, lookup);
    let (client_token, access_token, timestamp, nonce) = (
        fixture_text(&fixture, "client_token"),
        fixture_text(&fixture, "access_token"),
        fixture_text(&fixture, "timestamp"),
        fixture_text(&fixture, "nonce"),
    );
    let request = edgegrid::ReceivedRequest {
        method,
        scheme: "https",
        host: fixture_text(&fixture, "host"),
        path_and_query: path,
        canonical_headers: &canonical,
        body,
    };
    let credentials = edgegrid::VerifierCredentials {
        client_token,
        access_token,
        client_secret: fixture_text(&fixture, "client_secret"),
    };
    let header = format!(
        "EG1-HMAC-SHA256 client_token={client_token};access_token={access_token};timestamp={timestamp};nonce={nonce};signature={signature}"
    );
    let at = edgegrid::parse_timestamp(timestamp).unwrap();
    let verify = |header: &str, request: &edgegrid::ReceivedRequest<'_>| {
        edgegrid::verify(
            &credentials,
            Some(header),
            request,
            2048,
            at,
            edgegrid::MAX_CLOCK_SKEW,
        )
    };
    assert!(
        verify(&header, &request).is_ok(),
        "vector {name:?} rejected"
    );

    let mut changed = BASE64.decode(signature).unwrap();
    changed[0] ^= 1;
    let tampered = header.replace(signature, &BASE64.encode(changed));
    assert_eq!(
        verify(&tampered, &request).unwrap_err(),
        edgegrid::EdgeGridError::SignatureMismatch,
        "{name}"
    );
    let other_path = format!("{path}x");
    let moved = edgegrid::ReceivedRequest {
        path_and_query: &other_path,
        ..request.clone()
    };
    assert!(
        verify(&header, &moved).is_err(),
        "{name}: path change accepted"
    );
    // Outside the clock-skew window the same signature is refused.
    let later = at + TimeDelta::minutes(6);
    assert_eq!(
        edgegrid::verify(
            &credentials,
            Some(&header),
            &request,
            2048,
            later,
            edgegrid::MAX_CLOCK_SKEW
        )
        .unwrap_err(),
        edgegrid::EdgeGridError::StaleTimestamp
    );
}

#[test]
fn verifier_accepts_edgegrid_python_vectors_from_the_fixture() {
    let fixture = edgegrid_fixture();
    let (secret, timestamp) = (
        fixture_text(&fixture, "client_secret"),
        fixture_text(&fixture, "timestamp"),
    );
    assert_eq!(
        edgegrid::signing_key(secret, timestamp),
        fixture_text(&fixture, "sign_key_test")
    );
    let content_hash = &fixture["content_hash_test"];
    assert_eq!(
        edgegrid::content_hash("POST", fixture_text(content_hash, "body").as_bytes(), 2048),
        fixture_text(content_hash, "hash")
    );
    let mut checked = 0;
    for case in fixture["cases"].as_array().unwrap() {
        // The case Python's requests refuses to send: the sandbox never receives it.
        if case.get("fails_with_message").is_some() {
            continue;
        }
        let headers: Vec<(String, String)> = case["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|pair| {
                (
                    pair[0].as_str().unwrap().to_owned(),
                    pair[1].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let body = &case["body"];
        let body: Vec<u8> = if body.is_null() {
            Vec::new()
        } else if let Some(text) = body["text"].as_str() {
            text.as_bytes().to_vec()
        } else {
            let byte = fixture_text(body, "repeat").as_bytes()[0];
            vec![byte; usize::try_from(body["times"].as_u64().unwrap()).unwrap()]
        };
        let expected = fixture_text(case, "expected_authorization");
        check_vector(
            fixture_text(case, "name"),
            fixture_text(case, "method"),
            fixture_text(case, "path"),
            &body,
            &headers,
            expected.rsplit("signature=").next().unwrap(),
        );
        checked += 1;
    }
    assert_eq!(checked, 14, "every case the sandbox can receive");
}

fn python() -> String {
    std::env::var("APICLIENTS_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// Skips (returns true) when Akamai's Python library is not installed, unless the environment named an
/// interpreter with APICLIENTS_PYTHON (as `make test` does): then its absence is a failure, so CI
/// cannot pass without running the cross-check.
fn skip_without_edgegrid_python() -> bool {
    if edgegrid_python_dir().is_some() {
        return false;
    }
    assert!(
        std::env::var_os("APICLIENTS_PYTHON").is_none(),
        "APICLIENTS_PYTHON={} cannot import akamai.edgegrid and requests: run `make tools`",
        python()
    );
    eprintln!(
        "SKIPPED: {} cannot import akamai.edgegrid and requests; run `make tools`",
        python()
    );
    true
}

/// Directory of the installed `akamai.edgegrid` package, if the interpreter has it.
fn edgegrid_python_dir() -> Option<PathBuf> {
    let output = std::process::Command::new(python())
        .args([
            "-c",
            "import os, requests, akamai.edgegrid as e; print(os.path.dirname(e.__file__))",
        ])
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()))
}

#[test]
fn verifier_accepts_edgegrid_python_vectors_from_installed_package() {
    if skip_without_edgegrid_python() {
        return;
    }
    let Some(dir) = edgegrid_python_dir() else {
        return;
    };
    let cases_path = dir.join("test/testcases.json");
    let Ok(text) = std::fs::read_to_string(&cases_path) else {
        eprintln!(
            "SKIPPED: {} is not shipped with this edgegrid-python",
            cases_path.display()
        );
        return;
    };
    let data: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("test/testdata.json")).unwrap())
            .unwrap();
    let fixture = edgegrid_fixture();
    assert_eq!(data["client_secret"], fixture["client_secret"]);
    assert_eq!(data["timestamp"], fixture["timestamp"]);
    let cases: Value = serde_json::from_str(&text).unwrap();
    let mut checked = 0;
    for case in cases.as_array().unwrap() {
        // These vectors describe signers that refuse such headers; the Python signer itself
        // signs them, so there is no single expected signature to verify.
        if case.get("failsWithMessage").is_some() {
            continue;
        }
        let request = &case["request"];
        let headers: Vec<(String, String)> = request["headers"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|h| h.as_object().unwrap().iter())
            .map(|(n, v)| (n.clone(), v.as_str().unwrap().to_owned()))
            .collect();
        let expected = case["expectedAuthorization"].as_str().unwrap();
        let signature = expected.rsplit("signature=").next().unwrap();
        check_vector(
            case["testName"].as_str().unwrap(),
            request["method"].as_str().unwrap(),
            request["path"].as_str().unwrap(),
            request["data"].as_str().unwrap_or("").as_bytes(),
            &headers,
            signature,
        );
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} vectors checked");
}

// ---------------------------------------------------------------------------------------------
// Authentication over HTTP

async fn assert_problem(response: reqwest::Response, status: StatusCode) -> Value {
    assert_eq!(response.status(), status);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let body: Value = response.json().await.unwrap();
    for key in ["type", "title", "status", "detail", "instance"] {
        assert!(body.get(key).is_some(), "{key} missing in {body}");
    }
    assert_eq!(body["status"], status.as_u16());
    body
}

#[tokio::test]
async fn requests_without_a_valid_signature_get_401_problem_json() {
    let sb = start().await;
    assert_problem(
        sb.raw("GET", BASE, None, vec![]).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    let bearer = sb.raw("GET", BASE, Some("Bearer abc".into()), vec![]).await;
    assert_problem(bearer, StatusCode::UNAUTHORIZED).await;

    let ts = now_timestamp();
    let nonce = uuid::Uuid::new_v4().to_string();
    let get = Signed {
        method: "GET",
        scheme: "http",
        host: &sb.host,
        path: BASE,
        body: b"",
        timestamp: &ts,
        nonce: &nonce,
    };
    let wrong_secret = Tokens {
        client_secret: "not-the-secret".into(),
        ..admin_tokens()
    };
    let old = edgegrid::format_timestamp(Utc::now() - TimeDelta::minutes(10));
    let refused = [
        ("a wrong secret", authorization(&wrong_secret, &get)),
        (
            "another host",
            authorization(
                &sb.admin,
                &Signed {
                    host: "example.com",
                    ..get
                },
            ),
        ),
        (
            "a stale timestamp",
            authorization(
                &sb.admin,
                &Signed {
                    timestamp: &old,
                    ..get
                },
            ),
        ),
    ];
    for (what, auth) in refused {
        let body = assert_problem(
            sb.raw("GET", BASE, Some(auth), vec![]).await,
            StatusCode::UNAUTHORIZED,
        )
        .await;
        assert!(!body.to_string().contains(CLIENT_SECRET), "{what}");
    }

    // The body of a POST is covered by the content hash.
    let signed_body = create_request().to_string().into_bytes();
    let auth = authorization(
        &sb.admin,
        &Signed {
            method: "POST",
            body: &signed_body,
            ..get
        },
    );
    let mut other_body = create_request();
    other_body["clientName"] = json!("tampered");
    let tampered = sb
        .raw(
            "POST",
            BASE,
            Some(auth),
            other_body.to_string().into_bytes(),
        )
        .await;
    assert_problem(tampered, StatusCode::UNAUTHORIZED).await;
    assert!(sb.app.state.lock().akamai.clients.is_empty());

    // Both https (what Akamai signs) and http (the sandbox's own scheme) are accepted.
    let https = authorization(
        &sb.admin,
        &Signed {
            scheme: "https",
            ..get
        },
    );
    assert_eq!(
        sb.raw("GET", BASE, Some(https), vec![]).await.status(),
        StatusCode::OK
    );
}

// ---------------------------------------------------------------------------------------------
// API clients

#[tokio::test]
async fn create_returns_201_location_and_the_secret_once() {
    let sb = start().await;
    let response = sb.call("POST", BASE, Some(&create_request())).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let created: Value = response.json().await.unwrap();
    answer_conforms_with(&created, "POST /api-clients 201", &["clientSecret"]);
    let id = created["clientId"].as_str().unwrap();
    assert_eq!(location, format!("{BASE}/{id}"));
    assert_eq!(created["activeCredentialCount"], 1);
    let credential = &created["credentials"][0];
    let secret = credential["clientSecret"].as_str().unwrap().to_owned();
    assert!(!secret.is_empty());
    assert_eq!(credential["status"], "ACTIVE");
    assert_eq!(created["apiAccess"]["apis"][1]["apiId"], 5801);
    assert!(created["apiAccess"]["apis"][1]["apiName"].is_string());
    assert_eq!(
        created["groupAccess"]["groups"][0]["subGroups"][0]["groupId"],
        32146
    );
    assert_eq!(created["ipAcl"]["enable"], true);

    let full: Value = sb
        .json("GET", &format!("{location}?actions=true&groupAccess=true&apiAccess=true&credentials=true&ipAcl=true"), None, StatusCode::OK)
        .await;
    answer_conforms(&full, "GET /api-clients/{clientId} 200");
    assert!(full["credentials"][0].get("clientSecret").is_none());
    assert!(!full.to_string().contains(&secret));
    assert_eq!(
        full["actions"]["delete"], false,
        "a client with an active credential"
    );

    let plain: Value = sb.json("GET", &location, None, StatusCode::OK).await;
    for absent in [
        "actions",
        "groupAccess",
        "apiAccess",
        "credentials",
        "ipAcl",
    ] {
        assert!(
            plain.get(absent).is_none(),
            "{absent} shown without its flag"
        );
    }
    assert_eq!(plain["clientName"], "report_data");
    assert!(
        !serde_json::to_string(&sb.app.state.lock().akamai)
            .unwrap()
            .contains(&secret)
    );

    let list: Value = sb
        .json("GET", &format!("{BASE}?actions=true"), None, StatusCode::OK)
        .await;
    answer_conforms(&list, "GET /api-clients 200");
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert!(list[0]["serviceConsumerToken"].is_string());
}

#[tokio::test]
async fn create_without_credential_and_with_defaults() {
    let sb = start().await;
    let request = json!({
        "clientName": "minimal",
        "clientType": "CLIENT",
        "authorizedUsers": ["jsmith"],
        "apiAccess": { "allAccessibleApis": true },
        "groupAccess": { "cloneAuthorizedUserGroups": true },
    });
    let created = sb
        .json("POST", BASE, Some(&request), StatusCode::CREATED)
        .await;
    assert_eq!(created["activeCredentialCount"], 0);
    assert_eq!(created["credentials"], json!([]));
    assert_eq!(created["clientDescription"], "");
    assert_eq!(
        created["notificationEmails"].as_array().unwrap().len(),
        1,
        "filled with the creator's email"
    );
    assert_eq!(created["actions"]["delete"], true);
    assert!(
        !created["groupAccess"]["groups"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn create_rejects_invalid_bodies() {
    let sb = start().await;
    let mut cases = Vec::new();
    for required in [
        "clientType",
        "apiAccess",
        "groupAccess",
        "authorizedUsers",
        "clientName",
    ] {
        let mut body = create_request();
        body.as_object_mut().unwrap().remove(required);
        cases.push(body);
    }
    let changes = [
        json!({ "clientType": "ROBOT" }),
        json!({ "authorizedUsers": ["a", "b"] }),
        json!({ "apiAccess": { "allAccessibleApis": false } }),
        json!({ "apiAccess": { "apis": [{ "apiId": 1, "accessLevel": "ADMIN" }] } }),
        json!({ "groupAccess": { "cloneAuthorizedUserGroups": false } }),
        json!({ "groupAccess": { "cloneAuthorizedUserGroups": false, "groups": [{ "groupId": 1 }] } }),
        json!({ "ipAcl": { "cidr": ["not-an-ip"], "enable": true } }),
        json!({ "ipAcl": { "enable": true } }),
        json!({ "clientName": "" }),
        json!({ "unknownProperty": true }),
    ];
    for change in changes {
        let mut body = create_request();
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        cases.push(body);
    }
    for body in cases {
        let response = sb.call("POST", BASE, Some(&body)).await;
        assert_problem(response, StatusCode::BAD_REQUEST).await;
    }
    let too_many: Vec<Value> = (0..100)
        .map(|i| json!({ "apiId": i, "accessLevel": "READ-ONLY" }))
        .collect();
    let mut body = create_request();
    body["apiAccess"] = json!({ "allAccessibleApis": false, "apis": too_many });
    sb.problem("POST", BASE, Some(&body), StatusCode::BAD_REQUEST)
        .await;
    assert!(sb.app.state.lock().akamai.clients.is_empty());
}

#[tokio::test]
async fn update_replaces_settings_but_not_type_or_name() {
    let sb = start().await;
    let (_, path) = sb.create_client().await;
    let update = json!({
        "clientName": "report_data",
        "clientDescription": "updated",
        "authorizedUsers": ["jsmith"],
        "apiAccess": { "allAccessibleApis": true },
        "groupAccess": { "cloneAuthorizedUserGroups": true },
        "notificationEmails": [],
    });
    let updated = sb.json("PUT", &path, Some(&update), StatusCode::OK).await;
    answer_conforms(&updated, "PUT /api-clients/{clientId} 200");
    assert_eq!(updated["clientDescription"], "updated");
    assert_eq!(updated["notificationEmails"], json!([]));
    assert_eq!(updated["apiAccess"]["allAccessibleApis"], true);
    assert_eq!(updated.get("ipAcl"), None, "full replace drops ipAcl");
    assert_eq!(updated["credentials"].as_array().unwrap().len(), 1);

    let mut with_type = update.clone();
    with_type["clientType"] = json!("USER_CLIENT");
    sb.problem("PUT", &path, Some(&with_type), StatusCode::BAD_REQUEST)
        .await;
    let mut renamed = update.clone();
    renamed["clientName"] = json!("other");
    sb.problem("PUT", &path, Some(&renamed), StatusCode::BAD_REQUEST)
        .await;
    let mut no_api = update.clone();
    no_api.as_object_mut().unwrap().remove("apiAccess");
    sb.problem("PUT", &path, Some(&no_api), StatusCode::BAD_REQUEST)
        .await;
    sb.problem(
        "PUT",
        &format!("{BASE}/nosuchclient0000"),
        Some(&update),
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn lock_and_unlock_gate_changes() {
    let sb = start().await;
    let (_, path) = sb.create_client().await;
    let locked = sb
        .json("PUT", &format!("{path}/lock"), None, StatusCode::OK)
        .await;
    answer_conforms(&locked, "PUT /api-clients/{clientId}/lock 200");
    assert_eq!(locked["isLocked"], true);
    let update = json!({
        "authorizedUsers": ["jsmith"],
        "apiAccess": { "allAccessibleApis": true },
        "groupAccess": { "cloneAuthorizedUserGroups": true },
    });
    sb.problem("PUT", &path, Some(&update), StatusCode::FORBIDDEN)
        .await;
    sb.problem(
        "POST",
        &format!("{path}/credentials"),
        None,
        StatusCode::FORBIDDEN,
    )
    .await;
    let actions = sb
        .json("GET", &format!("{path}?actions=true"), None, StatusCode::OK)
        .await;
    assert_eq!(actions["actions"]["unlock"], true);
    assert_eq!(actions["actions"]["edit"], false);

    let unlocked = sb
        .json("PUT", &format!("{path}/unlock"), None, StatusCode::OK)
        .await;
    answer_conforms(&unlocked, "PUT /api-clients/{clientId}/unlock 200");
    assert_eq!(unlocked["isLocked"], false);
    sb.json("PUT", &path, Some(&update), StatusCode::OK).await;
}

#[tokio::test]
async fn credential_lifecycle_follows_the_documented_rules() {
    let sb = start().await;
    let (created, client) = sb.create_client().await;
    let first = created["credentials"][0]["credentialId"].as_u64().unwrap();

    // Rotation: a second credential, then retire the first.
    let response = sb
        .call("POST", &format!("{client}/credentials"), None)
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let second: Value = response.json().await.unwrap();
    answer_conforms(&second, "POST /api-clients/{clientId}/credentials 201");
    assert!(second["clientSecret"].is_string());
    assert_eq!(second["status"], "ACTIVE");
    let second_id = second["credentialId"].as_u64().unwrap();
    assert_eq!(location, format!("{client}/credentials/{second_id}"));

    let list = sb
        .json(
            "GET",
            &format!("{client}/credentials?actions=true"),
            None,
            StatusCode::OK,
        )
        .await;
    answer_conforms(&list, "GET /api-clients/{clientId}/credentials 200");
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert!(
        !list
            .to_string()
            .contains(second["clientSecret"].as_str().unwrap())
    );

    let first_path = format!("{client}/credentials/{first}");
    sb.problem("DELETE", &first_path, None, StatusCode::BAD_REQUEST)
        .await;
    sb.problem("DELETE", &client, None, StatusCode::BAD_REQUEST)
        .await;
    sb.json(
        "POST",
        &format!("{first_path}/deactivate"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await;
    let got = sb
        .json(
            "GET",
            &format!("{first_path}?actions=true"),
            None,
            StatusCode::OK,
        )
        .await;
    answer_conforms(
        &got,
        "GET /api-clients/{clientId}/credentials/{credentialId} 200",
    );
    assert_eq!(got["status"], "INACTIVE");
    assert_eq!(got["actions"]["delete"], true);
    sb.json("DELETE", &first_path, None, StatusCode::NO_CONTENT)
        .await;
    sb.problem("GET", &first_path, None, StatusCode::NOT_FOUND)
        .await;

    // Update: description, expiry within maxAllowedExpiry, status.
    let second_path = format!("{client}/credentials/{second_id}");
    let expires =
        (Utc::now() + TimeDelta::days(30)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let update = json!({ "description": "rotated", "expiresOn": expires, "status": "INACTIVE" });
    let updated = sb
        .json("PUT", &second_path, Some(&update), StatusCode::OK)
        .await;
    answer_conforms(
        &updated,
        "PUT /api-clients/{clientId}/credentials/{credentialId} 200",
    );
    assert_eq!(updated["description"], "rotated");
    assert_eq!(updated["status"], "INACTIVE");
    let too_late = json!({ "expiresOn": (Utc::now() + TimeDelta::days(800)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true), "status": "ACTIVE" });
    sb.problem(
        "PUT",
        &second_path,
        Some(&too_late),
        StatusCode::BAD_REQUEST,
    )
    .await;
    let no_status = json!({ "expiresOn": expires });
    sb.problem(
        "PUT",
        &second_path,
        Some(&no_status),
        StatusCode::BAD_REQUEST,
    )
    .await;
    let deleted = json!({ "expiresOn": expires, "status": "DELETED" });
    sb.json("PUT", &second_path, Some(&deleted), StatusCode::OK)
        .await;
    let reactivate = json!({ "expiresOn": expires, "status": "ACTIVE" });
    sb.problem(
        "PUT",
        &second_path,
        Some(&reactivate),
        StatusCode::BAD_REQUEST,
    )
    .await;

    // Deactivate-all, then the client can be deleted.
    sb.json(
        "POST",
        &format!("{client}/credentials"),
        None,
        StatusCode::CREATED,
    )
    .await;
    sb.json(
        "POST",
        &format!("{client}/credentials/deactivate"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await;
    let after = sb.json("GET", &client, None, StatusCode::OK).await;
    assert_eq!(after["activeCredentialCount"], 0);
    sb.json("DELETE", &client, None, StatusCode::NO_CONTENT)
        .await;
    sb.problem("GET", &client, None, StatusCode::NOT_FOUND)
        .await;
    sb.problem(
        "GET",
        &format!("{client}/credentials"),
        None,
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn self_is_the_callers_own_client() {
    let sb = start().await;
    let me = sb
        .json(
            "GET",
            &format!("{BASE}/self?credentials=true"),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(me["accessToken"], ACCESS_TOKEN);
    assert_eq!(me["credentials"][0]["clientToken"], CLIENT_TOKEN);
    let own_list = sb
        .json(
            "GET",
            &format!("{BASE}/self/credentials"),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(own_list.as_array().unwrap().len(), 1);
    sb.problem(
        "PUT",
        &format!("{BASE}/self/unlock"),
        None,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(
        sb.json("GET", BASE, None, StatusCode::OK).await,
        json!([]),
        "self is not listed"
    );
    // Locking your own client locks you out, as on the real service.
    sb.json("PUT", &format!("{BASE}/self/lock"), None, StatusCode::OK)
        .await;
    sb.problem("GET", BASE, None, StatusCode::UNAUTHORIZED)
        .await;
}

#[tokio::test]
async fn oob_create_and_delete() {
    let mut state = akamai::State::default();
    let created = akamai::oob_create(&mut state, create_request(), Utc::now()).unwrap();
    assert!(created["credentials"][0]["clientSecret"].is_string());
    assert!(akamai::oob_create(&mut state, json!({}), Utc::now()).is_err());
    let id = created["clientId"].as_str().unwrap();
    assert!(akamai::oob_delete(&mut state, id));
    assert!(!akamai::oob_delete(&mut state, id));
}

// ---------------------------------------------------------------------------------------------
// Akamai's own signer against the running sandbox

const PYTHON_CLIENT: &str = r#"
import json, sys, requests
from akamai.edgegrid import EdgeGridAuth
base, client_token, client_secret, access_token = sys.argv[1:5]
s = requests.Session()
s.auth = EdgeGridAuth(client_token=client_token, client_secret=client_secret, access_token=access_token)
out = []
def rec(r):
    out.append({"status": r.status_code, "body": r.json() if r.content else None,
                "location": r.headers.get("Location")})
    return out[-1]
p = "/identity-management/v3/api-clients"
c = rec(s.post(base + p, json=json.loads(sys.argv[5])))
cid = c["body"]["clientId"] if c["status"] == 201 else "none"
rec(s.get(base + p, params={"actions": "true"}))
rec(s.get(base + p + "/" + cid + "?actions=true&credentials=true&apiAccess=true"))
rec(s.put(base + p + "/" + cid, json={"authorizedUsers": ["jsmith"], "clientDescription": "from python",
    "apiAccess": {"allAccessibleApis": True}, "groupAccess": {"cloneAuthorizedUserGroups": True}}))
cred = rec(s.post(base + p + "/" + cid + "/credentials"))
cred_id = str(cred["body"]["credentialId"]) if cred["status"] == 201 else "0"
rec(s.post(base + p + "/" + cid + "/credentials/" + cred_id + "/deactivate"))
rec(s.delete(base + p + "/" + cid + "/credentials/" + cred_id))
bad = requests.Session()
bad.auth = EdgeGridAuth(client_token=client_token, client_secret="wrong" + client_secret, access_token=access_token)
rec(bad.get(base + p))
print(json.dumps(out))
"#;

#[tokio::test]
async fn requests_signed_by_akamai_edgegrid_python_are_accepted() {
    if skip_without_edgegrid_python() {
        return;
    }
    let sb = start().await;
    let output = tokio::process::Command::new(python())
        .arg("-c")
        .arg(PYTHON_CLIENT)
        .arg(format!("http://{}", sb.host))
        .arg(CLIENT_TOKEN)
        .arg(CLIENT_SECRET)
        .arg(ACCESS_TOKEN)
        .arg(create_request().to_string())
        .output()
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "python failed: {stderr}");
    let results: Value = serde_json::from_slice(&output.stdout).unwrap();
    let statuses: Vec<u64> = results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_u64().unwrap())
        .collect();
    assert_eq!(
        statuses,
        vec![201, 200, 200, 200, 201, 204, 204, 401],
        "{results}"
    );
    assert!(results[0]["body"]["credentials"][0]["clientSecret"].is_string());
    assert_eq!(results[3]["body"]["clientDescription"], "from python");
    assert_eq!(results[7]["body"]["status"], 401);
}

// ---------------------------------------------------------------------------------------------
// What Akamai's own Go library sends (AkamaiOPEN-edgegrid-golang `pkg/iam/api_clients_test.go`
// and `api_clients_credentials_test.go`, the bodies its tests assert it sends)

#[tokio::test]
async fn accepts_the_request_shapes_of_akamais_go_library() {
    let sb = start().await;
    // Create with every array a Go nil slice (`null`), as in the library's minimal create case.
    let minimal = json!({
        "allowAccountSwitch": false,
        "apiAccess": { "allAccessibleApis": true, "apis": null },
        "authorizedUsers": ["jsmith"],
        "canAutoCreateCredential": false,
        "clientDescription": "",
        "clientName": "go_minimal",
        "clientType": "CLIENT",
        "createCredential": false,
        "groupAccess": { "cloneAuthorizedUserGroups": true, "groups": null },
        "notificationEmails": null,
        "purgeOptions": { "canPurgeByCacheTag": false, "canPurgeByCpcode": false,
            "cpcodeAccess": { "allCurrentAndNewCpcodes": true, "cpcodes": null } }
    });
    let created = sb
        .json("POST", BASE, Some(&minimal), StatusCode::CREATED)
        .await;
    assert_eq!(created["clientDescription"], "");
    assert_eq!(created["apiAccess"]["apis"], json!([]));
    assert_eq!(
        created["purgeOptions"]["cpcodeAccess"]["cpcodes"],
        json!([])
    );
    let path = format!("{BASE}/{}", created["clientId"].as_str().unwrap());

    // Update with `clientType` restated and groups' `subgroups` (the Go JSON tag), null or not.
    let update = json!({
        "allowAccountSwitch": true,
        "apiAccess": { "allAccessibleApis": false, "apis": [
            { "accessLevel": "READ-ONLY", "apiId": 1 }, { "accessLevel": "READ-WRITE", "apiId": 2 }
        ]},
        "authorizedUsers": ["jsmith"],
        "canAutoCreateCredential": true,
        "clientDescription": "",
        "clientName": "go_minimal",
        "clientType": "CLIENT",
        "groupAccess": { "cloneAuthorizedUserGroups": false, "groups": [
            { "groupId": 123, "roleId": 1, "subgroups": [ { "groupId": 124, "roleId": 1, "subgroups": null } ] }
        ]},
        "ipAcl": { "cidr": ["1.2.3.4/32"], "enable": true },
        "notificationEmails": ["user1@example.com"],
        "purgeOptions": { "canPurgeByCacheTag": true, "canPurgeByCpcode": true,
            "cpcodeAccess": { "allCurrentAndNewCpcodes": false, "cpcodes": [321] } }
    });
    let updated = sb.json("PUT", &path, Some(&update), StatusCode::OK).await;
    let group = &updated["groupAccess"]["groups"][0];
    assert_eq!(group["subGroups"][0]["groupId"], 124);
    assert_eq!(group["subGroups"][0]["subGroups"], json!([]));

    // Both spellings at once are ambiguous.
    let mut both = update.clone();
    both["groupAccess"]["groups"][0]["subGroups"] = json!([]);
    sb.problem("PUT", &path, Some(&both), StatusCode::BAD_REQUEST)
        .await;

    // SERVICE_ACCOUNT, a type the Go library defines and validates as allowed.
    let mut service = minimal.clone();
    service["clientType"] = json!("SERVICE_ACCOUNT");
    service["clientName"] = json!("go_service");
    let created = sb
        .json("POST", BASE, Some(&service), StatusCode::CREATED)
        .await;
    assert_eq!(created["clientType"], "SERVICE_ACCOUNT");
}

#[tokio::test]
async fn credential_expiry_needs_fractional_seconds() {
    let sb = start().await;
    let created = sb
        .json("POST", BASE, Some(&create_request()), StatusCode::CREATED)
        .await;
    let credential = format!(
        "{BASE}/{}/credentials/{}",
        created["clientId"].as_str().unwrap(),
        created["credentials"][0]["credentialId"]
    );
    let day = (Utc::now() + TimeDelta::days(30)).format("%Y-%m-%dT%H:%M:%S");
    // Refused without a fraction (the Go library: "API does not accept date without providing
    // milliseconds").
    let whole = json!({ "expiresOn": format!("{day}Z"), "status": "ACTIVE" });
    let problem = sb
        .problem("PUT", &credential, Some(&whole), StatusCode::BAD_REQUEST)
        .await;
    assert!(problem["detail"].as_str().unwrap().contains("milliseconds"));
    // Milliseconds, and the nanoseconds the Go library sends, are accepted.
    for fraction in [".000", ".123", ".000000001"] {
        let body = json!({ "expiresOn": format!("{day}{fraction}Z"), "status": "ACTIVE" });
        let answer = sb
            .json("PUT", &credential, Some(&body), StatusCode::OK)
            .await;
        assert!(
            answer["expiresOn"]
                .as_str()
                .unwrap()
                .starts_with(&day.to_string())
        );
    }
}

#[tokio::test]
async fn list_items_always_carry_actions() {
    let sb = start().await;
    sb.json("POST", BASE, Some(&create_request()), StatusCode::CREATED)
        .await;
    for query in ["", "?actions=false", "?actions=true"] {
        let list = sb
            .json("GET", &format!("{BASE}{query}"), None, StatusCode::OK)
            .await;
        answer_conforms(&list, "GET /api-clients 200");
        assert!(list[0]["actions"]["delete"].is_boolean(), "{query}");
    }
}

#[tokio::test]
async fn json_bodies_need_the_json_content_type() {
    let sb = start().await;
    let body = create_request().to_string().into_bytes();
    let auth = authorization(
        &sb.admin,
        &Signed {
            method: "POST",
            scheme: "http",
            host: &sb.host,
            path: BASE,
            body: &body,
            timestamp: &now_timestamp(),
            nonce: &uuid::Uuid::new_v4().to_string(),
        },
    );
    let response = sb
        .http
        .post(format!("http://{}{BASE}", sb.host))
        .header("content-type", "text/plain")
        .header("authorization", auth)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_problem(response, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    assert!(sb.app.state.lock().akamai.clients.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Any client's credential signs, as that client

/// Creates a client with a credential as the admin; answers its path and the new credential.
async fn client_with_credential(sb: &Sandbox, name: &str, api_access: Value) -> (String, Tokens) {
    let mut request = create_request();
    request["clientName"] = json!(name);
    request["apiAccess"] = api_access;
    let created = sb
        .json("POST", BASE, Some(&request), StatusCode::CREATED)
        .await;
    let tokens = Tokens::of(&created["accessToken"], &created["credentials"][0]);
    (
        format!("{BASE}/{}", created["clientId"].as_str().unwrap()),
        tokens,
    )
}

/// The problem+json of a request signed with `tokens` that reads `self` and is refused (401).
async fn self_refused(sb: &Sandbox, tokens: &Tokens) -> Value {
    sb.problem_as(
        tokens,
        "GET",
        &format!("{BASE}/self"),
        None,
        StatusCode::UNAUTHORIZED,
    )
    .await
}

/// The status of a request signed with `tokens` that only reads `self`.
async fn self_status(sb: &Sandbox, tokens: &Tokens) -> StatusCode {
    sb.call_as(tokens, "GET", &format!("{BASE}/self"), None)
        .await
        .status()
}

fn iam_api(level: &str) -> Value {
    json!({ "allAccessibleApis": false, "apis": [
        { "apiId": 5100, "accessLevel": level, "endPoint": "/identity-management",
          "apiName": "Identity and Access Management" }
    ]})
}

#[tokio::test]
async fn a_clients_credential_signs_as_that_client() {
    let sb = start().await;
    let (path, tokens) =
        client_with_credential(&sb, "consumer", create_request()["apiAccess"].clone()).await;
    let id = path.rsplit('/').next().unwrap();

    let me = sb
        .call_as(
            &tokens,
            "GET",
            &format!("{BASE}/self?credentials=true"),
            None,
        )
        .await;
    assert_eq!(me.status(), StatusCode::OK);
    let me: Value = me.json().await.unwrap();
    assert_eq!(me["clientId"], id, "self is the signing client");
    assert_eq!(me["clientName"], "consumer");
    assert_eq!(
        me["credentials"][0]["clientToken"],
        tokens.client_token.as_str()
    );
    // Its own id works like `self`.
    assert_eq!(
        sb.call_as(&tokens, "GET", &path, None).await.status(),
        StatusCode::OK
    );

    // Without IAM access in its apiAccess it manages only itself (403 problem+json elsewhere).
    sb.problem_as(&tokens, "GET", BASE, None, StatusCode::FORBIDDEN)
        .await;
    sb.problem_as(
        &tokens,
        "POST",
        BASE,
        Some(&create_request()),
        StatusCode::FORBIDDEN,
    )
    .await;
    let (other, _) =
        client_with_credential(&sb, "other", json!({ "allAccessibleApis": true })).await;
    sb.problem_as(&tokens, "GET", &other, None, StatusCode::FORBIDDEN)
        .await;

    // It rotates its own credential: the new one signs as the same client.
    let response = sb
        .call_as(&tokens, "POST", &format!("{BASE}/self/credentials"), None)
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let second: Value = response.json().await.unwrap();
    let rotated = Tokens::of(&json!(tokens.access_token), &second);
    let me_again: Value = sb
        .call_as(&rotated, "GET", &format!("{BASE}/self"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me_again["clientId"], id);

    // The admin credentials keep working as before, and their `self` is still the admin's.
    let admin_self = sb
        .json("GET", &format!("{BASE}/self"), None, StatusCode::OK)
        .await;
    assert_eq!(admin_self["accessToken"], ACCESS_TOKEN);
}

#[tokio::test]
async fn iam_access_in_api_access_grants_the_other_calls() {
    let sb = start().await;
    let (_, all) =
        client_with_credential(&sb, "all_apis", json!({ "allAccessibleApis": true })).await;
    let (_, read_only) = client_with_credential(&sb, "iam_ro", iam_api("READ-ONLY")).await;
    let (_, read_write) = client_with_credential(&sb, "iam_rw", iam_api("READ-WRITE")).await;

    // READ-ONLY on the IAM API lists and reads but does not change.
    let list = sb.call_as(&read_only, "GET", BASE, None).await;
    assert_eq!(list.status(), StatusCode::OK);
    let list: Value = list.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 3);
    let target = format!("{BASE}/{}", list[0]["clientId"].as_str().unwrap());
    assert_eq!(
        sb.call_as(&read_only, "GET", &target, None).await.status(),
        StatusCode::OK
    );
    sb.problem_as(
        &read_only,
        "PUT",
        &format!("{target}/lock"),
        None,
        StatusCode::FORBIDDEN,
    )
    .await;

    // READ-WRITE and allAccessibleApis change other clients.
    let mut request = create_request();
    request["createCredential"] = json!(false);
    request["clientName"] = json!("made_by_rw");
    let made = sb.call_as(&read_write, "POST", BASE, Some(&request)).await;
    assert_eq!(made.status(), StatusCode::CREATED);
    assert_eq!(
        sb.call_as(&all, "PUT", &format!("{target}/lock"), None)
            .await
            .status(),
        StatusCode::OK
    );

    // Creating a credential for another client needs canAutoCreateCredential, as Akamai's
    // Terraform provider documents; for itself a client needs nothing.
    sb.problem_as(
        &read_write,
        "POST",
        &format!("{target}/credentials"),
        None,
        StatusCode::FORBIDDEN,
    )
    .await;
    request["createCredential"] = json!(true);
    request["clientName"] = json!("made_with_credential");
    sb.problem_as(
        &read_write,
        "POST",
        BASE,
        Some(&request),
        StatusCode::FORBIDDEN,
    )
    .await;
    let mut creator = create_request();
    creator["clientName"] = json!("creator");
    creator["apiAccess"] = json!({ "allAccessibleApis": true });
    creator["canAutoCreateCredential"] = json!(true);
    let created = sb
        .json("POST", BASE, Some(&creator), StatusCode::CREATED)
        .await;
    let creator = Tokens::of(&created["accessToken"], &created["credentials"][0]);
    let made = sb.call_as(&creator, "POST", BASE, Some(&request)).await;
    assert_eq!(made.status(), StatusCode::CREATED);
    let made: Value = made.json().await.unwrap();
    // The credential a client made for another one signs as that other one.
    let grandchild = Tokens::of(&made["accessToken"], &made["credentials"][0]);
    let me: Value = sb
        .call_as(&grandchild, "GET", &format!("{BASE}/self"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["clientId"], made["clientId"]);
}

#[tokio::test]
async fn a_credential_stops_signing_when_its_client_or_it_is_retired() {
    let sb = start().await;
    let (client, tokens) =
        client_with_credential(&sb, "lifecycle", json!({ "allAccessibleApis": true })).await;
    let credential_id = {
        let got = sb
            .json(
                "GET",
                &format!("{client}/credentials"),
                None,
                StatusCode::OK,
            )
            .await;
        got[0]["credentialId"].as_u64().unwrap()
    };
    let credential = format!("{client}/credentials/{credential_id}");
    assert_eq!(self_status(&sb, &tokens).await, StatusCode::OK);

    // The signature stays as strict: the right client token with another secret is refused.
    let forged = Tokens {
        client_secret: format!("x{}", tokens.client_secret),
        ..tokens.clone()
    };
    let body = self_refused(&sb, &forged).await;
    assert!(!body.to_string().contains(&tokens.client_secret));
    let wrong_access = Tokens {
        access_token: ACCESS_TOKEN.into(),
        ..tokens.clone()
    };
    self_refused(&sb, &wrong_access).await;

    // Locked client: refused; unlocked: signs again.
    sb.json("PUT", &format!("{client}/lock"), None, StatusCode::OK)
        .await;
    self_refused(&sb, &tokens).await;
    sb.json("PUT", &format!("{client}/unlock"), None, StatusCode::OK)
        .await;
    assert_eq!(self_status(&sb, &tokens).await, StatusCode::OK);

    // Inactive credential: refused; reactivated: signs again.
    sb.json(
        "POST",
        &format!("{credential}/deactivate"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await;
    self_refused(&sb, &tokens).await;
    let tomorrow =
        (Utc::now() + TimeDelta::days(1)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    sb.json(
        "PUT",
        &credential,
        Some(&json!({ "expiresOn": tomorrow, "status": "ACTIVE" })),
        StatusCode::OK,
    )
    .await;
    assert_eq!(self_status(&sb, &tokens).await, StatusCode::OK);

    // Expired by the sandbox clock: refused, while a fresh credential still signs.
    let fresh = sb.new_credential(&client, &tokens.access_token).await;
    sb.app.clock.advance(Duration::from_secs(2 * 24 * 3600));
    let expired = self_refused(&sb, &tokens).await;
    assert!(
        expired["detail"].as_str().unwrap().contains("expired"),
        "{expired}"
    );
    assert_eq!(self_status(&sb, &fresh).await, StatusCode::OK);

    // Deleted credential (status DELETED, then removed): refused.
    let fresh_id = {
        let list = sb
            .json(
                "GET",
                &format!("{client}/credentials"),
                None,
                StatusCode::OK,
            )
            .await;
        list.as_array()
            .unwrap()
            .iter()
            .find(|c| c["clientToken"] == fresh.client_token.as_str())
            .unwrap()["credentialId"]
            .as_u64()
            .unwrap()
    };
    let fresh_path = format!("{client}/credentials/{fresh_id}");
    let later = (sb.app.clock.now() + TimeDelta::days(30))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    sb.json(
        "PUT",
        &fresh_path,
        Some(&json!({ "expiresOn": later, "status": "DELETED" })),
        StatusCode::OK,
    )
    .await;
    assert_eq!(self_status(&sb, &fresh).await, StatusCode::UNAUTHORIZED);
    sb.json("DELETE", &fresh_path, None, StatusCode::NO_CONTENT)
        .await;
    assert_eq!(self_status(&sb, &fresh).await, StatusCode::UNAUTHORIZED);

    // Deleted client: its last credential is refused.
    let last = sb.new_credential(&client, &tokens.access_token).await;
    assert_eq!(self_status(&sb, &last).await, StatusCode::OK);
    sb.json(
        "POST",
        &format!("{client}/credentials/deactivate"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await;
    sb.json("DELETE", &client, None, StatusCode::NO_CONTENT)
        .await;
    self_refused(&sb, &last).await;

    // A client locking itself locks itself out, not the admin.
    let (_, own) =
        client_with_credential(&sb, "self_locker", json!({ "allAccessibleApis": true })).await;
    assert_eq!(
        sb.call_as(&own, "PUT", &format!("{BASE}/self/lock"), None)
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(self_status(&sb, &own).await, StatusCode::UNAUTHORIZED);
    sb.json("GET", BASE, None, StatusCode::OK).await;
}

#[tokio::test]
async fn credentials_keep_signing_after_a_restart_from_the_state_file() {
    let directory = tempfile::tempdir().unwrap();
    let state_file = directory.path().join("state.json");
    let config = SandboxConfig {
        state_file: Some(state_file.clone()),
        ..SandboxConfig::default()
    };
    let first = start_with(config.clone()).await;
    let (_, tokens) =
        client_with_credential(&first, "survivor", json!({ "allAccessibleApis": true })).await;
    let made_for_itself = first
        .json(
            "POST",
            &format!("{BASE}/self/credentials"),
            None,
            StatusCode::CREATED,
        )
        .await;
    let own = Tokens::of(&json!(ACCESS_TOKEN), &made_for_itself);
    // The sandbox's own view still never shows a secret.
    let shown = first
        .http
        .get(format!("{}/_sandbox/state", first.handle.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(shown.contains(&tokens.client_token), "{shown}");
    assert!(!shown.contains(&tokens.client_secret));
    assert!(!shown.contains(&own.client_secret));
    first.handle.shutdown().await.unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&state_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the state file holds secrets");
    }

    let second = start_with(config).await;
    let me = second
        .call_as(&tokens, "GET", &format!("{BASE}/self"), None)
        .await;
    assert_eq!(me.status(), StatusCode::OK);
    assert_eq!(me.json::<Value>().await.unwrap()["clientName"], "survivor");
    assert_eq!(self_status(&second, &own).await, StatusCode::OK);
}

#[tokio::test]
async fn the_admins_own_client_is_made_on_the_sandbox_clock() {
    let sb = start().await;
    // Past the two years a credential lives: made on the machine's time, the admin's own
    // credential would already have expired by the clock.
    sb.app.clock.advance(Duration::from_secs(3 * 365 * 86_400));
    let me = sb
        .json(
            "GET",
            &format!("{BASE}/self?credentials=true"),
            None,
            StatusCode::OK,
        )
        .await;
    let created = chrono::DateTime::parse_from_rfc3339(me["createdDate"].as_str().unwrap())
        .unwrap()
        .to_utc();
    assert!(
        (created - sb.app.clock.now()).num_seconds().abs() < 60,
        "{me}"
    );
    sb.json("GET", BASE, None, StatusCode::OK).await;
}

#[tokio::test]
async fn a_credential_whose_secret_was_not_kept_cannot_sign() {
    // The state's own serialization holds no secret: a state file from before the secrets were
    // kept beside it loads credentials without one.
    let sb = start().await;
    let (_, tokens) =
        client_with_credential(&sb, "persisted", json!({ "allAccessibleApis": true })).await;
    let reloaded: akamai::State =
        serde_json::from_str(&serde_json::to_string(&sb.app.state.lock().akamai).unwrap()).unwrap();
    sb.app.state.lock().akamai = reloaded;
    let refused = self_refused(&sb, &tokens).await;
    assert!(
        refused["detail"].as_str().unwrap().contains("not known"),
        "{refused}"
    );
}

/// Signs with the credential given on the command line, as an `.edgerc` would give it, and
/// prints what `self` answered.
const PYTHON_AS_CLIENT: &str = r#"
import json, sys, requests
from akamai.edgegrid import EdgeGridAuth
base, client_token, client_secret, access_token = sys.argv[1:5]
s = requests.Session()
s.auth = EdgeGridAuth(client_token=client_token, client_secret=client_secret, access_token=access_token)
p = "/identity-management/v3/api-clients"
me = s.get(base + p + "/self", params={"credentials": "true"})
listed = s.get(base + p)
print(json.dumps({"status": me.status_code, "self": me.json(), "list_status": listed.status_code}))
"#;

#[tokio::test]
async fn edgegrid_python_signs_with_a_credential_made_through_the_iam_api() {
    if skip_without_edgegrid_python() {
        return;
    }
    let sb = start().await;
    // The credential is made through the API, as the admin: a client, then a second credential.
    let (client, _) = client_with_credential(
        &sb,
        "python_consumer",
        create_request()["apiAccess"].clone(),
    )
    .await;
    let created: Value = sb
        .json(
            "POST",
            &format!("{client}/credentials"),
            None,
            StatusCode::CREATED,
        )
        .await;
    let detail = sb.json("GET", &client, None, StatusCode::OK).await;
    let tokens = Tokens::of(&detail["accessToken"], &created);
    let output = tokio::process::Command::new(python())
        .arg("-c")
        .arg(PYTHON_AS_CLIENT)
        .arg(format!("http://{}", sb.host))
        .arg(&tokens.client_token)
        .arg(&tokens.client_secret)
        .arg(&tokens.access_token)
        .output()
        .await
        .unwrap();
    assert!(
        output.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let result: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(result["status"], 200, "{result}");
    assert_eq!(
        result["self"]["clientId"], detail["clientId"],
        "accepted as that client"
    );
    assert!(
        result["self"]["credentials"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["clientToken"] == tokens.client_token.as_str())
    );
    assert_eq!(result["list_status"], 403, "no IAM access beyond itself");
}

#[tokio::test]
async fn a_credential_the_admin_makes_for_itself_signs_as_the_admin() {
    let sb = start().await;
    let created = sb
        .json(
            "POST",
            &format!("{BASE}/self/credentials"),
            None,
            StatusCode::CREATED,
        )
        .await;
    let own = Tokens::of(&json!(ACCESS_TOKEN), &created);
    let me = sb.call_as(&own, "GET", &format!("{BASE}/self"), None).await;
    assert_eq!(me.status(), StatusCode::OK);
    let me: Value = me.json().await.unwrap();
    assert_eq!(me["accessToken"], ACCESS_TOKEN, "the admin's own client");
    // As the admin it may do everything, listing included.
    assert_eq!(
        sb.call_as(&own, "GET", BASE, None).await.status(),
        StatusCode::OK
    );
    let path = format!("{BASE}/self/credentials/{}", created["credentialId"]);
    sb.json(
        "POST",
        &format!("{path}/deactivate"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await;
    assert_eq!(self_status(&sb, &own).await, StatusCode::UNAUTHORIZED);
    sb.json("GET", BASE, None, StatusCode::OK).await;
}
