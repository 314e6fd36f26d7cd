//! Outages, their buildings, and the tickets linked to them.

use domain::building::{Building, BuildingId, fold};
use domain::category::Category;
use domain::district::DistrictId;
use domain::heating_interruption::{IndoorBand, Interruption};
use domain::organization::OrganizationId;
use domain::outage::{Outage, OutageId, OutageStatus};
use domain::ticket::TicketId;
use domain::user::{Scope, UserId};
use jiff::Timestamp;
use sqlx::{AnyConnection, AssertSqlSafe};

use crate::conditions::{Bind, Conditions};
use crate::double::Double;
use crate::error::StoreError;

const COLUMNS: &str = "id, district_id, organization_id, reason, starts_at, expected_end_at,
    ended_at, indoor_temperature, created_by, created_at, close_comment";

#[derive(sqlx::FromRow)]
struct OutageRow {
    id: i64,
    district_id: Option<i64>,
    organization_id: Option<i64>,
    reason: String,
    starts_at: i64,
    expected_end_at: i64,
    ended_at: Option<i64>,
    indoor_temperature: Option<f64>,
    created_by: i64,
    created_at: i64,
    close_comment: Option<String>,
}

impl From<OutageRow> for Outage {
    fn from(row: OutageRow) -> Self {
        Outage {
            id: OutageId(row.id),
            district_id: row.district_id.map(DistrictId),
            organization_id: row.organization_id.map(OrganizationId),
            reason: row.reason,
            starts_at: millis(row.starts_at),
            expected_end_at: millis(row.expected_end_at),
            ended_at: row.ended_at.map(millis),
            indoor_temperature: row.indoor_temperature,
            created_by: UserId(row.created_by),
            created_at: millis(row.created_at),
            close_comment: row.close_comment,
        }
    }
}

fn millis(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// A new outage as stored.
pub struct NewOutage<'a> {
    pub district_id: Option<DistrictId>,
    pub organization_id: Option<OrganizationId>,
    pub reason: &'a str,
    pub starts_at: Timestamp,
    pub expected_end_at: Timestamp,
    pub indoor_temperature: Option<f64>,
    pub created_by: UserId,
    pub created_at: Timestamp,
}

pub async fn insert(
    conn: &mut AnyConnection,
    outage: &NewOutage<'_>,
    buildings: &[BuildingId],
) -> Result<OutageId, StoreError> {
    let (id,): (i64,) = sqlx::query_as(
        "insert into outages (district_id, organization_id, reason, starts_at, expected_end_at,
            indoor_temperature, created_by, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         returning id",
    )
    .bind(outage.district_id.map(|d| d.0))
    .bind(outage.organization_id.map(|o| o.0))
    .bind(outage.reason)
    .bind(outage.starts_at.as_millisecond())
    .bind(outage.expected_end_at.as_millisecond())
    .bind(Double(outage.indoor_temperature))
    .bind(outage.created_by.0)
    .bind(outage.created_at.as_millisecond())
    .fetch_one(&mut *conn)
    .await?;
    for building in buildings {
        sqlx::query("insert into outage_buildings (outage_id, building_id) values ($1, $2)")
            .bind(id)
            .bind(building.0)
            .execute(&mut *conn)
            .await?;
    }
    Ok(OutageId(id))
}

/// Restores supply: closes an open outage. `Conflict` when it was closed already.
pub async fn close(
    conn: &mut AnyConnection,
    id: OutageId,
    ended_at: Timestamp,
    indoor_temperature: Option<f64>,
    closed_by: UserId,
    comment: Option<&str>,
) -> Result<(), StoreError> {
    let res = sqlx::query(
        "update outages set ended_at = $2,
            indoor_temperature = coalesce($3, indoor_temperature),
            closed_by = $4, close_comment = $5
         where id = $1 and ended_at is null",
    )
    .bind(id.0)
    .bind(ended_at.as_millisecond())
    .bind(Double(indoor_temperature))
    .bind(closed_by.0)
    .bind(comment)
    .execute(conn)
    .await?;
    if res.rows_affected() == 0 {
        return Err(StoreError::Conflict {
            constraint: "outages.ended_at".into(),
        });
    }
    Ok(())
}

/// Adds the outage's visibility for a scope: a district sees outages with a
/// building in it, an organization those with a building it supplies or runs.
fn push_scope(c: &mut Conditions, scope: Scope) {
    match scope {
        Scope::City => {}
        Scope::District(d) => c.push(
            "exists (select 1 from outage_buildings ob join buildings b on b.id = ob.building_id
                where ob.outage_id = outages.id and b.district_id = ?)",
            [Bind::Int(d.0)],
        ),
        Scope::Organization(o) => c.push(
            "exists (select 1 from outage_buildings ob join buildings b on b.id = ob.building_id
                where ob.outage_id = outages.id
                  and (b.heat_supplier_id = ? or b.management_company_id = ?))",
            [Bind::Int(o.0), Bind::Int(o.0)],
        ),
    }
}

