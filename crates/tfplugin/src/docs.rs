//! Generates the registry-style documentation pages in docs/ from the provider schema and examples/, in
//! the layout of HashiCorp's tfplugindocs (front matter, Example Usage, Schema, Import), so that a page can
//! never drift from the schema: CI regenerates docs/ and fails when the checked-in pages differ.
//!
//! It works on the server's registry, built from the [`Provider`] exactly as for serving, so the
//! pages show the schemas Terraform sees under the names Terraform uses.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::identity::IdentitySchema;
use crate::provider::Provider;
use crate::schema::{
    Attribute, AttributeType, Block, BlockNesting, NestedBlock, NestingMode, Schema,
};
use crate::server::Server;
use crate::value::Type;

/// Errors while generating the pages.
#[derive(Debug, thiserror::Error)]
pub enum DocsError {
    /// A page or a folder could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// What could not be written.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An example file exists but could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Where `make docs` reads and writes.
#[derive(Debug, Clone, Copy)]
pub struct DocsOptions<'a> {
    /// The examples folder: `provider/`, `resources/<type>/`, `data-sources/<type>/`,
    /// `list-resources/<type>/`, `ephemeral-resources/<type>/`.
    pub examples: &'a Path,
    /// The folder the pages are written into.
    pub out: &'a Path,
    /// Types whose full name starts with this get no page (types compiled in for tests only).
    pub skip_type_prefix: Option<&'a str>,
}

/// One generated page: its path under the output folder and its text.
pub(crate) struct Page {
    pub path: PathBuf,
    pub text: String,
}

/// What the pages show: the schemas by full type name, in name order.
#[derive(Default)]
pub(crate) struct Catalog {
    pub provider: Schema,
    pub resources: BTreeMap<String, (Schema, Option<IdentitySchema>)>,
    pub list_resources: BTreeMap<String, Schema>,
    pub data_sources: BTreeMap<String, Schema>,
    pub ephemeral_resources: BTreeMap<String, Schema>,
    /// By name: the page of each function.
    pub functions: BTreeMap<String, String>,
}

impl Catalog {
    fn of(server: &Server, skip_type_prefix: Option<&str>) -> Self {
        let shown = |name: &&str| skip_type_prefix.is_none_or(|prefix| !name.starts_with(prefix));
        Catalog {
            provider: server.provider_schema().clone(),
            resources: server
                .resources()
                .into_iter()
                .filter(|(name, _)| shown(name))
                .map(|(name, e)| (name.to_owned(), (e.schema.clone(), e.identity.clone())))
                .collect(),
            list_resources: server
                .list_resources()
                .into_iter()
                .filter(|(name, _)| shown(name))
                .map(|(name, e)| (name.to_owned(), e.schema.clone()))
                .collect(),
            data_sources: server
                .data_sources()
                .into_iter()
                .filter(|(name, _)| shown(name))
                .map(|(name, e)| (name.to_owned(), e.schema.clone()))
                .collect(),
            ephemeral_resources: server
                .ephemeral_resources()
                .into_iter()
                .filter(|(name, _)| shown(name))
                .map(|(name, e)| (name.to_owned(), e.schema.clone()))
                .collect(),
            functions: server
                .functions()
                .iter()
                .map(|(name, function)| (name.clone(), render_function(function.as_ref())))
                .collect(),
        }
    }
}

