//! The operator's call card: the caller's history by phone, the warnings to
//! read before saving, and registering the call with what the operator tells
//! the caller (number, responsible organization, deadline).
//!
//! Address candidates come from `app::address`, category suggestions from
//! `app::category_suggestion`; this module adds only what the card combines.
//! It deliberately keeps no state between the card's requests: every fragment
//! is computed from the database alone.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use domain::building::BuildingId;
use domain::category::Category;
use domain::district::District;
use domain::organization::Organization;
use domain::phone::Phone;
use domain::user::Role;
use store::ticket::TicketFilter;

use crate::app::outage::{self, OutageView};
use crate::app::ticket::{self, RegisterTicket, TicketQuery, TicketView};
use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, internal};

/// Who works at the call card: the call centre, and HQ staff taking visitors.
pub const DESK_ROLES: &[Role] = &[Role::Operator, Role::DistrictHq, Role::CityHq, Role::Admin];

/// Earlier tickets shown for a caller.
pub const HISTORY_LIMIT: i64 = 20;
/// Open tickets listed in a warning.
const WARNING_LIMIT: i64 = 10;

/// What the card says before saving.
#[derive(Debug, Clone, Default)]
pub struct DeskWarnings {
    /// Open tickets of the same building and category: the caller's problem
    /// may already be known and being worked on.
    pub open_tickets: Vec<TicketView>,
    /// Open outages of the building: the known answer to read to the caller.
    pub outages: Vec<OutageView>,
}

/// A registered call and what the operator reads to the caller.
#[derive(Debug, Clone)]
pub struct CallRegistered {
    pub view: TicketView,
    pub organization: Option<Organization>,
    pub district: Option<District>,
}

/// One of the caller's earlier tickets and the address to pre-fill from it.
#[derive(Debug, Clone)]
pub struct EarlierTicket {
    pub view: TicketView,
    /// The address as the caller gave it, or else the building's registry address.
    pub address: Option<String>,
}

/// The caller's earlier tickets, newest first; the same list as
/// `GET /api/v1/tickets?phone=`. Only roles that see personal data may look
/// a caller up by phone.
#[tracing::instrument(skip_all)]
pub async fn caller_history(
    ctx: &Ctx,
    actor: &Actor,
    phone: &str,
) -> Result<Vec<EarlierTicket>, AppError> {
    actor.require(DESK_ROLES)?;
    if !actor.role().sees_personal_data() {
        return Err(AppError::Forbidden);
    }
    let phone = Phone::parse(phone)
        .map_err(|e| AppError::Invalid(FieldErrors::one("phone", Problem::Phone(e))))?;
    let query = TicketQuery {
        filter: TicketFilter {
            phone: Some(phone),
            ..TicketFilter::default()
        },
        q: None,
        page: 1,
        page_size: HISTORY_LIMIT,
    };
    let tickets = ticket::list_tickets(ctx, actor, query).await?.tickets;
    let mut conn = ctx.db.read().await.map_err(internal("reading history"))?;
    let mut addresses: HashMap<BuildingId, String> = HashMap::new();
    let mut out = Vec::with_capacity(tickets.len());
    for view in tickets {
        let address = match (&view.ticket.address, view.ticket.building_id) {
            (Some(address), _) => Some(address.clone()),
            (None, Some(id)) => match addresses.entry(id) {
                Entry::Occupied(known) => Some(known.get().clone()),
                Entry::Vacant(slot) => {
                    let building = store::building::get(&mut conn, id)
                        .await
                        .map_err(internal("reading building"))?;
                    Some(slot.insert(building.address).clone())
                }
            },
            (None, None) => None,
        };
        out.push(EarlierTicket { view, address });
    }
    Ok(out)
}

/// The warnings for a call about `category` in `building_id`, within the
/// actor's scope.
#[tracing::instrument(skip_all)]
pub async fn warnings(
    ctx: &Ctx,
    actor: &Actor,
    building_id: BuildingId,
    category: Option<Category>,
) -> Result<DeskWarnings, AppError> {
    actor.require(DESK_ROLES)?;
    let outages = outage::open_for_building(ctx, actor, building_id).await?;
    let Some(category) = category else {
        return Ok(DeskWarnings {
            open_tickets: Vec::new(),
            outages,
        });
    };
    let query = TicketQuery {
        filter: TicketFilter {
            building_id: Some(building_id),
            category: Some(category),
            open: true,
            ..TicketFilter::default()
        },
        q: None,
        page: 1,
        page_size: WARNING_LIMIT,
    };
    let open_tickets = ticket::list_tickets(ctx, actor, query).await?.tickets;
    Ok(DeskWarnings {
        open_tickets,
        outages,
    })
}

/// Registers the call (as `POST /api/v1/tickets` does) and looks up the names
/// the operator reads to the caller.
#[tracing::instrument(skip_all)]
pub async fn register_call(
    ctx: &Ctx,
    actor: &Actor,
    input: RegisterTicket,
) -> Result<CallRegistered, AppError> {
    let view = ticket::register_ticket(ctx, actor, input).await?;
    let mut conn = ctx.db.read().await.map_err(internal("reading routing"))?;
    let organization = match view.ticket.organization_id() {
        Some(id) => Some(
            store::organization::get(&mut conn, id)
                .await
                .map_err(internal("reading organization"))?,
        ),
        None => None,
    };
    let district = match view.ticket.district_id() {
        Some(id) => Some(
            store::district::get(&mut conn, id)
                .await
                .map_err(internal("reading district"))?,
        ),
        None => None,
    };
    Ok(CallRegistered {
        view,
        organization,
        district,
    })
}
