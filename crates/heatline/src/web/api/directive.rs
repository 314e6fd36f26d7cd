//! `/api/v1/directives`: list, issue, report done.

use crate::web::api::params::{Path, Query};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::calendar::rfc3339;
use domain::directive::DirectiveId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::Ctx;
use crate::app::directive::{
    self as directives, DirectiveListParams, DirectiveView, IssueDirective, owner_code,
};
use crate::web::api::json::JsonBody;
use crate::web::auth::ApiActor;
use crate::web::error::ApiError;

#[derive(Debug, Serialize, ToSchema)]
pub struct LinkJson {
    /// `ticket` or `building`.
    pub kind: &'static str,
    pub id: i64,
    /// The ticket's number or the building's address.
    pub label: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DirectiveJson {
    pub id: i64,
    /// The issuing HQ: `city` or `district:<id>`.
    pub hq: String,
    pub meeting_id: Option<i64>,
    pub text: String,
    /// `organization:<id>`, `district:<id>` (a district HQ) or `user:<id>`.
    pub owner: String,
    pub owner_name: String,
    pub deadline: String,
    pub issued_at: String,
    /// `open`, `overdue` (open past the deadline, derived) or `done`.
    pub status: &'static str,
    pub done_at: Option<String>,
    pub report: Option<String>,
    pub links: Vec<LinkJson>,
    /// The caller may report it done.
    pub can_report: bool,
}

impl From<&DirectiveView> for DirectiveJson {
    fn from(v: &DirectiveView) -> Self {
        let d = &v.directive;
        DirectiveJson {
            id: d.id.0,
            hq: d.hq.code(),
            meeting_id: d.meeting_id.map(|m| m.0),
            text: d.text.clone(),
            owner: owner_code(d.owner),
            owner_name: v.owner_name.clone(),
            deadline: rfc3339(d.deadline()),
            issued_at: rfc3339(d.issued_at),
            status: v.status.as_code(),
            done_at: d.completion().map(|c| rfc3339(c.at)),
            report: d.completion().map(|c| c.report.clone()),
            links: v
                .links
                .iter()
                .map(|l| {
                    let (kind, id) = l.link.to_parts();
                    LinkJson {
                        kind,
                        id,
                        label: l.label.clone(),
                    }
                })
                .collect(),
            can_report: v.can_report,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DirectivesQuery {
    /// The issuing HQ: `city` or `district:<id>`.
    pub hq: Option<String>,
    /// `open`, `overdue` or `done`.
    pub status: Option<String>,
    /// `organization:<id>`, `district:<id>` or `user:<id>`.
    pub owner: Option<String>,
    pub meeting_id: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/directives", tag = "directives", params(DirectivesQuery),
    responses((status = 200, description = "Directives the caller may see: all for the city HQ and the admin, a district HQ's own and those addressed to it, an organization's addressed to it", body = [DirectiveJson]), (status = 403), (status = 422)),
    security(("bearer" = [])))]
pub async fn index(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Query(q): Query<DirectivesQuery>,
) -> Result<Json<Vec<DirectiveJson>>, ApiError> {
    let params = DirectiveListParams {
        hq: q.hq,
        status: q.status,
        owner: q.owner,
        meeting_id: q.meeting_id,
    };
    let list = directives::list_directives(&ctx, &actor, params).await?;
    Ok(Json(list.iter().map(DirectiveJson::from).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct IssueDirectiveJson {
    /// The issuing HQ; taken from the meeting when `meeting_id` is given, else the caller's own.
    pub hq: Option<String>,
    pub meeting_id: Option<i64>,
    pub text: Option<String>,
    /// `organization:<id>`, `district:<id>` or `user:<id>`.
    pub owner: Option<String>,
    /// RFC 3339, a city `YYYY-MM-DDTHH:MM`, or a city date (meaning 23:59 that day).
    pub deadline: Option<String>,
    #[serde(default)]
    pub ticket_ids: Vec<i64>,
    #[serde(default)]
    pub building_ids: Vec<i64>,
}

#[utoipa::path(post, path = "/api/v1/directives", tag = "directives", request_body = IssueDirectiveJson,
    responses((status = 201, body = DirectiveJson), (status = 403), (status = 404), (status = 422)),
    security(("bearer" = [])))]
pub async fn create(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    JsonBody(body): JsonBody<IssueDirectiveJson>,
) -> Result<(StatusCode, Json<DirectiveJson>), ApiError> {
    let input = IssueDirective {
        hq: body.hq,
        meeting_id: body.meeting_id,
        text: body.text.unwrap_or_default(),
        owner: body.owner.unwrap_or_default(),
        deadline: body.deadline.unwrap_or_default(),
        ticket_ids: body.ticket_ids,
        building_ids: body.building_ids,
    };
    let view = directives::issue_directive(&ctx, &actor, input).await?;
    Ok((StatusCode::CREATED, Json(DirectiveJson::from(&view))))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DoneReportJson {
    /// What was done.
    pub report: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/directives/{id}/done", tag = "directives", params(("id" = i64, Path)), request_body = DoneReportJson,
    responses((status = 200, body = DirectiveJson), (status = 403), (status = 404), (status = 409, description = "Already reported done"), (status = 422)),
    security(("bearer" = [])))]
pub async fn done(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<DoneReportJson>,
) -> Result<Json<DirectiveJson>, ApiError> {
    let view = directives::complete_directive(
        &ctx,
        &actor,
        DirectiveId(id),
        &body.report.unwrap_or_default(),
    )
    .await?;
    Ok(Json(DirectiveJson::from(&view)))
}
