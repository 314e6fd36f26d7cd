//! The weekly and season reports as Excel workbooks: a summary sheet and a
//! sheet per breakdown (a row per week with its Monday as a date cell, a column
//! per category, district or organization, typed numbers), plus deadlines met
//! by organization. Rendering only: the figures come from `app::stats::report`.

use domain::category::Category;
use jiff::civil::{Date, Time};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::app::AppError;
use crate::app::stats::report::Report;
use crate::app::stats::{Breakdown, Weekly};
use crate::web::i18n::Tr;
use crate::web::i18n::stats::StatsMsg;

/// `report-weekly-2026-11-23.xlsx` (the first day covered): ASCII, safe in a header.
pub fn file_name(report: &Report) -> String {
    let district = report
        .summary
        .district_id
        .map(|d| format!("-district-{}", d.0))
        .unwrap_or_default();
    format!(
        "report-{}{district}-{}.xlsx",
        report.kind.as_code(),
        report.to
    )
}

/// The report as XLSX bytes.
pub fn report(t: Tr, report: &Report) -> Result<Vec<u8>, AppError> {
    write(t, report).map_err(|e| AppError::Internal(anyhow::Error::new(e).context("report xlsx")))
}

struct Formats {
    header: Format,
    date: Format,
    number: Format,
    percent: Format,
}

fn write(t: Tr, r: &Report) -> Result<Vec<u8>, XlsxError> {
    let f = Formats {
        header: Format::new()
            .set_bold()
            .set_background_color("#EEF1F4")
            .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin),
        date: Format::new().set_num_format("dd.mm.yyyy"),
        number: Format::new().set_num_format("#,##0"),
        percent: Format::new().set_num_format("0.0%"),
    };
    let mut wb = Workbook::new();
    summary_sheet(t, &f, wb.add_worksheet(), r)?;
    for w in [&r.by_category, &r.by_district, &r.by_organization] {
        weekly_sheet(t, &f, wb.add_worksheet(), w)?;
    }
    deadlines_sheet(t, &f, wb.add_worksheet(), r)?;
    wb.save_to_buffer()
}

fn day(d: Date) -> jiff::civil::DateTime {
    d.to_datetime(Time::midnight())
}

fn summary_sheet(t: Tr, f: &Formats, ws: &mut Worksheet, r: &Report) -> Result<(), XlsxError> {
    ws.set_name(t.stmsg(StatsMsg::Summary))?;
    ws.set_column_width(0, 48)?;
    ws.set_column_width(1, 14)?;
    let s = &r.summary;
    let v = &s.volume;
    ws.write_with_format(0, 0, t.stmsg(StatsMsg::Indicator), &f.header)?;
    ws.write_with_format(0, 1, t.stmsg(StatsMsg::Value), &f.header)?;
    let mut row = 1;
    let mut date_row = |ws: &mut Worksheet, label: StatsMsg, d: Date| -> Result<(), XlsxError> {
        ws.write(row, 0, t.stmsg(label))?;
        ws.write_datetime_with_format(row, 1, day(d), &f.date)?;
        row += 1;
        Ok(())
    };
    date_row(ws, StatsMsg::From, r.from)?;
    date_row(ws, StatsMsg::To, r.to)?;
    date_row(ws, StatsMsg::SeasonStart, s.season_start)?;
    let numbers = [
        (StatsMsg::SeasonTotal, Some(v.total)),
        (StatsMsg::ThisWeek, Some(v.this_week.tickets)),
        (StatsMsg::LastWeek, Some(v.last_week.tickets)),
        (StatsMsg::PeakWeek, v.peak_week.map(|p| p.tickets)),
        (StatsMsg::BillingTotal, Some(s.billing_total)),
        (StatsMsg::BillingAnswered, Some(s.billing_answered)),
        (
            StatsMsg::CallbackCalls,
            i64::try_from(s.callbacks.calls).ok(),
        ),
        (
            StatsMsg::CallbackSolved,
            i64::try_from(s.callbacks.solved).ok(),
        ),
        (StatsMsg::OverdueNow, Some(s.overdue_now)),
    ];
    for (label, n) in numbers {
        ws.write(row, 0, t.stmsg(label))?;
        if let Some(n) = n {
            ws.write_number_with_format(row, 1, n as f64, &f.number)?;
        }
        row += 1;
    }
    let shares = [
        (StatsMsg::BillingShare, s.billing_answered_share),
        (StatsMsg::CallbackShare, s.callbacks.share_solved()),
    ];
    for (label, share) in shares {
        ws.write(row, 0, t.stmsg(label))?;
        if let Some(x) = share {
            ws.write_number_with_format(row, 1, x, &f.percent)?;
        }
        row += 1;
    }
    ws.write(row, 0, t.stmsg(StatsMsg::PeakToLast))?;
    if let Some(x) = s.fall_from_peak {
        ws.write_number_with_format(row, 1, x, &Format::new().set_num_format("0.0"))?;
    }
    if let Some(p) = v.peak_week {
        row += 1;
        ws.write(row, 0, t.stmsg(StatsMsg::PeakWeekStart))?;
        ws.write_datetime_with_format(row, 1, day(p.monday), &f.date)?;
    }
    Ok(())
}

