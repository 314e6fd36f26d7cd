//! Quality callbacks (контрольный обзвон): the control department calls a
//! resident back after their ticket is closed and asks whether the problem is
//! really solved.
//!
//! Only closed tickets are called. The calls that verify one closing form a
//! round: it ends with the resident's verdict (`solved`, `not_solved`), a
//! refusal to talk (`refused`), or, after three unanswered calls placed in
//! three different parts of the day, `unreachable`. A finished round is never
//! called again; if the ticket is reopened and closed again, the new closing
//! gets a new round. `not_solved` reopens the ticket and returns it to the
//! district HQ with the controller's comment.
//!
//! Submodules: [`retry`] decides when an unanswered resident is tried again,
//! [`sample`] picks a fair random sample of closed tickets to call, [`stats`]
//! counts outcomes. Not here: the queue's storage, who may call (the
//! `controller` role, checked in `app`), and reopening itself (the caller does
//! it with `Ticket::reopen` when [`record`] says so).

pub mod retry;
pub mod sample;
pub mod stats;

use jiff::Timestamp;

use crate::quality_callback::retry::NextAttempt;
use crate::ticket::{Ticket, TicketStatus};

/// The outcome of one call, or of a whole round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallbackOutcome {
    /// The resident confirms the problem is solved.
    Solved,
    /// The resident says it is not: the ticket goes back for more work.
    NotSolved,
    /// Nobody answered; tried again later.
    NoAnswer,
    /// The resident answered but would not give a verdict.
    Refused,
    /// Three calls went unanswered. Never the outcome of a single call: it is
    /// the verdict on a round, set by [`record`] on the third `NoAnswer`.
    Unreachable,
}

impl CallbackOutcome {
    pub const ALL: [CallbackOutcome; 5] = [
        CallbackOutcome::Solved,
        CallbackOutcome::NotSolved,
        CallbackOutcome::NoAnswer,
        CallbackOutcome::Refused,
        CallbackOutcome::Unreachable,
    ];

    pub fn as_code(self) -> &'static str {
        match self {
            CallbackOutcome::Solved => "solved",
            CallbackOutcome::NotSolved => "not_solved",
            CallbackOutcome::NoAnswer => "no_answer",
            CallbackOutcome::Refused => "refused",
            CallbackOutcome::Unreachable => "unreachable",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "solved" => CallbackOutcome::Solved,
            "not_solved" => CallbackOutcome::NotSolved,
            "no_answer" => CallbackOutcome::NoAnswer,
            "refused" => CallbackOutcome::Refused,
            "unreachable" => CallbackOutcome::Unreachable,
            _ => return None,
        })
    }
}

/// One call placed to a resident: when, and what came of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempt {
    pub at: Timestamp,
    pub outcome: CallbackOutcome,
}

/// Where a round stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundState {
    /// Still to be called; `no_answers` calls so far went unanswered.
    Open { no_answers: u32 },
    /// Nothing more to call for this closing.
    Finished(CallbackOutcome),
}

/// What the caller must do after recording a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallbackResolution {
    /// The round ends with this outcome (`Solved`, `Refused`, or
    /// `Unreachable` after the last unanswered call); the ticket stays closed.
    Finish { outcome: CallbackOutcome },
    /// The round ends `NotSolved`: reopen the ticket and return it to the
    /// district HQ with the controller's comment (trimmed).
    Reopen { comment: String },
    /// Nobody answered: call again at the time given.
    Retry { next: NextAttempt },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CallbackError {
    #[error("ticket in status {status:?} is not closed")]
    TicketNotClosed { status: TicketStatus },
    #[error("callback round is already finished as {outcome:?}")]
    RoundFinished { outcome: CallbackOutcome },
    #[error("outcome {outcome:?} is not the result of a call")]
    NotACallOutcome { outcome: CallbackOutcome },
    #[error("not_solved needs a comment saying what is still wrong")]
    CommentRequired,
    #[error("call at {at} is outside calling hours")]
    OutsideCallingHours { at: Timestamp },
    #[error("an unanswered call counts only from {not_before}")]
    TooEarly { not_before: Timestamp },
}

