//! Bulk import of the building registry from CSV.
//!
//! Header `address,district,management_company,heat_supplier` and optionally
//! `latitude,longitude,apartments,year_built`. Districts and organizations are
//! matched by name and created when new. A bad row is reported by line and field
//! and skipped; good rows import. Re-importing a file changes nothing.

use std::collections::HashMap;
use std::io::Read;

use domain::building::fold;
use domain::district::DistrictId;
use domain::organization::{OrganizationId, OrganizationKind};
use store::building::{BuildingRecord, Upserted};
use store::db::WriteTx;

use crate::app::{Actor, AppError, Ctx, internal};

/// Rows written per transaction: big enough to amortize the commit's sync.
const BATCH: usize = 2000;

/// One rejected row or header problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub line: u64,
    pub field: String,
    pub problem: String,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}: {}", self.line, self.field, self.problem)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub errors: Vec<ImportError>,
}

/// One good row of the registry CSV, its values trimmed and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The line the row starts on, the header being line 1.
    pub line: u64,
    pub address: String,
    pub district: String,
    pub management_company: String,
    pub heat_supplier: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub apartments: Option<i64>,
    pub year_built: Option<i64>,
}

/// The registry CSV read without touching the database: the good rows, and
/// one error per bad field or unreadable row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedCsv {
    pub rows: Vec<Row>,
    pub errors: Vec<ImportError>,
}

const REQUIRED: [&str; 4] = ["address", "district", "management_company", "heat_supplier"];

/// Imports buildings from CSV text; only the admin may.
#[tracing::instrument(skip_all)]
pub async fn import_buildings(
    ctx: &Ctx,
    actor: &Actor,
    input: impl Read,
) -> Result<ImportReport, AppError> {
    actor.require(&[domain::user::Role::Admin])?;
    let ParsedCsv { rows, errors } = parse(input);
    let mut report = ImportReport {
        errors,
        ..ImportReport::default()
    };
    let mut names = Names::default();
    for chunk in rows.chunks(BATCH) {
        let mut tx = ctx
            .db
            .begin_write()
            .await
            .map_err(internal("importing buildings"))?;
        let now = ctx.now();
        for row in chunk {
            let record = BuildingRecord {
                key: crate::app::address::building_key(&row.address),
                address: row.address.clone(),
                district_id: names.district(&mut tx, &row.district).await?,
                management_company_id: names
                    .organization(
                        &mut tx,
                        &row.management_company,
                        OrganizationKind::ManagementCompany,
                    )
                    .await?,
                heat_supplier_id: names
                    .organization(&mut tx, &row.heat_supplier, OrganizationKind::HeatSupplier)
                    .await?,
                latitude: row.latitude,
                longitude: row.longitude,
                apartments: row.apartments,
                year_built: row.year_built,
            };
            match store::building::upsert(&mut tx, &record, now)
                .await
                .map_err(internal("importing buildings"))?
            {
                Upserted::Inserted(_) => report.inserted += 1,
                Upserted::Updated(_) => report.updated += 1,
                Upserted::Unchanged(_) => report.unchanged += 1,
            }
        }
        tx.commit().await.map_err(internal("importing buildings"))?;
    }
    Ok(report)
}

/// Reads and checks the CSV; a bad row is left out and named by line and field.
pub fn parse(input: impl Read) -> ParsedCsv {
    let mut errors = Vec::new();
    let rows = read_rows(input, &mut errors);
    ParsedCsv { rows, errors }
}

