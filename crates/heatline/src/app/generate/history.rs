//! One generated ticket at a time: who calls, from which building, about what,
//! and how far its lifecycle got by now, as stored rows and events.

use std::collections::HashMap;

use domain::building::Building;
use domain::category::Category;
use domain::district::DistrictId;
use domain::event::EventKind;
use domain::organization::OrganizationId;
use domain::phone::Phone;
use domain::ticket::{Channel, NewTicket, TicketNumber, TicketStatus};
use domain::user::{Role, Scope};
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use rand::Rng;
use rand::rngs::StdRng;
use store::bulk::{EventRow, TicketRow};

use crate::app::demo::{season, text};
use crate::app::{AppError, Ctx, internal, registry, routing};

/// A day of the plan and how many tickets it gets.
pub(super) struct Day {
    pub date: Date,
    /// Days since the start of its heating season (the curve's x).
    pub season_day: i64,
    pub tickets: u64,
}

/// Spreads `n` tickets over the last full heating season (1 October to 31
/// March) and the current one up to today, by the season's daily curve.
pub(super) fn plan(n: u64, now: Timestamp) -> Vec<Day> {
    let today = domain::calendar::city_date(now);
    let current = crate::app::demo::season_start(now);
    let previous = Date::new(current.year() - 1, 10, 1).expect("1 October exists");
    let end_of_previous = Date::new(current.year(), 3, 31).expect("31 March exists");
    let mut days: Vec<(Date, i64, f64)> = Vec::new();
    for (start, end) in [(previous, end_of_previous), (current, today)] {
        let mut date = start;
        while date <= end {
            let day = (date - start).get_days() as i64;
            days.push((date, day, weight(day, date)));
            date = date.tomorrow().expect("the season ends before 9999");
        }
    }
    let total: f64 = days.iter().map(|(_, _, w)| w).sum();
    // Cumulative rounding: the days add up to exactly `n`.
    let mut cumulative = 0.0;
    let mut assigned = 0u64;
    days.into_iter()
        .map(|(date, season_day, w)| {
            cumulative += w;
            let upto = (n as f64 * cumulative / total).round() as u64;
            let tickets = upto - assigned;
            assigned = upto;
            Day {
                date,
                season_day,
                tickets,
            }
        })
        .collect()
}

/// The demo's curve (a plateau while heating is switched on, then a fall) with
/// a second wave in the January frosts.
fn weight(day: i64, date: Date) -> f64 {
    let frost = ((day - 105) as f64 / 14.0).powi(2);
    season::daily_volume(day, date.weekday()) + 180.0 * (-frost).exp()
}

/// Rows waiting for the next transaction.
#[derive(Default)]
pub(super) struct Batch {
    pub tickets: Vec<TicketRow>,
    pub events: Vec<EventRow>,
}

/// Who acts in generated events (users of the database, if it has them).
#[derive(Default)]
struct Actors {
    operators: Vec<i64>,
    controller: Option<i64>,
    organizations: HashMap<OrganizationId, i64>,
    districts: HashMap<DistrictId, i64>,
}

/// The registry and the state carried from one ticket to the next.
pub(super) struct History {
    ctx: Ctx,
    now: Timestamp,
    buildings: Vec<Building>,
    actors: Actors,
    /// The next number of each year, from the reserved blocks.
    pub next_seq: HashMap<i16, i64>,
    /// Callers who call again: (phone, building index).
    regulars: Vec<(String, usize)>,
    /// Search words per (description, address): stemming each ticket anew
    /// would cost more than writing it.
    search: HashMap<(String, String), String>,
}

impl History {
    pub async fn load(ctx: &Ctx, now: Timestamp) -> Result<History, AppError> {
        let mut conn = ctx.db.read().await.map_err(internal("loading registry"))?;
        let mut buildings = Vec::new();
        for (id, _) in store::building::list_addresses(&mut conn)
            .await
            .map_err(internal("loading registry"))?
        {
            buildings.push(
                store::building::get(&mut conn, id)
                    .await
                    .map_err(internal("loading registry"))?,
            );
        }
        if buildings.is_empty() {
            return Err(AppError::Internal(anyhow::anyhow!(
                "the registry has no buildings"
            )));
        }
        let mut actors = Actors::default();
        for user in store::user::list(&mut conn)
            .await
            .map_err(internal("loading users"))?
        {
            match (user.role, user.scope) {
                (Role::Operator, _) => actors.operators.push(user.id.0),
                (Role::Controller, _) => actors.controller = Some(user.id.0),
                (Role::Organization, Scope::Organization(org)) => {
                    actors.organizations.insert(org, user.id.0);
                }
                (Role::DistrictHq, Scope::District(d)) => {
                    actors.districts.insert(d, user.id.0);
                }
                _ => {}
            }
        }
        Ok(History {
            ctx: ctx.clone(),
            now,
            buildings,
            actors,
            next_seq: HashMap::new(),
            regulars: Vec::new(),
            search: HashMap::new(),
        })
    }

