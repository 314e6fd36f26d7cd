//! Texts of the dashboard: fixed labels and the headline sentences with their
//! numbers (Russian plurals, grouped thousands, decimal comma).

use jiff::civil::Date;

use crate::web::i18n::{Locale, Tr};

fn pick<T>(tr: &Tr, ru: T, en: T) -> T {
    match tr.locale {
        Locale::Ru => ru,
        Locale::En => en,
    }
}

/// 15912 → "15 912" (a narrow no-break space groups thousands in both languages).
pub fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(ch);
    }
    if n < 0 { format!("−{out}") } else { out }
}

/// The Russian noun form for a count: 1 обращение, 2 обращения, 5 обращений.
fn plural_ru(n: i64, forms: [&'static str; 3]) -> &'static str {
    let n = n.unsigned_abs();
    match (n % 10, n % 100) {
        (1, r) if r != 11 => forms[0],
        (2..=4, r) if !(12..=14).contains(&r) => forms[1],
        _ => forms[2],
    }
}

const MONTHS_RU: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Tr {
    pub fn stmsg(&self, msg: StatsMsg) -> &'static str {
        let (ru, en) = msg.texts();
        pick(self, ru, en)
    }

    /// "5 октября" / "5 October".
    pub fn day_month(&self, d: Date) -> String {
        let m = usize::try_from(d.month() - 1).unwrap_or(0);
        pick(
            self,
            format!("{} {}", d.day(), MONTHS_RU[m]),
            format!("{} {}", d.day(), MONTHS_EN[m]),
        )
    }

    /// 0.8412 → "84 %" (whole percent: a headline, not a table).
    pub fn whole_percent(&self, share: Option<f64>) -> String {
        share.map_or_else(|| "—".into(), |s| format!("{:.0} %", s * 100.0))
    }

    /// 4.43 → "4,4" / "4.4".
    pub fn ratio(&self, r: f64) -> String {
        let text = format!("{r:.1}");
        pick(self, text.replace('.', ","), text)
    }

    pub fn tickets_count(&self, n: i64) -> String {
        let ru = plural_ru(n, ["обращение", "обращения", "обращений"]);
        let en = if n == 1 { "request" } else { "requests" };
        format!("{} {}", grouped(n), pick(self, ru, en))
    }

    pub fn calls_count(&self, n: i64) -> String {
        let ru = plural_ru(n, ["звонок", "звонка", "звонков"]);
        let en = if n == 1 { "call" } else { "calls" };
        format!("{} {}", grouped(n), pick(self, ru, en))
    }
}

/// Fixed texts of the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsMsg {
    Dashboard,
    AsOf,
    Show,
    WholeCity,
    ByCategory,
    ByDistrict,
    ByOrganization,
    DeadlinesByOrganization,
    CallbacksByWeek,
    OnTime,
    Late,
    Solved,
    NotSolved,
    Others,
    NoDistrict,
    NoOrganization,
    ChartHint,
    Week,
    Total,
    Reports,
    WeeklyReport,
    SeasonReport,
    DownloadXlsx,
    Print,
    Summary,
    Indicator,
    Value,
    From,
    To,
    SeasonStart,
    SeasonTotal,
    ThisWeek,
    LastWeek,
    PeakWeek,
    PeakWeekStart,
    PeakToLast,
    BillingTotal,
    BillingAnswered,
    BillingShare,
    CallbackCalls,
    CallbackSolved,
    CallbackShare,
    OverdueNow,
    SheetCategories,
    SheetDistricts,
    SheetOrganizations,
    SheetDeadlines,
    Organization,
    Closed,
    OnTimeShare,
    Name,
}

