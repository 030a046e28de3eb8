//! The crate's module import graph, read from its sources: for each top-level module, the other
//! top-level modules its code names (`crate::x`, `crate::{x, ..}`, `super::x` where that reaches
//! the crate root). Comments and the `#[cfg(test)]` tail of a file are left out: a doc link or a
//! unit test is not a layer's dependency.
//!
//! The test fails on a cycle and names it, so the layering stays acyclic.
//! `cargo test -p tfplugin --test module_graph -- --nocapture` prints the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read src")
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file: `src/a.rs` and `src/a/mod.rs` are `[a]`, `src/a/b.rs` is `[a, b]`.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The code of a file without comments and without its `#[cfg(test)]` tail.
fn code(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            break;
        }
        let without_comment = match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        };
        out.push_str(without_comment);
        out.push('\n');
    }
    out
}

fn identifier(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// The top-level modules a piece of code names, seen from a file at `path`.
fn references(code: &str, path: &[String]) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            // `crate::{a::X, b}`: the first identifier of each top-level entry.
            let mut depth = 0;
            let mut entry_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => entry_start = true,
                    c if entry_start && !c.is_whitespace() => {
                        found.insert(identifier(&group[i..]).to_owned());
                        entry_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            found.insert(identifier(after).to_owned());
        }
        rest = after;
    }
    // `super::` (repeated) climbs from the file's module; only what reaches the root counts.
    let mut rest = code;
    while let Some(at) = rest.find("super::") {
        let mut after = &rest[at..];
        let mut up = 0;
        while let Some(next) = after.strip_prefix("super::") {
            up += 1;
            after = next;
        }
        if up >= path.len() {
            found.insert(identifier(after).to_owned());
        }
        rest = after;
    }
    found.retain(|m| !m.is_empty() && m != "self");
    found
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph = Graph::new();
    for file in files {
        let path = module_path(&src, &file);
        // lib.rs declares and re-exports every module: it is the root, not a layer.
        let Some(top) = path.first().cloned() else {
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("read source");
        let deps = graph.entry(top.clone()).or_default();
        for dep in references(&code(&text), &path) {
            if dep != top {
                deps.insert(dep);
            }
        }
    }
    graph
}

/// The strongly connected components with more than one module (Tarjan's algorithm).
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    struct State<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        next: usize,
        found: Vec<Vec<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, node: &'g str) {
        s.index.insert(node, s.next);
        s.low.insert(node, s.next);
        s.next += 1;
        s.stack.push(node);
        s.on_stack.insert(node);
        for dep in s.graph.get(node).into_iter().flatten() {
            let dep = dep.as_str();
            if !s.index.contains_key(dep) {
                visit(s, dep);
                let low = s.low[node].min(s.low[dep]);
                s.low.insert(node, low);
            } else if s.on_stack.contains(dep) {
                let low = s.low[node].min(s.index[dep]);
                s.low.insert(node, low);
            }
        }
        if s.low[node] == s.index[node] {
            let mut component = Vec::new();
            while let Some(top) = s.stack.pop() {
                s.on_stack.remove(top);
                component.push(top.to_owned());
                if top == node {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for node in graph.keys() {
        if !state.index.contains_key(node.as_str()) {
            visit(&mut state, node);
        }
    }
    state.found
}

#[test]
fn the_module_graph_has_no_cycle() {
    let graph = graph();
    println!("tfplugin module import graph (module -> modules it imports):");
    for (module, deps) in &graph {
        let deps: Vec<&str> = deps.iter().map(String::as_str).collect();
        println!("  {module} -> {}", deps.join(", "));
    }
    let cycles = cycles(&graph);
    for cycle in &cycles {
        println!("  cycle: {}", cycle.join(" ⇄ "));
    }
    assert!(
        cycles.is_empty(),
        "the crate's modules import each other in a cycle: {cycles:?}"
    );
}

#[test]
fn the_reader_finds_every_form_of_reference_and_the_check_finds_a_cycle() {
    let code = code(
        "use crate::a::X;\nuse crate::{b::Y, c};\nuse super::d;\nfn f() { crate::e::g(); } // crate::zz\n#[cfg(test)]\nuse crate::t;\n",
    );
    let top = references(&code, &["m".to_owned()]);
    assert_eq!(
        top.into_iter().collect::<Vec<_>>(),
        ["a", "b", "c", "d", "e"]
    );
    // In a submodule file `super::x` is a sibling inside the same top-level module.
    let nested = references(
        "use super::x;\nuse super::super::y;",
        &["m".into(), "n".into()],
    );
    assert_eq!(nested.into_iter().collect::<Vec<_>>(), ["y"]);

    let mut graph = Graph::new();
    graph.entry("a".into()).or_default().insert("b".into());
    graph.entry("b".into()).or_default().insert("c".into());
    graph.entry("c".into()).or_default().insert("a".into());
    graph.entry("d".into()).or_default().insert("a".into());
    assert_eq!(cycles(&graph), [["a", "b", "c"]]);
}