/// Renders every page: index.md, resources/<name>.md, list-resources/<name>.md,
/// data-sources/<name>.md and ephemeral-resources/<name>.md.
pub(crate) fn render(
    catalog: &Catalog,
    provider_name: &str,
    examples: &Path,
) -> Result<Vec<Page>, DocsError> {
    let mut pages = Vec::new();
    pages.push(Page {
        path: PathBuf::from("index.md"),
        text: render_index(provider_name, &catalog.provider.block, examples)?,
    });
    for (name, (resource, identity)) in &catalog.resources {
        let mut text = render_type(
            provider_name,
            name,
            resource,
            "Resource",
            &examples.join("resources").join(name),
            "resource.tf",
        )?;
        if let Some(identity) = identity {
            text.push_str(&render_identity(name, identity));
        }
        pages.push(Page {
            path: PathBuf::from("resources")
                .join(format!("{}.md", short_name(provider_name, name))),
            text,
        });
    }
    for (name, list) in &catalog.list_resources {
        pages.push(Page {
            path: PathBuf::from("list-resources")
                .join(format!("{}.md", short_name(provider_name, name))),
            text: render_type(
                provider_name,
                name,
                list,
                "List Resource",
                &examples.join("list-resources").join(name),
                "list.tfquery.hcl",
            )?,
        });
    }
    for (name, data_source) in &catalog.data_sources {
        pages.push(Page {
            path: PathBuf::from("data-sources")
                .join(format!("{}.md", short_name(provider_name, name))),
            text: render_type(
                provider_name,
                name,
                data_source,
                "Data Source",
                &examples.join("data-sources").join(name),
                "data-source.tf",
            )?,
        });
    }
    for (name, ephemeral) in &catalog.ephemeral_resources {
        pages.push(Page {
            path: PathBuf::from("ephemeral-resources")
                .join(format!("{}.md", short_name(provider_name, name))),
            text: render_type(
                provider_name,
                name,
                ephemeral,
                "Ephemeral Resource",
                &examples.join("ephemeral-resources").join(name),
                "ephemeral-resource.tf",
            )?,
        });
    }
    for (name, text) in &catalog.functions {
        pages.push(Page {
            path: PathBuf::from("functions").join(format!("{name}.md")),
            text: text.clone(),
        });
    }
    Ok(pages)
}

/// A function's page (the registry's layout for functions): signature, arguments, result.
fn render_function(function: &dyn crate::function::Function) -> String {
    let name = function.name();
    let parameters = function.parameters();
    let mut text = format!(
        "---\npage_title: \"{name} function - apiclients\"\nsubcategory: \"\"\ndescription: |-\n  {}\n---\n\n# function: {name}\n\n{}\n\n## Signature\n\n```text\n{name}(",
        function.summary(),
        function.description()
    );
    let signature: Vec<String> = parameters
        .iter()
        .map(|p| format!("{} {}", p.name, type_expression(&p.ty)))
        .collect();
    let _ = write!(
        text,
        "{}) {}\n```\n\n## Arguments\n\n",
        signature.join(", "),
        type_expression(&function.returns())
    );
    for (index, p) in parameters.iter().enumerate() {
        let _ = writeln!(
            text,
            "{}. `{}` ({}): {}",
            index + 1,
            p.name,
            type_expression(&p.ty),
            p.description
        );
    }
    text
}

/// `string`, `object({host = string, …})`: a type as HCL writes it.
fn type_expression(ty: &crate::value::Type) -> String {
    use crate::value::Type;
    match ty {
        Type::Bool => "bool".into(),
        Type::Number => "number".into(),
        Type::String => "string".into(),
        Type::List(t) => format!("list({})", type_expression(t)),
        Type::Set(t) => format!("set({})", type_expression(t)),
        Type::Map(t) => format!("map({})", type_expression(t)),
        Type::Object(attributes) => {
            let inner: Vec<String> = attributes
                .iter()
                .map(|(k, t)| format!("{k} = {}", type_expression(t)))
                .collect();
            format!("object({{{}}})", inner.join(", "))
        }
    }
}

/// Writes the pages under `out`, replacing what is there.
fn write(pages: &[Page], out: &Path) -> Result<(), DocsError> {
    for page in pages {
        let path = out.join(&page.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| DocsError::Write {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&path, &page.text).map_err(|source| DocsError::Write { path, source })?;
    }
    Ok(())
}

fn short_name<'a>(provider_name: &str, type_name: &'a str) -> &'a str {
    type_name
        .strip_prefix(provider_name)
        .and_then(|rest| rest.strip_prefix('_'))
        .unwrap_or(type_name)
}

