//! The notification outbox and residents' opt-outs.

use domain::notification::{
    NotificationChannel, NotificationId, NotificationKind, NotificationStatus,
};
use domain::phone::Phone;
use domain::ticket::TicketId;
use domain::user::{Scope, UserId};
use jiff::Timestamp;
use sqlx::{AnyConnection, AssertSqlSafe};

use crate::conditions::{Bind, Conditions};
use crate::error::{StoreError, corrupt};

const COLUMNS: &str =
    "n.id, n.ticket_id, n.ticket_number, n.kind, n.channel, n.recipient, n.body, n.status,
    n.attempts, n.next_attempt_at, n.last_error, n.provider, n.created_at, n.sent_at";

/// One notification as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    pub id: NotificationId,
    pub ticket_id: TicketId,
    pub ticket_number: String,
    pub kind: NotificationKind,
    pub channel: NotificationChannel,
    pub recipient: Phone,
    pub body: String,
    pub status: NotificationStatus,
    pub attempts: i64,
    pub next_attempt_at: Timestamp,
    pub last_error: Option<String>,
    pub provider: Option<String>,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
}

#[derive(sqlx::FromRow)]
struct NotificationRow {
    id: i64,
    ticket_id: i64,
    ticket_number: String,
    kind: String,
    channel: String,
    recipient: String,
    body: String,
    status: String,
    attempts: i64,
    next_attempt_at: i64,
    last_error: Option<String>,
    provider: Option<String>,
    created_at: i64,
    sent_at: Option<i64>,
}

impl TryFrom<NotificationRow> for Notification {
    type Error = StoreError;
    fn try_from(row: NotificationRow) -> Result<Self, StoreError> {
        Ok(Notification {
            id: NotificationId(row.id),
            ticket_id: TicketId(row.ticket_id),
            ticket_number: row.ticket_number,
            kind: NotificationKind::from_code(&row.kind)
                .ok_or_else(|| corrupt("notification kind", &row.kind))?,
            channel: NotificationChannel::from_code(&row.channel)
                .ok_or_else(|| corrupt("notification channel", &row.channel))?,
            recipient: Phone::parse(&row.recipient)
                .map_err(|_| corrupt("recipient", &row.recipient))?,
            body: row.body,
            status: NotificationStatus::from_code(&row.status)
                .ok_or_else(|| corrupt("notification status", &row.status))?,
            attempts: row.attempts,
            next_attempt_at: millis(row.next_attempt_at),
            last_error: row.last_error,
            provider: row.provider,
            created_at: millis(row.created_at),
            sent_at: row.sent_at.map(millis),
        })
    }
}

fn millis(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// A notification to enqueue.
pub struct NewNotification<'a> {
    pub ticket_id: TicketId,
    pub ticket_number: &'a str,
    pub kind: NotificationKind,
    pub channel: NotificationChannel,
    pub recipient: &'a Phone,
    pub body: &'a str,
    pub created_at: Timestamp,
}

pub async fn insert(
    conn: &mut AnyConnection,
    n: &NewNotification<'_>,
) -> Result<NotificationId, StoreError> {
    let at = n.created_at.as_millisecond();
    let (id,): (i64,) = sqlx::query_as(
        "insert into notifications (ticket_id, ticket_number, kind, channel, recipient, body,
            status, attempts, next_attempt_at, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7, $7)
         returning id",
    )
    .bind(n.ticket_id.0)
    .bind(n.ticket_number)
    .bind(n.kind.as_code())
    .bind(n.channel.as_code())
    .bind(n.recipient.as_str())
    .bind(n.body)
    .bind(at)
    .fetch_one(conn)
    .await?;
    Ok(NotificationId(id))
}

/// Pending notifications due by `now`, oldest due first.
pub async fn list_due(
    conn: &mut AnyConnection,
    now: Timestamp,
    limit: i64,
) -> Result<Vec<Notification>, StoreError> {
    let rows: Vec<NotificationRow> = sqlx::query_as(AssertSqlSafe(format!(
        "select {COLUMNS} from notifications n
         where n.status = 'pending' and n.next_attempt_at <= $1
         order by n.next_attempt_at, n.id limit $2"
    )))
    .bind(now.as_millisecond())
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(Notification::try_from).collect()
}

/// Claims a due notification for one attempt: counts the attempt and moves its
/// next attempt past the lease, unless another worker claimed it first
/// (`false`). A worker that dies mid-send leaves it to be retried after the lease.
pub async fn claim(
    conn: &mut AnyConnection,
    n: &Notification,
    lease_until: Timestamp,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let res = sqlx::query(
        "update notifications set attempts = attempts + 1, next_attempt_at = $3, updated_at = $4
         where id = $1 and status = 'pending' and next_attempt_at = $2",
    )
    .bind(n.id.0)
    .bind(n.next_attempt_at.as_millisecond())
    .bind(lease_until.as_millisecond())
    .bind(now.as_millisecond())
    .execute(conn)
    .await?;
    Ok(res.rows_affected() == 1)
}

