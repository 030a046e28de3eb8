//! EdgeGrid for the Akamai tests: a minimal `EG1-HMAC-SHA256` signer written from Akamai's
//! description (it does not use the sandbox's verifier code, so the two can disagree) and the
//! signed request every Akamai test sends.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::{Digest, Sha256};

use apiclients_sandbox::EdgeGridCredentials;

/// The three tokens of an `.edgerc` section.
#[derive(Clone, Debug)]
pub struct Tokens {
    pub client_token: String,
    pub access_token: String,
    pub client_secret: String,
}

impl Tokens {
    /// The sandbox's configured admin credentials.
    pub fn admin(credentials: &EdgeGridCredentials) -> Tokens {
        Tokens {
            client_token: credentials.client_token.clone(),
            access_token: credentials.access_token.clone(),
            client_secret: credentials.client_secret.clone(),
        }
    }

    /// The credential a create answer (client create with `createCredential`, or credential
    /// create) carries, for the client whose `accessToken` is given.
    pub fn of(access_token: &Value, credential: &Value) -> Tokens {
        Tokens {
            client_token: credential["clientToken"].as_str().unwrap().to_owned(),
            access_token: access_token.as_str().unwrap().to_owned(),
            client_secret: credential["clientSecret"].as_str().unwrap().to_owned(),
        }
    }
}

/// What a signature covers (no headers: the sandbox signs none, as Akamai's IAM API names none).
#[derive(Clone, Copy)]
pub struct Signed<'a> {
    pub method: &'a str,
    pub scheme: &'a str,
    pub host: &'a str,
    pub path: &'a str,
    pub body: &'a [u8],
    pub timestamp: &'a str,
    pub nonce: &'a str,
}

/// The `Authorization` header for `request` signed with `tokens`.
pub fn authorization(tokens: &Tokens, request: &Signed<'_>) -> String {
    let hmac = |key: &[u8], data: &[u8]| {
        let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
        mac.update(data);
        BASE64.encode(mac.finalize().into_bytes())
    };
    let Signed {
        method,
        scheme,
        host,
        path,
        body,
        timestamp,
        nonce,
    } = *request;
    let unsigned = format!(
        "EG1-HMAC-SHA256 client_token={};access_token={};timestamp={timestamp};nonce={nonce};",
        tokens.client_token, tokens.access_token
    );
    let content_hash = if method == "POST" && !body.is_empty() {
        BASE64.encode(Sha256::digest(&body[..body.len().min(131_072)]))
    } else {
        String::new()
    };
    let data = [method, scheme, host, path, "", &content_hash, &unsigned].join("\t");
    let key = hmac(tokens.client_secret.as_bytes(), timestamp.as_bytes());
    format!(
        "{unsigned}signature={}",
        hmac(key.as_bytes(), data.as_bytes())
    )
}

/// EdgeGrid's timestamp for now (`yyyyMMddTHH:mm:ss+0000`).
pub fn now_timestamp() -> String {
    chrono::Utc::now()
        .format("%Y%m%dT%H:%M:%S+0000")
        .to_string()
}

/// A request to `http://{host}{path}` signed now, with a fresh nonce, sent as JSON; answered as
/// it is.
pub async fn send(
    http: &reqwest::Client,
    host: &str,
    tokens: &Tokens,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> reqwest::Response {
    let bytes = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
    let nonce = uuid::Uuid::new_v4().to_string();
    let auth = authorization(
        tokens,
        &Signed {
            method,
            scheme: "http",
            host,
            path,
            body: &bytes,
            timestamp: &now_timestamp(),
            nonce: &nonce,
        },
    );
    send_raw(http, host, method, path, Some(auth), bytes).await
}

/// A request with whatever `Authorization` header is given (or none).
pub async fn send_raw(
    http: &reqwest::Client,
    host: &str,
    method: &str,
    path: &str,
    auth: Option<String>,
    body: Vec<u8>,
) -> reqwest::Response {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = http
        .request(method, format!("http://{host}{path}"))
        .header("content-type", "application/json")
        .body(body);
    if let Some(auth) = auth {
        request = request.header("authorization", auth);
    }
    request.send().await.unwrap()
}
