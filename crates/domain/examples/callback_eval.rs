//! Evaluates the quality-callback rules on real and exhaustive data.
//!
//! 1. Sampling: the closed appeals of Saint Petersburg's heating season
//!    (`ru-appeals-spb/appeals.csv`, 59,889 real appeals) grouped by district
//!    and city week of closing, N per group; checks the counts, repeatability
//!    and how evenly tickets are chosen over many seeds.
//! 2. Retries: for every minute of calling hours in a week as the first call,
//!    a controller who calls as soon as allowed and never gets an answer;
//!    prints how long the round takes to end as unreachable.
//!
//! Run from the repository root:
//! `cargo run -p domain --example callback_eval [-- PATH/appeals.csv]`.

use std::collections::BTreeMap;
use std::time::Instant;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};

use domain::calendar;
use domain::district::DistrictId;
use domain::quality_callback::retry::DayPart;
use domain::quality_callback::sample::{SampleCandidate, SampleGroup, sample};
use domain::quality_callback::{Attempt, CallbackOutcome, CallbackResolution, record};
use domain::ticket::TicketId;

const DEFAULT_PATH: &str = "../shared/data/ru-appeals-spb/appeals.csv";
const PER_GROUP: u32 = 5;
const SEEDS: u64 = 200;

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| DEFAULT_PATH.to_string());
    let candidates = load_closed_appeals(&path)?;
    evaluate_sampling(&candidates);
    evaluate_retries();
    Ok(())
}

/// Closed appeals ("Завершено: …") as candidates: district names numbered in
/// sorted order, the week from the local date of the last status.
fn load_closed_appeals(path: &str) -> anyhow::Result<Vec<SampleCandidate>> {
    use anyhow::Context;
    let mut reader = csv::Reader::from_path(path).with_context(|| format!("opening {path}"))?;
    let mut district_ids: BTreeMap<String, i64> = BTreeMap::new();
    let mut rows = Vec::new();
    let (mut total, mut closed) = (0usize, 0usize);
    for record in reader.records() {
        let record = record.with_context(|| format!("reading {path}"))?;
        total += 1;
        if !record[11].starts_with("Завершено") {
            continue;
        }
        closed += 1;
        let id: i64 = record[0].parse().context("appeal id")?;
        let status_at: DateTime = record[12].parse().context("status_at")?;
        let next = i64::try_from(district_ids.len())?;
        let district = *district_ids.entry(record[2].to_string()).or_insert(next);
        rows.push((id, district, status_at.date()));
    }
    println!(
        "appeals: {total}, closed: {closed}, districts: {}",
        district_ids.len()
    );
    Ok(rows
        .into_iter()
        .map(|(id, district, date)| SampleCandidate {
            ticket_id: TicketId(id),
            district_id: Some(DistrictId(district)),
            organization_id: None,
            closed_week: calendar::monday_of(date),
        })
        .collect())
}

fn evaluate_sampling(candidates: &[SampleCandidate]) {
    let mut groups: BTreeMap<(Date, i64), Vec<TicketId>> = BTreeMap::new();
    for candidate in candidates {
        let key = (
            candidate.closed_week,
            candidate.district_id.map_or(-1, |id| id.0),
        );
        groups.entry(key).or_default().push(candidate.ticket_id);
    }
    let expected: usize = groups
        .values()
        .map(|g| g.len().min(PER_GROUP as usize))
        .sum();
    let small = groups
        .values()
        .filter(|g| g.len() < PER_GROUP as usize)
        .count();
    let started = Instant::now();
    let chosen = sample(candidates, PER_GROUP, 2026, SampleGroup::District);
    let elapsed = started.elapsed();
    println!(
        "groups (week x district): {}, smaller than {PER_GROUP}: {small}; sampled {} (expected {expected}) in {:.1} ms",
        groups.len(),
        chosen.len(),
        elapsed.as_secs_f64() * 1e3
    );
    let again = sample(candidates, PER_GROUP, 2026, SampleGroup::District);
    let other = sample(candidates, PER_GROUP, 2027, SampleGroup::District);
    let overlap = chosen
        .iter()
        .filter(|id| other.binary_search(id).is_ok())
        .count();
    println!(
        "same seed repeats: {}; seed 2027 shares {overlap} of {} tickets",
        again == chosen,
        chosen.len()
    );
    uniformity(candidates, &groups);
}

/// Over `SEEDS` seeds, each ticket in a group of size s is expected
/// `SEEDS * N / s` times in a group larger than N. Pearson's statistic over
/// those tickets, against its mean under a uniform draw: a ticket's count is
/// binomial with p = N / s, so each group contributes s (1 - p) = s - N.
fn uniformity(candidates: &[SampleCandidate], groups: &BTreeMap<(Date, i64), Vec<TicketId>>) {
    let mut counts: BTreeMap<TicketId, u64> = BTreeMap::new();
    for seed in 0..SEEDS {
        for id in sample(candidates, PER_GROUP, seed, SampleGroup::District) {
            *counts.entry(id).or_default() += 1;
        }
    }
    let (mut chi_square, mut mean) = (0.0, 0usize);
    for members in groups.values().filter(|g| g.len() > PER_GROUP as usize) {
        let expected = (SEEDS * u64::from(PER_GROUP)) as f64 / members.len() as f64;
        for id in members {
            let observed = counts.get(id).copied().unwrap_or(0) as f64;
            chi_square += (observed - expected).powi(2) / expected;
        }
        mean += members.len() - PER_GROUP as usize;
    }
    println!(
        "uniformity over {SEEDS} seeds: chi-square {chi_square:.0}, expected {mean} if uniform (ratio {:.3})",
        chi_square / mean as f64
    );
}

fn evaluate_retries() {
    let monday: Date = "2026-11-23".parse().expect("a valid date");
    let mut spans: Vec<i64> = Vec::new();
    let mut all_parts_covered = true;
    for day in 0..7 {
        let date = monday.saturating_add(jiff::Span::new().days(day));
        for minute in (9 * 60)..(21 * 60) {
            let first =
                calendar::city_instant(date.at((minute / 60) as i8, (minute % 60) as i8, 0, 0));
            let (span, parts) = unanswered_round(first);
            all_parts_covered &= parts == 3;
            spans.push(span);
        }
    }
    spans.sort_unstable();
    let hours = |minutes: i64| minutes as f64 / 60.0;
    println!(
        "unanswered rounds: {} first-call minutes; first to third call: min {:.1} h, median {:.1} h, p90 {:.1} h, max {:.1} h; three different parts of the day every time: {all_parts_covered}",
        spans.len(),
        hours(spans[0]),
        hours(spans[spans.len() / 2]),
        hours(spans[spans.len() * 9 / 10]),
        hours(spans[spans.len() - 1]),
    );
}

/// Calls at `first` and then as soon as allowed, never answered: minutes from
/// the first to the last call and the number of distinct parts of the day.
fn unanswered_round(first: Timestamp) -> (i64, usize) {
    let mut round: Vec<Attempt> = Vec::new();
    let mut at = first;
    loop {
        let res = record(CallbackOutcome::NoAnswer, None, &round, at).expect("allowed time");
        round.push(Attempt {
            at,
            outcome: CallbackOutcome::NoAnswer,
        });
        match res {
            CallbackResolution::Retry { next } => at = next.not_before,
            _ => break,
        }
    }
    let mut parts: Vec<DayPart> = round.iter().filter_map(|a| DayPart::of(a.at)).collect();
    parts.sort_unstable();
    parts.dedup();
    let span = round[round.len() - 1].at.duration_since(first).as_mins();
    (span, parts.len())
}
