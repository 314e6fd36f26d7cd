//! The words of Russian addresses that are not street names: markers of house
//! parts, locality and region words, ordinal endings. Words arrive folded
//! (lowercase, `ё` → `е`, no dots).

/// A word announcing the value that follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Marker {
    /// `д.`, `дом`.
    House,
    /// `к.`, `корп.`, `корпус`.
    Block,
    /// `стр.`, `с.`, `строение`.
    Building,
    /// `лит.`, `литера`.
    Liter,
    /// `кв.`, `квартира`.
    Apartment,
    /// `подъезд`.
    Entrance,
    /// `этаж`: read and dropped.
    Floor,
    /// `г.`, `город`, `пос.`: the next word names a town.
    Locality,
}

/// The marker a word stands for, if any.
pub(super) fn marker(word: &str) -> Option<Marker> {
    let marker = match word {
        "д" | "дом" => Marker::House,
        "к" | "корп" | "корпус" | "кор" | "крп" => Marker::Block,
        "с" | "стр" | "строен" | "строение" => Marker::Building,
        "лит" | "литер" | "литера" | "лит-ра" | "литеры" => Marker::Liter,
        "кв" | "квар" | "кварт" | "квартира" => Marker::Apartment,
        "подъезд" | "подьезд" | "под" | "пд" | "парадная" | "пар" => {
            Marker::Entrance
        }
        "этаж" | "эт" => Marker::Floor,
        "г" | "гор" | "город" | "пос" | "поселок" | "пгт" | "дер" | "деревня" | "село" => {
            Marker::Locality
        }
        _ => return None,
    };
    Some(marker)
}

/// Words dropped wherever they stand: the country, region and city, and
/// administrative parts that never tell two streets apart.
pub(super) fn is_noise(word: &str) -> bool {
    matches!(
        word,
        "россия"
            | "рф"
            | "республика"
            | "респ"
            | "башкортостан"
            | "башкирия"
            | "рб"
            | "область"
            | "обл"
            | "район"
            | "р-н"
            | "муниципальный"
            | "округ"
            | "мо"
            | "территория"
            | "тер"
            | "им"
            | "имени"
            | "адрес"
    ) || is_home_city(word)
}

/// The cities whose registries Heatline serves; naming them says nothing about
/// the building. A town inside a registry (Пушкин, Колпино) is kept as locality.
pub(super) fn is_home_city(word: &str) -> bool {
    matches!(
        word,
        "уфа" | "санкт-петербург" | "санкт" | "петербург" | "спб" | "питер"
    )
}

/// Endings that make a number an ordinal street name part: `2-я`, `1-й`, `3я`.
pub(super) fn is_ordinal_suffix(word: &str) -> bool {
    matches!(
        word,
        "я" | "й" | "ая" | "ой" | "ий" | "ый" | "ья" | "го" | "е" | "ое"
    )
}
