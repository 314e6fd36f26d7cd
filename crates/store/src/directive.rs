//! HQ directives (поручения) and what they are linked to.
//!
//! Overdue is never stored: lists filter it as `done_at is null and
//! deadline_at < $now` (see `domain::directive`).

use domain::directive::{
    Completion, Directive, DirectiveId, DirectiveLink, DirectiveOwner, DirectiveStatus,
    NewDirective,
};
use domain::district::DistrictId;
use domain::hq_meeting::{Hq, HqMeetingId};
use domain::organization::OrganizationId;
use domain::user::UserId;
use jiff::Timestamp;
use sqlx::AnyConnection;

use crate::conditions::{Bind, Conditions};
use crate::error::{StoreError, corrupt};

const COLUMNS: &str = "id, hq, meeting_id, text, owner_kind, owner_id, deadline_at, issued_at,
    done_at, report";

#[derive(sqlx::FromRow)]
struct DirectiveRow {
    id: i64,
    hq: String,
    meeting_id: Option<i64>,
    text: String,
    owner_kind: String,
    owner_id: i64,
    deadline_at: i64,
    issued_at: i64,
    done_at: Option<i64>,
    report: Option<String>,
}

fn millis(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

impl TryFrom<DirectiveRow> for Directive {
    type Error = StoreError;
    fn try_from(row: DirectiveRow) -> Result<Self, StoreError> {
        let facts = NewDirective {
            hq: Hq::from_code(&row.hq).ok_or_else(|| corrupt("hq", &row.hq))?,
            meeting_id: row.meeting_id.map(HqMeetingId),
            text: row.text,
            owner: DirectiveOwner::from_parts(&row.owner_kind, row.owner_id)
                .ok_or_else(|| corrupt("directive owner", &row.owner_kind))?,
            deadline: millis(row.deadline_at),
        };
        let completion = match row.done_at {
            Some(at) => Some(Completion {
                at: millis(at),
                report: row.report.unwrap_or_default(),
            }),
            None => None,
        };
        Ok(Directive::restore(
            DirectiveId(row.id),
            facts,
            millis(row.issued_at),
            completion,
        ))
    }
}

/// Stores a new directive with its links.
pub async fn insert(
    conn: &mut AnyConnection,
    directive: &NewDirective,
    links: &[DirectiveLink],
    by: UserId,
    now: Timestamp,
) -> Result<DirectiveId, StoreError> {
    let (owner_kind, owner_id) = directive.owner.to_parts();
    let (id,): (i64,) = sqlx::query_as(
        "insert into directives (hq, district_id, meeting_id, text, owner_kind, owner_id,
            deadline_at, issued_at, issued_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         returning id",
    )
    .bind(directive.hq.code())
    .bind(directive.hq.district_id().map(|d| d.0))
    .bind(directive.meeting_id.map(|m| m.0))
    .bind(&directive.text)
    .bind(owner_kind)
    .bind(owner_id)
    .bind(directive.deadline.as_millisecond())
    .bind(now.as_millisecond())
    .bind(by.0)
    .fetch_one(&mut *conn)
    .await?;
    for link in links {
        let (kind, target) = link.to_parts();
        sqlx::query(
            "insert into directive_links (directive_id, kind, target_id) values ($1, $2, $3)
             on conflict (directive_id, kind, target_id) do nothing",
        )
        .bind(id)
        .bind(kind)
        .bind(target)
        .execute(&mut *conn)
        .await?;
    }
    Ok(DirectiveId(id))
}

pub async fn get(conn: &mut AnyConnection, id: DirectiveId) -> Result<Directive, StoreError> {
    let row: DirectiveRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {COLUMNS} from directives where id = $1"
    )))
    .bind(id.0)
    .fetch_one(conn)
    .await?;
    row.try_into()
}

/// The links of the given directives.
pub async fn links(
    conn: &mut AnyConnection,
    ids: &[DirectiveId],
) -> Result<Vec<(DirectiveId, DirectiveLink)>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
    let sql = format!(
        "select directive_id, kind, target_id from directive_links
         where directive_id in ({}) order by directive_id, id",
        placeholders.join(", ")
    );
    let mut query = sqlx::query_as::<_, (i64, String, i64)>(sqlx::AssertSqlSafe(sql));
    for id in ids {
        query = query.bind(id.0);
    }
    query
        .fetch_all(conn)
        .await?
        .into_iter()
        .map(|(id, kind, target)| {
            DirectiveLink::from_parts(&kind, target)
                .map(|link| (DirectiveId(id), link))
                .ok_or_else(|| corrupt("directive link", &kind))
        })
        .collect()
}

