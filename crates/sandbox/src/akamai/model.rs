//! What the sandbox holds for Akamai, and the operations on it: creating a client from a validated
//! request, resolving `{clientId}` (including `self`) for the caller, and minting credentials.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::{DateTime, Months, Utc};
use rand::{Rng, RngCore};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::ADMIN_USER;
use super::auth::Caller;
use super::error::IamError;
use super::render::{Include, render_detail};
use super::validate::{CreateRequest, Settings, parse_create};
use crate::EdgeGridCredentials;
use crate::clock::to_millis;

/// Every Akamai object the sandbox holds. Credential secrets are not serialized with it (see
/// `CredentialSecret`), so `/_sandbox/state` never shows them; the state file keeps them beside
/// it ([`State::credential_secrets`]), so that a restarted sandbox still verifies their signatures.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct State {
    /// API clients in creation order.
    #[serde(default)]
    pub clients: Vec<ApiClient>,
    /// The caller's own client, created on first use of `self`.
    #[serde(default)]
    pub self_client: Option<ApiClient>,
    /// Set once the caller deleted its own client: every later request is refused.
    #[serde(default)]
    pub self_deleted: bool,
    #[serde(default)]
    pub last_credential_id: u64,
}

/// One API client, with its request-side fields normalised to what responses show.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiClient {
    pub client_id: String,
    pub client_name: String,
    pub client_description: String,
    pub client_type: String,
    pub authorized_users: Vec<String>,
    pub notification_emails: Vec<String>,
    pub allow_account_switch: bool,
    pub can_auto_create_credential: bool,
    pub api_access: Value,
    pub group_access: Value,
    #[serde(default)]
    pub ip_acl: Option<Value>,
    #[serde(default)]
    pub purge_options: Option<Value>,
    pub access_token: String,
    pub service_consumer_token: String,
    #[serde(rename = "baseURL")]
    pub base_url: String,
    pub created_by: String,
    pub created_date: DateTime<Utc>,
    pub is_locked: bool,
    pub credentials: Vec<Credential>,
    /// Fields of an API newer than the OpenAPI file, given through `PATCH /_sandbox/objects` (so
    /// tests can check that a client keeps what its tools do not know): shown on every read, taken
    /// back by an update that restates them, and gone after one that leaves them out (the `PUT`
    /// is a full replace).
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub newer_fields: serde_json::Map<String, Value>,
}

/// One credential. The secret is shown once, in the create response; the sandbox keeps it only to
/// verify the EdgeGrid signatures made with it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Credential {
    pub credential_id: u64,
    pub client_token: String,
    pub created_on: DateTime<Utc>,
    pub expires_on: DateTime<Utc>,
    pub status: String,
    pub description: String,
    #[serde(skip)]
    pub secret: CredentialSecret,
}

/// A credential's `clientSecret`, held to verify signatures. It is skipped by serde, so
/// `/_sandbox/state` does not carry it (the API shows a secret only once, and the sandbox's own
/// views keep to that); the state file stores the secrets apart (see `control::persist`). A
/// credential loaded without its secret (a state file from before they were kept) cannot sign
/// until it is replaced. Debug prints `<redacted>`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct CredentialSecret(Option<String>);

impl CredentialSecret {
    pub fn expose(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl std::fmt::Debug for CredentialSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "<redacted>"
        } else {
            "None"
        })
    }
}

/// How much of the IAM API a client's `apiAccess` grants it (see [`iam_access`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum IamAccess {
    None,
    Read,
    ReadWrite,
}

/// The endpoint by which an `apiAccess.apis[]` entry names the IAM API itself: the path prefix the
/// API is served under (the OpenAPI's list entries carry `endPoint` such as `/reporting-api`).
pub const IAM_API_ENDPOINT: &str = "/identity-management";

impl State {
    fn all_credentials_mut(&mut self) -> impl Iterator<Item = &mut Credential> {
        self.self_client
            .iter_mut()
            .chain(self.clients.iter_mut())
            .flat_map(|client| client.credentials.iter_mut())
    }

