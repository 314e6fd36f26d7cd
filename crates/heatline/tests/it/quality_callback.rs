//! Quality callbacks over HTTP: the controller's queue (only closed tickets,
//! never called twice), sampling, the reopening a `not_solved` causes, scope,
//! and the statistics against hand-counted fixtures.

use domain::quality_callback::retry::DayPart;
use serde_json::{Value, json};

use crate::helpers::{Api, TestApp, csrf_of, page};

const QUEUE: &str = "/api/v1/quality-callbacks/queue";

/// Registers a ticket in district A (`a`) or B and returns its id.
async fn ticket(app: &TestApp, in_a: bool, category: &str) -> i64 {
    let building = if in_a {
        app.registry.building_a
    } else {
        app.registry.building_b
    };
    let t = app
        .register(json!({"phone": TestApp::phone(), "building_id": building,
            "category": category, "description": "Холодные батареи", "name": "Айгуль Сафина"}))
        .await;
    t["id"].as_i64().unwrap()
}

/// Starts and closes a ticket as its organization.
async fn close(org: &Api, id: i64) {
    org.post(&format!("/api/v1/tickets/{id}/start"), json!({}))
        .await;
    let (status, body) = org
        .post(
            &format!("/api/v1/tickets/{id}/close"),
            json!({"resolution": "fixed", "comment": "Отрегулировали стояк"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
}

async fn call(api: &Api, id: i64, outcome: &str, comment: Option<&str>) -> (u16, Value) {
    api.post(
        &format!("/api/v1/tickets/{id}/quality-callbacks"),
        json!({"outcome": outcome, "comment": comment}),
    )
    .await
}

async fn queue_ids(api: &Api, query: &str) -> Vec<i64> {
    let (status, body) = api.get(&format!("{QUEUE}{query}")).await;
    assert_eq!(status, 200, "{body}");
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["ticket"]["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn the_queue_holds_closed_tickets_oldest_first_and_a_solved_one_is_never_called_again() {
    let app = TestApp::spawn().await;
    let org_a = app.api_as("org_a").await;
    let org_b = app.api_as("org_b").await;
    let controller = app.api_as("controller").await;
    let first = ticket(&app, true, "no_heat").await;
    let second = ticket(&app, false, "air_lock").await;
    let open = ticket(&app, true, "no_heat").await;
    close(&org_b, second).await;
    close(&org_a, first).await;

    let (status, body) = controller.get(QUEUE).await;
    assert_eq!(status, 200, "{body}");
    let ids: Vec<i64> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["ticket"]["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [second, first], "closed only, oldest closing first");
    assert!(!ids.contains(&open));
    let item = &body["items"][0];
    assert_eq!(item["ticket"]["name"], "Айгуль Сафина");
    assert!(!item["ticket"]["phone"].as_str().unwrap().contains('*'));
    assert_eq!(item["ticket"]["resolution_text"], "Отрегулировали стояк");
    assert_eq!(item["attempts"], 0);
    assert_eq!(item["organization_name"], "АО «УЖХ Кировского района»");

    let (status, body) = call(&controller, second, "solved", None).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["round_outcome"], "solved");
    assert_eq!(body["ticket"]["status"], "closed");
    assert_eq!(queue_ids(&controller, "").await, [first]);
    let (status, _) = call(&controller, second, "solved", None).await;
    assert_eq!(status, 409, "a finished round is never called again");
    let (status, _) = call(&controller, open, "solved", None).await;
    assert_eq!(status, 409, "only closed tickets are called");

    let (_, shown) = controller.get(&format!("/api/v1/tickets/{second}")).await;
    let kinds: Vec<&str> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.last(), Some(&"quality_callback"), "{kinds:?}");
}

#[tokio::test]
async fn only_the_control_department_works_the_queue() {
    let app = TestApp::spawn().await;
    let org_a = app.api_as("org_a").await;
    let id = ticket(&app, true, "no_heat").await;
    close(&org_a, id).await;
    for login in ["operator", "org_a", "hq_a", "hq_city"] {
        let api = app.api_as(login).await;
        let (status, _) = api.get(QUEUE).await;
        assert_eq!(status, 403, "{login} reads the queue");
        let (status, _) = call(&api, id, "solved", None).await;
        assert_eq!(status, 403, "{login} records a call");
    }
    let controller = app.api_as("controller").await;
    let (status, body) = call(&controller, id, "maybe", None).await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = call(&controller, id, "unreachable", None).await;
    assert_eq!(
        status, 422,
        "unreachable is a round's verdict, not a call: {body}"
    );
    assert_eq!(queue_ids(&controller, "").await, [id]);
}

#[tokio::test]
async fn not_solved_reopens_the_ticket_for_its_district_hq_and_organization() {
    let app = TestApp::spawn().await;
    let org_a = app.api_as("org_a").await;
    let hq_a = app.api_as("hq_a").await;
    let controller = app.api_as("controller").await;
    let id = ticket(&app, true, "no_heat").await;
    close(&org_a, id).await;
    let (_, closed) = controller.get(&format!("/api/v1/tickets/{id}")).await;

    let (status, body) = call(&controller, id, "not_solved", None).await;
    assert_eq!(status, 422, "not_solved needs a comment: {body}");
    let (status, body) = call(
        &controller,
        id,
        "not_solved",
        Some("  В квартире по-прежнему +14  "),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["round_outcome"], "not_solved");
    let reopened = &body["ticket"];
    assert_eq!(reopened["status"], "reopened");
    assert_eq!(reopened["organization_id"], app.registry.org_a.0);
    assert_eq!(reopened["district_id"], app.registry.district_a.0);
    assert_eq!(reopened["closed_at"], Value::Null);
    let due = reopened["due_at"].as_str().unwrap();
    let old_due = closed["due_at"].as_str().unwrap();
    let (due, old_due): (jiff::Timestamp, jiff::Timestamp) =
        (due.parse().unwrap(), old_due.parse().unwrap());
    assert!(
        due >= old_due && due > jiff::Timestamp::now() + jiff::SignedDuration::from_hours(1),
        "the deadline restarts from the call: {old_due} → {due}"
    );

    let (status, list) = hq_a.get("/api/v1/tickets?status=reopened").await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["items"][0]["id"], id, "back in the district HQ's list");
    let (_, list) = org_a.get("/api/v1/tickets?status=reopened").await;
    assert_eq!(list["items"][0]["id"], id, "and the organization's");
    let (_, shown) = hq_a.get(&format!("/api/v1/tickets/{id}")).await;
    let events = shown["events"].as_array().unwrap();
    let last = &events[events.len() - 1];
    assert_eq!(last["kind"], "reopened");
    assert_eq!(last["comment"], "В квартире по-прежнему +14");
    assert_eq!(last["actor"], "controller");
    assert_eq!(events[events.len() - 2]["kind"], "quality_callback");
    let (_, notes) = hq_a
        .get(&format!("/api/v1/notifications?ticket_id={id}"))
        .await;
    let kinds: Vec<&str> = notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"reopened"),
        "the resident is told: {kinds:?}"
    );

    assert!(queue_ids(&controller, "").await.is_empty());
    close(&org_a, id).await;
    assert_eq!(
        queue_ids(&controller, "").await,
        [id],
        "the new closing gets a new round"
    );
}

