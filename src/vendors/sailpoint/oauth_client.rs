//! `apiclients_sailpoint_oauth_client`: one SailPoint Identity Security Cloud OAuth client
//! (`/beta/oauth-clients`), with its secret captured from the create response (the only place the
//! API ever shows it).
//!
//! Planning rules, and why:
//! * `redirect_uris`, `grant_types` and `scope` are sets: their order means nothing to the API, and
//!   a list would show a perpetual diff if the tenant reordered them.
//! * Attributes the tenant fills when they are omitted (`type`, `internal`, `scope`,
//!   `refresh_token_validity_seconds`, `strong_auth_supported`, `claims_supported`) are optional +
//!   computed and keep their state value when left out, so the server's default lands in state
//!   without a diff and removing one from the configuration changes nothing remotely.
//! * `type`, `internal` and `scope` are not patchable: a change replaces the client.
//! * `modified` and `last_used` are only refreshed by reads and updates; a change made behind
//!   Terraform's back (a client used, so `last_used` moves) is a refresh, never a planned diff.

use std::collections::BTreeSet;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::api::{
    AccessType, ClientType, CreateOAuthClientRequest, CreateOAuthClientResponse,
    GetOAuthClientResponse, GrantType, JsonPatchOp, SailPointClient,
};
use crate::handle::ProviderHandle;
use crate::http::RunRecord;
use crate::http::existing::parse_timestamp;
use crate::http::recovery::{CANCEL_GRACE, Outcome, Recoverable, create_with_recovery};
use crate::http::{CancellationToken, HttpError, Vendor};
use crate::vendors::create::{ambiguous_create, lost_secret};
use std::time::SystemTime;
use tfplugin::IdentitySchema;
use tfplugin::{
    Attribute, Block, Context, Diagnostic, Diagnostics, PlanChange, Resource, Schema, Sensitive,
    Tf, Type, Validator,
};

/// Type name after the provider prefix.
pub const TYPE_NAME: &str = "sailpoint_oauth_client";

const DESCRIPTION: &str = r#"Manages an OAuth client (API client) of SailPoint Identity Security Cloud, through the
`/{version}/oauth-clients` API (the provider's `sailpoint { api_version }`, `v3` by default).

The provider must authenticate with a **personal access token** (its client ID and secret): SailPoint
only allows creating, changing and deleting OAuth clients with a token that carries a user context.

## The secret

SailPoint returns the client secret **only in the response to the create call**. The provider stores
it in the state (as a sensitive value) and keeps it there across refreshes and updates. There is no
way to read it again, so:

* after `terraform import`, `secret` is **null** (replace the client, for example with
  `terraform apply -replace=...`, if you need a secret Terraform knows);
* if the outcome of a create is unknown (connection lost after sending it, a gateway error, or
  Terraform cancelled after it was sent), the provider compares the clients of that name with those
  that existed before, so it never creates a duplicate and never touches a client it did not make;
  when it finds the client the create made, it deletes it and creates it again (within
  `max_retries`), so the apply still ends with a known secret. Only when that delete fails is the
  client recorded without a secret and tainted, so that the next apply replaces it.

## Changes

`name`, `description`, `business_name`, `homepage_url`, the validity periods, `redirect_uris`,
`grant_types`, `access_type`, `enabled`, `strong_auth_supported` and `claims_supported` are changed
in place with one JSON Patch request carrying only the changed fields (a cleared optional field is
set to null). A change of `type`, `internal` or `scope` replaces the client (new ID, new secret).

Attributes SailPoint fills when they are omitted (`type`, `internal`, `scope`,
`refresh_token_validity_seconds`, `strong_auth_supported`, `claims_supported`) take the tenant's
value into the state; removing one of them from the configuration later keeps the current value.

`last_used` is updated by SailPoint at most once a day; it is refreshed on every read and never
causes a diff."#;

/// The resource state; one field per attribute of the schema.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct OAuthClientState {
    pub id: Tf<String>,
    pub name: Tf<String>,
    pub description: Tf<String>,
    pub business_name: Tf<String>,
    pub homepage_url: Tf<String>,
    pub access_token_validity_seconds: Tf<i64>,
    pub refresh_token_validity_seconds: Tf<i64>,
    pub redirect_uris: Tf<BTreeSet<String>>,
    pub grant_types: Tf<BTreeSet<String>>,
    pub access_type: Tf<String>,
    #[serde(rename = "type")]
    pub client_type: Tf<String>,
    pub internal: Tf<bool>,
    pub enabled: Tf<bool>,
    pub strong_auth_supported: Tf<bool>,
    pub claims_supported: Tf<bool>,
    pub scope: Tf<BTreeSet<String>>,
    pub secret: Tf<Sensitive<String>>,
    pub created: Tf<String>,
    pub modified: Tf<String>,
    pub last_used: Tf<String>,
    /// The `timeouts` block (see `tfplugin::timeouts`).
    pub timeouts: Tf<tfplugin::Timeouts>,
}

