//! A ticket list for export: every ticket matching the list's filters (not one
//! page), read in batches, with district and organization names resolved.
//! Personal data (the resident's name and phone) is carried only for roles
//! that see it; the spreadsheet and CSV rendering lives in `web::export`.

use std::collections::HashMap;

use domain::ticket::Ticket;

use crate::app::ticket::{TicketQuery, effective_filter};
use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, internal};

/// The most rows one export carries. A season is ≈16 thousand tickets, so this
/// is several seasons; a bigger selection is refused (422 naming `format`) rather
/// than cut silently, and the user narrows the filters.
pub const MAX_EXPORT_ROWS: usize = 100_000;

/// Rows read per query: keeps each query short on both databases.
const BATCH: i64 = 2_000;

/// One exported ticket: the ticket and the names the list shows as ids.
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub ticket: Ticket,
    /// The registry building's address, else the address as the caller gave it.
    pub address: Option<String>,
    pub district: Option<String>,
    pub organization: Option<String>,
    pub overdue: bool,
}

/// The rows of an export and whether they carry personal data.
#[derive(Debug, Clone)]
pub struct TicketExport {
    pub rows: Vec<ExportRow>,
    /// Name and phone columns are present: the actor's role sees personal data.
    pub personal_data: bool,
}

/// Every ticket the list with `query`'s filters would show, in its order,
/// ignoring the page; only the actor's scope.
#[tracing::instrument(skip_all)]
pub async fn export_tickets(
    ctx: &Ctx,
    actor: &Actor,
    query: TicketQuery,
) -> Result<TicketExport, AppError> {
    let mut filter = effective_filter(actor, &query)?;
    filter.overdue_first_at = Some(ctx.now());
    let personal_data = actor.role().sees_personal_data();
    let mut conn = ctx.db.read().await.map_err(internal("exporting tickets"))?;
    let max = i64::try_from(MAX_EXPORT_ROWS).unwrap_or(i64::MAX);
    let matching = store::ticket::count_matching(&mut conn, actor.user.scope, &filter, Some(max))
        .await
        .map_err(internal("exporting tickets"))?;
    if matching > max {
        return Err(AppError::Invalid(FieldErrors::one(
            "format",
            Problem::TooManyRows {
                max: MAX_EXPORT_ROWS,
            },
        )));
    }
    let districts: HashMap<i64, String> = store::district::list(&mut conn)
        .await
        .map_err(internal("exporting tickets"))?
        .into_iter()
        .map(|d| (d.id.0, d.name))
        .collect();
    let organizations: HashMap<i64, String> = store::organization::list(&mut conn, None)
        .await
        .map_err(internal("exporting tickets"))?
        .into_iter()
        .map(|o| (o.id.0, o.name))
        .collect();
    // The whole registry (a city's ≈10 thousand buildings) is one cheap query.
    let addresses: HashMap<i64, String> = store::building::list_addresses(&mut conn)
        .await
        .map_err(internal("exporting tickets"))?
        .into_iter()
        .map(|(id, address)| (id.0, address))
        .collect();
    let now = ctx.now();
    let mut rows = Vec::new();
    let mut offset = 0;
    loop {
        // Counted once above; the batches only fetch.
        let batch = store::ticket::page(&mut conn, actor.user.scope, &filter, BATCH, offset)
            .await
            .map_err(internal("exporting tickets"))?;
        let n = batch.len() as i64;
        rows.extend(batch.into_iter().map(|mut ticket| {
            if !personal_data {
                ticket.resident_name = None;
            }
            ExportRow {
                address: ticket
                    .building_id
                    .and_then(|b| addresses.get(&b.0).cloned())
                    .or_else(|| ticket.address.clone()),
                district: ticket
                    .district_id()
                    .and_then(|d| districts.get(&d.0).cloned()),
                organization: ticket
                    .organization_id()
                    .and_then(|o| organizations.get(&o.0).cloned()),
                overdue: ticket.is_overdue(now),
                ticket,
            }
        }));
        offset += n;
        if n < BATCH {
            break;
        }
    }
    Ok(TicketExport {
        rows,
        personal_data,
    })
}
