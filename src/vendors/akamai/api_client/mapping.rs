//! The state of `apiclients_akamai_api_client` and its mapping to and from the API's bodies.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::super::api::{
    ApiAccess, ApiClientDetail, ApiClientRequest, ApiGrant, GroupAccess, GroupGrant, IpAcl,
};
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
