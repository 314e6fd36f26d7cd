//! The JSON body extractor: a body that does not parse is a 422 naming the field.

use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use crate::app::{AppError, FieldErrors, Problem};
use crate::web::error::ApiError;

const MAX_BODY_BYTES: usize = 1 << 20;

pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::to_bytes(req.into_body(), MAX_BODY_BYTES)
            .await
            .map_err(|_| {
                invalid(
                    "body",
                    Problem::TooLong {
                        max: MAX_BODY_BYTES,
                    },
                )
            })?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        serde_path_to_error::deserialize(&mut de)
            .map(JsonBody)
            .map_err(|err| {
                let path = err.path().to_string();
                let field = match path.as_str() {
                    "." | "" => "body".to_string(),
                    other => other.to_string(),
                };
                invalid(field, Problem::Malformed)
            })
    }
}

fn invalid(field: impl Into<String>, problem: Problem) -> ApiError {
    ApiError(AppError::Invalid(FieldErrors::one(field, problem)))
}
