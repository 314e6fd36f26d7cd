use super::*;
use crate::calendar::rfc3339;

const BUILDING: BuildingRouting = BuildingRouting {
    district_id: DistrictId(4),
    management_company_id: OrganizationId(10),
    heat_supplier_id: OrganizationId(20),
};

/// Friday 2026-11-20, 10:00 in Ufa.
fn friday_morning() -> Timestamp {
    "2026-11-20T10:00:00+05:00".parse().unwrap()
}

/// Routes with the default rules at [`friday_morning`] and compares the
/// district, the organization and both deadlines in city time.
#[track_caller]
fn check(
    category: Category,
    building: Option<&BuildingRouting>,
    expected: (Option<i64>, Option<i64>, &str, Option<&str>),
) {
    let calendar = ProductionCalendar::russia_default();
    let route = RoutingRules::defaults().route(category, building, friday_morning(), &calendar);
    let actual = (
        route.district_id.map(|d| d.0),
        route.organization_id.map(|o| o.0),
        rfc3339(route.due_at),
        route.first_response_due_at.map(rfc3339),
    );
    let expected = (
        expected.0,
        expected.1,
        expected.2.to_string(),
        expected.3.map(str::to_string),
    );
    assert_eq!(actual, expected, "{category:?}");
}

#[test]
fn each_category_routes_to_its_organization_with_its_deadlines() {
    use Category::*;
    let b = Some(&BUILDING);
    check(
        NoHeat,
        b,
        (
            Some(4),
            Some(10),
            "2026-11-21T10:00:00+05:00",
            Some("2026-11-20T12:00:00+05:00"),
        ),
    );
    check(
        AirLock,
        b,
        (Some(4), Some(10), "2026-11-21T10:00:00+05:00", None),
    );
    check(
        Overheating,
        b,
        (Some(4), Some(10), "2026-11-21T10:00:00+05:00", None),
    );
    check(
        Billing,
        b,
        (Some(4), Some(20), "2026-11-25T23:59:59+05:00", None),
    );
    check(
        Leak,
        b,
        (
            Some(4),
            Some(10),
            "2026-11-23T10:00:00+05:00",
            Some("2026-11-20T10:30:00+05:00"),
        ),
    );
    check(
        HotWater,
        b,
        (
            Some(4),
            Some(10),
            "2026-11-21T10:00:00+05:00",
            Some("2026-11-20T12:00:00+05:00"),
        ),
    );
    check(Other, b, (Some(4), None, "2026-11-25T23:59:59+05:00", None));
}

#[test]
fn an_unknown_building_routes_to_nobody_but_keeps_its_deadlines() {
    use Category::*;
    check(
        NoHeat,
        None,
        (
            None,
            None,
            "2026-11-21T10:00:00+05:00",
            Some("2026-11-20T12:00:00+05:00"),
        ),
    );
    check(
        AirLock,
        None,
        (None, None, "2026-11-21T10:00:00+05:00", None),
    );
    check(
        Overheating,
        None,
        (None, None, "2026-11-21T10:00:00+05:00", None),
    );
    check(
        Billing,
        None,
        (None, None, "2026-11-25T23:59:59+05:00", None),
    );
    check(
        Leak,
        None,
        (
            None,
            None,
            "2026-11-23T10:00:00+05:00",
            Some("2026-11-20T10:30:00+05:00"),
        ),
    );
    check(
        HotWater,
        None,
        (
            None,
            None,
            "2026-11-21T10:00:00+05:00",
            Some("2026-11-20T12:00:00+05:00"),
        ),
    );
    check(Other, None, (None, None, "2026-11-25T23:59:59+05:00", None));
}

#[test]
fn the_route_names_its_target_even_without_a_building() {
    let calendar = ProductionCalendar::russia_default();
    let rules = RoutingRules::defaults();
    for category in Category::ALL {
        for building in [Some(&BUILDING), None] {
            let route = rules.route(category, building, friday_morning(), &calendar);
            assert_eq!(route.target, rules.rule(category).target, "{category:?}");
        }
    }
}

