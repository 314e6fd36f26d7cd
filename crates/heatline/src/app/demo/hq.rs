//! The demo's HQ work: the last three meetings of every district HQ and the
//! last two extended city meetings, each with its agenda opened, directives
//! decided at them in every state (done on time, done late, overdue, open),
//! and residents booked into the coming receptions (next Tuesday in every
//! district, next Thursday at the city HQ). The next meeting is left unopened:
//! opening it builds its agenda from the season's data.

use domain::calendar;
use domain::citizen_reception::{self, ReceptionSchedule};
use domain::directive::{Completion, DirectiveLink, DirectiveOwner, NewDirective};
use domain::district::DistrictId;
use domain::hq_meeting::{Hq, HqMeeting, MeetingSchedule, meetings_between};
use domain::phone::Phone;
use domain::user::{Role, Scope, UserId};
use jiff::{SignedDuration, Timestamp, ToSpan};
use rand::Rng;
use rand::rngs::StdRng;
use store::db::WriteTx;
use store::hq_meeting::MeetingInsert;
use store::reception::AppointmentInsert;

use crate::app::demo::text;
use crate::app::{AppError, Ctx, internal};

/// Decisions a district HQ takes about its worst building.
const DISTRICT_DIRECTIVES: [&str; 6] = [
    "Провести комиссионное обследование дома, составить акт проверки параметров теплоносителя",
    "Устранить завоздушивание стояков, доложить о результатах прокачки",
    "Обеспечить промывку и регулировку системы отопления, повторный замер температуры в квартирах",
    "Представить график восстановления теплоснабжения и проинформировать жителей",
    "Проверить работу элеваторного узла на вводе, при отклонении — передать в РСО",
    "Обзвонить заявителей и подтвердить устранение, отчитаться на следующем заседании",
];

/// Decisions of the city's extended meeting, addressed to the districts.
const CITY_DIRECTIVES: [&str; 4] = [
    "Представить сводку по домам с повторными обращениями и планы выездов",
    "Закрыть просроченные обращения, по каждому — причина и новый срок",
    "Организовать приём жителей по начислениям совместно с РСО",
    "Доложить об исполнении замечаний, выявленных при комиссионных выездах",
];

const TOPICS: [&str; 5] = [
    "Холодно в квартире вторую неделю, УК не реагирует",
    "Перерасчёт за отопление после отключения",
    "Шум и завоздушивание в стояке, батареи холодные сверху",
    "Перетоп в подъезде, окна открыты круглые сутки",
    "Протечка на чердаке после опрессовки",
];

/// Seeds meetings, directives and reception bookings for every HQ.
pub(super) async fn seed(ctx: &Ctx, rng: &mut StdRng) -> Result<(), AppError> {
    let now = ctx.now();
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("seeding hq demo"))?;
    let users = store::user::list(&mut tx)
        .await
        .map_err(internal("seeding hq demo"))?;
    let find = |role: Role, scope: Scope| {
        users
            .iter()
            .find(|u| u.role == role && u.scope == scope)
            .map(|u| u.id)
    };
    let operator = find(Role::Operator, Scope::City).unwrap_or(UserId(1));
    let districts = store::district::list(&mut tx)
        .await
        .map_err(internal("seeding hq demo"))?;
    for district in &districts {
        let chair = find(Role::DistrictHq, Scope::District(district.id)).unwrap_or(operator);
        let hq = Hq::District(district.id);
        for (idx, meeting) in past_meetings(&mut tx, hq, 3, chair, now)
            .await?
            .iter()
            .enumerate()
        {
            district_decisions(&mut tx, rng, meeting, idx, chair, now).await?;
        }
        bookings(&mut tx, ctx, rng, hq, 3, operator, now).await?;
    }
    let city_chair = find(Role::CityHq, Scope::City).unwrap_or(operator);
    let ids: Vec<DistrictId> = districts.iter().map(|d| d.id).collect();
    for (idx, meeting) in past_meetings(&mut tx, Hq::City, 2, city_chair, now)
        .await?
        .iter()
        .enumerate()
    {
        city_decisions(&mut tx, meeting, idx, &ids, city_chair, now).await?;
    }
    bookings(&mut tx, ctx, rng, Hq::City, 4, operator, now).await?;
    tx.commit().await.map_err(internal("seeding hq demo"))
}

