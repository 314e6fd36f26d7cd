//! The season's figures for the HQs: the headline summary, weekly volumes by
//! category, district or organization, and deadlines met, all read from the
//! ticket rollups (`store::rollup`), never by scanning tickets. The city HQ and
//! the admin see the city or any district; a district HQ sees only its own
//! district (another district is 404).

pub mod report;
pub mod rollups;

use std::collections::{BTreeMap, HashMap};

use domain::category::Category;
use domain::district::DistrictId;
use domain::quality_callback::stats::CallbackStats as CallbackCounts;
use domain::stats::{Volume, season_start};
use domain::ticket::TicketStatus;
use domain::user::{Role, Scope};
use jiff::Timestamp;
use jiff::civil::Date;
use store::AnyConnection;
use store::rollup::{Group, RollupFilter};
use store::ticket::TicketFilter;

use crate::app::quality_callback::StatsFilter;
use crate::app::ticket::params::{date, id, present};
use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, internal};

/// Who reads the season's figures.
pub const READERS: &[Role] = &[Role::CityHq, Role::DistrictHq, Role::Admin];

/// The district the actor's figures cover: the one asked for, a district HQ's
/// own, or `None` for the whole city.
fn scoped_district(
    actor: &Actor,
    requested: Option<DistrictId>,
) -> Result<Option<DistrictId>, AppError> {
    actor.require(READERS)?;
    match (actor.role(), actor.user.scope) {
        (Role::DistrictHq, Scope::District(own)) => match requested {
            Some(other) if other != own => Err(AppError::NotFound),
            _ => Ok(Some(own)),
        },
        (Role::DistrictHq, _) => Err(AppError::Forbidden),
        _ => Ok(requested),
    }
}

/// The summary's parameters as typed in a URL.
#[derive(Debug, Clone, Default)]
pub struct SummaryParams {
    /// A city date `YYYY-MM-DD`; today when absent.
    pub date: Option<String>,
    pub district_id: Option<String>,
}

/// The headline figures as of a day.
#[derive(Debug, Clone)]
pub struct Summary {
    pub date: Date,
    pub district_id: Option<DistrictId>,
    pub district_name: Option<String>,
    pub season_start: Date,
    pub volume: Volume,
    /// How many times last week was below the peak week.
    pub fall_from_peak: Option<f64>,
    pub billing_total: i64,
    /// Billing tickets closed, i.e. answered (closing one requires an answer).
    pub billing_answered: i64,
    pub billing_answered_share: Option<f64>,
    /// Quality callbacks placed since the season's start.
    pub callbacks: CallbackCounts,
    /// Callbacks per week (the week of a round's last call), keyed by its Monday.
    pub callbacks_by_week: Vec<crate::app::quality_callback::Breakdown>,
    /// Open tickets past their deadline at `overdue_at`.
    pub overdue_now: i64,
    pub overdue_at: Timestamp,
}

/// The headline figures: the season's total, this and last week against the
/// peak, billing requests answered, callbacks solved and tickets overdue now.
#[tracing::instrument(skip_all)]
pub async fn summary(
    ctx: &Ctx,
    actor: &Actor,
    params: &SummaryParams,
) -> Result<Summary, AppError> {
    actor.require(READERS)?;
    let mut errors = FieldErrors::default();
    let day = date(&mut errors, "date", &params.date);
    let requested = id(&mut errors, "district_id", &params.district_id).map(DistrictId);
    errors.into_result()?;
    let district_id = scoped_district(actor, requested)?;
    let now = ctx.now();
    let day = day.unwrap_or_else(|| domain::calendar::city_date(now));
    let start = season_start(day);
    // The callback figures come from their own table: read them alongside.
    let (counts, callbacks) = tokio::try_join!(
        ticket_counts(ctx, district_id, start, day, now),
        callbacks(ctx, actor, district_id, start, day),
    )?;
    let TicketCounts {
        district_name,
        volume,
        billing_total,
        billing_answered,
        overdue_now,
    } = counts;
    Ok(Summary {
        date: day,
        district_id,
        district_name,
        season_start: start,
        fall_from_peak: volume.fall_from_peak(),
        volume,
        billing_total,
        billing_answered,
        billing_answered_share: domain::stats::share(billing_answered, billing_total),
        callbacks: callbacks.total,
        callbacks_by_week: callbacks.by_week,
        overdue_now,
        overdue_at: now,
    })
}

/// The summary's figures that come from the rollups and the open tickets.
struct TicketCounts {
    district_name: Option<String>,
    volume: Volume,
    billing_total: i64,
    billing_answered: i64,
    overdue_now: i64,
}

