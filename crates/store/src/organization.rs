//! Organizations: management companies and heat suppliers.

use domain::building::fold;
use domain::organization::{Organization, OrganizationId, OrganizationKind};
use sqlx::AnyConnection;

use crate::error::{StoreError, corrupt};

#[derive(sqlx::FromRow)]
struct OrganizationRow {
    id: i64,
    name: String,
    kind: String,
    phone: Option<String>,
}

impl TryFrom<OrganizationRow> for Organization {
    type Error = StoreError;
    fn try_from(row: OrganizationRow) -> Result<Self, StoreError> {
        Ok(Organization {
            id: OrganizationId(row.id),
            kind: OrganizationKind::from_code(&row.kind)
                .ok_or_else(|| corrupt("organization kind", &row.kind))?,
            name: row.name,
            phone: row.phone,
        })
    }
}

pub async fn insert(
    conn: &mut AnyConnection,
    name: &str,
    kind: OrganizationKind,
    phone: Option<&str>,
) -> Result<OrganizationId, StoreError> {
    let (id,): (i64,) = sqlx::query_as(
        "insert into organizations (name, name_folded, kind, phone) values ($1, $2, $3, $4)
         returning id",
    )
    .bind(name)
    .bind(fold(name))
    .bind(kind.as_code())
    .bind(phone)
    .fetch_one(conn)
    .await?;
    Ok(OrganizationId(id))
}

pub async fn list(
    conn: &mut AnyConnection,
    kind: Option<OrganizationKind>,
) -> Result<Vec<Organization>, StoreError> {
    let rows: Vec<OrganizationRow> = sqlx::query_as(
        "select id, name, kind, phone from organizations
         where $1 is null or kind = $1
         order by id",
    )
    .bind(kind.map(OrganizationKind::as_code))
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(Organization::try_from).collect()
}

pub async fn get(conn: &mut AnyConnection, id: OrganizationId) -> Result<Organization, StoreError> {
    let row: OrganizationRow =
        sqlx::query_as("select id, name, kind, phone from organizations where id = $1")
            .bind(id.0)
            .fetch_one(conn)
            .await?;
    row.try_into()
}

/// Finds an organization by name, ignoring case, `ё` and punctuation.
pub async fn find_by_name(
    conn: &mut AnyConnection,
    name: &str,
) -> Result<Option<Organization>, StoreError> {
    let row: Option<OrganizationRow> =
        sqlx::query_as("select id, name, kind, phone from organizations where name_folded = $1")
            .bind(fold(name))
            .fetch_optional(conn)
            .await?;
    row.map(Organization::try_from).transpose()
}
