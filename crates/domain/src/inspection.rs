//! Joint inspections (комиссионные выезды): a visit of the district HQ, the
//! management company and the heat supplier to a building that residents keep
//! calling about.
//!
//! `Open` (created, awaiting a date) → `Scheduled` (date, time and members set;
//! may be rescheduled) → `Completed` (the act is recorded). An open or scheduled
//! inspection may be `Cancelled` with a reason. Tickets link to it only while
//! it is open or scheduled.
//!
//! Not here: when an inspection is created and which tickets it takes
//! (`repeat_detection`), the act's measurements (`norm`) and remarks (`remark`).

use jiff::Timestamp;

use crate::building::BuildingId;
use crate::district::DistrictId;
use crate::organization::OrganizationId;
use crate::ticket::TicketId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InspectionId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InspectionStatus {
    Open,
    Scheduled,
    Completed,
    Cancelled,
}

impl InspectionStatus {
    pub const ALL: [InspectionStatus; 4] = [
        InspectionStatus::Open,
        InspectionStatus::Scheduled,
        InspectionStatus::Completed,
        InspectionStatus::Cancelled,
    ];

    pub fn as_code(self) -> &'static str {
        match self {
            InspectionStatus::Open => "open",
            InspectionStatus::Scheduled => "scheduled",
            InspectionStatus::Completed => "completed",
            InspectionStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "open" => InspectionStatus::Open,
            "scheduled" => InspectionStatus::Scheduled,
            "completed" => InspectionStatus::Completed,
            "cancelled" => InspectionStatus::Cancelled,
            _ => return None,
        })
    }

    /// Still to be visited: open or scheduled.
    pub fn is_open(self) -> bool {
        matches!(self, InspectionStatus::Open | InspectionStatus::Scheduled)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InspectionError {
    #[error("inspection cannot go from {from:?} to {to:?}")]
    InvalidTransition {
        from: InspectionStatus,
        to: InspectionStatus,
    },
    #[error("a scheduled inspection needs at least one member organization")]
    NoMembers,
    #[error("cancelling an inspection needs a reason")]
    EmptyReason,
    #[error("ticket {ticket_id:?} cannot link to a {status:?} inspection")]
    NotOpen {
        ticket_id: TicketId,
        status: InspectionStatus,
    },
}

/// What a new inspection is made of, before it has an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInspection {
    pub building_id: BuildingId,
    /// The district HQ that runs the visit.
    pub district_id: DistrictId,
    /// The repeated tickets that triggered it.
    pub ticket_ids: Vec<TicketId>,
}

/// The lifecycle state of a stored inspection, for [`JointInspection::restore`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectionState {
    pub status: InspectionStatus,
    pub ticket_ids: Vec<TicketId>,
    pub visit_at: Option<Timestamp>,
    pub members: Vec<OrganizationId>,
    pub completed_at: Option<Timestamp>,
    pub cancelled_at: Option<Timestamp>,
    pub cancel_reason: Option<String>,
    pub version: i64,
}

/// A joint inspection. Facts are public fields; the lifecycle state changes
/// only through the transition methods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JointInspection {
    pub id: InspectionId,
    pub building_id: BuildingId,
    pub district_id: DistrictId,
    pub opened_at: Timestamp,
    state: InspectionState,
}

impl JointInspection {
    /// The state a new inspection starts in: open, with its triggering tickets.
    pub fn initial_state(facts: &NewInspection) -> InspectionState {
        InspectionState {
            status: InspectionStatus::Open,
            ticket_ids: facts.ticket_ids.clone(),
            visit_at: None,
            members: Vec::new(),
            completed_at: None,
            cancelled_at: None,
            cancel_reason: None,
            version: 1,
        }
    }

    /// Rebuilds an inspection from stored facts and state.
    pub fn restore(
        id: InspectionId,
        facts: NewInspection,
        opened_at: Timestamp,
        state: InspectionState,
    ) -> JointInspection {
        JointInspection {
            id,
            building_id: facts.building_id,
            district_id: facts.district_id,
            opened_at,
            state,
        }
    }

    pub fn status(&self) -> InspectionStatus {
        self.state.status
    }

    pub fn ticket_ids(&self) -> &[TicketId] {
        &self.state.ticket_ids
    }

    pub fn visit_at(&self) -> Option<Timestamp> {
        self.state.visit_at
    }

    /// The organizations invited (the management company, the heat supplier).
    pub fn members(&self) -> &[OrganizationId] {
        &self.state.members
    }

    pub fn completed_at(&self) -> Option<Timestamp> {
        self.state.completed_at
    }

    pub fn cancelled_at(&self) -> Option<Timestamp> {
        self.state.cancelled_at
    }

    pub fn cancel_reason(&self) -> Option<&str> {
        self.state.cancel_reason.as_deref()
    }

    /// The state as it is now, for storing.
    pub fn state(&self) -> &InspectionState {
        &self.state
    }

    /// Sets (or moves) the visit's date and time and who is invited.
    pub fn schedule(
        &mut self,
        visit_at: Timestamp,
        members: Vec<OrganizationId>,
    ) -> Result<(), InspectionError> {
        if members.is_empty() {
            return Err(InspectionError::NoMembers);
        }
        self.transition(
            InspectionStatus::Scheduled,
            &[InspectionStatus::Open, InspectionStatus::Scheduled],
        )?;
        self.state.visit_at = Some(visit_at);
        self.state.members = members;
        Ok(())
    }

    /// Records that the visit took place and its act is recorded. Only a
    /// scheduled visit completes, so every act has a date and members.
    pub fn complete(&mut self, now: Timestamp) -> Result<(), InspectionError> {
        self.transition(InspectionStatus::Completed, &[InspectionStatus::Scheduled])?;
        self.state.completed_at = Some(now);
        Ok(())
    }

    /// Calls the visit off, e.g. when the problem was fixed before it.
    pub fn cancel(&mut self, reason: &str, now: Timestamp) -> Result<(), InspectionError> {
        if reason.trim().is_empty() {
            return Err(InspectionError::EmptyReason);
        }
        self.transition(
            InspectionStatus::Cancelled,
            &[InspectionStatus::Open, InspectionStatus::Scheduled],
        )?;
        self.state.cancelled_at = Some(now);
        self.state.cancel_reason = Some(reason.trim().to_string());
        Ok(())
    }

    /// Adds a ticket to a visit still to come; linking twice changes nothing.
    pub fn link_ticket(&mut self, ticket_id: TicketId) -> Result<(), InspectionError> {
        if !self.state.status.is_open() {
            return Err(InspectionError::NotOpen {
                ticket_id,
                status: self.state.status,
            });
        }
        if !self.state.ticket_ids.contains(&ticket_id) {
            self.state.ticket_ids.push(ticket_id);
            self.state.version += 1;
        }
        Ok(())
    }

    fn transition(
        &mut self,
        to: InspectionStatus,
        from: &[InspectionStatus],
    ) -> Result<(), InspectionError> {
        if !from.contains(&self.state.status) {
            return Err(InspectionError::InvalidTransition {
                from: self.state.status,
                to,
            });
        }
        self.state.status = to;
        self.state.version += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
