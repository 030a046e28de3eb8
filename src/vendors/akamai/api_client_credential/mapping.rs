//! The state of `apiclients_akamai_api_client_credential` and its mapping from the API's bodies.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use super::super::api::CredentialDetail;
use tfplugin::{Sensitive, Tf};

/// The resource state; one field per attribute of the schema.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct CredentialState {
    pub id: Tf<String>,
    pub client_id: Tf<String>,
    pub description: Tf<String>,
    pub status: Tf<String>,
    pub expires_on: Tf<String>,
    pub client_token: Tf<Sensitive<String>>,
    pub client_secret: Tf<Sensitive<String>>,
    pub created_on: Tf<String>,
    pub max_allowed_expiry: Tf<String>,
    pub rotate_after: Tf<String>,
    pub secret_issued_at: Tf<String>,
    /// The `timeouts` block (see `tfplugin::timeouts`).
    pub timeouts: Tf<tfplugin::Timeouts>,
}

crate::vendors::rotation::age_rotated!(CredentialState, expires_on);

pub(super) fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The client ID and numeric credential ID of a state.
pub(super) fn ids(state: &CredentialState) -> Option<(String, i64)> {
    let client_id = state.client_id.as_str()?;
    let credential_id = state.id.as_str()?.parse().ok()?;
    Some((client_id.to_owned(), credential_id))
}

/// The wire form of an expiry: UTC with exactly three fraction digits, whatever the user wrote.
/// Akamai's API refuses a date without milliseconds (AkamaiOPEN-edgegrid-golang,
/// `pkg/iam/api_clients_credentials.go`, `UpdateCredential`, works around it the same way); the
/// state keeps the user's spelling (see [`expiry`]). Unparsable text is sent as written
/// (validation has refused it already).
pub(super) fn wire_expiry(text: &str) -> String {
    parse_time(text).map_or_else(
        || text.to_owned(),
        |t| t.to_rfc3339_opts(SecondsFormat::Millis, true),
    )
}

/// The instant of an expiry to the millisecond, the precision sent and stored.
fn expiry_millis(text: &str) -> Option<i64> {
    parse_time(text).map(|t| t.timestamp_millis())
}

/// Keeps the configured spelling of `expires_on` when Akamai's names the same instant (to the
/// millisecond, the precision sent), so that "2027-01-31T00:00:00Z" in a configuration never
/// shows a diff against "…00.000Z".
pub(super) fn expiry(remote: Option<&String>, wanted: &Tf<String>) -> Tf<String> {
    match (remote, wanted.as_str()) {
        (Some(remote), Some(wanted))
            if expiry_millis(remote).is_some()
                && expiry_millis(remote) == expiry_millis(wanted) =>
        {
            Tf::Known(wanted.to_owned())
        }
        (remote, _) => Tf::from_option(remote.cloned()),
    }
}

pub(crate) fn state_from_remote(
    client_id: &str,
    remote: &CredentialDetail,
    wanted_expiry: &Tf<String>,
    client_secret: Tf<Sensitive<String>>,
) -> CredentialState {
    CredentialState {
        // The framework keeps the configuration's block in every state it answers with.
        timeouts: Tf::Null,
        id: Tf::Known(remote.credential_id.to_string()),
        client_id: Tf::Known(client_id.to_owned()),
        description: Tf::non_empty(remote.description.as_ref()),
        status: Tf::from_option(remote.status.clone()),
        expires_on: expiry(remote.expires_on.as_ref(), wanted_expiry),
        client_token: Tf::from_option(remote.client_token.clone().map(Sensitive::new)),
        client_secret,
        created_on: Tf::from_option(remote.created_on.clone()),
        max_allowed_expiry: Tf::from_option(remote.max_allowed_expiry.clone()),
        // A setting of the configuration, which the resource carries over (`with_rotate_after`).
        rotate_after: Tf::Null,
        // A credential's secret is made with it and never changes: it is as old as the
        // credential, which Akamai tells even after an import.
        secret_issued_at: Tf::from_option(remote.created_on.clone()),
    }
}

/// `state` with `rotate_after` from `from` (the prior state on read, the plan on create and
/// update): a setting Akamai does not hold.
pub(super) fn with_rotate_after(state: CredentialState, from: &CredentialState) -> CredentialState {
    CredentialState {
        rotate_after: from
            .rotate_after
            .known()
            .cloned()
            .map_or(Tf::Null, Tf::Known),
        ..state
    }
}