fn read_optional(path: &Path) -> Result<Option<String>, DocsError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(DocsError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn front_matter(title: &str, description: &str) -> String {
    let mut text = String::from("---\n");
    let _ = writeln!(
        text,
        "# generated by `make docs` from the provider schema: do not edit"
    );
    let _ = writeln!(text, "page_title: \"{title}\"");
    let _ = writeln!(text, "subcategory: \"\"");
    let _ = writeln!(text, "description: |-");
    for line in first_paragraph(description).lines() {
        let _ = writeln!(text, "  {line}");
    }
    text.push_str("---\n\n");
    text
}

fn first_paragraph(text: &str) -> String {
    text.trim().split("\n\n").next().unwrap_or("").to_string()
}

fn render_index(
    provider_name: &str,
    provider: &Block,
    examples: &Path,
) -> Result<String, DocsError> {
    let mut text = front_matter(&format!("Provider: {provider_name}"), &provider.description);
    let _ = writeln!(text, "# {provider_name} Provider\n");
    if !provider.description.trim().is_empty() {
        let _ = writeln!(text, "{}\n", provider.description.trim());
    }
    // Hand-written markdown for the provider page (links to guides, say), placed before the examples.
    if let Some(extra) = read_optional(&examples.join("provider").join("index.md"))? {
        let _ = writeln!(text, "{}\n", extra.trim_end());
    }
    for (file, heading) in [
        ("provider.tf", "Example Usage"),
        ("sandbox.tf", "Example: the built-in sandbox"),
    ] {
        if let Some(example) = read_optional(&examples.join("provider").join(file))? {
            let _ = writeln!(
                text,
                "## {heading}\n\n```terraform\n{}\n```\n",
                example.trim_end()
            );
        }
    }
    text.push_str(&render_schema(provider));
    Ok(text)
}

fn render_type(
    provider_name: &str,
    name: &str,
    schema: &Schema,
    kind: &str,
    example_dir: &Path,
    example_file: &str,
) -> Result<String, DocsError> {
    let block = &schema.block;
    let mut text = front_matter(
        &format!("{name} {kind} - {provider_name}"),
        &block.description,
    );
    let _ = writeln!(text, "# {name} ({kind})\n");
    // A description's own `## Import` section joins the generated one, so a page has one.
    let (description, import_notes) = split_import_section(&block.description);
    if !description.trim().is_empty() {
        let _ = writeln!(text, "{}\n", description.trim());
    }
    if let Some(example) = read_optional(&example_dir.join(example_file))? {
        let _ = writeln!(
            text,
            "## Example Usage\n\n```terraform\n{}\n```\n",
            example.trim_end()
        );
    }
    text.push_str(&render_schema(block));
    if let Some(import) = read_optional(&example_dir.join("import.sh"))? {
        let _ = writeln!(
            text,
            "\n## Import\n\nImport is supported using the following syntax:\n\n```shell\n{}\n```",
            import.trim_end()
        );
        if let Some(import_tf) = read_optional(&example_dir.join("import.tf"))? {
            let _ = writeln!(
                text,
                "\nOn Terraform 1.5 and later, with an `import` block:\n\n```terraform\n{}\n```",
                import_tf.trim_end()
            );
        }
        if let Some(notes) = &import_notes {
            let _ = writeln!(text, "\n{notes}");
        }
    } else if let Some(notes) = &import_notes {
        let _ = writeln!(text, "\n## Import\n\n{notes}");
    }
    Ok(text)
}

/// Splits a description into its text without the `## Import` section, and that section's body.
fn split_import_section(description: &str) -> (String, Option<String>) {
    let mut rest = String::new();
    let mut import = String::new();
    let mut in_import = false;
    let mut in_code = false;
    for line in description.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        if !in_code && (line.starts_with("## ") || line.starts_with("# ")) {
            in_import = line.trim_end() == "## Import";
            if in_import {
                continue;
            }
        }
        let target = if in_import { &mut import } else { &mut rest };
        target.push_str(line);
        target.push('\n');
    }
    let import = import.trim();
    (rest, (!import.is_empty()).then(|| import.to_owned()))
}

