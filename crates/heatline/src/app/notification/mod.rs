//! Resident notifications (outbox pattern): a ticket event that tells the
//! resident something (registration, closing, reopening) writes a notification
//! row in the same transaction as the change, so none is lost and none blocks
//! the change; a background worker delivers the rows through the configured
//! [`Notifier`], retrying failures with exponential backoff. Residents may opt
//! out by phone or per ticket; opted-out notifications are skipped, not sent.
//!
//! Several servers may run the worker against one database: a row is claimed
//! with a lease before sending, so at most one sends it at a time.

mod provider;

use domain::event::TicketEvent;
use domain::notification::{
    AfterFailure, CLAIM_LEASE, MAX_AGE, NotificationChannel, NotificationKind, NotificationStatus,
};
use domain::phone::Phone;
use domain::ticket::{Ticket, TicketId};
use domain::user::Role;
use jiff::Timestamp;
use store::db::WriteTx;
use store::notification::{NewNotification, Notification, NotificationFilter};

pub use provider::{
    ConfigError, HttpNotifier, HttpNotifierConfig, LogNotifier, Notifier, Outgoing, SendError,
    SendFuture,
};

use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, internal};

/// Staff who read the outbox.
const READERS: &[Role] = &[
    Role::Operator,
    Role::Organization,
    Role::DistrictHq,
    Role::CityHq,
    Role::Controller,
    Role::Admin,
];
/// Staff who talk to residents record their opt-outs.
const OPT_OUT_RECORDERS: &[Role] = &[
    Role::Operator,
    Role::DistrictHq,
    Role::Controller,
    Role::Admin,
];
/// Notifications delivered per pass.
const BATCH: i64 = 200;

/// The outbox hook of `app::ticket::record_event`: enqueues the notification
/// an event calls for, in the event's transaction.
pub(crate) async fn enqueue_for_event(
    tx: &mut WriteTx,
    ticket: &Ticket,
    event: &TicketEvent,
) -> Result<(), AppError> {
    let Some(kind) = NotificationKind::for_event(event.kind) else {
        return Ok(());
    };
    let deadline = ticket.due_at().map(|due| {
        domain::calendar::in_city(due)
            .strftime("%d.%m.%Y %H:%M")
            .to_string()
    });
    let body = domain::notification::message(kind, ticket, deadline.as_deref());
    let number = ticket.number.to_string();
    let new = NewNotification {
        ticket_id: ticket.id,
        ticket_number: &number,
        kind,
        channel: NotificationChannel::Sms,
        recipient: &ticket.phone,
        body: &body,
        created_at: event.at,
    };
    store::notification::insert(tx, &new)
        .await
        .map_err(internal("enqueueing notification"))?;
    Ok(())
}

/// What one delivery pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    pub sent: u64,
    /// Failed this time, to be retried later.
    pub retrying: u64,
    /// Failed for the last time.
    pub failed: u64,
    pub skipped: u64,
    pub expired: u64,
}

impl DeliveryReport {
    pub fn attempted(&self) -> u64 {
        self.sent + self.retrying + self.failed
    }
}

/// Delivers the notifications due by `now` through the context's notifier:
/// expires stale ones, skips opted-out residents, and schedules a retry with
/// backoff after a failure. A failure is recorded on the row, never raised.
#[tracing::instrument(skip_all)]
pub async fn deliver_pending(ctx: &Ctx, now: Timestamp) -> Result<DeliveryReport, AppError> {
    let mut report = DeliveryReport::default();
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("expiring notifications"))?;
    report.expired = store::notification::expire_before(&mut tx, now - MAX_AGE, now)
        .await
        .map_err(internal("expiring notifications"))?;
    tx.commit()
        .await
        .map_err(internal("expiring notifications"))?;
    let mut conn = ctx
        .db
        .read()
        .await
        .map_err(internal("reading notifications"))?;
    let due = store::notification::list_due(&mut conn, now, BATCH)
        .await
        .map_err(internal("reading notifications"))?;
    drop(conn);
    for notification in due {
        deliver_one(ctx, &notification, now, &mut report).await?;
    }
    Ok(report)
}

async fn deliver_one(
    ctx: &Ctx,
    n: &Notification,
    now: Timestamp,
    report: &mut DeliveryReport,
) -> Result<(), AppError> {
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("claiming notification"))?;
    if !store::notification::claim(&mut tx, n, now + CLAIM_LEASE, now)
        .await
        .map_err(internal("claiming notification"))?
    {
        return Ok(());
    }
    let opted_out = store::notification::is_opted_out(&mut tx, &n.recipient, n.ticket_id)
        .await
        .map_err(internal("checking opt-out"))?;
    tx.commit()
        .await
        .map_err(internal("claiming notification"))?;
    let notifier = ctx.notifier();
    let (status, next, error) = if opted_out {
        report.skipped += 1;
        (NotificationStatus::Skipped, now, None)
    } else {
        let message = Outgoing {
            phone: &n.recipient,
            text: &n.body,
            number: &n.ticket_number,
        };
        match notifier.send(&message).await {
            Ok(()) => {
                report.sent += 1;
                (NotificationStatus::Sent, now, None)
            }
            Err(err) => {
                let attempts = n.attempts + 1;
                tracing::warn!(notification_id = n.id.0, attempts, error = %err, "notification failed");
                match domain::notification::after_failure(attempts, now) {
                    AfterFailure::RetryAt(at) => {
                        report.retrying += 1;
                        (NotificationStatus::Pending, at, Some(err.to_string()))
                    }
                    AfterFailure::GiveUp => {
                        report.failed += 1;
                        (NotificationStatus::Failed, now, Some(err.to_string()))
                    }
                }
            }
        }
    };
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("recording notification"))?;
    store::notification::set_outcome(
        &mut tx,
        n.id,
        status,
        next,
        error.as_deref(),
        (status == NotificationStatus::Sent).then(|| notifier.name()),
        now,
    )
    .await
    .map_err(internal("recording notification"))?;
    tx.commit()
        .await
        .map_err(internal("recording notification"))?;
    Ok(())
}

