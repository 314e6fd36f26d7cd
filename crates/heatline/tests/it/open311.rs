//! Open311 GeoReport v2 under `/open311/v2`: the spec's resources in JSON and
//! XML, its error cases, pages, API keys and their rate limits.

use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::{Value, json};
use store::building::BuildingRecord;

use crate::helpers::{TestApp, csrf_of};

/// An XML element with its children and text, parsed strictly (a document
/// that is not well-formed fails the test).
#[derive(Debug, Default)]
struct Element {
    name: String,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn child(&self, name: &str) -> &Element {
        self.children
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("<{}> has no <{name}>: {self:?}", self.name))
    }

    fn all(&self, name: &str) -> Vec<&Element> {
        self.children.iter().filter(|c| c.name == name).collect()
    }
}

fn parse_xml(text: &str) -> Element {
    assert!(
        text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
        "declaration: {text}"
    );
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        match reader
            .read_event()
            .unwrap_or_else(|e| panic!("not well-formed: {e}: {text}"))
        {
            Event::Start(e) => stack.push(Element {
                name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                ..Element::default()
            }),
            Event::Empty(e) => {
                let element = Element {
                    name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                    ..Element::default()
                };
                stack.last_mut().unwrap().children.push(element);
            }
            Event::Text(t) => {
                let text = t.decode().unwrap();
                stack.last_mut().unwrap().text.push_str(&text);
            }
            Event::GeneralRef(r) => {
                let name = r.decode().unwrap();
                let ch = match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unknown entity {other}"),
                };
                stack.last_mut().unwrap().text.push_str(ch);
            }
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(done);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let mut document = stack.pop().unwrap();
    assert_eq!(document.children.len(), 1, "one root element");
    document.children.pop().unwrap()
}

async fn get(app: &TestApp, path: &str) -> (u16, String) {
    let res = reqwest::get(format!("{}{path}", app.base)).await.unwrap();
    let status = res.status().as_u16();
    (status, res.text().await.unwrap())
}

async fn get_json(app: &TestApp, path: &str) -> (u16, Value) {
    let (status, text) = get(app, path).await;
    let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    (status, json)
}

async fn post(app: &TestApp, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let res = reqwest::Client::new()
        .post(format!("{}{path}", app.base))
        .form(form)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.text().await.unwrap())
}

async fn post_json(app: &TestApp, form: &[(&str, &str)]) -> (u16, Value) {
    let (status, text) = post(app, "/open311/v2/requests.json", form).await;
    (
        status,
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}")),
    )
}

