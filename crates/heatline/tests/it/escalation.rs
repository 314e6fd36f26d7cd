//! Overdue tickets: the escalation pass records one event per missed
//! deadline, lists put overdue tickets first, the district HQ sees them on
//! its escalated list and counted per organization; re-routing keeps the
//! history and restarts the deadline.

use heatline::app::escalation::escalate_overdue;
use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::helpers::csrf_of;

async fn no_heat(app: &TestApp, building: i64) -> i64 {
    let t = app
        .register(json!({"phone": TestApp::phone(), "building_id": building,
            "category": "no_heat", "description": "Холодные батареи"}))
        .await;
    t["id"].as_i64().unwrap()
}

/// Moves a ticket's deadline `hours` into the past, as if time had passed.
async fn make_overdue(app: &TestApp, id: i64, hours: i64) {
    let due = Timestamp::now() - SignedDuration::from_hours(hours);
    let mut tx = app.ctx.db().begin_write().await.unwrap();
    sqlx::query("update tickets set due_at = $1 where id = $2")
        .bind(due.as_millisecond())
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

fn events_of_kind<'a>(ticket: &'a Value, kind: &str) -> Vec<&'a Value> {
    ticket["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == kind)
        .collect()
}

#[tokio::test]
async fn an_overdue_ticket_escalates_once_comes_first_and_is_on_its_district_hqs_list() {
    let app = TestApp::spawn().await;
    let late = no_heat(&app, app.registry.building_a).await;
    let on_time = no_heat(&app, app.registry.building_a).await;
    make_overdue(&app, late, 3).await;
    let operator = app.api_as("operator").await;

    let first = escalate_overdue(&app.ctx, Timestamp::now()).await.unwrap();
    let again = escalate_overdue(&app.ctx, Timestamp::now()).await.unwrap();

    assert_eq!((first, again), (1, 0));
    let (_, ticket) = operator.get(&format!("/api/v1/tickets/{late}")).await;
    let overdue = events_of_kind(&ticket, "overdue");
    assert_eq!(overdue.len(), 1, "{ticket}");
    assert_eq!(
        overdue[0]["after"],
        format!("district_hq:{}", app.registry.district_a.0)
    );
    assert_eq!(ticket["overdue"], true);
    let (_, list) = operator.get("/api/v1/tickets").await;
    let ids: Vec<i64> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![late, on_time], "overdue first, then newest");
    for (page, expected) in [(1, late), (2, on_time)] {
        let (_, list) = operator
            .get(&format!("/api/v1/tickets?page_size=1&page={page}"))
            .await;
        assert_eq!(list["items"][0]["id"], expected, "page {page}: {list}");
        assert_eq!(list["total"], 2);
    }
    let (status, hq) = app.api_as("hq_a").await.get("/api/v1/hq/workspace").await;
    assert_eq!(status, 200, "{hq}");
    assert_eq!(hq["escalated"][0]["ticket_id"], late, "{hq}");
    assert_eq!(hq["escalated"].as_array().unwrap().len(), 1, "{hq}");
    assert_eq!(hq["overdue_by_organization"][0]["tickets"], 1, "{hq}");
    assert_eq!(
        hq["overdue_by_organization"][0]["organization_id"],
        app.registry.org_a.0
    );
}

