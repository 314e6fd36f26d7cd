//! The database handle: one pool, the backend chosen by the URL, migrations, and
//! write transactions.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Executor, Transaction};

use crate::error::StoreError;
use crate::group_commit::{SqliteWrite, Writer};

/// Set on every SQLite connection. WAL lets readers run beside the writer; FULL
/// syncs every commit so an acknowledged write survives a power cut or kill -9.
pub(crate) const SQLITE_PRAGMAS: &[&str] = &[
    "pragma journal_mode = wal",
    "pragma synchronous = full",
    "pragma foreign_keys = on",
    "pragma busy_timeout = 5000",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a URL names; an unknown scheme is an error, never a silently
    /// created empty database.
    pub fn from_url(url: &str) -> Result<Backend, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(redact(url)))
        }
    }

    /// The backend a connection talks to, for the few queries that must differ.
    pub fn of(conn: &AnyConnection) -> Backend {
        match conn.backend_name() {
            "SQLite" => Backend::Sqlite,
            _ => Backend::Postgres,
        }
    }
}

/// The shared database handle; cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// SQLite's single writer, with group commit; `None` on PostgreSQL.
    writer: Option<Writer>,
}

/// A write transaction: a savepoint in a group-committed batch on SQLite, a
/// plain `BEGIN` transaction on PostgreSQL. Dropped without `commit`, it rolls back.
pub struct WriteTx(WriteKind);

enum WriteKind {
    Sqlite(SqliteWrite),
    Postgres(Transaction<'static, Any>),
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &Self::Target {
        match &self.0 {
            WriteKind::Sqlite(w) => w.conn_ref(),
            WriteKind::Postgres(tx) => tx,
        }
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        match &mut self.0 {
            WriteKind::Sqlite(w) => w.conn(),
            WriteKind::Postgres(tx) => tx,
        }
    }
}

impl WriteTx {
    /// Returns once the writes are durable.
    pub async fn commit(self) -> Result<(), StoreError> {
        match self.0 {
            WriteKind::Sqlite(w) => w.commit().await,
            WriteKind::Postgres(tx) => Ok(tx.commit().await?),
        }
    }
}

/// Gives SQLite's planner statistics (a sample of each index: ~10 ms at a
/// million tickets). Without them it guesses by the number of constrained
/// columns: a list of one status and category walked every ticket of that
/// status through `(status, due_at)` and sorted them (35 ms → 1 ms).
/// PostgreSQL's autovacuum keeps its own statistics.
pub(crate) async fn analyze_sqlite(conn: &mut AnyConnection) -> Result<(), StoreError> {
    conn.execute("pragma analysis_limit = 1000").await?;
    conn.execute("analyze").await?;
    Ok(())
}

impl Db {
    /// Connects (creating a SQLite file when the URL allows it) and applies migrations.
    pub async fn connect(url: &str) -> Result<Db, StoreError> {
        let db = Db::connect_without_migrating(url).await?;
        db.migrate().await?;
        Ok(db)
    }

    pub async fn connect_without_migrating(url: &str) -> Result<Db, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_string(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let pool_options = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            // A request waits at most this long for a connection: with the
            // database down, callers get an error in seconds instead of hanging
            // (measured: 30 s a request with the default while PostgreSQL restarted).
            .acquire_timeout(Duration::from_secs(5));
        let pool = match backend {
            Backend::Sqlite => pool_options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    for pragma in SQLITE_PRAGMAS {
                        conn.execute(*pragma).await?;
                    }
                    Ok(())
                })
            }),
            // Short queries over big tables cross the JIT's cost threshold and
            // then spend ~45 ms compiling (measured on a word count at 1M
            // tickets); no query here runs long enough to win that back.
            // Random reads cost about what sequential ones do on SSDs: with
            // the default 4.0 the planner read every season's rollups to sum
            // one season's (dashboard at 1M tickets: p95 62 → 40 ms).
            Backend::Postgres => pool_options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute("set jit = off").await?;
                    conn.execute("set random_page_cost = 1.1").await?;
                    Ok(())
                })
            }),
        }
        .connect_with(options)
        .await?;
        let writer = (backend == Backend::Sqlite).then(|| Writer::new(&url));
        Ok(Db {
            pool,
            backend,
            writer,
        })
    }

    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self.backend {
            Backend::Sqlite => {
                sqlx::migrate!("./migrations/sqlite")
                    .run(&self.pool)
                    .await?;
                let mut conn = self.pool.acquire().await?;
                analyze_sqlite(&mut conn).await?;
            }
            Backend::Postgres => {
                sqlx::migrate!("./migrations/postgres")
                    .run(&self.pool)
                    .await?
            }
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A connection for reads.
    pub async fn read(&self) -> Result<PoolConnection<Any>, StoreError> {
        Ok(self.pool.acquire().await?)
    }

    /// Starts a write transaction. On SQLite the batch begins `IMMEDIATE`: a
    /// deferred transaction that reads first cannot upgrade a stale snapshot.
    pub async fn begin_write(&self) -> Result<WriteTx, StoreError> {
        Ok(WriteTx(match &self.writer {
            Some(writer) => WriteKind::Sqlite(writer.begin().await?),
            None => WriteKind::Postgres(self.pool.begin().await?),
        }))
    }

    /// SQLite's `pragma integrity_check`; PostgreSQL has no equivalent and reports ok.
    pub async fn integrity_check(&self) -> Result<String, StoreError> {
        match self.backend {
            Backend::Sqlite => {
                let (res,): (String,) = sqlx::query_as("pragma integrity_check")
                    .fetch_one(&self.pool)
                    .await?;
                Ok(res)
            }
            Backend::Postgres => Ok("ok".to_string()),
        }
    }

    pub async fn close(&self) {
        if let Some(writer) = &self.writer {
            writer.close().await;
        }
        self.pool.close().await;
    }
}

/// A URL fit for logs: the password replaced.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let creds = &url[scheme_end + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_choose_the_backend() {
        assert_eq!(Backend::from_url("sqlite://x.db").unwrap(), Backend::Sqlite);
        assert_eq!(
            Backend::from_url("postgres://u@h/db").unwrap(),
            Backend::Postgres
        );
        assert!(Backend::from_url("mysql://u@h/db").is_err());
        assert!(Backend::from_url("heatline.db").is_err());
    }

    #[test]
    fn passwords_never_reach_the_logs() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("sqlite://x.db"), "sqlite://x.db");
    }
}