/// The `apiclients_sailpoint_oauth_client` resource.
#[derive(Debug, Clone)]
pub struct OAuthClientResource {
    handle: ProviderHandle,
}

impl OAuthClientResource {
    pub fn new(handle: ProviderHandle) -> Self {
        Self { handle }
    }
}

#[async_trait]
impl Resource for OAuthClientResource {
    type State = OAuthClientState;

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
                        .description("ID of the OAuth client (its client ID), assigned by SailPoint."),
                )
                .attribute(
                    Attribute::string("name")
                        .required()
                        .validate(Validator::non_empty())
                        .description("Name of the client."),
                )
                .attribute(
                    Attribute::string("description")
                        .required()
                        .description("Description of the client."),
                )
                .attribute(
                    Attribute::string("business_name")
                        .optional()
                        .description("Name of the business the client belongs to."),
                )
                .attribute(
                    Attribute::string("homepage_url")
                        .optional()
                        .validate(Validator::url())
                        .description("Home page of the client: an absolute http:// or https:// URL."),
                )
                .attribute(
                    Attribute::number("access_token_validity_seconds")
                        .required()
                        .validate(Validator::int_range(1, i32::MAX.into()))
                        .description("Lifetime of the access tokens issued to the client, in seconds (1 to 2147483647)."),
                )
                .attribute(
                    Attribute::number("refresh_token_validity_seconds")
                        .optional()
                        .computed()
                        .validate(Validator::int_range(1, i32::MAX.into()))
                        .use_state_for_unknown()
                        .description("Lifetime of the refresh tokens issued to the client, in seconds (1 to 2147483647). When omitted, the tenant's default applies and is stored in the state."),
                )
                .attribute(
                    Attribute::set("redirect_uris", Type::String)
                        .optional()
                        .validate(Validator::not_empty_collection())
                        .description("Redirect URIs (absolute URIs without a fragment). At least one is required with the AUTHORIZATION_CODE grant type. A set: the order is not significant."),
                )
                .attribute(
                    Attribute::set("grant_types", Type::String)
                        .required()
                        .validate(Validator::not_empty_collection())
                        .validate(Validator::each(Validator::one_of(GrantType::NAMES)))
                        .description("Grant types the client may use: CLIENT_CREDENTIALS, AUTHORIZATION_CODE and/or REFRESH_TOKEN."),
                )
                .attribute(
                    Attribute::string("access_type")
                        .required()
                        .validate(Validator::one_of(AccessType::NAMES))
                        .description("ONLINE (no refresh tokens) or OFFLINE."),
                )
                .attribute(
                    Attribute::string("type")
                        .optional()
                        .computed()
                        .use_state_for_unknown()
                        .requires_replace()
                        .validate(Validator::one_of(ClientType::NAMES))
                        .description("CONFIDENTIAL or PUBLIC. Changing it replaces the client. When omitted, SailPoint's default (CONFIDENTIAL) is stored in the state."),
                )
                .attribute(
                    Attribute::bool("internal")
                        .optional()
                        .computed()
                        .use_state_for_unknown()
                        .requires_replace()
                        .description("Whether the client is internal to SailPoint. Changing it replaces the client."),
                )
                .attribute(
                    Attribute::bool("enabled")
                        .default(true)
                        .description("Whether the client may obtain tokens. Defaults to true."),
                )
                .attribute(
                    Attribute::bool("strong_auth_supported")
                        .optional()
                        .computed()
                        .use_state_for_unknown()
                        .description("Whether the client supports strong authentication."),
                )
                .attribute(
                    Attribute::bool("claims_supported")
                        .optional()
                        .computed()
                        .use_state_for_unknown()
                        .description("Whether the client supports OpenID Connect claims."),
                )
                .attribute(
                    Attribute::set("scope", Type::String)
                        .optional()
                        .computed()
                        .use_state_for_unknown()
                        .requires_replace()
                        .validate(Validator::not_empty_collection())
                        .description("Scopes of the client. When omitted, SailPoint assigns sp:scopes:all, which is stored in the state. Changing it replaces the client."),
                )
                .attribute(
                    Attribute::string("secret")
                        .computed()
                        .sensitive()
                        .use_state_for_unknown()
                        .description("The client secret, returned by SailPoint only when the client is created. Null after an import."),
                )
                .attribute(
                    Attribute::string("created")
                        .computed()
                        .use_state_for_unknown()
                        .description("When the client was created (RFC 3339)."),
                )
                .attribute(
                    Attribute::string("modified")
                        .computed()
                        .description("When the client was last changed (RFC 3339)."),
                )
                .attribute(
                    Attribute::string("last_used")
                        .computed()
                        .description("When the client was last used (RFC 3339), null if never; SailPoint updates it at most once a day."),
                ),
        )
    }

    fn validate(&self, config: &OAuthClientState) -> Diagnostics {
        let mut diags = Diagnostics::new();
        // Each grant type is checked by the schema's validator; this rule relates two attributes.
        if let Tf::Known(grants) = &config.grant_types
            && grants.contains(GrantType::AuthorizationCode.as_str())
            && config.redirect_uris.is_null()
        {
            diags.push(Diagnostic::invalid_attribute(
                "redirect_uris",
                "redirect_uris must contain at least one URI when grant_types includes AUTHORIZATION_CODE. Add the client's redirect URIs or remove that grant type.".to_owned(),
            ));
        }
        if let Tf::Known(uris) = &config.redirect_uris {
            for uri in uris {
                if let Some(problem) = redirect_uri_problem(uri) {
                    diags.push(Diagnostic::invalid_attribute(
                        "redirect_uris",
                        format!("redirect_uris contains {uri:?}, which {problem}. Use an absolute URI such as \"https://app.example.com/callback\"."),
                    ));
                }
            }
        }
        if let Tf::Known(scopes) = &config.scope
            && scopes.iter().any(|s| s.trim().is_empty())
        {
            diags.push(Diagnostic::invalid_attribute(
                "scope",
                "scope contains an empty string; every scope must be a non-blank name such as \"sp:scopes:all\".".to_owned(),
            ));
        }
        diags
    }

    async fn read(
        &self,
        ctx: &Context,
        state: OAuthClientState,
    ) -> Result<Option<OAuthClientState>, Diagnostics> {
        let Some(id) = state.id.as_str() else {
            return Ok(None);
        };
        let client = self.handle.sailpoint()?;
        let cancel = ctx.cancellation();
        // A listed client shows every field a GET does; neither shows the secret.
        let (found, _) = client
            .reads()
            .read(
                "",
                id,
                |page| client.list_page(page, cancel),
                |listed| Some(listed.clone()),
                || client.get(id, cancel),
            )
            .await?;
        // GET never returns the secret: the one from the create response stays.
        Ok(found.map(|remote| state_from_remote(&remote, state.secret)))
    }

    async fn modify_plan(
        &self,
        _ctx: &Context,
        change: &mut PlanChange<OAuthClientState>,
    ) -> Result<(), Diagnostics> {
        self.handle.check_configured(Vendor::SailPoint)?;
        // After an import the secret is null and stays null through updates (only a create
        // returns one); planning it unknown would show a pointless "(sensitive value)" change.
        if let Some(prior) = &change.prior
            && prior.secret.is_null()
            && change.requires_replace.is_empty()
        {
            change.planned.secret = Tf::Null;
        }
        Ok(())
    }

    async fn create(
        &self,
        ctx: &Context,
        planned: OAuthClientState,
        _config: OAuthClientState,
    ) -> Result<OAuthClientState, Diagnostics> {
        let request = create_request(&planned)?;
        let client = self.handle.sailpoint()?;
        create_without_duplicate(&client, &request, ctx).await
    }

    async fn update(
        &self,
        ctx: &Context,
        prior: OAuthClientState,
        planned: OAuthClientState,
        _config: OAuthClientState,
    ) -> Result<OAuthClientState, Diagnostics> {
        let Some(id) = prior.id.as_str() else {
            return Err(Diagnostic::error(
                "Missing OAuth client ID",
                "The state has no ID for this OAuth client; remove it from the state and import it again.",
            )
            .into());
        };
        let client = self.handle.sailpoint()?;
        let operations = patch_operations(&prior, &planned);
        let remote = if operations.is_empty() {
            client.get(id, ctx.cancellation()).await?
        } else {
            match client.patch(id, operations, ctx.cancellation()).await {
                Ok(remote) => Some(remote),
                Err(err) if err.is_not_found() => None,
                Err(err) => return Err(Diagnostic::from(err).into()),
            }
        };
        let Some(remote) = remote else {
            return Err(Diagnostic::error(
                "OAuth client not found",
                format!("The SailPoint OAuth client {id} was deleted outside Terraform. Run terraform plan again: it will plan to create it."),
            )
            .into());
        };
        Ok(state_from_remote(&remote, prior.secret))
    }

    async fn delete(&self, ctx: &Context, prior: OAuthClientState) -> Result<(), Diagnostics> {
        let Some(id) = prior.id.as_str() else {
            return Ok(());
        };
        let client = self.handle.sailpoint()?;
        // A 404 counts as deleted (the client handles it).
        client.delete(id, ctx.cancellation()).await?;
        Ok(())
    }

    async fn import(&self, _ctx: &Context, id: &str) -> Result<OAuthClientState, Diagnostics> {
        let id = id.trim();
        if id.is_empty() {
            return Err(Diagnostic::error(
                "Missing OAuth client ID",
                "Import needs the ID of the SailPoint OAuth client, such as: terraform import apiclients_sailpoint_oauth_client.example 2c9180835d2e5168015d32f890ca1581",
            )
            .into());
        }
        Ok(OAuthClientState {
            id: Tf::Known(id.to_owned()),
            ..Default::default()
        })
    }

    fn identity(&self) -> Option<IdentitySchema> {
        Some(identity())
    }
}

