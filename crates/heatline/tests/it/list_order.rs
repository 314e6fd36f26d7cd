//! Ticket lists are read in slices (overdue first, tickets without a deadline
//! last in a deadline order) so that each walks an index: paging through them
//! gives exactly the order a full sort would, with nothing lost or repeated,
//! and a huge match set stops counting at `COUNT_LIMIT`.

use std::cmp::Ordering;

use heatline::app::generate::{GenerateTickets, generate_tickets};
use heatline::app::user::command_line_actor;
use jiff::Timestamp;
use store::ticket::COUNT_LIMIT;

use crate::helpers::TestApp;

/// What a list's order depends on, read straight from the table.
#[derive(sqlx::FromRow)]
struct Facts {
    id: i64,
    status: String,
    district_id: Option<i64>,
    due_at: Option<i64>,
    created_at: i64,
    closed_at: Option<i64>,
}

async fn facts(app: &TestApp) -> Vec<Facts> {
    let mut conn = app.ctx.db().read().await.expect("read");
    sqlx::query_as("select id, status, district_id, due_at, created_at, closed_at from tickets")
        .fetch_all(&mut *conn)
        .await
        .expect("tickets")
}

fn status_rank(status: &str) -> u8 {
    match status {
        "registered" => 0,
        "assigned" => 1,
        "in_progress" => 2,
        "reopened" => 3,
        _ => 4,
    }
}

/// The order a list promises: overdue first, then `sort` (tickets without a
/// deadline last in either deadline order; ties by id, or newest first).
fn reference(sort: &str, now: i64, a: &Facts, b: &Facts) -> Ordering {
    let overdue = |f: &Facts| f.closed_at.is_none() && f.due_at.is_some_and(|d| d < now);
    let newest = |a: &Facts, b: &Facts| (b.created_at, b.id).cmp(&(a.created_at, a.id));
    overdue(b).cmp(&overdue(a)).then_with(|| match sort {
        "due" => (a.due_at.is_none(), a.due_at, a.id).cmp(&(b.due_at.is_none(), b.due_at, b.id)),
        "-due" => (a.due_at.is_none(), b.due_at, b.id).cmp(&(b.due_at.is_none(), a.due_at, a.id)),
        "status" => status_rank(&a.status)
            .cmp(&status_rank(&b.status))
            .then_with(|| newest(a, b)),
        _ => newest(a, b),
    })
}

#[tokio::test]
async fn paging_through_sliced_lists_gives_the_full_sort() {
    let app = TestApp::spawn().await;
    let input = GenerateTickets {
        tickets: 500,
        seed: 11,
    };
    generate_tickets(&app.ctx, &command_line_actor(), input)
        .await
        .expect("generate");
    {
        // Older data may lack a deadline: such tickets close a deadline order.
        let mut tx = app.ctx.db().begin_write().await.expect("write");
        sqlx::query("update tickets set due_at = null where id % 9 = 0")
            .execute(&mut *tx)
            .await
            .expect("clear deadlines");
        tx.commit().await.expect("commit");
    }
    let all = facts(&app).await;
    let district = all.iter().find_map(|f| f.district_id).expect("a district");
    let api = app.api_as("admin").await;
    let lists = [
        ("", None::<fn(&Facts) -> bool>),
        ("sort=due", None),
        ("sort=-due", None),
        ("sort=status", None),
        (
            "open=true&sort=due",
            Some(|f: &Facts| f.closed_at.is_none()),
        ),
        ("open=true", Some(|f: &Facts| f.closed_at.is_none())),
        (
            "status=closed&sort=due",
            Some(|f: &Facts| f.status == "closed"),
        ),
    ];
    let mut checked = 0;
    for (query, keep) in lists {
        for district_id in [None, Some(district)] {
            let mut expected: Vec<&Facts> = all
                .iter()
                .filter(|f| keep.is_none_or(|k| k(f)))
                .filter(|f| district_id.is_none_or(|d| f.district_id == Some(d)))
                .collect();
            let scope = district_id.map_or(String::new(), |d| format!("&district_id={d}"));
            let sort = query
                .split('&')
                .find_map(|p| p.strip_prefix("sort="))
                .unwrap_or("");
            let now = Timestamp::now().as_millisecond();
            expected.sort_by(|a, b| reference(sort, now, a, b));
            let mut got = Vec::new();
            for page in 1.. {
                let (status, body) = api
                    .get(&format!(
                        "/api/v1/tickets?{query}{scope}&page_size=37&page={page}"
                    ))
                    .await;
                assert_eq!(status, 200, "{query}: {body}");
                assert_eq!(body["total"], expected.len(), "{query}{scope}");
                assert_eq!(body["total_exact"], true);
                let items = body["items"].as_array().expect("items");
                if items.is_empty() {
                    break;
                }
                got.extend(items.iter().map(|t| t["id"].as_i64().expect("id")));
            }
            let expected: Vec<i64> = expected.iter().map(|f| f.id).collect();
            assert_eq!(got, expected, "{query}{scope}");
            checked += got.len();
        }
    }
    assert!(checked > 2_000, "the lists held {checked} tickets in all");
}

#[tokio::test]
async fn a_huge_list_stops_counting_and_still_pages_on() {
    let app = TestApp::spawn().await;
    let input = GenerateTickets {
        tickets: (COUNT_LIMIT + 40) as u64,
        seed: 5,
    };
    generate_tickets(&app.ctx, &command_line_actor(), input)
        .await
        .expect("generate");
    let api = app.api_as("admin").await;

    let (status, body) = api.get("/api/v1/tickets?page_size=10").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["total"], COUNT_LIMIT);
    assert_eq!(body["total_exact"], false);
    // Past the counted part the pages go on.
    let (_, last) = api.get("/api/v1/tickets?page_size=10&page=1004").await;
    assert_eq!(last["items"].as_array().expect("items").len(), 10, "{last}");
    let (_, beyond) = api.get("/api/v1/tickets?page_size=10&page=1005").await;
    assert_eq!(beyond["items"].as_array().expect("items").len(), 0);
    // A narrower list is counted exactly.
    let (_, open) = api.get("/api/v1/tickets?open=true&page_size=1").await;
    let open_total = open["total"].as_i64().expect("total");
    assert!(open_total < COUNT_LIMIT, "{open}");
    assert_eq!(open["total_exact"], true);
    // The page says "more than" instead of a wrong total.
    let (browser, _) = app.browser_as("admin").await;
    let (status, html) = crate::helpers::page(&browser, format!("{}/tickets", app.base)).await;
    assert_eq!(status, 200);
    assert!(html.contains("из более чем 10000"), "{html}");
}
