//! The residents' self-service, without a login: file a ticket on the web form,
//! read its confirmation, follow it by number and phone, and say "not solved"
//! once per closing.
//!
//! Abuse protection lives here too: per-address and per-phone rate limits
//! (counted in the database), a honeypot field, size limits, and duplicate
//! linking (the same phone, building and category within an hour gives back the
//! ticket already filed instead of a second one).

mod status;
mod submit;

use domain::rate_limit::RateLimit;
use jiff::SignedDuration;

pub use status::{ResidentView, not_solved, receipt, status};
pub use submit::{Submission, Submitted, submit};

use crate::app::rate_limit::{self, RateLimited};
use crate::app::{AppError, Ctx, FieldErrors};

/// Form submissions per client address and per phone.
pub const SUBMISSIONS_PER_ADDRESS: RateLimit = RateLimit::per_hour(10);
pub const SUBMISSIONS_PER_PHONE: RateLimit = RateLimit::per_hour(5);
/// Status look-ups and "not solved" per client address: enough for a family,
/// too few to guess numbers and phones.
pub const LOOKUPS_PER_ADDRESS: RateLimit = RateLimit::per_minute(20);
/// A second submission within this time is linked to the first.
pub const DUPLICATE_WINDOW: SignedDuration = SignedDuration::from_hours(1);
/// A confirmation link works this long.
pub const RECEIPT_LIFETIME: SignedDuration = SignedDuration::from_hours(24);
pub const MAX_DESCRIPTION: usize = 2000;
pub const MAX_COMMENT: usize = 1000;
pub const MAX_EMAIL: usize = 254;

/// Why a resident's action did not go through.
#[derive(Debug)]
pub enum ResidentError {
    /// Fields to fix, named.
    Invalid(FieldErrors),
    RateLimited {
        by: LimitedBy,
        limited: RateLimited,
    },
    /// The honeypot was filled: a bot.
    Rejected,
    /// No ticket with this number and phone (the two are checked together, so
    /// a wrong phone does not tell that the number exists).
    NotFound,
    /// The resident already said "not solved" after this closing.
    AlreadyReopened,
    App(AppError),
}

impl From<AppError> for ResidentError {
    fn from(err: AppError) -> Self {
        match err {
            AppError::Invalid(errors) => ResidentError::Invalid(errors),
            other => ResidentError::App(other),
        }
    }
}

/// Whose allowance ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitedBy {
    /// The client's network address.
    Address,
    Phone,
}

pub(super) async fn limit(
    ctx: &Ctx,
    bucket: &str,
    limit: RateLimit,
    by: LimitedBy,
) -> Result<(), ResidentError> {
    rate_limit::check(ctx, bucket, limit)
        .await?
        .map_err(|limited| ResidentError::RateLimited { by, limited })
}

pub(super) async fn limit_lookups(ctx: &Ctx, client_address: &str) -> Result<(), ResidentError> {
    let bucket = rate_limit::hashed("resident:lookup", client_address);
    limit(ctx, &bucket, LOOKUPS_PER_ADDRESS, LimitedBy::Address).await
}
