use super::*;

/// The 150/70 example of PRODUCT.md section 5.
pub(crate) const EXAMPLE_150_70: &str = "outdoor,supply,return
10,80,33
0,85,45
-10,110,55
-20,135,65
-28,150,70
";

fn example() -> TemperatureSchedule {
    TemperatureSchedule::parse_csv(EXAMPLE_150_70).unwrap()
}

#[track_caller]
fn check_at(schedule: &TemperatureSchedule, outdoor: f64, supply: f64, return_water: f64) {
    let point = schedule.at(outdoor);
    assert!(
        (point.supply - supply).abs() < 1e-9 && (point.return_water - return_water).abs() < 1e-9,
        "at {outdoor}: got {}/{}, expected {supply}/{return_water}",
        point.supply,
        point.return_water
    );
}

#[test]
fn the_example_schedule_gives_its_own_points() {
    let schedule = example();
    check_at(&schedule, 10.0, 80.0, 33.0);
    check_at(&schedule, 0.0, 85.0, 45.0);
    check_at(&schedule, -10.0, 110.0, 55.0);
    check_at(&schedule, -20.0, 135.0, 65.0);
    check_at(&schedule, -28.0, 150.0, 70.0);
}

#[test]
fn between_points_the_schedule_is_linear() {
    let schedule = example();
    check_at(&schedule, 5.0, 82.5, 39.0);
    check_at(&schedule, -5.0, 97.5, 50.0);
    check_at(&schedule, -2.5, 91.25, 47.5);
    check_at(&schedule, -24.0, 142.5, 67.5);
    check_at(&schedule, -0.1, 85.25, 45.1);
}

#[test]
fn outside_the_table_the_schedule_is_clamped_to_its_ends() {
    let schedule = example();
    check_at(&schedule, 15.0, 80.0, 33.0);
    check_at(&schedule, -28.1, 150.0, 70.0);
    check_at(&schedule, -40.0, 150.0, 70.0);
    check_at(&schedule, f64::NAN, 150.0, 70.0);
}

#[test]
fn the_default_95_70_schedule_spans_the_heating_season_to_ufas_design_point() {
    let schedule = TemperatureSchedule::default_95_70();
    assert_eq!(schedule.points().len(), 42);
    check_at(&schedule, 8.0, 41.9, 36.2);
    check_at(&schedule, 0.0, 53.4, 43.9);
    check_at(&schedule, -10.0, 66.7, 52.6);
    check_at(&schedule, -20.0, 79.3, 60.5);
    check_at(&schedule, -33.0, 95.0, 70.0);
    check_at(&schedule, -40.0, 95.0, 70.0);
}

#[test]
fn the_default_schedule_rises_as_it_gets_colder_and_keeps_supply_above_return() {
    let points = TemperatureSchedule::default_95_70().points().to_vec();
    for pair in points.windows(2) {
        let (colder, warmer) = (pair[0], pair[1]);
        assert!(colder.outdoor < warmer.outdoor);
        assert!(colder.supply > warmer.supply, "{colder:?} {warmer:?}");
        assert!(
            colder.return_water > warmer.return_water,
            "{colder:?} {warmer:?}"
        );
        assert!(warmer.supply > warmer.return_water);
    }
}

#[test]
fn a_schedule_survives_a_round_trip_through_csv() {
    for schedule in [example(), TemperatureSchedule::default_95_70()] {
        assert_eq!(
            TemperatureSchedule::parse_csv(&schedule.to_csv()),
            Ok(schedule)
        );
    }
}

#[track_caller]
fn check_parse(csv: &str, expected: &[ScheduleError]) {
    assert_eq!(
        TemperatureSchedule::parse_csv(csv).map(|it| it.points().len()),
        Err(expected.to_vec())
    );
}

#[track_caller]
fn check_parses(csv: &str, expected_points: &[(f64, f64, f64)]) {
    let schedule = TemperatureSchedule::parse_csv(csv).unwrap();
    let points: Vec<(f64, f64, f64)> = schedule
        .points()
        .iter()
        .map(|p| (p.outdoor, p.supply, p.return_water))
        .collect();
    assert_eq!(points, expected_points);
}

#[test]
fn spreadsheet_exports_and_loose_formatting_parse() {
    check_parses(
        "outdoor,supply,return\n8,41.9,36.2\n-33,95,70\n",
        &[(-33.0, 95.0, 70.0), (8.0, 41.9, 36.2)],
    );
    check_parses(
        "\u{feff}Outdoor; Supply; Return\r\n# Уфа\r\n\r\n+8; 41,9; 36,2\r\n−33;95;70\r\n",
        &[(-33.0, 95.0, 70.0), (8.0, 41.9, 36.2)],
    );
    check_parses(
        "outdoor\tsupply\treturn\n0\t85\t45\n-10\t110\t55",
        &[(-10.0, 110.0, 55.0), (0.0, 85.0, 45.0)],
    );
    check_parses(
        "outdoor,supply,return\n0,60,60\n-10,70,65\n",
        &[(-10.0, 70.0, 65.0), (0.0, 60.0, 60.0)],
    );
}

#[test]
fn a_missing_or_wrong_header_is_reported_on_its_line() {
    let header = |line: usize, found: &str| ScheduleError::MissingHeader {
        line,
        found: found.to_string(),
    };
    check_parse("", &[header(1, "")]);
    check_parse("\n\n", &[header(1, "")]);
    check_parse("8,41.9,36.2\n-33,95,70\n", &[header(1, "8,41.9,36.2")]);
    check_parse("\noutdoor,supply\n8,41.9\n", &[header(2, "outdoor,supply")]);
}

#[test]
fn bad_lines_are_reported_by_line_and_field() {
    check_parse(
        "outdoor,supply,return\n8,41.9,36.2\nminus ten,110,55\n-20,135\n-28,150,7O\n",
        &[
            ScheduleError::NotANumber {
                line: 3,
                field: ScheduleField::Outdoor,
                text: "minus ten".into(),
            },
            ScheduleError::FieldCount { line: 4, found: 2 },
            ScheduleError::NotANumber {
                line: 5,
                field: ScheduleField::Return,
                text: "7O".into(),
            },
        ],
    );
    check_parse(
        "outdoor,supply,return\n0,NaN,45\n-10,inf,55\n",
        &[
            ScheduleError::NotANumber {
                line: 2,
                field: ScheduleField::Supply,
                text: "NaN".into(),
            },
            ScheduleError::NotANumber {
                line: 3,
                field: ScheduleField::Supply,
                text: "inf".into(),
            },
        ],
    );
}

#[test]
fn a_repeated_outdoor_temperature_names_both_lines() {
    check_parse(
        "outdoor,supply,return\n0,85,45\n-10,110,55\n-10.0,111,56\n",
        &[ScheduleError::DuplicateOutdoor {
            line: 4,
            first_line: 3,
            outdoor: -10.0,
        }],
    );
}

#[test]
fn supply_below_return_is_rejected() {
    check_parse(
        "outdoor,supply,return\n0,45,85\n-10,110,55\n",
        &[ScheduleError::SupplyBelowReturn {
            line: 2,
            supply: 45.0,
            return_water: 85.0,
        }],
    );
}

#[test]
fn a_schedule_needs_two_points() {
    check_parse(
        "outdoor,supply,return\n",
        &[ScheduleError::TooFewPoints { found: 0 }],
    );
    check_parse(
        "outdoor,supply,return\n-33,95,70\n",
        &[ScheduleError::TooFewPoints { found: 1 }],
    );
}
