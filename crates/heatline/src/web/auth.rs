//! Who is asking: the session middleware (bearer token or session cookie), the
//! CSRF check for cookie-authenticated writes, and the extractors handlers use.

use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::app::{Actor, AppError, Ctx, auth};
use crate::web::error::{ApiError, PageError};
use crate::web::request::cookie;

pub const SESSION_COOKIE: &str = "heatline_session";
/// The form field (or query parameter) carrying the CSRF token of a page form.
pub const CSRF_FIELD: &str = "_csrf";
const CSRF_HEADER: &str = "x-csrf-token";
const MAX_FORM_BYTES: usize = 1 << 20;

/// The signed-in session of a request.
#[derive(Debug, Clone)]
pub struct Session {
    pub actor: Actor,
    pub csrf: String,
}

/// Resolves the session once per request and rejects cookie-authenticated
/// writes that lack the session's CSRF token.
pub async fn middleware(State(ctx): State<Ctx>, req: Request, next: Next) -> Response {
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string());
    let via_cookie = bearer.is_none();
    let Some(token) = bearer.or_else(|| cookie(req.headers(), SESSION_COOKIE)) else {
        return next.run(req).await;
    };
    let session = match auth::authenticate(&ctx, &token).await {
        Ok((actor, csrf)) => Session { actor, csrf },
        Err(AppError::Unauthenticated) => return next.run(req).await,
        Err(err) => return error_for(&req, err),
    };
    let mut req = if via_cookie && !is_safe(req.method()) {
        match check_csrf(req, &session.csrf).await {
            Ok(req) => req,
            Err(req) => return error_for(&req, AppError::Forbidden),
        }
    } else {
        req
    };
    req.extensions_mut().insert(session);
    next.run(req).await
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn error_for(req: &Request, err: AppError) -> Response {
    if req.uri().path().starts_with("/api/") {
        ApiError(err).into_response()
    } else {
        PageError(err).into_response()
    }
}

/// Finds the token in the header, the query, or an url-encoded form body (which
/// is buffered and put back).
async fn check_csrf(req: Request, expected: &str) -> Result<Request, Request> {
    let header_ok = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) == Some(expected);
    let query_ok = req
        .uri()
        .query()
        .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
        .is_some_and(|pairs| pairs.iter().any(|(k, v)| k == CSRF_FIELD && v == expected));
    if header_ok || query_ok {
        return Ok(req);
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(req);
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return Err(Request::from_parts(parts, Body::empty()));
    };
    let ok = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .is_ok_and(|pairs| pairs.iter().any(|(k, v)| k == CSRF_FIELD && v == expected));
    let req = Request::from_parts(parts, Body::from(bytes));
    if ok { Ok(req) } else { Err(req) }
}

/// The actor of an API call; 401 without a valid token or session.
pub struct ApiActor(pub Actor);

impl<S: Send + Sync> FromRequestParts<S> for ApiActor {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Session>()
            .map(|s| ApiActor(s.actor.clone()))
            .ok_or(ApiError(AppError::Unauthenticated))
    }
}

/// The session of a page request; redirects to the login page without one.
pub struct PageSession(pub Session);

impl<S: Send + Sync> FromRequestParts<S> for PageSession {
    type Rejection = PageError;
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Session>()
            .cloned()
            .map(PageSession)
            .ok_or(PageError(AppError::Unauthenticated))
    }
}
