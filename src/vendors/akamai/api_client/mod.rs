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
//! * `ip_acl` left out of a new client is planned null, not unknown: the client then has none
//!   (Akamai's `{enable: false, cidr: []}` reads as null), and Terraform 1.0 would draw an
//!   unknown one as a nested object of unknowns.
//! * `lock` maps to `PUT …/lock` and `…/unlock`; a locked client refuses changes, so an update
//!   unlocks it first and locks it again afterwards.
//!
//! The files: `schema.rs` (the schema and its description), `mapping.rs` (the state types and
//! the mapping between them and the API's bodies), `create.rs` (the create with recovery), this
//! file (validation and the resource: read, plan, create, update, delete, import) and `tests.rs`.

mod create;
mod mapping;
mod moved;
mod schema;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use async_trait::async_trait;

use self::create::{create_without_duplicate, place_unfinished_create};
pub(crate) use self::mapping::state_from_remote;
pub use self::mapping::{
    ActionsState, ApiAccessState, ApiClientState, ApiState, CpCodeAccessState, GroupAccessState,
    GroupState, IpAclState, PurgeOptionsState, SubGroupState,
};
use self::mapping::{body_from_state, keep_unmodeled_group_fields};
pub(crate) use self::schema::identity;
pub use self::schema::{ACCESS_LEVELS, CLIENT_TYPES};
use super::api::{
    ApiClientDetail, ApiClientRequest, RESPONSE_ONLY_FIELDS, refused_for_active_credentials,
};
use super::client::AkamaiClient;
use crate::handle::ProviderHandle;
use crate::http::Vendor;
use crate::http::unfinished;
use crate::vendors::create::record_unfinished;
use tfplugin::IdentitySchema;
use tfplugin::{
    AttributePath, Context, Diagnostic, Diagnostics, MoveSource, PlanChange, Resource, Schema, Tf,
};

/// Type name after the provider prefix.
pub const TYPE_NAME: &str = "akamai_api_client";

/// The `apiclients_akamai_api_client` resource.
#[derive(Debug, Clone)]
pub struct AkamaiApiClientResource {
    handle: ProviderHandle,
}

impl AkamaiApiClientResource {
    pub fn new(handle: ProviderHandle) -> Self {
        Self { handle }
    }
}

