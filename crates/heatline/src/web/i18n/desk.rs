//! Texts of the operator's call card and of the ticket list's sorting and dates.

use crate::web::i18n::{Locale, Tr};

/// Fixed texts of the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskMsg {
    KnownOutage,
    OutageSince,
    OutageUntil,
    Title,
    Keys,
    KeyPhone,
    KeyAddress,
    KeyDescription,
    KeyAccept,
    KeySave,
    KeyNewCall,
    KeyPickAddress,
    Phone,
    History,
    HistoryHint,
    HistoryNone,
    HistoryForbidden,
    HistoryUse,
    PhoneIncomplete,
    Address,
    AddressHint,
    AddressNotFound,
    AutoPicked,
    PickBuilding,
    Building,
    Name,
    Description,
    Category,
    ChooseCategory,
    Suggested,
    Because,
    Save,
    NewCall,
    OpenTicket,
    OpenTickets,
    ReadToCaller,
    Saved,
    FixErrors,
    UnresolvedSaved,
    From,
    To,
    Sort,
}

impl Tr {
    pub fn desk(&self, msg: DeskMsg) -> &'static str {
        let (ru, en) = match msg {
            DeskMsg::Title => ("Приём звонка", "Call card"),
            DeskMsg::Keys => ("Клавиши", "Keys"),
            DeskMsg::KeyPhone => ("телефон", "phone"),
            DeskMsg::KeyAddress => ("адрес", "address"),
            DeskMsg::KeyDescription => ("суть", "description"),
            DeskMsg::KeyAccept => ("принять категорию", "accept the category"),
            DeskMsg::KeySave => ("сохранить", "save"),
            DeskMsg::KeyNewCall => ("новый звонок", "new call"),
            DeskMsg::KeyPickAddress => ("выбрать дом", "pick the building"),
            DeskMsg::Phone => ("Телефон заявителя", "Caller's phone"),
            DeskMsg::History => (
                "Обращения с этого номера",
                "Earlier tickets from this number",
            ),
            DeskMsg::HistoryHint => (
                "Введите номер — здесь появятся прежние обращения",
                "Type the number to see the caller's earlier tickets",
            ),
            DeskMsg::HistoryNone => (
                "С этого номера обращений не было",
                "No earlier tickets from this number",
            ),
            DeskMsg::HistoryForbidden => (
                "История по телефону недоступна для вашей роли",
                "Your role cannot look callers up by phone",
            ),
            DeskMsg::HistoryUse => ("подставить адрес", "use this address"),
            DeskMsg::PhoneIncomplete => ("Номер ещё не полный", "The number is not complete yet"),
            DeskMsg::Address => ("Адрес", "Address"),
            DeskMsg::AddressHint => (
                "↑↓ — выбор дома, Enter — подтвердить",
                "↑↓ to choose a building, Enter to confirm",
            ),
            DeskMsg::AddressNotFound => (
                "Дом не найден в реестре: заявка будет зарегистрирована и передана району для уточнения адреса",
                "No registry building matches: the ticket will be registered and the district will resolve the address",
            ),
            DeskMsg::AutoPicked => ("определён автоматически", "picked automatically"),
            DeskMsg::PickBuilding => ("Выберите дом из списка", "Pick the building from the list"),
            DeskMsg::Building => ("Дом", "Building"),
            DeskMsg::Name => ("Имя для обратной связи", "Name to call back"),
            DeskMsg::Description => ("Суть обращения", "Description"),
            DeskMsg::Category => ("Категория", "Category"),
            DeskMsg::ChooseCategory => (
                "— не выбрана (будет взята предложенная) —",
                "— none (the suggestion will be used) —",
            ),
            DeskMsg::Suggested => ("Предложено", "Suggested"),
            DeskMsg::Because => ("по словам", "because of"),
            DeskMsg::Save => ("Сохранить", "Save"),
            DeskMsg::NewCall => ("Новый звонок", "New call"),
            DeskMsg::OpenTicket => ("Открыть заявку", "Open the ticket"),
            DeskMsg::KnownOutage => (
                "В доме известное отключение",
                "A known outage in this building",
            ),
            DeskMsg::OutageSince => ("с", "since"),
            DeskMsg::OutageUntil => ("восстановление ожидается до", "restoration expected by"),
            DeskMsg::OpenTickets => (
                "В этом доме уже есть открытые заявки той же категории",
                "This building already has open tickets of the same category",
            ),
            DeskMsg::ReadToCaller => ("Прочитайте заявителю", "Read to the caller"),
            DeskMsg::Saved => ("Заявка зарегистрирована", "Ticket registered"),
            DeskMsg::FixErrors => ("Исправьте поля", "Fix these fields"),
            DeskMsg::UnresolvedSaved => (
                "Адрес не найден в реестре: районный штаб уточнит его",
                "The address is not in the registry: the district HQ will resolve it",
            ),
            DeskMsg::From => ("С даты", "From"),
            DeskMsg::To => ("По дату", "To"),
            DeskMsg::Sort => ("Порядок", "Order"),
        };
        match self.locale {
            Locale::Ru => ru,
            Locale::En => en,
        }
    }

    /// What the operator reads to the caller once the call is saved: «Ваша
    /// заявка № 2026-001234 передана в УЖХ Калининского района, срок — до
    /// 25.11.2026 18:00».
    pub fn desk_sentence(
        &self,
        number: &str,
        organization: Option<&str>,
        district: Option<&str>,
        due: Option<&str>,
    ) -> String {
        let mut sentence = match (self.locale, organization, district) {
            (Locale::Ru, Some(org), _) => format!("Ваша заявка № {number} передана в {org}"),
            (Locale::Ru, None, Some(district)) => {
                format!("Ваша заявка № {number} передана в районный штаб ({district} район)")
            }
            (Locale::Ru, None, None) => {
                format!("Ваша заявка № {number} зарегистрирована, адрес уточнит районный штаб")
            }
            (Locale::En, Some(org), _) => {
                format!("Your request No. {number} has been passed to {org}")
            }
            (Locale::En, None, Some(district)) => {
                format!("Your request No. {number} has been passed to the {district} district HQ")
            }
            (Locale::En, None, None) => format!(
                "Your request No. {number} is registered; the district HQ will confirm the address"
            ),
        };
        if let Some(due) = due {
            match self.locale {
                Locale::Ru => sentence.push_str(&format!(", срок — до {due}")),
                Locale::En => sentence.push_str(&format!(", due by {due}")),
            }
        }
        sentence
    }
}
