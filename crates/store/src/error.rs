//! Store errors: driver errors mapped once into what callers can act on.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("row not found")]
    NotFound,
    #[error("unique constraint violated: {constraint}")]
    Conflict { constraint: String },
    #[error("stored value is not valid: {0}")]
    Corrupt(String),
    #[error("unsupported database url: {0}")]
    UnsupportedUrl(String),
    #[error(transparent)]
    Db(sqlx::Error),
    /// The batch this write was part of failed to commit.
    #[error("group commit failed: {0}")]
    GroupCommit(String),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    /// The database is out of reach (down, restarting, or every connection
    /// busy past the pool's timeout): worth retrying, not a bug.
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            StoreError::Db(
                sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_)
            )
        )
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict {
                // SQLite names no constraint; its message names the columns instead.
                constraint: db
                    .constraint()
                    .map(str::to_string)
                    .unwrap_or_else(|| db.message().to_string()),
            },
            _ => StoreError::Db(err),
        }
    }
}

/// A stored code that no enum variant knows: the database was written by a newer
/// or broken version.
pub(crate) fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {value:?}"))
}
