//! Joint inspections: the visits, their linked tickets and invited
//! organizations, and the building's recent tickets repeat detection reads.

use domain::building::BuildingId;
use domain::category::Category;
use domain::district::DistrictId;
use domain::inspection::{
    InspectionId, InspectionState, InspectionStatus, JointInspection, NewInspection,
};
use domain::organization::OrganizationId;
use domain::repeat_detection::{OpenInspection, RecentTicket};
use domain::ticket::TicketId;
use domain::user::Scope;
use jiff::Timestamp;
use sqlx::AnyConnection;

use crate::conditions::{Bind, Conditions};
use crate::error::{StoreError, corrupt};

fn millis(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// An inspection as stored, with the facts the domain type does not hold.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredInspection {
    pub inspection: JointInspection,
    pub management_company_id: OrganizationId,
    pub heat_supplier_id: OrganizationId,
    pub schedule_note: Option<String>,
    pub address: String,
}

/// A line of an inspection list.
#[derive(Debug, Clone, PartialEq)]
pub struct InspectionSummary {
    pub id: InspectionId,
    pub building_id: BuildingId,
    pub address: String,
    pub district_id: DistrictId,
    pub status: InspectionStatus,
    pub opened_at: Timestamp,
    pub visit_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
    pub n_tickets: i64,
    pub n_open_remarks: i64,
}

/// Filters of an inspection list.
#[derive(Debug, Clone, Default)]
pub struct InspectionFilter {
    pub building_id: Option<BuildingId>,
    pub status: Option<InspectionStatus>,
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    building_id: i64,
    address: String,
    district_id: i64,
    status: String,
    opened_at: i64,
    visit_at: Option<i64>,
    completed_at: Option<i64>,
    n_tickets: i64,
    n_open_remarks: i64,
}

#[derive(sqlx::FromRow)]
struct InspectionRow {
    id: i64,
    building_id: i64,
    district_id: i64,
    management_company_id: i64,
    heat_supplier_id: i64,
    status: String,
    opened_at: i64,
    visit_at: Option<i64>,
    schedule_note: Option<String>,
    completed_at: Option<i64>,
    cancelled_at: Option<i64>,
    cancel_reason: Option<String>,
    version: i64,
    address: String,
}

/// Opens an inspection and links its triggering tickets.
pub async fn insert(
    conn: &mut AnyConnection,
    facts: &NewInspection,
    management_company_id: OrganizationId,
    heat_supplier_id: OrganizationId,
    opened_at: Timestamp,
) -> Result<InspectionId, StoreError> {
    let at = opened_at.as_millisecond();
    let (id,): (i64,) = sqlx::query_as(
        "insert into inspections (building_id, district_id, management_company_id,
            heat_supplier_id, status, opened_at, updated_at, version)
         values ($1, $2, $3, $4, $5, $6, $6, 1)
         returning id",
    )
    .bind(facts.building_id.0)
    .bind(facts.district_id.0)
    .bind(management_company_id.0)
    .bind(heat_supplier_id.0)
    .bind(InspectionStatus::Open.as_code())
    .bind(at)
    .fetch_one(&mut *conn)
    .await?;
    let id = InspectionId(id);
    for ticket in &facts.ticket_ids {
        link_ticket(conn, id, *ticket, opened_at).await?;
    }
    Ok(id)
}

pub async fn link_ticket(
    conn: &mut AnyConnection,
    id: InspectionId,
    ticket: TicketId,
    at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into inspection_tickets (inspection_id, ticket_id, linked_at) values ($1, $2, $3)",
    )
    .bind(id.0)
    .bind(ticket.0)
    .bind(at.as_millisecond())
    .execute(conn)
    .await?;
    Ok(())
}

fn push_scope(c: &mut Conditions, scope: Scope) {
    match scope {
        Scope::City => {}
        Scope::District(d) => c.push("i.district_id = ?", [Bind::Int(d.0)]),
        Scope::Organization(o) => c.push(
            "(i.management_company_id = ? or i.heat_supplier_id = ? or exists (
                select 1 from inspection_members m
                where m.inspection_id = i.id and m.organization_id = ?))",
            [Bind::Int(o.0), Bind::Int(o.0), Bind::Int(o.0)],
        ),
    }
}

