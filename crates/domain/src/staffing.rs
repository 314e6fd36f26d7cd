//! Operator staffing by Erlang C: how many operators an hour needs so that a
//! target share of calls is answered within a target wait (80 % within 20 s by
//! default in the product spec).
//!
//! The model is M/M/N: calls arrive at random (Poisson), talk times are
//! exponential, nobody hangs up while waiting and nobody is busy with anything
//! else. It is deliberately not Erlang A (no abandonment), does not add
//! shrinkage (breaks, training, sick leave: divide the result by `1 − shrinkage`
//! when rostering) and does not schedule shifts. Probabilities are computed via
//! the Erlang B recursion, which stays stable for thousands of agents where the
//! textbook `A^N / N!` form overflows.

use jiff::civil::Date;

use crate::forecast::hourly::HourForecast;

/// Offered traffic above this many Erlangs is refused: a city hotline is five
/// orders of magnitude below it, and the agent search is linear in the answer.
const MAX_TRAFFIC_ERLANGS: f64 = 100_000.0;

/// Why a staffing question cannot be answered.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum StaffingError {
    #[error("calls per hour must be finite and not negative, got {calls_per_hour}")]
    InvalidCallRate { calls_per_hour: f64 },
    #[error("average handle time must be positive seconds, got {aht_seconds}")]
    InvalidHandleTime { aht_seconds: f64 },
    #[error("target service level must be above 0 and below 1, got {level}")]
    InvalidServiceLevel { level: f64 },
    #[error("target answer time must be finite and not negative seconds, got {seconds}")]
    InvalidTargetTime { seconds: f64 },
    #[error("maximum occupancy must be above 0 and at most 1, got {occupancy}")]
    InvalidOccupancy { occupancy: f64 },
    #[error("offered traffic of {traffic_erlangs} erlangs is beyond the supported range")]
    TrafficTooHigh { traffic_erlangs: f64 },
}

/// One hour of the staffing plan: the forecast calls and what the agents needed
/// for them achieve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HourStaffing {
    pub date: Date,
    /// City hour of day, 0–23.
    pub hour: u8,
    /// Expected calls in the hour (the forecast's mean).
    pub calls: f64,
    pub traffic_erlangs: f64,
    pub agents: u32,
    /// Share of calls answered within the target time with `agents` agents.
    pub service_level: f64,
    pub average_speed_of_answer_seconds: f64,
    pub occupancy: f64,
}

/// Offered traffic in Erlangs: the average number of calls in progress.
pub fn traffic_erlangs(calls_per_hour: f64, aht_seconds: f64) -> f64 {
    calls_per_hour * aht_seconds / 3600.0
}

/// Erlang B: the probability that a call is lost when `agents` lines carry
/// `traffic_erlangs` and there is no queue. Zero or negative traffic loses nothing.
pub fn erlang_b(agents: u32, traffic_erlangs: f64) -> f64 {
    if !has_traffic(traffic_erlangs) {
        return 0.0;
    }
    (1..=agents).fold(1.0, |blocking, n| {
        next_erlang_b(blocking, n, traffic_erlangs)
    })
}

/// Erlang C: the probability that a call has to wait because all `agents` are busy.
///
/// No traffic never waits (0); with no more agents than Erlangs the queue grows
/// without bound and every call waits (1).
pub fn erlang_c(agents: u32, traffic_erlangs: f64) -> f64 {
    if !has_traffic(traffic_erlangs) {
        return 0.0;
    }
    if f64::from(agents) <= traffic_erlangs {
        return 1.0;
    }
    erlang_c_from_b(agents, traffic_erlangs, erlang_b(agents, traffic_erlangs))
}

/// The share of calls answered within `target_seconds`:
/// `1 − C · exp(−(N − A) · t / AHT)`. An overloaded hour answers no share
/// reliably (0); an hour without calls meets any target (1).
pub fn service_level(
    agents: u32,
    traffic_erlangs: f64,
    aht_seconds: f64,
    target_seconds: f64,
) -> f64 {
    if !has_traffic(traffic_erlangs) {
        return 1.0;
    }
    if f64::from(agents) <= traffic_erlangs {
        return 0.0;
    }
    let waiting = erlang_c(agents, traffic_erlangs);
    let spare = f64::from(agents) - traffic_erlangs;
    1.0 - waiting * (-spare * target_seconds / aht_seconds).exp()
}

/// The average wait before an answer over all calls, in seconds:
/// `C · AHT / (N − A)`; infinite when overloaded, 0 without calls.
pub fn average_speed_of_answer(agents: u32, traffic_erlangs: f64, aht_seconds: f64) -> f64 {
    if !has_traffic(traffic_erlangs) {
        return 0.0;
    }
    if f64::from(agents) <= traffic_erlangs {
        return f64::INFINITY;
    }
    erlang_c(agents, traffic_erlangs) * aht_seconds / (f64::from(agents) - traffic_erlangs)
}

