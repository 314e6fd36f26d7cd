use super::*;

fn ticket(status: TicketStatus) -> Ticket {
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
            due_at: Some("2026-11-25T10:00:00Z".parse().unwrap()),
        },
        closed_at: None,
        resolution: None,
        resolution_text: None,
        version: 1,
    };
    let created_at = "2026-11-24T10:00:00Z".parse().unwrap();
    Ticket::restore(
        TicketId(1),
        TicketNumber::new(2026, 1),
        facts,
        created_at,
        state,
    )
}

fn now() -> Timestamp {
    "2026-11-24T12:00:00Z".parse().unwrap()
}

#[derive(Debug, Clone, Copy)]
enum Action {
    Assign,
    Start,
    Close,
    Reopen,
}

fn apply(ticket: &mut Ticket, action: Action) -> Result<(), TicketError> {
    match action {
        Action::Assign => ticket.assign(ticket.assignment),
        Action::Start => ticket.start(),
        Action::Close => ticket.close(Resolution::Fixed, None, now()),
        Action::Reopen => ticket.reopen(None),
    }
}

#[track_caller]
fn check(from: TicketStatus, action: Action, expected: Option<TicketStatus>) {
    let mut t = ticket(from);
    let res = apply(&mut t, action);
    match expected {
        Some(to) => {
            assert_eq!(res, Ok(()), "{from:?} {action:?}");
            assert_eq!(t.status(), to);
            assert_eq!(t.version(), 2);
        }
        None => {
            assert!(
                matches!(res, Err(TicketError::InvalidTransition { from: f, .. }) if f == from),
                "{from:?} {action:?} should be rejected"
            );
            assert_eq!(t.status(), from);
            assert_eq!(t.version(), 1);
        }
    }
}

#[test]
fn the_lifecycle_allows_only_its_transitions() {
    use Action::*;
    use TicketStatus::*;
    check(Registered, Assign, Some(Assigned));
    check(Registered, Start, None);
    check(Registered, Close, Some(Closed));
    check(Registered, Reopen, None);
    check(Assigned, Assign, Some(Assigned));
    check(Assigned, Start, Some(InProgress));
    check(Assigned, Close, Some(Closed));
    check(Assigned, Reopen, None);
    check(InProgress, Assign, Some(Assigned));
    check(InProgress, Start, None);
    check(InProgress, Close, Some(Closed));
    check(InProgress, Reopen, None);
    check(Closed, Assign, None);
    check(Closed, Start, None);
    check(Closed, Close, None);
    check(Closed, Reopen, Some(Reopened));
    check(Reopened, Assign, Some(Assigned));
    check(Reopened, Start, Some(InProgress));
    check(Reopened, Close, Some(Closed));
    check(Reopened, Reopen, None);
}

#[test]
fn closing_records_resolution_and_reopening_clears_it() {
    let mut t = ticket(TicketStatus::InProgress);
    t.close(Resolution::Explained, Some("перерасчёт".into()), now())
        .unwrap();
    assert_eq!(t.closed_at(), Some(now()));
    assert_eq!(t.resolution(), Some(Resolution::Explained));
    assert_eq!(t.resolution_text(), Some("перерасчёт"));
    let due: Timestamp = "2026-11-26T12:00:00Z".parse().unwrap();
    t.reopen(Some(due)).unwrap();
    assert_eq!(t.closed_at(), None);
    assert_eq!(t.resolution(), None);
    assert_eq!(t.due_at(), Some(due));
    assert_eq!(t.organization_id(), Some(OrganizationId(2)));
}

#[test]
fn only_open_tickets_past_their_deadline_are_overdue() {
    let late: Timestamp = "2026-11-26T00:00:00Z".parse().unwrap();
    assert!(!ticket(TicketStatus::Assigned).is_overdue(now()));
    assert!(ticket(TicketStatus::Assigned).is_overdue(late));
    assert!(!ticket(TicketStatus::Closed).is_overdue(late));
}

#[test]
fn ticket_numbers_read_well_and_parse_back() {
    assert_eq!(TicketNumber::new(2026, 123).to_string(), "2026-000123");
    assert_eq!(TicketNumber::new(2026, 1234567).to_string(), "2026-1234567");
    assert_eq!(
        TicketNumber::parse("2026-000123"),
        Some(TicketNumber::new(2026, 123))
    );
    assert_eq!(
        TicketNumber::parse(" 2026 123 "),
        Some(TicketNumber::new(2026, 123))
    );
    assert_eq!(TicketNumber::parse("2026-0"), None);
    assert_eq!(TicketNumber::parse("26-12"), None);
    assert_eq!(TicketNumber::parse("ленина"), None);
}

#[test]
fn codes_round_trip() {
    for s in TicketStatus::ALL {
        assert_eq!(TicketStatus::from_code(s.as_code()), Some(s));
    }
    for r in Resolution::ALL {
        assert_eq!(Resolution::from_code(r.as_code()), Some(r));
    }
    for c in Channel::ALL {
        assert_eq!(Channel::from_code(c.as_code()), Some(c));
    }
}

#[test]
fn a_billing_ticket_closes_only_with_a_non_empty_answer() {
    let billing = || {
        let mut t = ticket(TicketStatus::InProgress);
        t.category = Category::Billing;
        t
    };
    for text in [None, Some(""), Some("  \n ")] {
        let mut t = billing();
        let res = t.close(Resolution::Explained, text.map(String::from), now());
        assert_eq!(res, Err(TicketError::AnswerRequired), "{text:?}");
        assert_eq!(t.status(), TicketStatus::InProgress);
        assert_eq!(t.version(), 1);
    }
    let mut t = billing();
    t.close(
        Resolution::Explained,
        Some("Начисление верное".into()),
        now(),
    )
    .unwrap();
    assert_eq!(t.status(), TicketStatus::Closed);
    let mut heating = ticket(TicketStatus::InProgress);
    heating.close(Resolution::Fixed, None, now()).unwrap();
    let mut closed = billing();
    closed
        .close(Resolution::Explained, Some("ответ".into()), now())
        .unwrap();
    assert!(matches!(
        closed.close(Resolution::Explained, None, now()),
        Err(TicketError::InvalidTransition { .. })
    ));
}
