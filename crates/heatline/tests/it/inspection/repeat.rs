//! Repeat detection through registration and the API: windows, stale and
//! closed inspections, the policy.

use domain::category::Category;
use serde_json::json;

use crate::helpers::TestApp;
use crate::inspection::{inspections_of, linked, register_at, register_now};

#[tokio::test]
async fn two_heating_tickets_in_a_week_open_an_inspection_and_later_ones_join_it() {
    let app = TestApp::spawn().await;
    let building = app.registry.building_a;

    let first = register_now(&app, building, "no_heat").await;
    assert!(inspections_of(&app, building).await.is_empty());
    let second = register_now(&app, building, "air_lock").await;
    let billing = register_now(&app, building, "billing").await;
    let third = register_now(&app, building, "overheating").await;

    let found = inspections_of(&app, building).await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["status"], "open");
    assert_eq!(found[0]["district_id"], app.registry.district_a.0);
    let id = found[0]["id"].as_i64().unwrap();
    assert_eq!(linked(&app, id).await, vec![first, second, third]);
    // Every resident keeps their own ticket, with the link on its timeline.
    let operator = app.api_as("operator").await;
    for ticket in [first, second, third] {
        let (_, body) = operator.get(&format!("/api/v1/tickets/{ticket}")).await;
        assert_ne!(body["status"], "closed");
        let kinds: Vec<&str> = body["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert!(kinds.contains(&"inspection_linked"), "{kinds:?}");
    }
    let (_, body) = operator.get(&format!("/api/v1/tickets/{billing}")).await;
    assert!(!body.to_string().contains("inspection_linked"));
}

#[tokio::test]
async fn old_tickets_never_link_to_a_stale_inspection() {
    let app = TestApp::spawn().await;
    let building = app.registry.building_a;
    // A lone call twenty days ago, outside every later window.
    let lone = register_at(&app, building, Category::NoHeat, 20.0).await;
    // Two calls ten and nine days ago opened an inspection nobody visited.
    let old_a = register_at(&app, building, Category::NoHeat, 10.0).await;
    let old_b = register_at(&app, building, Category::NoHeat, 9.0).await;
    let stale = inspections_of(&app, building).await;
    assert_eq!(stale.len(), 1);
    let stale_id = stale[0]["id"].as_i64().unwrap();
    assert_eq!(linked(&app, stale_id).await, vec![old_a, old_b]);

    let new_a = register_now(&app, building, "no_heat").await;
    assert_eq!(
        linked(&app, stale_id).await,
        vec![old_a, old_b],
        "the stale one takes nothing"
    );
    assert_eq!(
        inspections_of(&app, building).await.len(),
        1,
        "one new call is not a repeat"
    );
    let new_b = register_now(&app, building, "no_heat").await;

    let found = inspections_of(&app, building).await;
    assert_eq!(found.len(), 2);
    let fresh = found[0]["id"].as_i64().unwrap();
    assert_ne!(fresh, stale_id);
    assert_eq!(linked(&app, fresh).await, vec![new_a, new_b]);
    assert_eq!(
        found[1]["status"], "open",
        "the stale one stays for the HQ to close"
    );
    for id in [fresh, stale_id] {
        assert!(!linked(&app, id).await.contains(&lone));
    }
}

#[tokio::test]
async fn a_window_is_seven_whole_days() {
    let app = TestApp::spawn().await;
    let building = app.registry.building_a;
    let inside = register_at(&app, building, Category::NoHeat, 6.99).await;
    register_at(&app, building, Category::NoHeat, 7.01).await;
    assert!(inspections_of(&app, building).await.is_empty());

    let now = register_now(&app, building, "no_heat").await;

    let found = inspections_of(&app, building).await;
    assert_eq!(found.len(), 1);
    let id = found[0]["id"].as_i64().unwrap();
    assert_eq!(linked(&app, id).await, vec![inside, now]);
}

#[tokio::test]
async fn tickets_never_link_to_a_closed_inspection() {
    let app = TestApp::spawn().await;
    let building = app.registry.building_a;
    register_now(&app, building, "no_heat").await;
    register_now(&app, building, "no_heat").await;
    let first = inspections_of(&app, building).await[0]["id"]
        .as_i64()
        .unwrap();
    let hq = app.api_as("hq_a").await;
    let (status, body) = hq
        .post(
            &format!("/api/v1/inspections/{first}/cancel"),
            json!({"reason": "Завоздушивание устранено до выезда"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "cancelled");

    let later = register_now(&app, building, "no_heat").await;
    assert_eq!(
        linked(&app, first).await.len(),
        2,
        "a cancelled visit takes no tickets"
    );
    assert_eq!(inspections_of(&app, building).await.len(), 1);
    let latest = register_now(&app, building, "no_heat").await;

    let found = inspections_of(&app, building).await;
    assert_eq!(found.len(), 2);
    assert_eq!(
        linked(&app, found[0]["id"].as_i64().unwrap()).await,
        vec![later, latest]
    );
}

#[tokio::test]
async fn the_admin_sets_the_repeat_policy_and_others_may_only_read_it() {
    let app = TestApp::spawn().await;
    let admin = app.api_as("admin").await;
    let (status, body) = admin.get("/api/v1/repeat-policy").await;
    assert_eq!(status, 200);
    assert_eq!(body["min_tickets"], 2);
    assert_eq!(body["window_days"], 7);
    let mut categories: Vec<&str> = body["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    categories.sort();
    assert_eq!(categories, ["air_lock", "no_heat", "overheating"]);

    let hq = app.api_as("hq_a").await;
    let policy = json!({"min_tickets": 3, "window_days": 3, "categories": ["no_heat"]});
    assert_eq!(hq.put("/api/v1/repeat-policy", policy.clone()).await.0, 403);
    let (status, body) = admin
        .put(
            "/api/v1/repeat-policy",
            json!({"min_tickets": 0, "window_days": 400, "categories": ["cold"]}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["categories"].is_array(), "{body}");
    let (status, body) = admin.put("/api/v1/repeat-policy", policy).await;
    assert_eq!(status, 200, "{body}");

    let building = app.registry.building_a;
    register_now(&app, building, "no_heat").await;
    register_now(&app, building, "air_lock").await;
    register_now(&app, building, "no_heat").await;
    assert!(
        inspections_of(&app, building).await.is_empty(),
        "air locks no longer count"
    );
    register_now(&app, building, "no_heat").await;
    assert_eq!(inspections_of(&app, building).await.len(), 1);
}
