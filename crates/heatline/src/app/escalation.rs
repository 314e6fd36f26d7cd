//! The escalation pass: open tickets past their deadline get one `Overdue`
//! event per missed deadline, naming the HQ they escalate to
//! (`domain::escalation`). The event is the audit trail; every list decides
//! "overdue" on read from `due_at` and the clock, so a ticket is shown
//! overdue (first in lists, in the HQ's escalated list and counts) the
//! moment its deadline passes, whether or not the pass has run yet.
//!
//! A re-routed or reopened ticket gets a new deadline, and missing that one
//! escalates again: a ticket is picked when it has no `Overdue` event dated
//! after its current deadline.

use std::time::Duration;

use domain::escalation::{EscalationTarget, escalation};
use domain::event::EventKind;
use jiff::Timestamp;

use crate::app::ticket::{actor_event, record_event};
use crate::app::{AppError, Ctx, internal};

/// Tickets escalated per transaction.
const BATCH: i64 = 500;
/// How often `serve` runs the pass (and re-reads the routing rules).
const INTERVAL: Duration = Duration::from_secs(60);

/// Records the escalation of every ticket overdue at `now` and not yet
/// escalated for its current deadline; returns how many were escalated.
#[tracing::instrument(skip_all)]
pub async fn escalate_overdue(ctx: &Ctx, now: Timestamp) -> Result<usize, AppError> {
    let mut total = 0;
    loop {
        let mut tx = ctx.db.begin_write().await.map_err(internal("escalating"))?;
        let tickets = store::ticket::list_to_escalate(&mut tx, now, BATCH)
            .await
            .map_err(internal("listing overdue tickets"))?;
        let n = tickets.len();
        let mut escalated = 0;
        for ticket in &tickets {
            let Some(escalation) = escalation(ticket, now) else {
                continue;
            };
            escalated += 1;
            let mut event = actor_event(None, EventKind::Overdue, now);
            event.before = Some(domain::calendar::rfc3339(escalation.due_at));
            event.after = Some(match escalation.to {
                EscalationTarget::DistrictHq(d) => format!("district_hq:{}", d.0),
                EscalationTarget::CityHq => "city_hq".to_string(),
            });
            record_event(&mut tx, ticket, &event).await?;
        }
        tx.commit().await.map_err(internal("escalating"))?;
        total += escalated;
        // A batch the domain skipped entirely would come back forever.
        if n < BATCH as usize || escalated == 0 {
            return Ok(total);
        }
    }
}

/// Runs the escalation pass every minute in `serve`, and re-reads the
/// routing rules so that several server processes agree.
pub fn spawn_worker(ctx: Ctx) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match escalate_overdue(&ctx, ctx.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(escalated = n, "overdue tickets escalated"),
                Err(err) => tracing::error!(error = ?err, "escalation pass failed"),
            }
            if let Err(err) = crate::app::routing::reload(&ctx).await {
                tracing::error!(error = ?err, "reloading routing rules failed");
            }
            tokio::time::sleep(INTERVAL).await;
        }
    })
}
