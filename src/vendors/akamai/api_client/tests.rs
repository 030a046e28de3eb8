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
            "groupAccess": {"cloneAuthorizedUserGroups": false, "groups": [{"groupId": 7, "roleId": 3}]},
        })
    );
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
