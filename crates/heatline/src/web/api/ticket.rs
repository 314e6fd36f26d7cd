//! `/api/v1/tickets`: register, read, list, and lifecycle actions.

use crate::web::api::params::{Path, Query};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::calendar::rfc3339;
use domain::event::TicketEvent;
use domain::ticket::TicketId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use axum::response::{IntoResponse, Response};

use crate::app::Ctx;
use crate::app::ticket::export;
use crate::app::ticket::{
    self as tickets, RegisterTicket, TicketAction, TicketDetails, TicketListParams, TicketView,
};
use crate::web::api::json::JsonBody;
use crate::web::auth::ApiActor;
use crate::web::error::ApiError;
use crate::web::i18n::Tr;
use crate::web::request::RequestInfo;
use crate::web::ticket_export::{self, ExportFormat};

#[derive(Debug, Deserialize, ToSchema)]
pub struct RegisterTicketJson {
    /// The resident's phone in any usual form, e.g. `8 (347) 277-09-11`.
    pub phone: Option<String>,
    pub name: Option<String>,
    /// The address as the caller said it; resolved to a registry building when unambiguous.
    pub address: Option<String>,
    pub building_id: Option<i64>,
    pub apartment: Option<String>,
    pub entrance: Option<String>,
    /// `no_heat`, `air_lock`, `overheating`, `billing`, `leak`, `hot_water`, `other`; suggested from the description when absent.
    pub category: Option<String>,
    pub description: Option<String>,
    /// `phone` (default), `web`, `open311`, `reception`, `import`.
    pub channel: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TicketJson {
    pub id: i64,
    /// Read to the caller, e.g. `2026-000123`.
    pub number: String,
    pub status: &'static str,
    pub category: &'static str,
    pub channel: &'static str,
    /// In full for roles that see personal data, masked otherwise.
    pub phone: String,
    pub name: Option<String>,
    pub address: Option<String>,
    pub building_id: Option<i64>,
    /// True while the address matches no registry building.
    pub address_unresolved: bool,
    pub apartment: Option<String>,
    pub entrance: Option<String>,
    pub description: String,
    pub district_id: Option<i64>,
    pub organization_id: Option<i64>,
    /// RFC 3339 with the city offset (+05:00).
    pub due_at: Option<String>,
    pub overdue: bool,
    pub created_at: String,
    pub closed_at: Option<String>,
    pub resolution: Option<&'static str>,
    pub resolution_text: Option<String>,
    pub version: i64,
    /// The outage the ticket is linked to (its building was under one when it came in).
    pub outage_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<EventJson>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventJson {
    pub at: String,
    pub kind: &'static str,
    pub actor: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TicketPageJson {
    pub items: Vec<TicketJson>,
    /// Matching tickets; counting stops at 10,000.
    pub total: i64,
    /// `false` when more than 10,000 match: `total` is then a lower bound.
    pub total_exact: bool,
    pub page: i64,
    pub page_size: i64,
}

impl From<TicketView> for TicketJson {
    fn from(v: TicketView) -> Self {
        let t = v.ticket;
        TicketJson {
            id: t.id.0,
            number: t.number.to_string(),
            status: t.status().as_code(),
            category: t.category.as_code(),
            channel: t.channel.as_code(),
            phone: v.phone,
            name: t.resident_name.clone(),
            address: t.address.clone(),
            building_id: t.building_id.map(|b| b.0),
            address_unresolved: v.address_unresolved,
            apartment: t.apartment.clone(),
            entrance: t.entrance.clone(),
            description: t.description.clone(),
            district_id: t.district_id().map(|d| d.0),
            organization_id: t.organization_id().map(|o| o.0),
            due_at: t.due_at().map(rfc3339),
            overdue: v.overdue,
            created_at: rfc3339(t.created_at),
            closed_at: t.closed_at().map(rfc3339),
            resolution: t.resolution().map(|r| r.as_code()),
            resolution_text: t.resolution_text().map(str::to_string),
            version: t.version(),
            outage_id: t.outage_id.map(|o| o.0),
            events: None,
        }
    }
}

impl From<&TicketEvent> for EventJson {
    fn from(e: &TicketEvent) -> Self {
        EventJson {
            at: rfc3339(e.at),
            kind: e.kind.as_code(),
            actor: e.actor_name.clone(),
            before: e.before.clone(),
            after: e.after.clone(),
            comment: e.comment.clone(),
        }
    }
}

impl From<TicketDetails> for TicketJson {
    fn from(d: TicketDetails) -> Self {
        let events = d.events.iter().map(EventJson::from).collect();
        TicketJson {
            events: Some(events),
            ..TicketJson::from(d.view)
        }
    }
}

#[utoipa::path(post, path = "/api/v1/tickets", tag = "tickets", request_body = RegisterTicketJson,
    responses((status = 201, body = TicketJson), (status = 422, description = "Every bad field named")),
    security(("bearer" = [])))]
pub async fn create(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    JsonBody(body): JsonBody<RegisterTicketJson>,
) -> Result<(StatusCode, Json<TicketJson>), ApiError> {
    let input = RegisterTicket {
        phone: body.phone.unwrap_or_default(),
        name: body.name,
        address: body.address,
        building_id: body.building_id,
        apartment: body.apartment,
        entrance: body.entrance,
        category: body.category,
        description: body.description.unwrap_or_default(),
        channel: body.channel,
    };
    let view = tickets::register_ticket(&ctx, &actor, input).await?;
    Ok((StatusCode::CREATED, Json(view.into())))
}

#[utoipa::path(get, path = "/api/v1/tickets/{id}", tag = "tickets", params(("id" = i64, Path)),
    responses((status = 200, body = TicketJson), (status = 404)), security(("bearer" = [])))]
