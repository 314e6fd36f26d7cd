//! `TestApp`: a fresh database, a seeded registry, users of every role, and the
//! real router served on 127.0.0.1:0.

use std::sync::{Arc, OnceLock};

use domain::district::DistrictId;
use domain::organization::{OrganizationId, OrganizationKind};
use domain::user::{Role, Scope};
use heatline::app::Ctx;
use rand::Rng;
use serde_json::{Value, json};
use store::building::BuildingRecord;
use store::db::Db;
use tokio::net::TcpListener;

pub const PASSWORD: &str = "correct-horse";

/// A test database: a temporary SQLite file, or a PostgreSQL database created
/// for this test and dropped after it.
pub struct TestDb {
    pub url: String,
    admin_url: Option<String>,
    name: String,
}

impl TestDb {
    pub async fn create() -> TestDb {
        let name = format!("heatline_test_{:016x}", rand::rng().random::<u64>());
        match std::env::var("TEST_DATABASE_URL")
            .ok()
            .filter(|u| !u.is_empty())
        {
            Some(admin_url) => {
                sqlx::any::install_default_drivers();
                let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin_url)
                    .await
                    .expect("connect TEST_DATABASE_URL");
                sqlx::query(sqlx::AssertSqlSafe(format!("create database {name}")))
                    .execute(&mut conn)
                    .await
                    .expect("create test database");
                let url = match admin_url.rfind('/') {
                    Some(idx) if idx > "postgres://".len() => {
                        format!("{}/{name}", &admin_url[..idx])
                    }
                    _ => format!("{admin_url}/{name}"),
                };
                TestDb {
                    url,
                    admin_url: Some(admin_url),
                    name,
                }
            }
            None => {
                let path = std::env::temp_dir().join(format!("{name}.db"));
                TestDb {
                    url: format!("sqlite://{}", path.display()),
                    admin_url: None,
                    name,
                }
            }
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.admin_url.is_some()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.admin_url {
            Some(admin_url) => {
                let (admin_url, name) = (admin_url.clone(), self.name.clone());
                // Drop runs outside any runtime; a short-lived one removes the database.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .expect("runtime");
                    rt.block_on(async {
                        if let Ok(mut conn) =
                            <sqlx::AnyConnection as sqlx::Connection>::connect(&admin_url).await
                        {
                            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                                "drop database if exists {name} with (force)"
                            )))
                            .execute(&mut conn)
                            .await;
                        }
                    });
                })
                .join();
            }
            None => {
                let path = self.url.trim_start_matches("sqlite://").to_string();
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{path}{suffix}"));
                }
            }
        }
    }
}

/// The seeded registry of a test: two districts, each with its own management
/// company, one shared heat supplier, and buildings.
#[derive(Debug, Clone)]
pub struct Registry {
    pub district_a: DistrictId,
    pub org_a: OrganizationId,
    pub org_b: OrganizationId,
    pub supplier: OrganizationId,
    pub building_a: i64,
    pub building_b: i64,
}

