//! `apiclients_akamai_api_client`: one Akamai IAM API client (`/identity-management/v3/api-clients`):
//! who may call which Akamai APIs. Its credentials are a separate resource
//! ([`super::api_client_credential`]), so a credential secret's lifecycle is always explicit: this
//! resource never asks the API to create one (`createCredential` is false).
//!
//! Planning rules, and why:
//! * `client_name` cannot change through the API (Akamai's own provider refuses the change, the
//!   sandbox answers 400), and `clientType` is not part of the update body: both replace.
//! * `notification_emails` is optional + computed: Akamai fills it with the creator's address when
//!   it is omitted, and that value lands in state without a diff. An explicit empty set is honoured
//!   with a second PUT, as Akamai's own provider does.
//! * What Akamai derives from the configuration (API names, group names, the groups cloned from
//!   the user) is not part of the schema, so it can never show as a diff: with
//!   `all_accessible_apis` or `clone_authorized_user_groups` true the lists are null.
//! * The client description comes back as `""` when unset; it reads as null.
//! * `lock` maps to `PUT …/lock` and `…/unlock`; a locked client refuses changes, so an update
//!   unlocks it first and locks it again afterwards.

use std::collections::{BTreeMap, BTreeSet};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::api::{
    ApiAccess, ApiClientDetail, ApiClientRequest, ApiGrant, GroupAccess, GroupGrant, IpAcl,
};
use super::client::AkamaiClient;
use crate::handle::ProviderHandle;
use crate::http::RunRecord;
use crate::http::existing::parse_timestamp;
use crate::http::recovery::{CANCEL_GRACE, Outcome, Recoverable, create_with_recovery};
use crate::http::{CancellationToken, HttpError, Vendor};
use crate::vendors::create::{ambiguous_create, lost_secret};
use std::time::SystemTime;
use tfplugin::IdentitySchema;
use tfplugin::{
    Attribute, AttributePath, Block, Context, Diagnostic, Diagnostics, PlanChange, Resource,
    Schema, Sensitive, Tf, Type, Validator,
};

/// Type name after the provider prefix.
pub const TYPE_NAME: &str = "akamai_api_client";

/// Client types of the create body (`api-client-post-request-v3`).
pub const CLIENT_TYPES: [&str; 2] = ["CLIENT", "USER_CLIENT"];

/// Access levels per API: the spec's two plus the credential-only ones Akamai's provider accepts.
pub const ACCESS_LEVELS: [&str; 4] = [
    "READ-ONLY",
    "READ-WRITE",
    "CREDENTIAL-READ-ONLY",
    "CREDENTIAL-READ-WRITE",
];

const DESCRIPTION: &str = r#"Manages an Akamai Identity and Access Management (IAM) **API client**: which user it acts for,
which Akamai APIs it may call and in which groups, through the `/identity-management/v3/api-clients`
API. The provider signs its calls with EdgeGrid (configure the `akamai` block or `~/.edgerc`).

This resource never creates credentials: manage them with `apiclients_akamai_api_client_credential`,
so that every client secret is created, rotated and deleted explicitly.

## Changes

