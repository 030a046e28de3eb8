//! Shared helpers for the integration and acceptance tests.

#![allow(dead_code)]

pub mod python;
pub mod sandbox;
pub mod terraform;
