//! Citizen reception pages: the day's slots and bookings of an HQ, booking a
//! resident during a call, and, at the reception, the outcome of a visit and a
//! ticket registered from it in two clicks.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::category::Category;
use domain::citizen_reception::{AppointmentId, AppointmentOutcome};
use serde::Deserialize;

use crate::app::Ctx;
use crate::app::hq;
use crate::app::reception::{self as receptions, AppointmentTicket, BookAppointment};
use crate::web::auth::PageSession;
use crate::web::error::PageError;
use crate::web::i18n::hq::HqMsg;
use crate::web::i18n::{Msg, Tr};
use crate::web::pages::{Layout, tr};

#[derive(Debug, Default, Deserialize)]
pub struct DayParams {
    #[serde(default)]
    hq: String,
    #[serde(default)]
    date: String,
}

pub struct SlotRow {
    pub time: String,
    /// `YYYY-MM-DDTHH:MM` in city time, the booking form's value.
    pub value: String,
    pub bookable: bool,
    pub booking: Option<BookingRow>,
}

pub struct BookingRow {
    pub id: i64,
    pub name: Option<String>,
    pub phone: String,
    pub topic: String,
    pub address: String,
    pub outcome: Option<String>,
    pub ticket_id: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "receptions/day.html")]
struct DayPage {
    layout: Layout,
    hqs: Vec<(String, String, bool)>,
    hq_code: String,
    hq_name: String,
    date: String,
    date_code: String,
    weekday: &'static str,
    open: bool,
    slots: Vec<SlotRow>,
    can_book: bool,
    can_receive: bool,
    outcomes: Vec<(&'static str, &'static str)>,
    categories: Vec<(&'static str, &'static str)>,
}

/// `GET /receptions`.
pub async fn index(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Query(params): Query<DayParams>,
) -> Result<Response, PageError> {
    // An operator has no HQ of their own: the city reception comes first.
    let hq_code = match (some(&params.hq), session.actor.role()) {
        (None, domain::user::Role::Operator) => Some("city"),
        (hq, _) => hq,
    };
    let day = receptions::reception_day(&ctx, &session.actor, hq_code, some(&params.date)).await?;
    let t: Tr = tr();
    let hqs = hq::list_hqs(&ctx, &session.actor)
        .await?
        .iter()
        .map(|info| (info.hq.code(), t.hq_name(info), info.hq == day.info.hq))
        .collect();
    let slots = day
        .slots
        .iter()
        .map(|s| SlotRow {
            time: format!("{}–{}", t.time(s.slot.starts_at), t.time(s.slot.ends_at)),
            value: domain::calendar::in_city(s.slot.starts_at)
                .strftime("%Y-%m-%dT%H:%M")
                .to_string(),
            bookable: s.bookable,
            booking: s.appointment.as_ref().map(|a| BookingRow {
                id: a.appointment.id.0,
                name: a.name.clone(),
                phone: a.phone.clone(),
                topic: a.appointment.topic.clone(),
                address: a.appointment.address.clone().unwrap_or_default(),
                outcome: a.appointment.outcome.as_ref().map(|o| {
                    let label = t.appointment_outcome(o.outcome);
                    match &o.note {
                        Some(note) => format!("{label}: {note}"),
                        None => label.to_string(),
                    }
                }),
                ticket_id: a.appointment.ticket_id.map(|id| id.0),
            }),
        })
        .collect();
    Ok(DayPage {
        hqs,
        hq_code: day.info.hq.code(),
        hq_name: t.hq_name(&day.info),
        date: t.date(day.date),
        date_code: day.date.to_string(),
        weekday: t.weekday(day.date.weekday()),
        open: day.open,
        slots,
        can_book: day.can_book,
        can_receive: day.can_receive,
        outcomes: AppointmentOutcome::ALL
            .iter()
            .map(|o| (o.as_code(), t.appointment_outcome(*o)))
            .collect(),
        categories: Category::ALL
            .iter()
            .map(|c| (c.as_code(), t.category(*c)))
            .collect(),
        layout: Layout::new(&session, "/receptions"),
    }
    .into_response())
}

fn some(s: &str) -> Option<&str> {
    Some(s).filter(|s| !s.trim().is_empty())
}

#[derive(Debug, Deserialize)]
pub struct BookForm {
    #[serde(default)]
    hq: String,
    #[serde(default)]
    starts_at: String,
    #[serde(default)]
    resident_name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    address: String,
}

/// `POST /receptions/appointments`: books and shows the day.
pub async fn book(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Form(form): Form<BookForm>,
) -> Result<Response, PageError> {
    let input = BookAppointment {
        hq: form.hq,
        starts_at: form.starts_at,
        resident_name: form.resident_name,
        phone: form.phone,
        topic: form.topic,
        address: Some(form.address),
        building_id: None,
    };
    let booked = receptions::book_appointment(&ctx, &session.actor, input).await?;
    Ok(back_to_day(&booked.appointment))
}

fn back_to_day(appointment: &domain::citizen_reception::Appointment) -> Response {
    let date = domain::calendar::city_date(appointment.slot.starts_at);
    Redirect::to(&format!(
        "/receptions?hq={}&date={date}#a{}",
        appointment.hq.code(),
        appointment.id.0
    ))
    .into_response()
}

#[derive(Debug, Deserialize)]
pub struct OutcomeForm {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    note: String,
}

/// `POST /receptions/appointments/{id}/outcome`.
pub async fn outcome(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path(id): Path<i64>,
    Form(form): Form<OutcomeForm>,
) -> Result<Response, PageError> {
    let view = receptions::record_outcome(
        &ctx,
        &session.actor,
        AppointmentId(id),
        &form.outcome,
        Some(form.note),
    )
    .await?;
    Ok(back_to_day(&view.appointment))
}

#[derive(Debug, Deserialize)]
pub struct TicketForm {
    #[serde(default)]
    category: String,
    #[serde(default)]
    apartment: String,
}

/// `POST /receptions/appointments/{id}/ticket`: registers and opens the ticket.
pub async fn ticket(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path(id): Path<i64>,
    Form(form): Form<TicketForm>,
) -> Result<Response, PageError> {
    let input = AppointmentTicket {
        category: Some(form.category).filter(|c| !c.is_empty()),
        description: None,
        apartment: Some(form.apartment),
    };
    let view = receptions::register_ticket_from_appointment(
        &ctx,
        &session.actor,
        AppointmentId(id),
        input,
    )
    .await?;
    Ok(Redirect::to(&format!("/tickets/{}", view.ticket.id.0)).into_response())
}
