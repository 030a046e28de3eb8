//! The provider installs the way users install providers, with the real Terraform CLI and no dev_overrides:
//! the release package of `scripts/package.sh` (the one `make release` writes into dist/) has the registry's
//! layout, `terraform init` installs it from a filesystem mirror (lock file: its `h1:` hash) and from a
//! registry serving it with a GPG-signed SHA256SUMS (lock file: its `zh:` hash, the signature checked by
//! Terraform and by gpg), and a client on the sandbox is applied and destroyed with it.
//!
//! The package is made from the provider binary cargo built for this run, unless `APICLIENTS_RELEASE_DIST`
//! names a dist/ folder (`make release-check`). Runs on the Terraform of `APICLIENTS_TF_VERSION` like every
//! acceptance suite. The signed registry needs gnupg; without it that test prints SKIPPED.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine;
use serde_json::Value;
use sha2::{Digest, Sha256};
use support::sandbox::TestSandbox;
use support::terraform::{Terraform, Workdir};
use support::{repo_root, run_ok};

const NAME: &str = "terraform-provider-apiclients";

/// The version of Cargo.toml, as the packaging script reads it.
fn version() -> String {
    let output = run_ok(&mut Command::new(repo_root().join("scripts/version.sh")));
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .trim()
        .to_owned()
}

/// This machine's platform in the registry's words (`linux_amd64`).
fn platform() -> (String, String) {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    };
    (std::env::consts::OS.to_owned(), arch.to_owned())
}

fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// Runs `scripts/package.sh BINARY OUT`, signing with `gpg` = (GNUPGHOME, fingerprint) when given.
fn package(binary: &Path, out: &Path, gpg: Option<(&Path, &str)>) {
    let mut command = Command::new(repo_root().join("scripts/package.sh"));
    command
        .arg(binary)
        .arg(out)
        .env_remove("GPG_FINGERPRINT")
        .env_remove("PKG_OS")
        .env_remove("PKG_ARCH");
    if let Some((home, fingerprint)) = gpg {
        command
            .env("GNUPGHOME", home)
            .env("GPG_FINGERPRINT", fingerprint);
    }
    run_ok(&mut command);
}

/// The release under test: a dist/ folder and this platform's zip in it.
struct Release {
    dist: PathBuf,
    zip: PathBuf,
    version: String,
    /// Set when the dist/ was packaged for this run from the binary cargo built.
    packaged_from: Option<PathBuf>,
    _tmp: Option<tempfile::TempDir>,
}

impl Release {
    fn under_test() -> Release {
        let version = version();
        let (os, arch) = platform();
        let zip_name = format!("{NAME}_{version}_{os}_{arch}.zip");
        if let Some(dist) = std::env::var_os("APICLIENTS_RELEASE_DIST") {
            let dist = PathBuf::from(dist);
            println!("testing the release in {}", dist.display());
            let zip = dist.join(&zip_name);
            assert!(
                zip.is_file(),
                "{} is missing: run `make release`",
                zip.display()
            );
            return Release {
                dist,
                zip,
                version,
                packaged_from: None,
                _tmp: None,
            };
        }
        let tmp = tempfile::Builder::new()
            .prefix("apiclients-dist-")
            .tempdir()
            .expect("temp dir");
        let binary = PathBuf::from(env!("CARGO_BIN_EXE_terraform-provider-apiclients"));
        let dist = tmp.path().join("dist");
        package(&binary, &dist, None);
        Release {
            zip: dist.join(&zip_name),
            dist,
            version,
            packaged_from: Some(binary),
            _tmp: Some(tmp),
        }
    }

    fn file(&self, suffix: &str) -> PathBuf {
        self.dist.join(format!("{NAME}_{}_{suffix}", self.version))
    }

    fn zip_bytes(&self) -> Vec<u8> {
        std::fs::read(&self.zip).expect("read the zip")
    }

    /// The zip's file name.
    fn zip_name(&self) -> String {
        self.zip
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned()
    }

