//! The act form for a phone at the visit (values checked as they are typed),
//! and the act printed as an A4 document.

use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::inspection::InspectionId;
use domain::inspection_report::Party;
use domain::norm::Verdict;
use serde::Deserialize;

use crate::app::inspection::text::norm_text;
use crate::app::inspection::{self as inspections, InspectionDetails, report as app_report};
use crate::app::{AppError, Ctx};
use crate::web::auth::PageSession;
use crate::web::error::PageError;
use crate::web::i18n::inspection::InspectionMsg;
use crate::web::i18n::{Msg, Tr};
use crate::web::pages::inspection::form::{FormValues, PartyRow, RoomRow, TapRow};
use crate::web::pages::{Layout, tr};

#[derive(Template, WebTemplate)]
#[template(path = "inspections/report.html")]
struct ReportPage {
    layout: Layout,
    t: Tr,
    id: i64,
    address: String,
    heat_source: String,
    form: FormValues,
    parties: Vec<(&'static str, &'static str)>,
    errors: Vec<String>,
    next_room: usize,
    next_tap: usize,
    next_participant: usize,
}

fn parties(t: Tr) -> Vec<(&'static str, &'static str)> {
    Party::ALL
        .iter()
        .map(|p| (p.as_code(), t.party(*p)))
        .collect()
}

fn next(indexes: impl Iterator<Item = usize>) -> usize {
    indexes.max().map_or(0, |m| m + 1)
}

fn render_form(
    session: &crate::web::auth::Session,
    details: &InspectionDetails,
    form: FormValues,
    errors: Vec<String>,
) -> ReportPage {
    let t = tr();
    ReportPage {
        layout: Layout::new(session, "/inspections"),
        t,
        id: details.stored.inspection.id.0,
        address: details.stored.address.clone(),
        heat_source: details.heat_supplier.name.clone(),
        parties: parties(t),
        next_room: next(form.rooms.iter().map(|r| r.idx)),
        next_tap: next(form.taps.iter().map(|r| r.idx)),
        next_participant: next(form.participants.iter().map(|r| r.idx)),
        form,
        errors,
    }
}

/// `GET /inspections/{id}/report`: the act form.
pub async fn edit(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let details = inspections::get_inspection(&ctx, &session.actor, InspectionId(id)).await?;
    if !details.can.report {
        return Err(AppError::Forbidden.into());
    }
    let form = FormValues::from_details(&details, &session.actor.user.name, ctx.now());
    Ok(render_form(&session, &details, form, Vec::new()).into_response())
}

