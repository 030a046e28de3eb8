//! The Oracle Access Manager emulator over real HTTP, checked against the flows of Oracle's "REST API for
//! OAuth in Oracle Access Manager" (12.2.1.3/12.2.1.4, docs.oracle.com: the OAuth client operations).

mod support;

use apiclients_sandbox::SandboxHandle;
use apiclients_sandbox::oracle_oam::{CLIENT_PATH, MASKED_SECRET};
use reqwest::StatusCode;
use serde_json::{Value, json};

struct Oam {
    sandbox: SandboxHandle,
    http: reqwest::Client,
}

impl Oam {
    async fn start() -> Oam {
        let (sandbox, http) = support::start().await;
        Oam { sandbox, http }
    }

    fn url(&self) -> String {
        format!("{}{CLIENT_PATH}", self.sandbox.url)
    }

    fn authed(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        let admin = &self.sandbox.credentials().oracle_oam;
        request.basic_auth(&admin.username, Some(&admin.password))
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> (StatusCode, Option<String>, String) {
        let response = self.authed(request).send().await.unwrap();
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|value| value.to_str().unwrap().to_owned());
        (status, content_type, response.text().await.unwrap())
    }

    async fn post(&self, body: Value) -> (StatusCode, String) {
        let (status, _, text) = self.send(self.http.post(self.url()).json(&body)).await;
        (status, text)
    }

    async fn get(&self, query: &[(&str, &str)]) -> (StatusCode, String) {
        let (status, _, text) = self.send(self.http.get(self.url()).query(query)).await;
        (status, text)
    }

    /// A DELETE naming the client by this query: status, content type and text.
    async fn delete(&self, query: &[(&str, &str)]) -> (StatusCode, Option<String>, String) {
        self.send(self.http.delete(self.url()).query(query)).await
    }
}

/// `key = value` out of the create response text.
fn field<'a>(text: &'a str, key: &str) -> &'a str {
    let start = text.find(&format!(" {key} = ")).unwrap() + key.len() + 4;
    let rest = &text[start..];
    &rest[..rest.find(',').unwrap_or(rest.len())]
}

/// The request of Oracle's own curl example (the "Add a new OAuth client" page).
fn documented_example() -> Value {
    json!({
        "attributes": [{ "attrName": "customeAttr1", "attrValue": "CustomValue", "attrType": "static" }],
        "secret": "welcome1",
        "id": "TestClient",
        "scopes": ["ResServer1.scope1"],
        "clientType": "CONFIDENTIAL_CLIENT",
        "idDomain": "TestDomain1",
        "description": "Client Description",
        "name": "TestClient",
        "grantTypes": ["PASSWORD", "CLIENT_CREDENTIALS", "JWT_BEARER", "REFRESH_TOKEN", "AUTHORIZATION_CODE"],
        "defaultScope": "ResServer1.scope1",
        "redirectURIs": [{ "url": "http://localhost:8080/Sample.jsp", "isHttps": true }],
    })
}

#[tokio::test]
async fn only_the_configured_administrator_gets_in() {
    let oam = Oam::start().await;
    let anonymous = oam
        .http
        .get(oam.url())
        .query(&[("identityDomainName", "D")])
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let wrong = oam
        .http
        .post(oam.url())
        .basic_auth(
            &oam.sandbox.credentials().oracle_oam.username,
            Some("wrong"),
        )
        .json(&documented_example())
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(oam.sandbox.state().oracle_oam.clients.is_empty());
}

#[tokio::test]
async fn the_documented_example_creates_a_client_and_answers_in_text() {
    let oam = Oam::start().await;
    let (status, content_type, text) = oam
        .send(oam.http.post(oam.url()).json(&documented_example()))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type.as_deref(), Some("text/plain"));
    assert!(
        text.starts_with(
            "Sucessfully created entity - OAuthClient, detail - OAuth Client - uid = "
        ),
        "{text}"
    );
    assert_eq!(field(&text, "id"), "TestClient");
    assert_eq!(field(&text, "name"), "TestClient");
    assert_eq!(field(&text, "identityDomain"), "TestDomain1");
    assert_eq!(
        field(&text, "secret"),
        "welcome1",
        "the secret is clear in the create text"
    );

    let (status, body) = oam
        .get(&[("identityDomainName", "TestDomain1"), ("id", "TestClient")])
        .await;
    assert_eq!(status, StatusCode::OK);
    let client: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(client["name"], "TestClient");
    assert_eq!(client["idDomain"], "TestDomain1");
    assert_eq!(client["secret"], MASKED_SECRET, "GET masks the secret");
    assert_eq!(client["grantTypes"], documented_example()["grantTypes"]);
    assert_eq!(client["redirectURIs"][0]["isHttps"], true);
    assert!(!body.contains("welcome1"));

    let (status, by_name) = oam
        .get(&[
            ("identityDomainName", "TestDomain1"),
            ("name", "TestClient"),
        ])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(serde_json::from_str::<Value>(&by_name).unwrap(), client);
}

