//! The IBM Security Verify emulator over real HTTP, checked against the facts of IBM's OpenAPI file and
//! entitlement table kept in fixtures/ (each fixture names its vendor source; the repository stands
//! alone, so no test reads the vendors' originals).

mod support;

use std::collections::BTreeSet;
use std::time::Duration;

use apiclients_sandbox::ibm_verify::ENTITLEMENTS;
use apiclients_sandbox::{Options, SandboxHandle};
use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{
    access_token, fixture, ibm_admin_token, ibm_create_response, ibm_token_response, start,
    start_with,
};

/// The facts of IBM's OpenAPI file the sandbox is checked against: per schema, its property names and
/// its required ones.
fn openapi_facts() -> Value {
    fixture("ibm_verify_openapi.json")
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|item| item.as_str().expect("a string").to_owned())
        .collect()
}

fn schema_properties(schema: &str) -> BTreeSet<String> {
    let facts = openapi_facts();
    let properties = strings(&facts["schemas"][schema]["properties"]);
    assert!(
        !properties.is_empty(),
        "no properties for {schema} in the fixture"
    );
    properties.into_iter().collect()
}

fn schema_required(schema: &str) -> Vec<String> {
    strings(&openapi_facts()["schemas"][schema]["required"])
}

/// A sandbox, its HTTP client and a token of its admin client (every entitlement).
async fn start_as_admin() -> (SandboxHandle, reqwest::Client, String) {
    let (sandbox, http) = start().await;
    let token = ibm_admin_token(&sandbox, &http).await;
    (sandbox, http, token)
}

