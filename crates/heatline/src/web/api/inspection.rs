//! `/api/v1/inspections`: list, read, schedule, cancel, the act, photos.

use crate::web::api::params::{Path, Query};
use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::calendar::rfc3339;
use domain::inspection::InspectionId;
use domain::organization::Organization;
use domain::photo::MAX_PHOTO_BYTES;
use serde::{Deserialize, Serialize};
use store::inspection::InspectionSummary;
use store::inspection_report::{PhotoInfo, StoredReport};
use utoipa::{IntoParams, ToSchema};

use crate::app::inspection::input::{ParticipantInput, ReportInput, RoomInput, TapInput};
use crate::app::inspection::photo::{self, PhotoUpload};
use crate::app::inspection::report::{self, ProposedRemarkView};
use crate::app::inspection::{
    self as inspections, InspectionDetails, InspectionListParams, InspectionProblem, ScheduleInput,
};
use crate::app::{AppError, Ctx};
use crate::web::api::json::JsonBody;
use crate::web::api::norms::VerdictJson;
use crate::web::api::remark::RemarkJson;
use crate::web::auth::ApiActor;
use crate::web::error::ApiError;

#[derive(Debug, Serialize, ToSchema)]
pub struct InspectionSummaryJson {
    pub id: i64,
    pub building_id: i64,
    pub address: String,
    pub district_id: i64,
    /// `open`, `scheduled`, `completed`, `cancelled`.
    pub status: &'static str,
    pub opened_at: String,
    pub visit_at: Option<String>,
    pub completed_at: Option<String>,
    pub tickets: i64,
    /// Remarks not yet verified.
    pub open_remarks: i64,
}