#[tokio::test]
async fn id_and_secret_are_generated_when_omitted_except_for_public_clients() {
    let oam = Oam::start().await;
    let (status, text) = oam
        .post(json!({ "name": "gen", "idDomain": "D", "clientType": "CONFIDENTIAL_CLIENT", "grantTypes": ["CLIENT_CREDENTIALS"] }))
        .await;
    assert_eq!(status, StatusCode::OK);
    let id = field(&text, "id").to_owned();
    let secret = field(&text, "secret").to_owned();
    assert!(!id.is_empty() && id != "null");
    assert!(!secret.is_empty() && secret != "null");
    let stored = &oam.sandbox.state().oracle_oam.clients[0];
    assert_eq!(stored.id, id);
    assert_eq!(stored.secret.as_deref(), Some(secret.as_str()));

    let (status, text) = oam
        .post(json!({ "name": "spa", "idDomain": "D", "clientType": "PUBLIC_CLIENT" }))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(field(&text, "secret"), "null");
}

#[tokio::test]
async fn get_with_only_the_domain_lists_that_domains_clients() {
    let oam = Oam::start().await;
    for (name, domain) in [("a", "D1"), ("b", "D1"), ("c", "D2")] {
        let (status, _) = oam.post(json!({ "name": name, "idDomain": domain })).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, body) = oam.get(&[("identityDomainName", "D1")]).await;
    assert_eq!(status, StatusCode::OK);
    let clients: Vec<Value> = serde_json::from_str(&body).unwrap();
    let names: Vec<&str> = clients
        .iter()
        .map(|client| client["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a", "b"]);
    assert!(
        clients
            .iter()
            .all(|client| client["secret"] == MASKED_SECRET)
    );
    let (_, empty) = oam.get(&[("identityDomainName", "Nowhere")]).await;
    assert_eq!(empty, "[]");
    let (status, _) = oam.get(&[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn an_unknown_client_is_a_422_with_the_documented_text() {
    let oam = Oam::start().await;
    let (status, content_type, text) = oam
        .send(
            oam.http
                .get(oam.url())
                .query(&[("identityDomainName", "D"), ("name", "Ghost")]),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(content_type.as_deref(), Some("text/plain"));
    assert!(
        text.starts_with("Failed to retrive OAuth entity \"Client\" - name \"Ghost\""),
        "{text}"
    );
}

#[tokio::test]
async fn invalid_creates_are_refused() {
    let oam = Oam::start().await;
    let (status, _) = oam.post(json!({ "name": "dup", "idDomain": "D" })).await;
    assert_eq!(status, StatusCode::OK);
    let cases = [
        json!({ "name": "dup", "idDomain": "D" }),
        json!({ "idDomain": "D" }),
        json!({ "name": "x" }),
        json!({ "name": "x", "idDomain": "D", "clientType": "ROBOT" }),
        json!({ "name": "x", "idDomain": "D", "grantTypes": ["IMPLICIT"] }),
        json!({ "name": "x", "idDomain": "D", "attributes": [{ "attrName": "a", "attrType": "SOMETIMES" }] }),
        json!({ "name": "x", "idDomain": "D", "colour": "red" }),
    ];
    for body in cases {
        let (status, text) = oam.post(body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(
            text.starts_with("Failed to create OAuth entity \"Client\""),
            "{text}"
        );
    }
    let (status, _, _) = oam
        .send(
            oam.http
                .post(oam.url())
                .header("content-type", "application/json")
                .body("{not json"),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(oam.sandbox.state().oracle_oam.clients.len(), 1);
    // The same name in another domain is another client.
    let (status, _) = oam
        .post(json!({ "name": "dup", "idDomain": "Other" }))
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn put_by_name_changes_only_what_it_sends_and_a_secret_reset_by_id_works() {
    let oam = Oam::start().await;
    let (status, _) = oam.post(documented_example()).await;
    assert_eq!(status, StatusCode::OK);

    let (status, _, text) = oam
        .send(oam.http.put(oam.url()).json(&json!({
            "idDomain": "TestDomain1", "name": "TestClient",
            "description": "changed", "defaultScope": null,
        })))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        text.starts_with("Sucessfully modified entity - OAuthClient"),
        "{text}"
    );
    assert!(!text.contains("welcome1"));
    let (_, body) = oam
        .get(&[
            ("identityDomainName", "TestDomain1"),
            ("name", "TestClient"),
        ])
        .await;
    let client: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(client["description"], "changed");
    assert!(
        client.get("defaultScope").is_none(),
        "null removes a property"
    );
    assert_eq!(
        client["grantTypes"],
        documented_example()["grantTypes"],
        "untouched"
    );

    // Oracle's ClientProvider resets a secret with {idDomain, id, secret}.
    let (status, _, _) = oam
        .send(
            oam.http.put(oam.url()).json(
                &json!({ "idDomain": "TestDomain1", "id": "TestClient", "secret": "rotated" }),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        oam.sandbox.state().oracle_oam.clients[0].secret.as_deref(),
        Some("rotated")
    );

    for body in [
        json!({ "idDomain": "TestDomain1", "name": "Ghost", "description": "x" }),
        json!({ "idDomain": "TestDomain1", "name": "TestClient", "id": "Other" }),
        json!({ "idDomain": "TestDomain1", "name": "TestClient", "clientType": "ROBOT" }),
        json!({ "name": "TestClient" }),
    ] {
        let (status, _, text) = oam.send(oam.http.put(oam.url()).json(&body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(
            text.starts_with("Failed to modify OAuth entity \"Client\""),
            "{text}"
        );
    }
}

#[tokio::test]
async fn delete_by_name_or_id_answers_text_and_a_second_delete_is_a_422() {
    let oam = Oam::start().await;
    oam.post(json!({ "name": "one", "id": "id-one", "idDomain": "D" }))
        .await;
    oam.post(json!({ "name": "two", "id": "id-two", "idDomain": "D" }))
        .await;

    let (status, content_type, text) = oam
        .delete(&[("identityDomainName", "D"), ("name", "one")])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type.as_deref(), Some("text/plain"));
    assert_eq!(
        text,
        "Sucessfully deleted entity - OAuthClient, detail - one"
    );

    let (status, _, text) = oam
        .delete(&[("identityDomainName", "D"), ("name", "one")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        text.starts_with("Failed to delete OAuth entity \"Client\" - name \"one\""),
        "{text}"
    );

    let (status, _, _) = oam
        .delete(&[("identityDomainName", "D"), ("id", "id-two")])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(oam.sandbox.state().oracle_oam.clients.is_empty());
}

#[tokio::test]
async fn json_bodies_with_another_media_type_get_415() {
    let oam = Oam::start().await;
    let body = documented_example().to_string();
    for request in [oam.http.post(oam.url()), oam.http.put(oam.url())] {
        let (status, _, text) = oam
            .send(
                request
                    .header("content-type", "text/plain")
                    .body(body.clone()),
            )
            .await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{text}");
    }
    assert!(oam.sandbox.state().oracle_oam.clients.is_empty());
}

// ---------------------------------------------------------------------------------------------
// The runtime token endpoint (`POST /oauth2/rest/token`, "Create Access Token Flow")

impl Oam {
    /// A token request as Oracle's CLIENT_CREDENTIALS sample sends it: HTTP Basic of the client,
    /// the identity domain header, a form body.
    async fn token(
        &self,
        domain: &str,
        client_id: &str,
        secret: &str,
        form: &[(&str, &str)],
    ) -> (StatusCode, Value) {
        let response = self
            .http
            .post(format!("{}/oauth2/rest/token", self.sandbox.url))
            .basic_auth(client_id, Some(secret))
            .header("X-OAUTH-IDENTITY-DOMAIN-NAME", domain)
            .form(form)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let body = response.json().await.unwrap();
        (status, body)
    }

    async fn client_credentials(&self, client_id: &str, secret: &str) -> StatusCode {
        self.token(
            "TestDomain1",
            client_id,
            secret,
            &[("grant_type", "CLIENT_CREDENTIALS")],
        )
        .await
        .0
    }

    async fn put(&self, body: Value) -> StatusCode {
        self.send(self.http.put(self.url()).json(&body)).await.0
    }

    async fn advance_clock(&self, seconds: u64) {
        support::advance_clock(&self.sandbox.url, &self.http, seconds).await;
    }
}

const DAY_S: u64 = 24 * 3600;

/// OAM's `ErrorCode` shape, with the expected code.
fn assert_error_code(body: &Value, code: &str) {
    assert_eq!(body["errorCode"], code, "{body}");
    assert!(body["errorDesc"].is_string(), "{body}");
    assert!(body["secErrorDesc"].is_string(), "{body}");
}

#[tokio::test]
async fn a_new_client_gets_a_token_with_its_scopes() {
    let oam = Oam::start().await;
    assert_eq!(oam.post(documented_example()).await.0, StatusCode::OK);
    // Oracle's CLIENT_CREDENTIALS sample: grant_type and a scope of the client.
    let (status, token) = oam
        .token(
            "TestDomain1",
            "TestClient",
            "welcome1",
            &[
                ("grant_type", "CLIENT_CREDENTIALS"),
                ("scope", "ResServer1.scope1"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{token}");
    assert!(!token["access_token"].as_str().unwrap().is_empty());
    assert_eq!(token["token_type"], "Bearer");
    assert_eq!(token["expires_in"], 3600);
    assert_eq!(token["scope"], "ResServer1.scope1");
    // Without a scope the client's defaultScope applies.
    let (status, token) = oam
        .token(
            "TestDomain1",
            "TestClient",
            "welcome1",
            &[("grant_type", "CLIENT_CREDENTIALS")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(token["scope"], "ResServer1.scope1");

    // A scope the client does not hold is refused.
    let (status, error) = oam
        .token(
            "TestDomain1",
            "TestClient",
            "welcome1",
            &[
                ("grant_type", "CLIENT_CREDENTIALS"),
                ("scope", "ResServer1.other"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error_code(&error, "invalid_scope");

    // The generated secret of a client made without one works too.
    let (_, created) = oam
        .post(json!({ "name": "Generated", "idDomain": "TestDomain1",
                      "clientType": "CONFIDENTIAL_CLIENT", "grantTypes": ["CLIENT_CREDENTIALS"] }))
        .await;
    let id = field(&created, "id");
    let secret = field(&created, "secret");
    let (status, token) = oam
        .token(
            "TestDomain1",
            id,
            secret,
            &[("grant_type", "CLIENT_CREDENTIALS")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{token}");
    assert!(token.get("scope").is_none(), "no scope: OAM's client token");
}

#[tokio::test]
async fn the_token_endpoint_refuses_what_oracle_documents_as_wrong() {
    let oam = Oam::start().await;
    oam.post(documented_example()).await;
    let mut no_cc = documented_example();
    no_cc["name"] = json!("NoClientCredentials");
    no_cc["id"] = json!("NoClientCredentials");
    no_cc["grantTypes"] = json!(["AUTHORIZATION_CODE"]);
    oam.post(no_cc).await;

    // (domain, client, secret, form, status, errorCode): a wrong secret, an unknown client, another
    // domain; OAM's own grant type names (the OAuth 2.0 spelling is not one of them), no grant
    // type, a client without CLIENT_CREDENTIALS in its grantTypes.
    let cc: &[(&str, &str)] = &[("grant_type", "CLIENT_CREDENTIALS")];
    let refused = [
        (
            "TestDomain1",
            "TestClient",
            "wrong",
            cc,
            401,
            "invalid_client",
        ),
        (
            "TestDomain1",
            "NoSuchClient",
            "welcome1",
            cc,
            401,
            "invalid_client",
        ),
        (
            "OtherDomain",
            "TestClient",
            "welcome1",
            cc,
            401,
            "invalid_client",
        ),
        (
            "TestDomain1",
            "TestClient",
            "welcome1",
            &[("grant_type", "client_credentials")],
            400,
            "unsupported_grant_type",
        ),
        (
            "TestDomain1",
            "TestClient",
            "welcome1",
            &[],
            400,
            "invalid_request",
        ),
        (
            "TestDomain1",
            "NoClientCredentials",
            "welcome1",
            cc,
            400,
            "unauthorized_client",
        ),
    ];
    for (domain, id, secret, form, status, code) in refused {
        let (answered, error) = oam.token(domain, id, secret, form).await;
        assert_eq!(answered.as_u16(), status, "{domain}/{id} {form:?}");
        assert_error_code(&error, code);
        assert!(!error.to_string().contains("welcome1"));
    }
    // No identity domain at all: 400.
    let response = oam
        .http
        .post(format!("{}/oauth2/rest/token", oam.sandbox.url))
        .basic_auth("TestClient", Some("welcome1"))
        .form(&[("grant_type", "CLIENT_CREDENTIALS")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_error_code(&response.json().await.unwrap(), "invalid_request");
    // The 12.2.1.4 query parameter is an alternative to the header.
    let response = oam
        .http
        .post(format!(
            "{}/oauth2/rest/token?identityDomain=TestDomain1",
            oam.sandbox.url
        ))
        .basic_auth("TestClient", Some("welcome1"))
        .form(&[("grant_type", "CLIENT_CREDENTIALS")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);

    // The documented media type only.
    let response = oam
        .http
        .post(format!("{}/oauth2/rest/token", oam.sandbox.url))
        .basic_auth("TestClient", Some("welcome1"))
        .header("X-OAUTH-IDENTITY-DOMAIN-NAME", "TestDomain1")
        .json(&json!({ "grant_type": "CLIENT_CREDENTIALS" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // A deleted client is refused.
    let (status, _, _) = oam
        .delete(&[
            ("identityDomainName", "TestDomain1"),
            ("name", "TestClient"),
        ])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        oam.client_credentials("TestClient", "welcome1").await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_previous_secret_works_for_old_secret_retention_time_in_days() {
    let oam = Oam::start().await;
    let mut client = documented_example();
    client["oldSecretRetentionTimeInDays"] = json!(2);
    oam.post(client).await;
    // A secret reset as Oracle's ClientProvider sends it: {idDomain, id, secret}.
    let reset =
        |secret: &str| json!({ "idDomain": "TestDomain1", "id": "TestClient", "secret": secret });
    assert_eq!(oam.put(reset("second")).await, StatusCode::OK);
    assert_eq!(
        oam.client_credentials("TestClient", "second").await,
        StatusCode::OK
    );
    assert_eq!(
        oam.client_credentials("TestClient", "welcome1").await,
        StatusCode::OK,
        "within the rollover"
    );
    oam.advance_clock(DAY_S + 3600).await;
    assert_eq!(
        oam.client_credentials("TestClient", "welcome1").await,
        StatusCode::OK,
        "after one day of two"
    );
    oam.advance_clock(DAY_S).await;
    assert_eq!(
        oam.client_credentials("TestClient", "welcome1").await,
        StatusCode::UNAUTHORIZED,
        "the rollover ended"
    );
    assert_eq!(
        oam.client_credentials("TestClient", "second").await,
        StatusCode::OK
    );

    // A second change retires the second secret and ends the first one's rollover for good.
    assert_eq!(oam.put(reset("third")).await, StatusCode::OK);
    assert_eq!(
        oam.client_credentials("TestClient", "second").await,
        StatusCode::OK
    );
    assert_eq!(
        oam.client_credentials("TestClient", "welcome1").await,
        StatusCode::UNAUTHORIZED
    );

    // With 0 days the previous secret is refused at once.
    let zero = json!({ "idDomain": "TestDomain1", "id": "TestClient", "secret": "fourth",
                       "oldSecretRetentionTimeInDays": 0 });
    assert_eq!(oam.put(zero).await, StatusCode::OK);
    assert_eq!(
        oam.client_credentials("TestClient", "third").await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        oam.client_credentials("TestClient", "fourth").await,
        StatusCode::OK
    );

    // The previous secret never shows in the API.
    let (_, shown) = oam
        .get(&[("identityDomainName", "TestDomain1"), ("id", "TestClient")])
        .await;
    assert!(
        !shown.contains("third") && !shown.contains("fourth"),
        "{shown}"
    );
}

#[tokio::test]
async fn without_retention_a_changed_secret_is_refused_at_once() {
    let oam = Oam::start().await;
    oam.post(documented_example()).await;
    let reset = json!({ "idDomain": "TestDomain1", "id": "TestClient", "secret": "rotated" });
    assert_eq!(oam.put(reset).await, StatusCode::OK);
    assert_eq!(
        oam.client_credentials("TestClient", "welcome1").await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        oam.client_credentials("TestClient", "rotated").await,
        StatusCode::OK
    );
    // The request log attributes the token endpoint to OAM.
    let log = oam.sandbox.requests();
    assert!(log.iter().any(|r| r.path.starts_with("/oauth2/rest/token")
        && r.vendor == Some(apiclients_sandbox::Vendor::OracleOam)));
}
