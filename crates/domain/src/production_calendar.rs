//! The production calendar (производственный календарь): which city dates are
//! working days. Monday to Friday work and the weekend rests, except for the
//! listed overrides: public holidays, days off moved onto weekdays and
//! Saturdays made working by the Government's yearly transfer decree.
//!
//! It knows dates only; which date an instant falls on is `calendar`'s job. It
//! does not know shortened pre-holiday days (they are still working days) nor
//! six-day weeks. Years beyond the listed ones fall back to plain weekends, so
//! the admin must add each new year's list when its decree is published.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::Span;
use jiff::civil::Date;

use crate::calendar::is_weekend;

/// How an override changes a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// Not worked: a public holiday or a day off moved onto a weekday.
    Holiday,
    /// Worked although it is a Saturday or Sunday.
    Working,
}

impl DayKind {
    pub const ALL: [DayKind; 2] = [DayKind::Holiday, DayKind::Working];

    pub fn as_code(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::Working => "working",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "holiday" => Some(DayKind::Holiday),
            "working" => Some(DayKind::Working),
            _ => None,
        }
    }
}

/// A list of overrides that cannot make a calendar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("{date} is listed twice")]
    Duplicate { date: Date },
    /// Weekdays already work; a `working` weekday is almost surely a mistyped date.
    #[error("{date} is a weekday, only a saturday or sunday can be made working")]
    WorkingWeekday { date: Date },
}

/// What is wrong with one line of the overrides text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OverrideProblem {
    #[error("expected `YYYY-MM-DD,holiday` or `YYYY-MM-DD,working`, got `{text}`")]
    Shape { text: String },
    #[error("`{text}` is not a date written YYYY-MM-DD")]
    Date { text: String },
    #[error("`{text}` is not a day kind (holiday or working)")]
    Kind { text: String },
    #[error(transparent)]
    Calendar(#[from] CalendarError),
}

/// A bad line of the overrides text, numbered from 1 as an editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct OverrideLineError {
    pub line: usize,
    pub problem: OverrideProblem,
}

/// Working days of the city: weekends plus dated overrides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductionCalendar {
    overrides: BTreeMap<Date, DayKind>,
}

/// Federal holidays and transfers for 2025–2027, with their sources.
const RUSSIA: &str = include_str!("production_calendar/russia.txt");
/// Bashkortostan's regional holidays for 2025–2027, with their sources.
const BASHKORTOSTAN: &str = include_str!("production_calendar/bashkortostan.txt");

impl ProductionCalendar {
    /// A calendar from `(date, kind)` overrides; each date at most once, and
    /// `Working` only on a Saturday or Sunday.
    pub fn new(
        overrides: impl IntoIterator<Item = (Date, DayKind)>,
    ) -> Result<Self, CalendarError> {
        let mut calendar = ProductionCalendar::default();
        for (date, kind) in overrides {
            calendar.insert(date, kind)?;
        }
        Ok(calendar)
    }

    /// Russia's federal calendar for 2025, 2026 and 2027: the holidays of
    /// ТК РФ ст. 112 and the transfers of the Government's decrees № 1335
    /// (2025), № 1466 (2026) and № 1187 (2027). `russia.txt` lists every line
    /// with its reason.
    pub fn russia_default() -> Self {
        ProductionCalendar::parse(RUSSIA).expect("the bundled federal calendar is valid")
    }

    /// Ufa's calendar: the federal one plus the Republic of Bashkortostan's
    /// holidays (Ураза-байрам, Курбан-байрам, Republic Day), which the city's
    /// organizations and HQs do not work either.
    pub fn bashkortostan_default() -> Self {
        let text = format!("{RUSSIA}\n{BASHKORTOSTAN}");
        ProductionCalendar::parse(&text).expect("the bundled regional calendar is valid")
    }

