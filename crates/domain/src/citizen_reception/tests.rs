use jiff::Timestamp;
use jiff::civil::{Date, Time, Weekday};

use crate::citizen_reception::*;
use crate::hq_meeting::HqLevel;

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

fn at(utc: &str) -> Timestamp {
    utc.parse().unwrap()
}

fn time(text: &str) -> Time {
    text.parse().unwrap()
}

fn every_day_works(_: Date) -> bool {
    true
}

/// Ufa's Unity Day, a Wednesday in 2026 and a Tuesday in 2025.
fn unity_day_off(date: Date) -> bool {
    !(date.month() == 11 && date.day() == 4)
}

#[track_caller]
fn check_slots(schedule: &ReceptionSchedule, day: &str, expected: &[&str]) {
    let got: Vec<String> = slots(schedule, date(day), &every_day_works)
        .into_iter()
        .map(|slot| {
            let start = crate::calendar::in_city(slot.starts_at);
            let end = crate::calendar::in_city(slot.ends_at);
            format!("{}-{}", start.strftime("%H:%M"), end.strftime("%H:%M"))
        })
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn a_district_reception_is_tuesday_afternoon_in_twenty_minute_slots() {
    let district = ReceptionSchedule::default_for(HqLevel::District);
    check_slots(
        &district,
        "2026-11-24",
        &[
            "14:00-14:20",
            "14:20-14:40",
            "14:40-15:00",
            "15:00-15:20",
            "15:20-15:40",
            "15:40-16:00",
            "16:00-16:20",
            "16:20-16:40",
            "16:40-17:00",
        ],
    );
    check_slots(&district, "2026-11-26", &[]);
}

#[test]
fn the_city_receives_on_thursdays() {
    let city = ReceptionSchedule::default_for(HqLevel::City);
    assert_eq!(slots(&city, date("2026-11-26"), &every_day_works).len(), 9);
    check_slots(&city, "2026-11-24", &[]);
}

#[test]
fn a_last_slot_that_would_overrun_the_hours_is_not_offered() {
    let schedule =
        ReceptionSchedule::new(Weekday::Tuesday, time("09:00"), time("10:00"), 25).unwrap();
    check_slots(&schedule, "2026-11-24", &["09:00-09:25", "09:25-09:50"]);
    let exact = ReceptionSchedule::new(Weekday::Tuesday, time("09:00"), time("09:30"), 30).unwrap();
    check_slots(&exact, "2026-11-24", &["09:00-09:30"]);
}

#[test]
fn slots_are_city_time_instants() {
    let district = ReceptionSchedule::default_for(HqLevel::District);
    let first = slots(&district, date("2026-11-24"), &every_day_works)[0];
    assert_eq!(first.starts_at, at("2026-11-24T09:00:00Z"));
    assert_eq!(first.ends_at, at("2026-11-24T09:20:00Z"));
}

#[test]
fn there_is_no_reception_on_a_public_holiday() {
    let district = ReceptionSchedule::default_for(HqLevel::District);
    assert_eq!(slots(&district, date("2025-11-04"), &unity_day_off), []);
    assert_eq!(
        slots(&district, date("2025-11-11"), &unity_day_off).len(),
        9
    );
}

#[track_caller]
fn check_schedule(start: &str, end: &str, minutes: i64, expected: Result<(), ReceptionError>) {
    let res = ReceptionSchedule::new(Weekday::Tuesday, time(start), time(end), minutes);
    assert_eq!(res.map(|_| ()), expected);
}

#[test]
fn a_schedule_needs_hours_and_a_slot_that_fits_them() {
    check_schedule("14:00", "17:00", 20, Ok(()));
    check_schedule("14:00", "17:00", 180, Ok(()));
    let empty = |start: &str, end: &str| ReceptionError::EmptyHours {
        start: time(start),
        end: time(end),
    };
    check_schedule("17:00", "14:00", 20, Err(empty("17:00", "14:00")));
    check_schedule("14:00", "14:00", 20, Err(empty("14:00", "14:00")));
    check_schedule(
        "14:00",
        "17:00",
        0,
        Err(ReceptionError::SlotLength { minutes: 0 }),
    );
    check_schedule(
        "14:00",
        "17:00",
        -20,
        Err(ReceptionError::SlotLength { minutes: -20 }),
    );
    check_schedule(
        "14:00",
        "17:00",
        181,
        Err(ReceptionError::SlotLength { minutes: 181 }),
    );
    check_schedule(
        "14:00",
        "17:00",
        i64::MAX,
        Err(ReceptionError::SlotLength { minutes: i64::MAX }),
    );
}

/// Tuesday 24 November 2026, 14:00 and 14:20 city time.
const FIRST: &str = "2026-11-24T09:00:00Z";
const SECOND: &str = "2026-11-24T09:20:00Z";
const MONDAY_NOON: &str = "2026-11-23T07:00:00Z";

#[track_caller]
fn check_booking_at(starts_at: &str, now: &str, expected: Result<&str, BookingError>) {
    let district = ReceptionSchedule::default_for(HqLevel::District);
    let taken = [at(SECOND)];
    let res = check_booking(&district, at(starts_at), &taken, at(now), &unity_day_off);
    assert_eq!(res.map(|slot| slot.starts_at), expected.map(at));
}

#[test]
fn a_free_future_slot_can_be_booked() {
    check_booking_at(FIRST, MONDAY_NOON, Ok(FIRST));
    check_booking_at(FIRST, "2026-11-24T08:59:59Z", Ok(FIRST));
}

#[test]
fn a_booking_must_name_a_slot_that_exists() {
    for starts_at in [
        "2026-11-24T09:10:00Z",
        "2026-11-24T12:00:00Z",
        "2026-11-25T09:00:00Z",
        "2026-11-24T08:40:00Z",
    ] {
        check_booking_at(
            starts_at,
            MONDAY_NOON,
            Err(BookingError::NoSuchSlot { at: at(starts_at) }),
        );
    }
}

#[test]
fn a_started_or_taken_slot_cannot_be_booked() {
    check_booking_at(FIRST, FIRST, Err(BookingError::InPast { at: at(FIRST) }));
    check_booking_at(
        SECOND,
        MONDAY_NOON,
        Err(BookingError::Taken { at: at(SECOND) }),
    );
}

#[test]
fn a_holiday_slot_cannot_be_booked() {
    let holiday_slot = "2025-11-04T09:00:00Z";
    check_booking_at(
        holiday_slot,
        "2025-11-01T09:00:00Z",
        Err(BookingError::Holiday {
            date: date("2025-11-04"),
        }),
    );
}

#[test]
fn free_slots_leave_out_the_taken_and_the_started() {
    let district = ReceptionSchedule::default_for(HqLevel::District);
    let taken = [at(SECOND)];
    let free = free_slots(
        &district,
        date("2026-11-24"),
        &taken,
        at(FIRST),
        &every_day_works,
    );
    assert_eq!(free.len(), 7);
    assert_eq!(free[0].starts_at, at("2026-11-24T09:40:00Z"));
}

#[track_caller]
fn check_next_date(level: HqLevel, from: &str, expected: Option<&str>) {
    let schedule = ReceptionSchedule::default_for(level);
    assert_eq!(
        next_reception_date(&schedule, date(from), &unity_day_off).map(|d| d.to_string()),
        expected.map(str::to_string),
        "{from}"
    );
}

#[test]
fn the_next_reception_is_the_next_working_reception_weekday() {
    check_next_date(HqLevel::District, "2026-11-23", Some("2026-11-24"));
    check_next_date(HqLevel::District, "2026-11-24", Some("2026-11-24"));
    check_next_date(HqLevel::District, "2026-11-25", Some("2026-12-01"));
    check_next_date(HqLevel::City, "2026-11-24", Some("2026-11-26"));
    // 4 November 2025 was a Tuesday and a holiday: the next Tuesday it is.
    check_next_date(HqLevel::District, "2025-11-03", Some("2025-11-11"));
}

#[test]
fn outcomes_round_trip_through_their_codes() {
    for outcome in AppointmentOutcome::ALL {
        assert_eq!(
            AppointmentOutcome::from_code(outcome.as_code()),
            Some(outcome)
        );
    }
    assert_eq!(AppointmentOutcome::from_code("NoShow"), None);
}

#[test]
fn todays_reception_is_coming_until_its_hours_end() {
    let district = ReceptionSchedule::default_for(HqLevel::District);
    let coming = |utc: &str| coming_reception_date(&district, at(utc), &every_day_works);
    // Tuesday 24 November 2026; the reception runs 14:00–17:00 city time (09:00–12:00 UTC).
    assert_eq!(coming("2026-11-24T11:59:00Z"), Some(date("2026-11-24")));
    assert_eq!(coming("2026-11-24T12:00:00Z"), Some(date("2026-12-01")));
    assert_eq!(coming("2026-11-23T20:00:00Z"), Some(date("2026-11-24")));
}
