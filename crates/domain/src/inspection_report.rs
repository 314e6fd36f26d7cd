//! The inspection report (акт проверки параметров теплоносителя): what the
//! commission recorded at the visit, and its check against the norms.
//!
//! Each reading carries its own time, since a visit may run past midnight and
//! ПП 354's night reduction applies per measurement. The inlet readings are
//! checked against the heat source's schedule at the act's outdoor temperature.
//!
//! Not here: the norms themselves (`norm`), who gets the remarks
//! (`responsibility`), storing or rendering the act.

use jiff::Timestamp;
use jiff::civil::Date;

use crate::climate_band::ClimateBand;
use crate::norm::{self, CheckInput, Reading, ReadingKind, Verdict};
use crate::organization::OrganizationId;
use crate::temperature_schedule::TemperatureSchedule;

/// Whom a participant of the visit represents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Party {
    DistrictHq,
    ManagementCompany,
    HeatSupplier,
    Resident,
    Other,
}

impl Party {
    pub const ALL: [Party; 5] = [
        Party::DistrictHq,
        Party::ManagementCompany,
        Party::HeatSupplier,
        Party::Resident,
        Party::Other,
    ];

    pub fn as_code(self) -> &'static str {
        match self {
            Party::DistrictHq => "district_hq",
            Party::ManagementCompany => "management_company",
            Party::HeatSupplier => "heat_supplier",
            Party::Resident => "resident",
            Party::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "district_hq" => Party::DistrictHq,
            "management_company" => Party::ManagementCompany,
            "heat_supplier" => Party::HeatSupplier,
            "resident" => Party::Resident,
            "other" => Party::Other,
            _ => return None,
        })
    }
}

/// A member of the commission, or a resident present; a refusal to sign is
/// recorded in the act rather than leaving the signature blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub party: Party,
    pub name: String,
    pub job_title: Option<String>,
    pub organization_id: Option<OrganizationId>,
    pub refused_to_sign: bool,
    pub refusal_reason: Option<String>,
}

/// One measured value of the act.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportReading {
    pub kind: ReadingKind,
    pub value: f64,
    /// Only for room air: a corner room has a higher norm.
    pub corner: bool,
    pub apartment: Option<String>,
    pub room: Option<String>,
    pub measured_at: Timestamp,
}

/// The act of one visit.
#[derive(Debug, Clone, PartialEq)]
pub struct InspectionReport {
    pub visited_at: Timestamp,
    /// The day's mean outdoor temperature, °C.
    pub outdoor_temperature: Option<f64>,
    /// Inlet pressures, MPa: recorded, not judged (no norm in the rules).
    pub supply_pressure: Option<f64>,
    pub return_pressure: Option<f64>,
    /// The instrument used and the date of its last verification (поверка).
    pub instrument: Option<String>,
    pub instrument_verified_on: Option<Date>,
    pub findings: Option<String>,
    pub participants: Vec<Participant>,
    pub readings: Vec<ReportReading>,
}

/// Plausible ranges per reading kind, °C: outside them a value is a typo
/// (a missing decimal point), not a measurement.
pub fn plausible(kind: ReadingKind, value: f64) -> bool {
    let (min, max) = match kind {
        ReadingKind::RoomAir => (-30.0, 60.0),
        ReadingKind::Supply | ReadingKind::Return => (0.0, 200.0),
        ReadingKind::HotWater => (0.0, 100.0),
    };
    value.is_finite() && (min..=max).contains(&value)
}

/// Checks every reading of the act, each at its own time. Verdicts come in the
/// order of the readings (two for room air, as in [`norm::check`]), and each
/// verdict's `reading_index` is the reading's position in the act.
pub fn check(
    report: &InspectionReport,
    schedule: &TemperatureSchedule,
    band: ClimateBand,
) -> Vec<Verdict> {
    let mut verdicts = Vec::with_capacity(report.readings.len() + 4);
    for (index, reading) in report.readings.iter().enumerate() {
        let input = CheckInput {
            at: reading.measured_at,
            outdoor_temperature: report.outdoor_temperature,
            schedule,
            band,
            readings: vec![Reading {
                kind: reading.kind,
                value: reading.value,
                corner: reading.corner,
            }],
        };
        verdicts.extend(norm::check(&input).into_iter().map(|mut verdict| {
            verdict.reading_index = index;
            verdict
        }));
    }
    verdicts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::norm::VerdictKind;

    fn reading(kind: ReadingKind, value: f64, at: &str) -> ReportReading {
        ReportReading {
            kind,
            value,
            corner: false,
            apartment: None,
            room: None,
            measured_at: at.parse().unwrap(),
        }
    }

    #[track_caller]
    fn check_act(readings: Vec<ReportReading>, expected: &[(usize, &str)]) {
        let report = InspectionReport {
            visited_at: "2026-11-24T23:30:00+05:00".parse().unwrap(),
            outdoor_temperature: Some(0.0),
            supply_pressure: None,
            return_pressure: None,
            instrument: None,
            instrument_verified_on: None,
            findings: None,
            participants: Vec::new(),
            readings,
        };
        let schedule =
            TemperatureSchedule::parse_csv("outdoor,supply,return\n10,80,33\n0,85,45\n").unwrap();
        let got: Vec<(usize, &str)> = check(&report, &schedule, ClimateBand::Cold)
            .iter()
            .map(|it| (it.reading_index, it.verdict.as_code()))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn each_reading_is_judged_at_its_own_time() {
        // 18.0 °C breaks the day norm (+20) but not the night one (+17).
        check_act(
            vec![
                reading(ReadingKind::RoomAir, 18.0, "2026-11-24T23:59:00+05:00"),
                reading(ReadingKind::RoomAir, 18.0, "2026-11-25T00:10:00+05:00"),
                reading(ReadingKind::Supply, 85.0, "2026-11-25T00:20:00+05:00"),
            ],
            &[(0, "violation"), (0, "ok"), (1, "ok"), (1, "ok"), (2, "ok")],
        );
    }

    #[test]
    fn typos_are_not_plausible_measurements() {
        assert!(plausible(ReadingKind::RoomAir, 19.5));
        assert!(!plausible(ReadingKind::RoomAir, 195.0));
        assert!(!plausible(ReadingKind::Supply, f64::NAN));
        assert!(plausible(ReadingKind::HotWater, 0.0));
        assert!(!plausible(ReadingKind::HotWater, -1.0));
        assert_eq!(VerdictKind::from_code("ok"), Some(VerdictKind::Ok));
        for party in Party::ALL {
            assert_eq!(Party::from_code(party.as_code()), Some(party));
        }
    }
}
