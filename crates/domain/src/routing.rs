//! Routing (маршрутизация): which organization answers a ticket and by when,
//! decided from the ticket's category and its building.
//!
//! Each category has exactly one [`RoutingRule`]: who is responsible (the
//! building's management company, its heat supplier, or the district HQ) and
//! the deadlines. Routing is a pure function of the rules, the building's
//! organizations, the registration instant and the production calendar; the
//! rules themselves are stored and edited by the admin elsewhere. Re-routing by
//! hand and escalation are not decided here (see `escalation`).

use std::collections::BTreeMap;

use jiff::Timestamp;

use crate::building::Building;
use crate::category::Category;
use crate::deadline::{DeadlineRule, due_at};
use crate::district::DistrictId;
use crate::organization::OrganizationId;
use crate::production_calendar::ProductionCalendar;
use crate::ticket::Assignment;

/// Who is responsible for a category's tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RouteTarget {
    /// The building's УК: in-house heating, leaks, air locks.
    ManagementCompany,
    /// The building's РСО: heat up to the inlet and the bills for it.
    HeatSupplier,
    /// The building's district HQ, for what no organization owns.
    DistrictHq,
}

impl RouteTarget {
    pub const ALL: [RouteTarget; 3] = [
        RouteTarget::ManagementCompany,
        RouteTarget::HeatSupplier,
        RouteTarget::DistrictHq,
    ];

    pub fn as_code(self) -> &'static str {
        match self {
            RouteTarget::ManagementCompany => "management_company",
            RouteTarget::HeatSupplier => "heat_supplier",
            RouteTarget::DistrictHq => "district_hq",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "management_company" => Some(RouteTarget::ManagementCompany),
            "heat_supplier" => Some(RouteTarget::HeatSupplier),
            "district_hq" => Some(RouteTarget::DistrictHq),
            _ => None,
        }
    }
}

/// How one category is routed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoutingRule {
    pub category: Category,
    pub target: RouteTarget,
    /// Time to resolve (or, for billing, to answer).
    pub deadline: DeadlineRule,
    /// Time to a first action, where the law sets one: localising a leak,
    /// checking the temperature.
    pub first_response: Option<DeadlineRule>,
}

/// A set of rules that does not cover every category exactly once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RoutingRulesError {
    #[error("no routing rule for category {}", .category.as_code())]
    MissingCategory { category: Category },
    #[error("two routing rules for category {}", .category.as_code())]
    DuplicateCategory { category: Category },
}

/// One routing rule per category, no more, no less.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingRules {
    rules: BTreeMap<Category, RoutingRule>,
}

/// What routing needs to know about a registry building.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildingRouting {
    pub district_id: DistrictId,
    pub management_company_id: OrganizationId,
    pub heat_supplier_id: OrganizationId,
}

impl From<&Building> for BuildingRouting {
    fn from(building: &Building) -> Self {
        BuildingRouting {
            district_id: building.district_id,
            management_company_id: building.management_company_id,
            heat_supplier_id: building.heat_supplier_id,
        }
    }
}

/// The outcome of routing a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// Who the rule names; for an unknown building nobody concrete yet.
    pub target: RouteTarget,
    /// `None` only for an unknown building.
    pub district_id: Option<DistrictId>,
    /// `None` for an unknown building and for tickets the district HQ handles.
    pub organization_id: Option<OrganizationId>,
    pub due_at: Timestamp,
    pub first_response_due_at: Option<Timestamp>,
}

/// The ticket keeps who and the resolution deadline; the first-response
/// deadline has no place in [`Assignment`] and is dropped.
impl From<Route> for Assignment {
    fn from(route: Route) -> Self {
        Assignment {
            district_id: route.district_id,
            organization_id: route.organization_id,
            due_at: Some(route.due_at),
        }
    }
}

impl RoutingRules {
    /// Rules from a list that names every category exactly once.
    pub fn new(rules: impl IntoIterator<Item = RoutingRule>) -> Result<Self, RoutingRulesError> {
        let mut by_category = BTreeMap::new();
        for rule in rules {
            let category = rule.category;
            if by_category.insert(category, rule).is_some() {
                return Err(RoutingRulesError::DuplicateCategory { category });
            }
        }
        if let Some(&category) = Category::ALL
            .iter()
            .find(|category| !by_category.contains_key(category))
        {
            return Err(RoutingRulesError::MissingCategory { category });
        }
        Ok(RoutingRules { rules: by_category })
    }

    /// The defaults of PRODUCT.md section 4 ("Routing and deadlines"):
    ///
    /// - `leak` → УК, localise in 30 min (ПП 416 п. 13), repair in 3 days,
    ///   taken as 72 clock hours because emergency repairs do not stop for
    ///   weekends;
    /// - `no_heat` → УК, check within 2 h (ПП 354 п. 108), resolve in 24 h;
    /// - `air_lock`, `overheating` → УК, 24 h;
    /// - `hot_water` → УК like `no_heat`: ПП 354 п. 108 sets the same 2 h
    ///   check for any complaint about a utility's quality, and the УК is the
    ///   resident's service provider in a managed building;
    /// - `billing` → РСО, answer in 3 working days (ПП 354 п. 31);
    /// - `other` → district HQ, 3 working days.
    pub fn defaults() -> Self {
        use Category::*;
        use DeadlineRule::{Hours, Minutes, WorkingDays};
        use RouteTarget::*;
        let rule = |category, target, deadline, first_response| RoutingRule {
            category,
            target,
            deadline,
            first_response,
        };
        RoutingRules::new([
            rule(NoHeat, ManagementCompany, Hours(24), Some(Hours(2))),
            rule(AirLock, ManagementCompany, Hours(24), None),
            rule(Overheating, ManagementCompany, Hours(24), None),
            rule(Billing, HeatSupplier, WorkingDays(3), None),
            rule(Leak, ManagementCompany, Hours(72), Some(Minutes(30))),
            rule(HotWater, ManagementCompany, Hours(24), Some(Hours(2))),
            rule(Other, DistrictHq, WorkingDays(3), None),
        ])
        .expect("the defaults name every category once")
    }

    /// The rule for `category`.
    pub fn rule(&self, category: Category) -> &RoutingRule {
        self.rules
            .get(&category)
            .expect("RoutingRules::new checked that every category has a rule")
    }

    /// Every rule, in the order of [`Category::ALL`].
    pub fn rules(&self) -> impl Iterator<Item = &RoutingRule> + '_ {
        self.rules.values()
    }

    /// The rules with `rule` replacing its category's rule: the admin's edit.
    pub fn with_rule(mut self, rule: RoutingRule) -> RoutingRules {
        self.rules.insert(rule.category, rule);
        self
    }

    /// Routes a ticket of `category` registered `at`. An unknown building
    /// (`None`) routes to no district and no organization, so the ticket waits
    /// for its district to be found, yet it still gets its deadlines.
    pub fn route(
        &self,
        category: Category,
        building: Option<&BuildingRouting>,
        at: Timestamp,
        calendar: &ProductionCalendar,
    ) -> Route {
        let rule = self.rule(category);
        let organization_id = building.and_then(|b| match rule.target {
            RouteTarget::ManagementCompany => Some(b.management_company_id),
            RouteTarget::HeatSupplier => Some(b.heat_supplier_id),
            RouteTarget::DistrictHq => None,
        });
        Route {
            target: rule.target,
            district_id: building.map(|b| b.district_id),
            organization_id,
            due_at: due_at(at, rule.deadline, calendar),
            first_response_due_at: rule.first_response.map(|r| due_at(at, r, calendar)),
        }
    }
}

#[cfg(test)]
mod tests;
