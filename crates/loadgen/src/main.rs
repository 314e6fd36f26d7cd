//! `loadgen`: drives a running Heatline server over HTTP from a separate process
//! and prints throughput and latency percentiles (and, with `--json`, writes them).
//!
//! Workloads: `create` (POST /api/v1/tickets), `history` (tickets by phone),
//! `list` (a filtered list page), `resolve` (the desk's address autocomplete:
//! registry addresses typed the way operators do, from `/api/v1/buildings`),
//! `get` (any `--path`, e.g. the dashboard or a list with other filters).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::Parser;
use rand::Rng;
use serde_json::{Value, json};

#[derive(Debug, Parser)]
struct Args {
    /// Base URL of the server, e.g. http://127.0.0.1:8080.
    #[arg(long)]
    base: String,
    #[arg(long, default_value = "operator")]
    login: String,
    #[arg(long, default_value = "teplo2026")]
    password: String,
    /// create, history, list, resolve or get.
    #[arg(long, default_value = "create")]
    workload: String,
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    /// Requests in all.
    #[arg(long, default_value_t = 20_000)]
    requests: u64,
    /// A building id to register tickets against (0: a random registry
    /// building per ticket, as picked from the desk's autocomplete; -1: send
    /// only a typed address, resolved by the server).
    #[arg(long, default_value_t = 0)]
    building_id: i64,
    /// The path (and query) the `get` workload requests.
    #[arg(long, default_value = "/api/v1/tickets")]
    path: String,
    /// Write the result as JSON to this file too.
    #[arg(long)]
    json: Option<String>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency)
        .build()?;
    let token = sign_in(&http, &args).await?;
    let queries = Arc::new(if args.workload == "resolve" {
        address_queries(&http, &args.base, &token).await?
    } else {
        Vec::new()
    });
    let buildings = Arc::new(if args.workload == "create" && args.building_id == 0 {
        building_ids(&http, &args.base, &token).await?
    } else {
        Vec::new()
    });
    let phones = Arc::new(if args.workload == "history" {
        known_phones(&http, &args.base, &token).await?
    } else {
        Vec::new()
    });
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..args.concurrency {
        let (http, token, next) = (http.clone(), token.clone(), next.clone());
        let (queries, phones, buildings) = (queries.clone(), phones.clone(), buildings.clone());
        let (base, workload, total, building, path) = (
            args.base.clone(),
            args.workload.clone(),
            args.requests,
            args.building_id,
            args.path.clone(),
        );
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0u64;
            while next.fetch_add(1, Ordering::Relaxed) < total {
                let t = Instant::now();
                let inputs = Inputs {
                    building,
                    buildings: &buildings,
                    queries: &queries,
                    phones: &phones,
                    path: &path,
                };
                let ok = request(&http, &base, &token, &workload, &inputs).await;
                latencies.push(t.elapsed());
                if !ok {
                    errors += 1;
                }
            }
            (latencies, errors)
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for worker in workers {
        let (l, e) = worker.await?;
        latencies.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let result = json!({
        "workload": args.workload,
        "concurrency": args.concurrency,
        "requests": latencies.len(),
        "errors": errors,
        "seconds": elapsed.as_secs_f64(),
        "throughput_per_s": latencies.len() as f64 / elapsed.as_secs_f64(),
        "p50_ms": ms(pct(0.50)),
        "p95_ms": ms(pct(0.95)),
        "p99_ms": ms(pct(0.99)),
        "max_ms": ms(*latencies.last().context("no requests")?),
    });
    println!(
        "{:<8} c={:<3} n={:<7} err={:<4} {:>8.0}/s  p50 {:>6.2} ms  p95 {:>6.2} ms  p99 {:>6.2} ms",
        args.workload,
        args.concurrency,
        latencies.len(),
        errors,
        result["throughput_per_s"].as_f64().unwrap_or(0.0),
        result["p50_ms"].as_f64().unwrap_or(0.0),
        result["p95_ms"].as_f64().unwrap_or(0.0),
        result["p99_ms"].as_f64().unwrap_or(0.0),
    );
    if let Some(path) = args.json {
        std::fs::write(&path, serde_json::to_string_pretty(&result)?)
            .with_context(|| format!("writing {path}"))?;
    }
    Ok(())
}

async fn sign_in(http: &reqwest::Client, args: &Args) -> anyhow::Result<String> {
    let res: Value = http
        .post(format!("{}/api/v1/auth/token", args.base))
        .json(&json!({"login": args.login, "password": args.password}))
        .send()
        .await?
        .json()
        .await?;
    res["token"]
        .as_str()
        .map(str::to_string)
        .context("no token in the sign-in answer")
}

/// What the workloads draw their requests from.
struct Inputs<'a> {
    building: i64,
    /// Registry building ids for `create` with `--building-id 0`.
    buildings: &'a [i64],
    path: &'a str,
    /// Typed addresses for `resolve`.
    queries: &'a [String],
    /// Phones of stored tickets for `history`; random phones when empty.
    phones: &'a [String],
}