Everything but `client_name` and `client_type` is changed in place (one `PUT`, a full replace of the
client's settings). Akamai cannot rename a client, and the client type is fixed at creation: changing
either replaces the client (a new ID, a new access token, and its credentials are gone with it).

`lock = true` locks the client (`PUT …/lock`): Akamai then refuses its API calls and any change to
it. To change a locked client, the provider unlocks it, applies the change and locks it again.
While a client is locked, Akamai also refuses to create or change its credentials (they can still be
deactivated and deleted): unlock it in one apply before changing its credentials in the next.

When `notification_emails` is omitted, Akamai fills in the address of the user who created the
client, which is stored in the state; an explicit `[]` is honoured.

Akamai fills in API names, endpoints, group and role names: they are not attributes, so they never
show up as a difference. Sub-groups and CP-code purge options are not managed; a change made here
replaces the client's settings as a whole, so set them only through this resource's attributes.

## Deletion

Akamai refuses to delete a client that still has active credentials. The provider deactivates all
of the client's credentials first (including ones Terraform does not manage), then deletes it.

## Import

```shell
terraform import apiclients_akamai_api_client.example <client_id>
```"#;

/// `api_access`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(default)]
pub struct ApiAccessState {
    pub all_accessible_apis: Tf<bool>,
    pub apis: Tf<BTreeSet<ApiState>>,
}

/// One element of `api_access.apis`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(default)]
pub struct ApiState {
    pub api_id: Tf<i64>,
    pub access_level: Tf<String>,
}

/// `group_access`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(default)]
pub struct GroupAccessState {
    pub clone_authorized_user_groups: Tf<bool>,
    pub groups: Tf<BTreeSet<GroupState>>,
}

/// One element of `group_access.groups`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(default)]
pub struct GroupState {
    pub group_id: Tf<i64>,
    pub role_id: Tf<i64>,
}

/// `ip_acl`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(default)]
pub struct IpAclState {
    pub enable: Tf<bool>,
    pub cidr: Tf<BTreeSet<String>>,
}

/// The resource state; one field per attribute of the schema.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ApiClientState {
    pub id: Tf<String>,
    pub client_name: Tf<String>,
    pub client_description: Tf<String>,
    pub client_type: Tf<String>,
    pub authorized_users: Tf<BTreeSet<String>>,
    pub notification_emails: Tf<BTreeSet<String>>,
    pub allow_account_switch: Tf<bool>,
    pub can_auto_create_credential: Tf<bool>,
    pub api_access: Tf<ApiAccessState>,
    pub group_access: Tf<GroupAccessState>,
    pub ip_acl: Tf<IpAclState>,
    pub lock: Tf<bool>,
    pub access_token: Tf<Sensitive<String>>,
    pub base_url: Tf<String>,
    pub created_by: Tf<String>,
    pub created_date: Tf<String>,
    /// The `timeouts` block (see `tfplugin::timeouts`).
    pub timeouts: Tf<tfplugin::Timeouts>,
}

/// The `apiclients_akamai_api_client` resource.
#[derive(Debug, Clone)]
pub struct ApiClientResource {
    handle: ProviderHandle,
}

impl ApiClientResource {
    pub fn new(handle: ProviderHandle) -> Self {
        Self { handle }
    }
}

fn api_access_attributes() -> Vec<Attribute> {
    vec![
        Attribute::bool("all_accessible_apis")
            .required()
            .description("true: the client may call every API its authorized user may call (`apis` must then be omitted). false: only the APIs in `apis`."),
        // A set of objects rather than a nested attribute: Terraform 1.0 crashes rendering a
        // set-nested attribute inside a single-nested one.
        Attribute::set(
            "apis",
            Type::Object(BTreeMap::from([
                ("api_id".to_owned(), Type::Number),
                ("access_level".to_owned(), Type::String),
            ])),
        )
        .optional()
        .description("The APIs the client may call, required when `all_accessible_apis` is false (Akamai allows at most 99): objects with `api_id` (the API's ID, see Akamai's \"List allowed APIs\" operation) and `access_level` (READ-ONLY, READ-WRITE, CREDENTIAL-READ-ONLY or CREDENTIAL-READ-WRITE)."),
    ]
}

fn group_access_attributes() -> Vec<Attribute> {
    vec![
        Attribute::bool("clone_authorized_user_groups")
            .required()
            .description("true: the client gets the groups and roles of its authorized user (`groups` must then be omitted). false: only the groups in `groups`."),
        Attribute::set(
            "groups",
            Type::Object(BTreeMap::from([
                ("group_id".to_owned(), Type::Number),
                ("role_id".to_owned(), Type::Number),
            ])),
        )
        .optional()
        .description("Groups and roles of the client, required when `clone_authorized_user_groups` is false: objects with `group_id` and `role_id` (the ID of the role the client has in that group)."),
    ]
}

fn ip_acl_attributes() -> Vec<Attribute> {
    vec![
        Attribute::bool("enable")
            .required()
            .description("Whether the list is enforced."),
        Attribute::set("cidr", Type::String)
            .required()
            .validate(Validator::not_empty_collection())
            .description(
                "IP addresses or CIDR blocks the client may call from, such as \"192.0.2.0/24\".",
            ),
    ]
}

