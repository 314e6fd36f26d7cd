//! Two servers, one database: concurrent changes of the same tickets through
//! both lose no update (the loser of a race gets 409 or 422, never a silent
//! overwrite), and both answer with the same figures. Each server has its own
//! pool and context, as a second `heatline serve` process would.

use serde_json::{Value, json};

use crate::helpers::{Api, TestApp};

const TICKETS: usize = 6;
const COMMENTS_PER_SERVER: usize = 8;

async fn events_of(api: &Api, id: i64, kind: &str) -> Vec<Value> {
    let (status, ticket) = api.get(&format!("/api/v1/tickets/{id}")).await;
    assert_eq!(status, 200, "{ticket}");
    ticket["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == kind)
        .cloned()
        .collect()
}

#[tokio::test]
async fn two_servers_on_one_database_lose_no_update() {
    let one = TestApp::spawn().await;
    let two = one.another_server().await;
    let mut ids = Vec::new();
    for n in 0..TICKETS {
        let ticket = one
            .register(json!({
                "phone": TestApp::phone(),
                "building_id": one.registry.building_a,
                "category": "no_heat",
                "description": format!("Холодные батареи, заявка {n}"),
            }))
            .await;
        ids.push(ticket["id"].as_i64().unwrap());
    }
    let (org_one, org_two) = (one.api_as("org_a").await, two.api_as("org_a").await);

    // Every ticket: both servers start it, comment on it and close it at once.
    let mut work = Vec::new();
    for &id in &ids {
        for (server, org) in [(1, org_one.clone()), (2, org_two.clone())] {
            work.push(tokio::spawn(async move {
                let (started, _) = org.post(&format!("/api/v1/tickets/{id}/start"), json!({})).await;
                let mut comments = 0;
                for c in 0..COMMENTS_PER_SERVER {
                    let text = format!("сервер {server}, запись {c}");
                    let (status, body) = org
                        .post(&format!("/api/v1/tickets/{id}/comments"), json!({"text": text}))
                        .await;
                    assert!(status < 300, "a comment never conflicts: {status} {body}");
                    comments += 1;
                }
                let resolution = if server == 1 { "fixed" } else { "explained" };
                let (closed, _) = org
                    .post(
                        &format!("/api/v1/tickets/{id}/close"),
                        json!({"resolution": resolution, "comment": format!("закрыл сервер {server}")}),
                    )
                    .await;
                (id, resolution, started, closed, comments)
            }));
        }
    }
    let mut outcomes = Vec::new();
    for handle in work {
        outcomes.push(handle.await.unwrap());
    }

    for &id in &ids {
        let mine: Vec<_> = outcomes.iter().filter(|o| o.0 == id).collect();
        for (what, codes) in [
            ("start", mine.iter().map(|o| o.2).collect::<Vec<_>>()),
            ("close", mine.iter().map(|o| o.3).collect::<Vec<_>>()),
        ] {
            assert_eq!(
                codes.iter().filter(|c| **c == 200).count(),
                1,
                "exactly one {what} of ticket {id} wins: {codes:?}"
            );
            assert!(
                codes.iter().all(|c| [200, 409, 422].contains(c)),
                "the loser of a {what} race is told so: {codes:?}"
            );
        }
        let winner = mine.iter().find(|o| o.3 == 200).unwrap().1;
        for api in [&org_one, &org_two] {
            let (_, ticket) = api.get(&format!("/api/v1/tickets/{id}")).await;
            assert_eq!(ticket["status"], "closed");
            assert_eq!(
                ticket["resolution"], winner,
                "the winning close is the one stored"
            );
            assert_eq!(events_of(api, id, "started").await.len(), 1);
            assert_eq!(events_of(api, id, "closed").await.len(), 1);
            let comments = mine.iter().map(|o| o.4).sum::<usize>();
            assert_eq!(
                events_of(api, id, "commented").await.len(),
                comments,
                "every acknowledged comment is on the timeline"
            );
        }
    }

    let hq = (one.api_as("hq_city").await, two.api_as("hq_city").await);
    for query in ["status=closed", "status=in_progress", "category=no_heat"] {
        let path = format!("/api/v1/tickets?{query}");
        let (a, b) = (hq.0.get(&path).await.1, hq.1.get(&path).await.1);
        assert_eq!(a["total"], b["total"], "both servers count {query} alike");
    }
    let (_, closed) = hq.0.get("/api/v1/tickets?status=closed").await;
    assert_eq!(closed["total"], TICKETS as i64);
}
