//! `make bench` (`cargo bench`): how fast the provider's hot paths are, printed as a table. Nothing is
//! asserted: speed is measured here, never tested.
//!
//! * msgpack DynamicValue decode + encode of a realistic resource state (what every RPC does);
//! * the automatic planner on a state of 30 attributes (every PlanResourceChange);
//! * provider start-up until the go-plugin handshake line (Terraform waits for it per provider
//!   instance), and the process's peak RSS right after it;
//! * sandbox throughput for IBM Verify GETs over loopback (bounds how fast acceptance tests run).

use std::collections::BTreeMap;
use std::hint::black_box;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use apiclients_sandbox::{Options, Sandbox};
use tfplugin::plan::plan_resource_change;
use tfplugin::serve::{MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE};
use tfplugin::value::{decode_msgpack, encode_msgpack};
use tfplugin::{Attribute, Block, Type, Value};

/// One row of the result table.
struct Row {
    what: &'static str,
    value: String,
    detail: String,
}

fn per_second(iterations: u64, elapsed: Duration) -> String {
    let rate = iterations as f64 / elapsed.as_secs_f64();
    if rate >= 1_000_000.0 {
        format!("{:.2} M ops/s", rate / 1_000_000.0)
    } else if rate >= 1_000.0 {
        format!("{:.1} k ops/s", rate / 1_000.0)
    } else {
        format!("{rate:.0} ops/s")
    }
}