/// Whose directives a list may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveScope {
    All,
    /// Issued by the district's HQ or addressed to it.
    District(DistrictId),
    /// Addressed to the organization.
    Organization(OrganizationId),
}

/// Filters of a directive list; every one optional.
#[derive(Debug, Clone, Default)]
pub struct DirectiveFilter {
    pub hq: Option<Hq>,
    pub owner: Option<DirectiveOwner>,
    pub meeting_id: Option<HqMeetingId>,
    /// With the instant the status is taken at.
    pub status: Option<(DirectiveStatus, Timestamp)>,
}

/// Directives in the scope matching the filter: most urgent (earliest
/// deadline) first, done ones after the open.
pub async fn list(
    conn: &mut AnyConnection,
    scope: DirectiveScope,
    filter: &DirectiveFilter,
    limit: i64,
) -> Result<Vec<Directive>, StoreError> {
    let mut c = Conditions::default();
    match scope {
        DirectiveScope::All => {}
        DirectiveScope::District(d) => c.push(
            "(hq = ? or (owner_kind = 'district' and owner_id = ?))",
            [Bind::Text(Hq::District(d).code()), Bind::Int(d.0)],
        ),
        DirectiveScope::Organization(o) => {
            c.push(
                "owner_kind = 'organization' and owner_id = ?",
                [Bind::Int(o.0)],
            );
        }
    }
    if let Some(hq) = filter.hq {
        c.push("hq = ?", [Bind::Text(hq.code())]);
    }
    if let Some(owner) = filter.owner {
        let (kind, id) = owner.to_parts();
        c.push(
            "owner_kind = ? and owner_id = ?",
            [Bind::Text(kind.into()), Bind::Int(id)],
        );
    }
    if let Some(meeting) = filter.meeting_id {
        c.push("meeting_id = ?", [Bind::Int(meeting.0)]);
    }
    if let Some((status, now)) = filter.status {
        let now = Bind::Int(now.as_millisecond());
        match status {
            DirectiveStatus::Open => c.push("done_at is null and deadline_at >= ?", [now]),
            DirectiveStatus::Overdue => c.push("done_at is null and deadline_at < ?", [now]),
            DirectiveStatus::Done => c.push("done_at is not null", []),
        }
    }
    let n = c.next_placeholder();
    let rows: Vec<DirectiveRow> = c
        .query_as(format!(
            "select {COLUMNS} from directives{}
             order by done_at is not null, deadline_at, id limit ${n}",
            c.sql()
        ))
        .bind(limit)
        .fetch_all(conn)
        .await?;
    rows.into_iter().map(Directive::try_from).collect()
}

/// Directives that were open and past their deadline at `at` (reports filed
/// later included, so a past meeting sees what it saw then), of one HQ or of
/// all. The rule of which of them a meeting takes up is
/// `domain::directive::carried_over`; this only narrows the rows.
pub async fn overdue_at(
    conn: &mut AnyConnection,
    hq: Option<Hq>,
    at: Timestamp,
) -> Result<Vec<Directive>, StoreError> {
    let at = at.as_millisecond();
    let mut c = Conditions::default();
    c.push(
        "issued_at < ? and deadline_at < ? and (done_at is null or done_at > ?)",
        [Bind::Int(at), Bind::Int(at), Bind::Int(at)],
    );
    if let Some(hq) = hq {
        c.push("hq = ?", [Bind::Text(hq.code())]);
    }
    let rows: Vec<DirectiveRow> = c
        .query_as(format!(
            "select {COLUMNS} from directives{} order by deadline_at, id",
            c.sql()
        ))
        .fetch_all(conn)
        .await?;
    rows.into_iter().map(Directive::try_from).collect()
}

/// Records the report of a directive that is still open; `Conflict` when
/// someone reported it first.
pub async fn complete(
    conn: &mut AnyConnection,
    id: DirectiveId,
    completion: &Completion,
    by: UserId,
) -> Result<(), StoreError> {
    let res = sqlx::query(
        "update directives set done_at = $2, report = $3, reported_by = $4
         where id = $1 and done_at is null",
    )
    .bind(id.0)
    .bind(completion.at.as_millisecond())
    .bind(&completion.report)
    .bind(by.0)
    .execute(conn)
    .await?;
    if res.rows_affected() == 0 {
        return Err(StoreError::Conflict {
            constraint: "directives.done_at".into(),
        });
    }
    Ok(())
}
