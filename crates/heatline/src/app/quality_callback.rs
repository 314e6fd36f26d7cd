//! Quality callbacks (контрольный обзвон): the controller's queue of closed
//! tickets still to call, one call recorded per click (a `not_solved` reopens
//! the ticket through the ticket lifecycle), and the statistics the HQ agenda
//! and the dashboard read. The rules are `domain::quality_callback`.

use std::collections::{BTreeMap, HashMap};

use domain::category::Category;
use domain::district::DistrictId;
use domain::event::EventKind;
use domain::organization::OrganizationId;
use domain::quality_callback::sample::{SampleCandidate, SampleGroup, sample};
use domain::quality_callback::stats::CallbackStats as Counts;
use domain::quality_callback::{
    Attempt, CallbackError, CallbackOutcome, CallbackResolution, record, round_for,
};
use domain::ticket::{Ticket, TicketId, TicketStatus};
use domain::user::{Role, Scope};
use jiff::Timestamp;
use jiff::civil::Date;
use store::db::WriteTx;
use store::quality_callback::{CallFilter, CallRecord, NewCall, QueueFilter};

use crate::app::ticket::params::{code, date, id, present};
use crate::app::ticket::{TicketView, actor_event, clean, record_event, reopen_in_tx, view};
use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, internal};

/// Who calls residents back: the control department (and the admin).
pub const CALLERS: &[Role] = &[Role::Controller, Role::Admin];

/// Who reads the statistics, each within their scope.
pub const READERS: &[Role] = &[
    Role::Controller,
    Role::CityHq,
    Role::DistrictHq,
    Role::Organization,
    Role::Admin,
];

/// The least verdicts an organization needs to be ranked among the worst.
pub const WORST_MIN_VERDICTS: u64 = 5;

/// How many organizations the worst list holds.
pub const WORST_COUNT: usize = 5;

/// The queue's filters as typed in a URL.
#[derive(Debug, Clone, Default)]
pub struct QueueParams {
    pub district_id: Option<String>,
    pub organization_id: Option<String>,
    pub category: Option<String>,
    /// City dates `YYYY-MM-DD` of closing, inclusive.
    pub closed_from: Option<String>,
    pub closed_to: Option<String>,
    /// Draw at most this many tickets per group and week of closing.
    pub sample: Option<String>,
    /// `district` (default) or `organization`.
    pub group: Option<String>,
    /// The draw's seed (default 1): the same seed gives the same sample.
    pub seed: Option<String>,
    pub page: Option<String>,
    pub page_size: Option<String>,
}

/// A parsed sampling request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sampling {
    pub per_group: u32,
    pub group: SampleGroup,
    pub seed: u64,
}

struct ParsedQueue {
    filter: QueueFilter,
    sampling: Option<Sampling>,
    page: i64,
    page_size: i64,
}

impl QueueParams {
    fn parse(&self) -> Result<ParsedQueue, AppError> {
        let mut errors = FieldErrors::default();
        let filter = QueueFilter {
            district_id: id(&mut errors, "district_id", &self.district_id).map(DistrictId),
            organization_id: id(&mut errors, "organization_id", &self.organization_id)
                .map(OrganizationId),
            category: code(&mut errors, "category", &self.category, Category::from_code),
            closed_from: date(&mut errors, "closed_from", &self.closed_from)
                .map(domain::calendar::start_of_day),
            closed_to: date(&mut errors, "closed_to", &self.closed_to)
                .and_then(|d| d.tomorrow().ok())
                .map(domain::calendar::start_of_day),
        };
        let group = code(&mut errors, "group", &self.group, SampleGroup::from_code)
            .unwrap_or(SampleGroup::District);
        let seed = match present(&self.seed) {
            None => 1,
            Some(text) => text.parse::<u64>().unwrap_or_else(|_| {
                errors.add("seed", Problem::Malformed);
                1
            }),
        };
        let sampling = id(&mut errors, "sample", &self.sample).map(|n| Sampling {
            per_group: u32::try_from(n).unwrap_or(u32::MAX),
            group,
            seed,
        });
        let page = id(&mut errors, "page", &self.page).unwrap_or(1);
        let page_size = id(&mut errors, "page_size", &self.page_size).unwrap_or(50);
        if page_size > 200 {
            errors.add("page_size", Problem::Malformed);
        }
        errors.into_result()?;
        Ok(ParsedQueue {
            filter,
            sampling,
            page,
            page_size,
        })
    }
}

