//! Group commit for SQLite: concurrent write transactions share one physical
//! transaction and one fsync.
//!
//! SQLite has one writer at a time and, with `synchronous = FULL`, every COMMIT
//! waits for the disk. The writer here keeps one dedicated connection. Each
//! logical transaction runs inside a savepoint of the open batch; when it commits
//! and other writers are already queued, it hands the batch to the next one and
//! waits; the last one in line (or the batch-size cap) commits the whole batch
//! and wakes everyone with the result. A caller is acknowledged only after the
//! COMMIT that contains its writes succeeded, so durability is unchanged; a
//! logical transaction that fails rolls back to its savepoint and leaves the
//! others' writes alone.
//!
//! This is not used for PostgreSQL, which commits concurrent transactions in
//! parallel on its own.

use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use sqlx::any::AnyConnectOptions;
use sqlx::{AnyConnection, Connection, Executor};
use tokio::sync::{Mutex, OwnedMutexGuard, watch};

use crate::error::StoreError;

/// The most logical transactions one physical commit carries.
const MAX_BATCH: usize = 128;
/// How long a handed-over writer waits before committing the batch itself, in
/// case the writer it handed over to went away.
const HANDOVER_TIMEOUT: Duration = Duration::from_millis(20);

type Outcome = Option<Result<(), String>>;

#[derive(Clone)]
pub(crate) struct Writer {
    url: Arc<str>,
    state: Arc<Mutex<State>>,
    waiting: Arc<AtomicUsize>,
}

#[derive(Default)]
struct State {
    conn: Option<AnyConnection>,
    batch: Option<Batch>,
    next_batch: u64,
}

struct Batch {
    id: u64,
    members: usize,
    done: watch::Sender<Outcome>,
}

/// One logical write transaction on SQLite.
pub struct SqliteWrite {
    guard: Option<OwnedMutexGuard<State>>,
    writer: Writer,
}

impl Writer {
    pub(crate) fn new(url: &str) -> Writer {
        Writer {
            url: url.into(),
            state: Arc::new(Mutex::new(State::default())),
            waiting: Arc::new(AtomicUsize::new(0)),
        }
    }

    pub(crate) async fn begin(&self) -> Result<SqliteWrite, StoreError> {
        let guard = {
            let _queued = Queued::new(&self.waiting);
            self.state.clone().lock_owned().await
        };
        let mut write = SqliteWrite {
            guard: Some(guard),
            writer: self.clone(),
        };
        let state = write.state();
        if state.conn.is_none() {
            state.conn = Some(connect(&self.url).await?);
        }
        if state.batch.is_none() {
            state.conn_mut().execute("begin immediate").await?;
            state.next_batch += 1;
            state.batch = Some(Batch {
                id: state.next_batch,
                members: 0,
                done: watch::channel(None).0,
            });
        }
        state.conn_mut().execute("savepoint heatline_write").await?;
        Ok(write)
    }

    pub(crate) async fn close(&self) {
        let mut state = self.state.lock().await;
        if let Some(conn) = state.conn.take() {
            let _ = conn.close().await;
        }
    }
}

impl State {
    fn conn_mut(&mut self) -> &mut AnyConnection {
        self.conn
            .as_mut()
            .expect("the writer connection is open while a write holds the state")
    }

    /// Commits the open batch and tells its members how it went.
    async fn finish(&mut self) -> Result<(), StoreError> {
        let batch = self
            .batch
            .take()
            .expect("finish is called with an open batch");
        let res = self.conn_mut().execute("commit").await;
        if res.is_err() {
            // A failed COMMIT may leave the transaction open; end it so the
            // connection is clean for the next batch.
            let _ = self.conn_mut().execute("rollback").await;
        }
        batch
            .done
            .send_replace(Some(res.as_ref().map(|_| ()).map_err(|e| e.to_string())));
        res.map(|_| ()).map_err(StoreError::from)
    }

    /// Abandons the whole batch after an error that leaves it unusable.
    async fn abort(&mut self, why: String) {
        if let Some(batch) = self.batch.take() {
            let _ = self.conn_mut().execute("rollback").await;
            batch.done.send_replace(Some(Err(why)));
        }
    }
}

impl SqliteWrite {
    fn state(&mut self) -> &mut State {
        self.guard
            .as_mut()
            .expect("a write holds the state until it ends")
    }

    pub(crate) fn conn(&mut self) -> &mut AnyConnection {
        self.state().conn_mut()
    }

    pub(crate) fn conn_ref(&self) -> &AnyConnection {
        self.guard
            .as_ref()
            .and_then(|s| s.conn.as_ref())
            .expect("a write holds the state until it ends")
    }

    /// Makes this transaction's writes part of the batch and returns once the
    /// batch is durably committed.
    pub(crate) async fn commit(mut self) -> Result<(), StoreError> {
        let mut guard = self.guard.take().expect("a write is committed once");
        if let Err(err) = guard.conn_mut().execute("release heatline_write").await {
            guard.abort(err.to_string()).await;
            return Err(err.into());
        }
        let batch = guard.batch.as_mut().expect("a write holds an open batch");
        batch.members += 1;
        let (id, members, done) = (batch.id, batch.members, batch.done.subscribe());
        if self.writer.waiting.load(Ordering::SeqCst) > 0 && members < MAX_BATCH {
            drop(guard);
            return self.writer.wait_for(id, done).await;
        }
        guard.finish().await
    }
}

