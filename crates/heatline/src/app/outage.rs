//! Outage use cases: register an outage (buildings by list, street or
//! supplier), read and list them with the interruption clock and breaches,
//! close one (closing its linked tickets as `outage_restored`), and link new
//! tickets from its buildings while it is open.
//!
//! Deciding who may include which building and clocking the limits is
//! `domain::outage`; this module loads, checks scope and writes.

use domain::building::{Building, BuildingId};
use domain::category::Category;
use domain::district::DistrictId;
use domain::event::EventKind;
use domain::organization::{OrganizationId, OrganizationKind};
use domain::outage::{Breach, Outage, OutageClock, OutageId, OutageStatus};
use domain::ticket::{Resolution, Ticket};
use domain::user::{Role, Scope};
use jiff::{SignedDuration, Timestamp};
use store::db::WriteTx;
use store::outage::{BuildingSelection, NewOutage, OutageFilter};

use crate::app::ticket::{actor_event, record_event, save_change};
use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, internal};

/// Everyone on staff reads outages (an organization those touching its buildings).
const READERS: &[Role] = &[
    Role::Operator,
    Role::Organization,
    Role::DistrictHq,
    Role::CityHq,
    Role::Controller,
    Role::Admin,
];
/// District HQs and heat suppliers register and close them (and the admin).
const WRITERS: &[Role] = &[Role::DistrictHq, Role::Organization, Role::Admin];
/// The most buildings one outage may hold (Черниковка 2025: 253 houses).
const MAX_BUILDINGS: usize = 5000;
/// Categories an outage answers, as `domain::outage::answers_category` says.
const LINKED_CATEGORIES: [Category; 2] = [Category::NoHeat, Category::HotWater];

/// An outage as typed in the form or sent to the API. Exactly one way of
/// picking buildings: `building_ids`, or a `street` (within the actor's scope,
/// optionally narrowed by `district_id`/`supplier_id`), or every building of
/// `supplier_id` in `district_id` (each defaults to the actor's own).
#[derive(Debug, Clone, Default)]
pub struct RegisterOutage {
    pub building_ids: Vec<i64>,
    pub street: Option<String>,
    pub supplier_id: Option<i64>,
    pub district_id: Option<i64>,
    /// RFC 3339, or a city wall-clock `YYYY-MM-DDTHH:MM`.
    pub starts_at: Option<String>,
    pub expected_end_at: Option<String>,
    pub reason: String,
    /// The lowest indoor temperature measured, °C.
    pub indoor_temperature: Option<f64>,
}

/// Restoring supply.
#[derive(Debug, Clone, Default)]
pub struct CloseOutage {
    /// When supply came back; now when absent.
    pub ended_at: Option<String>,
    pub indoor_temperature: Option<f64>,
    /// What the residents of the linked tickets are told.
    pub comment: Option<String>,
}

/// An outage with its clock, breaches and linked tickets.
#[derive(Debug, Clone)]
pub struct OutageView {
    pub outage: Outage,
    pub clock: OutageClock,
    pub breaches: Vec<Breach>,
    pub building_ids: Vec<BuildingId>,
    pub tickets_linked: i64,
    pub tickets_open: i64,
    /// The actor may close it now.
    pub can_close: bool,
}

/// An outage with its buildings.
#[derive(Debug, Clone)]
pub struct OutageDetails {
    pub view: OutageView,
    pub buildings: Vec<Building>,
}

#[derive(Debug, Clone)]
pub struct OutageList {
    pub outages: Vec<OutageView>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
}

/// A list's filters as typed in a URL.
#[derive(Debug, Clone, Default)]
pub struct OutageListParams {
    pub status: Option<String>,
    pub district_id: Option<String>,
    pub building_id: Option<String>,
    pub page: Option<String>,
    pub page_size: Option<String>,
}

/// Registers an outage and links the open calls its buildings already made.
#[tracing::instrument(skip_all)]
pub async fn register_outage(
    ctx: &Ctx,
    actor: &Actor,
    input: RegisterOutage,
) -> Result<OutageDetails, AppError> {
    actor.require(WRITERS)?;
    let now = ctx.now();
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("registering outage"))?;
    let id = register_in_tx(ctx, &mut tx, actor, input, now).await?;
    tx.commit().await.map_err(internal("registering outage"))?;
    get_outage(ctx, actor, id).await
}

