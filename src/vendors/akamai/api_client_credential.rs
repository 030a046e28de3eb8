//! `apiclients_akamai_api_client_credential`: one credential (client token + client secret) of an
//! Akamai IAM API client, with its secret captured from the create response — "the only time
//! you'll see the client secret".
//!
//! Planning rules, and why:
//! * `client_id` replaces: a credential belongs to one client for life.
//! * `status` (ACTIVE/INACTIVE), `description` and `expires_on` change in place with one
//!   `PUT …/credentials/{id}`, which requires both `expiresOn` and `status`.
//! * `expires_on` is optional + computed (Akamai sets two years); a configured value is kept as
//!   written when it names the same instant as Akamai's spelling (`.000Z`), so no diff appears.
//!   It must lie in the future and not after `max_allowed_expiry`: checked at plan time.
//! * Delete deactivates first: Akamai deletes only inactive credentials.

use std::collections::BTreeSet;

use async_trait::async_trait;
use chrono::{DateTime, Months, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use super::api::{CredentialDetail, NewCredential, UpdateCredentialRequest};
use super::client::AkamaiClient;
use crate::handle::ProviderHandle;
use crate::http::recovery::{CANCEL_GRACE, Outcome, Recoverable, create_with_recovery};
use crate::http::{CancellationToken, HttpError, Vendor};
use crate::vendors::create::{ambiguous_create, lost_secret};
use tfplugin::IdentitySchema;
use tfplugin::{
    Attribute, AttributePath, Block, Context, Diagnostic, Diagnostics, PlanChange, Resource,
    Schema, Sensitive, Tf, Validator,
};

/// Type name after the provider prefix.
pub const TYPE_NAME: &str = "akamai_api_client_credential";

/// The statuses a configuration may ask for (`DELETED` is what a delete does).
pub const STATUSES: [&str; 2] = ["ACTIVE", "INACTIVE"];

/// Akamai's default and longest credential lifetime.
const MAX_LIFETIME_MONTHS: u32 = 24;

const DESCRIPTION: &str = r#"Manages one credential of an Akamai IAM API client (`/identity-management/v3/api-clients/{clientId}/credentials`).
An EdgeGrid credential (an `.edgerc` section) is four values: the API `host`, this credential's
`client_token` and `client_secret`, and the client's `access_token` (an attribute of
`apiclients_akamai_api_client`).

## The secret

Akamai returns the client secret **only in the response to the create call**. The provider stores
it in the state (as a sensitive value) and keeps it there. There is no way to read it again, so:

* after `terraform import`, `client_secret` is **null** (replace the credential, for example with
  `terraform apply -replace=...`, if you need a secret Terraform knows);
* if the outcome of a create is unknown (connection lost after sending it, a gateway error, or
  Terraform cancelled after it was sent), the provider compares the client's credentials with those
  it had before, so it never creates a second one by accident and never touches one it did not
  make: a new credential it finds is deactivated and deleted and the create repeated (within
  `max_retries`), so the apply still ends with a known secret. Only when that fails is it recorded
  without a secret and tainted, so that the next apply replaces it.

## Changes

`description`, `status` (`ACTIVE` or `INACTIVE`) and `expires_on` are changed in place. Akamai sets
new credentials to expire after two years; `expires_on` may move that date, but not into the past and
not after `max_allowed_expiry` (checked at plan time). Rotating a credential means creating a new one
(a second resource, or `terraform apply -replace`), switching its users to it, then deactivating
and deleting the old one.

## Deletion

Akamai deletes only inactive credentials: the provider deactivates the credential, then deletes it.

## Import

The ID is `<client_id>/<credential_id>`:

```shell
terraform import apiclients_akamai_api_client_credential.example 1a2b3c4d5e6f7g8h/123456
```"#;

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
    /// The `timeouts` block (see `tfplugin::timeouts`).
    pub timeouts: Tf<tfplugin::Timeouts>,
}

/// The `apiclients_akamai_api_client_credential` resource.
#[derive(Debug, Clone)]
pub struct ApiClientCredentialResource {
    handle: ProviderHandle,
}

impl ApiClientCredentialResource {
    pub fn new(handle: ProviderHandle) -> Self {
        Self { handle }
    }
}

