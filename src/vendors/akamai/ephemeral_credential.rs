//! The ephemeral `apiclients_akamai_api_client_credential` (the managed resource's name, as
//! Terraform allows): a credential of an Akamai IAM API client that exists only while Terraform
//! runs. Open creates it (through [`create_with_recovery`](crate::http::recovery::create_with_recovery), so a lost answer leaves no twin)
//! and sets a short expiry; renew pushes the expiry forward while the run lasts; close
//! deactivates and deletes it. A run that dies before close leaves a credential that expires
//! by itself at `expires_on`.

use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use tfplugin::{
    Attribute, AttributePath, Block, Context, Diagnostic, Diagnostics, EphemeralResource, Opened,
    Renewed, Schema, Sensitive, Tf, Validator,
};

use super::api::{NewCredential, UpdateCredentialRequest};
use super::api_client_credential::create_explained;
use super::client::AkamaiClient;
use crate::handle::ProviderHandle;
use crate::http::auth::refresh_after;
use crate::http::recovery::{CANCEL_GRACE, Outcome};
use crate::http::{CancellationToken, HttpError};
use crate::vendors::create::{Subject, ambiguous_create};

/// Type name after the provider prefix: the managed resource's.
pub const TYPE_NAME: &str = super::api_client_credential::TYPE_NAME;

/// The expiry when `expires_in` is unset.
pub const DEFAULT_EXPIRES_IN: Duration = Duration::from_secs(3600);
/// The shortest `expires_in`: time for the run to use it before it must be renewed.
pub const MIN_EXPIRES_IN: Duration = Duration::from_secs(60);
/// The longest `expires_in`: Akamai's `maxAllowedExpiry` is two years after creation.
pub const MAX_EXPIRES_IN: Duration = Duration::from_secs(730 * 24 * 3600);

const DEFAULT_DESCRIPTION: &str =
    "Ephemeral credential of a Terraform run; deleted at its end, else it expires by itself";

/// The configuration and result.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct EphemeralCredentialState {
    pub client_id: Tf<String>,
    pub expires_in: Tf<String>,
    pub description: Tf<String>,
    pub credential_id: Tf<i64>,
    pub host: Tf<String>,
    pub client_token: Tf<Sensitive<String>>,
    pub client_secret: Tf<Sensitive<String>>,
    pub access_token: Tf<Sensitive<String>>,
    pub expires_on: Tf<String>,
}

/// What renew and close need.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OpenCredential {
    pub client_id: String,
    pub credential_id: i64,
    pub expires_in_s: u64,
    pub description: String,
}

/// The ephemeral resource.
#[derive(Debug)]
pub struct EphemeralCredential {
    handle: ProviderHandle,
}

impl EphemeralCredential {
    pub fn new(handle: ProviderHandle) -> Self {
        Self { handle }
    }
}

/// `expires_in` as a duration; `None` when it is unknown or not a duration (the validator
/// reports that).
fn expires_in(config: &EphemeralCredentialState) -> Option<Duration> {
    match &config.expires_in {
        Tf::Known(text) => tfplugin::duration::parse_duration(text),
        _ => Some(DEFAULT_EXPIRES_IN),
    }
}

