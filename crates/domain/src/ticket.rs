//! Tickets (обращения): a resident's request and its lifecycle.
//!
//! `Registered → Assigned → InProgress → Closed → Reopened → …`. Closing needs a
//! resolution code; closing never claims the problem is solved (the quality
//! callback decides that).

use jiff::Timestamp;

use crate::building::BuildingId;
use crate::category::Category;
use crate::district::DistrictId;
use crate::organization::OrganizationId;
use crate::phone::Phone;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TicketId(pub i64);

/// The number read to the caller, `2026-000123`: the year and a per-year sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TicketNumber {
    year: i16,
    seq: i64,
}

impl TicketNumber {
    pub fn new(year: i16, seq: i64) -> Self {
        TicketNumber { year, seq }
    }

    /// Accepts `2026-000123` and what operators type: `2026-123`, `2026 123`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (year, seq) = text.split_once(['-', ' ', '/'])?;
        let year: i16 = year.trim().parse().ok()?;
        let seq: i64 = seq.trim().parse().ok()?;
        ((2000..=2999).contains(&year) && seq > 0).then_some(TicketNumber { year, seq })
    }

    pub fn year(self) -> i16 {
        self.year
    }

    pub fn seq(self) -> i64 {
        self.seq
    }
}

impl std::fmt::Display for TicketNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{:06}", self.year, self.seq)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TicketStatus {
    Registered,
    Assigned,
    InProgress,
    Closed,
    Reopened,
}

impl TicketStatus {
    pub const ALL: [TicketStatus; 5] = [
        TicketStatus::Registered,
        TicketStatus::Assigned,
        TicketStatus::InProgress,
        TicketStatus::Closed,
        TicketStatus::Reopened,
    ];

    pub fn as_code(self) -> &'static str {
        match self {
            TicketStatus::Registered => "registered",
            TicketStatus::Assigned => "assigned",
            TicketStatus::InProgress => "in_progress",
            TicketStatus::Closed => "closed",
            TicketStatus::Reopened => "reopened",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "registered" => TicketStatus::Registered,
            "assigned" => TicketStatus::Assigned,
            "in_progress" => TicketStatus::InProgress,
            "closed" => TicketStatus::Closed,
            "reopened" => TicketStatus::Reopened,
            _ => return None,
        })
    }

    pub fn is_open(self) -> bool {
        self != TicketStatus::Closed
    }
}

/// How a ticket was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resolution {
    Fixed,
    Explained,
    NoViolation,
    OutageRestored,
    Duplicate,
    NotResponsible,
}

impl Resolution {
    pub const ALL: [Resolution; 6] = [
        Resolution::Fixed,
        Resolution::Explained,
        Resolution::NoViolation,
        Resolution::OutageRestored,
        Resolution::Duplicate,
        Resolution::NotResponsible,
    ];

    pub fn as_code(self) -> &'static str {
        match self {
            Resolution::Fixed => "fixed",
            Resolution::Explained => "explained",
            Resolution::NoViolation => "no_violation",
            Resolution::OutageRestored => "outage_restored",
            Resolution::Duplicate => "duplicate",
            Resolution::NotResponsible => "not_responsible",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "fixed" => Resolution::Fixed,
            "explained" => Resolution::Explained,
            "no_violation" => Resolution::NoViolation,
            "outage_restored" => Resolution::OutageRestored,
            "duplicate" => Resolution::Duplicate,
            "not_responsible" => Resolution::NotResponsible,
            _ => return None,
        })
    }
}

/// The door a ticket came in through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    Phone,
    Web,
    Open311,
    Reception,
    Import,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::Phone,
        Channel::Web,
        Channel::Open311,
        Channel::Reception,
        Channel::Import,
    ];

    pub fn as_code(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Web => "web",
            Channel::Open311 => "open311",
            Channel::Reception => "reception",
            Channel::Import => "import",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "phone" => Channel::Phone,
            "web" => Channel::Web,
            "open311" => Channel::Open311,
            "reception" => Channel::Reception,
            "import" => Channel::Import,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TicketError {
    #[error("ticket cannot go from {from:?} to {to:?}")]
    InvalidTransition {
        from: TicketStatus,
        to: TicketStatus,
    },
    /// A billing ticket closes only with the explanation given to the
    /// resident (ПП 354 п. 31): the "billing answered" share counts on it.
    #[error("a billing ticket needs a non-empty answer to close")]
    AnswerRequired,
}

/// Who a ticket is routed to and by when, as decided at registration or re-routing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assignment {
    pub district_id: Option<DistrictId>,
    pub organization_id: Option<OrganizationId>,
    pub due_at: Option<Timestamp>,
}

/// A resident's request. Facts about the call are public fields; the lifecycle
/// state changes only through the transition methods.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    pub id: TicketId,
    pub number: TicketNumber,
    pub category: Category,
    pub channel: Channel,
    pub phone: Phone,
    pub resident_name: Option<String>,
    /// The address as the caller gave it.
    pub address: Option<String>,
    pub building_id: Option<BuildingId>,
    pub apartment: Option<String>,
    pub entrance: Option<String>,
    pub description: String,
    pub created_at: Timestamp,
    /// The open outage the ticket was linked to at registration, if any.
    pub outage_id: Option<crate::outage::OutageId>,
    status: TicketStatus,
    assignment: Assignment,
    closed_at: Option<Timestamp>,
    resolution: Option<Resolution>,
    resolution_text: Option<String>,
    version: i64,
}

