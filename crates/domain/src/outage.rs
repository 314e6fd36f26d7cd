//! Outages (аварии, отключения): a known interruption of heat supply to a set of
//! buildings, registered by a district HQ or a heat supplier. While open, calls
//! from its buildings link to it; closing it restores supply.
//!
//! This module decides who may put which building into an outage, which tickets
//! an outage answers, and clocks each building's interruptions against the
//! limits of ПП 354 Прил.1 п.14 (see `heating_interruption`). It stores nothing
//! and knows no tickets beyond their category.

use jiff::Timestamp;
use jiff::civil::Date;

use crate::building::{Building, BuildingId};
use crate::calendar;
use crate::category::Category;
use crate::district::DistrictId;
use crate::heating_interruption::{IndoorBand, Interruption, InterruptionError, assess_month};
use crate::organization::OrganizationId;
use crate::user::{Scope, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OutageId(pub i64);

/// Open until supply is restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutageStatus {
    Open,
    Closed,
}

impl OutageStatus {
    pub const ALL: [OutageStatus; 2] = [OutageStatus::Open, OutageStatus::Closed];

    pub fn as_code(self) -> &'static str {
        match self {
            OutageStatus::Open => "open",
            OutageStatus::Closed => "closed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "open" => Some(OutageStatus::Open),
            "closed" => Some(OutageStatus::Closed),
            _ => None,
        }
    }
}

/// A registered outage.
#[derive(Debug, Clone, PartialEq)]
pub struct Outage {
    pub id: OutageId,
    /// The district when all its buildings are in one.
    pub district_id: Option<DistrictId>,
    /// The heat supplier when all its buildings have the same one.
    pub organization_id: Option<OrganizationId>,
    pub reason: String,
    pub starts_at: Timestamp,
    pub expected_end_at: Timestamp,
    /// When supply was restored; `None` while open.
    pub ended_at: Option<Timestamp>,
    /// The lowest indoor temperature recorded, °C.
    pub indoor_temperature: Option<f64>,
    pub created_by: UserId,
    pub created_at: Timestamp,
    pub close_comment: Option<String>,
}

impl Outage {
    pub fn status(&self) -> OutageStatus {
        if self.ended_at.is_some() {
            OutageStatus::Closed
        } else {
            OutageStatus::Open
        }
    }

    /// The band that sets the single limit: from the recorded indoor
    /// temperature, else +12 °C or warmer (16 h), the law's mildest case.
    pub fn band(&self) -> IndoorBand {
        self.indoor_temperature
            .and_then(IndoorBand::from_indoor_temperature)
            .unwrap_or(IndoorBand::AtLeast12)
    }

    /// The outage as an interruption of each of its buildings.
    pub fn interruption(&self) -> Interruption {
        Interruption {
            start: self.starts_at,
            end: self.ended_at,
            band: self.band(),
        }
    }

    /// Open and already started at `at`: new calls from its buildings link to it.
    pub fn links_at(&self, at: Timestamp) -> bool {
        self.ended_at.is_none() && self.starts_at <= at
    }
}

/// Tickets an outage answers: no heat and no hot water. A leak or a bill during
/// an outage is a problem of its own and must not be closed as restored.
pub fn answers_category(category: Category) -> bool {
    match category {
        Category::NoHeat | Category::HotWater => true,
        Category::AirLock
        | Category::Overheating
        | Category::Billing
        | Category::Leak
        | Category::Other => false,
    }
}

/// Whether an actor of `scope` may put `building` into an outage: a district HQ
/// its district's buildings, a heat supplier the buildings it supplies, the
/// city everything.
pub fn may_include(scope: Scope, building: &Building) -> bool {
    match scope {
        Scope::City => true,
        Scope::District(d) => building.district_id == d,
        Scope::Organization(o) => building.heat_supplier_id == o,
    }
}

/// The district and heat supplier shared by all `buildings`, if any.
pub fn owners(buildings: &[Building]) -> (Option<DistrictId>, Option<OrganizationId>) {
    let first = match buildings.first() {
        Some(b) => b,
        None => return (None, None),
    };
    let district = buildings
        .iter()
        .all(|b| b.district_id == first.district_id)
        .then_some(first.district_id);
    let supplier = buildings
        .iter()
        .all(|b| b.heat_supplier_id == first.heat_supplier_id)
        .then_some(first.heat_supplier_id);
    (district, supplier)
}

