//! Texts of inspections, acts and remarks, Russian first.

use domain::inspection::{InspectionError, InspectionStatus};
use domain::inspection_report::Party;
use domain::norm::{ReadingKind, VerdictKind};
use domain::remark::{RemarkError, RemarkIssue, RemarkStatus};
use domain::temperature_schedule::ScheduleField;

use crate::app::inspection::{InspectionProblem, ScheduleProblem};
use crate::web::i18n::{Locale, Tr};

fn pick<T>(tr: &Tr, ru: T, en: T) -> T {
    match tr.locale {
        Locale::Ru => ru,
        Locale::En => en,
    }
}

impl Tr {
    pub fn inspection_status(&self, status: InspectionStatus) -> &'static str {
        match status {
            InspectionStatus::Open => pick(self, "Ожидает назначения", "Open"),
            InspectionStatus::Scheduled => pick(self, "Выезд назначен", "Scheduled"),
            InspectionStatus::Completed => pick(self, "Проведён", "Completed"),
            InspectionStatus::Cancelled => pick(self, "Отменён", "Cancelled"),
        }
    }

    pub fn remark_status(&self, status: RemarkStatus) -> &'static str {
        match status {
            RemarkStatus::Open => pick(self, "Не устранено", "Open"),
            RemarkStatus::Eliminated => pick(self, "Устранено (на проверке)", "Eliminated"),
            RemarkStatus::Verified => pick(self, "Устранение подтверждено", "Verified"),
        }
    }

    pub fn remark_issue(&self, issue: RemarkIssue) -> &'static str {
        match issue {
            RemarkIssue::RoomTooCold => {
                pick(self, "Низкая температура в помещениях", "Rooms too cold")
            }
            RemarkIssue::RoomOverheated => pick(self, "Перетоп в помещениях", "Rooms overheated"),
            RemarkIssue::SupplyOffSchedule => {
                pick(self, "Подача не по графику", "Supply off the schedule")
            }
            RemarkIssue::ReturnAboveSchedule => {
                pick(self, "Обратка выше графика", "Return above the schedule")
            }
            RemarkIssue::HotWaterTooCold => pick(self, "Холодная ГВС", "Hot water too cold"),
            RemarkIssue::HotWaterTooHot => pick(self, "Перегрев ГВС", "Hot water too hot"),
            RemarkIssue::AirLock => pick(self, "Завоздушивание", "Air lock"),
            RemarkIssue::Other => pick(self, "Прочее", "Other"),
        }
    }

    pub fn party(&self, party: Party) -> &'static str {
        match party {
            Party::DistrictHq => pick(self, "Районный штаб", "District HQ"),
            Party::ManagementCompany => pick(self, "УК", "Management company"),
            Party::HeatSupplier => pick(self, "РСО", "Heat supplier"),
            Party::Resident => pick(self, "Житель", "Resident"),
            Party::Other => pick(self, "Иное лицо", "Other"),
        }
    }

    pub fn reading_kind(&self, kind: ReadingKind) -> &'static str {
        match kind {
            ReadingKind::RoomAir => pick(self, "Воздух в помещении", "Room air"),
            ReadingKind::Supply => pick(self, "Подача на вводе", "Inlet supply"),
            ReadingKind::Return => pick(self, "Обратка на вводе", "Inlet return"),
            ReadingKind::HotWater => pick(self, "ГВС в точке водоразбора", "Hot water at the tap"),
        }
    }

    pub fn verdict(&self, verdict: VerdictKind) -> &'static str {
        match verdict {
            VerdictKind::Ok => pick(self, "норма", "ok"),
            VerdictKind::Violation => pick(self, "нарушение", "violation"),
            VerdictKind::ColdWater => pick(
                self,
                "нарушение: оплата как ХВС",
                "violation: billed as cold water",
            ),
            VerdictKind::NotChecked => pick(self, "не проверено", "not checked"),
        }
    }

    pub fn inspection_problem(&self, problem: &InspectionProblem) -> String {
        match problem {
            InspectionProblem::PhotoEmpty => pick(self, "пустой файл", "is empty").into(),
            InspectionProblem::PhotoTooLarge { max } => pick(
                self,
                format!("файл больше {} МБ", max / (1024 * 1024)),
                format!("is larger than {} MB", max / (1024 * 1024)),
            ),
            InspectionProblem::NotAnImage => pick(
                self,
                "только изображения JPEG, PNG, WebP или GIF",
                "must be a JPEG, PNG, WebP or GIF image",
            )
            .into(),
            InspectionProblem::Implausible => pick(
                self,
                "значение вне возможного диапазона (опечатка?)",
                "is outside any plausible range (a typo?)",
            )
            .into(),
            InspectionProblem::NotAHeatSupplier => {
                pick(self, "это не РСО", "is not a heat supplier").into()
            }
            InspectionProblem::VerifiedAfterVisit => pick(
                self,
                "дата поверки позже даты проверки",
                "is after the visit",
            )
            .into(),
            InspectionProblem::Transition(err) => self.inspection_error(err),
            InspectionProblem::RemarkTransition(err) => self.remark_error(*err),
            InspectionProblem::ScheduleCsv { line, kind } => {
                let what = self.schedule_problem(*kind);
                if *line == 0 {
                    what
                } else {
                    pick(
                        self,
                        format!("строка {line}: {what}"),
                        format!("line {line}: {what}"),
                    )
                }
            }
            InspectionProblem::NoReadings => pick(
                self,
                "в акте нет ни одного измерения",
                "the act has no measurement",
            )
            .into(),
        }
    }

    fn inspection_error(&self, err: &InspectionError) -> String {
        match err {
            InspectionError::InvalidTransition { from, to } => pick(
                self,
                format!(
                    "нельзя перейти из «{}» в «{}»",
                    self.inspection_status(*from),
                    self.inspection_status(*to)
                ),
                format!("cannot go from {} to {}", from.as_code(), to.as_code()),
            ),
            InspectionError::NoMembers => {
                pick(self, "нужна хотя бы одна организация", "needs a member").into()
            }
            InspectionError::EmptyReason => pick(self, "укажите причину", "needs a reason").into(),
            InspectionError::NotOpen { .. } => {
                pick(self, "выезд уже не открыт", "the inspection is not open").into()
            }
        }
    }

    fn remark_error(&self, err: RemarkError) -> String {
        match err {
            RemarkError::InvalidTransition { from, to } => pick(
                self,
                format!(
                    "нельзя перейти из «{}» в «{}»",
                    self.remark_status(from),
                    self.remark_status(to)
                ),
                format!("cannot go from {} to {}", from.as_code(), to.as_code()),
            ),
            RemarkError::EmptyComment => pick(self, "нужен комментарий", "needs a comment").into(),
        }
    }

    fn schedule_problem(&self, kind: ScheduleProblem) -> String {
        let field = |f: ScheduleField| match f {
            ScheduleField::Outdoor => pick(self, "наружная температура", "outdoor"),
            ScheduleField::Supply => pick(self, "подача", "supply"),
            ScheduleField::Return => pick(self, "обратка", "return"),
        };
        match kind {
            ScheduleProblem::MissingHeader => pick(
                self,
                "ожидался заголовок outdoor,supply,return".into(),
                "expected the header outdoor,supply,return".into(),
            ),
            ScheduleProblem::FieldCount { found } => pick(
                self,
                format!("ожидалось 3 поля, найдено {found}"),
                format!("expected 3 fields, found {found}"),
            ),
            ScheduleProblem::NotANumber { field: f } => pick(
                self,
                format!("{}: не число", field(f)),
                format!("{}: not a number", field(f)),
            ),
            ScheduleProblem::DuplicateOutdoor { first_line } => pick(
                self,
                format!("эта наружная температура уже есть в строке {first_line}"),
                format!("this outdoor temperature is already on line {first_line}"),
            ),
            ScheduleProblem::SupplyBelowReturn => pick(
                self,
                "подача ниже обратки".into(),
                "supply below return".into(),
            ),
            ScheduleProblem::TooFewPoints { found } => pick(
                self,
                format!("нужно хотя бы 2 точки, найдено {found}"),
                format!("needs at least 2 points, found {found}"),
            ),
        }
    }

    pub fn imsg(&self, msg: InspectionMsg) -> &'static str {
        let (ru, en) = msg.texts();
        pick(self, ru, en)
    }
}

