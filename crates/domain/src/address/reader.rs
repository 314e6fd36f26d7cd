//! Reads tokens into a `ParsedAddress`. Commas split the address into segments;
//! the segment holding the house number (or the last one with words before it)
//! names the street, earlier segments name the town and are dropped.

use crate::address::lexer::{self, Kind, Token};
use crate::address::street::{self, Draft};
use crate::address::vocabulary::{self, Marker};
use crate::address::{HouseNumber, ParsedAddress};

/// What `N-M` after a house number means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Dash {
    /// House N, apartment M: how callers write it.
    #[default]
    Apartment,
    /// One house spanning numbers N to M: how registries write it.
    Span,
}

pub(super) fn read(input: &str, dash: Dash) -> ParsedAddress {
    let tokens = lexer::merge_ordinals(lexer::lex(input));
    let mut reader = Reader {
        dash,
        ..Reader::default()
    };
    for segment in tokens.split(|token| token.is(Kind::Comma)) {
        reader.segment(segment);
    }
    reader.finish()
}

/// The parts read so far; house parts that may come before or after the number
/// (`корп. 2`, `лит. А`) wait here until `finish`.
#[derive(Default)]
struct Reader {
    dash: Dash,
    drafts: Vec<Draft>,
    house_segment: Option<usize>,
    house: Option<HouseNumber>,
    block: Option<String>,
    building: Option<String>,
    liter: Option<String>,
    apartment: Option<String>,
    apartment_after_dash: bool,
    entrance: Option<String>,
}

impl Reader {
    fn segment(&mut self, tokens: &[Token]) {
        let mut draft = Draft::default();
        let mut idx = 0;
        while idx < tokens.len() {
            idx = self.step(tokens, idx, &mut draft);
        }
        self.drafts.push(draft);
    }

    /// Reads the token at `idx` and returns the index of the next unread one.
    fn step(&mut self, tokens: &[Token], idx: usize, draft: &mut Draft) -> usize {
        let token = &tokens[idx];
        match token.kind {
            Kind::Number => self.number(tokens, idx, draft),
            Kind::Word => self.word(tokens, idx, draft),
            Kind::Ordinal => self.ordinal(tokens, idx, draft),
            Kind::Dash => self.trailing_dash(tokens, idx),
            Kind::Slash | Kind::Comma => idx + 1,
        }
    }

    fn word(&mut self, tokens: &[Token], idx: usize, draft: &mut Draft) -> usize {
        let text = tokens[idx].text.as_str();
        // A letter after another letter is an initial of the name, not a
        // marker: «Большой пр. П.С. 41».
        let initial = tokens[idx].is_letter() && idx > 0 && tokens[idx - 1].is_letter();
        let marker = vocabulary::marker(text).filter(|marker| match marker {
            Marker::House => true,
            // «Парадная 3» before a house is a street, after it an entrance.
            Marker::Entrance => self.house.is_some(),
            _ => !initial || self.house.is_some(),
        });
        if let Some(next) = marker.and_then(|marker| self.marked(marker, tokens, idx + 1, draft)) {
            return next;
        }
        if vocabulary::is_noise(text) {
            return idx + 1;
        }
        let after_house = self.house_segment == Some(self.drafts.len());
        if after_house && draft.has_words() {
            // Words after the house number in the same segment are remarks
            // («второй подъезд», «во дворе»), not the street.
            return idx + 1;
        }
        draft.push_word_or_type(&tokens[idx]);
        idx + 1
    }

    /// An ordinal is part of the street name («2-я Карьерная») unless it follows
    /// the house: «5, 2-й подъезд».
    fn ordinal(&mut self, tokens: &[Token], idx: usize, draft: &mut Draft) -> usize {
        if self.house.is_none() {
            draft.push_word(&tokens[idx]);
            return idx + 1;
        }
        let marker = tokens
            .get(idx + 1)
            .and_then(|token| vocabulary::marker(&token.text));
        match marker {
            Some(Marker::Entrance) => {
                self.entrance.get_or_insert(tokens[idx].text.clone());
                idx + 2
            }
            Some(Marker::Floor) => idx + 2,
            _ if self.house_segment == Some(self.drafts.len()) && draft.has_words() => idx + 1,
            _ => {
                draft.push_word(&tokens[idx]);
                idx + 1
            }
        }
    }

