//! Measures the category suggestion on real residents' texts: 625 appeals about
//! central heating and hot water to the Saint Petersburg city portal, 2020–2021
//! (`../shared/data/ru-appeals-spb/heating_hotwater_raw.jsonl`, see its SOURCE.md).
//!
//! Run from the repository root:
//! `cargo run --release -p domain --example category_eval [path/to/file.jsonl]`
//!
//! The text of an appeal is every citizen fragment (`public.petition` feed items,
//! body parts with `typeof` 1) in time order, so follow-ups count too. Our label
//! comes from the portal's sub-reason (`reason.name`), read as follows:
//! - the three hot-water reasons (poor quality, absence, weak pressure) → HotWater;
//! - «Температура в помещении выше нормы» → Overheating;
//! - low temperature on the staircase or in a heated room, and «Отсутствие
//!   радиатора на лестничной площадке» (what the resident suffers is the cold) → NoHeat;
//! - the two damage reasons (radiator, valve or pipe damage / leak in common areas;
//!   valve or riser damage) say nothing about which problem the resident had, so the
//!   text decides, in this order: a leak word (течёт, протечка, капает, прорвало,
//!   лопнула, свищ, лужа, затопило, парит…) → Leak; an air word (завоздушило,
//!   воздух) → AirLock; a cold phrase (холодно, не греет, не работает, нет
//!   отопления…) → NoHeat; anything else (torn insulation, missing caps, loose
//!   radiators, painting) → Other.
//!
//! With `SHOW_ERRORS=1` every wrong suggestion is printed to standard error.
//!
//! Billing never occurs in this data. The held-out split is a fixed hash of the
//! appeal id (about 30%), the same on every run.

use std::collections::BTreeMap;
use std::time::Instant;

use domain::building::fold;
use domain::category::Category;
use domain::category_suggestion::{CategoryModel, examples_seeded};

/// The score above which a suggestion counts as confident in the report.
const CONFIDENT: f64 = 0.9;

const DEFAULT_PATH: &str = "../shared/data/ru-appeals-spb/heating_hotwater_raw.jsonl";

struct Appeal {
    id: u64,
    reason: String,
    text: String,
    label: Category,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| DEFAULT_PATH.to_owned());
    let appeals = read_appeals(&path)?;
    print_labels(&appeals);

    let (held_out, train): (Vec<&Appeal>, Vec<&Appeal>) =
        appeals.iter().partition(|appeal| is_held_out(appeal.id));
    println!(
        "\nsplit: {} train, {} held out",
        train.len(),
        held_out.len()
    );

    let started = Instant::now();
    let seeded = CategoryModel::seeded();
    println!(
        "trained seeded() on {} examples in {:.2} ms",
        seeded.n_examples(),
        ms(started)
    );

    let all: Vec<&Appeal> = appeals.iter().collect();
    report("seeded() on all appeals", &seeded, &all);
    report("seeded() on the held-out split", &seeded, &held_out);

    let started = Instant::now();
    let merged = CategoryModel::train(
        examples_seeded().chain(
            train
                .iter()
                .map(|appeal| (appeal.text.as_str(), appeal.label)),
        ),
    );
    println!(
        "\ntrained seeded + train split on {} examples in {:.2} ms",
        merged.n_examples(),
        ms(started)
    );
    report(
        "seeded + train split on the held-out split",
        &merged,
        &held_out,
    );
    print_speed(&all);
    print_index_speed(&all);
    Ok(())
}

fn read_appeals(path: &str) -> Result<Vec<Appeal>, Box<dyn std::error::Error>> {
    let content = std::fs::read_to_string(path).map_err(|err| format!("reading {path}: {err}"))?;
    let mut appeals = Vec::new();
    for (line_idx, line) in content.lines().enumerate() {
        let record: serde_json::Value = serde_json::from_str(line)
            .map_err(|err| format!("{path} line {}: {err}", line_idx + 1))?;
        let id = record["id"].as_u64().ok_or("appeal without id")?;
        let reason = record["reason"]["name"].as_str().unwrap_or("").to_owned();
        let text = citizen_text(&record);
        if text.trim().is_empty() {
            continue;
        }
        let label = label(&reason, &text).ok_or_else(|| format!("unknown reason {reason:?}"))?;
        appeals.push(Appeal {
            id,
            reason,
            text,
            label,
        });
    }
    Ok(appeals)
}

