//! The norms check as a service (`POST /api/v1/norms/check` and the act's live
//! verdicts) and the heat sources' temperature schedules the admin loads.

use domain::climate_band::ClimateBand;
use domain::norm::{CheckInput, Reading, ReadingKind, Verdict, check};
use domain::organization::{Organization, OrganizationId, OrganizationKind};
use domain::temperature_schedule::TemperatureSchedule;
use domain::user::Role;
use jiff::Timestamp;

use crate::app::inspection::{InspectionProblem, READERS, invalid, parse_instant};
use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, internal};

/// Ufa's coldest five-day period is −33 °C, so the cold band of ПП 354 applies
/// (+20 °C, corner +22 °C). A deployment elsewhere changes this one constant.
pub const CLIMATE_BAND: ClimateBand = ClimateBand::Cold;

/// One reading as sent by a client.
#[derive(Debug, Clone, Default)]
pub struct ReadingInput {
    pub kind: Option<String>,
    pub value: Option<f64>,
    pub corner: Option<bool>,
}

/// A norms check request.
#[derive(Debug, Clone, Default)]
pub struct NormsCheckInput {
    pub at: Option<String>,
    pub outdoor_temperature: Option<f64>,
    /// The heat supplier whose schedule applies; the default 95/70 without one.
    pub heat_source_id: Option<i64>,
    pub readings: Vec<ReadingInput>,
}

/// The schedule of a heat source: the loaded one, else the default 95/70.
pub(crate) async fn schedule_for(
    conn: &mut store::AnyConnection,
    heat_source: Option<OrganizationId>,
) -> Result<TemperatureSchedule, AppError> {
    let loaded = match heat_source {
        Some(id) => store::temperature_schedule::get(conn, id)
            .await
            .map_err(internal("reading temperature schedule"))?,
        None => None,
    };
    Ok(loaded.unwrap_or_else(TemperatureSchedule::default_95_70))
}

/// A heat source named by id must be a heat supplier.
async fn heat_source(
    conn: &mut store::AnyConnection,
    id: Option<i64>,
    field: &str,
) -> Result<Option<Organization>, AppError> {
    let Some(id) = id else {
        return Ok(None);
    };
    let organization = store::organization::get(conn, OrganizationId(id))
        .await
        .map_err(|_| AppError::Invalid(FieldErrors::one(field, Problem::NotFound)))?;
    if organization.kind != OrganizationKind::HeatSupplier {
        return Err(invalid(field, InspectionProblem::NotAHeatSupplier));
    }
    Ok(Some(organization))
}

/// Checks readings against the norms. Verdicts come in the order of the
/// readings; room air gets two (ПП 354, then СанПиН), the second right after
/// the first with the same `reading_index`.
#[tracing::instrument(skip_all)]
pub async fn check_norms(
    ctx: &Ctx,
    actor: &Actor,
    input: NormsCheckInput,
) -> Result<Vec<Verdict>, AppError> {
    actor.require(READERS)?;
    let mut errors = FieldErrors::default();
    let at = match input.at.as_deref().map(str::trim) {
        None | Some("") => {
            errors.add("at", Problem::Required);
            None
        }
        Some(text) => parse_instant(text).or_else(|| {
            errors.add("at", Problem::Malformed);
            None
        }),
    };
    if input
        .outdoor_temperature
        .is_some_and(|t| !(-60.0..=50.0).contains(&t))
    {
        errors.add(
            "outdoor_temperature",
            Problem::Inspection(InspectionProblem::Implausible),
        );
    }
    let readings = readings(&input.readings, &mut errors);
    let mut conn = ctx.db.read().await.map_err(internal("checking norms"))?;
    let source = match heat_source(&mut conn, input.heat_source_id, "heat_source_id").await {
        Ok(source) => source,
        Err(AppError::Invalid(more)) => {
            for (field, problems) in more.iter() {
                for problem in problems {
                    errors.add(field, problem.clone());
                }
            }
            None
        }
        Err(other) => return Err(other),
    };
    errors.into_result()?;
    let schedule = schedule_for(&mut conn, source.map(|s| s.id)).await?;
    Ok(check(&CheckInput {
        at: at.expect("validated above"),
        outdoor_temperature: input.outdoor_temperature,
        schedule: &schedule,
        band: CLIMATE_BAND,
        readings,
    }))
}

