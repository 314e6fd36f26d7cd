//! HQ data as display tables, shared by the workspace, the agenda page and
//! its print version: every agenda section becomes headers and rows of
//! cells, so the templates stay one loop.

use domain::directive::DirectiveStatus;
use domain::hq_agenda::AgendaEntry;
use domain::hq_meeting::Hq;
use domain::quality_callback::stats::CallbackStats as CallbackCounts;
use store::hq_agenda::{BuildingCount, InspectionLine, OverdueCount, ReopenedTicket};

use crate::app::directive::DirectiveView;
use crate::app::hq::agenda::{Agenda, CallbackWeeks, PartContent, SectionContent};
use crate::web::i18n::hq::HqMsg;
use crate::web::i18n::{Msg, Tr};

/// One table cell.
pub struct Cell {
    pub text: String,
    pub href: Option<String>,
    /// Right-aligned figures.
    pub num: bool,
    /// A badge class (`overdue`, `closed`, …) when the cell is a status.
    pub badge: Option<&'static str>,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            href: None,
            num: false,
            badge: None,
        }
    }

    pub fn num(n: i64) -> Cell {
        Cell {
            num: true,
            ..Cell::text(n.to_string())
        }
    }

    pub fn link(text: impl Into<String>, href: String) -> Cell {
        Cell {
            href: Some(href),
            ..Cell::text(text)
        }
    }

    pub fn badge(text: impl Into<String>, class: &'static str) -> Cell {
        Cell {
            badge: Some(class),
            ..Cell::text(text)
        }
    }
}

