//! `GET requests`, `GET requests/{id}` and `GET tokens/{token}`: the public
//! view of tickets from every channel.

use std::collections::HashMap;

use domain::event::{EventKind, TicketEvent};
use domain::open311::{self as spec, PublicRequest, PublicStatus};
use domain::ticket::TicketNumber;
use jiff::Timestamp;
use store::open311::{PublicFilter, PublicOrder};

use crate::app::open311::{Missing, Open311Error, Open311Problem, flag};
use crate::app::{Ctx, internal};

/// A public request with, when asked for (`extensions=true`), its public
/// timeline and the outage it is linked to.
#[derive(Debug, Clone)]
pub struct PublicView {
    pub request: PublicRequest,
    pub notes: Vec<TicketEvent>,
    /// The latest outage link, if any.
    pub outage: Option<TicketEvent>,
}

/// The list's parameters as they arrived.
#[derive(Debug, Clone, Default)]
pub struct RequestListParams {
    /// Comma-separated request ids (ticket numbers); overrides every other filter.
    pub service_request_id: Option<String>,
    /// Comma-separated service codes.
    pub service_code: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    /// Comma-separated `open`, `closed`.
    pub status: Option<String>,
    pub updated_after: Option<String>,
    pub updated_before: Option<String>,
    pub page: Option<String>,
    pub page_size: Option<String>,
    pub extensions: Option<String>,
}

/// The public request list: filtered, windowed (90 days by default) and paged.
#[tracing::instrument(skip_all)]
pub async fn list_requests(
    ctx: &Ctx,
    params: &RequestListParams,
) -> Result<Vec<PublicView>, Open311Error> {
    let (filter, page, page_size) = parse(params, ctx.now())?;
    let extensions = flag(params.extensions.as_deref(), "extensions")?;
    let mut conn = ctx
        .db
        .read()
        .await
        .map_err(internal("listing open311 requests"))?;
    let requests =
        store::open311::list_public(&mut conn, &filter, page_size, (page - 1) * page_size)
            .await
            .map_err(internal("listing open311 requests"))?;
    drop(conn);
    with_notes(ctx, requests, extensions).await
}

/// One request by its id (the ticket number), as a list of one.
#[tracing::instrument(skip_all)]
pub async fn get_request(
    ctx: &Ctx,
    id: &str,
    extensions: Option<&str>,
) -> Result<PublicView, Open311Error> {
    let extensions = flag(extensions, "extensions")?;
    let missing = || Open311Error::NotFound(Missing::Request(id.to_string()));
    let number = TicketNumber::parse(id).ok_or_else(missing)?;
    let filter = PublicFilter {
        numbers: vec![number],
        ..PublicFilter::default()
    };
    let mut conn = ctx
        .db
        .read()
        .await
        .map_err(internal("reading open311 request"))?;
    let found = store::open311::list_public(&mut conn, &filter, 1, 0)
        .await
        .map_err(internal("reading open311 request"))?;
    drop(conn);
    with_notes(ctx, found, extensions)
        .await?
        .into_iter()
        .next()
        .ok_or_else(missing)
}

/// The request a token was issued for.
pub async fn get_token(ctx: &Ctx, token: &str) -> Result<TicketNumber, Open311Error> {
    let mut conn = ctx
        .db
        .read()
        .await
        .map_err(internal("reading open311 token"))?;
    store::open311::find_token(&mut conn, token.trim())
        .await
        .map_err(internal("reading open311 token"))?
        .ok_or_else(|| Open311Error::NotFound(Missing::Token(token.to_string())))
}

async fn with_notes(
    ctx: &Ctx,
    requests: Vec<PublicRequest>,
    extensions: bool,
) -> Result<Vec<PublicView>, Open311Error> {
    let mut events: HashMap<domain::ticket::TicketId, Vec<TicketEvent>> = HashMap::new();
    if extensions && !requests.is_empty() {
        let ids: Vec<_> = requests.iter().map(|r| r.id).collect();
        let mut conn = ctx
            .db
            .read()
            .await
            .map_err(internal("reading request notes"))?;
        for (id, event) in store::open311::list_public_events(&mut conn, &ids)
            .await
            .map_err(internal("reading request notes"))?
        {
            events.entry(id).or_default().push(event);
        }
    }
    Ok(requests
        .into_iter()
        .map(|request| {
            let notes = events.remove(&request.id).unwrap_or_default();
            let outage = notes
                .iter()
                .rev()
                .find(|e| e.kind == EventKind::OutageLinked)
                .cloned();
            PublicView {
                request,
                notes,
                outage,
            }
        })
        .collect())
}

fn parse(
    params: &RequestListParams,
    now: Timestamp,
) -> Result<(PublicFilter, i64, i64), Open311Error> {
    let mut problems = Vec::new();
    let page = number_param(&params.page, 1, i64::MAX).unwrap_or_else(|| {
        problems.push(Open311Problem::BadPage);
        1
    });
    let page_size = number_param(
        &params.page_size,
        spec::DEFAULT_PAGE_SIZE,
        spec::MAX_PAGE_SIZE,
    )
    .unwrap_or_else(|| {
        problems.push(Open311Problem::BadPageSize {
            max: spec::MAX_PAGE_SIZE,
        });
        1
    });
    if (page - 1).checked_mul(page_size).is_none() {
        problems.push(Open311Problem::BadPage);
    }
    let filter = if let Some(ids) = present(&params.service_request_id) {
        // The spec: a list of ids "overrides all other arguments".
        PublicFilter {
            numbers: request_ids(ids, &mut problems),
            ..PublicFilter::default()
        }
    } else {
        filters(params, now, &mut problems)
    };
    if problems.is_empty() {
        Ok((filter, page, page_size))
    } else {
        Err(Open311Error::BadRequest(problems))
    }
}

