//! The control department's pages: `/callbacks`, the queue worked with the
//! keyboard (one key per outcome), and `/callbacks/stats`, the figures by
//! district, organization, category and week.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::category::Category;
use domain::event::EventKind;
use domain::quality_callback::CallbackOutcome;
use domain::quality_callback::stats::CallbackStats as Counts;
use domain::ticket::TicketId;
use serde::{Deserialize, Serialize};

use crate::app::quality_callback::{
    self as callbacks, Breakdown, QueueParams, RecordCall, StatsParams,
};
use crate::app::{AppError, Ctx, registry, ticket as tickets};
use crate::web::auth::PageSession;
use crate::web::error::PageError;
use crate::web::i18n::callback::CallbackMsg;
use crate::web::i18n::{Msg, Tr};
use crate::web::pages::ticket::{EventLine, resolution_line, timeline};
use crate::web::pages::{Layout, tr};
use crate::web::ticket_export::{self, ExportFormat};

/// The queue's filters, kept across calls.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct QueueForm {
    #[serde(default)]
    pub district_id: String,
    #[serde(default)]
    pub organization_id: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub closed_from: String,
    #[serde(default)]
    pub closed_to: String,
    #[serde(default)]
    pub sample: String,
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub seed: String,
}

impl QueueForm {
    fn query(&self) -> String {
        let pairs: Vec<(&str, &String)> = [
            ("district_id", &self.district_id),
            ("organization_id", &self.organization_id),
            ("category", &self.category),
            ("closed_from", &self.closed_from),
            ("closed_to", &self.closed_to),
            ("sample", &self.sample),
            ("group", &self.group),
            ("seed", &self.seed),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }

    fn to_app(&self) -> QueueParams {
        let some = |s: &String| Some(s.clone()).filter(|s| !s.trim().is_empty());
        QueueParams {
            district_id: some(&self.district_id),
            organization_id: some(&self.organization_id),
            category: some(&self.category),
            closed_from: some(&self.closed_from),
            closed_to: some(&self.closed_to),
            sample: some(&self.sample),
            group: some(&self.group),
            seed: some(&self.seed),
            page: None,
            page_size: Some("200".to_string()),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct QueueQuery {
    #[serde(flatten)]
    pub form: QueueForm,
    #[serde(default)]
    pub ticket: String,
    /// `csv` or `xlsx`: the whole queue (every page) as a download.
    #[serde(default)]
    pub format: String,
    #[serde(default)]
    pub done: String,
    #[serde(default)]
    pub error: String,
}

pub struct QueueRow {
    pub id: i64,
    pub number: String,
    pub address: String,
    pub district: String,
    pub organization: String,
    pub closed: String,
    pub attempts: i64,
    pub current: bool,
    pub href: String,
}

/// The ticket being called.
pub struct Current {
    pub id: i64,
    pub number: String,
    pub phone: String,
    pub tel: String,
    pub name: Option<String>,
    pub address: String,
    pub apartment: Option<String>,
    pub category: &'static str,
    pub district: String,
    pub organization: String,
    pub closed: String,
    pub resolution: String,
    pub description: String,
    pub attempts: i64,
    pub events: Vec<EventLine>,
    pub previous: Option<String>,
    pub next: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "callbacks/index.html")]
struct QueuePage {
    layout: Layout,
    t: Tr,
    form: QueueForm,
    back: String,
    /// The filters and sample as a query string with `format=` to come.
    export: String,
    total: i64,
    rows: Vec<QueueRow>,
    current: Option<Current>,
    districts: Vec<(i64, String)>,
    organizations: Vec<(i64, String)>,
    categories: Vec<(&'static str, &'static str)>,
    outcomes: Vec<(&'static str, &'static str, &'static str)>,
    done: Option<String>,
    error: Option<&'static str>,
}

/// `GET /callbacks`: the queue and the ticket being called.
pub async fn index(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Query(q): Query<QueueQuery>,
) -> Result<Response, PageError> {
    let actor = &session.actor;
    if let Some(format) = ExportFormat::parse(Some(&q.format))? {
        let export = callbacks::export_queue(&ctx, actor, &q.form.to_app()).await?;
        return Ok(ticket_export::response(tr(), format, &export, ctx.now())?);
    }
    let queue = callbacks::queue(&ctx, actor, &q.form.to_app()).await?;
    let t = tr();
    let back = q.form.query();
    let link = |id: i64| {
        if back.is_empty() {
            format!("/callbacks?ticket={id}")
        } else {
            format!("/callbacks?{back}&ticket={id}")
        }
    };
    let chosen: Option<i64> = q.ticket.parse().ok();
    let position = chosen
        .and_then(|id| queue.items.iter().position(|i| i.view.ticket.id.0 == id))
        .unwrap_or(0);
    let rows: Vec<QueueRow> = queue
        .items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let ticket = &item.view.ticket;
            QueueRow {
                id: ticket.id.0,
                number: ticket.number.to_string(),
                address: ticket.address.clone().unwrap_or_default(),
                district: item.district.clone().unwrap_or_default(),
                organization: item.organization.clone().unwrap_or_default(),
                closed: ticket
                    .closed_at()
                    .map(|c| t.datetime(c))
                    .unwrap_or_default(),
                attempts: item.attempts,
                current: n == position,
                href: link(ticket.id.0),
            }
        })
        .collect();
    let current = match queue.items.get(position) {
        None => None,
        Some(item) => {
            let details = tickets::get_ticket(&ctx, actor, TicketId(item.view.ticket.id.0)).await?;
            let ticket = &details.view.ticket;
            Some(Current {
                id: ticket.id.0,
                number: ticket.number.to_string(),
                tel: if actor.role().sees_personal_data() {
                    ticket.phone.as_str().to_string()
                } else {
                    String::new()
                },
                phone: details.view.phone.clone(),
                name: ticket.resident_name.clone(),
                address: ticket.address.clone().unwrap_or_default(),
                apartment: ticket.apartment.clone(),
                category: t.category(ticket.category),
                district: item.district.clone().unwrap_or_default(),
                organization: item.organization.clone().unwrap_or_default(),
                closed: ticket
                    .closed_at()
                    .map(|c| t.datetime(c))
                    .unwrap_or_default(),
                resolution: resolution_line(t, ticket).unwrap_or_default(),
                description: ticket.description.clone(),
                attempts: item.attempts,
                events: timeline(t, &details.events),
                previous: position
                    .checked_sub(1)
                    .and_then(|p| queue.items.get(p))
                    .map(|i| link(i.view.ticket.id.0)),
                next: queue
                    .items
                    .get(position + 1)
                    .map(|i| link(i.view.ticket.id.0)),
            })
        }
    };
    let districts = registry::list_districts(&ctx, actor)
        .await?
        .into_iter()
        .map(|d| (d.id.0, d.name))
        .collect();
    let organizations = registry::list_organizations(&ctx, actor, None)
        .await?
        .into_iter()
        .map(|o| (o.id.0, o.name))
        .collect();
    let error = match q.error.as_str() {
        "comment" => Some(t.cbmsg(CallbackMsg::CommentNeeded)),
        "time" => Some(t.cbmsg(CallbackMsg::NotNow)),
        "taken" => Some(t.cbmsg(CallbackMsg::Taken)),
        _ => None,
    };
    let done = q.done.split_once(':').and_then(|(number, outcome)| {
        CallbackOutcome::from_code(outcome).map(|o| format!("{number}: {}", t.callback_outcome(o)))
    });
    Ok(QueuePage {
        layout: Layout::new(&session, "/callbacks"),
        t,
        form: q.form,
        export: if back.is_empty() {
            "/callbacks?format=".into()
        } else {
            format!("/callbacks?{back}&format=")
        },
        back,
        total: queue.total,
        rows,
        current,
        districts,
        organizations,
        categories: Category::ALL
            .iter()
            .map(|c| (c.as_code(), t.category(*c)))
            .collect(),
        outcomes: [
            (CallbackOutcome::Solved, "1"),
            (CallbackOutcome::NoAnswer, "3"),
            (CallbackOutcome::Refused, "4"),
        ]
        .into_iter()
        .map(|(o, key)| (o.as_code(), t.callback_outcome(o), key))
        .collect(),
        done,
        error,
    }
    .into_response())
}

#[derive(Debug, Deserialize)]
pub struct CallForm {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    comment: Option<String>,
    #[serde(default)]
    back: String,
}

/// `POST /callbacks/{id}`: records the call and goes on to the next ticket.
pub async fn record(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path(id): Path<i64>,
    Form(form): Form<CallForm>,
) -> Result<Response, PageError> {
    // Only the filters survive the round trip, never an arbitrary URL.
    let filters: QueueForm = serde_urlencoded::from_str(&form.back).unwrap_or_default();
    let back = filters.query();
    let result = callbacks::record_call(
        &ctx,
        &session.actor,
        TicketId(id),
        RecordCall {
            outcome: form.outcome,
            comment: form.comment,
        },
    )
    .await;
    let extra = match result {
        Ok(call) => serde_urlencoded::to_string([(
            "done",
            format!("{}:{}", call.ticket.ticket.number, call.outcome.as_code()),
        )])
        .unwrap_or_default(),
        Err(AppError::Invalid(errors)) => {
            let code = if errors.iter().any(|(field, _)| field == "comment") {
                "comment"
            } else {
                "time"
            };
            format!("ticket={id}&error={code}")
        }
        Err(AppError::Conflict) => "error=taken".to_string(),
        Err(other) => return Err(other.into()),
    };
    let sep = if back.is_empty() { "" } else { "&" };
    Ok(Redirect::to(&format!("/callbacks?{back}{sep}{extra}")).into_response())
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct StatsQuery {
    #[serde(default)]
    pub since: String,
    #[serde(default)]
    pub until: String,
    #[serde(default)]
    pub district_id: String,
    #[serde(default)]
    pub organization_id: String,
}

pub struct StatRow {
    pub name: String,
    pub calls: u64,
    pub verdicts: u64,
    pub solved: u64,
    pub not_solved: u64,
    pub no_answer: u64,
    pub refused: u64,
    pub unreachable: u64,
    pub share_solved: String,
    pub share_needing_work: String,
}

fn percent(share: Option<f64>) -> String {
    share
        .map(|s| format!("{:.1} %", s * 100.0))
        .unwrap_or_else(|| "—".to_string())
}

fn stat_row(name: String, c: &Counts) -> StatRow {
    StatRow {
        name,
        calls: c.calls,
        verdicts: c.verdicts(),
        solved: c.solved,
        not_solved: c.not_solved,
        no_answer: c.no_answer,
        refused: c.refused,
        unreachable: c.unreachable,
        share_solved: percent(c.share_solved()),
        share_needing_work: percent(c.share_needing_work()),
    }
}

pub struct StatTable {
    pub title: &'static str,
    pub rows: Vec<StatRow>,
}

#[derive(Template, WebTemplate)]
#[template(path = "callbacks/stats.html")]
struct StatsPage {
    layout: Layout,
    t: Tr,
    q: StatsQuery,
    total: StatRow,
    tables: Vec<StatTable>,
    reopened: callbacks::ReopenedSummary,
    districts: Vec<(i64, String)>,
    organizations: Vec<(i64, String)>,
}

/// `GET /callbacks/stats`.
pub async fn stats(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Query(q): Query<StatsQuery>,
) -> Result<Response, PageError> {
    let actor = &session.actor;
    let some = |s: &String| Some(s.clone()).filter(|s| !s.trim().is_empty());
    let filter = StatsParams {
        since: some(&q.since),
        until: some(&q.until),
        district_id: some(&q.district_id),
        organization_id: some(&q.organization_id),
    }
    .parse()?;
    let s = callbacks::stats(&ctx, actor, &filter).await?;
    let t = tr();
    let rows = |list: &[Breakdown]| -> Vec<StatRow> {
        list.iter()
            .map(|b| stat_row(b.name.clone(), &b.counts))
            .collect()
    };
    let categories = s
        .by_category
        .iter()
        .map(|b| {
            let name = Category::from_code(&b.key)
                .map(|c| t.category(c).to_string())
                .unwrap_or_else(|| b.name.clone());
            stat_row(name, &b.counts)
        })
        .collect();
    let tables = vec![
        StatTable {
            title: t.cbmsg(CallbackMsg::WorstOrganizations),
            rows: rows(&s.worst_organizations),
        },
        StatTable {
            title: t.cbmsg(CallbackMsg::ByDistrict),
            rows: rows(&s.by_district),
        },
        StatTable {
            title: t.cbmsg(CallbackMsg::ByOrganization),
            rows: rows(&s.by_organization),
        },
        StatTable {
            title: t.cbmsg(CallbackMsg::ByCategory),
            rows: categories,
        },
        StatTable {
            title: t.cbmsg(CallbackMsg::ByWeek),
            rows: rows(&s.by_week),
        },
    ];
    let districts = registry::list_districts(&ctx, actor)
        .await?
        .into_iter()
        .map(|d| (d.id.0, d.name))
        .collect();
    let organizations = registry::list_organizations(&ctx, actor, None)
        .await?
        .into_iter()
        .map(|o| (o.id.0, o.name))
        .collect();
    Ok(StatsPage {
        layout: Layout::new(&session, "/callbacks/stats"),
        t,
        total: stat_row(t.cbmsg(CallbackMsg::Calls).to_string(), &s.total),
        tables,
        reopened: s.reopened,
        q,
        districts,
        organizations,
    }
    .into_response())
}

/// The detail of a callback event on a timeline: the outcome and the comment.
pub fn callback_detail(t: Tr, e: &domain::event::TicketEvent) -> Option<String> {
    if e.kind != EventKind::QualityCallback {
        return None;
    }
    let outcome = e
        .after
        .as_deref()
        .and_then(CallbackOutcome::from_code)
        .map(|o| t.callback_outcome(o).to_string());
    let verdict = e
        .before
        .as_deref()
        .and_then(CallbackOutcome::from_code)
        .map(|o| format!(" → {}", t.callback_outcome(o)));
    let text = format!(
        "{}{}",
        outcome.unwrap_or_default(),
        verdict.unwrap_or_default()
    );
    Some(match &e.comment {
        Some(c) => format!("{text}. {c}"),
        None => text,
    })
    .filter(|s| !s.is_empty())
}
