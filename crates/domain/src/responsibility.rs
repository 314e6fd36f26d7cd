//! Responsibility: which organization an inspection's findings go to as remarks.
//!
//! The building's inlet is the boundary. The heat supplier (РСО) answers for the
//! coolant it delivers: supply off the schedule. The management company (УК)
//! answers for the in-house system: cold or overheated rooms while the inlet is
//! on schedule (air locks, imbalance, the building substation's regulation), a
//! high return (the building does not take the heat it is given), hot water at
//! the tap. When the supply is off schedule in the direction that explains a
//! room's problem (too cold with supply low, too hot with supply high), that
//! room's remark also goes to the supplier, and so does a high return.
//!
//! Without a checked supply (no outdoor temperature, no inlet reading) rooms go
//! to the management company: under ПП 354 it is the provider residents deal
//! with, and it can pass the claim on. Hot water goes to the management
//! company too; where water is heated at the supplier's central substation the
//! district HQ reassigns it. These are proposals: the HQ edits them in the act.

use crate::norm::{Deviation, ReadingKind, Verdict};
use crate::organization::OrganizationKind;
use crate::remark::RemarkIssue;

/// A remark the act proposes: one per owner and issue, covering every reading
/// that shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposedRemark {
    pub owner: OrganizationKind,
    pub issue: RemarkIssue,
    /// The readings (positions in the check's input) it covers, in order.
    pub reading_indexes: Vec<usize>,
    /// The rules broken, each once, in the order first met.
    pub references: Vec<&'static str>,
}

/// Proposes remarks for the violations among an act's verdicts, in the order
/// the issues first appear. Verdicts that pass or were not checked propose nothing.
pub fn propose_remarks(verdicts: &[Verdict]) -> Vec<ProposedRemark> {
    let supply_low = verdicts
        .iter()
        .any(|it| supply_off(it) == Some(Direction::Low));
    let supply_high = verdicts
        .iter()
        .any(|it| supply_off(it) == Some(Direction::High));
    let mut remarks: Vec<ProposedRemark> = Vec::new();
    for verdict in verdicts.iter().filter(|it| it.verdict.is_violation()) {
        let Some(direction) = direction(verdict) else {
            continue;
        };
        let (owner, issue) = assign(verdict.kind, direction, supply_low, supply_high);
        let position = remarks
            .iter()
            .position(|it| it.owner == owner && it.issue == issue);
        let remark = match position {
            Some(position) => &mut remarks[position],
            None => {
                remarks.push(ProposedRemark {
                    owner,
                    issue,
                    reading_indexes: Vec::new(),
                    references: Vec::new(),
                });
                remarks.last_mut().expect("a remark was just pushed")
            }
        };
        if !remark.reading_indexes.contains(&verdict.reading_index) {
            remark.reading_indexes.push(verdict.reading_index);
        }
        if !remark.references.contains(&verdict.reference) {
            remark.references.push(verdict.reference);
        }
    }
    remarks
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Low,
    High,
}

fn direction(verdict: &Verdict) -> Option<Direction> {
    let value = match verdict.deviation? {
        Deviation::Celsius(value) | Deviation::Percent(value) => value,
    };
    if value < 0.0 {
        Some(Direction::Low)
    } else if value > 0.0 {
        Some(Direction::High)
    } else {
        None
    }
}

fn supply_off(verdict: &Verdict) -> Option<Direction> {
    if verdict.kind == ReadingKind::Supply && verdict.verdict.is_violation() {
        direction(verdict)
    } else {
        None
    }
}

