//! Akamai Identity and Access Management API v3 emulator: API clients and their credentials under
//! `/identity-management/v3/api-clients`, written from Akamai's OpenAPI file (akamai/akamai-apis
//! `apis/identity-management/v3`) and what Akamai's Go library sends (sources in `validate.rs` and
//! docs/guides/sandbox.md). Every request must carry a valid EdgeGrid `EG1-HMAC-SHA256` signature (see
//! [`edgegrid`]) made with the configured admin credentials or with a credential of an API client
//! in the sandbox, which then acts as that client (see `auth.rs` and, for what it may do,
//! `model::resolve`).
//!
//! Faithful points: create answers 201 + `Location` and returns the new credential's
//! `clientSecret` only when `createCredential` is true; credential create answers 201 with the
//! secret, the only time it is shown; get includes `actions`, `groupAccess`, `apiAccess`,
//! `credentials` and `ipAcl` only when their query flags are true; list is a plain array; only
//! inactive credentials can be deleted and `DELETED` credentials cannot be changed again; request
//! bodies reject unknown properties (`additionalProperties: false`), so `clientType` and
//! `createCredential` are refused on update; `self` names the caller's own client (there is no
//! `self/unlock`); errors are problem+json.
//!
//! Choices where the documents are silent (conservative):
//! - a client with ACTIVE credentials cannot be deleted (400) — the vendor's own Terraform
//!   provider deactivates first because "DeleteAPIClient will fail" otherwise;
//! - `clientName` is required on create, and an update may not change it (400) — the vendor's
//!   provider forbids that change;
//! - a locked client refuses updates and credential creation or update (403); deactivation and
//!   deletion still work;
//! - `notificationEmails` absent or empty on create is filled with the creator's address (the
//!   vendor's provider documents this quirk); an update may set `[]`;
//! - `accessLevel` accepts the spec's READ-ONLY/READ-WRITE plus CREDENTIAL-READ-ONLY/-READ-WRITE
//!   that the vendor's provider accepts; at most 99 APIs per client;
//! - cloned group access yields one fixed sandbox group; missing API and group names are
//!   generated;
//! - EdgeGrid: the signed scheme may be `https` (what Akamai requires) or `http` (the sandbox may
//!   be served without TLS); no headers are signed (Akamai's IAM API names none); timestamps
//!   must lie within 5 minutes of the server clock; nonces are not tracked for replay.
//! - the admin's own client (`self` of the configured credentials) is materialised on first use
//!   with the configured client_token/access_token; locking it, or deactivating or deleting its
//!   credential or it, locks the caller out until the sandbox state is reset, as on the real
//!   service;
//! - a request signed with another client's credential acts as that client: it may always act on
//!   itself, and on anything else only with IAM access in its `apiAccess` (`allAccessibleApis`, or
//!   an `apis[]` entry with `endPoint` `/identity-management`; READ-ONLY levels allow GETs), plus
//!   `canAutoCreateCredential` to create credentials for other clients (see
//!   `model::require_access`).
//!
//! Not emulated: `accountSwitchKey` (accepted and ignored; account switch keys list is empty),

mod auth;
mod catalog;
pub mod edgegrid;
mod error;
mod model;
mod render;
mod validate;

use axum::Router;
use axum::extract::{Path, State as AxumState};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

pub use auth::{Caller, Signed};
pub use error::IamError;
pub use model::{ApiClient, Credential, State};

use super::AppState;
use crate::clock::format_millis;
use model::{
    IamAccess, apply_settings, create, find_credential, find_credential_mut, locked,
    new_credential, next_credential_id, require_access, require_credential_creation, resolve,
};
use render::{
    Include, render_credential, render_detail, render_summary, render_summary_without_actions,
};
use validate::{
    CredentialUpdate, UpdateRequest, flag, parse_credential_update, parse_update, require_json,
};

