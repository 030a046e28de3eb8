//! Request validation for the Akamai IAM emulator: each request body is checked against the
//! OpenAPI schema (`akamai-apis` `apis/identity-management/v3/openapi.json`, `additionalProperties:
//! false` throughout) and normalised to what responses show. Where the schema and Akamai's own
//! clients disagree, the sandbox accepts what the clients send; each such rule names its source
//! here and in docs/guides/sandbox.md ("Where sources disagree").

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::MAX_APIS_PER_CLIENT;
use super::error::IamError;
use super::model::default_groups;
use crate::protocol::is_media_type;

/// `accessLevel`: the schema's READ-ONLY/READ-WRITE, plus READ, CREDENTIAL-READ-ONLY and
/// CREDENTIAL-READ-WRITE, which the Go library (`pkg/iam/api_clients.go`, `AccessLevel`) and
/// Akamai's Terraform provider send.
pub const ACCESS_LEVELS: [&str; 5] = [
    "READ-ONLY",
    "READ-WRITE",
    "READ",
    "CREDENTIAL-READ-ONLY",
    "CREDENTIAL-READ-WRITE",
];
/// `clientType`: the schema's CLIENT/USER_CLIENT plus SERVICE_ACCOUNT, which the Go library
/// defines, validates as allowed and reads back (`pkg/iam/helper.go`, `api_clients_test.go`).
pub const CLIENT_TYPES: [&str; 3] = ["CLIENT", "USER_CLIENT", "SERVICE_ACCOUNT"];
/// The client types that need exactly one authorized user (the schema's `authorizedUsers`
/// description: "When the clientType is either CLIENT or USER_CLIENT, you need to specify a single
/// username").
const SINGLE_USER_CLIENT_TYPES: [&str; 2] = ["CLIENT", "USER_CLIENT"];
pub const CREDENTIAL_STATUSES: [&str; 3] = ["ACTIVE", "INACTIVE", "DELETED"];
/// `api-client-post-request-v3`.
const CREATE_FIELDS: [&str; 12] = [
    "allowAccountSwitch",
    "apiAccess",
    "authorizedUsers",
    "canAutoCreateCredential",
    "clientDescription",
    "clientName",
    "clientType",
    "createCredential",
    "groupAccess",
    "ipAcl",
    "notificationEmails",
    "purgeOptions",
];
/// A validated create body.
pub struct CreateRequest {
    pub client_type: String,
    pub create_credential: bool,
    pub settings: Settings,
}

/// A validated update body; `client_type` is what the caller sent, if anything; `newer_fields` the
/// stored client's newer fields that the body restates (see `ApiClient::newer_fields`).
pub struct UpdateRequest {
    pub client_type: Option<String>,
    pub settings: Settings,
    pub newer_fields: Map<String, Value>,
}

/// A validated `PUT …/credentials/{credentialId}` body (`update-credential.yaml`).
pub struct CredentialUpdate {
    pub status: String,
    pub expires_on: DateTime<Utc>,
    pub description: Option<String>,
}

/// The client-side settings shared by create and update, validated and normalised.
pub struct Settings {
    pub client_name: Option<String>,
    pub client_description: Option<String>,
    pub authorized_users: Vec<String>,
    pub notification_emails: Option<Vec<String>>,
    pub allow_account_switch: bool,
    pub can_auto_create_credential: bool,
    pub api_access: Value,
    pub group_access: Value,
    pub ip_acl: Option<Value>,
    pub purge_options: Option<Value>,
}

/// A JSON body endpoint must be sent `application/json` (the only media type the OpenAPI file
/// declares for request bodies); anything else is 415 Unsupported Media Type, never a success.
pub fn require_json(content_type: Option<&str>) -> Result<(), IamError> {
    if is_media_type(content_type.unwrap_or(""), "application/json") {
        Ok(())
    } else {
        Err(IamError::UnsupportedMediaType(format!(
            "Content-Type \"{}\" is not supported; send application/json",
            content_type.unwrap_or("")
        )))
    }
}

pub fn parse_create(body: &[u8]) -> Result<CreateRequest, IamError> {
    let request = parse_json(body)?;
    let fields = object_with(
        &request,
        &CREATE_FIELDS,
        &["clientType", "apiAccess", "groupAccess", "authorizedUsers"],
    )?;
    let client_type = client_type(fields)?.ok_or_else(|| bad_client_type(None))?;
    let create_credential = optional_bool(fields, "createCredential")?.unwrap_or(false);
    let settings = Settings::parse(fields, &client_type)?;
    if settings.client_name.is_none() {
        return Err(IamError::BadRequest("clientName is required".into()));
    }
    Ok(CreateRequest {
        client_type,
        create_credential,
        settings,
    })
}