/// The identity: the client's ID.
pub(super) fn identity() -> IdentitySchema {
    IdentitySchema::new().required("id", "The OAuth client's ID, as `id` of the API.")
}

/// Why `uri` is not an acceptable redirect URI, if it is not.
fn redirect_uri_problem(uri: &str) -> Option<&'static str> {
    match url::Url::parse(uri) {
        Err(_) => Some("is not an absolute URI"),
        Ok(parsed) if parsed.fragment().is_some() => {
            Some("has a fragment (#...), which OAuth 2.0 forbids in a redirect URI")
        }
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && !parsed.has_host() => {
            Some("has no host")
        }
        Ok(_) => None,
    }
}

fn seconds(attribute: &str, value: &Tf<i64>) -> Result<Option<i32>, Diagnostic> {
    match value {
        Tf::Known(n) => i32::try_from(*n).map(Some).map_err(|_| {
            Diagnostic::invalid_attribute(
                attribute,
                format!("{attribute} must be between 1 and 2147483647, but it is {n}."),
            )
        }),
        _ => Ok(None),
    }
}

fn parse_enum<T>(
    attribute: &str,
    value: &str,
    parse: fn(&str) -> Option<T>,
    names: &[&str],
) -> Result<T, Diagnostic> {
    parse(value).ok_or_else(|| {
        Diagnostic::invalid_attribute(
            attribute,
            format!(
                "{attribute} is {value:?}, but it must be one of: {}.",
                names.join(", ")
            ),
        )
    })
}

