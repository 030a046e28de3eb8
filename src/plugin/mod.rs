//! The Terraform plugin protocol layer (placeholder).
