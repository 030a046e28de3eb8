use super::mapping::*;
use crate::vendors::akamai::api::ApiClientDetail;

use super::*;
use crate::vendors::test_support::paths;

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
    let request = body_from_state(&state).unwrap();
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
            "groupAccess": {"cloneAuthorizedUserGroups": false, "groups": [{"groupId": 7, "roleId": 3, "subGroups": []}]},
        })
    );
}

fn purge_client() -> ApiClientDetail {
    let mut detail = serde_json::to_value(detail_json()).unwrap();
    detail["groupAccess"] = serde_json::json!({"cloneAuthorizedUserGroups": false, "groups": [
        {"groupId": 7, "roleId": 3, "groupName": "G", "isBlocked": true, "subGroups": [
            {"groupId": 8, "roleId": 4, "isBlocked": false, "subgroups": [
                {"groupId": 9, "roleId": 5, "subGroups": null}]}]}]});
    detail["purgeOptions"] = serde_json::json!({"canPurgeByCacheTag": true, "canPurgeByCpcode": true,
        "cpcodeAccess": {"allCurrentAndNewCpcodes": false, "cpcodes": [101, 202]}});
    detail["serviceTier"] = serde_json::json!("gold");
    detail["serviceConsumerToken"] = serde_json::json!("akab-consumer");
    detail["activeCredentialCount"] = serde_json::json!(2);
    detail["actions"] = serde_json::json!({"delete": false, "lock": false, "unlock": true});
    serde_json::from_value(detail).unwrap()
}

fn detail_json() -> serde_json::Value {
    serde_json::json!({
        "accessToken": "akab-access-xyz", "clientId": "c1", "clientName": "ci", "clientType": "CLIENT",
        "authorizedUsers": ["alice"], "notificationEmails": [], "isLocked": true,
        "apiAccess": {"allAccessibleApis": true},
        "groupAccess": {"cloneAuthorizedUserGroups": true},
    })
}

#[test]
fn purge_options_and_nested_sub_groups_round_trip() {
    let remote = purge_client();
    let state = state_from_remote(&remote);
    let access = state.group_access.known().unwrap();
    let subs: Vec<_> = access
        .sub_groups
        .known()
        .unwrap()
        .iter()
        .map(|s| {
            (
                *s.parent_group_id.known().unwrap(),
                *s.group_id.known().unwrap(),
            )
        })
        .collect();
    assert_eq!(subs, [(7, 8), (8, 9)], "flattened, each naming its parent");
    assert_eq!(state.active_credential_count, Tf::Known(2));
    assert_eq!(state.actions.known().unwrap().unlock, Tf::Known(true));
    let request = body_from_state(&state).unwrap();
    let body = serde_json::to_value(&request).unwrap();
    assert_eq!(
        body["groupAccess"]["groups"],
        serde_json::json!([{"groupId": 7, "roleId": 3, "subGroups": [
            {"groupId": 8, "roleId": 4, "subGroups": [{"groupId": 9, "roleId": 5, "subGroups": []}]}]}]),
        "nested again as Akamai nests them"
    );
    assert_eq!(
        body["purgeOptions"],
        serde_json::json!({"canPurgeByCacheTag": true, "canPurgeByCpcode": true,
            "cpcodeAccess": {"allCurrentAndNewCpcodes": false, "cpcodes": [101, 202]}})
    );
}

#[test]
fn a_full_replace_sends_back_what_is_not_modeled() {
    let remote = purge_client();
    let mut request = body_from_state(&state_from_remote(&remote)).unwrap();
    keep_unmodeled(&mut request, &remote);
    let body = serde_json::to_value(&request).unwrap();
    assert_eq!(body["serviceTier"], "gold", "a field Akamai added is kept");
    for response_only in [
        "serviceConsumerToken",
        "accessToken",
        "actions",
        "activeCredentialCount",
        "isLocked",
        "clientId",
    ] {
        assert!(
            body.get(response_only).is_none(),
            "{response_only} is not writable: {body}"
        );
    }
    let group = &body["groupAccess"]["groups"][0];
    assert_eq!(group["isBlocked"], true, "{group}");
    assert_eq!(group["groupName"], "G");
    assert_eq!(group["subGroups"][0]["isBlocked"], false);
    assert!(!format!("{request:?}").contains("akab-consumer"));
}

#[test]
fn sub_groups_need_a_granted_parent_and_cp_codes_exclude_all() {
    let resource = AkamaiApiClientResource::new(ProviderHandle::default());
    let sub = |parent: i64, id: i64| SubGroupState {
        parent_group_id: Tf::Known(parent),
        group_id: Tf::Known(id),
        role_id: Tf::Known(1),
    };
    let mut config = state_from_remote(&purge_client());
    config.lock = Tf::Known(false);
    assert!(Resource::validate(&resource, &config).is_empty());
    if let Tf::Known(access) = &mut config.group_access {
        access.sub_groups = Tf::Known(BTreeSet::from([sub(7, 8), sub(99, 10)]));
    }
    config.purge_options = Tf::Known(PurgeOptionsState {
        can_purge_by_cache_tag: Tf::Known(true),
        can_purge_by_cp_code: Tf::Known(true),
        cp_code_access: Tf::Known(CpCodeAccessState {
            all_current_and_new_cp_codes: Tf::Known(true),
            cp_codes: Tf::Known(BTreeSet::from([1])),
        }),
    });
    let diags = Resource::validate(&resource, &config);
    assert_eq!(
        paths(&diags),
        ["group_access.sub_groups", "purge_options.cp_code_access"],
        "{diags:?}"
    );
    assert!(
        format!("{diags:?}").contains("parent_group_id 99"),
        "{diags:?}"
    );
    if let Tf::Known(access) = &mut config.group_access {
        access.sub_groups = Tf::Known(BTreeSet::from([sub(7, 8), sub(8, 7)]));
    }
    assert!(format!("{:?}", Resource::validate(&resource, &config)).contains("group 7 twice"));
}

#[test]
fn validation_names_the_attribute() {
    let resource = AkamaiApiClientResource::new(ProviderHandle::default());
    let config = ApiClientState {
        api_access: Tf::Known(ApiAccessState {
            all_accessible_apis: Tf::Known(false),
            apis: Tf::Null,
        }),
        group_access: Tf::Known(GroupAccessState {
            clone_authorized_user_groups: Tf::Known(true),
            groups: Tf::Known(BTreeSet::new()),
            sub_groups: Tf::Null,
        }),
        ip_acl: Tf::Known(IpAclState {
            enable: Tf::Known(true),
            cidr: Tf::Known(BTreeSet::from(["10.0.0.0/8".into(), "10.0.0.300".into()])),
        }),
        ..Default::default()
    };
    let diags = Resource::validate(&resource, &config);
    assert_eq!(
        paths(&diags),
        ["api_access.apis", "group_access.groups", "ip_acl.cidr"],
        "{diags:?}"
    );
}
