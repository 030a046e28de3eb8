//! Shared helpers for the integration and acceptance tests.

#![allow(dead_code)]

pub mod python;
pub mod minors;
pub mod sandbox;
pub mod terraform;
