//! API keys of client systems (Open311 apps and portals): who may post
//! requests and how often. The secret itself is never kept, only its hash.

use jiff::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ApiKeyId(pub i64);

/// A client system's key as the admin sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub id: ApiKeyId,
    /// The client system, e.g. «Портал „Госуслуги. Решаем вместе“».
    pub name: String,
    /// The secret's first characters, to tell keys apart.
    pub prefix: String,
    pub requests_per_minute: i64,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

impl ApiKey {
    pub fn is_active(&self) -> bool {
        self.revoked_at.is_none()
    }
}

/// The default and the bounds of a key's rate limit.
pub const DEFAULT_REQUESTS_PER_MINUTE: i64 = 60;
pub const MAX_REQUESTS_PER_MINUTE: i64 = 10_000;
pub const MAX_NAME_CHARS: usize = 100;