/// `current_type` is the stored client's type: the body's settings are checked against it.
/// `newer_fields` names the stored client's fields of a newer API (see `ApiClient::newer_fields`),
/// which the body may restate.
pub fn parse_update(
    body: &[u8],
    current_type: &str,
    newer_fields: &Map<String, Value>,
) -> Result<UpdateRequest, IamError> {
    let request = parse_json(body)?;
    // `api-client-update-request-v3` is the create request without `clientType` and
    // `createCredential`; `clientType` is accepted all the same, because the Go library's
    // `UpdateAPIClientRequestBody` always sends it (it must equal the client's type).
    let update_fields: Vec<&str> = CREATE_FIELDS
        .into_iter()
        .filter(|field| *field != "createCredential")
        .chain(newer_fields.keys().map(String::as_str))
        .collect();
    let fields = object_with(
        &request,
        &update_fields,
        &["apiAccess", "groupAccess", "authorizedUsers"],
    )?;
    Ok(UpdateRequest {
        client_type: client_type(fields)?,
        settings: Settings::parse(fields, current_type)?,
        newer_fields: fields
            .iter()
            .filter(|(name, _)| newer_fields.contains_key(*name))
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect(),
    })
}

/// The body of "List allowed CP codes" (`additionalProperties: false`): `clientType` (default
/// `CLIENT`) and `groups`, each group as in `groupAccess.groups`.
pub fn parse_allowed_cp_codes(body: &[u8]) -> Result<(), IamError> {
    let request = parse_json(body)?;
    let fields = object_with(&request, &["clientType", "groups"], &[])?;
    client_type(fields)?;
    match fields.get("groups") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Array(groups)) => groups
            .iter()
            .try_for_each(|group| normalize_group(group, false).map(drop)),
        Some(_) => Err(IamError::BadRequest("groups must be an array".into())),
    }
}

pub fn parse_credential_update(body: &[u8]) -> Result<CredentialUpdate, IamError> {
    let request = parse_json(body)?;
    let fields = object_with(
        &request,
        &["description", "expiresOn", "status"],
        &["expiresOn", "status"],
    )?;
    let status = one_of(fields, "status", &CREDENTIAL_STATUSES)?.to_owned();
    let expires_on = parse_expires_on(fields.get("expiresOn"))?;
    let description = match fields.get("description") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(IamError::BadRequest("description must be a string".into())),
    };
    Ok(CredentialUpdate {
        status,
        expires_on,
        description,
    })
}

/// `expiresOn` must be an RFC 3339 date-time **with fractional seconds**: the Go library
/// (`pkg/iam/api_clients_credentials.go`, `UpdateCredential`, ticket IDM-3347) says the API does
/// not accept a date without milliseconds and always sends some; the OpenAPI example is
/// `2020-10-11T23:06:59.000Z`. Any number of fraction digits is accepted (the Go library sends
/// nanoseconds, e.g. `2026-05-14T11:10:25.000000001Z`).
pub fn parse_expires_on(value: Option<&Value>) -> Result<DateTime<Utc>, IamError> {
    let text = value.and_then(Value::as_str).ok_or_else(|| {
        IamError::BadRequest("expiresOn must be an ISO 8601 date-time string".into())
    })?;
    let parsed = DateTime::parse_from_rfc3339(text).map_err(|_| {
        IamError::BadRequest(format!("expiresOn \"{text}\" is not an ISO 8601 date-time"))
    })?;
    // RFC 3339: the fraction, when present, follows the seconds as `.` and digits.
    let has_fraction = text
        .split_once('T')
        .is_some_and(|(_, time)| time.get(8..9) == Some("."));
    if !has_fraction {
        return Err(IamError::BadRequest(format!(
            "expiresOn \"{text}\" must include milliseconds, e.g. 2027-01-31T00:00:00.000Z"
        )));
    }
    Ok(parsed.with_timezone(&Utc))
}

fn client_type(fields: &Map<String, Value>) -> Result<Option<String>, IamError> {
    match fields.get("clientType") {
        None => Ok(None),
        Some(Value::String(t)) if CLIENT_TYPES.contains(&t.as_str()) => Ok(Some(t.clone())),
        Some(other) => Err(bad_client_type(Some(other))),
    }
}

fn bad_client_type(got: Option<&Value>) -> IamError {
    IamError::BadRequest(format!(
        "clientType must be one of {}{}",
        CLIENT_TYPES.join(", "),
        got.map(|v| format!(", not {v}")).unwrap_or_default()
    ))
}

