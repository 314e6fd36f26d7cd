//! Replays real heating complaints through `repeat_detection::decide` and prints
//! how many joint inspections each policy would create and which tickets they take.
//!
//! Data (see each folder's SOURCE.md):
//! - NYC 311, one winter afternoon (2023-02-28): 748 `HEAT/HOT WATER` requests,
//!   buildings by BBL; compared with HPD's own "duplicate of a building-wide
//!   condition" closures.
//! - Saint Petersburg «Наш Санкт-Петербург», season 2020/21: «Центральное
//!   отопление» appeals, buildings by the portal's building id.
//!
//! Each complaint is a ticket registered at its creation time; `decide` runs right
//! after it. An inspection counts as visited (no longer open) `visit_after` after
//! it opens — an assumption, since neither source has visits.
//!
//! Run from the repository root: `cargo run -p domain --example repeat_detection_eval
//! [-- DATA_DIR]` (default `../shared/data`).

use std::collections::BTreeMap;
use std::error::Error;

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use domain::category::Category;
use domain::inspection::InspectionId;
use domain::repeat_detection::{
    OpenInspection, RecentTicket, RepeatDecision, RepeatPolicy, decide,
};
use domain::ticket::TicketId;

/// A complaint from the data: its building, time and category, and whether the
/// source itself closed it as a duplicate of another tenant's complaint.
struct Complaint {
    building: String,
    created_at: Timestamp,
    category: Category,
    source_duplicate: bool,
}

#[derive(Default)]
struct Outcome {
    inspections: usize,
    linked_at_creation: usize,
    linked_later: usize,
    /// Per linked ticket: whether the source called it a duplicate.
    linked: Vec<bool>,
    /// Hours from an inspection's earliest ticket to its creation.
    waits: Vec<f64>,
}

fn main() -> Result<(), Box<dyn Error>> {
    let data = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/data".to_string());
    let nyc = read_nyc(&format!(
        "{data}/nyc311/nyc311_2023-02-28_sample_jun-yan.csv"
    ))?;
    report(
        "NYC 311 HEAT/HOT WATER, 2023-02-28 11:31–23:45",
        &nyc,
        &[24],
    )?;
    let spb = read_spb(&format!("{data}/ru-appeals-spb/appeals.csv"))?;
    report(
        "SPb «Центральное отопление», 2020-10-18 … 2021-04-23",
        &spb,
        &[72, 24 * 7],
    )?;
    Ok(())
}

fn report(
    title: &str,
    complaints: &[Complaint],
    visit_hours: &[i64],
) -> Result<(), Box<dyn Error>> {
    let heating: Vec<&Complaint> = complaints
        .iter()
        .filter(|it| it.category.is_heating())
        .collect();
    let mut per_building: BTreeMap<&str, usize> = BTreeMap::new();
    for it in &heating {
        *per_building.entry(&it.building).or_default() += 1;
    }
    let repeated = per_building.values().filter(|n| **n >= 2).count();
    println!("\n{title}");
    println!(
        "  complaints {}, in heating categories {}, buildings {}, buildings with 2+ {}",
        complaints.len(),
        heating.len(),
        per_building.len(),
        repeated
    );
    let source_duplicates = complaints.iter().filter(|it| it.source_duplicate).count();
    if source_duplicates > 0 {
        // A source duplicate alone in its building here had its original before the sample.
        let alone = complaints
            .iter()
            .filter(|it| it.source_duplicate && per_building.get(it.building.as_str()) == Some(&1))
            .count();
        println!(
            "  closed by the source as a duplicate of another tenant's complaint: {source_duplicates}, \
             of them alone in their building in this sample: {alone}"
        );
    }
    println!(
        "  policy (min, days) | visit after | inspections | linked at creation + later | of them source duplicates | median wait h"
    );
    for (min_tickets, days) in [(2, 7), (2, 3), (3, 7), (2, 14)] {
        let categories = vec![Category::NoHeat, Category::Overheating, Category::AirLock];
        let policy = RepeatPolicy::new(min_tickets, days, categories)?;
        for &hours in visit_hours {
            let res = replay(&policy, complaints, SignedDuration::from_hours(hours));
            let dup = res.linked.iter().filter(|it| **it).count();
            println!(
                "  {:>7} | {:>8} h | {:>11} | {:>5} + {:<5} ({:>4.1} % of heating) | {:>4} | {:>5.1}",
                format!("{min_tickets}, {days}"),
                hours,
                res.inspections,
                res.linked_at_creation,
                res.linked_later,
                100.0 * res.linked.len() as f64 / heating.len().max(1) as f64,
                dup,
                median(&mut res.waits.clone()),
            );
        }
    }
    Ok(())
}