/// Akamai's spelling of an expiry: RFC 3339 with milliseconds, which its API requires.
fn akamai_time(at: SystemTime) -> String {
    DateTime::<Utc>::from(at).to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A bare host name, as `.edgerc` and the provider's `host` take it.
fn bare_host(base_url: &str) -> String {
    let without_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    without_scheme.trim_end_matches('/').to_owned()
}

#[async_trait]
impl EphemeralResource for EphemeralCredential {
    type State = EphemeralCredentialState;
    type Private = OpenCredential;

    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new()
                .markdown_description(
                    "A just-in-time EdgeGrid credential of an Akamai IAM API client that exists only while Terraform runs: never written to a plan or a state. Open creates a credential on `client_id` and sets it to expire after `expires_in` (default one hour); while the run lasts the provider renews it, pushing the expiry forward; when Terraform no longer needs it, it is deactivated and deleted. The results are the four `.edgerc` fields (`host`, `client_token`, `client_secret`, `access_token`), ready for a second, aliased provider configuration's `akamai` block.\n\n**A run that dies** (killed, out of memory, lost machine) cannot close: the credential then stays until `expires_on`, when Akamai stops accepting it by itself; its description says where it came from. Keep `expires_in` short.\n\nThe provider's own credentials need IAM access to make credentials for another client (in the sandbox: IAM in that client's `api_access` and `can_auto_create_credential`). Each open (plan and apply each open once) creates its own credential."
                )
                .attribute(
                    Attribute::string("client_id")
                        .required()
                        .description("ID of the API client the credential is for, such as `apiclients_akamai_api_client.<name>.id`."),
                )
                .attribute(
                    Attribute::string("expires_in")
                        .optional()
                        .description("How long after each open or renewal the credential expires, as a duration such as \"30m\" or \"2h\". Default \"1h\"; between 1 minute and 17520h (two years, Akamai's longest).")
                        .validate(Validator::duration()),
                )
                .attribute(
                    Attribute::string("description")
                        .optional()
                        .description(format!("Description of the credential in Akamai. Default \"{DEFAULT_DESCRIPTION}\".")),
                )
                .attribute(
                    Attribute::number("credential_id")
                        .computed()
                        .description("Akamai's ID of the credential."),
                )
                .attribute(
                    Attribute::string("host")
                        .computed()
                        .description("The API client's EdgeGrid host (`host` of an `.edgerc` section), as Akamai reports it (its `baseURL` without the scheme)."),
                )
                .attribute(
                    Attribute::string("client_token")
                        .computed()
                        .sensitive()
                        .description("The credential's client token (`client_token` of an `.edgerc` section)."),
                )
                .attribute(
                    Attribute::string("client_secret")
                        .computed()
                        .sensitive()
                        .description("The credential's client secret (`client_secret` of an `.edgerc` section)."),
                )
                .attribute(
                    Attribute::string("access_token")
                        .computed()
                        .sensitive()
                        .description("The API client's access token (`access_token` of an `.edgerc` section)."),
                )
                .attribute(
                    Attribute::string("expires_on")
                        .computed()
                        .description("When the credential expires unless renewed (RFC 3339): the backstop when a run dies before closing it."),
                ),
        )
    }

    fn validate(&self, config: &EphemeralCredentialState) -> Diagnostics {
        let mut diags = Diagnostics::new();
        if let Tf::Known(text) = &config.expires_in
            && let Some(duration) = tfplugin::duration::parse_duration(text)
            && !(MIN_EXPIRES_IN..=MAX_EXPIRES_IN).contains(&duration)
        {
            diags.push(Diagnostic::invalid_attribute(
                "expires_in",
                format!("expires_in is \"{text}\", outside what the credential can live: use a duration between 1m and 17520h (two years, the latest expiry Akamai allows), such as \"1h\"."),
            ));
        }
        diags
    }

    async fn open(
        &self,
        ctx: &Context,
        config: EphemeralCredentialState,
    ) -> Result<Opened<EphemeralCredentialState, OpenCredential>, Diagnostics> {
        let client = self.handle.akamai()?;
        let Some(client_id) = config.client_id.as_str().map(str::to_owned) else {
            return Err(Diagnostic::incomplete_plan("client_id").into());
        };
        let lifetime = expires_in(&config).unwrap_or(DEFAULT_EXPIRES_IN);
        let description = config
            .description
            .as_str()
            .unwrap_or(DEFAULT_DESCRIPTION)
            .to_owned();
        let detail = match client
            .get_api_client_detail(&client_id, ctx.cancellation())
            .await?
        {
            Some(detail) => detail,
            None => {
                return Err(Diagnostic::error(
                    "API client not found",
                    format!("The Akamai API client {client_id} does not exist, so no credential can be created for it. Check client_id."),
                )
                .at(AttributePath::root("client_id"))
                .into());
            }
        };
        let Some(access_token) = detail.access_token.clone() else {
            return Err(Diagnostic::error(
                "Akamai did not show the client's access token",
                format!("Akamai answered the API client {client_id} without its accessToken, which every EdgeGrid credential needs. The provider's credentials may lack the access to see it."),
            )
            .at(AttributePath::root("client_id"))
            .into());
        };
        let created = create(&client, &client_id, ctx).await?;
        let open = OpenCredential {
            client_id: client_id.clone(),
            credential_id: created.detail.credential_id,
            expires_in_s: lifetime.as_secs(),
            description,
        };
        // The new credential lives two years until this sets its expiry: should it fail, the
        // credential is removed at once rather than left behind.
        let expires_on = match set_expiry(&client, &open, ctx.cancellation()).await {
            Ok(expires_on) => expires_on,
            Err(err) => {
                let fresh = CancellationToken::new();
                let _ = tokio::time::timeout(CANCEL_GRACE, remove(&client, &open, &fresh)).await;
                return Err(err.into());
            }
        };
        let host = detail
            .base_url
            .as_deref()
            .map(bare_host)
            .or_else(|| {
                let url = client.rest().base_url();
                url.host_str().map(|host| match url.port() {
                    Some(port) => format!("{host}:{port}"),
                    None => host.to_owned(),
                })
            })
            .unwrap_or_default();
        let Some(client_token) = created.detail.client_token.clone() else {
            remove_quietly(&client, &open).await;
            return Err(Diagnostic::error(
                "Akamai did not show the credential's client token",
                format!("The create answer for a credential of API client {client_id} had no clientToken; the credential was deleted again."),
            )
            .into());
        };
        tracing::info!(client_id = %client_id, credential_id = open.credential_id, expires_on = %expires_on, "opened an ephemeral Akamai credential");
        let result = EphemeralCredentialState {
            credential_id: Tf::Known(open.credential_id),
            host: Tf::Known(host),
            client_token: Tf::Known(Sensitive::new(client_token)),
            client_secret: Tf::Known(created.client_secret),
            access_token: Tf::Known(access_token),
            expires_on: Tf::Known(expires_on),
            ..config
        };
        let renew_at = SystemTime::now() + refresh_after(lifetime);
        Ok(Opened::new(result, open).renew_at(renew_at))
    }

    async fn renew(
        &self,
        ctx: &Context,
        open: OpenCredential,
    ) -> Result<Renewed<OpenCredential>, Diagnostics> {
        let client = self.handle.akamai()?;
        let expires_on = set_expiry(&client, &open, ctx.cancellation()).await?;
        tracing::debug!(client_id = %open.client_id, credential_id = open.credential_id, expires_on = %expires_on, "renewed an ephemeral Akamai credential");
        Ok(Renewed {
            renew_at: Some(
                SystemTime::now() + refresh_after(Duration::from_secs(open.expires_in_s)),
            ),
            private: open,
        })
    }

    async fn close(&self, ctx: &Context, open: OpenCredential) -> Result<(), Diagnostics> {
        let client = self.handle.akamai()?;
        remove(&client, &open, ctx.cancellation())
            .await
            .map_err(|err| {
                Diagnostics::from(Diagnostic::error(
                    "Cannot delete the ephemeral Akamai credential",
                    format!(
                        "Credential {} of API client {} could not be deactivated and deleted: {err}. It expires by itself at the expiry it was given; delete it sooner in Akamai Control Center or with the IAM API.",
                        open.credential_id, open.client_id
                    ),
                ))
            })?;
        tracing::info!(client_id = %open.client_id, credential_id = open.credential_id, "closed an ephemeral Akamai credential");
        Ok(())
    }
}