    /// Adds one ticket of `day` and its events to the batch.
    pub fn ticket(&mut self, rng: &mut StdRng, day: &Day, batch: &mut Batch) {
        let created_at = self.instant(rng, day.date);
        let category = season::category(rng, day.season_day, day.date);
        let (phone, building) = self.caller(rng);
        let building = building.map(|b| &self.buildings[b]);
        let facts = NewTicket {
            category,
            channel: channel(rng),
            phone: Phone::parse(&phone).expect("generated phones are valid"),
            resident_name: rng.random_bool(0.7).then(|| text::resident_name(rng)),
            address: Some(match building {
                Some(b) => b.address.clone(),
                None => "ул. Садовая-Кудринская, 7".to_string(),
            }),
            building_id: building.map(|b| b.id),
            apartment: building.map(|b| {
                rng.random_range(1..=b.apartments.unwrap_or(120).max(1))
                    .to_string()
            }),
            entrance: rng
                .random_bool(0.25)
                .then(|| rng.random_range(1..7).to_string()),
            description: text::description(rng, category),
        };
        let assignment = routing::route(&self.ctx, category, building, created_at);
        let initial = NewTicket::initial_status(&assignment);
        let year = day.date.year();
        let seq = self.next_seq.entry(year).or_insert(1);
        let number = TicketNumber::new(year, *seq);
        *seq += 1;
        let index = batch.tickets.len();
        let registered_by = match facts.channel {
            Channel::Phone | Channel::Reception => self.operator(rng),
            _ => None,
        };
        batch.events.push(EventRow {
            ticket: index,
            at: created_at.as_millisecond(),
            actor_user_id: registered_by,
            kind: EventKind::Registered.as_code(),
            before_value: None,
            after_value: Some(initial.as_code()),
            comment: None,
        });
        let mut row = TicketRow {
            number,
            status: initial.as_code(),
            category: category.as_code(),
            channel: facts.channel.as_code(),
            phone: facts.phone.as_str().to_string(),
            resident_name: facts.resident_name.clone(),
            address: facts.address.clone(),
            building_id: facts.building_id.map(|b| b.0),
            apartment: facts.apartment.clone(),
            entrance: facts.entrance.clone(),
            search_text: search_text(&mut self.search, &facts),
            description: facts.description,
            district_id: assignment.district_id.map(|d| d.0),
            organization_id: assignment.organization_id.map(|o| o.0),
            due_at: assignment.due_at.map(|d| d.as_millisecond()),
            created_at: created_at.as_millisecond(),
            updated_at: created_at.as_millisecond(),
            closed_at: None,
            resolution: None,
            resolution_text: None,
            address_unresolved_at: building.is_none().then_some(created_at.as_millisecond()),
            version: 1,
        };
        let worker = match assignment.organization_id {
            Some(org) => self.actors.organizations.get(&org).copied(),
            None => assignment
                .district_id
                .and_then(|d| self.actors.districts.get(&d).copied()),
        };
        let mut life = Life {
            row: &mut row,
            events: &mut batch.events,
            index,
            worker,
        };
        if assignment.district_id.is_some() {
            self.advance(rng, &mut life, created_at, assignment.due_at);
        }
        batch.tickets.push(row);
    }

    /// A moment of the day when residents call; today's never after now.
    fn instant(&self, rng: &mut StdRng, date: Date) -> Timestamp {
        let local = date.at(
            season::hour(rng),
            rng.random_range(0..60),
            rng.random_range(0..60),
            0,
        );
        let at = domain::calendar::city_instant(local);
        if at > self.now {
            self.now - SignedDuration::from_secs(rng.random_range(1..3600))
        } else {
            at
        }
    }

    /// A caller: often a regular from their own building, else someone new;
    /// a tenth of the buildings (the problem ones) draw a third of the calls.
    fn caller(&mut self, rng: &mut StdRng) -> (String, Option<usize>) {
        if rng.random_bool(0.18) && !self.regulars.is_empty() {
            let (phone, building) = &self.regulars[rng.random_range(0..self.regulars.len())];
            return (phone.clone(), Some(*building));
        }
        let phone = text::phone(rng);
        if rng.random_bool(0.003) {
            return (phone, None);
        }
        let n = self.buildings.len();
        let building = if rng.random_bool(0.33) {
            rng.random_range(0..(n / 10).max(1))
        } else {
            rng.random_range(0..n)
        };
        if self.regulars.len() < 20_000 && rng.random_bool(0.1) {
            self.regulars.push((phone.clone(), building));
        }
        (phone, Some(building))
    }

