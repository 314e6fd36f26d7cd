use std::sync::LazyLock;

use crate::category::Category;
use crate::category_suggestion::{CategoryModel, examples_seeded};

static SEEDED: LazyLock<CategoryModel> = LazyLock::new(CategoryModel::seeded);

/// The seeded model's best guess for a description it was not trained on.
#[track_caller]
fn check(text: &str, expected: Category) {
    let ranked = SEEDED.suggest(text);
    assert_eq!(ranked[0].0, expected, "{text:?}: {ranked:?}");
}

#[track_caller]
fn check_reasons(text: &str, category: Category, expected_first: &str) {
    let reasons = SEEDED.reasons(text, category);
    assert_eq!(
        reasons.first().map(|(word, _)| word.as_str()),
        Some(expected_first),
        "{reasons:?}"
    );
}

#[test]
fn no_heat_descriptions_are_suggested_no_heat() {
    check("У нас дома холодно, батареи чуть тёплые", Category::NoHeat);
    check("третий день не топят", Category::NoHeat);
    check("в квартире 15 градусов", Category::NoHeat);
    check("отопления нет, дети болеют", Category::NoHeat);
    check("радиатор в спальне совсем холодный", Category::NoHeat);
    check("Низкая температура в подъезде", Category::NoHeat);
    check("батаеи халодные", Category::NoHeat);
}

#[test]
fn air_lock_descriptions_are_suggested_air_lock() {
    check("булькает в батарее", Category::AirLock);
    check("завоздушило стояк, не греет", Category::AirLock);
    check("батарея внизу горячая а сверху холодная", Category::AirLock);
    check("надо спустить воздух", Category::AirLock);
    check("завоздушыло", Category::AirLock);
}

#[test]
fn overheating_descriptions_are_suggested_overheating() {
    check("Жара в квартире, батареи огненные", Category::Overheating);
    check("перетоп, в комнате 29 градусов", Category::Overheating);
    check("слишком жарко спать невозможно", Category::Overheating);
    check("батареи раскалены", Category::Overheating);
}

#[test]
fn billing_descriptions_are_suggested_billing() {
    check("Пришла огромная квитанция за отопление", Category::Billing);
    check("хочу перерасчёт", Category::Billing);
    check("начислили неправильно", Category::Billing);
    check("переплата в платёжке", Category::Billing);
    check("пересчитайте плату за тепло", Category::Billing);
}

#[test]
fn leak_descriptions_are_suggested_leak() {
    check("Течёт батарея на кухне!", Category::Leak);
    check("прорвало трубу в подвале", Category::Leak);
    check("с радиатора капает вода", Category::Leak);
    check("затопили соседей", Category::Leak);
    check("протечка батареи в подъезде", Category::Leak);
    check("тичёт труба", Category::Leak);
}

#[test]
fn hot_water_descriptions_are_suggested_hot_water() {
    check("Из крана идёт еле тёплая вода", Category::HotWater);
    check("горячей воды нет с утра", Category::HotWater);
    check("вода ржавая из горячего крана", Category::HotWater);
    check("слабый напор горячей", Category::HotWater);
    check("полотенцесушитель ледяной", Category::HotWater);
}

#[test]
fn other_descriptions_are_suggested_other() {
    check("в подъезде не работает лифт", Category::Other);
    check("порвана изоляция на трубе", Category::Other);
    check("сломан домофон", Category::Other);
}

#[test]
fn scores_are_ranked_and_sum_to_one() {
    for text in [
        "течёт батарея",
        "",
        "абракадабра",
        "нет горячей воды, батареи холодные",
    ] {
        let ranked = SEEDED.suggest(text);
        assert_eq!(ranked.len(), Category::ALL.len());
        let sum: f64 = ranked.iter().map(|(_, score)| score).sum();
        assert!((sum - 1.0).abs() < 1e-9, "{text:?} sums to {sum}");
        assert!(
            ranked.windows(2).all(|pair| pair[0].1 >= pair[1].1),
            "{ranked:?}"
        );
    }
}

#[test]
fn a_text_of_unknown_words_gets_the_priors() {
    let ranked = SEEDED.suggest("абракадабра");
    assert!(ranked[0].1 < 0.2, "{ranked:?}");
}

#[test]
fn an_untrained_model_suggests_nothing() {
    assert!(CategoryModel::train([]).suggest("течёт батарея").is_empty());
}

#[test]
fn only_categories_with_examples_are_suggested() {
    let model = CategoryModel::train([("течёт", Category::Leak), ("холодно", Category::NoHeat)]);
    let ranked = model.suggest("течёт труба");
    let categories: Vec<Category> = ranked.iter().map(|(category, _)| *category).collect();
    assert_eq!(categories, [Category::Leak, Category::NoHeat]);
}

#[test]
fn operators_saved_tickets_teach_the_model_new_words() {
    let text = "щиток искрит в подъезде";
    let saved = [
        ("искрит щиток", Category::Other),
        ("щиток в подъезде искрит", Category::Other),
        ("в щитке искры", Category::Other),
    ];
    let retrained = CategoryModel::train(examples_seeded().chain(saved));
    assert_eq!(retrained.suggest(text)[0].0, Category::Other);
    assert_eq!(retrained.n_examples(), SEEDED.n_examples() + 3);
}

#[test]
fn reasons_name_the_words_that_point_to_a_category() {
    check_reasons("в квартире течёт батарея", Category::Leak, "течет");
    check_reasons(
        "пришла квитанция, большая сумма",
        Category::Billing,
        "квитанция",
    );
    check_reasons("батареи холодные", Category::NoHeat, "холодные");
    assert!(SEEDED.reasons("в на и", Category::Leak).is_empty());
}

#[test]
fn the_seeded_list_has_a_few_hundred_examples() {
    let n = examples_seeded().count();
    assert!((300..=400).contains(&n), "{n}");
}
