//! Payment reduction (снижение размера платы) for heating of poor quality, ПП 354
//! Прил.1 п.14–15: the period's heating charge drops by 0.15 % for each hour
//! of indoor air below the norm per °C of the shortfall, and by 0.15 % for each
//! hour past an interruption limit.
//!
//! This is an estimate for the resident and the HQ, not a bill: it takes the
//! hours and degrees as given (from verdicts and `heating_interruption`) and
//! does not decide which hours the supplier or the management company owes.
//! Degrees count fractionally (0.5 °C short is half a degree), where a strict
//! reading of «за каждый градус» would count whole degrees.

use std::fmt;

use crate::norm::{Deviation, ROOM_AIR_REFERENCE, ReadingKind, Verdict};

/// Percent of the period's charge per hour (and per °C for room air).
pub const PERCENT_PER_HOUR: f64 = 0.15;

/// An amount of money in kopecks, so sums stay exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Kopecks(pub i64);

impl fmt::Display for Kopecks {
    /// Rubles with two decimals, e.g. `1234.56`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

/// A span of time a room stayed below its norm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColdRoomPeriod {
    pub hours: f64,
    /// How far below the norm, in °C (positive).
    pub degrees_below: f64,
}

impl ColdRoomPeriod {
    /// The shortfall a ПП 354 room-air verdict shows, lasting `hours`; `None` for
    /// any other verdict, including overheating and СанПиН's maximum.
    pub fn from_verdict(verdict: &Verdict, hours: f64) -> Option<Self> {
        let is_room_norm =
            verdict.kind == ReadingKind::RoomAir && verdict.reference == ROOM_AIR_REFERENCE;
        match verdict.deviation {
            Some(Deviation::Celsius(degrees)) if is_room_norm && degrees < 0.0 => {
                Some(ColdRoomPeriod {
                    hours,
                    degrees_below: -degrees,
                })
            }
            _ => None,
        }
    }
}

/// A share of the period's heating charge, between 0 and 100 %.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct PaymentReduction {
    percent: f64,
}

impl PaymentReduction {
    /// No reduction.
    pub const NONE: PaymentReduction = PaymentReduction { percent: 0.0 };

    /// 0.15 % per hour per °C below the norm, summed over the periods.
    /// Negative or NaN hours and degrees count as zero.
    pub fn for_cold_rooms(periods: &[ColdRoomPeriod]) -> Self {
        let percent = periods
            .iter()
            .map(|it| PERCENT_PER_HOUR * it.hours.max(0.0) * it.degrees_below.max(0.0))
            .sum();
        PaymentReduction::capped(percent)
    }

    /// 0.15 % per hour past the interruption limits (see
    /// `MonthAssessment::hours_over_limits`).
    pub fn for_interruption(hours_over_limits: f64) -> Self {
        PaymentReduction::capped(PERCENT_PER_HOUR * hours_over_limits.max(0.0))
    }

    /// Both reductions of one period together, still at most the whole charge.
    pub fn plus(self, other: PaymentReduction) -> Self {
        PaymentReduction::capped(self.percent + other.percent)
    }

    pub fn percent(self) -> f64 {
        self.percent
    }

    /// The reduction of a charge, rounded to the kopeck (half away from zero).
    pub fn amount(self, charge: Kopecks) -> Kopecks {
        // Charges are far below 2^53 kopecks, where f64 is exact.
        Kopecks((charge.0 as f64 * self.percent / 100.0).round() as i64)
    }

    /// A reduction cannot exceed the charge.
    fn capped(percent: f64) -> Self {
        PaymentReduction {
            percent: percent.clamp(0.0, 100.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(reduction: PaymentReduction, charge: i64, expected_percent: f64, expected: &str) {
        let percent = (reduction.percent() * 1e6).round() / 1e6;
        assert_eq!(
            (percent, reduction.amount(Kopecks(charge)).to_string()),
            (expected_percent, expected.to_string())
        );
    }

    fn cold(hours: f64, degrees_below: f64) -> ColdRoomPeriod {
        ColdRoomPeriod {
            hours,
            degrees_below,
        }
    }

    #[test]
    fn a_cold_room_costs_point_fifteen_percent_per_hour_per_degree() {
        check(
            PaymentReduction::for_cold_rooms(&[cold(1.0, 1.0)]),
            123_456,
            0.15,
            "1.85",
        );
        check(
            PaymentReduction::for_cold_rooms(&[cold(10.0, 2.0)]),
            250_000,
            3.0,
            "75.00",
        );
        check(
            PaymentReduction::for_cold_rooms(&[cold(24.0, 0.5)]),
            250_000,
            1.8,
            "45.00",
        );
        check(
            PaymentReduction::for_cold_rooms(&[cold(10.0, 2.0), cold(5.0, 1.0)]),
            250_000,
            3.75,
            "93.75",
        );
        check(
            PaymentReduction::for_cold_rooms(&[cold(-5.0, 2.0), cold(5.0, f64::NAN)]),
            250_000,
            0.0,
            "0.00",
        );
    }

    #[test]
    fn hours_past_an_interruption_limit_cost_point_fifteen_percent_each() {
        check(
            PaymentReduction::for_interruption(0.0),
            250_000,
            0.0,
            "0.00",
        );
        check(
            PaymentReduction::for_interruption(14.0),
            250_000,
            2.1,
            "52.50",
        );
        check(
            PaymentReduction::for_interruption(0.01),
            250_000,
            0.0015,
            "0.04",
        );
    }

    #[test]
    fn the_reduction_never_exceeds_the_charge() {
        check(
            PaymentReduction::for_interruption(700.0),
            250_000,
            100.0,
            "2500.00",
        );
        let rooms = PaymentReduction::for_cold_rooms(&[cold(400.0, 1.0)]);
        check(
            rooms.plus(PaymentReduction::for_interruption(400.0)),
            99,
            100.0,
            "0.99",
        );
        check(rooms.plus(PaymentReduction::NONE), 250_000, 60.0, "1500.00");
    }

    #[test]
    fn a_room_verdict_below_the_norm_becomes_a_cold_period() {
        use crate::norm::{SANITARY_AIR_REFERENCE, VerdictKind};
        let verdict = |reference, deviation| Verdict {
            reading_index: 0,
            kind: ReadingKind::RoomAir,
            value: 18.5,
            norm: None,
            deviation: Some(Deviation::Celsius(deviation)),
            verdict: VerdictKind::Violation,
            reference,
        };
        assert_eq!(
            ColdRoomPeriod::from_verdict(&verdict(ROOM_AIR_REFERENCE, -1.5), 10.0),
            Some(cold(10.0, 1.5))
        );
        assert_eq!(
            ColdRoomPeriod::from_verdict(&verdict(ROOM_AIR_REFERENCE, 0.5), 10.0),
            None
        );
        assert_eq!(
            ColdRoomPeriod::from_verdict(&verdict(SANITARY_AIR_REFERENCE, -1.5), 10.0),
            None
        );
    }
}
