//! The call forecast, the staffing plan and the `/forecast` page, on a history
//! of five weeks seeded before today.

use domain::category::Category;
use domain::phone::Phone;
use domain::ticket::{Channel, NewTicket};
use heatline::app::ticket::{Registration, register_in_tx};
use jiff::ToSpan;
use jiff::civil::Date;
use serde_json::{Value, json};

use crate::helpers::TestApp;

fn today() -> Date {
    domain::calendar::city_date(jiff::Timestamp::now())
}

/// `days` days before today: a falling number of calls a day (more on
/// Mondays), between 09:00 and 17:00 city time, every fifth about billing.
async fn seed_history(app: &TestApp, days: i32) {
    let mut tx = app.ctx.db().begin_write().await.unwrap();
    for back in 1..=days {
        let date = today().checked_sub(back.days()).unwrap();
        let monday = date.weekday() == jiff::civil::Weekday::Monday;
        let n = 4 + back / 3 + if monday { 3 } else { 0 };
        for i in 0..n {
            let hour = 9 + (i % 8) as i8;
            let at = domain::calendar::city_instant(date.at(hour, (i * 7 % 60) as i8, 0, 0));
            let category = if i % 5 == 4 {
                Category::Billing
            } else {
                Category::NoHeat
            };
            let facts = NewTicket {
                category,
                channel: Channel::Phone,
                phone: Phone::parse(&TestApp::phone()).unwrap(),
                resident_name: None,
                address: None,
                // Alternating buildings keeps repeat detection out of the way.
                building_id: Some(domain::building::BuildingId(if i % 2 == 0 {
                    app.registry.building_a
                } else {
                    app.registry.building_b
                })),
                apartment: None,
                entrance: None,
                description: "Холодно".into(),
            };
            let registration = Registration {
                facts,
                category_suggested: false,
                actor: None,
                at,
            };
            register_in_tx(&app.ctx, &mut tx, registration)
                .await
                .unwrap();
        }
    }
    tx.commit().await.unwrap();
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("a number: {v}"))
}

#[tokio::test]
async fn the_forecast_covers_four_weeks_per_day_and_hour_with_a_backtest() {
    let app = TestApp::spawn().await;
    seed_history(&app, 42).await;
    let run = today().checked_add(5.days()).unwrap().to_string();
    let (status, _) = app
        .api_as("admin")
        .await
        .post("/api/v1/billing-runs", json!({"date": run}))
        .await;
    assert_eq!(status, 204);
    let city = app.api_as("hq_city").await;

    let (status, body) = city.get("/api/v1/forecast?weeks=4").await;

    assert_eq!(status, 200, "{body}");
    let days = body["days"].as_array().unwrap();
    assert_eq!(days.len(), 28);
    assert_eq!(body["from"], today().to_string());
    assert_eq!(days[0]["date"], today().to_string());
    for day in days {
        assert!(f(&day["lower"]) <= f(&day["expected"]) && f(&day["expected"]) <= f(&day["upper"]));
    }
    let hours = body["hours"].as_array().unwrap();
    assert_eq!(hours.len(), 28 * 24);
    let first_day: f64 = hours[..24].iter().map(|h| f(&h["expected"])).sum();
    assert!(
        (first_day - f(&days[0]["expected"])).abs() < 1e-6,
        "hours add up to the day"
    );
    assert_eq!(f(&hours[3]["expected"]), 0.0, "nobody called at 03:00");
    assert!(
        body["billing_runs"]
            .as_array()
            .unwrap()
            .contains(&json!(run))
    );
    assert_eq!(
        body["temperature_days"], 0,
        "no inspection recorded a temperature"
    );
    let backtest = &body["backtest"];
    assert_eq!(backtest["holdout_days"], 21);
    let mape = f(&backtest["mape"]);
    assert!(
        mape > 0.0 && mape < 1.0,
        "a real error on a regular history: {mape}"
    );
    assert_eq!(body["actual"].as_array().unwrap().len(), 42);
    assert!(
        body["billing_days"]
            .as_array()
            .is_some_and(|d| d.len() == 28)
    );
}

