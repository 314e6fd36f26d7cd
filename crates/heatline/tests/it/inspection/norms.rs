//! `POST /api/v1/norms/check` at the boundaries, and the temperature schedules.

use serde_json::{Value, json};

use crate::helpers::TestApp;

/// The first (ПП 354) verdict of each room reading, or the only one of others.
fn main_verdicts(body: &Value) -> Vec<(String, String)> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for v in body["verdicts"].as_array().expect("verdicts") {
        let idx = v["reading_index"].as_u64().unwrap();
        if seen.contains(&idx) {
            continue;
        }
        seen.push(idx);
        out.push((
            v["value"].to_string(),
            v["verdict"].as_str().unwrap().to_string(),
        ));
    }
    out
}

async fn check(app: &TestApp, body: Value) -> (u16, Value) {
    app.api_as("hq_a")
        .await
        .post("/api/v1/norms/check", body)
        .await
}

fn rooms(values: &[f64], corner: bool) -> Value {
    Value::Array(
        values
            .iter()
            .map(|v| json!({"kind": "room_air", "value": v, "corner": corner}))
            .collect(),
    )
}

#[tokio::test]
async fn the_issue_example_answers_in_the_order_of_the_readings() {
    let app = TestApp::spawn().await;
    let (status, body) = check(
        &app,
        json!({"at": "2026-11-20T03:00:00+05:00", "outdoor_temperature": -15, "heat_source_id": null,
            "readings": [{"kind": "room_air", "value": 18.5, "corner": false}, {"kind": "supply", "value": 88},
                {"kind": "return", "value": 60}, {"kind": "hot_water", "value": 56}]}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let verdicts = body["verdicts"].as_array().unwrap();
    let got: Vec<(u64, &str, &str, &str)> = verdicts
        .iter()
        .map(|v| {
            (
                v["reading_index"].as_u64().unwrap(),
                v["kind"].as_str().unwrap(),
                v["verdict"].as_str().unwrap(),
                v["reference"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            // 03:00 is night: 18.5 meets the lowered +17 norm, and СанПиН's +24 maximum.
            (0, "room_air", "ok", "ПП 354 Прил.1 п.15"),
            (0, "room_air", "ok", "СанПиН 1.2.3685-21 табл. 5.27"),
            // The default 95/70 schedule at −15 °C wants supply ≈72.7 and return ≈55.8.
            (1, "supply", "violation", "ПТЭТЭ п.9.2.1"),
            (2, "return", "violation", "ПТЭТЭ п.9.2.1"),
            // Night allows −5 °C: 55 at the tap is the bound, 56 passes.
            (
                3,
                "hot_water",
                "ok",
                "ПП 354 Прил.1 п.5; СанПиН 2.1.3684-21 п.84"
            ),
        ]
    );
    assert_eq!(verdicts[0]["norm"]["min"], 17.0);
    assert_eq!(verdicts[0]["deviation_unit"], "celsius");
    assert_eq!(verdicts[2]["deviation_unit"], "percent");
    assert!(verdicts[2]["deviation"].as_f64().unwrap() > 3.0);
}

#[tokio::test]
async fn room_air_by_day_is_judged_at_plus_twenty_to_the_tenth() {
    let app = TestApp::spawn().await;
    let (status, body) = check(
        &app,
        json!({"at": "2026-11-20T12:00:00+05:00", "readings": rooms(&[19.9, 20.0, 20.1, 24.0, 24.1], false)}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["verdicts"].as_array().unwrap().len(),
        10,
        "two verdicts per room"
    );
    let main = main_verdicts(&body);
    let verdicts: Vec<&str> = main.iter().map(|(_, v)| v.as_str()).collect();
    assert_eq!(verdicts, ["violation", "ok", "ok", "ok", "violation"]);
    // СанПиН says +24 at most in a living room, whatever ПП 354's +4 margin allows.
    let sanitary: Vec<&str> = body["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["reference"].as_str().unwrap().starts_with("СанПиН"))
        .map(|v| v["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(sanitary, ["ok", "ok", "ok", "ok", "violation"]);
    assert_eq!(body["verdicts"][0]["deviation"], -0.1);
}

#[tokio::test]
async fn night_hours_lower_the_room_norm_by_three_degrees_until_five() {
    let app = TestApp::spawn().await;
    let at = |time: &str| format!("2026-11-20T{time}+05:00");
    let cases = [
        ("23:59:59", 19.9, "violation"),
        ("00:00:00", 16.9, "violation"),
        ("00:00:00", 17.0, "ok"),
        ("04:59:59", 17.0, "ok"),
        ("05:00:00", 17.0, "violation"),
        ("05:00:00", 20.0, "ok"),
    ];
    for (time, value, expected) in cases {
        let (status, body) = check(
            &app,
            json!({"at": at(time), "readings": rooms(&[value], false)}),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["verdicts"][0]["verdict"], expected, "{time} {value}");
    }
}

#[tokio::test]
async fn corner_rooms_need_twenty_two() {
    let app = TestApp::spawn().await;
    let (_, body) = check(
        &app,
        json!({"at": "2026-11-20T12:00:00+05:00", "readings": rooms(&[21.9, 22.0, 26.0, 26.1], true)}),
    )
    .await;
    let main: Vec<String> = main_verdicts(&body).into_iter().map(|(_, v)| v).collect();
    assert_eq!(main, ["violation", "ok", "ok", "violation"]);
}

#[tokio::test]
async fn supply_and_return_without_outdoor_temperature_are_not_checked() {
    let app = TestApp::spawn().await;
    let (status, body) = check(
        &app,
        json!({"at": "2026-11-20T12:00:00+05:00",
            "readings": [{"kind": "supply", "value": 70}, {"kind": "hot_water", "value": 39.9}]}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["verdicts"][0]["verdict"], "not_checked");
    assert!(body["verdicts"][0]["norm"].is_null());
    assert_eq!(body["verdicts"][1]["verdict"], "violation");
    assert_eq!(body["verdicts"][1]["billed_as_cold_water"], true);
}

#[tokio::test]
async fn a_bad_request_names_every_field() {
    let app = TestApp::spawn().await;
    let (status, body) = check(
        &app,
        json!({"outdoor_temperature": -15, "heat_source_id": app.registry.org_a.0,
            "readings": [{"kind": "steam", "value": 90}, {"kind": "room_air", "value": 195}, {"kind": "supply"}]}),
    )
    .await;
    assert_eq!(status, 422);
    for field in [
        "at",
        "heat_source_id",
        "readings[0].kind",
        "readings[1].value",
        "readings[2].value",
    ] {
        assert!(body["errors"][field].is_array(), "{field}: {body}");
    }
    let anonymous = app.anonymous();
    assert_eq!(
        anonymous.post("/api/v1/norms/check", json!({})).await.0,
        401
    );
}

#[tokio::test]
async fn a_loaded_schedule_is_interpolated_and_held_to_three_percent() {
    let app = TestApp::spawn().await;
    let admin = app.api_as("admin").await;
    let supplier = app.registry.supplier.0;
    let (status, body) = admin
        .post(
            "/api/v1/temperature-schedules",
            json!({"heat_supplier_id": supplier, "csv": "outdoor,supply,return\n10,80,33\n0,85,45\n-10,110,55\nx,1,2\n0,90,50\n"}),
        )
        .await;
    assert_eq!(status, 422);
    let errors: Vec<&str> = body["errors"]["csv"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("line 5"), "{errors:?}");
    assert!(errors[1].starts_with("line 6"), "{errors:?}");
    let csv = "outdoor,supply,return\n10,80,33\n0,85,45\n-10,110,55\n-20,135,65\n-28,150,70\n";
    let (status, body) = admin
        .post(
            "/api/v1/temperature-schedules",
            json!({"heat_supplier_id": supplier, "csv": csv}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["points"].as_array().unwrap().len(), 5);
    let hq = app.api_as("hq_a").await;
    assert_eq!(
        hq.post(
            "/api/v1/temperature-schedules",
            json!({"heat_supplier_id": supplier, "csv": csv})
        )
        .await
        .0,
        403
    );
    let (_, listed) = hq.get("/api/v1/temperature-schedules").await;
    assert_eq!(listed["items"][0]["heat_supplier"]["id"], supplier);

    // At −5 °C the schedule wants (85 + 110) / 2 = 97.5: ±3 % is 94.575…100.425.
    let (status, body) = check(
        &app,
        json!({"at": "2026-11-20T12:00:00+05:00", "outdoor_temperature": -5, "heat_source_id": supplier,
            "readings": [{"kind": "supply", "value": 94.5}, {"kind": "supply", "value": 94.6},
                {"kind": "supply", "value": 100.4}, {"kind": "supply", "value": 100.5},
                {"kind": "return", "value": 52.5}, {"kind": "return", "value": 52.6}]}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let verdicts: Vec<&str> = body["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["verdict"].as_str().unwrap())
        .collect();
    // Return: 50 + 5 % = 52.5 is the most allowed.
    assert_eq!(
        verdicts,
        ["violation", "ok", "ok", "violation", "ok", "violation"]
    );
    assert_eq!(body["verdicts"][0]["norm"]["scheduled"], 97.5);
}

#[tokio::test]
async fn every_inspection_endpoint_is_in_the_openapi_document() {
    let app = TestApp::spawn().await;
    let (status, doc) = app.anonymous().get("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    let paths = &doc["paths"];
    for (path, method) in [
        ("/api/v1/norms/check", "post"),
        ("/api/v1/inspections", "get"),
        ("/api/v1/inspections/{id}", "get"),
        ("/api/v1/inspections/{id}/schedule", "post"),
        ("/api/v1/inspections/{id}/cancel", "post"),
        ("/api/v1/inspections/{id}/report", "post"),
        ("/api/v1/inspections/{id}/photos", "post"),
        ("/api/v1/repeat-policy", "put"),
        ("/api/v1/temperature-schedules", "post"),
        ("/api/v1/remarks", "get"),
        ("/api/v1/remarks", "post"),
        ("/api/v1/remarks/{id}/eliminate", "post"),
        ("/api/v1/remarks/{id}/verify", "post"),
        ("/api/v1/remarks/{id}/reject", "post"),
    ] {
        assert!(paths[path][method].is_object(), "{method} {path}");
    }
    let verdict =
        &doc["components"]["schemas"]["VerdictsJson"]["properties"]["verdicts"]["description"];
    assert!(
        verdict.as_str().unwrap_or_default().contains("two entries"),
        "{verdict}"
    );
}