    /// Reads the value after a marker word at `idx - 1`; `None` when no value
    /// follows and the word is an ordinary word (`К. Маркса`).
    fn marked(
        &mut self,
        marker: Marker,
        tokens: &[Token],
        idx: usize,
        draft: &mut Draft,
    ) -> Option<usize> {
        let next = tokens.get(idx)?;
        if marker == Marker::Locality {
            return locality(tokens, idx, draft);
        }
        if marker == Marker::Liter {
            let (liter, after) = read_liter(tokens, idx)?;
            self.liter.get_or_insert(liter);
            return Some(after);
        }
        if !next.is(Kind::Number) {
            return None;
        }
        if marker == Marker::House {
            return Some(self.house_number(tokens, idx));
        }
        let (value, after) = read_value(tokens, idx);
        let slot = match marker {
            Marker::Block => &mut self.block,
            Marker::Building => &mut self.building,
            Marker::Apartment => &mut self.apartment,
            Marker::Entrance => &mut self.entrance,
            Marker::Floor | Marker::House | Marker::Liter | Marker::Locality => {
                return Some(after);
            }
        };
        slot.get_or_insert(value);
        Some(after)
    }

    fn number(&mut self, tokens: &[Token], idx: usize, draft: &mut Draft) -> usize {
        if self.house.is_none() {
            // A number before any street word and followed by one is part of the
            // name: «8 Марта 12», «ул. 8 Марта, д. 12».
            let name_follows = tokens.get(idx + 1).is_some_and(is_name_word);
            if draft.has_words() || !name_follows {
                return self.house_number(tokens, idx);
            }
            draft.push_word(&tokens[idx]);
            return idx + 1;
        }
        let (value, after) = read_value(tokens, idx);
        let marker = tokens
            .get(after)
            .and_then(|token| vocabulary::marker(&token.text));
        match marker {
            Some(Marker::Entrance) => {
                self.entrance.get_or_insert(value);
                after + 1
            }
            Some(Marker::Floor) => after + 1,
            _ => {
                self.apartment.get_or_insert(value);
                after
            }
        }
    }

    /// A dash after the house parts: `5к1-12` is apartment 12.
    fn trailing_dash(&mut self, tokens: &[Token], idx: usize) -> usize {
        let follows_house = self.house.is_some() && self.apartment.is_none();
        match tokens.get(idx + 1) {
            Some(next)
                if next.is(Kind::Number) && follows_house && self.dash == Dash::Apartment =>
            {
                let (value, after) = read_value(tokens, idx + 1);
                self.apartment = Some(value);
                self.apartment_after_dash = true;
                after
            }
            _ => idx + 1,
        }
    }

    /// Reads a house number at `idx` with its letter, corner part and span.
    fn house_number(&mut self, tokens: &[Token], idx: usize) -> usize {
        let Ok(number) = tokens[idx].text.parse::<u32>() else {
            return idx + 1;
        };
        if self.house.is_some() {
            return idx + 1;
        }
        self.house_segment = Some(self.drafts.len());
        let mut house = HouseNumber::with_number(number);
        let mut next = idx + 1;
        while let Some(after) = self.house_part(tokens, next, &mut house) {
            next = after;
        }
        self.house = Some(house);
        next
    }