impl Writer {
    async fn wait_for(
        &self,
        id: u64,
        mut done: watch::Receiver<Outcome>,
    ) -> Result<(), StoreError> {
        loop {
            if let Some(outcome) = done.borrow_and_update().clone() {
                return outcome.map_err(StoreError::GroupCommit);
            }
            match tokio::time::timeout(HANDOVER_TIMEOUT, done.changed()).await {
                Ok(Ok(())) => continue,
                Ok(Err(_)) => return Err(StoreError::GroupCommit("the batch was dropped".into())),
                Err(_) => {
                    // Nobody committed our batch yet: do it ourselves if it is still open.
                    let mut state = self.state.lock().await;
                    if state.batch.as_ref().is_some_and(|b| b.id == id) {
                        return state.finish().await;
                    }
                }
            }
        }
    }
}

impl Drop for SqliteWrite {
    /// A write dropped without commit rolls back to its savepoint; the batch
    /// goes on for the others (or is committed if nobody is queued behind).
    fn drop(&mut self) {
        let Some(mut guard) = self.guard.take() else {
            return;
        };
        let waiting = self.writer.waiting.clone();
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => {
                handle.spawn(async move {
                    if guard.batch.is_none() || guard.conn.is_none() {
                        return;
                    }
                    let undone = guard
                        .conn_mut()
                        .execute("rollback to heatline_write")
                        .await
                        .is_ok()
                        && guard
                            .conn_mut()
                            .execute("release heatline_write")
                            .await
                            .is_ok();
                    let members = guard.batch.as_ref().map_or(0, |b| b.members);
                    if !undone {
                        guard.abort("a write could not be rolled back".into()).await;
                    } else if members == 0 {
                        let _ = guard.conn_mut().execute("rollback").await;
                        guard.batch = None;
                    } else if waiting.load(Ordering::SeqCst) == 0 {
                        let _ = guard.finish().await;
                    }
                });
            }
            // Outside a runtime (shutdown) closing the connection rolls back.
            Err(_) => {
                guard.conn = None;
                guard.batch = None;
            }
        }
    }
}

/// Counts a writer as queued while it waits for the state.
struct Queued<'a>(&'a AtomicUsize);

impl<'a> Queued<'a> {
    fn new(counter: &'a AtomicUsize) -> Queued<'a> {
        counter.fetch_add(1, Ordering::SeqCst);
        Queued(counter)
    }
}

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn connect(url: &str) -> Result<AnyConnection, StoreError> {
    let options = AnyConnectOptions::from_str(url)?;
    let mut conn = AnyConnection::connect_with(&options).await?;
    for pragma in crate::db::SQLITE_PRAGMAS {
        conn.execute(*pragma).await?;
    }
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use crate::db::Db;

    async fn temp_db() -> (Db, std::path::PathBuf) {
        let path = std::env::temp_dir().join(format!(
            "heatline-group-{}-{}.db",
            std::process::id(),
            rand_suffix()
        ));
        let db = Db::connect(&format!("sqlite://{}", path.display()))
            .await
            .expect("connect");
        (db, path)
    }

    fn rand_suffix() -> u128 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_nanos()
    }

    fn cleanup(path: &std::path::Path) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_writes_keep_exactly_the_committed_ones() {
        let (db, path) = temp_db().await;
        let mut tasks = Vec::new();
        for i in 0..300 {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                let mut tx = db.begin_write().await.expect("begin");
                let name = format!("district {i}");
                crate::district::insert(&mut tx, &name)
                    .await
                    .expect("insert");
                // Every third write gives up, some after yielding to the others.
                if i % 3 == 0 {
                    if i % 2 == 0 {
                        tokio::task::yield_now().await;
                    }
                    drop(tx);
                    None
                } else {
                    tx.commit().await.expect("commit");
                    Some(name)
                }
            }));
        }
        let mut committed = BTreeSet::new();
        for task in tasks {
            if let Some(name) = task.await.expect("task") {
                committed.insert(name);
            }
        }
        // Rolled-back writes finish in the background; a write after them sees the settled state.
        let tx = db.begin_write().await.expect("begin");
        tx.commit().await.expect("commit");
        let mut conn = db.read().await.expect("read");
        let stored: BTreeSet<String> = crate::district::list(&mut conn)
            .await
            .expect("list")
            .into_iter()
            .map(|d| d.name)
            .collect();
        assert_eq!(stored, committed);
        assert_eq!(committed.len(), 200);
        drop(conn);
        db.close().await;
        cleanup(&path);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_failed_statement_in_one_write_does_not_spoil_the_batch() {
        let (db, path) = temp_db().await;
        let mut tasks = Vec::new();
        for i in 0..100 {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                let mut tx = db.begin_write().await.expect("begin");
                // Pairs of writers race for the same name; the loser's insert fails.
                let name = format!("district {}", i / 2);
                match crate::district::insert(&mut tx, &name).await {
                    Ok(_) => tx.commit().await.map(|_| name).ok(),
                    Err(_) => None,
                }
            }));
        }
        let mut committed = BTreeSet::new();
        for task in tasks {
            if let Some(name) = task.await.expect("task") {
                committed.insert(name);
            }
        }
        let tx = db.begin_write().await.expect("begin");
        tx.commit().await.expect("commit");
        let mut conn = db.read().await.expect("read");
        let stored: BTreeSet<String> = crate::district::list(&mut conn)
            .await
            .expect("list")
            .into_iter()
            .map(|d| d.name)
            .collect();
        assert_eq!(committed.len(), 50);
        assert_eq!(stored, committed);
        drop(conn);
        db.close().await;
        cleanup(&path);
    }
}
