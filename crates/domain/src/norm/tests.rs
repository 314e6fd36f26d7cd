use super::*;

/// The 150/70 example of PRODUCT.md section 5.
const EXAMPLE_150_70: &str = "outdoor,supply,return
10,80,33
0,85,45
-10,110,55
-20,135,65
-28,150,70
";

const DAY: &str = "2026-11-24T12:00:00+05:00";
const NIGHT: &str = "2026-11-24T03:00:00+05:00";

fn verdicts(
    band: ClimateBand,
    at: &str,
    outdoor: Option<f64>,
    readings: &[Reading],
) -> Vec<Verdict> {
    let schedule = TemperatureSchedule::parse_csv(EXAMPLE_150_70).unwrap();
    check(&CheckInput {
        at: at.parse().unwrap(),
        outdoor_temperature: outdoor,
        schedule: &schedule,
        band,
        readings: readings.to_vec(),
    })
}

/// `verdict norm deviation`, with `-` for what is missing.
fn summary(verdict: &Verdict) -> String {
    let norm = verdict.norm.map_or("-".to_string(), |it| it.to_string());
    let deviation = verdict
        .deviation
        .map_or("-".to_string(), |it| it.to_string());
    format!("{} {norm} {deviation}", verdict.verdict.as_code())
}

#[track_caller]
fn check_in(
    band: ClimateBand,
    at: &str,
    outdoor: Option<f64>,
    reading: Reading,
    expected: &[&str],
) {
    let got: Vec<String> = verdicts(band, at, outdoor, &[reading])
        .iter()
        .map(summary)
        .collect();
    assert_eq!(got, expected);
}

#[track_caller]
fn check_room(at: &str, reading: Reading, air: &str, sanitary: &str) {
    check_in(ClimateBand::Cold, at, None, reading, &[air, sanitary]);
}

fn room(value: f64) -> Reading {
    Reading::new(ReadingKind::RoomAir, value)
}

#[test]
fn a_living_room_in_ufa_needs_twenty_degrees_by_day() {
    check_room(
        DAY,
        room(19.9),
        "violation 20.0…24.0 °C -0.1 °C",
        "ok ≤ 24.0 °C +0.0 °C",
    );
    check_room(
        DAY,
        room(20.0),
        "ok 20.0…24.0 °C +0.0 °C",
        "ok ≤ 24.0 °C +0.0 °C",
    );
    check_room(
        DAY,
        room(20.1),
        "ok 20.0…24.0 °C +0.0 °C",
        "ok ≤ 24.0 °C +0.0 °C",
    );
    check_room(
        DAY,
        room(15.5),
        "violation 20.0…24.0 °C -4.5 °C",
        "ok ≤ 24.0 °C +0.0 °C",
    );
}

#[test]
fn a_living_room_above_twenty_four_breaks_both_rules() {
    check_room(
        DAY,
        room(24.0),
        "ok 20.0…24.0 °C +0.0 °C",
        "ok ≤ 24.0 °C +0.0 °C",
    );
    check_room(
        DAY,
        room(24.1),
        "violation 20.0…24.0 °C +0.1 °C",
        "violation ≤ 24.0 °C +0.1 °C",
    );
    check_room(
        DAY,
        room(24.5),
        "violation 20.0…24.0 °C +0.5 °C",
        "violation ≤ 24.0 °C +0.5 °C",
    );
}

#[test]
fn a_corner_room_needs_twenty_two_and_overheats_under_sanpin_first() {
    let corner = Reading::corner_room;
    check_room(
        DAY,
        corner(21.9),
        "violation 22.0…26.0 °C -0.1 °C",
        "ok ≤ 24.0 °C +0.0 °C",
    );
    check_room(
        DAY,
        corner(22.0),
        "ok 22.0…26.0 °C +0.0 °C",
        "ok ≤ 24.0 °C +0.0 °C",
    );
    check_room(
        DAY,
        corner(24.1),
        "ok 22.0…26.0 °C +0.0 °C",
        "violation ≤ 24.0 °C +0.1 °C",
    );
    check_room(
        DAY,
        corner(26.0),
        "ok 22.0…26.0 °C +0.0 °C",
        "violation ≤ 24.0 °C +2.0 °C",
    );
    check_room(
        DAY,
        corner(26.1),
        "violation 22.0…26.0 °C +0.1 °C",
        "violation ≤ 24.0 °C +2.1 °C",
    );
}

