//! `/api/v1/hq`: an HQ's workspace, meeting calendar, agendas (JSON and XLSX),
//! agenda items and order, and schedules.
//!
//! The `hq` parameter names an HQ: `city` or `district:<id>`; left out, it is
//! the caller's own (a district HQ user's district, the city for the city HQ
//! and the admin). Another district's HQ is `404` for a district HQ user.

use crate::web::api::params::{Path, Query};
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::calendar::rfc3339;
use domain::category::Category;
use domain::hq_agenda::WeekCount;
use domain::hq_meeting::{HqMeeting, HqMeetingId, WeekRange};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use store::hq_agenda::{BuildingCount, InspectionLine, OverdueCount};

use crate::app::Ctx;
use crate::app::hq::agenda::{self, Agenda, PartContent, SectionContent, WeekFigures};
use crate::app::hq::meeting::{self, AddAgendaItem, MeetingSlot, OpenMeeting};
use crate::app::hq::workspace::{self, Workspace};
use crate::app::hq::{self, HqInfo, ScheduleInput};
use crate::web::api::directive::DirectiveJson;
use crate::web::api::json::JsonBody;
use crate::web::api::quality_callback::CountsJson;
use crate::web::auth::ApiActor;
use crate::web::error::ApiError;
use crate::web::hq_xlsx;
use crate::web::i18n::Tr;
use crate::web::request::RequestInfo;

#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingJson {
    /// Set once the meeting has been opened (`POST /api/v1/hq/meetings`); its agenda is read by id.
    pub id: Option<i64>,
    /// `city` or `district:<id>`.
    pub hq: String,
    /// City date `YYYY-MM-DD`.
    pub date: String,
    pub starts_at: String,
    /// `regular` or `extended`.
    pub kind: &'static str,
    /// On the HQ's regular schedule.
    pub scheduled: bool,
}

impl From<&MeetingSlot> for MeetingJson {
    fn from(m: &MeetingSlot) -> Self {
        MeetingJson {
            id: m.id.map(|id| id.0),
            hq: m.hq.code(),
            date: m.date.to_string(),
            starts_at: rfc3339(m.starts_at),
            kind: m.kind.as_code(),
            scheduled: m.scheduled,
        }
    }
}