    /// The entries of the zip: name, Unix mode, date (python3's zipfile reads it).
    fn zip_entries(&self) -> Value {
        let script = "import json, sys, zipfile\n\
                      z = zipfile.ZipFile(sys.argv[1])\n\
                      print(json.dumps([{'name': i.filename, 'mode': i.external_attr >> 16, \
                      'date': list(i.date_time), 'size': i.file_size} for i in z.infolist()]))";
        let output = run_ok(Command::new("python3").args(["-c", script]).arg(&self.zip));
        serde_json::from_slice(&output.stdout).expect("zip entries JSON")
    }

    /// Extracts the zip into `dir` and returns the provider binary's path there.
    fn unpack(&self, dir: &Path) -> PathBuf {
        run_ok(
            Command::new("python3")
                .args(["-m", "zipfile", "-e"])
                .arg(&self.zip)
                .arg(dir),
        );
        dir.join(format!("{NAME}_v{}", self.version))
    }

    /// Terraform's `h1:` hash of the package: sha256 over the sorted `sha256  name` lines of its files.
    fn h1(&self) -> String {
        let tmp = tempfile::tempdir().expect("temp dir");
        let binary = self.unpack(tmp.path());
        let bytes = std::fs::read(&binary).expect("the unpacked binary");
        let name = binary.file_name().expect("a name").to_string_lossy();
        let summary = format!("{}  {name}\n", sha256_hex(&bytes));
        let digest = Sha256::digest(summary.as_bytes());
        format!(
            "h1:{}",
            base64::engine::general_purpose::STANDARD.encode(digest)
        )
    }
}

/// The hashes `.terraform.lock.hcl` records for the provider.
fn locked_hashes(wd: &Workdir) -> Vec<String> {
    let lock = std::fs::read_to_string(wd.path().join(".terraform.lock.hcl"))
        .expect("terraform init writes .terraform.lock.hcl");
    assert!(
        lock.contains("provider \"registry.terraform.io/apiclients/apiclients\""),
        "{lock}"
    );
    lock.lines()
        .map(str::trim)
        .filter_map(|line| line.strip_prefix('"'))
        .filter_map(|line| line.strip_suffix("\","))
        .map(str::to_owned)
        .collect()
}

/// tests/hcl/acc_release_mirror/main.tf: one IBM Verify client.
const MIRROR_CLIENT: &str = include_str!("hcl/acc_release_mirror/main.tf");

/// The configuration's `required_providers` block, needing exactly this version: the one HCL a test
/// writes in code, as a version constraint cannot come from a variable (tests/support/mod.rs).
fn required_version(version: &str) -> String {
    format!(
        r#"terraform {{
  required_providers {{
    apiclients = {{
      source  = "apiclients/apiclients"
      version = "{version}"
    }}
  }}
}}
"#
    )
}

/// Writes the configuration that needs exactly this version of the provider.
fn write_client_config(wd: &Workdir, version: &str) {
    wd.write_file("versions.tf", &required_version(version));
    wd.write_file("main.tf", MIRROR_CLIENT);
}

fn ibm_clients(sandbox: &TestSandbox) -> Vec<Value> {
    sandbox.clients("ibm_verify")
}

