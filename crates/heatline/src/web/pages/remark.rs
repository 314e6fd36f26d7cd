//! Remark pages: the list (the HQ's district, an organization's own, overdue
//! first to find) and a remark with its steps: eliminate (with a photo),
//! verify, reject.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use domain::remark::{RemarkId, RemarkStatus};
use serde::Deserialize;

use crate::app::remark::{self as remarks, RemarkAction, RemarkActions, RemarkListParams};
use crate::app::{AppError, Ctx};
use crate::web::auth::PageSession;
use crate::web::error::PageError;
use crate::web::i18n::inspection::InspectionMsg;
use crate::web::i18n::{Msg, Tr};
use crate::web::pages::inspection::{multipart, read_photo_form};
use crate::web::pages::{Layout, is_htmx, tr};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListParams {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub overdue: String,
    #[serde(default)]
    pub page: String,
}

pub struct Row {
    pub id: i64,
    pub inspection_id: i64,
    pub address: String,
    pub organization: String,
    pub issue: &'static str,
    pub text: String,
    pub due: String,
    pub overdue: bool,
    pub status: &'static str,
    pub status_class: &'static str,
}

pub struct ListView {
    pub t: Tr,
    pub rows: Vec<Row>,
    pub total: i64,
    pub previous: Option<String>,
    pub next: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "remarks/index.html")]
struct IndexPage {
    layout: Layout,
    params: ListParams,
    statuses: Vec<(&'static str, &'static str)>,
    list: ListView,
}

#[derive(Template, WebTemplate)]
#[template(path = "remarks/list_partial.html")]
struct ListPartial {
    list: ListView,
}

fn status_class(status: RemarkStatus) -> &'static str {
    match status {
        RemarkStatus::Open => "",
        RemarkStatus::Eliminated => "reopened",
        RemarkStatus::Verified => "closed",
    }
}

fn link(params: &ListParams, page: i64) -> String {
    let mut pairs = vec![("page", page.to_string())];
    if !params.status.is_empty() {
        pairs.push(("status", params.status.clone()));
    }
    if !params.overdue.is_empty() {
        pairs.push(("overdue", params.overdue.clone()));
    }
    format!(
        "/remarks?{}",
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    )
}

/// `GET /remarks`.
pub async fn index(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    headers: HeaderMap,
    Query(params): Query<ListParams>,
) -> Result<Response, PageError> {
    let some = |s: &String| Some(s.clone()).filter(|s| !s.is_empty());
    let query = RemarkListParams {
        status: some(&params.status),
        overdue: some(&params.overdue),
        page: some(&params.page),
        ..Default::default()
    };
    let list = remarks::list_remarks(&ctx, &session.actor, &query).await?;
    let t = tr();
    let shown = (list.page - 1) * list.page_size + list.items.len() as i64;
    let view = ListView {
        t,
        rows: list
            .items
            .iter()
            .map(|s| Row {
                id: s.remark.id.0,
                inspection_id: s.remark.inspection_id.0,
                address: s.address.clone(),
                organization: s.organization_name.clone(),
                issue: t.remark_issue(s.remark.issue),
                text: s.remark.text.chars().take(160).collect(),
                due: t.datetime(s.remark.due_at()),
                overdue: s.remark.is_overdue(list.now),
                status: t.remark_status(s.remark.status()),
                status_class: status_class(s.remark.status()),
            })
            .collect(),
        total: list.total,
        previous: (list.page > 1).then(|| link(&params, list.page - 1)),
        next: (shown < list.total).then(|| link(&params, list.page + 1)),
    };
    if is_htmx(&headers) {
        return Ok(ListPartial { list: view }.into_response());
    }
    Ok(IndexPage {
        layout: Layout::new(&session, "/remarks"),
        params,
        statuses: RemarkStatus::ALL
            .iter()
            .map(|s| (s.as_code(), t.remark_status(*s)))
            .collect(),
        list: view,
    }
    .into_response())
}

pub struct ShowView {
    pub id: i64,
    pub inspection_id: i64,
    pub address: String,
    pub organization: String,
    pub issue: &'static str,
    pub text: String,
    pub reference: String,
    pub created: String,
    pub due: String,
    pub overdue: bool,
    pub status: &'static str,
    pub status_class: &'static str,
    pub eliminated: Option<(String, String)>,
    pub verified: Option<String>,
    pub rejection: Option<String>,
    pub photos: Vec<(i64, String)>,
    pub can: RemarkActions,
}

#[derive(Template, WebTemplate)]
#[template(path = "remarks/show.html")]
struct ShowPage {
    layout: Layout,
    page: ShowView,
}

/// `GET /remarks/{id}`.
pub async fn show(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let d = remarks::get_remark(&ctx, &session.actor, RemarkId(id)).await?;
    let t = tr();
    let r = &d.stored.remark;
    let page = ShowView {
        id,
        inspection_id: r.inspection_id.0,
        address: d.stored.address.clone(),
        organization: d.stored.organization_name.clone(),
        issue: t.remark_issue(r.issue),
        text: r.text.clone(),
        reference: r.reference.clone(),
        created: t.datetime(r.created_at),
        due: t.datetime(r.due_at()),
        overdue: d.overdue,
        status: t.remark_status(r.status()),
        status_class: status_class(r.status()),
        eliminated: r.eliminated_at().map(|at| {
            (
                t.datetime(at),
                r.elimination_comment().unwrap_or_default().to_string(),
            )
        }),
        verified: r.verified_at().map(|at| t.datetime(at)),
        rejection: r.rejection_comment().map(str::to_string),
        photos: d
            .photos
            .iter()
            .map(|p| (p.id, p.caption.clone().unwrap_or_default()))
            .collect(),
        can: d.can,
    };
    Ok(ShowPage {
        layout: Layout::new(&session, "/remarks"),
        page,
    }
    .into_response())
}

/// `POST /remarks/{id}/eliminate` (multipart: comment and an optional photo).
pub async fn eliminate(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, PageError> {
    let (photo, parts) = read_photo_form(&headers, body).await?;
    let action = RemarkAction::Eliminate {
        comment: multipart::text(&parts, "comment").unwrap_or_default(),
        photo,
    };
    remarks::act_on_remark(&ctx, &session.actor, RemarkId(id), action).await?;
    Ok(Redirect::to(&format!("/remarks/{id}")).into_response())
}

#[derive(Debug, Deserialize)]
pub struct StepForm {
    #[serde(default)]
    comment: String,
    #[serde(default)]
    due: String,
}

/// `POST /remarks/{id}/verify` and `/reject`.
pub async fn step(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path((id, step)): Path<(i64, String)>,
    Form(form): Form<StepForm>,
) -> Result<Response, PageError> {
    let action = match step.as_str() {
        "verify" => RemarkAction::Verify,
        "reject" => RemarkAction::Reject {
            comment: form.comment,
            due: Some(form.due).filter(|d| !d.trim().is_empty()),
        },
        _ => return Err(AppError::NotFound.into()),
    };
    remarks::act_on_remark(&ctx, &session.actor, RemarkId(id), action).await?;
    Ok(Redirect::to(&format!("/remarks/{id}")).into_response())
}

/// `GET /remarks/{id}/photos/{photo_id}`.
pub async fn photo(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path((id, photo_id)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    let (info, bytes) =
        remarks::get_remark_photo(&ctx, &session.actor, RemarkId(id), photo_id).await?;
    Ok(crate::web::api::inspection::image(&info, bytes))
}
