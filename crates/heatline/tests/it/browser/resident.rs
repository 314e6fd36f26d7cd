//! A resident files and follows a ticket on a phone-width screen, no login.

use crate::browser::Browser;
use crate::helpers::TestApp;

/// Nothing on the page is wider than the phone's screen.
async fn assert_fits_the_screen(browser: &Browser) {
    let widths = browser
        .client
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth];",
            vec![],
        )
        .await
        .expect("page widths");
    let (page, screen) = (widths[0].as_i64().unwrap(), widths[1].as_i64().unwrap());
    assert!(screen <= 420, "a phone-width window, got {screen}");
    assert!(
        page <= screen,
        "the page scrolls sideways: {page} > {screen}"
    );
}

#[tokio::test]
async fn a_resident_files_and_follows_a_ticket_on_a_phone() {
    let app = TestApp::spawn().await;
    let phone = TestApp::phone();
    let browser = Browser::start(&app).await;
    browser
        .client
        .set_window_size(390, 844)
        .await
        .expect("a phone-width window");

    browser.open("/resident").await;
    browser.wait_for("form.resident-form").await;
    assert_fits_the_screen(&browser).await;
    for (field, text) in [
        ("#address", "первомайская 12"),
        ("#apartment", "17"),
        ("#description", "Батареи холодные во всей квартире"),
        ("#phone", phone.as_str()),
    ] {
        browser
            .find(field)
            .await
            .send_keys(text)
            .await
            .expect("typing");
    }
    browser
        .find("input[name=consent]")
        .await
        .click()
        .await
        .expect("consent");
    browser.screenshot("resident-form.png").await;
    browser
        .find("form.resident-form button[type=submit]")
        .await
        .click()
        .await
        .expect("submit");

    // The receipt: the number to keep, the organization and the deadline.
    let number = browser
        .wait_for("#ticket-number")
        .await
        .text()
        .await
        .unwrap();
    assert!(number.starts_with("20") && number.len() == 11, "{number}");
    browser.wait_for("#ticket-due").await;
    let receipt = browser.client.source().await.unwrap();
    assert!(receipt.contains("УЖХ Калининского района"), "{receipt}");
    assert_fits_the_screen(&browser).await;
    browser.screenshot("resident-receipt.png").await;

    // Later: the status by number and phone.
    browser.open("/resident/status").await;
    browser
        .wait_for("#number")
        .await
        .send_keys(&number)
        .await
        .unwrap();
    browser
        .find("#phone")
        .await
        .send_keys(&phone)
        .await
        .unwrap();
    browser
        .find("form.resident-form button[type=submit]")
        .await
        .click()
        .await
        .expect("look up");
    let status = browser
        .wait_for("#ticket-status")
        .await
        .text()
        .await
        .unwrap();
    assert!(!status.is_empty());
    assert_fits_the_screen(&browser).await;

    // The category left to Heatline was suggested from the description.
    let operator = app.api_as("operator").await;
    let (_, list) = operator.get(&format!("/api/v1/tickets?q={number}")).await;
    assert_eq!(list["items"][0]["category"], "no_heat", "{list}");
    assert_eq!(list["items"][0]["channel"], "web");
    browser.close().await;
}
