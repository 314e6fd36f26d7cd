//! The call forecast for the city HQ and the call-centre manager: the next
//! weeks' calls per day and per hour of day with an interval, the billing
//! calls alone, and a back-test on the last weeks of the season.
//!
//! It reads the registrations of the last [`HISTORY_DAYS`] days (one query,
//! grouped by city day and hour here), the billing runs (`billing_runs`) and
//! the outdoor temperatures inspections recorded, and hands them to
//! `domain::forecast`. Days before the first registration are unknown, not
//! quiet. Nothing records a temperature forecast, so days ahead take the
//! window's mean temperature (no effect); the model keeps the temperature term
//! only when the recorded days make it clearly non-zero.
//!
//! The domain calibrates the interval on the model's own past errors; the
//! held-out forecast calibrates on the days before its cut only, so the
//! coverage it shows is out of sample (on the demo season 95 % of the held-out
//! days, where the parametric interval alone held 19 %).

use std::collections::BTreeMap;

use domain::category::Category;
use domain::forecast::hourly::{HourForecast, HourlyProfile, split_by_hour};
use domain::forecast::{DayForecast, ForecastError, ForecastInput, ForecastOptions, ModelSummary};
use domain::user::Role;
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};

use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, internal};

/// Who sees the forecast: the city HQ and the administrator (the call centre
/// is city-wide, so a district view would mislead).
pub const FORECASTERS: &[Role] = &[Role::CityHq, Role::Admin];

/// Days of history read: the model's 8-week window, the held-out weeks and a margin.
const HISTORY_DAYS: i32 = 120;

/// The last days of history held out for the back-test.
pub const HOLDOUT_DAYS: u32 = 21;

/// The longest forecast asked for, in weeks.
pub const MAX_WEEKS: u32 = 8;

/// Days of actual calls shown before today.
const SHOWN_HISTORY_DAYS: usize = 56;

/// A forecast with what it was made from and how it did on held-out days.
#[derive(Debug, Clone)]
pub struct CallForecast {
    /// The first forecast day: today in the city.
    pub from: Date,
    /// Calls per day of the recent past (up to yesterday), for the chart.
    pub actual: Vec<(Date, u32)>,
    pub days: Vec<DayForecast>,
    pub hours: Vec<HourForecast>,
    /// Billing calls alone (they follow the billing runs, not the heating).
    pub billing_days: Option<Vec<DayForecast>>,
    pub model: ModelSummary,
    pub billing_runs: Vec<Date>,
    /// Days with an outdoor temperature recorded by an inspection.
    pub temperature_days: usize,
    pub backtest: Option<Holdout>,
}

/// The model fitted without the last [`HOLDOUT_DAYS`] days and judged on them.
#[derive(Debug, Clone)]
pub struct Holdout {
    /// Forecast and actual calls of each held-out day.
    pub days: Vec<(DayForecast, u32)>,
    /// Mean absolute percentage error of daily calls, as a fraction.
    pub mape: f64,
    /// Share of held-out days inside the interval.
    pub coverage: f64,
    /// Absolute percentage error of the held-out days' total.
    pub total_error: f64,
}

/// The history as the forecast reads it.
pub(crate) struct History {
    pub today: Date,
    pub calls: Vec<(Date, u32)>,
    pub billing: Vec<(Date, u32)>,
    pub profile: HourlyProfile,
    pub temperatures: Vec<(Date, f64)>,
    pub billing_runs: Vec<Date>,
}

/// The next `weeks` weeks of calls from today, per day and hour.
#[tracing::instrument(skip_all)]
pub async fn forecast_calls(
    ctx: &Ctx,
    actor: &Actor,
    weeks: u32,
) -> Result<CallForecast, AppError> {
    actor.require(FORECASTERS)?;
    if !(1..=MAX_WEEKS).contains(&weeks) {
        return Err(AppError::Invalid(FieldErrors::one(
            "weeks",
            Problem::Malformed,
        )));
    }
    let history = load_history(ctx).await?;
    make(&history, weeks * 7)
}

pub(crate) fn make(history: &History, horizon_days: u32) -> Result<CallForecast, AppError> {
    let options = ForecastOptions::default();
    let input = ForecastInput {
        history: &history.calls,
        temperatures: &history.temperatures,
        billing_runs: &history.billing_runs,
    };
    let made = domain::forecast::forecast(&input, &options, horizon_days).map_err(too_little)?;
    let billing_input = ForecastInput {
        history: &history.billing,
        ..input
    };
    let billing_days = domain::forecast::forecast(&billing_input, &options, horizon_days)
        .ok()
        .map(|f| f.days);
    let skip = history.calls.len().saturating_sub(SHOWN_HISTORY_DAYS);
    Ok(CallForecast {
        from: history.today,
        actual: history.calls[skip..].to_vec(),
        hours: split_by_hour(&made.days, &history.profile),
        days: made.days,
        billing_days,
        model: made.model,
        billing_runs: history.billing_runs.clone(),
        temperature_days: history.temperatures.len(),
        backtest: holdout(&input, &options),
    })
}

