//! Heatline's domain: the hotline's concepts and rules as pure types and functions.
//!
//! Nothing here does IO, reads the clock or knows about SQL, HTTP or JSON: time
//! arrives as a parameter, storage and transport live in `store` and `heatline`.

pub mod address;
pub mod api_key;
pub mod building;
pub mod calendar;
pub mod category;
pub mod category_suggestion;
pub mod citizen_reception;
pub mod climate_band;
pub mod deadline;
pub mod directive;
pub mod district;
pub mod escalation;
pub mod event;
pub mod forecast;
pub mod geo;
pub mod heating_interruption;
pub mod hq_agenda;
pub mod hq_meeting;
pub mod inspection;
pub mod inspection_report;
pub mod norm;
pub mod notification;
pub mod open311;
pub mod organization;
pub mod outage;
pub mod payment_reduction;
pub mod phone;
pub mod photo;
pub mod production_calendar;
pub mod quality_callback;
pub mod rate_limit;
pub mod remark;
pub mod repeat_detection;
pub mod responsibility;
pub mod routing;
pub mod search;
pub mod staffing;
pub mod stats;
pub mod temperature_schedule;
pub mod ticket;
pub mod user;
