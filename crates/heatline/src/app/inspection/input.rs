//! The act as typed: the input of the act form and the API, validated into a
//! domain act with every bad field named.

use domain::inspection_report::{InspectionReport, Participant, Party, ReportReading, plausible};
use domain::norm::ReadingKind;
use jiff::Timestamp;
use jiff::civil::Time;

use crate::app::inspection::{InspectionProblem, parse_date, parse_instant};
use crate::app::ticket::clean;
use crate::app::{AppError, FieldErrors, Problem};

/// A room checked: where, and the air temperature there.
#[derive(Debug, Clone, Default)]
pub struct RoomInput {
    pub apartment: Option<String>,
    pub room: Option<String>,
    pub corner: bool,
    pub air_temperature: Option<f64>,
    /// RFC 3339, city time `YYYY-MM-DDTHH:MM`, or `HH:MM` on the visit's day;
    /// the visit's time when absent.
    pub measured_at: Option<String>,
}

/// Hot water measured at a tap.
#[derive(Debug, Clone, Default)]
pub struct TapInput {
    pub apartment: Option<String>,
    pub value: Option<f64>,
    pub measured_at: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ParticipantInput {
    pub party: Option<String>,
    pub name: Option<String>,
    pub job_title: Option<String>,
    pub refused_to_sign: bool,
    pub refusal_reason: Option<String>,
}

/// The act as typed on the phone or sent by a client.
#[derive(Debug, Clone, Default)]
pub struct ReportInput {
    pub visited_at: Option<String>,
    pub outdoor_temperature: Option<f64>,
    pub supply_temperature: Option<f64>,
    pub return_temperature: Option<f64>,
    pub supply_pressure: Option<f64>,
    pub return_pressure: Option<f64>,
    pub rooms: Vec<RoomInput>,
    pub hot_water: Vec<TapInput>,
    pub instrument: Option<String>,
    pub instrument_verified_on: Option<String>,
    pub findings: Option<String>,
    pub participants: Vec<ParticipantInput>,
    /// The remarks' deadline (a city date); 3 working days when absent.
    pub remarks_due_on: Option<String>,
    /// Create the proposed remarks on save (the default).
    pub create_remarks: bool,
}

fn number(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<f64>,
    ok: impl Fn(f64) -> bool,
) -> Option<f64> {
    let value = value?;
    if ok(value) {
        Some(value)
    } else {
        errors.add(field, Problem::Inspection(InspectionProblem::Implausible));
        None
    }
}

fn text(
    errors: &mut FieldErrors,
    field: &str,
    value: &Option<String>,
    max: usize,
) -> Option<String> {
    let value = clean(value)?;
    if value.chars().count() > max {
        errors.add(field, Problem::TooLong { max });
    }
    Some(value)
}

/// An instant of a reading: a full date and time, or a time on the visit's day.
fn reading_time(text: Option<&str>, visited_at: Timestamp) -> Option<Timestamp> {
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    let Some(text) = text else {
        return Some(visited_at);
    };
    if let Ok(time) = text.parse::<Time>() {
        let day = domain::calendar::city_date(visited_at);
        return Some(domain::calendar::city_instant(day.to_datetime(time)));
    }
    parse_instant(text)
}

/// Turns the typed act into a domain act, naming every bad field. Blank
/// rooms, taps and participants are skipped.
pub fn validate(input: &ReportInput, now: Timestamp) -> Result<InspectionReport, AppError> {
    let mut errors = FieldErrors::default();
    let visited_at = match input.visited_at.as_deref().map(str::trim) {
        None | Some("") => Some(now),
        Some(text) => parse_instant(text).or_else(|| {
            errors.add("visited_at", Problem::Malformed);
            None
        }),
    };
    let visit = visited_at.unwrap_or(now);
    let outdoor = number(
        &mut errors,
        "outdoor_temperature",
        input.outdoor_temperature,
        |t| (-60.0..=50.0).contains(&t),
    );
    let pressure = |t: f64| (0.0..=10.0).contains(&t);
    let supply_pressure = number(
        &mut errors,
        "supply_pressure",
        input.supply_pressure,
        pressure,
    );
    let return_pressure = number(
        &mut errors,
        "return_pressure",
        input.return_pressure,
        pressure,
    );
    let mut readings = Vec::new();
    for (field, kind, value) in [
        (
            "supply_temperature",
            ReadingKind::Supply,
            input.supply_temperature,
        ),
        (
            "return_temperature",
            ReadingKind::Return,
            input.return_temperature,
        ),
    ] {
        if let Some(value) = number(&mut errors, field, value, |v| plausible(kind, v)) {
            readings.push(ReportReading {
                kind,
                value,
                corner: false,
                apartment: None,
                room: None,
                measured_at: visit,
            });
        }
    }
    for (idx, room) in input.rooms.iter().enumerate() {
        let apartment = text(
            &mut errors,
            &format!("rooms[{idx}].apartment"),
            &room.apartment,
            20,
        );
        let name = text(&mut errors, &format!("rooms[{idx}].room"), &room.room, 100);
        let Some(value) = room.air_temperature else {
            if apartment.is_some() || name.is_some() {
                errors.add(format!("rooms[{idx}].air_temperature"), Problem::Required);
            }
            continue;
        };
        let field = format!("rooms[{idx}].air_temperature");
        let Some(value) = number(&mut errors, &field, Some(value), |v| {
            plausible(ReadingKind::RoomAir, v)
        }) else {
            continue;
        };
        let Some(measured_at) = reading_time(room.measured_at.as_deref(), visit) else {
            errors.add(format!("rooms[{idx}].measured_at"), Problem::Malformed);
            continue;
        };
        readings.push(ReportReading {
            kind: ReadingKind::RoomAir,
            value,
            corner: room.corner,
            apartment,
            room: name,
            measured_at,
        });
    }
    for (idx, tap) in input.hot_water.iter().enumerate() {
        let apartment = text(
            &mut errors,
            &format!("hot_water[{idx}].apartment"),
            &tap.apartment,
            20,
        );
        let Some(value) = tap.value else {
            if apartment.is_some() {
                errors.add(format!("hot_water[{idx}].value"), Problem::Required);
            }
            continue;
        };
        let field = format!("hot_water[{idx}].value");
        let Some(value) = number(&mut errors, &field, Some(value), |v| {
            plausible(ReadingKind::HotWater, v)
        }) else {
            continue;
        };
        let Some(measured_at) = reading_time(tap.measured_at.as_deref(), visit) else {
            errors.add(format!("hot_water[{idx}].measured_at"), Problem::Malformed);
            continue;
        };
        readings.push(ReportReading {
            kind: ReadingKind::HotWater,
            value,
            corner: false,
            apartment,
            room: None,
            measured_at,
        });
    }
    let participants = participants(&input.participants, &mut errors);
    let instrument = text(&mut errors, "instrument", &input.instrument, 300);
    let instrument_verified_on = match clean(&input.instrument_verified_on) {
        None => None,
        Some(text) => match parse_date(&text) {
            Some(date) if date > domain::calendar::city_date(visit) => {
                errors.add(
                    "instrument_verified_on",
                    Problem::Inspection(InspectionProblem::VerifiedAfterVisit),
                );
                None
            }
            Some(date) => Some(date),
            None => {
                errors.add("instrument_verified_on", Problem::Malformed);
                None
            }
        },
    };
    let findings = text(&mut errors, "findings", &input.findings, 8000);
    errors.into_result()?;
    Ok(InspectionReport {
        visited_at: visit,
        outdoor_temperature: outdoor,
        supply_pressure,
        return_pressure,
        instrument,
        instrument_verified_on,
        findings,
        participants,
        readings,
    })
}

fn participants(inputs: &[ParticipantInput], errors: &mut FieldErrors) -> Vec<Participant> {
    let mut out = Vec::new();
    for (idx, input) in inputs.iter().enumerate() {
        let Some(name) = text(
            errors,
            &format!("participants[{idx}].name"),
            &input.name,
            200,
        ) else {
            continue;
        };
        let party = match input.party.as_deref() {
            None | Some("") => {
                errors.add(format!("participants[{idx}].party"), Problem::Required);
                continue;
            }
            Some(code) => match Party::from_code(code) {
                Some(p) => p,
                None => {
                    errors.add(format!("participants[{idx}].party"), Problem::UnknownCode);
                    continue;
                }
            },
        };
        out.push(Participant {
            party,
            name,
            job_title: text(
                errors,
                &format!("participants[{idx}].job_title"),
                &input.job_title,
                200,
            ),
            organization_id: None,
            refused_to_sign: input.refused_to_sign,
            refusal_reason: text(
                errors,
                &format!("participants[{idx}].refusal_reason"),
                &input.refusal_reason,
                500,
            ),
        });
    }
    out
}
