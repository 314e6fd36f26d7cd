//! `/api/v1/notifications`: the resident-notification outbox and opt-outs.

use crate::web::api::params::Query;
use axum::Json;
use axum::extract::State;
use domain::calendar::rfc3339;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::Ctx;
use crate::app::notification::{self as notifications, NotificationView, OptOut};
use crate::web::api::json::JsonBody;
use crate::web::auth::ApiActor;
use crate::web::error::ApiError;

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationJson {
    pub id: i64,
    pub ticket_id: i64,
    pub ticket_number: String,
    /// `registered`, `closed`, `reopened`.
    pub kind: &'static str,
    /// `sms`.
    pub channel: &'static str,
    /// The resident's phone, masked for roles that must not see it.
    pub recipient: String,
    pub text: String,
    /// `pending`, `sent`, `failed`, `skipped` (opted out), `expired` (too old to send).
    pub status: &'static str,
    pub attempts: i64,
    /// The next attempt while pending.
    pub next_attempt_at: Option<String>,
    pub last_error: Option<String>,
    /// `outbox` (logged) or `http`.
    pub provider: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
}

impl From<NotificationView> for NotificationJson {
    fn from(v: NotificationView) -> Self {
        let n = v.notification;
        let pending = n.status == domain::notification::NotificationStatus::Pending;
        NotificationJson {
            id: n.id.0,
            ticket_id: n.ticket_id.0,
            ticket_number: n.ticket_number,
            kind: n.kind.as_code(),
            channel: n.channel.as_code(),
            recipient: v.recipient,
            text: n.body,
            status: n.status.as_code(),
            attempts: n.attempts,
            next_attempt_at: pending.then(|| rfc3339(n.next_attempt_at)),
            last_error: n.last_error,
            provider: n.provider,
            created_at: rfc3339(n.created_at),
            sent_at: n.sent_at.map(rfc3339),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationPageJson {
    pub items: Vec<NotificationJson>,
    pub total: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    pub ticket_id: Option<String>,
    pub status: Option<String>,
    pub page: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", params(ListQuery),
    responses((status = 200, body = NotificationPageJson), (status = 422)), security(("bearer" = [])))]
pub async fn index(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Query(q): Query<ListQuery>,
) -> Result<Json<NotificationPageJson>, ApiError> {
    let list = notifications::list_notifications(
        &ctx,
        &actor,
        q.ticket_id.as_deref(),
        q.status.as_deref(),
        q.page.as_deref(),
    )
    .await?;
    Ok(Json(NotificationPageJson {
        items: list
            .notifications
            .into_iter()
            .map(NotificationJson::from)
            .collect(),
        total: list.total,
    }))
}

/// A phone (no notifications about any of its tickets) or one ticket.
#[derive(Debug, Deserialize, ToSchema)]
pub struct OptOutJson {
    pub phone: Option<String>,
    pub ticket_id: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OptedOutJson {
    pub phone: String,
    pub ticket_id: Option<i64>,
    pub opted_out: bool,
}

#[utoipa::path(post, path = "/api/v1/notifications/opt-out", tag = "notifications",
    request_body = OptOutJson,
    responses((status = 200, body = OptedOutJson), (status = 403), (status = 422)),
    security(("bearer" = [])))]
pub async fn opt_out(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    JsonBody(body): JsonBody<OptOutJson>,
) -> Result<Json<OptedOutJson>, ApiError> {
    let input = OptOut {
        phone: body.phone,
        ticket_id: body.ticket_id,
    };
    let done = notifications::opt_out(&ctx, &actor, input).await?;
    Ok(Json(OptedOutJson {
        phone: done.phone,
        ticket_id: done.ticket_id.map(|t| t.0),
        opted_out: true,
    }))
}