    fn operator(&self, rng: &mut StdRng) -> Option<i64> {
        if self.actors.operators.is_empty() {
            None
        } else {
            Some(self.actors.operators[rng.random_range(0..self.actors.operators.len())])
        }
    }

    /// Moves a routed ticket as far as its age allows: most are started and
    /// closed within the deadline, some late, a few stay open past it, and
    /// some closed ones were reopened after the quality callback.
    fn advance(
        &self,
        rng: &mut StdRng,
        life: &mut Life<'_>,
        created_at: Timestamp,
        due_at: Option<Timestamp>,
    ) {
        let Some(due) = due_at else { return };
        let allowed = due.duration_since(created_at).as_secs_f64().max(3600.0);
        let close_after = allowed * rng.random_range(0.15..1.25);
        let started_after = close_after * rng.random_range(0.05..0.4);
        let age = self.now.duration_since(created_at).as_secs_f64();
        let stays_open = due < self.now && rng.random_bool(0.015);
        if started_after > age {
            return;
        }
        life.start(created_at + secs(started_after));
        if close_after > age || stays_open {
            return;
        }
        let closed_at = created_at + secs(close_after);
        life.close(rng, closed_at);
        let reopened_at = closed_at + secs(rng.random_range(86_400.0..3.0 * 86_400.0));
        if reopened_at > self.now || !rng.random_bool(0.03) {
            return;
        }
        life.reopen(reopened_at, self.actors.controller);
        let restarted_at = reopened_at + secs(rng.random_range(3_600.0..86_400.0));
        let reclosed_at = restarted_at + secs(rng.random_range(3_600.0..2.0 * 86_400.0));
        if restarted_at <= self.now {
            life.start(restarted_at);
            if reclosed_at <= self.now {
                life.close(rng, reclosed_at);
            }
        }
    }
}

/// A ticket's row and events while its lifecycle is written.
struct Life<'a> {
    row: &'a mut TicketRow,
    events: &'a mut Vec<EventRow>,
    index: usize,
    worker: Option<i64>,
}

impl Life<'_> {
    fn change(
        &mut self,
        kind: EventKind,
        to: TicketStatus,
        at: Timestamp,
        actor: Option<i64>,
        comment: Option<String>,
    ) {
        self.events.push(EventRow {
            ticket: self.index,
            at: at.as_millisecond(),
            actor_user_id: actor,
            kind: kind.as_code(),
            before_value: Some(self.row.status),
            after_value: Some(to.as_code()),
            comment,
        });
        self.row.status = to.as_code();
        self.row.version += 1;
        self.row.updated_at = at.as_millisecond();
    }

    /// Only a ticket with an organization is started; the district HQ answers
    /// the others directly.
    fn start(&mut self, at: Timestamp) {
        if self.row.organization_id.is_some() {
            self.change(
                EventKind::Started,
                TicketStatus::InProgress,
                at,
                self.worker,
                None,
            );
        }
    }

    fn close(&mut self, rng: &mut StdRng, at: Timestamp) {
        let category = Category::from_code(self.row.category).expect("generated category");
        let (resolution, text) = text::resolution(rng, category);
        self.change(
            EventKind::Closed,
            TicketStatus::Closed,
            at,
            self.worker,
            Some(text.to_string()),
        );
        self.row.closed_at = Some(at.as_millisecond());
        self.row.resolution = Some(resolution.as_code());
        self.row.resolution_text = Some(text.to_string());
    }

    /// Back for more work after a «not solved» callback, with three more days.
    fn reopen(&mut self, at: Timestamp, controller: Option<i64>) {
        self.change(
            EventKind::Reopened,
            TicketStatus::Reopened,
            at,
            controller,
            None,
        );
        self.row.closed_at = None;
        self.row.resolution = None;
        self.row.resolution_text = None;
        self.row.due_at = Some((at + secs(3.0 * 86_400.0)).as_millisecond());
    }
}

/// Search words of a ticket, stemmed once per description and address.
fn search_text(cache: &mut HashMap<(String, String), String>, facts: &NewTicket) -> String {
    let key = (
        facts.description.clone(),
        facts.address.clone().unwrap_or_default(),
    );
    cache
        .entry(key)
        .or_insert_with(|| registry::search_text(facts))
        .clone()
}

/// How the call came in: mostly the phone line.
fn channel(rng: &mut StdRng) -> Channel {
    match rng.random_range(0..100) {
        0..84 => Channel::Phone,
        84..93 => Channel::Web,
        93..98 => Channel::Open311,
        _ => Channel::Reception,
    }
}

fn secs(s: f64) -> SignedDuration {
    SignedDuration::from_secs_f64(s)
}
