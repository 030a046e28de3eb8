//! A 401 drops the cached token and the call is retried once with a fresh one; a second 401 is
//! returned to the caller. Served by a tiny loopback server whose first token is revoked.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use apiclients::http::{CancellationToken, HttpSettings};
use apiclients::vendors::ibm_verify::api::ListQuery;
use apiclients::vendors::ibm_verify::{IbmVerifyClient, config};
use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};

async fn serve(revoke_all: bool) -> (String, Arc<AtomicUsize>) {
    let issued = Arc::new(AtomicUsize::new(0));
    let counter = issued.clone();
    let app = Router::new()
        .route(
            "/v1.0/endpoint/default/token",
            post(move || {
                let counter = counter.clone();
                async move {
                    let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
                    axum::Json(serde_json::json!({"access_token": format!("t{n}"), "expires_in": 7199, "token_type": "Bearer"}))
                }
            }),
        )
        .route(
            "/v1.0/apiclients",
            get(move |headers: HeaderMap| async move {
                let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
                if revoke_all || auth == "Bearer t1" {
                    (StatusCode::UNAUTHORIZED, String::new())
                } else {
                    (StatusCode::OK, r#"{"apiClients":[]}"#.to_owned())
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, issued)
}

fn client(url: &str) -> IbmVerifyClient {
    let partial = config::PartialIbmVerify {
        tenant_url: Some(url.to_owned()),
        client_id: Some("id".into()),
        client_secret: Some("secret".into()),
        access_token: None,
    };
    IbmVerifyClient::new(
        &config::resolve(&partial, &|_| None).unwrap(),
        &HttpSettings::default(),
    )
    .unwrap()
}

#[tokio::test]
async fn revoked_token_is_replaced_once() {
    let (url, issued) = serve(false).await;
    let client = client(&url);
    let cancel = CancellationToken::new();
    client.list(&ListQuery::default(), &cancel).await.unwrap();
    client.list(&ListQuery::default(), &cancel).await.unwrap();
    assert_eq!(issued.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn persistent_401_is_returned_after_one_refresh() {
    let (url, issued) = serve(true).await;
    let err = client(&url)
        .list(&ListQuery::default(), &CancellationToken::new())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401), "{err}");
    assert_eq!(issued.load(Ordering::SeqCst), 2);
}
