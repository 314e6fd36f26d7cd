//! Rolling-origin back-test: how the forecast would have done on the history
//! itself. Every day of history that leaves enough days before it for a fit and
//! `horizon_days` after it becomes an origin; the model is fitted on the days
//! before it only and judged on the days after.
//!
//! Each forecast calibrates its interval on the days before its origin only,
//! so the coverage is out of sample too.
//!
//! It is honest about the trend and the weekday factors, not about temperature:
//! the future temperatures it is given are the observed ones, as if the weather
//! forecast had been perfect.

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::forecast::{
    DayForecast, ForecastError, ForecastInput, ForecastOptions, days_between, forecast,
    sorted_history,
};

/// Errors of the forecast against what came, over all origins.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BacktestReport {
    pub horizon_days: u32,
    /// Forecasts made (origins that could be fitted).
    pub origins: usize,
    /// Forecast days compared with an actual count.
    pub points: usize,
    /// Mean absolute percentage error of daily counts, as a fraction (days with
    /// at least one call only).
    pub mape: f64,
    /// Mean absolute error of daily counts, in calls.
    pub mae: f64,
    /// Mean signed percentage error, as a fraction: above 0 the forecast runs high.
    pub bias: f64,
    /// Share of actual days inside the prediction interval.
    pub coverage: f64,
    /// Mean width of the interval as a fraction of the expected calls (days
    /// expecting at least one call): how much coverage costs.
    pub relative_width: f64,
    /// Mean absolute percentage error of each origin's horizon total (the
    /// week's calls at a 7-day horizon).
    pub total_mape: f64,
}

/// Back-tests [`forecast`] on `input.history` at `horizon_days` ahead.
pub fn backtest(
    input: &ForecastInput<'_>,
    options: &ForecastOptions,
    horizon_days: u32,
) -> Result<BacktestReport, ForecastError> {
    if horizon_days == 0 {
        return Err(ForecastError::InvalidOption {
            name: "horizon_days",
            value: 0.0,
        });
    }
    let history = sorted_history(input.history)?;
    let actuals: BTreeMap<Date, u32> = history.iter().copied().collect();
    let mut tally = Tally::default();
    let start = (options.min_history_days as usize).clamp(1, history.len().max(1));
    let last = history.last().map(|(date, _)| *date);
    for cut in start..history.len() {
        // Only origins whose whole horizon lies inside history are judged.
        let origin = history[cut - 1].0;
        if last.is_some_and(|last| i64::from(days_between(origin, last)) < i64::from(horizon_days))
        {
            break;
        }
        let training = ForecastInput {
            history: &history[..cut],
            ..*input
        };
        let made = match forecast(&training, options, horizon_days) {
            Ok(made) => made,
            // Gaps in history can leave an origin without a full window: skip it.
            Err(ForecastError::TooLittleHistory { .. } | ForecastError::MissingWeekday { .. }) => {
                continue;
            }
            Err(other) => return Err(other),
        };
        tally.add_origin(&made.days, &actuals);
    }
    tally
        .report(horizon_days)
        .ok_or(ForecastError::TooLittleHistory {
            days: history.len(),
            needed: options.min_history_days + horizon_days,
        })
}

#[derive(Debug, Default)]
struct Tally {
    origins: usize,
    points: usize,
    absolute_error: f64,
    percentage_points: usize,
    absolute_percentage: f64,
    signed_percentage: f64,
    covered: usize,
    width_points: usize,
    relative_width: f64,
    total_absolute_percentage: f64,
    total_origins: usize,
}

impl Tally {
    fn add_origin(&mut self, days: &[DayForecast], actuals: &BTreeMap<Date, u32>) {
        self.origins += 1;
        let (mut forecast_total, mut actual_total) = (0.0, 0.0);
        for day in days {
            let Some(actual) = actuals.get(&day.date).map(|calls| f64::from(*calls)) else {
                continue;
            };
            self.points += 1;
            self.absolute_error += (day.expected - actual).abs();
            self.covered += usize::from(day.lower <= actual && actual <= day.upper);
            if day.expected >= 1.0 {
                self.width_points += 1;
                self.relative_width += (day.upper - day.lower) / day.expected;
            }
            forecast_total += day.expected;
            actual_total += actual;
            if actual > 0.0 {
                self.percentage_points += 1;
                self.absolute_percentage += (day.expected - actual).abs() / actual;
                self.signed_percentage += (day.expected - actual) / actual;
            }
        }
        if actual_total > 0.0 {
            self.total_origins += 1;
            self.total_absolute_percentage += (forecast_total - actual_total).abs() / actual_total;
        }
    }

    fn report(&self, horizon_days: u32) -> Option<BacktestReport> {
        if self.points == 0 {
            return None;
        }
        let mean = |sum: f64, n: usize| if n == 0 { 0.0 } else { sum / n as f64 };
        Some(BacktestReport {
            horizon_days,
            origins: self.origins,
            points: self.points,
            mape: mean(self.absolute_percentage, self.percentage_points),
            mae: mean(self.absolute_error, self.points),
            bias: mean(self.signed_percentage, self.percentage_points),
            coverage: mean(self.covered as f64, self.points),
            relative_width: mean(self.relative_width, self.width_points),
            total_mape: mean(self.total_absolute_percentage, self.total_origins),
        })
    }
}

#[cfg(test)]
mod tests;
