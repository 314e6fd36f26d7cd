//! The demo's Ufa: seven districts, real street names (from news reports, see
//! `shared/data/ufa`), real organization names, and ~2,000 buildings.

use domain::district::DistrictId;
use domain::organization::OrganizationId;
use rand::Rng;
use rand::rngs::StdRng;
use store::building::BuildingRecord;

/// District, its share of the city's buildings, its streets, and its heat supplier.
pub(super) struct DistrictPlan {
    pub name: &'static str,
    pub share: f64,
    pub streets: &'static [&'static str],
    pub heat_supplier: usize,
    pub management_companies: &'static [usize],
}

pub(super) const HEAT_SUPPLIERS: [(&str, &str); 2] = [
    ("ООО «БашРТС»", "8 (800) 511-30-15"),
    ("МУП «Уфимские инженерные сети»", "8 (800) 250-52-80"),
];

/// Management companies: the district УЖХ, then companies working across districts.
pub(super) const MANAGEMENT_COMPANIES: [&str; 13] = [
    "УЖХ Демского района",
    "УЖХ Калининского района",
    "АО «УЖХ Кировского района г. Уфы»",
    "ТЖХ Ленинского района",
    "УЖХ Октябрьского района",
    "УЖХ Орджоникидзевского района",
    "УЖХ Советского района",
    "ООО «Моя Уфа»",
    "ООО «РДК»",
    "ООО «Уфажилком»",
    "ООО «УО Спектр»",
    "ЖЭУ-64",
    "ЖЭУ № 66",
];

/// Demo logins of the management companies, in the order above.
pub(super) const MANAGEMENT_COMPANY_LOGINS: [&str; 13] = [
    "uk.demsky",
    "uk.kalininsky",
    "uk.kirovsky",
    "uk.leninsky",
    "uk.oktyabrsky",
    "uk.ordzhonikidzevsky",
    "uk.sovetsky",
    "uk.moyaufa",
    "uk.rdk",
    "uk.ufazhilkom",
    "uk.spektr",
    "uk.zheu64",
    "uk.zheu66",
];
pub(super) const HEAT_SUPPLIER_LOGINS: [&str; 2] = ["rso.bashrts", "rso.uis"];
/// Demo logins of the district HQs, in the order of `DISTRICTS`.
pub(super) const DISTRICT_HQ_LOGINS: [&str; 7] = [
    "hq.demsky",
    "hq.kalininsky",
    "hq.kirovsky",
    "hq.leninsky",
    "hq.oktyabrsky",
    "hq.ordzhonikidzevsky",
    "hq.sovetsky",
];

