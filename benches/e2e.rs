//! `make bench`, end to end: real Terraform 1.15.5 applies, plans and destroys N machine clients
//! per vendor against the sandbox, side by side with Terraform's built-in `terraform_data` (no
//! plugin, no network) and HashiCorp's Go provider `hashicorp/null` 2.1.2 (installed by
//! `make tools` into a filesystem mirror), in one run. Then SailPoint under its default rate
//! limit (100 requests per token per 10 s), against the floor that limit allows. In the main table
//! the sandbox enforces no limit, so the SailPoint row sets `sailpoint.requests_per_10s = 10000`:
//! it measures the provider, not the documented limit (which paces the default to 100 per 10 s).
//!
//! A second `null_resource` row carries, in its `triggers`, what an Akamai API client holds in
//! state (about the same bytes per instance): the control that tells Terraform's own cost of a
//! resource that size from the provider's, since Terraform rewrites and compares the whole local
//! state after every resource.
//!
//! Printed per row and command: wall time and its ratio to `null_resource` (and to the
//! same-size `null_resource`), requests and token
//! requests the sandbox logged, the provider's CPU and peak RSS (sampled from /proc while
//! Terraform runs; the sum over every provider process the command started) and Terraform's own
//! CPU (this process's reaped-children CPU minus the provider's), and the local state's size per
//! resource after the command (Terraform rewrites that file after every resource it changes, so its
//! CPU on an apply or destroy grows with it; see docs/guides/performance.md).
//!
//! A benchmark, not a test: nothing is asserted. Settings (environment):
//! * `APICLIENTS_BENCH_N`: clients per row (default 500);
//! * `APICLIENTS_BENCH_LIMITED_N`: SailPoint clients under the rate limit (default 300; 0 skips);
//! * `APICLIENTS_BENCH_TENANT`, `APICLIENTS_BENCH_NEW`: the large-tenant row (default 2,000 pre-existing
//!   clients per platform, then 100 new ones; 0 skips);
//! * `APICLIENTS_BENCH_PROVIDER`: the provider binary (default: the one cargo built);
//! * `APICLIENTS_BENCH_ROWS`: comma-separated subset of `ibm_verify,sailpoint,oracle_oam,akamai,
//!   null,null_sized,terraform_data` (default all);
//! * `APICLIENTS_BENCH_BACKEND`: `local` (default: `terraform.tfstate`, rewritten after every
//!   resource) or `http` (Terraform's `http` backend on a store this process holds in memory: the
//!   state is uploaded every 20 s, as with any remote backend).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::future::IntoFuture;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::routing::get;

use apiclients_sandbox::{Options, Sandbox, SandboxHandle};

/// The provider cargo built for this run; `APICLIENTS_BENCH_PROVIDER` names another binary (to
/// compare with a saved build of an earlier commit).
fn provider_bin() -> PathBuf {
    std::env::var_os("APICLIENTS_BENCH_PROVIDER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_terraform-provider-apiclients")))
}
/// The kernel's clock tick for /proc CPU times (USER_HZ, 100 on every Linux we run on).
const TICKS_PER_SECOND: f64 = 100.0;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// One kind of resource measured.
struct Row {
    key: &'static str,
    label: &'static str,
    /// The sandbox vendor whose requests are counted, if any.
    vendor: Option<&'static str>,
}

const ROWS: [Row; 7] = [
    Row {
        key: "ibm_verify",
        label: "apiclients_ibm_verify_api_client",
        vendor: Some("ibm_verify"),
    },
    Row {
        key: "sailpoint",
        label: "apiclients_sailpoint_oauth_client",
        vendor: Some("sailpoint"),
    },
    Row {
        key: "oracle_oam",
        label: "apiclients_oracle_oam_oauth_client",
        vendor: Some("oracle_oam"),
    },
    Row {
        key: "akamai",
        label: "apiclients_akamai_api_client",
        vendor: Some("akamai"),
    },
    Row {
        key: "null",
        label: "hashicorp/null null_resource",
        vendor: None,
    },
    Row {
        key: "null_sized",
        label: "null_resource carrying an Akamai client's attributes",
        vendor: None,
    },
    Row {
        key: "terraform_data",
        label: "terraform_data",
        vendor: None,
    },
];

