//! Tickets: insert, read within a scope, list with filters, and optimistic updates.

use domain::building::BuildingId;
use domain::category::Category;
use domain::district::DistrictId;
use domain::organization::OrganizationId;
use domain::phone::Phone;
use domain::ticket::{
    Assignment, Channel, NewTicket, Resolution, Ticket, TicketId, TicketNumber, TicketState,
    TicketStatus,
};
use domain::user::Scope;
use jiff::Timestamp;
use sqlx::AnyConnection;

use crate::conditions::{Bind, Conditions};
use crate::db::Backend;
use crate::error::{StoreError, corrupt};

const COLUMNS: &str = "id, number_year, number_seq, status, category, channel, phone,
    resident_name, address, building_id, apartment, entrance, description, district_id,
    organization_id, due_at, created_at, closed_at, resolution, resolution_text, version,
    outage_id";

#[derive(sqlx::FromRow)]
struct TicketRow {
    id: i64,
    number_year: i64,
    number_seq: i64,
    status: String,
    category: String,
    channel: String,
    phone: String,
    resident_name: Option<String>,
    address: Option<String>,
    building_id: Option<i64>,
    apartment: Option<String>,
    entrance: Option<String>,
    description: String,
    district_id: Option<i64>,
    organization_id: Option<i64>,
    due_at: Option<i64>,
    created_at: i64,
    closed_at: Option<i64>,
    resolution: Option<String>,
    resolution_text: Option<String>,
    version: i64,
    outage_id: Option<i64>,
}

impl TryFrom<TicketRow> for Ticket {
    type Error = StoreError;
    fn try_from(row: TicketRow) -> Result<Self, StoreError> {
        let facts = NewTicket {
            category: Category::from_code(&row.category)
                .ok_or_else(|| corrupt("category", &row.category))?,
            channel: Channel::from_code(&row.channel)
                .ok_or_else(|| corrupt("channel", &row.channel))?,
            phone: Phone::parse(&row.phone).map_err(|_| corrupt("phone", &row.phone))?,
            resident_name: row.resident_name,
            address: row.address,
            building_id: row.building_id.map(BuildingId),
            apartment: row.apartment,
            entrance: row.entrance,
            description: row.description,
        };
        let resolution = match row.resolution.as_deref() {
            Some(code) => {
                Some(Resolution::from_code(code).ok_or_else(|| corrupt("resolution", code))?)
            }
            None => None,
        };
        let state = TicketState {
            status: TicketStatus::from_code(&row.status)
                .ok_or_else(|| corrupt("status", &row.status))?,
            assignment: Assignment {
                district_id: row.district_id.map(DistrictId),
                organization_id: row.organization_id.map(OrganizationId),
                due_at: row.due_at.map(millis),
            },
            closed_at: row.closed_at.map(millis),
            resolution,
            resolution_text: row.resolution_text,
            version: row.version,
        };
        let year = i16::try_from(row.number_year)
            .map_err(|_| corrupt("year", &row.number_year.to_string()))?;
        let mut ticket = Ticket::restore(
            TicketId(row.id),
            TicketNumber::new(year, row.number_seq),
            facts,
            millis(row.created_at),
            state,
        );
        ticket.outage_id = row.outage_id.map(domain::outage::OutageId);
        Ok(ticket)
    }
}

fn millis(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// Takes the next number of a year. A rolled-back transaction leaves a gap, which
/// is fine: numbers must be unique and readable, not dense.
pub async fn next_number(conn: &mut AnyConnection, year: i16) -> Result<TicketNumber, StoreError> {
    let (seq,): (i64,) = sqlx::query_as(
        "insert into ticket_counters (year, last_seq) values ($1, 1)
         on conflict (year) do update set last_seq = ticket_counters.last_seq + 1
         returning last_seq",
    )
    .bind(i64::from(year))
    .fetch_one(conn)
    .await?;
    Ok(TicketNumber::new(year, seq))
}

/// A new ticket as stored: its facts, routing and search words.
pub struct TicketInsert<'a> {
    pub number: TicketNumber,
    pub facts: &'a NewTicket,
    pub status: TicketStatus,
    pub assignment: Assignment,
    pub search_text: &'a str,
    pub address_unresolved: bool,
    pub created_at: Timestamp,
}

