//! Matching a typed address to registry buildings: an in-memory index of the
//! registry's streets and houses, and ranked candidates with a confidence.
//!
//! Streets are found through a trigram index over their folded words and an
//! index of their words with one letter deleted (which finds one-typo words
//! trigrams miss), and only that shortlist is compared word by word; houses are then
//! looked up by number on each likely street. The index holds no building data
//! beyond ids: the caller keeps the registry and rebuilds the index when it
//! changes. It deliberately never guesses a building on an unknown street.

use std::collections::HashMap;

use crate::address::house_match::house_score;
use crate::address::similarity::street_similarity;
use crate::address::{HouseNumber, ParsedAddress, StreetType, parse, parse_registry};
use crate::building::BuildingId;

/// The confidence from which a caller may take the top candidate without asking,
/// provided it also leads the next one by `AUTO_PICK_MARGIN`.
pub const AUTO_PICK_CONFIDENCE: f64 = 0.8;
/// How far the top candidate must lead the second one to be picked alone.
pub const AUTO_PICK_MARGIN: f64 = 0.15;

/// Streets below this similarity are not candidates at all.
const MIN_STREET_SCORE: f64 = 0.3;
/// Streets compared word by word per query, taken by shared trigrams.
const SHORTLIST: usize = 48;
/// Words this long or longer are looked up with one typo allowed.
const TYPO_WORD_MIN_CHARS: usize = 4;
/// Confidence factor of a building on the right street when the typed house
/// number is not in the registry, or no number was typed.
const OTHER_HOUSE: f64 = 0.3;
/// Buildings with the nearest numbers offered when the typed one is missing.
const NEAREST_HOUSES: usize = 3;

#[cfg(test)]
mod tests;

/// A registry building that may be the one meant, with a confidence in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    pub building_id: BuildingId,
    pub confidence: f64,
}

/// The registry's addresses, indexed for `resolve`.
#[derive(Debug, Default)]
pub struct AddressIndex {
    streets: Vec<Street>,
    street_ids: HashMap<(String, Option<StreetType>, Option<String>), usize>,
    trigrams: HashMap<[char; 3], Vec<u32>>,
    /// Each street word of `TYPO_WORD_MIN_CHARS` or more and its variants with
    /// one letter deleted: two words one typo apart share a variant, which
    /// trigrams miss in short words («Курская» and «Круская» share only `ская`).
    deletions: HashMap<Vec<char>, Vec<u32>>,
    unindexed: Vec<BuildingId>,
    buildings: usize,
}

/// One registry street: a name, a type and a town.
#[derive(Debug)]
struct Street {
    words: Vec<Vec<char>>,
    street_type: Option<StreetType>,
    locality: Option<String>,
    houses: HashMap<u32, Vec<(HouseNumber, BuildingId)>>,
}

impl AddressIndex {
    /// Builds the index from registry entries: a building id and its address as
    /// displayed or imported («ул. Ленина, 5», «Лыжный переулок, дом 4, корпус 1»).
    pub fn new(entries: impl IntoIterator<Item = (BuildingId, String)>) -> Self {
        let mut index = AddressIndex::default();
        for (building_id, address) in entries {
            index.insert(building_id, &address);
        }
        index
    }

    /// Adds one building. An address without a street or a house number cannot
    /// be matched and is listed by `unindexed` instead.
    pub fn insert(&mut self, building_id: BuildingId, address: &str) {
        let parsed = parse_registry(address);
        let Some(house) = parsed.house().cloned() else {
            self.unindexed.push(building_id);
            return;
        };
        if parsed.street().is_empty() {
            self.unindexed.push(building_id);
            return;
        }
        let street_idx = self.street_idx(&parsed);
        let houses = self.streets[street_idx].houses.entry(house.number());
        houses.or_default().push((house, building_id));
        self.buildings += 1;
    }

    /// How many buildings can be found.
    pub fn len(&self) -> usize {
        self.buildings
    }