/// The configuration of `n` resources of one row.
/// `backend`: the address of an `http` backend, or `None` for the local file;
/// `sailpoint_requests_per_10s`: the provider's SailPoint pacing, when not the default.
fn config(
    row: &str,
    n: usize,
    backend: Option<&str>,
    sailpoint_requests_per_10s: Option<u32>,
) -> String {
    let body = match row {
        "ibm_verify" => {
            r#"resource "apiclients_ibm_verify_api_client" "bench" {
  count        = N
  client_name  = "bench-${count.index}"
  description  = "benchmark"
  entitlements = ["readUserGroups", "readReports"]
}"#
        }
        "sailpoint" => {
            r#"resource "apiclients_sailpoint_oauth_client" "bench" {
  count                         = N
  name                          = "bench-${count.index}"
  description                   = "benchmark"
  access_token_validity_seconds = 750
  grant_types                   = ["CLIENT_CREDENTIALS"]
  access_type                   = "ONLINE"
}"#
        }
        "oracle_oam" => {
            r#"resource "apiclients_oracle_oam_oauth_client" "bench" {
  count         = N
  name          = "bench-${count.index}"
  description   = "benchmark"
  grant_types   = ["AUTHORIZATION_CODE", "REFRESH_TOKEN"]
  redirect_uris = ["https://portal.example.com/oauth/callback"]
}"#
        }
        "akamai" => {
            r#"resource "apiclients_akamai_api_client" "bench" {
  count            = N
  client_name      = "bench-${count.index}"
  authorized_users = ["demo-user"]
  api_access = {
    all_accessible_apis = true
  }
  group_access = {
    clone_authorized_user_groups = true
  }
}"#
        }
        "null" => {
            r#"resource "null_resource" "bench" {
  count    = N
  triggers = { name = "bench-${count.index}" }
}"#
        }
        // The control for Terraform's own per-instance cost: the same Go provider, its resource
        // carrying what an `apiclients_akamai_api_client` instance holds in state (its attributes
        // and values as strings, about the same bytes per instance). What a resource of that size
        // costs Terraform, whichever provider serves it.
        "null_sized" => {
            r#"resource "null_resource" "bench" {
  count = N
  triggers = {
    access_token               = "akab-2grvxzwctwlxxlos-4ar2vbzkgmqsyn4r"
    allow_account_switch       = "false"
    api_access                 = "all_accessible_apis=true apis=null"
    authorized_users           = "demo-user"
    base_url                   = "https://akab-guukds3zng52u85v-0cqj72hlgfwnty7p.luna.akamaiapis.net"
    can_auto_create_credential = "false"
    client_description         = "null"
    client_name                = "bench-${count.index}"
    client_type                = "CLIENT"
    created_by                 = "sandbox-admin"
    created_date               = "2026-12-02T23:01:20.849Z"
    group_access               = "clone_authorized_user_groups=true groups=null"
    id                         = "stjx52mrv4e947sq-${count.index}"
    ip_acl                     = "null"
    lock                       = "false"
    notification_emails        = "sandbox-admin@example.com"
    timeouts                   = "null"
    identity                   = "stjx52mrv4e947sq-${count.index}"
  }
}"#
        }
        _ => {
            r#"resource "terraform_data" "bench" {
  count = N
  input = "bench-${count.index}"
}"#
        }
    };
    let providers = match row {
        "null" | "null_sized" => {
            "terraform {\n  required_providers {\n    null = {\n      source  = \"hashicorp/null\"\n      version = \"2.1.2\"\n    }\n  }\n}\n"
                .to_owned()
        }
        "terraform_data" => String::new(),
        _ => {
            let settings = match (row, sailpoint_requests_per_10s) {
                ("sailpoint", Some(rate)) => {
                    format!("\n  sailpoint {{\n    requests_per_10s = {rate}\n  }}\n")
                }
                _ => String::new(),
            };
            format!(
                "terraform {{\n  required_providers {{\n    apiclients = {{\n      source = \"apiclients/apiclients\"\n    }}\n  }}\n}}\n\nprovider \"apiclients\" {{{settings}}}\n"
            )
        }
    };
    let backend = backend.map_or(String::new(), |address| {
        format!("terraform {{\n  backend \"http\" {{\n    address = \"{address}\"\n  }}\n}}\n")
    });
    format!(
        "{providers}\n{backend}\n{}\n",
        body.replace("= N", &format!("= {n}"))
    )
}

