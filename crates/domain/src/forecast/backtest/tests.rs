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
