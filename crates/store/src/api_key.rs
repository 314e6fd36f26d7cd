//! API keys of client systems: insert, list, revoke, and look up by the
//! secret's hash.

use domain::api_key::{ApiKey, ApiKeyId};
use domain::user::UserId;
use jiff::Timestamp;
use sqlx::AnyConnection;

use crate::error::StoreError;

const COLUMNS: &str = "id, name, key_prefix, requests_per_minute, created_at, revoked_at";

#[derive(sqlx::FromRow)]
struct ApiKeyRow {
    id: i64,
    name: String,
    key_prefix: String,
    requests_per_minute: i64,
    created_at: i64,
    revoked_at: Option<i64>,
}

impl From<ApiKeyRow> for ApiKey {
    fn from(row: ApiKeyRow) -> Self {
        ApiKey {
            id: ApiKeyId(row.id),
            name: row.name,
            prefix: row.key_prefix,
            requests_per_minute: row.requests_per_minute,
            created_at: millis(row.created_at),
            revoked_at: row.revoked_at.map(millis),
        }
    }
}

fn millis(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

pub struct NewApiKey<'a> {
    pub name: &'a str,
    pub key_hash: &'a str,
    pub prefix: &'a str,
    pub requests_per_minute: i64,
    /// `None` when created from the command line.
    pub created_by: Option<UserId>,
}

pub async fn insert(
    conn: &mut AnyConnection,
    key: &NewApiKey<'_>,
    now: Timestamp,
) -> Result<ApiKeyId, StoreError> {
    let (id,): (i64,) = sqlx::query_as(
        "insert into api_keys (name, key_hash, key_prefix, requests_per_minute, created_at,
            created_by_user_id)
         values ($1, $2, $3, $4, $5, $6)
         returning id",
    )
    .bind(key.name)
    .bind(key.key_hash)
    .bind(key.prefix)
    .bind(key.requests_per_minute)
    .bind(now.as_millisecond())
    .bind(key.created_by.map(|u| u.0))
    .fetch_one(conn)
    .await?;
    Ok(ApiKeyId(id))
}

/// Every key, newest first.
pub async fn list(conn: &mut AnyConnection) -> Result<Vec<ApiKey>, StoreError> {
    let rows: Vec<ApiKeyRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {COLUMNS} from api_keys order by id desc"
    )))
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(ApiKey::from).collect())
}

pub async fn get(conn: &mut AnyConnection, id: ApiKeyId) -> Result<ApiKey, StoreError> {
    let row: ApiKeyRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {COLUMNS} from api_keys where id = $1"
    )))
    .bind(id.0)
    .fetch_one(conn)
    .await?;
    Ok(row.into())
}

/// The key whose secret hashes to `key_hash`, revoked or not.
pub async fn find_by_hash(
    conn: &mut AnyConnection,
    key_hash: &str,
) -> Result<Option<ApiKey>, StoreError> {
    let row: Option<ApiKeyRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {COLUMNS} from api_keys where key_hash = $1"
    )))
    .bind(key_hash)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(ApiKey::from))
}

/// Revokes a key; revoking a revoked key keeps the first time.
pub async fn revoke(
    conn: &mut AnyConnection,
    id: ApiKeyId,
    now: Timestamp,
) -> Result<(), StoreError> {
    let res =
        sqlx::query("update api_keys set revoked_at = coalesce(revoked_at, $2) where id = $1")
            .bind(id.0)
            .bind(now.as_millisecond())
            .execute(conn)
            .await?;
    if res.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}