/// What one Terraform command cost.
#[derive(Clone, Copy, Default)]
struct Cost {
    wall: Duration,
    requests: usize,
    tokens: usize,
    provider_cpu: f64,
    terraform_cpu: f64,
    provider_peak_kb: u64,
    /// Size of the local state file after the command: Terraform rewrites it whole after every
    /// resource it changes, so its CPU on an apply grows with this times the resource count.
    state_bytes: u64,
}

/// The sandbox and an admin HTTP client to read and clear its request log.
struct Bench {
    /// Runs the sandbox; kept for as long as the bench needs it.
    _runtime: tokio::runtime::Runtime,
    sandbox: SandboxHandle,
    admin: reqwest::blocking::Client,
    terraform: PathBuf,
    mirror: PathBuf,
    /// The `http` backend's base URL and store, when `APICLIENTS_BENCH_BACKEND=http`.
    backend: Option<(String, StateStore)>,
    /// `sailpoint.requests_per_10s` for the SailPoint row: where the sandbox enforces no limit,
    /// the provider's pacing is raised to its maximum, so that the row measures the provider and
    /// not the documented limit (which the rate-limited run measures, at the default).
    sailpoint_requests_per_10s: Option<u32>,
}

/// The states of Terraform's `http` backend, by key: GET answers 404 until a POST stored one.
#[derive(Clone, Default)]
struct StateStore(Arc<Mutex<HashMap<String, Bytes>>>);

impl StateStore {
    fn len(&self, key: &str) -> u64 {
        self.0
            .lock()
            .map_or(0, |states| states.get(key).map_or(0, |b| b.len() as u64))
    }

    fn router(&self) -> axum::Router {
        async fn read(
            State(store): State<StateStore>,
            UrlPath(key): UrlPath<String>,
        ) -> Result<Bytes, StatusCode> {
            let states = store
                .0
                .lock()
                .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
            states.get(&key).cloned().ok_or(StatusCode::NOT_FOUND)
        }
        async fn write(
            State(store): State<StateStore>,
            UrlPath(key): UrlPath<String>,
            body: Bytes,
        ) -> StatusCode {
            match store.0.lock() {
                Ok(mut states) => {
                    states.insert(key, body);
                    StatusCode::OK
                }
                Err(_) => StatusCode::INTERNAL_SERVER_ERROR,
            }
        }
        async fn remove(
            State(store): State<StateStore>,
            UrlPath(key): UrlPath<String>,
        ) -> StatusCode {
            if let Ok(mut states) = store.0.lock() {
                states.remove(&key);
            }
            StatusCode::OK
        }
        axum::Router::new()
            .route("/state/{key}", get(read).post(write).delete(remove))
            .with_state(self.clone())
    }
}