impl From<&InspectionSummary> for InspectionSummaryJson {
    fn from(s: &InspectionSummary) -> Self {
        InspectionSummaryJson {
            id: s.id.0,
            building_id: s.building_id.0,
            address: s.address.clone(),
            district_id: s.district_id.0,
            status: s.status.as_code(),
            opened_at: rfc3339(s.opened_at),
            visit_at: s.visit_at.map(rfc3339),
            completed_at: s.completed_at.map(rfc3339),
            tickets: s.n_tickets,
            open_remarks: s.n_open_remarks,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InspectionPageJson {
    pub items: Vec<InspectionSummaryJson>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InspectionQuery {
    pub building_id: Option<String>,
    /// `open`, `scheduled`, `completed`, `cancelled`.
    pub status: Option<String>,
    pub page: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/inspections", tag = "inspections", params(InspectionQuery),
    responses((status = 200, body = InspectionPageJson), (status = 422)), security(("bearer" = [])))]
pub async fn index(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Query(q): Query<InspectionQuery>,
) -> Result<Json<InspectionPageJson>, ApiError> {
    let params = InspectionListParams {
        building_id: q.building_id,
        status: q.status,
        page: q.page,
    };
    let list = inspections::list_inspections(&ctx, &actor, &params).await?;
    Ok(Json(InspectionPageJson {
        items: list.items.iter().map(InspectionSummaryJson::from).collect(),
        total: list.total,
        page: list.page,
        page_size: list.page_size,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationRefJson {
    pub id: i64,
    pub name: String,
    /// `management_company` or `heat_supplier`.
    pub kind: &'static str,
}

impl From<&Organization> for OrganizationRefJson {
    fn from(o: &Organization) -> Self {
        OrganizationRefJson {
            id: o.id.0,
            name: o.name.clone(),
            kind: o.kind.as_code(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LinkedTicketJson {
    pub id: i64,
    pub number: String,
    pub status: &'static str,
    pub category: &'static str,
    pub created_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ParticipantJson {
    pub party: &'static str,
    pub name: String,
    pub job_title: Option<String>,
    pub refused_to_sign: bool,
    pub refusal_reason: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportReadingJson {
    pub kind: &'static str,
    pub value: f64,
    pub corner: bool,
    pub apartment: Option<String>,
    pub room: Option<String>,
    pub measured_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportJson {
    pub visited_at: String,
    pub outdoor_temperature: Option<f64>,
    pub supply_pressure: Option<f64>,
    pub return_pressure: Option<f64>,
    pub instrument: Option<String>,
    pub instrument_verified_on: Option<String>,
    pub findings: Option<String>,
    pub participants: Vec<ParticipantJson>,
    /// Supply and return first, then rooms, then hot water taps.
    pub readings: Vec<ReportReadingJson>,
    /// As computed when the act was saved; `reading_index` points into `readings`.
    pub verdicts: Vec<VerdictJson>,
    pub recorded_at: String,
}

impl From<&StoredReport> for ReportJson {
    fn from(s: &StoredReport) -> Self {
        let r = &s.report;
        ReportJson {
            visited_at: rfc3339(r.visited_at),
            outdoor_temperature: r.outdoor_temperature,
            supply_pressure: r.supply_pressure,
            return_pressure: r.return_pressure,
            instrument: r.instrument.clone(),
            instrument_verified_on: r.instrument_verified_on.map(|d| d.to_string()),
            findings: r.findings.clone(),
            participants: r
                .participants
                .iter()
                .map(|p| ParticipantJson {
                    party: p.party.as_code(),
                    name: p.name.clone(),
                    job_title: p.job_title.clone(),
                    refused_to_sign: p.refused_to_sign,
                    refusal_reason: p.refusal_reason.clone(),
                })
                .collect(),
            readings: r
                .readings
                .iter()
                .map(|x| ReportReadingJson {
                    kind: x.kind.as_code(),
                    value: x.value,
                    corner: x.corner,
                    apartment: x.apartment.clone(),
                    room: x.room.clone(),
                    measured_at: rfc3339(x.measured_at),
                })
                .collect(),
            verdicts: s.verdicts.iter().map(VerdictJson::from).collect(),
            recorded_at: rfc3339(s.recorded_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProposedRemarkJson {
    /// `management_company` or `heat_supplier`.
    pub owner: &'static str,
    pub organization_id: i64,
    pub issue: &'static str,
    pub text: String,
    pub reference: String,
}

impl From<&ProposedRemarkView> for ProposedRemarkJson {
    fn from(p: &ProposedRemarkView) -> Self {
        ProposedRemarkJson {
            owner: p.owner.as_code(),
            organization_id: p.organization_id.0,
            issue: p.issue.as_code(),
            text: p.text.clone(),
            reference: p.reference.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PhotoJson {
    pub id: i64,
    pub remark_id: Option<i64>,
    pub content_type: &'static str,
    pub byte_size: i64,
    pub caption: Option<String>,
    pub uploaded_at: String,
    /// Where to fetch the image.
    pub url: String,
}

impl From<&PhotoInfo> for PhotoJson {
    fn from(p: &PhotoInfo) -> Self {
        PhotoJson {
            id: p.id,
            remark_id: p.remark_id.map(|r| r.0),
            content_type: p.image_type.mime(),
            byte_size: p.byte_size,
            caption: p.caption.clone(),
            uploaded_at: rfc3339(p.uploaded_at),
            url: format!("/api/v1/inspections/{}/photos/{}", p.inspection_id.0, p.id),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InspectionJson {
    pub id: i64,
    pub building_id: i64,
    pub address: String,
    pub district_id: i64,
    pub status: &'static str,
    pub opened_at: String,
    pub visit_at: Option<String>,
    pub schedule_note: Option<String>,
    pub completed_at: Option<String>,
    pub cancelled_at: Option<String>,
    pub cancel_reason: Option<String>,
    pub management_company: OrganizationRefJson,
    pub heat_supplier: OrganizationRefJson,
    /// Organizations invited to the visit.
    pub members: Vec<OrganizationRefJson>,
    /// The linked tickets the caller may see.
    pub tickets: Vec<LinkedTicketJson>,
    pub report: Option<ReportJson>,
    /// Remarks the caller may see (organizations: their own).
    pub remarks: Vec<RemarkJson>,
    /// Proposals of the act not yet made into remarks (district HQ only).
    pub proposed_remarks: Vec<ProposedRemarkJson>,
    pub photos: Vec<PhotoJson>,
    pub version: i64,
}

impl From<&InspectionDetails> for InspectionJson {
    fn from(d: &InspectionDetails) -> Self {
        let i = &d.stored.inspection;
        InspectionJson {
            id: i.id.0,
            building_id: i.building_id.0,
            address: d.stored.address.clone(),
            district_id: i.district_id.0,
            status: i.status().as_code(),
            opened_at: rfc3339(i.opened_at),
            visit_at: i.visit_at().map(rfc3339),
            schedule_note: d.stored.schedule_note.clone(),
            completed_at: i.completed_at().map(rfc3339),
            cancelled_at: i.cancelled_at().map(rfc3339),
            cancel_reason: i.cancel_reason().map(str::to_string),
            management_company: (&d.management_company).into(),
            heat_supplier: (&d.heat_supplier).into(),
            members: d.members.iter().map(OrganizationRefJson::from).collect(),
            tickets: d
                .tickets
                .iter()
                .map(|v| LinkedTicketJson {
                    id: v.ticket.id.0,
                    number: v.ticket.number.to_string(),
                    status: v.ticket.status().as_code(),
                    category: v.ticket.category.as_code(),
                    created_at: rfc3339(v.ticket.created_at),
                })
                .collect(),
            report: d.report.as_ref().map(ReportJson::from),
            remarks: d
                .remarks
                .iter()
                .map(|r| RemarkJson::new(r, d.now))
                .collect(),
            proposed_remarks: d.proposals.iter().map(ProposedRemarkJson::from).collect(),
            photos: d.photos.iter().map(PhotoJson::from).collect(),
            version: i.state().version,
        }
    }
}

async fn details(
    ctx: &Ctx,
    actor: &crate::app::Actor,
    id: InspectionId,
) -> Result<Json<InspectionJson>, ApiError> {
    let details = inspections::get_inspection(ctx, actor, id).await?;
    Ok(Json(InspectionJson::from(&details)))
}

#[utoipa::path(get, path = "/api/v1/inspections/{id}", tag = "inspections", params(("id" = i64, Path)),
    responses((status = 200, body = InspectionJson), (status = 404)), security(("bearer" = [])))]
pub async fn show(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<InspectionJson>, ApiError> {
    details(&ctx, &actor, InspectionId(id)).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ScheduleJson {
    /// RFC 3339, or city time `YYYY-MM-DDTHH:MM`.
    pub visit_at: Option<String>,
    /// The organizations invited (usually the building's management company and heat supplier).
    pub member_organization_ids: Option<Vec<i64>>,
    /// The district HQ's members, or anything the organizations should know.
    pub note: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/inspections/{id}/schedule", tag = "inspections", params(("id" = i64, Path)),
    request_body = ScheduleJson,
    responses((status = 200, body = InspectionJson), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn schedule(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<ScheduleJson>,
) -> Result<Json<InspectionJson>, ApiError> {
    let input = ScheduleInput {
        visit_at: body.visit_at.unwrap_or_default(),
        member_organization_ids: body.member_organization_ids.unwrap_or_default(),
        note: body.note,
    };
    let id = inspections::schedule_inspection(&ctx, &actor, InspectionId(id), input).await?;
    details(&ctx, &actor, id).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CancelJson {
    pub reason: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/inspections/{id}/cancel", tag = "inspections", params(("id" = i64, Path)),
    request_body = CancelJson,
    responses((status = 200, body = InspectionJson), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn cancel(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<CancelJson>,
) -> Result<Json<InspectionJson>, ApiError> {
    let reason = body.reason.unwrap_or_default();
    let id = inspections::cancel_inspection(&ctx, &actor, InspectionId(id), &reason).await?;
    details(&ctx, &actor, id).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RoomJson {
    pub apartment: Option<String>,
    pub room: Option<String>,
    pub corner: Option<bool>,
    /// °C.
    pub air_temperature: Option<f64>,
    /// RFC 3339, city `YYYY-MM-DDTHH:MM`, or `HH:MM` on the visit's day; default the visit's time.
    pub measured_at: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TapJson {
    pub apartment: Option<String>,
    /// °C at the tap.
    pub value: Option<f64>,
    pub measured_at: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ParticipantInJson {
    /// `district_hq`, `management_company`, `heat_supplier`, `resident`, `other`.
    pub party: Option<String>,
    pub name: Option<String>,
    pub job_title: Option<String>,
    pub refused_to_sign: Option<bool>,
    pub refusal_reason: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReportInJson {
    /// RFC 3339 or city `YYYY-MM-DDTHH:MM`; now when absent.
    pub visited_at: Option<String>,
    pub outdoor_temperature: Option<f64>,
    /// Inlet supply and return, °C; checked against the heat supplier's schedule.
    pub supply_temperature: Option<f64>,
    pub return_temperature: Option<f64>,
    /// Inlet pressures, MPa (recorded, not judged).
    pub supply_pressure: Option<f64>,
    pub return_pressure: Option<f64>,
    pub rooms: Option<Vec<RoomJson>>,
    pub hot_water: Option<Vec<TapJson>>,
    pub instrument: Option<String>,
    /// `YYYY-MM-DD`, not after the visit.
    pub instrument_verified_on: Option<String>,
    pub findings: Option<String>,
    pub participants: Option<Vec<ParticipantInJson>>,
    /// The remarks' deadline, a city date `YYYY-MM-DD`; 3 working days when absent.
    pub remarks_due_on: Option<String>,
    /// Create the proposed remarks (default `true`).
    pub create_remarks: Option<bool>,
}

impl From<ReportInJson> for ReportInput {
    fn from(b: ReportInJson) -> Self {
        ReportInput {
            visited_at: b.visited_at,
            outdoor_temperature: b.outdoor_temperature,
            supply_temperature: b.supply_temperature,
            return_temperature: b.return_temperature,
            supply_pressure: b.supply_pressure,
            return_pressure: b.return_pressure,
            rooms: b
                .rooms
                .unwrap_or_default()
                .into_iter()
                .map(|r| RoomInput {
                    apartment: r.apartment,
                    room: r.room,
                    corner: r.corner.unwrap_or(false),
                    air_temperature: r.air_temperature,
                    measured_at: r.measured_at,
                })
                .collect(),
            hot_water: b
                .hot_water
                .unwrap_or_default()
                .into_iter()
                .map(|t| TapInput {
                    apartment: t.apartment,
                    value: t.value,
                    measured_at: t.measured_at,
                })
                .collect(),
            instrument: b.instrument,
            instrument_verified_on: b.instrument_verified_on,
            findings: b.findings,
            participants: b
                .participants
                .unwrap_or_default()
                .into_iter()
                .map(|p| ParticipantInput {
                    party: p.party,
                    name: p.name,
                    job_title: p.job_title,
                    refused_to_sign: p.refused_to_sign.unwrap_or(false),
                    refusal_reason: p.refusal_reason,
                })
                .collect(),
            remarks_due_on: b.remarks_due_on,
            create_remarks: b.create_remarks.unwrap_or(true),
        }
    }
}

#[utoipa::path(post, path = "/api/v1/inspections/{id}/report", tag = "inspections", params(("id" = i64, Path)),
    request_body = ReportInJson,
    responses((status = 200, description = "The inspection, completed, with its act, verdicts and remarks", body = InspectionJson),
        (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn record_report(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<ReportInJson>,
) -> Result<Json<InspectionJson>, ApiError> {
    let id = report::record_report(&ctx, &actor, InspectionId(id), body.into()).await?;
    details(&ctx, &actor, id).await
}

/// Reads a raw upload, at most one byte past the photo limit so that a larger
/// file is named as too large rather than cut.
pub(crate) async fn read_upload(body: Body) -> Result<Vec<u8>, AppError> {
    axum::body::to_bytes(body, MAX_PHOTO_BYTES + 1)
        .await
        .map(|b| b.to_vec())
        .map_err(|_| {
            inspections::invalid(
                "photo",
                InspectionProblem::PhotoTooLarge {
                    max: MAX_PHOTO_BYTES,
                },
            )
        })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaptionQuery {
    pub caption: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/inspections/{id}/photos", tag = "inspections",
    params(("id" = i64, Path), CaptionQuery),
    request_body(content = Vec<u8>, content_type = "image/jpeg", description = "The image bytes (JPEG, PNG, WebP or GIF by their magic bytes), at most 5 MiB"),
    responses((status = 201, body = PhotoJson), (status = 404), (status = 422)), security(("bearer" = [])))]
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
    let info = photo::add_photo(&ctx, &actor, InspectionId(id), upload).await?;
    Ok((StatusCode::CREATED, Json(PhotoJson::from(&info))))
}

/// An image response with its checked type.
pub(crate) fn image(info: &PhotoInfo, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, info.image_type.mime()),
            (header::CACHE_CONTROL, "private, max-age=3600"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        bytes,
    )
        .into_response()
}

#[utoipa::path(get, path = "/api/v1/inspections/{id}/photos/{photo_id}", tag = "inspections",
    params(("id" = i64, Path), ("photo_id" = i64, Path)),
    responses((status = 200, description = "The image"), (status = 404)), security(("bearer" = [])))]
pub async fn photo(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path((id, photo_id)): Path<(i64, i64)>,
) -> Result<Response, ApiError> {
    let (info, bytes) = photo::get_photo(&ctx, &actor, InspectionId(id), photo_id).await?;
    Ok(image(&info, bytes))
}
