//! Words a person reads: Russian first, English second. Each area keeps its own
//! texts in `i18n/<area>.rs` as an `impl Tr` block with its own message enum.
//! Every enum is matched exhaustively, so a new variant does not compile until
//! it has both labels.

use domain::category::Category;
use domain::event::EventKind;
use domain::organization::OrganizationKind;
use domain::phone::PhoneError;
use domain::ticket::{Channel, Resolution, TicketStatus};
use domain::user::Role;

use crate::app::Problem;

pub mod callback;
pub mod desk;
pub mod export;
pub mod forecast;
pub mod hq;
pub mod inspection;
pub mod open311;
pub mod outage;
pub mod resident;
pub mod routing;
pub mod stats;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    Ru,
    En,
}

impl Locale {
    pub fn as_code(self) -> &'static str {
        match self {
            Locale::Ru => "ru",
            Locale::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Locale> {
        match code {
            "ru" => Some(Locale::Ru),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The first supported language of an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        header
            .split(',')
            .filter_map(|part| part.split(';').next())
            .map(|tag| tag.trim().to_ascii_lowercase())
            .find_map(|tag| Locale::from_code(tag.split('-').next().unwrap_or("")))
    }
}

/// The translator handed to templates: `t.status(s)`, `t.msg(Msg::Save)`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tr {
    pub locale: Locale,
}

macro_rules! pick {
    ($self:ident, $ru:expr, $en:expr) => {
        match $self.locale {
            Locale::Ru => $ru,
            Locale::En => $en,
        }
    };
}

impl Tr {
    pub fn new(locale: Locale) -> Tr {
        Tr { locale }
    }

    pub fn lang(&self) -> &'static str {
        self.locale.as_code()
    }

