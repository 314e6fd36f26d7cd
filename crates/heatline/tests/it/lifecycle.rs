//! A ticket's life over HTTP: registration, routing, numbering, the lifecycle
//! and its timeline.

use serde_json::json;

use crate::helpers::TestApp;

#[tokio::test]
async fn registering_a_call_routes_numbers_and_dates_it() {
    let app = TestApp::spawn().await;
    let phone = TestApp::phone();

    let ticket = app
        .register(
            json!({"phone": phone, "building_id": app.registry.building_a, "category": "no_heat",
            "description": "Батареи холодные", "apartment": "12", "name": "Айгуль Сафина"}),
        )
        .await;

    let number = ticket["number"].as_str().unwrap();
    assert_eq!(number.len(), 11, "{number}");
    assert!(number.starts_with("20") && &number[4..5] == "-");
    assert_eq!(ticket["status"], "assigned");
    assert_eq!(ticket["organization_id"], app.registry.org_a.0);
    assert_eq!(ticket["district_id"], app.registry.district_a.0);
    assert!(ticket["due_at"].as_str().unwrap().ends_with("+05:00"));
    assert!(ticket["created_at"].as_str().unwrap().ends_with("+05:00"));
    assert_eq!(
        ticket["phone"],
        format!(
            "+7 ({}) {}-{}-{}",
            &phone[2..5],
            &phone[5..8],
            &phone[8..10],
            &phone[10..12]
        )
    );
    assert_eq!(ticket["overdue"], false);
}

#[tokio::test]
async fn a_ticket_goes_through_its_lifecycle_and_keeps_a_timeline() {
    let app = TestApp::spawn().await;
    let ticket = app
        .register(json!({"phone": TestApp::phone(), "building_id": app.registry.building_a, "category": "air_lock", "description": "Завоздушило стояк"}))
        .await;
    let id = ticket["id"].as_i64().unwrap();
    let org = app.api_as("org_a").await;
    let hq = app.api_as("hq_a").await;

    let (status, started) = org
        .post(&format!("/api/v1/tickets/{id}/start"), json!({}))
        .await;
    assert_eq!(status, 200, "{started}");
    assert_eq!(started["status"], "in_progress");
    let (status, closed) = org
        .post(
            &format!("/api/v1/tickets/{id}/close"),
            json!({"resolution": "fixed", "comment": "Стравили воздух"}),
        )
        .await;
    assert_eq!(status, 200, "{closed}");
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["resolution"], "fixed");
    assert!(closed["closed_at"].as_str().is_some());
    let (status, reopened) = hq
        .post(
            &format!("/api/v1/tickets/{id}/reopen"),
            json!({"comment": "Житель: снова холодно"}),
        )
        .await;
    assert_eq!(status, 200, "{reopened}");
    assert_eq!(reopened["status"], "reopened");
    assert_eq!(reopened["organization_id"], app.registry.org_a.0);
    let (status, _) = org
        .post(
            &format!("/api/v1/tickets/{id}/comments"),
            json!({"text": "Выезжаем повторно"}),
        )
        .await;
    assert_eq!(status, 200);

    let (_, full) = org.get(&format!("/api/v1/tickets/{id}")).await;
    let kinds: Vec<&str> = full["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["registered", "started", "closed", "reopened", "commented"]
    );
    let closed_event = &full["events"][2];
    assert_eq!(closed_event["before"], "in_progress");
    assert_eq!(closed_event["after"], "closed");
    assert_eq!(closed_event["actor"], "org_a");
}

