//! Back-tests the call forecast and prints an example staffing table.
//!
//! 1. A synthetic season shaped like the seed report: 1 October to 24 November,
//!    a start-up over the first days, ~3,500 calls a week early in October
//!    falling to ~800, a weekday pattern, colder days bringing more calls,
//!    bills going out on 2 November and 1 December with a bump in the
//!    following days, and noise from a fixed-seed generator. It is
//!    back-tested at 7 and 28 days, forecast four weeks on, and one day is
//!    staffed per hour at an AHT of 150 s (80 % answered within 20 s).
//! 2. The demo season's shape (`app/demo/season.rs`): a plateau, then a fall
//!    of a quarter a week; back-tested the same way, and timed as the
//!    forecast page computes it.
//! 3. A real series, when the file is there: the daily counts of all 59,889
//!    appeals to the Saint Petersburg city portal, October 2020 to April 2021
//!    (`shared/data/ru-appeals-spb`), back-tested the same way.
//!
//! Each back-test also compares the calibrated 80 % interval with the
//! parametric one (`calibration_days: 0`): coverage and width.
//!
//! Run from the repository root:
//! `cargo run -p domain --example forecast_eval [-- PATH/TO/appeals.csv]`.

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday, date};

use domain::forecast::backtest::{BacktestReport, backtest};
use domain::forecast::hourly::{HourlyProfile, split_by_hour};
use domain::forecast::{DayForecast, Forecast, ForecastInput, ForecastOptions, forecast};
use domain::staffing::staffing_plan;

const SPB_APPEALS: &str = "../shared/data/ru-appeals-spb/appeals.csv";
const AHT_SECONDS: f64 = 150.0;
/// Weekly calls the season's decay levels off at (before weather and weekdays).
const FLOOR: f64 = 450.0;

fn main() -> anyhow::Result<()> {
    let season = Season::generate(20_261_001, FLOOR);
    season.print_weeks();
    let input = season.input();
    let options = ForecastOptions::default();
    print_windows(&input)?;
    println!("\nBack-test on the synthetic season (rolling origin, temperatures as observed):");
    print_temperature_reports(&input, &options)?;
    print_intervals(&input, &options)?;
    let steady = Season::generate(20_261_001, 0.0);
    println!("The same season decaying without a floor (a pure exponential):");
    print_temperature_reports(&steady.input(), &options)?;
    print_intervals(&steady.input(), &options)?;
    let ahead = forecast(&input, &options, 28)?;
    print_forecast(&ahead);
    let profile = season.hourly_profile()?;
    print_staffing(&ahead, &profile)?;
    print_peak_staffing(&season, &profile)?;
    demo_season(&options)?;
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| SPB_APPEALS.to_owned());
    match std::fs::File::open(&path) {
        Ok(file) => real_series(file, &options)?,
        Err(err) => println!("\nReal series skipped: cannot open {path}: {err}"),
    }
    Ok(())
}

/// SplitMix64 with Box–Muller normals.
struct Rng(u64);

impl Rng {
    fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f64 {
        let radius = (-2.0 * (1.0 - self.uniform()).ln()).sqrt();
        radius * (std::f64::consts::TAU * self.uniform()).cos()
    }
}

/// Monday first; mean 1.
const WEEKDAY: [f64; 7] = [1.22, 1.1, 1.04, 1.0, 0.96, 0.88, 0.8];
/// Relative call volume per city hour: quiet nights, morning and evening peaks.
const HOURS: [f64; 24] = [
    0.3, 0.2, 0.15, 0.15, 0.2, 0.4, 0.9, 1.6, 2.4, 2.8, 2.7, 2.4, 2.1, 2.0, 2.0, 2.0, 2.1, 2.4,
    2.7, 2.6, 2.1, 1.5, 0.9, 0.5,
];

struct Season {
    history: Vec<(Date, u32)>,
    temperatures: Vec<(Date, f64)>,
    billing_runs: Vec<Date>,
}

impl Season {
    /// 1 Oct – 24 Nov of history, temperatures until 22 Dec.
    fn generate(seed: u64, floor: f64) -> Season {
        let mut rng = Rng(seed);
        let start = date(2026, 10, 1);
        let billing_runs = vec![date(2026, 11, 2), date(2026, 12, 1)];
        let mut anomaly = 0.0;
        let temperatures: Vec<(Date, f64)> = start
            .series(1.day())
            .take(83)
            .enumerate()
            .map(|(t, day)| {
                // Seasonal normal from +8 °C to −10 °C, with weather that persists (AR(1)).
                anomaly = 0.8 * anomaly + 2.5 * rng.normal();
                (day, 8.0 - 0.22 * t as f64 + anomaly)
            })
            .collect();
        let history = temperatures[..55]
            .iter()
            .enumerate()
            .map(|(t, (day, celsius))| {
                let mean = expected_calls(t as f64, floor, *day, *celsius, &billing_runs);
                // Poisson arrivals around a mean that itself wobbles 8 % day to day.
                let wobbly = mean * (0.08 * rng.normal()).exp();
                (
                    *day,
                    (wobbly + wobbly.sqrt() * rng.normal()).round().max(0.0) as u32,
                )
            })
            .collect();
        Season {
            history,
            temperatures,
            billing_runs,
        }
    }

