//! A meeting's agenda (повестка): the sections built from the data, the items
//! staff add, and the order they are taken in.
//!
//! Sections are generated: their content is counted by the store for the
//! weeks `hq_meeting::agenda_weeks` names, so this module holds only which
//! sections exist, their default order, how a stored order is merged with
//! sections added after it was stored, and week-over-week arithmetic. It
//! deliberately does not know the figures themselves.

/// A generated part of every agenda. A new kind of section (inspections,
/// remarks, quality callbacks) is a new variant here and a builder in
/// `app::hq::agenda`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgendaSection {
    /// The reported week's tickets against the week before, in all and by category.
    WeekFigures,
    /// Buildings with the most tickets in the reported week.
    RepeatBuildings,
    /// Joint inspections still to be visited, and those completed in the
    /// reported week with what their acts found.
    Inspections,
    /// Open tickets past their deadline at the meeting, by organization.
    OverdueTickets,
    /// Inspection remarks not eliminated by their deadline, by organization.
    OverdueRemarks,
    /// Tickets returned for more work since the reported week began.
    ReopenedTickets,
    /// Directives overdue at the meeting's start (`directive::carried_over`).
    CarriedOverDirectives,
}

impl AgendaSection {
    /// Every section, in the default order of a new agenda.
    pub const ALL: [AgendaSection; 7] = [
        AgendaSection::WeekFigures,
        AgendaSection::RepeatBuildings,
        AgendaSection::Inspections,
        AgendaSection::OverdueTickets,
        AgendaSection::OverdueRemarks,
        AgendaSection::ReopenedTickets,
        AgendaSection::CarriedOverDirectives,
    ];

    pub fn as_code(self) -> &'static str {
        match self {
            AgendaSection::WeekFigures => "week_figures",
            AgendaSection::RepeatBuildings => "repeat_buildings",
            AgendaSection::Inspections => "inspections",
            AgendaSection::OverdueTickets => "overdue_tickets",
            AgendaSection::OverdueRemarks => "overdue_remarks",
            AgendaSection::ReopenedTickets => "reopened_tickets",
            AgendaSection::CarriedOverDirectives => "carried_over_directives",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "week_figures" => AgendaSection::WeekFigures,
            "repeat_buildings" => AgendaSection::RepeatBuildings,
            "inspections" => AgendaSection::Inspections,
            "overdue_tickets" => AgendaSection::OverdueTickets,
            "overdue_remarks" => AgendaSection::OverdueRemarks,
            "reopened_tickets" => AgendaSection::ReopenedTickets,
            "carried_over_directives" => AgendaSection::CarriedOverDirectives,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AgendaItemId(pub i64);

/// An item staff added to an agenda: a question to take up, with a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaItem {
    pub id: AgendaItemId,
    pub title: String,
    pub note: Option<String>,
}

/// One place in an agenda's order: a generated section or an item staff added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgendaEntry {
    Section(AgendaSection),
    Item(AgendaItemId),
}

impl AgendaEntry {
    /// The key an entry is addressed by: a section's code, or `item:<id>`.
    pub fn key(self) -> String {
        match self {
            AgendaEntry::Section(section) => section.as_code().to_string(),
            AgendaEntry::Item(id) => format!("item:{}", id.0),
        }
    }

    pub fn from_key(key: &str) -> Option<AgendaEntry> {
        if let Some(id) = key.strip_prefix("item:") {
            return id
                .parse()
                .ok()
                .map(|id| AgendaEntry::Item(AgendaItemId(id)));
        }
        AgendaSection::from_code(key).map(AgendaEntry::Section)
    }
}

/// The order an agenda is taken in: the stored order first (positions staff
/// set), then every section the stored order does not name, in the default
/// order. So a section that Heatline gains after a meeting was opened still
/// appears, at the end, and nothing is listed twice.
pub fn arrange(stored: &[AgendaEntry]) -> Vec<AgendaEntry> {
    let mut order: Vec<AgendaEntry> = Vec::with_capacity(stored.len() + AgendaSection::ALL.len());
    for entry in stored {
        if !order.contains(entry) {
            order.push(*entry);
        }
    }
    for section in AgendaSection::ALL {
        let entry = AgendaEntry::Section(section);
        if !order.contains(&entry) {
            order.push(entry);
        }
    }
    order
}

/// Which way an entry moves in the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

/// The order with `entry` swapped with its neighbour; `None` when the entry is
/// not in the order or already first (up) or last (down).
pub fn move_entry(
    order: &[AgendaEntry],
    entry: AgendaEntry,
    direction: Direction,
) -> Option<Vec<AgendaEntry>> {
    let idx = order.iter().position(|e| *e == entry)?;
    let other = match direction {
        Direction::Up => idx.checked_sub(1)?,
        Direction::Down => Some(idx + 1).filter(|i| *i < order.len())?,
    };
    let mut moved = order.to_vec();
    moved.swap(idx, other);
    Some(moved)
}

/// A count for the reported week and the week before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WeekCount {
    pub reported: i64,
    pub previous: i64,
}

impl WeekCount {
    /// Reported minus previous: negative when fewer tickets came.
    pub fn delta(self) -> i64 {
        self.reported - self.previous
    }

    /// The change in percent of the previous week, rounded to a whole
    /// percent; `None` when the previous week had nothing to compare with.
    pub fn percent_change(self) -> Option<i64> {
        if self.previous == 0 {
            return None;
        }
        let percent = (self.delta() as f64) * 100.0 / (self.previous as f64);
        Some(percent.round() as i64)
    }
}

#[cfg(test)]
mod tests;