impl StatsMsg {
    fn texts(self) -> (&'static str, &'static str) {
        match self {
            StatsMsg::Dashboard => ("Итоги сезона", "Season dashboard"),
            StatsMsg::AsOf => ("На дату", "As of"),
            StatsMsg::Show => ("Показать", "Show"),
            StatsMsg::WholeCity => ("Весь город", "Whole city"),
            StatsMsg::ByCategory => (
                "Обращения по неделям и темам",
                "Requests by week and category",
            ),
            StatsMsg::ByDistrict => (
                "Обращения по неделям и районам",
                "Requests by week and district",
            ),
            StatsMsg::ByOrganization => (
                "Обращения по неделям и организациям",
                "Requests by week and organization",
            ),
            StatsMsg::DeadlinesByOrganization => (
                "Соблюдение сроков по организациям (закрытые обращения)",
                "Deadlines met by organization (closed requests)",
            ),
            StatsMsg::CallbacksByWeek => {
                ("Контрольный обзвон по неделям", "Quality callbacks by week")
            }
            StatsMsg::OnTime => ("В срок", "On time"),
            StatsMsg::Late => ("С просрочкой", "Late"),
            StatsMsg::Solved => ("Решено", "Solved"),
            StatsMsg::NotSolved => ("Не решено", "Not solved"),
            StatsMsg::Others => ("Прочие", "Others"),
            StatsMsg::NoDistrict => ("Без района", "No district"),
            StatsMsg::NoOrganization => ("Не назначено", "Unassigned"),
            StatsMsg::ChartHint => (
                "Нажмите на столбец, чтобы открыть список обращений.",
                "Click a bar to open the matching requests.",
            ),
            StatsMsg::Week => ("Неделя", "Week"),
            StatsMsg::Total => ("Всего", "Total"),
            StatsMsg::Reports => ("Отчёты", "Reports"),
            StatsMsg::WeeklyReport => ("Недельный отчёт", "Weekly report"),
            StatsMsg::SeasonReport => ("Отчёт за сезон", "Season report"),
            StatsMsg::DownloadXlsx => ("Скачать XLSX", "Download XLSX"),
            StatsMsg::Print => ("Печать", "Print"),
            StatsMsg::Summary => ("Итоги", "Summary"),
            StatsMsg::Indicator => ("Показатель", "Indicator"),
            StatsMsg::Value => ("Значение", "Value"),
            StatsMsg::From => ("Период с", "From"),
            StatsMsg::To => ("Период по", "To"),
            StatsMsg::SeasonStart => ("Начало сезона", "Season start"),
            StatsMsg::SeasonTotal => (
                "Обращений с начала сезона",
                "Requests since the season start",
            ),
            StatsMsg::ThisWeek => ("Обращений за неделю", "Requests this week"),
            StatsMsg::LastWeek => ("Обращений за прошлую неделю", "Requests last week"),
            StatsMsg::PeakWeek => ("Обращений за пиковую неделю", "Requests in the peak week"),
            StatsMsg::PeakWeekStart => ("Пиковая неделя (понедельник)", "Peak week (Monday)"),
            StatsMsg::PeakToLast => ("Пик ÷ прошлая неделя, раз", "Peak ÷ last week"),
            StatsMsg::BillingTotal => ("Обращений по начислениям", "Billing requests"),
            StatsMsg::BillingAnswered => ("Из них дан ответ", "Answered"),
            StatsMsg::BillingShare => ("Доля отвеченных по начислениям", "Billing answered share"),
            StatsMsg::CallbackCalls => ("Звонков контрольного обзвона", "Quality callbacks"),
            StatsMsg::CallbackSolved => ("Из них «решено»", "Solved"),
            StatsMsg::CallbackShare => (
                "Доля «решено» среди ответов по существу",
                "Solved share of verdicts",
            ),
            StatsMsg::OverdueNow => ("Просрочено сейчас", "Overdue now"),
            StatsMsg::SheetCategories => ("По темам", "By category"),
            StatsMsg::SheetDistricts => ("По районам", "By district"),
            StatsMsg::SheetOrganizations => ("По организациям", "By organization"),
            StatsMsg::SheetDeadlines => ("Сроки", "Deadlines"),
            StatsMsg::Organization => ("Организация", "Organization"),
            StatsMsg::Closed => ("Закрыто", "Closed"),
            StatsMsg::OnTimeShare => ("Доля в срок", "On-time share"),
            StatsMsg::Name => ("Наименование", "Name"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_plurals_and_grouping() {
        let t = Tr { locale: Locale::Ru };
        assert_eq!(t.tickets_count(1), "1 обращение");
        assert_eq!(t.tickets_count(11), "11 обращений");
        assert_eq!(t.tickets_count(22), "22 обращения");
        assert_eq!(t.tickets_count(15_912), "15\u{202f}912 обращений");
        assert_eq!(t.calls_count(1_043), "1\u{202f}043 звонка");
        assert_eq!(t.ratio(4.43), "4,4");
    }
}
