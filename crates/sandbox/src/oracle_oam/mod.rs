//! Oracle Access Manager's OAuth Policy Admin REST API for OAuth clients
//! (`/oam/services/rest/ssa/api/v1/oauthpolicyadmin/client`), written from
//! Oracle's "REST API for OAuth in Oracle Access Manager" (12.2.1.3/12.2.1.4, docs.oracle.com).
//!
//! Its quirks are kept on purpose: one path for all four verbs (the client is named by query
//! string or body), HTTP Basic of an administrator, plain-text success bodies with the documented
//! misspelling "Sucessfully", the secret in clear only in the create response, and 422 with a text
//! message for every failure. Choices where the documents leave room (see docs/guides/sandbox.md):
//! - identity domains are not modelled: any `idDomain` exists;
//! - PUT changes only the properties it sends (a secret reset sends `{idDomain, id, secret}`),
//!   `null` removes a property; `name`, `id` and `idDomain` cannot change;
//! - properties the documents do not name are refused with 422;
//! - a secret is generated when none is sent, unless the client is a PUBLIC_CLIENT or
//!   MOBILE_CLIENT;
//! - a secret change keeps the previous secret usable at the token endpoint for
//!   `oldSecretRetentionTimeInDays` days by the sandbox clock (absent or 0: not at all).
//!
//! The runtime token endpoint the clients use is in [`token`].

pub mod token;

use std::collections::HashMap;
use std::fmt;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{self, Query};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::AppState;
use crate::protocol::{basic_credentials, content_type, is_media_type};

pub const CLIENT_PATH: &str = "/oam/services/rest/ssa/api/v1/oauthpolicyadmin/client";
/// What GET shows instead of a secret.
pub const MASKED_SECRET: &str = "********";

const CLIENT_TYPES: &[&str] = &["CONFIDENTIAL_CLIENT", "PUBLIC_CLIENT", "MOBILE_CLIENT"];
/// OAM's grant type names: a client's `grantTypes` and the token endpoint's `grant_type` take the
/// same ones (the REST API's Client schema and its "Create Access Token Flow").
pub const GRANT_TYPES: &[&str] = &[
    "PASSWORD",
    "REFRESH_TOKEN",
    "JWT_BEARER",
    "CLIENT_CREDENTIALS",
    "AUTHORIZATION_CODE",
];
/// The documented Client properties besides the keys `id`, `name`, `idDomain` and `secret`.
const PROPERTIES: &[&str] = &[
    "description",
    "clientType",
    "grantTypes",
    "attributes",
    "scopes",
    "defaultScope",
    "redirectURIs",
    "accessTokenCustomClaims",
    "idTokenCustomClaims",
    "userInfoCustomClaims",
    "issueTLSClientCertificateBoundAccessTokens",
    "oldSecretRetentionTimeInDays",
];

/// The OAuth clients of every identity domain, in creation order.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct State {
    #[serde(default)]
    pub clients: Vec<OamClient>,
}

/// One OAuth client.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OamClient {
    /// OAM's internal identifier, shown only in the text of create/modify responses.
    pub uid: String,
    pub id: String,
    pub name: String,
    pub id_domain: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// The secret a change replaced, while `oldSecretRetentionTimeInDays` keeps it working; never
    /// shown by the API (GET shows only the masked current secret).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_secret: Option<RetiredSecret>,
    /// The other documented properties, as sent.
    #[serde(flatten)]
    pub properties: Map<String, Value>,
}

/// A replaced secret and the end of its rollover period (sandbox clock).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RetiredSecret {
    pub secret: String,
    pub until: chrono::DateTime<chrono::Utc>,
}

impl fmt::Debug for RetiredSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetiredSecret")
            .field("secret", &"<redacted>")
            .field("until", &self.until)
            .finish()
    }
}

impl fmt::Debug for OamClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OamClient")
            .field("uid", &self.uid)
            .field("id", &self.id)
            .field("name", &self.name)
            .field("id_domain", &self.id_domain)
            .field("secret", &self.secret.as_ref().map(|_| "<redacted>"))
            .field("previous_secret", &self.previous_secret)
            .field("properties", &self.properties)
            .finish()
    }
}

