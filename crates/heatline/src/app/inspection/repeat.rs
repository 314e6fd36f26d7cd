//! Repeat detection wired to registration: after every ticket, the building's
//! recent tickets and its latest open inspection go through
//! `domain::repeat_detection::decide`, which opens an inspection for the
//! district HQ or links the ticket to the fresh open one. Every resident keeps
//! their own ticket; linking only records an `InspectionLinked` event.
//!
//! The policy is stored (`repeat_policies`), read per registration so that
//! several server processes agree on it.

use domain::category::Category;
use domain::event::EventKind;
use domain::inspection::{InspectionId, NewInspection};
use domain::repeat_detection::{
    RecentTicket, RepeatDecision, RepeatPolicy, RepeatPolicyError, decide,
};
use domain::ticket::{Ticket, TicketId};
use domain::user::Role;
use jiff::{SignedDuration, Timestamp};
use store::db::WriteTx;

use crate::app::ticket::{actor_event, record_event};
use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, internal};

/// The registration hook: decides and acts in the registering transaction.
/// "Now" is the ticket's registration time, so imports and the demo replay
/// history with the windows they had.
pub async fn detect_repeats(_ctx: &Ctx, tx: &mut WriteTx, ticket: &Ticket) -> Result<(), AppError> {
    let (Some(building_id), Some(district_id)) = (ticket.building_id, ticket.district_id()) else {
        return Ok(());
    };
    let policy = current_policy(tx).await?;
    if !policy.categories().contains(&ticket.category) {
        return Ok(());
    }
    let now = ticket.created_at;
    let open = store::inspection::latest_open_for_building(tx, building_id)
        .await
        .map_err(internal("reading open inspection"))?;
    // With a fresh open inspection every earlier counted ticket of the window
    // is already linked (this hook linked it), so only the new one is decided
    // on; a building with thousands of calls then costs one indexed lookup.
    let this = RecentTicket {
        id: ticket.id,
        category: ticket.category,
        created_at: now,
        inspection_id: None,
    };
    let decision = match decide(&policy, &[this], open.as_ref(), now) {
        link @ RepeatDecision::LinkToInspection { .. } => link,
        _ => {
            let since = now - SignedDuration::from_hours(24 * i64::from(policy.window_days()));
            let unlinked = store::inspection::unlinked_tickets(tx, building_id, since)
                .await
                .map_err(internal("reading recent tickets"))?;
            decide(&policy, &unlinked, open.as_ref(), now)
        }
    };
    let (inspection_id, ticket_ids) = match decision {
        RepeatDecision::Nothing => return Ok(()),
        RepeatDecision::CreateInspection { ticket_ids } => {
            let building = store::building::get(tx, building_id)
                .await
                .map_err(internal("reading building"))?;
            let facts = NewInspection {
                building_id,
                district_id: building.district_id,
                ticket_ids: ticket_ids.clone(),
            };
            let id = store::inspection::insert(
                tx,
                &facts,
                building.management_company_id,
                building.heat_supplier_id,
                now,
            )
            .await
            .map_err(internal("opening inspection"))?;
            tracing::debug!(
                inspection_id = id.0,
                building_id = building_id.0,
                district_id = district_id.0,
                "inspection opened by repeat detection"
            );
            (id, ticket_ids)
        }
        RepeatDecision::LinkToInspection {
            inspection_id,
            ticket_ids,
        } => {
            for id in &ticket_ids {
                store::inspection::link_ticket(tx, inspection_id, *id, now)
                    .await
                    .map_err(internal("linking ticket"))?;
            }
            (inspection_id, ticket_ids)
        }
    };
    record_links(tx, ticket, inspection_id, &ticket_ids, now).await
}

/// Puts an `InspectionLinked` event on each linked ticket's timeline.
async fn record_links(
    tx: &mut WriteTx,
    registered: &Ticket,
    inspection_id: InspectionId,
    ticket_ids: &[TicketId],
    now: Timestamp,
) -> Result<(), AppError> {
    for id in ticket_ids {
        let ticket = if *id == registered.id {
            registered.clone()
        } else {
            store::ticket::get(tx, *id, domain::user::Scope::City)
                .await
                .map_err(internal("reading linked ticket"))?
        };
        let mut event = actor_event(None, EventKind::InspectionLinked, now);
        event.after = Some(format!("#{}", inspection_id.0));
        record_event(tx, &ticket, &event).await?;
    }
    Ok(())
}

async fn current_policy(conn: &mut store::AnyConnection) -> Result<RepeatPolicy, AppError> {
    Ok(store::repeat_policy::get(conn)
        .await
        .map_err(internal("reading repeat policy"))?
        .unwrap_or_default())
}

/// The repeat policy in force (the default until the admin sets one).
pub async fn get_repeat_policy(ctx: &Ctx, actor: &Actor) -> Result<RepeatPolicy, AppError> {
    actor.require(super::READERS)?;
    let mut conn = ctx
        .db
        .read()
        .await
        .map_err(internal("reading repeat policy"))?;
    current_policy(&mut conn).await
}

/// A policy as typed by the admin.
#[derive(Debug, Clone, Default)]
pub struct RepeatPolicyInput {
    pub min_tickets: Option<i64>,
    pub window_days: Option<i64>,
    pub categories: Vec<String>,
}

/// Sets the repeat policy; it applies from the next registration on.
#[tracing::instrument(skip_all)]
pub async fn set_repeat_policy(
    ctx: &Ctx,
    actor: &Actor,
    input: RepeatPolicyInput,
) -> Result<RepeatPolicy, AppError> {
    actor.require(&[Role::Admin])?;
    let mut errors = FieldErrors::default();
    let mut categories = Vec::new();
    for code in &input.categories {
        match Category::from_code(code) {
            Some(c) => categories.push(c),
            None => errors.add("categories", Problem::UnknownCode),
        }
    }
    let number = |errors: &mut FieldErrors, field: &str, value: Option<i64>| match value {
        None => {
            errors.add(field, Problem::Required);
            0
        }
        Some(v) => u32::try_from(v).unwrap_or_else(|_| {
            errors.add(field, Problem::Malformed);
            0
        }),
    };
    let min_tickets = number(&mut errors, "min_tickets", input.min_tickets);
    let window_days = number(&mut errors, "window_days", input.window_days);
    errors.into_result()?;
    let policy = RepeatPolicy::new(min_tickets, window_days, categories).map_err(|err| {
        let field = match err {
            RepeatPolicyError::MinTicketsTooLow { .. } => "min_tickets",
            RepeatPolicyError::WindowOutOfRange { .. } => "window_days",
            RepeatPolicyError::NoCategories => "categories",
        };
        AppError::Invalid(FieldErrors::one(field, Problem::Malformed))
    })?;
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("setting repeat policy"))?;
    store::repeat_policy::set(&mut tx, &policy, Some(actor.user.id), ctx.now())
        .await
        .map_err(internal("setting repeat policy"))?;
    tx.commit()
        .await
        .map_err(internal("setting repeat policy"))?;
    Ok(policy)
}