/// The `CreateOAuthClientRequest` for a planned state. Unknown optional values are omitted, so
/// the tenant applies its defaults.
fn create_request(planned: &OAuthClientState) -> Result<CreateOAuthClientRequest, Diagnostics> {
    let name = planned
        .name
        .known()
        .ok_or_else(|| Diagnostic::incomplete_plan("name"))?;
    let description = planned
        .description
        .known()
        .ok_or_else(|| Diagnostic::incomplete_plan("description"))?;
    let access_token_validity_seconds = seconds(
        "access_token_validity_seconds",
        &planned.access_token_validity_seconds,
    )?
    .ok_or_else(|| Diagnostic::incomplete_plan("access_token_validity_seconds"))?;
    let grant_types = planned
        .grant_types
        .known()
        .ok_or_else(|| Diagnostic::incomplete_plan("grant_types"))?
        .iter()
        .map(|g| parse_enum("grant_types", g, GrantType::from_name, GrantType::NAMES))
        .collect::<Result<Vec<_>, _>>()?;
    let access_type = parse_enum(
        "access_type",
        planned
            .access_type
            .as_str()
            .ok_or_else(|| Diagnostic::incomplete_plan("access_type"))?,
        AccessType::from_name,
        AccessType::NAMES,
    )?;
    let client_type = match planned.client_type.as_str() {
        Some(t) => Some(parse_enum(
            "type",
            t,
            ClientType::from_name,
            ClientType::NAMES,
        )?),
        None => None,
    };
    Ok(CreateOAuthClientRequest {
        business_name: planned.business_name.known().cloned(),
        homepage_url: planned.homepage_url.known().cloned(),
        name: name.clone(),
        description: description.clone(),
        access_token_validity_seconds,
        refresh_token_validity_seconds: seconds(
            "refresh_token_validity_seconds",
            &planned.refresh_token_validity_seconds,
        )?,
        redirect_uris: planned
            .redirect_uris
            .known()
            .map(|uris| uris.iter().cloned().collect()),
        grant_types,
        access_type,
        client_type,
        internal: planned.internal.known().copied(),
        enabled: planned.enabled.known().copied().unwrap_or(true),
        strong_auth_supported: planned.strong_auth_supported.known().copied(),
        claims_supported: planned.claims_supported.known().copied(),
        scope: planned
            .scope
            .known()
            .map(|scopes| scopes.iter().cloned().collect()),
    })
}

