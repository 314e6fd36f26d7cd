//! An acknowledged write survives `kill -9`: the real binary is killed in the
//! middle of a registration load and restarted; every ticket that got a 201 is
//! there with its timeline, and the database passes its integrity check.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use rand::Rng;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestDb};

const BIN: &str = env!("CARGO_BIN_EXE_heatline");

struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(db: &str) -> Server {
        let mut child = Command::new(BIN)
            .args(["serve", "--db", db, "--listen", "127.0.0.1:0"])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start heatline serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the serving line");
        let base = line.trim().rsplit(' ').next().expect("url").to_string();
        assert!(
            base.starts_with("http://"),
            "unexpected first line {line:?}"
        );
        Server { child, base }
    }

    fn kill_9(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reap");
    }
}

fn cli(args: &[&str]) {
    let out = Command::new(BIN).args(args).output().expect("run heatline");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

async fn token(http: &reqwest::Client, base: &str) -> String {
    let res = http
        .post(format!("{base}/api/v1/auth/token"))
        .json(&json!({"login": "op", "password": PASSWORD}))
        .send()
        .await
        .expect("token");
    let body: Value = res.json().await.expect("json");
    body["token"].as_str().expect("token").to_string()
}

/// Registers tickets until the server stops answering; returns the acknowledged ids.
async fn load(
    http: reqwest::Client,
    base: String,
    token: String,
    counter: Arc<AtomicUsize>,
) -> Vec<i64> {
    let mut acked = Vec::new();
    for n in 0..5_000 {
        let res = http
            .post(format!("{base}/api/v1/tickets"))
            .bearer_auth(&token)
            .json(&json!({"phone": format!("+7917{:07}", n), "category": "no_heat", "description": "Нет отопления", "address": "ул. Ленина, 1"}))
            .send()
            .await;
        match res {
            Ok(r) if r.status() == 201 => {
                let body: Value = match r.json().await {
                    Ok(b) => b,
                    Err(_) => break,
                };
                acked.push(body["id"].as_i64().expect("id"));
                counter.fetch_add(1, Ordering::SeqCst);
            }
            _ => break,
        }
    }
    acked
}

/// A random moment in the middle of the load: after a random number of
/// acknowledgements (so a slow machine still kills under load, not before it),
/// plus a random few milliseconds so the kill lands anywhere in a commit.
async fn kill_moment(acked: &AtomicUsize) {
    let threshold = rand::rng().random_range(10..120);
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while acked.load(Ordering::SeqCst) < threshold && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    tokio::time::sleep(Duration::from_millis(rand::rng().random_range(0..40))).await;
}

#[tokio::test]
async fn acknowledged_tickets_survive_kill_9() {
    let db = TestDb::create().await;
    cli(&["migrate", "--db", &db.url]);
    cli(&[
        "user",
        "add",
        "--db",
        &db.url,
        "--login",
        "op",
        "--password",
        PASSWORD,
        "--role",
        "operator",
    ]);
    let http = reqwest::Client::new();
    let mut all_acked = Vec::new();
    for _round in 0..3 {
        let counter = Arc::new(AtomicUsize::new(0));
        let server = Server::start(&db.url);
        let token = token(&http, &server.base).await;
        let workers: Vec<_> = (0..8)
            .map(|_| {
                let (base, counter) = (server.base.clone(), counter.clone());
                tokio::spawn(load(http.clone(), base, token.clone(), counter))
            })
            .collect();
        kill_moment(&counter).await;
        server.kill_9();
        for worker in workers {
            all_acked.extend(worker.await.expect("worker"));
        }
    }
    assert!(
        all_acked.len() > 20,
        "the load acknowledged only {} tickets",
        all_acked.len()
    );

    let server = Server::start(&db.url);
    let token = token(&http, &server.base).await;
    for id in &all_acked {
        let res = http
            .get(format!("{}/api/v1/tickets/{id}", server.base))
            .bearer_auth(&token)
            .send()
            .await
            .expect("get");
        assert_eq!(
            res.status(),
            200,
            "acknowledged ticket {id} is missing after kill -9"
        );
        // Nothing half-written: the ticket came back with its registration event.
        let body: Value = res.json().await.expect("ticket json");
        assert_eq!(
            body["events"][0]["kind"], "registered",
            "ticket {id} lost its timeline"
        );
    }
    server.kill_9();
    let store = store::db::Db::connect(&db.url).await.expect("reopen");
    assert_eq!(
        store.integrity_check().await.expect("integrity check"),
        "ok"
    );
}