#[async_trait]
impl Resource for ApiClientCredentialResource {
    type State = CredentialState;

    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new()
                .block(tfplugin::timeouts::block())
                .markdown_description(crate::vendors::write_only::with_secret_in_state(
                    DESCRIPTION,
                    crate::vendors::write_only::SecretSource::Vendor,
                ))
                .attribute(
                    Attribute::string("id")
                        .computed()
                        .use_state_for_unknown()
                        .description("The credential ID (`credentialId`), assigned by Akamai."),
                )
                .attribute(
                    Attribute::string("client_id")
                        .required()
                        .requires_replace()
                        .validate(Validator::non_empty())
                        .description("ID of the API client the credential belongs to. Changing it replaces the credential."),
                )
                .attribute(
                    Attribute::string("description")
                        .optional()
                        .validate(Validator::non_empty())
                        .description("Description of the credential."),
                )
                .attribute(
                    Attribute::string("status")
                        .default("ACTIVE")
                        .validate(Validator::one_of(&STATUSES))
                        .description("ACTIVE (the default) or INACTIVE. An inactive credential cannot sign requests; it can be activated again."),
                )
                .attribute(
                    Attribute::string("expires_on")
                        .optional()
                        .computed()
                        .use_state_for_unknown()
                        .description("When the credential expires (RFC 3339, such as \"2027-01-31T00:00:00.000Z\"; sent to Akamai with milliseconds whatever the precision written). Akamai's default is two years after creation; it must be in the future and not after `max_allowed_expiry`."),
                )
                .attribute(
                    Attribute::string("client_token")
                        .computed()
                        .sensitive()
                        .use_state_for_unknown()
                        .description("The credential's client token (`client_token` of an `.edgerc` section)."),
                )
                .attribute(
                    Attribute::string("client_secret")
                        .computed()
                        .sensitive()
                        .use_state_for_unknown()
                        .description("The credential's client secret (`client_secret` of an `.edgerc` section), returned by Akamai only when the credential is created. Null after an import."),
                )
                .attribute(
                    Attribute::string("created_on")
                        .computed()
                        .use_state_for_unknown()
                        .description("When the credential was created (ISO 8601)."),
                )
                .attribute(
                    Attribute::string("max_allowed_expiry")
                        .computed()
                        .use_state_for_unknown()
                        .description("The latest `expires_on` Akamai accepts for this credential (ISO 8601)."),
                ),
        )
    }

    fn validate(&self, config: &CredentialState) -> Diagnostics {
        let mut diags = Diagnostics::new();
        if let Some(text) = config.expires_on.as_str()
            && parse_time(text).is_none()
        {
            diags.push(Diagnostic::invalid_attribute(
                "expires_on",
                format!("expires_on is {text:?}, which is not an RFC 3339 date-time. Use a value such as \"2027-01-31T00:00:00.000Z\"."),
            ));
        }
        diags
    }

    async fn read(
        &self,
        ctx: &Context,
        state: CredentialState,
    ) -> Result<Option<CredentialState>, Diagnostics> {
        let Some((client_id, credential_id)) = ids(&state) else {
            return Ok(None);
        };
        let client = self.handle.akamai()?;
        let found = client
            .get_credential(&client_id, credential_id, ctx.cancellation())
            .await?;
        // A DELETED credential can never be used or reactivated again: it is gone.
        Ok(found
            .filter(|remote| remote.status.as_deref() != Some("DELETED"))
            .map(|remote| {
                state_from_remote(&client_id, &remote, &state.expires_on, state.client_secret)
            }))
    }

    async fn modify_plan(
        &self,
        ctx: &Context,
        change: &mut PlanChange<CredentialState>,
    ) -> Result<(), Diagnostics> {
        self.handle.check_configured(Vendor::Akamai, ctx).await?;
        let replacing = !change.requires_replace.is_empty();
        let prior = change.prior.as_ref().filter(|_| !replacing);
        // After an import the secret is null and stays null through updates (only a create
        // returns one); planning it unknown would show a pointless "(sensitive value)" change.
        if let Some(prior) = prior
            && prior.client_secret.is_null()
        {
            change.planned.client_secret = Tf::Null;
        }
        let Some(planned_text) = change.config.expires_on.as_str() else {
            return Ok(());
        };
        if prior.is_some_and(|p| p.expires_on.as_str() == Some(planned_text)) {
            return Ok(());
        }
        let Some(planned) = parse_time(planned_text) else {
            return Ok(());
        };
        let now = Utc::now();
        if planned <= now {
            return Err(Diagnostic::invalid_attribute(
                "expires_on",
                format!("expires_on is {planned_text:?}, which is in the past. Use a date-time in the future (at most two years after the credential's creation)."),
            )
            .into());
        }
        // On create the limit is two years from now; afterwards Akamai says it.
        let limit = match prior {
            Some(p) => p.max_allowed_expiry.as_str().and_then(parse_time),
            None => now.checked_add_months(Months::new(MAX_LIFETIME_MONTHS)),
        };
        if let Some(limit) = limit
            && planned > limit
        {
            return Err(Diagnostic::invalid_attribute(
                "expires_on",
                format!("expires_on is {planned_text:?}, later than the latest expiry Akamai allows for this credential ({}). Use an earlier date-time, or omit expires_on for Akamai's default.", limit.to_rfc3339()),
            )
            .into());
        }
        Ok(())
    }

    async fn create(
        &self,
        ctx: &Context,
        planned: CredentialState,
        config: CredentialState,
    ) -> Result<CredentialState, Diagnostics> {
        let client_id = planned
            .client_id
            .known()
            .ok_or_else(|| Diagnostic::incomplete_plan("client_id"))?
            .clone();
        let client = self.handle.akamai()?;
        let cancel = ctx.cancellation();
        let created = create_without_duplicate(&client, &client_id, ctx).await?;
        let secret = Tf::Known(created.client_secret.clone());
        let mut state = state_from_remote(&client_id, &created.detail, &Tf::Null, secret.clone());
        ctx.record_partial_state(&state);

        // The POST takes no body: anything configured beyond the defaults is a PUT.
        let wanted_status = planned.status.as_str().unwrap_or(STATUSES[0]);
        let needs_update = config.description.is_known()
            || config.expires_on.is_known()
            || state.status.as_str() != Some(wanted_status);
        let credential_id = created.detail.credential_id;
        if needs_update {
            let request = UpdateCredentialRequest {
                description: planned.description.known().cloned(),
                expires_on: config
                    .expires_on
                    .known()
                    .or(created.detail.expires_on.as_ref())
                    .map(|text| wire_expiry(text))
                    .ok_or_else(|| Diagnostic::incomplete_plan("expires_on"))?,
                status: wanted_status.to_owned(),
            };
            if !client
                .update_credential(&client_id, credential_id, &request, cancel)
                .await?
            {
                return Err(gone(&client_id, credential_id));
            }
        }
        match client
            .get_credential(&client_id, credential_id, cancel)
            .await?
        {
            Some(remote) => {
                state = state_from_remote(&client_id, &remote, &config.expires_on, secret);
                Ok(state)
            }
            None => Err(gone(&client_id, credential_id)),
        }
    }

    async fn update(
        &self,
        ctx: &Context,
        prior: CredentialState,
        planned: CredentialState,
        _config: CredentialState,
    ) -> Result<CredentialState, Diagnostics> {
        let Some((client_id, credential_id)) = ids(&prior) else {
            return Err(Diagnostic::error(
                "Missing credential ID",
                "The state has no valid ID for this Akamai credential; remove it from the state and import it again.",
            )
            .into());
        };
        let client = self.handle.akamai()?;
        let cancel = ctx.cancellation();
        let request = UpdateCredentialRequest {
            // "" clears a description that was removed from the configuration.
            description: Some(planned.description.known().cloned().unwrap_or_default()),
            expires_on: planned
                .expires_on
                .known()
                .or(prior.expires_on.known())
                .map(|text| wire_expiry(text))
                .ok_or_else(|| Diagnostic::incomplete_plan("expires_on"))?,
            status: planned
                .status
                .known()
                .cloned()
                .unwrap_or_else(|| STATUSES[0].to_owned()),
        };
        if !client
            .update_credential(&client_id, credential_id, &request, cancel)
            .await?
        {
            return Err(gone(&client_id, credential_id));
        }
        match client
            .get_credential(&client_id, credential_id, cancel)
            .await?
        {
            Some(remote) => Ok(state_from_remote(
                &client_id,
                &remote,
                &planned.expires_on,
                prior.client_secret,
            )),
            None => Err(gone(&client_id, credential_id)),
        }
    }

    async fn delete(&self, ctx: &Context, prior: CredentialState) -> Result<(), Diagnostics> {
        let Some((client_id, credential_id)) = ids(&prior) else {
            return Ok(());
        };
        let client = self.handle.akamai()?;
        let cancel = ctx.cancellation();
        // Akamai deletes only inactive credentials; a 404 means it is gone already.
        if !client
            .deactivate_credential(&client_id, credential_id, cancel)
            .await?
        {
            return Ok(());
        }
        client
            .delete_credential(&client_id, credential_id, cancel)
            .await?;
        Ok(())
    }

    async fn import(&self, _ctx: &Context, id: &str) -> Result<CredentialState, Diagnostics> {
        let parsed = id.trim().split_once('/').filter(|(client, credential)| {
            !client.is_empty() && !client.contains('/') && credential.parse::<i64>().is_ok()
        });
        let Some((client_id, credential_id)) = parsed else {
            return Err(Diagnostic::error(
                "Invalid import ID",
                format!("Import needs <client_id>/<credential_id> (the credential ID is a number), such as: terraform import apiclients_akamai_api_client_credential.example 1a2b3c4d5e6f7g8h/123456 — got {id:?}."),
            )
            .into());
        };
        Ok(CredentialState {
            id: Tf::Known(credential_id.to_owned()),
            client_id: Tf::Known(client_id.to_owned()),
            ..Default::default()
        })
    }

    fn identity(&self) -> Option<IdentitySchema> {
        Some(identity())
    }

    async fn import_by_identity(
        &self,
        ctx: &Context,
        state: CredentialState,
    ) -> Result<CredentialState, Diagnostics> {
        let id = format!(
            "{}/{}",
            state.client_id.as_str().unwrap_or_default(),
            state.id.as_str().unwrap_or_default()
        );
        // The same checks as an import by ID (a numeric credential ID).
        Resource::import(self, ctx, &id).await
    }
}

