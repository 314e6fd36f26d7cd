//! `/api/v1/routing-rules`, `/api/v1/holidays` and their change log.

use axum::Json;
use axum::extract::State;
use domain::calendar::rfc3339;
use domain::routing::RoutingRule;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::Ctx;
use crate::app::routing::{self, RoutingRuleInput};
use crate::web::api::json::JsonBody;
use crate::web::auth::ApiActor;
use crate::web::error::ApiError;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RoutingRuleJson {
    /// `no_heat`, `air_lock`, `overheating`, `billing`, `leak`, `hot_water`, `other`.
    pub category: String,
    /// `management_company`, `heat_supplier` or `district_hq`; absent keeps it.
    pub target: Option<String>,
    /// Time to resolve: `30m` (clock minutes), `24h` (clock hours), `3wd`
    /// (working days of the production calendar); absent keeps it.
    pub deadline: Option<String>,
    /// Time to a first action in the same form; `""` removes it, absent keeps it.
    pub first_response: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RoutingRulesJson {
    pub rules: Vec<RoutingRuleJson>,
}

fn rules_json(rules: Vec<RoutingRule>) -> RoutingRulesJson {
    RoutingRulesJson {
        rules: rules
            .into_iter()
            .map(|r| RoutingRuleJson {
                category: r.category.as_code().to_string(),
                target: Some(r.target.as_code().to_string()),
                deadline: Some(r.deadline.to_string()),
                first_response: r.first_response.map(|f| f.to_string()),
            })
            .collect(),
    }
}

#[utoipa::path(get, path = "/api/v1/routing-rules", tag = "routing",
    responses((status = 200, body = RoutingRulesJson)), security(("bearer" = [])))]
pub async fn index(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
) -> Result<Json<RoutingRulesJson>, ApiError> {
    Ok(Json(rules_json(
        routing::get_routing_rules(&ctx, &actor).await?,
    )))
}

#[utoipa::path(put, path = "/api/v1/routing-rules", tag = "routing", request_body = RoutingRulesJson,
    responses((status = 200, body = RoutingRulesJson, description = "Every rule in force; the listed categories changed for new tickets"),
        (status = 403), (status = 422, description = "Fields named `rules.<category>.deadline` etc.")),
    security(("bearer" = [])))]
pub async fn update(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    JsonBody(body): JsonBody<RoutingRulesJson>,
) -> Result<Json<RoutingRulesJson>, ApiError> {
    let input = body
        .rules
        .into_iter()
        .map(|r| RoutingRuleInput {
            category: r.category,
            target: r.target,
            deadline: r.deadline,
            first_response: r.first_response,
        })
        .collect();
    Ok(Json(rules_json(
        routing::put_routing_rules(&ctx, &actor, input).await?,
    )))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarDayJson {
    /// The city date, `YYYY-MM-DD`.
    pub date: String,
    /// `holiday` (a weekday off) or `working` (a Saturday or Sunday worked).
    pub kind: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HolidaysJson {
    pub days: Vec<CalendarDayJson>,
    /// The same days as text `PUT` accepts.
    pub text: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct HolidaysInputJson {
    /// One `YYYY-MM-DD,holiday|working` a line; blank lines and `#` comments
    /// are ignored. Replaces the whole list.
    pub text: Option<String>,
}

fn holidays_json(
    days: Vec<(jiff::civil::Date, domain::production_calendar::DayKind)>,
) -> HolidaysJson {
    let text = days
        .iter()
        .map(|(date, kind)| format!("{date},{}\n", kind.as_code()))
        .collect();
    HolidaysJson {
        days: days
            .into_iter()
            .map(|(date, kind)| CalendarDayJson {
                date: date.to_string(),
                kind: kind.as_code(),
            })
            .collect(),
        text,
    }
}

#[utoipa::path(get, path = "/api/v1/holidays", tag = "routing",
    responses((status = 200, body = HolidaysJson)), security(("bearer" = [])))]
pub async fn holidays(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
) -> Result<Json<HolidaysJson>, ApiError> {
    Ok(Json(holidays_json(
        routing::get_calendar(&ctx, &actor).await?,
    )))
}

#[utoipa::path(put, path = "/api/v1/holidays", tag = "routing", request_body = HolidaysInputJson,
    responses((status = 200, body = HolidaysJson), (status = 403),
        (status = 422, description = "`text`: every bad line by number")),
    security(("bearer" = [])))]
pub async fn update_holidays(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    JsonBody(body): JsonBody<HolidaysInputJson>,
) -> Result<Json<HolidaysJson>, ApiError> {
    let text = body.text.unwrap_or_default();
    Ok(Json(holidays_json(
        routing::put_calendar(&ctx, &actor, &text).await?,
    )))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RoutingChangeJson {
    pub changed_at: String,
    pub user: Option<String>,
    /// `routing_rules` or `calendar`.
    pub subject: &'static str,
    /// The changed lines before (for the calendar: the removed days).
    pub before: String,
    /// The changed lines after (for the calendar: the added days).
    pub after: String,
}

#[utoipa::path(get, path = "/api/v1/routing-rules/changes", tag = "routing",
    responses((status = 200, body = Vec<RoutingChangeJson>), (status = 403)), security(("bearer" = [])))]
pub async fn changes(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<RoutingChangeJson>>, ApiError> {
    let changes = routing::list_routing_changes(&ctx, &actor).await?;
    Ok(Json(
        changes
            .into_iter()
            .map(|c| RoutingChangeJson {
                changed_at: rfc3339(c.changed_at),
                user: c.user_name,
                subject: c.subject.as_code(),
                before: c.before,
                after: c.after,
            })
            .collect(),
    ))
}
