//! The meeting calendar: scheduled meetings (from the HQ's schedule) and the
//! meetings that exist because someone opened or created them; staff items
//! and the order of an agenda.

use domain::calendar;
use domain::hq_agenda::{self, AgendaEntry, AgendaItemId, Direction};
use domain::hq_meeting::{Hq, HqMeeting, HqMeetingId, HqMeetingKind, meetings_between};
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use store::hq_meeting::MeetingInsert;

use crate::app::hq::{HqInfo, check_manage, check_view, date_field, info, parse_hq, schedule_of};
use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, internal};

/// One line of the calendar: a scheduled date, an opened meeting, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingSlot {
    pub hq: Hq,
    pub date: Date,
    pub starts_at: Timestamp,
    pub kind: HqMeetingKind,
    /// Set once the meeting has been opened or created.
    pub id: Option<HqMeetingId>,
    /// On the HQ's regular schedule (an extra meeting is not).
    pub scheduled: bool,
}

/// The calendar of one HQ.
#[derive(Debug, Clone)]
pub struct MeetingCalendar {
    pub info: HqInfo,
    pub from: Date,
    pub to: Date,
    pub meetings: Vec<MeetingSlot>,
}

/// The longest range a calendar lists.
const MAX_DAYS: i64 = 400;

/// Meetings of an HQ between two city dates (both included); by default four
/// weeks back and four ahead.
#[tracing::instrument(skip_all)]
pub async fn list_meetings(
    ctx: &Ctx,
    actor: &Actor,
    hq: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<MeetingCalendar, AppError> {
    let hq = parse_hq(actor, hq)?;
    check_view(actor, hq)?;
    let today = calendar::city_date(ctx.now());
    let mut errors = FieldErrors::default();
    let from = date_field(&mut errors, "from", from).unwrap_or(today.saturating_sub(4.weeks()));
    let to = date_field(&mut errors, "to", to).unwrap_or(today.saturating_add(4.weeks()));
    if to < from || (to - from).get_days() as i64 > MAX_DAYS {
        errors.add("to", Problem::Malformed);
    }
    errors.into_result()?;
    let mut conn = ctx.db.read().await.map_err(internal("listing meetings"))?;
    let info = info(&mut conn, hq).await?;
    let schedule = schedule_of(&mut conn, hq).await?;
    let stored = store::hq_meeting::list(
        &mut conn,
        Some(hq),
        calendar::start_of_day(from),
        calendar::start_of_day(to.saturating_add(1.day())),
    )
    .await
    .map_err(internal("listing meetings"))?;
    let mut meetings: Vec<MeetingSlot> = meetings_between(&schedule.meeting, from, to)
        .into_iter()
        .map(|(date, starts_at)| MeetingSlot {
            hq,
            date,
            starts_at,
            kind: schedule.meeting.kind,
            id: None,
            scheduled: true,
        })
        .collect();
    for meeting in stored {
        match meetings.iter_mut().find(|m| m.date == meeting.date) {
            Some(slot) => {
                slot.id = Some(meeting.id);
                slot.starts_at = meeting.starts_at;
                slot.kind = meeting.kind;
            }
            None => meetings.push(MeetingSlot {
                hq,
                date: meeting.date,
                starts_at: meeting.starts_at,
                kind: meeting.kind,
                id: Some(meeting.id),
                scheduled: false,
            }),
        }
    }
    meetings.sort_by_key(|m| m.starts_at);
    Ok(MeetingCalendar {
        info,
        from,
        to,
        meetings,
    })
}

/// A meeting to open from the calendar or to create on another day.
#[derive(Debug, Clone, Default)]
pub struct OpenMeeting {
    pub hq: Option<String>,
    /// City date `YYYY-MM-DD`.
    pub date: String,
    /// `regular` or `extended`; the schedule's kind when absent.
    pub kind: Option<String>,
    /// City time `HH:MM`; the schedule's time when absent.
    pub time: Option<String>,
}

/// Opens the meeting of an HQ on a date, creating it (with its agenda) the
/// first time; opening it again returns the same meeting. Anyone who sees the
/// HQ may open a meeting on its schedule; a meeting on another day is created
/// only by those who run the HQ.
#[tracing::instrument(skip_all)]
pub async fn open_meeting(
    ctx: &Ctx,
    actor: &Actor,
    input: OpenMeeting,
) -> Result<HqMeeting, AppError> {
    let hq = parse_hq(actor, input.hq.as_deref())?;
    check_view(actor, hq)?;
    let mut errors = FieldErrors::default();
    let date = date_field(&mut errors, "date", Some(&input.date));
    if input.date.trim().is_empty() {
        errors.add("date", Problem::Required);
    }
    let kind = match input
        .kind
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty())
    {
        Some(code) => HqMeetingKind::from_code(code).or_else(|| {
            errors.add("kind", Problem::UnknownCode);
            None
        }),
        None => None,
    };
    let time = match input
        .time
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(text) => text.parse::<jiff::civil::Time>().ok().or_else(|| {
            errors.add("time", Problem::Malformed);
            None
        }),
        None => None,
    };
    errors.into_result()?;
    let date = date.expect("validated above");
    let now = ctx.now();
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("opening meeting"))?;
    info(&mut tx, hq).await?;
    let schedule = schedule_of(&mut tx, hq).await?.meeting;
    let on_schedule = date.weekday() == schedule.weekday && time.is_none() && kind.is_none();
    if !on_schedule {
        check_manage(actor, hq)?;
    }
    let starts_at = match time {
        Some(time) => calendar::city_instant(date.to_datetime(time)),
        None => schedule.starts_at(date),
    };
    let insert = MeetingInsert {
        hq,
        kind: kind.unwrap_or(schedule.kind),
        date,
        starts_at,
    };
    let meeting = store::hq_meeting::insert_or_get(&mut tx, &insert, actor.user.id, now)
        .await
        .map_err(internal("opening meeting"))?;
    tx.commit().await.map_err(internal("opening meeting"))?;
    Ok(meeting)
}

