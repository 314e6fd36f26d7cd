//! An acknowledged write survives a crash: the real binary is killed with
//! `kill -9` in the middle of a registration load and restarted (and, on
//! PostgreSQL, the database server itself is crashed and restarted under the
//! running binary); every ticket that got a 201 is there with its timeline,
//! the database passes its integrity check and the rollups equal a recount.

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

/// Every acknowledged ticket is there, with its registration event (nothing half-written).
async fn assert_all_present(http: &reqwest::Client, base: &str, acked: &[i64]) {
    assert!(
        acked.len() > 20,
        "the load acknowledged only {} tickets",
        acked.len()
    );
    let token = token(http, base).await;
    for id in acked {
        let res = http
            .get(format!("{base}/api/v1/tickets/{id}"))
            .bearer_auth(&token)
            .send()
            .await
            .expect("get");
        assert_eq!(
            res.status(),
            200,
            "acknowledged ticket {id} is missing after the crash"
        );
        let body: Value = res.json().await.expect("ticket json");
        assert_eq!(
            body["events"][0]["kind"], "registered",
            "ticket {id} lost its timeline"
        );
    }
}

/// Migrates a database and adds the operator the load signs in as.
fn prepare(url: &str) {
    cli(&["migrate", "--db", url]);
    cli(&[
        "user",
        "add",
        "--db",
        url,
        "--login",
        "op",
        "--password",
        PASSWORD,
        "--role",
        "operator",
    ]);
}

/// Eight clients register tickets; at a random moment `crash` runs; returns
/// the tickets acknowledged before the clients stopped getting answers.
async fn crash_under_load(http: &reqwest::Client, base: &str, crash: impl FnOnce()) -> Vec<i64> {
    let token = token(http, base).await;
    let counter = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..8)
        .map(|_| {
            let counter = counter.clone();
            tokio::spawn(load(http.clone(), base.to_string(), token.clone(), counter))
        })
        .collect();
    kill_moment(&counter).await;
    crash();
    let mut acked = Vec::new();
    for worker in workers {
        acked.extend(worker.await.expect("worker"));
    }
    acked
}

#[tokio::test]
async fn acknowledged_tickets_survive_kill_9() {
    let db = TestDb::create().await;
    prepare(&db.url);
    let http = reqwest::Client::new();
    let mut all_acked = Vec::new();
    for _round in 0..3 {
        let server = Server::start(&db.url);
        let base = server.base.clone();
        all_acked.extend(crash_under_load(&http, &base, || server.kill_9()).await);
    }
    let server = Server::start(&db.url);
    assert_all_present(&http, &server.base, &all_acked).await;
    server.kill_9();
    let store = store::db::Db::connect(&db.url).await.expect("reopen");
    assert_eq!(
        store.integrity_check().await.expect("integrity check"),
        "ok"
    );
    cli(&["verify-rollups", "--db", &db.url]);
}

/// A private PostgreSQL cluster, so crashing the database server disturbs no
/// other test: `initdb` in a temporary directory, served on a free port.
struct PgCluster {
    bin: std::path::PathBuf,
    dir: std::path::PathBuf,
    port: u16,
    /// PostgreSQL refuses to run as root: then the cluster belongs to `postgres`.
    as_root: bool,
}

