//! Citizen reception: slots and bookings, no double booking even from two
//! sessions at once, outcomes and tickets from a visit, scope and personal data.

use domain::citizen_reception::{self, ReceptionSchedule};
use domain::hq_meeting::HqLevel;
use domain::production_calendar::ProductionCalendar;
use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::{Value, json};

use crate::helpers::{TestApp, csrf_of};
use crate::hq::district_b_with_hq;

/// The next reception day of a level that starts tomorrow or later, so every
/// slot of it is still ahead.
fn next_day(level: HqLevel) -> Date {
    let calendar = ProductionCalendar::russia_default();
    let tomorrow = domain::calendar::city_date(Timestamp::now())
        .tomorrow()
        .unwrap();
    citizen_reception::next_reception_date(&ReceptionSchedule::default_for(level), tomorrow, &|d| {
        calendar.is_working_day(d)
    })
    .expect("a reception within eight weeks")
}

/// The slot at a city time of that day, as the API writes it.
fn slot(day: Date, hhmm: &str) -> String {
    format!("{day}T{hhmm}:00+05:00")
}

fn booking(hq: &str, starts_at: &str) -> Value {
    json!({"hq": hq, "starts_at": starts_at, "resident_name": "Гульнара Ахметова",
           "phone": TestApp::phone(), "topic": "Холодно в квартире третью неделю",
           "address": "ул. Первомайская, д. 12"})
}

#[tokio::test]
async fn two_sessions_booking_one_slot_at_once_get_one_booking() {
    let app = TestApp::spawn().await;
    let day = next_day(HqLevel::City);
    let starts_at = slot(day, "14:20");
    let (first, second) = (app.api_as("operator").await, app.api_as("operator").await);

    let (a, b) = tokio::join!(
        first.post(
            "/api/v1/receptions/appointments",
            booking("city", &starts_at)
        ),
        second.post(
            "/api/v1/receptions/appointments",
            booking("city", &starts_at)
        ),
    );

    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(statuses, [201, 409], "{a:?} {b:?}");
    let (status, again) = first
        .post(
            "/api/v1/receptions/appointments",
            booking("city", &starts_at),
        )
        .await;
    assert_eq!(status, 409, "{again}");
    let (_, listed) = first
        .get(&format!("/api/v1/receptions?hq=city&date={day}"))
        .await;
    assert_eq!(listed["open"], true);
    let slots = listed["slots"].as_array().unwrap();
    assert_eq!(slots.len(), 9, "14:00–17:00 in 20-minute slots");
    let booked: Vec<&Value> = slots
        .iter()
        .filter(|s| !s["appointment"].is_null())
        .collect();
    assert_eq!(booked.len(), 1);
    assert_eq!(booked[0]["starts_at"], starts_at);
    assert_eq!(booked[0]["bookable"], false);
    assert_eq!(slots[0]["bookable"], true);
}

