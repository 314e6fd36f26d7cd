//! The street part of an address: the words of one comma segment, the type word
//! among them, and the canonical key the matcher compares (`2 карьерная` for both
//! «2-я Карьерная» and «Карьерная 2-я»).

use crate::address::StreetType;
use crate::address::lexer::{Kind, Token};

/// The street words of one segment, before the street segment is chosen.
#[derive(Debug, Default, Clone)]
pub(super) struct Draft {
    words: Vec<Word>,
    /// Type words with the index in `words` they stood at.
    types: Vec<(usize, StreetType, Word)>,
    /// A town named with a marker (`город Пушкин`).
    pub locality: Option<String>,
}

#[derive(Debug, Clone)]
struct Word {
    key: String,
    raw: String,
    ordinal: bool,
}

/// The chosen street: its key, display form and type.
#[derive(Debug, Default)]
pub(super) struct Chosen {
    pub key: String,
    pub display: String,
    pub street_type: Option<StreetType>,
}

impl Draft {
    pub fn has_words(&self) -> bool {
        !self.words.is_empty()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.types.is_empty()
    }

    pub fn push_word(&mut self, token: &Token) {
        self.words.push(Word {
            key: token.text.clone(),
            raw: token.raw.clone(),
            ordinal: token.is(Kind::Ordinal),
        });
    }

    pub fn push_word_or_type(&mut self, token: &Token) {
        match StreetType::from_word(&token.text) {
            Some(street_type) => {
                let word = Word {
                    key: token.text.clone(),
                    raw: token.raw.clone(),
                    ordinal: false,
                };
                self.types.push((self.words.len(), street_type, word));
            }
            None => self.push_word(token),
        }
    }

    /// The name words and the type. With two type words the one meaning
    /// «улица» is the type and the other is part of the name («Набережная
    /// улица»); a lone type word is the name («Набережная 5»).
    fn resolve(&self) -> (Vec<Word>, Option<StreetType>) {
        let primary = match self.types.as_slice() {
            [] => return (self.words.clone(), None),
            [(_, _, word)] if self.words.is_empty() => return (vec![word.clone()], None),
            [_] => 0,
            types => types
                .iter()
                .position(|(_, street_type, _)| *street_type == StreetType::Street)
                .unwrap_or(0),
        };
        // The other type words go back where they stood, in one pass: inserting
        // them one by one was quadratic in a line of thousands of type words.
        let mut words = Vec::with_capacity(self.words.len() + self.types.len());
        let mut others = self
            .types
            .iter()
            .enumerate()
            .filter(|(idx, _)| *idx != primary)
            .map(|(_, (at, _, word))| (*at, word))
            .peekable();
        for (idx, word) in self.words.iter().enumerate() {
            while let Some((_, type_word)) = others.next_if(|(at, _)| *at <= idx) {
                words.push(type_word.clone());
            }
            words.push(word.clone());
        }
        words.extend(others.map(|(_, type_word)| type_word.clone()));
        (words, Some(self.types[primary].1))
    }
}

/// Chooses the street among the segments: the house's own segment if it has
/// words, else the nearest segment before it, else the first after it.
pub(super) fn choose(drafts: &[Draft], house_segment: Option<usize>) -> Chosen {
    let usable = |idx: &usize| !drafts[*idx].is_empty();
    let chosen = match house_segment {
        Some(house) => Some(house)
            .filter(usable)
            .or_else(|| (0..house).rev().find(usable))
            .or_else(|| (house + 1..drafts.len()).find(usable)),
        None => (0..drafts.len()).rev().find(usable),
    };
    let Some(draft) = chosen.map(|idx| &drafts[idx]) else {
        return Chosen::default();
    };
    let (words, street_type) = draft.resolve();
    Chosen {
        key: key(&words),
        display: display(&words),
        street_type,
    }
}

/// The canonical key: folded parts, ordinals first, runs of single letters
/// joined (`в о` → `во`, so «В.О.» and «ВО» agree).
fn key(words: &[Word]) -> String {
    let parts = words.iter().flat_map(|word| {
        word.key
            .split('-')
            .filter(|part| !part.is_empty())
            .map(move |part| (part, word.ordinal))
    });
    let (ordinals, others): (Vec<_>, Vec<_>) = parts.partition(|(_, ordinal)| *ordinal);
    let mut out: Vec<String> = Vec::new();
    let mut letters_run = false;
    for (part, _) in ordinals.into_iter().chain(others) {
        let is_letter = part.chars().count() == 1 && part.chars().all(char::is_alphabetic);
        match out.last_mut() {
            Some(last) if is_letter && letters_run => last.push_str(part),
            _ => out.push(part.to_string()),
        }
        letters_run = is_letter;
    }
    out.join(" ")
}

/// The display form: words as typed, initials with dots (`Б. Московская`,
/// `В.О.`), capitalized when typed all in lowercase.
fn display(words: &[Word]) -> String {
    let all_lowercase = words
        .iter()
        .all(|word| !word.raw.chars().any(char::is_uppercase));
    let mut out = String::new();
    let mut previous_letter = false;
    for word in words {
        let is_letter = word.raw.chars().count() == 1 && word.raw.chars().all(char::is_alphabetic);
        let initials_run = is_letter && previous_letter;
        if !out.is_empty() && !initials_run {
            out.push(' ');
        }
        if all_lowercase && word.raw.chars().count() > 1 && !is_lowercase_word(&word.key) {
            out.push_str(&capitalize(&word.raw));
        } else if all_lowercase && is_letter {
            out.push_str(&word.raw.to_uppercase());
        } else {
            out.push_str(&word.raw);
        }
        if is_letter {
            out.push('.');
        }
        previous_letter = is_letter;
    }
    out
}

/// Words written in lowercase inside official street names.
fn is_lowercase_word(key: &str) -> bool {
    matches!(
        key,
        "реки" | "речки" | "канала" | "острова" | "лет" | "года" | "на" | "и"
    )
}

fn capitalize(raw: &str) -> String {
    let mut chars = raw.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
