//! Directive pages: the list (an organization's are those addressed to it),
//! recording a directive at a meeting, and the owner's report.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::directive::{DirectiveId, DirectiveStatus};
use serde::Deserialize;

use crate::app::directive::{self as directives, DirectiveListParams, IssueDirective};
use crate::app::{AppError, Ctx, FieldErrors, Problem};
use crate::web::auth::PageSession;
use crate::web::error::PageError;
use crate::web::i18n::hq::HqMsg;
use crate::web::i18n::{Msg, Tr};
use crate::web::pages::hq_tables::directive_badge;
use crate::web::pages::{Layout, tr};

#[derive(Debug, Default, Deserialize)]
pub struct ListParams {
    #[serde(default)]
    hq: String,
    #[serde(default)]
    status: String,
}

pub struct Row {
    pub id: i64,
    pub text: String,
    pub links: String,
    pub owner: String,
    pub deadline: String,
    pub status: &'static str,
    pub badge: &'static str,
    pub report: Option<String>,
    pub can_report: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "directives/index.html")]
struct IndexPage {
    layout: Layout,
    rows: Vec<Row>,
    hq: String,
    status: String,
    statuses: Vec<(&'static str, &'static str)>,
}

/// `GET /directives`.
pub async fn index(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Query(params): Query<ListParams>,
) -> Result<Response, PageError> {
    let some = |s: &str| Some(s.to_string()).filter(|s| !s.trim().is_empty());
    let list = directives::list_directives(
        &ctx,
        &session.actor,
        DirectiveListParams {
            hq: some(&params.hq),
            status: some(&params.status),
            ..Default::default()
        },
    )
    .await?;
    let t: Tr = tr();
    let rows = list
        .iter()
        .map(|d| Row {
            id: d.directive.id.0,
            text: d.directive.text.clone(),
            links: d
                .links
                .iter()
                .map(|l| l.label.clone())
                .collect::<Vec<_>>()
                .join(", "),
            owner: t.directive_owner(d.directive.owner, &d.owner_name),
            deadline: t.datetime(d.directive.deadline()),
            status: t.directive_status(d.status),
            badge: directive_badge(d.status),
            report: d
                .directive
                .completion()
                .map(|c| format!("{} ({})", c.report, t.datetime(c.at))),
            can_report: d.can_report,
        })
        .collect();
    Ok(IndexPage {
        rows,
        hq: params.hq,
        status: params.status,
        statuses: DirectiveStatus::ALL
            .iter()
            .map(|s| (s.as_code(), t.directive_status(*s)))
            .collect(),
        layout: Layout::new(&session, "/directives"),
    }
    .into_response())
}

#[derive(Debug, Deserialize)]
pub struct IssueForm {
    #[serde(default)]
    hq: String,
    #[serde(default)]
    meeting_id: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    ticket_ids: String,
    #[serde(default)]
    building_ids: String,
}

/// Ids typed into a field, separated by commas or spaces.
fn ids(errors: &mut FieldErrors, field: &str, text: &str) -> Vec<i64> {
    text.split([',', ' ', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .filter_map(|s| match s.trim_start_matches('#').parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.add(field, Problem::Malformed);
                None
            }
        })
        .collect()
}

/// `POST /directives`: records a directive and goes back to its meeting.
pub async fn create(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Form(form): Form<IssueForm>,
) -> Result<Response, PageError> {
    let mut errors = FieldErrors::default();
    let meeting_id = match form.meeting_id.trim() {
        "" => None,
        id => id.parse::<i64>().ok().or_else(|| {
            errors.add("meeting_id", Problem::Malformed);
            None
        }),
    };
    let ticket_ids = ids(&mut errors, "ticket_ids", &form.ticket_ids);
    let building_ids = ids(&mut errors, "building_ids", &form.building_ids);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors).into());
    }
    let input = IssueDirective {
        hq: Some(form.hq).filter(|s| !s.trim().is_empty()),
        meeting_id,
        text: form.text,
        owner: form.owner,
        deadline: form.deadline,
        ticket_ids,
        building_ids,
    };
    directives::issue_directive(&ctx, &session.actor, input).await?;
    let back = match meeting_id {
        Some(id) => format!("/hq/meetings/{id}#decisions"),
        None => "/directives".to_string(),
    };
    Ok(Redirect::to(&back).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ReportForm {
    #[serde(default)]
    report: String,
}

/// `POST /directives/{id}/done`.
pub async fn done(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path(id): Path<i64>,
    Form(form): Form<ReportForm>,
) -> Result<Response, PageError> {
    directives::complete_directive(&ctx, &session.actor, DirectiveId(id), &form.report).await?;
    Ok(Redirect::to("/directives").into_response())
}
