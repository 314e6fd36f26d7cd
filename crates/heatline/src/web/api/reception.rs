//! `/api/v1/receptions`: an HQ's reception day with its slots and bookings,
//! booking, the outcome of a visit, and a ticket registered from it.

use crate::web::api::params::{Path, Query};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::calendar::rfc3339;
use domain::citizen_reception::AppointmentId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::Ctx;
use crate::app::reception::{
    self as receptions, AppointmentTicket, AppointmentView, BookAppointment, ReceptionDay,
};
use crate::web::api::hq::HqJson;
use crate::web::api::json::JsonBody;
use crate::web::api::ticket::TicketJson;
use crate::web::auth::ApiActor;
use crate::web::error::ApiError;

#[derive(Debug, Serialize, ToSchema)]
pub struct AppointmentJson {
    pub id: i64,
    pub hq: String,
    pub starts_at: String,
    pub ends_at: String,
    /// Only for roles that see personal data (and the city HQ at its own reception).
    pub resident_name: Option<String>,
    /// In full or masked, by the same rule.
    pub phone: String,
    pub topic: String,
    pub address: Option<String>,
    pub building_id: Option<i64>,
    pub booked_at: String,
    /// `explained`, `ticket_registered`, `referred`, `no_show`.
    pub outcome: Option<&'static str>,
    pub outcome_note: Option<String>,
    pub outcome_at: Option<String>,
    pub ticket_id: Option<i64>,
}

impl From<&AppointmentView> for AppointmentJson {
    fn from(v: &AppointmentView) -> Self {
        let a = &v.appointment;
        AppointmentJson {
            id: a.id.0,
            hq: a.hq.code(),
            starts_at: rfc3339(a.slot.starts_at),
            ends_at: rfc3339(a.slot.ends_at),
            resident_name: v.name.clone(),
            phone: v.phone.clone(),
            topic: a.topic.clone(),
            address: a.address.clone(),
            building_id: a.building_id.map(|b| b.0),
            booked_at: rfc3339(a.booked_at),
            outcome: a.outcome.as_ref().map(|o| o.outcome.as_code()),
            outcome_note: a.outcome.as_ref().and_then(|o| o.note.clone()),
            outcome_at: a.outcome.as_ref().map(|o| rfc3339(o.at)),
            ticket_id: a.ticket_id.map(|t| t.0),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SlotJson {
    pub starts_at: String,
    pub ends_at: String,
    /// Free and not yet started.
    pub bookable: bool,
    pub appointment: Option<AppointmentJson>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReceptionDayJson {
    pub hq: HqJson,
    pub date: String,
    /// The HQ receives that day (its reception weekday, not a holiday).
    pub open: bool,
    pub slot_minutes: i64,
    pub slots: Vec<SlotJson>,
    pub can_book: bool,
    pub can_receive: bool,
}

impl From<&ReceptionDay> for ReceptionDayJson {
    fn from(d: &ReceptionDay) -> Self {
        ReceptionDayJson {
            hq: HqJson::from(&d.info),
            date: d.date.to_string(),
            open: d.open,
            slot_minutes: d.schedule.slot_length().as_mins(),
            slots: d
                .slots
                .iter()
                .map(|s| SlotJson {
                    starts_at: rfc3339(s.slot.starts_at),
                    ends_at: rfc3339(s.slot.ends_at),
                    bookable: s.bookable,
                    appointment: s.appointment.as_ref().map(AppointmentJson::from),
                })
                .collect(),
            can_book: d.can_book,
            can_receive: d.can_receive,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReceptionQuery {
    /// `city` or `district:<id>`; the caller's own HQ when absent (operators must name one).
    pub hq: Option<String>,
    /// City date `YYYY-MM-DD`; the HQ's next reception day when absent.
    pub date: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/receptions", tag = "receptions", params(ReceptionQuery),
    responses((status = 200, body = ReceptionDayJson), (status = 403), (status = 404), (status = 422)),
    security(("bearer" = [])))]
pub async fn index(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Query(q): Query<ReceptionQuery>,
) -> Result<Json<ReceptionDayJson>, ApiError> {
    let day = receptions::reception_day(&ctx, &actor, q.hq.as_deref(), q.date.as_deref()).await?;
    Ok(Json(ReceptionDayJson::from(&day)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct BookJson {
    /// `city` or `district:<id>`.
    pub hq: Option<String>,
    /// The slot's start: RFC 3339, or a city `YYYY-MM-DDTHH:MM`.
    pub starts_at: Option<String>,
    pub resident_name: Option<String>,
    pub phone: Option<String>,
    pub topic: Option<String>,
    pub address: Option<String>,
    pub building_id: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/receptions/appointments", tag = "receptions", request_body = BookJson,
    responses((status = 201, body = AppointmentJson), (status = 403), (status = 404),
        (status = 409, description = "The slot is taken (also when another session booked it a moment ago)"),
        (status = 422, description = "No such slot, a holiday, already started, or a bad field")),
    security(("bearer" = [])))]
pub async fn book(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    JsonBody(body): JsonBody<BookJson>,
) -> Result<(StatusCode, Json<AppointmentJson>), ApiError> {
    let input = BookAppointment {
        hq: body.hq.unwrap_or_default(),
        starts_at: body.starts_at.unwrap_or_default(),
        resident_name: body.resident_name.unwrap_or_default(),
        phone: body.phone.unwrap_or_default(),
        topic: body.topic.unwrap_or_default(),
        address: body.address,
        building_id: body.building_id,
    };
    let view = receptions::book_appointment(&ctx, &actor, input).await?;
    Ok((StatusCode::CREATED, Json(AppointmentJson::from(&view))))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct OutcomeJson {
    /// `explained`, `ticket_registered`, `referred`, `no_show`.
    pub outcome: Option<String>,
    pub note: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/receptions/appointments/{id}/outcome", tag = "receptions", params(("id" = i64, Path)), request_body = OutcomeJson,
    responses((status = 200, body = AppointmentJson), (status = 403), (status = 404), (status = 422)),
    security(("bearer" = [])))]
pub async fn outcome(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<OutcomeJson>,
) -> Result<Json<AppointmentJson>, ApiError> {
    let view = receptions::record_outcome(
        &ctx,
        &actor,
        AppointmentId(id),
        &body.outcome.unwrap_or_default(),
        body.note,
    )
    .await?;
    Ok(Json(AppointmentJson::from(&view)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AppointmentTicketJson {
    /// A category code; suggested from the description when absent.
    pub category: Option<String>,
    /// The booking's topic when absent.
    pub description: Option<String>,
    pub apartment: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/receptions/appointments/{id}/ticket", tag = "receptions", params(("id" = i64, Path)), request_body = AppointmentTicketJson,
    responses((status = 201, description = "The ticket registered with channel `reception`", body = TicketJson), (status = 403), (status = 404),
        (status = 409, description = "A ticket was already registered from this visit"), (status = 422)),
    security(("bearer" = [])))]
pub async fn ticket(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<AppointmentTicketJson>,
) -> Result<(StatusCode, Json<TicketJson>), ApiError> {
    let input = AppointmentTicket {
        category: body.category,
        description: body.description,
        apartment: body.apartment,
    };
    let view = receptions::register_ticket_from_appointment(&ctx, &actor, AppointmentId(id), input)
        .await?;
    Ok((StatusCode::CREATED, Json(view.into())))
}
