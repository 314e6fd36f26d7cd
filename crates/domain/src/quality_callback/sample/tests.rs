use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::district::DistrictId;
use crate::organization::OrganizationId;
use crate::quality_callback::sample::*;
use crate::ticket::TicketId;

const WEEK: &str = "2026-11-16";
const NEXT_WEEK: &str = "2026-11-23";

fn candidate(id: i64, district: i64, organization: i64, week: &str) -> SampleCandidate {
    SampleCandidate {
        ticket_id: TicketId(id),
        district_id: Some(DistrictId(district)),
        organization_id: Some(OrganizationId(organization)),
        closed_week: week.parse().unwrap(),
    }
}

/// `sizes[d]` tickets in district `d`, all closed in `WEEK`, organization = id % 3.
fn districts(sizes: &[i64]) -> Vec<SampleCandidate> {
    let mut candidates = Vec::new();
    let mut id = 100;
    for (district, size) in (1..).zip(sizes) {
        for _ in 0..*size {
            id += 1;
            candidates.push(candidate(id, district, id % 3, WEEK));
        }
    }
    candidates
}

fn counts_by_district(candidates: &[SampleCandidate], chosen: &[TicketId]) -> Vec<usize> {
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    for candidate in candidates {
        let entry = counts.entry(candidate.district_id.unwrap().0).or_default();
        *entry += usize::from(chosen.contains(&candidate.ticket_id));
    }
    counts.into_values().collect()
}

#[track_caller]
fn check_counts(sizes: &[i64], per_group: u32, expected: &[usize]) {
    let candidates = districts(sizes);
    for seed in [0, 1, 42, u64::MAX] {
        let chosen = sample(&candidates, per_group, seed, SampleGroup::District);
        assert_eq!(
            counts_by_district(&candidates, &chosen),
            expected,
            "seed {seed}"
        );
    }
}

#[test]
fn each_group_gives_n_tickets_or_all_it_has() {
    check_counts(&[10, 3, 1, 5], 3, &[3, 3, 1, 3]);
    check_counts(&[10, 3, 1, 5], 0, &[0, 0, 0, 0]);
    check_counts(&[10, 3, 1, 5], 100, &[10, 3, 1, 5]);
    check_counts(&[2], u32::MAX, &[2]);
    assert_eq!(sample(&[], 3, 1, SampleGroup::District), []);
}

#[test]
fn the_same_seed_gives_the_same_sample_in_any_input_order() {
    let candidates = districts(&[20, 20, 20]);
    let chosen = sample(&candidates, 5, 7, SampleGroup::District);
    let mut reversed = candidates.clone();
    reversed.reverse();
    assert_eq!(sample(&reversed, 5, 7, SampleGroup::District), chosen);
    let mut rotated = candidates.clone();
    rotated.rotate_left(17);
    assert_eq!(sample(&rotated, 5, 7, SampleGroup::District), chosen);
}

#[test]
fn another_seed_gives_another_sample() {
    let candidates = districts(&[20, 20, 20]);
    let first = sample(&candidates, 5, 7, SampleGroup::District);
    for seed in [8, 9, 1_000_000] {
        assert_ne!(
            sample(&candidates, 5, 7 ^ seed, SampleGroup::District),
            first
        );
    }
}

#[test]
fn the_sample_is_the_same_on_every_platform() {
    // Pinned (checked against an independent Python implementation): a change
    // here changes every past sample, so audits could no longer repeat them.
    let candidates = districts(&[10]);
    assert_eq!(
        sample(&candidates, 3, 2026, SampleGroup::District),
        [TicketId(102), TicketId(107), TicketId(110)]
    );
}

#[test]
fn the_generator_matches_the_splitmix64_reference_output() {
    // The first outputs of Vigna's splitmix64.c for seed 1234567.
    let mut generator = SplitMix64::new(1_234_567);
    let outputs = [
        generator.next_u64(),
        generator.next_u64(),
        generator.next_u64(),
    ];
    assert_eq!(
        outputs,
        [
            6_457_827_717_110_365_317,
            3_203_168_211_198_807_973,
            9_817_491_932_198_370_423
        ]
    );
}

#[test]
fn weeks_are_sampled_separately() {
    let mut candidates = districts(&[6]);
    candidates.extend((200..206).map(|id| candidate(id, 1, 0, NEXT_WEEK)));
    let chosen = sample(&candidates, 2, 3, SampleGroup::District);
    let in_next_week = chosen.iter().filter(|id| id.0 >= 200).count();
    assert_eq!((chosen.len(), in_next_week), (4, 2));
}

#[test]
fn grouping_by_organization_draws_per_organization() {
    // 30 tickets in one district, organizations 0, 1, 2 by id % 3.
    let candidates = districts(&[30]);
    let chosen = sample(&candidates, 4, 5, SampleGroup::Organization);
    let mut per_org = [0; 3];
    for id in &chosen {
        per_org[usize::try_from(id.0 % 3).unwrap()] += 1;
    }
    assert_eq!(per_org, [4, 4, 4]);
    assert_eq!(sample(&candidates, 4, 5, SampleGroup::District).len(), 4);
}

