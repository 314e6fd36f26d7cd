//! The residents' self-service over HTTP: the form, the confirmation, the
//! status page by number and phone, "not solved", and the abuse protection.
//! (The phone-width browser run of the same flow lives with the browser tests.)

use serde_json::{Value, json};

use crate::helpers::TestApp;

fn form<'a>(phone: &'a str, category: &'a str, description: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("address", "ул. Первомайская, 12"),
        ("apartment", "17"),
        ("category", category),
        ("description", description),
        ("phone", phone),
        ("name", "Рустем"),
        ("email", ""),
        ("consent", "yes"),
        ("website", ""),
    ]
}

async fn submit(app: &TestApp, fields: &[(&str, &str)]) -> reqwest::Response {
    app.browser()
        .post(format!("{}/resident", app.base))
        .form(fields)
        .send()
        .await
        .unwrap()
}

/// Submits the form and follows the redirect to the confirmation page.
async fn file(app: &TestApp, fields: &[(&str, &str)]) -> String {
    let res = submit(app, fields).await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/resident/receipt/"), "{location}");
    let page = reqwest::get(format!("{}{location}", app.base))
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    page.text().await.unwrap()
}

fn number_in(page: &str) -> String {
    let marker = "id=\"ticket-number\">";
    let start = page.find(marker).expect("the number is shown") + marker.len();
    page[start..].split('<').next().unwrap().to_string()
}

