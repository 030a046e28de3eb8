//! `moved { from = akamai_iam_api_client.x  to = apiclients_akamai_api_client.x }`: akamai/akamai's
//! state of an API client, translated to this resource's (Terraform 1.8+, `MoveResourceState`).
//!
//! akamai/akamai's `akamai_iam_api_client` has kept schema version 0 from v8.0.0, where it
//! appeared, to v9.2.0 (pkg/providers/iam/resource_akamai_iam_api_client.go; the one change, in
//! v9.0, made `ip_acl.cidr` required). The translation reads the values as a refresh of this
//! resource would show them (see `state_from_remote`), so that the move plans no change: no
//! request is sent, and Terraform refreshes the moved client next. Its embedded `credential` has
//! no place here: import it as `apiclients_akamai_api_client_credential` (the migration guide
//! says how); its secret is dropped, never logged.

use std::collections::BTreeSet;

use serde_json::Value as Json;

use super::mapping::{
    ActionsState, ApiAccessState, ApiClientState, ApiState, CpCodeAccessState, GroupAccessState,
    GroupState, IpAclState, MAX_GROUP_DEPTH, PurgeOptionsState, SubGroupState,
};

use tfplugin::{Diagnostic, Diagnostics, MoveSource, Sensitive, Tf};

/// The resource type a `moved` block may come from, and the provider that writes it.
pub const SOURCE_TYPE: &str = "akamai_iam_api_client";
const SOURCE_PROVIDER_SUFFIX: &str = "/akamai/akamai";
/// The schema versions of akamai/akamai's state this translation reads.
const SOURCE_VERSIONS: [i64; 1] = [0];

/// `None` unless `source` is akamai/akamai's API client.
pub(super) fn from_akamai_provider(
    source: &MoveSource<'_>,
) -> Option<Result<ApiClientState, Diagnostics>> {
    if source.type_name != SOURCE_TYPE || !source.provider_address.ends_with(SOURCE_PROVIDER_SUFFIX)
    {
        return None;
    }
    if !SOURCE_VERSIONS.contains(&source.schema_version) {
        return Some(Err(Diagnostic::error(
            "Unknown akamai/akamai state version",
            format!(
                "The state of {SOURCE_TYPE} is at schema version {}, which this provider cannot translate (it reads version 0, akamai/akamai v8.0.0 to v9.2.0). Remove the `moved` block, then use a `removed` block and an `import` block instead (see the migration guide).",
                source.schema_version
            ),
        )
        .into()));
    }
    Some(translate(source.state))
}

fn translate(state: &Json) -> Result<ApiClientState, Diagnostics> {
    let id = state
        .get("client_id")
        .or_else(|| state.get("id"))
        .and_then(Json::as_str)
        .filter(|id| !id.is_empty())
        .ok_or_else(|| {
            Diagnostics::from(Diagnostic::error(
                "No client ID in the state to move",
                format!("The {SOURCE_TYPE} state has no client_id. Remove the `moved` block and import the client by its ID instead."),
            ))
        })?;
    Ok(ApiClientState {
        timeouts: Tf::Null,
        id: Tf::Known(id.to_owned()),
        client_name: string(state, "client_name"),
        // Its default is "", which this resource reads as unset.
        client_description: string(state, "client_description")
            .known()
            .filter(|d| !d.is_empty())
            .map_or(Tf::Null, |d| Tf::Known(d.clone())),
        client_type: string(state, "client_type"),
        authorized_users: strings(state.get("authorized_users")),
        notification_emails: strings(state.get("notification_emails")),
        allow_account_switch: Tf::Known(flag(state, "allow_account_switch")),
        can_auto_create_credential: Tf::Known(flag(state, "can_auto_create_credential")),
        api_access: state
            .get("api_access")
            .filter(|v| v.is_object())
            .map_or(Tf::Null, api_access),
        group_access: state
            .get("group_access")
            .filter(|v| v.is_object())
            .map_or(Tf::Null, group_access),
        ip_acl: ip_acl(state.get("ip_acl")),
        purge_options: purge_options(state.get("purge_options")),
        lock: Tf::Known(flag(state, "lock")),
        access_token: string(state, "access_token").map(Sensitive::new),
        base_url: string(state, "base_url"),
        created_by: string(state, "created_by"),
        created_date: string(state, "created_date"),
        actions: actions(state.get("actions")),
        active_credential_count: state
            .get("active_credential_count")
            .and_then(Json::as_i64)
            .map_or(Tf::Null, Tf::Known),
    })
}

fn string(object: &Json, key: &str) -> Tf<String> {
    object
        .get(key)
        .and_then(Json::as_str)
        .map_or(Tf::Null, |s| Tf::Known(s.to_owned()))
}

fn flag(object: &Json, key: &str) -> bool {
    object.get(key).and_then(Json::as_bool).unwrap_or(false)
}

