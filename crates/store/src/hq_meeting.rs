//! HQ schedules, meetings and the stored order of their agendas.
//!
//! Not here: the agenda's figures (`hq_agenda`) and directives (`directive`).

use domain::citizen_reception::ReceptionSchedule;
use domain::hq_agenda::{AgendaEntry, AgendaItem, AgendaItemId, AgendaSection};
use domain::hq_meeting::{Hq, HqMeeting, HqMeetingId, HqMeetingKind, MeetingSchedule};
use domain::user::UserId;
use jiff::Timestamp;
use jiff::civil::{Date, Time, Weekday};
use sqlx::AnyConnection;

use crate::conditions::{Bind, Conditions};
use crate::error::{StoreError, corrupt};

/// An HQ's meeting and reception schedule as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HqSchedule {
    pub hq: Hq,
    pub meeting: MeetingSchedule,
    pub reception: ReceptionSchedule,
}

#[derive(sqlx::FromRow)]
struct ScheduleRow {
    hq: String,
    meeting_weekday: i64,
    meeting_minute: i64,
    meeting_kind: String,
    reception_weekday: i64,
    reception_start_minute: i64,
    reception_end_minute: i64,
    slot_minutes: i64,
}

impl TryFrom<ScheduleRow> for HqSchedule {
    type Error = StoreError;
    fn try_from(row: ScheduleRow) -> Result<Self, StoreError> {
        let meeting = MeetingSchedule {
            weekday: weekday(row.meeting_weekday)?,
            time: time(row.meeting_minute)?,
            kind: HqMeetingKind::from_code(&row.meeting_kind)
                .ok_or_else(|| corrupt("meeting kind", &row.meeting_kind))?,
        };
        let reception = ReceptionSchedule::new(
            weekday(row.reception_weekday)?,
            time(row.reception_start_minute)?,
            time(row.reception_end_minute)?,
            row.slot_minutes,
        )
        .map_err(|e| corrupt("reception schedule", &e.to_string()))?;
        Ok(HqSchedule {
            hq: Hq::from_code(&row.hq).ok_or_else(|| corrupt("hq", &row.hq))?,
            meeting,
            reception,
        })
    }
}

fn weekday(n: i64) -> Result<Weekday, StoreError> {
    i8::try_from(n)
        .ok()
        .and_then(|n| Weekday::from_monday_one_offset(n).ok())
        .ok_or_else(|| corrupt("weekday", &n.to_string()))
}

fn time(minute: i64) -> Result<Time, StoreError> {
    let (h, m) = (minute / 60, minute % 60);
    i8::try_from(h)
        .ok()
        .zip(i8::try_from(m).ok())
        .and_then(|(h, m)| Time::new(h, m, 0, 0).ok())
        .ok_or_else(|| corrupt("minute of day", &minute.to_string()))
}

fn minute_of(time: Time) -> i64 {
    i64::from(time.hour()) * 60 + i64::from(time.minute())
}

const SCHEDULE_COLUMNS: &str = "hq, meeting_weekday, meeting_minute, meeting_kind,
    reception_weekday, reception_start_minute, reception_end_minute, slot_minutes";

/// The stored schedule of one HQ; `None` while it keeps the defaults.
pub async fn get_schedule(
    conn: &mut AnyConnection,
    hq: Hq,
) -> Result<Option<HqSchedule>, StoreError> {
    let row: Option<ScheduleRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {SCHEDULE_COLUMNS} from hq_schedules where hq = $1"
    )))
    .bind(hq.code())
    .fetch_optional(conn)
    .await?;
    row.map(HqSchedule::try_from).transpose()
}

/// Every stored schedule.
pub async fn list_schedules(conn: &mut AnyConnection) -> Result<Vec<HqSchedule>, StoreError> {
    let rows: Vec<ScheduleRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {SCHEDULE_COLUMNS} from hq_schedules order by district_id is null, district_id"
    )))
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(HqSchedule::try_from).collect()
}

