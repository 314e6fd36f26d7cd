//! The pages a district HQ uses at the visit and an organization uses after:
//! the phone act form with live verdicts, the print, remark steps with a photo.

use serde_json::json;

use crate::helpers::TestApp;
use crate::inspection::{inspections_of, register_now};

async fn open_inspection(app: &TestApp) -> i64 {
    register_now(app, app.registry.building_a, "no_heat").await;
    register_now(app, app.registry.building_a, "no_heat").await;
    inspections_of(app, app.registry.building_a).await[0]["id"]
        .as_i64()
        .unwrap()
}

fn act_form(csrf: &str, room_air: &str) -> Vec<(&'static str, String)> {
    vec![
        ("_csrf", csrf.to_string()),
        ("visited_date", "2026-11-20".into()),
        ("visited_time", "11:00".into()),
        ("outdoor_temperature", "0".into()),
        ("supply_temperature", "53,4".into()),
        ("return_temperature", "43".into()),
        ("p-0-party", "district_hq".into()),
        ("p-0-name", "Иванов И. И.".into()),
        ("p-1-party", "management_company".into()),
        ("p-1-name", "Петров П. П.".into()),
        ("p-1-refused", "1".into()),
        ("p-1-reason", "не согласен".into()),
        ("room-0-apartment", "12".into()),
        ("room-0-room", "спальня".into()),
        ("room-0-corner", "0".into()),
        ("room-0-air", room_air.into()),
        ("room-0-time", "11:20".into()),
        ("room-3-apartment", "14".into()),
        ("room-3-corner", "0".into()),
        ("room-3-air", "20.0".into()),
        ("tap-0-apartment", "".into()),
        ("tap-0-value", "".into()),
        ("create_remarks", "1".into()),
    ]
}

#[tokio::test]
async fn the_district_hq_fills_the_act_on_a_phone_sees_verdicts_and_prints_it() {
    let app = TestApp::spawn().await;
    let id = open_inspection(&app).await;
    let (hq, csrf) = app.browser_with_csrf("hq_a", "/inspections").await;
    let base = &app.base;

    let page = hq
        .get(format!("{base}/inspections/{id}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("ул. Первомайская, д. 12"), "{page}");
    assert!(page.contains("Заполнить акт"));
    let form = hq
        .get(format!("{base}/inspections/{id}/report"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(form.contains(&format!("hx-post=\"/inspections/{id}/report/check\"")));
    assert!(form.contains("name=\"room-0-air\"") && form.contains("inputmode=\"decimal\""));

    let check = hq
        .post(format!("{base}/inspections/{id}/report/check"))
        .header("HX-Request", "true")
        .header("X-CSRF-Token", &csrf)
        .form(&act_form(&csrf, "19,9"))
        .send()
        .await
        .unwrap();
    assert_eq!(check.status(), 200);
    let check = check.text().await.unwrap();
    assert!(
        check.contains(r#"<span class="verdict bad" id="v-room-0" hx-swap-oob="true""#),
        "{check}"
    );
    assert!(
        check.contains(r#"<span class="verdict ok" id="v-room-3" hx-swap-oob="true""#),
        "{check}"
    );
    assert!(
        check.contains(r#"<span class="verdict ok" id="v-supply""#),
        "{check}"
    );
    assert!(
        check.contains("УК</strong> — Низкая температура в помещениях"),
        "{check}"
    );

    let typo = hq
        .post(format!("{base}/inspections/{id}/report/check"))
        .header("HX-Request", "true")
        .header("X-CSRF-Token", &csrf)
        .form(&act_form(&csrf, "199"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(typo.contains("вне возможного диапазона"), "{typo}");

    let saved = hq
        .post(format!("{base}/inspections/{id}/report"))
        .form(&act_form(&csrf, "19,9"))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 303);
    assert_eq!(saved.headers()["location"], format!("/inspections/{id}"));
    let api = app.api_as("hq_a").await;
    let (_, details) = api.get(&format!("/api/v1/inspections/{id}")).await;
    assert_eq!(details["status"], "completed");
    assert_eq!(
        details["remarks"][0]["organization_id"],
        app.registry.org_a.0
    );
    assert_eq!(details["report"]["readings"][2]["value"], 19.9);

    let print = hq
        .get(format!("{base}/inspections/{id}/report/print"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for text in [
        "АКТ проверки параметров теплоносителя",
        "size: A4",
        "Подписи членов комиссии",
        "ПП 354 Прил.1 п.15",
        "нарушение",
        "Отказ от подписи: не согласен",
        "Иванов И. И.",
    ] {
        assert!(print.contains(text), "{text}: {print}");
    }
}

#[tokio::test]
async fn an_organization_reads_its_inspection_and_eliminates_its_remark_with_a_photo() {
    let app = TestApp::spawn().await;
    let id = open_inspection(&app).await;
    let hq = app.api_as("hq_a").await;
    let (status, body) = hq
        .post(
            &format!("/api/v1/inspections/{id}/report"),
            json!({"outdoor_temperature": 0, "hot_water": [{"apartment": "3", "value": 50}]}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let remark = body["remarks"][0]["id"].as_i64().unwrap();

    let (company, csrf) = app.browser_with_csrf("org_a", "/inspections").await;
    let base = &app.base;
    let page = company
        .get(format!("{base}/inspections/{id}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("только просмотр"), "{page}");
    assert!(!page.contains("Назначить выезд"));
    let list = company
        .get(format!("{base}/remarks"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains(&format!("/remarks/{remark}")), "{list}");
    let (other, _) = app.browser_with_csrf("org_b", "/inspections").await;
    let res = other
        .get(format!("{base}/remarks/{remark}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    let boundary = "heatlineBoundary42";
    let mut body = Vec::new();
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\nЗаменён смеситель\r\n").as_bytes());
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"fix.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").as_bytes());
    body.extend_from_slice(b"\xFF\xD8\xFF\xE0fake-jpeg-body");
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let res = company
        .post(format!("{base}/remarks/{remark}/eliminate?_csrf={csrf}"))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let (_, json) = app
        .api_as("org_a")
        .await
        .get(&format!("/api/v1/remarks/{remark}"))
        .await;
    assert_eq!(json["status"], "eliminated");
    assert_eq!(json["elimination_comment"], "Заменён смеситель");
    let page = company
        .get(format!("{base}/remarks/{remark}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let marker = format!("/remarks/{remark}/photos/");
    let start = page.find(&marker).expect("photo link") + marker.len();
    let photo: String = page[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let res = company
        .get(format!("{base}/remarks/{remark}/photos/{photo}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    // The HQ verifies on its page.
    let (hq_page, hq_csrf) = app.browser_with_csrf("hq_a", "/inspections").await;
    let res = hq_page
        .post(format!("{base}/remarks/{remark}/verify"))
        .form(&[("_csrf", hq_csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let (_, json) = app
        .api_as("hq_a")
        .await
        .get(&format!("/api/v1/remarks/{remark}"))
        .await;
    assert_eq!(json["status"], "verified");
}
