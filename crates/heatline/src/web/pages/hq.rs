//! HQ pages: the workspace (`/hq`), the meeting calendar, a meeting's agenda
//! with its items, order and decisions, the A4 print version, the XLSX
//! download, and the schedules.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::directive::DirectiveOwner;
use domain::hq_meeting::{Hq, HqMeetingId, HqMeetingKind};
use serde::Deserialize;

use crate::app::hq::agenda::{self, Agenda};
use crate::app::hq::meeting::{self, AddAgendaItem, MeetingSlot, OpenMeeting};
use crate::app::hq::workspace;
use crate::app::hq::{self, HqInfo, ScheduleInput, check_manage};
use crate::app::{Ctx, registry};
use crate::web::api::hq::xlsx_response;
use crate::web::auth::PageSession;
use crate::web::error::PageError;
use crate::web::hq_xlsx;
use crate::web::i18n::hq::HqMsg;
use crate::web::i18n::routing::RoutingMsg;
use crate::web::i18n::{Msg, Tr};
use crate::web::pages::hq_tables::{self, PartView, Table};
use crate::web::pages::{Layout, tr};

#[derive(Debug, Default, Deserialize)]
pub struct HqParams {
    #[serde(default)]
    hq: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

fn some(s: &str) -> Option<&str> {
    Some(s).filter(|s| !s.trim().is_empty())
}

/// An HQ to switch to, for the city HQ and the admin.
pub struct HqOption {
    pub code: String,
    pub name: String,
    pub selected: bool,
}

async fn hq_options(
    ctx: &Ctx,
    session: &crate::web::auth::Session,
    current: Hq,
) -> Result<Vec<HqOption>, PageError> {
    let t = tr();
    let all = hq::list_hqs(ctx, &session.actor).await?;
    Ok(if all.len() > 1 {
        all.iter()
            .map(|info| HqOption {
                code: info.hq.code(),
                name: t.hq_name(info),
                selected: info.hq == current,
            })
            .collect()
    } else {
        Vec::new()
    })
}

pub struct MeetingLine {
    pub date: String,
    pub weekday: &'static str,
    pub time: String,
    pub kind: &'static str,
    pub id: Option<i64>,
    pub date_code: String,
    pub scheduled: bool,
    pub past: bool,
}

fn meeting_line(t: Tr, m: &MeetingSlot, now: jiff::Timestamp) -> MeetingLine {
    MeetingLine {
        date: t.date(m.date),
        weekday: t.weekday(m.date.weekday()),
        time: t.time(m.starts_at),
        kind: t.meeting_kind(m.kind),
        id: m.id.map(|id| id.0),
        date_code: m.date.to_string(),
        scheduled: m.scheduled,
        past: m.starts_at < now,
    }
}

pub struct ReceptionLine {
    pub date: String,
    pub date_code: String,
    pub weekday: &'static str,
    pub booked: usize,
    pub slots: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "hq/workspace.html")]
struct WorkspacePage {
    layout: Layout,
    hq_name: String,
    hq_code: String,
    hqs: Vec<HqOption>,
    reopened: Table,
    escalated: Table,
    overdue: Table,
    buildings: Table,
    inspections: Table,
    overdue_remarks: Table,
    meetings: Vec<MeetingLine>,
    receptions: Vec<ReceptionLine>,
    directives: Table,
}

