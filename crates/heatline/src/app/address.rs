//! Resolving what a caller says into registry buildings: the desk's address
//! autocomplete, `GET /api/v1/addresses/resolve` and every registration with an
//! address string use the same index and the same auto-pick rule.
//!
//! Each server keeps an [`AddressIndex`] of all buildings in memory. Several
//! servers share one database and any of them (or `heatline import buildings`)
//! may change the registry, so before each resolution the server reads a cheap
//! stamp of the registry (count, max id, max `updated_at`) and rebuilds its index
//! when the stamp moved. It deliberately holds nothing that another server
//! would need to see.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use domain::address::matcher::{AddressIndex, auto_pick};
use domain::address::parse;
use domain::building::BuildingId;
use store::desk::RegistryStamp;

use crate::app::{Actor, AppError, Ctx, internal};

/// Candidates offered by default; the desk shows this many.
pub const DEFAULT_LIMIT: usize = 7;
/// The most candidates one call returns.
pub const MAX_LIMIT: usize = 50;

/// A building the typed address may mean.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedAddress {
    pub building_id: BuildingId,
    /// The registry's address of the building.
    pub address: String,
    pub confidence: f64,
}

/// Candidates for a typed address, best first, and what else it said.
#[derive(Debug, Clone, Default)]
pub struct AddressResolution {
    pub candidates: Vec<ResolvedAddress>,
    /// The top candidate when it may be taken without asking (see
    /// `domain::address::matcher::auto_pick`).
    pub auto_picked: Option<BuildingId>,
    /// The apartment typed with the address («Ленина 5-12», «кв. 12»).
    pub apartment: Option<String>,
    /// The entrance typed with the address («подъезд 2»).
    pub entrance: Option<String>,
}

/// The server's in-memory address index, rebuilt when the registry changes.
#[derive(Default)]
pub struct AddressBook {
    current: RwLock<Option<Arc<Snapshot>>>,
    rebuilding: tokio::sync::Mutex<()>,
}

struct Snapshot {
    stamp: RegistryStamp,
    index: AddressIndex,
    addresses: HashMap<BuildingId, String>,
}

/// Ranked registry buildings for a typed address; any signed-in user may ask
/// (the registry is not personal data).
#[tracing::instrument(skip_all)]
pub async fn resolve_address(
    ctx: &Ctx,
    _actor: &Actor,
    query: &str,
    limit: usize,
) -> Result<AddressResolution, AppError> {
    resolve(ctx, query, limit.clamp(1, MAX_LIMIT)).await
}

/// The same, for registrations from any channel.
pub(crate) async fn resolve(
    ctx: &Ctx,
    query: &str,
    limit: usize,
) -> Result<AddressResolution, AppError> {
    let parsed = parse(query);
    let snapshot = fresh_snapshot(ctx).await?;
    // `auto_pick` compares the top two, so ask for at least two.
    let found = snapshot.index.resolve(query, limit.max(2));
    let auto_picked = auto_pick(&found);
    let candidates = found
        .into_iter()
        .take(limit)
        .filter_map(|candidate| {
            let address = snapshot.addresses.get(&candidate.building_id)?.clone();
            Some(ResolvedAddress {
                building_id: candidate.building_id,
                address,
                confidence: candidate.confidence,
            })
        })
        .collect();
    Ok(AddressResolution {
        candidates,
        auto_picked,
        apartment: parsed.apartment().map(str::to_string),
        entrance: parsed.entrance().map(str::to_string),
    })
}

/// The index matching the registry as it is now, rebuilt first if it moved.
async fn fresh_snapshot(ctx: &Ctx) -> Result<Arc<Snapshot>, AppError> {
    let book = ctx.address_book();
    let stamp = {
        let mut conn = ctx.db.read().await.map_err(internal("reading registry"))?;
        store::desk::registry_stamp(&mut conn)
            .await
            .map_err(internal("reading registry"))?
    };
    if let Some(snapshot) = book.current_if(stamp) {
        return Ok(snapshot);
    }
    // One rebuild at a time; whoever waited here finds the index rebuilt.
    let _rebuilding = book.rebuilding.lock().await;
    if let Some(snapshot) = book.current_if(stamp) {
        return Ok(snapshot);
    }
    let snapshot = Arc::new(load(ctx).await?);
    tracing::info!(
        buildings = snapshot.index.len(),
        unreadable = snapshot.index.unindexed().len(),
        "address index rebuilt"
    );
    *book.current.write().unwrap_or_else(|e| e.into_inner()) = Some(snapshot.clone());
    Ok(snapshot)
}

/// Reads the stamp, then the registry: a change in between makes the index
/// newer than its stamp (and rebuilt once more next time), never older.
async fn load(ctx: &Ctx) -> Result<Snapshot, AppError> {
    let mut conn = ctx.db.read().await.map_err(internal("loading registry"))?;
    let stamp = store::desk::registry_stamp(&mut conn)
        .await
        .map_err(internal("loading registry"))?;
    let entries = store::building::list_addresses(&mut conn)
        .await
        .map_err(internal("loading registry"))?;
    drop(conn);
    let built = tokio::task::spawn_blocking(move || {
        let index = AddressIndex::new(entries.iter().cloned());
        Snapshot {
            stamp,
            index,
            addresses: entries.into_iter().collect(),
        }
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::Error::new(e).context("building address index")))?;
    Ok(built)
}

impl AddressBook {
    fn current_if(&self, stamp: RegistryStamp) -> Option<Arc<Snapshot>> {
        let current = self.current.read().unwrap_or_else(|e| e.into_inner());
        current
            .as_ref()
            .filter(|snapshot| snapshot.stamp == stamp)
            .cloned()
    }
}

/// The key that identifies a registry building across spellings
/// (`domain::address::normalized_key`); an address without a readable street
/// or house number is keyed by its folded text, so it still imports once.
pub fn building_key(address: &str) -> String {
    domain::address::normalized_key(address)
        .unwrap_or_else(|| format!("text|{}", domain::building::fold(address)))
}
