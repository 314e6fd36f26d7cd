//! The only crate that speaks SQL: one SQL text for SQLite and PostgreSQL through
//! sqlx's `Any` driver, migrations for both, and a module per table group.
//!
//! Functions take `&mut AnyConnection` so the caller (a use case in `app`) owns the
//! transaction; they take and return domain types, never rows.

pub mod api_key;
pub mod billing_run;
pub mod building;
pub mod bulk;
pub mod call_history;
mod conditions;
pub mod db;
pub mod desk;
pub mod directive;
pub mod district;
pub mod double;
pub mod error;
pub mod event;
mod group_commit;
pub mod hq_agenda;
pub mod hq_meeting;
pub mod inspection;
pub mod inspection_report;
pub mod notification;
pub mod open311;
pub mod organization;
pub mod outage;
pub mod quality_callback;
pub mod rate_limit;
pub mod reception;
pub mod remark;
pub mod repeat_policy;
pub mod resident;
pub mod response_template;
pub mod rollup;
pub mod routing_rule;
pub mod session;
pub mod temperature_schedule;
pub mod ticket;
pub mod user;

pub use sqlx::AnyConnection;