/// Inserts a ticket and counts it in the rollups; returns it as stored, so
/// the registration needs no second read.
pub async fn insert(conn: &mut AnyConnection, t: &TicketInsert<'_>) -> Result<Ticket, StoreError> {
    let now = t.created_at.as_millisecond();
    let sql = format!(
        "insert into tickets (number_year, number_seq, status, category, channel, phone,
            resident_name, address, building_id, apartment, entrance, description, search_text,
            district_id, organization_id, due_at, created_at, updated_at, address_unresolved_at,
            version)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
            $17, $18, 1)
         returning {COLUMNS}"
    );
    // Built from constants only.
    let row: TicketRow = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(i64::from(t.number.year()))
        .bind(t.number.seq())
        .bind(t.status.as_code())
        .bind(t.facts.category.as_code())
        .bind(t.facts.channel.as_code())
        .bind(t.facts.phone.as_str())
        .bind(t.facts.resident_name.as_deref())
        .bind(t.facts.address.as_deref())
        .bind(t.facts.building_id.map(|b| b.0))
        .bind(t.facts.apartment.as_deref())
        .bind(t.facts.entrance.as_deref())
        .bind(&t.facts.description)
        .bind(t.search_text)
        .bind(t.assignment.district_id.map(|d| d.0))
        .bind(t.assignment.organization_id.map(|o| o.0))
        .bind(t.assignment.due_at.map(|d| d.as_millisecond()))
        .bind(now)
        .bind(t.address_unresolved.then_some(now))
        .fetch_one(&mut *conn)
        .await?;
    let ticket = Ticket::try_from(row)?;
    let counted = crate::rollup::Counted {
        created_at: t.created_at,
        district_id: t.assignment.district_id,
        category: t.facts.category,
        organization_id: t.assignment.organization_id,
        status: t.status,
        due_at: t.assignment.due_at,
        closed_at: None,
    };
    crate::rollup::adjust(conn, &counted.key(), 1).await?;
    Ok(ticket)
}

/// A ticket inside the scope; outside it, `NotFound`, as if absent.
pub async fn get(
    conn: &mut AnyConnection,
    id: TicketId,
    scope: Scope,
) -> Result<Ticket, StoreError> {
    let mut c = Conditions::default();
    c.push("id = ?", [Bind::Int(id.0)]);
    push_scope(&mut c, scope);
    let row: TicketRow = c
        .query_as(format!("select {COLUMNS} from tickets{}", c.sql()))
        .fetch_one(conn)
        .await?;
    row.try_into()
}

pub async fn get_by_number(
    conn: &mut AnyConnection,
    number: TicketNumber,
    scope: Scope,
) -> Result<Ticket, StoreError> {
    let mut c = Conditions::default();
    c.push(
        "number_year = ? and number_seq = ?",
        [Bind::Int(i64::from(number.year())), Bind::Int(number.seq())],
    );
    push_scope(&mut c, scope);
    let row: TicketRow = c
        .query_as(format!("select {COLUMNS} from tickets{}", c.sql()))
        .fetch_one(conn)
        .await?;
    row.try_into()
}

fn push_scope(c: &mut Conditions, scope: Scope) {
    match scope {
        Scope::City => {}
        Scope::District(d) => c.push("district_id = ?", [Bind::Int(d.0)]),
        Scope::Organization(o) => c.push("organization_id = ?", [Bind::Int(o.0)]),
    }
}

/// Filters of a ticket list; every one optional.
#[derive(Debug, Clone, Default)]
pub struct TicketFilter {
    pub status: Option<TicketStatus>,
    pub category: Option<Category>,
    pub district_id: Option<DistrictId>,
    pub organization_id: Option<OrganizationId>,
    pub building_id: Option<BuildingId>,
    pub phone: Option<Phone>,
    pub number: Option<TicketNumber>,
    /// Open tickets past their deadline as of this instant.
    pub overdue_at: Option<Timestamp>,
    pub created_from: Option<Timestamp>,
    pub created_to: Option<Timestamp>,
    /// Stems that must each start a word of the ticket's search text
    /// (`domain::search::query_stems`: letters and digits only).
    pub stems: Vec<String>,
    /// Only tickets not closed.
    pub open: bool,
    /// Only tickets in one of these statuses (when not empty).
    pub status_in: Vec<TicketStatus>,
    /// Only tickets not overdue at this instant: closed, without a
    /// deadline, or due at or after it.
    pub on_time_at: Option<Timestamp>,
    /// Only tickets closed at or after this instant.
    pub closed_from: Option<Timestamp>,
    /// Puts tickets open and overdue at this instant before all others,
    /// then orders by `sort`.
    pub overdue_first_at: Option<Timestamp>,
    pub sort: TicketSort,
}