/// Runs delivery passes until the runtime stops: every few seconds, or at once
/// again when a pass filled its batch. Errors are logged and retried.
pub fn spawn_worker(ctx: Ctx) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let pause = match deliver_pending(&ctx, ctx.now()).await {
                Ok(report) if report.attempted() + report.skipped >= BATCH as u64 => {
                    std::time::Duration::ZERO
                }
                Ok(_) => std::time::Duration::from_secs(5),
                Err(err) => {
                    tracing::error!(error = ?err, "notification delivery pass failed");
                    std::time::Duration::from_secs(30)
                }
            };
            tokio::time::sleep(pause).await;
        }
    })
}

/// An opt-out as recorded by staff: a phone (every ticket) or one ticket.
#[derive(Debug, Clone, Default)]
pub struct OptOut {
    pub phone: Option<String>,
    pub ticket_id: Option<i64>,
}

/// What was recorded.
#[derive(Debug, Clone)]
pub struct OptedOut {
    /// In full or masked by role.
    pub phone: String,
    pub ticket_id: Option<TicketId>,
}

/// Records that a resident wants no notifications: for a phone, or for one
/// ticket (in the actor's scope).
#[tracing::instrument(skip_all)]
pub async fn opt_out(ctx: &Ctx, actor: &Actor, input: OptOut) -> Result<OptedOut, AppError> {
    actor.require(OPT_OUT_RECORDERS)?;
    let now = ctx.now();
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("recording opt-out"))?;
    let (phone, ticket_id) = match (input.ticket_id, input.phone.as_deref()) {
        (Some(id), _) => {
            let ticket = store::ticket::get(&mut tx, TicketId(id), actor.user.scope)
                .await
                .map_err(|e| match e {
                    store::error::StoreError::NotFound => {
                        AppError::Invalid(FieldErrors::one("ticket_id", Problem::NotFound))
                    }
                    other => internal("reading ticket")(other),
                })?;
            (ticket.phone, Some(ticket.id))
        }
        (None, Some(text)) => {
            let phone = Phone::parse(text)
                .map_err(|e| AppError::Invalid(FieldErrors::one("phone", Problem::Phone(e))))?;
            (phone, None)
        }
        (None, None) => {
            return Err(AppError::Invalid(FieldErrors::one(
                "phone",
                Problem::Required,
            )));
        }
    };
    store::notification::opt_out(&mut tx, &phone, ticket_id, Some(actor.user.id), now)
        .await
        .map_err(internal("recording opt-out"))?;
    tx.commit().await.map_err(internal("recording opt-out"))?;
    Ok(OptedOut {
        phone: shown_phone(actor, &phone),
        ticket_id,
    })
}

/// A notification as the actor may see it.
#[derive(Debug, Clone)]
pub struct NotificationView {
    pub notification: Notification,
    /// In full or masked by role.
    pub recipient: String,
}

#[derive(Debug, Clone)]
pub struct NotificationList {
    pub notifications: Vec<NotificationView>,
    pub total: i64,
}

/// The outbox, filtered by ticket and status, for tickets in the actor's scope.
#[tracing::instrument(skip_all)]
pub async fn list_notifications(
    ctx: &Ctx,
    actor: &Actor,
    ticket_id: Option<&str>,
    status: Option<&str>,
    page: Option<&str>,
) -> Result<NotificationList, AppError> {
    actor.require(READERS)?;
    let mut errors = FieldErrors::default();
    let mut filter = NotificationFilter::default();
    if let Some(t) = ticket_id.map(str::trim).filter(|t| !t.is_empty()) {
        match t.parse::<i64>() {
            Ok(n) if n > 0 => filter.ticket_id = Some(TicketId(n)),
            _ => errors.add("ticket_id", Problem::Malformed),
        }
    }
    if let Some(code) = status.map(str::trim).filter(|t| !t.is_empty()) {
        match NotificationStatus::from_code(code) {
            Some(s) => filter.status = Some(s),
            None => errors.add("status", Problem::UnknownCode),
        }
    }
    let page = match page.map(str::trim).filter(|t| !t.is_empty()) {
        None => 1,
        Some(p) => p.parse::<i64>().ok().filter(|p| *p > 0).unwrap_or_else(|| {
            errors.add("page", Problem::Malformed);
            1
        }),
    };
    errors.into_result()?;
    let mut conn = ctx
        .db
        .read()
        .await
        .map_err(internal("listing notifications"))?;
    let page_size = 100;
    let (items, total) = store::notification::list(
        &mut conn,
        actor.user.scope,
        &filter,
        page_size,
        (page - 1) * page_size,
    )
    .await
    .map_err(internal("listing notifications"))?;
    Ok(NotificationList {
        notifications: items
            .into_iter()
            .map(|n| NotificationView {
                recipient: shown_phone(actor, &n.recipient),
                notification: n,
            })
            .collect(),
        total,
    })
}

fn shown_phone(actor: &Actor, phone: &Phone) -> String {
    if actor.role().sees_personal_data() {
        phone.display()
    } else {
        phone.masked()
    }
}
