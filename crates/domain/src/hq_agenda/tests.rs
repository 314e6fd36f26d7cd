use crate::hq_agenda::*;

fn keys(order: &[AgendaEntry]) -> Vec<String> {
    order.iter().map(|e| e.key()).collect()
}

fn entries(keys: &[&str]) -> Vec<AgendaEntry> {
    keys.iter()
        .map(|k| AgendaEntry::from_key(k).expect("a known key"))
        .collect()
}

#[track_caller]
fn check_arrange(stored: &[&str], expected: &[&str]) {
    assert_eq!(keys(&arrange(&entries(stored))), expected);
}

#[test]
fn a_new_agenda_has_every_section_in_the_default_order() {
    check_arrange(
        &[],
        &[
            "week_figures",
            "repeat_buildings",
            "inspections",
            "overdue_tickets",
            "overdue_remarks",
            "reopened_tickets",
            "carried_over_directives",
        ],
    );
}

#[test]
fn a_stored_order_comes_first_and_missing_sections_follow() {
    check_arrange(
        &["item:7", "overdue_tickets", "week_figures"],
        &[
            "item:7",
            "overdue_tickets",
            "week_figures",
            "repeat_buildings",
            "inspections",
            "overdue_remarks",
            "reopened_tickets",
            "carried_over_directives",
        ],
    );
    check_arrange(
        &["item:3", "item:3", "week_figures", "week_figures"],
        &[
            "item:3",
            "week_figures",
            "repeat_buildings",
            "inspections",
            "overdue_tickets",
            "overdue_remarks",
            "reopened_tickets",
            "carried_over_directives",
        ],
    );
}

#[track_caller]
fn check_move(order: &[&str], key: &str, direction: Direction, expected: Option<&[&str]>) {
    let moved = move_entry(
        &entries(order),
        AgendaEntry::from_key(key).unwrap(),
        direction,
    );
    assert_eq!(
        moved.as_deref().map(keys),
        expected.map(|e| e.iter().map(|s| s.to_string()).collect())
    );
}

#[test]
fn an_entry_swaps_with_its_neighbour() {
    let order = ["week_figures", "item:1", "overdue_tickets"];
    check_move(
        &order,
        "item:1",
        Direction::Up,
        Some(&["item:1", "week_figures", "overdue_tickets"]),
    );
    check_move(
        &order,
        "item:1",
        Direction::Down,
        Some(&["week_figures", "overdue_tickets", "item:1"]),
    );
    check_move(&order, "week_figures", Direction::Up, None);
    check_move(&order, "overdue_tickets", Direction::Down, None);
    check_move(&order, "item:2", Direction::Up, None);
}

#[test]
fn keys_round_trip() {
    for section in AgendaSection::ALL {
        assert_eq!(AgendaSection::from_code(section.as_code()), Some(section));
        let entry = AgendaEntry::Section(section);
        assert_eq!(AgendaEntry::from_key(&entry.key()), Some(entry));
    }
    assert_eq!(
        AgendaEntry::from_key("item:12"),
        Some(AgendaEntry::Item(AgendaItemId(12)))
    );
    assert_eq!(AgendaEntry::from_key("item:x"), None);
    assert_eq!(AgendaEntry::from_key("callbacks"), None);
}

#[track_caller]
fn check_change(reported: i64, previous: i64, delta: i64, percent: Option<i64>) {
    let count = WeekCount { reported, previous };
    assert_eq!((count.delta(), count.percent_change()), (delta, percent));
}

#[test]
fn week_over_week_change_is_against_the_previous_week() {
    check_change(795, 3180, -2385, Some(-75));
    check_change(120, 100, 20, Some(20));
    check_change(5, 0, 5, None);
    check_change(0, 0, 0, None);
    check_change(1, 3, -2, Some(-67));
}
