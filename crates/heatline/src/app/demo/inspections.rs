//! Demo inspections. Repeat detection has already opened inspections while the
//! season was registered; here the district HQs deal with them as a real
//! season would: visits a day or two after the last repeat call, most called
//! off because the problem was fixed before the visit, the rest visited with an
//! act (with and without violations) whose remarks are in every state. Recent
//! inspections stay open or scheduled. One heat supplier has the 150/70
//! schedule loaded; the others use the default 95/70.

use domain::inspection_report::{InspectionReport, Participant, Party, ReportReading};
use domain::norm::ReadingKind;
use domain::organization::OrganizationKind;
use domain::temperature_schedule::TemperatureSchedule;
use domain::user::Scope;
use jiff::{SignedDuration, Timestamp};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use store::db::WriteTx;
use store::inspection::StoredInspection;

use crate::app::inspection::report::{Act, DEFAULT_REMARK_DAYS, store_act};
use crate::app::{AppError, Ctx, internal};

/// The example network schedule of PRODUCT.md, loaded for the first supplier.
const SCHEDULE_150_70: &str =
    "outdoor,supply,return\n10,80,33\n0,85,45\n-10,110,55\n-20,135,65\n-28,150,70\n";

const CANCEL_REASONS: &[&str] = &[
    "Обращения закрыты: нарушение устранено до выезда, повторных обращений нет",
    "Завоздушивание устранено управляющей компанией, жители подтвердили",
    "Подача тепла восстановлена после аварии, выезд не требуется",
    "Жители отказались от проверки, температура в норме",
];

/// What the visit found, by design of the demo.
#[derive(Clone, Copy)]
enum Finding {
    Fine,
    ColdRooms,
    SupplyLow,
    Overheated,
    ColdTap,
}

/// Deals with every open inspection left by the season.
pub async fn seed(ctx: &Ctx, now: Timestamp) -> Result<(), AppError> {
    let mut rng = StdRng::seed_from_u64(2605);
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("seeding inspections"))?;
    let suppliers = store::organization::list(&mut tx, Some(OrganizationKind::HeatSupplier))
        .await
        .map_err(internal("seeding inspections"))?;
    if let Some(first) = suppliers.first() {
        let schedule = TemperatureSchedule::parse_csv(SCHEDULE_150_70)
            .map_err(|_| AppError::Internal(anyhow::anyhow!("demo schedule does not parse")))?;
        store::temperature_schedule::put(&mut tx, first.id, &schedule, None, now)
            .await
            .map_err(internal("seeding schedule"))?;
    }
    let open = store::inspection::open_with_last_link(&mut tx)
        .await
        .map_err(internal("seeding inspections"))?;
    let mut counts = [0; 4];
    for (id, last_link) in open {
        let mut stored = store::inspection::get(&mut tx, id, Scope::City)
            .await
            .map_err(internal("seeding inspections"))?;
        let visit = visit_time(&mut rng, last_link);
        if visit > now {
            if rng.random_bool(0.55) {
                let members = vec![stored.management_company_id, stored.heat_supplier_id];
                let version = stored.inspection.state().version;
                stored.inspection.schedule(visit, members.clone())?;
                let note = "От штаба: специалист отдела ЖКХ администрации района";
                let at = last_link + SignedDuration::from_hours(2);
                store::inspection::update_state(
                    &mut tx,
                    &stored.inspection,
                    version,
                    Some(note),
                    at,
                )
                .await
                .map_err(internal("scheduling"))?;
                store::inspection::set_members(&mut tx, id, &members, at)
                    .await
                    .map_err(internal("scheduling"))?;
                counts[2] += 1;
            } else {
                counts[3] += 1;
            }
        } else if rng.random_bool(0.3) {
            visit_building(ctx, &mut tx, &mut rng, &mut stored, visit, now).await?;
            counts[0] += 1;
        } else {
            let version = stored.inspection.state().version;
            let reason = CANCEL_REASONS[rng.random_range(0..CANCEL_REASONS.len())];
            stored.inspection.cancel(reason, visit)?;
            store::inspection::update_state(&mut tx, &stored.inspection, version, None, visit)
                .await
                .map_err(internal("cancelling"))?;
            counts[1] += 1;
        }
    }
    tx.commit().await.map_err(internal("seeding inspections"))?;
    let [visited, cancelled, scheduled, open] = counts;
    tracing::info!(
        visited,
        cancelled,
        scheduled,
        open,
        "demo inspections seeded"
    );
    Ok(())
}

/// A working-hours visit a day or two after the last repeat call.
fn visit_time(rng: &mut StdRng, last_link: Timestamp) -> Timestamp {
    let day = domain::calendar::city_date(
        last_link + SignedDuration::from_hours(rng.random_range(20..44)),
    );
    let local = day.at(
        rng.random_range(10..17),
        [0, 15, 30, 45][rng.random_range(0..4)],
        0,
        0,
    );
    domain::calendar::city_instant(local)
}

/// The day's mean outdoor temperature: about +8 at the start of October,
/// falling to about −10 by late November.
fn outdoor_at(rng: &mut StdRng, at: Timestamp) -> f64 {
    let day = f64::from(domain::calendar::city_date(at).day_of_year()) - 274.0;
    ((8.0 - 0.32 * day + rng.random_range(-3.0..3.0)) * 10.0_f64).round() / 10.0
}

