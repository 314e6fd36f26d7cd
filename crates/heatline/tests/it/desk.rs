//! The operator's desk over HTTP: address resolution and its auto-pick rule,
//! category suggestion and retraining, the call card's htmx fragments, and the
//! ticket list's sorting.

use serde_json::{Value, json};
use store::building::BuildingRecord;

use crate::helpers::{PASSWORD, TestApp};

/// An htmx GET of a page fragment: status and HTML.
async fn fragment(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let res = client
        .get(format!("{}{path}", app.base))
        .header("HX-Request", "true")
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

fn enc(text: &str) -> String {
    serde_urlencoded::to_string([("x", text)]).unwrap()[2..].to_string()
}

#[tokio::test]
async fn resolving_ranks_buildings_and_auto_picks_only_a_sure_match() {
    let app = TestApp::spawn().await;
    let operator = app.api_as("operator").await;

    let (status, sure) = operator
        .get(&format!(
            "/api/v1/addresses/resolve?q={}",
            enc("первомайская д12 кв 5")
        ))
        .await;
    assert_eq!(status, 200, "{sure}");
    assert_eq!(sure[0]["building_id"], app.registry.building_a);
    assert_eq!(sure[0]["address"], "ул. Первомайская, д. 12");
    assert!(sure[0]["confidence"].as_f64().unwrap() >= 0.8, "{sure}");
    assert_eq!(sure[0]["auto_pick"], true);

    // «Ленина 5» is house 5, not the corner house 5/1, which ranks below it.
    let (_, five) = operator
        .get(&format!(
            "/api/v1/addresses/resolve?q={}",
            enc("ул Ленина 5")
        ))
        .await;
    assert_eq!(five[0]["building_id"], app.registry.building_b, "{five}");
    assert_eq!(five[0]["auto_pick"], true, "{five}");
    assert_eq!(five[1]["address"], "ул. Ленина, д. 5/1", "{five}");
    assert!(five[1]["confidence"].as_f64() < five[0]["confidence"].as_f64());

    // A street without a house offers its buildings, but nothing is picked.
    let (_, street) = operator
        .get(&format!("/api/v1/addresses/resolve?q={}", enc("Ленина")))
        .await;
    let items = street.as_array().unwrap();
    assert_eq!(items.len(), 2, "{street}");
    assert!(items.iter().all(|c| c["auto_pick"] == false), "{street}");
    assert!(
        items
            .iter()
            .all(|c| c["confidence"].as_f64().unwrap() < 0.8)
    );

    let (_, unknown) = operator
        .get(&format!(
            "/api/v1/addresses/resolve?q={}",
            enc("ул. Несуществующая, 99")
        ))
        .await;
    assert_eq!(unknown, json!([]));
    let (status, _) = app.anonymous().get("/api/v1/addresses/resolve?q=x").await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn registrations_take_only_an_auto_picked_building() {
    let app = TestApp::spawn().await;

    let sure = app
        .register(
            json!({"phone": TestApp::phone(), "address": "Первомайская 12-40",
            "category": "no_heat", "description": "Нет тепла"}),
        )
        .await;
    let vague = app
        .register(json!({"phone": TestApp::phone(), "address": "Ленина",
            "category": "no_heat", "description": "Нет тепла"}))
        .await;

    assert_eq!(sure["building_id"], app.registry.building_a);
    assert_eq!(sure["address_unresolved"], false);
    assert_eq!(vague["building_id"], Value::Null);
    assert_eq!(vague["address_unresolved"], true);
    assert_eq!(vague["address"], "Ленина");
}

#[tokio::test]
async fn the_address_index_follows_registry_changes_made_elsewhere() {
    let app = TestApp::spawn().await;
    let operator = app.api_as("operator").await;
    let path = format!("/api/v1/addresses/resolve?q={}", enc("Кольцевая 21"));
    let (_, before) = operator.get(&path).await;
    assert_eq!(before, json!([]), "the index is built before the change");

    // Another server (or an import) adds a building to the shared database.
    let db = store::db::Db::connect(&app.db.url).await.unwrap();
    let mut tx = db.begin_write().await.unwrap();
    let record = BuildingRecord {
        key: heatline::app::address::building_key("ул. Кольцевая, д. 21"),
        address: "ул. Кольцевая, д. 21".into(),
        district_id: app.registry.district_a,
        management_company_id: app.registry.org_a,
        heat_supplier_id: app.registry.supplier,
        latitude: None,
        longitude: None,
        apartments: None,
        year_built: None,
    };
    let store::building::Upserted::Inserted(id) =
        store::building::upsert(&mut tx, &record, jiff::Timestamp::now())
            .await
            .unwrap()
    else {
        panic!("inserted")
    };
    tx.commit().await.unwrap();
    db.close().await;

    let (_, after) = operator.get(&path).await;
    assert_eq!(after[0]["building_id"], id.0, "{after}");
    assert_eq!(after[0]["auto_pick"], true);
}

#[test]
fn building_keys_are_equal_for_two_spellings_of_one_building() {
    use heatline::app::address::building_key;
    assert_eq!(
        building_key("ул. Ленина, д. 5 к. 1"),
        building_key("Ленина улица дом 5 корпус 1")
    );
    assert_ne!(
        building_key("ул. Ленина, д. 5/1"),
        building_key("ул. Ленина, д. 5 к. 1")
    );
    assert_ne!(
        building_key("без номера"),
        building_key("другой без номера")
    );
}

#[tokio::test]
async fn suggestions_rank_categories_for_a_description() {
    let app = TestApp::spawn().await;
    let operator = app.api_as("operator").await;

    let (status, leak) = operator
        .get(&format!(
            "/api/v1/categories/suggest?text={}",
            enc("течёт батарея, вода на полу")
        ))
        .await;
    let (_, empty) = operator.get("/api/v1/categories/suggest?text=").await;

    assert_eq!(status, 200);
    assert_eq!(leak[0]["category"], "leak", "{leak}");
    let scores: Vec<f64> = leak
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{leak}");
    assert!((scores.iter().sum::<f64>() - 1.0).abs() < 0.01, "{leak}");
    assert_eq!(empty, json!([]));
}

#[tokio::test]
async fn retraining_learns_the_categories_operators_saved_and_not_its_own_guesses() {
    let app = TestApp::spawn().await;
    let operator = app.api_as("operator").await;
    let admin = app.api_as("admin").await;
    let text = "Шумят трубы по ночам";
    let suggest = format!("/api/v1/categories/suggest?text={}", enc(text));
    let (_, before) = operator.get(&suggest).await;
    assert_ne!(before[0]["category"], "air_lock", "{before}");
    let guessed = before[0]["category"].clone();

    // Tickets saved without a category keep the suggestion: not learned from.
    for _ in 0..3 {
        let ticket = app
            .register(
                json!({"phone": TestApp::phone(), "building_id": app.registry.building_a,
                "description": text}),
            )
            .await;
        assert_eq!(ticket["category"], guessed);
    }
    for _ in 0..8 {
        app.register(
            json!({"phone": TestApp::phone(), "building_id": app.registry.building_a,
            "category": "air_lock", "description": text}),
        )
        .await;
    }
    let (status, _) = operator.post("/api/v1/categories/retrain", json!({})).await;
    assert_eq!(status, 403, "only the admin retrains on demand");
    let (_, still) = operator.get(&suggest).await;
    assert_eq!(
        still[0]["category"], guessed,
        "nothing changes before a retrain"
    );

    let (status, report) = admin.post("/api/v1/categories/retrain", json!({})).await;
    let (_, after) = operator.get(&suggest).await;

    assert_eq!(status, 200, "{report}");
    assert_eq!(report["from_tickets"], 8, "{report}");
    assert!(report["examples"].as_u64().unwrap() > 100, "{report}");
    assert_eq!(after[0]["category"], "air_lock", "{after}");
}

#[tokio::test]
async fn operators_land_on_the_call_card_and_organizations_may_not_open_it() {
    let app = TestApp::spawn().await;
    let login = |login: &'static str| {
        let browser = app.browser();
        let base = app.base.clone();
        async move {
            browser
                .post(format!("{base}/login"))
                .form(&[("login", login), ("password", PASSWORD)])
                .send()
                .await
                .unwrap()
        }
    };

    let operator = login("operator").await;
    let org = login("org_a").await;
    let (org_client, _) = app.browser_with_csrf("org_a", "/tickets").await;
    let (status, _) = fragment(&org_client, &app, "/desk").await;
    let (operator_client, _) = app.browser_with_csrf("operator", "/tickets").await;
    let page = operator_client
        .get(format!("{}/desk", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();

    assert_eq!(operator.headers()["location"], "/desk");
    assert_eq!(org.headers()["location"], "/queue");
    assert_eq!(status, 403);
    for needle in [
        "Приём звонка",
        "id=\"phone\"",
        "accesskey=\"p\"",
        "Ctrl+Enter",
        "/static/desk.js",
        "href=\"/desk\" aria-current=\"page\"",
    ] {
        assert!(page.contains(needle), "the card has {needle}");
    }
}

#[tokio::test]
async fn the_card_shows_the_callers_history_by_phone() {
    let app = TestApp::spawn().await;
    let phone = TestApp::phone();
    let earlier = app
        .register(
            json!({"phone": phone, "building_id": app.registry.building_b,
            "category": "leak", "description": "Течёт стояк", "apartment": "7"}),
        )
        .await;
    let (client, _) = app.browser_with_csrf("operator", "/tickets").await;
    let (hq_city, _) = app.browser_with_csrf("hq_city", "/tickets").await;

    let spaced = format!("8 ({}) {}-{}", &phone[2..5], &phone[5..8], &phone[8..]);
    let (status, found) = fragment(
        &client,
        &app,
        &format!("/desk/history?phone={}", enc(&spaced)),
    )
    .await;
    let (_, nobody) = fragment(
        &client,
        &app,
        &format!("/desk/history?phone={}", enc(&TestApp::phone())),
    )
    .await;
    let (_, partial) = fragment(&client, &app, "/desk/history?phone=8917").await;
    let (_, masked) = fragment(
        &hq_city,
        &app,
        &format!("/desk/history?phone={}", enc(&phone)),
    )
    .await;

    assert_eq!(status, 200);
    assert!(
        found.contains(earlier["number"].as_str().unwrap()),
        "{found}"
    );
    assert!(found.contains("ул. Ленина, д. 5"), "{found}");
    assert!(
        found.contains(&format!("data-building-id=\"{}\"", app.registry.building_b)),
        "picking it pre-fills the building: {found}"
    );
    assert!(found.contains("data-apartment=\"7\""), "{found}");
    assert!(nobody.contains("обращений не было"), "{nobody}");
    assert!(partial.contains("Номер ещё не полный"), "{partial}");
    assert!(
        masked.contains("недоступна для вашей роли"),
        "personal data stays hidden: {masked}"
    );
}

#[tokio::test]
async fn the_card_offers_buildings_and_a_category_as_fragments() {
    let app = TestApp::spawn().await;
    let (client, _) = app.browser_with_csrf("operator", "/tickets").await;

    let (_, sure) = fragment(
        &client,
        &app,
        &format!("/desk/addresses?address={}", enc("Первомайская 12-40")),
    )
    .await;
    let (_, vague) = fragment(
        &client,
        &app,
        &format!("/desk/addresses?address={}", enc("Ленина")),
    )
    .await;
    let (_, none) = fragment(
        &client,
        &app,
        &format!("/desk/addresses?address={}", enc("Несуществующая 1")),
    )
    .await;
    let (_, category) = fragment(
        &client,
        &app,
        &format!(
            "/desk/category?description={}",
            enc("Батареи ледяные, дома холодно")
        ),
    )
    .await;

    assert!(
        sure.contains(&format!(
            "data-building-id=\"{}\" data-address=\"ул. Первомайская, д. 12\"",
            app.registry.building_a
        )),
        "{sure}"
    );
    assert!(sure.contains("data-auto=\"true\""), "{sure}");
    assert!(sure.contains("data-apartment=\"40\""), "{sure}");
    assert!(!vague.contains("data-auto=\"true\""), "{vague}");
    assert!(vague.contains("Выберите дом из списка"), "{vague}");
    assert!(none.contains("не найден в реестре"), "{none}");
    assert!(
        category.contains("id=\"accept-category\" data-category=\"no_heat\""),
        "{category}"
    );
}

#[tokio::test]
async fn the_card_warns_of_an_open_ticket_of_the_same_building_and_category() {
    let app = TestApp::spawn().await;
    let open = app
        .register(
            json!({"phone": TestApp::phone(), "building_id": app.registry.building_a,
            "category": "no_heat", "description": "Холодно"}),
        )
        .await;
    let (client, _) = app.browser_with_csrf("operator", "/tickets").await;
    let path = |category: &str| {
        format!(
            "/desk/warnings?building_id={}&category={category}",
            app.registry.building_a
        )
    };

    let (status, same) = fragment(&client, &app, &path("no_heat")).await;
    let (_, other) = fragment(&client, &app, &path("leak")).await;
    let (_, elsewhere) = fragment(
        &client,
        &app,
        &format!(
            "/desk/warnings?building_id={}&category=no_heat",
            app.registry.building_b
        ),
    )
    .await;
    let operator = app.api_as("operator").await;
    let (_, api) = operator
        .get(&format!(
            "/api/v1/desk/warnings?building_id={}&category=no_heat",
            app.registry.building_a
        ))
        .await;
    let (bad, _) = operator.get("/api/v1/desk/warnings?category=no_heat").await;
    let org = app.api_as("org_a").await;
    org.post(
        &format!("/api/v1/tickets/{}/close", open["id"]),
        json!({"resolution": "fixed"}),
    )
    .await;
    let (_, closed) = fragment(&client, &app, &path("no_heat")).await;

    assert_eq!(status, 200);
    assert!(same.contains(open["number"].as_str().unwrap()), "{same}");
    assert!(same.contains("уже есть открытые заявки"), "{same}");
    assert!(!other.contains("открытые заявки"), "{other}");
    assert!(!elsewhere.contains("открытые заявки"), "{elsewhere}");
    assert_eq!(api["open_tickets"][0]["id"], open["id"], "{api}");
    assert_eq!(bad, 422);
    assert!(
        !closed.contains("открытые заявки"),
        "closed tickets are not warned of"
    );
}

#[tokio::test]
async fn saving_the_card_tells_the_number_organization_and_deadline() {
    let app = TestApp::spawn().await;
    let (client, csrf) = app.browser_with_csrf("operator", "/tickets").await;
    let phone = TestApp::phone();
    let building = app.registry.building_a.to_string();

    let res = client
        .post(format!("{}/desk", app.base))
        .header("HX-Request", "true")
        .header("X-CSRF-Token", &csrf)
        .form(&[
            ("phone", phone.as_str()),
            ("address", "ул. Первомайская, д. 12"),
            ("building_id", building.as_str()),
            ("apartment", "5"),
            ("name", "Айгуль"),
            ("description", "Батареи холодные"),
            ("category", ""),
        ])
        .send()
        .await
        .unwrap();
    let status = res.status();
    let saved = res.text().await.unwrap();
    let invalid = client
        .post(format!("{}/desk", app.base))
        .header("HX-Request", "true")
        .header("X-CSRF-Token", &csrf)
        .form(&[("phone", "12"), ("description", "")])
        .send()
        .await
        .unwrap();
    let invalid_status = invalid.status();
    let problems = invalid.text().await.unwrap();
    let operator = app.api_as("operator").await;
    let (_, list) = operator
        .get(&format!("/api/v1/tickets?phone={}", enc(&phone)))
        .await;

    assert_eq!(status, 200, "{saved}");
    let ticket = &list["items"][0];
    let number = ticket["number"].as_str().unwrap();
    assert!(
        saved.contains(&format!(
            "Ваша заявка № {number} передана в УЖХ Калининского района, срок — до "
        )),
        "{saved}"
    );
    assert!(saved.contains("id=\"new-call\""), "{saved}");
    assert_eq!(ticket["building_id"], app.registry.building_a);
    assert_eq!(ticket["category"], "no_heat", "the suggestion was taken");
    assert_eq!(ticket["apartment"], "5");
    assert_eq!(invalid_status, 422);
    assert!(problems.contains("data-field=\"phone\""), "{problems}");
    assert!(
        problems.contains("data-field=\"description\""),
        "{problems}"
    );
}

#[tokio::test]
async fn lists_sort_by_created_due_and_status_in_the_url() {
    let app = TestApp::spawn().await;
    let leak = app
        .register(
            json!({"phone": TestApp::phone(), "building_id": app.registry.building_a,
            "category": "leak", "description": "Течь"}),
        )
        .await;
    let billing = app
        .register(
            json!({"phone": TestApp::phone(), "building_id": app.registry.building_a,
            "category": "billing", "description": "Перерасчёт"}),
        )
        .await;
    let unrouted = app
        .register(json!({"phone": TestApp::phone(), "address": "Нигде, 1",
            "category": "no_heat", "description": "Холодно"}))
        .await;
    let operator = app.api_as("operator").await;
    let ids = |page: &Value| -> Vec<i64> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_i64().unwrap())
            .collect()
    };
    let (leak_id, billing_id, unrouted_id) = (
        leak["id"].as_i64().unwrap(),
        billing["id"].as_i64().unwrap(),
        unrouted["id"].as_i64().unwrap(),
    );

    let (_, newest) = operator.get("/api/v1/tickets").await;
    let (_, oldest) = operator.get("/api/v1/tickets?sort=created").await;
    let (_, due) = operator.get("/api/v1/tickets?sort=due").await;
    let (_, status) = operator.get("/api/v1/tickets?sort=status").await;
    let (_, open) = operator.get("/api/v1/tickets?open=true&sort=-due").await;
    let (bad, errors) = operator.get("/api/v1/tickets?sort=sideways").await;

    assert_eq!(ids(&newest), [unrouted_id, billing_id, leak_id]);
    assert_eq!(ids(&oldest), [leak_id, billing_id, unrouted_id]);
    // A leak is due in 3 days, billing in 3 working days, no_heat in 24 h.
    assert_eq!(ids(&due)[0], unrouted_id, "{due}");
    assert_eq!(ids(&due).len(), 3);
    assert_eq!(unrouted["status"], "registered");
    assert_eq!(ids(&status)[0], unrouted_id, "registered comes first");
    assert_eq!(ids(&open).len(), 3);
    assert_eq!(bad, 422);
    assert!(errors["errors"]["sort"].is_array(), "{errors}");

    let (client, _) = app.browser_with_csrf("operator", "/tickets").await;
    let page = client
        .get(format!("{}/tickets?sort=due&from=2020-01-01", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("aria-sort=\"ascending\""), "{page}");
    assert!(
        page.contains("sort=-due"),
        "clicking again reverses: {page}"
    );
    assert!(page.contains("name=\"from\" type=\"date\" value=\"2020-01-01\""));
}
