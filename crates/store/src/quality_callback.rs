//! Quality callbacks: the calls placed, the queue of closed tickets still to
//! call, and the rows the statistics are counted from.

use domain::category::Category;
use domain::district::DistrictId;
use domain::organization::OrganizationId;
use domain::quality_callback::{Attempt, CallbackOutcome};
use domain::ticket::{TicketId, TicketStatus};
use domain::user::UserId;
use jiff::Timestamp;
use sqlx::AnyConnection;

use crate::conditions::{Bind, Conditions};
use crate::error::{StoreError, corrupt};

fn millis(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn outcome(code: &str) -> Result<CallbackOutcome, StoreError> {
    CallbackOutcome::from_code(code).ok_or_else(|| corrupt("callback outcome", code))
}

/// One call to write.
#[derive(Debug, Clone)]
pub struct NewCall<'a> {
    pub ticket_id: TicketId,
    /// The closing this call verifies.
    pub round_closed_at: Timestamp,
    /// 1 for the first call of the round.
    pub attempt: i64,
    pub outcome: CallbackOutcome,
    /// Set when this call ends the round.
    pub round_outcome: Option<CallbackOutcome>,
    pub retry_at: Option<Timestamp>,
    pub comment: Option<&'a str>,
    pub controller: Option<UserId>,
    pub called_at: Timestamp,
    pub district_id: Option<DistrictId>,
    pub organization_id: Option<OrganizationId>,
    pub category: Category,
}

/// Writes a call; a second call with the same attempt number of a round is a
/// `Conflict` (two controllers recording the same call).
pub async fn insert(conn: &mut AnyConnection, call: &NewCall<'_>) -> Result<i64, StoreError> {
    let (id,): (i64,) = sqlx::query_as(
        "insert into quality_callbacks (ticket_id, round_closed_at, attempt, outcome,
            round_outcome, retry_at, comment, controller_user_id, called_at, district_id,
            organization_id, category)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         returning id",
    )
    .bind(call.ticket_id.0)
    .bind(call.round_closed_at.as_millisecond())
    .bind(call.attempt)
    .bind(call.outcome.as_code())
    .bind(call.round_outcome.map(CallbackOutcome::as_code))
    .bind(call.retry_at.map(|t| t.as_millisecond()))
    .bind(call.comment)
    .bind(call.controller.map(|u| u.0))
    .bind(call.called_at.as_millisecond())
    .bind(call.district_id.map(|d| d.0))
    .bind(call.organization_id.map(|o| o.0))
    .bind(call.category.as_code())
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// Every call placed about a ticket, any round, in time order.
pub async fn history(
    conn: &mut AnyConnection,
    ticket_id: TicketId,
) -> Result<Vec<Attempt>, StoreError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "select called_at, outcome from quality_callbacks where ticket_id = $1
         order by called_at, id",
    )
    .bind(ticket_id.0)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(at, code)| {
            Ok(Attempt {
                at: millis(at),
                outcome: outcome(&code)?,
            })
        })
        .collect()
}

/// Filters of the queue.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    pub district_id: Option<DistrictId>,
    pub organization_id: Option<OrganizationId>,
    pub category: Option<Category>,
    /// Closed at or after.
    pub closed_from: Option<Timestamp>,
    /// Closed before.
    pub closed_to: Option<Timestamp>,
}

/// A closed ticket due for a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueEntry {
    pub ticket_id: TicketId,
    pub district_id: Option<DistrictId>,
    pub organization_id: Option<OrganizationId>,
    pub closed_at: Timestamp,
    /// Unanswered calls so far in this round.
    pub attempts: i64,
}