/// The order of a ticket list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TicketSort {
    /// Newest first.
    #[default]
    CreatedDesc,
    CreatedAsc,
    /// Soonest deadline first; tickets without one last.
    DueAsc,
    DueDesc,
    /// In lifecycle order (registered, assigned, in progress, reopened, closed),
    /// newest first within a status.
    StatusAsc,
    StatusDesc,
}

impl TicketSort {
    fn order_by(self) -> &'static str {
        match self {
            TicketSort::CreatedDesc => "created_at desc, id desc",
            TicketSort::CreatedAsc => "created_at, id",
            // Tickets without a deadline come last, as a slice of their own.
            TicketSort::DueAsc => "due_at, id",
            TicketSort::DueDesc => "due_at desc, id desc",
            TicketSort::StatusAsc => {
                "case status when 'registered' then 0 when 'assigned' then 1
                    when 'in_progress' then 2 when 'reopened' then 3 else 4 end,
                 created_at desc, id desc"
            }
            TicketSort::StatusDesc => {
                "case status when 'registered' then 0 when 'assigned' then 1
                    when 'in_progress' then 2 when 'reopened' then 3 else 4 end desc,
                 created_at desc, id desc"
            }
        }
    }
}

/// Lists stop counting their matches here: beyond it a total reads "more
/// than 10,000". Counting a hundred thousand word matches cost ~0.4 s on a
/// million tickets and tells an operator nothing a narrower filter would not.
pub const COUNT_LIMIT: i64 = 10_000;

/// One page of a list and the number of matching tickets.
pub struct TicketPage {
    pub tickets: Vec<Ticket>,
    /// Matching tickets, at most [`COUNT_LIMIT`].
    pub total: i64,
    /// `false` when more than [`COUNT_LIMIT`] match (`total` is then a lower bound).
    pub total_exact: bool,
}

/// One page of a list with its (capped) count, as a list page shows it.
pub async fn list(
    conn: &mut AnyConnection,
    scope: Scope,
    filter: &TicketFilter,
    limit: i64,
    offset: i64,
) -> Result<TicketPage, StoreError> {
    let c = conditions(Backend::of(conn), scope, filter);
    let counted = count_where(conn, &c, Some(COUNT_LIMIT)).await?;
    Ok(TicketPage {
        tickets: fetch_slices(conn, &slices(c, filter), limit, offset).await?,
        total: counted.min(COUNT_LIMIT),
        total_exact: counted <= COUNT_LIMIT,
    })
}

