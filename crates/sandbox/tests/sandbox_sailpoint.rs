//! The SailPoint emulator over real HTTP on loopback: token grant, OAuth-client CRUD, JSON Patch,
//! list filters, error shapes and the per-token rate limit, checked against the vendor documents
//! (SailPoint's beta OAuth-client API documentation; its OpenAPI file carries no schemas, so the documented
//! property lists are restated here; the validation rules are a table of requests and the 400 each
//! gets).

mod support;

use std::time::Duration;

use apiclients_sandbox::{
    AppState, ClientCredentials, Credentials, Options, SandboxHandle, sailpoint,
};
use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{advance_clock, sailpoint_grant, sailpoint_token_response};

const CLIENT_ID: &str = "sp-admin-client";
const CLIENT_SECRET: &str = "sp-admin-secret";

/// `CreateOAuthClientResponse`'s properties, as SailPoint's beta OAuth-client documentation lists
/// them.
const CREATE_RESPONSE_PROPS: &str = "id businessName homepageUrl name description \
    accessTokenValiditySeconds refreshTokenValiditySeconds redirectUris grantTypes accessType type \
    internal enabled strongAuthSupported claimsSupported created modified secret scope";
/// `GetOAuthClientResponse`'s: the create response's plus `metadata` and `lastUsed`.
const GET_ONLY_PROPS: &str = "metadata lastUsed";

/// Every path layout that serves the OAuth-client collection (see `sailpoint::router`).
const COLLECTIONS: [&str; 6] = [
    "/beta/oauth-clients",
    "/v3/oauth-clients",
    "/v2024/oauth-clients",
    "/v2025/oauth-clients",
    "/v2026/oauth-clients",
    "/oauth-clients/v1",
];

/// The property names of a response, sorted.
fn create_response_props() -> Vec<String> {
    sorted(&CREATE_RESPONSE_PROPS.split_whitespace().collect::<Vec<_>>())
}

fn get_response_props() -> Vec<String> {
    let names: Vec<&str> = CREATE_RESPONSE_PROPS
        .split_whitespace()
        .chain(GET_ONLY_PROPS.split_whitespace())
        .collect();
    sorted(&names)
}

fn options(rate_limit: bool, token_lifetime: Duration) -> Options {
    Options {
        credentials: Credentials {
            sailpoint: ClientCredentials {
                client_id: CLIENT_ID.into(),
                client_secret: CLIENT_SECRET.into(),
            },
            ..Credentials::default()
        },
        sailpoint_rate_limit: rate_limit,
        token_lifetime,
        ignore_supplied_client_ids: false,
    }
}

struct Sandbox {
    base: String,
    app: AppState,
    http: reqwest::Client,
    /// Keeps the server running for as long as the test holds this.
    _handle: SandboxHandle,
}

async fn start_with(options: Options) -> Sandbox {
    let (handle, http) = support::start_with(options).await;
    Sandbox {
        base: handle.url.clone(),
        app: handle.control.shared.clone(),
        http,
        _handle: handle,
    }
}

async fn start() -> Sandbox {
    start_with(options(true, Duration::from_secs(750))).await
}

impl Sandbox {
    async fn token(&self) -> String {
        let response =
            sailpoint_token_response(&self.base, &self.http, CLIENT_ID, CLIENT_SECRET).await;
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.unwrap();
        body["access_token"].as_str().unwrap().to_owned()
    }

