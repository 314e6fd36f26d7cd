use jiff::Timestamp;

use crate::building::BuildingId;
use crate::calendar;
use crate::category::Category;
use crate::district::DistrictId;
use crate::organization::OrganizationId;
use crate::phone::Phone;
use crate::quality_callback::retry::DayPart;
use crate::quality_callback::*;
use crate::ticket::{
    Assignment, Channel, NewTicket, Resolution, TicketId, TicketNumber, TicketState,
};

/// A city wall-clock time, `2026-11-24 10:00` (a Tuesday).
fn city(text: &str) -> Timestamp {
    calendar::city_instant(text.replace(' ', "T").parse().unwrap())
}

fn call(at: &str, outcome: CallbackOutcome) -> Attempt {
    Attempt {
        at: city(at),
        outcome,
    }
}

fn ticket(status: TicketStatus, closed_at: Option<&str>) -> Ticket {
    let facts = NewTicket {
        category: Category::NoHeat,
        channel: Channel::Phone,
        phone: Phone::parse("+73472770911").unwrap(),
        resident_name: None,
        address: Some("ул. Ленина, 5".into()),
        building_id: Some(BuildingId(1)),
        apartment: Some("12".into()),
        entrance: None,
        description: "холодные батареи".into(),
    };
    let state = TicketState {
        status,
        assignment: Assignment {
            district_id: Some(DistrictId(1)),
            organization_id: Some(OrganizationId(2)),
            due_at: None,
        },
        closed_at: closed_at.map(city),
        resolution: closed_at.map(|_| Resolution::Fixed),
        resolution_text: None,
        version: 1,
    };
    Ticket::restore(
        TicketId(1),
        TicketNumber::new(2026, 1),
        facts,
        city("2026-11-20 10:00"),
        state,
    )
}

const NA: CallbackOutcome = CallbackOutcome::NoAnswer;

#[track_caller]
fn check(
    round: &[Attempt],
    outcome: CallbackOutcome,
    comment: Option<&str>,
    now: &str,
    expected: Result<CallbackResolution, CallbackError>,
) {
    assert_eq!(record(outcome, comment, round, city(now)), expected);
}

fn finish(outcome: CallbackOutcome) -> Result<CallbackResolution, CallbackError> {
    Ok(CallbackResolution::Finish { outcome })
}

#[test]
fn an_answer_ends_the_round() {
    let now = "2026-11-24 10:00";
    check(
        &[],
        CallbackOutcome::Solved,
        None,
        now,
        finish(CallbackOutcome::Solved),
    );
    check(
        &[],
        CallbackOutcome::Refused,
        None,
        now,
        finish(CallbackOutcome::Refused),
    );
    check(
        &[],
        CallbackOutcome::Solved,
        Some("спасибо"),
        now,
        finish(CallbackOutcome::Solved),
    );
}

#[test]
fn not_solved_reopens_the_ticket_with_the_controllers_comment() {
    let now = "2026-11-24 10:00";
    check(
        &[],
        CallbackOutcome::NotSolved,
        Some("  в угловой комнате +16 \n"),
        now,
        Ok(CallbackResolution::Reopen {
            comment: "в угловой комнате +16".into(),
        }),
    );
}

#[test]
fn not_solved_needs_a_comment() {
    let now = "2026-11-24 10:00";
    for comment in [None, Some(""), Some("   ")] {
        check(
            &[],
            CallbackOutcome::NotSolved,
            comment,
            now,
            Err(CallbackError::CommentRequired),
        );
    }
}

#[test]
fn unreachable_is_not_the_outcome_of_a_call() {
    let outcome = CallbackOutcome::Unreachable;
    check(
        &[],
        outcome,
        None,
        "2026-11-24 10:00",
        Err(CallbackError::NotACallOutcome { outcome }),
    );
}

#[track_caller]
fn check_retry(round: &[Attempt], now: &str, next_at: &str, day_part: DayPart) {
    let res = record(NA, None, round, city(now));
    match res {
        Ok(CallbackResolution::Retry { next }) => {
            assert_eq!((next.not_before, next.day_part), (city(next_at), day_part));
        }
        other => panic!("expected a retry, got {other:?}"),
    }
}

#[test]
fn unanswered_calls_are_retried_in_other_parts_of_the_day() {
    check_retry(
        &[],
        "2026-11-24 10:00",
        "2026-11-24 13:00",
        DayPart::Afternoon,
    );
    let morning = [call("2026-11-24 10:00", NA)];
    check_retry(
        &morning,
        "2026-11-24 13:00",
        "2026-11-24 17:00",
        DayPart::Evening,
    );
    let evening = [call("2026-11-24 19:00", NA)];
    check_retry(
        &evening,
        "2026-11-25 09:30",
        "2026-11-25 12:30",
        DayPart::Afternoon,
    );
}

#[test]
fn the_third_unanswered_call_makes_the_resident_unreachable() {
    let round = [call("2026-11-24 10:00", NA), call("2026-11-24 13:00", NA)];
    check(
        &round,
        NA,
        None,
        "2026-11-24 17:30",
        finish(CallbackOutcome::Unreachable),
    );
}

