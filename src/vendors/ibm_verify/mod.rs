//! ibm_verify (placeholder).