    fn input(&self) -> ForecastInput<'_> {
        ForecastInput {
            history: &self.history,
            temperatures: &self.temperatures,
            billing_runs: &self.billing_runs,
        }
    }

    fn print_weeks(&self) {
        let total: u32 = self.history.iter().map(|(_, calls)| calls).sum();
        println!("Synthetic season 2026-10-01..2026-11-24: {total} calls");
        let mut weeks: BTreeMap<Date, u32> = BTreeMap::new();
        for (day, calls) in &self.history {
            *weeks.entry(domain::calendar::monday_of(*day)).or_default() += calls;
        }
        for (monday, calls) in weeks {
            println!("  week of {monday}: {calls:>5}");
        }
    }

    /// The hourly profile of a season's worth of calls spread by `HOURS`.
    fn hourly_profile(&self) -> anyhow::Result<HourlyProfile> {
        let weight: f64 = HOURS.iter().sum();
        let mut counts = Vec::new();
        for (day, calls) in &self.history {
            for (hour, share) in (0u8..).zip(HOURS) {
                let in_hour = (f64::from(*calls) * share / weight).round() as u32;
                counts.push((day.weekday(), hour, in_hour));
            }
        }
        Ok(HourlyProfile::from_counts(&counts)?)
    }
}

/// The season's mean calls on day `t` (0 = 1 October).
fn expected_calls(t: f64, floor: f64, day: Date, celsius: f64, billing_runs: &[Date]) -> f64 {
    // Weekly volume at +8 °C decays towards the floor after a start-up of a
    // few days (heating is switched on building by building).
    let start_up = 1.0 - 0.5 * (-t / 2.0).exp();
    let weekly = (floor + 4_900.0 * (-t / 16.75).exp()) * start_up;
    let weekday = WEEKDAY[usize::from(day.weekday().to_monday_zero_offset().unsigned_abs())];
    // 2 % more calls per degree colder than +8 °C.
    let cold = 0.98_f64.powf(celsius - 8.0);
    // Bills bring a bump of +35 % on the day, fading over the next days.
    let billing: f64 = billing_runs
        .iter()
        .map(|run| (day - *run).get_days())
        .filter(|since| (0..10).contains(since))
        .map(|since| 0.35 * (-f64::from(since) / 3.0).exp())
        .sum();
    weekly / 7.0 * weekday * cold * (1.0 + billing)
}

/// The back-test under a few settings, to show why the defaults are what they are.
fn print_windows(input: &ForecastInput<'_>) -> anyhow::Result<()> {
    println!(
        "Fit window (days), half-life (days), trend damping -> 7-day MAPE / coverage, 28-day MAPE / coverage:"
    );
    let defaults = ForecastOptions::default();
    let variants = [
        (28, None, 1.0),
        (56, None, 1.0),
        (
            defaults.fit_window_days,
            defaults.half_life_days,
            defaults.trend_damping,
        ),
        (56, Some(14.0), 0.9),
        (56, Some(14.0), 0.8),
    ];
    for (fit_window_days, half_life_days, trend_damping) in variants {
        let options = ForecastOptions {
            fit_window_days,
            half_life_days,
            trend_damping,
            ..defaults
        };
        let marker = if options == defaults {
            "  (default)"
        } else {
            ""
        };
        let week = backtest(input, &options, 7)?;
        let month = backtest(input, &options, 28)?;
        println!(
            "  {fit_window_days:>2} {:>4} {trend_damping:.1}: {:>5.1} % / {:>5.1} %   {:>5.1} % / {:>5.1} %{marker}",
            half_life_days.map_or("none".to_owned(), |it| format!("{it:.0}")),
            week.mape * 100.0,
            week.coverage * 100.0,
            month.mape * 100.0,
            month.coverage * 100.0
        );
    }
    Ok(())
}

fn print_temperature_reports(
    input: &ForecastInput<'_>,
    options: &ForecastOptions,
) -> anyhow::Result<()> {
    for horizon in [7, 28] {
        print_report("with temperature", &backtest(input, options, horizon)?);
        let blind = ForecastInput {
            temperatures: &[],
            ..*input
        };
        print_report("without temperature", &backtest(&blind, options, horizon)?);
    }
    Ok(())
}