#[tokio::test]
async fn a_booking_must_name_a_future_slot_of_the_reception() {
    let app = TestApp::spawn().await;
    let operator = app.api_as("operator").await;
    let day = next_day(HqLevel::City);

    let (status, body) = operator
        .post(
            "/api/v1/receptions/appointments",
            booking("city", &slot(day, "14:10")),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["starts_at"].is_array(), "{body}");
    let (status, body) = operator
        .post(
            "/api/v1/receptions/appointments",
            booking("city", "2020-01-02T14:00:00+05:00"),
        )
        .await;
    assert_eq!(status, 422, "a Thursday long past: {body}");
    let (status, body) = operator
        .post(
            "/api/v1/receptions/appointments",
            json!({"hq": "city", "starts_at": slot(day, "14:00"), "phone": "12"}),
        )
        .await;
    assert_eq!(status, 422);
    for field in ["resident_name", "topic", "phone"] {
        assert!(body["errors"][field].is_array(), "{field}: {body}");
    }
    let (status, _) = operator
        .post(
            "/api/v1/receptions/appointments",
            booking("", &slot(day, "14:00")),
        )
        .await;
    assert_eq!(status, 422, "an operator names the HQ");
    let (status, _) = app
        .api_as("org_a")
        .await
        .post(
            "/api/v1/receptions/appointments",
            booking("city", &slot(day, "14:00")),
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn the_district_hq_records_the_visit_and_registers_a_ticket_from_it() {
    let app = TestApp::spawn().await;
    district_b_with_hq(&app).await;
    let a = format!("district:{}", app.registry.district_a.0);
    let day = next_day(HqLevel::District);
    let hq = app.api_as("hq_a").await;
    let (status, booked) = hq
        .post(
            "/api/v1/receptions/appointments",
            booking(&a, &slot(day, "15:00")),
        )
        .await;
    assert_eq!(status, 201, "{booked}");
    assert_eq!(
        booked["building_id"], app.registry.building_a,
        "address resolved"
    );
    let id = booked["id"].as_i64().unwrap();

    let (status, _) = app
        .api_as("hq_b")
        .await
        .post(
            &format!("/api/v1/receptions/appointments/{id}/outcome"),
            json!({"outcome": "explained"}),
        )
        .await;
    assert_eq!(status, 404, "another district's visitor does not exist");
    let (status, _) = app
        .api_as("operator")
        .await
        .post(
            &format!("/api/v1/receptions/appointments/{id}/ticket"),
            json!({}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, body) = hq
        .post(
            &format!("/api/v1/receptions/appointments/{id}/outcome"),
            json!({"outcome": "maybe"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");

    let (status, ticket) = hq
        .post(
            &format!("/api/v1/receptions/appointments/{id}/ticket"),
            json!({"category": "no_heat", "apartment": "14"}),
        )
        .await;
    assert_eq!(status, 201, "{ticket}");
    assert_eq!(ticket["channel"], "reception");
    assert_eq!(ticket["status"], "assigned", "routed like every channel");
    assert_eq!(ticket["organization_id"], app.registry.org_a.0);
    assert_eq!(ticket["name"], "Гульнара Ахметова");
    assert_eq!(ticket["description"], "Холодно в квартире третью неделю");
    let (status, _) = hq
        .post(
            &format!("/api/v1/receptions/appointments/{id}/ticket"),
            json!({}),
        )
        .await;
    assert_eq!(status, 409, "one ticket per visit");
    let (status, recorded) = hq
        .post(
            &format!("/api/v1/receptions/appointments/{id}/outcome"),
            json!({"outcome": "referred", "note": "В УК по перерасчёту"}),
        )
        .await;
    assert_eq!(status, 200, "{recorded}");
    let (_, day_list) = hq.get(&format!("/api/v1/receptions?date={day}")).await;
    let visit = day_list["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["appointment"]["id"] == id)
        .unwrap();
    assert_eq!(visit["appointment"]["ticket_id"], ticket["id"]);
    assert_eq!(visit["appointment"]["outcome"], "referred");
    assert_eq!(visit["appointment"]["outcome_note"], "В УК по перерасчёту");
    let (status, _) = app
        .api_as("hq_b")
        .await
        .get(&format!("/api/v1/receptions?hq={a}"))
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_city_hq_sees_contacts_only_of_its_own_reception() {
    let app = TestApp::spawn().await;
    let operator = app.api_as("operator").await;
    let a = format!("district:{}", app.registry.district_a.0);
    let city_day = next_day(HqLevel::City);
    let district_day = next_day(HqLevel::District);
    let mut city_booking = booking("city", &slot(city_day, "16:00"));
    city_booking["phone"] = json!("+79171234567");
    operator
        .post("/api/v1/receptions/appointments", city_booking)
        .await;
    let mut district_booking = booking(&a, &slot(district_day, "16:00"));
    district_booking["phone"] = json!("+79171234567");
    operator
        .post("/api/v1/receptions/appointments", district_booking)
        .await;
    let booked = |list: &Value| -> Value {
        list["slots"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| !s["appointment"].is_null())
            .unwrap()["appointment"]
            .clone()
    };

    let city = app.api_as("hq_city").await;
    let (_, own) = city
        .get(&format!("/api/v1/receptions?hq=city&date={city_day}"))
        .await;
    assert_eq!(booked(&own)["resident_name"], "Гульнара Ахметова");
    assert_eq!(booked(&own)["phone"], "+7 (917) 123-45-67");
    let (status, district) = city
        .get(&format!("/api/v1/receptions?hq={a}&date={district_day}"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(booked(&district)["resident_name"], Value::Null);
    assert_eq!(booked(&district)["phone"], "+7 (917) ***-**-67");
    assert_eq!(
        district["can_book"], false,
        "the city HQ runs only its own reception"
    );
    let admin = app.api_as("admin").await;
    let (_, seen) = admin
        .get(&format!("/api/v1/receptions?hq=city&date={city_day}"))
        .await;
    assert_eq!(booked(&seen)["resident_name"], Value::Null);
    let (_, seen) = operator
        .get(&format!("/api/v1/receptions?hq={a}&date={district_day}"))
        .await;
    assert_eq!(booked(&seen)["phone"], "+7 (917) 123-45-67");
}

#[tokio::test]
async fn an_operator_books_the_city_reception_from_the_page() {
    let app = TestApp::spawn().await;
    let day = next_day(HqLevel::City);
    let (browser, _) = app.browser_as("operator").await;
    let page = browser
        .get(format!("{}/receptions", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Городской штаб"), "{page}");
    let csrf = csrf_of(&page);

    let res = browser
        .post(format!("{}/receptions/appointments", app.base))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("hq", "city"),
            ("starts_at", &format!("{day}T14:40")),
            ("resident_name", "Ильдар Сафин"),
            ("phone", "8 917 765-43-21"),
            ("topic", "Перетоп в квартире"),
            ("address", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let page = browser
        .get(format!("{}{location}", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Ильдар Сафин"), "{page}");
    assert!(page.contains("14:40–15:00"));
}

#[tokio::test]
async fn the_database_refuses_a_second_booking_of_a_slot() {
    // What decides between two sessions that both saw the slot free: the
    // unique index, below every check the use case makes.
    let app = TestApp::spawn().await;
    let starts_at = domain::calendar::city_instant("2026-11-26T14:00".parse().unwrap());
    let slot = domain::citizen_reception::Slot {
        starts_at,
        ends_at: starts_at + jiff::SignedDuration::from_mins(20),
    };
    let phone = domain::phone::Phone::parse(&TestApp::phone()).unwrap();
    let insert = store::reception::AppointmentInsert {
        hq: domain::hq_meeting::Hq::City,
        slot,
        resident_name: "Первый",
        phone: &phone,
        topic: "Вопрос",
        address: None,
        building_id: None,
    };
    let mut tx = app.ctx.db().begin_write().await.unwrap();
    store::reception::insert(&mut tx, &insert, domain::user::UserId(1), Timestamp::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut tx = app.ctx.db().begin_write().await.unwrap();
    let second =
        store::reception::insert(&mut tx, &insert, domain::user::UserId(1), Timestamp::now()).await;
    assert!(
        matches!(second, Err(store::error::StoreError::Conflict { .. })),
        "{second:?}"
    );
}
