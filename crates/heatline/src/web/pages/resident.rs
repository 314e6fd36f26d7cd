//! The residents' pages, without a login, phone-first: `/resident` (the form),
//! `/resident/receipt/{token}` (the confirmation), `/resident/status` (follow a
//! ticket by number and phone, and say "not solved").
//!
//! The status look-up is a POST that answers with the page: the phone must not
//! travel in a URL (browser history, access logs).

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::category::Category;
use domain::event::EventKind;
use serde::Deserialize;

use crate::app::resident::{self as resident, LimitedBy, ResidentError, ResidentView, Submission};
use crate::app::{Ctx, FieldErrors};
use crate::web::client::ClientAddress;
use crate::web::error::PageError;
use crate::web::i18n::resident::ResidentMsg;
use crate::web::i18n::{Msg, Tr};
use crate::web::pages::tr;

/// The form as typed, echoed back when something must be fixed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FormFields {
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub apartment: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    pub consent: Option<String>,
    pub website: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "resident/new.html")]
struct NewPage {
    t: Tr,
    form: FormFields,
    categories: Vec<(&'static str, &'static str)>,
    errors: Vec<String>,
    notice: Option<String>,
}

fn new_page(form: FormFields, errors: Vec<String>, notice: Option<String>) -> NewPage {
    let t = tr();
    NewPage {
        t,
        form,
        categories: Category::ALL
            .iter()
            .map(|c| (c.as_code(), t.category(*c)))
            .collect(),
        errors,
        notice,
    }
}

/// `GET /resident`.
pub async fn new() -> impl IntoResponse {
    no_store(new_page(FormFields::default(), Vec::new(), None).into_response())
}