#[test]
fn a_route_becomes_the_tickets_assignment() {
    let calendar = ProductionCalendar::russia_default();
    let rules = RoutingRules::defaults();
    let route = rules.route(
        Category::Billing,
        Some(&BUILDING),
        friday_morning(),
        &calendar,
    );
    let assignment = Assignment::from(route);
    assert_eq!(
        assignment,
        Assignment {
            district_id: Some(DistrictId(4)),
            organization_id: Some(OrganizationId(20)),
            due_at: Some(route.due_at),
        }
    );
    let unknown = Assignment::from(rules.route(Category::Other, None, friday_morning(), &calendar));
    assert_eq!(
        crate::ticket::NewTicket::initial_status(&unknown),
        crate::ticket::TicketStatus::Registered
    );
}

#[test]
fn an_admin_edit_replaces_one_categorys_rule() {
    let edited = RoutingRule {
        category: Category::AirLock,
        target: RouteTarget::HeatSupplier,
        deadline: DeadlineRule::WorkingDays(2),
        first_response: Some(DeadlineRule::Hours(2)),
    };
    let rules = RoutingRules::defaults().with_rule(edited);
    assert_eq!(rules.rule(Category::AirLock), &edited);
    assert_eq!(
        rules.rule(Category::Leak),
        RoutingRules::defaults().rule(Category::Leak)
    );
    let calendar = ProductionCalendar::russia_default();
    let route = rules.route(
        Category::AirLock,
        Some(&BUILDING),
        friday_morning(),
        &calendar,
    );
    assert_eq!(route.organization_id, Some(OrganizationId(20)));
    assert_eq!(rfc3339(route.due_at), "2026-11-24T23:59:59+05:00");
}

#[test]
fn rules_list_in_category_order() {
    let categories: Vec<Category> = RoutingRules::defaults()
        .rules()
        .map(|r| r.category)
        .collect();
    assert_eq!(categories, Category::ALL);
}

#[track_caller]
fn check_new(categories: &[Category], expected: Result<(), RoutingRulesError>) {
    let rules = categories.iter().map(|&category| RoutingRule {
        category,
        target: RouteTarget::DistrictHq,
        deadline: DeadlineRule::WorkingDays(3),
        first_response: None,
    });
    assert_eq!(RoutingRules::new(rules).map(|_| ()), expected);
}

#[test]
fn rules_must_cover_every_category_exactly_once() {
    use Category::*;
    use RoutingRulesError::*;
    check_new(&Category::ALL, Ok(()));
    check_new(
        &[Other, Leak, HotWater, Billing, Overheating, AirLock, NoHeat],
        Ok(()),
    );
    check_new(&[], Err(MissingCategory { category: NoHeat }));
    check_new(
        &Category::ALL[..6],
        Err(MissingCategory { category: Other }),
    );
    check_new(
        &[NoHeat, AirLock, NoHeat],
        Err(DuplicateCategory { category: NoHeat }),
    );
    assert_eq!(
        MissingCategory { category: HotWater }.to_string(),
        "no routing rule for category hot_water"
    );
}

#[test]
fn a_registry_building_gives_its_routing() {
    let building = Building {
        id: crate::building::BuildingId(1),
        address: "ул. Ленина, 5".into(),
        district_id: DistrictId(4),
        management_company_id: OrganizationId(10),
        heat_supplier_id: OrganizationId(20),
        latitude: None,
        longitude: None,
        apartments: None,
        year_built: None,
    };
    assert_eq!(BuildingRouting::from(&building), BUILDING);
}

#[test]
fn route_targets_round_trip_through_their_codes() {
    for target in RouteTarget::ALL {
        assert_eq!(RouteTarget::from_code(target.as_code()), Some(target));
    }
    assert_eq!(RouteTarget::from_code("district"), None);
}
