//! End-to-end flows in a real headless Chromium, driven over WebDriver
//! (`fantoccini`) through a `chromedriver` each test starts on a free port.
//! A missing browser fails the run: `.ci/run` installs Debian's `chromium`
//! and `chromium-driver`.
//!
//! `Browser` is the reusable harness: start, sign in, type, wait for an
//! element, take a screenshot. Screenshots go to the directory named by
//! `HEATLINE_SCREENSHOTS` when it is set (the committed ones in
//! `docs/screenshots` were made that way), and nowhere otherwise.

mod desk;
mod resident;

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use tokio::io::AsyncReadExt;
use tokio::process::{Child, Command};

use crate::helpers::{PASSWORD, TestApp};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// How long a wait for an element may take before the test fails; generous,
/// since two cores are shared by the whole suite.
const WAIT: Duration = Duration::from_secs(30);

/// A headless Chromium session with its own driver and profile.
pub struct Browser {
    pub client: Client,
    base: String,
    driver: Child,
    profile: PathBuf,
}

impl Browser {
    /// Starts `chromedriver` on a free port and a fresh headless Chromium.
    pub async fn start(app: &TestApp) -> Browser {
        for path in [CHROMIUM, CHROMEDRIVER] {
            assert!(
                std::path::Path::new(path).exists(),
                "{path} is missing: install Debian's chromium and chromium-driver (see .ci/run)"
            );
        }
        let (driver, port) = start_driver().await;
        let profile =
            std::env::temp_dir().join(format!("heatline-chromium-{:016x}", rand::random::<u64>()));
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": CHROMIUM,
                "prefs": {"intl.accept_languages": "ru-RU,ru"},
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                    "--window-size=1280,1000", "--lang=ru",
                    format!("--user-data-dir={}", profile.display()),
                ],
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session in headless Chromium");
        Browser {
            client,
            base: app.base.clone(),
            driver,
            profile,
        }
    }

    /// Opens a path of the app under test.
    pub async fn open(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .expect("navigating");
    }

    /// Signs in through the login page as one of `TestApp`'s users.
    pub async fn sign_in(&self, login: &str) {
        self.open("/login").await;
        self.find("#login")
            .await
            .send_keys(login)
            .await
            .expect("login");
        let password = self.find("#password").await;
        password.send_keys(PASSWORD).await.expect("password");
        password.send_keys("\u{E007}").await.expect("enter");
        self.wait_for("header.top .who").await;
    }

    /// The element for a CSS selector, waiting until it exists.
    pub async fn wait_for(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("waiting for {css}: {e}"))
    }

    /// The element for a CSS selector that must be there now.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("finding {css}: {e}"))
    }

    /// Waits until the element with `id` shows `needle` in its text, and
    /// returns the text.
    pub async fn wait_for_text(&self, id: &str, needle: &str) -> String {
        assert!(
            !needle.contains('\'') && !id.contains('\''),
            "quotes in a wait"
        );
        let xpath = format!("//*[@id='{id}' and contains(normalize-space(.), '{needle}')]");
        let element = self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|e| panic!("waiting for #{id} to show {needle:?}: {e}"));
        element.text().await.expect("element text")
    }

    /// Presses keys in the focused element (WebDriver key codes, e.g.
    /// `\u{E015}` for ArrowDown, `\u{E007}` for Enter, `\u{E004}` for Tab).
    /// An htmx swap may replace the focused element between finding it and
    /// typing (htmx moves the focus to its replacement): the keys then go to
    /// the element focused now, as a person's would.
    pub async fn press(&self, keys: &str) {
        for _ in 0..3 {
            let active = self.client.active_element().await.expect("focused element");
            match active.send_keys(keys).await {
                Err(fantoccini::error::CmdError::Standard(e))
                    if e.error == fantoccini::error::ErrorStatus::StaleElementReference =>
                {
                    continue;
                }
                other => return other.expect("pressing keys"),
            }
        }
        panic!("pressing keys: the focused element kept being replaced");
    }

    /// The `id` of the focused element.
    pub async fn focused_id(&self) -> String {
        let id = self
            .client
            .execute("return document.activeElement.id;", vec![])
            .await
            .expect("focused element");
        id.as_str().unwrap_or_default().to_string()
    }

    /// Saves a PNG of the page as `name` when `HEATLINE_SCREENSHOTS` names a directory.
    pub async fn screenshot(&self, name: &str) {
        let Some(dir) = std::env::var_os("HEATLINE_SCREENSHOTS") else {
            return;
        };
        let png = self.client.screenshot().await.expect("screenshot");
        let path = PathBuf::from(dir).join(name);
        std::fs::write(&path, png).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    }

    /// Ends the browser session and the driver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill().await;
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // A failed test never reaches `close`: do not leave the driver running.
        let _ = self.driver.start_kill();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Starts `chromedriver --port=0` and reads the port it chose from its
/// greeting, so no port is guessed and nothing sleeps.
async fn start_driver() -> (Child, u16) {
    let mut driver = Command::new(CHROMEDRIVER)
        .arg("--port=0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("starting chromedriver");
    let mut stdout = driver.stdout.take().expect("chromedriver stdout");
    let mut seen = String::new();
    let mut buf = [0u8; 512];
    let marker = "started successfully on port ";
    loop {
        let n = tokio::time::timeout(WAIT, stdout.read(&mut buf))
            .await
            .expect("chromedriver greets within the wait")
            .expect("reading chromedriver output");
        assert!(n > 0, "chromedriver exited: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        if let Some(start) = seen.find(marker) {
            let digits: String = seen[start + marker.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            let rest = &seen[start + marker.len() + digits.len()..];
            if !rest.is_empty() {
                let port = digits.parse().expect("a port number");
                // Keep draining its output so the driver never blocks on a full pipe.
                tokio::spawn(async move {
                    let mut sink = [0u8; 512];
                    while matches!(stdout.read(&mut sink).await, Ok(n) if n > 0) {}
                });
                return (driver, port);
            }
        }
    }
}
