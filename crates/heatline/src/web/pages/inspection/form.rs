//! The act form's values as typed, read from and written to the form fields
//! (`room-3-air`, `tap-0-value`, `p-1-name`), and turned into the use case's input.

use std::collections::BTreeMap;

use domain::inspection_report::Party;

use crate::app::inspection::InspectionDetails;
use crate::app::inspection::input::{ParticipantInput, ReportInput, RoomInput, TapInput};
use crate::app::{AppError, FieldErrors, Problem};

#[derive(Debug, Clone, Default)]
pub struct RoomRow {
    pub idx: usize,
    pub apartment: String,
    pub room: String,
    pub corner: bool,
    pub air: String,
    pub time: String,
}

#[derive(Debug, Clone, Default)]
pub struct TapRow {
    pub idx: usize,
    pub apartment: String,
    pub value: String,
    pub time: String,
}

#[derive(Debug, Clone, Default)]
pub struct PartyRow {
    pub idx: usize,
    pub party: String,
    pub name: String,
    pub title: String,
    pub refused: bool,
    pub reason: String,
}

/// The act form's values, as typed (strings, so a bad value is shown back).
#[derive(Debug, Clone, Default)]
pub struct FormValues {
    pub visited_date: String,
    pub visited_time: String,
    pub outdoor: String,
    pub supply: String,
    pub return_water: String,
    pub supply_pressure: String,
    pub return_pressure: String,
    pub instrument: String,
    pub verified_on: String,
    pub findings: String,
    pub due_on: String,
    pub create_remarks: bool,
    pub rooms: Vec<RoomRow>,
    pub taps: Vec<TapRow>,
    pub participants: Vec<PartyRow>,
}