/// One attribute or block to list, with the anchor of its nested schema when it has one.
struct Entry {
    name: String,
    type_label: String,
    description: String,
    nested: Option<NestedSchema>,
}

enum NestedSchema {
    Attributes(Vec<Attribute>),
    Block(Block),
}

#[derive(Default)]
struct Sections {
    required: Vec<Entry>,
    optional: Vec<Entry>,
    read_only: Vec<Entry>,
}

fn render_schema(block: &Block) -> String {
    let mut text = String::from("<!-- schema generated from the provider schema -->\n## Schema\n");
    let mut nested_queue: Vec<(String, NestedSchema)> = Vec::new();
    text.push_str(&render_sections(
        block_sections(block),
        "",
        &mut nested_queue,
    ));
    while !nested_queue.is_empty() {
        let queue = std::mem::take(&mut nested_queue);
        for (path, nested) in queue {
            let _ = write!(
                text,
                "\n<a id=\"nestedatt--{}\"></a>\n### Nested Schema for `{}`\n",
                path.replace('.', "--"),
                path
            );
            let sections = match &nested {
                NestedSchema::Attributes(attributes) => attribute_sections(attributes),
                NestedSchema::Block(block) => block_sections(block),
            };
            text.push_str(&render_sections(
                sections,
                &format!("{path}."),
                &mut nested_queue,
            ));
        }
    }
    text
}

fn block_sections(block: &Block) -> Sections {
    let mut sections = attribute_sections(&block.attributes);
    let mut blocks: Vec<&NestedBlock> = block.blocks.iter().collect();
    blocks.sort_by(|a, b| a.type_name.cmp(&b.type_name));
    for nested in blocks {
        let inner = nested.block.clone();
        let entry = Entry {
            name: nested.type_name.clone(),
            type_label: block_type_label(nested),
            description: inner.description.clone(),
            nested: Some(NestedSchema::Block(inner)),
        };
        if nested.min_items > 0 {
            sections.required.push(entry)
        } else {
            sections.optional.push(entry)
        }
    }
    sections
}

fn attribute_sections(attributes: &[Attribute]) -> Sections {
    let mut sorted: Vec<&Attribute> = attributes.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    let mut sections = Sections::default();
    for attribute in sorted {
        let mut description = attribute.description.trim().to_string();
        if attribute.sensitive {
            description = format!("{description} This value is sensitive: Terraform hides it in plan and apply output.").trim().to_string();
        }
        if attribute.write_only {
            description = format!(
                "{description} Write-only: never stored in plan or state, and shown in plans as `(write-only attribute)` (Terraform 1.11 and later)."
            )
            .trim()
            .to_string();
        }
        if attribute.deprecated {
            let message = if attribute.deprecation_message.is_empty() {
                "Deprecated.".to_string()
            } else {
                format!("Deprecated: {}", attribute.deprecation_message)
            };
            description = format!("{message} {description}").trim().to_string();
        }
        let nested = match &attribute.ty {
            AttributeType::Nested { attributes, .. } => {
                Some(NestedSchema::Attributes(attributes.clone()))
            }
            AttributeType::Plain(_) => None,
        };
        let entry = Entry {
            name: attribute.name.clone(),
            type_label: attribute_type_label(attribute),
            description,
            nested,
        };
        if attribute.required {
            sections.required.push(entry);
        } else if attribute.optional {
            sections.optional.push(entry);
        } else {
            sections.read_only.push(entry);
        }
    }
    sections
}

fn render_sections(
    sections: Sections,
    prefix: &str,
    queue: &mut Vec<(String, NestedSchema)>,
) -> String {
    let mut text = String::new();
    for (title, entries) in [
        ("Required", sections.required),
        ("Optional", sections.optional),
        ("Read-Only", sections.read_only),
    ] {
        if entries.is_empty() {
            continue;
        }
        let _ = writeln!(text, "\n### {title}\n");
        for entry in entries {
            let path = format!("{prefix}{}", entry.name);
            let mut line = format!("- `{}` ({})", entry.name, entry.type_label);
            if !entry.description.is_empty() {
                let _ = write!(line, " {}", entry.description.replace('\n', " "));
            }
            if let Some(nested) = entry.nested {
                let _ = write!(
                    line,
                    " (see [below for nested schema](#nestedatt--{}))",
                    path.replace('.', "--")
                );
                queue.push((path, nested));
            }
            let _ = writeln!(text, "{line}");
        }
    }
    text
}

