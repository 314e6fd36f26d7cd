//! `/api/v1/remarks`: list, create, read, and eliminate → verify or reject.

use crate::web::api::params::{Path, Query};
use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use domain::calendar::rfc3339;
use domain::remark::RemarkId;
use serde::{Deserialize, Serialize};
use store::remark::StoredRemark;
use utoipa::{IntoParams, ToSchema};

use crate::app::Ctx;
use crate::app::inspection::photo::PhotoUpload;
use crate::app::remark::{self as remarks, CreateRemark, RemarkAction, RemarkListParams};
use crate::web::api::inspection::{CaptionQuery, PhotoJson, image, read_upload};
use crate::web::api::json::JsonBody;
use crate::web::auth::ApiActor;
use crate::web::error::ApiError;

#[derive(Debug, Serialize, ToSchema)]
pub struct RemarkJson {
    pub id: i64,
    pub inspection_id: i64,
    pub building_id: i64,
    pub address: String,
    pub district_id: i64,
    /// The organization that must fix it.
    pub organization_id: i64,
    pub organization_name: String,
    /// `room_too_cold`, `room_overheated`, `supply_off_schedule`, `return_above_schedule`,
    /// `hot_water_too_cold`, `hot_water_too_hot`, `air_lock`, `other`.
    pub issue: &'static str,
    pub text: String,
    pub reference: String,
    /// `open`, `eliminated` (claimed by the organization), `verified` (by the district HQ).
    pub status: &'static str,
    pub due_at: String,
    /// Open past its deadline.
    pub overdue: bool,
    pub created_at: String,
    pub eliminated_at: Option<String>,
    pub elimination_comment: Option<String>,
    pub verified_at: Option<String>,
    /// Why the HQ last sent a claimed fix back.
    pub rejection_comment: Option<String>,
    pub version: i64,
}