#[test]
fn tickets_without_a_district_form_a_group_of_their_own() {
    let mut candidates = districts(&[5]);
    candidates.extend((300..305).map(|id| SampleCandidate {
        district_id: None,
        ..candidate(id, 0, 0, WEEK)
    }));
    let chosen = sample(&candidates, 2, 11, SampleGroup::District);
    assert_eq!(chosen.iter().filter(|id| id.0 >= 300).count(), 2);
    assert_eq!(chosen.len(), 4);
}

#[test]
fn a_ticket_listed_twice_counts_once() {
    let candidates = [
        candidate(1, 1, 1, WEEK),
        candidate(1, 1, 1, WEEK),
        candidate(2, 1, 1, WEEK),
    ];
    assert_eq!(
        sample(&candidates, 2, 0, SampleGroup::District),
        [TicketId(1), TicketId(2)]
    );
}

#[test]
fn a_newly_closed_ticket_changes_the_sample_by_at_most_one() {
    let candidates = districts(&[12]);
    for seed in 0..50 {
        let before = sample(&candidates[..11], 4, seed, SampleGroup::District);
        let after = sample(&candidates, 4, seed, SampleGroup::District);
        let kept = before.iter().filter(|id| after.contains(id)).count();
        assert!(kept >= 3, "seed {seed}: {before:?} -> {after:?}");
    }
}

#[test]
fn every_ticket_in_a_group_is_equally_likely_to_be_chosen() {
    // 10 tickets with scattered ids, 3 chosen, 3,000 seeds: each ticket is
    // expected 900 times. Pearson's statistic over the 10 counts is compared
    // with the 0.1% critical value of chi-square with 9 degrees of freedom
    // (27.88); the seeds are fixed, so the check is deterministic.
    let ids = [
        3,
        17,
        18,
        19,
        256,
        1024,
        1025,
        77_777,
        1_000_003,
        9_000_000_001,
    ];
    let candidates: Vec<SampleCandidate> =
        ids.iter().map(|id| candidate(*id, 1, 1, WEEK)).collect();
    let seeds = 3_000u64;
    let mut counts: BTreeMap<i64, u64> = BTreeMap::new();
    for seed in 0..seeds {
        for id in sample(&candidates, 3, seed, SampleGroup::District) {
            *counts.entry(id.0).or_default() += 1;
        }
    }
    let expected = (seeds * 3) as f64 / ids.len() as f64;
    let chi_square: f64 = ids
        .iter()
        .map(|id| {
            let observed = counts.get(id).copied().unwrap_or(0) as f64;
            (observed - expected).powi(2) / expected
        })
        .sum();
    assert!(
        chi_square < 27.88,
        "chi-square {chi_square:.2}, counts {counts:?}"
    );
}

#[test]
fn pairs_of_tickets_are_chosen_together_as_often_as_chance_says() {
    // Uniform over subsets means each pair of 6 tickets is in a 2-sample with
    // probability 1/15; 15 pairs, 3,000 seeds, 200 expected each, 14 degrees of
    // freedom (0.1% critical value 36.12).
    let candidates: Vec<SampleCandidate> = (1..=6)
        .map(|id| candidate(id * 1_000, 1, 1, WEEK))
        .collect();
    let mut pairs: BTreeMap<Vec<TicketId>, u64> = BTreeMap::new();
    for seed in 0..3_000u64 {
        *pairs
            .entry(sample(&candidates, 2, seed, SampleGroup::District))
            .or_default() += 1;
    }
    assert_eq!(pairs.len(), 15);
    let chi_square: f64 = pairs
        .values()
        .map(|n| (*n as f64 - 200.0).powi(2) / 200.0)
        .sum();
    assert!(chi_square < 36.12, "chi-square {chi_square:.2}");
}

#[track_caller]
fn check_week(closed_utc: &str, expected_week: &str) {
    let candidate = SampleCandidate::new(TicketId(1), None, None, closed_utc.parse().unwrap());
    assert_eq!(
        candidate.closed_week,
        expected_week.parse::<Date>().unwrap()
    );
}

#[test]
fn a_ticket_closed_late_on_sunday_city_time_belongs_to_that_week() {
    // Sunday 22 November, 23:30 in Ufa is 18:30 UTC.
    check_week("2026-11-22T18:30:00Z", WEEK);
    // Monday 00:10 in Ufa is still Sunday in UTC.
    check_week("2026-11-22T19:10:00Z", NEXT_WEEK);
}

#[test]
fn group_kinds_round_trip_through_their_codes() {
    for group in SampleGroup::ALL {
        assert_eq!(SampleGroup::from_code(group.as_code()), Some(group));
    }
}