/// An outage within the scope; outside it, `NotFound`.
pub async fn get(
    conn: &mut AnyConnection,
    id: OutageId,
    scope: Scope,
) -> Result<Outage, StoreError> {
    let mut c = Conditions::default();
    c.push("id = ?", [Bind::Int(id.0)]);
    push_scope(&mut c, scope);
    let row: OutageRow = c
        .query_as(format!("select {COLUMNS} from outages{}", c.sql()))
        .fetch_one(conn)
        .await?;
    Ok(row.into())
}

#[derive(Debug, Clone, Default)]
pub struct OutageFilter {
    pub status: Option<OutageStatus>,
    pub district_id: Option<DistrictId>,
    pub building_id: Option<BuildingId>,
}

/// Outages in the scope, open ones first, then the latest; and how many match.
pub async fn list(
    conn: &mut AnyConnection,
    scope: Scope,
    filter: &OutageFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Outage>, i64), StoreError> {
    let mut c = Conditions::default();
    push_scope(&mut c, scope);
    match filter.status {
        Some(OutageStatus::Open) => c.push("ended_at is null", []),
        Some(OutageStatus::Closed) => c.push("ended_at is not null", []),
        None => {}
    }
    if let Some(d) = filter.district_id {
        c.push(
            "exists (select 1 from outage_buildings ob join buildings b on b.id = ob.building_id
                where ob.outage_id = outages.id and b.district_id = ?)",
            [Bind::Int(d.0)],
        );
    }
    if let Some(b) = filter.building_id {
        c.push(
            "exists (select 1 from outage_buildings ob
                where ob.outage_id = outages.id and ob.building_id = ?)",
            [Bind::Int(b.0)],
        );
    }
    let (total,): (i64,) = c
        .query_as(format!("select count(*) from outages{}", c.sql()))
        .fetch_one(&mut *conn)
        .await?;
    let n = c.next_placeholder();
    let rows: Vec<OutageRow> = c
        .query_as(format!(
            "select {COLUMNS} from outages{}
             order by ended_at is not null, starts_at desc, id desc limit ${} offset ${}",
            c.sql(),
            n,
            n + 1
        ))
        .bind(limit)
        .bind(offset)
        .fetch_all(conn)
        .await?;
    Ok((rows.into_iter().map(Outage::from).collect(), total))
}

/// The open outages covering a building that had started by `at`, latest first.
pub async fn open_for_building(
    conn: &mut AnyConnection,
    building: BuildingId,
    at: Timestamp,
) -> Result<Vec<Outage>, StoreError> {
    let rows: Vec<OutageRow> = sqlx::query_as(AssertSqlSafe(format!(
        "select {COLUMNS} from outages
         where ended_at is null and starts_at <= $2
           and id in (select outage_id from outage_buildings where building_id = $1)
         order by starts_at desc, id desc"
    )))
    .bind(building.0)
    .bind(at.as_millisecond())
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Outage::from).collect())
}

/// The outage's buildings, by id.
pub async fn buildings(
    conn: &mut AnyConnection,
    id: OutageId,
) -> Result<Vec<Building>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        address: String,
        district_id: i64,
        management_company_id: i64,
        heat_supplier_id: i64,
        latitude: Option<f64>,
        longitude: Option<f64>,
        apartments: Option<i64>,
        year_built: Option<i64>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "select b.id, b.address, b.district_id, b.management_company_id, b.heat_supplier_id,
            b.latitude, b.longitude, b.apartments, b.year_built
         from outage_buildings ob join buildings b on b.id = ob.building_id
         where ob.outage_id = $1
         order by b.id",
    )
    .bind(id.0)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Building {
            id: BuildingId(r.id),
            address: r.address,
            district_id: DistrictId(r.district_id),
            management_company_id: OrganizationId(r.management_company_id),
            heat_supplier_id: OrganizationId(r.heat_supplier_id),
            latitude: r.latitude,
            longitude: r.longitude,
            apartments: r.apartments,
            year_built: r.year_built,
        })
        .collect())
}

/// The ids of the outage's buildings.
pub async fn building_ids(
    conn: &mut AnyConnection,
    id: OutageId,
) -> Result<Vec<BuildingId>, StoreError> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "select building_id from outage_buildings where outage_id = $1 order by building_id",
    )
    .bind(id.0)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(b,)| BuildingId(b)).collect())
}

/// Interruptions of the outage's buildings from other outages overlapping
/// `[from, to)`, for the monthly limit.
pub async fn history(
    conn: &mut AnyConnection,
    id: OutageId,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<(BuildingId, Interruption)>, StoreError> {
    let rows: Vec<(i64, i64, Option<i64>, Option<f64>)> = sqlx::query_as(
        "select ob.building_id, o.starts_at, o.ended_at, o.indoor_temperature
         from outage_buildings ob join outages o on o.id = ob.outage_id
         where o.id <> $1
           and ob.building_id in (select building_id from outage_buildings where outage_id = $1)
           and o.starts_at < $3 and (o.ended_at is null or o.ended_at > $2)
         order by ob.building_id, o.starts_at",
    )
    .bind(id.0)
    .bind(from.as_millisecond())
    .bind(to.as_millisecond())
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(b, start, end, indoor)| {
            let band = indoor
                .and_then(IndoorBand::from_indoor_temperature)
                .unwrap_or(IndoorBand::AtLeast12);
            (
                BuildingId(b),
                Interruption {
                    start: millis(start),
                    end: end.map(millis),
                    band,
                },
            )
        })
        .collect())
}

