//! The counts an HQ's workspace and meeting agendas are built from: tickets per
//! category in a time range, the buildings with the most tickets, overdue
//! tickets and remarks by organization as of an instant, joint inspections in
//! progress, and tickets reopened in a range.
//!
//! Every query takes the HQ's district (`None` for the whole city) and puts it
//! in the `where` clause. Not here: which weeks to compare (domain) and how the
//! sections are assembled (`app::hq::agenda`).

use domain::building::BuildingId;
use domain::category::Category;
use domain::district::DistrictId;
use domain::inspection::{InspectionId, InspectionStatus};
use domain::norm::VerdictKind;
use domain::organization::OrganizationId;
use domain::remark::RemarkStatus;
use domain::ticket::{TicketId, TicketNumber, TicketStatus};
use jiff::Timestamp;
use sqlx::AnyConnection;

use crate::conditions::{Bind, Conditions};
use crate::error::{StoreError, corrupt};

fn millis(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn district_condition(c: &mut Conditions, column: &str, district: Option<DistrictId>) {
    if let Some(d) = district {
        c.push(&format!("{column} = ?"), [Bind::Int(d.0)]);
    }
}

/// Tickets created in `[from, to)` per category; categories with none are absent.
pub async fn count_by_category(
    conn: &mut AnyConnection,
    district: Option<DistrictId>,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<(Category, i64)>, StoreError> {
    let mut c = Conditions::default();
    c.push(
        "created_at >= ? and created_at < ?",
        [
            Bind::Int(from.as_millisecond()),
            Bind::Int(to.as_millisecond()),
        ],
    );
    district_condition(&mut c, "district_id", district);
    let rows: Vec<(String, i64)> = c
        .query_as(format!(
            "select category, count(*) from tickets{} group by category",
            c.sql()
        ))
        .fetch_all(conn)
        .await?;
    rows.into_iter()
        .map(|(code, n)| {
            Category::from_code(&code)
                .map(|category| (category, n))
                .ok_or_else(|| corrupt("category", &code))
        })
        .collect()
}

/// A building and how many tickets came from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildingCount {
    pub building_id: BuildingId,
    pub address: String,
    pub district_id: DistrictId,
    pub tickets: i64,
    /// Of those, heating categories (no heat, air lock, overheating).
    pub heating: i64,
}

/// The buildings with the most tickets created in `[from, to)`, most first,
/// ties by building id; only buildings with at least `min_tickets`.
pub async fn top_buildings(
    conn: &mut AnyConnection,
    district: Option<DistrictId>,
    from: Timestamp,
    to: Timestamp,
    min_tickets: i64,
    limit: i64,
) -> Result<Vec<BuildingCount>, StoreError> {
    let mut c = Conditions::default();
    c.push(
        "t.created_at >= ? and t.created_at < ?",
        [
            Bind::Int(from.as_millisecond()),
            Bind::Int(to.as_millisecond()),
        ],
    );
    district_condition(&mut c, "t.district_id", district);
    let n = c.next_placeholder();
    let rows: Vec<(i64, String, i64, i64, i64)> = c
        .query_as(format!(
            "select b.id, b.address, b.district_id, count(*) as n,
                cast(sum(case when t.category in ('no_heat', 'air_lock', 'overheating')
                    then 1 else 0 end) as bigint) as heating
             from tickets t join buildings b on b.id = t.building_id{}
             group by b.id, b.address, b.district_id
             having count(*) >= ${n}
             order by n desc, b.id
             limit ${}",
            c.sql(),
            n + 1
        ))
        .bind(min_tickets)
        .bind(limit)
        .fetch_all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, address, district_id, tickets, heating)| BuildingCount {
                building_id: BuildingId(id),
                address,
                district_id: DistrictId(district_id),
                tickets,
                heating,
            },
        )
        .collect())
}

/// An organization's tickets (or remarks) that were open and past their deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueCount {
    pub organization_id: OrganizationId,
    pub organization: String,
    pub count: i64,
    /// The deadline of the longest-overdue one.
    pub oldest_due_at: Timestamp,
}

/// Tickets open and past their deadline at `at`, by organization, most first.
///
/// "Open at `at`" is read from the ticket as it is now: registered before
/// `at`, and not closed or closed after `at`. A ticket closed and reopened
/// later counts as open throughout, since reopening clears its closing time.
pub async fn overdue_by_organization(
    conn: &mut AnyConnection,
    district: Option<DistrictId>,
    at: Timestamp,
) -> Result<Vec<OverdueCount>, StoreError> {
    let at = at.as_millisecond();
    let mut c = Conditions::default();
    c.push(
        "t.created_at < ? and t.due_at < ? and (t.closed_at is null or t.closed_at > ?)",
        [Bind::Int(at), Bind::Int(at), Bind::Int(at)],
    );
    district_condition(&mut c, "t.district_id", district);
    let rows: Vec<(i64, String, i64, i64)> = c
        .query_as(format!(
            "select o.id, o.name, count(*) as n, min(t.due_at)
             from tickets t join organizations o on o.id = t.organization_id{}
             group by o.id, o.name
             order by n desc, o.id",
            c.sql()
        ))
        .fetch_all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, count, oldest)| OverdueCount {
            organization_id: OrganizationId(id),
            organization: name,
            count,
            oldest_due_at: millis(oldest),
        })
        .collect())
}

