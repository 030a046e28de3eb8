//! akamai (placeholder).
