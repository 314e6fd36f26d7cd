//! Open311: what a client posted beside a ticket, its tokens, the buildings
//! near a point, and the public view of tickets (which never selects a
//! resident's name, phone, apartment or e-mail).

use domain::api_key::ApiKeyId;
use domain::building::BuildingId;
use domain::category::Category;
use domain::event::{EventKind, TicketEvent};
use domain::geo::Point;
use domain::open311::{PublicRequest, PublicStatus};
use domain::ticket::{Channel, Resolution, TicketId, TicketNumber, TicketStatus};
use jiff::Timestamp;
use sqlx::AnyConnection;

use crate::conditions::{Bind, Conditions};
use crate::double::Double;
use crate::error::{StoreError, corrupt};

/// What an Open311 client posted that the ticket has no column for.
pub struct Open311Insert<'a> {
    pub ticket_id: TicketId,
    pub api_key_id: ApiKeyId,
    pub token: &'a str,
    pub reported_point: Option<Point>,
    pub address_string: Option<&'a str>,
    pub address_id: Option<&'a str>,
    pub email: Option<&'a str>,
    pub device_id: Option<&'a str>,
    pub account_id: Option<&'a str>,
    pub media_url: Option<&'a str>,
    pub attributes: &'a str,
    pub created_at: Timestamp,
}

pub async fn insert(conn: &mut AnyConnection, r: &Open311Insert<'_>) -> Result<(), StoreError> {
    sqlx::query(
        "insert into open311_requests (ticket_id, api_key_id, token, latitude, longitude,
            address_string, address_id, email, device_id, account_id, media_url, attributes,
            created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(r.ticket_id.0)
    .bind(r.api_key_id.0)
    .bind(r.token)
    .bind(Double(r.reported_point.map(|p| p.latitude)))
    .bind(Double(r.reported_point.map(|p| p.longitude)))
    .bind(r.address_string)
    .bind(r.address_id)
    .bind(r.email)
    .bind(r.device_id)
    .bind(r.account_id)
    .bind(r.media_url)
    .bind(r.attributes)
    .bind(r.created_at.as_millisecond())
    .execute(conn)
    .await?;
    Ok(())
}

/// The number of the ticket a token was issued for.
pub async fn find_token(
    conn: &mut AnyConnection,
    token: &str,
) -> Result<Option<TicketNumber>, StoreError> {
    let row: Option<(i64, i64)> = sqlx::query_as(
        "select t.number_year, t.number_seq
         from open311_requests r join tickets t on t.id = r.ticket_id
         where r.token = $1",
    )
    .bind(token)
    .fetch_optional(conn)
    .await?;
    row.map(|(year, seq)| number(year, seq)).transpose()
}

/// Buildings with coordinates inside a box, for picking the nearest one.
pub async fn buildings_in_box(
    conn: &mut AnyConnection,
    center: Point,
    half_lat: f64,
    half_lon: f64,
) -> Result<Vec<(BuildingId, Point)>, StoreError> {
    let rows: Vec<(i64, f64, f64)> = sqlx::query_as(
        "select id, latitude, longitude from buildings
         where latitude between $1 and $2 and longitude between $3 and $4
         order by id",
    )
    .bind(center.latitude - half_lat)
    .bind(center.latitude + half_lat)
    .bind(center.longitude - half_lon)
    .bind(center.longitude + half_lon)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, lat, lon)| Point::new(lat, lon).map(|p| (BuildingId(id), p)))
        .collect())
}

/// In which order a public list comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PublicOrder {
    /// Newest request first.
    #[default]
    Newest,
    /// Least recently changed first, for incremental sync.
    Updated,
}

/// Filters of the public request list; every one optional.
#[derive(Debug, Clone, Default)]
pub struct PublicFilter {
    /// When given, only these tickets (and every other filter still applies).
    pub numbers: Vec<TicketNumber>,
    pub categories: Vec<Category>,
    pub status: Option<PublicStatus>,
    /// `requested_datetime` from this instant, inclusive.
    pub created_from: Option<Timestamp>,
    /// `requested_datetime` up to this instant, inclusive.
    pub created_to: Option<Timestamp>,
    /// Changed strictly after this instant.
    pub updated_after: Option<Timestamp>,
    pub updated_before: Option<Timestamp>,
    pub order: PublicOrder,
}

const PUBLIC_SELECT: &str = "select t.id, t.number_year, t.number_seq, t.category, t.channel,
        t.status, t.description, t.created_at, t.updated_at, t.due_at, t.closed_at,
        t.resolution, t.resolution_text, t.building_id, b.address as building_address,
        b.latitude as building_latitude, b.longitude as building_longitude,
        d.name as district_name, o.name as organization_name,
        r.latitude as reported_latitude, r.longitude as reported_longitude, r.media_url
    from tickets t
    left join buildings b on b.id = t.building_id
    left join districts d on d.id = t.district_id
    left join organizations o on o.id = t.organization_id
    left join open311_requests r on r.ticket_id = t.id";

#[derive(sqlx::FromRow)]
struct PublicRow {
    id: i64,
    number_year: i64,
    number_seq: i64,
    category: String,
    channel: String,
    status: String,
    description: String,
    created_at: i64,
    updated_at: i64,
    due_at: Option<i64>,
    closed_at: Option<i64>,
    resolution: Option<String>,
    resolution_text: Option<String>,
    building_id: Option<i64>,
    building_address: Option<String>,
    building_latitude: Option<f64>,
    building_longitude: Option<f64>,
    district_name: Option<String>,
    organization_name: Option<String>,
    reported_latitude: Option<f64>,
    reported_longitude: Option<f64>,
    media_url: Option<String>,
}

