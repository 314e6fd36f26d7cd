//! Bad input gets a 422 naming every bad field, and stores nothing.

use serde_json::json;

use crate::helpers::TestApp;

#[tokio::test]
async fn every_bad_field_is_named_at_once() {
    let app = TestApp::spawn().await;
    let operator = app.api_as("operator").await;

    let (status, body) = operator
        .post("/api/v1/tickets", json!({"phone": "call me", "description": "  ", "category": "cold", "channel": "fax", "building_id": 999999, "apartment": "x".repeat(50)}))
        .await;

    assert_eq!(status, 422, "{body}");
    for field in [
        "phone",
        "description",
        "category",
        "channel",
        "building_id",
        "apartment",
    ] {
        assert!(
            body["errors"][field].is_array(),
            "{field} not named in {body}"
        );
    }
    let (_, list) = operator.get("/api/v1/tickets").await;
    assert_eq!(list["total"], 0, "nothing half-written");
}

#[tokio::test]
async fn a_missing_phone_and_a_wrong_type_are_named() {
    let app = TestApp::spawn().await;
    let operator = app.api_as("operator").await;

    let (status, body) = operator
        .post(
            "/api/v1/tickets",
            json!({"description": "Холодно", "category": "no_heat"}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["phone"].is_array(), "{body}");
    let (status, body) = operator
        .post(
            "/api/v1/tickets",
            json!({"phone": 73472770911_i64, "description": "Холодно"}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["phone"].is_array(), "{body}");
}

#[tokio::test]
async fn list_filters_are_validated() {
    let app = TestApp::spawn().await;
    let operator = app.api_as("operator").await;

    let (status, body) = operator
        .get(
            "/api/v1/tickets?status=lost&category=cold&district_id=x&from=yesterday&page_size=1000",
        )
        .await;

    assert_eq!(status, 422);
    for field in ["status", "category", "district_id", "from", "page_size"] {
        assert!(
            body["errors"][field].is_array(),
            "{field} not named in {body}"
        );
    }
}

#[tokio::test]
async fn messages_follow_the_clients_language() {
    let app = TestApp::spawn().await;
    let operator = app.api_as("operator").await;
    let res = operator
        .http
        .post(format!("{}/api/v1/auth/token", app.base))
        .header("accept-language", "ru-RU,ru;q=0.9")
        .json(&json!({"login": "operator", "password": "nope"}))
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["errors"]["login"][0], "неверный логин или пароль");
}

#[tokio::test]
async fn a_database_out_of_reach_is_a_503_to_retry_not_a_500() {
    let app = TestApp::spawn().await;
    let api = app.api_as("operator").await;
    let (browser, _) = app.browser_as("operator").await;
    let (status, _) = api.get("/api/v1/tickets").await;
    assert_eq!(status, 200);

    app.ctx.db().close().await;

    let (status, body) = api.get("/api/v1/tickets").await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error"], "unavailable", "{body}");
    assert!(body["request_id"].is_string(), "{body}");
    let res = browser
        .get(format!("{}/tickets", app.base))
        .send()
        .await
        .expect("page");
    assert_eq!(res.status(), 503);
    assert_eq!(res.headers()["retry-after"], "5");
    let html = res.text().await.expect("html");
    assert!(html.contains("База данных недоступна"), "{html}");
}
