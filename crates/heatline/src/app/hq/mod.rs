//! Operational HQs (оперативные штабы): who may see and run which HQ, their
//! schedules, and the input forms shared by meetings, directives and
//! receptions.
//!
//! An HQ is named `city` or `district:<id>` everywhere (API parameter, stored
//! code). A district HQ user sees and runs only their district's HQ: any other
//! HQ does not exist for them (404). The city HQ sees every HQ but runs only
//! its own (read-only elsewhere); the admin runs all.

pub mod agenda;
pub mod meeting;
pub mod workspace;

use domain::citizen_reception::ReceptionSchedule;
use domain::district::District;
use domain::hq_meeting::{Hq, HqMeetingKind, MeetingSchedule};
use domain::user::{Role, Scope};
use jiff::Timestamp;
use jiff::civil::{Date, Time, Weekday};
use store::AnyConnection;
use store::hq_meeting::HqSchedule;

use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, internal};

/// Why an HQ input was refused, beyond the common problems; `web/i18n/hq.rs` words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HqProblem {
    /// A deadline that is not after now.
    DeadlineNotInFuture,
    /// The slot has already started.
    SlotInPast,
    /// No reception on that day (not the reception weekday, or a holiday).
    NoReception,
    /// Reception hours that end before they start.
    EmptyHours,
    /// A slot length that does not fit the hours.
    SlotLength,
}

/// The HQ an actor works in by default: their district's, or the city's.
pub fn default_hq(actor: &Actor) -> Option<Hq> {
    match (actor.role(), actor.user.scope) {
        (Role::DistrictHq, Scope::District(d)) => Some(Hq::District(d)),
        (Role::CityHq | Role::Admin, _) => Some(Hq::City),
        _ => None,
    }
}

/// May the actor see the HQ's meetings, agendas and directives? Another
/// district's HQ is `NotFound` for a district HQ user; other roles are `Forbidden`.
pub fn check_view(actor: &Actor, hq: Hq) -> Result<(), AppError> {
    match (actor.role(), actor.user.scope) {
        (Role::Admin | Role::CityHq, _) => Ok(()),
        (Role::DistrictHq, Scope::District(d)) if hq == Hq::District(d) => Ok(()),
        (Role::DistrictHq, _) => Err(AppError::NotFound),
        _ => Err(AppError::Forbidden),
    }
}

/// May the actor run the HQ: open and edit its agenda, issue directives,
/// receive its visitors? The city HQ runs only its own.
pub fn check_manage(actor: &Actor, hq: Hq) -> Result<(), AppError> {
    check_view(actor, hq)?;
    match (actor.role(), hq) {
        (Role::CityHq, Hq::District(_)) => Err(AppError::Forbidden),
        _ => Ok(()),
    }
}

/// Parses an `hq` parameter; empty means the actor's own HQ.
pub fn parse_hq(actor: &Actor, code: Option<&str>) -> Result<Hq, AppError> {
    match code.map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => Hq::from_code(code)
            .ok_or_else(|| AppError::Invalid(FieldErrors::one("hq", Problem::Malformed))),
        None => default_hq(actor).ok_or_else(|| {
            if actor.role() == Role::Operator {
                AppError::Invalid(FieldErrors::one("hq", Problem::Required))
            } else {
                AppError::Forbidden
            }
        }),
    }
}

/// An HQ with the name of its district, for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HqInfo {
    pub hq: Hq,
    /// `None` for the city HQ.
    pub district: Option<District>,
}

/// The HQ's display facts; a district that does not exist is `NotFound`.
pub(crate) async fn info(conn: &mut AnyConnection, hq: Hq) -> Result<HqInfo, AppError> {
    let district = match hq.district_id() {
        Some(id) => Some(
            store::district::get(conn, id)
                .await
                .map_err(internal("reading district"))?,
        ),
        None => None,
    };
    Ok(HqInfo { hq, district })
}

/// Every HQ: the city's, then each district's.
pub async fn list_hqs(ctx: &Ctx, actor: &Actor) -> Result<Vec<HqInfo>, AppError> {
    let mut conn = ctx.db.read().await.map_err(internal("listing hqs"))?;
    let districts = store::district::list(&mut conn)
        .await
        .map_err(internal("listing hqs"))?;
    let all = std::iter::once(HqInfo {
        hq: Hq::City,
        district: None,
    })
    .chain(districts.into_iter().map(|d| HqInfo {
        hq: Hq::District(d.id),
        district: Some(d),
    }));
    Ok(all
        .filter(|info| match actor.role() {
            Role::Operator => true,
            _ => check_view(actor, info.hq).is_ok(),
        })
        .collect())
}

/// The schedule in force for an HQ: stored, or the defaults for its level.
pub(crate) async fn schedule_of(conn: &mut AnyConnection, hq: Hq) -> Result<HqSchedule, AppError> {
    let stored = store::hq_meeting::get_schedule(conn, hq)
        .await
        .map_err(internal("reading schedule"))?;
    Ok(stored.unwrap_or_else(|| HqSchedule {
        hq,
        meeting: MeetingSchedule::default_for(hq.level()),
        reception: ReceptionSchedule::default_for(hq.level()),
    }))
}

/// The schedules of every HQ, defaults included; the admin and the city HQ
/// set them.
pub async fn list_schedules(ctx: &Ctx, actor: &Actor) -> Result<Vec<HqSchedule>, AppError> {
    actor.require(&[Role::Admin, Role::CityHq, Role::DistrictHq])?;
    let hqs = list_hqs(ctx, actor).await?;
    let mut conn = ctx.db.read().await.map_err(internal("listing schedules"))?;
    let mut out = Vec::with_capacity(hqs.len());
    for info in hqs {
        out.push(schedule_of(&mut conn, info.hq).await?);
    }
    Ok(out)
}

