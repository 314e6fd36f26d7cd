//! The address registry.

use domain::building::{Building, BuildingId, fold};
use domain::district::DistrictId;
use domain::organization::OrganizationId;
use jiff::Timestamp;
use sqlx::AnyConnection;

use crate::double::Double;
use crate::error::StoreError;

const COLUMNS: &str = "id, address, district_id, management_company_id, heat_supplier_id,
    latitude, longitude, apartments, year_built";

#[derive(sqlx::FromRow)]
struct BuildingRow {
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

impl From<BuildingRow> for Building {
    fn from(row: BuildingRow) -> Self {
        Building {
            id: BuildingId(row.id),
            address: row.address,
            district_id: DistrictId(row.district_id),
            management_company_id: OrganizationId(row.management_company_id),
            heat_supplier_id: OrganizationId(row.heat_supplier_id),
            latitude: row.latitude,
            longitude: row.longitude,
            apartments: row.apartments,
            year_built: row.year_built,
        }
    }
}

/// What the registry stores of a building; `key` identifies it across spellings.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildingRecord {
    pub key: String,
    pub address: String,
    pub district_id: DistrictId,
    pub management_company_id: OrganizationId,
    pub heat_supplier_id: OrganizationId,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub apartments: Option<i64>,
    pub year_built: Option<i64>,
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserted {
    Inserted(BuildingId),
    Updated(BuildingId),
    Unchanged(BuildingId),
}

/// Inserts a building, or updates the one with the same key when anything differs.
pub async fn upsert(
    conn: &mut AnyConnection,
    record: &BuildingRecord,
    now: Timestamp,
) -> Result<Upserted, StoreError> {
    let existing: Option<BuildingRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {COLUMNS} from buildings where address_key = $1"
    )))
    .bind(&record.key)
    .fetch_optional(&mut *conn)
    .await?;
    match existing {
        Some(row) => {
            let id = BuildingId(row.id);
            if same(&Building::from(row), record) {
                return Ok(Upserted::Unchanged(id));
            }
            sqlx::query(
                "update buildings set address = $2, address_folded = $3, district_id = $4,
                    management_company_id = $5, heat_supplier_id = $6, latitude = $7,
                    longitude = $8, apartments = $9, year_built = $10, updated_at = $11
                 where id = $1",
            )
            .bind(id.0)
            .bind(&record.address)
            .bind(fold(&record.address))
            .bind(record.district_id.0)
            .bind(record.management_company_id.0)
            .bind(record.heat_supplier_id.0)
            .bind(Double(record.latitude))
            .bind(Double(record.longitude))
            .bind(record.apartments)
            .bind(record.year_built)
            .bind(now.as_millisecond())
            .execute(conn)
            .await?;
            Ok(Upserted::Updated(id))
        }
        None => insert(conn, record, now).await.map(Upserted::Inserted),
    }
}

async fn insert(
    conn: &mut AnyConnection,
    record: &BuildingRecord,
    now: Timestamp,
) -> Result<BuildingId, StoreError> {
    let (id,): (i64,) = sqlx::query_as(
        "insert into buildings (address, address_key, address_folded, district_id,
            management_company_id, heat_supplier_id, latitude, longitude, apartments,
            year_built, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
         returning id",
    )
    .bind(&record.address)
    .bind(&record.key)
    .bind(fold(&record.address))
    .bind(record.district_id.0)
    .bind(record.management_company_id.0)
    .bind(record.heat_supplier_id.0)
    .bind(Double(record.latitude))
    .bind(Double(record.longitude))
    .bind(record.apartments)
    .bind(record.year_built)
    .bind(now.as_millisecond())
    .fetch_one(conn)
    .await?;
    Ok(BuildingId(id))
}

fn same(building: &Building, record: &BuildingRecord) -> bool {
    building.address == record.address
        && building.district_id == record.district_id
        && building.management_company_id == record.management_company_id
        && building.heat_supplier_id == record.heat_supplier_id
        && building.latitude == record.latitude
        && building.longitude == record.longitude
        && building.apartments == record.apartments
        && building.year_built == record.year_built
}

pub async fn get(conn: &mut AnyConnection, id: BuildingId) -> Result<Building, StoreError> {
    let row: BuildingRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {COLUMNS} from buildings where id = $1"
    )))
    .bind(id.0)
    .fetch_one(conn)
    .await?;
    Ok(row.into())
}

/// Buildings whose folded address contains every word of `q`, by id.
pub async fn search(
    conn: &mut AnyConnection,
    q: &str,
    district: Option<DistrictId>,
    limit: i64,
) -> Result<Vec<Building>, StoreError> {
    let words: Vec<String> = fold(q)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let mut sql = format!("select {COLUMNS} from buildings where ($1 is null or district_id = $1)");
    for idx in 0..words.len() {
        sql.push_str(&format!(" and address_folded like ${}", idx + 2));
    }
    sql.push_str(&format!(" order by id limit ${}", words.len() + 2));
    let mut query =
        sqlx::query_as::<_, BuildingRow>(sqlx::AssertSqlSafe(sql)).bind(district.map(|d| d.0));
    for word in &words {
        query = query.bind(format!("%{word}%"));
    }
    let rows = query.bind(limit).fetch_all(conn).await?;
    Ok(rows.into_iter().map(Building::from).collect())
}

/// Every building's id and address, for the in-memory address index.
pub async fn list_addresses(
    conn: &mut AnyConnection,
) -> Result<Vec<(BuildingId, String)>, StoreError> {
    let rows: Vec<(i64, String)> = sqlx::query_as("select id, address from buildings order by id")
        .fetch_all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, a)| (BuildingId(id), a))
        .collect())
}

pub async fn count(conn: &mut AnyConnection) -> Result<i64, StoreError> {
    let (n,): (i64,) = sqlx::query_as("select count(*) from buildings")
        .fetch_one(conn)
        .await?;
    Ok(n)
}