/// The share of time agents spend on calls, `A / N` (0 when nobody is staffed).
pub fn occupancy(agents: u32, traffic_erlangs: f64) -> f64 {
    if agents == 0 {
        return 0.0;
    }
    traffic_erlangs.max(0.0) / f64::from(agents)
}

/// The fewest agents that answer `target_service_level` of calls within
/// `target_seconds` (e.g. 0.8 and 20.0) and, when `max_occupancy` is given,
/// keep agents busy no more than that share of the time.
///
/// An hour without calls needs 0 agents: minimum staffing (someone must be at
/// the phone at night) is a rostering rule the caller applies on top.
pub fn agents_needed(
    calls_per_hour: f64,
    aht_seconds: f64,
    target_service_level: f64,
    target_seconds: f64,
    max_occupancy: Option<f64>,
) -> Result<u32, StaffingError> {
    validate(
        calls_per_hour,
        aht_seconds,
        target_service_level,
        target_seconds,
        max_occupancy,
    )?;
    let traffic = traffic_erlangs(calls_per_hour, aht_seconds);
    if traffic > MAX_TRAFFIC_ERLANGS {
        return Err(StaffingError::TrafficTooHigh {
            traffic_erlangs: traffic,
        });
    }
    if traffic == 0.0 {
        return Ok(0);
    }
    // Walk N upwards carrying Erlang B along, so the search costs O(N) in all.
    let mut blocking = 1.0;
    let mut agents = 0u32;
    loop {
        agents += 1;
        blocking = next_erlang_b(blocking, agents, traffic);
        let n = f64::from(agents);
        if n <= traffic || max_occupancy.is_some_and(|cap| traffic / n > cap) {
            continue;
        }
        let waiting = erlang_c_from_b(agents, traffic, blocking);
        let level = 1.0 - waiting * (-(n - traffic) * target_seconds / aht_seconds).exp();
        if level >= target_service_level {
            return Ok(agents);
        }
    }
}

/// Agents needed for every forecast hour, with what that staffing achieves.
/// Parameters are those of [`agents_needed`]; each hour is staffed for its
/// expected calls.
pub fn staffing_plan(
    hourly_forecast: &[HourForecast],
    aht_seconds: f64,
    target_service_level: f64,
    target_seconds: f64,
    max_occupancy: Option<f64>,
) -> Result<Vec<HourStaffing>, StaffingError> {
    hourly_forecast
        .iter()
        .map(|hour| {
            let agents = agents_needed(
                hour.expected,
                aht_seconds,
                target_service_level,
                target_seconds,
                max_occupancy,
            )?;
            let traffic = traffic_erlangs(hour.expected, aht_seconds);
            Ok(HourStaffing {
                date: hour.date,
                hour: hour.hour,
                calls: hour.expected,
                traffic_erlangs: traffic,
                agents,
                service_level: service_level(agents, traffic, aht_seconds, target_seconds),
                average_speed_of_answer_seconds: average_speed_of_answer(
                    agents,
                    traffic,
                    aht_seconds,
                ),
                occupancy: occupancy(agents, traffic),
            })
        })
        .collect()
}

/// Positive traffic; zero, negative and NaN traffic are no calls at all.
fn has_traffic(traffic_erlangs: f64) -> bool {
    traffic_erlangs > 0.0
}

/// `B(n) = A·B(n−1) / (n + A·B(n−1))`, starting from `B(0) = 1`.
fn next_erlang_b(previous: f64, agents: u32, traffic: f64) -> f64 {
    let offered = traffic * previous;
    offered / (f64::from(agents) + offered)
}

/// `C = N·B / (N − A·(1 − B))`, valid for `N > A`.
fn erlang_c_from_b(agents: u32, traffic: f64, blocking: f64) -> f64 {
    let n = f64::from(agents);
    n * blocking / (n - traffic * (1.0 - blocking))
}

fn validate(
    calls_per_hour: f64,
    aht_seconds: f64,
    target_service_level: f64,
    target_seconds: f64,
    max_occupancy: Option<f64>,
) -> Result<(), StaffingError> {
    if !(calls_per_hour.is_finite() && calls_per_hour >= 0.0) {
        return Err(StaffingError::InvalidCallRate { calls_per_hour });
    }
    if !(aht_seconds.is_finite() && aht_seconds > 0.0) {
        return Err(StaffingError::InvalidHandleTime { aht_seconds });
    }
    // A level of exactly 1 is unreachable with random arrivals: the search would not end.
    if !(target_service_level > 0.0 && target_service_level < 1.0) {
        return Err(StaffingError::InvalidServiceLevel {
            level: target_service_level,
        });
    }
    if !(target_seconds.is_finite() && target_seconds >= 0.0) {
        return Err(StaffingError::InvalidTargetTime {
            seconds: target_seconds,
        });
    }
    match max_occupancy {
        Some(occupancy) if !(occupancy > 0.0 && occupancy <= 1.0) => {
            Err(StaffingError::InvalidOccupancy { occupancy })
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests;