impl OamClient {
    /// The Client JSON; `reveal_secret` only for the out-of-band admin endpoint.
    fn to_json(&self, reveal_secret: bool) -> Value {
        let mut object = Map::new();
        object.insert("id".into(), Value::String(self.id.clone()));
        object.insert("name".into(), Value::String(self.name.clone()));
        object.insert("idDomain".into(), Value::String(self.id_domain.clone()));
        if let Some(secret) = &self.secret {
            let shown = if reveal_secret {
                secret.as_str()
            } else {
                MASKED_SECRET
            };
            object.insert("secret".into(), Value::String(shown.to_owned()));
        }
        for (key, value) in &self.properties {
            object.insert(key.clone(), value.clone());
        }
        Value::Object(object)
    }

    /// The `OAuth Client - uid = …, name = …` text of create and modify responses.
    fn detail(&self, reveal_secret: bool) -> String {
        let text = |key: &str| match self.properties.get(key) {
            None | Some(Value::Null) => "null".to_owned(),
            Some(Value::String(value)) => value.clone(),
            Some(Value::Array(items)) => {
                let items: Vec<String> = items
                    .iter()
                    .map(|item| match item {
                        Value::String(value) => value.clone(),
                        other => other.to_string(),
                    })
                    .collect();
                format!("[{}]", items.join(", "))
            }
            Some(other) => other.to_string(),
        };
        let secret = match (&self.secret, reveal_secret) {
            (None, _) => "null".to_owned(),
            (Some(secret), true) => secret.clone(),
            (Some(_), false) => MASKED_SECRET.to_owned(),
        };
        format!(
            "OAuth Client - uid = {}, name = {}, id = {}, identityDomain = {}, description = {}, \
             secret = {}, clientType = {}, grantTypes = {}, attributes = {}, scopes = {}, \
             defaultScope = {}, redirectURIs = {}",
            self.uid,
            self.name,
            self.id,
            self.id_domain,
            text("description"),
            secret,
            text("clientType"),
            text("grantTypes"),
            text("attributes"),
            text("scopes"),
            text("defaultScope"),
            text("redirectURIs"),
        )
    }
}

/// What the API answers instead of success.
#[derive(Debug, PartialEq)]
enum OamError {
    Unauthorized,
    /// 400: the body is not JSON at all (the JAX-RS layer refuses it before OAM sees it).
    Malformed(String),
    /// 422 with the documented text.
    Unprocessable(String),
    /// 415: a POST or PUT body that is not `application/json`, the only media type Oracle's
    /// REST reference lists for them. The JAX-RS layer answers this before OAM sees the request
    /// (JAX-RS 2.1 specification §3.7.2, request matching: no method consumes the media type).
    UnsupportedMediaType(String),
}

impl IntoResponse for OamError {
    fn into_response(self) -> Response {
        let (status, text) = match self {
            OamError::Unauthorized => {
                let mut response = (StatusCode::UNAUTHORIZED, "Unauthorized").into_response();
                response.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Basic realm=\"OAM\""),
                );
                return response;
            }
            OamError::Malformed(text) => (StatusCode::BAD_REQUEST, text),
            OamError::Unprocessable(text) => (StatusCode::UNPROCESSABLE_ENTITY, text),
            OamError::UnsupportedMediaType(text) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, text),
        };
        text_response(status, text)
    }
}

fn text_response(status: StatusCode, text: String) -> Response {
    let mut response = (status, text).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
    response
}

/// The verbs' failure texts, as documented ("retrive" is Oracle's spelling).
#[derive(Clone, Copy)]
enum Verb {
    Create,
    Retrieve,
    Modify,
    Delete,
}

fn failure(verb: Verb, name: &str, detail: &str) -> OamError {
    let verb = match verb {
        Verb::Create => "create",
        Verb::Retrieve => "retrive",
        Verb::Modify => "modify",
        Verb::Delete => "delete",
    };
    OamError::Unprocessable(format!(
        "Failed to {verb} OAuth entity \"Client\" - name \"{name}\", detail - {detail}"
    ))
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            CLIENT_PATH,
            get(read).post(create).put(update).delete(remove),
        )
        .merge(token::router())
}

fn authorize(shared: &AppState, headers: &HeaderMap) -> Result<(), OamError> {
    let admin = &shared.options.credentials.oracle_oam;
    match basic_credentials(headers) {
        Some((username, password)) if username == admin.username && password == admin.password => {
            Ok(())
        }
        _ => Err(OamError::Unauthorized),
    }
}