/// Path prefix of every route here.
pub const BASE_PATH: &str = "/identity-management/v3/api-clients";
/// The largest request body read (EdgeGrid hashes at most the first 128 KiB of it anyway).
pub const MAX_REQUEST_BODY: usize = 1 << 20;
/// Documented limit of API services per client.
pub const MAX_APIS_PER_CLIENT: usize = 99;
/// The user the sandbox's admin credentials belong to.
pub const ADMIN_USER: &str = "sandbox-admin";

/// All routes under [`BASE_PATH`].
pub fn router() -> Router<AppState> {
    let p = BASE_PATH;
    Router::new()
        .route(p, get(list_clients).post(create_client))
        .route(
            "/identity-management/v3/users/{username}/allowed-apis",
            get(allowed_apis),
        )
        .route(
            "/identity-management/v3/users/{username}/allowed-cpcodes",
            post(allowed_cp_codes),
        )
        .route(
            &format!("{p}/{{client_id}}"),
            get(get_client).put(update_client).delete(delete_client),
        )
        .route(&format!("{p}/{{client_id}}/lock"), put(lock_client))
        .route(&format!("{p}/{{client_id}}/unlock"), put(unlock_client))
        .route(
            &format!("{p}/{{client_id}}/account-switch-keys"),
            get(account_switch_keys),
        )
        .route(
            &format!("{p}/{{client_id}}/credentials"),
            get(list_credentials).post(create_credential),
        )
        .route(
            &format!("{p}/{{client_id}}/credentials/deactivate"),
            post(deactivate_all_credentials),
        )
        .route(
            &format!("{p}/{{client_id}}/credentials/{{credential_id}}"),
            get(get_credential)
                .put(update_credential)
                .delete(delete_credential),
        )
        .route(
            &format!("{p}/{{client_id}}/credentials/{{credential_id}}/deactivate"),
            post(deactivate_credential),
        )
}

/// Creates a client out of band from the vendor's create JSON; returns the create response
/// (with `credentials[].clientSecret` when `createCredential` is true). `now` is the sandbox
/// clock's: the client's `createdDate` and its credential's `createdOn`/`expiresOn` follow it.
pub fn oob_create(state: &mut State, body: Value, now: DateTime<Utc>) -> Result<Value, String> {
    create(state, body.to_string().as_bytes(), now).map_err(|e| e.to_string())
}

/// Gives a client fields of a newer API than the OpenAPI file (see `ApiClient::newer_fields`), as if
/// Akamai had added them; false when there is no such client.
pub fn oob_add_fields(state: &mut State, id: &str, fields: Map<String, Value>) -> bool {
    match state.clients.iter_mut().find(|c| c.client_id == id) {
        Some(client) => {
            client.newer_fields.extend(fields);
            true
        }
        None => false,
    }
}

/// Deletes a client out of band, whatever its credentials; false when there is none.
pub fn oob_delete(state: &mut State, id: &str) -> bool {
    let before = state.clients.len();
    state.clients.retain(|c| c.client_id != id);
    state.clients.len() != before
}

/// Whether `{clientId}` names the caller's own client (`self` or its id).
fn is_own_client(caller: &Caller, client_id: &str) -> bool {
    match caller {
        Caller::Admin => client_id == "self",
        Caller::Client { client_id: own } => client_id == "self" || client_id == own,
    }
}

// ---------------------------------------------------------------------------------------------
// Handlers

async fn list_clients(
    AxumState(app): AxumState<AppState>,
    signed: Signed,
) -> Result<Response, IamError> {
    // Validated, but the list item always carries `actions` (see `render_summary`).
    flag(&signed.query, "actions")?;
    let state = app.state.lock();
    require_access(&state.akamai, &signed.caller, IamAccess::Read)?;
    let items: Vec<Value> = state.akamai.clients.iter().map(render_summary).collect();
    Ok(axum::Json(Value::Array(items)).into_response())
}