/// The lifecycle state of a stored ticket, for [`Ticket::restore`].
#[derive(Debug, Clone, PartialEq)]
pub struct TicketState {
    pub status: TicketStatus,
    pub assignment: Assignment,
    pub closed_at: Option<Timestamp>,
    pub resolution: Option<Resolution>,
    pub resolution_text: Option<String>,
    pub version: i64,
}

/// What a new ticket is made of, before it has an id and a number.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTicket {
    pub category: Category,
    pub channel: Channel,
    pub phone: Phone,
    pub resident_name: Option<String>,
    pub address: Option<String>,
    pub building_id: Option<BuildingId>,
    pub apartment: Option<String>,
    pub entrance: Option<String>,
    pub description: String,
}

impl NewTicket {
    /// The status a new ticket starts in: `Assigned` when routing found an
    /// organization, `Registered` while it waits for the district to route it.
    pub fn initial_status(assignment: &Assignment) -> TicketStatus {
        if assignment.organization_id.is_some() {
            TicketStatus::Assigned
        } else {
            TicketStatus::Registered
        }
    }
}

impl Ticket {
    /// Rebuilds a ticket from stored facts and state.
    pub fn restore(
        id: TicketId,
        number: TicketNumber,
        facts: NewTicket,
        created_at: Timestamp,
        state: TicketState,
    ) -> Ticket {
        Ticket {
            id,
            number,
            category: facts.category,
            channel: facts.channel,
            phone: facts.phone,
            resident_name: facts.resident_name,
            address: facts.address,
            building_id: facts.building_id,
            apartment: facts.apartment,
            entrance: facts.entrance,
            description: facts.description,
            created_at,
            outage_id: None,
            status: state.status,
            assignment: state.assignment,
            closed_at: state.closed_at,
            resolution: state.resolution,
            resolution_text: state.resolution_text,
            version: state.version,
        }
    }

    pub fn status(&self) -> TicketStatus {
        self.status
    }

    pub fn district_id(&self) -> Option<DistrictId> {
        self.assignment.district_id
    }

    pub fn organization_id(&self) -> Option<OrganizationId> {
        self.assignment.organization_id
    }

    pub fn due_at(&self) -> Option<Timestamp> {
        self.assignment.due_at
    }

    pub fn closed_at(&self) -> Option<Timestamp> {
        self.closed_at
    }

    pub fn resolution(&self) -> Option<Resolution> {
        self.resolution
    }

    pub fn resolution_text(&self) -> Option<&str> {
        self.resolution_text.as_deref()
    }

    /// Incremented by every change; a write that saw an older version conflicts.
    pub fn version(&self) -> i64 {
        self.version
    }

    /// Open and past its deadline.
    pub fn is_overdue(&self, now: Timestamp) -> bool {
        self.status.is_open() && self.assignment.due_at.is_some_and(|due| due < now)
    }

    /// The state as it is now, for storing.
    pub fn state(&self) -> TicketState {
        TicketState {
            status: self.status,
            assignment: self.assignment,
            closed_at: self.closed_at,
            resolution: self.resolution,
            resolution_text: self.resolution_text.clone(),
            version: self.version,
        }
    }

    /// Routes (or re-routes) the ticket to an organization with a fresh deadline.
    pub fn assign(&mut self, assignment: Assignment) -> Result<(), TicketError> {
        self.transition(
            TicketStatus::Assigned,
            &[
                TicketStatus::Registered,
                TicketStatus::Assigned,
                TicketStatus::InProgress,
                TicketStatus::Reopened,
            ],
        )?;
        self.assignment = assignment;
        Ok(())
    }

    /// The organization accepts the ticket and starts work.
    pub fn start(&mut self) -> Result<(), TicketError> {
        self.transition(
            TicketStatus::InProgress,
            &[TicketStatus::Assigned, TicketStatus::Reopened],
        )
    }

    /// Closes with a resolution code; the text is what the resident is told.
    /// A billing ticket needs that text (blank does not count), on every
    /// path that closes one.
    pub fn close(
        &mut self,
        resolution: Resolution,
        text: Option<String>,
        now: Timestamp,
    ) -> Result<(), TicketError> {
        let answered = text.as_deref().is_some_and(|t| !t.trim().is_empty());
        if self.category == Category::Billing && !answered && self.status.is_open() {
            return Err(TicketError::AnswerRequired);
        }
        self.transition(
            TicketStatus::Closed,
            &[
                TicketStatus::Registered,
                TicketStatus::Assigned,
                TicketStatus::InProgress,
                TicketStatus::Reopened,
            ],
        )?;
        self.closed_at = Some(now);
        self.resolution = Some(resolution);
        self.resolution_text = text;
        Ok(())
    }

    /// Sends a closed ticket back for more work, to the same organization, with a new deadline.
    pub fn reopen(&mut self, due_at: Option<Timestamp>) -> Result<(), TicketError> {
        self.transition(TicketStatus::Reopened, &[TicketStatus::Closed])?;
        self.closed_at = None;
        self.resolution = None;
        self.resolution_text = None;
        self.assignment.due_at = due_at;
        Ok(())
    }

    fn transition(&mut self, to: TicketStatus, from: &[TicketStatus]) -> Result<(), TicketError> {
        if !from.contains(&self.status) {
            return Err(TicketError::InvalidTransition {
                from: self.status,
                to,
            });
        }
        self.status = to;
        self.version += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