pub struct Table {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// One numbered place of an agenda as shown.
pub struct PartView {
    pub key: String,
    pub number: usize,
    pub title: String,
    pub note: Option<String>,
    /// `None` for a staff item.
    pub table: Option<Table>,
    pub first: bool,
    pub last: bool,
}

pub fn parts(t: Tr, agenda: &Agenda) -> Vec<PartView> {
    let n = agenda.parts.len();
    agenda
        .parts
        .iter()
        .enumerate()
        .map(|(idx, part)| {
            let (title, note, table) = match (&part.content, part.entry) {
                (PartContent::Item(item), _) => (item.title.clone(), item.note.clone(), None),
                (PartContent::Section(section), AgendaEntry::Section(s)) => (
                    t.agenda_section(s).to_string(),
                    None,
                    Some(section_table(t, agenda.meeting.hq, section)),
                ),
                (PartContent::Section(section), AgendaEntry::Item(_)) => (
                    String::new(),
                    None,
                    Some(section_table(t, agenda.meeting.hq, section)),
                ),
            };
            PartView {
                key: part.entry.key(),
                number: idx + 1,
                title,
                note,
                table,
                first: idx == 0,
                last: idx + 1 == n,
            }
        })
        .collect()
}

/// A generated section as a table; a new section kind adds its arm here.
fn section_table(t: Tr, hq: Hq, section: &SectionContent) -> Table {
    match section {
        SectionContent::WeekFigures(figures) => {
            let total = (t.hq(HqMsg::Total), figures.total);
            let rows = figures
                .by_category
                .iter()
                .map(|(c, w)| (t.category(*c), *w))
                .chain(std::iter::once(total))
                .map(|(label, w)| {
                    let percent = w
                        .percent_change()
                        .map(|p| format!("{p:+}%"))
                        .unwrap_or_default();
                    vec![
                        Cell::text(label),
                        Cell::num(w.reported),
                        Cell::num(w.previous),
                        Cell {
                            num: true,
                            ..Cell::text(format!("{:+} {percent}", w.delta()))
                        },
                    ]
                })
                .chain(callback_rows(t, &figures.callbacks))
                .collect();
            Table {
                headers: vec![
                    t.msg(Msg::Category),
                    t.hq(HqMsg::ReportedWeek),
                    t.hq(HqMsg::PreviousWeek),
                    t.hq(HqMsg::Change),
                ],
                rows,
            }
        }
        SectionContent::RepeatBuildings(list) => buildings(t, list),
        SectionContent::Inspections(list) => inspections(t, list),
        SectionContent::OverdueTickets(list) => overdue(t, hq, list),
        SectionContent::OverdueRemarks(list) => overdue_remarks(t, list),
        SectionContent::ReopenedTickets(list) => reopened(t, list),
        SectionContent::CarriedOverDirectives(list) => directives(t, list),
    }
}

/// The quality callbacks' calls and solved share under the week's tickets.
fn callback_rows(t: Tr, weeks: &CallbackWeeks) -> [Vec<Cell>; 2] {
    let calls = |c: &CallbackCounts| c.calls as i64;
    let share = |c: &CallbackCounts| {
        let text = c
            .share_solved()
            .map(|s| format!("{:.0}", s * 100.0))
            .unwrap_or_else(|| "—".into());
        Cell {
            num: true,
            ..Cell::text(text)
        }
    };
    let (now, before) = (&weeks.reported, &weeks.previous);
    [
        vec![
            Cell::text(t.hq(HqMsg::CallbackCalls)),
            Cell::num(calls(now)),
            Cell::num(calls(before)),
            Cell {
                num: true,
                ..Cell::text(format!("{:+}", calls(now) - calls(before)))
            },
        ],
        vec![
            Cell::text(t.hq(HqMsg::CallbackSolvedShare)),
            share(now),
            share(before),
            Cell::text(""),
        ],
    ]
}

pub fn buildings(t: Tr, list: &[BuildingCount]) -> Table {
    Table {
        headers: vec![
            t.msg(Msg::Address),
            t.hq(HqMsg::Tickets),
            t.hq(HqMsg::HeatingTickets),
        ],
        rows: list
            .iter()
            .map(|b| {
                vec![
                    Cell::text(b.address.clone()),
                    Cell::num(b.tickets),
                    Cell::num(b.heating),
                ]
            })
            .collect(),
    }
}

pub fn overdue(t: Tr, hq: Hq, list: &[OverdueCount]) -> Table {
    let district = hq
        .district_id()
        .map(|d| format!("&district_id={}", d.0))
        .unwrap_or_default();
    Table {
        headers: vec![
            t.msg(Msg::Organization),
            t.hq(HqMsg::Tickets),
            t.hq(HqMsg::OldestDue),
        ],
        rows: list
            .iter()
            .map(|o| {
                let href = format!(
                    "/tickets?overdue=true&organization_id={}{district}",
                    o.organization_id.0
                );
                vec![
                    Cell::link(o.organization.clone(), href),
                    Cell::num(o.count),
                    Cell::text(t.datetime(o.oldest_due_at)),
                ]
            })
            .collect(),
    }
}

pub fn overdue_remarks(t: Tr, list: &[OverdueCount]) -> Table {
    Table {
        headers: vec![
            t.msg(Msg::Organization),
            t.hq(HqMsg::Remarks),
            t.hq(HqMsg::OldestDue),
        ],
        rows: list
            .iter()
            .map(|o| {
                vec![
                    Cell::link(o.organization.clone(), "/remarks?overdue=true".to_string()),
                    Cell::num(o.count),
                    Cell::text(t.datetime(o.oldest_due_at)),
                ]
            })
            .collect(),
    }
}

pub fn inspections(t: Tr, list: &[InspectionLine]) -> Table {
    Table {
        headers: vec![
            t.msg(Msg::Address),
            t.hq(HqMsg::Status),
            t.hq(HqMsg::Opened),
            t.hq(HqMsg::Visit),
            t.hq(HqMsg::Tickets),
            t.hq(HqMsg::Violations),
            t.hq(HqMsg::OpenRemarks),
        ],
        rows: list
            .iter()
            .map(|i| {
                let visit = i.completed_at.or(i.visit_at);
                vec![
                    Cell::link(i.address.clone(), format!("/inspections/{}", i.id.0)),
                    Cell::text(t.inspection_status(i.status)),
                    Cell::text(t.datetime(i.opened_at)),
                    Cell::text(visit.map(|at| t.datetime(at)).unwrap_or_default()),
                    Cell::num(i.tickets),
                    Cell::num(i.violations),
                    Cell::num(i.open_remarks),
                ]
            })
            .collect(),
    }
}

pub fn reopened(t: Tr, list: &[ReopenedTicket]) -> Table {
    Table {
        headers: vec![
            t.msg(Msg::Number),
            t.msg(Msg::Address),
            t.msg(Msg::Organization),
            t.hq(HqMsg::ReopenedAt),
            t.msg(Msg::Status),
        ],
        rows: list
            .iter()
            .map(|r| {
                let mut reopened = t.datetime(r.reopened_at);
                if let Some(comment) = &r.comment {
                    reopened = format!("{reopened}: {comment}");
                }
                vec![
                    Cell::link(r.number.to_string(), format!("/tickets/{}", r.id.0)),
                    Cell::text(r.address.clone().unwrap_or_default()),
                    Cell::text(r.organization.clone().unwrap_or_default()),
                    Cell::text(reopened),
                    Cell::text(t.status(r.status)),
                ]
            })
            .collect(),
    }
}

pub fn escalated(t: Tr, list: &[store::hq_agenda::EscalatedTicket]) -> Table {
    Table {
        headers: vec![
            t.msg(Msg::Number),
            t.msg(Msg::Category),
            t.msg(Msg::Address),
            t.msg(Msg::Organization),
            t.msg(Msg::Due),
        ],
        rows: list
            .iter()
            .map(|e| {
                vec![
                    Cell::link(e.number.to_string(), format!("/tickets/{}", e.id.0)),
                    Cell::text(t.category(e.category)),
                    Cell::text(e.address.clone().unwrap_or_default()),
                    Cell::text(e.organization.clone().unwrap_or_default()),
                    Cell::text(t.datetime(e.due_at)),
                ]
            })
            .collect(),
    }
}

pub fn directive_badge(status: DirectiveStatus) -> &'static str {
    match status {
        DirectiveStatus::Open => "",
        DirectiveStatus::Done => "closed",
        DirectiveStatus::Overdue => "overdue",
    }
}

pub fn directives(t: Tr, list: &[DirectiveView]) -> Table {
    Table {
        headers: vec![
            t.hq(HqMsg::Text),
            t.hq(HqMsg::Owner),
            t.hq(HqMsg::Deadline),
            t.hq(HqMsg::Status),
        ],
        rows: list
            .iter()
            .map(|d| {
                let mut text = d.directive.text.clone();
                if !d.links.is_empty() {
                    let links: Vec<&str> = d.links.iter().map(|l| l.label.as_str()).collect();
                    text = format!("{text} ({})", links.join(", "));
                }
                if let Some(done) = d.directive.completion() {
                    text = format!("{text} — {}: {}", t.hq(HqMsg::Report), done.report);
                }
                vec![
                    Cell::text(text),
                    Cell::text(t.directive_owner(d.directive.owner, &d.owner_name)),
                    Cell::text(t.datetime(d.directive.deadline())),
                    Cell::badge(t.directive_status(d.status), directive_badge(d.status)),
                ]
            })
            .collect(),
    }
}
