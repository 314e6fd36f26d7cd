//! Resident notifications: which ticket events tell the resident something,
//! what the message says, and how delivery is retried.
//!
//! A notification is written to an outbox with the ticket change and delivered
//! later by a provider; this module holds the rules only (no sending, no
//! storage). Messages are Russian: they go to Ufa residents' phones.

use jiff::{SignedDuration, Timestamp};

use crate::event::EventKind;
use crate::ticket::{Resolution, Ticket};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NotificationId(pub i64);

/// The ticket events a resident is told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NotificationKind {
    /// The number and the deadline.
    Registered,
    /// The resolution.
    Closed,
    /// Sent back for more work.
    Reopened,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 3] = [
        NotificationKind::Registered,
        NotificationKind::Closed,
        NotificationKind::Reopened,
    ];

    /// The notification an event calls for, if any.
    pub fn for_event(kind: EventKind) -> Option<NotificationKind> {
        match kind {
            EventKind::Registered => Some(NotificationKind::Registered),
            EventKind::Closed => Some(NotificationKind::Closed),
            EventKind::Reopened => Some(NotificationKind::Reopened),
            EventKind::CategorySuggested
            | EventKind::Assigned
            | EventKind::Started
            | EventKind::Commented
            | EventKind::Answered
            | EventKind::Overdue
            | EventKind::OutageLinked
            | EventKind::InspectionLinked
            | EventKind::QualityCallback => None,
        }
    }

    pub fn as_code(self) -> &'static str {
        match self {
            NotificationKind::Registered => "registered",
            NotificationKind::Closed => "closed",
            NotificationKind::Reopened => "reopened",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "registered" => Some(NotificationKind::Registered),
            "closed" => Some(NotificationKind::Closed),
            "reopened" => Some(NotificationKind::Reopened),
            _ => None,
        }
    }
}

/// Where a notification stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NotificationStatus {
    /// Waiting for its next attempt.
    Pending,
    /// Handed to the provider.
    Sent,
    /// Every attempt failed.
    Failed,
    /// The resident opted out; nothing was sent.
    Skipped,
    /// Too old to be worth sending when its turn came (the provider was down).
    Expired,
}

impl NotificationStatus {
    pub const ALL: [NotificationStatus; 5] = [
        NotificationStatus::Pending,
        NotificationStatus::Sent,
        NotificationStatus::Failed,
        NotificationStatus::Skipped,
        NotificationStatus::Expired,
    ];

    pub fn as_code(self) -> &'static str {
        match self {
            NotificationStatus::Pending => "pending",
            NotificationStatus::Sent => "sent",
            NotificationStatus::Failed => "failed",
            NotificationStatus::Skipped => "skipped",
            NotificationStatus::Expired => "expired",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "pending" => NotificationStatus::Pending,
            "sent" => NotificationStatus::Sent,
            "failed" => NotificationStatus::Failed,
            "skipped" => NotificationStatus::Skipped,
            "expired" => NotificationStatus::Expired,
            _ => return None,
        })
    }
}

/// A notification goes to a phone (SMS); the channel is stored so e-mail can join.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NotificationChannel {
    Sms,
}

impl NotificationChannel {
    pub fn as_code(self) -> &'static str {
        match self {
            NotificationChannel::Sms => "sms",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "sms" => Some(NotificationChannel::Sms),
            _ => None,
        }
    }
}

/// Attempts before a notification is given up as failed.
pub const MAX_ATTEMPTS: i64 = 8;
/// A notification older than this is not sent any more: a registration SMS a
/// day late tells the resident nothing they do not know.
pub const MAX_AGE: SignedDuration = SignedDuration::from_hours(24);
/// How long a worker owns a claimed notification; past it, another may retry.
pub const CLAIM_LEASE: SignedDuration = SignedDuration::from_secs(120);

/// The wait after the `attempts`-th failed attempt: 30 s doubling up to an hour.
pub fn backoff(attempts: i64) -> SignedDuration {
    let exponent = attempts.clamp(1, 32) - 1;
    let secs = 30_i64.saturating_mul(1_i64 << exponent.min(20));
    SignedDuration::from_secs(secs.min(3600))
}