#[tokio::test]
async fn an_unanswered_call_is_retried_in_another_part_of_the_day() {
    let app = TestApp::spawn().await;
    let org_a = app.api_as("org_a").await;
    let controller = app.api_as("controller").await;
    let id = ticket(&app, true, "no_heat").await;
    close(&org_a, id).await;

    let (status, body) = call(&controller, id, "no_answer", None).await;
    match DayPart::of(jiff::Timestamp::now()) {
        Some(_) => {
            assert_eq!(status, 201, "{body}");
            assert_eq!(body["round_outcome"], Value::Null);
            assert_eq!(body["attempt"], 1);
            let retry: jiff::Timestamp = body["retry_at"].as_str().unwrap().parse().unwrap();
            assert!(retry >= jiff::Timestamp::now() + jiff::SignedDuration::from_hours(2));
            assert!(
                queue_ids(&controller, "").await.is_empty(),
                "not due before the retry"
            );
        }
        None => {
            assert_eq!(status, 422, "outside calling hours: {body}");
            assert_eq!(queue_ids(&controller, "").await, [id]);
        }
    }
    let (status, body) = call(&controller, id, "refused", None).await;
    assert_eq!(status, 201, "an answered call counts whenever: {body}");
    assert_eq!(body["round_outcome"], "refused");
}

