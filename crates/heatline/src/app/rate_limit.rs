//! Rate limits counted in the database: every `heatline serve` sharing one
//! PostgreSQL sees the same counts, so a client cannot multiply its allowance
//! by spreading calls over servers. Each check is one upsert in its own short
//! write transaction.

use domain::rate_limit::{RateLimit, Verdict};
use jiff::SignedDuration;
use sha2::{Digest, Sha256};

use crate::app::{AppError, Ctx, internal};

/// Over a limit: which one and when the next window opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimited {
    pub limit: RateLimit,
    pub retry_after: SignedDuration,
}

/// Counts a hit in `bucket` and judges it against `limit`.
pub(crate) async fn check(
    ctx: &Ctx,
    bucket: &str,
    limit: RateLimit,
) -> Result<Result<(), RateLimited>, AppError> {
    let now = ctx.now();
    let window_start = limit.window_start(now);
    // Keep the previous window for a while; older rows are swept by new windows.
    let expired_before = window_start
        .checked_sub(SignedDuration::from_hours(2))
        .unwrap_or(window_start);
    let bucket = format!("{bucket}:{}", limit.window.as_secs());
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("counting a rate-limited hit"))?;
    let hits = store::rate_limit::hit(&mut tx, &bucket, window_start, expired_before)
        .await
        .map_err(internal("counting a rate-limited hit"))?;
    tx.commit()
        .await
        .map_err(internal("counting a rate-limited hit"))?;
    Ok(match limit.judge(hits, now) {
        Verdict::Allowed => Ok(()),
        Verdict::Exceeded { retry_after } => Err(RateLimited { limit, retry_after }),
    })
}

/// A bucket name for personal values (client addresses, phones): a hash, so
/// the counters table holds no personal data.
pub(crate) fn hashed(kind: &str, value: &str) -> String {
    let digest = hex::encode(Sha256::digest(value.as_bytes()));
    format!("{kind}:{}", &digest[..24])
}