#[test]
fn from_midnight_to_five_the_room_may_be_three_degrees_cooler() {
    let at = |time: &str| format!("2026-11-24T{time}+05:00");
    check_room(
        &at("00:00:00"),
        room(17.0),
        "ok 17.0…24.0 °C +0.0 °C",
        "ok ≤ 24.0 °C +0.0 °C",
    );
    check_room(
        &at("04:59:59"),
        room(17.0),
        "ok 17.0…24.0 °C +0.0 °C",
        "ok ≤ 24.0 °C +0.0 °C",
    );
    check_room(
        &at("04:59:00"),
        room(16.9),
        "violation 17.0…24.0 °C -0.1 °C",
        "ok ≤ 24.0 °C +0.0 °C",
    );
    check_room(
        &at("05:00:00"),
        room(17.0),
        "violation 20.0…24.0 °C -3.0 °C",
        "ok ≤ 24.0 °C +0.0 °C",
    );
    check_room(
        &at("23:59:59"),
        room(19.9),
        "violation 20.0…24.0 °C -0.1 °C",
        "ok ≤ 24.0 °C +0.0 °C",
    );
    let corner = Reading::corner_room;
    check_room(
        NIGHT,
        corner(19.0),
        "ok 19.0…26.0 °C +0.0 °C",
        "ok ≤ 24.0 °C +0.0 °C",
    );
    check_room(
        NIGHT,
        corner(18.9),
        "violation 19.0…26.0 °C -0.1 °C",
        "ok ≤ 24.0 °C +0.0 °C",
    );
}

#[test]
fn night_is_judged_on_the_city_clock_not_utc() {
    check_room(
        "2026-11-23T23:59:00Z",
        room(17.0),
        "ok 17.0…24.0 °C +0.0 °C",
        "ok ≤ 24.0 °C +0.0 °C",
    );
    check_room(
        "2026-11-24T00:00:00Z",
        room(17.0),
        "violation 20.0…24.0 °C -3.0 °C",
        "ok ≤ 24.0 °C +0.0 °C",
    );
    assert!(is_night("2026-11-23T19:00:00Z".parse().unwrap()));
    assert!(!is_night("2026-11-23T18:59:59Z".parse().unwrap()));
}

#[test]
fn the_standard_climate_band_is_two_degrees_lower() {
    let standard = |reading: Reading, expected: &[&str]| {
        check_in(ClimateBand::Standard, DAY, None, reading, expected);
    };
    standard(
        room(17.9),
        &["violation 18.0…22.0 °C -0.1 °C", "ok ≤ 24.0 °C +0.0 °C"],
    );
    standard(
        room(18.0),
        &["ok 18.0…22.0 °C +0.0 °C", "ok ≤ 24.0 °C +0.0 °C"],
    );
    standard(
        room(22.1),
        &["violation 18.0…22.0 °C +0.1 °C", "ok ≤ 24.0 °C +0.0 °C"],
    );
    standard(
        Reading::corner_room(19.9),
        &["violation 20.0…24.0 °C -0.1 °C", "ok ≤ 24.0 °C +0.0 °C"],
    );
}

#[track_caller]
fn check_coolant(kind: ReadingKind, outdoor: f64, value: f64, expected: &str) {
    check_in(
        ClimateBand::Cold,
        DAY,
        Some(outdoor),
        Reading::new(kind, value),
        &[expected],
    );
}