/// A ticket due for a call.
#[derive(Debug, Clone)]
pub struct QueueItem {
    pub view: TicketView,
    /// Unanswered calls so far in this round.
    pub attempts: i64,
    pub district: Option<String>,
    pub organization: Option<String>,
}

/// One page of the queue.
#[derive(Debug, Clone)]
pub struct CallbackQueue {
    pub items: Vec<QueueItem>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
    pub sampling: Option<Sampling>,
}

/// The closed tickets due for a call, oldest closing first; with sampling,
/// only the drawn ones (and those whose round already began).
#[tracing::instrument(skip_all)]
pub async fn queue(
    ctx: &Ctx,
    actor: &Actor,
    params: &QueueParams,
) -> Result<CallbackQueue, AppError> {
    actor.require(CALLERS)?;
    let parsed = params.parse()?;
    let now = ctx.now();
    let mut conn = ctx.db.read().await.map_err(internal("reading queue"))?;
    let entries = due_entries(&mut conn, actor, &parsed, now).await?;
    let total = i64::try_from(entries.len()).unwrap_or(i64::MAX);
    let start = usize::try_from((parsed.page - 1) * parsed.page_size).unwrap_or(usize::MAX);
    let names = Names::load(&mut conn).await?;
    let mut items = Vec::new();
    for entry in entries
        .iter()
        .skip(start)
        .take(usize::try_from(parsed.page_size).unwrap_or(50))
    {
        let ticket = store::ticket::get(&mut conn, entry.ticket_id, actor.user.scope)
            .await
            .map_err(internal("reading queue"))?;
        items.push(QueueItem {
            district: ticket.district_id().and_then(|d| names.district(d)),
            organization: ticket.organization_id().and_then(|o| names.organization(o)),
            attempts: entry.attempts,
            view: view(actor, ticket, ctx),
        });
    }
    Ok(CallbackQueue {
        items,
        total,
        page: parsed.page,
        page_size: parsed.page_size,
        sampling: parsed.sampling,
    })
}

/// The queue's entries in the actor's scope, sampled when asked, oldest closing first.
async fn due_entries(
    conn: &mut store::AnyConnection,
    actor: &Actor,
    parsed: &ParsedQueue,
    now: Timestamp,
) -> Result<Vec<store::quality_callback::QueueEntry>, AppError> {
    let mut filter = parsed.filter.clone();
    narrow(
        actor.user.scope,
        &mut filter.district_id,
        &mut filter.organization_id,
    );
    let mut entries = store::quality_callback::queue(conn, &filter, now)
        .await
        .map_err(internal("reading queue"))?;
    if let Some(s) = parsed.sampling {
        let candidates: Vec<SampleCandidate> = entries
            .iter()
            .map(|e| {
                SampleCandidate::new(e.ticket_id, e.district_id, e.organization_id, e.closed_at)
            })
            .collect();
        let chosen = sample(&candidates, s.per_group, s.seed, s.group);
        entries.retain(|e| e.attempts > 0 || chosen.binary_search(&e.ticket_id).is_ok());
    }
    Ok(entries)
}