fn readings(inputs: &[ReadingInput], errors: &mut FieldErrors) -> Vec<Reading> {
    if inputs.is_empty() {
        errors.add("readings", Problem::Required);
    }
    let mut out = Vec::with_capacity(inputs.len());
    for (idx, input) in inputs.iter().enumerate() {
        let kind = match input.kind.as_deref() {
            None | Some("") => {
                errors.add(format!("readings[{idx}].kind"), Problem::Required);
                None
            }
            Some(code) => ReadingKind::from_code(code).or_else(|| {
                errors.add(format!("readings[{idx}].kind"), Problem::UnknownCode);
                None
            }),
        };
        let value = match input.value {
            None => {
                errors.add(format!("readings[{idx}].value"), Problem::Required);
                None
            }
            Some(v) if kind.is_some_and(|k| !domain::inspection_report::plausible(k, v)) => {
                errors.add(
                    format!("readings[{idx}].value"),
                    Problem::Inspection(InspectionProblem::Implausible),
                );
                None
            }
            Some(v) => Some(v),
        };
        if let (Some(kind), Some(value)) = (kind, value) {
            out.push(Reading {
                kind,
                value,
                corner: input.corner.unwrap_or(false),
            });
        }
    }
    out
}

/// A loaded schedule with its heat source.
pub struct ScheduleInfo {
    pub heat_supplier: Organization,
    pub schedule: TemperatureSchedule,
    pub loaded_at: Timestamp,
}

/// Loads (or replaces) a heat source's temperature schedule from CSV. Every
/// bad line is reported; a schedule with any error is not stored.
#[tracing::instrument(skip_all)]
pub async fn put_temperature_schedule(
    ctx: &Ctx,
    actor: &Actor,
    heat_supplier_id: Option<i64>,
    csv: &str,
) -> Result<ScheduleInfo, AppError> {
    actor.require(&[Role::Admin])?;
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("loading schedule"))?;
    let Some(heat_supplier) = heat_source(&mut tx, heat_supplier_id, "heat_supplier_id").await?
    else {
        return Err(AppError::Invalid(FieldErrors::one(
            "heat_supplier_id",
            Problem::Required,
        )));
    };
    let schedule = TemperatureSchedule::parse_csv(csv).map_err(|errors| {
        let mut out = FieldErrors::default();
        for error in &errors {
            out.add("csv", Problem::Inspection(InspectionProblem::from(error)));
        }
        AppError::Invalid(out)
    })?;
    let now = ctx.now();
    store::temperature_schedule::put(
        &mut tx,
        heat_supplier.id,
        &schedule,
        Some(actor.user.id),
        now,
    )
    .await
    .map_err(internal("loading schedule"))?;
    tx.commit().await.map_err(internal("loading schedule"))?;
    Ok(ScheduleInfo {
        heat_supplier,
        schedule,
        loaded_at: now,
    })
}

/// Every loaded schedule; heat sources without one use the default 95/70.
pub async fn list_temperature_schedules(
    ctx: &Ctx,
    actor: &Actor,
) -> Result<Vec<ScheduleInfo>, AppError> {
    actor.require(READERS)?;
    let mut conn = ctx.db.read().await.map_err(internal("listing schedules"))?;
    let mut out = Vec::new();
    for (id, schedule, loaded_at) in store::temperature_schedule::list(&mut conn)
        .await
        .map_err(internal("listing schedules"))?
    {
        let heat_supplier = store::organization::get(&mut conn, id)
            .await
            .map_err(internal("listing schedules"))?;
        out.push(ScheduleInfo {
            heat_supplier,
            schedule,
            loaded_at,
        });
    }
    Ok(out)
}
