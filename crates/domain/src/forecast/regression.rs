//! The forecast's regression: the columns a day contributes, the fit over the
//! recent window with its fallbacks, and the prediction of a day ahead. The
//! model itself is described in the parent module.

use std::collections::BTreeMap;

use jiff::civil::{Date, Weekday};

use crate::forecast::calibration::Calibration;
use crate::forecast::least_squares::{self, LinearFit};
use crate::forecast::{
    DayForecast, ForecastError, ForecastInput, ForecastOptions, ModelSummary, UpliftSource,
    days_between,
};

/// Least days of the fit window with a temperature for the temperature term.
const MIN_TEMPERATURE_DAYS: usize = 7;
/// Least |t| statistic for the temperature term to be kept.
const MIN_TEMPERATURE_T: f64 = 2.0;
/// Least days inside and outside billing windows to estimate the uplift.
const MIN_BILLING_DAYS: usize = 3;
const MIN_NON_BILLING_DAYS: usize = 7;

/// Temperatures and billing windows looked up by date.
pub(super) struct DayFacts<'a> {
    temperatures: BTreeMap<Date, f64>,
    billing_runs: &'a [Date],
    billing_window_days: i32,
}

impl<'a> DayFacts<'a> {
    pub(super) fn new(
        input: &ForecastInput<'a>,
        options: &ForecastOptions,
    ) -> Result<Self, ForecastError> {
        let mut temperatures = BTreeMap::new();
        for (date, celsius) in input.temperatures {
            if !celsius.is_finite() {
                return Err(ForecastError::InvalidTemperature { date: *date });
            }
            temperatures.insert(*date, *celsius);
        }
        Ok(DayFacts {
            temperatures,
            billing_runs: input.billing_runs,
            billing_window_days: i32::try_from(options.billing_window_days).unwrap_or(i32::MAX),
        })
    }

    fn temperature(&self, date: Date) -> Option<f64> {
        self.temperatures.get(&date).copied()
    }

    fn after_billing_run(&self, date: Date) -> bool {
        self.billing_runs.iter().any(|run| {
            let since = days_between(*run, date);
            (0..self.billing_window_days).contains(&since)
        })
    }
}

/// How the optional columns enter the regression.
#[derive(Debug, Clone, Copy)]
struct Design {
    /// The window's mean temperature, when the temperature term is fitted.
    temperature_mean: Option<f64>,
    billing: Billing,
}

#[derive(Debug, Clone, Copy)]
enum Billing {
    Estimated,
    /// A known log uplift, subtracted from the target before fitting.
    Fixed(f64),
}

impl Design {
    /// The regression row of a date `weeks` from the origin.
    fn row(&self, date: Date, weeks: f64, facts: &DayFacts<'_>) -> Vec<f64> {
        let weekday = date.weekday().to_monday_zero_offset();
        let mut row = vec![1.0, weeks];
        row.extend((1..7).map(|day| f64::from(u8::from(weekday == day))));
        if let Some(mean) = self.temperature_mean {
            row.push(
                facts
                    .temperature(date)
                    .map_or(0.0, |celsius| celsius - mean),
            );
        }
        if let Billing::Estimated = self.billing {
            row.push(f64::from(u8::from(facts.after_billing_run(date))));
        }
        row
    }

    fn offset(&self, date: Date, facts: &DayFacts<'_>) -> f64 {
        match self.billing {
            Billing::Fixed(log_uplift) if facts.after_billing_run(date) => log_uplift,
            _ => 0.0,
        }
    }

    /// Whether the fitted temperature coefficient is within noise of zero
    /// (|t| below [`MIN_TEMPERATURE_T`]): such a term only adds variance.
    fn temperature_is_unclear(&self, fit: &LinearFit) -> bool {
        const COLUMN: usize = 8;
        if self.temperature_mean.is_none() {
            return false;
        }
        let standard_error =
            (fit.residual_variance * fit.unscaled_covariance[COLUMN][COLUMN]).sqrt();
        fit.coefficients[COLUMN].abs() < MIN_TEMPERATURE_T * standard_error
            || standard_error.is_nan()
    }