#[test]
fn the_release_has_the_registry_layout() {
    let release = Release::under_test();
    let version = &release.version;

    // The manifest: the repository's terraform-registry-manifest.json, protocol 6.
    let manifest: Value = serde_json::from_slice(
        &std::fs::read(release.file("manifest.json")).expect("the manifest"),
    )
    .expect("manifest JSON");
    let original: Value = serde_json::from_slice(
        &std::fs::read(repo_root().join("terraform-registry-manifest.json")).expect("the manifest"),
    )
    .expect("manifest JSON");
    assert_eq!(manifest, original);
    assert_eq!(
        manifest,
        serde_json::json!({"version": 1, "metadata": {"protocol_versions": ["6.0"]}})
    );

    // SHA256SUMS: `hash  name` lines, sorted by name, naming every zip and the manifest, hashes right.
    let sums = std::fs::read_to_string(release.file("SHA256SUMS")).expect("SHA256SUMS");
    let mut names = Vec::new();
    for line in sums.lines() {
        let (hash, name) = line
            .split_once("  ")
            .unwrap_or_else(|| panic!("not a `hash  name` line: {line:?}"));
        let bytes = std::fs::read(release.dist.join(name))
            .unwrap_or_else(|e| panic!("SHA256SUMS names {name}: {e}"));
        assert_eq!(hash, sha256_hex(&bytes), "{name}");
        names.push(name.to_owned());
    }
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    let zip_name = release.zip_name();
    assert!(names.contains(&zip_name), "{sums}");
    assert!(
        names.contains(&format!("{NAME}_{version}_manifest.json")),
        "{sums}"
    );
    for name in &names {
        assert!(
            name.starts_with(&format!("{NAME}_{version}_")),
            "{name} in SHA256SUMS"
        );
    }

    // The zip: one executable entry, `terraform-provider-apiclients_v{VERSION}`, at a fixed date.
    let entries = release.zip_entries();
    let entries = entries.as_array().expect("entries");
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["name"], format!("{NAME}_v{version}"));
    assert_eq!(entries[0]["mode"], 0o100755);
    assert_eq!(entries[0]["date"], serde_json::json!([1980, 1, 1, 0, 0, 0]));

    // Reproducible: the same binary packaged again gives the same bytes.
    let again = tempfile::tempdir().expect("temp dir");
    let binary = match &release.packaged_from {
        Some(binary) => binary.clone(),
        None => release.unpack(again.path()),
    };
    let unpacked =
        std::fs::read(release.unpack(&again.path().join("check"))).expect("the unpacked binary");
    assert_eq!(
        unpacked,
        std::fs::read(&binary).expect("the binary"),
        "the zip holds the binary"
    );
    package(&binary, &again.path().join("dist"), None);
    let repackaged = std::fs::read(again.path().join("dist").join(&zip_name)).expect("zip");
    assert!(
        repackaged == release.zip_bytes(),
        "packaging the same binary twice gave different zips"
    );
}

#[test]
fn init_installs_the_zip_from_a_filesystem_mirror_and_it_manages_a_client() {
    let release = Release::under_test();
    let mirror = tempfile::tempdir().expect("temp dir");
    let folder = mirror
        .path()
        .join("registry.terraform.io/apiclients/apiclients");
    std::fs::create_dir_all(&folder).expect("mirror folder");
    std::fs::copy(&release.zip, folder.join(release.zip_name()))
        .expect("copy the zip into the mirror");

    // Only the mirror: no dev_overrides, no registry, not even the implied local mirror folders.
    let cli_config = format!(
        "provider_installation {{\n  filesystem_mirror {{\n    path = \"{}\"\n  }}\n}}\n",
        mirror.path().display()
    );
    let sandbox = TestSandbox::start();
    let mut wd = Workdir::with_cli_config(Terraform::from_env(), &cli_config);
    wd.set_envs(&sandbox.provider_env());
    write_client_config(&wd, &release.version);

    let init = wd.run(&["init", "-no-color"]).success();
    assert!(
        init.stdout.contains(&format!(
            "Installing apiclients/apiclients v{}",
            release.version
        )),
        "{}",
        init.stdout
    );
    let (os, arch) = platform();
    let installed = wd.path().join(format!(
        ".terraform/providers/registry.terraform.io/apiclients/apiclients/{}/{os}_{arch}/{NAME}_v{}",
        release.version, release.version
    ));
    assert!(installed.is_file(), "{} missing", installed.display());
    // A filesystem mirror gives Terraform no checksums it could trust, so it records only the hash it
    // computes from the package's content.
    assert_eq!(locked_hashes(&wd), vec![release.h1()]);

    wd.apply();
    let clients = ibm_clients(&sandbox);
    assert_eq!(clients.len(), 1, "{clients:?}");
    assert_eq!(clients[0]["clientName"], "installed-from-a-mirror");
    wd.assert_empty_plan();
    wd.destroy();
    assert!(ibm_clients(&sandbox).is_empty());
}