/// Remarks not eliminated and past their deadline at `at`, by organization,
/// most first. A remark eliminated after `at` counts as open at `at`.
pub async fn overdue_remarks_by_organization(
    conn: &mut AnyConnection,
    district: Option<DistrictId>,
    at: Timestamp,
) -> Result<Vec<OverdueCount>, StoreError> {
    let at = at.as_millisecond();
    let mut c = Conditions::default();
    c.push(
        "r.created_at < ? and r.due_at < ? and (r.status = ? or r.eliminated_at > ?)",
        [
            Bind::Int(at),
            Bind::Int(at),
            Bind::Text(RemarkStatus::Open.as_code().into()),
            Bind::Int(at),
        ],
    );
    district_condition(&mut c, "r.district_id", district);
    let rows: Vec<(i64, String, i64, i64)> = c
        .query_as(format!(
            "select o.id, o.name, count(*) as n, min(r.due_at)
             from remarks r join organizations o on o.id = r.organization_id{}
             group by o.id, o.name
             order by n desc, o.id",
            c.sql()
        ))
        .fetch_all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, count, oldest)| OverdueCount {
            organization_id: OrganizationId(id),
            organization: name,
            count,
            oldest_due_at: millis(oldest),
        })
        .collect())
}

/// A joint inspection as an HQ reviews it: how far it got and what its act found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectionLine {
    pub id: InspectionId,
    pub address: String,
    pub status: InspectionStatus,
    pub opened_at: Timestamp,
    pub visit_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
    /// Residents' tickets linked to it.
    pub tickets: i64,
    /// Readings of its act that broke a norm (cold hot water included).
    pub violations: i64,
    /// Its remarks not yet verified as eliminated.
    pub open_remarks: i64,
}

/// Inspections opened before `at` and still to be visited, then those
/// completed in `[from, at)`; to visit first, each group oldest first.
pub async fn inspections_in_progress(
    conn: &mut AnyConnection,
    district: Option<DistrictId>,
    from: Timestamp,
    at: Timestamp,
    limit: i64,
) -> Result<Vec<InspectionLine>, StoreError> {
    let (from, at) = (from.as_millisecond(), at.as_millisecond());
    let mut c = Conditions::default();
    c.push(
        "i.opened_at < ? and (i.status in (?, ?)
            or (i.status = ? and i.completed_at >= ? and i.completed_at < ?))",
        [
            Bind::Int(at),
            Bind::Text(InspectionStatus::Open.as_code().into()),
            Bind::Text(InspectionStatus::Scheduled.as_code().into()),
            Bind::Text(InspectionStatus::Completed.as_code().into()),
            Bind::Int(from),
            Bind::Int(at),
        ],
    );
    district_condition(&mut c, "i.district_id", district);
    let n = c.next_placeholder();
    #[allow(clippy::type_complexity)]
    let rows: Vec<(
        i64,
        String,
        String,
        i64,
        Option<i64>,
        Option<i64>,
        i64,
        i64,
        i64,
    )> = c
        .query_as(format!(
            "select i.id, b.address, i.status, i.opened_at, i.visit_at, i.completed_at,
                (select count(*) from inspection_tickets l where l.inspection_id = i.id),
                (select count(*) from inspection_verdicts v
                    where v.inspection_id = i.id and v.verdict in (${}, ${})),
                (select count(*) from remarks r where r.inspection_id = i.id and r.status <> ${})
             from inspections i join buildings b on b.id = i.building_id{}
             order by case when i.completed_at is null then 0 else 1 end, i.opened_at, i.id
             limit ${n}",
            n + 1,
            n + 2,
            n + 3,
            c.sql()
        ))
        .bind(limit)
        .bind(VerdictKind::Violation.as_code())
        .bind(VerdictKind::ColdWater.as_code())
        .bind(RemarkStatus::Verified.as_code())
        .fetch_all(conn)
        .await?;
    rows.into_iter()
        .map(
            |(id, address, status, opened, visit, completed, tickets, violations, open_remarks)| {
                Ok(InspectionLine {
                    id: InspectionId(id),
                    address,
                    status: InspectionStatus::from_code(&status)
                        .ok_or_else(|| corrupt("inspection status", &status))?,
                    opened_at: millis(opened),
                    visit_at: visit.map(millis),
                    completed_at: completed.map(millis),
                    tickets,
                    violations,
                    open_remarks,
                })
            },
        )
        .collect()
}

