//! Norms (нормативы): the legal limits an inspection's measurements are checked
//! against, and the verdicts that an act and a report cite.
//!
//! [`check`] takes the readings of one visit (room air, inlet supply and return,
//! hot water at the tap) and returns a [`Verdict`] per check, each with the norm,
//! the deviation and the legal reference. Room air gets two checks: the comfort
//! norm of ПП 354 (its minimum, the night reduction and the +4 °C overheating
//! margin) and the sanitary maximum of СанПиН 1.2.3685-21 (+24 °C in any living
//! room). They disagree in both directions — a corner room in Ufa may reach +26
//! under ПП 354 but only +24 under СанПиН, while in the standard climate band a
//! living room overheats under ПП 354 above +22 — so both are reported, each with
//! its own reference, and neither hides the other.
//!
//! This module does not decide who fixes a violation (`responsibility`), how long heat
//! may be off (`heating_interruption`) or what a resident pays (`payment_reduction`).

use std::fmt;

use jiff::Timestamp;

use crate::calendar;
use crate::climate_band::ClimateBand;
use crate::temperature_schedule::{SchedulePoint, TemperatureSchedule};

/// ПП 354 Прил.1 п.15: indoor air in living rooms, night reduction, overheating.
pub const ROOM_AIR_REFERENCE: &str = "ПП 354 Прил.1 п.15";
/// СанПиН 1.2.3685-21 табл. 5.27: permissible living-room air up to +24 °C.
pub const SANITARY_AIR_REFERENCE: &str = "СанПиН 1.2.3685-21 табл. 5.27";
/// Правила технической эксплуатации тепловых энергоустановок (приказ Минэнерго
/// № 115) п.9.2.1: supply within ±3 % of the schedule, return at most +5 %.
pub const COOLANT_REFERENCE: &str = "ПТЭТЭ п.9.2.1";
/// ПП 354 Прил.1 п.5 (day −3, night −5, below +40 billed as cold water) and
/// СанПиН 2.1.3684-21 п.84 (+60…+75 °C at the tap).
pub const HOT_WATER_REFERENCE: &str = "ПП 354 Прил.1 п.5; СанПиН 2.1.3684-21 п.84";

/// ПП 354 permits this much above the indoor norm before it is overheating.
pub const OVERHEATING_MARGIN: f64 = 4.0;
/// ПП 354 permits this much below the indoor norm from 00:00 to 05:00.
pub const NIGHT_REDUCTION: f64 = 3.0;
/// СанПиН's permissible maximum for living rooms, in both climate bands.
pub const SANITARY_ROOM_MAX: f64 = 24.0;
/// Supply may deviate from the schedule by this share either way, in percent.
pub const SUPPLY_TOLERANCE_PERCENT: f64 = 3.0;
/// Return may exceed the schedule by this share, in percent; below is fine.
pub const RETURN_TOLERANCE_PERCENT: f64 = 5.0;
pub const HOT_WATER_MIN: f64 = 60.0;
pub const HOT_WATER_MAX: f64 = 75.0;
pub const HOT_WATER_DAY_TOLERANCE: f64 = 3.0;
pub const HOT_WATER_NIGHT_TOLERANCE: f64 = 5.0;
/// Hot water below this is billed at the cold-water tariff.
pub const COLD_WATER_BELOW: f64 = 40.0;

/// Measurements are taken to 0.1 °C; this absorbs float noise such as
/// `85.0 * 1.03 = 87.55000000000001` so a value exactly on a bound passes.
const EPSILON: f64 = 1e-9;

/// What was measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReadingKind {
    /// Indoor air in a living room.
    RoomAir,
    /// Supply water at the building's inlet.
    Supply,
    /// Return water at the building's inlet.
    Return,
    /// Hot water at the tap.
    HotWater,
}

impl ReadingKind {
    pub const ALL: [ReadingKind; 4] = [
        ReadingKind::RoomAir,
        ReadingKind::Supply,
        ReadingKind::Return,
        ReadingKind::HotWater,
    ];

    pub fn as_code(self) -> &'static str {
        match self {
            ReadingKind::RoomAir => "room_air",
            ReadingKind::Supply => "supply",
            ReadingKind::Return => "return",
            ReadingKind::HotWater => "hot_water",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "room_air" => ReadingKind::RoomAir,
            "supply" => ReadingKind::Supply,
            "return" => ReadingKind::Return,
            "hot_water" => ReadingKind::HotWater,
            _ => return None,
        })
    }
}

/// One measured value in °C. `corner` matters only for room air.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    pub kind: ReadingKind,
    pub value: f64,
    pub corner: bool,
}

impl Reading {
    /// A reading that is not room air, or room air in a non-corner room.
    pub fn new(kind: ReadingKind, value: f64) -> Self {
        Reading {
            kind,
            value,
            corner: false,
        }
    }

