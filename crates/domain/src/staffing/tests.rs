//! Expected values were computed independently of this code, exactly, with
//! rational arithmetic on the textbook formula
//! `C = (A^N/N! · N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N! · N/(N−A))`
//! (Python `fractions.Fraction` and `math.factorial`), then rounded.

use super::*;

#[track_caller]
fn check_c(agents: u32, traffic: f64, expected: f64) {
    let got = erlang_c(agents, traffic);
    assert!(
        (got - expected).abs() < 1e-9,
        "C({agents}, {traffic}) = {got}, expected {expected}"
    );
}

#[track_caller]
fn check_levels(agents: u32, traffic: f64, aht: f64, target: f64, level: f64, asa: f64) {
    let got_level = service_level(agents, traffic, aht, target);
    let got_asa = average_speed_of_answer(agents, traffic, aht);
    assert!(
        (got_level - level).abs() < 1e-9,
        "service level {got_level}, expected {level}"
    );
    assert!(
        (got_asa - asa).abs() < 1e-5,
        "ASA {got_asa}, expected {asa}"
    );
}

#[track_caller]
fn check_needed(calls: f64, aht: f64, occupancy: Option<f64>, expected: u32) {
    assert_eq!(
        agents_needed(calls, aht, 0.8, 20.0, occupancy),
        Ok(expected)
    );
}

#[track_caller]
fn check_error(
    calls: f64,
    aht: f64,
    level: f64,
    target: f64,
    cap: Option<f64>,
    expected: StaffingError,
) {
    assert_eq!(agents_needed(calls, aht, level, target, cap), Err(expected));
}

#[test]
fn call_centre_helper_worked_example_matches_exact_values() {
    // Call Centre Helper, "Erlang C Formula – Made Simple With an Easy Worked
    // Example": 100 calls in 30 minutes at 180 s AHT is 10 Erlangs, starting at
    // 11 agents (68.21 % of calls wait, 122.8 s average answer) and adding
    // agents until 80 % are answered within 20 s.
    check_c(11, 10.0, 0.682_118_204_7);
    check_c(12, 10.0, 0.449_388_224_3);
    check_c(13, 10.0, 0.285_270_453_0);
    check_c(14, 10.0, 0.174_131_933_6);
    check_c(15, 10.0, 0.102_042_367_0);
}

#[test]
fn westbay_example_of_360_calls_a_half_hour_matches_exact_values() {
    // Westbay Engineers, "The Erlang-C Formula": 360 calls per half hour of
    // 4 minutes is 48 Erlangs, served by 55 agents, answer target 15 s.
    check_c(55, 48.0, 0.238_700_936_4);
    check_levels(55, 48.0, 240.0, 15.0, 0.845_883_092_2, 8.184_032);
}

#[test]
fn service_level_and_answer_speed_match_exact_values() {
    // Ten Erlangs at 180 s, target 20 s: the worked example's ladder.
    check_levels(11, 10.0, 180.0, 20.0, 0.389_613_811_7, 122.781_277);
    check_levels(13, 10.0, 180.0, 20.0, 0.795_594_788_4, 17.116_227);
    check_levels(14, 10.0, 180.0, 20.0, 0.888_350_019_2, 7.835_937);
    // 100 calls an hour at 180 s is 5 Erlangs.
    check_levels(6, 5.0, 180.0, 20.0, 0.474_267_180_9, 105.752_961);
    check_levels(7, 5.0, 180.0, 20.0, 0.740_441_011_5, 29.173_495);
    check_levels(8, 5.0, 180.0, 20.0, 0.880_148_310_8, 10.035_990);
}

#[test]
fn small_queues_match_closed_forms() {
    // M/M/1: C = ρ and ASA = ρ/(1−ρ)·AHT. M/M/2 at ρ = ½: C = 2ρ²/(1+ρ) = ⅓.
    check_c(1, 0.5, 0.5);
    check_c(1, 0.9, 0.9);
    check_c(2, 1.0, 1.0 / 3.0);
    check_levels(1, 0.5, 180.0, 0.0, 0.5, 180.0);
    check_levels(2, 1.0, 180.0, 0.0, 2.0 / 3.0, 60.0);
}

#[test]
fn erlang_b_matches_exact_values() {
    // 7 lines at 5 Erlangs lose 12.05 % of calls; this is the figure often
    // mistaken for the Erlang C value of the same hour (32.41 %).
    for (agents, traffic, expected) in [
        (7, 5.0, 0.120_518_635_1),
        (11, 10.0, 0.163_232_333_2),
        (10, 5.0, 0.018_384_570_3),
    ] {
        assert!((erlang_b(agents, traffic) - expected).abs() < 1e-9);
    }
}