#[tokio::test]
async fn the_forecast_is_for_city_hq_and_admin_and_needs_history() {
    let app = TestApp::spawn().await;
    for login in ["operator", "org_a", "hq_a", "controller"] {
        let (status, _) = app.api_as(login).await.get("/api/v1/forecast").await;
        assert_eq!(status, 403, "{login}");
        let (status, _) = app.api_as(login).await.get("/api/v1/staffing").await;
        assert_eq!(status, 403, "{login}");
    }
    let admin = app.api_as("admin").await;

    let (status, body) = admin.get("/api/v1/forecast").await;
    assert_eq!(status, 422);
    assert!(body["errors"]["history"].is_array(), "{body}");
    let (status, body) = admin.get("/api/v1/forecast?weeks=9").await;
    assert_eq!(status, 422);
    assert!(body["errors"]["weeks"].is_array(), "{body}");
    let (status, _) = app
        .api_as("hq_city")
        .await
        .post("/api/v1/billing-runs", json!({"date": "2026-12-01"}))
        .await;
    assert_eq!(status, 403, "only the administrator records billing runs");
    let (_, doc) = app.anonymous().get("/api/v1/openapi.json").await;
    for path in [
        "/api/v1/forecast",
        "/api/v1/staffing",
        "/api/v1/billing-runs",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} in the OpenAPI document"
        );
    }
    let formats = &doc["paths"]["/api/v1/tickets"]["get"]["responses"]["200"]["content"];
    assert!(formats["text/csv"].is_object(), "{formats}");
}

#[tokio::test]
async fn staffing_answers_eighty_percent_within_twenty_seconds_each_hour() {
    let app = TestApp::spawn().await;
    seed_history(&app, 35).await;
    let city = app.api_as("hq_city").await;
    let tomorrow = today().tomorrow().unwrap().to_string();

    let (status, body) = city
        .get(&format!("/api/v1/staffing?date={tomorrow}&aht=600"))
        .await;

    assert_eq!(status, 200, "{body}");
    assert_eq!(body["date"], tomorrow);
    assert_eq!(f(&body["aht_seconds"]), 600.0);
    let hours = body["hours"].as_array().unwrap();
    assert_eq!(hours.len(), 24);
    for h in hours {
        if f(&h["calls"]) == 0.0 {
            assert_eq!(h["agents"], 0);
        } else {
            assert!(h["agents"].as_u64().unwrap() >= 1);
            assert!(f(&h["service_level"]) >= 0.8, "{h}");
            assert!(f(&h["occupancy"]) <= 0.85, "{h}");
        }
    }
    assert!(
        hours[10]["agents"].as_u64().unwrap() >= 1,
        "office hours are staffed"
    );
    let yesterday = today().yesterday().unwrap();
    let (status, body) = city
        .get(&format!("/api/v1/staffing?date={yesterday}"))
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["date"].is_array(), "{body}");
}

#[tokio::test]
async fn the_forecast_page_draws_charts_and_the_staffing_table() {
    let app = TestApp::spawn().await;
    seed_history(&app, 35).await;
    let (browser, _) = app.browser_as("hq_city").await;

    let page = browser
        .get(format!("{}/forecast", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();

    assert!(page.contains("Прогноз обращений"), "{page}");
    assert!(page.contains("href=\"/forecast\""), "in the menu");
    assert_eq!(
        page.matches("<svg").count(),
        2,
        "the daily and the staffing chart"
    );
    assert!(page.contains("<polygon"), "an interval band");
    assert!(page.contains("data-mape"), "the back-test error");
    assert_eq!(page.matches("data-agents").count(), 24);
    let english = browser
        .get(format!("{}/forecast?lang=en", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(english.contains("Call forecast and staffing"), "{english}");

    let (operator, _) = app.browser_as("operator").await;
    let res = operator
        .get(format!("{}/forecast", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}
