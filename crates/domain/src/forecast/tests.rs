use jiff::Timestamp;
use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

use crate::calendar;
use crate::forecast::regression::damped_weeks;
use crate::forecast::synthetic::{Rng, Season, WEEKDAY, check_close, day, relative_width};
use crate::forecast::{
    ForecastError, ForecastInput, ForecastOptions, UpliftSource, daily_counts, days_between,
    forecast,
};

#[track_caller]
fn check_recovery(weekly: f64) {
    // A high level keeps the `+ 1` of the log and the rounding to whole calls negligible.
    let season = Season {
        level: 1e6,
        ..Season::decay(weekly)
    };
    let made = season.forecast(1, 14);
    check_close(made.model.weekly_factor, weekly, 1e-3);
    for (got, expected) in made.model.weekday_factors.iter().zip(WEEKDAY) {
        check_close(*got, expected, 2e-3);
    }
    for day in &made.days {
        check_close(day.expected / season.mean(day.date), 1.0, 2e-3);
    }
}

#[test]
fn a_pure_weekly_decay_and_weekday_pattern_are_recovered() {
    check_recovery(0.8);
    check_recovery(0.5);
    check_recovery(1.0);
    check_recovery(1.15);
}

#[test]
fn the_interval_widens_with_noise() {
    let widths: Vec<f64> = [0.0, 0.05, 0.2]
        .map(|noise| {
            relative_width(
                &Season {
                    noise,
                    ..Season::decay(0.8)
                }
                .forecast(7, 1)
                .days[0],
            )
        })
        .to_vec();
    assert!(widths[0] < 0.01, "{widths:?}");
    assert!(widths[0] < widths[1] && widths[1] < widths[2], "{widths:?}");
    // About 2·t(0.9; 32)·σ in log space for σ = 0.2.
    check_close(widths[2], 0.53, 0.2);
}

#[test]
fn the_interval_widens_with_the_horizon() {
    let made = Season {
        noise: 0.1,
        ..Season::decay(0.8)
    }
    .forecast(3, 28);
    let first = relative_width(&made.days[0]);
    let last = relative_width(&made.days[27]);
    assert!(last > first * 1.05, "{first} then {last}");
}

#[test]
fn the_interval_is_calibrated_once_a_week_of_past_forecasts_can_be_judged() {
    let parametric = ForecastOptions {
        calibration_days: 0,
        ..ForecastOptions::default()
    };
    // 20 days leave 6 origins after the first 14 days: too few.
    let short = Season {
        days: 20,
        noise: 0.1,
        ..Season::decay(0.8)
    };
    let made = short.forecast(3, 14);
    assert_eq!(made.model.interval_origins, 0);
    assert_eq!(made.days, short.forecast_with(3, 14, &parametric).days);

    let long = Season {
        days: 56,
        noise: 0.1,
        ..Season::decay(0.8)
    };
    let made = long.forecast(3, 28);
    let plain = long.forecast_with(3, 28, &parametric);
    assert_eq!(made.model.interval_origins, 56 - 14);
    for (calibrated, parametric) in made.days.iter().zip(&plain.days) {
        assert_eq!(calibrated.expected, parametric.expected);
        assert!(calibrated.lower <= parametric.lower && calibrated.upper >= parametric.upper);
    }
    // Errors grow with the horizon; the parametric interval hardly does.
    assert!(
        relative_width(&made.days[27]) > relative_width(&made.days[0]) * 1.2,
        "{made:?}"
    );
}

#[track_caller]
fn check_billing(uplift: f64, runs: &[&str], expected_source: UpliftSource, expected_uplift: f64) {
    let season = Season {
        noise: 0.02,
        billing_runs: runs.iter().map(|it| day(it)).collect(),
        uplift,
        ..Season::decay(0.85)
    };
    let made = season.forecast(11, 7);
    assert_eq!(made.model.billing_uplift_source, expected_source);
    check_close(made.model.billing_uplift, expected_uplift, 0.03);
}

#[test]
fn a_billing_uplift_is_detected_when_history_has_a_run() {
    check_billing(1.3, &["2026-10-20"], UpliftSource::Estimated, 1.3);
    check_billing(
        1.6,
        &["2026-10-05", "2026-11-01"],
        UpliftSource::Estimated,
        1.6,
    );
    check_billing(1.0, &["2026-10-20"], UpliftSource::Estimated, 1.0);
}

