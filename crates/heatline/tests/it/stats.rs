//! The season's figures: rollups equal a recount after random ticket changes,
//! and the summary and weekly breakdowns against hand-counted fixtures,
//! including the week boundary at Monday 00:00 city time.

use domain::building::BuildingId;
use domain::category::Category;
use domain::phone::Phone;
use domain::ticket::{Channel, NewTicket, TicketId};
use heatline::app::stats::rollups::{rebuild_rollups, verify_rollups};
use heatline::app::ticket::{Registration, TicketAction, act_on_ticket, register_in_tx};
use heatline::app::user::command_line_actor;
use heatline::app::{Actor, AppError};
use jiff::Timestamp;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;

use crate::helpers::{TestApp, page};

/// Registers a ticket at a given instant (as a system registration would).
async fn register_at(
    app: &TestApp,
    at: Timestamp,
    building: Option<i64>,
    category: Category,
) -> TicketId {
    let facts = NewTicket {
        category,
        channel: Channel::Phone,
        phone: Phone::parse(&TestApp::phone()).unwrap(),
        resident_name: None,
        address: Some("ул. Неизвестная, д. 1".into()),
        building_id: building.map(BuildingId),
        apartment: None,
        entrance: None,
        description: "Холодные батареи".into(),
    };
    let mut tx = app.ctx.db().begin_write().await.unwrap();
    let registration = Registration {
        facts,
        category_suggested: false,
        actor: None,
        at,
    };
    let ticket = register_in_tx(&app.ctx, &mut tx, registration)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    ticket.id
}

fn city(local: &str) -> Timestamp {
    domain::calendar::city_instant(local.parse().unwrap())
}

/// The seeded admin, a real user the tickets' events can name.
async fn admin(app: &TestApp) -> Actor {
    let mut conn = app.ctx.db().read().await.unwrap();
    let users = store::user::list(&mut conn).await.unwrap();
    let user = users.into_iter().find(|u| u.login == "admin").unwrap();
    Actor { user }
}

async fn close(app: &TestApp, id: TicketId) {
    let admin = admin(app).await;
    act_on_ticket(&app.ctx, &admin, id, TicketAction::Start)
        .await
        .unwrap();
    let close = TicketAction::Close {
        resolution: "explained".into(),
        comment: Some("Разъяснили начисление".into()),
    };
    act_on_ticket(&app.ctx, &admin, id, close).await.unwrap();
}

#[tokio::test]
async fn rollups_equal_a_recount_after_random_operations() {
    let app = TestApp::spawn().await;
    let admin = admin(&app).await;
    let buildings = [
        Some(app.registry.building_a),
        Some(app.registry.building_b),
        None,
    ];
    let orgs = [
        app.registry.org_a,
        app.registry.org_b,
        app.registry.supplier,
    ];
    let start = city("2026-10-01T00:00");
    let mut ids = Vec::new();
    let mut changed = 0;
    for seed in [7_u64, 42, 2026] {
        let mut rng = StdRng::seed_from_u64(seed);
        for _ in 0..40 {
            if ids.is_empty() || rng.random_bool(0.35) {
                let at = start + jiff::SignedDuration::from_mins(rng.random_range(0..80_000));
                let building = buildings[rng.random_range(0..buildings.len())];
                let category = Category::ALL[rng.random_range(0..Category::ALL.len())];
                ids.push(register_at(&app, at, building, category).await);
                continue;
            }
            let id = ids[rng.random_range(0..ids.len())];
            let action = match rng.random_range(0..4) {
                0 => TicketAction::Assign {
                    organization_id: orgs[rng.random_range(0..orgs.len())].0,
                    reason: Some("Другая организация".into()),
                },
                1 => TicketAction::Start,
                2 => TicketAction::Close {
                    resolution: "fixed".into(),
                    comment: Some("Отрегулировали стояк".into()),
                },
                _ => TicketAction::Reopen {
                    comment: Some("Снова холодно".into()),
                },
            };
            // Actions the lifecycle refuses change nothing; that is part of the test.
            match act_on_ticket(&app.ctx, &admin, id, action).await {
                Ok(_) => changed += 1,
                Err(AppError::Invalid(_) | AppError::Conflict) => {}
                Err(e) => panic!("{e:?}"),
            }
        }
        let diffs = verify_rollups(&app.ctx, &admin).await.unwrap();
        assert!(diffs.is_empty(), "seed {seed}: {diffs:?}");
    }
    assert!(changed > 20, "only {changed} changes were accepted");
    // The check can fail: a corrupted cell is reported, and a rebuild repairs it.
    let mut conn = app.ctx.db().read().await.unwrap();
    sqlx::query("update ticket_rollups set tickets = tickets + 1 where status = 'closed'")
        .execute(&mut *conn)
        .await
        .unwrap();
    sqlx::query("delete from ticket_rollups where status = 'assigned'")
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    assert!(!verify_rollups(&app.ctx, &admin).await.unwrap().is_empty());
    rebuild_rollups(&app.ctx, &admin).await.unwrap();
    assert_eq!(verify_rollups(&app.ctx, &admin).await.unwrap(), vec![]);
}

