//! Texts of the outage pages.

use domain::heating_interruption::IndoorBand;
use domain::outage::{BreachKind, OutageStatus};

use crate::web::i18n::{Locale, Tr};

/// Fixed texts of the outage pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutageMsg {
    Outages,
    Outage,
    NewOutage,
    Register,
    Reason,
    StartsAt,
    ExpectedEndAt,
    EndedAt,
    IndoorTemperature,
    IndoorTemperatureHint,
    Buildings,
    BuildingIds,
    BuildingIdsHint,
    Street,
    StreetHint,
    Supplier,
    SupplierHint,
    PickOneWay,
    LinkedTickets,
    OpenTickets,
    Interruption,
    Hours,
    Limit,
    OverLimit,
    LimitEndsAt,
    Breaches,
    NoBreaches,
    BreachKindLabel,
    Month,
    Restore,
    RestoreComment,
    Nothing,
    ReadOnly,
    Errors,
    HoursUnit,
}

impl Tr {
    pub fn outage(&self, msg: OutageMsg) -> &'static str {
        let (ru, en) = match msg {
            OutageMsg::Outages => ("Отключения", "Outages"),
            OutageMsg::Outage => ("Отключение", "Outage"),
            OutageMsg::NewOutage => ("Зарегистрировать отключение", "Register an outage"),
            OutageMsg::Register => ("Зарегистрировать", "Register"),
            OutageMsg::Reason => ("Причина", "Reason"),
            OutageMsg::StartsAt => ("Начало", "Started"),
            OutageMsg::ExpectedEndAt => ("Ожидаемое восстановление", "Expected restoration"),
            OutageMsg::EndedAt => ("Восстановлено", "Restored"),
            OutageMsg::IndoorTemperature => {
                ("Температура в помещениях, °C", "Indoor temperature, °C")
            }
            OutageMsg::IndoorTemperatureHint => (
                "наименьшая измеренная; задаёт допустимую длительность (16/8/4 ч); пусто — не ниже +12",
                "the lowest measured; sets the permitted length (16/8/4 h); empty means +12 or warmer",
            ),
            OutageMsg::Buildings => ("Дома", "Buildings"),
            OutageMsg::BuildingIds => ("Номера домов в реестре", "Registry building ids"),
            OutageMsg::BuildingIdsHint => ("через запятую", "comma-separated"),
            OutageMsg::Street => ("Улица", "Street"),
            OutageMsg::StreetHint => (
                "все дома улицы в вашей зоне, например «ул. Черниковская»",
                "every building of the street in your scope, e.g. «ул. Черниковская»",
            ),
            OutageMsg::Supplier => ("РСО и район", "Heat supplier and district"),
            OutageMsg::SupplierHint => (
                "все дома РСО в районе",
                "every building of the supplier in the district",
            ),
            OutageMsg::PickOneWay => (
                "Дома: укажите один способ — номера, улицу или РСО в районе.",
                "Buildings: use one way — ids, a street, or a supplier in a district.",
            ),
            OutageMsg::LinkedTickets => ("Связанные обращения", "Linked tickets"),
            OutageMsg::OpenTickets => ("из них открыто", "open"),
            OutageMsg::Interruption => ("Перерыв отопления", "Heating interruption"),
            OutageMsg::Hours => ("Длительность", "Duration"),
            OutageMsg::Limit => ("Допустимо", "Permitted"),
            OutageMsg::OverLimit => ("Сверх нормы", "Over the limit"),
            OutageMsg::LimitEndsAt => ("Норматив истекает", "Limit runs out at"),
            OutageMsg::Breaches => (
                "Нарушения нормативов (ПП 354 Прил.1 п.14)",
                "Limit breaches (ПП 354 Прил.1 п.14)",
            ),
            OutageMsg::NoBreaches => ("Нарушений нет", "No breaches"),
            OutageMsg::BreachKindLabel => ("Норматив", "Limit"),
            OutageMsg::Month => ("Месяц", "Month"),
            OutageMsg::Restore => ("Подача восстановлена", "Supply restored"),
            OutageMsg::RestoreComment => (
                "Сообщение жителям (закроет связанные обращения)",
                "Message to residents (closes the linked tickets)",
            ),
            OutageMsg::Nothing => ("Отключений нет", "No outages"),
            OutageMsg::ReadOnly => ("Только просмотр", "Read only"),
            OutageMsg::Errors => ("Исправьте поля", "Please fix"),
            OutageMsg::HoursUnit => ("ч", "h"),
        };
        match self.locale {
            Locale::Ru => ru,
            Locale::En => en,
        }
    }

    pub fn outage_status(&self, status: OutageStatus) -> &'static str {
        match (status, self.locale) {
            (OutageStatus::Open, Locale::Ru) => "Действует",
            (OutageStatus::Open, Locale::En) => "Open",
            (OutageStatus::Closed, Locale::Ru) => "Восстановлено",
            (OutageStatus::Closed, Locale::En) => "Restored",
        }
    }

    pub fn indoor_band(&self, band: IndoorBand) -> &'static str {
        match (band, self.locale) {
            (IndoorBand::AtLeast12, Locale::Ru) => "не ниже +12 °C — 16 ч",
            (IndoorBand::AtLeast12, Locale::En) => "+12 °C or warmer — 16 h",
            (IndoorBand::From10To12, Locale::Ru) => "+10…+12 °C — 8 ч",
            (IndoorBand::From10To12, Locale::En) => "+10…+12 °C — 8 h",
            (IndoorBand::From8To10, Locale::Ru) => "+8…+10 °C — 4 ч",
            (IndoorBand::From8To10, Locale::En) => "+8…+10 °C — 4 h",
            (IndoorBand::Below8, Locale::Ru) => "ниже +8 °C — перерыв недопустим",
            (IndoorBand::Below8, Locale::En) => "below +8 °C — no interruption permitted",
        }
    }

    pub fn breach_kind(&self, kind: BreachKind) -> &'static str {
        match (kind, self.locale) {
            (BreachKind::Single, Locale::Ru) => "единовременный перерыв",
            (BreachKind::Single, Locale::En) => "single interruption",
            (BreachKind::Monthly, Locale::Ru) => "24 ч в месяц",
            (BreachKind::Monthly, Locale::En) => "24 h a month",
        }
    }
}
