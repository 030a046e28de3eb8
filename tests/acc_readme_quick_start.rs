//! The README's quick start, run as written: its shell blocks in one bash, in order, and its `main.tf` block
//! saved where step 3 says, in a folder holding the two binaries cargo built, with the Terraform the
//! environment picks as `terraform` on PATH and a HOME of its own. The one change: the sandbox's default
//! address 127.0.0.1:8787 becomes a free port, so that the test cannot collide with a sandbox already running.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::terraform::Terraform;

const README: &str = include_str!("../README.md");
const README_ADDRESS: &str = "127.0.0.1:8787";

/// The fenced blocks of the README's `## Quick start` section, as (language, body).
fn quick_start_blocks() -> Vec<(String, String)> {
    let section = README
        .split("\n## Quick start\n")
        .nth(1)
        .expect("README has a `## Quick start` section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in section.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(language)) => current = Some((language.trim().to_owned(), String::new())),
            (Some(_), Some("")) => blocks.extend(current.take()),
            (Some((_, body)), _) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(current.is_none(), "an unclosed block in the quick start");
    blocks
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// A `terraform` on PATH that runs `tf` (a wrapper, not a symlink: the .tools wrappers find their
/// libraries from their own path).
fn terraform_on_path(dir: &Path, tf: &Terraform) {
    let wrapper = dir.join("terraform");
    std::fs::write(
        &wrapper,
        format!("#!/bin/sh\nexec '{}' \"$@\"\n", tf.bin.display()),
    )
    .expect("write the terraform wrapper");
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

#[test]
fn the_readme_quick_start_runs_as_written() {
    let blocks = quick_start_blocks();
    let languages: Vec<&str> = blocks.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        languages,
        ["sh", "sh", "hcl", "sh"],
        "the quick start is: CLI configuration, sandbox, main.tf, apply"
    );
    let address = format!("127.0.0.1:{}", free_port());
    for (language, body) in &blocks[1..] {
        assert!(
            body.contains(README_ADDRESS),
            "the {language} block no longer uses {README_ADDRESS}; update this test:\n{body}"
        );
    }
    let block = |i: usize| blocks[i].1.replace(README_ADDRESS, &address);
    assert!(
        block(0).contains("dev_overrides") && block(1).contains("apiclients-sandbox"),
        "{blocks:?}"
    );

    let root = tempfile::Builder::new()
        .prefix("apiclients-quickstart-")
        .tempdir()
        .expect("temp dir");
    let bin_dir = root.path().join("binaries");
    let path_dir = root.path().join("path");
    let home = root.path().join("home");
    for dir in [&bin_dir, &path_dir, &home] {
        std::fs::create_dir(dir).expect("create dir");
    }
    let provider = PathBuf::from(env!("CARGO_BIN_EXE_terraform-provider-apiclients"));
    let sandbox = provider.with_file_name("apiclients-sandbox");
    assert!(
        sandbox.exists(),
        "{} is not built: `cargo build -p apiclients-sandbox` (make test builds it)",
        sandbox.display()
    );
    for binary in [&provider, &sandbox] {
        std::os::unix::fs::symlink(binary, bin_dir.join(binary.file_name().expect("name")))
            .expect("link the binary");
    }
    let tf = Terraform::from_env();
    terraform_on_path(&path_dir, &tf);

    // The blocks as one would paste them, step 3's file saved with a heredoc; the trap only makes sure
    // a failing step does not leave the sandbox running.
    let script = format!(
        "set -euo pipefail\ntrap '[ -n \"${{sandbox_pid:-}}\" ] && kill \"$sandbox_pid\" 2>/dev/null; true' EXIT\n{}{}cat > main.tf <<'QUICK_START_MAIN_TF'\n{}QUICK_START_MAIN_TF\n{}",
        block(0),
        block(1),
        block(2),
        block(3)
    );
    let out_path = root.path().join("out.txt");
    let out = std::fs::File::create(&out_path).expect("output file");
    let mut child = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(&bin_dir)
        .env_clear()
        .env(
            "PATH",
            format!(
                "{}:{}",
                path_dir.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env("HOME", &home)
        .env("CHECKPOINT_DISABLE", "1")
        .stdin(Stdio::null())
        .stdout(out.try_clone().expect("clone"))
        .stderr(out)
        .spawn()
        .expect("run bash");
    let deadline = Instant::now() + Duration::from_secs(300);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the quick start did not finish in 300 s:\n{}",
                std::fs::read_to_string(&out_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = std::fs::read_to_string(&out_path).unwrap_or_default();
    assert!(
        status.success(),
        "the quick start failed on Terraform {} ({status}):\n{output}\n--- script\n{script}",
        tf.version
    );
    for expected in [
        "sandbox-ibm-admin",
        "Apply complete! Resources: 1 added, 0 changed, 0 destroyed.",
        "No changes.",
        "\"clientName\":\"quickstart\"",
        "Destroy complete! Resources: 1 destroyed.",
    ] {
        assert!(
            output.contains(expected),
            "{expected:?} missing from the quick start's output:\n{output}"
        );
    }
    let main_tf = bin_dir.join("apiclients-quickstart/main.tf");
    assert_eq!(
        std::fs::read_to_string(main_tf).expect("main.tf where step 3 says"),
        block(2)
    );
}
