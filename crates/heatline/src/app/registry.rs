//! The address registry as users see it: districts, organizations, buildings, and
//! turning what a caller says into a building and a category.

use domain::building::{Building, BuildingId};
use domain::category::Category;
use domain::district::{District, DistrictId};
use domain::organization::{Organization, OrganizationKind};
use domain::search;
use domain::ticket::NewTicket;

use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, internal};

pub async fn list_districts(ctx: &Ctx, _actor: &Actor) -> Result<Vec<District>, AppError> {
    let mut conn = ctx.db.read().await.map_err(internal("listing districts"))?;
    store::district::list(&mut conn)
        .await
        .map_err(internal("listing districts"))
}

pub async fn list_organizations(
    ctx: &Ctx,
    _actor: &Actor,
    kind: Option<OrganizationKind>,
) -> Result<Vec<Organization>, AppError> {
    let mut conn = ctx
        .db
        .read()
        .await
        .map_err(internal("listing organizations"))?;
    store::organization::list(&mut conn, kind)
        .await
        .map_err(internal("listing organizations"))
}

/// Buildings whose address contains every word typed, for autocomplete and lists.
pub async fn search_buildings(
    ctx: &Ctx,
    _actor: &Actor,
    q: &str,
    district: Option<DistrictId>,
    limit: i64,
) -> Result<Vec<Building>, AppError> {
    let mut conn = ctx
        .db
        .read()
        .await
        .map_err(internal("searching buildings"))?;
    store::building::search(&mut conn, q, district, limit.clamp(1, 100))
        .await
        .map_err(internal("searching buildings"))
}

pub async fn get_building(ctx: &Ctx, _actor: &Actor, id: BuildingId) -> Result<Building, AppError> {
    let mut conn = ctx.db.read().await.map_err(internal("reading building"))?;
    store::building::get(&mut conn, id)
        .await
        .map_err(internal("reading building"))
}

/// The building a new ticket belongs to: the one named by id (which must exist),
/// or the one its address resolves to with confidence (`address::resolve` and its
/// auto-pick rule, as on the desk); `None` leaves the ticket flagged for the
/// district to resolve.
pub(crate) async fn resolve_for_ticket(
    ctx: &Ctx,
    building_id: Option<i64>,
    address: Option<&str>,
    errors: &mut FieldErrors,
) -> Result<Option<BuildingId>, AppError> {
    if let Some(id) = building_id {
        let mut conn = ctx.db.read().await.map_err(internal("resolving address"))?;
        return match store::building::get(&mut conn, BuildingId(id)).await {
            Ok(b) => Ok(Some(b.id)),
            Err(store::error::StoreError::NotFound) => {
                errors.add("building_id", Problem::NotFound);
                Ok(None)
            }
            Err(e) => Err(internal("resolving address")(e)),
        };
    }
    let Some(address) = address else {
        return Ok(None);
    };
    // Only a confident, clearly leading match is picked: a wrong building routes
    // the ticket to the wrong organization, while an unresolved one is merely flagged.
    let resolution = crate::app::address::resolve(ctx, address, 2).await?;
    Ok(resolution.auto_picked)
}

/// The category suggested for a description, when the caller gave none.
pub(crate) fn suggest_category(ctx: &Ctx, description: &str) -> Option<Category> {
    ctx.category_model()
        .suggest(description)
        .first()
        .map(|(category, _)| *category)
}

/// The stems a ticket is found by: its description and address. The leading
/// space lets `like '% stem%'` match the first word too.
pub(crate) fn search_text(facts: &NewTicket) -> String {
    let text = format!(
        "{} {}",
        facts.description,
        facts.address.as_deref().unwrap_or("")
    );
    format!(" {}", search::index_text(&text))
}

/// The word prefixes a free-text query must match.
pub(crate) fn query_stems(q: &str) -> Vec<String> {
    search::query_stems(q)
}
