//! A ticket list as a download: XLSX (typed cells: dates as dates, a frozen
//! header with a filter, column widths) or CSV (UTF-8 with a BOM so Excel reads
//! Cyrillic; `;` between fields for Russian, as Russian Excel expects, `,` for
//! English). Rendering only: the rows come from `app::ticket::export`, the words
//! from `i18n`. Name and phone columns exist only when the export carries
//! personal data.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use crate::app::AppError;
use crate::app::ticket::export::{ExportRow, TicketExport};
use crate::web::i18n::export::ExportColumn;
use crate::web::i18n::{Locale, Tr};

/// A list download's format, from `format=` in the list URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

impl ExportFormat {
    /// `None` for an absent or empty `format`: the list itself is wanted.
    pub fn parse(code: Option<&str>) -> Result<Option<ExportFormat>, AppError> {
        match code.map(str::trim) {
            None | Some("") => Ok(None),
            Some("csv") => Ok(Some(ExportFormat::Csv)),
            Some("xlsx") => Ok(Some(ExportFormat::Xlsx)),
            Some(_) => Err(AppError::Invalid(crate::app::FieldErrors::one(
                "format",
                crate::app::Problem::UnknownCode,
            ))),
        }
    }
}

/// The export as a download named `tickets-<city date>.<ext>`.
pub fn response(
    t: Tr,
    format: ExportFormat,
    export: &TicketExport,
    now: Timestamp,
) -> Result<Response, AppError> {
    let date = domain::calendar::city_date(now);
    let (bytes, content_type, ext) = match format {
        ExportFormat::Csv => (csv(t, export)?, "text/csv; charset=utf-8", "csv"),
        ExportFormat::Xlsx => (
            xlsx(t, export)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
    };
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"tickets-{date}.{ext}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The columns in order, with their XLSX widths in characters.
fn columns(export: &TicketExport) -> Vec<(ExportColumn, f64)> {
    let mut columns = vec![
        (ExportColumn::Number, 14.0),
        (ExportColumn::Created, 17.0),
        (ExportColumn::Status, 14.0),
        (ExportColumn::Category, 18.0),
        (ExportColumn::Channel, 12.0),
        (ExportColumn::Address, 36.0),
        (ExportColumn::Apartment, 9.0),
        (ExportColumn::District, 18.0),
        (ExportColumn::Organization, 28.0),
        (ExportColumn::Due, 17.0),
        (ExportColumn::Overdue, 11.0),
        (ExportColumn::Closed, 17.0),
        (ExportColumn::Resolution, 18.0),
        (ExportColumn::ResolutionText, 40.0),
        (ExportColumn::Description, 60.0),
    ];
    if export.personal_data {
        columns.push((ExportColumn::ResidentName, 24.0));
        columns.push((ExportColumn::Phone, 18.0));
    }
    columns
}

/// A cell before it is written: text, a city date-time, or nothing.
enum Cell {
    Text(String),
    At(Timestamp),
    Empty,
}

fn cell(t: Tr, row: &ExportRow, column: ExportColumn) -> Cell {
    let ticket = &row.ticket;
    let text = |s: Option<&str>| s.map_or(Cell::Empty, |s| Cell::Text(s.to_string()));
    let at = |at: Option<Timestamp>| at.map_or(Cell::Empty, Cell::At);
    match column {
        ExportColumn::Number => Cell::Text(ticket.number.to_string()),
        ExportColumn::Created => Cell::At(ticket.created_at),
        ExportColumn::Status => Cell::Text(t.status(ticket.status()).into()),
        ExportColumn::Category => Cell::Text(t.category(ticket.category).into()),
        ExportColumn::Channel => Cell::Text(t.channel(ticket.channel).into()),
        ExportColumn::Address => text(row.address.as_deref()),
        ExportColumn::Apartment => text(ticket.apartment.as_deref()),
        ExportColumn::District => text(row.district.as_deref()),
        ExportColumn::Organization => text(row.organization.as_deref()),
        ExportColumn::Due => at(ticket.due_at()),
        ExportColumn::Overdue => Cell::Text(t.yes_no(row.overdue).into()),
        ExportColumn::Closed => at(ticket.closed_at()),
        ExportColumn::Resolution => text(ticket.resolution().map(|r| t.resolution(r))),
        ExportColumn::ResolutionText => text(ticket.resolution_text()),
        ExportColumn::Description => Cell::Text(ticket.description.clone()),
        ExportColumn::ResidentName => text(ticket.resident_name.as_deref()),
        ExportColumn::Phone => Cell::Text(ticket.phone.display()),
    }
}

fn csv(t: Tr, export: &TicketExport) -> Result<Vec<u8>, AppError> {
    let columns = columns(export);
    let delimiter = match t.locale {
        Locale::Ru => b';',
        Locale::En => b',',
    };
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .from_writer(&mut out);
        let fail = |e: csv::Error| AppError::Internal(anyhow::Error::new(e).context("tickets csv"));
        writer
            .write_record(columns.iter().map(|(c, _)| t.export_column(*c)))
            .map_err(fail)?;
        for row in &export.rows {
            let record = columns.iter().map(|(c, _)| match cell(t, row, *c) {
                Cell::Text(s) => s,
                Cell::At(at) => csv_datetime(at),
                Cell::Empty => String::new(),
            });
            writer.write_record(record).map_err(fail)?;
        }
        writer
            .flush()
            .map_err(|e| AppError::Internal(anyhow::Error::new(e).context("tickets csv")))?;
    }
    Ok(out)
}

/// `2026-11-24 20:37` in city time: a form every spreadsheet reads as a date.
fn csv_datetime(at: Timestamp) -> String {
    domain::calendar::in_city(at)
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

fn xlsx(t: Tr, export: &TicketExport) -> Result<Vec<u8>, AppError> {
    write_xlsx(t, export)
        .map_err(|e| AppError::Internal(anyhow::Error::new(e).context("tickets xlsx")))
}

fn write_xlsx(t: Tr, export: &TicketExport) -> Result<Vec<u8>, XlsxError> {
    let columns = columns(export);
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    ws.set_name(t.export_sheet())?;
    let header = Format::new()
        .set_bold()
        .set_background_color("#EEF1F4")
        .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
    let text = Format::new().set_align(FormatAlign::Top);
    let datetime = Format::new()
        .set_num_format("dd.mm.yyyy hh:mm")
        .set_align(FormatAlign::Top);
    for (col, (column, width)) in columns.iter().enumerate() {
        let col = col as u16;
        ws.set_column_width(col, *width)?;
        ws.write_string_with_format(0, col, t.export_column(*column), &header)?;
    }
    for (idx, row) in export.rows.iter().enumerate() {
        let r = idx as u32 + 1;
        for (col, (column, _)) in columns.iter().enumerate() {
            let col = col as u16;
            match cell(t, row, *column) {
                Cell::Text(s) => ws.write_string_with_format(r, col, s, &text)?,
                Cell::At(at) => ws.write_datetime_with_format(
                    r,
                    col,
                    domain::calendar::in_city(at).datetime(),
                    &datetime,
                )?,
                Cell::Empty => ws,
            };
        }
    }
    ws.set_freeze_panes(1, 0)?;
    let last_col = columns.len().saturating_sub(1) as u16;
    ws.autofilter(0, 0, export.rows.len() as u32, last_col)?;
    workbook.save_to_buffer()
}
