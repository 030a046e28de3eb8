//! Request checks: the create body, the fields a PATCH may touch, the patched whole, the
//! Content-Type and the list filter.

use axum::http::HeaderMap;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::error::ApiError;
use super::model::{OAuthClient, random_hex};
use super::{DEFAULT_REFRESH_TOKEN_VALIDITY_SECONDS, DEFAULT_SCOPE};
use crate::clock::to_millis;
use crate::protocol::{content_type, is_media_type};

const GRANT_TYPES: [&str; 3] = ["CLIENT_CREDENTIALS", "AUTHORIZATION_CODE", "REFRESH_TOKEN"];
const ACCESS_TYPES: [&str; 2] = ["ONLINE", "OFFLINE"];
const CLIENT_TYPES: [&str; 2] = ["CONFIDENTIAL", "PUBLIC"];

/// The fields a PATCH may touch, as the spec lists them.
pub const PATCHABLE_FIELDS: [&str; 13] = [
    "tenant",
    "businessName",
    "homepageUrl",
    "name",
    "description",
    "accessTokenValiditySeconds",
    "refreshTokenValiditySeconds",
    "redirectUris",
    "grantTypes",
    "accessType",
    "enabled",
    "strongAuthSupported",
    "claimsSupported",
];

const REQUIRED_ON_CREATE: [&str; 6] = [
    "name",
    "description",
    "accessTokenValiditySeconds",
    "grantTypes",
    "accessType",
    "enabled",
];

const CREATE_FIELDS: [&str; 15] = [
    "businessName",
    "homepageUrl",
    "name",
    "description",
    "accessTokenValiditySeconds",
    "refreshTokenValiditySeconds",
    "redirectUris",
    "grantTypes",
    "accessType",
    "type",
    "internal",
    "enabled",
    "strongAuthSupported",
    "claimsSupported",
    "scope",
];

pub(super) fn require_content_type(headers: &HeaderMap, expected: &str) -> Result<(), ApiError> {
    let actual = content_type(headers);
    if is_media_type(actual, expected) {
        Ok(())
    } else {
        Err(ApiError::BadRequest(format!(
            "Unsupported Content-Type \"{actual}\": this operation accepts {expected}"
        )))
    }
}

/// Builds a client from a `CreateOAuthClientRequest`, applying the documented defaults.
/// A new client from a create request, made at `now` (the sandbox clock for the API's creates).
pub(super) fn new_client(request: Value, now: DateTime<Utc>) -> Result<OAuthClient, ApiError> {
    let Value::Object(mut fields) = request else {
        return Err(ApiError::BadRequest(
            "The request body must be a JSON object".into(),
        ));
    };
    if let Some(unknown) = fields.keys().find(|k| !CREATE_FIELDS.contains(&k.as_str())) {
        return Err(ApiError::BadRequest(format!(
            "Unrecognized field \"{unknown}\" in CreateOAuthClientRequest"
        )));
    }
    // The required fields are checked with the rest in `validate_fields`: the defaults below
    // fill only optional ones.
    let now = to_millis(now);
    let defaults = [
        ("type", json!("CONFIDENTIAL")),
        ("internal", json!(false)),
        ("strongAuthSupported", json!(false)),
        ("claimsSupported", json!(false)),
        (
            "refreshTokenValiditySeconds",
            json!(DEFAULT_REFRESH_TOKEN_VALIDITY_SECONDS),
        ),
        ("scope", json!([DEFAULT_SCOPE])),
    ];
    for (name, default) in defaults {
        let entry = fields.entry(name).or_insert(Value::Null);
        if entry.is_null() {
            *entry = default;
        }
    }
    if fields
        .get("scope")
        .and_then(Value::as_array)
        .is_some_and(Vec::is_empty)
    {
        fields.insert("scope".into(), json!([DEFAULT_SCOPE]));
    }
    fields.insert("id".into(), Value::String(random_hex(16)));
    fields.insert("created".into(), json!(now));
    fields.insert("modified".into(), json!(now));
    validate_fields(&fields)?;
    serde_json::from_value(Value::Object(fields))
        .map_err(|e| ApiError::BadRequest(format!("Invalid field value: {e}")))
}

