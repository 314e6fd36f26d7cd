//! Repeat detection: when a building's repeated heating tickets call for a joint
//! inspection, and which tickets go with it.
//!
//! By default two or more tickets in `no_heat`, `overheating` or `air_lock`
//! within 7 days, not yet linked to any inspection, create an inspection that
//! links them all. A ticket joins the building's open inspection only while that
//! inspection is fresh (opened within the window): NYC's audit found complaints
//! linked to "originals" months old and never inspected, so a stale open
//! inspection takes no new tickets and a new inspection is proposed instead
//! (the stale one stays for the district HQ to complete or cancel). Every ticket
//! keeps its own lifecycle and callback; linking only groups them for the visit.
//!
//! The window is measured in whole 24-hour spans back from `now`, inclusive: a
//! ticket exactly 7 × 24 h old still counts, one a second older does not.
//!
//! This is the rule only: loading tickets, creating and linking are `app`'s.

use jiff::{SignedDuration, Timestamp};

use crate::category::Category;
use crate::inspection::InspectionId;
use crate::ticket::TicketId;

/// When repeated tickets trigger an inspection; configured by the admin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatPolicy {
    min_tickets: u32,
    window_days: u32,
    categories: Vec<Category>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RepeatPolicyError {
    #[error("at least 1 ticket must trigger an inspection, got {min_tickets}")]
    MinTicketsTooLow { min_tickets: u32 },
    #[error("the window must be 1 to 366 days, got {window_days}")]
    WindowOutOfRange { window_days: u32 },
    #[error("at least one category must count")]
    NoCategories,
}

impl Default for RepeatPolicy {
    /// PRODUCT.md: 2 or more tickets in 7 days in the heating categories.
    fn default() -> Self {
        RepeatPolicy {
            min_tickets: 2,
            window_days: 7,
            categories: vec![Category::NoHeat, Category::Overheating, Category::AirLock],
        }
    }
}

impl RepeatPolicy {
    pub fn new(
        min_tickets: u32,
        window_days: u32,
        mut categories: Vec<Category>,
    ) -> Result<Self, RepeatPolicyError> {
        if min_tickets == 0 {
            return Err(RepeatPolicyError::MinTicketsTooLow { min_tickets });
        }
        if !(1..=366).contains(&window_days) {
            return Err(RepeatPolicyError::WindowOutOfRange { window_days });
        }
        categories.sort();
        categories.dedup();
        if categories.is_empty() {
            return Err(RepeatPolicyError::NoCategories);
        }
        Ok(RepeatPolicy {
            min_tickets,
            window_days,
            categories,
        })
    }

    pub fn min_tickets(&self) -> u32 {
        self.min_tickets
    }

    pub fn window_days(&self) -> u32 {
        self.window_days
    }

    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    fn window(&self) -> SignedDuration {
        SignedDuration::from_hours(24 * i64::from(self.window_days))
    }

    /// Whether `earlier` lies within the window before `later` (inclusive).
    fn within(&self, earlier: Timestamp, later: Timestamp) -> bool {
        let age = later.duration_since(earlier);
        !age.is_negative() && age <= self.window()
    }
}

/// A recent ticket of the building, as repeat detection sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecentTicket {
    pub id: TicketId,
    pub category: Category,
    pub created_at: Timestamp,
    /// The inspection it is already linked to, open or not.
    pub inspection_id: Option<InspectionId>,
}

/// The building's most recent open (or scheduled) inspection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenInspection {
    pub id: InspectionId,
    pub opened_at: Timestamp,
}

/// What to do about a building's recent tickets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepeatDecision {
    /// Nothing to create or link.
    Nothing,
    /// Create an inspection for the building, linking these tickets.
    CreateInspection { ticket_ids: Vec<TicketId> },
    /// Link these tickets to the building's fresh open inspection.
    LinkToInspection {
        inspection_id: InspectionId,
        ticket_ids: Vec<TicketId>,
    },
}

/// Decides, typically right after a ticket is registered, what the building's
/// recent tickets call for. Pass the building's tickets of at least the last
/// window (any status; older or future ones are ignored) and its most recent
/// open inspection. Ticket ids come out oldest first.
pub fn decide(
    policy: &RepeatPolicy,
    tickets: &[RecentTicket],
    open_inspection: Option<&OpenInspection>,
    now: Timestamp,
) -> RepeatDecision {
    let mut candidates: Vec<&RecentTicket> = tickets
        .iter()
        .filter(|it| it.inspection_id.is_none())
        .filter(|it| policy.categories.contains(&it.category))
        .filter(|it| policy.within(it.created_at, now))
        .collect();
    candidates.sort_by_key(|it| (it.created_at, it.id));
    let ticket_ids: Vec<TicketId> = candidates.iter().map(|it| it.id).collect();
    // An inspection opened "after" now (clock skew between servers) is fresh.
    let fresh = open_inspection.filter(|it| now.duration_since(it.opened_at) <= policy.window());
    match fresh {
        Some(_) if ticket_ids.is_empty() => RepeatDecision::Nothing,
        Some(inspection) => RepeatDecision::LinkToInspection {
            inspection_id: inspection.id,
            ticket_ids,
        },
        None if ticket_ids.len() >= policy.min_tickets as usize => {
            RepeatDecision::CreateInspection { ticket_ids }
        }
        None => RepeatDecision::Nothing,
    }
}

#[cfg(test)]
mod tests;
