//! What the sandbox does around the vendor handlers: it attributes each request to a vendor, logs
//! it (so tests can assert on the exact traffic a provider sent), applies injected faults and
//! saves the state file after every mutating request.
//!
//! The log deliberately keeps no request bodies and no headers except the content type, because
//! bodies and headers carry secrets; the one exception is SailPoint's JSON Patch body (it holds no
//! secret), which tests read to check that an update sends only the changed fields.

use std::collections::{BTreeMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, Method, StatusCode, header};
use serde::{Deserialize, Serialize};

use super::faults::{FaultAction, Faults};
use super::{AppState, SandboxState, Vendor};

/// The log keeps the newest entries only, so a long-running sandbox (`make demo`) stays small.
const REQUEST_LOG_CAPACITY: usize = 10_000;
/// SailPoint PATCH bodies are small JSON Patch documents; anything bigger is not logged.
const LOGGED_BODY_LIMIT: usize = 1 << 20;

/// One request as the admin API reports it (`GET /_sandbox/requests`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct RequestRecord {
    /// `null` for paths no vendor API owns.
    pub vendor: Option<Vendor>,
    pub method: String,
    /// Path and query string, as sent.
    pub path: String,
    /// The status answered; 0 when an injected fault dropped the connection.
    pub status: u16,
    pub content_type: Option<String>,
    /// Only for SailPoint PATCH requests: the JSON Patch document.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub body: Option<serde_json::Value>,
    /// True when an injected fault answered instead of the vendor emulator.
    #[serde(default)]
    pub fault: bool,
}

impl RequestRecord {
    /// Marks the request as answered by an injected fault: its status, or 0 for a dropped
    /// connection (which never answers).
    fn answered_by_fault(&mut self, response: &Response) {
        self.fault = true;
        self.status = if response.extensions().get::<DropConnection>().is_some() {
            0
        } else {
            response.status().as_u16()
        };
    }
}

/// Errors of the state file.
#[derive(Debug, thiserror::Error)]
pub enum PersistError {
    #[error("cannot read state file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("state file {path} is not a sandbox state: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("cannot write state file {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot serialize the sandbox state: {0}")]
    Serialize(serde_json::Error),
}

/// The framework's own state beside the vendors' [`AppState`].
pub struct Control {
    pub shared: AppState,
    log: parking_lot::Mutex<VecDeque<RequestRecord>>,
    pub faults: Faults,
    state_file: Option<PathBuf>,
    /// Serializes snapshot-and-write so that the file always ends with the newest snapshot.
    persist_lock: tokio::sync::Mutex<()>,
}

impl Control {
    pub fn new(shared: AppState, state_file: Option<PathBuf>) -> Control {
        Control {
            shared,
            log: parking_lot::Mutex::new(VecDeque::new()),
            faults: Faults::default(),
            state_file,
            persist_lock: tokio::sync::Mutex::new(()),
        }
    }

    pub fn record(&self, record: RequestRecord) {
        let mut log = self.log.lock();
        if log.len() >= REQUEST_LOG_CAPACITY {
            log.pop_front();
        }
        log.push_back(record);
    }

    /// The log, oldest first, optionally only one vendor's requests.
    pub fn requests(&self, vendor: Option<Vendor>) -> Vec<RequestRecord> {
        self.log
            .lock()
            .iter()
            .filter(|record| vendor.is_none() || record.vendor == vendor)
            .cloned()
            .collect()
    }

    pub fn clear_requests(&self) {
        self.log.lock().clear();
    }

    /// Empties every vendor's objects, the log and the faults. Issued IBM tokens survive, so a
    /// client holding a token keeps working across a reset (tokens are not objects).
    pub fn reset(&self) {
        {
            let mut state = self.shared.state.lock();
            let tokens = std::mem::take(&mut state.ibm_verify.tokens);
            *state = SandboxState::default();
            state.ibm_verify.tokens = tokens;
        }
        self.clear_requests();
        self.faults.clear();
    }

    pub fn state_file(&self) -> Option<&Path> {
        self.state_file.as_deref()
    }

    /// Writes the state file (when one is configured): to a temporary file then renamed, so a
    /// crash never leaves half a file.
    pub async fn persist(&self) -> Result<(), PersistError> {
        let Some(path) = self.state_file.clone() else {
            return Ok(());
        };
        let _guard = self.persist_lock.lock().await;
        let snapshot = {
            let state = self.shared.state.lock();
            let file = StateFileContents {
                akamai_credential_secrets: state.akamai.credential_secrets(),
                state: &state,
            };
            serde_json::to_vec_pretty(&file).map_err(PersistError::Serialize)?
        };
        let mut temporary = path.clone().into_os_string();
        temporary.push(".tmp");
        let temporary = PathBuf::from(temporary);
        write_private(&temporary, &snapshot)
            .await
            .map_err(|source| PersistError::Write {
                path: temporary.clone(),
                source,
            })?;
        tokio::fs::rename(&temporary, &path)
            .await
            .map_err(|source| PersistError::Write { path, source })
    }

    /// Saves and logs a failure instead of failing the request: the vendor call did succeed.
    pub async fn persist_or_warn(&self) {
        if let Err(error) = self.persist().await {
            tracing::warn!(%error, "sandbox state not saved");
        }
    }
}

/// What the state file holds: the state as `/_sandbox/state` shows it, plus the Akamai credential
/// secrets, which only the file keeps. The IAM API shows a secret once and the sandbox's own view
/// keeps to that, but a restarted sandbox must still verify the signatures the credentials it
/// issued make (a user's offline test stack expects a restart to keep its credentials working).
#[derive(Serialize)]
struct StateFileContents<'a> {
    #[serde(flatten)]
    state: &'a SandboxState,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    akamai_credential_secrets: BTreeMap<String, String>,
}

