//! HQ directives (поручения): a decision taken by an operational HQ, with an
//! owner who must act, a deadline and, once done, the owner's report.
//!
//! Overdue is derived, never stored: a directive is stored as open (no
//! completion) or done (a completion with its time and report), and it is
//! overdue when it is open and `now` is past its deadline. A stored overdue flag
//! would need a clock job to set it, would be stale between runs and could
//! disagree between server processes; the store filters overdue directives
//! with `done_at is null and deadline_at < $now` instead. The status code
//! `overdue` exists for the API and list filters.
//!
//! Not here: who may issue or close a directive (that is `app`'s permission
//! check) and the meeting's other agenda items.

use jiff::Timestamp;

use crate::building::BuildingId;
use crate::district::DistrictId;
use crate::hq_meeting::{Hq, HqMeetingId};
use crate::organization::OrganizationId;
use crate::ticket::TicketId;
use crate::user::UserId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DirectiveId(pub i64);

/// A directive's status at a given instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DirectiveStatus {
    Open,
    Done,
    /// Open and past its deadline; derived, see the module docs.
    Overdue,
}

impl DirectiveStatus {
    pub const ALL: [DirectiveStatus; 3] = [
        DirectiveStatus::Open,
        DirectiveStatus::Done,
        DirectiveStatus::Overdue,
    ];

    pub fn as_code(self) -> &'static str {
        match self {
            DirectiveStatus::Open => "open",
            DirectiveStatus::Done => "done",
            DirectiveStatus::Overdue => "overdue",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "open" => DirectiveStatus::Open,
            "done" => DirectiveStatus::Done,
            "overdue" => DirectiveStatus::Overdue,
            _ => return None,
        })
    }
}

/// Who must carry a directive out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DirectiveOwner {
    /// A management company or heat supplier.
    Organization(OrganizationId),
    /// A district HQ (the city HQ assigns work to districts).
    District(DistrictId),
    /// A named official.
    User(UserId),
}

impl DirectiveOwner {
    /// The stored form: a kind code and the id, e.g. `("organization", 12)`.
    pub fn to_parts(self) -> (&'static str, i64) {
        match self {
            DirectiveOwner::Organization(id) => ("organization", id.0),
            DirectiveOwner::District(id) => ("district", id.0),
            DirectiveOwner::User(id) => ("user", id.0),
        }
    }

    pub fn from_parts(kind: &str, id: i64) -> Option<Self> {
        Some(match kind {
            "organization" => DirectiveOwner::Organization(OrganizationId(id)),
            "district" => DirectiveOwner::District(DistrictId(id)),
            "user" => DirectiveOwner::User(UserId(id)),
            _ => return None,
        })
    }
}

/// What a directive is about. Remarks join as a variant when they land.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DirectiveLink {
    Ticket(TicketId),
    Building(BuildingId),
}

impl DirectiveLink {
    /// The stored form: a kind code and the id, e.g. `("ticket", 42)`.
    pub fn to_parts(self) -> (&'static str, i64) {
        match self {
            DirectiveLink::Ticket(id) => ("ticket", id.0),
            DirectiveLink::Building(id) => ("building", id.0),
        }
    }

    pub fn from_parts(kind: &str, id: i64) -> Option<Self> {
        Some(match kind {
            "ticket" => DirectiveLink::Ticket(TicketId(id)),
            "building" => DirectiveLink::Building(BuildingId(id)),
            _ => return None,
        })
    }
}

/// The owner's report that closes a directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub at: Timestamp,
    pub report: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DirectiveError {
    #[error("directive text is empty")]
    EmptyText,
    #[error("deadline {deadline} is not after {now}")]
    DeadlineNotInFuture { deadline: Timestamp, now: Timestamp },
    #[error("a done directive needs a report")]
    ReportRequired,
    #[error("directive is already done")]
    AlreadyDone,
    #[error("directive is not done")]
    NotDone,
}

/// What a directive is made of when an HQ issues it, and its current deadline
/// when it is restored from storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDirective {
    /// The HQ that issued the directive and tracks it.
    pub hq: Hq,
    /// The meeting it was decided at; `None` when issued between meetings.
    pub meeting_id: Option<HqMeetingId>,
    pub text: String,
    pub owner: DirectiveOwner,
    pub deadline: Timestamp,
}

impl NewDirective {
    /// Checks a directive being issued at `now`: it says something and its
    /// deadline is still ahead.
    pub fn validate(&self, now: Timestamp) -> Result<(), DirectiveError> {
        if self.text.trim().is_empty() {
            return Err(DirectiveError::EmptyText);
        }
        deadline_ahead(self.deadline, now)
    }
}