impl Bench {
    fn start(options: Options) -> Bench {
        let sailpoint_requests_per_10s = (!options.sailpoint_rate_limit).then_some(10_000);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let sandbox = runtime
            .block_on(Sandbox::start(options))
            .expect("start the sandbox");
        let backend = http_backend().then(|| {
            let store = StateStore::default();
            let listener = runtime
                .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
                .expect("bind the state store");
            let address = listener.local_addr().expect("state store address");
            runtime.spawn(axum::serve(listener, store.router()).into_future());
            (format!("http://{address}/state"), store)
        });
        Bench {
            backend,
            _runtime: runtime,
            sandbox,
            admin: reqwest::blocking::Client::new(),
            terraform: repo_root().join(".tools/bin/terraform-1.15.5"),
            mirror: repo_root().join(".tools/terraform-mirror"),
            sailpoint_requests_per_10s,
        }
    }

    fn provider_env(&self) -> BTreeMap<String, String> {
        let c = self.sandbox.credentials();
        let url = self.sandbox.url().to_string();
        BTreeMap::from([
            ("IBM_VERIFY_TENANT_URL".into(), url.clone()),
            (
                "IBM_VERIFY_CLIENT_ID".into(),
                c.ibm_verify.client_id.clone(),
            ),
            (
                "IBM_VERIFY_CLIENT_SECRET".into(),
                c.ibm_verify.client_secret.clone(),
            ),
            ("SAIL_BASE_URL".into(), url.clone()),
            ("SAIL_CLIENT_ID".into(), c.sailpoint.client_id.clone()),
            (
                "SAIL_CLIENT_SECRET".into(),
                c.sailpoint.client_secret.clone(),
            ),
            ("OAM_BASE_URL".into(), url.clone()),
            ("OAM_USERNAME".into(), c.oracle_oam.username.clone()),
            ("OAM_PASSWORD".into(), c.oracle_oam.password.clone()),
            ("OAM_IDENTITY_DOMAIN".into(), "BenchDomain".into()),
            ("AKAMAI_HOST".into(), url),
            ("AKAMAI_CLIENT_TOKEN".into(), c.akamai.client_token.clone()),
            (
                "AKAMAI_CLIENT_SECRET".into(),
                c.akamai.client_secret.clone(),
            ),
            ("AKAMAI_ACCESS_TOKEN".into(), c.akamai.access_token.clone()),
        ])
    }

    fn clear_requests(&self) {
        let _ = self
            .admin
            .delete(format!("{}/_sandbox/requests", self.sandbox.url()))
            .send();
    }

    /// (requests, token requests) of `vendor` since the last clear.
    fn requests(&self, vendor: &str) -> (usize, usize) {
        let records = self.sandbox.requests();
        let mine: Vec<_> = records
            .iter()
            .filter(|r| r.vendor.map(|v| v.key()) == Some(vendor))
            .collect();
        let tokens = mine.iter().filter(|r| r.path.contains("token")).count();
        (mine.len(), tokens)
    }

    /// A working directory for `row` with `n` resources, initialised.
    fn workdir(&self, row: &str, n: usize) -> tempfile::TempDir {
        let dir = tempfile::Builder::new()
            .prefix("apiclients-bench-")
            .tempdir()
            .expect("temp dir");
        let provider = provider_bin();
        let provider_dir = provider.parent().expect("provider folder");
        std::fs::write(
            dir.path().join("terraform.rc"),
            format!(
                "provider_installation {{\n  dev_overrides {{\n    \"registry.terraform.io/apiclients/apiclients\" = \"{}\"\n  }}\n  filesystem_mirror {{\n    path    = \"{}\"\n    include = [\"registry.terraform.io/hashicorp/null\"]\n  }}\n}}\n",
                provider_dir.display(),
                self.mirror.display()
            ),
        )
        .expect("CLI config");
        let backend = self
            .backend
            .as_ref()
            .map(|(base, _)| format!("{base}/{}", state_key(dir.path())));
        std::fs::write(
            dir.path().join("main.tf"),
            config(row, n, backend.as_deref(), self.sailpoint_requests_per_10s),
        )
        .expect("main.tf");
        let init = self.command(dir.path(), &["init", "-no-color", "-input=false"]);
        if let Err(message) = init {
            panic!("terraform init for {row} failed: {message}");
        }
        dir
    }