/// A schedule as typed: weekdays 1 (Monday) to 7, times `HH:MM` city time.
#[derive(Debug, Clone, Default)]
pub struct ScheduleInput {
    pub hq: String,
    pub meeting_weekday: Option<i64>,
    pub meeting_time: Option<String>,
    /// `regular` or `extended`; the level's default when absent.
    pub meeting_kind: Option<String>,
    pub reception_weekday: Option<i64>,
    pub reception_start: Option<String>,
    pub reception_end: Option<String>,
    pub slot_minutes: Option<i64>,
}

/// Sets an HQ's meeting and reception schedule; fields left out keep their
/// current values. Meetings already opened keep their date and time.
#[tracing::instrument(skip_all)]
pub async fn update_schedule(
    ctx: &Ctx,
    actor: &Actor,
    input: ScheduleInput,
) -> Result<HqSchedule, AppError> {
    actor.require(&[Role::Admin, Role::CityHq])?;
    let hq = parse_hq(actor, Some(&input.hq))?;
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("updating schedule"))?;
    info(&mut tx, hq).await.map_err(|e| match e {
        AppError::NotFound => AppError::Invalid(FieldErrors::one("hq", Problem::NotFound)),
        other => other,
    })?;
    let current = schedule_of(&mut tx, hq).await?;
    let schedule = apply_schedule(&current, &input)?;
    store::hq_meeting::upsert_schedule(&mut tx, &schedule, actor.user.id, ctx.now())
        .await
        .map_err(internal("updating schedule"))?;
    tx.commit().await.map_err(internal("updating schedule"))?;
    Ok(schedule)
}

fn apply_schedule(current: &HqSchedule, input: &ScheduleInput) -> Result<HqSchedule, AppError> {
    let mut errors = FieldErrors::default();
    let meeting = MeetingSchedule {
        weekday: weekday_field(&mut errors, "meeting_weekday", input.meeting_weekday)
            .unwrap_or(current.meeting.weekday),
        time: time_field(&mut errors, "meeting_time", &input.meeting_time)
            .unwrap_or(current.meeting.time),
        kind: match input.meeting_kind.as_deref().map(str::trim) {
            None | Some("") => current.meeting.kind,
            Some(code) => HqMeetingKind::from_code(code).unwrap_or_else(|| {
                errors.add("meeting_kind", Problem::UnknownCode);
                current.meeting.kind
            }),
        },
    };
    let old = &current.reception;
    let weekday = weekday_field(&mut errors, "reception_weekday", input.reception_weekday)
        .unwrap_or(old.weekday());
    let start =
        time_field(&mut errors, "reception_start", &input.reception_start).unwrap_or(old.start());
    let end = time_field(&mut errors, "reception_end", &input.reception_end).unwrap_or(old.end());
    let minutes = input.slot_minutes.unwrap_or(old.slot_length().as_mins());
    errors.into_result()?;
    let reception = ReceptionSchedule::new(weekday, start, end, minutes).map_err(|e| {
        let (field, problem) = match e {
            domain::citizen_reception::ReceptionError::EmptyHours { .. } => {
                ("reception_end", HqProblem::EmptyHours)
            }
            domain::citizen_reception::ReceptionError::SlotLength { .. } => {
                ("slot_minutes", HqProblem::SlotLength)
            }
        };
        AppError::Invalid(FieldErrors::one(field, Problem::Hq(problem)))
    })?;
    Ok(HqSchedule {
        hq: current.hq,
        meeting,
        reception,
    })
}

fn weekday_field(errors: &mut FieldErrors, field: &str, value: Option<i64>) -> Option<Weekday> {
    let n = value?;
    let day = i8::try_from(n)
        .ok()
        .and_then(|n| Weekday::from_monday_one_offset(n).ok());
    if day.is_none() {
        errors.add(field, Problem::Malformed);
    }
    day
}

fn time_field(errors: &mut FieldErrors, field: &str, value: &Option<String>) -> Option<Time> {
    let text = value.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
    let time = text.parse::<Time>().ok();
    if time.is_none() {
        errors.add(field, Problem::Malformed);
    }
    time
}

/// A city date `YYYY-MM-DD` from a form or query; `None` when absent.
pub(crate) fn date_field(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<&str>,
) -> Option<Date> {
    let text = value.map(str::trim).filter(|v| !v.is_empty())?;
    let date = text.parse::<Date>().ok();
    if date.is_none() {
        errors.add(field, Problem::Malformed);
    }
    date
}

/// An instant from a form or query: RFC 3339, a city `YYYY-MM-DDTHH:MM`
/// (what a `datetime-local` input sends), or a city date meaning the end of
/// that day (23:59).
pub(crate) fn instant_field(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<&str>,
) -> Option<Timestamp> {
    let text = value.map(str::trim).filter(|v| !v.is_empty())?;
    if let Ok(at) = text.parse::<Timestamp>() {
        return Some(at);
    }
    if let Ok(local) = text.parse::<jiff::civil::DateTime>() {
        return Some(domain::calendar::city_instant(local));
    }
    if let Ok(date) = text.parse::<Date>() {
        return Some(domain::calendar::city_instant(date.at(23, 59, 0, 0)));
    }
    errors.add(field, Problem::Malformed);
    None
}

/// Districts by id, for naming owners and HQs in lists.
pub(crate) async fn districts(conn: &mut AnyConnection) -> Result<Vec<District>, AppError> {
    store::district::list(conn)
        .await
        .map_err(internal("listing districts"))
}
