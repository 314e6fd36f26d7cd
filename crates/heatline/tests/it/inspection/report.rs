//! The visit end to end over HTTP: schedule → act with readings → remarks to
//! the right organizations → eliminate → verify; photos; scope.

use domain::district::DistrictId;
use domain::user::{Role, Scope};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp};
use crate::inspection::{inspections_of, register_now};

/// A city date `days` from today, so the fixtures never fall into the past.
fn day(days: i64) -> String {
    let today = domain::calendar::city_date(jiff::Timestamp::now());
    today
        .checked_add(jiff::Span::new().days(days))
        .unwrap()
        .to_string()
}

/// The visit day of these tests: four days ago.
fn visit_day() -> String {
    day(-4)
}

/// Opens an inspection of building A by two calls; returns its id.
async fn open_inspection(app: &TestApp) -> i64 {
    register_now(app, app.registry.building_a, "no_heat").await;
    register_now(app, app.registry.building_a, "no_heat").await;
    inspections_of(app, app.registry.building_a).await[0]["id"]
        .as_i64()
        .unwrap()
}

/// A district HQ user of another district.
async fn other_district_hq(app: &TestApp) -> String {
    let mut tx = app.ctx.db().begin_write().await.unwrap();
    let district = store::district::insert(&mut tx, "Дёмский").await.unwrap();
    let hash = heatline::app::auth::hash_password(PASSWORD).unwrap();
    let user = store::user::NewUser {
        login: "hq_demsky",
        name: "hq_demsky",
        password_hash: &hash,
        role: Role::DistrictHq,
        scope: Scope::District(DistrictId(district.0)),
    };
    store::user::insert(&mut tx, &user, jiff::Timestamp::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    "hq_demsky".into()
}

pub fn act() -> Value {
    json!({
        "visited_at": format!("{}T11:00:00+05:00", visit_day()),
        "outdoor_temperature": 0,
        // The default 95/70 schedule at 0 °C wants 53.4 / 43.9: supply is 12 % low.
        "supply_temperature": 47.0,
        "return_temperature": 40.0,
        "supply_pressure": 0.6,
        "return_pressure": 0.45,
        "rooms": [
            {"apartment": "12", "room": "спальня", "corner": true, "air_temperature": 19.5, "measured_at": "11:20"},
            {"apartment": "12", "room": "зал", "corner": false, "air_temperature": 20.4},
        ],
        "hot_water": [{"apartment": "12", "value": 52.0}],
        "instrument": "Testo 905-T1 № 4411",
        "instrument_verified_on": "2026-03-01",
        "findings": "Температура теплоносителя на вводе ниже графика.",
        "participants": [
            {"party": "district_hq", "name": "Иванов И. И.", "job_title": "начальник штаба"},
            {"party": "management_company", "name": "Петров П. П."},
            {"party": "heat_supplier", "name": "Сидоров С. С.", "refused_to_sign": true, "refusal_reason": "не согласен"},
        ],
        "remarks_due_on": day(1),
    })
}

#[tokio::test]
async fn a_visit_goes_from_schedule_to_verified_remarks() {
    let app = TestApp::spawn().await;
    let id = open_inspection(&app).await;
    let (org_a, supplier) = (app.registry.org_a.0, app.registry.supplier.0);
    let hq = app.api_as("hq_a").await;

    let (status, body) = hq
        .post(
            &format!("/api/v1/inspections/{id}/schedule"),
            json!({"visit_at": format!("{}T11:00", visit_day()), "member_organization_ids": [org_a, supplier],
                "note": "от штаба: Иванов И. И."}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "scheduled");
    assert_eq!(body["visit_at"], format!("{}T11:00:00+05:00", visit_day()));
    // The invited organizations find the visit in their own list.
    for login in ["org_a", "supplier"] {
        let (_, list) = app.api_as(login).await.get("/api/v1/inspections").await;
        assert_eq!(list["items"][0]["id"], id, "{login}");
        assert_eq!(list["items"][0]["status"], "scheduled");
    }

    let (status, body) = hq
        .post(&format!("/api/v1/inspections/{id}/report"), act())
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "completed");
    let report = &body["report"];
    assert_eq!(report["participants"][2]["refused_to_sign"], true);
    let verdicts: Vec<(&str, &str)> = report["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["kind"].as_str().unwrap(), v["verdict"].as_str().unwrap()))
        .collect();
    assert_eq!(
        verdicts,
        [
            ("supply", "violation"),
            ("return", "ok"),
            ("room_air", "violation"),
            ("room_air", "ok"),
            ("room_air", "ok"),
            ("room_air", "ok"),
            ("hot_water", "violation"),
        ]
    );
    let mut remarks: Vec<(i64, &str)> = body["remarks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["organization_id"].as_i64().unwrap(),
                r["issue"].as_str().unwrap(),
            )
        })
        .collect();
    remarks.sort();
    let mut expected = vec![
        (supplier, "supply_off_schedule"),
        // The corner room is cold because the supply is low: the supplier's.
        (supplier, "room_too_cold"),
        (org_a, "hot_water_too_cold"),
    ];
    expected.sort();
    assert_eq!(remarks, expected);
    assert!(body["proposed_remarks"].as_array().unwrap().is_empty());
    assert_eq!(
        body["remarks"][0]["due_at"],
        format!("{}T23:59:59+05:00", day(1))
    );

    // Saving the act again (a correction) creates no duplicate remarks.
    let (status, body) = hq
        .post(&format!("/api/v1/inspections/{id}/report"), act())
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["remarks"].as_array().unwrap().len(), 3);

    // The management company sees only its own remark.
    let company = app.api_as("org_a").await;
    let (_, mine) = company.get("/api/v1/remarks").await;
    assert_eq!(mine["total"], 1, "{mine}");
    let remark = mine["items"][0]["id"].as_i64().unwrap();
    assert_eq!(mine["items"][0]["issue"], "hot_water_too_cold");
    let (_, supplier_remarks) = app.api_as("supplier").await.get("/api/v1/remarks").await;
    assert_eq!(supplier_remarks["total"], 2);
    let other = supplier_remarks["items"][0]["id"].as_i64().unwrap();
    assert_eq!(
        company.get(&format!("/api/v1/remarks/{other}")).await.0,
        404
    );
    assert_eq!(
        app.api_as("org_b")
            .await
            .get(&format!("/api/v1/remarks/{remark}"))
            .await
            .0,
        404
    );
    assert_eq!(
        app.api_as("org_b")
            .await
            .get(&format!("/api/v1/inspections/{id}"))
            .await
            .0,
        404
    );

    // Eliminate needs a comment; only the owner claims, only the HQ verifies.
    let path = |step: &str| format!("/api/v1/remarks/{remark}/{step}");
    assert_eq!(company.post(&path("eliminate"), json!({})).await.0, 422);
    assert_eq!(
        hq.post(&path("eliminate"), json!({"comment": "x"})).await.0,
        403
    );
    let (status, body) = company
        .post(
            &path("eliminate"),
            json!({"comment": "Промыт стояк ГВС, 61 °C"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "eliminated");
    assert_eq!(company.post(&path("verify"), json!({})).await.0, 403);
    let (status, body) = hq
        .post(
            &path("reject"),
            json!({"comment": "При проверке 50 °C", "due": day(7)}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "open");
    assert_eq!(body["due_at"], format!("{}T23:59:59+05:00", day(7)));
    company
        .post(&path("eliminate"), json!({"comment": "Заменён смеситель"}))
        .await;
    let (status, body) = hq.post(&path("verify"), json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "verified");
    assert_eq!(
        hq.post(&path("verify"), json!({})).await.0,
        422,
        "verified is final"
    );
}

#[tokio::test]
async fn another_districts_hq_finds_nothing() {
    let app = TestApp::spawn().await;
    let id = open_inspection(&app).await;
    let login = other_district_hq(&app).await;
    let stranger = app.api_as(&login).await;

    assert_eq!(
        stranger.get(&format!("/api/v1/inspections/{id}")).await.0,
        404
    );
    let (_, list) = stranger.get("/api/v1/inspections").await;
    assert_eq!(list["total"], 0);
    let (status, _) = stranger
        .post(
            &format!("/api/v1/inspections/{id}/schedule"),
            json!({"visit_at": format!("{}T11:00", visit_day()), "member_organization_ids": [app.registry.org_a.0]}),
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(
        stranger
            .post(&format!("/api/v1/inspections/{id}/report"), act())
            .await
            .0,
        404
    );
    // Organizations read but never run a visit.
    let company = app.api_as("org_a").await;
    assert_eq!(
        company.get(&format!("/api/v1/inspections/{id}")).await.0,
        200
    );
    assert_eq!(
        company
            .post(&format!("/api/v1/inspections/{id}/report"), act())
            .await
            .0,
        403
    );
}

#[tokio::test]
async fn an_act_without_violations_proposes_no_remarks() {
    let app = TestApp::spawn().await;
    let id = open_inspection(&app).await;
    let hq = app.api_as("hq_a").await;
    let (status, body) = hq
        .post(
            &format!("/api/v1/inspections/{id}/report"),
            json!({"visited_at": format!("{}T14:00", visit_day()), "outdoor_temperature": 0,
                "supply_temperature": 53.0, "return_temperature": 43.0,
                "rooms": [{"apartment": "3", "room": "кухня", "air_temperature": 21.0}]}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    // An open inspection is scheduled for the act's time with the building's organizations.
    assert_eq!(body["status"], "completed");
    assert_eq!(body["visit_at"], format!("{}T14:00:00+05:00", visit_day()));
    assert_eq!(body["members"].as_array().unwrap().len(), 2);
    assert!(body["remarks"].as_array().unwrap().is_empty());
    let (status, body) = hq
        .post(
            &format!("/api/v1/inspections/{id}/report"),
            json!({"findings": "нет замеров"}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["readings"].is_array(), "{body}");
}

#[tokio::test]
async fn photos_must_be_images_of_at_most_five_megabytes() {
    let app = TestApp::spawn().await;
    let id = open_inspection(&app).await;
    let hq = app.api_as("hq_a").await;
    let path = format!("/api/v1/inspections/{id}/photos?caption=Узел%20ввода");
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();

    let (status, body) = hq.post_bytes(&path, "image/png", png.clone()).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["content_type"], "image/png");
    let url = body["url"].as_str().unwrap().to_string();
    let (status, content_type, bytes) = hq.get_bytes(&url).await;
    assert_eq!((status, content_type.as_str()), (200, "image/png"));
    assert_eq!(bytes, png);

    // A PDF called a JPEG is still a PDF.
    let (status, body) = hq
        .post_bytes(&path, "image/jpeg", b"%PDF-1.7 ...".to_vec())
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["photo"].is_array(), "{body}");
    let mut big = vec![0u8; 5 * 1024 * 1024 + 1];
    big[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
    let (status, body) = hq.post_bytes(&path, "image/jpeg", big).await;
    assert_eq!(status, 422);
    assert!(
        body["errors"]["photo"][0].as_str().unwrap().contains("MB"),
        "{body}"
    );
    let (_, details) = hq.get(&format!("/api/v1/inspections/{id}")).await;
    assert_eq!(details["photos"].as_array().unwrap().len(), 1);
    let login = other_district_hq(&app).await;
    assert_eq!(app.api_as(&login).await.get_bytes(&url).await.0, 404);
}