/// Closed tickets whose current closing has no finished round and no retry
/// pending after `now`, oldest closing first.
pub async fn queue(
    conn: &mut AnyConnection,
    filter: &QueueFilter,
    now: Timestamp,
) -> Result<Vec<QueueEntry>, StoreError> {
    let mut c = Conditions::default();
    c.push(
        "t.status = ?",
        [Bind::Text(TicketStatus::Closed.as_code().into())],
    );
    c.push("t.closed_at is not null", []);
    c.push(
        "not exists (select 1 from quality_callbacks q where q.ticket_id = t.id
            and q.round_closed_at = t.closed_at
            and (q.round_outcome is not null or q.retry_at > ?))",
        [Bind::Int(now.as_millisecond())],
    );
    if let Some(d) = filter.district_id {
        c.push("t.district_id = ?", [Bind::Int(d.0)]);
    }
    if let Some(o) = filter.organization_id {
        c.push("t.organization_id = ?", [Bind::Int(o.0)]);
    }
    if let Some(cat) = filter.category {
        c.push("t.category = ?", [Bind::Text(cat.as_code().into())]);
    }
    if let Some(from) = filter.closed_from {
        c.push("t.closed_at >= ?", [Bind::Int(from.as_millisecond())]);
    }
    if let Some(to) = filter.closed_to {
        c.push("t.closed_at < ?", [Bind::Int(to.as_millisecond())]);
    }
    let rows: Vec<QueueRow> = c
        .query_as(format!(
            "select t.id, t.district_id, t.organization_id, t.closed_at,
                (select count(*) from quality_callbacks q where q.ticket_id = t.id
                    and q.round_closed_at = t.closed_at) as attempts
             from tickets t{}
             order by t.closed_at, t.id",
            c.sql()
        ))
        .fetch_all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, district, organization, closed_at, attempts)| QueueEntry {
                ticket_id: TicketId(id),
                district_id: district.map(DistrictId),
                organization_id: organization.map(OrganizationId),
                closed_at: millis(closed_at),
                attempts,
            },
        )
        .collect())
}

/// Ticket id, district, organization, closed at, attempts this round.
type QueueRow = (i64, Option<i64>, Option<i64>, i64, i64);

/// Filters of the statistics.
#[derive(Debug, Clone, Default)]
pub struct CallFilter {
    /// Calls placed at or after.
    pub since: Option<Timestamp>,
    /// Calls placed before.
    pub until: Option<Timestamp>,
    pub district_id: Option<DistrictId>,
    pub organization_id: Option<OrganizationId>,
}

/// One call as the statistics count it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRecord {
    pub ticket_id: TicketId,
    pub round_closed_at: Timestamp,
    pub outcome: CallbackOutcome,
    pub called_at: Timestamp,
    pub district_id: Option<DistrictId>,
    pub organization_id: Option<OrganizationId>,
    pub category: Category,
    /// The ticket's status now.
    pub ticket_status: TicketStatus,
    /// The ticket's deadline now.
    pub ticket_due_at: Option<Timestamp>,
}

/// The calls matching the filter, grouped by round (ticket, closing) and in
/// time order within each.
pub async fn calls(
    conn: &mut AnyConnection,
    filter: &CallFilter,
) -> Result<Vec<CallRecord>, StoreError> {
    let mut c = Conditions::default();
    if let Some(since) = filter.since {
        c.push("q.called_at >= ?", [Bind::Int(since.as_millisecond())]);
    }
    if let Some(until) = filter.until {
        c.push("q.called_at < ?", [Bind::Int(until.as_millisecond())]);
    }
    if let Some(d) = filter.district_id {
        c.push("q.district_id = ?", [Bind::Int(d.0)]);
    }
    if let Some(o) = filter.organization_id {
        c.push("q.organization_id = ?", [Bind::Int(o.0)]);
    }
    #[derive(sqlx::FromRow)]
    struct Row {
        ticket_id: i64,
        round_closed_at: i64,
        outcome: String,
        called_at: i64,
        district_id: Option<i64>,
        organization_id: Option<i64>,
        category: String,
        status: String,
        due_at: Option<i64>,
    }
    let rows: Vec<Row> = c
        .query_as(format!(
            "select q.ticket_id, q.round_closed_at, q.outcome, q.called_at, q.district_id,
                q.organization_id, q.category, t.status, t.due_at
             from quality_callbacks q join tickets t on t.id = q.ticket_id{}
             order by q.ticket_id, q.round_closed_at, q.called_at, q.id",
            c.sql()
        ))
        .fetch_all(conn)
        .await?;
    rows.into_iter()
        .map(|r| {
            Ok(CallRecord {
                ticket_id: TicketId(r.ticket_id),
                round_closed_at: millis(r.round_closed_at),
                outcome: outcome(&r.outcome)?,
                called_at: millis(r.called_at),
                district_id: r.district_id.map(DistrictId),
                organization_id: r.organization_id.map(OrganizationId),
                category: Category::from_code(&r.category)
                    .ok_or_else(|| corrupt("category", &r.category))?,
                ticket_status: TicketStatus::from_code(&r.status)
                    .ok_or_else(|| corrupt("ticket status", &r.status))?,
                ticket_due_at: r.due_at.map(millis),
            })
        })
        .collect()
}
