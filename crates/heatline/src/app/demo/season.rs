//! The demo season: tickets from 1 October to now, shaped like the seed's report
//! (≈3,500 a week in early October falling to ≈800, ≈480 billing requests), with
//! lifecycles that match their age.

use std::collections::HashMap;

use domain::building::Building;
use domain::category::Category;
use domain::district::DistrictId;
use domain::event::EventKind;
use domain::organization::OrganizationId;
use domain::phone::Phone;
use domain::ticket::{Channel, NewTicket, Ticket};
use jiff::civil::{Date, Weekday};
use jiff::{SignedDuration, Timestamp};
use rand::Rng;
use rand::rngs::StdRng;

use crate::app::demo::text;
use crate::app::ticket::{Registration, actor_event, register_in_tx, save_change};
use crate::app::{Actor, AppError, Ctx, internal};

/// Who acts in the demo's events.
pub(super) struct Actors {
    pub operator: Actor,
    pub organizations: HashMap<OrganizationId, Actor>,
    pub districts: HashMap<DistrictId, Actor>,
}

/// Calls expected on a day of the season: a plateau while heating is switched on,
/// then an exponential fall (the seed's "fell four times in a month").
pub(crate) fn daily_volume(day: i64, weekday: Weekday) -> f64 {
    let base = if day <= 11 {
        500.0
    } else {
        500.0 * (-(day - 11) as f64 / 25.5).exp()
    };
    let weekday_factor = match weekday {
        Weekday::Monday => 1.18,
        Weekday::Tuesday | Weekday::Wednesday => 1.06,
        Weekday::Thursday | Weekday::Friday => 1.0,
        Weekday::Saturday => 0.86,
        Weekday::Sunday => 0.78,
    };
    base.max(60.0) * weekday_factor
}

/// Category mix: no heat dominates the start; billing calls come after bills go
/// out in the first days of November (≈480 in all, as in the seed).
pub(crate) fn category(rng: &mut StdRng, day: i64, date: Date) -> Category {
    let billing = if date.day() <= 12 && day > 20 {
        0.12
    } else {
        0.014
    };
    let early = day < 14;
    let shares = [
        (Category::Billing, billing),
        (Category::NoHeat, if early { 0.48 } else { 0.36 }),
        (Category::AirLock, if early { 0.17 } else { 0.19 }),
        (Category::Overheating, if early { 0.05 } else { 0.09 }),
        (Category::Leak, if early { 0.07 } else { 0.08 }),
        (Category::HotWater, if early { 0.11 } else { 0.13 }),
    ];
    let mut x: f64 = rng.random();
    for (category, share) in shares {
        if x < share {
            return category;
        }
        x -= share;
    }
    Category::Other
}

/// Hours of the day residents call, by weight.
const HOURS: [(i8, u32); 16] = [
    (7, 3),
    (8, 7),
    (9, 10),
    (10, 10),
    (11, 9),
    (12, 8),
    (13, 7),
    (14, 7),
    (15, 6),
    (16, 6),
    (17, 7),
    (18, 8),
    (19, 8),
    (20, 6),
    (21, 4),
    (22, 2),
];

pub(crate) fn hour(rng: &mut StdRng) -> i8 {
    let total: u32 = HOURS.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total);
    for (h, w) in HOURS {
        if x < w {
            return h;
        }
        x -= w;
    }
    12
}

pub(super) struct Season<'a> {
    pub ctx: &'a Ctx,
    pub rng: StdRng,
    pub buildings: Vec<Building>,
    pub actors: Actors,
    pub start: Date,
    pub now: Timestamp,
    /// Callers who call again: (phone, building index).
    pub regulars: Vec<(String, usize)>,
}

