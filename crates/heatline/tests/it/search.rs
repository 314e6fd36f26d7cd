//! Word search in ticket lists. The word index (FTS5 on SQLite, GIN on
//! PostgreSQL) must find exactly what the plain rule finds — every query stem
//! begins a word of the ticket's search text, checked here with `like` as the
//! store did before the index — within the actor's scope and the other
//! filters, whatever the operator types.

use std::collections::{BTreeMap, BTreeSet};

use domain::search::{like_pattern, query_stems};
use domain::user::Scope;
use heatline::app::generate::{GenerateTickets, generate_tickets};
use heatline::app::user::command_line_actor;
use serde_json::json;
use store::ticket::{TicketFilter, TicketSort};

use crate::helpers::{Api, TestApp, page};

fn enc(text: &str) -> String {
    serde_urlencoded::to_string([("x", text)]).unwrap()[2..].to_string()
}

/// Ids of every ticket a list request returns (one page of up to 200).
async fn found(api: &Api, query: &str, extra: &str) -> BTreeSet<i64> {
    let (status, body) = api
        .get(&format!(
            "/api/v1/tickets?q={}&page_size=200{extra}",
            enc(query)
        ))
        .await;
    assert_eq!(status, 200, "q={query:?}: {body}");
    let ids: BTreeSet<i64> = body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("q={query:?}: {body}"))
        .iter()
        .map(|t| t["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(
        body["total"].as_i64(),
        Some(ids.len() as i64),
        "q={query:?}"
    );
    ids
}

/// The tickets the old scan finds: `search_text like '% stem%'` per query stem.
async fn scanned(app: &TestApp, query: &str, organization: Option<i64>) -> BTreeSet<i64> {
    let stems = query_stems(query);
    let mut sql = "select id from tickets where 1 = 1".to_string();
    for n in 1..=stems.len() {
        sql.push_str(&format!(" and search_text like ${n}"));
    }
    if organization.is_some() {
        sql.push_str(&format!(" and organization_id = ${}", stems.len() + 1));
    }
    let mut query = sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(sql));
    for stem in &stems {
        query = query.bind(like_pattern(stem));
    }
    if let Some(o) = organization {
        query = query.bind(o);
    }
    let mut conn = app.ctx.db().read().await.expect("read");
    let rows = query.fetch_all(&mut *conn).await.expect("scan");
    rows.into_iter().map(|(id,)| id).collect()
}

struct Corpus {
    app: TestApp,
    /// Ticket ids by a letter, as registered below.
    ids: BTreeMap<char, i64>,
}

impl Corpus {
    fn ids(&self, letters: &str) -> BTreeSet<i64> {
        letters.chars().map(|l| self.ids[&l]).collect()
    }
}

/// Tickets in both organizations: A, C, E, F, G in building A (organization
/// A), B and D in building B (organization B).
async fn corpus() -> Corpus {
    let app = TestApp::spawn().await;
    let (a, b) = (app.registry.building_a, app.registry.building_b);
    let texts = [
        ('A', a, "Холодная батарея в спальне".to_string()),
        ('B', b, "Батареи еле тёплые, в квартире холодно".to_string()),
        ('C', a, "Течёт стояк в подъезде".to_string()),
        (
            'D',
            b,
            "Завоздушивание стояка, батарея холодная наверху".to_string(),
        ),
        ('E', a, "Нет отопления с 12 ноября, кв. 45а".to_string()),
        (
            'F',
            a,
            r#"Жалоба "срочно" (повторно): перетоп — 30° в кв. 5-7 & AND | OR * \ 'ок'"#
                .to_string(),
        ),
        (
            'G',
            a,
            format!("Счётчик {}8 и {}", "7".repeat(300), "ж".repeat(1100)),
        ),
    ];
    let mut ids = BTreeMap::new();
    for (letter, building, description) in texts {
        let ticket = app
            .register(json!({"phone": TestApp::phone(), "building_id": building,
                "category": "no_heat", "description": description}))
            .await;
        ids.insert(letter, ticket["id"].as_i64().expect("id"));
    }
    Corpus { app, ids }
}

#[tokio::test]
async fn words_find_exactly_the_tickets_whose_words_they_begin() {
    let c = corpus().await;
    let operator = c.app.api_as("operator").await;
    let cases = [
        ("батарея", "ABD"),
        ("батареи холодные", "ABD"),
        ("холодная батарея спальня", "A"),
        ("стояк", "CD"),
        ("стояки батарея", "D"),
        ("бат", "ABD"),
        ("отоп", "E"),
        ("12", "E"),
        ("45", "E"),
        ("5", "F"),
        ("радиатор", ""),
        ("батарея радиатор", ""),
        ("жжжжж", "G"),
    ];
    for (query, expected) in cases {
        let ids = found(&operator, query, "").await;
        assert_eq!(ids, c.ids(expected), "q={query:?}");
        assert_eq!(ids, scanned(&c.app, query, None).await, "q={query:?}");
    }
}

