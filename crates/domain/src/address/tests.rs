use crate::address::{ParsedAddress, display, normalized_key, parse, parse_registry};

/// A compact form of a parsed address: `street / type / house key / кв N /
/// подъезд N / town`, leaving out parts that are absent.
fn summary(parsed: &ParsedAddress) -> String {
    let mut parts = vec![parsed.street().to_string()];
    parts.extend(parsed.street_type().map(|t| t.as_code().to_string()));
    parts.extend(parsed.house().map(|house| house.key()));
    parts.extend(
        parsed
            .apartment()
            .map(|apartment| format!("кв {apartment}")),
    );
    parts.extend(
        parsed
            .entrance()
            .map(|entrance| format!("подъезд {entrance}")),
    );
    parts.extend(parsed.locality().map(|town| format!("town {town}")));
    parts.join(" / ")
}

#[track_caller]
fn check(input: &str, expected: &str) {
    assert_eq!(summary(&parse(input)), expected, "input: {input}");
}

#[track_caller]
fn check_registry(input: &str, expected: &str) {
    assert_eq!(summary(&parse_registry(input)), expected, "input: {input}");
}

#[track_caller]
fn check_display(input: &str, expected: &str) {
    assert_eq!(display(&parse(input)), expected, "input: {input}");
}

#[track_caller]
fn check_same_key(a: &str, b: &str) {
    let key = normalized_key(a);
    assert!(key.is_some(), "no key for {a}");
    assert_eq!(key, normalized_key(b), "{a} vs {b}");
}

#[track_caller]
fn check_different_key(a: &str, b: &str) {
    assert_ne!(normalized_key(a), normalized_key(b), "{a} vs {b}");
}

#[test]
fn street_type_words_are_read_in_every_spelling_and_position() {
    check("ул. Ленина, 5", "ленина / street / 5");
    check("улица Ленина 5", "ленина / street / 5");
    check("Ленина ул 5", "ленина / street / 5");
    check("пр-т Октября 12", "октября / avenue / 12");
    check("проспект Октября 12", "октября / avenue / 12");
    check("пр. Октября 12", "октября / avenue / 12");
    check("б-р Тюлькина 3", "тюлькина / boulevard / 3");
    check(
        "бульвар Давлеткильдиева 3",
        "давлеткильдиева / boulevard / 3",
    );
    check("Лыжный пер. 4", "лыжный / lane / 4");
    check("Лыжный переулок 4", "лыжный / lane / 4");
    check("Выборгское ш. 106", "выборгское / highway / 106");
    check("Выборгское шоссе 106", "выборгское / highway / 106");
    check("пл. Ленина 1", "ленина / square / 1");
    check("наб. реки Карповки 15", "реки карповки / embankment / 15");
    check("Муринская дорога 59", "муринская / road / 59");
    check("Ленина 5", "ленина / 5");
}

#[test]
fn house_markers_apartments_and_entrances_are_read() {
    check("Ленина д. 5", "ленина / 5");
    check("Ленина дом 5", "ленина / 5");
    check("Ленина д5", "ленина / 5");
    check("Ленина 5-12", "ленина / 5 / кв 12");
    check("ул Ленина 5-12", "ленина / street / 5 / кв 12");
    check("Ленина 5 кв. 12", "ленина / 5 / кв 12");
    check("Ленина 5, квартира 12", "ленина / 5 / кв 12");
    check("Ленина 5 кв12", "ленина / 5 / кв 12");
    check("Ленина 5 12", "ленина / 5 / кв 12");
    check(
        "Ленина 5, подъезд 2, кв 40",
        "ленина / 5 / кв 40 / подъезд 2",
    );
    check("Ленина 5 2 подъезд", "ленина / 5 / подъезд 2");
    check("Ленина 5 2-й подъезд кв 7", "ленина / 5 / кв 7 / подъезд 2");
    check("Ленина 5, 3-й этаж", "ленина / 5");
    check("Ленина 5 кв 12 этаж 3", "ленина / 5 / кв 12");
}

#[test]
fn blocks_buildings_and_liters_are_parts_of_one_house() {
    check("Ленина 5 корп 1", "ленина / 5к1");
    check("Ленина 5к1", "ленина / 5к1");
    check("Ленина 5 к.1", "ленина / 5к1");
    check("Ленина 5 к 1", "ленина / 5к1");
    check("Ленина 5 корпус 1", "ленина / 5к1");
    check("Ленина 5, корп. 2, стр. 1", "ленина / 5к2с1");
    check("Ленина 5 строение 3", "ленина / 5с3");
    check("Ленина 5 с3", "ленина / 5с3");
    check("Ленина 5 лит. А", "ленина / 5ла");
    check("Ленина 5 литера Б", "ленина / 5лб");
    check("Лыжный пер 4 к1-12", "лыжный / lane / 4к1 / кв 12");
    check("Лыжный пер 4к1 кв 7", "лыжный / lane / 4к1 / кв 7");
}