    pub fn is_empty(&self) -> bool {
        self.buildings == 0
    }

    /// Buildings whose address has no readable street or house number.
    pub fn unindexed(&self) -> &[BuildingId] {
        &self.unindexed
    }

    /// The buildings a typed address may mean, best first, at most `limit`.
    /// Pass a `limit` of at least 2 when the result goes to `auto_pick`.
    pub fn resolve(&self, query: &str, limit: usize) -> Vec<Candidate> {
        let parsed = parse(query);
        let words = street_words(parsed.street());
        if words.is_empty() {
            return Vec::new();
        }
        let mut candidates = Vec::new();
        for street_idx in self.shortlist(&words) {
            let street = &self.streets[street_idx];
            let score = street_similarity(&words, &street.words)
                * type_factor(parsed.street_type(), street.street_type)
                * locality_factor(parsed.locality(), street.locality.as_deref());
            if score >= MIN_STREET_SCORE {
                street.candidates(&parsed, score, &mut candidates);
            }
        }
        rank(candidates, limit)
    }

    fn street_idx(&mut self, parsed: &ParsedAddress) -> usize {
        let key = (
            parsed.street().to_string(),
            parsed.street_type(),
            parsed.locality().map(str::to_string),
        );
        if let Some(idx) = self.street_ids.get(&key) {
            return *idx;
        }
        let idx = self.streets.len();
        let words = street_words(parsed.street());
        let street_no = u32::try_from(idx).expect("fewer than 4 billion streets");
        for trigram in trigrams(&words) {
            self.trigrams.entry(trigram).or_default().push(street_no);
        }
        for variant in deletions(&words) {
            self.deletions.entry(variant).or_default().push(street_no);
        }
        self.streets.push(Street {
            words,
            street_type: parsed.street_type(),
            locality: parsed.locality().map(str::to_string),
            houses: HashMap::new(),
        });
        self.street_ids.insert(key, idx);
        idx
    }

    /// The streets with a word one typo from a typed word, and those sharing
    /// the most trigrams with the typed name.
    fn shortlist(&self, words: &[Vec<char>]) -> Vec<usize> {
        let mut streets = self.by_trigrams(words);
        for variant in deletions(words) {
            let hits = self.deletions.get(&variant).into_iter().flatten();
            streets.extend(hits.map(|street| *street as usize));
        }
        streets.sort_unstable();
        streets.dedup();
        streets
    }

    fn by_trigrams(&self, words: &[Vec<char>]) -> Vec<usize> {
        let mut shared = vec![0u16; self.streets.len()];
        for trigram in trigrams(words) {
            for street in self.trigrams.get(&trigram).into_iter().flatten() {
                shared[*street as usize] += 1;
            }
        }
        let mut hits: Vec<(u16, usize)> = shared
            .into_iter()
            .enumerate()
            .filter(|(_, count)| *count > 0)
            .map(|(idx, count)| (count, idx))
            .collect();
        if hits.len() > SHORTLIST {
            hits.select_nth_unstable_by(SHORTLIST, |a, b| b.0.cmp(&a.0));
            hits.truncate(SHORTLIST);
        }
        hits.into_iter().map(|(_, idx)| idx).collect()
    }
}

impl Street {
    /// Adds this street's buildings that may be meant: those with the typed
    /// number, or, when it is missing, a few with the nearest numbers.
    fn candidates(&self, parsed: &ParsedAddress, street_score: f64, out: &mut Vec<Candidate>) {
        let Some(house) = parsed.house() else {
            let all = self.houses.values().flatten();
            out.extend(all.map(|(_, id)| candidate(*id, street_score * OTHER_HOUSE)));
            return;
        };
        if let Some(same_number) = self.houses.get(&house.number()) {
            for (registered, id) in same_number {
                let alone = !same_number
                    .iter()
                    .any(|(other, _)| other != registered && same_but_liter(other, registered));
                let score = house_score(parsed, registered, alone);
                out.push(candidate(*id, street_score * score));
            }
            return;
        }
        let mut numbers: Vec<u32> = self.houses.keys().copied().collect();
        numbers.sort_by_key(|number| (number.abs_diff(house.number()), *number));
        for number in numbers.into_iter().take(NEAREST_HOUSES) {
            let nearest = self.houses[&number].iter();
            out.extend(nearest.map(|(_, id)| candidate(*id, street_score * OTHER_HOUSE)));
        }
    }
}