/// Coverage and width of the calibrated interval against the parametric one.
fn print_intervals(input: &ForecastInput<'_>, options: &ForecastOptions) -> anyhow::Result<()> {
    let parametric = ForecastOptions {
        calibration_days: 0,
        ..*options
    };
    for horizon in [7, 28] {
        let before = backtest(input, &parametric, horizon)?;
        let after = backtest(input, options, horizon)?;
        println!(
            "  {horizon:>2}-day 80 % interval: parametric {:>5.1} % covered, width {:>3.0} %; calibrated {:>5.1} %, width {:>3.0} %",
            before.coverage * 100.0,
            before.relative_width * 100.0,
            after.coverage * 100.0,
            after.relative_width * 100.0,
        );
    }
    Ok(())
}

fn print_report(label: &str, report: &BacktestReport) {
    println!(
        "  {:>2}-day horizon, {label:<20} MAPE {:>5.1} %  horizon-total MAPE {:>5.1} %  MAE {:>5.1}  bias {:>+5.1} %  80 % interval coverage {:>5.1} %, width {:>3.0} %  ({} origins, {} days)",
        report.horizon_days,
        report.mape * 100.0,
        report.total_mape * 100.0,
        report.mae,
        report.bias * 100.0,
        report.coverage * 100.0,
        report.relative_width * 100.0,
        report.origins,
        report.points,
    );
}

fn print_forecast(ahead: &Forecast) {
    let model = &ahead.model;
    println!("\nModel fitted on the last {} days:", model.fit_days);
    println!("  weekly factor {:.3}", model.weekly_factor);
    let factors: Vec<String> = model
        .weekday_factors
        .iter()
        .map(|it| format!("{it:.2}"))
        .collect();
    println!("  weekday factors Mon..Sun {}", factors.join(" "));
    if let Some(factor) = model.temperature_factor_per_degree {
        println!("  factor per degree warmer {factor:.4}");
    }
    println!(
        "  billing uplift {:.3} ({}), residual sd (log) {:.3}",
        model.billing_uplift,
        model.billing_uplift_source.as_code(),
        model.residual_sd_log
    );
    println!("Forecast from 2026-11-25 (weekly sums of expected, lower, upper):");
    for week in ahead.days.chunks(7) {
        let sum = |pick: fn(&DayForecast) -> f64| week.iter().map(pick).sum::<f64>();
        println!(
            "  {}..{}: {:>5.0}  [{:>5.0} .. {:>5.0}]",
            week[0].date,
            week[week.len() - 1].date,
            sum(|it| it.expected),
            sum(|it| it.lower),
            sum(|it| it.upper),
        );
    }
}

fn print_staffing(ahead: &Forecast, profile: &HourlyProfile) -> anyhow::Result<()> {
    let first_day = &ahead.days[..1];
    let hours = split_by_hour(first_day, profile);
    let plan = staffing_plan(&hours, AHT_SECONDS, 0.8, 20.0, None)?;
    println!(
        "\nStaffing for {} ({:.0} calls expected), AHT {AHT_SECONDS} s, 80 % answered within 20 s:",
        first_day[0].date, first_day[0].expected
    );
    println!("  hour  calls  erlangs  agents  service level  ASA s  occupancy");
    for hour in &plan {
        println!(
            "  {:>2}:00 {:>6.1} {:>8.2} {:>7} {:>13.1} % {:>6.1} {:>9.0} %",
            hour.hour,
            hour.calls,
            hour.traffic_erlangs,
            hour.agents,
            hour.service_level * 100.0,
            hour.average_speed_of_answer_seconds,
            hour.occupancy * 100.0,
        );
    }
    let agent_hours: u32 = plan.iter().map(|it| it.agents).sum();
    println!("  agent-hours in the day: {agent_hours}");
    Ok(())
}

/// What the busiest day of history would have needed, staffed by its actual calls.
fn print_peak_staffing(season: &Season, profile: &HourlyProfile) -> anyhow::Result<()> {
    let (date, calls) = *season
        .history
        .iter()
        .max_by_key(|(_, calls)| *calls)
        .expect("the season has days");
    let calls = f64::from(calls);
    let day = DayForecast {
        date,
        expected: calls,
        lower: calls,
        upper: calls,
    };
    let plan = staffing_plan(
        &split_by_hour(&[day], profile),
        AHT_SECONDS,
        0.8,
        20.0,
        None,
    )?;
    let busiest = plan
        .iter()
        .max_by(|a, b| a.calls.total_cmp(&b.calls))
        .expect("a day has hours");
    let most_agents = plan.iter().map(|it| it.agents).max().unwrap_or(0);
    let agent_hours: u32 = plan.iter().map(|it| it.agents).sum();
    println!(
        "Busiest day of history, {date} ({calls:.0} calls): {agent_hours} agent-hours, at most {most_agents} agents; its busiest hour, {}:00 with {:.1} calls, needs {}",
        busiest.hour, busiest.calls, busiest.agents
    );
    Ok(())
}