/// One page of a list without counting it, for callers that count otherwise
/// or not at all (an export's batches, a queue's open tab).
pub async fn page(
    conn: &mut AnyConnection,
    scope: Scope,
    filter: &TicketFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<Ticket>, StoreError> {
    let c = conditions(Backend::of(conn), scope, filter);
    fetch_slices(conn, &slices(c, filter), limit, offset).await
}

/// A part of a list in the list's order, queried on its own so that it can
/// walk an index in that order instead of sorting every match.
struct Slice {
    conditions: Conditions,
    order_by: &'static str,
}

/// The list as consecutive slices: overdue tickets first when asked (ordering
/// by a computed rank would sort the whole list: 0.7 s on a million tickets),
/// and for a deadline order the tickets without one last, as their own slice
/// (`order by due_at is null` cannot use an index either).
fn slices(c: Conditions, filter: &TicketFilter) -> Vec<Slice> {
    let sort = filter.sort;
    let by_due = matches!(sort, TicketSort::DueAsc | TicketSort::DueDesc);
    let with_due = sort.order_by();
    let without_due = match sort {
        TicketSort::DueAsc => "id",
        TicketSort::DueDesc => "id desc",
        other => other.order_by(),
    };
    let slice = |mut conditions: Conditions, clause: &str, binds: Vec<Bind>, order_by| {
        if !clause.is_empty() {
            conditions.push(clause, binds);
        }
        Slice {
            conditions,
            order_by,
        }
    };
    // A ticket's status says whether it is closed (the domain sets and clears
    // closed_at with it), but the planner cannot know: told "closed and
    // closed_at is null" it walked 390,000 closed tickets looking for an
    // overdue one (0.76 s at a million), and told "in progress and closed_at
    // is null" it chose the closed_at index (38 ms). So a list whose statuses
    // settle the question says only what is left.
    let closed = |s: &TicketStatus| *s == TicketStatus::Closed;
    let statuses: Vec<TicketStatus> = filter
        .status
        .into_iter()
        .chain(filter.status_in.iter().copied())
        .collect();
    let closed_only = !statuses.is_empty() && statuses.iter().all(closed);
    let open_only = filter.open || (!statuses.is_empty() && !statuses.iter().any(closed));
    let overdue_first = filter.overdue_first_at.filter(|_| !closed_only);
    let Some(now) = overdue_first.map(|t| t.as_millisecond()) else {
        if !by_due {
            return vec![slice(c, "", vec![], with_due)];
        }
        return vec![
            slice(c.clone(), "due_at is not null", vec![], with_due),
            slice(c, "due_at is null", vec![], without_due),
        ];
    };
    let overdue = slice(
        c.clone(),
        if open_only {
            "due_at < ?"
        } else {
            "closed_at is null and due_at < ?"
        },
        vec![Bind::Int(now)],
        with_due,
    );
    // The rest: closed, due at or after `now`, or without a deadline.
    let on_time = if open_only {
        "due_at >= ?"
    } else {
        "due_at is not null and (closed_at is not null or due_at >= ?)"
    };
    if by_due {
        vec![
            overdue,
            slice(c.clone(), on_time, vec![Bind::Int(now)], with_due),
            slice(c, "due_at is null", vec![], without_due),
        ]
    } else {
        let rest = if open_only {
            "(due_at is null or due_at >= ?)"
        } else {
            "(closed_at is not null or due_at is null or due_at >= ?)"
        };
        vec![overdue, slice(c, rest, vec![Bind::Int(now)], with_due)]
    }
}

/// One page across the slices: each is asked for what the page still needs;
/// a slice that lies wholly before the page is counted to skip past it.
async fn fetch_slices(
    conn: &mut AnyConnection,
    slices: &[Slice],
    limit: i64,
    offset: i64,
) -> Result<Vec<Ticket>, StoreError> {
    let mut tickets = Vec::new();
    let mut skip = offset;
    for (i, slice) in slices.iter().enumerate() {
        let want = limit - i64::try_from(tickets.len()).unwrap_or(limit);
        if want <= 0 {
            break;
        }
        let got = fetch(conn, &slice.conditions, slice.order_by, want, skip).await?;
        if got.is_empty() {
            if skip > 0 && i + 1 < slices.len() {
                skip -= count_where(conn, &slice.conditions, Some(skip))
                    .await?
                    .min(skip);
            }
            continue;
        }
        skip = 0;
        tickets.extend(got);
    }
    Ok(tickets)
}

/// Counts the matches, or with a `limit` up to `limit + 1` of them, so that a
/// huge match set stops early.
async fn count_where(
    conn: &mut AnyConnection,
    c: &Conditions,
    limit: Option<i64>,
) -> Result<i64, StoreError> {
    let query = match limit {
        None => c.query_as(format!("select count(*) from tickets{}", c.sql())),
        Some(limit) => c
            .query_as(format!(
                "select count(*) from (select 1 from tickets{} limit ${}) as capped",
                c.sql(),
                c.next_placeholder()
            ))
            .bind(limit.saturating_add(1)),
    };
    let (n,): (i64,) = query.fetch_one(conn).await?;
    Ok(n)
}

async fn fetch(
    conn: &mut AnyConnection,
    c: &Conditions,
    order_by: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<Ticket>, StoreError> {
    let n = c.next_placeholder();
    let rows: Vec<TicketRow> = c
        .query_as(format!(
            "select {COLUMNS} from tickets{} order by {order_by} limit ${} offset ${}",
            c.sql(),
            n,
            n + 1
        ))
        .bind(limit)
        .bind(offset)
        .fetch_all(conn)
        .await?;
    rows.into_iter().map(Ticket::try_from).collect()
}

fn conditions(backend: Backend, scope: Scope, f: &TicketFilter) -> Conditions {
    let mut c = Conditions::default();
    push_scope(&mut c, scope);
    if let Some(s) = f.status {
        c.push("status = ?", [Bind::Text(s.as_code().into())]);
    }
    if let Some(cat) = f.category {
        c.push("category = ?", [Bind::Text(cat.as_code().into())]);
    }
    if let Some(d) = f.district_id {
        c.push("district_id = ?", [Bind::Int(d.0)]);
    }
    if let Some(o) = f.organization_id {
        c.push("organization_id = ?", [Bind::Int(o.0)]);
    }
    if let Some(b) = f.building_id {
        c.push("building_id = ?", [Bind::Int(b.0)]);
    }
    if let Some(p) = &f.phone {
        c.push("phone = ?", [Bind::Text(p.as_str().into())]);
    }
    if let Some(n) = f.number {
        c.push(
            "number_year = ? and number_seq = ?",
            [Bind::Int(i64::from(n.year())), Bind::Int(n.seq())],
        );
    }
    if let Some(at) = f.overdue_at {
        c.push(
            "closed_at is null and due_at < ?",
            [Bind::Int(at.as_millisecond())],
        );
    }
    if let Some(from) = f.created_from {
        c.push("created_at >= ?", [Bind::Int(from.as_millisecond())]);
    }
    if let Some(to) = f.created_to {
        c.push("created_at < ?", [Bind::Int(to.as_millisecond())]);
    }
    if f.open {
        c.push("closed_at is null", []);
    }
    if !f.status_in.is_empty() {
        let marks = vec!["?"; f.status_in.len()].join(", ");
        c.push(
            &format!("status in ({marks})"),
            f.status_in
                .iter()
                .map(|s| Bind::Text(s.as_code().into()))
                .collect::<Vec<_>>(),
        );
    }
    if let Some(at) = f.on_time_at {
        c.push(
            "(closed_at is not null or due_at is null or due_at >= ?)",
            [Bind::Int(at.as_millisecond())],
        );
    }
    if let Some(from) = f.closed_from {
        c.push("closed_at >= ?", [Bind::Int(from.as_millisecond())]);
    }
    push_words(&mut c, backend, &f.stems);
    c
}

/// Query stems longer than this many characters are looked up in the word
/// index by their first this many and checked in full with `like`:
/// PostgreSQL's index cuts words there (see the `ticket_search` migration).
const INDEXED_STEM_CHARS: usize = 255;

/// Every stem starts a word of `search_text`, looked up in the word index:
/// FTS5's `ticket_search` on SQLite, the GIN index over
/// `ticket_search_words(search_text)` on PostgreSQL. Both take each stem
/// quoted as one word and as a prefix (`"stem"*`, `'stem':*`), so nothing an
/// operator types is read as a search operator.
fn push_words(c: &mut Conditions, backend: Backend, stems: &[String]) {
    let stems: Vec<&str> = stems
        .iter()
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .collect();
    if stems.is_empty() {
        return;
    }
    if stems.iter().any(|s| !s.chars().all(char::is_alphanumeric)) {
        // Words hold only letters and digits (they are folded), so such a
        // stem starts none.
        c.push("1 = 0", []);
        return;
    }
    let indexed = stems
        .iter()
        .map(|s| s.chars().take(INDEXED_STEM_CHARS).collect::<String>());
    match backend {
        Backend::Sqlite => {
            let terms: Vec<String> = indexed
                .map(|s| format!("\"{}\"*", s.replace('"', "\"\"")))
                .collect();
            c.push(
                "id in (select rowid from ticket_search where ticket_search match ?)",
                [Bind::Text(terms.join(" AND "))],
            );
        }
        Backend::Postgres => {
            let terms: Vec<String> = indexed
                .map(|s| format!("'{}':*", s.replace('\\', "\\\\").replace('\'', "''")))
                .collect();
            c.push(
                "ticket_search_words(search_text) @@ cast(? as tsquery)",
                [Bind::Text(terms.join(" & "))],
            );
        }
    }
    for stem in stems
        .iter()
        .filter(|s| s.chars().count() > INDEXED_STEM_CHARS)
    {
        c.push(
            "search_text like ?",
            [Bind::Text(domain::search::like_pattern(stem))],
        );
    }
}

/// Tidies up after a bulk load (the triggers and the expression index
/// already hold every word). SQLite merges FTS5's many small segments into
/// one and refreshes the planner's statistics. PostgreSQL vacuums and analyzes the bulk-written tables: the planner
/// needs statistics to choose the word index for rare words and skip it for
/// common ones, and counts of open tickets are index-only scans only once the
/// visibility map is set (measured at 1M tickets: "overdue now" 61 ms → 4 ms).
pub async fn tidy_after_bulk_load(db: &crate::db::Db) -> Result<(), StoreError> {
    match db.backend() {
        Backend::Sqlite => {
            let mut tx = db.begin_write().await?;
            sqlx::query("insert into ticket_search (ticket_search) values ('optimize')")
                .execute(&mut *tx)
                .await?;
            crate::db::analyze_sqlite(&mut tx).await?;
            tx.commit().await
        }
        Backend::Postgres => {
            // VACUUM cannot run inside a transaction.
            let mut conn = db.read().await?;
            sqlx::query("vacuum analyze tickets, ticket_events, ticket_rollups")
                .execute(&mut *conn)
                .await?;
            Ok(())
        }
    }
}

/// Open tickets past their deadline at `now` without an `overdue` event
/// dated at or after that deadline: the escalation pass's work, most
/// overdue first. The check is a scalar subquery on purpose: written as `not
/// exists`, PostgreSQL turned it into an anti-join against every `overdue`
/// event of the season (10 s a pass at a million tickets); this way each
/// ticket is one probe of `(ticket_id, kind, at)` on both databases.
pub async fn list_to_escalate(
    conn: &mut AnyConnection,
    now: Timestamp,
    limit: i64,
) -> Result<Vec<Ticket>, StoreError> {
    let rows: Vec<TicketRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {COLUMNS} from tickets t
         where t.closed_at is null and t.due_at < $1
           and (select e.id from ticket_events e
                where e.ticket_id = t.id and e.kind = 'overdue' and e.at >= t.due_at
                limit 1) is null
         order by t.due_at, t.id
         limit $2"
    )))
    .bind(now.as_millisecond())
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(Ticket::try_from).collect()
}

