use super::*;
use crate::calendar::rfc3339;

/// `start` and `expected` in city time, e.g. `2026-11-20T10:00+05:00`.
#[track_caller]
fn check(start: &str, rule: &str, expected: &str) {
    let calendar = ProductionCalendar::russia_default();
    let start: Timestamp = start.parse().unwrap();
    let rule = DeadlineRule::parse(rule).unwrap();
    assert_eq!(rfc3339(due_at(start, rule, &calendar)), expected);
}

#[test]
fn minutes_and_hours_are_clock_time_even_on_holidays() {
    check(
        "2026-11-24T20:37:00+05:00",
        "30m",
        "2026-11-24T21:07:00+05:00",
    );
    check(
        "2026-11-24T23:45:00+05:00",
        "30m",
        "2026-11-25T00:15:00+05:00",
    );
    check(
        "2026-11-24T10:00:00+05:00",
        "2h",
        "2026-11-24T12:00:00+05:00",
    );
    check(
        "2026-12-31T15:00:00+05:00",
        "24h",
        "2027-01-01T15:00:00+05:00",
    );
    check(
        "2026-11-20T18:00:00+05:00",
        "72h",
        "2026-11-23T18:00:00+05:00",
    );
}

#[test]
fn working_days_end_at_the_end_of_the_last_working_day() {
    check(
        "2026-11-20T10:00:00+05:00",
        "3wd",
        "2026-11-25T23:59:59+05:00",
    ); // Friday
    check(
        "2026-11-21T10:00:00+05:00",
        "3wd",
        "2026-11-25T23:59:59+05:00",
    ); // Saturday
    check(
        "2026-11-23T00:00:00+05:00",
        "3wd",
        "2026-11-26T23:59:59+05:00",
    ); // Monday
    check(
        "2026-11-23T10:00:00+05:00",
        "1wd",
        "2026-11-24T23:59:59+05:00",
    );
}

#[test]
fn working_days_skip_unity_day() {
    check(
        "2026-11-02T12:00:00+05:00",
        "3wd",
        "2026-11-06T23:59:59+05:00",
    );
    check(
        "2026-11-03T12:00:00+05:00",
        "3wd",
        "2026-11-09T23:59:59+05:00",
    );
    check(
        "2026-11-04T12:00:00+05:00",
        "3wd",
        "2026-11-09T23:59:59+05:00",
    ); // on the holiday
    check(
        "2026-11-05T12:00:00+05:00",
        "3wd",
        "2026-11-10T23:59:59+05:00",
    );
}

#[test]
fn working_days_skip_the_new_year_holidays() {
    check(
        "2026-12-29T12:00:00+05:00",
        "1wd",
        "2026-12-30T23:59:59+05:00",
    );
    check(
        "2026-12-29T12:00:00+05:00",
        "3wd",
        "2027-01-12T23:59:59+05:00",
    );
    check(
        "2026-12-30T12:00:00+05:00",
        "3wd",
        "2027-01-13T23:59:59+05:00",
    );
    check(
        "2026-12-31T12:00:00+05:00",
        "3wd",
        "2027-01-13T23:59:59+05:00",
    );
    check(
        "2027-01-05T12:00:00+05:00",
        "3wd",
        "2027-01-13T23:59:59+05:00",
    );
    check(
        "2027-01-11T12:00:00+05:00",
        "3wd",
        "2027-01-14T23:59:59+05:00",
    );
}

#[test]
fn working_saturdays_count_as_working_days() {
    check(
        "2027-02-18T12:00:00+05:00",
        "3wd",
        "2027-02-24T23:59:59+05:00",
    );
    check(
        "2027-02-19T12:00:00+05:00",
        "1wd",
        "2027-02-20T23:59:59+05:00",
    );
    check(
        "2025-10-31T12:00:00+05:00",
        "3wd",
        "2025-11-06T23:59:59+05:00",
    );
}

