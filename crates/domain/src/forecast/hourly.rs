//! The hour-of-day profile of calls and the forecast spread over hours.
//!
//! A profile is each city hour's share of its day's calls, per day of the week
//! (Saturday mornings are not Monday mornings). A weekday with too few calls in
//! history borrows the profile of all days pooled. Hourly bounds are the day's
//! bounds times the hour's share: they ignore the extra randomness of a single
//! hour, so they are narrower than a true hourly interval.

use jiff::Timestamp;
use jiff::civil::{Date, Weekday};

use crate::calendar;
use crate::forecast::{DayForecast, ForecastError};

/// Fewest calls a weekday needs in history for a profile of its own.
const MIN_CALLS_FOR_OWN_PROFILE: u32 = 200;

/// Share of a day's calls per city hour, per day of the week.
#[derive(Debug, Clone, PartialEq)]
pub struct HourlyProfile {
    /// `[weekday Monday-zero][hour]`; each row sums to 1.
    shares: [[f64; 24]; 7],
}

/// Expected calls in one city hour, with the day's interval scaled to it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HourForecast {
    pub date: Date,
    /// City hour of day, 0–23.
    pub hour: u8,
    pub expected: f64,
    pub lower: f64,
    pub upper: f64,
}

impl HourlyProfile {
    /// Calls spread evenly over the 24 hours: the fallback without history.
    pub fn uniform() -> Self {
        HourlyProfile {
            shares: [[1.0 / 24.0; 24]; 7],
        }
    }

    /// The profile of counted calls: `(weekday, city hour, calls)` in any order,
    /// repeats added up.
    pub fn from_counts(counts: &[(Weekday, u8, u32)]) -> Result<Self, ForecastError> {
        let mut table = [[0u32; 24]; 7];
        for (weekday, hour, calls) in counts {
            let slot = table[weekday_index(*weekday)]
                .get_mut(usize::from(*hour))
                .ok_or(ForecastError::InvalidHour { hour: *hour })?;
            *slot = slot.saturating_add(*calls);
        }
        Self::from_table(&table)
    }

    /// The profile of the instants calls came in, read in city time.
    pub fn from_instants(instants: &[Timestamp]) -> Result<Self, ForecastError> {
        let mut table = [[0u32; 24]; 7];
        for at in instants {
            let local = calendar::in_city(*at);
            table[weekday_index(local.weekday())][hour_index(local.hour())] += 1;
        }
        Self::from_table(&table)
    }

    /// The share of `weekday`'s calls that come in `hour` (0 past hour 23).
    pub fn share(&self, weekday: Weekday, hour: u8) -> f64 {
        self.shares[weekday_index(weekday)]
            .get(usize::from(hour))
            .copied()
            .unwrap_or(0.0)
    }

    fn from_table(table: &[[u32; 24]; 7]) -> Result<Self, ForecastError> {
        let mut pooled = [0u32; 24];
        for row in table {
            for (sum, calls) in pooled.iter_mut().zip(row) {
                *sum = sum.saturating_add(*calls);
            }
        }
        let pooled_shares = shares_of(&pooled).ok_or(ForecastError::EmptyProfile)?;
        let shares = table.map(|row| {
            let own_calls: u32 = row.iter().sum();
            match shares_of(&row) {
                Some(own) if own_calls >= MIN_CALLS_FOR_OWN_PROFILE => own,
                _ => pooled_shares,
            }
        });
        Ok(HourlyProfile { shares })
    }
}

/// Every forecast day split into its 24 city hours, in order.
pub fn split_by_hour(days: &[DayForecast], profile: &HourlyProfile) -> Vec<HourForecast> {
    days.iter()
        .flat_map(|day| {
            (0..24u8).map(move |hour| {
                let share = profile.share(day.date.weekday(), hour);
                HourForecast {
                    date: day.date,
                    hour,
                    expected: day.expected * share,
                    lower: day.lower * share,
                    upper: day.upper * share,
                }
            })
        })
        .collect()
}

fn shares_of(row: &[u32; 24]) -> Option<[f64; 24]> {
    let total: u32 = row.iter().sum();
    (total > 0).then(|| row.map(|calls| f64::from(calls) / f64::from(total)))
}

fn weekday_index(weekday: Weekday) -> usize {
    usize::from(weekday.to_monday_zero_offset().unsigned_abs())
}

fn hour_index(hour: i8) -> usize {
    usize::from(hour.unsigned_abs()).min(23)
}

#[cfg(test)]
mod tests;
