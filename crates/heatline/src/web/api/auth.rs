//! `POST /api/v1/auth/token`: a bearer token for a login and password.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::{Ctx, auth};
use crate::web::api::json::JsonBody;
use crate::web::error::ApiError;

#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenRequest {
    pub login: Option<String>,
    pub password: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub role: &'static str,
}

#[utoipa::path(post, path = "/api/v1/auth/token", tag = "auth", request_body = TokenRequest,
    responses((status = 200, body = TokenResponse), (status = 422, description = "Wrong login or password")))]
pub async fn token(
    State(ctx): State<Ctx>,
    JsonBody(body): JsonBody<TokenRequest>,
) -> Result<Json<TokenResponse>, ApiError> {
    let login = body.login.unwrap_or_default();
    let password = body.password.unwrap_or_default();
    let session = auth::sign_in(&ctx, &login, &password, auth::Kind::Api).await?;
    Ok(Json(TokenResponse {
        token: session.token,
        role: session.actor.role().as_code(),
    }))
}
