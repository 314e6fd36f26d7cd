//! The demo's quality callbacks: the control department has called back a
//! fair sample of the tickets closed since 18 October (N per district per
//! week, drawn with `domain::quality_callback::sample`), over a thousand
//! calls with about 84% of verdicts "solved". Unanswered residents are retried
//! in other parts of the day; `not_solved` reopens the ticket through the
//! ticket lifecycle, so the recent ones wait in the district HQs' queues and
//! the older ones were closed again by their organization. Tickets closed in
//! the last days are left for the controller's queue.

use std::collections::HashMap;

use domain::event::EventKind;
use domain::organization::OrganizationId;
use domain::quality_callback::retry::{DayPart, next_attempt};
use domain::quality_callback::sample::{SampleCandidate, SampleGroup, sample};
use domain::quality_callback::{Attempt, CallbackOutcome};
use domain::ticket::{Resolution, TicketStatus};
use domain::user::{Role, Scope};
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use store::quality_callback::QueueFilter;

use crate::app::quality_callback::record_in_tx;
use crate::app::ticket::{actor_event, save_change};
use crate::app::{Actor, AppError, Ctx, internal};

/// Tickets called per district per week of closing.
const PER_DISTRICT_WEEK: u32 = 36;

/// Solved among verdicts, on average (the seed's 84%).
const SOLVED: f64 = 0.84;

const STILL_WRONG: [&str; 6] = [
    "Батареи по-прежнему чуть тёплые, в квартире +16",
    "Стояк так и не прокачали, сверху холодно",
    "Приходили, но ничего не сделали, температура та же",
    "Горячая вода всё ещё еле тёплая по утрам",
    "После регулировки снова перетоп, окна открыты",
    "Протечка в подвале осталась, пахнет сыростью",
];

/// Seeds the calls; returns how many were placed.
pub(super) async fn seed(ctx: &Ctx, now: Timestamp) -> Result<u64, AppError> {
    let mut rng = StdRng::seed_from_u64(1018);
    let today = domain::calendar::city_date(now);
    let year = if today.month() >= 10 {
        today.year()
    } else {
        today.year() - 1
    };
    let since = Date::new(year, 10, 18).map_err(|e| AppError::Internal(e.into()))?;
    let mut conn = ctx.db.read().await.map_err(internal("seeding callbacks"))?;
    let users = store::user::list(&mut conn)
        .await
        .map_err(internal("seeding callbacks"))?;
    let Some(controller) = users
        .iter()
        .find(|u| u.role == Role::Controller)
        .cloned()
        .map(|user| Actor { user })
    else {
        return Ok(0);
    };
    let organizations: HashMap<OrganizationId, Actor> = users
        .iter()
        .filter_map(|u| match u.scope {
            Scope::Organization(o) if u.role == Role::Organization => {
                Some((o, Actor { user: u.clone() }))
            }
            _ => None,
        })
        .collect();
    let entries = store::quality_callback::queue(
        &mut conn,
        &QueueFilter {
            closed_from: Some(domain::calendar::start_of_day(since)),
            ..QueueFilter::default()
        },
        now,
    )
    .await
    .map_err(internal("seeding callbacks"))?;
    drop(conn);
    let candidates: Vec<SampleCandidate> = entries
        .iter()
        .map(|e| SampleCandidate::new(e.ticket_id, e.district_id, e.organization_id, e.closed_at))
        .collect();
    let chosen = sample(&candidates, PER_DISTRICT_WEEK, 2026, SampleGroup::District);
    // Some organizations do the work worse than others.
    let mut quality: HashMap<OrganizationId, f64> = HashMap::new();
    let mut calls = 0;
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("seeding callbacks"))?;
    let mut in_tx = 0;
    for entry in entries
        .iter()
        .filter(|e| chosen.binary_search(&e.ticket_id).is_ok())
    {
        let solved_p = match entry.organization_id {
            Some(o) => *quality
                .entry(o)
                .or_insert_with(|| (SOLVED + rng.random_range(-0.09..0.06)).clamp(0.5, 0.98)),
            None => SOLVED,
        };
        // The first call one to three days after the closing, in calling hours.
        let day = domain::calendar::city_date(entry.closed_at)
            .checked_add(jiff::Span::new().days(rng.random_range(1..=3)))
            .map_err(|e| AppError::Internal(e.into()))?;
        let part = DayPart::ALL[rng.random_range(0..3)];
        let (start, end) = part.window(day);
        let mut at = start
            + SignedDuration::from_secs(rng.random_range(0..end.duration_since(start).as_secs()));
        let mut round: Vec<Attempt> = Vec::new();
        let mut ticket = store::ticket::get(&mut tx, entry.ticket_id, Scope::City)
            .await
            .map_err(internal("seeding callbacks"))?;
        loop {
            if at >= now - SignedDuration::from_mins(30) {
                break;
            }
            let outcome = if rng.random_bool(0.13) {
                CallbackOutcome::NoAnswer
            } else if rng.random_bool(0.03) {
                CallbackOutcome::Refused
            } else if rng.random_bool(solved_p) {
                CallbackOutcome::Solved
            } else {
                CallbackOutcome::NotSolved
            };
            let comment = (outcome == CallbackOutcome::NotSolved)
                .then(|| STILL_WRONG[rng.random_range(0..STILL_WRONG.len())]);
            let recorded =
                record_in_tx(ctx, &mut tx, &controller, ticket, outcome, comment, at).await?;
            calls += 1;
            in_tx += 1;
            ticket = recorded.ticket;
            round.push(Attempt { at, outcome });
            if recorded.round_outcome.is_some() {
                break;
            }
            let Some(next) = next_attempt(&round, at) else {
                break;
            };
            let window = next.until.duration_since(next.not_before).as_secs().max(1);
            at = next.not_before + SignedDuration::from_secs(rng.random_range(0..window.min(7200)));
        }
        // The organization redid the work of older reopened tickets and closed them again.
        if ticket.status() == TicketStatus::Reopened {
            let reopened_at = round.last().map(|a| a.at).unwrap_or(now);
            let closed_at = reopened_at + SignedDuration::from_hours(rng.random_range(20..96));
            let actor = ticket.organization_id().and_then(|o| organizations.get(&o));
            if let (true, Some(actor)) = (closed_at < now - SignedDuration::from_hours(24), actor) {
                let version = ticket.version();
                let text = "Повторный выезд: неисправность устранена";
                ticket.close(Resolution::Fixed, Some(text.to_string()), closed_at)?;
                let mut event = actor_event(Some(actor), EventKind::Closed, closed_at);
                event.before = Some(TicketStatus::Reopened.as_code().into());
                event.after = Some(TicketStatus::Closed.as_code().into());
                event.comment = Some(text.into());
                save_change(&mut tx, &ticket, version, &event).await?;
            }
        }
        if in_tx >= 300 {
            tx.commit().await.map_err(internal("seeding callbacks"))?;
            tx = ctx
                .db
                .begin_write()
                .await
                .map_err(internal("seeding callbacks"))?;
            in_tx = 0;
        }
    }
    tx.commit().await.map_err(internal("seeding callbacks"))?;
    Ok(calls)
}