fn read_rows(mut input: impl Read, errors: &mut Vec<ImportError>) -> Vec<Row> {
    let mut bytes = Vec::new();
    if let Err(e) = input.read_to_end(&mut bytes) {
        errors.push(ImportError {
            line: 1,
            field: "file".into(),
            problem: e.to_string(),
        });
        return Vec::new();
    }
    let mut lines = Lines {
        bytes: &bytes,
        offset: 0,
        line: 1,
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes.as_slice());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|s| s.trim_start_matches('\u{feff}').to_lowercase())
            .collect(),
        Err(e) => {
            errors.push(ImportError {
                line: 1,
                field: "header".into(),
                problem: e.to_string(),
            });
            return Vec::new();
        }
    };
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| !header.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        errors.push(ImportError {
            line: 1,
            field: "header".into(),
            problem: format!("missing columns: {}", missing.join(", ")),
        });
        return Vec::new();
    }
    let col = |name: &str| header.iter().position(|h| h == name);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.at(p.byte()));
                errors.push(ImportError {
                    line,
                    field: "row".into(),
                    problem: e.to_string(),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| lines.at(p.byte()));
        let get = |name: &str| {
            col(name)
                .and_then(|i| record.get(i))
                .unwrap_or("")
                .to_string()
        };
        let mut bad = |field: &str, problem: &str| {
            errors.push(ImportError {
                line,
                field: field.into(),
                problem: problem.into(),
            });
        };
        let mut ok = true;
        for field in REQUIRED {
            if get(field).is_empty() {
                bad(field, "is empty");
                ok = false;
            }
        }
        let latitude = number(&get("latitude"), -90.0..=90.0)
            .map_err(|p| bad("latitude", p))
            .ok();
        let longitude = number(&get("longitude"), -180.0..=180.0)
            .map_err(|p| bad("longitude", p))
            .ok();
        let apartments = integer(&get("apartments"), 1..=10_000)
            .map_err(|p| bad("apartments", p))
            .ok();
        let year_built = integer(&get("year_built"), 1700..=2100)
            .map_err(|p| bad("year_built", p))
            .ok();
        let (Some(latitude), Some(longitude), Some(apartments), Some(year_built)) =
            (latitude, longitude, apartments, year_built)
        else {
            continue;
        };
        if !ok {
            continue;
        }
        rows.push(Row {
            line,
            address: get("address"),
            district: get("district"),
            management_company: get("management_company"),
            heat_supplier: get("heat_supplier"),
            latitude,
            longitude,
            apartments,
            year_built,
        });
    }
    rows
}

/// Line numbers counted from byte offsets. The csv crate's own count lags one
/// line behind after a `\r\n` line end (the `\n` is read with the next
/// record), which named the line above the bad row in files from Excel, and
/// it never counts a lone `\r`, which it does read as a line end.
struct Lines<'a> {
    bytes: &'a [u8],
    /// Where counting stopped, and the line there.
    offset: usize,
    line: u64,
}

impl Lines<'_> {
    /// The line of a record csv reports at byte `offset`: its first byte is
    /// past the line breaks (and blank lines) before it. Records come in order.
    fn at(&mut self, offset: u64) -> u64 {
        let len = self.bytes.len();
        let mut start = usize::try_from(offset).map_or(len, |o| o.min(len));
        while start < len && matches!(self.bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        let start = start.max(self.offset);
        // `\r\n`, `\n` and a lone `\r` each end a line, as csv reads them.
        let newlines = (self.offset..start)
            .filter(|idx| match self.bytes[*idx] {
                b'\n' => true,
                b'\r' => self.bytes.get(idx + 1) != Some(&b'\n'),
                _ => false,
            })
            .count();
        self.line += newlines as u64;
        self.offset = start;
        self.line
    }
}

fn number(text: &str, range: std::ops::RangeInclusive<f64>) -> Result<Option<f64>, &'static str> {
    if text.is_empty() {
        return Ok(None);
    }
    let value: f64 = text
        .replace(',', ".")
        .parse()
        .map_err(|_| "is not a number")?;
    if range.contains(&value) {
        Ok(Some(value))
    } else {
        Err("is out of range")
    }
}

fn integer(text: &str, range: std::ops::RangeInclusive<i64>) -> Result<Option<i64>, &'static str> {
    if text.is_empty() {
        return Ok(None);
    }
    let value: i64 = text.parse().map_err(|_| "is not a whole number")?;
    if range.contains(&value) {
        Ok(Some(value))
    } else {
        Err("is out of range")
    }
}

/// Districts and organizations by folded name, found or created once per import.
#[derive(Default)]
struct Names {
    districts: HashMap<String, DistrictId>,
    organizations: HashMap<String, OrganizationId>,
}

impl Names {
    async fn district(&mut self, tx: &mut WriteTx, name: &str) -> Result<DistrictId, AppError> {
        if let Some(id) = self.districts.get(&fold(name)) {
            return Ok(*id);
        }
        let id = match store::district::find_by_name(tx, name)
            .await
            .map_err(internal("finding district"))?
        {
            Some(id) => id,
            None => store::district::insert(tx, name)
                .await
                .map_err(internal("creating district"))?,
        };
        self.districts.insert(fold(name), id);
        Ok(id)
    }

    async fn organization(
        &mut self,
        tx: &mut WriteTx,
        name: &str,
        kind: OrganizationKind,
    ) -> Result<OrganizationId, AppError> {
        if let Some(id) = self.organizations.get(&fold(name)) {
            return Ok(*id);
        }
        let id = match store::organization::find_by_name(tx, name)
            .await
            .map_err(internal("finding organization"))?
        {
            Some(org) => org.id,
            None => store::organization::insert(tx, name, kind, None)
                .await
                .map_err(internal("creating organization"))?,
        };
        self.organizations.insert(fold(name), id);
        Ok(id)
    }
}

#[cfg(test)]
mod tests;
