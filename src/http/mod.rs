//! The REST core every vendor uses (placeholder).