/// Streams the complaints in time order through `decide`, building by building.
fn replay(policy: &RepeatPolicy, complaints: &[Complaint], visit_after: SignedDuration) -> Outcome {
    let mut order: Vec<usize> = (0..complaints.len()).collect();
    order.sort_by_key(|&idx| complaints[idx].created_at);
    let mut tickets: BTreeMap<&str, Vec<RecentTicket>> = BTreeMap::new();
    let mut inspections: BTreeMap<&str, Vec<OpenInspection>> = BTreeMap::new();
    let mut out = Outcome::default();
    for idx in order {
        let complaint = &complaints[idx];
        let now = complaint.created_at;
        let building = complaint.building.as_str();
        let list = tickets.entry(building).or_default();
        list.push(RecentTicket {
            id: TicketId(idx as i64),
            category: complaint.category,
            created_at: now,
            inspection_id: None,
        });
        let open = inspections
            .get(building)
            .and_then(|it| it.last())
            .filter(|it| now.duration_since(it.opened_at) < visit_after)
            .copied();
        let (inspection_id, ids) = match decide(policy, list, open.as_ref(), now) {
            RepeatDecision::Nothing => continue,
            RepeatDecision::CreateInspection { ticket_ids } => {
                let id = InspectionId(out.inspections as i64);
                out.inspections += 1;
                out.linked_at_creation += ticket_ids.len();
                inspections
                    .entry(building)
                    .or_default()
                    .push(OpenInspection { id, opened_at: now });
                let first = complaints[ticket_ids[0].0 as usize].created_at;
                out.waits
                    .push(now.duration_since(first).as_secs_f64() / 3600.0);
                (id, ticket_ids)
            }
            RepeatDecision::LinkToInspection {
                inspection_id,
                ticket_ids,
            } => {
                out.linked_later += ticket_ids.len();
                (inspection_id, ticket_ids)
            }
        };
        for ticket in list.iter_mut().filter(|it| ids.contains(&it.id)) {
            ticket.inspection_id = Some(inspection_id);
            out.linked
                .push(complaints[ticket.id.0 as usize].source_duplicate);
        }
    }
    out
}

fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn read_nyc(path: &str) -> Result<Vec<Complaint>, Box<dyn Error>> {
    let tz = TimeZone::get("America/New_York")?;
    let mut reader = csv::Reader::from_path(path).map_err(|e| format!("{path}: {e}"))?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|it| it == name)
            .ok_or(format!("no column {name}"))
    };
    let (kind, bbl, created, resolution) = (
        column("Complaint Type")?,
        column("BBL")?,
        column("Created Date")?,
        column("Resolution Description")?,
    );
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record?;
        if &record[kind] != "HEAT/HOT WATER" || record[bbl].is_empty() {
            continue;
        }
        let local = DateTime::strptime("%m/%d/%Y %I:%M:%S %p", &record[created])?;
        out.push(Complaint {
            building: record[bbl].to_string(),
            created_at: local.to_zoned(tz.clone())?.timestamp(),
            category: Category::NoHeat,
            source_duplicate: record[resolution].contains("is a duplicate of a condition"),
        });
    }
    Ok(out)
}

fn read_spb(path: &str) -> Result<Vec<Complaint>, Box<dyn Error>> {
    let tz = TimeZone::get("Europe/Moscow")?;
    let mut reader = csv::Reader::from_path(path).map_err(|e| format!("{path}: {e}"))?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|it| it == name)
            .ok_or(format!("no column {name}"))
    };
    let (category, reason, building, created) = (
        column("category")?,
        column("reason")?,
        column("building_id")?,
        column("created_at")?,
    );
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record?;
        if &record[category] != "Центральное отопление" || record[building].is_empty()
        {
            continue;
        }
        let local: DateTime = record[created].parse()?;
        out.push(Complaint {
            building: record[building].to_string(),
            created_at: local.to_zoned(tz.clone())?.timestamp(),
            category: spb_category(&record[reason]),
            source_duplicate: false,
        });
    }
    Ok(out)
}

/// The portal's heating reasons in Heatline's categories: low temperature is
/// no heat, above the norm is overheating, damaged radiators, valves and pipes
/// are leaks or other (they do not count towards inspections).
fn spb_category(reason: &str) -> Category {
    if reason.starts_with("Низкая температура") {
        Category::NoHeat
    } else if reason.contains("выше нормы") {
        Category::Overheating
    } else if reason.contains("протечка") || reason.contains("Повреждение") {
        Category::Leak
    } else {
        Category::Other
    }
}
