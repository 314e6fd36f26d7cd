//! Citizen reception (приём граждан): an HQ's reception days cut into slots,
//! bookings by operators during a call or by HQ staff, the day's list, the
//! outcome recorded at the reception, and a ticket registered from a visit.
//!
//! No double booking: the unique index on (hq, slot start) decides between two
//! sessions booking one slot at once; the loser gets `Conflict` (409), as does
//! a booking of a slot already shown taken.
//!
//! Personal data: residents' names and phones follow `Role::sees_personal_data`
//! with one explicit exception, [`sees_appointment_contact`]: the city HQ runs
//! the Thursday city reception itself, so it sees the contacts of the residents
//! booked into its own reception (to call them when the reception moves and to
//! know whom it receives). Other HQs' bookings stay masked for it.

use domain::calendar;
use domain::category::Category;
use domain::citizen_reception::{
    self, Appointment, AppointmentId, AppointmentOutcome, BookingError, ReceptionSchedule,
    RecordedOutcome, Slot,
};
use domain::hq_meeting::Hq;
use domain::phone::Phone;
use domain::ticket::{Channel, NewTicket};
use domain::user::Role;
use jiff::ToSpan;
use jiff::civil::Date;
use store::reception::AppointmentInsert;

use crate::app::hq::{
    HqInfo, HqProblem, check_manage, check_view, date_field, info, instant_field, parse_hq,
    schedule_of,
};
use crate::app::ticket::{Registration, TicketView, clean, register_in_tx, view};
use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, internal, registry};

/// Whether a role sees the name and phone of a resident booked into `hq`'s
/// reception: the roles that see personal data, and the city HQ for its own
/// reception (see the module docs).
pub fn sees_appointment_contact(role: Role, hq: Hq) -> bool {
    role.sees_personal_data() || (role == Role::CityHq && hq == Hq::City)
}

/// An appointment as the actor may see it.
#[derive(Debug, Clone)]
pub struct AppointmentView {
    pub appointment: Appointment,
    /// `None` when the actor may not see it.
    pub name: Option<String>,
    /// In full, or masked.
    pub phone: String,
}

fn appointment_view(actor: &Actor, appointment: Appointment) -> AppointmentView {
    let visible = sees_appointment_contact(actor.role(), appointment.hq);
    AppointmentView {
        name: visible.then(|| appointment.resident_name.clone()),
        phone: if visible {
            appointment.phone.display()
        } else {
            appointment.phone.masked()
        },
        appointment,
    }
}

/// A slot of the day with its booking, if any.
#[derive(Debug, Clone)]
pub struct SlotView {
    pub slot: Slot,
    pub appointment: Option<AppointmentView>,
    /// Free and not yet started.
    pub bookable: bool,
}

/// One reception day of one HQ.
#[derive(Debug, Clone)]
pub struct ReceptionDay {
    pub info: HqInfo,
    pub date: Date,
    pub schedule: ReceptionSchedule,
    /// The reception weekday and not a holiday.
    pub open: bool,
    pub slots: Vec<SlotView>,
    /// The actor may book visitors into this HQ's reception.
    pub can_book: bool,
    /// The actor runs the reception: records outcomes and registers tickets.
    pub can_receive: bool,
}

/// Operators book into every HQ's reception; HQ staff see their own.
fn check_see_reception(actor: &Actor, hq: Hq) -> Result<(), AppError> {
    match actor.role() {
        Role::Operator => Ok(()),
        _ => check_view(actor, hq),
    }
}

fn check_book(actor: &Actor, hq: Hq) -> Result<(), AppError> {
    match actor.role() {
        Role::Operator => Ok(()),
        _ => check_manage(actor, hq),
    }
}

/// The reception of an HQ on a date (by default its next reception day) with
/// every slot and booking.
#[tracing::instrument(skip_all)]
pub async fn reception_day(
    ctx: &Ctx,
    actor: &Actor,
    hq: Option<&str>,
    date: Option<&str>,
) -> Result<ReceptionDay, AppError> {
    let hq = parse_hq(actor, hq)?;
    check_see_reception(actor, hq)?;
    let mut errors = FieldErrors::default();
    let date = date_field(&mut errors, "date", date);
    errors.into_result()?;
    let now = ctx.now();
    let mut conn = ctx.db.read().await.map_err(internal("reading reception"))?;
    let info = info(&mut conn, hq).await?;
    let schedule = schedule_of(&mut conn, hq).await?.reception;
    let working = |d: Date| ctx.calendar().is_working_day(d);
    let date = date
        .or_else(|| citizen_reception::coming_reception_date(&schedule, now, &working))
        .unwrap_or(calendar::city_date(now));
    let appointments = store::reception::list(
        &mut conn,
        Some(hq),
        calendar::start_of_day(date),
        calendar::start_of_day(date.saturating_add(1.day())),
    )
    .await
    .map_err(internal("listing appointments"))?;
    let mut slots: Vec<SlotView> = citizen_reception::slots(&schedule, date, &working)
        .into_iter()
        .map(|slot| SlotView {
            slot,
            appointment: None,
            bookable: slot.starts_at > now,
        })
        .collect();
    // Bookings made before the hours changed keep their own slot.
    for appointment in appointments {
        let view = appointment_view(actor, appointment);
        match slots
            .iter_mut()
            .find(|s| s.slot.starts_at == view.appointment.slot.starts_at)
        {
            Some(slot) => {
                slot.bookable = false;
                slot.appointment = Some(view);
            }
            None => slots.push(SlotView {
                slot: view.appointment.slot,
                appointment: Some(view),
                bookable: false,
            }),
        }
    }
    slots.sort_by_key(|s| s.slot.starts_at);
    Ok(ReceptionDay {
        open: date.weekday() == schedule.weekday() && working(date),
        can_book: check_book(actor, hq).is_ok(),
        can_receive: check_manage(actor, hq).is_ok(),
        info,
        date,
        schedule,
        slots,
    })
}