fn require_json(headers: &HeaderMap) -> Result<(), OamError> {
    let actual = content_type(headers);
    if is_media_type(actual, "application/json") {
        Ok(())
    } else {
        Err(OamError::UnsupportedMediaType(format!(
            "Unsupported Media Type: \"{actual}\"; this resource consumes application/json"
        )))
    }
}

/// What POST and PUT start with: the administrator, then a JSON object body.
fn authorized_body(
    shared: &AppState,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Map<String, Value>, OamError> {
    authorize(shared, headers)?;
    require_json(headers)?;
    parse_json(body)
}

fn parse_json(body: &[u8]) -> Result<Map<String, Value>, OamError> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(OamError::Malformed(
            "The request body must be a JSON object.".into(),
        )),
        Err(error) => Err(OamError::Malformed(format!(
            "The request body is not valid JSON: {error}"
        ))),
    }
}

fn string_field(body: &Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(value)) if value.is_empty() => Ok(None),
        Some(Value::String(value)) => Ok(Some(value.clone())),
        Some(_) => Err(format!("{key} must be a string")),
    }
}

/// Checks one documented property's shape and enumerations.
fn check_property(key: &str, value: &Value) -> Result<(), String> {
    let array = |value: &Value| -> Result<Vec<Value>, String> {
        value
            .as_array()
            .cloned()
            .ok_or_else(|| format!("{key} must be an array"))
    };
    match key {
        "description" | "defaultScope" => value
            .as_str()
            .map(|_| ())
            .ok_or_else(|| format!("{key} must be a string")),
        "clientType" => match value.as_str() {
            Some(client_type) if CLIENT_TYPES.contains(&client_type) => Ok(()),
            _ => Err(format!(
                "clientType must be one of {}",
                CLIENT_TYPES.join(", ")
            )),
        },
        "grantTypes" => {
            for grant in array(value)? {
                match grant.as_str() {
                    Some(grant) if GRANT_TYPES.contains(&grant) => {}
                    _ => {
                        return Err(format!(
                            "grantTypes must contain only {}",
                            GRANT_TYPES.join(", ")
                        ));
                    }
                }
            }
            Ok(())
        }
        "attributes" => {
            for attribute in array(value)? {
                let name = attribute.get("attrName").and_then(Value::as_str);
                let kind = attribute.get("attrType").and_then(Value::as_str);
                let kind_valid = kind.is_some_and(|kind| {
                    kind.eq_ignore_ascii_case("STATIC") || kind.eq_ignore_ascii_case("DYNAMIC")
                });
                if name.is_none() || !kind_valid {
                    return Err(
                        "attributes need attrName and an attrType of STATIC or DYNAMIC".into(),
                    );
                }
            }
            Ok(())
        }
        "redirectURIs" => {
            for uri in array(value)? {
                if uri.get("url").and_then(Value::as_str).is_none() {
                    return Err("redirectURIs need a url".into());
                }
            }
            Ok(())
        }
        "scopes" | "accessTokenCustomClaims" | "idTokenCustomClaims" | "userInfoCustomClaims" => {
            array(value).map(|_| ())
        }
        "issueTLSClientCertificateBoundAccessTokens" => match value {
            Value::Bool(_) => Ok(()),
            Value::String(text) if text == "true" || text == "false" => Ok(()),
            _ => Err(format!("{key} must be true or false")),
        },
        "oldSecretRetentionTimeInDays" => value
            .as_u64()
            .map(|_| ())
            .ok_or_else(|| format!("{key} must be a non-negative integer")),
        _ => Err(format!("unknown property {key}")),
    }
}

/// The documented properties of a body, checked; `null` values are kept (PUT uses them to
/// remove a property).
fn properties_of(body: &Map<String, Value>) -> Result<Map<String, Value>, String> {
    let mut properties = Map::new();
    for (key, value) in body {
        match key.as_str() {
            "id" | "name" | "idDomain" | "secret" => {}
            _ if !PROPERTIES.contains(&key.as_str()) => {
                return Err(format!("unknown property {key}"));
            }
            _ if value.is_null() => {
                properties.insert(key.clone(), Value::Null);
            }
            _ => {
                check_property(key, value)?;
                properties.insert(key.clone(), value.clone());
            }
        }
    }
    Ok(properties)
}

