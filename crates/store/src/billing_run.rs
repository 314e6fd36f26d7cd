//! Billing runs: the city dates bills go out, as `YYYY-MM-DD` text.

use jiff::Timestamp;
use jiff::civil::Date;
use sqlx::AnyConnection;

use crate::error::{StoreError, corrupt};

/// Every billing run, earliest first.
pub async fn list(conn: &mut AnyConnection) -> Result<Vec<Date>, StoreError> {
    let rows: Vec<(String,)> = sqlx::query_as("select run_on from billing_runs order by run_on")
        .fetch_all(conn)
        .await?;
    rows.into_iter()
        .map(|(text,)| text.parse().map_err(|_| corrupt("run_on", &text)))
        .collect()
}

/// Records a run; recording a date twice changes nothing.
pub async fn insert(
    conn: &mut AnyConnection,
    run_on: Date,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into billing_runs (run_on, created_at) values ($1, $2)
         on conflict (run_on) do nothing",
    )
    .bind(run_on.to_string())
    .bind(now.as_millisecond())
    .execute(conn)
    .await?;
    Ok(())
}