#[tokio::test]
async fn rerouting_keeps_the_history_restarts_the_deadline_and_a_missed_new_one_escalates_again() {
    let app = TestApp::spawn().await;
    let id = no_heat(&app, app.registry.building_a).await;
    make_overdue(&app, id, 5).await;
    escalate_overdue(&app.ctx, Timestamp::now()).await.unwrap();
    let hq = app.api_as("hq_a").await;

    let (status, ticket) = hq
        .post(
            &format!("/api/v1/tickets/{id}/reroute"),
            json!({"organization_id": app.registry.supplier.0, "reason": "Параметры на вводе ниже графика"}),
        )
        .await;

    assert_eq!(status, 200, "{ticket}");
    assert_eq!(ticket["organization_id"], app.registry.supplier.0);
    assert_eq!(ticket["overdue"], false);
    let due: Timestamp = ticket["due_at"].as_str().unwrap().parse().unwrap();
    assert!(
        due > Timestamp::now() + SignedDuration::from_hours(23),
        "{ticket}"
    );
    let (_, ticket) = hq.get(&format!("/api/v1/tickets/{id}")).await;
    let assigned = events_of_kind(&ticket, "assigned");
    let last = assigned.last().unwrap();
    assert_ne!(last["before"], last["after"], "{ticket}");
    assert_eq!(last["comment"], "Параметры на вводе ниже графика");
    assert_eq!(
        escalate_overdue(&app.ctx, Timestamp::now()).await.unwrap(),
        0
    );
    // Two days on, the new 24-hour deadline is missed too.
    let later = Timestamp::now() + SignedDuration::from_hours(48);
    assert_eq!(escalate_overdue(&app.ctx, later).await.unwrap(), 1);
    let (_, ticket) = hq.get(&format!("/api/v1/tickets/{id}")).await;
    assert_eq!(events_of_kind(&ticket, "overdue").len(), 2);
}

#[tokio::test]
async fn rerouting_needs_a_reason_and_a_real_organization_and_is_not_for_organizations() {
    let app = TestApp::spawn().await;
    let id = no_heat(&app, app.registry.building_a).await;
    let operator = app.api_as("operator").await;
    let path = format!("/api/v1/tickets/{id}/reroute");

    let (status, body) = operator
        .post(&path, json!({"organization_id": 999_999, "reason": "  "}))
        .await;

    assert_eq!(status, 422, "{body}");
    assert!(body["errors"]["reason"].is_array(), "{body}");
    assert!(body["errors"]["organization_id"].is_array(), "{body}");
    let (status, _) = app
        .api_as("org_a")
        .await
        .post(
            &path,
            json!({"organization_id": app.registry.org_b.0, "reason": "не наш дом"}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, body) = operator
        .post(
            &path,
            json!({"organization_id": app.registry.org_b.0, "reason": "Дом обслуживает другая УК"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["organization_id"], app.registry.org_b.0);
}

#[tokio::test]
async fn the_operator_reroutes_on_the_ticket_page_and_an_organization_gets_no_such_form() {
    let app = TestApp::spawn().await;
    let id = no_heat(&app, app.registry.building_a).await;
    let (operator, _) = app.browser_as("operator").await;
    let page = operator
        .get(format!("{}/tickets/{id}", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("id=\"reroute\""), "{page}");
    let csrf = csrf_of(&page);
    let org_b = app.registry.org_b.0.to_string();

    let res = operator
        .post(format!("{}/tickets/{id}/reroute", app.base))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("organization_id", org_b.as_str()),
            ("reason", "Дом на обслуживании другой УК"),
        ])
        .send()
        .await
        .unwrap();

    assert_eq!(res.status(), 303);
    let (_, ticket) = app
        .api_as("operator")
        .await
        .get(&format!("/api/v1/tickets/{id}"))
        .await;
    assert_eq!(ticket["organization_id"], app.registry.org_b.0);
    let (org, _) = app.browser_as("org_b").await;
    let page = org
        .get(format!("{}/tickets/{id}", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Холодные батареи"), "{page}");
    assert!(!page.contains("id=\"reroute\""), "{page}");
}

#[tokio::test]
async fn assigning_an_assigned_ticket_is_rerouting_and_needs_a_reason() {
    let app = TestApp::spawn().await;
    let id = no_heat(&app, app.registry.building_a).await;
    let hq = app.api_as("hq_a").await;
    let path = format!("/api/v1/tickets/{id}/assign");

    let (status, body) = hq
        .post(&path, json!({"organization_id": app.registry.org_b.0}))
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["errors"]["reason"].is_array(), "{body}");

    let (status, body) = hq
        .post(
            &path,
            json!({"organization_id": app.registry.org_b.0, "reason": "Дом передан другой УК"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["organization_id"], app.registry.org_b.0);
    let (_, ticket) = hq.get(&format!("/api/v1/tickets/{id}")).await;
    let assigned: Vec<_> = ticket["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "assigned")
        .collect();
    let last = assigned.last().expect("the re-routing is on the timeline");
    assert_eq!(last["comment"], "Дом передан другой УК");
    assert_ne!(last["before"], last["after"], "{last}");
}
