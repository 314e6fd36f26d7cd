use super::*;

fn ts(text: &str) -> Timestamp {
    text.parse().unwrap()
}

const DUE: &str = "2026-11-26T13:00:00Z";

fn remark(status: RemarkStatus) -> Remark {
    let facts = NewRemark {
        inspection_id: InspectionId(4),
        organization_id: OrganizationId(5),
        issue: RemarkIssue::RoomTooCold,
        text: "кв. 12, угловая комната +19,5 °C".into(),
        reference: "ПП 354 Прил.1 п.15".into(),
        due_at: ts(DUE),
    };
    let mut state = Remark::initial_state(&facts);
    state.status = status;
    Remark::restore(RemarkId(1), facts, ts("2026-11-24T10:00:00Z"), state)
}

#[derive(Debug, Clone, Copy)]
enum Action {
    Claim,
    Verify,
    Reject,
}

fn apply(remark: &mut Remark, action: Action) -> Result<(), RemarkError> {
    let now = ts("2026-11-25T10:00:00Z");
    match action {
        Action::Claim => remark.claim_eliminated("стояк развоздушен", now),
        Action::Verify => remark.verify(now),
        Action::Reject => remark.reject("в кв. 12 по-прежнему +19", None),
    }
}

#[track_caller]
fn check(from: RemarkStatus, action: Action, expected: Result<RemarkStatus, RemarkError>) {
    let mut it = remark(from);
    let res = apply(&mut it, action).map(|()| it.status());
    assert_eq!(res, expected);
    let expected_version = if expected.is_ok() { 2 } else { 1 };
    assert_eq!(it.state().version, expected_version);
}

#[test]
fn a_remark_is_claimed_then_verified_or_rejected() {
    use RemarkStatus as S;
    check(S::Open, Action::Claim, Ok(S::Eliminated));
    check(S::Eliminated, Action::Verify, Ok(S::Verified));
    check(S::Eliminated, Action::Reject, Ok(S::Open));
}

#[test]
fn steps_out_of_order_are_refused() {
    use RemarkStatus as S;
    let invalid = |from, to| Err(RemarkError::InvalidTransition { from, to });
    check(S::Open, Action::Verify, invalid(S::Open, S::Verified));
    check(S::Open, Action::Reject, invalid(S::Open, S::Open));
    check(
        S::Eliminated,
        Action::Claim,
        invalid(S::Eliminated, S::Eliminated),
    );
    check(
        S::Verified,
        Action::Claim,
        invalid(S::Verified, S::Eliminated),
    );
    check(
        S::Verified,
        Action::Verify,
        invalid(S::Verified, S::Verified),
    );
    check(S::Verified, Action::Reject, invalid(S::Verified, S::Open));
}

#[test]
fn claiming_and_rejecting_need_a_comment() {
    let mut it = remark(RemarkStatus::Open);
    let now = ts("2026-11-25T10:00:00Z");
    assert_eq!(
        it.claim_eliminated(" ", now),
        Err(RemarkError::EmptyComment)
    );
    it.claim_eliminated(" стояк развоздушен ", now).unwrap();
    assert_eq!(it.elimination_comment(), Some("стояк развоздушен"));
    assert_eq!(it.eliminated_at(), Some(now));
    assert_eq!(it.reject("", None), Err(RemarkError::EmptyComment));
    assert_eq!(it.status(), RemarkStatus::Eliminated);
}

#[test]
fn a_rejection_clears_the_claim_and_may_move_the_deadline() {
    let mut it = remark(RemarkStatus::Open);
    it.claim_eliminated("стояк развоздушен", ts("2026-11-25T10:00:00Z"))
        .unwrap();
    it.reject("в кв. 12 по-прежнему +19", Some(ts("2026-11-28T13:00:00Z")))
        .unwrap();
    assert_eq!(it.eliminated_at(), None);
    assert_eq!(it.elimination_comment(), None);
    assert_eq!(it.rejection_comment(), Some("в кв. 12 по-прежнему +19"));
    assert_eq!(it.due_at(), ts("2026-11-28T13:00:00Z"));
}

#[track_caller]
fn check_overdue(status: RemarkStatus, now: &str, expected: bool) {
    assert_eq!(remark(status).is_overdue(ts(now)), expected);
}

#[test]
fn an_open_remark_is_overdue_only_after_its_deadline() {
    check_overdue(RemarkStatus::Open, "2026-11-26T12:59:59Z", false);
    check_overdue(RemarkStatus::Open, DUE, false);
    check_overdue(RemarkStatus::Open, "2026-11-26T13:00:01Z", true);
    check_overdue(RemarkStatus::Eliminated, "2026-11-30T00:00:00Z", false);
    check_overdue(RemarkStatus::Verified, "2026-11-30T00:00:00Z", false);
    assert!(is_overdue(ts(DUE), ts("2026-11-26T13:00:01Z")));
    assert!(!is_overdue(ts(DUE), ts(DUE)));
}

#[test]
fn every_code_round_trips() {
    for status in RemarkStatus::ALL {
        assert_eq!(RemarkStatus::from_code(status.as_code()), Some(status));
    }
    for issue in RemarkIssue::ALL {
        assert_eq!(RemarkIssue::from_code(issue.as_code()), Some(issue));
    }
    assert_eq!(RemarkStatus::from_code("Open"), None);
}