fn round(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

async fn visit_building(
    ctx: &Ctx,
    tx: &mut WriteTx,
    rng: &mut StdRng,
    stored: &mut StoredInspection,
    visit: Timestamp,
    now: Timestamp,
) -> Result<(), AppError> {
    let finding = match rng.random_range(0..100) {
        0..45 => Finding::Fine,
        45..70 => Finding::ColdRooms,
        70..82 => Finding::SupplyLow,
        82..90 => Finding::Overheated,
        _ => Finding::ColdTap,
    };
    let outdoor = outdoor_at(rng, visit);
    let schedule =
        crate::app::inspection::norms::schedule_for(tx, Some(stored.heat_supplier_id)).await?;
    let point = schedule.at(outdoor);
    let supply_factor = match finding {
        Finding::SupplyLow => rng.random_range(0.86..0.94),
        _ => rng.random_range(0.985..1.02),
    };
    let at = |minutes: i64| visit + SignedDuration::from_mins(minutes);
    let mut readings = vec![
        reading(
            ReadingKind::Supply,
            round(point.supply * supply_factor),
            at(5),
        ),
        reading(
            ReadingKind::Return,
            round(point.return_water * rng.random_range(0.95..1.03)),
            at(5),
        ),
    ];
    let rooms = ["спальня", "зал", "детская", "кухня"];
    for n in 0..rng.random_range(2..=4) {
        let apartment = rng.random_range(1..120).to_string();
        let corner = n == 0 && rng.random_bool(0.5);
        let base = if corner { 22.0 } else { 20.0 };
        let value = match (finding, n) {
            (Finding::ColdRooms | Finding::SupplyLow, 0 | 1) => base - rng.random_range(0.3..2.5),
            (Finding::Overheated, 0) => 24.0 + rng.random_range(0.5..3.0),
            _ => base + rng.random_range(0.2..2.5),
        };
        let mut r = reading(ReadingKind::RoomAir, round(value), at(15 + 10 * n));
        r.corner = corner;
        r.apartment = Some(apartment);
        r.room = Some(rooms[n as usize % rooms.len()].to_string());
        readings.push(r);
    }
    let tap = match finding {
        Finding::ColdTap => rng.random_range(44.0..55.0),
        _ => rng.random_range(58.0..66.0),
    };
    let mut r = reading(ReadingKind::HotWater, round(tap), at(55));
    r.apartment = readings[2].apartment.clone();
    readings.push(r);
    let participant = |party, name: &str, refused: bool| Participant {
        party,
        name: name.to_string(),
        job_title: None,
        organization_id: None,
        refused_to_sign: refused,
        refusal_reason: refused.then(|| "не согласен с результатами замеров".to_string()),
    };
    let report = InspectionReport {
        visited_at: visit,
        outdoor_temperature: Some(outdoor),
        supply_pressure: Some(round(rng.random_range(0.55..0.75))),
        return_pressure: Some(round(rng.random_range(0.35..0.5))),
        instrument: Some("Термометр цифровой Testo 905-T1, зав. № 4411".into()),
        instrument_verified_on: Some(jiff::civil::date(2026, 3, 12)),
        findings: Some(match finding {
            Finding::Fine => {
                "Параметры теплоносителя и температура воздуха соответствуют нормативам.".into()
            }
            _ => "Выявлены отклонения от нормативов, см. замечания.".into(),
        }),
        participants: vec![
            participant(Party::DistrictHq, "Гарипов Р. Ф.", false),
            participant(Party::ManagementCompany, "Ахметова Л. Р.", false),
            participant(
                Party::HeatSupplier,
                "Шарипов И. М.",
                matches!(finding, Finding::SupplyLow) && rng.random_bool(0.5),
            ),
            participant(Party::Resident, "Житель кв. по обращению", false),
        ],
        readings,
    };
    let completed = visit + SignedDuration::from_hours(2);
    let due_at = domain::deadline::due_at(
        completed,
        domain::deadline::DeadlineRule::WorkingDays(DEFAULT_REMARK_DAYS),
        &ctx.calendar(),
    );
    let act = Act {
        report,
        recorded_by: None,
        due_at,
        create_remarks: true,
    };
    let remarks = store_act(tx, stored, act, completed).await?;
    for id in remarks {
        progress_remark(tx, rng, id, now).await?;
    }
    Ok(())
}

fn reading(kind: ReadingKind, value: f64, measured_at: Timestamp) -> ReportReading {
    ReportReading {
        kind,
        value,
        corner: false,
        apartment: None,
        room: None,
        measured_at,
    }
}

/// Moves a remark along as its organization and HQ would have by now.
async fn progress_remark(
    tx: &mut WriteTx,
    rng: &mut StdRng,
    id: domain::remark::RemarkId,
    now: Timestamp,
) -> Result<(), AppError> {
    let mut stored = store::remark::get(tx, id, Scope::City)
        .await
        .map_err(internal("seeding remarks"))?;
    let remark = &mut stored.remark;
    let version = remark.state().version;
    let due = remark.due_at();
    let long_past = now > due + SignedDuration::from_hours(48);
    let roll = rng.random_range(0..100);
    let claimed = remark.created_at + SignedDuration::from_hours(rng.random_range(20..70));
    let stays_open = if long_past { roll < 12 } else { roll < 45 };
    if claimed > now || stays_open {
        return Ok(()); // Still open; overdue once its deadline has passed.
    }
    remark.claim_eliminated("Работы выполнены, параметры восстановлены", claimed)?;
    let verified = claimed + SignedDuration::from_hours(rng.random_range(12..48));
    if long_past && roll < 22 {
        let new_due = now + SignedDuration::from_hours(72);
        remark.reject(
            "При повторной проверке нарушение сохраняется",
            Some(new_due),
        )?;
    } else if verified <= now && (if long_past { roll >= 32 } else { roll >= 85 }) {
        remark.verify(verified)?;
    }
    store::remark::update_state(tx, remark, version, now)
        .await
        .map_err(internal("seeding remarks"))
}