/// An inspection in the scope, with its tickets and members; outside it `NotFound`.
pub async fn get(
    conn: &mut AnyConnection,
    id: InspectionId,
    scope: Scope,
) -> Result<StoredInspection, StoreError> {
    let mut c = Conditions::default();
    c.push("i.id = ?", [Bind::Int(id.0)]);
    push_scope(&mut c, scope);
    let row: InspectionRow = c
        .query_as(format!(
            "select i.id, i.building_id, i.district_id, i.management_company_id,
                i.heat_supplier_id, i.status, i.opened_at, i.visit_at, i.schedule_note,
                i.completed_at, i.cancelled_at, i.cancel_reason, i.version, b.address
             from inspections i join buildings b on b.id = i.building_id{}",
            c.sql()
        ))
        .fetch_one(&mut *conn)
        .await?;
    let tickets: Vec<(i64,)> = sqlx::query_as(
        "select ticket_id from inspection_tickets where inspection_id = $1
         order by linked_at, ticket_id",
    )
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await?;
    let members: Vec<(i64,)> = sqlx::query_as(
        "select organization_id from inspection_members where inspection_id = $1
         order by organization_id",
    )
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await?;
    let status =
        InspectionStatus::from_code(&row.status).ok_or_else(|| corrupt("status", &row.status))?;
    let facts = NewInspection {
        building_id: BuildingId(row.building_id),
        district_id: DistrictId(row.district_id),
        ticket_ids: Vec::new(),
    };
    let state = InspectionState {
        status,
        ticket_ids: tickets.into_iter().map(|(t,)| TicketId(t)).collect(),
        visit_at: row.visit_at.map(millis),
        members: members.into_iter().map(|(o,)| OrganizationId(o)).collect(),
        completed_at: row.completed_at.map(millis),
        cancelled_at: row.cancelled_at.map(millis),
        cancel_reason: row.cancel_reason,
        version: row.version,
    };
    Ok(StoredInspection {
        inspection: JointInspection::restore(
            InspectionId(row.id),
            facts,
            millis(row.opened_at),
            state,
        ),
        management_company_id: OrganizationId(row.management_company_id),
        heat_supplier_id: OrganizationId(row.heat_supplier_id),
        schedule_note: row.schedule_note,
        address: row.address,
    })
}

/// Writes a changed inspection's state unless someone changed it meanwhile
/// (then `Conflict`). Members are replaced when they changed; a member's
/// `notified_at` moves whenever the visit is (re)scheduled.
pub async fn update_state(
    conn: &mut AnyConnection,
    inspection: &JointInspection,
    expected_version: i64,
    schedule_note: Option<&str>,
    now: Timestamp,
) -> Result<(), StoreError> {
    let state = inspection.state();
    let done = sqlx::query(
        "update inspections set status = $3, visit_at = $4, schedule_note = $5,
            completed_at = $6, cancelled_at = $7, cancel_reason = $8, version = $9,
            updated_at = $10
         where id = $1 and version = $2",
    )
    .bind(inspection.id.0)
    .bind(expected_version)
    .bind(state.status.as_code())
    .bind(state.visit_at.map(|t| t.as_millisecond()))
    .bind(schedule_note)
    .bind(state.completed_at.map(|t| t.as_millisecond()))
    .bind(state.cancelled_at.map(|t| t.as_millisecond()))
    .bind(state.cancel_reason.as_deref())
    .bind(state.version)
    .bind(now.as_millisecond())
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::Conflict {
            constraint: "inspections.version".into(),
        });
    }
    Ok(())
}

/// Replaces the invited organizations, each notified `now`.
pub async fn set_members(
    conn: &mut AnyConnection,
    id: InspectionId,
    members: &[OrganizationId],
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query("delete from inspection_members where inspection_id = $1")
        .bind(id.0)
        .execute(&mut *conn)
        .await?;
    for member in members {
        sqlx::query(
            "insert into inspection_members (inspection_id, organization_id, notified_at)
             values ($1, $2, $3)",
        )
        .bind(id.0)
        .bind(member.0)
        .bind(now.as_millisecond())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The building's most recently opened inspection still to be visited.
pub async fn latest_open_for_building(
    conn: &mut AnyConnection,
    building: BuildingId,
) -> Result<Option<OpenInspection>, StoreError> {
    let row: Option<(i64, i64)> = sqlx::query_as(
        "select id, opened_at from inspections
         where building_id = $1 and status in ($2, $3)
         order by opened_at desc, id desc
         limit 1",
    )
    .bind(building.0)
    .bind(InspectionStatus::Open.as_code())
    .bind(InspectionStatus::Scheduled.as_code())
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(id, opened_at)| OpenInspection {
        id: InspectionId(id),
        opened_at: millis(opened_at),
    }))
}