/// Runs `op` in rounds until about `budget` has passed, after a warm-up; returns (iterations, time).
fn measure(budget: Duration, mut op: impl FnMut()) -> (u64, Duration) {
    for _ in 0..100 {
        op();
    }
    let started = Instant::now();
    let mut iterations = 0u64;
    while started.elapsed() < budget {
        for _ in 0..100 {
            op();
        }
        iterations += 100;
    }
    (iterations, started.elapsed())
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// The state of an IBM Verify API client as the provider holds it: strings, a set of 24
/// entitlements, a list of IP filters, a map, a nested object list.
fn api_client_state() -> (Type, Value) {
    let ip_filter = Type::Object(BTreeMap::from([
        ("action".to_owned(), Type::String),
        ("value".to_owned(), Type::String),
    ]));
    let ty = Type::Object(BTreeMap::from([
        ("id".to_owned(), Type::String),
        ("client_id".to_owned(), Type::String),
        ("client_name".to_owned(), Type::String),
        ("client_secret".to_owned(), Type::String),
        ("description".to_owned(), Type::String),
        ("enabled".to_owned(), Type::Bool),
        ("entitlements".to_owned(), Type::set(Type::String)),
        ("ip_filters".to_owned(), Type::list(ip_filter)),
        ("ip_filter_op".to_owned(), Type::String),
        ("jwk_uri".to_owned(), Type::String),
        ("access_token_lifetime".to_owned(), Type::Number),
        ("labels".to_owned(), Type::map(Type::String)),
        ("created_at".to_owned(), Type::String),
    ]));
    let entitlements = (0..24)
        .map(|i| Value::from(format!("manageEntitlement{i:02}")))
        .collect();
    let ip_filters = (0..4)
        .map(|i| {
            Value::Object(BTreeMap::from([
                ("action".to_owned(), Value::from("allow")),
                ("value".to_owned(), Value::from(format!("10.{i}.0.0/16"))),
            ]))
        })
        .collect();
    let value = Value::Object(BTreeMap::from([
        (
            "id".to_owned(),
            Value::from("6f1f9d3c-0b6e-4d8a-9d7e-2f3b1a5c7e90"),
        ),
        (
            "client_id".to_owned(),
            Value::from("b6a1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d"),
        ),
        ("client_name".to_owned(), Value::from("ci-deployer")),
        (
            "client_secret".to_owned(),
            Value::from("Zx8Qm2LrT9vN4kW7pY1sH6cJ3bF5gD0a"),
        ),
        (
            "description".to_owned(),
            Value::from("Deploys the billing stack from CI"),
        ),
        ("enabled".to_owned(), Value::from(true)),
        ("entitlements".to_owned(), Value::Set(entitlements)),
        ("ip_filters".to_owned(), Value::List(ip_filters)),
        ("ip_filter_op".to_owned(), Value::from("allow")),
        ("jwk_uri".to_owned(), Value::Null),
        ("access_token_lifetime".to_owned(), Value::from(7200i64)),
        (
            "labels".to_owned(),
            Value::Map(BTreeMap::from([
                ("team".to_owned(), Value::from("billing")),
                ("env".to_owned(), Value::from("prod")),
            ])),
        ),
        ("created_at".to_owned(), Value::from("2025-01-02T03:04:05Z")),
    ]));
    (ty, value)
}

fn bench_codec() -> Row {
    let (ty, state) = api_client_state();
    let bytes = encode_msgpack(&state, &ty).expect("encode the sample state");
    let (iterations, elapsed) = measure(Duration::from_secs(2), || {
        let decoded = decode_msgpack(black_box(&bytes), &ty).expect("decode");
        black_box(encode_msgpack(&decoded, &ty).expect("encode"));
    });
    Row {
        what: "msgpack decode+encode",
        value: per_second(iterations, elapsed),
        detail: format!("13-attribute API client state, {} bytes", bytes.len()),
    }
}

/// A block of 30 attributes of every kind the planner treats differently.
fn planner_input() -> (Block, Value, Value, Value) {
    let mut block = Block::new();
    let mut prior = BTreeMap::new();
    let mut config = BTreeMap::new();
    for i in 0..30 {
        let name = format!("attr_{i:02}");
        let (attribute, prior_value, config_value) = match i % 6 {
            0 => (
                Attribute::string(&name).required(),
                Value::from(format!("value-{i}")),
                Value::from(format!("value-{i}")),
            ),
            1 => (
                Attribute::string(&name).optional().requires_replace(),
                Value::from("keep"),
                Value::from("keep"),
            ),
            2 => (
                Attribute::string(&name).computed().use_state_for_unknown(),
                Value::from(format!("id-{i}")),
                Value::Null,
            ),
            3 => (
                Attribute::number(&name).computed(),
                Value::from(i as i64),
                Value::Null,
            ),
            4 => (
                Attribute::string(&name).default("standard"),
                Value::from("standard"),
                Value::Null,
            ),
            _ => (
                Attribute::set(&name, Type::String).optional(),
                Value::Set(vec![Value::from("a"), Value::from("b")]),
                Value::Set(vec![Value::from("b"), Value::from("a")]),
            ),
        };
        block = block.attribute(attribute);
        prior.insert(name.clone(), prior_value);
        config.insert(name, config_value);
    }
    // One changed attribute, so the planner does the full update walk (unknown computed values,
    // requires-replace checks) rather than returning the prior state.
    config.insert("attr_00".to_owned(), Value::from("changed"));
    let mut proposed = prior.clone();
    for (name, value) in &config {
        if !value.is_null() {
            proposed.insert(name.clone(), value.clone());
        }
    }
    (
        block,
        Value::Object(prior),
        Value::Object(proposed),
        Value::Object(config),
    )
}

fn bench_planner() -> Row {
    let (block, prior, proposed, config) = planner_input();
    let (iterations, elapsed) = measure(Duration::from_secs(2), || {
        black_box(plan_resource_change(
            black_box(&block),
            &prior,
            &proposed,
            &config,
        ));
    });
    Row {
        what: "planner (update)",
        value: per_second(iterations, elapsed),
        detail: "30 attributes, one changed".to_owned(),
    }
}

/// Starts the provider as Terraform does (cookie, protocol 6, no client certificate) and returns
/// the time to the handshake line and the peak RSS (VmHWM) right after it.
fn start_provider_once() -> (Duration, Option<u64>) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_terraform-provider-apiclients"))
        .env(MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE)
        .env("PLUGIN_PROTOCOL_VERSIONS", "6")
        .env_remove("PLUGIN_CLIENT_CERT")
        .env_remove("TF_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn the provider");
    let mut line = String::new();
    if let Some(stdout) = child.stdout.take() {
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the handshake");
    }
    let elapsed = started.elapsed();
    assert!(line.starts_with("1|6|unix|"), "handshake: {line:?}");
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).ok();
    let peak_kib = status.as_deref().and_then(|text| {
        text.lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    });
    let _ = child.kill();
    let _ = child.wait();
    (elapsed, peak_kib)
}

