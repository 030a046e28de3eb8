//! Schema model: what Terraform sees (types, required/optional/computed, descriptions) plus what
//! the planner and validator of this crate act on (defaults, requires-replace,
//! use-state-for-unknown, validators).
//!
//! ```ignore
//! Block::new()
//!     .description("An OAuth client.")
//!     .attribute(Attribute::string("id").computed().use_state_for_unknown())
//!     .attribute(Attribute::string("client_name").required().description("Display name.")
//!         .validate(Validator::length(1, 255)))
//! ```

use std::collections::BTreeMap;

use regex::Regex;

use super::value::{Type, Value};

/// How the text of a description is formatted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DescriptionKind {
    /// Plain text.
    #[default]
    Plain,
    /// Markdown (the docs pages render it).
    Markdown,
}

impl DescriptionKind {
    /// The kind a description's text is: Markdown when it uses Markdown's inline syntax (code
    /// spans, emphasis, links), plain otherwise. Terraform and the registry show a description
    /// declared plain as it is, so a plain-declared `` `name` `` would be shown with its
    /// backticks; deciding from the text keeps the declaration true without every caller
    /// choosing.
    pub fn of(text: &str) -> DescriptionKind {
        let code_span = text.matches('`').count() >= 2;
        let emphasis = text.contains("**") || text.contains("__");
        let link = text.contains("](");
        if code_span || emphasis || link {
            DescriptionKind::Markdown
        } else {
            DescriptionKind::Plain
        }
    }
}

/// Nesting of a nested attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NestingMode {
    /// One object.
    Single,
    /// A list of objects.
    List,
    /// A set of objects.
    Set,
    /// A map of objects.
    Map,
}

/// The value shape of an attribute.
#[derive(Debug, Clone)]
pub enum AttributeType {
    /// A plain cty type.
    Plain(Type),
    /// Nested attributes (protocol 6), each with its own flags.
    Nested {
        /// How the objects nest.
        nesting: NestingMode,
        /// The attributes of each object.
        attributes: Vec<Attribute>,
    },
}

/// A check on a configured value, run during ValidateResourceConfig (unknown and null values are
/// skipped: Terraform checks requiredness itself).
#[derive(Debug, Clone)]
pub enum Validator {
    /// The string must be one of these values.
    OneOf(Vec<String>),
    /// The string length (in characters) must be within `min..=max`.
    Length {
        /// The fewest characters.
        min: usize,
        /// The most characters.
        max: usize,
    },
    /// The string must not be empty or only whitespace.
    NonEmpty,
    /// The string must match; `description` says in words what is expected.
    Regex {
        /// The regular expression.
        pattern: String,
        /// The compiled expression; None when the pattern is invalid (every check then fails naming the bug).
        compiled: Option<Regex>,
        /// What a matching value looks like, in words.
        description: String,
    },
    /// An absolute http or https URL.
    Url,
    /// An IP address or a CIDR block.
    IpOrCidr,
    /// A list, set or map with a number of elements within `min..=max`.
    Size {
        /// The fewest elements.
        min: usize,
        /// The most elements.
        max: usize,
    },
    /// A whole number within `min..=max`.
    IntRange {
        /// The smallest number allowed.
        min: i64,
        /// The largest number allowed.
        max: i64,
    },
    /// The inner validator holds for every element of a list or set, and every value of a map.
    Each(Box<Validator>),
    /// A check the provider writes itself (see [`Validator::custom`]).
    Custom(CustomCheck),
}

/// A provider's own check of one configured value (never null or unknown): `None` when the value
/// is fine, else the [`Problem`].
pub type CustomCheck = fn(&Value) -> Option<Problem>;

