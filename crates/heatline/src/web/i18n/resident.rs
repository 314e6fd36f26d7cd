//! The residents' pages: the form, the confirmation and the status page.

use crate::web::i18n::{Locale, Tr};

impl Tr {
    pub fn resident(&self, msg: ResidentMsg) -> &'static str {
        let (ru, en) = match msg {
            ResidentMsg::Title => ("Заявка в «Уфа-тёплая»", "Request to «Ufa Warm»"),
            ResidentMsg::Intro => (
                "Нет отопления, завоздушивание, перетоп, утечка? Оставьте заявку — мы передадим её ответственной организации и сообщим срок.",
                "No heat, air lock, overheating, a leak? File a request: we pass it to the responsible organization and tell you the deadline.",
            ),
            ResidentMsg::Emergency => (
                "Если течёт и заливает — звоните в аварийную службу 112.",
                "If water is flooding, call the emergency service at 112.",
            ),
            ResidentMsg::Address => ("Адрес дома", "Building address"),
            ResidentMsg::AddressHint => ("Например: ул. Ленина, 5", "E.g. ул. Ленина, 5"),
            ResidentMsg::Apartment => ("Квартира", "Apartment"),
            ResidentMsg::Category => ("Что случилось", "What is wrong"),
            ResidentMsg::CategoryAuto => ("Определить по описанию", "Guess from the description"),
            ResidentMsg::Description => ("Опишите проблему", "Describe the problem"),
            ResidentMsg::Phone => ("Телефон для связи", "Phone number"),
            ResidentMsg::Name => ("Как к вам обращаться", "Your name"),
            ResidentMsg::Email => ("Эл. почта (необязательно)", "E-mail (optional)"),
            ResidentMsg::Consent => (
                "Я согласен(на) на обработку моих персональных данных (152-ФЗ) для рассмотрения заявки",
                "I consent to the processing of my personal data (Federal Law 152-FZ) to handle this request",
            ),
            ResidentMsg::Submit => ("Отправить заявку", "Send request"),
            ResidentMsg::Honeypot => ("Не заполняйте это поле", "Leave this field empty"),
            ResidentMsg::FixErrors => ("Проверьте поля формы:", "Please check the form:"),
            ResidentMsg::Registered => ("Заявка зарегистрирована", "Request registered"),
            ResidentMsg::AlreadyRegistered => (
                "Такая заявка с вашего номера уже зарегистрирована за последний час — мы добавили ваше сообщение к ней.",
                "You filed this request within the last hour; we added your message to it.",
            ),
            ResidentMsg::YourNumber => ("Номер заявки", "Request number"),
            ResidentMsg::KeepNumber => (
                "Сохраните номер: по нему и телефону можно узнать, что с заявкой.",
                "Keep the number: with it and your phone you can follow the request.",
            ),
            ResidentMsg::Deadline => ("Срок", "Deadline"),
            ResidentMsg::Responsible => ("Ответственный", "Responsible"),
            ResidentMsg::NotYetAssigned => (
                "Определяет районный штаб",
                "To be decided by the district HQ",
            ),
            ResidentMsg::CheckStatus => ("Узнать статус заявки", "Check a request"),
            ResidentMsg::NewRequest => ("Новая заявка", "New request"),
            ResidentMsg::Number => ("Номер заявки", "Request number"),
            ResidentMsg::NumberHint => ("Например: 2026-000123", "E.g. 2026-000123"),
            ResidentMsg::Find => ("Показать", "Show"),
            ResidentMsg::NotFound => (
                "Заявка с таким номером и телефоном не найдена.",
                "No request with this number and phone.",
            ),
            ResidentMsg::Status => ("Статус", "Status"),
            ResidentMsg::Filed => ("Подана", "Filed"),
            ResidentMsg::Timeline => ("Ход рассмотрения", "Progress"),
            ResidentMsg::Result => ("Результат", "Result"),
            ResidentMsg::NotSolved => ("Проблема не решена", "Not solved"),
            ResidentMsg::NotSolvedHint => (
                "Если проблема осталась, напишите, что не так, — заявка вернётся на доработку.",
                "If the problem remains, tell us what is wrong and the request goes back for more work.",
            ),
            ResidentMsg::NotSolvedComment => ("Что не так", "What is wrong"),
            ResidentMsg::Reopened => (
                "Заявка возвращена на доработку.",
                "The request was sent back for more work.",
            ),
            ResidentMsg::AlreadyReopened => (
                "Вы уже вернули заявку на доработку после этого закрытия.",
                "You already sent the request back after this closing.",
            ),
            ResidentMsg::TooManyFromAddress => (
                "Слишком много запросов с вашего адреса. Попробуйте позже.",
                "Too many requests from your address. Try again later.",
            ),
            ResidentMsg::TooManyFromPhone => (
                "Слишком много заявок с этого номера телефона. Попробуйте позже или позвоните на горячую линию.",
                "Too many requests from this phone number. Try later or call the hotline.",
            ),
            ResidentMsg::TryIn => ("Повторите через, минут:", "Try again in, minutes:"),
            ResidentMsg::Rejected => (
                "Заявка не принята. Если вы человек, позвоните на горячую линию.",
                "The request was not accepted. If you are a person, call the hotline.",
            ),
            ResidentMsg::Expired => (
                "Ссылка устарела. Узнайте статус по номеру заявки и телефону.",
                "The link has expired. Check the request by its number and phone.",
            ),
        };
        match self.locale {
            Locale::Ru => ru,
            Locale::En => en,
        }
    }

    /// A form field's label, for error lists.
    pub fn resident_field(&self, field: &str) -> &'static str {
        let msg = match field {
            "address" => ResidentMsg::Address,
            "apartment" => ResidentMsg::Apartment,
            "category" => ResidentMsg::Category,
            "description" => ResidentMsg::Description,
            "phone" => ResidentMsg::Phone,
            "name" => ResidentMsg::Name,
            "email" => ResidentMsg::Email,
            "consent" => ResidentMsg::Consent,
            _ => ResidentMsg::NotSolvedComment,
        };
        self.resident(msg)
    }
}

/// Fixed texts of the residents' pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResidentMsg {
    Title,
    Intro,
    Emergency,
    Address,
    AddressHint,
    Apartment,
    Category,
    CategoryAuto,
    Description,
    Phone,
    Name,
    Email,
    Consent,
    Submit,
    Honeypot,
    FixErrors,
    Registered,
    AlreadyRegistered,
    YourNumber,
    KeepNumber,
    Deadline,
    Responsible,
    NotYetAssigned,
    CheckStatus,
    NewRequest,
    Number,
    NumberHint,
    Find,
    NotFound,
    Status,
    Filed,
    Timeline,
    Result,
    NotSolved,
    NotSolvedHint,
    NotSolvedComment,
    Reopened,
    AlreadyReopened,
    TooManyFromAddress,
    TooManyFromPhone,
    TryIn,
    Rejected,
    Expired,
}
