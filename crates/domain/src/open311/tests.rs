use super::attribute::*;
use super::*;

fn given(pairs: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    pairs
        .iter()
        .map(|(code, values)| {
            (
                code.to_string(),
                values.iter().map(|v| v.to_string()).collect(),
            )
        })
        .collect()
}

#[track_caller]
fn check_ok(category: Category, pairs: &[(&str, &[&str])], expected: Attributes) {
    assert_eq!(parse_attributes(category, &given(pairs)), Ok(expected));
}

#[track_caller]
fn check_err(category: Category, pairs: &[(&str, &[&str])], expected: &[AttributeError]) {
    assert_eq!(
        parse_attributes(category, &given(pairs)),
        Err(expected.to_vec())
    );
}

#[test]
fn every_category_is_a_service_and_back() {
    for category in Category::ALL {
        assert_eq!(category_of(service_code(category)), Some(category));
    }
    assert_eq!(category_of("pothole"), None);
}

#[test]
fn every_service_asks_for_apartment_and_entrance_first() {
    for category in Category::ALL {
        let specs = attributes(category);
        assert_eq!(specs[0].code, AttributeCode::Apartment);
        assert_eq!(specs[1].code, AttributeCode::Entrance);
        let orders: Vec<u32> = specs.iter().map(|s| s.order).collect();
        assert_eq!(orders, (1..=specs.len() as u32).collect::<Vec<_>>());
    }
}

#[test]
fn only_a_leak_has_a_required_attribute() {
    for category in Category::ALL {
        let required: Vec<AttributeCode> = attributes(category)
            .into_iter()
            .filter(|s| s.required)
            .map(|s| s.code)
            .collect();
        let expected = if category == Category::Leak {
            vec![AttributeCode::LeakPlace]
        } else {
            vec![]
        };
        assert_eq!(required, expected, "{category:?}");
    }
}

#[test]
fn attribute_codes_round_trip() {
    for code in AttributeCode::ALL {
        assert_eq!(AttributeCode::from_code(code.as_code()), Some(code));
        let list = matches!(
            code.datatype(),
            Datatype::SingleValueList | Datatype::MultiValueList
        );
        assert_eq!(list, !code.choices().is_empty(), "{code:?}");
    }
}

#[test]
fn good_answers_are_taken() {
    check_ok(Category::NoHeat, &[], Attributes::default());
    check_ok(
        Category::NoHeat,
        &[
            ("apartment", &["12а"]),
            ("entrance", &["3"]),
            ("indoor_temperature", &["14,5"]),
            ("radiators", &["cold"]),
            ("cold_rooms", &["bedroom", "corner_room", "bedroom"]),
        ],
        Attributes {
            apartment: Some("12а".into()),
            entrance: Some("3".into()),
            indoor_temperature: Some(14.5),
            choices: vec![
                (AttributeCode::Radiators, vec![Choice::RadiatorsCold]),
                (
                    AttributeCode::ColdRooms,
                    vec![Choice::RoomBedroom, Choice::RoomCorner],
                ),
            ],
        },
    );
    check_ok(
        Category::Leak,
        &[("leak_place", &["basement"]), ("apartment", &[" "])],
        Attributes {
            choices: vec![(AttributeCode::LeakPlace, vec![Choice::LeakBasement])],
            ..Attributes::default()
        },
    );
}

#[test]
fn bad_answers_are_named() {
    check_err(
        Category::Leak,
        &[],
        &[AttributeError::Required(AttributeCode::LeakPlace)],
    );
    check_err(
        Category::Billing,
        &[("radiators", &["cold"])],
        &[AttributeError::Unknown("radiators".into())],
    );
    check_err(
        Category::NoHeat,
        &[("colour", &["red"])],
        &[AttributeError::Unknown("colour".into())],
    );
    check_err(
        Category::NoHeat,
        &[("indoor_temperature", &["холодно"])],
        &[AttributeError::NotANumber(AttributeCode::IndoorTemperature)],
    );
    check_err(
        Category::Overheating,
        &[("indoor_temperature", &["95"])],
        &[AttributeError::OutOfRange(AttributeCode::IndoorTemperature)],
    );
    check_err(
        Category::Other,
        &[("entrance", &["0"])],
        &[AttributeError::OutOfRange(AttributeCode::Entrance)],
    );
    check_err(
        Category::NoHeat,
        &[("radiators", &["cold", "hot"])],
        &[AttributeError::Repeated(AttributeCode::Radiators)],
    );
    check_err(
        Category::AirLock,
        &[("cold_rooms", &["garage"])],
        &[AttributeError::NotInList {
            code: AttributeCode::ColdRooms,
            value: "garage".into(),
        }],
    );
}

