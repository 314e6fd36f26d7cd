//! Heating interruptions (перерывы отопления) and their legal limits, ПП 354
//! Прил.1 п.14: a single interruption may last 16 h while the rooms stay at
//! +12 °C or warmer, 8 h at +10…+12, 4 h at +8…+10, and all interruptions of a
//! calendar month together at most 24 h.
//!
//! ПП 354 sets no limit below +8 °C: rooms that cold are an emergency, so the
//! limit there is zero and every hour counts as over the limit.
//!
//! This module clocks one building's interruptions; it does not know outages,
//! tickets or money (see `payment_reduction` for what the hours cost).

use jiff::Timestamp;
use jiff::civil::Date;

use crate::calendar;

/// ПП 354 Прил.1 п.14.
pub const INTERRUPTION_REFERENCE: &str = "ПП 354 Прил.1 п.14";
/// All interruptions of a calendar month together.
pub const MONTHLY_LIMIT_HOURS: f64 = 24.0;

/// The indoor temperature during an interruption, which sets its single limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndoorBand {
    /// +12 °C or warmer: 16 h.
    AtLeast12,
    /// From +10 °C up to +12 °C: 8 h.
    From10To12,
    /// From +8 °C up to +10 °C: 4 h.
    From8To10,
    /// Below +8 °C: no interruption is permitted.
    Below8,
}

impl IndoorBand {
    pub const ALL: [IndoorBand; 4] = [
        IndoorBand::AtLeast12,
        IndoorBand::From10To12,
        IndoorBand::From8To10,
        IndoorBand::Below8,
    ];

    pub fn as_code(self) -> &'static str {
        match self {
            IndoorBand::AtLeast12 => "at_least_12",
            IndoorBand::From10To12 => "from_10_to_12",
            IndoorBand::From8To10 => "from_8_to_10",
            IndoorBand::Below8 => "below_8",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "at_least_12" => IndoorBand::AtLeast12,
            "from_10_to_12" => IndoorBand::From10To12,
            "from_8_to_10" => IndoorBand::From8To10,
            "below_8" => IndoorBand::Below8,
            _ => return None,
        })
    }

    /// The band of the lowest indoor temperature measured during the
    /// interruption; a value on a boundary belongs to the warmer band (the law's
    /// "от +12 до +10" reads as 12 included in the 16 h band). `None` for NaN.
    pub fn from_indoor_temperature(celsius: f64) -> Option<Self> {
        if celsius.is_nan() {
            None
        } else if celsius >= 12.0 {
            Some(IndoorBand::AtLeast12)
        } else if celsius >= 10.0 {
            Some(IndoorBand::From10To12)
        } else if celsius >= 8.0 {
            Some(IndoorBand::From8To10)
        } else {
            Some(IndoorBand::Below8)
        }
    }

    /// How long a single interruption may last in this band.
    pub fn single_limit_hours(self) -> f64 {
        match self {
            IndoorBand::AtLeast12 => 16.0,
            IndoorBand::From10To12 => 8.0,
            IndoorBand::From8To10 => 4.0,
            IndoorBand::Below8 => 0.0,
        }
    }
}

/// One interruption of one building's heating; `end` is `None` while ongoing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interruption {
    pub start: Timestamp,
    pub end: Option<Timestamp>,
    pub band: IndoorBand,
}

impl Interruption {
    /// The end, or `now` while ongoing (never before the start).
    pub fn end_or(&self, now: Timestamp) -> Timestamp {
        self.end.unwrap_or(now).max(self.start)
    }

    /// How long it has lasted by `now`.
    pub fn hours(&self, now: Timestamp) -> f64 {
        hours_between(self.start, self.end_or(now))
    }

    /// The hours past this interruption's single limit by `now`.
    pub fn hours_over_limit(&self, now: Timestamp) -> f64 {
        (self.hours(now) - self.band.single_limit_hours()).max(0.0)
    }

    /// When the single limit runs out, to flag the breach on time.
    pub fn limit_ends_at(&self) -> Timestamp {
        let seconds = self.band.single_limit_hours() * 3600.0;
        self.start + jiff::SignedDuration::from_secs_f64(seconds)
    }
}