    /// Runs one Terraform command; `Err` with its output when it fails.
    fn command(&self, dir: &Path, args: &[&str]) -> Result<Cost, String> {
        let out = std::fs::File::create(dir.join(".out")).map_err(|e| e.to_string())?;
        let err = std::fs::File::create(dir.join(".err")).map_err(|e| e.to_string())?;
        let mut cmd = Command::new(&self.terraform);
        cmd.args(args)
            .current_dir(dir)
            .env("TF_CLI_CONFIG_FILE", dir.join("terraform.rc"))
            .env("TF_IN_AUTOMATION", "1")
            .env("CHECKPOINT_DISABLE", "1")
            .env_remove("TF_LOG")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err);
        for (k, v) in self.provider_env() {
            cmd.env(k, v);
        }
        let children_before = children_cpu();
        let started = Instant::now();
        let mut child = cmd.spawn().map_err(|e| e.to_string())?;
        let mut providers: BTreeMap<u32, (f64, u64)> = BTreeMap::new();
        let status = loop {
            if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
                break status;
            }
            for (pid, sample) in sample_providers(child.id()) {
                providers.insert(pid, sample);
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let wall = started.elapsed();
        let all_cpu = children_cpu() - children_before;
        if !status.success() {
            let stderr = std::fs::read_to_string(dir.join(".err")).unwrap_or_default();
            let stdout = std::fs::read_to_string(dir.join(".out")).unwrap_or_default();
            return Err(format!("{args:?}: {status}\n{stdout}\n{stderr}"));
        }
        let provider_cpu: f64 = providers.values().map(|(cpu, _)| cpu).sum();
        Ok(Cost {
            wall,
            provider_cpu,
            terraform_cpu: (all_cpu - provider_cpu).max(0.0),
            provider_peak_kb: providers.values().map(|(_, kb)| *kb).max().unwrap_or(0),
            ..Cost::default()
        })
    }

    /// apply, plan and destroy of `n` resources of `row`.
    fn measure(&self, row: &Row, n: usize) -> Result<[Cost; 3], String> {
        let dir = self.workdir(row.key, n);
        let mut costs = [Cost::default(); 3];
        let commands: [&[&str]; 3] = [
            &["apply", "-auto-approve", "-no-color", "-input=false"],
            &["plan", "-no-color", "-input=false"],
            &["destroy", "-auto-approve", "-no-color", "-input=false"],
        ];
        for (i, args) in commands.iter().enumerate() {
            self.clear_requests();
            let mut cost = self.command(dir.path(), args)?;
            cost.state_bytes = match &self.backend {
                Some((_, store)) => store.len(&state_key(dir.path())),
                None => {
                    std::fs::metadata(dir.path().join("terraform.tfstate")).map_or(0, |m| m.len())
                }
            };
            if let Some(vendor) = row.vendor {
                (cost.requests, cost.tokens) = self.requests(vendor);
            }
            costs[i] = cost;
        }
        Ok(costs)
    }
}