/// What a [`CustomCheck`] found wrong with a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The rest of the sentence after the attribute path, saying what is wrong and how to fix it:
    /// `contains "x", which is not an absolute URL. Use …` reads as
    /// `redirect_uris contains "x", which is not an absolute URL. Use …`. A check on a sensitive
    /// attribute must not repeat the value.
    pub message: String,
    /// The values the user may have meant, best first; the diagnostic ends with
    /// `Did you mean "a" or "b"?`.
    pub suggestions: Vec<String>,
}

impl Problem {
    /// A problem without suggestions.
    pub fn new(message: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            suggestions: Vec::new(),
        }
    }
    /// Adds the values the user may have meant.
    pub fn did_you_mean<S: Into<String>>(
        mut self,
        suggestions: impl IntoIterator<Item = S>,
    ) -> Self {
        self.suggestions
            .extend(suggestions.into_iter().map(Into::into));
        self
    }
}

impl Validator {
    /// One of `values` (the diagnostic suggests the closest when a value is near one).
    pub fn one_of<S: AsRef<str>>(values: &[S]) -> Self {
        Validator::OneOf(values.iter().map(|s| s.as_ref().to_owned()).collect())
    }
    /// A string length from `min` to `max` characters.
    pub fn length(min: usize, max: usize) -> Self {
        Validator::Length { min, max }
    }
    /// A non-blank string.
    pub fn non_empty() -> Self {
        Validator::NonEmpty
    }
    /// A regular expression check. An invalid pattern (a programming error) makes every check
    /// fail with a diagnostic instead of panicking.
    pub fn regex(pattern: &str, description: impl Into<String>) -> Self {
        Validator::Regex {
            pattern: pattern.to_owned(),
            compiled: Regex::new(pattern).ok(),
            description: description.into(),
        }
    }
    /// An absolute http or https URL.
    pub fn url() -> Self {
        Validator::Url
    }
    /// An IP address or a CIDR block.
    pub fn ip_or_cidr() -> Self {
        Validator::IpOrCidr
    }
    /// At least one element.
    pub fn not_empty_collection() -> Self {
        Validator::Size {
            min: 1,
            max: usize::MAX,
        }
    }
    /// A collection of `min` to `max` elements.
    pub fn size(min: usize, max: usize) -> Self {
        Validator::Size { min, max }
    }
    /// A whole number from `min` to `max`.
    pub fn int_range(min: i64, max: i64) -> Self {
        Validator::IntRange { min, max }
    }
    /// A duration in the framework's syntax (`"30s"`, `"10m"`, `"1h30m"`; units h, m, s, ms), as
    /// [`crate::duration::parse_duration`] reads it: the `timeouts` block's, and any provider
    /// setting that takes a duration.
    pub fn duration() -> Self {
        Validator::regex(
            crate::duration::DURATION_PATTERN,
            crate::duration::DURATION_HINT,
        )
    }
    /// Applies `inner` to each element: `Validator::each(Validator::one_of(..))`.
    pub fn each(inner: Validator) -> Self {
        Validator::Each(Box::new(inner))
    }
    /// A rule the other validators cannot say, written as a function: a redirect URI's rules,
    /// a name from a catalogue with the closest names suggested. The diagnostic names the
    /// attribute path and appends the problem's suggestions; with [`Validator::each`] it runs
    /// on every element.
    pub fn custom(check: CustomCheck) -> Self {
        Validator::Custom(check)
    }
}

/// One attribute of a block or nested object.
#[derive(Debug, Clone)]
pub struct Attribute {
    /// The attribute's name in configuration and state.
    pub name: String,
    /// Its value type.
    pub ty: AttributeType,
    /// The configuration must set it.
    pub required: bool,
    /// The configuration may set it.
    pub optional: bool,
    /// The provider may set it (with `optional`: when the configuration does not).
    pub computed: bool,
    /// Terraform hides it in plans; the framework redacts it from logs and diagnostics.
    pub sensitive: bool,
    /// Terraform (1.11+) never stores it in plan or state.
    pub write_only: bool,
    /// What it is, for the docs page and `terraform providers schema`.
    pub description: String,
    /// Whether the description is Markdown.
    pub description_kind: DescriptionKind,
    /// Terraform warns when the configuration sets it.
    pub deprecated: bool,
    /// The warning's text.
    pub deprecation_message: String,
    /// Planned when the configuration leaves the attribute null (needs optional + computed).
    pub default: Option<Value>,
    /// A change of the planned value against the prior state forces replacement.
    pub requires_replace: bool,
    /// On update, keep the prior value instead of planning unknown.
    pub use_state_for_unknown: bool,
    /// Checks on a configured value (see [`Validator`]).
    pub validators: Vec<Validator>,
}

