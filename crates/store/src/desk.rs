//! What the operator's desk reads beside tickets: a cheap stamp of the building
//! registry (so each server knows when to rebuild its address index) and the
//! descriptions operators categorized themselves (what the category model learns
//! from).

use domain::category::Category;
use sqlx::AnyConnection;

use crate::error::{StoreError, corrupt};

/// A summary of the building registry that changes whenever a building is
/// added or changed: several servers compare it to know their in-memory index
/// is stale, without loading the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RegistryStamp {
    pub count: i64,
    pub max_id: i64,
    pub max_updated_at: i64,
}

pub async fn registry_stamp(conn: &mut AnyConnection) -> Result<RegistryStamp, StoreError> {
    let (count, max_id, max_updated_at): (i64, i64, i64) = sqlx::query_as(
        "select count(*), coalesce(max(id), 0), coalesce(max(updated_at), 0) from buildings",
    )
    .fetch_one(conn)
    .await?;
    Ok(RegistryStamp {
        count,
        max_id,
        max_updated_at,
    })
}

/// The descriptions and categories of the latest `limit` tickets whose category
/// a person chose: those without a `category_suggested` event. Newest first.
pub async fn chosen_categories(
    conn: &mut AnyConnection,
    limit: i64,
) -> Result<Vec<(String, Category)>, StoreError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "select t.description, t.category from tickets t
         where not exists (
             select 1 from ticket_events e
             where e.ticket_id = t.id and e.kind = 'category_suggested')
         order by t.id desc
         limit $1",
    )
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(description, code)| {
            let category = Category::from_code(&code).ok_or_else(|| corrupt("category", &code))?;
            Ok((description, category))
        })
        .collect()
}
