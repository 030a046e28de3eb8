//! The rotation paths without downtime, measured from the consumer's side through real Terraform
//! (1.15.5 and 1.0.3) against the sandbox, whose token endpoints honour every credential the
//! provider issues: while the apply runs, a poller asks for a token with the old credential every
//! few milliseconds and watches for the new client to appear. The overlap is the time from the new
//! client's first appearance to the old credential's last accepted token; no refusal of the old
//! credential may come before the new one exists. Printed, never asserted as a duration.
//! The sandbox answers in microseconds and Terraform goes from the create to the deposed
//! object's destroy in about one poll period, so each test holds the vendor's DELETEs for
//! `DELETE_LATENCY_MS` (a real tenant's latency is of that order): the window becomes wider than a
//! poll without changing the order the provider chose. A provider that deleted first would still
//! be caught, since its create would wait for the held delete.
//! (OAM's retention and Akamai's two credentials are measured on the sandbox clock in
//! tests/acc_credentials_oam_akamai.rs.)

#![cfg(feature = "test-resources")]

mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use support::sandbox::TestSandbox;
use support::terraform::Workdir;

const IBM_VERIFY_CONFIG: &str = include_str!("hcl/acc_rotation_overlap/ibm_verify.tf");
const SAILPOINT_CONFIG: &str = include_str!("hcl/acc_rotation_overlap/sailpoint.tf");
const IBM_TOKEN: &str = "/v1.0/endpoint/default/token";
const SAILPOINT_TOKEN: &str = "/oauth/token";
/// How long the sandbox holds each DELETE during the watched apply (see the module doc).
const DELETE_LATENCY_MS: u64 = 150;

/// Holds `vendor`'s DELETEs for `DELETE_LATENCY_MS`.
fn hold_deletes(sandbox: &TestSandbox, vendor: &str) {
    sandbox.add_fault(&serde_json::json!({
        "vendor": vendor, "methods": ["DELETE"], "delay_ms": DELETE_LATENCY_MS
    }));
}

/// Whether the token endpoint at `path` grants a token to this id and secret.
fn accepted(sandbox: &TestSandbox, path: &str, id: &str, secret: &str) -> bool {
    sandbox
        .grant(path, id, secret)
        .is_ok_and(|response| response.status().is_success())
}

/// What the poller saw during one apply.
struct Timeline {
    /// (time, old credential accepted)
    old: Vec<(Duration, bool)>,
    /// When a client other than the old one first existed.
    new_first_seen: Option<Duration>,
}

/// Runs `apply` while polling the old credential and the sandbox's clients (`ids` lists them).
fn watch(
    sandbox: &TestSandbox,
    token_path: &str,
    (old_id, old_secret): (&str, &str),
    ids: impl Fn(&TestSandbox) -> Vec<String> + Sync,
    apply: impl FnOnce(),
) -> Timeline {
    let stop = AtomicBool::new(false);
    let start = Instant::now();
    std::thread::scope(|scope| {
        let poller = scope.spawn(|| {
            let mut timeline = Timeline {
                old: Vec::new(),
                new_first_seen: None,
            };
            while !stop.load(Ordering::SeqCst) {
                let ok = accepted(sandbox, token_path, old_id, old_secret);
                let now = start.elapsed();
                timeline.old.push((now, ok));
                if timeline.new_first_seen.is_none() && ids(sandbox).iter().any(|id| id != old_id) {
                    timeline.new_first_seen = Some(now);
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            timeline
        });
        apply();
        // A last look after the apply: the old credential must be refused by now.
        std::thread::sleep(Duration::from_millis(50));
        stop.store(true, Ordering::SeqCst);
        poller.join().expect("poller")
    })
}

/// Asserts no downtime and prints the overlap; returns it.
fn overlap(platform: &str, timeline: &Timeline) -> Duration {
    let new_at = timeline
        .new_first_seen
        .unwrap_or_else(|| panic!("{platform}: the new client never appeared"));
    let refused_before_new: Vec<_> = timeline
        .old
        .iter()
        .filter(|(t, ok)| !ok && *t < new_at)
        .collect();
    assert!(
        refused_before_new.is_empty(),
        "{platform}: the old credential was refused before the new client existed (downtime): {refused_before_new:?}"
    );
    let last_ok = timeline
        .old
        .iter()
        .filter(|(_, ok)| *ok)
        .map(|(t, _)| *t)
        .max()
        .unwrap_or_else(|| panic!("{platform}: the old credential never worked during the apply"));
    assert!(
        timeline.old.last().is_some_and(|(_, ok)| !ok),
        "{platform}: the old credential still works after the apply"
    );
    let overlap = last_ok.saturating_sub(new_at);
    println!(
        "{platform}: overlap {} ms (new client at {} ms, old credential last accepted at {} ms, {} polls)",
        overlap.as_millis(),
        new_at.as_millis(),
        last_ok.as_millis(),
        timeline.old.len()
    );
    assert!(
        last_ok >= new_at,
        "{platform}: both credentials were never valid at once"
    );
    overlap
}

#[test]
fn ibm_verify_replacement_with_create_before_destroy_has_no_downtime() {
    let sandbox = TestSandbox::start();
    let wd = Workdir::for_sandbox(&sandbox).with_config(IBM_VERIFY_CONFIG);
    wd.apply();
    let (old_id, old_secret) = wd.client_credentials();
    assert!(accepted(&sandbox, IBM_TOKEN, &old_id, &old_secret));
    let ids = |s: &TestSandbox| {
        s.state()
            .ibm_verify
            .clients
            .iter()
            .map(|c| c.client_id.clone())
            .collect()
    };
    hold_deletes(&sandbox, "ibm_verify");
    let timeline = watch(&sandbox, IBM_TOKEN, (&old_id, &old_secret), ids, || {
        wd.run(&[
            "apply",
            "-auto-approve",
            "-no-color",
            "-replace=apiclients_ibm_verify_api_client.consumer",
        ])
        .success();
    });
    overlap("IBM Security Verify", &timeline);
    let (new_id, new_secret) = wd.client_credentials();
    assert_ne!(new_id, old_id);
    assert!(accepted(&sandbox, IBM_TOKEN, &new_id, &new_secret));
    wd.assert_empty_plan();
}

#[test]
fn sailpoint_secret_version_with_create_before_destroy_has_no_downtime() {
    let sandbox = TestSandbox::start();
    let wd = Workdir::for_sandbox(&sandbox).with_config(SAILPOINT_CONFIG);
    wd.apply();
    let (old_id, old_secret) = wd.client_credentials();
    let ids = |s: &TestSandbox| {
        s.state()
            .sailpoint
            .clients
            .iter()
            .map(|c| c.id.clone())
            .collect()
    };
    hold_deletes(&sandbox, "sailpoint");
    let timeline = watch(
        &sandbox,
        SAILPOINT_TOKEN,
        (&old_id, &old_secret),
        ids,
        || {
            wd.run(&[
                "apply",
                "-auto-approve",
                "-no-color",
                "-var",
                "secret_version=2",
            ])
            .success();
        },
    );
    overlap("SailPoint", &timeline);
    let (new_id, new_secret) = wd.client_credentials();
    assert_ne!(new_id, old_id);
    assert!(accepted(&sandbox, SAILPOINT_TOKEN, &new_id, &new_secret));
}