    /// Room air in a corner room.
    pub fn corner_room(value: f64) -> Self {
        Reading {
            kind: ReadingKind::RoomAir,
            value,
            corner: true,
        }
    }
}

/// Everything one visit's checks need.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckInput<'a> {
    /// When the readings were taken; decides night (00:00–05:00 city time).
    pub at: Timestamp,
    /// The day's mean outdoor temperature, which the schedule is read at.
    pub outdoor_temperature: Option<f64>,
    /// The building's heat source schedule.
    pub schedule: &'a TemperatureSchedule,
    pub band: ClimateBand,
    pub readings: Vec<Reading>,
}

/// What a reading is held to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Norm {
    /// Between `min` and `max` °C inclusive.
    Range { min: f64, max: f64 },
    /// At most `max` °C.
    AtMost { max: f64 },
    /// Within `percent` of the `scheduled` °C either way.
    WithinPercent { scheduled: f64, percent: f64 },
    /// At most `percent` above the `scheduled` °C; any amount below is fine.
    AtMostPercentAbove { scheduled: f64, percent: f64 },
}

impl Norm {
    /// The lowest and highest admitted values in °C, where there is one.
    pub fn bounds(&self) -> (Option<f64>, Option<f64>) {
        match *self {
            Norm::Range { min, max } => (Some(min), Some(max)),
            Norm::AtMost { max } => (None, Some(max)),
            Norm::WithinPercent { scheduled, percent } => (
                Some(scheduled * (1.0 - percent / 100.0)),
                Some(scheduled * (1.0 + percent / 100.0)),
            ),
            Norm::AtMostPercentAbove { scheduled, percent } => {
                (None, Some(scheduled * (1.0 + percent / 100.0)))
            }
        }
    }

    /// Whether a value meets the norm; a value exactly on a bound does.
    pub fn admits(&self, value: f64) -> bool {
        let (min, max) = self.bounds();
        min.is_none_or(|min| value >= min - EPSILON) && max.is_none_or(|max| value <= max + EPSILON)
    }

    /// How far the value is off. Absolute norms measure °C beyond the bound
    /// crossed (zero inside), since that is what the payment reduction counts.
    /// Schedule norms measure percent from the scheduled value even inside the
    /// tolerance, since the tolerance itself is a percentage to compare with.
    pub fn deviation(&self, value: f64) -> Deviation {
        match *self {
            Norm::Range { .. } | Norm::AtMost { .. } => {
                let (min, max) = self.bounds();
                let below = min.map_or(0.0, |min| (value - min).min(0.0));
                let above = max.map_or(0.0, |max| (value - max).max(0.0));
                Deviation::Celsius(round_hundredth(below + above))
            }
            Norm::WithinPercent { scheduled, .. } | Norm::AtMostPercentAbove { scheduled, .. } => {
                Deviation::Percent(round_hundredth((value - scheduled) / scheduled * 100.0))
            }
        }
    }
}

impl fmt::Display for Norm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Norm::Range { min, max } => write!(f, "{min:.1}…{max:.1} °C"),
            Norm::AtMost { max } => write!(f, "≤ {max:.1} °C"),
            Norm::WithinPercent { scheduled, percent } => {
                write!(f, "{scheduled:.1} °C ± {percent} %")
            }
            Norm::AtMostPercentAbove { scheduled, percent } => {
                write!(f, "≤ {scheduled:.1} °C + {percent} %")
            }
        }
    }
}

/// A signed deviation from a norm, rounded to hundredths.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Deviation {
    Celsius(f64),
    Percent(f64),
}

impl fmt::Display for Deviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Deviation::Celsius(value) => write!(f, "{value:+.1} °C"),
            Deviation::Percent(value) => write!(f, "{value:+.2} %"),
        }
    }
}

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VerdictKind {
    Ok,
    Violation,
    /// Hot water below +40 °C: a violation billed at the cold-water tariff.
    ColdWater,
    /// The reading could not be checked: supply or return without the day's
    /// outdoor temperature (then the verdict has no norm), or a value that is
    /// not a finite number.
    NotChecked,
}

impl VerdictKind {
    pub const ALL: [VerdictKind; 4] = [
        VerdictKind::Ok,
        VerdictKind::Violation,
        VerdictKind::ColdWater,
        VerdictKind::NotChecked,
    ];

    pub fn as_code(self) -> &'static str {
        match self {
            VerdictKind::Ok => "ok",
            VerdictKind::Violation => "violation",
            VerdictKind::ColdWater => "cold_water",
            VerdictKind::NotChecked => "not_checked",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "ok" => VerdictKind::Ok,
            "violation" => VerdictKind::Violation,
            "cold_water" => VerdictKind::ColdWater,
            "not_checked" => VerdictKind::NotChecked,
            _ => return None,
        })
    }

    /// Breaks a norm (cold water included).
    pub fn is_violation(self) -> bool {
        matches!(self, VerdictKind::Violation | VerdictKind::ColdWater)
    }
}

