//! Russian addresses as people say and type them, read into their parts: the
//! street (without its type word), the street type, the house number with its
//! letter, corner part, корпус, строение and литера, and the apartment.
//!
//! `parse` reads what a caller or an operator types («Ленина 5-12», «пр. Октября
//! д.12/1 кв 5», «Лыжный пер 4к1»); `parse_registry` reads a registry line, where
//! «дом 10-12» is one building spanning two numbers. Matching a parsed address to a
//! registry building is `matcher`. This module deliberately knows no street list:
//! it never decides whether a street exists or corrects a name; unknown words
//! before the house number stay in the street name for the matcher to weigh.

mod house_match;
mod lexer;
pub mod matcher;
mod reader;
mod similarity;
mod street;
mod vocabulary;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

/// The type word of a street: `ул.`, `пр-т`, `пер.` and so on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StreetType {
    Street,
    Avenue,
    Boulevard,
    Lane,
    Highway,
    Square,
    Embankment,
    Passage,
    Line,
    Road,
    Alley,
    DeadEnd,
    Tract,
    Quarter,
    Microdistrict,
}

impl StreetType {
    pub fn as_code(self) -> &'static str {
        match self {
            StreetType::Street => "street",
            StreetType::Avenue => "avenue",
            StreetType::Boulevard => "boulevard",
            StreetType::Lane => "lane",
            StreetType::Highway => "highway",
            StreetType::Square => "square",
            StreetType::Embankment => "embankment",
            StreetType::Passage => "passage",
            StreetType::Line => "line",
            StreetType::Road => "road",
            StreetType::Alley => "alley",
            StreetType::DeadEnd => "dead_end",
            StreetType::Tract => "tract",
            StreetType::Quarter => "quarter",
            StreetType::Microdistrict => "microdistrict",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        let street_type = match code {
            "street" => StreetType::Street,
            "avenue" => StreetType::Avenue,
            "boulevard" => StreetType::Boulevard,
            "lane" => StreetType::Lane,
            "highway" => StreetType::Highway,
            "square" => StreetType::Square,
            "embankment" => StreetType::Embankment,
            "passage" => StreetType::Passage,
            "line" => StreetType::Line,
            "road" => StreetType::Road,
            "alley" => StreetType::Alley,
            "dead_end" => StreetType::DeadEnd,
            "tract" => StreetType::Tract,
            "quarter" => StreetType::Quarter,
            "microdistrict" => StreetType::Microdistrict,
            _ => return None,
        };
        Some(street_type)
    }

    /// The type a folded word (no dots) spells, full or abbreviated: `ул`,
    /// `улица`, `пр-т`, `пр`, `проспект`, `б-р`, `пер`, `ш`, `наб`…
    pub fn from_word(word: &str) -> Option<Self> {
        let street_type = match word {
            "ул" | "улица" => StreetType::Street,
            "пр" | "пр-т" | "пр-кт" | "прт" | "пркт" | "просп" | "проспект" => {
                StreetType::Avenue
            }
            "б-р" | "бр" | "бул" | "бульв" | "бульвар" => StreetType::Boulevard,
            "пер" | "пер-к" | "переул" | "переулок" => StreetType::Lane,
            "ш" | "шос" | "шоссе" => StreetType::Highway,
            "пл" | "пл-дь" | "площ" | "площадь" => StreetType::Square,
            "наб" | "набер" | "набережная" => StreetType::Embankment,
            "пр-д" | "прд" | "пр-зд" | "проезд" => StreetType::Passage,
            "лин" | "линия" => StreetType::Line,
            "дор" | "дорога" => StreetType::Road,
            "ал" | "алл" | "аллея" => StreetType::Alley,
            "туп" | "тупик" => StreetType::DeadEnd,
            "тр-т" | "тракт" => StreetType::Tract,
            "кв-л" | "квартал" => StreetType::Quarter,
            "мкр" | "мкрн" | "мкр-н" | "микрорайон" => {
                StreetType::Microdistrict
            }
            _ => return None,
        };
        Some(street_type)
    }

