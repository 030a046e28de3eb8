//! Every link of the documentation leads somewhere:
//! - the pages under docs/ link to each other as the Terraform Registry serves them: `docs/index.md` at
//!   `<base>/docs`, `docs/<kind>/<name>.md` at `<base>/docs/<kind>/<name>` (no `.md`), so a relative link is
//!   resolved against that URL and must land on a page that exists (and on a heading of it, for `#anchor`);
//! - the other markdown files (README.md, DESIGN.md, …) link to files of the repository, and their anchors
//!   to headings;
//! - every mention of a `docs/….md` path in the repository's text files names a file that exists.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use support::repo_root as root;

/// The repository's files, without build output and installed tools.
fn files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if ![".git", "target", ".tools", "dist", "node_modules"].contains(&name.as_str()) {
                files(&path, found);
            }
        } else {
            found.push(path);
        }
    }
}

/// The lines of a markdown text outside its fenced code blocks.
fn prose_lines(text: &str) -> Vec<&str> {
    let mut in_block = false;
    text.lines()
        .filter(|line| {
            if line.trim_start().starts_with("```") {
                in_block = !in_block;
                return false;
            }
            !in_block
        })
        .collect()
}

/// The markdown links `[text](target)` of a text, outside code blocks and code spans.
fn links(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in prose_lines(text) {
        // Code spans may hold `[x](y)` that is not a link.
        let mut outside = String::new();
        for (i, part) in line.split('`').enumerate() {
            if i % 2 == 0 {
                outside.push_str(part);
            }
        }
        let mut rest = outside.as_str();
        while let Some(start) = rest.find("](") {
            let after = &rest[start + 2..];
            let Some(end) = after.find(')') else { break };
            found.push(after[..end].trim().to_owned());
            rest = &after[end..];
        }
    }
    found
}

/// The anchors a page offers: its headings, slugged as GitHub and the registry do, and explicit ids.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in prose_lines(text) {
        if let Some(heading) = line.strip_prefix('#') {
            let heading = heading.trim_start_matches('#').trim();
            let slug: String = heading
                .to_lowercase()
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
                .map(|c| if c == ' ' { '-' } else { c })
                .collect();
            found.insert(slug);
        }
        let mut rest = line;
        while let Some(start) = rest.find("<a id=\"") {
            let after = &rest[start + 7..];
            let Some(end) = after.find('"') else { break };
            found.insert(after[..end].to_owned());
            rest = &after[end..];
        }
    }
    found
}

/// A file's path inside the repository, for messages.
fn shown(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// A link's target and its `#anchor`, if it has one.
fn split_anchor(link: &str) -> (&str, Option<&str>) {
    match link.split_once('#') {
        Some((target, anchor)) => (target, Some(anchor)),
        None => (link, None),
    }
}

/// Whether the page or file `target` has the heading `anchor` (true when there is no anchor).
fn has_anchor(target: &Path, anchor: Option<&str>) -> bool {
    anchor.is_none_or(|anchor| {
        let text =
            std::fs::read_to_string(target).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
        anchors(&text).contains(anchor)
    })
}

fn is_external(target: &str) -> bool {
    target.starts_with("http://") || target.starts_with("https://") || target.starts_with("mailto:")
}

/// The registry URL path of a page under docs/: `/docs` for index.md, `/docs/<kind>/<name>` else.
fn registry_path(page: &Path) -> String {
    let relative = page
        .strip_prefix(root().join("docs"))
        .expect("a page under docs/");
    if relative == Path::new("index.md") {
        return "/docs".to_owned();
    }
    format!(
        "/docs/{}",
        relative
            .with_extension("")
            .to_string_lossy()
            .replace('\\', "/")
    )
}

/// Resolves `target` against the URL path `base`, as a browser does.
fn resolve(base: &str, target: &str) -> String {
    let mut segments: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        let mut dir: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
        dir.pop();
        dir
    };
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    format!("/{}", segments.join("/"))
}

/// The page under docs/ a registry URL path names, if it exists.
fn registry_page(url_path: &str) -> Option<PathBuf> {
    let docs = root().join("docs");
    if url_path == "/docs" {
        return Some(docs.join("index.md"));
    }
    let rest = url_path.strip_prefix("/docs/")?;
    let page = docs.join(format!("{rest}.md"));
    page.exists().then_some(page)
}

