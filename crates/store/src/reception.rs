//! Citizen reception appointments.
//!
//! The unique index on (hq, starts_at) is what keeps two visitors out of one
//! slot when two sessions book at once: the second insert fails and becomes
//! `StoreError::Conflict`.

use domain::building::BuildingId;
use domain::citizen_reception::{
    Appointment, AppointmentId, AppointmentOutcome, RecordedOutcome, Slot,
};
use domain::hq_meeting::Hq;
use domain::phone::Phone;
use domain::ticket::TicketId;
use domain::user::UserId;
use jiff::Timestamp;
use sqlx::AnyConnection;

use crate::conditions::{Bind, Conditions};
use crate::error::{StoreError, corrupt};

const COLUMNS: &str = "id, hq, starts_at, ends_at, resident_name, phone, topic, address,
    building_id, booked_at, outcome, outcome_note, outcome_at, ticket_id";

#[derive(sqlx::FromRow)]
struct AppointmentRow {
    id: i64,
    hq: String,
    starts_at: i64,
    ends_at: i64,
    resident_name: String,
    phone: String,
    topic: String,
    address: Option<String>,
    building_id: Option<i64>,
    booked_at: i64,
    outcome: Option<String>,
    outcome_note: Option<String>,
    outcome_at: Option<i64>,
    ticket_id: Option<i64>,
}

fn millis(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

impl TryFrom<AppointmentRow> for Appointment {
    type Error = StoreError;
    fn try_from(row: AppointmentRow) -> Result<Self, StoreError> {
        let outcome = match row.outcome.as_deref() {
            Some(code) => Some(RecordedOutcome {
                outcome: AppointmentOutcome::from_code(code)
                    .ok_or_else(|| corrupt("appointment outcome", code))?,
                note: row.outcome_note,
                at: millis(row.outcome_at.unwrap_or(row.booked_at)),
            }),
            None => None,
        };
        Ok(Appointment {
            id: AppointmentId(row.id),
            hq: Hq::from_code(&row.hq).ok_or_else(|| corrupt("hq", &row.hq))?,
            slot: Slot {
                starts_at: millis(row.starts_at),
                ends_at: millis(row.ends_at),
            },
            resident_name: row.resident_name,
            phone: Phone::parse(&row.phone).map_err(|_| corrupt("phone", &row.phone))?,
            topic: row.topic,
            address: row.address,
            building_id: row.building_id.map(BuildingId),
            booked_at: millis(row.booked_at),
            outcome,
            ticket_id: row.ticket_id.map(TicketId),
        })
    }
}

/// A booking to store.
#[derive(Debug, Clone)]
pub struct AppointmentInsert<'a> {
    pub hq: Hq,
    pub slot: Slot,
    pub resident_name: &'a str,
    pub phone: &'a Phone,
    pub topic: &'a str,
    pub address: Option<&'a str>,
    pub building_id: Option<BuildingId>,
}

/// Books a slot; `Conflict` when the slot was taken, even by a transaction
/// that committed a moment ago.
pub async fn insert(
    conn: &mut AnyConnection,
    appointment: &AppointmentInsert<'_>,
    by: UserId,
    now: Timestamp,
) -> Result<AppointmentId, StoreError> {
    let (id,): (i64,) = sqlx::query_as(
        "insert into reception_appointments (hq, district_id, starts_at, ends_at, resident_name,
            phone, topic, address, building_id, booked_at, booked_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         returning id",
    )
    .bind(appointment.hq.code())
    .bind(appointment.hq.district_id().map(|d| d.0))
    .bind(appointment.slot.starts_at.as_millisecond())
    .bind(appointment.slot.ends_at.as_millisecond())
    .bind(appointment.resident_name)
    .bind(appointment.phone.as_str())
    .bind(appointment.topic)
    .bind(appointment.address)
    .bind(appointment.building_id.map(|b| b.0))
    .bind(now.as_millisecond())
    .bind(by.0)
    .fetch_one(conn)
    .await?;
    Ok(AppointmentId(id))
}

pub async fn get(conn: &mut AnyConnection, id: AppointmentId) -> Result<Appointment, StoreError> {
    let row: AppointmentRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {COLUMNS} from reception_appointments where id = $1"
    )))
    .bind(id.0)
    .fetch_one(conn)
    .await?;
    row.try_into()
}

/// Appointments of one HQ (or all) starting in `[from, to)`, in time order.
pub async fn list(
    conn: &mut AnyConnection,
    hq: Option<Hq>,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<Appointment>, StoreError> {
    let mut c = Conditions::default();
    if let Some(hq) = hq {
        c.push("hq = ?", [Bind::Text(hq.code())]);
    }
    c.push(
        "starts_at >= ? and starts_at < ?",
        [
            Bind::Int(from.as_millisecond()),
            Bind::Int(to.as_millisecond()),
        ],
    );
    let rows: Vec<AppointmentRow> = c
        .query_as(format!(
            "select {COLUMNS} from reception_appointments{} order by starts_at, id",
            c.sql()
        ))
        .fetch_all(conn)
        .await?;
    rows.into_iter().map(Appointment::try_from).collect()
}

/// Records what came of an appointment (replacing an earlier record).
pub async fn set_outcome(
    conn: &mut AnyConnection,
    id: AppointmentId,
    outcome: &RecordedOutcome,
    by: UserId,
) -> Result<(), StoreError> {
    let res = sqlx::query(
        "update reception_appointments set outcome = $2, outcome_note = $3, outcome_at = $4,
            outcome_by = $5
         where id = $1",
    )
    .bind(id.0)
    .bind(outcome.outcome.as_code())
    .bind(outcome.note.as_deref())
    .bind(outcome.at.as_millisecond())
    .bind(by.0)
    .execute(conn)
    .await?;
    if res.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Links the ticket registered from an appointment; `Conflict` when one was
/// registered already.
pub async fn set_ticket(
    conn: &mut AnyConnection,
    id: AppointmentId,
    ticket: TicketId,
) -> Result<(), StoreError> {
    let res = sqlx::query(
        "update reception_appointments set ticket_id = $2 where id = $1 and ticket_id is null",
    )
    .bind(id.0)
    .bind(ticket.0)
    .execute(conn)
    .await?;
    if res.rows_affected() == 0 {
        return Err(StoreError::Conflict {
            constraint: "reception_appointments.ticket_id".into(),
        });
    }
    Ok(())
}