async fn create_client(
    AxumState(app): AxumState<AppState>,
    signed: Signed,
) -> Result<Response, IamError> {
    require_json(signed.content_type.as_deref())?;
    let mut state = app.state.lock();
    require_access(&state.akamai, &signed.caller, IamAccess::ReadWrite)?;
    let with_credential = serde_json::from_slice::<Value>(&signed.body)
        .is_ok_and(|body| body["createCredential"] == Value::Bool(true));
    if with_credential {
        require_credential_creation(&state.akamai, &signed.caller)?;
    }
    let response = create(&mut state.akamai, &signed.body, app.clock.now())?;
    let location = format!(
        "{BASE_PATH}/{}",
        response["clientId"].as_str().unwrap_or_default()
    );
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        axum::Json(response),
    )
        .into_response())
}

/// Resolves `{clientId}` for the caller under the state lock (see `model::resolve`) and runs
/// `action` on that client: the first step of every handler of one client or its credentials.
fn on_client<T>(
    app: &AppState,
    signed: &Signed,
    client_id: &str,
    needed: IamAccess,
    action: impl FnOnce(&mut ApiClient) -> Result<T, IamError>,
) -> Result<T, IamError> {
    let mut state = app.state.lock();
    let client = resolve(
        &mut state.akamai,
        client_id,
        &signed.caller,
        needed,
        &app.options.credentials.akamai,
        app.clock.now(),
    )?;
    action(client)
}

/// A locked client refuses changes to itself and to its credentials (403).
fn unlocked(client: &mut ApiClient) -> Result<&mut ApiClient, IamError> {
    if client.is_locked {
        Err(locked(client))
    } else {
        Ok(client)
    }
}

async fn get_client(
    AxumState(app): AxumState<AppState>,
    Path(client_id): Path<String>,
    signed: Signed,
) -> Result<Response, IamError> {
    let include = Include {
        actions: flag(&signed.query, "actions")?,
        group_access: flag(&signed.query, "groupAccess")?,
        api_access: flag(&signed.query, "apiAccess")?,
        credentials: flag(&signed.query, "credentials")?,
        ip_acl: flag(&signed.query, "ipAcl")?,
    };
    on_client(&app, &signed, &client_id, IamAccess::Read, |client| {
        Ok(axum::Json(render_detail(client, include, None)).into_response())
    })
}

async fn update_client(
    AxumState(app): AxumState<AppState>,
    Path(client_id): Path<String>,
    signed: Signed,
) -> Result<Response, IamError> {
    require_json(signed.content_type.as_deref())?;
    on_client(&app, &signed, &client_id, IamAccess::ReadWrite, |client| {
        let client = unlocked(client)?;
        let UpdateRequest {
            client_type,
            settings,
            newer_fields,
        } = parse_update(&signed.body, &client.client_type, &client.newer_fields)?;
        // The update schema has no `clientType`; the Go library sends it anyway, so the sandbox
        // accepts it when it restates the client's type and refuses a change.
        if let Some(client_type) = client_type
            && client_type != client.client_type
        {
            return Err(IamError::BadRequest(format!(
                "clientType cannot be changed from {} to {client_type}",
                client.client_type
            )));
        }
        if let Some(name) = &settings.client_name
            && name != &client.client_name
        {
            return Err(IamError::BadRequest(
                "Updating clientName is not possible".into(),
            ));
        }
        apply_settings(settings, client, false);
        // A full replace: a newer field the body leaves out is gone.
        client.newer_fields = newer_fields;
        Ok(axum::Json(render_detail(client, Include::ALL, None)).into_response())
    })
}