#[tokio::test]
async fn invalid_transitions_are_rejected_and_change_nothing() {
    let app = TestApp::spawn().await;
    let ticket = app
        .register(json!({"phone": TestApp::phone(), "building_id": app.registry.building_a, "category": "leak", "description": "Течёт батарея"}))
        .await;
    let id = ticket["id"].as_i64().unwrap();
    let org = app.api_as("org_a").await;

    let (status, body) = org
        .post(&format!("/api/v1/tickets/{id}/reopen"), json!({}))
        .await;
    assert_eq!(status, 403, "an organization may not reopen: {body}");
    let hq = app.api_as("hq_a").await;
    let (status, body) = hq
        .post(&format!("/api/v1/tickets/{id}/reopen"), json!({}))
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["errors"]["status"].is_array());
    let (status, body) = org
        .post(
            &format!("/api/v1/tickets/{id}/close"),
            json!({"resolution": "solved_by_magic"}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["resolution"].is_array());

    let (_, after) = org.get(&format!("/api/v1/tickets/{id}")).await;
    assert_eq!(after["status"], "assigned");
    assert_eq!(after["events"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn concurrent_registrations_get_distinct_numbers() {
    let app = TestApp::spawn().await;
    let operator = app.api_as("operator").await;
    let mut tasks = Vec::new();
    for _ in 0..24 {
        let api = operator.clone();
        let building = app.registry.building_b;
        tasks.push(tokio::spawn(async move {
            api.post("/api/v1/tickets", json!({"phone": TestApp::phone(), "building_id": building, "category": "no_heat", "description": "Холодно"})).await
        }));
    }
    let mut numbers = std::collections::BTreeSet::new();
    for task in tasks {
        let (status, body) = task.await.unwrap();
        assert_eq!(status, 201, "{body}");
        numbers.insert(body["number"].as_str().unwrap().to_string());
    }
    assert_eq!(numbers.len(), 24);
}

#[tokio::test]
async fn an_unknown_address_is_registered_and_flagged_never_lost() {
    let app = TestApp::spawn().await;

    let ticket = app
        .register(json!({"phone": TestApp::phone(), "address": "ул. Несуществующая, 99", "category": "no_heat", "description": "Нет тепла"}))
        .await;

    assert_eq!(ticket["building_id"], serde_json::Value::Null);
    assert_eq!(ticket["address_unresolved"], true);
    assert_eq!(ticket["status"], "registered");
    assert_eq!(ticket["address"], "ул. Несуществующая, 99");
    assert!(
        ticket["due_at"].as_str().is_some(),
        "an unrouted ticket still has a deadline"
    );
}

#[tokio::test]
async fn an_unambiguous_address_resolves_to_its_building() {
    let app = TestApp::spawn().await;

    let ticket = app
        .register(json!({"phone": TestApp::phone(), "address": "Первомайская 12", "category": "no_heat", "description": "Нет тепла"}))
        .await;

    assert_eq!(ticket["building_id"], app.registry.building_a);
    assert_eq!(ticket["organization_id"], app.registry.org_a.0);
}

#[tokio::test]
async fn without_a_category_the_suggestion_is_used_and_recorded() {
    let app = TestApp::spawn().await;

    let ticket = app
        .register(json!({"phone": TestApp::phone(), "building_id": app.registry.building_a, "description": "Пришла квитанция за отопление, огромная сумма, прошу перерасчёт"}))
        .await;

    assert_eq!(ticket["category"], "billing");
    assert_eq!(
        ticket["organization_id"], app.registry.supplier.0,
        "billing goes to the heat supplier"
    );
    let operator = app.api_as("operator").await;
    let (_, full) = operator
        .get(&format!("/api/v1/tickets/{}", ticket["id"]))
        .await;
    let kinds: Vec<&str> = full["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["registered", "category_suggested"]);
}

#[tokio::test]
async fn lists_filter_by_status_category_phone_and_words() {
    let app = TestApp::spawn().await;
    let phone = TestApp::phone();
    let cold = app
        .register(json!({"phone": phone, "building_id": app.registry.building_a, "category": "no_heat", "description": "Холодная батарея в спальне"}))
        .await;
    app.register(json!({"phone": TestApp::phone(), "building_id": app.registry.building_a, "category": "leak", "description": "Течёт стояк в подъезде"}))
        .await;
    let operator = app.api_as("operator").await;

    let (status, by_phone) = operator
        .get(&format!(
            "/api/v1/tickets?phone={}",
            phone.replace('+', "%2B")
        ))
        .await;
    assert_eq!(status, 200);
    assert_eq!(by_phone["total"], 1);
    assert_eq!(by_phone["items"][0]["id"], cold["id"]);
    let (_, leaks) = operator.get("/api/v1/tickets?category=leak").await;
    assert_eq!(leaks["total"], 1);
    let (_, words) = operator.get("/api/v1/tickets?q=%D0%B1%D0%B0%D1%82%D0%B0%D1%80%D0%B5%D0%B8%20%D1%85%D0%BE%D0%BB%D0%BE%D0%B4%D0%BD%D1%8B%D0%B5").await;
    assert_eq!(
        words["total"], 1,
        "«батареи холодные» finds «холодная батарея»: {words}"
    );
    assert_eq!(words["items"][0]["id"], cold["id"]);
    let (_, by_number) = operator
        .get(&format!(
            "/api/v1/tickets?q={}",
            cold["number"].as_str().unwrap()
        ))
        .await;
    assert_eq!(by_number["total"], 1);
    let (_, assigned) = operator
        .get("/api/v1/tickets?status=assigned&page_size=1")
        .await;
    assert_eq!(assigned["total"], 2);
    assert_eq!(assigned["items"].as_array().unwrap().len(), 1);
}