/// The large-tenant row: `APICLIENTS_BENCH_TENANT` (default 2,000) clients made per platform
/// through the sandbox's admin endpoint, then an apply of `APICLIENTS_BENCH_NEW` (default 100) new
/// ones; prints the requests per create (the pre-existing clients must not be read once per create).
fn large_tenant(bench: &Bench, wanted: &Option<BTreeSet<String>>) {
    let tenant = env_usize("APICLIENTS_BENCH_TENANT", 2_000);
    let new = env_usize("APICLIENTS_BENCH_NEW", 100);
    if tenant == 0 {
        return;
    }
    println!(
        "\nlarge tenant: {tenant} pre-existing clients per platform (admin endpoint), then an apply of {new} new ones"
    );
    println!("| resource | apply s | requests | requests per create |");
    println!("|---|---|---|---|");
    for row in ROWS
        .iter()
        .filter(|r| matches!(r.key, "sailpoint" | "akamai" | "ibm_verify" | "oracle_oam"))
    {
        if wanted.as_ref().is_some_and(|w| !w.contains(row.key)) {
            continue;
        }
        let Some(vendor) = row.vendor else { continue };
        eprintln!("bench: {} on a tenant of {tenant} …", row.label);
        for i in 0..tenant {
            let body = match row.key {
                "sailpoint" => {
                    serde_json::json!({"name": format!("existing-{i}"), "description": "pre-existing",
                    "accessTokenValiditySeconds": 750, "grantTypes": ["CLIENT_CREDENTIALS"],
                    "accessType": "ONLINE", "enabled": true})
                }
                "ibm_verify" => {
                    serde_json::json!({"clientName": format!("existing-{i}"), "enabled": true,
                    "entitlements": ["readUserGroups"]})
                }
                "oracle_oam" => {
                    serde_json::json!({"name": format!("existing-{i}"), "idDomain": "BenchDomain",
                    "clientType": "CONFIDENTIAL_CLIENT", "grantTypes": ["CLIENT_CREDENTIALS"]})
                }
                _ => {
                    serde_json::json!({"clientName": format!("existing-{i}"), "authorizedUsers": ["demo-user"],
                    "apiAccess": {"allAccessibleApis": true}, "groupAccess": {"cloneAuthorizedUserGroups": true}})
                }
            };
            let _ = bench
                .admin
                .post(format!("{}/_sandbox/objects/{vendor}", bench.sandbox.url()))
                .json(&body)
                .send();
        }
        let dir = bench.workdir(row.key, new);
        bench.clear_requests();
        match bench.command(
            dir.path(),
            &["apply", "-auto-approve", "-no-color", "-input=false"],
        ) {
            Ok(cost) => {
                let (requests, tokens) = bench.requests(vendor);
                println!(
                    "| {} | {} | {} ({tokens} tokens) | {:.2} |",
                    row.label,
                    secs(cost.wall),
                    requests,
                    (requests - tokens) as f64 / new.max(1) as f64
                );
            }
            Err(message) => println!("| {} | failed: {message} | | |", row.label),
        }
        let _ = bench.command(
            dir.path(),
            &["destroy", "-auto-approve", "-no-color", "-refresh=false"],
        );
    }
}

/// Whether `APICLIENTS_BENCH_BACKEND=http` asks for Terraform's `http` backend.
fn http_backend() -> bool {
    std::env::var("APICLIENTS_BENCH_BACKEND").as_deref() == Ok("http")
}

/// The `http` backend's key for a working directory: its unique temporary name.
fn state_key(dir: &Path) -> String {
    dir.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// CPU seconds of this process's reaped children (and theirs): /proc/self/stat cutime + cstime.
fn children_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    // After the command name: state is field 3, cutime 16, cstime 17 (1-based in proc(5)).
    let tick = |i: usize| fields.get(i - 3).and_then(|v| v.parse::<f64>().ok());
    (tick(16).unwrap_or(0.0) + tick(17).unwrap_or(0.0)) / TICKS_PER_SECOND
}

/// (pid, (CPU seconds, peak RSS kB)) of every `terraform-provider-*` process below `root`.
fn sample_providers(root: u32) -> Vec<(u32, (f64, u64))> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut parent: BTreeMap<u32, (u32, String, f64)> = BTreeMap::new();
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let name = stat[open + 1..close].to_string();
        let fields: Vec<&str> = stat[close + 1..].split_whitespace().collect();
        let num = |i: usize| fields.get(i - 3).and_then(|v| v.parse::<f64>().ok());
        let ppid = num(4).unwrap_or(0.0) as u32;
        let cpu = (num(14).unwrap_or(0.0) + num(15).unwrap_or(0.0)) / TICKS_PER_SECOND;
        parent.insert(pid, (ppid, name, cpu));
    }
    let mut below = BTreeSet::from([root]);
    let mut grew = true;
    while grew {
        grew = false;
        for (pid, (ppid, _, _)) in &parent {
            if below.contains(ppid) && below.insert(*pid) {
                grew = true;
            }
        }
    }
    parent
        .iter()
        // The kernel's comm is cut at 15 bytes: "terraform-provi".
        .filter(|(pid, (_, name, _))| below.contains(pid) && name.starts_with("terraform-prov"))
        .map(|(pid, (_, _, cpu))| (*pid, (*cpu, peak_rss_kb(*pid))))
        .collect()
}

