//! The web pages: login with a session cookie, role-checked pages, and forms
//! that need the session's CSRF token.

use serde_json::json;

use crate::helpers::{TestApp, csrf_of};

#[tokio::test]
async fn the_login_page_speaks_russian_and_rejects_a_wrong_password() {
    let app = TestApp::spawn().await;
    let browser = app.browser();

    let page = browser
        .get(format!("{}/login", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Войти"), "{page}");
    let res = browser
        .post(format!("{}/login", app.base))
        .form(&[("login", "operator"), ("password", "wrong")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("неверный логин или пароль")
    );
    let res = browser
        .get(format!("{}/tickets", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "pages need a session");
}

#[tokio::test]
async fn a_signed_in_organization_sees_its_queue_and_acts_with_the_csrf_token() {
    let app = TestApp::spawn().await;
    let ticket = app
        .register(json!({"phone": TestApp::phone(), "building_id": app.registry.building_a, "category": "no_heat", "description": "Нет отопления в квартире"}))
        .await;
    let id = ticket["id"].as_i64().unwrap();
    let browser = app.browser_as("org_a").await.0;

    let list = browser
        .get(format!("{}/tickets", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        list.contains(ticket["number"].as_str().unwrap()),
        "the queue lists the ticket"
    );
    assert!(list.contains("Организация"), "the header shows the role");
    let page = browser
        .get(format!("{}/tickets/{id}", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Принять в работу"));
    let csrf = csrf_of(&page);

    let forged = browser
        .post(format!("{}/tickets/{id}/start", app.base))
        .form(&[("x", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403, "a form without the token is refused");
    let res = browser
        .post(format!("{}/tickets/{id}/start", app.base))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let page = browser
        .get(format!("{}/tickets/{id}", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("В работе"), "{page}");
}

#[tokio::test]
async fn another_organizations_ticket_page_is_not_found() {
    let app = TestApp::spawn().await;
    let ticket = app
        .register(json!({"phone": TestApp::phone(), "building_id": app.registry.building_a, "category": "no_heat", "description": "Холодно"}))
        .await;
    let browser = app.browser_as("org_b").await.0;

    let res = browser
        .get(format!("{}/tickets/{}", app.base, ticket["id"]))
        .send()
        .await
        .unwrap();

    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn health_metrics_and_the_openapi_document_answer() {
    let app = TestApp::spawn().await;
    let http = reqwest::Client::new();

    assert_eq!(
        http.get(format!("{}/health", app.base))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let doc: serde_json::Value = http
        .get(format!("{}/api/v1/openapi.json", app.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/tickets",
        "/api/v1/tickets/{id}/close",
        "/api/v1/auth/token",
        "/api/v1/buildings/{id}",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} missing from the OpenAPI document"
        );
    }
    let metrics = http
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("heatline_http_requests_total"),
        "{metrics}"
    );
}
