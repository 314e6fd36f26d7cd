use super::*;

fn ts(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn inspection(status: InspectionStatus) -> JointInspection {
    let facts = NewInspection {
        building_id: BuildingId(7),
        district_id: DistrictId(3),
        ticket_ids: vec![TicketId(1), TicketId(2)],
    };
    let mut state = JointInspection::initial_state(&facts);
    state.status = status;
    JointInspection::restore(InspectionId(1), facts, ts("2026-11-24T10:00:00Z"), state)
}

#[derive(Debug, Clone, Copy)]
enum Action {
    Schedule,
    Complete,
    Cancel,
}

fn apply(inspection: &mut JointInspection, action: Action) -> Result<(), InspectionError> {
    let now = ts("2026-11-25T10:00:00Z");
    match action {
        Action::Schedule => inspection.schedule(now, vec![OrganizationId(5), OrganizationId(6)]),
        Action::Complete => inspection.complete(now),
        Action::Cancel => inspection.cancel("fixed before the visit", now),
    }
}

#[track_caller]
fn check(from: InspectionStatus, action: Action, expected: Option<InspectionStatus>) {
    let mut it = inspection(from);
    let res = apply(&mut it, action);
    match expected {
        Some(to) => {
            assert_eq!(res, Ok(()));
            assert_eq!(it.status(), to);
            assert_eq!(it.state().version, 2);
        }
        None => {
            assert!(
                matches!(res, Err(InspectionError::InvalidTransition { .. })),
                "{res:?}"
            );
            assert_eq!(it.status(), from);
            assert_eq!(it.state().version, 1);
        }
    }
}

#[test]
fn an_inspection_is_scheduled_then_completed() {
    use InspectionStatus as S;
    check(S::Open, Action::Schedule, Some(S::Scheduled));
    check(S::Scheduled, Action::Schedule, Some(S::Scheduled));
    check(S::Scheduled, Action::Complete, Some(S::Completed));
    check(S::Open, Action::Cancel, Some(S::Cancelled));
    check(S::Scheduled, Action::Cancel, Some(S::Cancelled));
}

#[test]
fn only_a_scheduled_visit_completes_and_finished_ones_stay_finished() {
    use InspectionStatus as S;
    check(S::Open, Action::Complete, None);
    for finished in [S::Completed, S::Cancelled] {
        check(finished, Action::Schedule, None);
        check(finished, Action::Complete, None);
        check(finished, Action::Cancel, None);
    }
}

#[test]
fn scheduling_records_the_visit_and_its_members() {
    let mut it = inspection(InspectionStatus::Open);
    assert_eq!(
        it.schedule(ts("2026-11-26T06:00:00Z"), vec![]),
        Err(InspectionError::NoMembers)
    );
    assert_eq!(it.status(), InspectionStatus::Open);
    it.schedule(ts("2026-11-26T06:00:00Z"), vec![OrganizationId(5)])
        .unwrap();
    assert_eq!(it.visit_at(), Some(ts("2026-11-26T06:00:00Z")));
    assert_eq!(it.members(), [OrganizationId(5)]);
    it.complete(ts("2026-11-26T08:00:00Z")).unwrap();
    assert_eq!(it.completed_at(), Some(ts("2026-11-26T08:00:00Z")));
}

#[test]
fn cancelling_needs_a_reason() {
    let mut it = inspection(InspectionStatus::Scheduled);
    assert_eq!(
        it.cancel("  ", ts("2026-11-26T06:00:00Z")),
        Err(InspectionError::EmptyReason)
    );
    it.cancel(" heating restored ", ts("2026-11-26T06:00:00Z"))
        .unwrap();
    assert_eq!(it.cancel_reason(), Some("heating restored"));
    assert_eq!(it.cancelled_at(), Some(ts("2026-11-26T06:00:00Z")));
}

#[track_caller]
fn check_link(status: InspectionStatus, expected_ok: bool) {
    let mut it = inspection(status);
    let res = it.link_ticket(TicketId(3));
    if expected_ok {
        assert_eq!(res, Ok(()));
        assert_eq!(it.ticket_ids(), [TicketId(1), TicketId(2), TicketId(3)]);
    } else {
        assert_eq!(
            res,
            Err(InspectionError::NotOpen {
                ticket_id: TicketId(3),
                status
            })
        );
        assert_eq!(it.ticket_ids(), [TicketId(1), TicketId(2)]);
    }
}

#[test]
fn tickets_link_only_to_a_visit_still_to_come() {
    check_link(InspectionStatus::Open, true);
    check_link(InspectionStatus::Scheduled, true);
    check_link(InspectionStatus::Completed, false);
    check_link(InspectionStatus::Cancelled, false);
}

#[test]
fn linking_a_ticket_twice_changes_nothing() {
    let mut it = inspection(InspectionStatus::Open);
    it.link_ticket(TicketId(2)).unwrap();
    assert_eq!(it.ticket_ids(), [TicketId(1), TicketId(2)]);
    assert_eq!(it.state().version, 1);
}

#[test]
fn every_status_round_trips_through_its_code() {
    for status in InspectionStatus::ALL {
        assert_eq!(InspectionStatus::from_code(status.as_code()), Some(status));
    }
    assert_eq!(InspectionStatus::from_code("Open"), None);
}