/// The citizen's own fragments of every petition, oldest first.
fn citizen_text(record: &serde_json::Value) -> String {
    let mut petitions: Vec<(&str, String)> = record["feed"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|item| item["widget"] == "public.petition")
        .map(|item| {
            let payload = &item["payload"];
            let text: Vec<&str> = payload["body"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|part| part["typeof"] == 1)
                .filter_map(|part| part["text"].as_str())
                .collect();
            (payload["dt"].as_str().unwrap_or(""), text.join(" "))
        })
        .collect();
    petitions.sort_by(|a, b| a.0.cmp(b.0));
    let texts: Vec<String> = petitions.into_iter().map(|(_, text)| text).collect();
    texts.join("\n")
}

/// Our category for a portal sub-reason, the text deciding for damage reports.
fn label(reason: &str, text: &str) -> Option<Category> {
    Some(match reason {
        "Плохое качество горячей воды"
        | "Отсутствие горячей воды"
        | "Слабый напор горячей воды" => Category::HotWater,
        "Температура в помещении выше нормы" => Category::Overheating,
        "Низкая температура на лестничной площадке"
        | "Низкая температура в отапливаемом помещении"
        | "Отсутствие радиатора на лестничной площадке" => {
            Category::NoHeat
        }
        _ if reason.starts_with("Повреждение") => damage_label(text),
        _ => return None,
    })
}

fn damage_label(text: &str) -> Category {
    let folded = fold(text);
    let words: Vec<&str> = folded.split(' ').collect();
    if words.iter().any(|word| is_leak_word(word)) {
        Category::Leak
    } else if words
        .iter()
        .any(|word| word.starts_with("завоздуш") || word.starts_with("воздух"))
    {
        Category::AirLock
    } else if words.iter().any(|word| is_cold_word(word))
        || words
            .windows(2)
            .any(|pair| is_cold_phrase(pair[0], pair[1]))
    {
        Category::NoHeat
    } else {
        Category::Other
    }
}

fn is_leak_word(word: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "течет",
        "течь",
        "текут",
        "текл",
        "потек",
        "протек",
        "подтек",
        "протеч",
        "утечк",
        "капа",
        "капл",
        "капел",
        "прорв",
        "прорыв",
        "лопн",
        "свищ",
        "затоп",
        "залив",
        "залит",
        "луж",
        "мокр",
        "парит",
    ];
    word == "теч" || word == "пар" || PREFIXES.iter().any(|prefix| word.starts_with(prefix))
}

fn is_cold_word(word: &str) -> bool {
    ["холод", "ледян", "замерз", "промерз"]
        .iter()
        .any(|prefix| word.starts_with(prefix))
}

fn is_cold_phrase(first: &str, second: &str) -> bool {
    let negation = matches!(first, "не" | "нет" | "отсутствует" | "отсутствие");
    negation
        && ["гре", "работ", "прогрев", "отоплен", "тепл"]
            .iter()
            .any(|prefix| second.starts_with(prefix))
}

/// About 30% of ids, fixed: the top bits of a multiplicative hash.
fn is_held_out(id: u64) -> bool {
    let hash = id.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (hash >> 32) % 10 < 3
}

fn print_labels(appeals: &[Appeal]) {
    let mut by_reason: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for appeal in appeals {
        *by_reason
            .entry((&appeal.reason, appeal.label.as_code()))
            .or_default() += 1;
    }
    println!(
        "{} appeals with text; label by portal reason:",
        appeals.len()
    );
    for ((reason, code), n) in by_reason {
        let short: String = reason.chars().take(60).collect();
        println!("  {n:4}  {code:12} {short}");
    }
}

