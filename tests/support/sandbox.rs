//! The sandbox, started in-process for a test on 127.0.0.1:0, on a runtime of its own so that the test
//! itself can stay synchronous while Terraform runs.

#![allow(dead_code)]

use std::collections::BTreeMap;

use apiclients_sandbox::{
    Credentials, Options, Sandbox, SandboxConfig, SandboxHandle, SandboxState,
};
use serde_json::Value;

/// A running sandbox; stopped when dropped.
pub struct TestSandbox {
    runtime: Option<tokio::runtime::Runtime>,
    handle: Option<SandboxHandle>,
    pub url: String,
    pub credentials: Credentials,
    pub certificate_pem: Option<String>,
    http: reqwest::blocking::Client,
}

impl TestSandbox {
    /// A plain-HTTP sandbox with the default options.
    pub fn start() -> TestSandbox {
        TestSandbox::start_with(Options::default(), SandboxConfig::default())
    }

    /// A sandbox with the given options and listener settings.
    pub fn start_with(options: Options, config: SandboxConfig) -> TestSandbox {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("sandbox runtime");
        let handle = runtime
            .block_on(Sandbox::start_with(options, config))
            .expect("start the sandbox");
        let url = handle.url().to_string();
        let credentials = handle.credentials().clone();
        let certificate_pem = handle.certificate_pem.clone();
        // The sandbox is on 127.0.0.1: a proxy of the developer's environment must not stand between.
        let mut http = reqwest::blocking::Client::builder().no_proxy();
        if let Some(pem) = &certificate_pem {
            http = http.add_root_certificate(
                reqwest::Certificate::from_pem(pem.as_bytes()).expect("sandbox certificate"),
            );
        }
        TestSandbox {
            runtime: Some(runtime),
            handle: Some(handle),
            url,
            credentials,
            certificate_pem,
            http: http.build().expect("admin HTTP client"),
        }
    }

    /// Environment variables that point the provider at this sandbox for every vendor.
    pub fn provider_env(&self) -> BTreeMap<String, String> {
        let c = &self.credentials;
        let host = self.url.clone();
        BTreeMap::from([
            ("IBM_VERIFY_TENANT_URL".into(), self.url.clone()),
            (
                "IBM_VERIFY_CLIENT_ID".into(),
                c.ibm_verify.client_id.clone(),
            ),
            (
                "IBM_VERIFY_CLIENT_SECRET".into(),
                c.ibm_verify.client_secret.clone(),
            ),
            ("SAIL_BASE_URL".into(), self.url.clone()),
            ("SAIL_CLIENT_ID".into(), c.sailpoint.client_id.clone()),
            (
                "SAIL_CLIENT_SECRET".into(),
                c.sailpoint.client_secret.clone(),
            ),
            ("OAM_BASE_URL".into(), self.url.clone()),
            ("OAM_USERNAME".into(), c.oracle_oam.username.clone()),
            ("OAM_PASSWORD".into(), c.oracle_oam.password.clone()),
            ("AKAMAI_HOST".into(), host),
            ("AKAMAI_CLIENT_TOKEN".into(), c.akamai.client_token.clone()),
            (
                "AKAMAI_CLIENT_SECRET".into(),
                c.akamai.client_secret.clone(),
            ),
            ("AKAMAI_ACCESS_TOKEN".into(), c.akamai.access_token.clone()),
        ])
    }

    /// The settings of one vendor's provider block (`ibm_verify`, `sailpoint`, `oracle_oam`,
    /// `akamai`) that point at this sandbox with its admin credentials.
    pub fn vendor_settings(&self, vendor: &str) -> Vec<(&'static str, String)> {
        let c = &self.credentials;
        match vendor {
            "ibm_verify" => vec![
                ("tenant_url", self.url.clone()),
                ("client_id", c.ibm_verify.client_id.clone()),
                ("client_secret", c.ibm_verify.client_secret.clone()),
            ],
            "sailpoint" => vec![
                ("base_url", self.url.clone()),
                ("client_id", c.sailpoint.client_id.clone()),
                ("client_secret", c.sailpoint.client_secret.clone()),
            ],
            "oracle_oam" => vec![
                ("base_url", self.url.clone()),
                ("username", c.oracle_oam.username.clone()),
                ("password", c.oracle_oam.password.clone()),
            ],
            "akamai" => vec![
                ("host", self.url.clone()),
                ("client_token", c.akamai.client_token.clone()),
                ("client_secret", c.akamai.client_secret.clone()),
                ("access_token", c.akamai.access_token.clone()),
            ],
            other => panic!("no vendor {other}"),
        }
    }

    /// Every object the sandbox holds, per vendor.
    pub fn state(&self) -> SandboxState {
        self.handle.as_ref().expect("running").state()
    }