pub struct TestApp {
    pub base: String,
    /// Shared by every server of the test (`another_server`); dropped with the last.
    pub db: Arc<TestDb>,
    pub ctx: Ctx,
    pub registry: Registry,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| heatline::app::auth::hash_password(PASSWORD).expect("hash"))
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(|ctx| ctx).await
    }

    /// Like `spawn`, with the server's context adjusted (e.g. another notifier).
    pub async fn spawn_with(configure: impl FnOnce(Ctx) -> Ctx) -> TestApp {
        let db = TestDb::create().await;
        let store_db = Db::connect(&db.url).await.expect("connect test database");
        let ctx = configure(Ctx::new(store_db.clone()).await.expect("context"));
        let registry = seed(&store_db).await;
        TestApp::serve(ctx, Arc::new(db), registry).await
    }

    /// A second server on this test's database, with its own connection pool
    /// and context, as a second `heatline serve` process would have.
    pub async fn another_server(&self) -> TestApp {
        let store_db = Db::connect(&self.db.url)
            .await
            .expect("connect test database");
        let ctx = Ctx::new(store_db).await.expect("context");
        TestApp::serve(ctx, self.db.clone(), self.registry.clone()).await
    }

    async fn serve(ctx: Ctx, db: Arc<TestDb>, registry: Registry) -> TestApp {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let serving = ctx.clone();
        tokio::spawn(async move {
            let _ = heatline::web::serve(serving, listener, async {
                let _ = rx.await;
            })
            .await;
        });
        TestApp {
            base,
            db,
            ctx,
            registry,
            shutdown: Some(tx),
        }
    }

    /// An API client signed in through `POST /api/v1/auth/token` as the demo user of a role.
    pub async fn api_as(&self, login: &str) -> Api {
        let http = reqwest::Client::new();
        let res = http
            .post(format!("{}/api/v1/auth/token", self.base))
            .json(&json!({"login": login, "password": PASSWORD}))
            .send()
            .await
            .expect("token request");
        assert_eq!(res.status(), 200, "signing in as {login}");
        let body: Value = res.json().await.expect("token json");
        Api {
            base: self.base.clone(),
            http,
            token: Some(body["token"].as_str().expect("token").to_string()),
        }
    }

    pub fn anonymous(&self) -> Api {
        Api {
            base: self.base.clone(),
            http: reqwest::Client::new(),
            token: None,
        }
    }

    /// A browser-like client with a cookie jar, not signed in.
    pub fn browser(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    /// A browser signed in as `login` on the login page, and where the
    /// sign-in sent it (the role's landing page).
    pub async fn browser_as(&self, login: &str) -> (reqwest::Client, String) {
        let browser = self.browser();
        let res = browser
            .post(format!("{}/login", self.base))
            .form(&[("login", login), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "signing in as {login}");
        let landing = res.headers()["location"].to_str().unwrap().to_string();
        (browser, landing)
    }

    /// A browser signed in as `login`, and the CSRF token of the page at `path`.
    pub async fn browser_with_csrf(&self, login: &str, path: &str) -> (reqwest::Client, String) {
        let (browser, _) = self.browser_as(login).await;
        let (status, html) = page(&browser, format!("{}{path}", self.base)).await;
        assert_eq!(status, 200, "{path} as {login}");
        (browser, csrf_of(&html))
    }

    /// Registers a ticket as the operator and returns its JSON.
    pub async fn register(&self, body: Value) -> Value {
        let operator = self.api_as("operator").await;
        let res = operator.post("/api/v1/tickets", body).await;
        assert_eq!(res.0, 201, "register: {}", res.1);
        res.1
    }

    /// A unique phone number per call, so tests share nothing.
    pub fn phone() -> String {
        format!("+7917{:07}", rand::rng().random_range(0..10_000_000))
    }
}

/// GETs a page: its status and HTML.
pub async fn page(browser: &reqwest::Client, url: String) -> (u16, String) {
    let res = browser.get(url).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// The session's CSRF token from a page's `<meta name="csrf-token">`.
pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf-token\" content=\"";
    let start = html.find(marker).expect("csrf meta") + marker.len();
    html[start..start + 64].to_string()
}

#[derive(Clone)]
pub struct Api {
    pub base: String,
    pub http: reqwest::Client,
    token: Option<String>,
}

impl Api {
    fn auth(&self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.token {
            Some(t) => req.bearer_auth(t),
            None => req,
        }
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        let res = self
            .auth(self.http.get(format!("{}{path}", self.base)))
            .send()
            .await
            .expect("get");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    pub async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        let res = self
            .auth(self.http.put(format!("{}{path}", self.base)))
            .json(&body)
            .send()
            .await
            .expect("put");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// Posts raw bytes with a content type (photo uploads).
    pub async fn post_bytes(&self, path: &str, content_type: &str, bytes: Vec<u8>) -> (u16, Value) {
        let res = self
            .auth(self.http.post(format!("{}{path}", self.base)))
            .header("content-type", content_type)
            .body(bytes)
            .send()
            .await
            .expect("post bytes");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// Gets raw bytes and the response's content type.
    pub async fn get_bytes(&self, path: &str) -> (u16, String, Vec<u8>) {
        let res = self
            .auth(self.http.get(format!("{}{path}", self.base)))
            .send()
            .await
            .expect("get bytes");
        let status = res.status().as_u16();
        let content_type = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        (
            status,
            content_type,
            res.bytes().await.expect("body").to_vec(),
        )
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let res = self
            .auth(self.http.post(format!("{}{path}", self.base)))
            .json(&body)
            .send()
            .await
            .expect("post");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }
}

async fn seed(db: &Db) -> Registry {
    let now = jiff::Timestamp::now();
    let mut tx = db.begin_write().await.expect("tx");
    let district_a = store::district::insert(&mut tx, "Калининский")
        .await
        .expect("district");
    let district_b = store::district::insert(&mut tx, "Кировский")
        .await
        .expect("district");
    let org_a = store::organization::insert(
        &mut tx,
        "УЖХ Калининского района",
        OrganizationKind::ManagementCompany,
        None,
    )
    .await
    .expect("org");
    let org_b = store::organization::insert(
        &mut tx,
        "АО «УЖХ Кировского района»",
        OrganizationKind::ManagementCompany,
        None,
    )
    .await
    .expect("org");
    let supplier = store::organization::insert(
        &mut tx,
        "ООО «БашРТС»",
        OrganizationKind::HeatSupplier,
        None,
    )
    .await
    .expect("org");
    let mut building = async |address: &str, district, mc| {
        let record = BuildingRecord {
            key: domain::building::fold(address),
            address: address.to_string(),
            district_id: district,
            management_company_id: mc,
            heat_supplier_id: supplier,
            latitude: None,
            longitude: None,
            apartments: Some(60),
            year_built: Some(1975),
        };
        match store::building::upsert(&mut tx, &record, now)
            .await
            .expect("building")
        {
            store::building::Upserted::Inserted(id) => id.0,
            other => panic!("unexpected {other:?}"),
        }
    };
    let building_a = building("ул. Первомайская, д. 12", district_a, org_a).await;
    let building_b = building("ул. Ленина, д. 5", district_b, org_b).await;
    building("ул. Ленина, д. 5/1", district_b, org_b).await;
    let users: [(&str, Role, Scope); 8] = [
        ("operator", Role::Operator, Scope::City),
        ("org_a", Role::Organization, Scope::Organization(org_a)),
        ("org_b", Role::Organization, Scope::Organization(org_b)),
        ("hq_a", Role::DistrictHq, Scope::District(district_a)),
        ("hq_city", Role::CityHq, Scope::City),
        ("controller", Role::Controller, Scope::City),
        ("admin", Role::Admin, Scope::City),
        (
            "supplier",
            Role::Organization,
            Scope::Organization(supplier),
        ),
    ];
    for (login, role, scope) in users {
        let user = store::user::NewUser {
            login,
            name: login,
            password_hash: password_hash(),
            role,
            scope,
        };
        store::user::insert(&mut tx, &user, now)
            .await
            .expect("user");
    }
    tx.commit().await.expect("commit");
    Registry {
        district_a,
        org_a,
        org_b,
        supplier,
        building_a,
        building_b,
    }
}
