//! Counts of quality callbacks and the shares the HQ reports ("84% solved,
//! 16% need more work").
//!
//! `calls` counts every call placed; `solved`, `not_solved`, `no_answer` and
//! `refused` count calls by outcome, so they add up to `calls`. `unreachable`
//! counts rounds given up after the last unanswered call: it is not an extra
//! call (those calls are already in `no_answer`).
//!
//! The headline share is taken over answered calls with a verdict, `solved +
//! not_solved`: that is how the seed's 84% and 16% add up to 100%. Refusals,
//! unanswered calls and unreachable residents say nothing about the work, so
//! they are left out of it; [`CallbackStats::share_solved_of_calls`] gives the
//! share of all calls for comparison. Grouping by district, organization and
//! week is the caller's: build one value per group.

use crate::quality_callback::{Attempt, CallbackOutcome, RoundState, round_state};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallbackStats {
    pub calls: u64,
    pub solved: u64,
    pub not_solved: u64,
    pub no_answer: u64,
    pub refused: u64,
    pub unreachable: u64,
}

impl CallbackStats {
    /// Counts one round's calls (attempts in time order) and, if it was given
    /// up, the unreachable resident.
    pub fn add_round(&mut self, round: &[Attempt]) {
        for attempt in round {
            self.add_call(attempt.outcome);
        }
        if round_state(round) == RoundState::Finished(CallbackOutcome::Unreachable) {
            self.unreachable += 1;
        }
    }

    /// Adds another group's counts.
    pub fn merge(&mut self, other: &CallbackStats) {
        self.calls += other.calls;
        self.solved += other.solved;
        self.not_solved += other.not_solved;
        self.no_answer += other.no_answer;
        self.refused += other.refused;
        self.unreachable += other.unreachable;
    }

    /// Calls where the resident gave a verdict: the denominator of the shares.
    pub fn verdicts(&self) -> u64 {
        self.solved + self.not_solved
    }

    /// Solved among calls with a verdict; `None` before the first verdict.
    pub fn share_solved(&self) -> Option<f64> {
        share(self.solved, self.verdicts())
    }

    /// Not solved (sent back for more work) among calls with a verdict.
    pub fn share_needing_work(&self) -> Option<f64> {
        share(self.not_solved, self.verdicts())
    }

    /// Solved among all calls placed, answered or not.
    pub fn share_solved_of_calls(&self) -> Option<f64> {
        share(self.solved, self.calls)
    }

    fn add_call(&mut self, outcome: CallbackOutcome) {
        let count = match outcome {
            CallbackOutcome::Solved => &mut self.solved,
            CallbackOutcome::NotSolved => &mut self.not_solved,
            CallbackOutcome::NoAnswer => &mut self.no_answer,
            CallbackOutcome::Refused => &mut self.refused,
            // Never the outcome of a single call; a round's verdict is counted in `add_round`.
            CallbackOutcome::Unreachable => return,
        };
        *count += 1;
        self.calls += 1;
    }
}

fn share(part: u64, whole: u64) -> Option<f64> {
    // Counts stay far below 2^53, where u64 to f64 is exact.
    (whole > 0).then(|| part as f64 / whole as f64)
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;

    use crate::quality_callback::stats::*;

    fn round(outcomes: &[CallbackOutcome]) -> Vec<Attempt> {
        let start: Timestamp = "2026-11-24T05:00:00Z".parse().unwrap();
        (0i64..)
            .zip(outcomes)
            .map(|(hours, outcome)| Attempt {
                at: start + jiff::SignedDuration::from_hours(hours * 5),
                outcome: *outcome,
            })
            .collect()
    }

    #[track_caller]
    fn check(rounds: &[&[CallbackOutcome]], expected: [u64; 6]) {
        let mut stats = CallbackStats::default();
        for outcomes in rounds {
            stats.add_round(&round(outcomes));
        }
        let got = [
            stats.calls,
            stats.solved,
            stats.not_solved,
            stats.no_answer,
            stats.refused,
            stats.unreachable,
        ];
        assert_eq!(got, expected);
    }

    use CallbackOutcome as O;

    #[test]
    fn every_call_counts_and_a_given_up_round_counts_once_as_unreachable() {
        check(&[], [0, 0, 0, 0, 0, 0]);
        check(&[&[O::Solved]], [1, 1, 0, 0, 0, 0]);
        check(&[&[O::NoAnswer, O::NotSolved]], [2, 0, 1, 1, 0, 0]);
        check(&[&[O::NoAnswer, O::NoAnswer]], [2, 0, 0, 2, 0, 0]);
        check(
            &[&[O::NoAnswer, O::NoAnswer, O::NoAnswer]],
            [3, 0, 0, 3, 0, 1],
        );
        check(
            &[&[O::Refused], &[O::NoAnswer, O::Solved]],
            [3, 1, 0, 1, 1, 0],
        );
    }

    #[test]
    fn the_seeds_shares_are_over_calls_with_a_verdict() {
        // The seed: over a thousand calls, 84% solved, 16% need more work.
        let stats = CallbackStats {
            calls: 1_130,
            solved: 840,
            not_solved: 160,
            no_answer: 100,
            refused: 30,
            unreachable: 20,
        };
        assert_eq!(stats.verdicts(), 1_000);
        assert_eq!(stats.share_solved(), Some(0.84));
        assert_eq!(stats.share_needing_work(), Some(0.16));
        assert_eq!(stats.share_solved_of_calls(), Some(840.0 / 1_130.0));
    }

    #[test]
    fn shares_are_absent_before_any_verdict() {
        let stats = CallbackStats {
            calls: 2,
            no_answer: 1,
            refused: 1,
            ..CallbackStats::default()
        };
        assert_eq!(stats.share_solved(), None);
        assert_eq!(stats.share_needing_work(), None);
        assert_eq!(stats.share_solved_of_calls(), Some(0.0));
        assert_eq!(CallbackStats::default().share_solved_of_calls(), None);
    }

    #[test]
    fn groups_merge_by_adding_counts() {
        let mut district = CallbackStats::default();
        district.add_round(&round(&[O::Solved]));
        let mut other = CallbackStats::default();
        other.add_round(&round(&[O::NoAnswer, O::NoAnswer, O::NoAnswer]));
        district.merge(&other);
        assert_eq!((district.calls, district.unreachable), (4, 1));
    }
}
