//! EdgeGrid signer checked against Akamai's published test vectors and, when available, against
//! Akamai's reference Python library run on the fly.
//!
//! The vectors live in `fixtures/edgegrid_vectors.json` (shared with the sandbox's verifier test,
//! `crates/sandbox/tests/sandbox_akamai.rs`), transcribed from the PyPI package `edgegrid-python`
//! 2.0.9 (Akamai's reference client, repository akamai/AkamaiOPEN-edgegrid-python); the fixture's
//! `source` names the files.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use apiclients::vendors::akamai::edgegrid::{
    self, DEFAULT_MAX_BODY, EdgeGridCredentials, SigningRequest,
};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;
use url::Url;

/// Akamai's vectors (fixtures/edgegrid_vectors.json names its vendor source).
fn fixture() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/edgegrid_vectors.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in {value}"))
}

/// One request case of testcases.json.
struct Vector {
    name: String,
    method: String,
    /// Joined onto the base URL like the reference test's `urljoin`.
    path: String,
    /// Request headers as the case gives them (Host included).
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// `make_data_to_sign(req, "")`; absent for the case requests refuses to prepare.
    expected_data_to_sign: Option<String>,
    expected_authorization: String,
}

/// A case's body: absent, `{"text": ..}`, or `{"repeat": "d", "times": n}` (the oversized ones).
fn body_bytes(body: &Value) -> Vec<u8> {
    if body.is_null() {
        Vec::new()
    } else if let Some(text) = body["text"].as_str() {
        text.as_bytes().to_vec()
    } else {
        let byte = text(body, "repeat").as_bytes()[0];
        vec![byte; usize::try_from(body["times"].as_u64().unwrap()).unwrap()]
    }
}

/// testcases.json, in file order.
fn vectors() -> Vec<Vector> {
    fixture()["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|case| Vector {
            name: text(case, "name").to_owned(),
            method: text(case, "method").to_owned(),
            path: text(case, "path").to_owned(),
            headers: case["headers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|pair| {
                    (
                        pair[0].as_str().unwrap().to_owned(),
                        pair[1].as_str().unwrap().to_owned(),
                    )
                })
                .collect(),
            body: body_bytes(&case["body"]),
            expected_data_to_sign: case["expected_data_to_sign"].as_str().map(str::to_owned),
            expected_authorization: text(case, "expected_authorization").to_owned(),
        })
        .collect()
}

fn reference_credentials(fixture: &Value) -> EdgeGridCredentials {
    EdgeGridCredentials {
        client_token: text(fixture, "client_token").to_owned().into(),
        client_secret: text(fixture, "client_secret").to_owned().into(),
        access_token: text(fixture, "access_token").to_owned().into(),
    }
}

fn max_body(fixture: &Value) -> usize {
    usize::try_from(fixture["max_body"].as_u64().unwrap()).unwrap()
}

fn headers_to_sign(fixture: &Value) -> Vec<&str> {
    fixture["headers_to_sign"]
        .as_array()
        .unwrap()
        .iter()
        .map(|name| name.as_str().unwrap())
        .collect()
}

/// What an EdgeGrid client does with the configured `headers_to_sign`: keep, in configured
/// order, those the request carries (names compare case-insensitively).
fn select_headers(configured: &[&str], request_headers: &[(&str, &str)]) -> Vec<(String, String)> {
    configured
        .iter()
        .filter_map(|name| {
            request_headers
                .iter()
                .find(|(header, _)| header.eq_ignore_ascii_case(name))
                .map(|(_, value)| ((*name).to_owned(), (*value).to_owned()))
        })
        .collect()
}

#[test]
fn edgegrid_vectors_signing_key_and_content_hash() {
    let fixture = fixture();
    assert_eq!(
        edgegrid::signing_key(text(&fixture, "client_secret"), text(&fixture, "timestamp")),
        text(&fixture, "sign_key_test")
    );
    let content_hash = &fixture["content_hash_test"];
    assert_eq!(
        edgegrid::content_hash(
            "POST",
            text(content_hash, "body").as_bytes(),
            max_body(&fixture)
        ),
        text(content_hash, "hash")
    );
}

