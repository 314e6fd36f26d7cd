use jiff::Timestamp;
use jiff::civil::Weekday;

use crate::forecast::hourly::{HourlyProfile, split_by_hour};
use crate::forecast::synthetic::{check_close, day};
use crate::forecast::{DayForecast, ForecastError};

#[track_caller]
fn check_share(profile: &HourlyProfile, weekday: Weekday, hour: u8, expected: f64) {
    check_close(profile.share(weekday, hour), expected, 1e-12);
}

#[test]
fn an_hourly_profile_uses_its_own_weekday_or_the_pooled_days() {
    let counts = [
        (Weekday::Monday, 9, 300),
        (Weekday::Monday, 10, 100),
        (Weekday::Sunday, 12, 50),
        (Weekday::Sunday, 9, 50),
    ];
    let profile = HourlyProfile::from_counts(&counts).unwrap();
    check_share(&profile, Weekday::Monday, 9, 0.75);
    check_share(&profile, Weekday::Monday, 10, 0.25);
    // Sunday has 100 calls, too few of its own: it borrows the pooled 350/100/50.
    check_share(&profile, Weekday::Sunday, 9, 0.7);
    check_share(&profile, Weekday::Sunday, 12, 0.1);
    check_share(&profile, Weekday::Tuesday, 10, 0.2);
    check_share(&profile, Weekday::Tuesday, 24, 0.0);
    check_share(&HourlyProfile::uniform(), Weekday::Friday, 3, 1.0 / 24.0);
    assert_eq!(
        HourlyProfile::from_counts(&[(Weekday::Monday, 24, 1)]),
        Err(ForecastError::InvalidHour { hour: 24 })
    );
    assert_eq!(
        HourlyProfile::from_counts(&[]),
        Err(ForecastError::EmptyProfile)
    );
}

#[test]
fn an_hourly_profile_reads_instants_in_city_time() {
    // 04:30 UTC on a Monday is 09:30 in Ufa.
    let instants: Vec<Timestamp> = (0..200)
        .map(|_| "2026-11-23T04:30:00Z".parse().unwrap())
        .collect();
    let profile = HourlyProfile::from_instants(&instants).unwrap();
    check_share(&profile, Weekday::Monday, 9, 1.0);
}

#[test]
fn splitting_a_day_by_hour_keeps_its_total() {
    let counts: Vec<(Weekday, u8, u32)> = (0..24)
        .map(|hour| (Weekday::Wednesday, hour, u32::from(hour) * 10))
        .collect();
    let profile = HourlyProfile::from_counts(&counts).unwrap();
    let days = [DayForecast {
        date: day("2026-11-25"),
        expected: 300.0,
        lower: 240.0,
        upper: 380.0,
    }];
    let hours = split_by_hour(&days, &profile);
    assert_eq!(hours.len(), 24);
    check_close(hours.iter().map(|it| it.expected).sum(), 300.0, 1e-9);
    check_close(hours[23].expected, 300.0 * 230.0 / 2760.0, 1e-9);
    check_close(hours[23].upper, 380.0 * 230.0 / 2760.0, 1e-9);
    assert_eq!(hours[0].expected, 0.0);
}