    /// The same design without its most doubtful optional column.
    fn simpler(self, default_log_uplift: f64) -> Option<Design> {
        match (self.temperature_mean, self.billing) {
            (Some(_), _) => Some(Design {
                temperature_mean: None,
                ..self
            }),
            (None, Billing::Estimated) => Some(Design {
                billing: Billing::Fixed(default_log_uplift),
                ..self
            }),
            (None, Billing::Fixed(_)) => None,
        }
    }
}

/// A fitted regression anchored at the last day of history.
pub(super) struct Model {
    pub(super) origin: Date,
    design: Design,
    fit: LinearFit,
    quantile: f64,
    fit_days: usize,
    trend_damping: f64,
}

impl Model {
    pub(super) fn fit(
        history: &[(Date, u32)],
        facts: &DayFacts<'_>,
        options: &ForecastOptions,
    ) -> Result<Model, ForecastError> {
        let window = fit_window(history, options)?;
        let origin = window
            .last()
            .map(|(date, _)| *date)
            .ok_or(ForecastError::Degenerate)?;
        let default_log_uplift = options.default_billing_uplift.ln();
        let mut design = initial_design(window, facts, default_log_uplift);
        loop {
            match fit_design(window, origin, design, facts, options) {
                Some(fit) if !design.temperature_is_unclear(&fit) => {
                    let upper_tail = 0.5 + options.interval_level / 2.0;
                    let quantile =
                        least_squares::student_t_quantile(upper_tail, fit.degrees_of_freedom);
                    return Ok(Model {
                        origin,
                        design,
                        fit,
                        quantile,
                        fit_days: window.len(),
                        trend_damping: options.trend_damping,
                    });
                }
                _ => {
                    design = design
                        .simpler(default_log_uplift)
                        .ok_or(ForecastError::Degenerate)?
                }
            }
        }
    }

    /// The prediction of `ln(calls + 1)` on `date`: its mean and variance.
    pub(super) fn predict_log(&self, date: Date, facts: &DayFacts<'_>) -> (f64, f64) {
        let weeks = damped_weeks(weeks_between(self.origin, date), self.trend_damping);
        let row = self.design.row(date, weeks, facts);
        let (mean, variance) = self.fit.predict(&row);
        (mean + self.design.offset(date, facts), variance)
    }

    /// The day with its interval: the calibrated error quantiles around `μ`,
    /// or the parametric `exp(μ ± t·σ) − 1` when nothing was calibrated.
    pub(super) fn predict(
        &self,
        date: Date,
        facts: &DayFacts<'_>,
        calibration: &Calibration,
    ) -> DayForecast {
        let (mean, variance) = self.predict_log(date, facts);
        let spread = self.quantile * variance.sqrt();
        let (low, high) = calibration
            .errors(days_between(self.origin, date), spread)
            .unwrap_or((-spread, spread));
        let calls = |log: f64| (log.exp() - 1.0).max(0.0);
        let expected = calls(mean + variance / 2.0);
        // Past errors that all lean one way could leave the expected value
        // outside; the interval is widened to hold it.
        DayForecast {
            date,
            expected,
            lower: calls(mean + low).min(expected),
            upper: calls(mean + high).max(expected),
        }
    }

    pub(super) fn summary(
        &self,
        options: &ForecastOptions,
        calibration: &Calibration,
    ) -> ModelSummary {
        let beta = &self.fit.coefficients;
        let mut weekday_factors = [1.0; 7];
        for (factor, coefficient) in weekday_factors[1..].iter_mut().zip(&beta[2..8]) {
            *factor = coefficient.exp();
        }
        let mean_factor = weekday_factors.iter().sum::<f64>() / 7.0;
        weekday_factors
            .iter_mut()
            .for_each(|factor| *factor /= mean_factor);
        let temperature_factor_per_degree = self.design.temperature_mean.map(|_| beta[8].exp());
        let (billing_uplift, billing_uplift_source) = match self.design.billing {
            Billing::Estimated => (beta[beta.len() - 1].exp(), UpliftSource::Estimated),
            Billing::Fixed(_) => (options.default_billing_uplift, UpliftSource::Default),
        };
        ModelSummary {
            weekly_factor: beta[1].exp(),
            weekday_factors,
            temperature_factor_per_degree,
            billing_uplift,
            billing_uplift_source,
            residual_sd_log: self.fit.residual_variance.sqrt(),
            fit_days: self.fit_days,
            interval_origins: calibration.origins(),
        }
    }
}

