//! Staff users.

use domain::district::DistrictId;
use domain::organization::OrganizationId;
use domain::user::{Role, Scope, User, UserId};
use jiff::Timestamp;
use sqlx::AnyConnection;

use crate::error::{StoreError, corrupt};

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: i64,
    login: String,
    name: String,
    role: String,
    organization_id: Option<i64>,
    district_id: Option<i64>,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(row: UserRow) -> Result<Self, StoreError> {
        let role = Role::from_code(&row.role).ok_or_else(|| corrupt("role", &row.role))?;
        let scope = Scope::for_role(
            role,
            row.organization_id.map(OrganizationId),
            row.district_id.map(DistrictId),
        )
        .map_err(|e| StoreError::Corrupt(format!("user {}: {e}", row.id)))?;
        Ok(User {
            id: UserId(row.id),
            login: row.login,
            name: row.name,
            role,
            scope,
        })
    }
}

/// A user to create; the password is already hashed.
pub struct NewUser<'a> {
    pub login: &'a str,
    pub name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub scope: Scope,
}

pub async fn insert(
    conn: &mut AnyConnection,
    user: &NewUser<'_>,
    now: Timestamp,
) -> Result<UserId, StoreError> {
    let (organization_id, district_id) = match user.scope {
        Scope::City => (None, None),
        Scope::District(d) => (None, Some(d.0)),
        Scope::Organization(o) => (Some(o.0), None),
    };
    let (id,): (i64,) = sqlx::query_as(
        "insert into users (login, name, password_hash, role, organization_id, district_id, created_at)
         values ($1, $2, $3, $4, $5, $6, $7)
         returning id",
    )
    .bind(user.login)
    .bind(user.name)
    .bind(user.password_hash)
    .bind(user.role.as_code())
    .bind(organization_id)
    .bind(district_id)
    .bind(now.as_millisecond())
    .fetch_one(conn)
    .await?;
    Ok(UserId(id))
}

/// The active user with this login and their password hash.
pub async fn get_with_password(
    conn: &mut AnyConnection,
    login: &str,
) -> Result<Option<(User, String)>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        user: UserRow,
        password_hash: String,
    }
    let row: Option<Row> = sqlx::query_as(
        "select id, login, name, role, organization_id, district_id, password_hash
         from users where login = $1 and disabled_at is null",
    )
    .bind(login)
    .fetch_optional(conn)
    .await?;
    row.map(|r| Ok((User::try_from(r.user)?, r.password_hash)))
        .transpose()
}

pub async fn get(conn: &mut AnyConnection, id: UserId) -> Result<User, StoreError> {
    let row: UserRow = sqlx::query_as(
        "select id, login, name, role, organization_id, district_id from users where id = $1",
    )
    .bind(id.0)
    .fetch_one(conn)
    .await?;
    row.try_into()
}

pub async fn list(conn: &mut AnyConnection) -> Result<Vec<User>, StoreError> {
    let rows: Vec<UserRow> = sqlx::query_as(
        "select id, login, name, role, organization_id, district_id from users
         where disabled_at is null order by id",
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(User::try_from).collect()
}