#[test]
fn corner_numbers_and_letters_are_kept_apart_from_blocks() {
    check("Ленина 5/1", "ленина / 5/1");
    check("Ленина 5 / 1", "ленина / 5/1");
    check("Менделеева 173/2а", "менделеева / 173/2а");
    check("Кавказская 63а", "кавказская / 63а");
    check("Кавказская 63 А", "кавказская / 63а");
    check("Кавказская 63-а", "кавказская / 63а");
    check("Ленина 5к", "ленина / 5к");
    check(
        "проспект Октября 12/1 кв 5",
        "октября / avenue / 12/1 / кв 5",
    );
    check("пр. Октября д.12/1 кв 5", "октября / avenue / 12/1 / кв 5");
    check("Октября 12/1-5", "октября / 12/1 / кв 5");
    check("1-я Красноармейская 3-5-7-9", "1 красноармейская / 3-5-7-9");
}

#[test]
fn case_yo_and_punctuation_do_not_matter() {
    check("УЛ.ЛЕНИНА,Д.5", "ленина / street / 5");
    check("ул ленина д 5", "ленина / street / 5");
    check("Ковалёвская 24", "ковалевская / 24");
    check("  Ленина ,, 5 ", "ленина / 5");
    check("Ленина 5.", "ленина / 5");
    check("Ленина №5", "ленина / 5");
}

#[test]
fn ordinals_are_read_in_either_order_and_spelling() {
    check("2-я Карьерная 5", "2 карьерная / 5");
    check("Карьерная 2-я 5", "2 карьерная / 5");
    check("2я Карьерная 5", "2 карьерная / 5");
    check("ул. 2-я Карьерная, д. 5", "2 карьерная / street / 5");
    check("7-я Советская улица 15/19", "7 советская / street / 15/19");
    check("1-я линия В.О. 26", "1 во / line / 26");
    check("1 линия ВО 26", "1 во / line / 26");
    check("квартал 9-й 3", "9 / quarter / 3");
}

#[test]
fn numbers_inside_street_names_are_not_house_numbers() {
    check("ул. 50-летия Октября 5", "50 летия октября / street / 5");
    check("50-летия Октября 9/1", "50 летия октября / 9/1");
    check("ул. 8 Марта 12", "8 марта / street / 12");
    check("8 Марта 12", "8 марта / 12");
    check("ул. 8 Марта, д. 12", "8 марта / street / 12");
}

#[test]
fn initials_and_hyphenated_names_stay_in_the_street() {
    check("ул. К. Маркса 5 к 1", "к маркса / street / 5к1");
    check("Б. Московская 42", "б московская / 42");
    check(
        "ул. Римского-Корсакова 3",
        "римского корсакова / street / 3",
    );
    check("Большой пр. В.О. 7", "большой во / avenue / 7");
    check("Большой П.С. 41", "большой пс / 41");
    check("пр. Большой В.О. д.55", "большой во / avenue / 55");
    check("Парадная 3 к2, парадная 4", "парадная / 3к2 / подъезд 4");
    check("Большой П.С. пр., 41 к 2", "большой пс / avenue / 41к2");
}

#[test]
fn cities_and_regions_are_dropped_and_towns_kept() {
    check("г. Уфа, ул. Ленина, 5", "ленина / street / 5");
    check("Уфа Ленина 5", "ленина / 5");
    check("РБ, г Уфа, ул Ленина 5", "ленина / street / 5");
    check(
        "г.Санкт-Петербург, Лыжный переулок, дом 4",
        "лыжный / lane / 4",
    );
    check(
        "город Пушкин, Оранжерейная улица, дом 13/52",
        "оранжерейная / street / 13/52 / town пушкин",
    );
    check("пос Шушары Галицкая 12 к4", "галицкая / 12к4 / town шушары");
}

#[test]
fn two_type_words_make_one_a_name() {
    check("Набережная улица 3", "набережная / street / 3");
    check("ул. Набережная 3", "набережная / street / 3");
    check("Набережная 3", "набережная / 3");
}

#[test]
fn incomplete_addresses_keep_what_they_have() {
    check("", "");
    check("Ленина", "ленина");
    check("ул. Ленина", "ленина / street");
    check("д. 5", " / 5");
    check("5", " / 5");
}

