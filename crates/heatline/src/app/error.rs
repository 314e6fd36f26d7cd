//! What a use case can fail with; `web/error.rs` maps it to HTTP in one place.

use std::collections::BTreeMap;

use domain::phone::PhoneError;
use domain::ticket::TicketError;
use store::error::StoreError;

/// A problem with one input field, as a code; `web/i18n.rs` words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
    },
    TooShort {
        min: usize,
    },
    Phone(PhoneError),
    /// Not one of the known codes (category, status, role, …).
    UnknownCode,
    /// Line `line` (from 1) of a multi-line text is wrong.
    Line {
        line: usize,
    },
    /// Refers to a record that does not exist.
    NotFound,
    /// Not a number, date or time of the expected form.
    Malformed,
    /// The action is not possible in the ticket's current state.
    Transition(TicketError),
    /// Already taken (a login, a name).
    Taken,
    /// Wrong login or password.
    BadCredentials,
    /// A problem of inspections, reports, photos or remarks.
    Inspection(crate::app::inspection::InspectionProblem),
    /// An HQ rule (meetings, directives, reception) refused the value.
    Hq(crate::app::hq::HqProblem),
    /// The selection holds more rows than one export may carry.
    TooManyRows {
        max: usize,
    },
    /// Too few days of calls to forecast from.
    NotEnoughHistory,
    /// A date outside the range the action covers.
    OutOfRange,
}

/// Problems per field name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(BTreeMap<String, Vec<Problem>>);

impl FieldErrors {
    pub fn add(&mut self, field: impl Into<String>, problem: Problem) {
        self.0.entry(field.into()).or_default().push(problem);
    }

    pub fn one(field: impl Into<String>, problem: Problem) -> FieldErrors {
        let mut errors = FieldErrors::default();
        errors.add(field, problem);
        errors
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &[Problem])> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// `Ok` when nothing was added, else every problem at once.
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self))
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("invalid input")]
    Invalid(FieldErrors),
    #[error("not signed in")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("changed by someone else")]
    Conflict,
    /// The database is out of reach for now; the request may be retried.
    #[error("database unavailable")]
    Unavailable(#[source] anyhow::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict { .. } => AppError::Conflict,
            other if other.is_unavailable() => AppError::Unavailable(anyhow::Error::new(other)),
            other => AppError::Internal(anyhow::Error::new(other)),
        }
    }
}

impl From<TicketError> for AppError {
    fn from(err: TicketError) -> Self {
        // The close action's answer field is `comment` in the API and forms.
        let field = match err {
            TicketError::InvalidTransition { .. } => "status",
            TicketError::AnswerRequired => "comment",
        };
        AppError::Invalid(FieldErrors::one(field, Problem::Transition(err)))
    }
}
