//! Following a ticket: the confirmation receipt, the status by number and
//! phone, and "not solved".

use domain::category::Category;
use domain::event::TicketEvent;
use domain::phone::Phone;
use domain::ticket::{Resolution, Ticket, TicketNumber, TicketStatus};
use domain::user::Scope;
use jiff::Timestamp;

use crate::app::auth::hash_token;
use crate::app::resident::{MAX_COMMENT, RECEIPT_LIFETIME, ResidentError, limit_lookups};
use crate::app::ticket;
use crate::app::{Ctx, FieldErrors, Problem, internal};

/// What the confirmation and status pages show.
#[derive(Debug, Clone)]
pub struct ResidentView {
    pub number: TicketNumber,
    pub category: Category,
    pub status: TicketStatus,
    pub created_at: Timestamp,
    pub due_at: Option<Timestamp>,
    pub address: Option<String>,
    pub organization: Option<String>,
    pub resolution: Option<Resolution>,
    pub resolution_text: Option<String>,
    pub closed_at: Option<Timestamp>,
    /// The public timeline, oldest first.
    pub timeline: Vec<TicketEvent>,
    /// Closed, and not yet reopened by the resident since this closing.
    pub may_reopen: bool,
    /// The confirmation of a submission that was linked to this ticket.
    pub duplicate: bool,
}

/// The confirmation behind a secret link; gone after a day.
#[tracing::instrument(skip_all)]
pub async fn receipt(ctx: &Ctx, token: &str) -> Result<ResidentView, ResidentError> {
    let mut conn = ctx.db.read().await.map_err(internal("reading receipt"))?;
    let receipt = store::resident::get_receipt(&mut conn, &hash_token(token))
        .await
        .map_err(internal("reading receipt"))?
        .filter(|r| {
            r.created_at
                .checked_add(RECEIPT_LIFETIME)
                .is_ok_and(|end| ctx.now() < end)
        })
        .ok_or(ResidentError::NotFound)?;
    let ticket = store::ticket::get(&mut conn, receipt.ticket_id, Scope::City)
        .await
        .map_err(internal("reading receipt"))?;
    drop(conn);
    let mut view = resident_view(ctx, ticket).await?;
    view.duplicate = receipt.duplicate;
    Ok(view)
}

/// A ticket by its number and the phone it was filed with.
#[tracing::instrument(skip_all)]
pub async fn status(
    ctx: &Ctx,
    client_address: &str,
    number: &str,
    phone: &str,
) -> Result<ResidentView, ResidentError> {
    limit_lookups(ctx, client_address).await?;
    let ticket = find_own(ctx, number, phone).await?;
    resident_view(ctx, ticket).await
}

/// "Not solved": reopens the resident's closed ticket with their comment, once
/// per closing, and returns the updated status.
#[tracing::instrument(skip_all)]
pub async fn not_solved(
    ctx: &Ctx,
    client_address: &str,
    number: &str,
    phone: &str,
    comment: &str,
) -> Result<ResidentView, ResidentError> {
    limit_lookups(ctx, client_address).await?;
    let comment = comment.trim();
    if comment.is_empty() {
        return Err(ResidentError::Invalid(FieldErrors::one(
            "comment",
            Problem::Required,
        )));
    }
    if comment.chars().count() > MAX_COMMENT {
        return Err(ResidentError::Invalid(FieldErrors::one(
            "comment",
            Problem::TooLong { max: MAX_COMMENT },
        )));
    }
    let found = find_own(ctx, number, phone).await?;
    let now = ctx.now();
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("reopening ticket"))?;
    // Re-read inside the transaction: the ticket may have changed since.
    let ticket = store::ticket::get(&mut tx, found.id, Scope::City)
        .await
        .map_err(internal("reopening ticket"))?;
    let closed_at = match (ticket.status(), ticket.closed_at()) {
        (TicketStatus::Closed, Some(at)) => at,
        _ => return Err(ResidentError::AlreadyReopened),
    };
    match store::resident::insert_reopen(&mut tx, ticket.id, closed_at, now).await {
        Ok(()) => {}
        Err(store::error::StoreError::Conflict { .. }) => {
            return Err(ResidentError::AlreadyReopened);
        }
        Err(e) => return Err(internal("reopening ticket")(e).into()),
    }
    let text = format!("Житель: не решено. {comment}");
    let ticket = ticket::reopen_without_actor(ctx, &mut tx, ticket, Some(text), now).await?;
    tx.commit().await.map_err(internal("reopening ticket"))?;
    resident_view(ctx, ticket).await
}

async fn find_own(ctx: &Ctx, number: &str, phone: &str) -> Result<Ticket, ResidentError> {
    let (Some(number), Ok(phone)) = (TicketNumber::parse(number), Phone::parse(phone)) else {
        return Err(ResidentError::NotFound);
    };
    let mut conn = ctx.db.read().await.map_err(internal("finding ticket"))?;
    match store::ticket::get_by_number(&mut conn, number, Scope::City).await {
        Ok(ticket) if ticket.phone == phone => Ok(ticket),
        Ok(_) | Err(store::error::StoreError::NotFound) => Err(ResidentError::NotFound),
        Err(e) => Err(internal("finding ticket")(e).into()),
    }
}

async fn resident_view(ctx: &Ctx, ticket: Ticket) -> Result<ResidentView, ResidentError> {
    let mut conn = ctx.db.read().await.map_err(internal("reading ticket"))?;
    let timeline = store::event::list(&mut conn, ticket.id)
        .await
        .map_err(internal("reading ticket"))?
        .into_iter()
        .filter(|e| e.kind.is_public())
        .map(|e| TicketEvent {
            // Staff names are not the resident's business.
            actor: None,
            actor_name: None,
            ..e
        })
        .collect();
    let address = match ticket.building_id {
        Some(id) => Some(
            store::building::get(&mut conn, id)
                .await
                .map_err(internal("reading ticket"))?
                .address,
        ),
        None => ticket.address.clone(),
    };
    let organization = match ticket.organization_id() {
        Some(id) => Some(
            store::organization::get(&mut conn, id)
                .await
                .map_err(internal("reading ticket"))?
                .name,
        ),
        None => None,
    };
    let may_reopen = match (ticket.status(), ticket.closed_at()) {
        (TicketStatus::Closed, Some(at)) => {
            !store::resident::reopened_after(&mut conn, ticket.id, at)
                .await
                .map_err(internal("reading ticket"))?
        }
        _ => false,
    };
    Ok(ResidentView {
        number: ticket.number,
        category: ticket.category,
        status: ticket.status(),
        created_at: ticket.created_at,
        due_at: ticket.due_at(),
        address,
        organization,
        resolution: ticket.resolution(),
        resolution_text: ticket.resolution_text().map(str::to_string),
        closed_at: ticket.closed_at(),
        timeline,
        may_reopen,
        duplicate: false,
    })
}