impl Settings {
    fn parse(fields: &Map<String, Value>, client_type: &str) -> Result<Self, IamError> {
        let authorized_users = string_array(fields.get("authorizedUsers"), "authorizedUsers")?;
        if SINGLE_USER_CLIENT_TYPES.contains(&client_type) && authorized_users.len() != 1 {
            return Err(IamError::BadRequest(
                "authorizedUsers must hold exactly one username for CLIENT and USER_CLIENT".into(),
            ));
        }
        // null: the Go library sends a nil slice as null; treated as absent.
        let notification_emails = match fields.get("notificationEmails") {
            None | Some(Value::Null) => None,
            v => Some(string_array(v, "notificationEmails")?),
        };
        Ok(Settings {
            client_name: non_empty_string(fields, "clientName")?,
            client_description: description(fields)?,
            authorized_users,
            notification_emails,
            allow_account_switch: optional_bool(fields, "allowAccountSwitch")?.unwrap_or(false),
            can_auto_create_credential: optional_bool(fields, "canAutoCreateCredential")?
                .unwrap_or(false),
            api_access: normalize_api_access(fields.get("apiAccess"))?,
            group_access: normalize_group_access(fields.get("groupAccess"))?,
            ip_acl: fields.get("ipAcl").map(normalize_ip_acl).transpose()?,
            purge_options: fields
                .get("purgeOptions")
                .map(normalize_purge_options)
                .transpose()?,
        })
    }
}

/// `clientDescription` may be empty: the schema says `minLength: 1`, but the Go library's
/// `ClientDescription string` (no `omitempty`) and Akamai's Terraform provider (default `""`)
/// send `""`.
fn description(fields: &Map<String, Value>) -> Result<Option<String>, IamError> {
    match fields.get("clientDescription") {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(IamError::BadRequest(
            "clientDescription must be a string".into(),
        )),
    }
}

/// An array that may be sent as `null` (a Go nil slice): null reads as absent.
fn nullable<'a>(fields: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    fields.get(name).filter(|v| !v.is_null())
}

fn parse_json(body: &[u8]) -> Result<Value, IamError> {
    serde_json::from_slice(body)
        .map_err(|e| IamError::BadRequest(format!("The request body is not valid JSON: {e}")))
}

/// The body as an object with only `allowed` keys and all `required` ones.
fn object_with<'a>(
    value: &'a Value,
    allowed: &[&str],
    required: &[&str],
) -> Result<&'a Map<String, Value>, IamError> {
    let fields = value
        .as_object()
        .ok_or_else(|| IamError::BadRequest("The request body must be a JSON object".into()))?;
    if let Some(unknown) = fields.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(IamError::BadRequest(format!(
            "Unrecognized property \"{unknown}\""
        )));
    }
    if let Some(missing) = required.iter().find(|k| !fields.contains_key(**k)) {
        return Err(IamError::BadRequest(format!("{missing} is required")));
    }
    Ok(fields)
}

/// A string property that must be one of `allowed` (the schema's `enum`).
fn one_of<'a>(
    fields: &'a Map<String, Value>,
    name: &str,
    allowed: &[&str],
) -> Result<&'a str, IamError> {
    fields
        .get(name)
        .and_then(Value::as_str)
        .filter(|value| allowed.contains(value))
        .ok_or_else(|| {
            IamError::BadRequest(format!("{name} must be one of {}", allowed.join(", ")))
        })
}

fn optional_bool(fields: &Map<String, Value>, name: &str) -> Result<Option<bool>, IamError> {
    match fields.get(name) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(IamError::BadRequest(format!("{name} must be a boolean"))),
    }
}

fn non_empty_string(fields: &Map<String, Value>, name: &str) -> Result<Option<String>, IamError> {
    match fields.get(name) {
        None => Ok(None),
        Some(Value::String(s)) if !s.is_empty() => Ok(Some(s.clone())),
        Some(_) => Err(IamError::BadRequest(format!(
            "{name} must be a non-empty string"
        ))),
    }
}

fn string_array(value: Option<&Value>, name: &str) -> Result<Vec<String>, IamError> {
    value
        .and_then(Value::as_array)
        .and_then(|a| a.iter().map(|v| v.as_str().map(str::to_owned)).collect())
        .ok_or_else(|| IamError::BadRequest(format!("{name} must be an array of strings")))
}