fn bench_startup() -> Vec<Row> {
    const RUNS: usize = 21;
    start_provider_once(); // page cache
    let (times, peaks): (Vec<_>, Vec<_>) = (0..RUNS).map(|_| start_provider_once()).unzip();
    let peaks: Vec<u64> = peaks.into_iter().flatten().collect();
    let peak = peaks.iter().copied().max();
    vec![
        Row {
            what: "provider start-up",
            value: format!("{:.1} ms", median(times).as_secs_f64() * 1000.0),
            detail: format!(
                "median of {RUNS}, spawn to handshake line ({} build)",
                if cfg!(debug_assertions) {
                    "debug"
                } else {
                    "optimized"
                }
            ),
        },
        Row {
            what: "provider peak RSS",
            value: peak.map_or("n/a".to_owned(), |kib| {
                format!("{:.1} MiB", kib as f64 / 1024.0)
            }),
            detail: "VmHWM after the handshake, max over runs".to_owned(),
        },
    ]
}

fn bench_sandbox() -> Row {
    const REQUESTS: usize = 4000;
    const CONCURRENCY: usize = 8;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let sandbox = Sandbox::start(Options::default())
            .await
            .expect("start the sandbox");
        let url = sandbox.url().to_owned();
        let admin = sandbox.credentials().ibm_verify.clone();
        let http = reqwest::Client::new();
        let token: serde_json::Value = http
            .post(format!("{url}/v1.0/endpoint/default/token"))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", admin.client_id.as_str()),
                ("client_secret", admin.client_secret.as_str()),
            ])
            .send()
            .await
            .expect("token")
            .json()
            .await
            .expect("token JSON");
        let bearer = format!("Bearer {}", token["access_token"].as_str().expect("token"));
        let created = http
            .post(format!("{url}/v1.0/apiclients"))
            .header("authorization", &bearer)
            .json(&serde_json::json!({"clientName": "bench", "enabled": true,
                                      "entitlements": ["readUserGroups"]}))
            .send()
            .await
            .expect("create");
        let location = created
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .expect("Location")
            .to_owned();
        let target = format!("{url}{location}");
        let get = |http: reqwest::Client, target: String, bearer: String| async move {
            let response = http
                .get(&target)
                .header("authorization", &bearer)
                .send()
                .await
                .expect("GET");
            assert!(response.status().is_success(), "{}", response.status());
            black_box(response.bytes().await.expect("body"));
        };
        for _ in 0..200 {
            get(http.clone(), target.clone(), bearer.clone()).await;
        }
        let started = Instant::now();
        let workers: Vec<_> = (0..CONCURRENCY)
            .map(|_| {
                let (http, target, bearer) = (http.clone(), target.clone(), bearer.clone());
                tokio::spawn(async move {
                    for _ in 0..REQUESTS / CONCURRENCY {
                        get(http.clone(), target.clone(), bearer.clone()).await;
                    }
                })
            })
            .collect();
        for worker in workers {
            worker.await.expect("worker");
        }
        let elapsed = started.elapsed();
        let _ = sandbox.shutdown().await;
        Row {
            what: "sandbox IBM GET",
            value: per_second(REQUESTS as u64, elapsed).replace("ops", "req"),
            detail: format!(
                "{REQUESTS} GET /v1.0/apiclients/{{id}}, {CONCURRENCY} connections, loopback"
            ),
        }
    })
}

fn main() {
    let mut rows = vec![bench_codec(), bench_planner()];
    rows.extend(bench_startup());
    rows.push(bench_sandbox());
    let width = rows.iter().map(|r| r.what.len()).max().unwrap_or(0);
    let value_width = rows.iter().map(|r| r.value.len()).max().unwrap_or(0);
    println!();
    println!("{:width$}  {:>value_width$}  notes", "benchmark", "result");
    println!("{}", "-".repeat(width + value_width + 40));
    for row in &rows {
        println!(
            "{:width$}  {:>value_width$}  {}",
            row.what, row.value, row.detail
        );
    }
}