    pub fn status(&self, status: TicketStatus) -> &'static str {
        match status {
            TicketStatus::Registered => pick!(self, "Зарегистрировано", "Registered"),
            TicketStatus::Assigned => pick!(self, "Передано", "Assigned"),
            TicketStatus::InProgress => pick!(self, "В работе", "In progress"),
            TicketStatus::Closed => pick!(self, "Закрыто", "Closed"),
            TicketStatus::Reopened => pick!(self, "На доработке", "Reopened"),
        }
    }

    pub fn category(&self, category: Category) -> &'static str {
        match category {
            Category::NoHeat => pick!(self, "Нет отопления", "No heat"),
            Category::AirLock => pick!(self, "Завоздушивание", "Air lock"),
            Category::Overheating => pick!(self, "Перетоп", "Overheating"),
            Category::Billing => pick!(self, "Начисления", "Billing"),
            Category::Leak => pick!(self, "Утечка", "Leak"),
            Category::HotWater => pick!(self, "Горячая вода", "Hot water"),
            Category::Other => pick!(self, "Другое", "Other"),
        }
    }

    pub fn resolution(&self, resolution: Resolution) -> &'static str {
        match resolution {
            Resolution::Fixed => pick!(self, "Устранено", "Fixed"),
            Resolution::Explained => pick!(self, "Дано разъяснение", "Explained"),
            Resolution::NoViolation => pick!(self, "Нарушение не подтвердилось", "No violation"),
            Resolution::OutageRestored => pick!(self, "Подача восстановлена", "Outage restored"),
            Resolution::Duplicate => pick!(self, "Повторное обращение", "Duplicate"),
            Resolution::NotResponsible => {
                pick!(self, "Не в зоне ответственности", "Not responsible")
            }
        }
    }

    pub fn channel(&self, channel: Channel) -> &'static str {
        match channel {
            Channel::Phone => pick!(self, "Телефон", "Phone"),
            Channel::Web => pick!(self, "Сайт", "Web"),
            Channel::Open311 => pick!(self, "Open311", "Open311"),
            Channel::Reception => pick!(self, "Приём граждан", "Reception"),
            Channel::Import => pick!(self, "Импорт", "Import"),
        }
    }

    pub fn role(&self, role: Role) -> &'static str {
        match role {
            Role::Operator => pick!(self, "Оператор", "Operator"),
            Role::Organization => pick!(self, "Организация", "Organization"),
            Role::DistrictHq => pick!(self, "Районный штаб", "District HQ"),
            Role::CityHq => pick!(self, "Городской штаб", "City HQ"),
            Role::Controller => pick!(self, "Контрольное управление", "Control department"),
            Role::Admin => pick!(self, "Администратор", "Administrator"),
        }
    }

    pub fn organization_kind(&self, kind: OrganizationKind) -> &'static str {
        match kind {
            OrganizationKind::ManagementCompany => pick!(self, "УК", "Management company"),
            OrganizationKind::HeatSupplier => pick!(self, "РСО", "Heat supplier"),
        }
    }

    pub fn event(&self, kind: EventKind) -> &'static str {
        match kind {
            EventKind::Registered => pick!(self, "Зарегистрировано", "Registered"),
            EventKind::CategorySuggested => {
                pick!(self, "Категория предложена системой", "Category suggested")
            }
            EventKind::Assigned => pick!(self, "Передано организации", "Assigned"),
            EventKind::Started => pick!(self, "Принято в работу", "Started"),
            EventKind::Commented => pick!(self, "Комментарий", "Comment"),
            EventKind::Answered => pick!(self, "Ответ жителю", "Answered"),
            EventKind::Closed => pick!(self, "Закрыто", "Closed"),
            EventKind::Reopened => pick!(self, "Возвращено на доработку", "Reopened"),
            EventKind::Overdue => pick!(self, "Просрочено", "Overdue"),
            EventKind::OutageLinked => pick!(self, "Связано с отключением", "Linked to outage"),
            EventKind::InspectionLinked => pick!(
                self,
                "Связано с комиссионным выездом",
                "Linked to inspection"
            ),
            EventKind::QualityCallback => pick!(self, "Контрольный звонок", "Quality callback"),
        }
    }

    pub fn problem(&self, problem: &Problem) -> String {
        match problem {
            Problem::Required => pick!(self, "обязательное поле", "is required").into(),
            Problem::TooLong { max } => pick!(
                self,
                format!("не длиннее {max} символов"),
                format!("must be at most {max} characters")
            ),
            Problem::TooShort { min } => pick!(
                self,
                format!("не короче {min} символов"),
                format!("must be at least {min} characters")
            ),
            Problem::Phone(e) => self.phone_error(*e).into(),
            Problem::UnknownCode => {
                pick!(self, "неизвестное значение", "is not a known value").into()
            }
            Problem::NotFound => pick!(self, "не найдено", "does not exist").into(),
            Problem::Line { line } => pick!(
                self,
                format!("ошибка в строке {line}"),
                format!("line {line} is wrong")
            ),
            Problem::Malformed => pick!(self, "неверный формат", "has a wrong format").into(),
            Problem::Transition(domain::ticket::TicketError::InvalidTransition { from, to }) => {
                pick!(
                    self,
                    format!(
                        "нельзя перейти из «{}» в «{}»",
                        self.status(*from),
                        self.status(*to)
                    ),
                    format!("cannot go from {} to {}", from.as_code(), to.as_code())
                )
            }
            Problem::Transition(domain::ticket::TicketError::AnswerRequired) => pick!(
                self,
                "обращение о начислениях закрывается только с ответом жителю (разъяснением)",
                "a billing ticket closes only with the answer (explanation) to the resident"
            )
            .into(),
            Problem::Taken => pick!(self, "уже занято", "is already taken").into(),
            Problem::BadCredentials => {
                pick!(self, "неверный логин или пароль", "wrong login or password").into()
            }
            Problem::Inspection(p) => self.inspection_problem(p),
            Problem::Hq(p) => self.hq_problem(*p).into(),
            Problem::TooManyRows { max } => pick!(
                self,
                format!("больше {max} строк: сузьте фильтры"),
                format!("more than {max} rows: narrow the filters")
            ),
            Problem::NotEnoughHistory => pick!(
                self,
                "слишком мало дней с обращениями для прогноза (нужно не меньше двух недель)",
                "too few days of calls to forecast from (two weeks at least)"
            )
            .into(),
            Problem::OutOfRange => {
                pick!(self, "вне допустимого диапазона", "is out of range").into()
            }
        }
    }

    fn phone_error(&self, e: PhoneError) -> &'static str {
        match e {
            PhoneError::Empty => pick!(self, "обязательное поле", "is required"),
            PhoneError::BadCharacter => pick!(
                self,
                "только цифры, пробелы, скобки и дефисы",
                "may hold only digits, spaces, brackets and dashes"
            ),
            PhoneError::WrongLength => pick!(
                self,
                "номер из 10 или 11 цифр (или 7 для городского)",
                "needs 10 or 11 digits (7 for a local number)"
            ),
        }
    }

    /// A city date and time, `24.11.2026 20:37` (Russian) or `2026-11-24 20:37`.
    pub fn datetime(&self, at: jiff::Timestamp) -> String {
        let z = domain::calendar::in_city(at);
        pick!(
            self,
            z.strftime("%d.%m.%Y %H:%M").to_string(),
            z.strftime("%Y-%m-%d %H:%M").to_string()
        )
    }

    pub fn msg(&self, msg: Msg) -> &'static str {
        msg.text(self.locale)
    }
}

/// Fixed interface texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    AppName,
    Login,
    Password,
    SignIn,
    SignOut,
    Tickets,
    Outages,
    ApiKeys,
    RoutingRules,
    Queue,
    Desk,
    Inspections,
    Remarks,
    Ticket,
    Number,
    Created,
    Status,
    Category,
    Address,
    Phone,
    Resident,
    Description,
    Organization,
    District,
    Due,
    Overdue,
    Apartment,
    Entrance,
    Channel,
    Timeline,
    Actions,
    Start,
    Close,
    Reopen,
    Comment,
    Assign,
    Reason,
    Resolution,
    Filter,
    Search,
    Any,
    NothingFound,
    Previous,
    Next,
    Of,
    MoreThan,
    Export,
    Forecast,
    AddressUnresolved,
    NotFoundTitle,
    ForbiddenTitle,
    ConflictTitle,
    InternalTitle,
    UnavailableTitle,
    RequestId,
    Back,
    HqWorkspace,
    HqMeetings,
    Directives,
    Reception,
    // callbacks
    Callbacks,
    Dashboard,
    Reports,
}