/// Type, enum and cross-field checks shared by create and PATCH.
pub(super) fn validate_fields(fields: &Map<String, Value>) -> Result<(), ApiError> {
    let bad = |name: &str, what: &str| ApiError::BadRequest(format!("\"{name}\" must be {what}"));
    for name in REQUIRED_ON_CREATE {
        if fields.get(name).is_none_or(Value::is_null) {
            return Err(ApiError::BadRequest(format!(
                "Required field \"{name}\" is missing"
            )));
        }
    }
    for name in [
        "tenant",
        "businessName",
        "homepageUrl",
        "name",
        "description",
    ] {
        if let Some(v) = fields.get(name)
            && !(v.is_null() || v.is_string())
        {
            return Err(bad(name, "a string"));
        }
    }
    for name in ["accessTokenValiditySeconds", "refreshTokenValiditySeconds"] {
        if let Some(v) = fields.get(name)
            && !v.is_null()
            && !v
                .as_i64()
                .is_some_and(|n| (0..=i64::from(i32::MAX)).contains(&n))
        {
            return Err(bad(name, "a non-negative 32-bit integer"));
        }
    }
    for name in [
        "internal",
        "enabled",
        "strongAuthSupported",
        "claimsSupported",
    ] {
        if let Some(v) = fields.get(name)
            && !v.is_boolean()
        {
            return Err(bad(name, "a boolean"));
        }
    }
    for name in ["redirectUris", "scope"] {
        if let Some(v) = fields.get(name)
            && !v.is_null()
            && !v.as_array().is_some_and(|a| a.iter().all(Value::is_string))
        {
            return Err(bad(name, "an array of strings"));
        }
    }
    check_enum(fields, "accessType", &ACCESS_TYPES)?;
    check_enum(fields, "type", &CLIENT_TYPES)?;
    let grant_types = fields
        .get("grantTypes")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .ok_or_else(|| bad("grantTypes", "a non-empty array of GrantType"))?;
    for grant in grant_types {
        if !grant.as_str().is_some_and(|g| GRANT_TYPES.contains(&g)) {
            return Err(bad(
                "grantTypes",
                &format!("made of {}", GRANT_TYPES.join(", ")),
            ));
        }
    }
    let wants_code = grant_types.iter().any(|g| g == "AUTHORIZATION_CODE");
    let has_redirects = fields
        .get("redirectUris")
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty());
    if wants_code && !has_redirects {
        return Err(ApiError::BadRequest(
            "redirectUris must contain at least one URI when grantTypes includes AUTHORIZATION_CODE"
                .into(),
        ));
    }
    Ok(())
}

fn check_enum(fields: &Map<String, Value>, name: &str, allowed: &[&str]) -> Result<(), ApiError> {
    match fields.get(name) {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(s)) if allowed.contains(&s.as_str()) => Ok(()),
        Some(_) => Err(ApiError::BadRequest(format!(
            "\"{name}\" must be one of {}",
            allowed.join(", ")
        ))),
    }
}

/// Every `path` (and `from`) of a patch must name one of the patchable fields.
pub(super) fn check_patch_paths(operations: &Value) -> Result<(), ApiError> {
    let list = operations.as_array().ok_or_else(|| {
        ApiError::BadRequest("The body must be a JSON array of JSON Patch operations".into())
    })?;
    for operation in list {
        for key in ["path", "from"] {
            let Some(pointer) = operation.get(key) else {
                continue;
            };
            let pointer = pointer.as_str().unwrap_or("");
            let field = pointer
                .strip_prefix('/')
                .and_then(|p| p.split('/').next())
                .unwrap_or("");
            if !PATCHABLE_FIELDS.contains(&field) {
                return Err(ApiError::BadRequest(format!(
                    "\"{pointer}\" is not patchable; patchable fields are: {}",
                    PATCHABLE_FIELDS.join(", ")
                )));
            }
        }
    }
    Ok(())
}

pub(super) enum Filter {
    All,
    LastUsedLe(DateTime<Utc>),
    LastUsedIsNull,
}

impl Filter {
    pub(super) fn matches(&self, client: &OAuthClient) -> bool {
        match self {
            Filter::All => true,
            Filter::LastUsedIsNull => client.last_used.is_none(),
            Filter::LastUsedLe(limit) => client.last_used.is_some_and(|t| t <= *limit),
        }
    }
}

pub(super) fn parse_filter(text: &str) -> Result<Filter, ApiError> {
    let unsupported = || {
        ApiError::BadRequest(format!(
            "Invalid filter \"{text}\": only lastUsed with the operators le and isnull is supported"
        ))
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        ["lastUsed", "isnull"] => Ok(Filter::LastUsedIsNull),
        ["lastUsed", "le", value] => {
            let value = value.trim_matches('"');
            DateTime::parse_from_rfc3339(value)
                .map(|t| Filter::LastUsedLe(t.with_timezone(&Utc)))
                .map_err(|_| {
                    ApiError::BadRequest(format!("Invalid date-time \"{value}\" in filter"))
                })
        }
        _ => Err(unsupported()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_parse() {
        assert!(matches!(
            parse_filter("lastUsed isnull"),
            Ok(Filter::LastUsedIsNull)
        ));
        assert!(matches!(
            parse_filter("lastUsed le 2023-02-05T10:59:27.214Z"),
            Ok(Filter::LastUsedLe(_))
        ));
        assert!(parse_filter("name eq \"x\"").is_err());
        assert!(parse_filter("lastUsed ge 2023-02-05T10:59:27.214Z").is_err());
    }

    #[test]
    fn patch_paths_limited_to_patchable_fields() {
        assert!(
            check_patch_paths(&json!([{"op": "replace", "path": "/name", "value": "x"}])).is_ok()
        );
        assert!(
            check_patch_paths(&json!([{"op": "add", "path": "/redirectUris/-", "value": "x"}]))
                .is_ok()
        );
        assert!(
            check_patch_paths(&json!([{"op": "replace", "path": "/scope", "value": []}])).is_err()
        );
        assert!(
            check_patch_paths(&json!([{"op": "copy", "from": "/id", "path": "/name"}])).is_err()
        );
    }
}