    /// Every credential secret the sandbox holds, by the credential's client token: what the state
    /// file keeps beside the state.
    pub fn credential_secrets(&self) -> BTreeMap<String, String> {
        self.self_client
            .iter()
            .chain(self.clients.iter())
            .flat_map(|client| client.credentials.iter())
            .filter_map(|credential| {
                let secret = credential.secret.expose()?;
                Some((credential.client_token.clone(), secret.to_owned()))
            })
            .collect()
    }

    /// Gives the credentials of a loaded state their secrets back (by client token).
    pub fn restore_credential_secrets(&mut self, secrets: &BTreeMap<String, String>) {
        for credential in self.all_credentials_mut() {
            if let Some(secret) = secrets.get(&credential.client_token) {
                credential.secret = CredentialSecret(Some(secret.clone()));
            }
        }
    }
}

impl Credential {
    pub fn max_allowed_expiry(&self) -> DateTime<Utc> {
        two_years_after(self.created_on)
    }
}

impl ApiClient {
    /// What this client may do on the IAM API besides managing itself: `allAccessibleApis`, or an
    /// `apis[]` entry for the IAM API, whose `accessLevel` says read or read-write.
    pub fn iam_access(&self) -> IamAccess {
        if self.api_access["allAccessibleApis"] == Value::Bool(true) {
            return IamAccess::ReadWrite;
        }
        self.api_access["apis"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|api| api["endPoint"].as_str() == Some(IAM_API_ENDPOINT))
            .map(|api| match api["accessLevel"].as_str() {
                Some("READ-WRITE" | "CREDENTIAL-READ-WRITE") => IamAccess::ReadWrite,
                Some(_) => IamAccess::Read,
                None => IamAccess::None,
            })
            .max()
            .unwrap_or(IamAccess::None)
    }

    pub fn active_credential_count(&self) -> usize {
        self.credentials
            .iter()
            .filter(|c| c.status == "ACTIVE")
            .count()
    }
}

/// Creates a client from the vendor's create JSON; answers the create response, with the new
/// credential's `clientSecret` when `createCredential` is true.
pub fn create(state: &mut State, request: &[u8], now: DateTime<Utc>) -> Result<Value, IamError> {
    let CreateRequest {
        client_type,
        create_credential,
        settings,
    } = parse_create(request)?;
    let mut client = ApiClient {
        client_id: random_alnum(16),
        client_name: String::new(),
        client_description: String::new(),
        client_type,
        authorized_users: Vec::new(),
        notification_emails: Vec::new(),
        allow_account_switch: false,
        can_auto_create_credential: false,
        api_access: Value::Null,
        group_access: Value::Null,
        ip_acl: None,
        purge_options: None,
        access_token: akamai_token("akab"),
        service_consumer_token: akamai_token("akab"),
        base_url: format!("https://{}.luna.akamaiapis.net", akamai_token("akab")),
        created_by: ADMIN_USER.into(),
        created_date: to_millis(now),
        is_locked: false,
        credentials: Vec::new(),
        newer_fields: serde_json::Map::new(),
    };
    apply_settings(settings, &mut client, true);
    let mut new_secret = None;
    if create_credential {
        let (credential, secret) = new_credential(next_credential_id(state), now);
        new_secret = Some((credential.credential_id, secret));
        client.credentials.push(credential);
    }
    let response = render_detail(&client, Include::ALL, new_secret.as_ref());
    state.clients.push(client);
    Ok(response)
}