impl Attribute {
    /// An attribute of any plain type.
    pub fn new(name: impl Into<String>, ty: Type) -> Self {
        Attribute {
            name: name.into(),
            ty: AttributeType::Plain(ty),
            required: false,
            optional: false,
            computed: false,
            sensitive: false,
            write_only: false,
            description: String::new(),
            description_kind: DescriptionKind::Plain,
            deprecated: false,
            deprecation_message: String::new(),
            default: None,
            requires_replace: false,
            use_state_for_unknown: false,
            validators: Vec::new(),
        }
    }
    /// A string attribute.
    pub fn string(name: impl Into<String>) -> Self {
        Self::new(name, Type::String)
    }
    /// A number attribute.
    pub fn number(name: impl Into<String>) -> Self {
        Self::new(name, Type::Number)
    }
    /// A bool attribute.
    pub fn bool(name: impl Into<String>) -> Self {
        Self::new(name, Type::Bool)
    }
    /// A list attribute of `element`s.
    pub fn list(name: impl Into<String>, element: Type) -> Self {
        Self::new(name, Type::list(element))
    }
    /// A set attribute of `element`s.
    pub fn set(name: impl Into<String>, element: Type) -> Self {
        Self::new(name, Type::set(element))
    }
    /// A map attribute of `element`s.
    pub fn map(name: impl Into<String>, element: Type) -> Self {
        Self::new(name, Type::map(element))
    }
    /// Nested attributes in the given nesting mode.
    pub fn nested(
        name: impl Into<String>,
        nesting: NestingMode,
        attributes: Vec<Attribute>,
    ) -> Self {
        let mut a = Self::new(name, Type::Bool);
        a.ty = AttributeType::Nested {
            nesting,
            attributes,
        };
        a
    }
    /// One nested object.
    pub fn single_nested(name: impl Into<String>, attributes: Vec<Attribute>) -> Self {
        Self::nested(name, NestingMode::Single, attributes)
    }
    /// A list of nested objects.
    pub fn list_nested(name: impl Into<String>, attributes: Vec<Attribute>) -> Self {
        Self::nested(name, NestingMode::List, attributes)
    }
    /// A set of nested objects.
    pub fn set_nested(name: impl Into<String>, attributes: Vec<Attribute>) -> Self {
        Self::nested(name, NestingMode::Set, attributes)
    }
    /// A map of nested objects.
    pub fn map_nested(name: impl Into<String>, attributes: Vec<Attribute>) -> Self {
        Self::nested(name, NestingMode::Map, attributes)
    }

