//! The JSON API under `/api/v1`: request and response shapes with serde, converted
//! explicitly from domain types; every handler calls an `app` use case.

pub mod api_key;
pub mod auth;
pub mod desk;
pub mod directive;
pub mod forecast;
pub mod hq;
pub mod inspection;
pub mod json;
pub mod norms;
pub mod notification;
pub mod outage;
pub mod quality_callback;
pub mod queue;
pub mod reception;
pub mod registry;
pub mod remark;
pub mod resident;
pub mod routing;
pub mod stats;
pub mod ticket;

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Heatline API", description = "The heating-season hotline: tickets, routing, registry."),
    paths(
        auth::token,
        ticket::create, ticket::show, ticket::index, ticket::assign, ticket::start, ticket::close,
        ticket::reopen, ticket::comment, ticket::answer, ticket::reroute,
        queue::index, queue::update,
        registry::districts, registry::organizations, registry::buildings, registry::building,
        outage::create, outage::index, outage::show, outage::close, outage::for_building,
        notification::index, notification::opt_out,
        api_key::index, api_key::create, api_key::revoke,
        resident::create, resident::status, resident::not_solved,
        desk::resolve, desk::suggest, desk::retrain, desk::warnings,
        norms::check_norms, norms::get_repeat_policy, norms::put_repeat_policy,
        norms::put_temperature_schedule, norms::temperature_schedules,
        inspection::index, inspection::show, inspection::schedule, inspection::cancel,
        inspection::record_report, inspection::add_photo, inspection::photo,
        remark::index, remark::create, remark::show, remark::eliminate, remark::verify,
        remark::reject, remark::add_photo, remark::photo,
        hq::workspace, hq::meetings, hq::open, hq::agenda, hq::agenda_xlsx, hq::add_item,
        hq::move_item, hq::schedules, hq::update_schedule,
        directive::index, directive::create, directive::done,
        reception::index, reception::book, reception::outcome, reception::ticket,
        // callbacks: quality callbacks
        quality_callback::queue, quality_callback::record, quality_callback::stats,
        routing::index, routing::update, routing::holidays, routing::update_holidays,
        routing::changes,
        // analytics: the season's figures from the rollups
        stats::summary, stats::weekly, stats::weekly_report_xlsx, stats::season_report_xlsx,
        // forecast: calls ahead, operators per hour, billing runs
        forecast::forecast, forecast::staffing, forecast::add_billing_run,
    ),
    modifiers(&BearerAuth),
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// `GET /api/v1/openapi.json`.
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