async fn status(app: &TestApp, number: &str, phone: &str) -> (u16, String) {
    let res = app
        .browser()
        .post(format!("{}/resident/status", app.base))
        .form(&[("number", number), ("phone", phone)])
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn not_solved(app: &TestApp, number: &str, phone: &str, comment: &str) -> (u16, String) {
    let res = app
        .browser()
        .post(format!("{}/resident/status/not-solved", app.base))
        .form(&[("number", number), ("phone", phone), ("comment", comment)])
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn tickets_of(app: &TestApp, phone: &str) -> Vec<Value> {
    let operator = app.api_as("operator").await;
    let (status, list) = operator
        .get(&format!("/api/v1/tickets?phone={}", &phone[1..]))
        .await;
    assert_eq!(status, 200);
    list["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn the_form_is_russian_mobile_first_and_has_the_consent_and_a_honeypot() {
    let app = TestApp::spawn().await;
    let res = reqwest::get(format!("{}/resident", app.base))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("name=\"viewport\" content=\"width=device-width"));
    assert!(page.contains("Отправить заявку"));
    assert!(page.contains("name=\"consent\""));
    assert!(page.contains("152-ФЗ"));
    assert!(page.contains("name=\"website\" tabindex=\"-1\""));
    let css = reqwest::get(format!("{}/static/resident.css", app.base))
        .await
        .unwrap();
    assert_eq!(css.status(), 200);
}

#[tokio::test]
async fn a_resident_files_follows_and_reopens_a_ticket_once_per_closing() {
    let app = TestApp::spawn().await;
    let phone = TestApp::phone();

    let receipt = file(
        &app,
        &form(&phone, "no_heat", "Холодные батареи во всей квартире"),
    )
    .await;
    let number = number_in(&receipt);
    assert!(receipt.contains("Заявка зарегистрирована"));
    assert!(
        receipt.contains("УЖХ Калининского района"),
        "the responsible organization"
    );
    assert!(
        receipt.contains("id=\"ticket-due\""),
        "the deadline: {receipt}"
    );
    let tickets = tickets_of(&app, &phone).await;
    assert_eq!(tickets.len(), 1);
    assert_eq!(tickets[0]["channel"], "web");
    assert_eq!(tickets[0]["number"], number.as_str());
    assert_eq!(tickets[0]["apartment"], "17");
    assert_eq!(tickets[0]["building_id"], app.registry.building_a);

    let (code, page) = status(&app, &number, &phone).await;
    assert_eq!(code, 200);
    assert!(page.contains("Передано"), "{page}");
    assert!(page.contains("УЖХ Калининского района"));
    assert!(!page.contains("Проблема не решена"), "no button while open");
    let (code, page) = status(&app, &number, "+79990000000").await;
    assert_eq!(code, 404, "a wrong phone tells nothing");
    assert!(page.contains("не найдена"));

    let id = tickets[0]["id"].as_i64().unwrap();
    let org = app.api_as("org_a").await;
    let (code, _) = org
        .post(
            &format!("/api/v1/tickets/{id}/close"),
            json!({"resolution": "fixed", "comment": "Стояк прокачан"}),
        )
        .await;
    assert_eq!(code, 200);
    let (_, page) = status(&app, &number, &phone).await;
    assert!(page.contains("Устранено. Стояк прокачан"), "{page}");
    assert!(page.contains("Проблема не решена"));

    let (code, page) = not_solved(&app, &number, &phone, "Всё ещё +16 в спальне").await;
    assert_eq!(code, 200, "{page}");
    assert!(page.contains("Заявка возвращена на доработку"));
    assert!(page.contains("На доработке"));
    let operator = app.api_as("operator").await;
    let (_, details) = operator.get(&format!("/api/v1/tickets/{id}")).await;
    assert_eq!(details["status"], "reopened");
    let last = details["events"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["kind"], "reopened");
    assert!(last["actor"].is_null(), "a system event, no staff actor");
    assert!(
        last["comment"]
            .as_str()
            .unwrap()
            .contains("Всё ещё +16 в спальне")
    );

    let (code, _) = not_solved(&app, &number, &phone, "ещё раз").await;
    assert_eq!(code, 409, "once per closing");
    org.post(
        &format!("/api/v1/tickets/{id}/close"),
        json!({"resolution": "fixed", "comment": "Заменён радиатор"}),
    )
    .await;
    let (code, _) = not_solved(&app, &number, &phone, "Опять холодно").await;
    assert_eq!(code, 200, "a new closing can be disputed again");
    let (code, _) = not_solved(&app, &number, &phone, "и ещё").await;
    assert_eq!(code, 409);
}

#[tokio::test]
async fn the_form_names_what_to_fix_and_requires_consent() {
    let app = TestApp::spawn().await;
    let phone = TestApp::phone();
    let mut fields = form(&phone, "no_heat", "Холодно");
    fields.retain(|(k, _)| *k != "consent" && *k != "email");
    fields.push(("email", "not-an-email"));
    let res = submit(&app, &fields).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Я согласен(на)") && page.contains("обязательное поле"),
        "{page}"
    );
    assert!(page.contains("неверный формат"), "the e-mail: {page}");
    assert!(
        page.contains("value=\"ул. Первомайская, 12\""),
        "what was typed stays"
    );
    let long = "ж".repeat(2001);
    let res = submit(&app, &form(&phone, "no_heat", &long)).await;
    assert_eq!(res.status(), 422);
    let huge = "ж".repeat(40_000);
    let res = submit(&app, &form(&phone, "no_heat", &huge)).await;
    assert_eq!(res.status(), 413, "the body limit");
    assert!(tickets_of(&app, &phone).await.is_empty());
}

#[tokio::test]
async fn a_filled_honeypot_files_nothing() {
    let app = TestApp::spawn().await;
    let phone = TestApp::phone();
    let mut fields = form(&phone, "no_heat", "Холодно");
    fields.retain(|(k, _)| *k != "website");
    fields.push(("website", "http://spam.example"));
    let res = submit(&app, &fields).await;
    assert_eq!(res.status(), 400);
    assert!(tickets_of(&app, &phone).await.is_empty());
}

#[tokio::test]
async fn the_same_request_within_an_hour_links_to_the_first_ticket() {
    let app = TestApp::spawn().await;
    let phone = TestApp::phone();
    let first = file(&app, &form(&phone, "air_lock", "Булькает батарея")).await;
    let second = file(
        &app,
        &form(&phone, "air_lock", "Батарея шумит, холодная сверху"),
    )
    .await;
    assert_eq!(number_in(&second), number_in(&first));
    assert!(second.contains("уже зарегистрирована"), "{second}");
    let other = file(&app, &form(&phone, "overheating", "Очень жарко")).await;
    assert_ne!(
        number_in(&other),
        number_in(&first),
        "another category is another ticket"
    );

    let tickets = tickets_of(&app, &phone).await;
    assert_eq!(tickets.len(), 2);
    let operator = app.api_as("operator").await;
    let id = tickets
        .iter()
        .find(|t| t["category"] == "air_lock")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let (_, details) = operator.get(&format!("/api/v1/tickets/{id}")).await;
    assert!(
        details["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["comment"]
                .as_str()
                .is_some_and(|c| c.contains("Батарея шумит"))),
        "the second message is kept on the first ticket"
    );
}

#[tokio::test]
async fn one_phone_cannot_file_without_limit() {
    let app = TestApp::spawn().await;
    let phone = TestApp::phone();
    // An hour boundary may fall between submissions; 2 × 5 + 1 put six into
    // one window whatever happens, and the address limit (10) is never first.
    let mut limited = None;
    for n in 0..11 {
        let description = format!("Холодно, заявка {n}");
        let res = submit(&app, &form(&phone, "no_heat", &description)).await;
        if res.status() == 429 {
            limited = Some(res);
            break;
        }
        assert_eq!(res.status(), 303);
    }
    let res = limited.expect("the phone's limit");
    assert!(res.headers().contains_key("retry-after"));
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Слишком много заявок с этого номера"),
        "{page}"
    );
}