    /// `DELETE` of a client's URL with this token, answered as it is.
    async fn delete(&self, token: &str, url: &str) -> reqwest::Response {
        self.http
            .delete(url)
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    /// The token grant with everything in the query string (SailPoint's SDKs send it so).
    async fn grant_by_query(&self, client_id: &str, secret: &str) -> reqwest::Response {
        self.http
            .post(self.url("/oauth/token"))
            .query(&sailpoint_grant(client_id, secret))
            .send()
            .await
            .unwrap()
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn create(&self, token: &str, body: &Value) -> reqwest::Response {
        self.http
            .post(self.url("/beta/oauth-clients"))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// The create answer of [`minimal_request`] (asserted to be a 200).
    async fn create_minimal(&self, token: &str) -> Value {
        let response = self.create(token, &minimal_request()).await;
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    async fn patch(&self, token: &str, id: &str, ops: &Value) -> reqwest::Response {
        self.http
            .patch(self.url(&format!("/beta/oauth-clients/{id}")))
            .bearer_auth(token)
            .header("content-type", "application/json-patch+json")
            .body(ops.to_string())
            .send()
            .await
            .unwrap()
    }

    async fn get(&self, token: &str, path: &str) -> reqwest::Response {
        self.http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }
}

fn minimal_request() -> Value {
    json!({
        "name": "ci-client",
        "description": "used by CI",
        "accessTokenValiditySeconds": 750,
        "grantTypes": ["CLIENT_CREDENTIALS"],
        "accessType": "ONLINE",
        "enabled": true,
    })
}

/// The documented example request of SailPoint's create-OAuth-client page.
fn documented_request() -> Value {
    json!({
        "internal": false,
        "businessName": "Acme-Solar",
        "description": "An API client used for the authorization_code, refresh_token, and client_credentials flows",
        "refreshTokenValiditySeconds": 86400,
        "type": "CONFIDENTIAL",
        "redirectUris": ["http://localhost:12345", "http://localhost:67890"],
        "enabled": true,
        "accessType": "OFFLINE",
        "grantTypes": ["AUTHORIZATION_CODE", "CLIENT_CREDENTIALS", "REFRESH_TOKEN"],
        "strongAuthSupported": false,
        "homepageUrl": "http://localhost:12345",
        "accessTokenValiditySeconds": 750,
        "scope": ["demo:api-client-scope:first", "demo:api-client-scope:second"],
        "name": "Demo API Client",
        "claimsSupported": false
    })
}

fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

fn sorted(props: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = props.iter().map(|s| s.to_string()).collect();
    v.sort();
    v.dedup();
    v
}

/// `ErrorResponseDto`: detailCode, trackingId, messages[{locale, localeOrigin, text}], causes.
fn assert_error_dto(body: &Value) {
    assert_eq!(
        keys(body),
        sorted(&["detailCode", "trackingId", "messages", "causes"]),
        "{body}"
    );
    assert!(body["detailCode"].is_string());
    assert!(!body["trackingId"].as_str().unwrap().is_empty());
    let message = &body["messages"][0];
    assert_eq!(keys(message), sorted(&["locale", "localeOrigin", "text"]));
    assert!(!message["text"].as_str().unwrap().is_empty());
    assert!(body["causes"].is_array());
}

#[tokio::test]
async fn token_grant_accepts_form_and_query_and_rejects_wrong_secret() {
    let sb = start().await;
    let from_query = sb.grant_by_query(CLIENT_ID, CLIENT_SECRET).await;
    assert_eq!(from_query.status(), StatusCode::OK);
    let body: Value = from_query.json().await.unwrap();
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 750);
    assert_eq!(body["access_token"].as_str().unwrap().split('.').count(), 3);

    let token = sb.token().await;
    assert_eq!(
        sb.get(&token, "/beta/oauth-clients").await.status(),
        StatusCode::OK
    );

    let wrong = sb.grant(CLIENT_ID, "wrong").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let body: Value = wrong.json().await.unwrap();
    assert!(body["error"].is_string());
    assert!(!body.to_string().contains(CLIENT_SECRET));

    let bad_grant = sb
        .http
        .post(sb.url("/oauth/token"))
        .form(&[
            ("grant_type", "password"),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad_grant.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn missing_unknown_and_expired_tokens_get_jwt_401() {
    let sb = start().await;
    let none = sb
        .http
        .get(sb.url("/beta/oauth-clients"))
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
    let body: Value = none.json().await.unwrap();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .starts_with("JWT validation failed")
    );

    let unknown = sb.get("not-a-token", "/v3/oauth-clients").await;
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);

    // A zero lifetime makes every issued token expired on its first use.
    let short = start_with(options(true, Duration::ZERO)).await;
    let token = short.token().await;
    let expired = short.get(&token, "/beta/oauth-clients").await;
    assert_eq!(expired.status(), StatusCode::UNAUTHORIZED);
    let body: Value = expired.json().await.unwrap();
    assert_eq!(
        body,
        json!({ "error": "JWT validation failed: JWT is expired" })
    );
}

#[tokio::test]
async fn create_returns_secret_once_and_get_matches_documented_shapes() {
    let sb = start().await;
    let token = sb.token().await;
    let created = sb.create(&token, &documented_request()).await;
    assert_eq!(created.status(), StatusCode::OK);
    let created: Value = created.json().await.unwrap();
    assert_eq!(keys(&created), create_response_props());
    let secret = created["secret"].as_str().unwrap();
    assert!(secret.len() >= 32);
    assert_eq!(created["name"], "Demo API Client");
    assert_eq!(
        created["scope"],
        json!([
            "demo:api-client-scope:first",
            "demo:api-client-scope:second"
        ])
    );
    let id = created["id"].as_str().unwrap();

    // One store behind every layout: the versioned prefixes and SDK 2.x's per-API path.
    for collection in COLLECTIONS {
        let got = sb.get(&token, &format!("{collection}/{id}")).await;
        assert_eq!(got.status(), StatusCode::OK);
        let got: Value = got.json().await.unwrap();
        assert_eq!(keys(&got), get_response_props());
        assert_eq!(got["secret"], Value::Null);
        assert_eq!(got["lastUsed"], Value::Null);
        assert_eq!(got["redirectUris"], created["redirectUris"]);
        assert_eq!(got["created"], created["created"]);
    }
    let listed: Value = sb
        .get(&token, "/v3/oauth-clients")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["secret"], Value::Null);
    assert!(!listed.to_string().contains(secret));
    // The secret is not kept in the sandbox's state either.
    let state = serde_json::to_string(&sb.app.state.lock().sailpoint).unwrap();
    assert!(!state.contains(secret));
}

#[tokio::test]
async fn create_applies_documented_defaults() {
    let sb = start().await;
    let token = sb.token().await;
    let created = sb.create_minimal(&token).await;
    assert_eq!(created["scope"], json!(["sp:scopes:all"]));
    assert_eq!(created["type"], "CONFIDENTIAL");
    assert_eq!(created["internal"], false);
    assert_eq!(created["businessName"], Value::Null);
}

/// The minimal request without `field`.
fn without(field: &str) -> Value {
    let mut body = minimal_request();
    body.as_object_mut().unwrap().remove(field);
    body
}

/// The minimal request with `changes` set.
fn with(changes: Value) -> Value {
    let mut body = minimal_request();
    for (k, v) in changes.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

#[tokio::test]
async fn create_rejects_missing_required_fields_bad_enums_and_code_grant_without_redirects() {
    let sb = start().await;
    let token = sb.token().await;
    // (request, what the 400's message says): the documented required fields, enums and rule.
    let refused = [
        (without("name"), r#"Required field "name" is missing"#),
        (
            without("description"),
            r#"Required field "description" is missing"#,
        ),
        (
            without("accessTokenValiditySeconds"),
            r#"Required field "accessTokenValiditySeconds" is missing"#,
        ),
        (
            without("grantTypes"),
            r#"Required field "grantTypes" is missing"#,
        ),
        (
            without("accessType"),
            r#"Required field "accessType" is missing"#,
        ),
        (without("enabled"), r#"Required field "enabled" is missing"#),
        (
            with(json!({ "accessType": "SOMETIMES" })),
            r#""accessType" must be one of ONLINE, OFFLINE"#,
        ),
        (
            with(json!({ "type": "SECRET" })),
            r#""type" must be one of CONFIDENTIAL, PUBLIC"#,
        ),
        (
            with(json!({ "grantTypes": ["IMPLICIT"] })),
            r#""grantTypes" must be made of"#,
        ),
        (
            with(json!({ "grantTypes": ["AUTHORIZATION_CODE"] })),
            "redirectUris must contain at least one URI",
        ),
        (
            with(json!({ "grantTypes": ["AUTHORIZATION_CODE"], "redirectUris": [] })),
            "redirectUris must contain at least one URI",
        ),
        (
            with(json!({ "enabled": "yes" })),
            r#""enabled" must be a boolean"#,
        ),
        (
            with(json!({ "accessTokenValiditySeconds": "750" })),
            r#""accessTokenValiditySeconds" must be a non-negative"#,
        ),
        (
            with(json!({ "unknownField": 1 })),
            r#"Unrecognized field "unknownField""#,
        ),
        (
            with(json!({ "secret": "chosen" })),
            r#"Unrecognized field "secret""#,
        ),
    ];
    for (body, message) in refused {
        let response = sb.create(&token, &body).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
        let answer: Value = response.json().await.unwrap();
        assert_error_dto(&answer);
        let text = answer["messages"][0]["text"].as_str().unwrap();
        assert!(text.contains(message), "{body}: {text}");
    }
    let with_redirect = with(json!({
        "grantTypes": ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
        "redirectUris": ["https://app.example.com/cb"],
    }));
    assert_eq!(
        sb.create(&token, &with_redirect).await.status(),
        StatusCode::OK
    );

    let not_json = sb
        .http
        .post(sb.url("/beta/oauth-clients"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), StatusCode::BAD_REQUEST);
    assert_eq!(sb.app.state.lock().sailpoint.clients.len(), 1);
}

#[tokio::test]
async fn get_and_delete_unknown_ids_are_404_and_delete_is_204() {
    let sb = start().await;
    let token = sb.token().await;
    let missing = sb
        .get(
            &token,
            "/beta/oauth-clients/ef38f94347e94562b5bb8424a56397d8",
        )
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_error_dto(&missing.json().await.unwrap());

    let created = sb.create_minimal(&token).await;
    let url = sb.url(&format!(
        "/v3/oauth-clients/{}",
        created["id"].as_str().unwrap()
    ));
    let deleted = sb.delete(&token, &url).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert!(deleted.bytes().await.unwrap().is_empty());
    let again = sb.delete(&token, &url).await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    assert_error_dto(&again.json().await.unwrap());
    assert_eq!(
        sb.get(&token, "/v3/oauth-clients")
            .await
            .json::<Value>()
            .await
            .unwrap(),
        json!([])
    );
}

#[tokio::test]
async fn list_filters_support_only_last_used_le_and_isnull() {
    let sb = start().await;
    let token = sb.token().await;
    let (old, never) = {
        let now = sb.app.clock.now();
        let mut state = sb.app.state.lock();
        let mut old = minimal_request();
        old["lastUsed"] = json!("2023-01-01T00:00:00.000Z");
        let old = sailpoint::oob_create(&mut state.sailpoint, old, now).unwrap();
        let mut recent = minimal_request();
        recent["lastUsed"] = json!("2024-06-01T00:00:00.000Z");
        sailpoint::oob_create(&mut state.sailpoint, recent, now).unwrap();
        let never = sailpoint::oob_create(&mut state.sailpoint, minimal_request(), now).unwrap();
        (old["id"].clone(), never["id"].clone())
    };
    let list = |filter: &str| {
        let request = sb
            .http
            .get(sb.url("/beta/oauth-clients"))
            .bearer_auth(&token)
            .query(&[("filters", filter)]);
        async move { request.send().await.unwrap() }
    };
    let le: Value = list("lastUsed le 2023-02-05T10:59:27.214Z")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(le.as_array().unwrap().len(), 1);
    assert_eq!(le[0]["id"], old);
    assert_eq!(le[0]["lastUsed"], "2023-01-01T00:00:00.000Z");
    let null: Value = list("lastUsed isnull").await.json().await.unwrap();
    assert_eq!(null.as_array().unwrap().len(), 1);
    assert_eq!(null[0]["id"], never);
    for unsupported in [
        "name eq \"ci-client\"",
        "lastUsed gt 2023-02-05T10:59:27.214Z",
        "lastUsed le yesterday",
    ] {
        let response = list(unsupported).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{unsupported}");
        assert_error_dto(&response.json().await.unwrap());
    }
}

#[tokio::test]
async fn patch_applies_rfc6902_to_patchable_fields_and_updates_modified() {
    let sb = start().await;
    let token = sb.token().await;
    let created = sb.create_minimal(&token).await;
    let id = created["id"].as_str().unwrap();
    sb.app.state.lock().sailpoint.clients[0].modified = "2020-01-01T00:00:00Z".parse().unwrap();

    let ops = json!([
        { "op": "replace", "path": "/name", "value": "renamed" },
        { "op": "replace", "path": "/strongAuthSupported", "value": true },
        { "op": "replace", "path": "/businessName", "value": "acme-solar" },
        { "op": "add", "path": "/redirectUris", "value": ["https://a.example.com/cb"] },
        { "op": "add", "path": "/redirectUris/-", "value": "https://b.example.com/cb" },
        { "op": "add", "path": "/grantTypes/-", "value": "AUTHORIZATION_CODE" },
        { "op": "test", "path": "/enabled", "value": true },
        { "op": "replace", "path": "/tenant", "value": "acme" },
    ]);
    let response = sb.patch(&token, id, &ops).await;
    assert_eq!(response.status(), StatusCode::OK);
    let patched: Value = response.json().await.unwrap();
    assert_eq!(keys(&patched), get_response_props());
    assert_eq!(patched["name"], "renamed");
    assert_eq!(patched["strongAuthSupported"], true);
    assert_eq!(patched["businessName"], "acme-solar");
    assert_eq!(
        patched["redirectUris"],
        json!(["https://a.example.com/cb", "https://b.example.com/cb"])
    );
    assert_eq!(
        patched["grantTypes"],
        json!(["CLIENT_CREDENTIALS", "AUTHORIZATION_CODE"])
    );
    assert_eq!(patched["secret"], Value::Null);
    assert_eq!(patched["created"], created["created"]);
    assert_ne!(patched["modified"], "2020-01-01T00:00:00.000Z");
    let got: Value = sb
        .get(&token, &format!("/beta/oauth-clients/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got, patched);

    let remove = json!([{ "op": "remove", "path": "/businessName" }]);
    let removed: Value = sb.patch(&token, id, &remove).await.json().await.unwrap();
    assert_eq!(removed["businessName"], Value::Null);
}

#[tokio::test]
async fn patch_rejects_other_paths_invalid_results_wrong_content_type_and_unknown_ids() {
    let sb = start().await;
    let token = sb.token().await;
    let created = sb.create_minimal(&token).await;
    let id = created["id"].as_str().unwrap();
    for path in [
        "/id",
        "/type",
        "/internal",
        "/scope",
        "/secret",
        "/created",
        "/modified",
        "/lastUsed",
        "/metadata",
    ] {
        let ops = json!([{ "op": "replace", "path": path, "value": "x" }]);
        let response = sb.patch(&token, id, &ops).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path}");
        assert_error_dto(&response.json().await.unwrap());
    }
    let invalid_results = [
        json!([{ "op": "replace", "path": "/grantTypes", "value": ["AUTHORIZATION_CODE"] }]),
        json!([{ "op": "replace", "path": "/accessType", "value": "SOMETIMES" }]),
        json!([{ "op": "remove", "path": "/name" }]),
        json!([{ "op": "test", "path": "/enabled", "value": false }]),
        json!([{ "op": "copy", "from": "/id", "path": "/name" }]),
        json!({ "op": "replace", "path": "/name", "value": "not an array" }),
        json!([{ "op": "frobnicate", "path": "/name" }]),
    ];
    for ops in invalid_results {
        let response = sb.patch(&token, id, &ops).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{ops}");
        assert_error_dto(&response.json().await.unwrap());
    }
    let wrong_type = sb
        .http
        .patch(sb.url(&format!("/beta/oauth-clients/{id}")))
        .bearer_auth(&token)
        .json(&json!([{ "op": "replace", "path": "/name", "value": "x" }]))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_type.status(), StatusCode::BAD_REQUEST);
    assert_error_dto(&wrong_type.json().await.unwrap());

    let got: Value = sb
        .get(&token, &format!("/beta/oauth-clients/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got["name"], "ci-client");
    assert_eq!(got["modified"], created["modified"]);

    let ops = json!([{ "op": "replace", "path": "/name", "value": "x" }]);
    let missing = sb.patch(&token, "0000", &ops).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn rate_limit_is_100_requests_per_token_per_window() {
    let sb = start().await;
    let token = sb.token().await;
    // The 100 requests are spread over every layout: the limit is per token, not per path.
    for i in 0..100 {
        let response = sb.get(&token, COLLECTIONS[i % COLLECTIONS.len()]).await;
        assert_eq!(response.status(), StatusCode::OK, "request {i}");
    }
    let limited = sb.get(&token, "/oauth-clients/v1").await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=10).contains(&retry_after), "{retry_after}");
    let body: Value = limited.json().await.unwrap();
    assert_eq!(body, json!({ "message": " Rate Limit Exceeded " }));

    // The limit is per access token.
    let other = sb.token().await;
    assert_eq!(
        sb.get(&other, "/beta/oauth-clients").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn rate_limit_can_be_switched_off() {
    let sb = start_with(options(false, Duration::from_secs(750))).await;
    let token = sb.token().await;
    for _ in 0..120 {
        assert_eq!(
            sb.get(&token, "/beta/oauth-clients").await.status(),
            StatusCode::OK
        );
    }
}

#[tokio::test]
async fn oob_create_and_delete_round_trip() {
    let mut state = sailpoint::State::default();
    let created =
        sailpoint::oob_create(&mut state, documented_request(), chrono::Utc::now()).unwrap();
    assert!(created["secret"].is_string());
    assert!(sailpoint::oob_create(&mut state, json!({ "name": "x" }), chrono::Utc::now()).is_err());
    let id = created["id"].as_str().unwrap();
    assert!(sailpoint::oob_delete(&mut state, id));
    assert!(!sailpoint::oob_delete(&mut state, id));
}

impl Sandbox {
    /// Creates a client with the admin token; returns its id and its secret (shown this once).
    async fn client(&self, admin: &str, body: &Value) -> (String, String) {
        let response = self.create(admin, body).await;
        assert_eq!(response.status(), StatusCode::OK);
        let created: Value = response.json().await.unwrap();
        (
            created["id"].as_str().unwrap().to_owned(),
            created["secret"].as_str().unwrap().to_owned(),
        )
    }

    async fn grant(&self, client_id: &str, secret: &str) -> reqwest::Response {
        sailpoint_token_response(&self.base, &self.http, client_id, secret).await
    }

    async fn client_token(&self, client_id: &str, secret: &str) -> String {
        let response = self.grant(client_id, secret).await;
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.unwrap();
        body["access_token"].as_str().unwrap().to_owned()
    }

    async fn admin_get(&self, admin: &str, id: &str) -> Value {
        let response = self.get(admin, &format!("/beta/oauth-clients/{id}")).await;
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }
}

/// A refused grant: 401 (what SailPoint's SDK reads as "Unauthorized when retrieving access
/// token") with an OAuth `invalid_client` body.
async fn assert_invalid_client(response: reqwest::Response, what: &str) {
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{what}");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "invalid_client", "{what}: {body}");
}

/// The claims of a JWT-shaped token.
fn claims(token: &str) -> Value {
    use base64::Engine;
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test]
async fn a_client_made_through_the_api_gets_tokens_that_live_its_access_token_validity() {
    let sb = start_with(options(true, Duration::from_secs(7199))).await;
    let admin = sb.token().await;
    let (id, secret) = sb.client(&admin, &minimal_request()).await;

    let from_query = sb.grant_by_query(&id, &secret).await;
    assert_eq!(from_query.status(), StatusCode::OK);
    let response = sb.grant(&id, &secret).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(
        body["expires_in"], 750,
        "accessTokenValiditySeconds, not the admin's 7199"
    );
    assert_eq!(body["scope"], "sp:scopes:all");
    let token = body["access_token"].as_str().unwrap();
    let claims = claims(token);
    assert_eq!(claims["client_id"], id.as_str());
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        750
    );
    assert!(
        claims.get("identity_id").is_none(),
        "no user context: {claims}"
    );

    let own = format!("/beta/oauth-clients/{id}");
    assert_eq!(sb.get(token, &own).await.status(), StatusCode::OK);
    advance_clock(&sb.base, &sb.http, 745).await;
    assert_eq!(sb.get(token, &own).await.status(), StatusCode::OK);
    advance_clock(&sb.base, &sb.http, 10).await;
    let expired = sb.get(token, &own).await;
    assert_eq!(expired.status(), StatusCode::UNAUTHORIZED);
    let body: Value = expired.json().await.unwrap();
    assert_eq!(body["error"], "JWT validation failed: JWT is expired");
    // The admin's token (7199 s) outlives it, and the client gets a fresh one.
    assert_eq!(sb.get(&admin, &own).await.status(), StatusCode::OK);
    let fresh = sb.client_token(&id, &secret).await;
    assert_eq!(sb.get(&fresh, &own).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn disabled_deleted_grantless_and_wrong_secret_clients_are_refused() {
    let sb = start().await;
    let admin = sb.token().await;
    let (id, secret) = sb.client(&admin, &minimal_request()).await;
    assert_invalid_client(sb.grant(&id, "not-the-secret").await, "a wrong secret").await;
    assert_invalid_client(sb.grant("no-such-client", &secret).await, "an unknown id").await;

    let disable = json!([{ "op": "replace", "path": "/enabled", "value": false }]);
    assert_eq!(
        sb.patch(&admin, &id, &disable).await.status(),
        StatusCode::OK
    );
    assert_invalid_client(sb.grant(&id, &secret).await, "disabled").await;
    let enable = json!([{ "op": "replace", "path": "/enabled", "value": true }]);
    assert_eq!(
        sb.patch(&admin, &id, &enable).await.status(),
        StatusCode::OK
    );
    sb.client_token(&id, &secret).await;

    let code_only = json!({
        "name": "web-app", "description": "code flow only", "accessTokenValiditySeconds": 750,
        "grantTypes": ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
        "redirectUris": ["https://example.com/callback"], "accessType": "OFFLINE", "enabled": true,
    });
    let (web, web_secret) = sb.client(&admin, &code_only).await;
    assert_invalid_client(
        sb.grant(&web, &web_secret).await,
        "no CLIENT_CREDENTIALS grant",
    )
    .await;
    let add_grant =
        json!([{ "op": "add", "path": "/grantTypes/-", "value": "CLIENT_CREDENTIALS" }]);
    assert_eq!(
        sb.patch(&admin, &web, &add_grant).await.status(),
        StatusCode::OK
    );
    sb.client_token(&web, &web_secret).await;

    let deleted = sb
        .delete(&admin, &sb.url(&format!("/beta/oauth-clients/{id}")))
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_invalid_client(sb.grant(&id, &secret).await, "deleted").await;
}

#[tokio::test]
async fn a_client_credentials_token_may_only_get_a_client_and_only_within_its_scope() {
    let sb = start().await;
    let admin = sb.token().await;
    let (id, secret) = sb.client(&admin, &minimal_request()).await;
    let token = sb.client_token(&id, &secret).await;
    let own = format!("/beta/oauth-clients/{id}");
    for layout in [own.clone(), format!("/oauth-clients/v1/{id}")] {
        assert_eq!(
            sb.get(&token, &layout).await.status(),
            StatusCode::OK,
            "{layout}"
        );
    }

    // Every operation the spec declares under userAuth only: 403 ErrorResponseDto.
    let forbidden = [
        sb.http.get(sb.url("/beta/oauth-clients")),
        sb.http
            .post(sb.url("/beta/oauth-clients"))
            .json(&minimal_request()),
        sb.http
            .patch(sb.url(&own))
            .header("content-type", "application/json-patch+json")
            .body(json!([{ "op": "replace", "path": "/name", "value": "renamed" }]).to_string()),
        sb.http.delete(sb.url(&own)),
    ];
    for request in forbidden {
        let response = request.bearer_auth(&token).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let body: Value = response.json().await.unwrap();
        assert_error_dto(&body);
        assert_eq!(body["detailCode"], "403 Forbidden");
    }
    let unchanged = sb.admin_get(&admin, &id).await;
    assert_eq!(unchanged["name"], "ci-client");
    assert_eq!(
        sb.app.state.lock().sailpoint.clients.len(),
        1,
        "nothing created or deleted"
    );

    // The scope decides the rest: a read scope may get, an unrelated one may not.
    let mut reader = minimal_request();
    reader["scope"] = json!(["sp:oauth-client:read"]);
    let (reader_id, reader_secret) = sb.client(&admin, &reader).await;
    let reader_token = sb.client_token(&reader_id, &reader_secret).await;
    assert_eq!(sb.get(&reader_token, &own).await.status(), StatusCode::OK);
    let mut other = minimal_request();
    other["scope"] = json!(["demo:api-client-scope:first"]);
    let (other_id, other_secret) = sb.client(&admin, &other).await;
    let other_token = sb.client_token(&other_id, &other_secret).await;
    assert_eq!(
        claims(&other_token)["scope"],
        json!(["demo:api-client-scope:first"])
    );
    assert_eq!(
        sb.get(&other_token, &own).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn using_a_client_sets_last_used_once_a_day_and_the_list_filters_see_it() {
    // An admin token that outlives the day the clock moves.
    let sb = start_with(options(true, Duration::from_secs(2 * 86_400))).await;
    let admin = sb.token().await;
    let (id, secret) = sb.client(&admin, &minimal_request()).await;
    let listed = |filter: String| {
        let (sb, admin) = (&sb, admin.clone());
        async move {
            let response = sb
                .http
                .get(sb.url("/beta/oauth-clients"))
                .query(&[("filters", filter.as_str())])
                .bearer_auth(&admin)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            let items: Value = response.json().await.unwrap();
            items
                .as_array()
                .unwrap()
                .iter()
                .map(|item| item["id"].as_str().unwrap().to_owned())
                .collect::<Vec<String>>()
        }
    };
    assert_eq!(sb.admin_get(&admin, &id).await["lastUsed"], Value::Null);
    assert_eq!(listed("lastUsed isnull".into()).await, vec![id.clone()]);

    sb.client_token(&id, &secret).await;
    let first = sb.admin_get(&admin, &id).await["lastUsed"].clone();
    let first_time = chrono::DateTime::parse_from_rfc3339(first.as_str().unwrap()).unwrap();
    assert!(
        (chrono::Utc::now() - first_time.to_utc())
            .num_seconds()
            .abs()
            < 60,
        "{first}"
    );
    assert!(listed("lastUsed isnull".into()).await.is_empty());
    assert!(
        listed("lastUsed le 2020-01-01T00:00:00.000Z".into())
            .await
            .is_empty()
    );

    // "Not on every usage, but only once a day": a second use at once changes nothing...
    sb.client_token(&id, &secret).await;
    assert_eq!(sb.admin_get(&admin, &id).await["lastUsed"], first);
    // ...a use a day later does, by the sandbox clock.
    advance_clock(&sb.base, &sb.http, 86_400).await;
    sb.client_token(&id, &secret).await;
    let second = sb.admin_get(&admin, &id).await["lastUsed"].clone();
    let second_time = chrono::DateTime::parse_from_rfc3339(second.as_str().unwrap()).unwrap();
    assert!(
        second_time - first_time >= chrono::TimeDelta::days(1),
        "{first} → {second}"
    );
    let between = first_time + chrono::TimeDelta::hours(1);
    let filter = format!(
        "lastUsed le {}",
        between
            .to_utc()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    );
    assert!(listed(filter).await.is_empty(), "used after {between}");
}
