//! The operator's call card, `/desk`, and its htmx fragments: the caller's
//! history by phone, address candidates, the category suggestion, the
//! duplicate warning, and the saved call's sentence. Every fragment calls the
//! same `app` function as its JSON API twin.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::category::Category;
use serde::Deserialize;

use crate::app::address::{self, AddressResolution};
use crate::app::category_suggestion;
use crate::app::desk::{self, CallRegistered, DESK_ROLES, EarlierTicket};
use crate::app::ticket::RegisterTicket;
use crate::app::{AppError, Ctx, FieldErrors};
use crate::web::api::desk::warning_input;
use crate::web::auth::PageSession;
use crate::web::error::PageError;
use crate::web::i18n::desk::DeskMsg;
use crate::web::i18n::{Msg, Tr};
use crate::web::pages::{Layout, is_htmx, tr};

/// The card's fields as posted (and echoed back when a plain post fails).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DeskForm {
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub building_id: String,
    #[serde(default)]
    pub apartment: String,
    #[serde(default)]
    pub entrance: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub category: String,
}

impl DeskForm {
    fn to_app(&self) -> RegisterTicket {
        let some = |s: &String| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        RegisterTicket {
            phone: self.phone.clone(),
            name: some(&self.name),
            address: some(&self.address),
            building_id: self.building_id.trim().parse().ok(),
            apartment: some(&self.apartment),
            entrance: some(&self.entrance),
            category: some(&self.category),
            description: self.description.clone(),
            channel: Some("phone".into()),
        }
    }
}

/// A field's label and what is wrong with it.
pub struct FieldProblem {
    pub field: String,
    pub label: &'static str,
    pub message: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "desk/index.html")]
struct DeskPage {
    layout: Layout,
    t: Tr,
    form: DeskForm,
    categories: Vec<(&'static str, &'static str)>,
    problems: Vec<FieldProblem>,
    saved: Option<SavedView>,
}

/// `GET /desk`: an empty card.
pub async fn index(
    State(_ctx): State<Ctx>,
    PageSession(session): PageSession,
) -> Result<Response, PageError> {
    session.actor.require(DESK_ROLES)?;
    Ok(desk_page(&session, DeskForm::default(), Vec::new(), None).into_response())
}

fn desk_page(
    session: &crate::web::auth::Session,
    form: DeskForm,
    problems: Vec<FieldProblem>,
    saved: Option<SavedView>,
) -> DeskPage {
    let t = tr();
    DeskPage {
        layout: Layout::new(session, "/desk"),
        t,
        form,
        categories: Category::ALL
            .iter()
            .map(|c| (c.as_code(), t.category(*c)))
            .collect(),
        problems,
        saved,
    }
}

/// The sentence and links shown once a call is saved.
pub struct SavedView {
    pub id: i64,
    pub number: String,
    pub sentence: String,
    pub unresolved: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "desk/saved.html")]
struct SavedFragment {
    t: Tr,
    saved: SavedView,
}

#[derive(Template, WebTemplate)]
#[template(path = "desk/problems.html")]
struct ProblemsFragment {
    t: Tr,
    problems: Vec<FieldProblem>,
}

