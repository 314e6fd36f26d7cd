//! Escalation (эскалация): an overdue ticket is flagged and goes up to the HQ
//! that oversees its organization.
//!
//! Overdue means open and past the resolution deadline ([`Ticket::is_overdue`]).
//! This module only says whether and to whom a ticket escalates at `now`; it
//! does not remember that it already did: the caller records an
//! `EventKind::Overdue` event once and skips tickets that have one. The
//! first-response deadline does not escalate, since tickets do not store it.

use jiff::{SignedDuration, Timestamp};

use crate::district::DistrictId;
use crate::ticket::{Ticket, TicketId};

/// The HQ an overdue ticket goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EscalationTarget {
    /// The ticket's district HQ, per PRODUCT.md section 4.
    DistrictHq(DistrictId),
    /// The city HQ, for a ticket with no district (an unknown address): no
    /// district HQ sees it, so the city's must.
    CityHq,
}

/// What to do about one overdue ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Escalation {
    pub ticket_id: TicketId,
    pub to: EscalationTarget,
    /// The deadline that was missed.
    pub due_at: Timestamp,
    /// How late the ticket is at `now`; always positive.
    pub overdue_by: SignedDuration,
}

/// The escalation an overdue `ticket` needs at `now`, or `None` while it is
/// closed, on time, or has no deadline.
pub fn escalation(ticket: &Ticket, now: Timestamp) -> Option<Escalation> {
    if !ticket.is_overdue(now) {
        return None;
    }
    let due_at = ticket.due_at()?;
    let to = match ticket.district_id() {
        Some(district) => EscalationTarget::DistrictHq(district),
        None => EscalationTarget::CityHq,
    };
    Some(Escalation {
        ticket_id: ticket.id,
        to,
        due_at,
        overdue_by: now.duration_since(due_at),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::category::Category;
    use crate::organization::OrganizationId;
    use crate::phone::Phone;
    use crate::ticket::{Assignment, Channel, NewTicket, TicketNumber, TicketState, TicketStatus};

    fn ticket(status: TicketStatus, district: Option<i64>, due_at: Option<&str>) -> Ticket {
        let facts = NewTicket {
            category: Category::NoHeat,
            channel: Channel::Phone,
            phone: Phone::parse("+73472770911").unwrap(),
            resident_name: None,
            address: Some("ул. Ленина, 5".into()),
            building_id: None,
            apartment: None,
            entrance: None,
            description: "холодные батареи".into(),
        };
        let state = TicketState {
            status,
            assignment: Assignment {
                district_id: district.map(DistrictId),
                organization_id: Some(OrganizationId(2)),
                due_at: due_at.map(|d| d.parse().unwrap()),
            },
            closed_at: None,
            resolution: None,
            resolution_text: None,
            version: 1,
        };
        let created_at = "2026-11-24T10:00:00+05:00".parse().unwrap();
        Ticket::restore(
            TicketId(7),
            TicketNumber::new(2026, 7),
            facts,
            created_at,
            state,
        )
    }

    const DUE: &str = "2026-11-25T10:00:00+05:00";

    /// `expected`: the target and how late, e.g. `Some((Some(3), "PT2H"))`.
    #[track_caller]
    fn check(ticket: Ticket, now: &str, expected: Option<(Option<i64>, &str)>) {
        let actual = escalation(&ticket, now.parse().unwrap());
        let expected = expected.map(|(district, late)| Escalation {
            ticket_id: TicketId(7),
            to: district.map_or(EscalationTarget::CityHq, |d| {
                EscalationTarget::DistrictHq(DistrictId(d))
            }),
            due_at: DUE.parse().unwrap(),
            overdue_by: late.parse().unwrap(),
        });
        assert_eq!(actual, expected);
    }

    #[test]
    fn open_tickets_past_their_deadline_escalate_to_their_district_hq() {
        use TicketStatus::*;
        let late = "2026-11-25T12:00:00+05:00";
        check(
            ticket(Registered, Some(3), Some(DUE)),
            late,
            Some((Some(3), "PT2H")),
        );
        check(
            ticket(Assigned, Some(3), Some(DUE)),
            late,
            Some((Some(3), "PT2H")),
        );
        check(
            ticket(InProgress, Some(3), Some(DUE)),
            late,
            Some((Some(3), "PT2H")),
        );
        check(
            ticket(Reopened, Some(3), Some(DUE)),
            late,
            Some((Some(3), "PT2H")),
        );
        check(ticket(Closed, Some(3), Some(DUE)), late, None);
    }

    #[test]
    fn a_ticket_escalates_only_after_its_deadline_has_passed() {
        let open = || ticket(TicketStatus::Assigned, Some(3), Some(DUE));
        check(open(), "2026-11-24T12:00:00+05:00", None);
        check(open(), DUE, None);
        check(
            open(),
            "2026-11-25T10:00:00.001+05:00",
            Some((Some(3), "PT0.001S")),
        );
        check(
            open(),
            "2026-11-27T10:00:00+05:00",
            Some((Some(3), "PT48H")),
        );
    }

    #[test]
    fn tickets_without_a_district_escalate_to_the_city_hq_and_without_a_deadline_never() {
        let late = "2026-11-26T10:00:00+05:00";
        check(
            ticket(TicketStatus::Registered, None, Some(DUE)),
            late,
            Some((None, "PT24H")),
        );
        check(ticket(TicketStatus::Registered, None, None), late, None);
        check(ticket(TicketStatus::Assigned, Some(3), None), late, None);
    }
}
