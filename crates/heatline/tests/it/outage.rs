//! Outages over HTTP: registering them within scope, linking callers' tickets,
//! closing them (and their tickets), and clocking interruption limits.

use domain::building::fold;
use domain::organization::OrganizationKind;
use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};
use store::building::{BuildingRecord, Upserted};

use crate::helpers::csrf_of;
use crate::helpers::{Api, TestApp};

fn rfc(at: Timestamp) -> String {
    domain::calendar::rfc3339(at)
}

fn hours_ago(h: i64) -> String {
    rfc(Timestamp::now() - SignedDuration::from_hours(h))
}

fn hours_ahead(h: i64) -> String {
    rfc(Timestamp::now() + SignedDuration::from_hours(h))
}

async fn register_outage(api: &Api, body: Value) -> Value {
    let (status, outage) = api.post("/api/v1/outages", body).await;
    assert_eq!(status, 201, "{outage}");
    outage
}

async fn no_heat(app: &TestApp, building: i64) -> Value {
    app.register(json!({"phone": TestApp::phone(), "building_id": building,
        "category": "no_heat", "description": "Холодные батареи во всей квартире"}))
        .await
}

#[tokio::test]
async fn new_calls_link_to_the_open_outage_of_their_building_and_not_after_it_closes() {
    let app = TestApp::spawn().await;
    let hq = app.api_as("hq_a").await;
    let outage = register_outage(
        &hq,
        json!({"building_ids": [app.registry.building_a], "starts_at": hours_ago(1),
            "expected_end_at": hours_ahead(6), "reason": "Порыв на теплотрассе"}),
    )
    .await;
    let id = outage["id"].as_i64().unwrap();
    assert_eq!(outage["status"], "open");
    assert_eq!(outage["district_id"], app.registry.district_a.0);
    assert_eq!(outage["organization_id"], app.registry.supplier.0);

    let linked = no_heat(&app, app.registry.building_a).await;
    let billing = app
        .register(
            json!({"phone": TestApp::phone(), "building_id": app.registry.building_a,
            "category": "billing", "description": "Вопрос по начислению"}),
        )
        .await;
    let elsewhere = no_heat(&app, app.registry.building_b).await;

    assert_eq!(linked["outage_id"], id);
    assert_eq!(billing["outage_id"], Value::Null);
    assert_eq!(elsewhere["outage_id"], Value::Null);
    let (_, shown) = hq.get(&format!("/api/v1/tickets/{}", linked["id"])).await;
    assert_eq!(shown["outage_id"], id);
    let kinds: Vec<&str> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"outage_linked"), "{kinds:?}");

    let (status, closed) = hq
        .post(&format!("/api/v1/outages/{id}/close"), json!({}))
        .await;
    assert_eq!(status, 200, "{closed}");
    let after = no_heat(&app, app.registry.building_a).await;
    assert_eq!(after["outage_id"], Value::Null);
}

#[tokio::test]
async fn closing_an_outage_closes_its_open_tickets_as_restored() {
    let app = TestApp::spawn().await;
    let hq = app.api_as("hq_a").await;
    let early = no_heat(&app, app.registry.building_a).await;
    let outage = register_outage(
        &hq,
        json!({"street": "ул. Первомайская", "starts_at": hours_ago(2),
            "expected_end_at": hours_ahead(4), "reason": "Замена задвижки"}),
    )
    .await;
    let id = outage["id"].as_i64().unwrap();
    let second = no_heat(&app, app.registry.building_a).await;
    let fixed = no_heat(&app, app.registry.building_a).await;
    let org = app.api_as("org_a").await;
    let (status, _) = org
        .post(
            &format!("/api/v1/tickets/{}/close", fixed["id"]),
            json!({"resolution": "fixed", "comment": "Стравили воздух"}),
        )
        .await;
    assert_eq!(status, 200);
    let (_, before) = hq.get(&format!("/api/v1/outages/{id}")).await;
    assert_eq!(
        before["tickets_linked"], 3,
        "the earlier call links too: {before}"
    );
    assert_eq!(before["tickets_open"], 2);

    let (status, closed) = hq
        .post(
            &format!("/api/v1/outages/{id}/close"),
            json!({"comment": "Задвижку заменили, отопление включено"}),
        )
        .await;

    assert_eq!(status, 200, "{closed}");
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["tickets_open"], 0);
    for ticket in [&early, &second] {
        let (_, t) = hq.get(&format!("/api/v1/tickets/{}", ticket["id"])).await;
        assert_eq!(t["status"], "closed");
        assert_eq!(t["resolution"], "outage_restored");
        assert_eq!(
            t["resolution_text"],
            "Задвижку заменили, отопление включено"
        );
    }
    let (_, t) = hq.get(&format!("/api/v1/tickets/{}", fixed["id"])).await;
    assert_eq!(t["resolution"], "fixed");
    let (status, again) = hq
        .post(&format!("/api/v1/outages/{id}/close"), json!({}))
        .await;
    assert_eq!(status, 409, "{again}");
}

