//! Quality callbacks: the controller's queue, one call per request, and the
//! statistics (`/api/v1/quality-callbacks/queue`,
//! `/api/v1/tickets/{id}/quality-callbacks`, `/api/v1/stats/quality-callbacks`).

use crate::web::api::params::{Path, Query};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::calendar::rfc3339;
use domain::quality_callback::stats::CallbackStats as Counts;
use domain::ticket::TicketId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::Ctx;
use crate::app::quality_callback::{
    self as callbacks, Breakdown, CallbackStats, QueueParams, RecordCall, StatsParams,
};
use crate::web::api::json::JsonBody;
use crate::web::api::ticket::TicketJson;
use crate::web::auth::ApiActor;
use crate::web::error::ApiError;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    pub district_id: Option<String>,
    pub organization_id: Option<String>,
    /// A category code.
    pub category: Option<String>,
    /// City date `YYYY-MM-DD`: closed on or after.
    pub closed_from: Option<String>,
    /// City date `YYYY-MM-DD`: closed on or before.
    pub closed_to: Option<String>,
    /// Draw at most this many tickets per group and week of closing.
    pub sample: Option<String>,
    /// `district` (default) or `organization`.
    pub group: Option<String>,
    /// The draw's seed (default 1): the same seed gives the same sample.
    pub seed: Option<String>,
    pub page: Option<String>,
    pub page_size: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QueueItemJson {
    /// The ticket, with the resident's phone and name for the controller.
    pub ticket: TicketJson,
    /// Unanswered calls so far in this round (at most 2 while queued).
    pub attempts: i64,
    pub district_name: Option<String>,
    pub organization_name: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QueueJson {
    pub items: Vec<QueueItemJson>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
}

#[utoipa::path(get, path = "/api/v1/quality-callbacks/queue", tag = "quality-callbacks", params(QueueQuery),
    responses((status = 200, body = QueueJson), (status = 403), (status = 422)), security(("bearer" = [])))]
