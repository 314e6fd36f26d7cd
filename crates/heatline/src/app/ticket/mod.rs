//! Ticket use cases: register, read, list, and move through the lifecycle.

use domain::building::Building;
use domain::category::Category;
use domain::district::District;
use domain::event::{EventKind, TicketEvent};
use domain::organization::Organization;
use domain::phone::Phone;
use domain::ticket::{Channel, NewTicket, Ticket, TicketId, TicketNumber};
use domain::user::Role;
use jiff::Timestamp;
use store::db::WriteTx;
use store::ticket::{TicketFilter, TicketInsert};

pub mod export;
mod lifecycle;
pub(crate) mod params;

pub use lifecycle::{
    AllowedActions, TicketAction, act_on_ticket, allowed_actions, reopen_in_tx,
    reopen_without_actor,
};
pub use params::TicketListParams;

use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, internal, registry, routing};

/// Who may register tickets: the call centre and HQ staff taking visitors.
const REGISTRARS: &[Role] = &[Role::Operator, Role::DistrictHq, Role::CityHq, Role::Admin];

/// A registration as typed by an operator or sent by a client.
#[derive(Debug, Clone, Default)]
pub struct RegisterTicket {
    pub phone: String,
    pub name: Option<String>,
    pub address: Option<String>,
    pub building_id: Option<i64>,
    pub apartment: Option<String>,
    pub entrance: Option<String>,
    pub category: Option<String>,
    pub description: String,
    pub channel: Option<String>,
}

/// A ticket as the actor may see it: personal data masked for roles that must not see it.
#[derive(Debug, Clone)]
pub struct TicketView {
    pub ticket: Ticket,
    /// The resident's phone, shown in full or masked by role.
    pub phone: String,
    pub overdue: bool,
    pub address_unresolved: bool,
}

/// A ticket with its timeline.
#[derive(Debug, Clone)]
pub struct TicketDetails {
    pub view: TicketView,
    pub events: Vec<TicketEvent>,
    pub building: Option<Building>,
    pub district: Option<District>,
    pub organization: Option<Organization>,
}

/// Registers a call as a ticket: validates every field, resolves the building,
/// routes it and gives it a number, in one transaction.
#[tracing::instrument(skip_all)]
pub async fn register_ticket(
    ctx: &Ctx,
    actor: &Actor,
    input: RegisterTicket,
) -> Result<TicketView, AppError> {
    actor.require(REGISTRARS)?;
    let (facts, suggested) = validate(ctx, &input).await?;
    let now = ctx.now();
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("registering ticket"))?;
    let registration = Registration {
        facts,
        category_suggested: suggested,
        actor: Some(actor),
        at: now,
    };
    let ticket = register_in_tx(ctx, &mut tx, registration).await?;
    tx.commit().await.map_err(internal("registering ticket"))?;
    Ok(view(actor, ticket, ctx))
}

/// A validated registration, from any channel.
pub struct Registration<'a> {
    pub facts: NewTicket,
    /// The category came from the suggestion, not from a person.
    pub category_suggested: bool,
    /// `None` when a system registers (Open311 clients, the resident form, imports).
    pub actor: Option<&'a Actor>,
    pub at: Timestamp,
}

/// Creates a ticket inside the caller's transaction: routes it, numbers it,
/// records its first events and runs the per-registration rules.
pub async fn register_in_tx(
    ctx: &Ctx,
    tx: &mut WriteTx,
    registration: Registration<'_>,
) -> Result<Ticket, AppError> {
    let Registration {
        facts,
        category_suggested,
        actor,
        at,
    } = registration;
    let building = match facts.building_id {
        Some(id) => Some(
            store::building::get(tx, id)
                .await
                .map_err(internal("reading building"))?,
        ),
        None => None,
    };
    let assignment = routing::route(ctx, facts.category, building.as_ref(), at);
    let status = NewTicket::initial_status(&assignment);
    let search_text = registry::search_text(&facts);
    let year = domain::calendar::in_city(at).year();
    let number = store::ticket::next_number(tx, year)
        .await
        .map_err(internal("numbering ticket"))?;
    let insert = TicketInsert {
        number,
        facts: &facts,
        status,
        assignment,
        search_text: &search_text,
        address_unresolved: facts.building_id.is_none(),
        created_at: at,
    };
    let mut ticket = store::ticket::insert(tx, &insert)
        .await
        .map_err(internal("registering ticket"))?;
    let mut event = actor_event(actor, EventKind::Registered, at);
    event.after = Some(status.as_code().to_string());
    record_event(tx, &ticket, &event).await?;
    if category_suggested {
        let mut event = actor_event(actor, EventKind::CategorySuggested, at);
        event.after = Some(facts.category.as_code().to_string());
        record_event(tx, &ticket, &event).await?;
    }
    after_registration(ctx, tx, &mut ticket).await?;
    metrics::counter!("heatline_tickets_registered_total", "channel" => facts.channel.as_code())
        .increment(1);
    Ok(ticket)
}

