use super::mapping::*;

use super::*;

#[test]
fn configured_expiry_spelling_survives_a_read() {
    let wanted = Tf::Known("2027-01-31T00:00:00Z".to_owned());
    let remote = "2027-01-31T00:00:00.000Z".to_owned();
    assert_eq!(expiry(Some(&remote), &wanted), wanted);
    let other = "2027-02-01T00:00:00.000Z".to_owned();
    assert_eq!(expiry(Some(&other), &wanted), Tf::Known(other.clone()));
    assert_eq!(expiry(Some(&other), &Tf::Null), Tf::Known(other));
    // Sub-millisecond digits are not sent, so they do not make a diff either.
    let fine = Tf::Known("2027-01-31T01:00:00.123456+01:00".to_owned());
    let stored = "2027-01-31T00:00:00.123Z".to_owned();
    assert_eq!(expiry(Some(&stored), &fine), fine);
}

#[test]
fn expiry_is_sent_with_milliseconds() {
    for (written, sent) in [
        ("2027-01-31T00:00:00Z", "2027-01-31T00:00:00.000Z"),
        ("2027-01-31T00:00:00.5Z", "2027-01-31T00:00:00.500Z"),
        (
            "2027-01-31T02:00:00.123456789+02:00",
            "2027-01-31T00:00:00.123Z",
        ),
        ("not a date", "not a date"),
    ] {
        assert_eq!(wire_expiry(written), sent, "{written}");
    }
}

#[test]
fn import_id_needs_client_and_numeric_credential() {
    let resource = AkamaiApiClientCredentialResource::new(ProviderHandle::default());
    let ctx = Context::new(Default::default());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let ok = runtime
        .block_on(Resource::import(&resource, &ctx, "abc/123"))
        .unwrap();
    assert_eq!(ok.client_id, Tf::Known("abc".into()));
    assert_eq!(ok.id, Tf::Known("123".into()));
    for bad in ["abc", "abc/", "/123", "abc/x1", "a/b/1"] {
        assert!(
            runtime
                .block_on(Resource::import(&resource, &ctx, bad))
                .is_err(),
            "{bad}"
        );
    }
}

#[test]
fn debug_hides_token_and_secret() {
    let state = CredentialState {
        client_token: Tf::Known("akab-token-xyz".into()),
        client_secret: Tf::Known("s3cr3t-value".into()),
        ..Default::default()
    };
    let shown = format!("{state:?}");
    assert!(
        !shown.contains("akab-token-xyz") && !shown.contains("s3cr3t"),
        "{shown}"
    );
}