#[test]
fn edgegrid_vectors_testcases_json() {
    let fixture = fixture();
    let base = Url::parse(text(&fixture, "base_url")).unwrap();
    let creds = reference_credentials(&fixture);
    let configured = headers_to_sign(&fixture);
    for vector in vectors() {
        let url = base.join(&vector.path).unwrap();
        // The signer takes the host from the URL; the cases' Host header always agrees.
        for (name, value) in &vector.headers {
            if name.eq_ignore_ascii_case("host") {
                assert_eq!(Some(value.as_str()), url.host_str(), "{}", vector.name);
            }
        }
        let header_refs: Vec<(&str, &str)> = vector
            .headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        let headers = select_headers(&configured, &header_refs);
        let request = SigningRequest {
            method: &vector.method,
            url: &url,
            headers_to_sign: &headers,
            body: &vector.body,
        };
        if let Some(expected) = &vector.expected_data_to_sign {
            assert_eq!(
                &edgegrid::data_to_sign(&request, "", max_body(&fixture)),
                expected,
                "data to sign of {:?}",
                vector.name
            );
        }
        assert_eq!(
            edgegrid::sign(
                &creds,
                &request,
                text(&fixture, "timestamp"),
                text(&fixture, "nonce"),
                max_body(&fixture)
            ),
            vector.expected_authorization,
            "authorization of {:?}",
            vector.name
        );
    }
}

#[test]
fn edgegrid_vectors_cover_the_intended_edge_cases() {
    // Guards the transcription: dropping a case would silently weaken the test above.
    let vectors = vectors();
    let names: Vec<&str> = vectors.iter().map(|vector| vector.name.as_str()).collect();
    for required in [
        "simple GET",
        "GET with querystring",
        "POST inside limit",
        "POST too large",
        "POST length equals max_body",
        "POST empty body",
        "Header containing spaces",
        "Header with leading and interior spaces",
        "Headers out of order",
        "Extra header",
        "PUT test",
        "PATCH test",
        "GET with query params and separator in path",
    ] {
        assert!(names.contains(&required), "missing vector {required}");
    }
    assert_eq!(vectors.len(), 15);
}

#[test]
fn edgegrid_vectors_oversized_post_is_truncated_not_rejected() {
    let max_body = max_body(&fixture());
    let vectors = vectors();
    let too_large = vectors.iter().find(|v| v.name == "POST too large").unwrap();
    let equal = vectors
        .iter()
        .find(|v| v.name == "POST length equals max_body")
        .unwrap();
    assert_eq!(too_large.body.len(), max_body + 1);
    assert_eq!(equal.body.len(), max_body);
    assert_eq!(
        too_large.expected_authorization,
        equal.expected_authorization
    );
}

#[test]
fn edgegrid_vectors_json_and_multipart_posts() {
    let fixture = fixture();
    let creds = reference_credentials(&fixture);
    for case in [&fixture["json_post"], &fixture["multipart_post"]] {
        let url = Url::parse(text(&fixture, "base_url"))
            .unwrap()
            .join(text(case, "path"))
            .unwrap();
        let request = SigningRequest {
            method: "POST",
            url: &url,
            headers_to_sign: &[],
            body: text(case, "body").as_bytes(),
        };
        assert_eq!(
            edgegrid::sign(
                &creds,
                &request,
                text(&fixture, "timestamp"),
                text(&fixture, "nonce"),
                DEFAULT_MAX_BODY
            ),
            text(case, "expected_authorization")
        );
    }
}

/// Signs each request given on stdin (JSON) with edgegrid-python's `EdgeGridAuthHeaders` on a
/// `requests`-prepared request, exactly as `EdgeGridAuth` does, and prints the headers as JSON.
const PYTHON_SIGNER: &str = r#"
import base64, json, sys
import requests
from akamai.edgegrid.edgegrid import EdgeGridAuthHeaders