#[async_trait]
impl Resource for AkamaiApiClientResource {
    type State = ApiClientState;

    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> Schema {
        schema::schema()
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
        if let Tf::Known(access) = &config.group_access {
            diags.extend(validate_sub_groups(access));
        }
        if let Tf::Known(purge) = &config.purge_options
            && let Tf::Known(access) = &purge.cp_code_access
            && access.all_current_and_new_cp_codes.known() == Some(&true)
            && access
                .cp_codes
                .known()
                .is_some_and(|codes| !codes.is_empty())
        {
            diags.push(
                Diagnostic::error(
                    "Invalid value for purge_options.cp_code_access",
                    "purge_options.cp_code_access lists cp_codes with all_current_and_new_cp_codes = true, which already grants every CP code: set cp_codes = [] or all_current_and_new_cp_codes = false.",
                )
                .at(AttributePath::root("purge_options").attr("cp_code_access")),
            );
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
        let found = match unfinished::unfinished(id) {
            Some(create) => {
                let request = body_from_state(&state)?;
                place_unfinished_create(&client, &request, &create, ctx).await?
            }
            None => client.get_api_client_detail(id, ctx.cancellation()).await?,
        };
        Ok(found.map(|remote| state_from_remote(&remote)))
    }

    async fn modify_plan(
        &self,
        ctx: &Context,
        change: &mut PlanChange<ApiClientState>,
    ) -> Result<(), Diagnostics> {
        self.handle.check_configured(Vendor::Akamai, ctx).await?;
        // A new client left without `ip_acl` has none: Akamai answers {enable: false, cidr: []},
        // which reads as null. Planned null rather than unknown, which Terraform 1.0 draws as
        // `ip_acl = { cidr = (known after apply), enable = (known after apply) }`.
        if change.prior.is_none() && change.config.ip_acl.is_null() {
            change.planned.ip_acl = Tf::Null;
        }
        // Likewise purge options: none unless configured.
        if change.prior.is_none() && change.config.purge_options.is_null() {
            change.planned.purge_options = Tf::Null;
        }
        plan_sub_groups(change);
        // Locking or unlocking changes what may be done with the client.
        if let Some(prior) = &change.prior
            && prior.lock != change.planned.lock
        {
            change.planned.actions = Tf::Unknown;
        }
        Ok(())
    }

    async fn create(
        &self,
        ctx: &Context,
        planned: ApiClientState,
        _config: ApiClientState,
    ) -> Result<ApiClientState, Diagnostics> {
        let mut request = body_from_state(&planned)?;
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
        let sent = std::time::SystemTime::now();
        let created = match create_without_duplicate(&client, &request, ctx).await {
            Ok(created) => created,
            Err(error) => {
                // The same-name clients the run's record listed (cached: no request).
                let existed = match client.existing_api_clients(ctx.cancellation()).await {
                    Ok(Some(record)) => record.named(&request.client_name),
                    _ => Vec::new(),
                };
                let marker = unfinished::marker(client.rest().transport(), sent, &existed);
                record_unfinished(
                    ctx,
                    &ApiClientState {
                        id: Tf::Known(marker),
                        ..planned.clone()
                    },
                );
                return Err(error);
            }
        };
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
        let mut request = body_from_state(&planned)?;
        let settings_changed = body_from_state(&prior).ok().as_ref() != Some(&request);
        let was_locked = prior.lock.known() == Some(&true);
        let lock = planned.lock.known() == Some(&true);
        let state = if settings_changed {
            // The PUT replaces the client's settings as a whole: read what the tenant holds
            // right before it, and send back what the resource does not model.
            let Some(current) = client.get_api_client_detail(id, cancel).await? else {
                return Err(gone(id));
            };
            keep_unmodeled(&mut request, &current);
            if was_locked {
                client.set_api_client_lock(id, false, cancel).await?;
            }
            let Some(updated) = client.update_api_client(id, &request, cancel).await? else {
                return Err(gone(id));
            };
            if lock {
                // The lock is a separate call whose answer lacks API and group access: read back.
                client.set_api_client_lock(id, true, cancel).await?;
                reread(&client, id, ctx).await?
            } else {
                // The PUT answers with the full detail (API access, group access, IP ACL, and
                // `isLocked` after the unlock above): a GET now would tell nothing new.
                state_from_remote(&updated)
            }
        } else if lock != was_locked {
            if !client.set_api_client_lock(id, lock, cancel).await? {
                return Err(gone(id));
            }
            reread(&client, id, ctx).await?
        } else {
            reread(&client, id, ctx).await?
        };
        Ok(keep_planned_counts(state, &planned))
    }

    async fn delete(&self, ctx: &Context, prior: ApiClientState) -> Result<(), Diagnostics> {
        let Some(id) = prior.id.as_str() else {
            return Ok(());
        };
        let client = self.handle.akamai()?;
        let cancel = ctx.cancellation();
        let placed;
        let id = match unfinished::unfinished(id) {
            None => id,
            Some(create) => {
                let request = body_from_state(&prior)?;
                placed = place_unfinished_create(&client, &request, &create, ctx).await?;
                match &placed {
                    Some(found) => found.client_id.as_str(),
                    None => return Ok(()),
                }
            }
        };
        // DELETE first. Akamai refuses to delete a client that has active credentials (its
        // own provider deactivates first because "DeleteAPIClient will fail" otherwise; the
        // OpenAPI file says so of `DELETE …/self`), but a client this resource made has none
        // unless credential resources (destroyed before it) or someone else made them. A
        // deactivation sent before every DELETE would prove nothing for the others; it is
        // sent only when the DELETE was refused, and the DELETE repeated.
        match client.delete_api_client(id, cancel).await {
            Ok(_) => return Ok(()),
            Err(err) if refused_for_active_credentials(&err) => {
                tracing::debug!(error = %err, "the DELETE was refused: deactivating the client's credentials, then deleting again");
            }
            Err(err) => return Err(err.into()),
        }
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

    /// From akamai/akamai's `akamai_iam_api_client` (see `moved.rs`).
    fn move_state(&self, source: &MoveSource<'_>) -> Option<Result<ApiClientState, Diagnostics>> {
        moved::from_akamai_provider(source)
    }
}

/// Sends back what the tenant holds and the resource does not model (see `vendors::full_replace`):
/// the client's other writable fields, and each group's.
fn keep_unmodeled(request: &mut ApiClientRequest, current: &ApiClientDetail) {
    request.unmodeled = current.unmodeled.writable(&RESPONSE_ONLY_FIELDS);
    if let (Some(sent), Some(held)) = (
        request.group_access.groups.as_mut(),
        current
            .group_access
            .as_ref()
            .and_then(|access| access.groups.as_ref()),
    ) {
        keep_unmodeled_group_fields(sent, held);
    }
}

/// `actions` and `active_credential_count` as planned when the plan knew them: they change with
/// what others do to the client's credentials meanwhile, and Terraform refuses an answer that
/// differs from a known planned value. The next refresh reads them anew.
fn keep_planned_counts(mut state: ApiClientState, planned: &ApiClientState) -> ApiClientState {
    if planned.active_credential_count.is_known() {
        state.active_credential_count = planned.active_credential_count.clone();
    }
    if planned.actions.is_known() {
        state.actions = planned.actions.clone();
    }
    state
}

/// Every sub-group's parent is one of `groups` or another sub-group, reached from `groups`, and no
/// group is granted twice.
fn validate_sub_groups(access: &GroupAccessState) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let path = || AttributePath::root("group_access").attr("sub_groups");
    let Tf::Known(sub_groups) = &access.sub_groups else {
        return diags;
    };
    if access.clone_authorized_user_groups.known() == Some(&true) && !sub_groups.is_empty() {
        diags.push(
            Diagnostic::error(
                "Invalid value for group_access.sub_groups",
                "group_access.sub_groups must be omitted when clone_authorized_user_groups is true: the client then gets its user's groups.",
            )
            .at(path()),
        );
        return diags;
    }
    let Tf::Known(groups) = &access.groups else {
        return diags;
    };
    let granted: BTreeSet<i64> = groups
        .iter()
        .filter_map(|g| g.group_id.known().copied())
        .collect();
    let mut seen = BTreeSet::new();
    for sub in sub_groups {
        if let Some(id) = sub.group_id.known()
            && (granted.contains(id) || !seen.insert(*id))
        {
            diags.push(
                Diagnostic::error(
                    "Invalid value for group_access.sub_groups",
                    format!("group_access.sub_groups grants group {id} twice (in groups or sub_groups): grant each group once."),
                )
                .at(path()),
            );
            return diags;
        }
    }
    // What is not reached from `groups` has no parent; a value unknown until apply is checked
    // then, by Akamai.
    let reached = reached_from(groups, sub_groups);
    let pending = sub_groups.iter().filter(|sub| !reached.contains(*sub));
    for sub in pending {
        let (Some(parent), Some(id)) = (sub.parent_group_id.known(), sub.group_id.known()) else {
            continue;
        };
        diags.push(
            Diagnostic::error(
                "Invalid value for group_access.sub_groups",
                format!("group_access.sub_groups has group {id} under parent_group_id {parent}, which is neither in group_access.groups nor a sub-group reached from them: add the parent, or correct parent_group_id."),
            )
            .at(path()),
        );
    }
    diags
}

/// The sub-groups reached from `groups` through known parents, one level at a time.
fn reached_from(
    groups: &BTreeSet<GroupState>,
    sub_groups: &BTreeSet<SubGroupState>,
) -> BTreeSet<SubGroupState> {
    let mut reached: BTreeSet<i64> = groups
        .iter()
        .filter_map(|g| g.group_id.known().copied())
        .collect();
    let mut kept = BTreeSet::new();
    loop {
        let before = kept.len();
        for sub in sub_groups {
            if let (Some(parent), Some(id)) = (sub.parent_group_id.known(), sub.group_id.known())
                && reached.contains(parent)
                && kept.insert(sub.clone())
            {
                reached.insert(*id);
            }
        }
        if kept.len() == before {
            return kept;
        }
    }
}

/// Sub-groups the configuration leaves out keep the state's, but only those whose parent is still
/// granted (Akamai drops the rest with their parent); with the user's groups cloned there are none.
fn plan_sub_groups(change: &mut PlanChange<ApiClientState>) {
    let configured = change
        .config
        .group_access
        .known()
        .is_some_and(|access| !access.sub_groups.is_null());
    let Tf::Known(access) = &mut change.planned.group_access else {
        return;
    };
    if access.clone_authorized_user_groups.known() == Some(&true) {
        access.sub_groups = Tf::Null;
        return;
    }
    if configured {
        return;
    }
    let (Tf::Known(groups), Tf::Known(sub_groups)) = (&access.groups, &access.sub_groups) else {
        return;
    };
    let kept = reached_from(groups, sub_groups);
    access.sub_groups = Tf::Known(kept);
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
