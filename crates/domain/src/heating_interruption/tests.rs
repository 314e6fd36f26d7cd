use super::*;

fn at(city: &str) -> Timestamp {
    format!("{city}+05:00").parse().unwrap()
}

fn interruption(start: &str, end: Option<&str>, band: IndoorBand) -> Interruption {
    Interruption {
        start: at(start),
        end: end.map(at),
        band,
    }
}

fn round(hours: f64) -> f64 {
    (hours * 100.0).round() / 100.0
}

#[track_caller]
fn check_band(celsius: f64, expected: Option<IndoorBand>) {
    assert_eq!(IndoorBand::from_indoor_temperature(celsius), expected);
}

#[test]
fn the_indoor_temperature_picks_the_band_with_boundaries_going_to_the_warmer_band() {
    check_band(21.0, Some(IndoorBand::AtLeast12));
    check_band(12.0, Some(IndoorBand::AtLeast12));
    check_band(11.9, Some(IndoorBand::From10To12));
    check_band(10.0, Some(IndoorBand::From10To12));
    check_band(9.9, Some(IndoorBand::From8To10));
    check_band(8.0, Some(IndoorBand::From8To10));
    check_band(7.9, Some(IndoorBand::Below8));
    check_band(-3.0, Some(IndoorBand::Below8));
    check_band(f64::NAN, None);
}

/// (whole hours, limit, hours over the single limit) of one interruption.
#[track_caller]
fn check_single(start: &str, end: &str, band: IndoorBand, expected: (f64, f64, f64)) {
    let it = interruption(start, Some(end), band);
    let now = at("2026-12-31T00:00:00");
    assert_eq!(
        (
            round(it.hours(now)),
            it.band.single_limit_hours(),
            round(it.hours_over_limit(now))
        ),
        expected
    );
}

#[test]
fn a_single_interruption_is_held_to_its_bands_limit() {
    use IndoorBand as B;
    check_single(
        "2026-11-10T08:00:00",
        "2026-11-11T00:00:00",
        B::AtLeast12,
        (16.0, 16.0, 0.0),
    );
    check_single(
        "2026-11-10T08:00:00",
        "2026-11-11T00:00:36",
        B::AtLeast12,
        (16.01, 16.0, 0.01),
    );
    check_single(
        "2026-11-10T08:00:00",
        "2026-11-10T16:00:00",
        B::From10To12,
        (8.0, 8.0, 0.0),
    );
    check_single(
        "2026-11-10T08:00:00",
        "2026-11-10T16:00:36",
        B::From10To12,
        (8.01, 8.0, 0.01),
    );
    check_single(
        "2026-11-10T08:00:00",
        "2026-11-10T12:00:00",
        B::From8To10,
        (4.0, 4.0, 0.0),
    );
    check_single(
        "2026-11-10T08:00:00",
        "2026-11-10T12:00:36",
        B::From8To10,
        (4.01, 4.0, 0.01),
    );
    check_single(
        "2026-11-10T08:00:00",
        "2026-11-10T08:30:00",
        B::Below8,
        (0.5, 0.0, 0.5),
    );
}

#[test]
fn an_ongoing_interruption_runs_until_now() {
    let it = interruption("2026-11-10T10:00:00", None, IndoorBand::AtLeast12);
    let check = |now: &str, expected: (f64, f64)| {
        let now = at(now);
        assert_eq!(
            (round(it.hours(now)), round(it.hours_over_limit(now))),
            expected
        );
    };
    check("2026-11-10T09:00:00", (0.0, 0.0));
    check("2026-11-11T02:00:00", (16.0, 0.0));
    check("2026-11-11T02:00:36", (16.01, 0.01));
    assert_eq!(it.limit_ends_at(), at("2026-11-11T02:00:00"));
}

/// (total hours in the month, over the monthly 24 h, over either limit).
#[track_caller]
fn check_month(month: &str, interruptions: &[Interruption], expected: (f64, f64, f64)) {
    let month: Date = month.parse().unwrap();
    let res = assess_month(month, interruptions, at("2026-12-31T00:00:00")).unwrap();
    assert_eq!(
        (
            round(res.total_hours),
            round(res.hours_over_monthly_limit),
            round(res.hours_over_limits)
        ),
        expected
    );
}

#[test]
fn a_month_allows_twenty_four_hours_in_all() {
    let b = IndoorBand::AtLeast12;
    let first = interruption("2026-11-02T08:00:00", Some("2026-11-02T20:00:00"), b);
    let second = |end: &str| interruption("2026-11-09T08:00:00", Some(end), b);
    check_month(
        "2026-11-15",
        &[first, second("2026-11-09T20:00:00")],
        (24.0, 0.0, 0.0),
    );
    check_month(
        "2026-11-15",
        &[first, second("2026-11-09T20:00:36")],
        (24.01, 0.01, 0.01),
    );
    check_month(
        "2026-11-15",
        &[second("2026-11-09T22:00:00"), first],
        (26.0, 2.0, 2.0),
    );
}