/// Stores an HQ's schedule, replacing the one it had.
pub async fn upsert_schedule(
    conn: &mut AnyConnection,
    schedule: &HqSchedule,
    by: UserId,
    now: Timestamp,
) -> Result<(), StoreError> {
    let (meeting, reception) = (&schedule.meeting, &schedule.reception);
    sqlx::query(
        "insert into hq_schedules (hq, district_id, meeting_weekday, meeting_minute, meeting_kind,
            reception_weekday, reception_start_minute, reception_end_minute, slot_minutes,
            updated_at, updated_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         on conflict (hq) do update set meeting_weekday = excluded.meeting_weekday,
            meeting_minute = excluded.meeting_minute, meeting_kind = excluded.meeting_kind,
            reception_weekday = excluded.reception_weekday,
            reception_start_minute = excluded.reception_start_minute,
            reception_end_minute = excluded.reception_end_minute,
            slot_minutes = excluded.slot_minutes, updated_at = excluded.updated_at,
            updated_by = excluded.updated_by",
    )
    .bind(schedule.hq.code())
    .bind(schedule.hq.district_id().map(|d| d.0))
    .bind(i64::from(meeting.weekday.to_monday_one_offset()))
    .bind(minute_of(meeting.time))
    .bind(meeting.kind.as_code())
    .bind(i64::from(reception.weekday().to_monday_one_offset()))
    .bind(minute_of(reception.start()))
    .bind(minute_of(reception.end()))
    .bind(reception.slot_length().as_mins())
    .bind(now.as_millisecond())
    .bind(by.0)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct MeetingRow {
    id: i64,
    hq: String,
    kind: String,
    meeting_date: String,
    starts_at: i64,
}

impl TryFrom<MeetingRow> for HqMeeting {
    type Error = StoreError;
    fn try_from(row: MeetingRow) -> Result<Self, StoreError> {
        Ok(HqMeeting {
            id: HqMeetingId(row.id),
            hq: Hq::from_code(&row.hq).ok_or_else(|| corrupt("hq", &row.hq))?,
            kind: HqMeetingKind::from_code(&row.kind)
                .ok_or_else(|| corrupt("meeting kind", &row.kind))?,
            date: row
                .meeting_date
                .parse()
                .map_err(|_| corrupt("meeting date", &row.meeting_date))?,
            starts_at: Timestamp::from_millisecond(row.starts_at)
                .map_err(|_| corrupt("meeting start", &row.starts_at.to_string()))?,
        })
    }
}

const MEETING_COLUMNS: &str = "id, hq, kind, meeting_date, starts_at";

/// A meeting to create.
#[derive(Debug, Clone, Copy)]
pub struct MeetingInsert {
    pub hq: Hq,
    pub kind: HqMeetingKind,
    pub date: Date,
    pub starts_at: Timestamp,
}

/// Creates the meeting of an HQ on a date with its agenda's sections in the
/// default order, or returns the one that already exists on that date
/// (created by someone else a moment ago included).
pub async fn insert_or_get(
    conn: &mut AnyConnection,
    meeting: &MeetingInsert,
    by: UserId,
    now: Timestamp,
) -> Result<HqMeeting, StoreError> {
    let inserted: Option<(i64,)> = sqlx::query_as(
        "insert into hq_meetings (hq, district_id, kind, meeting_date, starts_at, created_at,
            created_by)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (hq, meeting_date) do nothing
         returning id",
    )
    .bind(meeting.hq.code())
    .bind(meeting.hq.district_id().map(|d| d.0))
    .bind(meeting.kind.as_code())
    .bind(meeting.date.to_string())
    .bind(meeting.starts_at.as_millisecond())
    .bind(now.as_millisecond())
    .bind(by.0)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((id,)) = inserted {
        for (position, section) in AgendaSection::ALL.iter().enumerate() {
            insert_section_row(conn, HqMeetingId(id), *section, position as i64, now).await?;
        }
    }
    find(conn, meeting.hq, meeting.date)
        .await?
        .ok_or(StoreError::NotFound)
}

/// The meeting of an HQ on a city date, if it exists.
pub async fn find(
    conn: &mut AnyConnection,
    hq: Hq,
    date: Date,
) -> Result<Option<HqMeeting>, StoreError> {
    let row: Option<MeetingRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {MEETING_COLUMNS} from hq_meetings where hq = $1 and meeting_date = $2"
    )))
    .bind(hq.code())
    .bind(date.to_string())
    .fetch_optional(conn)
    .await?;
    row.map(HqMeeting::try_from).transpose()
}

pub async fn get(conn: &mut AnyConnection, id: HqMeetingId) -> Result<HqMeeting, StoreError> {
    let row: MeetingRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {MEETING_COLUMNS} from hq_meetings where id = $1"
    )))
    .bind(id.0)
    .fetch_one(conn)
    .await?;
    row.try_into()
}