/// Opens the last `n` scheduled meetings that have started, oldest first.
async fn past_meetings(
    tx: &mut WriteTx,
    hq: Hq,
    n: usize,
    by: UserId,
    now: Timestamp,
) -> Result<Vec<HqMeeting>, AppError> {
    let schedule = MeetingSchedule::default_for(hq.level());
    let today = calendar::city_date(now);
    let scheduled = meetings_between(&schedule, today.saturating_sub(5.weeks()), today);
    let past: Vec<_> = scheduled.into_iter().filter(|(_, at)| *at < now).collect();
    let mut out = Vec::new();
    for (date, starts_at) in past.iter().skip(past.len().saturating_sub(n)) {
        let insert = MeetingInsert {
            hq,
            kind: schedule.kind,
            date: *date,
            starts_at: *starts_at,
        };
        out.push(
            store::hq_meeting::insert_or_get(tx, &insert, by, *starts_at)
                .await
                .map_err(internal("seeding meetings"))?,
        );
    }
    Ok(out)
}

/// A decision and what became of it.
enum Fate {
    DoneOnTime,
    DoneLate,
    Overdue,
    Open,
}

/// A decision taken at a meeting.
struct Decision<'a> {
    text: &'a str,
    owner: DirectiveOwner,
    links: &'a [DirectiveLink],
    fate: Fate,
}

async fn decide(
    tx: &mut WriteTx,
    meeting: &HqMeeting,
    decision: Decision<'_>,
    by: UserId,
    now: Timestamp,
) -> Result<(), AppError> {
    let Decision {
        text,
        owner,
        links,
        fate,
    } = decision;
    let issued = meeting.starts_at + SignedDuration::from_mins(90);
    let days = |d: i64| SignedDuration::from_hours(24 * d);
    let (deadline, done) = match fate {
        Fate::DoneOnTime => (issued + days(4), Some(issued + days(2))),
        Fate::DoneLate => (issued + days(3), Some(issued + days(5))),
        Fate::Overdue => (issued + days(2), None),
        Fate::Open => ((issued + days(7)).max(now + days(3)), None),
    };
    // A fate the calendar cannot give yet (a report still in the future) is left open.
    let done = done.filter(|at| *at < now);
    let facts = NewDirective {
        hq: meeting.hq,
        meeting_id: Some(meeting.id),
        text: text.to_string(),
        owner,
        deadline,
    };
    let id = store::directive::insert(tx, &facts, links, by, issued)
        .await
        .map_err(internal("seeding directives"))?;
    if let Some(at) = done {
        let completion = Completion {
            at,
            report: "Выполнено, акт и фотографии приложены; жители проинформированы".into(),
        };
        store::directive::complete(tx, id, &completion, by)
            .await
            .map_err(internal("seeding directives"))?;
    }
    Ok(())
}

