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
pub mod params;
pub mod quality_callback;
pub mod queue;
pub mod reception;
pub mod registry;
pub mod remark;
pub mod resident;
pub mod routing;
pub mod stats;
pub mod ticket;

use std::collections::BTreeMap;

use axum::Json;
use serde::Serialize;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{Content, Ref, RefOr, Response};
use utoipa::{Modify, OpenApi, ToSchema};

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
    components(schemas(ErrorJson, FieldErrorsJson)),
    modifiers(&BearerAuth, &CommonResponses),
)]
pub struct ApiDoc;

/// The body of every API error but a field error (`web/error.rs`).
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorJson {
    /// `unauthenticated`, `forbidden`, `not_found`, `conflict`, `unavailable`, `internal`.
    pub error: String,
    /// Only with `unavailable` and `internal`: the id to quote, the cause is in the server log.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// The body of a 422: every bad field (a body field, a path or query
/// parameter, or `body` for a body that is not JSON) with its problems.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldErrorsJson {
    pub errors: BTreeMap<String, Vec<String>>,
}

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

/// Documents on every operation the answers the shared layers give, so that
/// each handler's annotation names only its own: 401 and 403 where a bearer
/// token is required (the session middleware; every use case checks the role,
/// and a cookie write without the CSRF token is refused), 422 where there is a
/// path or query parameter or a body to parse (`params`, `json`), and the
/// error bodies of `web/error.rs` on every 401, 403, 404, 409 and 422.
struct CommonResponses;

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                add_common_responses(operation);
            }
        }
    }
}

fn add_common_responses(operation: &mut Operation) {
    let signed_in = operation
        .security
        .as_ref()
        .is_some_and(|all| all.iter().any(|r| *r != SecurityRequirement::default()));
    let parses_input = operation.parameters.as_ref().is_some_and(|p| !p.is_empty())
        || operation.request_body.is_some();
    let responses = &mut operation.responses.responses;
    if signed_in {
        add_response(responses, "401", "No valid bearer token or session");
        add_response(
            responses,
            "403",
            "The role or scope may not do this (or a cookie write lacks the CSRF token)",
        );
    }
    if parses_input {
        add_response(responses, "422", "Every bad field or parameter named");
    }
    add_response(
        responses,
        "503",
        "The database is out of reach for now: retry after `Retry-After` seconds",
    );
    for (status, schema) in [
        ("401", "ErrorJson"),
        ("403", "ErrorJson"),
        ("404", "ErrorJson"),
        ("409", "ErrorJson"),
        ("422", "FieldErrorsJson"),
        ("503", "ErrorJson"),
    ] {
        if let Some(RefOr::T(response)) = responses.get_mut(status)
            && response.content.is_empty()
        {
            response.content.insert(
                "application/json".to_string(),
                RefOr::T(Content::new(Some(Ref::from_schema_name(schema)))),
            );
        }
    }
}

fn add_response(responses: &mut BTreeMap<String, RefOr<Response>>, status: &str, what: &str) {
    responses
        .entry(status.to_string())
        .or_insert_with(|| RefOr::T(Response::new(what)));
}

/// `GET /api/v1/openapi.json`.
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
