//! The state of `apiclients_akamai_api_client` and its mapping to and from the API's bodies.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::super::api::{
    ApiAccess, ApiClientDetail, ApiClientRequest, ApiGrant, ClientActions, CpCodeAccess,
    GroupAccess, GroupGrant, IpAcl, PurgeOptions,
};
use crate::vendors::full_replace::Unmodeled;
use tfplugin::{Diagnostic, Diagnostics, Sensitive, Tf};

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
    pub sub_groups: Tf<BTreeSet<SubGroupState>>,
}

/// One element of `group_access.sub_groups`: a group below one of `groups` (or below another
/// sub-group), which Akamai nests under its parent's `subGroups`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(default)]
pub struct SubGroupState {
    pub parent_group_id: Tf<i64>,
    pub group_id: Tf<i64>,
    pub role_id: Tf<i64>,
}

/// `purge_options`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(default)]
pub struct PurgeOptionsState {
    pub can_purge_by_cache_tag: Tf<bool>,
    pub can_purge_by_cp_code: Tf<bool>,
    pub cp_code_access: Tf<CpCodeAccessState>,
}

/// `purge_options.cp_code_access`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(default)]
pub struct CpCodeAccessState {
    pub all_current_and_new_cp_codes: Tf<bool>,
    pub cp_codes: Tf<BTreeSet<i64>>,
}

/// `actions`: what the provider's credentials may do with the client (read-only).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct ActionsState {
    pub delete: Tf<bool>,
    pub deactivate_all: Tf<bool>,
    pub edit: Tf<bool>,
    pub edit_apis: Tf<bool>,
    pub edit_auth: Tf<bool>,
    pub edit_groups: Tf<bool>,
    pub edit_ip_acl: Tf<bool>,
    pub edit_switch_account: Tf<bool>,
    pub lock: Tf<bool>,
    pub transfer: Tf<bool>,
    pub unlock: Tf<bool>,
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
    pub purge_options: Tf<PurgeOptionsState>,
    pub lock: Tf<bool>,
    pub access_token: Tf<Sensitive<String>>,
    pub base_url: Tf<String>,
    pub created_by: Tf<String>,
    pub created_date: Tf<String>,
    pub actions: Tf<ActionsState>,
    pub active_credential_count: Tf<i64>,
    /// The `timeouts` block (see `tfplugin::timeouts`).
    pub timeouts: Tf<tfplugin::Timeouts>,
}

/// The create/update body for a planned state (without `clientType` and `createCredential`,
/// which only a create sends).
pub(super) fn body_from_state(planned: &ApiClientState) -> Result<ApiClientRequest, Diagnostics> {
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
        Tf::Known(groups) => Some(group_tree(groups, &group_access.sub_groups)?),
        _ => None,
    };
    let purge_options = match &planned.purge_options {
        Tf::Known(purge) => Some(purge_options_from_state(purge)?),
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
        purge_options,
        unmodeled: Unmodeled::default(),
    })
}

fn purge_options_from_state(purge: &PurgeOptionsState) -> Result<PurgeOptions, Diagnostic> {
    let incomplete = || Diagnostic::incomplete_plan("purge_options");
    let access = purge.cp_code_access.known().ok_or_else(incomplete)?;
    Ok(PurgeOptions {
        can_purge_by_cache_tag: *purge
            .can_purge_by_cache_tag
            .known()
            .ok_or_else(incomplete)?,
        can_purge_by_cp_code: *purge.can_purge_by_cp_code.known().ok_or_else(incomplete)?,
        cp_code_access: CpCodeAccess {
            all_current_and_new_cp_codes: *access
                .all_current_and_new_cp_codes
                .known()
                .ok_or_else(incomplete)?,
            cp_codes: match &access.cp_codes {
                Tf::Known(codes) => codes.iter().copied().collect(),
                Tf::Null => Vec::new(),
                Tf::Unknown => return Err(incomplete()),
            },
        },
    })
}

/// The groups as Akamai nests them: each sub-group under its parent's `subGroups`. Validation
/// has checked that every parent is in the tree and that no group is there twice; a sub-group
/// whose parent is not found is left out here rather than sent in the wrong place.
fn group_tree(
    groups: &BTreeSet<GroupState>,
    sub_groups: &Tf<BTreeSet<SubGroupState>>,
) -> Result<Vec<GroupGrant>, Diagnostic> {
    let incomplete = || Diagnostic::incomplete_plan("group_access");
    let mut children: BTreeMap<i64, Vec<(i64, Option<i64>)>> = BTreeMap::new();
    if let Tf::Known(sub_groups) = sub_groups {
        for sub in sub_groups {
            let parent = *sub.parent_group_id.known().ok_or_else(incomplete)?;
            let id = *sub.group_id.known().ok_or_else(incomplete)?;
            children
                .entry(parent)
                .or_default()
                .push((id, sub.role_id.known().copied()));
        }
    }
    fn grant(
        group_id: i64,
        role_id: Option<i64>,
        children: &BTreeMap<i64, Vec<(i64, Option<i64>)>>,
        depth: usize,
    ) -> GroupGrant {
        let sub_groups = match children.get(&group_id) {
            // The depth bound only guards against a cycle validation did not see.
            Some(below) if depth < MAX_GROUP_DEPTH => below
                .iter()
                .map(|(id, role)| grant(*id, *role, children, depth + 1))
                .collect(),
            _ => Vec::new(),
        };
        GroupGrant {
            group_id,
            role_id,
            sub_groups,
            unmodeled: Unmodeled::default(),
        }
    }
    groups
        .iter()
        .map(|group| {
            let id = *group.group_id.known().ok_or_else(incomplete)?;
            Ok(grant(id, group.role_id.known().copied(), &children, 1))
        })
        .collect()
}