/// Creates a client and returns the Location header.
async fn create(
    sandbox: &SandboxHandle,
    http: &reqwest::Client,
    token: &str,
    body: Value,
) -> String {
    let response = ibm_create_response(&sandbox.url, http, token, &body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(response.bytes().await.unwrap().is_empty());
    location
}

async fn get_json(http: &reqwest::Client, url: &str, token: &str) -> (StatusCode, Value) {
    let response = http.get(url).bearer_auth(token).send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// `GET {path}` of the sandbox with this bearer token: status and JSON (`null` when not JSON).
async fn api_get(
    sandbox: &SandboxHandle,
    http: &reqwest::Client,
    path: &str,
    token: &str,
) -> (StatusCode, Value) {
    get_json(http, &format!("{}{path}", sandbox.url), token).await
}

fn assert_error_response(body: &Value) {
    let object = body.as_object().expect("an ErrorResponse object");
    let keys: BTreeSet<String> = object.keys().cloned().collect();
    assert_eq!(keys, schema_properties("ErrorResponse"), "{body}");
    assert!(body["messageId"].as_str().unwrap().ends_with('E'));
}

/// Every property of an APIClientConfig response is a documented one and the required ones exist.
fn assert_api_client_config(client: &Value) {
    let documented = schema_properties("APIClientConfig");
    let object = client.as_object().unwrap();
    for key in object.keys() {
        assert!(documented.contains(key), "undocumented property {key}");
    }
    for required in schema_required("APIClientConfig") {
        assert!(object.contains_key(&required), "missing {required}");
    }
}

fn minimal_client(name: &str) -> Value {
    json!({ "clientName": name, "enabled": true, "entitlements": ["readAPIClients"] })
}

#[test]
fn the_sandbox_knows_the_entitlements_of_the_catalogue_in_its_order() {
    let catalogue = fixture("ibm_verify_entitlements.json");
    let names: Vec<&str> = catalogue["entitlements"]
        .as_array()
        .expect("entitlements")
        .iter()
        .map(|entitlement| entitlement["name"].as_str().expect("a name"))
        .collect();
    assert!(names.len() > 100, "{} entitlements", names.len());
    assert_eq!(names, ENTITLEMENTS);
}

#[tokio::test]
async fn both_token_endpoints_issue_bearer_tokens_with_form_or_basic_credentials() {
    let (sandbox, http) = start().await;
    let credentials = sandbox.credentials().ibm_verify.clone();
    let form = http
        .post(format!("{}/v1.0/endpoint/default/token", sandbox.url))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", credentials.client_id.as_str()),
            ("client_secret", credentials.client_secret.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::OK);
    let body: Value = form.json().await.unwrap();
    let required = schema_required("TokenResponse");
    assert!(!required.is_empty());
    for name in required {
        assert!(body.get(&name).is_some(), "missing {name}");
    }
    assert_eq!(body["expires_in"], 7199);
    assert_eq!(body["token_type"], "Bearer");

    let basic = http
        .post(format!("{}/oauth2/token", sandbox.url))
        .basic_auth(&credentials.client_id, Some(&credentials.client_secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status(), StatusCode::OK);
    let basic: Value = basic.json().await.unwrap();
    assert_ne!(basic["access_token"], body["access_token"]);
    let (status, _) = get_json(
        &http,
        &format!("{}/v1.0/apiclients", sandbox.url),
        basic["access_token"].as_str().unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn token_errors_are_oauth_errors() {
    let (sandbox, http) = start().await;
    let wrong_secret: &[(&str, &str)] = &[
        ("grant_type", "client_credentials"),
        ("client_id", "sandbox-ibm-admin"),
        ("client_secret", "wrong"),
        ("scope", "openid"),
    ];
    // (endpoint, form, status, OAuth error)
    let refused = [
        (
            "/v1.0/endpoint/default/token",
            wrong_secret,
            StatusCode::UNAUTHORIZED,
            "invalid_client",
        ),
        (
            "/oauth2/token",
            &[("client_id", "x")],
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            "/oauth2/token",
            &[("grant_type", "password")],
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
        ),
    ];
    for (path, form, status, error) in refused {
        let response = http
            .post(format!("{}{path}", sandbox.url))
            .form(form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{form:?}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"], error, "{form:?}");
    }
}

#[tokio::test]
async fn the_api_refuses_missing_unknown_and_expired_tokens() {
    let (sandbox, http) = start().await;
    let url = format!("{}/v1.0/apiclients", sandbox.url);
    let missing = http.get(&url).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::UNAUTHORIZED);
    let (status, _) = get_json(&http, &url, "not-a-token").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let (expiring, http) = start_with(Options {
        token_lifetime: Duration::ZERO,
        ..Options::default()
    })
    .await;
    let token = ibm_admin_token(&expiring, &http).await;
    let (status, _) = get_json(&http, &format!("{}/v1.0/apiclients", expiring.url), &token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn create_answers_201_with_an_empty_body_and_the_location_of_the_new_client() {
    let (sandbox, http, token) = start_as_admin().await;
    let location = create(
        &sandbox,
        &http,
        &token,
        json!({
            "clientName": "ci-bot",
            "description": "builds",
            "enabled": true,
            "entitlements": ["manageAPIClients", "readUserGroups"],
            "ipFilterOp": "allow",
            "ipFilters": ["10.0.0.0/8"],
            "overrideSettings": { "restrictScopes": true, "scopes": [{ "name": "s", "description": "d" }] },
            "additionalConfig": { "clientAuthMethod": "default" },
        }),
    )
    .await;
    assert!(location.starts_with("/v1.0/apiclients/"));
    let (status, client) = get_json(&http, &format!("{}{location}", sandbox.url), &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_api_client_config(&client);
    let id = location.trim_start_matches("/v1.0/apiclients/");
    assert_eq!(client["id"], id);
    assert_eq!(client["clientName"], "ci-bot");
    assert_eq!(client["description"], "builds");
    assert_eq!(client["ipFilterOp"], "allow");
    assert_eq!(client["overrideSettings"]["scopes"][0]["name"], "s");
    let client_id = client["clientId"].as_str().unwrap();
    assert!(!client_id.is_empty());
    assert_ne!(
        client_id, id,
        "id and clientId must differ so a mix-up shows"
    );
    assert!(!client["clientSecret"].as_str().unwrap().is_empty());

    // The path key is the id from Location, not the clientId.
    let (status, _) = api_get(
        &sandbox,
        &http,
        &format!("/v1.0/apiclients/{client_id}"),
        &token,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_given_client_id_and_secret_are_kept_and_a_duplicate_client_id_is_refused() {
    let (sandbox, http, token) = start_as_admin().await;
    let mut body = minimal_client("fixed");
    body["clientId"] = json!("my-client");
    body["clientSecret"] = json!("my-secret");
    let location = create(&sandbox, &http, &token, body.clone()).await;
    let (_, client) = get_json(&http, &format!("{}{location}", sandbox.url), &token).await;
    assert_eq!(client["clientId"], "my-client");
    assert_eq!(client["clientSecret"], "my-secret");

    let duplicate = http
        .post(format!("{}/v1.0/apiclients", sandbox.url))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(duplicate.status(), StatusCode::BAD_REQUEST);
    assert_error_response(&duplicate.json().await.unwrap());
}

#[tokio::test]
async fn invalid_creates_get_ibm_error_responses() {
    let (sandbox, http, token) = start_as_admin().await;
    let cases = [
        json!({ "enabled": true, "entitlements": [] }),
        json!({ "clientName": "x", "entitlements": [] }),
        json!({ "clientName": "x", "enabled": true }),
        json!({ "clientName": "x", "enabled": true, "entitlements": ["manageEverything"] }),
        json!({ "clientName": "x", "enabled": true, "entitlements": [], "colour": "red" }),
        json!({ "clientName": "x", "enabled": true, "entitlements": [], "ipFilterOp": "maybe" }),
        json!({ "clientName": "x", "enabled": "yes", "entitlements": [] }),
    ];
    for body in cases {
        let response = http
            .post(format!("{}/v1.0/apiclients", sandbox.url))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
        assert_error_response(&response.json().await.unwrap());
    }
    assert!(sandbox.state().ibm_verify.clients.is_empty());
}

#[tokio::test]
async fn get_of_a_missing_client_is_404_with_an_error_response() {
    let (sandbox, http, token) = start_as_admin().await;
    let (status, body) = api_get(&sandbox, &http, "/v1.0/apiclients/does-not-exist", &token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error_response(&body);
}

#[tokio::test]
async fn put_replaces_properties_and_regenerates_an_omitted_secret() {
    let (sandbox, http, token) = start_as_admin().await;
    let mut body = minimal_client("before");
    body["description"] = json!("will be dropped");
    let location = create(&sandbox, &http, &token, body).await;
    let url = format!("{}{location}", sandbox.url);
    let (_, original) = get_json(&http, &url, &token).await;

    let put = |body: Value| {
        let http = http.clone();
        let url = url.clone();
        let token = token.clone();
        async move {
            http.put(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };

    // With the current secret: kept.
    let response = put(json!({
        "id": original["id"], "clientId": original["clientId"], "clientName": "after",
        "clientSecret": original["clientSecret"], "entitlements": ["manageAPIClients"],
    }))
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(response.bytes().await.unwrap().is_empty());
    let (_, updated) = get_json(&http, &url, &token).await;
    assert_eq!(updated["clientName"], "after");
    assert_eq!(updated["entitlements"], json!(["manageAPIClients"]));
    assert_eq!(updated["clientSecret"], original["clientSecret"]);
    assert_eq!(updated["enabled"], true, "an omitted enabled is kept");
    assert!(updated.get("description").is_none());

    // Without a secret: rotated.
    let response =
        put(json!({ "clientName": "after", "entitlements": [], "enabled": false })).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let (_, rotated) = get_json(&http, &url, &token).await;
    assert_ne!(rotated["clientSecret"], original["clientSecret"]);
    assert_eq!(rotated["enabled"], false);
    assert_eq!(rotated["clientId"], original["clientId"]);

    // clientId cannot change; required properties; unknown entitlement.
    for body in [
        json!({ "clientId": "other", "clientName": "a", "entitlements": [] }),
        json!({ "entitlements": [] }),
        json!({ "clientName": "a" }),
        json!({ "clientName": "a", "entitlements": ["nope"] }),
    ] {
        let response = put(body.clone()).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
        assert_error_response(&response.json().await.unwrap());
    }

    let missing = http
        .put(format!("{}/v1.0/apiclients/nothing-here", sandbox.url))
        .bearer_auth(&token)
        .json(&json!({ "clientName": "a", "entitlements": [] }))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn delete_answers_204_even_when_the_client_does_not_exist() {
    let (sandbox, http, token) = start_as_admin().await;
    let location = create(&sandbox, &http, &token, minimal_client("doomed")).await;
    let url = format!("{}{location}", sandbox.url);
    for _ in 0..2 {
        let response = http.delete(&url).bearer_auth(&token).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
    }
    let (status, _) = get_json(&http, &url, &token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bulk_delete_removes_the_listed_ids() {
    let (sandbox, http, token) = start_as_admin().await;
    let first = create(&sandbox, &http, &token, minimal_client("one")).await;
    create(&sandbox, &http, &token, minimal_client("two")).await;
    let id = first.trim_start_matches("/v1.0/apiclients/");
    let response = http
        .patch(format!("{}/v1.0/apiclients", sandbox.url))
        .bearer_auth(&token)
        .json(&json!([{ "op": "remove", "path": format!("/{id}") }, { "op": "remove", "path": "/absent" }]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let names: Vec<String> = sandbox
        .state()
        .ibm_verify
        .clients
        .iter()
        .map(|client| client.client_name.clone())
        .collect();
    assert_eq!(names, ["two"]);
}

#[tokio::test]
async fn list_is_a_scim_json_container_with_pagination_sort_search_and_filter() {
    let (sandbox, http, token) = start_as_admin().await;
    for (name, enabled) in [
        ("delta", true),
        ("alpha", false),
        ("charlie", true),
        ("bravo", true),
    ] {
        let mut body = minimal_client(name);
        body["enabled"] = json!(enabled);
        create(&sandbox, &http, &token, body).await;
    }
    let list = |query: &'static [(&'static str, &'static str)]| {
        let http = http.clone();
        let url = format!("{}/v1.0/apiclients", sandbox.url);
        let token = token.clone();
        async move {
            let response = http
                .get(url)
                .bearer_auth(token)
                .query(query)
                .send()
                .await
                .unwrap();
            let status = response.status();
            let content_type = response
                .headers()
                .get("content-type")
                .map(|value| value.to_str().unwrap().to_owned());
            let body: Value = response.json().await.unwrap();
            (status, content_type, body)
        }
    };
    let names = |body: &Value| -> Vec<String> {
        body["apiClients"]
            .as_array()
            .unwrap()
            .iter()
            .map(|client| client["clientName"].as_str().unwrap().to_owned())
            .collect()
    };

    let (status, content_type, all) = list(&[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type.as_deref(), Some("application/scim+json"));
    let container: BTreeSet<String> = all.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        container,
        schema_properties("APIClientConfigPaginatedResponseContainer")
    );
    assert_eq!(all["total"], 4);
    for client in all["apiClients"].as_array().unwrap() {
        assert_api_client_config(client);
        assert!(
            client.get("clientSecret").is_some(),
            "the list carries secrets"
        );
    }

    let (_, _, sorted) = list(&[("sort", "+clientName")]).await;
    assert_eq!(names(&sorted), ["alpha", "bravo", "charlie", "delta"]);
    let (_, _, paged) = list(&[("sort", "-clientName"), ("pagination", "page=2&limit=3")]).await;
    assert_eq!(names(&paged), ["alpha"]);
    assert_eq!(paged["page"], 2);
    assert_eq!(paged["limit"], 3);
    assert_eq!(paged["total"], 4);
    let (_, _, searched) = list(&[("search", "clientName contains \"ha\"&enabled=true")]).await;
    assert_eq!(names(&searched), ["charlie"]);
    let (_, _, disabled) = list(&[("search", "enabled=false")]).await;
    assert_eq!(names(&disabled), ["alpha"]);
    let (_, _, exact) = list(&[("search", "clientName = \"bravo\"")]).await;
    assert_eq!(names(&exact), ["bravo"]);

    let (_, _, only_ids) = list(&[("filter", "clientId")]).await;
    for client in only_ids["apiClients"].as_array().unwrap() {
        let keys: Vec<&String> = client.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["clientId"]);
    }
    let (_, _, without) = list(&[("filter", "!clientSecret,enabled")]).await;
    for client in without["apiClients"].as_array().unwrap() {
        assert!(client.get("clientSecret").is_none());
        assert!(client.get("enabled").is_none());
        assert!(client.get("clientName").is_some());
    }

    for bad in [
        &[("sort", "+colour")][..],
        &[("pagination", "limit=1001")][..],
        &[("search", "colour = \"red\"")][..],
        &[("search", "clientName = bravo")][..],
        &[("filter", "clientId,!enabled")][..],
    ] {
        let response = http
            .get(format!("{}/v1.0/apiclients", sandbox.url))
            .bearer_auth(&token)
            .query(bad)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad:?}");
        assert_error_response(&response.json().await.unwrap());
    }
}

#[tokio::test]
async fn an_api_client_token_carries_only_its_own_entitlements() {
    let (sandbox, http, admin) = start_as_admin().await;
    let mut reader = minimal_client("reader");
    reader["clientId"] = json!("reader");
    reader["clientSecret"] = json!("reader-secret");
    create(&sandbox, &http, &admin, reader).await;
    let mut nobody =
        json!({ "clientName": "nobody", "enabled": true, "entitlements": ["readCerts"] });
    nobody["clientId"] = json!("nobody");
    nobody["clientSecret"] = json!("nobody-secret");
    create(&sandbox, &http, &admin, nobody).await;
    let mut off = minimal_client("off");
    off["clientId"] = json!("off");
    off["clientSecret"] = json!("off-secret");
    off["enabled"] = json!(false);
    create(&sandbox, &http, &admin, off).await;

    let disabled = ibm_token_response(&sandbox.url, &http, "off", "off-secret").await;
    assert_eq!(disabled.status(), StatusCode::UNAUTHORIZED);

    let reader_token =
        access_token(ibm_token_response(&sandbox.url, &http, "reader", "reader-secret").await)
            .await;
    let (status, _) = api_get(&sandbox, &http, "/v1.0/apiclients", &reader_token).await;
    assert_eq!(status, StatusCode::OK);
    let forbidden = http
        .post(format!("{}/v1.0/apiclients", sandbox.url))
        .bearer_auth(&reader_token)
        .json(&minimal_client("x"))
        .send()
        .await
        .unwrap();
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
    assert!(
        forbidden.bytes().await.unwrap().is_empty(),
        "403 has no body"
    );

    let nobody_token =
        access_token(ibm_token_response(&sandbox.url, &http, "nobody", "nobody-secret").await)
            .await;
    let (status, _) = api_get(&sandbox, &http, "/v1.0/apiclients", &nobody_token).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn json_endpoints_refuse_other_media_types_with_415() {
    let (sandbox, http, token) = start_as_admin().await;
    let location = create(&sandbox, &http, &token, minimal_client("typed")).await;
    let body = minimal_client("plain").to_string();
    let requests = [
        http.post(format!("{}/v1.0/apiclients", sandbox.url)),
        http.put(format!("{}{location}", sandbox.url)),
        http.patch(format!("{}/v1.0/apiclients", sandbox.url)),
    ];
    for request in requests {
        let response = request
            .bearer_auth(&token)
            .header("content-type", "text/plain")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_error_response(&response.json().await.unwrap());
    }
    let (_, list) = api_get(&sandbox, &http, "/v1.0/apiclients", &token).await;
    assert!(!list.to_string().contains("plain"), "{list}");
}

/// An IBM token request with the client id and secret in HTTP Basic, answered as it is.
async fn basic_token_response(
    sandbox: &SandboxHandle,
    http: &reqwest::Client,
    client_id: &str,
    secret: &str,
) -> reqwest::Response {
    http.post(format!("{}/oauth2/token", sandbox.url))
        .basic_auth(client_id, Some(secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap()
}

/// The tenant's refusal of a client's credentials: 401 `Error_0` with `invalid_client`.
async fn assert_invalid_client(response: reqwest::Response, what: &str) {
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{what}");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "invalid_client", "{what}: {body}");
    assert!(body["error_description"].is_string(), "{what}: {body}");
}

/// Both ways of sending a client's credentials (form and HTTP Basic) are refused.
async fn assert_refused_by_form_and_basic(
    sandbox: &SandboxHandle,
    http: &reqwest::Client,
    client_id: &str,
    secret: &str,
    what: &str,
) {
    let by_form = ibm_token_response(&sandbox.url, http, client_id, secret).await;
    assert_invalid_client(by_form, &format!("{what}, form")).await;
    let by_basic = basic_token_response(sandbox, http, client_id, secret).await;
    assert_invalid_client(by_basic, &format!("{what}, Basic")).await;
}

/// Creates a client through the API (generated id and secret) and returns it as GET shows it.
async fn create_and_get(
    sandbox: &SandboxHandle,
    http: &reqwest::Client,
    admin: &str,
    body: Value,
) -> (String, Value) {
    let location = create(sandbox, http, admin, body).await;
    let url = format!("{}{location}", sandbox.url);
    let (status, client) = get_json(http, &url, admin).await;
    assert_eq!(status, StatusCode::OK);
    (url, client)
}

#[tokio::test]
async fn a_client_made_through_the_api_gets_tokens_by_form_or_basic_and_acts_with_them() {
    let (sandbox, http, admin) = start_as_admin().await;
    let body = json!({ "clientName": "automation", "enabled": true, "entitlements": ["manageAPIClients"] });
    let (_, client) = create_and_get(&sandbox, &http, &admin, body).await;
    let (id, secret) = (
        client["clientId"].as_str().unwrap(),
        client["clientSecret"].as_str().unwrap(),
    );

    let by_form = access_token(ibm_token_response(&sandbox.url, &http, id, secret).await).await;
    let by_basic = access_token(basic_token_response(&sandbox, &http, id, secret).await).await;
    assert_ne!(by_form, by_basic);
    // Each token acts as the client: manageAPIClients creates, and (as it includes reading) lists.
    for token in [&by_form, &by_basic] {
        let made = create(&sandbox, &http, token, minimal_client("made-by-automation")).await;
        assert!(made.starts_with("/v1.0/apiclients/"));
        let (status, listed) = api_get(&sandbox, &http, "/v1.0/apiclients", token).await;
        assert_eq!(status, StatusCode::OK);
        assert!(listed["total"].as_u64().unwrap() >= 2, "{listed}");
    }
}

#[tokio::test]
async fn disabled_deleted_and_rotated_away_credentials_are_refused_with_invalid_client() {
    let (sandbox, http, admin) = start_as_admin().await;
    let (url, client) = create_and_get(&sandbox, &http, &admin, minimal_client("rotating")).await;
    let id = client["clientId"].as_str().unwrap().to_owned();
    let first_secret = client["clientSecret"].as_str().unwrap().to_owned();
    let put = |body: Value| {
        let (http, url, admin) = (http.clone(), url.clone(), admin.clone());
        async move {
            let response = http
                .put(url)
                .bearer_auth(admin)
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::NO_CONTENT);
        }
    };
    access_token(ibm_token_response(&sandbox.url, &http, &id, &first_secret).await).await;
    assert_invalid_client(
        ibm_token_response(&sandbox.url, &http, &id, "not-the-secret").await,
        "a wrong secret",
    )
    .await;

    // Disabled (the secret kept): "whether or not the client can be used to generate tokens".
    put(
        json!({ "clientName": "rotating", "clientSecret": first_secret,
                "entitlements": ["readAPIClients"], "enabled": false }),
    )
    .await;
    assert_refused_by_form_and_basic(&sandbox, &http, &id, &first_secret, "disabled").await;
    put(
        json!({ "clientName": "rotating", "clientSecret": first_secret,
                "entitlements": ["readAPIClients"], "enabled": true }),
    )
    .await;
    access_token(basic_token_response(&sandbox, &http, &id, &first_secret).await).await;

    // Rotated (PUT without clientSecret generates a new one): the old secret is refused at once.
    put(json!({ "clientName": "rotating", "entitlements": ["readAPIClients"] })).await;
    let (_, rotated) = get_json(&http, &url, &admin).await;
    let second_secret = rotated["clientSecret"].as_str().unwrap().to_owned();
    assert_ne!(second_secret, first_secret);
    assert_refused_by_form_and_basic(&sandbox, &http, &id, &first_secret, "rotated away").await;
    let token =
        access_token(ibm_token_response(&sandbox.url, &http, &id, &second_secret).await).await;

    // Deleted: no token, and the tokens it had stop working.
    let deleted = http.delete(&url).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_invalid_client(
        ibm_token_response(&sandbox.url, &http, &id, &second_secret).await,
        "deleted",
    )
    .await;
    let (status, _) = api_get(&sandbox, &http, "/v1.0/apiclients", &token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn read_api_clients_lists_and_reads_but_every_change_is_a_bodiless_403() {
    let (sandbox, http, admin) = start_as_admin().await;
    let (reader_url, reader) =
        create_and_get(&sandbox, &http, &admin, minimal_client("reader")).await;
    let token = access_token(
        ibm_token_response(
            &sandbox.url,
            &http,
            reader["clientId"].as_str().unwrap(),
            reader["clientSecret"].as_str().unwrap(),
        )
        .await,
    )
    .await;
    let collection = format!("{}/v1.0/apiclients", sandbox.url);
    let (status, listed) = get_json(&http, &collection, &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed["total"], 1);
    let (status, one) = get_json(&http, &reader_url, &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["clientName"], "reader");

    let changes = [
        http.post(&collection).json(&minimal_client("x")),
        http.put(&reader_url)
            .json(&json!({ "clientName": "reader", "entitlements": ["manageAPIClients"] })),
        http.delete(&reader_url),
        http.patch(&collection).json(
            &json!([{ "op": "remove", "path": format!("/{}", reader["id"].as_str().unwrap()) }]),
        ),
    ];
    for change in changes {
        let response = change.bearer_auth(&token).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert!(
            response.bytes().await.unwrap().is_empty(),
            "403 has no body"
        );
    }
    // Nothing changed: not the entitlements (no self-promotion), not the client's existence.
    let (_, after) = get_json(&http, &reader_url, &admin).await;
    assert_eq!(after["entitlements"], json!(["readAPIClients"]));
    let (_, listed) = get_json(&http, &collection, &admin).await;
    assert_eq!(listed["total"], 1);
}
