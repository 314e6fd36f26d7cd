//! Repeat detection, joint inspections, acts against the norms, remarks.

mod norms;
mod pages;
mod repeat;
pub mod report;

use domain::building::BuildingId;
use domain::category::Category;
use domain::phone::Phone;
use domain::ticket::{Channel, NewTicket};
use heatline::app::ticket::{Registration, register_in_tx};
use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};

use crate::helpers::TestApp;

/// Registers a ticket through the real registration path as of `days_ago`
/// (so the repeat-detection hook runs with that day's window); returns its id.
pub async fn register_at(app: &TestApp, building: i64, category: Category, days_ago: f64) -> i64 {
    let at = Timestamp::now() - SignedDuration::from_secs_f64(days_ago * 86_400.0);
    let facts = NewTicket {
        category,
        channel: Channel::Phone,
        phone: Phone::parse(&TestApp::phone()).expect("phone"),
        resident_name: None,
        address: None,
        building_id: Some(BuildingId(building)),
        apartment: Some("7".into()),
        entrance: None,
        description: "Холодные батареи".into(),
    };
    let mut tx = app.ctx.db().begin_write().await.expect("tx");
    let ticket = register_in_tx(
        &app.ctx,
        &mut tx,
        Registration {
            facts,
            category_suggested: false,
            actor: None,
            at,
        },
    )
    .await
    .expect("register");
    tx.commit().await.expect("commit");
    ticket.id.0
}

/// Registers a ticket now through the API as the operator.
pub async fn register_now(app: &TestApp, building: i64, category: &str) -> i64 {
    let ticket = app
        .register(json!({
            "phone": TestApp::phone(),
            "building_id": building,
            "category": category,
            "description": "В квартире холодно",
            "apartment": "12",
        }))
        .await;
    ticket["id"].as_i64().expect("ticket id")
}

/// The building's inspections as the district HQ sees them, newest first.
pub async fn inspections_of(app: &TestApp, building: i64) -> Vec<Value> {
    let hq = app.api_as("hq_a").await;
    let (status, body) = hq
        .get(&format!("/api/v1/inspections?building_id={building}"))
        .await;
    assert_eq!(status, 200, "{body}");
    body["items"].as_array().expect("items").clone()
}

/// Ticket ids linked to an inspection, in link order.
pub async fn linked(app: &TestApp, inspection: i64) -> Vec<i64> {
    let hq = app.api_as("hq_a").await;
    let (status, body) = hq.get(&format!("/api/v1/inspections/{inspection}")).await;
    assert_eq!(status, 200, "{body}");
    body["tickets"]
        .as_array()
        .expect("tickets")
        .iter()
        .map(|t| t["id"].as_i64().expect("id"))
        .collect()
}
