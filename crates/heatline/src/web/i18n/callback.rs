//! Texts of the quality-callback pages, Russian first.

use domain::quality_callback::CallbackOutcome;

use crate::web::i18n::{Locale, Tr};

fn pick<T>(tr: &Tr, ru: T, en: T) -> T {
    match tr.locale {
        Locale::Ru => ru,
        Locale::En => en,
    }
}

impl Tr {
    pub fn callback_outcome(&self, outcome: CallbackOutcome) -> &'static str {
        match outcome {
            CallbackOutcome::Solved => pick(self, "Решено", "Solved"),
            CallbackOutcome::NotSolved => pick(self, "Не решено", "Not solved"),
            CallbackOutcome::NoAnswer => pick(self, "Не дозвонились", "No answer"),
            CallbackOutcome::Refused => pick(self, "Отказ от разговора", "Refused"),
            CallbackOutcome::Unreachable => pick(self, "Недозвон (3 попытки)", "Unreachable"),
        }
    }

    pub fn cbmsg(&self, msg: CallbackMsg) -> &'static str {
        let (ru, en) = msg.texts();
        pick(self, ru, en)
    }
}

/// Fixed texts of the callback pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackMsg {
    Callbacks,
    Queue,
    Statistics,
    QueueEmpty,
    InQueue,
    ClosedFrom,
    ClosedTo,
    Sample,
    SampleHelp,
    Seed,
    GroupBy,
    Any,
    Filter,
    Closed,
    Attempts,
    WhatIsWrong,
    Keys,
    Recorded,
    CommentNeeded,
    NotNow,
    Taken,
    Since,
    Until,
    Calls,
    SharesolvedHeader,
    ShareNeedsWork,
    Unreachable,
    ByDistrict,
    ByOrganization,
    ByCategory,
    ByWeek,
    WorstOrganizations,
    Reopened,
    ClosedAgain,
    StillOpen,
    OverdueAgain,
    Verdicts,
    Show,
    Next,
}

impl CallbackMsg {
    fn texts(self) -> (&'static str, &'static str) {
        match self {
            CallbackMsg::Callbacks => ("Контрольный обзвон", "Quality callbacks"),
            CallbackMsg::Queue => ("Очередь обзвона", "Callback queue"),
            CallbackMsg::Statistics => ("Статистика обзвона", "Callback statistics"),
            CallbackMsg::QueueEmpty => (
                "Очередь пуста: все закрытые заявки обзвонены.",
                "The queue is empty: every closed ticket has been called.",
            ),
            CallbackMsg::InQueue => ("В очереди", "In the queue"),
            CallbackMsg::ClosedFrom => ("Закрыта с", "Closed from"),
            CallbackMsg::ClosedTo => ("Закрыта по", "Closed to"),
            CallbackMsg::Sample => (
                "Выборка (на группу в неделю)",
                "Sample (per group per week)",
            ),
            CallbackMsg::SampleHelp => ("Пусто — все заявки", "Empty: every ticket"),
            CallbackMsg::Seed => ("Зерно выборки", "Sample seed"),
            CallbackMsg::GroupBy => ("Группа выборки", "Sample group"),
            CallbackMsg::Any => ("Любой", "Any"),
            CallbackMsg::Filter => ("Показать", "Filter"),
            CallbackMsg::Closed => ("Закрыта", "Closed"),
            CallbackMsg::Attempts => ("Попыток без ответа", "Unanswered calls"),
            CallbackMsg::WhatIsWrong => (
                "Что не устранено (для «Не решено»)",
                "What is still wrong (for “not solved”)",
            ),
            CallbackMsg::Keys => (
                "Клавиши: 1 — решено, 2 — не решено (затем Ctrl+Enter), 3 — не дозвонились, 4 — отказ, J/K — следующая/предыдущая.",
                "Keys: 1 solved, 2 not solved (then Ctrl+Enter), 3 no answer, 4 refused, J/K next/previous.",
            ),
            CallbackMsg::Recorded => ("Записано", "Recorded"),
            CallbackMsg::CommentNeeded => (
                "Для «Не решено» нужен комментарий: что не устранено.",
                "“Not solved” needs a comment: what is still wrong.",
            ),
            CallbackMsg::NotNow => (
                "Недозвон засчитывается только в часы обзвона (9–21) и в другую часть дня, чем прошлые попытки.",
                "An unanswered call counts only in calling hours (9–21) and in another part of the day than the earlier tries.",
            ),
            CallbackMsg::Taken => (
                "Заявку уже обзвонили или переоткрыли.",
                "The ticket was already called or reopened.",
            ),
            CallbackMsg::Since => ("С даты", "Since"),
            CallbackMsg::Until => ("По дату", "Until"),
            CallbackMsg::Calls => ("Звонков", "Calls"),
            CallbackMsg::SharesolvedHeader => ("Решено", "Solved"),
            CallbackMsg::ShareNeedsWork => ("Нужна доработка", "Needs more work"),
            CallbackMsg::Unreachable => ("Недозвон", "Unreachable"),
            CallbackMsg::ByDistrict => ("По районам", "By district"),
            CallbackMsg::ByOrganization => ("По организациям", "By organization"),
            CallbackMsg::ByCategory => ("По категориям", "By category"),
            CallbackMsg::ByWeek => ("По неделям", "By week"),
            CallbackMsg::WorstOrganizations => (
                "Худшая доля решённых (от 5 ответов)",
                "Worst solved share (5+ verdicts)",
            ),
            CallbackMsg::Reopened => ("Возвращено в работу", "Reopened"),
            CallbackMsg::ClosedAgain => ("закрыто повторно", "closed again"),
            CallbackMsg::StillOpen => ("в работе", "still open"),
            CallbackMsg::OverdueAgain => ("из них просрочено", "of them overdue"),
            CallbackMsg::Verdicts => ("Ответов", "Verdicts"),
            CallbackMsg::Show => ("Открыть", "Open"),
            CallbackMsg::Next => ("Следующие", "Next"),
        }
    }
}
