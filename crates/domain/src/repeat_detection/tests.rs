use super::*;

use Category as C;

const NOW: &str = "2026-11-24T12:00:00Z";
const NOW_CITY: &str = "2026-11-24T17:00:00+05:00";
const EXACTLY_7_DAYS: &str = "2026-11-17T12:00:00Z";
const OVER_7_DAYS: &str = "2026-11-17T11:59:59Z";

/// (id, category, created_at, linked inspection id)
type Row<'a> = (i64, Category, &'a str, Option<i64>);

fn tickets(rows: &[Row<'_>]) -> Vec<RecentTicket> {
    rows.iter()
        .map(|&(id, category, created_at, linked)| RecentTicket {
            id: TicketId(id),
            category,
            created_at: created_at.parse().unwrap(),
            inspection_id: linked.map(InspectionId),
        })
        .collect()
}

fn create(ids: &[i64]) -> RepeatDecision {
    RepeatDecision::CreateInspection {
        ticket_ids: ids.iter().copied().map(TicketId).collect(),
    }
}

fn link(inspection: i64, ids: &[i64]) -> RepeatDecision {
    RepeatDecision::LinkToInspection {
        inspection_id: InspectionId(inspection),
        ticket_ids: ids.iter().copied().map(TicketId).collect(),
    }
}

#[track_caller]
fn check_with(
    policy: &RepeatPolicy,
    rows: &[Row<'_>],
    open: Option<(i64, &str)>,
    expected: RepeatDecision,
) {
    let open = open.map(|(id, opened_at)| OpenInspection {
        id: InspectionId(id),
        opened_at: opened_at.parse().unwrap(),
    });
    let got = decide(policy, &tickets(rows), open.as_ref(), NOW.parse().unwrap());
    assert_eq!(got, expected);
}

#[track_caller]
fn check(rows: &[Row<'_>], open: Option<(i64, &str)>, expected: RepeatDecision) {
    check_with(&RepeatPolicy::default(), rows, open, expected);
}

#[test]
fn two_heating_tickets_in_a_week_create_an_inspection() {
    check(
        &[
            (1, C::NoHeat, "2026-11-20T08:00:00Z", None),
            (2, C::NoHeat, NOW, None),
        ],
        None,
        create(&[1, 2]),
    );
    check(
        &[
            (2, C::AirLock, NOW, None),
            (1, C::Overheating, "2026-11-24T11:00:00Z", None),
        ],
        None,
        create(&[1, 2]),
    );
    check(
        &[(1, C::NoHeat, NOW_CITY, None)],
        None,
        RepeatDecision::Nothing,
    );
    check(&[], None, RepeatDecision::Nothing);
}

#[test]
fn the_window_includes_a_ticket_exactly_seven_days_old() {
    check(
        &[
            (1, C::NoHeat, EXACTLY_7_DAYS, None),
            (2, C::NoHeat, NOW, None),
        ],
        None,
        create(&[1, 2]),
    );
    check(
        &[(1, C::NoHeat, OVER_7_DAYS, None), (2, C::NoHeat, NOW, None)],
        None,
        RepeatDecision::Nothing,
    );
}

#[test]
fn only_the_policys_categories_count() {
    check(
        &[(1, C::Billing, NOW, None), (2, C::NoHeat, NOW, None)],
        None,
        RepeatDecision::Nothing,
    );
    check(
        &[(1, C::HotWater, NOW, None), (2, C::Leak, NOW, None)],
        None,
        RepeatDecision::Nothing,
    );
    check(
        &[
            (1, C::Billing, NOW, None),
            (2, C::NoHeat, NOW, None),
            (3, C::AirLock, NOW, None),
        ],
        None,
        create(&[2, 3]),
    );
}

#[test]
fn tickets_already_linked_to_an_inspection_do_not_trigger_another() {
    check(
        &[
            (1, C::NoHeat, "2026-11-22T08:00:00Z", Some(9)),
            (2, C::NoHeat, NOW, None),
        ],
        None,
        RepeatDecision::Nothing,
    );
    check(
        &[
            (1, C::NoHeat, "2026-11-22T08:00:00Z", Some(9)),
            (2, C::NoHeat, NOW, None),
            (3, C::NoHeat, NOW, None),
        ],
        None,
        create(&[2, 3]),
    );
}

#[test]
fn a_new_ticket_joins_a_fresh_open_inspection() {
    check(
        &[(2, C::NoHeat, NOW, None)],
        Some((9, "2026-11-21T12:00:00Z")),
        link(9, &[2]),
    );
    check(
        &[(2, C::NoHeat, NOW, None)],
        Some((9, EXACTLY_7_DAYS)),
        link(9, &[2]),
    );
    check(
        &[(2, C::NoHeat, NOW, None)],
        Some((9, "2026-11-24T12:00:01Z")),
        link(9, &[2]),
    );
    check(
        &[(2, C::Billing, NOW, None)],
        Some((9, "2026-11-21T12:00:00Z")),
        RepeatDecision::Nothing,
    );
}

#[test]
fn a_stale_open_inspection_takes_no_tickets() {
    check(
        &[(2, C::NoHeat, NOW, None)],
        Some((9, OVER_7_DAYS)),
        RepeatDecision::Nothing,
    );
    check(
        &[
            (1, C::NoHeat, "2026-11-23T08:00:00Z", None),
            (2, C::NoHeat, NOW, None),
        ],
        Some((9, OVER_7_DAYS)),
        create(&[1, 2]),
    );
}

#[test]
fn old_tickets_never_link_even_to_a_fresh_inspection() {
    check(
        &[(1, C::NoHeat, OVER_7_DAYS, None), (2, C::NoHeat, NOW, None)],
        Some((9, "2026-11-23T12:00:00Z")),
        link(9, &[2]),
    );
    check(
        &[
            (1, C::NoHeat, "2026-10-01T08:00:00Z", None),
            (2, C::NoHeat, "2026-10-02T08:00:00Z", None),
        ],
        None,
        RepeatDecision::Nothing,
    );
}

#[test]
fn tickets_dated_after_now_are_ignored() {
    check(
        &[
            (1, C::NoHeat, NOW, None),
            (2, C::NoHeat, "2026-11-24T12:00:01Z", None),
        ],
        None,
        RepeatDecision::Nothing,
    );
}

#[test]
fn a_configured_policy_changes_the_threshold_and_the_window() {
    let policy = RepeatPolicy::new(3, 1, vec![C::NoHeat]).unwrap();
    let two = [
        (1, C::NoHeat, "2026-11-24T08:00:00Z", None),
        (2, C::NoHeat, NOW, None),
    ];
    check_with(&policy, &two, None, RepeatDecision::Nothing);
    let three = [two[0], two[1], (3, C::NoHeat, "2026-11-23T12:00:00Z", None)];
    check_with(&policy, &three, None, create(&[3, 1, 2]));
    let late = [two[0], two[1], (3, C::NoHeat, "2026-11-23T11:59:59Z", None)];
    check_with(&policy, &late, None, RepeatDecision::Nothing);
    check_with(
        &policy,
        &two,
        Some((9, "2026-11-23T11:59:59Z")),
        RepeatDecision::Nothing,
    );
    check_with(
        &policy,
        &two,
        Some((9, "2026-11-23T12:00:00Z")),
        link(9, &[1, 2]),
    );
}

#[test]
fn a_policy_must_be_able_to_trigger() {
    assert_eq!(
        RepeatPolicy::new(0, 7, vec![C::NoHeat]),
        Err(RepeatPolicyError::MinTicketsTooLow { min_tickets: 0 })
    );
    assert_eq!(
        RepeatPolicy::new(2, 0, vec![C::NoHeat]),
        Err(RepeatPolicyError::WindowOutOfRange { window_days: 0 })
    );
    assert_eq!(
        RepeatPolicy::new(2, 367, vec![C::NoHeat]),
        Err(RepeatPolicyError::WindowOutOfRange { window_days: 367 })
    );
    assert_eq!(
        RepeatPolicy::new(2, 7, vec![]),
        Err(RepeatPolicyError::NoCategories)
    );
    let policy = RepeatPolicy::new(2, 7, vec![C::NoHeat, C::AirLock, C::NoHeat]).unwrap();
    assert_eq!(policy.categories(), [C::NoHeat, C::AirLock]);
}