/// Daily counts of the Saint Petersburg appeals, back-tested without temperatures or billing.
fn real_series(file: std::fs::File, options: &ForecastOptions) -> anyhow::Result<()> {
    let mut reader = csv::Reader::from_reader(file);
    let column = reader
        .headers()?
        .iter()
        .position(|name| name == "created_at")
        .ok_or_else(|| anyhow::anyhow!("appeals.csv has no created_at column"))?;
    let mut counts: BTreeMap<Date, u32> = BTreeMap::new();
    for record in reader.records() {
        let record = record?;
        let text = record.get(column).unwrap_or_default();
        let day: Date = text.get(..10).unwrap_or_default().parse()?;
        *counts.entry(day).or_default() += 1;
    }
    // The first and the last day are partial days of the export.
    let history: Vec<(Date, u32)> = counts.into_iter().collect();
    let history = &history[1..history.len() - 1];
    let total: u32 = history.iter().map(|(_, calls)| calls).sum();
    let missing =
        (history[0].0.until(history[history.len() - 1].0)?.get_days() + 1) as usize - history.len();
    println!(
        "\nReal series: Saint Petersburg city portal appeals per day, {}..{}, {} days ({missing} dates absent), {total} appeals",
        history[0].0,
        history[history.len() - 1].0,
        history.len(),
    );
    let input = ForecastInput {
        history,
        temperatures: &[],
        billing_runs: &[],
    };
    print_windows(&input)?;
    for horizon in [7, 28] {
        print_report("no covariates", &backtest(&input, options, horizon)?);
    }
    print_intervals(&input, options)?;
    println!("  mean appeals Mon..Sun: {}", weekday_means(history));
    Ok(())
}

fn weekday_means(history: &[(Date, u32)]) -> String {
    let means: Vec<String> = (0..7)
        .map(|offset| {
            let weekday = Weekday::from_monday_zero_offset(offset).expect("0..7 are weekdays");
            let days: Vec<f64> = history
                .iter()
                .filter(|(day, _)| day.weekday() == weekday)
                .map(|(_, n)| f64::from(*n))
                .collect();
            format!("{:.0}", days.iter().sum::<f64>() / days.len() as f64)
        })
        .collect();
    means.join(" ")
}

/// The demo's season (`app/demo/season.rs`): 500 calls a day until 12 October,
/// then a fall by `e` every 25.5 days to a floor of 60, its weekday factors,
/// ±8 % uniform noise and bills on the 1st of each month; back-tested without
/// temperatures, as the demo records few.
fn demo_season(options: &ForecastOptions) -> anyhow::Result<()> {
    let mut rng = Rng(2026);
    let start = date(2026, 10, 1);
    let history: Vec<(Date, u32)> = start
        .series(1.day())
        .take(55)
        .enumerate()
        .map(|(day, date)| {
            let base = if day <= 11 {
                500.0
            } else {
                500.0 * (-(day as f64 - 11.0) / 25.5).exp()
            };
            let weekday = [1.18, 1.06, 1.06, 1.0, 1.0, 0.86, 0.78]
                [usize::from(date.weekday().to_monday_zero_offset().unsigned_abs())];
            let noise = 0.92 + 0.16 * rng.uniform();
            (date, (base.max(60.0) * weekday * noise).round() as u32)
        })
        .collect();
    let billing_runs = [date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1)];
    let input = ForecastInput {
        history: &history,
        temperatures: &[],
        billing_runs: &billing_runs,
    };
    println!(
        "\nThe demo season's shape, {}..{}:",
        history[0].0,
        history[history.len() - 1].0
    );
    for horizon in [7, 28] {
        print_report("demo season", &backtest(&input, options, horizon)?);
    }
    print_intervals(&input, options)?;
    // What `GET /api/v1/forecast?weeks=4` computes: the forecast, the billing
    // calls' forecast and the held-out one.
    let started = std::time::Instant::now();
    for cut in [history.len(), history.len(), history.len() - 21] {
        let input = ForecastInput {
            history: &history[..cut],
            ..input
        };
        forecast(&input, options, 28)?;
    }
    println!(
        "  three four-week forecasts as the page makes them: {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    Ok(())
}