#[test]
fn hundreds_and_thousands_of_agents_stay_finite_and_exact() {
    // The factorial form overflows f64 past 170 agents; the recursion does not.
    check_c(300, 280.0, 0.163_814_169_293);
    check_c(1000, 950.0, 0.068_253_415_377);
}

#[test]
fn no_traffic_never_waits_and_overload_always_waits() {
    check_c(5, 0.0, 0.0);
    check_c(0, 0.0, 0.0);
    check_c(0, 3.0, 1.0);
    check_c(5, 5.0, 1.0);
    check_c(5, 7.5, 1.0);
    check_levels(0, 0.0, 180.0, 20.0, 1.0, 0.0);
    assert_eq!(service_level(5, 5.0, 180.0, 20.0), 0.0);
    assert_eq!(average_speed_of_answer(5, 6.0, 180.0), f64::INFINITY);
}

#[test]
fn agents_needed_reaches_eighty_percent_in_twenty_seconds() {
    check_needed(200.0, 180.0, None, 14);
    check_needed(100.0, 180.0, None, 8);
    check_needed(1.0, 150.0, None, 1);
    check_needed(10_000.0, 150.0, None, 425);
    check_needed(19_000.0, 180.0, None, 961);
    assert_eq!(agents_needed(720.0, 240.0, 0.8, 15.0, None), Ok(55));
}

#[test]
fn an_hour_without_calls_needs_nobody() {
    check_needed(0.0, 150.0, None, 0);
}

#[test]
fn an_occupancy_cap_adds_agents_only_when_it_binds() {
    check_needed(200.0, 180.0, Some(0.85), 14);
    check_needed(200.0, 180.0, Some(0.6), 17);
    check_needed(19_000.0, 180.0, Some(0.85), 1118);
}

#[test]
fn impossible_targets_and_bad_inputs_are_refused() {
    check_error(
        -1.0,
        150.0,
        0.8,
        20.0,
        None,
        StaffingError::InvalidCallRate {
            calls_per_hour: -1.0,
        },
    );
    check_error(
        f64::INFINITY,
        150.0,
        0.8,
        20.0,
        None,
        StaffingError::InvalidCallRate {
            calls_per_hour: f64::INFINITY,
        },
    );
    check_error(
        10.0,
        0.0,
        0.8,
        20.0,
        None,
        StaffingError::InvalidHandleTime { aht_seconds: 0.0 },
    );
    check_error(
        10.0,
        150.0,
        1.0,
        20.0,
        None,
        StaffingError::InvalidServiceLevel { level: 1.0 },
    );
    check_error(
        10.0,
        150.0,
        0.0,
        20.0,
        None,
        StaffingError::InvalidServiceLevel { level: 0.0 },
    );
    check_error(
        10.0,
        150.0,
        0.8,
        -1.0,
        None,
        StaffingError::InvalidTargetTime { seconds: -1.0 },
    );
    check_error(
        10.0,
        150.0,
        0.8,
        20.0,
        Some(1.5),
        StaffingError::InvalidOccupancy { occupancy: 1.5 },
    );
    check_error(
        1e10,
        150.0,
        0.8,
        20.0,
        None,
        StaffingError::TrafficTooHigh {
            traffic_erlangs: 1e10 * 150.0 / 3600.0,
        },
    );
}

#[test]
fn a_plan_staffs_each_hour_for_its_expected_calls() {
    let date: Date = "2026-11-25".parse().unwrap();
    let hours = [(9, 200.0), (10, 100.0), (3, 0.0)].map(|(hour, expected)| HourForecast {
        date,
        hour,
        expected,
        lower: expected * 0.8,
        upper: expected * 1.2,
    });
    let plan = staffing_plan(&hours, 180.0, 0.8, 20.0, None).unwrap();
    let summary: Vec<(u8, u32)> = plan.iter().map(|it| (it.hour, it.agents)).collect();
    assert_eq!(summary, [(9, 14), (10, 8), (3, 0)]);
    assert!((plan[0].traffic_erlangs - 10.0).abs() < 1e-12);
    assert!((plan[0].service_level - 0.888_350_019_2).abs() < 1e-9);
    assert!((plan[0].occupancy - 10.0 / 14.0).abs() < 1e-12);
    assert_eq!(plan[2].service_level, 1.0);
}