fn number_text(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

impl FormValues {
    /// A form filled from the stored act, or prefilled for a new one.
    pub(crate) fn from_details(
        d: &InspectionDetails,
        actor_name: &str,
        now: jiff::Timestamp,
    ) -> FormValues {
        let time_of =
            |at: jiff::Timestamp| domain::calendar::in_city(at).strftime("%H:%M").to_string();
        let Some(stored) = &d.report else {
            let visit = d.stored.inspection.visit_at().unwrap_or(now);
            let parties = [
                (Party::DistrictHq, actor_name.to_string()),
                (Party::ManagementCompany, String::new()),
                (Party::HeatSupplier, String::new()),
                (Party::Resident, String::new()),
            ];
            return FormValues {
                visited_date: domain::calendar::city_date(visit).to_string(),
                visited_time: time_of(visit),
                create_remarks: true,
                rooms: (0..2)
                    .map(|idx| RoomRow {
                        idx,
                        ..Default::default()
                    })
                    .collect(),
                taps: vec![TapRow::default()],
                participants: parties
                    .into_iter()
                    .enumerate()
                    .map(|(idx, (party, name))| PartyRow {
                        idx,
                        party: party.as_code().into(),
                        name,
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            };
        };
        let r = &stored.report;
        let reading = |kind| r.readings.iter().find(|x| x.kind == kind).map(|x| x.value);
        FormValues {
            visited_date: domain::calendar::city_date(r.visited_at).to_string(),
            visited_time: time_of(r.visited_at),
            outdoor: number_text(r.outdoor_temperature),
            supply: number_text(reading(domain::norm::ReadingKind::Supply)),
            return_water: number_text(reading(domain::norm::ReadingKind::Return)),
            supply_pressure: number_text(r.supply_pressure),
            return_pressure: number_text(r.return_pressure),
            instrument: r.instrument.clone().unwrap_or_default(),
            verified_on: r
                .instrument_verified_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
            findings: r.findings.clone().unwrap_or_default(),
            due_on: String::new(),
            create_remarks: true,
            rooms: r
                .readings
                .iter()
                .filter(|x| x.kind == domain::norm::ReadingKind::RoomAir)
                .enumerate()
                .map(|(idx, x)| RoomRow {
                    idx,
                    apartment: x.apartment.clone().unwrap_or_default(),
                    room: x.room.clone().unwrap_or_default(),
                    corner: x.corner,
                    air: x.value.to_string(),
                    time: time_of(x.measured_at),
                })
                .collect(),
            taps: r
                .readings
                .iter()
                .filter(|x| x.kind == domain::norm::ReadingKind::HotWater)
                .enumerate()
                .map(|(idx, x)| TapRow {
                    idx,
                    apartment: x.apartment.clone().unwrap_or_default(),
                    value: x.value.to_string(),
                    time: time_of(x.measured_at),
                })
                .collect(),
            participants: r
                .participants
                .iter()
                .enumerate()
                .map(|(idx, p)| PartyRow {
                    idx,
                    party: p.party.as_code().into(),
                    name: p.name.clone(),
                    title: p.job_title.clone().unwrap_or_default(),
                    refused: p.refused_to_sign,
                    reason: p.refusal_reason.clone().unwrap_or_default(),
                })
                .collect(),
        }
    }

    /// Reads the posted form; rows are keyed `room-3-air`, `tap-0-value`, `p-1-name`.
    pub(crate) fn from_form(pairs: &[(String, String)]) -> FormValues {
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.trim().to_string())
                .unwrap_or_default()
        };
        let mut rows: BTreeMap<(String, usize), BTreeMap<String, String>> = BTreeMap::new();
        for (key, value) in pairs {
            let mut it = key.splitn(3, '-');
            if let (Some(kind), Some(idx), Some(field)) = (it.next(), it.next(), it.next())
                && let Ok(idx) = idx.parse::<usize>()
                && matches!(kind, "room" | "tap" | "p")
            {
                rows.entry((kind.to_string(), idx))
                    .or_default()
                    .insert(field.to_string(), value.trim().to_string());
            }
        }
        let field = |m: &BTreeMap<String, String>, f: &str| m.get(f).cloned().unwrap_or_default();
        let mut values = FormValues {
            visited_date: get("visited_date"),
            visited_time: get("visited_time"),
            outdoor: get("outdoor_temperature"),
            supply: get("supply_temperature"),
            return_water: get("return_temperature"),
            supply_pressure: get("supply_pressure"),
            return_pressure: get("return_pressure"),
            instrument: get("instrument"),
            verified_on: get("instrument_verified_on"),
            findings: get("findings"),
            due_on: get("remarks_due_on"),
            create_remarks: !get("create_remarks").is_empty(),
            ..Default::default()
        };
        for ((kind, idx), m) in &rows {
            match kind.as_str() {
                "room" => values.rooms.push(RoomRow {
                    idx: *idx,
                    apartment: field(m, "apartment"),
                    room: field(m, "room"),
                    corner: field(m, "corner") == "1",
                    air: field(m, "air"),
                    time: field(m, "time"),
                }),
                "tap" => values.taps.push(TapRow {
                    idx: *idx,
                    apartment: field(m, "apartment"),
                    value: field(m, "value"),
                    time: field(m, "time"),
                }),
                _ => values.participants.push(PartyRow {
                    idx: *idx,
                    party: field(m, "party"),
                    name: field(m, "name"),
                    title: field(m, "title"),
                    refused: !field(m, "refused").is_empty(),
                    reason: field(m, "reason"),
                }),
            }
        }
        values
    }

    /// The use case's input, and the form field id of each reading in order.
    pub(crate) fn to_input(&self) -> Result<(ReportInput, Vec<String>), AppError> {
        let mut errors = FieldErrors::default();
        let mut num = |field: &str, text: &str| -> Option<f64> {
            let text = text.trim().replace(',', ".").replace('\u{2212}', "-");
            if text.is_empty() {
                return None;
            }
            text.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .or_else(|| {
                    errors.add(field, Problem::Malformed);
                    None
                })
        };
        let opt = |s: &str| Some(s.to_string()).filter(|s| !s.trim().is_empty());
        let mut ids = Vec::new();
        let supply = num("supply_temperature", &self.supply);
        if supply.is_some() {
            ids.push("v-supply".to_string());
        }
        let return_water = num("return_temperature", &self.return_water);
        if return_water.is_some() {
            ids.push("v-return".to_string());
        }
        let mut rooms = Vec::new();
        for row in &self.rooms {
            let air = num(&format!("rooms[{}].air_temperature", rooms.len()), &row.air);
            if air.is_some() {
                ids.push(format!("v-room-{}", row.idx));
            }
            rooms.push(RoomInput {
                apartment: opt(&row.apartment),
                room: opt(&row.room),
                corner: row.corner,
                air_temperature: air,
                measured_at: opt(&row.time),
            });
        }
        let mut taps = Vec::new();
        for row in &self.taps {
            let value = num(&format!("hot_water[{}].value", taps.len()), &row.value);
            if value.is_some() {
                ids.push(format!("v-tap-{}", row.idx));
            }
            taps.push(TapInput {
                apartment: opt(&row.apartment),
                value,
                measured_at: opt(&row.time),
            });
        }
        let input = ReportInput {
            visited_at: Some(format!("{}T{}", self.visited_date, self.visited_time))
                .filter(|_| !self.visited_date.is_empty() && !self.visited_time.is_empty()),
            outdoor_temperature: num("outdoor_temperature", &self.outdoor),
            supply_temperature: supply,
            return_temperature: return_water,
            supply_pressure: num("supply_pressure", &self.supply_pressure),
            return_pressure: num("return_pressure", &self.return_pressure),
            rooms,
            hot_water: taps,
            instrument: opt(&self.instrument),
            instrument_verified_on: opt(&self.verified_on),
            findings: opt(&self.findings),
            participants: self
                .participants
                .iter()
                .map(|p| ParticipantInput {
                    party: opt(&p.party),
                    name: opt(&p.name),
                    job_title: opt(&p.title),
                    refused_to_sign: p.refused,
                    refusal_reason: opt(&p.reason),
                })
                .collect(),
            remarks_due_on: opt(&self.due_on),
            create_remarks: self.create_remarks,
        };
        errors.into_result()?;
        Ok((input, ids))
    }

    /// The verdict span id of a field named in a use-case error.
    pub(crate) fn span_of(&self, field: &str) -> Option<String> {
        let index = |prefix: &str| {
            field
                .strip_prefix(prefix)
                .and_then(|rest| rest.split(']').next())
                .and_then(|n| n.parse::<usize>().ok())
        };
        match field {
            "supply_temperature" => Some("v-supply".into()),
            "return_temperature" => Some("v-return".into()),
            "outdoor_temperature" => Some("v-outdoor".into()),
            _ => {
                if let Some(i) = index("rooms[") {
                    self.rooms.get(i).map(|r| format!("v-room-{}", r.idx))
                } else {
                    index("hot_water[")
                        .and_then(|i| self.taps.get(i).map(|r| format!("v-tap-{}", r.idx)))
                }
            }
        }
    }
}
