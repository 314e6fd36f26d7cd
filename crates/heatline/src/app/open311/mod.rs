//! Open311 GeoReport v2 use cases: the service list and definitions, posting a
//! request as a client system, and the public request list. Callers are client
//! systems identified by an API key (required to post, optional to read), not
//! staff; every call is rate-limited in the database.
//!
//! What is served is the public view only: a resident's name, phone, apartment
//! and e-mail are never loaded for a GET.

mod post;
mod query;

use domain::api_key::ApiKey;
use domain::category::Category;
use domain::open311::WindowError;
use domain::open311::attribute::AttributeError;
use domain::rate_limit::RateLimit;

pub(crate) use post::looks_like_email;
pub use post::{Checked, PostRequest, Posted, check_request, post_request};
pub use query::{PublicView, RequestListParams, get_request, get_token, list_requests};

use crate::app::rate_limit::{self, RateLimited};
use crate::app::{AppError, Ctx, Problem, api_key};

/// Calls without an API key, per client address and minute.
pub const ANONYMOUS_PER_MINUTE: i64 = 120;

/// Why an Open311 call failed, as the spec's error codes.
#[derive(Debug)]
pub enum Open311Error {
    /// 400: every problem with the call at once.
    BadRequest(Vec<Open311Problem>),
    /// 403.
    Forbidden(KeyProblem),
    /// 404.
    NotFound(Missing),
    /// 429.
    RateLimited(RateLimited),
    /// 500.
    Internal(AppError),
}

impl From<AppError> for Open311Error {
    fn from(err: AppError) -> Self {
        Open311Error::Internal(err)
    }
}

impl Open311Error {
    pub fn status(&self) -> u16 {
        match self {
            Open311Error::BadRequest(_) => 400,
            Open311Error::Forbidden(_) => 403,
            Open311Error::NotFound(_) => 404,
            Open311Error::RateLimited(_) => 429,
            Open311Error::Internal(_) => 500,
        }
    }

    fn bad(problem: Open311Problem) -> Open311Error {
        Open311Error::BadRequest(vec![problem])
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyProblem {
    Missing,
    Invalid,
    Revoked,
}

/// What a 404 did not find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// A path that is no Open311 resource or format.
    Resource,
    Service(String),
    Request(String),
    Token(String),
}

/// One problem with a call's parameters.
#[derive(Debug, Clone, PartialEq)]
pub enum Open311Problem {
    ServiceCodeMissing,
    UnknownServiceCode(String),
    LocationMissing,
    BadCoordinates,
    AddressIdNotFound(String),
    Attribute(AttributeError),
    /// A ticket field as the registration names it (`phone`, `description`, …).
    Field {
        field: String,
        problem: Problem,
    },
    BadDate {
        parameter: &'static str,
    },
    Window(WindowError),
    BadStatus(String),
    BadRequestId(String),
    TooManyRequestIds {
        max: usize,
    },
    BadPage,
    BadPageSize {
        max: i64,
    },
    BadFlag {
        parameter: &'static str,
    },
    BadMediaUrl,
    TooLong {
        parameter: &'static str,
        max: usize,
    },
    /// The body is not `application/x-www-form-urlencoded` UTF-8.
    BadBody,
}

/// Checks the caller's key (when given, or when `required`) and counts the
/// call against its limit: the key's own, or the anonymous per-address one.
#[tracing::instrument(skip_all)]
pub async fn authorize(
    ctx: &Ctx,
    api_key: Option<&str>,
    client_address: &str,
    required: bool,
) -> Result<Option<ApiKey>, Open311Error> {
    let secret = api_key.map(str::trim).filter(|k| !k.is_empty());
    let (key, bucket, limit) = match secret {
        Some(secret) => {
            let key = api_key::find(ctx, secret)
                .await?
                .ok_or(Open311Error::Forbidden(KeyProblem::Invalid))?;
            if !key.is_active() {
                return Err(Open311Error::Forbidden(KeyProblem::Revoked));
            }
            let bucket = format!("open311:key:{}", key.id.0);
            let limit = RateLimit::per_minute(key.requests_per_minute);
            (Some(key), bucket, limit)
        }
        None if required => return Err(Open311Error::Forbidden(KeyProblem::Missing)),
        None => (
            None,
            rate_limit::hashed("open311:address", client_address),
            RateLimit::per_minute(ANONYMOUS_PER_MINUTE),
        ),
    };
    rate_limit::check(ctx, &bucket, limit)
        .await?
        .map_err(Open311Error::RateLimited)?;
    Ok(key)
}

/// The services offered: one per ticket category.
pub fn services() -> Vec<Category> {
    Category::ALL.to_vec()
}

/// The service a `service_code` names; 404 for an unknown one.
pub fn service(code: &str) -> Result<Category, Open311Error> {
    domain::open311::category_of(code)
        .ok_or_else(|| Open311Error::NotFound(Missing::Service(code.to_string())))
}

/// A flag parameter such as `extensions`: `true`/`1` or `false`/`0`.
pub fn flag(value: Option<&str>, parameter: &'static str) -> Result<bool, Open311Error> {
    match value.map(str::trim) {
        None | Some("") | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") => Ok(true),
        Some(_) => Err(Open311Error::bad(Open311Problem::BadFlag { parameter })),
    }
}

/// How long until a rate limit lets the caller in again, in whole seconds.
pub fn retry_after_secs(limited: &RateLimited) -> i64 {
    let ms = limited.retry_after.as_millis() as i64;
    ((ms + 999) / 1000).max(1)
}
