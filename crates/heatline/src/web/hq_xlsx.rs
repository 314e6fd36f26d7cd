//! A meeting's agenda as an Excel workbook: one sheet, a block per agenda
//! part, numbers and dates as typed cells (dates in city time) so the HQ can
//! sort and sum them. Rendering only: the agenda comes from `app::hq::agenda`,
//! the words from `i18n`.

use domain::directive::DirectiveOwner;
use jiff::Timestamp;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};
use store::hq_agenda::OverdueCount;

use crate::app::AppError;
use crate::app::directive::DirectiveView;
use crate::app::hq::agenda::{Agenda, CallbackWeeks, PartContent, SectionContent};
use crate::web::i18n::hq::HqMsg;
use crate::web::i18n::{Msg, Tr};

/// The sheet's name, also checked by the tests.
pub fn sheet_name(t: Tr) -> &'static str {
    t.hq(HqMsg::Agenda)
}

/// `agenda-district-3-2026-11-24.xlsx`: ASCII, safe in a header.
pub fn file_name(agenda: &Agenda) -> String {
    format!(
        "agenda-{}-{}.xlsx",
        agenda.meeting.hq.code().replace(':', "-"),
        agenda.meeting.date
    )
}

/// The agenda as XLSX bytes.
pub fn agenda(t: Tr, agenda: &Agenda) -> Result<Vec<u8>, AppError> {
    write(t, agenda).map_err(|e| AppError::Internal(anyhow::Error::new(e).context("agenda xlsx")))
}

struct Formats {
    title: Format,
    heading: Format,
    header: Format,
    text: Format,
    number: Format,
    percent: Format,
    datetime: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            heading: Format::new().set_bold().set_font_size(12),
            header: Format::new()
                .set_bold()
                .set_background_color("#EEF1F4")
                .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin),
            text: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            number: Format::new()
                .set_num_format("0")
                .set_align(FormatAlign::Top),
            percent: Format::new()
                .set_num_format("+0%;-0%;0%")
                .set_align(FormatAlign::Top),
            datetime: Format::new()
                .set_num_format("dd.mm.yyyy hh:mm")
                .set_align(FormatAlign::Top),
        }
    }
}

/// Rows are written top to bottom; `row` is the next free one.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    f: Formats,
    t: Tr,
    row: u32,
}

fn write(t: Tr, agenda: &Agenda) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    ws.set_name(sheet_name(t))?;
    ws.set_paper_size(9); // A4
    ws.set_portrait();
    ws.set_print_fit_to_pages(1, 0);
    for (col, width) in [
        (0u16, 58.0),
        (1, 26.0),
        (2, 16.0),
        (3, 18.0),
        (4, 14.0),
        (5, 14.0),
        (6, 14.0),
    ] {
        ws.set_column_width(col, width)?;
    }
    let mut sheet = Sheet {
        ws,
        f: Formats::new(),
        t,
        row: 0,
    };
    sheet.title(agenda)?;
    for (idx, part) in agenda.parts.iter().enumerate() {
        sheet.row += 1;
        match &part.content {
            PartContent::Item(item) => {
                let heading = format!("{}. {}", idx + 1, item.title);
                sheet.heading(&heading)?;
                if let Some(note) = &item.note {
                    sheet
                        .ws
                        .write_string_with_format(sheet.row, 0, note, &sheet.f.text)?;
                    sheet.row += 1;
                }
            }
            PartContent::Section(section) => {
                if let domain::hq_agenda::AgendaEntry::Section(s) = part.entry {
                    let heading = format!("{}. {}", idx + 1, t.agenda_section(s));
                    sheet.heading(&heading)?;
                }
                sheet.section(section)?;
            }
        }
    }
    sheet.row += 1;
    sheet.heading(t.hq(HqMsg::Decisions))?;
    sheet.directives(&agenda.decided)?;
    workbook.save_to_buffer()
}