/// The registration inside the caller's transaction (the demo writes past outages).
pub(crate) async fn register_in_tx(
    ctx: &Ctx,
    tx: &mut WriteTx,
    actor: &Actor,
    input: RegisterOutage,
    now: Timestamp,
) -> Result<OutageId, AppError> {
    require_writer(tx, actor).await?;
    let mut errors = FieldErrors::default();
    let reason = input.reason.trim().to_string();
    if reason.is_empty() {
        errors.add("reason", Problem::Required);
    } else if reason.chars().count() > 1000 {
        errors.add("reason", Problem::TooLong { max: 1000 });
    }
    let starts_at = required_time(&mut errors, "starts_at", input.starts_at.as_deref());
    let expected_end_at = required_time(
        &mut errors,
        "expected_end_at",
        input.expected_end_at.as_deref(),
    );
    if let Some(start) = starts_at {
        let year_ago = now - SignedDuration::from_hours(24 * 366);
        let month_ahead = now + SignedDuration::from_hours(24 * 31);
        if start < year_ago || start > month_ahead {
            errors.add("starts_at", Problem::Malformed);
        }
    }
    if let (Some(start), Some(end)) = (starts_at, expected_end_at)
        && end <= start
    {
        errors.add("expected_end_at", Problem::Malformed);
    }
    let indoor = temperature(&mut errors, input.indoor_temperature);
    let buildings = pick_buildings(tx, actor, &input, &mut errors).await?;
    errors.into_result()?;
    let (starts_at, expected_end_at) = (
        starts_at.expect("validated above"),
        expected_end_at.expect("validated above"),
    );
    let (district_id, organization_id) = domain::outage::owners(&buildings);
    let ids: Vec<BuildingId> = buildings.iter().map(|b| b.id).collect();
    let new = NewOutage {
        district_id,
        organization_id,
        reason: &reason,
        starts_at,
        expected_end_at,
        indoor_temperature: indoor,
        created_by: actor.user.id,
        created_at: now,
    };
    let id = store::outage::insert(tx, &new, &ids)
        .await
        .map_err(internal("registering outage"))?;
    if starts_at <= now {
        link_earlier_calls(ctx, tx, id, starts_at, &reason, now).await?;
    }
    Ok(id)
}

/// Links open supply tickets of the outage's buildings registered since it began.
async fn link_earlier_calls(
    _ctx: &Ctx,
    tx: &mut WriteTx,
    id: OutageId,
    since: Timestamp,
    reason: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    let tickets = store::outage::unlinked_open_ticket_ids(tx, id, since, now, &LINKED_CATEGORIES)
        .await
        .map_err(internal("linking tickets to outage"))?;
    for ticket_id in tickets {
        let mut ticket = store::ticket::get(tx, ticket_id, Scope::City)
            .await
            .map_err(internal("linking tickets to outage"))?;
        link(tx, &mut ticket, id, reason, now).await?;
    }
    Ok(())
}

async fn link(
    tx: &mut WriteTx,
    ticket: &mut Ticket,
    id: OutageId,
    reason: &str,
    at: Timestamp,
) -> Result<(), AppError> {
    store::outage::link_ticket(tx, ticket.id, id)
        .await
        .map_err(internal("linking ticket to outage"))?;
    ticket.outage_id = Some(id);
    let mut event = actor_event(None, EventKind::OutageLinked, at);
    event.after = Some(id.0.to_string());
    event.comment = Some(reason.to_string());
    record_event(tx, ticket, &event).await
}

/// The registration hook: a new supply ticket from a building under an open
/// outage links to it (the latest one when several cover the building).
pub(crate) async fn link_new_ticket(
    _ctx: &Ctx,
    tx: &mut WriteTx,
    ticket: &mut Ticket,
) -> Result<(), AppError> {
    let Some(building) = ticket.building_id else {
        return Ok(());
    };
    if !domain::outage::answers_category(ticket.category) {
        return Ok(());
    }
    let open = store::outage::open_for_building(tx, building, ticket.created_at)
        .await
        .map_err(internal("finding outages"))?;
    if let Some(outage) = open.into_iter().find(|o| o.links_at(ticket.created_at)) {
        let at = ticket.created_at;
        link(tx, ticket, outage.id, &outage.reason, at).await?;
    }
    Ok(())
}

