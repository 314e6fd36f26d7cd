//! HQ meetings: the agenda built from the data as of the meeting (week
//! boundaries in city time), directives and their carry-over, agenda items and
//! order, the XLSX export, scope between district HQs, and the pages.

use std::io::Read;

use domain::category::Category;
use domain::directive::{Completion, DirectiveOwner, NewDirective};
use domain::district::DistrictId;
use domain::event::EventKind;
use domain::hq_meeting::{Hq, HqMeetingId, MeetingSchedule};
use domain::phone::Phone;
use domain::quality_callback::CallbackOutcome;
use domain::ticket::{Channel, NewTicket, Resolution, Ticket, TicketId};
use domain::user::{Role, Scope, UserId};
use heatline::app::ticket::{Registration, actor_event, register_in_tx, save_change};
use jiff::Timestamp;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, csrf_of, page};

/// An instant written in city time, e.g. `2026-11-15T23:30`.
pub fn city(local: &str) -> Timestamp {
    domain::calendar::city_instant(local.parse().expect("a city date-time"))
}

/// District B of the seeded registry and a district HQ user `hq_b` for it.
pub async fn district_b_with_hq(app: &TestApp) -> DistrictId {
    let mut tx = app.ctx.db().begin_write().await.unwrap();
    let district = store::district::find_by_name(&mut tx, "Кировский")
        .await
        .unwrap()
        .expect("seeded district");
    let hash = heatline::app::auth::hash_password(PASSWORD).unwrap();
    let user = store::user::NewUser {
        login: "hq_b",
        name: "hq_b",
        password_hash: &hash,
        role: Role::DistrictHq,
        scope: Scope::District(district),
    };
    store::user::insert(&mut tx, &user, Timestamp::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    district
}

/// Registers a ticket at a given instant through the one registration path.
pub async fn ticket_at(app: &TestApp, building: i64, category: Category, at: Timestamp) -> Ticket {
    let facts = NewTicket {
        category,
        channel: Channel::Phone,
        phone: Phone::parse(&TestApp::phone()).unwrap(),
        resident_name: None,
        address: Some("по реестру".into()),
        building_id: Some(domain::building::BuildingId(building)),
        apartment: None,
        entrance: None,
        description: "Нет отопления".into(),
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
    ticket
}

async fn close_at(app: &TestApp, id: TicketId, at: Timestamp) {
    let mut tx = app.ctx.db().begin_write().await.unwrap();
    let mut ticket = store::ticket::get(&mut tx, id, Scope::City).await.unwrap();
    let version = ticket.version();
    ticket.close(Resolution::Fixed, None, at).unwrap();
    save_change(
        &mut tx,
        &ticket,
        version,
        &actor_event(None, EventKind::Closed, at),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

async fn reopen_at(app: &TestApp, id: TicketId, at: Timestamp) {
    let mut tx = app.ctx.db().begin_write().await.unwrap();
    let mut ticket = store::ticket::get(&mut tx, id, Scope::City).await.unwrap();
    let version = ticket.version();
    ticket
        .reopen(Some(at + jiff::SignedDuration::from_hours(24)))
        .unwrap();
    save_change(
        &mut tx,
        &ticket,
        version,
        &actor_event(None, EventKind::Reopened, at),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// A directive written straight to the store: issued and reported at given
/// instants (the API only takes deadlines ahead of the real clock).
async fn directive_at(
    app: &TestApp,
    hq: Hq,
    meeting: Option<i64>,
    deadline: &str,
    done: Option<&str>,
) -> i64 {
    let facts = NewDirective {
        hq,
        meeting_id: meeting.map(HqMeetingId),
        text: format!("Поручение со сроком {deadline}"),
        owner: DirectiveOwner::Organization(app.registry.org_a),
        deadline: city(deadline),
    };
    let mut tx = app.ctx.db().begin_write().await.unwrap();
    let id = store::directive::insert(&mut tx, &facts, &[], UserId(1), city("2026-11-02T10:00"))
        .await
        .unwrap();
    if let Some(done) = done {
        let completion = Completion {
            at: city(done),
            report: "Исполнено".into(),
        };
        store::directive::complete(&mut tx, id, &completion, UserId(1))
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    id.0
}

async fn open_meeting(api: &crate::helpers::Api, hq: &str, date: &str) -> i64 {
    let (status, meeting) = api
        .post("/api/v1/hq/meetings", json!({"hq": hq, "date": date}))
        .await;
    assert_eq!(status, 200, "{meeting}");
    meeting["id"].as_i64().expect("an opened meeting has an id")
}

fn part<'a>(agenda: &'a Value, section: &str) -> &'a Value {
    agenda["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["section"] == section)
        .unwrap_or_else(|| panic!("no {section} in {agenda}"))
}

fn count_of(figures: &Value, category: &str) -> (i64, i64) {
    let row = figures["by_category"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["category"] == category)
        .unwrap();
    (
        row["reported"].as_i64().unwrap(),
        row["previous"].as_i64().unwrap(),
    )
}

/// Writes one quality-callback call on `ticket` placed `at`, as the control
/// department's use case would (one call per round here).
async fn callback_at(app: &TestApp, ticket: &Ticket, outcome: CallbackOutcome, at: Timestamp) {
    let mut tx = app.ctx.db().begin_write().await.unwrap();
    let call = store::quality_callback::NewCall {
        ticket_id: ticket.id,
        round_closed_at: at - jiff::SignedDuration::from_hours(1),
        attempt: 1,
        outcome,
        round_outcome: (outcome != CallbackOutcome::NoAnswer).then_some(outcome),
        retry_at: None,
        comment: None,
        controller: None,
        called_at: at,
        district_id: ticket.district_id(),
        organization_id: ticket.organization_id(),
        category: ticket.category,
    };
    store::quality_callback::insert(&mut tx, &call)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn the_agenda_counts_the_weeks_quality_callbacks_and_the_solved_share() {
    let app = TestApp::spawn().await;
    let (a, b) = (app.registry.building_a, app.registry.building_b);
    let at = city("2026-11-01T12:00");
    let mut ours = Vec::new();
    for _ in 0..5 {
        ours.push(ticket_at(&app, a, Category::NoHeat, at).await);
    }
    let theirs = ticket_at(&app, b, Category::NoHeat, at).await;
    use CallbackOutcome::*;
    // The meeting on Tuesday 17 November reports 9–15 November.
    callback_at(&app, &ours[0], Solved, city("2026-11-15T23:59")).await;
    callback_at(&app, &ours[1], NotSolved, city("2026-11-16T00:00")).await;
    callback_at(&app, &ours[2], NoAnswer, city("2026-11-10T09:00")).await;
    callback_at(&app, &ours[3], Solved, city("2026-11-09T00:00")).await;
    callback_at(&app, &ours[4], NotSolved, city("2026-11-05T12:00")).await;
    callback_at(&app, &theirs, Solved, city("2026-11-12T12:00")).await;
    let hq = app.api_as("hq_a").await;

    let id = open_meeting(&hq, "", "2026-11-17").await;
    let (status, agenda) = hq.get(&format!("/api/v1/hq/meetings/{id}/agenda")).await;

    assert_eq!(status, 200, "{agenda}");
    let callbacks = &part(&agenda, "week_figures")["week_figures"]["callbacks"];
    let reported = &callbacks["reported"];
    assert_eq!(
        reported["calls"], 3,
        "Monday 00:00 opens the week, the next Monday closes it: {callbacks}"
    );
    assert_eq!(reported["solved"], 2);
    assert_eq!(reported["no_answer"], 1);
    assert_eq!(reported["share_solved"], 1.0, "no answer is no verdict");
    let previous = &callbacks["previous"];
    assert_eq!(
        previous["calls"], 1,
        "another district's calls are not ours: {callbacks}"
    );
    assert_eq!(previous["not_solved"], 1);
    assert_eq!(previous["share_solved"], 0.0);

    let (browser, _) = app.browser_as("hq_a").await;
    let (_, html) = page(&browser, format!("{}/hq/meetings/{id}", app.base)).await;
    assert!(html.contains("Контрольный обзвон: решено, %"), "{html}");
}

#[tokio::test]
async fn the_agenda_counts_full_city_weeks_as_of_the_meeting() {
    let app = TestApp::spawn().await;
    let (a, b) = (app.registry.building_a, app.registry.building_b);
    // The meeting on Tuesday 17 November reports 9–15 November against 2–8 November.
    let sunday_late = ticket_at(&app, a, Category::NoHeat, city("2026-11-15T23:30")).await;
    ticket_at(&app, a, Category::NoHeat, city("2026-11-16T00:10")).await;
    ticket_at(&app, a, Category::AirLock, city("2026-11-09T00:00")).await;
    let midweek = ticket_at(&app, a, Category::NoHeat, city("2026-11-12T12:00")).await;
    ticket_at(&app, a, Category::Billing, city("2026-11-08T23:59")).await;
    let closed = ticket_at(&app, a, Category::NoHeat, city("2026-11-03T12:00")).await;
    ticket_at(&app, a, Category::Leak, city("2026-11-02T00:00")).await;
    ticket_at(&app, b, Category::NoHeat, city("2026-11-12T12:00")).await;
    close_at(&app, closed.id, city("2026-11-04T09:00")).await;
    reopen_at(&app, closed.id, city("2026-11-10T09:00")).await;
    close_at(&app, closed.id, city("2026-11-11T09:00")).await;
    // Closed after the meeting: still overdue as of the meeting.
    close_at(&app, midweek.id, city("2026-11-18T09:00")).await;
    let hq = app.api_as("hq_a").await;

    let id = open_meeting(&hq, "", "2026-11-17").await;
    let (status, agenda) = hq.get(&format!("/api/v1/hq/meetings/{id}/agenda")).await;

    assert_eq!(status, 200, "{agenda}");
    assert_eq!(agenda["meeting"]["starts_at"], "2026-11-17T10:00:00+05:00");
    assert_eq!(agenda["reported_week"]["from"], "2026-11-09");
    assert_eq!(agenda["reported_week"]["to"], "2026-11-15");
    assert_eq!(agenda["previous_week"]["from"], "2026-11-02");
    assert_eq!(agenda["as_of"], "2026-11-17T10:00:00+05:00");
    let figures = &part(&agenda, "week_figures")["week_figures"];
    assert_eq!(figures["total"]["reported"], 3, "{figures}");
    assert_eq!(figures["total"]["previous"], 3, "{figures}");
    assert_eq!(count_of(figures, "no_heat"), (2, 1));
    assert_eq!(count_of(figures, "air_lock"), (1, 0));
    assert_eq!(count_of(figures, "billing"), (0, 1));
    assert_eq!(count_of(figures, "leak"), (0, 1));
    let buildings = part(&agenda, "repeat_buildings")["buildings"]
        .as_array()
        .unwrap();
    assert_eq!(buildings.len(), 1, "{buildings:?}");
    assert_eq!(buildings[0]["building_id"], a);
    assert_eq!(buildings[0]["tickets"], 3);
    assert_eq!(buildings[0]["heating_tickets"], 3);
    let overdue = part(&agenda, "overdue_tickets")["overdue"]
        .as_array()
        .unwrap();
    let by_org: Vec<(i64, i64)> = overdue
        .iter()
        .map(|o| {
            (
                o["organization_id"].as_i64().unwrap(),
                o["tickets"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        by_org,
        [(app.registry.org_a.0, 5), (app.registry.supplier.0, 1)],
        "{overdue:?}"
    );
    let reopened = part(&agenda, "reopened_tickets")["reopened"]
        .as_array()
        .unwrap();
    assert_eq!(reopened.len(), 1, "{reopened:?}");
    assert_eq!(reopened[0]["ticket_id"], closed.id.0);
    assert_eq!(reopened[0]["status"], "closed");
    assert!(sunday_late.created_at < city("2026-11-16T00:00"));
}

#[tokio::test]
async fn overdue_directives_are_carried_over_to_the_next_meeting() {
    let app = TestApp::spawn().await;
    let district_b = district_b_with_hq(&app).await;
    let a = Hq::District(app.registry.district_a);
    let hq = app.api_as("hq_a").await;
    let first = open_meeting(&hq, "", "2026-11-10").await;
    let overdue = directive_at(&app, a, Some(first), "2026-11-13T18:00", None).await;
    directive_at(&app, a, Some(first), "2026-11-20T18:00", None).await;
    directive_at(
        &app,
        a,
        Some(first),
        "2026-11-12T18:00",
        Some("2026-11-12T12:00"),
    )
    .await;
    let late = directive_at(
        &app,
        a,
        Some(first),
        "2026-11-12T18:00",
        Some("2026-11-18T12:00"),
    )
    .await;
    let other = directive_at(
        &app,
        Hq::District(district_b),
        None,
        "2026-11-11T18:00",
        None,
    )
    .await;

    let next = open_meeting(&hq, "", "2026-11-17").await;
    let (_, agenda) = hq.get(&format!("/api/v1/hq/meetings/{next}/agenda")).await;
    let carried: Vec<i64> = part(&agenda, "carried_over_directives")["directives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_i64().unwrap())
        .collect();
    assert_eq!(carried, [late, overdue], "most overdue first: {agenda}");
    let shown: Vec<&Value> = part(&agenda, "carried_over_directives")["directives"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(shown[0]["status"], "done", "listed as it stands now");
    assert_eq!(shown[1]["status"], "overdue");
    let (_, first_agenda) = hq.get(&format!("/api/v1/hq/meetings/{first}/agenda")).await;
    assert_eq!(first_agenda["decided"].as_array().unwrap().len(), 4);

    let city_hq = app.api_as("hq_city").await;
    let friday = open_meeting(&city_hq, "city", "2026-11-20").await;
    let (_, city_agenda) = city_hq
        .get(&format!("/api/v1/hq/meetings/{friday}/agenda"))
        .await;
    assert_eq!(city_agenda["meeting"]["kind"], "extended");
    let carried: Vec<i64> = part(&city_agenda, "carried_over_directives")["directives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        carried,
        [other, overdue],
        "the city takes up every district's"
    );
}

async fn next_district_meeting(api: &crate::helpers::Api) -> i64 {
    let (date, _) = domain::hq_meeting::next_meeting(
        &MeetingSchedule::DISTRICT_DEFAULT,
        Timestamp::now() + jiff::SignedDuration::from_hours(24),
    );
    open_meeting(api, "", &date.to_string()).await
}

#[tokio::test]
async fn a_directive_goes_from_open_to_done_by_its_owner() {
    let app = TestApp::spawn().await;
    district_b_with_hq(&app).await;
    let ticket = app
        .register(json!({"phone": TestApp::phone(), "building_id": app.registry.building_a, "category": "air_lock", "description": "Завоздушивание стояка"}))
        .await;
    let hq = app.api_as("hq_a").await;
    let meeting = next_district_meeting(&hq).await;
    let deadline =
        domain::calendar::rfc3339(Timestamp::now() + jiff::SignedDuration::from_hours(72));

    let (status, issued) = hq
        .post(
            "/api/v1/directives",
            json!({"meeting_id": meeting, "text": "Прокачать стояки", "owner": format!("organization:{}", app.registry.org_a.0),
                   "deadline": deadline, "ticket_ids": [ticket["id"]], "building_ids": [app.registry.building_a]}),
        )
        .await;
    assert_eq!(status, 201, "{issued}");
    assert_eq!(issued["status"], "open");
    assert_eq!(
        issued["hq"],
        format!("district:{}", app.registry.district_a.0)
    );
    assert_eq!(issued["links"][0]["label"], ticket["number"]);
    let id = issued["id"].as_i64().unwrap();
    let (status, refused) = hq
        .post(
            "/api/v1/directives",
            json!({"meeting_id": meeting, "text": "", "owner": "organization:999999", "deadline": "2020-01-01"}),
        )
        .await;
    assert_eq!(status, 422);
    for field in ["text", "owner"] {
        assert!(refused["errors"][field].is_array(), "{refused}");
    }
    let (status, refused) = hq
        .post(
            "/api/v1/directives",
            json!({"meeting_id": meeting, "text": "Поздно", "owner": format!("organization:{}", app.registry.org_a.0), "deadline": "2020-01-01"}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(refused["errors"]["deadline"].is_array(), "{refused}");

    let other_org = app.api_as("org_b").await;
    let (_, seen) = other_org.get("/api/v1/directives").await;
    assert_eq!(seen.as_array().unwrap().len(), 0);
    let (status, _) = other_org
        .post(
            &format!("/api/v1/directives/{id}/done"),
            json!({"report": "x"}),
        )
        .await;
    assert_eq!(status, 404);
    let (_, seen) = app.api_as("hq_b").await.get("/api/v1/directives").await;
    assert_eq!(seen.as_array().unwrap().len(), 0);
    let (status, _) = app.api_as("operator").await.get("/api/v1/directives").await;
    assert_eq!(status, 403);

    let owner = app.api_as("org_a").await;
    let (_, seen) = owner.get("/api/v1/directives?status=open").await;
    assert_eq!(seen[0]["id"], id);
    assert_eq!(seen[0]["can_report"], true);
    let (status, _) = owner
        .post(
            &format!("/api/v1/directives/{id}/done"),
            json!({"report": "  "}),
        )
        .await;
    assert_eq!(status, 422);
    let (status, done) = owner
        .post(
            &format!("/api/v1/directives/{id}/done"),
            json!({"report": "Стояки прокачаны, акт приложен"}),
        )
        .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["status"], "done");
    assert_eq!(done["report"], "Стояки прокачаны, акт приложен");
    let (status, _) = owner
        .post(
            &format!("/api/v1/directives/{id}/done"),
            json!({"report": "ещё раз"}),
        )
        .await;
    assert_eq!(status, 409);
    let (_, open) = hq.get("/api/v1/directives?status=open").await;
    assert_eq!(open.as_array().unwrap().len(), 0);
    let (_, done) = hq.get("/api/v1/directives?status=done").await;
    assert_eq!(done.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_open_directive_past_its_deadline_lists_as_overdue() {
    let app = TestApp::spawn().await;
    let a = Hq::District(app.registry.district_a);
    let id = directive_at(&app, a, None, "2026-11-13T18:00", None).await;
    directive_at(&app, a, None, "2026-11-13T18:00", Some("2026-11-13T12:00")).await;
    let hq = app.api_as("hq_a").await;

    let (_, overdue) = hq.get("/api/v1/directives?status=overdue").await;
    let ids: Vec<i64> = overdue
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [id]);
    assert_eq!(overdue[0]["status"], "overdue");
    let (status, _) = hq.get("/api/v1/directives?status=late").await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn staff_add_items_and_reorder_the_agenda() {
    let app = TestApp::spawn().await;
    let hq = app.api_as("hq_a").await;
    let id = next_district_meeting(&hq).await;

    let (status, item) = hq
        .post(
            &format!("/api/v1/hq/meetings/{id}/items"),
            json!({"title": "Подготовка к морозам", "note": "Доклад УК"}),
        )
        .await;
    assert_eq!(status, 201, "{item}");
    let key = item["key"].as_str().unwrap().to_string();
    let (_, agenda) = hq.get(&format!("/api/v1/hq/meetings/{id}/agenda")).await;
    let keys = |agenda: &Value| -> Vec<String> {
        agenda["parts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["key"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(keys(&agenda).last(), Some(&key));
    assert_eq!(agenda["parts"][7]["title"], "Подготовка к морозам");

    let (status, moved) = hq
        .post(
            &format!("/api/v1/hq/meetings/{id}/items/move"),
            json!({"key": key, "direction": "up"}),
        )
        .await;
    assert_eq!(status, 200, "{moved}");
    let (_, agenda) = hq.get(&format!("/api/v1/hq/meetings/{id}/agenda")).await;
    assert_eq!(keys(&agenda)[6], key);
    assert_eq!(keys(&agenda)[7], "carried_over_directives");
    hq.post(
        &format!("/api/v1/hq/meetings/{id}/items/move"),
        json!({"key": "week_figures", "direction": "down"}),
    )
    .await;
    let (_, agenda) = hq.get(&format!("/api/v1/hq/meetings/{id}/agenda")).await;
    assert_eq!(keys(&agenda)[..2], ["repeat_buildings", "week_figures"]);

    let (status, _) = hq
        .post(
            &format!("/api/v1/hq/meetings/{id}/items/move"),
            json!({"key": "item:999999", "direction": "up"}),
        )
        .await;
    assert_eq!(status, 422);
    let (status, _) = hq
        .post(
            &format!("/api/v1/hq/meetings/{id}/items"),
            json!({"title": " "}),
        )
        .await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn a_district_hq_cannot_see_another_districts_meetings() {
    let app = TestApp::spawn().await;
    let district_b = district_b_with_hq(&app).await;
    let hq_a = app.api_as("hq_a").await;
    let id = next_district_meeting(&hq_a).await;
    let hq_b = app.api_as("hq_b").await;
    let a = format!("district:{}", app.registry.district_a.0);

    let (status, _) = hq_b.get(&format!("/api/v1/hq/meetings?hq={a}")).await;
    assert_eq!(status, 404);
    let (status, _) = hq_b.get(&format!("/api/v1/hq/meetings/{id}/agenda")).await;
    assert_eq!(status, 404);
    let (status, _) = hq_b
        .post(
            &format!("/api/v1/hq/meetings/{id}/items"),
            json!({"title": "x"}),
        )
        .await;
    assert_eq!(status, 404);
    let (status, _) = hq_b
        .post(
            "/api/v1/hq/meetings",
            json!({"hq": a, "date": "2026-11-17"}),
        )
        .await;
    assert_eq!(status, 404);
    let (status, own) = hq_b.get("/api/v1/hq/meetings").await;
    assert_eq!(status, 200);
    assert_eq!(own["hq"]["code"], format!("district:{}", district_b.0));
    assert!(
        own["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["id"].is_null()),
        "B has opened nothing: {own}"
    );

    let (status, listed) = hq_a.get("/api/v1/hq/meetings").await;
    assert_eq!(status, 200);
    assert!(
        listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == id)
    );
    let city_hq = app.api_as("hq_city").await;
    let (status, _) = city_hq
        .get(&format!("/api/v1/hq/meetings/{id}/agenda"))
        .await;
    assert_eq!(status, 200, "the city HQ reads every district's agenda");
    let (status, _) = city_hq
        .post(
            &format!("/api/v1/hq/meetings/{id}/items"),
            json!({"title": "x"}),
        )
        .await;
    assert_eq!(status, 403, "but does not edit it");
    let (status, _) = app.api_as("org_a").await.get("/api/v1/hq/meetings").await;
    assert_eq!(status, 403);
    let (status, _) = hq_a.get("/api/v1/hq/meetings?hq=district:x").await;
    assert_eq!(status, 422);
}

fn zip_file(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an xlsx is a zip");
    let mut file = archive.by_name(name).expect(name);
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    text
}

#[tokio::test]
async fn the_agenda_exports_to_an_xlsx_that_opens() {
    let app = TestApp::spawn().await;
    ticket_at(
        &app,
        app.registry.building_a,
        Category::NoHeat,
        city("2026-11-10T09:00"),
    )
    .await;
    ticket_at(
        &app,
        app.registry.building_a,
        Category::NoHeat,
        city("2026-11-11T09:00"),
    )
    .await;
    let hq = app.api_as("hq_a").await;
    let id = open_meeting(&hq, "", "2026-11-17").await;

    for (lang, sheet) in [("en", "Agenda"), ("ru", "Повестка")] {
        let res = hq
            .http
            .get(format!("{}/api/v1/hq/meetings/{id}/agenda.xlsx", app.base))
            .bearer_auth(token_of(&app, "hq_a").await)
            .header("accept-language", lang)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(
            res.headers()["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        let bytes = res.bytes().await.unwrap();
        assert_eq!(&bytes[..4], b"PK\x03\x04", "a zip signature");
        let workbook = zip_file(&bytes, "xl/workbook.xml");
        assert!(
            workbook.contains(&format!("name=\"{sheet}\"")),
            "{workbook}"
        );
        let strings = zip_file(&bytes, "xl/sharedStrings.xml");
        assert!(strings.contains("ул. Первомайская, д. 12"), "{strings}");
        let cells = zip_file(&bytes, "xl/worksheets/sheet1.xml");
        assert!(cells.contains("<v>2</v>"), "the count is a number cell");
    }
    let hq_b_district = district_b_with_hq(&app).await;
    assert!(hq_b_district.0 > 0);
    let res = app
        .anonymous()
        .http
        .get(format!("{}/api/v1/hq/meetings/{id}/agenda.xlsx", app.base))
        .bearer_auth(token_of(&app, "hq_b").await)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

async fn token_of(app: &TestApp, login: &str) -> String {
    let (_, body) = app
        .anonymous()
        .post(
            "/api/v1/auth/token",
            json!({"login": login, "password": PASSWORD}),
        )
        .await;
    body["token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn hq_staff_land_on_the_workspace_and_record_decisions_on_the_agenda_page() {
    let app = TestApp::spawn().await;
    let ticket = ticket_at(
        &app,
        app.registry.building_a,
        Category::NoHeat,
        Timestamp::now() - jiff::SignedDuration::from_hours(2),
    )
    .await;
    ticket_at(
        &app,
        app.registry.building_a,
        Category::AirLock,
        Timestamp::now() - jiff::SignedDuration::from_hours(1),
    )
    .await;
    let (browser, landing) = app.browser_as("hq_a").await;
    assert_eq!(landing, "/hq");
    let (_, city_landing) = app.browser_as("hq_city").await;
    assert_eq!(city_landing, "/hq");

    let (status, html) = page(&browser, format!("{}/hq", app.base)).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Калининский"), "{html}");
    assert!(
        html.contains("ул. Первомайская, д. 12"),
        "repeat building listed"
    );
    let csrf = csrf_of(&html);
    let (date, _) = domain::hq_meeting::next_meeting(
        &MeetingSchedule::DISTRICT_DEFAULT,
        Timestamp::now() + jiff::SignedDuration::from_hours(24),
    );
    let res = browser
        .post(format!("{}/hq/meetings", app.base))
        .form(&[("_csrf", csrf.as_str()), ("date", &date.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let agenda_url = res.headers()["location"].to_str().unwrap().to_string();
    let (status, html) = page(&browser, format!("{}{agenda_url}", app.base)).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Повестка"), "{html}");
    let deadline = (date.saturating_add(jiff::ToSpan::days(7))).to_string();
    let org = format!("organization:{}", app.registry.org_a.0);
    let meeting_id = agenda_url.trim_start_matches("/hq/meetings/");
    for text in ["Прокачать стояки до пятницы", "Доложить о подаче тепла"]
    {
        let res = browser
            .post(format!("{}/directives", app.base))
            .form(&[
                ("_csrf", csrf.as_str()),
                ("meeting_id", meeting_id),
                ("text", text),
                ("owner", org.as_str()),
                ("deadline", deadline.as_str()),
                ("ticket_ids", &ticket.id.0.to_string()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    }
    let (_, html) = page(&browser, format!("{}{agenda_url}", app.base)).await;
    assert!(html.contains("Прокачать стояки до пятницы"), "{html}");
    assert!(html.contains("Доложить о подаче тепла"));
    let (status, print) = page(&browser, format!("{}{agenda_url}/print", app.base)).await;
    assert_eq!(status, 200);
    assert!(print.contains("size: A4"), "a print stylesheet for A4");
    assert!(print.contains("Прокачать стояки до пятницы"));

    let (owner, _) = app.browser_as("org_a").await;
    let (status, html) = page(&owner, format!("{}/directives", app.base)).await;
    assert_eq!(status, 200);
    assert!(html.contains("Прокачать стояки до пятницы"), "{html}");
}

#[tokio::test]
async fn the_city_hq_moves_a_districts_meetings_and_the_calendar_follows() {
    let app = TestApp::spawn().await;
    let a = format!("district:{}", app.registry.district_a.0);
    let city_hq = app.api_as("hq_city").await;

    let (status, schedule) = city_hq
        .post(
            "/api/v1/hq/schedules",
            json!({"hq": a, "meeting_weekday": 3, "meeting_time": "11:30"}),
        )
        .await;
    assert_eq!(status, 200, "{schedule}");
    assert_eq!(
        schedule["reception_weekday"], 2,
        "untouched fields keep their values"
    );
    let hq = app.api_as("hq_a").await;
    let (_, calendar) = hq
        .get("/api/v1/hq/meetings?from=2026-11-23&to=2026-12-06")
        .await;
    let starts: Vec<&str> = calendar["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["starts_at"].as_str().unwrap())
        .collect();
    assert_eq!(
        starts,
        ["2026-11-25T11:30:00+05:00", "2026-12-02T11:30:00+05:00"]
    );
    let (_, all) = city_hq.get("/api/v1/hq/schedules").await;
    assert_eq!(
        all.as_array().unwrap().len(),
        3,
        "the city and both districts"
    );
    assert_eq!(all[0]["hq"], "city");
    assert_eq!(all[0]["meeting_weekday"], 5, "Friday by default");

    let (status, _) = hq
        .post(
            "/api/v1/hq/schedules",
            json!({"hq": a, "meeting_weekday": 2}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, body) = city_hq
        .post(
            "/api/v1/hq/schedules",
            json!({"hq": a, "meeting_time": "25:00", "meeting_weekday": 8}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        body["errors"]["meeting_time"].is_array() && body["errors"]["meeting_weekday"].is_array(),
        "{body}"
    );
    let (status, body) = city_hq
        .post(
            "/api/v1/hq/schedules",
            json!({"hq": "city", "reception_start": "17:00", "reception_end": "14:00"}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["reception_end"].is_array(), "{body}");
}

#[tokio::test]
async fn the_openapi_document_lists_the_hq_endpoints() {
    let app = TestApp::spawn().await;
    let (status, doc) = app.anonymous().get("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    for path in [
        "/api/v1/hq/meetings",
        "/api/v1/hq/meetings/{id}/agenda",
        "/api/v1/hq/meetings/{id}/items",
        "/api/v1/directives",
        "/api/v1/directives/{id}/done",
        "/api/v1/receptions",
        "/api/v1/receptions/appointments",
        "/api/v1/receptions/appointments/{id}/outcome",
        "/api/v1/receptions/appointments/{id}/ticket",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    assert!(doc["paths"]["/api/v1/hq/meetings"]["get"].is_object());
    assert!(doc["paths"]["/api/v1/directives"]["post"].is_object());
}

#[tokio::test]
async fn inspections_and_overdue_remarks_reach_the_workspace_and_the_agenda() {
    let app = TestApp::spawn().await;
    let (org_a, supplier) = (app.registry.org_a.0, app.registry.supplier.0);
    // Two calls open an inspection; its act (visited two days ago) finds three
    // violations and gives remarks a deadline that passed yesterday.
    crate::inspection::register_now(&app, app.registry.building_a, "no_heat").await;
    crate::inspection::register_now(&app, app.registry.building_a, "no_heat").await;
    let inspection =
        crate::inspection::inspections_of(&app, app.registry.building_a).await[0]["id"]
            .as_i64()
            .unwrap();
    let today = domain::calendar::city_date(Timestamp::now());
    let mut act = crate::inspection::report::act();
    act["visited_at"] = json!(format!(
        "{}T11:00:00+05:00",
        today.yesterday().unwrap().yesterday().unwrap()
    ));
    act["remarks_due_on"] = json!(today.yesterday().unwrap().to_string());
    let hq = app.api_as("hq_a").await;
    let (status, body) = hq
        .post(&format!("/api/v1/inspections/{inspection}/report"), act)
        .await;
    assert_eq!(status, 200, "{body}");

    let (status, ws) = hq.get("/api/v1/hq/workspace").await;
    assert_eq!(status, 200, "{ws}");
    let listed = &ws["inspections"][0];
    assert_eq!(listed["inspection_id"], inspection, "{ws}");
    assert_eq!(listed["status"], "completed");
    assert_eq!(listed["tickets"], 2);
    assert_eq!(listed["violations"], 3);
    assert_eq!(listed["open_remarks"], 3);
    let overdue: Vec<(i64, i64)> = ws["overdue_remarks_by_organization"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["organization_id"].as_i64().unwrap(),
                o["remarks"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(overdue, [(supplier, 2), (org_a, 1)], "{ws}");

    // Next week's Tuesday meeting reports this week: the act and the remarks are on it.
    let monday = today
        .saturating_sub(jiff::Span::new().days(i64::from(today.weekday().to_monday_zero_offset())));
    let tuesday = monday.saturating_add(jiff::Span::new().days(8));
    let id = open_meeting(&hq, "", &tuesday.to_string()).await;
    let (status, agenda) = hq.get(&format!("/api/v1/hq/meetings/{id}/agenda")).await;
    assert_eq!(status, 200, "{agenda}");
    assert_eq!(
        part(&agenda, "inspections")["inspections"][0]["inspection_id"],
        inspection
    );
    let remarks = part(&agenda, "overdue_remarks")["overdue_remarks"]
        .as_array()
        .unwrap();
    assert_eq!(remarks.len(), 2, "{remarks:?}");
    assert_eq!(remarks[0]["organization_id"], supplier);

    // Another district's HQ sees neither.
    let district_b = district_b_with_hq(&app).await;
    let (_, other) = app.api_as("hq_b").await.get("/api/v1/hq/workspace").await;
    assert_eq!(other["hq"]["district_id"], district_b.0, "{other}");
    assert_eq!(other["inspections"], json!([]), "{other}");
    assert_eq!(other["overdue_remarks_by_organization"], json!([]));

    let (browser, _) = app.browser_as("hq_a").await;
    let (status, html) = page(&browser, format!("{}/hq", app.base)).await;
    assert_eq!(status, 200);
    assert!(html.contains("Совместные обследования в работе"), "{html}");
    assert!(
        html.contains(&format!("/inspections/{inspection}")),
        "{html}"
    );
}
