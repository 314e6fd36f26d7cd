//! Operators needed per hour of a day to answer 80 % of calls within 20 s,
//! from the hourly call forecast (Erlang C in `domain::staffing`).
//!
//! Nothing records how long operators talk, so the average handling time is
//! configured: [`DEFAULT_AHT_SECONDS`] unless the request gives `aht`. The plan
//! staffs each hour for its expected calls; shrinkage (breaks, training) and
//! a night-time minimum are rostering rules left to the manager.

use domain::staffing::HourStaffing;
use jiff::ToSpan;
use jiff::civil::Date;

use crate::app::forecast::{FORECASTERS, MAX_WEEKS, load_history, make};
use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem};

/// Average handling time when none is given: 4 minutes of talk and wrap-up, an
/// assumption typical of a municipal hotline (not measured: calls carry no
/// durations here).
pub const DEFAULT_AHT_SECONDS: f64 = 240.0;

/// The service target: this share of calls answered within [`TARGET_SECONDS`].
pub const TARGET_SERVICE_LEVEL: f64 = 0.8;
pub const TARGET_SECONDS: f64 = 20.0;

/// Agents busy at most this share of the time: beyond it operators burn out.
pub const MAX_OCCUPANCY: f64 = 0.85;

/// A day's staffing plan.
#[derive(Debug, Clone)]
pub struct StaffingPlan {
    pub date: Date,
    pub aht_seconds: f64,
    /// 24 hours, midnight first.
    pub hours: Vec<HourStaffing>,
}

/// The plan for `date` (today up to [`MAX_WEEKS`] weeks ahead), with `aht_seconds`
/// or the default handling time.
#[tracing::instrument(skip_all)]
pub async fn plan_staffing(
    ctx: &Ctx,
    actor: &Actor,
    date: Date,
    aht_seconds: Option<f64>,
) -> Result<StaffingPlan, AppError> {
    actor.require(FORECASTERS)?;
    let aht = aht_seconds.unwrap_or(DEFAULT_AHT_SECONDS);
    if !(10.0..=3600.0).contains(&aht) {
        return Err(AppError::Invalid(FieldErrors::one(
            "aht",
            Problem::Malformed,
        )));
    }
    let history = load_history(ctx).await?;
    let last = history
        .today
        .checked_add((MAX_WEEKS as i32 * 7 - 1).days())
        .unwrap_or(history.today);
    if date < history.today || date > last {
        return Err(AppError::Invalid(FieldErrors::one(
            "date",
            Problem::OutOfRange,
        )));
    }
    let horizon = (date - history.today).get_days() as u32 + 1;
    let forecast = make(&history, horizon)?;
    let day: Vec<_> = forecast
        .hours
        .into_iter()
        .filter(|h| h.date == date)
        .collect();
    let hours = domain::staffing::staffing_plan(
        &day,
        aht,
        TARGET_SERVICE_LEVEL,
        TARGET_SECONDS,
        Some(MAX_OCCUPANCY),
    )
    .map_err(|e| AppError::Internal(anyhow::Error::new(e).context("staffing plan")))?;
    Ok(StaffingPlan {
        date,
        aht_seconds: aht,
        hours,
    })
}