/// A directive. Facts are public; the deadline and completion change only
/// through the transition methods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub id: DirectiveId,
    pub hq: Hq,
    pub meeting_id: Option<HqMeetingId>,
    pub text: String,
    pub owner: DirectiveOwner,
    pub issued_at: Timestamp,
    deadline: Timestamp,
    completion: Option<Completion>,
}

impl Directive {
    /// Rebuilds a directive from stored facts.
    pub fn restore(
        id: DirectiveId,
        facts: NewDirective,
        issued_at: Timestamp,
        completion: Option<Completion>,
    ) -> Directive {
        Directive {
            id,
            hq: facts.hq,
            meeting_id: facts.meeting_id,
            text: facts.text,
            owner: facts.owner,
            issued_at,
            deadline: facts.deadline,
            completion,
        }
    }

    pub fn deadline(&self) -> Timestamp {
        self.deadline
    }

    pub fn completion(&self) -> Option<&Completion> {
        self.completion.as_ref()
    }

    /// The status at `now`: done once reported, overdue when open past the deadline.
    pub fn status_at(&self, now: Timestamp) -> DirectiveStatus {
        match self.completion {
            Some(_) => DirectiveStatus::Done,
            None if self.deadline < now => DirectiveStatus::Overdue,
            None => DirectiveStatus::Open,
        }
    }

    pub fn is_overdue(&self, now: Timestamp) -> bool {
        self.status_at(now) == DirectiveStatus::Overdue
    }

    /// The directive as it stood at `at`: a report filed later is not yet
    /// there, so a past meeting's agenda shows what was overdue at its start.
    /// The deadline is kept as it is now (a rescheduling leaves no history).
    pub fn as_of(&self, at: Timestamp) -> Directive {
        let mut then = self.clone();
        if then.completion.as_ref().is_some_and(|done| done.at > at) {
            then.completion = None;
        }
        then
    }

    /// The owner reports the directive done. A late report is accepted: being
    /// late is visible from the completion time against the deadline.
    pub fn complete(&mut self, report: &str, now: Timestamp) -> Result<(), DirectiveError> {
        if self.completion.is_some() {
            return Err(DirectiveError::AlreadyDone);
        }
        let report = report.trim();
        if report.is_empty() {
            return Err(DirectiveError::ReportRequired);
        }
        self.completion = Some(Completion {
            at: now,
            report: report.to_string(),
        });
        Ok(())
    }

    /// The HQ finds the report insufficient and sends the directive back with
    /// a new deadline; the old report is dropped.
    pub fn reopen(&mut self, deadline: Timestamp, now: Timestamp) -> Result<(), DirectiveError> {
        if self.completion.is_none() {
            return Err(DirectiveError::NotDone);
        }
        deadline_ahead(deadline, now)?;
        self.completion = None;
        self.deadline = deadline;
        Ok(())
    }

    /// The HQ moves the deadline of an open (possibly overdue) directive.
    pub fn reschedule(
        &mut self,
        deadline: Timestamp,
        now: Timestamp,
    ) -> Result<(), DirectiveError> {
        if self.completion.is_some() {
            return Err(DirectiveError::AlreadyDone);
        }
        deadline_ahead(deadline, now)?;
        self.deadline = deadline;
        Ok(())
    }
}

/// The directives a meeting of `hq` starting at `meeting_at` takes up again
/// because they are overdue at its start, most overdue first.
///
/// A district HQ's meeting carries over its own directives. The city HQ's
/// extended meeting reviews the whole city, so it carries over every overdue
/// directive: its own first, then the districts'. A directive stays on every
/// agenda until it is done or rescheduled; there is no "already carried once"
/// state to keep. A directive due later on the meeting day is not overdue yet.
pub fn carried_over(directives: &[Directive], hq: Hq, meeting_at: Timestamp) -> Vec<&Directive> {
    let mut carried: Vec<&Directive> = directives
        .iter()
        .filter(|directive| directive.is_overdue(meeting_at))
        .filter(|directive| hq == Hq::City || directive.hq == hq)
        .collect();
    carried.sort_by_key(|directive| (directive.hq != hq, directive.deadline, directive.id));
    carried
}

fn deadline_ahead(deadline: Timestamp, now: Timestamp) -> Result<(), DirectiveError> {
    if deadline <= now {
        return Err(DirectiveError::DeadlineNotInFuture { deadline, now });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
