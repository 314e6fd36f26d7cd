use jiff::Timestamp;

use crate::directive::*;
use crate::district::DistrictId;
use crate::hq_meeting::Hq;
use crate::organization::OrganizationId;
use crate::user::UserId;

fn at(utc: &str) -> Timestamp {
    utc.parse().unwrap()
}

const ISSUED: &str = "2026-11-20T10:00:00Z";
const DEADLINE: &str = "2026-11-24T12:00:00Z";

fn new_directive(hq: Hq, deadline: &str) -> NewDirective {
    NewDirective {
        hq,
        meeting_id: None,
        text: "Устранить завоздушивание стояков по ул. Ленина, 5".into(),
        owner: DirectiveOwner::Organization(OrganizationId(7)),
        deadline: at(deadline),
    }
}

fn directive(id: i64, hq: Hq, deadline: &str, done: bool) -> Directive {
    let completion = done.then(|| Completion {
        at: at("2026-11-23T09:00:00Z"),
        report: "Стояки прокачаны".into(),
    });
    Directive::restore(
        DirectiveId(id),
        new_directive(hq, deadline),
        at(ISSUED),
        completion,
    )
}

const DISTRICT: Hq = Hq::District(DistrictId(1));
const OTHER_DISTRICT: Hq = Hq::District(DistrictId(2));

#[track_caller]
fn check_status(done: bool, now: &str, expected: DirectiveStatus) {
    assert_eq!(
        directive(1, DISTRICT, DEADLINE, done).status_at(at(now)),
        expected
    );
}

#[test]
fn an_open_directive_becomes_overdue_only_after_its_deadline() {
    check_status(false, "2026-11-24T11:59:59Z", DirectiveStatus::Open);
    check_status(false, "2026-11-24T12:00:00Z", DirectiveStatus::Open);
    check_status(false, "2026-11-24T12:00:01Z", DirectiveStatus::Overdue);
    check_status(true, "2026-11-23T10:00:00Z", DirectiveStatus::Done);
    check_status(true, "2026-12-30T10:00:00Z", DirectiveStatus::Done);
}

