//! Every route in one table.

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::middleware;
use axum::routing::{get, post};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::app::Ctx;
use crate::web::{api, assets, auth, open311, ops, pages, request};

/// The largest resident form body: the fields' own limits and some slack.
const RESIDENT_FORM_BYTES: usize = 32 * 1024;

pub fn router(ctx: Ctx) -> Router {
    let api = Router::new()
        .route("/api/v1/openapi.json", get(api::openapi))
        .route("/api/v1/auth/token", post(api::auth::token))
        .route(
            "/api/v1/tickets",
            get(api::ticket::index).post(api::ticket::create),
        )
        .route("/api/v1/tickets/{id}", get(api::ticket::show))
        .route("/api/v1/tickets/{id}/assign", post(api::ticket::assign))
        .route("/api/v1/tickets/{id}/start", post(api::ticket::start))
        .route("/api/v1/tickets/{id}/close", post(api::ticket::close))
        .route("/api/v1/tickets/{id}/reopen", post(api::ticket::reopen))
        .route("/api/v1/tickets/{id}/comments", post(api::ticket::comment))
        .route("/api/v1/tickets/{id}/answer", post(api::ticket::answer))
        .route("/api/v1/tickets/{id}/reroute", post(api::ticket::reroute))
        .route(
            "/api/v1/response-templates",
            get(api::queue::index).put(api::queue::update),
        )
        .route(
            "/api/v1/routing-rules",
            get(api::routing::index).put(api::routing::update),
        )
        .route("/api/v1/routing-rules/changes", get(api::routing::changes))
        .route(
            "/api/v1/holidays",
            get(api::routing::holidays).put(api::routing::update_holidays),
        )
        .route("/api/v1/districts", get(api::registry::districts))
        .route("/api/v1/organizations", get(api::registry::organizations))
        .route("/api/v1/buildings", get(api::registry::buildings))
        .route("/api/v1/buildings/{id}", get(api::registry::building))
        .route(
            "/api/v1/outages",
            get(api::outage::index).post(api::outage::create),
        )
        .route("/api/v1/outages/{id}", get(api::outage::show))
        .route("/api/v1/outages/{id}/close", post(api::outage::close))
        .route(
            "/api/v1/buildings/{id}/outages",
            get(api::outage::for_building),
        )
        .route("/api/v1/notifications", get(api::notification::index))
        .route(
            "/api/v1/notifications/opt-out",
            post(api::notification::opt_out),
        )
        .route(
            "/api/v1/api-keys",
            get(api::api_key::index).post(api::api_key::create),
        )
        .route("/api/v1/api-keys/{id}/revoke", post(api::api_key::revoke))
        .route("/api/v1/resident/requests", post(api::resident::create))
        .route("/api/v1/resident/status", post(api::resident::status))
        .route(
            "/api/v1/resident/not-solved",
            post(api::resident::not_solved),
        )
        .route("/api/v1/addresses/resolve", get(api::desk::resolve))
        .route("/api/v1/categories/suggest", get(api::desk::suggest))
        .route("/api/v1/categories/retrain", post(api::desk::retrain))
        .route("/api/v1/desk/warnings", get(api::desk::warnings))
        .route("/api/v1/norms/check", post(api::norms::check_norms))
        .route("/api/v1/inspections", get(api::inspection::index))
        .route("/api/v1/inspections/{id}", get(api::inspection::show))
        .route(
            "/api/v1/inspections/{id}/schedule",
            post(api::inspection::schedule),
        )
        .route(
            "/api/v1/inspections/{id}/cancel",
            post(api::inspection::cancel),
        )
        .route(
            "/api/v1/inspections/{id}/report",
            post(api::inspection::record_report),
        )
        .route(
            "/api/v1/inspections/{id}/photos",
            post(api::inspection::add_photo),
        )
        .route(
            "/api/v1/inspections/{id}/photos/{photo_id}",
            get(api::inspection::photo),
        )
        .route(
            "/api/v1/repeat-policy",
            get(api::norms::get_repeat_policy).put(api::norms::put_repeat_policy),
        )
        .route(
            "/api/v1/temperature-schedules",
            get(api::norms::temperature_schedules).post(api::norms::put_temperature_schedule),
        )
        .route(
            "/api/v1/remarks",
            get(api::remark::index).post(api::remark::create),
        )
        .route("/api/v1/remarks/{id}", get(api::remark::show))
        .route(
            "/api/v1/remarks/{id}/eliminate",
            post(api::remark::eliminate),
        )
        .route("/api/v1/remarks/{id}/verify", post(api::remark::verify))
        .route("/api/v1/remarks/{id}/reject", post(api::remark::reject))
        .route("/api/v1/remarks/{id}/photos", post(api::remark::add_photo))
        .route(
            "/api/v1/remarks/{id}/photos/{photo_id}",
            get(api::remark::photo),
        )
        .route("/api/v1/hq/workspace", get(api::hq::workspace))
        .route(
            "/api/v1/hq/meetings",
            get(api::hq::meetings).post(api::hq::open),
        )
        .route("/api/v1/hq/meetings/{id}/agenda", get(api::hq::agenda))
        .route(
            "/api/v1/hq/meetings/{id}/agenda.xlsx",
            get(api::hq::agenda_xlsx),
        )
        .route("/api/v1/hq/meetings/{id}/items", post(api::hq::add_item))
        .route(
            "/api/v1/hq/meetings/{id}/items/move",
            post(api::hq::move_item),
        )
        .route(
            "/api/v1/hq/schedules",
            get(api::hq::schedules).post(api::hq::update_schedule),
        )
        .route(
            "/api/v1/directives",
            get(api::directive::index).post(api::directive::create),
        )
        .route("/api/v1/directives/{id}/done", post(api::directive::done))
        .route("/api/v1/receptions", get(api::reception::index))
        .route(
            "/api/v1/receptions/appointments",
            post(api::reception::book),
        )
        .route(
            "/api/v1/receptions/appointments/{id}/outcome",
            post(api::reception::outcome),
        )
        .route(
            "/api/v1/receptions/appointments/{id}/ticket",
            post(api::reception::ticket),
        )
        // callbacks: quality callbacks (queue, one call, statistics)
        .route(
            "/api/v1/quality-callbacks/queue",
            get(api::quality_callback::queue),
        )
        .route(
            "/api/v1/tickets/{id}/quality-callbacks",
            post(api::quality_callback::record),
        )
        .route(
            "/api/v1/stats/quality-callbacks",
            get(api::quality_callback::stats),
        )
        // analytics: the season's figures from the rollups
        .route("/api/v1/stats/summary", get(api::stats::summary))
        .route("/api/v1/stats/weekly", get(api::stats::weekly))
        // forecast: calls ahead, operators per hour, billing runs
        .route("/api/v1/forecast", get(api::forecast::forecast))
        .route("/api/v1/staffing", get(api::forecast::staffing))
        .route("/api/v1/billing-runs", post(api::forecast::add_billing_run))
        .route(
            "/api/v1/reports/weekly.xlsx",
            get(api::stats::weekly_report_xlsx),
        )
        .route(
            "/api/v1/reports/season.xlsx",
            get(api::stats::season_report_xlsx),
        );
    let pages = Router::new()
        .route("/", get(pages::auth::root))
        .route("/login", get(pages::auth::new).post(pages::auth::create))
        .route("/logout", post(pages::auth::delete))
        .route("/desk", get(pages::desk::index).post(pages::desk::create))
        .route("/desk/history", get(pages::desk::history))
        .route("/desk/addresses", get(pages::desk::addresses))
        .route("/desk/category", get(pages::desk::category))
        .route("/desk/warnings", get(pages::desk::warnings))
        .route("/tickets", get(pages::ticket::index))
        .route("/queue", get(pages::queue::index))
        .route("/queue/templates", post(pages::queue::update_template))
        .route("/tickets/{id}", get(pages::ticket::show))
        .route("/tickets/{id}/{action}", post(pages::ticket::act))
        .route(
            "/outages",
            get(pages::outage::index).post(pages::outage::create),
        )
        .route("/outages/new", get(pages::outage::new))
        .route("/outages/{id}", get(pages::outage::show))
        .route("/outages/{id}/close", post(pages::outage::close))
        .route(
            "/admin/api-keys",
            get(pages::api_key::index).post(pages::api_key::create),
        )
        .route("/admin/api-keys/{id}/revoke", post(pages::api_key::revoke))
        .route("/admin/routing", get(pages::routing::index))
        .route("/admin/routing/rules", post(pages::routing::update_rules))
        .route(
            "/admin/routing/holidays",
            post(pages::routing::update_holidays),
        )
        .route(
            "/resident",
            get(pages::resident::new)
                .post(pages::resident::create)
                .layer(DefaultBodyLimit::max(RESIDENT_FORM_BYTES)),
        )
        .route("/resident/receipt/{token}", get(pages::resident::receipt))
        .route(
            "/resident/status",
            get(pages::resident::lookup)
                .post(pages::resident::status)
                .layer(DefaultBodyLimit::max(RESIDENT_FORM_BYTES)),
        )
        .route(
            "/resident/status/not-solved",
            post(pages::resident::not_solved).layer(DefaultBodyLimit::max(RESIDENT_FORM_BYTES)),
        );
    let open311 = Router::new()
        .route(
            "/open311/v2/{file}",
            get(open311::get_root).post(open311::post_root),
        )
        .route("/open311/v2/services/{file}", get(open311::get_service))
        .route("/open311/v2/service/{file}", get(open311::get_service))
        .route("/open311/v2/requests/{file}", get(open311::get_request))
        .route("/open311/v2/tokens/{file}", get(open311::get_token))
        .route("/inspections", get(pages::inspection::index))
        .route("/inspections/{id}", get(pages::inspection::show))
        .route(
            "/inspections/{id}/schedule",
            post(pages::inspection::schedule),
        )
        .route("/inspections/{id}/cancel", post(pages::inspection::cancel))
        .route(
            "/inspections/{id}/remarks",
            post(pages::inspection::create_remark),
        )
        .route(
            "/inspections/{id}/photos",
            post(pages::inspection::add_photo),
        )
        .route(
            "/inspections/{id}/photos/{photo_id}",
            get(pages::inspection::photo),
        )
        .route(
            "/inspections/{id}/report",
            get(pages::inspection::report::edit).post(pages::inspection::report::save),
        )
        .route(
            "/inspections/{id}/report/check",
            post(pages::inspection::report::check),
        )
        .route(
            "/inspections/{id}/report/rows/{kind}",
            get(pages::inspection::report::row),
        )
        .route(
            "/inspections/{id}/report/print",
            get(pages::inspection::print::print),
        )
        .route("/remarks", get(pages::remark::index))
        .route("/remarks/{id}", get(pages::remark::show))
        .route("/remarks/{id}/eliminate", post(pages::remark::eliminate))
        .route("/remarks/{id}/photos/{photo_id}", get(pages::remark::photo))
        .route("/remarks/{id}/{step}", post(pages::remark::step))
        .route("/hq", get(pages::hq::index))
        .route(
            "/hq/meetings",
            get(pages::hq::meetings).post(pages::hq::open),
        )
        .route("/hq/meetings/{id}", get(pages::hq::show))
        .route("/hq/meetings/{id}/print", get(pages::hq::print))
        .route("/hq/meetings/{id}/agenda.xlsx", get(pages::hq::xlsx))
        .route("/hq/meetings/{id}/items", post(pages::hq::add_item))
        .route("/hq/meetings/{id}/move", post(pages::hq::move_item))
        .route(
            "/hq/schedules",
            get(pages::hq::schedules).post(pages::hq::update_schedule),
        )
        .route(
            "/directives",
            get(pages::directive::index).post(pages::directive::create),
        )
        .route("/directives/{id}/done", post(pages::directive::done))
        .route("/receptions", get(pages::reception::index))
        .route("/receptions/appointments", post(pages::reception::book))
        .route(
            "/receptions/appointments/{id}/outcome",
            post(pages::reception::outcome),
        )
        .route(
            "/receptions/appointments/{id}/ticket",
            post(pages::reception::ticket),
        )
        // callbacks: the controller's queue and the statistics
        .route("/callbacks", get(pages::callback::index))
        .route("/callbacks/stats", get(pages::callback::stats))
        .route("/callbacks/{id}", post(pages::callback::record))
        // analytics: forecast, dashboard and reports
        .route("/forecast", get(pages::forecast::index))
        .route("/dashboard", get(pages::dashboard::show))
        .route("/reports/weekly", get(pages::report::weekly))
        .route("/reports/weekly.xlsx", get(pages::report::weekly_xlsx))
        .route("/reports/season", get(pages::report::season))
        .route("/reports/season.xlsx", get(pages::report::season_xlsx));
    let ops_routes = Router::new()
        .route("/health", get(ops::health))
        .route("/metrics", get(ops::metrics))
        .route("/static/{name}", get(assets::serve));
    Router::new()
        .merge(api)
        .merge(pages)
        .merge(open311)
        .merge(ops_routes)
        .route_layer(middleware::from_fn(ops::track))
        .layer(middleware::from_fn_with_state(
            ctx.clone(),
            auth::middleware,
        ))
        .layer(middleware::from_fn(request::middleware))
        .layer(RequestBodyLimitLayer::new(16 << 20))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(CompressionLayer::new())
        .with_state(ctx)
}
