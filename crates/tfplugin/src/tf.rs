//! Typed state: `Tf<T>` for attributes that may be null or unknown. The serde bridge between
//! [`Value`](crate::Value) and ordinary Rust structs that understands it is
//! [`from_value`](crate::from_value) / [`to_value`](crate::to_value).
//!
//! ```ignore
//! #[derive(Serialize, Deserialize, Clone, Debug, Default)]
//! #[serde(default)]
//! struct ClientState {
//!     id: Tf<String>,               // computed: unknown in plans
//!     client_name: Tf<String>,
//!     scopes: Tf<BTreeSet<String>>,
//!     secret: Tf<String>,
//! }
//! let state: ClientState = from_value(value)?;
//! let value = to_value(&state, &schema.value_type())?;
//! ```
//!
//! `Tf` tells the bridge about unknowns through a reserved newtype name, so the bridge can produce
//! and accept `Value::Unknown` while other serde formats (serde_json) see a plain `Option`.
//! Nothing here panics on input, and error messages never contain values (they may be secrets).

use std::fmt;

use serde::de::{self, Visitor};
use serde::ser::Serialize;
use serde::{Deserialize, Deserializer, Serializer};

use super::sensitive::Sensitive;

/// Reserved newtype name through which `Tf` asks the bridge for null/unknown information.
pub(crate) const TF_MAGIC: &str = "$__tfplugin_tf";
/// Reserved unit-struct name by which `Tf::Unknown` serializes.
pub(crate) const UNKNOWN_MARKER: &str = "$__tfplugin_unknown";

/// A Terraform attribute value that can also be null or unknown.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Tf<T> {
    /// Null: not set in the configuration, or absent from the state.
    #[default]
    Null,
    /// Known only after apply (in plans) or coming from another resource (in configs).
    Unknown,
    /// A value.
    Known(T),
}

impl<T> Tf<T> {
    /// Whether the value is null.
    pub fn is_null(&self) -> bool {
        matches!(self, Tf::Null)
    }
    /// Whether the value is unknown.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Tf::Unknown)
    }
    /// Whether the value is known.
    pub fn is_known(&self) -> bool {
        matches!(self, Tf::Known(_))
    }
    /// The known value, if any.
    pub fn known(&self) -> Option<&T> {
        match self {
            Tf::Known(v) => Some(v),
            _ => None,
        }
    }
    /// The known value, if any, taken.
    pub fn into_known(self) -> Option<T> {
        match self {
            Tf::Known(v) => Some(v),
            _ => None,
        }
    }
    /// A `Tf` of a reference to the value.
    pub fn as_ref(&self) -> Tf<&T> {
        match self {
            Tf::Null => Tf::Null,
            Tf::Unknown => Tf::Unknown,
            Tf::Known(v) => Tf::Known(v),
        }
    }
    /// Applies `f` to a known value; null and unknown stay as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Tf<U> {
        match self {
            Tf::Null => Tf::Null,
            Tf::Unknown => Tf::Unknown,
            Tf::Known(v) => Tf::Known(f(v)),
        }
    }
    /// Null for `None`, known for `Some`.
    pub fn from_option(v: Option<T>) -> Self {
        v.map_or(Tf::Null, Tf::Known)
    }
}

impl Tf<String> {
    /// The known string, if any.
    pub fn as_str(&self) -> Option<&str> {
        self.known().map(String::as_str)
    }

    /// Null for an absent or empty string: APIs that answer `""` for "not set".
    pub fn non_empty(value: Option<&String>) -> Self {
        match value {
            Some(s) if !s.is_empty() => Tf::Known(s.clone()),
            _ => Tf::Null,
        }
    }
}

impl Tf<Sensitive<String>> {
    /// The known secret, for the one place that must send or compare it.
    pub fn expose(&self) -> Option<&str> {
        self.known().map(|s| s.expose().as_str())
    }
}

impl<T> From<T> for Tf<T> {
    fn from(v: T) -> Self {
        Tf::Known(v)
    }
}

impl<T: Serialize> Serialize for Tf<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Tf::Null => serializer.serialize_none(),
            Tf::Unknown => serializer.serialize_unit_struct(UNKNOWN_MARKER),
            Tf::Known(v) => v.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Tf<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TfVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for TfVisitor<T> {
            type Value = Tf<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Terraform value")
            }
            // Only the bridge calls visit_unit under the reserved name, for unknown values.
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Tf::Unknown)
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Tf::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                T::deserialize(d).map(Tf::Known)
            }
            // Other formats (serde_json) treat Tf as a nullable value.
            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                d: D,
            ) -> Result<Self::Value, D::Error> {
                Option::<T>::deserialize(d).map(Tf::from_option)
            }
        }
        deserializer.deserialize_newtype_struct(TF_MAGIC, TfVisitor(std::marker::PhantomData))
    }
}