/// The first hundred registry buildings, as the API lists them.
async fn registry_buildings(
    http: &reqwest::Client,
    base: &str,
    token: &str,
) -> anyhow::Result<Value> {
    Ok(http
        .get(format!("{base}/api/v1/buildings?limit=100"))
        .bearer_auth(token)
        .send()
        .await?
        .json()
        .await?)
}

/// Registry addresses typed as operators do: lowercase, no type word, no
/// commas, «д.» dropped; every third one with the apartment after a dash.
async fn address_queries(
    http: &reqwest::Client,
    base: &str,
    token: &str,
) -> anyhow::Result<Vec<String>> {
    let buildings = registry_buildings(http, base, token).await?;
    let mut out = Vec::new();
    for (idx, building) in buildings
        .as_array()
        .context("buildings")?
        .iter()
        .enumerate()
    {
        let address = building["address"].as_str().context("address")?;
        let typed: Vec<String> = address
            .replace([',', '.'], " ")
            .split_whitespace()
            .filter(|w| !matches!(*w, "ул" | "д" | "улица" | "проспект" | "пр-т"))
            .map(str::to_lowercase)
            .collect();
        let mut typed = typed.join(" ");
        if idx % 3 == 0 {
            typed.push_str("-12");
        }
        out.push(typed);
    }
    anyhow::ensure!(!out.is_empty(), "the registry is empty");
    Ok(out)
}

/// Ids of registry buildings, for registrations against a picked building.
async fn building_ids(http: &reqwest::Client, base: &str, token: &str) -> anyhow::Result<Vec<i64>> {
    let buildings = registry_buildings(http, base, token).await?;
    let ids: Vec<i64> = buildings
        .as_array()
        .context("buildings")?
        .iter()
        .filter_map(|b| b["id"].as_i64())
        .collect();
    anyhow::ensure!(!ids.is_empty(), "the registry is empty");
    Ok(ids)
}

/// Phones of stored tickets (from the newest list page), so `history` finds
/// real callers; falls back to random phones when none can be read.
async fn known_phones(
    http: &reqwest::Client,
    base: &str,
    token: &str,
) -> anyhow::Result<Vec<String>> {
    let page: Value = http
        .get(format!("{base}/api/v1/tickets?page_size=200"))
        .bearer_auth(token)
        .send()
        .await?
        .json()
        .await?;
    let phones = page["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|t| t["phone"].as_str())
                .filter(|p| !p.contains('*'))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Ok(phones)
}

fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

async fn request(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    workload: &str,
    inputs: &Inputs<'_>,
) -> bool {
    let building = inputs.building;
    let phone = if inputs.phones.is_empty() {
        format!("+7917{:07}", rand::rng().random_range(0..10_000_000))
    } else {
        inputs.phones[rand::rng().random_range(0..inputs.phones.len())].clone()
    };
    let req = match workload {
        "create" => {
            let mut body = json!({"phone": phone, "category": "no_heat", "description": "Батареи холодные, в квартире +16", "apartment": "12"});
            if building > 0 {
                body["building_id"] = json!(building);
            } else if !inputs.buildings.is_empty() {
                let picked = inputs.buildings[rand::rng().random_range(0..inputs.buildings.len())];
                body["building_id"] = json!(picked);
            } else {
                body["address"] = json!("ул. Первомайская, 12");
            }
            http.post(format!("{base}/api/v1/tickets")).json(&body)
        }
        "history" => http.get(format!(
            "{base}/api/v1/tickets?phone={}&page_size=20",
            encode(&phone)
        )),
        "resolve" => {
            let typed = &inputs.queries[rand::rng().random_range(0..inputs.queries.len())];
            http.get(format!(
                "{base}/api/v1/addresses/resolve?q={}",
                encode(typed)
            ))
        }
        "get" => http.get(format!("{base}{}", inputs.path)),
        "list" => http.get(format!(
            "{base}/api/v1/tickets?status=assigned&category=no_heat&page_size=50"
        )),
        _ => return false,
    };
    match req.bearer_auth(token).send().await {
        Ok(res) => res.status().is_success() && res.bytes().await.is_ok(),
        Err(_) => false,
    }
}
