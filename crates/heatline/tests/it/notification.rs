//! Resident notifications: enqueued with each ticket change, delivered by the
//! worker through a provider, retried with backoff against a real local HTTP
//! gateway, skipped for residents who opted out.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::routing::post;
use heatline::app::Ctx;
use heatline::app::notification::{HttpNotifier, HttpNotifierConfig, deliver_pending};
use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::Mutex;

use crate::helpers::{Api, TestApp};

/// A local SMS gateway that answers 503 to its first `failures` requests and
/// 200 after, recording what it received.
#[derive(Clone)]
struct Gateway {
    failures: usize,
    seen: Arc<AtomicUsize>,
    requests: Arc<Mutex<Vec<(String, String)>>>,
}

impl Gateway {
    async fn start(failures: usize) -> (Gateway, String) {
        let gateway = Gateway {
            failures,
            seen: Arc::new(AtomicUsize::new(0)),
            requests: Arc::new(Mutex::new(Vec::new())),
        };
        let app = Router::new()
            .route("/send", post(receive))
            .with_state(gateway.clone());
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        (gateway, url)
    }

    async fn requests(&self) -> Vec<(String, String)> {
        self.requests.lock().await.clone()
    }
}

async fn receive(State(gateway): State<Gateway>, uri: Uri, body: String) -> StatusCode {
    gateway.requests.lock().await.push((uri.to_string(), body));
    if gateway.seen.fetch_add(1, Ordering::SeqCst) < gateway.failures {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    }
}

