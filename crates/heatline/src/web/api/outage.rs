//! `/api/v1/outages`: register, list, read and close outages; a building's outages.

use crate::web::api::params::{Path, Query};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::building::BuildingId;
use domain::calendar::rfc3339;
use domain::outage::{OutageId, OutageStatus};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::outage::{
    self as outages, CloseOutage, OutageDetails, OutageListParams, OutageView, RegisterOutage,
};
use crate::app::{AppError, Ctx, FieldErrors, Problem};
use crate::web::api::json::JsonBody;
use crate::web::api::registry::BuildingJson;
use crate::web::auth::ApiActor;
use crate::web::error::ApiError;

/// Pick the buildings one way: `building_ids`; or `street` (e.g. `ул. Черниковская`,
/// within your district or your supplied buildings, narrowed by `district_id` /
/// `supplier_id`); or every building of `supplier_id` in `district_id` (a district
/// HQ gives `supplier_id`, a heat supplier `district_id`).
#[derive(Debug, Deserialize, ToSchema)]
pub struct RegisterOutageJson {
    pub building_ids: Option<Vec<i64>>,
    pub street: Option<String>,
    pub supplier_id: Option<i64>,
    pub district_id: Option<i64>,
    /// RFC 3339, e.g. `2026-11-24T08:00:00+05:00`, or city time `2026-11-24T08:00`.
    pub starts_at: Option<String>,
    pub expected_end_at: Option<String>,
    pub reason: Option<String>,
    /// The lowest indoor temperature measured, °C; sets the legal limit (16/8/4 h).
    pub indoor_temperature: Option<f64>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CloseOutageJson {
    /// When supply was restored (RFC 3339); now when absent.
    pub ended_at: Option<String>,
    pub indoor_temperature: Option<f64>,
    /// The resolution text the linked tickets' residents receive.
    pub comment: Option<String>,
}

/// The interruption clock of ПП 354 Прил.1 п.14 for this outage.
#[derive(Debug, Serialize, ToSchema)]
pub struct InterruptionJson {
    /// `at_least_12` (16 h), `from_10_to_12` (8 h), `from_8_to_10` (4 h), `below_8` (0 h).
    pub band: &'static str,
    pub hours: f64,
    pub limit_hours: f64,
    pub hours_over_limit: f64,
    pub limit_ends_at: String,
    pub ongoing: bool,
}

/// A building past a limit: `single` (this interruption) or `monthly` (24 h in `month`).
#[derive(Debug, Serialize, ToSchema)]
pub struct BreachJson {
    pub building_id: i64,
    pub kind: &'static str,
    /// `YYYY-MM`, monthly breaches only.
    pub month: Option<String>,
    pub hours: f64,
    pub limit_hours: f64,
    pub hours_over: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutageJson {
    pub id: i64,
    /// `open` or `closed`.
    pub status: &'static str,
    pub reason: String,
    pub starts_at: String,
    pub expected_end_at: String,
    pub ended_at: Option<String>,
    pub district_id: Option<i64>,
    /// The heat supplier, when every building has the same one.
    pub organization_id: Option<i64>,
    pub indoor_temperature: Option<f64>,
    pub building_ids: Vec<i64>,
    pub tickets_linked: i64,
    pub tickets_open: i64,
    pub interruption: InterruptionJson,
    pub breaches: Vec<BreachJson>,
    pub can_close: bool,
    pub created_at: String,
    pub close_comment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buildings: Option<Vec<BuildingJson>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutagePageJson {
    pub items: Vec<OutageJson>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
}

fn hours(h: f64) -> f64 {
    (h * 100.0).round() / 100.0
}

impl From<OutageView> for OutageJson {
    fn from(v: OutageView) -> Self {
        let o = v.outage;
        OutageJson {
            id: o.id.0,
            status: o.status().as_code(),
            starts_at: rfc3339(o.starts_at),
            expected_end_at: rfc3339(o.expected_end_at),
            ended_at: o.ended_at.map(rfc3339),
            district_id: o.district_id.map(|d| d.0),
            organization_id: o.organization_id.map(|d| d.0),
            indoor_temperature: o.indoor_temperature,
            building_ids: v.building_ids.iter().map(|b| b.0).collect(),
            tickets_linked: v.tickets_linked,
            tickets_open: v.tickets_open,
            interruption: InterruptionJson {
                band: v.clock.band.as_code(),
                hours: hours(v.clock.hours),
                limit_hours: v.clock.limit_hours,
                hours_over_limit: hours(v.clock.hours_over_limit),
                limit_ends_at: rfc3339(v.clock.limit_ends_at),
                ongoing: v.clock.ongoing,
            },
            breaches: v
                .breaches
                .iter()
                .map(|b| BreachJson {
                    building_id: b.building_id.0,
                    kind: b.kind.as_code(),
                    month: b.month.map(|m| m.strftime("%Y-%m").to_string()),
                    hours: hours(b.hours),
                    limit_hours: b.limit_hours,
                    hours_over: hours(b.hours_over),
                })
                .collect(),
            can_close: v.can_close,
            created_at: rfc3339(o.created_at),
            close_comment: o.close_comment,
            reason: o.reason,
            buildings: None,
        }
    }
}

impl From<OutageDetails> for OutageJson {
    fn from(d: OutageDetails) -> Self {
        OutageJson {
            buildings: Some(d.buildings.into_iter().map(BuildingJson::from).collect()),
            ..OutageJson::from(d.view)
        }
    }
}

#[utoipa::path(post, path = "/api/v1/outages", tag = "outages", request_body = RegisterOutageJson,
    responses((status = 201, body = OutageJson), (status = 403), (status = 422, description = "Every bad field named")),
    security(("bearer" = [])))]
pub async fn create(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    JsonBody(body): JsonBody<RegisterOutageJson>,
) -> Result<(StatusCode, Json<OutageJson>), ApiError> {
    let input = RegisterOutage {
        building_ids: body.building_ids.unwrap_or_default(),
        street: body.street,
        supplier_id: body.supplier_id,
        district_id: body.district_id,
        starts_at: body.starts_at,
        expected_end_at: body.expected_end_at,
        reason: body.reason.unwrap_or_default(),
        indoor_temperature: body.indoor_temperature,
    };
    let details = outages::register_outage(&ctx, &actor, input).await?;
    Ok((StatusCode::CREATED, Json(details.into())))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// `open`, `closed` or `all` (default).
    pub status: Option<String>,
    pub district_id: Option<String>,
    pub building_id: Option<String>,
    pub page: Option<String>,
    pub page_size: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/outages", tag = "outages", params(ListQuery),
    responses((status = 200, body = OutagePageJson), (status = 422)), security(("bearer" = [])))]