/// `GET /hq`: the HQ's workspace.
pub async fn index(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Query(params): Query<HqParams>,
) -> Result<Response, PageError> {
    let w = workspace::workspace(&ctx, &session.actor, some(&params.hq)).await?;
    let t = tr();
    let now = ctx.now();
    Ok(WorkspacePage {
        hqs: hq_options(&ctx, &session, w.info.hq).await?,
        hq_name: t.hq_name(&w.info),
        hq_code: w.info.hq.code(),
        reopened: hq_tables::reopened(t, &w.reopened),
        escalated: hq_tables::escalated(t, &w.escalated),
        overdue: hq_tables::overdue(t, w.info.hq, &w.overdue),
        buildings: hq_tables::buildings(t, &w.repeat_buildings),
        inspections: hq_tables::inspections(t, &w.inspections),
        overdue_remarks: hq_tables::overdue_remarks(t, &w.overdue_remarks),
        meetings: w.meetings.iter().map(|m| meeting_line(t, m, now)).collect(),
        receptions: w
            .receptions
            .iter()
            .map(|r| ReceptionLine {
                date: t.date(r.date),
                date_code: r.date.to_string(),
                weekday: t.weekday(r.date.weekday()),
                booked: r.booked,
                slots: r.slots,
            })
            .collect(),
        directives: hq_tables::directives(t, &w.directives),
        layout: Layout::new(&session, "/hq"),
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "hq/meetings.html")]
struct MeetingsPage {
    layout: Layout,
    hq_name: String,
    hq_code: String,
    hqs: Vec<HqOption>,
    from: String,
    to: String,
    meetings: Vec<MeetingLine>,
    can_manage: bool,
    kinds: Vec<(&'static str, &'static str)>,
}

/// `GET /hq/meetings`: the calendar.
pub async fn meetings(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Query(params): Query<HqParams>,
) -> Result<Response, PageError> {
    let calendar = meeting::list_meetings(
        &ctx,
        &session.actor,
        some(&params.hq),
        some(&params.from),
        some(&params.to),
    )
    .await?;
    let t = tr();
    let now = ctx.now();
    Ok(MeetingsPage {
        hqs: hq_options(&ctx, &session, calendar.info.hq).await?,
        hq_name: t.hq_name(&calendar.info),
        hq_code: calendar.info.hq.code(),
        from: calendar.from.to_string(),
        to: calendar.to.to_string(),
        meetings: calendar
            .meetings
            .iter()
            .map(|m| meeting_line(t, m, now))
            .collect(),
        can_manage: check_manage(&session.actor, calendar.info.hq).is_ok(),
        kinds: HqMeetingKind::ALL
            .iter()
            .map(|k| (k.as_code(), t.meeting_kind(*k)))
            .collect(),
        layout: Layout::new(&session, "/hq/meetings"),
    }
    .into_response())
}

#[derive(Debug, Deserialize)]
pub struct OpenForm {
    #[serde(default)]
    hq: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    time: String,
}

/// `POST /hq/meetings`: opens (or creates) a meeting and goes to its agenda.
pub async fn open(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Form(form): Form<OpenForm>,
) -> Result<Response, PageError> {
    let input = OpenMeeting {
        hq: some(&form.hq).map(str::to_string),
        date: form.date,
        kind: some(&form.kind).map(str::to_string),
        time: some(&form.time).map(str::to_string),
    };
    let meeting = meeting::open_meeting(&ctx, &session.actor, input).await?;
    Ok(Redirect::to(&format!("/hq/meetings/{}", meeting.id.0)).into_response())
}

/// What the agenda page and its print version show of the meeting.
pub struct AgendaHead {
    pub id: i64,
    pub hq_name: String,
    pub hq_code: String,
    pub kind: &'static str,
    pub when: String,
    pub reported: String,
    pub previous: String,
    pub as_of: String,
    pub week_complete: bool,
}

fn head(t: Tr, agenda: &Agenda) -> AgendaHead {
    let week = |w: domain::hq_meeting::WeekRange| {
        format!("{} – {}", t.date(w.monday()), t.date(w.sunday()))
    };
    AgendaHead {
        id: agenda.meeting.id.0,
        hq_name: t.hq_name(&agenda.info),
        hq_code: agenda.meeting.hq.code(),
        kind: t.meeting_kind(agenda.meeting.kind),
        when: t.datetime(agenda.meeting.starts_at),
        reported: week(agenda.weeks.reported),
        previous: week(agenda.weeks.previous),
        as_of: t.datetime(agenda.as_of),
        week_complete: agenda.week_complete,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "hq/agenda.html")]
struct AgendaPage {
    layout: Layout,
    head: AgendaHead,
    parts: Vec<PartView>,
    decided: Table,
    can_manage: bool,
    owners: Vec<(String, String)>,
    default_deadline: String,
}

/// `GET /hq/meetings/{id}`: the agenda, its decisions and the forms to add
/// items and record directives.
pub async fn show(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let agenda = agenda::get_agenda(&ctx, &session.actor, HqMeetingId(id)).await?;
    let t = tr();
    let can_manage = check_manage(&session.actor, agenda.meeting.hq).is_ok();
    let owners = if can_manage {
        owners(&ctx, &session, &agenda.info).await?
    } else {
        Vec::new()
    };
    let deadline = agenda.meeting.date.saturating_add(jiff::ToSpan::days(7));
    Ok(AgendaPage {
        head: head(t, &agenda),
        parts: hq_tables::parts(t, &agenda),
        decided: hq_tables::directives(t, &agenda.decided),
        can_manage,
        owners,
        default_deadline: deadline
            .at(18, 0, 0, 0)
            .strftime("%Y-%m-%dT%H:%M")
            .to_string(),
        layout: Layout::new(&session, "/hq/meetings"),
    }
    .into_response())
}

/// Who a directive can be addressed to from this HQ: organizations, and the
/// district HQs (the city HQ assigns to any, a district HQ to itself).
async fn owners(
    ctx: &Ctx,
    session: &crate::web::auth::Session,
    info: &HqInfo,
) -> Result<Vec<(String, String)>, PageError> {
    let t = tr();
    let mut out = Vec::new();
    for d in registry::list_districts(ctx, &session.actor).await? {
        if info.hq.district_id().is_none_or(|mine| mine == d.id) {
            let owner = DirectiveOwner::District(d.id);
            out.push((
                crate::app::directive::owner_code(owner),
                t.directive_owner(owner, &d.name),
            ));
        }
    }
    for o in registry::list_organizations(ctx, &session.actor, None).await? {
        out.push((
            crate::app::directive::owner_code(DirectiveOwner::Organization(o.id)),
            format!("{} ({})", o.name, t.organization_kind(o.kind)),
        ));
    }
    Ok(out)
}

#[derive(Template, WebTemplate)]
#[template(path = "hq/print.html")]
struct PrintPage {
    t: Tr,
    head: AgendaHead,
    parts: Vec<PartView>,
    decided: Table,
}

/// `GET /hq/meetings/{id}/print`: the agenda as an A4 document.
pub async fn print(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let agenda = agenda::get_agenda(&ctx, &session.actor, HqMeetingId(id)).await?;
    let t = tr();
    Ok(PrintPage {
        t,
        head: head(t, &agenda),
        parts: hq_tables::parts(t, &agenda),
        decided: hq_tables::directives(t, &agenda.decided),
    }
    .into_response())
}

/// `GET /hq/meetings/{id}/agenda.xlsx`.
pub async fn xlsx(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let agenda = agenda::get_agenda(&ctx, &session.actor, HqMeetingId(id)).await?;
    let bytes = hq_xlsx::agenda(tr(), &agenda)?;
    Ok(xlsx_response(bytes, &hq_xlsx::file_name(&agenda)))
}

#[derive(Debug, Deserialize)]
pub struct ItemForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    note: String,
}