    /// Reads one part after a house number: a letter, `/1`, `-12`.
    fn house_part(
        &mut self,
        tokens: &[Token],
        idx: usize,
        house: &mut HouseNumber,
    ) -> Option<usize> {
        let token = tokens.get(idx)?;
        let next = tokens.get(idx + 1);
        let next_is_number = next.is_some_and(|next| next.is(Kind::Number));
        if token.is_letter() && house.letter.is_none() && house.slash.is_none() {
            let is_marker = vocabulary::marker(&token.text).is_some() && next_is_number;
            if is_marker {
                return None;
            }
            house.letter = token.text.chars().next();
            return Some(idx + 1);
        }
        if token.is(Kind::Slash) && next_is_number && house.slash.is_none() {
            let (value, after) = read_value(tokens, idx + 1);
            house.slash = Some(value);
            return Some(after);
        }
        if !token.is(Kind::Dash) {
            return None;
        }
        if next.is_some_and(|next| next.is_letter() && next.glued) && house.letter.is_none() {
            house.letter = next.and_then(|next| next.text.chars().next());
            return Some(idx + 2);
        }
        if !next_is_number {
            return None;
        }
        let (value, after) = read_value(tokens, idx + 1);
        // Apartments have one number: `3-5-7-9` is a house spanning plots.
        let more_dashes = tokens.get(after).is_some_and(|t| t.is(Kind::Dash))
            && tokens.get(after + 1).is_some_and(|t| t.is(Kind::Number));
        if self.dash == Dash::Span || more_dashes || house.span.is_some() {
            // Appended in place: rebuilding the span for every plot was
            // quadratic in a long `3-5-7-…` run.
            match &mut house.span {
                Some(span) => {
                    span.push('-');
                    span.push_str(&value);
                }
                None => house.span = Some(value),
            }
        } else if self.apartment.is_none() {
            self.apartment = Some(value);
            self.apartment_after_dash = true;
        } else {
            return None;
        }
        Some(after)
    }

    fn finish(self) -> ParsedAddress {
        let chosen = street::choose(&self.drafts, self.house_segment);
        let locality = self.drafts.iter().find_map(|draft| draft.locality.clone());
        let house = self.house.map(|mut house| {
            house.block = self.block;
            house.building = self.building;
            house.liter = self.liter;
            house
        });
        ParsedAddress {
            street: chosen.key,
            street_display: chosen.display,
            street_type: chosen.street_type,
            locality,
            house,
            apartment: self.apartment,
            entrance: self.entrance,
            apartment_after_dash: self.apartment_after_dash,
        }
    }
}

/// A word that can only belong to a street name.
fn is_name_word(token: &Token) -> bool {
    token.is(Kind::Word)
        && token.text.chars().count() > 1
        && vocabulary::marker(&token.text).is_none()
        && !vocabulary::is_noise(&token.text)
}

/// Reads the town after a locality marker at `idx - 1` into the draft.
fn locality(tokens: &[Token], idx: usize, draft: &mut Draft) -> Option<usize> {
    let token = tokens.get(idx)?;
    let is_name = token.is(Kind::Word)
        && vocabulary::marker(&token.text).is_none()
        && crate::address::StreetType::from_word(&token.text).is_none();
    if !is_name {
        return None;
    }
    if token.text == "санкт" && tokens.get(idx + 1).is_some_and(|t| t.is_word("петербург"))
    {
        return Some(idx + 2);
    }
    if !vocabulary::is_home_city(&token.text) && draft.locality.is_none() {
        draft.locality = Some(token.text.clone());
    }
    Some(idx + 1)
}

/// Reads a part value: a number with a glued letter (`2а`), the letter not being
/// a marker of the next part (`2к1`).
fn read_value(tokens: &[Token], idx: usize) -> (String, usize) {
    let mut value = tokens[idx].text.clone();
    if let Some(next) = tokens.get(idx + 1) {
        let marker_follows = vocabulary::marker(&next.text).is_some()
            && tokens.get(idx + 2).is_some_and(|t| t.is(Kind::Number));
        if next.is_letter() && next.glued && !marker_follows {
            value.push_str(&next.text);
            return (value, idx + 2);
        }
    }
    (value, idx + 1)
}

/// Reads a литера: one or two letters, maybe with a glued number (`Б1`).
fn read_liter(tokens: &[Token], idx: usize) -> Option<(String, usize)> {
    let token = tokens.get(idx)?;
    let short_word = token.is(Kind::Word) && token.text.chars().count() <= 2;
    if !short_word {
        return None;
    }
    let mut liter = token.text.clone();
    match tokens.get(idx + 1) {
        Some(next) if next.is(Kind::Number) && next.glued => {
            liter.push_str(&next.text);
            Some((liter, idx + 2))
        }
        _ => Some((liter, idx + 1)),
    }
}
