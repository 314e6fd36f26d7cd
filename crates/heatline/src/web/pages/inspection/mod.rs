//! Inspection pages: the list, an inspection with its schedule, act summary,
//! remarks and photos; the phone-width act form and its print version live in
//! `report`.

pub mod form;
pub mod multipart;
pub mod print;
pub mod report;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::inspection::{InspectionId, InspectionStatus};
use domain::remark::RemarkIssue;
use domain::user::Role;
use serde::Deserialize;

use crate::app::inspection::photo::{self as app_photo, PhotoUpload};
use crate::app::inspection::text::{celsius, norm_text};
use crate::app::inspection::{
    self as inspections, InspectionActions, InspectionDetails, InspectionListParams, ScheduleInput,
};
use crate::app::remark::{self as remarks, CreateRemark};
use crate::app::{AppError, Ctx};
use crate::web::auth::PageSession;
use crate::web::error::PageError;
use crate::web::i18n::inspection::InspectionMsg;
use crate::web::i18n::{Msg, Tr};
use crate::web::pages::{Layout, is_htmx, tr};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListParams {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub page: String,
}

pub struct Row {
    pub id: i64,
    pub address: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub opened: String,
    pub visit: String,
    pub tickets: i64,
    pub open_remarks: i64,
}

pub struct ListView {
    pub t: Tr,
    pub rows: Vec<Row>,
    pub total: i64,
    pub previous: Option<String>,
    pub next: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "inspections/index.html")]
struct IndexPage {
    layout: Layout,
    params: ListParams,
    statuses: Vec<(&'static str, &'static str)>,
    list: ListView,
    read_only: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "inspections/list_partial.html")]
struct ListPartial {
    list: ListView,
}

pub(crate) fn status_class(status: InspectionStatus) -> &'static str {
    match status {
        InspectionStatus::Open => "reopened",
        InspectionStatus::Scheduled => "",
        InspectionStatus::Completed => "closed",
        InspectionStatus::Cancelled => "cancelled",
    }
}

fn page_link(params: &ListParams, page: i64) -> String {
    let mut pairs = vec![("page", page.to_string())];
    if !params.status.is_empty() {
        pairs.push(("status", params.status.clone()));
    }
    format!(
        "/inspections?{}",
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    )
}

/// `GET /inspections`.
pub async fn index(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    headers: HeaderMap,
    Query(params): Query<ListParams>,
) -> Result<Response, PageError> {
    let some = |s: &String| Some(s.clone()).filter(|s| !s.is_empty());
    let query = InspectionListParams {
        building_id: None,
        status: some(&params.status),
        page: some(&params.page),
    };
    let list = inspections::list_inspections(&ctx, &session.actor, &query).await?;
    let t = tr();
    let shown = (list.page - 1) * list.page_size + list.items.len() as i64;
    let view = ListView {
        t,
        rows: list
            .items
            .iter()
            .map(|s| Row {
                id: s.id.0,
                address: s.address.clone(),
                status: t.inspection_status(s.status),
                status_class: status_class(s.status),
                opened: t.datetime(s.opened_at),
                visit: s.visit_at.map(|v| t.datetime(v)).unwrap_or_default(),
                tickets: s.n_tickets,
                open_remarks: s.n_open_remarks,
            })
            .collect(),
        total: list.total,
        previous: (list.page > 1).then(|| page_link(&params, list.page - 1)),
        next: (shown < list.total).then(|| page_link(&params, list.page + 1)),
    };
    if is_htmx(&headers) {
        return Ok(ListPartial { list: view }.into_response());
    }
    Ok(IndexPage {
        layout: Layout::new(&session, "/inspections"),
        params,
        statuses: InspectionStatus::ALL
            .iter()
            .map(|s| (s.as_code(), t.inspection_status(*s)))
            .collect(),
        list: view,
        read_only: session.actor.role() == Role::Organization,
    }
    .into_response())
}

pub struct VerdictLine {
    pub what: String,
    pub place: String,
    pub value: String,
    pub norm: String,
    pub deviation: String,
    pub verdict: &'static str,
    pub bad: bool,
    pub reference: &'static str,
}