async fn ticket_counts(
    ctx: &Ctx,
    district_id: Option<DistrictId>,
    start: Date,
    day: Date,
    now: Timestamp,
) -> Result<TicketCounts, AppError> {
    let mut conn = ctx.db.read().await.map_err(internal("reading stats"))?;
    let district_name = district_name(&mut conn, district_id).await?;
    let filter = RollupFilter {
        from: Some(start),
        to: day.tomorrow().ok(),
        district_id,
        ..RollupFilter::default()
    };
    let daily = store::rollup::sum(&mut conn, &filter, Group::Nothing, true, false)
        .await
        .map_err(internal("reading stats"))?;
    let volume = Volume::as_of(day, daily.iter().filter_map(|s| Some((s.day?, s.tickets))));
    let billing = RollupFilter {
        category: Some(Category::Billing),
        ..filter.clone()
    };
    let by_status = store::rollup::sum(&mut conn, &billing, Group::Status, false, false)
        .await
        .map_err(internal("reading stats"))?;
    let billing_total: i64 = by_status.iter().map(|s| s.tickets).sum();
    let billing_answered: i64 = by_status
        .iter()
        .filter(|s| s.key == TicketStatus::Closed.as_code())
        .map(|s| s.tickets)
        .sum();
    let overdue_now = store::ticket::count_matching(
        &mut conn,
        district_id.map_or(Scope::City, Scope::District),
        &TicketFilter {
            overdue_at: Some(now),
            ..TicketFilter::default()
        },
        None,
    )
    .await
    .map_err(internal("counting overdue tickets"))?;
    Ok(TicketCounts {
        district_name,
        volume,
        billing_total,
        billing_answered,
        overdue_now,
    })
}

async fn callbacks(
    ctx: &Ctx,
    actor: &Actor,
    district_id: Option<DistrictId>,
    since: Date,
    until: Date,
) -> Result<crate::app::quality_callback::CallbackStats, AppError> {
    let filter = StatsFilter {
        since: Some(since),
        until: Some(until),
        district_id,
        organization_id: None,
    };
    crate::app::quality_callback::stats(ctx, actor, &filter).await
}

async fn district_name(
    conn: &mut AnyConnection,
    id: Option<DistrictId>,
) -> Result<Option<String>, AppError> {
    let Some(id) = id else { return Ok(None) };
    let districts = store::district::list(conn)
        .await
        .map_err(internal("reading districts"))?;
    match districts.into_iter().find(|d| d.id == id) {
        Some(d) => Ok(Some(d.name)),
        None => Err(AppError::NotFound),
    }
}

/// What a weekly breakdown splits the tickets by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breakdown {
    Category,
    District,
    Organization,
}

impl Breakdown {
    pub fn as_code(self) -> &'static str {
        match self {
            Breakdown::Category => "category",
            Breakdown::District => "district",
            Breakdown::Organization => "organization",
        }
    }

    pub fn from_code(code: &str) -> Option<Breakdown> {
        match code {
            "category" => Some(Breakdown::Category),
            "district" => Some(Breakdown::District),
            "organization" => Some(Breakdown::Organization),
            _ => None,
        }
    }

    fn group(self) -> Group {
        match self {
            Breakdown::Category => Group::Category,
            Breakdown::District => Group::District,
            Breakdown::Organization => Group::Organization,
        }
    }
}

/// The weekly breakdown's parameters as typed in a URL.
#[derive(Debug, Clone, Default)]
pub struct WeeklyParams {
    /// A city date; its week is the first. The season's start when absent.
    pub from: Option<String>,
    /// A city date; its week is the last. Today when absent.
    pub to: Option<String>,
    /// `category` (default), `district` or `organization`.
    pub by: Option<String>,
    pub district_id: Option<String>,
}

/// One line of a breakdown: a category code, or a district or organization
/// id (`0` for tickets without one), with a count per week.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub key: String,
    /// The district's or organization's name; empty for categories and for `0`.
    pub name: String,
    pub counts: Vec<i64>,
    pub total: i64,
}

/// Tickets registered per week (Mondays, city time) split by `by`; series
/// ordered by their total, largest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Weekly {
    pub by: Breakdown,
    pub district_id: Option<DistrictId>,
    pub weeks: Vec<Date>,
    pub series: Vec<Series>,
    pub totals: Vec<i64>,
}