fn error_lines(t: Tr, err: &AppError) -> Vec<(String, String)> {
    match err {
        AppError::Invalid(errors) => errors
            .iter()
            .map(|(field, problems)| {
                let words: Vec<String> = problems.iter().map(|p| t.problem(p)).collect();
                (field.to_string(), words.join(", "))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// `POST /inspections/{id}/report`: saves the act and goes to the inspection.
pub async fn save(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormValues::from_form(&pairs);
    let result = match form.to_input() {
        Ok((input, _)) => app_report::record_report(&ctx, &session.actor, InspectionId(id), input)
            .await
            .map(|_| ()),
        Err(err) => Err(err),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/inspections/{id}")).into_response()),
        Err(err @ AppError::Invalid(_)) => {
            let details =
                inspections::get_inspection(&ctx, &session.actor, InspectionId(id)).await?;
            let errors = error_lines(tr(), &err)
                .into_iter()
                .map(|(field, text)| format!("{field}: {text}"))
                .collect();
            let page = render_form(&session, &details, form, errors);
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(err) => Err(err.into()),
    }
}

pub struct Span {
    pub id: String,
    pub class: &'static str,
    pub text: String,
}

pub struct ProposalPreview {
    pub owner: String,
    pub issue: &'static str,
    pub text: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "inspections/check_partial.html")]
struct CheckPartial {
    t: Tr,
    spans: Vec<Span>,
    proposals: Vec<ProposalPreview>,
    checked: bool,
}

fn span_text(t: Tr, verdicts: &[&Verdict]) -> (String, &'static str) {
    let bad = verdicts.iter().any(|v| v.verdict.is_violation());
    let checked = verdicts.iter().all(|v| v.norm.is_some());
    let text = verdicts
        .iter()
        .map(|v| match v.norm {
            Some(norm) => format!("{}: {}", t.verdict(v.verdict), norm_text(norm)),
            None => t.verdict(v.verdict).to_string(),
        })
        .collect::<Vec<_>>()
        .join(" · ");
    let class = if bad {
        "bad"
    } else if checked {
        "ok"
    } else {
        "unchecked"
    };
    (text, class)
}

/// `POST /inspections/{id}/report/check` (htmx): the verdict beside each value,
/// swapped in out of band, and the remarks saving would create.
pub async fn check(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let t = tr();
    let form = FormValues::from_form(&pairs);
    let mut all_ids: Vec<String> = ["v-supply", "v-return", "v-outdoor"]
        .map(String::from)
        .to_vec();
    all_ids.extend(form.rooms.iter().map(|r| format!("v-room-{}", r.idx)));
    all_ids.extend(form.taps.iter().map(|r| format!("v-tap-{}", r.idx)));
    let mut texts: BTreeMap<String, (String, &'static str)> = BTreeMap::new();
    let mut proposals = Vec::new();
    let outcome = match form.to_input() {
        Ok((input, ids)) => {
            app_report::preview_report(&ctx, &session.actor, InspectionId(id), &input)
                .await
                .map(|preview| (preview, ids))
        }
        Err(err) => Err(err),
    };
    let checked = match outcome {
        Ok((preview, ids)) => {
            for (position, span_id) in ids.iter().enumerate() {
                let verdicts: Vec<&Verdict> = preview
                    .verdicts
                    .iter()
                    .filter(|v| v.reading_index == position)
                    .collect();
                texts.insert(span_id.clone(), span_text(t, &verdicts));
            }
            proposals = preview
                .proposals
                .iter()
                .map(|p| ProposalPreview {
                    owner: t.organization_kind(p.owner).to_string(),
                    issue: t.remark_issue(p.issue),
                    text: p.text.clone(),
                })
                .collect();
            true
        }
        Err(err @ AppError::Invalid(_)) => {
            for (field, text) in error_lines(t, &err) {
                if let Some(span) = form.span_of(&field) {
                    texts.insert(span, (text, "bad"));
                }
            }
            false
        }
        Err(err) => return Err(err.into()),
    };
    let spans = all_ids
        .into_iter()
        .map(|id| {
            let (text, class) = texts.remove(&id).unwrap_or_default();
            Span { id, class, text }
        })
        .collect();
    Ok(CheckPartial {
        t,
        spans,
        proposals,
        checked,
    }
    .into_response())
}

#[derive(Debug, Deserialize)]
pub struct RowQuery {
    #[serde(default)]
    index: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "inspections/row_partial.html")]
struct RowPartial {
    t: Tr,
    id: i64,
    kind: String,
    room: RoomRow,
    tap: TapRow,
    participant: PartyRow,
    parties: Vec<(&'static str, &'static str)>,
    next: usize,
}

/// `GET /inspections/{id}/report/rows/{kind}?index=N` (htmx): one more blank
/// room, tap or participant row, and the add button moved on to `N + 1`.
pub async fn row(
    PageSession(_session): PageSession,
    Path((id, kind)): Path<(i64, String)>,
    Query(q): Query<RowQuery>,
) -> Result<Response, PageError> {
    if !matches!(kind.as_str(), "room" | "tap" | "p") {
        return Err(AppError::NotFound.into());
    }
    let t = tr();
    Ok(RowPartial {
        t,
        id,
        room: RoomRow {
            idx: q.index,
            ..Default::default()
        },
        tap: TapRow {
            idx: q.index,
            ..Default::default()
        },
        participant: PartyRow {
            idx: q.index,
            party: Party::Other.as_code().into(),
            ..Default::default()
        },
        kind,
        parties: parties(t),
        next: q.index + 1,
    }
    .into_response())
}
