use std::collections::BTreeSet;

use super::mapping::*;
use super::*;
use crate::vendors::sailpoint::api::GetOAuthClientResponse;
use crate::vendors::test_support::{paths, validated};

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
    let resource = SailPointOAuthClientResource::new(ProviderHandle::default());
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
    assert_eq!(
        paths(&diags),
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
    assert!(validated(&resource, &config).is_empty());
    config.redirect_uris = Tf::Known(BTreeSet::from(["not a uri".to_owned()]));
    assert_eq!(validated(&resource, &config).iter().count(), 1);
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
