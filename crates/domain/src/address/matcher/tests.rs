use crate::address::matcher::{AUTO_PICK_CONFIDENCE, AddressIndex, Candidate, auto_pick};
use crate::building::BuildingId;

/// Real registry lines: St Petersburg from the city portal's appeals, Ufa from
/// local news (see `shared/data/*/SOURCE.md`). A building's id is its position + 1.
const REGISTRY: &[&str] = &[
    "г.Санкт-Петербург, Лыжный переулок, дом 4, корпус 1, литера А",
    "г.Санкт-Петербург, Лыжный переулок, дом 8, корпус 1, литера А",
    "г.Санкт-Петербург, Таврическая улица, дом 27, литера Б",
    "г.Санкт-Петербург, Апраксин переулок, дом 10-12, литера А",
    "г.Санкт-Петербург, Апраксин переулок, дом 10-12, литера Б",
    "г.Санкт-Петербург, Апраксин переулок, дом 11, литера А",
    "г.Санкт-Петербург, Курляндская улица, дом 29, литера А",
    "г.Санкт-Петербург, Курляндская улица, дом 29-31, литера А",
    "г.Санкт-Петербург, 1-я линия В.О., дом 26, литера А",
    "г.Санкт-Петербург, 11-я линия В.О., дом 24, литера А",
    "г.Санкт-Петербург, 2-я Советская улица, дом 18, литера Б",
    "г.Санкт-Петербург, 2-я Советская улица, дом 18, литера В",
    "г.Санкт-Петербург, 3-я Советская улица, дом 12, литера А",
    "г.Санкт-Петербург, Ковалёвская улица, дом 10, литера А",
    "г.Санкт-Петербург, улица Софьи Ковалевской, дом 10, литера А",
    "г.Санкт-Петербург, улица Коллонтай, дом 16, корпус 1, литера А",
    "г.Санкт-Петербург, улица Коллонтай, дом 16а, литера А",
    "г.Санкт-Петербург, Алтайская улица, дом 7, литера А",
    "г.Санкт-Петербург, Алтайская улица, дом 7, литера Б",
    "г.Санкт-Петербург, Большой проспект П.С., дом 41, литера А",
    "г.Санкт-Петербург, Большая Московская улица, дом 7, литера А",
    "г.Санкт-Петербург, Малая Московская улица, дом 6/7, литера А",
    "город Пушкин, Московская улица, дом 10, литера А",
    "г.Санкт-Петербург, улица Ленина, дом 25, литера А",
    "город Зеленогорск, проспект Ленина, дом 25, литера А",
    "город Колпино, проспект Ленина, дом 22, литера А",
    "город Кронштадт, проспект Ленина, дом 22, литера А",
    "г.Санкт-Петербург, проспект Героев, дом 32, строение 1",
    "г.Санкт-Петербург, Английская набережная, дом 22, литера А",
    "г.Санкт-Петербург, Английский проспект, дом 22, литера А",
    "ул. Борисоглебская, 5",
    "ул. Борисоглебская, 5/1",
    "ул. Кольцевая, 33",
    "ул. Кольцевая, 33а",
    "ул. Кольцевая, 33б",
    "ул. Менделеева, 173/2а",
    "пр. Октября, 26",
    "ул. 50-летия Октября, 9/1",
    "ул. Комарова, 34",
    "ул. Комарова, 34а",
    "ул. Машиностроителей, 4",
    "ул. Машиностроителей, 4/1",
    "ул. Машиностроителей, 4 к1",
    "ул. 2-я Карьерная, 5",
    "ул. Карьерная, 5",
];