fn number(object: &Json, key: &str) -> Tf<i64> {
    object
        .get(key)
        .and_then(Json::as_i64)
        .map_or(Tf::Null, Tf::Known)
}

fn strings(value: Option<&Json>) -> Tf<BTreeSet<String>> {
    match value.and_then(Json::as_array) {
        Some(items) => Tf::Known(
            items
                .iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect(),
        ),
        None => Tf::Known(BTreeSet::new()),
    }
}

fn api_access(access: &Json) -> Tf<ApiAccessState> {
    let all = flag(access, "all_accessible_apis");
    Tf::Known(ApiAccessState {
        all_accessible_apis: Tf::Known(all),
        // With every API allowed, akamai/akamai stores the full list Akamai answers; this
        // resource has none.
        apis: if all {
            Tf::Null
        } else {
            Tf::Known(
                access
                    .get("apis")
                    .and_then(Json::as_array)
                    .into_iter()
                    .flatten()
                    .map(|api| ApiState {
                        api_id: number(api, "api_id"),
                        access_level: string(api, "access_level"),
                    })
                    .collect(),
            )
        },
    })
}

fn group_access(access: &Json) -> Tf<GroupAccessState> {
    if flag(access, "clone_authorized_user_groups") {
        return Tf::Known(GroupAccessState {
            clone_authorized_user_groups: Tf::Known(true),
            groups: Tf::Null,
            sub_groups: Tf::Null,
        });
    }
    let groups: Vec<&Json> = access
        .get("groups")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .collect();
    let mut sub_groups = BTreeSet::new();
    for group in &groups {
        flatten(group, &mut sub_groups, 1);
    }
    Tf::Known(GroupAccessState {
        clone_authorized_user_groups: Tf::Known(false),
        groups: Tf::Known(
            groups
                .iter()
                .map(|group| GroupState {
                    group_id: number(group, "group_id"),
                    role_id: number(group, "role_id"),
                })
                .collect(),
        ),
        sub_groups: Tf::Known(sub_groups),
    })
}

/// akamai/akamai nests `sub_groups` in each group, as Akamai does; this resource names the parent.
fn flatten(parent: &Json, out: &mut BTreeSet<SubGroupState>, depth: usize) {
    if depth >= MAX_GROUP_DEPTH {
        return;
    }
    let parent_id = number(parent, "group_id");
    for sub in parent
        .get("sub_groups")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        out.insert(SubGroupState {
            parent_group_id: parent_id.clone(),
            group_id: number(sub, "group_id"),
            role_id: number(sub, "role_id"),
        });
        flatten(sub, out, depth + 1);
    }
}

/// akamai/akamai stores what Akamai answers; `{enable: false, cidr: []}` reads as none here.
fn ip_acl(value: Option<&Json>) -> Tf<IpAclState> {
    let Some(acl) = value.filter(|v| v.is_object()) else {
        return Tf::Null;
    };
    let cidr = strings(acl.get("cidr"));
    let enable = flag(acl, "enable");
    if !enable && cidr.known().is_none_or(BTreeSet::is_empty) {
        return Tf::Null;
    }
    Tf::Known(IpAclState {
        enable: Tf::Known(enable),
        cidr,
    })
}

fn purge_options(value: Option<&Json>) -> Tf<PurgeOptionsState> {
    let Some(purge) = value.filter(|v| v.is_object()) else {
        return Tf::Null;
    };
    let access = purge.get("cp_code_access").cloned().unwrap_or(Json::Null);
    Tf::Known(PurgeOptionsState {
        can_purge_by_cache_tag: Tf::Known(flag(purge, "can_purge_by_cache_tag")),
        can_purge_by_cp_code: Tf::Known(flag(purge, "can_purge_by_cp_code")),
        cp_code_access: Tf::Known(CpCodeAccessState {
            all_current_and_new_cp_codes: Tf::Known(flag(&access, "all_current_and_new_cp_codes")),
            cp_codes: Tf::Known(
                access
                    .get("cp_codes")
                    .and_then(Json::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Json::as_i64)
                    .collect(),
            ),
        }),
    })
}

fn actions(value: Option<&Json>) -> Tf<ActionsState> {
    let Some(actions) = value.filter(|v| v.is_object()) else {
        return Tf::Null;
    };
    let b = |key: &str| {
        actions
            .get(key)
            .and_then(Json::as_bool)
            .map_or(Tf::Null, Tf::Known)
    };
    Tf::Known(ActionsState {
        delete: b("delete"),
        deactivate_all: b("deactivate_all"),
        edit: b("edit"),
        edit_apis: b("edit_apis"),
        edit_auth: b("edit_auth"),
        edit_groups: b("edit_groups"),
        edit_ip_acl: b("edit_ip_acl"),
        edit_switch_account: b("edit_switch_account"),
        lock: b("lock"),
        transfer: b("transfer"),
        unlock: b("unlock"),
    })
}
