//! Citizen reception (приём граждан): the hours an HQ receives residents in
//! person, cut into bookable slots, and the rule a booking must pass.
//!
//! District HQs receive on Tuesdays and the city HQ on Thursdays (the seed);
//! hours and slot length are configurable. There is no reception on a public
//! holiday; which days are holidays comes from the caller as an
//! `is_working_day` predicate, so this module does not own a holiday calendar.
//!
//! Not here: the guarantee that two visitors never get the same slot. That is
//! a unique index on (HQ, slot start) in the database; this module only says
//! whether a slot exists, is in the future and is free in the data it is shown.

use jiff::civil::{Date, Time, Weekday};
use jiff::{SignedDuration, Timestamp};

use crate::building::BuildingId;
use crate::calendar;
use crate::hq_meeting::{Hq, HqLevel};
use crate::phone::Phone;
use crate::ticket::TicketId;

/// When an HQ receives residents: a weekday, city wall-clock hours and the
/// length of one appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReceptionSchedule {
    weekday: Weekday,
    start: Time,
    end: Time,
    slot_length: SignedDuration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReceptionError {
    #[error("reception hours {start}..{end} are empty")]
    EmptyHours { start: Time, end: Time },
    #[error("slot length {minutes} min does not fit the reception hours")]
    SlotLength { minutes: i64 },
}

/// One bookable appointment time, `[starts_at, ends_at)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slot {
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BookingError {
    #[error("no reception slot starts at {at}")]
    NoSuchSlot { at: Timestamp },
    #[error("no reception on the holiday {date}")]
    Holiday { date: Date },
    #[error("slot at {at} has already started")]
    InPast { at: Timestamp },
    #[error("slot at {at} is already taken")]
    Taken { at: Timestamp },
}

impl ReceptionSchedule {
    /// A schedule of `slot_minutes`-long slots from `start` to `end` on
    /// `weekday`. A last slot that would run past `end` is not offered.
    pub fn new(
        weekday: Weekday,
        start: Time,
        end: Time,
        slot_minutes: i64,
    ) -> Result<ReceptionSchedule, ReceptionError> {
        if start >= end {
            return Err(ReceptionError::EmptyHours { start, end });
        }
        // Compared in minutes first: a huge length would overflow the duration.
        if slot_minutes <= 0 || slot_minutes > end.duration_since(start).as_mins() {
            return Err(ReceptionError::SlotLength {
                minutes: slot_minutes,
            });
        }
        Ok(ReceptionSchedule {
            weekday,
            start,
            end,
            slot_length: SignedDuration::from_mins(slot_minutes),
        })
    }

    /// Tuesday (district HQs) or Thursday (city HQ), 14:00 to 17:00, every 20 minutes.
    pub fn default_for(level: HqLevel) -> ReceptionSchedule {
        let weekday = match level {
            HqLevel::District => Weekday::Tuesday,
            HqLevel::City => Weekday::Thursday,
        };
        ReceptionSchedule {
            weekday,
            start: jiff::civil::time(14, 0, 0, 0),
            end: jiff::civil::time(17, 0, 0, 0),
            slot_length: SignedDuration::from_mins(20),
        }
    }

    pub fn weekday(&self) -> Weekday {
        self.weekday
    }

    pub fn start(&self) -> Time {
        self.start
    }

    pub fn end(&self) -> Time {
        self.end
    }

    pub fn slot_length(&self) -> SignedDuration {
        self.slot_length
    }
}

/// The slots offered on a city date: none unless it is the reception weekday
/// and a working day. Pass `&|_| true` when no holiday calendar is at hand.
pub fn slots(
    schedule: &ReceptionSchedule,
    date: Date,
    is_working_day: &dyn Fn(Date) -> bool,
) -> Vec<Slot> {
    if date.weekday() != schedule.weekday || !is_working_day(date) {
        return Vec::new();
    }
    let end = date.to_datetime(schedule.end);
    let mut slots = Vec::new();
    let mut start = date.to_datetime(schedule.start);
    while let Ok(next) = start.checked_add(schedule.slot_length) {
        if next > end {
            break;
        }
        slots.push(Slot {
            starts_at: calendar::city_instant(start),
            ends_at: calendar::city_instant(next),
        });
        start = next;
    }
    slots
}