pub(super) const DISTRICTS: [DistrictPlan; 7] = [
    DistrictPlan {
        name: "Дёмский",
        share: 0.07,
        streets: &[
            "ул. Правды",
            "ул. Дагестанская",
            "ул. Мусы Джалиля",
            "ул. Магистральная",
            "ул. Ухтомского",
            "ул. Грозненская",
            "ул. Левитана",
            "ул. Таллинская",
            "ул. Мажита Гафури",
            "ул. Взлётная",
        ],
        heat_supplier: 1,
        management_companies: &[0, 7],
    },
    DistrictPlan {
        name: "Калининский",
        share: 0.20,
        streets: &[
            "ул. Гвардейская",
            "ул. Касимовская",
            "ул. Кольцевая",
            "ул. Коммунальная",
            "ул. Коммунаров",
            "ул. Октябрьская",
            "ул. Северная",
            "ул. Центральная",
            "ул. Черниковская",
            "ул. Интернациональная",
            "ул. Машиностроителей",
            "ул. Нежинская",
            "ул. Первомайская",
            "ул. Ульяновых",
            "ул. Победы",
            "ул. Богдана Хмельницкого",
            "ул. Сагита Агиша",
            "бульвар Хадии Давлетшиной",
        ],
        heat_supplier: 0,
        management_companies: &[1, 10, 7],
    },
    DistrictPlan {
        name: "Кировский",
        share: 0.15,
        streets: &[
            "ул. Авроры",
            "ул. Батырская",
            "ул. Гоголя",
            "ул. Карла Маркса",
            "ул. Коммунистическая",
            "ул. Менделеева",
            "ул. Мингажева",
            "ул. Пушкина",
            "ул. Свердлова",
            "ул. Чернышевского",
            "ул. Ленина",
            "ул. Караидельская",
            "Дуванский бульвар",
            "ул. Большая Московская",
            "ул. Генерала Горбатова",
            "ул. Кавказская",
            "ул. Софьи Перовской",
            "ул. Степана Кувыкина",
        ],
        heat_supplier: 1,
        management_companies: &[2, 8, 11],
    },
    DistrictPlan {
        name: "Ленинский",
        share: 0.09,
        streets: &[
            "ул. Мустая Карима",
            "ул. Чкалова",
            "ул. Белорецкая",
            "ул. Витебская",
            "ул. Перевалочная",
            "ул. 2-я Карьерная",
            "ул. Аксакова",
            "ул. Тукаева",
            "ул. Новомостовая",
            "ул. Шафиева",
        ],
        heat_supplier: 1,
        management_companies: &[3, 9],
    },
    DistrictPlan {
        name: "Октябрьский",
        share: 0.20,
        streets: &[
            "проспект Октября",
            "ул. Российская",
            "бульвар Давлеткильдиева",
            "бульвар Тюлькина",
            "ул. Зорге",
            "ул. Парковая",
            "ул. Энтузиастов",
            "ул. Комсомольская",
            "ул. Бакалинская",
            "ул. Гагарина",
            "ул. Менделеева",
            "ул. Лесотехникума",
            "ул. Маршала Жукова",
            "ул. Академика Королёва",
            "ул. Бикбая",
            "ул. Рихарда Зорге",
        ],
        heat_supplier: 0,
        management_companies: &[4, 7, 12],
    },
    DistrictPlan {
        name: "Орджоникидзевский",
        share: 0.16,
        streets: &[
            "ул. Жигулёвская",
            "ул. Борисоглебская",
            "ул. Кемеровская",
            "ул. Кольцевая",
            "ул. Комарова",
            "ул. Конституции",
            "ул. Пинского",
            "ул. Садовая",
            "ул. Свободы",
            "ул. Чукотская",
            "ул. Калинина",
            "ул. Невского",
            "ул. Мира",
            "ул. Ульяновых",
        ],
        heat_supplier: 0,
        management_companies: &[5, 7],
    },
    DistrictPlan {
        name: "Советский",
        share: 0.13,
        streets: &[
            "ул. Степана Злобина",
            "ул. 50-летия Октября",
            "ул. Менделеева",
            "ул. Революционная",
            "ул. Бессонова",
            "ул. Айская",
            "ул. Зенцова",
            "ул. Кирова",
            "ул. Ленина",
            "ул. Рабкоров",
        ],
        heat_supplier: 1,
        management_companies: &[6, 8, 7],
    },
];

pub(super) const TOTAL_BUILDINGS: usize = 2000;

/// The buildings of one district: house numbers along its streets, some with a
/// letter, a corner (slash) number or a корпус, as Ufa numbers them.
pub(super) fn buildings(
    rng: &mut StdRng,
    plan: &DistrictPlan,
    district_id: DistrictId,
    management_companies: &[OrganizationId],
    heat_suppliers: &[OrganizationId],
) -> Vec<BuildingRecord> {
    let count = (TOTAL_BUILDINGS as f64 * plan.share).round() as usize;
    let per_street = count.div_ceil(plan.streets.len());
    let mut out = Vec::with_capacity(count);
    'streets: for street in plan.streets {
        let mut number = 1;
        for _ in 0..per_street {
            if out.len() == count {
                break 'streets;
            }
            number += rng.random_range(1..4);
            let house = match rng.random_range(0..20) {
                0 => format!("{number}а"),
                1 => format!("{number}/{}", rng.random_range(1..4)),
                2 => format!("{number} к. {}", rng.random_range(1..3)),
                _ => number.to_string(),
            };
            let address = format!("{street}, д. {house}");
            let mc =
                plan.management_companies[rng.random_range(0..plan.management_companies.len())];
            out.push(BuildingRecord {
                key: crate::app::address::building_key(&address),
                address,
                district_id,
                management_company_id: management_companies[mc],
                heat_supplier_id: heat_suppliers[plan.heat_supplier],
                latitude: None,
                longitude: None,
                apartments: Some([36, 60, 72, 80, 108, 144, 180][rng.random_range(0..7)]),
                year_built: Some(rng.random_range(1955..2022)),
            });
        }
    }
    out
}