async fn delete_client(
    AxumState(app): AxumState<AppState>,
    Path(client_id): Path<String>,
    signed: Signed,
) -> Result<Response, IamError> {
    let mut state = app.state.lock();
    let client = resolve(
        &mut state.akamai,
        &client_id,
        &signed.caller,
        IamAccess::ReadWrite,
        &app.options.credentials.akamai,
        app.clock.now(),
    )?;
    if client.active_credential_count() > 0 {
        return Err(IamError::BadRequest(format!(
            "API client {} has {} active credential(s); deactivate them before deleting the client",
            client.client_id,
            client.active_credential_count()
        )));
    }
    let id = client.client_id.clone();
    if signed.caller == Caller::Admin
        && (client_id == "self"
            || state
                .akamai
                .self_client
                .as_ref()
                .is_some_and(|s| s.client_id == id))
    {
        state.akamai.self_client = None;
        state.akamai.self_deleted = true;
    } else {
        oob_delete(&mut state.akamai, &id);
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn lock_client(
    AxumState(app): AxumState<AppState>,
    Path(client_id): Path<String>,
    signed: Signed,
) -> Result<Response, IamError> {
    set_lock(&app, &signed, &client_id, true)
}

async fn unlock_client(
    AxumState(app): AxumState<AppState>,
    Path(client_id): Path<String>,
    signed: Signed,
) -> Result<Response, IamError> {
    if client_id == "self" {
        // The API documents self/lock but no self/unlock.
        return Err(IamError::NotFound(
            "There is no unlock operation for self".into(),
        ));
    }
    set_lock(&app, &signed, &client_id, false)
}

fn set_lock(
    app: &AppState,
    signed: &Signed,
    client_id: &str,
    locked: bool,
) -> Result<Response, IamError> {
    on_client(app, signed, client_id, IamAccess::ReadWrite, |client| {
        client.is_locked = locked;
        Ok(axum::Json(render_summary_without_actions(client)).into_response())
    })
}

/// "List allowed APIs": the account's catalog (see `catalog.rs`), for any user.
async fn allowed_apis(
    AxumState(app): AxumState<AppState>,
    Path(_username): Path<String>,
    signed: Signed,
) -> Result<Response, IamError> {
    let state = app.state.lock();
    require_access(&state.akamai, &signed.caller, IamAccess::Read)?;
    Ok(axum::Json(catalog::allowed_apis()).into_response())
}

/// "List allowed CP codes": the body (`clientType`, `groups`) is checked as the OpenAPI file says;
/// every user may purge the account's CP codes (see `catalog.rs`).
async fn allowed_cp_codes(
    AxumState(app): AxumState<AppState>,
    Path(_username): Path<String>,
    signed: Signed,
) -> Result<Response, IamError> {
    require_json(signed.content_type.as_deref())?;
    validate::parse_allowed_cp_codes(&signed.body)?;
    let state = app.state.lock();
    require_access(&state.akamai, &signed.caller, IamAccess::Read)?;
    Ok(axum::Json(catalog::allowed_cp_codes()).into_response())
}

async fn account_switch_keys(
    AxumState(app): AxumState<AppState>,
    Path(client_id): Path<String>,
    signed: Signed,
) -> Result<Response, IamError> {
    on_client(&app, &signed, &client_id, IamAccess::Read, |_| {
        Ok(axum::Json(json!([])).into_response())
    })
}

async fn list_credentials(
    AxumState(app): AxumState<AppState>,
    Path(client_id): Path<String>,
    signed: Signed,
) -> Result<Response, IamError> {
    let actions = flag(&signed.query, "actions")?;
    on_client(&app, &signed, &client_id, IamAccess::Read, |client| {
        let items: Vec<Value> = client
            .credentials
            .iter()
            .map(|c| render_credential(c, actions))
            .collect();
        Ok(axum::Json(Value::Array(items)).into_response())
    })
}

async fn create_credential(
    AxumState(app): AxumState<AppState>,
    Path(client_id): Path<String>,
    signed: Signed,
) -> Result<Response, IamError> {
    let now = app.clock.now();
    let mut guard = app.state.lock();
    let state = &mut guard.akamai;
    if !is_own_client(&signed.caller, &client_id) {
        require_credential_creation(state, &signed.caller)?;
    }
    let credential_id = next_credential_id(state);
    let client = resolve(
        state,
        &client_id,
        &signed.caller,
        IamAccess::ReadWrite,
        &app.options.credentials.akamai,
        now,
    )?;
    let client = unlocked(client)?;
    let (credential, secret) = new_credential(credential_id, now);
    let body = json!({
        "clientSecret": secret,
        "clientToken": credential.client_token,
        "createdOn": format_millis(credential.created_on),
        "credentialId": credential.credential_id,
        "description": credential.description,
        "expiresOn": format_millis(credential.expires_on),
        "status": credential.status,
    });
    let location = format!(
        "{BASE_PATH}/{}/credentials/{}",
        client.client_id, credential.credential_id
    );
    client.credentials.push(credential);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        axum::Json(body),
    )
        .into_response())
}