/// Applies validated settings on create (`creating`) or as a full-replace update. On create,
/// absent or empty `notificationEmails` become the creator's address (the quirk Akamai's own
/// Terraform provider documents and undoes with a second PUT); an update may set `[]`.
pub fn apply_settings(settings: Settings, client: &mut ApiClient, creating: bool) {
    if let Some(name) = settings.client_name {
        client.client_name = name;
    }
    client.client_description = settings.client_description.unwrap_or_default();
    client.authorized_users = settings.authorized_users;
    client.notification_emails = match settings.notification_emails {
        Some(emails) if !emails.is_empty() || !creating => emails,
        _ if creating => vec![format!("{ADMIN_USER}@example.com")],
        _ => Vec::new(),
    };
    client.allow_account_switch = settings.allow_account_switch;
    client.can_auto_create_credential = settings.can_auto_create_credential;
    client.api_access = settings.api_access;
    client.group_access = settings.group_access;
    client.ip_acl = settings.ip_acl;
    client.purge_options = settings.purge_options;
}

/// The client `{clientId}` names, for `caller`. `self` (or the caller's own id) is the caller's own
/// client, which a client may always act on (the IAM API began as "an API client could only manage
/// its own credentials"); the admin's own client is materialised on first use from the configured
/// tokens, at `now` (the sandbox clock). Acting on any other client needs `needed` access to the
/// IAM API (see [`require_access`]).
pub fn resolve<'a>(
    state: &'a mut State,
    client_id: &str,
    caller: &Caller,
    needed: IamAccess,
    admin: &EdgeGridCredentials,
    now: DateTime<Utc>,
) -> Result<&'a mut ApiClient, IamError> {
    if let Caller::Client { client_id: own } = caller {
        let target = if client_id == "self" {
            own.as_str()
        } else {
            client_id
        };
        if target != own {
            require_access(state, caller, needed)?;
        }
        return state
            .clients
            .iter_mut()
            .find(|c| c.client_id == target)
            .ok_or_else(|| IamError::NotFound(format!("API client {client_id} not found")));
    }
    let is_self = client_id == "self"
        || state
            .self_client
            .as_ref()
            .is_some_and(|s| s.client_id == client_id);
    if is_self {
        if state.self_client.is_none() {
            let id = next_credential_id(state);
            state.self_client = Some(own_client(admin, id, now));
        }
        return state
            .self_client
            .as_mut()
            .ok_or_else(|| IamError::NotFound("API client self not found".into()));
    }
    state
        .clients
        .iter_mut()
        .find(|c| c.client_id == client_id)
        .ok_or_else(|| IamError::NotFound(format!("API client {client_id} not found")))
}

/// Whether `caller` may act on the IAM API beyond its own client: the configured admin may do
/// everything; another client needs `needed` access in its `apiAccess` (403 otherwise).
pub fn require_access(state: &State, caller: &Caller, needed: IamAccess) -> Result<(), IamError> {
    let Caller::Client { client_id } = caller else {
        return Ok(());
    };
    let granted = state
        .clients
        .iter()
        .find(|c| &c.client_id == client_id)
        .map_or(IamAccess::None, ApiClient::iam_access);
    if granted >= needed {
        Ok(())
    } else {
        let level = if needed == IamAccess::ReadWrite {
            "READ-WRITE"
        } else {
            "READ-ONLY"
        };
        Err(IamError::Forbidden(format!(
            "API client {client_id} has no {level} access to the Identity and Access Management API"
        )))
    }
}

/// Whether `caller` may create a credential for a client other than itself: Akamai's Terraform
/// provider documents that "your API client must have the option to create credentials for another
/// API client enabled", the OpenAPI's `canAutoCreateCredential`.
pub fn require_credential_creation(state: &State, caller: &Caller) -> Result<(), IamError> {
    let Caller::Client { client_id } = caller else {
        return Ok(());
    };
    let allowed = state
        .clients
        .iter()
        .any(|c| &c.client_id == client_id && c.can_auto_create_credential);
    if allowed {
        Ok(())
    } else {
        Err(IamError::Forbidden(format!(
            "API client {client_id} may not create credentials for another API client \
             (canAutoCreateCredential is false)"
        )))
    }
}

