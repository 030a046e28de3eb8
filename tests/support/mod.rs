//! Shared helpers for the integration and acceptance tests.
//!
//! # Configurations
//!
//! Every Terraform configuration an acceptance test applies is a plain file under
//! `tests/hcl/<test>/<name>.tf`, read with `include_str!` and written with [`Workdir::write_config`]
//! (which puts the `required_providers` block in front). The files are valid HCL as they stand
//! (`terraform fmt -check` accepts them): a test never builds HCL with `format!`.
//!
//! A value known only at run time (the sandbox's URL, a temporary path, a generated name, a count, a
//! version number a step moves to) is an input variable the file declares, with `default = null`
//! where leaving it out means "not set". The test sets the values with [`Workdir::write_vars`] (all
//! of them) or [`Workdir::set_var`] (one), which write `terraform.tfvars.json`; Terraform loads it
//! on every later command (plan, apply, import, destroy, state). A value meant for one command only
//! is a `-var` flag of that command. A variable that is null is the same to the provider as an
//! attribute left out.
//!
//! Terraform validates a configuration with every variable unknown (`terraform validate`, and the
//! validation each plan starts with), so what must be known there is written in the file itself: a
//! value `terraform validate` must refuse, and a write-only attribute on Terraform before 1.11 (the
//! provider refuses one that may be set). A configuration whose blocks come and go between steps is
//! several files, which the test writes and removes ([`Workdir::write_file`],
//! [`Workdir::remove_file`]).
//!
//! The one exception is what Terraform does not let a variable set: a `required_providers` version
//! constraint (tests/acc_release_mirror.rs).
//!
//! [`Workdir::write_config`]: terraform::Workdir::write_config
//! [`Workdir::write_vars`]: terraform::Workdir::write_vars
//! [`Workdir::set_var`]: terraform::Workdir::set_var
//! [`Workdir::write_file`]: terraform::Workdir::write_file
//! [`Workdir::remove_file`]: terraform::Workdir::remove_file

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

pub mod direct;
pub mod minors;
pub mod python;
pub mod sandbox;
pub mod terraform;

/// The repository's root folder: the provider crate's, which is the workspace's (Cargo.lock,
/// fixtures/, docs/, examples/ and .tools/ are there).
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `command` (a script, gpg, python3 …) to its end; panics with its output unless it exits 0.
/// (The arguments are left out of the message: some are credentials.)
pub fn run_ok(command: &mut Command) -> Output {
    let program = command.get_program().to_string_lossy().into_owned();
    let output = command
        .output()
        .unwrap_or_else(|err| panic!("run {program}: {err}"));
    assert!(
        output.status.success(),
        "{program} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The demo stack of `make demo` (examples/demo/main.tf), which carries its own
/// `required_providers` block: a test writes it as it is.
pub fn demo_config() -> String {
    std::fs::read_to_string(repo_root().join("examples/demo/main.tf"))
        .expect("examples/demo/main.tf")
}
