//! Schemas for GetProviderSchema and GetResourceIdentitySchemas, and the server's capabilities.

use crate::identity::IdentitySchema;
use crate::proto::tfplugin6 as pb;
use crate::schema::{
    Attribute, AttributeType, Block, BlockNesting, DescriptionKind, NestingMode, Schema,
};

/// A provider, resource, data source, list or ephemeral resource schema as Terraform reads it.
pub(crate) fn schema(schema: &Schema) -> pb::Schema {
    pb::Schema {
        version: schema.version,
        block: Some(block(&schema.block, schema.version)),
    }
}

fn block(block: &Block, version: i64) -> pb::schema::Block {
    pb::schema::Block {
        version,
        attributes: block.attributes.iter().map(attribute).collect(),
        block_types: block
            .blocks
            .iter()
            .map(|b| pb::schema::NestedBlock {
                type_name: b.type_name.clone(),
                block: Some(self::block(&b.block, 0)),
                nesting: match b.nesting {
                    BlockNesting::Single => pb::schema::nested_block::NestingMode::Single,
                    BlockNesting::List => pb::schema::nested_block::NestingMode::List,
                    BlockNesting::Set => pb::schema::nested_block::NestingMode::Set,
                    BlockNesting::Map => pb::schema::nested_block::NestingMode::Map,
                    BlockNesting::Group => pb::schema::nested_block::NestingMode::Group,
                } as i32,
                min_items: b.min_items,
                max_items: b.max_items,
            })
            .collect(),
        description: block.description.clone(),
        description_kind: description_kind(block.description_kind),
        deprecated: block.deprecated,
        deprecation_message: block.deprecation_message.clone(),
    }
}

fn attribute(attribute: &Attribute) -> pb::schema::Attribute {
    let (ty, nested_type) = match &attribute.ty {
        AttributeType::Plain(t) => (t.to_json().to_string().into_bytes(), None),
        AttributeType::Nested {
            nesting,
            attributes,
        } => (
            Vec::new(),
            Some(pb::schema::Object {
                attributes: attributes.iter().map(self::attribute).collect(),
                nesting: match nesting {
                    NestingMode::Single => pb::schema::object::NestingMode::Single,
                    NestingMode::List => pb::schema::object::NestingMode::List,
                    NestingMode::Set => pb::schema::object::NestingMode::Set,
                    NestingMode::Map => pb::schema::object::NestingMode::Map,
                } as i32,
                ..Default::default()
            }),
        ),
    };
    pb::schema::Attribute {
        name: attribute.name.clone(),
        r#type: ty,
        nested_type,
        description: attribute.description.clone(),
        required: attribute.required,
        optional: attribute.optional,
        computed: attribute.computed,
        sensitive: attribute.sensitive,
        description_kind: description_kind(attribute.description_kind),
        deprecated: attribute.deprecated,
        write_only: attribute.write_only,
        deprecation_message: attribute.deprecation_message.clone(),
    }
}

fn description_kind(kind: DescriptionKind) -> i32 {
    match kind {
        DescriptionKind::Plain => pb::StringKind::Plain as i32,
        DescriptionKind::Markdown => pb::StringKind::Markdown as i32,
    }
}

/// The identity schema of a resource with `resource`, each attribute typed from it.
pub(crate) fn identity_schema(
    identity: &IdentitySchema,
    resource: &Schema,
) -> pb::ResourceIdentitySchema {
    pb::ResourceIdentitySchema {
        version: identity.version,
        identity_attributes: identity
            .attributes
            .iter()
            .map(|a| pb::resource_identity_schema::IdentityAttribute {
                name: a.name.clone(),
                r#type: identity
                    .attribute_type(resource, &a.name)
                    .to_json()
                    .to_string()
                    .into_bytes(),
                required_for_import: a.required_for_import,
                optional_for_import: !a.required_for_import,
                description: a.description.clone(),
            })
            .collect(),
    }
}

/// What this framework serves beyond the base protocol (GetMetadata and GetProviderSchema).
pub(crate) fn capabilities() -> pb::ServerCapabilities {
    pb::ServerCapabilities {
        plan_destroy: true,
        get_provider_schema_optional: true,
        move_resource_state: true,
        generate_resource_config: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{NestedBlock, Validator};
    use crate::value::Type;

    #[test]
    fn builder_reads_and_proto_carries_flags() {
        let schema = Schema::new(
            Block::new()
                .attribute(Attribute::string("id").computed().use_state_for_unknown())
                .attribute(
                    Attribute::string("mode")
                        .default("standard")
                        .validate(Validator::one_of(&["standard", "fast"])),
                )
                .attribute(Attribute::string("secret").sensitive().computed())
                .attribute(
                    Attribute::list_nested("items", vec![Attribute::string("name").required()])
                        .optional(),
                )
                .block(NestedBlock::single(
                    "cfg",
                    Block::new().attribute(Attribute::number("n").optional()),
                )),
        )
        .version(2);
        let p = super::schema(&schema);
        let block = p.block.unwrap();
        assert_eq!(block.version, 2);
        let mode = block.attributes.iter().find(|a| a.name == "mode").unwrap();
        assert!(mode.optional && mode.computed && !mode.required);
        assert_eq!(mode.r#type, b"\"string\"");
        let items = block.attributes.iter().find(|a| a.name == "items").unwrap();
        assert!(items.r#type.is_empty());
        assert_eq!(items.nested_type.as_ref().unwrap().attributes.len(), 1);
        assert_eq!(block.block_types[0].type_name, "cfg");
        assert!(schema.block.has_sensitive());
        let Type::Object(attrs) = schema.value_type() else {
            panic!()
        };
        assert!(matches!(attrs.get("items"), Some(Type::List(_))));
        assert!(matches!(attrs.get("cfg"), Some(Type::Object(_))));
    }

    #[test]
    fn identity_proto_carries_types_from_the_resource() {
        let schema = Schema::new(
            Block::new()
                .attribute(Attribute::string("id").computed())
                .attribute(Attribute::number("n").optional()),
        );
        let identity = IdentitySchema::new()
            .required("id", "The ID.")
            .optional("n", "A number.");
        let p = identity_schema(&identity, &schema);
        assert_eq!(p.identity_attributes[1].r#type, b"\"number\"");
        assert!(p.identity_attributes[1].optional_for_import);
        assert!(p.identity_attributes[0].required_for_import);
    }
}