/// The building's tickets created since `since` that no inspection has taken,
/// for repeat detection. Linked tickets are skipped in the query, so a building
/// with thousands of calls in the window still yields a handful of rows.
pub async fn unlinked_tickets(
    conn: &mut AnyConnection,
    building: BuildingId,
    since: Timestamp,
) -> Result<Vec<RecentTicket>, StoreError> {
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(
        "select t.id, t.category, t.created_at
         from tickets t
         where t.building_id = $1 and t.created_at >= $2
            and not exists (select 1 from inspection_tickets l where l.ticket_id = t.id)
         order by t.created_at, t.id",
    )
    .bind(building.0)
    .bind(since.as_millisecond())
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(id, category, created_at)| {
            Ok(RecentTicket {
                id: TicketId(id),
                category: Category::from_code(&category)
                    .ok_or_else(|| corrupt("category", &category))?,
                created_at: millis(created_at),
                inspection_id: None,
            })
        })
        .collect()
}

/// The inspection a ticket is linked to, if any (within the scope).
pub async fn for_ticket(
    conn: &mut AnyConnection,
    ticket: TicketId,
) -> Result<Option<InspectionId>, StoreError> {
    let row: Option<(i64,)> =
        sqlx::query_as("select inspection_id from inspection_tickets where ticket_id = $1")
            .bind(ticket.0)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(id,)| InspectionId(id)))
}

/// One page of inspections in the scope, newest first, and the total.
pub async fn list(
    conn: &mut AnyConnection,
    scope: Scope,
    filter: &InspectionFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<InspectionSummary>, i64), StoreError> {
    let mut c = Conditions::default();
    push_scope(&mut c, scope);
    if let Some(b) = filter.building_id {
        c.push("i.building_id = ?", [Bind::Int(b.0)]);
    }
    if let Some(s) = filter.status {
        c.push("i.status = ?", [Bind::Text(s.as_code().into())]);
    }
    let (total,): (i64,) = c
        .query_as(format!("select count(*) from inspections i{}", c.sql()))
        .fetch_one(&mut *conn)
        .await?;
    let n = c.next_placeholder();
    let rows: Vec<SummaryRow> = c
        .query_as(format!(
            "select i.id, i.building_id, b.address, i.district_id, i.status, i.opened_at,
                i.visit_at, i.completed_at,
                (select count(*) from inspection_tickets l where l.inspection_id = i.id) as n_tickets,
                (select count(*) from remarks r where r.inspection_id = i.id and r.status <> ${})
                    as n_open_remarks
             from inspections i join buildings b on b.id = i.building_id{}
             order by i.opened_at desc, i.id desc limit ${} offset ${}",
            n + 2,
            c.sql(),
            n,
            n + 1
        ))
        .bind(limit)
        .bind(offset)
        .bind(domain::remark::RemarkStatus::Verified.as_code())
        .fetch_all(conn)
        .await?;
    let items = rows
        .into_iter()
        .map(|r| {
            Ok(InspectionSummary {
                id: InspectionId(r.id),
                building_id: BuildingId(r.building_id),
                address: r.address,
                district_id: DistrictId(r.district_id),
                status: InspectionStatus::from_code(&r.status)
                    .ok_or_else(|| corrupt("status", &r.status))?,
                opened_at: millis(r.opened_at),
                visit_at: r.visit_at.map(millis),
                completed_at: r.completed_at.map(millis),
                n_tickets: r.n_tickets,
                n_open_remarks: r.n_open_remarks,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok((items, total))
}

/// Inspections still to be visited, each with the time its last ticket joined,
/// by id.
pub async fn open_with_last_link(
    conn: &mut AnyConnection,
) -> Result<Vec<(InspectionId, Timestamp)>, StoreError> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "select i.id, cast(max(l.linked_at) as bigint)
         from inspections i join inspection_tickets l on l.inspection_id = i.id
         where i.status in ($1, $2)
         group by i.id
         order by i.id",
    )
    .bind(InspectionStatus::Open.as_code())
    .bind(InspectionStatus::Scheduled.as_code())
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, at)| (InspectionId(id), millis(at)))
        .collect())
}