    /// The abbreviation used in the normalized display form.
    pub fn abbreviation(self) -> &'static str {
        match self {
            StreetType::Street => "ул.",
            StreetType::Avenue => "пр-т",
            StreetType::Boulevard => "б-р",
            StreetType::Lane => "пер.",
            StreetType::Highway => "ш.",
            StreetType::Square => "пл.",
            StreetType::Embankment => "наб.",
            StreetType::Passage => "пр-д",
            StreetType::Line => "линия",
            StreetType::Road => "дор.",
            StreetType::Alley => "аллея",
            StreetType::DeadEnd => "туп.",
            StreetType::Tract => "тракт",
            StreetType::Quarter => "кв-л",
            StreetType::Microdistrict => "мкр.",
        }
    }
}

/// A house number with all its parts: `12/1`, `34а`, `5 к. 1`, `10-12`,
/// `47 к. 1 лит. А`. Parts are folded (lowercase, `ё` → `е`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HouseNumber {
    number: u32,
    letter: Option<char>,
    slash: Option<String>,
    span: Option<String>,
    block: Option<String>,
    building: Option<String>,
    liter: Option<String>,
}

impl HouseNumber {
    fn with_number(number: u32) -> Self {
        HouseNumber {
            number,
            letter: None,
            slash: None,
            span: None,
            block: None,
            building: None,
            liter: None,
        }
    }

    /// The leading number: 12 in `12/1`.
    pub fn number(&self) -> u32 {
        self.number
    }

    /// The letter glued to the number: `а` in `34а`.
    pub fn letter(&self) -> Option<char> {
        self.letter
    }

    /// The corner-house part after `/`: `1` in `12/1`. A different building
    /// from корпус 1.
    pub fn slash(&self) -> Option<&str> {
        self.slash.as_deref()
    }

    /// The end of a registry number spanning several plots: `12` in `дом 10-12`.
    pub fn span(&self) -> Option<&str> {
        self.span.as_deref()
    }

    /// Корпус: `1` in `5 к. 1`, `5к1`.
    pub fn block(&self) -> Option<&str> {
        self.block.as_deref()
    }

    /// Строение: `2` in `5 стр. 2`.
    pub fn building(&self) -> Option<&str> {
        self.building.as_deref()
    }

    /// Литера, the cadastral letter of St Petersburg registries: `а` in `лит. А`.
    pub fn liter(&self) -> Option<&str> {
        self.liter.as_deref()
    }

    /// A canonical key, equal for two spellings of the same house number:
    /// `5к1`, `12/1`, `34а`, `10-12`, `47к1лб`.
    pub fn key(&self) -> String {
        let mut key = self.number.to_string();
        key.extend(self.letter);
        let parts = [
            ("-", &self.span),
            ("/", &self.slash),
            ("к", &self.block),
            ("с", &self.building),
            ("л", &self.liter),
        ];
        for (prefix, part) in parts {
            if let Some(part) = part {
                key.push_str(prefix);
                key.push_str(part);
            }
        }
        key
    }

    /// The display form without `д.`: `12/1`, `34а`, `5 к. 1`, `4 к. 1 лит. А`.
    pub fn display(&self) -> String {
        let mut out = self.number.to_string();
        out.extend(self.letter);
        for (prefix, part) in [("-", &self.span), ("/", &self.slash)] {
            if let Some(part) = part {
                out.push_str(prefix);
                out.push_str(part);
            }
        }
        for (prefix, part) in [(" к. ", &self.block), (" стр. ", &self.building)] {
            if let Some(part) = part {
                out.push_str(prefix);
                out.push_str(part);
            }
        }
        if let Some(liter) = &self.liter {
            out.push_str(" лит. ");
            out.push_str(&liter.to_uppercase());
        }
        out
    }
}