fn http_notifier(base: &str) -> Arc<HttpNotifier> {
    Arc::new(
        HttpNotifier::new(HttpNotifierConfig {
            url_template: format!("{base}/send?to={{phone}}&ref={{number}}"),
            method: "POST".into(),
            body_template: Some(r#"{"to":"{phone_digits}","text":"{text}"}"#.into()),
            content_type: "application/json".into(),
            authorization: None,
            timeout: Duration::from_secs(5),
        })
        .unwrap(),
    )
}

fn with_gateway(app: &TestApp, base: &str) -> Ctx {
    app.ctx.clone().with_notifier(http_notifier(base))
}

async fn notifications(api: &Api, ticket: &Value) -> Vec<Value> {
    let (status, list) = api
        .get(&format!("/api/v1/notifications?ticket_id={}", ticket["id"]))
        .await;
    assert_eq!(status, 200, "{list}");
    let mut items = list["items"].as_array().unwrap().clone();
    items.reverse();
    items
}

async fn air_lock(app: &TestApp, phone: &str) -> Value {
    app.register(
        json!({"phone": phone, "building_id": app.registry.building_a,
        "category": "air_lock", "description": "Завоздушило стояк"}),
    )
    .await
}

#[tokio::test]
async fn registering_closing_and_reopening_each_notify_the_resident_once() {
    let app = TestApp::spawn().await;
    let ticket = air_lock(&app, &TestApp::phone()).await;
    let id = ticket["id"].as_i64().unwrap();
    let org = app.api_as("org_a").await;
    let hq = app.api_as("hq_a").await;
    org.post(&format!("/api/v1/tickets/{id}/start"), json!({}))
        .await;
    org.post(
        &format!("/api/v1/tickets/{id}/close"),
        json!({"resolution": "fixed", "comment": "Стравили воздух"}),
    )
    .await;
    hq.post(&format!("/api/v1/tickets/{id}/reopen"), json!({}))
        .await;

    let items = notifications(&hq, &ticket).await;

    let kinds: Vec<&str> = items.iter().map(|n| n["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["registered", "closed", "reopened"]);
    let number = ticket["number"].as_str().unwrap();
    assert!(items[0]["text"].as_str().unwrap().contains(number));
    assert!(items[0]["text"].as_str().unwrap().contains("срок"));
    assert!(
        items[1]["text"]
            .as_str()
            .unwrap()
            .contains("Стравили воздух")
    );
    assert!(items.iter().all(|n| n["status"] == "pending"));

    let report = deliver_pending(&app.ctx, Timestamp::now()).await.unwrap();

    assert_eq!(report.sent, 3);
    let items = notifications(&hq, &ticket).await;
    assert!(
        items
            .iter()
            .all(|n| n["status"] == "sent" && n["provider"] == "outbox")
    );
}

#[tokio::test]
async fn a_failing_gateway_is_retried_with_backoff_until_it_accepts() {
    let app = TestApp::spawn().await;
    let (gateway, base) = Gateway::start(2).await;
    let ctx = with_gateway(&app, &base);
    let phone = TestApp::phone();
    let ticket = air_lock(&app, &phone).await;
    let now = Timestamp::now();

    let first = deliver_pending(&ctx, now).await.unwrap();
    let too_soon = deliver_pending(&ctx, now).await.unwrap();
    let second = deliver_pending(&ctx, now + SignedDuration::from_secs(31))
        .await
        .unwrap();
    let still_waiting = deliver_pending(&ctx, now + SignedDuration::from_secs(80))
        .await
        .unwrap();
    let third = deliver_pending(&ctx, now + SignedDuration::from_secs(92))
        .await
        .unwrap();

    assert_eq!(first.retrying, 1);
    assert_eq!(
        too_soon.attempted(),
        0,
        "waits 30 s after the first failure"
    );
    assert_eq!(second.retrying, 1);
    assert_eq!(still_waiting.attempted(), 0, "then 60 s after the second");
    assert_eq!(third.sent, 1);
    let requests = gateway.requests().await;
    assert_eq!(requests.len(), 3);
    let (uri, body) = &requests[2];
    let number = ticket["number"].as_str().unwrap();
    assert!(uri.contains(&format!("ref={number}")), "{uri}");
    assert!(uri.contains(&format!("to=%2B{}", &phone[1..])), "{uri}");
    let body: Value = serde_json::from_str(body).unwrap();
    assert_eq!(body["to"], phone[1..]);
    assert!(body["text"].as_str().unwrap().contains(number));
    let hq = app.api_as("hq_a").await;
    let items = notifications(&hq, &ticket).await;
    assert_eq!(items[0]["status"], "sent");
    assert_eq!(items[0]["attempts"], 3);
    assert_eq!(items[0]["provider"], "http");
}

#[tokio::test]
async fn a_failing_provider_never_fails_the_ticket_change() {
    let (_gateway, base) = Gateway::start(usize::MAX).await;
    let app = TestApp::spawn_with(|ctx| ctx.with_notifier(http_notifier(&base))).await;
    let ticket = air_lock(&app, &TestApp::phone()).await;
    let id = ticket["id"].as_i64().unwrap();
    let org = app.api_as("org_a").await;

    let report = deliver_pending(&app.ctx, Timestamp::now()).await.unwrap();
    let (status, closed) = org
        .post(
            &format!("/api/v1/tickets/{id}/close"),
            json!({"resolution": "fixed"}),
        )
        .await;
    let again = deliver_pending(&app.ctx, Timestamp::now() + SignedDuration::from_secs(31))
        .await
        .unwrap();

    assert_eq!(report.retrying, 1);
    assert_eq!(status, 200, "{closed}");
    assert_eq!(closed["status"], "closed");
    assert_eq!(again.retrying, 2);
    let items = notifications(&org, &ticket).await;
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|n| n["status"] == "pending"));
    assert!(
        items[0]["last_error"].as_str().unwrap().contains("503"),
        "{}",
        items[0]
    );
}

#[tokio::test]
async fn residents_who_opted_out_are_not_notified() {
    let app = TestApp::spawn().await;
    let (gateway, base) = Gateway::start(0).await;
    let ctx = with_gateway(&app, &base);
    let operator = app.api_as("operator").await;
    let quiet = TestApp::phone();
    let (status, done) = operator
        .post("/api/v1/notifications/opt-out", json!({"phone": quiet}))
        .await;
    assert_eq!(status, 200, "{done}");
    let silenced = air_lock(&app, &quiet).await;
    let phone = TestApp::phone();
    let one = air_lock(&app, &phone).await;
    let (status, _) = operator
        .post(
            "/api/v1/notifications/opt-out",
            json!({"ticket_id": one["id"]}),
        )
        .await;
    assert_eq!(status, 200);
    let other = air_lock(&app, &phone).await;

    let report = deliver_pending(&ctx, Timestamp::now()).await.unwrap();

    assert_eq!(report.skipped, 2);
    assert_eq!(report.sent, 1);
    assert_eq!(gateway.requests().await.len(), 1);
    assert_eq!(
        notifications(&operator, &silenced).await[0]["status"],
        "skipped"
    );
    assert_eq!(notifications(&operator, &one).await[0]["status"], "skipped");
    assert_eq!(notifications(&operator, &other).await[0]["status"], "sent");
    let (status, bad) = operator
        .post("/api/v1/notifications/opt-out", json!({"phone": "12"}))
        .await;
    assert_eq!(status, 422, "{bad}");
    let (status, _) = app
        .api_as("org_a")
        .await
        .post("/api/v1/notifications/opt-out", json!({"phone": phone}))
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn phones_in_the_outbox_are_masked_for_roles_without_personal_data() {
    let app = TestApp::spawn().await;
    let phone = TestApp::phone();
    let ticket = air_lock(&app, &phone).await;

    let city = notifications(&app.api_as("hq_city").await, &ticket).await;
    let operator = notifications(&app.api_as("operator").await, &ticket).await;
    let other_org = notifications(&app.api_as("org_b").await, &ticket).await;

    assert!(city[0]["recipient"].as_str().unwrap().contains("***"));
    assert!(!operator[0]["recipient"].as_str().unwrap().contains("***"));
    assert!(other_org.is_empty(), "another organization sees none of it");
}

#[tokio::test]
async fn closing_an_outage_notifies_each_linked_resident() {
    let app = TestApp::spawn().await;
    let hq = app.api_as("hq_a").await;
    let now = Timestamp::now();
    let (status, outage) = hq
        .post(
            "/api/v1/outages",
            json!({"building_ids": [app.registry.building_a],
                "starts_at": domain::calendar::rfc3339(now - SignedDuration::from_hours(1)),
                "expected_end_at": domain::calendar::rfc3339(now + SignedDuration::from_hours(3)),
                "reason": "Порыв на теплотрассе"}),
        )
        .await;
    assert_eq!(status, 201, "{outage}");
    let ticket = app
        .register(
            json!({"phone": TestApp::phone(), "building_id": app.registry.building_a,
            "category": "no_heat", "description": "Нет отопления"}),
        )
        .await;

    let (status, _) = hq
        .post(
            &format!("/api/v1/outages/{}/close", outage["id"]),
            json!({}),
        )
        .await;

    assert_eq!(status, 200);
    let items = notifications(&hq, &ticket).await;
    let kinds: Vec<&str> = items.iter().map(|n| n["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["registered", "closed"]);
    assert!(
        items[1]["text"].as_str().unwrap().contains("восстановлена"),
        "{}",
        items[1]
    );
}