/// `POST /hq/meetings/{id}/items`.
pub async fn add_item(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path(id): Path<i64>,
    Form(form): Form<ItemForm>,
) -> Result<Response, PageError> {
    let input = AddAgendaItem {
        title: form.title,
        note: some(&form.note).map(str::to_string),
    };
    meeting::add_agenda_item(&ctx, &session.actor, HqMeetingId(id), input).await?;
    Ok(Redirect::to(&format!("/hq/meetings/{id}")).into_response())
}

#[derive(Debug, Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    key: String,
    #[serde(default)]
    direction: String,
}

/// `POST /hq/meetings/{id}/move`.
pub async fn move_item(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path(id): Path<i64>,
    Form(form): Form<MoveForm>,
) -> Result<Response, PageError> {
    meeting::move_agenda_entry(
        &ctx,
        &session.actor,
        HqMeetingId(id),
        &form.key,
        &form.direction,
    )
    .await?;
    Ok(Redirect::to(&format!("/hq/meetings/{id}#{}", form.key)).into_response())
}

pub struct ScheduleRow {
    pub code: String,
    pub name: String,
    pub meeting_weekday: i8,
    pub meeting_time: String,
    pub meeting_kind: &'static str,
    pub reception_weekday: i8,
    pub reception_start: String,
    pub reception_end: String,
    pub slot_minutes: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "hq/schedules.html")]