#[test]
fn an_unanswered_call_too_soon_or_at_night_does_not_count() {
    let round = [call("2026-11-24 10:00", NA)];
    let not_before = city("2026-11-24 13:00");
    check(
        &round,
        NA,
        None,
        "2026-11-24 11:00",
        Err(CallbackError::TooEarly { not_before }),
    );
    let at = city("2026-11-24 22:00");
    check(
        &round,
        NA,
        None,
        "2026-11-24 22:00",
        Err(CallbackError::OutsideCallingHours { at }),
    );
}

#[test]
fn an_answered_call_counts_whenever_it_was_placed() {
    let round = [call("2026-11-24 10:00", NA)];
    check(
        &round,
        CallbackOutcome::Solved,
        None,
        "2026-11-24 10:30",
        finish(CallbackOutcome::Solved),
    );
    check(
        &[],
        CallbackOutcome::Refused,
        None,
        "2026-11-24 22:00",
        finish(CallbackOutcome::Refused),
    );
}

#[test]
fn a_finished_round_takes_no_more_calls() {
    let now = "2026-11-25 10:00";
    let cases = [
        (
            vec![call("2026-11-24 10:00", CallbackOutcome::Solved)],
            CallbackOutcome::Solved,
        ),
        (
            vec![call("2026-11-24 10:00", CallbackOutcome::Refused)],
            CallbackOutcome::Refused,
        ),
        (
            vec![
                call("2026-11-24 10:00", NA),
                call("2026-11-24 13:00", CallbackOutcome::NotSolved),
            ],
            CallbackOutcome::NotSolved,
        ),
        (
            vec![
                call("2026-11-24 10:00", NA),
                call("2026-11-24 13:00", NA),
                call("2026-11-24 17:00", NA),
            ],
            CallbackOutcome::Unreachable,
        ),
    ];
    for (round, finished) in cases {
        assert_eq!(round_state(&round), RoundState::Finished(finished));
        check(
            &round,
            CallbackOutcome::Solved,
            None,
            now,
            Err(CallbackError::RoundFinished { outcome: finished }),
        );
    }
}

#[test]
fn an_open_round_counts_its_unanswered_calls() {
    assert_eq!(round_state(&[]), RoundState::Open { no_answers: 0 });
    let round = [call("2026-11-24 10:00", NA), call("2026-11-24 13:00", NA)];
    assert_eq!(round_state(&round), RoundState::Open { no_answers: 2 });
}

#[test]
fn a_round_holds_only_the_calls_since_the_current_closing() {
    let history = [
        call("2026-11-24 13:00", NA),
        call("2026-11-22 10:00", CallbackOutcome::NotSolved),
        call("2026-11-24 10:00", NA),
    ];
    let closed = ticket(TicketStatus::Closed, Some("2026-11-23 18:00"));
    assert_eq!(
        round_for(&closed, &history),
        Ok(vec![
            call("2026-11-24 10:00", NA),
            call("2026-11-24 13:00", NA)
        ])
    );
}

#[test]
fn only_a_closed_ticket_is_called_back() {
    for status in [
        TicketStatus::Registered,
        TicketStatus::InProgress,
        TicketStatus::Reopened,
    ] {
        assert_eq!(
            round_for(&ticket(status, None), &[]),
            Err(CallbackError::TicketNotClosed { status })
        );
    }
}

#[test]
fn a_reopened_and_closed_again_ticket_gets_a_new_round() {
    let mut it = ticket(TicketStatus::Closed, Some("2026-11-23 18:00"));
    let mut history = vec![];
    assert!(is_due(&it, &history, city("2026-11-24 10:00")));

    let res = record(
        CallbackOutcome::NotSolved,
        Some("холодно"),
        &round_for(&it, &history).unwrap(),
        city("2026-11-24 10:00"),
    );
    assert_eq!(
        res,
        Ok(CallbackResolution::Reopen {
            comment: "холодно".into()
        })
    );
    history.push(call("2026-11-24 10:00", CallbackOutcome::NotSolved));
    assert!(!is_due(&it, &history, city("2026-11-24 15:00")));
    it.reopen(None).unwrap();
    assert!(!is_due(&it, &history, city("2026-11-24 15:00")));

    it.close(Resolution::Fixed, None, city("2026-11-25 16:00"))
        .unwrap();
    assert_eq!(round_for(&it, &history), Ok(vec![]));
    assert!(is_due(&it, &history, city("2026-11-25 16:30")));
    history.push(call("2026-11-25 16:30", CallbackOutcome::Solved));
    assert!(!is_due(&it, &history, city("2026-11-26 10:00")));
}

#[test]
fn the_queue_shows_a_ticket_only_when_the_next_call_is_allowed() {
    let it = ticket(TicketStatus::Closed, Some("2026-11-23 18:00"));
    let history = [call("2026-11-24 10:00", NA)];
    assert!(!is_due(&it, &[], city("2026-11-23 22:00")));
    assert!(!is_due(&it, &history, city("2026-11-24 12:59")));
    assert!(is_due(&it, &history, city("2026-11-24 13:00")));
    assert!(!is_due(&it, &history, city("2026-11-25 11:00")));
}

#[test]
fn outcomes_round_trip_through_their_codes() {
    for outcome in CallbackOutcome::ALL {
        assert_eq!(CallbackOutcome::from_code(outcome.as_code()), Some(outcome));
    }
    assert_eq!(CallbackOutcome::from_code("NotSolved"), None);
}