/// The whole queue (every page, the same filters and sample) for a download;
/// the controller sees the phones to call.
#[tracing::instrument(skip_all)]
pub async fn export_queue(
    ctx: &Ctx,
    actor: &Actor,
    params: &QueueParams,
) -> Result<crate::app::ticket::export::TicketExport, AppError> {
    use crate::app::ticket::export::{ExportRow, MAX_EXPORT_ROWS, TicketExport};
    actor.require(CALLERS)?;
    let parsed = params.parse()?;
    let now = ctx.now();
    let mut conn = ctx.db.read().await.map_err(internal("exporting queue"))?;
    let entries = due_entries(&mut conn, actor, &parsed, now).await?;
    if entries.len() > MAX_EXPORT_ROWS {
        return Err(AppError::Invalid(FieldErrors::one(
            "format",
            Problem::TooManyRows {
                max: MAX_EXPORT_ROWS,
            },
        )));
    }
    let names = Names::load(&mut conn).await?;
    let personal_data = actor.role().sees_personal_data();
    let mut rows = Vec::with_capacity(entries.len());
    for entry in &entries {
        let mut ticket = store::ticket::get(&mut conn, entry.ticket_id, actor.user.scope)
            .await
            .map_err(internal("exporting queue"))?;
        if !personal_data {
            ticket.resident_name = None;
        }
        rows.push(ExportRow {
            address: ticket.address.clone(),
            district: ticket.district_id().and_then(|d| names.district(d)),
            organization: ticket.organization_id().and_then(|o| names.organization(o)),
            overdue: ticket.is_overdue(now),
            ticket,
        });
    }
    Ok(TicketExport {
        rows,
        personal_data,
    })
}

/// A call as typed by the controller.
#[derive(Debug, Clone, Default)]
pub struct RecordCall {
    /// `solved`, `not_solved`, `no_answer`, `refused`.
    pub outcome: String,
    /// What is still wrong; required with `not_solved`.
    pub comment: Option<String>,
}

/// What a recorded call did.
#[derive(Debug, Clone)]
pub struct RecordedCall {
    pub id: i64,
    pub attempt: i64,
    pub outcome: CallbackOutcome,
    /// The round's verdict when this call ended it.
    pub round_outcome: Option<CallbackOutcome>,
    /// When an unanswered resident is to be called again.
    pub retry_at: Option<Timestamp>,
    /// The ticket after the call (reopened after `not_solved`).
    pub ticket: TicketView,
}

/// Records one call about a closed ticket; `not_solved` reopens it.
#[tracing::instrument(skip_all, fields(ticket_id = ticket_id.0))]
pub async fn record_call(
    ctx: &Ctx,
    actor: &Actor,
    ticket_id: TicketId,
    input: RecordCall,
) -> Result<RecordedCall, AppError> {
    actor.require(CALLERS)?;
    let outcome = CallbackOutcome::from_code(input.outcome.trim())
        .filter(|o| *o != CallbackOutcome::Unreachable)
        .ok_or_else(|| AppError::Invalid(FieldErrors::one("outcome", Problem::UnknownCode)))?;
    let comment = clean(&input.comment);
    if comment.as_deref().is_some_and(|c| c.chars().count() > 4000) {
        return Err(AppError::Invalid(FieldErrors::one(
            "comment",
            Problem::TooLong { max: 4000 },
        )));
    }
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("recording callback"))?;
    let ticket = store::ticket::get(&mut tx, ticket_id, actor.user.scope)
        .await
        .map_err(internal("recording callback"))?;
    let recorded = record_in_tx(
        ctx,
        &mut tx,
        actor,
        ticket,
        outcome,
        comment.as_deref(),
        ctx.now(),
    )
    .await?;
    tx.commit().await.map_err(internal("recording callback"))?;
    metrics::counter!("heatline_quality_callbacks_total", "outcome" => outcome.as_code())
        .increment(1);
    Ok(RecordedCall {
        ticket: view(actor, recorded.ticket, ctx),
        id: recorded.id,
        attempt: recorded.attempt,
        outcome,
        round_outcome: recorded.round_outcome,
        retry_at: recorded.retry_at,
    })
}

pub(crate) struct Recorded {
    pub id: i64,
    pub attempt: i64,
    pub round_outcome: Option<CallbackOutcome>,
    pub retry_at: Option<Timestamp>,
    pub ticket: Ticket,
}

