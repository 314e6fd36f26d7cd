//! The demo's outages: the Черниковка heat-main break of ООО «БашРТС» still
//! open with callers linked to it (as in the Ufa news, see
//! `shared/data/ufa`), a restored one that ran past its 16 h limit, a planned
//! one in Орджоникидзевский, and last month's outage on ул. Ульяновых. Calls
//! registered during them link through the same registration hook as live
//! calls; restoring closes them as `outage_restored` and notifies residents.
//! Then one delivery pass sends the recent notifications (older ones expire).

use domain::category::Category;
use domain::phone::Phone;
use domain::ticket::{Channel, NewTicket};
use jiff::{SignedDuration, Timestamp};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use store::db::WriteTx;

use crate::app::demo::text;
use crate::app::outage::{CloseOutage, RegisterOutage, close_in_tx, register_in_tx};
use crate::app::ticket::{Registration, register_in_tx as register_ticket};
use crate::app::{Actor, AppError, Ctx, internal};

/// One demo outage and the calls it draws.
struct Plan {
    login: &'static str,
    street: &'static str,
    district: &'static str,
    reason: &'static str,
    /// Hours before now it began.
    started_hours_ago: i64,
    expected_hours: i64,
    /// Hours it lasted, if restored.
    lasted_hours: Option<f64>,
    indoor_temperature: Option<f64>,
    calls: usize,
}

const PLANS: [Plan; 4] = [
    Plan {
        login: "hq.kalininsky",
        street: "ул. Ульяновых",
        district: "Калининский",
        reason: "Плановая замена задвижки на вводе",
        started_hours_ago: 24 * 33,
        expected_hours: 8,
        lasted_hours: Some(10.0),
        indoor_temperature: None,
        calls: 3,
    },
    Plan {
        login: "hq.kalininsky",
        street: "ул. Первомайская",
        district: "Калининский",
        reason: "Повреждение трубопровода отопления у дома, аварийно-восстановительные работы",
        started_hours_ago: 24 * 3 + 6,
        expected_hours: 12,
        lasted_hours: Some(17.5),
        indoor_temperature: Some(13.0),
        calls: 6,
    },
    Plan {
        login: "rso.bashrts",
        street: "ул. Черниковская",
        district: "Калининский",
        reason: "Авария на сетях ООО «БашРТС» (Черниковка): без отопления и горячей воды",
        started_hours_ago: 5,
        expected_hours: 12,
        lasted_hours: None,
        indoor_temperature: Some(15.0),
        calls: 9,
    },
    Plan {
        login: "hq.ordzhonikidzevsky",
        street: "ул. Комарова",
        district: "Орджоникидзевский",
        reason: "Плановое отключение: опрессовка участка теплосети",
        started_hours_ago: 2,
        expected_hours: 6,
        lasted_hours: None,
        indoor_temperature: None,
        calls: 2,
    },
];

/// Writes the demo's outages with their calls and delivers recent notifications.
pub(super) async fn seed(ctx: &Ctx, now: Timestamp) -> Result<(), AppError> {
    let mut rng = StdRng::seed_from_u64(416);
    let operator = actor(ctx, "operator").await?;
    for plan in &PLANS {
        let actor = actor(ctx, plan.login).await?;
        let mut tx = ctx
            .db
            .begin_write()
            .await
            .map_err(internal("seeding outages"))?;
        write(ctx, &mut tx, &mut rng, plan, &actor, &operator, now).await?;
        tx.commit().await.map_err(internal("seeding outages"))?;
    }
    let report = crate::app::notification::deliver_pending(ctx, now).await?;
    println!(
        "Seeded {} outages; notifications: {} sent, {} expired",
        PLANS.len(),
        report.sent,
        report.expired
    );
    Ok(())
}

async fn write(
    ctx: &Ctx,
    tx: &mut WriteTx,
    rng: &mut StdRng,
    plan: &Plan,
    actor: &Actor,
    operator: &Actor,
    now: Timestamp,
) -> Result<(), AppError> {
    let district = store::district::find_by_name(tx, plan.district)
        .await
        .map_err(internal("seeding outages"))?;
    let starts_at = now - SignedDuration::from_hours(plan.started_hours_ago);
    let end = plan
        .lasted_hours
        .map(|h| starts_at + SignedDuration::from_secs_f64(h * 3600.0));
    let input = RegisterOutage {
        street: Some(plan.street.to_string()),
        district_id: district.map(|d| d.0),
        starts_at: Some(domain::calendar::rfc3339(starts_at)),
        expected_end_at: Some(domain::calendar::rfc3339(
            starts_at + SignedDuration::from_hours(plan.expected_hours),
        )),
        reason: plan.reason.to_string(),
        indoor_temperature: plan.indoor_temperature,
        ..RegisterOutage::default()
    };
    // Registered half an hour after it began, as a dispatcher would.
    let registered_at = (starts_at + SignedDuration::from_mins(30)).min(now);
    let id = register_in_tx(ctx, tx, actor, input, registered_at).await?;
    let buildings = store::outage::building_ids(tx, id)
        .await
        .map_err(internal("seeding outages"))?;
    let calls_until = end.unwrap_or(now);
    let span = calls_until.duration_since(registered_at).as_secs_f64();
    for _ in 0..plan.calls {
        let at = registered_at + SignedDuration::from_secs_f64(span * rng.random_range(0.0..1.0));
        let building = buildings[rng.random_range(0..buildings.len())];
        let category = if rng.random_bool(0.7) {
            Category::NoHeat
        } else {
            Category::HotWater
        };
        let phone = text::phone(rng);
        let facts = NewTicket {
            category,
            channel: Channel::Phone,
            phone: Phone::parse(&phone)
                .map_err(|e| AppError::Internal(anyhow::anyhow!("demo phone {phone}: {e}")))?,
            resident_name: Some(text::resident_name(rng)),
            address: None,
            building_id: Some(building),
            apartment: Some(rng.random_range(1..120).to_string()),
            entrance: None,
            description: text::description(rng, category),
        };
        let registration = Registration {
            facts,
            category_suggested: false,
            actor: Some(operator),
            at,
        };
        register_ticket(ctx, tx, registration).await?;
    }
    if let Some(end) = end {
        let close = CloseOutage {
            comment: Some("Подача тепла восстановлена, система заполнена и запущена".into()),
            ..CloseOutage::default()
        };
        close_in_tx(tx, actor, id, close, end).await?;
    }
    Ok(())
}

async fn actor(ctx: &Ctx, login: &str) -> Result<Actor, AppError> {
    let mut conn = ctx.db.read().await.map_err(internal("seeding outages"))?;
    let (user, _) = store::user::get_with_password(&mut conn, login)
        .await
        .map_err(internal("seeding outages"))?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("demo user {login} is missing")))?;
    Ok(Actor { user })
}