    /// The configuration must set it.
    pub fn required(mut self) -> Self {
        self.required = true;
        self.optional = false;
        self
    }
    /// The configuration may set it.
    pub fn optional(mut self) -> Self {
        self.optional = true;
        self.required = false;
        self
    }
    /// The provider may set it.
    pub fn computed(mut self) -> Self {
        self.computed = true;
        self
    }
    /// Hidden in plans, redacted from logs and diagnostics.
    pub fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }
    /// A value Terraform (1.11 and later) sends to the provider but never keeps in plan or state.
    /// The framework redacts it from logs and diagnostics like a sensitive value; do not also mark
    /// it sensitive (see `self_check`).
    pub fn write_only(mut self) -> Self {
        self.write_only = true;
        self
    }
    /// A description; declared Markdown when it uses Markdown (see [`DescriptionKind::of`]).
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = text.into();
        self.description_kind = DescriptionKind::of(&self.description);
        self
    }
    /// A Markdown description.
    pub fn markdown_description(mut self, text: impl Into<String>) -> Self {
        self.description = text.into();
        self.description_kind = DescriptionKind::Markdown;
        self
    }
    /// Deprecated, with the warning Terraform shows.
    pub fn deprecated(mut self, message: impl Into<String>) -> Self {
        self.deprecated = true;
        self.deprecation_message = message.into();
        self
    }
    /// A static default; makes the attribute optional + computed as Terraform requires.
    pub fn default(mut self, value: impl Into<Value>) -> Self {
        self.default = Some(value.into());
        self.optional = true;
        self.required = false;
        self.computed = true;
        self
    }
    /// A change of the planned value against the prior state forces replacement.
    pub fn requires_replace(mut self) -> Self {
        self.requires_replace = true;
        self
    }
    /// On update, the prior value is kept instead of planning unknown.
    pub fn use_state_for_unknown(mut self) -> Self {
        self.use_state_for_unknown = true;
        self
    }
    /// Adds a validator.
    pub fn validate(mut self, validator: Validator) -> Self {
        self.validators.push(validator);
        self
    }

    /// The cty type of the attribute's value.
    pub fn value_type(&self) -> Type {
        match &self.ty {
            AttributeType::Plain(t) => t.clone(),
            AttributeType::Nested {
                nesting,
                attributes,
            } => {
                let obj = object_type(attributes);
                match nesting {
                    NestingMode::Single => obj,
                    NestingMode::List => Type::list(obj),
                    NestingMode::Set => Type::set(obj),
                    NestingMode::Map => Type::map(obj),
                }
            }
        }
    }
}

fn object_type(attributes: &[Attribute]) -> Type {
    Type::Object(
        attributes
            .iter()
            .map(|a| (a.name.clone(), a.value_type()))
            .collect::<BTreeMap<_, _>>(),
    )
}

/// Nesting of a nested block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockNesting {
    /// At most one block.
    Single,
    /// A list of blocks.
    List,
    /// A set of blocks.
    Set,
    /// Blocks keyed by a label.
    Map,
    /// Exactly one block, always present (its attributes optional).
    Group,
}

/// A nested block, e.g. `ibm_verify { ... }`.
#[derive(Debug, Clone)]
pub struct NestedBlock {
    /// The block's name in configuration.
    pub type_name: String,
    /// What it holds.
    pub block: Block,
    /// How it nests.
    pub nesting: BlockNesting,
    /// The fewest blocks allowed (0: none required).
    pub min_items: i64,
    /// The most blocks allowed (0: no limit).
    pub max_items: i64,
}

impl NestedBlock {
    /// A nested block of any nesting.
    pub fn new(type_name: impl Into<String>, nesting: BlockNesting, block: Block) -> Self {
        NestedBlock {
            type_name: type_name.into(),
            block,
            nesting,
            min_items: 0,
            max_items: 0,
        }
    }
    /// An optional block that may appear at most once.
    pub fn single(type_name: impl Into<String>, block: Block) -> Self {
        Self::new(type_name, BlockNesting::Single, block)
    }
    /// A list of blocks.
    pub fn list(type_name: impl Into<String>, block: Block) -> Self {
        Self::new(type_name, BlockNesting::List, block)
    }
    /// A set of blocks.
    pub fn set(type_name: impl Into<String>, block: Block) -> Self {
        Self::new(type_name, BlockNesting::Set, block)
    }
    /// The number of blocks allowed.
    pub fn items(mut self, min: i64, max: i64) -> Self {
        self.min_items = min;
        self.max_items = max;
        self
    }

