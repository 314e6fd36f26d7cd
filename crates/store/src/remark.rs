//! Remarks (замечания) of inspections: insert, read within a scope, list, and
//! optimistic state updates.

use domain::building::BuildingId;
use domain::district::DistrictId;
use domain::inspection::InspectionId;
use domain::organization::OrganizationId;
use domain::remark::{NewRemark, Remark, RemarkId, RemarkIssue, RemarkState, RemarkStatus};
use domain::user::{Scope, UserId};
use jiff::Timestamp;
use sqlx::AnyConnection;

use crate::conditions::{Bind, Conditions};
use crate::error::{StoreError, corrupt};

fn millis(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

const COLUMNS: &str = "r.id, r.inspection_id, r.district_id, r.building_id, r.organization_id,
    r.issue, r.text, r.reference, r.status, r.due_at, r.created_at, r.eliminated_at,
    r.elimination_comment, r.verified_at, r.rejection_comment, r.version, b.address,
    o.name as organization_name";

const FROM: &str = "remarks r join buildings b on b.id = r.building_id
    join organizations o on o.id = r.organization_id";

/// A remark with where it is and whose it is.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRemark {
    pub remark: Remark,
    pub district_id: DistrictId,
    pub building_id: BuildingId,
    pub address: String,
    pub organization_name: String,
}

#[derive(sqlx::FromRow)]
struct RemarkRow {
    id: i64,
    inspection_id: i64,
    district_id: i64,
    building_id: i64,
    organization_id: i64,
    issue: String,
    text: String,
    reference: String,
    status: String,
    due_at: i64,
    created_at: i64,
    eliminated_at: Option<i64>,
    elimination_comment: Option<String>,
    verified_at: Option<i64>,
    rejection_comment: Option<String>,
    version: i64,
    address: String,
    organization_name: String,
}

impl TryFrom<RemarkRow> for StoredRemark {
    type Error = StoreError;
    fn try_from(row: RemarkRow) -> Result<Self, StoreError> {
        let facts = NewRemark {
            inspection_id: InspectionId(row.inspection_id),
            organization_id: OrganizationId(row.organization_id),
            issue: RemarkIssue::from_code(&row.issue)
                .ok_or_else(|| corrupt("issue", &row.issue))?,
            text: row.text,
            reference: row.reference,
            due_at: millis(row.due_at),
        };
        let state = RemarkState {
            status: RemarkStatus::from_code(&row.status)
                .ok_or_else(|| corrupt("remark status", &row.status))?,
            due_at: millis(row.due_at),
            eliminated_at: row.eliminated_at.map(millis),
            elimination_comment: row.elimination_comment,
            verified_at: row.verified_at.map(millis),
            rejection_comment: row.rejection_comment,
            version: row.version,
        };
        Ok(StoredRemark {
            remark: Remark::restore(RemarkId(row.id), facts, millis(row.created_at), state),
            district_id: DistrictId(row.district_id),
            building_id: BuildingId(row.building_id),
            address: row.address,
            organization_name: row.organization_name,
        })
    }
}

/// Where a new remark is: copied from its inspection so lists need no join.
pub struct RemarkPlace {
    pub district_id: DistrictId,
    pub building_id: BuildingId,
}

pub async fn insert(
    conn: &mut AnyConnection,
    facts: &NewRemark,
    place: &RemarkPlace,
    created_by: Option<UserId>,
    now: Timestamp,
) -> Result<RemarkId, StoreError> {
    let (id,): (i64,) = sqlx::query_as(
        "insert into remarks (inspection_id, district_id, building_id, organization_id, issue,
            text, reference, status, due_at, created_at, created_by, updated_at, version)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10, 1)
         returning id",
    )
    .bind(facts.inspection_id.0)
    .bind(place.district_id.0)
    .bind(place.building_id.0)
    .bind(facts.organization_id.0)
    .bind(facts.issue.as_code())
    .bind(&facts.text)
    .bind(&facts.reference)
    .bind(RemarkStatus::Open.as_code())
    .bind(facts.due_at.as_millisecond())
    .bind(now.as_millisecond())
    .bind(created_by.map(|u| u.0))
    .fetch_one(conn)
    .await?;
    Ok(RemarkId(id))
}

