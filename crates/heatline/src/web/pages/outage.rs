//! Outage pages: the list, the registration form, and an outage with its
//! buildings, interruption clock, breaches and the restore form.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::district::District;
use domain::organization::{Organization, OrganizationKind};
use domain::outage::OutageId;
use serde::Deserialize;

use crate::app::outage::{
    self as outages, CloseOutage, OutageListParams, OutageView, RegisterOutage,
};
use crate::app::{AppError, Ctx, FieldErrors, Problem, registry};
use crate::web::auth::PageSession;
use crate::web::error::PageError;
use crate::web::i18n::outage::OutageMsg;
use crate::web::i18n::{Msg, Tr};
use crate::web::pages::{Layout, tr};

pub struct Row {
    pub id: i64,
    pub status: &'static str,
    pub open: bool,
    pub reason: String,
    pub starts: String,
    pub expected_end: String,
    pub ended: String,
    pub buildings: usize,
    pub tickets: i64,
    pub tickets_open: i64,
    pub hours: String,
    pub limit: String,
    pub breached: bool,
}

fn row(t: Tr, v: &OutageView) -> Row {
    let o = &v.outage;
    Row {
        id: o.id.0,
        status: t.outage_status(o.status()),
        open: o.ended_at.is_none(),
        reason: o.reason.clone(),
        starts: t.datetime(o.starts_at),
        expected_end: t.datetime(o.expected_end_at),
        ended: o.ended_at.map(|e| t.datetime(e)).unwrap_or_default(),
        buildings: v.building_ids.len(),
        tickets: v.tickets_linked,
        tickets_open: v.tickets_open,
        hours: format!("{:.1}", v.clock.hours),
        limit: format!("{:.0}", v.clock.limit_hours),
        breached: !v.breaches.is_empty(),
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListParams {
    #[serde(default)]
    pub status: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "outages/index.html")]
struct IndexPage {
    layout: Layout,
    params: ListParams,
    rows: Vec<Row>,
    total: i64,
    can_register: bool,
}

/// `GET /outages`.
pub async fn index(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Query(params): Query<ListParams>,
) -> Result<Response, PageError> {
    let t = tr();
    let list = outages::list_outages(
        &ctx,
        &session.actor,
        OutageListParams {
            status: Some(params.status.clone()).filter(|s| !s.is_empty()),
            page_size: Some("100".into()),
            ..OutageListParams::default()
        },
    )
    .await?;
    Ok(IndexPage {
        layout: Layout::new(&session, "/outages"),
        rows: list.outages.iter().map(|v| row(t, v)).collect(),
        total: list.total,
        can_register: outages::may_register(&ctx, &session.actor).await?,
        params,
    }
    .into_response())
}

/// The registration form as typed, echoed back with its errors.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NewForm {
    #[serde(default)]
    pub building_ids: String,
    #[serde(default)]
    pub street: String,
    #[serde(default)]
    pub supplier_id: String,
    #[serde(default)]
    pub district_id: String,
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub expected_end_at: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub indoor_temperature: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "outages/new.html")]
struct NewPage {
    layout: Layout,
    form: NewForm,
    errors: Vec<(String, String)>,
    suppliers: Vec<Organization>,
    districts: Vec<District>,
}

async fn new_page(
    ctx: &Ctx,
    session: &crate::web::auth::Session,
    form: NewForm,
    errors: Vec<(String, String)>,
) -> Result<NewPage, PageError> {
    Ok(NewPage {
        layout: Layout::new(session, "/outages"),
        form,
        errors,
        suppliers: registry::list_organizations(
            ctx,
            &session.actor,
            Some(OrganizationKind::HeatSupplier),
        )
        .await?,
        districts: registry::list_districts(ctx, &session.actor).await?,
    })
}

/// `GET /outages/new`.
pub async fn new(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
) -> Result<Response, PageError> {
    if !outages::may_register(&ctx, &session.actor).await? {
        return Err(AppError::Forbidden.into());
    }
    let now = domain::calendar::in_city(ctx.now());
    let form = NewForm {
        starts_at: now.strftime("%Y-%m-%dT%H:%M").to_string(),
        expected_end_at: (now + jiff::SignedDuration::from_hours(8))
            .strftime("%Y-%m-%dT%H:%M")
            .to_string(),
        ..NewForm::default()
    };
    Ok(new_page(&ctx, &session, form, Vec::new())
        .await?
        .into_response())
}

/// `POST /outages`: registers and shows the outage, or re-renders the form
/// with a message per field.
pub async fn create(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Form(form): Form<NewForm>,
) -> Result<Response, PageError> {
    let t = tr();
    let input = match to_input(&form) {
        Ok(input) => input,
        Err(errors) => return invalid(&ctx, &session, form, t, errors).await,
    };
    match outages::register_outage(&ctx, &session.actor, input).await {
        Ok(details) => {
            Ok(Redirect::to(&format!("/outages/{}", details.view.outage.id.0)).into_response())
        }
        Err(AppError::Invalid(errors)) => invalid(&ctx, &session, form, t, errors).await,
        Err(other) => Err(other.into()),
    }
}