/// Fits on all but the last [`HOLDOUT_DAYS`] days and compares with them;
/// `None` when the rest is too short to fit.
fn holdout(input: &ForecastInput<'_>, options: &ForecastOptions) -> Option<Holdout> {
    let cut = input.history.len().checked_sub(HOLDOUT_DAYS as usize)?;
    let training = ForecastInput {
        history: &input.history[..cut],
        ..*input
    };
    let made = domain::forecast::forecast(&training, options, HOLDOUT_DAYS).ok()?;
    let days: Vec<(DayForecast, u32)> = made
        .days
        .into_iter()
        .zip(input.history[cut..].iter().map(|(_, calls)| *calls))
        .collect();
    let called: Vec<&(DayForecast, u32)> = days.iter().filter(|(_, a)| *a > 0).collect();
    if called.is_empty() {
        return None;
    }
    let mape = called
        .iter()
        .map(|(f, a)| (f.expected - f64::from(*a)).abs() / f64::from(*a))
        .sum::<f64>()
        / called.len() as f64;
    let covered = days
        .iter()
        .filter(|(f, a)| f.lower <= f64::from(*a) && f64::from(*a) <= f.upper)
        .count();
    let forecast_total: f64 = days.iter().map(|(f, _)| f.expected).sum();
    let actual_total: f64 = days.iter().map(|(_, a)| f64::from(*a)).sum();
    Some(Holdout {
        mape,
        coverage: covered as f64 / days.len() as f64,
        total_error: (forecast_total - actual_total).abs() / actual_total.max(1.0),
        days,
    })
}

fn too_little(e: ForecastError) -> AppError {
    match e {
        ForecastError::TooLittleHistory { .. } | ForecastError::MissingWeekday { .. } => {
            AppError::Invalid(FieldErrors::one("history", Problem::NotEnoughHistory))
        }
        other => AppError::Internal(anyhow::Error::new(other).context("forecasting calls")),
    }
}

/// Registrations of the last [`HISTORY_DAYS`] days up to the start of today,
/// grouped by city date (zeros for quiet days after the first call) and hour.
pub(crate) async fn load_history(ctx: &Ctx) -> Result<History, AppError> {
    let today = domain::calendar::city_date(ctx.now());
    let to = domain::calendar::start_of_day(today);
    let first = today
        .checked_sub(HISTORY_DAYS.days())
        .map_err(|e| AppError::Internal(anyhow::Error::new(e).context("history start")))?;
    let from = domain::calendar::start_of_day(first);
    let mut conn = ctx
        .db
        .read()
        .await
        .map_err(internal("reading call history"))?;
    let registrations = store::call_history::list_registrations(&mut conn, from, to)
        .await
        .map_err(internal("reading call history"))?;
    let readings = store::call_history::list_outdoor_temperatures(&mut conn, from, to)
        .await
        .map_err(internal("reading temperatures"))?;
    let billing_runs = store::billing_run::list(&mut conn)
        .await
        .map_err(internal("reading billing runs"))?;
    let instants: Vec<Timestamp> = registrations.iter().map(|(at, _)| *at).collect();
    let billing: Vec<Timestamp> = registrations
        .iter()
        .filter(|(_, category)| *category == Category::Billing)
        .map(|(at, _)| *at)
        .collect();
    let start = instants.first().map(|at| domain::calendar::city_date(*at));
    let profile =
        HourlyProfile::from_instants(&instants).unwrap_or_else(|_| HourlyProfile::uniform());
    Ok(History {
        today,
        calls: per_day(&instants, start, today),
        billing: per_day(&billing, start, today),
        profile,
        temperatures: daily_means(&readings),
        billing_runs,
    })
}

/// Calls per city date from `start` up to the day before `today`.
fn per_day(instants: &[Timestamp], start: Option<Date>, today: Date) -> Vec<(Date, u32)> {
    let Some(start) = start else {
        return Vec::new();
    };
    let mut counts: BTreeMap<Date, u32> = BTreeMap::new();
    for at in instants {
        *counts.entry(domain::calendar::city_date(*at)).or_default() += 1;
    }
    start
        .series(1.day())
        .take_while(|date| *date < today)
        .map(|date| (date, counts.get(&date).copied().unwrap_or(0)))
        .collect()
}

/// The mean of each city date's readings.
fn daily_means(readings: &[(Timestamp, f64)]) -> Vec<(Date, f64)> {
    let mut sums: BTreeMap<Date, (f64, u32)> = BTreeMap::new();
    for (at, t) in readings {
        let slot = sums.entry(domain::calendar::city_date(*at)).or_default();
        slot.0 += t;
        slot.1 += 1;
    }
    sums.into_iter()
        .map(|(date, (sum, n))| (date, sum / f64::from(n)))
        .collect()
}

/// Records a billing run date (the administrator, or the demo).
#[tracing::instrument(skip_all)]
pub async fn add_billing_run(ctx: &Ctx, actor: &Actor, run_on: Date) -> Result<(), AppError> {
    actor.require(&[Role::Admin])?;
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("adding billing run"))?;
    store::billing_run::insert(&mut tx, run_on, ctx.now())
        .await
        .map_err(internal("adding billing run"))?;
    tx.commit().await.map_err(internal("adding billing run"))
}