    /// The type of the block's value.
    pub fn value_type(&self) -> Type {
        let obj = self.block.value_type();
        match self.nesting {
            BlockNesting::Single | BlockNesting::Group => obj,
            BlockNesting::List => Type::list(obj),
            BlockNesting::Set => Type::set(obj),
            BlockNesting::Map => Type::map(obj),
        }
    }
}

/// A block: attributes and nested blocks.
#[derive(Debug, Clone, Default)]
pub struct Block {
    /// Its attributes.
    pub attributes: Vec<Attribute>,
    /// Its nested blocks.
    pub blocks: Vec<NestedBlock>,
    /// What it is, for the docs page.
    pub description: String,
    /// Whether the description is Markdown.
    pub description_kind: DescriptionKind,
    /// Terraform warns when the configuration uses it.
    pub deprecated: bool,
    /// The warning's text.
    pub deprecation_message: String,
}

impl Block {
    /// An empty block.
    pub fn new() -> Self {
        Self::default()
    }
    /// Adds an attribute.
    pub fn attribute(mut self, attribute: Attribute) -> Self {
        self.attributes.push(attribute);
        self
    }
    /// Adds a nested block.
    pub fn block(mut self, block: NestedBlock) -> Self {
        self.blocks.push(block);
        self
    }
    /// A description; declared Markdown when it uses Markdown (see [`DescriptionKind::of`]).
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = text.into();
        self.description_kind = DescriptionKind::of(&self.description);
        self
    }
    /// A Markdown description.
    pub fn markdown_description(mut self, text: impl Into<String>) -> Self {
        self.description = text.into();
        self.description_kind = DescriptionKind::Markdown;
        self
    }
    /// Deprecated, with the warning Terraform shows.
    pub fn deprecated(mut self, message: impl Into<String>) -> Self {
        self.deprecated = true;
        self.deprecation_message = message.into();
        self
    }

    /// The object type of the block's value.
    pub fn value_type(&self) -> Type {
        let mut attrs: BTreeMap<String, Type> = self
            .attributes
            .iter()
            .map(|a| (a.name.clone(), a.value_type()))
            .collect();
        for b in &self.blocks {
            attrs.insert(b.type_name.clone(), b.value_type());
        }
        Type::Object(attrs)
    }

    /// Names of attributes marked sensitive anywhere in the block (for log hygiene).
    pub fn has_sensitive(&self) -> bool {
        fn attr_sensitive(a: &Attribute) -> bool {
            a.sensitive
                || matches!(&a.ty, AttributeType::Nested { attributes, .. } if attributes.iter().any(attr_sensitive))
        }
        self.attributes.iter().any(attr_sensitive)
            || self.blocks.iter().any(|b| b.block.has_sensitive())
    }
}

/// A versioned schema of a provider, resource or data source.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    /// The version of the state's shape (UpgradeResourceState refuses a newer one).
    pub version: i64,
    /// The top-level block.
    pub block: Block,
}

impl Schema {
    /// A schema of version 0.
    pub fn new(block: Block) -> Self {
        Schema { version: 0, block }
    }
    /// Sets the version.
    pub fn version(mut self, version: i64) -> Self {
        self.version = version;
        self
    }
    /// The object type of the whole value.
    pub fn value_type(&self) -> Type {
        self.block.value_type()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_description_is_markdown_exactly_when_it_uses_markdown() {
        for text in [
            "Defaults to `Default`.",
            "The secret, **write-only**.",
            "See [the guide](https://example.com).",
        ] {
            assert_eq!(
                DescriptionKind::of(text),
                DescriptionKind::Markdown,
                "{text}"
            );
            assert_eq!(
                Attribute::string("a").description(text).description_kind,
                DescriptionKind::Markdown
            );
        }
        for text in ["Plain text, with an e-mail a@b.c.", "One back`tick only."] {
            assert_eq!(DescriptionKind::of(text), DescriptionKind::Plain, "{text}");
        }
        assert_eq!(
            Block::new().description("Uses `code`.").description_kind,
            DescriptionKind::Markdown
        );
    }
}
