//! Synthetic call series with known parameters, shared by the forecast's tests.

use jiff::ToSpan;
use jiff::civil::Date;

use crate::forecast::backtest::{BacktestReport, backtest};
use crate::forecast::{
    DayForecast, Forecast, ForecastInput, ForecastOptions, days_between, forecast,
};

/// Weekday factors of the synthetic series, Monday first (mean 1).
pub(super) const WEEKDAY: [f64; 7] = [1.25, 1.1, 1.05, 1.0, 0.95, 0.85, 0.8];

pub(super) fn day(text: &str) -> Date {
    text.parse().unwrap()
}

/// SplitMix64 with Box–Muller normals: a fixed-seed generator for noisy series.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(super) fn normal(&mut self) -> f64 {
        let radius = (-2.0 * (1.0 - self.uniform()).ln()).sqrt();
        radius * (std::f64::consts::TAU * self.uniform()).cos()
    }
}

/// A synthetic season: a level on `start` held for `plateau_days`, then a
/// weekly factor, the weekday pattern, an optional billing uplift and temperature effect, log-normal noise.
#[derive(Clone)]
pub(super) struct Season {
    pub(super) start: Date,
    pub(super) days: usize,
    pub(super) level: f64,
    pub(super) plateau_days: i32,
    pub(super) weekly: f64,
    pub(super) noise: f64,
    pub(super) billing_runs: Vec<Date>,
    pub(super) uplift: f64,
    pub(super) temperatures: Vec<(Date, f64)>,
    pub(super) per_degree: f64,
}

impl Season {
    pub(super) fn decay(weekly: f64) -> Season {
        Season {
            start: day("2026-10-01"),
            days: 42,
            level: 20_000.0,
            plateau_days: 0,
            weekly,
            noise: 0.0,
            billing_runs: Vec::new(),
            uplift: 1.0,
            temperatures: Vec::new(),
            per_degree: 1.0,
        }
    }

    pub(super) fn mean(&self, date: Date) -> f64 {
        let weeks = f64::from((days_between(self.start, date) - self.plateau_days).max(0)) / 7.0;
        let weekday = WEEKDAY[usize::try_from(date.weekday().to_monday_zero_offset()).unwrap()];
        let billing = if self
            .billing_runs
            .iter()
            .any(|run| (0..7).contains(&days_between(*run, date)))
        {
            self.uplift
        } else {
            1.0
        };
        let temperature = self
            .temperatures
            .iter()
            .find(|(it, _)| *it == date)
            .map_or(0.0, |(_, t)| *t);
        self.level * self.weekly.powf(weeks) * weekday * billing * self.per_degree.powf(temperature)
    }

    pub(super) fn counts(&self, seed: u64) -> Vec<(Date, u32)> {
        let mut rng = Rng(seed);
        self.start
            .series(1.day())
            .take(self.days)
            .map(|date| {
                (
                    date,
                    (self.mean(date) * (self.noise * rng.normal()).exp()).round() as u32,
                )
            })
            .collect()
    }

    pub(super) fn forecast(&self, seed: u64, horizon: u32) -> Forecast {
        self.forecast_with(seed, horizon, &ForecastOptions::default())
    }

    pub(super) fn forecast_with(
        &self,
        seed: u64,
        horizon: u32,
        options: &ForecastOptions,
    ) -> Forecast {
        let history = self.counts(seed);
        let input = ForecastInput {
            history: &history,
            temperatures: &self.temperatures,
            billing_runs: &self.billing_runs,
        };
        forecast(&input, options, horizon).unwrap()
    }

    pub(super) fn backtest(&self, seed: u64, horizon: u32) -> BacktestReport {
        self.backtest_with(seed, horizon, &ForecastOptions::default())
    }

    pub(super) fn backtest_with(
        &self,
        seed: u64,
        horizon: u32,
        options: &ForecastOptions,
    ) -> BacktestReport {
        let history = self.counts(seed);
        let input = ForecastInput {
            history: &history,
            temperatures: &self.temperatures,
            billing_runs: &self.billing_runs,
        };
        backtest(&input, options, horizon).unwrap()
    }
}

pub(super) fn relative_width(day: &DayForecast) -> f64 {
    (day.upper - day.lower) / day.expected
}

#[track_caller]
pub(super) fn check_close(got: f64, expected: f64, tolerance: f64) {
    assert!(
        (got - expected).abs() <= tolerance,
        "got {got}, expected {expected} ± {tolerance}"
    );
}