/// A throwaway signing key in a temporary GNUPGHOME; its gpg-agent is stopped on drop.
struct Gpg {
    home: tempfile::TempDir,
    fingerprint: String,
}

impl Gpg {
    /// None when gnupg is not installed.
    fn throwaway_key() -> Option<Gpg> {
        Command::new("gpg").arg("--version").output().ok()?;
        // Short path: gpg-agent's socket lives in GNUPGHOME and socket paths are limited in length.
        let home = tempfile::Builder::new()
            .prefix("gpg")
            .tempdir_in("/tmp")
            .expect("temp dir");
        let gpg = |args: &[&str]| {
            let output = run_ok(
                Command::new("gpg")
                    .env("GNUPGHOME", home.path())
                    .args(["--batch", "--passphrase", ""])
                    .args(args),
            );
            String::from_utf8_lossy(&output.stdout).into_owned()
        };
        gpg(&[
            "--quick-gen-key",
            "apiclients release test <release-test@example.invalid>",
            "rsa3072",
            "sign",
            "never",
        ]);
        let listing = gpg(&["--with-colons", "--list-keys"]);
        let fingerprint = listing
            .lines()
            .find_map(|line| line.strip_prefix("fpr:"))
            .and_then(|rest| rest.split(':').find(|field| !field.is_empty()))
            .expect("the key's fingerprint")
            .to_owned();
        Some(Gpg { home, fingerprint })
    }

    fn command(&self) -> Command {
        let mut command = Command::new("gpg");
        command.env("GNUPGHOME", self.home.path()).arg("--batch");
        command
    }

    fn public_key(&self) -> String {
        let output = self
            .command()
            .args(["--armor", "--export", &self.fingerprint])
            .output()
            .expect("gpg --export");
        String::from_utf8(output.stdout).expect("ASCII armor")
    }

    fn verifies(&self, signature: &Path, data: &Path) -> bool {
        self.command()
            .arg("--verify")
            .arg(signature)
            .arg(data)
            .output()
            .expect("gpg --verify")
            .status
            .success()
    }
}

impl Drop for Gpg {
    fn drop(&mut self) {
        let _ = Command::new("gpgconf")
            .env("GNUPGHOME", self.home.path())
            .args(["--kill", "gpg-agent"])
            .output();
    }
}

/// Serves the files of `root` over HTTP on 127.0.0.1, on a runtime of its own, until dropped.
struct StaticServer {
    url: String,
    runtime: Option<tokio::runtime::Runtime>,
}