impl Msg {
    fn text(self, locale: Locale) -> &'static str {
        let (ru, en) = match self {
            Msg::AppName => ("Уфа-тёплая", "Ufa Warm"),
            Msg::Login => ("Логин", "Login"),
            Msg::Password => ("Пароль", "Password"),
            Msg::SignIn => ("Войти", "Sign in"),
            Msg::SignOut => ("Выйти", "Sign out"),
            Msg::Tickets => ("Обращения", "Tickets"),
            Msg::Outages => ("Отключения", "Outages"),
            Msg::ApiKeys => ("API-ключи", "API keys"),
            Msg::RoutingRules => ("Маршрутизация", "Routing"),
            Msg::Queue => ("Очередь", "Queue"),
            Msg::Desk => ("Приём звонка", "Call card"),
            Msg::Inspections => ("Выезды", "Inspections"),
            Msg::Remarks => ("Замечания", "Remarks"),
            Msg::Ticket => ("Обращение", "Ticket"),
            Msg::Number => ("Номер", "Number"),
            Msg::Created => ("Поступило", "Created"),
            Msg::Status => ("Статус", "Status"),
            Msg::Category => ("Категория", "Category"),
            Msg::Address => ("Адрес", "Address"),
            Msg::Phone => ("Телефон", "Phone"),
            Msg::Resident => ("Заявитель", "Resident"),
            Msg::Description => ("Суть обращения", "Description"),
            Msg::Organization => ("Организация", "Organization"),
            Msg::District => ("Район", "District"),
            Msg::Due => ("Срок", "Due"),
            Msg::Overdue => ("Просрочено", "Overdue"),
            Msg::Apartment => ("Квартира", "Apartment"),
            Msg::Entrance => ("Подъезд", "Entrance"),
            Msg::Channel => ("Канал", "Channel"),
            Msg::Timeline => ("История", "Timeline"),
            Msg::Actions => ("Действия", "Actions"),
            Msg::Start => ("Принять в работу", "Start work"),
            Msg::Close => ("Закрыть", "Close"),
            Msg::Reopen => ("Вернуть на доработку", "Reopen"),
            Msg::Comment => ("Комментарий", "Comment"),
            Msg::Assign => ("Передать организации", "Assign"),
            Msg::Reason => ("Причина", "Reason"),
            Msg::Resolution => ("Результат", "Resolution"),
            Msg::Filter => ("Показать", "Apply"),
            Msg::Search => (
                "Поиск: номер, телефон, адрес или слова",
                "Search: number, phone, address or words",
            ),
            Msg::Any => ("Все", "Any"),
            Msg::NothingFound => ("Ничего не найдено", "Nothing found"),
            Msg::Previous => ("Назад", "Previous"),
            Msg::Next => ("Дальше", "Next"),
            Msg::Of => ("из", "of"),
            Msg::MoreThan => ("более чем", "more than"),
            Msg::Export => ("Выгрузить", "Export"),
            Msg::Forecast => ("Прогноз", "Forecast"),
            Msg::AddressUnresolved => ("Адрес не найден в реестре", "Address not in the registry"),
            Msg::NotFoundTitle => ("Не найдено", "Not found"),
            Msg::ForbiddenTitle => ("Нет доступа", "Forbidden"),
            Msg::ConflictTitle => (
                "Изменено другим пользователем — обновите страницу",
                "Changed by someone else — reload the page",
            ),
            Msg::InternalTitle => ("Внутренняя ошибка", "Internal error"),
            Msg::UnavailableTitle => (
                "База данных недоступна, повторите через несколько секунд",
                "The database is unavailable, try again in a few seconds",
            ),
            Msg::RequestId => ("Номер запроса", "Request id"),
            Msg::Back => ("Назад", "Back"),
            Msg::HqWorkspace => ("Штаб", "HQ"),
            Msg::HqMeetings => ("Заседания", "Meetings"),
            Msg::Directives => ("Поручения", "Directives"),
            Msg::Reception => ("Приём граждан", "Reception"),
            // callbacks
            Msg::Callbacks => ("Контрольный обзвон", "Callbacks"),
            Msg::Dashboard => ("Итоги сезона", "Dashboard"),
            Msg::Reports => ("Отчёты", "Reports"),
        };
        match locale {
            Locale::Ru => ru,
            Locale::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_first_supported() {
        assert_eq!(
            Locale::from_accept_language("en-US,en;q=0.9"),
            Some(Locale::En)
        );
        assert_eq!(
            Locale::from_accept_language("de-DE, ru;q=0.8"),
            Some(Locale::Ru)
        );
        assert_eq!(Locale::from_accept_language("de"), None);
    }
}
