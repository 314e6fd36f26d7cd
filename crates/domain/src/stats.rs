//! The season's headline figures (the seed's report: "since the start 15.5
//! thousand calls; early October up to 3.5 thousand a week, last week 795, a
//! fourfold fall") from daily counts. Weeks start on Monday in city time
//! (`calendar`); the heating season starts on 1 October.

use std::collections::BTreeMap;

use jiff::civil::{Date, date};

use crate::calendar::monday_of;

/// The first day of the heating season `day` belongs to: 1 October of its
/// year, or of the year before for days from January to September.
pub fn season_start(day: Date) -> Date {
    let this_year = date(day.year(), 10, 1);
    if day >= this_year {
        this_year
    } else {
        date(day.year() - 1, 10, 1)
    }
}

/// Sums daily counts into weeks keyed by their Monday.
pub fn weekly(days: impl IntoIterator<Item = (Date, i64)>) -> BTreeMap<Date, i64> {
    let mut weeks = BTreeMap::new();
    for (day, n) in days {
        *weeks.entry(monday_of(day)).or_insert(0) += n;
    }
    weeks
}

/// One week's count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekCount {
    pub monday: Date,
    pub tickets: i64,
}

/// The volume figures as of a day: the season's total up to and including
/// it, its week (so far), the week before, and the season's busiest week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Volume {
    pub total: i64,
    pub this_week: WeekCount,
    pub last_week: WeekCount,
    /// `None` before the first ticket.
    pub peak_week: Option<WeekCount>,
}

impl Volume {
    /// From daily counts; days after `day` are ignored.
    pub fn as_of(day: Date, days: impl IntoIterator<Item = (Date, i64)>) -> Volume {
        let weeks = weekly(days.into_iter().filter(|(d, _)| *d <= day));
        let this_monday = monday_of(day);
        let last_monday = this_monday
            .checked_sub(jiff::Span::new().days(7))
            .unwrap_or(this_monday);
        let week = |monday: Date| WeekCount {
            monday,
            tickets: weeks.get(&monday).copied().unwrap_or(0),
        };
        // The earliest of equal peaks: the one the season reached first.
        let peak_week = weeks.iter().filter(|(_, n)| **n > 0).fold(
            None::<WeekCount>,
            |best, (&monday, &tickets)| match best {
                Some(b) if b.tickets >= tickets => Some(b),
                _ => Some(WeekCount { monday, tickets }),
            },
        );
        Volume {
            total: weeks.values().sum(),
            this_week: week(this_monday),
            last_week: week(last_monday),
            peak_week,
        }
    }

    /// How many times last week was below the peak ("a fourfold fall");
    /// `None` without a peak or with an empty last week.
    pub fn fall_from_peak(&self) -> Option<f64> {
        let peak = self.peak_week?;
        (self.last_week.tickets > 0).then(|| ratio(peak.tickets, self.last_week.tickets))
    }
}

/// `part / whole`, or `None` when there is nothing to divide by.
pub fn share(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| ratio(part, whole))
}

fn ratio(a: i64, b: i64) -> f64 {
    // Counts stay far below 2^53, where i64 to f64 is exact.
    a as f64 / b as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn season_starts_on_the_first_of_october() {
        assert_eq!(season_start(date(2026, 11, 24)), date(2026, 10, 1));
        assert_eq!(season_start(date(2026, 10, 1)), date(2026, 10, 1));
        assert_eq!(season_start(date(2026, 9, 30)), date(2025, 10, 1));
        assert_eq!(season_start(date(2027, 3, 2)), date(2026, 10, 1));
    }

    #[test]
    fn volume_counts_monday_weeks_and_the_fall_from_the_peak() {
        // 2026-10-05 and 2026-10-12 are Mondays; Sunday 10-11 closes week 10-05.
        let days = [
            (date(2026, 10, 1), 100), // week of Mon 09-28
            (date(2026, 10, 5), 300),
            (date(2026, 10, 11), 100),
            (date(2026, 10, 12), 50),
            (date(2026, 10, 18), 50),
            (date(2026, 10, 19), 7),
            (date(2026, 10, 20), 999), // after the day asked: ignored
        ];
        let v = Volume::as_of(date(2026, 10, 19), days);
        assert_eq!(v.total, 607);
        assert_eq!(
            v.this_week,
            WeekCount {
                monday: date(2026, 10, 19),
                tickets: 7
            }
        );
        assert_eq!(v.last_week.tickets, 100);
        assert_eq!(v.peak_week.unwrap().monday, date(2026, 10, 5));
        assert_eq!(v.peak_week.unwrap().tickets, 400);
        assert_eq!(v.fall_from_peak(), Some(4.0));
    }

    #[test]
    fn an_empty_season_has_no_peak_and_no_ratio() {
        let v = Volume::as_of(date(2026, 10, 19), []);
        assert_eq!(v.total, 0);
        assert_eq!(v.peak_week, None);
        assert_eq!(v.fall_from_peak(), None);
        assert_eq!(share(1, 0), None);
        assert_eq!(share(1, 4), Some(0.25));
    }
}
