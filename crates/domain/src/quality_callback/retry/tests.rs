use jiff::Timestamp;

use crate::calendar;
use crate::quality_callback::retry::*;
use crate::quality_callback::{Attempt, CallbackError, CallbackOutcome};

/// A city wall-clock time, `2026-11-24 10:00` (a Tuesday).
fn city(text: &str) -> Timestamp {
    calendar::city_instant(text.replace(' ', "T").parse().unwrap())
}

fn show(at: Timestamp) -> String {
    calendar::in_city(at).strftime("%Y-%m-%d %H:%M").to_string()
}

fn no_answers(times: &[&str]) -> Vec<Attempt> {
    times
        .iter()
        .map(|at| Attempt {
            at: city(at),
            outcome: CallbackOutcome::NoAnswer,
        })
        .collect()
}

#[track_caller]
fn check(previous: &[&str], now: &str, expected: Option<(&str, DayPart)>) {
    let next = next_attempt(&no_answers(previous), city(now));
    let got = next.map(|next| (show(next.not_before), next.day_part));
    let expected = expected.map(|(at, part)| (at.to_string(), part));
    assert_eq!(got, expected, "after {previous:?} at {now}");
}

#[test]
fn a_first_call_may_be_placed_at_once_in_calling_hours() {
    check(
        &[],
        "2026-11-24 10:00",
        Some(("2026-11-24 10:00", DayPart::Morning)),
    );
    check(
        &[],
        "2026-11-24 12:00",
        Some(("2026-11-24 12:00", DayPart::Afternoon)),
    );
    check(
        &[],
        "2026-11-24 20:59",
        Some(("2026-11-24 20:59", DayPart::Evening)),
    );
}

#[test]
fn a_first_call_outside_calling_hours_waits_for_the_morning() {
    check(
        &[],
        "2026-11-24 08:00",
        Some(("2026-11-24 09:00", DayPart::Morning)),
    );
    check(
        &[],
        "2026-11-24 21:00",
        Some(("2026-11-25 09:00", DayPart::Morning)),
    );
    check(
        &[],
        "2026-11-24 23:30",
        Some(("2026-11-25 09:00", DayPart::Morning)),
    );
}

#[test]
fn a_retry_comes_in_another_part_of_the_day_at_least_three_hours_later() {
    let tuesday = "2026-11-24";
    let at = |time: &str| format!("{tuesday} {time}");
    check(
        &[&at("09:00")],
        &at("09:30"),
        Some((&at("12:00"), DayPart::Afternoon)),
    );
    check(
        &[&at("10:00")],
        &at("10:05"),
        Some((&at("13:00"), DayPart::Afternoon)),
    );
    check(
        &[&at("11:55")],
        &at("12:05"),
        Some((&at("14:55"), DayPart::Afternoon)),
    );
    check(
        &[&at("16:30")],
        &at("16:40"),
        Some((&at("19:30"), DayPart::Evening)),
    );
    check(
        &[&at("10:00"), &at("13:00")],
        &at("13:05"),
        Some((&at("17:00"), DayPart::Evening)),
    );
}

#[test]
fn a_retry_moves_to_the_next_day_when_today_has_no_free_part_left() {
    let next_morning = Some(("2026-11-25 09:00", DayPart::Morning));
    check(&["2026-11-24 19:00"], "2026-11-24 19:10", next_morning);
    check(&["2026-11-24 20:50"], "2026-11-24 20:55", next_morning);
    check(
        &["2026-11-24 14:00", "2026-11-24 18:00"],
        "2026-11-24 18:01",
        next_morning,
    );
    check(
        &["2026-11-24 10:00", "2026-11-24 18:00"],
        "2026-11-24 18:05",
        Some(("2026-11-25 12:00", DayPart::Afternoon)),
    );
    check(
        &["2026-11-24 20:00", "2026-11-25 09:00"],
        "2026-11-25 09:05",
        Some(("2026-11-25 12:00", DayPart::Afternoon)),
    );
}