signed = []
for case in json.load(sys.stdin):
    signer = EdgeGridAuthHeaders(
        case["client_token"], case["client_secret"], case["access_token"],
        headers_to_sign=case["headers_to_sign"], max_body=case["max_body"])
    body = base64.b64decode(case["body"])
    prepared = requests.Request(
        method=case["method"], url=case["url"],
        headers={name: value for name, value in case["headers"]},
        data=body if body else None).prepare()
    if prepared.url != case["url"]:
        sys.exit(f"requests rewrote {case['url']!r} to {prepared.url!r}")
    signed.append(signer.make_auth_header(prepared, case["timestamp"], case["nonce"]))
json.dump(signed, sys.stdout)
"#;

const CHECK_IMPORT: &str = "import requests, akamai.edgegrid.edgegrid";

struct RandomCase {
    creds: EdgeGridCredentials,
    method: String,
    url: Url,
    headers: Vec<(String, String)>,
    configured: Vec<&'static str>,
    body: Vec<u8>,
    max_body: usize,
    nonce: String,
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn random_word(rng: &mut StdRng, alphabet: &[u8], max_len: usize) -> String {
    let len = rng.random_range(1..=max_len);
    (0..len).map(|_| *pick(rng, alphabet) as char).collect()
}

fn random_case(rng: &mut StdRng) -> RandomCase {
    const TOKEN_CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789-";
    const SECRET_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const PATH_CHARS: &[u8] = b"abcXYZ019-._~";
    const QUERY_CHARS: &[u8] = b"abcxyz0129-_.";
    const VALUE_CHARS: &[u8] = b"abcXYZ019-_.\"/=,";
    const SEPARATORS: [&str; 4] = [" ", "  ", "\t", " \t  "];

    let creds = EdgeGridCredentials {
        client_token: format!("akab-{}", random_word(rng, TOKEN_CHARS, 30)).into(),
        client_secret: format!("{}=", random_word(rng, SECRET_CHARS, 43)).into(),
        access_token: format!("akab-{}", random_word(rng, TOKEN_CHARS, 30)).into(),
    };
    let method = pick(
        rng,
        &["GET", "POST", "post", "PUT", "PATCH", "DELETE", "POST"],
    )
    .to_string();
    let origin = pick(
        rng,
        &[
            "https://akab-abcdefghijklmnop-qrstuvwxyz012345.luna.akamaiapis.net",
            "https://AKAB-Upper.Luna.AkamaiAPIs.net",
            "https://127.0.0.1:8443",
            "http://localhost:39321",
            "http://[::1]:8080",
        ],
    )
    .to_string();
    let mut path = String::new();
    for _ in 0..rng.random_range(0..5) {
        path.push('/');
        path.push_str(&random_word(rng, PATH_CHARS, 12));
        if rng.random_bool(0.1) {
            path.push_str("%20x");
        }
        if rng.random_bool(0.1) {
            path.push_str(";p=1");
        }
    }
    if path.is_empty() || rng.random_bool(0.2) {
        path.push('/');
    }
    let mut url_text = format!("{origin}{path}");
    if rng.random_bool(0.6) {
        let pairs: Vec<String> = (0..rng.random_range(1..4))
            .map(|_| {
                format!(
                    "{}={}",
                    random_word(rng, QUERY_CHARS, 8),
                    random_word(rng, QUERY_CHARS, 8)
                )
            })
            .collect();
        url_text.push('?');
        url_text.push_str(&pairs.join("&"));
    }
    let url = Url::parse(&url_text).unwrap();

    let mut headers = Vec::new();
    for name in ["X-Test1", "x-test2", "X-TEST3", "X-Extra"] {
        if rng.random_bool(0.5) {
            let mut value = String::new();
            if rng.random_bool(0.9) {
                for index in 0..rng.random_range(1..4) {
                    if index > 0 {
                        let separator: &&str = pick(rng, &SEPARATORS);
                        value.push_str(separator);
                    }
                    value.push_str(&random_word(rng, VALUE_CHARS, 10));
                }
                if rng.random_bool(0.3) {
                    value.push_str("   ");
                }
            }
            headers.push((name.to_owned(), value));
        }
    }
    let mut configured = vec!["X-Test3", "X-Test1", "X-Test2"];
    configured.truncate(rng.random_range(0..=3));

    let body: Vec<u8> = if rng.random_bool(0.3) {
        Vec::new()
    } else {
        (0..rng.random_range(1..300))
            .map(|_| rng.random())
            .collect()
    };
    let max_body = *pick(rng, &[0, 1, 17, 64, 256, DEFAULT_MAX_BODY]);
    RandomCase {
        creds,
        method,
        url,
        headers,
        configured,
        body,
        max_body,
        nonce: edgegrid::new_nonce(),
    }
}

/// Runs edgegrid-python (interpreter from `APICLIENTS_PYTHON`, default `python3`) on random
/// requests and compares. Skips loudly when the library is not importable with the default
/// interpreter; fails when `APICLIENTS_PYTHON` was set explicitly, since that asks for the check.
#[test]
fn edgegrid_cross_check_with_reference_python_library() {
    let explicit = std::env::var("APICLIENTS_PYTHON").ok();
    let python = explicit.clone().unwrap_or_else(|| "python3".to_owned());
    let importable = Command::new(&python)
        .args(["-c", CHECK_IMPORT])
        .output()
        .map(|output| output.status.success())
        .unwrap_or(false);
    if !importable {
        let message = format!(
            "edgegrid cross-check: `{python}` cannot import akamai.edgegrid; \
             set APICLIENTS_PYTHON to a venv with `pip install edgegrid-python`"
        );
        assert!(explicit.is_none(), "{message}");
        eprintln!("\n!!!!!!!! SKIPPED: {message} !!!!!!!!\n");
        return;
    }

    let seed: u64 = rand::random();
    eprintln!("edgegrid cross-check seed: {seed}");
    let mut rng = StdRng::seed_from_u64(seed);
    let timestamp = edgegrid::timestamp_now();
    let cases: Vec<RandomCase> = (0..300).map(|_| random_case(&mut rng)).collect();

    let input: Vec<serde_json::Value> = cases
        .iter()
        .map(|case| {
            serde_json::json!({
                "client_token": case.creds.client_token,
                "client_secret": case.creds.client_secret,
                "access_token": case.creds.access_token,
                "headers_to_sign": case.configured,
                "max_body": case.max_body,
                "method": case.method,
                "url": case.url.as_str(),
                "headers": case.headers,
                "body": BASE64.encode(&case.body),
                "timestamp": timestamp,
                "nonce": case.nonce,
            })
        })
        .collect();
    let mut child = Command::new(&python)
        .args(["-c", PYTHON_SIGNER])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(&input).unwrap().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "python signer failed (seed {seed}): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let expected: Vec<String> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(expected.len(), cases.len());

    for (case, expected) in cases.iter().zip(&expected) {
        let header_refs: Vec<(&str, &str)> = case
            .headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        let headers = select_headers(&case.configured, &header_refs);
        let request = SigningRequest {
            method: &case.method,
            url: &case.url,
            headers_to_sign: &headers,
            body: &case.body,
        };
        let actual = edgegrid::sign(
            &case.creds,
            &request,
            &timestamp,
            &case.nonce,
            case.max_body,
        );
        assert_eq!(
            &actual,
            expected,
            "seed {seed}: {} {} headers {:?} (signed {:?}) body {} bytes max_body {}",
            case.method,
            case.url,
            case.headers,
            case.configured,
            case.body.len(),
            case.max_body
        );
    }
}