/// One check of one reading, citable in an act.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    /// The position of the reading in [`CheckInput::readings`].
    pub reading_index: usize,
    pub kind: ReadingKind,
    pub value: f64,
    /// `None` only when the norm is unknown (supply or return without outdoor temperature).
    pub norm: Option<Norm>,
    /// `None` when not checked.
    pub deviation: Option<Deviation>,
    pub verdict: VerdictKind,
    pub reference: &'static str,
}

/// Night for ПП 354: 00:00 to 05:00 city time, 05:00 itself is day.
pub fn is_night(at: Timestamp) -> bool {
    calendar::in_city(at).hour() < 5
}

/// Checks every reading against its norms. Verdicts come in the order of the
/// readings: one per reading, two for room air (ПП 354, then СанПиН).
pub fn check(input: &CheckInput<'_>) -> Vec<Verdict> {
    let night = is_night(input.at);
    let scheduled = input
        .outdoor_temperature
        .filter(|outdoor| outdoor.is_finite())
        .map(|outdoor| input.schedule.at(outdoor));
    let mut verdicts = Vec::with_capacity(input.readings.len() + 4);
    for (index, reading) in input.readings.iter().enumerate() {
        match reading.kind {
            ReadingKind::RoomAir => {
                let norm = room_air_norm(input.band, reading, night);
                verdicts.push(judge(index, reading, Some(norm), ROOM_AIR_REFERENCE));
                let sanitary = Norm::AtMost {
                    max: SANITARY_ROOM_MAX,
                };
                verdicts.push(judge(
                    index,
                    reading,
                    Some(sanitary),
                    SANITARY_AIR_REFERENCE,
                ));
            }
            ReadingKind::Supply | ReadingKind::Return => {
                let norm = scheduled.map(|point| coolant_norm(reading.kind, point));
                verdicts.push(judge(index, reading, norm, COOLANT_REFERENCE));
            }
            ReadingKind::HotWater => verdicts.push(hot_water(index, reading, night)),
        }
    }
    verdicts
}

/// ПП 354's room norm: the minimum, lowered by 3 °C at night, up to the day
/// norm plus 4 °C (the night reduction does not lower the overheating bound).
fn room_air_norm(band: ClimateBand, reading: &Reading, night: bool) -> Norm {
    let day = if reading.corner {
        band.corner_room_norm()
    } else {
        band.living_room_norm()
    };
    let min = if night { day - NIGHT_REDUCTION } else { day };
    Norm::Range {
        min,
        max: day + OVERHEATING_MARGIN,
    }
}

/// The hot-water norm at the tap: +60 less the day or night tolerance, up to +75.
fn hot_water_norm(night: bool) -> Norm {
    let tolerance = if night {
        HOT_WATER_NIGHT_TOLERANCE
    } else {
        HOT_WATER_DAY_TOLERANCE
    };
    Norm::Range {
        min: HOT_WATER_MIN - tolerance,
        max: HOT_WATER_MAX,
    }
}

fn coolant_norm(kind: ReadingKind, point: SchedulePoint) -> Norm {
    if kind == ReadingKind::Supply {
        Norm::WithinPercent {
            scheduled: point.supply,
            percent: SUPPLY_TOLERANCE_PERCENT,
        }
    } else {
        Norm::AtMostPercentAbove {
            scheduled: point.return_water,
            percent: RETURN_TOLERANCE_PERCENT,
        }
    }
}

fn hot_water(index: usize, reading: &Reading, night: bool) -> Verdict {
    let mut verdict = judge(
        index,
        reading,
        Some(hot_water_norm(night)),
        HOT_WATER_REFERENCE,
    );
    if reading.value < COLD_WATER_BELOW {
        verdict.verdict = VerdictKind::ColdWater;
    }
    verdict
}

fn judge(index: usize, reading: &Reading, norm: Option<Norm>, reference: &'static str) -> Verdict {
    let (deviation, verdict) = match norm {
        Some(norm) if reading.value.is_finite() => {
            let verdict = if norm.admits(reading.value) {
                VerdictKind::Ok
            } else {
                VerdictKind::Violation
            };
            (Some(norm.deviation(reading.value)), verdict)
        }
        _ => (None, VerdictKind::NotChecked),
    };
    Verdict {
        reading_index: index,
        kind: reading.kind,
        value: reading.value,
        norm,
        deviation,
        verdict,
        reference,
    }
}

fn round_hundredth(value: f64) -> f64 {
    // Adding zero turns a negative zero into zero, so it prints as "+0.0".
    (value * 100.0).round() / 100.0 + 0.0
}

#[cfg(test)]
mod tests;