fn report(title: &str, model: &CategoryModel, appeals: &[&Appeal]) {
    let mut confusion: BTreeMap<(Category, Category), usize> = BTreeMap::new();
    let (mut top1, mut top2, mut confident, mut confident_right) = (0, 0, 0, 0);
    for appeal in appeals {
        let ranked = model.suggest(&appeal.text);
        let guess = ranked
            .first()
            .map_or(Category::Other, |(category, _)| *category);
        *confusion.entry((appeal.label, guess)).or_default() += 1;
        top1 += usize::from(guess == appeal.label);
        if std::env::var("SHOW_ERRORS").is_ok() && guess != appeal.label {
            let short: String = appeal.text.chars().take(150).collect();
            eprintln!(
                "{:?} as {:?} {:.2}: {}",
                appeal.label,
                guess,
                ranked[0].1,
                short.replace('\n', " ")
            );
        }
        top2 += usize::from(
            ranked
                .iter()
                .take(2)
                .any(|(category, _)| *category == appeal.label),
        );
        if ranked.first().is_some_and(|(_, score)| *score >= CONFIDENT) {
            confident += 1;
            confident_right += usize::from(guess == appeal.label);
        }
    }
    let n = appeals.len().max(1) as f64;
    println!("\n== {title}: n = {}", appeals.len());
    println!(
        "accuracy {:.1}%  (top-2 {:.1}%)",
        100.0 * top1 as f64 / n,
        100.0 * top2 as f64 / n
    );
    println!(
        "top score >= {CONFIDENT}: {:.1}% of appeals, {:.1}% of them right",
        100.0 * confident as f64 / n,
        100.0 * confident_right as f64 / confident.max(1) as f64
    );
    print_confusion(&confusion);
}

fn print_confusion(confusion: &BTreeMap<(Category, Category), usize>) {
    print!("{:>12} |", "label\\guess");
    for guess in Category::ALL {
        print!("{:>12}", guess.as_code());
    }
    println!(" | recall");
    for label in Category::ALL {
        let row: Vec<usize> = Category::ALL
            .iter()
            .map(|guess| confusion.get(&(label, *guess)).copied().unwrap_or(0))
            .collect();
        let total: usize = row.iter().sum();
        if total == 0 {
            continue;
        }
        print!("{:>12} |", label.as_code());
        for count in &row {
            print!("{count:>12}");
        }
        let hits = confusion.get(&(label, label)).copied().unwrap_or(0);
        println!(" | {:5.1}% of {total}", 100.0 * hits as f64 / total as f64);
    }
}

fn print_speed(appeals: &[&Appeal]) {
    let started = Instant::now();
    let model = CategoryModel::train(
        (0..10)
            .flat_map(|_| {
                appeals
                    .iter()
                    .map(|appeal| (appeal.text.as_str(), appeal.label))
            })
            .chain(examples_seeded()),
    );
    let train_ms = ms(started);
    let started = Instant::now();
    let short = CategoryModel::train((0..20).flat_map(|_| examples_seeded()));
    println!(
        "\nspeed: train on {} short examples (the seeded list 20 times) {:.1} ms",
        short.n_examples(),
        ms(started)
    );
    let started = Instant::now();
    for appeal in appeals {
        model.suggest(&appeal.text);
    }
    println!(
        "speed: train on {} examples (the appeals 10 times) {:.1} ms; suggest {:.3} ms per appeal (mean text {} chars)",
        model.n_examples(),
        train_ms,
        ms(started) / appeals.len().max(1) as f64,
        appeals
            .iter()
            .map(|appeal| appeal.text.chars().count())
            .sum::<usize>()
            / appeals.len().max(1)
    );
}

fn print_index_speed(appeals: &[&Appeal]) {
    let started = Instant::now();
    let mut n_chars = 0;
    for appeal in appeals {
        n_chars += domain::search::index_text(&appeal.text).len();
    }
    println!(
        "index_text: {:.3} ms per appeal ({n_chars} bytes of stems in all)",
        ms(started) / appeals.len().max(1) as f64
    );
}

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}
