//! Texts of the routing admin page and the organization's queue, Russian first.

use domain::routing::RouteTarget;

use crate::web::i18n::{Locale, Tr};

impl Tr {
    pub fn route_target(&self, target: RouteTarget) -> &'static str {
        let (ru, en) = match target {
            RouteTarget::ManagementCompany => ("Управляющая компания", "Management company"),
            RouteTarget::HeatSupplier => ("Теплоснабжающая организация", "Heat supplier"),
            RouteTarget::DistrictHq => ("Районный штаб", "District HQ"),
        };
        match self.locale {
            Locale::Ru => ru,
            Locale::En => en,
        }
    }

    pub fn rmsg(&self, msg: RoutingMsg) -> &'static str {
        let (ru, en) = msg.texts();
        match self.locale {
            Locale::Ru => ru,
            Locale::En => en,
        }
    }
}

/// Fixed texts of the routing and queue pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoutingMsg {
    RoutingRules,
    RulesIntro,
    Target,
    Deadline,
    FirstResponse,
    DeadlineHint,
    SaveRules,
    Holidays,
    HolidaysHint,
    SaveHolidays,
    ChangeLog,
    NoChanges,
    ChangedAt,
    ChangedBy,
    Subject,
    Before,
    After,
    Saved,
    Queue,
    TabNew,
    TabInProgress,
    TabOverdue,
    TabClosedWeek,
    Empty,
    Accept,
    AnswerResident,
    AnswerHint,
    CloseTicket,
    ResponseTemplates,
    TemplatesIntro,
    SaveTemplates,
    Reroute,
    RerouteTo,
    Escalated,
    OverdueByOrganization,
}

impl RoutingMsg {
    fn texts(self) -> (&'static str, &'static str) {
        match self {
            RoutingMsg::RoutingRules => ("Маршрутизация и сроки", "Routing and deadlines"),
            RoutingMsg::RulesIntro => (
                "Изменения действуют для новых обращений; сроки уже зарегистрированных не меняются.",
                "Changes apply to new tickets; deadlines already given stay.",
            ),
            RoutingMsg::Target => ("Исполнитель", "Responsible"),
            RoutingMsg::Deadline => ("Срок решения", "Resolution deadline"),
            RoutingMsg::FirstResponse => ("Первая реакция", "First response"),
            RoutingMsg::DeadlineHint => (
                "30m — минуты, 24h — часы, 3wd — рабочие дни",
                "30m minutes, 24h hours, 3wd working days",
            ),
            RoutingMsg::SaveRules => ("Сохранить правила", "Save rules"),
            RoutingMsg::Holidays => ("Производственный календарь", "Production calendar"),
            RoutingMsg::HolidaysHint => (
                "Одна строка: ГГГГ-ММ-ДД,holiday (выходной в будни) или working (рабочая суббота/воскресенье); # — комментарий.",
                "One line each: YYYY-MM-DD,holiday (a weekday off) or working (a worked weekend day); # starts a comment.",
            ),
            RoutingMsg::SaveHolidays => ("Сохранить календарь", "Save calendar"),
            RoutingMsg::ChangeLog => ("Журнал изменений", "Change log"),
            RoutingMsg::NoChanges => ("Изменений не было", "No changes yet"),
            RoutingMsg::ChangedAt => ("Когда", "When"),
            RoutingMsg::ChangedBy => ("Кто", "Who"),
            RoutingMsg::Subject => ("Что", "What"),
            RoutingMsg::Before => ("Было", "Before"),
            RoutingMsg::After => ("Стало", "After"),
            RoutingMsg::Saved => ("Сохранено", "Saved"),
            RoutingMsg::Queue => ("Очередь организации", "Organization queue"),
            RoutingMsg::TabNew => ("Новые", "New"),
            RoutingMsg::TabInProgress => ("В работе", "In progress"),
            RoutingMsg::TabOverdue => ("Просроченные", "Overdue"),
            RoutingMsg::TabClosedWeek => ("Закрытые за неделю", "Closed this week"),
            RoutingMsg::Empty => ("Обращений нет", "No tickets"),
            RoutingMsg::Accept => ("Принять в работу", "Accept"),
            RoutingMsg::AnswerResident => ("Ответ жителю", "Answer to the resident"),
            RoutingMsg::AnswerHint => (
                "Для обращений о начислениях ответ (разъяснение) обязателен.",
                "For billing tickets the answer (explanation) is required.",
            ),
            RoutingMsg::CloseTicket => ("Закрыть обращение", "Close ticket"),
            RoutingMsg::ResponseTemplates => ("Шаблоны ответов", "Response templates"),
            RoutingMsg::TemplatesIntro => (
                "Текст подставляется в форму закрытия по категории и результату; пустой шаблон удаляется.",
                "The text pre-fills the close form by category and resolution; an empty one is removed.",
            ),
            RoutingMsg::SaveTemplates => ("Сохранить шаблон", "Save template"),
            RoutingMsg::Reroute => ("Перенаправить", "Re-route"),
            RoutingMsg::RerouteTo => ("Другой организации", "To organization"),
            RoutingMsg::Escalated => ("Эскалированные обращения", "Escalated tickets"),
            RoutingMsg::OverdueByOrganization => {
                ("Просрочено по организациям", "Overdue by organization")
            }
        }
    }
}