/// Records a call placed at `at` inside the caller's transaction: decides with
/// the domain, writes the call and its timeline event, and reopens the ticket
/// on `not_solved` (new deadline, same district and organization, the
/// resident notified by the reopening event).
pub(crate) async fn record_in_tx(
    ctx: &Ctx,
    tx: &mut WriteTx,
    actor: &Actor,
    ticket: Ticket,
    outcome: CallbackOutcome,
    comment: Option<&str>,
    at: Timestamp,
) -> Result<Recorded, AppError> {
    let history = store::quality_callback::history(tx, ticket.id)
        .await
        .map_err(internal("reading callbacks"))?;
    let round = round_for(&ticket, &history).map_err(callback_error)?;
    let resolution = record(outcome, comment, &round, at).map_err(callback_error)?;
    let (round_outcome, retry_at) = match &resolution {
        CallbackResolution::Finish { outcome } => (Some(*outcome), None),
        CallbackResolution::Reopen { .. } => (Some(CallbackOutcome::NotSolved), None),
        CallbackResolution::Retry { next } => (None, Some(next.not_before)),
    };
    let closed_at = ticket.closed_at().ok_or(AppError::Conflict)?;
    let attempt = i64::try_from(round.len()).unwrap_or(i64::MAX) + 1;
    let id = store::quality_callback::insert(
        tx,
        &NewCall {
            ticket_id: ticket.id,
            round_closed_at: closed_at,
            attempt,
            outcome,
            round_outcome,
            retry_at,
            comment,
            controller: Some(actor.user.id),
            called_at: at,
            district_id: ticket.district_id(),
            organization_id: ticket.organization_id(),
            category: ticket.category,
        },
    )
    .await
    .map_err(internal("recording callback"))?;
    let mut event = actor_event(Some(actor), EventKind::QualityCallback, at);
    event.after = Some(outcome.as_code().to_string());
    if round_outcome == Some(CallbackOutcome::Unreachable) {
        event.before = Some(CallbackOutcome::Unreachable.as_code().to_string());
    }
    event.comment = comment.map(str::to_string);
    record_event(tx, &ticket, &event).await?;
    let ticket = match resolution {
        CallbackResolution::Reopen { comment } => {
            reopen_in_tx(ctx, tx, Some(actor), ticket, Some(comment), at).await?
        }
        CallbackResolution::Finish { .. } | CallbackResolution::Retry { .. } => ticket,
    };
    Ok(Recorded {
        id,
        attempt,
        round_outcome,
        retry_at,
        ticket,
    })
}

fn callback_error(err: CallbackError) -> AppError {
    match err {
        // Someone reopened the ticket or finished the round meanwhile.
        CallbackError::TicketNotClosed { .. } | CallbackError::RoundFinished { .. } => {
            AppError::Conflict
        }
        CallbackError::CommentRequired => {
            AppError::Invalid(FieldErrors::one("comment", Problem::Required))
        }
        CallbackError::NotACallOutcome { .. } => {
            AppError::Invalid(FieldErrors::one("outcome", Problem::UnknownCode))
        }
        CallbackError::OutsideCallingHours { .. } | CallbackError::TooEarly { .. } => {
            AppError::Invalid(FieldErrors::one("outcome", Problem::Malformed))
        }
    }
}

/// Restricts filters to the actor's scope.
fn narrow(
    scope: Scope,
    district: &mut Option<DistrictId>,
    organization: &mut Option<OrganizationId>,
) {
    match scope {
        Scope::City => {}
        Scope::District(d) => *district = Some(d),
        Scope::Organization(o) => *organization = Some(o),
    }
}

struct Names {
    districts: HashMap<DistrictId, String>,
    organizations: HashMap<OrganizationId, String>,
}

impl Names {
    async fn load(conn: &mut store::AnyConnection) -> Result<Names, AppError> {
        let districts = store::district::list(&mut *conn)
            .await
            .map_err(internal("reading districts"))?
            .into_iter()
            .map(|d| (d.id, d.name))
            .collect();
        let organizations = store::organization::list(&mut *conn, None)
            .await
            .map_err(internal("reading organizations"))?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        Ok(Names {
            districts,
            organizations,
        })
    }

    fn district(&self, id: DistrictId) -> Option<String> {
        self.districts.get(&id).cloned()
    }

    fn organization(&self, id: OrganizationId) -> Option<String> {
        self.organizations.get(&id).cloned()
    }
}

