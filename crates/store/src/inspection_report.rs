//! Inspection reports (акты): the act of a visit, its participants, readings,
//! the verdicts computed when it was saved, and its photos.

use domain::inspection::InspectionId;
use domain::inspection_report::{InspectionReport, Participant, Party, ReportReading};
use domain::norm::{
    COOLANT_REFERENCE, Deviation, HOT_WATER_REFERENCE, Norm, ROOM_AIR_REFERENCE, ReadingKind,
    SANITARY_AIR_REFERENCE, Verdict, VerdictKind,
};
use domain::organization::OrganizationId;
use domain::photo::ImageType;
use domain::remark::RemarkId;
use domain::user::UserId;
use jiff::Timestamp;
use sqlx::AnyConnection;

use crate::double::Double;
use crate::error::{StoreError, corrupt};

fn millis(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

const CORNER: &str = "corner";
const ORDINARY: &str = "ordinary";

/// A stored act with the verdicts it was saved with.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredReport {
    pub report: InspectionReport,
    pub verdicts: Vec<Verdict>,
    pub heat_source_id: Option<OrganizationId>,
    pub recorded_at: Timestamp,
    pub recorded_by: Option<UserId>,
}

/// Writes the act of an inspection, replacing an earlier one whole.
pub async fn replace(
    conn: &mut AnyConnection,
    id: InspectionId,
    stored: &StoredReport,
) -> Result<(), StoreError> {
    for table in [
        "inspection_verdicts",
        "inspection_readings",
        "inspection_participants",
        "inspection_reports",
    ] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "delete from {table} where inspection_id = $1"
        )))
        .bind(id.0)
        .execute(&mut *conn)
        .await?;
    }
    let report = &stored.report;
    sqlx::query(
        "insert into inspection_reports (inspection_id, visited_at, outdoor_temperature,
            supply_pressure, return_pressure, heat_source_id, instrument,
            instrument_verified_on, findings, recorded_at, recorded_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(id.0)
    .bind(report.visited_at.as_millisecond())
    .bind(Double(report.outdoor_temperature))
    .bind(Double(report.supply_pressure))
    .bind(Double(report.return_pressure))
    .bind(stored.heat_source_id.map(|o| o.0))
    .bind(report.instrument.as_deref())
    .bind(report.instrument_verified_on.map(|d| d.to_string()))
    .bind(report.findings.as_deref())
    .bind(stored.recorded_at.as_millisecond())
    .bind(stored.recorded_by.map(|u| u.0))
    .execute(&mut *conn)
    .await?;
    for (position, p) in report.participants.iter().enumerate() {
        sqlx::query(
            "insert into inspection_participants (inspection_id, position, party, name,
                job_title, organization_id, refused_to_sign_at, refusal_reason)
             values ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id.0)
        .bind(position as i64)
        .bind(p.party.as_code())
        .bind(&p.name)
        .bind(p.job_title.as_deref())
        .bind(p.organization_id.map(|o| o.0))
        .bind(
            p.refused_to_sign
                .then_some(report.visited_at.as_millisecond()),
        )
        .bind(p.refusal_reason.as_deref())
        .execute(&mut *conn)
        .await?;
    }
    for (position, r) in report.readings.iter().enumerate() {
        let room_type =
            (r.kind == ReadingKind::RoomAir).then_some(if r.corner { CORNER } else { ORDINARY });
        sqlx::query(
            "insert into inspection_readings (inspection_id, position, kind, value, room_type,
                apartment, room, measured_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id.0)
        .bind(position as i64)
        .bind(r.kind.as_code())
        .bind(r.value)
        .bind(room_type)
        .bind(r.apartment.as_deref())
        .bind(r.room.as_deref())
        .bind(r.measured_at.as_millisecond())
        .execute(&mut *conn)
        .await?;
    }
    for (position, v) in stored.verdicts.iter().enumerate() {
        let (norm_kind, a, b) = norm_columns(v.norm);
        let (deviation, unit) = match v.deviation {
            Some(Deviation::Celsius(d)) => (Some(d), Some("celsius")),
            Some(Deviation::Percent(d)) => (Some(d), Some("percent")),
            None => (None, None),
        };
        sqlx::query(
            "insert into inspection_verdicts (inspection_id, position, reading_position, kind,
                value, norm_kind, norm_a, norm_b, deviation, deviation_unit, verdict, reference)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(id.0)
        .bind(position as i64)
        .bind(v.reading_index as i64)
        .bind(v.kind.as_code())
        .bind(v.value)
        .bind(norm_kind)
        .bind(Double(a))
        .bind(Double(b))
        .bind(Double(deviation))
        .bind(unit)
        .bind(v.verdict.as_code())
        .bind(v.reference)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

fn norm_columns(norm: Option<Norm>) -> (Option<&'static str>, Option<f64>, Option<f64>) {
    match norm {
        None => (None, None, None),
        Some(Norm::Range { min, max }) => (Some("range"), Some(min), Some(max)),
        Some(Norm::AtMost { max }) => (Some("at_most"), None, Some(max)),
        Some(Norm::WithinPercent { scheduled, percent }) => {
            (Some("within_percent"), Some(scheduled), Some(percent))
        }
        Some(Norm::AtMostPercentAbove { scheduled, percent }) => (
            Some("at_most_percent_above"),
            Some(scheduled),
            Some(percent),
        ),
    }
}

fn norm_from(
    kind: Option<&str>,
    a: Option<f64>,
    b: Option<f64>,
) -> Result<Option<Norm>, StoreError> {
    let value = |v: Option<f64>| v.ok_or_else(|| corrupt("norm", kind.unwrap_or("")));
    Ok(match kind {
        None => None,
        Some("range") => Some(Norm::Range {
            min: value(a)?,
            max: value(b)?,
        }),
        Some("at_most") => Some(Norm::AtMost { max: value(b)? }),
        Some("within_percent") => Some(Norm::WithinPercent {
            scheduled: value(a)?,
            percent: value(b)?,
        }),
        Some("at_most_percent_above") => Some(Norm::AtMostPercentAbove {
            scheduled: value(a)?,
            percent: value(b)?,
        }),
        Some(other) => return Err(corrupt("norm", other)),
    })
}

/// The legal references a verdict may cite, as the static texts of `norm`.
fn reference_from(text: &str) -> Result<&'static str, StoreError> {
    [
        ROOM_AIR_REFERENCE,
        SANITARY_AIR_REFERENCE,
        COOLANT_REFERENCE,
        HOT_WATER_REFERENCE,
    ]
    .into_iter()
    .find(|it| *it == text)
    .ok_or_else(|| corrupt("reference", text))
}