#[async_trait]
impl Resource for ApiClientResource {
    type State = ApiClientState;

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
                        .description("The client ID (`clientId`), assigned by Akamai."),
                )
                .attribute(
                    Attribute::string("client_name")
                        .required()
                        .requires_replace()
                        .validate(Validator::non_empty())
                        .description("Name of the client. Akamai cannot rename a client: changing it replaces the client."),
                )
                .attribute(
                    Attribute::string("client_description")
                        .optional()
                        .validate(Validator::non_empty())
                        .description("Description of the client."),
                )
                .attribute(
                    Attribute::string("client_type")
                        .default("CLIENT")
                        .requires_replace()
                        .validate(Validator::one_of(&CLIENT_TYPES))
                        .description("CLIENT (the creator owns the client and its credentials; the default) or USER_CLIENT (the authorized user owns them). Changing it replaces the client."),
                )
                .attribute(
                    Attribute::set("authorized_users", Type::String)
                        .required()
                        .validate(Validator::size(1, 1))
                        .description("The user the client acts for: exactly one username for CLIENT and USER_CLIENT."),
                )
                .attribute(
                    Attribute::set("notification_emails", Type::String)
                        .optional()
                        .computed()
                        .use_state_for_unknown()
                        .description("Addresses notified before the client's credentials expire. When omitted, Akamai uses the creator's address, which is stored in the state; `[]` means none."),
                )
                .attribute(
                    Attribute::bool("allow_account_switch")
                        .default(false)
                        .description("Whether the client may act on other accounts (account switch keys). Defaults to false."),
                )
                .attribute(
                    Attribute::bool("can_auto_create_credential")
                        .default(false)
                        .description("Whether the client may create credentials for new API clients. Defaults to false."),
                )
                .attribute(
                    Attribute::single_nested("api_access", api_access_attributes())
                        .required()
                        .description("The Akamai APIs the client may call."),
                )
                .attribute(
                    Attribute::single_nested("group_access", group_access_attributes())
                        .required()
                        .description("The groups the client may act in, and its role in each."),
                )
                .attribute(
                    // Optional + computed rather than optional: Terraform 1.0 crashes planning an
                    // optional single nested attribute that is absent from the configuration.
                    Attribute::single_nested("ip_acl", ip_acl_attributes())
                        .optional()
                        .computed()
                        .use_state_for_unknown()
                        .description("Restricts the addresses the client may call Akamai from. Omit it at creation for no restriction. Removing it from the configuration later keeps the current list: set `enable = false` to lift a restriction."),
                )
                .attribute(
                    Attribute::bool("lock")
                        .default(false)
                        .description("true locks the client (its calls are refused, and it cannot be changed until unlocked); false unlocks it. Defaults to false."),
                )
                .attribute(
                    Attribute::string("access_token")
                        .computed()
                        .sensitive()
                        .use_state_for_unknown()
                        .description("The client's access token: the `access_token` of every EdgeGrid credential (`.edgerc`) of this client."),
                )
                .attribute(
                    Attribute::string("base_url")
                        .computed()
                        .use_state_for_unknown()
                        .description("The client's API host as an URL (`https://akab-….luna.akamaiapis.net`); without `https://` it is the `host` of an `.edgerc` section."),
                )
                .attribute(
                    Attribute::string("created_by")
                        .computed()
                        .use_state_for_unknown()
                        .description("The user who created the client."),
                )
                .attribute(
                    Attribute::string("created_date")
                        .computed()
                        .use_state_for_unknown()
                        .description("When the client was created (ISO 8601)."),
                ),
        )
    }

    fn validate(&self, config: &ApiClientState) -> Diagnostics {
        let mut diags = Diagnostics::new();
        if let Tf::Known(access) = &config.api_access {
            let path = || AttributePath::root("api_access").attr("apis");
            match (&access.all_accessible_apis, &access.apis) {
                (Tf::Known(true), Tf::Known(_)) => diags.push(
                    Diagnostic::error(
                        "Invalid value for api_access.apis",
                        "api_access.apis must be omitted when all_accessible_apis is true: the client may then call every API its user may call.",
                    )
                    .at(path()),
                ),
                (Tf::Known(false), Tf::Null) => diags.push(
                    Diagnostic::error(
                        "Missing api_access.apis",
                        "api_access.apis is required when all_accessible_apis is false: list the APIs the client may call.",
                    )
                    .at(path()),
                ),
                _ => {}
            }
        }
        if let Tf::Known(access) = &config.api_access
            && let Tf::Known(apis) = &access.apis
        {
            for level in apis.iter().filter_map(|api| api.access_level.as_str()) {
                if !ACCESS_LEVELS.contains(&level) {
                    diags.push(
                        Diagnostic::error(
                            "Invalid value for api_access.apis",
                            format!(
                                "api_access.apis has access_level {level:?}, but it must be one of: {}.",
                                ACCESS_LEVELS.join(", ")
                            ),
                        )
                        .at(AttributePath::root("api_access").attr("apis")),
                    );
                }
            }
        }
        if let Tf::Known(access) = &config.group_access {
            let path = || AttributePath::root("group_access").attr("groups");
            match (&access.clone_authorized_user_groups, &access.groups) {
                (Tf::Known(true), Tf::Known(_)) => diags.push(
                    Diagnostic::error(
                        "Invalid value for group_access.groups",
                        "group_access.groups must be omitted when clone_authorized_user_groups is true: the client then gets its user's groups.",
                    )
                    .at(path()),
                ),
                (Tf::Known(false), Tf::Null) => diags.push(
                    Diagnostic::error(
                        "Missing group_access.groups",
                        "group_access.groups is required when clone_authorized_user_groups is false: list the groups and roles of the client.",
                    )
                    .at(path()),
                ),
                _ => {}
            }
        }
        if let Tf::Known(acl) = &config.ip_acl
            && let Tf::Known(cidrs) = &acl.cidr
        {
            for cidr in cidrs {
                if !is_ip_or_cidr(cidr) {
                    diags.push(
                        Diagnostic::error(
                            "Invalid value for ip_acl.cidr",
                            format!("ip_acl.cidr contains {cidr:?}, which is neither an IP address (\"192.0.2.1\") nor a CIDR block (\"192.0.2.0/24\")."),
                        )
                        .at(AttributePath::root("ip_acl").attr("cidr")),
                    );
                }
            }
        }
        diags
    }

    async fn read(
        &self,
        ctx: &Context,
        state: ApiClientState,
    ) -> Result<Option<ApiClientState>, Diagnostics> {
        let Some(id) = state.id.as_str() else {
            return Ok(None);
        };
        let client = self.handle.akamai()?;
        let found = client.get_api_client_detail(id, ctx.cancellation()).await?;
        Ok(found.map(|remote| state_from_remote(&remote)))
    }

    async fn modify_plan(
        &self,
        _ctx: &Context,
        _change: &mut PlanChange<ApiClientState>,
    ) -> Result<(), Diagnostics> {
        self.handle.check_configured(Vendor::Akamai)?;
        Ok(())
    }

    async fn create(
        &self,
        ctx: &Context,
        planned: ApiClientState,
        _config: ApiClientState,
    ) -> Result<ApiClientState, Diagnostics> {
        let mut request = client_request(&planned)?;
        request.client_type = Some(
            planned
                .client_type
                .as_str()
                .unwrap_or(CLIENT_TYPES[0])
                .to_owned(),
        );
        request.create_credential = Some(false);
        let client = self.handle.akamai()?;
        let cancel = ctx.cancellation();
        let created = create_without_duplicate(&client, &request, ctx).await?;
        let id = created.client_id.clone();
        let mut changed_after_create = false;

        // Akamai fills an omitted or empty list with the creator's address; only a second PUT
        // makes an explicit [] stick.
        if planned
            .notification_emails
            .known()
            .is_some_and(BTreeSet::is_empty)
            && created
                .notification_emails
                .as_ref()
                .is_some_and(|emails| !emails.is_empty())
        {
            let mut update = request.clone();
            update.client_type = None;
            update.create_credential = None;
            update.notification_emails = Some(Vec::new());
            client.update_api_client(&id, &update, cancel).await?;
            changed_after_create = true;
        }
        if planned.lock.known() == Some(&true) {
            client.set_api_client_lock(&id, true, cancel).await?;
            changed_after_create = true;
        }
        if !changed_after_create {
            // The create answers with the full detail (API access, group access, IP ACL): a
            // GET now would tell nothing new.
            return Ok(state_from_remote(&created));
        }
        reread(&client, &id, ctx).await
    }

    async fn update(
        &self,
        ctx: &Context,
        prior: ApiClientState,
        planned: ApiClientState,
        _config: ApiClientState,
    ) -> Result<ApiClientState, Diagnostics> {
        let Some(id) = prior.id.as_str() else {
            return Err(missing_id());
        };
        let client = self.handle.akamai()?;
        let cancel = ctx.cancellation();
        let request = client_request(&planned)?;
        let settings_changed = client_request(&prior).ok().as_ref() != Some(&request);
        let was_locked = prior.lock.known() == Some(&true);
        let lock = planned.lock.known() == Some(&true);
        if settings_changed {
            if was_locked {
                client.set_api_client_lock(id, false, cancel).await?;
            }
            if client
                .update_api_client(id, &request, cancel)
                .await?
                .is_none()
            {
                return Err(gone(id));
            }
            if lock {
                client.set_api_client_lock(id, true, cancel).await?;
            }
        } else if lock != was_locked && !client.set_api_client_lock(id, lock, cancel).await? {
            return Err(gone(id));
        }
        reread(&client, id, ctx).await
    }

    async fn delete(&self, ctx: &Context, prior: ApiClientState) -> Result<(), Diagnostics> {
        let Some(id) = prior.id.as_str() else {
            return Ok(());
        };
        let client = self.handle.akamai()?;
        let cancel = ctx.cancellation();
        // Akamai refuses to delete a client with active credentials, whoever manages them.
        if !client.deactivate_all_credentials(id, cancel).await? {
            return Ok(());
        }
        client.delete_api_client(id, cancel).await?;
        Ok(())
    }

    async fn import(&self, _ctx: &Context, id: &str) -> Result<ApiClientState, Diagnostics> {
        let id = id.trim();
        if id.is_empty() || id.contains('/') {
            return Err(Diagnostic::error(
                "Invalid import ID",
                format!("Import needs the client ID of the Akamai API client (clientId), such as: terraform import apiclients_akamai_api_client.example 1a2b3c4d5e6f7g8h — got {id:?}."),
            )
            .into());
        }
        Ok(ApiClientState {
            id: Tf::Known(id.to_owned()),
            ..Default::default()
        })
    }

    fn identity(&self) -> Option<IdentitySchema> {
        Some(identity())
    }
}