#[tokio::test]
async fn the_queue_filters_and_samples_reproducibly_per_district() {
    let app = TestApp::spawn().await;
    let org_a = app.api_as("org_a").await;
    let org_b = app.api_as("org_b").await;
    let controller = app.api_as("controller").await;
    let mut in_a = Vec::new();
    for _ in 0..6 {
        let id = ticket(&app, true, "no_heat").await;
        close(&org_a, id).await;
        in_a.push(id);
    }
    let hot_water = ticket(&app, true, "hot_water").await;
    close(&org_a, hot_water).await;
    let in_b = ticket(&app, false, "no_heat").await;
    close(&org_b, in_b).await;

    let district_a = app.registry.district_a.0;
    let mut expected_a = in_a.clone();
    expected_a.push(hot_water);
    assert_eq!(
        queue_ids(&controller, &format!("?district_id={district_a}")).await,
        expected_a
    );
    assert_eq!(
        queue_ids(
            &controller,
            &format!("?organization_id={}", app.registry.org_b.0)
        )
        .await,
        [in_b]
    );
    assert_eq!(
        queue_ids(&controller, "?category=hot_water").await,
        [hot_water]
    );
    let (status, _) = controller
        .get(&format!("{QUEUE}?closed_from=yesterday"))
        .await;
    assert_eq!(status, 422);

    let sampled = queue_ids(&controller, "?sample=2&seed=42").await;
    assert_eq!(
        sampled.len(),
        3,
        "2 of district A's 7, B's only ticket: {sampled:?}"
    );
    assert!(sampled.contains(&in_b));
    assert_eq!(
        queue_ids(&controller, "?sample=2&seed=42").await,
        sampled,
        "the same seed draws the same sample"
    );
    let mut drawn = std::collections::HashSet::new();
    for seed in 0..40 {
        for id in queue_ids(
            &controller,
            &format!("?sample=1&seed={seed}&group=organization"),
        )
        .await
        {
            drawn.insert(id);
        }
    }
    for id in expected_a.iter().chain([in_b].iter()) {
        assert!(drawn.contains(id), "ticket {id} is never drawn in 40 seeds");
    }
}

