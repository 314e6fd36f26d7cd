//! `/api/v1/response-templates`: an organization's answer texts per category
//! and resolution.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use store::response_template::ResponseTemplate;
use utoipa::ToSchema;

use crate::app::Ctx;
use crate::app::queue::{self, TemplateInput};
use crate::web::api::json::JsonBody;
use crate::web::auth::ApiActor;
use crate::web::error::ApiError;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ResponseTemplateJson {
    /// A category code (`billing`, `no_heat`, …).
    pub category: String,
    /// A resolution code (`explained`, `fixed`, …).
    pub resolution: String,
    /// The answer text; `""` removes the template.
    pub body: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ResponseTemplatesJson {
    pub templates: Vec<ResponseTemplateJson>,
}

fn templates_json(templates: Vec<ResponseTemplate>) -> ResponseTemplatesJson {
    ResponseTemplatesJson {
        templates: templates
            .into_iter()
            .map(|t| ResponseTemplateJson {
                category: t.category.as_code().to_string(),
                resolution: t.resolution.as_code().to_string(),
                body: t.body,
            })
            .collect(),
    }
}

#[utoipa::path(get, path = "/api/v1/response-templates", tag = "tickets",
    responses((status = 200, body = ResponseTemplatesJson), (status = 403, description = "Not an organization")),
    security(("bearer" = [])))]
pub async fn index(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
) -> Result<Json<ResponseTemplatesJson>, ApiError> {
    Ok(Json(templates_json(
        queue::list_response_templates(&ctx, &actor).await?,
    )))
}

#[utoipa::path(put, path = "/api/v1/response-templates", tag = "tickets", request_body = ResponseTemplatesJson,
    responses((status = 200, body = ResponseTemplatesJson, description = "All the organization's templates; unlisted ones stay"),
        (status = 403), (status = 422, description = "Fields named `templates[N].category` etc.")),
    security(("bearer" = [])))]
pub async fn update(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    JsonBody(body): JsonBody<ResponseTemplatesJson>,
) -> Result<Json<ResponseTemplatesJson>, ApiError> {
    let input = body
        .templates
        .into_iter()
        .map(|t| TemplateInput {
            category: t.category,
            resolution: t.resolution,
            body: t.body,
        })
        .collect();
    Ok(Json(templates_json(
        queue::put_response_templates(&ctx, &actor, input).await?,
    )))
}