#[test]
fn only_closed_tickets_are_closed_to_the_public() {
    for status in TicketStatus::ALL {
        let expected = if status == TicketStatus::Closed {
            PublicStatus::Closed
        } else {
            PublicStatus::Open
        };
        assert_eq!(PublicStatus::of(status), expected);
    }
    assert_eq!(PublicStatus::from_code("open"), Some(PublicStatus::Open));
    assert_eq!(PublicStatus::from_code("in_progress"), None);
}

#[track_caller]
fn check_window(
    start: Option<&str>,
    end: Option<&str>,
    expected: Result<(&str, Option<&str>), WindowError>,
) {
    let now: Timestamp = "2026-11-24T12:00:00Z".parse().unwrap();
    let parse = |s: &str| s.parse::<Timestamp>().unwrap();
    let got = requested_window(start.map(parse), end.map(parse), now);
    let expected = expected.map(|(from, to)| (parse(from), to.map(parse)));
    assert_eq!(got, expected);
}

#[test]
fn the_request_window_defaults_to_ninety_days_and_never_spans_more() {
    check_window(None, None, Ok(("2026-08-26T12:00:00Z", None)));
    check_window(
        Some("2026-11-01T00:00:00Z"),
        None,
        Ok(("2026-11-01T00:00:00Z", Some("2027-01-30T00:00:00Z"))),
    );
    check_window(
        None,
        Some("2026-11-01T00:00:00Z"),
        Ok(("2026-08-03T00:00:00Z", Some("2026-11-01T00:00:00Z"))),
    );
    check_window(
        Some("2026-10-01T00:00:00Z"),
        Some("2026-12-30T00:00:00Z"),
        Ok(("2026-10-01T00:00:00Z", Some("2026-12-30T00:00:00Z"))),
    );
    check_window(
        Some("2026-10-01T00:00:00Z"),
        Some("2026-12-30T00:00:01Z"),
        Err(WindowError::TooLong),
    );
    check_window(
        Some("2026-10-02T00:00:00Z"),
        Some("2026-10-01T00:00:00Z"),
        Err(WindowError::EndBeforeStart),
    );
}

#[track_caller]
fn check_redact(text: &str, expected: &str) {
    assert_eq!(redact_phones(text, "***"), expected);
}

#[test]
fn phone_numbers_are_hidden_in_public_text() {
    check_redact("Звоните 8 (917) 123-45-67 вечером", "Звоните *** вечером");
    check_redact("тел.+79171234567.", "тел.***.");
    check_redact("звонить 277-09-11", "звонить ***");
    check_redact("кв. 12, дом 5, 3 подъезд", "кв. 12, дом 5, 3 подъезд");
    check_redact(
        "с 12.11.2026 нет тепла, +14 в комнате",
        "с 12.11.2026 нет тепла, +14 в комнате",
    );
    check_redact("номер 2026-000123", "номер 2026-000123");
    check_redact("номер 2026-0001234567", "номер ***");
    check_redact("", "");
}

#[test]
fn a_reported_point_is_rounded_but_a_building_point_is_exact() {
    let mut request = PublicRequest {
        id: TicketId(1),
        number: TicketNumber::new(2026, 1),
        category: Category::NoHeat,
        channel: Channel::Open311,
        status: TicketStatus::Registered,
        description: String::new(),
        created_at: Timestamp::UNIX_EPOCH,
        updated_at: Timestamp::UNIX_EPOCH,
        due_at: None,
        closed_at: None,
        resolution: None,
        resolution_text: None,
        building_id: None,
        building_address: None,
        building_point: None,
        reported_point: Point::new(54.738_46, 55.972_14),
        district: None,
        organization: None,
        media_url: None,
    };
    assert_eq!(request.public_point(), Point::new(54.738, 55.972));
    request.building_point = Point::new(54.7391, 55.9712);
    assert_eq!(request.public_point(), Point::new(54.7391, 55.9712));
    request.building_point = None;
    request.reported_point = None;
    assert_eq!(request.public_point(), None);
}
