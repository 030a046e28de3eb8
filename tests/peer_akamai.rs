//! akamai/akamai's own provider as the peer, against the sandbox over TLS (`AKAMAI_PROVIDER=/path
//! make peer-akamai`; akamai/akamai is built from its source repository outside this one, see the
//! README). Without `AKAMAI_PROVIDER` every test prints SKIPPED: `make test` guards the migration
//! with the state files this test records (tests/acc_akamai_migration.rs).
//!
//! - fidelity: akamai/akamai creates, reads, updates, imports and destroys a client with purge
//!   options, a sub-group, an IP ACL and a credential on the sandbox, with an empty plan after each
//!   step;
//! - migration: the client it made moves to this provider by a `moved` block; the plan after is
//!   empty, the sandbox's objects are what they were, and the credential still signs;
//! - performance: N clients with a credential each (`APICLIENTS_PEER_N`, default 300) applied,
//!   planned and destroyed by each provider on one sandbox, printed as ratios.
//!
//! `APICLIENTS_RECORD_FIXTURES=DIR` also writes the state akamai/akamai wrote (its credential secret
//! replaced) and the sandbox's Akamai objects into DIR, the fixtures of the migration test.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use apiclients_sandbox::{Options, SandboxConfig};
use serde_json::{Value, json};
use support::sandbox::TestSandbox;
use support::terraform::{Terraform, Workdir};
use support::{repo_root, run_ok};

const OFFICIAL: &str = "akamai_iam_api_client.peer";

/// The official provider's binary, or None after printing SKIPPED.
fn official_provider() -> Option<PathBuf> {
    match std::env::var_os("AKAMAI_PROVIDER") {
        Some(path) => Some(PathBuf::from(path)),
        None => {
            eprintln!(
                "\n!!!!!!!! SKIPPED: AKAMAI_PROVIDER is not set (see `make peer-akamai`) !!!!!!!!\n"
            );
            None
        }
    }
}

