//! Texts of the HQ area: workspaces, meetings and agendas, directives, citizen
//! reception. Russian first, English second.

use domain::citizen_reception::AppointmentOutcome;
use domain::directive::{DirectiveOwner, DirectiveStatus};
use domain::hq_agenda::AgendaSection;
use domain::hq_meeting::HqMeetingKind;
use jiff::civil::{Date, Weekday};

use crate::app::hq::{HqInfo, HqProblem};
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
    pub fn hq(&self, msg: HqMsg) -> &'static str {
        msg.text(self.locale)
    }

    /// «Штаб Калининского района» is hard to inflect from a name, so the
    /// district stands after a colon.
    pub fn hq_name(&self, info: &HqInfo) -> String {
        match &info.district {
            Some(d) => pick!(
                self,
                format!("Районный штаб: {}", d.name),
                format!("District HQ: {}", d.name)
            ),
            None => self.hq(HqMsg::CityHq).to_string(),
        }
    }

    pub fn hq_problem(&self, problem: HqProblem) -> &'static str {
        match problem {
            HqProblem::DeadlineNotInFuture => {
                pick!(
                    self,
                    "срок должен быть позже текущего момента",
                    "must be in the future"
                )
            }
            HqProblem::SlotInPast => pick!(self, "время приёма уже прошло", "has already started"),
            HqProblem::NoReception => pick!(
                self,
                "в этот день приёма нет (праздник)",
                "no reception on that day (holiday)"
            ),
            HqProblem::EmptyHours => pick!(
                self,
                "окончание приёма должно быть позже начала",
                "must be after the start"
            ),
            HqProblem::SlotLength => pick!(
                self,
                "длительность не укладывается в часы приёма",
                "does not fit the reception hours"
            ),
        }
    }

    pub fn agenda_section(&self, section: AgendaSection) -> &'static str {
        match section {
            AgendaSection::WeekFigures => pick!(
                self,
                "Обращения за неделю в сравнении с предыдущей",
                "Tickets of the week against the week before"
            ),
            AgendaSection::RepeatBuildings => pick!(
                self,
                "Дома с наибольшим числом обращений",
                "Buildings with the most tickets"
            ),
            AgendaSection::Inspections => pick!(
                self,
                "Совместные обследования: в работе и проведённые за неделю",
                "Joint inspections: in progress and completed this week"
            ),
            AgendaSection::OverdueTickets => pick!(
                self,
                "Просроченные обращения по организациям",
                "Overdue tickets by organization"
            ),
            AgendaSection::OverdueRemarks => pick!(
                self,
                "Неустранённые в срок замечания по организациям",
                "Overdue inspection remarks by organization"
            ),
            AgendaSection::ReopenedTickets => pick!(
                self,
                "Обращения, возвращённые на доработку",
                "Tickets returned for more work"
            ),
            AgendaSection::CarriedOverDirectives => pick!(
                self,
                "Неисполненные в срок поручения",
                "Overdue directives carried over"
            ),
        }
    }

    pub fn meeting_kind(&self, kind: HqMeetingKind) -> &'static str {
        match kind {
            HqMeetingKind::Regular => pick!(self, "Заседание штаба", "HQ meeting"),
            HqMeetingKind::Extended => pick!(self, "Расширенное заседание", "Extended meeting"),
        }
    }

    pub fn directive_status(&self, status: DirectiveStatus) -> &'static str {
        match status {
            DirectiveStatus::Open => pick!(self, "На исполнении", "Open"),
            DirectiveStatus::Done => pick!(self, "Исполнено", "Done"),
            DirectiveStatus::Overdue => pick!(self, "Просрочено", "Overdue"),
        }
    }

    /// The owner as read in a list: an organization's name, or a district HQ.
    pub fn directive_owner(&self, owner: DirectiveOwner, name: &str) -> String {
        match owner {
            DirectiveOwner::Organization(_) | DirectiveOwner::User(_) => name.to_string(),
            DirectiveOwner::District(_) => pick!(
                self,
                format!("Районный штаб: {name}"),
                format!("District HQ: {name}")
            ),
        }
    }

    pub fn appointment_outcome(&self, outcome: AppointmentOutcome) -> &'static str {
        match outcome {
            AppointmentOutcome::Explained => pick!(self, "Дано разъяснение", "Explained"),
            AppointmentOutcome::TicketRegistered => {
                pick!(self, "Зарегистрировано обращение", "Ticket registered")
            }
            AppointmentOutcome::Referred => {
                pick!(self, "Направлено в организацию", "Referred")
            }
            AppointmentOutcome::NoShow => pick!(self, "Не явился", "Did not come"),
        }
    }

    pub fn weekday(&self, weekday: Weekday) -> &'static str {
        match weekday {
            Weekday::Monday => pick!(self, "понедельник", "Monday"),
            Weekday::Tuesday => pick!(self, "вторник", "Tuesday"),
            Weekday::Wednesday => pick!(self, "среда", "Wednesday"),
            Weekday::Thursday => pick!(self, "четверг", "Thursday"),
            Weekday::Friday => pick!(self, "пятница", "Friday"),
            Weekday::Saturday => pick!(self, "суббота", "Saturday"),
            Weekday::Sunday => pick!(self, "воскресенье", "Sunday"),
        }
    }

    /// A city date, `24.11.2026` (Russian) or `2026-11-24`.
    pub fn date(&self, date: Date) -> String {
        pick!(
            self,
            date.strftime("%d.%m.%Y").to_string(),
            date.to_string()
        )
    }

    /// City wall-clock time of an instant, `14:20`.
    pub fn time(&self, at: jiff::Timestamp) -> String {
        domain::calendar::in_city(at).strftime("%H:%M").to_string()
    }
}