impl From<&HqMeeting> for MeetingJson {
    fn from(m: &HqMeeting) -> Self {
        MeetingJson {
            id: Some(m.id.0),
            hq: m.hq.code(),
            date: m.date.to_string(),
            starts_at: rfc3339(m.starts_at),
            kind: m.kind.as_code(),
            scheduled: true,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HqJson {
    /// `city` or `district:<id>`.
    pub code: String,
    pub district_id: Option<i64>,
    pub district_name: Option<String>,
}

impl From<&HqInfo> for HqJson {
    fn from(info: &HqInfo) -> Self {
        HqJson {
            code: info.hq.code(),
            district_id: info.district.as_ref().map(|d| d.id.0),
            district_name: info.district.as_ref().map(|d| d.name.clone()),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingListJson {
    pub hq: HqJson,
    pub from: String,
    pub to: String,
    pub items: Vec<MeetingJson>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MeetingsQuery {
    /// `city` or `district:<id>`; the caller's own HQ when absent.
    pub hq: Option<String>,
    /// City date `YYYY-MM-DD`, inclusive; four weeks back by default.
    pub from: Option<String>,
    /// City date `YYYY-MM-DD`, inclusive; four weeks ahead by default.
    pub to: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/hq/meetings", tag = "hq", params(MeetingsQuery),
    responses((status = 200, body = MeetingListJson), (status = 404, description = "Another district's HQ"), (status = 422)),
    security(("bearer" = [])))]
pub async fn meetings(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Query(q): Query<MeetingsQuery>,
) -> Result<Json<MeetingListJson>, ApiError> {
    let calendar = meeting::list_meetings(
        &ctx,
        &actor,
        q.hq.as_deref(),
        q.from.as_deref(),
        q.to.as_deref(),
    )
    .await?;
    Ok(Json(MeetingListJson {
        hq: HqJson::from(&calendar.info),
        from: calendar.from.to_string(),
        to: calendar.to.to_string(),
        items: calendar.meetings.iter().map(MeetingJson::from).collect(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct OpenMeetingJson {
    /// `city` or `district:<id>`; the caller's own HQ when absent.
    pub hq: Option<String>,
    /// City date `YYYY-MM-DD`.
    pub date: Option<String>,
    /// `regular` or `extended`: only for a meeting off the schedule.
    pub kind: Option<String>,
    /// City time `HH:MM`: only for a meeting off the schedule.
    pub time: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/hq/meetings", tag = "hq", request_body = OpenMeetingJson,
    responses((status = 200, description = "The meeting on that date, created with its agenda the first time", body = MeetingJson), (status = 403), (status = 404), (status = 422)),
    security(("bearer" = [])))]
pub async fn open(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    JsonBody(body): JsonBody<OpenMeetingJson>,
) -> Result<Json<MeetingJson>, ApiError> {
    let input = OpenMeeting {
        hq: body.hq,
        date: body.date.unwrap_or_default(),
        kind: body.kind,
        time: body.time,
    };
    let meeting = meeting::open_meeting(&ctx, &actor, input).await?;
    Ok(Json(MeetingJson::from(&meeting)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WeekRangeJson {
    /// Monday, city date.
    pub from: String,
    /// Sunday, city date.
    pub to: String,
}

impl From<WeekRange> for WeekRangeJson {
    fn from(w: WeekRange) -> Self {
        WeekRangeJson {
            from: w.monday().to_string(),
            to: w.sunday().to_string(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WeekCountJson {
    pub reported: i64,
    pub previous: i64,
    pub delta: i64,
    /// Whole percent of the previous week; null when it had none.
    pub percent_change: Option<i64>,
}

impl From<WeekCount> for WeekCountJson {
    fn from(w: WeekCount) -> Self {
        WeekCountJson {
            reported: w.reported,
            previous: w.previous,
            delta: w.delta(),
            percent_change: w.percent_change(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryCountJson {
    pub category: &'static str,
    #[serde(flatten)]
    pub count: WeekCountJson,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WeekFiguresJson {
    pub total: WeekCountJson,
    pub by_category: Vec<CategoryCountJson>,
    /// Quality callbacks placed in each week (calls, outcomes, solved share).
    pub callbacks: CallbackWeeksJson,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CallbackWeeksJson {
    pub reported: CountsJson,
    pub previous: CountsJson,
}

impl From<&WeekFigures> for WeekFiguresJson {
    fn from(f: &WeekFigures) -> Self {
        WeekFiguresJson {
            total: f.total.into(),
            by_category: f
                .by_category
                .iter()
                .map(|(c, w): &(Category, WeekCount)| CategoryCountJson {
                    category: c.as_code(),
                    count: (*w).into(),
                })
                .collect(),
            callbacks: CallbackWeeksJson {
                reported: (&f.callbacks.reported).into(),
                previous: (&f.callbacks.previous).into(),
            },
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BuildingCountJson {
    pub building_id: i64,
    pub address: String,
    pub district_id: i64,
    pub tickets: i64,
    pub heating_tickets: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OverdueJson {
    pub organization_id: i64,
    pub organization: String,
    pub tickets: i64,
    pub oldest_due_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OverdueRemarksJson {
    pub organization_id: i64,
    pub organization: String,
    pub remarks: i64,
    pub oldest_due_at: String,
}

/// A joint inspection in progress or completed in the reported week.
#[derive(Debug, Serialize, ToSchema)]
pub struct InspectionLineJson {
    pub inspection_id: i64,
    pub address: String,
    /// `open`, `scheduled` or `completed`.
    pub status: &'static str,
    pub opened_at: String,
    pub visit_at: Option<String>,
    pub completed_at: Option<String>,
    pub tickets: i64,
    /// Readings of the act that broke a norm.
    pub violations: i64,
    pub open_remarks: i64,
}

fn building_json(b: &BuildingCount) -> BuildingCountJson {
    BuildingCountJson {
        building_id: b.building_id.0,
        address: b.address.clone(),
        district_id: b.district_id.0,
        tickets: b.tickets,
        heating_tickets: b.heating,
    }
}

fn overdue_json(o: &OverdueCount) -> OverdueJson {
    OverdueJson {
        organization_id: o.organization_id.0,
        organization: o.organization.clone(),
        tickets: o.count,
        oldest_due_at: rfc3339(o.oldest_due_at),
    }
}

fn overdue_remarks_json(o: &OverdueCount) -> OverdueRemarksJson {
    OverdueRemarksJson {
        organization_id: o.organization_id.0,
        organization: o.organization.clone(),
        remarks: o.count,
        oldest_due_at: rfc3339(o.oldest_due_at),
    }
}

fn inspection_json(i: &InspectionLine) -> InspectionLineJson {
    InspectionLineJson {
        inspection_id: i.id.0,
        address: i.address.clone(),
        status: i.status.as_code(),
        opened_at: rfc3339(i.opened_at),
        visit_at: i.visit_at.map(rfc3339),
        completed_at: i.completed_at.map(rfc3339),
        tickets: i.tickets,
        violations: i.violations,
        open_remarks: i.open_remarks,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReopenedTicketJson {
    pub ticket_id: i64,
    pub number: String,
    pub address: Option<String>,
    pub organization: Option<String>,
    /// The ticket's status now.
    pub status: &'static str,
    pub reopened_at: String,
    pub comment: Option<String>,
}

/// One place in the agenda: a generated section (`kind` = `section`, one of
/// the content fields set) or an item staff added (`kind` = `item`).
#[derive(Debug, Serialize, ToSchema)]
pub struct AgendaPartJson {
    /// What moves it: the section's code or `item:<id>`.
    pub key: String,
    pub kind: &'static str,
    /// `week_figures`, `repeat_buildings`, `inspections`, `overdue_tickets`,
    /// `overdue_remarks`, `reopened_tickets`, `carried_over_directives`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub week_figures: Option<WeekFiguresJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buildings: Option<Vec<BuildingCountJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inspections: Option<Vec<InspectionLineJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overdue: Option<Vec<OverdueJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overdue_remarks: Option<Vec<OverdueRemarksJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reopened: Option<Vec<ReopenedTicketJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directives: Option<Vec<DirectiveJson>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AgendaJson {
    pub meeting: MeetingJson,
    pub hq: HqJson,
    pub reported_week: WeekRangeJson,
    pub previous_week: WeekRangeJson,
    /// The instant the figures are taken at: the meeting's start, or now while it is ahead.
    pub as_of: String,
    /// False while the reported week is still running: its figures are partial.
    pub week_complete: bool,
    pub parts: Vec<AgendaPartJson>,
    /// Directives decided at this meeting.
    pub decided: Vec<DirectiveJson>,
}

fn part_json(part: &agenda::AgendaPart) -> AgendaPartJson {
    let mut json = AgendaPartJson {
        key: part.entry.key(),
        kind: "section",
        section: None,
        title: None,
        note: None,
        week_figures: None,
        buildings: None,
        inspections: None,
        overdue: None,
        overdue_remarks: None,
        reopened: None,
        directives: None,
    };
    let section = match &part.content {
        PartContent::Item(item) => {
            json.kind = "item";
            json.title = Some(item.title.clone());
            json.note = item.note.clone();
            return json;
        }
        PartContent::Section(section) => section,
    };
    if let domain::hq_agenda::AgendaEntry::Section(s) = part.entry {
        json.section = Some(s.as_code());
    }
    match section {
        SectionContent::WeekFigures(f) => json.week_figures = Some(f.into()),
        SectionContent::RepeatBuildings(list) => {
            json.buildings = Some(list.iter().map(building_json).collect());
        }
        SectionContent::Inspections(list) => {
            json.inspections = Some(list.iter().map(inspection_json).collect());
        }
        SectionContent::OverdueTickets(list) => {
            json.overdue = Some(list.iter().map(overdue_json).collect());
        }
        SectionContent::OverdueRemarks(list) => {
            json.overdue_remarks = Some(list.iter().map(overdue_remarks_json).collect());
        }
        SectionContent::ReopenedTickets(list) => {
            json.reopened = Some(list.iter().map(reopened_json).collect());
        }
        SectionContent::CarriedOverDirectives(list) => {
            json.directives = Some(list.iter().map(DirectiveJson::from).collect());
        }
    }
    json
}

fn reopened_json(r: &store::hq_agenda::ReopenedTicket) -> ReopenedTicketJson {
    ReopenedTicketJson {
        ticket_id: r.id.0,
        number: r.number.to_string(),
        address: r.address.clone(),
        organization: r.organization.clone(),
        status: r.status.as_code(),
        reopened_at: rfc3339(r.reopened_at),
        comment: r.comment.clone(),
    }
}

impl From<&Agenda> for AgendaJson {
    fn from(a: &Agenda) -> Self {
        AgendaJson {
            meeting: MeetingJson::from(&a.meeting),
            hq: HqJson::from(&a.info),
            reported_week: a.weeks.reported.into(),
            previous_week: a.weeks.previous.into(),
            as_of: rfc3339(a.as_of),
            week_complete: a.week_complete,
            parts: a.parts.iter().map(part_json).collect(),
            decided: a.decided.iter().map(DirectiveJson::from).collect(),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/hq/meetings/{id}/agenda", tag = "hq", params(("id" = i64, Path)),
    responses((status = 200, body = AgendaJson), (status = 404)), security(("bearer" = [])))]
pub async fn agenda(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<AgendaJson>, ApiError> {
    let agenda = agenda::get_agenda(&ctx, &actor, HqMeetingId(id)).await?;
    Ok(Json(AgendaJson::from(&agenda)))
}

#[utoipa::path(get, path = "/api/v1/hq/meetings/{id}/agenda.xlsx", tag = "hq", params(("id" = i64, Path)),
    responses((status = 200, description = "The agenda as an Excel workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 404)),
    security(("bearer" = [])))]
pub async fn agenda_xlsx(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let agenda = agenda::get_agenda(&ctx, &actor, HqMeetingId(id)).await?;
    let t = Tr::new(RequestInfo::current().api_locale);
    let bytes = hq_xlsx::agenda(t, &agenda)?;
    Ok(xlsx_response(bytes, &hq_xlsx::file_name(&agenda)))
}

/// A workbook as a download.
pub fn xlsx_response(bytes: Vec<u8>, file_name: &str) -> Response {
    (
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AgendaItemJson {
    pub title: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AgendaItemCreatedJson {
    /// Its key in the agenda: `item:<id>`.
    pub key: String,
    pub id: i64,
}

#[utoipa::path(post, path = "/api/v1/hq/meetings/{id}/items", tag = "hq", params(("id" = i64, Path)), request_body = AgendaItemJson,
    responses((status = 201, body = AgendaItemCreatedJson), (status = 403), (status = 404), (status = 422)),
    security(("bearer" = [])))]
pub async fn add_item(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<AgendaItemJson>,
) -> Result<(StatusCode, Json<AgendaItemCreatedJson>), ApiError> {
    let input = AddAgendaItem {
        title: body.title.unwrap_or_default(),
        note: body.note,
    };
    let item = meeting::add_agenda_item(&ctx, &actor, HqMeetingId(id), input).await?;
    Ok((
        StatusCode::CREATED,
        Json(AgendaItemCreatedJson {
            key: format!("item:{}", item.0),
            id: item.0,
        }),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MoveJson {
    /// A section's code or `item:<id>`.
    pub key: Option<String>,
    /// `up` or `down`.
    pub direction: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrderJson {
    /// Every entry's key in the new order.
    pub order: Vec<String>,
}

#[utoipa::path(post, path = "/api/v1/hq/meetings/{id}/items/move", tag = "hq", params(("id" = i64, Path)), request_body = MoveJson,
    responses((status = 200, body = OrderJson), (status = 403), (status = 404), (status = 422)),
    security(("bearer" = [])))]
pub async fn move_item(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<MoveJson>,
) -> Result<Json<OrderJson>, ApiError> {
    let order = meeting::move_agenda_entry(
        &ctx,
        &actor,
        HqMeetingId(id),
        &body.key.unwrap_or_default(),
        &body.direction.unwrap_or_default(),
    )
    .await?;
    Ok(Json(OrderJson {
        order: order.iter().map(|e| e.key()).collect(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkspaceJson {
    pub hq: HqJson,
    pub reopened: Vec<ReopenedTicketJson>,
    pub overdue_by_organization: Vec<OverdueJson>,
    /// Open tickets past their deadline in the HQ's area, longest overdue first.
    pub escalated: Vec<EscalatedJson>,
    /// Buildings with 2+ tickets in the last 7 days, most first.
    pub repeat_buildings: Vec<BuildingCountJson>,
    /// Joint inspections still to be visited, and those completed in the last 7 days.
    pub inspections: Vec<InspectionLineJson>,
    pub overdue_remarks_by_organization: Vec<OverdueRemarksJson>,
    pub upcoming_meetings: Vec<MeetingJson>,
    pub upcoming_receptions: Vec<ReceptionSummaryJson>,
    pub open_directives: Vec<DirectiveJson>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EscalatedJson {
    pub ticket_id: i64,
    pub number: String,
    pub category: &'static str,
    pub address: Option<String>,
    pub organization: Option<String>,
    pub due_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReceptionSummaryJson {
    pub date: String,
    pub slots: usize,
    pub booked: usize,
}

impl From<&Workspace> for WorkspaceJson {
    fn from(w: &Workspace) -> Self {
        WorkspaceJson {
            hq: HqJson::from(&w.info),
            reopened: w.reopened.iter().map(reopened_json).collect(),
            overdue_by_organization: w.overdue.iter().map(overdue_json).collect(),
            escalated: w
                .escalated
                .iter()
                .map(|e| EscalatedJson {
                    ticket_id: e.id.0,
                    number: e.number.to_string(),
                    category: e.category.as_code(),
                    address: e.address.clone(),
                    organization: e.organization.clone(),
                    due_at: rfc3339(e.due_at),
                })
                .collect(),
            repeat_buildings: w.repeat_buildings.iter().map(building_json).collect(),
            inspections: w.inspections.iter().map(inspection_json).collect(),
            overdue_remarks_by_organization: w
                .overdue_remarks
                .iter()
                .map(overdue_remarks_json)
                .collect(),
            upcoming_meetings: w.meetings.iter().map(MeetingJson::from).collect(),
            upcoming_receptions: w
                .receptions
                .iter()
                .map(|r| ReceptionSummaryJson {
                    date: r.date.to_string(),
                    slots: r.slots,
                    booked: r.booked,
                })
                .collect(),
            open_directives: w.directives.iter().map(DirectiveJson::from).collect(),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HqQuery {
    /// `city` or `district:<id>`; the caller's own HQ when absent.
    pub hq: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/hq/workspace", tag = "hq", params(HqQuery),
    responses((status = 200, body = WorkspaceJson), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn workspace(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Query(q): Query<HqQuery>,
) -> Result<Json<WorkspaceJson>, ApiError> {
    let w = workspace::workspace(&ctx, &actor, q.hq.as_deref()).await?;
    Ok(Json(WorkspaceJson::from(&w)))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct HqScheduleJson {
    /// `city` or `district:<id>`.
    pub hq: Option<String>,
    /// 1 = Monday … 7 = Sunday.
    pub meeting_weekday: Option<i64>,
    /// City time `HH:MM`.
    pub meeting_time: Option<String>,
    /// `regular` or `extended`.
    pub meeting_kind: Option<String>,
    pub reception_weekday: Option<i64>,
    pub reception_start: Option<String>,
    pub reception_end: Option<String>,
    pub slot_minutes: Option<i64>,
}

impl From<&store::hq_meeting::HqSchedule> for HqScheduleJson {
    fn from(s: &store::hq_meeting::HqSchedule) -> Self {
        let hhmm = |t: jiff::civil::Time| t.strftime("%H:%M").to_string();
        HqScheduleJson {
            hq: Some(s.hq.code()),
            meeting_weekday: Some(i64::from(s.meeting.weekday.to_monday_one_offset())),
            meeting_time: Some(hhmm(s.meeting.time)),
            meeting_kind: Some(s.meeting.kind.as_code().to_string()),
            reception_weekday: Some(i64::from(s.reception.weekday().to_monday_one_offset())),
            reception_start: Some(hhmm(s.reception.start())),
            reception_end: Some(hhmm(s.reception.end())),
            slot_minutes: Some(s.reception.slot_length().as_mins()),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/hq/schedules", tag = "hq",
    responses((status = 200, body = [HqScheduleJson]), (status = 403)), security(("bearer" = [])))]
pub async fn schedules(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<HqScheduleJson>>, ApiError> {
    let list = hq::list_schedules(&ctx, &actor).await?;
    Ok(Json(list.iter().map(HqScheduleJson::from).collect()))
}

#[utoipa::path(post, path = "/api/v1/hq/schedules", tag = "hq", request_body = HqScheduleJson,
    responses((status = 200, description = "The schedule now in force; fields left out keep their values", body = HqScheduleJson), (status = 403), (status = 422)),
    security(("bearer" = [])))]
pub async fn update_schedule(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    JsonBody(body): JsonBody<HqScheduleJson>,
) -> Result<Json<HqScheduleJson>, ApiError> {
    let input = ScheduleInput {
        hq: body.hq.unwrap_or_default(),
        meeting_weekday: body.meeting_weekday,
        meeting_time: body.meeting_time,
        meeting_kind: body.meeting_kind,
        reception_weekday: body.reception_weekday,
        reception_start: body.reception_start,
        reception_end: body.reception_end,
        slot_minutes: body.slot_minutes,
    };
    let schedule = hq::update_schedule(&ctx, &actor, input).await?;
    Ok(Json(HqScheduleJson::from(&schedule)))
}