/// `POST /desk`: registers the call; htmx gets the sentence to read (or the
/// problems, with 422), a plain post the whole card.
pub async fn create(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    headers: HeaderMap,
    Form(form): Form<DeskForm>,
) -> Result<Response, PageError> {
    let t = tr();
    let htmx = is_htmx(&headers);
    match desk::register_call(&ctx, &session.actor, form.to_app()).await {
        Ok(call) => {
            let saved = saved_view(t, &call);
            if htmx {
                return Ok(SavedFragment { t, saved }.into_response());
            }
            Ok(desk_page(&session, DeskForm::default(), Vec::new(), Some(saved)).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let problems = problems(t, &errors);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            if htmx {
                return Ok((status, ProblemsFragment { t, problems }).into_response());
            }
            Ok((status, desk_page(&session, form, problems, None)).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

fn saved_view(t: Tr, call: &CallRegistered) -> SavedView {
    let ticket = &call.view.ticket;
    let number = ticket.number.to_string();
    let due = ticket.due_at().map(|d| t.datetime(d));
    SavedView {
        id: ticket.id.0,
        sentence: t.desk_sentence(
            &number,
            call.organization.as_ref().map(|o| o.name.as_str()),
            call.district.as_ref().map(|d| d.name.as_str()),
            due.as_deref(),
        ),
        number,
        unresolved: call.view.address_unresolved,
    }
}

fn problems(t: Tr, errors: &FieldErrors) -> Vec<FieldProblem> {
    errors
        .iter()
        .map(|(field, problems)| FieldProblem {
            field: field.to_string(),
            label: field_label(t, field),
            message: problems
                .iter()
                .map(|p| t.problem(p))
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect()
}

fn field_label(t: Tr, field: &str) -> &'static str {
    match field {
        "phone" => t.desk(DeskMsg::Phone),
        "address" | "building_id" => t.desk(DeskMsg::Address),
        "apartment" => t.msg(Msg::Apartment),
        "entrance" => t.msg(Msg::Entrance),
        "name" => t.desk(DeskMsg::Name),
        "description" => t.desk(DeskMsg::Description),
        "category" => t.desk(DeskMsg::Category),
        _ => t.msg(Msg::Back),
    }
}

#[derive(Debug, Deserialize)]
pub struct HistoryQuery {
    #[serde(default)]
    phone: String,
}

/// One earlier ticket of the caller.
pub struct HistoryRow {
    pub id: i64,
    pub number: String,
    pub created: String,
    pub status: &'static str,
    pub open: bool,
    pub category: &'static str,
    pub address: String,
    pub building_id: String,
    pub apartment: String,
    pub entrance: String,
}

/// What the history box says.
pub enum HistoryState {
    Hint,
    Incomplete,
    Forbidden,
    Found(Vec<HistoryRow>),
}

#[derive(Template, WebTemplate)]
#[template(path = "desk/history.html")]
struct HistoryFragment {
    t: Tr,
    state: HistoryState,
}

/// `GET /desk/history?phone=`: the caller's earlier tickets.
pub async fn history(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Query(query): Query<HistoryQuery>,
) -> Result<Response, PageError> {
    session.actor.require(DESK_ROLES)?;
    let t = tr();
    let state = if query.phone.trim().is_empty() {
        HistoryState::Hint
    } else {
        match desk::caller_history(&ctx, &session.actor, &query.phone).await {
            Ok(tickets) => HistoryState::Found(tickets.iter().map(|e| history_row(t, e)).collect()),
            Err(AppError::Invalid(_)) => HistoryState::Incomplete,
            Err(AppError::Forbidden) => HistoryState::Forbidden,
            Err(other) => return Err(other.into()),
        }
    };
    Ok(HistoryFragment { t, state }.into_response())
}

fn history_row(t: Tr, earlier: &EarlierTicket) -> HistoryRow {
    let ticket = &earlier.view.ticket;
    HistoryRow {
        id: ticket.id.0,
        number: ticket.number.to_string(),
        created: t.datetime(ticket.created_at),
        status: t.status(ticket.status()),
        open: ticket.status().is_open(),
        category: t.category(ticket.category),
        address: earlier.address.clone().unwrap_or_default(),
        building_id: ticket
            .building_id
            .map(|b| b.0.to_string())
            .unwrap_or_default(),
        apartment: ticket.apartment.clone().unwrap_or_default(),
        entrance: ticket.entrance.clone().unwrap_or_default(),
    }
}

#[derive(Debug, Deserialize)]
pub struct AddressQuery {
    #[serde(default)]
    address: String,
}

/// One building offered for the typed address.
pub struct CandidateRow {
    pub building_id: i64,
    pub address: String,
    pub percent: u32,
    pub auto: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "desk/addresses.html")]
struct AddressesFragment {
    t: Tr,
    query: String,
    candidates: Vec<CandidateRow>,
    auto_picked: bool,
    apartment: String,
    entrance: String,
}

/// `GET /desk/addresses?address=`: registry buildings for the typed address.
pub async fn addresses(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Query(query): Query<AddressQuery>,
) -> Result<Response, PageError> {
    session.actor.require(DESK_ROLES)?;
    let typed = query.address.trim().to_string();
    let resolution = if typed.is_empty() {
        AddressResolution::default()
    } else {
        address::resolve_address(&ctx, &session.actor, &typed, address::DEFAULT_LIMIT).await?
    };
    let candidates = resolution
        .candidates
        .iter()
        .map(|c| CandidateRow {
            building_id: c.building_id.0,
            address: c.address.clone(),
            percent: (c.confidence * 100.0).round() as u32,
            auto: resolution.auto_picked == Some(c.building_id),
        })
        .collect();
    Ok(AddressesFragment {
        t: tr(),
        query: query.address,
        candidates,
        auto_picked: resolution.auto_picked.is_some(),
        apartment: resolution.apartment.unwrap_or_default(),
        entrance: resolution.entrance.unwrap_or_default(),
    }
    .into_response())
}

#[derive(Debug, Deserialize)]
pub struct CategoryQuery {
    #[serde(default)]
    description: String,
}

/// A category offered for the description.
pub struct SuggestionRow {
    pub code: &'static str,
    pub label: &'static str,
    pub percent: u32,
}

#[derive(Template, WebTemplate)]
#[template(path = "desk/category.html")]
struct CategoryFragment {
    t: Tr,
    top: Option<SuggestionRow>,
    others: Vec<SuggestionRow>,
    because: String,
}

/// Suggestions below this score are not offered as alternatives.
const OTHER_SUGGESTION_MIN: f64 = 0.05;

/// `GET /desk/category?description=`: the suggested category.
pub async fn category(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Query(query): Query<CategoryQuery>,
) -> Result<Response, PageError> {
    session.actor.require(DESK_ROLES)?;
    let t = tr();
    let text = query.description;
    let list = category_suggestion::suggest_categories(&ctx, &session.actor, &text);
    let row = |s: &category_suggestion::Suggestion| SuggestionRow {
        code: s.category.as_code(),
        label: t.category(s.category),
        percent: (s.score * 100.0).round() as u32,
    };
    let top = list.first().map(row);
    let because = match list.first() {
        Some(s) => {
            category_suggestion::reasons(&ctx, &session.actor, &text, s.category, 3).join(", ")
        }
        None => String::new(),
    };
    let others = list
        .iter()
        .skip(1)
        .take(2)
        .filter(|s| s.score >= OTHER_SUGGESTION_MIN)
        .map(row)
        .collect();
    Ok(CategoryFragment {
        t,
        top,
        others,
        because,
    }
    .into_response())
}

#[derive(Debug, Deserialize)]
pub struct WarningsQuery {
    #[serde(default)]
    building_id: String,
    #[serde(default)]
    category: String,
}

/// An open ticket of the same building and category.
pub struct WarningRow {
    pub id: i64,
    pub number: String,
    pub created: String,
    pub status: &'static str,
    pub description: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "desk/warnings.html")]
struct WarningsFragment {
    t: Tr,
    open_tickets: Vec<WarningRow>,
    outages: Vec<OutageRow>,
}

pub struct OutageRow {
    pub id: i64,
    pub reason: String,
    pub starts: String,
    pub expected_end: String,
}

/// `GET /desk/warnings?building_id=&category=`: what to tell the caller
/// before saving.
pub async fn warnings(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Query(query): Query<WarningsQuery>,
) -> Result<Response, PageError> {
    let t = tr();
    let (building_id, category) = warning_input(Some(&query.building_id), Some(&query.category))?;
    let found = desk::warnings(&ctx, &session.actor, building_id, category).await?;
    let open_tickets = found
        .open_tickets
        .iter()
        .map(|v| WarningRow {
            id: v.ticket.id.0,
            number: v.ticket.number.to_string(),
            created: t.datetime(v.ticket.created_at),
            status: t.status(v.ticket.status()),
            description: v.ticket.description.chars().take(100).collect(),
        })
        .collect();
    let outages = found
        .outages
        .iter()
        .map(|v| OutageRow {
            id: v.outage.id.0,
            reason: v.outage.reason.clone(),
            starts: t.datetime(v.outage.starts_at),
            expected_end: t.datetime(v.outage.expected_end_at),
        })
        .collect();
    Ok(WarningsFragment {
        t,
        open_tickets,
        outages,
    }
    .into_response())
}
