//! Routing rules and the production calendar stored and edited by the admin:
//! defaults at start, edits that apply to new tickets only, validation naming
//! fields, the audit log, and the admin page.

use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::helpers::csrf_of;

async fn billing_ticket(app: &TestApp) -> Value {
    app.register(
        json!({"phone": TestApp::phone(), "building_id": app.registry.building_a,
        "category": "billing", "description": "Неверное начисление за отопление"}),
    )
    .await
}

fn due_at(ticket: &Value) -> Timestamp {
    ticket["due_at"]
        .as_str()
        .expect("due_at")
        .parse()
        .expect("rfc3339")
}

fn rule<'a>(body: &'a Value, category: &str) -> &'a Value {
    body["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["category"] == category)
        .unwrap_or_else(|| panic!("no rule for {category}: {body}"))
}

#[tokio::test]
async fn the_rules_start_as_the_defaults_and_an_edit_applies_to_new_tickets_only() {
    let app = TestApp::spawn().await;
    let admin = app.api_as("admin").await;
    let (status, body) = app
        .api_as("operator")
        .await
        .get("/api/v1/routing-rules")
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(rule(&body, "billing")["target"], "heat_supplier");
    assert_eq!(rule(&body, "billing")["deadline"], "3wd");
    assert_eq!(rule(&body, "leak")["first_response"], "30m");
    let before = billing_ticket(&app).await;

    let (status, body) = admin
        .put(
            "/api/v1/routing-rules",
            json!({"rules": [{"category": "billing", "target": "management_company", "deadline": "40h"}]}),
        )
        .await;

    assert_eq!(status, 200, "{body}");
    assert_eq!(rule(&body, "billing")["deadline"], "40h");
    let after = billing_ticket(&app).await;
    assert_eq!(
        after["organization_id"].as_i64(),
        Some(app.registry.org_a.0),
        "{after}"
    );
    let created: Timestamp = after["created_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        due_at(&after).duration_since(created),
        SignedDuration::from_hours(40)
    );
    let (_, unchanged) = admin
        .get(&format!("/api/v1/tickets/{}", before["id"]))
        .await;
    assert_eq!(unchanged["due_at"], before["due_at"]);
    assert_eq!(unchanged["organization_id"], before["organization_id"]);
    let (status, log) = admin.get("/api/v1/routing-rules/changes").await;
    assert_eq!(status, 200, "{log}");
    assert_eq!(log[0]["subject"], "routing_rules");
    assert_eq!(log[0]["user"], "admin");
    assert_eq!(log[0]["before"], "billing: heat_supplier 3wd");
    assert_eq!(log[0]["after"], "billing: management_company 40h");
}

#[tokio::test]
async fn a_bad_rule_is_refused_naming_its_fields_and_only_the_admin_may_edit() {
    let app = TestApp::spawn().await;
    let admin = app.api_as("admin").await;

    let (status, body) = admin
        .put(
            "/api/v1/routing-rules",
            json!({"rules": [
                {"category": "billing", "deadline": "3 weeks", "target": "mayor"},
                {"category": "no_heat", "first_response": "0h"},
                {"category": "snow"}
            ]}),
        )
        .await;

    assert_eq!(status, 422, "{body}");
    let errors = &body["errors"];
    for field in [
        "rules.billing.deadline",
        "rules.billing.target",
        "rules.no_heat.first_response",
        "rules[2].category",
    ] {
        assert!(errors[field].is_array(), "{field} missing in {body}");
    }
    let (_, rules) = admin.get("/api/v1/routing-rules").await;
    assert_eq!(
        rule(&rules, "billing")["deadline"],
        "3wd",
        "nothing was saved"
    );
    let (status, _) = app
        .api_as("hq_a")
        .await
        .put(
            "/api/v1/routing-rules",
            json!({"rules": [{"category": "billing", "deadline": "1wd"}]}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .api_as("hq_a")
        .await
        .get("/api/v1/routing-rules/changes")
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn holidays_entered_by_the_admin_push_working_day_deadlines_and_are_audited() {
    let app = TestApp::spawn().await;
    let admin = app.api_as("admin").await;
    let (status, body) = admin.get("/api/v1/holidays").await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body["days"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["date"] == "2026-01-01" && d["kind"] == "holiday"),
        "{body}"
    );
    let usual = billing_ticket(&app).await;
    assert!(due_at(&usual) < Timestamp::now() + SignedDuration::from_hours(24 * 8));
    // Every day of the next three weeks off: three working days end after them.
    let today = Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::get("Asia/Yekaterinburg").unwrap())
        .date();
    let text: String = (0..21)
        .map(|n| format!("{},holiday\n", today + jiff::Span::new().days(n)))
        .collect();

    let (status, body) = admin.put("/api/v1/holidays", json!({"text": text})).await;

    assert_eq!(status, 200, "{body}");
    let later = billing_ticket(&app).await;
    assert!(
        due_at(&later) > Timestamp::now() + SignedDuration::from_hours(24 * 21),
        "{later}"
    );
    let (_, log) = admin.get("/api/v1/routing-rules/changes").await;
    assert_eq!(log[0]["subject"], "calendar");
    assert!(
        log[0]["before"]
            .as_str()
            .unwrap()
            .contains("2026-01-01,holiday")
    );
    assert!(
        log[0]["after"]
            .as_str()
            .unwrap()
            .contains(&format!("{today},holiday"))
    );
    let (status, body) = admin
        .put(
            "/api/v1/holidays",
            json!({"text": "2026-12-31,holiday\n31.12.2026"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["errors"]["text"][0].as_str().unwrap().contains('2'),
        "{body}"
    );
}

#[tokio::test]
async fn the_admin_edits_a_rule_on_the_routing_page_and_sees_the_change_log() {
    let app = TestApp::spawn().await;
    let (browser, _) = app.browser_as("admin").await;
    let page = browser
        .get(format!("{}/admin/routing", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("name=\"deadline.billing\" value=\"3wd\""),
        "{page}"
    );
    let csrf = csrf_of(&page);
    let mut form: Vec<(String, String)> = vec![("_csrf".into(), csrf.clone())];
    for category in [
        "no_heat",
        "air_lock",
        "overheating",
        "billing",
        "leak",
        "hot_water",
        "other",
    ] {
        let value = |name: &str| {
            let key = format!("name=\"{name}.{category}\" value=\"");
            let from = page.find(&key).map(|i| i + key.len());
            from.map(|i| page[i..i + page[i..].find('"').unwrap()].to_string())
                .unwrap_or_default()
        };
        let deadline = if category == "other" {
            "5wd".to_string()
        } else {
            value("deadline")
        };
        form.push((format!("deadline.{category}"), deadline));
        form.push((
            format!("first_response.{category}"),
            value("first_response"),
        ));
    }

    let res = browser
        .post(format!("{}/admin/routing/rules", app.base))
        .form(&form)
        .send()
        .await
        .unwrap();

    assert_eq!(res.status(), 303);
    let page = browser
        .get(format!("{}/admin/routing", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("name=\"deadline.other\" value=\"5wd\""),
        "{page}"
    );
    assert!(page.contains("other: district_hq 5wd"), "{page}");
    assert!(
        !page.contains("no_heat: management_company"),
        "only the changed rule is logged: {page}"
    );
    let res = browser
        .post(format!("{}/admin/routing/holidays", app.base))
        .form(&[("_csrf", csrf.as_str()), ("text", "2026-13-01,holiday")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let (operator, _) = app.browser_as("operator").await;
    let res = operator
        .get(format!("{}/admin/routing", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}
