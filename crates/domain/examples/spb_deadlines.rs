//! Checks the working-day deadline convention of `domain::deadline` against
//! real deadlines set by Saint Petersburg's appeals portal «Наш Санкт-Петербург»
//! (heating and hot-water appeals, October 2020 – April 2021).
//!
//! The portal shows each open appeal's answer deadline (`expected_answer_dt`,
//! e.g. `2021-04-28T23:59:59`). For the short ones (at most 20 days, the rest
//! are planned repairs) this program computes `due_at(start, 3wd)` with the
//! 2020–2021 federal calendar, from three starting points: the citizen's
//! submission, and the first and the latest time the moderator passed the
//! appeal to the executor (status «Рассмотрение»), and counts exact matches
//! to the second. Appeals that do not match the first review are listed.
//!
//! Times in the file are Saint Petersburg wall-clock times; they are read as
//! city wall-clock times, so day boundaries stay where the portal had them.
//!
//! Run from the repository root:
//! `cargo run -p domain --example spb_deadlines [PATH]`, PATH defaulting to
//! `../shared/data/ru-appeals-spb/heating_hotwater_raw.jsonl`.

use domain::calendar::{city_instant, in_city};
use domain::deadline::{DeadlineRule, due_at};
use domain::production_calendar::ProductionCalendar;
use jiff::civil::DateTime;
use serde_json::Value;

/// The federal calendar of 2020 and 2021 in the admin's text format.
const CALENDAR_2020_2021: &str = "
# 2020: ПП РФ от 10.07.2019 № 875 and ТК РФ ст. 112
2020-01-01,holiday
2020-01-02,holiday
2020-01-03,holiday
2020-01-04,holiday
2020-01-05,holiday
2020-01-06,holiday
2020-01-07,holiday
2020-01-08,holiday
2020-02-23,holiday
2020-02-24,holiday  # for Sunday 23 February
2020-03-08,holiday
2020-03-09,holiday  # for Sunday 8 March
2020-05-01,holiday
2020-05-04,holiday  # from Saturday 4 January
2020-05-05,holiday  # from Sunday 5 January
2020-05-09,holiday
2020-05-11,holiday  # for Saturday 9 May
2020-06-12,holiday
2020-06-24,holiday  # presidential decree: Victory parade
2020-07-01,holiday  # presidential decree: constitutional vote
2020-11-04,holiday
# 2021: ПП РФ от 10.10.2020 № 1648, ТК РФ ст. 112, Указ от 23.04.2021 № 242
2021-01-01,holiday
2021-01-02,holiday
2021-01-03,holiday
2021-01-04,holiday
2021-01-05,holiday
2021-01-06,holiday
2021-01-07,holiday
2021-01-08,holiday
2021-02-20,working  # for Monday 22 February
2021-02-22,holiday
2021-02-23,holiday
2021-03-08,holiday
2021-05-01,holiday
2021-05-03,holiday  # for Saturday 1 May
2021-05-04,holiday  # Указ № 242
2021-05-05,holiday
2021-05-06,holiday
2021-05-07,holiday
2021-05-09,holiday
2021-05-10,holiday  # for Sunday 9 May
2021-06-12,holiday
2021-06-14,holiday  # for Saturday 12 June
2021-11-04,holiday
2021-11-05,holiday  # from Saturday 2 January
2021-12-31,holiday  # from Sunday 3 January
";

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

struct Appeal {
    id: i64,
    submitted: DateTime,
    /// The first and the last time it was passed to the executor.
    in_review: Option<(DateTime, DateTime)>,
    portal_due: DateTime,
}

fn main() -> Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/data/ru-appeals-spb/heating_hotwater_raw.jsonl".into());
    let text = std::fs::read_to_string(&path).map_err(|e| format!("reading {path}: {e}"))?;
    let calendar = ProductionCalendar::parse(CALENDAR_2020_2021)
        .map_err(|errors| format!("calendar: {errors:?}"))?;
    let mut records = 0;
    let mut appeals = Vec::new();
    for (index, line) in text.lines().enumerate() {
        records += 1;
        let value: Value =
            serde_json::from_str(line).map_err(|e| format!("line {}: {e}", index + 1))?;
        if let Some(appeal) = appeal(&value) {
            appeals.push(appeal);
        }
    }
    let short: Vec<&Appeal> = appeals
        .iter()
        .filter(|a| (a.portal_due.date() - a.submitted.date()).get_days() <= 20)
        .collect();
    println!(
        "records: {records}, with a portal deadline: {}, short (<= 20 days): {}",
        appeals.len(),
        short.len()
    );
    let rule = DeadlineRule::WorkingDays(3);
    let ours = |start: DateTime| {
        let due = in_city(due_at(city_instant(start), rule, &calendar)).datetime();
        // The portal shows whole seconds; ours ends at the last millisecond.
        due.strftime("%FT%T").to_string()
    };
    let mut matches = [0; 3];
    let mut misses = Vec::new();
    for appeal in &short {
        let portal = appeal.portal_due.strftime("%FT%T").to_string();
        let first = appeal.in_review.map(|(first, _)| ours(first));
        let starts = [
            Some(ours(appeal.submitted)),
            first.clone(),
            appeal.in_review.map(|(_, last)| ours(last)),
        ];
        for (count, due) in matches.iter_mut().zip(&starts) {
            *count += usize::from(due.as_ref() == Some(&portal));
        }
        if first.as_ref() != Some(&portal) {
            misses.push((appeal, first));
        }
    }
    println!("due_at(start, 3wd) equals the portal's deadline to the second:");
    println!(
        "  start = citizen's submission:           {} of {}",
        matches[0],
        short.len()
    );
    println!(
        "  start = first passed to the executor:   {} of {}",
        matches[1],
        short.len()
    );
    println!(
        "  start = latest passed to the executor:  {} of {}",
        matches[2],
        short.len()
    );
    for (appeal, ours) in misses {
        println!(
            "  differs: appeal {} submitted {}, in review {:?}, portal due {}, ours {}",
            appeal.id,
            appeal.submitted,
            appeal
                .in_review
                .map(|(first, last)| (first.to_string(), last.to_string())),
            appeal.portal_due,
            ours.unwrap_or_else(|| "-".into()),
        );
    }
    Ok(())
}

/// An appeal with a portal deadline, its submission and its first review.
fn appeal(value: &Value) -> Option<Appeal> {
    let portal_due = value["sidebar"]["expected_answer_dt"]
        .as_str()?
        .parse()
        .ok()?;
    let feed = value["feed"].as_array()?;
    let times = |widget: &str, status: Option<&str>| -> Vec<DateTime> {
        let mut times: Vec<DateTime> = feed
            .iter()
            .filter(|e| e["widget"] == widget)
            .filter(|e| status.is_none_or(|s| e["payload"]["status_name"] == s))
            .filter_map(|e| e["payload"]["dt"].as_str()?.parse().ok())
            .collect();
        times.sort();
        times
    };
    let reviews = times("public.status", Some("Рассмотрение"));
    Some(Appeal {
        id: value["id"].as_i64()?,
        submitted: *times("public.petition", None).first()?,
        in_review: reviews.first().zip(reviews.last()).map(|(f, l)| (*f, *l)),
        portal_due,
    })
}
