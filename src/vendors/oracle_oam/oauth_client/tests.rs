use std::collections::BTreeSet;

use super::mapping::*;
use super::*;
use crate::vendors::oracle_oam::api::OamClient;
use crate::vendors::test_support::{paths, validated};
use serde_json::Value as Json;

fn state() -> OAuthClientState {
    OAuthClientState {
        id: Tf::Known("Default/c1".into()),
        identity_domain: Tf::Known("Default".into()),
        name: Tf::Known("ci".into()),
        client_id: Tf::Known("c1".into()),
        description: Tf::Known("CI".into()),
        client_type: Tf::Known("CONFIDENTIAL_CLIENT".into()),
        grant_types: Tf::Known(BTreeSet::from(["CLIENT_CREDENTIALS".to_owned()])),
        redirect_uris: Tf::Known(BTreeSet::from([
            "https://a.example/cb".to_owned(),
            "http://localhost:8080/cb".to_owned(),
        ])),
        issue_tls_client_certificate_bound_access_tokens: Tf::Known(true),
        attributes: Tf::Known(vec![TokenAttributeState {
            attr_name: Tf::Known("team".into()),
            attr_type: Tf::Known("STATIC".into()),
            attr_value: Tf::Known("ops".into()),
        }]),
        client_secret: Tf::Known("s3cr3t-value".into()),
        ..Default::default()
    }
}

#[test]
fn body_uses_documented_names_and_derives_is_https() {
    let body = serde_json::to_value(body_from_state(&state(), true).unwrap()).unwrap();
    assert_eq!(body["idDomain"], "Default");
    assert_eq!(body["id"], "c1");
    assert_eq!(body["secret"], "s3cr3t-value");
    assert_eq!(body["issueTLSClientCertificateBoundAccessTokens"], "true");
    assert_eq!(
        body["redirectURIs"],
        serde_json::json!([
            {"url": "http://localhost:8080/cb", "isHttps": false},
            {"url": "https://a.example/cb", "isHttps": true},
        ])
    );
    assert_eq!(
        body["attributes"],
        serde_json::json!([{"attrName": "team", "attrType": "STATIC", "attrValue": "ops"}])
    );
    let update = serde_json::to_value(body_from_state(&state(), false).unwrap()).unwrap();
    assert!(
        update.get("secret").is_none(),
        "updates never send the secret"
    );
}

#[test]
fn removed_properties_are_sent_as_null() {
    let prior = state();
    let mut planned = prior.clone();
    planned.description = Tf::Null;
    planned.attributes = Tf::Null;
    planned.redirect_uris = Tf::Known(BTreeSet::from(["https://new.example.com/cb".to_owned()]));
    let before = body_from_state(&prior, false).unwrap();
    let after = body_from_state(&planned, false).unwrap();
    let sent = changed_properties(&before, &after).unwrap();
    let json = serde_json::to_value(&sent).unwrap();
    assert_eq!(json["description"], Json::Null);
    assert_eq!(json["attributes"], Json::Null);
    assert!(json.get("description").is_some());
    assert_eq!(json["name"], "ci");
    assert!(json.get("redirectURIs").is_some(), "changed: sent");
    for unchanged in [
        "grantTypes",
        "clientType",
        "issueTLSClientCertificateBoundAccessTokens",
    ] {
        assert!(
            json.get(unchanged).is_none(),
            "{unchanged} did not change: {json}"
        );
    }
}

#[test]
fn read_keeps_the_secret_and_maps_string_flags() {
    let remote: OamClient = serde_json::from_value(serde_json::json!({
        "id": "c1", "name": "ci", "idDomain": "Default", "secret": "********",
        "clientType": "CONFIDENTIAL_CLIENT", "grantTypes": ["CLIENT_CREDENTIALS"],
        "redirectURIs": [], "scopes": ["R.s1"], "description": "",
        "issueTLSClientCertificateBoundAccessTokens": "false",
        "oldSecretRetentionTimeInDays": 3
    }))
    .unwrap();
    let read = state_from_remote(&remote, &state());
    assert_eq!(read.client_secret, Tf::Known("s3cr3t-value".into()));
    assert_eq!(read.redirect_uris, Tf::Null);
    assert_eq!(read.description, Tf::Null);
    assert_eq!(read.scopes, Tf::Known(BTreeSet::from(["R.s1".to_owned()])));
    assert_eq!(
        read.issue_tls_client_certificate_bound_access_tokens,
        Tf::Known(false)
    );
    assert_eq!(read.old_secret_retention_time_in_days, Tf::Known(3));
    assert_eq!(read.id, Tf::Known("Default/c1".into()));
}

#[test]
fn validation_names_the_attribute() {
    let resource = OracleOamOAuthClientResource::new(ProviderHandle::default());
    let mut config = state();
    config.grant_types = Tf::Known(BTreeSet::from([
        "AUTHORIZATION_CODE".to_owned(),
        "IMPLICIT".to_owned(),
    ]));
    config.redirect_uris = Tf::Null;
    config.old_secret_retention_time_in_days = Tf::Known(-1);
    config.client_type = Tf::Known("PUBLIC_CLIENT".into());
    config.secret_version = Tf::Known(1);
    let diags = validated(&resource, &config);
    assert_eq!(
        paths(&diags),
        [
            "grant_types",
            "redirect_uris",
            "old_secret_retention_time_in_days",
            "client_secret",
            "secret_version"
        ],
        "{diags:?}"
    );
    let ok = state();
    assert!(validated(&resource, &ok).is_empty());
    let mut bad_url = state();
    bad_url.redirect_uris = Tf::Known(BTreeSet::from(["ftp://x/cb".to_owned()]));
    assert_eq!(validated(&resource, &bad_url).iter().count(), 1);
}

#[tokio::test]
async fn import_needs_domain_and_client_id() {
    let resource = OracleOamOAuthClientResource::new(ProviderHandle::default());
    let ctx = Context::new(Default::default());
    let imported = Resource::import(&resource, &ctx, "Default/c1")
        .await
        .unwrap();
    assert_eq!(imported.identity_domain, Tf::Known("Default".into()));
    assert_eq!(imported.client_id, Tf::Known("c1".into()));
    for bad in ["c1", "/c1", "Default/", ""] {
        let err = Resource::import(&resource, &ctx, bad).await.unwrap_err();
        assert!(
            err.to_string().contains("<identity_domain>/<client_id>"),
            "{err}"
        );
    }
}

#[test]
fn rotation_only_when_the_version_changes_and_the_secret_is_not_configured() {
    let prior = state();
    let mut planned = prior.clone();
    assert!(!rotation_wanted(&prior, &planned));
    // The one secret-version rule (vendors::secret_version): setting it the first time only
    // records the number (OAM used to rotate here; changed on purpose, see CHANGELOG).
    planned.secret_version = Tf::Known(1);
    assert!(!rotation_wanted(&prior, &planned));
    let mut versioned = prior.clone();
    versioned.secret_version = Tf::Known(1);
    planned.secret_version = Tf::Known(2);
    assert!(rotation_wanted(&versioned, &planned));
    planned.client_secret = Tf::Known("chosen".into());
    assert!(
        !rotation_wanted(&versioned, &planned),
        "a configured secret wins"
    );
    let mut removed = prior.clone();
    removed.secret_version = Tf::Known(2);
    let mut after = removed.clone();
    after.secret_version = Tf::Null;
    assert!(
        !rotation_wanted(&removed, &after),
        "removing it does not rotate"
    );
}

#[test]
fn debug_hides_the_secret() {
    assert!(!format!("{:?}", state()).contains("s3cr3t"));
}
