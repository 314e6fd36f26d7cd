//! Remarks (замечания): defects an inspection found, each owned by the
//! organization that must fix it, with a deadline.
//!
//! `Open` → `Eliminated` (the organization claims it fixed the defect, with a
//! comment) → `Verified` (the district HQ confirms). The HQ may instead reject
//! the claim, which sends the remark back to `Open`. Verified is final.
//!
//! Not here: who should own a remark (`responsibility`) or who may press which
//! button (roles are checked in `app`).

use jiff::Timestamp;

use crate::inspection::InspectionId;
use crate::organization::OrganizationId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RemarkId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RemarkStatus {
    Open,
    /// Claimed fixed by the owner organization, not yet checked.
    Eliminated,
    /// Confirmed fixed by the district HQ.
    Verified,
}

impl RemarkStatus {
    pub const ALL: [RemarkStatus; 3] = [
        RemarkStatus::Open,
        RemarkStatus::Eliminated,
        RemarkStatus::Verified,
    ];

    pub fn as_code(self) -> &'static str {
        match self {
            RemarkStatus::Open => "open",
            RemarkStatus::Eliminated => "eliminated",
            RemarkStatus::Verified => "verified",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "open" => RemarkStatus::Open,
            "eliminated" => RemarkStatus::Eliminated,
            "verified" => RemarkStatus::Verified,
            _ => return None,
        })
    }
}

/// What kind of defect a remark is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RemarkIssue {
    RoomTooCold,
    RoomOverheated,
    SupplyOffSchedule,
    ReturnAboveSchedule,
    HotWaterTooCold,
    HotWaterTooHot,
    /// Observed, not measured: recorded by the inspector by hand.
    AirLock,
    /// Anything else the inspector writes down.
    Other,
}

impl RemarkIssue {
    pub const ALL: [RemarkIssue; 8] = [
        RemarkIssue::RoomTooCold,
        RemarkIssue::RoomOverheated,
        RemarkIssue::SupplyOffSchedule,
        RemarkIssue::ReturnAboveSchedule,
        RemarkIssue::HotWaterTooCold,
        RemarkIssue::HotWaterTooHot,
        RemarkIssue::AirLock,
        RemarkIssue::Other,
    ];

    pub fn as_code(self) -> &'static str {
        match self {
            RemarkIssue::RoomTooCold => "room_too_cold",
            RemarkIssue::RoomOverheated => "room_overheated",
            RemarkIssue::SupplyOffSchedule => "supply_off_schedule",
            RemarkIssue::ReturnAboveSchedule => "return_above_schedule",
            RemarkIssue::HotWaterTooCold => "hot_water_too_cold",
            RemarkIssue::HotWaterTooHot => "hot_water_too_hot",
            RemarkIssue::AirLock => "air_lock",
            RemarkIssue::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "room_too_cold" => RemarkIssue::RoomTooCold,
            "room_overheated" => RemarkIssue::RoomOverheated,
            "supply_off_schedule" => RemarkIssue::SupplyOffSchedule,
            "return_above_schedule" => RemarkIssue::ReturnAboveSchedule,
            "hot_water_too_cold" => RemarkIssue::HotWaterTooCold,
            "hot_water_too_hot" => RemarkIssue::HotWaterTooHot,
            "air_lock" => RemarkIssue::AirLock,
            "other" => RemarkIssue::Other,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RemarkError {
    #[error("remark cannot go from {from:?} to {to:?}")]
    InvalidTransition {
        from: RemarkStatus,
        to: RemarkStatus,
    },
    #[error("this step needs a comment")]
    EmptyComment,
}

/// What a new remark is made of, before it has an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRemark {
    pub inspection_id: InspectionId,
    /// The organization that must fix it.
    pub organization_id: OrganizationId,
    pub issue: RemarkIssue,
    /// The defect in the inspector's words.
    pub text: String,
    /// The rule it breaks, e.g. «ПП 354 Прил.1 п.15».
    pub reference: String,
    pub due_at: Timestamp,
}

/// The lifecycle state of a stored remark, for [`Remark::restore`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemarkState {
    pub status: RemarkStatus,
    pub due_at: Timestamp,
    pub eliminated_at: Option<Timestamp>,
    /// The organization's account of the fix.
    pub elimination_comment: Option<String>,
    pub verified_at: Option<Timestamp>,
    /// Why the HQ last rejected a claimed fix.
    pub rejection_comment: Option<String>,
    pub version: i64,
}