/// [`StateFileContents`] as read back; files written before the secrets were kept have none.
#[derive(Deserialize)]
struct LoadedStateFile {
    #[serde(flatten)]
    state: SandboxState,
    #[serde(default)]
    akamai_credential_secrets: BTreeMap<String, String>,
}

/// Writes a file only its owner may read: the state file holds secrets (IBM's and OAM's client
/// secrets as their APIs return them, Akamai's credential secrets).
async fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt;
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options.open(path).await?;
    file.write_all(contents).await?;
    file.flush().await
}

/// Reads a state file written by [`Control::persist`]; a missing file is an empty state.
pub fn load_state(path: &Path) -> Result<SandboxState, PersistError> {
    match std::fs::read(path) {
        Ok(bytes) => {
            let loaded: LoadedStateFile =
                serde_json::from_slice(&bytes).map_err(|source| PersistError::Parse {
                    path: path.to_path_buf(),
                    source,
                })?;
            let mut state = loaded.state;
            state
                .akamai
                .restore_credential_secrets(&loaded.akamai_credential_secrets);
            Ok(state)
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(SandboxState::default()),
        Err(source) => Err(PersistError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Marks a response whose connection the server must drop without answering (see
/// [`super::server`]); the response itself is never sent.
#[derive(Clone, Copy, Debug)]
pub struct DropConnection;

fn is_mutating(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The one middleware around every route (see the module comment).
pub async fn traffic_middleware(
    State(control): State<Arc<Control>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    if path == "/_sandbox" || path.starts_with("/_sandbox/") {
        return next.run(request).await;
    }
    let vendor = Vendor::of_path(&path);
    let method = request.method().clone();
    let mut record = RequestRecord {
        vendor,
        method: method.to_string(),
        path: request
            .uri()
            .path_and_query()
            .map(|pq| pq.as_str().to_owned())
            .unwrap_or(path),
        status: 0,
        content_type: request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned),
        body: None,
        fault: false,
    };

    let mut after: Option<FaultAction> = None;
    let mut outlives_connection: Option<Option<Duration>> = None;
    if let Some(vendor) = vendor
        && let Some(action) = control
            .faults
            .take(vendor, method.as_str(), request.uri().path())
    {
        if action.finish_after_hangup {
            // Held in the task below, not here: this future ends when the client hangs up.
            outlives_connection = Some(action.delay);
        } else {
            if let Some(delay) = action.delay {
                tokio::time::sleep(delay).await;
            }
            if action.after {
                after = Some(action);
            } else if let Some(response) = fault_response(&action) {
                record.answered_by_fault(&response);
                control.record(record);
                return response;
            }
        }
    }

    let request = if vendor == Some(Vendor::Sailpoint) && method == Method::PATCH {
        let (parts, body) = request.into_parts();
        let bytes = match axum::body::to_bytes(body, LOGGED_BODY_LIMIT).await {
            Ok(bytes) => bytes,
            Err(_) => {
                record.status = StatusCode::PAYLOAD_TOO_LARGE.as_u16();
                control.record(record);
                return StatusCode::PAYLOAD_TOO_LARGE.into_response();
            }
        };
        record.body = serde_json::from_slice(&bytes).ok();
        Request::from_parts(parts, Body::from(bytes))
    } else {
        request
    };

    let Some(hold) = outlives_connection else {
        return perform(&control, next, request, record, after).await;
    };
    // The tenant finishes what its caller gave up on: the work runs in a task of its own, which
    // hyper's dropping of this future (the client hung up) does not cancel. Without a delay it
    // waits for that hang-up, signalled by `hung_up` being dropped with this future.
    let (hung_up, on_hang_up) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        match hold {
            Some(delay) => tokio::time::sleep(delay).await,
            None => {
                let _ = on_hang_up.await;
            }
        }
        perform(&control, next, request, record, None).await
    });
    let answer = task.await;
    drop(hung_up);
    answer.unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// Runs the emulator on a request, saves the state after a vendor's mutating request, and logs it;
/// `after` (act, then fail) replaces the emulator's answer.
async fn perform(
    control: &Control,
    next: Next,
    request: Request,
    mut record: RequestRecord,
    after: Option<FaultAction>,
) -> Response {
    let mutating = record.vendor.is_some() && is_mutating(request.method());
    let response = next.run(request).await;
    record.status = response.status().as_u16();
    if mutating {
        control.persist_or_warn().await;
    }
    // Act, then fail: the emulator's work is done (and saved); its answer is replaced.
    if let Some(action) = after
        && let Some(faulted) = fault_response(&action)
    {
        record.answered_by_fault(&faulted);
        control.record(record);
        return faulted;
    }
    control.record(record);
    response
}

/// The response an injected fault answers with, or `None` for a delay-only fault.
fn fault_response(action: &FaultAction) -> Option<Response> {
    if action.drop_connection {
        let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
        response.extensions_mut().insert(DropConnection);
        return Some(response);
    }
    let status = action.status?;
    let body = serde_json::json!({
        "error": "sandbox_injected_fault",
        "message": format!("fault injected by apiclients-sandbox: HTTP {}", status.as_u16()),
    });
    let mut response = (status, axum::Json(body)).into_response();
    if let Some(retry_after) = action.retry_after_s
        && let Ok(value) = HeaderValue::from_str(&retry_after.to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    Some(response)
}
