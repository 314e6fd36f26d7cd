//! The residents' self-service: the form's contact and consent, confirmation
//! receipts, duplicate lookups, and "not solved" reopenings (one per closing).

use domain::building::BuildingId;
use domain::category::Category;
use domain::phone::Phone;
use domain::ticket::TicketId;
use jiff::Timestamp;
use sqlx::AnyConnection;

use crate::error::StoreError;

/// The newest open ticket of this phone, building and category registered
/// since `since`.
pub async fn find_recent_duplicate(
    conn: &mut AnyConnection,
    phone: &Phone,
    building: BuildingId,
    category: Category,
    since: Timestamp,
) -> Result<Option<TicketId>, StoreError> {
    let row: Option<(i64,)> = sqlx::query_as(
        "select id from tickets
         where phone = $1 and created_at >= $2 and building_id = $3 and category = $4
            and status <> 'closed'
         order by created_at desc, id desc
         limit 1",
    )
    .bind(phone.as_str())
    .bind(since.as_millisecond())
    .bind(building.0)
    .bind(category.as_code())
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(id,)| TicketId(id)))
}

pub async fn insert_contact(
    conn: &mut AnyConnection,
    ticket: TicketId,
    email: Option<&str>,
    consent_at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query("insert into resident_contacts (ticket_id, email, consent_at) values ($1, $2, $3)")
        .bind(ticket.0)
        .bind(email)
        .bind(consent_at.as_millisecond())
        .execute(conn)
        .await?;
    Ok(())
}

/// A confirmation link's record: the ticket it shows and whether the
/// submission was linked to an existing ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Receipt {
    pub ticket_id: TicketId,
    pub created_at: Timestamp,
    pub duplicate: bool,
}

pub async fn insert_receipt(
    conn: &mut AnyConnection,
    token_hash: &str,
    receipt: Receipt,
) -> Result<(), StoreError> {
    let created = receipt.created_at.as_millisecond();
    sqlx::query(
        "insert into resident_receipts (token_hash, ticket_id, created_at, duplicate_at)
         values ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(receipt.ticket_id.0)
    .bind(created)
    .bind(receipt.duplicate.then_some(created))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn get_receipt(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> Result<Option<Receipt>, StoreError> {
    let row: Option<(i64, i64, Option<i64>)> = sqlx::query_as(
        "select ticket_id, created_at, duplicate_at from resident_receipts where token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(ticket, created, duplicate)| Receipt {
        ticket_id: TicketId(ticket),
        created_at: Timestamp::from_millisecond(created).unwrap_or(Timestamp::UNIX_EPOCH),
        duplicate: duplicate.is_some(),
    }))
}

/// Records a resident's reopening of the closing at `closed_at`; `Conflict`
/// when that closing was already reopened by the resident.
pub async fn insert_reopen(
    conn: &mut AnyConnection,
    ticket: TicketId,
    closed_at: Timestamp,
    at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query("insert into resident_reopens (ticket_id, closed_at, at) values ($1, $2, $3)")
        .bind(ticket.0)
        .bind(closed_at.as_millisecond())
        .bind(at.as_millisecond())
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether the resident already reopened the closing at `closed_at`.
pub async fn reopened_after(
    conn: &mut AnyConnection,
    ticket: TicketId,
    closed_at: Timestamp,
) -> Result<bool, StoreError> {
    let row: Option<(i64,)> =
        sqlx::query_as("select at from resident_reopens where ticket_id = $1 and closed_at = $2")
            .bind(ticket.0)
            .bind(closed_at.as_millisecond())
            .fetch_optional(conn)
            .await?;
    Ok(row.is_some())
}
