//! Properties of the address parser on generated input: it never panics,
//! well-formed addresses read back into the parts they were written from, two
//! spellings of one building share a key, and the display form is a fixed point.

use proptest::prelude::*;

use crate::address::vocabulary;
use crate::address::{StreetType, display, normalized_key, parse, parse_registry};
use crate::building::fold;

const TYPES: [StreetType; 15] = [
    StreetType::Street,
    StreetType::Avenue,
    StreetType::Boulevard,
    StreetType::Lane,
    StreetType::Highway,
    StreetType::Square,
    StreetType::Embankment,
    StreetType::Passage,
    StreetType::Line,
    StreetType::Road,
    StreetType::Alley,
    StreetType::DeadEnd,
    StreetType::Tract,
    StreetType::Quarter,
    StreetType::Microdistrict,
];

/// Street names from the Ufa registry in `shared/data`.
const REAL_STREETS: [&str; 16] = [
    "Октября",
    "Авроры",
    "Богдана Хмельницкого",
    "Большая Московская",
    "Борисоглебская",
    "Гагарина",
    "Генерала Горбатова",
    "Жигулевская",
    "Зорге",
    "Интернациональная",
    "Машиностроителей",
    "Мустая Карима",
    "Первомайская",
    "Степана Злобина",
    "Чкалова",
    "Энтузиастов",
];

/// Letters registries give houses (`34а`). Not `к`, `с`, `д`, which are read
/// as markers of the next part, nor `я`, `й`, read as ordinal endings (`1я`).
const HOUSE_LETTERS: [char; 8] = ['а', 'б', 'в', 'г', 'е', 'ж', 'з', 'и'];

/// The type word spelled out in full, as people also write it.
fn full_word(street_type: StreetType) -> &'static str {
    match street_type {
        StreetType::Street => "улица",
        StreetType::Avenue => "проспект",
        StreetType::Boulevard => "бульвар",
        StreetType::Lane => "переулок",
        StreetType::Highway => "шоссе",
        StreetType::Square => "площадь",
        StreetType::Embankment => "набережная",
        StreetType::Passage => "проезд",
        StreetType::Line => "линия",
        StreetType::Road => "дорога",
        StreetType::Alley => "аллея",
        StreetType::DeadEnd => "тупик",
        StreetType::Tract => "тракт",
        StreetType::Quarter => "квартал",
        StreetType::Microdistrict => "микрорайон",
    }
}

/// A word that can only be a name: not a marker, noise or a type word.
fn is_plain_name(word: &str) -> bool {
    let folded = fold(word);
    vocabulary::marker(&folded).is_none()
        && !vocabulary::is_noise(&folded)
        && StreetType::from_word(&folded).is_none()
}

fn generated_name() -> impl Strategy<Value = String> {
    "[А-ЯЁ][а-яё]{2,11}".prop_filter("a plain name word", |w| is_plain_name(w))
}

fn street_name() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(&REAL_STREETS[..]).prop_map(str::to_string),
        generated_name(),
        (generated_name(), generated_name()).prop_map(|(a, b)| format!("{a} {b}")),
    ]
}

/// The parts an address is written from.
#[derive(Debug, Clone)]
struct Parts {
    street: String,
    street_type: StreetType,
    number: u32,
    letter: Option<char>,
    slash: Option<u32>,
    block: Option<u32>,
    apartment: Option<u32>,
}

fn parts() -> impl Strategy<Value = Parts> {
    (
        street_name(),
        proptest::sample::select(&TYPES[..]),
        1u32..=999,
        proptest::option::of(proptest::sample::select(&HOUSE_LETTERS[..])),
        proptest::option::of(1u32..=20),
        proptest::option::of(1u32..=9),
        proptest::option::of(1u32..=999),
    )
        .prop_map(
            |(street, street_type, number, letter, slash, block, apartment)| Parts {
                street,
                street_type,
                number,
                letter,
                slash,
                block,
                apartment,
            },
        )
}

/// One way of writing the parts, picked by the `style` bits: the type before
/// or after the name, abbreviated or in full, `д.` or `дом` or nothing, the
/// apartment as `кв. N`, `кв N` or, without a корпус, `-N`.
fn written(parts: &Parts, style: u8) -> String {
    let type_word = if style & 1 == 0 {
        parts.street_type.abbreviation().to_string()
    } else {
        full_word(parts.street_type).to_string()
    };
    let street = if style & 2 == 0 {
        format!("{type_word} {}", parts.street)
    } else {
        format!("{} {type_word}", parts.street)
    };
    let house_marker = ["д. ", "дом ", "", "д."][usize::from((style >> 2) & 3)];
    let mut house = format!("{house_marker}{}", parts.number);
    house.extend(parts.letter);
    if let Some(slash) = parts.slash {
        house.push_str(&format!("/{slash}"));
    }
    if let Some(block) = parts.block {
        house.push_str(&format!(" к. {block}"));
    }
    let mut out = format!("{street}, {house}");
    if let Some(apartment) = parts.apartment {
        let dash = style & 16 != 0 && parts.block.is_none();
        if dash {
            out.push_str(&format!("-{apartment}"));
        } else if style & 32 == 0 {
            out.push_str(&format!(", кв. {apartment}"));
        } else {
            out.push_str(&format!(" кв {apartment}"));
        }
    }
    out
}

