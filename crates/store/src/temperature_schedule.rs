//! Temperature schedules the admin loads per heat source (stored as their CSV).

use domain::organization::OrganizationId;
use domain::temperature_schedule::TemperatureSchedule;
use domain::user::UserId;
use jiff::Timestamp;
use sqlx::AnyConnection;

use crate::error::{StoreError, corrupt};

fn millis(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// A heat source's loaded schedule, if any.
pub async fn get(
    conn: &mut AnyConnection,
    heat_supplier: OrganizationId,
) -> Result<Option<TemperatureSchedule>, StoreError> {
    let row: Option<(String,)> =
        sqlx::query_as("select csv from temperature_schedules where heat_supplier_id = $1")
            .bind(heat_supplier.0)
            .fetch_optional(conn)
            .await?;
    row.map(|(csv,)| {
        TemperatureSchedule::parse_csv(&csv)
            .map_err(|_| corrupt("temperature schedule of", &heat_supplier.0.to_string()))
    })
    .transpose()
}

/// Stores (or replaces) a heat source's schedule.
pub async fn put(
    conn: &mut AnyConnection,
    heat_supplier: OrganizationId,
    schedule: &TemperatureSchedule,
    by: Option<UserId>,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into temperature_schedules (heat_supplier_id, csv, loaded_at, loaded_by)
         values ($1, $2, $3, $4)
         on conflict (heat_supplier_id) do update set csv = $2, loaded_at = $3, loaded_by = $4",
    )
    .bind(heat_supplier.0)
    .bind(schedule.to_csv())
    .bind(now.as_millisecond())
    .bind(by.map(|u| u.0))
    .execute(conn)
    .await?;
    Ok(())
}

/// Every loaded schedule with its heat source and load time, by heat source.
pub async fn list(
    conn: &mut AnyConnection,
) -> Result<Vec<(OrganizationId, TemperatureSchedule, Timestamp)>, StoreError> {
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(
        "select heat_supplier_id, csv, loaded_at from temperature_schedules
         order by heat_supplier_id",
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(id, csv, at)| {
            let schedule = TemperatureSchedule::parse_csv(&csv)
                .map_err(|_| corrupt("temperature schedule of", &id.to_string()))?;
            Ok((OrganizationId(id), schedule, millis(at)))
        })
        .collect()
}
