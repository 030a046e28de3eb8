//! Every description that uses Markdown declares `description_kind = "markdown"`, as Terraform
//! and the registry see it (`terraform providers schema -json`): a description declared plain is
//! shown as it is, backticks and all.

#![cfg(feature = "test-resources")]

mod support;

use serde_json::Value;
use support::terraform::Workdir;

const CONFIG: &str = include_str!("hcl/acc_schema_descriptions/main.tf");

/// Every (path, description, kind) under a schema JSON value.
fn descriptions(path: &str, value: &Value, out: &mut Vec<(String, String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(text)) = map.get("description") {
                let kind = map
                    .get("description_kind")
                    .and_then(Value::as_str)
                    .unwrap_or("plain");
                out.push((path.to_owned(), text.clone(), kind.to_owned()));
            }
            for (key, child) in map {
                descriptions(&format!("{path}.{key}"), child, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                descriptions(&format!("{path}[{i}]"), child, out);
            }
        }
        _ => {}
    }
}

#[test]
fn descriptions_with_markdown_declare_it() {
    let wd = Workdir::for_provider();
    wd.write_config(CONFIG);
    wd.init();
    let run = wd.run(&["providers", "schema", "-json"]).success();
    let schema: Value = serde_json::from_str(&run.stdout).expect("schema JSON");
    let mut found = Vec::new();
    descriptions("", &schema, &mut found);
    // Identity attributes have no description kind in the protocol (tfplugin6
    // `ResourceIdentitySchema.IdentityAttribute` carries `description` alone), and Terraform's
    // JSON of functions shows none (the protocol's `Function.description_kind`, which the
    // provider sets to Markdown, is tests/protocol.rs's): neither is checked here.
    let with_code: Vec<_> = found
        .iter()
        .filter(|(path, _, _)| !path.contains(".resource_identity_schemas."))
        .filter(|(path, _, _)| !path.contains(".functions."))
        .filter(|(_, text, _)| text.matches('`').count() >= 2)
        .collect();
    assert!(
        with_code.len() > 20,
        "the provider has many descriptions with code spans: {}",
        with_code.len()
    );
    let wrong: Vec<_> = with_code
        .iter()
        .filter(|(_, _, kind)| kind != "markdown")
        .map(|(path, _, _)| path.as_str())
        .collect();
    assert!(wrong.is_empty(), "declared plain but Markdown: {wrong:#?}");
}