/// `POST /resident`: files the form and goes to the confirmation.
pub async fn create(
    State(ctx): State<Ctx>,
    ClientAddress(address): ClientAddress,
    Form(form): Form<FormFields>,
) -> Result<Response, PageError> {
    let some = |s: &String| Some(s.clone()).filter(|s| !s.trim().is_empty());
    let submission = Submission {
        address: form.address.clone(),
        apartment: some(&form.apartment),
        category: some(&form.category),
        description: form.description.clone(),
        phone: form.phone.clone(),
        name: some(&form.name),
        email: some(&form.email),
        consent: form.consent.clone(),
        website: form.website.clone(),
    };
    match resident::submit(&ctx, &address, submission).await {
        Ok(submitted) => {
            Ok(Redirect::to(&format!("/resident/receipt/{}", submitted.receipt)).into_response())
        }
        Err(ResidentError::Invalid(errors)) => {
            let page = new_page(form, field_errors(tr(), &errors), None);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(ResidentError::Rejected) => {
            let notice = tr().resident(ResidentMsg::Rejected).to_string();
            let page = new_page(FormFields::default(), Vec::new(), Some(notice));
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(ResidentError::RateLimited { by, limited }) => {
            let notice = limited_text(tr(), by, &limited);
            let page = new_page(form, Vec::new(), Some(notice));
            Ok(too_many(page.into_response(), &limited))
        }
        Err(other) => Err(page_error(other)),
    }
}

fn field_errors(t: Tr, errors: &FieldErrors) -> Vec<String> {
    errors
        .iter()
        .flat_map(|(field, problems)| {
            problems
                .iter()
                .map(move |p| format!("{}: {}", t.resident_field(field), t.problem(p)))
        })
        .collect()
}

fn limited_text(t: Tr, by: LimitedBy, limited: &crate::app::rate_limit::RateLimited) -> String {
    let msg = match by {
        LimitedBy::Address => ResidentMsg::TooManyFromAddress,
        LimitedBy::Phone => ResidentMsg::TooManyFromPhone,
    };
    let minutes = (limited.retry_after.as_secs() + 59) / 60;
    format!(
        "{} {} {}",
        t.resident(msg),
        t.resident(ResidentMsg::TryIn),
        minutes.max(1)
    )
}

fn too_many(mut res: Response, limited: &crate::app::rate_limit::RateLimited) -> Response {
    *res.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    let secs = crate::app::open311::retry_after_secs(limited);
    if let Ok(value) = HeaderValue::from_str(&secs.to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, value);
    }
    res
}

fn page_error(err: ResidentError) -> PageError {
    match err {
        ResidentError::App(e) => PageError(e),
        other => PageError(crate::app::AppError::Internal(anyhow::anyhow!(
            "unexpected resident error: {other:?}"
        ))),
    }
}

fn no_store(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The confirmation and status pages' view of a ticket.
pub struct Shown {
    pub number: String,
    pub category: &'static str,
    pub status: &'static str,
    pub closed: bool,
    pub filed: String,
    pub due: Option<String>,
    pub address: Option<String>,
    pub organization: Option<String>,
    pub resolution: Option<String>,
    pub timeline: Vec<Step>,
    pub may_reopen: bool,
    pub duplicate: bool,
}

pub struct Step {
    pub at: String,
    pub label: &'static str,
    pub detail: Option<String>,
}

fn shown(t: Tr, v: &ResidentView) -> Shown {
    let resolution = v.resolution.map(|r| match v.resolution_text.as_deref() {
        Some(text) if !text.trim().is_empty() => format!("{}. {}", t.resolution(r), text.trim()),
        _ => t.resolution(r).to_string(),
    });
    let timeline = v
        .timeline
        .iter()
        .map(|e| Step {
            at: t.datetime(e.at),
            label: t.event(e.kind),
            detail: match e.kind {
                EventKind::Assigned | EventKind::OutageLinked => e.after.clone(),
                EventKind::Closed | EventKind::Answered | EventKind::Reopened => e.comment.clone(),
                _ => None,
            },
        })
        .collect();
    Shown {
        number: v.number.to_string(),
        category: t.category(v.category),
        status: t.status(v.status),
        closed: !v.status.is_open(),
        filed: t.datetime(v.created_at),
        due: v.due_at.map(|d| t.datetime(d)),
        address: v.address.clone(),
        organization: v.organization.clone(),
        resolution,
        timeline,
        may_reopen: v.may_reopen,
        duplicate: v.duplicate,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "resident/receipt.html")]
struct ReceiptPage {
    t: Tr,
    ticket: Shown,
}

/// `GET /resident/receipt/{token}`.
pub async fn receipt(
    State(ctx): State<Ctx>,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let t = tr();
    match resident::receipt(&ctx, &token).await {
        Ok(view) => Ok(no_store(
            ReceiptPage {
                t,
                ticket: shown(t, &view),
            }
            .into_response(),
        )),
        Err(ResidentError::NotFound) => {
            let page = lookup_page(
                LookupFields::default(),
                Some(t.resident(ResidentMsg::Expired).into()),
            );
            Ok((StatusCode::NOT_FOUND, page).into_response())
        }
        Err(other) => Err(page_error(other)),
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct LookupFields {
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub comment: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "resident/lookup.html")]
struct LookupPage {
    t: Tr,
    form: LookupFields,
    notice: Option<String>,
}

fn lookup_page(form: LookupFields, notice: Option<String>) -> LookupPage {
    LookupPage {
        t: tr(),
        form,
        notice,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "resident/status.html")]
struct StatusPage {
    t: Tr,
    ticket: Shown,
    /// Echoed into the "not solved" form, which must prove the phone again.
    number: String,
    phone: String,
    notice: Option<String>,
    errors: Vec<String>,
}

/// `GET /resident/status`: the look-up form.
pub async fn lookup() -> impl IntoResponse {
    no_store(lookup_page(LookupFields::default(), None).into_response())
}

/// `POST /resident/status`: the ticket of this number and phone.
pub async fn status(
    State(ctx): State<Ctx>,
    ClientAddress(address): ClientAddress,
    Form(form): Form<LookupFields>,
) -> Result<Response, PageError> {
    let res = resident::status(&ctx, &address, &form.number, &form.phone).await;
    status_response(form, res, None)
}

/// `POST /resident/status/not-solved`: reopens the closed ticket with a comment.
pub async fn not_solved(
    State(ctx): State<Ctx>,
    ClientAddress(address): ClientAddress,
    Form(form): Form<LookupFields>,
) -> Result<Response, PageError> {
    let t = tr();
    let res = resident::not_solved(&ctx, &address, &form.number, &form.phone, &form.comment).await;
    match res {
        Err(ResidentError::AlreadyReopened) => {
            let current = resident::status(&ctx, &address, &form.number, &form.phone).await;
            let notice = t.resident(ResidentMsg::AlreadyReopened).to_string();
            let mut res = status_response(form, current, Some(notice))?;
            *res.status_mut() = StatusCode::CONFLICT;
            Ok(res)
        }
        Err(ResidentError::Invalid(errors)) => {
            let current = resident::status(&ctx, &address, &form.number, &form.phone).await;
            let mut res = status_with_errors(form, current, field_errors(t, &errors))?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        other => status_response(form, other, Some(t.resident(ResidentMsg::Reopened).into())),
    }
}

fn status_response(
    form: LookupFields,
    res: Result<ResidentView, ResidentError>,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let t = tr();
    match res {
        Ok(view) => Ok(no_store(
            StatusPage {
                t,
                ticket: shown(t, &view),
                number: form.number,
                phone: form.phone,
                notice,
                errors: Vec::new(),
            }
            .into_response(),
        )),
        Err(ResidentError::NotFound) => {
            let page = lookup_page(form, Some(t.resident(ResidentMsg::NotFound).into()));
            Ok((StatusCode::NOT_FOUND, page).into_response())
        }
        Err(ResidentError::RateLimited { by, limited }) => {
            let page = lookup_page(form, Some(limited_text(t, by, &limited)));
            Ok(too_many(page.into_response(), &limited))
        }
        Err(other) => Err(page_error(other)),
    }
}

fn status_with_errors(
    form: LookupFields,
    res: Result<ResidentView, ResidentError>,
    errors: Vec<String>,
) -> Result<Response, PageError> {
    let t = tr();
    match res {
        Ok(view) => Ok(StatusPage {
            t,
            ticket: shown(t, &view),
            number: form.number,
            phone: form.phone,
            notice: None,
            errors,
        }
        .into_response()),
        other => status_response(form, other, None),
    }
}
