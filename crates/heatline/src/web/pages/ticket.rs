//! Ticket pages: the filtered list and a ticket with its timeline and actions.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use domain::category::Category;
use domain::district::District;
use domain::ticket::{Resolution, TicketId, TicketStatus};
use serde::Deserialize;

use crate::app::ticket::export;
use crate::app::ticket::{
    self as tickets, AllowedActions, TicketAction, TicketList, TicketListParams, TicketView,
};
use crate::app::{Ctx, registry};
use crate::web::auth::PageSession;
use crate::web::error::PageError;
use crate::web::i18n::desk::DeskMsg;
use crate::web::i18n::routing::RoutingMsg;
use crate::web::i18n::{Msg, Tr};
use crate::web::pages::{Layout, is_htmx, tr};
use crate::web::ticket_export::{self, ExportFormat};

/// The list's filters as they stand in the URL, echoed back into the form.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub district_id: String,
    #[serde(default)]
    pub organization_id: String,
    #[serde(default)]
    pub overdue: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    /// `-created` (default), `created`, `due`, `-due`, `status`, `-status`.
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub page: String,
    /// `csv` or `xlsx`: the whole filtered list as a download.
    #[serde(default)]
    pub format: String,
}

impl ListParams {
    fn to_app(&self) -> TicketListParams {
        let some = |s: &String| Some(s.clone()).filter(|s| !s.is_empty());
        TicketListParams {
            q: some(&self.q),
            status: some(&self.status),
            category: some(&self.category),
            district_id: some(&self.district_id),
            organization_id: some(&self.organization_id),
            overdue: some(&self.overdue),
            from: some(&self.from),
            to: some(&self.to),
            sort: some(&self.sort),
            page: some(&self.page),
            page_size: Some("50".into()),
            ..TicketListParams::default()
        }
    }

    fn with_page(&self, page: i64) -> String {
        let mut params = self.clone();
        params.page = page.to_string();
        params.href()
    }

    /// The list sorted by `column` (`created`, `due`, `status`): ascending
    /// first, or reversed when it is already sorted so; back to page 1.
    fn with_sort(&self, column: &str) -> String {
        let mut params = self.clone();
        let current = if self.sort.is_empty() {
            "-created"
        } else {
            self.sort.as_str()
        };
        params.sort = if current == column {
            format!("-{column}")
        } else {
            column.to_string()
        };
        params.page = String::new();
        params.href()
    }

    /// The whole filtered list as a download: the filters and sort, no page.
    fn with_format(&self, format: &str) -> String {
        let mut params = self.clone();
        params.page = String::new();
        let href = params.href();
        format!("{href}&format={format}")
    }

    fn href(&self) -> String {
        let params = self;
        let pairs = [
            ("q", &params.q),
            ("status", &params.status),
            ("category", &params.category),
            ("district_id", &params.district_id),
            ("organization_id", &params.organization_id),
            ("overdue", &params.overdue),
            ("from", &params.from),
            ("to", &params.to),
            ("sort", &params.sort),
            ("page", &params.page),
        ];
        let kept: Vec<(&str, &String)> = pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect();
        format!(
            "/tickets?{}",
            serde_urlencoded::to_string(kept).unwrap_or_default()
        )
    }
}

pub struct Row {
    pub id: i64,
    pub number: String,
    pub created: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub category: &'static str,
    pub address: String,
    pub unresolved: bool,
    pub description: String,
    pub due: String,
    pub overdue: bool,
}

/// A sortable column header: where it leads and how the list is sorted by it now.
pub struct SortLink {
    pub href: String,
    /// `ascending`, `descending` or empty, as for `aria-sort`.
    pub state: &'static str,
}

pub struct ListView {
    pub t: Tr,
    pub sort_created: SortLink,
    pub sort_status: SortLink,
    pub sort_due: SortLink,
    /// The sort in force, echoed into the filter form.
    pub sort: String,
    /// Whether the form's sort field is updated out of band (htmx fragments).
    pub oob: bool,
    pub rows: Vec<Row>,
    pub total: i64,
    pub total_exact: bool,
    pub first: i64,
    pub last: i64,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub export_csv: String,
    pub export_xlsx: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "tickets/index.html")]
struct IndexPage {
    layout: Layout,
    params: ListParams,
    statuses: Vec<(&'static str, &'static str)>,
    categories: Vec<(&'static str, &'static str)>,
    districts: Vec<District>,
    list: ListView,
}

#[derive(Template, WebTemplate)]
#[template(path = "tickets/list_partial.html")]
struct ListPartial {
    list: ListView,
}