#[tokio::test]
async fn the_statistics_count_calls_and_shares_by_district_organization_and_scope() {
    let app = TestApp::spawn().await;
    let org_a = app.api_as("org_a").await;
    let org_b = app.api_as("org_b").await;
    let controller = app.api_as("controller").await;
    // District A: solved, solved, not_solved, refused. District B: solved.
    let mut ids = Vec::new();
    for _ in 0..4 {
        let id = ticket(&app, true, "no_heat").await;
        close(&org_a, id).await;
        ids.push(id);
    }
    let b = ticket(&app, false, "air_lock").await;
    close(&org_b, b).await;
    for (id, outcome) in ids
        .iter()
        .zip(["solved", "solved", "not_solved", "refused"])
    {
        let comment = (outcome == "not_solved").then_some("Холодно в угловой комнате");
        let (status, body) = call(&controller, *id, outcome, comment).await;
        assert_eq!(status, 201, "{body}");
    }
    let (status, _) = call(&controller, b, "solved", None).await;
    assert_eq!(status, 201);

    let (status, s) = controller.get("/api/v1/stats/quality-callbacks").await;
    assert_eq!(status, 200, "{s}");
    let total = &s["total"];
    assert_eq!(total["calls"], 5);
    assert_eq!(total["solved"], 3);
    assert_eq!(total["not_solved"], 1);
    assert_eq!(total["refused"], 1);
    assert_eq!(total["share_solved"], 0.75, "3 of 4 verdicts");
    assert_eq!(total["share_needing_work"], 0.25);
    let district = |s: &Value, id: i64| {
        s["by_district"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["key"].as_str() == Some(id.to_string().as_str()))
            .cloned()
            .unwrap()
    };
    let a = district(&s, app.registry.district_a.0);
    assert_eq!(
        (a["calls"].as_u64(), a["solved"].as_u64()),
        (Some(4), Some(2))
    );
    assert!((a["share_solved"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(s["by_district"].as_array().unwrap().len(), 2);
    let categories: Vec<(&str, u64)> = s["by_category"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["key"].as_str().unwrap(), c["calls"].as_u64().unwrap()))
        .collect();
    assert_eq!(categories, [("air_lock", 1), ("no_heat", 4)]);
    assert_eq!(s["by_week"].as_array().unwrap().len(), 1);
    assert_eq!(s["by_week"][0]["calls"], 5);
    assert_eq!(s["reopened"]["reopened"], 1);
    assert_eq!(s["reopened"]["still_open"], 1);
    assert_eq!(s["reopened"]["closed_again"], 0);
    assert!(
        s["worst_organizations"].as_array().unwrap().is_empty(),
        "nobody has 5 verdicts yet"
    );

    let (_, filtered) = controller
        .get(&format!(
            "/api/v1/stats/quality-callbacks?organization_id={}",
            app.registry.org_b.0
        ))
        .await;
    assert_eq!(filtered["total"]["calls"], 1);
    let (_, scoped) = app
        .api_as("hq_a")
        .await
        .get("/api/v1/stats/quality-callbacks")
        .await;
    assert_eq!(
        scoped["total"]["calls"], 4,
        "a district HQ sees its district"
    );
    assert_eq!(scoped["district_id"], app.registry.district_a.0);
    let (_, own) = org_b.get("/api/v1/stats/quality-callbacks").await;
    assert_eq!(own["total"]["calls"], 1, "an organization sees its own");
    let (status, _) = app
        .api_as("operator")
        .await
        .get("/api/v1/stats/quality-callbacks")
        .await;
    assert_eq!(status, 403);
    let tomorrow = jiff::Zoned::now()
        .date()
        .tomorrow()
        .unwrap()
        .tomorrow()
        .unwrap();
    let (_, later) = controller
        .get(&format!("/api/v1/stats/quality-callbacks?since={tomorrow}"))
        .await;
    assert_eq!(later["total"]["calls"], 0);
    assert_eq!(later["total"]["share_solved"], Value::Null);
}

#[tokio::test]
async fn the_controller_works_the_queue_page_one_click_per_call() {
    let app = TestApp::spawn().await;
    let org_a = app.api_as("org_a").await;
    let first = ticket(&app, true, "no_heat").await;
    let second = ticket(&app, true, "no_heat").await;
    close(&org_a, first).await;
    close(&org_a, second).await;
    let browser = app.browser_as("controller").await.0;
    let res = browser.get(format!("{}/", app.base)).send().await.unwrap();
    assert_eq!(
        res.headers()["location"].to_str().unwrap(),
        "/callbacks",
        "the controller lands on the queue"
    );

    let (status, html) = page(&browser, format!("{}/callbacks", app.base)).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(&format!("data-callback=\"{first}\"")),
        "oldest first"
    );
    assert!(html.contains("Айгуль Сафина"), "the resident's name");
    assert!(
        html.contains("href=\"tel:+7"),
        "the resident's phone to dial"
    );
    assert!(html.contains("Отрегулировали стояк"), "the resolution text");
    assert!(html.contains("data-key=\"1\"") && html.contains("data-key=\"2\""));
    assert!(html.contains("/static/callbacks.js"));
    let csrf = csrf_of(&html);

    let res = browser
        .post(format!("{}/callbacks/{first}", app.base))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("outcome", "not_solved"),
            ("back", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert!(location.contains("error=comment"), "{location}");
    let (_, html) = page(&browser, format!("{}{location}", app.base)).await;
    assert!(html.contains("нужен комментарий"));

    let res = browser
        .post(format!("{}/callbacks/{first}", app.base))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("outcome", "not_solved"),
            ("comment", "Холодно в спальне"),
            ("back", "category=no_heat"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert!(
        location.starts_with("/callbacks?category=no_heat&done="),
        "{location}"
    );
    let (_, html) = page(&browser, format!("{}{location}", app.base)).await;
    assert!(html.contains("Записано"), "the call is confirmed");
    assert!(
        html.contains(&format!("data-callback=\"{second}\"")),
        "the next ticket is up"
    );

    let hq = app.browser_as("hq_a").await.0;
    let (_, list) = page(&hq, format!("{}/tickets?status=reopened", app.base)).await;
    assert!(
        list.contains(&format!("/tickets/{first}")),
        "the district HQ sees the reopened ticket at once"
    );
    let (_, shown) = page(&hq, format!("{}/tickets/{first}", app.base)).await;
    assert!(
        shown.contains("Не решено. Холодно в спальне"),
        "the callback on the timeline"
    );
    let (status, stats) = page(&hq, format!("{}/callbacks/stats", app.base)).await;
    assert_eq!(status, 200);
    assert!(stats.contains("<span data-calls>1</span>"), "{stats}");
    assert!(stats.contains("0.0 %"));
    let (status, _) = page(&hq, format!("{}/callbacks", app.base)).await;
    assert_eq!(
        status, 403,
        "the queue with residents' phones is the controller's"
    );
}

#[tokio::test]
async fn the_controller_exports_the_whole_filtered_queue_with_phones() {
    let app = TestApp::spawn().await;
    let org_a = app.api_as("org_a").await;
    let org_b = app.api_as("org_b").await;
    let in_a = ticket(&app, true, "no_heat").await;
    let in_b = ticket(&app, false, "no_heat").await;
    let open = ticket(&app, true, "no_heat").await;
    close(&org_a, in_a).await;
    close(&org_b, in_b).await;
    let browser = app.browser_as("controller").await.0;

    let (status, html) = page(&browser, format!("{}/callbacks?category=no_heat", app.base)).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("href=\"/callbacks?category=no_heat&#38;format=csv\""),
        "{html}"
    );
    let res = browser
        .get(format!(
            "{}/callbacks?category=no_heat&format=csv",
            app.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "a header and both closed tickets: {text}");
    assert!(lines[0].starts_with("Номер;Зарегистрировано") && lines[0].ends_with("Телефон"));
    assert!(
        text.contains("Айгуль Сафина") && text.contains("+7 (917)"),
        "{text}"
    );
    assert!(text.contains("Отрегулировали стояк"), "{text}");
    let (_, open_ticket) = org_a.get(&format!("/api/v1/tickets/{open}")).await;
    assert!(
        !text.contains(open_ticket["number"].as_str().unwrap()),
        "an open ticket is not due"
    );

    let hq = app.browser_as("hq_city").await.0;
    let (status, _) = page(&hq, format!("{}/callbacks?format=csv", app.base)).await;
    assert_eq!(status, 403, "only the control department exports the queue");
}
