//! The integration suite: one binary, a module per area. Every test spawns the
//! real server on its own fresh database (SQLite by default, PostgreSQL when
//! `TEST_DATABASE_URL` is set).

mod browser;
mod desk;
mod durability;
mod generate;
mod helpers;
mod hq;
mod import;
mod inspection;
mod lifecycle;
mod migrations;
mod notification;
mod open311;
mod outage;
mod pages;
mod quality_callback;
mod reception;
mod resident;
mod scope;
mod validation;