/// The admin's own client, matching the configured EdgeGrid tokens, made at `now`.
pub fn own_client(
    admin: &EdgeGridCredentials,
    credential_id: u64,
    now: DateTime<Utc>,
) -> ApiClient {
    let now = to_millis(now);
    ApiClient {
        client_id: random_alnum(16),
        client_name: "sandbox-admin-client".into(),
        client_description: "The API client whose credentials sign requests to the sandbox".into(),
        client_type: "CLIENT".into(),
        authorized_users: vec![ADMIN_USER.into()],
        notification_emails: vec![format!("{ADMIN_USER}@example.com")],
        allow_account_switch: false,
        can_auto_create_credential: false,
        api_access: json!({ "allAccessibleApis": true, "apis": [] }),
        group_access: json!({ "cloneAuthorizedUserGroups": true, "groups": default_groups() }),
        ip_acl: None,
        purge_options: None,
        access_token: admin.access_token.clone(),
        service_consumer_token: akamai_token("akab"),
        base_url: "https://sandbox.luna.akamaiapis.net".into(),
        created_by: ADMIN_USER.into(),
        created_date: now,
        is_locked: false,
        credentials: vec![Credential {
            credential_id,
            client_token: admin.client_token.clone(),
            created_on: now,
            expires_on: two_years_after(now),
            status: "ACTIVE".into(),
            description: String::new(),
            secret: CredentialSecret::default(),
        }],
        newer_fields: serde_json::Map::new(),
    }
}

pub fn next_credential_id(state: &mut State) -> u64 {
    state.last_credential_id = state.last_credential_id.max(100_000) + 1;
    state.last_credential_id
}

/// A new ACTIVE credential created at `now` (the sandbox clock), expiring two years later, and its
/// secret.
pub fn new_credential(credential_id: u64, now: DateTime<Utc>) -> (Credential, String) {
    let now = to_millis(now);
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = BASE64.encode(bytes);
    (
        Credential {
            credential_id,
            client_token: akamai_token("akab"),
            created_on: now,
            expires_on: two_years_after(now),
            status: "ACTIVE".into(),
            description: String::new(),
            secret: CredentialSecret(Some(secret.clone())),
        },
        secret,
    )
}

pub fn find_credential<'a>(client: &'a ApiClient, id: &str) -> Result<&'a Credential, IamError> {
    let id = parse_credential_id(id)?;
    client
        .credentials
        .iter()
        .find(|c| c.credential_id == id)
        .ok_or_else(|| IamError::NotFound(format!("Credential {id} not found")))
}

pub fn find_credential_mut<'a>(
    client: &'a mut ApiClient,
    id: &str,
) -> Result<&'a mut Credential, IamError> {
    let id = parse_credential_id(id)?;
    client
        .credentials
        .iter_mut()
        .find(|c| c.credential_id == id)
        .ok_or_else(|| IamError::NotFound(format!("Credential {id} not found")))
}

pub fn parse_credential_id(id: &str) -> Result<u64, IamError> {
    id.parse()
        .map_err(|_| IamError::BadRequest(format!("credentialId must be an integer, not \"{id}\"")))
}

pub fn locked(client: &ApiClient) -> IamError {
    IamError::Forbidden(format!(
        "API client {} is locked; unlock it first",
        client.client_id
    ))
}

pub fn default_groups() -> Value {
    json!([{
        "groupId": 10000,
        "groupName": "Sandbox Account",
        "isBlocked": false,
        "roleDescription": "Administrator of the sandbox account",
        "roleId": 1,
        "roleName": "Admin",
        "subGroups": [],
    }])
}

pub fn two_years_after(t: DateTime<Utc>) -> DateTime<Utc> {
    t.checked_add_months(Months::new(24)).unwrap_or(t)
}

pub fn random_alnum(len: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..len)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// Tokens shaped like Akamai's: `akab-<16>-<16>`.
pub fn akamai_token(prefix: &str) -> String {
    format!("{prefix}-{}-{}", random_alnum(16), random_alnum(16))
}
