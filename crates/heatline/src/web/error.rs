//! The one mapping of use-case errors to HTTP, for pages and for the JSON API.

use std::collections::BTreeMap;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::app::AppError;
use crate::web::i18n::{Locale, Msg, Tr};
use crate::web::request::RequestInfo;

/// An error answered as JSON (`/api/v1`).
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(err: AppError) -> Self {
        ApiError(err)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let info = RequestInfo::current();
        let tr = Tr::new(info.api_locale);
        let (status, body) = match self.0 {
            AppError::Invalid(errors) => {
                let map: BTreeMap<&str, Vec<String>> = errors
                    .iter()
                    .map(|(field, problems)| {
                        (field, problems.iter().map(|p| tr.problem(p)).collect())
                    })
                    .collect();
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    serde_json::json!({ "errors": map }),
                )
            }
            AppError::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                serde_json::json!({ "error": "unauthenticated" }),
            ),
            AppError::Forbidden => (
                StatusCode::FORBIDDEN,
                serde_json::json!({ "error": "forbidden" }),
            ),
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                serde_json::json!({ "error": "not_found" }),
            ),
            AppError::Conflict => (
                StatusCode::CONFLICT,
                serde_json::json!({ "error": "conflict" }),
            ),
            AppError::Unavailable(err) => {
                log_unavailable(&err, &info.id);
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    serde_json::json!({ "error": "unavailable", "request_id": info.id }),
                )
            }
            AppError::Internal(err) => {
                log_internal(&err, &info.id);
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    serde_json::json!({ "error": "internal", "request_id": info.id }),
                )
            }
        };
        with_retry_after((status, Json(body)).into_response())
    }
}

/// An error answered as a page, or as a toast for htmx requests.
#[derive(Debug)]
pub struct PageError(pub AppError);

impl From<AppError> for PageError {
    fn from(err: AppError) -> Self {
        PageError(err)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let info = RequestInfo::current();
        let tr = Tr::new(info.locale);
        let (status, title, detail) = match self.0 {
            AppError::Unauthenticated => {
                if info.htmx {
                    let mut res = StatusCode::UNAUTHORIZED.into_response();
                    res.headers_mut()
                        .insert("HX-Redirect", HeaderValue::from_static("/login"));
                    return res;
                }
                return Redirect::to("/login").into_response();
            }
            AppError::Invalid(errors) => {
                let detail = errors
                    .iter()
                    .map(|(field, problems)| {
                        let words: Vec<String> = problems.iter().map(|p| tr.problem(p)).collect();
                        format!("{field}: {}", words.join(", "))
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                (StatusCode::UNPROCESSABLE_ENTITY, tr.msg(Msg::Back), detail)
            }
            AppError::Forbidden => (
                StatusCode::FORBIDDEN,
                tr.msg(Msg::ForbiddenTitle),
                String::new(),
            ),
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                tr.msg(Msg::NotFoundTitle),
                String::new(),
            ),
            AppError::Conflict => (
                StatusCode::CONFLICT,
                tr.msg(Msg::ConflictTitle),
                String::new(),
            ),
            AppError::Unavailable(err) => {
                log_unavailable(&err, &info.id);
                let detail = format!("{}: {}", tr.msg(Msg::RequestId), info.id);
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    tr.msg(Msg::UnavailableTitle),
                    detail,
                )
            }
            AppError::Internal(err) => {
                log_internal(&err, &info.id);
                let detail = format!("{}: {}", tr.msg(Msg::RequestId), info.id);
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    tr.msg(Msg::InternalTitle),
                    detail,
                )
            }
        };
        let detail = escape(&detail);
        if info.htmx {
            let body = format!(
                r#"<div class="toast toast-error" role="alert"><strong>{title}</strong> {detail}</div>"#
            );
            let mut res = (status, Html(body)).into_response();
            let headers = res.headers_mut();
            headers.insert("HX-Retarget", HeaderValue::from_static("#toast"));
            headers.insert("HX-Reswap", HeaderValue::from_static("innerHTML"));
            return with_retry_after(res);
        }
        let lang = info.locale.as_code();
        let back = tr.msg(Msg::Back);
        let body = format!(
            r#"<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title><link rel="stylesheet" href="/static/app.css"></head><body><main class="narrow"><h1>{title}</h1><p>{detail}</p><p><a href="/">{back}</a></p></main></body></html>"#
        );
        let mut res = (status, Html(body)).into_response();
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        with_retry_after(res)
    }
}

fn log_internal(err: &anyhow::Error, request_id: &str) {
    tracing::error!(request_id = %request_id, error = ?err, "internal error");
}

fn log_unavailable(err: &anyhow::Error, request_id: &str) {
    tracing::warn!(request_id = %request_id, error = ?err, "database unavailable");
}

/// A 503 says when to retry: after the pool's acquire timeout has passed.
fn with_retry_after(mut res: Response) -> Response {
    if res.status() == StatusCode::SERVICE_UNAVAILABLE {
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    }
    res
}

/// HTML-escapes text for the hand-written error pages.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The locale an API client asked for; English unless it asks for Russian.
pub fn api_locale(accept_language: Option<&str>) -> Locale {
    accept_language
        .and_then(Locale::from_accept_language)
        .unwrap_or(Locale::En)
}
