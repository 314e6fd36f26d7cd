//! How well a typed house number fits a registry one with the same leading
//! number, from 0 to 1. A part the caller left out costs a little (people drop
//! корпус and литера), a part the registry lacks or that differs costs a lot: `5/1`
//! and `5 к. 1` are different buildings, and so are `34` and `34а`.

use crate::address::{HouseNumber, ParsedAddress};

/// The caller left out a corner part, span or корпус the registry has.
const DROPPED_PART: f64 = 0.6;
/// The caller left out a строение.
const DROPPED_BUILDING: f64 = 0.7;
/// The caller named a part the registry number does not have.
const EXTRA_PART: f64 = 0.35;
/// Both name the part and it differs.
const OTHER_PART: f64 = 0.2;
/// The caller left out a литера other than the usual «А» while the street has
/// other buildings with the same number (usually литера А).
const DROPPED_LITER: f64 = 0.88;
/// `25А` typed for «дом 25, литера А»: «А» is every St Petersburg building's
/// литера, so the caller more likely meant a house 25а missing from the registry.
const LETTER_AS_DEFAULT_LITER: f64 = 0.75;
/// `25Б` typed for «дом 25, литера Б».
const LETTER_AS_LITER: f64 = 0.95;

/// The fit of the typed house to `registered`, whose number is the same; `alone`
/// when no other building on the street has that number. A dashed apartment
/// (`10-12`) is also tried as a registry span (`дом 10-12`).
pub(super) fn house_score(parsed: &ParsedAddress, registered: &HouseNumber, alone: bool) -> f64 {
    let Some(typed) = parsed.house() else {
        return 0.0;
    };
    let dropped_liter = if alone { 1.0 } else { DROPPED_LITER };
    let plain = fit(typed, registered, dropped_liter);
    match parsed.apartment().filter(|_| parsed.apartment_after_dash()) {
        Some(apartment) if typed.span.is_none() => {
            let spanned = HouseNumber {
                span: Some(apartment.to_string()),
                ..typed.clone()
            };
            plain.max(fit(&spanned, registered, dropped_liter))
        }
        _ => plain,
    }
}

fn fit(typed: &HouseNumber, registered: &HouseNumber, dropped_liter: f64) -> f64 {
    if typed.number != registered.number {
        return 0.0;
    }
    part(typed.slash(), registered.slash(), DROPPED_PART)
        * part(typed.span(), registered.span(), DROPPED_PART)
        * part(typed.block(), registered.block(), DROPPED_PART)
        * part(typed.building(), registered.building(), DROPPED_BUILDING)
        * letter_and_liter(typed, registered, dropped_liter)
}

fn part(typed: Option<&str>, registered: Option<&str>, dropped: f64) -> f64 {
    match (typed, registered) {
        (None, None) => 1.0,
        (Some(typed), Some(registered)) if typed == registered => 1.0,
        (None, Some(_)) => dropped,
        (Some(_), None) => EXTRA_PART,
        (Some(_), Some(_)) => OTHER_PART,
    }
}

/// The letter (`34а`) and the литера (`лит. А`) together: callers write a литера
/// as a letter (`25Б`), and registries pair a letter with a литера
/// («дом 16а, литера А»).
fn letter_and_liter(typed: &HouseNumber, registered: &HouseNumber, dropped_liter: f64) -> f64 {
    let liter_is = |letter: char| registered.liter() == Some(letter.to_string().as_str());
    match (typed.letter, registered.letter) {
        (Some(typed_letter), None) if typed.liter.is_none() && liter_is(typed_letter) => {
            if typed_letter == 'а' {
                LETTER_AS_DEFAULT_LITER
            } else {
                LETTER_AS_LITER
            }
        }
        (Some(typed_letter), Some(registered_letter)) if typed_letter != registered_letter => {
            OTHER_PART
        }
        (Some(_), None) => EXTRA_PART * liter(typed, registered, dropped_liter),
        (None, Some(_)) => DROPPED_PART * liter(typed, registered, dropped_liter),
        _ => liter(typed, registered, dropped_liter),
    }
}

fn liter(typed: &HouseNumber, registered: &HouseNumber, dropped_liter: f64) -> f64 {
    match (typed.liter(), registered.liter()) {
        (None, None) => 1.0,
        (None, Some("а")) => 1.0,
        (None, Some(_)) => dropped_liter,
        (Some(typed), Some(registered)) if typed == registered => 1.0,
        (Some(typed), None) => {
            let is_letter = registered
                .letter
                .is_some_and(|letter| typed == letter.to_string());
            if is_letter || typed == "а" {
                0.9
            } else {
                EXTRA_PART
            }
        }
        (Some(_), Some(_)) => OTHER_PART,
    }
}