/// What a query must give.
#[derive(Debug)]
enum Expect {
    /// This registry line, auto-picked.
    Picked(&'static str),
    /// This registry line on top, but an operator must confirm.
    Offered(&'static str),
    /// Candidates, none auto-picked.
    Unsure,
    /// No candidates at all.
    Nothing,
}

fn index() -> AddressIndex {
    let entries = REGISTRY.iter().enumerate();
    AddressIndex::new(entries.map(|(idx, line)| (id(idx), line.to_string())))
}

fn id(idx: usize) -> BuildingId {
    BuildingId(i64::try_from(idx).unwrap() + 1)
}

fn id_of(line: &str) -> BuildingId {
    id(REGISTRY.iter().position(|known| *known == line).unwrap())
}

fn describe(candidates: &[Candidate]) -> Vec<String> {
    let line = |id: BuildingId| REGISTRY[usize::try_from(id.0 - 1).unwrap()];
    candidates
        .iter()
        .map(|c| format!("{} {:.2}", line(c.building_id), c.confidence))
        .collect()
}

#[track_caller]
fn check(query: &str, expected: Expect) {
    let candidates = index().resolve(query, 5);
    let picked = auto_pick(&candidates);
    let top = candidates.first().map(|candidate| candidate.building_id);
    let ok = match expected {
        Expect::Picked(line) => picked == Some(id_of(line)),
        Expect::Offered(line) => picked.is_none() && top == Some(id_of(line)),
        Expect::Unsure => picked.is_none() && !candidates.is_empty(),
        Expect::Nothing => candidates.is_empty(),
    };
    assert!(
        ok,
        "{query}: expected {expected:?}, got {:#?}",
        describe(&candidates)
    );
}

#[test]
fn official_and_colloquial_forms_find_the_building() {
    let lane = "г.Санкт-Петербург, Лыжный переулок, дом 4, корпус 1, литера А";
    check(
        "Лыжный переулок, дом 4, корпус 1, литера А",
        Expect::Picked(lane),
    );
    check("Лыжный пер 4 к1", Expect::Picked(lane));
    check("пер. Лыжный, д. 4, корп. 1", Expect::Picked(lane));
    check("лыжный 4к1-12", Expect::Picked(lane));
    check("Лыжный 4 корпус 1 кв 7", Expect::Picked(lane));
    check(
        "г. Санкт-Петербург, Лыжный пер., 4 к.1",
        Expect::Picked(lane),
    );
}

#[test]
fn ufa_forms_find_the_building() {
    check(
        "проспект Октября 26 кв 5",
        Expect::Picked("пр. Октября, 26"),
    );
    check("пр-т Октября д.26", Expect::Picked("пр. Октября, 26"));
    check("Октября 26-14", Expect::Picked("пр. Октября, 26"));
    check(
        "50-летия Октября 9/1",
        Expect::Picked("ул. 50-летия Октября, 9/1"),
    );
    check(
        "ул Менделеева 173/2А",
        Expect::Picked("ул. Менделеева, 173/2а"),
    );
    check(
        "Уфа, Борисоглебская 5-12",
        Expect::Picked("ул. Борисоглебская, 5"),
    );
}

#[test]
fn typos_and_yo_are_forgiven() {
    check("Лыжнй пер 4 к1", Expect::Picked(REGISTRY[0]));
    check(
        "Курлядская 29",
        Expect::Picked("г.Санкт-Петербург, Курляндская улица, дом 29, литера А"),
    );
    check(
        "Коваловская 10",
        Expect::Picked("г.Санкт-Петербург, Ковалёвская улица, дом 10, литера А"),
    );
    check(
        "Ковалевская 10",
        Expect::Picked("г.Санкт-Петербург, Ковалёвская улица, дом 10, литера А"),
    );
    check(
        "Софьи Ковалевской 10",
        Expect::Picked("г.Санкт-Петербург, улица Софьи Ковалевской, дом 10, литера А"),
    );
    check("Менделева 173/2а", Expect::Picked("ул. Менделеева, 173/2а"));
    check(
        "Машинотроителей 4",
        Expect::Picked("ул. Машиностроителей, 4"),
    );
}

#[test]
fn corner_numbers_blocks_and_letters_are_different_buildings() {
    check("Борисоглебская 5", Expect::Picked("ул. Борисоглебская, 5"));
    check(
        "Борисоглебская 5/1",
        Expect::Picked("ул. Борисоглебская, 5/1"),
    );
    check(
        "Машиностроителей 4/1",
        Expect::Picked("ул. Машиностроителей, 4/1"),
    );
    check(
        "Машиностроителей 4 к1",
        Expect::Picked("ул. Машиностроителей, 4 к1"),
    );
    check(
        "Машиностроителей 4к1",
        Expect::Picked("ул. Машиностроителей, 4 к1"),
    );
    check("Кольцевая 33", Expect::Picked("ул. Кольцевая, 33"));
    check("Кольцевая 33а", Expect::Picked("ул. Кольцевая, 33а"));
    check("Кольцевая 33 Б", Expect::Picked("ул. Кольцевая, 33б"));
    check("Комарова 34-А", Expect::Picked("ул. Комарова, 34а"));
    check(
        "Коллонтай 16а",
        Expect::Picked("г.Санкт-Петербург, улица Коллонтай, дом 16а, литера А"),
    );
    check(
        "Коллонтай 16 к1",
        Expect::Picked("г.Санкт-Петербург, улица Коллонтай, дом 16, корпус 1, литера А"),
    );
}

#[test]
fn literas_are_optional_unless_they_tell_buildings_apart() {
    check(
        "Таврическая 27",
        Expect::Picked("г.Санкт-Петербург, Таврическая улица, дом 27, литера Б"),
    );
    check(
        "Алтайская 7",
        Expect::Offered("г.Санкт-Петербург, Алтайская улица, дом 7, литера А"),
    );
    check(
        "Алтайская 7 лит. Б",
        Expect::Picked("г.Санкт-Петербург, Алтайская улица, дом 7, литера Б"),
    );
    check(
        "Алтайская 7Б",
        Expect::Picked("г.Санкт-Петербург, Алтайская улица, дом 7, литера Б"),
    );
    check("2-я Советская 18", Expect::Unsure);
    check(
        "2-я Советская 18 литера В",
        Expect::Picked("г.Санкт-Петербург, 2-я Советская улица, дом 18, литера В"),
    );
}

#[test]
fn ordinals_and_initials_are_read_in_any_order() {
    check("Карьерная 2-я, 5", Expect::Picked("ул. 2-я Карьерная, 5"));
    check("2я карьерная 5", Expect::Picked("ул. 2-я Карьерная, 5"));
    check("Карьерная 5", Expect::Picked("ул. Карьерная, 5"));
    check(
        "3-я Советская 12",
        Expect::Picked("г.Санкт-Петербург, 3-я Советская улица, дом 12, литера А"),
    );
    check(
        "1 линия ВО 26",
        Expect::Picked("г.Санкт-Петербург, 1-я линия В.О., дом 26, литера А"),
    );
    check(
        "1-я линия 26",
        Expect::Picked("г.Санкт-Петербург, 1-я линия В.О., дом 26, литера А"),
    );
    check("11-я линия 26", Expect::Unsure);
    check(
        "Большой П.С. 41",
        Expect::Picked("г.Санкт-Петербург, Большой проспект П.С., дом 41, литера А"),
    );
    check(
        "Б. Московская 7",
        Expect::Picked("г.Санкт-Петербург, Большая Московская улица, дом 7, литера А"),
    );
}

#[test]
fn a_dash_is_an_apartment_or_a_registry_span() {
    check(
        "Курляндская 29-15",
        Expect::Picked("г.Санкт-Петербург, Курляндская улица, дом 29, литера А"),
    );
    check("Курляндская 29-31", Expect::Unsure);
    check(
        "Курляндская 29 кв 31",
        Expect::Picked("г.Санкт-Петербург, Курляндская улица, дом 29, литера А"),
    );
    check(
        "Апраксин переулок 10-12 лит А",
        Expect::Picked("г.Санкт-Петербург, Апраксин переулок, дом 10-12, литера А"),
    );
}

#[test]
fn type_words_disambiguate_when_given() {
    check("Ленина 25", Expect::Unsure);
    check(
        "ул. Ленина 25",
        Expect::Picked("г.Санкт-Петербург, улица Ленина, дом 25, литера А"),
    );
    check(
        "пр. Ленина 25",
        Expect::Picked("город Зеленогорск, проспект Ленина, дом 25, литера А"),
    );
    check("пр. Ленина 22", Expect::Unsure);
    check(
        "г. Колпино, пр. Ленина 22",
        Expect::Picked("город Колпино, проспект Ленина, дом 22, литера А"),
    );
    check(
        "Героев 32 стр 1",
        Expect::Picked("г.Санкт-Петербург, проспект Героев, дом 32, строение 1"),
    );
}

#[test]
fn a_house_missing_from_the_registry_is_offered_but_never_picked() {
    check("Лыжный пер 6", Expect::Unsure);
    check("Лыжный пер 4 к2", Expect::Unsure);
    check("Борисоглебская 5/2", Expect::Unsure);
    check("Комарова 34б", Expect::Unsure);
    check("Октября 27", Expect::Unsure);
    check("Кольцевая", Expect::Unsure);
}

#[test]
fn unknown_streets_give_nothing_or_nothing_sure() {
    check("Зуркатная 5", Expect::Nothing);
    check("Тверская 12", Expect::Nothing);
    check("", Expect::Nothing);
    check("5-12", Expect::Nothing);
    check(
        "Московская 10",
        Expect::Picked("город Пушкин, Московская улица, дом 10, литера А"),
    );
    check("Московская 7", Expect::Unsure);
}

#[test]
fn confidence_is_high_only_for_an_exact_match() {
    let index = index();
    let exact = index.resolve("Лыжный пер 4 к1", 2);
    assert!(exact[0].confidence >= 0.99);
    let typo = index.resolve("Лыжнй пер 4 к1", 2);
    assert!(typo[0].confidence >= AUTO_PICK_CONFIDENCE && typo[0].confidence < 0.99);
    let missing = index.resolve("Лыжный пер 6", 5);
    assert!(missing.iter().all(|c| c.confidence < 0.5));
}

#[test]
fn the_index_lists_lines_it_cannot_read() {
    let index = AddressIndex::new([
        (BuildingId(1), "ул. Ленина, 5".to_string()),
        (
            BuildingId(2),
            "город Петергоф, Луговой парк, литера А".to_string(),
        ),
        (BuildingId(3), "".to_string()),
    ]);
    assert_eq!(index.len(), 1);
    assert_eq!(index.unindexed(), &[BuildingId(2), BuildingId(3)]);
}