/// `ignore_supplied`: the tenant makes its own client ID and secret whatever the body says (see
/// `Options::ignore_supplied_client_ids`); the create's answer then tells them.
fn create_client(
    state: &mut State,
    body: &Map<String, Value>,
    ignore_supplied: bool,
) -> Result<OamClient, OamError> {
    let mut body = body.clone();
    if ignore_supplied {
        body.remove("id");
        body.remove("secret");
    }
    let body = &body;
    let named = string_field(body, "name").ok().flatten();
    let fail = |detail: &str| failure(Verb::Create, named.as_deref().unwrap_or(""), detail);
    let name = string_field(body, "name")
        .map_err(|detail| fail(&detail))?
        .ok_or_else(|| fail("name is required"))?;
    let id_domain = string_field(body, "idDomain")
        .map_err(|detail| fail(&detail))?
        .ok_or_else(|| fail("idDomain is required"))?;
    let id = string_field(body, "id").map_err(|detail| fail(&detail))?;
    let secret = string_field(body, "secret").map_err(|detail| fail(&detail))?;
    let mut properties = properties_of(body).map_err(|detail| fail(&detail))?;
    properties.retain(|_, value| !value.is_null());
    let in_domain = |client: &&OamClient| client.id_domain == id_domain;
    if state
        .clients
        .iter()
        .filter(in_domain)
        .any(|client| client.name == name)
    {
        return Err(fail(&format!(
            "a client named {name} already exists in identity domain {id_domain}"
        )));
    }
    if let Some(id) = &id
        && state
            .clients
            .iter()
            .filter(in_domain)
            .any(|client| &client.id == id)
    {
        return Err(fail(&format!(
            "a client with id {id} already exists in identity domain {id_domain}"
        )));
    }
    let public = matches!(
        properties.get("clientType").and_then(Value::as_str),
        Some("PUBLIC_CLIENT" | "MOBILE_CLIENT")
    );
    let secret = match secret {
        Some(secret) => Some(secret),
        None if public => None,
        None => Some(uuid::Uuid::new_v4().simple().to_string()),
    };
    let client = OamClient {
        uid: uuid::Uuid::new_v4().to_string(),
        id: id.unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string()),
        name,
        id_domain,
        secret,
        previous_secret: None,
        properties,
    };
    state.clients.push(client.clone());
    Ok(client)
}

/// Which client a request names: a domain plus a name or an id.
struct ClientKey {
    domain: Option<String>,
    name: Option<String>,
    id: Option<String>,
}

impl ClientKey {
    fn from_query(query: &HashMap<String, String>) -> ClientKey {
        let get = |key: &str| query.get(key).filter(|value| !value.is_empty()).cloned();
        ClientKey {
            domain: get("identityDomainName"),
            name: get("name"),
            id: get("id"),
        }
    }

    /// How failure texts name the client.
    fn label(&self) -> &str {
        self.name.as_deref().or(self.id.as_deref()).unwrap_or("")
    }

    /// The index of the client; the name wins when both are given, as PUT is "based on the name".
    fn find(&self, state: &State) -> Result<usize, String> {
        let domain = self
            .domain
            .as_deref()
            .ok_or("identityDomainName is required")?;
        let position = match (&self.name, &self.id) {
            (Some(name), _) => state
                .clients
                .iter()
                .position(|client| client.id_domain == domain && &client.name == name),
            (None, Some(id)) => state
                .clients
                .iter()
                .position(|client| client.id_domain == domain && &client.id == id),
            (None, None) => return Err("name or id is required".into()),
        };
        position.ok_or_else(|| {
            format!(
                "no OAuth client {} in identity domain {domain}",
                self.label()
            )
        })
    }
}

async fn create(
    extract::State(shared): extract::State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result = authorized_body(&shared, &headers, &body).and_then(|body| {
        create_client(
            &mut shared.state.lock().oracle_oam,
            &body,
            shared.options.ignore_supplied_client_ids,
        )
    });
    match result {
        Ok(client) => text_response(
            StatusCode::OK,
            format!(
                "Sucessfully created entity - OAuthClient, detail - {}",
                client.detail(true)
            ),
        ),
        Err(error) => error.into_response(),
    }
}

