//! `/admin/routing`: the admin edits the routing rules per category and the
//! production calendar, and reads the change log.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::routing::RouteTarget;

use crate::app::routing::{self, RoutingRuleInput};
use crate::app::{AppError, Ctx, FieldErrors};
use crate::web::auth::PageSession;
use crate::web::error::PageError;
use crate::web::i18n::routing::RoutingMsg;
use crate::web::i18n::{Msg, Tr};
use crate::web::pages::Layout;

pub struct RuleRow {
    pub category: &'static str,
    pub label: &'static str,
    pub target: &'static str,
    pub deadline: String,
    pub first_response: String,
}

pub struct ChangeRow {
    pub at: String,
    pub user: String,
    pub subject: &'static str,
    pub before: String,
    pub after: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "routing/index.html")]
struct IndexPage {
    layout: Layout,
    t: Tr,
    rules: Vec<RuleRow>,
    targets: Vec<(&'static str, &'static str)>,
    holidays: String,
    changes: Vec<ChangeRow>,
    errors: Vec<String>,
    saved: bool,
}

/// `GET /admin/routing`.
pub async fn index(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    axum::extract::Query(query): axum::extract::Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let saved = query.contains_key("saved");
    render(&ctx, &session, None, Vec::new(), saved).await
}

async fn render(
    ctx: &Ctx,
    session: &crate::web::auth::Session,
    holidays_text: Option<String>,
    errors: Vec<String>,
    saved: bool,
) -> Result<Response, PageError> {
    let actor = &session.actor;
    let changes = routing::list_routing_changes(ctx, actor).await?;
    let rules = routing::get_routing_rules(ctx, actor).await?;
    let days = routing::get_calendar(ctx, actor).await?;
    let layout = Layout::new(session, "/admin/routing");
    let t = layout.t;
    let holidays = holidays_text.unwrap_or_else(|| {
        days.iter()
            .map(|(date, kind)| format!("{date},{}\n", kind.as_code()))
            .collect()
    });
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = IndexPage {
        layout,
        t,
        rules: rules
            .iter()
            .map(|r| RuleRow {
                category: r.category.as_code(),
                label: t.category(r.category),
                target: r.target.as_code(),
                deadline: r.deadline.to_string(),
                first_response: r.first_response.map(|f| f.to_string()).unwrap_or_default(),
            })
            .collect(),
        targets: RouteTarget::ALL
            .iter()
            .map(|target| (target.as_code(), t.route_target(*target)))
            .collect(),
        holidays,
        changes: changes
            .into_iter()
            .map(|c| ChangeRow {
                at: t.datetime(c.changed_at),
                user: c.user_name.unwrap_or_default(),
                subject: match c.subject {
                    store::routing_rule::ChangeSubject::RoutingRules => {
                        t.rmsg(RoutingMsg::RoutingRules)
                    }
                    store::routing_rule::ChangeSubject::Calendar => t.rmsg(RoutingMsg::Holidays),
                },
                before: c.before,
                after: c.after,
            })
            .collect(),
        errors,
        saved,
    };
    Ok((status, page).into_response())
}

fn words(t: Tr, errors: &FieldErrors) -> Vec<String> {
    errors
        .iter()
        .flat_map(|(field, problems)| {
            problems
                .iter()
                .map(move |p| format!("{field}: {}", t.problem(p)))
        })
        .collect()
}

/// `POST /admin/routing/rules`: fields `target.<category>`,
/// `deadline.<category>`, `first_response.<category>` for every category.
pub async fn update_rules(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let input = domain::category::Category::ALL
        .iter()
        .map(|category| {
            let code = category.as_code();
            let get = |name: &str| form.get(&format!("{name}.{code}")).cloned();
            RoutingRuleInput {
                category: code.to_string(),
                target: get("target"),
                deadline: get("deadline"),
                first_response: get("first_response").or(Some(String::new())),
            }
        })
        .collect();
    match routing::put_routing_rules(&ctx, &session.actor, input).await {
        Ok(_) => Ok(Redirect::to("/admin/routing?saved=1").into_response()),
        Err(AppError::Invalid(errors)) => {
            let t = Layout::new(&session, "/admin/routing").t;
            render(&ctx, &session, None, words(t, &errors), false).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /admin/routing/holidays`: the field `text`.
pub async fn update_holidays(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let text = form.get("text").cloned().unwrap_or_default();
    match routing::put_calendar(&ctx, &session.actor, &text).await {
        Ok(_) => Ok(Redirect::to("/admin/routing?saved=1").into_response()),
        Err(AppError::Invalid(errors)) => {
            let t = Layout::new(&session, "/admin/routing").t;
            render(&ctx, &session, Some(text), words(t, &errors), false).await
        }
        Err(e) => Err(e.into()),
    }
}