/// How deep Akamai nests groups (akamai/akamai's schema follows the tree 50 levels down).
pub const MAX_GROUP_DEPTH: usize = 50;

/// Sends back, for each group of `sent` that the tenant's `current` client also grants (matched
/// by `groupId` anywhere in the tree), the fields of that group the resource does not model
/// (`isBlocked`, …), as the tenant holds them (see `vendors::full_replace`).
pub(super) fn keep_unmodeled_group_fields(sent: &mut [GroupGrant], current: &[GroupGrant]) {
    fn index<'a>(groups: &'a [GroupGrant], into: &mut BTreeMap<i64, &'a GroupGrant>) {
        for group in groups {
            into.insert(group.group_id, group);
            index(&group.sub_groups, into);
        }
    }
    fn fill(groups: &mut [GroupGrant], by_id: &BTreeMap<i64, &GroupGrant>) {
        for group in groups {
            if let Some(current) = by_id.get(&group.group_id) {
                group.unmodeled = current.unmodeled.writable(&[]);
            }
            fill(&mut group.sub_groups, by_id);
        }
    }
    let mut by_id = BTreeMap::new();
    index(current, &mut by_id);
    fill(sent, &by_id);
}

/// The sub-groups of `groups`, flattened: each names its parent.
fn flatten_sub_groups(groups: &[GroupGrant]) -> BTreeSet<SubGroupState> {
    fn walk(parent: &GroupGrant, out: &mut BTreeSet<SubGroupState>, depth: usize) {
        if depth >= MAX_GROUP_DEPTH {
            return;
        }
        for sub in &parent.sub_groups {
            out.insert(SubGroupState {
                parent_group_id: Tf::Known(parent.group_id),
                group_id: Tf::Known(sub.group_id),
                role_id: Tf::from_option(sub.role_id),
            });
            walk(sub, out, depth + 1);
        }
    }
    let mut out = BTreeSet::new();
    for group in groups {
        walk(group, &mut out, 1);
    }
    out
}

fn actions_state(actions: &ClientActions) -> ActionsState {
    let b = |v: Option<bool>| Tf::from_option(v);
    ActionsState {
        delete: b(actions.delete),
        deactivate_all: b(actions.deactivate_all),
        edit: b(actions.edit),
        edit_apis: b(actions.edit_apis),
        edit_auth: b(actions.edit_auth),
        edit_groups: b(actions.edit_groups),
        edit_ip_acl: b(actions.edit_ip_acl),
        edit_switch_account: b(actions.edit_switch_account),
        lock: b(actions.lock),
        transfer: b(actions.transfer),
        unlock: b(actions.unlock),
    }
}

/// The state for a client as the API returns it.
pub(crate) fn state_from_remote(remote: &ApiClientDetail) -> ApiClientState {
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
    let group_access = remote.group_access.as_ref().map(|access| {
        let groups = access.groups.as_deref().unwrap_or_default();
        if access.clone_authorized_user_groups {
            GroupAccessState {
                clone_authorized_user_groups: Tf::Known(true),
                groups: Tf::Null,
                sub_groups: Tf::Null,
            }
        } else {
            GroupAccessState {
                clone_authorized_user_groups: Tf::Known(false),
                groups: Tf::Known(
                    groups
                        .iter()
                        .map(|group| GroupState {
                            group_id: Tf::Known(group.group_id),
                            role_id: Tf::from_option(group.role_id),
                        })
                        .collect(),
                ),
                sub_groups: Tf::Known(flatten_sub_groups(groups)),
            }
        }
    });
    let purge_options = remote
        .purge_options
        .as_ref()
        .map(|purge| PurgeOptionsState {
            can_purge_by_cache_tag: Tf::Known(purge.can_purge_by_cache_tag),
            can_purge_by_cp_code: Tf::Known(purge.can_purge_by_cp_code),
            cp_code_access: Tf::Known(CpCodeAccessState {
                all_current_and_new_cp_codes: Tf::Known(
                    purge.cp_code_access.all_current_and_new_cp_codes,
                ),
                cp_codes: Tf::Known(purge.cp_code_access.cp_codes.iter().copied().collect()),
            }),
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
        purge_options: Tf::from_option(purge_options),
        lock: Tf::Known(remote.is_locked.unwrap_or(false)),
        access_token: Tf::from_option(remote.access_token.clone()),
        base_url: Tf::from_option(remote.base_url.clone()),
        created_by: Tf::from_option(remote.created_by.clone()),
        created_date: Tf::from_option(remote.created_date.clone()),
        actions: Tf::from_option(remote.actions.as_ref().map(actions_state)),
        active_credential_count: Tf::from_option(remote.active_credential_count),
    }
}
