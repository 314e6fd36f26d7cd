//! Ticket rollups: counts per city day of registration × district × category ×
//! organization × status (× closed late), kept up to date by `ticket::{insert,
//! update_state}` in the ticket's own transaction, so the dashboard and reports
//! read a few hundred cells instead of scanning tickets.

use std::collections::BTreeMap;

use domain::category::Category;
use domain::district::DistrictId;
use domain::organization::OrganizationId;
use domain::ticket::TicketStatus;
use jiff::Timestamp;
use jiff::civil::Date;
use sqlx::{AnyConnection, AssertSqlSafe};

use crate::conditions::{Bind, Conditions};
use crate::db::Db;
use crate::error::{StoreError, corrupt};

/// One rollup cell's key: what a ticket is counted under.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RollupKey {
    /// The city date the ticket was registered on.
    pub day: Date,
    pub district_id: Option<DistrictId>,
    pub category: Category,
    pub organization_id: Option<OrganizationId>,
    pub status: TicketStatus,
    /// Closed after its deadline.
    pub closed_late: bool,
}

impl RollupKey {
    fn sort_key(&self) -> impl Ord + '_ {
        (
            self.day,
            self.district_id,
            self.category,
            self.organization_id,
            self.status.as_code(),
            self.closed_late,
        )
    }
}

impl Ord for RollupKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for RollupKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The facts of a ticket its rollup key depends on.
pub struct Counted {
    pub created_at: Timestamp,
    pub district_id: Option<DistrictId>,
    pub category: Category,
    pub organization_id: Option<OrganizationId>,
    pub status: TicketStatus,
    pub due_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
}

impl Counted {
    pub fn key(&self) -> RollupKey {
        let closed_late = self.status == TicketStatus::Closed
            && matches!((self.closed_at, self.due_at), (Some(c), Some(d)) if c > d);
        RollupKey {
            day: domain::calendar::city_date(self.created_at),
            district_id: self.district_id,
            category: self.category,
            organization_id: self.organization_id,
            status: self.status,
            closed_late,
        }
    }
}

const UPSERT: &str = "insert into ticket_rollups
        (day, district_id, category, organization_id, status, closed_late, tickets)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (day, district_id, category, organization_id, status, closed_late)
     do update set tickets = ticket_rollups.tickets + excluded.tickets";

/// Adds `delta` tickets to a cell.
pub async fn adjust(
    conn: &mut AnyConnection,
    key: &RollupKey,
    delta: i64,
) -> Result<(), StoreError> {
    sqlx::query(UPSERT)
        .bind(key.day.to_string())
        .bind(key.district_id.map_or(0, |d| d.0))
        .bind(key.category.as_code())
        .bind(key.organization_id.map_or(0, |o| o.0))
        .bind(key.status.as_code())
        .bind(i64::from(key.closed_late))
        .bind(delta)
        .execute(conn)
        .await?;
    Ok(())
}

/// Moves one ticket from cell `old` to cell `new`. The two cells are touched in
/// key order so that concurrent moves on PostgreSQL cannot deadlock.
pub async fn move_ticket(
    conn: &mut AnyConnection,
    old: &RollupKey,
    new: &RollupKey,
) -> Result<(), StoreError> {
    if old == new {
        return Ok(());
    }
    if old < new {
        adjust(&mut *conn, old, -1).await?;
        adjust(conn, new, 1).await
    } else {
        adjust(&mut *conn, new, 1).await?;
        adjust(conn, old, -1).await
    }
}

#[derive(sqlx::FromRow)]
struct CountedRow {
    id: i64,
    created_at: i64,
    district_id: Option<i64>,
    category: String,
    organization_id: Option<i64>,
    status: String,
    due_at: Option<i64>,
    closed_at: Option<i64>,
}

impl TryFrom<CountedRow> for Counted {
    type Error = StoreError;
    fn try_from(r: CountedRow) -> Result<Counted, StoreError> {
        Ok(Counted {
            created_at: domain::calendar::from_millis(r.created_at),
            district_id: r.district_id.map(DistrictId),
            category: Category::from_code(&r.category)
                .ok_or_else(|| corrupt("category", &r.category))?,
            organization_id: r.organization_id.map(OrganizationId),
            status: TicketStatus::from_code(&r.status)
                .ok_or_else(|| corrupt("status", &r.status))?,
            due_at: r.due_at.map(domain::calendar::from_millis),
            closed_at: r.closed_at.map(domain::calendar::from_millis),
        })
    }
}