#[test]
fn supply_may_be_three_percent_off_the_schedule_either_way() {
    let supply =
        |outdoor, value, expected| check_coolant(ReadingKind::Supply, outdoor, value, expected);
    supply(0.0, 85.0, "ok 85.0 °C ± 3 % +0.00 %");
    supply(0.0, 87.55, "ok 85.0 °C ± 3 % +3.00 %");
    supply(0.0, 87.56, "violation 85.0 °C ± 3 % +3.01 %");
    supply(0.0, 82.45, "ok 85.0 °C ± 3 % -3.00 %");
    supply(0.0, 82.44, "violation 85.0 °C ± 3 % -3.01 %");
    supply(-28.0, 145.5, "ok 150.0 °C ± 3 % -3.00 %");
    supply(-28.0, 145.4, "violation 150.0 °C ± 3 % -3.07 %");
}

#[test]
fn supply_is_held_to_the_interpolated_schedule() {
    let supply =
        |outdoor, value, expected| check_coolant(ReadingKind::Supply, outdoor, value, expected);
    supply(-5.0, 100.4, "ok 97.5 °C ± 3 % +2.97 %");
    supply(-5.0, 100.5, "violation 97.5 °C ± 3 % +3.08 %");
    supply(-5.0, 94.6, "ok 97.5 °C ± 3 % -2.97 %");
    supply(-5.0, 94.5, "violation 97.5 °C ± 3 % -3.08 %");
    supply(-15.0, 122.5, "ok 122.5 °C ± 3 % +0.00 %");
    supply(12.0, 82.4, "ok 80.0 °C ± 3 % +3.00 %");
    supply(-35.0, 154.5, "ok 150.0 °C ± 3 % +3.00 %");
}

#[test]
fn return_may_exceed_the_schedule_by_five_percent_and_fall_any_amount() {
    let ret =
        |outdoor, value, expected| check_coolant(ReadingKind::Return, outdoor, value, expected);
    ret(0.0, 47.25, "ok ≤ 45.0 °C + 5 % +5.00 %");
    ret(0.0, 47.26, "violation ≤ 45.0 °C + 5 % +5.02 %");
    ret(0.0, 30.0, "ok ≤ 45.0 °C + 5 % -33.33 %");
    ret(-5.0, 52.5, "ok ≤ 50.0 °C + 5 % +5.00 %");
    ret(-5.0, 52.6, "violation ≤ 50.0 °C + 5 % +5.20 %");
}

#[test]
fn coolant_without_an_outdoor_temperature_is_not_checked() {
    let not_checked = |kind, outdoor: Option<f64>| {
        check_in(
            ClimateBand::Cold,
            DAY,
            outdoor,
            Reading::new(kind, 90.0),
            &["not_checked - -"],
        );
    };
    not_checked(ReadingKind::Supply, None);
    not_checked(ReadingKind::Return, None);
    not_checked(ReadingKind::Supply, Some(f64::NAN));
    not_checked(ReadingKind::Return, Some(f64::INFINITY));
}

#[track_caller]
fn check_hot_water(at: &str, value: f64, expected: &str) {
    check_in(
        ClimateBand::Cold,
        at,
        None,
        Reading::new(ReadingKind::HotWater, value),
        &[expected],
    );
}

#[test]
fn hot_water_may_be_three_degrees_short_by_day_and_five_at_night() {
    check_hot_water(DAY, 60.0, "ok 57.0…75.0 °C +0.0 °C");
    check_hot_water(DAY, 57.0, "ok 57.0…75.0 °C +0.0 °C");
    check_hot_water(DAY, 56.9, "violation 57.0…75.0 °C -0.1 °C");
    check_hot_water(NIGHT, 55.0, "ok 55.0…75.0 °C +0.0 °C");
    check_hot_water(NIGHT, 54.9, "violation 55.0…75.0 °C -0.1 °C");
    check_hot_water(
        "2026-11-24T05:00:00+05:00",
        55.0,
        "violation 57.0…75.0 °C -2.0 °C",
    );
}