#[test]
fn without_a_past_run_the_default_uplift_applies_to_a_planned_one() {
    check_billing(1.0, &[], UpliftSource::Default, 1.10);
    // The run is planned for the day after history (a Thursday), so the next
    // week of forecast is the window; the week after it is not.
    let season = Season {
        billing_runs: vec![day("2026-11-12")],
        ..Season::decay(1.0)
    };
    let made = season.forecast(5, 14);
    assert_eq!(made.model.billing_uplift_source, UpliftSource::Default);
    check_close(made.days[0].expected / made.days[7].expected, 1.10, 2e-3);
}

#[test]
fn colder_days_raise_the_forecast_by_the_fitted_temperature_factor() {
    let mut rng = Rng(99);
    let start = day("2026-10-01");
    let temperatures: Vec<(Date, f64)> = start
        .series(1.day())
        .take(56)
        .map(|date| {
            (
                date,
                8.0 - 0.3 * f64::from(days_between(start, date)) + 4.0 * rng.normal(),
            )
        })
        .collect();
    let season = Season {
        temperatures,
        per_degree: 0.96,
        noise: 0.02,
        ..Season::decay(0.8)
    };
    let made = season.forecast(21, 14);
    check_close(
        made.model.temperature_factor_per_degree.unwrap(),
        0.96,
        0.005,
    );
    for day in &made.days {
        check_close(day.expected / season.mean(day.date), 1.0, 0.06);
    }
}

#[test]
fn a_temperature_that_moves_with_the_trend_is_dropped_not_fatal() {
    let start = day("2026-10-01");
    let temperatures: Vec<(Date, f64)> = start
        .series(1.day())
        .take(56)
        .map(|date| (date, 8.0 - f64::from(days_between(start, date)) / 7.0))
        .collect();
    let made = Season {
        temperatures,
        ..Season::decay(0.8)
    }
    .forecast(1, 7);
    assert_eq!(made.model.temperature_factor_per_degree, None);
    check_close(made.model.weekly_factor, 0.8, 1e-3);
}

#[test]
fn a_temperature_without_an_effect_is_left_out() {
    let mut rng = Rng(5);
    let start = day("2026-10-01");
    let temperatures: Vec<(Date, f64)> = start
        .series(1.day())
        .take(56)
        .map(|date| (date, 3.0 * rng.normal()))
        .collect();
    let made = Season {
        temperatures,
        noise: 0.1,
        days: 56,
        ..Season::decay(0.8)
    }
    .forecast(8, 7);
    assert_eq!(made.model.temperature_factor_per_degree, None);
}

#[track_caller]
fn check_damped(weeks: f64, damping: f64, expected: f64) {
    check_close(damped_weeks(weeks, damping), expected, 1e-9);
}

#[test]
fn a_damped_trend_reaches_less_far_ahead_and_not_at_all_behind() {
    check_damped(0.0, 0.8, 0.0);
    check_damped(-2.0, 0.8, -2.0);
    check_damped(3.0, 1.0, 3.0);
    check_damped(1.0, 0.5, 0.5 / std::f64::consts::LN_2);
    check_damped(4.0, 0.8, (1.0 - 0.8f64.powi(4)) / -(0.8f64.ln()));
    let season = Season::decay(0.8);
    let damped = season.forecast_with(
        1,
        28,
        &ForecastOptions {
            trend_damping: 0.8,
            ..ForecastOptions::default()
        },
    );
    let straight = season.forecast(1, 28);
    check_close(
        damped.days[0].expected / straight.days[0].expected,
        1.0,
        0.01,
    );
    // Four weeks ahead the damped trend has fallen 0.8^2.65 instead of 0.8^4.
    check_close(
        damped.days[27].expected / straight.days[27].expected,
        0.8f64.powf(2.6458 - 4.0),
        0.01,
    );
}

