//! The documentation's snippets work:
//! - every `use` in a ```rust block of a markdown file names a library of this workspace
//!   (`apiclients`, `apiclients_sandbox`, `tfplugin`) or the standard library, and what it imports
//!   from the library's root is declared public there (docs/guides/sandbox.md imported
//!   `apiclients::sandbox`, which does not exist: the sandbox is its own crate);
//! - every admin call the sandbox guide shows with a body (`curl -s -XPOST $URL/_sandbox/… -d '…'`)
//!   succeeds against a real sandbox, as written (its Akamai out-of-band create once lacked
//!   fields the sandbox requires).

mod support;

use std::path::{Path, PathBuf};

use support::sandbox::TestSandbox;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn markdown_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if ![".git", "target", ".tools", "dist", "node_modules"].contains(&name.as_str()) {
                markdown_files(&path, found);
            }
        } else if name.ends_with(".md") {
            found.push(path);
        }
    }
}

/// The lines of the ```rust blocks of a markdown text.
fn rust_lines(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut in_rust = None;
    for line in text.lines() {
        let fence = line.trim_start();
        if let Some(info) = fence.strip_prefix("```") {
            in_rust = match in_rust {
                None => Some(info.trim().starts_with("rust")),
                Some(_) => None,
            };
            continue;
        }
        if in_rust == Some(true) {
            found.push(line);
        }
    }
    found
}

/// The names a library's `lib.rs` makes public at its root (unindented items): `pub mod x`,
/// `pub struct X` (and the other items), `pub use …::x` and `pub use …::{x, y}`.
fn public_names(lib_rs: &str) -> Vec<String> {
    const ITEMS: [&str; 9] = [
        "mod", "struct", "enum", "fn", "async fn", "type", "trait", "const", "static",
    ];
    let mut names = Vec::new();
    for line in lib_rs.lines().filter(|line| line.starts_with("pub ")) {
        let rest = &line["pub ".len()..];
        if let Some(used) = rest.strip_prefix("use ") {
            let used = used.trim_end_matches(';');
            let (_, tail) = used.rsplit_once("::").unwrap_or(("", used));
            let tail = tail.trim_start_matches('{').trim_end_matches('}');
            names.extend(
                tail.split(',')
                    .map(|n| n.split(" as ").last().unwrap_or(n).trim().to_owned())
                    .filter(|n| !n.is_empty()),
            );
        } else if let Some(item) = ITEMS
            .iter()
            .find_map(|kind| rest.strip_prefix(&format!("{kind} ")))
        {
            let name: String = item
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            names.push(name);
        }
    }
    names
}

/// The names a `use` path imports from its crate's root: `a` of `krate::a::b`, or each of
/// `krate::{a, b}`.
fn imported_roots(after_crate: &str) -> Vec<String> {
    let after_crate = after_crate.trim_end_matches(';').trim();
    match after_crate.strip_prefix('{') {
        Some(group) => group
            .trim_end_matches('}')
            .split(',')
            .map(|n| n.split("::").next().unwrap_or(n).trim().to_owned())
            .filter(|n| !n.is_empty())
            .collect(),
        None => vec![
            after_crate
                .split("::")
                .next()
                .unwrap_or(after_crate)
                .trim()
                .to_owned(),
        ],
    }
}

#[test]
fn the_rust_snippets_import_what_the_workspace_exports() {
    let libraries = [
        ("apiclients", root().join("src/lib.rs")),
        (
            "apiclients_sandbox",
            root().join("crates/sandbox/src/lib.rs"),
        ),
        ("tfplugin", root().join("crates/tfplugin/src/lib.rs")),
    ];
    let mut pages = Vec::new();
    markdown_files(&root(), &mut pages);
    let mut problems = Vec::new();
    let mut checked = 0;
    for page in pages {
        let text = std::fs::read_to_string(&page).expect("read page");
        for line in rust_lines(&text) {
            let Some(path) = line.trim().strip_prefix("use ") else {
                continue;
            };
            checked += 1;
            let (krate, after_crate) = path.split_once("::").unwrap_or((path, ""));
            let shown = page.strip_prefix(root()).unwrap_or(&page).display();
            if ["std", "core", "alloc"].contains(&krate) {
                continue;
            }
            let Some((_, lib_rs)) = libraries.iter().find(|(name, _)| *name == krate) else {
                problems.push(format!(
                    "{shown}: `{}` imports from {krate}, not a library of this workspace",
                    line.trim()
                ));
                continue;
            };
            let public = public_names(&std::fs::read_to_string(lib_rs).expect("read lib.rs"));
            for name in imported_roots(after_crate) {
                if !public.contains(&name) {
                    problems.push(format!(
                        "{shown}: `{}`: {krate} has no public {name}",
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(
        checked > 0,
        "no `use` line found in the documentation's Rust snippets"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The `(path, body)` of every `curl -s -XPOST $URL<path> … -d '<body>'` in a text.
fn admin_posts(text: &str) -> Vec<(String, String)> {
    const CALL: &str = "curl -s -XPOST $URL";
    let mut found = Vec::new();
    for (at, _) in text.match_indices(CALL) {
        let rest = &text[at + CALL.len()..];
        let path: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
        // The body of this call: before the next call.
        let call = rest.split(CALL).next().unwrap_or(rest);
        if let Some((_, after)) = call.split_once("-d '")
            && let Some((body, _)) = after.split_once('\'')
        {
            found.push((path, body.to_owned()));
        }
    }
    found
}

#[test]
fn the_sandbox_guides_admin_calls_succeed_as_written() {
    let guide = std::fs::read_to_string(root().join("docs/guides/sandbox.md")).expect("guide");
    let posts = admin_posts(&guide);
    assert!(
        posts
            .iter()
            .any(|(path, _)| path == "/_sandbox/objects/akamai"),
        "the guide shows an Akamai out-of-band create: {posts:?}"
    );
    let sandbox = TestSandbox::start();
    for (path, body) in posts {
        let json: serde_json::Value = serde_json::from_str(&body)
            .unwrap_or_else(|err| panic!("{path}: the body is not JSON ({err}): {body}"));
        // admin_post fails the test unless the sandbox answers 2xx.
        sandbox.admin_post(&path, &json);
    }
}