struct SchedulesPage {
    layout: Layout,
    rows: Vec<ScheduleRow>,
    weekdays: Vec<(i8, &'static str)>,
    kinds: Vec<(&'static str, &'static str)>,
    can_edit: bool,
}

/// `GET /hq/schedules`.
pub async fn schedules(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
) -> Result<Response, PageError> {
    let t = tr();
    let list = hq::list_schedules(&ctx, &session.actor).await?;
    let infos = hq::list_hqs(&ctx, &session.actor).await?;
    let hhmm = |time: jiff::civil::Time| time.strftime("%H:%M").to_string();
    let rows = list
        .iter()
        .map(|s| ScheduleRow {
            code: s.hq.code(),
            name: infos
                .iter()
                .find(|i| i.hq == s.hq)
                .map(|i| t.hq_name(i))
                .unwrap_or_default(),
            meeting_weekday: s.meeting.weekday.to_monday_one_offset(),
            meeting_time: hhmm(s.meeting.time),
            meeting_kind: s.meeting.kind.as_code(),
            reception_weekday: s.reception.weekday().to_monday_one_offset(),
            reception_start: hhmm(s.reception.start()),
            reception_end: hhmm(s.reception.end()),
            slot_minutes: s.reception.slot_length().as_mins(),
        })
        .collect();
    let role = session.actor.role();
    Ok(SchedulesPage {
        rows,
        weekdays: (1..=7)
            .filter_map(|n| jiff::civil::Weekday::from_monday_one_offset(n).ok())
            .map(|d| (d.to_monday_one_offset(), t.weekday(d)))
            .collect(),
        kinds: HqMeetingKind::ALL
            .iter()
            .map(|k| (k.as_code(), t.meeting_kind(*k)))
            .collect(),
        can_edit: matches!(role, domain::user::Role::Admin | domain::user::Role::CityHq),
        layout: Layout::new(&session, "/hq/schedules"),
    }
    .into_response())
}

#[derive(Debug, Deserialize)]
pub struct ScheduleForm {
    #[serde(default)]
    hq: String,
    meeting_weekday: Option<i64>,
    #[serde(default)]
    meeting_time: String,
    #[serde(default)]
    meeting_kind: String,
    reception_weekday: Option<i64>,
    #[serde(default)]
    reception_start: String,
    #[serde(default)]
    reception_end: String,
    slot_minutes: Option<i64>,
}

/// `POST /hq/schedules`.
pub async fn update_schedule(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Form(form): Form<ScheduleForm>,
) -> Result<Response, PageError> {
    let owned = |s: &str| some(s).map(str::to_string);
    let input = ScheduleInput {
        hq: form.hq,
        meeting_weekday: form.meeting_weekday,
        meeting_time: owned(&form.meeting_time),
        meeting_kind: owned(&form.meeting_kind),
        reception_weekday: form.reception_weekday,
        reception_start: owned(&form.reception_start),
        reception_end: owned(&form.reception_end),
        slot_minutes: form.slot_minutes,
    };
    hq::update_schedule(&ctx, &session.actor, input).await?;
    Ok(Redirect::to("/hq/schedules").into_response())
}