/// Seven tickets: one before the season; Sunday 23:59 and Monday 00:00 (city
/// time) on both sides of a week boundary in district A; three billing
/// requests (two answered) and an air lock in district B.
async fn fixture(app: &TestApp) -> Vec<TicketId> {
    let a = Some(app.registry.building_a);
    let b = Some(app.registry.building_b);
    let mut ids = vec![
        register_at(app, city("2026-09-30T23:00"), a, Category::NoHeat).await,
        register_at(app, city("2026-10-11T23:59"), a, Category::NoHeat).await,
        register_at(app, city("2026-10-12T00:00"), a, Category::NoHeat).await,
        register_at(app, city("2026-10-13T09:00"), b, Category::AirLock).await,
    ];
    for _ in 0..3 {
        ids.push(register_at(app, city("2026-10-05T10:00"), b, Category::Billing).await);
    }
    close(app, ids[4]).await;
    close(app, ids[5]).await;
    ids
}

#[tokio::test]
async fn the_summary_counts_the_season_by_monday_weeks_in_city_time() {
    let app = TestApp::spawn().await;
    let ids = fixture(&app).await;
    let hq = app.api_as("hq_city").await;
    let (status, s) = hq.get("/api/v1/stats/summary?date=2026-10-20").await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["season_start"], "2026-10-01");
    assert_eq!(
        s["total"], 6,
        "the September ticket belongs to the last season"
    );
    assert_eq!(s["this_week"]["week"], "2026-10-19");
    assert_eq!(s["this_week"]["tickets"], 0);
    assert_eq!(s["last_week"]["week"], "2026-10-12");
    assert_eq!(s["last_week"]["tickets"], 2);
    assert_eq!(s["peak_week"]["week"], "2026-10-05");
    assert_eq!(s["peak_week"]["tickets"], 4);
    assert_eq!(s["peak_to_last_week"], 2.0);
    assert_eq!(s["billing_total"], 3);
    assert_eq!(s["billing_answered"], 2);
    assert!((s["billing_answered_share"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(s["callbacks"]["calls"], 0);
    // Overdue now, counted independently from each ticket.
    let now = Timestamp::now();
    let mut overdue = 0;
    for id in &ids {
        let t = heatline::app::ticket::get_ticket(&app.ctx, &command_line_actor(), *id)
            .await
            .unwrap();
        if t.view.ticket.is_overdue(now) {
            overdue += 1;
        }
    }
    assert_eq!(s["overdue_now"], overdue);

    // As of the Sunday, the Monday ticket is not counted yet.
    let (_, s) = hq.get("/api/v1/stats/summary?date=2026-10-11").await;
    assert_eq!(s["total"], 4);
    assert_eq!(s["this_week"]["tickets"], 4);
    assert_eq!(s["last_week"]["tickets"], 0);
    assert_eq!(s["peak_to_last_week"], Value::Null);
}

#[tokio::test]
async fn a_district_hq_sees_only_its_district() {
    let app = TestApp::spawn().await;
    fixture(&app).await;
    let hq_a = app.api_as("hq_a").await;
    let (status, s) = hq_a.get("/api/v1/stats/summary?date=2026-10-20").await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["district_id"], app.registry.district_a.0);
    assert_eq!(s["total"], 2);
    assert_eq!(s["last_week"]["tickets"], 1);
    assert_eq!(
        s["peak_week"]["week"], "2026-10-05",
        "the earliest of equal weeks"
    );
    assert_eq!(s["billing_total"], 0);
    let other = app.registry.district_a.0 + 1;
    let (status, _) = hq_a
        .get(&format!("/api/v1/stats/summary?district_id={other}"))
        .await;
    assert_eq!(status, 404);
    let (status, _) = hq_a.get("/api/v1/stats/weekly?by=district").await;
    assert_eq!(status, 200);
    for login in ["operator", "org_a", "controller"] {
        let api = app.api_as(login).await;
        let (status, _) = api.get("/api/v1/stats/summary").await;
        assert_eq!(status, 403, "{login}");
    }
}

#[tokio::test]
async fn weekly_breakdowns_split_the_weeks_at_monday_midnight_city_time() {
    let app = TestApp::spawn().await;
    fixture(&app).await;
    let hq = app.api_as("hq_city").await;
    let (status, w) = hq
        .get("/api/v1/stats/weekly?from=2026-10-07&to=2026-10-18&by=category")
        .await;
    assert_eq!(status, 200, "{w}");
    assert_eq!(w["weeks"], serde_json::json!(["2026-10-05", "2026-10-12"]));
    assert_eq!(w["totals"], serde_json::json!([4, 2]));
    let series: Vec<(String, Value)> = w["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["key"].as_str().unwrap().to_string(), s["counts"].clone()))
        .collect();
    assert_eq!(
        series,
        vec![
            ("billing".to_string(), serde_json::json!([3, 0])),
            ("no_heat".to_string(), serde_json::json!([1, 1])),
            ("air_lock".to_string(), serde_json::json!([0, 1])),
        ]
    );
    let (_, w) = hq
        .get("/api/v1/stats/weekly?from=2026-10-05&to=2026-10-12&by=district")
        .await;
    let a = app.registry.district_a.0.to_string();
    let district_a = w["series"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == a.as_str())
        .unwrap();
    assert_eq!(district_a["counts"], serde_json::json!([1, 1]));
    assert_eq!(district_a["name"], "Калининский");
    let (status, body) = hq.get("/api/v1/stats/weekly?by=building").await;
    assert_eq!(status, 422, "{body}");
}

async fn page_as(app: &TestApp, login: &str, path: &str) -> (u16, String) {
    let (browser, _) = app.browser_as(login).await;
    page(&browser, format!("{}{path}", app.base)).await
}

#[tokio::test]
async fn the_dashboard_tells_the_story_in_sentences_with_linked_bars() {
    let app = TestApp::spawn().await;
    fixture(&app).await;
    let (status, html) = page_as(&app, "hq_city", "/dashboard?date=2026-10-20").await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("С начала сезона (1 октября) поступило 6 обращений."),
        "{html}"
    );
    assert!(
        html.contains("на прошлой неделе — 2 — в 2,0 раза меньше пика (4 за неделю с 5 октября)"),
        "{html}"
    );
    assert!(html.contains("Обращений по начислениям — 3, ответ дан на 67 % (2)."));
    // The billing bar of the week of 5 October opens that week's billing tickets.
    assert!(
        html.contains("href=\"/tickets?category=billing&#38;from=2026-10-05&#38;to=2026-10-11\""),
        "{html}"
    );
    assert!(html.contains("<svg"), "{html}");
    let (status, html) = page_as(&app, "hq_a", "/dashboard?date=2026-10-20").await;
    assert_eq!(status, 200);
    assert!(html.contains("поступило 2 обращения."), "{html}");
    let (status, _) = page_as(&app, "operator", "/dashboard").await;
    assert_eq!(status, 403);
}

fn xlsx_part(bytes: &[u8], name: &str) -> String {
    use std::io::Read as _;
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("an xlsx is a zip");
    let mut file = archive.by_name(name).expect(name);
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    text
}

#[tokio::test]
async fn the_weekly_report_downloads_as_a_workbook_with_typed_cells() {
    let app = TestApp::spawn().await;
    fixture(&app).await;
    let hq = app.api_as("hq_city").await;
    let (status, content_type, bytes) = hq
        .get_bytes("/api/v1/reports/weekly.xlsx?week=2026-10-14")
        .await;
    assert_eq!(status, 200);
    assert!(content_type.contains("spreadsheetml"), "{content_type}");
    let workbook = xlsx_part(&bytes, "xl/workbook.xml");
    // The API speaks English unless asked otherwise (Accept-Language).
    for sheet in [
        "Summary",
        "By category",
        "By district",
        "By organization",
        "Deadlines",
    ] {
        assert!(workbook.contains(sheet), "{sheet}: {workbook}");
    }
    // By category: a row per week, its Monday as a date serial, the counts as numbers.
    let by_category = xlsx_part(&bytes, "xl/worksheets/sheet2.xml");
    let serial = |d: jiff::civil::Date| (d - jiff::civil::date(1899, 12, 30)).get_days();
    let monday = serial(jiff::civil::date(2026, 10, 5));
    assert!(
        by_category.contains(&format!("<v>{monday}</v>")),
        "{by_category}"
    );
    assert!(by_category.contains("<cols>"), "column widths are set");
    // Billing (3 that week) leads the series; its cell is a number, not text.
    assert!(
        by_category.contains("<c r=\"B2\" s=\"2\"><v>3</v></c>")
            || by_category.contains("<c r=\"B2\" s=\"3\"><v>3</v></c>"),
        "{by_category}"
    );
    let (status, _, _) = app
        .api_as("org_a")
        .await
        .get_bytes("/api/v1/reports/season.xlsx")
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn the_report_pages_print_the_week_and_the_season() {
    let app = TestApp::spawn().await;
    fixture(&app).await;
    let (status, html) = page_as(&app, "hq_city", "/reports/weekly?week=2026-10-14").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Недельный отчёт"), "{html}");
    assert!(html.contains("5 октября — 18 октября"), "{html}");
    assert!(
        html.contains("/reports/weekly.xlsx?week=2026-10-18"),
        "{html}"
    );
    let (status, html) = page_as(&app, "hq_city", "/reports/season?date=2026-10-20").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Отчёт за сезон"));
    assert!(html.contains("поступило 6 обращений"), "{html}");
    let (status, _) = page_as(&app, "hq_a", "/reports/weekly.xlsx").await;
    assert_eq!(status, 200);
}
