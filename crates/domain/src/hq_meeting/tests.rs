use jiff::civil::{Date, Weekday};

use crate::hq_meeting::*;

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

#[track_caller]
fn check_meetings(schedule: &MeetingSchedule, from: &str, to: &str, expected: &[&str]) {
    let got: Vec<String> = meetings_between(schedule, date(from), date(to))
        .into_iter()
        .map(|(date, starts_at)| format!("{date} {}", crate::calendar::rfc3339(starts_at)))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn district_hqs_meet_every_tuesday_at_ten_city_time() {
    let district = MeetingSchedule::DISTRICT_DEFAULT;
    check_meetings(
        &district,
        "2026-11-01",
        "2026-11-17",
        &[
            "2026-11-03 2026-11-03T10:00:00+05:00",
            "2026-11-10 2026-11-10T10:00:00+05:00",
            "2026-11-17 2026-11-17T10:00:00+05:00",
        ],
    );
}

#[test]
fn the_city_meets_every_friday_afternoon() {
    let city = MeetingSchedule::CITY_DEFAULT;
    check_meetings(
        &city,
        "2026-11-20",
        "2026-11-27",
        &[
            "2026-11-20 2026-11-20T15:00:00+05:00",
            "2026-11-27 2026-11-27T15:00:00+05:00",
        ],
    );
}

#[test]
fn a_range_without_the_weekday_has_no_meetings() {
    let city = MeetingSchedule::CITY_DEFAULT;
    check_meetings(&city, "2026-11-23", "2026-11-26", &[]);
    check_meetings(&city, "2026-11-28", "2026-11-20", &[]);
}

#[test]
fn both_ends_of_the_range_are_included() {
    let district = MeetingSchedule::DISTRICT_DEFAULT;
    check_meetings(
        &district,
        "2026-11-24",
        "2026-12-01",
        &[
            "2026-11-24 2026-11-24T10:00:00+05:00",
            "2026-12-01 2026-12-01T10:00:00+05:00",
        ],
    );
}

#[test]
fn the_schedule_is_configurable() {
    let custom = MeetingSchedule {
        weekday: Weekday::Wednesday,
        time: jiff::civil::time(8, 30, 0, 0),
        kind: HqMeetingKind::Regular,
    };
    check_meetings(
        &custom,
        "2026-11-24",
        "2026-11-30",
        &["2026-11-25 2026-11-25T08:30:00+05:00"],
    );
}

#[track_caller]
fn check_next(schedule: &MeetingSchedule, now: &str, expected: &str) {
    let (_, starts_at) = next_meeting(schedule, now.parse().unwrap());
    assert_eq!(crate::calendar::rfc3339(starts_at), expected);
}

#[test]
fn the_next_meeting_is_the_first_that_has_not_started() {
    let district = MeetingSchedule::DISTRICT_DEFAULT;
    // Tuesday 09:59 and 10:00 city time: today's meeting; 10:01: next week's.
    check_next(
        &district,
        "2026-11-24T04:59:00Z",
        "2026-11-24T10:00:00+05:00",
    );
    check_next(
        &district,
        "2026-11-24T05:00:00Z",
        "2026-11-24T10:00:00+05:00",
    );
    check_next(
        &district,
        "2026-11-24T05:01:00Z",
        "2026-12-01T10:00:00+05:00",
    );
    // Monday 23:30 city time is Monday 18:30 UTC: tomorrow's meeting.
    check_next(
        &district,
        "2026-11-23T18:30:00Z",
        "2026-11-24T10:00:00+05:00",
    );
}

#[track_caller]
fn check_agenda(meeting: &str, reported: (&str, &str), previous: (&str, &str)) {
    let weeks = agenda_weeks(date(meeting));
    let span = |week: WeekRange| (week.monday().to_string(), week.sunday().to_string());
    assert_eq!(
        span(weeks.reported),
        (reported.0.to_string(), reported.1.to_string())
    );
    assert_eq!(
        span(weeks.previous),
        (previous.0.to_string(), previous.1.to_string())
    );
}

#[test]
fn an_agenda_reports_the_last_full_week_against_the_one_before() {
    // Tuesday and Friday meetings of the same week report the same week.
    check_agenda(
        "2026-11-24",
        ("2026-11-16", "2026-11-22"),
        ("2026-11-09", "2026-11-15"),
    );
    check_agenda(
        "2026-11-27",
        ("2026-11-16", "2026-11-22"),
        ("2026-11-09", "2026-11-15"),
    );
    // A Monday or Sunday meeting.
    check_agenda(
        "2026-11-23",
        ("2026-11-16", "2026-11-22"),
        ("2026-11-09", "2026-11-15"),
    );
    check_agenda(
        "2026-11-22",
        ("2026-11-09", "2026-11-15"),
        ("2026-11-02", "2026-11-08"),
    );
    // Across a year end.
    check_agenda(
        "2027-01-01",
        ("2026-12-21", "2026-12-27"),
        ("2026-12-14", "2026-12-20"),
    );
}

#[track_caller]
fn check_in_week(monday: &str, utc: &str, expected: bool) {
    let week = WeekRange::containing(date(monday));
    assert_eq!(week.contains(utc.parse().unwrap()), expected, "{utc}");
}

#[test]
fn weeks_are_bounded_by_city_midnight_not_utc() {
    // Sunday 2026-11-22 23:30 city time is 18:30 UTC: still the week of 16 November.
    check_in_week("2026-11-16", "2026-11-22T18:30:00Z", true);
    check_in_week("2026-11-23", "2026-11-22T18:30:00Z", false);
    // Monday 00:00 city time is Sunday 19:00 UTC: already the next week.
    check_in_week("2026-11-16", "2026-11-22T19:00:00Z", false);
    check_in_week("2026-11-23", "2026-11-22T19:00:00Z", true);
    // Monday 00:00 city time opens the week of 16 November.
    check_in_week("2026-11-16", "2026-11-15T19:00:00Z", true);
    check_in_week("2026-11-16", "2026-11-15T18:59:59Z", false);
}

#[test]
fn a_week_can_be_named_by_any_of_its_days() {
    let week = WeekRange::containing(date("2026-11-19"));
    assert_eq!(week.monday(), date("2026-11-16"));
    assert_eq!(week.start().to_string(), "2026-11-15T19:00:00Z");
    assert_eq!(week.end().to_string(), "2026-11-22T19:00:00Z");
}

#[test]
fn levels_and_kinds_round_trip_through_their_codes() {
    for level in HqLevel::ALL {
        assert_eq!(HqLevel::from_code(level.as_code()), Some(level));
    }
    for kind in HqMeetingKind::ALL {
        assert_eq!(HqMeetingKind::from_code(kind.as_code()), Some(kind));
    }
    assert_eq!(HqLevel::from_code("region"), None);
    assert_eq!(HqMeetingKind::from_code("Extended"), None);
}

#[test]
fn each_level_defaults_to_the_seeds_weekday() {
    assert_eq!(
        MeetingSchedule::default_for(HqLevel::District).weekday,
        Weekday::Tuesday
    );
    let city = MeetingSchedule::default_for(HqLevel::City);
    assert_eq!(
        (city.weekday, city.kind),
        (Weekday::Friday, HqMeetingKind::Extended)
    );
    assert_eq!(Hq::City.level(), HqLevel::City);
    assert_eq!(
        Hq::District(crate::district::DistrictId(3)).district_id(),
        Some(crate::district::DistrictId(3))
    );
}

#[track_caller]
fn check_hq_code(code: &str, expected: Option<Hq>) {
    assert_eq!(Hq::from_code(code), expected);
    if let Some(hq) = expected {
        assert_eq!(Hq::from_code(&hq.code()), Some(hq));
    }
}

#[test]
fn hqs_are_named_city_or_district_and_id() {
    use crate::district::DistrictId;
    check_hq_code("city", Some(Hq::City));
    check_hq_code("district:7", Some(Hq::District(DistrictId(7))));
    check_hq_code(" district:12 ", Some(Hq::District(DistrictId(12))));
    check_hq_code("district:0", None);
    check_hq_code("district:-3", None);
    check_hq_code("district:", None);
    check_hq_code("district", None);
    check_hq_code("City", None);
    check_hq_code("", None);
    assert_eq!(Hq::District(DistrictId(3)).code(), "district:3");
}