#[tokio::test]
async fn a_district_hq_picks_only_its_own_districts_buildings() {
    let app = TestApp::spawn().await;
    let hq = app.api_as("hq_a").await;
    let base =
        json!({"starts_at": hours_ago(1), "expected_end_at": hours_ahead(3), "reason": "Авария"});
    let with = |extra: Value| {
        let mut body = base.clone();
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };

    let (status, foreign) = hq
        .post(
            "/api/v1/outages",
            with(json!({"building_ids": [app.registry.building_b]})),
        )
        .await;
    assert_eq!(status, 422);
    assert!(foreign["errors"]["building_ids"].is_array(), "{foreign}");
    let (status, street) = hq
        .post("/api/v1/outages", with(json!({"street": "ул. Ленина"})))
        .await;
    assert_eq!(status, 422);
    assert!(street["errors"]["street"].is_array(), "{street}");
    let (status, supplier) = hq
        .post(
            "/api/v1/outages",
            with(json!({"supplier_id": app.registry.supplier.0})),
        )
        .await;
    assert_eq!(status, 201, "{supplier}");
    assert_eq!(supplier["building_ids"], json!([app.registry.building_a]));
    let id = supplier["id"].as_i64().unwrap();

    let (status, _) = app
        .api_as("org_b")
        .await
        .get(&format!("/api/v1/outages/{id}"))
        .await;
    assert_eq!(status, 404, "an outage with none of org_b's buildings");
    let operator = app.api_as("operator").await;
    let (status, read) = operator.get(&format!("/api/v1/outages/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(read["can_close"], false);
    let (status, _) = operator
        .post(&format!("/api/v1/outages/{id}/close"), json!({}))
        .await;
    assert_eq!(status, 403);
    let (status, _) = operator.post("/api/v1/outages", base.clone()).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_heat_supplier_picks_only_the_buildings_it_supplies() {
    let app = TestApp::spawn().await;
    let other = other_suppliers_building(&app).await;
    let supplier = app.api_as("supplier").await;
    let times =
        json!({"starts_at": hours_ago(1), "expected_end_at": hours_ahead(3), "reason": "Авария"});
    let mut foreign = times.clone();
    foreign["building_ids"] = json!([other]);
    let mut district = times.clone();
    district["district_id"] = json!(app.registry.district_a.0);

    let (status, refused) = supplier.post("/api/v1/outages", foreign).await;
    let (status_all, all) = supplier.post("/api/v1/outages", district).await;

    assert_eq!(status, 422, "{refused}");
    assert_eq!(status_all, 201, "{all}");
    assert_eq!(all["building_ids"], json!([app.registry.building_a]));
    assert_eq!(all["can_close"], true);
    let mut mine = times.clone();
    mine["building_ids"] = json!([app.registry.building_a]);
    let (status, _) = app
        .api_as("org_a")
        .await
        .post("/api/v1/outages", mine)
        .await;
    assert_eq!(status, 403, "a management company registers no outages");
}

/// A building in district A supplied by a second heat supplier, with its user.
async fn other_suppliers_building(app: &TestApp) -> i64 {
    let db = store::db::Db::connect(&app.db.url).await.unwrap();
    let mut tx = db.begin_write().await.unwrap();
    let other = store::organization::insert(
        &mut tx,
        "МУП «Уфимские инженерные сети»",
        OrganizationKind::HeatSupplier,
        None,
    )
    .await
    .unwrap();
    let address = "ул. Первомайская, д. 40";
    let record = BuildingRecord {
        key: fold(address),
        address: address.into(),
        district_id: app.registry.district_a,
        management_company_id: app.registry.org_a,
        heat_supplier_id: other,
        latitude: None,
        longitude: None,
        apartments: None,
        year_built: None,
    };
    let Upserted::Inserted(id) = store::building::upsert(&mut tx, &record, Timestamp::now())
        .await
        .unwrap()
    else {
        panic!("new building");
    };
    tx.commit().await.unwrap();
    id.0
}

#[tokio::test]
async fn breaches_report_the_hours_over_the_single_and_monthly_limits() {
    let app = TestApp::spawn().await;
    let hq = app.api_as("hq_a").await;
    // A cold, long outage: 20 h at +11 °C against the 8 h limit.
    let cold = register_outage(
        &hq,
        json!({"building_ids": [app.registry.building_a], "starts_at": hours_ago(20),
            "expected_end_at": hours_ago(14), "reason": "Авария", "indoor_temperature": 11.0}),
    )
    .await;
    let (status, cold) = hq
        .post(
            &format!("/api/v1/outages/{}/close", cold["id"]),
            json!({"ended_at": rfc(Timestamp::now())}),
        )
        .await;
    assert_eq!(status, 200, "{cold}");
    assert_eq!(cold["interruption"]["band"], "from_10_to_12");
    assert_eq!(cold["interruption"]["limit_hours"], 8.0);
    let single: Vec<&Value> = cold["breaches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["kind"] == "single")
        .collect();
    assert_eq!(single.len(), 1, "{cold}");
    let over = single[0]["hours_over"].as_f64().unwrap();
    assert!((over - 12.0).abs() < 0.05, "{over}");

    // Two 15 h outages of another building in one past month: 30 h against
    // the 24 h monthly limit.
    let building = other_suppliers_building(&app).await;
    let month = domain::calendar::city_date(Timestamp::now())
        .first_of_month()
        .yesterday()
        .unwrap()
        .first_of_month();
    let at = |day: i8, hour: i8| {
        rfc(domain::calendar::city_instant(
            month.with().day(day).build().unwrap().at(hour, 0, 0, 0),
        ))
    };
    let mut last = Value::Null;
    for day in [3, 10] {
        let o = register_outage(
            &hq,
            json!({"building_ids": [building], "starts_at": at(day, 6),
                "expected_end_at": at(day, 12), "reason": "Плановое отключение"}),
        )
        .await;
        let (status, closed) = hq
            .post(
                &format!("/api/v1/outages/{}/close", o["id"]),
                json!({"ended_at": at(day, 21)}),
            )
            .await;
        assert_eq!(status, 200, "{closed}");
        last = closed;
    }
    let breaches = last["breaches"].as_array().unwrap();
    assert_eq!(breaches.len(), 1, "{last}");
    assert_eq!(breaches[0]["kind"], "monthly");
    assert_eq!(breaches[0]["month"], month.strftime("%Y-%m").to_string());
    assert_eq!(breaches[0]["hours"], 30.0);
    assert_eq!(breaches[0]["hours_over"], 6.0);
    assert_eq!(breaches[0]["building_id"], building);
}

#[tokio::test]
async fn a_buildings_open_outages_are_listed_for_the_operator() {
    let app = TestApp::spawn().await;
    let hq = app.api_as("hq_a").await;
    let open = register_outage(
        &hq,
        json!({"building_ids": [app.registry.building_a], "starts_at": hours_ago(1),
            "expected_end_at": hours_ahead(5), "reason": "Порыв"}),
    )
    .await;
    let operator = app.api_as("operator").await;

    let (status, list) = operator
        .get(&format!(
            "/api/v1/buildings/{}/outages?status=open",
            app.registry.building_a
        ))
        .await;
    let (_, other) = operator
        .get(&format!(
            "/api/v1/buildings/{}/outages?status=open",
            app.registry.building_b
        ))
        .await;
    let (_, filtered) = operator
        .get(&format!(
            "/api/v1/outages?status=open&district_id={}",
            app.registry.district_a.0
        ))
        .await;
    let (bad, _) = operator.get("/api/v1/outages?status=maybe").await;

    assert_eq!(status, 200);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], open["id"]);
    assert_eq!(other.as_array().unwrap().len(), 0);
    assert_eq!(filtered["total"], 1);
    assert_eq!(bad, 422);
}

#[tokio::test]
async fn a_district_hq_registers_and_restores_an_outage_on_the_pages() {
    let app = TestApp::spawn().await;
    let (browser, _) = app.browser_as("hq_a").await;
    let get = async |path: &str| {
        let res = browser
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    };
    let (status, form) = get("/outages/new").await;
    assert_eq!(status, 200);
    let csrf = csrf_of(&form);
    let local = |h: i64| {
        domain::calendar::in_city(Timestamp::now() + SignedDuration::from_hours(h))
            .strftime("%Y-%m-%dT%H:%M")
            .to_string()
    };
    let (starts, ends) = (local(-3), local(4));
    let post = async |path: &str, fields: &[(&str, &str)]| {
        browser
            .post(format!("{}{path}", app.base))
            .form(fields)
            .send()
            .await
            .unwrap()
    };

    let empty = post("/outages", &[("_csrf", &csrf), ("reason", "Авария")]).await;
    let created = post(
        "/outages",
        &[
            ("_csrf", &csrf),
            ("reason", "Порыв на сетях ООО «БашРТС»"),
            ("starts_at", &starts),
            ("expected_end_at", &ends),
            ("street", "Первомайская"),
        ],
    )
    .await;

    assert_eq!(empty.status(), 422);
    assert!(empty.text().await.unwrap().contains("starts_at"));
    assert_eq!(created.status(), 303);
    let location = created.headers()["location"].to_str().unwrap().to_string();
    let (status, page) = get(&location).await;
    assert_eq!(status, 200);
    assert!(page.contains("Порыв на сетях ООО «БашРТС»"), "{page}");
    assert!(page.contains("ул. Первомайская, д. 12"));
    let closed = post(
        &format!("{location}/close"),
        &[("_csrf", &csrf), ("comment", "Восстановили")],
    )
    .await;
    assert_eq!(closed.status(), 303);
    let (_, page) = get(&location).await;
    assert!(page.contains("Восстановлено"), "{page}");
    let (status, list) = get("/outages").await;
    assert_eq!(status, 200);
    assert!(list.contains(&format!("/outages/{}", &location["/outages/".len()..])));
}

#[tokio::test]
async fn the_call_card_warns_of_an_open_outage_before_saving() {
    let app = TestApp::spawn().await;
    let hq = app.api_as("hq_a").await;
    let outage = register_outage(
        &hq,
        json!({"building_ids": [app.registry.building_a], "starts_at": hours_ago(1),
            "expected_end_at": hours_ahead(6), "reason": "Порыв на теплотрассе"}),
    )
    .await;
    let operator = app.api_as("operator").await;

    let (status, warnings) = operator
        .get(&format!(
            "/api/v1/desk/warnings?building_id={}&category=no_heat",
            app.registry.building_a
        ))
        .await;
    assert_eq!(status, 200, "{warnings}");
    assert_eq!(warnings["outages"][0]["id"], outage["id"]);
    let (_, elsewhere) = operator
        .get(&format!(
            "/api/v1/desk/warnings?building_id={}",
            app.registry.building_b
        ))
        .await;
    assert_eq!(elsewhere["outages"].as_array().unwrap().len(), 0);
    let (page, _) = app.browser_as("operator").await;
    let fragment = page
        .get(format!(
            "{}/desk/warnings?building_id={}&category=no_heat",
            app.base, app.registry.building_a
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(fragment.contains("Порыв на теплотрассе"), "{fragment}");
}