/// The create of one SailPoint OAuth client, for [`create_with_recovery`].
struct CreateClient<'a> {
    client: &'a SailPointClient,
    request: &'a CreateOAuthClientRequest,
}

#[async_trait]
impl Recoverable for CreateClient<'_> {
    type Created = CreateOAuthClientResponse;
    type Listed = GetOAuthClientResponse;
    type Id = String;

    async fn create(&self, cancel: &CancellationToken) -> Result<Self::Created, HttpError> {
        self.client.create(self.request, cancel).await
    }

    async fn candidates(&self, cancel: &CancellationToken) -> Result<Vec<Self::Listed>, HttpError> {
        self.client.find_by_name(&self.request.name, cancel).await
    }

    fn id(&self, listed: &Self::Listed) -> String {
        listed.id.clone()
    }

    fn matches(&self, listed: &Self::Listed) -> bool {
        matches_request(listed, self.request)
    }

    /// SailPoint shows the secret only in the create answer.
    fn secret_only_in_answer(&self) -> bool {
        true
    }

    async fn delete(&self, id: &String, cancel: &CancellationToken) -> Result<(), HttpError> {
        self.client.delete(id, cancel).await
    }

    async fn record(&self, cancel: &CancellationToken) -> Result<Option<RunRecord<'_>>, HttpError> {
        self.client.existing(cancel).await
    }

    fn created_at(&self, listed: &Self::Listed) -> Option<SystemTime> {
        parse_timestamp(listed.created.as_deref())
    }
}