pub async fn index(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Query(q): Query<ListQuery>,
) -> Result<Json<OutagePageJson>, ApiError> {
    let params = OutageListParams {
        status: q.status,
        district_id: q.district_id,
        building_id: q.building_id,
        page: q.page,
        page_size: q.page_size,
    };
    let list = outages::list_outages(&ctx, &actor, params).await?;
    Ok(Json(OutagePageJson {
        items: list.outages.into_iter().map(OutageJson::from).collect(),
        total: list.total,
        page: list.page,
        page_size: list.page_size,
    }))
}

#[utoipa::path(get, path = "/api/v1/outages/{id}", tag = "outages", params(("id" = i64, Path)),
    responses((status = 200, body = OutageJson), (status = 404)), security(("bearer" = [])))]
pub async fn show(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<OutageJson>, ApiError> {
    Ok(Json(
        outages::get_outage(&ctx, &actor, OutageId(id))
            .await?
            .into(),
    ))
}

#[utoipa::path(post, path = "/api/v1/outages/{id}/close", tag = "outages", params(("id" = i64, Path)),
    request_body = CloseOutageJson,
    responses((status = 200, body = OutageJson), (status = 403), (status = 404),
        (status = 409, description = "Already closed"), (status = 422)),
    security(("bearer" = [])))]
pub async fn close(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<CloseOutageJson>,
) -> Result<Json<OutageJson>, ApiError> {
    let input = CloseOutage {
        ended_at: body.ended_at,
        indoor_temperature: body.indoor_temperature,
        comment: body.comment,
    };
    Ok(Json(
        outages::close_outage(&ctx, &actor, OutageId(id), input)
            .await?
            .into(),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BuildingOutagesQuery {
    /// `open` (what the operator reads to a caller), `closed`, or `all` (default).
    pub status: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/buildings/{id}/outages", tag = "outages",
    params(("id" = i64, Path), BuildingOutagesQuery),
    responses((status = 200, body = [OutageJson]), (status = 422)), security(("bearer" = [])))]
pub async fn for_building(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    Query(q): Query<BuildingOutagesQuery>,
) -> Result<Json<Vec<OutageJson>>, ApiError> {
    let status = match q.status.as_deref().map(str::trim) {
        None | Some("") | Some("all") => None,
        Some(code) => Some(OutageStatus::from_code(code).ok_or_else(|| {
            ApiError(AppError::Invalid(FieldErrors::one(
                "status",
                Problem::UnknownCode,
            )))
        })?),
    };
    let list = outages::outages_for_building(&ctx, &actor, BuildingId(id), status).await?;
    Ok(Json(list.into_iter().map(OutageJson::from).collect()))
}
