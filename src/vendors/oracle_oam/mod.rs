//! oracle_oam (placeholder).
