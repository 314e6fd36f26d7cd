//! Open311 texts: the services as the city describes them, the attribute
//! questions and answers, the error descriptions, and the admin's API keys page.

use domain::category::Category;
use domain::open311::attribute::{AttributeCode, AttributeError, Choice};
use domain::open311::{ServiceGroup, WindowError};

use crate::app::open311::{KeyProblem, Missing, Open311Problem};
use crate::web::i18n::{Locale, Tr};

macro_rules! pick {
    ($self:ident, $ru:expr, $en:expr) => {
        match $self.locale {
            Locale::Ru => $ru,
            Locale::En => $en,
        }
    };
}

impl Tr {
    /// What a service is for, shown to people choosing one.
    pub fn service_description(&self, category: Category) -> &'static str {
        match category {
            Category::NoHeat => pick!(
                self,
                "Батареи холодные или еле тёплые, в квартире ниже +20 °C (в угловой комнате ниже +22 °C).",
                "Radiators cold or barely warm; below +20 °C indoors (+22 °C in a corner room)."
            ),
            Category::AirLock => pick!(
                self,
                "Завоздушивание: батарея холодная сверху, шумит или булькает.",
                "Air lock: radiator cold at the top, gurgling or noisy."
            ),
            Category::Overheating => pick!(
                self,
                "Перетоп: в квартире жарко, выше +24 °C.",
                "Overheating: above +24 °C indoors."
            ),
            Category::Billing => pick!(
                self,
                "Вопросы по начислениям за отопление в платёжном документе.",
                "Questions about heating charges on the bill."
            ),
            Category::Leak => pick!(
                self,
                "Утечка теплоносителя или горячей воды: течёт батарея, стояк, трубы в подвале.",
                "Leak of heating or hot water: radiator, riser, basement pipes."
            ),
            Category::HotWater => pick!(
                self,
                "Нет горячей воды или она холоднее +60 °C.",
                "No hot water, or colder than +60 °C."
            ),
            Category::Other => pick!(
                self,
                "Другие вопросы отопительного сезона.",
                "Other heating-season issues."
            ),
        }
    }

    /// Comma-separated words a client may match what a resident typed against.
    pub fn service_keywords(&self, category: Category) -> &'static str {
        match category {
            Category::NoHeat => pick!(
                self,
                "нет отопления, холодно, холодные батареи, отопление",
                "no heat, cold, cold radiators, heating"
            ),
            Category::AirLock => pick!(
                self,
                "завоздушивание, воздух, булькает, стояк",
                "air lock, air, gurgling, riser"
            ),
            Category::Overheating => pick!(
                self,
                "перетоп, жарко, горячие батареи",
                "overheating, too hot, hot radiators"
            ),
            Category::Billing => pick!(
                self,
                "начисления, квитанция, перерасчёт, оплата",
                "billing, bill, recalculation, payment"
            ),
            Category::Leak => pick!(
                self,
                "утечка, течь, прорыв, авария, затопление",
                "leak, burst, flooding, emergency"
            ),
            Category::HotWater => pick!(
                self,
                "горячая вода, ГВС, нет горячей воды",
                "hot water, no hot water"
            ),
            Category::Other => pick!(self, "другое", "other"),
        }
    }

    pub fn service_group(&self, group: ServiceGroup) -> &'static str {
        match group {
            ServiceGroup::Heating => pick!(self, "Отопление", "Heating"),
            ServiceGroup::Water => pick!(self, "Вода и утечки", "Water and leaks"),
            ServiceGroup::Billing => pick!(self, "Начисления", "Billing"),
            ServiceGroup::Other => pick!(self, "Другое", "Other"),
        }
    }

    /// The question an attribute asks.
    pub fn attribute_question(&self, code: AttributeCode) -> &'static str {
        match code {
            AttributeCode::Apartment => pick!(self, "Номер квартиры", "Apartment number"),
            AttributeCode::Entrance => pick!(self, "Номер подъезда", "Entrance number"),
            AttributeCode::IndoorTemperature => pick!(
                self,
                "Температура воздуха в квартире, °C",
                "Indoor air temperature, °C"
            ),
            AttributeCode::Radiators => pick!(self, "Какие батареи?", "How are the radiators?"),
            AttributeCode::ColdRooms => pick!(self, "Где холодно?", "Which rooms are cold?"),
            AttributeCode::LeakPlace => pick!(self, "Где течёт?", "Where is the leak?"),
        }
    }

    /// How to fill a number attribute in; `None` for the others.
    pub fn attribute_hint(&self, code: AttributeCode) -> Option<&'static str> {
        match code {
            AttributeCode::Entrance => {
                Some(pick!(self, "Целое число от 1", "A whole number from 1"))
            }
            AttributeCode::IndoorTemperature => Some(pick!(
                self,
                "Число, например 17 или 17.5",
                "A number, e.g. 17 or 17.5"
            )),
            AttributeCode::Apartment
            | AttributeCode::Radiators
            | AttributeCode::ColdRooms
            | AttributeCode::LeakPlace => None,
        }
    }

    pub fn choice(&self, choice: Choice) -> &'static str {
        match choice {
            Choice::RadiatorsCold => pick!(self, "Холодные", "Cold"),
            Choice::RadiatorsLukewarm => pick!(self, "Чуть тёплые", "Lukewarm"),
            Choice::RadiatorsPartlyCold => pick!(self, "Часть холодные", "Some are cold"),
            Choice::RadiatorsHot => pick!(self, "Очень горячие", "Very hot"),
            Choice::RoomLiving => pick!(self, "Комната", "Living room"),
            Choice::RoomBedroom => pick!(self, "Спальня", "Bedroom"),
            Choice::RoomKitchen => pick!(self, "Кухня", "Kitchen"),
            Choice::RoomCorner => pick!(self, "Угловая комната", "Corner room"),
            Choice::RoomBathroom => pick!(self, "Ванная", "Bathroom"),
            Choice::LeakApartment => pick!(self, "В квартире", "In the apartment"),
            Choice::LeakStairwell => pick!(self, "В подъезде", "In the stairwell"),
            Choice::LeakBasement => pick!(self, "В подвале", "In the basement"),
            Choice::LeakAttic => pick!(self, "На чердаке", "In the attic"),
            Choice::LeakOutside => pick!(self, "На улице, у дома", "Outside, by the building"),
        }
    }

    /// The description of an Open311 error.
    pub fn open311_problem(&self, problem: &Open311Problem) -> String {
        match problem {
            Open311Problem::ServiceCodeMissing => {
                pick!(self, "не указан service_code", "service_code is required").into()
            }
            Open311Problem::UnknownServiceCode(code) => pick!(
                self,
                format!("неизвестный service_code «{code}»"),
                format!("service_code \"{code}\" is not a service here")
            ),
            Open311Problem::LocationMissing => pick!(
                self,
                "нужно место: lat и long, address_string или address_id",
                "a location is required: lat and long, address_string or address_id"
            )
            .into(),
            Open311Problem::BadCoordinates => pick!(
                self,
                "lat и long нужны вместе, числами в градусах WGS84",
                "lat and long must come together as WGS84 degrees"
            )
            .into(),
            Open311Problem::AddressIdNotFound(id) => pick!(
                self,
                format!("address_id «{id}» нет в реестре"),
                format!("address_id \"{id}\" is not in the registry")
            ),
            Open311Problem::Attribute(e) => self.attribute_error(e),
            Open311Problem::Field { field, problem } => {
                format!("{field}: {}", self.problem(problem))
            }
            Open311Problem::BadDate { parameter } => pick!(
                self,
                format!("{parameter}: нужна дата и время W3C, например 2026-11-01T00:00:00+05:00"),
                format!("{parameter} must be a W3C datetime, e.g. 2026-11-01T00:00:00+05:00")
            ),
            Open311Problem::Window(WindowError::EndBeforeStart) => pick!(
                self,
                "end_date раньше start_date",
                "end_date is before start_date"
            )
            .into(),
            Open311Problem::Window(WindowError::TooLong) => pick!(
                self,
                "start_date и end_date охватывают больше 90 дней",
                "start_date to end_date spans more than 90 days"
            )
            .into(),
            Open311Problem::BadStatus(s) => pick!(
                self,
                format!("status «{s}»: допустимы open и closed"),
                format!("status \"{s}\" must be open or closed")
            ),
            Open311Problem::BadRequestId(id) => pick!(
                self,
                format!("service_request_id «{id}» — не номер заявки вида 2026-000123"),
                format!("service_request_id \"{id}\" is not a request id like 2026-000123")
            ),
            Open311Problem::TooManyRequestIds { max } => pick!(
                self,
                format!("не больше {max} service_request_id за раз"),
                format!("at most {max} service_request_id values at once")
            ),
            Open311Problem::BadPage => pick!(
                self,
                "page: целое число от 1",
                "page must be a whole number from 1"
            )
            .into(),
            Open311Problem::BadPageSize { max } => pick!(
                self,
                format!("page_size: целое число от 1 до {max}"),
                format!("page_size must be a whole number from 1 to {max}")
            ),
            Open311Problem::BadFlag { parameter } => pick!(
                self,
                format!("{parameter}: true или false"),
                format!("{parameter} must be true or false")
            ),
            Open311Problem::BadMediaUrl => pick!(
                self,
                "media_url: нужна ссылка http(s)",
                "media_url must be an http(s) URL"
            )
            .into(),
            Open311Problem::TooLong { parameter, max } => pick!(
                self,
                format!("{parameter}: не длиннее {max} символов"),
                format!("{parameter} must be at most {max} characters")
            ),
            Open311Problem::BadBody => pick!(
                self,
                "тело запроса: нужна форма application/x-www-form-urlencoded в UTF-8",
                "the body must be application/x-www-form-urlencoded UTF-8"
            )
            .into(),
        }
    }

    fn attribute_error(&self, e: &AttributeError) -> String {
        let name = |code: &AttributeCode| format!("attribute[{}]", code.as_code());
        match e {
            AttributeError::Unknown(code) => pick!(
                self,
                format!("attribute[{code}]: у этой услуги нет такого атрибута"),
                format!("attribute[{code}] is not an attribute of this service")
            ),
            AttributeError::Required(code) => pick!(
                self,
                format!("{}: обязательный атрибут", name(code)),
                format!("{} is required", name(code))
            ),
            AttributeError::Repeated(code) => pick!(
                self,
                format!("{}: допускается одно значение", name(code)),
                format!("{} takes one value", name(code))
            ),
            AttributeError::NotANumber(code) => pick!(
                self,
                format!("{}: нужно число", name(code)),
                format!("{} must be a number", name(code))
            ),
            AttributeError::OutOfRange(code) => pick!(
                self,
                format!("{}: значение вне допустимого диапазона", name(code)),
                format!("{} is out of range", name(code))
            ),
            AttributeError::NotInList { code, value } => pick!(
                self,
                format!("{}: «{value}» нет в списке значений", name(code)),
                format!("{}: \"{value}\" is not one of its values", name(code))
            ),
        }
    }

    pub fn open311_key_problem(&self, problem: KeyProblem) -> &'static str {
        match problem {
            KeyProblem::Missing => pick!(
                self,
                "нужен api_key (в строке запроса или в теле формы)",
                "api_key is required (in the query string or the form body)"
            ),
            KeyProblem::Invalid => pick!(self, "неверный api_key", "invalid api_key"),
            KeyProblem::Revoked => pick!(self, "api_key отозван", "api_key was revoked"),
        }
    }

    pub fn open311_missing(&self, missing: &Missing) -> String {
        match missing {
            Missing::Resource => pick!(
                self,
                "нет такого ресурса Open311 (форматы: .json, .xml)",
                "no such Open311 resource (formats: .json, .xml)"
            )
            .into(),
            Missing::Service(code) => pick!(
                self,
                format!("услуги «{code}» нет"),
                format!("service_code \"{code}\" was not found")
            ),
            Missing::Request(id) => pick!(
                self,
                format!("заявки «{id}» нет"),
                format!("service_request_id \"{id}\" was not found")
            ),
            Missing::Token(token) => pick!(
                self,
                format!("токена «{token}» нет"),
                format!("token \"{token}\" was not found")
            ),
        }
    }

    pub fn open311_rate_limited(&self, max: i64, window_secs: i64, retry_secs: i64) -> String {
        pick!(
            self,
            format!(
                "превышен лимит: {max} запросов за {window_secs} с; повторите через {retry_secs} с"
            ),
            format!(
                "rate limit exceeded: {max} requests per {window_secs} s; retry in {retry_secs} s"
            )
        )
    }

    pub fn open311_internal(&self, request_id: &str) -> String {
        pick!(
            self,
            format!("внутренняя ошибка, номер запроса {request_id}"),
            format!("internal error, request id {request_id}")
        )
    }

    /// What a client tells the resident after posting.
    pub fn open311_service_notice(
        &self,
        number: &str,
        organization: Option<&str>,
        due: Option<&str>,
    ) -> String {
        let mut text = pick!(
            self,
            format!("Обращение № {number} зарегистрировано."),
            format!("Request {number} registered.")
        );
        if let Some(org) = organization {
            text.push_str(&pick!(
                self,
                format!(" Ответственный: {org}."),
                format!(" Responsible: {org}.")
            ));
        }
        if let Some(due) = due {
            text.push_str(&pick!(
                self,
                format!(" Срок: до {due}."),
                format!(" Due by {due}.")
            ));
        }
        text
    }

    pub fn open311(&self, msg: Open311Msg) -> &'static str {
        let (ru, en) = match msg {
            Open311Msg::Contact => (
                "Единая диспетчерская «Уфа-тёплая»: вопросы по API — через администратора системы.",
                "The «Ufa Warm» hotline: API questions go to the system administrator.",
            ),
            Open311Msg::KeyService => (
                "Ключ API выдаёт администратор системы (страница «API-ключи»).",
                "API keys are issued by the system administrator (the API keys page).",
            ),
            Open311Msg::PhoneHidden => ("[телефон скрыт]", "[phone hidden]"),
            Open311Msg::ApiKeysIntro => (
                "Ключи внешних систем (Open311: порталы, приложения). Ключ показывается один раз; храните его как пароль.",
                "Keys of client systems (Open311 portals and apps). A key is shown once; keep it like a password.",
            ),
            Open311Msg::NewKey => ("Новый ключ", "New key"),
            Open311Msg::ClientName => ("Система-клиент", "Client system"),
            Open311Msg::RequestsPerMinute => ("Запросов в минуту", "Requests per minute"),
            Open311Msg::Create => ("Создать", "Create"),
            Open311Msg::KeyCreated => (
                "Ключ создан. Скопируйте его сейчас — больше он показан не будет:",
                "Key created. Copy it now; it will not be shown again:",
            ),
            Open311Msg::Prefix => ("Начало ключа", "Key prefix"),
            Open311Msg::CreatedAt => ("Создан", "Created"),
            Open311Msg::State => ("Состояние", "State"),
            Open311Msg::Active => ("Действует", "Active"),
            Open311Msg::RevokedAt => ("Отозван", "Revoked"),
            Open311Msg::Revoke => ("Отозвать", "Revoke"),
            Open311Msg::NoKeys => ("Ключей пока нет", "No keys yet"),
        };
        match self.locale {
            Locale::Ru => ru,
            Locale::En => en,
        }
    }
}

/// Fixed Open311 and API-key page texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Open311Msg {
    Contact,
    KeyService,
    PhoneHidden,
    ApiKeysIntro,
    NewKey,
    ClientName,
    RequestsPerMinute,
    Create,
    KeyCreated,
    Prefix,
    CreatedAt,
    State,
    Active,
    RevokedAt,
    Revoke,
    NoKeys,
}
