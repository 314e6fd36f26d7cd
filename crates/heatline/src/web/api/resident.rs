//! `/api/v1/resident/*`: the residents' self-service as JSON, without a login,
//! calling the same use cases as the `/resident` pages.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::calendar::rfc3339;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::resident::{self as resident, ResidentError, ResidentView, Submission};
use crate::app::{AppError, Ctx};
use crate::web::api::json::JsonBody;
use crate::web::client::ClientAddress;
use crate::web::error::ApiError;

#[derive(Debug, Deserialize, ToSchema)]
pub struct ResidentRequestJson {
    pub address: Option<String>,
    pub apartment: Option<String>,
    /// A category code; suggested from the description when absent.
    pub category: Option<String>,
    pub description: Option<String>,
    pub phone: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    /// Consent to personal-data processing (152-ФЗ): must be `true`.
    pub consent: Option<bool>,
    /// The form's honeypot: a request that fills it is refused.
    pub website: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ResidentLookupJson {
    /// The ticket number, e.g. `2026-000123`.
    pub number: Option<String>,
    /// The phone the ticket was filed with.
    pub phone: Option<String>,
    /// What is still wrong (for `not-solved`).
    pub comment: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResidentEventJson {
    pub at: String,
    pub kind: &'static str,
    pub detail: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResidentTicketJson {
    pub number: String,
    pub category: &'static str,
    pub status: &'static str,
    pub created_at: String,
    pub due_at: Option<String>,
    pub address: Option<String>,
    pub organization: Option<String>,
    pub resolution: Option<&'static str>,
    pub resolution_text: Option<String>,
    pub closed_at: Option<String>,
    /// Whether "not solved" is possible now (closed, not yet disputed since).
    pub may_reopen: bool,
    /// The public timeline, oldest first.
    pub timeline: Vec<ResidentEventJson>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResidentReceiptJson {
    /// The confirmation page is `/resident/receipt/{receipt}` (valid a day).
    pub receipt: String,
    /// The same phone, building and category within an hour: linked to that ticket.
    pub duplicate: bool,
    pub ticket: ResidentTicketJson,
}

impl From<ResidentView> for ResidentTicketJson {
    fn from(v: ResidentView) -> Self {
        let timeline =
            v.timeline
                .into_iter()
                .map(|e| ResidentEventJson {
                    at: rfc3339(e.at),
                    kind: e.kind.as_code(),
                    detail: match e.kind {
                        domain::event::EventKind::Assigned
                        | domain::event::EventKind::OutageLinked => e.after,
                        domain::event::EventKind::Closed
                        | domain::event::EventKind::Answered
                        | domain::event::EventKind::Reopened => e.comment,
                        _ => None,
                    },
                })
                .collect();
        ResidentTicketJson {
            number: v.number.to_string(),
            category: v.category.as_code(),
            status: v.status.as_code(),
            created_at: rfc3339(v.created_at),
            due_at: v.due_at.map(rfc3339),
            address: v.address,
            organization: v.organization,
            resolution: v.resolution.map(|r| r.as_code()),
            resolution_text: v.resolution_text,
            closed_at: v.closed_at.map(rfc3339),
            may_reopen: v.may_reopen,
            timeline,
        }
    }
}

/// A resident error as JSON: the usual API errors, plus `400` for a refused
/// submission and `429` with `Retry-After` over a limit.
fn error(err: ResidentError) -> Response {
    match err {
        ResidentError::Invalid(errors) => ApiError(AppError::Invalid(errors)).into_response(),
        ResidentError::NotFound => ApiError(AppError::NotFound).into_response(),
        ResidentError::AlreadyReopened => ApiError(AppError::Conflict).into_response(),
        ResidentError::App(e) => ApiError(e).into_response(),
        ResidentError::Rejected => (
            StatusCode::BAD_REQUEST,
            Json(serde_json::json!({"error": "rejected"})),
        )
            .into_response(),
        ResidentError::RateLimited { by, limited } => {
            let secs = crate::app::open311::retry_after_secs(&limited);
            let by = match by {
                resident::LimitedBy::Address => "address",
                resident::LimitedBy::Phone => "phone",
            };
            let body = serde_json::json!({"error": "rate_limited", "by": by, "retry_after": secs});
            let mut res = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
            if let Ok(value) = HeaderValue::from_str(&secs.to_string()) {
                res.headers_mut().insert(header::RETRY_AFTER, value);
            }
            res
        }
    }
}

#[utoipa::path(post, path = "/api/v1/resident/requests", tag = "residents", request_body = ResidentRequestJson,
    responses((status = 201, body = ResidentReceiptJson), (status = 400, description = "Refused (honeypot)"),
        (status = 422, description = "Every bad field named"), (status = 429, description = "Over a limit, with Retry-After")))]
pub async fn create(
    State(ctx): State<Ctx>,
    ClientAddress(address): ClientAddress,
    JsonBody(body): JsonBody<ResidentRequestJson>,
) -> Response {
    let submission = Submission {
        address: body.address.unwrap_or_default(),
        apartment: body.apartment,
        category: body.category,
        description: body.description.unwrap_or_default(),
        phone: body.phone.unwrap_or_default(),
        name: body.name,
        email: body.email,
        consent: body.consent.filter(|c| *c).map(|_| "yes".to_string()),
        website: body.website,
    };
    let res = async {
        let submitted = resident::submit(&ctx, &address, submission).await?;
        let view = resident::receipt(&ctx, &submitted.receipt).await?;
        Ok::<_, ResidentError>(ResidentReceiptJson {
            receipt: submitted.receipt,
            duplicate: submitted.duplicate,
            ticket: view.into(),
        })
    }
    .await;
    match res {
        Ok(json) => (StatusCode::CREATED, Json(json)).into_response(),
        Err(e) => error(e),
    }
}

#[utoipa::path(post, path = "/api/v1/resident/status", tag = "residents", request_body = ResidentLookupJson,
    responses((status = 200, body = ResidentTicketJson), (status = 404, description = "No ticket with this number and phone"),
        (status = 429, description = "Over a limit, with Retry-After")))]
pub async fn status(
    State(ctx): State<Ctx>,
    ClientAddress(address): ClientAddress,
    JsonBody(body): JsonBody<ResidentLookupJson>,
) -> Response {
    let number = body.number.unwrap_or_default();
    let phone = body.phone.unwrap_or_default();
    match resident::status(&ctx, &address, &number, &phone).await {
        Ok(view) => Json(ResidentTicketJson::from(view)).into_response(),
        Err(e) => error(e),
    }
}

#[utoipa::path(post, path = "/api/v1/resident/not-solved", tag = "residents", request_body = ResidentLookupJson,
    responses((status = 200, body = ResidentTicketJson), (status = 404), (status = 409, description = "Already disputed after this closing, or not closed"),
        (status = 422), (status = 429)))]
pub async fn not_solved(
    State(ctx): State<Ctx>,
    ClientAddress(address): ClientAddress,
    JsonBody(body): JsonBody<ResidentLookupJson>,
) -> Response {
    let number = body.number.unwrap_or_default();
    let phone = body.phone.unwrap_or_default();
    let comment = body.comment.unwrap_or_default();
    match resident::not_solved(&ctx, &address, &number, &phone, &comment).await {
        Ok(view) => Json(ResidentTicketJson::from(view)).into_response(),
        Err(e) => error(e),
    }
}
