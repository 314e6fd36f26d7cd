//! The admin's repeat policy: one row; absent means the default.

use domain::category::Category;
use domain::repeat_detection::RepeatPolicy;
use domain::user::UserId;
use jiff::Timestamp;
use sqlx::AnyConnection;

use crate::error::{StoreError, corrupt};

/// The admin's repeat policy, or `None` when the default applies.
pub async fn get(conn: &mut AnyConnection) -> Result<Option<RepeatPolicy>, StoreError> {
    let row: Option<(i64, i64, String)> = sqlx::query_as(
        "select min_tickets, window_days, categories from repeat_policies where id = 1",
    )
    .fetch_optional(conn)
    .await?;
    let Some((min_tickets, window_days, categories)) = row else {
        return Ok(None);
    };
    let categories = categories
        .split(',')
        .filter(|c| !c.is_empty())
        .map(|c| Category::from_code(c).ok_or_else(|| corrupt("category", c)))
        .collect::<Result<Vec<_>, _>>()?;
    let policy = RepeatPolicy::new(
        u32::try_from(min_tickets).unwrap_or(0),
        u32::try_from(window_days).unwrap_or(0),
        categories,
    )
    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(Some(policy))
}

pub async fn set(
    conn: &mut AnyConnection,
    policy: &RepeatPolicy,
    by: Option<UserId>,
    now: Timestamp,
) -> Result<(), StoreError> {
    let categories: Vec<&str> = policy.categories().iter().map(|c| c.as_code()).collect();
    sqlx::query(
        "insert into repeat_policies (id, min_tickets, window_days, categories, updated_at, updated_by)
         values (1, $1, $2, $3, $4, $5)
         on conflict (id) do update set min_tickets = $1, window_days = $2, categories = $3,
            updated_at = $4, updated_by = $5",
    )
    .bind(i64::from(policy.min_tickets()))
    .bind(i64::from(policy.window_days()))
    .bind(categories.join(","))
    .bind(now.as_millisecond())
    .bind(by.map(|u| u.0))
    .execute(conn)
    .await?;
    Ok(())
}
