//! Properties of the CSV reading: generated registry files, with columns in
//! any order, quoted fields spanning lines and one bad row, read back into
//! exactly their good rows and one error naming the bad row's line and field.

use proptest::prelude::*;

use crate::app::import::{ParsedCsv, Row, parse};

const COLUMNS: [&str; 8] = [
    "address",
    "district",
    "management_company",
    "heat_supplier",
    "latitude",
    "longitude",
    "apartments",
    "year_built",
];

/// A good row's values as written (numbers as text) and as expected back.
#[derive(Debug, Clone)]
struct Generated {
    cells: [String; 8],
    row: Row,
}

fn name() -> impl Strategy<Value = String> {
    "[А-Яа-я][А-ЯЁа-яё0-9 «»\",.-]{0,12}[А-Яа-я]"
}

fn address() -> impl Strategy<Value = String> {
    (name(), 1u32..300, any::<bool>()).prop_map(|(street, house, two_lines)| {
        let separator = if two_lines { ",\n" } else { ", " };
        format!("ул. {street}{separator}д. {house}")
    })
}

/// A decimal number written with a dot or, as Russian spreadsheets do, a comma.
fn decimal(range: std::ops::RangeInclusive<f64>) -> impl Strategy<Value = (String, f64)> {
    (range, any::<bool>()).prop_map(|(value, comma)| {
        let text = value.to_string();
        let text = if comma { text.replace('.', ",") } else { text };
        (text, value)
    })
}

fn good_row() -> impl Strategy<Value = Generated> {
    (
        (address(), name(), name(), name()),
        proptest::option::of(decimal(-90.0..=90.0)),
        proptest::option::of(decimal(-180.0..=180.0)),
        proptest::option::of(1i64..=10_000),
        proptest::option::of(1700i64..=2100),
    )
        .prop_map(
            |((address, district, company, supplier), lat, long, apartments, year)| {
                let text =
                    |v: &Option<(String, f64)>| v.as_ref().map_or(String::new(), |v| v.0.clone());
                let whole = |v: Option<i64>| v.map_or(String::new(), |v| v.to_string());
                Generated {
                    cells: [
                        format!(" {address} "),
                        district.clone(),
                        company.clone(),
                        supplier.clone(),
                        text(&lat),
                        text(&long),
                        whole(apartments),
                        whole(year),
                    ],
                    row: Row {
                        line: 0,
                        address,
                        district,
                        management_company: company,
                        heat_supplier: supplier,
                        latitude: lat.map(|v| v.1),
                        longitude: long.map(|v| v.1),
                        apartments,
                        year_built: year,
                    },
                }
            },
        )
}

/// A field made bad: the column, the text put there and the problem named.
fn bad_cell() -> impl Strategy<Value = (usize, String, &'static str)> {
    prop_oneof![
        (0usize..4, "[ \t]{0,3}").prop_map(|(column, blank)| (column, blank, "is empty")),
        (4usize..6, "[a-zA-Zа-я]{1,8}")
            // Rust reads `inf` and `NaN` as numbers, which are then out of range.
            .prop_filter("a word that is no float", |(_, text)| text
                .parse::<f64>()
                .is_err())
            .prop_map(|(c, text)| (c, text, "is not a number")),
        (90.001f64..1e6, any::<bool>()).prop_map(|(v, neg)| {
            (4, (if neg { -v } else { v }).to_string(), "is out of range")
        }),
        (180.001f64..1e6).prop_map(|v| (5, v.to_string(), "is out of range")),
        (6usize..8, "[0-9]{1,3}[.,][0-9]|[a-z]{1,4}").prop_map(|(c, text)| (
            c,
            text,
            "is not a whole number"
        )),
        (10_001i64..i64::MAX).prop_map(|v| (6, v.to_string(), "is out of range")),
        prop_oneof![-100_000i64..1700, 2101i64..100_000].prop_map(|v| (
            7,
            v.to_string(),
            "is out of range"
        )),
    ]
}

/// Writes the header in `order` and the rows; returns the text and the line
/// each row starts on.
fn write_csv(order: &[usize], rows: &[[String; 8]], crlf: bool) -> (String, Vec<u64>) {
    let terminator = if crlf {
        csv::Terminator::CRLF
    } else {
        csv::Terminator::Any(b'\n')
    };
    let mut writer = csv::WriterBuilder::new()
        .terminator(terminator)
        .from_writer(Vec::new());
    writer
        .write_record(order.iter().map(|idx| COLUMNS[*idx]))
        .unwrap();
    let mut lines = Vec::new();
    for cells in rows {
        writer.flush().unwrap();
        let newlines = writer.get_ref().iter().filter(|b| **b == b'\n').count();
        lines.push(newlines as u64 + 1);
        writer
            .write_record(order.iter().map(|idx| cells[*idx].as_str()))
            .unwrap();
    }
    let bytes = writer.into_inner().unwrap();
    (String::from_utf8(bytes).unwrap(), lines)
}

