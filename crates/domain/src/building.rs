//! Buildings of the address registry: the unit of routing and repeat detection.

use crate::district::DistrictId;
use crate::organization::OrganizationId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BuildingId(pub i64);

/// A registry building with the organizations responsible for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Building {
    pub id: BuildingId,
    /// The address as displayed, e.g. «ул. Ленина, 5».
    pub address: String,
    pub district_id: DistrictId,
    pub management_company_id: OrganizationId,
    pub heat_supplier_id: OrganizationId,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub apartments: Option<i64>,
    pub year_built: Option<i64>,
}

/// Folds an address or a name for matching: lowercase, `ё` → `е`, punctuation
/// to single spaces. Both databases search this form, since SQLite's `lower()`
/// folds ASCII only.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for ch in text.chars().flat_map(char::to_lowercase) {
        let ch = if ch == 'ё' { 'е' } else { ch };
        if ch.is_alphanumeric() {
            out.push(ch);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(input: &str, expected: &str) {
        assert_eq!(fold(input), expected);
    }

    #[test]
    fn folding_lowercases_and_drops_punctuation() {
        check("ул. Ленина, д.5", "ул ленина д 5");
        check("  Пр-т  Октября 12/1 ", "пр т октября 12 1");
        check("Дёмский", "демский");
        check("", "");
    }
}
