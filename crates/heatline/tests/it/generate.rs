//! `heatline generate`: the bulk path leaves the database as the registration
//! path would — numbers continue, every ticket has its timeline, statuses,
//! versions and closures agree with the events.

use heatline::app::generate::{GenerateTickets, generate_tickets};
use heatline::app::user::command_line_actor;
use serde_json::json;

use crate::helpers::TestApp;

async fn count(app: &TestApp, sql: &str) -> i64 {
    let mut conn = app.ctx.db().read().await.expect("read");
    let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(&mut *conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    n
}

#[tokio::test]
async fn generated_history_is_consistent_and_registration_continues_after_it() {
    let app = TestApp::spawn().await;
    let body = json!({"phone": TestApp::phone(), "building_id": app.registry.building_a,
        "category": "no_heat", "description": "Холодные батареи"});
    app.register(body.clone()).await;
    let events_before = count(&app, "select count(*) from ticket_events").await;

    let input = GenerateTickets {
        tickets: 600,
        seed: 7,
    };
    let report = generate_tickets(&app.ctx, &command_line_actor(), input)
        .await
        .expect("generate");
    let events_after = count(&app, "select count(*) from ticket_events").await;
    let after = app.register(body).await;

    assert!(!report.registry_seeded);
    assert_eq!(report.tickets, 600);
    assert_eq!(count(&app, "select count(*) from tickets").await, 602);
    assert_eq!(events_after, events_before + report.events as i64);
    // The number counters are where the next registration expects them.
    let seq: i64 = after["number"].as_str().expect("number")[5..]
        .parse()
        .expect("seq");
    assert!(seq > 2, "the registration after generate got {seq}");
    let stale_counters = "select count(*) from ticket_counters c
        where c.last_seq <> (select max(number_seq) from tickets t where t.number_year = c.year)";
    assert_eq!(count(&app, stale_counters).await, 0);
    // Every ticket starts with its registration and ends in the state of its last event.
    let unregistered = "select count(*) from tickets t where not exists
        (select 1 from ticket_events e where e.ticket_id = t.id and e.kind = 'registered')";
    assert_eq!(count(&app, unregistered).await, 0);
    let disagreeing = "select count(*) from tickets t where t.status <>
        (select e.after_value from ticket_events e where e.ticket_id = t.id
         and e.kind in ('registered', 'assigned', 'started', 'closed', 'reopened')
         order by e.id desc limit 1)";
    assert_eq!(count(&app, disagreeing).await, 0);
    let versions = "select count(*) from tickets t where t.version <> 1 +
        (select count(*) from ticket_events e where e.ticket_id = t.id
         and e.kind in ('started', 'closed', 'reopened'))";
    assert_eq!(count(&app, versions).await, 0);
    let closures = "select count(*) from tickets where
        (status = 'closed' and (closed_at is null or resolution is null))
        or (status <> 'closed' and closed_at is not null)";
    assert_eq!(count(&app, closures).await, 0);
    // A season's mix: mostly closed, some still open, several categories.
    assert!(count(&app, "select count(*) from tickets where status = 'closed'").await > 300);
    assert!(count(&app, "select count(distinct category) from tickets").await >= 5);
    // The rollups the dashboard reads were rebuilt after the bulk write.
    let differences = store::rollup::verify(app.ctx.db()).await.unwrap();
    assert!(differences.is_empty(), "{differences:?}");
}
