//! Rate-limit counters: one row per bucket and window, so that every server
//! sharing the database counts the same hits.

use jiff::Timestamp;
use sqlx::AnyConnection;

use crate::error::StoreError;

/// Counts one hit in the bucket's window and returns the window's hits so far.
/// The first hit of a window also sweeps rows older than `expired_before`.
pub async fn hit(
    conn: &mut AnyConnection,
    bucket: &str,
    window_start: Timestamp,
    expired_before: Timestamp,
) -> Result<i64, StoreError> {
    let (hits,): (i64,) = sqlx::query_as(
        "insert into rate_limit_hits (bucket, window_start, hits) values ($1, $2, 1)
         on conflict (bucket, window_start) do update set hits = rate_limit_hits.hits + 1
         returning hits",
    )
    .bind(bucket)
    .bind(window_start.as_millisecond())
    .fetch_one(&mut *conn)
    .await?;
    if hits == 1 {
        sqlx::query("delete from rate_limit_hits where window_start < $1")
            .bind(expired_before.as_millisecond())
            .execute(conn)
            .await?;
    }
    Ok(hits)
}