/// Rules that run once a ticket exists, in the same transaction (linking it to
/// known outages, repeat detection, duplicates).
async fn after_registration(
    ctx: &Ctx,
    tx: &mut WriteTx,
    ticket: &mut Ticket,
) -> Result<(), AppError> {
    crate::app::outage::link_new_ticket(ctx, tx, ticket).await?;
    crate::app::inspection::repeat::detect_repeats(ctx, tx, ticket).await?;
    Ok(())
}

/// Appends an event to a ticket's timeline; every event goes through here so
/// that what follows an event (notifications) happens for all of them.
pub async fn record_event(
    tx: &mut WriteTx,
    ticket: &Ticket,
    event: &TicketEvent,
) -> Result<(), AppError> {
    store::event::insert(tx, ticket.id, event)
        .await
        .map_err(internal("recording ticket event"))?;
    crate::app::notification::enqueue_for_event(tx, ticket, event).await
}

/// Writes a changed ticket (optimistically: a concurrent change is a conflict)
/// and its event.
pub async fn save_change(
    tx: &mut WriteTx,
    ticket: &Ticket,
    expected_version: i64,
    event: &TicketEvent,
) -> Result<(), AppError> {
    if ticket.version() != expected_version {
        store::ticket::update_state(tx, ticket, expected_version, event.at)
            .await
            .map_err(internal("changing ticket"))?;
    }
    record_event(tx, ticket, event).await
}

/// Checks a registration's fields and resolves its building, naming every bad field.
pub(crate) async fn validate(
    ctx: &Ctx,
    input: &RegisterTicket,
) -> Result<(NewTicket, bool), AppError> {
    let mut errors = FieldErrors::default();
    let phone = Phone::parse(&input.phone)
        .map_err(|e| errors.add("phone", Problem::Phone(e)))
        .ok();
    let description = input.description.trim().to_string();
    if description.is_empty() {
        errors.add("description", Problem::Required);
    }
    check_len(&mut errors, "description", &description, 4000);
    let name = clean(&input.name);
    let apartment = clean(&input.apartment);
    let entrance = clean(&input.entrance);
    let address = clean(&input.address);
    check_len(&mut errors, "name", name.as_deref().unwrap_or(""), 200);
    check_len(
        &mut errors,
        "apartment",
        apartment.as_deref().unwrap_or(""),
        20,
    );
    check_len(
        &mut errors,
        "entrance",
        entrance.as_deref().unwrap_or(""),
        20,
    );
    check_len(
        &mut errors,
        "address",
        address.as_deref().unwrap_or(""),
        300,
    );
    let channel = match input.channel.as_deref() {
        None | Some("") => Some(Channel::Phone),
        Some(code) => Channel::from_code(code).or_else(|| {
            errors.add("channel", Problem::UnknownCode);
            None
        }),
    };
    let category = match input.category.as_deref() {
        None | Some("") => None,
        Some(code) => Category::from_code(code).or_else(|| {
            errors.add("category", Problem::UnknownCode);
            None
        }),
    };
    let building_id =
        registry::resolve_for_ticket(ctx, input.building_id, address.as_deref(), &mut errors)
            .await?;
    let (category, suggested) = match (category, input.category.as_deref()) {
        (Some(c), _) => (Some(c), false),
        (None, None | Some("")) => match registry::suggest_category(ctx, &description) {
            Some(c) => (Some(c), true),
            None => {
                errors.add("category", Problem::Required);
                (None, false)
            }
        },
        (None, Some(_)) => (None, false),
    };
    errors.into_result()?;
    let facts = NewTicket {
        category: category.expect("validated above"),
        channel: channel.expect("validated above"),
        phone: phone.expect("validated above"),
        resident_name: name,
        address,
        building_id,
        apartment,
        entrance,
        description,
    };
    Ok((facts, suggested))
}

