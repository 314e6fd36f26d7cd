//! `/api/v1/norms/check`, the repeat policy and the temperature schedules.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::calendar::rfc3339;
use domain::norm::{Deviation, Verdict, VerdictKind};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::Ctx;
use crate::app::inspection::norms::{self, NormsCheckInput, ReadingInput};
use crate::app::inspection::repeat::{self, RepeatPolicyInput};
use crate::web::api::inspection::OrganizationRefJson;
use crate::web::api::json::JsonBody;
use crate::web::auth::ApiActor;
use crate::web::error::ApiError;

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReadingJson {
    /// `room_air`, `supply`, `return`, `hot_water`.
    pub kind: Option<String>,
    /// °C.
    pub value: Option<f64>,
    /// Room air only: a corner room (norm +22 °C instead of +20 °C).
    pub corner: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NormsCheckJson {
    /// When the readings were taken, RFC 3339 (`2026-11-20T03:00:00+05:00`); decides night (00:00–05:00 city time).
    pub at: Option<String>,
    /// The day's mean outdoor temperature, °C; without it supply and return are `not_checked`.
    pub outdoor_temperature: Option<f64>,
    /// The heat supplier (organization id) whose loaded schedule applies; `null`: the default 95/70.
    pub heat_source_id: Option<i64>,
    pub readings: Option<Vec<ReadingJson>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NormJson {
    /// Lowest admitted value, °C (absent for "at most" norms).
    pub min: Option<f64>,
    /// Highest admitted value, °C.
    pub max: Option<f64>,
    /// The schedule's value for supply and return, °C.
    pub scheduled: Option<f64>,
    /// The schedule tolerance in percent for supply and return.
    pub percent: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VerdictJson {
    /// Position of the reading in the request (or the act) this verdict is about.
    pub reading_index: usize,
    pub kind: &'static str,
    pub value: f64,
    /// `null` when the norm is unknown (supply/return without outdoor temperature).
    pub norm: Option<NormJson>,
    /// Signed: °C beyond the crossed bound (0 inside) for room air and hot water;
    /// percent from the scheduled value for supply and return.
    pub deviation: Option<f64>,
    /// `celsius` or `percent`.
    pub deviation_unit: Option<&'static str>,
    /// `ok`, `violation`, or `not_checked`.
    pub verdict: &'static str,
    /// Hot water below +40 °C: a violation billed at the cold-water tariff.
    pub billed_as_cold_water: bool,
    /// The legal rule, e.g. `ПП 354 Прил.1 п.15`.
    pub reference: &'static str,
}

impl From<&Verdict> for VerdictJson {
    fn from(v: &Verdict) -> Self {
        let norm = v.norm.map(|norm| {
            let (min, max) = norm.bounds();
            let (scheduled, percent) = match norm {
                domain::norm::Norm::WithinPercent { scheduled, percent }
                | domain::norm::Norm::AtMostPercentAbove { scheduled, percent } => {
                    (Some(scheduled), Some(percent))
                }
                _ => (None, None),
            };
            let round = |x: f64| (x * 100.0).round() / 100.0;
            NormJson {
                min: min.map(round),
                max: max.map(round),
                scheduled: scheduled.map(round),
                percent,
            }
        });
        let (deviation, unit) = match v.deviation {
            Some(Deviation::Celsius(d)) => (Some(d), Some("celsius")),
            Some(Deviation::Percent(d)) => (Some(d), Some("percent")),
            None => (None, None),
        };
        VerdictJson {
            reading_index: v.reading_index,
            kind: v.kind.as_code(),
            value: v.value,
            norm,
            deviation,
            deviation_unit: unit,
            verdict: match v.verdict {
                VerdictKind::Ok => "ok",
                VerdictKind::Violation | VerdictKind::ColdWater => "violation",
                VerdictKind::NotChecked => "not_checked",
            },
            billed_as_cold_water: v.verdict == VerdictKind::ColdWater,
            reference: v.reference,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VerdictsJson {
    /// In the order of the readings. A `room_air` reading gets two entries, one
    /// right after the other with the same `kind` and `reading_index`: first the
    /// comfort norm of ПП 354 (minimum, night reduction, +4 °C overheating),
    /// then the sanitary maximum of СанПиН 1.2.3685-21 (+24 °C); every other
    /// reading gets one.
    pub verdicts: Vec<VerdictJson>,
}

#[utoipa::path(post, path = "/api/v1/norms/check", tag = "inspections", request_body = NormsCheckJson,
    responses((status = 200, body = VerdictsJson), (status = 422, description = "Every bad field named")),
    security(("bearer" = [])))]
pub async fn check_norms(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    JsonBody(body): JsonBody<NormsCheckJson>,
) -> Result<Json<VerdictsJson>, ApiError> {
    let input = NormsCheckInput {
        at: body.at,
        outdoor_temperature: body.outdoor_temperature,
        heat_source_id: body.heat_source_id,
        readings: body
            .readings
            .unwrap_or_default()
            .into_iter()
            .map(|r| ReadingInput {
                kind: r.kind,
                value: r.value,
                corner: r.corner,
            })
            .collect(),
    };
    let verdicts = norms::check_norms(&ctx, &actor, input).await?;
    Ok(Json(VerdictsJson {
        verdicts: verdicts.iter().map(VerdictJson::from).collect(),
    }))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RepeatPolicyJson {
    /// Tickets within the window that open an inspection (default 2).
    pub min_tickets: Option<i64>,
    /// The window in days, 1 to 366 (default 7).
    pub window_days: Option<i64>,
    /// Category codes that count (default `no_heat`, `overheating`, `air_lock`).
    pub categories: Option<Vec<String>>,
}

fn policy_json(p: &domain::repeat_detection::RepeatPolicy) -> RepeatPolicyJson {
    RepeatPolicyJson {
        min_tickets: Some(i64::from(p.min_tickets())),
        window_days: Some(i64::from(p.window_days())),
        categories: Some(
            p.categories()
                .iter()
                .map(|c| c.as_code().to_string())
                .collect(),
        ),
    }
}

#[utoipa::path(get, path = "/api/v1/repeat-policy", tag = "inspections",
    responses((status = 200, body = RepeatPolicyJson)), security(("bearer" = [])))]
pub async fn get_repeat_policy(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
) -> Result<Json<RepeatPolicyJson>, ApiError> {
    let policy = repeat::get_repeat_policy(&ctx, &actor).await?;
    Ok(Json(policy_json(&policy)))
}

#[utoipa::path(put, path = "/api/v1/repeat-policy", tag = "inspections", request_body = RepeatPolicyJson,
    responses((status = 200, body = RepeatPolicyJson), (status = 403), (status = 422)), security(("bearer" = [])))]
pub async fn put_repeat_policy(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    JsonBody(body): JsonBody<RepeatPolicyJson>,
) -> Result<Json<RepeatPolicyJson>, ApiError> {
    let input = RepeatPolicyInput {
        min_tickets: body.min_tickets,
        window_days: body.window_days,
        categories: body.categories.unwrap_or_default(),
    };
    let policy = repeat::set_repeat_policy(&ctx, &actor, input).await?;
    Ok(Json(policy_json(&policy)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ScheduleCsvJson {
    /// The heat supplier (organization id) the schedule is for.
    pub heat_supplier_id: Option<i64>,
    /// `outdoor,supply,return` then one point per line (`;` with decimal commas also works).
    pub csv: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SchedulePointJson {
    pub outdoor: f64,
    pub supply: f64,
    #[serde(rename = "return")]
    pub return_water: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TemperatureScheduleJson {
    pub heat_supplier: OrganizationRefJson,
    pub loaded_at: String,
    /// From the coldest outdoor temperature to the warmest.
    pub points: Vec<SchedulePointJson>,
}

impl From<&norms::ScheduleInfo> for TemperatureScheduleJson {
    fn from(s: &norms::ScheduleInfo) -> Self {
        TemperatureScheduleJson {
            heat_supplier: (&s.heat_supplier).into(),
            loaded_at: rfc3339(s.loaded_at),
            points: s
                .schedule
                .points()
                .iter()
                .map(|p| SchedulePointJson {
                    outdoor: p.outdoor,
                    supply: p.supply,
                    return_water: p.return_water,
                })
                .collect(),
        }
    }
}

#[utoipa::path(post, path = "/api/v1/temperature-schedules", tag = "inspections", request_body = ScheduleCsvJson,
    responses((status = 201, body = TemperatureScheduleJson),
        (status = 422, description = "`csv` lists every bad line as `line N: problem`")),
    security(("bearer" = [])))]
pub async fn put_temperature_schedule(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    JsonBody(body): JsonBody<ScheduleCsvJson>,
) -> Result<(StatusCode, Json<TemperatureScheduleJson>), ApiError> {
    let csv = body.csv.unwrap_or_default();
    let info = norms::put_temperature_schedule(&ctx, &actor, body.heat_supplier_id, &csv).await?;
    Ok((StatusCode::CREATED, Json((&info).into())))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TemperatureSchedulesJson {
    /// Loaded schedules; a heat source without one uses `default_95_70`.
    pub items: Vec<TemperatureScheduleJson>,
    pub default_95_70: Vec<SchedulePointJson>,
}

#[utoipa::path(get, path = "/api/v1/temperature-schedules", tag = "inspections",
    responses((status = 200, body = TemperatureSchedulesJson)), security(("bearer" = [])))]
pub async fn temperature_schedules(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
) -> Result<Json<TemperatureSchedulesJson>, ApiError> {
    let items = norms::list_temperature_schedules(&ctx, &actor).await?;
    let default = domain::temperature_schedule::TemperatureSchedule::default_95_70();
    Ok(Json(TemperatureSchedulesJson {
        items: items.iter().map(TemperatureScheduleJson::from).collect(),
        default_95_70: default
            .points()
            .iter()
            .map(|p| SchedulePointJson {
                outdoor: p.outdoor,
                supply: p.supply,
                return_water: p.return_water,
            })
            .collect(),
    }))
}