/// Creates the client through [`create_with_recovery`], so that a lost answer never leads to a
/// duplicate, and records it as partial state as soon as it exists.
async fn create_without_duplicate(
    client: &SailPointClient,
    request: &CreateOAuthClientRequest,
    ctx: &Context,
) -> Result<OAuthClientState, Diagnostics> {
    let cancel = ctx.cancellation();
    let max_retries = client.rest().transport().policy().max_retries;
    let create = CreateClient { client, request };
    let lost = |id: String| async move {
        // Recorded without a secret (tainted): the next apply replaces it. A fresh token, bounded,
        // because Terraform's may have fired.
        let fresh = CancellationToken::new();
        if let Ok(Ok(Some(remote))) =
            tokio::time::timeout(CANCEL_GRACE, client.get(&id, &fresh)).await
        {
            ctx.record_partial_state(&state_from_remote(&remote, Tf::Null));
        }
        Err(lost_secret("SailPoint OAuth client", &request.name, &id).into())
    };
    match create_with_recovery(&create, max_retries, cancel).await? {
        Outcome::Created(created) => {
            let secret = created.secret().cloned();
            let state = state_from_remote(&created.client, Tf::from_option(secret));
            // The client exists now: whatever fails later, Terraform must keep it (and the
            // secret, which no later call can return).
            ctx.record_partial_state(&state);
            Ok(state)
        }
        Outcome::Recovered(remote) => lost(remote.id).await,
        Outcome::LostSecret(id) => lost(id).await,
        Outcome::Ambiguous(ids) => {
            Err(ambiguous_create("SailPoint OAuth client", &request.name, &ids).into())
        }
    }
}

/// Whether a listed client has the settings a create request asked for.
fn matches_request(remote: &GetOAuthClientResponse, request: &CreateOAuthClientRequest) -> bool {
    let same_grants = remote.grant_types.as_ref().is_some_and(|grants| {
        grants
            .iter()
            .copied()
            .map(GrantType::as_str)
            .collect::<BTreeSet<_>>()
            == request
                .grant_types
                .iter()
                .copied()
                .map(GrantType::as_str)
                .collect()
    });
    remote.name.as_deref() == Some(request.name.as_str())
        && remote.description.as_deref() == Some(request.description.as_str())
        && remote.access_token_validity_seconds == Some(request.access_token_validity_seconds)
        && remote.access_type == Some(request.access_type)
        && request
            .client_type
            .is_none_or(|t| remote.client_type == Some(t))
        && same_grants
}

fn string_set(values: &Option<Vec<String>>) -> Tf<BTreeSet<String>> {
    Tf::from_option(values.as_ref().map(|v| v.iter().cloned().collect()))
}