fn peak_rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn secs(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64())
}

fn ratio(a: Duration, b: Option<Duration>) -> String {
    match b {
        Some(b) if !b.is_zero() => format!("{:.2}×", a.as_secs_f64() / b.as_secs_f64()),
        _ => "–".into(),
    }
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument that is not ours skips the run.
    if std::env::args()
        .skip(1)
        .any(|a| !a.starts_with('-') && !"e2e".contains(a.as_str()))
    {
        return;
    }
    let n = env_usize("APICLIENTS_BENCH_N", 500);
    let limited_n = env_usize("APICLIENTS_BENCH_LIMITED_N", 300);
    let wanted: Option<BTreeSet<String>> = std::env::var("APICLIENTS_BENCH_ROWS")
        .ok()
        .map(|v| v.split(',').map(|s| s.trim().to_string()).collect());
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let backend = if http_backend() {
        "http (held in memory by this process, uploaded every 20 s)"
    } else {
        "local (terraform.tfstate, rewritten after every resource)"
    };
    println!(
        "\nend to end: Terraform 1.15.5, {n} resources per row, parallelism 10, state backend {backend}"
    );
    println!("machine: {cpus} CPUs, load average {} at start", load());

    let bench = Bench::start(Options {
        sailpoint_rate_limit: false,
        ..Options::default()
    });
    if !bench.terraform.exists() {
        println!(
            "skipped: {} is missing; run `make tools`",
            bench.terraform.display()
        );
        return;
    }
    let mut results: Vec<(&Row, [Cost; 3])> = Vec::new();
    for row in &ROWS {
        if wanted.as_ref().is_some_and(|w| !w.contains(row.key)) {
            continue;
        }
        if row.key.starts_with("null")
            && !bench
                .mirror
                .join("registry.terraform.io/hashicorp/null/2.1.2")
                .exists()
        {
            println!(
                "skipped null_resource: hashicorp/null is not in {}; run `make tools`",
                bench.mirror.display()
            );
            continue;
        }
        eprintln!("bench: {} ×{n} …", row.label);
        match bench.measure(row, n) {
            Ok(costs) => results.push((row, costs)),
            Err(message) => println!("{}: failed: {message}", row.label),
        }
    }
    let null = results
        .iter()
        .find(|(row, _)| row.key == "null")
        .map(|(_, costs)| *costs);
    let null_sized = results
        .iter()
        .find(|(row, _)| row.key == "null_sized")
        .map(|(_, costs)| *costs);

    println!(
        "\n| resource | apply s | plan s | destroy s | apply / null | plan / null | destroy / null | a/p/d / same-size null | requests a/p/d | requests per create | tokens a/p/d | provider CPU s a/p/d | Terraform CPU s a/p/d | state bytes / resource | provider peak RSS |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (row, [apply, plan, destroy]) in &results {
        let has_provider = row.key != "terraform_data";
        let (req, per_create, tok) = if row.vendor.is_some() {
            (
                format!("{}/{}/{}", apply.requests, plan.requests, destroy.requests),
                format!(
                    "{:.2}",
                    (apply.requests - apply.tokens) as f64 / n.max(1) as f64
                ),
                format!("{}/{}/{}", apply.tokens, plan.tokens, destroy.tokens),
            )
        } else {
            ("–".into(), "–".into(), "–".into())
        };
        let provider = if has_provider {
            format!(
                "{:.2}/{:.2}/{:.2}",
                apply.provider_cpu, plan.provider_cpu, destroy.provider_cpu
            )
        } else {
            "–".into()
        };
        let rss = if has_provider {
            format!(
                "{:.0} MB",
                [apply, plan, destroy]
                    .iter()
                    .map(|c| c.provider_peak_kb)
                    .max()
                    .unwrap_or(0) as f64
                    / 1024.0
            )
        } else {
            "–".into()
        };
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {}/{}/{} | {req} | {per_create} | {tok} | {provider} | {:.2}/{:.2}/{:.2} | {} | {rss} |",
            row.label,
            secs(apply.wall),
            secs(plan.wall),
            secs(destroy.wall),
            ratio(apply.wall, null.map(|c| c[0].wall)),
            ratio(plan.wall, null.map(|c| c[1].wall)),
            ratio(destroy.wall, null.map(|c| c[2].wall)),
            ratio(apply.wall, null_sized.map(|c| c[0].wall)),
            ratio(plan.wall, null_sized.map(|c| c[1].wall)),
            ratio(destroy.wall, null_sized.map(|c| c[2].wall)),
            apply.terraform_cpu,
            plan.terraform_cpu,
            destroy.terraform_cpu,
            apply.state_bytes / n.max(1) as u64,
        );
    }
    println!("load average {} at the end of the table", load());
    large_tenant(&bench, &wanted);
    drop(bench);

    if limited_n == 0 || wanted.as_ref().is_some_and(|w| !w.contains("sailpoint")) {
        return;
    }
    // SailPoint under its default limit: 100 requests per token per 10 s. The floor is the time
    // the limit alone imposes on the requests sent: every full window of 100 beyond the first.
    eprintln!("bench: SailPoint ×{limited_n} under the rate limit …");
    let limited = Bench::start(Options::default());
    let row = &ROWS[1];
    let dir = limited.workdir(row.key, limited_n);
    println!(
        "\nSailPoint, {limited_n} clients under the default rate limit (100 requests / 10 s per token):"
    );
    println!(
        "| command | wall s | requests | requests per create | floor s (creates ÷ limit) | wall / floor |"
    );
    println!("|---|---|---|---|---|---|");
    for args in [
        &["apply", "-auto-approve", "-no-color", "-input=false"][..],
        &["plan", "-no-color", "-input=false"][..],
    ] {
        limited.clear_requests();
        match limited.command(dir.path(), args) {
            Ok(cost) => {
                let (requests, tokens) = limited.requests("sailpoint");
                // Token requests are not rate limited; 429 answers count against nothing. Every
                // OAuth-client path counts, whichever version prefix the provider is set to.
                let counted = limited
                    .sandbox
                    .requests()
                    .iter()
                    .filter(|r| r.path.contains("/oauth-clients") && r.status != 429)
                    .count();
                let creates = limited
                    .sandbox
                    .requests()
                    .iter()
                    .filter(|r| {
                        r.method == "POST" && r.path.contains("/oauth-clients") && r.status != 429
                    })
                    .count();
                // The physical floor: the creates alone at 100 per 10 s.
                let floor = creates as f64 / 10.0;
                let per_create = if creates > 0 {
                    format!("{:.2}", counted as f64 / creates as f64)
                } else {
                    "–".into()
                };
                println!(
                    "| {} | {} | {requests} ({tokens} tokens, {} answered 429) | {per_create} | {floor:.0} | {} |",
                    args[0],
                    secs(cost.wall),
                    requests - tokens - counted,
                    if floor > 0.0 {
                        format!("{:.2}", cost.wall.as_secs_f64() / floor)
                    } else {
                        "– (no create)".into()
                    }
                );
            }
            Err(message) => println!("| {} | failed: {message} | | | |", args[0]),
        }
    }
    let _ = limited.command(
        dir.path(),
        &["destroy", "-auto-approve", "-no-color", "-refresh=false"],
    );
}