/// Fixed texts of the HQ pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HqMsg {
    Hq,
    CityHq,
    Workspace,
    Meetings,
    Meeting,
    Agenda,
    Directives,
    Directive,
    Reception,
    Schedules,
    ReopenedToUs,
    OverdueByOrganization,
    RepeatBuildings7Days,
    UpcomingMeetings,
    UpcomingReceptions,
    OpenDirectives,
    Open,
    OpenMeeting,
    CreateMeeting,
    NotOpenedYet,
    Extra,
    Date,
    Time,
    Kind,
    ReportedWeek,
    CallbackCalls,
    CallbackSolvedShare,
    PreviousWeek,
    Change,
    Total,
    Tickets,
    HeatingTickets,
    OldestDue,
    ReopenedAt,
    NothingHere,
    AddItem,
    ItemTitle,
    ItemNote,
    MoveUp,
    MoveDown,
    Print,
    ExportXlsx,
    FiguresAsOf,
    Decisions,
    RecordDecision,
    Text,
    Owner,
    Deadline,
    Report,
    ReportDone,
    Issued,
    Status,
    LinkedTickets,
    LinkedBuildings,
    IdsHint,
    Save,
    Slots,
    Booked,
    Free,
    Slot,
    ResidentName,
    Topic,
    Book,
    Outcome,
    Note,
    RecordOutcome,
    RegisterTicket,
    CategoryAuto,
    NoReceptionThatDay,
    SlotPassed,
    ShowDay,
    MeetingDay,
    MeetingTime,
    ReceptionDay,
    ReceptionFrom,
    ReceptionTo,
    SlotMinutes,
    Signatures,
    Chair,
    Secretary,
    Of,
    Weekday,
    From,
    To,
    Show,
    All,
    WeekRunning,
    Remarks,
    Violations,
    OpenRemarks,
    Opened,
    Visit,
    OpenInspections,
    OverdueRemarks,
}