const COUNTED: &str =
    "id, created_at, district_id, category, organization_id, status, due_at, closed_at";

/// The facts a ticket is counted under, if the ticket exists at that version.
pub(crate) async fn counted(
    conn: &mut AnyConnection,
    id: i64,
    version: i64,
) -> Result<Option<Counted>, StoreError> {
    let row: Option<CountedRow> = sqlx::query_as(AssertSqlSafe(format!(
        "select {COUNTED} from tickets where id = $1 and version = $2"
    )))
    .bind(id)
    .bind(version)
    .fetch_optional(conn)
    .await?;
    row.map(Counted::try_from).transpose()
}

/// Counts every ticket afresh (in pages by id, so a million tickets never sit in memory as rows).
pub async fn recount(conn: &mut AnyConnection) -> Result<BTreeMap<RollupKey, i64>, StoreError> {
    const PAGE: i64 = 20_000;
    let mut cells = BTreeMap::new();
    let mut after = i64::MIN;
    loop {
        let rows: Vec<CountedRow> = sqlx::query_as(AssertSqlSafe(format!(
            "select {COUNTED} from tickets where id > $1 order by id limit $2"
        )))
        .bind(after)
        .bind(PAGE)
        .fetch_all(&mut *conn)
        .await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        let n = rows.len();
        for row in rows {
            *cells.entry(Counted::try_from(row)?.key()).or_insert(0) += 1;
        }
        if i64::try_from(n).unwrap_or(PAGE) < PAGE {
            break;
        }
    }
    Ok(cells)
}

#[derive(sqlx::FromRow)]
struct CellRow {
    day: String,
    district_id: i64,
    category: String,
    organization_id: i64,
    status: String,
    closed_late: i64,
    tickets: i64,
}

/// The stored cells that count any ticket.
pub async fn stored(conn: &mut AnyConnection) -> Result<BTreeMap<RollupKey, i64>, StoreError> {
    let rows: Vec<CellRow> = sqlx::query_as(
        "select day, district_id, category, organization_id, status, closed_late, tickets
         from ticket_rollups where tickets <> 0",
    )
    .fetch_all(conn)
    .await?;
    let mut cells = BTreeMap::new();
    for r in rows {
        let key = RollupKey {
            day: r.day.parse().map_err(|_| corrupt("day", &r.day))?,
            district_id: (r.district_id != 0).then_some(DistrictId(r.district_id)),
            category: Category::from_code(&r.category)
                .ok_or_else(|| corrupt("category", &r.category))?,
            organization_id: (r.organization_id != 0).then_some(OrganizationId(r.organization_id)),
            status: TicketStatus::from_code(&r.status)
                .ok_or_else(|| corrupt("status", &r.status))?,
            closed_late: r.closed_late != 0,
        };
        cells.insert(key, r.tickets);
    }
    Ok(cells)
}

/// A cell whose stored count differs from the recount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub key: RollupKey,
    pub stored: i64,
    pub counted: i64,
}

/// Compares the stored rollups with a recount of the tickets.
pub async fn verify(db: &Db) -> Result<Vec<Difference>, StoreError> {
    let mut conn = db.read().await?;
    let counted = recount(&mut conn).await?;
    let stored = stored(&mut conn).await?;
    let mut diffs = Vec::new();
    for (key, &n) in &counted {
        let s = stored.get(key).copied().unwrap_or(0);
        if s != n {
            diffs.push(Difference {
                key: key.clone(),
                stored: s,
                counted: n,
            });
        }
    }
    for (key, &s) in &stored {
        if !counted.contains_key(key) {
            diffs.push(Difference {
                key: key.clone(),
                stored: s,
                counted: 0,
            });
        }
    }
    Ok(diffs)
}

