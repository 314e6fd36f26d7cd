//! The call forecast and the staffing plan (`/api/v1/forecast`,
//! `/api/v1/staffing`) and billing runs (`/api/v1/billing-runs`).

use crate::web::api::params::Query;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::forecast::DayForecast;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::forecast::{self as forecasts, CallForecast};
use crate::app::staffing::{self, StaffingPlan};
use crate::app::ticket::params::date as parse_date;
use crate::app::{AppError, Ctx, FieldErrors, Problem};
use crate::web::api::json::JsonBody;
use crate::web::auth::ApiActor;
use crate::web::error::ApiError;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ForecastQuery {
    /// Weeks ahead, 1–8 (default 4).
    pub weeks: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DayJson {
    /// City date `YYYY-MM-DD`.
    pub date: String,
    pub expected: f64,
    /// The 80 % prediction interval.
    pub lower: f64,
    pub upper: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HourJson {
    pub date: String,
    /// City hour, 0–23.
    pub hour: u8,
    pub expected: f64,
    pub lower: f64,
    pub upper: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActualJson {
    pub date: String,
    pub calls: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ModelJson {
    /// Week-over-week factor of the trend (0.8: calls fall 20 % a week).
    pub weekly_factor: f64,
    /// Monday first; their mean is 1.
    pub weekday_factors: Vec<f64>,
    /// Factor per degree warmer; absent when temperature was not fitted.
    pub temperature_factor_per_degree: Option<f64>,
    pub billing_uplift: f64,
    /// `estimated` from history or the `default` assumption.
    pub billing_uplift_source: &'static str,
    pub fit_days: usize,
    /// Past forecasts whose out-of-sample errors set the interval; 0 when
    /// there were too few and it is the parametric one.
    pub interval_origins: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BacktestJson {
    pub holdout_days: usize,
    /// Mean absolute percentage error of daily calls, as a fraction.
    pub mape: f64,
    /// Share of held-out days inside the interval.
    pub coverage: f64,
    /// Absolute percentage error of the held-out days' total.
    pub total_error: f64,
    pub days: Vec<BacktestDayJson>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BacktestDayJson {
    pub date: String,
    pub expected: f64,
    pub lower: f64,
    pub upper: f64,
    pub actual: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ForecastJson {
    /// The first forecast day: today in the city.
    pub from: String,
    pub days: Vec<DayJson>,
    pub hours: Vec<HourJson>,
    /// Billing calls alone; absent when they cannot be fitted.
    pub billing_days: Option<Vec<DayJson>>,
    /// Calls per day of the last eight weeks, up to yesterday.
    pub actual: Vec<ActualJson>,
    pub model: ModelJson,
    pub billing_runs: Vec<String>,
    /// Days with an outdoor temperature recorded by an inspection.
    pub temperature_days: usize,
    /// The model fitted without the last three weeks, judged on them.
    pub backtest: Option<BacktestJson>,
}

fn day_json(day: &DayForecast) -> DayJson {
    DayJson {
        date: day.date.to_string(),
        expected: day.expected,
        lower: day.lower,
        upper: day.upper,
    }
}

impl From<CallForecast> for ForecastJson {
    fn from(f: CallForecast) -> Self {
        ForecastJson {
            from: f.from.to_string(),
            days: f.days.iter().map(day_json).collect(),
            hours: f
                .hours
                .iter()
                .map(|h| HourJson {
                    date: h.date.to_string(),
                    hour: h.hour,
                    expected: h.expected,
                    lower: h.lower,
                    upper: h.upper,
                })
                .collect(),
            billing_days: f.billing_days.map(|d| d.iter().map(day_json).collect()),
            actual: f
                .actual
                .iter()
                .map(|(date, calls)| ActualJson {
                    date: date.to_string(),
                    calls: *calls,
                })
                .collect(),
            model: ModelJson {
                weekly_factor: f.model.weekly_factor,
                weekday_factors: f.model.weekday_factors.to_vec(),
                temperature_factor_per_degree: f.model.temperature_factor_per_degree,
                billing_uplift: f.model.billing_uplift,
                billing_uplift_source: f.model.billing_uplift_source.as_code(),
                fit_days: f.model.fit_days,
                interval_origins: f.model.interval_origins,
            },
            billing_runs: f.billing_runs.iter().map(|d| d.to_string()).collect(),
            temperature_days: f.temperature_days,
            backtest: f.backtest.map(|b| BacktestJson {
                holdout_days: b.days.len(),
                mape: b.mape,
                coverage: b.coverage,
                total_error: b.total_error,
                days: b
                    .days
                    .iter()
                    .map(|(d, actual)| BacktestDayJson {
                        date: d.date.to_string(),
                        expected: d.expected,
                        lower: d.lower,
                        upper: d.upper,
                        actual: *actual,
                    })
                    .collect(),
            }),
        }
    }
}

/// `weeks` as typed, 4 when absent.
pub fn parse_weeks(weeks: Option<&str>) -> Result<u32, AppError> {
    match weeks.map(str::trim).filter(|w| !w.is_empty()) {
        None => Ok(4),
        Some(text) => text
            .parse()
            .map_err(|_| AppError::Invalid(FieldErrors::one("weeks", Problem::Malformed))),
    }
}

#[utoipa::path(get, path = "/api/v1/forecast", tag = "forecast", params(ForecastQuery),
    responses((status = 200, body = ForecastJson), (status = 403), (status = 422)),
    security(("bearer" = [])))]
pub async fn forecast(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Query(query): Query<ForecastQuery>,
) -> Result<Json<ForecastJson>, ApiError> {
    let weeks = parse_weeks(query.weeks.as_deref())?;
    let made = forecasts::forecast_calls(&ctx, &actor, weeks).await?;
    Ok(Json(made.into()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StaffingQuery {
    /// City date `YYYY-MM-DD`, today up to 8 weeks ahead (default today).
    pub date: Option<String>,
    /// Average handling time in seconds, 10–3600 (default 240).
    pub aht: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StaffingHourJson {
    pub hour: u8,
    pub calls: f64,
    pub traffic_erlangs: f64,
    pub agents: u32,
    /// Share answered within 20 s with `agents` operators.
    pub service_level: f64,
    /// Average wait before an answer, seconds.
    pub average_speed_of_answer_seconds: f64,
    pub occupancy: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StaffingJson {
    pub date: String,
    pub aht_seconds: f64,
    pub target_service_level: f64,
    pub target_seconds: f64,
    pub max_occupancy: f64,
    pub hours: Vec<StaffingHourJson>,
}

impl From<StaffingPlan> for StaffingJson {
    fn from(plan: StaffingPlan) -> Self {
        StaffingJson {
            date: plan.date.to_string(),
            aht_seconds: plan.aht_seconds,
            target_service_level: staffing::TARGET_SERVICE_LEVEL,
            target_seconds: staffing::TARGET_SECONDS,
            max_occupancy: staffing::MAX_OCCUPANCY,
            hours: plan
                .hours
                .iter()
                .map(|h| StaffingHourJson {
                    hour: h.hour,
                    calls: h.calls,
                    traffic_erlangs: h.traffic_erlangs,
                    agents: h.agents,
                    service_level: h.service_level,
                    average_speed_of_answer_seconds: h.average_speed_of_answer_seconds,
                    occupancy: h.occupancy,
                })
                .collect(),
        }
    }
}

/// The staffing request's date (today when absent) and handling time.
pub fn parse_staffing(
    ctx: &Ctx,
    date: Option<String>,
    aht: Option<&str>,
) -> Result<(jiff::civil::Date, Option<f64>), AppError> {
    let mut errors = FieldErrors::default();
    let date = parse_date(&mut errors, "date", &date);
    let aht = match aht.map(str::trim).filter(|a| !a.is_empty()) {
        None => None,
        Some(text) => text
            .parse::<f64>()
            .map_err(|_| errors.add("aht", Problem::Malformed))
            .ok(),
    };
    errors.into_result()?;
    let date = date.unwrap_or_else(|| domain::calendar::city_date(ctx.now()));
    Ok((date, aht))
}

#[utoipa::path(get, path = "/api/v1/staffing", tag = "forecast", params(StaffingQuery),
    responses((status = 200, body = StaffingJson), (status = 403), (status = 422)),
    security(("bearer" = [])))]
pub async fn staffing(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Query(query): Query<StaffingQuery>,
) -> Result<Json<StaffingJson>, ApiError> {
    let (date, aht) = parse_staffing(&ctx, query.date, query.aht.as_deref())?;
    let plan = staffing::plan_staffing(&ctx, &actor, date, aht).await?;
    Ok(Json(plan.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct BillingRunJson {
    /// City date `YYYY-MM-DD` the bills go out.
    pub date: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/billing-runs", tag = "forecast", request_body = BillingRunJson,
    responses((status = 204), (status = 403), (status = 422)), security(("bearer" = [])))]
pub async fn add_billing_run(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    JsonBody(body): JsonBody<BillingRunJson>,
) -> Result<StatusCode, ApiError> {
    let mut errors = FieldErrors::default();
    let date = parse_date(&mut errors, "date", &body.date);
    errors.into_result()?;
    // Absent, null and blank are all missing: `parse_date` skips blanks.
    let Some(date) = date else {
        return Err(AppError::Invalid(FieldErrors::one("date", Problem::Required)).into());
    };
    forecasts::add_billing_run(&ctx, &actor, date).await?;
    Ok(StatusCode::NO_CONTENT)
}
