//! List results as `ListResource.Event`s.

use crate::diag::Diagnostics;
use crate::list::{ListItem, ListTarget};
use crate::proto::tfplugin6 as pb;
use crate::value::{Type, Value};

/// One result of a listing: its identity, display name and (when asked for) the full object.
pub(crate) fn list_result(
    item: ListItem,
    target: &ListTarget,
) -> Result<pb::list_resource::Event, Diagnostics> {
    let encode = |v: &Value, t: &Type| super::value::msgpack(v, t, "list result");
    let identity_type = target.identity.value_type(&target.schema);
    Ok(pb::list_resource::Event {
        identity: Some(pb::ResourceIdentityData {
            identity_data: Some(encode(&item.identity, &identity_type)?),
        }),
        display_name: item.display_name,
        resource_object: match &item.resource {
            // The resource object is a state like any other: its secrets are registered for
            // redaction, as `encode` does for every other answer.
            Some(value) => Some(super::value::encode(value, &target.schema, "list result")?),
            None => None,
        },
        diagnostic: Vec::new(),
    })
}

/// An event carrying only diagnostics: an error that ends the listing, or its warnings.
pub(crate) fn list_error(diags: Diagnostics) -> pb::list_resource::Event {
    pb::list_resource::Event {
        diagnostic: super::diagnostics(diags),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::identity::IdentitySchema;
    use crate::logging::redact;
    use crate::schema::{Attribute, Block, Schema};

    #[test]
    fn a_listed_resource_objects_secrets_are_registered_for_redaction() {
        let schema = Schema::new(
            Block::new()
                .attribute(Attribute::string("id").computed())
                .attribute(Attribute::string("secret").computed().sensitive()),
        );
        let target = ListTarget {
            type_name: "test_thing".into(),
            schema,
            identity: IdentitySchema::new().required("id", "The id."),
        };
        let object = |pairs: &[(&str, &str)]| {
            Value::Object(
                pairs
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), Value::from(*v)))
                    .collect::<BTreeMap<_, _>>(),
            )
        };
        let item = ListItem {
            display_name: "thing".into(),
            identity: object(&[("id", "listed-id-93")]),
            resource: Some(object(&[
                ("id", "listed-id-93"),
                ("secret", "listed-secret-93"),
            ])),
        };
        let event = list_result(item, &target).expect("encodes");
        assert!(event.resource_object.is_some());
        assert_eq!(redact("listed-id-93 listed-secret-93"), "listed-id-93 ***");
    }
}
