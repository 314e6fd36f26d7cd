//! Both backends carry the same migrations and end up with the same tables.

use std::collections::BTreeSet;

use crate::helpers::TestDb;

fn listing(backend: &str) -> BTreeSet<String> {
    let dir = format!(
        "{}/../store/migrations/{backend}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn both_backends_have_the_same_migration_files() {
    let sqlite = listing("sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, listing("postgres"));
}

async fn columns(url: &str, postgres: bool) -> BTreeSet<(String, String)> {
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(url)
        .await
        .expect("connect");
    let sql = if postgres {
        "select table_name::text, column_name::text from information_schema.columns
         where table_schema = 'public' and table_name <> '_sqlx_migrations'"
    } else {
        // Ordinary tables only: FTS5's virtual and shadow tables are SQLite's
        // form of an index (PostgreSQL has a GIN index instead).
        "select m.name, p.name from pragma_table_list m join pragma_table_info(m.name) p
         where m.schema = 'main' and m.type = 'table' and m.name not like 'sqlite_%'
           and m.name <> '_sqlx_migrations'"
    };
    let rows: Vec<(String, String)> = sqlx::query_as(sql)
        .fetch_all(&mut conn)
        .await
        .expect("columns");
    rows.into_iter().collect()
}

#[tokio::test]
async fn the_migrated_schema_has_the_same_tables_and_columns_on_both_backends() {
    let db = TestDb::create().await;
    store::db::Db::connect(&db.url).await.expect("migrate");
    let here = columns(&db.url, db.is_postgres()).await;
    let scratch = std::env::temp_dir().join(format!("heatline-schema-{}.db", std::process::id()));
    let scratch_url = format!("sqlite://{}", scratch.display());
    store::db::Db::connect(&scratch_url)
        .await
        .expect("migrate scratch sqlite");
    let sqlite = columns(&scratch_url, false).await;
    // SQLite's write-ahead log and shared memory files sit beside it.
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", scratch.display()));
    }
    assert!(here.contains(&("tickets".to_string(), "due_at".to_string())));
    assert_eq!(here, sqlite);
}
