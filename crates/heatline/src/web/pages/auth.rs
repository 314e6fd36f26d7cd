//! Signing in and out on the web, and the landing redirect.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::app::{AppError, Ctx, auth};
use crate::web::auth::{SESSION_COOKIE, Session};
use crate::web::error::PageError;
use crate::web::i18n::{Msg, Tr};
use crate::web::pages::{home, tr};
use crate::web::request::cookie;

#[derive(Template, WebTemplate)]
#[template(path = "auth/login.html")]
struct LoginPage {
    t: Tr,
    login: String,
    error: Option<String>,
}

/// `GET /`: to the role's home page, or to the login page.
pub async fn root(session: Option<axum::Extension<Session>>) -> Redirect {
    match session {
        Some(s) => Redirect::to(home(s.actor.role())),
        None => Redirect::to("/login"),
    }
}

/// `GET /login`.
pub async fn new() -> impl IntoResponse {
    LoginPage {
        t: tr(),
        login: String::new(),
        error: None,
    }
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
}

/// `POST /login`: sets the session cookie and goes to the role's home page.
pub async fn create(
    State(ctx): State<Ctx>,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    match auth::sign_in(&ctx, &form.login, &form.password, auth::Kind::Web).await {
        Ok(session) => {
            let mut res = Redirect::to(home(session.actor.role())).into_response();
            let cookie = format!(
                "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200",
                session.token
            );
            res.headers_mut().insert(
                header::SET_COOKIE,
                HeaderValue::from_str(&cookie).map_err(|e| AppError::Internal(e.into()))?,
            );
            Ok(res)
        }
        Err(AppError::Invalid(errors)) => {
            let t = tr();
            let error = errors
                .iter()
                .flat_map(|(_, p)| p.iter().map(|p| t.problem(p)))
                .next();
            let page = LoginPage {
                t,
                login: form.login,
                error: error.or(Some(t.msg(Msg::SignIn).into())),
            };
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /logout`.
pub async fn delete(State(ctx): State<Ctx>, headers: HeaderMap) -> Result<Response, PageError> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        auth::sign_out(&ctx, &token).await?;
    }
    let mut res = Redirect::to("/login").into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("heatline_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"),
    );
    Ok(res)
}