/// The act's verdicts as table lines, for the inspection page and the print.
pub(crate) fn verdict_lines(t: Tr, details: &InspectionDetails) -> Vec<VerdictLine> {
    let Some(stored) = &details.report else {
        return Vec::new();
    };
    stored
        .verdicts
        .iter()
        .map(|v| {
            let reading = stored.report.readings.get(v.reading_index);
            let mut place = Vec::new();
            if let Some(r) = reading {
                if let Some(a) = &r.apartment {
                    place.push(format!("кв. {a}"));
                }
                if let Some(room) = &r.room {
                    place.push(room.clone());
                }
                if r.corner {
                    place.push(t.imsg(InspectionMsg::Corner).to_lowercase());
                }
                place.push(
                    t.datetime(r.measured_at)
                        .split(' ')
                        .nth(1)
                        .unwrap_or_default()
                        .to_string(),
                );
            }
            VerdictLine {
                what: t.reading_kind(v.kind).to_string(),
                place: place.join(", "),
                value: celsius(v.value),
                norm: v.norm.map(norm_text).unwrap_or_else(|| "—".into()),
                deviation: v
                    .deviation
                    .map(|d| d.to_string().replace('.', ","))
                    .unwrap_or_default(),
                verdict: t.verdict(v.verdict),
                bad: v.verdict.is_violation(),
                reference: v.reference,
            }
        })
        .collect()
}

pub struct RemarkLine {
    pub id: i64,
    pub issue: &'static str,
    pub organization: String,
    pub text: String,
    pub due: String,
    pub status: &'static str,
    pub overdue: bool,
}

pub struct ProposalLine {
    pub organization_id: i64,
    pub organization: String,
    pub issue_code: &'static str,
    pub issue: &'static str,
    pub text: String,
    pub reference: String,
}

pub struct ShowView {
    pub id: i64,
    pub status: &'static str,
    pub status_class: &'static str,
    pub address: String,
    pub district: String,
    pub opened: String,
    pub visit: Option<String>,
    pub note: Option<String>,
    pub cancel_reason: Option<String>,
    pub management_company: (i64, String),
    pub heat_supplier: (i64, String),
    pub members: Vec<String>,
    pub tickets: Vec<(i64, String, &'static str, &'static str, String)>,
    pub has_report: bool,
    pub verdicts: Vec<VerdictLine>,
    pub participants: Vec<String>,
    pub findings: Option<String>,
    pub proposals: Vec<ProposalLine>,
    pub remarks: Vec<RemarkLine>,
    pub photos: Vec<(i64, String)>,
    pub can: InspectionActions,
    pub read_only: bool,
    pub visit_date: String,
    pub visit_time: String,
    pub issues: Vec<(&'static str, &'static str)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "inspections/show.html")]
struct ShowPage {
    layout: Layout,
    page: ShowView,
}

fn show_view(t: Tr, actor_role: Role, d: &InspectionDetails) -> ShowView {
    let i = &d.stored.inspection;
    let name = |id| {
        d.organization(id)
            .map(|o| o.name.clone())
            .unwrap_or_default()
    };
    let default_visit = i.visit_at().unwrap_or(d.now);
    let local = domain::calendar::in_city(default_visit);
    let now = d.now;
    ShowView {
        id: i.id.0,
        status: t.inspection_status(i.status()),
        status_class: status_class(i.status()),
        address: d.stored.address.clone(),
        district: d.district.name.clone(),
        opened: t.datetime(i.opened_at),
        visit: i.visit_at().map(|v| t.datetime(v)),
        note: d.stored.schedule_note.clone(),
        cancel_reason: i.cancel_reason().map(str::to_string),
        management_company: (d.management_company.id.0, d.management_company.name.clone()),
        heat_supplier: (d.heat_supplier.id.0, d.heat_supplier.name.clone()),
        members: d.members.iter().map(|o| o.name.clone()).collect(),
        tickets: d
            .tickets
            .iter()
            .map(|v| {
                (
                    v.ticket.id.0,
                    v.ticket.number.to_string(),
                    t.category(v.ticket.category),
                    t.status(v.ticket.status()),
                    t.datetime(v.ticket.created_at),
                )
            })
            .collect(),
        has_report: d.report.is_some(),
        verdicts: verdict_lines(t, d),
        participants: d
            .report
            .iter()
            .flat_map(|r| r.report.participants.iter())
            .map(|p| format!("{} — {}", t.party(p.party), p.name))
            .collect(),
        findings: d.report.as_ref().and_then(|r| r.report.findings.clone()),
        proposals: d
            .proposals
            .iter()
            .map(|p| ProposalLine {
                organization_id: p.organization_id.0,
                organization: name(p.organization_id),
                issue_code: p.issue.as_code(),
                issue: t.remark_issue(p.issue),
                text: p.text.clone(),
                reference: p.reference.clone(),
            })
            .collect(),
        remarks: d
            .remarks
            .iter()
            .map(|r| RemarkLine {
                id: r.remark.id.0,
                issue: t.remark_issue(r.remark.issue),
                organization: r.organization_name.clone(),
                text: r.remark.text.clone(),
                due: t.datetime(r.remark.due_at()),
                status: t.remark_status(r.remark.status()),
                overdue: r.remark.is_overdue(now),
            })
            .collect(),
        photos: d
            .photos
            .iter()
            .filter(|p| p.remark_id.is_none())
            .map(|p| (p.id, p.caption.clone().unwrap_or_default()))
            .collect(),
        can: d.can,
        read_only: actor_role == Role::Organization,
        visit_date: local.date().to_string(),
        visit_time: local.strftime("%H:%M").to_string(),
        issues: RemarkIssue::ALL
            .iter()
            .map(|i| (i.as_code(), t.remark_issue(*i)))
            .collect(),
    }
}

