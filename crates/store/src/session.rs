//! Sessions: web logins (cookie) and API bearer tokens. Only a hash of each
//! secret is stored, so a leaked database does not leak live sessions.

use domain::user::User;
use jiff::Timestamp;
use sqlx::AnyConnection;

use crate::error::StoreError;
use crate::user::UserRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    Web,
    Api,
}

impl SessionKind {
    pub fn as_code(self) -> &'static str {
        match self {
            SessionKind::Web => "web",
            SessionKind::Api => "api",
        }
    }
}

pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub user: &'a User,
    pub kind: SessionKind,
    pub csrf_token: &'a str,
    pub expires_at: Timestamp,
}

pub async fn insert(
    conn: &mut AnyConnection,
    session: &NewSession<'_>,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into sessions (token_hash, user_id, kind, csrf_token, created_at, expires_at)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(session.token_hash)
    .bind(session.user.id.0)
    .bind(session.kind.as_code())
    .bind(session.csrf_token)
    .bind(now.as_millisecond())
    .bind(session.expires_at.as_millisecond())
    .execute(conn)
    .await?;
    Ok(())
}

/// The user of a live session and the session's CSRF token.
pub async fn get_user(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: Timestamp,
) -> Result<Option<(User, String)>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        user: UserRow,
        csrf_token: String,
    }
    let row: Option<Row> = sqlx::query_as(
        "select u.id, u.login, u.name, u.role, u.organization_id, u.district_id, s.csrf_token
         from sessions s join users u on u.id = s.user_id
         where s.token_hash = $1 and s.expires_at > $2 and u.disabled_at is null",
    )
    .bind(token_hash)
    .bind(now.as_millisecond())
    .fetch_optional(conn)
    .await?;
    row.map(|r| Ok((User::try_from(r.user)?, r.csrf_token)))
        .transpose()
}

pub async fn delete(conn: &mut AnyConnection, token_hash: &str) -> Result<(), StoreError> {
    sqlx::query("delete from sessions where token_hash = $1")
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_expired(conn: &mut AnyConnection, now: Timestamp) -> Result<u64, StoreError> {
    let res = sqlx::query("delete from sessions where expires_at <= $1")
        .bind(now.as_millisecond())
        .execute(conn)
        .await?;
    Ok(res.rows_affected())
}