impl PgCluster {
    /// `None` when this machine has no PostgreSQL server binaries.
    fn init() -> Option<PgCluster> {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
            .find(|b| b.join("pg_ctl").exists())?;
        let dir =
            std::env::temp_dir().join(format!("heatline-pg-{:016x}", rand::rng().random::<u64>()));
        std::fs::create_dir_all(&dir).expect("cluster dir");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let as_root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
        let cluster = PgCluster {
            bin,
            dir,
            port,
            as_root,
        };
        if cluster.as_root {
            let status = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(&cluster.dir)
                .status()
                .expect("chown");
            assert!(status.success(), "chown the cluster dir");
        }
        let data = cluster.dir.join("data");
        cluster.run(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-U",
                "postgres",
                "-A",
                "trust",
            ],
        );
        let conf = format!(
            "port = {}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\n\
             fsync = on\nsynchronous_commit = on\nfull_page_writes = on\n",
            cluster.port,
            cluster.dir.display()
        );
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(data.join("postgresql.conf"))
            .expect("postgresql.conf");
        std::io::Write::write_all(&mut file, conf.as_bytes()).expect("write conf");
        cluster.start();
        Some(cluster)
    }

    /// A PostgreSQL tool as the cluster's owner.
    fn command(&self, tool: &str) -> Command {
        let program = self.bin.join(tool);
        if self.as_root {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&program);
            c
        } else {
            Command::new(&program)
        }
    }

    fn run(&self, tool: &str, args: &[&str]) {
        let out = self
            .command(tool)
            .args(args)
            .output()
            .expect("run a PostgreSQL tool");
        assert!(
            out.status.success(),
            "{tool} {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn pg_ctl(&self, args: &[&str]) {
        let data = self.dir.join("data");
        let log = self.dir.join("server.log");
        let mut all = vec!["-D", data.to_str().unwrap(), "-l", log.to_str().unwrap()];
        all.extend_from_slice(args);
        self.run("pg_ctl", &all);
    }

    fn start(&self) {
        self.pg_ctl(&["-w", "start"]);
    }

    /// Every server process aborts at once, with no shutdown checkpoint: the
    /// next start replays the WAL, as after a power cut.
    fn crash(&self) {
        self.pg_ctl(&["-m", "immediate", "stop"]);
    }

    fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let _ = self
            .command("pg_ctl")
            .args(["-D", data.to_str().unwrap(), "-m", "immediate", "stop"])
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Waits until the running server registers tickets again (its pool has
/// reconnected to the restarted database).
async fn wait_until_serving(http: &reqwest::Client, base: &str) {
    for _ in 0..200 {
        let ok = http
            .post(format!("{base}/api/v1/auth/token"))
            .json(&json!({"login": "op", "password": PASSWORD}))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200);
        if ok {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not come back after the database restarted");
}

/// The PostgreSQL half of the crash test: the database server is crashed
/// (immediate stop) under load, several times, and restarted while the same
/// `heatline serve` keeps running. Runs with the PostgreSQL suite.
#[tokio::test]
async fn acknowledged_tickets_survive_a_postgresql_crash() {
    if std::env::var("TEST_DATABASE_URL").map_or(true, |u| u.is_empty()) {
        return; // the SQLite run: the test above crashes the only process there is
    }
    let Some(cluster) = PgCluster::init() else {
        eprintln!("no PostgreSQL server binaries here: the database crash test is skipped");
        return;
    };
    sqlx::any::install_default_drivers();
    let mut admin = <sqlx::AnyConnection as sqlx::Connection>::connect(&cluster.url("postgres"))
        .await
        .expect("connect the private cluster");
    sqlx::query("create database heatline")
        .execute(&mut admin)
        .await
        .expect("create database");
    drop(admin);
    let url = cluster.url("heatline");
    prepare(&url);

    let http = reqwest::Client::new();
    let server = Server::start(&url);
    let mut all_acked = Vec::new();
    for round in 0..3 {
        let started = std::time::Instant::now();
        wait_until_serving(&http, &server.base).await;
        eprintln!("round {round}: serving after {:?}", started.elapsed());
        all_acked.extend(crash_under_load(&http, &server.base, || cluster.crash()).await);
        eprintln!("round {round}: load stopped after {:?}", started.elapsed());
        cluster.start();
    }
    wait_until_serving(&http, &server.base).await;
    assert_all_present(&http, &server.base, &all_acked).await;
    server.kill_9();
    cli(&["verify-rollups", "--db", &url]);
}