fn block_type_label(nested: &NestedBlock) -> String {
    match nested.nesting {
        BlockNesting::Single | BlockNesting::Group => "Block".into(),
        BlockNesting::List if nested.max_items == 1 => "Block List, Max: 1".into(),
        BlockNesting::List => "Block List".into(),
        BlockNesting::Set => "Block Set".into(),
        BlockNesting::Map => "Block Map".into(),
    }
}

fn attribute_type_label(attribute: &Attribute) -> String {
    match &attribute.ty {
        AttributeType::Nested { nesting, .. } => match nesting {
            NestingMode::List => "Attributes List".into(),
            NestingMode::Set => "Attributes Set".into(),
            NestingMode::Map => "Attributes Map".into(),
            NestingMode::Single => "Attributes".into(),
        },
        AttributeType::Plain(ty) => type_label(ty),
    }
}

/// "String", "Set of String", "List of Object", ... as the registry writes types.
fn type_label(ty: &Type) -> String {
    match ty {
        Type::String => "String".into(),
        Type::Number => "Number".into(),
        Type::Bool => "Boolean".into(),
        Type::List(inner) => format!("List of {}", type_label(inner)),
        Type::Set(inner) => format!("Set of {}", type_label(inner)),
        Type::Map(inner) => format!("Map of {}", type_label(inner)),
        Type::Object(_) => "Object".into(),
    }
}

/// The "Identity" section of a resource page: its attributes and an `import` block using them.
fn render_identity(name: &str, identity: &IdentitySchema) -> String {
    let mut text = String::from(
        "\n## Identity\n\nTerraform 1.12 and later record this identity for every instance and can import by it, without an ID string. `terraform query` results carry it too.\n\n",
    );
    for a in &identity.attributes {
        let need = if a.required_for_import {
            "required"
        } else {
            "optional"
        };
        let _ = writeln!(
            text,
            "- `{}` (String, {need} for import) {}",
            a.name, a.description
        );
    }
    let _ = writeln!(
        text,
        "\n```terraform\nimport {{\n  to = {name}.example\n  identity = {{"
    );
    for a in &identity.attributes {
        let _ = writeln!(text, "    {} = \"...\"", a.name);
    }
    text.push_str("  }\n}\n```\n");
    text
}

