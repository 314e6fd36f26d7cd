//! `/api/v1/districts`, `/organizations`, `/buildings`: the registry.

use crate::web::api::params::{Path, Query};
use axum::Json;
use axum::extract::State;
use domain::building::{Building, BuildingId};
use domain::district::DistrictId;
use domain::organization::OrganizationKind;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::{AppError, Ctx, FieldErrors, Problem, registry};
use crate::web::auth::ApiActor;
use crate::web::error::ApiError;

#[derive(Debug, Serialize, ToSchema)]
pub struct DistrictJson {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationJson {
    pub id: i64,
    pub name: String,
    /// `management_company` (УК) or `heat_supplier` (РСО).
    pub kind: &'static str,
    pub phone: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BuildingJson {
    pub id: i64,
    pub address: String,
    pub district_id: i64,
    pub management_company_id: i64,
    pub heat_supplier_id: i64,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub apartments: Option<i64>,
    pub year_built: Option<i64>,
}

impl From<Building> for BuildingJson {
    fn from(b: Building) -> Self {
        BuildingJson {
            id: b.id.0,
            address: b.address,
            district_id: b.district_id.0,
            management_company_id: b.management_company_id.0,
            heat_supplier_id: b.heat_supplier_id.0,
            latitude: b.latitude,
            longitude: b.longitude,
            apartments: b.apartments,
            year_built: b.year_built,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/districts", tag = "registry",
    responses((status = 200, body = [DistrictJson])), security(("bearer" = [])))]
pub async fn districts(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<DistrictJson>>, ApiError> {
    let list = registry::list_districts(&ctx, &actor).await?;
    Ok(Json(
        list.into_iter()
            .map(|d| DistrictJson {
                id: d.id.0,
                name: d.name,
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrganizationsQuery {
    /// `management_company` or `heat_supplier`.
    pub kind: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/organizations", tag = "registry", params(OrganizationsQuery),
    responses((status = 200, body = [OrganizationJson]), (status = 422)), security(("bearer" = [])))]
pub async fn organizations(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Query(query): Query<OrganizationsQuery>,
) -> Result<Json<Vec<OrganizationJson>>, ApiError> {
    let kind = match query.kind.as_deref().filter(|k| !k.is_empty()) {
        Some(code) => Some(
            OrganizationKind::from_code(code)
                .ok_or_else(|| AppError::Invalid(FieldErrors::one("kind", Problem::UnknownCode)))?,
        ),
        None => None,
    };
    let list = registry::list_organizations(&ctx, &actor, kind).await?;
    Ok(Json(
        list.into_iter()
            .map(|o| OrganizationJson {
                id: o.id.0,
                name: o.name,
                kind: o.kind.as_code(),
                phone: o.phone,
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BuildingsQuery {
    /// Words of the address.
    pub q: Option<String>,
    pub district_id: Option<i64>,
    /// At most 100; 20 by default.
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/buildings", tag = "registry", params(BuildingsQuery),
    responses((status = 200, body = [BuildingJson])), security(("bearer" = [])))]
pub async fn buildings(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Query(query): Query<BuildingsQuery>,
) -> Result<Json<Vec<BuildingJson>>, ApiError> {
    let q = query.q.unwrap_or_default();
    let list = registry::search_buildings(
        &ctx,
        &actor,
        &q,
        query.district_id.map(DistrictId),
        query.limit.unwrap_or(20),
    )
    .await?;
    Ok(Json(list.into_iter().map(BuildingJson::from).collect()))
}

#[utoipa::path(get, path = "/api/v1/buildings/{id}", tag = "registry", params(("id" = i64, Path)),
    responses((status = 200, body = BuildingJson), (status = 404)), security(("bearer" = [])))]
pub async fn building(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<BuildingJson>, ApiError> {
    Ok(Json(
        registry::get_building(&ctx, &actor, BuildingId(id))
            .await?
            .into(),
    ))
}
