//! Query generation for the evaluation: addresses written the way callers say
//! them and operators type them, from a fixed-seed generator.

use domain::address::{HouseNumber, ParsedAddress, StreetType};

/// An address written the way a caller says it or an operator types it.
pub fn caller_form(parsed: &ParsedAddress, mistakes: Mistakes, rng: &mut Rng) -> String {
    let mut name = street_name(parsed.street_display(), mistakes, rng);
    if let Some(street_type) = parsed.street_type() {
        let type_word = type_word(street_type, rng);
        if !type_word.is_empty() {
            name = if rng.chance(0.6) {
                format!("{type_word} {name}")
            } else {
                format!("{name} {type_word}")
            };
        }
    }
    let house = parsed.house().expect("queries are made for houses");
    let mut query = name;
    query.push_str(if rng.chance(0.4) { ", " } else { " " });
    if rng.chance(0.3) {
        query.push_str(["д. ", "д.", "дом "][rng.below(3)]);
    }
    query.push_str(&house_form(house, rng));
    if house.span().is_none() {
        match rng.below(10) {
            0..=1 => query.push_str(&format!("-{}", 1 + rng.below(200))),
            2 => query.push_str(&format!(" кв {}", 1 + rng.below(200))),
            3 => query.push_str(&format!(", кв. {}", 1 + rng.below(200))),
            _ => {}
        }
    }
    if rng.chance(0.5) {
        query = query.replace('ё', "е").replace('Ё', "Е");
    }
    if rng.chance(0.4) {
        query = query.to_lowercase();
    }
    query
}

/// The street name, maybe with the ordinal moved or respelled and one typo.
fn street_name(display: &str, mistakes: Mistakes, rng: &mut Rng) -> String {
    let mut words: Vec<String> = display.split(' ').map(str::to_string).collect();
    let ordinal = words
        .first()
        .is_some_and(|w| w.contains('-') && w.starts_with(|c: char| c.is_ascii_digit()));
    if ordinal && words.len() > 1 && words[0].ends_with(['я', 'й']) {
        match rng.below(3) {
            0 => words.rotate_left(1),
            1 => words[0] = words[0].replace('-', ""),
            _ => {}
        }
    }
    let typos = match mistakes {
        Mistakes::Usual => usize::from(rng.chance(0.35)),
        Mistakes::Hard => {
            let name_words = (0..words.len())
                .filter(|idx| words[*idx].chars().count() >= 3)
                .filter(|idx| words[*idx].chars().all(char::is_alphabetic));
            let droppable: Vec<usize> = name_words.collect();
            if droppable.len() >= 2 && rng.chance(0.5) {
                words.remove(droppable[0]);
                0
            } else {
                2
            }
        }
    };
    for _ in 0..typos {
        let longest = (0..words.len())
            .filter(|idx| words[*idx].chars().all(char::is_alphabetic))
            .max_by_key(|idx| words[*idx].chars().count());
        if let Some(idx) = longest.filter(|idx| words[*idx].chars().count() >= 5) {
            words[idx] = typo(&words[idx], rng);
        }
    }
    words.join(" ")
}

/// How much the caller gets wrong in the street name.
#[derive(Debug, Clone, Copy)]
pub enum Mistakes {
    /// At most one typo, in a third of the queries.
    Usual,
    /// Two typos in the longest word, or a name word left out («Московская»
    /// for «Большая Московская»).
    Hard,
}

/// One letter deleted, two swapped or one replaced, never the first letter.
fn typo(word: &str, rng: &mut Rng) -> String {
    const LETTERS: &str = "абвгдежзиклмнопрстуфхцчшыэюя";
    let mut chars: Vec<char> = word.chars().collect();
    let at = 1 + rng.below(chars.len() - 1);
    match rng.below(3) {
        0 => {
            chars.remove(at);
        }
        1 if at + 1 < chars.len() => chars.swap(at, at + 1),
        _ => {
            let letters: Vec<char> = LETTERS.chars().collect();
            chars[at] = letters[rng.below(letters.len())];
        }
    }
    chars.into_iter().collect()
}

/// The type word as people write it, or nothing.
fn type_word(street_type: StreetType, rng: &mut Rng) -> String {
    if rng.chance(0.35) {
        return String::new();
    }
    let spellings: &[&str] = match street_type {
        StreetType::Street => &["ул.", "ул", "улица"],
        StreetType::Avenue => &["пр.", "пр-т", "проспект", "пр-кт", "просп."],
        StreetType::Boulevard => &["б-р", "бульвар", "бул."],
        StreetType::Lane => &["пер.", "пер", "переулок"],
        StreetType::Highway => &["ш.", "шоссе"],
        StreetType::Square => &["пл.", "площадь"],
        StreetType::Embankment => &["наб.", "набережная", "наб"],
        StreetType::Passage => &["пр-д", "проезд"],
        StreetType::Line => &["линия", "лин."],
        StreetType::Road => &["дорога", "дор."],
        StreetType::Alley => &["аллея"],
        StreetType::DeadEnd => &["тупик", "туп."],
        StreetType::Tract => &["тракт"],
        StreetType::Quarter => &["квартал"],
        StreetType::Microdistrict => &["мкр.", "микрорайон"],
    };
    spellings[rng.below(spellings.len())].to_string()
}

/// The house number in one of its spoken or typed forms; литера А mostly dropped.
fn house_form(house: &HouseNumber, rng: &mut Rng) -> String {
    let mut out = house.number().to_string();
    if let Some(letter) = house.letter() {
        let upper: String = letter.to_uppercase().collect();
        out.push_str(
            &[
                letter.to_string(),
                format!(" {upper}"),
                upper.clone(),
                format!("-{letter}"),
            ][rng.below(4)],
        );
    }
    if let Some(span) = house.span() {
        out.push_str(&format!("-{span}"));
    }
    if let Some(slash) = house.slash() {
        out.push_str(&format!("/{slash}"));
    }
    if let Some(block) = house.block() {
        out.push_str(
            &[
                format!("к{block}"),
                format!(" к{block}"),
                format!(" к.{block}"),
                format!(" корп {block}"),
                format!(" корп. {block}"),
                format!(" корпус {block}"),
            ][rng.below(6)],
        );
    }
    if let Some(building) = house.building() {
        out.push_str(
            &[
                format!(" стр {building}"),
                format!(" с{building}"),
                format!(" строение {building}"),
            ][rng.below(3)],
        );
    }
    if let Some(liter) = house.liter() {
        let keep = if liter == "а" {
            rng.chance(0.15)
        } else {
            rng.chance(0.6)
        };
        if keep {
            let upper = liter.to_uppercase();
            out.push_str(
                &[
                    format!(" лит. {upper}"),
                    format!(" литера {upper}"),
                    format!(" лит {upper}"),
                ][rng.below(3)],
            );
        }
    }
    out
}

/// SplitMix64: a small fixed-seed generator, so every run makes the same queries.
pub struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// A pronounceable street name that does not exist: «Зуркатная».
pub fn made_up_street(rng: &mut Rng) -> String {
    const SYLLABLES: [&str; 16] = [
        "зу", "ркат", "мо", "ле", "вин", "ска", "тро", "бель", "ка", "ну", "грас", "пи", "до",
        "фер", "хол", "жми",
    ];
    const ENDINGS: [&str; 4] = ["ная", "ская", "ова", "инский"];
    let mut name = String::new();
    for _ in 0..2 + rng.below(2) {
        name.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
    }
    name.push_str(ENDINGS[rng.below(ENDINGS.len())]);
    name
}
