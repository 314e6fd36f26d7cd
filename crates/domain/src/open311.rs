//! Open311 GeoReport v2 as the city offers it: one service per ticket category,
//! the attributes each service asks for, how internal statuses look to the
//! public, the request list's date window and pages, and what is hidden from
//! public output.
//!
//! Words a person reads (service names, attribute questions) are not here: the
//! web layer words these codes. Nor is the wire format (JSON, XML).

use jiff::{SignedDuration, Timestamp};

use crate::building::BuildingId;
use crate::category::Category;
use crate::geo::Point;
use crate::ticket::{Channel, Resolution, TicketId, TicketNumber, TicketStatus};

pub mod attribute;

/// How services are grouped in the service list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServiceGroup {
    Heating,
    Water,
    Billing,
    Other,
}

impl ServiceGroup {
    pub fn of(category: Category) -> ServiceGroup {
        match category {
            Category::NoHeat | Category::AirLock | Category::Overheating => ServiceGroup::Heating,
            Category::Leak | Category::HotWater => ServiceGroup::Water,
            Category::Billing => ServiceGroup::Billing,
            Category::Other => ServiceGroup::Other,
        }
    }
}

/// A service's `service_code`: the category's code, a stable string.
pub fn service_code(category: Category) -> &'static str {
    category.as_code()
}

/// The category a `service_code` names.
pub fn category_of(service_code: &str) -> Option<Category> {
    Category::from_code(service_code.trim())
}

/// A ticket's status as GeoReport v2 knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PublicStatus {
    Open,
    Closed,
}

impl PublicStatus {
    pub fn of(status: TicketStatus) -> PublicStatus {
        match status {
            TicketStatus::Closed => PublicStatus::Closed,
            TicketStatus::Registered
            | TicketStatus::Assigned
            | TicketStatus::InProgress
            | TicketStatus::Reopened => PublicStatus::Open,
        }
    }

    pub fn as_code(self) -> &'static str {
        match self {
            PublicStatus::Open => "open",
            PublicStatus::Closed => "closed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "open" => Some(PublicStatus::Open),
            "closed" => Some(PublicStatus::Closed),
            _ => None,
        }
    }
}

/// A ticket as anyone may see it: no resident's name, phone, apartment or
/// e-mail is ever loaded into this.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicRequest {
    pub id: TicketId,
    pub number: TicketNumber,
    pub category: Category,
    pub channel: Channel,
    pub status: TicketStatus,
    pub description: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub due_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    pub resolution: Option<Resolution>,
    pub resolution_text: Option<String>,
    pub building_id: Option<BuildingId>,
    /// The registry's address of the building, never the address as typed
    /// (which may name the flat).
    pub building_address: Option<String>,
    pub building_point: Option<Point>,
    /// Where an Open311 client said the problem is.
    pub reported_point: Option<Point>,
    pub district: Option<String>,
    pub organization: Option<String>,
    pub media_url: Option<String>,
}

impl PublicRequest {
    /// The point shown publicly: the building's, else the reported one rounded
    /// to about a hundred metres so that it does not point at a home.
    pub fn public_point(&self) -> Option<Point> {
        self.building_point.or_else(|| {
            self.reported_point.map(|p| Point {
                latitude: (p.latitude * 1000.0).round() / 1000.0,
                longitude: (p.longitude * 1000.0).round() / 1000.0,
            })
        })
    }
}

/// The longest span of `requested_datetime` one list may cover, and the
/// default span (the most recent days) when no dates are given.
pub const MAX_WINDOW: SignedDuration = SignedDuration::from_hours(90 * 24);
pub const DEFAULT_PAGE_SIZE: i64 = 100;
/// The spec's own ceiling: "first 1000 requests".
pub const MAX_PAGE_SIZE: i64 = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowError {
    EndBeforeStart,
    TooLong,
}

/// The `requested_datetime` range a request list covers: `[from, to]`, `to`
/// open-ended (`None`) when the list runs up to now.
pub fn requested_window(
    start: Option<Timestamp>,
    end: Option<Timestamp>,
    now: Timestamp,
) -> Result<(Timestamp, Option<Timestamp>), WindowError> {
    match (start, end) {
        (Some(start), Some(end)) if end < start => Err(WindowError::EndBeforeStart),
        (Some(start), Some(end)) if end.duration_since(start) > MAX_WINDOW => {
            Err(WindowError::TooLong)
        }
        (Some(start), Some(end)) => Ok((start, Some(end))),
        (Some(start), None) => Ok((
            start,
            Some(start.saturating_add(MAX_WINDOW).unwrap_or(start)),
        )),
        (None, Some(end)) => Ok((end.saturating_sub(MAX_WINDOW).unwrap_or(end), Some(end))),
        (None, None) => Ok((now.saturating_sub(MAX_WINDOW).unwrap_or(now), None)),
    }
}

/// Hides what looks like a phone number (seven or more digits, with the usual
/// separators) in free text bound for public output.
pub fn redact_phones(text: &str, replacement: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut idx = 0;
    while idx < chars.len() {
        let starts_number =
            chars[idx].is_ascii_digit() || (chars[idx] == '+' && next_is_digit(&chars, idx));
        if !starts_number {
            out.push(chars[idx]);
            idx += 1;
            continue;
        }
        let (end, digits) = number_run(&chars, idx);
        if digits >= 7 && !is_ticket_number(&chars[idx..end]) {
            out.push_str(replacement);
        } else {
            out.extend(&chars[idx..end]);
        }
        idx = end;
    }
    out
}

/// `2026-000123`: a ticket number, which residents quote and which is public.
fn is_ticket_number(run: &[char]) -> bool {
    run.len() == 11
        && run[4] == '-'
        && run
            .iter()
            .enumerate()
            .all(|(idx, ch)| idx == 4 || ch.is_ascii_digit())
}

fn next_is_digit(chars: &[char], idx: usize) -> bool {
    chars.get(idx + 1).is_some_and(char::is_ascii_digit)
}

/// Where a run of digits and phone separators starting at `start` ends (not
/// counting trailing separators) and how many digits it holds.
fn number_run(chars: &[char], start: usize) -> (usize, usize) {
    let mut end = start;
    let mut last_digit_end = start;
    let mut digits = 0;
    while end < chars.len() {
        let ch = chars[end];
        if ch.is_ascii_digit() {
            digits += 1;
            last_digit_end = end + 1;
        } else if !matches!(ch, '+' | ' ' | '-' | '(' | ')' | '\u{a0}')
            || (ch == '+' && end != start)
        {
            break;
        }
        end += 1;
    }
    (last_digit_end.max(start + 1), digits)
}

#[cfg(test)]
mod tests;