/// What to do after an attempt failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    RetryAt(Timestamp),
    GiveUp,
}

pub fn after_failure(attempts: i64, now: Timestamp) -> AfterFailure {
    if attempts >= MAX_ATTEMPTS {
        AfterFailure::GiveUp
    } else {
        AfterFailure::RetryAt(now + backoff(attempts))
    }
}

/// Whether a notification created at `created_at` is too old to send at `now`.
pub fn is_stale(created_at: Timestamp, now: Timestamp) -> bool {
    now.duration_since(created_at) > MAX_AGE
}

/// The SMS text for a ticket event. `deadline` is the ticket's due time as the
/// city reads it (`25.11.2026 14:00`).
pub fn message(kind: NotificationKind, ticket: &Ticket, deadline: Option<&str>) -> String {
    let number = ticket.number;
    match kind {
        NotificationKind::Registered => match deadline {
            Some(d) => format!("Уфа-тёплая: обращение {number} зарегистрировано, срок — до {d}."),
            None => format!("Уфа-тёплая: обращение {number} зарегистрировано."),
        },
        NotificationKind::Closed => {
            let outcome = ticket
                .resolution()
                .map(resolution_text)
                .unwrap_or("закрыто");
            match ticket.resolution_text() {
                Some(text) => format!("Уфа-тёплая: обращение {number} {outcome}: {text}"),
                None => format!("Уфа-тёплая: обращение {number} {outcome}."),
            }
        }
        NotificationKind::Reopened => match deadline {
            Some(d) => format!(
                "Уфа-тёплая: обращение {number} возвращено на доработку, новый срок — до {d}."
            ),
            None => format!("Уфа-тёплая: обращение {number} возвращено на доработку."),
        },
    }
}

fn resolution_text(resolution: Resolution) -> &'static str {
    match resolution {
        Resolution::Fixed => "закрыто: неисправность устранена",
        Resolution::Explained => "закрыто: дано разъяснение",
        Resolution::NoViolation => "закрыто: нарушений не выявлено",
        Resolution::OutageRestored => "закрыто: подача восстановлена после аварии",
        Resolution::Duplicate => "закрыто как повторное",
        Resolution::NotResponsible => "закрыто: вопрос вне компетенции",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_backoff(attempts: i64, secs: i64) {
        assert_eq!(backoff(attempts), SignedDuration::from_secs(secs));
    }

    #[test]
    fn backoff_doubles_from_half_a_minute_up_to_an_hour() {
        check_backoff(1, 30);
        check_backoff(2, 60);
        check_backoff(3, 120);
        check_backoff(7, 1920);
        check_backoff(8, 3600);
        check_backoff(60, 3600);
        check_backoff(0, 30);
    }

    #[test]
    fn attempts_stop_after_the_maximum() {
        let now = Timestamp::UNIX_EPOCH;
        assert_eq!(
            after_failure(1, now),
            AfterFailure::RetryAt(now + SignedDuration::from_secs(30))
        );
        assert_eq!(after_failure(MAX_ATTEMPTS, now), AfterFailure::GiveUp);
    }

    #[test]
    fn only_registration_closing_and_reopening_notify() {
        let notifying: Vec<EventKind> = [
            EventKind::Registered,
            EventKind::Assigned,
            EventKind::Closed,
            EventKind::Reopened,
            EventKind::Commented,
            EventKind::OutageLinked,
        ]
        .into_iter()
        .filter(|k| NotificationKind::for_event(*k).is_some())
        .collect();
        assert_eq!(
            notifying,
            [
                EventKind::Registered,
                EventKind::Closed,
                EventKind::Reopened
            ]
        );
        for kind in NotificationKind::ALL {
            assert_eq!(NotificationKind::from_code(kind.as_code()), Some(kind));
        }
        for status in NotificationStatus::ALL {
            assert_eq!(
                NotificationStatus::from_code(status.as_code()),
                Some(status)
            );
        }
    }

    #[test]
    fn a_day_old_notification_is_stale() {
        let t = Timestamp::UNIX_EPOCH;
        assert!(!is_stale(t, t + SignedDuration::from_hours(24)));
        assert!(is_stale(t, t + SignedDuration::from_hours(25)));
    }
}