/// The identity: the client ID (`clientId`), as in `id`.
pub(super) fn identity() -> IdentitySchema {
    IdentitySchema::new().required("id", "The API client's client ID (`clientId`).")
}

fn is_ip_or_cidr(value: &str) -> bool {
    value.parse::<std::net::IpAddr>().is_ok() || value.parse::<ipnet::IpNet>().is_ok()
}

fn missing_id() -> Diagnostics {
    Diagnostic::error(
        "Missing API client ID",
        "The state has no ID for this Akamai API client; remove it from the state and import it again.",
    )
    .into()
}

fn gone(id: &str) -> Diagnostics {
    Diagnostic::error(
        "API client not found",
        format!("The Akamai API client {id} was deleted outside Terraform. Run terraform plan again: it will plan to create it."),
    )
    .into()
}

/// Reads the client back with everything the state holds.
async fn reread(
    client: &AkamaiClient,
    id: &str,
    ctx: &Context,
) -> Result<ApiClientState, Diagnostics> {
    match client.get_api_client_detail(id, ctx.cancellation()).await? {
        Some(remote) => Ok(state_from_remote(&remote)),
        None => Err(gone(id)),
    }
}

/// The create/update body for a planned state (without `clientType` and `createCredential`,
/// which only a create sends).
fn client_request(planned: &ApiClientState) -> Result<ApiClientRequest, Diagnostics> {
    let client_name = planned
        .client_name
        .known()
        .ok_or_else(|| Diagnostic::incomplete_plan("client_name"))?
        .clone();
    let authorized_users = planned
        .authorized_users
        .known()
        .ok_or_else(|| Diagnostic::incomplete_plan("authorized_users"))?
        .iter()
        .cloned()
        .collect();
    let api_access = planned
        .api_access
        .known()
        .ok_or_else(|| Diagnostic::incomplete_plan("api_access"))?;
    let group_access = planned
        .group_access
        .known()
        .ok_or_else(|| Diagnostic::incomplete_plan("group_access"))?;
    let apis = match &api_access.apis {
        Tf::Known(apis) => Some(
            apis.iter()
                .map(|api| {
                    Ok(ApiGrant {
                        api_id: *api
                            .api_id
                            .known()
                            .ok_or_else(|| Diagnostic::incomplete_plan("api_access"))?,
                        access_level: api
                            .access_level
                            .known()
                            .ok_or_else(|| Diagnostic::incomplete_plan("api_access"))?
                            .clone(),
                    })
                })
                .collect::<Result<Vec<_>, Diagnostic>>()?,
        ),
        _ => None,
    };
    let groups = match &group_access.groups {
        Tf::Known(groups) => Some(
            groups
                .iter()
                .map(|group| {
                    Ok(GroupGrant {
                        group_id: *group
                            .group_id
                            .known()
                            .ok_or_else(|| Diagnostic::incomplete_plan("group_access"))?,
                        role_id: group.role_id.known().copied(),
                    })
                })
                .collect::<Result<Vec<_>, Diagnostic>>()?,
        ),
        _ => None,
    };
    let ip_acl = match &planned.ip_acl {
        Tf::Known(acl) => Some(IpAcl {
            enable: acl.enable.known().copied().unwrap_or(false),
            cidr: acl
                .cidr
                .known()
                .map(|c| c.iter().cloned().collect())
                .unwrap_or_default(),
        }),
        _ => None,
    };
    Ok(ApiClientRequest {
        client_type: None,
        create_credential: None,
        client_name,
        client_description: planned.client_description.known().cloned(),
        authorized_users,
        // Unknown (omitted on create): Akamai's default applies. On update the plan holds the
        // state's value, so the current list is sent back unchanged.
        notification_emails: planned
            .notification_emails
            .known()
            .map(|emails| emails.iter().cloned().collect()),
        allow_account_switch: planned
            .allow_account_switch
            .known()
            .copied()
            .unwrap_or(false),
        can_auto_create_credential: planned
            .can_auto_create_credential
            .known()
            .copied()
            .unwrap_or(false),
        api_access: ApiAccess {
            all_accessible_apis: api_access
                .all_accessible_apis
                .known()
                .copied()
                .unwrap_or(false),
            apis,
        },
        group_access: GroupAccess {
            clone_authorized_user_groups: group_access
                .clone_authorized_user_groups
                .known()
                .copied()
                .unwrap_or(false),
            groups,
        },
        ip_acl,
    })
}