/// How one outage stands against its single limit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutageClock {
    pub band: IndoorBand,
    pub hours: f64,
    pub limit_hours: f64,
    pub hours_over_limit: f64,
    pub limit_ends_at: Timestamp,
    pub ongoing: bool,
}

pub fn clock(outage: &Outage, now: Timestamp) -> OutageClock {
    let it = outage.interruption();
    OutageClock {
        band: it.band,
        hours: it.hours(now),
        limit_hours: it.band.single_limit_hours(),
        hours_over_limit: it.hours_over_limit(now),
        limit_ends_at: it.limit_ends_at(),
        ongoing: it.end.is_none(),
    }
}

/// Which limit a building's interruption broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BreachKind {
    /// One interruption past 16/8/4 h.
    Single,
    /// A month's interruptions together past 24 h.
    Monthly,
}

impl BreachKind {
    pub fn as_code(self) -> &'static str {
        match self {
            BreachKind::Single => "single",
            BreachKind::Monthly => "monthly",
        }
    }
}

/// A building's breach of an interruption limit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Breach {
    pub building_id: BuildingId,
    pub kind: BreachKind,
    /// The month, for a monthly breach.
    pub month: Option<Date>,
    pub hours: f64,
    pub limit_hours: f64,
    pub hours_over: f64,
}

/// The breaches an outage takes part in: every building past the single limit,
/// and every building whose interruptions (this outage and others, from
/// `history`) exceed 24 h in a month the outage touches. Overlapping
/// interruptions of one building count once, at the colder band.
pub fn breaches(
    outage: &Outage,
    buildings: &[BuildingId],
    history: &[(BuildingId, Interruption)],
    now: Timestamp,
) -> Result<Vec<Breach>, InterruptionError> {
    let mut out = Vec::new();
    let own = clock(outage, now);
    if own.hours_over_limit > 0.0 {
        out.extend(buildings.iter().map(|b| Breach {
            building_id: *b,
            kind: BreachKind::Single,
            month: None,
            hours: own.hours,
            limit_hours: own.limit_hours,
            hours_over: own.hours_over_limit,
        }));
    }
    let months = months_between(outage.starts_at, outage.interruption().end_or(now));
    for building in buildings {
        let mut mine: Vec<Interruption> = history
            .iter()
            .filter(|(b, _)| b == building)
            .map(|(_, it)| *it)
            .collect();
        mine.push(outage.interruption());
        let merged = merge(mine, now);
        for month in &months {
            let assessed = assess_month(*month, &merged, now)?;
            if assessed.hours_over_monthly_limit > 0.0 {
                out.push(Breach {
                    building_id: *building,
                    kind: BreachKind::Monthly,
                    month: Some(*month),
                    hours: assessed.total_hours,
                    limit_hours: crate::heating_interruption::MONTHLY_LIMIT_HOURS,
                    hours_over: assessed.hours_over_monthly_limit,
                });
            }
        }
    }
    Ok(out)
}

/// Joins overlapping interruptions (two outages registered for one building at
/// once) into one, ongoing if either is, at the colder band. Exact duplicates
/// (the outage itself also found in the history) collapse too.
pub fn merge(mut interruptions: Vec<Interruption>, now: Timestamp) -> Vec<Interruption> {
    interruptions.sort_by_key(|it| it.start);
    let mut out: Vec<Interruption> = Vec::with_capacity(interruptions.len());
    for it in interruptions {
        match out.last_mut() {
            Some(last) if it.start < last.end_or(now) || it.start == last.start => {
                last.end = match (last.end, it.end) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
                if it.band.single_limit_hours() < last.band.single_limit_hours() {
                    last.band = it.band;
                }
            }
            _ => out.push(it),
        }
    }
    out
}

/// The first days of the city months from `start` to `end`, inclusive.
fn months_between(start: Timestamp, end: Timestamp) -> Vec<Date> {
    let mut month = calendar::city_date(start).first_of_month();
    let last = calendar::city_date(end.max(start)).first_of_month();
    let mut out = vec![month];
    while month < last {
        month = month
            .last_of_month()
            .tomorrow()
            .expect("months in the supported range have a next day");
        out.push(month);
    }
    out
}

#[cfg(test)]
mod tests;