/// `GET /tickets`.
pub async fn index(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    headers: HeaderMap,
    Query(params): Query<ListParams>,
) -> Result<Response, PageError> {
    let format = ExportFormat::parse(Some(&params.format))?;
    let query = params.to_app().parse(ctx.now())?;
    if let Some(format) = format {
        let export = export::export_tickets(&ctx, &session.actor, query).await?;
        return Ok(ticket_export::response(tr(), format, &export, ctx.now())?);
    }
    let list = tickets::list_tickets(&ctx, &session.actor, query).await?;
    let mut list = list_view(tr(), list, &params);
    if is_htmx(&headers) {
        list.oob = true;
        return Ok(ListPartial { list }.into_response());
    }
    let districts = registry::list_districts(&ctx, &session.actor).await?;
    Ok(IndexPage {
        layout: Layout::new(&session, "/tickets"),
        params,
        statuses: TicketStatus::ALL
            .iter()
            .map(|s| (s.as_code(), list.t.status(*s)))
            .collect(),
        categories: Category::ALL
            .iter()
            .map(|c| (c.as_code(), list.t.category(*c)))
            .collect(),
        districts,
        list,
    }
    .into_response())
}

fn list_view(t: Tr, list: TicketList, params: &ListParams) -> ListView {
    let first = (list.page - 1) * list.page_size + 1;
    let last = first + list.tickets.len() as i64 - 1;
    let link = |column: &str| SortLink {
        href: params.with_sort(column),
        state: sort_state(&params.sort, column),
    };
    ListView {
        t,
        sort_created: link("created"),
        sort_status: link("status"),
        sort_due: link("due"),
        sort: params.sort.clone(),
        oob: false,
        previous: (list.page > 1).then(|| params.with_page(list.page - 1)),
        next: (last < list.total || !list.total_exact).then(|| params.with_page(list.page + 1)),
        first: first.min(list.total),
        last: last.max(0),
        total: list.total,
        total_exact: list.total_exact,
        export_csv: params.with_format("csv"),
        export_xlsx: params.with_format("xlsx"),
        rows: list.tickets.iter().map(|v| row(t, v)).collect(),
    }
}

fn sort_state(sort: &str, column: &str) -> &'static str {
    let sort = if sort.is_empty() { "-created" } else { sort };
    match sort.strip_prefix('-') {
        Some(desc) if desc == column => "descending",
        None if sort == column => "ascending",
        _ => "",
    }
}

fn row(t: Tr, v: &TicketView) -> Row {
    let ticket = &v.ticket;
    Row {
        id: ticket.id.0,
        number: ticket.number.to_string(),
        created: t.datetime(ticket.created_at),
        status: t.status(ticket.status()),
        status_class: status_class(ticket.status()),
        category: t.category(ticket.category),
        address: ticket.address.clone().unwrap_or_default(),
        unresolved: v.address_unresolved,
        description: ticket.description.chars().take(120).collect(),
        due: ticket.due_at().map(|d| t.datetime(d)).unwrap_or_default(),
        overdue: v.overdue,
    }
}

fn status_class(status: TicketStatus) -> &'static str {
    match status {
        TicketStatus::Closed => "closed",
        TicketStatus::Reopened => "reopened",
        TicketStatus::Registered | TicketStatus::Assigned | TicketStatus::InProgress => "",
    }
}

pub struct EventLine {
    pub at: String,
    pub label: &'static str,
    pub actor: Option<String>,
    pub detail: Option<String>,
}

pub struct ShowView {
    pub id: i64,
    pub number: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub overdue: bool,
    pub unresolved: bool,
    pub created: String,
    pub category: &'static str,
    pub channel: &'static str,
    pub address: String,
    pub apartment: Option<String>,
    pub entrance: Option<String>,
    pub phone: String,
    pub name: Option<String>,
    pub district: String,
    pub organization: String,
    pub due: String,
    pub resolution: Option<String>,
    pub description: String,
    pub events: Vec<EventLine>,
    pub can: AllowedActions,
    pub resolutions: Vec<(&'static str, &'static str)>,
    pub organizations: Vec<(i64, String)>,
    pub outage_id: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "tickets/show.html")]
struct ShowPage {
    layout: Layout,
    page: ShowView,
}