async fn read(
    extract::State(shared): extract::State<AppState>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, OamError> {
    authorize(&shared, &headers)?;
    let key = ClientKey::from_query(&query);
    let state = &shared.state.lock().oracle_oam;
    if key.name.is_none() && key.id.is_none() {
        // The list form used by Oracle's own ClientProvider: the domain's clients.
        let Some(domain) = key.domain.as_deref() else {
            return Err(failure(
                Verb::Retrieve,
                "",
                "identityDomainName is required",
            ));
        };
        let clients: Vec<Value> = state
            .clients
            .iter()
            .filter(|client| client.id_domain == domain)
            .map(|client| client.to_json(false))
            .collect();
        return Ok(axum::Json(clients).into_response());
    }
    let index = key
        .find(state)
        .map_err(|detail| failure(Verb::Retrieve, key.label(), &detail))?;
    Ok(axum::Json(state.clients[index].to_json(false)).into_response())
}

async fn update(
    extract::State(shared): extract::State<AppState>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    let result = authorized_body(&shared, &headers, &body).and_then(|body| {
        update_client(
            &mut shared.state.lock().oracle_oam,
            &query,
            &body,
            shared.clock.now(),
        )
    });
    match result {
        Ok(detail) => text_response(
            StatusCode::OK,
            format!("Sucessfully modified entity - OAuthClient, detail - {detail}"),
        ),
        Err(error) => error.into_response(),
    }
}

fn update_client(
    state: &mut State,
    query: &HashMap<String, String>,
    body: &Map<String, Value>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<String, OamError> {
    let from_query = ClientKey::from_query(query);
    let key = ClientKey {
        domain: string_field(body, "idDomain")
            .ok()
            .flatten()
            .or(from_query.domain),
        name: string_field(body, "name")
            .ok()
            .flatten()
            .or(from_query.name),
        id: string_field(body, "id").ok().flatten().or(from_query.id),
    };
    let fail = |detail: &str| failure(Verb::Modify, key.label(), detail);
    let index = key.find(state).map_err(|detail| fail(&detail))?;
    let properties = properties_of(body).map_err(|detail| fail(&detail))?;
    let secret = string_field(body, "secret").map_err(|detail| fail(&detail))?;
    let client = &mut state.clients[index];
    if key.id.as_deref().is_some_and(|id| id != client.id) {
        return Err(fail("the id of a client cannot be modified"));
    }
    for (property, value) in properties {
        if value.is_null() {
            client.properties.remove(&property);
        } else {
            client.properties.insert(property, value);
        }
    }
    if let Some(secret) = secret
        && client.secret.as_ref() != Some(&secret)
    {
        // The rollover period is the one in force after this change (a PUT may set both).
        let days = client
            .properties
            .get("oldSecretRetentionTimeInDays")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        let retired = client.secret.replace(secret);
        client.previous_secret = match retired {
            Some(old) if days > 0 => Some(RetiredSecret {
                secret: old,
                until: i64::try_from(days)
                    .ok()
                    .and_then(chrono::Duration::try_days)
                    .and_then(|period| now.checked_add_signed(period))
                    .unwrap_or(chrono::DateTime::<chrono::Utc>::MAX_UTC),
            }),
            _ => None,
        };
    }
    Ok(client.detail(false))
}

async fn remove(
    extract::State(shared): extract::State<AppState>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, OamError> {
    authorize(&shared, &headers)?;
    let key = ClientKey::from_query(&query);
    let state = &mut shared.state.lock().oracle_oam;
    let index = key
        .find(state)
        .map_err(|detail| failure(Verb::Delete, key.label(), &detail))?;
    let client = state.clients.remove(index);
    Ok(text_response(
        StatusCode::OK,
        format!(
            "Sucessfully deleted entity - OAuthClient, detail - {}",
            client.name
        ),
    ))
}

/// Creates a client from the POST body as if made in the OAM console; returns its GET JSON with
/// the secret in clear (the one chance to learn a generated secret).
pub fn oob_create(state: &mut State, body: Value) -> Result<Value, String> {
    let Value::Object(body) = body else {
        return Err("the body must be a JSON object".into());
    };
    match create_client(state, &body, false) {
        Ok(client) => Ok(client.to_json(true)),
        Err(
            OamError::Unprocessable(text)
            | OamError::Malformed(text)
            | OamError::UnsupportedMediaType(text),
        ) => Err(text),
        Err(OamError::Unauthorized) => Err("unauthorized".into()),
    }
}

/// Deletes the client `<identityDomain>/<clientId>`.
pub fn oob_delete(state: &mut State, id: &str) -> bool {
    let Some((domain, client_id)) = id.split_once('/') else {
        return false;
    };
    let before = state.clients.len();
    state
        .clients
        .retain(|client| !(client.id_domain == domain && client.id == client_id));
    state.clients.len() != before
}
