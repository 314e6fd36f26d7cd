//! `/queue`: the organization's workspace, its tickets in tabs with counts,
//! accept / answer / close forms pre-filled from its response templates, and
//! the templates' editor.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::category::Category;
use domain::ticket::{Resolution, TicketStatus};

use crate::app::queue::{self, QueueTab, TemplateInput};
use crate::app::{AppError, Ctx};
use crate::web::auth::PageSession;
use crate::web::error::PageError;
use crate::web::i18n::routing::RoutingMsg;
use crate::web::i18n::{Msg, Tr};
use crate::web::pages::Layout;

pub struct TabLink {
    pub code: &'static str,
    pub label: &'static str,
    pub count: i64,
    pub current: bool,
}

pub struct QueueRow {
    pub id: i64,
    pub number: String,
    pub category: &'static str,
    pub address: String,
    pub description: String,
    pub status: &'static str,
    pub due: String,
    pub overdue: bool,
    pub can_start: bool,
    pub can_close: bool,
    pub billing: bool,
    pub resolution: &'static str,
    pub answer: String,
}

pub struct TemplateRow {
    pub category: &'static str,
    pub resolution: &'static str,
    pub body: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "queue/index.html")]
struct IndexPage {
    layout: Layout,
    t: Tr,
    tab: &'static str,
    tabs: Vec<TabLink>,
    rows: Vec<QueueRow>,
    templates: Vec<TemplateRow>,
    categories: Vec<(&'static str, &'static str)>,
    resolutions: Vec<(&'static str, &'static str)>,
}

/// `GET /queue?tab=new|in_progress|overdue|closed_week`.
pub async fn index(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let tab = match query.get("tab") {
        None => QueueTab::New,
        Some(code) => QueueTab::from_code(code).ok_or(AppError::NotFound)?,
    };
    let queue = queue::organization_queue(&ctx, &session.actor, tab).await?;
    let layout = Layout::new(&session, "/queue");
    let t = layout.t;
    let tabs = queue
        .counts
        .iter()
        .map(|(each, count)| TabLink {
            code: each.as_code(),
            label: tab_label(t, *each),
            count: *count,
            current: *each == tab,
        })
        .collect();
    let rows = queue
        .tickets
        .iter()
        .map(|v| {
            let ticket = &v.ticket;
            let (resolution, answer) = queue::close_prefill(&queue.templates, ticket.category);
            QueueRow {
                id: ticket.id.0,
                number: ticket.number.to_string(),
                category: t.category(ticket.category),
                address: ticket.address.clone().unwrap_or_default(),
                description: ticket.description.clone(),
                status: t.status(ticket.status()),
                due: ticket.due_at().map(|d| t.datetime(d)).unwrap_or_default(),
                overdue: v.overdue,
                can_start: matches!(
                    ticket.status(),
                    TicketStatus::Assigned | TicketStatus::Reopened
                ),
                can_close: ticket.status().is_open(),
                billing: ticket.category == Category::Billing,
                resolution: resolution.as_code(),
                answer,
            }
        })
        .collect();
    Ok(IndexPage {
        layout,
        t,
        tab: tab.as_code(),
        tabs,
        rows,
        templates: queue
            .templates
            .iter()
            .map(|tpl| TemplateRow {
                category: t.category(tpl.category),
                resolution: t.resolution(tpl.resolution),
                body: tpl.body.clone(),
            })
            .collect(),
        categories: Category::ALL
            .iter()
            .map(|c| (c.as_code(), t.category(*c)))
            .collect(),
        resolutions: Resolution::ALL
            .iter()
            .map(|r| (r.as_code(), t.resolution(*r)))
            .collect(),
    }
    .into_response())
}

fn tab_label(t: Tr, tab: QueueTab) -> &'static str {
    t.rmsg(match tab {
        QueueTab::New => RoutingMsg::TabNew,
        QueueTab::InProgress => RoutingMsg::TabInProgress,
        QueueTab::Overdue => RoutingMsg::TabOverdue,
        QueueTab::ClosedThisWeek => RoutingMsg::TabClosedWeek,
    })
}

/// `POST /queue/templates`: fields `category`, `resolution`, `body`.
pub async fn update_template(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let get = |name: &str| form.get(name).cloned().unwrap_or_default();
    let input = TemplateInput {
        category: get("category"),
        resolution: get("resolution"),
        body: get("body"),
    };
    queue::put_response_templates(&ctx, &session.actor, vec![input]).await?;
    Ok(Redirect::to("/queue").into_response())
}