#[tokio::test]
async fn search_operators_and_quotes_typed_by_an_operator_are_plain_text() {
    let c = corpus().await;
    let operator = c.app.api_as("operator").await;
    let cases = [
        ("батар*", "ABD"),
        ("\"срочно\"", "F"),
        ("перетоп:*", "F"),
        ("-стояк", "CD"),
        ("(батарея | стояк) & !холод", "D"),
        ("стояк AND батарея", ""),
        ("AND", "F"),
        ("OR", "F"),
        ("NOT батарея", ""),
        ("NEAR(батарея стояк)", ""),
        ("батарея\\", "ABD"),
        ("'ок'", "F"),
        ("д'Артаньян", ""),
        ("стояк <-> батарея", "D"),
        ("{батарея}^ ~стояк", "D"),
        ("\"*-:&|()", "ABCDEFG"),
    ];
    for (query, expected) in cases {
        let ids = found(&operator, query, "").await;
        assert_eq!(ids, c.ids(expected), "q={query:?}");
        assert_eq!(ids, scanned(&c.app, query, None).await, "q={query:?}");
    }
    // The tickets page takes the same words.
    let (browser, _) = c.app.browser_as("operator").await;
    for query in ["(батарея | стояк) & !холод", "\"срочно\"*", "NEAR(a b)"] {
        let (status, html) =
            page(&browser, format!("{}/tickets?q={}", c.app.base, enc(query))).await;
        assert_eq!(status, 200, "q={query:?}: {html}");
    }
}

#[tokio::test]
async fn words_longer_than_the_index_keeps_are_still_matched_exactly() {
    let c = corpus().await;
    let operator = c.app.api_as("operator").await;
    let sevens = "7".repeat(300);
    let cases = [
        ("7".repeat(280), "G"),
        (format!("{sevens}8"), "G"),
        (format!("{}9", "7".repeat(255)), ""),
        (format!("{sevens}9"), ""),
        (format!("{sevens}88"), ""),
    ];
    for (query, expected) in cases {
        let ids = found(&operator, &query, "").await;
        assert_eq!(ids, c.ids(expected), "q={} chars", query.len());
        assert_eq!(ids, scanned(&c.app, &query, None).await);
    }
}

#[tokio::test]
async fn words_combine_with_scope_and_filters() {
    let c = corpus().await;
    let org_a = c.app.api_as("org_a").await;
    let org_b = c.app.api_as("org_b").await;
    let (a, b) = (c.app.registry.org_a.0, c.app.registry.org_b.0);

    for (query, expected_a, expected_b) in [
        ("батарея", "A", "BD"),
        ("стояк", "C", "D"),
        ("стояк батарея", "", "D"),
        ("12", "E", ""),
    ] {
        let in_a = found(&org_a, query, "").await;
        assert_eq!(in_a, c.ids(expected_a), "org_a q={query:?}");
        assert_eq!(in_a, scanned(&c.app, query, Some(a)).await);
        let in_b = found(&org_b, query, "").await;
        assert_eq!(in_b, c.ids(expected_b), "org_b q={query:?}");
        assert_eq!(in_b, scanned(&c.app, query, Some(b)).await);
    }
    let operator = c.app.api_as("operator").await;
    let building_b = format!("&building_id={}", c.app.registry.building_b);
    assert_eq!(found(&operator, "стояк", &building_b).await, c.ids("D"));
    let (_, page) = operator
        .get(&format!("/api/v1/tickets?q={}&page_size=1", enc("батарея")))
        .await;
    assert_eq!(page["total"], 3, "{page}");
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn stems_that_are_not_words_find_nothing_and_never_fail() {
    let c = corpus().await;
    let mut conn = c.app.ctx.db().read().await.expect("read");
    for stem in ["a\"b", "o'k", "x*", "a b", "бат-", "\\", "NEAR(", ")"] {
        let filter = TicketFilter {
            stems: vec![stem.to_string()],
            sort: TicketSort::CreatedDesc,
            ..TicketFilter::default()
        };
        let page = store::ticket::list(&mut conn, Scope::City, &filter, 50, 0)
            .await
            .unwrap_or_else(|e| panic!("stem {stem:?}: {e}"));
        assert_eq!(page.total, 0, "stem {stem:?}");
    }
}

#[tokio::test]
async fn a_changed_search_text_is_found_by_its_new_words_only() {
    let c = corpus().await;
    let operator = c.app.api_as("operator").await;
    let id = c.ids[&'C'];
    let mut conn = c.app.ctx.db().read().await.expect("read");
    sqlx::query("update tickets set search_text = ' радиатор шум' where id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .expect("update");
    drop(conn);

    assert_eq!(found(&operator, "радиаторы", "").await, c.ids("C"));
    assert_eq!(found(&operator, "стояк", "").await, c.ids("D"));
}

#[tokio::test]
async fn generated_tickets_are_found_as_the_scan_finds_them() {
    let c = corpus().await;
    let input = GenerateTickets {
        tickets: 400,
        seed: 11,
    };
    generate_tickets(&c.app.ctx, &command_line_actor(), input)
        .await
        .expect("generate");
    let operator = c.app.api_as("operator").await;

    let mut matched = 0;
    for query in [
        "батарея",
        "холодно",
        "стояк",
        "течь",
        "отопление",
        "нет тепла",
    ] {
        let (status, body) = operator
            .get(&format!("/api/v1/tickets?q={}&page_size=1", enc(query)))
            .await;
        assert_eq!(status, 200, "{body}");
        let expected = scanned(&c.app, query, None).await.len() as i64;
        assert_eq!(body["total"].as_i64(), Some(expected), "q={query:?}");
        matched += expected;
    }
    assert!(
        matched > 100,
        "the generated texts use these words: {matched}"
    );
}
