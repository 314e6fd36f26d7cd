//! Fixed-window rate limits: at most `max` hits per window, counted per bucket
//! (an API key, a client address, a phone). The counting itself is stored
//! elsewhere so that every server sharing a database sees the same counts.

use jiff::{SignedDuration, Timestamp};

/// At most `max` hits in each window of `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub max: i64,
    pub window: SignedDuration,
}

/// What a hit is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Over the limit; the next window opens after `retry_after`.
    Exceeded {
        retry_after: SignedDuration,
    },
}

impl RateLimit {
    pub const fn per_minute(max: i64) -> RateLimit {
        RateLimit {
            max,
            window: SignedDuration::from_secs(60),
        }
    }

    pub const fn per_hour(max: i64) -> RateLimit {
        RateLimit {
            max,
            window: SignedDuration::from_secs(3600),
        }
    }

    /// The start of the window `now` falls in (windows are aligned to the epoch).
    pub fn window_start(&self, now: Timestamp) -> Timestamp {
        let window_ms = self.window.as_millis().max(1) as i64;
        let ms = now.as_millisecond();
        Timestamp::from_millisecond(ms - ms.rem_euclid(window_ms)).unwrap_or(now)
    }

    /// Whether the `hits`-th hit of the window (counting this one) is allowed.
    pub fn judge(&self, hits: i64, now: Timestamp) -> Verdict {
        if hits <= self.max {
            return Verdict::Allowed;
        }
        let next = self.window_start(now).as_millisecond() + self.window.as_millis() as i64;
        Verdict::Exceeded {
            retry_after: SignedDuration::from_millis(next - now.as_millisecond()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[track_caller]
    fn check(limit: RateLimit, hits: i64, now: &str, expected: Verdict) {
        assert_eq!(limit.judge(hits, at(now)), expected);
    }

    #[test]
    fn windows_are_aligned_minutes_and_hours() {
        let minute = RateLimit::per_minute(5);
        assert_eq!(
            minute.window_start(at("2026-11-24T10:15:42.500Z")),
            at("2026-11-24T10:15:00Z")
        );
        let hour = RateLimit::per_hour(5);
        assert_eq!(
            hour.window_start(at("2026-11-24T10:15:42Z")),
            at("2026-11-24T10:00:00Z")
        );
    }

    #[test]
    fn hits_up_to_the_limit_pass_and_the_next_waits_for_the_window() {
        let limit = RateLimit::per_minute(3);
        check(limit, 1, "2026-11-24T10:15:42Z", Verdict::Allowed);
        check(limit, 3, "2026-11-24T10:15:42Z", Verdict::Allowed);
        check(
            limit,
            4,
            "2026-11-24T10:15:42Z",
            Verdict::Exceeded {
                retry_after: SignedDuration::from_secs(18),
            },
        );
        check(
            RateLimit::per_hour(1),
            2,
            "2026-11-24T10:59:59Z",
            Verdict::Exceeded {
                retry_after: SignedDuration::from_secs(1),
            },
        );
    }
}