async fn invalid(
    ctx: &Ctx,
    session: &crate::web::auth::Session,
    form: NewForm,
    t: Tr,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let messages = errors
        .iter()
        .map(|(field, problems)| {
            let words: Vec<String> = problems.iter().map(|p| t.problem(p)).collect();
            (field.to_string(), words.join(", "))
        })
        .collect();
    let page = new_page(ctx, session, form, messages).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

fn to_input(form: &NewForm) -> Result<RegisterOutage, FieldErrors> {
    let mut errors = FieldErrors::default();
    let mut number = |field: &'static str, text: &str| -> Option<i64> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        text.parse()
            .map_err(|_| errors.add(field, Problem::Malformed))
            .ok()
    };
    let supplier_id = number("supplier_id", &form.supplier_id);
    let district_id = number("district_id", &form.district_id);
    let mut building_ids = Vec::new();
    for part in form
        .building_ids
        .split([',', ' ', ';'])
        .filter(|p| !p.trim().is_empty())
    {
        match part.trim().parse::<i64>() {
            Ok(id) => building_ids.push(id),
            Err(_) => errors.add("building_ids", Problem::Malformed),
        }
    }
    let indoor_temperature = match form.indoor_temperature.trim().replace(',', ".") {
        t if t.is_empty() => None,
        t => t
            .parse::<f64>()
            .map_err(|_| errors.add("indoor_temperature", Problem::Malformed))
            .ok(),
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(RegisterOutage {
        building_ids,
        street: Some(form.street.clone()),
        supplier_id,
        district_id,
        starts_at: Some(form.starts_at.clone()),
        expected_end_at: Some(form.expected_end_at.clone()),
        reason: form.reason.clone(),
        indoor_temperature,
    })
}

pub struct BreachLine {
    pub address: String,
    pub kind: &'static str,
    pub month: String,
    pub hours: String,
    pub limit: String,
    pub over: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "outages/show.html")]
struct ShowPage {
    layout: Layout,
    row: Row,
    band: &'static str,
    indoor: Option<String>,
    over: String,
    limit_ends: String,
    ongoing: bool,
    breaches: Vec<BreachLine>,
    buildings: Vec<(i64, String)>,
    close_comment: Option<String>,
    can_close: bool,
    now_local: String,
}

/// `GET /outages/{id}`.
pub async fn show(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let t = tr();
    let details = outages::get_outage(&ctx, &session.actor, OutageId(id)).await?;
    let v = &details.view;
    let addresses: HashMap<i64, String> = details
        .buildings
        .iter()
        .map(|b| (b.id.0, b.address.clone()))
        .collect();
    let breaches = v
        .breaches
        .iter()
        .map(|b| BreachLine {
            address: addresses.get(&b.building_id.0).cloned().unwrap_or_default(),
            kind: t.breach_kind(b.kind),
            month: b
                .month
                .map(|m| m.strftime("%m.%Y").to_string())
                .unwrap_or_default(),
            hours: format!("{:.1}", b.hours),
            limit: format!("{:.0}", b.limit_hours),
            over: format!("{:.1}", b.hours_over),
        })
        .collect();
    Ok(ShowPage {
        layout: Layout::new(&session, "/outages"),
        row: row(t, v),
        band: t.indoor_band(v.clock.band),
        indoor: v.outage.indoor_temperature.map(|c| format!("{c:+.1}")),
        over: format!("{:.1}", v.clock.hours_over_limit),
        limit_ends: t.datetime(v.clock.limit_ends_at),
        ongoing: v.clock.ongoing,
        breaches,
        buildings: details
            .buildings
            .iter()
            .map(|b| (b.id.0, b.address.clone()))
            .collect(),
        close_comment: v.outage.close_comment.clone(),
        can_close: v.can_close,
        now_local: domain::calendar::in_city(ctx.now())
            .strftime("%Y-%m-%dT%H:%M")
            .to_string(),
    }
    .into_response())
}

#[derive(Debug, Deserialize)]
pub struct CloseForm {
    #[serde(default)]
    ended_at: String,
    #[serde(default)]
    indoor_temperature: String,
    #[serde(default)]
    comment: Option<String>,
}

/// `POST /outages/{id}/close`: restores supply and goes back to the outage.
pub async fn close(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path(id): Path<i64>,
    Form(form): Form<CloseForm>,
) -> Result<Response, PageError> {
    let indoor_temperature = match form.indoor_temperature.trim().replace(',', ".") {
        t if t.is_empty() => None,
        t => Some(t.parse::<f64>().map_err(|_| {
            AppError::Invalid(FieldErrors::one("indoor_temperature", Problem::Malformed))
        })?),
    };
    let input = CloseOutage {
        ended_at: Some(form.ended_at).filter(|e| !e.trim().is_empty()),
        indoor_temperature,
        comment: form.comment,
    };
    outages::close_outage(&ctx, &session.actor, OutageId(id), input).await?;
    Ok(Redirect::to(&format!("/outages/{id}")).into_response())
}
