//! The organization's workspace: its queue in tabs with counts and only its
//! own tickets, the billing rule (no close without an answer, on every
//! path), answers on the resident's timeline, and response templates that
//! pre-fill the close form.

use jiff::{SignedDuration, Timestamp};
use serde_json::json;

use crate::helpers::{Api, TestApp, csrf_of, page};

async fn ticket(app: &TestApp, building: i64, category: &str) -> (i64, String) {
    let t = app
        .register(json!({"phone": TestApp::phone(), "building_id": building,
            "category": category, "description": "Холодно в квартире"}))
        .await;
    (
        t["id"].as_i64().unwrap(),
        t["number"].as_str().unwrap().to_string(),
    )
}

/// The count shown on a tab: the badge after `id="tab-<code>"`.
fn tab_count(html: &str, code: &str) -> i64 {
    let at = html
        .find(&format!("id=\"tab-{code}\""))
        .unwrap_or_else(|| panic!("no tab {code}"));
    let badge = "class=\"badge\">";
    let from = at + html[at..].find(badge).unwrap() + badge.len();
    let to = from + html[from..].find('<').unwrap();
    html[from..to].parse().unwrap()
}

async fn overdue_by(app: &TestApp, id: i64, hours: i64) {
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

async fn close(
    api: &Api,
    id: i64,
    resolution: &str,
    comment: Option<&str>,
) -> (u16, serde_json::Value) {
    api.post(
        &format!("/api/v1/tickets/{id}/close"),
        json!({"resolution": resolution, "comment": comment}),
    )
    .await
}

#[tokio::test]
async fn the_queue_shows_tabs_with_counts_and_only_the_organizations_own_tickets() {
    let app = TestApp::spawn().await;
    let (_, new_number) = ticket(&app, app.registry.building_a, "no_heat").await;
    let (started, started_number) = ticket(&app, app.registry.building_a, "air_lock").await;
    let (late, late_number) = ticket(&app, app.registry.building_a, "no_heat").await;
    let (closed, _) = ticket(&app, app.registry.building_a, "leak").await;
    let (_, other_number) = ticket(&app, app.registry.building_b, "no_heat").await;
    let org = app.api_as("org_a").await;
    org.post(&format!("/api/v1/tickets/{started}/start"), json!({}))
        .await;
    overdue_by(&app, late, 2).await;
    let (status, body) = close(&org, closed, "fixed", Some("Заменили прокладку")).await;
    assert_eq!(status, 200, "{body}");
    let browser = app.browser_as("org_a").await.0;

    let (status, html) = page(&browser, format!("{}/queue", app.base)).await;

    assert_eq!(status, 200, "{html}");
    assert_eq!(tab_count(&html, "new"), 1, "{html}");
    assert_eq!(tab_count(&html, "in_progress"), 1);
    assert_eq!(tab_count(&html, "overdue"), 1);
    assert_eq!(tab_count(&html, "closed_week"), 1);
    assert!(html.contains(&new_number) && !html.contains(&late_number));
    assert!(!html.contains(&other_number), "org B's ticket leaked");
    let (_, html) = page(&browser, format!("{}/queue?tab=overdue", app.base)).await;
    assert!(html.contains(&late_number) && !html.contains(&started_number));
    let (_, html) = page(&browser, format!("{}/queue?tab=in_progress", app.base)).await;
    assert!(html.contains(&started_number));
    let (status, _) = page(
        &app.browser_as("operator").await.0,
        format!("{}/queue", app.base),
    )
    .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_billing_ticket_cannot_be_closed_without_an_answer_on_any_path() {
    let app = TestApp::spawn().await;
    let (id, _) = ticket(&app, app.registry.building_a, "billing").await;
    let supplier = app.api_as("supplier").await;
    let hq = app.api_as("hq_a").await;

    for (api, comment) in [(&supplier, None), (&supplier, Some("   ")), (&hq, Some(""))] {
        let (status, body) = close(api, id, "explained", comment).await;
        assert_eq!(status, 422, "{body}");
        let message = body["errors"]["comment"][0].as_str().unwrap();
        assert!(
            message.contains("начислениях") || message.contains("billing"),
            "{body}"
        );
    }

    let browser = app.browser_as("supplier").await.0;
    let (_, html) = page(&browser, format!("{}/queue", app.base)).await;
    let csrf = csrf_of(&html);
    let csrf = csrf.as_str();
    let res = browser
        .post(format!("{}/tickets/{id}/close", app.base))
        .form(&[
            ("_csrf", csrf),
            ("resolution", "explained"),
            ("comment", ""),
            ("return_to", "/queue"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let (_, ticket) = supplier.get(&format!("/api/v1/tickets/{id}")).await;
    assert_ne!(ticket["status"], "closed");
    let (status, body) = close(
        &supplier,
        id,
        "explained",
        Some("Начисление по нормативу верное"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "closed");
}

#[tokio::test]
async fn templates_prefill_the_close_form_and_answers_reach_the_residents_timeline() {
    let app = TestApp::spawn().await;
    let (id, number) = ticket(&app, app.registry.building_a, "billing").await;
    let supplier = app.api_as("supplier").await;
    let text = "Перерасчёт будет сделан в следующем платёжном документе";

    let (status, body) = supplier
        .put(
            "/api/v1/response-templates",
            json!({"templates": [{"category": "billing", "resolution": "explained", "body": text}]}),
        )
        .await;

    assert_eq!(status, 200, "{body}");
    assert_eq!(body["templates"][0]["body"], text);
    let (status, body) = supplier
        .put(
            "/api/v1/response-templates",
            json!({"templates": [{"category": "snow", "resolution": "fixed", "body": "x"}]}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["templates[0].category"].is_array(), "{body}");
    let (_, others) = app
        .api_as("org_a")
        .await
        .get("/api/v1/response-templates")
        .await;
    assert_eq!(
        others["templates"].as_array().unwrap().len(),
        0,
        "per organization"
    );
    let (status, _) = app
        .api_as("operator")
        .await
        .get("/api/v1/response-templates")
        .await;
    assert_eq!(status, 403);
    let browser = app.browser_as("supplier").await.0;
    let (_, html) = page(&browser, format!("{}/queue", app.base)).await;
    assert!(html.contains(&number));
    assert!(
        html.contains(&format!("required>{text}</textarea>")),
        "{html}"
    );
    assert!(html.contains("value=\"explained\" selected"), "{html}");

    let (status, body) = supplier
        .post(
            &format!("/api/v1/tickets/{id}/answer"),
            json!({"text": "Проверяем начисление, ответим до пятницы"}),
        )
        .await;

    assert_eq!(status, 200, "{body}");
    assert_ne!(body["status"], "closed");
    let (_, ticket) = supplier.get(&format!("/api/v1/tickets/{id}")).await;
    let answered = ticket["events"].as_array().unwrap().iter().any(|e| {
        e["kind"] == "answered" && e["comment"] == "Проверяем начисление, ответим до пятницы"
    });
    assert!(answered, "{ticket}");
    let (status, _) = supplier
        .post(
            &format!("/api/v1/tickets/{id}/answer"),
            json!({"text": " "}),
        )
        .await;
    assert_eq!(status, 422);
}