/// The round verifying the ticket's current closing: the attempts from
/// `history` (all calls about the ticket, any order) placed at or after it was
/// closed, in time order. Calls before the closing belong to earlier rounds.
pub fn round_for(ticket: &Ticket, history: &[Attempt]) -> Result<Vec<Attempt>, CallbackError> {
    let closed_at = match (ticket.status(), ticket.closed_at()) {
        (TicketStatus::Closed, Some(closed_at)) => closed_at,
        (status, _) => return Err(CallbackError::TicketNotClosed { status }),
    };
    let mut round: Vec<Attempt> = history
        .iter()
        .filter(|attempt| attempt.at >= closed_at)
        .copied()
        .collect();
    round.sort_by_key(|attempt| attempt.at);
    Ok(round)
}

/// Where a round (attempts in time order) stands: finished by its first
/// verdict or refusal, or by the last allowed unanswered call.
pub fn round_state(round: &[Attempt]) -> RoundState {
    let mut no_answers = 0;
    for attempt in round {
        match attempt.outcome {
            CallbackOutcome::NoAnswer => no_answers += 1,
            outcome => return RoundState::Finished(outcome),
        }
        if no_answers >= retry::MAX_ATTEMPTS {
            return RoundState::Finished(CallbackOutcome::Unreachable);
        }
    }
    RoundState::Open { no_answers }
}

/// Records a call with `outcome` placed at `now` in an open round and says
/// what follows.
///
/// `not_solved` needs a non-empty comment. An answered call is a verdict
/// whenever it was placed; an unanswered one counts only when placed in
/// calling hours, in a part of the day not tried yet and long enough after the
/// last try (see [`retry`]), or three misses in one morning would mark a
/// resident unreachable.
pub fn record(
    outcome: CallbackOutcome,
    comment: Option<&str>,
    round: &[Attempt],
    now: Timestamp,
) -> Result<CallbackResolution, CallbackError> {
    if let RoundState::Finished(outcome) = round_state(round) {
        return Err(CallbackError::RoundFinished { outcome });
    }
    match outcome {
        CallbackOutcome::Solved | CallbackOutcome::Refused => {
            Ok(CallbackResolution::Finish { outcome })
        }
        CallbackOutcome::NotSolved => match comment.map(str::trim) {
            Some(comment) if !comment.is_empty() => Ok(CallbackResolution::Reopen {
                comment: comment.to_string(),
            }),
            _ => Err(CallbackError::CommentRequired),
        },
        CallbackOutcome::NoAnswer => record_no_answer(round, now),
        CallbackOutcome::Unreachable => Err(CallbackError::NotACallOutcome { outcome }),
    }
}

/// Whether the ticket belongs in the controller's queue at `now`: closed, its
/// round not finished, and the next call allowed by now.
pub fn is_due(ticket: &Ticket, history: &[Attempt], now: Timestamp) -> bool {
    round_for(ticket, history).is_ok_and(|round| {
        retry::next_attempt(&round, now).is_some_and(|next| next.not_before <= now)
    })
}

fn record_no_answer(
    round: &[Attempt],
    now: Timestamp,
) -> Result<CallbackResolution, CallbackError> {
    retry::check_attempt_time(round, now)?;
    let mut after = round.to_vec();
    after.push(Attempt {
        at: now,
        outcome: CallbackOutcome::NoAnswer,
    });
    Ok(match retry::next_attempt(&after, now) {
        Some(next) => CallbackResolution::Retry { next },
        None => CallbackResolution::Finish {
            outcome: CallbackOutcome::Unreachable,
        },
    })
}

#[cfg(test)]
mod tests;