impl RemarkJson {
    /// A remark as JSON, overdue as of `now`.
    pub fn new(s: &StoredRemark, now: jiff::Timestamp) -> Self {
        let r = &s.remark;
        RemarkJson {
            id: r.id.0,
            inspection_id: r.inspection_id.0,
            building_id: s.building_id.0,
            address: s.address.clone(),
            district_id: s.district_id.0,
            organization_id: r.organization_id.0,
            organization_name: s.organization_name.clone(),
            issue: r.issue.as_code(),
            text: r.text.clone(),
            reference: r.reference.clone(),
            status: r.status().as_code(),
            due_at: rfc3339(r.due_at()),
            overdue: r.is_overdue(now),
            created_at: rfc3339(r.created_at),
            eliminated_at: r.eliminated_at().map(rfc3339),
            elimination_comment: r.elimination_comment().map(str::to_string),
            verified_at: r.verified_at().map(rfc3339),
            rejection_comment: r.rejection_comment().map(str::to_string),
            version: r.state().version,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RemarkPageJson {
    pub items: Vec<RemarkJson>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RemarkQuery {
    /// `open`, `eliminated`, `verified`.
    pub status: Option<String>,
    /// `true`: only open remarks past their deadline.
    pub overdue: Option<String>,
    pub inspection_id: Option<String>,
    pub organization_id: Option<String>,
    pub page: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/remarks", tag = "remarks", params(RemarkQuery),
    responses((status = 200, body = RemarkPageJson), (status = 422)), security(("bearer" = [])))]
pub async fn index(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Query(q): Query<RemarkQuery>,
) -> Result<Json<RemarkPageJson>, ApiError> {
    let params = RemarkListParams {
        status: q.status,
        overdue: q.overdue,
        inspection_id: q.inspection_id,
        organization_id: q.organization_id,
        page: q.page,
    };
    let list = remarks::list_remarks(&ctx, &actor, &params).await?;
    Ok(Json(RemarkPageJson {
        items: list
            .items
            .iter()
            .map(|r| RemarkJson::new(r, list.now))
            .collect(),
        total: list.total,
        page: list.page,
        page_size: list.page_size,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateRemarkJson {
    pub inspection_id: Option<i64>,
    /// The building's management company or heat supplier, or an invited organization.
    pub organization_id: Option<i64>,
    /// An issue code (default `other`).
    pub issue: Option<String>,
    pub text: Option<String>,
    pub reference: Option<String>,
    /// A city date `YYYY-MM-DD` (due at its end) or an RFC 3339 instant; 3 working days when absent.
    pub due: Option<String>,
}

async fn remark_json(
    ctx: &Ctx,
    actor: &crate::app::Actor,
    id: RemarkId,
) -> Result<Json<RemarkJson>, ApiError> {
    let details = remarks::get_remark(ctx, actor, id).await?;
    Ok(Json(RemarkJson::new(&details.stored, details.now)))
}

#[utoipa::path(post, path = "/api/v1/remarks", tag = "remarks", request_body = CreateRemarkJson,
    responses((status = 201, body = RemarkJson), (status = 422)), security(("bearer" = [])))]
pub async fn create(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    JsonBody(body): JsonBody<CreateRemarkJson>,
) -> Result<(StatusCode, Json<RemarkJson>), ApiError> {
    let input = CreateRemark {
        inspection_id: body.inspection_id,
        organization_id: body.organization_id,
        issue: body.issue,
        text: body.text,
        reference: body.reference,
        due: body.due,
    };
    let id = remarks::create_remark(&ctx, &actor, input).await?;
    Ok((StatusCode::CREATED, remark_json(&ctx, &actor, id).await?))
}

#[utoipa::path(get, path = "/api/v1/remarks/{id}", tag = "remarks", params(("id" = i64, Path)),
    responses((status = 200, body = RemarkJson), (status = 404)), security(("bearer" = [])))]
pub async fn show(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<RemarkJson>, ApiError> {
    remark_json(&ctx, &actor, RemarkId(id)).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RemarkStepJson {
    /// Required to eliminate (how it was fixed) and to reject (why not).
    pub comment: Option<String>,
    /// Reject only: a new deadline, a city date or an RFC 3339 instant.
    pub due: Option<String>,
}

async fn step(
    ctx: &Ctx,
    actor: &crate::app::Actor,
    id: i64,
    action: RemarkAction,
) -> Result<Json<RemarkJson>, ApiError> {
    let id = remarks::act_on_remark(ctx, actor, RemarkId(id), action).await?;
    remark_json(ctx, actor, id).await
}

#[utoipa::path(post, path = "/api/v1/remarks/{id}/eliminate", tag = "remarks", params(("id" = i64, Path)),
    request_body = RemarkStepJson,
    responses((status = 200, body = RemarkJson), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn eliminate(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<RemarkStepJson>,
) -> Result<Json<RemarkJson>, ApiError> {
    let action = RemarkAction::Eliminate {
        comment: body.comment.unwrap_or_default(),
        photo: None,
    };
    step(&ctx, &actor, id, action).await
}

#[utoipa::path(post, path = "/api/v1/remarks/{id}/verify", tag = "remarks", params(("id" = i64, Path)),
    responses((status = 200, body = RemarkJson), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn verify(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<RemarkJson>, ApiError> {
    step(&ctx, &actor, id, RemarkAction::Verify).await
}

#[utoipa::path(post, path = "/api/v1/remarks/{id}/reject", tag = "remarks", params(("id" = i64, Path)),
    request_body = RemarkStepJson,
    responses((status = 200, body = RemarkJson), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn reject(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<RemarkStepJson>,
) -> Result<Json<RemarkJson>, ApiError> {
    let action = RemarkAction::Reject {
        comment: body.comment.unwrap_or_default(),
        due: body.due,
    };
    step(&ctx, &actor, id, action).await
}

#[utoipa::path(post, path = "/api/v1/remarks/{id}/photos", tag = "remarks",
    params(("id" = i64, Path), CaptionQuery),
    request_body(content = Vec<u8>, content_type = "image/jpeg", description = "A photo of the fix (JPEG, PNG, WebP or GIF), at most 5 MiB"),
    responses((status = 201, body = PhotoJson), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn add_photo(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    Query(q): Query<CaptionQuery>,
    body: Body,
) -> Result<(StatusCode, Json<PhotoJson>), ApiError> {
    let bytes = read_upload(body).await?;
    let upload = PhotoUpload {
        bytes,
        caption: q.caption,
    };
    let info = remarks::add_remark_photo(&ctx, &actor, RemarkId(id), upload).await?;
    Ok((StatusCode::CREATED, Json(PhotoJson::from(&info))))
}

#[utoipa::path(get, path = "/api/v1/remarks/{id}/photos/{photo_id}", tag = "remarks",
    params(("id" = i64, Path), ("photo_id" = i64, Path)),
    responses((status = 200, description = "The image"), (status = 404)), security(("bearer" = [])))]
pub async fn photo(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path((id, photo_id)): Path<(i64, i64)>,
) -> Result<Response, ApiError> {
    let (info, bytes) = remarks::get_remark_photo(&ctx, &actor, RemarkId(id), photo_id).await?;
    Ok(image(&info, bytes))
}