    /// GET an admin endpoint (`/_sandbox/...`) as JSON.
    pub fn admin_get(&self, path: &str) -> Value {
        let response = self
            .http
            .get(format!("{}{path}", self.url))
            .send()
            .expect("admin GET");
        assert!(
            response.status().is_success(),
            "GET {path}: {}",
            response.status()
        );
        response.json().expect("admin JSON")
    }

    /// POST JSON to an admin endpoint and return the JSON answer (Null for an empty body).
    pub fn admin_post(&self, path: &str, body: &Value) -> Value {
        let response = self
            .http
            .post(format!("{}{path}", self.url))
            .json(body)
            .send()
            .expect("admin POST");
        assert!(
            response.status().is_success(),
            "POST {path}: {}",
            response.status()
        );
        let text = response.text().expect("admin body");
        if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).expect("admin JSON")
        }
    }

    /// PATCH an admin resource with JSON (`/_sandbox/objects/{vendor}/{id}`: fields of a newer API);
    /// returns the HTTP status.
    pub fn admin_patch(&self, path: &str, body: &Value) -> u16 {
        self.http
            .patch(format!("{}{path}", self.url))
            .json(body)
            .send()
            .expect("admin PATCH")
            .status()
            .as_u16()
    }

    /// DELETE an admin resource; returns the HTTP status.
    pub fn admin_delete(&self, path: &str) -> u16 {
        self.http
            .delete(format!("{}{path}", self.url))
            .send()
            .expect("admin DELETE")
            .status()
            .as_u16()
    }

    /// The request log, optionally for one vendor (`ibm_verify`, `sailpoint`, `oracle_oam`, `akamai`).
    pub fn requests(&self, vendor: Option<&str>) -> Vec<Value> {
        let path = match vendor {
            Some(v) => format!("/_sandbox/requests?vendor={v}"),
            None => "/_sandbox/requests".to_string(),
        };
        self.admin_get(&path)
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Empties the request log.
    pub fn clear_requests(&self) {
        self.admin_delete("/_sandbox/requests");
    }
}

impl Drop for TestSandbox {
    fn drop(&mut self) {
        if let (Some(runtime), Some(handle)) = (self.runtime.take(), self.handle.take()) {
            let _ = runtime.block_on(handle.shutdown());
            runtime.shutdown_background();
        }
    }
}

impl TestSandbox {
    /// Injects a fault (`POST /_sandbox/faults`), e.g.
    /// `{"vendor":"oracle_oam","status":503,"count":2,"retry_after_s":0}`.
    pub fn add_fault(&self, fault: &Value) {
        self.admin_post("/_sandbox/faults", fault);
    }

    /// Creates an object behind the provider's back (`POST /_sandbox/objects/{vendor}`) and returns it.
    pub fn create_object(&self, vendor: &str, body: &Value) -> Value {
        self.admin_post(&format!("/_sandbox/objects/{vendor}"), body)
    }
}

impl TestSandbox {
    /// One vendor's clients (`ibm_verify`, `sailpoint`, `oracle_oam`, `akamai`) as `/_sandbox/state`
    /// shows them.
    pub fn clients(&self, vendor: &str) -> Vec<Value> {
        let state = serde_json::to_value(self.state()).expect("state JSON");
        state[vendor]["clients"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The logged requests of one vendor with this method whose path starts with `path_prefix`
    /// (`""` for any path).
    pub fn calls(&self, vendor: &str, method: &str, path_prefix: &str) -> Vec<Value> {
        self.requests(Some(vendor))
            .into_iter()
            .filter(|r| {
                r["method"] == method
                    && r["path"]
                        .as_str()
                        .is_some_and(|p| p.starts_with(path_prefix))
            })
            .collect()
    }

    /// The OAuth client-credentials grant at `token_path`, with the id and secret as form fields, as
    /// a consumer of the credentials sends it.
    pub fn grant(
        &self,
        token_path: &str,
        client_id: &str,
        secret: &str,
    ) -> reqwest::Result<reqwest::blocking::Response> {
        self.http
            .post(format!("{}{token_path}", self.url))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", client_id),
                ("client_secret", secret),
            ])
            .send()
    }
}

/// A sandbox on the caller's runtime, for async tests of the vendor clients: plain HTTP.
pub async fn start_plain() -> SandboxHandle {
    Sandbox::start(Options::default())
        .await
        .expect("start the sandbox")
}

/// A sandbox on the caller's runtime behind TLS, with a certificate of its own CA.
pub async fn start_tls() -> SandboxHandle {
    Sandbox::start_with(
        Options::default(),
        SandboxConfig {
            tls: true,
            ..SandboxConfig::default()
        },
    )
    .await
    .expect("start the TLS sandbox")
}

/// No environment variables: a vendor's settings resolve from what the test gives them alone.
pub fn no_env(_: &str) -> Option<String> {
    None
}