#[test]
fn a_late_controller_may_call_at_once_in_a_free_part_of_the_day() {
    check(
        &["2026-11-24 10:00"],
        "2026-11-26 15:00",
        Some(("2026-11-26 15:00", DayPart::Afternoon)),
    );
    // A morning again, two days on, is still the part already tried.
    check(
        &["2026-11-24 10:00"],
        "2026-11-26 10:30",
        Some(("2026-11-26 12:00", DayPart::Afternoon)),
    );
}

#[test]
fn a_call_outside_calling_hours_uses_no_part_of_the_day_but_still_spaces_the_next() {
    check(
        &["2026-11-24 08:00"],
        "2026-11-24 08:10",
        Some(("2026-11-24 11:00", DayPart::Morning)),
    );
}

#[test]
fn there_is_no_next_call_after_three_unanswered_ones() {
    check(
        &["2026-11-24 10:00", "2026-11-24 13:00", "2026-11-24 17:00"],
        "2026-11-24 17:05",
        None,
    );
}

#[test]
fn there_is_no_next_call_after_an_answer() {
    let answered = [Attempt {
        at: city("2026-11-24 10:00"),
        outcome: CallbackOutcome::Refused,
    }];
    assert_eq!(next_attempt(&answered, city("2026-11-24 10:05")), None);
}

#[test]
fn the_next_call_says_until_when_its_part_of_the_day_lasts() {
    let next = next_attempt(&no_answers(&["2026-11-24 10:00"]), city("2026-11-24 10:05")).unwrap();
    assert_eq!(show(next.until), "2026-11-24 17:00");
}

#[track_caller]
fn check_time(previous: &[&str], at: &str, expected: Result<(), CallbackError>) {
    assert_eq!(
        check_attempt_time(&no_answers(previous), city(at)),
        expected
    );
}

#[test]
fn an_unanswered_call_counts_only_when_the_rules_allow_it() {
    check_time(&[], "2026-11-24 10:00", Ok(()));
    check_time(&["2026-11-24 10:00"], "2026-11-24 13:00", Ok(()));
    check_time(
        &["2026-11-24 10:00"],
        "2026-11-24 11:00",
        Err(CallbackError::TooEarly {
            not_before: city("2026-11-24 13:00"),
        }),
    );
    check_time(
        &["2026-11-24 10:00"],
        "2026-11-25 10:30",
        Err(CallbackError::TooEarly {
            not_before: city("2026-11-25 12:00"),
        }),
    );
    for at in ["2026-11-24 08:59", "2026-11-24 21:00", "2026-11-25 03:00"] {
        check_time(
            &[],
            at,
            Err(CallbackError::OutsideCallingHours { at: city(at) }),
        );
    }
}

#[track_caller]
fn check_part(city_time: &str, expected: Option<DayPart>) {
    assert_eq!(DayPart::of(city(city_time)), expected, "{city_time}");
}

#[test]
fn parts_of_the_day_are_city_hours() {
    check_part("2026-11-24 08:59", None);
    check_part("2026-11-24 09:00", Some(DayPart::Morning));
    check_part("2026-11-24 11:59", Some(DayPart::Morning));
    check_part("2026-11-24 12:00", Some(DayPart::Afternoon));
    check_part("2026-11-24 16:59", Some(DayPart::Afternoon));
    check_part("2026-11-24 17:00", Some(DayPart::Evening));
    check_part("2026-11-24 20:59", Some(DayPart::Evening));
    check_part("2026-11-24 21:00", None);
    // 05:00 UTC is 10:00 in Ufa: the morning, not the small hours.
    assert_eq!(
        DayPart::of("2026-11-24T05:00:00Z".parse().unwrap()),
        Some(DayPart::Morning)
    );
    for part in DayPart::ALL {
        assert_eq!(DayPart::from_code(part.as_code()), Some(part));
    }
}
