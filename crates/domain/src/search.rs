//! Word search over Russian ticket texts: Snowball stems stored beside the text,
//! query stems matched as word prefixes.
//!
//! The stemmer gives different stems for forms of one word (батарея → `батаре`,
//! батареи → `батар`; холодно → `холодн`, холод → `холод`), so equality of stems
//! misses matches. Documents keep their full stems ([`index_text`]); a query is
//! stemmed and then shortened ([`query_stems`]) so that its stem is a prefix of
//! every form's stem, and a document matches when each query stem begins one of
//! its words ([`matches()`]). The same rule runs in the database as prefix
//! queries on a word index over the stored column (FTS5 on SQLite, GIN on
//! PostgreSQL), which is why stems contain only letters and digits: to the
//! index they are words, never operators.
//!
//! This is deliberately not a ranking engine and not typo tolerant: a misspelled
//! query word finds nothing. It knows no synonyms (батарея and радиатор are
//! different words).

use rust_stemmers::{Algorithm, Stemmer};

use crate::building::fold;

/// Stems of the meaningful words of `text`, in order, repeats kept.
///
/// The text is folded ([`fold`]: lowercase, ё → е, punctuation to spaces), split
/// into words, stop words and single letters are dropped, and each remaining
/// word is reduced by the Snowball Russian stemmer. Numbers are kept as words.
pub fn terms(text: &str) -> Vec<String> {
    let stemmer = russian_stemmer();
    fold(text)
        .split(' ')
        .filter(|word| is_meaningful(word))
        .map(|word| stem_word(&stemmer, word))
        .collect()
}

/// The searchable form of a ticket text, to store in a column beside it: the
/// distinct [`terms`], in first-seen order, separated by single spaces.
///
/// A database finds the text by the stems of [`query_stems`] with the same rule
/// as [`matches()`]: each stem begins one of its space-separated words, which
/// is `like` [`like_pattern`] on `' ' || search_text`, or a prefix query on a
/// word index.
pub fn index_text(text: &str) -> String {
    let mut seen: Vec<String> = Vec::new();
    for term in terms(text) {
        if !seen.contains(&term) {
            seen.push(term);
        }
    }
    seen.join(" ")
}

/// The distinct stems a search query looks for, each shortened by
/// [`shorten_stem`] so that it is a prefix of the stems of other forms of the
/// same word: «батарея» → `батар`, «холодные» → `холод`, «не греет» → `гре`.
pub fn query_stems(query: &str) -> Vec<String> {
    let mut stems: Vec<String> = Vec::new();
    for term in terms(query) {
        let stem = shorten_stem(&term);
        if !stems.contains(&stem) {
            stems.push(stem);
        }
    }
    stems
}

/// Whether a document with `document_terms` (its [`terms`]) answers a query
/// with `query_stems` (its [`query_stems`]): every query stem begins at least
/// one document term. The query words may come in any order and from any part
/// of the text. An empty query matches every document, so a caller whose query
/// had only stop words should skip the word filter rather than call this.
pub fn matches(query_stems: &[String], document_terms: &[String]) -> bool {
    query_stems.iter().all(|stem| {
        document_terms
            .iter()
            .any(|term| term.starts_with(stem.as_str()))
    })
}

/// The SQL `like` pattern for one query stem against `' ' || search_text`:
/// `% stem%`, a word beginning with the stem. Stems hold only letters and
/// digits, so nothing needs escaping.
pub fn like_pattern(stem: &str) -> String {
    format!("% {stem}%")
}