/// Writes a ticket's changed state if nobody changed it since `expected_version`;
/// otherwise `Conflict`, and the caller reloads. Moves the ticket between
/// rollup cells in the same transaction.
pub async fn update_state(
    conn: &mut AnyConnection,
    ticket: &Ticket,
    expected_version: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    let conflict = || StoreError::Conflict {
        constraint: "tickets.version".into(),
    };
    let old = crate::rollup::counted(&mut *conn, ticket.id.0, expected_version)
        .await?
        .ok_or_else(conflict)?;
    let res = sqlx::query(
        "update tickets set status = $3, district_id = $4, organization_id = $5, due_at = $6,
            closed_at = $7, resolution = $8, resolution_text = $9, version = $10, updated_at = $11
         where id = $1 and version = $2",
    )
    .bind(ticket.id.0)
    .bind(expected_version)
    .bind(ticket.status().as_code())
    .bind(ticket.district_id().map(|d| d.0))
    .bind(ticket.organization_id().map(|o| o.0))
    .bind(ticket.due_at().map(|d| d.as_millisecond()))
    .bind(ticket.closed_at().map(|d| d.as_millisecond()))
    .bind(ticket.resolution().map(Resolution::as_code))
    .bind(ticket.resolution_text())
    .bind(ticket.version())
    .bind(now.as_millisecond())
    .execute(&mut *conn)
    .await?;
    if res.rows_affected() == 0 {
        return Err(conflict());
    }
    let new = crate::rollup::Counted {
        created_at: ticket.created_at,
        district_id: ticket.district_id(),
        category: ticket.category,
        organization_id: ticket.organization_id(),
        status: ticket.status(),
        due_at: ticket.due_at(),
        closed_at: ticket.closed_at(),
    };
    crate::rollup::move_ticket(conn, &old.key(), &new.key()).await
}

pub async fn count(conn: &mut AnyConnection) -> Result<i64, StoreError> {
    let (n,): (i64,) = sqlx::query_as("select count(*) from tickets")
        .fetch_one(conn)
        .await?;
    Ok(n)
}

/// How many tickets in the scope match the filter, or with a `limit` up to
/// `limit + 1` of them (the dashboard's "overdue now": open tickets past
/// due_at, served by the `(district_id, status, due_at)` and `(status,
/// due_at)` indexes; an export's size check).
pub async fn count_matching(
    conn: &mut AnyConnection,
    scope: Scope,
    filter: &TicketFilter,
    limit: Option<i64>,
) -> Result<i64, StoreError> {
    let c = conditions(Backend::of(conn), scope, filter);
    count_where(conn, &c, limit).await
}
