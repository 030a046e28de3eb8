//! The two response shapes: `CreateOAuthClientResponse` (with the secret) and
//! `GetOAuthClientResponse`.

use serde_json::{Map, Value, json};

use super::model::OAuthClient;
use crate::clock::format_millis;

fn common_fields(client: &OAuthClient) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("id".into(), json!(client.id));
    m.insert("businessName".into(), json!(client.business_name));
    m.insert("homepageUrl".into(), json!(client.homepage_url));
    m.insert("name".into(), json!(client.name));
    m.insert("description".into(), json!(client.description));
    m.insert(
        "accessTokenValiditySeconds".into(),
        json!(client.access_token_validity_seconds),
    );
    m.insert(
        "refreshTokenValiditySeconds".into(),
        json!(client.refresh_token_validity_seconds),
    );
    m.insert("redirectUris".into(), json!(client.redirect_uris));
    m.insert("grantTypes".into(), json!(client.grant_types));
    m.insert("accessType".into(), json!(client.access_type));
    m.insert("type".into(), json!(client.client_type));
    m.insert("internal".into(), json!(client.internal));
    m.insert("enabled".into(), json!(client.enabled));
    m.insert(
        "strongAuthSupported".into(),
        json!(client.strong_auth_supported),
    );
    m.insert("claimsSupported".into(), json!(client.claims_supported));
    m.insert("created".into(), json!(format_millis(client.created)));
    m.insert("modified".into(), json!(format_millis(client.modified)));
    m
}

/// `CreateOAuthClientResponse`: the one response carrying the secret.
pub(super) fn render_created(client: &OAuthClient, secret: &str) -> Value {
    let mut m = common_fields(client);
    m.insert("secret".into(), json!(secret));
    m.insert("scope".into(), json!(client.scope));
    Value::Object(m)
}

/// `GetOAuthClientResponse`: `secret` is always null.
pub(super) fn render_get(client: &OAuthClient) -> Value {
    let mut m = common_fields(client);
    m.insert("secret".into(), Value::Null);
    m.insert("metadata".into(), json!(client.metadata));
    m.insert(
        "lastUsed".into(),
        json!(client.last_used.map(format_millis)),
    );
    m.insert("scope".into(), json!(client.scope));
    Value::Object(m)
}