impl StaticServer {
    fn start(root: PathBuf) -> StaticServer {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let app = axum::Router::new().fallback(move |uri: axum::http::Uri| {
            let root = root.clone();
            async move {
                let relative = uri.path().trim_start_matches('/');
                if relative.split('/').any(|part| part == "..") {
                    return Err(axum::http::StatusCode::BAD_REQUEST);
                }
                std::fs::read(root.join(relative)).map_err(|_| axum::http::StatusCode::NOT_FOUND)
            }
        });
        runtime.spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        StaticServer {
            url,
            runtime: Some(runtime),
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

#[test]
fn init_installs_the_signed_release_from_a_registry_and_locks_its_zh_hash() {
    let Some(gpg) = Gpg::throwaway_key() else {
        println!(
            "SKIPPED: gnupg is not installed (`make tools` installs it as root); the release layout and the filesystem mirror install are still tested"
        );
        return;
    };
    let release = Release::under_test();
    let version = &release.version;
    let (os, arch) = platform();

    // The release's own binary, packaged again with a signature: a registry's download folder.
    let root = tempfile::tempdir().expect("temp dir");
    let binary = release.unpack(&root.path().join("unpacked"));
    let download = root.path().join("download");
    package(
        &binary,
        &download,
        Some((gpg.home.path(), &gpg.fingerprint)),
    );
    let zip_name = release.zip_name();
    let zip = std::fs::read(download.join(&zip_name)).expect("zip");
    assert!(
        zip == release.zip_bytes(),
        "the signed package's zip differs from the release's"
    );

    // The detached signature is binary and verifies; a changed SHA256SUMS does not.
    let sums = download.join(format!("{NAME}_{version}_SHA256SUMS"));
    let signature = download.join(format!("{NAME}_{version}_SHA256SUMS.sig"));
    let signature_bytes = std::fs::read(&signature).expect("the signature");
    assert!(
        !signature_bytes.starts_with(b"-----BEGIN"),
        "the signature must be binary, not armored"
    );
    assert!(gpg.verifies(&signature, &sums));
    let tampered = root.path().join("tampered_SHA256SUMS");
    let mut text = std::fs::read_to_string(&sums).expect("SHA256SUMS");
    text.push_str(&format!("{}  extra.zip\n", "0".repeat(64)));
    std::fs::write(&tampered, text).expect("write");
    assert!(!gpg.verifies(&signature, &tampered));

    // The registry protocol's two documents, then the download folder, served from one folder.
    let server = StaticServer::start(root.path().to_path_buf());
    let api = root.path().join("v1/providers/apiclients/apiclients");
    std::fs::create_dir_all(api.join(format!("{version}/download/{os}"))).expect("folders");
    let versions = serde_json::json!({ "versions": [{
        "version": version, "protocols": ["6.0"], "platforms": [{ "os": os, "arch": arch }],
    }]});
    std::fs::write(api.join("versions"), versions.to_string()).expect("write");
    let files = format!("{}/download", server.url);
    let key_id = &gpg.fingerprint[gpg.fingerprint.len() - 16..];
    let package = serde_json::json!({
        "protocols": ["6.0"], "os": os, "arch": arch, "filename": zip_name,
        "download_url": format!("{files}/{zip_name}"),
        "shasums_url": format!("{files}/{NAME}_{version}_SHA256SUMS"),
        "shasums_signature_url": format!("{files}/{NAME}_{version}_SHA256SUMS.sig"),
        "shasum": sha256_hex(&zip),
        "signing_keys": { "gpg_public_keys": [{ "key_id": key_id, "ascii_armor": gpg.public_key() }] },
    });
    std::fs::write(
        api.join(format!("{version}/download/{os}/{arch}")),
        package.to_string(),
    )
    .expect("write");

    // registry.terraform.io itself, pointed at the local registry: the source address users write.
    let cli_config = format!(
        "host \"registry.terraform.io\" {{\n  services = {{\n    \"providers.v1\" = \"{}/v1/providers/\"\n  }}\n}}\n\
         provider_installation {{\n  direct {{}}\n}}\n",
        server.url
    );
    let sandbox = TestSandbox::start();
    let mut wd = Workdir::with_cli_config(Terraform::from_env(), &cli_config);
    wd.set_envs(&sandbox.provider_env());
    write_client_config(&wd, version);
    let init = wd.run(&["init", "-no-color"]).success();
    let expected = format!(
        "Installed apiclients/apiclients v{version} (self-signed, key ID {})",
        key_id.to_uppercase()
    );
    assert!(init.stdout.contains(&expected), "{}", init.stdout);

    // Terraform trusts the signed SHA256SUMS, so the lock file records the zip's sha256 as `zh:`.
    let hashes = locked_hashes(&wd);
    assert!(
        hashes.contains(&format!("zh:{}", sha256_hex(&zip))),
        "{hashes:?}"
    );
    assert!(hashes.contains(&release.h1()), "{hashes:?}");

    let plan = wd.plan();
    assert_eq!(plan.code, 2, "{}\n{}", plan.stdout, plan.stderr);
    assert!(
        plan.stdout
            .contains("apiclients_ibm_verify_api_client.mirror will be created"),
        "{}",
        plan.stdout
    );
}