/// The create of one Akamai API client, for [`create_with_recovery`]. A client carries no secret
/// (credentials are separate), so a recovered client is as good as an answered create.
struct CreateClient<'a> {
    client: &'a AkamaiClient,
    request: &'a ApiClientRequest,
}

#[async_trait]
impl Recoverable for CreateClient<'_> {
    type Created = ApiClientDetail;
    type Listed = super::api::ApiClient;
    type Id = String;

    async fn create(&self, cancel: &CancellationToken) -> Result<ApiClientDetail, HttpError> {
        self.client.create_api_client(self.request, cancel).await
    }

    async fn candidates(
        &self,
        cancel: &CancellationToken,
    ) -> Result<Vec<super::api::ApiClient>, HttpError> {
        Ok(self
            .client
            .list_api_clients(cancel)
            .await?
            .into_iter()
            .filter(|c| c.client_name.as_deref() == Some(self.request.client_name.as_str()))
            .collect())
    }

    fn id(&self, listed: &super::api::ApiClient) -> String {
        listed.client_id.clone()
    }

    fn matches(&self, listed: &super::api::ApiClient) -> bool {
        listed.client_description.as_deref().unwrap_or_default()
            == self
                .request
                .client_description
                .as_deref()
                .unwrap_or_default()
    }

    async fn record(&self, cancel: &CancellationToken) -> Result<Option<RunRecord<'_>>, HttpError> {
        self.client.existing_api_clients(cancel).await
    }

    fn created_at(&self, listed: &super::api::ApiClient) -> Option<SystemTime> {
        parse_timestamp(listed.created_date.as_deref())
    }
}

