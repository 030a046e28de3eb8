//! What the sandbox's Akamai account offers a user's API clients: the APIs of "List allowed APIs"
//! (`GET /identity-management/v3/users/{username}/allowed-apis`) and the CP codes of "List allowed
//! CP codes" (`POST …/users/{username}/allowed-cpcodes`), which akamai/akamai's provider calls at
//! plan to check `apis` and `purge_options`. The shapes are the OpenAPI file's; PAPI and Event
//! Center are its example's entries, "CCU APIs" (endpoint `/ccu`, the Fast Purge API) is the name
//! its `purgeOptions` text gives, and the CP codes are its examples'. API IDs outside this list are
//! still accepted by creates and updates (with generated names), as the sandbox always did.

use serde_json::{Value, json};

use super::model::IAM_API_ENDPOINT;

/// `(apiId, apiName, endPoint, accessLevels)`.
pub const APIS: [(u64, &str, &str, &[&str]); 6] = [
    (146, "Property Manager (PAPI)", "/papi", &["READ-WRITE"]),
    (11, "Event Center", "/events", &["READ-ONLY", "READ-WRITE"]),
    (
        5000,
        "Sandbox API 5000",
        "/api-5000",
        &["READ-ONLY", "READ-WRITE"],
    ),
    (5801, "CCU APIs", "/ccu", &["READ-ONLY", "READ-WRITE"]),
    (
        5802,
        "Identity and Access Management",
        IAM_API_ENDPOINT,
        &["READ-ONLY", "READ-WRITE"],
    ),
    (
        5803,
        "Sandbox API 5803",
        "/api-5803",
        &["READ-ONLY", "READ-WRITE"],
    ),
];

/// `(value, name)` of each allowed CP code.
pub const CP_CODES: [(u64, &str); 8] = [
    (101, "Sandbox CP code 101"),
    (202, "Sandbox CP code 202"),
    (36915, "Stream Analyzer"),
    (373118, "plopessa-uvod-ns"),
    (866797, "ArunNS"),
    (933076, "1234"),
    (7563521, "Sandbox CP code 7563521"),
    (13243546, "Sandbox CP code 13243546"),
];

/// The catalog's name and endpoint of an API, for the details a request leaves out.
pub fn api(api_id: u64) -> Option<(&'static str, &'static str)> {
    APIS.iter()
        .find(|(id, ..)| *id == api_id)
        .map(|(_, name, endpoint, _)| (*name, *endpoint))
}

/// The "List allowed APIs" answer.
pub fn allowed_apis() -> Value {
    Value::Array(
        APIS.iter()
            .map(|(id, name, endpoint, levels)| {
                json!({
                    "accessLevels": levels,
                    "apiId": id,
                    "apiName": name,
                    "description": name,
                    "documentationUrl": format!("https://techdocs.akamai.com{endpoint}"),
                    "endPoint": endpoint,
                    "hasAccess": true,
                    "serviceProviderId": 1,
                })
            })
            .collect(),
    )
}

/// The "List allowed CP codes" answer.
pub fn allowed_cp_codes() -> Value {
    Value::Array(
        CP_CODES
            .iter()
            .map(|(value, name)| json!({ "name": format!("{name} ({value})"), "value": value }))
            .collect(),
    )
}