/// Creates an API key as the admin through the JSON API and returns its secret.
async fn api_key(app: &TestApp, requests_per_minute: i64) -> String {
    let admin = app.api_as("admin").await;
    let (status, body) = admin
        .post(
            "/api/v1/api-keys",
            json!({"name": "Портал «Решаем вместе»", "requests_per_minute": requests_per_minute}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    body["key"].as_str().unwrap().to_string()
}

#[track_caller]
fn assert_error(status: u16, body: &Value, code: u16) {
    assert_eq!(status, code, "{body}");
    let errors = body.as_array().expect("errors are a bare array");
    assert!(!errors.is_empty());
    for e in errors {
        assert_eq!(e["code"], code, "{body}");
        assert!(e["description"].as_str().is_some_and(|d| !d.is_empty()));
    }
}

#[tokio::test]
async fn discovery_and_the_service_list_describe_every_category_in_both_formats() {
    let app = TestApp::spawn().await;

    let (status, discovery) = get_json(&app, "/open311/v2/discovery.json").await;
    assert_eq!(status, 200);
    let endpoint = &discovery["endpoints"][0];
    assert_eq!(
        endpoint["specification"],
        "http://wiki.open311.org/GeoReport_v2"
    );
    assert!(endpoint["url"].as_str().unwrap().ends_with("/open311/v2"));
    assert_eq!(endpoint["formats"], json!(["text/xml", "application/json"]));

    let (status, services) = get_json(&app, "/open311/v2/services.json").await;
    assert_eq!(status, 200);
    let services = services.as_array().expect("a bare array");
    let codes: Vec<&str> = services
        .iter()
        .map(|s| s["service_code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "no_heat",
            "air_lock",
            "overheating",
            "billing",
            "leak",
            "hot_water",
            "other"
        ]
    );
    let no_heat = &services[0];
    assert_eq!(no_heat["service_name"], "Нет отопления");
    assert_eq!(no_heat["metadata"], true);
    assert_eq!(no_heat["type"], "realtime");
    assert_eq!(no_heat["group"], "Отопление");
    assert!(no_heat["keywords"].as_str().unwrap().contains("батареи"));

    let (status, xml) = get(&app, "/open311/v2/services.xml").await;
    assert_eq!(status, 200);
    let root = parse_xml(&xml);
    assert_eq!(root.name, "services");
    let xml_codes: Vec<&str> = root
        .all("service")
        .iter()
        .map(|s| s.child("service_code").text.as_str())
        .collect();
    assert_eq!(xml_codes, codes);
    assert_eq!(root.all("service")[0].child("metadata").text, "true");

    let discovery_xml = parse_xml(&get(&app, "/open311/v2/discovery.xml").await.1);
    let formats = discovery_xml
        .child("endpoints")
        .child("endpoint")
        .child("formats");
    assert_eq!(formats.all("format").len(), 2);
}

#[tokio::test]
async fn a_service_definition_gives_attributes_with_datatypes_and_values() {
    let app = TestApp::spawn().await;

    let (status, definition) = get_json(&app, "/open311/v2/services/no_heat.json").await;
    assert_eq!(status, 200);
    assert_eq!(definition["service_code"], "no_heat");
    let attributes = definition["attributes"].as_array().unwrap();
    let codes: Vec<(&str, &str)> = attributes
        .iter()
        .map(|a| (a["code"].as_str().unwrap(), a["datatype"].as_str().unwrap()))
        .collect();
    assert_eq!(
        codes,
        [
            ("apartment", "string"),
            ("entrance", "number"),
            ("indoor_temperature", "number"),
            ("radiators", "singlevaluelist"),
            ("cold_rooms", "multivaluelist"),
        ]
    );
    let radiators = &attributes[3];
    assert_eq!(radiators["variable"], true);
    assert_eq!(radiators["required"], false);
    assert_eq!(radiators["order"], 4);
    assert_eq!(
        radiators["values"][0],
        json!({"key": "cold", "name": "Холодные"})
    );

    let leak = parse_xml(&get(&app, "/open311/v2/services/leak.xml").await.1);
    assert_eq!(leak.name, "service_definition");
    let place = leak
        .child("attributes")
        .all("attribute")
        .into_iter()
        .find(|a| a.child("code").text == "leak_place")
        .unwrap();
    assert_eq!(place.child("required").text, "true");
    assert_eq!(place.child("values").all("value").len(), 5);

    let (status, alias) = get_json(&app, "/open311/v2/service/no_heat.json").await;
    assert_eq!(status, 200, "old clients' alias");
    assert_eq!(alias, definition);

    let (status, body) = get_json(&app, "/open311/v2/services/pothole.json").await;
    assert_error(status, &body, 404);
    let (status, text) = get(&app, "/open311/v2/services/pothole.xml").await;
    assert_eq!(status, 404);
    let errors = parse_xml(&text);
    assert_eq!(errors.name, "errors");
    assert_eq!(errors.child("error").child("code").text, "404");
}

#[tokio::test]
async fn posting_without_a_valid_key_is_forbidden() {
    let app = TestApp::spawn().await;
    let form = [
        ("service_code", "no_heat"),
        ("address_string", "ул. Первомайская, д. 12"),
        ("description", "Холодно"),
        ("phone", "+79170000001"),
    ];

    let (status, body) = post_json(&app, &form).await;
    assert_error(status, &body, 403);
    assert!(body[0]["description"].as_str().unwrap().contains("api_key"));

    let mut wrong = form.to_vec();
    wrong.push(("api_key", "hl_not-a-key"));
    let (status, body) = post_json(&app, &wrong).await;
    assert_error(status, &body, 403);

    let (status, text) = post(&app, "/open311/v2/requests.xml", &form).await;
    assert_eq!(status, 403);
    assert_eq!(parse_xml(&text).child("error").child("code").text, "403");

    let key = api_key(&app, 60).await;
    let admin = app.api_as("admin").await;
    let (_, keys) = admin.get("/api/v1/api-keys").await;
    let id = keys[0]["id"].as_i64().unwrap();
    assert!(keys[0].get("key").is_none(), "the secret is never listed");
    let (status, _) = admin
        .post(&format!("/api/v1/api-keys/{id}/revoke"), json!({}))
        .await;
    assert_eq!(status, 200);
    let mut revoked = form.to_vec();
    revoked.push(("api_key", &key));
    let (status, body) = post_json(&app, &revoked).await;
    assert_error(status, &body, 403);
    assert!(body[0]["description"].as_str().unwrap().contains("revoked"));

    let operator = app.api_as("operator").await;
    let (status, _) = operator
        .post("/api/v1/api-keys", json!({"name": "x"}))
        .await;
    assert_eq!(status, 403, "only the admin manages keys");
}

#[tokio::test]
async fn a_posted_request_is_an_open311_ticket_and_reads_back_without_personal_data() {
    let app = TestApp::spawn().await;
    let key = api_key(&app, 60).await;
    let phone = TestApp::phone();
    let building = app.registry.building_a.to_string();

    let (status, body) = post_json(
        &app,
        &[
            ("api_key", key.as_str()),
            ("service_code", "no_heat"),
            ("address_id", &building),
            (
                "description",
                "Батареи ледяные третий день, звоните 8 917 555-44-33",
            ),
            ("phone", &phone),
            ("first_name", "Гульнара"),
            ("last_name", "Хабибуллина"),
            ("email", "gulnara@example.ru"),
            ("attribute[apartment]", "48"),
            ("attribute[entrance]", "2"),
            ("attribute[indoor_temperature]", "15.5"),
            ("attribute[cold_rooms][]", "bedroom"),
            ("attribute[cold_rooms][]", "corner_room"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let created = &body[0];
    let id = created["service_request_id"].as_str().unwrap().to_string();
    let token = created["token"].as_str().unwrap().to_string();
    let notice = created["service_notice"].as_str().unwrap();
    assert!(
        notice.contains(&id) && notice.contains("УЖХ Калининского района"),
        "{notice}"
    );

    let (status, text) = get(&app, &format!("/open311/v2/requests/{id}.json")).await;
    assert_eq!(status, 200);
    for secret in [
        "Гульнара",
        "Хабибуллина",
        "gulnara@",
        &phone[2..],
        "555-44-33",
        "\"48\"",
    ] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    let one: Value = serde_json::from_str(&text).unwrap();
    let request = &one.as_array().expect("an array of one")[0];
    assert_eq!(request["service_request_id"], id.as_str());
    assert_eq!(request["status"], "open");
    assert_eq!(request["service_code"], "no_heat");
    assert_eq!(request["address"], "ул. Первомайская, д. 12");
    assert_eq!(request["address_id"], building.as_str());
    assert_eq!(request["agency_responsible"], "УЖХ Калининского района");
    assert!(
        request["description"]
            .as_str()
            .unwrap()
            .starts_with("Батареи ледяные")
    );
    assert!(
        request["requested_datetime"]
            .as_str()
            .unwrap()
            .ends_with("+05:00")
    );
    assert!(
        request["expected_datetime"]
            .as_str()
            .unwrap()
            .ends_with("+05:00")
    );

    let (status, tokens) = get_json(&app, &format!("/open311/v2/tokens/{token}.json")).await;
    assert_eq!(status, 200);
    assert_eq!(tokens, json!([{"service_request_id": id, "token": token}]));

    let operator = app.api_as("operator").await;
    let (_, list) = operator
        .get(&format!("/api/v1/tickets?phone={}", &phone[1..]))
        .await;
    let ticket = &list["items"][0];
    assert_eq!(ticket["number"], id.as_str());
    assert_eq!(ticket["channel"], "open311");
    assert_eq!(ticket["apartment"], "48");
    assert_eq!(ticket["entrance"], "2");
    assert_eq!(ticket["name"], "Гульнара Хабибуллина");
    let (_, details) = operator
        .get(&format!("/api/v1/tickets/{}", ticket["id"]))
        .await;
    let comments: Vec<&str> = details["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["comment"].as_str())
        .collect();
    assert!(
        comments
            .iter()
            .any(|c| c.contains("indoor_temperature: 15.5")
                && c.contains("cold_rooms: bedroom, corner_room")),
        "the answers are on the staff timeline: {comments:?}"
    );
}

#[tokio::test]
async fn a_location_is_an_address_or_the_nearest_building_to_a_point() {
    let app = TestApp::spawn().await;
    let key = api_key(&app, 60).await;
    let building = add_building_at(&app, "ул. Комарова, д. 3", 54.7702, 56.0571).await;
    let post_at = |lat: &'static str, long: &'static str| {
        let key = key.clone();
        let app = &app;
        async move {
            let phone = TestApp::phone();
            let form = [
                ("api_key", key.as_str()),
                ("service_code", "air_lock"),
                ("lat", lat),
                ("long", long),
                ("description", "Завоздушило стояк"),
                ("phone", phone.as_str()),
            ];
            let (status, body) = post_json(app, &form).await;
            assert_eq!(status, 200, "{body}");
            let id = body[0]["service_request_id"].as_str().unwrap().to_string();
            get_json(app, &format!("/open311/v2/requests/{id}.json"))
                .await
                .1[0]
                .clone()
        }
    };

    let near = post_at("54.77035", "56.05705").await;
    assert_eq!(near["address_id"], building.to_string().as_str());
    assert_eq!(near["lat"], 54.7702, "the building's own point");

    let far = post_at("54.80012", "56.10034").await;
    assert!(
        far["address_id"].is_null(),
        "no building within reach: {far}"
    );
    assert_eq!(far["lat"], 54.8, "a reported point is rounded");
    assert_eq!(far["long"], 56.1);

    let key = api_key(&app, 60).await;
    let phone = TestApp::phone();
    let url = format!("/open311/v2/requests.json?api_key={key}");
    let (status, body) = post(
        &app,
        &url,
        &[
            ("service_code", "billing"),
            ("address_string", "Ленина 5/1"),
            ("description", "Двойное начисление за отопление"),
            ("phone", &phone),
        ],
    )
    .await;
    assert_eq!(status, 200, "a key in the query string: {body}");
    let body: Value = serde_json::from_str(&body).unwrap();
    let id = body[0]["service_request_id"].as_str().unwrap();
    let request = &get_json(&app, &format!("/open311/v2/requests/{id}.json"))
        .await
        .1[0];
    assert_eq!(
        request["address"], "ул. Ленина, д. 5/1",
        "resolved like at the desk"
    );
}

async fn add_building_at(app: &TestApp, address: &str, lat: f64, long: f64) -> i64 {
    let mut tx = app.ctx.db().begin_write().await.unwrap();
    let record = BuildingRecord {
        key: domain::building::fold(address),
        address: address.into(),
        district_id: app.registry.district_a,
        management_company_id: app.registry.org_a,
        heat_supplier_id: app.registry.supplier,
        latitude: Some(lat),
        longitude: Some(long),
        apartments: None,
        year_built: None,
    };
    let id = match store::building::upsert(&mut tx, &record, jiff::Timestamp::now())
        .await
        .unwrap()
    {
        store::building::Upserted::Inserted(id) => id.0,
        other => panic!("{other:?}"),
    };
    tx.commit().await.unwrap();
    id
}

/// Form fields of one bad post.
type Form<'a> = &'a [(&'a str, &'a str)];

#[tokio::test]
async fn bad_posts_are_400_naming_every_problem() {
    let app = TestApp::spawn().await;
    let key = api_key(&app, 60).await;
    let phone = TestApp::phone();
    let cases: [(Form, &[&str]); 6] = [
        (
            &[("service_code", "pothole"), ("address_string", "Ленина 5")],
            &["pothole"],
        ),
        (&[("address_string", "Ленина 5")], &["service_code"]),
        (&[("service_code", "no_heat")], &["location"]),
        (
            &[
                ("service_code", "no_heat"),
                ("lat", "54.7"),
                ("address_string", "Ленина 5"),
            ],
            &["lat and long"],
        ),
        (
            &[
                ("service_code", "leak"),
                ("address_string", "Ленина 5"),
                ("attribute[entrance]", "два"),
            ],
            &[
                "attribute[leak_place] is required",
                "attribute[entrance] must be a number",
            ],
        ),
        (
            &[("service_code", "no_heat"), ("address_id", "999999")],
            &["address_id \"999999\""],
        ),
    ];
    for (fields, expected) in cases {
        let mut form = vec![
            ("api_key", key.as_str()),
            ("description", "Холодно"),
            ("phone", phone.as_str()),
        ];
        form.extend_from_slice(fields);
        let (status, body) = post_json(&app, &form).await;
        assert_error(status, &body, 400);
        let all: Vec<&str> = body
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["description"].as_str().unwrap())
            .collect();
        for needle in expected {
            assert!(
                all.iter().any(|d| d.contains(needle)),
                "{needle} in {all:?}"
            );
        }
    }
    let (status, body) = post_json(
        &app,
        &[
            ("api_key", &key),
            ("service_code", "no_heat"),
            ("address_string", "Ленина 5"),
            ("description", "Холодно"),
        ],
    )
    .await;
    assert_error(status, &body, 400);
    assert!(
        body[0]["description"]
            .as_str()
            .unwrap()
            .starts_with("phone"),
        "{body}"
    );
}

#[tokio::test]
async fn the_request_list_filters_pages_and_rejects_bad_parameters() {
    let app = TestApp::spawn().await;
    let phone = TestApp::phone();
    let mut numbers = Vec::new();
    for category in ["no_heat", "leak", "billing"] {
        let ticket = app
            .register(json!({"phone": phone, "building_id": app.registry.building_b, "category": category, "description": "Проверка списка"}))
            .await;
        numbers.push(ticket["number"].as_str().unwrap().to_string());
    }

    let ids = |body: &Value| -> Vec<String> {
        body.as_array()
            .unwrap()
            .iter()
            .map(|r| r["service_request_id"].as_str().unwrap().to_string())
            .collect()
    };
    let (status, all) = get_json(&app, "/open311/v2/requests.json").await;
    assert_eq!(status, 200);
    assert_eq!(
        ids(&all),
        [numbers[2].clone(), numbers[1].clone(), numbers[0].clone()],
        "newest first"
    );

    let (_, some) = get_json(&app, "/open311/v2/requests.json?service_code=no_heat,leak").await;
    assert_eq!(ids(&some), [numbers[1].clone(), numbers[0].clone()]);
    let (_, repeated) = get_json(
        &app,
        "/open311/v2/requests.json?service_code=no_heat&service_code=billing",
    )
    .await;
    assert_eq!(ids(&repeated), [numbers[2].clone(), numbers[0].clone()]);

    let url = format!(
        "/open311/v2/requests.json?service_request_id={},{}&service_code=billing",
        numbers[0], numbers[1]
    );
    let (_, by_id) = get_json(&app, &url).await;
    assert_eq!(
        ids(&by_id),
        [numbers[1].clone(), numbers[0].clone()],
        "ids override other filters"
    );

    let (_, page2) = get_json(&app, "/open311/v2/requests.json?page=2&page_size=2").await;
    assert_eq!(ids(&page2), [numbers[0].clone()]);
    let (_, page3) = get_json(&app, "/open311/v2/requests.json?page=3&page_size=2").await;
    assert_eq!(page3, json!([]));
    let (status, _) = get_json(&app, "/open311/v2/requests.json?page_size=1000").await;
    assert_eq!(status, 200, "the spec's 1000 is allowed");

    let (_, open) = get_json(&app, "/open311/v2/requests.json?status=closed").await;
    assert_eq!(open, json!([]));
    let (_, future) = get_json(
        &app,
        "/open311/v2/requests.json?start_date=2099-01-01T00:00:00Z",
    )
    .await;
    assert_eq!(future, json!([]));
    let (_, window) = get_json(
        &app,
        "/open311/v2/requests.json?start_date=2000-01-01T00:00:00%2B05:00&end_date=2000-02-01",
    )
    .await;
    assert_eq!(window, json!([]));

    for bad in [
        "page=0",
        "page=x",
        "page_size=0",
        "page_size=1001",
        "status=pending",
        "service_code=pothole",
        "service_request_id=42",
        "start_date=yesterday",
        "start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z",
        "start_date=2026-02-01&end_date=2026-01-01",
        "extensions=maybe",
    ] {
        let (status, body) = get_json(&app, &format!("/open311/v2/requests.json?{bad}")).await;
        assert_error(status, &body, 400);
    }
    let (status, body) = get_json(&app, "/open311/v2/requests/2026-999999.json").await;
    assert_error(status, &body, 404);
    let (status, body) = get_json(&app, "/open311/v2/requests/nonsense.json").await;
    assert_error(status, &body, 404);
    let (status, body) = get_json(&app, "/open311/v2/tokens/nonsense.json").await;
    assert_error(status, &body, 404);
    let (status, body) = get_json(&app, "/open311/v2/requests.csv").await;
    assert_error(status, &body, 404);
}

#[tokio::test]
async fn extensions_add_the_public_timeline_and_closed_requests_carry_their_resolution() {
    let app = TestApp::spawn().await;
    let ticket = app
        .register(json!({"phone": TestApp::phone(), "building_id": app.registry.building_a, "category": "no_heat", "description": "Холодные батареи"}))
        .await;
    let number = ticket["number"].as_str().unwrap();
    let id = ticket["id"].as_i64().unwrap();
    let org = app.api_as("org_a").await;
    let (status, _) = org
        .post(
            &format!("/api/v1/tickets/{id}/comments"),
            json!({"text": "внутренняя заметка"}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = org
        .post(
            &format!("/api/v1/tickets/{id}/close"),
            json!({"resolution": "fixed", "comment": "Стояк прокачан, звоните +7 917 111-22-33"}),
        )
        .await;
    assert_eq!(status, 200);

    let (_, plain) = get_json(&app, &format!("/open311/v2/requests/{number}.json")).await;
    let request = &plain[0];
    assert_eq!(request["status"], "closed");
    let notes = request["status_notes"].as_str().unwrap();
    assert!(notes.starts_with("Устранено. Стояк прокачан"), "{notes}");
    assert!(!notes.contains("111-22-33"), "{notes}");
    assert!(request.get("notes").is_none() && request.get("extended_attributes").is_none());

    let url = format!("/open311/v2/requests/{number}.json?extensions=true");
    let (_, extended) = get_json(&app, &url).await;
    let request = &extended[0];
    let attributes = &request["extended_attributes"];
    assert_eq!(attributes["channel"], "phone");
    assert_eq!(attributes["district"], "Калининский");
    assert_eq!(attributes["organization"], "УЖХ Калининского района");
    assert!(attributes["deadline"].as_str().unwrap().ends_with("+05:00"));
    assert!(attributes["outage"].is_null());
    let types: Vec<&str> = request["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        ["registered", "closed"],
        "internal comments stay internal"
    );
    let text = extended.to_string();
    assert!(!text.contains("внутренняя заметка"));

    let (status, xml) = get(&app, "/open311/v2/requests.xml?extensions=true").await;
    assert_eq!(status, 200);
    let root = parse_xml(&xml);
    assert_eq!(root.name, "service_requests");
    let request = root.child("request");
    assert_eq!(request.child("service_request_id").text, number);
    assert_eq!(request.child("status").text, "closed");
    assert_eq!(
        request.child("extended_attributes").child("channel").text,
        "phone"
    );
    let notes = request.child("notes").all("note");
    assert_eq!(notes[1].child("type").text, "closed");
    assert!(request.child("status_notes").text.starts_with("Устранено"));
}

#[tokio::test]
async fn updated_after_returns_what_changed_since() {
    let app = TestApp::spawn().await;
    let ticket = app
        .register(json!({"phone": TestApp::phone(), "building_id": app.registry.building_a, "category": "overheating", "description": "Жарко, +28"}))
        .await;
    let number = ticket["number"].as_str().unwrap();
    let (_, before) = get_json(&app, &format!("/open311/v2/requests/{number}.json")).await;
    let seen = before[0]["updated_datetime"].as_str().unwrap().to_string();
    let since = |at: &str| {
        format!(
            "/open311/v2/requests.json?updated_after={}",
            at.replace('+', "%2B")
        )
    };

    let (_, seen_again) = get_json(&app, &since(&seen)).await;
    // The W3C text has whole seconds and updates have milliseconds: a client
    // syncing from the last time it saw may see that request once more.
    assert!(seen_again.as_array().unwrap().len() <= 1);
    let (_, none) = get_json(&app, &since("2099-01-01T00:00:00+05:00")).await;
    assert_eq!(none, json!([]));
    let earlier = "2000-01-01T00:00:00+05:00";
    let (_, all) = get_json(&app, &since(earlier)).await;
    assert_eq!(
        all[0]["service_request_id"], number,
        "no 90-day window when syncing"
    );
    let org = app.api_as("org_a").await;
    let id = ticket["id"].as_i64().unwrap();
    org.post(&format!("/api/v1/tickets/{id}/start"), json!({}))
        .await;
    let (_, changed) = get_json(&app, &since(earlier)).await;
    assert_eq!(changed[0]["status_notes"], "В работе");
}

#[tokio::test]
async fn a_key_over_its_rate_limit_gets_429_with_retry_after() {
    let app = TestApp::spawn().await;
    let limit = 2;
    let key = api_key(&app, limit).await;
    // A window boundary may fall between calls; 2 × limit + 1 calls put more
    // than `limit` calls into one window whatever happens.
    let mut limited = None;
    for _ in 0..(2 * limit + 1) {
        let res = reqwest::get(format!(
            "{}/open311/v2/services.json?api_key={key}",
            app.base
        ))
        .await
        .unwrap();
        if res.status() == 429 {
            limited = Some(res);
            break;
        }
        assert_eq!(res.status(), 200);
    }
    let res = limited.expect("a call over the limit");
    let retry: i64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry));
    let body: Value = res.json().await.unwrap();
    assert_error(429, &body, 429);
    assert!(
        body[0]["description"]
            .as_str()
            .unwrap()
            .contains("rate limit")
    );

    let other = api_key(&app, 60).await;
    let (status, _) = get(&app, &format!("/open311/v2/services.json?api_key={other}")).await;
    assert_eq!(status, 200, "limits are per key");
}

#[tokio::test]
async fn the_admin_creates_and_revokes_keys_on_the_page() {
    let app = TestApp::spawn().await;
    let (browser, _) = app.browser_as("admin").await;
    let page = browser
        .get(format!("{}/admin/api-keys", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("API-ключи"), "{page}");
    let csrf = csrf_of(&page);

    let page = browser
        .post(format!("{}/admin/api-keys", app.base))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("name", "Мобильное приложение"),
            ("requests_per_minute", "30"),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let marker = "<code id=\"new-key\">";
    let start = page.find(marker).expect("the new key is shown") + marker.len();
    let key = page[start..].split('<').next().unwrap().to_string();
    assert!(key.starts_with("hl_"));
    let phone = TestApp::phone();
    let form = [
        ("api_key", key.as_str()),
        ("service_code", "other"),
        ("address_string", "Первомайская 12"),
        ("description", "Вопрос"),
        ("phone", phone.as_str()),
    ];
    assert_eq!(post_json(&app, &form).await.0, 200);

    let admin = app.api_as("admin").await;
    let (_, keys) = admin.get("/api/v1/api-keys").await;
    let id = keys[0]["id"].as_i64().unwrap();
    let res = browser
        .post(format!("{}/admin/api-keys/{id}/revoke", app.base))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(post_json(&app, &form).await.0, 403);

    let (operator, _) = app.browser_as("operator").await;
    let res = operator
        .get(format!("{}/admin/api-keys", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn the_command_line_creates_a_key_that_the_server_accepts() {
    let app = TestApp::spawn().await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_heatline"))
        .args([
            "api-key",
            "create",
            "--name",
            "Городской портал",
            "--requests-per-minute",
            "10",
        ])
        .env("DATABASE_URL", &app.db.url)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let key = stdout.lines().last().unwrap_or("").trim().to_string();
    assert!(key.starts_with("hl_") && key.len() > 40, "{key}");
    let phone = TestApp::phone();
    let (status, body) = post_json(
        &app,
        &[
            ("api_key", key.as_str()),
            ("service_code", "hot_water"),
            ("address_string", "Первомайская 12"),
            ("description", "Нет горячей воды"),
            ("phone", phone.as_str()),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn calls_without_a_key_are_limited_per_client_address() {
    let app = TestApp::spawn().await;
    let max = heatline::app::open311::ANONYMOUS_PER_MINUTE;
    let http = reqwest::Client::new();
    let mut limited = false;
    // As above: 2 × limit + 1 calls overflow one window wherever the boundary falls.
    for _ in 0..(2 * max + 1) {
        let res = http
            .get(format!("{}/open311/v2/discovery.json", app.base))
            .send()
            .await
            .unwrap();
        if res.status() == 429 {
            limited = true;
            break;
        }
        assert_eq!(res.status(), 200);
    }
    assert!(limited, "over {max} calls a minute without a key");
    let key = api_key(&app, 60).await;
    let (status, _) = get(&app, &format!("/open311/v2/discovery.json?api_key={key}")).await;
    assert_eq!(status, 200, "a key has its own allowance");
}