/// Whether the actor may register outages (a district HQ, a heat supplier, the admin).
pub async fn may_register(ctx: &Ctx, actor: &Actor) -> Result<bool, AppError> {
    if !WRITERS.contains(&actor.role()) {
        return Ok(false);
    }
    match actor.user.scope {
        Scope::Organization(org) => {
            let mut conn = ctx
                .db
                .read()
                .await
                .map_err(internal("reading organization"))?;
            let organization = store::organization::get(&mut conn, org)
                .await
                .map_err(internal("reading organization"))?;
            Ok(organization.kind == OrganizationKind::HeatSupplier)
        }
        Scope::City | Scope::District(_) => Ok(true),
    }
}

/// Only heat suppliers among organizations register outages.
async fn require_writer(tx: &mut WriteTx, actor: &Actor) -> Result<(), AppError> {
    actor.require(WRITERS)?;
    if let Scope::Organization(org) = actor.user.scope {
        let organization = store::organization::get(tx, org)
            .await
            .map_err(internal("reading organization"))?;
        if organization.kind != OrganizationKind::HeatSupplier {
            return Err(AppError::Forbidden);
        }
    }
    Ok(())
}

/// The buildings the input picks, every one within the actor's scope.
async fn pick_buildings(
    tx: &mut WriteTx,
    actor: &Actor,
    input: &RegisterOutage,
    errors: &mut FieldErrors,
) -> Result<Vec<Building>, AppError> {
    let scope = actor.user.scope;
    let street = crate::app::ticket::clean(&input.street);
    let (own_district, own_supplier) = match scope {
        Scope::District(d) => (Some(d), None),
        Scope::Organization(o) => (None, Some(o)),
        Scope::City => (None, None),
    };
    let district = own_district.or(input.district_id.map(DistrictId));
    let supplier = own_supplier.or(input.supplier_id.map(OrganizationId));
    let (field, ids) = if !input.building_ids.is_empty() {
        let mut ids: Vec<BuildingId> = input.building_ids.iter().map(|b| BuildingId(*b)).collect();
        ids.sort();
        ids.dedup();
        ("building_ids", ids)
    } else if let Some(street) = street {
        if street.chars().filter(|c| c.is_alphabetic()).count() < 3 {
            errors.add("street", Problem::TooShort { min: 3 });
            return Ok(Vec::new());
        }
        let selection = BuildingSelection::Street {
            street,
            district_id: district,
            heat_supplier_id: supplier,
        };
        ("street", select(tx, &selection).await?)
    } else if input.supplier_id.is_some() || input.district_id.is_some() {
        match (supplier, district) {
            (Some(heat_supplier_id), Some(district_id)) => {
                let selection = BuildingSelection::Supplier {
                    heat_supplier_id,
                    district_id,
                };
                ("supplier_id", select(tx, &selection).await?)
            }
            (None, _) => {
                errors.add("supplier_id", Problem::Required);
                return Ok(Vec::new());
            }
            (_, None) => {
                errors.add("district_id", Problem::Required);
                return Ok(Vec::new());
            }
        }
    } else {
        errors.add("building_ids", Problem::Required);
        return Ok(Vec::new());
    };
    if ids.is_empty() {
        errors.add(field, Problem::NotFound);
        return Ok(Vec::new());
    }
    if ids.len() > MAX_BUILDINGS {
        errors.add(field, Problem::TooLong { max: MAX_BUILDINGS });
        return Ok(Vec::new());
    }
    let mut buildings = Vec::with_capacity(ids.len());
    for id in ids {
        match store::building::get(tx, id).await {
            // Outside the scope a building is as absent as a missing one.
            Ok(b) if domain::outage::may_include(scope, &b) => buildings.push(b),
            Ok(_) | Err(store::error::StoreError::NotFound) => {
                errors.add(field, Problem::NotFound);
                return Ok(Vec::new());
            }
            Err(e) => return Err(internal("reading building")(e)),
        }
    }
    Ok(buildings)
}

async fn select(
    tx: &mut WriteTx,
    selection: &BuildingSelection,
) -> Result<Vec<BuildingId>, AppError> {
    store::outage::select_buildings(tx, selection, MAX_BUILDINGS as i64 + 1)
        .await
        .map_err(internal("selecting buildings"))
}

/// Parses RFC 3339 (`2026-11-24T08:00:00+05:00`) or a city wall-clock time
/// (`2026-11-24T08:00`, as a `datetime-local` input sends it).
pub(crate) fn parse_time(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if let Ok(at) = text.parse::<Timestamp>() {
        return Some(at);
    }
    text.parse::<jiff::civil::DateTime>()
        .ok()
        .map(domain::calendar::city_instant)
}

