//! API keys of client systems (Open311 apps and portals): the admin creates
//! and revokes them; the secret is shown once and only its hash is kept.

use domain::api_key::{
    ApiKey, ApiKeyId, DEFAULT_REQUESTS_PER_MINUTE, MAX_NAME_CHARS, MAX_REQUESTS_PER_MINUTE,
};
use domain::user::Role;
use store::api_key::NewApiKey;

use crate::app::auth::{hash_token, random_token};
use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, internal};

/// A key to create, as typed.
#[derive(Debug, Clone, Default)]
pub struct CreateApiKey {
    pub name: String,
    /// Requests per minute; the default when empty.
    pub requests_per_minute: Option<String>,
}

/// A new key with its secret, which is never shown again.
#[derive(Debug, Clone)]
pub struct CreatedApiKey {
    pub key: ApiKey,
    pub secret: String,
}

/// Creates a key for a client system; only the admin may.
#[tracing::instrument(skip_all)]
pub async fn create_api_key(
    ctx: &Ctx,
    actor: &Actor,
    input: CreateApiKey,
) -> Result<CreatedApiKey, AppError> {
    actor.require(&[Role::Admin])?;
    let mut errors = FieldErrors::default();
    let name = input.name.trim();
    if name.is_empty() {
        errors.add("name", Problem::Required);
    } else if name.chars().count() > MAX_NAME_CHARS {
        errors.add(
            "name",
            Problem::TooLong {
                max: MAX_NAME_CHARS,
            },
        );
    }
    let requests_per_minute = match input.requests_per_minute.as_deref().map(str::trim) {
        None | Some("") => Some(DEFAULT_REQUESTS_PER_MINUTE),
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=MAX_REQUESTS_PER_MINUTE).contains(n))
            .or_else(|| {
                errors.add("requests_per_minute", Problem::Malformed);
                None
            }),
    };
    errors.into_result()?;
    let secret = format!("hl_{}", random_token());
    let prefix: String = secret.chars().take(9).collect();
    let now = ctx.now();
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("creating api key"))?;
    let new = NewApiKey {
        name,
        key_hash: &hash_token(&secret),
        prefix: &prefix,
        requests_per_minute: requests_per_minute.expect("validated above"),
        // The command line acts as a user that is not in the users table.
        created_by: Some(actor.user.id).filter(|id| id.0 > 0),
    };
    let id = store::api_key::insert(&mut tx, &new, now)
        .await
        .map_err(internal("creating api key"))?;
    let key = store::api_key::get(&mut tx, id)
        .await
        .map_err(internal("creating api key"))?;
    tx.commit().await.map_err(internal("creating api key"))?;
    tracing::info!(api_key_id = id.0, "api key created");
    Ok(CreatedApiKey { key, secret })
}

/// Every key, newest first; only the admin may see them.
pub async fn list_api_keys(ctx: &Ctx, actor: &Actor) -> Result<Vec<ApiKey>, AppError> {
    actor.require(&[Role::Admin])?;
    let mut conn = ctx.db.read().await.map_err(internal("listing api keys"))?;
    store::api_key::list(&mut conn)
        .await
        .map_err(internal("listing api keys"))
}

/// Revokes a key at once: its next call is refused.
#[tracing::instrument(skip_all, fields(api_key_id = id.0))]
pub async fn revoke_api_key(ctx: &Ctx, actor: &Actor, id: ApiKeyId) -> Result<ApiKey, AppError> {
    actor.require(&[Role::Admin])?;
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("revoking api key"))?;
    store::api_key::revoke(&mut tx, id, ctx.now())
        .await
        .map_err(internal("revoking api key"))?;
    let key = store::api_key::get(&mut tx, id)
        .await
        .map_err(internal("revoking api key"))?;
    tx.commit().await.map_err(internal("revoking api key"))?;
    Ok(key)
}

/// The key a secret belongs to, active or revoked.
pub(crate) async fn find(ctx: &Ctx, secret: &str) -> Result<Option<ApiKey>, AppError> {
    let mut conn = ctx.db.read().await.map_err(internal("reading api key"))?;
    store::api_key::find_by_hash(&mut conn, &hash_token(secret.trim()))
        .await
        .map_err(internal("reading api key"))
}