/// Takes the top candidate when it is confident and clearly ahead of the
/// second; `None` means an operator should choose.
pub fn auto_pick(candidates: &[Candidate]) -> Option<BuildingId> {
    let (top, rest) = candidates.split_first()?;
    let clear_lead = rest
        .first()
        .is_none_or(|second| top.confidence - second.confidence >= AUTO_PICK_MARGIN);
    (top.confidence >= AUTO_PICK_CONFIDENCE && clear_lead).then_some(top.building_id)
}

/// Two registry numbers differing at most in литера: «дом 7, литера А» and
/// «дом 7, литера Б» are told apart only by a литера the caller rarely says.
fn same_but_liter(a: &HouseNumber, b: &HouseNumber) -> bool {
    HouseNumber {
        liter: None,
        ..a.clone()
    } == HouseNumber {
        liter: None,
        ..b.clone()
    }
}

fn candidate(building_id: BuildingId, confidence: f64) -> Candidate {
    Candidate {
        building_id,
        confidence: confidence.clamp(0.0, 1.0),
    }
}

/// Best first, one entry per building, ties in id order so results are stable.
fn rank(mut candidates: Vec<Candidate>, limit: usize) -> Vec<Candidate> {
    candidates.sort_by(|a, b| {
        a.building_id
            .cmp(&b.building_id)
            .then(b.confidence.total_cmp(&a.confidence))
    });
    candidates.dedup_by_key(|candidate| candidate.building_id);
    candidates.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(a.building_id.cmp(&b.building_id))
    });
    candidates.truncate(limit);
    candidates
}

/// A type word that was given and differs hints at another street.
fn type_factor(query: Option<StreetType>, registry: Option<StreetType>) -> f64 {
    match (query, registry) {
        (None, _) => 1.0,
        (Some(query), Some(registry)) if query == registry => 1.0,
        (Some(_), None) => 0.9,
        (Some(_), Some(_)) => 0.8,
    }
}

/// A town that was given must be the street's town.
fn locality_factor(query: Option<&str>, registry: Option<&str>) -> f64 {
    match (query, registry) {
        (None, _) => 1.0,
        (Some(query), Some(registry)) if query == registry => 1.0,
        (Some(_), _) => 0.7,
    }
}

fn street_words(street: &str) -> Vec<Vec<char>> {
    street
        .split(' ')
        .filter(|word| !word.is_empty())
        .map(|word| word.chars().collect())
        .collect()
}

/// The words of `TYPO_WORD_MIN_CHARS` or more letters and their variants with
/// one letter deleted, distinct.
fn deletions(words: &[Vec<char>]) -> Vec<Vec<char>> {
    let mut out = Vec::new();
    for word in words
        .iter()
        .filter(|word| word.len() >= TYPO_WORD_MIN_CHARS)
    {
        out.push(word.clone());
        for skip in 0..word.len() {
            let mut variant = word.clone();
            variant.remove(skip);
            out.push(variant);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The distinct trigrams of the words, each padded with `$` at both ends.
fn trigrams(words: &[Vec<char>]) -> Vec<[char; 3]> {
    let mut out = Vec::new();
    for word in words {
        let padded: Vec<char> = std::iter::once('$')
            .chain(word.iter().copied())
            .chain(std::iter::once('$'))
            .collect();
        out.extend(padded.windows(3).map(|w| [w[0], w[1], w[2]]));
    }
    out.sort_unstable();
    out.dedup();
    out
}