/// The identity: the API client's ID and the credential's ID within it.
pub(super) fn identity() -> IdentitySchema {
    IdentitySchema::new()
        .required(
            "client_id",
            "The client ID of the API client the credential belongs to.",
        )
        .required(
            "id",
            "The credential's ID (`credentialId`, a number written as a string).",
        )
}

fn gone(client_id: &str, credential_id: i64) -> Diagnostics {
    Diagnostic::error(
        "Credential not found",
        format!("Credential {credential_id} of the Akamai API client {client_id} was deleted outside Terraform (or its client was). Run terraform plan again: it will plan to create it."),
    )
    .into()
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The client ID and numeric credential ID of a state.
fn ids(state: &CredentialState) -> Option<(String, i64)> {
    let client_id = state.client_id.as_str()?;
    let credential_id = state.id.as_str()?.parse().ok()?;
    Some((client_id.to_owned(), credential_id))
}

/// The wire form of an expiry: UTC with exactly three fraction digits, whatever the user wrote.
/// Akamai's API refuses a date without milliseconds (AkamaiOPEN-edgegrid-golang,
/// `pkg/iam/api_clients_credentials.go`, `UpdateCredential`, works around it the same way); the
/// state keeps the user's spelling (see [`expiry`]). Unparsable text is sent as written
/// (validation has refused it already).
fn wire_expiry(text: &str) -> String {
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
fn expiry(remote: Option<&String>, wanted: &Tf<String>) -> Tf<String> {
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

pub(super) fn state_from_remote(
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
    }
}

async fn credential_ids(
    client: &AkamaiClient,
    client_id: &str,
    ctx: &Context,
) -> Result<BTreeSet<i64>, Diagnostics> {
    match client.list_credentials(client_id, ctx.cancellation()).await? {
        Some(listed) => Ok(listed.into_iter().map(|c| c.credential_id).collect()),
        None => Err(Diagnostic::error(
            "API client not found",
            format!("The Akamai API client {client_id} does not exist, so no credential can be created for it. Check client_id."),
        )
        .at(AttributePath::root("client_id"))
        .into()),
    }
}

/// The create of one credential, for [`create_with_recovery`]. The POST has no body, so any new
/// credential of the client is what it made; Akamai shows the secret only in the create answer, so
/// a twin whose answer was lost is deactivated and deleted, and the create repeated.
struct CreateCredential<'a> {
    client: &'a AkamaiClient,
    client_id: &'a str,
}

#[async_trait]
impl Recoverable for CreateCredential<'_> {
    type Created = NewCredential;
    type Listed = CredentialDetail;
    type Id = i64;

    async fn create(&self, cancel: &CancellationToken) -> Result<NewCredential, HttpError> {
        self.client.create_credential(self.client_id, cancel).await
    }

    async fn candidates(
        &self,
        cancel: &CancellationToken,
    ) -> Result<Vec<CredentialDetail>, HttpError> {
        Ok(self
            .client
            .list_credentials(self.client_id, cancel)
            .await?
            .unwrap_or_default())
    }

    fn id(&self, listed: &CredentialDetail) -> i64 {
        listed.credential_id
    }

    fn matches(&self, _listed: &CredentialDetail) -> bool {
        true
    }

    fn secret_only_in_answer(&self) -> bool {
        true
    }

    async fn delete(&self, id: &i64, cancel: &CancellationToken) -> Result<(), HttpError> {
        // Only an inactive credential can be deleted.
        self.client
            .deactivate_credential(self.client_id, *id, cancel)
            .await?;
        self.client
            .delete_credential(self.client_id, *id, cancel)
            .await
            .map(drop)
    }
}

