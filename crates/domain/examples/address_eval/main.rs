//! Evaluates address resolution on real registries.
//!
//! The registry is the 8,558 distinct non-empty St Petersburg addresses of the
//! city portal's appeals (`../shared/data/ru-appeals-spb/appeals.csv`). Queries
//! are generated from each address the way callers and operators type them
//! (abbreviated or dropped type words, reordered words, dropped литера, typos,
//! `ё` → `е`, lowercase, apartments), with a fixed-seed generator so runs compare.
//! Then the Ufa addresses (`../shared/data/ufa/addresses.csv`) must all resolve
//! from their own typed forms.
//!
//! Run from the repository root: `cargo run -p domain --release --example address_eval`;
//! add `-- --misses` to list every query not auto-picked right.

use std::collections::{BTreeSet, HashMap};
use std::error::Error;
use std::time::{Duration, Instant};

use domain::address::matcher::{AUTO_PICK_CONFIDENCE, AUTO_PICK_MARGIN, AddressIndex, auto_pick};
use domain::address::{HouseNumber, ParsedAddress, parse, parse_registry};
use domain::building::BuildingId;

use crate::queries::{Mistakes, Rng, caller_form, made_up_street};

mod queries;

const SPB_APPEALS: &str = "../shared/data/ru-appeals-spb/appeals.csv";
const UFA_ADDRESSES: &str = "../shared/data/ufa/addresses.csv";
const QUERIES_PER_BUILDING: usize = 4;
const LIMIT: usize = 5;