/// Creates the client through [`create_with_recovery`], so a lost response never leads to a
/// duplicate and a same-name client that existed before is never adopted.
async fn create_without_duplicate(
    client: &AkamaiClient,
    request: &ApiClientRequest,
    ctx: &Context,
) -> Result<ApiClientDetail, Diagnostics> {
    let cancel = ctx.cancellation();
    let create = CreateClient { client, request };
    let max_retries = client.rest().transport().policy().max_retries;
    let name = request.client_name.as_str();
    match create_with_recovery(&create, max_retries, cancel).await? {
        Outcome::Created(created) => {
            record_created(&created, ctx);
            Ok(created)
        }
        Outcome::Recovered(found) => {
            // Read with a fresh, bounded token: Terraform's may have fired after the create left.
            let fresh = CancellationToken::new();
            let read = tokio::time::timeout(
                CANCEL_GRACE,
                client.get_api_client_detail(&found.client_id, &fresh),
            )
            .await;
            match read {
                Ok(Ok(Some(created))) => {
                    record_created(&created, ctx);
                    if cancel.is_cancelled() {
                        return Err(Diagnostic::from(tfplugin::PluginError::Cancelled).into());
                    }
                    Ok(created)
                }
                _ => Err(Diagnostic::error(
                    "API client created, but it cannot be read",
                    format!("The answer to the create of Akamai API client {name:?} was lost; the client it made ({}) exists but cannot be read now. Import it with terraform import, or delete it and apply again.", found.client_id),
                )
                .into()),
            }
        }
        Outcome::LostSecret(id) => Err(lost_secret("Akamai API client", name, &id).into()),
        Outcome::Ambiguous(ids) => Err(ambiguous_create("Akamai API client", name, &ids).into()),
    }
}