#[derive(sqlx::FromRow)]
struct ReportRow {
    visited_at: i64,
    outdoor_temperature: Option<f64>,
    supply_pressure: Option<f64>,
    return_pressure: Option<f64>,
    heat_source_id: Option<i64>,
    instrument: Option<String>,
    instrument_verified_on: Option<String>,
    findings: Option<String>,
    recorded_at: i64,
    recorded_by: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct ParticipantRow {
    party: String,
    name: String,
    job_title: Option<String>,
    organization_id: Option<i64>,
    refused_to_sign_at: Option<i64>,
    refusal_reason: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ReadingRow {
    kind: String,
    value: f64,
    room_type: Option<String>,
    apartment: Option<String>,
    room: Option<String>,
    measured_at: i64,
}

#[derive(sqlx::FromRow)]
struct VerdictRow {
    reading_position: i64,
    kind: String,
    value: f64,
    norm_kind: Option<String>,
    norm_a: Option<f64>,
    norm_b: Option<f64>,
    deviation: Option<f64>,
    deviation_unit: Option<String>,
    verdict: String,
    reference: String,
}

fn reading_kind(code: &str) -> Result<ReadingKind, StoreError> {
    ReadingKind::from_code(code).ok_or_else(|| corrupt("reading kind", code))
}

/// The act of an inspection, if recorded. The caller has checked the scope.
pub async fn get(
    conn: &mut AnyConnection,
    id: InspectionId,
) -> Result<Option<StoredReport>, StoreError> {
    let row: Option<ReportRow> = sqlx::query_as(
        "select visited_at, outdoor_temperature, supply_pressure, return_pressure,
            heat_source_id, instrument, instrument_verified_on, findings, recorded_at, recorded_by
         from inspection_reports where inspection_id = $1",
    )
    .bind(id.0)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let participants: Vec<ParticipantRow> = sqlx::query_as(
        "select party, name, job_title, organization_id, refused_to_sign_at, refusal_reason
         from inspection_participants where inspection_id = $1 order by position",
    )
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await?;
    let readings: Vec<ReadingRow> = sqlx::query_as(
        "select kind, value, room_type, apartment, room, measured_at
         from inspection_readings where inspection_id = $1 order by position",
    )
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await?;
    let verdicts: Vec<VerdictRow> = sqlx::query_as(
        "select reading_position, kind, value, norm_kind, norm_a, norm_b, deviation,
            deviation_unit, verdict, reference
         from inspection_verdicts where inspection_id = $1 order by position",
    )
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await?;
    let participants = participants
        .into_iter()
        .map(|p| {
            Ok(Participant {
                party: Party::from_code(&p.party).ok_or_else(|| corrupt("party", &p.party))?,
                name: p.name,
                job_title: p.job_title,
                organization_id: p.organization_id.map(OrganizationId),
                refused_to_sign: p.refused_to_sign_at.is_some(),
                refusal_reason: p.refusal_reason,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let readings = readings
        .into_iter()
        .map(|r| {
            Ok(ReportReading {
                kind: reading_kind(&r.kind)?,
                value: r.value,
                corner: r.room_type.as_deref() == Some(CORNER),
                apartment: r.apartment,
                room: r.room,
                measured_at: millis(r.measured_at),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let verdicts = verdicts
        .into_iter()
        .map(|v| {
            let deviation = match (v.deviation, v.deviation_unit.as_deref()) {
                (Some(d), Some("celsius")) => Some(Deviation::Celsius(d)),
                (Some(d), Some("percent")) => Some(Deviation::Percent(d)),
                (None, None) => None,
                (_, unit) => return Err(corrupt("deviation unit", unit.unwrap_or(""))),
            };
            Ok(Verdict {
                reading_index: usize::try_from(v.reading_position)
                    .map_err(|_| corrupt("reading position", &v.reading_position.to_string()))?,
                kind: reading_kind(&v.kind)?,
                value: v.value,
                norm: norm_from(v.norm_kind.as_deref(), v.norm_a, v.norm_b)?,
                deviation,
                verdict: VerdictKind::from_code(&v.verdict)
                    .ok_or_else(|| corrupt("verdict", &v.verdict))?,
                reference: reference_from(&v.reference)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let instrument_verified_on = match row.instrument_verified_on.as_deref() {
        Some(text) => Some(
            text.parse()
                .map_err(|_| corrupt("instrument verification date", text))?,
        ),
        None => None,
    };
    Ok(Some(StoredReport {
        report: InspectionReport {
            visited_at: millis(row.visited_at),
            outdoor_temperature: row.outdoor_temperature,
            supply_pressure: row.supply_pressure,
            return_pressure: row.return_pressure,
            instrument: row.instrument,
            instrument_verified_on,
            findings: row.findings,
            participants,
            readings,
        },
        verdicts,
        heat_source_id: row.heat_source_id.map(OrganizationId),
        recorded_at: millis(row.recorded_at),
        recorded_by: row.recorded_by.map(UserId),
    }))
}

/// A photo's facts without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoInfo {
    pub id: i64,
    pub inspection_id: InspectionId,
    pub remark_id: Option<RemarkId>,
    pub image_type: ImageType,
    pub byte_size: i64,
    pub caption: Option<String>,
    pub uploaded_at: Timestamp,
}

/// A new photo of a visit (`remark` `None`) or of a remark's elimination.
pub struct NewPhoto<'a> {
    pub inspection_id: InspectionId,
    pub remark_id: Option<RemarkId>,
    pub image_type: ImageType,
    pub data: &'a [u8],
    pub caption: Option<&'a str>,
    pub uploaded_by: Option<UserId>,
    pub uploaded_at: Timestamp,
}

pub async fn insert_photo(
    conn: &mut AnyConnection,
    photo: &NewPhoto<'_>,
) -> Result<i64, StoreError> {
    let (id,): (i64,) = sqlx::query_as(
        "insert into inspection_photos (inspection_id, remark_id, content_type, byte_size, data,
            caption, uploaded_at, uploaded_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         returning id",
    )
    .bind(photo.inspection_id.0)
    .bind(photo.remark_id.map(|r| r.0))
    .bind(photo.image_type.mime())
    .bind(photo.data.len() as i64)
    .bind(photo.data)
    .bind(photo.caption)
    .bind(photo.uploaded_at.as_millisecond())
    .bind(photo.uploaded_by.map(|u| u.0))
    .fetch_one(conn)
    .await?;
    Ok(id)
}

type PhotoRow = (i64, i64, Option<i64>, String, i64, Option<String>, i64);

fn photo_info(row: PhotoRow) -> Result<PhotoInfo, StoreError> {
    Ok(PhotoInfo {
        id: row.0,
        inspection_id: InspectionId(row.1),
        remark_id: row.2.map(RemarkId),
        image_type: ImageType::from_mime(&row.3).ok_or_else(|| corrupt("photo type", &row.3))?,
        byte_size: row.4,
        caption: row.5,
        uploaded_at: millis(row.6),
    })
}

/// The photos of an inspection (its act's and its remarks'), oldest first.
pub async fn list_photos(
    conn: &mut AnyConnection,
    inspection: InspectionId,
) -> Result<Vec<PhotoInfo>, StoreError> {
    let rows: Vec<PhotoRow> = sqlx::query_as(
        "select id, inspection_id, remark_id, content_type, byte_size, caption, uploaded_at
         from inspection_photos where inspection_id = $1 order by id",
    )
    .bind(inspection.0)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(photo_info).collect()
}

/// A photo and its bytes, if it belongs to the inspection.
pub async fn get_photo(
    conn: &mut AnyConnection,
    inspection: InspectionId,
    id: i64,
) -> Result<(PhotoInfo, Vec<u8>), StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        inspection_id: i64,
        remark_id: Option<i64>,
        content_type: String,
        byte_size: i64,
        caption: Option<String>,
        uploaded_at: i64,
        data: Vec<u8>,
    }
    let row: Row = sqlx::query_as(
        "select id, inspection_id, remark_id, content_type, byte_size, caption, uploaded_at, data
         from inspection_photos where id = $1 and inspection_id = $2",
    )
    .bind(id)
    .bind(inspection.0)
    .fetch_one(conn)
    .await?;
    let info = photo_info((
        row.id,
        row.inspection_id,
        row.remark_id,
        row.content_type,
        row.byte_size,
        row.caption,
        row.uploaded_at,
    ))?;
    let data = row.data;
    Ok((info, data))
}