/// Records the outcome of an attempt or a decision not to send.
pub async fn set_outcome(
    conn: &mut AnyConnection,
    id: NotificationId,
    status: NotificationStatus,
    next_attempt_at: Timestamp,
    error: Option<&str>,
    provider: Option<&str>,
    now: Timestamp,
) -> Result<(), StoreError> {
    let sent_at = (status == NotificationStatus::Sent).then_some(now.as_millisecond());
    sqlx::query(
        "update notifications set status = $2, next_attempt_at = $3, last_error = $4,
            provider = coalesce($5, provider), sent_at = coalesce($6, sent_at), updated_at = $7
         where id = $1",
    )
    .bind(id.0)
    .bind(status.as_code())
    .bind(next_attempt_at.as_millisecond())
    .bind(error)
    .bind(provider)
    .bind(sent_at)
    .bind(now.as_millisecond())
    .execute(conn)
    .await?;
    Ok(())
}

/// Marks every pending notification created before `cutoff` expired; returns how many.
pub async fn expire_before(
    conn: &mut AnyConnection,
    cutoff: Timestamp,
    now: Timestamp,
) -> Result<u64, StoreError> {
    let res = sqlx::query(
        "update notifications set status = 'expired', updated_at = $2
         where status = 'pending' and created_at < $1",
    )
    .bind(cutoff.as_millisecond())
    .bind(now.as_millisecond())
    .execute(conn)
    .await?;
    Ok(res.rows_affected())
}

#[derive(Debug, Clone, Default)]
pub struct NotificationFilter {
    pub ticket_id: Option<TicketId>,
    pub status: Option<NotificationStatus>,
}

/// Notifications of tickets in the scope, newest first, and how many match.
pub async fn list(
    conn: &mut AnyConnection,
    scope: Scope,
    filter: &NotificationFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Notification>, i64), StoreError> {
    let mut c = Conditions::default();
    match scope {
        Scope::City => {}
        Scope::District(d) => c.push("t.district_id = ?", [Bind::Int(d.0)]),
        Scope::Organization(o) => c.push("t.organization_id = ?", [Bind::Int(o.0)]),
    }
    if let Some(t) = filter.ticket_id {
        c.push("n.ticket_id = ?", [Bind::Int(t.0)]);
    }
    if let Some(s) = filter.status {
        c.push("n.status = ?", [Bind::Text(s.as_code().into())]);
    }
    let from = "from notifications n join tickets t on t.id = n.ticket_id";
    let (total,): (i64,) = c
        .query_as(format!("select count(*) {from}{}", c.sql()))
        .fetch_one(&mut *conn)
        .await?;
    let n = c.next_placeholder();
    let rows: Vec<NotificationRow> = c
        .query_as(format!(
            "select {COLUMNS} {from}{} order by n.id desc limit ${} offset ${}",
            c.sql(),
            n,
            n + 1
        ))
        .bind(limit)
        .bind(offset)
        .fetch_all(conn)
        .await?;
    let items = rows
        .into_iter()
        .map(Notification::try_from)
        .collect::<Result<_, _>>()?;
    Ok((items, total))
}

/// Records an opt-out of a phone (every ticket) or of one ticket; an existing
/// identical opt-out is kept, not repeated.
pub async fn opt_out(
    conn: &mut AnyConnection,
    phone: &Phone,
    ticket: Option<TicketId>,
    by: Option<UserId>,
    now: Timestamp,
) -> Result<(), StoreError> {
    let existing: Option<(i64,)> = sqlx::query_as(
        "select id from notification_opt_outs
         where phone = $1 and (ticket_id = $2 or (ticket_id is null and $2 is null))",
    )
    .bind(phone.as_str())
    .bind(ticket.map(|t| t.0))
    .fetch_optional(&mut *conn)
    .await?;
    if existing.is_some() {
        return Ok(());
    }
    sqlx::query(
        "insert into notification_opt_outs (phone, ticket_id, created_by, created_at)
         values ($1, $2, $3, $4)",
    )
    .bind(phone.as_str())
    .bind(ticket.map(|t| t.0))
    .bind(by.map(|u| u.0))
    .bind(now.as_millisecond())
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether the resident opted out of notifications about this ticket.
pub async fn is_opted_out(
    conn: &mut AnyConnection,
    phone: &Phone,
    ticket: TicketId,
) -> Result<bool, StoreError> {
    let row: Option<(i64,)> = sqlx::query_as(
        "select id from notification_opt_outs
         where phone = $1 and (ticket_id is null or ticket_id = $2) limit 1",
    )
    .bind(phone.as_str())
    .bind(ticket.0)
    .fetch_optional(conn)
    .await?;
    Ok(row.is_some())
}