/// The state for a client as the API returns it, with the secret known from elsewhere.
pub(super) fn state_from_remote(
    remote: &GetOAuthClientResponse,
    secret: Tf<Sensitive<String>>,
) -> OAuthClientState {
    // An empty list and null mean the same (no redirect URIs); the schema forbids an empty set,
    // so null is the one spelling that matches a configuration.
    let redirect_uris = match &remote.redirect_uris {
        Some(uris) if uris.is_empty() => Tf::Null,
        other => string_set(other),
    };
    OAuthClientState {
        // The framework keeps the configuration's block in every state it answers with.
        timeouts: Tf::Null,
        id: Tf::Known(remote.id.clone()),
        name: Tf::from_option(remote.name.clone()),
        description: Tf::from_option(remote.description.clone()),
        business_name: Tf::from_option(remote.business_name.clone()),
        homepage_url: Tf::from_option(remote.homepage_url.clone()),
        access_token_validity_seconds: Tf::from_option(
            remote.access_token_validity_seconds.map(i64::from),
        ),
        refresh_token_validity_seconds: Tf::from_option(
            remote.refresh_token_validity_seconds.map(i64::from),
        ),
        redirect_uris,
        grant_types: Tf::from_option(remote.grant_types.as_ref().map(|grants| {
            grants
                .iter()
                .map(|g| g.as_str().to_owned())
                .collect::<BTreeSet<_>>()
        })),
        access_type: Tf::from_option(remote.access_type.map(|a| a.as_str().to_owned())),
        client_type: Tf::from_option(remote.client_type.map(|t| t.as_str().to_owned())),
        internal: Tf::from_option(remote.internal),
        enabled: Tf::from_option(remote.enabled),
        strong_auth_supported: Tf::from_option(remote.strong_auth_supported),
        claims_supported: Tf::from_option(remote.claims_supported),
        scope: string_set(&remote.scope),
        secret,
        created: Tf::from_option(remote.created.clone()),
        modified: Tf::from_option(remote.modified.clone()),
        last_used: Tf::from_option(remote.last_used.clone()),
    }
}

fn json_of<T: Serialize>(value: &Tf<T>) -> Option<Json> {
    match value {
        Tf::Unknown => None,
        Tf::Null => Some(Json::Null),
        Tf::Known(v) => serde_json::to_value(v).ok(),
    }
}