/// Creates a credential through [`create_with_recovery`], so a lost response never leads to a
/// second credential, and ends with a known secret where the API allows.
async fn create_without_duplicate(
    client: &AkamaiClient,
    client_id: &str,
    ctx: &Context,
) -> Result<NewCredential, Diagnostics> {
    // Fails with a clear diagnostic when the API client does not exist.
    credential_ids(client, client_id, ctx).await?;
    let create = CreateCredential { client, client_id };
    let max_retries = client.rest().transport().policy().max_retries;
    let what = format!("of Akamai API client {client_id}");
    match create_with_recovery(&create, max_retries, ctx.cancellation()).await? {
        Outcome::Created(created) => Ok(created),
        Outcome::Recovered(remote) => lost(client, client_id, remote.credential_id, ctx).await,
        Outcome::LostSecret(id) => lost(client, client_id, id, ctx).await,
        Outcome::Ambiguous(ids) => Err(ambiguous_create("credential", &what, &ids).into()),
    }
}

/// A credential whose secret was lost and which could not be removed: recorded without a secret
/// (tainted), so that the next apply deactivates, deletes and replaces it.
async fn lost(
    client: &AkamaiClient,
    client_id: &str,
    credential_id: i64,
    ctx: &Context,
) -> Result<NewCredential, Diagnostics> {
    let fresh = CancellationToken::new();
    if let Ok(Ok(Some(remote))) = tokio::time::timeout(
        CANCEL_GRACE,
        client.get_credential(client_id, credential_id, &fresh),
    )
    .await
    {
        ctx.record_partial_state(&state_from_remote(client_id, &remote, &Tf::Null, Tf::Null));
    }
    Err(lost_secret(
        "credential",
        &format!("of Akamai API client {client_id}"),
        &credential_id,
    )
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_expiry_spelling_survives_a_read() {
        let wanted = Tf::Known("2027-01-31T00:00:00Z".to_owned());
        let remote = "2027-01-31T00:00:00.000Z".to_owned();
        assert_eq!(expiry(Some(&remote), &wanted), wanted);
        let other = "2027-02-01T00:00:00.000Z".to_owned();
        assert_eq!(expiry(Some(&other), &wanted), Tf::Known(other.clone()));
        assert_eq!(expiry(Some(&other), &Tf::Null), Tf::Known(other));
        // Sub-millisecond digits are not sent, so they do not make a diff either.
        let fine = Tf::Known("2027-01-31T01:00:00.123456+01:00".to_owned());
        let stored = "2027-01-31T00:00:00.123Z".to_owned();
        assert_eq!(expiry(Some(&stored), &fine), fine);
    }

    #[test]
    fn expiry_is_sent_with_milliseconds() {
        for (written, sent) in [
            ("2027-01-31T00:00:00Z", "2027-01-31T00:00:00.000Z"),
            ("2027-01-31T00:00:00.5Z", "2027-01-31T00:00:00.500Z"),
            (
                "2027-01-31T02:00:00.123456789+02:00",
                "2027-01-31T00:00:00.123Z",
            ),
            ("not a date", "not a date"),
        ] {
            assert_eq!(wire_expiry(written), sent, "{written}");
        }
    }

    #[test]
    fn import_id_needs_client_and_numeric_credential() {
        let resource = ApiClientCredentialResource::new(ProviderHandle::default());
        let ctx = Context::new(Default::default());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let ok = runtime
            .block_on(Resource::import(&resource, &ctx, "abc/123"))
            .unwrap();
        assert_eq!(ok.client_id, Tf::Known("abc".into()));
        assert_eq!(ok.id, Tf::Known("123".into()));
        for bad in ["abc", "abc/", "/123", "abc/x1", "a/b/1"] {
            assert!(
                runtime
                    .block_on(Resource::import(&resource, &ctx, bad))
                    .is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn debug_hides_token_and_secret() {
        let state = CredentialState {
            client_token: Tf::Known("akab-token-xyz".into()),
            client_secret: Tf::Known("s3cr3t-value".into()),
            ..Default::default()
        };
        let shown = format!("{state:?}");
        assert!(
            !shown.contains("akab-token-xyz") && !shown.contains("s3cr3t"),
            "{shown}"
        );
    }
}