    /// Parses the admin's text: one `YYYY-MM-DD,holiday|working` a line,
    /// blank lines and `#` comments ignored. Reports every bad line.
    pub fn parse(text: &str) -> Result<Self, Vec<OverrideLineError>> {
        let mut calendar = ProductionCalendar::default();
        let mut errors = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let added = parse_line(raw).and_then(|parsed| match parsed {
                Some((date, kind)) => Ok(calendar.insert(date, kind)?),
                None => Ok(()),
            });
            if let Err(problem) = added {
                errors.push(OverrideLineError {
                    line: index + 1,
                    problem,
                });
            }
        }
        if errors.is_empty() {
            Ok(calendar)
        } else {
            Err(errors)
        }
    }

    /// The overrides as text [`ProductionCalendar::parse`] reads back, a
    /// `# YYYY` comment before each year.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let mut year = None;
        for (date, kind) in self.overrides() {
            if year != Some(date.year()) {
                if year.is_some() {
                    out.push('\n');
                }
                year = Some(date.year());
                let _ = writeln!(out, "# {}", date.year());
            }
            let _ = writeln!(out, "{date},{}", kind.as_code());
        }
        out
    }

    /// The overrides in date order, for the admin to list and edit.
    pub fn overrides(&self) -> impl Iterator<Item = (Date, DayKind)> + '_ {
        self.overrides.iter().map(|(date, kind)| (*date, *kind))
    }

    /// Whether any override falls in `year`. Every Russian year has its
    /// January holidays, so a year without one has not been entered yet.
    pub fn has_year(&self, year: i16) -> bool {
        self.overrides.keys().any(|date| date.year() == year)
    }

    /// Whether people work on `date`.
    pub fn is_working_day(&self, date: Date) -> bool {
        match self.overrides.get(&date) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Working) => true,
            None => !is_weekend(date),
        }
    }

    /// The `n`-th working day after `from`, not counting `from` itself (so
    /// `n = 0` gives `from`). Saturates at the last representable date.
    pub fn add_working_days(&self, from: Date, n: u32) -> Date {
        let mut date = from;
        let mut left = n;
        while left > 0 {
            if left > 5 && self.is_past_overrides(date) {
                // Without overrides any 7 consecutive days hold exactly 5 working days.
                let weeks = (left - 1) / 5;
                let Ok(jump) = Span::new().try_days(i64::from(weeks) * 7) else {
                    return Date::MAX;
                };
                let Ok(next) = date.checked_add(jump) else {
                    return Date::MAX;
                };
                date = next;
                left -= weeks * 5;
                continue;
            }
            let Ok(next) = date.tomorrow() else {
                return Date::MAX;
            };
            date = next;
            if self.is_working_day(date) {
                left -= 1;
            }
        }
        date
    }

    /// How many working days `first..=last` holds (0 when `last < first`).
    pub fn working_days_in(&self, first: Date, last: Date) -> u32 {
        let mut count = 0;
        let mut date = first;
        while date <= last {
            count += u32::from(self.is_working_day(date));
            let Ok(next) = date.tomorrow() else { break };
            date = next;
        }
        count
    }

    fn insert(&mut self, date: Date, kind: DayKind) -> Result<(), CalendarError> {
        if kind == DayKind::Working && !is_weekend(date) {
            return Err(CalendarError::WorkingWeekday { date });
        }
        if self.overrides.contains_key(&date) {
            return Err(CalendarError::Duplicate { date });
        }
        self.overrides.insert(date, kind);
        Ok(())
    }

    /// No override comes after `date`.
    fn is_past_overrides(&self, date: Date) -> bool {
        self.overrides
            .last_key_value()
            .is_none_or(|(last, _)| *last <= date)
    }
}

/// One line of the overrides text; `None` for a blank or comment line.
fn parse_line(raw: &str) -> Result<Option<(Date, DayKind)>, OverrideProblem> {
    let text = raw.split_once('#').map_or(raw, |(data, _)| data).trim();
    if text.is_empty() {
        return Ok(None);
    }
    let shape = || OverrideProblem::Shape {
        text: text.to_string(),
    };
    let (date, kind) = text.split_once(',').ok_or_else(shape)?;
    if kind.contains(',') {
        return Err(shape());
    }
    let (date, kind) = (date.trim(), kind.trim());
    let date = parse_date(date).ok_or_else(|| OverrideProblem::Date {
        text: date.to_string(),
    })?;
    let kind = DayKind::from_code(kind).ok_or_else(|| OverrideProblem::Kind {
        text: kind.to_string(),
    })?;
    Ok(Some((date, kind)))
}

/// Exactly `YYYY-MM-DD`: jiff alone would also take a date with a time.
fn parse_date(text: &str) -> Option<Date> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if shaped { text.parse().ok() } else { None }
}

#[cfg(test)]
mod tests;
