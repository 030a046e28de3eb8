//! The parts of the ephemeral-resource messages that are neither values nor diagnostics.

use std::time::SystemTime;

use crate::proto::tfplugin6 as pb;

/// A renew-at time as a protobuf timestamp.
pub(crate) fn timestamp(at: SystemTime) -> prost_types::Timestamp {
    prost_types::Timestamp::from(at)
}

/// The deferral of an open whose configuration is not known yet.
pub(crate) fn deferred_config_unknown() -> pb::Deferred {
    pb::Deferred {
        reason: pb::deferred::Reason::ResourceConfigUnknown as i32,
    }
}
