//! Ticket events: appended, never changed.

use domain::event::{EventKind, TicketEvent};
use domain::ticket::TicketId;
use domain::user::UserId;
use jiff::Timestamp;
use sqlx::AnyConnection;

use crate::error::{StoreError, corrupt};

pub async fn insert(
    conn: &mut AnyConnection,
    ticket: TicketId,
    event: &TicketEvent,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into ticket_events (ticket_id, at, actor_user_id, kind, before_value, after_value, comment)
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(ticket.0)
    .bind(event.at.as_millisecond())
    .bind(event.actor.map(|u| u.0))
    .bind(event.kind.as_code())
    .bind(event.before.as_deref())
    .bind(event.after.as_deref())
    .bind(event.comment.as_deref())
    .execute(conn)
    .await?;
    Ok(())
}

/// A ticket's events, oldest first, with the actors' names.
pub async fn list(
    conn: &mut AnyConnection,
    ticket: TicketId,
) -> Result<Vec<TicketEvent>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        at: i64,
        actor_user_id: Option<i64>,
        actor_name: Option<String>,
        kind: String,
        before_value: Option<String>,
        after_value: Option<String>,
        comment: Option<String>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "select e.at, e.actor_user_id, u.name as actor_name, e.kind, e.before_value,
            e.after_value, e.comment
         from ticket_events e left join users u on u.id = e.actor_user_id
         where e.ticket_id = $1
         order by e.id",
    )
    .bind(ticket.0)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(TicketEvent {
                at: Timestamp::from_millisecond(r.at).unwrap_or(Timestamp::UNIX_EPOCH),
                actor: r.actor_user_id.map(UserId),
                actor_name: r.actor_name,
                kind: EventKind::from_code(&r.kind)
                    .ok_or_else(|| corrupt("event kind", &r.kind))?,
                before: r.before_value,
                after: r.after_value,
                comment: r.comment,
            })
        })
        .collect()
}