/// `GET /tickets/{id}`.
pub async fn show(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let details = tickets::get_ticket(&ctx, &session.actor, TicketId(id)).await?;
    let t = tr();
    let ticket = &details.view.ticket;
    let can = tickets::allowed_actions(&session.actor, ticket);
    let organizations = if can.assign || can.reroute {
        registry::list_organizations(&ctx, &session.actor, None)
            .await?
            .into_iter()
            .map(|o| {
                (
                    o.id.0,
                    format!("{} ({})", o.name, t.organization_kind(o.kind)),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let page = ShowView {
        id: ticket.id.0,
        number: ticket.number.to_string(),
        status: t.status(ticket.status()),
        status_class: status_class(ticket.status()),
        overdue: details.view.overdue,
        unresolved: details.view.address_unresolved,
        created: t.datetime(ticket.created_at),
        category: t.category(ticket.category),
        channel: t.channel(ticket.channel),
        address: ticket.address.clone().unwrap_or_default(),
        apartment: ticket.apartment.clone(),
        entrance: ticket.entrance.clone(),
        phone: details.view.phone.clone(),
        name: ticket.resident_name.clone(),
        district: details
            .district
            .as_ref()
            .map(|d| d.name.clone())
            .unwrap_or_default(),
        organization: details
            .organization
            .as_ref()
            .map(|o| o.name.clone())
            .unwrap_or_default(),
        due: ticket.due_at().map(|d| t.datetime(d)).unwrap_or_default(),
        resolution: resolution_line(t, ticket),
        description: ticket.description.clone(),
        events: timeline(t, &details.events),
        can,
        resolutions: Resolution::ALL
            .iter()
            .map(|r| (r.as_code(), t.resolution(*r)))
            .collect(),
        organizations,
        outage_id: ticket.outage_id.map(|o| o.0),
    };
    Ok(ShowPage {
        layout: Layout::new(&session, "/tickets"),
        page,
    }
    .into_response())
}

/// The resolution as read out: its name, then the organization's text.
pub(crate) fn resolution_line(t: Tr, ticket: &domain::ticket::Ticket) -> Option<String> {
    ticket.resolution().map(|r| match ticket.resolution_text() {
        Some(text) => format!("{} — {text}", t.resolution(r)),
        None => t.resolution(r).to_string(),
    })
}

/// A ticket's events as timeline lines.
pub(crate) fn timeline(t: Tr, events: &[domain::event::TicketEvent]) -> Vec<EventLine> {
    events
        .iter()
        .map(|e| EventLine {
            at: t.datetime(e.at),
            label: t.event(e.kind),
            actor: e.actor_name.clone(),
            detail: event_detail(t, e),
        })
        .collect()
}

pub(crate) fn event_detail(t: Tr, e: &domain::event::TicketEvent) -> Option<String> {
    if e.kind == domain::event::EventKind::QualityCallback {
        return crate::web::pages::callback::callback_detail(t, e);
    }
    let status = |code: &Option<String>| {
        code.as_deref()
            .and_then(TicketStatus::from_code)
            .map(|s| t.status(s).to_string())
    };
    let change = match (status(&e.before), status(&e.after)) {
        (Some(b), Some(a)) => Some(format!("{b} → {a}")),
        (None, Some(a)) => Some(a),
        _ => e
            .after
            .as_deref()
            .and_then(Category::from_code)
            .map(|c| t.category(c).to_string())
            .or(e.after.clone()),
    };
    match (change, e.comment.clone()) {
        (Some(c), Some(comment)) => Some(format!("{c}. {comment}")),
        (c, comment) => c.or(comment),
    }
    .filter(|s| !s.is_empty())
    .map(|s| s.replace("  ", " "))
    .or_else(|| {
        (e.kind == domain::event::EventKind::Commented).then(|| t.msg(Msg::Comment).to_string())
    })
}

#[derive(Debug, Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    resolution: String,
    #[serde(default)]
    comment: Option<String>,
    #[serde(default)]
    organization_id: Option<String>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    text: String,
    /// Where to go back to: the queue's tab, or by default the ticket.
    #[serde(default)]
    return_to: Option<String>,
}

/// `POST /tickets/{id}/{action}`: takes the action and goes back to the ticket.
pub async fn act(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path((id, action)): Path<(i64, String)>,
    OriginalUri(_uri): OriginalUri,
    Form(form): Form<ActionForm>,
) -> Result<Response, PageError> {
    let action = match action.as_str() {
        "start" => TicketAction::Start,
        "close" => TicketAction::Close {
            resolution: form.resolution,
            comment: form.comment,
        },
        "reopen" => TicketAction::Reopen {
            comment: form.comment,
        },
        "comments" => TicketAction::Comment { text: form.text },
        "answer" => TicketAction::Answer { text: form.text },
        "reroute" => TicketAction::Reroute {
            organization_id: form
                .organization_id
                .and_then(|o| o.parse().ok())
                .unwrap_or(0),
            reason: form.reason.unwrap_or_default(),
        },
        "assign" => TicketAction::Assign {
            organization_id: form
                .organization_id
                .and_then(|o| o.parse().ok())
                .unwrap_or(0),
            reason: form.reason,
        },
        _ => return Err(crate::app::AppError::NotFound.into()),
    };
    tickets::act_on_ticket(&ctx, &session.actor, TicketId(id), action).await?;
    // Only back into the queue: an arbitrary URL would be an open redirect.
    let back = match form.return_to {
        Some(to) if to.starts_with("/queue") => to,
        _ => format!("/tickets/{id}"),
    };
    Ok(Redirect::to(&back).into_response())
}
