//! The wording of proposed remarks. Remarks are part of a legal act written in
//! Russian, so their text is stored data in Russian whatever the reader's
//! language, like a resident's description; only labels around it translate.

use domain::inspection_report::ReportReading;
use domain::norm::{Norm, ReadingKind, Verdict, VerdictKind};
use domain::remark::RemarkIssue;

/// `+18,5 °C`, the way an act writes temperatures.
pub fn celsius(value: f64) -> String {
    format!("{value:+.1} °C").replace('.', ",")
}

/// A norm as an act states it.
pub fn norm_text(norm: Norm) -> String {
    let number = |v: f64| format!("{v:.1}").replace('.', ",");
    match norm {
        Norm::Range { min, max } => format!("от {} до {}", celsius(min), celsius(max)),
        Norm::AtMost { max } => format!("не выше {}", celsius(max)),
        Norm::WithinPercent { scheduled, percent } => {
            format!(
                "{} °C ± {} % по графику",
                number(scheduled),
                number(percent)
            )
        }
        Norm::AtMostPercentAbove { scheduled, percent } => {
            format!(
                "не выше {} °C + {} % по графику",
                number(scheduled),
                number(percent)
            )
        }
    }
}

fn place(reading: &ReportReading) -> String {
    let mut parts = Vec::new();
    if let Some(apartment) = &reading.apartment {
        parts.push(format!("кв. {apartment}"));
    }
    if let Some(room) = &reading.room {
        parts.push(room.clone());
    }
    if reading.kind == ReadingKind::RoomAir && reading.corner {
        parts.push("угловая".to_string());
    }
    if parts.is_empty() {
        "место не указано".to_string()
    } else {
        parts.join(", ")
    }
}

/// The text of a proposed remark: what is wrong, where, the value and the norm.
pub fn remark_text(
    issue: RemarkIssue,
    reading_indexes: &[usize],
    readings: &[ReportReading],
    verdicts: &[Verdict],
) -> String {
    let details: Vec<String> = reading_indexes
        .iter()
        .filter_map(|idx| {
            let reading = readings.get(*idx)?;
            let norm = verdicts
                .iter()
                .find(|v| v.reading_index == *idx && v.verdict.is_violation())
                .and_then(|v| v.norm)
                .map(norm_text)
                .unwrap_or_default();
            let cold = verdicts
                .iter()
                .any(|v| v.reading_index == *idx && v.verdict == VerdictKind::ColdWater);
            let value = celsius(reading.value);
            Some(match reading.kind {
                ReadingKind::Supply | ReadingKind::Return => format!("{value} (норма {norm})"),
                _ if cold => format!(
                    "{}: {value} (норма {norm}; ниже +40 °C — оплата по тарифу холодной воды)",
                    place(reading)
                ),
                _ => format!("{}: {value} (норма {norm})", place(reading)),
            })
        })
        .collect();
    let details = details.join("; ");
    match issue {
        RemarkIssue::RoomTooCold => {
            format!("Температура воздуха в жилых помещениях ниже нормативной — {details}.")
        }
        RemarkIssue::RoomOverheated => {
            format!("Температура воздуха в жилых помещениях выше допустимой (перетоп) — {details}.")
        }
        RemarkIssue::SupplyOffSchedule => format!(
            "Температура теплоносителя в подающем трубопроводе на вводе не соответствует температурному графику — {details}."
        ),
        RemarkIssue::ReturnAboveSchedule => format!(
            "Температура теплоносителя в обратном трубопроводе превышает температурный график — {details}."
        ),
        RemarkIssue::HotWaterTooCold => {
            format!("Температура горячей воды в точке водоразбора ниже нормативной — {details}.")
        }
        RemarkIssue::HotWaterTooHot => {
            format!("Температура горячей воды в точке водоразбора выше допустимой — {details}.")
        }
        RemarkIssue::AirLock => format!("Завоздушивание системы отопления — {details}."),
        RemarkIssue::Other => details,
    }
}