#[derive(Debug, Clone, Copy)]
enum Action {
    Complete(&'static str),
    Reopen(&'static str),
    Reschedule(&'static str),
}

const NOW: &str = "2026-11-25T08:00:00Z";

#[track_caller]
fn check(done: bool, action: Action, expected: Result<DirectiveStatus, DirectiveError>) {
    let mut it = directive(1, DISTRICT, DEADLINE, done);
    let now = at(NOW);
    let res = match action {
        Action::Complete(report) => it.complete(report, now),
        Action::Reopen(deadline) => it.reopen(at(deadline), now),
        Action::Reschedule(deadline) => it.reschedule(at(deadline), now),
    };
    assert_eq!(res.map(|()| it.status_at(now)), expected, "{action:?}");
}

#[test]
fn transitions_follow_the_status() {
    let late = "2026-11-26T12:00:00Z";
    let past = "2026-11-25T07:00:00Z";
    check(
        false,
        Action::Complete("Выполнено, акт №12"),
        Ok(DirectiveStatus::Done),
    );
    check(
        true,
        Action::Complete("ещё раз"),
        Err(DirectiveError::AlreadyDone),
    );
    check(false, Action::Reschedule(late), Ok(DirectiveStatus::Open));
    check(
        true,
        Action::Reschedule(late),
        Err(DirectiveError::AlreadyDone),
    );
    check(true, Action::Reopen(late), Ok(DirectiveStatus::Open));
    check(false, Action::Reopen(late), Err(DirectiveError::NotDone));
    let not_ahead = |deadline: &str| DirectiveError::DeadlineNotInFuture {
        deadline: at(deadline),
        now: at(NOW),
    };
    check(false, Action::Reschedule(past), Err(not_ahead(past)));
    check(false, Action::Reschedule(NOW), Err(not_ahead(NOW)));
    check(true, Action::Reopen(past), Err(not_ahead(past)));
}

#[test]
fn done_needs_a_report() {
    check(
        false,
        Action::Complete(""),
        Err(DirectiveError::ReportRequired),
    );
    check(
        false,
        Action::Complete("  \n "),
        Err(DirectiveError::ReportRequired),
    );
}

#[test]
fn a_late_report_is_kept_with_its_time() {
    let mut it = directive(1, DISTRICT, DEADLINE, false);
    it.complete("  Выполнено с опозданием ", at(NOW)).unwrap();
    assert_eq!(
        it.completion(),
        Some(&Completion {
            at: at(NOW),
            report: "Выполнено с опозданием".into()
        })
    );
    assert!(it.completion().unwrap().at > it.deadline());
}

#[test]
fn reopening_drops_the_report_and_sets_the_new_deadline() {
    let mut it = directive(1, DISTRICT, DEADLINE, true);
    it.reopen(at("2026-12-01T12:00:00Z"), at(NOW)).unwrap();
    assert_eq!(it.completion(), None);
    assert_eq!(it.deadline(), at("2026-12-01T12:00:00Z"));
}

#[track_caller]
fn check_new(text: &str, deadline: &str, expected: Result<(), DirectiveError>) {
    let mut new = new_directive(DISTRICT, deadline);
    new.text = text.into();
    assert_eq!(new.validate(at(ISSUED)), expected);
}

#[test]
fn a_new_directive_says_something_and_has_a_deadline_ahead() {
    check_new("Провести комиссионный выезд", DEADLINE, Ok(()));
    check_new(" ", DEADLINE, Err(DirectiveError::EmptyText));
    check_new(
        "Провести комиссионный выезд",
        ISSUED,
        Err(DirectiveError::DeadlineNotInFuture {
            deadline: at(ISSUED),
            now: at(ISSUED),
        }),
    );
}

#[track_caller]
fn check_carried(hq: Hq, meeting_at: &str, expected_ids: &[i64]) {
    let directives = [
        directive(1, DISTRICT, "2026-11-24T12:00:00Z", false),
        directive(2, DISTRICT, "2026-11-20T12:00:00Z", false),
        directive(3, DISTRICT, "2026-11-19T12:00:00Z", true),
        directive(4, OTHER_DISTRICT, "2026-11-18T12:00:00Z", false),
        directive(5, Hq::City, "2026-11-23T12:00:00Z", false),
        directive(6, DISTRICT, "2026-12-24T12:00:00Z", false),
    ];
    let ids: Vec<i64> = carried_over(&directives, hq, at(meeting_at))
        .into_iter()
        .map(|directive| directive.id.0)
        .collect();
    assert_eq!(ids, expected_ids);
}

#[test]
fn a_district_meeting_takes_up_its_own_overdue_directives_most_overdue_first() {
    // Tuesday 24 November, 10:00 city time: directive 1 is due at 17:00 city time, not yet overdue.
    check_carried(DISTRICT, "2026-11-24T05:00:00Z", &[2]);
    // The next Tuesday: directive 1 is overdue too.
    check_carried(DISTRICT, "2026-12-01T05:00:00Z", &[2, 1]);
    check_carried(OTHER_DISTRICT, "2026-12-01T05:00:00Z", &[4]);
}

#[test]
fn the_city_meeting_takes_up_every_overdue_directive_its_own_first() {
    check_carried(Hq::City, "2026-11-27T10:00:00Z", &[5, 4, 2, 1]);
    check_carried(Hq::City, "2026-11-18T10:00:00Z", &[]);
}

#[test]
fn statuses_and_owners_round_trip_through_their_codes() {
    for status in DirectiveStatus::ALL {
        assert_eq!(DirectiveStatus::from_code(status.as_code()), Some(status));
    }
    for owner in [
        DirectiveOwner::Organization(OrganizationId(1)),
        DirectiveOwner::District(DistrictId(2)),
        DirectiveOwner::User(UserId(3)),
    ] {
        let (kind, id) = owner.to_parts();
        assert_eq!(DirectiveOwner::from_parts(kind, id), Some(owner));
    }
    assert_eq!(DirectiveOwner::from_parts("district_hq", 1), None);
}

#[track_caller]
fn check_as_of(done: bool, then: &str, expected: DirectiveStatus) {
    let it = directive(1, DISTRICT, DEADLINE, done);
    assert_eq!(it.as_of(at(then)).status_at(at(then)), expected, "{then}");
}

#[test]
fn a_report_filed_later_is_not_there_yet_as_of_an_earlier_meeting() {
    // The report in the fixture is filed on 2026-11-23 at 09:00 UTC.
    check_as_of(true, "2026-11-23T08:59:59Z", DirectiveStatus::Open);
    check_as_of(true, "2026-11-23T09:00:00Z", DirectiveStatus::Done);
    check_as_of(false, "2026-11-25T00:00:00Z", DirectiveStatus::Overdue);
    let late = Directive::restore(
        DirectiveId(2),
        new_directive(DISTRICT, DEADLINE),
        at(ISSUED),
        Some(Completion {
            at: at("2026-11-27T09:00:00Z"),
            report: "Сделано с опозданием".into(),
        }),
    );
    let meeting = at("2026-11-25T05:00:00Z");
    let then: Vec<Directive> = vec![late.as_of(meeting)];
    let carried: Vec<i64> = carried_over(&then, DISTRICT, meeting)
        .iter()
        .map(|d| d.id.0)
        .collect();
    assert_eq!(carried, [2]);
    assert!(carried_over(std::slice::from_ref(&late), DISTRICT, meeting).is_empty());
}
