//! The organization's workspace: its queue in four tabs (new, in progress,
//! overdue, closed this week) with counts, and its response templates per
//! category and resolution that pre-fill the close form.
//!
//! Only the `organization` role has a queue, and only its own tickets: the
//! scope goes into every query. Overdue is decided on read from the deadline
//! and the clock, so the tabs never wait for the escalation pass; a ticket
//! past its deadline is in "overdue" and not in "new" or "in progress".

use domain::calendar::{start_of_day, week_start};
use domain::category::Category;
use domain::ticket::{Resolution, TicketStatus};
use domain::user::{Role, Scope};
use jiff::Timestamp;
use store::response_template::ResponseTemplate;
use store::ticket::{TicketFilter, TicketSort};

use crate::app::ticket::{TicketView, view};
use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, internal};

/// Tickets shown in one tab.
const TAB_LIMIT: i64 = 200;
/// The longest template, in characters.
const MAX_TEMPLATE: usize = 4000;

/// A tab of the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueTab {
    New,
    InProgress,
    Overdue,
    ClosedThisWeek,
}

impl QueueTab {
    pub const ALL: [QueueTab; 4] = [
        QueueTab::New,
        QueueTab::InProgress,
        QueueTab::Overdue,
        QueueTab::ClosedThisWeek,
    ];

    pub fn as_code(self) -> &'static str {
        match self {
            QueueTab::New => "new",
            QueueTab::InProgress => "in_progress",
            QueueTab::Overdue => "overdue",
            QueueTab::ClosedThisWeek => "closed_week",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        QueueTab::ALL.into_iter().find(|t| t.as_code() == code)
    }

    fn filter(self, now: Timestamp) -> TicketFilter {
        let mut filter = TicketFilter {
            sort: TicketSort::DueAsc,
            ..TicketFilter::default()
        };
        match self {
            QueueTab::New => {
                filter.status_in = vec![
                    TicketStatus::Registered,
                    TicketStatus::Assigned,
                    TicketStatus::Reopened,
                ];
                filter.on_time_at = Some(now);
            }
            QueueTab::InProgress => {
                filter.status = Some(TicketStatus::InProgress);
                filter.on_time_at = Some(now);
            }
            QueueTab::Overdue => filter.overdue_at = Some(now),
            QueueTab::ClosedThisWeek => {
                filter.status = Some(TicketStatus::Closed);
                filter.closed_from = Some(start_of_day(week_start(now)));
                filter.sort = TicketSort::CreatedDesc;
            }
        }
        filter
    }
}

/// One tab of the queue and the counts of all four.
#[derive(Debug, Clone)]
pub struct Queue {
    pub tab: QueueTab,
    /// In the order of [`QueueTab::ALL`].
    pub counts: Vec<(QueueTab, i64)>,
    pub tickets: Vec<TicketView>,
    pub templates: Vec<ResponseTemplate>,
}

/// The actor's organization queue, showing `tab`.
#[tracing::instrument(skip_all)]
pub async fn organization_queue(
    ctx: &Ctx,
    actor: &Actor,
    tab: QueueTab,
) -> Result<Queue, AppError> {
    let organization = own_organization(actor)?;
    let now = ctx.now();
    let mut conn = ctx.db.read().await.map_err(internal("reading queue"))?;
    let mut counts = Vec::new();
    for each in QueueTab::ALL {
        let n = store::ticket::count_matching(&mut conn, actor.user.scope, &each.filter(now), None)
            .await
            .map_err(internal("reading queue"))?;
        counts.push((each, n));
    }
    let tickets = store::ticket::page(&mut conn, actor.user.scope, &tab.filter(now), TAB_LIMIT, 0)
        .await
        .map_err(internal("reading queue"))?;
    let templates = store::response_template::list(&mut conn, organization)
        .await
        .map_err(internal("reading response templates"))?;
    Ok(Queue {
        tab,
        counts,
        tickets: tickets.into_iter().map(|t| view(actor, t, ctx)).collect(),
        templates,
    })
}

fn own_organization(actor: &Actor) -> Result<domain::organization::OrganizationId, AppError> {
    actor.require(&[Role::Organization])?;
    match actor.user.scope {
        Scope::Organization(id) => Ok(id),
        _ => Err(AppError::Forbidden),
    }
}

/// The actor's organization's response templates.
pub async fn list_response_templates(
    ctx: &Ctx,
    actor: &Actor,
) -> Result<Vec<ResponseTemplate>, AppError> {
    let organization = own_organization(actor)?;
    let mut conn = ctx
        .db
        .read()
        .await
        .map_err(internal("reading response templates"))?;
    store::response_template::list(&mut conn, organization)
        .await
        .map_err(internal("reading response templates"))
}

/// One template as typed; an empty body removes it.
#[derive(Debug, Clone, Default)]
pub struct TemplateInput {
    pub category: String,
    pub resolution: String,
    pub body: String,
}

/// Writes the listed templates of the actor's organization; the others stay.
#[tracing::instrument(skip_all)]
pub async fn put_response_templates(
    ctx: &Ctx,
    actor: &Actor,
    input: Vec<TemplateInput>,
) -> Result<Vec<ResponseTemplate>, AppError> {
    let organization = own_organization(actor)?;
    let mut errors = FieldErrors::default();
    let mut templates = Vec::new();
    for (index, item) in input.into_iter().enumerate() {
        let field = |name: &str| format!("templates[{index}].{name}");
        let category = Category::from_code(item.category.trim());
        let resolution = Resolution::from_code(item.resolution.trim());
        if category.is_none() {
            errors.add(field("category"), Problem::UnknownCode);
        }
        if resolution.is_none() {
            errors.add(field("resolution"), Problem::UnknownCode);
        }
        let body = item.body.trim().to_string();
        if body.chars().count() > MAX_TEMPLATE {
            errors.add(field("body"), Problem::TooLong { max: MAX_TEMPLATE });
        }
        if let (Some(category), Some(resolution)) = (category, resolution) {
            templates.push(ResponseTemplate {
                category,
                resolution,
                body,
            });
        }
    }
    errors.into_result()?;
    let now = ctx.now();
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("writing response templates"))?;
    for template in &templates {
        store::response_template::put(&mut tx, organization, template, now)
            .await
            .map_err(internal("writing response templates"))?;
    }
    tx.commit()
        .await
        .map_err(internal("writing response templates"))?;
    list_response_templates(ctx, actor).await
}

/// What the close form of a ticket of `category` starts with: the first
/// resolution that has a template (billing prefers `explained`), and its text.
pub fn close_prefill(templates: &[ResponseTemplate], category: Category) -> (Resolution, String) {
    let preferred = if category == Category::Billing {
        Resolution::Explained
    } else {
        Resolution::Fixed
    };
    let found = templates
        .iter()
        .filter(|t| t.category == category)
        .min_by_key(|t| t.resolution != preferred);
    match found {
        Some(t) => (t.resolution, t.body.clone()),
        None => (preferred, String::new()),
    }
}
