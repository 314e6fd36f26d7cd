//! Access: every call checks the role and the scope; outside the scope a ticket
//! does not exist; personal data only for the roles that need it.

use serde_json::json;

use crate::helpers::TestApp;

#[tokio::test]
async fn organization_cannot_open_another_organizations_ticket() {
    let app = TestApp::spawn().await;
    let ticket = app
        .register(json!({"phone": TestApp::phone(), "building_id": app.registry.building_a, "category": "no_heat", "description": "Холодно"}))
        .await;
    let id = ticket["id"].as_i64().unwrap();
    let clerk_b = app.api_as("org_b").await;

    let (status, _) = clerk_b.get(&format!("/api/v1/tickets/{id}")).await;
    assert_eq!(status, 404);
    let (status, _) = clerk_b
        .post(&format!("/api/v1/tickets/{id}/start"), json!({}))
        .await;
    assert_eq!(status, 404);
    let (_, list) = clerk_b.get("/api/v1/tickets").await;
    assert_eq!(list["total"], 0);

    let clerk_a = app.api_as("org_a").await;
    let (status, _) = clerk_a.get(&format!("/api/v1/tickets/{id}")).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn district_hq_sees_only_its_district() {
    let app = TestApp::spawn().await;
    app.register(json!({"phone": TestApp::phone(), "building_id": app.registry.building_a, "category": "no_heat", "description": "Холодно"}))
        .await;
    let other = app
        .register(json!({"phone": TestApp::phone(), "building_id": app.registry.building_b, "category": "no_heat", "description": "Холодно"}))
        .await;
    let hq = app.api_as("hq_a").await;

    let (_, list) = hq.get("/api/v1/tickets").await;
    assert_eq!(list["total"], 1);
    let (status, _) = hq.get(&format!("/api/v1/tickets/{}", other["id"])).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn city_hq_sees_tickets_without_personal_data() {
    let app = TestApp::spawn().await;
    let phone = TestApp::phone();
    let ticket = app
        .register(json!({"phone": phone, "name": "Рустам Галиев", "building_id": app.registry.building_a, "category": "no_heat", "description": "Холодно"}))
        .await;
    assert_eq!(ticket["name"], "Рустам Галиев");
    let city = app.api_as("hq_city").await;

    let (status, seen) = city.get(&format!("/api/v1/tickets/{}", ticket["id"])).await;
    assert_eq!(status, 200);
    assert_eq!(seen["name"], serde_json::Value::Null);
    assert!(
        seen["phone"].as_str().unwrap().contains("***"),
        "{}",
        seen["phone"]
    );
    let (status, _) = city
        .get(&format!(
            "/api/v1/tickets?phone={}",
            phone.replace('+', "%2B")
        ))
        .await;
    assert_eq!(status, 403, "searching by phone reveals personal data");
}

#[tokio::test]
async fn roles_are_checked_on_every_action() {
    let app = TestApp::spawn().await;
    let ticket = app
        .register(json!({"phone": TestApp::phone(), "building_id": app.registry.building_a, "category": "no_heat", "description": "Холодно"}))
        .await;
    let id = ticket["id"].as_i64().unwrap();

    let operator = app.api_as("operator").await;
    let (status, _) = operator
        .post(&format!("/api/v1/tickets/{id}/start"), json!({}))
        .await;
    assert_eq!(
        status, 403,
        "operators take calls, organizations do the work"
    );
    let org = app.api_as("org_a").await;
    let (status, _) = org
        .post(
            "/api/v1/tickets",
            json!({"phone": TestApp::phone(), "category": "no_heat", "description": "x"}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = org
        .post(
            &format!("/api/v1/tickets/{id}/assign"),
            json!({"organization_id": app.registry.org_b.0}),
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn without_a_token_the_api_answers_401() {
    let app = TestApp::spawn().await;
    let anonymous = app.anonymous();

    let (status, body) = anonymous.get("/api/v1/tickets").await;
    assert_eq!(status, 401);
    assert_eq!(body["error"], "unauthenticated");
    let (status, body) = anonymous
        .post(
            "/api/v1/auth/token",
            json!({"login": "operator", "password": "wrong"}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["login"].is_array());
}

#[tokio::test]
async fn district_hq_reroutes_within_its_district_with_a_reason() {
    let app = TestApp::spawn().await;
    let ticket = app
        .register(json!({"phone": TestApp::phone(), "building_id": app.registry.building_a, "category": "no_heat", "description": "Холодно"}))
        .await;
    let id = ticket["id"].as_i64().unwrap();
    let hq = app.api_as("hq_a").await;

    let (status, moved) = hq
        .post(&format!("/api/v1/tickets/{id}/assign"), json!({"organization_id": app.registry.supplier.0, "reason": "Параметры на вводе ниже графика"}))
        .await;

    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["organization_id"], app.registry.supplier.0);
    let supplier = app.api_as("supplier").await;
    let (status, seen) = supplier.get(&format!("/api/v1/tickets/{id}")).await;
    assert_eq!(status, 200);
    let last = seen["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "assigned");
    assert_eq!(last["comment"], "Параметры на вводе ниже графика");
    let org_a = app.api_as("org_a").await;
    let (status, _) = org_a.get(&format!("/api/v1/tickets/{id}")).await;
    assert_eq!(status, 404, "the old organization no longer sees it");
}
