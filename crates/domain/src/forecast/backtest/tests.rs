use crate::forecast::backtest::backtest;
use crate::forecast::synthetic::Season;
use crate::forecast::{ForecastError, ForecastInput, ForecastOptions};

#[track_caller]
fn check_backtest(noise: f64, horizon: u32, max_mape: f64, coverage: (f64, f64)) {
    let report = Season {
        noise,
        days: 56,
        ..Season::decay(0.8)
    }
    .backtest(17, horizon);
    assert!(report.mape <= max_mape, "{report:?}");
    assert!(
        report.coverage >= coverage.0 && report.coverage <= coverage.1,
        "{report:?}"
    );
}

#[test]
fn a_backtest_of_a_clean_series_has_no_error_and_a_noisy_one_is_calibrated() {
    check_backtest(0.0, 7, 0.002, (0.0, 1.0));
    check_backtest(0.0, 28, 0.002, (0.0, 1.0));
    // Log-normal noise of σ = 0.1 alone gives a MAPE of about 8 %.
    check_backtest(0.1, 7, 0.11, (0.7, 0.92));
    check_backtest(0.1, 28, 0.13, (0.7, 0.95));
}

#[test]
fn the_interval_calibrated_on_past_errors_covers_a_season_that_changes_pace() {
    // The demo season's shape: a plateau while heating is switched on, then a
    // fall of a quarter a week; noise of the demo's ±8 %; ten weeks, so that
    // four-week forecasts from the first six can be judged.
    let season = Season {
        level: 500.0,
        plateau_days: 12,
        days: 70,
        noise: 0.046,
        ..Season::decay(0.76)
    };
    let parametric = ForecastOptions {
        calibration_days: 0,
        ..ForecastOptions::default()
    };
    // The parametric interval knows the noise, not the change of pace: a third.
    let before = season.backtest_with(2026, 28, &parametric);
    assert!(before.coverage < 0.5, "{before:?}");
    let after = season.backtest(2026, 28);
    assert!((0.65..=0.95).contains(&after.coverage), "{after:?}");
    assert_eq!(after.mape, before.mape, "the expected calls do not change");
    assert!(after.relative_width < 1.0, "{after:?}");
}

#[test]
fn a_backtest_counts_every_origin_with_a_whole_horizon() {
    let report = Season {
        days: 35,
        ..Season::decay(0.8)
    }
    .backtest(1, 7);
    // Fits from 14 days of history up to the origin 7 days before the end.
    assert_eq!(
        (report.origins, report.points),
        (35 - 14 - 7 + 1, (35 - 14 - 7 + 1) * 7)
    );
    let input = ForecastInput {
        history: &Season::decay(0.8).counts(1)[..20],
        temperatures: &[],
        billing_runs: &[],
    };
    assert_eq!(
        backtest(&input, &ForecastOptions::default(), 7),
        Err(ForecastError::TooLittleHistory {
            days: 20,
            needed: 21
        })
    );
}
