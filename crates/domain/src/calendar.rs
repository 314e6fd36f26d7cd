//! The city's clock: Ufa's time zone (Asia/Yekaterinburg, UTC+5) and weeks that
//! start on Monday. Every conversion between an instant and a city date happens
//! here and nowhere else.

use jiff::civil::{Date, DateTime, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

/// The city's time zone.
pub fn city_tz() -> TimeZone {
    TimeZone::get("Asia/Yekaterinburg").expect("the bundled tz database has Asia/Yekaterinburg")
}

/// An instant as city wall-clock time.
pub fn in_city(at: Timestamp) -> Zoned {
    at.to_zoned(city_tz())
}

/// The city calendar date of an instant.
pub fn city_date(at: Timestamp) -> Date {
    in_city(at).date()
}

/// The Monday that starts the city week containing `at`.
pub fn week_start(at: Timestamp) -> Date {
    monday_of(city_date(at))
}

/// The Monday of the week containing `date`.
pub fn monday_of(date: Date) -> Date {
    let back = i64::from(date.weekday().to_monday_zero_offset());
    date.checked_sub(jiff::Span::new().days(back))
        .expect("dates in the supported range have a Monday before them")
}

/// The instant a city date starts (00:00 city time).
pub fn start_of_day(date: Date) -> Timestamp {
    city_instant(date.to_datetime(jiff::civil::Time::midnight()))
}

/// The instant of a city wall-clock time.
pub fn city_instant(local: DateTime) -> Timestamp {
    local
        .to_zoned(city_tz())
        .expect("Asia/Yekaterinburg has no gaps since 2011")
        .timestamp()
}

/// Saturday and Sunday.
pub fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// RFC 3339 with the city offset, e.g. `2026-11-24T20:37:00+05:00`.
pub fn rfc3339(at: Timestamp) -> String {
    in_city(at).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// Milliseconds since the Unix epoch, the stored form of instants.
pub fn to_millis(at: Timestamp) -> i64 {
    at.as_millisecond()
}

/// The instant of a stored millisecond count.
pub fn from_millis(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(utc: &str, expected_week_start: &str) {
        assert_eq!(
            week_start(utc.parse().unwrap()).to_string(),
            expected_week_start
        );
    }

    #[test]
    fn sunday_evening_utc_is_already_monday_in_ufa() {
        check("2026-11-22T19:00:00Z", "2026-11-23");
        check("2026-11-22T18:59:59Z", "2026-11-16");
        check("2026-11-23T00:00:00Z", "2026-11-23");
        check("2026-11-29T18:59:59Z", "2026-11-23");
    }

    #[test]
    fn days_start_at_city_midnight() {
        let date: Date = "2026-10-01".parse().unwrap();
        assert_eq!(start_of_day(date).to_string(), "2026-09-30T19:00:00Z");
        assert_eq!(
            rfc3339("2026-11-24T15:37:00Z".parse().unwrap()),
            "2026-11-24T20:37:00+05:00"
        );
    }
}
