//! Signing in and out: web sessions and API tokens.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use rand::Rng;
use sha2::{Digest, Sha256};
use store::session::{NewSession, SessionKind};

use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, internal};

/// Web sessions last a working shift and a half; API tokens a month.
const WEB_SESSION_HOURS: i64 = 12;
const API_TOKEN_HOURS: i64 = 24 * 30;

/// A new session: the secret goes to the client once and is stored only hashed.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub csrf_token: String,
    pub actor: Actor,
}

pub use store::session::SessionKind as Kind;

/// Checks the login and password and opens a session of the given kind.
#[tracing::instrument(skip_all, fields(login = %login))]
pub async fn sign_in(
    ctx: &Ctx,
    login: &str,
    password: &str,
    kind: SessionKind,
) -> Result<Session, AppError> {
    let mut conn = ctx.db.read().await.map_err(internal("reading user"))?;
    let found = store::user::get_with_password(&mut conn, login.trim())
        .await
        .map_err(internal("reading user"))?;
    drop(conn);
    let bad = || AppError::Invalid(FieldErrors::one("login", Problem::BadCredentials));
    let (user, hash) = found.ok_or_else(bad)?;
    if !verify_password(password.to_string(), hash).await? {
        return Err(bad());
    }
    let token = random_token();
    let csrf_token = random_token();
    let hours = match kind {
        SessionKind::Web => WEB_SESSION_HOURS,
        SessionKind::Api => API_TOKEN_HOURS,
    };
    let now = ctx.now();
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("opening session"))?;
    let session = NewSession {
        token_hash: &hash_token(&token),
        user: &user,
        kind,
        csrf_token: &csrf_token,
        expires_at: now + jiff::SignedDuration::from_hours(hours),
    };
    store::session::insert(&mut tx, &session, now)
        .await
        .map_err(internal("opening session"))?;
    tx.commit().await.map_err(internal("opening session"))?;
    Ok(Session {
        token,
        csrf_token,
        actor: Actor { user },
    })
}

/// The actor of a live session and its CSRF token; `Unauthenticated` otherwise.
pub async fn authenticate(ctx: &Ctx, token: &str) -> Result<(Actor, String), AppError> {
    let mut conn = ctx.db.read().await.map_err(internal("reading session"))?;
    let found = store::session::get_user(&mut conn, &hash_token(token), ctx.now())
        .await
        .map_err(internal("reading session"))?;
    let (user, csrf) = found.ok_or(AppError::Unauthenticated)?;
    Ok((Actor { user }, csrf))
}

pub async fn sign_out(ctx: &Ctx, token: &str) -> Result<(), AppError> {
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("closing session"))?;
    store::session::delete(&mut tx, &hash_token(token))
        .await
        .map_err(internal("closing session"))?;
    tx.commit().await.map_err(internal("closing session"))?;
    Ok(())
}

/// An argon2 hash of a password (PHC string).
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing password: {e}"))
}

async fn verify_password(password: String, hash: String) -> Result<bool, AppError> {
    // Argon2 is deliberately slow; keep it off the async workers.
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok()
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::Error::new(e).context("verifying password")))
}

pub(crate) fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill(&mut bytes);
    hex::encode(bytes)
}

pub(crate) fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