/// Fixed texts of the inspection and remark pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InspectionMsg {
    Inspections,
    Inspection,
    Remarks,
    Remark,
    Building,
    Opened,
    Visit,
    LinkedTickets,
    Members,
    Schedule,
    Cancel,
    CancelReason,
    Date,
    Time,
    Note,
    Report,
    RecordReport,
    PrintReport,
    Participants,
    Party,
    Name,
    JobTitle,
    RefusedToSign,
    RefusalReason,
    OutdoorTemperature,
    Inlet,
    SupplyTemperature,
    ReturnTemperature,
    SupplyPressure,
    ReturnPressure,
    Rooms,
    Apartment,
    Room,
    Corner,
    AirTemperature,
    MeasuredAt,
    HotWater,
    Instrument,
    InstrumentVerifiedOn,
    Findings,
    Photos,
    Caption,
    Upload,
    Save,
    AddRoom,
    AddTap,
    AddParticipant,
    Verdicts,
    Norm,
    Deviation,
    Reference,
    Value,
    Parameter,
    ProposedRemarks,
    CreateRemarks,
    RemarksDue,
    NoViolations,
    Owner,
    Issue,
    Text,
    Due,
    Status,
    Overdue,
    OnlyOverdue,
    Eliminate,
    Verify,
    Reject,
    Comment,
    NewDue,
    Photo,
    Any,
    Filter,
    NothingFound,
    Total,
    HeatSource,
    ActTitle,
    Signatures,
    Signature,
    Commission,
    Address,
    District,
    ManagementCompany,
    HeatSupplier,
    AddRemark,
    Back,
    CheckHint,
    ReadOnlyHint,
    NotVisited,
    Previous,
    Next,
    Yes,
    No,
    NightNote,
    Cancelled,
    Eliminated,
    Verified,
    Rejected,
}