#[test]
fn the_registration_day_is_the_city_date_not_the_utc_date() {
    // 18:59 UTC on Thursday is 23:59 Thursday in Ufa; 19:00 UTC is already Friday.
    check("2026-11-19T18:59:00Z", "3wd", "2026-11-24T23:59:59+05:00");
    check("2026-11-19T19:00:00Z", "3wd", "2026-11-25T23:59:59+05:00");
    // Friday 23:59:59 and Saturday 00:00:01 in Ufa give the same deadline.
    check("2026-11-20T18:59:59Z", "3wd", "2026-11-25T23:59:59+05:00");
    check("2026-11-20T19:00:01Z", "3wd", "2026-11-25T23:59:59+05:00");
    // Before the New Year holidays: 19:00 UTC on 29 December is already the 30th in Ufa.
    check("2026-12-29T18:59:00Z", "1wd", "2026-12-30T23:59:59+05:00");
    check("2026-12-29T19:00:00Z", "1wd", "2027-01-11T23:59:59+05:00");
}

#[test]
fn the_end_of_a_day_is_its_last_stored_millisecond() {
    let calendar = ProductionCalendar::russia_default();
    let start: Timestamp = "2026-11-20T10:00:00+05:00".parse().unwrap();
    let due = due_at(start, DeadlineRule::WorkingDays(3), &calendar);
    assert_eq!(due.to_string(), "2026-11-25T18:59:59.999Z");
    assert_eq!(crate::calendar::city_date(due).to_string(), "2026-11-25");
}

#[test]
fn zero_working_days_mean_the_end_of_the_registration_day() {
    let calendar = ProductionCalendar::russia_default();
    let start: Timestamp = "2026-11-20T10:00:00+05:00".parse().unwrap();
    let due = due_at(start, DeadlineRule::WorkingDays(0), &calendar);
    assert_eq!(rfc3339(due), "2026-11-20T23:59:59+05:00");
}

#[test]
fn absurd_rules_saturate_instead_of_panicking() {
    let calendar = ProductionCalendar::russia_default();
    let start: Timestamp = "2026-11-20T10:00:00+05:00".parse().unwrap();
    for rule in [
        DeadlineRule::Minutes(u32::MAX),
        DeadlineRule::Hours(u32::MAX),
        DeadlineRule::WorkingDays(u32::MAX),
    ] {
        assert!(due_at(start, rule, &calendar) > start, "{rule}");
    }
    let end = Timestamp::MAX;
    assert_eq!(due_at(end, DeadlineRule::Hours(1), &calendar), end);
    assert_eq!(due_at(end, DeadlineRule::WorkingDays(1), &calendar), end);
}

#[track_caller]
fn check_parse(text: &str, expected: Result<DeadlineRule, &str>) {
    let parsed = DeadlineRule::parse(text).map_err(|e| e.to_string());
    assert_eq!(parsed, expected.map_err(str::to_string), "{text:?}");
}

#[test]
fn rules_parse_from_their_code() {
    check_parse("30m", Ok(DeadlineRule::Minutes(30)));
    check_parse("24h", Ok(DeadlineRule::Hours(24)));
    check_parse("3wd", Ok(DeadlineRule::WorkingDays(3)));
    check_parse(" 72 h ", Ok(DeadlineRule::Hours(72)));
    check_parse("8784h", Ok(DeadlineRule::Hours(8784)));
    check_parse("366wd", Ok(DeadlineRule::WorkingDays(366)));
}

#[test]
fn bad_rules_say_what_is_wrong() {
    check_parse("", Err("deadline is empty"));
    check_parse("  ", Err("deadline is empty"));
    check_parse("h", Err("deadline `h` does not start with a number"));
    check_parse("-3wd", Err("deadline `-3wd` does not start with a number"));
    check_parse("3", Err("deadline unit `` is not m, h or wd"));
    check_parse("3d", Err("deadline unit `d` is not m, h or wd"));
    check_parse("3WD", Err("deadline unit `WD` is not m, h or wd"));
    check_parse("1.5h", Err("deadline unit `.5h` is not m, h or wd"));
    check_parse("0m", Err("deadline must be longer than zero"));
    check_parse("367wd", Err("deadline `367wd` is longer than a year"));
    check_parse("8785h", Err("deadline `8785h` is longer than a year"));
    check_parse(
        "99999999999m",
        Err("deadline `99999999999m` is longer than a year"),
    );
}

#[test]
fn rules_round_trip_through_their_code() {
    for rule in [
        DeadlineRule::Minutes(30),
        DeadlineRule::Hours(2),
        DeadlineRule::Hours(72),
        DeadlineRule::WorkingDays(3),
    ] {
        assert_eq!(rule.to_string().parse::<DeadlineRule>(), Ok(rule));
    }
    assert_eq!(DeadlineRule::WorkingDays(3).amount(), 3);
}
