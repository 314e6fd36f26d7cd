//! The act printed as a formal A4 document: verdicts, legal references, remarks
//! and the signatures block (with refusals to sign).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use domain::inspection::InspectionId;

use crate::app::inspection as inspections;
use crate::app::{AppError, Ctx};
use crate::web::auth::PageSession;
use crate::web::error::PageError;
use crate::web::i18n::Tr;
use crate::web::i18n::inspection::InspectionMsg;
use crate::web::pages::inspection::{VerdictLine, any_violation, verdict_lines};
use crate::web::pages::tr;

pub struct SignatureLine {
    pub party: &'static str,
    pub name: String,
    pub title: String,
    pub refused: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "inspections/print.html")]
struct PrintPage {
    t: Tr,
    id: i64,
    address: String,
    district: String,
    management_company: String,
    heat_supplier: String,
    visited: String,
    outdoor: String,
    supply_pressure: String,
    return_pressure: String,
    instrument: String,
    verified_on: String,
    findings: String,
    tickets: Vec<String>,
    verdicts: Vec<VerdictLine>,
    violations: bool,
    remarks: Vec<(String, &'static str, String, String)>,
    signatures: Vec<SignatureLine>,
    photos: Vec<(i64, String)>,
}

/// `GET /inspections/{id}/report/print`: the act as a formal A4 document.
pub async fn print(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let d = inspections::get_inspection(&ctx, &session.actor, InspectionId(id)).await?;
    let Some(stored) = &d.report else {
        return Err(AppError::NotFound.into());
    };
    let t = tr();
    let r = &stored.report;
    let text = |v: Option<f64>, unit: &str| {
        v.map(|v| format!("{} {unit}", v.to_string().replace('.', ",")))
            .unwrap_or_else(|| "—".into())
    };
    let page = PrintPage {
        t,
        id,
        address: d.stored.address.clone(),
        district: d.district.name.clone(),
        management_company: d.management_company.name.clone(),
        heat_supplier: d.heat_supplier.name.clone(),
        visited: t.datetime(r.visited_at),
        outdoor: text(r.outdoor_temperature, "°C"),
        supply_pressure: text(r.supply_pressure, "МПа"),
        return_pressure: text(r.return_pressure, "МПа"),
        instrument: r.instrument.clone().unwrap_or_else(|| "—".into()),
        verified_on: r
            .instrument_verified_on
            .map(|d| d.strftime("%d.%m.%Y").to_string())
            .unwrap_or_else(|| "—".into()),
        findings: r.findings.clone().unwrap_or_default(),
        tickets: d
            .tickets
            .iter()
            .map(|v| {
                format!(
                    "№ {} от {}",
                    v.ticket.number,
                    t.datetime(v.ticket.created_at)
                )
            })
            .collect(),
        verdicts: verdict_lines(t, &d),
        violations: any_violation(&d),
        remarks: d
            .remarks
            .iter()
            .map(|rm| {
                (
                    rm.organization_name.clone(),
                    t.remark_issue(rm.remark.issue),
                    format!("{} ({})", rm.remark.text, rm.remark.reference),
                    t.datetime(rm.remark.due_at()),
                )
            })
            .collect(),
        signatures: r
            .participants
            .iter()
            .map(|p| SignatureLine {
                party: t.party(p.party),
                name: p.name.clone(),
                title: p.job_title.clone().unwrap_or_default(),
                refused: p
                    .refused_to_sign
                    .then(|| p.refusal_reason.clone().unwrap_or_default()),
            })
            .collect(),
        photos: d
            .photos
            .iter()
            .filter(|p| p.remark_id.is_none())
            .map(|p| (p.id, p.caption.clone().unwrap_or_default()))
            .collect(),
    };
    Ok(page.into_response())
}