/// One `replace` operation per patchable field whose planned value differs from the prior one; a
/// cleared optional field is replaced with null. Replace-only patches are idempotent, so the REST
/// core may retry them.
fn patch_operations(prior: &OAuthClientState, planned: &OAuthClientState) -> Vec<JsonPatchOp> {
    let fields: [(&str, Option<Json>, Option<Json>); 12] = [
        (
            "businessName",
            json_of(&prior.business_name),
            json_of(&planned.business_name),
        ),
        (
            "homepageUrl",
            json_of(&prior.homepage_url),
            json_of(&planned.homepage_url),
        ),
        ("name", json_of(&prior.name), json_of(&planned.name)),
        (
            "description",
            json_of(&prior.description),
            json_of(&planned.description),
        ),
        (
            "accessTokenValiditySeconds",
            json_of(&prior.access_token_validity_seconds),
            json_of(&planned.access_token_validity_seconds),
        ),
        (
            "refreshTokenValiditySeconds",
            json_of(&prior.refresh_token_validity_seconds),
            json_of(&planned.refresh_token_validity_seconds),
        ),
        (
            "redirectUris",
            json_of(&prior.redirect_uris),
            json_of(&planned.redirect_uris),
        ),
        (
            "grantTypes",
            json_of(&prior.grant_types),
            json_of(&planned.grant_types),
        ),
        (
            "accessType",
            json_of(&prior.access_type),
            json_of(&planned.access_type),
        ),
        (
            "enabled",
            json_of(&prior.enabled),
            json_of(&planned.enabled),
        ),
        (
            "strongAuthSupported",
            json_of(&prior.strong_auth_supported),
            json_of(&planned.strong_auth_supported),
        ),
        (
            "claimsSupported",
            json_of(&prior.claims_supported),
            json_of(&planned.claims_supported),
        ),
    ];
    fields
        .into_iter()
        .filter_map(|(path, before, after)| {
            let after = after?;
            (before.as_ref() != Some(&after))
                .then(|| JsonPatchOp::replace(format!("/{path}"), after))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> OAuthClientState {
        OAuthClientState {
            id: Tf::Known("abc".into()),
            name: Tf::Known("ci".into()),
            description: Tf::Known("CI".into()),
            business_name: Tf::Known("Acme".into()),
            access_token_validity_seconds: Tf::Known(750),
            refresh_token_validity_seconds: Tf::Known(86_400),
            grant_types: Tf::Known(BTreeSet::from(["CLIENT_CREDENTIALS".to_owned()])),
            access_type: Tf::Known("ONLINE".into()),
            client_type: Tf::Known("CONFIDENTIAL".into()),
            internal: Tf::Known(false),
            enabled: Tf::Known(true),
            strong_auth_supported: Tf::Known(false),
            claims_supported: Tf::Known(false),
            scope: Tf::Known(BTreeSet::from(["sp:scopes:all".to_owned()])),
            secret: Tf::Known("s3cr3t-value".into()),
            ..Default::default()
        }
    }

    #[test]
    fn patch_carries_only_changed_fields_and_nulls_cleared_ones() {
        let prior = state();
        let mut planned = prior.clone();
        planned.enabled = Tf::Known(false);
        planned.business_name = Tf::Null;
        planned.modified = Tf::Unknown;
        let ops = serde_json::to_value(patch_operations(&prior, &planned)).unwrap();
        assert_eq!(
            ops,
            serde_json::json!([
                {"op": "replace", "path": "/businessName", "value": null},
                {"op": "replace", "path": "/enabled", "value": false},
            ])
        );
        assert!(patch_operations(&prior, &prior).is_empty());
    }

    #[test]
    fn validation_names_the_attribute() {
        let resource = OAuthClientResource::new(ProviderHandle::default());
        let mut config = state();
        config.access_token_validity_seconds = Tf::Known(-5);
        config.grant_types = Tf::Known(BTreeSet::from([
            "AUTHORIZATION_CODE".to_owned(),
            "IMPLICIT".to_owned(),
        ]));
        // The schema's validators check each attribute; the resource relates them.
        let schema = Resource::schema(&resource);
        let value = tfplugin::to_value(&config, &schema.value_type()).unwrap();
        let mut diags = tfplugin::Diagnostics::new();
        tfplugin::validate::validate_block(
            &schema.block,
            &value,
            &tfplugin::AttributePath::default(),
            &mut diags,
        );
        diags.extend(Resource::validate(&resource, &config));
        let paths: Vec<String> = diags
            .iter()
            .filter_map(|d| d.path.as_ref().map(|p| p.to_string()))
            .collect();
        assert_eq!(
            paths,
            [
                "access_token_validity_seconds",
                "grant_types",
                "redirect_uris"
            ],
            "{diags:?}"
        );
        config.grant_types = Tf::Known(BTreeSet::from(["AUTHORIZATION_CODE".to_owned()]));
        config.access_token_validity_seconds = Tf::Known(60);
        config.redirect_uris = Tf::Known(BTreeSet::from([
            "https://app.example.com/cb".to_owned(),
            "com.example.app:/callback".to_owned(),
        ]));
        assert!(Resource::validate(&resource, &config).is_empty());
        config.redirect_uris = Tf::Known(BTreeSet::from(["not a uri".to_owned()]));
        assert_eq!(Resource::validate(&resource, &config).iter().count(), 1);
    }

    #[test]
    fn debug_hides_the_secret() {
        assert!(!format!("{:?}", state()).contains("s3cr3t"));
    }

    #[test]
    fn remote_empty_redirect_uris_read_as_null() {
        let remote: GetOAuthClientResponse = serde_json::from_value(serde_json::json!({
            "id": "x", "name": "n", "redirectUris": [], "grantTypes": ["CLIENT_CREDENTIALS"],
            "scope": ["sp:scopes:all"], "secret": null
        }))
        .unwrap();
        let state = state_from_remote(&remote, Tf::Known("kept".into()));
        assert!(state.redirect_uris.is_null());
        assert_eq!(state.secret, Tf::Known("kept".into()));
        assert_eq!(
            state.grant_types,
            Tf::Known(BTreeSet::from(["CLIENT_CREDENTIALS".to_owned()]))
        );
    }
}