/// `GET /inspections/{id}`.
pub async fn show(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let details = inspections::get_inspection(&ctx, &session.actor, InspectionId(id)).await?;
    let page = show_view(tr(), session.actor.role(), &details);
    Ok(ShowPage {
        layout: Layout::new(&session, "/inspections"),
        page,
    }
    .into_response())
}

/// `POST /inspections/{id}/schedule`: date, time, invited organizations.
pub async fn schedule(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let input = ScheduleInput {
        visit_at: format!("{}T{}", field("date"), field("time")),
        member_organization_ids: form
            .iter()
            .filter(|(k, _)| k == "member")
            .filter_map(|(_, v)| v.parse().ok())
            .collect(),
        note: Some(field("note")),
    };
    inspections::schedule_inspection(&ctx, &session.actor, InspectionId(id), input).await?;
    Ok(Redirect::to(&format!("/inspections/{id}")).into_response())
}

#[derive(Debug, Deserialize)]
pub struct CancelForm {
    #[serde(default)]
    reason: String,
}

/// `POST /inspections/{id}/cancel`.
pub async fn cancel(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path(id): Path<i64>,
    Form(form): Form<CancelForm>,
) -> Result<Response, PageError> {
    inspections::cancel_inspection(&ctx, &session.actor, InspectionId(id), &form.reason).await?;
    Ok(Redirect::to(&format!("/inspections/{id}")).into_response())
}

#[derive(Debug, Deserialize)]
pub struct RemarkForm {
    #[serde(default)]
    organization_id: String,
    #[serde(default)]
    issue: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    reference: String,
    #[serde(default)]
    due: String,
}

/// `POST /inspections/{id}/remarks`: the HQ issues a proposed or its own remark.
pub async fn create_remark(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path(id): Path<i64>,
    Form(form): Form<RemarkForm>,
) -> Result<Response, PageError> {
    let some = |s: String| Some(s).filter(|s| !s.trim().is_empty());
    let input = CreateRemark {
        inspection_id: Some(id),
        organization_id: form.organization_id.trim().parse().ok(),
        issue: some(form.issue),
        text: some(form.text),
        reference: some(form.reference),
        due: some(form.due),
    };
    remarks::create_remark(&ctx, &session.actor, input).await?;
    Ok(Redirect::to(&format!("/inspections/{id}")).into_response())
}

/// Reads a multipart photo form: the file, its caption, and other text fields.
pub(crate) async fn read_photo_form(
    headers: &HeaderMap,
    body: Body,
) -> Result<(Option<PhotoUpload>, Vec<multipart::Part>), AppError> {
    let malformed = || {
        AppError::Invalid(crate::app::FieldErrors::one(
            "photo",
            crate::app::Problem::Malformed,
        ))
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let boundary = multipart::boundary(content_type).ok_or_else(malformed)?;
    // The form carries a caption beside the photo: allow a little over the photo limit.
    let bytes = axum::body::to_bytes(body, domain::photo::MAX_PHOTO_BYTES + 64 * 1024)
        .await
        .map_err(|_| {
            inspections::invalid(
                "photo",
                inspections::InspectionProblem::PhotoTooLarge {
                    max: domain::photo::MAX_PHOTO_BYTES,
                },
            )
        })?;
    let parts = multipart::parse(&bytes, &boundary).ok_or_else(malformed)?;
    let upload = multipart::file(&parts, "photo").map(|bytes| PhotoUpload {
        bytes,
        caption: multipart::text(&parts, "caption"),
    });
    Ok((upload, parts))
}

/// `POST /inspections/{id}/photos` (multipart; the CSRF token rides in the query).
pub async fn add_photo(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, PageError> {
    let (upload, _) = read_photo_form(&headers, body).await?;
    let upload = upload.unwrap_or_default();
    app_photo::add_photo(&ctx, &session.actor, InspectionId(id), upload).await?;
    Ok(Redirect::to(&format!("/inspections/{id}")).into_response())
}

/// `GET /inspections/{id}/photos/{photo_id}`.
pub async fn photo(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path((id, photo_id)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    let (info, bytes) =
        app_photo::get_photo(&ctx, &session.actor, InspectionId(id), photo_id).await?;
    Ok(crate::web::api::inspection::image(&info, bytes))
}

/// Whether any of the act's verdicts is a violation.
pub(crate) fn any_violation(details: &InspectionDetails) -> bool {
    details
        .report
        .as_ref()
        .is_some_and(|r| r.verdicts.iter().any(|v| v.verdict.is_violation()))
}