/// A booking as typed by an operator or HQ staff.
#[derive(Debug, Clone, Default)]
pub struct BookAppointment {
    pub hq: String,
    /// The slot's start: RFC 3339 or a city `YYYY-MM-DDTHH:MM`.
    pub starts_at: String,
    pub resident_name: String,
    pub phone: String,
    pub topic: String,
    pub address: Option<String>,
    pub building_id: Option<i64>,
}

/// Books a resident into a free slot.
#[tracing::instrument(skip_all)]
pub async fn book_appointment(
    ctx: &Ctx,
    actor: &Actor,
    input: BookAppointment,
) -> Result<AppointmentView, AppError> {
    let hq = parse_hq(actor, Some(&input.hq)).map_err(|e| match e {
        AppError::Forbidden => AppError::Invalid(FieldErrors::one("hq", Problem::Required)),
        other => other,
    })?;
    check_book(actor, hq)?;
    let mut errors = FieldErrors::default();
    let name = required(&mut errors, "resident_name", &input.resident_name, 200);
    let topic = required(&mut errors, "topic", &input.topic, 1000);
    let phone = Phone::parse(&input.phone)
        .map_err(|e| errors.add("phone", Problem::Phone(e)))
        .ok();
    let address = clean(&input.address);
    if address.as_deref().is_some_and(|a| a.chars().count() > 300) {
        errors.add("address", Problem::TooLong { max: 300 });
    }
    let starts_at = instant_field(&mut errors, "starts_at", Some(&input.starts_at));
    if input.starts_at.trim().is_empty() {
        errors.add("starts_at", Problem::Required);
    }
    let building_id =
        registry::resolve_for_ticket(ctx, input.building_id, address.as_deref(), &mut errors)
            .await?;
    errors.into_result()?;
    let (name, topic, phone, starts_at) = (
        name.expect("validated"),
        topic.expect("validated"),
        phone.expect("validated"),
        starts_at.expect("validated"),
    );
    let now = ctx.now();
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("booking appointment"))?;
    info(&mut tx, hq).await.map_err(|e| match e {
        AppError::NotFound => AppError::Invalid(FieldErrors::one("hq", Problem::NotFound)),
        other => other,
    })?;
    let schedule = schedule_of(&mut tx, hq).await?.reception;
    let day = calendar::city_date(starts_at);
    let taken: Vec<_> = store::reception::list(
        &mut tx,
        Some(hq),
        calendar::start_of_day(day),
        calendar::start_of_day(day.saturating_add(1.day())),
    )
    .await
    .map_err(internal("booking appointment"))?
    .into_iter()
    .map(|a| a.slot.starts_at)
    .collect();
    let working = |d: Date| ctx.calendar().is_working_day(d);
    let slot = citizen_reception::check_booking(&schedule, starts_at, &taken, now, &working)
        .map_err(booking_error)?;
    let insert = AppointmentInsert {
        hq,
        slot,
        resident_name: &name,
        phone: &phone,
        topic: &topic,
        address: address.as_deref(),
        building_id,
    };
    let id = store::reception::insert(&mut tx, &insert, actor.user.id, now)
        .await
        .map_err(internal("booking appointment"))?;
    let appointment = store::reception::get(&mut tx, id)
        .await
        .map_err(internal("booking appointment"))?;
    tx.commit().await.map_err(internal("booking appointment"))?;
    Ok(appointment_view(actor, appointment))
}

fn booking_error(e: BookingError) -> AppError {
    let problem = match e {
        BookingError::Taken { .. } => return AppError::Conflict,
        BookingError::NoSuchSlot { .. } => Problem::NotFound,
        BookingError::Holiday { .. } => Problem::Hq(HqProblem::NoReception),
        BookingError::InPast { .. } => Problem::Hq(HqProblem::SlotInPast),
    };
    AppError::Invalid(FieldErrors::one("starts_at", problem))
}

fn required(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        errors.add(field, Problem::Required);
        return None;
    }
    if value.chars().count() > max {
        errors.add(field, Problem::TooLong { max });
        return None;
    }
    Some(value.to_string())
}