/// An address read into its parts. Built by `parse` or `parse_registry`.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedAddress {
    street: String,
    street_display: String,
    street_type: Option<StreetType>,
    locality: Option<String>,
    house: Option<HouseNumber>,
    apartment: Option<String>,
    entrance: Option<String>,
    apartment_after_dash: bool,
}

impl ParsedAddress {
    /// The street name folded, without its type word, ordinals first and
    /// written as numbers: `ленина`, `2 карьерная`, `50 летия октября`.
    /// Empty when no street was found.
    pub fn street(&self) -> &str {
        &self.street
    }

    /// The street name as typed, without its type word: `Ленина`, `2-я Карьерная`.
    pub fn street_display(&self) -> &str {
        &self.street_display
    }

    pub fn street_type(&self) -> Option<StreetType> {
        self.street_type
    }

    /// A town named before the street (`город Пушкин`), folded. The home cities
    /// (Уфа, Санкт-Петербург) are dropped, never kept here.
    pub fn locality(&self) -> Option<&str> {
        self.locality.as_deref()
    }

    pub fn house(&self) -> Option<&HouseNumber> {
        self.house.as_ref()
    }

    /// The apartment: `12` in `Ленина 5-12` or `кв. 12`.
    pub fn apartment(&self) -> Option<&str> {
        self.apartment.as_deref()
    }

    /// The entrance (подъезд).
    pub fn entrance(&self) -> Option<&str> {
        self.entrance.as_deref()
    }

    /// Whether the apartment was written after a dash (`5-12`), so the two numbers
    /// might instead be one registry house spanning plots (`дом 5-12`).
    pub fn apartment_after_dash(&self) -> bool {
        self.apartment_after_dash
    }
}

/// Reads an address as a caller or an operator types it. `5-12` is house 5,
/// apartment 12.
pub fn parse(input: &str) -> ParsedAddress {
    reader::read(input, reader::Dash::Apartment)
}

/// Reads an address from a building registry, which has no apartments: `дом 10-12`
/// is one house spanning numbers 10 to 12.
pub fn parse_registry(input: &str) -> ParsedAddress {
    reader::read(input, reader::Dash::Span)
}

/// The normalized display form: «ул. Ленина, д. 5 к. 1, кв. 12».
pub fn display(parsed: &ParsedAddress) -> String {
    let mut parts = Vec::new();
    let street = match parsed.street_type {
        Some(street_type) => format!("{} {}", street_type.abbreviation(), parsed.street_display),
        None => parsed.street_display.clone(),
    };
    if !street.is_empty() {
        parts.push(street);
    }
    if let Some(house) = &parsed.house {
        parts.push(format!("д. {}", house.display()));
    }
    if let Some(entrance) = &parsed.entrance {
        parts.push(format!("подъезд {entrance}"));
    }
    if let Some(apartment) = &parsed.apartment {
        parts.push(format!("кв. {apartment}"));
    }
    parts.join(", ")
}

/// A key equal for two spellings of the same registry building, for deduplication
/// on import; `None` without a street or a house number. The line is read as a
/// registry line (`дом 10-12` is one house), apartments are ignored, a missing
/// type word counts as `улица`, the type people leave out, and литера А, the main
/// building's, counts as no литера.
pub fn normalized_key(input: &str) -> Option<String> {
    let parsed = parse_registry(input);
    let mut house = parsed.house.clone()?;
    if house.liter.as_deref() == Some("а") {
        house.liter = None;
    }
    if parsed.street.is_empty() {
        return None;
    }
    let street_type = parsed.street_type.unwrap_or(StreetType::Street);
    let locality = parsed.locality.as_deref().unwrap_or("");
    Some(format!(
        "{locality}|{}|{}|{}",
        street_type.as_code(),
        parsed.street,
        house.key()
    ))
}