#[tracing::instrument(skip_all)]
pub async fn weekly(ctx: &Ctx, actor: &Actor, params: &WeeklyParams) -> Result<Weekly, AppError> {
    actor.require(READERS)?;
    let mut errors = FieldErrors::default();
    let from = date(&mut errors, "from", &params.from);
    let to = date(&mut errors, "to", &params.to);
    let by = match present(&params.by) {
        None => Breakdown::Category,
        Some(code) => Breakdown::from_code(code).unwrap_or_else(|| {
            errors.add("by", Problem::UnknownCode);
            Breakdown::Category
        }),
    };
    let requested = id(&mut errors, "district_id", &params.district_id).map(DistrictId);
    errors.into_result()?;
    let district_id = scoped_district(actor, requested)?;
    let to = to.unwrap_or_else(|| domain::calendar::city_date(ctx.now()));
    let from = from.unwrap_or_else(|| season_start(to));
    if from > to {
        return Err(FieldErrors::one("from", Problem::Malformed)
            .into_result()
            .unwrap_err());
    }
    let first = domain::calendar::monday_of(from);
    let last = domain::calendar::monday_of(to);
    // Weeks of a single season at most (a year), so the page stays a chart.
    let weeks: Vec<Date> = first
        .series(jiff::Span::new().days(7))
        .take_while(|d| *d <= last)
        .take(53)
        .collect();
    let end = weeks
        .last()
        .and_then(|d| d.checked_add(jiff::Span::new().days(7)).ok());
    let filter = RollupFilter {
        from: Some(first),
        to: end,
        district_id,
        ..RollupFilter::default()
    };
    let mut conn = ctx.db.read().await.map_err(internal("reading stats"))?;
    let sums = store::rollup::sum(&mut conn, &filter, by.group(), true, false)
        .await
        .map_err(internal("reading stats"))?;
    let names = names(&mut conn, by).await?;
    let index: HashMap<Date, usize> = weeks.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    let mut lines: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    let mut totals = vec![0; weeks.len()];
    for s in sums {
        let Some(day) = s.day else { continue };
        let Some(&i) = index.get(&domain::calendar::monday_of(day)) else {
            continue;
        };
        lines.entry(s.key).or_insert_with(|| vec![0; weeks.len()])[i] += s.tickets;
        totals[i] += s.tickets;
    }
    let mut series: Vec<Series> = lines
        .into_iter()
        .map(|(key, counts)| Series {
            name: names.get(&key).cloned().unwrap_or_default(),
            total: counts.iter().sum(),
            key,
            counts,
        })
        .collect();
    series.sort_by(|a, b| b.total.cmp(&a.total).then(a.key.cmp(&b.key)));
    Ok(Weekly {
        by,
        district_id,
        weeks,
        series,
        totals,
    })
}

async fn names(
    conn: &mut AnyConnection,
    by: Breakdown,
) -> Result<HashMap<String, String>, AppError> {
    Ok(match by {
        Breakdown::Category => HashMap::new(),
        Breakdown::District => store::district::list(conn)
            .await
            .map_err(internal("reading districts"))?
            .into_iter()
            .map(|d| (d.id.0.to_string(), d.name))
            .collect(),
        Breakdown::Organization => store::organization::list(conn, None)
            .await
            .map_err(internal("reading organizations"))?
            .into_iter()
            .map(|o| (o.id.0.to_string(), o.name))
            .collect(),
    })
}

/// One organization's closed tickets and how many were closed by the deadline.
#[derive(Debug, Clone, PartialEq)]
pub struct Deadlines {
    pub organization_id: i64,
    pub name: String,
    pub closed: i64,
    pub on_time: i64,
}

impl Deadlines {
    pub fn share_on_time(&self) -> Option<f64> {
        domain::stats::share(self.on_time, self.closed)
    }
}

/// Deadlines met by organization over the season up to `date` (tickets
/// registered in it and closed since), most closed first.
#[tracing::instrument(skip_all)]
pub async fn deadlines(
    ctx: &Ctx,
    actor: &Actor,
    params: &SummaryParams,
) -> Result<Vec<Deadlines>, AppError> {
    actor.require(READERS)?;
    let mut errors = FieldErrors::default();
    let day = date(&mut errors, "date", &params.date);
    let requested = id(&mut errors, "district_id", &params.district_id).map(DistrictId);
    errors.into_result()?;
    let district_id = scoped_district(actor, requested)?;
    let day = day.unwrap_or_else(|| domain::calendar::city_date(ctx.now()));
    let filter = RollupFilter {
        from: Some(season_start(day)),
        to: day.tomorrow().ok(),
        district_id,
        status: Some(TicketStatus::Closed),
        ..RollupFilter::default()
    };
    let mut conn = ctx.db.read().await.map_err(internal("reading stats"))?;
    let sums = store::rollup::sum(&mut conn, &filter, Group::Organization, false, true)
        .await
        .map_err(internal("reading stats"))?;
    let names = names(&mut conn, Breakdown::Organization).await?;
    let mut by_org: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
    for s in sums {
        let id = s.key.parse().unwrap_or(0);
        let entry = by_org.entry(id).or_default();
        entry.0 += s.tickets;
        if !s.closed_late {
            entry.1 += s.tickets;
        }
    }
    let mut list: Vec<Deadlines> = by_org
        .into_iter()
        .filter(|(id, _)| *id != 0)
        .map(|(id, (closed, on_time))| Deadlines {
            organization_id: id,
            name: names.get(&id.to_string()).cloned().unwrap_or_default(),
            closed,
            on_time,
        })
        .collect();
    list.sort_by(|a, b| b.closed.cmp(&a.closed).then(a.name.cmp(&b.name)));
    Ok(list)
}
