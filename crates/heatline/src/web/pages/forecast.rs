//! `/forecast`: the call forecast against what came, its back-test error, and
//! the operators needed per hour of a chosen day, for the city HQ and the
//! administrator. Charts are server-side SVG.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::app::forecast::{self as forecasts, CallForecast};
use crate::app::staffing::{self, StaffingPlan};
use crate::app::{AppError, Ctx};
use crate::web::api::forecast::{parse_staffing, parse_weeks};
use crate::web::auth::PageSession;
use crate::web::error::PageError;
use crate::web::forecast_chart::{self, DailySeries};
use crate::web::i18n::forecast::ForecastMsg;
use crate::web::i18n::{Msg, Tr};
use crate::web::pages::{Layout, tr};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ForecastParams {
    #[serde(default)]
    pub weeks: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub aht: String,
}

pub struct DayRow {
    pub date: String,
    pub expected: String,
    pub lower: String,
    pub upper: String,
    pub billing: String,
}

pub struct HourRow {
    pub hour: String,
    pub calls: String,
    pub agents: u32,
    pub service_level: String,
    pub answer_speed: String,
    pub occupancy: String,
}

pub struct ForecastView {
    pub chart: String,
    pub mape: Option<String>,
    pub coverage: String,
    pub total_error: String,
    pub holdout_days: usize,
    pub weekly_change: String,
    pub billing_uplift: String,
    pub billing_estimated: bool,
    pub temperature: Option<String>,
    pub temperature_days: usize,
    /// Past forecasts whose errors set the interval; 0: the parametric one.
    pub interval_origins: usize,
    pub days: Vec<DayRow>,
}

#[derive(Template, WebTemplate)]
#[template(path = "forecast/index.html")]
struct ForecastPage {
    layout: Layout,
    t: Tr,
    q: ForecastParams,
    date: String,
    aht: String,
    forecast: Option<ForecastView>,
    chart: String,
    hours: Vec<HourRow>,
    total_calls: String,
    operator_hours: u32,
}

/// `GET /forecast`.
pub async fn index(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Query(q): Query<ForecastParams>,
) -> Result<Response, PageError> {
    let actor = &session.actor;
    let weeks = parse_weeks(Some(&q.weeks))?;
    let (date, aht) = parse_staffing(&ctx, Some(q.date.clone()), Some(&q.aht))?;
    let t = tr();
    // Too little history is a state of the season, not a bad request: the page says so.
    let forecast = match forecasts::forecast_calls(&ctx, actor, weeks).await {
        Ok(made) => Some(forecast_view(t, &made)),
        Err(AppError::Invalid(_)) => None,
        Err(other) => return Err(other.into()),
    };
    let plan = match forecast {
        Some(_) => Some(staffing::plan_staffing(&ctx, actor, date, aht).await?),
        None => None,
    };
    let (chart, hours, total_calls, operator_hours) = match &plan {
        Some(plan) => staffing_view(t, plan),
        None => (String::new(), Vec::new(), String::new(), 0),
    };
    Ok(ForecastPage {
        layout: Layout::new(&session, "/forecast"),
        t,
        date: date.to_string(),
        aht: format!("{:.0}", aht.unwrap_or(staffing::DEFAULT_AHT_SECONDS)),
        q,
        forecast,
        chart,
        hours,
        total_calls,
        operator_hours,
    }
    .into_response())
}

fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

fn forecast_view(t: Tr, made: &CallForecast) -> ForecastView {
    let backtest: Vec<_> = made
        .backtest
        .iter()
        .flat_map(|b| b.days.iter().map(|(d, _)| *d))
        .collect();
    let chart = forecast_chart::daily(
        t,
        &DailySeries {
            actual: &made.actual,
            backtest: &backtest,
            ahead: &made.days,
            billing_runs: &made.billing_runs,
            today: made.from,
        },
    );
    let billing = |idx: usize| {
        made.billing_days
            .as_ref()
            .and_then(|days| days.get(idx))
            .map(|d| format!("{:.0}", d.expected))
            .unwrap_or_default()
    };
    let model = &made.model;
    ForecastView {
        chart,
        mape: made.backtest.as_ref().map(|b| percent(b.mape)),
        coverage: made
            .backtest
            .as_ref()
            .map(|b| percent(b.coverage))
            .unwrap_or_default(),
        total_error: made
            .backtest
            .as_ref()
            .map(|b| percent(b.total_error))
            .unwrap_or_default(),
        holdout_days: made.backtest.as_ref().map_or(0, |b| b.days.len()),
        weekly_change: format!("{:+.0} %", (model.weekly_factor - 1.0) * 100.0),
        billing_uplift: format!("{:+.0} %", (model.billing_uplift - 1.0) * 100.0),
        billing_estimated: model.billing_uplift_source == domain::forecast::UpliftSource::Estimated,
        temperature: model
            .temperature_factor_per_degree
            .map(|f| format!("{:+.1} %", (f - 1.0) * 100.0)),
        temperature_days: made.temperature_days,
        interval_origins: model.interval_origins,
        days: made
            .days
            .iter()
            .enumerate()
            .map(|(idx, d)| DayRow {
                date: format!("{} {}", d.date.strftime("%d.%m"), weekday(t, d.date)),
                expected: format!("{:.0}", d.expected),
                lower: format!("{:.0}", d.lower),
                upper: format!("{:.0}", d.upper),
                billing: billing(idx),
            })
            .collect(),
    }
}

fn weekday(t: Tr, date: jiff::civil::Date) -> &'static str {
    let idx = date.weekday().to_monday_zero_offset() as usize;
    let names = match t.locale {
        crate::web::i18n::Locale::Ru => ["пн", "вт", "ср", "чт", "пт", "сб", "вс"],
        crate::web::i18n::Locale::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    };
    names[idx.min(6)]
}

fn staffing_view(t: Tr, plan: &StaffingPlan) -> (String, Vec<HourRow>, String, u32) {
    let rows = plan
        .hours
        .iter()
        .map(|h| HourRow {
            hour: format!("{:02}:00", h.hour),
            calls: format!("{:.1}", h.calls),
            agents: h.agents,
            service_level: percent(h.service_level),
            answer_speed: if h.average_speed_of_answer_seconds.is_finite() {
                format!("{:.0}", h.average_speed_of_answer_seconds)
            } else {
                "∞".into()
            },
            occupancy: percent(h.occupancy),
        })
        .collect();
    let calls: f64 = plan.hours.iter().map(|h| h.calls).sum();
    let agents: u32 = plan.hours.iter().map(|h| h.agents).sum();
    (
        forecast_chart::staffing(t, &plan.hours),
        rows,
        format!("{calls:.0}"),
        agents,
    )
}
