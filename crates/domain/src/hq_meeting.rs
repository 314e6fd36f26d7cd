//! Operational HQs (оперативные штабы) and their weekly meetings (заседания).
//!
//! Each district HQ meets every Tuesday; the city HQ holds an extended meeting
//! every Friday. This module knows which HQ is which, when meetings fall and
//! which weeks a meeting's agenda compares. It deliberately does not build the
//! agenda's figures (those are counts the store computes for the weeks given
//! here) and does not move meetings off public holidays: a meeting is an
//! internal working session that the HQ reschedules by hand when it must.

use jiff::civil::{Date, Time, Weekday};
use jiff::{Timestamp, ToSpan};

use crate::calendar;
use crate::district::DistrictId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HqMeetingId(pub i64);

/// The level of an operational HQ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HqLevel {
    District,
    City,
}

impl HqLevel {
    pub const ALL: [HqLevel; 2] = [HqLevel::District, HqLevel::City];

    pub fn as_code(self) -> &'static str {
        match self {
            HqLevel::District => "district",
            HqLevel::City => "city",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "district" => HqLevel::District,
            "city" => HqLevel::City,
            _ => return None,
        })
    }
}

/// One operational HQ: a district's, or the city's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Hq {
    District(DistrictId),
    City,
}

impl Hq {
    pub fn level(self) -> HqLevel {
        match self {
            Hq::District(_) => HqLevel::District,
            Hq::City => HqLevel::City,
        }
    }

    /// The district a district HQ oversees; `None` for the city HQ.
    pub fn district_id(self) -> Option<DistrictId> {
        match self {
            Hq::District(id) => Some(id),
            Hq::City => None,
        }
    }

    /// The stored and transmitted form: `city` or `district:<id>`.
    pub fn code(self) -> String {
        match self {
            Hq::District(id) => format!("district:{}", id.0),
            Hq::City => "city".to_string(),
        }
    }

    /// Parses [`Hq::code`]; `None` for anything else.
    pub fn from_code(code: &str) -> Option<Hq> {
        match code.trim() {
            "city" => Some(Hq::City),
            other => {
                let id: i64 = other.strip_prefix("district:")?.parse().ok()?;
                (id > 0).then_some(Hq::District(DistrictId(id)))
            }
        }
    }
}

/// A regular meeting or the city's extended one (расширенное заседание).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HqMeetingKind {
    Regular,
    Extended,
}

impl HqMeetingKind {
    pub const ALL: [HqMeetingKind; 2] = [HqMeetingKind::Regular, HqMeetingKind::Extended];

    pub fn as_code(self) -> &'static str {
        match self {
            HqMeetingKind::Regular => "regular",
            HqMeetingKind::Extended => "extended",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "regular" => HqMeetingKind::Regular,
            "extended" => HqMeetingKind::Extended,
            _ => return None,
        })
    }
}

/// A meeting that exists: opened from the calendar or created by staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HqMeeting {
    pub id: HqMeetingId,
    pub hq: Hq,
    pub kind: HqMeetingKind,
    /// The city date it is held on.
    pub date: Date,
    pub starts_at: Timestamp,
}

/// When an HQ meets: one weekday at one city wall-clock time. Configurable by
/// the admin; the defaults follow the seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeetingSchedule {
    pub weekday: Weekday,
    /// City wall-clock time the meeting starts.
    pub time: Time,
    pub kind: HqMeetingKind,
}

impl MeetingSchedule {
    /// District HQs: every Tuesday at 10:00, a regular meeting.
    pub const DISTRICT_DEFAULT: MeetingSchedule = MeetingSchedule {
        weekday: Weekday::Tuesday,
        time: jiff::civil::time(10, 0, 0, 0),
        kind: HqMeetingKind::Regular,
    };

    /// The city HQ: every Friday at 15:00, the extended meeting.
    pub const CITY_DEFAULT: MeetingSchedule = MeetingSchedule {
        weekday: Weekday::Friday,
        time: jiff::civil::time(15, 0, 0, 0),
        kind: HqMeetingKind::Extended,
    };

    /// The default schedule for an HQ level.
    pub fn default_for(level: HqLevel) -> MeetingSchedule {
        match level {
            HqLevel::District => MeetingSchedule::DISTRICT_DEFAULT,
            HqLevel::City => MeetingSchedule::CITY_DEFAULT,
        }
    }

    /// The instant a meeting on `date` starts (the date need not be a meeting day).
    pub fn starts_at(&self, date: Date) -> Timestamp {
        calendar::city_instant(date.to_datetime(self.time))
    }
}

/// Every scheduled meeting with `from <= date <= to` (city dates), in order,
/// as its date and start instant.
pub fn meetings_between(
    schedule: &MeetingSchedule,
    from: Date,
    to: Date,
) -> Vec<(Date, Timestamp)> {
    let first = from.checked_add(i64::from(from.weekday().until(schedule.weekday)).days());
    let Ok(first) = first else {
        return Vec::new();
    };
    first
        .series(1.week())
        .take_while(|date| *date <= to)
        .map(|date| (date, schedule.starts_at(date)))
        .collect()
}

/// The first meeting that starts at or after `now`: the one whose agenda is
/// being prepared.
pub fn next_meeting(schedule: &MeetingSchedule, now: Timestamp) -> (Date, Timestamp) {
    let today = calendar::city_date(now);
    // Two weeks always contain a meeting that has not started yet.
    let two_weeks_on = today.saturating_add(2.weeks());
    meetings_between(schedule, today, two_weeks_on)
        .into_iter()
        .find(|(_, starts_at)| *starts_at >= now)
        .expect("a weekly meeting falls within the next two weeks")
}

/// A city week, Monday 00:00 to the next Monday 00:00 city time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WeekRange {
    monday: Date,
}

impl WeekRange {
    /// The week that contains `date`.
    pub fn containing(date: Date) -> WeekRange {
        WeekRange {
            monday: calendar::monday_of(date),
        }
    }

    pub fn monday(self) -> Date {
        self.monday
    }

    pub fn sunday(self) -> Date {
        self.monday.saturating_add(6.days())
    }

    /// The first instant of the week.
    pub fn start(self) -> Timestamp {
        calendar::start_of_day(self.monday)
    }

    /// The first instant after the week (exclusive end).
    pub fn end(self) -> Timestamp {
        calendar::start_of_day(self.monday.saturating_add(1.week()))
    }

    pub fn contains(self, at: Timestamp) -> bool {
        self.start() <= at && at < self.end()
    }

    /// The week before this one.
    pub fn previous(self) -> WeekRange {
        WeekRange {
            monday: self.monday.saturating_sub(1.week()),
        }
    }
}

/// The two weeks a meeting's agenda compares: "this week" against "last week".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgendaWeeks {
    /// The week the figures are for.
    pub reported: WeekRange,
    /// The week before, to compare with.
    pub previous: WeekRange,
}

/// The agenda of a meeting on `meeting_date` reports the last full city week
/// (Monday to Sunday) that ended before the meeting day, against the week
/// before it.
///
/// Why not the current week to date: a Tuesday meeting would see one day and a
/// Friday meeting four, and comparing a partial week with a full one makes
/// every week look like a drop. The seed's "795 requests last week" is also a
/// full past week. A meeting held on a Monday reports the week that ended the
/// day before.
pub fn agenda_weeks(meeting_date: Date) -> AgendaWeeks {
    let reported = WeekRange::containing(meeting_date).previous();
    AgendaWeeks {
        reported,
        previous: reported.previous(),
    }
}

#[cfg(test)]
mod tests;
