//! Routing a ticket: the building and category decide the organization, the
//! district and the deadline, by the rules in force.

use domain::building::Building;
use domain::category::Category;
use domain::routing::BuildingRouting;
use domain::ticket::Assignment;
use jiff::Timestamp;

use crate::app::Ctx;

/// Where a ticket of `category` from `building` goes and by when it is due.
pub(crate) fn route(
    ctx: &Ctx,
    category: Category,
    building: Option<&Building>,
    now: Timestamp,
) -> Assignment {
    let building = building.map(|b| BuildingRouting {
        district_id: b.district_id,
        management_company_id: b.management_company_id,
        heat_supplier_id: b.heat_supplier_id,
    });
    let rules = ctx.routing_rules();
    let calendar = ctx.calendar();
    let route = rules.route(category, building.as_ref(), now, &calendar);
    Assignment {
        district_id: route.district_id,
        organization_id: route.organization_id,
        due_at: Some(route.due_at),
    }
}
