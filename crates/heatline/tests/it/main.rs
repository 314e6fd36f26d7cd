//! The integration suite: one binary, a module per area. Every test spawns the
//! real server on its own fresh database (SQLite by default, PostgreSQL when
//! `TEST_DATABASE_URL` is set).

mod browser;
mod desk;
mod durability;
mod escalation;
mod export;
mod forecast;
mod generate;
mod helpers;
mod hq;
mod import;
mod inspection;
mod lifecycle;
mod list_order;
mod migrations;
mod notification;
mod open311;
mod openapi;
mod outage;
mod pages;
mod quality_callback;
mod queue;
mod reception;
mod resident;
mod routing;
mod scope;
mod search;
mod stats;
mod store_types;
mod two_servers;
mod validation;
