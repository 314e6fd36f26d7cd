//! The demo: a realistic Ufa season seeded on first run, so `heatline demo`
//! shows the whole product at once. Deterministic (fixed seed) apart from "now".

mod callbacks;
mod hq;
mod inspections;
mod outages;
mod registry;
pub(crate) mod season;
pub(crate) mod text;

use std::collections::HashMap;

use domain::district::DistrictId;
use domain::organization::{OrganizationId, OrganizationKind};
use domain::user::{Role, Scope, User};
use jiff::civil::Date;
use rand::SeedableRng;
use rand::rngs::StdRng;
use store::user::NewUser;

use crate::app::{Actor, AppError, Ctx, auth, internal};

/// The password of every demo login.
pub const PASSWORD: &str = "teplo2026";

/// Seeds the demo database unless it already has tickets; returns the logins
/// with what each one is for.
pub async fn ensure_seeded(ctx: &Ctx) -> Result<Vec<(String, String)>, AppError> {
    let mut conn = ctx.db.read().await.map_err(internal("checking demo"))?;
    let existing = store::ticket::count(&mut conn)
        .await
        .map_err(internal("checking demo"))?;
    drop(conn);
    if existing == 0 {
        let started = std::time::Instant::now();
        let n = seed(ctx).await?;
        println!(
            "Seeded the demo season: {n} tickets in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(logins())
}

fn logins() -> Vec<(String, String)> {
    let mut out = vec![
        (
            "operator".to_string(),
            "оператор колл-центра (operator)".to_string(),
        ),
        (
            "control".to_string(),
            "контрольное управление (controller)".to_string(),
        ),
        (
            "hq.city".to_string(),
            "городской штаб (city_hq)".to_string(),
        ),
        ("admin".to_string(), "администратор (admin)".to_string()),
    ];
    for (login, plan) in registry::DISTRICT_HQ_LOGINS
        .iter()
        .zip(registry::DISTRICTS.iter())
    {
        out.push((
            login.to_string(),
            format!("штаб: {} район (district_hq)", plan.name),
        ));
    }
    for (login, (name, _)) in registry::HEAT_SUPPLIER_LOGINS
        .iter()
        .zip(registry::HEAT_SUPPLIERS.iter())
    {
        out.push((login.to_string(), format!("РСО {name} (organization)")));
    }
    for (login, name) in registry::MANAGEMENT_COMPANY_LOGINS
        .iter()
        .zip(registry::MANAGEMENT_COMPANIES.iter())
    {
        out.push((login.to_string(), format!("УК {name} (organization)")));
    }
    out
}

/// Seeds the demo registry (districts, organizations, ~2,000 buildings) and
/// the demo logins when the database has no buildings yet; says whether it did.
/// `heatline generate` uses it so that a fresh database gets realistic addresses.
pub async fn ensure_registry(ctx: &Ctx) -> Result<bool, AppError> {
    let mut conn = ctx.db.read().await.map_err(internal("checking registry"))?;
    let existing = store::building::count(&mut conn)
        .await
        .map_err(internal("checking registry"))?;
    drop(conn);
    if existing > 0 {
        return Ok(false);
    }
    seed_registry(ctx, &mut StdRng::seed_from_u64(2026)).await?;
    Ok(true)
}

async fn seed(ctx: &Ctx) -> Result<u64, AppError> {
    let mut rng = StdRng::seed_from_u64(2026);
    let now = ctx.now();
    let actors = seed_registry(ctx, &mut rng).await?;
    seed_billing_runs(ctx, now).await?;

    let mut conn = ctx.db.read().await.map_err(internal("seeding demo"))?;
    let mut buildings = Vec::new();
    for (id, _) in store::building::list_addresses(&mut conn)
        .await
        .map_err(internal("seeding demo"))?
    {
        buildings.push(
            store::building::get(&mut conn, id)
                .await
                .map_err(internal("seeding demo"))?,
        );
    }
    drop(conn);
    let mut season = season::Season {
        ctx,
        rng,
        buildings,
        actors,
        start: season_start(now),
        now,
        regulars: Vec::new(),
    };
    let written = season.write().await?;
    outages::seed(ctx, now).await?;
    inspections::seed(ctx, now).await?;
    hq::seed(ctx, &mut season.rng).await?;
    callbacks::seed(ctx, now).await?;
    Ok(written)
}

/// Organizations, districts, buildings and logins in one transaction.
async fn seed_registry(ctx: &Ctx, rng: &mut StdRng) -> Result<season::Actors, AppError> {
    let now = ctx.now();
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("seeding demo"))?;
    let mut suppliers = Vec::new();
    for (name, phone) in registry::HEAT_SUPPLIERS {
        suppliers.push(
            store::organization::insert(&mut tx, name, OrganizationKind::HeatSupplier, Some(phone))
                .await
                .map_err(internal("seeding demo"))?,
        );
    }
    let mut companies = Vec::new();
    for name in registry::MANAGEMENT_COMPANIES {
        companies.push(
            store::organization::insert(&mut tx, name, OrganizationKind::ManagementCompany, None)
                .await
                .map_err(internal("seeding demo"))?,
        );
    }
    let mut districts = Vec::new();
    for plan in &registry::DISTRICTS {
        let district = store::district::insert(&mut tx, plan.name)
            .await
            .map_err(internal("seeding demo"))?;
        districts.push(district);
        for record in registry::buildings(rng, plan, district, &companies, &suppliers) {
            store::building::upsert(&mut tx, &record, now)
                .await
                .map_err(internal("seeding demo"))?;
        }
    }
    let actors = users(&mut tx, &districts, &companies, &suppliers, now).await?;
    tx.commit().await.map_err(internal("seeding demo"))?;
    Ok(actors)
}

async fn seed_billing_runs(ctx: &Ctx, now: jiff::Timestamp) -> Result<(), AppError> {
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("seeding demo"))?;
    for run_on in billing_runs(season_start(now), now) {
        store::billing_run::insert(&mut tx, run_on, now)
            .await
            .map_err(internal("seeding demo"))?;
    }
    tx.commit().await.map_err(internal("seeding demo"))
}