#[test]
fn registry_lines_read_dashes_as_spans() {
    check_registry(
        "г.Санкт-Петербург, Апраксин переулок, дом 10-12, литера Б",
        "апраксин / lane / 10-12лб",
    );
    check_registry(
        "г.Санкт-Петербург, Мебельная улица, дом 47, корпус 1, литера А",
        "мебельная / street / 47к1ла",
    );
    check_registry(
        "г.Санкт-Петербург, улица Коллонтай, дом 16а, литера А",
        "коллонтай / street / 16ала",
    );
    check_registry(
        "г.Санкт-Петербург, 7-я линия В.О., дом 16-18, литера А",
        "7 во / line / 16-18ла",
    );
    check_registry(
        "г.Санкт-Петербург, Звенигородская улица, дом 9-11-13, литера К",
        "звенигородская / street / 9-11-13лк",
    );
    check_registry(
        "г.Санкт-Петербург, проспект Героев, дом 32, строение 1",
        "героев / avenue / 32с1",
    );
    check_registry(
        "муниципальный округ Рыбацкое, территория Усть-Славянка, Советский проспект, дом 34, корпус 2, строение 1",
        "советский / avenue / 34к2с1",
    );
    check_registry(
        "посёлок Шушары, Славянка, Галицкая улица, дом 12, корпус 4, литера А",
        "галицкая / street / 12к4ла / town шушары",
    );
    check_registry(
        "г.Санкт-Петербург, Алтайская улица, дом 7, литера Б1",
        "алтайская / street / 7лб1",
    );
}

#[test]
fn display_gives_the_normalized_form() {
    check_display("ленина 5 корп 1", "Ленина, д. 5 к. 1");
    check_display("ул ленина д5 к1", "ул. Ленина, д. 5 к. 1");
    check_display("пр. Октября д.12/1 кв 5", "пр-т Октября, д. 12/1, кв. 5");
    check_display(
        "Лыжный переулок, дом 4, корпус 1, литера А",
        "пер. Лыжный, д. 4 к. 1 лит. А",
    );
    check_display("ул. 2-я Карьерная 5", "ул. 2-я Карьерная, д. 5");
    check_display("наб. реки Карповки 15/14", "наб. реки Карповки, д. 15/14");
    check_display("1-я линия В.О. 26", "линия 1-я В.О., д. 26");
}

#[test]
fn normalized_keys_match_spellings_of_one_building() {
    check_same_key("ул. Ленина, д. 5 к. 1", "Ленина 5к1");
    check_same_key("улица Ленина дом 5 корпус 1", "ЛЕНИНА УЛ 5 К.1");
    check_same_key("Ковалёвская улица, дом 24", "ул. Ковалевская 24");
    check_same_key("2-я Карьерная 5", "Карьерная 2-я, д. 5");
    check_same_key("г. Уфа, ул. Ленина, 5", "Ленина 5");
    check_same_key(
        "2-й Муринский проспект, дом 49, литера А",
        "2-й Муринский пр., 49",
    );
    check_same_key("Апраксин переулок, дом 10-12", "Апраксин пер. 10-12");
    check_different_key("Алтайская улица, дом 7, литера Б", "Алтайская улица, дом 7");
    check_different_key("Ленина 5/1", "Ленина 5 к1");
    check_different_key("Ленина 5", "Ленина 5а");
    check_different_key("пр. Ленина 5", "ул. Ленина 5");
    check_different_key("город Пушкин, Садовая 5", "Садовая 5");
    assert_eq!(normalized_key("Ленина"), None);
}

#[test]
fn long_runs_of_plots_and_type_words_keep_their_order() {
    // Both runs were read in quadratic time: a 64 KiB line took seconds.
    let plots: Vec<String> = (1..=5000).map(|n| n.to_string()).collect();
    let parsed = parse_registry(&format!("Ленина {}", plots.join("-")));
    let house = parsed.house().unwrap();
    assert_eq!(house.number(), 1);
    assert_eq!(house.span(), Some(plots[1..].join("-").as_str()));

    let parsed = parse(&format!("{}Ленина 5", "ул пер ".repeat(2500)));
    let words: Vec<&str> = parsed.street().split(' ').collect();
    assert_eq!(
        parsed.street_type(),
        Some(crate::address::StreetType::Street)
    );
    assert_eq!(words.len(), 5000);
    assert_eq!(words[..3], ["пер", "ул", "пер"]);
    assert_eq!(words[4998..], ["пер", "ленина"]);
    check(
        "Большая ул Набережная пер Тестовая 5",
        "большая набережная пер тестовая / street / 5",
    );
}