impl Season<'_> {
    /// Writes the whole season, a transaction per day; returns the tickets written.
    pub async fn write(&mut self) -> Result<u64, AppError> {
        let today = domain::calendar::city_date(self.now);
        let mut written = 0;
        let mut date = self.start;
        while date <= today {
            let day = (date - self.start).get_days() as i64;
            let n = (daily_volume(day, date.weekday()) * self.rng.random_range(0.92..1.08)).round()
                as usize;
            let mut tx = self
                .ctx
                .db
                .begin_write()
                .await
                .map_err(internal("seeding demo"))?;
            for _ in 0..n {
                let minute = self.rng.random_range(0..60);
                let local = date.at(hour(&mut self.rng), minute, self.rng.random_range(0..60), 0);
                let created_at = domain::calendar::city_instant(local);
                if created_at > self.now {
                    continue;
                }
                self.ticket(&mut tx, day, date, created_at).await?;
                written += 1;
            }
            tx.commit().await.map_err(internal("seeding demo"))?;
            date = date.tomorrow().map_err(|e| AppError::Internal(e.into()))?;
        }
        Ok(written)
    }

    async fn ticket(
        &mut self,
        tx: &mut store::db::WriteTx,
        day: i64,
        date: Date,
        created_at: Timestamp,
    ) -> Result<(), AppError> {
        let category = category(&mut self.rng, day, date);
        let (phone, building) = self.caller();
        let facts = NewTicket {
            category,
            channel: if self.rng.random_bool(0.08) {
                Channel::Web
            } else {
                Channel::Phone
            },
            phone: Phone::parse(&phone)
                .map_err(|e| AppError::Internal(anyhow::anyhow!("demo phone {phone}: {e}")))?,
            resident_name: self
                .rng
                .random_bool(0.7)
                .then(|| text::resident_name(&mut self.rng)),
            address: Some(match building {
                Some(b) => self.buildings[b].address.clone(),
                None => "ул. Садовая-Кудринская, 7".to_string(),
            }),
            building_id: building.map(|b| self.buildings[b].id),
            apartment: building.map(|_| self.rng.random_range(1..180).to_string()),
            entrance: None,
            description: text::description(&mut self.rng, category),
        };
        let registration = Registration {
            facts,
            category_suggested: false,
            actor: Some(&self.actors.operator),
            at: created_at,
        };
        let ticket = register_in_tx(self.ctx, tx, registration).await?;
        let routed = ticket.district_id().is_some();
        if let Some(step) = self.lifecycle(created_at, ticket.due_at(), routed) {
            self.advance(tx, ticket, step).await?;
        }
        Ok(())
    }

    /// A caller: often a regular from their own building, else someone new.
    fn caller(&mut self) -> (String, Option<usize>) {
        if self.rng.random_bool(0.18) && !self.regulars.is_empty() {
            let (phone, building) = &self.regulars[self.rng.random_range(0..self.regulars.len())];
            return (phone.clone(), Some(*building));
        }
        let phone = text::phone(&mut self.rng);
        if self.rng.random_bool(0.003) {
            return (phone, None);
        }
        // A tenth of the buildings — the problem ones — draw a third of the calls.
        let n = self.buildings.len();
        let building = if self.rng.random_bool(0.33) {
            self.rng.random_range(0..n / 10)
        } else {
            self.rng.random_range(0..n)
        };
        if self.regulars.len() < 900 && self.rng.random_bool(0.1) {
            self.regulars.push((phone.clone(), building));
        }
        (phone, Some(building))
    }

    fn lifecycle(
        &mut self,
        created_at: Timestamp,
        due_at: Option<Timestamp>,
        routed: bool,
    ) -> Option<Step> {
        if !routed {
            return None;
        }
        let due = due_at?;
        let allowed = due.duration_since(created_at).as_secs_f64().max(3600.0);
        let age = self.now.duration_since(created_at).as_secs_f64();
        // Most close within the deadline, some late, a few stay open past it.
        let close_after = allowed * self.rng.random_range(0.15..1.25);
        let started_after = close_after * self.rng.random_range(0.05..0.4);
        if close_after <= age && !(due < self.now && self.rng.random_bool(0.015)) {
            return Some(Step {
                started_at: created_at + secs(started_after),
                closed_at: Some(created_at + secs(close_after)),
            });
        }
        if started_after <= age {
            return Some(Step {
                started_at: created_at + secs(started_after),
                closed_at: None,
            });
        }
        None
    }

    async fn advance(
        &mut self,
        tx: &mut store::db::WriteTx,
        mut ticket: Ticket,
        step: Step,
    ) -> Result<(), AppError> {
        let actor = match ticket.organization_id() {
            Some(org) => {
                let actor = self.actors.organizations.get(&org);
                let version = ticket.version();
                ticket.start().map_err(AppError::from)?;
                let mut started = actor_event(actor, EventKind::Started, step.started_at);
                started.before = Some("assigned".into());
                started.after = Some("in_progress".into());
                save_change(tx, &ticket, version, &started).await?;
                actor
            }
            // The district HQ answers what no organization owns.
            None => ticket
                .district_id()
                .and_then(|d| self.actors.districts.get(&d)),
        };
        if let Some(closed_at) = step.closed_at {
            let before = ticket.status().as_code();
            let version = ticket.version();
            let (resolution, text) = text::resolution(&mut self.rng, ticket.category);
            ticket
                .close(resolution, Some(text.to_string()), closed_at)
                .map_err(AppError::from)?;
            let mut closed = actor_event(actor, EventKind::Closed, closed_at);
            closed.before = Some(before.into());
            closed.after = Some("closed".into());
            closed.comment = Some(text.into());
            save_change(tx, &ticket, version, &closed).await?;
        }
        Ok(())
    }
}

struct Step {
    started_at: Timestamp,
    closed_at: Option<Timestamp>,
}

fn secs(s: f64) -> SignedDuration {
    SignedDuration::from_secs_f64(s)
}
