//! The bulk path for generated history: tickets and their events written with
//! multi-row `insert`s, hundreds of rows per statement, inside the caller's
//! (large) transaction.
//!
//! This is deliberately not the registration path: nothing here routes,
//! notifies or links outages. It stores rows the caller already made
//! consistent (statuses, versions, events) and keeps the per-year number
//! counters right. One SQL text serves both backends.

use std::collections::HashMap;

use domain::ticket::{TicketId, TicketNumber};
use sqlx::{AnyConnection, AssertSqlSafe};

use crate::db::Backend;
use crate::error::StoreError;

/// Tickets per `insert` statement: 23 placeholders each stays under SQLite's
/// limit of 32,766 bound values.
pub const TICKETS_PER_STATEMENT: usize = 1_000;
/// Events per `insert` statement (7 placeholders each).
const EVENTS_PER_STATEMENT: usize = 4_000;

/// A ticket row exactly as stored.
#[derive(Debug, Clone)]
pub struct TicketRow {
    pub number: TicketNumber,
    pub status: &'static str,
    pub category: &'static str,
    pub channel: &'static str,
    pub phone: String,
    pub resident_name: Option<String>,
    pub address: Option<String>,
    pub building_id: Option<i64>,
    pub apartment: Option<String>,
    pub entrance: Option<String>,
    pub description: String,
    pub search_text: String,
    pub district_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub due_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub closed_at: Option<i64>,
    pub resolution: Option<&'static str>,
    pub resolution_text: Option<String>,
    pub address_unresolved_at: Option<i64>,
    pub version: i64,
}

/// An event row; `ticket` is the index of its ticket in the slice passed to
/// [`insert_tickets`] with it.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub ticket: usize,
    pub at: i64,
    pub actor_user_id: Option<i64>,
    pub kind: &'static str,
    pub before_value: Option<&'static str>,
    pub after_value: Option<&'static str>,
    pub comment: Option<String>,
}

/// Takes `n` consecutive numbers of a year at once and returns the first. Like
/// one number at a time (`ticket::next_number`), a rolled-back transaction
/// leaves a gap.
pub async fn reserve_numbers(
    conn: &mut AnyConnection,
    year: i16,
    n: i64,
) -> Result<TicketNumber, StoreError> {
    let (last,): (i64,) = sqlx::query_as(
        "insert into ticket_counters (year, last_seq) values ($1, $2)
         on conflict (year) do update set last_seq = ticket_counters.last_seq + $2
         returning last_seq",
    )
    .bind(i64::from(year))
    .bind(n)
    .fetch_one(conn)
    .await?;
    Ok(TicketNumber::new(year, last - n + 1))
}

/// Writes tickets and their events; returns the tickets' ids in slice order.
pub async fn insert_tickets(
    conn: &mut AnyConnection,
    tickets: &[TicketRow],
    events: &[EventRow],
) -> Result<Vec<TicketId>, StoreError> {
    let mut ids = Vec::with_capacity(tickets.len());
    for chunk in tickets.chunks(TICKETS_PER_STATEMENT) {
        ids.extend(insert_ticket_chunk(conn, chunk).await?);
    }
    for chunk in events.chunks(EVENTS_PER_STATEMENT) {
        insert_event_chunk(conn, chunk, &ids).await?;
    }
    Ok(ids)
}

async fn insert_ticket_chunk(
    conn: &mut AnyConnection,
    chunk: &[TicketRow],
) -> Result<Vec<TicketId>, StoreError> {
    let sql = format!(
        "insert into tickets (number_year, number_seq, status, category, channel, phone,
            resident_name, address, building_id, apartment, entrance, description, search_text,
            district_id, organization_id, due_at, created_at, updated_at, closed_at, resolution,
            resolution_text, address_unresolved_at, version)
         values {}
         returning id, number_year, number_seq",
        placeholders(conn, chunk.len(), 23)
    );
    let mut query = sqlx::query_as::<_, (i64, i64, i64)>(AssertSqlSafe(sql));
    for t in chunk {
        query = query
            .bind(i64::from(t.number.year()))
            .bind(t.number.seq())
            .bind(t.status)
            .bind(t.category)
            .bind(t.channel)
            .bind(t.phone.as_str())
            .bind(t.resident_name.as_deref())
            .bind(t.address.as_deref())
            .bind(t.building_id)
            .bind(t.apartment.as_deref())
            .bind(t.entrance.as_deref())
            .bind(t.description.as_str())
            .bind(t.search_text.as_str())
            .bind(t.district_id)
            .bind(t.organization_id)
            .bind(t.due_at)
            .bind(t.created_at)
            .bind(t.updated_at)
            .bind(t.closed_at)
            .bind(t.resolution)
            .bind(t.resolution_text.as_deref())
            .bind(t.address_unresolved_at)
            .bind(t.version);
    }
    // RETURNING gives rows in no promised order: match them by number.
    let returned: HashMap<(i64, i64), i64> = query
        .fetch_all(conn)
        .await?
        .into_iter()
        .map(|(id, year, seq)| ((year, seq), id))
        .collect();
    chunk
        .iter()
        .map(|t| {
            returned
                .get(&(i64::from(t.number.year()), t.number.seq()))
                .map(|id| TicketId(*id))
                .ok_or(StoreError::NotFound)
        })
        .collect()
}

async fn insert_event_chunk(
    conn: &mut AnyConnection,
    chunk: &[EventRow],
    ids: &[TicketId],
) -> Result<(), StoreError> {
    let sql = format!(
        "insert into ticket_events (ticket_id, at, actor_user_id, kind, before_value,
            after_value, comment)
         values {}",
        placeholders(conn, chunk.len(), 7)
    );
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for e in chunk {
        let ticket = ids.get(e.ticket).ok_or(StoreError::NotFound)?;
        query = query
            .bind(ticket.0)
            .bind(e.at)
            .bind(e.actor_user_id)
            .bind(e.kind)
            .bind(e.before_value)
            .bind(e.after_value)
            .bind(e.comment.as_deref());
    }
    query.execute(conn).await?;
    Ok(())
}

/// `($1, $2), ($3, $4)` for `rows` rows of `columns` values; on SQLite the
/// same with anonymous `?` placeholders. The one difference is there for
/// speed: SQLite looks up each numbered parameter's name by walking a list, so
/// binding thousands of `$N` costs time quadratic in their number (≈2 s for a
/// 4,000-row statement), while `?` placeholders bind in order.
fn placeholders(conn: &AnyConnection, rows: usize, columns: usize) -> String {
    let numbered = Backend::of(conn) != Backend::Sqlite;
    values_list(rows, columns, numbered)
}

fn values_list(rows: usize, columns: usize, numbered: bool) -> String {
    let mut out = String::with_capacity(rows * columns * 6);
    for row in 0..rows {
        if row > 0 {
            out.push_str(", ");
        }
        out.push('(');
        for col in 0..columns {
            if col > 0 {
                out.push_str(", ");
            }
            if numbered {
                out.push('$');
                out.push_str(&(row * columns + col + 1).to_string());
            } else {
                out.push('?');
            }
        }
        out.push(')');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_rows_consecutively() {
        assert_eq!(values_list(2, 3, true), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(values_list(1, 1, true), "($1)");
        assert_eq!(values_list(2, 2, false), "(?, ?), (?, ?)");
    }
}
