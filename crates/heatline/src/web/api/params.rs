//! Path and query extractors for the JSON API: a value that does not parse is
//! a 422 naming the parameter, like a bad body field (axum's own answer a
//! plain-text 400).

use axum::extract::path::ErrorKind;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::app::{AppError, FieldErrors, Problem};
use crate::web::error::ApiError;

/// The path parameters, deserialized like `axum::extract::Path`.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let rejection = match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => return Ok(Path(value)),
            Err(rejection) => rejection,
        };
        let names: Vec<String> = RawPathParams::from_request_parts(parts, state)
            .await
            .map(|raw| raw.iter().map(|(name, _)| name.to_string()).collect())
            .unwrap_or_default();
        let PathRejection::FailedToDeserializePathParams(failed) = &rejection else {
            return Err(route_bug(&rejection));
        };
        let field = match failed.kind() {
            ErrorKind::WrongNumberOfParameters { .. } | ErrorKind::UnsupportedType { .. } => {
                return Err(route_bug(&rejection));
            }
            ErrorKind::ParseErrorAtKey { key, .. }
            | ErrorKind::InvalidUtf8InPathParam { key }
            | ErrorKind::DeserializeError { key, .. } => key.clone(),
            ErrorKind::ParseErrorAtIndex { index, .. } => names
                .get(*index)
                .cloned()
                .unwrap_or_else(|| "path".to_string()),
            ErrorKind::ParseError { .. } if names.len() == 1 => names[0].clone(),
            _ => "path".to_string(),
        };
        Err(invalid(field))
    }
}

/// The query string, deserialized like `axum::extract::Query`.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(Query)
            .map_err(|err| {
                let path = err.path().to_string();
                invalid(match path.as_str() {
                    "." | "" => "query".to_string(),
                    other => other.to_string(),
                })
            })
    }
}

/// The route and the extractor disagree: a bug, not bad input.
fn route_bug(rejection: &PathRejection) -> ApiError {
    ApiError(AppError::Internal(anyhow::anyhow!(
        "path parameters do not fit the route: {rejection}"
    )))
}

fn invalid(field: String) -> ApiError {
    ApiError(AppError::Invalid(FieldErrors::one(
        field,
        Problem::Malformed,
    )))
}