fn required_time(
    errors: &mut FieldErrors,
    field: &'static str,
    text: Option<&str>,
) -> Option<Timestamp> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => {
            errors.add(field, Problem::Required);
            None
        }
        Some(t) => parse_time(t).or_else(|| {
            errors.add(field, Problem::Malformed);
            None
        }),
    }
}

fn temperature(errors: &mut FieldErrors, value: Option<f64>) -> Option<f64> {
    let t = value?;
    if t.is_finite() && (-30.0..=40.0).contains(&t) {
        Some(t)
    } else {
        errors.add("indoor_temperature", Problem::Malformed);
        None
    }
}

/// One outage in the actor's scope with its clock, breaches and buildings.
#[tracing::instrument(skip_all, fields(outage_id = id.0))]
pub async fn get_outage(ctx: &Ctx, actor: &Actor, id: OutageId) -> Result<OutageDetails, AppError> {
    actor.require(READERS)?;
    let mut conn = ctx.db.read().await.map_err(internal("reading outage"))?;
    let outage = store::outage::get(&mut conn, id, actor.user.scope)
        .await
        .map_err(internal("reading outage"))?;
    let buildings = store::outage::buildings(&mut conn, id)
        .await
        .map_err(internal("reading outage buildings"))?;
    let ids = buildings.iter().map(|b| b.id).collect();
    let view = view(ctx, &mut conn, actor, outage, ids).await?;
    Ok(OutageDetails { view, buildings })
}

/// Outages in the actor's scope, open first.
#[tracing::instrument(skip_all)]
pub async fn list_outages(
    ctx: &Ctx,
    actor: &Actor,
    params: OutageListParams,
) -> Result<OutageList, AppError> {
    actor.require(READERS)?;
    let mut errors = FieldErrors::default();
    let filter = OutageFilter {
        status: match present(&params.status) {
            None | Some("all") => None,
            Some(code) => OutageStatus::from_code(code).or_else(|| {
                errors.add("status", Problem::UnknownCode);
                None
            }),
        },
        district_id: positive(&mut errors, "district_id", &params.district_id).map(DistrictId),
        building_id: positive(&mut errors, "building_id", &params.building_id).map(BuildingId),
    };
    let page = positive(&mut errors, "page", &params.page).unwrap_or(1);
    let page_size = positive(&mut errors, "page_size", &params.page_size).unwrap_or(50);
    if page_size > 200 {
        errors.add("page_size", Problem::Malformed);
    }
    errors.into_result()?;
    let mut conn = ctx.db.read().await.map_err(internal("listing outages"))?;
    let (outages, total) = store::outage::list(
        &mut conn,
        actor.user.scope,
        &filter,
        page_size,
        (page - 1) * page_size,
    )
    .await
    .map_err(internal("listing outages"))?;
    let mut views = Vec::with_capacity(outages.len());
    for outage in outages {
        let ids = store::outage::building_ids(&mut conn, outage.id)
            .await
            .map_err(internal("listing outages"))?;
        views.push(view(ctx, &mut conn, actor, outage, ids).await?);
    }
    Ok(OutageList {
        outages: views,
        total,
        page,
        page_size,
    })
}

/// Outages of a building in the actor's scope (`status` `None`: all), for the
/// operator's card and the building's page.
pub async fn outages_for_building(
    ctx: &Ctx,
    actor: &Actor,
    building_id: BuildingId,
    status: Option<OutageStatus>,
) -> Result<Vec<OutageView>, AppError> {
    let params = OutageListParams {
        status: Some(
            status
                .map(OutageStatus::as_code)
                .unwrap_or("all")
                .to_string(),
        ),
        building_id: Some(building_id.0.to_string()),
        page_size: Some("200".into()),
        ..OutageListParams::default()
    };
    Ok(list_outages(ctx, actor, params).await?.outages)
}

/// The open outages covering a building: what the operator reads to a caller.
pub async fn open_for_building(
    ctx: &Ctx,
    actor: &Actor,
    building_id: BuildingId,
) -> Result<Vec<OutageView>, AppError> {
    outages_for_building(ctx, actor, building_id, Some(OutageStatus::Open)).await
}