impl HqMsg {
    fn text(self, locale: Locale) -> &'static str {
        let (ru, en) = match self {
            HqMsg::Hq => ("Штаб", "HQ"),
            HqMsg::CityHq => ("Городской штаб", "City HQ"),
            HqMsg::Workspace => ("Штаб", "HQ"),
            HqMsg::Meetings => ("Заседания", "Meetings"),
            HqMsg::Meeting => ("Заседание", "Meeting"),
            HqMsg::Agenda => ("Повестка", "Agenda"),
            HqMsg::Directives => ("Поручения", "Directives"),
            HqMsg::Directive => ("Поручение", "Directive"),
            HqMsg::Reception => ("Приём граждан", "Citizen reception"),
            HqMsg::Schedules => ("Расписание", "Schedules"),
            HqMsg::ReopenedToUs => ("Возвращены на доработку", "Reopened tickets"),
            HqMsg::OverdueByOrganization => (
                "Просроченные обращения по организациям",
                "Overdue tickets by organization",
            ),
            HqMsg::RepeatBuildings7Days => (
                "Дома с повторными обращениями за 7 дней",
                "Repeat buildings, last 7 days",
            ),
            HqMsg::UpcomingMeetings => ("Ближайшие заседания", "Upcoming meetings"),
            HqMsg::UpcomingReceptions => ("Ближайший приём граждан", "Upcoming receptions"),
            HqMsg::OpenDirectives => ("Поручения на исполнении", "Open directives"),
            HqMsg::Open => ("Открыть", "Open"),
            HqMsg::OpenMeeting => ("Открыть повестку", "Open the agenda"),
            HqMsg::CreateMeeting => ("Назначить заседание", "Schedule a meeting"),
            HqMsg::NotOpenedYet => ("по расписанию", "scheduled"),
            HqMsg::Extra => ("внеочередное", "extra"),
            HqMsg::Date => ("Дата", "Date"),
            HqMsg::Time => ("Время", "Time"),
            HqMsg::Kind => ("Вид", "Kind"),
            HqMsg::ReportedWeek => ("Отчётная неделя", "Reported week"),
            HqMsg::PreviousWeek => ("Предыдущая неделя", "Previous week"),
            HqMsg::Change => ("Изменение", "Change"),
            HqMsg::Total => ("Всего", "Total"),
            HqMsg::CallbackCalls => ("Контрольный обзвон: звонков", "Quality callbacks: calls"),
            HqMsg::CallbackSolvedShare => (
                "Контрольный обзвон: решено, %",
                "Quality callbacks: solved, %",
            ),
            HqMsg::Tickets => ("Обращений", "Tickets"),
            HqMsg::HeatingTickets => ("из них по отоплению", "of them heating"),
            HqMsg::OldestDue => ("Самый ранний срок", "Oldest deadline"),
            HqMsg::ReopenedAt => ("Возвращено", "Reopened"),
            HqMsg::NothingHere => ("Нет", "None"),
            HqMsg::AddItem => ("Добавить вопрос", "Add an item"),
            HqMsg::ItemTitle => ("Вопрос", "Item"),
            HqMsg::ItemNote => ("Пояснение", "Note"),
            HqMsg::MoveUp => ("Выше", "Up"),
            HqMsg::MoveDown => ("Ниже", "Down"),
            HqMsg::Print => ("Печать", "Print"),
            HqMsg::ExportXlsx => ("Выгрузить в Excel", "Export to Excel"),
            HqMsg::FiguresAsOf => ("Данные на", "Figures as of"),
            HqMsg::Decisions => ("Решения (поручения)", "Decisions (directives)"),
            HqMsg::RecordDecision => ("Записать поручение", "Record a directive"),
            HqMsg::Text => ("Текст поручения", "Text"),
            HqMsg::Owner => ("Ответственный", "Owner"),
            HqMsg::Deadline => ("Срок", "Deadline"),
            HqMsg::Report => ("Отчёт об исполнении", "Report"),
            HqMsg::ReportDone => ("Отметить исполнение", "Report done"),
            HqMsg::Issued => ("Выдано", "Issued"),
            HqMsg::Status => ("Статус", "Status"),
            HqMsg::LinkedTickets => ("Номера обращений (id)", "Ticket ids"),
            HqMsg::LinkedBuildings => ("Дома (id)", "Building ids"),
            HqMsg::IdsHint => ("через запятую", "comma-separated"),
            HqMsg::Save => ("Сохранить", "Save"),
            HqMsg::Slots => ("Записи", "Slots"),
            HqMsg::Booked => ("записано", "booked"),
            HqMsg::Free => ("свободно", "free"),
            HqMsg::Slot => ("Время", "Slot"),
            HqMsg::ResidentName => ("ФИО заявителя", "Resident's name"),
            HqMsg::Topic => ("Вопрос", "Topic"),
            HqMsg::Book => ("Записать", "Book"),
            HqMsg::Outcome => ("Итог приёма", "Outcome"),
            HqMsg::Note => ("Примечание", "Note"),
            HqMsg::RecordOutcome => ("Записать итог", "Record outcome"),
            HqMsg::RegisterTicket => ("Зарегистрировать обращение", "Register a ticket"),
            HqMsg::CategoryAuto => ("определить по тексту", "suggest from text"),
            HqMsg::NoReceptionThatDay => ("В этот день приёма нет", "No reception on this day"),
            HqMsg::SlotPassed => ("время прошло", "passed"),
            HqMsg::ShowDay => ("Показать", "Show"),
            HqMsg::MeetingDay => ("День заседания", "Meeting day"),
            HqMsg::MeetingTime => ("Время заседания", "Meeting time"),
            HqMsg::ReceptionDay => ("День приёма", "Reception day"),
            HqMsg::ReceptionFrom => ("Приём с", "Reception from"),
            HqMsg::ReceptionTo => ("до", "to"),
            HqMsg::SlotMinutes => ("Минут на запись", "Minutes per slot"),
            HqMsg::Signatures => ("Подписи", "Signatures"),
            HqMsg::Chair => ("Председатель штаба", "Chair"),
            HqMsg::Secretary => ("Секретарь", "Secretary"),
            HqMsg::Of => ("из", "of"),
            HqMsg::Weekday => ("День недели", "Weekday"),
            HqMsg::From => ("С", "From"),
            HqMsg::To => ("По", "To"),
            HqMsg::Show => ("Показать", "Show"),
            HqMsg::All => ("Все", "All"),
            HqMsg::WeekRunning => (
                "Отчётная неделя ещё не закончилась: цифры неполные и обновятся к заседанию",
                "The reported week is still running: the figures are partial until the meeting",
            ),
            HqMsg::Remarks => ("Замечаний", "Remarks"),
            HqMsg::Violations => ("Нарушений в акте", "Violations in the act"),
            HqMsg::OpenRemarks => ("Неустранённых замечаний", "Open remarks"),
            HqMsg::Opened => ("Открыто", "Opened"),
            HqMsg::Visit => ("Выезд", "Visit"),
            HqMsg::OpenInspections => (
                "Совместные обследования в работе",
                "Joint inspections in progress",
            ),
            HqMsg::OverdueRemarks => (
                "Просроченные замечания по организациям",
                "Overdue remarks by organization",
            ),
        };
        match locale {
            Locale::Ru => ru,
            Locale::En => en,
        }
    }
}