/// Replaces the rollups with a recount of the tickets, in one transaction (for
/// bulk loads that write tickets without the per-ticket path, and for repair).
pub async fn rebuild(db: &Db) -> Result<u64, StoreError> {
    let mut tx = db.begin_write().await?;
    let cells = recount(&mut tx).await?;
    sqlx::query("delete from ticket_rollups")
        .execute(&mut *tx)
        .await?;
    let cells: Vec<_> = cells.into_iter().collect();
    // 7 parameters a row: 500 rows stay far below both databases' limits.
    for chunk in cells.chunks(500) {
        let mut sql = String::from(
            "insert into ticket_rollups
                (day, district_id, category, organization_id, status, closed_late, tickets)
             values ",
        );
        for i in 0..chunk.len() {
            let b = i * 7;
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7
            ));
        }
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for (key, n) in chunk {
            q = q
                .bind(key.day.to_string())
                .bind(key.district_id.map_or(0, |d| d.0))
                .bind(key.category.as_code())
                .bind(key.organization_id.map_or(0, |o| o.0))
                .bind(key.status.as_code())
                .bind(i64::from(key.closed_late))
                .bind(*n);
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(cells.len() as u64)
}

/// What a rollup sum is grouped by, besides the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Nothing,
    Category,
    District,
    Organization,
    Status,
}

impl Group {
    /// The grouped column and how it is selected as the text key. Groups are
    /// by the bare column: grouping by the text cast made SQLite sort strings.
    fn column(self) -> Option<(&'static str, &'static str)> {
        match self {
            Group::Nothing => None,
            Group::Category => Some(("category", "category")),
            Group::District => Some(("district_id", "cast(district_id as text)")),
            Group::Organization => Some(("organization_id", "cast(organization_id as text)")),
            Group::Status => Some(("status", "status")),
        }
    }
}

/// Which cells a sum reads; days are city dates, `to` exclusive.
#[derive(Debug, Clone, Default)]
pub struct RollupFilter {
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub district_id: Option<DistrictId>,
    pub organization_id: Option<OrganizationId>,
    pub category: Option<Category>,
    pub status: Option<TicketStatus>,
}

/// A sum of cells: per day when asked, under one group key (a category or
/// status code, a district or organization id with `0` for none, or `""`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollupSum {
    pub day: Option<Date>,
    pub key: String,
    pub closed_late: bool,
    pub tickets: i64,
}

#[derive(sqlx::FromRow)]
struct SumRow {
    day: String,
    key: String,
    closed_late: i64,
    tickets: i64,
}

/// Sums the cells matching `filter` grouped by `group`, per day if `per_day`,
/// split by closed late if `split_late`.
pub async fn sum(
    conn: &mut AnyConnection,
    filter: &RollupFilter,
    group: Group,
    per_day: bool,
    split_late: bool,
) -> Result<Vec<RollupSum>, StoreError> {
    let mut c = Conditions::default();
    if let Some(from) = filter.from {
        c.push("day >= ?", [Bind::Text(from.to_string())]);
    }
    if let Some(to) = filter.to {
        c.push("day < ?", [Bind::Text(to.to_string())]);
    }
    if let Some(d) = filter.district_id {
        c.push("district_id = ?", [Bind::Int(d.0)]);
    }
    if let Some(o) = filter.organization_id {
        c.push("organization_id = ?", [Bind::Int(o.0)]);
    }
    if let Some(cat) = filter.category {
        c.push("category = ?", [Bind::Text(cat.as_code().into())]);
    }
    if let Some(s) = filter.status {
        c.push("status = ?", [Bind::Text(s.as_code().into())]);
    }
    // PostgreSQL refuses constants in `group by`, so only real columns go there.
    let mut grouped = Vec::new();
    let day = if per_day {
        grouped.push("day");
        "day"
    } else {
        "cast('' as text)"
    };
    let key = match group.column() {
        Some((col, selected)) => {
            grouped.push(col);
            selected
        }
        None => "cast('' as text)",
    };
    let late = if split_late {
        grouped.push("closed_late");
        "closed_late"
    } else {
        "cast(0 as bigint)"
    };
    let group_by = if grouped.is_empty() {
        String::new()
    } else {
        format!(" group by {}", grouped.join(", "))
    };
    let rows: Vec<SumRow> = c
        .query_as(format!(
            "select {day} as day, {key} as key, {late} as closed_late,
                cast(coalesce(sum(tickets), 0) as bigint) as tickets
             from ticket_rollups{}{group_by}",
            c.sql()
        ))
        .fetch_all(conn)
        .await?;
    rows.into_iter()
        .filter(|r| r.tickets != 0)
        .map(|r| {
            Ok(RollupSum {
                day: if per_day {
                    Some(r.day.parse().map_err(|_| corrupt("day", &r.day))?)
                } else {
                    None
                },
                key: r.key,
                closed_late: r.closed_late != 0,
                tickets: r.tickets,
            })
        })
        .collect()
}