#[test]
fn the_pages_under_docs_link_to_pages_that_exist_in_the_registry_layout() {
    let mut all = Vec::new();
    files(&root().join("docs"), &mut all);
    let pages: Vec<PathBuf> = all
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    assert!(pages.len() > 10, "{pages:?}");
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in &pages {
        let text = std::fs::read_to_string(page).expect("page");
        for link in links(&text) {
            if is_external(&link) {
                continue;
            }
            checked += 1;
            let (target, anchor) = split_anchor(&link);
            let name = shown(page);
            let target_page = if target.is_empty() {
                Some(page.clone())
            } else if target.ends_with(".md") {
                broken.push(format!(
                    "{name}: {link} (the registry serves pages without .md)"
                ));
                continue;
            } else {
                registry_page(&resolve(&registry_path(page), target))
            };
            let Some(target_page) = target_page else {
                broken.push(format!(
                    "{name}: {link} (resolves to {}, no such page)",
                    resolve(&registry_path(page), target)
                ));
                continue;
            };
            if !has_anchor(&target_page, anchor) {
                broken.push(format!("{name}: {link} (no such heading)"));
            }
        }
    }
    assert!(checked > 10, "too few links checked: {checked}");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_other_markdown_files_link_to_files_and_headings_that_exist() {
    let mut all = Vec::new();
    files(root(), &mut all);
    let docs = root().join("docs");
    // examples/provider/index.md is part of docs/index.md, checked with the registry's layout.
    let fragment = root().join("examples/provider/index.md");
    let mut broken = Vec::new();
    let mut checked = 0;
    for file in all.iter().filter(|p| {
        p.extension().is_some_and(|e| e == "md") && !p.starts_with(&docs) && **p != fragment
    }) {
        let text = std::fs::read_to_string(file).expect("markdown file");
        let name = shown(file);
        for link in links(&text) {
            if is_external(&link) {
                continue;
            }
            checked += 1;
            let (target, anchor) = split_anchor(&link);
            let target_file = if target.is_empty() {
                file.clone()
            } else {
                file.parent().expect("folder").join(target)
            };
            if !target_file.exists() {
                broken.push(format!("{name}: {link} (no such file)"));
                continue;
            }
            if !has_anchor(&target_file, anchor) {
                broken.push(format!("{name}: {link} (no such heading)"));
            }
        }
    }
    assert!(checked > 10, "too few links checked: {checked}");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn every_docs_path_the_repository_mentions_exists() {
    let mut all = Vec::new();
    files(root(), &mut all);
    let text_kinds = ["rs", "md", "sh", "tf", "py", "toml", "hcl", "yml"];
    let mut missing = BTreeSet::new();
    let mut checked = 0;
    for file in all.iter().filter(|p| {
        p.extension()
            .is_some_and(|e| text_kinds.contains(&e.to_string_lossy().as_ref()))
    }) {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let mut rest = text.as_str();
        while let Some(start) = rest.find("docs/") {
            // Only a mention that starts the path (a path that starts at the repository root, not `crates/tfplugin/docs/`).
            let before = rest[..start].chars().last();
            let after = &rest[start..];
            let end = after
                .find(|c: char| !(c.is_alphanumeric() || "/_.-".contains(c)))
                .unwrap_or(after.len());
            let mention = after[..end].trim_end_matches('.');
            rest = &after[end.max(5)..];
            if before.is_some_and(|c| {
                c.is_alphanumeric() || c == '/' || c == '_' || c == '-' || c == '.'
            }) {
                continue;
            }
            if !mention.ends_with(".md") || mention.contains('<') {
                continue;
            }
            checked += 1;
            if !root().join(mention).exists() {
                missing.insert(format!("{}: {mention}", shown(file)));
            }
        }
    }
    assert!(checked > 10, "too few mentions checked: {checked}");
    assert!(
        missing.is_empty(),
        "paths that do not exist:\n{}",
        missing.iter().cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_link_resolution_follows_the_registry_layout() {
    assert_eq!(
        resolve("/docs", "docs/guides/sandbox"),
        "/docs/guides/sandbox"
    );
    assert_eq!(
        resolve("/docs/guides/permissions", "sandbox"),
        "/docs/guides/sandbox"
    );
    assert_eq!(
        resolve(
            "/docs/resources/oracle_oam_oauth_client",
            "../guides/sandbox"
        ),
        "/docs/guides/sandbox"
    );
    // The mistake a GitHub-style link makes on the provider page.
    assert_eq!(resolve("/docs", "guides/sandbox"), "/guides/sandbox");
    assert!(registry_page("/guides/sandbox").is_none());
    assert_eq!(
        anchors(
            "## Nested Schema for `api_access`\n<a id=\"nestedatt--x\"></a>\n## Installing a release"
        ),
        BTreeSet::from([
            "installing-a-release".to_owned(),
            "nested-schema-for-api_access".to_owned(),
            "nestedatt--x".to_owned()
        ])
    );
}

/// The examples and scripts that run against the sandbox name one OAM identity domain, so that what
/// `make demo` creates is what the query example finds and the sandbox provider block manages.
#[test]
fn the_sandbox_examples_agree_on_one_oam_identity_domain() {
    let mut domains = BTreeSet::new();
    for (file, marker) in [
        ("examples/provider/sandbox.tf", "identity_domain = \""),
        ("examples/query/find.tfquery.hcl", "identity_domain = \""),
        (
            "examples/list-resources/apiclients_oracle_oam_oauth_client/list.tfquery.hcl",
            "identity_domain = \"",
        ),
        ("examples/query/README.md", "OAM_IDENTITY_DOMAIN="),
        ("scripts/demo.sh", "OAM_IDENTITY_DOMAIN="),
    ] {
        let text = std::fs::read_to_string(root().join(file)).expect(file);
        let found: Vec<&str> = text
            .split(marker)
            .skip(1)
            .filter_map(|rest| rest.split(|c: char| !c.is_alphanumeric()).next())
            .collect();
        assert!(!found.is_empty(), "{file} names no identity domain");
        for domain in found {
            domains.insert(format!("{domain} ({file})"));
        }
    }
    let names: BTreeSet<&str> = domains.iter().filter_map(|d| d.split(' ').next()).collect();
    assert_eq!(names.len(), 1, "{domains:?}");
}

/// No page has the same section twice (three resource pages had two `## Import` sections: the
/// description's own and the generated one).
#[test]
fn no_page_under_docs_has_a_section_twice() {
    let mut all = Vec::new();
    files(&root().join("docs"), &mut all);
    let mut doubled = Vec::new();
    for page in all
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
    {
        let text = std::fs::read_to_string(page).expect("page");
        let mut seen = BTreeSet::new();
        let mut in_code = false;
        for line in text.lines() {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
            }
            if !in_code && line.starts_with("## ") && !seen.insert(line.to_owned()) {
                doubled.push(format!(
                    "{}: {line}",
                    page.strip_prefix(root()).unwrap_or(page).display()
                ));
            }
        }
    }
    assert!(doubled.is_empty(), "{doubled:?}");
}
