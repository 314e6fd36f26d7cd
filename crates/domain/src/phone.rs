//! Residents' phone numbers, normalized to one form so a caller's history is found
//! however the number was typed.

/// A Russian phone number in E.164 form, `+7` and ten digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Phone(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("phone number is empty")]
    Empty,
    #[error("phone number has characters other than digits and separators")]
    BadCharacter,
    #[error("phone number has a wrong number of digits")]
    WrongLength,
}

/// Ufa's area code, used to complete local seven-digit numbers.
const CITY_AREA_CODE: &str = "347";

impl Phone {
    /// Parses the ways people write a number: `8 (347) 277-09-11`,
    /// `+7 347 2770911`, `73472770911`, `3472770911`, or a local `277-09-11`.
    pub fn parse(input: &str) -> Result<Phone, PhoneError> {
        let mut digits = String::with_capacity(12);
        for (idx, ch) in input.trim().chars().enumerate() {
            match ch {
                '0'..='9' => digits.push(ch),
                '+' if idx == 0 => {}
                ' ' | '-' | '(' | ')' | '.' | '\u{a0}' => {}
                _ => return Err(PhoneError::BadCharacter),
            }
        }
        let national = match digits.len() {
            0 => return Err(PhoneError::Empty),
            7 => format!("{CITY_AREA_CODE}{digits}"),
            10 => digits,
            11 if digits.starts_with('7') || digits.starts_with('8') => digits[1..].to_string(),
            _ => return Err(PhoneError::WrongLength),
        };
        Ok(Phone(format!("+7{national}")))
    }

    /// The stored form, `+73472770911`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form read aloud and shown: `+7 (347) 277-09-11`.
    pub fn display(&self) -> String {
        let d = &self.0[2..];
        format!("+7 ({}) {}-{}-{}", &d[0..3], &d[3..6], &d[6..8], &d[8..10])
    }

    /// The same number with the middle digits hidden, for roles that must not
    /// see personal data: `+7 (347) ***-**-11`.
    pub fn masked(&self) -> String {
        format!("+7 ({}) ***-**-{}", &self.0[2..5], &self.0[10..12])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(input: &str, expected: Result<&str, PhoneError>) {
        assert_eq!(
            Phone::parse(input)
                .as_ref()
                .map(Phone::as_str)
                .map_err(|e| *e),
            expected
        );
    }

    #[test]
    fn the_usual_spellings_normalize_to_one_form() {
        check("8 (347) 277-09-11", Ok("+73472770911"));
        check("+73472770911", Ok("+73472770911"));
        check("+7 347 277 09 11", Ok("+73472770911"));
        check("73472770911", Ok("+73472770911"));
        check("3472770911", Ok("+73472770911"));
        check("277-09-11", Ok("+73472770911"));
        check("8-917-123-45-67", Ok("+79171234567"));
    }

    #[test]
    fn bad_numbers_are_rejected_with_the_reason() {
        check("", Err(PhoneError::Empty));
        check("   ", Err(PhoneError::Empty));
        check("12345", Err(PhoneError::WrongLength));
        check("9 347 277 09 11", Err(PhoneError::WrongLength));
        check("8 347 277 09 11 1", Err(PhoneError::WrongLength));
        check("call me", Err(PhoneError::BadCharacter));
        check("347+2770911", Err(PhoneError::BadCharacter));
    }

    #[test]
    fn display_and_mask_keep_the_area_code() {
        let phone = Phone::parse("+73472770911").unwrap();
        assert_eq!(phone.display(), "+7 (347) 277-09-11");
        assert_eq!(phone.masked(), "+7 (347) ***-**-11");
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;

        /// Ten national digits written the ways people write them.
        fn written(national: &str, style: u8) -> String {
            let (area, rest) = national.split_at(3);
            let (a, b, c) = (&rest[0..3], &rest[3..5], &rest[5..7]);
            match style % 6 {
                0 => format!("+7{national}"),
                1 => format!("8 ({area}) {a}-{b}-{c}"),
                2 => format!("+7 {area} {a} {b} {c}"),
                3 => format!("7{national}"),
                4 => national.to_string(),
                _ => format!("  8.{area}.{a}.{b}.{c}\u{a0}"),
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(512))]

            #[test]
            fn parsing_never_panics_and_a_number_is_always_plus_seven_and_ten_digits(
                input in prop_oneof![any::<String>(), "[+0-9 ()\\-.\u{a0}]{0,20}"],
            ) {
                if let Ok(phone) = Phone::parse(&input) {
                    let stored = phone.as_str();
                    prop_assert!(stored.starts_with("+7"), "{}", stored);
                    prop_assert_eq!(stored.len(), 12, "{}", stored);
                    prop_assert!(stored[2..].bytes().all(|b| b.is_ascii_digit()), "{}", stored);
                    let _ = (phone.display(), phone.masked());
                }
            }

            #[test]
            fn the_stored_and_displayed_forms_parse_back_to_the_same_phone(
                input in "[+]?[0-9 ()\\-]{0,20}",
            ) {
                if let Ok(phone) = Phone::parse(&input) {
                    prop_assert_eq!(Phone::parse(phone.as_str()), Ok(phone.clone()));
                    prop_assert_eq!(Phone::parse(&phone.display()), Ok(phone.clone()));
                }
            }

            #[test]
            fn every_spelling_of_a_number_gives_its_e164_form(
                national in "[0-9]{10}",
                style in any::<u8>(),
            ) {
                let text = written(&national, style);
                let expected = format!("+7{national}");
                let parsed = Phone::parse(&text).map(|phone| phone.as_str().to_string());
                prop_assert_eq!(parsed, Ok(expected), "{}", text);
            }

            #[test]
            fn a_local_number_gets_the_city_area_code(local in "[0-9]{3}-[0-9]{2}-[0-9]{2}") {
                let digits: String = local.chars().filter(char::is_ascii_digit).collect();
                let expected = format!("+7347{digits}");
                let parsed = Phone::parse(&local).map(|phone| phone.as_str().to_string());
                prop_assert_eq!(parsed, Ok(expected));
            }

            #[test]
            fn a_letter_anywhere_is_a_bad_character(
                national in "[0-9]{10}",
                at in 0usize..=10,
                letter in "[a-zA-Zа-яА-Я]",
            ) {
                let mut text = national.clone();
                text.insert_str(at, &letter);
                prop_assert_eq!(Phone::parse(&text), Err(PhoneError::BadCharacter));
            }
        }
    }
}