/// Sets the credential to expire `expires_in_s` from now, active; answers the expiry.
async fn set_expiry(
    client: &AkamaiClient,
    open: &OpenCredential,
    cancel: &CancellationToken,
) -> Result<String, HttpError> {
    let expires_on = akamai_time(SystemTime::now() + Duration::from_secs(open.expires_in_s));
    let request = UpdateCredentialRequest {
        description: Some(open.description.clone()),
        expires_on: expires_on.clone(),
        status: "ACTIVE".to_owned(),
    };
    let found = client
        .update_credential(&open.client_id, open.credential_id, &request, cancel)
        .await?;
    if found {
        Ok(expires_on)
    } else {
        Err(HttpError::InvalidResponse {
            vendor: crate::http::Vendor::Akamai,
            method: "PUT".to_owned(),
            path: format!(
                "/identity-management/v3/api-clients/{}/credentials/{}",
                open.client_id, open.credential_id
            ),
            message: "the credential is gone (404)".to_owned(),
        })
    }
}

/// Deactivates and deletes (Akamai deletes only inactive credentials); gone already is done.
async fn remove(
    client: &AkamaiClient,
    open: &OpenCredential,
    cancel: &CancellationToken,
) -> Result<(), HttpError> {
    client
        .deactivate_credential(&open.client_id, open.credential_id, cancel)
        .await?;
    client
        .delete_credential(&open.client_id, open.credential_id, cancel)
        .await
        .map(drop)
}