async fn view(
    ctx: &Ctx,
    conn: &mut store::AnyConnection,
    actor: &Actor,
    outage: Outage,
    building_ids: Vec<BuildingId>,
) -> Result<OutageView, AppError> {
    let now = ctx.now();
    let end = outage.interruption().end_or(now);
    let from = domain::calendar::start_of_day(
        domain::calendar::city_date(outage.starts_at).first_of_month(),
    );
    let to = domain::calendar::start_of_day(
        domain::calendar::city_date(end)
            .last_of_month()
            .tomorrow()
            .map_err(|e| AppError::Internal(e.into()))?,
    );
    let history = store::outage::history(conn, outage.id, from, to)
        .await
        .map_err(internal("reading interruption history"))?;
    let breaches = domain::outage::breaches(&outage, &building_ids, &history, now)
        .map_err(|e| AppError::Internal(anyhow::Error::new(e).context("clocking outage")))?;
    let (tickets_linked, tickets_open) = store::outage::ticket_counts(conn, outage.id)
        .await
        .map_err(internal("counting outage tickets"))?;
    Ok(OutageView {
        clock: domain::outage::clock(&outage, now),
        can_close: may_close(actor, &outage),
        outage,
        breaches,
        building_ids,
        tickets_linked,
        tickets_open,
    })
}

/// Whether the actor may close the outage: an open one of its own district or
/// supplier (the admin any).
pub fn may_close(actor: &Actor, outage: &Outage) -> bool {
    if !WRITERS.contains(&actor.role()) || outage.status() == OutageStatus::Closed {
        return false;
    }
    match actor.user.scope {
        Scope::City => true,
        Scope::District(d) => outage.district_id == Some(d),
        Scope::Organization(o) => outage.organization_id == Some(o),
    }
}

/// Restores supply: closes the outage and every open ticket linked to it with
/// `outage_restored`, each through `save_change` (so residents are notified).
#[tracing::instrument(skip_all, fields(outage_id = id.0))]
pub async fn close_outage(
    ctx: &Ctx,
    actor: &Actor,
    id: OutageId,
    input: CloseOutage,
) -> Result<OutageDetails, AppError> {
    actor.require(WRITERS)?;
    let now = ctx.now();
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("closing outage"))?;
    close_in_tx(&mut tx, actor, id, input, now).await?;
    tx.commit().await.map_err(internal("closing outage"))?;
    get_outage(ctx, actor, id).await
}

pub(crate) async fn close_in_tx(
    tx: &mut WriteTx,
    actor: &Actor,
    id: OutageId,
    input: CloseOutage,
    now: Timestamp,
) -> Result<(), AppError> {
    let outage = store::outage::get(tx, id, actor.user.scope)
        .await
        .map_err(internal("reading outage"))?;
    if outage.status() == OutageStatus::Closed {
        return Err(AppError::Conflict);
    }
    if !may_close(actor, &outage) {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    let ended_at = match input
        .ended_at
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        None => Some(now),
        Some(text) => parse_time(text)
            .filter(|at| *at >= outage.starts_at && *at <= now)
            .or_else(|| {
                errors.add("ended_at", Problem::Malformed);
                None
            }),
    };
    let indoor = temperature(&mut errors, input.indoor_temperature);
    let comment = crate::app::ticket::clean(&input.comment);
    if comment.as_ref().is_some_and(|c| c.chars().count() > 1000) {
        errors.add("comment", Problem::TooLong { max: 1000 });
    }
    errors.into_result()?;
    let ended_at = ended_at.expect("validated above");
    store::outage::close(tx, id, ended_at, indoor, actor.user.id, comment.as_deref())
        .await
        .map_err(internal("closing outage"))?;
    let text = comment
        .unwrap_or_else(|| format!("Подача восстановлена после отключения ({})", outage.reason));
    let tickets = store::outage::open_ticket_ids(tx, id)
        .await
        .map_err(internal("closing outage tickets"))?;
    for ticket_id in tickets {
        let mut ticket = store::ticket::get(tx, ticket_id, Scope::City)
            .await
            .map_err(internal("closing outage tickets"))?;
        let before = ticket.status();
        let version = ticket.version();
        ticket.close(Resolution::OutageRestored, Some(text.clone()), now)?;
        let mut event = actor_event(Some(actor), EventKind::Closed, now);
        event.before = Some(before.as_code().to_string());
        event.after = Some(ticket.status().as_code().to_string());
        event.comment = Some(text.clone());
        save_change(tx, &ticket, version, &event).await?;
    }
    Ok(())
}

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn positive(errors: &mut FieldErrors, field: &'static str, value: &Option<String>) -> Option<i64> {
    let text = present(value)?;
    match text.parse::<i64>() {
        Ok(n) if n > 0 => Some(n),
        _ => {
            errors.add(field, Problem::Malformed);
            None
        }
    }
}
