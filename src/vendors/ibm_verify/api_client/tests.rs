use super::create::*;
use super::mapping::*;
use super::*;
use crate::vendors::ibm_verify::api::{AdditionalConfig, ApiClientConfig, OverrideSettings};
use serde_json::{Map, Value as Json};

fn entitlement_errors(names: &[&str]) -> Vec<Diagnostic> {
    let mut diags = Diagnostics::new();
    check_entitlements(
        &Tf::Known(names.iter().map(|s| s.to_string()).collect()),
        &mut diags,
    );
    diags.0
}

#[test]
fn unknown_entitlement_names_it_and_suggests() {
    let errors = entitlement_errors(&["readUserGroup", "manageAPIClients"]);
    assert_eq!(errors.len(), 1);
    assert!(errors[0].detail.contains("\"readUserGroup\""));
    assert!(errors[0].detail.contains("\"readUserGroups\""));
    assert_eq!(errors[0].path, Some(AttributePath::root("entitlements")));
    assert_eq!(entitlement_errors(&[]).len(), 1);
    assert!(entitlement_errors(&["readAPIClients"]).is_empty());
}

#[test]
fn ip_filter_rules() {
    let mut config = ApiClientState {
        ip_filter_op: Tf::Known("allow".into()),
        ip_filters: Tf::Known(["10.0.0.0/8".to_string(), "10.0.0.300/8".into()].into()),
        ..Default::default()
    };
    let mut diags = Diagnostics::new();
    check_ip_filters(&config, &mut diags);
    assert_eq!(diags.0.len(), 1);
    assert!(diags.0[0].detail.contains("10.0.0.300/8"));
    config.ip_filter_op = Tf::Null;
    config.ip_filters = Tf::Known(["192.0.2.1".to_string()].into());
    let mut diags = Diagnostics::new();
    check_ip_filters(&config, &mut diags);
    assert_eq!(diags.0.len(), 1);
    assert_eq!(diags.0[0].path, Some(AttributePath::root("ip_filter_op")));
}

#[test]
fn read_keeps_configured_spelling_and_nulls_server_defaults() {
    let prior = ApiClientState {
        client_name: Tf::Known("n".into()),
        ip_filters: Tf::Known(["10.1.2.3".to_string(), "10.0.0.0/8".into()].into()),
        jwk_uri: Tf::Known("https://keys.example.com".into()),
        ..Default::default()
    };
    let server = ApiClientConfig {
        client_name: Some("n".into()),
        entitlements: Some(vec!["readAPIClients".into()]),
        description: Some(String::new()),
        ip_filters: Some(vec!["10.1.2.3/32".into(), "10.0.0.0/8".into()]),
        jwk_uri: Some("https://keys.example.com/".into()),
        override_settings: Some(OverrideSettings {
            restrict_scopes: Some(false),
            scopes: Some(vec![]),
        }),
        additional_config: Some(AdditionalConfig {
            client_auth_method: Some("default".into()),
            ..Default::default()
        }),
        additional_properties: Some(Map::from_iter([("n".to_string(), Json::from(42))])),
        ..Default::default()
    };
    // After an import there is no configuration to match yet: defaults are reported.
    let imported = state_from_remote("k", server.clone(), &ApiClientState::default());
    assert!(imported.additional_config.is_known());
    assert!(imported.override_settings.is_known());
    let state = state_from_remote("k", server, &prior);
    assert_eq!(state.ip_filters, prior.ip_filters);
    assert_eq!(state.jwk_uri, prior.jwk_uri);
    assert_eq!(state.description, Tf::Null);
    assert_eq!(state.override_settings, Tf::Null);
    assert_eq!(state.additional_config, Tf::Null);
    let properties = state.additional_properties.known().unwrap();
    assert_eq!(properties["n"], "42");
    // ... and "42" goes back as the number it was.
    let current = ApiClientConfig {
        additional_properties: Some(Map::from_iter([("n".to_string(), Json::from(42))])),
        ..Default::default()
    };
    let body = body_from_state(&state, Some(&current));
    assert_eq!(body.additional_properties.unwrap()["n"], Json::from(42));
}

#[test]
fn only_a_client_with_the_sent_settings_matches() {
    let sent = ApiClientConfig {
        client_name: Some("job".into()),
        entitlements: Some(vec!["readAPIClients".into()]),
        enabled: Some(true),
        ..Default::default()
    };
    let ours = ApiClientConfig {
        id: Some("k1".into()),
        client_id: Some("generated".into()),
        ..sent.clone()
    };
    let other = ApiClientConfig {
        id: Some("k0".into()),
        entitlements: Some(vec!["manageAPIClients".into()]),
        ..sent.clone()
    };
    assert!(matches_sent(&ours, &sent));
    assert!(!matches_sent(&other, &sent));
}

#[test]
fn rotation_only_when_the_version_changed() {
    let prior = ApiClientState {
        secret_version: Tf::Known(1),
        client_secret: Tf::Known("s".into()),
        ..Default::default()
    };
    let mut planned = ApiClientState {
        secret_version: Tf::Known(2),
        client_secret: Tf::Unknown,
        ..Default::default()
    };
    assert!(rotation_requested(&prior, &planned));
    planned.secret_version = Tf::Known(1);
    assert!(!rotation_requested(&prior, &planned));
    // From null (first set, or after an import): recorded, never a rotation.
    let imported = ApiClientState {
        secret_version: Tf::Null,
        ..prior.clone()
    };
    planned.secret_version = Tf::Known(3);
    assert!(!rotation_requested(&imported, &planned));
    assert!(!format!("{prior:?}").contains("\"s\""));
}