fn columns_in_any_order() -> impl Strategy<Value = Vec<usize>> {
    Just((0..COLUMNS.len()).collect::<Vec<_>>()).prop_shuffle()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn good_rows_read_back_whole_with_their_lines(
        order in columns_in_any_order(),
        rows in proptest::collection::vec(good_row(), 0..12),
        crlf in any::<bool>(),
    ) {
        let cells: Vec<[String; 8]> = rows.iter().map(|r| r.cells.clone()).collect();
        let (text, lines) = write_csv(&order, &cells, crlf);
        let expected: Vec<Row> = rows
            .iter()
            .zip(&lines)
            .map(|(generated, line)| Row { line: *line, ..generated.row.clone() })
            .collect();
        prop_assert_eq!(parse(text.as_bytes()), ParsedCsv { rows: expected, errors: Vec::new() });
    }

    #[test]
    fn a_bad_row_is_named_by_its_line_and_field_and_left_out(
        order in columns_in_any_order(),
        rows in proptest::collection::vec(good_row(), 1..12),
        bad_at in any::<proptest::sample::Index>(),
        (column, bad_text, problem) in bad_cell(),
        crlf in any::<bool>(),
    ) {
        let bad_idx = bad_at.index(rows.len());
        let mut cells: Vec<[String; 8]> = rows.iter().map(|r| r.cells.clone()).collect();
        cells[bad_idx][column] = bad_text;
        let (text, lines) = write_csv(&order, &cells, crlf);

        let parsed = parse(text.as_bytes());

        let errors: Vec<(u64, &str, &str)> = parsed
            .errors
            .iter()
            .map(|e| (e.line, e.field.as_str(), e.problem.as_str()))
            .collect();
        prop_assert_eq!(errors, vec![(lines[bad_idx], COLUMNS[column], problem)], "{}", text);
        let imported: Vec<u64> = parsed.rows.iter().map(|row| row.line).collect();
        let good: Vec<u64> = lines
            .iter()
            .enumerate()
            .filter(|(idx, _)| *idx != bad_idx)
            .map(|(_, line)| *line)
            .collect();
        prop_assert_eq!(imported, good);
    }

    #[test]
    fn any_bytes_are_read_without_panicking(data in proptest::collection::vec(any::<u8>(), 0..400)) {
        let parsed = parse(data.as_slice());
        for row in &parsed.rows {
            prop_assert!(!row.address.is_empty());
            prop_assert!(parsed.errors.iter().all(|e| e.line != row.line));
        }
    }
}

#[test]
fn a_missing_column_rejects_the_whole_file_at_the_header() {
    let parsed = parse("address,district,heat_supplier\nЛенина 5,Кировский,РСО\n".as_bytes());
    assert!(parsed.rows.is_empty());
    assert_eq!(parsed.errors.len(), 1);
    assert_eq!(
        (parsed.errors[0].line, parsed.errors[0].field.as_str()),
        (1, "header")
    );
    assert_eq!(
        parsed.errors[0].problem,
        "missing columns: management_company"
    );
}

#[test]
fn crlf_files_name_the_bad_rows_own_line() {
    // csv counted a `\r\n` line's `\n` with the next record: one line short.
    let text = "address,district,management_company,heat_supplier\r\n\
                Ленина 5,Кировский,УК,РСО\r\n\
                Ленина 7,,УК,РСО\r\n\
                \r\n\
                \"Ленина\r\n9\",Кировский,,РСО\r\n";
    let parsed = parse(text.as_bytes());
    let errors: Vec<(u64, &str)> = parsed
        .errors
        .iter()
        .map(|e| (e.line, e.field.as_str()))
        .collect();
    assert_eq!(errors, [(3, "district"), (5, "management_company")]);
    let lines: Vec<u64> = parsed.rows.iter().map(|row| row.line).collect();
    assert_eq!(lines, [2]);
}

#[test]
fn a_lone_carriage_return_ends_a_line_too() {
    // Found by the fuzzer: csv splits records at `\r`, so two records shared
    // one line number, one imported and one rejected.
    let text = "address,district,management_company,heat_supplier\rЛенина 5,Кировский,УК,РСО\rЛенина 7,,УК,РСО\r";
    let parsed = parse(text.as_bytes());
    let lines: Vec<u64> = parsed.rows.iter().map(|row| row.line).collect();
    assert_eq!(lines, [2]);
    assert_eq!(
        (parsed.errors[0].line, parsed.errors[0].field.as_str()),
        (3, "district")
    );
}