/// Writes every page of `provider` into `options.out` (what `make docs` runs) and answers how
/// many. The provider's type name prefix is its name on the pages.
pub fn generate(
    provider: Arc<dyn Provider>,
    options: &DocsOptions<'_>,
) -> Result<usize, DocsError> {
    let provider_name = provider.type_name_prefix();
    let catalog = Catalog::of(&Server::new(provider), options.skip_type_prefix);
    let pages = render(&catalog, provider_name, options.examples)?;
    write(&pages, options.out)?;
    Ok(pages.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_descriptions_import_section_is_taken_out_for_the_generated_one() {
        let (rest, import) = split_import_section(
            "Intro.\n\n## Import\n\nBy key:\n\n```shell\n# a comment, not a heading\n```\n\n## The secret\n\nKept.\n",
        );
        assert_eq!(rest, "Intro.\n\n## The secret\n\nKept.\n");
        assert_eq!(
            import.as_deref(),
            Some("By key:\n\n```shell\n# a comment, not a heading\n```")
        );
        assert_eq!(split_import_section("No such.\n").1, None);
    }

    fn string_attribute(
        name: &str,
        required: bool,
        optional: bool,
        computed: bool,
        sensitive: bool,
    ) -> Attribute {
        let mut attribute = Attribute::string(name).description(format!("The {name}."));
        attribute.required = required;
        attribute.optional = optional;
        attribute.computed = computed;
        attribute.sensitive = sensitive;
        attribute
    }

    #[test]
    fn renders_sections_nested_schemas_and_examples() {
        let examples = tempfile::tempdir().unwrap();
        let dir = examples.path().join("resources/apiclients_thing");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("resource.tf"),
            "resource \"apiclients_thing\" \"x\" {}\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("import.sh"),
            "terraform import apiclients_thing.x ID\n",
        )
        .unwrap();
        let mut nested = string_attribute("scopes", false, true, false, false);
        nested.ty = AttributeType::Plain(Type::set(Type::String));
        let settings = Attribute::single_nested("settings", vec![nested])
            .optional()
            .description("Scope settings.");
        let block = Block::new()
            .description("A thing.\n\nMore text.")
            .attribute(string_attribute("name", true, false, false, false))
            .attribute(string_attribute("secret", false, true, true, true))
            .attribute(string_attribute("id", false, false, true, false))
            .attribute(settings);
        let catalog = Catalog {
            resources: [("apiclients_thing".to_string(), (Schema::new(block), None))].into(),
            ..Default::default()
        };
        let pages = render(&catalog, "apiclients", examples.path()).unwrap();
        let page = pages
            .iter()
            .find(|p| p.path == Path::new("resources/thing.md"))
            .unwrap();
        let text = &page.text;
        assert!(
            text.contains("page_title: \"apiclients_thing Resource - apiclients\""),
            "{text}"
        );
        assert!(
            text.contains("  A thing.\n---"),
            "front matter keeps the first paragraph only: {text}"
        );
        assert!(
            text.contains("### Required\n\n- `name` (String) The name."),
            "{text}"
        );
        assert!(
            text.contains("- `secret` (String) The secret. This value is sensitive"),
            "{text}"
        );
        assert!(
            text.contains("### Read-Only\n\n- `id` (String) The id."),
            "{text}"
        );
        assert!(text.contains("- `settings` (Attributes) Scope settings. (see [below for nested schema](#nestedatt--settings))"), "{text}");
        assert!(text.contains("### Nested Schema for `settings`"), "{text}");
        assert!(text.contains("- `scopes` (Set of String)"), "{text}");
        assert!(
            text.contains("```terraform\nresource \"apiclients_thing\" \"x\" {}\n```"),
            "{text}"
        );
        assert!(
            text.contains("terraform import apiclients_thing.x ID"),
            "{text}"
        );
        assert!(pages.iter().any(|p| p.path == Path::new("index.md")));
    }

    #[test]
    fn an_ephemeral_resource_gets_its_page_in_the_registry_layout() {
        let examples = tempfile::tempdir().unwrap();
        let dir = examples.path().join("ephemeral-resources/apiclients_token");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("ephemeral-resource.tf"),
            "ephemeral \"apiclients_token\" \"t\" {}\n",
        )
        .unwrap();
        let block = Block::new()
            .description("A token for this run.")
            .attribute(string_attribute("client_id", true, false, false, false))
            .attribute(string_attribute("access_token", false, false, true, true));
        let catalog = Catalog {
            ephemeral_resources: [("apiclients_token".to_string(), Schema::new(block))].into(),
            ..Default::default()
        };
        let pages = render(&catalog, "apiclients", examples.path()).unwrap();
        let page = pages
            .iter()
            .find(|p| p.path == Path::new("ephemeral-resources/token.md"))
            .expect("one page per ephemeral resource");
        let text = &page.text;
        assert!(
            text.contains("page_title: \"apiclients_token Ephemeral Resource - apiclients\""),
            "{text}"
        );
        assert!(
            text.contains("# apiclients_token (Ephemeral Resource)"),
            "{text}"
        );
        assert!(
            text.contains("```terraform\nephemeral \"apiclients_token\" \"t\" {}\n```"),
            "{text}"
        );
        assert!(
            text.contains("- `access_token` (String) The access_token. This value is sensitive"),
            "{text}"
        );
        assert!(!text.contains("## Import"), "{text}");
    }
}
