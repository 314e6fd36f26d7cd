//! The call history the forecast learns from: when tickets came in and their
//! category, and the outdoor temperatures inspections recorded. Rows only; the
//! grouping by city day and hour happens in Rust so one SQL serves both
//! databases (date functions and time zones differ between them).

use domain::category::Category;
use jiff::Timestamp;
use sqlx::AnyConnection;

use crate::error::{StoreError, corrupt};

/// Every ticket registered in `[from, to)`: its registration time and category,
/// earliest first. Whole city: the forecast is for the call centre.
pub async fn list_registrations(
    conn: &mut AnyConnection,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<(Timestamp, Category)>, StoreError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "select created_at, category from tickets
         where created_at >= $1 and created_at < $2 order by created_at",
    )
    .bind(from.as_millisecond())
    .bind(to.as_millisecond())
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(at, code)| {
            let category = Category::from_code(&code).ok_or_else(|| corrupt("category", &code))?;
            let at = Timestamp::from_millisecond(at)
                .map_err(|_| corrupt("created_at", &at.to_string()))?;
            Ok((at, category))
        })
        .collect()
}

/// Outdoor temperatures (°C) inspections recorded in `[from, to)`, with when.
pub async fn list_outdoor_temperatures(
    conn: &mut AnyConnection,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<(Timestamp, f64)>, StoreError> {
    let rows: Vec<(i64, f64)> = sqlx::query_as(
        "select visited_at, outdoor_temperature from inspection_reports
         where outdoor_temperature is not null and visited_at >= $1 and visited_at < $2
         order by visited_at",
    )
    .bind(from.as_millisecond())
    .bind(to.as_millisecond())
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(at, t)| {
            let at = Timestamp::from_millisecond(at)
                .map_err(|_| corrupt("visited_at", &at.to_string()))?;
            Ok((at, t))
        })
        .collect()
}