fn filters(
    params: &RequestListParams,
    now: Timestamp,
    problems: &mut Vec<Open311Problem>,
) -> PublicFilter {
    let mut filter = PublicFilter::default();
    for code in list(&params.service_code) {
        match spec::category_of(code) {
            Some(category) if !filter.categories.contains(&category) => {
                filter.categories.push(category)
            }
            Some(_) => {}
            None => problems.push(Open311Problem::UnknownServiceCode(code.to_string())),
        }
    }
    let mut statuses = Vec::new();
    for code in list(&params.status) {
        match PublicStatus::from_code(code) {
            Some(status) => statuses.push(status),
            None => problems.push(Open311Problem::BadStatus(code.to_string())),
        }
    }
    filter.status = match statuses.as_slice() {
        [one, rest @ ..] if rest.iter().all(|s| s == one) => Some(*one),
        _ => None,
    };
    let mut date = |value: &Option<String>, parameter: &'static str| {
        present(value).and_then(|text| {
            parse_datetime(text).or_else(|| {
                problems.push(Open311Problem::BadDate { parameter });
                None
            })
        })
    };
    let start = date(&params.start_date, "start_date");
    let end = date(&params.end_date, "end_date");
    filter.updated_after = date(&params.updated_after, "updated_after");
    filter.updated_before = date(&params.updated_before, "updated_before");
    let syncing = filter.updated_after.is_some() || filter.updated_before.is_some();
    if syncing {
        filter.order = PublicOrder::Updated;
    }
    // An incremental sync asks for what changed, however old: no default window.
    if !(syncing && start.is_none() && end.is_none()) {
        match spec::requested_window(start, end, now) {
            Ok((from, to)) => {
                filter.created_from = Some(from);
                filter.created_to = to;
            }
            Err(e) => problems.push(Open311Problem::Window(e)),
        }
    }
    filter
}

fn request_ids(ids: &str, problems: &mut Vec<Open311Problem>) -> Vec<TicketNumber> {
    let mut numbers = Vec::new();
    for id in ids.split(',').map(str::trim).filter(|id| !id.is_empty()) {
        match TicketNumber::parse(id) {
            Some(n) if !numbers.contains(&n) => numbers.push(n),
            Some(_) => {}
            None => problems.push(Open311Problem::BadRequestId(id.to_string())),
        }
    }
    let max = spec::MAX_PAGE_SIZE as usize;
    if numbers.len() > max {
        problems.push(Open311Problem::TooManyRequestIds { max });
    }
    numbers
}

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn list(value: &Option<String>) -> impl Iterator<Item = &str> {
    value
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// A whole number in `1..=max`, or `default` when absent; `None` when bad.
fn number_param(value: &Option<String>, default: i64, max: i64) -> Option<i64> {
    match present(value) {
        None => Some(default),
        Some(text) => text.parse::<i64>().ok().filter(|n| (1..=max).contains(n)),
    }
}

/// A W3C datetime (`2026-11-01T00:00:00+05:00`, `…Z`); without an offset, or
/// a bare date, it is city time. A `+` decoded to a space in a query string is
/// taken back.
pub(crate) fn parse_datetime(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    let repaired;
    let text = match text.rfind(' ') {
        Some(idx) if text[idx + 1..].len() == 5 && text[idx + 1..].contains(':') => {
            repaired = format!("{}+{}", &text[..idx], &text[idx + 1..]);
            repaired.as_str()
        }
        _ => text,
    };
    if let Ok(at) = text.parse::<Timestamp>() {
        return Some(at);
    }
    if let Ok(local) = text.parse::<jiff::civil::DateTime>()
        && text.contains('T')
    {
        return Some(domain::calendar::city_instant(local));
    }
    text.parse::<jiff::civil::Date>()
        .ok()
        .filter(|_| text.len() == 10)
        .map(domain::calendar::start_of_day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, expected: Option<&str>) {
        let expected = expected.map(|s| s.parse::<Timestamp>().unwrap());
        assert_eq!(parse_datetime(text), expected, "{text}");
    }

    #[test]
    fn w3c_datetimes_are_read_in_the_city_zone_when_they_lack_one() {
        check("2026-11-01T00:00:00Z", Some("2026-11-01T00:00:00Z"));
        check("2026-11-01T05:00:00+05:00", Some("2026-11-01T00:00:00Z"));
        check("2026-11-01T05:00:00 05:00", Some("2026-11-01T00:00:00Z"));
        check("2026-11-01T05:00:00", Some("2026-11-01T00:00:00Z"));
        check("2026-11-01", Some("2026-10-31T19:00:00Z"));
        check("01.11.2026", None);
        check("yesterday", None);
        check("", None);
    }
}