/// The statistics' filters as typed in a URL.
#[derive(Debug, Clone, Default)]
pub struct StatsParams {
    /// A city date `YYYY-MM-DD`: calls placed on or after it.
    pub since: Option<String>,
    /// A city date: calls placed on or before it.
    pub until: Option<String>,
    pub district_id: Option<String>,
    pub organization_id: Option<String>,
}

/// What the statistics count.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatsFilter {
    pub since: Option<Date>,
    pub until: Option<Date>,
    pub district_id: Option<DistrictId>,
    pub organization_id: Option<OrganizationId>,
}

impl StatsParams {
    pub fn parse(&self) -> Result<StatsFilter, AppError> {
        let mut errors = FieldErrors::default();
        let filter = StatsFilter {
            since: date(&mut errors, "since", &self.since),
            until: date(&mut errors, "until", &self.until),
            district_id: id(&mut errors, "district_id", &self.district_id).map(DistrictId),
            organization_id: id(&mut errors, "organization_id", &self.organization_id)
                .map(OrganizationId),
        };
        errors.into_result()?;
        Ok(filter)
    }
}

/// The counts of one district, organization, category or week.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    /// The district or organization id, the category code, or the week's Monday.
    pub key: String,
    pub name: String,
    pub counts: Counts,
}

/// Tickets a `not_solved` call reopened, and where they are now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReopenedSummary {
    pub reopened: u64,
    /// Closed again by the organization (and due for a new call).
    pub closed_again: u64,
    /// Still being worked on.
    pub still_open: u64,
    /// Still open past the new deadline.
    pub overdue: u64,
}

/// The quality-callback figures: calls, the solved share and the share
/// needing more work, overall and by district, organization, category and
/// week (the week of a round's last call), the organizations with the worst
/// solved share, and the reopened tickets.
#[derive(Debug, Clone, PartialEq)]
pub struct CallbackStats {
    pub filter: StatsFilter,
    pub total: Counts,
    pub by_district: Vec<Breakdown>,
    pub by_organization: Vec<Breakdown>,
    pub by_category: Vec<Breakdown>,
    pub by_week: Vec<Breakdown>,
    /// At least [`WORST_MIN_VERDICTS`] verdicts, lowest solved share first.
    pub worst_organizations: Vec<Breakdown>,
    pub reopened: ReopenedSummary,
}

/// The calls grouped by round (one ticket's closing), as the store orders them.
fn rounds(calls: &[CallRecord]) -> impl Iterator<Item = &[CallRecord]> {
    calls.chunk_by(|a, b| a.ticket_id == b.ticket_id && a.round_closed_at == b.round_closed_at)
}

fn attempts(round: &[CallRecord]) -> Vec<Attempt> {
    round
        .iter()
        .map(|c| Attempt {
            at: c.called_at,
            outcome: c.outcome,
        })
        .collect()
}

/// The calls placed in `[from, to)` in `district` (the whole city when
/// `None`), for a meeting's agenda whose caller has checked the actor may see
/// that HQ's figures.
pub(crate) async fn counts_between(
    conn: &mut store::AnyConnection,
    district: Option<DistrictId>,
    from: Timestamp,
    to: Timestamp,
) -> Result<Counts, AppError> {
    let filter = CallFilter {
        since: Some(from),
        until: Some(to),
        district_id: district,
        organization_id: None,
    };
    let calls = store::quality_callback::calls(conn, &filter)
        .await
        .map_err(internal("counting callbacks"))?;
    let mut counts = Counts::default();
    for round in rounds(&calls) {
        counts.add_round(&attempts(round));
    }
    Ok(counts)
}