/// A series' label: the category's name, the district's or organization's, or "none".
pub fn series_name(t: Tr, by: Breakdown, key: &str, name: &str) -> String {
    match by {
        Breakdown::Category => {
            Category::from_code(key).map_or_else(|| key.to_string(), |c| t.category(c).to_string())
        }
        Breakdown::District if key == "0" => t.stmsg(StatsMsg::NoDistrict).to_string(),
        Breakdown::Organization if key == "0" => t.stmsg(StatsMsg::NoOrganization).to_string(),
        _ => name.to_string(),
    }
}

fn weekly_sheet(t: Tr, f: &Formats, ws: &mut Worksheet, w: &Weekly) -> Result<(), XlsxError> {
    let title = match w.by {
        Breakdown::Category => StatsMsg::SheetCategories,
        Breakdown::District => StatsMsg::SheetDistricts,
        Breakdown::Organization => StatsMsg::SheetOrganizations,
    };
    ws.set_name(t.stmsg(title))?;
    ws.write_with_format(0, 0, t.stmsg(StatsMsg::Week), &f.header)?;
    ws.set_column_width(0, 12)?;
    let mut col: u16 = 1;
    for s in &w.series {
        let name = series_name(t, w.by, &s.key, &s.name);
        let width = (name.chars().count().clamp(8, 40) + 2) as f64;
        ws.set_column_width(col, width)?;
        ws.write_with_format(0, col, name, &f.header)?;
        col += 1;
    }
    ws.write_with_format(0, col, t.stmsg(StatsMsg::Total), &f.header)?;
    ws.set_column_width(col, 10)?;
    for (i, monday) in w.weeks.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        ws.write_datetime_with_format(row, 0, day(*monday), &f.date)?;
        for (k, s) in w.series.iter().enumerate() {
            let c = u16::try_from(k + 1).unwrap_or(u16::MAX);
            ws.write_number_with_format(row, c, s.counts[i] as f64, &f.number)?;
        }
        ws.write_number_with_format(row, col, w.totals[i] as f64, &f.number)?;
    }
    ws.set_freeze_panes(1, 1)?;
    Ok(())
}

fn deadlines_sheet(t: Tr, f: &Formats, ws: &mut Worksheet, r: &Report) -> Result<(), XlsxError> {
    ws.set_name(t.stmsg(StatsMsg::SheetDeadlines))?;
    let headers = [
        (t.stmsg(StatsMsg::Organization), 40.0),
        (t.stmsg(StatsMsg::Closed), 12.0),
        (t.stmsg(StatsMsg::OnTime), 12.0),
        (t.stmsg(StatsMsg::Late), 14.0),
        (t.stmsg(StatsMsg::OnTimeShare), 12.0),
    ];
    for (c, (h, width)) in (0u16..).zip(headers) {
        ws.write_with_format(0, c, h, &f.header)?;
        ws.set_column_width(c, width)?;
    }
    for (row, d) in (1u32..).zip(&r.deadlines) {
        ws.write(row, 0, &d.name)?;
        ws.write_number_with_format(row, 1, d.closed as f64, &f.number)?;
        ws.write_number_with_format(row, 2, d.on_time as f64, &f.number)?;
        ws.write_number_with_format(row, 3, (d.closed - d.on_time) as f64, &f.number)?;
        if let Some(x) = d.share_on_time() {
            ws.write_number_with_format(row, 4, x, &f.percent)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}