/// Meetings starting in `[from, to)`, of one HQ or of all, in time order.
pub async fn list(
    conn: &mut AnyConnection,
    hq: Option<Hq>,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<HqMeeting>, StoreError> {
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
    let rows: Vec<MeetingRow> = c
        .query_as(format!(
            "select {MEETING_COLUMNS} from hq_meetings{} order by starts_at, id",
            c.sql()
        ))
        .fetch_all(conn)
        .await?;
    rows.into_iter().map(HqMeeting::try_from).collect()
}

/// The latest meeting of an HQ that started before `before`.
pub async fn previous(
    conn: &mut AnyConnection,
    hq: Hq,
    before: Timestamp,
) -> Result<Option<HqMeeting>, StoreError> {
    let row: Option<MeetingRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {MEETING_COLUMNS} from hq_meetings where hq = $1 and starts_at < $2
         order by starts_at desc, id desc limit 1"
    )))
    .bind(hq.code())
    .bind(before.as_millisecond())
    .fetch_optional(conn)
    .await?;
    row.map(HqMeeting::try_from).transpose()
}

/// A meeting's agenda as stored: the order of its entries and the items staff added.
#[derive(Debug, Clone, Default)]
pub struct StoredAgenda {
    pub order: Vec<AgendaEntry>,
    pub items: Vec<AgendaItem>,
}

pub async fn agenda(
    conn: &mut AnyConnection,
    meeting: HqMeetingId,
) -> Result<StoredAgenda, StoreError> {
    #[derive(sqlx::FromRow)]
    struct ItemRow {
        id: i64,
        section: Option<String>,
        title: Option<String>,
        note: Option<String>,
    }
    let rows: Vec<ItemRow> = sqlx::query_as(
        "select id, section, title, note from hq_agenda_items
         where meeting_id = $1 order by position, id",
    )
    .bind(meeting.0)
    .fetch_all(conn)
    .await?;
    let mut agenda = StoredAgenda::default();
    for ItemRow {
        id,
        section,
        title,
        note,
    } in rows
    {
        match (section, title) {
            (Some(code), _) => {
                // A section this version does not know (written by a newer one) is skipped.
                if let Some(section) = AgendaSection::from_code(&code) {
                    agenda.order.push(AgendaEntry::Section(section));
                }
            }
            (None, Some(title)) => {
                let id = AgendaItemId(id);
                agenda.order.push(AgendaEntry::Item(id));
                agenda.items.push(AgendaItem { id, title, note });
            }
            (None, None) => return Err(corrupt("agenda item", &id.to_string())),
        }
    }
    Ok(agenda)
}

/// Appends an item staff added at the end of the agenda.
pub async fn insert_item(
    conn: &mut AnyConnection,
    meeting: HqMeetingId,
    title: &str,
    note: Option<&str>,
    by: UserId,
    now: Timestamp,
) -> Result<AgendaItemId, StoreError> {
    let (id,): (i64,) = sqlx::query_as(
        "insert into hq_agenda_items (meeting_id, position, title, note, created_at, created_by)
         values ($1, (select coalesce(max(position), -1) + 1 from hq_agenda_items
                      where meeting_id = $1), $2, $3, $4, $5)
         returning id",
    )
    .bind(meeting.0)
    .bind(title)
    .bind(note)
    .bind(now.as_millisecond())
    .bind(by.0)
    .fetch_one(conn)
    .await?;
    Ok(AgendaItemId(id))
}

/// Stores the order of a meeting's agenda: each entry's position is its index.
/// A section with no row yet (added to Heatline after the meeting was opened)
/// gets one.
pub async fn save_order(
    conn: &mut AnyConnection,
    meeting: HqMeetingId,
    order: &[AgendaEntry],
    now: Timestamp,
) -> Result<(), StoreError> {
    for (position, entry) in order.iter().enumerate() {
        let position = position as i64;
        match entry {
            AgendaEntry::Item(id) => {
                sqlx::query(
                    "update hq_agenda_items set position = $3 where id = $2 and meeting_id = $1",
                )
                .bind(meeting.0)
                .bind(id.0)
                .bind(position)
                .execute(&mut *conn)
                .await?;
            }
            AgendaEntry::Section(section) => {
                let res = sqlx::query(
                    "update hq_agenda_items set position = $3
                     where meeting_id = $1 and section = $2",
                )
                .bind(meeting.0)
                .bind(section.as_code())
                .bind(position)
                .execute(&mut *conn)
                .await?;
                if res.rows_affected() == 0 {
                    insert_section_row(conn, meeting, *section, position, now).await?;
                }
            }
        }
    }
    Ok(())
}

async fn insert_section_row(
    conn: &mut AnyConnection,
    meeting: HqMeetingId,
    section: AgendaSection,
    position: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into hq_agenda_items (meeting_id, position, section, created_at)
         values ($1, $2, $3, $4)",
    )
    .bind(meeting.0)
    .bind(position)
    .bind(section.as_code())
    .bind(now.as_millisecond())
    .execute(conn)
    .await?;
    Ok(())
}
