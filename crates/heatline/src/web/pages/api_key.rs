//! `/admin/api-keys`: the admin creates and revokes keys of client systems.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::api_key::{ApiKey, ApiKeyId, DEFAULT_REQUESTS_PER_MINUTE};
use serde::Deserialize;

use crate::app::api_key::{self as keys, CreateApiKey};
use crate::app::{AppError, Ctx};
use crate::web::auth::PageSession;
use crate::web::error::PageError;
use crate::web::i18n::open311::Open311Msg;
use crate::web::i18n::{Msg, Tr};
use crate::web::pages::Layout;

pub struct KeyRow {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub requests_per_minute: i64,
    pub created: String,
    pub revoked: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "api_keys/index.html")]
struct IndexPage {
    layout: Layout,
    t: Tr,
    rows: Vec<KeyRow>,
    /// The secret of a key just created, shown once.
    created: Option<String>,
    name: String,
    requests_per_minute: String,
    errors: Vec<String>,
}

fn rows(t: Tr, keys: Vec<ApiKey>) -> Vec<KeyRow> {
    keys.into_iter()
        .map(|k| KeyRow {
            id: k.id.0,
            name: k.name,
            prefix: k.prefix,
            requests_per_minute: k.requests_per_minute,
            created: t.datetime(k.created_at),
            revoked: k.revoked_at.map(|at| t.datetime(at)),
        })
        .collect()
}

/// `GET /admin/api-keys`.
pub async fn index(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
) -> Result<Response, PageError> {
    let list = keys::list_api_keys(&ctx, &session.actor).await?;
    let layout = Layout::new(&session, "/admin/api-keys");
    let t = layout.t;
    Ok(IndexPage {
        layout,
        t,
        rows: rows(t, list),
        created: None,
        name: String::new(),
        requests_per_minute: DEFAULT_REQUESTS_PER_MINUTE.to_string(),
        errors: Vec::new(),
    }
    .into_response())
}

#[derive(Debug, Deserialize)]
pub struct CreateForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    requests_per_minute: String,
}

/// `POST /admin/api-keys`: answers with the page showing the new secret once
/// (a redirect would have to carry the secret in a URL).
pub async fn create(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Form(form): Form<CreateForm>,
) -> Result<Response, PageError> {
    let input = CreateApiKey {
        name: form.name.clone(),
        requests_per_minute: Some(form.requests_per_minute.clone()),
    };
    let layout = Layout::new(&session, "/admin/api-keys");
    let t = layout.t;
    let (status, created, errors) = match keys::create_api_key(&ctx, &session.actor, input).await {
        Ok(created) => (StatusCode::OK, Some(created.secret), Vec::new()),
        Err(AppError::Invalid(errors)) => {
            let words = errors
                .iter()
                .flat_map(|(field, problems)| {
                    problems
                        .iter()
                        .map(move |p| format!("{}: {}", label(t, field), t.problem(p)))
                })
                .collect();
            (StatusCode::UNPROCESSABLE_ENTITY, None, words)
        }
        Err(e) => return Err(e.into()),
    };
    let list = keys::list_api_keys(&ctx, &session.actor).await?;
    let page = IndexPage {
        layout,
        t,
        rows: rows(t, list),
        created,
        name: if errors.is_empty() {
            String::new()
        } else {
            form.name
        },
        requests_per_minute: form.requests_per_minute,
        errors,
    };
    Ok((status, page).into_response())
}

fn label(t: Tr, field: &str) -> &'static str {
    match field {
        "name" => t.open311(Open311Msg::ClientName),
        _ => t.open311(Open311Msg::RequestsPerMinute),
    }
}

/// `POST /admin/api-keys/{id}/revoke`.
pub async fn revoke(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path(id): Path<i64>,
) -> Result<Redirect, PageError> {
    keys::revoke_api_key(&ctx, &session.actor, ApiKeyId(id)).await?;
    Ok(Redirect::to("/admin/api-keys"))
}
