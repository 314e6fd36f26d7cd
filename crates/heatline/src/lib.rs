//! Heatline: the binary's library — command line, use cases and the web.
//!
//! `web → app → store`, `cli → app`; the web never touches the store.

pub mod app;
pub mod cli;
pub mod config;
pub mod web;