pub(crate) fn clean(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

fn check_len(errors: &mut FieldErrors, field: &'static str, value: &str, max: usize) {
    if value.chars().count() > max {
        errors.add(field, Problem::TooLong { max });
    }
}

/// Filters of a ticket list as given by a page or the API.
#[derive(Debug, Clone, Default)]
pub struct TicketQuery {
    pub filter: TicketFilter,
    /// Free text: a ticket number, a phone, or words of the description and address.
    pub q: Option<String>,
    pub page: i64,
    pub page_size: i64,
}

pub struct TicketList {
    pub tickets: Vec<TicketView>,
    /// Matching tickets, counted up to `store::ticket::COUNT_LIMIT`.
    pub total: i64,
    /// `false` when more match than were counted.
    pub total_exact: bool,
    pub page: i64,
    pub page_size: i64,
}

/// Lists tickets in the actor's scope.
#[tracing::instrument(skip_all)]
pub async fn list_tickets(
    ctx: &Ctx,
    actor: &Actor,
    query: TicketQuery,
) -> Result<TicketList, AppError> {
    let mut filter = effective_filter(actor, &query)?;
    // Overdue tickets come first in every list, whatever its order.
    filter.overdue_first_at = Some(ctx.now());
    let page_size = query.page_size.clamp(1, 200);
    let page = query.page.max(1);
    let mut conn = ctx.db.read().await.map_err(internal("listing tickets"))?;
    let found = store::ticket::list(
        &mut conn,
        actor.user.scope,
        &filter,
        page_size,
        (page - 1) * page_size,
    )
    .await
    .map_err(internal("listing tickets"))?;
    Ok(TicketList {
        tickets: found
            .tickets
            .into_iter()
            .map(|t| view(actor, t, ctx))
            .collect(),
        total: found.total,
        total_exact: found.total_exact,
        page,
        page_size,
    })
}

/// The list's filter with the free text read as a number, a phone (only for
/// roles that see personal data) or words.
pub(crate) fn effective_filter(
    actor: &Actor,
    query: &TicketQuery,
) -> Result<TicketFilter, AppError> {
    let mut filter = query.filter.clone();
    if filter.phone.is_some() && !actor.role().sees_personal_data() {
        return Err(AppError::Forbidden);
    }
    if let Some(q) = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        if let Some(number) = TicketNumber::parse(q) {
            filter.number = Some(number);
        } else if let Some(phone) = Phone::parse(q)
            .ok()
            .filter(|_| actor.role().sees_personal_data())
        {
            filter.phone = Some(phone);
        } else {
            filter.stems = registry::query_stems(q);
        }
    }
    Ok(filter)
}

/// One ticket with its timeline; outside the actor's scope it does not exist.
#[tracing::instrument(skip_all, fields(ticket_id = id.0))]
pub async fn get_ticket(ctx: &Ctx, actor: &Actor, id: TicketId) -> Result<TicketDetails, AppError> {
    let mut conn = ctx.db.read().await.map_err(internal("reading ticket"))?;
    let ticket = store::ticket::get(&mut conn, id, actor.user.scope)
        .await
        .map_err(internal("reading ticket"))?;
    let events = store::event::list(&mut conn, id)
        .await
        .map_err(internal("reading events"))?;
    let building = match ticket.building_id {
        Some(b) => Some(
            store::building::get(&mut conn, b)
                .await
                .map_err(internal("reading building"))?,
        ),
        None => None,
    };
    let district = match ticket.district_id() {
        Some(d) => Some(
            store::district::get(&mut conn, d)
                .await
                .map_err(internal("reading district"))?,
        ),
        None => None,
    };
    let organization = match ticket.organization_id() {
        Some(o) => Some(
            store::organization::get(&mut conn, o)
                .await
                .map_err(internal("reading organization"))?,
        ),
        None => None,
    };
    Ok(TicketDetails {
        view: view(actor, ticket, ctx),
        events,
        building,
        district,
        organization,
    })
}

pub(crate) fn system_event(actor: &Actor, kind: EventKind, now: Timestamp) -> TicketEvent {
    actor_event(Some(actor), kind, now)
}

/// An event by an actor, or by the system when there is none.
pub fn actor_event(actor: Option<&Actor>, kind: EventKind, now: Timestamp) -> TicketEvent {
    TicketEvent {
        at: now,
        actor: actor.map(|a| a.user.id),
        actor_name: actor.map(|a| a.user.name.clone()),
        kind,
        before: None,
        after: None,
        comment: None,
    }
}

pub(crate) fn status_event(
    actor: &Actor,
    kind: EventKind,
    before: domain::ticket::TicketStatus,
    ticket: &Ticket,
    comment: Option<String>,
    now: Timestamp,
) -> TicketEvent {
    let mut event = system_event(actor, kind, now);
    event.before = Some(before.as_code().to_string());
    event.after = Some(ticket.status().as_code().to_string());
    event.comment = comment;
    event
}

pub(crate) fn view(actor: &Actor, mut ticket: Ticket, ctx: &Ctx) -> TicketView {
    let phone = if actor.role().sees_personal_data() {
        ticket.phone.display()
    } else {
        ticket.resident_name = None;
        ticket.phone.masked()
    };
    TicketView {
        overdue: ticket.is_overdue(ctx.now()),
        phone,
        address_unresolved: ticket.building_id.is_none(),
        ticket,
    }
}