pub async fn queue(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Query(q): Query<QueueQuery>,
) -> Result<Json<QueueJson>, ApiError> {
    let params = QueueParams {
        district_id: q.district_id,
        organization_id: q.organization_id,
        category: q.category,
        closed_from: q.closed_from,
        closed_to: q.closed_to,
        sample: q.sample,
        group: q.group,
        seed: q.seed,
        page: q.page,
        page_size: q.page_size,
    };
    let queue = callbacks::queue(&ctx, &actor, &params).await?;
    Ok(Json(QueueJson {
        items: queue
            .items
            .into_iter()
            .map(|item| QueueItemJson {
                attempts: item.attempts,
                district_name: item.district,
                organization_name: item.organization,
                ticket: TicketJson::from(item.view),
            })
            .collect(),
        total: queue.total,
        page: queue.page,
        page_size: queue.page_size,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CallJson {
    /// `solved`, `not_solved`, `no_answer`, `refused`.
    pub outcome: String,
    /// What is still wrong; required with `not_solved`.
    pub comment: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecordedCallJson {
    pub id: i64,
    /// 1 for the first call about this closing.
    pub attempt: i64,
    pub outcome: &'static str,
    /// The round's verdict when this call ended it: `solved`, `not_solved`,
    /// `refused`, or `unreachable` after the third unanswered call.
    pub round_outcome: Option<&'static str>,
    /// When an unanswered resident may be called again.
    pub retry_at: Option<String>,
    /// The ticket after the call: `reopened` after `not_solved`.
    pub ticket: TicketJson,
}

#[utoipa::path(post, path = "/api/v1/tickets/{id}/quality-callbacks", tag = "quality-callbacks",
    params(("id" = i64, Path)), request_body = CallJson,
    responses((status = 201, body = RecordedCallJson), (status = 403), (status = 404),
        (status = 409, description = "The ticket is not closed or its round is finished"), (status = 422)),
    security(("bearer" = [])))]
pub async fn record(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<CallJson>,
) -> Result<(StatusCode, Json<RecordedCallJson>), ApiError> {
    let call = callbacks::record_call(
        &ctx,
        &actor,
        TicketId(id),
        RecordCall {
            outcome: body.outcome,
            comment: body.comment,
        },
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(RecordedCallJson {
            id: call.id,
            attempt: call.attempt,
            outcome: call.outcome.as_code(),
            round_outcome: call.round_outcome.map(|o| o.as_code()),
            retry_at: call.retry_at.map(rfc3339),
            ticket: TicketJson::from(call.ticket),
        }),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// City date `YYYY-MM-DD`: calls placed on or after it.
    pub since: Option<String>,
    /// City date `YYYY-MM-DD`: calls placed on or before it.
    pub until: Option<String>,
    pub district_id: Option<String>,
    pub organization_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CountsJson {
    /// Calls placed: solved + not_solved + no_answer + refused.
    pub calls: u64,
    pub solved: u64,
    pub not_solved: u64,
    pub no_answer: u64,
    pub refused: u64,
    /// Rounds given up after three unanswered calls (not extra calls).
    pub unreachable: u64,
    /// Solved among calls with a verdict (solved + not_solved), 0..1.
    pub share_solved: Option<f64>,
    /// Not solved among calls with a verdict, 0..1.
    pub share_needing_work: Option<f64>,
}

impl From<&Counts> for CountsJson {
    fn from(c: &Counts) -> Self {
        CountsJson {
            calls: c.calls,
            solved: c.solved,
            not_solved: c.not_solved,
            no_answer: c.no_answer,
            refused: c.refused,
            unreachable: c.unreachable,
            share_solved: c.share_solved(),
            share_needing_work: c.share_needing_work(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BreakdownJson {
    /// The district or organization id, the category code, or the week's Monday.
    pub key: String,
    pub name: String,
    #[serde(flatten)]
    pub counts: CountsJson,
}

impl From<&Breakdown> for BreakdownJson {
    fn from(b: &Breakdown) -> Self {
        BreakdownJson {
            key: b.key.clone(),
            name: b.name.clone(),
            counts: CountsJson::from(&b.counts),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReopenedJson {
    /// Tickets a `not_solved` call reopened.
    pub reopened: u64,
    pub closed_again: u64,
    pub still_open: u64,
    /// Still open past the new deadline.
    pub overdue: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CallbackStatsJson {
    pub since: Option<String>,
    pub until: Option<String>,
    pub district_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub total: CountsJson,
    pub by_district: Vec<BreakdownJson>,
    pub by_organization: Vec<BreakdownJson>,
    pub by_category: Vec<BreakdownJson>,
    /// By the week (Monday) of each round's last call.
    pub by_week: Vec<BreakdownJson>,
    /// Organizations with at least 5 verdicts, lowest solved share first.
    pub worst_organizations: Vec<BreakdownJson>,
    pub reopened: ReopenedJson,
}

impl From<&CallbackStats> for CallbackStatsJson {
    fn from(s: &CallbackStats) -> Self {
        let list = |v: &[Breakdown]| v.iter().map(BreakdownJson::from).collect();
        CallbackStatsJson {
            since: s.filter.since.map(|d| d.to_string()),
            until: s.filter.until.map(|d| d.to_string()),
            district_id: s.filter.district_id.map(|d| d.0),
            organization_id: s.filter.organization_id.map(|o| o.0),
            total: CountsJson::from(&s.total),
            by_district: list(&s.by_district),
            by_organization: list(&s.by_organization),
            by_category: list(&s.by_category),
            by_week: list(&s.by_week),
            worst_organizations: list(&s.worst_organizations),
            reopened: ReopenedJson {
                reopened: s.reopened.reopened,
                closed_again: s.reopened.closed_again,
                still_open: s.reopened.still_open,
                overdue: s.reopened.overdue,
            },
        }
    }
}

#[utoipa::path(get, path = "/api/v1/stats/quality-callbacks", tag = "quality-callbacks", params(StatsQuery),
    responses((status = 200, body = CallbackStatsJson), (status = 403), (status = 422)), security(("bearer" = [])))]
pub async fn stats(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Query(q): Query<StatsQuery>,
) -> Result<Json<CallbackStatsJson>, ApiError> {
    let filter = StatsParams {
        since: q.since,
        until: q.until,
        district_id: q.district_id,
        organization_id: q.organization_id,
    }
    .parse()?;
    let stats = callbacks::stats(&ctx, &actor, &filter).await?;
    Ok(Json(CallbackStatsJson::from(&stats)))
}