async fn district_decisions(
    tx: &mut WriteTx,
    rng: &mut StdRng,
    meeting: &HqMeeting,
    idx: usize,
    by: UserId,
    now: Timestamp,
) -> Result<(), AppError> {
    let week = domain::hq_meeting::agenda_weeks(meeting.date).reported;
    let top = store::hq_agenda::top_buildings(
        tx,
        meeting.hq.district_id(),
        week.start(),
        week.end(),
        1,
        2,
    )
    .await
    .map_err(internal("seeding directives"))?;
    let Some(building) = top.first() else {
        return Ok(());
    };
    let building = store::building::get(tx, building.building_id)
        .await
        .map_err(internal("seeding directives"))?;
    let ticket = store::ticket::page(
        tx,
        Scope::City,
        &store::ticket::TicketFilter {
            building_id: Some(building.id),
            ..Default::default()
        },
        1,
        0,
    )
    .await
    .map_err(internal("seeding directives"))?
    .first()
    .map(|t| t.id);
    let mut links = vec![DirectiveLink::Building(building.id)];
    links.extend(ticket.map(DirectiveLink::Ticket));
    let uk = DirectiveOwner::Organization(building.management_company_id);
    let rso = DirectiveOwner::Organization(building.heat_supplier_id);
    let own = DirectiveOwner::District(building.district_id);
    let fates: [(DirectiveOwner, Fate); 2] = match idx {
        0 => [(uk, Fate::DoneOnTime), (rso, Fate::DoneLate)],
        1 => [(uk, Fate::Overdue), (own, Fate::DoneOnTime)],
        _ => [(uk, Fate::Open), (rso, Fate::Open)],
    };
    for (owner, fate) in fates {
        let text = DISTRICT_DIRECTIVES[rng.random_range(0..DISTRICT_DIRECTIVES.len())];
        let decision = Decision {
            text,
            owner,
            links: &links,
            fate,
        };
        decide(tx, meeting, decision, by, now).await?;
    }
    if idx == 0 {
        store::hq_meeting::insert_item(
            tx,
            meeting.id,
            "Готовность к похолоданию до −25 °C",
            Some("Доклады УК о проверке тепловых узлов"),
            by,
            meeting.starts_at,
        )
        .await
        .map_err(internal("seeding agenda items"))?;
    }
    Ok(())
}

async fn city_decisions(
    tx: &mut WriteTx,
    meeting: &HqMeeting,
    idx: usize,
    districts: &[DistrictId],
    by: UserId,
    now: Timestamp,
) -> Result<(), AppError> {
    let fates = match idx {
        0 => [Fate::DoneOnTime, Fate::Overdue, Fate::DoneLate, Fate::Open],
        _ => [Fate::Open, Fate::DoneOnTime, Fate::Open, Fate::Overdue],
    };
    for (n, fate) in fates.into_iter().enumerate() {
        let Some(district) = districts.get((n + idx * 3) % districts.len().max(1)) else {
            continue;
        };
        let owner = DirectiveOwner::District(*district);
        let decision = Decision {
            text: CITY_DIRECTIVES[n],
            owner,
            links: &[],
            fate,
        };
        decide(tx, meeting, decision, by, now).await?;
    }
    Ok(())
}

/// Books `n` residents into the HQ's next reception day after today.
async fn bookings(
    tx: &mut WriteTx,
    ctx: &Ctx,
    rng: &mut StdRng,
    hq: Hq,
    n: usize,
    by: UserId,
    now: Timestamp,
) -> Result<(), AppError> {
    let schedule = ReceptionSchedule::default_for(hq.level());
    let working = |d| ctx.calendar().is_working_day(d);
    let tomorrow = calendar::city_date(now).saturating_add(1.day());
    let Some(date) = citizen_reception::next_reception_date(&schedule, tomorrow, &working) else {
        return Ok(());
    };
    let slots = citizen_reception::slots(&schedule, date, &working);
    // Visitors come from the HQ's own district (any district for the city).
    let buildings = store::building::search(tx, "", hq.district_id(), 200)
        .await
        .map_err(internal("seeding bookings"))?;
    for (k, slot) in slots.iter().step_by(2).take(n).enumerate() {
        let phone_text = text::phone(rng);
        let phone = Phone::parse(&phone_text)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("demo phone {phone_text}: {e}")))?;
        let name = text::resident_name(rng);
        let building =
            (!buildings.is_empty()).then(|| &buildings[rng.random_range(0..buildings.len())]);
        let insert = AppointmentInsert {
            hq,
            slot: *slot,
            resident_name: &name,
            phone: &phone,
            topic: TOPICS[(k + rng.random_range(0..TOPICS.len())) % TOPICS.len()],
            address: building.map(|b| b.address.as_str()),
            building_id: building.map(|b| b.id),
        };
        store::reception::insert(tx, &insert, by, now)
            .await
            .map_err(internal("seeding bookings"))?;
    }
    Ok(())
}