/// A remark. Facts are public fields; the lifecycle state changes only
/// through the transition methods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remark {
    pub id: RemarkId,
    pub inspection_id: InspectionId,
    pub organization_id: OrganizationId,
    pub issue: RemarkIssue,
    pub text: String,
    pub reference: String,
    pub created_at: Timestamp,
    state: RemarkState,
}

/// Past the deadline: strictly after it, so a remark due at 18:00 is on time at 18:00.
pub fn is_overdue(due_at: Timestamp, now: Timestamp) -> bool {
    now > due_at
}

impl Remark {
    /// The state a new remark starts in: open, due when the inspector said.
    pub fn initial_state(facts: &NewRemark) -> RemarkState {
        RemarkState {
            status: RemarkStatus::Open,
            due_at: facts.due_at,
            eliminated_at: None,
            elimination_comment: None,
            verified_at: None,
            rejection_comment: None,
            version: 1,
        }
    }

    /// Rebuilds a remark from stored facts and state; the state's deadline wins
    /// over the original one, since a rejection may have moved it.
    pub fn restore(
        id: RemarkId,
        facts: NewRemark,
        created_at: Timestamp,
        state: RemarkState,
    ) -> Remark {
        Remark {
            id,
            inspection_id: facts.inspection_id,
            organization_id: facts.organization_id,
            issue: facts.issue,
            text: facts.text,
            reference: facts.reference,
            created_at,
            state,
        }
    }

    pub fn status(&self) -> RemarkStatus {
        self.state.status
    }

    pub fn due_at(&self) -> Timestamp {
        self.state.due_at
    }

    pub fn eliminated_at(&self) -> Option<Timestamp> {
        self.state.eliminated_at
    }

    pub fn elimination_comment(&self) -> Option<&str> {
        self.state.elimination_comment.as_deref()
    }

    pub fn verified_at(&self) -> Option<Timestamp> {
        self.state.verified_at
    }

    pub fn rejection_comment(&self) -> Option<&str> {
        self.state.rejection_comment.as_deref()
    }

    /// The state as it is now, for storing.
    pub fn state(&self) -> &RemarkState {
        &self.state
    }

    /// Still open past its deadline. A claimed fix is not overdue: the
    /// organization has answered and the HQ's check is pending.
    pub fn is_overdue(&self, now: Timestamp) -> bool {
        self.state.status == RemarkStatus::Open && is_overdue(self.state.due_at, now)
    }

    /// The owner organization claims the defect fixed, saying how.
    pub fn claim_eliminated(&mut self, comment: &str, now: Timestamp) -> Result<(), RemarkError> {
        let comment = non_empty(comment)?;
        self.transition(RemarkStatus::Eliminated, RemarkStatus::Open)?;
        self.state.eliminated_at = Some(now);
        self.state.elimination_comment = Some(comment);
        Ok(())
    }

    /// The district HQ confirms the fix.
    pub fn verify(&mut self, now: Timestamp) -> Result<(), RemarkError> {
        self.transition(RemarkStatus::Verified, RemarkStatus::Eliminated)?;
        self.state.verified_at = Some(now);
        Ok(())
    }

    /// The district HQ rejects the claimed fix: the remark reopens, with a new
    /// deadline if given (the old one may have passed while the claim waited).
    pub fn reject(&mut self, comment: &str, due_at: Option<Timestamp>) -> Result<(), RemarkError> {
        let comment = non_empty(comment)?;
        self.transition(RemarkStatus::Open, RemarkStatus::Eliminated)?;
        self.state.eliminated_at = None;
        self.state.elimination_comment = None;
        self.state.rejection_comment = Some(comment);
        if let Some(due_at) = due_at {
            self.state.due_at = due_at;
        }
        Ok(())
    }

    fn transition(&mut self, to: RemarkStatus, from: RemarkStatus) -> Result<(), RemarkError> {
        if self.state.status != from {
            return Err(RemarkError::InvalidTransition {
                from: self.state.status,
                to,
            });
        }
        self.state.status = to;
        self.state.version += 1;
        Ok(())
    }
}

fn non_empty(comment: &str) -> Result<String, RemarkError> {
    let comment = comment.trim();
    if comment.is_empty() {
        return Err(RemarkError::EmptyComment);
    }
    Ok(comment.to_string())
}

#[cfg(test)]
mod tests;