fn assign(
    kind: ReadingKind,
    direction: Direction,
    supply_low: bool,
    supply_high: bool,
) -> (OrganizationKind, RemarkIssue) {
    let supplier_if = |supplier: bool| {
        if supplier {
            OrganizationKind::HeatSupplier
        } else {
            OrganizationKind::ManagementCompany
        }
    };
    match (kind, direction) {
        (ReadingKind::Supply, _) => (
            OrganizationKind::HeatSupplier,
            RemarkIssue::SupplyOffSchedule,
        ),
        (ReadingKind::Return, _) => (
            supplier_if(supply_low || supply_high),
            RemarkIssue::ReturnAboveSchedule,
        ),
        (ReadingKind::RoomAir, Direction::Low) => {
            (supplier_if(supply_low), RemarkIssue::RoomTooCold)
        }
        (ReadingKind::RoomAir, Direction::High) => {
            (supplier_if(supply_high), RemarkIssue::RoomOverheated)
        }
        (ReadingKind::HotWater, Direction::Low) => (
            OrganizationKind::ManagementCompany,
            RemarkIssue::HotWaterTooCold,
        ),
        (ReadingKind::HotWater, Direction::High) => (
            OrganizationKind::ManagementCompany,
            RemarkIssue::HotWaterTooHot,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::climate_band::ClimateBand;
    use crate::norm::{CheckInput, Reading, check};
    use crate::temperature_schedule::TemperatureSchedule;

    /// At outdoor 0 °C the example 150/70 schedule wants supply 85, return 45.
    const SCHEDULE: &str = "outdoor,supply,return\n10,80,33\n0,85,45\n-10,110,55\n";

    #[track_caller]
    fn check_remarks(readings: &[Reading], expected: &[&str]) {
        let schedule = TemperatureSchedule::parse_csv(SCHEDULE).unwrap();
        let verdicts = check(&CheckInput {
            at: "2026-11-24T12:00:00+05:00".parse().unwrap(),
            outdoor_temperature: Some(0.0),
            schedule: &schedule,
            band: ClimateBand::Cold,
            readings: readings.to_vec(),
        });
        let got: Vec<String> = propose_remarks(&verdicts)
            .iter()
            .map(|it| {
                format!(
                    "{} {} {:?} {}",
                    it.owner.as_code(),
                    it.issue.as_code(),
                    it.reading_indexes,
                    it.references.join(" + ")
                )
            })
            .collect();
        assert_eq!(got, expected);
    }

    fn room(value: f64) -> Reading {
        Reading::new(ReadingKind::RoomAir, value)
    }

    fn supply(value: f64) -> Reading {
        Reading::new(ReadingKind::Supply, value)
    }

    fn ret(value: f64) -> Reading {
        Reading::new(ReadingKind::Return, value)
    }

    fn hot_water(value: f64) -> Reading {
        Reading::new(ReadingKind::HotWater, value)
    }

    #[test]
    fn cold_rooms_with_the_inlet_on_schedule_go_to_the_management_company() {
        check_remarks(
            &[
                supply(85.0),
                ret(44.0),
                room(19.0),
                Reading::corner_room(21.5),
                room(20.5),
            ],
            &["management_company room_too_cold [2, 3] ПП 354 Прил.1 п.15"],
        );
        check_remarks(
            &[room(19.0)],
            &["management_company room_too_cold [0] ПП 354 Прил.1 п.15"],
        );
    }

    #[test]
    fn supply_below_schedule_sends_cold_rooms_to_the_heat_supplier() {
        check_remarks(
            &[supply(80.0), ret(44.0), room(18.0)],
            &[
                "heat_supplier supply_off_schedule [0] ПТЭТЭ п.9.2.1",
                "heat_supplier room_too_cold [2] ПП 354 Прил.1 п.15",
            ],
        );
    }

    #[test]
    fn overheating_is_the_management_companys_unless_the_supply_is_too_hot() {
        check_remarks(
            &[supply(86.0), room(24.5), Reading::corner_room(25.0)],
            &[
                "management_company room_overheated [1, 2] ПП 354 Прил.1 п.15 + СанПиН 1.2.3685-21 табл. 5.27",
            ],
        );
        check_remarks(
            &[supply(90.0), room(24.5)],
            &[
                "heat_supplier supply_off_schedule [0] ПТЭТЭ п.9.2.1",
                "heat_supplier room_overheated [1] ПП 354 Прил.1 п.15 + СанПиН 1.2.3685-21 табл. 5.27",
            ],
        );
        check_remarks(
            &[supply(80.0), room(24.5)],
            &[
                "heat_supplier supply_off_schedule [0] ПТЭТЭ п.9.2.1",
                "management_company room_overheated [1] ПП 354 Прил.1 п.15 + СанПиН 1.2.3685-21 табл. 5.27",
            ],
        );
    }

    #[test]
    fn a_high_return_is_the_buildings_unless_the_supply_explains_it() {
        check_remarks(
            &[supply(85.0), ret(48.0)],
            &["management_company return_above_schedule [1] ПТЭТЭ п.9.2.1"],
        );
        check_remarks(
            &[supply(90.0), ret(48.0)],
            &[
                "heat_supplier supply_off_schedule [0] ПТЭТЭ п.9.2.1",
                "heat_supplier return_above_schedule [1] ПТЭТЭ п.9.2.1",
            ],
        );
    }

    #[test]
    fn hot_water_goes_to_the_management_company() {
        let reference = "ПП 354 Прил.1 п.5; СанПиН 2.1.3684-21 п.84";
        check_remarks(
            &[hot_water(50.0), hot_water(35.0), hot_water(76.0)],
            &[
                &format!("management_company hot_water_too_cold [0, 1] {reference}"),
                &format!("management_company hot_water_too_hot [2] {reference}"),
            ],
        );
    }

    #[test]
    fn readings_within_the_norms_propose_nothing() {
        check_remarks(
            &[
                supply(85.0),
                ret(30.0),
                room(21.0),
                hot_water(60.0),
                room(f64::NAN),
            ],
            &[],
        );
    }
}