/// A TLS sandbox and the file of its certificate.
fn tls_sandbox() -> (TestSandbox, tempfile::TempDir, PathBuf) {
    let sandbox = TestSandbox::start_with(
        Options::default(),
        SandboxConfig {
            tls: true,
            ..SandboxConfig::default()
        },
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let pem = dir.path().join("sandbox.pem");
    std::fs::write(&pem, sandbox.certificate_pem.as_deref().expect("TLS")).expect("write pem");
    (sandbox, dir, pem)
}

/// A working directory with both providers under dev_overrides, both trusting the sandbox's
/// certificate and pointed at it (the official one by its `config` block, this one by the
/// environment).
fn workdir(official: &Path, sandbox: &TestSandbox, pem: &Path) -> Workdir {
    let ours = Path::new(env!("CARGO_BIN_EXE_terraform-provider-apiclients"));
    let dir = tempfile::tempdir().expect("temp dir").keep();
    let official_dir = dir.join("official");
    std::fs::create_dir_all(&official_dir).expect("official folder");
    std::os::unix::fs::symlink(official, official_dir.join("terraform-provider-akamai"))
        .expect("official binary");
    let cli_config = format!(
        "provider_installation {{\n  dev_overrides {{\n    \"registry.terraform.io/apiclients/apiclients\" = \"{}\"\n    \"registry.terraform.io/akamai/akamai\" = \"{}\"\n  }}\n  direct {{}}\n}}\n",
        ours.parent().expect("folder").display(),
        official_dir.display()
    );
    let mut wd = Workdir::with_cli_config(Terraform::from_env(), &cli_config);
    wd.set_envs(&sandbox.provider_env());
    // Bare, as an .edgerc host: akamai/akamai reads AKAMAI_HOST before its config block.
    wd.set_env("AKAMAI_HOST", host(sandbox));
    wd.set_env("SSL_CERT_FILE", &pem.display().to_string());
    wd
}

fn host(sandbox: &TestSandbox) -> &str {
    sandbox.url.trim_start_matches("https://")
}

fn timed(wd: &Workdir, args: &[&str]) -> f64 {
    let start = Instant::now();
    wd.run(args).success();
    start.elapsed().as_secs_f64()
}

fn plan_is_empty(wd: &Workdir, step: &str) {
    let run = wd.run(&["plan", "-no-color", "-detailed-exitcode"]);
    assert_eq!(
        run.code,
        0,
        "{step}: the plan after is not empty:\n{}",
        run.all_output()
    );
}

#[test]
fn akamai_provider_fidelity_and_migration_on_the_sandbox() {
    let Some(official) = official_provider() else {
        return;
    };
    let (sandbox, _dir, pem) = tls_sandbox();
    let wd = workdir(&official, &sandbox, &pem);
    wd.write_file("main.tf", include_str!("hcl/peer_akamai/official.tf"));
    wd.write_vars(&json!({ "host": host(&sandbox) }));
    wd.run(&["apply", "-auto-approve", "-no-color"]).success();
    plan_is_empty(&wd, "create");
    wd.set_var("client_description", "changed by akamai/akamai");
    wd.run(&["apply", "-auto-approve", "-no-color"]).success();
    plan_is_empty(&wd, "update");
    let client = sandbox
        .clients("akamai")
        .into_iter()
        .find(|c| c["clientName"] == "peer-client")
        .expect("made");
    assert_eq!(client["clientDescription"], "changed by akamai/akamai");
    assert_eq!(
        client["purgeOptions"]["cpcodeAccess"]["cpcodes"],
        json!([101, 202]),
        "{client}"
    );
    assert_eq!(
        client["groupAccess"]["groups"][0]["subGroups"][0]["groupId"], 1002,
        "{client}"
    );
    let client_id = client["clientId"].as_str().expect("clientId").to_owned();

    // Import into a fresh folder.
    let imported = workdir(&official, &sandbox, &pem);
    imported.write_file("main.tf", include_str!("hcl/peer_akamai/official.tf"));
    imported.write_vars(
        &json!({ "host": host(&sandbox), "client_description": "changed by akamai/akamai" }),
    );
    let import = imported.run(&["import", "-no-color", OFFICIAL, &client_id]);
    eprintln!(
        "akamai/akamai import: exit {}\n{}",
        import.code,
        import.all_output()
    );
    let import_plan = imported.run(&["plan", "-no-color", "-detailed-exitcode"]);
    eprintln!(
        "akamai/akamai plan after import: exit {}\n{}",
        import_plan.code, import_plan.stdout
    );

    // The fixtures of tests/acc_akamai_migration.rs.
    let state_text = std::fs::read_to_string(wd.path().join("terraform.tfstate")).expect("state");
    let mut state: Value = serde_json::from_str(&state_text).expect("state JSON");
    let credential = state["resources"][0]["instances"][0]["attributes"]["credential"].clone();
    if let Some(dir) = std::env::var_os("APICLIENTS_RECORD_FIXTURES") {
        let dir = PathBuf::from(dir);
        let version = std::env::var("AKAMAI_PROVIDER_VERSION").unwrap_or_else(|_| "unknown".into());
        state["resources"][0]["instances"][0]["attributes"]["credential"]["client_secret"] =
            json!("redacted-by-recording");
        std::fs::create_dir_all(&dir).expect("fixture folder");
        std::fs::write(
            dir.join(format!("akamai-{version}.tfstate")),
            serde_json::to_string_pretty(&state).expect("JSON") + "\n",
        )
        .expect("write state fixture");
        let objects = serde_json::to_value(sandbox.state()).expect("state")["akamai"].clone();
        std::fs::write(
            dir.join(format!("akamai-{version}.sandbox.json")),
            serde_json::to_string_pretty(&objects).expect("JSON") + "\n",
        )
        .expect("write sandbox fixture");
    }

    // Migration by `moved`, with akamai/akamai itself installed.
    let before = serde_json::to_value(sandbox.state()).expect("state")["akamai"].clone();
    for file in ["main.tf", "terraform.tfvars.json"] {
        std::fs::remove_file(wd.path().join(file)).expect("remove");
    }
    let credential_id = credential["credential_id"].as_i64().expect("credential_id");
    let migration =
        std::fs::read_to_string(repo_root().join("tests/hcl/acc_akamai_migration/client.tf"))
            .expect("client.tf")
            .replace("made by akamai/akamai", "changed by akamai/akamai");
    // Terraform needs the source provider while the state names it: both are required.
    wd.write_file(
        "main.tf",
        &format!(
            "terraform {{\n  required_providers {{\n    apiclients = {{\n      source = \"apiclients/apiclients\"\n    }}\n    akamai = {{\n      source = \"akamai/akamai\"\n    }}\n  }}\n}}\n\n{migration}"
        ),
    );
    wd.write_file(
        "moved.tf",
        include_str!("hcl/acc_akamai_migration/moved.tf"),
    );
    wd.write_vars(&json!({ "credential_import_id": format!("{client_id}/{credential_id}") }));
    sandbox.clear_requests();
    let applied = wd.run(&["apply", "-auto-approve", "-no-color"]).success();
    assert!(
        applied
            .stdout
            .contains("1 imported, 0 added, 0 changed, 0 destroyed"),
        "{}",
        applied.stdout
    );
    plan_is_empty(&wd, "moved");
    let after = serde_json::to_value(sandbox.state()).expect("state")["akamai"].clone();
    assert_eq!(after, before, "the tenant's objects are what they were");
    let writes: Vec<Value> = sandbox
        .requests(Some("akamai"))
        .into_iter()
        .filter(|r| r["method"] != "GET")
        .collect();
    assert!(writes.is_empty(), "writes: {writes:?}");
    // The credential akamai/akamai made still signs, with edgegrid-python.
    let python = repo_root().join(".tools/venv/bin/python");
    let script = "import sys, requests\nfrom akamai.edgegrid import EdgeGridAuth\ns = requests.Session()\ns.auth = EdgeGridAuth(client_token=sys.argv[2], client_secret=sys.argv[3], access_token=sys.argv[4])\nprint(s.get(sys.argv[1] + '/identity-management/v3/api-clients/self', verify=sys.argv[5]).status_code)\n";
    let access_token = wd
        .resource_values("apiclients_akamai_api_client.peer")
        .expect("moved")["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned();
    let signed = run_ok(
        Command::new(&python)
            .args(["-c", script, &sandbox.url])
            .arg(credential["client_token"].as_str().expect("client_token"))
            .arg(credential["client_secret"].as_str().expect("client_secret"))
            .arg(&access_token)
            .arg(&pem),
    );
    assert_eq!(
        String::from_utf8_lossy(&signed.stdout).trim(),
        "200",
        "the credential still signs"
    );
    println!("akamai/akamai fidelity and migration: passed (client {client_id})");
}

#[test]
fn akamai_provider_side_by_side_timing() {
    let Some(official) = official_provider() else {
        return;
    };
    let n: u32 = std::env::var("APICLIENTS_PEER_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let (sandbox, _dir, pem) = tls_sandbox();
    let theirs = workdir(&official, &sandbox, &pem);
    theirs.write_file("main.tf", include_str!("hcl/peer_akamai/official_many.tf"));
    theirs.write_vars(&json!({ "host": host(&sandbox), "n": n }));
    let ours = workdir(&official, &sandbox, &pem);
    ours.write_config(include_str!("hcl/peer_akamai/ours_many.tf"));
    ours.write_vars(&json!({ "n": n }));
    let mut rows = Vec::new();
    for (name, wd) in [("akamai/akamai", &theirs), ("apiclients", &ours)] {
        let apply = timed(wd, &["apply", "-auto-approve", "-no-color"]);
        let plan = timed(wd, &["plan", "-no-color"]);
        let destroy = timed(wd, &["destroy", "-auto-approve", "-no-color"]);
        rows.push((name, apply, plan, destroy));
    }
    println!("{n} Akamai API clients with a credential each, on one sandbox (TLS), seconds:");
    for (name, apply, plan, destroy) in &rows {
        println!("  {name:<14} apply {apply:7.2}  plan {plan:6.2}  destroy {destroy:7.2}");
    }
    let (_, a0, p0, d0) = rows[0];
    let (_, a1, p1, d1) = rows[1];
    println!(
        "  ratio ours/theirs: apply {:.2}x  plan {:.2}x  destroy {:.2}x",
        a1 / a0,
        p1 / p0,
        d1 / d0
    );
}
