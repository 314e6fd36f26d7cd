//! Checking and rebuilding the ticket rollups (`heatline verify-rollups`).

use domain::user::Role;
use store::rollup::Difference;

use crate::app::{Actor, AppError, Ctx, internal};

/// Recounts every ticket and compares with the stored rollups; empty when they agree.
#[tracing::instrument(skip_all)]
pub async fn verify_rollups(ctx: &Ctx, actor: &Actor) -> Result<Vec<Difference>, AppError> {
    actor.require(&[Role::Admin])?;
    store::rollup::verify(&ctx.db)
        .await
        .map_err(internal("verifying rollups"))
}

/// Replaces the rollups with a recount; returns the number of cells written.
#[tracing::instrument(skip_all)]
pub async fn rebuild_rollups(ctx: &Ctx, actor: &Actor) -> Result<u64, AppError> {
    actor.require(&[Role::Admin])?;
    store::rollup::rebuild(&ctx.db)
        .await
        .map_err(internal("rebuilding rollups"))
}