#[test]
fn hot_water_above_seventy_five_is_a_violation() {
    check_hot_water(DAY, 75.0, "ok 57.0…75.0 °C +0.0 °C");
    check_hot_water(DAY, 75.1, "violation 57.0…75.0 °C +0.1 °C");
    check_hot_water(NIGHT, 75.1, "violation 55.0…75.0 °C +0.1 °C");
}

#[test]
fn hot_water_below_forty_is_billed_as_cold_water() {
    check_hot_water(DAY, 40.0, "violation 57.0…75.0 °C -17.0 °C");
    check_hot_water(DAY, 39.9, "cold_water 57.0…75.0 °C -17.1 °C");
    check_hot_water(NIGHT, 39.9, "cold_water 55.0…75.0 °C -15.1 °C");
    assert!(VerdictKind::ColdWater.is_violation());
}

#[test]
fn a_value_that_is_not_a_number_is_not_checked_but_keeps_its_norm() {
    check_hot_water(DAY, f64::NAN, "not_checked 57.0…75.0 °C -");
    check_room(
        DAY,
        room(f64::NAN),
        "not_checked 20.0…24.0 °C -",
        "not_checked ≤ 24.0 °C -",
    );
}

#[test]
fn verdicts_follow_the_readings_and_cite_their_rules() {
    let readings = [
        Reading::new(ReadingKind::Supply, 85.0),
        room(21.0),
        Reading::corner_room(25.0),
        Reading::new(ReadingKind::Return, 45.0),
        Reading::new(ReadingKind::HotWater, 61.0),
    ];
    let got: Vec<(usize, &str, &str)> = verdicts(ClimateBand::Cold, DAY, Some(0.0), &readings)
        .iter()
        .map(|v| (v.reading_index, v.kind.as_code(), v.reference))
        .collect();
    assert_eq!(
        got,
        [
            (0, "supply", COOLANT_REFERENCE),
            (1, "room_air", ROOM_AIR_REFERENCE),
            (1, "room_air", SANITARY_AIR_REFERENCE),
            (2, "room_air", ROOM_AIR_REFERENCE),
            (2, "room_air", SANITARY_AIR_REFERENCE),
            (3, "return", COOLANT_REFERENCE),
            (4, "hot_water", HOT_WATER_REFERENCE),
        ]
    );
}

#[test]
fn norms_expose_their_absolute_bounds() {
    let close =
        |(a, b): (Option<f64>, Option<f64>)| (a.map(round_hundredth), b.map(round_hundredth));
    assert_eq!(
        close(
            Norm::Range {
                min: 20.0,
                max: 24.0
            }
            .bounds()
        ),
        (Some(20.0), Some(24.0))
    );
    assert_eq!(
        close(Norm::AtMost { max: 24.0 }.bounds()),
        (None, Some(24.0))
    );
    let supply = Norm::WithinPercent {
        scheduled: 85.0,
        percent: 3.0,
    };
    assert_eq!(close(supply.bounds()), (Some(82.45), Some(87.55)));
    let ret = Norm::AtMostPercentAbove {
        scheduled: 45.0,
        percent: 5.0,
    };
    assert_eq!(close(ret.bounds()), (None, Some(47.25)));
}

#[test]
fn every_code_round_trips() {
    for band in ClimateBand::ALL {
        assert_eq!(ClimateBand::from_code(band.as_code()), Some(band));
    }
    for kind in ReadingKind::ALL {
        assert_eq!(ReadingKind::from_code(kind.as_code()), Some(kind));
    }
    for verdict in VerdictKind::ALL {
        assert_eq!(VerdictKind::from_code(verdict.as_code()), Some(verdict));
    }
    assert_eq!(ReadingKind::from_code("RoomAir"), None);
}
