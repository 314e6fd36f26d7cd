//! The building registry CSV as `heatline import buildings` reads it, before
//! any database work: no panic, and a row is either imported whole with
//! checked values or named among the errors.
#![no_main]

use heatline::app::import;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = import::parse(data);
    let mut previous_line = 1;
    for row in &parsed.rows {
        assert!(row.line > previous_line, "rows out of order: {}", row.line);
        previous_line = row.line;
        for value in [
            &row.address,
            &row.district,
            &row.management_company,
            &row.heat_supplier,
        ] {
            assert!(!value.is_empty() && value.trim() == value, "{value:?}");
        }
        assert!(row.latitude.is_none_or(|v| (-90.0..=90.0).contains(&v)));
        assert!(row.longitude.is_none_or(|v| (-180.0..=180.0).contains(&v)));
        assert!(row.apartments.is_none_or(|v| (1..=10_000).contains(&v)));
        assert!(row.year_built.is_none_or(|v| (1700..=2100).contains(&v)));
        assert!(
            parsed.errors.iter().all(|e| e.line != row.line),
            "line {} both imported and rejected",
            row.line
        );
        let _ = heatline::app::address::building_key(&row.address);
    }
    for error in &parsed.errors {
        assert!(error.line >= 1, "{error}");
    }
});
