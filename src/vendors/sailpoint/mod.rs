//! sailpoint (placeholder).