#[track_caller]
fn check_weighting(half_life_days: Option<f64>, expected_weekly: f64, tolerance: f64) {
    // Calls fall 40 % a week for four weeks, then 10 % a week for four.
    let early = Season {
        days: 28,
        weekly: 0.6,
        ..Season::decay(0.6)
    };
    let late_level = early.mean(day("2026-10-29")) / WEEKDAY[3];
    let late = Season {
        start: day("2026-10-29"),
        days: 28,
        level: late_level,
        ..Season::decay(0.9)
    };
    let history: Vec<(Date, u32)> = early.counts(1).into_iter().chain(late.counts(1)).collect();
    let options = ForecastOptions {
        half_life_days,
        ..ForecastOptions::default()
    };
    let input = ForecastInput {
        history: &history,
        temperatures: &[],
        billing_runs: &[],
    };
    let made = forecast(&input, &options, 7).unwrap();
    check_close(made.model.weekly_factor, expected_weekly, tolerance);
}

#[test]
fn recent_days_weigh_more_with_a_half_life() {
    // Equal weights average the two paces; a shorter half-life leans to the recent 0.9.
    check_weighting(None, 0.73, 0.01);
    check_weighting(Some(14.0), 0.78, 0.01);
    check_weighting(Some(7.0), 0.83, 0.01);
}

#[track_caller]
fn check_error(history: &[(Date, u32)], options: ForecastOptions, expected: ForecastError) {
    let input = ForecastInput {
        history,
        temperatures: &[],
        billing_runs: &[],
    };
    assert_eq!(forecast(&input, &options, 7), Err(expected));
}

#[test]
fn unusable_history_and_options_are_refused() {
    let season = Season::decay(0.8);
    let defaults = ForecastOptions::default();
    check_error(
        &season.counts(1)[..10],
        defaults,
        ForecastError::TooLittleHistory {
            days: 10,
            needed: 14,
        },
    );
    check_error(
        &[],
        defaults,
        ForecastError::TooLittleHistory {
            days: 0,
            needed: 14,
        },
    );
    let weekdays_only: Vec<(Date, u32)> = season
        .counts(1)
        .into_iter()
        .filter(|(date, _)| !calendar::is_weekend(*date))
        .collect();
    check_error(
        &weekdays_only,
        defaults,
        ForecastError::MissingWeekday {
            weekday: Weekday::Saturday,
        },
    );
    let mut repeated = season.counts(1);
    repeated.push(repeated[3]);
    check_error(
        &repeated,
        defaults,
        ForecastError::DuplicateDate {
            date: day("2026-10-04"),
        },
    );
    let short = ForecastOptions {
        min_history_days: 5,
        ..defaults
    };
    check_error(
        &season.counts(1),
        short,
        ForecastError::InvalidOption {
            name: "min_history_days",
            value: 5.0,
        },
    );
    let certain = ForecastOptions {
        interval_level: 1.0,
        ..defaults
    };
    check_error(
        &season.counts(1),
        certain,
        ForecastError::InvalidOption {
            name: "interval_level",
            value: 1.0,
        },
    );
}

#[test]
fn a_temperature_that_is_not_a_number_is_refused() {
    let history = Season::decay(0.8).counts(1);
    let temperatures = [(day("2026-10-02"), f64::NAN)];
    let input = ForecastInput {
        history: &history,
        temperatures: &temperatures,
        billing_runs: &[],
    };
    assert_eq!(
        forecast(&input, &ForecastOptions::default(), 7),
        Err(ForecastError::InvalidTemperature {
            date: day("2026-10-02")
        })
    );
}

#[test]
fn daily_counts_use_city_dates_and_give_quiet_days_a_zero() {
    let instants: Vec<Timestamp> = [
        "2026-10-01T18:59:00Z",
        "2026-10-01T19:00:00Z",
        "2026-10-02T05:00:00Z",
        "2026-10-04T10:00:00Z",
    ]
    .map(|it| it.parse().unwrap())
    .to_vec();
    let expected = [
        ("2026-10-01", 1),
        ("2026-10-02", 2),
        ("2026-10-03", 0),
        ("2026-10-04", 1),
    ]
    .map(|(date, calls)| (day(date), calls));
    assert_eq!(daily_counts(&instants), expected);
    assert_eq!(daily_counts(&[]), []);
}

#[test]
fn uplift_sources_round_trip_through_their_codes() {
    for source in [UpliftSource::Estimated, UpliftSource::Default] {
        assert_eq!(UpliftSource::from_code(source.as_code()), Some(source));
    }
    assert_eq!(UpliftSource::from_code("guessed"), None);
}