/// A ticket returned for more work, with where it stands now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReopenedTicket {
    pub id: TicketId,
    pub number: TicketNumber,
    pub address: Option<String>,
    pub organization: Option<String>,
    pub status: TicketStatus,
    pub reopened_at: Timestamp,
    /// Why it was returned (the reopening event's comment).
    pub comment: Option<String>,
}

/// Tickets reopened in `[from, to)` (their latest reopening in the range),
/// latest first.
pub async fn reopened_between(
    conn: &mut AnyConnection,
    district: Option<DistrictId>,
    from: Timestamp,
    to: Timestamp,
    limit: i64,
) -> Result<Vec<ReopenedTicket>, StoreError> {
    let mut c = Conditions::default();
    c.push(
        "e.kind = 'reopened' and e.at >= ? and e.at < ?",
        [
            Bind::Int(from.as_millisecond()),
            Bind::Int(to.as_millisecond()),
        ],
    );
    district_condition(&mut c, "t.district_id", district);
    reopened(conn, c, limit).await
}

/// Tickets whose status is reopened now, latest reopening first.
pub async fn reopened_now(
    conn: &mut AnyConnection,
    district: Option<DistrictId>,
    limit: i64,
) -> Result<Vec<ReopenedTicket>, StoreError> {
    let mut c = Conditions::default();
    c.push("e.kind = 'reopened' and t.status = 'reopened'", []);
    district_condition(&mut c, "t.district_id", district);
    reopened(conn, c, limit).await
}

async fn reopened(
    conn: &mut AnyConnection,
    c: Conditions,
    limit: i64,
) -> Result<Vec<ReopenedTicket>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        number_year: i64,
        number_seq: i64,
        address: Option<String>,
        organization: Option<String>,
        status: String,
        event_id: i64,
    }
    let n = c.next_placeholder();
    let rows: Vec<Row> = c
        .query_as(format!(
            "select t.id, t.number_year, t.number_seq, t.address, o.name as organization,
                t.status, max(e.id) as event_id
             from ticket_events e
             join tickets t on t.id = e.ticket_id
             left join organizations o on o.id = t.organization_id{}
             group by t.id, t.number_year, t.number_seq, t.address, o.name, t.status
             order by event_id desc
             limit ${n}",
            c.sql()
        ))
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let (at, comment): (i64, Option<String>) =
            sqlx::query_as("select at, comment from ticket_events where id = $1")
                .bind(row.event_id)
                .fetch_one(&mut *conn)
                .await?;
        let year = i16::try_from(row.number_year)
            .map_err(|_| corrupt("year", &row.number_year.to_string()))?;
        out.push(ReopenedTicket {
            id: TicketId(row.id),
            number: TicketNumber::new(year, row.number_seq),
            address: row.address,
            organization: row.organization,
            status: TicketStatus::from_code(&row.status)
                .ok_or_else(|| corrupt("status", &row.status))?,
            reopened_at: millis(at),
            comment,
        });
    }
    Ok(out)
}

/// An open ticket past its deadline, on its HQ's escalated list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalatedTicket {
    pub id: TicketId,
    pub number: TicketNumber,
    pub category: Category,
    pub address: Option<String>,
    /// `None` for a ticket the district HQ itself handles.
    pub organization: Option<String>,
    pub due_at: Timestamp,
}

/// Tickets open and past their deadline at `at` in the district (or the
/// whole city), the longest overdue first. Decided on read, so a ticket is
/// here from the moment its deadline passes.
pub async fn escalated_now(
    conn: &mut AnyConnection,
    district: Option<DistrictId>,
    at: Timestamp,
    limit: i64,
) -> Result<Vec<EscalatedTicket>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        number_year: i64,
        number_seq: i64,
        category: String,
        address: Option<String>,
        organization: Option<String>,
        due_at: i64,
    }
    let mut c = Conditions::default();
    c.push(
        "t.closed_at is null and t.due_at < ?",
        [Bind::Int(at.as_millisecond())],
    );
    district_condition(&mut c, "t.district_id", district);
    let n = c.next_placeholder();
    let rows: Vec<Row> = c
        .query_as(format!(
            "select t.id, t.number_year, t.number_seq, t.category, t.address,
                o.name as organization, t.due_at
             from tickets t left join organizations o on o.id = t.organization_id{}
             order by t.due_at, t.id
             limit ${n}",
            c.sql()
        ))
        .bind(limit)
        .fetch_all(conn)
        .await?;
    rows.into_iter()
        .map(|r| {
            Ok(EscalatedTicket {
                id: TicketId(r.id),
                number: TicketNumber::new(
                    i16::try_from(r.number_year)
                        .map_err(|_| corrupt("number_year", &r.number_year.to_string()))?,
                    r.number_seq,
                ),
                category: Category::from_code(&r.category)
                    .ok_or_else(|| corrupt("category", &r.category))?,
                address: r.address,
                organization: r.organization,
                due_at: millis(r.due_at),
            })
        })
        .collect()
}