/// Loads an appointment for the HQ staff who run its reception; another
/// district's appointment does not exist for them.
async fn appointment_for_reception(
    conn: &mut store::AnyConnection,
    actor: &Actor,
    id: AppointmentId,
) -> Result<Appointment, AppError> {
    let appointment = store::reception::get(conn, id)
        .await
        .map_err(internal("reading appointment"))?;
    check_see_reception(actor, appointment.hq)?;
    check_manage(actor, appointment.hq)?;
    Ok(appointment)
}

/// Records what came of a visit (`explained`, `ticket_registered`, `referred`,
/// `no_show`) with a note; recording again replaces it.
#[tracing::instrument(skip_all, fields(appointment_id = id.0))]
pub async fn record_outcome(
    ctx: &Ctx,
    actor: &Actor,
    id: AppointmentId,
    outcome: &str,
    note: Option<String>,
) -> Result<AppointmentView, AppError> {
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("recording outcome"))?;
    appointment_for_reception(&mut tx, actor, id).await?;
    let mut errors = FieldErrors::default();
    let outcome = AppointmentOutcome::from_code(outcome.trim());
    if outcome.is_none() {
        errors.add("outcome", Problem::UnknownCode);
    }
    let note = clean(&note);
    if note.as_deref().is_some_and(|n| n.chars().count() > 4000) {
        errors.add("note", Problem::TooLong { max: 4000 });
    }
    errors.into_result()?;
    let recorded = RecordedOutcome {
        outcome: outcome.expect("validated"),
        note,
        at: ctx.now(),
    };
    store::reception::set_outcome(&mut tx, id, &recorded, actor.user.id)
        .await
        .map_err(internal("recording outcome"))?;
    let appointment = store::reception::get(&mut tx, id)
        .await
        .map_err(internal("recording outcome"))?;
    tx.commit().await.map_err(internal("recording outcome"))?;
    Ok(appointment_view(actor, appointment))
}

/// What a ticket registered from a visit needs beyond the booking.
#[derive(Debug, Clone, Default)]
pub struct AppointmentTicket {
    /// A category code; suggested from the description when absent.
    pub category: Option<String>,
    /// The booking's topic when absent.
    pub description: Option<String>,
    pub apartment: Option<String>,
}

/// Registers a ticket (channel `reception`) from a visit, with the resident's
/// name, phone and address from the booking, through the same registration as
/// every channel; marks the outcome `ticket_registered` unless one was
/// recorded. A second ticket from the same visit is a `Conflict`.
#[tracing::instrument(skip_all, fields(appointment_id = id.0))]
pub async fn register_ticket_from_appointment(
    ctx: &Ctx,
    actor: &Actor,
    id: AppointmentId,
    input: AppointmentTicket,
) -> Result<TicketView, AppError> {
    let now = ctx.now();
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("registering ticket from appointment"))?;
    let appointment = appointment_for_reception(&mut tx, actor, id).await?;
    if appointment.ticket_id.is_some() {
        return Err(AppError::Conflict);
    }
    let facts = ticket_facts(ctx, &appointment, &input).await?;
    let registration = Registration {
        facts,
        category_suggested: clean(&input.category).is_none(),
        actor: Some(actor),
        at: now,
    };
    let ticket = register_in_tx(ctx, &mut tx, registration).await?;
    store::reception::set_ticket(&mut tx, id, ticket.id)
        .await
        .map_err(internal("linking ticket to appointment"))?;
    if appointment.outcome.is_none() {
        let recorded = RecordedOutcome {
            outcome: AppointmentOutcome::TicketRegistered,
            note: None,
            at: now,
        };
        store::reception::set_outcome(&mut tx, id, &recorded, actor.user.id)
            .await
            .map_err(internal("recording outcome"))?;
    }
    tx.commit()
        .await
        .map_err(internal("registering ticket from appointment"))?;
    Ok(view(actor, ticket, ctx))
}

async fn ticket_facts(
    ctx: &Ctx,
    appointment: &Appointment,
    input: &AppointmentTicket,
) -> Result<NewTicket, AppError> {
    let mut errors = FieldErrors::default();
    let description = clean(&input.description).unwrap_or_else(|| appointment.topic.clone());
    if description.chars().count() > 4000 {
        errors.add("description", Problem::TooLong { max: 4000 });
    }
    let apartment = clean(&input.apartment);
    if apartment.as_deref().is_some_and(|a| a.chars().count() > 20) {
        errors.add("apartment", Problem::TooLong { max: 20 });
    }
    let category = match clean(&input.category) {
        Some(code) => Category::from_code(&code).or_else(|| {
            errors.add("category", Problem::UnknownCode);
            None
        }),
        None => Some(registry::suggest_category(ctx, &description).unwrap_or(Category::Other)),
    };
    let building_id = match appointment.building_id {
        Some(id) => Some(id),
        None => {
            registry::resolve_for_ticket(ctx, None, appointment.address.as_deref(), &mut errors)
                .await?
        }
    };
    errors.into_result()?;
    Ok(NewTicket {
        category: category.expect("validated"),
        channel: Channel::Reception,
        phone: appointment.phone.clone(),
        resident_name: Some(appointment.resident_name.clone()),
        address: appointment.address.clone(),
        building_id,
        apartment,
        entrance: None,
        description,
    })
}
