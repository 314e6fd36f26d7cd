use super::*;

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

#[track_caller]
fn check_working(calendar: &ProductionCalendar, day: &str, expected: bool) {
    assert_eq!(calendar.is_working_day(date(day)), expected, "{day}");
}

#[test]
fn federal_holidays_and_transfers_are_days_off_and_working_saturdays_work() {
    let russia = ProductionCalendar::russia_default();
    let check = |day, expected| check_working(&russia, day, expected);
    check("2026-11-03", true); // Tuesday before Unity Day
    check("2026-11-04", false); // Unity Day, Wednesday
    check("2026-11-07", false); // a plain Saturday
    check("2026-12-30", true);
    check("2026-12-31", false); // moved from Sunday 4 January
    check("2027-01-01", false);
    check("2027-01-08", false);
    check("2027-01-11", true);
    check("2027-02-20", true); // Saturday worked for Monday 22 February
    check("2027-02-22", false);
    check("2027-05-03", false); // Labor Code: Saturday 1 May moves to Monday
    check("2027-11-05", false); // moved from Saturday 2 January
    check("2026-01-09", false); // moved from Saturday 3 January
    check("2026-03-09", false); // Labor Code: Sunday 8 March moves to Monday
    check("2026-03-20", true); // Ураза-байрам is regional only
    check("2025-11-01", true); // Saturday worked for Monday 3 November
    check("2025-11-03", false);
    check("2025-05-08", false); // moved from Sunday 23 February
    check("2025-02-24", true); // ...so the Monday after it works
    check("2028-01-03", true); // no 2028 list yet: plain weekdays work
}

#[test]
fn bashkortostan_adds_its_regional_holidays_to_the_federal_ones() {
    let ufa = ProductionCalendar::bashkortostan_default();
    let check = |day, expected| check_working(&ufa, day, expected);
    check("2025-03-31", false); // for Ураза-байрам on Sunday 30 March
    check("2025-06-06", false); // Курбан-байрам
    check("2025-10-13", false); // for Republic Day on Saturday 11 October
    check("2026-03-20", false); // Ураза-байрам
    check("2026-05-27", false); // Курбан-байрам
    check("2026-10-12", false); // for Republic Day on Sunday 11 October
    check("2027-10-11", false); // Republic Day, Monday
    check("2026-11-04", false); // the federal holidays are still there
    check("2026-10-13", true);
}

#[track_caller]
fn check_year(calendar: &ProductionCalendar, year: i16, expected: u32) {
    let first = Date::new(year, 1, 1).unwrap();
    let last = Date::new(year, 12, 31).unwrap();
    assert_eq!(calendar.working_days_in(first, last), expected, "{year}");
}

#[test]
fn each_year_has_the_officially_published_number_of_working_days() {
    let russia = ProductionCalendar::russia_default();
    check_year(&russia, 2025, 247);
    check_year(&russia, 2026, 247);
    check_year(&russia, 2027, 247);
    let ufa = ProductionCalendar::bashkortostan_default();
    check_year(&ufa, 2025, 244);
    check_year(&ufa, 2026, 244);
    check_year(&ufa, 2027, 246);
}

#[track_caller]
fn check_add(from: &str, n: u32, expected: &str) {
    let russia = ProductionCalendar::russia_default();
    assert_eq!(
        russia.add_working_days(date(from), n).to_string(),
        expected,
        "{from} + {n}"
    );
}

#[test]
fn adding_working_days_skips_weekends_holidays_and_counts_working_saturdays() {
    check_add("2026-11-20", 0, "2026-11-20");
    check_add("2026-11-20", 1, "2026-11-23"); // Friday to Monday
    check_add("2026-11-20", 3, "2026-11-25");
    check_add("2026-11-21", 3, "2026-11-25"); // from a Saturday
    check_add("2026-11-03", 1, "2026-11-05"); // over Unity Day
    check_add("2026-12-29", 1, "2026-12-30");
    check_add("2026-12-29", 2, "2027-01-11"); // over the New Year holidays
    check_add("2026-12-30", 3, "2027-01-13");
    check_add("2027-02-18", 2, "2027-02-20"); // the working Saturday counts
    check_add("2027-02-18", 3, "2027-02-24");
    check_add("2025-10-31", 1, "2025-11-01");
    check_add("2025-10-31", 2, "2025-11-05");
}

#[test]
fn adding_many_working_days_past_the_list_jumps_whole_weeks() {
    check_add("2027-12-30", 1, "2028-01-03");
    check_add("2027-12-31", 5, "2028-01-07");
    check_add("2027-12-31", 6, "2028-01-10");
    check_add("2028-01-05", 10, "2028-01-19"); // Wednesday + two weeks
    check_add("2028-01-08", 10, "2028-01-21"); // Saturday + two weeks
    check_add("2026-12-30", 20, "2027-02-05"); // steps inside the list
    check_add("2030-01-01", u32::MAX, "9999-12-31");
}

#[test]
fn working_days_are_counted_over_inclusive_ranges() {
    let russia = ProductionCalendar::russia_default();
    let count = |first, last| russia.working_days_in(date(first), date(last));
    assert_eq!(count("2026-11-02", "2026-11-08"), 4);
    assert_eq!(count("2026-12-31", "2027-01-10"), 0);
    assert_eq!(count("2026-11-05", "2026-11-05"), 1);
    assert_eq!(count("2026-11-06", "2026-11-05"), 0);
}