impl InspectionMsg {
    fn texts(self) -> (&'static str, &'static str) {
        match self {
            InspectionMsg::Inspections => ("Комиссионные выезды", "Inspections"),
            InspectionMsg::Inspection => ("Комиссионный выезд", "Inspection"),
            InspectionMsg::Remarks => ("Замечания", "Remarks"),
            InspectionMsg::Remark => ("Замечание", "Remark"),
            InspectionMsg::Building => ("Дом", "Building"),
            InspectionMsg::Opened => ("Открыт", "Opened"),
            InspectionMsg::Visit => ("Выезд", "Visit"),
            InspectionMsg::LinkedTickets => ("Повторные обращения", "Linked tickets"),
            InspectionMsg::Members => ("Приглашённые организации", "Invited organizations"),
            InspectionMsg::Schedule => ("Назначить выезд", "Schedule the visit"),
            InspectionMsg::Cancel => ("Отменить выезд", "Cancel the visit"),
            InspectionMsg::CancelReason => ("Причина отмены", "Reason"),
            InspectionMsg::Date => ("Дата", "Date"),
            InspectionMsg::Time => ("Время", "Time"),
            InspectionMsg::Note => ("Состав от штаба, примечание", "HQ members, note"),
            InspectionMsg::Report => ("Акт проверки", "Inspection report"),
            InspectionMsg::RecordReport => ("Заполнить акт", "Record the report"),
            InspectionMsg::PrintReport => ("Печать акта", "Print the report"),
            InspectionMsg::Participants => ("Участники", "Participants"),
            InspectionMsg::Party => ("Сторона", "Party"),
            InspectionMsg::Name => ("ФИО", "Name"),
            InspectionMsg::JobTitle => ("Должность", "Job title"),
            InspectionMsg::RefusedToSign => ("Отказ от подписи", "Refused to sign"),
            InspectionMsg::RefusalReason => ("Причина отказа", "Reason given"),
            InspectionMsg::OutdoorTemperature => ("Наружный воздух, °C", "Outdoor, °C"),
            InspectionMsg::Inlet => ("Ввод в дом (ИТП/узел)", "Building inlet"),
            InspectionMsg::SupplyTemperature => ("Подача T1, °C", "Supply T1, °C"),
            InspectionMsg::ReturnTemperature => ("Обратка T2, °C", "Return T2, °C"),
            InspectionMsg::SupplyPressure => ("Давление P1, МПа", "Pressure P1, MPa"),
            InspectionMsg::ReturnPressure => ("Давление P2, МПа", "Pressure P2, MPa"),
            InspectionMsg::Rooms => ("Обследованные помещения", "Rooms checked"),
            InspectionMsg::Apartment => ("Кв.", "Apt."),
            InspectionMsg::Room => ("Помещение", "Room"),
            InspectionMsg::Corner => ("Угловое", "Corner"),
            InspectionMsg::AirTemperature => ("Воздух, °C", "Air, °C"),
            InspectionMsg::MeasuredAt => ("Время замера", "Measured at"),
            InspectionMsg::HotWater => ("Горячая вода в точке водоразбора", "Hot water at the tap"),
            InspectionMsg::Instrument => ("Средство измерения", "Instrument"),
            InspectionMsg::InstrumentVerifiedOn => ("Дата поверки", "Verified on"),
            InspectionMsg::Findings => ("Выводы комиссии", "Findings"),
            InspectionMsg::Photos => ("Фотографии", "Photos"),
            InspectionMsg::Caption => ("Подпись к фото", "Caption"),
            InspectionMsg::Upload => ("Загрузить", "Upload"),
            InspectionMsg::Save => ("Сохранить акт", "Save the report"),
            InspectionMsg::AddRoom => ("+ помещение", "+ room"),
            InspectionMsg::AddTap => ("+ точка ГВС", "+ tap"),
            InspectionMsg::AddParticipant => ("+ участник", "+ participant"),
            InspectionMsg::Verdicts => ("Результаты измерений", "Measurements"),
            InspectionMsg::Norm => ("Норматив", "Norm"),
            InspectionMsg::Deviation => ("Отклонение", "Deviation"),
            InspectionMsg::Reference => ("Основание", "Legal reference"),
            InspectionMsg::Value => ("Значение", "Value"),
            InspectionMsg::Parameter => ("Показатель", "Parameter"),
            InspectionMsg::ProposedRemarks => ("Предлагаемые замечания", "Proposed remarks"),
            InspectionMsg::CreateRemarks => (
                "Выставить предложенные замечания",
                "Create the proposed remarks",
            ),
            InspectionMsg::RemarksDue => ("Срок устранения замечаний", "Remarks due"),
            InspectionMsg::NoViolations => ("Нарушений не выявлено", "No violations found"),
            InspectionMsg::Owner => ("Ответственный", "Owner"),
            InspectionMsg::Issue => ("Вид", "Issue"),
            InspectionMsg::Text => ("Содержание", "Text"),
            InspectionMsg::Due => ("Срок", "Due"),
            InspectionMsg::Status => ("Статус", "Status"),
            InspectionMsg::Overdue => ("Просрочено", "Overdue"),
            InspectionMsg::OnlyOverdue => ("Только просроченные", "Overdue only"),
            InspectionMsg::Eliminate => ("Замечание устранено", "Mark eliminated"),
            InspectionMsg::Verify => ("Подтвердить устранение", "Verify"),
            InspectionMsg::Reject => ("Вернуть: не устранено", "Reject"),
            InspectionMsg::Comment => ("Комментарий", "Comment"),
            InspectionMsg::NewDue => ("Новый срок", "New deadline"),
            InspectionMsg::Photo => ("Фото", "Photo"),
            InspectionMsg::Any => ("Все", "Any"),
            InspectionMsg::Filter => ("Показать", "Apply"),
            InspectionMsg::NothingFound => ("Ничего не найдено", "Nothing found"),
            InspectionMsg::Total => ("Всего", "Total"),
            InspectionMsg::HeatSource => ("Источник (РСО), график", "Heat source, schedule"),
            InspectionMsg::ActTitle => (
                "АКТ проверки параметров теплоносителя и температурного режима в жилом доме",
                "Report on the coolant parameters and indoor temperatures of a residential building",
            ),
            InspectionMsg::Signatures => ("Подписи членов комиссии", "Signatures"),
            InspectionMsg::Signature => ("подпись", "signature"),
            InspectionMsg::Commission => ("Комиссия в составе", "The commission"),
            InspectionMsg::Address => ("Адрес", "Address"),
            InspectionMsg::District => ("Район", "District"),
            InspectionMsg::ManagementCompany => ("УК", "Management company"),
            InspectionMsg::HeatSupplier => ("РСО", "Heat supplier"),
            InspectionMsg::AddRemark => ("Добавить замечание", "Add a remark"),
            InspectionMsg::Back => ("Назад", "Back"),
            InspectionMsg::CheckHint => (
                "Вердикт по нормативу появляется рядом с каждым значением по мере ввода.",
                "The verdict appears beside each value as you type.",
            ),
            InspectionMsg::ReadOnlyHint => (
                "Выезд по вашему дому: только просмотр. Ваши замечания — в разделе «Замечания».",
                "An inspection of your building, read-only. Your remarks are under Remarks.",
            ),
            InspectionMsg::NotVisited => ("Акт ещё не составлен", "No report yet"),
            InspectionMsg::Previous => ("Назад", "Previous"),
            InspectionMsg::Next => ("Дальше", "Next"),
            InspectionMsg::Yes => ("да", "yes"),
            InspectionMsg::No => ("нет", "no"),
            InspectionMsg::NightNote => (
                "С 00:00 до 05:00 допускается снижение температуры воздуха на 3 °C.",
                "From 00:00 to 05:00 the air may be 3 °C lower.",
            ),
            InspectionMsg::Cancelled => ("Отменён", "Cancelled"),
            InspectionMsg::Eliminated => ("Устранено", "Eliminated"),
            InspectionMsg::Verified => ("Подтверждено", "Verified"),
            InspectionMsg::Rejected => ("Возвращено", "Rejected"),
        }
    }
}
