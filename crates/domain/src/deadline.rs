//! Deadlines (сроки): how long an organization has for a ticket, and the
//! instant that makes it due.
//!
//! Minutes and hours are clock time: emergency crews work nights and holidays,
//! so "30 minutes to localise a leak" ignores the calendar. Working days follow
//! the civil-law convention (ГК РФ ст. 191, 193, 194): counting starts the day
//! after the ticket was registered, only working days count, and the period
//! ends at the end of the last one, all in city time. So a ticket registered
//! on Friday 2026-11-20 with "3 working days" is due at the end of Wednesday
//! 2026-11-25; registered on Saturday (or a holiday) it is due then too.
//!
//! "The end of a day" is 23:59:59.999 city time, the last instant a stored
//! millisecond can express: the ticket is overdue from midnight on, and the
//! due instant still falls on the due date, so "due today" lists need no
//! adjustment.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Time;
use jiff::{SignedDuration, Timestamp};

use crate::calendar::in_city;
use crate::production_calendar::ProductionCalendar;

/// A deadline's length, configured per category by the admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeadlineRule {
    /// Clock minutes, code `30m`.
    Minutes(u32),
    /// Clock hours, code `24h`.
    Hours(u32),
    /// Working days of the production calendar, code `3wd`.
    WorkingDays(u32),
}

/// Text that is not a deadline rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineRuleError {
    #[error("deadline is empty")]
    Empty,
    #[error("deadline `{text}` does not start with a number")]
    MissingAmount { text: String },
    #[error("deadline unit `{unit}` is not m, h or wd")]
    UnknownUnit { unit: String },
    #[error("deadline must be longer than zero")]
    Zero,
    #[error("deadline `{text}` is longer than a year")]
    TooLong { text: String },
}

/// The longest accepted rule, in days: anything longer is a typo, not a deadline.
const MAX_DAYS: u32 = 366;

/// The last millisecond of a day.
const END_OF_DAY: Time = Time::constant(23, 59, 59, 999_000_000);

impl DeadlineRule {
    /// Parses the code form: a positive number and a unit, `30m`, `24h`, `3wd`
    /// (a space between them is allowed). At most a year.
    pub fn parse(text: &str) -> Result<Self, DeadlineRuleError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(DeadlineRuleError::Empty);
        }
        let split = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        let (amount, unit) = text.split_at(split);
        if amount.is_empty() {
            return Err(DeadlineRuleError::MissingAmount {
                text: text.to_string(),
            });
        }
        let make = match unit.trim_start() {
            "m" => DeadlineRule::Minutes,
            "h" => DeadlineRule::Hours,
            "wd" => DeadlineRule::WorkingDays,
            other => {
                return Err(DeadlineRuleError::UnknownUnit {
                    unit: other.to_string(),
                });
            }
        };
        let too_long = || DeadlineRuleError::TooLong {
            text: text.to_string(),
        };
        // Only digits remain, so parsing fails only when the number overflows.
        let amount: u32 = amount.parse().map_err(|_| too_long())?;
        if amount == 0 {
            return Err(DeadlineRuleError::Zero);
        }
        let rule = make(amount);
        if amount > rule.max_amount() {
            return Err(too_long());
        }
        Ok(rule)
    }

    /// The number of units.
    pub fn amount(self) -> u32 {
        match self {
            DeadlineRule::Minutes(n) | DeadlineRule::Hours(n) | DeadlineRule::WorkingDays(n) => n,
        }
    }

    fn max_amount(self) -> u32 {
        match self {
            DeadlineRule::Minutes(_) => MAX_DAYS * 24 * 60,
            DeadlineRule::Hours(_) => MAX_DAYS * 24,
            DeadlineRule::WorkingDays(_) => MAX_DAYS,
        }
    }
}

/// The code form, `30m`, `24h`, `3wd`, which [`DeadlineRule::parse`] reads back.
impl fmt::Display for DeadlineRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeadlineRule::Minutes(n) => write!(f, "{n}m"),
            DeadlineRule::Hours(n) => write!(f, "{n}h"),
            DeadlineRule::WorkingDays(n) => write!(f, "{n}wd"),
        }
    }
}

impl FromStr for DeadlineRule {
    type Err = DeadlineRuleError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        DeadlineRule::parse(text)
    }
}

/// When a ticket registered at `start` is due under `rule` (see the module
/// docs for the convention). Saturates at the last representable instant.
pub fn due_at(start: Timestamp, rule: DeadlineRule, calendar: &ProductionCalendar) -> Timestamp {
    match rule {
        DeadlineRule::Minutes(n) => after(start, SignedDuration::from_mins(i64::from(n))),
        DeadlineRule::Hours(n) => after(start, SignedDuration::from_hours(i64::from(n))),
        DeadlineRule::WorkingDays(n) => end_of_working_day(start, n, calendar),
    }
}

fn after(start: Timestamp, length: SignedDuration) -> Timestamp {
    start.checked_add(length).unwrap_or(Timestamp::MAX)
}

/// The end of the `n`-th working day after the city date of `start`.
fn end_of_working_day(start: Timestamp, n: u32, calendar: &ProductionCalendar) -> Timestamp {
    let registered = in_city(start);
    let last_day = calendar.add_working_days(registered.date(), n);
    registered
        .with()
        .date(last_day)
        .time(END_OF_DAY)
        .build()
        .map_or(Timestamp::MAX, |due| due.timestamp())
}

#[cfg(test)]
mod tests;
