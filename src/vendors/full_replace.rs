//! Full-replace writes send back what the resource does not model.
//!
//! Akamai's `PUT …/api-clients/{clientId}` and IBM Security Verify's `PUT /v1.0/apiclients/{id}`
//! replace the whole object: a field left out of the body is cleared on the tenant. A resource
//! models only part of an object (a vendor may also add fields after this provider was written),
//! so every full-replace write is a read-modify-write: it starts from the object as the tenant
//! holds it (the answer the provider already has, or one GET right before the write), and its body
//! is the resource's fields from the plan plus every other field of the tenant's object that the
//! write takes, as the tenant holds it. A plan that shows one attribute changing changes exactly
//! that on the tenant.
//!
//! | write | what it sends back | read from |
//! |---|---|---|
//! | Akamai client `PUT` | every field but `api::RESPONSE_ONLY_FIELDS`; each group's own unmodeled fields (`isBlocked`, …), matched by `groupId` | one GET before the PUT |
//! | IBM Verify client `PUT` | every field the typed body lacks | the GET the update makes anyway |
//!
//! OAM's `PUT …/client` is a merge (a property left out stays as it is) and SailPoint's update is
//! a JSON Patch of the changed attributes: neither needs this.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The fields of a vendor object that its typed struct does not name, as read (`#[serde(flatten)]`).
/// Debug prints only the names: a vendor may add a token.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Unmodeled(pub Map<String, Value>);

impl Unmodeled {
    /// What a full-replace write sends back: every field but those the write does not take
    /// (`response_only`: what the tenant makes and only shows).
    pub fn writable(&self, response_only: &[&str]) -> Unmodeled {
        Unmodeled(
            self.0
                .iter()
                .filter(|(name, _)| !response_only.contains(&name.as_str()))
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect(),
        )
    }
}

/// A list the resource models as a set, in the tenant's order when it holds the same elements: a
/// full replace then rewrites nothing the plan did not change (not even an order).
pub fn in_tenant_order<T: Clone + Ord>(planned: Vec<T>, current: Option<&Vec<T>>) -> Vec<T> {
    match current {
        Some(current) if same_elements(&planned, current) => current.clone(),
        _ => planned,
    }
}

fn same_elements<T: Clone + Ord>(a: &[T], b: &[T]) -> bool {
    let (mut a, mut b) = (a.to_vec(), b.to_vec());
    a.sort();
    b.sort();
    a == b
}

impl std::fmt::Debug for Unmodeled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Serialize, Deserialize)]
    struct Object {
        name: String,
        #[serde(flatten)]
        unmodeled: Unmodeled,
    }

    #[test]
    fn a_set_keeps_the_tenants_order_unless_it_changed() {
        let current = vec!["b".to_owned(), "a".to_owned()];
        let same = vec!["a".to_owned(), "b".to_owned()];
        assert_eq!(in_tenant_order(same, Some(&current)), current);
        let other = vec!["a".to_owned(), "c".to_owned()];
        assert_eq!(in_tenant_order(other.clone(), Some(&current)), other);
        assert_eq!(in_tenant_order(other.clone(), None), other);
    }

    #[test]
    fn unmodeled_fields_survive_a_round_trip_less_the_response_only_ones() {
        let read: Object = serde_json::from_value(json!({
            "name": "a", "tier": "gold", "token": "akab-secret-ish"
        }))
        .unwrap();
        assert_eq!(format!("{:?}", read.unmodeled), r#"{"tier", "token"}"#);
        let sent = Object {
            name: "b".into(),
            unmodeled: read.unmodeled.writable(&["token"]),
        };
        assert_eq!(
            serde_json::to_value(&sent).unwrap(),
            json!({"name": "b", "tier": "gold"})
        );
    }
}