/// Cuts a stem down to the part all forms of its word share.
///
/// Three steps, each keeping at least [`MIN_QUERY_STEM`] letters:
/// - a present-tense verb ending the stemmer leaves (`ет`, `ют`, `ит`, `ят`: греет,
///   греют, течет) is dropped, since other forms of the verb lack it;
/// - trailing vowels, `й` and `ь` are dropped, since the stemmer keeps them for
///   some forms only (`батаре` / `батар`);
/// - what remains is cut to [`MAX_QUERY_STEM`] letters, since the stemmer also
///   differs inside longer stems (`холодн` / `холод`, `протечк` / `протек`), and
///   five leading letters nearly always settle a Russian word.
///
/// Stems with digits are returned unchanged.
pub fn shorten_stem(stem: &str) -> String {
    if !stem.chars().all(char::is_alphabetic) {
        return stem.to_owned();
    }
    let mut chars: Vec<char> = stem.chars().collect();
    if chars.len() >= MIN_QUERY_STEM + 2 && ends_with_verb_ending(&chars) {
        chars.truncate(chars.len() - 2);
    }
    while chars.len() > MIN_QUERY_STEM && chars.last().is_some_and(|ch| is_soft_end(*ch)) {
        chars.pop();
    }
    chars.truncate(MAX_QUERY_STEM);
    chars.into_iter().collect()
}

/// Shortening never cuts a stem below this many letters: shorter prefixes
/// would begin too many unrelated words.
pub const MIN_QUERY_STEM: usize = 3;

/// Shortening cuts a stem to at most this many letters.
pub const MAX_QUERY_STEM: usize = 5;

/// Words that carry no meaning for search or classification: prepositions,
/// conjunctions, particles, pronouns and a few filler adverbs. Negations (не,
/// нет, без) are here too; the category model reads them before this filter.
const STOP_WORDS: &[&str] = &[
    "а",
    "без",
    "бы",
    "был",
    "была",
    "были",
    "было",
    "в",
    "вам",
    "вас",
    "весь",
    "во",
    "вообще",
    "вот",
    "все",
    "всегда",
    "всего",
    "вы",
    "где",
    "да",
    "даже",
    "для",
    "до",
    "его",
    "ее",
    "еле",
    "если",
    "есть",
    "еще",
    "же",
    "за",
    "здесь",
    "и",
    "из",
    "или",
    "им",
    "их",
    "к",
    "как",
    "ко",
    "когда",
    "кто",
    "ли",
    "либо",
    "меня",
    "мне",
    "мы",
    "на",
    "нам",
    "нас",
    "не",
    "нет",
    "ни",
    "но",
    "о",
    "об",
    "он",
    "она",
    "они",
    "оно",
    "от",
    "очень",
    "по",
    "под",
    "при",
    "про",
    "просто",
    "с",
    "со",
    "так",
    "также",
    "там",
    "то",
    "тоже",
    "только",
    "тут",
    "у",
    "уже",
    "чем",
    "что",
    "чтобы",
    "чуть",
    "эта",
    "эти",
    "это",
    "этот",
    "я",
];

/// Whether a folded word is a stop word.
pub(crate) fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

/// The one stemmer configuration used everywhere, so stored and queried stems agree.
pub(crate) fn russian_stemmer() -> Stemmer {
    Stemmer::create(Algorithm::Russian)
}

/// Stems one folded word.
pub(crate) fn stem_word(stemmer: &Stemmer, word: &str) -> String {
    stemmer.stem(word).into_owned()
}

/// Whether a folded word should be indexed: not a stop word, and not a lone
/// letter (abbreviations such as «д» or «с» in addresses), while lone digits stay.
fn is_meaningful(word: &str) -> bool {
    let mut chars = word.chars();
    let lone_letter =
        matches!((chars.next(), chars.next()), (Some(ch), None) if ch.is_alphabetic());
    !word.is_empty() && !lone_letter && !is_stop_word(word)
}

fn ends_with_verb_ending(chars: &[char]) -> bool {
    matches!(chars, [.., 'е' | 'ю' | 'и' | 'я', 'т'])
}

fn is_soft_end(ch: char) -> bool {
    matches!(
        ch,
        'а' | 'е' | 'и' | 'о' | 'у' | 'ы' | 'э' | 'ю' | 'я' | 'й' | 'ь'
    )
}

#[cfg(test)]
mod tests;
