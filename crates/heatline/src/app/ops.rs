//! Operational checks.

use crate::app::{AppError, Ctx, internal};

/// The database answers a trivial query.
pub async fn check_health(ctx: &Ctx) -> Result<(), AppError> {
    let mut conn = ctx.db.read().await.map_err(internal("health check"))?;
    store::building::count(&mut conn)
        .await
        .map_err(internal("health check"))?;
    Ok(())
}