async fn remove_quietly(client: &AkamaiClient, open: &OpenCredential) {
    let fresh = CancellationToken::new();
    if let Ok(Err(err)) = tokio::time::timeout(CANCEL_GRACE, remove(client, open, &fresh)).await {
        tracing::warn!(error = %err, credential_id = open.credential_id, "cannot delete an ephemeral credential after a failed open; it expires by itself");
    }
}

/// Creates the credential as the credential resource does ([`create_explained`]: a lost answer
/// never leaves a second credential, a locked client is named as the cause of a refusal); an
/// answer lost with its secret is an error here, since an ephemeral credential has no state.
async fn create(
    client: &AkamaiClient,
    client_id: &str,
    ctx: &Context,
) -> Result<NewCredential, Diagnostics> {
    let owner = format!("Akamai API client {client_id}");
    match create_explained(client, client_id, ctx).await? {
        Outcome::Created(created) => Ok(created),
        Outcome::Recovered(remote) => Err(lost(client_id, remote.credential_id)),
        Outcome::LostSecret(id) => Err(lost(client_id, id)),
        Outcome::Ambiguous(ids) => {
            Err(ambiguous_create(Subject::CredentialOf { client: &owner }, &ids).into())
        }
    }
}

fn lost(client_id: &str, credential_id: i64) -> Diagnostics {
    Diagnostic::error(
        "Ephemeral credential created, but its secret was lost",
        format!("The answer to the create of a credential of Akamai API client {client_id} was lost, and with it the secret, which Akamai shows only in that answer. The credential (ID {credential_id}) could not be deleted: deactivate and delete it, or it stays valid until Akamai's default expiry."),
    )
    .at(AttributePath::root("client_id"))
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expires_in_is_checked_against_akamais_bounds() {
        let resource = EphemeralCredential::new(ProviderHandle::default());
        let config = |text: &str| EphemeralCredentialState {
            expires_in: Tf::Known(text.to_owned()),
            ..Default::default()
        };
        for ok in ["1m", "1h", "17520h"] {
            assert!(resource.validate(&config(ok)).0.is_empty(), "{ok}");
        }
        for bad in ["30s", "17521h"] {
            let diags = resource.validate(&config(bad));
            assert_eq!(diags.0.len(), 1, "{bad}");
            assert_eq!(diags.0[0].path, Some(AttributePath::root("expires_in")));
            assert!(
                diags.0[0].detail.contains("between 1m and 17520h"),
                "{diags:?}"
            );
        }
        assert_eq!(
            expires_in(&EphemeralCredentialState::default()),
            Some(DEFAULT_EXPIRES_IN)
        );
    }

    #[test]
    fn times_carry_milliseconds_and_hosts_lose_their_scheme() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        assert_eq!(akamai_time(at), "2027-01-15T08:00:00.000Z");
        assert_eq!(
            bare_host("https://akab-x.luna.akamaiapis.net/"),
            "akab-x.luna.akamaiapis.net"
        );
        assert_eq!(
            bare_host("akab-x.luna.akamaiapis.net"),
            "akab-x.luna.akamaiapis.net"
        );
    }
}