/// One interruption as clocked in a month.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InterruptionAssessment {
    pub interruption: Interruption,
    pub ongoing: bool,
    /// Its whole length, in this month or not.
    pub hours: f64,
    pub limit_hours: f64,
    /// Hours past its single limit, in this month or not.
    pub hours_over_limit: f64,
    /// The part of it that falls in the month.
    pub hours_in_month: f64,
}

/// A building's interruptions in one city calendar month.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthAssessment {
    /// The first day of the month.
    pub month: Date,
    /// Sorted by start.
    pub interruptions: Vec<InterruptionAssessment>,
    /// All interruption hours within the month.
    pub total_hours: f64,
    /// Hours past the 24 h monthly total.
    pub hours_over_monthly_limit: f64,
    /// Hours in the month past either limit, each hour counted once: an hour is
    /// over if its interruption has outlasted its single limit or if 24 h of the
    /// month's interruptions came before it. This is what the payment
    /// reduction counts.
    pub hours_over_limits: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InterruptionError {
    #[error("interruption ends at {end} before it starts at {start}")]
    EndBeforeStart { start: Timestamp, end: Timestamp },
    #[error("interruption starting at {second} overlaps the one starting at {first}")]
    Overlap { first: Timestamp, second: Timestamp },
}

/// Clocks one building's interruptions in the city month containing `month`.
/// Interruptions must not overlap (one building has one heating supply);
/// ongoing ones run until `now`. Each is listed, also those outside the month.
pub fn assess_month(
    month: Date,
    interruptions: &[Interruption],
    now: Timestamp,
) -> Result<MonthAssessment, InterruptionError> {
    let sorted = validated(interruptions, now)?;
    let first_day = month.first_of_month();
    let month_start = calendar::start_of_day(first_day);
    let month_end = calendar::start_of_day(
        first_day
            .last_of_month()
            .tomorrow()
            .expect("months in the supported range have a next day"),
    );
    let mut assessments = Vec::with_capacity(sorted.len());
    let (mut total_hours, mut hours_over_limits) = (0.0, 0.0);
    for interruption in sorted {
        let end = interruption.end_or(now);
        let in_month_start = interruption.start.max(month_start);
        let in_month_end = end.min(month_end);
        let hours_in_month = hours_between(in_month_start, in_month_end);
        // The permitted part is a prefix of the interruption (up to its single
        // limit) and a prefix of the month's allowance: their overlap is the
        // shorter of the two within the month.
        let within_single = hours_between(
            in_month_start,
            in_month_end.min(interruption.limit_ends_at()),
        );
        let within_month = (MONTHLY_LIMIT_HOURS - total_hours).max(0.0);
        hours_over_limits += hours_in_month - within_single.min(within_month);
        total_hours += hours_in_month;
        assessments.push(InterruptionAssessment {
            interruption,
            ongoing: interruption.end.is_none(),
            hours: interruption.hours(now),
            limit_hours: interruption.band.single_limit_hours(),
            hours_over_limit: interruption.hours_over_limit(now),
            hours_in_month,
        });
    }
    Ok(MonthAssessment {
        month: first_day,
        interruptions: assessments,
        total_hours,
        hours_over_monthly_limit: (total_hours - MONTHLY_LIMIT_HOURS).max(0.0),
        hours_over_limits,
    })
}

fn validated(
    interruptions: &[Interruption],
    now: Timestamp,
) -> Result<Vec<Interruption>, InterruptionError> {
    let mut sorted = interruptions.to_vec();
    sorted.sort_by_key(|it| it.start);
    for it in &sorted {
        if let Some(end) = it.end.filter(|end| *end < it.start) {
            return Err(InterruptionError::EndBeforeStart {
                start: it.start,
                end,
            });
        }
    }
    for pair in sorted.windows(2) {
        if pair[1].start < pair[0].end_or(now) {
            return Err(InterruptionError::Overlap {
                first: pair[0].start,
                second: pair[1].start,
            });
        }
    }
    Ok(sorted)
}

/// Hours from `start` to `end`, zero if `end` is not after `start`.
fn hours_between(start: Timestamp, end: Timestamp) -> f64 {
    (end.duration_since(start).as_secs_f64() / 3600.0).max(0.0)
}

#[cfg(test)]
mod tests;
