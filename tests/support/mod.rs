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
//! attribute left out. `terraform validate` sees every variable as unknown, so a value a validate
//! step must check is written in the file itself. A configuration whose blocks come and go between
//! steps is several files, which the test writes and removes ([`Workdir::write_file`],
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

pub mod minors;
pub mod python;
pub mod sandbox;
pub mod terraform;

/// The repository's root folder: the provider crate's, which is the workspace's (Cargo.lock,
/// fixtures/, docs/, examples/ and .tools/ are there).
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}
