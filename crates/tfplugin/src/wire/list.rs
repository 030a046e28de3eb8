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
            Some(value) => Some(encode(value, &target.schema.value_type())?),
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
