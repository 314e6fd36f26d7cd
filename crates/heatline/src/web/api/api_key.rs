//! `/api/v1/api-keys`: the admin's keys of client systems (Open311).

use crate::web::api::params::Path;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::api_key::{ApiKey, ApiKeyId};
use domain::calendar::rfc3339;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::Ctx;
use crate::app::api_key::{self as keys, CreateApiKey};
use crate::web::api::json::JsonBody;
use crate::web::auth::ApiActor;
use crate::web::error::ApiError;

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateApiKeyJson {
    /// The client system, e.g. a city portal.
    pub name: Option<String>,
    /// Its rate limit; 60 when absent.
    pub requests_per_minute: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKeyJson {
    pub id: i64,
    pub name: String,
    /// The key's first characters, to tell keys apart.
    pub prefix: String,
    pub requests_per_minute: i64,
    pub created_at: String,
    pub revoked_at: Option<String>,
    /// The secret: only in the answer to its creation, never again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

impl From<ApiKey> for ApiKeyJson {
    fn from(k: ApiKey) -> Self {
        ApiKeyJson {
            id: k.id.0,
            name: k.name,
            prefix: k.prefix,
            requests_per_minute: k.requests_per_minute,
            created_at: rfc3339(k.created_at),
            revoked_at: k.revoked_at.map(rfc3339),
            key: None,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/api-keys", tag = "api keys",
    responses((status = 200, body = [ApiKeyJson]), (status = 403)), security(("bearer" = [])))]
pub async fn index(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<ApiKeyJson>>, ApiError> {
    let list = keys::list_api_keys(&ctx, &actor).await?;
    Ok(Json(list.into_iter().map(ApiKeyJson::from).collect()))
}

#[utoipa::path(post, path = "/api/v1/api-keys", tag = "api keys", request_body = CreateApiKeyJson,
    responses((status = 201, body = ApiKeyJson), (status = 403), (status = 422)), security(("bearer" = [])))]
pub async fn create(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    JsonBody(body): JsonBody<CreateApiKeyJson>,
) -> Result<(StatusCode, Json<ApiKeyJson>), ApiError> {
    let input = CreateApiKey {
        name: body.name.unwrap_or_default(),
        requests_per_minute: body.requests_per_minute.map(|n| n.to_string()),
    };
    let created = keys::create_api_key(&ctx, &actor, input).await?;
    let json = ApiKeyJson {
        key: Some(created.secret),
        ..ApiKeyJson::from(created.key)
    };
    Ok((StatusCode::CREATED, Json(json)))
}

#[utoipa::path(post, path = "/api/v1/api-keys/{id}/revoke", tag = "api keys", params(("id" = i64, Path)),
    responses((status = 200, body = ApiKeyJson), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn revoke(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<ApiKeyJson>, ApiError> {
    let key = keys::revoke_api_key(&ctx, &actor, ApiKeyId(id)).await?;
    Ok(Json(key.into()))
}