/// Counts the calls in the actor's scope matching `filter`.
#[tracing::instrument(skip_all)]
pub async fn stats(
    ctx: &Ctx,
    actor: &Actor,
    filter: &StatsFilter,
) -> Result<CallbackStats, AppError> {
    actor.require(READERS)?;
    let mut filter = filter.clone();
    narrow(
        actor.user.scope,
        &mut filter.district_id,
        &mut filter.organization_id,
    );
    let now = ctx.now();
    let mut conn = ctx
        .db
        .read()
        .await
        .map_err(internal("counting callbacks"))?;
    let calls = store::quality_callback::calls(
        &mut conn,
        &CallFilter {
            since: filter.since.map(domain::calendar::start_of_day),
            until: filter
                .until
                .and_then(|d| d.tomorrow().ok())
                .map(domain::calendar::start_of_day),
            district_id: filter.district_id,
            organization_id: filter.organization_id,
        },
    )
    .await
    .map_err(internal("counting callbacks"))?;
    let names = Names::load(&mut conn).await?;
    drop(conn);

    let mut total = Counts::default();
    let mut districts: BTreeMap<Option<DistrictId>, Counts> = BTreeMap::new();
    let mut organizations: BTreeMap<Option<OrganizationId>, Counts> = BTreeMap::new();
    let mut categories: BTreeMap<&'static str, (Category, Counts)> = BTreeMap::new();
    let mut weeks: BTreeMap<Date, Counts> = BTreeMap::new();
    let mut reopened = ReopenedSummary::default();
    let mut reopened_tickets: Vec<TicketId> = Vec::new();
    for round in rounds(&calls) {
        let mut counts = Counts::default();
        counts.add_round(&attempts(round));
        let first = &round[0];
        let last = &round[round.len() - 1];
        total.merge(&counts);
        districts
            .entry(first.district_id)
            .or_default()
            .merge(&counts);
        organizations
            .entry(first.organization_id)
            .or_default()
            .merge(&counts);
        categories
            .entry(first.category.as_code())
            .or_insert((first.category, Counts::default()))
            .1
            .merge(&counts);
        weeks
            .entry(domain::calendar::week_start(last.called_at))
            .or_default()
            .merge(&counts);
        if counts.not_solved > 0 && !reopened_tickets.contains(&first.ticket_id) {
            reopened_tickets.push(first.ticket_id);
            reopened.reopened += 1;
            match first.ticket_status {
                TicketStatus::Closed => reopened.closed_again += 1,
                _ => {
                    reopened.still_open += 1;
                    if first.ticket_due_at.is_some_and(|due| due < now) {
                        reopened.overdue += 1;
                    }
                }
            }
        }
    }
    let unknown = "—".to_string();
    let by_district: Vec<Breakdown> = districts
        .into_iter()
        .map(|(id, counts)| Breakdown {
            key: id.map(|d| d.0.to_string()).unwrap_or_default(),
            name: id
                .and_then(|d| names.district(d))
                .unwrap_or_else(|| unknown.clone()),
            counts,
        })
        .collect();
    let by_organization: Vec<Breakdown> = organizations
        .into_iter()
        .map(|(id, counts)| Breakdown {
            key: id.map(|o| o.0.to_string()).unwrap_or_default(),
            name: id
                .and_then(|o| names.organization(o))
                .unwrap_or_else(|| unknown.clone()),
            counts,
        })
        .collect();
    let mut worst: Vec<Breakdown> = by_organization
        .iter()
        .filter(|b| !b.key.is_empty() && b.counts.verdicts() >= WORST_MIN_VERDICTS)
        .cloned()
        .collect();
    worst.sort_by(|a, b| {
        let share = |x: &Breakdown| x.counts.share_solved().unwrap_or(1.0);
        share(a)
            .total_cmp(&share(b))
            .then(b.counts.verdicts().cmp(&a.counts.verdicts()))
            .then(a.name.cmp(&b.name))
    });
    worst.truncate(WORST_COUNT);
    Ok(CallbackStats {
        filter,
        total,
        by_district,
        by_organization,
        by_category: categories
            .into_iter()
            .map(|(code, (_, counts))| Breakdown {
                key: code.to_string(),
                name: code.to_string(),
                counts,
            })
            .collect(),
        by_week: weeks
            .into_iter()
            .map(|(week, counts)| Breakdown {
                key: week.to_string(),
                name: week.to_string(),
                counts,
            })
            .collect(),
        worst_organizations: worst,
        reopened,
    })
}