pub async fn show(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<TicketJson>, ApiError> {
    let details = tickets::get_ticket(&ctx, &actor, TicketId(id)).await?;
    Ok(Json(details.into()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    pub status: Option<String>,
    pub category: Option<String>,
    pub district_id: Option<String>,
    pub organization_id: Option<String>,
    pub building_id: Option<String>,
    pub phone: Option<String>,
    /// `true`: only open tickets past their deadline.
    pub overdue: Option<String>,
    /// City date `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    /// A ticket number, a phone, or words of the description and address.
    pub q: Option<String>,
    /// `true`: only tickets not closed.
    pub open: Option<String>,
    /// `-created` (default, newest first), `created`, `due`, `-due`, `status`, `-status`.
    pub sort: Option<String>,
    pub page: Option<String>,
    pub page_size: Option<String>,
    /// `csv` or `xlsx`: every matching ticket (not one page, at most 100,000)
    /// as a download; name and phone columns only for roles that see personal data.
    pub format: Option<String>,
}

impl From<ListQuery> for TicketListParams {
    fn from(q: ListQuery) -> Self {
        TicketListParams {
            status: q.status,
            category: q.category,
            district_id: q.district_id,
            organization_id: q.organization_id,
            building_id: q.building_id,
            phone: q.phone,
            overdue: q.overdue,
            from: q.from,
            to: q.to,
            q: q.q,
            open: q.open,
            sort: q.sort,
            page: q.page,
            page_size: q.page_size,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/tickets", tag = "tickets", params(ListQuery),
    responses((status = 200, description = "a page of tickets, or with `format` every matching ticket as a download",
        content((TicketPageJson = "application/json"), (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 422)), security(("bearer" = [])))]
pub async fn index(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Query(query): Query<ListQuery>,
) -> Result<Response, ApiError> {
    let format = ExportFormat::parse(query.format.as_deref())?;
    let query = TicketListParams::from(query).parse(ctx.now())?;
    if let Some(format) = format {
        let export = export::export_tickets(&ctx, &actor, query).await?;
        let t = Tr::new(RequestInfo::current().api_locale);
        return Ok(ticket_export::response(t, format, &export, ctx.now())?);
    }
    let list = tickets::list_tickets(&ctx, &actor, query).await?;
    Ok(Json(TicketPageJson {
        items: list.tickets.into_iter().map(TicketJson::from).collect(),
        total: list.total,
        total_exact: list.total_exact,
        page: list.page,
        page_size: list.page_size,
    })
    .into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AssignJson {
    pub organization_id: Option<i64>,
    /// Why the ticket is re-routed; kept in its history.
    pub reason: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CloseJson {
    /// `fixed`, `explained`, `no_violation`, `outage_restored`, `duplicate`, `not_responsible`.
    pub resolution: Option<String>,
    /// What the resident is told.
    pub comment: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CommentJson {
    pub comment: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TextJson {
    pub text: Option<String>,
}

async fn act(
    ctx: &Ctx,
    actor: &crate::app::Actor,
    id: i64,
    action: TicketAction,
) -> Result<Json<TicketJson>, ApiError> {
    Ok(Json(
        tickets::act_on_ticket(ctx, actor, TicketId(id), action)
            .await?
            .into(),
    ))
}

#[utoipa::path(post, path = "/api/v1/tickets/{id}/assign", tag = "tickets", params(("id" = i64, Path)), request_body = AssignJson,
    responses((status = 200, body = TicketJson), (status = 404), (status = 409), (status = 422)), security(("bearer" = [])))]
pub async fn assign(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<AssignJson>,
) -> Result<Json<TicketJson>, ApiError> {
    let Some(organization_id) = body.organization_id else {
        return Err(ApiError(crate::app::AppError::Invalid(
            crate::app::FieldErrors::one("organization_id", crate::app::Problem::Required),
        )));
    };
    act(
        &ctx,
        &actor,
        id,
        TicketAction::Assign {
            organization_id,
            reason: body.reason,
        },
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/tickets/{id}/start", tag = "tickets", params(("id" = i64, Path)),
    responses((status = 200, body = TicketJson), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn start(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<TicketJson>, ApiError> {
    act(&ctx, &actor, id, TicketAction::Start).await
}

#[utoipa::path(post, path = "/api/v1/tickets/{id}/close", tag = "tickets", params(("id" = i64, Path)), request_body = CloseJson,
    responses((status = 200, body = TicketJson), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn close(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<CloseJson>,
) -> Result<Json<TicketJson>, ApiError> {
    let resolution = body.resolution.unwrap_or_default();
    act(
        &ctx,
        &actor,
        id,
        TicketAction::Close {
            resolution,
            comment: body.comment,
        },
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/tickets/{id}/reopen", tag = "tickets", params(("id" = i64, Path)), request_body = CommentJson,
    responses((status = 200, body = TicketJson), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn reopen(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<CommentJson>,
) -> Result<Json<TicketJson>, ApiError> {
    act(
        &ctx,
        &actor,
        id,
        TicketAction::Reopen {
            comment: body.comment,
        },
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/tickets/{id}/comments", tag = "tickets", params(("id" = i64, Path)), request_body = TextJson,
    responses((status = 200, body = TicketJson), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn comment(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<TextJson>,
) -> Result<Json<TicketJson>, ApiError> {
    act(
        &ctx,
        &actor,
        id,
        TicketAction::Comment {
            text: body.text.unwrap_or_default(),
        },
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/tickets/{id}/answer", tag = "tickets", params(("id" = i64, Path)), request_body = TextJson,
    responses((status = 200, body = TicketJson, description = "The answer is on the resident's public timeline"),
        (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn answer(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<TextJson>,
) -> Result<Json<TicketJson>, ApiError> {
    let text = body.text.unwrap_or_default();
    act(&ctx, &actor, id, TicketAction::Answer { text }).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RerouteJson {
    pub organization_id: Option<i64>,
    /// Why the ticket moves; required, kept in its history.
    pub reason: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/tickets/{id}/reroute", tag = "tickets", params(("id" = i64, Path)), request_body = RerouteJson,
    responses((status = 200, body = TicketJson, description = "Assigned to the organization with a new deadline from now"),
        (status = 403), (status = 404), (status = 409), (status = 422, description = "`reason` empty or `organization_id` unknown")),
    security(("bearer" = [])))]
pub async fn reroute(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<RerouteJson>,
) -> Result<Json<TicketJson>, ApiError> {
    let action = TicketAction::Reroute {
        organization_id: body.organization_id.unwrap_or(0),
        reason: body.reason.unwrap_or_default(),
    };
    act(&ctx, &actor, id, action).await
}