#[track_caller]
fn check_parse(text: &str, expected: Result<&[(&str, DayKind)], &[&str]>) {
    let actual = ProductionCalendar::parse(text);
    match expected {
        Ok(overrides) => {
            let got: Vec<(String, DayKind)> = actual
                .unwrap()
                .overrides()
                .map(|(d, k)| (d.to_string(), k))
                .collect();
            let want: Vec<(String, DayKind)> =
                overrides.iter().map(|(d, k)| (d.to_string(), *k)).collect();
            assert_eq!(got, want);
        }
        Err(errors) => {
            let got: Vec<String> = actual.unwrap_err().iter().map(|e| e.to_string()).collect();
            assert_eq!(got, errors);
        }
    }
}

#[test]
fn the_admin_text_reads_dates_kinds_and_skips_comments() {
    use DayKind::{Holiday, Working};
    check_parse("", Ok(&[]));
    check_parse("# only a comment\n\n   \n", Ok(&[]));
    check_parse("2026-11-04,holiday", Ok(&[("2026-11-04", Holiday)]));
    check_parse(
        " 2027-02-22 , holiday # moved\r\n2027-02-20,working\n",
        Ok(&[("2027-02-20", Working), ("2027-02-22", Holiday)]),
    );
    check_parse("2026-03-08,holiday", Ok(&[("2026-03-08", Holiday)])); // a Sunday holiday is listed
}

#[test]
fn bad_admin_lines_are_reported_by_line_number() {
    check_parse(
        "2026-11-04",
        Err(&["line 1: expected `YYYY-MM-DD,holiday` or `YYYY-MM-DD,working`, got `2026-11-04`"]),
    );
    check_parse(
        "# header\n2026-11-04,holiday,extra",
        Err(&[
            "line 2: expected `YYYY-MM-DD,holiday` or `YYYY-MM-DD,working`, got `2026-11-04,holiday,extra`",
        ]),
    );
    check_parse(
        "04.11.2026,holiday\n2026-02-30,holiday\n2026-11-04T00:00,holiday",
        Err(&[
            "line 1: `04.11.2026` is not a date written YYYY-MM-DD",
            "line 2: `2026-02-30` is not a date written YYYY-MM-DD",
            "line 3: `2026-11-04T00:00` is not a date written YYYY-MM-DD",
        ]),
    );
    check_parse(
        "2026-11-04,выходной\n2026-11-05,Holiday",
        Err(&[
            "line 1: `выходной` is not a day kind (holiday or working)",
            "line 2: `Holiday` is not a day kind (holiday or working)",
        ]),
    );
    check_parse(
        "2026-11-04,holiday\n\n2026-11-04,holiday\n2026-11-05,working",
        Err(&[
            "line 3: 2026-11-04 is listed twice",
            "line 4: 2026-11-05 is a weekday, only a saturday or sunday can be made working",
        ]),
    );
}

#[test]
fn the_calendar_text_round_trips_with_year_headers() {
    let calendar = ProductionCalendar::new([
        (date("2027-01-01"), DayKind::Holiday),
        (date("2026-12-31"), DayKind::Holiday),
        (date("2027-02-20"), DayKind::Working),
    ])
    .unwrap();
    let text = calendar.to_text();
    assert_eq!(
        text,
        "# 2026\n2026-12-31,holiday\n\n# 2027\n2027-01-01,holiday\n2027-02-20,working\n"
    );
    assert_eq!(ProductionCalendar::parse(&text), Ok(calendar));
    let russia = ProductionCalendar::russia_default();
    assert_eq!(ProductionCalendar::parse(&russia.to_text()), Ok(russia));
}

#[test]
fn building_from_a_list_rejects_duplicates_and_working_weekdays() {
    let check = |list: &[(&str, DayKind)], expected: Result<usize, CalendarError>| {
        let built = ProductionCalendar::new(list.iter().map(|(d, k)| (date(d), *k)));
        assert_eq!(built.map(|c| c.overrides().count()), expected);
    };
    check(&[], Ok(0));
    check(&[("2026-11-07", DayKind::Working)], Ok(1));
    check(
        &[
            ("2026-11-04", DayKind::Holiday),
            ("2026-11-04", DayKind::Holiday),
        ],
        Err(CalendarError::Duplicate {
            date: date("2026-11-04"),
        }),
    );
    check(
        &[("2026-11-05", DayKind::Working)],
        Err(CalendarError::WorkingWeekday {
            date: date("2026-11-05"),
        }),
    );
}

#[test]
fn years_without_overrides_are_reported_as_missing() {
    let russia = ProductionCalendar::russia_default();
    assert!(russia.has_year(2025));
    assert!(russia.has_year(2027));
    assert!(!russia.has_year(2028));
    assert!(!ProductionCalendar::default().has_year(2026));
}

#[test]
fn day_kinds_round_trip_through_their_codes() {
    for kind in DayKind::ALL {
        assert_eq!(DayKind::from_code(kind.as_code()), Some(kind));
    }
    assert_eq!(DayKind::from_code("Holiday"), None);
}