/// Bills go out on the 1st of every month after the season's first (the season
/// curve raises billing calls in the days after), and two months are planned ahead.
fn billing_runs(start: Date, now: jiff::Timestamp) -> Vec<Date> {
    let until = domain::calendar::city_date(now)
        .checked_add(jiff::ToSpan::months(2))
        .unwrap_or(start);
    (1..12)
        .filter_map(|m| start.checked_add(jiff::ToSpan::months(m)).ok())
        .filter(|run| *run <= until)
        .collect()
}

/// The heating season began on 1 October of the latest year it could have.
pub(crate) fn season_start(now: jiff::Timestamp) -> Date {
    let today = domain::calendar::city_date(now);
    let this_year = Date::new(today.year(), 10, 1).expect("1 October exists");
    if today >= this_year {
        this_year
    } else {
        Date::new(today.year() - 1, 10, 1).expect("1 October exists")
    }
}

async fn users(
    tx: &mut store::db::WriteTx,
    districts: &[DistrictId],
    companies: &[OrganizationId],
    suppliers: &[OrganizationId],
    now: jiff::Timestamp,
) -> Result<season::Actors, AppError> {
    // One hash for every demo login: argon2 is slow on purpose, and the demo
    // shares one password anyway.
    let hash = auth::hash_password(PASSWORD)?;
    let mut add =
        async |login: &str, name: &str, role: Role, scope: Scope| -> Result<Actor, AppError> {
            let user = NewUser {
                login,
                name,
                password_hash: &hash,
                role,
                scope,
            };
            let id = store::user::insert(tx, &user, now)
                .await
                .map_err(internal("seeding demo users"))?;
            let user = User {
                id,
                login: login.into(),
                name: name.into(),
                role,
                scope,
            };
            Ok(Actor { user })
        };
    let operator = add("operator", "Мария Иванова", Role::Operator, Scope::City).await?;
    add(
        "control",
        "Контрольное управление",
        Role::Controller,
        Scope::City,
    )
    .await?;
    add("hq.city", "Городской штаб", Role::CityHq, Scope::City).await?;
    add("admin", "Администратор", Role::Admin, Scope::City).await?;
    let mut district_hqs = HashMap::new();
    for ((login, plan), district) in registry::DISTRICT_HQ_LOGINS
        .iter()
        .zip(registry::DISTRICTS.iter())
        .zip(districts)
    {
        let id = add(
            login,
            &format!("Штаб: {} район", plan.name),
            Role::DistrictHq,
            Scope::District(*district),
        )
        .await?;
        district_hqs.insert(*district, id);
    }
    let mut organizations = HashMap::new();
    for ((login, (name, _)), id) in registry::HEAT_SUPPLIER_LOGINS
        .iter()
        .zip(registry::HEAT_SUPPLIERS.iter())
        .zip(suppliers)
    {
        organizations.insert(
            *id,
            add(login, name, Role::Organization, Scope::Organization(*id)).await?,
        );
    }
    for ((login, name), id) in registry::MANAGEMENT_COMPANY_LOGINS
        .iter()
        .zip(registry::MANAGEMENT_COMPANIES.iter())
        .zip(companies)
    {
        organizations.insert(
            *id,
            add(login, name, Role::Organization, Scope::Organization(*id)).await?,
        );
    }
    Ok(season::Actors {
        operator,
        organizations,
        districts: district_hqs,
    })
}
