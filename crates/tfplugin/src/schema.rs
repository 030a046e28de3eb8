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
    #[default]
    Plain,
    Markdown,
}

/// Nesting of a nested attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NestingMode {
    Single,
    List,
    Set,
    Map,
}

/// The value shape of an attribute.
#[derive(Debug, Clone)]
pub enum AttributeType {
    /// A plain cty type.
    Plain(Type),
    /// Nested attributes (protocol 6), each with its own flags.
    Nested {
        nesting: NestingMode,
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
    Length { min: usize, max: usize },
    /// The string must not be empty or only whitespace.
    NonEmpty,
    /// The string must match; `description` says in words what is expected.
    Regex {
        pattern: String,
        compiled: Option<Regex>,
        description: String,
    },
    /// An absolute http or https URL.
    Url,
    /// An IP address or a CIDR block.
    IpOrCidr,
    /// A list, set or map with a number of elements within `min..=max`.
    Size { min: usize, max: usize },
    /// A whole number within `min..=max`.
    IntRange { min: i64, max: i64 },
    /// The inner validator holds for every element of a list or set, and every value of a map.
    Each(Box<Validator>),
}

impl Validator {
    pub fn one_of<S: AsRef<str>>(values: &[S]) -> Self {
        Validator::OneOf(values.iter().map(|s| s.as_ref().to_owned()).collect())
    }
    pub fn length(min: usize, max: usize) -> Self {
        Validator::Length { min, max }
    }
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
    pub fn url() -> Self {
        Validator::Url
    }
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
    pub fn size(min: usize, max: usize) -> Self {
        Validator::Size { min, max }
    }
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
}

/// One attribute of a block or nested object.
#[derive(Debug, Clone)]
pub struct Attribute {
    pub name: String,
    pub ty: AttributeType,
    pub required: bool,
    pub optional: bool,
    pub computed: bool,
    pub sensitive: bool,
    pub write_only: bool,
    pub description: String,
    pub description_kind: DescriptionKind,
    pub deprecated: bool,
    pub deprecation_message: String,
    /// Planned when the configuration leaves the attribute null (needs optional + computed).
    pub default: Option<Value>,
    /// A change of the planned value against the prior state forces replacement.
    pub requires_replace: bool,
    /// On update, keep the prior value instead of planning unknown.
    pub use_state_for_unknown: bool,
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
    pub fn string(name: impl Into<String>) -> Self {
        Self::new(name, Type::String)
    }
    pub fn number(name: impl Into<String>) -> Self {
        Self::new(name, Type::Number)
    }
    pub fn bool(name: impl Into<String>) -> Self {
        Self::new(name, Type::Bool)
    }
    pub fn list(name: impl Into<String>, element: Type) -> Self {
        Self::new(name, Type::list(element))
    }
    pub fn set(name: impl Into<String>, element: Type) -> Self {
        Self::new(name, Type::set(element))
    }
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
    pub fn single_nested(name: impl Into<String>, attributes: Vec<Attribute>) -> Self {
        Self::nested(name, NestingMode::Single, attributes)
    }
    pub fn list_nested(name: impl Into<String>, attributes: Vec<Attribute>) -> Self {
        Self::nested(name, NestingMode::List, attributes)
    }
    pub fn set_nested(name: impl Into<String>, attributes: Vec<Attribute>) -> Self {
        Self::nested(name, NestingMode::Set, attributes)
    }
    pub fn map_nested(name: impl Into<String>, attributes: Vec<Attribute>) -> Self {
        Self::nested(name, NestingMode::Map, attributes)
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self.optional = false;
        self
    }
    pub fn optional(mut self) -> Self {
        self.optional = true;
        self.required = false;
        self
    }
    pub fn computed(mut self) -> Self {
        self.computed = true;
        self
    }
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
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = text.into();
        self.description_kind = DescriptionKind::Plain;
        self
    }
    pub fn markdown_description(mut self, text: impl Into<String>) -> Self {
        self.description = text.into();
        self.description_kind = DescriptionKind::Markdown;
        self
    }
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
    pub fn requires_replace(mut self) -> Self {
        self.requires_replace = true;
        self
    }
    pub fn use_state_for_unknown(mut self) -> Self {
        self.use_state_for_unknown = true;
        self
    }
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
    Single,
    List,
    Set,
    Map,
    Group,
}

/// A nested block, e.g. `ibm_verify { ... }`.
#[derive(Debug, Clone)]
pub struct NestedBlock {
    pub type_name: String,
    pub block: Block,
    pub nesting: BlockNesting,
    pub min_items: i64,
    pub max_items: i64,
}

impl NestedBlock {
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
    pub fn list(type_name: impl Into<String>, block: Block) -> Self {
        Self::new(type_name, BlockNesting::List, block)
    }
    pub fn set(type_name: impl Into<String>, block: Block) -> Self {
        Self::new(type_name, BlockNesting::Set, block)
    }
    pub fn items(mut self, min: i64, max: i64) -> Self {
        self.min_items = min;
        self.max_items = max;
        self
    }

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
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<NestedBlock>,
    pub description: String,
    pub description_kind: DescriptionKind,
    pub deprecated: bool,
    pub deprecation_message: String,
}

impl Block {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn attribute(mut self, attribute: Attribute) -> Self {
        self.attributes.push(attribute);
        self
    }
    pub fn block(mut self, block: NestedBlock) -> Self {
        self.blocks.push(block);
        self
    }
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = text.into();
        self.description_kind = DescriptionKind::Plain;
        self
    }
    pub fn markdown_description(mut self, text: impl Into<String>) -> Self {
        self.description = text.into();
        self.description_kind = DescriptionKind::Markdown;
        self
    }
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
    pub version: i64,
    pub block: Block,
}

impl Schema {
    pub fn new(block: Block) -> Self {
        Schema { version: 0, block }
    }
    pub fn version(mut self, version: i64) -> Self {
        self.version = version;
        self
    }
    /// The object type of the whole value.
    pub fn value_type(&self) -> Type {
        self.block.value_type()
    }
}