impl TryFrom<PublicRow> for PublicRequest {
    type Error = StoreError;
    fn try_from(row: PublicRow) -> Result<Self, StoreError> {
        let resolution = match row.resolution.as_deref() {
            Some(code) => {
                Some(Resolution::from_code(code).ok_or_else(|| corrupt("resolution", code))?)
            }
            None => None,
        };
        let point = |lat: Option<f64>, lon: Option<f64>| match (lat, lon) {
            (Some(lat), Some(lon)) => Point::new(lat, lon),
            _ => None,
        };
        Ok(PublicRequest {
            id: TicketId(row.id),
            number: number(row.number_year, row.number_seq)?,
            category: Category::from_code(&row.category)
                .ok_or_else(|| corrupt("category", &row.category))?,
            channel: Channel::from_code(&row.channel)
                .ok_or_else(|| corrupt("channel", &row.channel))?,
            status: TicketStatus::from_code(&row.status)
                .ok_or_else(|| corrupt("status", &row.status))?,
            description: row.description,
            created_at: millis(row.created_at),
            updated_at: millis(row.updated_at),
            due_at: row.due_at.map(millis),
            closed_at: row.closed_at.map(millis),
            resolution,
            resolution_text: row.resolution_text,
            building_id: row.building_id.map(BuildingId),
            building_address: row.building_address,
            building_point: point(row.building_latitude, row.building_longitude),
            reported_point: point(row.reported_latitude, row.reported_longitude),
            district: row.district_name,
            organization: row.organization_name,
            media_url: row.media_url,
        })
    }
}

fn millis(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn number(year: i64, seq: i64) -> Result<TicketNumber, StoreError> {
    let year = i16::try_from(year).map_err(|_| corrupt("year", &year.to_string()))?;
    Ok(TicketNumber::new(year, seq))
}

/// One page of the public list.
pub async fn list_public(
    conn: &mut AnyConnection,
    filter: &PublicFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<PublicRequest>, StoreError> {
    let c = public_conditions(filter);
    let n = c.next_placeholder();
    let order = match filter.order {
        PublicOrder::Newest => "t.created_at desc, t.id desc",
        PublicOrder::Updated => "t.updated_at, t.id",
    };
    let rows: Vec<PublicRow> = c
        .query_as(format!(
            "{PUBLIC_SELECT}{} order by {order} limit ${n} offset ${}",
            c.sql(),
            n + 1
        ))
        .bind(limit)
        .bind(offset)
        .fetch_all(conn)
        .await?;
    rows.into_iter().map(PublicRequest::try_from).collect()
}

fn public_conditions(f: &PublicFilter) -> Conditions {
    let mut c = Conditions::default();
    if !f.numbers.is_empty() {
        let clause = vec!["(t.number_year = ? and t.number_seq = ?)"; f.numbers.len()].join(" or ");
        let binds = f
            .numbers
            .iter()
            .flat_map(|n| [Bind::Int(i64::from(n.year())), Bind::Int(n.seq())]);
        c.push(&format!("({clause})"), binds);
    }
    if !f.categories.is_empty() {
        let marks = vec!["?"; f.categories.len()].join(", ");
        let binds = f
            .categories
            .iter()
            .map(|cat| Bind::Text(cat.as_code().into()));
        c.push(&format!("t.category in ({marks})"), binds);
    }
    match f.status {
        Some(PublicStatus::Open) => c.push("t.status <> 'closed'", []),
        Some(PublicStatus::Closed) => c.push("t.status = 'closed'", []),
        None => {}
    }
    let times = [
        ("t.created_at >= ?", f.created_from),
        ("t.created_at <= ?", f.created_to),
        ("t.updated_at > ?", f.updated_after),
        ("t.updated_at < ?", f.updated_before),
    ];
    for (clause, at) in times {
        if let Some(at) = at {
            c.push(clause, [Bind::Int(at.as_millisecond())]);
        }
    }
    c
}

/// The public events (see `EventKind::is_public`) of some tickets, oldest
/// first, without who acted.
pub async fn list_public_events(
    conn: &mut AnyConnection,
    tickets: &[TicketId],
) -> Result<Vec<(TicketId, TicketEvent)>, StoreError> {
    if tickets.is_empty() {
        return Ok(Vec::new());
    }
    let mut c = Conditions::default();
    let marks = vec!["?"; tickets.len()].join(", ");
    c.push(
        &format!("ticket_id in ({marks})"),
        tickets.iter().map(|t| Bind::Int(t.0)),
    );
    #[derive(sqlx::FromRow)]
    struct EventRow {
        ticket_id: i64,
        at: i64,
        kind: String,
        before_value: Option<String>,
        after_value: Option<String>,
        comment: Option<String>,
    }
    let rows: Vec<EventRow> = c
        .query_as(format!(
            "select ticket_id, at, kind, before_value, after_value, comment
             from ticket_events{} order by ticket_id, id",
            c.sql()
        ))
        .fetch_all(conn)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let kind =
            EventKind::from_code(&row.kind).ok_or_else(|| corrupt("event kind", &row.kind))?;
        if !kind.is_public() {
            continue;
        }
        let event = TicketEvent {
            at: millis(row.at),
            actor: None,
            actor_name: None,
            kind,
            before: row.before_value,
            after: row.after_value,
            comment: row.comment,
        };
        out.push((TicketId(row.ticket_id), event));
    }
    Ok(out)
}
