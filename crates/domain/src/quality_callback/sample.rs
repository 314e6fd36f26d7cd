//! A fair, reproducible random sample of closed tickets to call back: N per
//! district (or per organization) per city week of closing.
//!
//! Each ticket gets a pseudo-random priority from the seed and its id, and a
//! group keeps its N tickets with the lowest priorities ("bottom-k"). Because
//! priorities are independent and identically distributed, every set of N
//! tickets in a group is equally likely, so every ticket has the same chance
//! N / group size. The same seed and candidates give the same sample on every
//! platform (the generator is SplitMix64 on `u64` arithmetic), whatever the
//! order the candidates arrive in. A ticket's priority does not depend on the
//! other candidates, so as more tickets of a week close and the sample is
//! recomputed, it changes only where a newcomer outranks a chosen ticket;
//! the caller keeps tickets already called in the queue.
//!
//! Not cryptographic: the seed is not a secret, it only makes a sample
//! repeatable for audit.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::calendar;
use crate::district::DistrictId;
use crate::organization::OrganizationId;
use crate::ticket::TicketId;

/// A closed ticket that may be sampled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SampleCandidate {
    pub ticket_id: TicketId,
    /// `None` for a ticket the district has not resolved yet: such tickets
    /// form a group of their own.
    pub district_id: Option<DistrictId>,
    pub organization_id: Option<OrganizationId>,
    /// The Monday of the city week the ticket was closed in.
    pub closed_week: Date,
}

impl SampleCandidate {
    /// A candidate closed at `closed_at`; its week is the city week.
    pub fn new(
        ticket_id: TicketId,
        district_id: Option<DistrictId>,
        organization_id: Option<OrganizationId>,
        closed_at: Timestamp,
    ) -> SampleCandidate {
        SampleCandidate {
            ticket_id,
            district_id,
            organization_id,
            closed_week: calendar::week_start(closed_at),
        }
    }
}

/// What a sample is drawn per, besides the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SampleGroup {
    District,
    Organization,
}

impl SampleGroup {
    pub const ALL: [SampleGroup; 2] = [SampleGroup::District, SampleGroup::Organization];

    pub fn as_code(self) -> &'static str {
        match self {
            SampleGroup::District => "district",
            SampleGroup::Organization => "organization",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "district" => SampleGroup::District,
            "organization" => SampleGroup::Organization,
            _ => return None,
        })
    }
}

/// Up to `per_group` tickets from every (week, district) or (week,
/// organization) group, chosen uniformly at random from `seed`; a smaller
/// group is taken whole. A ticket listed twice counts once. Sorted by id.
pub fn sample(
    candidates: &[SampleCandidate],
    per_group: u32,
    seed: u64,
    group_by: SampleGroup,
) -> Vec<TicketId> {
    let mut groups: BTreeMap<GroupKey, Vec<Ranked>> = BTreeMap::new();
    for candidate in candidates {
        let key = match group_by {
            SampleGroup::District => candidate.district_id.map(|id| id.0),
            SampleGroup::Organization => candidate.organization_id.map(|id| id.0),
        };
        let priority = priority(seed, candidate.ticket_id);
        groups
            .entry((candidate.closed_week, key))
            .or_default()
            .push((priority, candidate.ticket_id));
    }
    let per_group = usize::try_from(per_group).unwrap_or(usize::MAX);
    let mut chosen: Vec<TicketId> = Vec::new();
    for members in groups.values_mut() {
        members.sort_unstable();
        members.dedup_by_key(|(_, ticket_id)| *ticket_id);
        chosen.extend(members.iter().take(per_group).map(|(_, id)| *id));
    }
    chosen.sort_unstable();
    chosen.dedup();
    chosen
}

/// A week of closing and the district or organization id a group is drawn for.
type GroupKey = (Date, Option<i64>);

/// A candidate's draw priority (lowest wins) and its ticket.
type Ranked = (u64, TicketId);

/// A ticket's rank in the draw for `seed`: the first output of a generator
/// seeded with the seed and the mixed ticket id.
fn priority(seed: u64, ticket_id: TicketId) -> u64 {
    let mixed_id = SplitMix64::new(ticket_id.0.cast_unsigned()).next_u64();
    SplitMix64::new(seed ^ mixed_id).next_u64()
}

/// SplitMix64 (Steele, Lea, Flood 2014; the constants of Vigna's reference
/// `splitmix64.c`): a tiny generator whose outputs are a bijection of its
/// state, with good avalanche. Pure `u64` arithmetic, so stable everywhere.
struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests;