fn normalize_api_access(value: Option<&Value>) -> Result<Value, IamError> {
    let fields = object_with(
        value.unwrap_or(&Value::Null),
        &["allAccessibleApis", "apis"],
        &[],
    )
    .map_err(|e| IamError::BadRequest(format!("apiAccess: {e}")))?;
    let all = optional_bool(fields, "allAccessibleApis")?.unwrap_or(false);
    // `"apis": null` is what the Go library sends with `allAccessibleApis: true`
    // (`api_clients_test.go`, create and update cases): read as absent.
    let apis = match nullable(fields, "apis") {
        None if all => Vec::new(),
        None => {
            return Err(IamError::BadRequest(
                "apiAccess.apis is required unless allAccessibleApis is true".into(),
            ));
        }
        Some(Value::Array(list)) => list
            .iter()
            .map(normalize_api)
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => {
            return Err(IamError::BadRequest(
                "apiAccess.apis must be an array".into(),
            ));
        }
    };
    if apis.len() > MAX_APIS_PER_CLIENT {
        return Err(IamError::BadRequest(format!(
            "An API client can access at most {MAX_APIS_PER_CLIENT} API services"
        )));
    }
    Ok(json!({ "allAccessibleApis": all, "apis": apis }))
}

fn normalize_api(api: &Value) -> Result<Value, IamError> {
    let fields = object_with(
        api,
        &[
            "apiId",
            "accessLevel",
            "apiName",
            "description",
            "documentationUrl",
            "endPoint",
        ],
        &["apiId", "accessLevel"],
    )
    .map_err(|e| IamError::BadRequest(format!("apiAccess.apis[]: {e}")))?;
    let api_id = fields
        .get("apiId")
        .and_then(Value::as_u64)
        .ok_or_else(|| IamError::BadRequest("apiId must be a non-negative integer".into()))?;
    let access_level = one_of(fields, "accessLevel", &ACCESS_LEVELS)?;
    let text = |name: &str, default: String| -> Result<String, IamError> {
        Ok(non_empty_string(fields, name)?.unwrap_or(default))
    };
    // The catalog's name and endpoint where it has the API (see `catalog.rs`), else generated.
    let (name, endpoint) = super::catalog::api(api_id)
        .map(|(name, endpoint)| (name.to_owned(), endpoint.to_owned()))
        .unwrap_or_else(|| (format!("API {api_id}"), format!("/api-{api_id}")));
    Ok(json!({
        "accessLevel": access_level,
        "apiId": api_id,
        "apiName": text("apiName", name)?,
        "description": text("description", format!("Sandbox API {api_id}"))?,
        "documentationUrl": text("documentationUrl", format!("https://techdocs.akamai.com/api-{api_id}"))?,
        "endPoint": text("endPoint", endpoint)?,
    }))
}

