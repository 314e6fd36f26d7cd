//! Districts.

use domain::building::fold;
use domain::district::{District, DistrictId};
use sqlx::AnyConnection;

use crate::error::StoreError;

pub async fn insert(conn: &mut AnyConnection, name: &str) -> Result<DistrictId, StoreError> {
    let (id,): (i64,) =
        sqlx::query_as("insert into districts (name, name_folded) values ($1, $2) returning id")
            .bind(name)
            .bind(fold(name))
            .fetch_one(conn)
            .await?;
    Ok(DistrictId(id))
}

pub async fn list(conn: &mut AnyConnection) -> Result<Vec<District>, StoreError> {
    let rows: Vec<(i64, String)> = sqlx::query_as("select id, name from districts order by id")
        .fetch_all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| District {
            id: DistrictId(id),
            name,
        })
        .collect())
}

pub async fn get(conn: &mut AnyConnection, id: DistrictId) -> Result<District, StoreError> {
    let (id, name): (i64, String) = sqlx::query_as("select id, name from districts where id = $1")
        .bind(id.0)
        .fetch_one(conn)
        .await?;
    Ok(District {
        id: DistrictId(id),
        name,
    })
}

/// Finds a district by its name, ignoring case, `ё` and punctuation.
pub async fn find_by_name(
    conn: &mut AnyConnection,
    name: &str,
) -> Result<Option<DistrictId>, StoreError> {
    let row: Option<(i64,)> = sqlx::query_as("select id from districts where name_folded = $1")
        .bind(fold(name))
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|(id,)| DistrictId(id)))
}
