//! Provider schema and configure (placeholder).