/// Address-like text: the words and marks the parser reacts to, mixed with
/// arbitrary characters.
fn address_like() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        4 => proptest::sample::select(vec![
            "ул.", "улица", "пр-т", "д.", "дом", "д", "к.", "к", "корп", "стр.", "с",
            "лит.", "литера", "кв.", "кв", "подъезд", "под", "этаж", "г.", "город",
            "Санкт", "Петербург", "Уфа", "2-я", "3-й", "50-летия", "Ленина",
            "Карла", "К.", "Маркса", "В.О.", "Набережная", "5", "12", "0",
            "4294967296", "99999999999999999999", "а", "Б", "1", "/", "\\", "-",
            "—", ",", ";", ".", " ", "  ", "\n", "\t", "\u{0}", "ё", "İ", "ß",
            "\u{301}", "🔥", "\u{feff}",
        ]).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(token, 0..40).prop_map(|tokens| tokens.concat())
}

/// Runs every entry point the desk and the import use on `input`.
fn read_everything(input: &str) {
    for parsed in [parse(input), parse_registry(input)] {
        let shown = display(&parsed);
        if let Some(house) = parsed.house() {
            let _ = (house.key(), house.display());
        }
        let _ = parse(&shown);
    }
    let _ = normalized_key(input);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_parser_never_panics_on_any_text(input in any::<String>()) {
        read_everything(&input);
    }

    #[test]
    fn the_parser_never_panics_on_address_like_text(input in address_like()) {
        read_everything(&input);
    }

    #[test]
    fn a_written_address_reads_back_into_its_parts(parts in parts(), style in any::<u8>()) {
        let text = written(&parts, style);
        let parsed = parse(&text);
        let owned = |part: Option<&str>| part.map(str::to_string);
        prop_assert_eq!(parsed.street_display(), parts.street.as_str(), "{}", text);
        if !parts.street.contains(char::is_numeric) {
            prop_assert_eq!(parsed.street().to_string(), fold(&parts.street), "{}", text);
        }
        prop_assert_eq!(parsed.street_type(), Some(parts.street_type), "{}", text);
        let house = parsed.house().expect("a house number was written");
        prop_assert_eq!(house.number(), parts.number, "{}", text);
        prop_assert_eq!(house.letter(), parts.letter, "{}", text);
        prop_assert_eq!(owned(house.slash()), parts.slash.map(|s| s.to_string()), "{}", text);
        prop_assert_eq!(owned(house.block()), parts.block.map(|b| b.to_string()), "{}", text);
        prop_assert_eq!(
            owned(parsed.apartment()),
            parts.apartment.map(|a| a.to_string()),
            "{}",
            text
        );
    }

    #[test]
    fn two_spellings_of_one_building_share_a_key(
        parts in parts(),
        style_a in any::<u8>(),
        style_b in any::<u8>(),
    ) {
        // The registry reads `N-M` as a span, so the dash apartment is left out.
        let a = written(&parts, style_a & !16);
        let b = written(&parts, style_b & !16);
        let key = normalized_key(&a);
        prop_assert!(key.is_some(), "no key for {}", a);
        prop_assert_eq!(key, normalized_key(&b), "{} vs {}", a, b);
    }

    #[test]
    fn the_display_form_reads_back_to_itself(parts in parts(), style in any::<u8>()) {
        let shown = display(&parse(&written(&parts, style)));
        prop_assert_eq!(display(&parse(&shown)), shown.clone());
        prop_assert_eq!(normalized_key(&shown), normalized_key(&written(&parts, style & !16)));
    }

    #[test]
    fn the_registry_display_form_keeps_the_key(parts in parts(), style in any::<u8>()) {
        let line = written(&parts, style);
        let shown = display(&parse_registry(&line));
        prop_assert!(normalized_key(&line).is_some(), "no key for {}", line);
        prop_assert_eq!(normalized_key(&shown), normalized_key(&line), "{} vs {}", line, shown);
        let again = display(&parse_registry(&shown));
        prop_assert_eq!(again, shown);
    }
}

#[test]
fn huge_inputs_are_read_without_panicking() {
    let fragments = [
        "ул. Ленина, д. 5 к. 1, кв. 12, ",
        "ул ",
        "5-",
        "д. ",
        "2-я ",
        "\u{0}ё/",
        "г. Пушкин, ",
    ];
    for fragment in fragments {
        // The Open311 form body limit, 64 KiB, filled with one fragment.
        let input = fragment.repeat(64 * 1024 / fragment.len());
        read_everything(&input);
    }
}