#[test]
fn hours_over_both_limits_are_counted_once() {
    let b = IndoorBand::AtLeast12;
    // 20 h (4 over its single limit), then 14 h of which 10 fall past the
    // month's 24 h: 14 impermissible hours, not 4 + 10 + 10.
    let long = interruption("2026-11-02T00:00:00", Some("2026-11-02T20:00:00"), b);
    let next = interruption("2026-11-09T00:00:00", Some("2026-11-09T14:00:00"), b);
    check_month("2026-11-01", &[long, next], (34.0, 10.0, 14.0));
    let cold = interruption(
        "2026-11-20T00:00:00",
        Some("2026-11-20T06:00:00"),
        IndoorBand::From8To10,
    );
    check_month("2026-11-01", &[long, cold], (26.0, 2.0, 6.0));
}

#[test]
fn an_interruption_across_midnight_of_the_first_is_split_between_months() {
    let b = IndoorBand::AtLeast12;
    // 20 h from 20:00 on 31 October: 4 h in October, 16 h in November; its
    // single limit runs out at 12:00 on 1 November, so the 4 h over are November's.
    let it = interruption("2026-10-31T20:00:00", Some("2026-11-01T16:00:00"), b);
    check_month("2026-10-01", &[it], (4.0, 0.0, 0.0));
    check_month("2026-11-01", &[it], (16.0, 0.0, 4.0));
    check_month("2026-12-01", &[it], (0.0, 0.0, 0.0));
}

#[test]
fn the_month_follows_the_city_calendar() {
    // 19:00 UTC on 31 October is already midnight of 1 November in Ufa.
    let it = Interruption {
        start: "2026-10-31T19:00:00Z".parse().unwrap(),
        end: Some("2026-10-31T21:00:00Z".parse().unwrap()),
        band: IndoorBand::AtLeast12,
    };
    check_month("2026-10-01", &[it], (0.0, 0.0, 0.0));
    check_month("2026-11-01", &[it], (2.0, 0.0, 0.0));
}

#[test]
fn each_interruption_is_reported_with_its_limit() {
    let first = interruption(
        "2026-11-09T08:00:00",
        Some("2026-11-09T20:00:00"),
        IndoorBand::From10To12,
    );
    let ongoing = interruption("2026-11-20T08:00:00", None, IndoorBand::AtLeast12);
    let month: Date = "2026-11-01".parse().unwrap();
    let res = assess_month(month, &[ongoing, first], at("2026-11-21T02:00:00")).unwrap();
    let rows: Vec<(bool, f64, f64, f64)> = res
        .interruptions
        .iter()
        .map(|it| {
            (
                it.ongoing,
                round(it.hours),
                it.limit_hours,
                round(it.hours_over_limit),
            )
        })
        .collect();
    assert_eq!(rows, [(false, 12.0, 8.0, 4.0), (true, 18.0, 16.0, 2.0)]);
    assert_eq!(round(res.hours_over_limits), 10.0);
}

#[test]
fn overlapping_or_backwards_interruptions_are_rejected() {
    let b = IndoorBand::AtLeast12;
    let month: Date = "2026-11-01".parse().unwrap();
    let now = at("2026-12-01T00:00:00");
    let backwards = interruption("2026-11-02T08:00:00", Some("2026-11-02T07:00:00"), b);
    assert_eq!(
        assess_month(month, &[backwards], now),
        Err(InterruptionError::EndBeforeStart {
            start: at("2026-11-02T08:00:00"),
            end: at("2026-11-02T07:00:00"),
        })
    );
    let ongoing = interruption("2026-11-02T08:00:00", None, b);
    let later = interruption("2026-11-03T08:00:00", Some("2026-11-03T09:00:00"), b);
    assert_eq!(
        assess_month(month, &[later, ongoing], now),
        Err(InterruptionError::Overlap {
            first: at("2026-11-02T08:00:00"),
            second: at("2026-11-03T08:00:00"),
        })
    );
    let touching = interruption("2026-11-02T07:00:00", Some("2026-11-02T08:00:00"), b);
    let after = interruption("2026-11-02T08:00:00", Some("2026-11-02T09:00:00"), b);
    assert!(assess_month(month, &[touching, after], now).is_ok());
}

#[test]
fn every_band_round_trips_through_its_code() {
    for band in IndoorBand::ALL {
        assert_eq!(IndoorBand::from_code(band.as_code()), Some(band));
    }
}
