//! Generated history for scale tests and benchmarks: `heatline generate
//! --tickets N` writes N realistic tickets (registry addresses, Russian texts,
//! the heating season's curve, lifecycles that match their age) through the
//! store's bulk path, tens of thousands of rows per second.
//!
//! It is not the registration path: nothing is routed live, notified or
//! linked to outages and inspections, so what the write path maintains on the
//! side must be rebuilt once afterwards ([`after_bulk_insert`]).

mod history;

use std::collections::BTreeMap;
use std::time::Instant;

use domain::user::Role;
use rand::SeedableRng;
use rand::rngs::StdRng;

use crate::app::{Actor, AppError, Ctx, internal};

/// Tickets written per transaction: large enough that commits are rare,
/// small enough that the generator's memory stays flat.
const TICKETS_PER_TRANSACTION: usize = 20_000;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct GenerateTickets {
    pub tickets: u64,
    /// The same seed on the same registry writes the same history.
    pub seed: u64,
}

/// What was written.
#[derive(Debug, Clone, Copy, Default)]
pub struct GenerateReport {
    /// The demo registry was seeded first because the database had no buildings.
    pub registry_seeded: bool,
    pub tickets: u64,
    pub events: u64,
    pub seconds: f64,
}

/// Writes `input.tickets` tickets over the last full heating season and the
/// current one up to now. Seeds the demo registry first when there is none.
#[tracing::instrument(skip_all)]
pub async fn generate_tickets(
    ctx: &Ctx,
    actor: &Actor,
    input: GenerateTickets,
) -> Result<GenerateReport, AppError> {
    actor.require(&[Role::Admin])?;
    let registry_seeded = crate::app::demo::ensure_registry(ctx).await?;
    let started = Instant::now();
    let now = ctx.now();
    let mut rng = StdRng::seed_from_u64(input.seed);
    let plan = history::plan(input.tickets, now);
    let mut history = history::History::load(ctx, now).await?;
    reserve_numbers(ctx, &plan, &mut history).await?;
    let mut report = GenerateReport {
        registry_seeded,
        ..GenerateReport::default()
    };
    let mut batch = history::Batch::default();
    for day in &plan {
        for _ in 0..day.tickets {
            history.ticket(&mut rng, day, &mut batch);
            if batch.tickets.len() >= TICKETS_PER_TRANSACTION {
                write(ctx, &mut batch, &mut report).await?;
            }
        }
    }
    write(ctx, &mut batch, &mut report).await?;
    after_bulk_insert(ctx).await?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Takes every year's block of ticket numbers up front, so that registrations
/// running meanwhile never collide with generated numbers.
async fn reserve_numbers(
    ctx: &Ctx,
    plan: &[history::Day],
    history: &mut history::History,
) -> Result<(), AppError> {
    let mut per_year: BTreeMap<i16, i64> = BTreeMap::new();
    for day in plan {
        *per_year.entry(day.date.year()).or_default() += day.tickets as i64;
    }
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("reserving ticket numbers"))?;
    for (year, n) in per_year {
        if n > 0 {
            let first = store::bulk::reserve_numbers(&mut tx, year, n)
                .await
                .map_err(internal("reserving ticket numbers"))?;
            history.next_seq.insert(year, first.seq());
        }
    }
    tx.commit()
        .await
        .map_err(internal("reserving ticket numbers"))
}

async fn write(
    ctx: &Ctx,
    batch: &mut history::Batch,
    report: &mut GenerateReport,
) -> Result<(), AppError> {
    if batch.tickets.is_empty() {
        return Ok(());
    }
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("writing generated tickets"))?;
    store::bulk::insert_tickets(&mut tx, &batch.tickets, &batch.events)
        .await
        .map_err(internal("writing generated tickets"))?;
    tx.commit()
        .await
        .map_err(internal("writing generated tickets"))?;
    report.tickets += batch.tickets.len() as u64;
    report.events += batch.events.len() as u64;
    batch.tickets.clear();
    batch.events.clear();
    Ok(())
}

/// The one place to bring up to date what the registration path maintains
/// beside the tickets, after rows were written around it: the rollups the
/// dashboard and reports read, and the word index's shape (its words are
/// kept by the database itself).
pub async fn after_bulk_insert(ctx: &Ctx) -> Result<(), AppError> {
    store::rollup::rebuild(&ctx.db)
        .await
        .map_err(internal("rebuilding rollups"))?;
    store::ticket::tidy_after_bulk_load(&ctx.db)
        .await
        .map_err(internal("tidying up after the bulk load"))
}
