//! The desk's API: `/api/v1/addresses/resolve`, `/api/v1/categories/suggest`,
//! `/api/v1/categories/retrain` and `/api/v1/desk/warnings`. The call card's
//! htmx fragments call the same `app` functions.

use crate::web::api::params::Query;
use axum::Json;
use axum::extract::State;
use domain::building::BuildingId;
use domain::category::Category;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::address::{self, AddressResolution};
use crate::app::category_suggestion::{self, Suggestion};
use crate::app::{AppError, Ctx, FieldErrors, Problem, desk};
use crate::web::api::outage::OutageJson;
use crate::web::api::ticket::TicketJson;
use crate::web::auth::ApiActor;
use crate::web::error::ApiError;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResolveQuery {
    /// The address as typed: «пр. Октября д.12/1 кв 5», «Ленина 5-12».
    pub q: Option<String>,
    /// At most 50; 7 by default.
    pub limit: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResolvedAddressJson {
    pub building_id: i64,
    /// The registry's address.
    pub address: String,
    /// 0..1; the desk takes the top candidate alone only when `auto_pick` is true.
    pub confidence: f64,
    /// True on the top candidate when it is confident and clearly ahead of the
    /// next (the same rule registrations with an `address` string use).
    pub auto_pick: bool,
}

/// The JSON list for a resolution, best first.
pub fn resolved_json(resolution: &AddressResolution) -> Vec<ResolvedAddressJson> {
    resolution
        .candidates
        .iter()
        .map(|c| ResolvedAddressJson {
            building_id: c.building_id.0,
            address: c.address.clone(),
            confidence: (c.confidence * 1000.0).round() / 1000.0,
            auto_pick: resolution.auto_picked == Some(c.building_id),
        })
        .collect()
}

#[utoipa::path(get, path = "/api/v1/addresses/resolve", tag = "desk", params(ResolveQuery),
    responses((status = 200, body = [ResolvedAddressJson], description = "Ranked registry buildings")),
    security(("bearer" = [])))]
pub async fn resolve(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Query(query): Query<ResolveQuery>,
) -> Result<Json<Vec<ResolvedAddressJson>>, ApiError> {
    let q = query.q.unwrap_or_default();
    let limit = query.limit.unwrap_or(address::DEFAULT_LIMIT);
    let resolution = address::resolve_address(&ctx, &actor, &q, limit).await?;
    Ok(Json(resolved_json(&resolution)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestQuery {
    /// The resident's description, as typed.
    pub text: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionJson {
    /// `no_heat`, `air_lock`, `overheating`, `billing`, `leak`, `hot_water`, `other`.
    pub category: &'static str,
    /// 0..1; the scores of a list sum to 1.
    pub score: f64,
}

impl From<Suggestion> for SuggestionJson {
    fn from(s: Suggestion) -> Self {
        SuggestionJson {
            category: s.category.as_code(),
            score: (s.score * 1000.0).round() / 1000.0,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/categories/suggest", tag = "desk", params(SuggestQuery),
    responses((status = 200, body = [SuggestionJson], description = "Categories, most likely first")),
    security(("bearer" = [])))]
pub async fn suggest(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Query(query): Query<SuggestQuery>,
) -> Result<Json<Vec<SuggestionJson>>, ApiError> {
    let text = query.text.unwrap_or_default();
    let list = category_suggestion::suggest_categories(&ctx, &actor, &text);
    Ok(Json(list.into_iter().map(SuggestionJson::from).collect()))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RetrainJson {
    /// Examples learned from: built-in and saved.
    pub examples: u32,
    /// Saved tickets whose category a person chose.
    pub from_tickets: u32,
}

#[utoipa::path(post, path = "/api/v1/categories/retrain", tag = "desk",
    responses((status = 200, body = RetrainJson), (status = 403, description = "Admin only")),
    security(("bearer" = [])))]
pub async fn retrain(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
) -> Result<Json<RetrainJson>, ApiError> {
    let report = category_suggestion::retrain(&ctx, &actor).await?;
    Ok(Json(RetrainJson {
        examples: report.examples,
        from_tickets: report.from_tickets,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WarningsQuery {
    pub building_id: Option<String>,
    /// A category code; without one there is nothing to compare.
    pub category: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WarningsJson {
    /// Open tickets of the same building and category.
    pub open_tickets: Vec<TicketJson>,
    /// Open outages of the building.
    pub outages: Vec<OutageJson>,
}

#[utoipa::path(get, path = "/api/v1/desk/warnings", tag = "desk", params(WarningsQuery),
    responses((status = 200, body = WarningsJson), (status = 422)), security(("bearer" = [])))]
pub async fn warnings(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Query(query): Query<WarningsQuery>,
) -> Result<Json<WarningsJson>, ApiError> {
    let (building_id, category) =
        warning_input(query.building_id.as_deref(), query.category.as_deref())?;
    let found = desk::warnings(&ctx, &actor, building_id, category).await?;
    Ok(Json(WarningsJson {
        open_tickets: found
            .open_tickets
            .into_iter()
            .map(TicketJson::from)
            .collect(),
        outages: found.outages.into_iter().map(OutageJson::from).collect(),
    }))
}

/// The building (required) and category (optional) of a warnings request.
pub fn warning_input(
    building_id: Option<&str>,
    category: Option<&str>,
) -> Result<(BuildingId, Option<Category>), AppError> {
    let mut errors = FieldErrors::default();
    let building_id = match building_id.map(str::trim).filter(|b| !b.is_empty()) {
        None => {
            errors.add("building_id", Problem::Required);
            None
        }
        Some(text) => text.parse::<i64>().ok().filter(|id| *id > 0).or_else(|| {
            errors.add("building_id", Problem::Malformed);
            None
        }),
    };
    let category = match category.filter(|c| !c.is_empty()) {
        None => None,
        Some(code) => Category::from_code(code).or_else(|| {
            errors.add("category", Problem::UnknownCode);
            None
        }),
    };
    errors.into_result()?;
    Ok((BuildingId(building_id.expect("checked above")), category))
}
