//! When to call a resident who did not answer.
//!
//! Calls are placed in calling hours, 09:00 to 21:00 city time, split into
//! three parts of the day: morning 09–12, afternoon 12–17, evening 17–21. A
//! resident who does not answer is tried again in a part of the day not tried
//! yet, so the three allowed attempts cover a morning, an afternoon and an
//! evening (people at work in the day answer in the evening, shift workers
//! and pensioners in the morning). A retry also waits at least
//! [`MIN_RETRY_GAP`] after the last call, so 11:55 and 12:05 do not count as
//! two parts of the day. The next attempt is the earliest instant that meets
//! both rules, possibly on a later day. With the defaults, a controller who
//! calls as soon as allowed ends an unanswered round 6 to 21 hours after the
//! first call (median 17 h over every first-call minute of a week; measured by
//! `examples/callback_eval.rs`).
//!
//! Not here: the weekend. Residents are called on any day; the controller's
//! working days are a staffing question for the queue, not a callback rule.

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp, ToSpan};

use crate::calendar;
use crate::quality_callback::{Attempt, CallbackError, RoundState, round_state};

/// Unanswered calls in a round before it ends as unreachable.
pub const MAX_ATTEMPTS: u32 = 3;

/// The least time between an unanswered call and the next try.
pub const MIN_RETRY_GAP: SignedDuration = SignedDuration::from_hours(3);

/// A part of the calling day, city time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DayPart {
    /// 09:00–12:00.
    Morning,
    /// 12:00–17:00.
    Afternoon,
    /// 17:00–21:00.
    Evening,
}

impl DayPart {
    pub const ALL: [DayPart; 3] = [DayPart::Morning, DayPart::Afternoon, DayPart::Evening];

    pub fn as_code(self) -> &'static str {
        match self {
            DayPart::Morning => "morning",
            DayPart::Afternoon => "afternoon",
            DayPart::Evening => "evening",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "morning" => DayPart::Morning,
            "afternoon" => DayPart::Afternoon,
            "evening" => DayPart::Evening,
            _ => return None,
        })
    }

    /// City hours `[start, end)` of this part of the day.
    pub fn hours(self) -> (i8, i8) {
        match self {
            DayPart::Morning => (9, 12),
            DayPart::Afternoon => (12, 17),
            DayPart::Evening => (17, 21),
        }
    }

    /// The part of the day `at` falls in; `None` outside calling hours.
    pub fn of(at: Timestamp) -> Option<DayPart> {
        let hour = calendar::in_city(at).hour();
        DayPart::ALL.into_iter().find(|part| {
            let (start, end) = part.hours();
            start <= hour && hour < end
        })
    }

    /// The instants this part of the day spans on a city date.
    pub fn window(self, date: Date) -> (Timestamp, Timestamp) {
        let (start, end) = self.hours();
        (
            calendar::city_instant(date.at(start, 0, 0, 0)),
            calendar::city_instant(date.at(end, 0, 0, 0)),
        )
    }
}

/// When the next call of a round may be placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextAttempt {
    /// The earliest instant the call counts.
    pub not_before: Timestamp,
    /// The part of the day it falls in.
    pub day_part: DayPart,
    /// The end of that part of the day; later the next free part applies.
    pub until: Timestamp,
}

/// The next call of a round (its attempts so far, in time order) at or after
/// `now`: in calling hours, in a part of the day no earlier attempt used and
/// at least [`MIN_RETRY_GAP`] after the last one. `None` once the round is
/// finished, including after the last allowed unanswered call.
pub fn next_attempt(round: &[Attempt], now: Timestamp) -> Option<NextAttempt> {
    if !matches!(round_state(round), RoundState::Open { .. }) {
        return None;
    }
    let used: Vec<DayPart> = round.iter().filter_map(|a| DayPart::of(a.at)).collect();
    let earliest = round
        .iter()
        .map(|a| a.at.checked_add(MIN_RETRY_GAP).unwrap_or(Timestamp::MAX))
        .fold(now, Timestamp::max);
    let first_day = calendar::city_date(earliest);
    // An open round has used at most two of the three parts of the day, so a
    // free one comes within today and tomorrow.
    let found = first_day.series(1.day()).take(3).find_map(|date| {
        DayPart::ALL
            .into_iter()
            .filter(|part| !used.contains(part))
            .map(|part| (part, part.window(date)))
            .find(|(_, (_, end))| *end > earliest)
            .map(|(day_part, (start, until))| NextAttempt {
                not_before: start.max(earliest),
                day_part,
                until,
            })
    });
    Some(found.expect("a free part of the day comes within two days"))
}

/// Checks that an unanswered call at `at` counts as the round's next attempt.
pub fn check_attempt_time(round: &[Attempt], at: Timestamp) -> Result<(), CallbackError> {
    if DayPart::of(at).is_none() {
        return Err(CallbackError::OutsideCallingHours { at });
    }
    match next_attempt(round, at) {
        Some(next) if next.not_before > at => Err(CallbackError::TooEarly {
            not_before: next.not_before,
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests;
