//! List exports: `format=csv|xlsx` at the list URLs gives every matching
//! ticket with the list's filters, inside the actor's scope, with personal
//! data only for roles that see it.

use std::io::Read;

use serde_json::json;

use crate::helpers::TestApp;

fn zip_file(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an xlsx is a zip");
    let mut file = archive.by_name(name).expect(name);
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    text
}

/// Three tickets: two in organization A's building (no heat with a name, and
/// billing), one in organization B's.
async fn seed(app: &TestApp) -> (String, String) {
    let phone_a = TestApp::phone();
    app.register(json!({"phone": phone_a, "name": "Рустам Галиев", "building_id": app.registry.building_a, "category": "no_heat", "description": "Холодные батареи в спальне"}))
        .await;
    app.register(json!({"phone": TestApp::phone(), "building_id": app.registry.building_a, "category": "billing", "description": "Вопрос по начислению за отопление"}))
        .await;
    let phone_b = TestApp::phone();
    app.register(json!({"phone": phone_b, "name": "Ольга Сидорова", "building_id": app.registry.building_b, "category": "no_heat", "description": "Чужой дом, другая УК"}))
        .await;
    (phone_a, phone_b)
}

fn csv_lines(bytes: &[u8]) -> Vec<String> {
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 with a BOM for Excel");
    let text = std::str::from_utf8(&bytes[3..]).expect("utf-8");
    text.lines().map(str::to_string).collect()
}

#[tokio::test]
async fn csv_export_has_every_filtered_ticket_with_personal_data_for_the_operator() {
    let app = TestApp::spawn().await;
    let (phone_a, _) = seed(&app).await;
    let operator = app.api_as("operator").await;

    let (status, content_type, bytes) = operator
        .get_bytes("/api/v1/tickets?format=csv&category=no_heat&page_size=1")
        .await;

    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    let lines = csv_lines(&bytes);
    assert_eq!(
        lines.len(),
        3,
        "a header and both no-heat tickets, not one page: {lines:?}"
    );
    assert!(
        lines[0].starts_with("Number,Registered,Status,Category"),
        "{}",
        lines[0]
    );
    assert!(lines[0].ends_with("Resident,Phone"), "{}", lines[0]);
    let body = lines.join("\n");
    assert!(body.contains("Рустам Галиев"), "{body}");
    assert!(
        body.contains("ул. Первомайская, д. 12"),
        "the registry address: {body}"
    );
    assert!(
        body.contains(&format!("-{}", &phone_a[phone_a.len() - 2..])),
        "{body}"
    );
    assert!(
        !body.contains("начислению"),
        "the billing ticket is filtered out"
    );
}

#[tokio::test]
async fn exports_hide_personal_data_from_city_hq_and_other_organizations_tickets() {
    let app = TestApp::spawn().await;
    let (phone_a, phone_b) = seed(&app).await;

    let city = app.api_as("hq_city").await;
    let (status, _, bytes) = city.get_bytes("/api/v1/tickets?format=csv").await;
    assert_eq!(status, 200);
    let body = csv_lines(&bytes).join("\n");
    assert_eq!(csv_lines(&bytes).len(), 4, "all three tickets in the city");
    let header = &csv_lines(&bytes)[0];
    assert!(
        !header.contains("Resident") && !header.contains("Phone,"),
        "{header}"
    );
    assert!(!body.contains("+7 (917)"), "{body}");
    assert!(
        !body.contains("Рустам") && !body.contains("Ольга"),
        "{body}"
    );
    assert!(!body.contains(&phone_a[phone_a.len() - 7..]), "{body}");

    let org_a = app.api_as("org_a").await;
    let (status, _, bytes) = org_a.get_bytes("/api/v1/tickets?format=xlsx").await;
    assert_eq!(status, 200);
    let strings = zip_file(&bytes, "xl/sharedStrings.xml");
    assert!(strings.contains("Холодные батареи"), "{strings}");
    assert!(
        !strings.contains("Чужой дом"),
        "another organization's ticket: {strings}"
    );
    assert!(!strings.contains("Ольга") && !strings.contains(&phone_b[phone_b.len() - 7..]));
}

#[tokio::test]
async fn xlsx_export_from_the_page_is_russian_with_typed_dates_and_links_keep_filters() {
    let app = TestApp::spawn().await;
    seed(&app).await;
    let (browser, _) = app.browser_as("operator").await;

    let page = browser
        .get(format!("{}/tickets?category=billing", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("href=\"/tickets?category=billing&#38;format=xlsx\""),
        "{page}"
    );
    let res = browser
        .get(format!("{}/tickets?category=billing&format=xlsx", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.contains(".xlsx"), "{disposition}");
    let bytes = res.bytes().await.unwrap();
    let workbook = zip_file(&bytes, "xl/workbook.xml");
    assert!(workbook.contains("name=\"Обращения\""), "{workbook}");
    let strings = zip_file(&bytes, "xl/sharedStrings.xml");
    assert!(strings.contains("Зарегистрировано") && strings.contains("Телефон"));
    assert!(strings.contains("начислению") && !strings.contains("Холодные"));
    let cells = zip_file(&bytes, "xl/worksheets/sheet1.xml");
    // The registration time (column B, row 2) is a number cell with a date style.
    let b2 = &cells[cells.find("r=\"B2\"").expect("B2")..];
    let b2 = &b2[..b2.find("</c>").unwrap()];
    assert!(b2.contains(" s=\"") && !b2.contains("t=\"s\""), "{b2}");
    assert!(
        cells.contains("<autoFilter") && cells.contains("<cols>"),
        "{cells}"
    );
}

#[tokio::test]
async fn an_unknown_export_format_is_named() {
    let app = TestApp::spawn().await;
    let operator = app.api_as("operator").await;

    let (status, body) = operator.get("/api/v1/tickets?format=pdf").await;

    assert_eq!(status, 422);
    assert!(body["errors"]["format"].is_array(), "{body}");
}
