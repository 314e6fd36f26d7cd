//! The operator's call card in a real browser, by keyboard alone.

use serde_json::json;

use crate::browser::Browser;
use crate::helpers::TestApp;

const ENTER: &str = "\u{E007}";
const TAB: &str = "\u{E004}";
const ARROW_DOWN: &str = "\u{E015}";
const ARROW_UP: &str = "\u{E013}";

#[tokio::test]
async fn an_operator_takes_a_call_by_keyboard_and_finds_it_in_the_list() {
    let app = TestApp::spawn().await;
    let phone = TestApp::phone();
    let earlier = app
        .register(
            json!({"phone": phone, "building_id": app.registry.building_b, "category": "leak",
            "description": "Течёт стояк в ванной", "apartment": "7"}),
        )
        .await;
    let neighbour = app
        .register(
            json!({"phone": TestApp::phone(), "building_id": app.registry.building_a,
            "category": "no_heat", "description": "Холодно в квартире"}),
        )
        .await;
    let browser = Browser::start(&app).await;

    // Operators land on the call card.
    browser.sign_in("operator").await;
    browser.wait_for("#desk-form").await;
    assert_eq!(
        browser.focused_id().await,
        "phone",
        "the card starts at the phone"
    );

    // Phone first: the caller's earlier ticket appears.
    browser.press(&phone).await;
    let history = browser
        .wait_for_text("history", earlier["number"].as_str().unwrap())
        .await;
    assert!(history.contains("ул. Ленина, д. 5"), "{history}");

    // The address, as said, resolves; arrows and Enter take the building.
    browser.press(ENTER).await;
    assert_eq!(
        browser.focused_id().await,
        "history-pick-1",
        "Enter in the phone moves on to the history"
    );
    browser.press(TAB).await;
    assert_eq!(browser.focused_id().await, "address");
    browser.press("первомайская 12 кв 5").await;
    browser
        .wait_for(&format!(
            "#address-listbox[data-query='первомайская 12 кв 5'] li[data-building-id='{}']",
            app.registry.building_a
        ))
        .await;
    browser.press(ARROW_DOWN).await;
    browser.press(ARROW_UP).await;
    browser.press(ENTER).await;
    browser
        .wait_for_text("building-picked", "Первомайская")
        .await;
    assert_eq!(browser.focused_id().await, "apartment");
    let apartment = browser.find("#apartment").await;
    assert_eq!(apartment.prop("value").await.unwrap().as_deref(), Some("5"));

    // Name and description; the suggested category is accepted with one key.
    browser.press(TAB).await;
    browser.press(TAB).await;
    assert_eq!(browser.focused_id().await, "name");
    browser.press("Айгуль").await;
    browser.press(TAB).await;
    assert_eq!(browser.focused_id().await, "description");
    browser.press("Батареи холодные, в квартире +15").await;
    browser
        .wait_for("#accept-category[data-category='no_heat']")
        .await;
    browser.press(TAB).await;
    assert_eq!(browser.focused_id().await, "accept-category");
    browser.press(ENTER).await;
    let category = browser.find("#category").await;
    assert_eq!(
        category.prop("value").await.unwrap().as_deref(),
        Some("no_heat")
    );
    assert_eq!(browser.focused_id().await, "save");

    // Before saving, the card warns of the neighbour's open ticket.
    browser
        .wait_for_text("warnings", neighbour["number"].as_str().unwrap())
        .await;
    browser.screenshot("desk.png").await;

    // Enter saves; the card says what to read to the caller.
    browser.press(ENTER).await;
    let said = browser.wait_for_text("say", "Ваша заявка №").await;
    assert!(
        said.contains("передана в УЖХ Калининского района, срок — до "),
        "{said}"
    );
    let number = said
        .split("№ ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .expect("a number in the sentence")
        .to_string();
    assert_eq!(browser.focused_id().await, "new-call");
    browser.screenshot("desk-saved.png").await;

    // The new ticket is in the list, with the caller's earlier one.
    browser.open("/tickets").await;
    browser.wait_for_text("ticket-list", &number).await;
    let search = browser.find("#q").await;
    search.send_keys("батареи холодные").await.unwrap();
    search.send_keys(ENTER).await.unwrap();
    let found = browser.wait_for_text("ticket-list", "1–1 из 1").await;
    assert!(found.contains(&number), "{found}");

    // A new call resets the card. Wait for the card (and its focus on the
    // phone) before typing: under load the page's script runs after `goto`.
    browser.open("/desk").await;
    browser.wait_for("#desk-form").await;
    browser
        .find("#phone")
        .await
        .click()
        .await
        .expect("focusing the phone");
    browser.press(&phone).await;
    browser.wait_for_text("history", &number).await;
    browser.close().await;
}