/// A meeting the actor may see; another district's is `NotFound`.
pub async fn get_meeting(ctx: &Ctx, actor: &Actor, id: HqMeetingId) -> Result<HqMeeting, AppError> {
    let mut conn = ctx.db.read().await.map_err(internal("reading meeting"))?;
    let meeting = store::hq_meeting::get(&mut conn, id)
        .await
        .map_err(internal("reading meeting"))?;
    check_view(actor, meeting.hq)?;
    Ok(meeting)
}

/// An item staff add to an agenda.
#[derive(Debug, Clone, Default)]
pub struct AddAgendaItem {
    pub title: String,
    pub note: Option<String>,
}

/// Adds an item at the end of a meeting's agenda.
#[tracing::instrument(skip_all, fields(meeting_id = id.0))]
pub async fn add_agenda_item(
    ctx: &Ctx,
    actor: &Actor,
    id: HqMeetingId,
    input: AddAgendaItem,
) -> Result<AgendaItemId, AppError> {
    let mut errors = FieldErrors::default();
    let title = input.title.trim();
    if title.is_empty() {
        errors.add("title", Problem::Required);
    }
    if title.chars().count() > 300 {
        errors.add("title", Problem::TooLong { max: 300 });
    }
    let note = input
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > 4000) {
        errors.add("note", Problem::TooLong { max: 4000 });
    }
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("adding agenda item"))?;
    let meeting = store::hq_meeting::get(&mut tx, id)
        .await
        .map_err(internal("reading meeting"))?;
    check_manage(actor, meeting.hq)?;
    errors.into_result()?;
    let item = store::hq_meeting::insert_item(&mut tx, id, title, note, actor.user.id, ctx.now())
        .await
        .map_err(internal("adding agenda item"))?;
    tx.commit().await.map_err(internal("adding agenda item"))?;
    Ok(item)
}

/// Moves an agenda entry (a section's code or `item:<id>`) one place `up` or
/// `down`; a move past either end leaves the order as it is.
#[tracing::instrument(skip_all, fields(meeting_id = id.0))]
pub async fn move_agenda_entry(
    ctx: &Ctx,
    actor: &Actor,
    id: HqMeetingId,
    key: &str,
    direction: &str,
) -> Result<Vec<AgendaEntry>, AppError> {
    let mut errors = FieldErrors::default();
    let entry = AgendaEntry::from_key(key.trim());
    if entry.is_none() {
        errors.add("key", Problem::UnknownCode);
    }
    let direction = match direction.trim() {
        "up" => Some(Direction::Up),
        "down" => Some(Direction::Down),
        _ => {
            errors.add("direction", Problem::UnknownCode);
            None
        }
    };
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("reordering agenda"))?;
    let meeting = store::hq_meeting::get(&mut tx, id)
        .await
        .map_err(internal("reading meeting"))?;
    check_manage(actor, meeting.hq)?;
    errors.into_result()?;
    let (entry, direction) = (entry.expect("checked"), direction.expect("checked"));
    let stored = store::hq_meeting::agenda(&mut tx, id)
        .await
        .map_err(internal("reading agenda"))?;
    let order = hq_agenda::arrange(&stored.order);
    if !order.contains(&entry) {
        return Err(AppError::Invalid(FieldErrors::one(
            "key",
            Problem::NotFound,
        )));
    }
    let order = hq_agenda::move_entry(&order, entry, direction).unwrap_or(order);
    store::hq_meeting::save_order(&mut tx, id, &order, ctx.now())
        .await
        .map_err(internal("reordering agenda"))?;
    tx.commit().await.map_err(internal("reordering agenda"))?;
    Ok(order)
}
