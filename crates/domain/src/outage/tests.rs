use super::*;
use crate::heating_interruption::IndoorBand;

fn at(s: &str) -> Timestamp {
    // City wall-clock time, `2026-11-03 08:00`.
    let local: jiff::civil::DateTime = s.parse().unwrap();
    calendar::city_instant(local)
}

fn outage(start: &str, end: Option<&str>, indoor: Option<f64>) -> Outage {
    Outage {
        id: OutageId(1),
        district_id: None,
        organization_id: None,
        reason: "авария на теплотрассе".into(),
        starts_at: at(start),
        expected_end_at: at(start) + jiff::SignedDuration::from_hours(8),
        ended_at: end.map(at),
        indoor_temperature: indoor,
        created_by: UserId(1),
        created_at: at(start),
        close_comment: None,
    }
}

fn building(id: i64, district: i64, supplier: i64) -> Building {
    Building {
        id: BuildingId(id),
        address: format!("ул. Черниковская, д. {id}"),
        district_id: DistrictId(district),
        management_company_id: OrganizationId(100),
        heat_supplier_id: OrganizationId(supplier),
        latitude: None,
        longitude: None,
        apartments: None,
        year_built: None,
    }
}

#[track_caller]
fn check_band(indoor: Option<f64>, expected: IndoorBand) {
    assert_eq!(outage("2026-11-03 08:00", None, indoor).band(), expected);
}

#[test]
fn the_band_defaults_to_the_mildest_and_follows_the_indoor_temperature() {
    check_band(None, IndoorBand::AtLeast12);
    check_band(Some(12.0), IndoorBand::AtLeast12);
    check_band(Some(11.5), IndoorBand::From10To12);
    check_band(Some(9.0), IndoorBand::From8To10);
    check_band(Some(6.0), IndoorBand::Below8);
}

#[track_caller]
fn check_single(start: &str, end: &str, indoor: Option<f64>, hours_over: f64) {
    let o = outage(start, Some(end), indoor);
    let found = breaches(&o, &[BuildingId(7)], &[], at("2026-12-01 00:00")).unwrap();
    let single: Vec<f64> = found
        .iter()
        .filter(|b| b.kind == BreachKind::Single)
        .map(|b| b.hours_over)
        .collect();
    if hours_over == 0.0 {
        assert!(single.is_empty(), "{found:?}");
    } else {
        assert_eq!(single, vec![hours_over], "{found:?}");
    }
}

#[test]
fn a_single_interruption_breaches_past_its_band_limit() {
    check_single("2026-11-03 08:00", "2026-11-04 00:00", None, 0.0);
    check_single("2026-11-03 08:00", "2026-11-04 04:00", None, 4.0);
    check_single("2026-11-03 08:00", "2026-11-03 18:00", Some(11.0), 2.0);
    check_single("2026-11-03 08:00", "2026-11-03 12:00", Some(9.0), 0.0);
    check_single("2026-11-03 08:00", "2026-11-03 10:30", Some(7.0), 2.5);
}

#[test]
fn an_ongoing_outage_is_clocked_until_now() {
    let o = outage("2026-11-03 08:00", None, None);
    let c = clock(&o, at("2026-11-04 06:00"));
    assert!(c.ongoing);
    assert_eq!(c.hours, 22.0);
    assert_eq!(c.hours_over_limit, 6.0);
    assert_eq!(c.limit_ends_at, at("2026-11-04 00:00"));
}

#[test]
fn a_month_of_interruptions_breaches_past_24_hours_per_building() {
    let earlier = outage("2026-11-02 08:00", Some("2026-11-02 23:00"), None);
    let this = outage("2026-11-10 08:00", Some("2026-11-10 23:00"), None);
    let history = [(BuildingId(7), earlier.interruption())];
    let found = breaches(
        &this,
        &[BuildingId(7), BuildingId(8)],
        &history,
        at("2026-12-01 00:00"),
    )
    .unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    let b = found[0];
    assert_eq!(b.building_id, BuildingId(7));
    assert_eq!(b.kind, BreachKind::Monthly);
    assert_eq!(b.month, Some("2026-11-01".parse().unwrap()));
    assert_eq!(b.hours, 30.0);
    assert_eq!(b.hours_over, 6.0);
}

#[test]
fn overlapping_outages_of_one_building_count_once() {
    let a = Interruption {
        start: at("2026-11-02 08:00"),
        end: Some(at("2026-11-02 20:00")),
        band: IndoorBand::AtLeast12,
    };
    let b = Interruption {
        start: at("2026-11-02 10:00"),
        end: Some(at("2026-11-02 22:00")),
        band: IndoorBand::From10To12,
    };
    let merged = merge(vec![b, a], at("2026-12-01 00:00"));
    assert_eq!(merged.len(), 1);
    assert_eq!(merged[0].start, a.start);
    assert_eq!(merged[0].end, b.end);
    assert_eq!(merged[0].band, IndoorBand::From10To12);
    let ongoing = Interruption { end: None, ..b };
    assert_eq!(merge(vec![a, ongoing], at("2026-12-01 00:00"))[0].end, None);
}

#[test]
fn scope_limits_which_buildings_an_outage_may_hold() {
    let b = building(1, 2, 3);
    assert!(may_include(Scope::City, &b));
    assert!(may_include(Scope::District(DistrictId(2)), &b));
    assert!(!may_include(Scope::District(DistrictId(9)), &b));
    assert!(may_include(Scope::Organization(OrganizationId(3)), &b));
    assert!(!may_include(Scope::Organization(OrganizationId(100)), &b));
}

#[test]
fn owners_are_shared_or_none() {
    let same = [building(1, 2, 3), building(2, 2, 3)];
    assert_eq!(
        owners(&same),
        (Some(DistrictId(2)), Some(OrganizationId(3)))
    );
    let mixed = [building(1, 2, 3), building(2, 5, 3)];
    assert_eq!(owners(&mixed), (None, Some(OrganizationId(3))));
    assert_eq!(owners(&[]), (None, None));
}

#[test]
fn only_supply_categories_link_to_an_outage() {
    assert!(answers_category(Category::NoHeat));
    assert!(answers_category(Category::HotWater));
    assert!(!answers_category(Category::Billing));
    assert!(!answers_category(Category::Leak));
}

#[test]
fn an_open_outage_links_calls_once_started() {
    let o = outage("2026-11-03 08:00", None, None);
    assert!(o.links_at(at("2026-11-03 09:00")));
    assert!(!o.links_at(at("2026-11-03 07:00")));
    let closed = outage("2026-11-03 08:00", Some("2026-11-03 12:00"), None);
    assert!(!closed.links_at(at("2026-11-03 09:00")));
}