impl Sheet<'_> {
    fn title(&mut self, agenda: &Agenda) -> Result<(), XlsxError> {
        let t = self.t;
        let title = format!(
            "{}: {} — {} {}",
            t.hq(HqMsg::Agenda),
            t.hq_name(&agenda.info),
            t.meeting_kind(agenda.meeting.kind),
            t.datetime(agenda.meeting.starts_at)
        );
        self.ws
            .write_string_with_format(self.row, 0, &title, &self.f.title)?;
        self.row += 1;
        let weeks = format!(
            "{}: {} – {}; {}: {} – {}; {} {}",
            t.hq(HqMsg::ReportedWeek),
            t.date(agenda.weeks.reported.monday()),
            t.date(agenda.weeks.reported.sunday()),
            t.hq(HqMsg::PreviousWeek),
            t.date(agenda.weeks.previous.monday()),
            t.date(agenda.weeks.previous.sunday()),
            t.hq(HqMsg::FiguresAsOf),
            t.datetime(agenda.as_of),
        );
        self.ws.write_string(self.row, 0, &weeks)?;
        self.row += 1;
        if !agenda.week_complete {
            self.ws
                .write_string(self.row, 0, t.hq(HqMsg::WeekRunning))?;
            self.row += 1;
        }
        Ok(())
    }

    fn heading(&mut self, text: &str) -> Result<(), XlsxError> {
        self.ws
            .write_string_with_format(self.row, 0, text, &self.f.heading)?;
        self.row += 1;
        Ok(())
    }

    fn header(&mut self, labels: &[&str]) -> Result<(), XlsxError> {
        for (col, label) in labels.iter().enumerate() {
            self.ws
                .write_string_with_format(self.row, col as u16, *label, &self.f.header)?;
        }
        self.row += 1;
        Ok(())
    }

    fn text(&mut self, col: u16, text: &str) -> Result<(), XlsxError> {
        self.ws
            .write_string_with_format(self.row, col, text, &self.f.text)?;
        Ok(())
    }

    fn number(&mut self, col: u16, n: i64) -> Result<(), XlsxError> {
        self.ws
            .write_number_with_format(self.row, col, n as f64, &self.f.number)?;
        Ok(())
    }

    fn datetime(&mut self, col: u16, at: Timestamp) -> Result<(), XlsxError> {
        let local = domain::calendar::in_city(at).datetime();
        self.ws
            .write_datetime_with_format(self.row, col, local, &self.f.datetime)?;
        Ok(())
    }

    /// The week's quality callbacks under its tickets: calls, then the
    /// solved share as a percent cell.
    fn callbacks(&mut self, weeks: &CallbackWeeks) -> Result<(), XlsxError> {
        let (now, before) = (&weeks.reported, &weeks.previous);
        self.text(0, self.t.hq(HqMsg::CallbackCalls))?;
        self.number(1, now.calls as i64)?;
        self.number(2, before.calls as i64)?;
        self.number(3, now.calls as i64 - before.calls as i64)?;
        self.row += 1;
        self.text(0, self.t.hq(HqMsg::CallbackSolvedShare))?;
        for (col, counts) in [(1, now), (2, before)] {
            if let Some(share) = counts.share_solved() {
                self.ws
                    .write_number_with_format(self.row, col, share, &self.f.percent)?;
            }
        }
        self.row += 1;
        Ok(())
    }

    fn nothing(&mut self) -> Result<(), XlsxError> {
        let none = self.t.hq(HqMsg::NothingHere);
        self.text(0, none)?;
        self.row += 1;
        Ok(())
    }

    fn section(&mut self, section: &SectionContent) -> Result<(), XlsxError> {
        let t = self.t;
        match section {
            SectionContent::WeekFigures(figures) => {
                self.header(&[
                    t.msg(Msg::Category),
                    t.hq(HqMsg::ReportedWeek),
                    t.hq(HqMsg::PreviousWeek),
                    t.hq(HqMsg::Change),
                    "%",
                ])?;
                let total = (t.hq(HqMsg::Total), figures.total);
                let rows = figures
                    .by_category
                    .iter()
                    .map(|(c, w)| (t.category(*c), *w))
                    .chain(std::iter::once(total));
                for (label, week) in rows {
                    self.text(0, label)?;
                    self.number(1, week.reported)?;
                    self.number(2, week.previous)?;
                    self.number(3, week.delta())?;
                    if let Some(p) = week.percent_change() {
                        self.ws.write_number_with_format(
                            self.row,
                            4,
                            p as f64 / 100.0,
                            &self.f.percent,
                        )?;
                    }
                    self.row += 1;
                }
                self.callbacks(&figures.callbacks)?;
            }
            SectionContent::RepeatBuildings(list) => {
                if list.is_empty() {
                    return self.nothing();
                }
                self.header(&[
                    t.msg(Msg::Address),
                    t.hq(HqMsg::Tickets),
                    t.hq(HqMsg::HeatingTickets),
                ])?;
                for b in list {
                    self.text(0, &b.address)?;
                    self.number(1, b.tickets)?;
                    self.number(2, b.heating)?;
                    self.row += 1;
                }
            }
            SectionContent::OverdueTickets(list) => self.overdue(t.hq(HqMsg::Tickets), list)?,
            SectionContent::OverdueRemarks(list) => self.overdue(t.hq(HqMsg::Remarks), list)?,
            SectionContent::Inspections(list) => {
                if list.is_empty() {
                    return self.nothing();
                }
                self.header(&[
                    t.msg(Msg::Address),
                    t.hq(HqMsg::Status),
                    t.hq(HqMsg::Opened),
                    t.hq(HqMsg::Visit),
                    t.hq(HqMsg::Tickets),
                    t.hq(HqMsg::Violations),
                    t.hq(HqMsg::OpenRemarks),
                ])?;
                for i in list {
                    self.text(0, &i.address)?;
                    self.text(1, t.inspection_status(i.status))?;
                    self.datetime(2, i.opened_at)?;
                    if let Some(at) = i.completed_at.or(i.visit_at) {
                        self.datetime(3, at)?;
                    }
                    self.number(4, i.tickets)?;
                    self.number(5, i.violations)?;
                    self.number(6, i.open_remarks)?;
                    self.row += 1;
                }
            }
            SectionContent::ReopenedTickets(list) => {
                if list.is_empty() {
                    return self.nothing();
                }
                self.header(&[
                    t.msg(Msg::Address),
                    t.msg(Msg::Organization),
                    t.msg(Msg::Number),
                    t.hq(HqMsg::ReopenedAt),
                    t.msg(Msg::Status),
                ])?;
                for r in list {
                    self.text(0, r.address.as_deref().unwrap_or(""))?;
                    self.text(1, r.organization.as_deref().unwrap_or(""))?;
                    self.text(2, &r.number.to_string())?;
                    self.datetime(3, r.reopened_at)?;
                    self.text(4, t.status(r.status))?;
                    self.row += 1;
                }
            }
            SectionContent::CarriedOverDirectives(list) => self.directives(list)?,
        }
        Ok(())
    }

    /// Overdue tickets or remarks by organization; `what` heads the count.
    fn overdue(&mut self, what: &str, list: &[OverdueCount]) -> Result<(), XlsxError> {
        if list.is_empty() {
            return self.nothing();
        }
        let t = self.t;
        self.header(&[t.msg(Msg::Organization), what, t.hq(HqMsg::OldestDue)])?;
        for o in list {
            self.text(0, &o.organization)?;
            self.number(1, o.count)?;
            self.datetime(2, o.oldest_due_at)?;
            self.row += 1;
        }
        Ok(())
    }

    fn directives(&mut self, list: &[DirectiveView]) -> Result<(), XlsxError> {
        if list.is_empty() {
            return self.nothing();
        }
        let t = self.t;
        self.header(&[
            t.hq(HqMsg::Text),
            t.hq(HqMsg::Owner),
            t.hq(HqMsg::Deadline),
            t.hq(HqMsg::Status),
        ])?;
        for d in list {
            let mut text = d.directive.text.clone();
            if let Some(done) = d.directive.completion() {
                text = format!("{text}\n{}: {}", t.hq(HqMsg::Report), done.report);
            }
            self.text(0, &text)?;
            let owner = match d.directive.owner {
                owner @ DirectiveOwner::District(_) => t.directive_owner(owner, &d.owner_name),
                _ => d.owner_name.clone(),
            };
            self.text(1, &owner)?;
            self.datetime(2, d.directive.deadline())?;
            self.text(3, t.directive_status(d.status))?;
            self.row += 1;
        }
        Ok(())
    }
}