fn push_scope(c: &mut Conditions, scope: Scope) {
    match scope {
        Scope::City => {}
        Scope::District(d) => c.push("r.district_id = ?", [Bind::Int(d.0)]),
        Scope::Organization(o) => c.push("r.organization_id = ?", [Bind::Int(o.0)]),
    }
}

/// A remark in the scope; outside it `NotFound`.
pub async fn get(
    conn: &mut AnyConnection,
    id: RemarkId,
    scope: Scope,
) -> Result<StoredRemark, StoreError> {
    let mut c = Conditions::default();
    c.push("r.id = ?", [Bind::Int(id.0)]);
    push_scope(&mut c, scope);
    let row: RemarkRow = c
        .query_as(format!("select {COLUMNS} from {FROM}{}", c.sql()))
        .fetch_one(conn)
        .await?;
    row.try_into()
}

/// Writes a changed remark's state unless someone changed it meanwhile.
pub async fn update_state(
    conn: &mut AnyConnection,
    remark: &Remark,
    expected_version: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    let state = remark.state();
    let done = sqlx::query(
        "update remarks set status = $3, due_at = $4, eliminated_at = $5,
            elimination_comment = $6, verified_at = $7, rejection_comment = $8, version = $9,
            updated_at = $10
         where id = $1 and version = $2",
    )
    .bind(remark.id.0)
    .bind(expected_version)
    .bind(state.status.as_code())
    .bind(state.due_at.as_millisecond())
    .bind(state.eliminated_at.map(|t| t.as_millisecond()))
    .bind(state.elimination_comment.as_deref())
    .bind(state.verified_at.map(|t| t.as_millisecond()))
    .bind(state.rejection_comment.as_deref())
    .bind(state.version)
    .bind(now.as_millisecond())
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::Conflict {
            constraint: "remarks.version".into(),
        });
    }
    Ok(())
}

/// Filters of a remark list.
#[derive(Debug, Clone, Default)]
pub struct RemarkFilter {
    pub status: Option<RemarkStatus>,
    pub organization_id: Option<OrganizationId>,
    pub inspection_id: Option<InspectionId>,
    pub building_id: Option<BuildingId>,
    /// Open remarks past their deadline as of this instant.
    pub overdue_at: Option<Timestamp>,
}

/// One page of remarks in the scope, those still to act on first, by
/// deadline, and the total.
pub async fn list(
    conn: &mut AnyConnection,
    scope: Scope,
    filter: &RemarkFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<StoredRemark>, i64), StoreError> {
    let mut c = Conditions::default();
    push_scope(&mut c, scope);
    if let Some(s) = filter.status {
        c.push("r.status = ?", [Bind::Text(s.as_code().into())]);
    }
    if let Some(o) = filter.organization_id {
        c.push("r.organization_id = ?", [Bind::Int(o.0)]);
    }
    if let Some(i) = filter.inspection_id {
        c.push("r.inspection_id = ?", [Bind::Int(i.0)]);
    }
    if let Some(b) = filter.building_id {
        c.push("r.building_id = ?", [Bind::Int(b.0)]);
    }
    if let Some(at) = filter.overdue_at {
        c.push(
            "r.status = ? and r.due_at < ?",
            [
                Bind::Text(RemarkStatus::Open.as_code().into()),
                Bind::Int(at.as_millisecond()),
            ],
        );
    }
    let (total,): (i64,) = c
        .query_as(format!("select count(*) from remarks r{}", c.sql()))
        .fetch_one(&mut *conn)
        .await?;
    let n = c.next_placeholder();
    let rows: Vec<RemarkRow> = c
        .query_as(format!(
            "select {COLUMNS} from {FROM}{}
             order by case when r.status = ${} then 1 else 0 end, r.due_at, r.id
             limit ${} offset ${}",
            c.sql(),
            n + 2,
            n,
            n + 1
        ))
        .bind(limit)
        .bind(offset)
        // Verified remarks are done: the ones still to act on come first.
        .bind(RemarkStatus::Verified.as_code())
        .fetch_all(conn)
        .await?;
    let items = rows
        .into_iter()
        .map(StoredRemark::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    Ok((items, total))
}