fn normalize_group_access(value: Option<&Value>) -> Result<Value, IamError> {
    let fields = object_with(
        value.unwrap_or(&Value::Null),
        &["cloneAuthorizedUserGroups", "groups"],
        &["cloneAuthorizedUserGroups"],
    )
    .map_err(|e| IamError::BadRequest(format!("groupAccess: {e}")))?;
    let clone = optional_bool(fields, "cloneAuthorizedUserGroups")?.unwrap_or(false);
    let groups = if clone {
        default_groups()
    } else {
        match nullable(fields, "groups") {
            Some(Value::Array(list)) => Value::Array(
                list.iter()
                    .map(|g| normalize_group(g, true))
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            _ => {
                return Err(IamError::BadRequest(
                    "groupAccess.groups is required when cloneAuthorizedUserGroups is false".into(),
                ));
            }
        }
    };
    Ok(json!({ "cloneAuthorizedUserGroups": clone, "groups": groups }))
}

fn normalize_group(group: &Value, top_level: bool) -> Result<Value, IamError> {
    let allowed = [
        "groupId",
        "groupName",
        "isBlocked",
        "parentGroupId",
        "roleDescription",
        "roleId",
        "roleName",
        "subGroups",
        "subgroups",
    ];
    let required: &[&str] = if top_level {
        &["groupId", "roleId"]
    } else {
        &["groupId"]
    };
    let fields = object_with(group, &allowed, required)
        .map_err(|e| IamError::BadRequest(format!("groupAccess.groups[]: {e}")))?;
    let int = |name: &str| -> Result<Option<i64>, IamError> {
        match fields.get(name) {
            None => Ok(None),
            Some(v) => v
                .as_i64()
                .map(Some)
                .ok_or_else(|| IamError::BadRequest(format!("{name} must be an integer"))),
        }
    };
    let group_id = int("groupId")?.unwrap_or_default();
    let role_id = int("roleId")?;
    let mut out = Map::new();
    out.insert("groupId".into(), json!(group_id));
    out.insert(
        "groupName".into(),
        json!(non_empty_string(fields, "groupName")?.unwrap_or(format!("Group {group_id}"))),
    );
    out.insert(
        "isBlocked".into(),
        json!(optional_bool(fields, "isBlocked")?.unwrap_or(false)),
    );
    if let Some(parent) = int("parentGroupId")? {
        out.insert("parentGroupId".into(), json!(parent));
    }
    if let Some(role_id) = role_id {
        out.insert(
            "roleDescription".into(),
            json!(
                non_empty_string(fields, "roleDescription")?.unwrap_or(format!("Role {role_id}"))
            ),
        );
        out.insert("roleId".into(), json!(role_id));
        out.insert(
            "roleName".into(),
            json!(non_empty_string(fields, "roleName")?.unwrap_or(format!("Role {role_id}"))),
        );
    }
    // The schema spells it `subGroups`; the Go library's `ClientGroupRequestItem` sends
    // `subgroups` (often `null`). Either is read; both at once is ambiguous and refused.
    if fields.contains_key("subGroups") && fields.contains_key("subgroups") {
        return Err(IamError::BadRequest(
            "groupAccess.groups[]: send subGroups or subgroups, not both".into(),
        ));
    }
    let sub_groups = match nullable(fields, "subGroups").or_else(|| nullable(fields, "subgroups")) {
        None => Vec::new(),
        Some(Value::Array(list)) => list
            .iter()
            .map(|g| normalize_group(g, false))
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => return Err(IamError::BadRequest("subGroups must be an array".into())),
    };
    out.insert("subGroups".into(), Value::Array(sub_groups));
    Ok(Value::Object(out))
}

fn normalize_ip_acl(value: &Value) -> Result<Value, IamError> {
    let fields = object_with(value, &["enable", "cidr"], &["enable", "cidr"])
        .map_err(|e| IamError::BadRequest(format!("ipAcl: {e}")))?;
    let enable = optional_bool(fields, "enable")?.unwrap_or(false);
    let cidr = string_array(fields.get("cidr"), "ipAcl.cidr")?;
    for entry in &cidr {
        let valid =
            entry.parse::<std::net::IpAddr>().is_ok() || entry.parse::<ipnet::IpNet>().is_ok();
        if !valid {
            return Err(IamError::BadRequest(format!(
                "ipAcl.cidr: \"{entry}\" is not an IP address or CIDR block"
            )));
        }
    }
    Ok(json!({ "cidr": cidr, "enable": enable }))
}

fn normalize_purge_options(value: &Value) -> Result<Value, IamError> {
    let names = ["canPurgeByCacheTag", "canPurgeByCpcode", "cpcodeAccess"];
    let fields = object_with(value, &names, &names)
        .map_err(|e| IamError::BadRequest(format!("purgeOptions: {e}")))?;
    let access = object_with(
        &fields["cpcodeAccess"],
        &["allCurrentAndNewCpcodes", "cpcodes"],
        &["allCurrentAndNewCpcodes", "cpcodes"],
    )
    .map_err(|e| IamError::BadRequest(format!("purgeOptions.cpcodeAccess: {e}")))?;
    // `"cpcodes": null` is what the Go library sends with `allCurrentAndNewCpcodes: true`
    // (`api_clients_test.go`): read as an empty list.
    let empty = Vec::new();
    let cpcodes = match &access["cpcodes"] {
        Value::Null => &empty,
        value => value
            .as_array()
            .filter(|a| a.iter().all(Value::is_i64))
            .ok_or_else(|| IamError::BadRequest("cpcodes must be an array of integers".into()))?,
    };
    Ok(json!({
        "canPurgeByCacheTag": optional_bool(fields, "canPurgeByCacheTag")?.unwrap_or(false),
        "canPurgeByCpcode": optional_bool(fields, "canPurgeByCpcode")?.unwrap_or(false),
        "cpcodeAccess": {
            "allCurrentAndNewCpcodes": optional_bool(access, "allCurrentAndNewCpcodes")?.unwrap_or(false),
            "cpcodes": cpcodes,
        },
    }))
}

pub fn flag(query: &HashMap<String, String>, name: &str) -> Result<bool, IamError> {
    match query.get(name).map(String::as_str) {
        None => Ok(false),
        Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
        Some(v) => Err(IamError::BadRequest(format!(
            "query parameter {name} must be true or false, not \"{v}\""
        ))),
    }
}
