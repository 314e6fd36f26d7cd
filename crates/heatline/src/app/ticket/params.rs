//! Ticket list filters as typed in a URL, parsed into a query with every bad
//! field named.

use domain::category::Category;
use domain::organization::OrganizationId;
use domain::phone::Phone;
use store::ticket::{TicketFilter, TicketSort};

use crate::app::ticket::TicketQuery;
use crate::app::{AppError, FieldErrors, Problem};

/// A ticket list's filters as typed in a URL; [`TicketListParams::parse`] names every bad one.
#[derive(Debug, Clone, Default)]
pub struct TicketListParams {
    pub status: Option<String>,
    pub category: Option<String>,
    pub district_id: Option<String>,
    pub organization_id: Option<String>,
    pub building_id: Option<String>,
    pub phone: Option<String>,
    /// `true` or `1`: only open tickets past their deadline.
    pub overdue: Option<String>,
    /// City dates `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    pub q: Option<String>,
    /// `true` or `1`: only tickets not closed.
    pub open: Option<String>,
    /// `created`, `due` or `status`, ascending; `-created` (the default),
    /// `-due`, `-status` descending.
    pub sort: Option<String>,
    pub page: Option<String>,
    pub page_size: Option<String>,
}

impl TicketListParams {
    pub fn parse(&self, now: jiff::Timestamp) -> Result<TicketQuery, AppError> {
        let mut errors = FieldErrors::default();
        let mut filter = TicketFilter {
            status: code(
                &mut errors,
                "status",
                &self.status,
                domain::ticket::TicketStatus::from_code,
            ),
            category: code(&mut errors, "category", &self.category, Category::from_code),
            district_id: id(&mut errors, "district_id", &self.district_id)
                .map(domain::district::DistrictId),
            organization_id: id(&mut errors, "organization_id", &self.organization_id)
                .map(OrganizationId),
            building_id: id(&mut errors, "building_id", &self.building_id)
                .map(domain::building::BuildingId),
            ..TicketFilter::default()
        };
        if let Some(p) = present(&self.phone) {
            filter.phone = Phone::parse(p)
                .map_err(|e| errors.add("phone", Problem::Phone(e)))
                .ok();
        }
        match present(&self.overdue) {
            Some("true" | "1" | "on") => filter.overdue_at = Some(now),
            Some("false" | "0") | None => {}
            Some(_) => errors.add("overdue", Problem::Malformed),
        }
        filter.open = flag(&mut errors, "open", &self.open);
        filter.sort = match present(&self.sort) {
            None => TicketSort::default(),
            Some(code) => sort_from_code(code).unwrap_or_else(|| {
                errors.add("sort", Problem::UnknownCode);
                TicketSort::default()
            }),
        };
        filter.created_from =
            date(&mut errors, "from", &self.from).map(domain::calendar::start_of_day);
        filter.created_to = date(&mut errors, "to", &self.to)
            .and_then(|d| d.tomorrow().ok())
            .map(domain::calendar::start_of_day);
        let page = id(&mut errors, "page", &self.page).unwrap_or(1);
        let page_size = id(&mut errors, "page_size", &self.page_size).unwrap_or(50);
        if page_size > 200 {
            errors.add("page_size", Problem::Malformed);
        }
        errors.into_result()?;
        Ok(TicketQuery {
            filter,
            q: present(&self.q).map(str::to_string),
            page,
            page_size,
        })
    }
}

/// The sort codes of a list URL.
fn sort_from_code(code: &str) -> Option<TicketSort> {
    let sort = match code {
        "created" => TicketSort::CreatedAsc,
        "-created" => TicketSort::CreatedDesc,
        "due" => TicketSort::DueAsc,
        "-due" => TicketSort::DueDesc,
        "status" => TicketSort::StatusAsc,
        "-status" => TicketSort::StatusDesc,
        _ => return None,
    };
    Some(sort)
}

fn flag(errors: &mut FieldErrors, field: &'static str, value: &Option<String>) -> bool {
    match present(value) {
        Some("true" | "1" | "on") => true,
        Some("false" | "0") | None => false,
        Some(_) => {
            errors.add(field, Problem::Malformed);
            false
        }
    }
}

pub(crate) fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

pub(crate) fn code<T>(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &Option<String>,
    from: fn(&str) -> Option<T>,
) -> Option<T> {
    let text = present(value)?;
    from(text).or_else(|| {
        errors.add(field, Problem::UnknownCode);
        None
    })
}

pub(crate) fn id(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &Option<String>,
) -> Option<i64> {
    let text = present(value)?;
    match text.parse::<i64>() {
        Ok(n) if n > 0 => Some(n),
        _ => {
            errors.add(field, Problem::Malformed);
            None
        }
    }
}

pub(crate) fn date(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &Option<String>,
) -> Option<jiff::civil::Date> {
    let text = present(value)?;
    text.parse()
        .map_err(|_| errors.add(field, Problem::Malformed))
        .ok()
}