/// The client exists now: whatever fails later, Terraform must keep it.
fn record_created(created: &ApiClientDetail, ctx: &Context) {
    ctx.record_partial_state(&state_from_remote(created));
}

/// The state for a client as the API returns it.
pub(super) fn state_from_remote(remote: &ApiClientDetail) -> ApiClientState {
    let api_access = remote.api_access.as_ref().map(|access| ApiAccessState {
        all_accessible_apis: Tf::Known(access.all_accessible_apis),
        // With every API allowed, Akamai may list them all; the configuration has none.
        apis: if access.all_accessible_apis {
            Tf::Null
        } else {
            Tf::Known(
                access
                    .apis
                    .iter()
                    .flatten()
                    .map(|api| ApiState {
                        api_id: Tf::Known(api.api_id),
                        access_level: Tf::Known(api.access_level.clone()),
                    })
                    .collect(),
            )
        },
    });
    let group_access = remote.group_access.as_ref().map(|access| GroupAccessState {
        clone_authorized_user_groups: Tf::Known(access.clone_authorized_user_groups),
        groups: if access.clone_authorized_user_groups {
            Tf::Null
        } else {
            Tf::Known(
                access
                    .groups
                    .iter()
                    .flatten()
                    .map(|group| GroupState {
                        group_id: Tf::Known(group.group_id),
                        role_id: Tf::from_option(group.role_id),
                    })
                    .collect(),
            )
        },
    });
    // Akamai shows an unset list as {enable: false, cidr: []}.
    let ip_acl = remote
        .ip_acl
        .as_ref()
        .filter(|acl| acl.enable || !acl.cidr.is_empty())
        .map(|acl| IpAclState {
            enable: Tf::Known(acl.enable),
            cidr: Tf::Known(acl.cidr.iter().cloned().collect()),
        });
    ApiClientState {
        // The framework keeps the configuration's block in every state it answers with.
        timeouts: Tf::Null,
        id: Tf::Known(remote.client_id.clone()),
        client_name: Tf::from_option(remote.client_name.clone()),
        client_description: Tf::non_empty(remote.client_description.as_ref()),
        client_type: Tf::from_option(remote.client_type.clone()),
        authorized_users: Tf::Known(remote.authorized_users.iter().cloned().collect()),
        notification_emails: Tf::Known(
            remote
                .notification_emails
                .iter()
                .flatten()
                .cloned()
                .collect(),
        ),
        allow_account_switch: Tf::Known(remote.allow_account_switch.unwrap_or(false)),
        can_auto_create_credential: Tf::Known(remote.can_auto_create_credential.unwrap_or(false)),
        api_access: Tf::from_option(api_access),
        group_access: Tf::from_option(group_access),
        ip_acl: Tf::from_option(ip_acl),
        lock: Tf::Known(remote.is_locked.unwrap_or(false)),
        access_token: Tf::from_option(remote.access_token.clone()),
        base_url: Tf::from_option(remote.base_url.clone()),
        created_by: Tf::from_option(remote.created_by.clone()),
        created_date: Tf::from_option(remote.created_date.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detail() -> ApiClientDetail {
        serde_json::from_value(serde_json::json!({
            "accessToken": "akab-access-xyz",
            "clientId": "c1",
            "clientName": "ci",
            "clientDescription": "",
            "clientType": "CLIENT",
            "authorizedUsers": ["alice"],
            "notificationEmails": ["ops@example.com"],
            "allowAccountSwitch": false,
            "canAutoCreateCredential": false,
            "apiAccess": {"allAccessibleApis": true, "apis": [{"apiId": 1, "accessLevel": "READ-ONLY", "apiName": "x"}]},
            "groupAccess": {"cloneAuthorizedUserGroups": false, "groups": [{"groupId": 7, "roleId": 3, "groupName": "G", "subGroups": []}]},
            "ipAcl": {"cidr": [], "enable": false},
            "isLocked": true,
            "baseURL": "https://akab-x.luna.akamaiapis.net",
            "createdBy": "admin",
            "createdDate": "2024-01-02T03:04:05.000Z"
        }))
        .unwrap()
    }

    #[test]
    fn remote_defaults_read_as_what_a_configuration_says() {
        let state = state_from_remote(&detail());
        assert!(state.client_description.is_null(), "\"\" reads as null");
        assert!(state.ip_acl.is_null(), "an unset ACL reads as null");
        let access = state.api_access.known().unwrap();
        assert!(access.apis.is_null(), "all APIs: no list");
        let groups = state.group_access.known().unwrap().groups.known().unwrap();
        assert_eq!(groups.len(), 1);
        assert_eq!(state.lock, Tf::Known(true));
        assert!(!format!("{state:?}").contains("akab-access-xyz"));
    }

    #[test]
    fn request_round_trips_the_state() {
        let state = state_from_remote(&detail());
        let request = client_request(&state).unwrap();
        let body = serde_json::to_value(&request).unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "clientName": "ci",
                "authorizedUsers": ["alice"],
                "notificationEmails": ["ops@example.com"],
                "allowAccountSwitch": false,
                "canAutoCreateCredential": false,
                "apiAccess": {"allAccessibleApis": true},
                "groupAccess": {"cloneAuthorizedUserGroups": false, "groups": [{"groupId": 7, "roleId": 3}]},
            })
        );
    }

    #[test]
    fn validation_names_the_attribute() {
        let resource = ApiClientResource::new(ProviderHandle::default());
        let config = ApiClientState {
            api_access: Tf::Known(ApiAccessState {
                all_accessible_apis: Tf::Known(false),
                apis: Tf::Null,
            }),
            group_access: Tf::Known(GroupAccessState {
                clone_authorized_user_groups: Tf::Known(true),
                groups: Tf::Known(BTreeSet::new()),
            }),
            ip_acl: Tf::Known(IpAclState {
                enable: Tf::Known(true),
                cidr: Tf::Known(BTreeSet::from(["10.0.0.0/8".into(), "10.0.0.300".into()])),
            }),
            ..Default::default()
        };
        let diags = Resource::validate(&resource, &config);
        let paths: Vec<String> = diags
            .iter()
            .filter_map(|d| d.path.as_ref().map(|p| p.to_string()))
            .collect();
        assert_eq!(
            paths,
            ["api_access.apis", "group_access.groups", "ip_acl.cidr"],
            "{diags:?}"
        );
    }
}