#[tokio::test]
async fn one_address_cannot_file_without_limit() {
    let app = TestApp::spawn().await;
    let mut limited = None;
    for _ in 0..21 {
        let phone = TestApp::phone();
        let res = submit(&app, &form(&phone, "other", "Вопрос по отоплению")).await;
        if res.status() == 429 {
            limited = Some(res);
            break;
        }
        assert_eq!(res.status(), 303);
    }
    let page = limited.expect("the address's limit").text().await.unwrap();
    assert!(
        page.contains("Слишком много запросов с вашего адреса"),
        "{page}"
    );
}

#[tokio::test]
async fn the_same_self_service_is_in_the_json_api() {
    let app = TestApp::spawn().await;
    let anonymous = app.anonymous();
    let phone = TestApp::phone();
    let request = json!({
        "address": "ул. Ленина, д. 5/1", "category": "leak", "description": "Течёт стояк",
        "phone": phone, "consent": true
    });

    let (status, receipt) = anonymous
        .post("/api/v1/resident/requests", request.clone())
        .await;
    assert_eq!(status, 201, "{receipt}");
    let number = receipt["ticket"]["number"].as_str().unwrap().to_string();
    assert_eq!(receipt["duplicate"], false);
    assert_eq!(
        receipt["ticket"]["organization"],
        "АО «УЖХ Кировского района»"
    );
    assert!(
        receipt["ticket"]["due_at"]
            .as_str()
            .unwrap()
            .ends_with("+05:00")
    );
    let page = reqwest::get(format!(
        "{}/resident/receipt/{}",
        app.base,
        receipt["receipt"].as_str().unwrap()
    ))
    .await
    .unwrap();
    assert_eq!(page.status(), 200, "the same receipt as a page");

    let (status, again) = anonymous
        .post("/api/v1/resident/requests", request.clone())
        .await;
    assert_eq!(status, 201);
    assert_eq!(again["duplicate"], true);
    assert_eq!(again["ticket"]["number"], number.as_str());

    let lookup = json!({"number": number, "phone": phone});
    let (status, ticket) = anonymous.post("/api/v1/resident/status", lookup).await;
    assert_eq!(status, 200);
    assert_eq!(ticket["status"], "assigned");
    assert_eq!(ticket["timeline"][0]["kind"], "registered");
    assert_eq!(ticket["may_reopen"], false);
    let (status, _) = anonymous
        .post(
            "/api/v1/resident/status",
            json!({"number": number, "phone": "+79990000000"}),
        )
        .await;
    assert_eq!(status, 404);
    let (status, _) = anonymous
        .post(
            "/api/v1/resident/not-solved",
            json!({"number": number, "phone": phone, "comment": "течёт"}),
        )
        .await;
    assert_eq!(status, 409, "an open ticket cannot be disputed");

    let mut no_consent = request.clone();
    no_consent["consent"] = json!(false);
    let (status, body) = anonymous
        .post("/api/v1/resident/requests", no_consent)
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["consent"].is_array(), "{body}");
}