/// The regression of `ln(calls + 1)` on the design's columns over the window.
fn fit_design(
    window: &[(Date, u32)],
    origin: Date,
    design: Design,
    facts: &DayFacts<'_>,
    options: &ForecastOptions,
) -> Option<LinearFit> {
    let mut rows = Vec::with_capacity(window.len());
    let mut targets = Vec::with_capacity(window.len());
    let mut weights = Vec::with_capacity(window.len());
    for (date, calls) in window {
        rows.push(design.row(*date, weeks_between(origin, *date), facts));
        targets.push((f64::from(*calls) + 1.0).ln() - design.offset(*date, facts));
        let age = f64::from(days_between(*date, origin));
        weights.push(
            options
                .half_life_days
                .map_or(1.0, |half_life| 0.5f64.powf(age / half_life)),
        );
    }
    least_squares::fit(&rows, &targets, &weights)
}

/// The recent days the regression is fitted on, checked to be enough.
fn fit_window<'h>(
    history: &'h [(Date, u32)],
    options: &ForecastOptions,
) -> Result<&'h [(Date, u32)], ForecastError> {
    let Some((last, _)) = history.last() else {
        return Err(ForecastError::TooLittleHistory {
            days: 0,
            needed: options.min_history_days,
        });
    };
    let window_days = i32::try_from(options.fit_window_days).unwrap_or(i32::MAX);
    let start = history.partition_point(|(date, _)| days_between(*date, *last) >= window_days);
    let window = &history[start..];
    if window.len() < options.min_history_days as usize {
        return Err(ForecastError::TooLittleHistory {
            days: window.len(),
            needed: options.min_history_days,
        });
    }
    for weekday in
        (0..7).map(|offset| Weekday::from_monday_zero_offset(offset).expect("0..7 are weekdays"))
    {
        if !window.iter().any(|(date, _)| date.weekday() == weekday) {
            return Err(ForecastError::MissingWeekday { weekday });
        }
    }
    Ok(window)
}

/// Which optional columns the window has the data for.
fn initial_design(window: &[(Date, u32)], facts: &DayFacts<'_>, default_log_uplift: f64) -> Design {
    let temperatures: Vec<f64> = window
        .iter()
        .filter_map(|(date, _)| facts.temperature(*date))
        .collect();
    let temperature_mean = (temperatures.len() >= MIN_TEMPERATURE_DAYS)
        .then(|| temperatures.iter().sum::<f64>() / temperatures.len() as f64);
    let billing_days = window
        .iter()
        .filter(|(date, _)| facts.after_billing_run(*date))
        .count();
    let billing = if billing_days >= MIN_BILLING_DAYS
        && window.len() - billing_days >= MIN_NON_BILLING_DAYS
    {
        Billing::Estimated
    } else {
        Billing::Fixed(default_log_uplift)
    };
    Design {
        temperature_mean,
        billing,
    }
}

fn weeks_between(origin: Date, date: Date) -> f64 {
    f64::from(days_between(origin, date)) / 7.0
}

/// The trend's reach `weeks` ahead when each week carries `damping` of the
/// previous one's change: `∫₀ʷ φˢ ds = (1 − φʷ) / −ln φ`.
pub(super) fn damped_weeks(weeks: f64, damping: f64) -> f64 {
    if damping >= 1.0 || weeks <= 0.0 {
        return weeks;
    }
    (1.0 - damping.powf(weeks)) / -damping.ln()
}