/// Links a ticket to an outage; not a lifecycle change, so the version stays.
pub async fn link_ticket(
    conn: &mut AnyConnection,
    ticket: TicketId,
    outage: OutageId,
) -> Result<(), StoreError> {
    sqlx::query("update tickets set outage_id = $2 where id = $1")
        .bind(ticket.0)
        .bind(outage.0)
        .execute(conn)
        .await?;
    Ok(())
}

/// How many tickets are linked to the outage, and how many of them are open.
pub async fn ticket_counts(
    conn: &mut AnyConnection,
    id: OutageId,
) -> Result<(i64, i64), StoreError> {
    let (total, open): (i64, Option<i64>) = sqlx::query_as(
        "select count(*), cast(sum(case when status <> 'closed' then 1 else 0 end) as bigint)
         from tickets where outage_id = $1",
    )
    .bind(id.0)
    .fetch_one(conn)
    .await?;
    Ok((total, open.unwrap_or(0)))
}

/// Open tickets linked to the outage, oldest first.
pub async fn open_ticket_ids(
    conn: &mut AnyConnection,
    id: OutageId,
) -> Result<Vec<TicketId>, StoreError> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "select id from tickets where outage_id = $1 and status <> 'closed' order by id",
    )
    .bind(id.0)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(t,)| TicketId(t)).collect())
}

/// Open, unlinked tickets of the outage's buildings in `categories` registered
/// from `since` to `until`: calls that came before the outage was registered.
pub async fn unlinked_open_ticket_ids(
    conn: &mut AnyConnection,
    id: OutageId,
    since: Timestamp,
    until: Timestamp,
    categories: &[Category],
) -> Result<Vec<TicketId>, StoreError> {
    let mut c = Conditions::default();
    c.push(
        "building_id in (select building_id from outage_buildings where outage_id = ?)",
        [Bind::Int(id.0)],
    );
    c.push("outage_id is null and status <> 'closed'", []);
    c.push(
        "created_at >= ? and created_at <= ?",
        [
            Bind::Int(since.as_millisecond()),
            Bind::Int(until.as_millisecond()),
        ],
    );
    let placeholders = vec!["?"; categories.len()].join(", ");
    c.push(
        &format!("category in ({placeholders})"),
        categories.iter().map(|k| Bind::Text(k.as_code().into())),
    );
    let rows: Vec<(i64,)> = c
        .query_as(format!("select id from tickets{} order by id", c.sql()))
        .fetch_all(conn)
        .await?;
    Ok(rows.into_iter().map(|(t,)| TicketId(t)).collect())
}

/// How to pick an outage's buildings besides a list of ids.
#[derive(Debug, Clone)]
pub enum BuildingSelection {
    /// Buildings whose folded address has every word of the street at a word start.
    Street {
        street: String,
        district_id: Option<DistrictId>,
        heat_supplier_id: Option<OrganizationId>,
    },
    /// Every building of a heat supplier in a district.
    Supplier {
        heat_supplier_id: OrganizationId,
        district_id: DistrictId,
    },
}

/// The buildings a selection picks, by id, at most `limit`.
pub async fn select_buildings(
    conn: &mut AnyConnection,
    selection: &BuildingSelection,
    limit: i64,
) -> Result<Vec<BuildingId>, StoreError> {
    let mut c = Conditions::default();
    match selection {
        BuildingSelection::Street {
            street,
            district_id,
            heat_supplier_id,
        } => {
            for word in fold(street).split(' ').filter(|w| !w.is_empty()) {
                // The folded address starts each word after a space or at its start.
                c.push(
                    "(address_folded like ? or address_folded like ?)",
                    [
                        Bind::Text(format!("{word} %")),
                        Bind::Text(format!("% {word} %")),
                    ],
                );
            }
            if let Some(d) = district_id {
                c.push("district_id = ?", [Bind::Int(d.0)]);
            }
            if let Some(s) = heat_supplier_id {
                c.push("heat_supplier_id = ?", [Bind::Int(s.0)]);
            }
        }
        BuildingSelection::Supplier {
            heat_supplier_id,
            district_id,
        } => {
            c.push("heat_supplier_id = ?", [Bind::Int(heat_supplier_id.0)]);
            c.push("district_id = ?", [Bind::Int(district_id.0)]);
        }
    }
    let n = c.next_placeholder();
    let rows: Vec<(i64,)> = c
        .query_as(format!(
            "select id from buildings{} order by id limit ${n}",
            c.sql()
        ))
        .bind(limit)
        .fetch_all(conn)
        .await?;
    Ok(rows.into_iter().map(|(b,)| BuildingId(b)).collect())
}