/// Checks that a visitor may book the slot starting at `starts_at` at `now`:
/// such a slot exists, the day is not a holiday, it has not started and it is
/// not among the `taken` slot starts. Returns the slot.
pub fn check_booking(
    schedule: &ReceptionSchedule,
    starts_at: Timestamp,
    taken: &[Timestamp],
    now: Timestamp,
    is_working_day: &dyn Fn(Date) -> bool,
) -> Result<Slot, BookingError> {
    let date = calendar::city_date(starts_at);
    let slot = slots(schedule, date, &|_| true)
        .into_iter()
        .find(|slot| slot.starts_at == starts_at)
        .ok_or(BookingError::NoSuchSlot { at: starts_at })?;
    if !is_working_day(date) {
        return Err(BookingError::Holiday { date });
    }
    if slot.starts_at <= now {
        return Err(BookingError::InPast { at: starts_at });
    }
    if taken.contains(&starts_at) {
        return Err(BookingError::Taken { at: starts_at });
    }
    Ok(slot)
}

/// The slots on `date` that can still be booked at `now`.
pub fn free_slots(
    schedule: &ReceptionSchedule,
    date: Date,
    taken: &[Timestamp],
    now: Timestamp,
    is_working_day: &dyn Fn(Date) -> bool,
) -> Vec<Slot> {
    slots(schedule, date, is_working_day)
        .into_iter()
        .filter(|slot| slot.starts_at > now && !taken.contains(&slot.starts_at))
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AppointmentId(pub i64);

/// A resident booked into a reception slot (запись на приём).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appointment {
    pub id: AppointmentId,
    pub hq: Hq,
    pub slot: Slot,
    /// Personal data: shown only to the roles allowed to see it.
    pub resident_name: String,
    pub phone: Phone,
    pub topic: String,
    pub address: Option<String>,
    pub building_id: Option<BuildingId>,
    pub booked_at: Timestamp,
    pub outcome: Option<RecordedOutcome>,
    /// The ticket registered from the visit.
    pub ticket_id: Option<TicketId>,
}

/// An outcome as recorded at the reception.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedOutcome {
    pub outcome: AppointmentOutcome,
    pub note: Option<String>,
    pub at: Timestamp,
}

/// What came of an appointment, recorded by the HQ staff at the reception.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppointmentOutcome {
    /// The question was answered on the spot (разъяснено).
    Explained,
    /// A ticket was registered from the visit.
    TicketRegistered,
    /// Passed to an organization or another body outside the hotline.
    Referred,
    /// The resident did not come.
    NoShow,
}

impl AppointmentOutcome {
    pub const ALL: [AppointmentOutcome; 4] = [
        AppointmentOutcome::Explained,
        AppointmentOutcome::TicketRegistered,
        AppointmentOutcome::Referred,
        AppointmentOutcome::NoShow,
    ];

    pub fn as_code(self) -> &'static str {
        match self {
            AppointmentOutcome::Explained => "explained",
            AppointmentOutcome::TicketRegistered => "ticket_registered",
            AppointmentOutcome::Referred => "referred",
            AppointmentOutcome::NoShow => "no_show",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "explained" => AppointmentOutcome::Explained,
            "ticket_registered" => AppointmentOutcome::TicketRegistered,
            "referred" => AppointmentOutcome::Referred,
            "no_show" => AppointmentOutcome::NoShow,
            _ => return None,
        })
    }
}

/// The first reception day whose hours have not ended at `now`: today while
/// its reception is still on, else the next one.
pub fn coming_reception_date(
    schedule: &ReceptionSchedule,
    now: Timestamp,
    is_working_day: &dyn Fn(Date) -> bool,
) -> Option<Date> {
    let today = calendar::city_date(now);
    let ended = calendar::city_instant(today.to_datetime(schedule.end)) <= now;
    let from = if ended { today.tomorrow().ok()? } else { today };
    next_reception_date(schedule, from, is_working_day)
}

/// The first reception date on or after `from` (a city date), skipping
/// holidays; `None` when none falls within eight weeks.
pub fn next_reception_date(
    schedule: &ReceptionSchedule,
    from: Date,
    is_working_day: &dyn Fn(Date) -> bool,
) -> Option<Date> {
    let ahead = i64::from(from.weekday().until(schedule.weekday));
    let first = from.checked_add(jiff::Span::new().days(ahead)).ok()?;
    first
        .series(jiff::Span::new().weeks(1))
        .take(8)
        .find(|date| is_working_day(*date))
}

#[cfg(test)]
mod tests;