fn main() -> Result<(), Box<dyn Error>> {
    println!("auto-pick: confidence >= {AUTO_PICK_CONFIDENCE}, margin >= {AUTO_PICK_MARGIN}\n");
    let registry = spb_registry()?;
    let started = Instant::now();
    let index = AddressIndex::new(registry.iter().cloned());
    println!(
        "St Petersburg registry: {} addresses, {} indexed, {} unreadable, built in {:.1} ms",
        registry.len(),
        index.len(),
        index.unindexed().len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    let ambiguity = Ambiguity::of(&registry);
    println!(
        "  sharing street and house with another town or street type: {}; told apart only by литера: {}",
        ambiguity.twins.len(),
        ambiguity.liter_siblings.len()
    );

    let mut rng = Rng(0x5eed_2024);
    for (title, mistakes) in [
        ("generated caller queries", Mistakes::Usual),
        (
            "harder queries (two typos, or a name word left out)",
            Mistakes::Hard,
        ),
    ] {
        let mut queries = Vec::new();
        for (id, address) in &registry {
            let parsed = parse_registry(address);
            if parsed.house().is_none() || parsed.street().is_empty() {
                continue;
            }
            for _ in 0..QUERIES_PER_BUILDING {
                queries.push((*id, caller_form(&parsed, mistakes, &mut rng)));
            }
        }
        evaluate(&index, &queries, &ambiguity).print(title);
    }

    negative_queries(&index, &registry, &mut rng);
    ufa()?;
    Ok(())
}

/// The distinct St Petersburg addresses, in a stable order, numbered from 1.
fn spb_registry() -> Result<Vec<(BuildingId, String)>, Box<dyn Error>> {
    let mut reader = csv::Reader::from_path(SPB_APPEALS)?;
    let column = reader
        .headers()?
        .iter()
        .position(|name| name == "address")
        .ok_or("no address column")?;
    let mut addresses = BTreeSet::new();
    for record in reader.records() {
        let record = record?;
        let address = record.get(column).unwrap_or("").trim();
        if !address.is_empty() {
            addresses.insert(address.to_string());
        }
    }
    Ok(addresses
        .into_iter()
        .enumerate()
        .map(|(idx, address)| (BuildingId(idx as i64 + 1), address))
        .collect())
}

/// Registry buildings a query cannot single out: `twins` share street and house
/// with a building of another town or street type (a query without them cannot
/// tell them apart); `liter_siblings` differ from another building only in
/// литера, so a query without the литера cannot tell them apart either.
#[derive(Default)]
struct Ambiguity {
    twins: BTreeSet<BuildingId>,
    liter_siblings: BTreeSet<BuildingId>,
}

impl Ambiguity {
    fn of(registry: &[(BuildingId, String)]) -> Self {
        let mut by_house: HashMap<String, Vec<BuildingId>> = HashMap::new();
        let mut by_house_but_liter: HashMap<String, Vec<BuildingId>> = HashMap::new();
        for (id, address) in registry {
            let parsed = parse_registry(address);
            let Some(house) = parsed.house() else {
                continue;
            };
            let street = parsed.street();
            let house_key = format!("{street}|{}", house.key());
            by_house.entry(house_key).or_default().push(*id);
            let place = (parsed.street_type(), parsed.locality());
            let but_liter = format!("{street}|{place:?}|{}", key_but_liter(house));
            by_house_but_liter.entry(but_liter).or_default().push(*id);
        }
        let shared = |groups: HashMap<String, Vec<BuildingId>>| {
            let groups = groups.into_values().filter(|ids| ids.len() > 1);
            groups.flatten().collect()
        };
        Ambiguity {
            twins: shared(by_house),
            liter_siblings: shared(by_house_but_liter),
        }
    }

    /// Whether the query cannot single out `expected` whatever the matcher does.
    fn of_query(&self, expected: BuildingId, query: &str) -> bool {
        let parsed = parse(query);
        let typed_liter = parsed
            .house()
            .is_some_and(|house| house.liter().is_some() || house.letter().is_some());
        self.twins.contains(&expected) || (self.liter_siblings.contains(&expected) && !typed_liter)
    }
}

fn key_but_liter(house: &HouseNumber) -> String {
    let key = house.key();
    let liter = house.liter().map(|liter| format!("л{liter}"));
    match liter.as_deref().and_then(|liter| key.strip_suffix(liter)) {
        Some(rest) => rest.to_string(),
        None => key,
    }
}

#[derive(Default)]
struct Stats {
    queries: usize,
    top_right: usize,
    picked_right: usize,
    picked_wrong: usize,
    not_picked: usize,
    ambiguous: usize,
    picked_right_unambiguous: usize,
    times: Vec<Duration>,
    wrong_examples: Vec<String>,
    misses: Vec<String>,
}

fn evaluate(
    index: &AddressIndex,
    queries: &[(BuildingId, String)],
    ambiguity: &Ambiguity,
) -> Stats {
    let mut stats = Stats::default();
    for (expected, query) in queries {
        let started = Instant::now();
        let candidates = index.resolve(query, LIMIT);
        stats.times.push(started.elapsed());
        stats.queries += 1;
        let ambiguous = ambiguity.of_query(*expected, query);
        stats.ambiguous += usize::from(ambiguous);
        let top_right = candidates
            .first()
            .is_some_and(|top| top.building_id == *expected);
        stats.top_right += usize::from(top_right);
        if (!top_right || auto_pick(&candidates).is_none()) && stats.misses.len() < 5000 {
            let top: Vec<String> = candidates
                .iter()
                .take(2)
                .map(|c| format!("{:?} {:.2}", c.building_id.0, c.confidence))
                .collect();
            stats
                .misses
                .push(format!("{query:?}: expected {}, got {top:?}", expected.0));
        }
        match auto_pick(&candidates) {
            Some(id) if id == *expected => {
                stats.picked_right += 1;
                stats.picked_right_unambiguous += usize::from(!ambiguous);
            }
            Some(id) => {
                stats.picked_wrong += 1;
                if stats.wrong_examples.len() < 15 {
                    stats
                        .wrong_examples
                        .push(format!("{query:?}: expected {expected:?}, picked {id:?}"));
                }
            }
            None => stats.not_picked += 1,
        }
    }
    stats
}

impl Stats {
    fn print(&self, title: &str) {
        let share = |n: usize| 100.0 * n as f64 / self.queries.max(1) as f64;
        println!("\n{title}: {} queries", self.queries);
        println!(
            "  right building as top candidate: {:6.2} %",
            share(self.top_right)
        );
        println!(
            "  auto-picked, right:              {:6.2} %",
            share(self.picked_right)
        );
        println!(
            "  auto-picked, wrong:              {:6.2} %",
            share(self.picked_wrong)
        );
        println!(
            "  not auto-picked:                 {:6.2} %",
            share(self.not_picked)
        );
        let unambiguous = self.queries - self.ambiguous;
        println!(
            "  ambiguous by construction (a литера that tells buildings apart dropped, or the same street and house in another town): {:.2} %",
            share(self.ambiguous)
        );
        println!(
            "  auto-picked right among the other queries: {:.2} %",
            100.0 * self.picked_right_unambiguous as f64 / unambiguous.max(1) as f64
        );
        let mut times = self.times.clone();
        times.sort();
        if !times.is_empty() {
            let mean = times.iter().sum::<Duration>() / times.len() as u32;
            let p95 = times[times.len() * 95 / 100];
            let max = times[times.len() - 1];
            println!(
                "  resolve time: mean {:.1} µs, p95 {:.1} µs, max {:.1} µs",
                micros(mean),
                micros(p95),
                micros(max)
            );
        }
        for example in &self.wrong_examples {
            println!("    wrong: {example}");
        }
        if std::env::args().any(|arg| arg == "--misses") {
            for miss in &self.misses {
                println!("    miss: {miss}");
            }
        }
    }
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}

/// Queries that must never be auto-picked: a house number the street does not
/// have, and streets that do not exist.
fn negative_queries(index: &AddressIndex, registry: &[(BuildingId, String)], rng: &mut Rng) {
    println!("\nnegative queries:");
    let (asked, picked) = missing_house_queries(index, registry);
    println!("  right street, house number not in the registry: {asked}, auto-picked {picked}");
    let (mut found, mut picked) = (0, 0);
    let asked = 2000;
    for _ in 0..asked {
        let query = format!("{} {}", made_up_street(rng), 1 + rng.below(80));
        let candidates = index.resolve(&query, LIMIT);
        found += usize::from(!candidates.is_empty());
        if let Some(id) = auto_pick(&candidates) {
            picked += 1;
            println!(
                "    picked for a made-up street: {query:?} → {}",
                line(registry, id)
            );
        }
    }
    println!("  made-up street names: {asked}, with any candidate {found}, auto-picked {picked}");
}

/// Every seventh registry street with the next number it lacks: how many were
/// asked and how many auto-picked.
fn missing_house_queries(
    index: &AddressIndex,
    registry: &[(BuildingId, String)],
) -> (usize, usize) {
    let parsed: Vec<ParsedAddress> = registry.iter().map(|(_, a)| parse_registry(a)).collect();
    let mut numbers_by_street: HashMap<&str, BTreeSet<u32>> = HashMap::new();
    for address in &parsed {
        if let Some(house) = address.house() {
            let numbers = numbers_by_street.entry(address.street()).or_default();
            numbers.insert(house.number());
        }
    }
    let (mut asked, mut picked) = (0, 0);
    for address in parsed.iter().step_by(7) {
        let Some(house) = address.house() else {
            continue;
        };
        let numbers = &numbers_by_street[address.street()];
        let missing = (house.number() + 1..).find(|n| !numbers.contains(n));
        let query = format!("{} {}", address.street_display(), missing.unwrap_or(0));
        asked += 1;
        if let Some(id) = auto_pick(&index.resolve(&query, LIMIT)) {
            picked += 1;
            println!(
                "    picked for a missing house: {query:?} → {}",
                line(registry, id)
            );
        }
    }
    (asked, picked)
}

fn line(registry: &[(BuildingId, String)], id: BuildingId) -> &str {
    let found = registry.iter().find(|(known, _)| *known == id);
    found.map_or("?", |(_, line)| line.as_str())
}

/// The Ufa addresses must all resolve, and be auto-picked, from their own
/// typed forms.
fn ufa() -> Result<(), Box<dyn Error>> {
    let mut reader = csv::Reader::from_path(UFA_ADDRESSES)?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|header| header == name)
            .ok_or("missing column")
    };
    let (street_type, street, house) =
        (column("street_type")?, column("street")?, column("house")?);
    let mut rows = BTreeSet::new();
    for record in reader.records() {
        let record = record?;
        let field = |idx: usize| record.get(idx).unwrap_or("").trim().to_string();
        rows.insert((field(street_type), field(street), field(house)));
    }
    let registry: Vec<(BuildingId, String)> = rows
        .iter()
        .enumerate()
        .map(|(idx, (t, s, h))| (BuildingId(idx as i64 + 1), format!("{t} {s}, {h}")))
        .collect();
    let index = AddressIndex::new(registry.iter().cloned());
    let mut queries = Vec::new();
    for ((id, _), (t, s, h)) in registry.iter().zip(&rows) {
        let forms = [
            format!("{s} {h}"),
            format!("{t} {s} {h}"),
            format!("{t}{s}, д.{h}"),
            format!("г. Уфа, {t} {s}, д. {h}, кв. 7"),
            format!("{} {}-7", s.to_lowercase(), h),
            format!("{s} дом {h} кв 12"),
        ];
        queries.extend(forms.into_iter().map(|form| (*id, form)));
    }
    println!(
        "\nUfa registry: {} addresses, {} indexed",
        registry.len(),
        index.len()
    );
    let ambiguity = Ambiguity::of(&registry);
    evaluate(&index, &queries, &ambiguity).print("Ufa addresses from their own typed forms");
    Ok(())
}
