//! How alike a typed street name is to a registry one, from 0 to 1: word by word,
//! forgiving small typos and abbreviated words, so «Ленена» finds «Ленина» and
//! «Б. Московская» finds «Большая Московская». Knows nothing about houses.

/// Similarity of a typed word at most this long to a longer word starting with
/// it: «б» for «большая», «акад» for «академика».
const ABBREVIATION_MAX_CHARS: usize = 4;
const ABBREVIATION: f64 = 0.8;
/// Each typo (a letter deleted, added, replaced or two swapped) costs this much.
/// Two typos (0.76) stay below the auto-pick confidence on purpose: real streets
/// lie two typos apart («Алтайская», «Балтийская»), and scaling the cost by word
/// length made the evaluation pick «Балтийская 19» for «Алтайская 19».
const PER_TYPO: f64 = 0.12;
/// A typed word that matches no registry word: likely a different street.
const UNMATCHED_QUERY_WORD: f64 = 0.35;
/// Only a number matched («3-я» for «3-я Советская»): many streets share it.
const ONLY_NUMBERS_MATCHED: f64 = 0.5;

/// The similarity of two street names given as words, 0 when no word matches.
/// Registry words the caller left out cost some (a first name, «Большая»), less
/// for qualifiers («В.О.», «реки») and more for numbers, which tell «2-я» and
/// «3-я Карьерная» apart.
pub(super) fn street_similarity(query: &[Vec<char>], candidate: &[Vec<char>]) -> f64 {
    let mut used = vec![false; candidate.len()];
    let mut score = 1.0;
    let mut matched = false;
    let mut matched_name = false;
    let mut order: Vec<&Vec<char>> = query.iter().collect();
    order.sort_by_key(|word| std::cmp::Reverse(word.len()));
    for word in order {
        let best = candidate
            .iter()
            .enumerate()
            .filter(|(idx, _)| !used[*idx])
            .map(|(idx, other)| (idx, word_similarity(word, other)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((idx, similarity)) if similarity > 0.0 => {
                used[idx] = true;
                score *= similarity;
                matched = true;
                matched_name |= !is_number(word);
            }
            _ => score *= UNMATCHED_QUERY_WORD,
        }
    }
    if !matched {
        return 0.0;
    }
    for (word, _) in candidate.iter().zip(&used).filter(|(_, used)| !**used) {
        score *= omitted_word(word);
    }
    let omitted_name = candidate
        .iter()
        .zip(&used)
        .any(|(word, used)| !used && word.len() > 2 && !is_number(word));
    if !matched_name && omitted_name {
        score *= ONLY_NUMBERS_MATCHED;
    }
    score
}

/// The cost of leaving a registry word out.
fn omitted_word(word: &[char]) -> f64 {
    if is_number(word) {
        return 0.5;
    }
    if word.len() <= 2 {
        return 0.9;
    }
    let lowercase_particle = ["реки", "речки", "канала", "острова"]
        .iter()
        .any(|particle| word.iter().copied().eq(particle.chars()));
    // Below the auto-pick confidence: «Московская 7» may be «Большая
    // Московская, 7» or a house missing from the registry on «Московская».
    if lowercase_particle { 0.95 } else { 0.75 }
}

/// The similarity of two folded words: 1 when equal, less per typo or when the
/// typed word abbreviates the other, 0 otherwise. Numbers must be equal.
pub(super) fn word_similarity(query: &[char], candidate: &[char]) -> f64 {
    if query == candidate {
        return 1.0;
    }
    if is_number(query) || is_number(candidate) {
        return 0.0;
    }
    if query.len() <= ABBREVIATION_MAX_CHARS
        && query.len() < candidate.len()
        && candidate.starts_with(query)
    {
        return ABBREVIATION;
    }
    let allowed = match query.len().min(candidate.len()) {
        0..=3 => return 0.0,
        4..=7 => 1,
        _ => 2,
    };
    match edit_distance(query, candidate, allowed) {
        Some(typos) => 1.0 - PER_TYPO * typos as f64,
        None => 0.0,
    }
}

/// The optimal string alignment distance (Levenshtein with adjacent swaps),
/// or `None` when it exceeds `max`.
pub(super) fn edit_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let width = b.len() + 1;
    // Three rows: two back for swaps, one back, current.
    let mut rows = vec![0usize; width * 3];
    for (j, cell) in rows[..width].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let (cur, prev, prev2) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        rows[cur * width] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut value = (rows[prev * width + j] + 1)
                .min(rows[cur * width + j - 1] + 1)
                .min(rows[prev * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(rows[prev2 * width + j - 2] + 1);
            }
            rows[cur * width + j] = value;
            row_min = row_min.min(value);
        }
        if row_min > max {
            return None;
        }
    }
    let distance = rows[(a.len() % 3) * width + b.len()];
    (distance <= max).then_some(distance)
}

/// A number word: `2` of «2-я Карьерная», `50` of «50-летия Октября».
fn is_number(word: &[char]) -> bool {
    word.iter().any(char::is_ascii_digit)
}