async fn deactivate_all_credentials(
    AxumState(app): AxumState<AppState>,
    Path(client_id): Path<String>,
    signed: Signed,
) -> Result<Response, IamError> {
    on_client(&app, &signed, &client_id, IamAccess::ReadWrite, |client| {
        for credential in client
            .credentials
            .iter_mut()
            .filter(|c| c.status == "ACTIVE")
        {
            credential.status = "INACTIVE".into();
        }
        Ok(StatusCode::NO_CONTENT.into_response())
    })
}

async fn get_credential(
    AxumState(app): AxumState<AppState>,
    Path((client_id, credential_id)): Path<(String, String)>,
    signed: Signed,
) -> Result<Response, IamError> {
    let actions = flag(&signed.query, "actions")?;
    on_client(&app, &signed, &client_id, IamAccess::Read, |client| {
        let credential = find_credential(client, &credential_id)?;
        Ok(axum::Json(render_credential(credential, actions)).into_response())
    })
}

async fn update_credential(
    AxumState(app): AxumState<AppState>,
    Path((client_id, credential_id)): Path<(String, String)>,
    signed: Signed,
) -> Result<Response, IamError> {
    require_json(signed.content_type.as_deref())?;
    let CredentialUpdate {
        status,
        expires_on,
        description,
    } = parse_credential_update(&signed.body)?;
    let now = app.clock.now();
    on_client(&app, &signed, &client_id, IamAccess::ReadWrite, |client| {
        let credential = find_credential_mut(unlocked(client)?, &credential_id)?;
        if credential.status == "DELETED" {
            return Err(IamError::BadRequest(
                "A DELETED credential cannot be changed or reactivated".into(),
            ));
        }
        if expires_on > credential.max_allowed_expiry() {
            return Err(IamError::BadRequest(format!(
                "expiresOn may not be later than maxAllowedExpiry {}",
                format_millis(credential.max_allowed_expiry())
            )));
        }
        if expires_on <= now {
            return Err(IamError::BadRequest(
                "expiresOn must be in the future".into(),
            ));
        }
        credential.status = status;
        credential.expires_on = expires_on;
        if let Some(description) = description {
            credential.description = description;
        }
        Ok(axum::Json(json!({
            "description": credential.description,
            "expiresOn": format_millis(credential.expires_on),
            "status": credential.status,
        }))
        .into_response())
    })
}

async fn delete_credential(
    AxumState(app): AxumState<AppState>,
    Path((client_id, credential_id)): Path<(String, String)>,
    signed: Signed,
) -> Result<Response, IamError> {
    on_client(&app, &signed, &client_id, IamAccess::ReadWrite, |client| {
        let credential = find_credential(client, &credential_id)?;
        if credential.status == "ACTIVE" {
            return Err(IamError::BadRequest(
                "You can only delete inactive credentials; deactivate this credential first".into(),
            ));
        }
        let id = credential.credential_id;
        client.credentials.retain(|c| c.credential_id != id);
        Ok(StatusCode::NO_CONTENT.into_response())
    })
}

async fn deactivate_credential(
    AxumState(app): AxumState<AppState>,
    Path((client_id, credential_id)): Path<(String, String)>,
    signed: Signed,
) -> Result<Response, IamError> {
    on_client(&app, &signed, &client_id, IamAccess::ReadWrite, |client| {
        let credential = find_credential_mut(client, &credential_id)?;
        if credential.status == "DELETED" {
            return Err(IamError::BadRequest("The credential is DELETED".into()));
        }
        credential.status = "INACTIVE".into();
        Ok(StatusCode::NO_CONTENT.into_response())
    })
}
